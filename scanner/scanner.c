/* Configuration, the scanner object, workers, and scans of buffers. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limits.h"
#include "scanner_private.h"

static const char *const limit_names[ES_NLIMITS] = {
    "depth", "members", "member-bytes", "input-bytes", "ratio",
    "load-bytes", "text-bytes", "seconds", "filesize", "distinct",
};

const char *es_limit_name(enum es_limit which)
{
    return (unsigned)which < ES_NLIMITS ? limit_names[which] : NULL;
}

struct es_config *es_config_new(void)
{
    struct es_config *cfg = calloc(1, sizeof *cfg);
    if (!cfg)
        return NULL;
    cfg->enabled = (1u << es_ndetectors) - 1;
    cfg->limits[ES_LIMIT_DEPTH] = ES_DEFAULT_DEPTH;
    cfg->limits[ES_LIMIT_MEMBERS] = ES_DEFAULT_MEMBERS;
    cfg->limits[ES_LIMIT_MEMBER_BYTES] = ES_DEFAULT_MEMBER_BYTES;
    cfg->limits[ES_LIMIT_INPUT_BYTES] = ES_DEFAULT_INPUT_BYTES;
    cfg->limits[ES_LIMIT_RATIO] = ES_DEFAULT_RATIO;
    cfg->limits[ES_LIMIT_LOAD_BYTES] = ES_DEFAULT_LOAD_BYTES;
    cfg->limits[ES_LIMIT_TEXT_BYTES] = ES_DEFAULT_TEXT_BYTES;
    cfg->limits[ES_LIMIT_SECONDS] = ES_DEFAULT_SECONDS;
    cfg->limits[ES_LIMIT_FILESIZE] = ES_DEFAULT_FILESIZE;
    cfg->limits[ES_LIMIT_DISTINCT] = ES_DEFAULT_DISTINCT;
    return cfg;
}

static void free_excludes(struct es_config *cfg)
{
    for (size_t i = 0; i < cfg->nexcludes; i++)
        free(cfg->excludes[i]);
    free(cfg->excludes);
    cfg->excludes = NULL;
    cfg->nexcludes = 0;
}

void es_config_free(struct es_config *cfg)
{
    if (!cfg)
        return;
    free_excludes(cfg);
    free(cfg);
}

int es_config_set_jobs(struct es_config *cfg, unsigned jobs)
{
    cfg->jobs = jobs;
    return ES_OK;
}

/* Parse "a,b,c" into a detector mask. */
static int parse_list(const char *list, uint32_t *mask)
{
    *mask = 0;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && *p == ' ') {
            p++;
            n--;
        }
        while (n && p[n - 1] == ' ')
            n--;
        if (n) {
            int i = es_detector_index(p, n);
            if (i < 0)
                return ES_ERR_ARG;
            *mask |= 1u << i;
        }
        if (!e)
            break;
        p = e + 1;
    }
    return ES_OK;
}

int es_config_only(struct es_config *cfg, const char *list)
{
    uint32_t m;
    int rc = parse_list(list, &m);
    if (rc == ES_OK)
        cfg->enabled &= m;
    return rc;
}

int es_config_except(struct es_config *cfg, const char *list)
{
    uint32_t m;
    int rc = parse_list(list, &m);
    if (rc == ES_OK)
        cfg->enabled &= ~m;
    return rc;
}

void es_config_show_data(struct es_config *cfg, int on) { cfg->show_data = !!on; }
void es_config_follow_symlinks(struct es_config *cfg, int on) { cfg->follow_symlinks = !!on; }
void es_config_one_file_system(struct es_config *cfg, int on) { cfg->one_file_system = !!on; }

int es_config_add_exclude(struct es_config *cfg, const char *glob)
{
    char **ex = realloc(cfg->excludes, (cfg->nexcludes + 1) * sizeof *ex);
    if (!ex)
        return ES_ERR_NOMEM;
    cfg->excludes = ex;
    ex[cfg->nexcludes] = strdup(glob);
    if (!ex[cfg->nexcludes])
        return ES_ERR_NOMEM;
    cfg->nexcludes++;
    return ES_OK;
}

int es_config_set_limit(struct es_config *cfg, enum es_limit which, uint64_t value)
{
    if ((unsigned)which >= ES_NLIMITS)
        return ES_ERR_ARG;
    cfg->limits[which] = value;
    return ES_OK;
}

uint64_t es_config_get_limit(const struct es_config *cfg, enum es_limit which)
{
    return (unsigned)which < ES_NLIMITS ? cfg->limits[which] : 0;
}

int es_config_set_report_fd(struct es_config *cfg, int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return ES_ERR_IO;
    cfg->report_is_file = S_ISREG(st.st_mode);
    cfg->report_dev = st.st_dev;
    cfg->report_ino = st.st_ino;
    return ES_OK;
}

static int copy_config(struct es_config *dst, const struct es_config *src)
{
    *dst = *src;
    dst->excludes = NULL;
    dst->nexcludes = 0;
    for (size_t i = 0; i < src->nexcludes; i++)
        if (es_config_add_exclude(dst, src->excludes[i]) != ES_OK)
            return ES_ERR_NOMEM;
    return ES_OK;
}

int es_scanner_new(const struct es_config *cfg, struct es_scanner **out, char *err, size_t errlen)
{
    struct es_scanner *sc = calloc(1, sizeof *sc);
    if (!sc)
        return ES_ERR_NOMEM;
    int rc = copy_config(&sc->cfg, cfg);
    if (rc == ES_OK)
        rc = es_detect_shared_new(&sc->det, err, errlen);
    if (rc != ES_OK) {
        free_excludes(&sc->cfg);
        free(sc);
        return rc;
    }
    es_hit_roles_init(&sc->roles);
    pthread_mutex_init(&sc->prog_lock, NULL);
    for (size_t i = 0; i < ES_MAXDET; i++)
        pthread_mutex_init(&sc->tally_lock[i], NULL);
    *out = sc;
    return ES_OK;
}

void es_scanner_free(struct es_scanner *sc)
{
    if (!sc)
        return;
    es_detect_shared_free(sc->det);
    es_summary_free(&sc->summary);
    free_excludes(&sc->cfg);
    pthread_mutex_destroy(&sc->prog_lock);
    for (size_t i = 0; i < ES_MAXDET; i++)
        pthread_mutex_destroy(&sc->tally_lock[i]);
    free(sc);
}

void es_scanner_interrupt(struct es_scanner *sc)
{
    atomic_store(&sc->interrupted, 1);
}

void es_scanner_progress(struct es_scanner *sc, struct es_progress *out)
{
    out->files = atomic_load(&sc->prog_files);
    out->bytes = atomic_load(&sc->prog_bytes);
    pthread_mutex_lock(&sc->prog_lock);
    memcpy(out->current, sc->prog_current, sizeof out->current);
    pthread_mutex_unlock(&sc->prog_lock);
    out->current[sizeof out->current - 1] = '\0';
}

const struct es_summary *es_scanner_summary(struct es_scanner *sc)
{
    return &sc->summary;
}

size_t es_detector_count(void) { return es_ndetectors; }
const char *es_detector_id(size_t i) { return i < es_ndetectors ? es_detectors[i]->id : NULL; }

const char *es_detector_description(size_t i)
{
    return i < es_ndetectors ? es_detectors[i]->description : NULL;
}

/* Worker text buffers; text.c sets the working cap per use (a chunk plus what
 * a read block expands to). */
#define TEXT_BUF_CAP (64u * 1024u * 1024u)

int es_worker_init(struct es_worker *w, struct es_scanner *sc)
{
    memset(w, 0, sizeof *w);
    w->sc = sc;
    /* Without libmagic's database every file is typed by content checks of
     * the extractors alone; that is degraded, not fatal. */
    if (es_sniff_open(&w->magic) != ES_OK)
        w->magic = NULL;
    int rc = es_detect_worker_new(sc->det, &w->det);
    if (rc != ES_OK) {
        if (w->magic)
            magic_close(w->magic);
        return rc;
    }
    es_buf_init(&w->text, TEXT_BUF_CAP);
    es_buf_init(&w->utf8, TEXT_BUF_CAP);
    return ES_OK;
}

void es_worker_fini(struct es_worker *w)
{
    if (w->magic)
        magic_close(w->magic);
    es_detect_worker_free(w->det);
    es_buf_free(&w->text);
    es_buf_free(&w->utf8);
    free(w->hits);
    free(w->hits_tmp);
}

int es_scan_buffer(struct es_scanner *sc, const char *name, const void *data, size_t len,
                   es_record_fn fn, void *ctx)
{
    double t0 = es_now();
    struct es_worker w;
    int rc = es_worker_init(&w, sc);
    if (rc != ES_OK)
        return rc;
    struct es_job job = {.sc = sc, .w = &w};
    es_job_run_mem(&job, name, data, len);
    es_job_tally(&job);
    for (struct es_record *r = job.head; r && rc == ES_OK; r = r->next)
        if (fn(ctx, r) != ES_OK)
            rc = ES_STOP;
    es_job_free(&job);
    es_tally_merge(&sc->summary.t, &w.tally);
    es_worker_fini(&w);
    sc->summary.elapsed += es_now() - t0;
    return rc;
}
