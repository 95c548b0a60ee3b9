/*
 * Distinct-value counting in bounded memory (see distinct.h).
 */
#include "distinct.h"

#include <math.h>
#include <stdlib.h>

#include "exposcan/exposcan.h"

/* 2^14 one-byte registers: 16 KiB, about 0.8% standard error. */
#define SKETCH_BITS 14
#define SKETCH_REGS (1u << SKETCH_BITS)

static void sketch_add(uint8_t *regs, uint64_t h)
{
    /* es_hash64() mixes its output, so the top bits pick the register and
     * the leading zeros of the rest give the rank. */
    size_t j = (size_t)(h >> (64 - SKETCH_BITS));
    uint64_t rest = h << SKETCH_BITS;
    uint8_t rank = rest ? (uint8_t)(__builtin_clzll(rest) + 1) : (uint8_t)(64 - SKETCH_BITS + 1);
    if (rank > regs[j])
        regs[j] = rank;
}

/* Replace the exact set by a sketch of the same values. */
static int to_sketch(struct es_distinct *d)
{
    uint8_t *regs = calloc(SKETCH_REGS, 1);
    if (!regs)
        return ES_ERR_NOMEM;
    uint64_t h;
    for (size_t pos = 0; es_hashset_next(&d->set, &pos, &h);)
        sketch_add(regs, h);
    es_hashset_free(&d->set);
    d->sketch = regs;
    return ES_OK;
}

int es_distinct_add(struct es_distinct *d, uint64_t h, uint64_t limit)
{
    if (!d->sketch && es_hashset_count(&d->set) >= limit && !es_hashset_contains(&d->set, h) &&
        to_sketch(d) != ES_OK) {
        d->nomem = 1;
        return ES_ERR_NOMEM;
    }
    if (d->sketch) {
        sketch_add(d->sketch, h);
        return ES_OK;
    }
    if (es_hashset_add(&d->set, h) < 0) {
        d->nomem = 1;
        return ES_ERR_NOMEM;
    }
    return ES_OK;
}

void es_distinct_merge(struct es_distinct *dst, const struct es_distinct *src, uint64_t limit)
{
    dst->nomem |= src->nomem;
    if (src->sketch) {
        if (!dst->sketch && to_sketch(dst) != ES_OK) {
            dst->nomem = 1;
            return;
        }
        for (size_t j = 0; j < SKETCH_REGS; j++)
            if (src->sketch[j] > dst->sketch[j])
                dst->sketch[j] = src->sketch[j];
        return;
    }
    /* The union cannot pass the limit: the set merge, with its prefetching. */
    if (!dst->sketch && es_hashset_count(&dst->set) + es_hashset_count(&src->set) <= limit) {
        if (es_hashset_merge(&dst->set, &src->set) != ES_OK)
            dst->nomem = 1;
        return;
    }
    uint64_t h;
    for (size_t pos = 0; es_hashset_next(&src->set, &pos, &h);)
        (void)es_distinct_add(dst, h, limit);
}

static uint64_t sketch_estimate(const uint8_t *regs)
{
    const double m = SKETCH_REGS;
    double sum = 0;
    size_t zeros = 0;
    for (size_t j = 0; j < SKETCH_REGS; j++) {
        sum += ldexp(1.0, -(int)regs[j]);
        zeros += regs[j] == 0;
    }
    double e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
    /* Few values for the registers: linear counting is the better estimate. */
    if (e <= 2.5 * m && zeros)
        e = m * log(m / (double)zeros);
    return (uint64_t)(e + 0.5);
}

uint64_t es_distinct_count(const struct es_distinct *d)
{
    return d->sketch ? sketch_estimate(d->sketch) : es_hashset_count(&d->set);
}

int es_distinct_exact(const struct es_distinct *d)
{
    return !d->sketch && !d->nomem;
}

void es_distinct_free(struct es_distinct *d)
{
    es_hashset_free(&d->set);
    free(d->sketch);
    d->sketch = NULL;
}
