/*
 * Line and column counting (see linecol.h).
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "linecol.h"

size_t es_count_newlines(const char *t, size_t n)
{
    size_t count = 0, i = 0;
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        count += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl)));
    }
#endif
    for (; i < n; i++)
        count += t[i] == '\n';
    return count;
}

/* Code points in t[0, n): bytes outside 0x80-0xBF. */
static size_t count_code_points(const char *t, size_t n)
{
    size_t count = 0, i = 0;
#ifdef __SSE2__
    /* As signed bytes the continuation bytes are -128..-65. */
    const __m128i last_cont = _mm_set1_epi8((char)0xBF);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        count += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(v, last_cont)));
    }
#endif
    for (; i < n; i++)
        count += ((unsigned char)t[i] & 0xC0) != 0x80;
    return count;
}

void es_linecol_advance(const char *t, size_t n, uint64_t *line, uint64_t *col)
{
    const char *last = n ? memrchr(t, '\n', n) : NULL;
    if (!last) {
        *col += count_code_points(t, n);
        return;
    }
    size_t after = (size_t)(last - t) + 1;
    *line += es_count_newlines(t, after);
    *col = 1 + count_code_points(t + after, n - after);
}
