/* The walker: paths in, items in walk order out (ripgrep's `ignore` layer). */
#ifndef ES_WALK_H
#define ES_WALK_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "exposcan/exposcan.h"

struct es_config;

enum es_walk_kind {
    ES_WALK_FILE,     /* a regular file to open and scan */
    ES_WALK_STDIN,    /* standard input */
    ES_WALK_STATUS    /* no content: a record with st and reason only */
};

struct es_walk_item {
    enum es_walk_kind kind;
    char *path;       /* malloc'd; the consumer takes it */
    size_t len;
    enum es_rec_status st;
    int follow;       /* open may follow a symlink (named on the command line, or configured) */
    char reason[160];
};

/* Returns non-zero to stop the walk. */
typedef int (*es_walk_fn)(void *ctx, struct es_walk_item *item);

/* Walk one command-line path: directories recursively in byte order of
 * names, symlinks not followed unless configured (then with loop detection),
 * special files reported as skipped and never opened. */
int es_walk(const struct es_config *cfg, const char *root, es_walk_fn fn, void *ctx,
            atomic_int *stop);

/* Open a regular file for scanning: read-only, O_NOATIME where allowed,
 * never blocking on a FIFO swapped in after the walk. Returns the fd or -1
 * with reason filled. */
int es_open_input(const char *path, int follow, uint64_t *size, char *reason, size_t cap);

#endif
