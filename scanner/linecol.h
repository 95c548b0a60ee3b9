/*
 * Line and column counting over normalised UTF-8 text: lines at '\n',
 * columns in code points (bytes that are not UTF-8 continuation bytes).
 * Report locations and record grouping count over whole chunks, so these
 * look at sixteen bytes at a time.
 */
#ifndef ES_LINECOL_H
#define ES_LINECOL_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"

/* Number of '\n' in t[0, n). */
size_t es_count_newlines(const char *t, size_t n);

/* Move the position (*line, *col) of t[0] to that of t[n]. */
void es_linecol_advance(const char *t, size_t n, uint64_t *line, uint64_t *col);

/* A chunk's newline counts per block of ES_LINE_BLOCK bytes, so that the
 * line of any offset costs at most a block's count: the hits' grouping,
 * their examples' locations, the staff markers and the chunker's next
 * position each asked for lines over the whole chunk before. Chunks are
 * at most ES_CHUNK_MAX bytes; offsets past what a longer text's index
 * covers are counted from its last block. */
#define ES_LINE_BLOCK 256u
#define ES_LINE_BLOCKS (ES_CHUNK_MAX / ES_LINE_BLOCK)

struct es_line_index {
    const char *text;
    size_t len;
    size_t nblocks;                     /* whole blocks indexed */
    uint32_t pre[ES_LINE_BLOCKS + 1];   /* pre[k]: '\n' in text[0, k * ES_LINE_BLOCK) */
};

/* Index t[0, n). */
void es_line_index_build(struct es_line_index *ix, const char *t, size_t n);

/* Number of '\n' in text[0, off), off <= len; past the index's end it
 * counts from there (es_line_index_between() does not). */
uint64_t es_line_index_count(const struct es_line_index *ix, size_t off);

/* Number of '\n' in text[from, to), from <= to <= len. */
uint64_t es_line_index_between(const struct es_line_index *ix, size_t from, size_t to);

/* Move the position (*line, *col) of text[from] to that of text[to],
 * from <= to <= len: es_linecol_advance() with the index. */
void es_line_index_advance(const struct es_line_index *ix, size_t from, size_t to, uint64_t *line,
                           uint64_t *col);

#endif
