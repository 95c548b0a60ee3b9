/*
 * Legacy Office: OLE2 / Compound File Binary containers (MS-CFB) — .doc,
 * .xls, .ppt, .msg and whatever else is stored that way. The container
 * itself is read by ole2_cfb.c; this file turns its streams into text.
 *
 * What is scanned:
 * - .doc: the text of the WordDocument stream as its piece table says
 *   (bounded), location "paragraph N";
 * - .xls (BIFF8): shared strings and the string and number cells of every
 *   worksheet as rows, location "Sheet1!C7" (the header row is context);
 * - .ppt: text atoms of the PowerPoint Document stream;
 * - SummaryInformation property sets: title, author, last author, company;
 * - .msg: string properties (__substg1.0_XXXX001F / 001E) with location
 *   "property 0xXXXX"; attachments (__attach_version1.0_#) are members named
 *   by their file name property, with the data of property 0x3701;
 * - every other stream: text runs (UTF-16LE and 8-bit, as `strings -el`
 *   and `strings` find them), location "stream NAME offset 0x..". When the
 *   main stream had no model (Word 6/95, Excel 5, Visio, ...), the record
 *   says that extraction was partial ("text runs only").
 * Streams that hold a whole file (a zip, PDF or OLE2 file embedded as an
 * object) are members. Encrypted documents (EncryptedPackage, Word's
 * fEncrypted, Excel's FILEPASS) get status "encrypted".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "limits.h"
#include "ole2_cfb.h"
#include "xml.h"

/* Text runs: shortest UTF-16LE run (characters) and 8-bit run (bytes) kept.
 * 4 is `strings`' default; 8-bit runs need 6 because random binary bytes
 * form 4-character ASCII runs every ~50 bytes, and every value we look for
 * (phone, e-mail, VIN, ...) is longer than 6 anyway. */
#define MIN_RUN16 4u
#define MIN_RUN8 6u
/* A run longer than this is cut into lines of this many characters. */
#define MAX_LINE_CHARS 16384u
/* Blocks of random-looking bytes (compressed images, encrypted data) give
 * only garbage runs: a 4096-byte block whose most frequent byte occurs fewer
 * than 64 times (1.6%; random data peaks near 30, text far above) is skipped. */
#define ENTROPY_BLOCK 4096u
#define ENTROPY_MIN_PEAK 64u
/* Word: pieces read from a piece table (real documents have a few hundred). */
#define MAX_PIECES 65536u

/* ---- text output: lines with their own locations ---- */

struct line {
    uint64_t off;        /* byte offset in the stream of the line's first character */
    uint8_t unit;        /* bytes per character: 1 or 2 */
};

struct lines {
    struct cfb *c;
    struct es_buf text;  /* lines joined by '\n' */
    struct line *v;
    size_t n, cap;
    char where[200];     /* stream path */
};

static void lines_locate(const struct es_chunk *ch, size_t off, char *buf, size_t cap)
{
    const struct lines *l = ch->loc_ctx;
    size_t idx = 0, start = 0;
    for (size_t i = 0; i < off && i < ch->len; i++)
        if (ch->text[i] == '\n') {
            idx++;
            start = i + 1;
        }
    uint64_t chars = 0;
    for (size_t i = start; i < off && i < ch->len; i++)
        chars += ((unsigned char)ch->text[i] & 0xC0) != 0x80;
    if (idx >= l->n)
        idx = l->n ? l->n - 1 : 0;
    uint64_t at = l->n ? l->v[idx].off + chars * l->v[idx].unit : 0;
    snprintf(buf, cap, "stream %s offset 0x%llX", l->where, (unsigned long long)at);
}

static int lines_flush(struct lines *l)
{
    if (!l->n)
        return ES_OK;
    size_t len = es_normalize(l->text.data, l->text.len);
    struct es_chunk ch = {
        .text = l->text.data, .len = len, .owned = len, .line = 1, .col = 1,
        .flags = ES_CHUNK_PROSE, .locate = lines_locate, .loc_ctx = l,
    };
    int rc = es_sink_chunk(l->c->sink, &ch);
    l->text.len = 0;
    l->n = 0;
    return rc;
}

/* Start a line for a run at stream offset off; the caller appends its text. */
static int lines_begin(struct lines *l, uint64_t off, unsigned unit)
{
    if (l->text.len >= ES_CHUNK_TARGET) {
        int rc = lines_flush(l);
        if (rc != ES_OK)
            return rc;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 256;
        struct line *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return ES_ERR_NOMEM;
        l->v = v;
        l->cap = cap;
    }
    if (l->n && es_buf_putc(&l->text, '\n') != ES_OK)
        return ES_ERR_NOMEM;
    l->v[l->n].off = off;
    l->v[l->n].unit = (uint8_t)unit;
    l->n++;
    return ES_OK;
}

/* ---- text runs ---- */

struct run {
    size_t s, e;         /* byte range in the stream */
    unsigned unit;
};

struct runs {
    struct run *v;
    size_t n, cap;
};

static int runs_add(struct runs *r, size_t s, size_t e, unsigned unit)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 256;
        struct run *v = realloc(r->v, cap * sizeof *v);
        if (!v)
            return ES_ERR_NOMEM;
        r->v = v;
        r->cap = cap;
    }
    r->v[r->n].s = s;
    r->v[r->n].e = e;
    r->v[r->n].unit = unit;
    r->n++;
    return ES_OK;
}

/* A UTF-16 code unit that text is made of: printable ASCII, Latin, general
 * punctuation, CJK symbols and kana, CJK ideographs, full- and half-width forms. */
static int text16(uint32_t u)
{
    return (u >= 0x20 && u < 0x7F) || u == 0x09 || (u >= 0xA0 && u < 0x250) ||
           (u >= 0x2010 && u < 0x2060) || (u >= 0x3000 && u < 0x3100) ||
           (u >= 0x4E00 && u < 0xA000) || (u >= 0xFF01 && u < 0xFFA0);
}

static int printable8(unsigned char b)
{
    return (b >= 0x20 && b < 0x7F) || b == 0x09;
}

/*
 * Is a run of UTF-16 text units text, or a misreading?
 * - 8-bit ASCII read as UTF-16 gives CJK ideographs whose two bytes are both
 *   printable; real text has such units too, but rarely all of them, except
 *   hiragana (high byte 0x30 = '0').
 * - UTF-16 ASCII read one byte off gives units 0xXX00 (匀 for "S\0").
 * - Binary data gives isolated ideographs (a third of all 16-bit values are
 *   ideographs); Japanese prose has kana or CJK punctuation, so a run of
 *   mostly ideographs without them must be longer to count.
 */
#define KANJI_ONLY_MIN 8u
static int plausible16(const unsigned char *p, size_t units)
{
    size_t both = 0, kana = 0, lowzero = 0, cjk = 0, jp = 0;
    for (size_t i = 0; i < units; i++) {
        uint32_t u = u16(p + 2 * i);
        both += printable8(p[2 * i]) && printable8(p[2 * i + 1]);
        kana += u >= 0x3040 && u < 0x3100;
        jp += (u >= 0x3000 && u < 0x3100) || u >= 0xFF01;
        lowzero += p[2 * i] == 0;
        cjk += u >= 0x4E00 && u < 0xA000;
    }
    if (lowzero * 4 > units)
        return 0;
    if (both * 10 >= units * 9 && kana * 2 < units)
        return 0;
    if (cjk * 2 >= units && jp == 0 && units < KANJI_ONLY_MIN)
        return 0;
    return 1;
}

static int cmp_run(const void *a, const void *b)
{
    const struct run *x = a, *y = b;
    return x->s < y->s ? -1 : x->s > y->s;
}

/* A block of random-looking bytes (see ENTROPY_MIN_PEAK). */
static int random_block(const unsigned char *p, size_t n)
{
    if (n < ENTROPY_BLOCK)
        return 0;
    unsigned hist[256] = {0}, peak = 0;
    for (size_t i = 0; i < n; i++)
        if (++hist[p[i]] > peak)
            peak = hist[p[i]];
    return peak < ENTROPY_MIN_PEAK;
}

/* Find the UTF-16LE runs (both byte alignments) and the 8-bit runs between
 * them, in stream order. */
static int find_runs(const unsigned char *p, size_t n, struct runs *out)
{
    struct runs r16 = {0};
    int rc = ES_OK;
    for (size_t align = 0; align < 2 && rc == ES_OK; align++) {
        size_t i = align;
        while (i + 1 < n && rc == ES_OK) {
            size_t j = i;
            while (j + 1 < n && text16(u16(p + j)))
                j += 2;
            size_t units = (j - i) / 2;
            if (units >= MIN_RUN16 && plausible16(p + i, units))
                rc = runs_add(&r16, i, j, 2);
            i = j > i ? j : i + 2;
        }
    }
    if (rc == ES_OK && r16.n)
        qsort(r16.v, r16.n, sizeof *r16.v, cmp_run);
    /* Overlapping runs of the two alignments: the earlier one wins (it
     * starts where the text starts; the other is its shifted misreading). */
    size_t last_end = 0, k = 0;
    for (size_t i = 0; i < r16.n; i++) {
        if (r16.v[i].s < last_end)
            continue;
        r16.v[k++] = r16.v[i];
        last_end = r16.v[i].e;
    }
    r16.n = k;
    /* 8-bit runs in the gaps; bytes of a UTF-16 run are not read twice. */
    size_t pos = 0;
    for (size_t g = 0; g <= r16.n && rc == ES_OK; g++) {
        size_t gap_end = g < r16.n ? r16.v[g].s : n;
        size_t i = pos;
        while (i < gap_end && rc == ES_OK) {
            size_t j = i;
            while (j < gap_end && printable8(p[j]))
                j++;
            if (j - i >= MIN_RUN8)
                rc = runs_add(out, i, j, 1);
            i = j + 1;
        }
        if (g < r16.n) {
            rc = rc == ES_OK ? runs_add(out, r16.v[g].s, r16.v[g].e, 2) : rc;
            pos = r16.v[g].e;
        }
    }
    free(r16.v);
    return rc;
}

/* Scan the text runs of p[0, n) as lines located "stream WHERE offset 0x..". */
static int scan_runs(struct cfb *c, const char *where, const unsigned char *p, size_t n)
{
    struct runs rs = {0};
    struct lines l = {.c = c};
    es_buf_init(&l.text, ES_CHUNK_TARGET + 4 * MAX_LINE_CHARS);
    snprintf(l.where, sizeof l.where, "%s", where);
    int rc = find_runs(p, n, &rs);
    size_t block = SIZE_MAX;
    int skip = 0;
    for (size_t i = 0; i < rs.n && rc == ES_OK; i++) {
        const struct run *r = &rs.v[i];
        if (r->s / ENTROPY_BLOCK != block) {
            block = r->s / ENTROPY_BLOCK;
            size_t bs = block * ENTROPY_BLOCK;
            skip = random_block(p + bs, n - bs < ENTROPY_BLOCK ? n - bs : ENTROPY_BLOCK);
        }
        if (skip)
            continue;
        for (size_t s = r->s; s < r->e && rc == ES_OK; s += (size_t)MAX_LINE_CHARS * r->unit) {
            size_t e = r->e - s > (size_t)MAX_LINE_CHARS * r->unit ? s + (size_t)MAX_LINE_CHARS * r->unit : r->e;
            if (c->text_used + (e - s) * 3 / r->unit > c->text_max) {
                c->text_limited = 1;
                rc = ES_STOP;
                break;
            }
            c->text_used += (e - s) * 3 / r->unit;
            rc = lines_begin(&l, s, r->unit);
            if (rc == ES_OK)
                rc = r->unit == 2 ? es_utf16le_append(p + s, (e - s) / 2, &l.text)
                                  : es_buf_append(&l.text, p + s, e - s);
        }
        if (rc == ES_OK && (i & 255u) == 0 && es_sink_tick(c->sink) != ES_OK)
            rc = ES_STOP;
    }
    if (rc == ES_OK || (rc == ES_STOP && c->text_limited && !c->stop)) {
        int frc = lines_flush(&l);
        if (rc == ES_OK)
            rc = frc;
    }
    free(rs.v);
    free(l.v);
    es_buf_free(&l.text);
    return rc;
}

/* ---- Word: the piece table ---- */

/* Word's control characters in the text stream (MS-DOC 2.8.x): paragraph and
 * cell marks end lines; field marks, objects and hidden marks are dropped. */
static uint32_t word_char(uint32_t ch)
{
    switch (ch) {
    case 0x0D: case 0x07: case 0x0B: case 0x0C: return '\n';
    case 0x09: return '\t';
    case 0x1E: return '-';     /* non-breaking hyphen */
    case 0xA0: return ' ';
    case 0x13: case 0x14: case 0x15: case 0x01: case 0x08: case 0x1F: case 0x02: case 0x05:
        return 0;
    default: return ch < 0x20 ? 0 : ch;
    }
}

/* CP1252's 0x80-0x9F (compressed pieces are CP1252). */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

struct para_loc {
    uint64_t first;      /* paragraph number of the chunk's first line */
};

static void para_locate(const struct es_chunk *ch, size_t off, char *buf, size_t cap)
{
    const struct para_loc *pl = ch->loc_ctx;
    uint64_t line = pl->first;
    for (size_t i = 0; i < off && i < ch->len; i++)
        line += ch->text[i] == '\n';
    snprintf(buf, cap, "paragraph %llu", (unsigned long long)line);
}

static int flush_paras(struct cfb *c, struct es_buf *t, struct para_loc *pl)
{
    if (!t->len)
        return ES_OK;
    uint64_t nl = 0;
    for (size_t i = 0; i < t->len; i++)
        nl += t->data[i] == '\n';
    size_t len = es_normalize(t->data, t->len);
    struct es_chunk ch = {
        .text = t->data, .len = len, .owned = len, .line = 1, .col = 1,
        .flags = ES_CHUNK_PROSE, .locate = para_locate, .loc_ctx = pl,
    };
    int rc = es_sink_chunk(c->sink, &ch);
    pl->first += nl;
    t->len = 0;
    return rc;
}

/*
 * The document text of a Word 97+ file: FIB -> CLX in the table stream ->
 * piece descriptors -> text in WordDocument (UTF-16LE, or CP1252 when the
 * piece is "compressed"). Returns 1 if the text was read, 0 if this is not a
 * file whose piece table can be used (then the caller falls back to runs).
 */
static int word_text(struct cfb *c, const unsigned char *wd, size_t wn, int *rcp)
{
    *rcp = ES_OK;
    /* FibBase is 32 bytes; wIdent 0xA5EC marks Word 97 and later. */
    if (wn < 32 + 2 || u16(wd) != 0xA5EC)
        return 0;
    size_t off = 32;
    size_t csw = u16(wd + off);                 /* count of 16-bit values in FibRgW97 */
    off += 2 + csw * 2;
    if (off + 2 > wn)
        return 0;
    size_t cslw = u16(wd + off);                /* count of 32-bit values in FibRgLw97 */
    off += 2 + cslw * 4;
    if (off + 2 > wn)
        return 0;
    size_t cbfc = u16(wd + off);                /* FibRgFcLcb pairs */
    off += 2;
    /* fcClx/lcbClx are pair 33 of FibRgFcLcb97 (MS-DOC 2.5.6). */
    if (cbfc <= 33 || off + 34 * 8 > wn)
        return 0;
    uint32_t fc_clx = u32(wd + off + 33 * 8), lcb_clx = u32(wd + off + 33 * 8 + 4);
    /* fWhichTblStm (bit 0x0200 of the flags at 0x0A) picks 1Table or 0Table. */
    const char *tname = (u16(wd + 0x0A) & 0x0200) ? "1Table" : "0Table";
    uint32_t ti = find_top(c, tname);
    if (ti == CFB_NOSTREAM || !is_stream(c, ti) || lcb_clx == 0)
        return 0;
    struct es_buf tb;
    es_buf_init(&tb, c->n + 1);
    int rc = es_cfb_read(c, ti, &tb);
    if (rc != ES_OK) {
        es_buf_free(&tb);
        *rcp = rc;
        return 1;
    }
    const unsigned char *t = (const unsigned char *)tb.data;
    size_t tn = tb.len;
    if ((uint64_t)fc_clx + lcb_clx > tn) {
        es_buf_free(&tb);
        return 0;
    }
    /* Skip Prc entries (0x01 + cb + grpprl) up to the Pcdt (0x02). */
    size_t p = fc_clx, end = (size_t)fc_clx + lcb_clx;
    while (p < end && t[p] == 0x01) {
        if (p + 3 > end)
            break;
        p += 3 + u16(t + p + 1);
    }
    if (p + 5 > end || t[p] != 0x02) {
        es_buf_free(&tb);
        return 0;
    }
    uint32_t lcb = u32(t + p + 1);
    p += 5;
    if (lcb > end - p || lcb < 4) {
        es_buf_free(&tb);
        return 0;
    }
    /* PlcPcd: n+1 character positions (4 bytes) and n PCDs (8 bytes). */
    size_t npieces = (lcb - 4) / 12;
    const unsigned char *cps = t + p, *pcds = t + p + (npieces + 1) * 4;
    if (npieces > MAX_PIECES)
        npieces = MAX_PIECES;
    struct es_buf out;
    es_buf_init(&out, ES_CHUNK_TARGET + 4 * MAX_LINE_CHARS);
    struct para_loc pl = {.first = 1};
    uint64_t chars_total = 0;
    size_t good = 0;
    for (size_t k = 0; k < npieces && rc == ES_OK; k++) {
        uint32_t cp0 = u32(cps + 4 * k), cp1 = u32(cps + 4 * k + 4);
        uint32_t fc = u32(pcds + 8 * k + 2);
        if (cp1 <= cp0)
            continue;
        uint64_t nch = cp1 - cp0;
        int compressed = (fc & 0x40000000u) != 0;   /* fCompressed: CP1252 at fc/2 */
        uint64_t start = compressed ? (fc & ~0x40000000u) / 2 : fc;
        uint64_t bytes = nch * (compressed ? 1 : 2);
        /* A piece outside the stream, or more text than the stream holds. */
        if (start > wn || bytes > wn - start || (chars_total += nch) > wn) {
            es_cfb_fault(c, "stream %s: %s", "WordDocument", "piece outside the stream");
            continue;
        }
        good++;
        for (uint64_t i = 0; i < nch && rc == ES_OK; i++) {
            uint32_t ch = compressed ? wd[start + i] : u16(wd + start + 2 * i);
            if (compressed && ch >= 0x80 && ch < 0xA0)
                ch = cp1252_hi[ch - 0x80];
            if (ch >= 0xD800 && ch < 0xE000)
                ch = 0xFFFD;   /* pairs are rare in Word text; keep it simple */
            ch = word_char(ch);
            if (!ch)
                continue;
            char tmp[4];
            size_t kk = es_utf8_put(ch, tmp);
            if (es_buf_append(&out, tmp, kk) != ES_OK)
                rc = ES_ERR_NOMEM;
            if (ch == '\n' && out.len >= ES_CHUNK_TARGET)
                rc = flush_paras(c, &out, &pl);
        }
        if (rc == ES_OK && es_sink_tick(c->sink) != ES_OK)
            rc = ES_STOP;
    }
    c->text_used += chars_total * 3;
    if (rc == ES_OK)
        rc = flush_paras(c, &out, &pl);
    es_buf_free(&out);
    es_buf_free(&tb);
    *rcp = rc;
    /* No piece inside the stream: the table is wrong; text runs may do better. */
    return good > 0 || npieces == 0;
}

/* ---- Excel BIFF8: shared strings and cells ---- */

/* Record types (MS-XLS 2.3). */
#define BIFF_BOF 0x0809
#define BIFF_EOF 0x000A
#define BIFF_FILEPASS 0x002F
#define BIFF_BOUNDSHEET 0x0085
#define BIFF_SST 0x00FC
#define BIFF_CONTINUE 0x003C
#define BIFF_LABELSST 0x00FD
#define BIFF_LABEL 0x0204
#define BIFF_RSTRING 0x00D6
#define BIFF_NUMBER 0x0203
#define BIFF_RK 0x027E
#define BIFF_MULRK 0x00BD
#define BIFF8_VERSION 0x0600
/* Sheets read per workbook (Excel 97-2003 files rarely have more than a few hundred). */
#define MAX_SHEETS 4096u

struct biff {
    const unsigned char *p;
    size_t n;
    /* Shared strings: UTF-8 in text, string i at off[i], len[i]. */
    struct es_buf text;
    uint32_t *off, *len;
    size_t nstr, capstr;
    uint64_t budget;     /* records that may still be visited (hostile sheet offsets) */
};

/* SST reader: the SST record and its CONTINUE records are segments; a
 * string's characters that cross into a new segment restart with a flags
 * byte (MS-XLS 2.5.293 XLUnicodeRichExtendedString). */
struct segs {
    const unsigned char *p;
    size_t seg_s[256], seg_e[256];   /* long SSTs: later CONTINUEs are not read */
    size_t nseg, cur, pos;
};

static int seg_next(struct segs *g)
{
    if (g->cur + 1 >= g->nseg)
        return 0;
    g->cur++;
    g->pos = g->seg_s[g->cur];
    return 1;
}

/* Skip or read raw bytes across segments; returns 0 at the end. */
static int seg_bytes(struct segs *g, unsigned char *out, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        while (g->pos >= g->seg_e[g->cur])
            if (!seg_next(g))
                return 0;
        unsigned char b = g->p[g->pos++];
        if (out)
            out[i] = b;
    }
    return 1;
}

static int sst_string(struct segs *g, struct es_buf *out)
{
    unsigned char h[3];
    if (!seg_bytes(g, h, 3))
        return 0;
    size_t cch = u16(h);
    unsigned flags = h[2];
    unsigned char x[4];
    size_t runs = 0, ext = 0;
    if (flags & 0x08) {   /* fRichSt: formatting runs follow the text */
        if (!seg_bytes(g, x, 2))
            return 0;
        runs = u16(x);
    }
    if (flags & 0x04) {   /* fExtSt: phonetic data follows */
        if (!seg_bytes(g, x, 4))
            return 0;
        ext = u32(x);
    }
    int wide = flags & 0x01;
    for (size_t i = 0; i < cch; i++) {
        while (g->pos >= g->seg_e[g->cur]) {
            if (!seg_next(g))
                return 0;
            if (g->pos < g->seg_e[g->cur])
                wide = g->p[g->pos++] & 0x01;   /* the continuation's own flags */
        }
        uint32_t ch;
        if (wide) {
            unsigned char w[2];
            if (!seg_bytes(g, w, 2))
                return 0;
            ch = u16(w);
        } else {
            ch = g->p[g->pos++];
            if (ch >= 0x80 && ch < 0xA0)
                ch = cp1252_hi[ch - 0x80];   /* compressed: Latin-1 range, as CP1252 */
        }
        if (ch >= 0xD800 && ch < 0xE000)
            ch = 0xFFFD;
        char tmp[4];
        if (es_buf_append(out, tmp, es_utf8_put(ch < 0x20 && ch != '\t' ? ' ' : ch, tmp)) != ES_OK)
            return 0;
    }
    /* Formatting runs and phonetic data are skipped; at the end of the
     * record the string is still good. */
    if (seg_bytes(g, NULL, runs * 4))
        (void)seg_bytes(g, NULL, ext);
    return 1;
}

static int sst_add(struct biff *b, size_t start)
{
    if (b->nstr == b->capstr) {
        size_t cap = b->capstr ? b->capstr * 2 : 256;
        uint32_t *o = realloc(b->off, cap * sizeof *o);
        if (!o)
            return ES_ERR_NOMEM;
        b->off = o;
        uint32_t *l = realloc(b->len, cap * sizeof *l);
        if (!l)
            return ES_ERR_NOMEM;
        b->len = l;
        b->capstr = cap;
    }
    b->off[b->nstr] = (uint32_t)start;
    b->len[b->nstr] = (uint32_t)(b->text.len - start);
    b->nstr++;
    return ES_OK;
}

static int read_sst(struct biff *b, size_t o)
{
    struct segs g = {.p = b->p};
    g.seg_s[0] = o + 4 + 8;   /* after cstTotal and cstUnique */
    g.seg_e[0] = o + 4 + u16(b->p + o + 2);
    if (g.seg_s[0] > g.seg_e[0])
        return ES_OK;
    g.nseg = 1;
    size_t q = g.seg_e[0];
    while (q + 4 <= b->n && u16(b->p + q) == BIFF_CONTINUE && g.nseg < 256) {
        size_t e = q + 4 + u16(b->p + q + 2);
        if (e > b->n)
            e = b->n;
        g.seg_s[g.nseg] = q + 4;
        g.seg_e[g.nseg++] = e;
        q = e;
    }
    g.pos = g.seg_s[0];
    uint32_t unique = u32(b->p + o + 4 + 4);
    for (uint32_t i = 0; i < unique; i++) {
        size_t start = b->text.len;
        if (!sst_string(&g, &b->text))
            break;
        int rc = sst_add(b, start);
        if (rc != ES_OK)
            return rc;
    }
    return ES_OK;
}

/* An RK number (MS-XLS 2.5.217): 30-bit integer or the top of a double,
 * optionally times 100. */
static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 0x02) {
        v = (double)((int32_t)rk >> 2);
    } else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &bits, sizeof v);
    }
    return (rk & 0x01) ? v / 100 : v;
}

static int number_cell(struct es_xtable *t, uint32_t col, double v)
{
    char num[40];
    int k;
    if (v != v || v > 1e300 || v < -1e300)
        return ES_OK;   /* NaN or infinite: no digits worth scanning */
    /* Range first: converting a double beyond long long is undefined. */
    if (v < 1e15 && v > -1e15 && v == (double)(long long)v)
        k = snprintf(num, sizeof num, "%lld", (long long)v);
    else
        k = snprintf(num, sizeof num, "%.15g", v);
    return k > 0 ? es_xtable_cell(t, col, num, (size_t)k, 0) : ES_OK;
}

/* The cells of the sheet whose BOF is at o. */
static int read_sheet(struct cfb *c, struct biff *b, size_t o, const char *name, struct es_xout *xo)
{
    struct es_xtable t;
    es_xtable_init(&t, xo, ES_XLOC_CELL, ES_XHEAD_GUESS, name, 0);
    uint32_t cur_row = UINT32_MAX;
    int rc = ES_OK;
    struct es_buf tmp;
    es_buf_init(&tmp, 3u * 65536u + 16);   /* a cell holds at most 32767 characters */
    for (int first = 1; o + 4 <= b->n && rc == ES_OK; first = 0) {
        uint16_t type = u16(b->p + o), len = u16(b->p + o + 2);
        const unsigned char *d = b->p + o + 4;
        if (o + 4 + len > b->n || (first && type != BIFF_BOF))
            break;
        if (b->budget == 0) {
            es_cfb_fault(c, "stream %s: %s", "Workbook", "sheets overlap");
            break;
        }
        b->budget--;
        o += 4 + (size_t)len;
        if (type == BIFF_EOF)
            break;
        if (len < 6 || (type != BIFF_LABELSST && type != BIFF_LABEL && type != BIFF_RSTRING &&
                        type != BIFF_NUMBER && type != BIFF_RK && type != BIFF_MULRK))
            continue;
        uint32_t row = u16(d), col = u16(d + 2);
        if (row != cur_row) {
            rc = es_xtable_row(&t, row + 1);
            cur_row = row;
        }
        if (type == BIFF_LABELSST && len >= 10) {
            uint32_t k = u32(d + 6);
            if (k < b->nstr)
                rc = es_xtable_cell(&t, col, b->text.data + b->off[k], b->len[k], 1);
        } else if ((type == BIFF_LABEL || type == BIFF_RSTRING) && len >= 9) {
            struct segs g = {.p = b->p, .nseg = 1};
            g.seg_s[0] = g.pos = (size_t)(d - b->p) + 6;
            g.seg_e[0] = (size_t)(d - b->p) + len;
            tmp.len = 0;
            if (sst_string(&g, &tmp))
                rc = es_xtable_cell(&t, col, tmp.data, tmp.len, 1);
        } else if (type == BIFF_NUMBER && len >= 14) {
            double v;
            memcpy(&v, d + 6, sizeof v);   /* IEEE 754 little-endian, as the host (x86, arm64) */
            rc = number_cell(&t, col, v);
        } else if (type == BIFF_RK && len >= 10) {
            rc = number_cell(&t, col, rk_value(u32(d + 6)));
        } else if (type == BIFF_MULRK) {
            for (size_t k = 0; 4 + 6 * k + 6 + 2 <= len && rc == ES_OK; k++)
                rc = number_cell(&t, col + (uint32_t)k, rk_value(u32(d + 4 + 6 * k + 2)));
        }
        if (rc == ES_OK && es_sink_tick(c->sink) != ES_OK)
            rc = ES_STOP;
    }
    if (rc == ES_OK)
        rc = es_xtable_end(&t);
    es_xtable_free(&t);
    es_buf_free(&tmp);
    return rc;
}

/*
 * A BIFF8 workbook: shared strings (SST), then each worksheet's string and
 * number cells as rows, located "Sheet1!C7". Returns 1 if it was read as a
 * workbook, 0 if not BIFF8 (the caller falls back to text runs).
 */
static int excel_text(struct cfb *c, const unsigned char *p, size_t n, int *rcp)
{
    *rcp = ES_OK;
    if (n < 8 || u16(p) != BIFF_BOF || u16(p + 2) < 2 || u16(p + 4) != BIFF8_VERSION)
        return 0;
    struct biff b = {.p = p, .n = n, .budget = n / 4 + 1};
    es_buf_init(&b.text, 2 * n + 16);
    struct {
        uint32_t pos;
        char name[100];
    } *sheets = NULL;
    size_t nsheets = 0;
    int rc = ES_OK;
    size_t o = 0;
    while (o + 4 <= n && rc == ES_OK) {
        uint16_t type = u16(p + o), len = u16(p + o + 2);
        if (o + 4 + len > n)
            break;
        if (type == BIFF_EOF)
            break;
        if (type == BIFF_SST && len >= 8 && b.nstr == 0) {
            rc = read_sst(&b, o);
        } else if (type == BIFF_BOUNDSHEET && len >= 8 && nsheets < MAX_SHEETS &&
                   p[o + 4 + 5] == 0) {   /* dt 0: a worksheet */
            if (nsheets % 64 == 0) {
                void *ns = realloc(sheets, (nsheets + 64) * sizeof *sheets);
                if (!ns) {
                    rc = ES_ERR_NOMEM;
                    break;
                }
                sheets = ns;
            }
            struct segs g = {.p = p, .nseg = 1};
            /* ShortXLUnicodeString: an 8-bit count, then flags and characters. */
            size_t cch = p[o + 4 + 6];
            g.seg_s[0] = o + 4 + 7;
            g.seg_e[0] = o + 4 + len;
            struct es_buf nb;
            es_buf_init(&nb, 400);
            sheets[nsheets].pos = u32(p + o + 4);
            sheets[nsheets].name[0] = '\0';
            g.pos = g.seg_s[0];
            unsigned char fl;
            if (seg_bytes(&g, &fl, 1)) {
                int wide = fl & 1;
                for (size_t i = 0; i < cch && g.pos + (wide ? 2u : 1u) <= g.seg_e[0]; i++) {
                    uint32_t ch = wide ? u16(p + g.pos) : p[g.pos];
                    g.pos += wide ? 2 : 1;
                    char tmp[4];
                    if (ch >= 0x20 && !(ch >= 0xD800 && ch < 0xE000))
                        (void)es_buf_append(&nb, tmp, es_utf8_put(ch, tmp));
                }
            }
            snprintf(sheets[nsheets].name, sizeof sheets[nsheets].name, "%s", nb.data ? nb.data : "");
            es_buf_free(&nb);
            nsheets++;
        }
        o += 4 + (size_t)len;
    }
    if (nsheets == 0) {   /* nothing to place the strings in: text runs will do */
        free(b.off);
        free(b.len);
        es_buf_free(&b.text);
        return 0;
    }
    struct es_xout xo;
    es_xout_init(&xo, c->sink);
    xo.text_max = c->text_max > c->text_used ? c->text_max - c->text_used : 0;
    for (size_t i = 0; i < nsheets && rc == ES_OK; i++)
        rc = read_sheet(c, &b, sheets[i].pos, sheets[i].name, &xo);
    c->text_used += xo.text_used;
    if (xo.over)
        c->text_limited = 1;
    free(sheets);
    free(b.off);
    free(b.len);
    es_buf_free(&b.text);
    *rcp = rc;
    return 1;
}

/* ---- PowerPoint: text atoms ---- */

#define PPT_CONTAINER 0xF       /* recVer of a container record */
#define PPT_TEXTCHARS 0x0FA0    /* TextCharsAtom: UTF-16LE */
#define PPT_TEXTBYTES 0x0FA8    /* TextBytesAtom: 8-bit (high bytes of UTF-16 dropped) */
#define PPT_CSTRING 0x0FBA      /* CString: UTF-16LE (names, comments, titles) */

/* One text span as lines split at CR, LF and VT (paragraph and line breaks). */
static int span_lines(struct lines *l, const unsigned char *p, size_t s, size_t e, unsigned unit)
{
    int rc = ES_OK;
    size_t start = s;
    for (size_t i = s; i + unit <= e && rc == ES_OK; i += unit) {
        uint32_t ch = unit == 2 ? u16(p + i) : p[i];
        int brk = ch == 0x0D || ch == 0x0A || ch == 0x0B;
        int last = i + 2 * unit > e;
        if (!brk && !last)
            continue;
        size_t end = brk ? i : i + unit;
        if (end > start) {
            rc = lines_begin(l, start, unit);
            if (rc == ES_OK && unit == 2) {
                rc = es_utf16le_append(p + start, (end - start) / 2, &l->text);
            } else if (rc == ES_OK) {
                for (size_t k = start; k < end && rc == ES_OK; k++) {
                    char tmp[4];
                    uint32_t ch8 = p[k] >= 0x80 && p[k] < 0xA0 ? cp1252_hi[p[k] - 0x80] : p[k];
                    rc = es_buf_append(&l->text, tmp, es_utf8_put(ch8 < 0x20 ? ' ' : ch8, tmp));
                }
            }
        }
        start = i + unit;
    }
    return rc;
}

/* Text atoms of the PowerPoint Document stream, located by stream offset.
 * Returns 1 if any were found, else 0 (the caller falls back to runs). */
static int ppt_text(struct cfb *c, const unsigned char *p, size_t n, int *rcp)
{
    struct lines l = {.c = c};
    es_buf_init(&l.text, ES_CHUNK_TARGET + 4 * 65536);
    snprintf(l.where, sizeof l.where, "PowerPoint Document");
    int rc = ES_OK, found = 0;
    size_t o = 0;
    /* Containers are entered, atoms skipped; each step moves on by >= 8 bytes. */
    while (o + 8 <= n && rc == ES_OK) {
        unsigned ver = u16(p + o) & 0x0F;
        unsigned type = u16(p + o + 2);
        uint32_t len = u32(p + o + 4);
        if (ver == PPT_CONTAINER) {
            o += 8;
            continue;
        }
        if (len > n - o - 8)
            break;
        if (type == PPT_TEXTCHARS || type == PPT_TEXTBYTES || type == PPT_CSTRING) {
            unsigned unit = type == PPT_TEXTBYTES ? 1 : 2;
            found = 1;
            c->text_used += (uint64_t)len * 3 / unit;
            if (c->text_used > c->text_max) {
                c->text_limited = 1;
                break;
            }
            rc = span_lines(&l, p, o + 8, o + 8 + len, unit);
            if (rc == ES_OK && l.text.len >= ES_CHUNK_TARGET)
                rc = lines_flush(&l);
        }
        o += 8 + (size_t)len;
        if (rc == ES_OK && es_sink_tick(c->sink) != ES_OK)
            rc = ES_STOP;
    }
    if (rc == ES_OK)
        rc = lines_flush(&l);
    free(l.v);
    es_buf_free(&l.text);
    *rcp = rc;
    return found;
}

/* ---- Property sets: \005SummaryInformation, \005DocumentSummaryInformation ---- */

#define PS_MAX_SECTIONS 4u      /* real files have 1 or 2 */
#define PS_MAX_PROPS 1024u      /* properties per section read */
#define VT_I2 0x0002
#define VT_LPSTR 0x001E
#define VT_LPWSTR 0x001F
#define PID_CODEPAGE 1

static const char *ps_label(int doc_summary, uint32_t pid)
{
    if (!doc_summary) {
        switch (pid) {
        case 2: return "Title";
        case 3: return "Subject";
        case 4: return "Author";
        case 5: return "Keywords";
        case 6: return "Comments";
        case 8: return "Last Author";
        default: return NULL;
        }
    }
    switch (pid) {
    case 0x0E: return "Manager";
    case 0x0F: return "Company";
    default: return NULL;
    }
}

static const char *codepage_charset(uint32_t cp)
{
    switch (cp) {
    case 932: return "shift_jis";
    case 50220: case 50221: case 50222: return "iso-2022-jp";
    case 51932: case 20932: return "euc-jp";
    case 65001: return "utf-8";
    case 1252: case 28591: return "windows-1252";
    default: return NULL;
    }
}

/* 8-bit text in a code page (NULL: detect) to UTF-8, appended to out. */
static int decode8(const unsigned char *p, size_t n, const char *charset, struct es_buf *out)
{
    const char *enc = es_detect_encoding(p, n, charset);
    struct es_decoder *d = NULL;
    int rc = es_decoder_open(&d, enc);
    if (rc == ES_OK)
        rc = es_decoder_feed(d, p, n, 1, out);
    es_decoder_free(d);
    return rc;
}

/*
 * The string properties of a property set stream (MS-OLEPS), each scanned
 * with the location "<stream> <name>" ("SummaryInformation Author").
 * Returns 1 if the stream is a property set, else 0 (text runs then).
 */
static int propset_text(struct cfb *c, const char *path, int doc_summary, const unsigned char *p,
                        size_t n, struct es_buf *text, int *rcp)
{
    *rcp = ES_OK;
    if (n < 48 || u16(p) != 0xFFFE)
        return 0;
    uint32_t nsets = u32(p + 24);
    if (nsets == 0 || nsets > PS_MAX_SECTIONS || 28 + (size_t)nsets * 20 > n)
        return 0;
    int rc = ES_OK;
    for (uint32_t k = 0; k < nsets && rc == ES_OK; k++) {
        size_t base = u32(p + 28 + 20 * k + 16);
        if (base + 8 > n)
            continue;
        size_t count = u32(p + base + 4);
        if (count > PS_MAX_PROPS)
            count = PS_MAX_PROPS;
        if (count > (n - base - 8) / 8)
            count = (n - base - 8) / 8;
        const char *charset = NULL;
        for (size_t i = 0; i < count; i++) {
            uint32_t pid = u32(p + base + 8 + 8 * i);
            size_t at = base + u32(p + base + 8 + 8 * i + 4);
            if (pid == PID_CODEPAGE && at + 6 <= n && at >= base && u16(p + at) == VT_I2)
                charset = codepage_charset(u16(p + at + 4));
        }
        for (size_t i = 0; i < count && rc == ES_OK; i++) {
            uint32_t pid = u32(p + base + 8 + 8 * i);
            size_t at = base + u32(p + base + 8 + 8 * i + 4);
            if (at < base || at + 8 > n || pid < 2)
                continue;
            uint32_t vt = u16(p + at);
            size_t len = u32(p + at + 4);
            text->len = 0;
            text->max = 4 * n + 16;
            if (vt == VT_LPSTR && len <= n - at - 8) {
                while (len && p[at + 8 + len - 1] == 0)
                    len--;
                if (len)
                    rc = decode8(p + at + 8, len, charset, text);
            } else if (vt == VT_LPWSTR && len <= (n - at - 8) / 2) {
                while (len && u16(p + at + 8 + 2 * (len - 1)) == 0)
                    len--;
                rc = es_utf16le_append(p + at + 8, len, text);
            } else {
                continue;
            }
            if (rc != ES_OK || text->len == 0) {
                rc = rc == ES_ERR_LIMIT ? ES_OK : rc;
                continue;
            }
            c->text_used += text->len;
            const char *label = ps_label(doc_summary, pid);
            char where[320], lab[32];
            if (!label) {
                snprintf(lab, sizeof lab, "property %u", (unsigned)pid);
                label = lab;
            }
            snprintf(where, sizeof where, "%s %s", path, label);
            struct es_text_opts o = {.where = where, .label = label};
            rc = es_sink_utf8(c->sink, text->data, text->len, &o);
        }
    }
    *rcp = rc;
    return 1;
}

/* ---- Outlook .msg ---- */

/* "__substg1.0_XXXXTTTT": property id and type, or 0. */
static int msg_prop(const char *name, uint32_t *id, uint32_t *type)
{
    static const char pre[] = "__substg1.0_";
    if (strncasecmp(name, pre, sizeof pre - 1) != 0 || strlen(name) != sizeof pre - 1 + 8)
        return 0;
    char hex[9];
    memcpy(hex, name + sizeof pre - 1, 8);
    hex[8] = '\0';
    char *endp;
    unsigned long v = strtoul(hex, &endp, 16);
    if (*endp)
        return 0;
    *id = (uint32_t)(v >> 16);
    *type = (uint32_t)(v & 0xFFFF);
    return 1;
}

/* Labels for the detectors, named as e-mail headers where there is one. */
static const char *prop_label(uint32_t id)
{
    switch (id) {
    case 0x0037: return "Subject";
    case 0x1000: return "body";
    case 0x0C1A: case 0x0042: case 0x0040: return "From name";
    case 0x0C1F: case 0x0065: case 0x5D01: case 0x5D02: return "From";
    case 0x0E04: return "To";
    case 0x0E03: return "Cc";
    case 0x0E02: return "Bcc";
    case 0x3001: return "display name";
    case 0x3003: case 0x39FE: return "email address";
    case 0x007D: return "headers";
    default: return NULL;
    }
}

/* "attachment 0 recipient 1 " for a property inside those storages. */
static void msg_prefix(const struct cfb *c, uint32_t i, char *out, size_t cap)
{
    uint32_t chain[MAX_PATH_DEPTH];
    size_t n = 0;
    for (uint32_t k = c->ent[i].parent; k != 0 && k < c->nent && n < MAX_PATH_DEPTH; k = c->ent[k].parent)
        chain[n++] = k;
    size_t o = 0;
    out[0] = '\0';
    while (n-- > 0 && o + 1 < cap) {
        const char *nm = c->ent[chain[n]].name, *hash = strchr(nm, '#');
        unsigned long num = hash ? strtoul(hash + 1, NULL, 16) : 0;
        int w;
        if (!strncasecmp(nm, "__recip_version1.0_", 19))
            w = snprintf(out + o, cap - o, "recipient %lu ", num);
        else if (!strncasecmp(nm, "__attach_version1.0_", 20))
            w = snprintf(out + o, cap - o, "attachment %lu ", num);
        else if (!strncasecmp(nm, "__substg1.0_3701000D", 20))
            w = snprintf(out + o, cap - o, "message ");
        else
            w = snprintf(out + o, cap - o, "%s ", nm);
        if (w < 0)
            break;
        o += (size_t)w < cap - o ? (size_t)w : cap - o - 1;
    }
}

/* The message's 8-bit code page from __properties_version1.0
 * (PR_MESSAGE_CODEPAGE 0x3FFD or PR_INTERNET_CPID 0x3FDE), as a charset name. */
static const char *msg_charset(struct cfb *c, struct es_buf *tmp)
{
    uint32_t i = find_top(c, "__properties_version1.0");
    if (i == CFB_NOSTREAM || !is_stream(c, i) || es_cfb_read(c, i, tmp) != ES_OK)
        return NULL;
    /* Top-level header is 32 bytes, then 16-byte entries: tag, flags, value. */
    for (size_t o = 32; o + 16 <= tmp->len; o += 16) {
        const unsigned char *e = (const unsigned char *)tmp->data + o;
        uint32_t tag = u32(e);
        if (tag != 0x3FFD0003u && tag != 0x3FDE0003u)   /* PT_LONG values */
            continue;
        const char *cs = codepage_charset(u32(e + 8));
        if (cs)
            return cs;
    }
    return NULL;
}

static int scan_prop(struct cfb *c, uint32_t i, uint32_t id, uint32_t type, const char *charset,
                     struct es_buf *data, struct es_buf *text)
{
    int rc = es_cfb_read(c, i, data);
    if (rc != ES_OK || data->len == 0)
        return rc;
    text->len = 0;
    text->max = (size_t)c->n * 2 + 16;
    if (type == 0x001F) {
        size_t units = data->len / 2;
        while (units && u16((const unsigned char *)data->data + 2 * (units - 1)) == 0)
            units--;
        rc = es_utf16le_append((const unsigned char *)data->data, units, text);
    } else {
        size_t n = data->len;
        while (n && data->data[n - 1] == 0)
            n--;
        rc = decode8((const unsigned char *)data->data, n, charset, text);
    }
    if (rc != ES_OK || text->len == 0)
        return rc == ES_ERR_LIMIT ? ES_OK : rc;
    c->text_used += text->len;
    if (c->text_used > c->text_max) {
        c->text_limited = 1;
        return ES_STOP;
    }
    char where[200];
    size_t o;
    msg_prefix(c, i, where, sizeof where);
    o = strlen(where);
    snprintf(where + o, sizeof where - o, "property 0x%04X", (unsigned)id);
    struct es_text_opts opts = {
        .where = where,
        .label = prop_label(id),
        .flags = memchr(text->data, '\n', text->len) ? ES_LOC_LINES | ES_CHUNK_PROSE : 0,
    };
    return es_sink_utf8(c->sink, text->data, text->len, &opts);
}

/* The file name of an attachment storage (long name, short name, display
 * name), or "attachment N". */
static void attach_name(struct cfb *c, uint32_t st, struct es_buf *tmp, char *out, size_t cap)
{
    static const char *const props[] = {"__substg1.0_3707001F", "__substg1.0_3707001E",
                                        "__substg1.0_3704001F", "__substg1.0_3704001E",
                                        "__substg1.0_3001001F", "__substg1.0_3001001E"};
    for (size_t k = 0; k < sizeof props / sizeof props[0]; k++) {
        uint32_t i = es_cfb_child(c, st, props[k]);
        if (i == CFB_NOSTREAM || !is_stream(c, i) || es_cfb_read(c, i, tmp) != ES_OK || !tmp->len)
            continue;
        struct es_buf nb;
        es_buf_init(&nb, cap * 3);
        if (k % 2 == 0)
            (void)es_utf16le_append((const unsigned char *)tmp->data, tmp->len / 2, &nb);
        else
            (void)es_buf_append(&nb, tmp->data, tmp->len);
        size_t o = 0;
        for (size_t j = 0; j < nb.len && o + 1 < cap; j++)
            if ((unsigned char)nb.data[j] >= 0x20 && nb.data[j] != '/' && nb.data[j] != '\\')
                out[o++] = nb.data[j];
        while (o && ((unsigned char)out[o - 1] & 0xC0) == 0x80)
            o--;   /* never cut a UTF-8 sequence */
        if (o && ((unsigned char)out[o - 1] & 0xC0) == 0xC0)
            o--;
        out[o] = '\0';
        es_buf_free(&nb);
        if (o)
            return;
    }
    const char *hash = strchr(c->ent[st].name, '#');
    snprintf(out, cap, "attachment %lu", hash ? strtoul(hash + 1, NULL, 16) : 0ul);
}

static int emit_member(struct cfb *c, const char *name, struct es_buf *data)
{
    struct es_input in;
    es_input_from_mem(&in, data->data ? data->data : "", data->len, name);
    int rc = es_sink_member(c->sink, name, strlen(name), &in);
    if (rc == ES_STOP)
        c->stop = 1;
    return rc;
}

/* ---- the extractor ---- */

/* A stream that is a whole file of a type we open (an embedded object). */
static int embedded_file(const unsigned char *p, size_t n)
{
    return (n >= 4 && !memcmp(p, "PK\003\004", 4)) || (n >= 5 && !memcmp(p, "%PDF-", 5)) ||
           (n >= 8 && !memcmp(p, es_cfb_magic, 8));
}

static int ole2_bid(const struct es_sniff *s)
{
    /* 40: the 8-byte signature at offset 0 is certain; above text (10) and
     * mail (25-30), which might see printable bytes in a compound file;
     * nothing else bids on it. Files that libmagic calls msword or
     * vnd.ms-excel without the signature (Write, Excel 4 BIFF, PST) are not
     * compound files: the binary extractor takes those. */
    if (s->head_len >= sizeof es_cfb_magic && !memcmp(s->head, es_cfb_magic, sizeof es_cfb_magic))
        return 40;
    return 0;
}

/* Biff records up to the end of the globals substream: FILEPASS (0x002F)
 * means the workbook is encrypted. */
static int excel_encrypted(const unsigned char *p, size_t n)
{
    size_t o = 0;
    while (o + 4 <= n) {
        uint16_t type = u16(p + o), len = u16(p + o + 2);
        if (type == BIFF_FILEPASS)
            return 1;
        if (type == BIFF_EOF)   /* end of the globals substream */
            return 0;
        o += 4 + (size_t)len;
    }
    return 0;
}

static int is_ooxml_ext(const char *ext)
{
    static const char *const exts[] = {"docx", "docm", "dotx", "xlsx", "xlsm", "xlsb", "xltx",
                                       "pptx", "pptm", "ppsx", "potx", NULL};
    for (size_t i = 0; exts[i]; i++)
        if (!strcmp(ext, exts[i]))
            return 1;
    return 0;
}

static int walk_streams(struct cfb *c, int is_msg, uint32_t skip, struct es_buf *data,
                        struct es_buf *text)
{
    int rc = ES_OK;
    const char *charset = NULL;
    if (is_msg)
        charset = msg_charset(c, data);
    for (uint32_t i = 1; i < c->nent && rc == ES_OK; i++) {
        if (c->ent[i].type == OBJ_STORAGE && is_msg &&
            !strncasecmp(c->ent[i].name, "__attach_version1.0_", 20)) {
            uint32_t d = es_cfb_child(c, i, "__substg1.0_37010102");
            if (d == CFB_NOSTREAM || !is_stream(c, d))
                continue;
            char name[256];
            attach_name(c, i, data, name, sizeof name);
            rc = es_cfb_read(c, d, data);
            if (rc == ES_OK)
                rc = emit_member(c, name, data);
            continue;
        }
        if (!is_stream(c, i) || i == skip)
            continue;
        uint32_t id, type;
        if (is_msg && msg_prop(c->ent[i].name, &id, &type)) {
            if (type == 0x001F || type == 0x001E) {
                rc = scan_prop(c, i, id, type, charset, data, text);
                continue;
            }
            if (id == 0x3701)
                continue;   /* attachment data: a member above */
        }
        rc = es_cfb_read(c, i, data);
        if (rc != ES_OK || data->len == 0)
            continue;
        char path[256];
        es_cfb_path(c, i, path, sizeof path);
        const unsigned char *dp = (const unsigned char *)data->data;
        int ds = !strcmp(c->ent[i].name, "DocumentSummaryInformation");
        int props = ds || !strcmp(c->ent[i].name, "SummaryInformation");
        if (embedded_file(dp, data->len))
            rc = emit_member(c, path, data);
        else if (!props || !propset_text(c, path, ds, dp, data->len, text, &rc))
            rc = scan_runs(c, path, dp, data->len);
    }
    return rc;
}

static int ole2_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    const unsigned char *data;
    size_t len;
    int rc = es_sink_load(sink, in, "OLE2 file", &data, &len);
    if (rc != ES_OK)
        return rc;
    es_sink_set_type(sink, "ole2");
    if (len < CFB_HEADER_BYTES)
        return es_sink_fail(sink, ES_ERR_FORMAT, "OLE2: truncated header (%zu bytes)", len);
    struct cfb *c = calloc(1, sizeof *c);
    struct es_buf buf, text;
    es_buf_init(&buf, len + 1);
    es_buf_init(&text, 2 * len + 16);
    if (!c)
        return ES_ERR_NOMEM;
    c->text_max = es_sink_limit(sink, ES_LIMIT_TEXT_BYTES);
    char err[200];
    rc = es_cfb_open(c, data, len, sink, err, sizeof err);
    if (rc == ES_ERR_FORMAT) {
        rc = es_sink_fail(sink, rc, "OLE2: %s", err);
        /* Nothing of the structure is usable: the raw bytes still show text. */
        (void)scan_runs(c, "(raw file)", c->d, c->n);
        goto done;
    }
    if (rc != ES_OK)
        goto done;

    /* Type and encryption by the streams present. */
    int is_msg = find_top(c, "__properties_version1.0") != CFB_NOSTREAM;
    for (uint32_t i = 1; i < c->nent && !is_msg; i++)
        is_msg = c->ent[i].parent == 0 && !strncasecmp(c->ent[i].name, "__substg1.0_", 12);
    uint32_t wd = find_top(c, "WordDocument");
    uint32_t wb = find_top(c, "Workbook");
    if (wb == CFB_NOSTREAM)
        wb = find_top(c, "Book");   /* Excel 5/95 */
    uint32_t ppt = find_top(c, "PowerPoint Document");
    if (find_top(c, "EncryptedPackage") != CFB_NOSTREAM) {
        if (is_ooxml_ext(s->ext))
            es_sink_set_type(sink, s->ext);
        rc = es_sink_fail(sink, ES_ERR_ENCRYPTED, "encrypted Office document (EncryptedPackage)");
        goto done;
    }
    const char *type = is_msg ? "msg" : wd != CFB_NOSTREAM ? "doc" : wb != CFB_NOSTREAM ? "xls"
                     : ppt != CFB_NOSTREAM ? "ppt" : "ole2";
    es_sink_set_type(sink, type);
    uint32_t skip = CFB_NOSTREAM;
    int model = is_msg;
    if (!is_msg && wd != CFB_NOSTREAM && is_stream(c, wd)) {
        if ((rc = es_cfb_read(c, wd, &buf)) != ES_OK)
            goto done;
        const unsigned char *w = (const unsigned char *)buf.data;
        /* FIB: wIdent 0xA5EC (Word 97+) or 0xA5DC (Word 6/95); fEncrypted is
         * bit 0x0100 of the flags at 0x0A, i.e. bit 0x01 of byte 0x0B. */
        if (buf.len >= 12 && (u16(w) == 0xA5EC || u16(w) == 0xA5DC) && (w[0x0B] & 0x01)) {
            rc = es_sink_fail(sink, ES_ERR_ENCRYPTED, "encrypted Word document (fEncrypted)");
            goto done;
        }
        /* The piece table reads buf as WordDocument; keep it apart from the
         * buffer that word_text() uses for the table stream. */
        if (word_text(c, w, buf.len, &rc)) {
            model = 1;
            skip = wd;
        }
        if (rc == ES_STOP)
            goto report;
        if (rc != ES_OK)
            goto done;
    } else if (!is_msg && wb != CFB_NOSTREAM && is_stream(c, wb)) {
        if ((rc = es_cfb_read(c, wb, &buf)) != ES_OK)
            goto done;
        if (excel_encrypted((const unsigned char *)buf.data, buf.len)) {
            rc = es_sink_fail(sink, ES_ERR_ENCRYPTED, "encrypted Excel workbook (FILEPASS)");
            goto done;
        }
        if (excel_text(c, (const unsigned char *)buf.data, buf.len, &rc)) {
            model = 1;
            skip = wb;
        }
        if (rc == ES_STOP)
            goto report;
        if (rc != ES_OK)
            goto done;
    } else if (!is_msg && ppt != CFB_NOSTREAM && is_stream(c, ppt)) {
        if (find_top(c, "EncryptedSummary") != CFB_NOSTREAM) {
            rc = es_sink_fail(sink, ES_ERR_ENCRYPTED, "encrypted PowerPoint document (EncryptedSummary)");
            goto done;
        }
        if ((rc = es_cfb_read(c, ppt, &buf)) != ES_OK)
            goto done;
        if (ppt_text(c, (const unsigned char *)buf.data, buf.len, &rc)) {
            model = 1;
            skip = ppt;
        }
        if (rc == ES_STOP)
            goto report;
        if (rc != ES_OK)
            goto done;
    }
    rc = walk_streams(c, is_msg, skip, &buf, &text);
report:
    if (rc == ES_STOP || rc == ES_OK) {
        if (!model || c->text_limited)
            es_sink_partial(sink, "%s%s%s", model ? "" : "text runs only (no document model)",
                            !model && c->text_limited ? "; " : "",
                            c->text_limited ? "text-bytes limit reached; later text was not read" : "");
        /* A damaged structure is an error, though what could be read was scanned. */
        rc = c->faults ? es_sink_fail(sink, ES_ERR_FORMAT, "OLE2 damaged: %s%s; readable streams were scanned",
                                      c->fault, c->faults > 1 ? " (and more)" : "")
                       : ES_OK;
    }
done:
    es_cfb_close(c);
    free(c);
    es_buf_free(&buf);
    es_buf_free(&text);
    return rc == ES_STOP ? ES_OK : rc;
}

const struct es_extractor es_ex_ole2 = {
    .name = "ole2",
    .flags = ES_EX_CONTAINER,
    .bid = ole2_bid,
    .run = ole2_run,
};
