/* libFuzzer target: the OLE2 (compound file) extractor and its CFB reader. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The 8-byte compound file signature ([MS-CFB] 2.2). */
    fz_scan_magic("fuzz.doc", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, data, size);
    return 0;
}
