/*
 * Runs of text in binary data (see textruns.h). Three small state machines
 * look at every byte: one for 8-bit text (ASCII and UTF-8) and two for
 * UTF-16LE code units starting at even and at odd offsets (structures in
 * database pages and memory dumps are not always 2-aligned).
 */
#include "textruns.h"

#include <stdlib.h>
#include <string.h>

#include "exposcan/exposcan.h"

struct run {
    char buf[ES_RUN_MAX + 8];   /* + room for one more encoded character */
    size_t len;                 /* bytes in buf */
    size_t units;               /* characters (UTF-16: code units) */
    size_t ideo;                /* UTF-16: CJK ideographs among them */
    size_t ascii2;              /* UTF-16: units whose two bytes are printable ASCII */
    uint64_t start;             /* file offset of the first byte */
};

struct wide {
    struct run r;
    int have_lo;                /* the low byte of a unit is pending */
    unsigned char lo;
    uint64_t lo_off;
};

struct es_textruns {
    es_run_fn fn;
    void *ctx;
    uint64_t off;               /* offset of the next byte */
    struct run narrow;
    unsigned char seq[4];       /* UTF-8 sequence being read */
    size_t seq_len, seq_need;
    uint64_t seq_off;
    struct wide w[2];           /* UTF-16LE at even and odd offsets */
};

int es_textruns_new(struct es_textruns **trp, es_run_fn fn, void *ctx)
{
    struct es_textruns *tr = calloc(1, sizeof *tr);
    *trp = tr;
    if (!tr)
        return ES_ERR_NOMEM;
    tr->fn = fn;
    tr->ctx = ctx;
    return ES_OK;
}

void es_textruns_free(struct es_textruns *tr)
{
    free(tr);
}

/* Report a finished 8-bit run if long enough, and clear it. */
static int end_narrow(struct es_textruns *tr)
{
    struct run *r = &tr->narrow;
    int rc = 0;
    if (r->len >= ES_RUN_MIN)
        rc = tr->fn(tr->ctx, r->start, r->buf, r->len);
    r->len = r->units = 0;
    return rc;
}

/* UTF-16 runs: ideographs alone are what random bytes look like (a third
 * of all code units are CJK), so a run needs a share of other text (kana,
 * ASCII, punctuation) unless it is long. 16 random CJK units in a row
 * happen about once per 10^8 positions. */
static int wide_ok(const struct run *r)
{
    /* ASCII text read as UTF-16 gives CJK (lower-case pairs are U+6161 to
     * U+7A7A): such a run is the 8-bit run over the same bytes, reported
     * already. Real Japanese has about 40% of units made of two printable
     * bytes (山 is 71 5C, "q\\"), ASCII read so has all but the edges: cut at 3/4. */
    return r->units >= ES_RUN_MIN && r->ascii2 * 4 <= r->units * 3 &&
           (r->ideo * 4 <= r->units * 3 || r->units >= 16);
}

static int end_wide(struct es_textruns *tr, struct run *r)
{
    int rc = 0;
    if (wide_ok(r))
        rc = tr->fn(tr->ctx, r->start, r->buf, r->len);
    r->len = r->units = r->ideo = r->ascii2 = 0;
    return rc;
}

static int narrow_append(struct es_textruns *tr, const unsigned char *p, size_t n, uint64_t off)
{
    struct run *r = &tr->narrow;
    int rc = 0;
    if (r->len + n > ES_RUN_MAX)
        rc = end_narrow(tr);   /* a long run goes out in pieces */
    if (r->len == 0)
        r->start = off;
    memcpy(r->buf + r->len, p, n);
    r->len += n;
    r->units++;
    return rc;
}

/* The 8-bit machine: printable ASCII, tab, and UTF-8 sequences for
 * U+00A0 and up (C1 controls and the rest end a run). */
static int narrow_byte(struct es_textruns *tr, unsigned char b, uint64_t off)
{
    int rc;
    if (tr->seq_need) {
        /* The second byte has a narrower range after E0, ED, F0, F4
         * (overlongs, surrogates, past U+10FFFF). */
        unsigned lo = 0x80, hi = 0xBF;
        if (tr->seq_len == 1) {
            unsigned c = tr->seq[0];
            lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
        }
        if (b >= lo && b <= hi) {
            tr->seq[tr->seq_len++] = b;
            if (--tr->seq_need)
                return 0;
            /* C2 80..C2 9F are the C1 controls. */
            if (tr->seq[0] == 0xC2 && tr->seq[1] < 0xA0)
                return end_narrow(tr);
            return narrow_append(tr, tr->seq, tr->seq_len, tr->seq_off);
        }
        tr->seq_need = 0;
        if ((rc = end_narrow(tr)) != 0)
            return rc;
        /* b starts afresh. */
    }
    if ((b >= 0x20 && b < 0x7F) || b == '\t')
        return narrow_append(tr, &b, 1, off);
    if (b >= 0xC2 && b <= 0xF4) {
        tr->seq[0] = b;
        tr->seq_len = 1;
        tr->seq_need = b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
        tr->seq_off = off;
        return 0;
    }
    return end_narrow(tr);
}

/* Code units taken as text in UTF-16LE runs. */
static inline int wide_unit_ok(unsigned u, int *ideo)
{
    *ideo = u >= 0x4E00 && u <= 0x9FFF;
    /* U+xx00 above Latin-1 is rare in text (1 in 256 ideographs) and is
     * what an ASCII byte before a NUL gives at the wrong parity. */
    if (u > 0xFF && (u & 0xFF) == 0 && u != 0x3000)   /* U+3000 IDEOGRAPHIC SPACE is text */
        return 0;
    return (u >= 0x20 && u < 0x7F) || u == '\t' ||
           (u >= 0xA0 && u <= 0xFF) ||        /* Latin-1 letters */
           (u >= 0x3000 && u <= 0x30FF) ||    /* CJK punctuation, kana */
           *ideo ||                           /* CJK ideographs */
           (u >= 0xFF01 && u <= 0xFF9F);      /* full-width, half-width katakana */
}

static int wide_unit(struct es_textruns *tr, struct wide *w, unsigned u, uint64_t off)
{
    struct run *r = &w->r;
    int ideo, rc = 0;
    if (!wide_unit_ok(u, &ideo))
        return end_wide(tr, r);
    if (r->len + 3 > ES_RUN_MAX && (rc = end_wide(tr, r)) != 0)
        return rc;
    if (r->len == 0)
        r->start = off;
    /* Units here are below U+10000: 1 to 3 bytes of UTF-8. */
    char *p = r->buf + r->len;
    if (u < 0x80) {
        p[0] = (char)u;
        r->len += 1;
    } else if (u < 0x800) {
        p[0] = (char)(0xC0 | (u >> 6));
        p[1] = (char)(0x80 | (u & 0x3F));
        r->len += 2;
    } else {
        p[0] = (char)(0xE0 | (u >> 12));
        p[1] = (char)(0x80 | ((u >> 6) & 0x3F));
        p[2] = (char)(0x80 | (u & 0x3F));
        r->len += 3;
    }
    r->units++;
    r->ideo += (size_t)ideo;
    r->ascii2 += (u & 0xFF) >= 0x20 && (u & 0xFF) < 0x7F && (u >> 8) >= 0x20 && (u >> 8) < 0x7F;
    return 0;
}

/* Bytes that can start an 8-bit run: printable ASCII, tab, UTF-8 leads. */
static inline int narrow_start(unsigned char b)
{
    return (b >= 0x20 && b < 0x7F) || b == '\t' || (b >= 0xC2 && b <= 0xF4);
}

static int narrow_feed(struct es_textruns *tr, const unsigned char *p, size_t n)
{
    int rc;
    for (size_t i = 0; i < n;) {
        /* Between runs (most of a binary), skip what cannot start one. */
        if (tr->narrow.len == 0 && tr->seq_need == 0) {
            while (i < n && !narrow_start(p[i])) {
                /* Zero padding, the bulk of many binaries: 8 bytes a step. */
                uint64_t v;
                if (p[i] == 0 && i + 8 <= n && (memcpy(&v, p + i, 8), v == 0)) {
                    i += 8;
                    continue;
                }
                i++;
            }
            if (i == n)
                break;
            /* A short ASCII stretch ended by a byte that breaks runs is
             * noise (random data is full of them): skip it whole. */
            size_t j = i;
            while (j < n && ((p[j] >= 0x20 && p[j] < 0x7F) || p[j] == '\t'))
                j++;
            if (j - i < ES_RUN_MIN && j < n && !narrow_start(p[j])) {
                i = j + 1;
                continue;
            }
        }
        if ((rc = narrow_byte(tr, p[i], tr->off + i)) != 0)
            return rc;
        i++;
    }
    return 0;
}

/* The units of one parity: k is the parity of their file offsets. */
static int wide_feed(struct es_textruns *tr, int k, const unsigned char *p, size_t n)
{
    struct wide *w = &tr->w[k];
    int rc, ideo;
    size_t i = (size_t)((unsigned)k - (unsigned)(tr->off & 1)) & 1u;
    if (w->have_lo) {
        /* The unit began with the last byte of the previous block (i is 1). */
        w->have_lo = 0;
        if ((rc = wide_unit(tr, w, w->lo | (unsigned)p[0] << 8, w->lo_off)) != 0)
            return rc;
    }
    for (; i + 1 < n; i += 2) {
        if (w->r.len == 0 && i + 8 <= n) {
            uint64_t v;
            memcpy(&v, p + i, 8);
            if (v == 0) {   /* four NUL units: zero padding */
                i += 6;
                continue;
            }
        }
        unsigned u = p[i] | (unsigned)p[i + 1] << 8;
        /* Between runs, a unit that is not text costs one test, and a
         * stretch of fewer than ES_RUN_MIN text units ended inside the
         * block is skipped whole. */
        if (w->r.len == 0) {
            if (!wide_unit_ok(u, &ideo))
                continue;
            size_t j = i + 2, k = 1;
            while (k < ES_RUN_MIN && j + 1 < n && wide_unit_ok(p[j] | (unsigned)p[j + 1] << 8, &ideo)) {
                j += 2;
                k++;
            }
            if (k < ES_RUN_MIN && j + 1 < n) {
                i = j;   /* p[j] starts a unit that is not text */
                continue;
            }
        }
        if ((rc = wide_unit(tr, w, u, tr->off + i)) != 0)
            return rc;
    }
    if (i < n) {
        w->have_lo = 1;
        w->lo = p[i];
        w->lo_off = tr->off + i;
    }
    return 0;
}

/* Each machine takes the whole block in turn (tight loops); runs of one
 * block may so come out of offset order, which nothing relies on. */
int es_textruns_feed(struct es_textruns *tr, const unsigned char *p, size_t n)
{
    int rc;
    if (n == 0)
        return 0;
    if ((rc = narrow_feed(tr, p, n)) != 0 || (rc = wide_feed(tr, 0, p, n)) != 0 ||
        (rc = wide_feed(tr, 1, p, n)) != 0)
        return rc;
    tr->off += n;
    return 0;
}

int es_textruns_finish(struct es_textruns *tr)
{
    int rc;
    tr->seq_need = 0;   /* a cut UTF-8 sequence is dropped */
    if ((rc = end_narrow(tr)) != 0)
        return rc;
    for (int k = 0; k < 2; k++) {
        tr->w[k].have_lo = 0;
        if ((rc = end_wide(tr, &tr->w[k].r)) != 0)
            return rc;
    }
    return 0;
}
