/*
 * Text streaming: decode to normalised UTF-8, cut into chunks of whole lines,
 * and hand them to the detectors. A line longer than ES_CHUNK_MAX is cut with
 * ES_CHUNK_OVERLAP bytes of overlap; matches starting in the overlap belong
 * to the next chunk, so a value across the cut is found exactly once.
 */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "limits.h"
#include "linecol.h"
#include "scanner_private.h"

/* Header fields kept for column context; wider tables are rare in exports. */
#define MAX_HEADER 256
#define MAX_FIELD_BYTES 96
/* Lines looked at to find a delimiter and a header row below title rows. */
#define HEADER_SCAN_LINES 6

struct chunker {
    struct es_sink *s;
    const struct es_text_opts *o;
    uint64_t line, col;          /* position of buf[0] */
    size_t skip;                 /* buf[0, skip): context kept from the previous chunk */
    int tab_state;               /* 0 undecided, 1 tabular, -1 not */
    char delim;
    const char *header[MAX_HEADER];
    size_t nheader;
    char hdrbuf[MAX_HEADER * (MAX_FIELD_BYTES + 1)];
};

/* ---- tabular detection ---- */

static size_t count_delims(const char *p, size_t n, char d)
{
    size_t k = 0;
    int q = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '"')
            q = !q;
        else if (p[i] == d && !q)
            k++;
    }
    return k;
}

/* Delimiter candidates, in order of preference at equal counts. */
static const char cands[] = {'\t', ',', ';', '|'};
#define NCANDS (sizeof cands / sizeof cands[0])

/* count_delims() of every candidate on line p[0, n). A line without quotes
 * (most) is counted with a plain compare that gcc vectorises. */
static void line_delims(const char *p, size_t n, size_t out[NCANDS])
{
    int quoted = memchr(p, '"', n) != NULL;
    for (size_t k = 0; k < NCANDS; k++) {
        size_t c = 0;
        if (quoted) {
            c = count_delims(p, n, cands[k]);
        } else {
            for (size_t i = 0; i < n; i++)
                c += p[i] == cands[k];
        }
        out[k] = c;
    }
}

static int numeric_field(const char *p, size_t n)
{
    int digits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch >= '0' && ch <= '9')
            digits = 1;
        else if (!strchr(" +-./:()\"", ch))
            return 0;
    }
    return digits;
}

static void set_header(struct chunker *ck, const char *p, size_t n)
{
    size_t used = 0, start = 0;
    ck->nheader = 0;
    for (size_t i = 0; i <= n && ck->nheader < MAX_HEADER; i++) {
        if (i < n && p[i] != ck->delim)
            continue;
        size_t a = start, b = i;
        while (a < b && (p[a] == ' ' || p[a] == '"' || p[a] == '\r'))
            a++;
        while (b > a && (p[b - 1] == ' ' || p[b - 1] == '"' || p[b - 1] == '\r'))
            b--;
        if (b - a > MAX_FIELD_BYTES)
            b = a + MAX_FIELD_BYTES;
        /* Do not cut a UTF-8 sequence. */
        while (b > a && b < i && ((unsigned char)p[b] & 0xC0) == 0x80)
            b--;
        char *dst = ck->hdrbuf + used;
        memcpy(dst, p + a, b - a);
        dst[b - a] = '\0';
        used += b - a + 1;
        ck->header[ck->nheader++] = dst;
        start = i + 1;
    }
}

/* A header row of a real table: short labels, none of them structured
 * data (JSON Lines and "key: value" logs are not tables). */
static int header_like(const char *p, size_t n, char d)
{
    size_t st = 0;
    if (n && (p[0] == '{' || p[0] == '['))
        return 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != d)
            continue;
        /* Longer than any column label seen in exports: prose, not a header. */
        if (i - st > 48 || numeric_field(p + st, i - st) || memchr(p + st, ':', i - st))
            return 0;
        st = i + 1;
    }
    return 1;
}

/* Decide once, on the first lines: a delimiter that splits consecutive lines
 * into the same number of fields makes the text a table; the first such line
 * that looks like a header row gives the column labels. Files declared as
 * CSV/TSV, and tab- or bar-separated text, need two such lines; commas and
 * semicolons in other text need three lines with at least two each (prose
 * has a comma or two), and a header row: a log whose lines happen to hold
 * two commas each is not a table. */
static void detect_table(struct chunker *ck, const char *text, size_t len)
{
    const char *ls[HEADER_SCAN_LINES + 2];
    size_t ll[HEADER_SCAN_LINES + 2], nl = 0, pos = 0;
    /* Each line's counts, made when first needed: a line is compared with
     * up to three neighbours, and JSON Lines end the search at once. */
    size_t cnt[HEADER_SCAN_LINES + 2][NCANDS];
    size_t counted = 0;
    int declared = ck->o && ck->o->tabular;
    ck->tab_state = -1;
    if (ck->o && (ck->o->flags & ES_CHUNK_PROSE))
        return;
    while (nl < HEADER_SCAN_LINES + 2 && pos < len) {
        const char *e = memchr(text + pos, '\n', len - pos);
        size_t end = e ? (size_t)(e - text) : len;
        ls[nl] = text + pos;
        ll[nl] = end - pos;
        nl++;
        pos = end + 1;
    }
    for (size_t li = 0; li + 2 <= nl; li++) {
        if (ll[li] && (ls[li][0] == '{' || ls[li][0] == '['))
            return;   /* JSON Lines */
        char best = 0;
        size_t best_n = 0;
        for (size_t k = 0; k < NCANDS; k++) {
            /* Tabs and bars rarely repeat evenly in prose; commas do. */
            int strong = declared || cands[k] == '\t' || cands[k] == '|';
            size_t need = strong ? 2 : 3, min = strong ? 1 : 2;
            if (li + need > nl)
                continue;
            for (; counted < li + need; counted++)
                line_delims(ls[counted], ll[counted], cnt[counted]);
            size_t a = cnt[li][k];
            int same = a >= min;
            for (size_t m = 1; m < need && same; m++)
                same = cnt[li + m][k] == a;
            if (same && a > best_n) {
                best = cands[k];
                best_n = a;
            }
        }
        if (!best)
            continue;
        int header = header_like(ls[li], ll[li], best);
        if (!declared && !header)
            return;
        ck->tab_state = 1;
        ck->delim = best;
        if (header)
            set_header(ck, ls[li], ll[li]);
        return;
    }
}

/* ---- chunking ---- */

static size_t utf8_back(const char *t, size_t pos, size_t floor)
{
    while (pos > floor && ((unsigned char)t[pos] & 0xC0) == 0x80)
        pos--;
    return pos;
}

/* Emit what can be emitted from buf; with final, everything. */
static int chunker_push(struct chunker *ck, struct es_buf *buf, int final)
{
    while (buf->len > 0 && (final || buf->len >= ES_CHUNK_TARGET)) {
        const char *t = buf->data;
        size_t limit = buf->len < ES_CHUNK_MAX ? buf->len : ES_CHUNK_MAX;
        size_t cut, owned;
        int split = 0;           /* a line cut in two: keep context for the next chunk */
        const char *nl = NULL;
        /* The last line break within the limit ends the chunk. */
        for (size_t i = limit; i > 0; i--)
            if (t[i - 1] == '\n') {
                nl = t + i - 1;
                break;
            }
        if (final && buf->len <= ES_CHUNK_MAX) {
            cut = owned = buf->len;
        } else if (nl) {
            cut = owned = (size_t)(nl - t) + 1;
        } else if (buf->len >= ES_CHUNK_MAX) {
            cut = utf8_back(t, ES_CHUNK_MAX, 1);
            owned = utf8_back(t, cut - ES_CHUNK_OVERLAP, 1);
            split = 1;
        } else {
            break;   /* wait for the rest of the line */
        }
        if (ck->tab_state == 0)
            detect_table(ck, t, cut);
        struct es_chunk c = {
            .text = t, .len = cut, .owned = owned, .from = ck->skip, .line = ck->line, .col = ck->col,
            .where = ck->o ? ck->o->where : NULL, .flags = ck->o ? ck->o->flags : 0,
            .label = ck->o ? ck->o->label : NULL,
        };
        if (ck->tab_state == 1) {
            c.delim = ck->delim;
            c.header = ck->nheader ? ck->header : NULL;
            c.nheader = ck->nheader;
        }
        int rc = es_sink_chunk(ck->s, &c);
        /* After a cut inside a line the next chunk starts ES_CHUNK_OVERLAP
         * bytes before its first owned byte: a value that straddles `owned`
         * was reported here, and the next chunk must see all of it (to skip
         * it by its start) rather than its tail alone. */
        size_t drop = split ? utf8_back(t, owned - ES_CHUNK_OVERLAP, 1) : owned;
        ck->skip = owned - drop;
        es_sink_chunk_advance(ck->s, &c, drop, &ck->line, &ck->col);
        es_buf_consume(buf, drop);
        if (rc != ES_OK)
            return rc;
    }
    return ES_OK;
}

static void chunker_init(struct chunker *ck, struct es_sink *s, const struct es_text_opts *o)
{
    memset(ck, 0, offsetof(struct chunker, hdrbuf));
    ck->s = s;
    ck->o = o;
    ck->line = 1;
    ck->col = 1;
    if (o && !o->tabular && (o->flags & ES_CHUNK_PROSE))
        ck->tab_state = -1;
}

/* Raw bytes read per step. */
#define READ_BLOCK (64u * 1024u)
/* Decoder output never holds more than a chunk plus what one block expands to. */
#define TEXT_BUF_MAX (ES_CHUNK_MAX + 4u * READ_BLOCK + 64u)

int es_sink_text(struct es_sink *s, struct es_input *in, const struct es_text_opts *o)
{
    int rc = es_input_peek(in);
    const char *enc = es_detect_encoding(in->peek, in->peek_len, o ? o->charset : NULL);
    es_sink_set_encoding(s, enc);
    struct es_decoder *d = NULL;
    rc = es_decoder_open(&d, enc);
    if (rc != ES_OK)
        return rc;
    struct es_buf *out = es_sink_textbuf(s);
    out->len = 0;
    out->max = TEXT_BUF_MAX;
    struct chunker *ck = malloc(sizeof *ck);
    unsigned char *raw = malloc(READ_BLOCK);
    if (!ck || !raw) {
        rc = ES_ERR_NOMEM;
        goto done;
    }
    chunker_init(ck, s, o);
    for (;;) {
        ssize_t n = es_input_read(in, raw, READ_BLOCK);
        int final = n <= 0;
        int frc = es_decoder_feed(d, raw, n > 0 ? (size_t)n : 0, final, out);
        rc = chunker_push(ck, out, final);
        if (n < 0) {
            rc = (int)n;   /* the record says why; what was read has been scanned */
            break;
        }
        if (frc != ES_OK) {
            rc = frc;
            break;
        }
        if (rc != ES_OK || final)
            break;
    }
done:
    es_decoder_free(d);
    free(ck);
    free(raw);
    out->len = 0;
    return rc == ES_STOP ? ES_OK : rc;
}

int es_sink_utf8(struct es_sink *s, const char *text, size_t len, const struct es_text_opts *o)
{
    struct es_buf *buf = es_sink_utf8buf(s);
    struct chunker *ck = malloc(sizeof *ck);
    int rc = ES_OK;
    if (!ck)
        return ES_ERR_NOMEM;
    chunker_init(ck, s, o);
    buf->len = 0;
    buf->max = TEXT_BUF_MAX;
    size_t pos = 0;
    while (pos < len && rc == ES_OK) {
        size_t take = len - pos < ES_CHUNK_TARGET ? len - pos : ES_CHUNK_TARGET;
        /* Copy whole UTF-8 sequences only, so normalising cannot split one. */
        if (pos + take < len) {
            size_t back = take;
            while (back > 0 && take - back < 4 && ((unsigned char)text[pos + back] & 0xC0) == 0x80)
                back--;
            if (back > 0)
                take = back;
        }
        size_t at = buf->len;
        rc = es_buf_append(buf, text + pos, take);
        if (rc != ES_OK)
            break;
        buf->len = at + es_normalize(buf->data + at, take);
        pos += take;
        rc = chunker_push(ck, buf, pos >= len);
    }
    free(ck);
    buf->len = 0;
    return rc == ES_STOP ? ES_OK : rc;
}
