/*
 * JSON output helpers: strings of arbitrary bytes made into valid JSON in
 * valid UTF-8, losslessly.
 */
#ifndef ES_JSON_OUT_H
#define ES_JSON_OUT_H

#include "report.h"

#include <stddef.h>
#include <stdint.h>

/**
 * Append s[0..len) as a quoted JSON string. Valid UTF-8 is copied; each byte
 * that is not part of a valid sequence becomes the lone surrogate
 * \udc80-\udcff (PEP 383 "surrogateescape", so Python's os.fsencode() gives
 * the original bytes back); control characters become \u00XX (or \n, \t, ...)
 * and U+2028/U+2029 are escaped for JavaScript consumers.
 */
void es_json_str(struct es_rbuf *b, const char *s, size_t len);
/** es_json_str() of a NUL-terminated string; NULL gives null. */
void es_json_cstr(struct es_rbuf *b, const char *s);
void es_json_u64(struct es_rbuf *b, uint64_t v);
/** A finite number with a fixed number of decimals (non-finite gives 0). */
void es_json_fixed(struct es_rbuf *b, double v, int decimals);

/**
 * Length of the valid UTF-8 sequence at s (at most n bytes available), or 0
 * when s[0] does not start one. Overlong forms, surrogates and code points
 * above U+10FFFF are invalid, as in Python's decoder. Also used by the text
 * reporter to sanitise names for the terminal.
 * @param cp receives the code point when valid (may be NULL)
 */
size_t es_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp);

#endif
