/*
 * Run-time choice of the AVX2 code paths. Built with -DES_NO_AVX2 the
 * answer is always no, so that the SSE2 paths (which otherwise run only on
 * CPUs without AVX2, or on the tails of texts) are what the unit tests run
 * on a CPU with AVX2 too (tools/test.sh builds it so).
 */
#ifndef ES_CPU_H
#define ES_CPU_H

static inline int es_cpu_avx2(void)
{
#ifdef ES_NO_AVX2
    return 0;
#else
    return __builtin_cpu_supports("avx2");
#endif
}

#endif
