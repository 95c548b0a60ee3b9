/* libFuzzer target: the ODF extractor (odt, ods, odp) and the XML reader
 * behind it, fed with packages built from the input (fuzz_package.h). */
#include "fuzz_package.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"fuzz.odt", "fuzz.ods", "fuzz.odp", "fuzz.zip"};
    if (size == 0)
        return 0;
    /* An ODF package starts with an uncompressed "mimetype" member (ODF 1.2 part 3, 3.3). */
    fz_scan_package(names[data[0] & 3], "mimetype", "application/vnd.oasis.opendocument.text",
                    data + 1, size - 1);
    return 0;
}
