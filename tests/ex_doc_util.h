/*
 * Helpers for the document extractor tests (test_ex_ooxml, test_ex_odf,
 * test_ex_markup): build small zip packages in a temporary file, run an
 * extractor into an es_xout whose hook records every chunk, and probe where
 * given strings landed (location, column context, label).
 */
#ifndef ES_TEST_EX_DOC_UTIL_H
#define ES_TEST_EX_DOC_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "tests/util.h"
#include "scanner/xml.h"

struct doc_probe {
    const char *needle;
    int found;
    char where[160];
    char column[160];   /* es_ctx_column: header of its field, else the chunk label */
};

#define DOC_MAX_PROBES 32

struct doc_capture {
    struct doc_probe probe[DOC_MAX_PROBES];
    size_t nprobe;
    char *all;          /* every chunk's text, each followed by '\n' */
    size_t all_len;
    size_t nchunks;
};

static struct doc_capture cap;

static inline void doc_reset(void)
{
    free(cap.all);
    memset(&cap, 0, sizeof cap);
}

static inline void doc_probe(const char *needle)
{
    assert_true(cap.nprobe < DOC_MAX_PROBES);
    cap.probe[cap.nprobe++].needle = needle;
}

static inline int doc_hook(void *ctx, const struct es_chunk *c)
{
    (void)ctx;
    cap.nchunks++;
    char *n = realloc(cap.all, cap.all_len + c->len + 2);
    assert_non_null(n);
    cap.all = n;
    memcpy(cap.all + cap.all_len, c->text, c->len);
    cap.all_len += c->len;
    cap.all[cap.all_len++] = '\n';
    cap.all[cap.all_len] = '\0';
    for (size_t i = 0; i < cap.nprobe; i++) {
        struct doc_probe *p = &cap.probe[i];
        if (p->found)
            continue;
        const char *hit = memmem(c->text, c->len, p->needle, strlen(p->needle));
        if (!hit)
            continue;
        size_t off = (size_t)(hit - c->text);
        p->found = 1;
        if (c->locate)
            c->locate(c, off, p->where, sizeof p->where);
        const char *col = es_ctx_column(c, off);
        snprintf(p->column, sizeof p->column, "%s", col ? col : "");
    }
    return ES_OK;
}

static inline void doc_out(struct es_xout *o)
{
    es_xout_init(o, NULL);
    o->hook = doc_hook;
}

static inline const struct doc_probe *doc_get(const char *needle)
{
    for (size_t i = 0; i < cap.nprobe; i++)
        if (strcmp(cap.probe[i].needle, needle) == 0)
            return &cap.probe[i];
    fail_msg("no probe %s", needle);
    return NULL;
}

#define assert_probe(needle, where_expected, column_expected)                         \
    do {                                                                              \
        const struct doc_probe *p_ = doc_get(needle);                                 \
        if (!p_->found)                                                               \
            fail_msg("\"%s\" not extracted; text:\n%s", (needle), cap.all ? cap.all : ""); \
        assert_string_equal(p_->where, (where_expected));                             \
        if ((column_expected) != NULL)                                                \
            assert_string_equal(p_->column, (const char *)(column_expected));         \
    } while (0)

static inline int doc_has(const char *s)
{
    return cap.all && strstr(cap.all, s) != NULL;
}

/* A zip of (name, content) pairs, NULL-terminated, opened for reading. */
static inline zip_t *doc_zip(const char *const *entries)
{
    char path[] = "/tmp/es_test_doc_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    int err = 0;
    zip_t *w = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
    assert_non_null(w);
    for (size_t i = 0; entries[i]; i += 2) {
        zip_source_t *s = zip_source_buffer(w, entries[i + 1], strlen(entries[i + 1]), 0);
        assert_non_null(s);
        assert_true(zip_file_add(w, entries[i], s, ZIP_FL_OVERWRITE) >= 0);
    }
    assert_int_equal(zip_close(w), 0);
    zip_t *r = zip_open(path, ZIP_RDONLY, &err);
    assert_non_null(r);
    unlink(path);
    return r;
}

#endif
