/*
 * libFuzzer target: the detector stage. Arbitrary bytes are made valid,
 * normalised UTF-8 with es_normalize() (what the sink guarantees), cut into
 * a chunk whose shape (tabular with a header row, prose, line locations,
 * label, owned part) the first byte picks, and run through every detector.
 * Each hit must lie within the owned text and its normalised value must
 * mask without overflowing.
 */
#include "fuzz_common.h"
#include "scanner/detect.h"

static struct es_detect_shared *shared;
static struct es_detect_worker *worker;

static void on_hit(void *ctx, size_t det, const struct es_chunk *c, size_t start, size_t end,
                   enum es_confidence conf, const char *norm, size_t norm_len)
{
    (void)ctx;
    if (det >= es_ndetectors || start > end || end > c->len || start >= c->owned)
        fz_die("hit outside the chunk");
    if (conf < ES_CONF_LOW || conf > ES_CONF_HIGH)
        fz_die("confidence out of range");
    if (!norm && norm_len)
        fz_die("normalised value missing");
    char masked[128];   /* the size sink.c uses for an example */
    const struct es_detector *d = es_detectors[det];
    /* An exact-size heap copy: a mask reading past the value is then caught
     * by ASan (the detector's own buffer is usually larger). */
    char *nc = malloc(norm_len ? norm_len : 1);
    if (!nc)
        return;
    memcpy(nc, norm, norm_len);
    size_t n = d->mask ? d->mask(nc, norm_len, masked, sizeof masked)
                       : es_mask_generic(nc, norm_len, masked, sizeof masked);
    free(nc);
    if (n >= sizeof masked || strlen(masked) != n)
        fz_die("mask overflow or bad length");
    char where[128];
    if (c->locate)
        c->locate(c, start, where, sizeof where);
}

#define MAX_HEADER 16   /* header fields taken from the first line */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!shared && (es_detect_shared_new(&shared, NULL, 0) != ES_OK ||
                    es_detect_worker_new(shared, &worker) != ES_OK))
        fz_die("detector runtime");
    if (size < 1)
        return 0;
    unsigned sel = data[0];
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    size_t len = es_normalize(text, size - 1);

    static const char delims[] = {0, ',', '\t', ';'};
    struct es_chunk c = {.text = text, .len = len, .owned = len, .line = 1, .col = 1};
    c.delim = delims[sel & 3];
    c.flags = (sel & 4 ? ES_CHUNK_PROSE : 0) | (sel & 8 ? ES_LOC_LINES : 0);
    c.where = (sel & 8) ? "Sheet1" : NULL;
    /* Label: the last line of the input, as an exact-size string. */
    char *label = NULL;
    if (sel & 16) {
        const char *nl = memrchr(text, '\n', len);
        size_t ll = nl ? len - (size_t)(nl + 1 - text) : len;
        if (ll > 64)
            ll = 64;   /* labels are short (a JSON key, an XML element name) */
        label = strndup(nl ? nl + 1 : text, ll);
        c.label = label;
    }
    if (sel & 32)   /* an overlap at the end that belongs to the next chunk */
        c.owned = len / 2;
    /* Tabular: the first line is the header row, each field a C string. */
    char *fields[MAX_HEADER];
    char *hdr = NULL;
    size_t nh = 0;
    if (c.delim) {
        const char *nl = memchr(text, '\n', len);
        size_t hl = nl ? (size_t)(nl - text) : len;
        hdr = malloc(hl + 1);
        if (hdr) {
            memcpy(hdr, text, hl);
            hdr[hl] = '\0';
            /* Each field its own exact-size string, so reads past a
             * header's end are caught. */
            for (char *p = hdr; nh < MAX_HEADER;) {
                char *e = strchr(p, c.delim);
                if (e)
                    *e = '\0';
                if (!(fields[nh] = strdup(p)))
                    break;
                nh++;
                if (!e)
                    break;
                p = e + 1;
            }
            c.header = (const char *const *)fields;
            c.nheader = nh;
        }
    }
    struct es_hit_sink sink = {.hit = on_hit, .ctx = NULL};
    es_detect_run(worker, 0xffffffffu, &c, &sink);
    for (size_t i = 0; i < nh; i++)
        free(fields[i]);
    free(label);
    free(hdr);
    free(text);
    return 0;
}
