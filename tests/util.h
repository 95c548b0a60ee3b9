/* Shared helpers for the cmocka unit tests. */
#ifndef ES_TEST_UTIL_H
#define ES_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/detect.h"

#define ES_TEST_MAX_HITS 64

/* Hits of detector `id` on plain text (located by line:col). */
static inline size_t es_test_hits(const char *id, const char *text, struct es_test_hit *out)
{
    int det = es_detector_index(id, strlen(id));
    assert_true(det >= 0);
    struct es_chunk c = es_chunk_plain(text);
    return es_detect_collect(det, &c, out, ES_TEST_MAX_HITS);
}

/* Number of hits of detector `id` in text. */
static inline size_t es_test_count(const char *id, const char *text)
{
    struct es_test_hit h[ES_TEST_MAX_HITS];
    return es_test_hits(id, text, h);
}

/* Assert that `id` finds exactly one value in text and that it normalises to norm. */
#define assert_one_hit(id, text, norm_expected)                  \
    do {                                                         \
        struct es_test_hit h_[ES_TEST_MAX_HITS];                 \
        size_t n_ = es_test_hits((id), (text), h_);              \
        if (n_ != 1)                                             \
            fail_msg("%s: %zu hits in \"%s\"", (id), n_, (text)); \
        assert_string_equal(h_[0].norm, (norm_expected));        \
    } while (0)

#define assert_no_hit(id, text)                                   \
    do {                                                          \
        size_t n_ = es_test_count((id), (text));                  \
        if (n_ != 0)                                              \
            fail_msg("%s: %zu hits in \"%s\"", (id), n_, (text)); \
    } while (0)

#endif
