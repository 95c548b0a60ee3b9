/* The report: reporter lookup, the render buffer and checked output. */
#include "report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* One rendered record never legitimately comes near this: paths are bounded by
 * the container depth and a record keeps 3 examples per detector. The cap
 * stops a runaway (curl dynbuf's `toobig`). */
#define RBUF_MAX (64u * 1024u * 1024u)
/* First allocation: a typical record fits. */
#define RBUF_MIN 1024u

static int rbuf_reserve(struct es_rbuf *b, size_t more)
{
    if (b->failed)
        return -1;
    if (more <= b->cap - b->len)
        return 0;
    if (more > RBUF_MAX - b->len) {
        b->failed = 1;
        return -1;
    }
    size_t cap = b->cap ? b->cap : RBUF_MIN;
    while (cap - b->len < more)
        cap *= 2;
    if (cap > RBUF_MAX)
        cap = RBUF_MAX;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->failed = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void es_rbuf_free(struct es_rbuf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

void es_rbuf_put(struct es_rbuf *b, const void *data, size_t len)
{
    if (len == 0 || rbuf_reserve(b, len) != 0)
        return;
    memcpy(b->data + b->len, data, len);
    b->len += len;
}

void es_rbuf_puts(struct es_rbuf *b, const char *s)
{
    es_rbuf_put(b, s, strlen(s));
}

void es_rbuf_putc(struct es_rbuf *b, char c)
{
    es_rbuf_put(b, &c, 1);
}

void es_rbuf_printf(struct es_rbuf *b, const char *fmt, ...)
{
    char small[128];   /* numbers and short labels fit without a second pass */
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if ((size_t)n < sizeof small) {
        es_rbuf_put(b, small, (size_t)n);
        return;
    }
    if (rbuf_reserve(b, (size_t)n + 1) != 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const struct es_reporter *es_reporter_find(const char *name)
{
    static const struct es_reporter *const all[] = {&es_rp_text, &es_rp_jsonl, &es_rp_json};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}

void es_report_init(struct es_report *rp, const struct es_reporter *ops, FILE *out,
                    const char *out_name)
{
    memset(rp, 0, sizeof *rp);
    rp->ops = ops;
    rp->out = out;
    rp->out_name = out_name;
}

static void fail(struct es_report *rp, int err)
{
    if (!rp->failed) {
        rp->failed = 1;
        rp->err = err;
    }
}

int es_report_flush_buf(struct es_report *rp)
{
    struct es_rbuf *b = &rp->buf;
    if (b->failed) {
        fail(rp, ENOMEM);
        b->failed = 0;
        b->len = 0;
        return -1;
    }
    if (rp->failed) {
        b->len = 0;
        return -1;
    }
    errno = 0;
    if (b->len && fwrite(b->data, 1, b->len, rp->out) != b->len) {
        fail(rp, errno ? errno : EIO);
        b->len = 0;
        return -1;
    }
    b->len = 0;
    return 0;
}

int es_report_close(struct es_report *rp)
{
    if (!rp->out)
        return rp->failed ? -1 : 0;
    errno = 0;
    if (fflush(rp->out) != 0 || ferror(rp->out))
        fail(rp, errno ? errno : EIO);
    errno = 0;
    if (fclose(rp->out) != 0)
        fail(rp, errno ? errno : EIO);
    rp->out = NULL;
    es_rbuf_free(&rp->buf);
    return rp->failed ? -1 : 0;
}

const char *es_report_error(const struct es_report *rp)
{
    return rp->err ? strerror(rp->err) : "unknown error";
}
