/* PCRE2 helpers: compile once with JIT into shared read-only code; match with
 * the worker's match data and limits. */
#include <stdio.h>
#include <string.h>

#include "detector.h"

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
        /* Text reaching detectors is valid UTF-8 by construction. */
        int rc = pcre2_match(re, (PCRE2_SPTR)text, len, start, PCRE2_NO_UTF_CHECK, sc->md, sc->mctx);
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
