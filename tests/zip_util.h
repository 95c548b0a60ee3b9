/* In-memory zips for the unit tests (libzip writes them). */
#ifndef ES_TEST_ZIP_UTIL_H
#define ES_TEST_ZIP_UTIL_H

#include <stdlib.h>
#include <zip.h>

#include "tests/util.h"

struct test_zip_entry {
    const char *name;
    const void *data;
    size_t len;
    zip_int32_t method;   /* ZIP_CM_DEFAULT (libzip's choice: deflate), ZIP_CM_STORE, ... */
};

/* The zip of entries e[0, n), in that order; malloc'd, its size in *len. */
static inline unsigned char *test_zip_make(const struct test_zip_entry *e, size_t n, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *out = zip_source_buffer_create(NULL, 0, 0, &ze);
    assert_non_null(out);
    zip_source_keep(out);
    zip_t *za = zip_open_from_source(out, ZIP_TRUNCATE, &ze);
    assert_non_null(za);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *m = zip_source_buffer(za, e[i].data, e[i].len, 0);
        zip_int64_t idx = zip_file_add(za, e[i].name, m, 0);
        assert_true(idx >= 0);
        if (e[i].method != ZIP_CM_DEFAULT)
            assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)idx, e[i].method, 0), 0);
    }
    assert_int_equal(zip_close(za), 0);
    zip_stat_t st;
    assert_int_equal(zip_source_stat(out, &st), 0);
    unsigned char *bytes = malloc(st.size);
    assert_non_null(bytes);
    assert_int_equal(zip_source_open(out), 0);
    assert_int_equal(zip_source_read(out, bytes, st.size), (zip_int64_t)st.size);
    zip_source_close(out);
    zip_source_free(out);
    *len = st.size;
    return bytes;
}

/* The zip in p[0, len) opened read-only; p must outlive it. */
static inline zip_t *test_zip_open(const unsigned char *p, size_t len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(p, len, 0, &ze);
    assert_non_null(src);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    assert_non_null(za);
    return za;
}

#endif
