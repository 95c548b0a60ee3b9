/* libFuzzer target: the tar extractor. Header checksums are made right
 * before the scan: a mutation would almost never keep them valid, and the
 * reader (rightly) refuses a header whose checksum is wrong. */
#include "fuzz_common.h"

#define BLOCK 512        /* tar block and header size (POSIX ustar) */
#define CHKSUM_OFF 148   /* chksum field: 8 bytes, octal */
#define SIZE_OFF 124     /* size field: 12 bytes, octal */
#define MAX_FIX 64       /* headers fixed per input; later ones stay as fuzzed */

static void fix_checksum(unsigned char *h)
{
    unsigned sum = 0;
    memset(h + CHKSUM_OFF, ' ', 8);
    for (size_t i = 0; i < BLOCK; i++)
        sum += h[i];
    /* six octal digits, NUL, space: the common (GNU and POSIX) layout */
    snprintf((char *)h + CHKSUM_OFF, 8, "%06o", sum & 0777777u);
    h[CHKSUM_OFF + 7] = ' ';
}

static uint64_t octal(const unsigned char *f, size_t n)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n && f[i] >= '0' && f[i] <= '7'; i++)
        v = (v << 3) | (uint64_t)(f[i] - '0');
    return v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t n = size < BLOCK ? BLOCK : size;
    unsigned char *p = calloc(1, n);
    if (!p)
        return 0;
    memcpy(p, data, size);
    size_t off = 0;
    for (int k = 0; k < MAX_FIX && off + BLOCK <= n; k++) {
        fix_checksum(p + off);
        uint64_t len = octal(p + off + SIZE_OFF, 12);
        uint64_t next = (len + BLOCK - 1) / BLOCK * BLOCK + BLOCK;
        if (next > n - off)
            break;
        off += (size_t)next;
    }
    fz_scan("fuzz.tar", p, n);
    free(p);
    return 0;
}
