/* A set of 64-bit hashes (open addressing); counts distinct values exactly
 * up to hash collisions (about 1 in 10^9 at 10^5 values per set). */
#ifndef ES_HASHSET_H
#define ES_HASHSET_H

#include <stddef.h>
#include <stdint.h>

struct es_hashset {
    uint64_t *slots;
    size_t cap, n;
    int zero;   /* the value 0 is kept aside: 0 marks empty slots */
};

/* Returns 1 if h was new, 0 if present, negative on allocation failure. */
int es_hashset_add(struct es_hashset *s, uint64_t h);
size_t es_hashset_count(const struct es_hashset *s);
int es_hashset_contains(const struct es_hashset *s, uint64_t h);
/* The members one at a time, the value 0 included: *pos starts at 0;
 * returns 0 when there are no more. */
int es_hashset_next(const struct es_hashset *s, size_t *pos, uint64_t *h);
/* Add every member of src to dst. */
int es_hashset_merge(struct es_hashset *dst, const struct es_hashset *src);
void es_hashset_free(struct es_hashset *s);
/* 64-bit hash of a byte string. */
uint64_t es_hash64(const void *p, size_t n);

#endif
