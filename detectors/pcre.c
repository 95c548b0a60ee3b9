/* PCRE2 helpers: compile once with JIT into shared read-only code; match with
 * the worker's match data and limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>
#define PF_SSSE3 1
#endif
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cpu.h"
#include "detector.h"
#include "vconst.h"

/* pcre2_jit_match() skips pcre2_match()'s checks and set-up, which cost as
 * much as a short anchored try; a pattern without JIT code (JIT missing or
 * out of executable memory) answers PCRE2_ERROR_JIT_BADOPTION there and
 * goes to pcre2_match(). Text reaching detectors is valid UTF-8 by
 * construction. */
static int re_match(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
                    size_t start)
{
    int rc = pcre2_jit_match(re, (PCRE2_SPTR)text, len, start, 0, sc->md, sc->mctx);
    if (rc == PCRE2_ERROR_JIT_BADOPTION)
        rc = pcre2_match(re, (PCRE2_SPTR)text, len, start, PCRE2_NO_UTF_CHECK, sc->md, sc->mctx);
    return rc;
}

pcre2_code *es_re_compile(const char *pattern, uint32_t options, char *err, size_t errlen)
{
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &ec, &eo, NULL);
    if (!re) {
        if (err && errlen) {
            PCRE2_UCHAR msg[160];
            pcre2_get_error_message(ec, msg, sizeof msg);
            snprintf(err, errlen, "pattern error at %zu: %s", (size_t)eo, (const char *)msg);
        }
        return NULL;
    }
    /* JIT is a speed-up, not a requirement: without it matching still works. */
    (void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    return re;
}

int es_re_find(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
               size_t start, size_t *ms, size_t *me)
{
    while (start <= len) {
        int rc = re_match(sc, re, text, len, start);
        if (rc > 0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
            *ms = ov[0];
            *me = ov[1];
            return 1;
        }
        if (rc == PCRE2_ERROR_NOMATCH || rc == 0)
            return 0;
        /* A limit or other error: give up on this line and go on after it. */
        const char *nl = memchr(text + start, '\n', len - start);
        if (!nl)
            return 0;
        start = (size_t)(nl - text) + 1;
    }
    return 0;
}

int es_re_group(const struct es_scan_ctx *sc, unsigned g, size_t *gs, size_t *ge)
{
    if (g >= pcre2_get_ovector_count(sc->md))
        return 0;
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
    if (ov[2 * g] == PCRE2_UNSET)
        return 0;
    *gs = ov[2 * g];
    *ge = ov[2 * g + 1];
    return 1;
}

/* ---- literal-prefix prefilter ---- */

#define PF_BIT(set, x, y) (((set)[((unsigned)(x) << 5) | ((unsigned)(y) >> 3)] >> ((y) & 7)) & 1u)
#define PF_SET(set, x, y) ((set)[((unsigned)(x) << 5) | ((unsigned)(y) >> 3)] |= (uint8_t)(1u << ((y) & 7)))

/* The byte and, for an ASCII letter, its other case: the tables hold both
 * so that matching needs no folding. */
static size_t pf_cases(unsigned char ch, unsigned char out[2])
{
    out[0] = ch;
    if (ch >= 'A' && ch <= 'Z') {
        out[1] = (unsigned char)(ch + 32);
        return 2;
    }
    if (ch >= 'a' && ch <= 'z') {
        out[1] = (unsigned char)(ch - 32);
        return 2;
    }
    return 1;
}

/* The nibble tables: each (byte 0, byte 1) pair of a literal goes into one
 * of 8 buckets; a byte x may be byte 0 of bucket k if bit k is set in both
 * n0[x & 15] and n0[16 + (x >> 4)] (a superset when a bucket holds several
 * bytes), byte 1 likewise with n1. Pairs are spread in the order given, so
 * that neighbours (same script) share a bucket. */
static void pf_nibbles(struct es_prefilter *pf, const char *const *prefixes)
{
    size_t npairs = 0, k = 0;
    for (const char *const *p = prefixes; *p; p++)
        npairs++;
    for (const char *const *p = prefixes; *p; p++, k++) {
        const unsigned char *s = (const unsigned char *)*p;
        unsigned bit = 1u << (k * 8 / npairs);
        unsigned char xs[2], ys[2];
        size_t nx = pf_cases(s[0], xs), ny = pf_cases(s[1], ys);
        for (size_t i = 0; i < nx; i++) {
            pf->n0[xs[i] & 15] |= (uint8_t)bit;
            pf->n0[16 + (xs[i] >> 4)] |= (uint8_t)bit;
        }
        for (size_t j = 0; j < ny; j++) {
            pf->n1[ys[j] & 15] |= (uint8_t)bit;
            pf->n1[16 + (ys[j] >> 4)] |= (uint8_t)bit;
        }
        unsigned char zs[2];
        size_t nz = s[2] ? pf_cases(s[2], zs) : 0;
        if (nz == 0) {   /* a 2-byte literal: any third byte */
            for (size_t m = 0; m < 32; m++)
                pf->n2[m] |= (uint8_t)bit;
        }
        for (size_t m = 0; m < nz; m++) {
            pf->n2[zs[m] & 15] |= (uint8_t)bit;
            pf->n2[16 + (zs[m] >> 4)] |= (uint8_t)bit;
        }
    }
}

void es_pf_init(struct es_prefilter *pf, const char *const *prefixes)
{
    memset(pf, 0, sizeof *pf);
    for (const char *const *p = prefixes; *p; p++) {
        const unsigned char *s = (const unsigned char *)*p;
        size_t n = strlen(*p);
        if (n < 2) {
            /* Too short to filter on: let every position through. */
            memset(pf, 0xFF, sizeof *pf);
            return;
        }
        unsigned char xs[2], ys[2], zs[2];
        size_t nx = pf_cases(s[0], xs), ny = pf_cases(s[1], ys), nz = n >= 3 ? pf_cases(s[2], zs) : 0;
        for (size_t i = 0; i < nx; i++)
            for (size_t j = 0; j < ny; j++)
                PF_SET(pf->a, xs[i], ys[j]);
        for (size_t j = 0; j < ny; j++) {
            if (nz == 0)   /* a 2-byte literal: any third byte */
                memset(pf->b + ((size_t)ys[j] << 5), 0xFF, 256 / 8);
            for (size_t k = 0; k < nz; k++)
                PF_SET(pf->b, ys[j], zs[k]);
        }
    }
    pf_nibbles(pf, prefixes);
}

/* Does a literal's third byte fit at t[i + 2] (or is the text too short to tell)? */
static int pf_third(const struct es_prefilter *pf, const unsigned char *t, size_t len, size_t i)
{
    return i + 2 >= len || PF_BIT(pf->b, t[i + 1], t[i + 2]);
}

/* Does position i pass es_pf_next() (a pass is a position it returns)? */
static int pf_pass(const struct es_prefilter *pf, const unsigned char *t, size_t len, size_t i)
{
    return i + 1 < len && PF_BIT(pf->a, t[i], t[i + 1]) && pf_third(pf, t, len, i);
}

/* pf_pass() at a position with two more bytes after it in the text: no
 * bound to test (a vector step reads past its last position anyway). */
static inline int pf_pass_in(const struct es_prefilter *pf, const unsigned char *t, size_t i)
{
    return PF_BIT(pf->a, t[i], t[i + 1]) && PF_BIT(pf->b, t[i + 1], t[i + 2]);
}

/* The first of a vector step's candidates (bit k: position i + k) that
 * passes, into *at: 1, or 0 if none does. The step has read t[i + 33]
 * (AVX2) or t[i + 17] (SSSE3), two bytes past any candidate. */
static inline int pf_first_pass(const struct es_prefilter *pf, const unsigned char *t, size_t i, uint32_t mask,
                                size_t *at)
{
    for (; mask; mask &= mask - 1) {
        size_t k = i + (size_t)__builtin_ctz(mask);
        if (pf_pass_in(pf, t, k)) {
            *at = k;
            return 1;
        }
    }
    return 0;
}

#ifdef PF_SSSE3
/* Sixteen positions at a time: two table look-ups per byte by nibble
 * (PSHUFB) say whether the bytes at a position may be one literal's first
 * three (all in one bucket: a match starts with a whole literal, so this
 * drops no match start); the rare positions that may are checked as
 * below. Sets *i to a candidate and returns 1, or returns 0 with *i where
 * fewer than 18 bytes are left. */
__attribute__((target("ssse3"))) static int pf_scan_ssse3(const struct es_prefilter *pf,
                                                          const unsigned char *t, size_t len,
                                                          size_t *at)
{
    const __m128i lo0 = _mm_loadu_si128((const __m128i *)pf->n0);
    const __m128i hi0 = _mm_loadu_si128((const __m128i *)(pf->n0 + 16));
    const __m128i lo1 = _mm_loadu_si128((const __m128i *)pf->n1);
    const __m128i hi1 = _mm_loadu_si128((const __m128i *)(pf->n1 + 16));
    const __m128i lo2 = _mm_loadu_si128((const __m128i *)pf->n2);
    const __m128i hi2 = _mm_loadu_si128((const __m128i *)(pf->n2 + 16));
    const __m128i nib = _mm_set1_epi8(0x0F), zero = _mm_setzero_si128();
    size_t i = *at;
    for (; i + 18 <= len; i += 16) {
        __m128i v0 = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i v1 = _mm_loadu_si128((const __m128i *)(t + i + 1));
        __m128i v2 = _mm_loadu_si128((const __m128i *)(t + i + 2));
        __m128i c0 = _mm_and_si128(_mm_shuffle_epi8(lo0, _mm_and_si128(v0, nib)),
                                   _mm_shuffle_epi8(hi0, _mm_and_si128(_mm_srli_epi16(v0, 4), nib)));
        __m128i c1 = _mm_and_si128(_mm_shuffle_epi8(lo1, _mm_and_si128(v1, nib)),
                                   _mm_shuffle_epi8(hi1, _mm_and_si128(_mm_srli_epi16(v1, 4), nib)));
        __m128i c2 = _mm_and_si128(_mm_shuffle_epi8(lo2, _mm_and_si128(v2, nib)),
                                   _mm_shuffle_epi8(hi2, _mm_and_si128(_mm_srli_epi16(v2, 4), nib)));
        unsigned mask =
            ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(_mm_and_si128(c0, c1), c2), zero)) & 0xFFFFu;
        if (pf_first_pass(pf, t, i, mask, at))
            return 1;
    }
    *at = i;
    return 0;
}
#endif

size_t es_pf_next(const struct es_prefilter *pf, const char *text, size_t len, size_t from)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t i = from;
#ifdef PF_SSSE3
    if (__builtin_cpu_supports("ssse3") && pf_scan_ssse3(pf, t, len, &i))
        return i;
#endif
    /* Four positions per step without a branch each: the pair test passes
     * rarely, so one well-predicted branch per step. */
    for (; i + 4 < len; i += 4) {
        unsigned m = PF_BIT(pf->a, t[i], t[i + 1]) | PF_BIT(pf->a, t[i + 1], t[i + 2]) << 1 |
                     PF_BIT(pf->a, t[i + 2], t[i + 3]) << 2 | PF_BIT(pf->a, t[i + 3], t[i + 4]) << 3;
        if (!m)
            continue;
        for (size_t k = 0; k < 4; k++)
            if ((m >> k & 1) && pf_third(pf, t, len, i + k))
                return i + k;
    }
    for (; i + 1 < len; i++)
        if (pf_pass(pf, t, len, i))
            return i;
    /* The last byte cannot start a literal of two bytes or more. */
    return len;
}

int es_re_try_line(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
                   size_t *at, size_t *ms, size_t *me)
{
    int rc = es_re_try(sc, re, text, len, *at, ms, me);
    if (rc >= 0)
        return rc > 0;
    const char *nl = memchr(text + *at, '\n', len - *at);
    if (!nl)
        return -1;
    *at = (size_t)(nl - text);
    return 0;
}

/* ---- word starts ---- */

static int alnum(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

int es_re_try(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
              size_t at, size_t *ms, size_t *me)
{
    int rc = re_match(sc, re, text, len, at);
    if (rc > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(sc->md);
        *ms = ov[0];
        *me = ov[1];
        return 1;
    }
    return rc == PCRE2_ERROR_NOMATCH || rc == 0 ? 0 : -1;
}

/* ---- byte-class masks ---- */

/* The classes of es_digit_bits(), es_alnum_bits() and es_upper_bits(). */
enum { CLS_DIGIT, CLS_ALNUM, CLS_UPPER };

static int in_class(unsigned char ch, int cls)
{
    if (cls == CLS_ALNUM)
        return alnum(ch);
    return cls == CLS_UPPER ? ch >= 'A' && ch <= 'Z' : ch >= '0' && ch <= '9';
}

/* Below, a class is one range test (two for letters and digits): a biased
 * signed compare is an unsigned one, and letters are folded by OR 0x20,
 * which maps only 'A'-'Z' and 'a'-'z' into 'a'-'z'. */

#ifdef PF_SSSE3
/* AVX2 intrinsics for the helpers below (each behind target("avx2") and a
 * run-time CPU check, as pf_scan_ssse3() is behind SSSE3's; byte constants
 * from es_ybyte(), vconst.h). */
#include <immintrin.h>

/* The class's bits of a whole 64-byte window, 32 bytes per step. */
__attribute__((target("avx2"), always_inline)) static inline uint64_t class_bits_y(const unsigned char *t, int cls)
{
    uint64_t m = 0;
    for (size_t o = 0; o < 64; o += 32) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(t + o));
        __m256i d = cls == CLS_UPPER ? es_yrange(v, 'A', 26) : es_yrange(v, '0', 10);
        if (cls == CLS_ALNUM)
            d = _mm256_or_si256(d, es_yrange(_mm256_or_si256(v, es_ybyte(0x20)), 'a', 26));
        m |= (uint64_t)(uint32_t)_mm256_movemask_epi8(d) << o;
    }
    return m;
}

__attribute__((target("avx2"))) static uint64_t class_bits_avx2(const unsigned char *t, int cls)
{
    return class_bits_y(t, cls);
}
#endif

#ifdef __SSE2__
/* Bit k set if t[k] is in the class, for 16 bytes. */
static inline unsigned class_mask16(const unsigned char *t, int cls)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)t);
    __m128i d = cls == CLS_UPPER ? es_xrange(v, 'A', 26) : es_xrange(v, '0', 10);
    if (cls == CLS_ALNUM)
        d = _mm_or_si128(d, es_xrange(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26));
    return (unsigned)_mm_movemask_epi8(d);
}
#endif

static inline uint64_t class_bits(const char *text, size_t len, size_t at, int cls)
{
    const unsigned char *t = (const unsigned char *)text;
    uint64_t m = 0;
    size_t k = 0;
#ifdef PF_SSSE3
    if (at + 64 <= len && es_cpu_avx2())
        return class_bits_avx2(t + at, cls);
#endif
#ifdef __SSE2__
    /* Four vector tests for a whole window; the tail of a chunk bytewise. */
    for (; k + 16 <= 64 && at + k + 16 <= len; k += 16)
        m |= (uint64_t)class_mask16(t + at + k, cls) << k;
#endif
    for (; k < 64 && at + k < len; k++)
        m |= (uint64_t)in_class(t[at + k], cls) << k;
    return m;
}

uint64_t es_alnum_bits(const char *text, size_t len, size_t at) { return class_bits(text, len, at, CLS_ALNUM); }

uint64_t es_digit_bits(const char *text, size_t len, size_t at) { return class_bits(text, len, at, CLS_DIGIT); }

uint64_t es_upper_bits(const char *text, size_t len, size_t at) { return class_bits(text, len, at, CLS_UPPER); }

uint64_t es_either_bits(const char *text, size_t len, size_t at, char a, char b)
{
    uint64_t m = 0;
    size_t k = 0;
#ifdef __SSE2__
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
    for (; k + 16 <= 64 && at + k + 16 <= len; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(text + at + k));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)))
             << k;
    }
#endif
    for (; k < 64 && at + k < len; k++)
        m |= (uint64_t)(text[at + k] == a || text[at + k] == b) << k;
    return m;
}

/* ---- anchored tries at the starts of letter-or-digit runs ---- */

/* What es_re_find_runs_sel() classifies of a window, for its own walk (a)
 * and for sel() (struct es_run_win): letters and digits, digits, upper case. */
struct win_bits {
    uint64_t a, d, u;
};
typedef void (*window_bits_fn)(const struct es_run_bits *rb, const char *text, size_t len, size_t at,
                               struct win_bits *b);

/* The window's classes bytewise (SSE2 where it can): no AVX2. Upper case
 * only if asked for (ES_RUN_UPPER), else all bits set, as the AVX2 step
 * does. */
static void window_bits_plain(const struct es_run_bits *rb, const char *text, size_t len, size_t at,
                              struct win_bits *b)
{
    (void)rb;
    b->a = es_alnum_bits(text, len, at);
    b->d = es_digit_bits(text, len, at);
    b->u = es_upper_bits(text, len, at);
}

static void window_bits_plain_noup(const struct es_run_bits *rb, const char *text, size_t len, size_t at,
                                   struct win_bits *b)
{
    (void)rb;
    b->a = es_alnum_bits(text, len, at);
    b->d = es_digit_bits(text, len, at);
    b->u = ~(uint64_t)0;
}

__attribute__((always_inline)) static inline int
runs_body(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len, size_t start,
          es_run_sel_fn sel, es_run_gate_fn gate, size_t *ms, size_t *me, window_bits_fn window_bits,
          const struct es_run_bits *rb)
{
    const unsigned char *t = (const unsigned char *)text;
    if (start >= len)
        return 0;
    /* The runs of letters and digits, from 64-byte windows of
     * letter-or-digit bits: the many short runs (words, numbers) cost a few
     * bit operations each. The windows start at multiples of 64, where the
     * kept classes are (window_bits_kept()); from: the run starts at start
     * and after it. prev: t[i - 1] is a letter or digit (a run going on into
     * the window starts nothing). */
    size_t i = start - start % 64;
    uint64_t from = ~(uint64_t)0 << (start % 64);
    uint64_t prev = i > 0 && alnum(t[i - 1]);
    /* The window's classes, and the next window's (runs end past the
     * window, and sel() looks ahead), kept for the next step when it
     * starts there. */
    struct win_bits cur, nxt = {0, 0, 0};
    size_t nxt_at = (size_t)-1;
    while (i < len) {
        if (rb)   /* kept: one word now, the others only where sel() runs */
            cur.a = rb->a[i / 64];
        else if (nxt_at == i)
            cur = nxt;
        else
            window_bits(rb, text, len, i, &cur);
        uint64_t a = cur.a;
        size_t next = i + 64;
        uint64_t starts = a & ~(a << 1 | prev) & from;
        from = ~(uint64_t)0;
        if (rb && !starts) {
            /* Kept: on to the next window with a run start, one word per
             * window (most windows of CJK text have none). */
            size_t k = i / 64 + 1, end = (len + 63) / 64;
            for (prev = a >> 63; k < end && !(rb->a[k] & ~(rb->a[k] << 1 | prev)); k++)
                prev = rb->a[k] >> 63;
            i = k * 64;
            continue;
        }
        if (starts) {
            if (rb)
                window_bits(rb, text, len, i, &cur);
            window_bits(rb, text, len, i + 64, &nxt);
            nxt_at = i + 64;
            const struct es_run_win w = {.a = a, .a_next = nxt.a, .digit = cur.d, .digit_next = nxt.d,
                                         .upper = cur.u};
            starts = sel(text, len, i, &w, starts);
        }
        for (; starts; starts &= starts - 1) {
            unsigned k = (unsigned)__builtin_ctzll(starts);
            size_t p = i + k;
            uint64_t gap = ~(a >> k);
            size_t run = gap ? (size_t)__builtin_ctzll(gap) : 64;
            if (k + run >= 64) {   /* the run goes on past the window */
                size_t e = i + 64;
                if (nxt_at == e && ~nxt.a) {
                    /* It ends in the next window, whose bits sel() had. */
                    e += (size_t)__builtin_ctzll(~nxt.a);
                } else {
                    while (e < len && alnum(t[e]))
                        e++;
                }
                run = e - p;
            }
            if (!gate(text, len, p, run))
                continue;
            size_t at = p;
            int rc = es_re_try_line(sc, re, text, len, &at, ms, me);
            if (rc)
                return rc > 0;
            if (at != p) {   /* a limit: on after the line */
                next = at + 1;
                break;
            }
        }
        if (next != i + 64) {   /* after a limit: on from next, in its window */
            from = ~(uint64_t)0 << (next % 64);
            next -= next % 64;
            prev = next > 0 && alnum(t[next - 1]);
        } else {
            prev = a >> 63;
        }
        i = next;
    }
    return 0;
}

#ifdef PF_SSSE3
/* The window's classes with AVX2 inline, from one load per 32 bytes
 * (class_bits() checks the CPU on every call; this runs once per 64 bytes
 * of every chunk). */
__attribute__((target("avx2"), always_inline)) static inline void
window_bits_y(const char *text, size_t len, size_t at, struct win_bits *b, int upper)
{
    if (at + 64 > len) {
        window_bits_plain(NULL, text, len, at, b);
        return;
    }
    uint64_t a = 0, d = 0, u = ~(uint64_t)0;
    if (upper)
        u = 0;
    for (size_t o = 0; o < 64; o += 32) {
        const __m256i v = _mm256_loadu_si256((const __m256i *)(text + at + o));
        const __m256i dv = es_yrange(v, '0', 10);
        const __m256i lv = es_yrange(_mm256_or_si256(v, es_ybyte(0x20)), 'a', 26);   /* letters, folded */
        a |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(dv, lv)) << o;
        d |= (uint64_t)(uint32_t)_mm256_movemask_epi8(dv) << o;
        if (upper)
            u |= (uint64_t)(uint32_t)_mm256_movemask_epi8(es_yrange(v, 'A', 26)) << o;
    }
    b->a = a, b->d = d, b->u = u;
}

/* window_bits_y() with upper case, and without (all bits set instead). */
__attribute__((target("avx2"), always_inline)) static inline void
window_bits_avx2(const struct es_run_bits *rb, const char *text, size_t len, size_t at, struct win_bits *b)
{
    (void)rb;
    window_bits_y(text, len, at, b, 1);
}

__attribute__((target("avx2"), always_inline)) static inline void
window_bits_avx2_noup(const struct es_run_bits *rb, const char *text, size_t len, size_t at, struct win_bits *b)
{
    (void)rb;
    window_bits_y(text, len, at, b, 0);
}

__attribute__((target("avx2"))) static int runs_find_avx2(const struct es_scan_ctx *sc, const pcre2_code *re,
                                                          const char *text, size_t len, size_t start,
                                                          es_run_sel_fn sel, unsigned classes,
                                                          es_run_gate_fn gate, size_t *ms, size_t *me)
{
    if (classes & ES_RUN_UPPER)
        return runs_body(sc, re, text, len, start, sel, gate, ms, me, window_bits_avx2, NULL);
    return runs_body(sc, re, text, len, start, sel, gate, ms, me, window_bits_avx2_noup, NULL);
}
#endif

/* ---- the chunk's classes, found once for every walk (struct es_run_bits) ---- */

/* The window text[at, at + 64) (at a multiple of 64) from the kept
 * classes (the zero word after the last window stands for the bytes past
 * len). */
__attribute__((always_inline)) static inline void window_bits_kept(const struct es_run_bits *rb, const char *text,
                                                                   size_t len, size_t at, struct win_bits *b)
{
    (void)text;
    (void)len;
    size_t k = at / 64;
    b->a = rb->a[k], b->d = rb->d[k], b->u = rb->u[k];
}

/* Windows k to nwin of the kept classes, bytewise (SSE2 where it can). */
static void run_bits_fill_plain(struct es_run_bits *rb, size_t k, size_t nwin)
{
    struct win_bits b;
    for (; k < nwin; k++) {
        window_bits_plain(NULL, rb->text, rb->len, k * 64, &b);
        rb->a[k] = b.a, rb->d[k] = b.d, rb->u[k] = b.u;
    }
}

#ifdef PF_SSSE3
/* The whole windows of the kept classes with AVX2 (in locals, so that the
 * stores cannot be taken to change them); returns how many. */
__attribute__((target("avx2"))) static size_t run_bits_fill_avx2(const char *text, size_t len, uint64_t *restrict a,
                                                                 uint64_t *restrict d, uint64_t *restrict u)
{
    size_t k = 0;
    for (; k * 64 + 64 <= len; k++) {
        struct win_bits b;
        window_bits_y(text, len, k * 64, &b, 1);
        a[k] = b.a, d[k] = b.d, u[k] = b.u;
    }
    return k;
}
#endif

/* sc's kept classes of text[0, len), found now if not yet; NULL if there
 * are none for this text (no sc->runs, other text, too long, no memory). */
const struct es_run_bits *es_run_bits_get(const struct es_scan_ctx *sc, const char *text, size_t len)
{
    struct es_run_bits *rb = sc ? sc->runs : NULL;
    if (!rb || rb->text != text || rb->len != len || len > ES_RUN_BITS_MAX)
        return NULL;
    if (rb->done)
        return rb;
    /* The windows, and a zero word for the one after the last (the next
     * window of the last). */
    size_t nwin = (len + 63) / 64, need = nwin + 1;
    if (rb->cap < need) {
        uint64_t *m = malloc(3 * need * sizeof *m);
        if (!m)
            return NULL;
        free(rb->a);
        rb->a = m, rb->d = m + need, rb->u = m + 2 * need;
        rb->cap = need;
    }
    size_t k = 0;
#ifdef PF_SSSE3
    if (es_cpu_avx2())
        k = run_bits_fill_avx2(text, len, rb->a, rb->d, rb->u);
#endif
    run_bits_fill_plain(rb, k, nwin);
    for (k = nwin; k < need; k++)
        rb->a[k] = rb->d[k] = rb->u[k] = 0;
    rb->done = 1;
    return rb;
}

void es_run_bits_free(struct es_run_bits *rb)
{
    free(rb->a);
    rb->a = rb->d = rb->u = NULL;
    rb->cap = 0;
    rb->done = 0;
}

int es_re_find_runs_sel(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
                        size_t start, es_run_sel_fn sel, unsigned classes, es_run_gate_fn gate, size_t *ms,
                        size_t *me)
{
    const struct es_run_bits *rb = es_run_bits_get(sc, text, len);
    if (rb)
        return runs_body(sc, re, text, len, start, sel, gate, ms, me, window_bits_kept, rb);
#ifdef PF_SSSE3
    if (es_cpu_avx2())
        return runs_find_avx2(sc, re, text, len, start, sel, classes, gate, ms, me);
#endif
    return runs_body(sc, re, text, len, start, sel, gate, ms, me,
                     classes & ES_RUN_UPPER ? window_bits_plain : window_bits_plain_noup, NULL);
}

/* ---- whole-literal test at prefilter passes ---- */

int es_lits_init(struct es_literals *l, const char *const *lits)
{
    size_t k = 0;
    memset(l, 0, sizeof *l);
    l->lits = lits;
    for (const char *const *p = lits; *p; p++, k++) {
        if (k >= ES_LITS_MAX || !**p) {
            /* Too many, or an empty one (it would match anywhere): no test. */
            memset(l, 0, sizeof *l);
            return 0;
        }
        const unsigned char *w = (const unsigned char *)*p;
        unsigned char xs[2];
        size_t nx = pf_cases(w[0], xs);
        for (size_t i = 0; i < nx; i++)
            l->first[xs[i]] |= (uint64_t)1 << k;
        unsigned char val[8] = {0}, msk[8] = {0}, fold[8] = {0};
        size_t n = strlen(*p);
        for (size_t i = 0; i < n && i < 8; i++) {
            fold[i] = es_ascii_alpha(w[i]) ? 0x20 : 0;
            val[i] = (unsigned char)(w[i] | fold[i]);
            msk[i] = 0xFF;
        }
        memcpy(&l->val[k], val, 8);
        memcpy(&l->msk[k], msk, 8);
        memcpy(&l->fold[k], fold, 8);
        l->len[k] = n;
    }
    return 1;
}

int es_lits_at(const struct es_literals *l, const char *text, size_t len, size_t at)
{
    const unsigned char *t = (const unsigned char *)text;
    if (!l->lits)
        return at < len;   /* es_lits_init() refused the list: no test */
    if (at >= len)
        return 0;
    /* Only the literals that start with this byte (in either case); where
     * 8 bytes are left, their first 8 bytes compared as one word each (OR
     * 0x20 on both sides where the literal has a letter). */
    uint64_t m = l->first[t[at]], x = 0;
    int word = at + 8 <= len;
    if (m && word)
        memcpy(&x, t + at, 8);
    for (; m; m &= m - 1) {
        unsigned k = (unsigned)__builtin_ctzll(m);
        size_t n = l->len[k], i = 1;
        if (n > len - at)
            continue;
        if (word) {
            if (((x | l->fold[k]) & l->msk[k]) != l->val[k])
                continue;
            i = 8;
        }
        /* OR 0x20 puts only 'A'-'Z' and 'a'-'z' on 'a'-'z': ASCII letters
         * in either case, as the prefilter tables take them. */
        const unsigned char *w = (const unsigned char *)l->lits[k];
        while (i < n && (t[at + i] == w[i] || ((t[at + i] | 0x20) == (w[i] | 0x20) && es_ascii_alpha(w[i]))))
            i++;
        if (i >= n)
            return 1;
    }
    return 0;
}

/* ---- a wider prefilter scan ---- */

#ifdef PF_SSSE3
/* Bucket bits of 32 positions for one byte offset: both nibble look-ups
 * (PSHUFB, each table in both lanes). */
__attribute__((target("avx2"), always_inline)) static inline __m256i nibble_look(const uint8_t *tab, __m256i v)
{
    const __m256i nib = _mm256_set1_epi8(0x0F);
    const __m256i lo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)tab));
    const __m256i hi = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(tab + 16)));
    return _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(v, nib)),
                            _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)));
}

/* The positions of b[0, 32) whose first three bytes share a bucket of the
 * prefilter's literals (a superset of its passes); reads b[0, 34). */
__attribute__((target("avx2"), always_inline)) static inline uint32_t pf_cand32(const struct es_prefilter *pf,
                                                                               const unsigned char *b)
{
    __m256i c = _mm256_and_si256(nibble_look(pf->n0, _mm256_loadu_si256((const __m256i *)b)),
                                 nibble_look(pf->n1, _mm256_loadu_si256((const __m256i *)(b + 1))));
    c = _mm256_and_si256(c, nibble_look(pf->n2, _mm256_loadu_si256((const __m256i *)(b + 2))));
    return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, _mm256_setzero_si256()));
}

/* pf_scan_ssse3() 32 positions at a time (AVX2: PSHUFB looks up within
 * each 16-byte lane, so each nibble table sits in both lanes). The same
 * candidates, checked the same way; returns 0 with *at where fewer than 34
 * bytes are left. */
__attribute__((target("avx2"))) static int pf_scan_avx2(const struct es_prefilter *pf,
                                                        const unsigned char *t, size_t len,
                                                        size_t *at)
{
    size_t i = *at;
    for (; i + 34 <= len; i += 32) {
        if (pf_first_pass(pf, t, i, pf_cand32(pf, t + i), at))
            return 1;
    }
    *at = i;
    return 0;
}
#endif

/* ---- whole literals found by a vector scan ---- */

/* Nibble tables of bytes 0 .. ES_LITSCAN_BYTES - 1 of the literals, in 8
 * buckets as pf_nibbles() builds them: a literal shorter than an offset
 * lets every byte through there. */
void es_litscan_init(struct es_litscan *ls, const struct es_prefilter *pf, const struct es_literals *lits)
{
    size_t n = 0;
    memset(ls, 0, sizeof *ls);
    ls->pf = pf;
    ls->lits = lits;
    if (!lits->lits) {
        /* es_lits_init() refused the list: es_lits_at() passes everything. */
        memset(ls->n, 0xFF, sizeof ls->n);
        return;
    }
    for (const char *const *p = lits->lits; *p; p++)
        n++;
    for (size_t k = 0; k < n; k++) {
        const unsigned char *w = (const unsigned char *)lits->lits[k];
        unsigned bit = 1u << (k * 8 / n);
        size_t wl = strlen((const char *)w);
        for (size_t o = 0; o < ES_LITSCAN_BYTES; o++) {
            if (o >= wl) {
                for (size_t m = 0; m < 32; m++)
                    ls->n[o][m] |= (uint8_t)bit;
                continue;
            }
            unsigned char xs[2];
            size_t nx = pf_cases(w[o], xs);
            for (size_t i = 0; i < nx; i++) {
                ls->n[o][xs[i] & 15] |= (uint8_t)bit;
                ls->n[o][16 + (xs[i] >> 4)] |= (uint8_t)bit;
            }
        }
    }
}

/* The position test of es_pf_next_lits(): the prefilter's, then the whole
 * literals; litscan_avx2() has read two bytes past k. */
static int litscan_ok(const struct es_litscan *ls, const unsigned char *t, size_t len, size_t k)
{
    return pf_pass_in(ls->pf, t, k) &&
           es_lits_at(ls->lits, (const char *)t, len, k);
}

#ifdef PF_SSSE3

/* Bucket bits of 32 positions for one byte offset by the low nibble
 * alone (one PSHUFB): a superset of nibble_look()'s, which ANDs the high
 * nibble's look-up to it. */
__attribute__((target("avx2"), always_inline)) static inline __m256i nibble_look_lo(const uint8_t *tab, __m256i v)
{
    const __m256i lo = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)tab));
    return _mm256_shuffle_epi8(lo, _mm256_and_si256(v, _mm256_set1_epi8(0x0F)));
}

/* 32 positions per step: a position whose bytes 0-2, 4 and 5 all fit one
 * bucket's literal bytes may start a literal (a superset of es_lits_at()'s), and
 * only those get litscan_ok(). Byte 0 is looked up by both nibbles, bytes
 * 1-5 by the low one only: with both for each byte the step costs about
 * two thirds more, and lets through only a tenth fewer positions (the low
 * nibble of a letter is that of its other case, and most of the
 * continuation bytes of CJK text fail it). Returns 0 with *at where fewer
 * than 37 bytes are left. */
__attribute__((target("avx2"))) static int litscan_avx2(const struct es_litscan *ls, const unsigned char *t,
                                                        size_t len, size_t *at)
{
    const __m256i zero = _mm256_setzero_si256();
    size_t i = *at;
    for (; i + 32 + ES_LITSCAN_BYTES - 1 <= len; i += 32) {
        __m256i c = nibble_look(ls->n[0], _mm256_loadu_si256((const __m256i *)(t + i)));
        c = _mm256_and_si256(c, nibble_look_lo(ls->n[1], _mm256_loadu_si256((const __m256i *)(t + i + 1))));
        c = _mm256_and_si256(c, nibble_look_lo(ls->n[2], _mm256_loadu_si256((const __m256i *)(t + i + 2))));
        /* Byte 3 is left out: in a CJK literal it is the lead byte of the
         * second character, E3-E9 for most of them. (All bytes in every
         * step: a branch on the first three mispredicts at each お.) */
        for (size_t o = 4; o < ES_LITSCAN_BYTES; o++)
            c = _mm256_and_si256(c, nibble_look_lo(ls->n[o], _mm256_loadu_si256((const __m256i *)(t + i + o))));
        uint32_t mask = ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(c, zero));
        for (; mask; mask &= mask - 1) {
            size_t k = i + (size_t)__builtin_ctz(mask);
            if (litscan_ok(ls, t, len, k)) {
                *at = k;
                return 1;
            }
        }
    }
    *at = i;
    return 0;
}
#endif

size_t es_litscan_next(const struct es_litscan *ls, const char *text, size_t len, size_t from)
{
    size_t i = from;
#ifdef PF_SSSE3
    if (es_cpu_avx2()) {
        if (litscan_avx2(ls, (const unsigned char *)text, len, &i))
            return i;   /* the positions before i passed nothing */
    }
#endif
    for (i = es_pf_next(ls->pf, text, len, i); i < len; i = es_pf_next(ls->pf, text, len, i + 1))
        if (es_lits_at(ls->lits, text, len, i))
            return i;
    return len;
}

int es_re_find_lits(const struct es_scan_ctx *sc, const pcre2_code *re, const struct es_litscan *ls,
                    const char *text, size_t len, size_t start, size_t *ms, size_t *me)
{
    /* An unanchored search tries each start position in turn; here only the
     * positions es_litscan_next() lets through are tried, each as an
     * anchored match (re is compiled with PCRE2_ANCHORED: JIT does not take
     * the option at match time), so the first success is the match the
     * search would find. An unanchored re still gives that match, only
     * slower. */
    for (size_t p = es_litscan_next(ls, text, len, start); p < len; p = es_litscan_next(ls, text, len, p + 1)) {
        int rc = es_re_try_line(sc, re, text, len, &p, ms, me);
        if (rc)
            return rc > 0;
    }
    return 0;
}

size_t es_pf_next_wide(const struct es_prefilter *pf, const char *text, size_t len, size_t from)
{
#ifdef PF_SSSE3
    size_t i = from;
    if (es_cpu_avx2()) {
        if (pf_scan_avx2(pf, (const unsigned char *)text, len, &i))
            return i;
        from = i;   /* the positions before i passed nothing */
    }
#endif
    return es_pf_next(pf, text, len, from);
}

#ifdef PF_SSSE3
/* The first position in t[at, len) (at < len, fewer than 34 bytes left)
 * that passes the nibble and the exact test, or len: one pf_cand32() step
 * on a zeroed copy. The padding may fail the nibble test only at len - 2,
 * the one position whose third byte lies past the end (pf_pass() takes it
 * on its pair alone; len - 1 never passes), so that one is always tried. */
__attribute__((target("avx2"))) static size_t pf_tail_avx2(const struct es_prefilter *pf, const unsigned char *t,
                                                           size_t len, size_t at)
{
    unsigned char buf[64] = {0};   /* pf_cand32() reads 34 bytes */
    size_t n = len - at;           /* 1 .. 33 */
    memcpy(buf, t + at, n);
    uint32_t cand = pf_cand32(pf, buf);
    if (n < 32)
        cand &= ((uint32_t)1 << n) - 1;
    if (n >= 2)
        cand |= (uint32_t)1 << (n - 2);   /* n - 2 <= 31 */
    for (; cand; cand &= cand - 1) {
        size_t k = at + (size_t)__builtin_ctz(cand);
        if (pf_pass(pf, t, len, k))
            return k;
    }
    return len;
}
#endif

size_t es_pf_next_start(const struct es_prefilter *pf, const char *text, size_t len, size_t from)
{
#ifdef PF_SSSE3
    size_t i = from;
    if (es_cpu_avx2()) {
        if (pf_scan_avx2(pf, (const unsigned char *)text, len, &i))
            return i;
        /* the positions before i passed nothing; fewer than 34 are left */
        return i < len ? pf_tail_avx2(pf, (const unsigned char *)text, len, i) : len;
    }
#endif
    return es_pf_next(pf, text, len, from);
}

/* ---- all prefilter passes of a block ---- */


#ifdef PF_SSSE3
/* The passes of t[at, at + 64) as bits, two pf_scan_avx2() steps without
 * the stop at the first pass; needs at + 66 <= len (the loads at at + 34
 * read up to t[at + 65], two bytes past the last position: pf_pass_in()). */
__attribute__((target("avx2"))) static uint64_t pf_bits_avx2(const struct es_prefilter *pf, const unsigned char *t,
                                                             size_t at)
{
    uint64_t cand = pf_cand32(pf, t + at) | (uint64_t)pf_cand32(pf, t + at + 32) << 32;
    /* The nibble test lets through a superset; the exact test decides. */
    uint64_t bits = 0;
    for (; cand; cand &= cand - 1) {
        unsigned k = (unsigned)__builtin_ctzll(cand);
        if (pf_pass_in(pf, t, at + k))
            bits |= (uint64_t)1 << k;
    }
    return bits;
}
#endif

/* es_pf_next_wide(pf, text, len, from) = p, and all the passes of the 64
 * positions from p as bits (bit k: es_pf_next(pf, text, len, p + k) ==
 * p + k; bit 0 set unless p == len, then *bits is 0). */
static size_t pf_next_block(const struct es_prefilter *pf, const char *text, size_t len, size_t from,
                            uint64_t *bits)
{
    const unsigned char *t = (const unsigned char *)text;
    size_t p = es_pf_next_wide(pf, text, len, from);
    *bits = 0;
    if (p >= len)
        return len;
#ifdef PF_SSSE3
    if (p + 66 <= len && es_cpu_avx2()) {
        *bits = pf_bits_avx2(pf, t, p);
        return p;
    }
#endif
    for (size_t k = 0; k < 64 && p + k < len; k++)
        if (pf_pass(pf, t, len, p + k))
            *bits |= (uint64_t)1 << k;
    return p;
}

size_t es_pf_cursor_next(const struct es_prefilter *pf, struct es_pf_cursor *cur, const char *text, size_t len,
                         size_t from)
{
    if (cur->blk && from >= cur->base && from - cur->base < 64) {
        uint64_t m = cur->bits & (~(uint64_t)0 << (from - cur->base));
        if (m)
            return cur->base + (size_t)__builtin_ctzll(m);
        /* No pass left in the block: the next one lies after it. */
        from = cur->base + 64;
        if (from >= len)
            return len;
    }
    cur->base = pf_next_block(pf, text, len, from, &cur->bits);
    cur->blk = 1;
    return cur->base;
}
