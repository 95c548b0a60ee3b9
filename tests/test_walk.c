/*
 * The walker (scanner/walk.c) over temporary trees: byte order of names,
 * symbolic links (skipped by default, followed on request with loop
 * detection), special files reported and never opened, --exclude globs,
 * file names that are not UTF-8, errors, one file system; and
 * es_open_input() refusing what is not a regular file.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "scanner/scanner_private.h"
#include "scanner/walk.h"

#define MAX_ITEMS 256

struct got {
    size_t n;
    enum es_walk_kind kind[MAX_ITEMS];
    enum es_rec_status st[MAX_ITEMS];
    int follow[MAX_ITEMS];
    char *path[MAX_ITEMS];
    size_t len[MAX_ITEMS];
    char reason[MAX_ITEMS][160];
};

static int on_item(void *ctx, struct es_walk_item *it)
{
    struct got *g = ctx;
    if (g->n >= MAX_ITEMS) {
        free(it->path);
        return 1;
    }
    g->kind[g->n] = it->kind;
    g->st[g->n] = it->st;
    g->follow[g->n] = it->follow;
    g->path[g->n] = it->path;   /* the consumer takes the path */
    g->len[g->n] = it->len;
    memcpy(g->reason[g->n], it->reason, sizeof it->reason);
    g->n++;
    return 0;
}

static void got_free(struct got *g)
{
    for (size_t i = 0; i < g->n; i++)
        free(g->path[i]);
    g->n = 0;
}

/* Index of the item whose path ends with suffix, or -1. */
static int find(const struct got *g, const char *suffix)
{
    size_t sl = strlen(suffix);
    for (size_t i = 0; i < g->n; i++)
        if (g->len[i] >= sl && memcmp(g->path[i] + g->len[i] - sl, suffix, sl) == 0)
            return (int)i;
    return -1;
}

struct fixture {
    char root[64];
    struct es_config *cfg;
    struct got got;
};

static void mkfile(const char *root, const char *rel, const char *content)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void mkdirp(const char *root, const char *rel)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    assert_int_equal(mkdir(p, 0755), 0);
}

static void mklink(const char *root, const char *rel, const char *target)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    snprintf(fx->root, sizeof fx->root, "/tmp/es-walk-XXXXXX");
    if (!mkdtemp(fx->root))
        return -1;
    fx->cfg = es_config_new();
    *state = fx;
    return fx->cfg ? 0 : -1;
}

static void rm_tree(const char *root)
{
    /* Everything below root was made by the test; nothing is followed. */
    char cmd[128];
    snprintf(cmd, sizeof cmd, "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", root, root);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", root);
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    got_free(&fx->got);
    es_config_free(fx->cfg);
    rm_tree(fx->root);
    free(fx);
    return 0;
}

static int walk(struct fixture *fx, const char *root)
{
    atomic_int stop = 0;
    got_free(&fx->got);
    return es_walk(fx->cfg, root, on_item, &fx->got, &stop);
}

/* Names come in byte order (strcmp), whatever the directory order. */
static void test_byte_order(void **state)
{
    struct fixture *fx = *state;
    static const char *const made[] = {"b", "a.txt", "B", "_x", "\xc3\xa9t\xc3\xa9", "a", "A10", "A9"};
    for (size_t i = 0; i < sizeof made / sizeof *made; i++)
        mkfile(fx->root, made[i], "x\n");
    mkdirp(fx->root, "m");
    mkfile(fx->root, "m/z", "x\n");
    mkfile(fx->root, "m/0", "x\n");
    assert_int_equal(walk(fx, fx->root), ES_OK);
    static const char *const want[] = {"A10", "A9", "B", "_x", "a", "a.txt", "b", "m/0", "m/z",
                                       "\xc3\xa9t\xc3\xa9"};
    assert_int_equal(fx->got.n, sizeof want / sizeof *want);
    size_t rl = strlen(fx->root);
    for (size_t i = 0; i < fx->got.n; i++) {
        assert_int_equal(fx->got.kind[i], ES_WALK_FILE);
        assert_memory_equal(fx->got.path[i], fx->root, rl);
        assert_string_equal(fx->got.path[i] + rl + 1, want[i]);
        assert_int_equal(fx->got.len[i], strlen(fx->got.path[i]));
    }
}

/* "dir/" and "dir" walk the same tree and give the same paths. */
static void test_trailing_slash(void **state)
{
    struct fixture *fx = *state;
    mkfile(fx->root, "f", "x\n");
    char p[128];
    snprintf(p, sizeof p, "%s//", fx->root);
    assert_int_equal(walk(fx, p), ES_OK);
    assert_int_equal(fx->got.n, 1);
    char want[128];
    snprintf(want, sizeof want, "%s/f", fx->root);
    assert_string_equal(fx->got.path[0], want);
}

static void test_symlinks_not_followed(void **state)
{
    struct fixture *fx = *state;
    mkfile(fx->root, "file", "x\n");
    mkdirp(fx->root, "dir");
    mkfile(fx->root, "dir/inner", "x\n");
    mklink(fx->root, "link_file", "file");
    mklink(fx->root, "link_dir", "dir");
    assert_int_equal(walk(fx, fx->root), ES_OK);
    int lf = find(&fx->got, "/link_file"), ld = find(&fx->got, "/link_dir");
    assert_true(lf >= 0 && ld >= 0);
    assert_int_equal(fx->got.kind[lf], ES_WALK_STATUS);
    assert_int_equal(fx->got.st[lf], ES_REC_SKIPPED);
    assert_non_null(strstr(fx->got.reason[lf], "symbolic link"));
    assert_int_equal(fx->got.st[ld], ES_REC_SKIPPED);
    assert_int_equal(find(&fx->got, "/link_dir/inner"), -1);
    assert_int_equal(fx->got.n, 4);   /* dir/inner, file, link_dir, link_file */
    /* A regular file found inside the tree may not be opened through a link. */
    int f = find(&fx->got, "/file");
    assert_int_equal(fx->got.kind[f], ES_WALK_FILE);
    assert_int_equal(fx->got.follow[f], 0);
}

/* A symlink named on the command line is followed (as find -H does). */
static void test_symlink_root_followed(void **state)
{
    struct fixture *fx = *state;
    mkdirp(fx->root, "dir");
    mkfile(fx->root, "dir/inner", "x\n");
    mklink(fx->root, "top", "dir");
    char p[128];
    snprintf(p, sizeof p, "%s/top", fx->root);
    assert_int_equal(walk(fx, p), ES_OK);
    assert_int_equal(fx->got.n, 1);
    assert_int_equal(fx->got.kind[0], ES_WALK_FILE);
    assert_true(find(&fx->got, "/top/inner") == 0);
}

static void test_symlinks_followed_with_loops(void **state)
{
    struct fixture *fx = *state;
    es_config_follow_symlinks(fx->cfg, 1);
    mkfile(fx->root, "file", "x\n");
    mkdirp(fx->root, "dir");
    mkfile(fx->root, "dir/inner", "x\n");
    mklink(fx->root, "dir/up", "..");        /* a loop back to the root */
    mklink(fx->root, "link_dir", "dir");     /* a second way into dir: not a loop */
    mklink(fx->root, "broken", "nowhere");
    assert_int_equal(walk(fx, fx->root), ES_OK);
    int up = find(&fx->got, "/dir/up");
    assert_true(up >= 0);
    assert_int_equal(fx->got.kind[up], ES_WALK_STATUS);
    assert_int_equal(fx->got.st[up], ES_REC_SKIPPED);
    assert_non_null(strstr(fx->got.reason[up], "loop"));
    int li = find(&fx->got, "/link_dir/inner");
    assert_true(li >= 0);
    assert_int_equal(fx->got.kind[li], ES_WALK_FILE);
    assert_int_equal(fx->got.follow[li], 1);
    int br = find(&fx->got, "/broken");
    assert_true(br >= 0);
    assert_int_equal(fx->got.st[br], ES_REC_ERROR);
    assert_non_null(strstr(fx->got.reason[br], "broken symbolic link"));
    /* The loop inside link_dir is cut there too; nothing is visited twice
     * through the same ancestor chain. */
    assert_true(find(&fx->got, "/link_dir/up") >= 0);
    assert_int_equal(fx->got.n, 6);   /* broken, dir/inner, dir/up, file, link_dir/inner, link_dir/up */
}

static void test_special_files(void **state)
{
    struct fixture *fx = *state;
    char p[512];
    snprintf(p, sizeof p, "%s/fifo", fx->root);
    assert_int_equal(mkfifo(p, 0644), 0);
    snprintf(p, sizeof p, "%s/sock", fx->root);
    int s = socket(AF_UNIX, SOCK_STREAM, 0);
    assert_true(s >= 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", p);
    assert_int_equal(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
    mkfile(fx->root, "regular", "x\n");
    /* A FIFO nobody writes to: opening it for reading would block forever,
     * so returning at all shows it was not opened. */
    assert_int_equal(walk(fx, fx->root), ES_OK);
    close(s);
    assert_int_equal(fx->got.n, 3);
    int fi = find(&fx->got, "/fifo"), so = find(&fx->got, "/sock");
    assert_int_equal(fx->got.kind[fi], ES_WALK_STATUS);
    assert_int_equal(fx->got.st[fi], ES_REC_SKIPPED);
    assert_non_null(strstr(fx->got.reason[fi], "FIFO"));
    assert_int_equal(fx->got.kind[so], ES_WALK_STATUS);
    assert_int_equal(fx->got.st[so], ES_REC_SKIPPED);
    assert_non_null(strstr(fx->got.reason[so], "socket"));
    /* A FIFO named on the command line is reported the same way. */
    snprintf(p, sizeof p, "%s/fifo", fx->root);
    assert_int_equal(walk(fx, p), ES_OK);
    assert_int_equal(fx->got.n, 1);
    assert_int_equal(fx->got.st[0], ES_REC_SKIPPED);
}

static void test_exclude(void **state)
{
    struct fixture *fx = *state;
    mkfile(fx->root, "keep.txt", "x\n");
    mkfile(fx->root, "debug.log", "x\n");
    mkdirp(fx->root, "cache");
    mkfile(fx->root, "cache/big.txt", "x\n");
    mkdirp(fx->root, "sub");
    mkfile(fx->root, "sub/a.txt", "x\n");
    mkfile(fx->root, "sub/b.csv", "x\n");
    mkdirp(fx->root, "sub/deep");
    mkfile(fx->root, "sub/deep/c.log", "x\n");
    assert_int_equal(es_config_add_exclude(fx->cfg, "*.log"), ES_OK);    /* base name, any depth */
    assert_int_equal(es_config_add_exclude(fx->cfg, "cache"), ES_OK);    /* a whole directory */
    assert_int_equal(es_config_add_exclude(fx->cfg, "sub/*.txt"), ES_OK); /* walked relative path */
    assert_int_equal(walk(fx, fx->root), ES_OK);
    assert_int_equal(fx->got.n, 2);
    assert_true(find(&fx->got, "/keep.txt") >= 0);
    assert_true(find(&fx->got, "/sub/b.csv") >= 0);
    /* The root itself is never excluded by its own name. */
    got_free(&fx->got);
    char p[128];
    snprintf(p, sizeof p, "%s/debug.log", fx->root);
    assert_int_equal(walk(fx, p), ES_OK);
    assert_int_equal(fx->got.n, 1);
}

/* Names that are not UTF-8 are passed on byte for byte. */
static void test_non_utf8_names(void **state)
{
    struct fixture *fx = *state;
    static const char bad[] = "bad\xff\xfe name\x80.txt";
    static const char sjis[] = "\x8c\xda\x8b\x71.csv";   /* 顧客 in Shift_JIS */
    mkfile(fx->root, bad, "x\n");
    mkdirp(fx->root, "d\xe9j\xe0");   /* Latin-1 */
    mkfile(fx->root, "d\xe9j\xe0/" "\x8c\xda\x8b\x71.csv", "x\n");
    assert_int_equal(walk(fx, fx->root), ES_OK);
    assert_int_equal(fx->got.n, 2);
    int b = find(&fx->got, bad), s = find(&fx->got, sjis);
    assert_true(b >= 0 && s >= 0);
    char want[256];
    int n = snprintf(want, sizeof want, "%s/%s", fx->root, bad);
    assert_int_equal(fx->got.len[b], (size_t)n);
    assert_memory_equal(fx->got.path[b], want, (size_t)n);
    n = snprintf(want, sizeof want, "%s/d\xe9j\xe0/%s", fx->root, sjis);
    assert_int_equal(fx->got.len[s], (size_t)n);
    assert_memory_equal(fx->got.path[s], want, (size_t)n);
}

static void test_missing_and_unreadable(void **state)
{
    struct fixture *fx = *state;
    char p[128];
    snprintf(p, sizeof p, "%s/vanished", fx->root);
    assert_int_equal(walk(fx, p), ES_OK);
    assert_int_equal(fx->got.n, 1);
    assert_int_equal(fx->got.kind[0], ES_WALK_STATUS);
    assert_int_equal(fx->got.st[0], ES_REC_ERROR);
    assert_non_null(strstr(fx->got.reason[0], "No such file"));
    if (geteuid() == 0) {
        /* Root reads a mode-000 directory all the same: nothing to test. */
        return;
    }
    mkdirp(fx->root, "locked");
    mkfile(fx->root, "locked/secret", "x\n");
    mkfile(fx->root, "z_after", "x\n");
    snprintf(p, sizeof p, "%s/locked", fx->root);
    assert_int_equal(chmod(p, 0), 0);
    assert_int_equal(walk(fx, fx->root), ES_OK);
    int l = find(&fx->got, "/locked");
    assert_true(l >= 0);
    assert_int_equal(fx->got.st[l], ES_REC_ERROR);
    assert_non_null(strstr(fx->got.reason[l], "cannot open directory"));
    assert_true(find(&fx->got, "/z_after") >= 0);   /* the walk goes on */
}

/* --one-file-system: a directory on another device (reached through a
 * followed link to /dev/shm or /proc) is reported, not entered. */
static void test_one_file_system(void **state)
{
    struct fixture *fx = *state;
    static const char *const others[] = {"/dev/shm", "/proc/self/fdinfo", "/sys/kernel"};
    struct stat rs, os;
    assert_int_equal(stat(fx->root, &rs), 0);
    const char *other = NULL;
    for (size_t i = 0; i < sizeof others / sizeof *others && !other; i++)
        if (stat(others[i], &os) == 0 && S_ISDIR(os.st_mode) && os.st_dev != rs.st_dev)
            other = others[i];
    if (!other) {
        skip();
        return;
    }
    es_config_follow_symlinks(fx->cfg, 1);
    mklink(fx->root, "elsewhere", other);
    mkfile(fx->root, "here", "x\n");
    es_config_one_file_system(fx->cfg, 1);
    assert_int_equal(walk(fx, fx->root), ES_OK);
    assert_int_equal(fx->got.n, 2);
    int e = find(&fx->got, "/elsewhere");
    assert_true(e >= 0);
    assert_int_equal(fx->got.st[e], ES_REC_SKIPPED);
    assert_non_null(strstr(fx->got.reason[e], "another file system"));
}

/* The filesize limit skips large files before they are opened. */
static void test_filesize_limit(void **state)
{
    struct fixture *fx = *state;
    mkfile(fx->root, "small", "12345");
    mkfile(fx->root, "large", "1234567890");
    assert_int_equal(es_config_set_limit(fx->cfg, ES_LIMIT_FILESIZE, 5), ES_OK);
    assert_int_equal(walk(fx, fx->root), ES_OK);
    assert_int_equal(fx->got.n, 2);
    int l = find(&fx->got, "/large"), s = find(&fx->got, "/small");
    assert_int_equal(fx->got.st[l], ES_REC_SKIPPED);
    assert_int_equal(fx->got.kind[s], ES_WALK_FILE);
}

/* The callback can stop the walk, and so can the stop flag. */
static int stop_after_one(void *ctx, struct es_walk_item *it)
{
    size_t *n = ctx;
    free(it->path);
    return ++*n >= 1;
}

static void test_stop(void **state)
{
    struct fixture *fx = *state;
    for (int i = 0; i < 5; i++) {
        char name[8];
        snprintf(name, sizeof name, "f%d", i);
        mkfile(fx->root, name, "x\n");
    }
    size_t n = 0;
    atomic_int stop = 0;
    assert_int_equal(es_walk(fx->cfg, fx->root, stop_after_one, &n, &stop), ES_STOP);
    assert_int_equal(n, 1);
    atomic_store(&stop, 1);
    assert_int_equal(es_walk(fx->cfg, fx->root, on_item, &fx->got, &stop), ES_STOP);
    assert_int_equal(fx->got.n, 0);
}

static void test_open_input(void **state)
{
    struct fixture *fx = *state;
    char p[256], reason[160];
    uint64_t size = 0;
    mkfile(fx->root, "file", "hello\n");
    snprintf(p, sizeof p, "%s/file", fx->root);
    int fd = es_open_input(p, 0, &size, reason, sizeof reason);
    assert_true(fd >= 0);
    assert_int_equal(size, 6);
    /* Reads block normally again (O_NONBLOCK is dropped for regular files). */
    assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
    close(fd);

    /* A FIFO swapped in after the walk: refused at once, never blocking. */
    snprintf(p, sizeof p, "%s/swapped", fx->root);
    assert_int_equal(mkfifo(p, 0644), 0);
    time_t t0 = time(NULL);
    assert_int_equal(es_open_input(p, 0, &size, reason, sizeof reason), -1);
    assert_true(time(NULL) - t0 < 5);
    assert_non_null(strstr(reason, "regular file"));

    /* A symlink swapped in: not followed unless allowed. */
    snprintf(p, sizeof p, "%s/link", fx->root);
    assert_int_equal(symlink("file", p), 0);
    reason[0] = '\0';
    assert_int_equal(es_open_input(p, 0, &size, reason, sizeof reason), -1);
    assert_non_null(strstr(reason, "cannot open"));
    fd = es_open_input(p, 1, &size, reason, sizeof reason);
    assert_true(fd >= 0);
    close(fd);

    /* A directory and a missing file. */
    assert_int_equal(es_open_input(fx->root, 1, &size, reason, sizeof reason), -1);
    snprintf(p, sizeof p, "%s/missing", fx->root);
    assert_int_equal(es_open_input(p, 1, &size, reason, sizeof reason), -1);
    assert_non_null(strstr(reason, "No such file"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_byte_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_slash, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinks_not_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlink_root_followed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinks_followed_with_loops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_special_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_exclude, setup, teardown),
        cmocka_unit_test_setup_teardown(test_non_utf8_names, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_and_unreadable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_file_system, setup, teardown),
        cmocka_unit_test_setup_teardown(test_filesize_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_open_input, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
