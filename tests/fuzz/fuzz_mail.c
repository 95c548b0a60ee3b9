/* libFuzzer target: the mail (RFC 5322 / MIME, mbox) extractor. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A header line first, so the mail extractor outbids plain text; an
     * input that starts with "From " (mbox) or its own headers is kept as is. */
    if (size >= 5 && memcmp(data, "From ", 5) == 0)
        fz_scan("fuzz.mbox", data, size);
    else
        fz_scan_magic("fuzz.eml", "MIME-Version: 1.0\r\n", 19, data, size);
    return 0;
}
