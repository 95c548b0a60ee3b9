/* Records (scanner/record.c): paths, errors, the risk verdict; and the
 * distinct-value hash set and counter (scanner/hashset.c, distinct.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "detectors/detector.h"
#include "scanner/distinct.h"
#include "scanner/hashset.h"
#include "scanner/limits.h"
#include "scanner/record_private.h"

/* ---- hash set ---- */

static void test_hashset_basic(void **state)
{
    (void)state;
    struct es_hashset s = {0};
    assert_int_equal(es_hashset_count(&s), 0);
    assert_int_equal(es_hashset_add(&s, 42), 1);
    assert_int_equal(es_hashset_add(&s, 42), 0);
    assert_int_equal(es_hashset_add(&s, 43), 1);
    /* 0 marks empty slots inside, yet is a value like any other. */
    assert_int_equal(es_hashset_add(&s, 0), 1);
    assert_int_equal(es_hashset_add(&s, 0), 0);
    assert_int_equal(es_hashset_count(&s), 3);
    es_hashset_free(&s);
    assert_int_equal(es_hashset_count(&s), 0);
    assert_int_equal(es_hashset_add(&s, 0), 1);   /* usable again after free */
    es_hashset_free(&s);
}

/* Many values, including ones equal modulo the table size (same first slot). */
static void test_hashset_grow(void **state)
{
    (void)state;
    struct es_hashset s = {0};
    for (uint64_t i = 1; i <= 3000; i++)
        assert_int_equal(es_hashset_add(&s, i << 20), 1);
    for (uint64_t i = 1; i <= 3000; i++)
        assert_int_equal(es_hashset_add(&s, i << 20), 0);
    assert_int_equal(es_hashset_count(&s), 3000);
    assert_true(4 * s.n <= 3 * s.cap);   /* load stays at most three quarters */
    es_hashset_free(&s);
}

/* Every member once, the zero value included; an empty set has none. */
static void test_hashset_next(void **state)
{
    (void)state;
    struct es_hashset s = {0};
    uint64_t h, sum = 0;
    size_t pos = 0, n = 0;
    assert_int_equal(es_hashset_next(&s, &pos, &h), 0);
    es_hashset_add(&s, 0);   /* the zero value alone, with no slots yet */
    pos = 0;
    assert_int_equal(es_hashset_next(&s, &pos, &h), 1);
    assert_true(h == 0);
    assert_int_equal(es_hashset_next(&s, &pos, &h), 0);
    for (uint64_t i = 1; i <= 100; i++)
        es_hashset_add(&s, i << 32);
    for (pos = 0; es_hashset_next(&s, &pos, &h); n++)
        sum += h >> 32;
    assert_int_equal(n, 101);
    assert_int_equal(sum, 5050);
    es_hashset_free(&s);
}

static void test_hashset_merge(void **state)
{
    (void)state;
    struct es_hashset a = {0}, b = {0};
    for (uint64_t i = 1; i <= 100; i++)
        es_hashset_add(&a, i);
    for (uint64_t i = 51; i <= 150; i++)
        es_hashset_add(&b, i);
    es_hashset_add(&b, 0);
    assert_int_equal(es_hashset_merge(&a, &b), ES_OK);
    assert_int_equal(es_hashset_count(&a), 151);
    assert_int_equal(es_hashset_count(&b), 101);   /* the source is untouched */
    /* Merging into an empty set, and an empty set into one. */
    struct es_hashset c = {0}, e = {0};
    assert_int_equal(es_hashset_merge(&c, &a), ES_OK);
    assert_int_equal(es_hashset_count(&c), 151);
    /* The smaller set took the larger one's slots first (no pile-up). */
    assert_true(c.cap >= a.cap);
    for (uint64_t i = 0; i <= 150; i++)
        assert_true(es_hashset_contains(&c, i));
    assert_int_equal(es_hashset_merge(&c, &e), ES_OK);
    assert_int_equal(es_hashset_count(&c), 151);
    /* Batches of colliding values (same first slot) into a set that must grow. */
    struct es_hashset big = {0}, more = {0};
    for (uint64_t i = 1; i <= 1000; i++)
        es_hashset_add(&big, i << 20);
    for (uint64_t i = 501; i <= 3500; i++)
        es_hashset_add(&more, i << 20);
    assert_int_equal(es_hashset_merge(&big, &more), ES_OK);
    assert_int_equal(es_hashset_count(&big), 3500);
    for (uint64_t i = 1; i <= 3500; i++)
        assert_int_equal(es_hashset_add(&big, i << 20), 0);
    assert_true(4 * big.n <= 3 * big.cap);
    es_hashset_free(&big);
    es_hashset_free(&more);
    es_hashset_free(&a);
    es_hashset_free(&b);
    es_hashset_free(&c);
}

/* ---- distinct-value counter ---- */

static uint64_t value(uint64_t i)
{
    return es_hash64(&i, sizeof i);
}

static void test_distinct_exact_to_limit(void **state)
{
    (void)state;
    struct es_distinct d = {0};
    for (uint64_t i = 0; i < 1000; i++)
        for (int rep = 0; rep < 2; rep++)   /* each value twice */
            assert_int_equal(es_distinct_add(&d, value(i), 1000), ES_OK);
    assert_int_equal(es_distinct_count(&d), 1000);
    assert_true(es_distinct_exact(&d));
    /* At the limit a repeated value changes nothing; a new one starts the estimate. */
    es_distinct_add(&d, value(5), 1000);
    assert_true(es_distinct_exact(&d));
    es_distinct_add(&d, value(1000), 1000);
    assert_false(es_distinct_exact(&d));
    assert_null(d.set.slots);   /* the exact set is given back */
    uint64_t n = es_distinct_count(&d);
    assert_true(n > 980 && n < 1020);
    es_distinct_free(&d);
}

static void test_distinct_estimate(void **state)
{
    (void)state;
    /* 200000 distinct values, 1000 kept exactly: within 3% (about 4 standard errors). */
    struct es_distinct d = {0};
    for (uint64_t i = 0; i < 200000; i++)
        es_distinct_add(&d, value(i), 1000);
    uint64_t n = es_distinct_count(&d);
    assert_false(es_distinct_exact(&d));
    assert_true(n > 194000 && n < 206000);
    es_distinct_free(&d);
}

static void test_distinct_merge_any_order(void **state)
{
    (void)state;
    /* Two halves that overlap, merged either way round, exact and past the
     * limit: the same count, exact only when the union fits. */
    /* 500: both halves estimates; 1500: two exact halves whose union
     * passes the limit; 5000: exact throughout. */
    static const uint64_t limits[] = {500, 1500, 5000};
    for (size_t li = 0; li < sizeof limits / sizeof *limits; li++) {
        uint64_t limit = limits[li];
        struct es_distinct a = {0}, b = {0}, ab = {0}, ba = {0};
        for (uint64_t i = 0; i < 1200; i++)
            es_distinct_add(&a, value(i), limit);
        for (uint64_t i = 800; i < 2000; i++)
            es_distinct_add(&b, value(i), limit);
        es_distinct_merge(&ab, &a, limit);
        es_distinct_merge(&ab, &b, limit);
        es_distinct_merge(&ba, &b, limit);
        es_distinct_merge(&ba, &a, limit);
        assert_int_equal(es_distinct_count(&ab), es_distinct_count(&ba));
        assert_int_equal(es_distinct_exact(&ab), limit >= 2000);
        if (limit >= 2000)
            assert_int_equal(es_distinct_count(&ab), 2000);
        else
            assert_true(es_distinct_count(&ab) > 1900 && es_distinct_count(&ab) < 2100);
        es_distinct_free(&a);
        es_distinct_free(&b);
        es_distinct_free(&ab);
        es_distinct_free(&ba);
    }
}

/* es_hash64() by its definition: the words put together byte by byte, the
 * tail in a zeroed word. */
static uint64_t hash64_ref(const unsigned char *b, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)n * 0x9e3779b97f4a7c15ull;
    for (size_t i = 0; i < n; i += 8) {
        uint64_t w = 0;
        for (size_t k = 0; k < 8 && i + k < n; k++)
            w |= (uint64_t)b[i + k] << (8 * k);
        __extension__ unsigned __int128 m = (unsigned __int128)(h ^ w) * 0x9fb21c651e98df25ull;
        h = (uint64_t)m ^ (uint64_t)(m >> 64);
    }
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

/* Distinct hashes of near-identical values: Japanese plate numbers that
 * differ in a few characters spread over the words, the shape of those that
 * collided with the hash's earlier step (it gave these 400,000 values
 * 384,000 hashes). */
static void test_hash64_plates(void **state)
{
    (void)state;
    static const char *const pairs[][2] = {
        {"多摩326さ57-89", "多摩376そ57-99"}, {"品川415そ5-45", "品川465さ5-44"},
        {"相模375ほ79-28", "相模395に79-08"}, {"練馬532む16-47", "練馬542よ16-57"},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
        assert_true(es_hash64(pairs[i][0], strlen(pairs[i][0])) != es_hash64(pairs[i][1], strlen(pairs[i][1])));
    static const char *const kana[] = {"さ", "す", "せ", "そ", "た", "ち", "つ", "て"};
    struct es_hashset s = {0};
    char buf[64];
    size_t n = 0;
    for (int cls = 300; cls < 350; cls++)
        for (size_t k = 0; k < sizeof kana / sizeof kana[0]; k++)
            for (int a = 0; a < 100; a++)
                for (int b = 0; b < 100; b += 10) {
                    int len = snprintf(buf, sizeof buf, "多摩%d%s%02d-%02d", cls, kana[k], a, b);
                    es_hashset_add(&s, es_hash64(buf, (size_t)len));
                    n++;
                }
    assert_int_equal(es_hashset_count(&s), n);
    es_hashset_free(&s);
}

static void test_hash64(void **state)
{
    (void)state;
    unsigned char text[48];
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = (unsigned char)(i * 37 + 11);
    for (size_t at = 0; at < 8; at++)
        for (size_t n = 0; at + n <= sizeof text; n++)
            assert_true(es_hash64(text + at, n) == hash64_ref(text + at, n));
    assert_true(es_hash64("abc", 3) == es_hash64("abc", 3));
    assert_true(es_hash64("abc", 3) != es_hash64("abd", 3));
    assert_true(es_hash64("abc", 3) != es_hash64("abc", 2));
    assert_true(es_hash64("", 0) != es_hash64("\0", 1));
    /* 20000 short distinct strings give 20000 distinct hashes. */
    struct es_hashset s = {0};
    char buf[32];
    for (int i = 0; i < 20000; i++) {
        int n = snprintf(buf, sizeof buf, "090%08d", i);
        es_hashset_add(&s, es_hash64(buf, (size_t)n));
    }
    assert_int_equal(es_hashset_count(&s), 20000);
    es_hashset_free(&s);
}

/* ---- records ---- */

static void test_record_path(void **state)
{
    (void)state;
    struct es_record *top = es_record_new(NULL, "share/export.zip", 16);
    assert_non_null(top);
    static const char member[] = "2021/\xff\x00odd.xlsx";   /* raw bytes, a NUL inside */
    struct es_record *m = es_record_new(top, member, sizeof member - 1);
    assert_non_null(m);
    assert_int_equal(es_record_path_len(m), 2);
    size_t len;
    assert_string_equal(es_record_path(m, 0, &len), "share/export.zip");
    assert_int_equal(len, 16);
    const char *p = es_record_path(m, 1, &len);
    assert_int_equal(len, sizeof member - 1);
    assert_memory_equal(p, member, len);
    assert_null(es_record_path(m, 2, &len));
    /* Detector slots are made on first use and named after their detector. */
    for (size_t i = 0; i < es_ndetectors; i++) {
        assert_null(m->f[i]);
        assert_string_equal(es_record_slot(m, i)->detector, es_detectors[i]->id);
    }
    es_record_free(m);
    es_record_free(top);
    es_record_free(NULL);
}

static void test_record_errors(void **state)
{
    (void)state;
    struct es_record *r = es_record_new(NULL, "f", 1);
    assert_non_null(r);
    assert_int_equal(es_record_status(r), ES_REC_OK);
    assert_null(es_record_error(r));
    es_record_set_error(r, ES_REC_ENCRYPTED, "encrypted (AES)");
    es_record_set_error(r, ES_REC_ERROR, "follow-on error");   /* the first explains most */
    assert_int_equal(es_record_status(r), ES_REC_ENCRYPTED);
    assert_string_equal(es_record_error(r), "encrypted (AES)");
    es_record_set_partial(r, "first");
    es_record_set_partial(r, "second");
    assert_string_equal(es_record_partial(r), "first");
    es_record_free(r);
    /* An empty message falls back to the status name. */
    r = es_record_new(NULL, "f", 1);
    es_record_set_error(r, ES_REC_LIMIT, "");
    assert_string_equal(es_record_error(r), "limit");
    /* Long types are cut, never overflow. */
    es_record_set_type(r, "a-very-long-type-name-that-does-not-fit");
    assert_true(strlen(es_record_type(r)) < 24);
    assert_memory_equal(es_record_type(r), "a-very-long-type", 16);
    es_record_free(r);
}

/* Add n distinct values with confidence conf to detector id of r. */
static void add(struct es_record *r, const char *id, unsigned n, enum es_confidence conf)
{
    int det = es_detector_index(id, strlen(id));
    assert_true(det >= 0);
    struct es_finding *f = es_record_slot(r, (size_t)det);
    for (unsigned i = 0; i < n; i++) {
        char v[32];
        int k = snprintf(v, sizeof v, "%s-%u-%llu", id, i, (unsigned long long)f->count);
        f->count++;
        es_distinct_add(&f->distinct, es_hash64(v, (size_t)k), ES_DEFAULT_DISTINCT);
    }
    if (conf > f->conf)
        f->conf = conf;
}

static enum es_risk verdict(void (*fill)(struct es_record *))
{
    struct es_record *r = es_record_new(NULL, "f", 1);
    assert_non_null(r);
    fill(r);
    es_record_finish(r);
    enum es_risk risk = es_record_risk(r);
    es_record_free(r);
    return risk;
}

static void none(struct es_record *r) { (void)r; }
static void geo_only(struct es_record *r) { add(r, "geo", 3, ES_CONF_HIGH); }
static void email_medium(struct es_record *r) { add(r, "email", 1, ES_CONF_MEDIUM); }
static void email_high(struct es_record *r) { add(r, "email", 1, ES_CONF_HIGH); }
static void name_high(struct es_record *r) { add(r, "name", 5, ES_CONF_HIGH); }
static void phones_9_low(struct es_record *r) { add(r, "phone", 9, ES_CONF_LOW); }
static void phones_10_low(struct es_record *r) { add(r, "phone", 10, ES_CONF_LOW); }
static void mixed_10(struct es_record *r)
{
    add(r, "email", 4, ES_CONF_LOW);
    add(r, "vin", 3, ES_CONF_LOW);
    add(r, "plate", 3, ES_CONF_LOW);
}
static void same_value_20(struct es_record *r)
{
    /* One customer's number twenty times is one customer. */
    struct es_finding *f = es_record_slot(r, (size_t)es_detector_index("phone", 5));
    for (int i = 0; i < 20; i++) {
        f->count++;
        es_distinct_add(&f->distinct, es_hash64("0312345678", 10), ES_DEFAULT_DISTINCT);
    }
    f->conf = ES_CONF_LOW;
}
/* With staff contacts in the file, only the direct identifiers outside
 * staff context count: n distinct ones, each noted twice. */
static void outside_staff(struct es_record *r, unsigned n)
{
    add(r, "phone", 30, ES_CONF_LOW);   /* all of them, staff ones included */
    r->staff_hits = 20;
    for (unsigned i = 0; i < 2 * n; i++) {
        char v[16];
        int k = snprintf(v, sizeof v, "cust-%u", i % n);
        es_record_add_customer_value(r, es_hash64(v, (size_t)k));
    }
}
static void staff_9_customers(struct es_record *r) { outside_staff(r, 9); }
static void staff_10_customers(struct es_record *r) { outside_staff(r, 10); }
static void staff_40_customers(struct es_record *r) { outside_staff(r, 40); }
static void grouped(struct es_record *r)
{
    add(r, "name", 1, ES_CONF_LOW);
    r->customer_groups = 1;
}

static void test_risk_rules(void **state)
{
    (void)state;
    assert_int_equal(verdict(none), ES_RISK_NONE);
    assert_int_equal(verdict(geo_only), ES_RISK_LOW);        /* not a direct identifier */
    assert_int_equal(verdict(name_high), ES_RISK_LOW);       /* a name alone identifies nobody */
    assert_int_equal(verdict(email_medium), ES_RISK_LOW);
    assert_int_equal(verdict(email_high), ES_RISK_MEDIUM);
    assert_int_equal(verdict(phones_9_low), ES_RISK_LOW);
    assert_int_equal(verdict(phones_10_low), ES_RISK_HIGH);  /* a customer list */
    assert_int_equal(verdict(mixed_10), ES_RISK_HIGH);       /* distinct values add up across detectors */
    assert_int_equal(verdict(same_value_20), ES_RISK_LOW);
    assert_int_equal(verdict(grouped), ES_RISK_HIGH);        /* a customer record */
    assert_int_equal(verdict(staff_9_customers), ES_RISK_LOW);
    assert_int_equal(verdict(staff_10_customers), ES_RISK_HIGH);
    assert_int_equal(verdict(staff_40_customers), ES_RISK_HIGH);
}

/* The findings view lists detectors with values, in registry order. */
static void test_findings_view(void **state)
{
    (void)state;
    struct es_record *r = es_record_new(NULL, "f", 1);
    add(r, "geo", 2, ES_CONF_MEDIUM);
    add(r, "name", 1, ES_CONF_HIGH);
    add(r, "geo", 1, ES_CONF_LOW);
    es_record_finish(r);
    assert_int_equal(es_record_nfindings(r), 2);
    const struct es_finding *f0 = es_record_finding(r, 0), *f1 = es_record_finding(r, 1);
    assert_string_equal(es_finding_detector(f0), "name");
    assert_string_equal(es_finding_detector(f1), "geo");
    assert_int_equal(es_finding_count(f1), 3);
    assert_int_equal(es_finding_distinct(f1), 3);
    assert_int_equal(es_finding_confidence(f1), ES_CONF_MEDIUM);
    assert_null(es_record_finding(r, 2));
    assert_null(es_finding_example_where(f1, 0));
    /* finish is idempotent */
    es_record_finish(r);
    assert_int_equal(es_record_nfindings(r), 2);
    es_record_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hashset_basic), cmocka_unit_test(test_hashset_grow),
        cmocka_unit_test(test_hashset_next),
        cmocka_unit_test(test_hashset_merge), cmocka_unit_test(test_hash64),
        cmocka_unit_test(test_hash64_plates),
        cmocka_unit_test(test_distinct_exact_to_limit), cmocka_unit_test(test_distinct_estimate),
        cmocka_unit_test(test_distinct_merge_any_order),
        cmocka_unit_test(test_record_path),   cmocka_unit_test(test_record_errors),
        cmocka_unit_test(test_risk_rules),    cmocka_unit_test(test_findings_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
