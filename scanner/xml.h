/*
 * Shared helpers of the document extractors (OOXML, ODF, markup), internal.
 *
 * - es_xml_*: libxml2 streaming readers (xmlReaderForIO) over a zip member
 *   or an es_input, always with XML_PARSE_NONET | NOERROR | NOWARNING and
 *   never NOENT, DTDLOAD or HUGE (ClamAV's CLAMAV_MIN_XMLREADER_FLAGS): no
 *   network, no entity expansion, libxml2's own size limits in force.
 * - es_xout: where the text goes (the sink, or a hook in unit tests), with the
 *   per-document text cap (ES_LIMIT_TEXT_BYTES) and the tick.
 * - es_xblock: a block of lines being prepared as one chunk, with a table of
 *   spans mapping text offsets to locations ("Sheet1!C7", "table 1 row 2
 *   cell 3", "paragraph 4", "line 9", "slide 2").
 * - es_xtable: rows of cells to TSV lines with the header row as column
 *   context (spreadsheets and document tables).
 */
#ifndef ES_XML_H
#define ES_XML_H

#include <stddef.h>
#include <stdint.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#include "extract.h"

/* The parser options of every XML reader (see above). */
#define ES_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING)

/* Once per process, before any parser (libxml2 2.9's xmlInitParser is not
 * safe to race from worker threads); also silences libxml2's stderr output
 * on the calling thread. Call at the start of every run(). */
void es_xml_thread_init(void);

/* ---- Output ---- */

struct es_xout {
    struct es_sink *sink;   /* NULL in unit tests */
    /* Unit tests: receives every chunk when sink is NULL. */
    int (*hook)(void *ctx, const struct es_chunk *c);
    void *hook_ctx;
    uint64_t text_max;      /* ES_LIMIT_TEXT_BYTES */
    uint64_t text_used;
    int over;               /* the text cap was reached */
    int stop;               /* stop extracting: cap, deadline or the sink said so */
    int limit;              /* a size or ratio limit stopped a part */
    char why[192];          /* first reason extraction was partial, "" if none */
};

void es_xout_init(struct es_xout *o, struct es_sink *sink);
int es_xout_tick(struct es_xout *o);
/* Extraction lost something but goes on; the first reason is kept. */
void es_xout_partial(struct es_xout *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Report what happened to the record: limit status past the text cap or a
 * part limit, partial otherwise. Returns the status for run(). */
int es_xout_finish(struct es_xout *o, int status);

/* ---- Blocks of located lines ---- */

enum es_xloc {
    ES_XLOC_FIXED,   /* the prefix as is: "slide 3" */
    ES_XLOC_CELL,    /* prefix!<col a><row b>: "Sheet1!C7" */
    ES_XLOC_TABLE,   /* prefix + "table a row b cell c" */
    ES_XLOC_PARA,    /* prefix + "paragraph a" */
    ES_XLOC_LINE     /* "line a" */
};

struct es_xspan {
    size_t off;          /* the location holds from here to the next span */
    uint32_t a, b, c;
};

struct es_xblock {
    struct es_xout *out;
    struct es_buf text;
    struct es_xspan *span;
    size_t nspan, capspan;
    enum es_xloc kind;
    char prefix[200];
    /* Copied into the chunk. */
    char delim;
    const char *const *header;
    size_t nheader;
    const char *label;
    unsigned flags;
};

void es_xblock_init(struct es_xblock *b, struct es_xout *out, enum es_xloc kind);
void es_xblock_free(struct es_xblock *b);
void es_xblock_prefix(struct es_xblock *b, const char *prefix);
/* A new location starts at the current end of the text. */
int es_xblock_span(struct es_xblock *b, uint32_t a, uint32_t bb, uint32_t c);
/* Append UTF-8 text, normalised. field=1 keeps it inside one TSV field: tabs
 * and line breaks become spaces and '"' becomes '\'' (es_ctx_column counts
 * fields with CSV quoting). */
int es_xblock_add(struct es_xblock *b, const char *p, size_t n, int field);
int es_xblock_putc(struct es_xblock *b, char ch);
/* Emit the block as one chunk (if it holds any text) and empty it. Returns
 * ES_OK, or ES_STOP when scanning must stop (text cap, deadline). */
int es_xblock_flush(struct es_xblock *b);
/* Flush when the block has grown to a chunk's size. */
int es_xblock_maybe_flush(struct es_xblock *b);
/* Location of text offset off (tests and the chunk's locate). */
void es_xblock_locate(const struct es_xblock *b, size_t off, char *buf, size_t cap);

/* ---- Tables: rows of cells to TSV lines ---- */

/* Columns kept at their index for header alignment; cells further right are
 * appended after the last kept column (a sheet's real data sits in the first
 * few dozen columns; XFD1 must not make every row 16k tabs long). */
#define ES_XTABLE_COLS 256u

enum es_xhead {
    ES_XHEAD_GUESS,   /* spreadsheets: the first row with >= 2 text cells that are not numbers */
    ES_XHEAD_FIRST    /* document tables: the first row */
};

struct es_xtable {
    struct es_xblock blk;
    enum es_xhead mode;
    uint32_t table_no;      /* ES_XLOC_TABLE: table number */
    /* The row being built. */
    uint32_t row;           /* 1-based */
    uint32_t col;           /* next column (0-based) at its index in the line */
    size_t row_start;       /* offset of the row's line in blk.text */
    size_t row_span;        /* first span of the row */
    unsigned ntext, nnum;   /* text and number cells of the row */
    int long_cell;
    uint32_t rows_seen;     /* rows with content */
    /* The header row. */
    struct es_buf hbuf;
    const char **hdr;
    size_t nhdr;
    int have_header;
};

void es_xtable_init(struct es_xtable *t, struct es_xout *out, enum es_xloc kind, enum es_xhead mode,
                    const char *prefix, uint32_t table_no);
void es_xtable_free(struct es_xtable *t);
int es_xtable_row(struct es_xtable *t, uint32_t row);
/* A cell at 0-based column col of the current row; is_text: a string cell. */
int es_xtable_cell(struct es_xtable *t, uint32_t col, const char *p, size_t n, int is_text);
int es_xtable_end_row(struct es_xtable *t);
/* Flush what is left. */
int es_xtable_end(struct es_xtable *t);

/* Column letters of a 0-based column index ("A", "AB"); returns the length. */
size_t es_xcol_name(uint32_t col, char *buf, size_t cap);
/* 0-based column of a cell reference such as "C7" (-1 if none), row in *row (0 if none). */
int64_t es_xcell_ref(const char *ref, uint32_t *row);
/* A spreadsheet number as text: integers without exponent ("8.19012345678E11"
 * -> "819012345678"), others as written. Returns the length written to buf. */
size_t es_xnumber(const char *v, size_t n, char *buf, size_t cap);
/* 1 if text is a number (digits, sign, separators, decimal point, exponent). */
int es_xis_number(const char *p, size_t n);

/* ---- Readers ---- */

struct es_xsrc;

/* A reader over zip member idx; NULL (with a partial note) when the member
 * cannot be opened. The member is capped at ES_LIMIT_MEMBER_BYTES and the
 * expansion ratio, as es_input does for members. */
xmlTextReaderPtr es_xml_open_zip(struct es_xout *o, zip_t *z, zip_int64_t idx, struct es_xsrc **src);
/* A reader over an input (counted against the input's limits). */
xmlTextReaderPtr es_xml_open_input(struct es_xout *o, struct es_input *in, struct es_xsrc **src);
void es_xml_close(xmlTextReaderPtr r, struct es_xsrc *src);
/* Next node: 1, 0 at the end, ES_STOP (deadline, cap), or -1 on a parse
 * error (recorded as partial, naming part). */
int es_xml_next(struct es_xout *o, xmlTextReaderPtr r, struct es_xsrc *src, const char *part);
/* Value of the attribute with local name `local` (any namespace) of the
 * current element, copied to buf (truncated); NULL if absent. */
const char *es_xml_attr(xmlTextReaderPtr r, const char *local, char *buf, size_t cap);
/* Local name of the current node ("" if none). */
const char *es_xml_local(xmlTextReaderPtr r);

/* Walk a document with callbacks (NULL ones are skipped). Self-closing
 * elements get start and end. Returns when the document ends, on a parse
 * error (recorded as partial) or when o->stop is set. */
struct es_xwalk {
    void (*start)(void *ctx, xmlTextReaderPtr r, const char *local, int depth);
    void (*end)(void *ctx, const char *local, int depth);
    void (*text)(void *ctx, const char *p, size_t n, int line);
};
void es_xml_walk(struct es_xout *o, xmlTextReaderPtr r, struct es_xsrc *src, const char *part,
                 const struct es_xwalk *cb, void *ctx);
/* Open zip member `name` and walk it; 0 if there is no such member. */
int es_xml_walk_zip(struct es_xout *o, zip_t *z, const char *name, const struct es_xwalk *cb,
                    void *ctx);

/* ex_markup.c, for unit tests: extract HTML (html=1) or XML from a buffer. */
int es_markup_extract(struct es_xout *o, const void *data, size_t len, int html);

/* Zip helpers: index of a member by exact name, else case-insensitively; -1 if none. */
zip_int64_t es_zip_find(zip_t *z, const char *name);
/* Open the input as a zip (fd or memory); NULL with *err set. */
zip_t *es_zip_open_input(struct es_sink *sink, struct es_input *in, int *err, char *msg, size_t cap);

#endif
