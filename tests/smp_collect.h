/*
 * Record collection for the core unit tests (test_text, test_scanner): the
 * public record callback copies what the tests compare into plain structs,
 * since a record is valid only during the callback.
 */
#ifndef ES_TEST_SMP_COLLECT_H
#define ES_TEST_SMP_COLLECT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exposcan/exposcan.h"

/* Generous bounds for the small inputs of the tests. */
#define SMP_MAX_RECS 512
#define SMP_MAX_FIND 16
#define SMP_PATH_MAX 512

struct smp_finding {
    char det[24];
    unsigned long long count, distinct;
    int conf;
    size_t nex;
    char where[3][64];
    char value[3][128];
};

struct smp_rec {
    char path[SMP_PATH_MAX];   /* elements joined by " > " */
    char type[24];
    char enc[24];              /* "" when the record has no encoding */
    int status;
    int risk;
    size_t nf;
    struct smp_finding f[SMP_MAX_FIND];
};

struct smp_recs {
    size_t n;
    struct smp_rec *r;         /* SMP_MAX_RECS entries */
};

static inline void smp_recs_init(struct smp_recs *rs)
{
    rs->n = 0;
    rs->r = calloc(SMP_MAX_RECS, sizeof *rs->r);
}

static inline void smp_recs_free(struct smp_recs *rs)
{
    free(rs->r);
    rs->r = NULL;
    rs->n = 0;
}

static inline int smp_collect(void *ctx, const struct es_record *rec)
{
    struct smp_recs *rs = ctx;
    if (!rs->r || rs->n >= SMP_MAX_RECS)
        return ES_OK;
    struct smp_rec *o = &rs->r[rs->n++];
    memset(o, 0, sizeof *o);
    size_t at = 0;
    for (size_t i = 0; i < es_record_path_len(rec); i++) {
        size_t len;
        const char *p = es_record_path(rec, i, &len);
        if (i && at + 3 < sizeof o->path) {
            memcpy(o->path + at, " > ", 3);
            at += 3;
        }
        if (at + len >= sizeof o->path)
            len = sizeof o->path - at - 1;
        memcpy(o->path + at, p, len);
        at += len;
    }
    o->path[at] = '\0';
    snprintf(o->type, sizeof o->type, "%s", es_record_type(rec));
    snprintf(o->enc, sizeof o->enc, "%s", es_record_encoding(rec) ? es_record_encoding(rec) : "");
    o->status = es_record_status(rec);
    o->risk = es_record_risk(rec);
    for (size_t i = 0; i < es_record_nfindings(rec) && o->nf < SMP_MAX_FIND; i++) {
        const struct es_finding *f = es_record_finding(rec, i);
        struct smp_finding *d = &o->f[o->nf++];
        snprintf(d->det, sizeof d->det, "%s", es_finding_detector(f));
        d->count = es_finding_count(f);
        d->distinct = es_finding_distinct(f);
        d->conf = es_finding_confidence(f);
        d->nex = es_finding_nexamples(f) < 3 ? es_finding_nexamples(f) : 3;
        for (size_t j = 0; j < d->nex; j++) {
            snprintf(d->where[j], sizeof d->where[j], "%s", es_finding_example_where(f, j));
            snprintf(d->value[j], sizeof d->value[j], "%s", es_finding_example_value(f, j));
        }
    }
    return ES_OK;
}

/* The finding of detector det in record r, or NULL. */
static inline const struct smp_finding *smp_find(const struct smp_rec *r, const char *det)
{
    for (size_t i = 0; i < r->nf; i++)
        if (strcmp(r->f[i].det, det) == 0)
            return &r->f[i];
    return NULL;
}

/* A scanner with show_data on (raw values make the assertions exact), and
 * one limit set unless value is 0. */
static inline struct es_scanner *smp_scanner_limited(const char *only, unsigned jobs, enum es_limit which,
                                                     uint64_t value)
{
    struct es_config *cfg = es_config_new();
    struct es_scanner *sc = NULL;
    char err[256];
    if (!cfg)
        return NULL;
    es_config_show_data(cfg, 1);
    es_config_set_jobs(cfg, jobs);
    if (value)
        es_config_set_limit(cfg, which, value);
    if (only && es_config_only(cfg, only) != ES_OK) {
        es_config_free(cfg);
        return NULL;
    }
    if (es_scanner_new(cfg, &sc, err, sizeof err) != ES_OK)
        sc = NULL;
    es_config_free(cfg);
    return sc;
}

static inline struct es_scanner *smp_scanner(const char *only, unsigned jobs)
{
    return smp_scanner_limited(only, jobs, ES_LIMIT_TEXT_BYTES, 0);
}

#endif
