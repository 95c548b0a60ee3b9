/* Sequential inputs over memory, files and streams (scanner/input.c). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "exposcan/exposcan.h"
#include "scanner/budget.h"
#include "scanner/input.h"

/* Test data larger than the peek buffer, with a pattern that shows misplaced bytes. */
#define DATA_LEN (3 * ES_PEEK_BYTES + 123)

static unsigned char *pattern(size_t n)
{
    unsigned char *p = malloc(n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (unsigned char)(i * 31u + i / 251u);
    return p;
}

/* Read everything in steps of `step` bytes; returns a malloc'd copy. */
static unsigned char *read_all(struct es_input *in, size_t step, size_t *len)
{
    unsigned char *out = malloc(DATA_LEN + 64);
    assert_non_null(out);
    size_t have = 0;
    for (;;) {
        ssize_t r = es_input_read(in, out + have, step);
        assert_true(r >= 0);
        if (r == 0)
            break;
        have += (size_t)r;
        assert_true(have <= DATA_LEN);
    }
    *len = have;
    return out;
}

static void test_mem(void **state)
{
    (void)state;
    unsigned char *d = pattern(DATA_LEN);
    struct es_input in;
    es_input_from_mem(&in, d, DATA_LEN, "x.bin");
    assert_int_equal(es_input_peek(&in), ES_OK);
    assert_int_equal(in.peek_len, ES_PEEK_BYTES);
    assert_memory_equal(in.peek, d, ES_PEEK_BYTES);
    assert_int_equal(in.size, DATA_LEN);
    size_t n;
    unsigned char *got = read_all(&in, 1000, &n);
    assert_int_equal(n, DATA_LEN);
    assert_memory_equal(got, d, DATA_LEN);
    assert_int_equal(in.consumed, DATA_LEN);
    es_input_close(&in);
    free(got);
    free(d);
}

static int temp_file(const unsigned char *d, size_t n)
{
    char path[] = "/tmp/es-input-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    assert_int_equal(write(fd, d, n), (ssize_t)n);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    return fd;
}

/* The peeked bytes are replayed by the first reads, whatever the step. */
static void test_fd_peek_replay(void **state)
{
    (void)state;
    unsigned char *d = pattern(DATA_LEN);
    static const size_t steps[] = {1, 7, ES_PEEK_BYTES - 1, ES_PEEK_BYTES, 65536};
    for (size_t s = 0; s < sizeof steps / sizeof *steps; s++) {
        int fd = temp_file(d, DATA_LEN);
        struct es_input in;
        es_input_from_fd(&in, fd, "f", DATA_LEN);
        assert_int_equal(es_input_peek(&in), ES_OK);
        assert_memory_equal(in.peek, d, ES_PEEK_BYTES);
        size_t n;
        unsigned char *got = read_all(&in, steps[s], &n);
        assert_int_equal(n, DATA_LEN);
        assert_memory_equal(got, d, DATA_LEN);
        assert_int_equal(in.consumed, DATA_LEN);
        es_input_close(&in);
        close(fd);
        free(got);
    }
    free(d);
}

/* Load after a peek maps the whole file, from its first byte. */
static void test_fd_load(void **state)
{
    (void)state;
    unsigned char *d = pattern(DATA_LEN);
    int fd = temp_file(d, DATA_LEN);
    struct es_input in;
    es_input_from_fd(&in, fd, "f", DATA_LEN);
    assert_int_equal(es_input_peek(&in), ES_OK);
    const unsigned char *p;
    size_t n;
    assert_int_equal(es_input_load(&in, DATA_LEN, &p, &n), ES_OK);
    assert_int_equal(n, DATA_LEN);
    assert_memory_equal(p, d, DATA_LEN);
    /* A second call returns the same memory. */
    const unsigned char *p2;
    assert_int_equal(es_input_load(&in, DATA_LEN, &p2, &n), ES_OK);
    assert_ptr_equal(p, p2);
    es_input_close(&in);
    close(fd);

    /* Over the cap: a limit, not a partial load. */
    fd = temp_file(d, DATA_LEN);
    es_input_from_fd(&in, fd, "f", DATA_LEN);
    assert_int_equal(es_input_load(&in, DATA_LEN - 1, &p, &n), ES_ERR_LIMIT);
    es_input_close(&in);
    close(fd);
    free(d);
}

/* A stream that hands out at most `piece` bytes per call and can fail. */
struct src {
    const unsigned char *d;
    size_t n, pos, piece;
    size_t fail_at;   /* return an error once pos reaches this (0: never) */
    int calls_after_eof;
};

static ssize_t src_read(void *ctx, void *buf, size_t n)
{
    struct src *s = ctx;
    if (s->fail_at && s->pos >= s->fail_at)
        return ES_ERR_FORMAT;
    if (s->pos == s->n) {
        s->calls_after_eof++;
        return 0;
    }
    size_t k = n < s->piece ? n : s->piece;
    if (k > s->n - s->pos)
        k = s->n - s->pos;
    memcpy(buf, s->d + s->pos, k);
    s->pos += k;
    return (ssize_t)k;
}

static void test_stream(void **state)
{
    (void)state;
    unsigned char *d = pattern(DATA_LEN);
    struct src s = {.d = d, .n = DATA_LEN, .piece = 333};
    struct es_input in;
    es_input_from_stream(&in, src_read, &s, "m", ES_SIZE_UNKNOWN, 0);
    assert_int_equal(es_input_peek(&in), ES_OK);
    /* The peek gathers short reads until its buffer is full. */
    assert_int_equal(in.peek_len, ES_PEEK_BYTES);
    size_t n;
    unsigned char *got = read_all(&in, 4096, &n);
    assert_int_equal(n, DATA_LEN);
    assert_memory_equal(got, d, DATA_LEN);
    /* End of stream is sticky: no more calls to the source. */
    int calls = s.calls_after_eof;
    unsigned char b[8];
    assert_int_equal(es_input_read(&in, b, sizeof b), 0);
    assert_int_equal(s.calls_after_eof, calls);
    es_input_close(&in);
    free(got);

    /* Loading a stream reads it into memory. */
    struct src s2 = {.d = d, .n = DATA_LEN, .piece = 1000};
    es_input_from_stream(&in, src_read, &s2, "m", ES_SIZE_UNKNOWN, 0);
    const unsigned char *p;
    assert_int_equal(es_input_load(&in, DATA_LEN, &p, &n), ES_OK);
    assert_int_equal(n, DATA_LEN);
    assert_memory_equal(p, d, DATA_LEN);
    es_input_close(&in);
    /* A cap far below one read block, and a stream just under it (the cap
     * is inclusive). */
    struct src s4 = {.d = d, .n = 5000, .piece = 700};
    es_input_from_stream(&in, src_read, &s4, "m", ES_SIZE_UNKNOWN, 0);
    assert_int_equal(es_input_load(&in, 5000, &p, &n), ES_OK);
    assert_int_equal(n, 5000);
    assert_memory_equal(p, d, 5000);
    es_input_close(&in);
    struct src s5 = {.d = d, .n = 5001, .piece = 700};
    es_input_from_stream(&in, src_read, &s5, "m", ES_SIZE_UNKNOWN, 0);
    assert_int_equal(es_input_load(&in, 5000, &p, &n), ES_ERR_LIMIT);
    es_input_close(&in);
    /* Over the cap. */
    struct src s3 = {.d = d, .n = DATA_LEN, .piece = 1000};
    es_input_from_stream(&in, src_read, &s3, "m", ES_SIZE_UNKNOWN, 0);
    assert_int_equal(es_input_load(&in, 100, &p, &n), ES_ERR_LIMIT);
    es_input_close(&in);
    free(d);
}

/* An empty stream loads as zero bytes. */
static void test_stream_empty(void **state)
{
    (void)state;
    struct src s = {.d = (const unsigned char *)"", .n = 0, .piece = 10};
    struct es_input in;
    es_input_from_stream(&in, src_read, &s, "e", 0, 0);
    const unsigned char *p;
    size_t n = 99;
    assert_int_equal(es_input_load(&in, 1024, &p, &n), ES_OK);
    assert_int_equal(n, 0);
    assert_non_null(p);
    es_input_close(&in);
    unsigned char b[4];
    es_input_from_stream(&in, src_read, &s, "e", 0, 0);
    assert_int_equal(es_input_read(&in, b, sizeof b), 0);
    es_input_close(&in);
}

/* A read error after some data: the data comes first, then the error, sticky. */
static void test_stream_error(void **state)
{
    (void)state;
    unsigned char *d = pattern(DATA_LEN);
    struct src s = {.d = d, .n = DATA_LEN, .piece = 4096, .fail_at = 2 * ES_PEEK_BYTES};
    struct es_input in;
    es_input_from_stream(&in, src_read, &s, "m", ES_SIZE_UNKNOWN, 0);
    unsigned char *buf = malloc(DATA_LEN);
    assert_non_null(buf);
    size_t have = 0;
    ssize_t r;
    while ((r = es_input_read(&in, buf + have, 1000)) > 0)
        have += (size_t)r;
    assert_int_equal(r, ES_ERR_FORMAT);
    /* Everything the source gave before failing, and nothing else. */
    assert_int_equal(have, s.pos);
    assert_true(have >= 2 * ES_PEEK_BYTES);
    assert_memory_equal(buf, d, have);
    assert_int_equal(in.err, ES_ERR_FORMAT);
    assert_int_equal(es_input_read(&in, buf, 10), ES_ERR_FORMAT);
    assert_int_equal(es_input_drain(&in), ES_ERR_FORMAT);
    es_input_close(&in);
    free(buf);
    free(d);
}

/* Drain counts what it skips. */
static void test_drain(void **state)
{
    (void)state;
    unsigned char *d = pattern(DATA_LEN);
    struct src s = {.d = d, .n = DATA_LEN, .piece = 777};
    struct es_input in;
    es_input_from_stream(&in, src_read, &s, "m", ES_SIZE_UNKNOWN, 0);
    unsigned char b[10];
    assert_int_equal(es_input_read(&in, b, sizeof b), 10);
    assert_int_equal(es_input_drain(&in), ES_OK);
    assert_int_equal(in.consumed, DATA_LEN);
    es_input_close(&in);
    free(d);
}

/* Member reads are charged to the budget: past member_max the read fails
 * with a limit and the budget says which. */
static void test_budget(void **state)
{
    (void)state;
    unsigned char *d = pattern(DATA_LEN);
    uint64_t used = 0;
    struct es_budget b = {.member_max = 10000, .input_used = &used, .input_max = UINT64_MAX};
    struct es_input in;
    es_input_from_mem(&in, d, DATA_LEN, "m");
    in.budget = &b;
    unsigned char *buf = malloc(DATA_LEN);
    assert_non_null(buf);
    size_t have = 0;
    ssize_t r;
    while ((r = es_input_read(&in, buf + have, 4000)) > 0)
        have += (size_t)r;
    assert_int_equal(r, ES_ERR_LIMIT);
    assert_true(have <= 10000);
    assert_true(have >= 8000);
    assert_non_null(b.why);
    assert_string_equal(b.why, "member-bytes");
    assert_int_equal(used, have);
    es_input_close(&in);
    free(buf);
    free(d);
}

/* A sparse file of `size` bytes that starts with `d` (n bytes). */
static int sparse_file(const unsigned char *d, size_t n, off_t size)
{
    int fd = temp_file(d, n);
    assert_int_equal(ftruncate(fd, size), 0);
    return fd;
}

/* Reads through a volatile pointer: the loads must happen where written. */
static unsigned char byte_at(const unsigned char *p, size_t off)
{
    return ((const volatile unsigned char *)p)[off];
}

/* Regression (mapped-file-sigbus): a file over ES_MAP_THRESHOLD is mapped;
 * truncated while mapped, touching a page past its new end raised SIGBUS and
 * killed the scan. Now the lost pages read as zeros and es_input_lost() says
 * so; the bytes still in the file stay as they were. */
static void test_mapped_shrinks(void **state)
{
    (void)state;
    const size_t keep = 2 * ES_PEEK_BYTES;   /* bytes left in the file: two pages or more */
    const off_t size = ES_MAP_THRESHOLD + (off_t)ES_PEEK_BYTES * 3 + 5;
    unsigned char *d = pattern(DATA_LEN);
    int fd = sparse_file(d, DATA_LEN, size);
    struct es_input in;
    es_input_from_fd(&in, fd, "big.bin", (uint64_t)size);
    const unsigned char *p;
    size_t n;
    assert_int_equal(es_input_load(&in, SIZE_MAX, &p, &n), ES_OK);
    assert_true(in.loaded_mmap);
    assert_int_equal(n, (size_t)size);
    assert_null(es_input_lost(&in));
    assert_int_equal(byte_at(p, n - 1), 0);   /* a hole, in the file: not a loss */
    assert_null(es_input_lost(&in));

    assert_int_equal(ftruncate(fd, (off_t)keep), 0);
    assert_int_equal(byte_at(p, n / 2), 0);
    const char *why = es_input_lost(&in);
    assert_non_null(why);
    assert_non_null(strstr(why, "shrank"));
    assert_int_equal(byte_at(p, n - 1), 0);
    assert_int_equal(byte_at(p, keep), 0);
    assert_memory_equal(p, d, keep);
    es_input_close(&in);
    assert_null(es_input_lost(&in));
    close(fd);

    /* Shorter already when mapped (it shrank between the walker's fstat and
     * the mapping): the same, from the first page past its end. */
    fd = sparse_file(d, DATA_LEN, (off_t)keep);
    es_input_from_fd(&in, fd, "big.bin", (uint64_t)size);
    assert_int_equal(es_input_load(&in, SIZE_MAX, &p, &n), ES_OK);
    assert_true(in.loaded_mmap);
    assert_memory_equal(p, d, keep);
    assert_null(es_input_lost(&in));
    assert_int_equal(byte_at(p, keep + 1), 0);
    assert_non_null(es_input_lost(&in));
    es_input_close(&in);
    close(fd);

    /* A file that grows while mapped is read as it was: nothing is lost. */
    fd = sparse_file(d, DATA_LEN, size);
    es_input_from_fd(&in, fd, "big.bin", (uint64_t)size);
    assert_int_equal(es_input_load(&in, SIZE_MAX, &p, &n), ES_OK);
    assert_int_equal(ftruncate(fd, size * 2), 0);
    assert_int_equal(byte_at(p, n - 1), 0);
    assert_memory_equal(p, d, DATA_LEN);
    assert_null(es_input_lost(&in));
    es_input_close(&in);
    close(fd);
    free(d);
}

/* With every slot of the mapping registry taken (256: one per worker at
 * most, so only several scanners in one process get here), a large file is
 * read into memory instead of mapped without protection, and the slot a
 * closed mapping leaves is used again. */
static void test_map_slots_full(void **state)
{
    (void)state;
    enum { SLOTS = 256 };   /* input.c's MAP_SLOTS */
    const off_t size = ES_MAP_THRESHOLD + 4096;
    unsigned char *d = pattern(DATA_LEN);
    int fd = sparse_file(d, DATA_LEN, size);
    static struct es_input in[SLOTS + 1];
    const unsigned char *p;
    size_t n;
    for (size_t i = 0; i < SLOTS; i++) {
        es_input_from_fd(&in[i], fd, "big.bin", (uint64_t)size);
        assert_int_equal(es_input_load(&in[i], SIZE_MAX, &p, &n), ES_OK);
        assert_true(in[i].loaded_mmap);
    }
    es_input_from_fd(&in[SLOTS], fd, "big.bin", (uint64_t)size);
    assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
    assert_int_equal(es_input_load(&in[SLOTS], SIZE_MAX, &p, &n), ES_OK);
    assert_false(in[SLOTS].loaded_mmap);   /* read: a copy a shrink cannot take away */
    assert_int_equal(n, (size_t)size);
    assert_memory_equal(p, d, DATA_LEN);
    es_input_close(&in[SLOTS]);

    es_input_close(&in[0]);
    es_input_from_fd(&in[0], fd, "big.bin", (uint64_t)size);
    assert_int_equal(es_input_load(&in[0], SIZE_MAX, &p, &n), ES_OK);
    assert_true(in[0].loaded_mmap);
    for (size_t i = 0; i < SLOTS; i++)
        es_input_close(&in[i]);
    close(fd);
    free(d);
}

/* A SIGBUS that is not a registered mapping's loss (a real bug) still kills
 * the process, with the disposition found before: the handler must not hide
 * faults. Run in a child, with the handler installed by a mapping. */
static void test_other_sigbus_kills(void **state)
{
    (void)state;
    unsigned char one = 1;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit no_core = {0, 0};
        setrlimit(RLIMIT_CORE, &no_core);
        signal(SIGBUS, SIG_DFL);   /* not cmocka's handler, which would go on testing here */
        int big = sparse_file(&one, 1, ES_MAP_THRESHOLD + 1);
        struct es_input in;
        es_input_from_fd(&in, big, "big.bin", ES_MAP_THRESHOLD + 1);
        const unsigned char *p;
        size_t n;
        if (es_input_load(&in, SIZE_MAX, &p, &n) != ES_OK || !in.loaded_mmap)
            _exit(3);
        /* A mapping of our own, two pages over a one-byte file: its second
         * page lies past the end of the file. */
        int small = temp_file(&one, 1);
        long page = sysconf(_SC_PAGESIZE);
        unsigned char *m = mmap(NULL, (size_t)page * 2, PROT_READ, MAP_PRIVATE, small, 0);
        if (m == MAP_FAILED)
            _exit(4);
        if (byte_at(m, (size_t)page) == 0)
            _exit(0);   /* survived: the fault was hidden */
        _exit(5);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGBUS);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem),          cmocka_unit_test(test_fd_peek_replay),
        cmocka_unit_test(test_fd_load),      cmocka_unit_test(test_stream),
        cmocka_unit_test(test_stream_empty), cmocka_unit_test(test_stream_error),
        cmocka_unit_test(test_drain),        cmocka_unit_test(test_budget),
        cmocka_unit_test(test_mapped_shrinks), cmocka_unit_test(test_map_slots_full),
        cmocka_unit_test(test_other_sigbus_kills),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
