/* Growable byte buffers with a cap set at creation (curl dynbuf's `toobig`). */
#ifndef ES_BUF_H
#define ES_BUF_H

#include <stddef.h>

struct es_buf {
    char *data;
    size_t len;
    size_t cap;   /* allocated */
    size_t max;   /* never grows past this; appends beyond fail with ES_ERR_LIMIT */
};

void es_buf_init(struct es_buf *b, size_t max);
int es_buf_reserve(struct es_buf *b, size_t extra);
int es_buf_append(struct es_buf *b, const void *p, size_t n);
int es_buf_putc(struct es_buf *b, char c);
/* Append and keep a terminating NUL after len (not counted). */
int es_buf_append_str(struct es_buf *b, const char *s);
int es_buf_printf(struct es_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Drop the first n bytes. */
void es_buf_consume(struct es_buf *b, size_t n);
void es_buf_free(struct es_buf *b);

#endif
