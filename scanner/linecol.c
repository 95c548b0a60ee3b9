/*
 * Line and column counting (see linecol.h).
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "linecol.h"

#ifdef __SSE2__
/* Byte counters of 16 lanes: a compare gives -1 per lane, subtracted 255
 * times at most before the lanes are summed (psadbw; no popcount, which
 * the baseline x86-64 lacks). */
#define LANE_MAX_BLOCKS 255

static size_t lanes_sum(__m128i acc)
{
    __m128i sad = _mm_sad_epu8(acc, _mm_setzero_si128());
    return (size_t)_mm_cvtsi128_si32(sad) + (size_t)_mm_extract_epi16(sad, 4);
}
#endif

/* Newlines (what = COUNT_NEWLINES) or code points, i.e. bytes outside
 * 0x80-0xBF (COUNT_CODE_POINTS), in t[0, n); what is a constant at each
 * call, so each caller gets its own loop. */
enum { COUNT_NEWLINES, COUNT_CODE_POINTS };

#if defined(__x86_64__) && defined(__GNUC__) && defined(__SSE2__)
#include <immintrin.h>

#include "detectors/cpu.h"
#define LINECOL_AVX2 1
/* Bytes per step of the AVX2 loop: four vectors, so that the loop's own
 * instructions are shared by 128 bytes (the SSE2 loop spent as many on them
 * as on the count). A lane grows by at most 4 a step: 63 steps fit in a
 * byte before the lanes are summed. */
#define AVX2_STEP 128u
#define AVX2_MAX_STEPS 63

/* The sum of the 32 byte lanes of acc. */
__attribute__((target("avx2"), always_inline)) static inline size_t lanes_sum256(__m256i acc)
{
    __m256i sad = _mm256_sad_epu8(acc, _mm256_setzero_si256());
    __m128i x = _mm_add_epi64(_mm256_castsi256_si128(sad), _mm256_extracti128_si256(sad, 1));
    x = _mm_add_epi64(x, _mm_unpackhi_epi64(x, x));
    return (size_t)_mm_cvtsi128_si64(x);
}

/* count_bytes() over t[0, n) rounded down to AVX2_STEP; *done: the bytes counted. */
__attribute__((target("avx2"), always_inline)) static inline size_t count_bytes_avx2(const char *t, size_t n,
                                                                                    int what, size_t *done)
{
    const __m256i nl = _mm256_set1_epi8('\n');
    const __m256i last_cont = _mm256_set1_epi8((char)0xBF);
    size_t count = 0, i = 0;
#define HIT(k) (what == COUNT_NEWLINES ? _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + i + 32 * (k))), nl) \
                                       : _mm256_cmpgt_epi8(_mm256_loadu_si256((const __m256i *)(t + i + 32 * (k))), last_cont))
    while (i + AVX2_STEP <= n) {
        __m256i acc = _mm256_setzero_si256();
        for (int k = 0; k < AVX2_MAX_STEPS && i + AVX2_STEP <= n; k++, i += AVX2_STEP)
            acc = _mm256_sub_epi8(acc, _mm256_add_epi8(_mm256_add_epi8(HIT(0), HIT(1)), _mm256_add_epi8(HIT(2), HIT(3))));
        count += lanes_sum256(acc);
    }
#undef HIT
    *done = i;
    return count;
}

__attribute__((target("avx2"))) static size_t newlines_avx2(const char *t, size_t n, size_t *done)
{
    return count_bytes_avx2(t, n, COUNT_NEWLINES, done);
}

/* es_line_index_build()'s counts: pre[k + 1] = pre[k] + the newlines of
 * block k, for nb blocks of ES_LINE_BLOCK bytes, each counted without a
 * loop of its own (a call of count_bytes() per block cost more than the
 * counts: a block is only eight vectors). */
__attribute__((target("avx2"))) static void index_blocks_avx2(const char *t, size_t nb, uint32_t *pre)
{
    _Static_assert(ES_LINE_BLOCK == 8 * 32, "a line block is eight AVX2 vectors");
    const __m256i nl = _mm256_set1_epi8('\n');
    uint32_t total = pre[0];
    for (size_t k = 0; k < nb; k++, t += ES_LINE_BLOCK) {
        __m256i acc = _mm256_setzero_si256();
        for (int j = 0; j < 8; j++)
            acc = _mm256_sub_epi8(acc, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + 32 * j)), nl));
        total += (uint32_t)lanes_sum256(acc);
        pre[k + 1] = total;
    }
}

__attribute__((target("avx2"))) static size_t code_points_avx2(const char *t, size_t n, size_t *done)
{
    return count_bytes_avx2(t, n, COUNT_CODE_POINTS, done);
}
#endif

__attribute__((always_inline)) static inline size_t count_bytes(const char *t, size_t n, int what)
{
    size_t count = 0, i = 0;
#ifdef LINECOL_AVX2
    /* Counts over whole chunks (the chunker's next position) are most of
     * the pipeline's own work on plain text. */
    if (n >= AVX2_STEP && es_cpu_avx2())
        count = what == COUNT_NEWLINES ? newlines_avx2(t, n, &i) : code_points_avx2(t, n, &i);
#endif
#ifdef __SSE2__
    const __m128i nl = _mm_set1_epi8('\n');
    /* As signed bytes the continuation bytes are -128..-65. */
    const __m128i last_cont = _mm_set1_epi8((char)0xBF);
    while (i + 16 <= n) {
        __m128i acc = _mm_setzero_si128();
        for (int k = 0; k < LANE_MAX_BLOCKS && i + 16 <= n; k++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
            acc = _mm_sub_epi8(acc, what == COUNT_NEWLINES ? _mm_cmpeq_epi8(v, nl) : _mm_cmpgt_epi8(v, last_cont));
        }
        count += lanes_sum(acc);
    }
#endif
    for (; i < n; i++)
        count += what == COUNT_NEWLINES ? t[i] == '\n' : ((unsigned char)t[i] & 0xC0) != 0x80;
    return count;
}

size_t es_count_newlines(const char *t, size_t n)
{
    return count_bytes(t, n, COUNT_NEWLINES);
}

static size_t count_code_points(const char *t, size_t n)
{
    return count_bytes(t, n, COUNT_CODE_POINTS);
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

void es_line_index_build(struct es_line_index *ix, const char *t, size_t n)
{
    size_t nb = n / ES_LINE_BLOCK;
    if (nb > ES_LINE_BLOCKS)
        nb = ES_LINE_BLOCKS;
    ix->text = t;
    ix->len = n;
    ix->nblocks = nb;
    ix->pre[0] = 0;
#ifdef LINECOL_AVX2
    if (es_cpu_avx2()) {
        index_blocks_avx2(t, nb, ix->pre);
        return;
    }
#endif
    uint32_t total = 0;
    for (size_t k = 0; k < nb; k++) {
        total += (uint32_t)count_bytes(t + k * ES_LINE_BLOCK, ES_LINE_BLOCK, COUNT_NEWLINES);
        ix->pre[k + 1] = total;
    }
}

/* Newlines in t[from, to), fewer than ES_LINE_BLOCK bytes of the text t
 * starts: the bytes that do not fill a vector are counted with the vector
 * that ends at `to` (t[to - 16, to) is text when to >= 16), the lanes
 * before them masked off, rather than one at a time. */
static size_t newlines_near(const char *t, size_t from, size_t to)
{
#ifdef __SSE2__
    if (to >= 16) {
        /* Lane j of loadu(ones_from + r) is all ones iff j >= 16 - r. */
        static const unsigned char ones_from[32] = {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
        const __m128i nl = _mm_set1_epi8('\n');
        __m128i acc = _mm_setzero_si128();
        size_t i = from;
        for (; i + 16 <= to; i += 16)
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(t + i)), nl));
        if (i < to) {
            __m128i v = _mm_loadu_si128((const __m128i *)(t + to - 16));
            __m128i keep = _mm_loadu_si128((const __m128i *)(ones_from + (to - i)));
            acc = _mm_sub_epi8(acc, _mm_and_si128(_mm_cmpeq_epi8(v, nl), keep));
        }
        return lanes_sum(acc);
    }
#endif
    return es_count_newlines(t + from, to - from);
}

uint64_t es_line_index_count(const struct es_line_index *ix, size_t off)
{
    size_t k = off / ES_LINE_BLOCK;
    if (k > ix->nblocks)
        return ix->pre[ix->nblocks] + es_count_newlines(ix->text + ix->nblocks * ES_LINE_BLOCK,
                                                        off - ix->nblocks * ES_LINE_BLOCK);
    return ix->pre[k] + newlines_near(ix->text, k * ES_LINE_BLOCK, off);
}

uint64_t es_line_index_between(const struct es_line_index *ix, size_t from, size_t to)
{
    if (to - from < ES_LINE_BLOCK)
        return newlines_near(ix->text, from, to);
    /* Past what the index covers, a count over [from, to) alone: callers
     * that go forward through a longer text then count it once, not once
     * from its index's end for each offset they ask about. */
    if (to / ES_LINE_BLOCK > ix->nblocks)
        return es_count_newlines(ix->text + from, to - from);
    return es_line_index_count(ix, to) - es_line_index_count(ix, from);
}

void es_line_index_advance(const struct es_line_index *ix, size_t from, size_t to, uint64_t *line,
                           uint64_t *col)
{
    const char *t = ix->text;
    const char *last = to > from ? memrchr(t + from, '\n', to - from) : NULL;
    if (!last) {
        *col += count_code_points(t + from, to - from);
        return;
    }
    /* Columns restart after the last line break; the lines between come
     * from the index, not from a count over [from, to). */
    size_t after = (size_t)(last - t) + 1;
    *line += es_line_index_between(ix, from, after);
    *col = 1 + count_code_points(t + after, to - after);
}
