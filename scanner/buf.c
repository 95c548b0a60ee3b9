/* Growable buffers with a cap fixed at creation. */
#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exposcan/exposcan.h"

void es_buf_init(struct es_buf *b, size_t max)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->max = max;
}

int es_buf_reserve(struct es_buf *b, size_t extra)
{
    /* +1 keeps room for a terminating NUL. */
    if (extra > b->max || b->len > b->max - extra)
        return ES_ERR_LIMIT;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return ES_OK;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    /* max + 1 would wrap to 0 for an unbounded buffer (max = SIZE_MAX). */
    if (b->max < SIZE_MAX && cap > b->max + 1)
        cap = b->max + 1;
    char *p = realloc(b->data, cap);
    if (!p)
        return ES_ERR_NOMEM;
    b->data = p;
    b->cap = cap;
    return ES_OK;
}

int es_buf_append(struct es_buf *b, const void *p, size_t n)
{
    int rc = es_buf_reserve(b, n);
    if (rc != ES_OK)
        return rc;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return ES_OK;
}

int es_buf_putc(struct es_buf *b, char c)
{
    return es_buf_append(b, &c, 1);
}

int es_buf_append_str(struct es_buf *b, const char *s)
{
    return es_buf_append(b, s, strlen(s));
}

int es_buf_printf(struct es_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return ES_ERR_ARG;
    int rc = es_buf_reserve(b, (size_t)n);
    if (rc != ES_OK)
        return rc;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ES_OK;
}

void es_buf_consume(struct es_buf *b, size_t n)
{
    if (n >= b->len) {
        b->len = 0;
    } else {
        memmove(b->data, b->data + n, b->len - n);
        b->len -= n;
    }
    if (b->data)
        b->data[b->len] = '\0';
}

void es_buf_free(struct es_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
