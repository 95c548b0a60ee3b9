/*
 * The progress line: on a terminal, one stderr line (files, bytes, rate,
 * current path) redrawn by a thread at most 10 times a second, cleared at
 * the end. Callers decide whether to start it (isatty, --quiet).
 */
#ifndef ES_PROGRESS_H
#define ES_PROGRESS_H

#include "exposcan/exposcan.h"

struct es_progress_line;

/**
 * Start redrawing the progress of sc on fd.
 * @return the line, or NULL when it could not start (the scan goes on without)
 */
struct es_progress_line *es_progress_start(struct es_scanner *sc, int fd);
/** Clear the line and stop redraws until es_progress_release(), so a report
 *  written to the same terminal is not mixed with it. NULL is allowed. */
void es_progress_hold(struct es_progress_line *p);
void es_progress_release(struct es_progress_line *p);
/** Stop the thread, clear the line and free it. NULL is allowed. */
void es_progress_stop(struct es_progress_line *p);

#endif
