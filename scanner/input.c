/* Sequential inputs over a file, memory or a stream, with limit accounting. */
#include "input.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
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
    in->map_slot = NULL;
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

/* ---- mapped files that shrink ----
 * Touching a page of a file mapping that lies past the file's end raises
 * SIGBUS: a file truncated by someone else while it is mapped (a live share)
 * would kill the whole scan. Every mapping is registered here, and a SIGBUS
 * handler puts zero pages over the lost part of a registered mapping and
 * notes the loss, then returns: the faulting read runs again and finds zeros.
 * No longjmp out of libzip, zlib or libxml2 (no lock or allocation left
 * half done); the sink ends the file with an error instead (es_input_lost).
 * The handler is installed with the first mapping and stays for the life of
 * the process (see bus_ready()); faults outside the registered mappings go to
 * the disposition found before it (by default a core dump). */

/* Only top-level files are mapped (members are streams or memory), so a
 * worker holds at most one mapping, and pool.c runs at most 256 workers. With
 * all slots taken (several scanners in one process) a file is read instead. */
#define MAP_SLOTS 256

/* The handler reads these: only lock-free atomics are safe there. */
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2 && ATOMIC_INT_LOCK_FREE == 2,
               "the SIGBUS handler needs lock-free atomics");

struct map_slot {
    _Atomic(unsigned char *) base;   /* NULL: free */
    _Atomic(unsigned char *) end;    /* NULL while being filled in or emptied */
    atomic_int fd;                   /* the mapped file, to learn its new size */
    atomic_int lost;                 /* set by the handler */
};

static struct map_slot map_slots[MAP_SLOTS];
static struct sigaction bus_before;   /* SIGBUS disposition found at install */
static uintptr_t page_size;           /* sysconf() is not async-signal-safe */

static uintptr_t page_up(uintptr_t v)
{
    return (v + page_size - 1) & ~(page_size - 1);
}

/* Map zero pages over the lost part of a mapping: from the file's new end
 * (or the faulting page, whichever is lower) to the mapping's end. fstat()
 * and mmap() may be called here: fstat() is async-signal-safe, and mmap() is
 * one system call on Linux that takes no user-space lock. MAP_FIXED replaces
 * the file's pages in place, so munmap() at es_input_close() still frees
 * the whole range. Returns 0 on success. */
static int zero_lost(struct map_slot *s, uintptr_t base, uintptr_t end, uintptr_t at)
{
    uintptr_t from = at & ~(page_size - 1);
    struct stat st;
    int fd = atomic_load(&s->fd);
    if (fd >= 0 && fstat(fd, &st) == 0 && st.st_size >= 0 &&
        (uint64_t)st.st_size < (uint64_t)(end - base)) {
        uintptr_t eof = base + page_up((uintptr_t)st.st_size);
        if (eof < from)
            from = eof;   /* every page past the new end is lost: one fault for all */
    }
    uintptr_t to = page_up(end);
    void *m = mmap((void *)from, to - from, PROT_READ, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    return m == MAP_FAILED ? -1 : 0;
}

static void on_sigbus(int sig, siginfo_t *si, void *uctx)
{
    (void)uctx;
    int saved = errno;
    uintptr_t at = (uintptr_t)si->si_addr;
    /* BUS_ADRERR is what a page past a mapped file's end (or a page the
     * kernel could not read) raises; a signal sent by kill() has si_code <= 0. */
    if (si->si_code == BUS_ADRERR) {
        for (size_t i = 0; i < MAP_SLOTS; i++) {
            struct map_slot *s = &map_slots[i];
            uintptr_t base = (uintptr_t)atomic_load(&s->base);
            uintptr_t end = (uintptr_t)atomic_load(&s->end);
            if (!base || at < base || at >= end)
                continue;
            if (zero_lost(s, base, end, at) == 0) {
                atomic_store(&s->lost, 1);
                errno = saved;
                return;
            }
            break;
        }
    }
    /* Not a mapped file's loss (a real bug) or not mendable: the disposition
     * found before takes over, by default a core dump. A fault recurs when
     * the instruction runs again; a sent signal is sent again. */
    sigaction(SIGBUS, &bus_before, NULL);
    if (si->si_code <= 0)
        raise(sig);
    errno = saved;
}

/* Our handler in place, or installed now. Checked at every mapping, not
 * once: whoever installed a SIGBUS handler after ours (a host program, a
 * test harness) would otherwise leave the mappings unprotected. The
 * disposition found becomes the one faults outside the mappings go to. One
 * sigaction() per file over ES_MAP_THRESHOLD costs nothing next to its scan. */
static int bus_ready(void)
{
    static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
    struct sigaction now;
    int ok = 0;
    pthread_mutex_lock(&lock);
    if (!page_size) {
        long ps = sysconf(_SC_PAGESIZE);
        page_size = ps > 0 ? (uintptr_t)ps : 0;
    }
    if (page_size && sigaction(SIGBUS, NULL, &now) == 0) {
        if ((now.sa_flags & SA_SIGINFO) && now.sa_sigaction == on_sigbus) {
            ok = 1;
        } else {
            /* Saved before ours is in place: the handler never sees it half written. */
            bus_before = now;
            struct sigaction sa;
            memset(&sa, 0, sizeof sa);
            sa.sa_sigaction = on_sigbus;
            sa.sa_flags = SA_SIGINFO;
            sigemptyset(&sa.sa_mask);
            ok = sigaction(SIGBUS, &sa, NULL) == 0;
        }
    }
    pthread_mutex_unlock(&lock);
    return ok;
}

/* A slot for a new mapping, or NULL (no handler, or all slots taken). */
static struct map_slot *map_register(unsigned char *p, size_t len, int fd)
{
    if (!bus_ready())
        return NULL;
    for (size_t i = 0; i < MAP_SLOTS; i++) {
        struct map_slot *s = &map_slots[i];
        unsigned char *none = NULL;
        if (atomic_load_explicit(&s->base, memory_order_relaxed) ||
            !atomic_compare_exchange_strong(&s->base, &none, p))
            continue;
        atomic_store(&s->lost, 0);
        atomic_store(&s->fd, fd);
        atomic_store(&s->end, p + len);   /* from now on the handler knows it */
        return s;
    }
    return NULL;
}

/* Called before munmap(): a slot never names memory that another mapping may reuse. */
static void map_unregister(struct map_slot *s)
{
    atomic_store(&s->end, NULL);
    atomic_store(&s->fd, -1);
    atomic_store(&s->base, NULL);
}

const char *es_input_lost(const struct es_input *in)
{
    const struct map_slot *s = in->map_slot;
    if (!s || !atomic_load_explicit(&s->lost, memory_order_relaxed))
        return NULL;
    struct stat st;
    if (fstat(in->fd, &st) == 0 && (uint64_t)st.st_size < in->loaded_len)
        return "file shrank while being read";
    /* The same fault without a shorter file: the kernel could not read a
     * page (I/O error), or the file shrank and grew again. */
    return "read error in the mapped file (or it shrank and grew again)";
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
    /* Large files are mapped, not copied (and registered: a file that
     * shrinks while mapped reads as zeros past its new end, see above).
     * Smaller ones are read: for them a copy costs little. */
    if (in->fd >= 0 && in->size != ES_SIZE_UNKNOWN && in->size > ES_MAP_THRESHOLD &&
        in->consumed == 0 && in->peek_pos == 0) {
        if (in->size > cap)
            return ES_ERR_LIMIT;
        void *map = mmap(NULL, (size_t)in->size, PROT_READ, MAP_PRIVATE, in->fd, 0);
        struct map_slot *slot = NULL;
        if (map != MAP_FAILED && !(slot = map_register(map, (size_t)in->size, in->fd)))
            munmap(map, (size_t)in->size);   /* unprotected it could kill the scan: read it */
        if (slot) {
            in->map_slot = slot;
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
        if (in->loaded_mmap) {
            if (in->map_slot)
                map_unregister(in->map_slot);
            munmap(in->loaded, in->loaded_len);
        } else {
            free(in->loaded);
        }
    }
    in->loaded = NULL;
    in->loaded_len = 0;
    in->loaded_mmap = 0;
    in->map_slot = NULL;
}
