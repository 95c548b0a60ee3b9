/*
 * Byte ranges and constants for the vector code of the detectors.
 *
 * AVX2: byte constants. GCC 12 builds each
 * _mm256_set1_epi8() of a constant from a general register (vmovd and
 * vpbroadcastb, on the shuffle port) at every use after a call in a loop,
 * or in a function called once per block; a row loaded from a table
 * through a pointer the compiler cannot see into folds into the
 * instruction that uses it instead.
 */
#ifndef ES_VCONST_H
#define ES_VCONST_H

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#include <stdint.h>

#define ES_VCONST 1

/* Row b: 32 bytes of value b (8 KiB, of which the code reads a few dozen rows). */
extern const uint8_t es_ybytes[256][32];

/* _mm256_set1_epi8(b) as a load of es_ybytes[b]: the empty asm hides which
 * table the pointer is, so that the row is loaded, not rebuilt in a register. */
__attribute__((target("avx2"), always_inline)) static inline __m256i es_ybyte(unsigned char b)
{
    const uint8_t(*tab)[32] = es_ybytes;
    __asm__("" : "+r"(tab));
    return _mm256_load_si256((const __m256i *)tab[b]);
}

/* 0xFF for the bytes of v in [lo, lo + n), by one add and one compare:
 * x + (0x80 - lo) as a signed byte is below -128 + n exactly then. */
__attribute__((target("avx2"), always_inline)) static inline __m256i es_yrange(__m256i v, unsigned char lo,
                                                                             unsigned char n)
{
    return _mm256_cmpgt_epi8(es_ybyte((unsigned char)(0x80 + n)),
                             _mm256_add_epi8(v, es_ybyte((unsigned char)(0x80 - lo))));
}
#endif

#ifdef __SSE2__
#include <emmintrin.h>

/* 0xFF for the bytes of v in [lo, lo + n) (SSE2, whose constants GCC loads
 * from memory): after subtracting lo and flipping the sign bit, the bytes
 * of the range are the n lowest signed values. */
static inline __m128i es_xrange(__m128i v, unsigned char lo, unsigned char n)
{
    return _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8((char)lo)), _mm_set1_epi8((char)0x80)),
                          _mm_set1_epi8((char)(0x80 + n)));
}
#endif

#endif
