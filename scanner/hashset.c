#include "hashset.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "exposcan/exposcan.h"

/* Keep the load at most 3/4: linear probes stay a few slots long (within a
 * cache line or two), and a scan's distinct values (millions on a large
 * share) take a third less memory than at 1/2. */
static int full(const struct es_hashset *s)
{
    return (s->n + 1) * 4 > s->cap * 3;
}

/* Slot arrays from 2 MiB up are aligned to huge pages and advised to use
 * them (transparent huge pages in "madvise" mode, Debian's default): the
 * scan's sets grow to many MiB, and with 4 KiB pages nearly every value
 * added costs a TLB miss as well as a cache miss. That took the time of a
 * 1 GB scan's set merges down by half. */
#define HUGE_PAGE (2u * 1024u * 1024u)

static uint64_t *alloc_slots(size_t cap)
{
    size_t bytes = cap * sizeof(uint64_t);
    if (bytes < HUGE_PAGE)
        return calloc(cap, sizeof(uint64_t));
    uint64_t *p = aligned_alloc(HUGE_PAGE, bytes);   /* a power of two: a multiple of HUGE_PAGE */
    if (!p)
        return NULL;
#ifdef MADV_HUGEPAGE
    (void)madvise(p, bytes, MADV_HUGEPAGE);   /* advice only: small pages if refused */
#endif
    memset(p, 0, bytes);
    return p;
}

/* Rehash into cap slots (a power of two, more than s->cap). */
static int resize(struct es_hashset *s, size_t cap)
{
    uint64_t *slots = alloc_slots(cap);
    if (!slots)
        return ES_ERR_NOMEM;
    for (size_t i = 0; i < s->cap; i++) {
        uint64_t h = s->slots[i];
        if (!h)
            continue;
        size_t j = (size_t)h & (cap - 1);
        while (slots[j])
            j = (j + 1) & (cap - 1);
        slots[j] = h;
    }
    free(s->slots);
    s->slots = slots;
    s->cap = cap;
    return ES_OK;
}

static int grow(struct es_hashset *s)
{
    return resize(s, s->cap ? s->cap * 2 : 16);
}

/* Insert h, known to fit without growing. */
static void put(struct es_hashset *s, uint64_t h)
{
    size_t j = (size_t)h & (s->cap - 1);
    while (s->slots[j]) {
        if (s->slots[j] == h)
            return;
        j = (j + 1) & (s->cap - 1);
    }
    s->slots[j] = h;
    s->n++;
}

int es_hashset_add(struct es_hashset *s, uint64_t h)
{
    if (h == 0) {
        int was = s->zero;
        s->zero = 1;
        return !was;
    }
    if (full(s) && grow(s) != ES_OK)
        return ES_ERR_NOMEM;
    size_t n = s->n;
    put(s, h);
    return s->n > n;
}

int es_hashset_contains(const struct es_hashset *s, uint64_t h)
{
    if (h == 0)
        return s->zero;
    if (!s->cap)
        return 0;
    for (size_t j = (size_t)h & (s->cap - 1); s->slots[j]; j = (j + 1) & (s->cap - 1))
        if (s->slots[j] == h)
            return 1;
    return 0;
}

int es_hashset_next(const struct es_hashset *s, size_t *pos, uint64_t *h)
{
    while (*pos < s->cap) {
        uint64_t v = s->slots[(*pos)++];
        if (v) {
            *h = v;
            return 1;
        }
    }
    /* Position cap stands for the zero value, kept outside the slots. */
    if (*pos == s->cap && s->zero) {
        (*pos)++;
        *h = 0;
        return 1;
    }
    return 0;
}

size_t es_hashset_count(const struct es_hashset *s)
{
    return s->n + (size_t)s->zero;
}

/* Members are inserted in batches of this many, each batch's slots
 * prefetched first: dst is often far larger than the caches (the scan's
 * distinct values), so each insert would otherwise wait for memory in
 * turn. */
#define MERGE_BATCH 16

int es_hashset_merge(struct es_hashset *dst, const struct es_hashset *src)
{
    if (src->zero && es_hashset_add(dst, 0) < 0)
        return ES_ERR_NOMEM;
    if (!src->n)
        return ES_OK;
    /* At least src's slots: dst will hold src's members, and src has the
     * fewest slots that hold them (the same load rule), so this is no more
     * than dst grows to anyway, and it saves the rehashes on the way. */
    if (dst->cap < src->cap && resize(dst, src->cap) != ES_OK)
        return ES_ERR_NOMEM;
    /* src's slots are visited a golden-ratio stride apart (odd, so all of
     * them), not in order: in slot order its members come sorted by their
     * low bits, i.e. by their slot in dst too, and would fill one region
     * of dst at src's load on top of dst's own (probes then run for
     * hundreds of slots) until dst grew. This way they spread evenly. */
    size_t mask = src->cap - 1;
    size_t stride = (size_t)(0x9e3779b97f4a7c15ull >> (64 - __builtin_ctzll(src->cap))) | 1;
    uint64_t batch[MERGE_BATCH];
    size_t nb = 0, j = 0;
    for (size_t i = 0; i < src->cap; i++, j = (j + stride) & mask) {
        uint64_t h = src->slots[j];
        if (!h)
            continue;
        __builtin_prefetch(&dst->slots[(size_t)h & (dst->cap - 1)], 1);
        batch[nb++] = h;
        if (nb == MERGE_BATCH) {
            for (size_t k = 0; k < nb; k++)
                if (es_hashset_add(dst, batch[k]) < 0)
                    return ES_ERR_NOMEM;
            nb = 0;
        }
    }
    for (size_t k = 0; k < nb; k++)
        if (es_hashset_add(dst, batch[k]) < 0)
            return ES_ERR_NOMEM;
    return ES_OK;
}

void es_hashset_free(struct es_hashset *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}

/* a * b as 128 bits, the two halves xored: a bit of a reaches bits both
 * above and below it (a plain 64-bit multiply only carries upwards). The
 * step of es_hash64(), as in Makarov's MUM hash and wyhash. unsigned
 * __int128: GCC and Clang on 64-bit targets, as det_vin.c already needs. */
__extension__ typedef unsigned __int128 u128;
static inline uint64_t fold_mul(uint64_t a, uint64_t b)
{
    u128 m = (u128)a * b;
    return (uint64_t)m ^ (uint64_t)(m >> 64);
}

#define HASH_STEP 0x9fb21c651e98df25ull   /* odd, bits mixed (from Pelle Evensen's rrmxmx) */

uint64_t es_hash64(const void *p, size_t n)
{
    /* Eight bytes per step, folded into the state by fold_mul(); the tail
     * zero-padded, the length in the seed; then splitmix64's finaliser,
     * so that the low bits (slot indexes) and the top bits (the distinct
     * sketch) are well spread. An earlier step, xor, multiply and a shift
     * of 29, let a change in the top byte of one word cancel against a
     * change in the next: 11 pairs of 321,223 distinct plate numbers of the
     * 1 GB bench corpus ("多摩326さ57-89", "多摩376そ57-99") had one hash, and
     * the exact distinct count was short by 11. A byte at a time (FNV)
     * cost a multiply per byte; containers of many MiB are hashed too
     * (duplicate_container()). */
    const unsigned char *b = p;
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)n * 0x9e3779b97f4a7c15ull;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = fold_mul(h ^ w, HASH_STEP);
    }
    if (i < n) {
        uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        /* The tail as the last eight bytes shifted down past those already
         * taken: the same word as the copy below, without a call to
         * memcpy() of a variable length (most values are 8 bytes or more). */
        if (n >= 8) {
            memcpy(&w, b + n - 8, 8);
            w >>= 8 * (8 - (n - i));
        } else {
            memcpy(&w, b + i, n - i);
        }
#else
        memcpy(&w, b + i, n - i);
#endif
        h = fold_mul(h ^ w, HASH_STEP);
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}
