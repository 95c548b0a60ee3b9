/*
 * The scanner through its public API: configuration (--only/--except lists,
 * limits), es_scan_buffer records, and deterministic order: es_scan_paths
 * at jobs 1 and 8 gives the same record sequence over a tree of 200 files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "exposcan/exposcan.h"
#include "scanner/limits.h"
#include "scanner/scanner_private.h"
#include "smp_collect.h"

static void test_only_except(void **state)
{
    (void)state;
    struct es_config *cfg = es_config_new();
    assert_non_null(cfg);
    uint32_t all = cfg->enabled;
    assert_int_equal(all, (1u << es_detector_count()) - 1);
    /* An unknown id is an error and changes nothing. */
    assert_int_equal(es_config_only(cfg, "email,telefon"), ES_ERR_ARG);
    assert_int_equal(cfg->enabled, all);
    assert_int_equal(es_config_except(cfg, "vin,"), ES_OK);   /* a trailing comma is harmless */
    assert_int_equal(cfg->enabled, all & ~(1u << es_detector_index("vin", 3)));
    assert_int_equal(es_config_except(cfg, "Email"), ES_ERR_ARG);   /* ids are exact */
    assert_int_equal(es_config_except(cfg, "emai"), ES_ERR_ARG);    /* no prefixes */
    assert_int_equal(es_config_except(cfg, "email_x"), ES_ERR_ARG);
    es_config_free(cfg);

    cfg = es_config_new();
    /* Spaces around ids are allowed. */
    assert_int_equal(es_config_only(cfg, " email , phone "), ES_OK);
    uint32_t want = (1u << es_detector_index("email", 5)) | (1u << es_detector_index("phone", 5));
    assert_int_equal(cfg->enabled, want);
    /* --except after --only narrows further. */
    assert_int_equal(es_config_except(cfg, "phone"), ES_OK);
    assert_int_equal(cfg->enabled, 1u << es_detector_index("email", 5));
    es_config_free(cfg);
}

static void test_detector_registry(void **state)
{
    (void)state;
    static const char *const ids[] = {"name", "address", "phone", "email", "vin", "device_id",
                                      "plate", "customer_id", "payment_card", "geo"};
    assert_int_equal(es_detector_count(), 10);
    for (size_t i = 0; i < 10; i++) {
        int found = 0;
        for (size_t j = 0; j < es_detector_count(); j++)
            found |= strcmp(es_detector_id(j), ids[i]) == 0;
        assert_true(found);
        assert_non_null(es_detector_description(i));
    }
    assert_null(es_detector_id(10));
}

static void test_limits(void **state)
{
    (void)state;
    struct es_config *cfg = es_config_new();
    assert_int_equal(es_config_get_limit(cfg, ES_LIMIT_DEPTH), ES_DEFAULT_DEPTH);
    assert_int_equal(es_config_get_limit(cfg, ES_LIMIT_MEMBERS), ES_DEFAULT_MEMBERS);
    assert_int_equal(es_config_get_limit(cfg, ES_LIMIT_MEMBER_BYTES), ES_DEFAULT_MEMBER_BYTES);
    assert_int_equal(es_config_get_limit(cfg, ES_LIMIT_FILESIZE), 0);
    for (int i = 0; i < ES_NLIMITS; i++) {
        assert_int_equal(es_config_set_limit(cfg, (enum es_limit)i, 1000u + (unsigned)i), ES_OK);
        assert_int_equal(es_config_get_limit(cfg, (enum es_limit)i), 1000u + (unsigned)i);
        assert_non_null(es_limit_name((enum es_limit)i));
    }
    assert_int_equal(es_config_set_limit(cfg, ES_NLIMITS, 5), ES_ERR_ARG);
    assert_int_equal(es_config_set_limit(cfg, (enum es_limit)-1, 5), ES_ERR_ARG);
    assert_int_equal(es_config_get_limit(cfg, ES_NLIMITS), 0);
    assert_null(es_limit_name(ES_NLIMITS));
    assert_string_equal(es_limit_name(ES_LIMIT_MEMBER_BYTES), "member-bytes");
    assert_string_equal(es_limit_name(ES_LIMIT_DEPTH), "depth");
    es_config_free(cfg);
}

/* The scanner copies its configuration: changing or freeing cfg later has no effect. */
static void test_config_copied(void **state)
{
    (void)state;
    struct es_config *cfg = es_config_new();
    assert_int_equal(es_config_only(cfg, "email"), ES_OK);
    es_config_show_data(cfg, 1);
    assert_int_equal(es_config_add_exclude(cfg, "*.tmp"), ES_OK);
    struct es_scanner *sc = NULL;
    char err[128];
    assert_int_equal(es_scanner_new(cfg, &sc, err, sizeof err), ES_OK);
    assert_int_equal(es_config_only(cfg, "phone"), ES_OK);
    es_config_free(cfg);
    static const char text[] = "mail orte.vimaren@hoshikawa-net.jp tel 090-3141-5926\n";
    struct smp_recs rs;
    smp_recs_init(&rs);
    assert_int_equal(es_scan_buffer(sc, "a.txt", text, strlen(text), smp_collect, &rs), ES_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(rs.r[0].nf, 1);
    assert_string_equal(rs.r[0].f[0].det, "email");
    assert_string_equal(rs.r[0].f[0].value[0], "orte.vimaren@hoshikawa-net.jp");
    assert_string_equal(rs.r[0].f[0].where[0], "1:6");
    smp_recs_free(&rs);
    es_scanner_free(sc);
}

static void test_scan_buffer(void **state)
{
    (void)state;
    struct es_scanner *sc = smp_scanner(NULL, 1);
    assert_non_null(sc);
    static const char csv[] =
        "customer_id,name,email,phone\n"
        "C-4936536,Karito Delmosa,karito.delmosa@wattlemail.com.au,0432 938 153\n"
        "C-6013369,Orte Vimaren,orte.vimaren@hoshikawa-net.jp,0412 345 678\n";
    struct smp_recs rs;
    smp_recs_init(&rs);
    assert_int_equal(es_scan_buffer(sc, "dir/customers.csv", csv, strlen(csv), smp_collect, &rs),
                     ES_OK);
    assert_int_equal(rs.n, 1);
    struct smp_rec *r = &rs.r[0];
    assert_string_equal(r->path, "dir/customers.csv");
    assert_string_equal(r->type, "csv");
    assert_string_equal(r->enc, "utf-8");
    assert_int_equal(r->status, ES_REC_OK);
    assert_int_equal(r->risk, ES_RISK_HIGH);   /* rows of identity with contact data */
    const struct smp_finding *e = smp_find(r, "email"), *c = smp_find(r, "customer_id");
    assert_non_null(e);
    assert_non_null(c);
    assert_int_equal(e->count, 2);
    assert_int_equal(e->distinct, 2);
    assert_string_equal(e->where[0], "2:26");
    assert_string_equal(c->value[1], "C-6013369");
    /* The summary counts the file and its values. */
    const struct es_summary *s = es_scanner_summary(sc);
    assert_int_equal(es_summary_files(s), 1);
    assert_int_equal(es_summary_by_status(s, ES_REC_OK), 1);
    assert_int_equal(es_summary_by_risk(s, ES_RISK_HIGH), 1);
    for (size_t i = 0; i < es_summary_ndetectors(s); i++)
        if (strcmp(es_summary_detector(s, i), "email") == 0) {
            assert_int_equal(es_summary_detector_count(s, i), 2);
            assert_int_equal(es_summary_detector_distinct(s, i), 2);
        }
    smp_recs_free(&rs);

    /* The same values again: the summary's distinct count does not grow. */
    smp_recs_init(&rs);
    assert_int_equal(es_scan_buffer(sc, "copy.csv", csv, strlen(csv), smp_collect, &rs), ES_OK);
    for (size_t i = 0; i < es_summary_ndetectors(s); i++)
        if (strcmp(es_summary_detector(s, i), "email") == 0) {
            assert_int_equal(es_summary_detector_count(s, i), 4);
            assert_int_equal(es_summary_detector_distinct(s, i), 2);
        }
    assert_int_equal(es_summary_files(s), 2);
    smp_recs_free(&rs);

    /* An empty buffer is a clean record. */
    smp_recs_init(&rs);
    assert_int_equal(es_scan_buffer(sc, "empty.txt", "", 0, smp_collect, &rs), ES_OK);
    assert_int_equal(rs.n, 1);
    assert_int_equal(rs.r[0].status, ES_REC_OK);
    assert_int_equal(rs.r[0].nf, 0);
    assert_int_equal(rs.r[0].risk, ES_RISK_NONE);
    smp_recs_free(&rs);
    es_scanner_free(sc);
}

/* Masked by default: the raw value never reaches the record. */
static void test_masked_by_default(void **state)
{
    (void)state;
    struct es_config *cfg = es_config_new();
    struct es_scanner *sc = NULL;
    char err[128];
    assert_int_equal(es_scanner_new(cfg, &sc, err, sizeof err), ES_OK);
    es_config_free(cfg);
    static const char text[] = "mail orte.vimaren@hoshikawa-net.jp\n";
    struct smp_recs rs;
    smp_recs_init(&rs);
    assert_int_equal(es_scan_buffer(sc, "a.txt", text, strlen(text), smp_collect, &rs), ES_OK);
    const struct smp_finding *e = smp_find(&rs.r[0], "email");
    assert_non_null(e);
    assert_null(strstr(e->value[0], "vimaren"));
    smp_recs_free(&rs);
    es_scanner_free(sc);
}

/* The callback can stop a scan. */
static int stop_now(void *ctx, const struct es_record *rec)
{
    (void)rec;
    ++*(int *)ctx;
    return ES_STOP;
}

/* ---- order at jobs 1 and 8 ---- */

#define NFILES 200

static void make_tree(char *root)
{
    assert_non_null(mkdtemp(root));
    for (int d = 0; d < 10; d++) {
        char dir[128];
        snprintf(dir, sizeof dir, "%s/d%02d", root, 9 - d);
        assert_int_equal(mkdir(dir, 0755), 0);
        for (int i = 0; i < NFILES / 10; i++) {
            char p[192];
            int k = d * (NFILES / 10) + i;
            /* Files of very different sizes so workers finish out of order. */
            snprintf(p, sizeof p, "%s/f%03d.%s", dir, (k * 37) % 1000, k % 3 ? "txt" : "csv");
            FILE *f = fopen(p, "w");
            assert_non_null(f);
            int reps = (k % 7 == 0) ? 3000 : 1;
            for (int j = 0; j < reps; j++)
                fprintf(f, "id,mail\n%d,user%d.x%d@tsubame-post.jp\n", j, k, j);
            fclose(f);
        }
    }
}

static void rm_tree(const char *root)
{
    char cmd[160];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
}

static void scan_tree(const char *root, unsigned jobs, struct smp_recs *rs)
{
    struct es_scanner *sc = smp_scanner(NULL, jobs);
    assert_non_null(sc);
    smp_recs_init(rs);
    const char *paths[] = {root};
    assert_int_equal(es_scan_paths(sc, paths, 1, smp_collect, rs), ES_OK);
    const struct es_summary *s = es_scanner_summary(sc);
    assert_int_equal(es_summary_files(s), NFILES);
    es_scanner_free(sc);
}

static void test_order_jobs(void **state)
{
    (void)state;
    char root[] = "/tmp/es-order-XXXXXX";
    make_tree(root);
    struct smp_recs a, b;
    scan_tree(root, 1, &a);
    scan_tree(root, 8, &b);
    assert_int_equal(a.n, NFILES);
    assert_int_equal(b.n, NFILES);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.r[i].path, b.r[i].path);
        /* Same findings in the same order, with the same examples. */
        assert_int_equal(a.r[i].nf, b.r[i].nf);
        assert_memory_equal(&a.r[i], &b.r[i], sizeof a.r[i]);
        if (i)   /* walk order: byte order of the joined paths */
            assert_true(strcmp(a.r[i - 1].path, a.r[i].path) < 0);
    }
    assert_non_null(strstr(a.r[0].path, "/d00/f"));
    smp_recs_free(&a);
    smp_recs_free(&b);

    /* A callback that stops after the first record stops the scan. */
    struct es_scanner *sc = smp_scanner(NULL, 4);
    int calls = 0;
    const char *paths[] = {root};
    assert_int_equal(es_scan_paths(sc, paths, 1, stop_now, &calls), ES_STOP);
    assert_int_equal(calls, 1);
    es_scanner_free(sc);
    rm_tree(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_only_except),   cmocka_unit_test(test_detector_registry),
        cmocka_unit_test(test_limits),        cmocka_unit_test(test_config_copied),
        cmocka_unit_test(test_scan_buffer),   cmocka_unit_test(test_masked_by_default),
        cmocka_unit_test(test_order_jobs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
