/* libFuzzer target: the binary extractor (printable runs out of any bytes). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A NUL byte in the head: not text, and no container signature. */
    fz_scan_magic("fuzz.bin", "\0", 1, data, size);
    return 0;
}
