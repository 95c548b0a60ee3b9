/*
 * The detector runtime (internal): compiles every detector once per scanner,
 * keeps per-worker match state, and runs the enabled detectors over a chunk,
 * sending each hit to a collector.
 */
#ifndef ES_DETECT_H
#define ES_DETECT_H

#include "../detectors/detector.h"

struct es_detect_shared;   /* per scanner: what each detector's init() built */
struct es_detect_worker;   /* per worker thread */

/* Receives every hit; c is the chunk being scanned, det the detector index. */
struct es_hit_sink {
    void (*hit)(void *ctx, size_t det, const struct es_chunk *c, size_t start, size_t end,
                enum es_confidence conf, const char *norm, size_t norm_len);
    void *ctx;
};

/* enabled: a mask of detector indexes (bit i = es_detectors[i]). */
int es_detect_shared_new(struct es_detect_shared **out, char *err, size_t errlen);
void es_detect_shared_free(struct es_detect_shared *s);
int es_detect_worker_new(const struct es_detect_shared *s, struct es_detect_worker **out);
void es_detect_worker_free(struct es_detect_worker *w);
void es_detect_run(struct es_detect_worker *w, uint32_t enabled, const struct es_chunk *c,
                   const struct es_hit_sink *sink);

/* For tests and fuzzers: run detector `det` (or all when det < 0) over one
 * chunk with a fresh runtime and collect up to max hits. */
struct es_test_hit {
    size_t det, start, end;
    enum es_confidence conf;
    char norm[256];
};
size_t es_detect_collect(int det, const struct es_chunk *c, struct es_test_hit *out, size_t max);
/* A chunk over NUL-terminated plain text, located by line:col. */
struct es_chunk es_chunk_plain(const char *text);

#endif
