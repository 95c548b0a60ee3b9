/* libFuzzer target: the markup (HTML, XML) extractor. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks the dialect, so both parsers get inputs. */
    if (size == 0)
        return 0;
    if (data[0] & 1)
        fz_scan_magic("fuzz.xml", "<?xml", 5, data + 1, size - 1);
    else
        fz_scan_magic("fuzz.html", "<!DOCTYPE html>", 15, data + 1, size - 1);
    return 0;
}
