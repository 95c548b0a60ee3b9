/* PCRE2 helpers: compile once with JIT into shared read-only code; match with
 * the worker's match data and limits. */
#include <stdio.h>
#include <string.h>

#include "detector.h"
#include <stdlib.h>
#include <x86intrin.h>
/* PRF-TEMP profiling */
static struct { const void *re; unsigned long long cyc, calls, bytes; const char *pat; } prf_tab[128];
static void prf_dump(void) { for (int i = 0; i < 128; i++) if (prf_tab[i].re) fprintf(stderr, "PRF %12llu %8llu %10llu %.70s\n", prf_tab[i].cyc, prf_tab[i].calls, prf_tab[i].bytes, prf_tab[i].pat); }
static void prf_reg(const void *re, const char *pat) { static int n; if (n == 0) atexit(prf_dump); if (n < 128) { prf_tab[n].re = re; prf_tab[n].pat = strdup(pat); n++; } }
static void prf_add(const void *re, unsigned long long c, size_t b) { for (int i = 0; i < 128; i++) if (prf_tab[i].re == re) { prf_tab[i].cyc += c; prf_tab[i].calls++; prf_tab[i].bytes += b; return; } }

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
    prf_reg(re, pattern);
    return re;
}

int es_re_find(const struct es_scan_ctx *sc, const pcre2_code *re, const char *text, size_t len,
               size_t start, size_t *ms, size_t *me)
{
    while (start <= len) {
        /* Text reaching detectors is valid UTF-8 by construction. */
        unsigned long long t0 = __rdtsc();
        int rc = pcre2_match(re, (PCRE2_SPTR)text, len, start, PCRE2_NO_UTF_CHECK, sc->md, sc->mctx);
        prf_add(re, __rdtsc() - t0, rc > 0 ? pcre2_get_ovector_pointer(sc->md)[1] - start : len - start);
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

static unsigned char pf_fold(unsigned char ch) { return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch; }

#define PF_ON(set, x, y) ((set)[((unsigned)(x) << 5) | ((unsigned)(y) >> 3)] |= (uint8_t)(1u << ((y) & 7)))
#define PF_HAS(set, x, y) ((set)[((unsigned)(x) << 5) | ((unsigned)(y) >> 3)] & (1u << ((y) & 7)))

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
        unsigned char x = pf_fold(s[0]), y = pf_fold(s[1]);
        pf->first[x >> 3] |= (uint8_t)(1u << (x & 7));
        PF_ON(pf->a, x, y);
        if (n >= 3) {
            PF_ON(pf->b, y, pf_fold(s[2]));
        } else {
            for (unsigned z = 0; z < 256; z++)
                PF_ON(pf->b, y, z);
        }
    }
}

size_t es_pf_next(const struct es_prefilter *pf, const char *text, size_t len, size_t from)
{
    const unsigned char *t = (const unsigned char *)text;
    for (size_t i = from; i < len; i++) {
        unsigned char x = pf_fold(t[i]);
        if (!(pf->first[x >> 3] & (1u << (x & 7))))
            continue;
        if (i + 1 >= len)
            return len;   /* every prefix has two bytes or more */
        unsigned char y = pf_fold(t[i + 1]);
        if (!PF_HAS(pf->a, x, y))
            continue;
        if (i + 2 >= len || PF_HAS(pf->b, y, pf_fold(t[i + 2])))
            return i;
    }
    return len;
}

int es_re_find_pf(const struct es_scan_ctx *sc, const pcre2_code *re, const struct es_prefilter *pf,
                  const char *text, size_t len, size_t start, size_t *ms, size_t *me)
{
    size_t p = es_pf_next(pf, text, len, start);
    if (p >= len)
        return 0;
    return es_re_find(sc, re, text, len, p, ms, me);
}
