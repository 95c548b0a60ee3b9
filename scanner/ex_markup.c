/*
 * HTML and XML files.
 *
 * HTML goes through libxml2's HTML push parser with SAX callbacks (no tree
 * is built, the input is fed in pieces): text outside script and style, one
 * output line per block element, table cells separated by tabs, plus the
 * attributes that carry data (mailto:/tel: links, value=, alt=, title=,
 * placeholder=, meta content=, data-*), each element's attributes on one line
 * as name="value" pairs.
 *
 * XML goes through the streaming xmlReader (xml.h options: no network, no
 * entity expansion). Each text node is a chunk labelled with its element's
 * name, so <customer_id>123</customer_id> reaches the detectors with
 * "customer_id" as context; an element's attributes form one chunk line,
 * lat="35.1" lon="139.2", labelled with the element's name.
 *
 * Location: "line N" of the source.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/encoding.h>
#include <libxml/parserInternals.h>

#include "limits.h"
#include "xml.h"

/* Bytes fed to the HTML parser at a time. */
#define FEED_BYTES (64u * 1024u)
/* An attribute value longer than this is a data blob (inline images), not a field. */
#define ATTR_MAX 2048u
/* Element names kept for XML labels; deeper elements take the deepest kept name. */
#define XML_MAX_DEPTH 256

/* ---- HTML ---- */

struct html_state {
    struct es_xout *o;
    htmlParserCtxtPtr ctxt;
    struct es_xblock b;
    int skip;          /* inside script / style */
    int space;         /* a space is pending between text pieces */
    uint32_t last_line;
    /* Tables: rows are TSV lines; the first row (th cells) labels the columns. */
    int tdepth;        /* table nesting; only the outermost is tabular */
    int in_row;
    size_t row_start;
    unsigned row_th, row_cells, rows;
    struct es_buf hbuf;
    const char **hdr;
    size_t nhdr;
};

static int line_of(struct html_state *h)
{
    return h->ctxt && h->ctxt->input ? h->ctxt->input->line : 0;
}

static void h_span(struct html_state *h)
{
    uint32_t line = (uint32_t)line_of(h);
    if (h->b.nspan == 0 || line != h->last_line) {
        if (es_xblock_span(&h->b, line, 0, 0) != ES_OK)
            h->o->stop = 1;
        h->last_line = line;
    }
}

static void h_stop_check(struct html_state *h)
{
    if (h->o->stop && h->ctxt)
        xmlStopParser(h->ctxt);
}

static void h_newline(struct html_state *h)
{
    size_t n = h->b.text.len;
    h->space = 0;
    if (h->tdepth > 0) {
        /* Inside a table a block element only separates words: rows stay lines. */
        if (n && h->b.text.data[n - 1] != '\n' && h->b.text.data[n - 1] != '\t')
            h->space = 1;
        return;
    }
    if (n && h->b.text.data[n - 1] != '\n' && es_xblock_putc(&h->b, '\n') != ES_OK)
        h->o->stop = 1;
    if (es_xblock_maybe_flush(&h->b) != ES_OK)
        h->o->stop = 1;
    h_stop_check(h);
}

static int is_block(const char *n)
{
    static const char *const blocks[] = {
        "p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
        "dl", "dt", "dd", "section", "article", "header", "footer", "address", "blockquote",
        "pre", "hr", "title", "form", "option", "body", "head", "nav",
        "aside", "main", "figure", "figcaption", "fieldset", "legend", NULL};
    for (size_t i = 0; blocks[i]; i++)
        if (strcasecmp(n, blocks[i]) == 0)
            return 1;
    return 0;
}

static int data_attr(const char *elem, const char *name, const char *value)
{
    if (strcasecmp(name, "href") == 0)
        return strncasecmp(value, "mailto:", 7) == 0 || strncasecmp(value, "tel:", 4) == 0;
    if (strcasecmp(name, "content") == 0)
        return strcasecmp(elem, "meta") == 0;
    if (strncasecmp(name, "data-", 5) == 0)
        return 1;
    return strcasecmp(name, "value") == 0 || strcasecmp(name, "alt") == 0 ||
           strcasecmp(name, "title") == 0 || strcasecmp(name, "placeholder") == 0;
}

static void h_add(struct html_state *h, const char *p, size_t n)
{
    if (es_xblock_add(&h->b, p, n, h->tdepth > 0) != ES_OK)
        h->o->stop = 1;
}

static void table_open(struct html_state *h)
{
    if (h->tdepth++ > 0)
        return;
    h_newline(h);
    if (es_xblock_flush(&h->b) != ES_OK)
        h->o->stop = 1;
    h->b.delim = '\t';
    h->b.flags = 0;
    h->b.header = NULL;
    h->b.nheader = 0;
    h->rows = 0;
    h->in_row = 0;
}

static void table_close(struct html_state *h)
{
    if (h->tdepth == 0 || --h->tdepth > 0)
        return;
    if (h->b.text.len && h->b.text.data[h->b.text.len - 1] != '\n')
        (void)es_xblock_putc(&h->b, '\n');
    if (es_xblock_flush(&h->b) != ES_OK)
        h->o->stop = 1;
    h->b.delim = 0;
    h->b.flags = ES_CHUNK_PROSE;
    h->b.header = NULL;
    h->b.nheader = 0;
    h->in_row = 0;
}

/* Header labels of a table: at most this many columns. */
#define HTML_HEADER_COLS 256u

static void row_header(struct html_state *h)
{
    const char *line = h->b.text.data + h->row_start;
    size_t len = h->b.text.len - h->row_start;
    free(h->hdr);
    h->hdr = calloc(HTML_HEADER_COLS, sizeof *h->hdr);
    size_t offs[HTML_HEADER_COLS];
    h->nhdr = 0;
    h->hbuf.len = 0;
    if (!h->hdr)
        return;
    size_t s = 0;
    for (size_t i = 0; i <= len && h->nhdr < HTML_HEADER_COLS; i++) {
        if (i == len || line[i] == '\t') {
            offs[h->nhdr++] = h->hbuf.len;
            if (es_buf_append(&h->hbuf, line + s, i - s) != ES_OK || es_buf_putc(&h->hbuf, 0) != ES_OK) {
                h->nhdr = 0;
                return;
            }
            s = i + 1;
        }
    }
    for (size_t i = 0; i < h->nhdr; i++)
        h->hdr[i] = h->hbuf.data + offs[i];
}

static void row_open(struct html_state *h)
{
    if (h->tdepth != 1)
        return;
    if (h->b.text.len && h->b.text.data[h->b.text.len - 1] != '\n')
        (void)es_xblock_putc(&h->b, '\n');
    h->in_row = 1;
    h->row_start = h->b.text.len;
    h->row_th = h->row_cells = 0;
    h->space = 0;
}

static void row_close(struct html_state *h)
{
    if (h->tdepth != 1 || !h->in_row)
        return;
    h->in_row = 0;
    if (h->b.text.len == h->row_start)
        return;
    h->rows++;
    int header = h->rows == 1 && h->row_th > 0;
    if (header)
        row_header(h);
    if (es_xblock_putc(&h->b, '\n') != ES_OK)
        h->o->stop = 1;
    if (header) {
        if (es_xblock_flush(&h->b) != ES_OK)
            h->o->stop = 1;
        h->b.header = (const char *const *)h->hdr;
        h->b.nheader = h->nhdr;
    } else if (es_xblock_maybe_flush(&h->b) != ES_OK) {
        h->o->stop = 1;
    }
    h_stop_check(h);
}

static void h_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    struct html_state *h = ctx;
    const char *n = (const char *)name;
    if (strcasecmp(n, "script") == 0 || strcasecmp(n, "style") == 0) {
        h->skip++;
        return;
    }
    if (strcasecmp(n, "table") == 0) {
        table_open(h);
    } else if (strcasecmp(n, "tr") == 0) {
        row_open(h);
    } else if (strcasecmp(n, "td") == 0 || strcasecmp(n, "th") == 0) {
        if (h->tdepth == 1 && !h->in_row)
            row_open(h);
        if (h->tdepth == 1) {
            if (h->row_cells++)
                (void)es_xblock_putc(&h->b, '\t');
            h->row_th += n[1] == 'h' || n[1] == 'H';
        }
        h->space = h->tdepth > 1;   /* nested table cells: words apart */
    } else if (is_block(n)) {
        h_newline(h);
    }
    if (!atts)
        return;
    int any = 0;
    for (size_t i = 0; atts[i] && !h->o->stop; i += 2) {
        const char *an = (const char *)atts[i];
        const char *av = atts[i + 1] ? (const char *)atts[i + 1] : "";
        size_t vl = strlen(av);
        if (vl == 0 || vl > ATTR_MAX || !data_attr(n, an, av))
            continue;
        if (!any) {
            if (h->tdepth > 0) {
                size_t tl = h->b.text.len;
                if (tl && h->b.text.data[tl - 1] != '\n' && h->b.text.data[tl - 1] != '\t')
                    h_add(h, " ", 1);
            } else {
                h_newline(h);
            }
            h_span(h);
            any = 1;
        } else {
            h_add(h, " ", 1);
        }
        h_add(h, an, strlen(an));
        h_add(h, "=\"", 2);
        h_add(h, av, vl);
        /* In a table cell a '"' would start CSV quoting for es_ctx_column. */
        h_add(h, h->tdepth > 0 ? "'" : "\"", 1);
    }
    if (any) {
        if (h->tdepth > 0)
            h->space = 1;
        else
            h_newline(h);
    }
}

static void h_end(void *ctx, const xmlChar *name)
{
    struct html_state *h = ctx;
    const char *n = (const char *)name;
    if (strcasecmp(n, "script") == 0 || strcasecmp(n, "style") == 0) {
        if (h->skip > 0)
            h->skip--;
        return;
    }
    if (strcasecmp(n, "table") == 0) {
        row_close(h);
        table_close(h);
    } else if (strcasecmp(n, "tr") == 0) {
        row_close(h);
    } else if (is_block(n)) {
        h_newline(h);
    }
}

static void h_chars(void *ctx, const xmlChar *ch, int len)
{
    struct html_state *h = ctx;
    if (h->skip || len <= 0 || h->o->stop)
        return;
    const char *p = (const char *)ch;
    /* Collapse white space as a browser does, so "Tel:\n   03-..." stays on one line. */
    size_t i = 0, n = (size_t)len;
    while (i < n) {
        size_t s = i;
        while (i < n && p[i] != ' ' && p[i] != '\n' && p[i] != '\t' && p[i] != '\r' &&
               p[i] != '\f')
            i++;
        if (i > s) {
            if (h->tdepth == 1 && !h->in_row)
                row_open(h);
            h_span(h);
            size_t tl = h->b.text.len;
            if (h->space && tl && h->b.text.data[tl - 1] != '\n' && h->b.text.data[tl - 1] != '\t')
                h_add(h, " ", 1);
            h->space = 0;
            h_add(h, p + s, i - s);
        }
        if (i < n) {
            h->space = 1;
            i++;
        }
    }
    h_stop_check(h);
}

static int run_html(struct es_xout *o, struct es_input *in)
{
    struct html_state h;
    memset(&h, 0, sizeof h);
    h.o = o;
    es_xblock_init(&h.b, o, ES_XLOC_LINE);
    h.b.flags = ES_CHUNK_PROSE;
    /* Header labels of one table row. */
    es_buf_init(&h.hbuf, 1u * ES_MIB);
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.startElement = h_start;
    sax.endElement = h_end;
    sax.characters = h_chars;
    sax.cdataBlock = h_chars;
    int rc = ES_OK;
    char *buf = malloc(FEED_BYTES);
    if (!buf) {
        es_xblock_free(&h.b);
        return ES_ERR_NOMEM;
    }
    ssize_t n = es_input_read(in, buf, FEED_BYTES);
    if (n < 0) {
        rc = (int)n;
        goto done;
    }
    /* The first bytes let libxml2 see a BOM; a <meta charset> switches later. */
    h.ctxt = htmlCreatePushParserCtxt(&sax, &h, buf, (int)(n < 4 ? n : 4), in->name,
                                      XML_CHAR_ENCODING_NONE);
    if (!h.ctxt) {
        rc = ES_ERR_NOMEM;
        goto done;
    }
    htmlCtxtUseOptions(h.ctxt, HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS);
    /* Japanese pages saved without a charset declaration: trust the detector. */
    if (n > 4 && !memmem(buf, (size_t)n, "charset", 7) && !memmem(buf, (size_t)n, "encoding=", 9)) {
        const char *enc = es_detect_encoding((const unsigned char *)buf, (size_t)n, NULL);
        if (enc && (strcmp(enc, "shift_jis") == 0 || strcmp(enc, "euc-jp") == 0)) {
            xmlCharEncodingHandlerPtr hd = xmlFindCharEncodingHandler(enc[0] == 's' ? "CP932" : "EUC-JP");
            if (hd)
                xmlSwitchToEncoding(h.ctxt, hd);
        }
    }
    if (n > 4)
        htmlParseChunk(h.ctxt, buf + 4, (int)(n - 4), 0);
    while (!o->stop && n > 0) {
        n = es_input_read(in, buf, FEED_BYTES);
        if (n < 0) {
            if (n == ES_ERR_LIMIT)
                o->limit = 1;
            es_xout_partial(o, "read: %s", es_strerror((int)n));
            break;
        }
        if (n > 0)
            htmlParseChunk(h.ctxt, buf, (int)n, 0);
        if (es_xout_tick(o) != ES_OK)
            break;
    }
    if (!o->stop)
        htmlParseChunk(h.ctxt, NULL, 0, 1);
    if (es_xblock_flush(&h.b) != ES_OK)
        o->stop = 1;
done:
    if (h.ctxt)
        htmlFreeParserCtxt(h.ctxt);
    free(buf);
    es_xblock_free(&h.b);
    es_buf_free(&h.hbuf);
    free(h.hdr);
    return rc;
}

/* ---- XML ---- */

struct xml_state {
    struct es_xout *o;
    struct es_xblock b;
    char *names[XML_MAX_DEPTH];
    int depth;
};

/* The reader parses ahead: the parser's line is past the node. The node's
 * own line (libxml2 records it for elements and text) is exact. */
static uint32_t node_line(xmlTextReaderPtr r)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(r);
    long l = n ? xmlGetLineNo(n) : -1;
    return l > 0 ? (uint32_t)l : (uint32_t)xmlTextReaderGetParserLineNumber(r);
}

static void xml_emit(struct xml_state *x, const char *label, uint32_t line)
{
    x->b.label = label;
    if (es_xblock_span(&x->b, line, 0, 0) != ES_OK || es_xblock_flush(&x->b) != ES_OK)
        x->o->stop = 1;
}

static void xml_attrs(struct xml_state *x, xmlTextReaderPtr r, const char *label)
{
    if (xmlTextReaderHasAttributes(r) != 1)
        return;
    uint32_t line = node_line(r);
    int any = 0;
    if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
        do {
            const char *an = (const char *)xmlTextReaderConstName(r);
            const char *av = (const char *)xmlTextReaderConstValue(r);
            if (!an || !av || xmlTextReaderIsNamespaceDecl(r) == 1)
                continue;
            size_t vl = strlen(av);
            if (vl == 0 || vl > ATTR_MAX)
                continue;
            if (any)
                (void)es_xblock_putc(&x->b, ' ');
            const char *ln = (const char *)xmlTextReaderConstLocalName(r);
            if (ln)
                an = ln;
            (void)es_xblock_add(&x->b, an, strlen(an), 0);
            (void)es_xblock_add(&x->b, "=\"", 2, 0);
            (void)es_xblock_add(&x->b, av, vl, 0);
            (void)es_xblock_putc(&x->b, '"');
            any = 1;
        } while (xmlTextReaderMoveToNextAttribute(r) == 1);
        xmlTextReaderMoveToElement(r);
    }
    if (any)
        xml_emit(x, label, line);
}

static int run_xml(struct es_xout *o, struct es_input *in)
{
    struct xml_state x;
    memset(&x, 0, sizeof x);
    x.o = o;
    es_xblock_init(&x.b, o, ES_XLOC_LINE);
    struct es_xsrc *src = NULL;
    xmlTextReaderPtr r = es_xml_open_input(o, in, &src);
    if (!r) {
        es_xblock_free(&x.b);
        return ES_ERR_NOMEM;
    }
    while (es_xml_next(o, r, src, in->name ? in->name : "xml") == 1) {
        int type = xmlTextReaderNodeType(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *local = es_xml_local(r);
            int empty = xmlTextReaderIsEmptyElement(r) == 1;
            if (x.depth < XML_MAX_DEPTH) {
                x.names[x.depth] = strdup(local);
                if (!x.names[x.depth]) {
                    o->stop = 1;
                    break;
                }
            }
            x.depth++;
            int top = x.depth <= XML_MAX_DEPTH ? x.depth - 1 : XML_MAX_DEPTH - 1;
            xml_attrs(&x, r, x.names[top]);
            if (empty && x.depth-- <= XML_MAX_DEPTH) {
                free(x.names[x.depth]);
                x.names[x.depth] = NULL;
            }
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (x.depth > 0 && x.depth-- <= XML_MAX_DEPTH) {
                free(x.names[x.depth]);
                x.names[x.depth] = NULL;
            }
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            if (!v)
                continue;
            size_t n = strlen(v);
            while (n && (*v == ' ' || *v == '\n' || *v == '\t' || *v == '\r')) {
                v++;
                n--;
            }
            while (n && (v[n - 1] == ' ' || v[n - 1] == '\n' || v[n - 1] == '\t' || v[n - 1] == '\r'))
                n--;
            if (n == 0)
                continue;
            int top = x.depth == 0 ? -1 : (x.depth <= XML_MAX_DEPTH ? x.depth - 1 : XML_MAX_DEPTH - 1);
            uint32_t line = node_line(r);
            if (es_xblock_add(&x.b, v, n, 0) != ES_OK) {
                o->stop = 1;
                break;
            }
            xml_emit(&x, top >= 0 ? x.names[top] : NULL, line);
        }
    }
    for (int i = 0; i < XML_MAX_DEPTH; i++)
        free(x.names[i]);
    es_xml_close(r, src);
    es_xblock_free(&x.b);
    return ES_OK;
}

/* ---- The extractor ---- */

/* The first bytes after a BOM and white space. */
static const unsigned char *skip_lead(const struct es_sniff *s, size_t *left)
{
    const unsigned char *p = s->head;
    size_t n = s->head_len;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
        p += 3;
        n -= 3;
    }
    while (n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')) {
        p++;
        n--;
    }
    *left = n;
    return p;
}

/* needle starts with '<': only the places memchr() finds are compared. */
static int has_ci(const unsigned char *p, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (const unsigned char *q = p, *end = p + n; (q = memchr(q, '<', (size_t)(end - q))); q++)
        if ((size_t)(end - q) >= k && strncasecmp((const char *)q, needle, k) == 0)
            return 1;
    return 0;
}

/* HTML markers are looked for in this many leading bytes (a long comment or
 * preamble may come first). */
#define HTML_SNIFF 2048u

static int is_html(const struct es_sniff *s)
{
    const char *m = s->mime ? s->mime : "";
    if (strcmp(m, "text/html") == 0 || strcmp(m, "application/xhtml+xml") == 0)
        return 1;
    size_t n;
    const unsigned char *p = skip_lead(s, &n);
    if (n > HTML_SNIFF)
        n = HTML_SNIFF;
    return has_ci(p, n, "<!doctype html") || has_ci(p, n, "<html");
}

static int markup_bid(const struct es_sniff *s)
{
    const char *m = s->mime ? s->mime : "";
    size_t n;
    const unsigned char *p = skip_lead(s, &n);
    /* 45 and 42: above the text extractor (~10 on text/ types), below every
     * container and document format, whose magic is never markup. */
    if (is_html(s))
        return 45;
    size_t ml = strlen(m);
    if (strcmp(m, "text/xml") == 0 || strcmp(m, "application/xml") == 0 ||
        (ml > 4 && strcmp(m + ml - 4, "+xml") == 0))
        return 42;
    if (n >= 5 && memcmp(p, "<?xml", 5) == 0)
        return 42;
    if (strncmp(m, "text/", 5) == 0 && s->ext &&
        (strcmp(s->ext, "html") == 0 || strcmp(s->ext, "htm") == 0 || strcmp(s->ext, "xhtml") == 0 ||
         strcmp(s->ext, "xml") == 0))
        return 41;
    return 0;
}

static int markup_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    es_xml_thread_init();
    struct es_xout o;
    es_xout_init(&o, sink);
    int html = is_html(s);
    es_sink_set_type(sink, html ? "html" : "xml");
    int rc = html ? run_html(&o, in) : run_xml(&o, in);
    if (rc != ES_OK)
        return es_sink_fail(sink, rc, "%s", es_strerror(rc));
    return es_xout_finish(&o, ES_OK);
}

int es_markup_extract(struct es_xout *o, const void *data, size_t len, int html)
{
    struct es_input in;
    es_xml_thread_init();
    es_input_from_mem(&in, data, len, "test");
    int rc = html ? run_html(o, &in) : run_xml(o, &in);
    es_input_close(&in);
    return rc;
}

const struct es_extractor es_ex_markup = {
    .name = "markup",
    .bid = markup_bid,
    .run = markup_run,
};
