/* libFuzzer target: the zip extractor (and everything its members reach). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_scan_magic("fuzz.zip", "PK\3\4", 4, data, size);
    return 0;
}
