/*
 * Extractors (internal). An extractor bids on an input it may understand and,
 * when chosen, turns it into text chunks (to the detectors) and members (to
 * the same machinery, one path level deeper), all through the sink. The core
 * enforces limits in one place (es_sink_member, es_input_read); extractors
 * only report what they find.
 */
#ifndef ES_EXTRACT_H
#define ES_EXTRACT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../detectors/detector.h"
#include "buf.h"
#include "input.h"

struct es_sink;

/* What the sniffer learnt about an input; extractors bid on it. */
struct es_sniff {
    const char *mime;             /* libmagic MIME type, e.g. "application/zip" */
    const char *desc;             /* libmagic description */
    const unsigned char *head;    /* first bytes */
    size_t head_len;
    int text;                     /* es_looks_text(head, head_len) */
    const char *ext;              /* lower-case extension without dot ("" if none) */
    uint64_t size;                /* ES_SIZE_UNKNOWN if not known */
    int depth;                    /* 0 for top-level files */
    char mime_buf[128];           /* storage behind mime and ext: libmagic's */
    char ext_buf[16];             /* string is overwritten by nested sniffs */
};

#define ES_EX_CONTAINER 1u  /* yields members */
/* STYLE.md's ES_EX_BLOWUP is not needed: the core applies the byte and ratio
 * caps to every member stream (es_budget in es_input_read), whichever
 * extractor made it, so no extractor can opt out by forgetting a flag. */
/* Reads its input whole (es_input_load). For such containers below the top
 * the core loads the member first and skips an exact copy of one already
 * scanned in the same file: recursive copies (zip of nine copies of a zip of
 * nine copies...) would otherwise grow exponentially. */
#define ES_EX_RANDOM 4u

struct es_extractor {
    const char *name;
    unsigned flags;
    /* 0 = not mine, higher = surer. The highest bid wins; ties go to the
     * earlier registry entry. */
    int (*bid)(const struct es_sniff *s);
    /* Emit chunks and members; return ES_OK or an error (es_sink_fail()). */
    int (*run)(struct es_sink *sink, struct es_input *in, const struct es_sniff *s);
};

extern const struct es_extractor *const es_extractors[];
extern const size_t es_nextractors;
/* Highest bidder; never NULL (the text/binary extractors bid on anything). */
const struct es_extractor *es_extractor_choose(const struct es_sniff *s);

/* Heads that are text: no control bytes but layout ones (legacy encodings
 * included), or UTF-16 without a BOM. */
int es_looks_text(const unsigned char *p, size_t n);
int es_looks_utf16(const unsigned char *p, size_t n);
/* The type name of text with this extension ("csv", "json", ...; "txt"). */
const char *es_text_type(const char *ext);

/* ---- The sink: what extractors call ---- */

/* Detect the encoding of in (BOM, heuristics; hint is a charset name from the
 * container, such as a MIME charset, or NULL), decode, normalise, cut into
 * line chunks and scan them. where/flags are copied into every chunk; a
 * tabular file gets its header row as column context when `tabular` is set. */
struct es_text_opts {
    const char *charset;   /* hint, or NULL */
    const char *where;     /* location prefix, or NULL for "line:col" */
    unsigned flags;        /* ES_LOC_LINES, ES_CHUNK_PROSE */
    int tabular;           /* 1: CSV/TSV, find the header row and delimiter */
    const char *label;     /* chunk label, or NULL */
};
int es_sink_text(struct es_sink *s, struct es_input *in, const struct es_text_opts *o);

/* Scan text that is already UTF-8 (invalid bytes are replaced); normalised on
 * a copy, cut into chunks if long. Locations as in es_text_opts. */
int es_sink_utf8(struct es_sink *s, const char *text, size_t len, const struct es_text_opts *o);

/* Scan one prepared chunk (text must be valid, normalised UTF-8). Extractors
 * with their own locations (xlsx cells) use this; es_normalize() prepares text. */
int es_sink_chunk(struct es_sink *s, const struct es_chunk *c);

/* A member: a new record one path level deeper, sniffed and extracted in
 * turn. Depth, member count and byte limits are checked here; past one the
 * member gets status "limit". Returns ES_OK, or ES_STOP when the whole input
 * must stop (deadline, interrupt, input byte limit). */
int es_sink_member(struct es_sink *s, const char *name, size_t name_len, struct es_input *in);

/* A member that cannot be read gets a record all the same. */
int es_sink_member_status(struct es_sink *s, const char *name, size_t name_len,
                          enum es_rec_status st, const char *reason);

/* The whole input in memory within the load-bytes limit (es_input_load).
 * On failure the record gets the reason ("<what> larger than the load-bytes
 * limit", read error) and the status is returned for `return`. */
int es_sink_load(struct es_sink *s, struct es_input *in, const char *what,
                 const unsigned char **p, size_t *len);

/* Record an error on the current record; returns status for `return es_sink_fail(...)`.
 * ES_ERR_ENCRYPTED gives status "encrypted", ES_ERR_LIMIT "limit", others "error". */
int es_sink_fail(struct es_sink *s, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Extraction was partial but what could be read was scanned. */
void es_sink_partial(struct es_sink *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Refine the record's type ("xlsx" for a zip that is a workbook) or encoding. */
void es_sink_set_type(struct es_sink *s, const char *type);
void es_sink_set_encoding(struct es_sink *s, const char *encoding);
/* Call in loops: returns ES_OK, or ES_STOP past the deadline or on interrupt
 * (it reads the clock every 4096th call, as YARA's scanner does). */
int es_sink_tick(struct es_sink *s);
/* A limit in force (enum es_limit in exposcan/scan.h). */
uint64_t es_sink_limit(const struct es_sink *s, enum es_limit which);

/* ---- Text decoding (decode.c) ---- */

/* Canonical names: "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "shift_jis",
 * "euc-jp", "iso-2022-jp", "windows-1252". Detects from the first bytes; hint
 * (a charset label such as "ISO-2022-JP" or "cp932") wins when it is known. */
const char *es_detect_encoding(const unsigned char *head, size_t len, const char *hint);
/* Map a charset label to a canonical name, NULL if unknown. */
const char *es_encoding_canonical(const char *label);

struct es_decoder;
int es_decoder_open(struct es_decoder **d, const char *encoding);
/* Decode in[0, inlen) and append normalised UTF-8 to out; an incomplete
 * sequence at the end is kept for the next call (final=1 flushes it as
 * U+FFFD). Invalid input becomes U+FFFD; output is always valid UTF-8. */
int es_decoder_feed(struct es_decoder *d, const unsigned char *in, size_t inlen, int final,
                    struct es_buf *out);
void es_decoder_free(struct es_decoder *d);
/* In place: valid UTF-8 in, normalised valid UTF-8 out (never longer);
 * invalid bytes become U+FFFD only if there is room, else '?'. Returns the new length. */
size_t es_normalize(char *text, size_t len);

#endif
