/*
 * OpenDocument (ods, odt, odp, odg; StarOffice 6 sx* alike): content.xml and
 * the headers and footers in styles.xml, streamed with libxml2's reader.
 *
 * Locations: ods "Sheet1!C7"; odt "paragraph N" and "table T row R cell C"
 * (as docx, see ex_ooxml.c); odp/odg "slide N"; styles.xml "header
 * paragraph N" / "footer paragraph N". Elements are matched by local name,
 * so the OpenOffice.org 1.x namespaces work too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "ooxml.h"
#include "xml.h"

/* Spaces from <text:s text:c="N"/>: enough to keep words apart. */
#define MAX_SPACES 8u
/* A cell's text (ODF sets no limit; Calc's own is 32767 characters). */
#define CELL_MAX_BYTES (1u * ES_MIB)
/* Columns advanced by one repeated cell (Calc's widest sheet is 16384). */
#define MAX_COLUMNS 16384u

enum body { BODY_NONE, BODY_SHEET, BODY_TEXT, BODY_SLIDES };

struct odf_state {
    struct es_xout *o;
    int styles;               /* styles.xml: only headers and footers */
    int in_hf;                /* inside style:header / style:footer */
    enum body body;
    struct es_xblock para;    /* paragraphs outside tables */
    uint32_t npara, nslide, ntable;
    /* Tables (sheets) */
    int tdepth;
    struct es_xtable t;
    uint32_t row, col, col_rep, row_rep;
    int cell_open;
    int cell_text;            /* value type is string (or absent) */
    char value[64];           /* office:value of a numeric cell */
    struct es_buf cellbuf;
    int cell_para;
    int in_p;                 /* depth of text:p / text:h nesting */
};

static uint32_t attr_u32(xmlTextReaderPtr r, const char *local, uint32_t def, uint32_t max)
{
    char buf[32];
    if (!es_xml_attr(r, local, buf, sizeof buf))
        return def;
    char *end = NULL;
    unsigned long v = strtoul(buf, &end, 10);
    if (end == buf || v == 0)
        return def;
    return v > max ? max : (uint32_t)v;
}

static void put(struct odf_state *s, const char *p, size_t n)
{
    if (s->styles && !s->in_hf)
        return;
    if (s->tdepth > 0) {
        (void)es_buf_append(&s->cellbuf, p, n);   /* past the cap the cell is cut */
    } else if (es_xblock_add(&s->para, p, n, 0) != ES_OK) {
        s->o->stop = 1;
    }
}

static void odf_start(void *ctx, xmlTextReaderPtr r, const char *local, int depth)
{
    (void)depth;
    struct odf_state *s = ctx;
    char buf[200];
    if (strcmp(local, "spreadsheet") == 0) {
        s->body = BODY_SHEET;
    } else if (strcmp(local, "text") == 0 && s->body == BODY_NONE && !s->styles) {
        s->body = BODY_TEXT;
    } else if (strcmp(local, "presentation") == 0 || strcmp(local, "drawing") == 0) {
        s->body = BODY_SLIDES;
        s->para.kind = ES_XLOC_FIXED;
    } else if (s->styles && (strncmp(local, "header", 6) == 0 || strncmp(local, "footer", 6) == 0) &&
               strstr(local, "style") == NULL) {
        s->in_hf = 1;
        es_xblock_prefix(&s->para, local[0] == 'h' ? "header " : "footer ");
    } else if (strcmp(local, "page") == 0 && s->body == BODY_SLIDES) {
        if (es_xblock_flush(&s->para) != ES_OK)
            s->o->stop = 1;
        snprintf(buf, sizeof buf, "slide %u", ++s->nslide);
        es_xblock_prefix(&s->para, buf);
    } else if (strcmp(local, "table") == 0 && !s->styles) {
        if (s->tdepth++ == 0) {
            if (es_xblock_flush(&s->para) != ES_OK)
                s->o->stop = 1;
            s->ntable++;
            if (s->body == BODY_SHEET) {
                if (!es_xml_attr(r, "name", buf, sizeof buf))
                    snprintf(buf, sizeof buf, "Sheet%u", s->ntable);
                es_xtable_init(&s->t, s->o, ES_XLOC_CELL, ES_XHEAD_GUESS, buf, 0);
            } else {
                es_xtable_init(&s->t, s->o, ES_XLOC_TABLE, ES_XHEAD_FIRST, "", s->ntable);
            }
            s->row = 0;
        }
    } else if (s->tdepth == 1 && strcmp(local, "table-row") == 0) {
        /* Repeated rows: the content once, the row numbers all counted. */
        s->row_rep = attr_u32(r, "number-rows-repeated", 1, UINT32_MAX / 2);
        s->col = 0;
        if (es_xtable_row(&s->t, s->row + 1) != ES_OK)
            s->o->stop = 1;
    } else if (s->tdepth == 1 &&
               (strcmp(local, "table-cell") == 0 || strcmp(local, "covered-table-cell") == 0)) {
        s->cell_open = 1;
        s->col_rep = attr_u32(r, "number-columns-repeated", 1, MAX_COLUMNS);
        s->cellbuf.len = 0;
        s->cell_para = 0;
        s->value[0] = '\0';
        s->cell_text = 1;
        if (es_xml_attr(r, "value-type", buf, sizeof buf) && strcmp(buf, "string") != 0) {
            s->cell_text = 0;
            if (strcmp(buf, "float") == 0 || strcmp(buf, "currency") == 0 ||
                strcmp(buf, "percentage") == 0) {
                if (!es_xml_attr(r, "value", s->value, sizeof s->value))
                    s->value[0] = '\0';
            }
        }
    } else if (strcmp(local, "p") == 0 || strcmp(local, "h") == 0) {
        if (s->in_p++ == 0) {
            if (s->tdepth > 0) {
                if (s->cell_para++ && s->cellbuf.len)
                    (void)es_buf_putc(&s->cellbuf, ' ');
            } else if (!s->styles || s->in_hf) {
                if (s->body == BODY_SLIDES) {
                    /* "slide N" is the whole location */
                } else if (es_xblock_span(&s->para, ++s->npara, 0, 0) != ES_OK) {
                    s->o->stop = 1;
                }
            }
        }
    } else if (s->in_p && strcmp(local, "s") == 0) {
        uint32_t c = attr_u32(r, "c", 1, MAX_SPACES);
        for (uint32_t i = 0; i < c; i++)
            put(s, " ", 1);
    } else if (s->in_p && strcmp(local, "tab") == 0) {
        put(s, s->tdepth ? " " : "\t", 1);
    } else if (s->in_p && strcmp(local, "line-break") == 0) {
        put(s, s->tdepth ? " " : "\n", 1);
    }
}

static void odf_end(void *ctx, const char *local, int depth)
{
    (void)depth;
    struct odf_state *s = ctx;
    int rc = ES_OK;
    if (s->styles && (strncmp(local, "header", 6) == 0 || strncmp(local, "footer", 6) == 0) &&
        strstr(local, "style") == NULL) {
        s->in_hf = 0;
        rc = es_xblock_flush(&s->para);
    } else if (strcmp(local, "table") == 0 && s->tdepth > 0 && !s->styles) {
        if (--s->tdepth == 0) {
            rc = es_xtable_end(&s->t);
            es_xtable_free(&s->t);
        }
    } else if (s->tdepth == 1 && strcmp(local, "table-row") == 0) {
        rc = es_xtable_end_row(&s->t);
        uint64_t next = (uint64_t)s->row + s->row_rep;
        s->row = next > UINT32_MAX / 2 ? UINT32_MAX / 2 : (uint32_t)next;
    } else if (s->tdepth == 1 && s->cell_open &&
               (strcmp(local, "table-cell") == 0 || strcmp(local, "covered-table-cell") == 0)) {
        s->cell_open = 0;
        char num[64];
        if (s->value[0]) {
            /* The stored value, not the display ("8.19E+11" hides the digits). */
            size_t n = es_xnumber(s->value, strlen(s->value), num, sizeof num);
            rc = es_xtable_cell(&s->t, s->col, num, n, 0);
        } else if (s->cellbuf.len) {
            rc = es_xtable_cell(&s->t, s->col, s->cellbuf.data, s->cellbuf.len, s->cell_text);
        }
        uint64_t next = (uint64_t)s->col + s->col_rep;
        s->col = next > MAX_COLUMNS ? MAX_COLUMNS : (uint32_t)next;
    } else if ((strcmp(local, "p") == 0 || strcmp(local, "h") == 0) && s->in_p > 0) {
        if (--s->in_p == 0 && s->tdepth == 0 && (!s->styles || s->in_hf)) {
            rc = es_xblock_putc(&s->para, '\n');
            if (rc == ES_OK)
                rc = es_xblock_maybe_flush(&s->para);
        }
    } else if (strcmp(local, "page") == 0 && s->body == BODY_SLIDES) {
        rc = es_xblock_flush(&s->para);
    }
    if (rc != ES_OK && rc != ES_ERR_LIMIT)
        s->o->stop = 1;
}

static void odf_text(void *ctx, const char *p, size_t n, int line)
{
    (void)line;
    struct odf_state *s = ctx;
    if (s->in_p)
        put(s, p, n);
}

static void do_part(struct es_xout *o, zip_t *z, const char *part, int styles)
{
    struct odf_state s;
    memset(&s, 0, sizeof s);
    s.o = o;
    s.styles = styles;
    es_xblock_init(&s.para, o, ES_XLOC_PARA);
    s.para.flags = ES_CHUNK_PROSE;
    es_buf_init(&s.cellbuf, CELL_MAX_BYTES);
    static const struct es_xwalk cb = {.start = odf_start, .end = odf_end, .text = odf_text};
    es_xml_walk_zip(o, z, part, &cb, &s);
    if (s.tdepth > 0) {
        if (es_xtable_end(&s.t) != ES_OK)
            o->stop = 1;
        es_xtable_free(&s.t);
    }
    if (es_xblock_flush(&s.para) != ES_OK)
        o->stop = 1;
    es_xblock_free(&s.para);
    es_buf_free(&s.cellbuf);
}

/* Encrypted packages list <manifest:encryption-data> for their parts. */
struct manifest_state {
    int encrypted;
};

static void manifest_start(void *ctx, xmlTextReaderPtr r, const char *local, int depth)
{
    (void)r;
    (void)depth;
    struct manifest_state *m = ctx;
    if (strcmp(local, "encryption-data") == 0)
        m->encrypted = 1;
}

int es_odf_extract(struct es_xout *o, zip_t *z, const char *kind)
{
    (void)kind;
    struct manifest_state m = {0};
    static const struct es_xwalk mcb = {.start = manifest_start};
    es_xml_walk_zip(o, z, "META-INF/manifest.xml", &mcb, &m);
    if (m.encrypted)
        return ES_ERR_ENCRYPTED;
    if (es_zip_find(z, "content.xml") < 0) {
        es_xout_partial(o, "content.xml is missing");
        return ES_ERR_FORMAT;
    }
    do_part(o, z, "content.xml", 0);
    if (!o->stop)
        do_part(o, z, "styles.xml", 1);
    return ES_OK;
}

/* ---- The extractor ---- */

static int odf_bid(const struct es_sniff *s)
{
    const char *m = s->mime ? s->mime : "";
    int zip = s->head_len >= 4 && memcmp(s->head, "PK\3\4", 4) == 0;
    if (!zip)
        return 0;   /* flat XML ODF (.fodt) is the markup extractor's */
    /* Above the zip extractor on the same bytes (see ex_ooxml.c). */
    if (strncmp(m, "application/vnd.oasis.opendocument.", 35) == 0 ||
        strncmp(m, "application/vnd.sun.xml.", 24) == 0)
        return 70;
    /* ODF's first member is an uncompressed "mimetype" naming the type. */
    if (s->head_len > 38 && memcmp(s->head + 30, "mimetype", 8) == 0 &&
        (memmem(s->head, s->head_len, "opendocument", 12) ||
         memmem(s->head, s->head_len, "sun.xml", 7)))
        return 65;
    static const char *const ext[] = {"odt", "ods", "odp", "odg", "ott", "ots", "otp",
                                      "sxw", "sxc", "sxi", "sxd", NULL};
    for (size_t i = 0; s->ext && ext[i]; i++)
        if (strcmp(s->ext, ext[i]) == 0)
            return 40;
    return 0;
}

static int odf_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)s;
    es_xml_thread_init();
    int err = ES_OK;
    char msg[160];
    zip_t *z = es_zip_open_input(sink, in, &err, msg, sizeof msg);
    if (!z)
        return es_sink_fail(sink, err, "%s", msg);
    const char *kind = es_ooxml_kind(z);
    int rc = es_ooxml_run_zip(sink, z, kind ? kind : "odf");
    zip_discard(z);
    return rc;
}

const struct es_extractor es_ex_odf = {
    .name = "odf",
    .bid = odf_bid,
    .run = odf_run,
};
