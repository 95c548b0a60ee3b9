/*
 * The detector interface (internal). A detector finds candidates with PCRE2
 * and validates them in C; it sees text chunks and reports hits. Detectors
 * keep no mutable global state: init() builds read-only shared data (compiled
 * patterns, lexicons), and everything per thread comes in struct es_scan_ctx.
 */
#ifndef ES_DETECTOR_H
#define ES_DETECTOR_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "exposcan/exposcan.h"

/*
 * A chunk of normalised UTF-8 text with what is known about where it came
 * from. Normalisation maps code points one to one (full-width digits and
 * letters to ASCII, dash look-alikes to '-', U+3000 to ' '), so line and
 * column counts in code points are those of the original text.
 */
struct es_chunk {
    const char *text;
    size_t len;
    /* Matches that start at or after `owned` belong to the next chunk (the
     * overlap of a line cut in two); detectors skip them. Equal to len when
     * the chunk ends at a line break. */
    size_t owned;
    /* Matches that start before `from` belong to the previous chunk: when a
     * long line is cut, text[0, from) repeats its end as context only (for
     * look-behinds and labels), so the tail of a value across the cut is not
     * reported as a value of its own. 0 for most chunks. */
    size_t from;
    uint64_t line;       /* 1-based line of text[0] */
    uint64_t col;        /* 1-based column (code points) of text[0] */
    /* Location: NULL means "line:col"; with ES_LOC_LINES it is "<where> line N";
     * otherwise where is used as is ("page 3", "header To"). */
    const char *where;
    unsigned flags;
    /* Optional: a location of its own (xlsx cells). Writes a NUL-terminated string. */
    void (*locate)(const struct es_chunk *c, size_t off, char *buf, size_t cap);
    const void *loc_ctx;
    /* Tabular context: each line is a row of fields split by delim; header[i]
     * labels field i (CSV header row, xlsx header row). */
    char delim;                  /* 0: not tabular */
    const char *const *header;
    size_t nheader;
    /* A label for the whole chunk: JSON key, XML element, e-mail header name. */
    const char *label;
};

#define ES_LOC_LINES 1u      /* where + " line N" */
#define ES_CHUNK_PROSE 2u    /* running text (documents, bodies): records are paragraphs */

/*
 * Facts about the chunk being scanned that more than one detector needs,
 * found by the first to ask (the helpers in fieldctx.c fill them) and kept
 * for the others: phone, device_id and customer_id all read the chunk's
 * SQL statements. Per worker, so no locking; es_chunk_facts_reset() before
 * each chunk. A context without them (facts NULL: tests) finds each fact
 * afresh.
 */
/* Positions of one SQL keyword (INSERT, CREATE) remembered per chunk; later
 * ones are searched for each time. */
#define ES_SQL_KW_MAX 1024
struct es_sql_kw {
    size_t upto;                  /* every start of the keyword before upto ... */
    size_t n;                     /* ... is in at[0, n), ascending */
    size_t at[ES_SQL_KW_MAX];
};
struct es_chunk_facts {
    int sql_maybe;                /* es_sql_maybe(): 0 not asked yet, 1 no, 2 yes */
    struct es_sql_kw insert, create;   /* es_sql_each()'s keyword searches */
};
static inline void es_chunk_facts_reset(struct es_chunk_facts *f)
{
    f->sql_maybe = 0;
    f->insert.upto = f->insert.n = 0;
    f->create.upto = f->create.n = 0;
}

/* Per-thread context handed to scan(). */
struct es_scan_ctx {
    const void *shared;            /* what init() built */
    pcre2_match_data *md;          /* per worker, room for 32 groups */
    pcre2_match_context *mctx;     /* per worker: JIT stack, match and depth limits */
    struct es_hits *hits;          /* where es_hit() sends values */
    struct es_chunk_facts *facts;  /* of this chunk; may be NULL */
    struct es_run_bits *runs;      /* of this chunk (es_re_find_runs_sel()); may be NULL */
};

struct es_detector {
    const char *id;                /* fixed id, e.g. "email" */
    const char *description;       /* one line for `exposcan detectors` */
    /* Build shared read-only data. May be NULL. Returns es_status. */
    int (*init)(void **shared);
    void (*fini)(void *shared);
    /* Report every value in c->text[0 .. c->owned) through es_hit(). */
    void (*scan)(const struct es_scan_ctx *sc, const struct es_chunk *c);
    /* Masked form of a normalised value, NUL-terminated, at most cap bytes
     * including the NUL; returns its length. NULL: es_mask_generic(). */
    size_t (*mask)(const char *norm, size_t len, char *out, size_t cap);
};

/*
 * Report one value: text[start, end) of the chunk being scanned, its
 * confidence, and its normalised form (the key for distinct counts: digits
 * only for phone numbers, lower case for e-mail, ...). norm need not outlive
 * the call.
 */
void es_hit(const struct es_scan_ctx *sc, size_t start, size_t end, enum es_confidence conf,
            const char *norm, size_t norm_len);

/* Memory of the running detector's own for this worker, at least len bytes,
 * kept from chunk to chunk (what is in it is the detector's affair), or
 * NULL without memory: for working state too large for a thread's stack. */
void *es_scan_scratch(const struct es_scan_ctx *sc, size_t len);

/* The registry (registry.c): one const array in a fixed order. */
extern const struct es_detector *const es_detectors[];
extern const size_t es_ndetectors;
int es_detector_index(const char *id, size_t len);   /* -1 if unknown */

/* detectors/pcre.c: compile once with JIT; per-thread match helpers. */
pcre2_code *es_re_compile(const char *pattern, uint32_t options, char *err, size_t errlen);
/* Find the next match at or after start. Returns 1 and fills ms and me, or 0.
 * Limit errors count as no match (hostile input must not stall a scan). */
int es_re_find(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
               size_t start, size_t *ms, size_t *me);
/* Offsets of group g of the last es_re_find(); returns 0 if the group did not take part. */
int es_re_group(const struct es_scan_ctx *sc, unsigned g, size_t *gs, size_t *ge);

/* detectors/pcre.c: a prefilter for patterns whose every match starts with
 * one of a few literals (a label alternation): the first two bytes of each
 * literal and the byte pair after them (ASCII letters in both cases). A
 * position passes if its bytes could start one of the literals, so the first
 * passing position at or after `start` is where a search may start without
 * missing a match. Built once in init(); 16 KiB. */
struct es_prefilter {
    uint8_t a[256 * 32];    /* bit set of (byte 0, byte 1) pairs */
    uint8_t b[256 * 32];    /* (byte 1, byte 2) pairs; all of row byte 1 for a 2-byte literal */
    uint8_t n0[32], n1[32]; /* nibble tables of byte 0 and byte 1 (pcre.c, SIMD scan) */
    uint8_t n2[32];         /* and of byte 2 (any byte for a 2-byte literal) */
};
/* prefixes: NULL-terminated list of literals (2 bytes or more; a shorter
 * one lets everything through), each a prefix every match of its branch
 * starts with. */
void es_pf_init(struct es_prefilter *pf, const char *const *prefixes);
/* First position >= from that may start a literal, or len. */
size_t es_pf_next(const struct es_prefilter *pf, const char *text, size_t len, size_t from);
/* One match attempt of re (compiled with PCRE2_ANCHORED) at text[at]:
 * 1 with ms and me set, 0 no match, -1 a limit or other error. */
int es_re_try(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
              size_t at, size_t *ms, size_t *me);
/* es_re_try() at *at for a search over chosen positions: 1 on a match, 0 to
 * go on from *at + 1, -1 when nothing is left. A limit or other error gives
 * up on the rest of the line, as es_re_find() does: *at moves to its '\n'. */
int es_re_try_line(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
                   size_t *at, size_t *ms, size_t *me);

/* Bits set in x, without a popcount instruction (the baseline x86-64
 * build has none: __builtin_popcount* is a libgcc call). */
static inline unsigned es_popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555u);
    x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (unsigned)((x * 0x0101010101010101u) >> 56);
}

/* detectors/context.c: what surrounds a match. */
/* The label of the field holding text[off]: the header of its column in a
 * tabular chunk, else the chunk label; NULL if none. */
const char *es_ctx_column(const struct es_chunk *c, size_t off);
/* es_ctx_column() for offsets met in ascending order (a scan's candidates):
 * the field count of a line goes on from the offset before instead of
 * starting at the line start each time. Start with a zeroed cursor; an
 * offset before the last one starts over. */
struct es_col_cursor {
    size_t at;      /* counted up to text[at] of its line: ... */
    size_t field;   /* ... fields begun, */
    int quoted;     /* and inside quotes or not */
};
/* The field of text[off] (off <= c->len) as es_ctx_column() counts it:
 * unquoted c->delim bytes since the line start. */
size_t es_ctx_field(const struct es_chunk *c, struct es_col_cursor *cur, size_t off);
/* es_ctx_column(c, off), its field found by es_ctx_field(). */
const char *es_ctx_column_at(const struct es_chunk *c, struct es_col_cursor *cur, size_t off);
/* Up to max bytes before off (after end) on the same line; returns the length. */
size_t es_ctx_before(const struct es_chunk *c, size_t off, size_t max, const char **p);
size_t es_ctx_after(const struct es_chunk *c, size_t end, size_t max, const char **p);
/* Where es_ctx_before(c, off, max) starts its window, given ls, the start
 * of off's line (or any offset before off - max where the line starts
 * before that): ls if it is within max bytes, else off - max moved off a
 * UTF-8 continuation byte. */
size_t es_ctx_before_from(const struct es_chunk *c, size_t ls, size_t off, size_t max);
/* Where es_ctx_after(c, end, max) ends its window, given le, the end of
 * end's line (its '\n' or the chunk's end; or any offset more than max
 * bytes after end where the line ends later). */
size_t es_ctx_after_to(const struct es_chunk *c, size_t le, size_t end, size_t max);
/* 1 if any keyword occurs in text[0, len) (ASCII letters case-insensitive). */
int es_ctx_has(const char *text, size_t len, const char *const *keywords);

/* detectors/context.c: es_ctx_has() for keyword lists searched in long
 * texts (lines, chunks), with the prefilter built once: a vector pass finds
 * where a keyword may start instead of a byte-by-byte pass. */
/* Keywords a set takes with a prefilter; more are searched as es_ctx_has(). */
#define ES_KWSET_MAX 128
struct es_kwset {
    struct es_prefilter pf;
    const char *const *keywords;   /* NULL-terminated; not copied */
    size_t len[ES_KWSET_MAX];      /* keywords[i]'s length (unless plain) */
    int plain;                     /* search with es_ctx_has() (see context.c) */
    int word;                      /* es_kwset_init_words(): es_ctx_has_word()'s rule */
};
void es_kwset_init(struct es_kwset *ks, const char *const *keywords);
/* The same for words as es_ctx_has_word() takes them (an ASCII letter at
 * a word's start or end must not touch another). */
void es_kwset_init_words(struct es_kwset *ks, const char *const *words);
/* Same answer as es_ctx_has(text, len, ks->keywords), or for a set made by
 * es_kwset_init_words() as es_ctx_has_word(text, len, ks->keywords). */
int es_kwset_has(const struct es_kwset *ks, const char *text, size_t len);

/* detectors/validate.c: check digits and friends. */
int es_luhn_ok(const char *digits, size_t n);
/* Mask all but the first `keep_head` and last
 * `keep_tail` alphanumerics. */
size_t es_mask_keep(const char *norm, size_t len, size_t keep_head, size_t keep_tail, char *out,
                    size_t cap);
size_t es_mask_generic(const char *norm, size_t len, char *out, size_t cap);

/* detectors/validate.c: 1 if t[i, i + n) lies within len and is all ASCII
 * digits (hex: hex digits, either case), as a gate tests a number's groups. */
int es_digits_at(const char *t, size_t len, size_t i, size_t n, int hex);

/* detectors/validate.c: the ISO 3779 check digit (position 9) of a 17-character
 * VIN in upper case; 1 if it matches. */
int es_vin_check_ok(const char *vin);

/* detectors/fieldctx.c: the key written just before text[off] on its line
 * (`"imei": "`, `imei=`, `お客様番号: `, `<vin>`, `<th>VIN</th><td>`); returns its
 * length (0: none) and points *key at it. */
size_t es_ctx_key(const struct es_chunk *c, size_t off, const char **key);
/* SQL INSERT statements in a chunk: want() tags each column of the target
 * table by name (0 = not wanted; the column list, else the table's CREATE
 * TABLE earlier in the chunk); emit() gets each value of a tagged column
 * (text offsets without the quotes). */
typedef unsigned (*es_sql_want_fn)(void *ctx, const char *name, size_t len);
typedef void (*es_sql_emit_fn)(void *ctx, unsigned tag, size_t start, size_t end);
/* sc (may be NULL) only for its chunk facts: the keyword searches are
 * shared by the detectors that read the same chunk. */
void es_sql_each(const struct es_scan_ctx *sc, const struct es_chunk *c, es_sql_want_fn want,
                 es_sql_emit_fn emit, void *ctx);
/* es_sql_each() one statement at a time, for a detector that walks the
 * chunk's lines itself and must know which of them a statement holds (plate
 * reads no label in them). Where the reading stands and the tables that the
 * CREATE TABLEs read so far define (a table created again takes the new
 * columns from there on); fieldctx.c's business, set up by es_sql_begin(). */
#define ES_SQL_TABLES 8   /* CREATE TABLEs remembered per chunk */
#define ES_SQL_COLS 64    /* columns per table; later ones are ignored */
#define ES_SQL_NAME 64    /* bytes of a table name kept */
struct es_sql_table {
    char name[ES_SQL_NAME];
    size_t nlen, ncol;
    unsigned char tag[ES_SQL_COLS];   /* want()'s tag of each column */
};
struct es_sql_iter {
    size_t pos, ct_pos, ntables, next_slot;
    size_t at, at_from;               /* es_sql_peek()'s answer from pos at_from */
    struct es_sql_table tables[ES_SQL_TABLES];
};
void es_sql_begin(struct es_sql_iter *it);
/* Start of the next INSERT keyword (either case) before c->owned, where
 * es_sql_read() reads next; (size_t)-1: none. */
size_t es_sql_peek(const struct es_scan_ctx *sc, const struct es_chunk *c, struct es_sql_iter *it);
/* Read the statement at es_sql_peek()'s keyword and move past it: 1 if it
 * is an INSERT ... VALUES into a table with a column want() tags, its values
 * emitted and *end set to where its VALUES list ended (the blanks after it
 * not included); 0 if not (nothing
 * emitted). */
int es_sql_read(const struct es_scan_ctx *sc, const struct es_chunk *c, struct es_sql_iter *it,
                es_sql_want_fn want, es_sql_emit_fn emit, void *ctx, size_t *end);
/* 0 if es_sql_each() would find no statement in c (no INSERT keyword in
 * the bytes it searches), found by one vector pass (once per chunk where
 * sc has facts; sc may be NULL); 1 if it may. */
int es_sql_maybe(const struct es_scan_ctx *sc, const struct es_chunk *c);
/* The same for a tabular chunk: want() tags each column by its header label;
 * emit() gets every field of a tagged column (raw offsets, quotes included). */
void es_column_each(const struct es_chunk *c, es_sql_want_fn want, es_sql_emit_fn emit, void *ctx);

/* Like es_ctx_has(), but a keyword that starts or ends with an ASCII letter
 * must not touch another ASCII letter there ("vin" is not in "Kevin";
 * "customer" is in "customer_id"). */
int es_ctx_has_word(const char *text, size_t len, const char *const *words);

/* detectors/fieldctx.c: length of the text at text[0, len) that the keyword
 * kw[0, kl) matches (ASCII letters case-insensitive; a ー in the keyword also
 * matches the '-' that normalisation makes of it), or 0. */
size_t es_kw_at(const char *text, size_t len, const char *kw, size_t kl);
/* es_kw_at(text + i, len - i, w, wl) as a word: the length matched, or 0
 * also where an ASCII letter that starts (ends) w touches another ASCII
 * letter before (after) the match. The rule of es_ctx_has_word(). */
size_t es_kw_word_at(const char *text, size_t len, size_t i, const char *w, size_t wl);
/* 1 if a ー starts among the first three bytes of kw[0, kl): there a match
 * may hold a one-byte '-' (es_kw_at()), so a filter on a keyword's first
 * bytes as they are would miss it. */
int es_kw_dash_lead(const char *kw, size_t kl);

/* An ASCII letter, either case. */
static inline int es_ascii_alpha(unsigned char ch)
{
    return (unsigned char)((ch | 0x20) - 'a') < 26;   /* | 0x20 folds only A-Z onto a-z */
}

/* detectors/pcre.c: bit k set if text[at + k] (k < 64, at + k < len) is an
 * ASCII letter or digit, so that a detector can walk many short runs of
 * letters and digits with bit operations. */
uint64_t es_alnum_bits(const char *text, size_t len, size_t at);

/* The same for ASCII digits, and for upper-case ASCII letters. */
uint64_t es_digit_bits(const char *text, size_t len, size_t at);
uint64_t es_upper_bits(const char *text, size_t len, size_t at);
/* And bit k set if text[at + k] is the byte a or b (a field's quotes and
 * delimiters). */
uint64_t es_either_bits(const char *text, size_t len, size_t at, char a, char b);

/* detectors/pcre.c: es_re_find() for a pattern whose every match starts a
 * run of ASCII letters and digits (not continuing one; its look-behind
 * rejects one before it): tries re (compiled with PCRE2_ANCHORED) only at
 * run starts that sel() keeps and gate() accepts, given the run's length;
 * in text order, so the first success is the search's match. A limit error
 * gives up on the line. gate(): */
typedef int (*es_run_gate_fn)(const char *text, size_t len, size_t at, size_t run);
/* sel(), a cut per 64-byte window: it gets what the finder's loads of
 * text[at, at + 64) and of the next 64 bytes found (bits past len clear),
 * and the window's run starts, and returns those worth a gate() call (a
 * superset of the ones gate() accepts): bit operations on a whole window
 * instead of a test per run start, on classes the finder has at hand
 * instead of a pass of its own over the same bytes. */
struct es_run_win {
    uint64_t a, a_next;           /* letters and digits: the window, the next 64 bytes */
    uint64_t digit, digit_next;   /* ASCII digits, the same */
    uint64_t upper;               /* upper-case ASCII letters of the window (ES_RUN_UPPER) */
};
typedef uint64_t (*es_run_sel_fn)(const char *text, size_t len, size_t at, const struct es_run_win *w,
                                  uint64_t starts);
/* classes: ES_RUN_UPPER if sel() reads w->upper; without it (one class
 * fewer to find per window) w->upper is only a superset (every bit set,
 * where the vector step leaves the class out). */
#define ES_RUN_UPPER 1u
int es_re_find_runs_sel(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
                        size_t start, es_run_sel_fn sel, unsigned classes, es_run_gate_fn gate, size_t *ms,
                        size_t *me);

/* The classes es_re_find_runs_sel() finds, kept per worker for the chunk
 * being scanned (sc->runs): vin, device_id and payment_card each walk the
 * whole chunk over the same classes, so the first walk classifies each
 * 64-byte window text[64k, 64k + 64) once (a[k], d[k], u[k]) and the others
 * read them. 24 bytes per 64 of text: 384 KiB for a 1 MiB chunk (the
 * largest), kept by the worker from chunk to chunk. A text longer than
 * ES_RUN_BITS_MAX (twice the largest chunk, so at most 768 KiB however a
 * chunk is made) or other than text, len is classified as it is walked,
 * as without them. */
#define ES_RUN_BITS_MAX (2u * 1024u * 1024u)
struct es_run_bits {
    const char *text;       /* the chunk's text and length: only they are kept */
    size_t len;
    int done;               /* a, d and u hold text's windows (then a zero word) */
    uint64_t *a, *d, *u;    /* one allocation of 3 * cap words */
    size_t cap;
};
/* Before each chunk: nothing kept yet, for text[0, len). */
static inline void es_run_bits_reset(struct es_run_bits *rb, const char *text, size_t len)
{
    rb->text = text;
    rb->len = len;
    rb->done = 0;
}
void es_run_bits_free(struct es_run_bits *rb);
/* detectors/pcre.c: sc's kept classes of text[0, len), found now if not yet
 * (as by es_re_find_runs_sel()), or NULL where there are none (see above):
 * for a detector that walks the chunk's digits with its own loop. */
const struct es_run_bits *es_run_bits_get(const struct es_scan_ctx *sc, const char *text, size_t len);

/* detectors/pcre.c: a test of whole literals at the positions a prefilter
 * lets through. The prefilter looks at three bytes, for CJK one character
 * (車 of every 車両, ナ of every ナビ); when each match starts with one of a
 * few longer literals, testing them first saves most match attempts. */
#define ES_LITS_MAX 64
struct es_literals {
    const char *const *lits;          /* NULL-terminated, none empty */
    uint64_t first[256];              /* bit k: literal k starts with this byte */
    /* Literal k's first 8 bytes as words (memory order, as memcpy() loads
     * them), so that most tests are one compare: val with the case bit set
     * where a byte is an ASCII letter (fold), msk over its bytes. */
    uint64_t val[ES_LITS_MAX], msk[ES_LITS_MAX], fold[ES_LITS_MAX];
    size_t len[ES_LITS_MAX];
};
/* Returns 0 if there are more than ES_LITS_MAX literals or an empty one;
 * es_lits_at() then lets every position through. */
int es_lits_init(struct es_literals *l, const char *const *lits);
/* 1 if one of the literals starts at text[at] and ends by len (ASCII
 * letters in either case). */
int es_lits_at(const struct es_literals *l, const char *text, size_t len, size_t at);

/* detectors/pcre.c: es_pf_next(), the same result, 32 positions per step
 * where the CPU has AVX2: for whole-chunk passes. */
size_t es_pf_next_wide(const struct es_prefilter *pf, const char *text, size_t len, size_t from);
/* detectors/pcre.c: es_pf_next_wide() with the vector test up to the text's
 * end: where fewer than 34 bytes are left, one step on a padded copy
 * instead of es_pf_next()'s byte pairs. A position it returns passes
 * es_pf_next()'s table test and every literal start is returned in turn,
 * but es_pf_next() may return more positions in the last bytes (ones the
 * table test lets through and no literal starts at): for callers that
 * check each position for a literal (short texts: a line, a window). */
size_t es_pf_next_start(const struct es_prefilter *pf, const char *text, size_t len, size_t from);

/* detectors/pcre.c: es_re_find() trying only positions es_pf_next() lets
 * through and where one of the literals starts (es_lits_at()); re should
 * be compiled with PCRE2_ANCHORED (each try is one anchored match). The
 * positions come from a wider vector scan: bytes 0-2, 4 and 5 of the
 * literals (of the first ES_LITSCAN_BYTES, all but the lead byte of a CJK
 * literal's second character; bytes 1-5 by their low nibble alone)
 * instead of the prefilter's three, so that a common CJK character that
 * starts a literal (お of お客, 車 of 車載) stops the scan only where the
 * next character fits too. A limit error gives up on the rest of the line
 * (es_re_try_line()). */
#define ES_LITSCAN_BYTES 6
struct es_litscan {
    const struct es_prefilter *pf;     /* not copied */
    const struct es_literals *lits;    /* not copied */
    uint8_t n[ES_LITSCAN_BYTES][32];   /* nibble tables per byte offset, 8 buckets */
};
void es_litscan_init(struct es_litscan *ls, const struct es_prefilter *pf, const struct es_literals *lits);
/* The first position >= from that es_pf_next() and es_lits_at() both let through, or len. */
size_t es_litscan_next(const struct es_litscan *ls, const char *text, size_t len, size_t from);
int es_re_find_lits(const struct es_scan_ctx *sc, const pcre2_code *re, const struct es_litscan *ls,
                    const char *text, size_t len, size_t start, size_t *ms, size_t *me);

/* detectors/pcre.c: es_pf_next_wide(pf, text, len, from) for a caller
 * asking again and again in one text, mostly a little further on: the
 * passes of the 64 positions from a pass are found at once and kept as
 * bits, and popping a bit is cheaper than a re-entry of the vector scan
 * where passes lie close together. Start with a zeroed cursor, and use it
 * with one pf, text and len. */
struct es_pf_cursor {
    size_t base;     /* the block's first position (a pass, or len) */
    uint64_t bits;   /* bit k: base + k is a pass (es_pf_next() == base + k) */
    int blk;         /* base and bits are set */
};
size_t es_pf_cursor_next(const struct es_prefilter *pf, struct es_pf_cursor *cur, const char *text, size_t len,
                         size_t from);

#endif
