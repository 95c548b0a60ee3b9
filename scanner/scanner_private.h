/* The scanner, its configuration, workers and jobs (internal). */
#ifndef ES_SCANNER_PRIVATE_H
#define ES_SCANNER_PRIVATE_H

#include <magic.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include "buf.h"
#include "extract.h"
#include "detect.h"
#include "exposcan/exposcan.h"
#include "distinct.h"
#include "hashset.h"
#include "linecol.h"
#include "record_private.h"

struct es_config {
    unsigned jobs;
    uint32_t enabled;            /* bit i: es_detectors[i] */
    int show_data;
    int follow_symlinks;
    int one_file_system;
    char **excludes;
    size_t nexcludes;
    uint64_t limits[ES_NLIMITS];
    int report_is_file;          /* the report's own file, skipped by the walk */
    dev_t report_dev;
    ino_t report_ino;
};

/* Summary counters; one per worker, merged at the end (no shared mutable state). */
struct es_tally {
    uint64_t files, members, bytes;
    uint64_t by_risk[ES_NRISK];
    uint64_t by_status[ES_REC_NSTATUS];
    uint64_t det_count[ES_MAXDET], det_files[ES_MAXDET];
};

struct es_summary {
    struct es_tally t;
    /* The scan's distinct values, one set per detector. Unlike the counters
     * they are shared: workers add each file's values under the set's
     * tally_lock (es_job_tally()), so the largest data of a scan exists
     * once, not once per worker plus a merged copy. */
    struct es_distinct det_distinct[ES_MAXDET];
    double elapsed;
    int interrupted;
};

/* A hit as kept for the risk verdict of one chunk. */
struct es_chunk_hit {
    size_t start;
    uint8_t det;
    uint8_t conf;                /* enum es_confidence */
    uint32_t line;               /* line in the chunk (chunks are at most a few MiB) */
    uint64_t hash;               /* of the normalised value (distinct counts) */
};

struct es_worker {
    struct es_scanner *sc;
    magic_t magic;
    struct es_detect_worker *det;
    struct es_buf text;          /* decoder output */
    struct es_buf utf8;          /* es_sink_utf8 copies */
    struct es_chunk_hit *hits;   /* hits of the chunk being scanned */
    size_t nhits, caphits;
    struct es_chunk_hit *hits_tmp;   /* scratch for sorting them, also caphits long */
    /* The line index of the chunk being scanned, built on first use
     * (sink.c chunk_lines()); lines_ok is cleared for each chunk. */
    int lines_ok;
    struct es_line_index lines;
    struct es_tally tally;
};

/* What each detector's hits count as in the customer-record rule
 * (sink.c): set once per scanner from the detector ids. */
struct es_hit_roles {
    unsigned cat[ES_MAXDET];        /* CAT_* bits */
    unsigned char direct[ES_MAXDET]; /* es_record_direct_identifier() */
    unsigned staff;                 /* bit per detector: part of a staff contact */
};

struct es_scanner {
    struct es_config cfg;
    struct es_detect_shared *det;
    struct es_hit_roles roles;
    atomic_int interrupted;
    struct es_summary summary;
    /* progress */
    atomic_uint_least64_t prog_files, prog_bytes;
    pthread_mutex_t prog_lock;
    char prog_current[256];
    pthread_mutex_t tally_lock[ES_MAXDET];  /* summary.det_distinct[i] */
    void *pool_ctx;              /* the running es_scan_paths() */
};

/* A job: one top-level input scanned by one worker; its records in output order. */
struct es_job {
    struct es_scanner *sc;
    struct es_worker *w;
    struct es_record *head, *tail;
    uint64_t input_used;
    double deadline;             /* monotonic seconds; 0 = none */
    unsigned ticks;
    int stopped;                 /* deadline or interrupt: unwind everything */
    struct es_hashset seen;      /* containers scanned so far (ES_EX_RANDOM) */
    const char *stop_why;
    const struct es_input *top;  /* the top-level file while it is scanned (es_input_lost) */
};

double es_now(void);

int es_worker_init(struct es_worker *w, struct es_scanner *sc);
void es_worker_fini(struct es_worker *w);

/* Scan one top-level input (file on disk, stdin or memory) into job records.
 * fd < 0 with data == NULL: the record only carries st/reason (walker verdicts). */
void es_job_run_fd(struct es_job *job, const char *display, size_t display_len, int fd,
                   uint64_t size);
void es_job_run_mem(struct es_job *job, const char *display, const void *data, size_t len);
void es_job_add_status(struct es_job *job, const char *display, size_t display_len,
                       enum es_rec_status st, const char *reason);
/* Count the job's records into the worker tally. */
void es_job_tally(struct es_job *job);
void es_job_free(struct es_job *job);
void es_hit_roles_init(struct es_hit_roles *r);

/* sniff.c */
void es_sniff_input(struct es_worker *w, struct es_input *in, int depth, struct es_sniff *out,
                    char *type, size_t typecap);
int es_sniff_open(magic_t *out);

/* summary.c */
void es_summary_free(struct es_summary *s);
void es_tally_merge(struct es_tally *dst, const struct es_tally *src);

/* sink.c: worker buffers for text.c (leaf operations: nothing recurses while
 * they are in use). */
struct es_sink;
struct es_buf *es_sink_textbuf(struct es_sink *s);
struct es_buf *es_sink_utf8buf(struct es_sink *s);
/* For text.c after es_sink_chunk(s, c): move (*line, *col) from c's first
 * byte to its byte n with the chunk's line index. */
void es_sink_chunk_advance(struct es_sink *s, const struct es_chunk *c, size_t n, uint64_t *line,
                           uint64_t *col);

#endif
