/*
 * Runs of text in binary data, as strings(1) finds them, for the binary
 * fallback extractor (ex_binary.c): printable ASCII / valid UTF-8 runs and
 * UTF-16LE runs (at even and odd offsets), streamed block by block.
 * (Not named strings.h: that would shadow the POSIX header.)
 */
#ifndef ES_TEXTRUNS_H
#define ES_TEXTRUNS_H

#include <stddef.h>
#include <stdint.h>

/* Shortest run reported: 6 bytes (8-bit) or 6 code units (UTF-16LE); 4 (the
 * strings(1) default) floods the output with noise from random bytes, and
 * the shortest values we look for (a 6-digit postcode, "a@b.jp") have 6. */
#define ES_RUN_MIN 6
/* Longest piece of a run handed out at once; longer runs are cut into
 * pieces (each with its own offset). */
#define ES_RUN_MAX (16u * 1024u)

/* One run: its file offset and its text as valid UTF-8 (not normalised).
 * Return 0 to go on, anything else to stop (returned by feed/finish). */
typedef int (*es_run_fn)(void *ctx, uint64_t off, const char *utf8, size_t len);

struct es_textruns;

/* Returns es_status. */
int es_textruns_new(struct es_textruns **tr, es_run_fn fn, void *ctx);
/* The next n bytes of the stream. Returns 0 or the callback's stop value. */
int es_textruns_feed(struct es_textruns *tr, const unsigned char *p, size_t n);
/* End of stream: report the runs still open. */
int es_textruns_finish(struct es_textruns *tr);
void es_textruns_free(struct es_textruns *tr);

#endif
