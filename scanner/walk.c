/*
 * Directory walk. Entries are visited in byte order of their names so output
 * order never depends on the file system or on threads. Nothing is opened but
 * directories and regular files; FIFOs, sockets and devices get a record.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scanner_private.h"

/* Directory nesting the walker descends into; deeper trees are reported,
 * not followed (the stack of open directories stays small). */
#define MAX_WALK_DEPTH 256

struct ancestor {
    dev_t dev;
    ino_t ino;
};

struct walker {
    const struct es_config *cfg;
    es_walk_fn fn;
    void *ctx;
    atomic_int *stop;
    dev_t root_dev;
    struct ancestor stack[MAX_WALK_DEPTH + 1];
    int depth;
    int stopped;
};

static int emit_item(struct walker *w, enum es_walk_kind kind, const char *path, size_t len,
                     enum es_rec_status st, const char *reason, int follow)
{
    if (w->stopped || atomic_load(w->stop))
        return w->stopped = 1;
    struct es_walk_item it = {.kind = kind, .len = len, .st = st, .follow = follow};
    it.path = malloc(len + 1);
    if (!it.path)
        return w->stopped = 1;
    memcpy(it.path, path, len);
    it.path[len] = '\0';
    if (reason)
        snprintf(it.reason, sizeof it.reason, "%s", reason);
    if (w->fn(w->ctx, &it))
        w->stopped = 1;
    return w->stopped;
}

static int emit(struct walker *w, enum es_walk_kind kind, const char *path, size_t len,
                enum es_rec_status st, const char *reason)
{
    return emit_item(w, kind, path, len, st, reason, w->cfg->follow_symlinks);
}

static int excluded(const struct es_config *cfg, const char *rel, const char *base)
{
    for (size_t i = 0; i < cfg->nexcludes; i++)
        if (fnmatch(cfg->excludes[i], base, 0) == 0 || fnmatch(cfg->excludes[i], rel, FNM_PATHNAME) == 0)
            return 1;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void visit(struct walker *w, char *path, size_t len, size_t rel_off, int top);

static void walk_dir(struct walker *w, char *path, size_t len, size_t rel_off, const struct stat *st)
{
    char reason[200];
    for (int i = 0; i < w->depth; i++)
        if (w->stack[i].dev == st->st_dev && w->stack[i].ino == st->st_ino) {
            emit(w, ES_WALK_STATUS, path, len, ES_REC_SKIPPED,
                 "directory loop (a symbolic link leads back to an ancestor)");
            return;
        }
    if (w->depth >= MAX_WALK_DEPTH) {
        snprintf(reason, sizeof reason, "directory nesting deeper than %d levels not walked",
                 MAX_WALK_DEPTH);
        emit(w, ES_WALK_STATUS, path, len, ES_REC_LIMIT, reason);
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        snprintf(reason, sizeof reason, "cannot open directory: %s", strerror(errno));
        emit(w, ES_WALK_STATUS, path, len, ES_REC_ERROR, reason);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn)
                break;
            names = nn;
        }
        names[n] = strdup(de->d_name);
        if (!names[n])
            break;
        n++;
    }
    int read_err = errno;
    closedir(d);
    if (read_err) {
        snprintf(reason, sizeof reason, "error reading directory: %s", strerror(read_err));
        emit(w, ES_WALK_STATUS, path, len, ES_REC_ERROR, reason);
    }
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    w->stack[w->depth].dev = st->st_dev;
    w->stack[w->depth].ino = st->st_ino;
    w->depth++;
    for (size_t i = 0; i < n; i++) {
        size_t nl = strlen(names[i]);
        char *child = malloc(len + nl + 2);
        if (child) {
            memcpy(child, path, len);
            size_t cl = len;
            if (cl == 0 || child[cl - 1] != '/')
                child[cl++] = '/';
            memcpy(child + cl, names[i], nl + 1);
            if (!w->stopped)
                visit(w, child, cl + nl, rel_off, 0);
            free(child);
        }
        free(names[i]);
    }
    free(names);
    w->depth--;
}

static void visit(struct walker *w, char *path, size_t len, size_t rel_off, int top)
{
    struct stat st;
    char reason[200];
    if (w->stopped)
        return;
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    if (!top && excluded(w->cfg, path + rel_off, base))
        return;
    if (lstat(path, &st) != 0) {
        snprintf(reason, sizeof reason, "cannot stat: %s", strerror(errno));
        emit(w, ES_WALK_STATUS, path, len, ES_REC_ERROR, reason);
        return;
    }
    if (S_ISLNK(st.st_mode)) {
        if (!w->cfg->follow_symlinks && !top) {
            emit(w, ES_WALK_STATUS, path, len, ES_REC_SKIPPED,
                 "symbolic link not followed (use --follow-symlinks)");
            return;
        }
        if (stat(path, &st) != 0) {
            snprintf(reason, sizeof reason, "broken symbolic link: %s", strerror(errno));
            emit(w, ES_WALK_STATUS, path, len, ES_REC_ERROR, reason);
            return;
        }
    }
    if (top)
        w->root_dev = st.st_dev;
    if (S_ISDIR(st.st_mode)) {
        if (!top && w->cfg->one_file_system && st.st_dev != w->root_dev) {
            emit(w, ES_WALK_STATUS, path, len, ES_REC_SKIPPED,
                 "on another file system (--one-file-system)");
            return;
        }
        walk_dir(w, path, len, rel_off, &st);
        return;
    }
    if (S_ISREG(st.st_mode)) {
        if (w->cfg->report_is_file && st.st_dev == w->cfg->report_dev && st.st_ino == w->cfg->report_ino) {
            emit(w, ES_WALK_STATUS, path, len, ES_REC_SKIPPED, "the report this scan is writing");
            return;
        }
        uint64_t maxsize = w->cfg->limits[ES_LIMIT_FILESIZE];
        if (maxsize && (uint64_t)st.st_size > maxsize) {
            snprintf(reason, sizeof reason, "larger than the filesize limit (%llu bytes)",
                     (unsigned long long)maxsize);
            emit(w, ES_WALK_STATUS, path, len, ES_REC_SKIPPED, reason);
            return;
        }
        emit_item(w, ES_WALK_FILE, path, len, ES_REC_OK, NULL, w->cfg->follow_symlinks || top);
        return;
    }
    const char *what = S_ISFIFO(st.st_mode)  ? "FIFO (named pipe) not opened"
                       : S_ISSOCK(st.st_mode) ? "socket not opened"
                       : S_ISCHR(st.st_mode)  ? "character device not opened"
                       : S_ISBLK(st.st_mode)  ? "block device not opened"
                                              : "special file not opened";
    emit(w, ES_WALK_STATUS, path, len, ES_REC_SKIPPED, what);
}

int es_walk(const struct es_config *cfg, const char *root, es_walk_fn fn, void *ctx,
            atomic_int *stop)
{
    struct walker *w = calloc(1, sizeof *w);
    if (!w)
        return ES_ERR_NOMEM;
    w->cfg = cfg;
    w->fn = fn;
    w->ctx = ctx;
    w->stop = stop;
    int rc = ES_OK;
    if (!strcmp(root, "-")) {
        emit(w, ES_WALK_STDIN, "-", 1, ES_REC_OK, NULL);
    } else {
        size_t len = strlen(root);
        char *path = malloc(len + 1);
        if (!path) {
            free(w);
            return ES_ERR_NOMEM;
        }
        memcpy(path, root, len + 1);
        /* "dir/" and "dir" name the same tree; keep the path as given otherwise. */
        while (len > 1 && path[len - 1] == '/')
            path[--len] = '\0';
        size_t rel_off = len + (len && path[len - 1] != '/');
        visit(w, path, len, rel_off, 1);
        free(path);
    }
    if (w->stopped)
        rc = ES_STOP;
    free(w);
    return rc;
}

int es_open_input(const char *path, int follow, uint64_t *size, char *reason, size_t cap)
{
    int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (follow ? 0 : O_NOFOLLOW);
    /* O_NOATIME keeps a forensic scan from touching access times; only the
     * owner (or root) may ask for it, so fall back without. */
    int fd = open(path, flags | O_NOATIME);
    if (fd < 0 && errno == EPERM)
        fd = open(path, flags);
    if (fd < 0) {
        snprintf(reason, cap, "cannot open: %s", strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(reason, cap, "no longer a regular file");
        close(fd);
        return -1;
    }
    /* Back to blocking reads for a regular file. */
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    *size = (uint64_t)st.st_size;
    return fd;
}
