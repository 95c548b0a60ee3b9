/* Detector runtime: shared compiled state, per-worker match data (YARA: one
 * YR_RULES shared, one YR_SCANNER per thread). */
#include "detect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ClamAV's regex_pcre.c limits: enough for any real value, and a hostile line
 * cannot make one match run away. */
#define MATCH_LIMIT 100000
#define DEPTH_LIMIT 2000
#define JIT_STACK_MIN (32 * 1024)
#define JIT_STACK_MAX (512 * 1024)
/* Groups any detector pattern may use. */
#define MAX_GROUPS 32

struct es_detect_shared {
    void *data[32];
};

struct es_hits {
    struct es_detect_worker *w;
    const struct es_hit_sink *sink;
    const struct es_chunk *chunk;
    size_t det;
};

struct es_detect_worker {
    const struct es_detect_shared *shared;
    struct es_chunk_facts facts;   /* of the chunk es_detect_run() scans */
    struct es_run_bits runs;       /* the same */
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    struct scratch {
        void *p;
        size_t len;
    } *scratch;   /* per detector: es_scan_scratch() */
};

int es_detect_shared_new(struct es_detect_shared **out, char *err, size_t errlen)
{
    struct es_detect_shared *s = calloc(1, sizeof *s);
    if (!s)
        return ES_ERR_NOMEM;
    for (size_t i = 0; i < es_ndetectors; i++) {
        if (!es_detectors[i]->init)
            continue;
        int rc = es_detectors[i]->init(&s->data[i]);
        if (rc != ES_OK) {
            if (err && errlen)
                snprintf(err, errlen, "detector %s failed to initialise: %s", es_detectors[i]->id,
                         es_strerror(rc));
            es_detect_shared_free(s);
            return rc;
        }
    }
    *out = s;
    return ES_OK;
}

void es_detect_shared_free(struct es_detect_shared *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < es_ndetectors; i++)
        if (es_detectors[i]->fini && s->data[i])
            es_detectors[i]->fini(s->data[i]);
    free(s);
}

int es_detect_worker_new(const struct es_detect_shared *s, struct es_detect_worker **out)
{
    struct es_detect_worker *w = calloc(1, sizeof *w);
    if (!w)
        return ES_ERR_NOMEM;
    w->shared = s;
    w->md = pcre2_match_data_create(MAX_GROUPS, NULL);
    w->mctx = pcre2_match_context_create(NULL);
    w->jit = pcre2_jit_stack_create(JIT_STACK_MIN, JIT_STACK_MAX, NULL);
    w->scratch = calloc(es_ndetectors, sizeof *w->scratch);
    if (!w->md || !w->mctx || !w->jit || !w->scratch) {
        es_detect_worker_free(w);
        return ES_ERR_NOMEM;
    }
    pcre2_set_match_limit(w->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(w->mctx, DEPTH_LIMIT);
    pcre2_jit_stack_assign(w->mctx, NULL, w->jit);
    *out = w;
    return ES_OK;
}

void es_detect_worker_free(struct es_detect_worker *w)
{
    if (!w)
        return;
    pcre2_match_data_free(w->md);
    pcre2_match_context_free(w->mctx);
    pcre2_jit_stack_free(w->jit);
    es_run_bits_free(&w->runs);
    for (size_t i = 0; w->scratch && i < es_ndetectors; i++)
        free(w->scratch[i].p);
    free(w->scratch);
    free(w);
}

void *es_scan_scratch(const struct es_scan_ctx *sc, size_t len)
{
    struct scratch *x = &sc->hits->w->scratch[sc->hits->det];
    if (x->len < len) {
        free(x->p);
        x->p = malloc(len);
        x->len = x->p ? len : 0;
    }
    return x->p;
}

void es_hit(const struct es_scan_ctx *sc, size_t start, size_t end, enum es_confidence conf,
            const char *norm, size_t norm_len)
{
    const struct es_hits *h = sc->hits;
    if (start >= h->chunk->owned || end > h->chunk->len || start >= end)
        return;   /* owned by the next chunk, or nonsense */
#ifdef ES_HIT_TRACE
    /* tools/samehits.py compares these lines between two builds. */
    fprintf(stderr, "hit %s chunk %llu:%llu %zu-%zu conf %d %.*s\n", es_detectors[h->det]->id,
            (unsigned long long)h->chunk->line, (unsigned long long)h->chunk->col, start, end, (int)conf,
            (int)norm_len, norm);
#endif
    h->sink->hit(h->sink->ctx, h->det, h->chunk, start, end, conf, norm, norm_len);
}

void es_detect_run(struct es_detect_worker *w, uint32_t enabled, const struct es_chunk *c,
                   const struct es_hit_sink *sink)
{
    struct es_hits hits = {.w = w, .sink = sink, .chunk = c};
    struct es_scan_ctx sc = {.md = w->md, .mctx = w->mctx, .hits = &hits, .facts = &w->facts, .runs = &w->runs};
    es_chunk_facts_reset(&w->facts);
    es_run_bits_reset(&w->runs, c->text, c->len);
    for (size_t i = 0; i < es_ndetectors; i++) {
        if (!(enabled & (1u << i)))
            continue;
        hits.det = i;
        sc.shared = w->shared->data[i];
        es_detectors[i]->scan(&sc, c);
    }
}

struct collect {
    struct es_test_hit *out;
    size_t max, n;
};

static void collect_hit(void *ctx, size_t det, const struct es_chunk *c, size_t start, size_t end,
                        enum es_confidence conf, const char *norm, size_t norm_len)
{
    (void)c;
    struct collect *col = ctx;
    if (col->n < col->max) {
        struct es_test_hit *h = &col->out[col->n];
        h->det = det;
        h->start = start;
        h->end = end;
        h->conf = conf;
        if (norm_len >= sizeof h->norm)
            norm_len = sizeof h->norm - 1;
        memcpy(h->norm, norm, norm_len);
        h->norm[norm_len] = '\0';
    }
    col->n++;
}

size_t es_detect_collect(int det, const struct es_chunk *c, struct es_test_hit *out, size_t max)
{
    struct es_detect_shared *s = NULL;
    struct es_detect_worker *w = NULL;
    struct collect col = {.out = out, .max = max};
    if (es_detect_shared_new(&s, NULL, 0) != ES_OK || es_detect_worker_new(s, &w) != ES_OK)
        goto done;
    struct es_hit_sink sink = {.hit = collect_hit, .ctx = &col};
    es_detect_run(w, det < 0 ? 0xffffffffu : (1u << det), c, &sink);
done:
    es_detect_worker_free(w);
    es_detect_shared_free(s);
    return col.n < max ? col.n : max;
}

struct es_chunk es_chunk_plain(const char *text)
{
    size_t len = strlen(text);
    struct es_chunk c = {.text = text, .len = len, .owned = len, .line = 1, .col = 1};
    return c;
}
