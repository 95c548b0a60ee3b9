/* The progress line on a terminal's stderr, redrawn by its own thread. */
#include "progress.h"
#include "json_out.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* At most 10 redraws a second (issue 2 item 10). */
#define PERIOD_NS 100000000L
#define NS_PER_S 1000000000L
/* Width assumed when the terminal does not say. */
#define DEFAULT_COLS 80
/* Room for the counters; the path gets what is left of the line. */
#define LINE_MAX_BYTES 1024
/* Erase to the end of line (ANSI EL). */
#define CLEAR "\r\033[K"
/* Decimal megabytes, as in throughput_mb_s. */
#define MB 1e6

struct es_progress_line {
    struct es_scanner *sc;
    int fd;
    int stop;
    int held;
    int shown;             /* something is on the line and must be cleared */
    struct timespec start;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    pthread_t thread;
};

static double since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / NS_PER_S;
}

static void write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;   /* a broken terminal only loses the progress line */
        s += w;
        n -= (size_t)w;
    }
}

static unsigned columns(int fd)
{
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return DEFAULT_COLS;
}

/* Append the tail of path (the file name matters most) in at most `room`
 * columns, counting one column per code point and escaping control bytes. */
static size_t put_path(char *line, size_t at, size_t cap, const char *path, unsigned room)
{
    const unsigned char *s = (const unsigned char *)path;
    size_t len = strlen(path);
    /* Count code points (invalid bytes count as one each). */
    unsigned total = 0;
    for (size_t i = 0; i < len;) {
        size_t n = es_utf8_seq(s + i, len - i, NULL);
        i += n ? n : 1;
        total++;
    }
    size_t i = 0;
    if (total > room) {
        unsigned skip = total - room + 1;   /* 1 column for the ellipsis */
        while (skip--) {
            size_t n = es_utf8_seq(s + i, len - i, NULL);
            i += n ? n : 1;
        }
        if (at + 3 < cap) {
            memcpy(line + at, "\xe2\x80\xa6", 3);   /* U+2026 horizontal ellipsis */
            at += 3;
        }
    }
    while (i < len && at + 4 < cap) {
        uint32_t cp = 0;
        size_t n = es_utf8_seq(s + i, len - i, &cp);
        if (n == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            line[at++] = '?';   /* never send control bytes to the terminal */
            i += n ? n : 1;
            continue;
        }
        memcpy(line + at, s + i, n);
        at += n;
        i += n;
    }
    return at;
}

static void draw(struct es_progress_line *p)
{
    struct es_progress pr;
    memset(&pr, 0, sizeof pr);
    es_scanner_progress(p->sc, &pr);
    pr.current[sizeof pr.current - 1] = '\0';
    double t = since(&p->start);
    double rate = t > 0 ? (double)pr.bytes / MB / t : 0;
    char line[LINE_MAX_BYTES];
    int n = snprintf(line, sizeof line, CLEAR "%llu files, %.1f MB, %.1f MB/s  ",
                     (unsigned long long)pr.files, (double)pr.bytes / MB, rate);
    if (n < 0 || (size_t)n >= sizeof line)
        return;
    unsigned cols = columns(p->fd);
    unsigned used = (unsigned)n - (unsigned)strlen(CLEAR);
    size_t at = (size_t)n;
    /* Leave the last column free: writing there wraps on some terminals. */
    if (used + 2 < cols)
        at = put_path(line, at, sizeof line, pr.current, cols - used - 2);
    write_all(p->fd, line, at);
    p->shown = 1;
}

static void clear_line(struct es_progress_line *p)
{
    if (p->shown) {
        write_all(p->fd, CLEAR, strlen(CLEAR));
        p->shown = 0;
    }
}

static void *run(void *arg)
{
    struct es_progress_line *p = arg;
    pthread_mutex_lock(&p->lock);
    while (!p->stop) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += PERIOD_NS;
        if (until.tv_nsec >= NS_PER_S) {
            until.tv_sec++;
            until.tv_nsec -= NS_PER_S;
        }
        int rc = 0;
        while (!p->stop && rc != ETIMEDOUT)
            rc = pthread_cond_timedwait(&p->cond, &p->lock, &until);
        if (!p->stop && !p->held)
            draw(p);
    }
    clear_line(p);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

struct es_progress_line *es_progress_start(struct es_scanner *sc, int fd)
{
    struct es_progress_line *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->sc = sc;
    p->fd = fd;
    clock_gettime(CLOCK_MONOTONIC, &p->start);
    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) != 0)
        goto fail;
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int rc = pthread_cond_init(&p->cond, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0)
        goto fail;
    if (pthread_mutex_init(&p->lock, NULL) != 0) {
        pthread_cond_destroy(&p->cond);
        goto fail;
    }
    if (pthread_create(&p->thread, NULL, run, p) != 0) {
        pthread_mutex_destroy(&p->lock);
        pthread_cond_destroy(&p->cond);
        goto fail;
    }
    return p;
fail:
    free(p);
    return NULL;
}

void es_progress_hold(struct es_progress_line *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->held = 1;
    clear_line(p);
    pthread_mutex_unlock(&p->lock);
}

void es_progress_release(struct es_progress_line *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->held = 0;
    pthread_mutex_unlock(&p->lock);
}

void es_progress_stop(struct es_progress_line *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_signal(&p->cond);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    free(p);
}
