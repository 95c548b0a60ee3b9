/*
 * Threads: the walker (the calling thread) fills a bounded queue for N
 * workers (YARA cli/yara.c); each worker scans whole top-level inputs and
 * hands finished jobs to an ordered emitter, so records come out in walk
 * order whatever the number of workers (ripgrep search_parallel writes under
 * one lock; here the lock also keeps the order).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scanner_private.h"
#include "walk.h"

/* Queue slots between walker and workers (YARA uses a 64-slot ring). */
#define QUEUE_SLOTS 64
/* Walked inputs that may be in flight or finished but not yet emitted: one
 * slow file holds back at most this many finished jobs' records. */
#define WINDOW 256

struct item {
    struct es_walk_item w;
    uint64_t seq;
};

struct pool {
    struct es_scanner *sc;
    es_record_fn fn;
    void *ctx;
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full, emitted;
    struct item queue[QUEUE_SLOTS];
    size_t qhead, qlen;
    int done_walking;
    uint64_t next_seq;            /* walker */
    uint64_t next_emit;           /* emitter */
    /* Jobs by seq % WINDOW: the walker never runs WINDOW ahead of the
     * emitter, so a slot is free when its item is queued; done[] says the
     * worker has finished it (set and read under lock). */
    struct es_job jobs[WINDOW];
    unsigned char done[WINDOW];
    atomic_int stop;              /* callback asked to stop, or interrupted */
    int cb_status;
    struct es_worker *workers;
    unsigned nworkers;
};

static int emit_job(struct pool *p, struct es_job *job)
{
    int rc = ES_OK;
    for (struct es_record *r = job->head; r && rc == ES_OK; r = r->next)
        rc = p->fn(p->ctx, r);
    return rc;
}

/* Under p->lock: emit every finished job that is next in order. */
static void drain_ready(struct pool *p)
{
    for (;;) {
        size_t slot = p->next_emit % WINDOW;
        if (!p->done[slot])
            return;
        p->done[slot] = 0;
        struct es_job *job = &p->jobs[slot];
        if (!atomic_load(&p->stop)) {
            int rc = emit_job(p, job);
            if (rc != ES_OK) {
                p->cb_status = rc;
                atomic_store(&p->stop, 1);
            }
        }
        es_job_free(job);
        p->next_emit++;
        pthread_cond_broadcast(&p->emitted);
    }
}

static void run_item(struct es_worker *w, struct item *it, struct es_job *job)
{
    struct es_scanner *sc = w->sc;
    pthread_mutex_lock(&sc->prog_lock);
    snprintf(sc->prog_current, sizeof sc->prog_current, "%s", it->w.path);
    pthread_mutex_unlock(&sc->prog_lock);
    if (it->w.kind == ES_WALK_STATUS) {
        es_job_add_status(job, it->w.path, it->w.len, it->w.st, it->w.reason);
    } else if (it->w.kind == ES_WALK_STDIN) {
        es_job_run_fd(job, "-", 1, STDIN_FILENO, ES_SIZE_UNKNOWN);
    } else {
        char reason[200];
        uint64_t size = 0;
        int fd = es_open_input(it->w.path, it->w.follow, &size, reason, sizeof reason);
        if (fd < 0) {
            es_job_add_status(job, it->w.path, it->w.len, ES_REC_ERROR, reason);
        } else {
            es_job_run_fd(job, it->w.path, it->w.len, fd, size);
            close(fd);
        }
    }
    es_job_tally(job);
    atomic_fetch_add(&sc->prog_files, 1);
}

static void *worker_main(void *arg)
{
    struct es_worker *w = arg;
    struct pool *p = w->sc->pool_ctx;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        while (p->qlen == 0 && !p->done_walking)
            pthread_cond_wait(&p->not_empty, &p->lock);
        if (p->qlen == 0) {
            pthread_mutex_unlock(&p->lock);
            return NULL;
        }
        struct item it = p->queue[p->qhead];
        p->qhead = (p->qhead + 1) % QUEUE_SLOTS;
        p->qlen--;
        pthread_cond_signal(&p->not_full);
        pthread_mutex_unlock(&p->lock);

        struct es_job *job = &p->jobs[it.seq % WINDOW];
        memset(job, 0, sizeof *job);
        job->sc = w->sc;
        job->w = w;
        /* After an interrupt, files not yet started get no record: the
         * summary says the scan was interrupted. */
        if (!atomic_load(&p->stop) && !atomic_load(&w->sc->interrupted))
            run_item(w, &it, job);
        free(it.w.path);
        pthread_mutex_lock(&p->lock);
        p->done[it.seq % WINDOW] = 1;
        drain_ready(p);
        pthread_mutex_unlock(&p->lock);
    }
}

static int on_item(void *ctx, struct es_walk_item *wi)
{
    struct pool *p = ctx;
    pthread_mutex_lock(&p->lock);
    while (!atomic_load(&p->stop) &&
           (p->qlen == QUEUE_SLOTS || p->next_seq - p->next_emit >= WINDOW))
        pthread_cond_wait(p->qlen == QUEUE_SLOTS ? &p->not_full : &p->emitted, &p->lock);
    if (atomic_load(&p->stop) || atomic_load(&p->sc->interrupted)) {
        atomic_store(&p->stop, 1);
        pthread_mutex_unlock(&p->lock);
        free(wi->path);
        return 1;
    }
    struct item *it = &p->queue[(p->qhead + p->qlen) % QUEUE_SLOTS];
    it->w = *wi;
    it->seq = p->next_seq++;
    p->qlen++;
    pthread_cond_signal(&p->not_empty);
    pthread_mutex_unlock(&p->lock);
    return 0;
}

static unsigned online_cpus(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

/* Upper bound on worker threads: beyond this, memory per worker outweighs gains. */
#define MAX_JOBS 256

int es_scan_paths(struct es_scanner *sc, const char *const *paths, size_t npaths,
                  es_record_fn fn, void *ctx)
{
    double t0 = es_now();
    struct pool *p = calloc(1, sizeof *p);
    if (!p)
        return ES_ERR_NOMEM;
    p->sc = sc;
    p->fn = fn;
    p->ctx = ctx;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->not_empty, NULL);
    pthread_cond_init(&p->not_full, NULL);
    pthread_cond_init(&p->emitted, NULL);
    unsigned n = sc->cfg.jobs ? sc->cfg.jobs : online_cpus();
    if (n > MAX_JOBS)
        n = MAX_JOBS;
    p->workers = calloc(n, sizeof *p->workers);
    pthread_t *tids = calloc(n, sizeof *tids);
    int rc = ES_OK;
    if (!p->workers || !tids) {
        rc = ES_ERR_NOMEM;
        goto done;
    }
    sc->pool_ctx = p;
    for (unsigned i = 0; i < n; i++) {
        rc = es_worker_init(&p->workers[i], sc);
        if (rc != ES_OK)
            goto join;
        if (pthread_create(&tids[i], NULL, worker_main, &p->workers[i]) != 0) {
            es_worker_fini(&p->workers[i]);
            rc = ES_ERR_NOMEM;
            goto join;
        }
        p->nworkers++;
    }
    for (size_t i = 0; i < npaths && !atomic_load(&p->stop); i++)
        es_walk(&sc->cfg, paths[i], on_item, p, &p->stop);
join:
    pthread_mutex_lock(&p->lock);
    p->done_walking = 1;
    pthread_cond_broadcast(&p->not_empty);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->nworkers; i++)
        pthread_join(tids[i], NULL);
    /* Whatever is left (a stop mid-way) is freed in order. */
    pthread_mutex_lock(&p->lock);
    drain_ready(p);
    pthread_mutex_unlock(&p->lock);
    for (unsigned i = 0; i < p->nworkers; i++) {
        es_tally_merge(&sc->summary.t, &p->workers[i].tally);
        es_worker_fini(&p->workers[i]);
    }
done:
    sc->pool_ctx = NULL;
    sc->summary.elapsed += es_now() - t0;
    if (atomic_load(&sc->interrupted)) {
        sc->summary.interrupted = 1;
        if (rc == ES_OK)
            rc = ES_ERR_INTERRUPTED;
    } else if (rc == ES_OK && p->cb_status != ES_OK) {
        rc = ES_STOP;
    }
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->not_empty);
    pthread_cond_destroy(&p->not_full);
    pthread_cond_destroy(&p->emitted);
    free(tids);
    free(p->workers);
    free(p);
    return rc;
}
