/* libFuzzer target: the gzip extractor (and a tar inside, read as one level). */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* ID1 ID2 CM=deflate: what ex_gzip.c bids on (RFC 1952). */
    fz_scan_magic("fuzz.gz", "\x1f\x8b\x08", 3, data, size);
    return 0;
}
