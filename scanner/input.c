/* Sequential inputs over a file, memory or a stream, with limit accounting. */
#include "input.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "budget.h"
#include "exposcan/exposcan.h"

static void input_init(struct es_input *in, const char *name)
{
    memset(in, 0, offsetof(struct es_input, peek));
    in->name = name ? name : "";
    in->fd = -1;
    in->size = ES_SIZE_UNKNOWN;
    in->peek_len = in->peek_pos = 0;
    in->peeked = 0;
    in->consumed = 0;
    in->eof = 0;
    in->err = ES_OK;
    in->why = NULL;
    in->budget = NULL;
    in->loaded = NULL;
    in->loaded_len = 0;
    in->loaded_mmap = 0;
}

void es_input_from_fd(struct es_input *in, int fd, const char *name, uint64_t size)
{
    input_init(in, name);
    in->fd = fd;
    in->size = size;
}

void es_input_from_mem(struct es_input *in, const void *p, size_t n, const char *name)
{
    input_init(in, name);
    in->mem = p;
    in->mem_len = n;
    in->size = n;
}

void es_input_from_stream(struct es_input *in, es_read_fn fn, void *ctx, const char *name,
                          uint64_t size, uint64_t packed)
{
    input_init(in, name);
    in->read = fn;
    in->read_ctx = ctx;
    in->size = size;
    in->packed = packed;
}

/* One raw read from the source, retrying interrupted reads. */
static ssize_t source_read(struct es_input *in, void *buf, size_t n)
{
    if (in->fd >= 0) {
        /* A file is read as it was when opened (its size then): one that
         * grows meanwhile, such as a log written faster than we scan it,
         * would otherwise never end. */
        off_t pos = in->size != ES_SIZE_UNKNOWN ? lseek(in->fd, 0, SEEK_CUR) : -1;
        if (pos >= 0 && (uint64_t)pos >= in->size)
            return 0;
        if (pos >= 0 && n > in->size - (uint64_t)pos)
            n = (size_t)(in->size - (uint64_t)pos);
        for (;;) {
            ssize_t r = read(in->fd, buf, n);
            if (r >= 0 || errno != EINTR)
                return r < 0 ? ES_ERR_IO : r;
        }
    }
    if (in->read) {
        ssize_t r = in->read(in->read_ctx, buf, n);
        return r < 0 ? (r < ES_ERR_UNSUPPORTED ? ES_ERR_IO : r) : r;
    }
    return ES_ERR_ARG;   /* memory inputs are served without source_read */
}

int es_input_peek(struct es_input *in)
{
    if (in->peeked)
        return in->err;
    in->peeked = 1;
    if (in->fd < 0 && !in->read) {
        in->peek_len = in->mem_len < ES_PEEK_BYTES ? in->mem_len : ES_PEEK_BYTES;
        memcpy(in->peek, in->mem, in->peek_len);
        return ES_OK;
    }
    while (in->peek_len < ES_PEEK_BYTES) {
        ssize_t r = source_read(in, in->peek + in->peek_len, ES_PEEK_BYTES - in->peek_len);
        if (r < 0) {
            in->err = (int)r;
            break;
        }
        if (r == 0) {
            in->eof = 1;
            break;
        }
        in->peek_len += (size_t)r;
    }
    return in->err;
}

ssize_t es_input_read(struct es_input *in, void *buf, size_t n)
{
    if (!in->peeked) {
        int rc = es_input_peek(in);
        if (rc != ES_OK && in->peek_len == 0)
            return rc;
    }
    if (n == 0)
        return 0;
    ssize_t got;
    if (in->fd < 0 && !in->read) {
        uint64_t off = in->consumed;
        size_t left = off < in->mem_len ? in->mem_len - (size_t)off : 0;
        got = (ssize_t)(n < left ? n : left);
        memcpy(buf, in->mem + off, (size_t)got);
    } else if (in->peek_pos < in->peek_len) {
        size_t left = in->peek_len - in->peek_pos;
        got = (ssize_t)(n < left ? n : left);
        memcpy(buf, in->peek + in->peek_pos, (size_t)got);
        in->peek_pos += (size_t)got;
    } else if (in->eof) {
        return 0;
    } else if (in->err != ES_OK) {
        return in->err;
    } else {
        got = source_read(in, buf, n);
        if (got < 0) {
            in->err = (int)got;
            return got;
        }
        if (got == 0) {
            in->eof = 1;
            return 0;
        }
    }
    if (in->budget) {
        int rc = es_budget_charge(in->budget, in, (uint64_t)got);
        if (rc != ES_OK) {
            in->err = rc;
            return rc;
        }
    }
    in->consumed += (uint64_t)got;
    return got;
}

int es_input_load(struct es_input *in, size_t cap, const unsigned char **p, size_t *len)
{
    if (in->loaded) {
        *p = in->loaded;
        *len = in->loaded_len;
        return ES_OK;
    }
    if (in->fd < 0 && !in->read) {
        if (in->mem_len > cap)
            return ES_ERR_LIMIT;
        *p = in->mem;
        *len = in->mem_len;
        if (in->budget) {
            int rc = es_budget_charge(in->budget, in, in->mem_len);
            if (rc != ES_OK)
                return rc;
        }
        in->consumed = in->mem_len;
        return ES_OK;
    }
    /* Large files are mapped, not copied. Smaller ones are read: a file that
     * shrinks while mapped would kill the process with SIGBUS, and for small
     * files a copy costs little. */
    if (in->fd >= 0 && in->size != ES_SIZE_UNKNOWN && in->size > ES_MAP_THRESHOLD &&
        in->consumed == 0 && in->peek_pos == 0) {
        if (in->size > cap)
            return ES_ERR_LIMIT;
        void *map = mmap(NULL, (size_t)in->size, PROT_READ, MAP_PRIVATE, in->fd, 0);
        if (map != MAP_FAILED) {
            in->loaded = map;
            in->loaded_len = (size_t)in->size;
            in->loaded_mmap = 1;
            in->consumed = in->size;
            *p = map;
            *len = in->loaded_len;
            return ES_OK;
        }
    }
    /* A stream (or a small file): read it all, within the cap. A file read
     * here was small when opened; one that keeps growing is cut off. */
    if (in->fd >= 0 && cap > 2u * ES_MAP_THRESHOLD)
        cap = 2u * ES_MAP_THRESHOLD;
    size_t have = 0, room = 0;
    /* Room for one byte past the cap shows a stream that is too long. */
    size_t most = cap < SIZE_MAX ? cap + 1 : SIZE_MAX;
    unsigned char *buf = NULL;
    for (;;) {
        /* Grow only when full: growing whenever less than a block was free
         * refused any stream within 64 KiB of the cap (and with a cap below
         * 64 KiB every stream longer than one read). */
        if (have == room) {
            if (room >= most) {
                free(buf);
                return ES_ERR_LIMIT;
            }
            size_t want = room ? (room > SIZE_MAX / 2 ? SIZE_MAX : room * 2) : 65536;
            if (want > most)
                want = most;
            unsigned char *nb = realloc(buf, want);
            if (!nb) {
                free(buf);
                return ES_ERR_NOMEM;
            }
            buf = nb;
            room = want;
        }
        ssize_t r = es_input_read(in, buf + have, room - have);
        if (r < 0) {
            free(buf);
            return (int)r;
        }
        if (r == 0)
            break;
        have += (size_t)r;
        if (have > cap) {
            free(buf);
            return ES_ERR_LIMIT;
        }
    }
    in->loaded = buf;
    in->loaded_len = have;
    *p = buf ? buf : (const unsigned char *)"";
    *len = have;
    return ES_OK;
}

uint64_t es_input_skip_hole(struct es_input *in)
{
    if (in->fd < 0 || in->peek_pos < in->peek_len || in->eof || in->err != ES_OK)
        return 0;
    off_t pos = lseek(in->fd, 0, SEEK_CUR);
    if (pos < 0)
        return 0;
    off_t data = lseek(in->fd, pos, SEEK_DATA);
    if (data < 0 && errno == ENXIO)   /* no data after pos: a hole up to the end */
        data = lseek(in->fd, 0, SEEK_END);
    if (data <= pos) {   /* in data, or SEEK_DATA not supported: read on as before */
        lseek(in->fd, pos, SEEK_SET);
        return 0;
    }
    in->consumed += (uint64_t)(data - pos);
    return (uint64_t)(data - pos);
}

int es_input_drain(struct es_input *in)
{
    unsigned char tmp[16384];
    for (;;) {
        ssize_t r = es_input_read(in, tmp, sizeof tmp);
        if (r <= 0)
            return r < 0 ? (int)r : ES_OK;
    }
}

void es_input_close(struct es_input *in)
{
    if (in->loaded) {
        if (in->loaded_mmap)
            munmap(in->loaded, in->loaded_len);
        else
            free(in->loaded);
    }
    in->loaded = NULL;
    in->loaded_len = 0;
}
