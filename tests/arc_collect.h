/* Scan a buffer or file through the public API and keep its records, for
 * the archive extractor tests (test_ex_zip.c, test_ex_gzip.c, test_ex_tar.c). */
#ifndef ES_TEST_ARC_COLLECT_H
#define ES_TEST_ARC_COLLECT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "exposcan/exposcan.h"

#define ARC_MAX_RECS 256

struct arc_rec {
    char path[1024];   /* elements joined with " | " */
    size_t depth;      /* path elements */
    char type[32];
    enum es_rec_status status;
    char error[256];
    char partial[256];
    int has_email;
    uint64_t bytes;    /* bytes read (expanded) */
};

struct arc_recs {
    struct arc_rec r[ARC_MAX_RECS];
    size_t n;
    size_t total;      /* records seen, including those past ARC_MAX_RECS */
};

static int arc_on_record(void *ctx, const struct es_record *rec)
{
    struct arc_recs *rs = ctx;
    rs->total++;
    if (rs->n >= ARC_MAX_RECS)
        return ES_OK;
    struct arc_rec *r = &rs->r[rs->n++];
    memset(r, 0, sizeof *r);
    r->depth = es_record_path_len(rec);
    size_t off = 0;
    for (size_t i = 0; i < r->depth; i++) {
        size_t len;
        const char *e = es_record_path(rec, i, &len);
        int k = snprintf(r->path + off, sizeof r->path - off, "%s%.*s", i ? " | " : "", (int)len, e);
        if (k < 0 || (size_t)k >= sizeof r->path - off)
            break;
        off += (size_t)k;
    }
    snprintf(r->type, sizeof r->type, "%s", es_record_type(rec) ? es_record_type(rec) : "");
    r->status = es_record_status(rec);
    r->bytes = es_record_bytes(rec);
    snprintf(r->error, sizeof r->error, "%s", es_record_error(rec) ? es_record_error(rec) : "");
    snprintf(r->partial, sizeof r->partial, "%s", es_record_partial(rec) ? es_record_partial(rec) : "");
    for (size_t i = 0; i < es_record_nfindings(rec); i++)
        if (strcmp(es_finding_detector(es_record_finding(rec, i)), "email") == 0)
            r->has_email = 1;
    return ES_OK;
}

/* Scan data as a file called name; limits[i] != 0 overrides limit i. */
static inline void arc_scan(const char *name, const void *data, size_t len,
                            const uint64_t *limits, struct arc_recs *out)
{
    struct es_config *cfg = es_config_new();
    assert_non_null(cfg);
    es_config_set_jobs(cfg, 1);
    for (int i = 0; limits && i < ES_NLIMITS; i++)
        if (limits[i])
            es_config_set_limit(cfg, (enum es_limit)i, limits[i]);
    struct es_scanner *sc = NULL;
    char err[256];
    assert_int_equal(es_scanner_new(cfg, &sc, err, sizeof err), ES_OK);
    es_config_free(cfg);
    memset(out, 0, sizeof *out);
    es_scan_buffer(sc, name, data, len, arc_on_record, out);
    es_scanner_free(sc);
}

/* The bytes of a file under the source tree's tests/ folder (malloc'd). */
static inline unsigned char *arc_read(const char *rel, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", ES_TEST_SRCDIR, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    unsigned char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The record whose joined path is exactly path, or fail. */
static inline const struct arc_rec *arc_find(const struct arc_recs *rs, const char *path)
{
    for (size_t i = 0; i < rs->n; i++)
        if (strcmp(rs->r[i].path, path) == 0)
            return &rs->r[i];
    for (size_t i = 0; i < rs->n; i++)
        print_message("  have: [%s] %s %d %s\n", rs->r[i].path, rs->r[i].type, rs->r[i].status,
                      rs->r[i].error);
    fail_msg("no record for [%s]", path);
    return NULL;
}

#endif
