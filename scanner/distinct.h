/*
 * Counting distinct values in bounded memory: the values' hashes are kept
 * in an exact set up to a limit (--limit distinct), then the set gives way
 * to a HyperLogLog sketch (Flajolet, Fusy, Gandouet, Meunier 2007) of 16 KiB
 * whose estimate is within about 1% (standard error 1.04/sqrt(2^14)). A
 * share with tens of millions of distinct values is then counted in the
 * same memory as one with a few thousand, and the report says which counts
 * are estimates. Exact or not depends only on how many distinct values
 * there are, never on the order they come in: --jobs N gives the same.
 */
#ifndef ES_DISTINCT_H
#define ES_DISTINCT_H

#include <stdint.h>

#include "hashset.h"

struct es_distinct {
    struct es_hashset set;   /* the values, while the count is exact */
    uint8_t *sketch;         /* HyperLogLog registers, once past the limit */
    int nomem;               /* a value could not be counted: a lower bound */
};

/* Count value hash h; at most `limit` values are kept exactly. Returns
 * ES_OK or ES_ERR_NOMEM (then the count is marked inexact). */
int es_distinct_add(struct es_distinct *d, uint64_t h, uint64_t limit);
/* Count every value of src into dst. */
void es_distinct_merge(struct es_distinct *dst, const struct es_distinct *src, uint64_t limit);
uint64_t es_distinct_count(const struct es_distinct *d);
/* 1 if es_distinct_count() is exact, 0 if it is an estimate or a lower bound. */
int es_distinct_exact(const struct es_distinct *d);
void es_distinct_free(struct es_distinct *d);

#endif
