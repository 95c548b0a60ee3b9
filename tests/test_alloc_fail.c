/* Allocation failures that the other tests never reach: the distinct-value
 * sets (scanner/hashset.c, distinct.c) and the detectors' per-worker scratch
 * (es_scan_scratch) and kept classes (es_run_bits_get). Each must end in a defined state: a set that keeps what
 * it had, a count marked inexact, a detector that gives the same hits
 * without its scratch.
 *
 * This executable is linked with --wrap for malloc, calloc and
 * aligned_alloc (tests/meson.build), so the library's calls come here and
 * can be refused on demand. */
#include <stdio.h>
#include <stdlib.h>

#include "scanner/distinct.h"
#include "scanner/hashset.h"
#include "util.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_aligned_alloc(size_t a, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_aligned_alloc(size_t a, size_t n);

/* Requests of at least refuse_from bytes fail (SIZE_MAX: none do). */
static size_t refuse_from = SIZE_MAX;
static size_t refused;

static int refuse(size_t bytes)
{
    if (bytes < refuse_from)
        return 0;
    refused++;
    return 1;
}

void *__wrap_malloc(size_t n)
{
    return refuse(n) ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
    return refuse(k * n) ? NULL : __real_calloc(k, n);
}

void *__wrap_aligned_alloc(size_t a, size_t n)
{
    return refuse(n) ? NULL : __real_aligned_alloc(a, n);
}

static int allow_all(void **state)
{
    (void)state;
    refuse_from = SIZE_MAX;
    refused = 0;
    return 0;
}

/* A value that is never 0 (0 is kept outside the slots). */
static uint64_t value(uint64_t i)
{
    return es_hash64(&i, sizeof i) | 1;
}

/* A set that cannot grow keeps every member it had and refuses the new one;
 * once memory is back, it grows as usual. */
static void check_refused_growth(size_t limit)
{
    struct es_hashset s = {0};
    uint64_t n = 0;
    refuse_from = limit;
    int rc;
    while ((rc = es_hashset_add(&s, value(n))) == 1)
        n++;
    assert_int_equal(rc, ES_ERR_NOMEM);
    assert_true(refused >= 1);
    assert_int_equal(es_hashset_count(&s), n);
    for (uint64_t i = 0; i < n; i++)
        assert_true(es_hashset_contains(&s, value(i)));
    assert_false(es_hashset_contains(&s, value(n)));
    refuse_from = SIZE_MAX;
    assert_int_equal(es_hashset_add(&s, value(n)), 1);
    assert_int_equal(es_hashset_count(&s), n + 1);
    es_hashset_free(&s);
}

static void test_hashset_small_slots_refused(void **state)
{
    (void)state;
    check_refused_growth(4096);   /* calloc'd slots (below a huge page) */
}

static void test_hashset_huge_slots_refused(void **state)
{
    (void)state;
    /* 2 MiB and more come from aligned_alloc, for huge pages. */
    check_refused_growth(2u * 1024u * 1024u);
}

static void test_hashset_merge_refused(void **state)
{
    (void)state;
    struct es_hashset dst = {0}, src = {0};
    for (uint64_t i = 0; i < 10; i++)
        assert_int_equal(es_hashset_add(&dst, value(i)), 1);
    for (uint64_t i = 1000; i < 6000; i++)
        assert_int_equal(es_hashset_add(&src, value(i)), 1);
    refuse_from = 1;
    assert_int_equal(es_hashset_merge(&dst, &src), ES_ERR_NOMEM);
    refuse_from = SIZE_MAX;
    for (uint64_t i = 0; i < 10; i++)
        assert_true(es_hashset_contains(&dst, value(i)));
    assert_int_equal(es_hashset_merge(&dst, &src), ES_OK);
    assert_int_equal(es_hashset_count(&dst), 5010);
    es_hashset_free(&dst);
    es_hashset_free(&src);
}

/* A distinct count that lost values to a refused allocation no longer says
 * it is exact, whether the loss was in an add or a merge. */
static void test_distinct_marked_inexact(void **state)
{
    (void)state;
    const uint64_t limit = 1u << 20;
    struct es_distinct d = {0}, m = {0};
    for (uint64_t i = 0; i < 100; i++)
        assert_int_equal(es_distinct_add(&d, value(i), limit), ES_OK);
    assert_true(es_distinct_exact(&d));
    refuse_from = 1;
    uint64_t i = 100;
    while (es_distinct_add(&d, value(i), limit) == ES_OK)
        i++;
    refuse_from = SIZE_MAX;
    assert_false(es_distinct_exact(&d));
    assert_int_equal(es_distinct_count(&d), i);

    /* A merge from an exact source into an empty count, refused. */
    struct es_distinct e = {0};
    for (uint64_t k = 0; k < 100; k++)
        assert_int_equal(es_distinct_add(&e, value(k), limit), ES_OK);
    refuse_from = 1;
    es_distinct_merge(&m, &e, limit);
    refuse_from = SIZE_MAX;
    assert_true(es_distinct_exact(&e));
    assert_false(es_distinct_exact(&m));
    es_distinct_free(&e);
    es_distinct_free(&d);
    es_distinct_free(&m);
}

struct hits {
    size_t n;
    uint64_t digest;   /* of every hit: detector, offsets, confidence, value */
    char norm[16][64];
};

static void keep_hit(void *ctx, size_t det, const struct es_chunk *c, size_t start, size_t end,
                     enum es_confidence conf, const char *norm, size_t norm_len)
{
    (void)c;
    struct hits *h = ctx;
    if (h->n < 16)
        snprintf(h->norm[h->n], sizeof h->norm[0], "%.*s", (int)norm_len, norm);
    uint64_t k[4] = {det, start, end, (uint64_t)conf};
    h->digest = es_hash64(k, sizeof k) ^ es_hash64(norm, norm_len) ^ (h->digest * 31u);
    h->n++;
}

/* The hits of the detectors named in ids over text, with allocations of
 * refuse_at bytes and more refused once the runtime is built (i.e. only
 * the scratch and kept classes asked for while scanning). */
static struct hits scan_hits(const char *const *ids, const char *text, size_t refuse_at)
{
    struct es_detect_shared *s = NULL;
    struct es_detect_worker *w = NULL;
    struct hits h = {0};
    uint32_t mask = 0;
    for (; *ids; ids++) {
        int det = es_detector_index(*ids, strlen(*ids));
        assert_true(det >= 0);
        mask |= 1u << det;
    }
    assert_int_equal(es_detect_shared_new(&s, NULL, 0), ES_OK);
    assert_int_equal(es_detect_worker_new(s, &w), ES_OK);
    struct es_chunk c = es_chunk_plain(text);
    struct es_hit_sink sink = {.hit = keep_hit, .ctx = &h};
    refuse_from = refuse_at;
    es_detect_run(w, mask, &c, &sink);
    refuse_from = SIZE_MAX;
    es_detect_worker_free(w);
    es_detect_shared_free(s);
    return h;
}

/* The same hits whether the scan's memory was given or refused. */
static void check_same_hits(const char *const *ids, const char *text, size_t refuse_at, size_t min_hits)
{
    struct hits with = scan_hits(ids, text, SIZE_MAX);
    assert_int_equal(refused, 0);
    struct hits without = scan_hits(ids, text, refuse_at);
    assert_true(refused >= 1);   /* the memory was asked for and refused */
    assert_true(with.n >= min_hits);
    assert_int_equal(without.n, with.n);
    assert_true(without.digest == with.digest);
    for (size_t i = 0; i < with.n && i < 16; i++)
        assert_string_equal(without.norm[i], with.norm[i]);
}

/* name keeps a label memo (~180 KiB) in the worker's scratch; refused, it
 * classifies each label afresh and must find the same names. */
static void test_name_without_scratch(void **state)
{
    (void)state;
    static const char text[] = "氏名: 山田 太郎\n"
                               "Name: Kessa Talvoren\n"
                               "お名前：佐藤花子様\n"
                               "Customer name: Eva Green\n"
                               "氏名: 鈴木 一郎\n";
    static const char *const ids[] = {"name", NULL};
    check_same_hits(ids, text, 64u * 1024u, 4);
}

/* phone, vin, device_id and payment_card read the chunk's character
 * classes kept by the worker (es_run_bits_get(), 24 bytes per 64 of text);
 * refused, each classifies the text itself and must find the same values. */
static void test_runs_without_kept_classes(void **state)
{
    (void)state;
    static const char line[] = "VIN 1M8GDM9AXKP042788 tel 090-1234-5678 imei=490154203237518 "
                               "card 4111111111111111 ok\n";
    size_t reps = 800, n = sizeof line - 1;   /* ~70 KB: the classes take ~26 KB */
    char *text = malloc(reps * n + 1);
    assert_non_null(text);
    for (size_t i = 0; i < reps; i++)
        memcpy(text + i * n, line, n);
    text[reps * n] = 0;
    static const char *const ids[] = {"phone", "vin", "device_id", "payment_card", NULL};
    check_same_hits(ids, text, 16u * 1024u, 4 * reps);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_hashset_small_slots_refused, allow_all),
        cmocka_unit_test_setup(test_hashset_huge_slots_refused, allow_all),
        cmocka_unit_test_setup(test_hashset_merge_refused, allow_all),
        cmocka_unit_test_setup(test_distinct_marked_inexact, allow_all),
        cmocka_unit_test_setup(test_name_without_scratch, allow_all),
        cmocka_unit_test_setup(test_runs_without_kept_classes, allow_all),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
