/*
 * The output ISA-L has decoded but not yet handed out. isal_inflate()
 * decodes ahead into its own buffer (up to 64 KiB past what the caller
 * asked for) and keeps it there when it then meets corrupt data: that is
 * the stream's text before the damage, read before the error is reported.
 * The two fields used here are ISA-L's (2.30) inflate_state internals; this
 * is the one place that reads them.
 */
#ifndef ES_ISAL_OUT_H
#define ES_ISAL_OUT_H

#include <isa-l/igzip_lib.h>
#include <string.h>

static inline size_t es_isal_pending(const struct inflate_state *st)
{
    return (size_t)(st->tmp_out_valid - st->tmp_out_processed);
}

/* Copy up to n pending bytes to buf; returns how many. */
static inline size_t es_isal_drain(struct inflate_state *st, void *buf, size_t n)
{
    size_t k = es_isal_pending(st);
    if (k > n)
        k = n;
    memcpy(buf, st->tmp_out_buffer + st->tmp_out_processed, k);
    st->tmp_out_processed += (int32_t)k;
    return k;
}

#endif
