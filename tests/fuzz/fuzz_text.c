/*
 * libFuzzer target: text decoding and the text extractor. Every decoder is
 * fed the input in pieces of a fuzzed size (incomplete sequences across
 * pieces are the hard part), its output must be valid UTF-8, and
 * es_normalize() must keep it valid and never make it longer. Then the
 * input is scanned as a text file (encoding detection, CSV header rows).
 */
#include "fuzz_common.h"

static const char *const encodings[] = {"utf-8", "utf-8-bom", "utf-16le", "utf-16be",
                                        "shift_jis", "euc-jp", "iso-2022-jp", "windows-1252"};

static int valid(const char *p, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = es_utf8_seq((const unsigned char *)p + i, n - i, NULL);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

static void decode(const char *enc, const uint8_t *data, size_t size, size_t piece)
{
    struct es_decoder *d = NULL;
    if (es_decoder_open(&d, enc) != ES_OK)
        fz_die("decoder_open of a canonical encoding");
    struct es_buf out;
    es_buf_init(&out, 8 * ES_MIB);   /* far above what a fuzz input expands to */
    for (size_t off = 0; off < size; off += piece) {
        size_t n = size - off < piece ? size - off : piece;
        if (es_decoder_feed(d, data + off, n, 0, &out) != ES_OK)
            break;
    }
    es_decoder_feed(d, NULL, 0, 1, &out);
    if (!valid(out.data, out.len))
        fz_die("decoder output not valid UTF-8");
    size_t n = es_normalize(out.data, out.len);
    if (n > out.len || !valid(out.data, n))
        fz_die("es_normalize broke UTF-8 or grew");
    es_decoder_free(d);
    es_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"fuzz.txt", "fuzz.csv", "fuzz.tsv", "fuzz.json",
                                        "fuzz.log", "fuzz.ndjson", "fuzz.vcf", "fuzz"};
    if (size < 2)
        return 0;
    unsigned sel = data[0];
    size_t piece = (size_t)data[1] + 1;   /* 1..256 bytes per feed */
    data += 2;
    size -= 2;
    decode(encodings[sel & 7], data, size, piece);
    /* Detection with and without a (possibly bogus) hint. */
    const char *det = es_detect_encoding(data, size, (sel & 8) ? "cp932" : NULL);
    if (det && es_encoding_canonical(det) == NULL)
        fz_die("detected encoding has no canonical name");
    fz_scan(names[(sel >> 4) & 7], data, size);
    return 0;
}
