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

/* Number of '\n' in t[0, n). */
size_t es_count_newlines(const char *t, size_t n);

/* Move the position (*line, *col) of t[0] to that of t[n]. */
void es_linecol_advance(const char *t, size_t n, uint64_t *line, uint64_t *col);

#endif
