/* libFuzzer target: the PDF extractor. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_scan_magic("fuzz.pdf", "%PDF-", 5, data, size);
    return 0;
}
