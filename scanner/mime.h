/* MIME decoding helpers for the mail extractor: transfer encodings, RFC 2047
 * encoded words, header parameters. Pure functions over memory. */
#ifndef ES_MIME_H
#define ES_MIME_H

#include <stddef.h>

#include "buf.h"

/* Append decoded bytes to out; invalid input is skipped, never an error. */
int es_base64_decode(const char *in, size_t len, struct es_buf *out);
int es_qp_decode(const char *in, size_t len, int header, struct es_buf *out);
/* Decode a header value: unfolds, decodes =?charset?B|Q?...?= words to UTF-8
 * (whitespace between adjacent encoded words is dropped), other bytes kept. */
int es_rfc2047_decode(const char *in, size_t len, struct es_buf *out);
/* Parameter `name` of a header value (`text/plain; charset="x"`), unquoted,
 * RFC 2231 `name*=charset''pct-encoded` decoded; 0 if absent. */
int es_mime_param(const char *value, size_t len, const char *name, struct es_buf *out);

#endif
