/* Staff context for the risk verdict (internal; see staffctx.c). */
#ifndef ES_STAFFCTX_H
#define ES_STAFFCTX_H

#include <stddef.h>
#include <stdint.h>

#include "../detectors/detector.h"
#include "linecol.h"

/* 1 if the tabular chunk c is an employee directory (extension, department,
 * employee-number or job-title columns, no customer column). */
int es_staff_table(const struct es_chunk *c);

/* Lines of c (0-based, counted from the chunk's first byte) holding an
 * internal extension ("内線 2687", "ext. 412"), ascending; at most max are
 * written. Returns how many. ix is c's line index. */
size_t es_staff_marker_lines(const struct es_chunk *c, const struct es_line_index *ix,
                             uint64_t *lines, size_t max);

#endif
