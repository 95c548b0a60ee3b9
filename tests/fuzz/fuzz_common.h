/*
 * Shared harness of the libFuzzer targets (YARA tests/oss-fuzz, ClamAV fuzz/).
 *
 * One scanner and one worker live for the whole fuzzing process: creating a
 * worker loads libmagic's database, which would cost more than the scan of a
 * small input. Each input is scanned as one top-level job through the real
 * sink (es_job_run_mem), so members recurse through the same limit checks as
 * in production; every record is then checked for the invariants the report
 * relies on and rendered by the JSONL reporter, so its escaping runs under
 * ASan too. A broken invariant aborts: libFuzzer reports it as a crash.
 */
#ifndef ES_FUZZ_COMMON_H
#define ES_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exposcan/exposcan.h"
#include "scanner/json_out.h"
#include "scanner/limits.h"
#include "scanner/report.h"
#include "scanner/scanner_private.h"

static struct es_scanner *fz_sc;
static struct es_worker fz_w;

/* Smaller than the defaults so that one input cannot take seconds: the
 * fuzzer is after parser bugs, and a 1 GiB member would only make it slow.
 * The limit paths themselves are exercised all the same. */
#define FZ_BYTES (2ull * ES_MIB)

static inline void fz_die(const char *what)
{
    fprintf(stderr, "fuzz invariant broken: %s\n", what);
    abort();
}

static inline void fz_init(void)
{
    if (fz_sc)
        return;
    struct es_config *cfg = es_config_new();
    if (!cfg)
        fz_die("es_config_new");
    es_config_set_jobs(cfg, 1);
    es_config_set_limit(cfg, ES_LIMIT_MEMBER_BYTES, FZ_BYTES);
    es_config_set_limit(cfg, ES_LIMIT_INPUT_BYTES, 4 * FZ_BYTES);
    es_config_set_limit(cfg, ES_LIMIT_LOAD_BYTES, FZ_BYTES);
    es_config_set_limit(cfg, ES_LIMIT_TEXT_BYTES, FZ_BYTES);
    /* No deadline: a slow input must show up as a libFuzzer timeout, not
     * hide behind the scanner's own "seconds" limit. */
    es_config_set_limit(cfg, ES_LIMIT_SECONDS, 0);
    char err[256];
    if (es_scanner_new(cfg, &fz_sc, err, sizeof err) != ES_OK)
        fz_die(err);
    es_config_free(cfg);
    if (es_worker_init(&fz_w, fz_sc) != ES_OK)
        fz_die("es_worker_init");
}

static inline int fz_valid_utf8(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t k = es_utf8_seq((const unsigned char *)s + i, n - i, NULL);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* What every record must satisfy whatever the input (issue 5, points 2 and 4). */
static inline void fz_check(const struct es_record *r)
{
    enum es_rec_status st = es_record_status(r);
    if ((unsigned)st >= ES_REC_NSTATUS)
        fz_die("status out of range");
    const char *why = es_record_error(r);
    if (st != ES_REC_OK && (!why || !*why))
        fz_die("record not ok without a reason");
    if (es_record_path_len(r) < 1)
        fz_die("record without a path");
    if (!es_record_type(r))
        fz_die("record without a type");
    for (size_t i = 0; i < es_record_nfindings(r); i++) {
        const struct es_finding *f = es_record_finding(r, i);
        if (es_finding_count(f) == 0 || es_finding_distinct(f) > es_finding_count(f))
            fz_die("finding counts");
        for (size_t k = 0; k < es_finding_nexamples(f); k++) {
            const char *v = es_finding_example_value(f, k);
            const char *w = es_finding_example_where(f, k);
            if (!v || !fz_valid_utf8(v) || (w && !fz_valid_utf8(w)))
                fz_die("example not valid UTF-8");
        }
    }
}

/* A rendered JSONL record: valid UTF-8, no raw control byte (JSON strings
 * may not hold one, and a newline would split the record in two). */
static inline void fz_check_line(const struct es_rbuf *b)
{
    if (b->failed)
        return;   /* out of memory under the fuzzer's malloc limit: not a bug here */
    const unsigned char *p = (const unsigned char *)b->data;
    for (size_t i = 0; i < b->len;) {
        if (p[i] < 0x20)
            fz_die("raw control byte in a JSON record");
        size_t k = es_utf8_seq(p + i, b->len - i, NULL);
        if (k == 0)
            fz_die("JSON record not valid UTF-8");
        i += k;
    }
    if (b->len == 0 || p[0] != '{')
        fz_die("JSON record does not start with {");
}

/* Scan data as a top-level file called name, check and render each record. */
static inline void fz_scan(const char *name, const void *data, size_t len)
{
    fz_init();
    struct es_job job = {.sc = fz_sc, .w = &fz_w};
    es_job_run_mem(&job, name, data, len);
    struct es_rbuf line = {0};
    size_t n = 0;
    for (struct es_record *r = job.head; r; r = r->next, n++) {
        fz_check(r);
        line.len = 0;
        es_rp_json_record(&line, r);
        fz_check_line(&line);
    }
    es_rbuf_free(&line);
    if (n == 0)
        fz_die("no record for the input");
    es_job_free(&job);
}

/* Scan with a format's signature in front unless the input has it already:
 * the fuzzer then spends its time inside that extractor, not in the bids. */
static inline void fz_scan_magic(const char *name, const void *magic, size_t mlen, const uint8_t *data,
                          size_t len)
{
    if (len >= mlen && memcmp(data, magic, mlen) == 0) {
        fz_scan(name, data, len);
        return;
    }
    unsigned char *p = malloc(mlen + len + 1);
    if (!p)
        return;
    memcpy(p, magic, mlen);
    if (len)
        memcpy(p + mlen, data, len);
    fz_scan(name, p, mlen + len);
    free(p);
}

#endif
