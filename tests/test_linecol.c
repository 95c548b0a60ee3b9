/*
 * Line and column counting (scanner/linecol.c) against a byte-by-byte walk,
 * on text mixing ASCII, line breaks and multi-byte characters, from every
 * start offset and length (the SIMD blocks and their scalar tails).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "scanner/linecol.h"

static void walk(const char *t, size_t n, uint64_t *line, uint64_t *col)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch == '\n') {
            ++*line;
            *col = 1;
        } else if ((ch & 0xC0) != 0x80) {
            ++*col;
        }
    }
}

static void test_against_walk(void **state)
{
    (void)state;
    /* Pieces chosen so that 16-byte blocks start inside characters, hold
     * several line breaks, or none at all. */
    static const char *const pieces[] = {"a", "\n", "顧客", "〒100-0001", "Ω", "\n\n", "𠮷", "text ", "ー"};
    char text[700];
    size_t len = 0;
    unsigned seed = 7;
    while (len < sizeof text - 8) {
        seed = seed * 1103515245u + 12345u;
        const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
        size_t pl = strlen(p);
        if (len + pl >= sizeof text)
            break;
        memcpy(text + len, p, pl);
        len += pl;
    }
    for (size_t s = 0; s < 40; s++) {
        for (size_t n = 0; s + n <= len; n++) {
            size_t nl = 0;
            for (size_t i = s; i < s + n; i++)
                nl += text[i] == '\n';
            assert_int_equal(es_count_newlines(text + s, n), nl);
            uint64_t line = 3, col = 5, wline = 3, wcol = 5;
            es_linecol_advance(text + s, n, &line, &col);
            walk(text + s, n, &wline, &wcol);
            assert_int_equal(line, wline);
            assert_int_equal(col, wcol);
        }
    }
    /* The line index (more than two blocks of it) from every start to
     * every end. */
    static struct es_line_index ix;
    es_line_index_build(&ix, text, len);
    for (size_t from = 0; from <= len; from += from < 40 ? 1 : 7) {
        for (size_t to = from; to <= len; to++) {
            uint64_t line = 3, col = 5, wline = 3, wcol = 5;
            es_line_index_advance(&ix, from, to, &line, &col);
            walk(text + from, to - from, &wline, &wcol);
            assert_int_equal(line, wline);
            assert_int_equal(col, wcol);
        }
        assert_int_equal(es_line_index_count(&ix, from), es_count_newlines(text, from));
        for (size_t to = from; to <= len; to++)
            assert_int_equal(es_line_index_between(&ix, from, to), es_count_newlines(text + from, to - from));
    }
}

static void test_examples(void **state)
{
    (void)state;
    uint64_t line = 1, col = 1;
    es_linecol_advance("ab\n氏名: 山田", strlen("ab\n氏名: 山田"), &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 7);
    line = col = 1;
    es_linecol_advance("", 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    assert_int_equal(es_count_newlines("\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\nx", 18), 17);
    /* Longer than the 255 blocks a byte counter holds (SSE2), and than the
     * 63 steps of 128 bytes (AVX2): every lane counts a byte each time. */
    enum { BIG = 15000 };
    static char big[3 * BIG + 1];
    memset(big, '\n', BIG);
    for (size_t n = BIG - 300; n <= BIG; n++)
        assert_int_equal(es_count_newlines(big, n), n);
    for (size_t i = 0; i < BIG; i++)
        memcpy(big + 3 * i, "ー", 3);
    line = col = 1;
    es_linecol_advance(big, 3 * BIG, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, BIG + 1);
}

/* A text longer than the index covers (an XML chunk may be): offsets past
 * its end are counted from there, or over the distance asked. */
static void test_index_past_end(void **state)
{
    (void)state;
    static char text[ES_CHUNK_MAX + 5000];
    static struct es_line_index ix;
    for (size_t i = 0; i < sizeof text; i++)
        text[i] = i % 7 == 3 ? '\n' : 'a';
    es_line_index_build(&ix, text, sizeof text);
    static const size_t offs[] = {0, 1, 255, 256, ES_CHUNK_MAX - 1, ES_CHUNK_MAX, ES_CHUNK_MAX + 1,
                                  ES_CHUNK_MAX + 300, ES_CHUNK_MAX + 4999, ES_CHUNK_MAX + 5000};
    for (size_t a = 0; a < sizeof offs / sizeof *offs; a++) {
        assert_int_equal(es_line_index_count(&ix, offs[a]), es_count_newlines(text, offs[a]));
        for (size_t b = a; b < sizeof offs / sizeof *offs; b++) {
            assert_int_equal(es_line_index_between(&ix, offs[a], offs[b]),
                             es_count_newlines(text + offs[a], offs[b] - offs[a]));
            uint64_t line = 1, col = 1, wline = 1, wcol = 1;
            es_line_index_advance(&ix, offs[a], offs[b], &line, &col);
            es_linecol_advance(text + offs[a], offs[b] - offs[a], &wline, &wcol);
            assert_int_equal(line, wline);
            assert_int_equal(col, wcol);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_against_walk),
        cmocka_unit_test(test_examples),
        cmocka_unit_test(test_index_past_end),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
