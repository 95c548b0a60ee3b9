/*
 * Shared helpers of the document extractors: libxml2 streaming readers with
 * safe options, located blocks of text and TSV tables (see xml.h).
 */
#include "xml.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "limits.h"
#include "zipread.h"

/* ---- libxml2 set-up ---- */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init_once(void)
{
    xmlInitParser();
}

static void xml_silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static void xml_silent_structured(void *ctx, xmlErrorPtr err)
{
    (void)ctx;
    (void)err;
}

void es_xml_thread_init(void)
{
    pthread_once(&xml_once, xml_init_once);
    /* Per thread in a threaded libxml2: hostile files must not fill stderr. */
    xmlSetGenericErrorFunc(NULL, xml_silent);
    xmlSetStructuredErrorFunc(NULL, xml_silent_structured);
}

/* ---- Output ---- */

void es_xout_init(struct es_xout *o, struct es_sink *sink)
{
    memset(o, 0, sizeof *o);
    o->sink = sink;
    o->text_max = sink ? es_sink_limit(sink, ES_LIMIT_TEXT_BYTES) : ES_DEFAULT_TEXT_BYTES;
}

int es_xout_tick(struct es_xout *o)
{
    if (o->stop)
        return ES_STOP;
    if (o->sink && es_sink_tick(o->sink) != ES_OK)
        o->stop = 1;
    return o->stop ? ES_STOP : ES_OK;
}

void es_xout_partial(struct es_xout *o, const char *fmt, ...)
{
    if (o->why[0])
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(o->why, sizeof o->why, fmt, ap);
    va_end(ap);
}

int es_xout_finish(struct es_xout *o, int status)
{
    if (!o->sink)
        return status;
    if (status != ES_OK)
        return status;
    if (o->over)
        return es_sink_fail(o->sink, ES_ERR_LIMIT, "text-bytes limit (%llu bytes) reached",
                            (unsigned long long)o->text_max);
    if (o->limit)
        return es_sink_fail(o->sink, ES_ERR_LIMIT, "%s", o->why);
    if (o->why[0])
        es_sink_partial(o->sink, "%s", o->why);
    return ES_OK;
}

/* ---- Blocks ---- */

void es_xblock_init(struct es_xblock *b, struct es_xout *out, enum es_xloc kind)
{
    memset(b, 0, sizeof *b);
    b->out = out;
    b->kind = kind;
    /* A block is flushed near ES_CHUNK_TARGET; one oversized line may carry it
     * to ES_CHUNK_MAX plus one XML text node (libxml2 caps those at 10 MB). */
    es_buf_init(&b->text, (size_t)ES_CHUNK_MAX + 16u * ES_MIB);
}

void es_xblock_free(struct es_xblock *b)
{
    es_buf_free(&b->text);
    free(b->span);
    b->span = NULL;
    b->nspan = b->capspan = 0;
}

void es_xblock_prefix(struct es_xblock *b, const char *prefix)
{
    snprintf(b->prefix, sizeof b->prefix, "%s", prefix ? prefix : "");
}

int es_xblock_span(struct es_xblock *b, uint32_t a, uint32_t bb, uint32_t c)
{
    if (b->nspan && b->span[b->nspan - 1].off == b->text.len) {
        /* Nothing was written under the previous span: reuse it. */
        b->span[b->nspan - 1] = (struct es_xspan){b->text.len, a, bb, c};
        return ES_OK;
    }
    if (b->nspan == b->capspan) {
        size_t ncap = b->capspan ? b->capspan * 2 : 64;
        struct es_xspan *n = realloc(b->span, ncap * sizeof *n);
        if (!n)
            return ES_ERR_NOMEM;
        b->span = n;
        b->capspan = ncap;
    }
    b->span[b->nspan++] = (struct es_xspan){b->text.len, a, bb, c};
    return ES_OK;
}

int es_xblock_add(struct es_xblock *b, const char *p, size_t n, int field)
{
    if (n == 0)
        return ES_OK;
    size_t start = b->text.len;
    int rc = es_buf_append(&b->text, p, n);
    if (rc != ES_OK)
        return rc;
    char *t = b->text.data + start;
    size_t m = es_normalize(t, n);
    for (size_t i = 0; i < m; i++) {
        if (field && (t[i] == '\t' || t[i] == '\n' || t[i] == '\r'))
            t[i] = ' ';
        else if (field && t[i] == '"')
            t[i] = '\'';
        else if (t[i] == '\r')
            t[i] = '\n';
        else if (t[i] == '\0')
            t[i] = ' ';
    }
    b->text.len = start + m;
    /* Running text (no table) may be cut anywhere between nodes. */
    if (!b->delim && b->text.len > ES_CHUNK_MAX)
        return es_xblock_flush(b);
    return ES_OK;
}

int es_xblock_putc(struct es_xblock *b, char ch)
{
    return es_buf_putc(&b->text, ch);
}

static void block_locate(const struct es_chunk *c, size_t off, char *buf, size_t cap)
{
    es_xblock_locate(c->loc_ctx, off, buf, cap);
}

void es_xblock_locate(const struct es_xblock *b, size_t off, char *buf, size_t cap)
{
    if (cap == 0)
        return;
    /* The last span starting at or before off. */
    size_t lo = 0, hi = b->nspan;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->span[mid].off <= off)
            lo = mid;
        else
            hi = mid;
    }
    struct es_xspan s = b->nspan ? b->span[lo] : (struct es_xspan){0, 1, 1, 1};
    char col[16];
    switch (b->kind) {
    case ES_XLOC_CELL:
        es_xcol_name(s.a, col, sizeof col);
        snprintf(buf, cap, "%s!%s%u", b->prefix, col, s.b);
        break;
    case ES_XLOC_TABLE:
        snprintf(buf, cap, "%stable %u row %u cell %u", b->prefix, s.a, s.b, s.c);
        break;
    case ES_XLOC_PARA:
        snprintf(buf, cap, "%sparagraph %u", b->prefix, s.a);
        break;
    case ES_XLOC_LINE:
        snprintf(buf, cap, "line %u", s.a);
        break;
    default:
        snprintf(buf, cap, "%s", b->prefix);
        break;
    }
}

static void block_reset(struct es_xblock *b)
{
    b->text.len = 0;
    b->nspan = 0;
}

int es_xblock_flush(struct es_xblock *b)
{
    struct es_xout *o = b->out;
    if (b->text.len == 0 || o->stop) {
        block_reset(b);
        return o->stop ? ES_STOP : ES_OK;
    }
    size_t len = b->text.len;
    if (o->text_used + len > o->text_max) {
        len = (size_t)(o->text_max - o->text_used);
        while (len > 0 && ((unsigned char)b->text.data[len] & 0xC0) == 0x80)
            len--;
        o->over = 1;
        o->stop = 1;
    }
    o->text_used += len;
    int rc = ES_OK;
    if (len > 0) {
        struct es_chunk c = {
            .text = b->text.data, .len = len, .owned = len, .line = 1, .col = 1,
            .where = NULL, .flags = b->flags, .locate = block_locate, .loc_ctx = b,
            .delim = b->delim, .header = b->header, .nheader = b->nheader, .label = b->label,
        };
        if (o->sink)
            rc = es_sink_chunk(o->sink, &c);
        else if (o->hook)
            rc = o->hook(o->hook_ctx, &c);
    }
    block_reset(b);
    if (rc != ES_OK)
        o->stop = 1;
    return o->stop ? ES_STOP : ES_OK;
}

int es_xblock_maybe_flush(struct es_xblock *b)
{
    if (b->text.len >= ES_CHUNK_TARGET)
        return es_xblock_flush(b);
    return es_xout_tick(b->out);
}

/* ---- Tables ---- */

/* Rows after which no header is looked for any more: title blocks and notes
 * above a header run a few rows, not dozens. */
#define HEADER_SEARCH_ROWS 32u
/* A header cell is a short label; a longer cell is data or a note. */
#define HEADER_CELL_MAX 100u

void es_xtable_init(struct es_xtable *t, struct es_xout *out, enum es_xloc kind, enum es_xhead mode,
                    const char *prefix, uint32_t table_no)
{
    memset(t, 0, sizeof *t);
    es_xblock_init(&t->blk, out, kind);
    es_xblock_prefix(&t->blk, prefix);
    t->blk.delim = '\t';
    t->mode = mode;
    t->table_no = table_no;
    /* Header labels: ES_XTABLE_COLS cells of at most a few KiB each. */
    es_buf_init(&t->hbuf, 4u * ES_MIB);
}

void es_xtable_free(struct es_xtable *t)
{
    es_xblock_free(&t->blk);
    es_buf_free(&t->hbuf);
    free(t->hdr);
    t->hdr = NULL;
}

static void row_open(struct es_xtable *t, uint32_t row)
{
    t->row = row;
    t->col = 0;
    t->row_start = t->blk.text.len;
    t->row_span = t->blk.nspan;
    t->ntext = t->nnum = 0;
    t->long_cell = 0;
}

int es_xtable_row(struct es_xtable *t, uint32_t row)
{
    int rc = t->row ? es_xtable_end_row(t) : ES_OK;
    row_open(t, row);
    return rc;
}

int es_xtable_cell(struct es_xtable *t, uint32_t col, const char *p, size_t n, int is_text)
{
    /* Trim: a cell of blanks is empty. */
    while (n && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
        p++;
        n--;
    }
    while (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    if (n == 0)
        return ES_OK;
    if (t->row == 0)
        row_open(t, 1);
    int written = t->blk.text.len > t->row_start;
    uint32_t field = col < ES_XTABLE_COLS ? col : ES_XTABLE_COLS;
    uint32_t min = t->col + (written ? 1u : 0u);
    if (field < min)
        field = min;
    int rc = ES_OK;
    while (rc == ES_OK && t->col < field) {
        rc = es_xblock_putc(&t->blk, '\t');
        t->col++;
    }
    if (rc == ES_OK)
        rc = t->blk.kind == ES_XLOC_TABLE ? es_xblock_span(&t->blk, t->table_no, t->row, col + 1)
                                          : es_xblock_span(&t->blk, col, t->row, 0);
    if (rc == ES_OK)
        rc = es_xblock_add(&t->blk, p, n, 1);
    if (rc == ES_ERR_LIMIT) {
        /* A row of huge cells: the rest of the row is dropped, the table goes on. */
        es_xout_partial(t->blk.out, "a table row longer than %zu bytes was cut", t->blk.text.max);
        return ES_OK;
    }
    if (rc != ES_OK)
        return rc;
    if (is_text && !es_xis_number(p, n))
        t->ntext++;
    else
        t->nnum++;
    if (n > HEADER_CELL_MAX)
        t->long_cell = 1;
    return ES_OK;
}

/* Take the current row as the header: copy its fields. */
static int take_header(struct es_xtable *t)
{
    const char *line = t->blk.text.data + t->row_start;
    size_t len = t->blk.text.len - t->row_start;
    size_t nf = 1;
    for (size_t i = 0; i < len; i++)
        nf += line[i] == '\t';
    if (nf > ES_XTABLE_COLS)
        nf = ES_XTABLE_COLS;
    t->hbuf.len = 0;
    const char **hdr = calloc(nf, sizeof *hdr);
    size_t *offs = calloc(nf, sizeof *offs);
    int rc = (hdr && offs) ? ES_OK : ES_ERR_NOMEM;
    size_t f = 0, s = 0;
    for (size_t i = 0; rc == ES_OK && i <= len && f < nf; i++) {
        if (i == len || line[i] == '\t') {
            offs[f++] = t->hbuf.len;
            rc = es_buf_append(&t->hbuf, line + s, i - s);
            if (rc == ES_OK)
                rc = es_buf_putc(&t->hbuf, '\0');
            s = i + 1;
        }
    }
    if (rc != ES_OK) {
        free(hdr);
        free(offs);
        return rc == ES_ERR_LIMIT ? ES_OK : rc;   /* an oversized header is no header */
    }
    for (size_t i = 0; i < f; i++)
        hdr[i] = t->hbuf.data + offs[i];
    free(offs);
    free(t->hdr);
    t->hdr = hdr;
    t->nhdr = f;
    t->have_header = 1;
    return ES_OK;
}

int es_xtable_end_row(struct es_xtable *t)
{
    if (t->row == 0)
        return ES_OK;
    int rc = ES_OK;
    if (t->blk.text.len == t->row_start) {
        /* Empty row: drop its spans. */
        t->blk.nspan = t->row_span;
        t->row = 0;
        return ES_OK;
    }
    t->rows_seen++;
    int header = 0;
    if (!t->have_header) {
        if (t->mode == ES_XHEAD_FIRST)
            header = 1;
        else if (t->rows_seen <= HEADER_SEARCH_ROWS && t->ntext >= 2 && !t->long_cell)
            header = 1;
    }
    if (header) {
        /* The header row goes out with the context before it; rows below get it. */
        rc = take_header(t);
        if (rc == ES_OK)
            rc = es_xblock_putc(&t->blk, '\n');
        if (rc == ES_OK)
            rc = es_xblock_flush(&t->blk);
        t->blk.header = (const char *const *)t->hdr;
        t->blk.nheader = t->nhdr;
    } else {
        rc = es_xblock_putc(&t->blk, '\n');
        if (rc == ES_OK)
            rc = es_xblock_maybe_flush(&t->blk);
    }
    t->row = 0;
    return rc;
}

int es_xtable_end(struct es_xtable *t)
{
    int rc = es_xtable_end_row(t);
    if (rc != ES_OK)
        return rc;
    return es_xblock_flush(&t->blk);
}

/* ---- Cells and numbers ---- */

size_t es_xcol_name(uint32_t col, char *buf, size_t cap)
{
    char tmp[16];
    size_t n = 0;
    uint64_t c = (uint64_t)col + 1;
    while (c > 0 && n < sizeof tmp) {
        c--;
        tmp[n++] = (char)('A' + c % 26);
        c /= 26;
    }
    size_t i = 0;
    for (; i < n && i + 1 < cap; i++)
        buf[i] = tmp[n - 1 - i];
    if (cap)
        buf[i] = '\0';
    return i;
}

int64_t es_xcell_ref(const char *ref, uint32_t *row)
{
    int64_t col = 0;
    size_t i = 0;
    *row = 0;
    if (!ref)
        return -1;
    if (ref[i] == '$')
        i++;
    /* XFD is column 16384; four letters already exceed that. */
    size_t letters = 0;
    for (; letters < 4; i++, letters++) {
        char ch = ref[i];
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 32);
        if (ch < 'A' || ch > 'Z')
            break;
        col = col * 26 + (ch - 'A' + 1);
    }
    if (letters == 0)
        return -1;
    if (ref[i] == '$')
        i++;
    uint64_t r = 0;
    for (; ref[i] >= '0' && ref[i] <= '9'; i++) {
        r = r * 10 + (uint64_t)(ref[i] - '0');
        if (r > UINT32_MAX)
            return -1;
    }
    *row = (uint32_t)r;
    return col - 1;
}

int es_xis_number(const char *p, size_t n)
{
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (ch >= '0' && ch <= '9')
            digits++;
        else if (!(ch == '.' || ch == ',' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E' ||
                   ch == '%' || ch == ' '))
            return 0;
    }
    return digits > 0;
}

size_t es_xnumber(const char *v, size_t n, char *buf, size_t cap)
{
    char tmp[64];
    if (cap == 0)
        return 0;
    if (n == 0 || n >= sizeof tmp)
        goto asis;
    memcpy(tmp, v, n);
    tmp[n] = '\0';
    char *end = NULL;
    errno = 0;
    double d = strtod(tmp, &end);
    if (errno || end != tmp + n)
        goto asis;
    /* Integers below 2^53 are exact in a double; below 1e15 they print
     * without exponent and cover every phone, IMEI-less ID and serial date. */
    if (d == (double)(long long)d && d > -1e15 && d < 1e15) {
        int k = snprintf(buf, cap, "%lld", (long long)d);
        return k < 0 ? 0 : ((size_t)k < cap ? (size_t)k : cap - 1);
    }
asis:;
    size_t k = n < cap - 1 ? n : cap - 1;
    memcpy(buf, v, k);
    buf[k] = '\0';
    return k;
}

/* ---- Readers ---- */

struct es_xsrc {
    char err[96];        /* libxml2's first error message */
    struct es_zread zr;  /* a zip part (zr.zf set; zeroed otherwise), else in */
    struct es_input *in;
    uint64_t got, max, packed, ratio;
    int limited;
    int failed;
};

static int src_read(void *ctx, char *buf, int len)
{
    struct es_xsrc *s = ctx;
    if (len <= 0)
        return 0;
    if (s->in) {
        ssize_t n = es_input_read(s->in, buf, (size_t)len);
        if (n < 0) {
            s->failed = 1;
            s->limited = n == ES_ERR_LIMIT;
            return -1;
        }
        return (int)n;
    }
    ssize_t n = es_zread_read(&s->zr, buf, (size_t)len);
    if (n < 0) {
        s->failed = 1;
        return -1;
    }
    s->got += (uint64_t)n;
    if (s->got > s->max ||
        (s->got > ES_RATIO_GRACE && s->packed && s->got / s->packed > s->ratio)) {
        s->limited = 1;
        return -1;
    }
    return (int)n;
}

/* Keep the first error message (for the record's reason), print nothing. */
static void reader_error(void *ctx, xmlErrorPtr err)
{
    struct es_xsrc *src = ctx;
    if (src->err[0] || !err || !err->message || err->level < XML_ERR_ERROR)
        return;
    snprintf(src->err, sizeof src->err, "%s", err->message);
    size_t n = strlen(src->err);
    while (n && (src->err[n - 1] == '\n' || src->err[n - 1] == ' '))
        src->err[--n] = '\0';
}

static xmlTextReaderPtr open_reader(struct es_xsrc *src, const char *url)
{
    xmlTextReaderPtr r = xmlReaderForIO(src_read, NULL, src, url, NULL, ES_XML_OPTIONS);
    if (r)
        xmlTextReaderSetStructuredErrorHandler(r, reader_error, src);
    return r;
}

xmlTextReaderPtr es_xml_open_zip(struct es_xout *o, zip_t *z, zip_int64_t idx, struct es_xsrc **srcp)
{
    *srcp = NULL;
    zip_stat_t st;
    zip_stat_init(&st);
    const char *name = zip_get_name(z, (zip_uint64_t)idx, 0);
    if (!name)
        name = "?";
    struct es_xsrc *src = calloc(1, sizeof *src);
    if (!src)
        return NULL;
    src->max = o->sink ? es_sink_limit(o->sink, ES_LIMIT_MEMBER_BYTES) : ES_DEFAULT_MEMBER_BYTES;
    src->ratio = o->sink ? es_sink_limit(o->sink, ES_LIMIT_RATIO) : ES_DEFAULT_RATIO;
    if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_COMP_SIZE))
        src->packed = st.comp_size;
    /* Without a stat the part goes to libzip (es_zread_open wants the
     * method, encryption and CRC). */
    if (es_zread_open(&src->zr, z, (zip_uint64_t)idx, &st) < 0) {
        es_xout_partial(o, "%s: %s", name, zip_error_strerror(zip_get_error(z)));
        es_zread_fini(&src->zr);
        free(src);
        return NULL;
    }
    xmlTextReaderPtr r = open_reader(src, name);
    if (!r) {
        es_zread_fini(&src->zr);
        free(src);
        es_xout_partial(o, "%s: cannot start the XML reader", name);
        return NULL;
    }
    *srcp = src;
    return r;
}

xmlTextReaderPtr es_xml_open_input(struct es_xout *o, struct es_input *in, struct es_xsrc **srcp)
{
    *srcp = NULL;
    struct es_xsrc *src = calloc(1, sizeof *src);
    if (!src)
        return NULL;
    src->in = in;
    xmlTextReaderPtr r = open_reader(src, in->name ? in->name : "input");
    if (!r) {
        free(src);
        es_xout_partial(o, "cannot start the XML reader");
        return NULL;
    }
    *srcp = src;
    return r;
}

void es_xml_close(xmlTextReaderPtr r, struct es_xsrc *src)
{
    if (r)
        xmlFreeTextReader(r);
    if (src) {
        es_zread_fini(&src->zr);
        free(src);
    }
}

int es_xml_next(struct es_xout *o, xmlTextReaderPtr r, struct es_xsrc *src, const char *part)
{
    if (o->stop)
        return 0;
    int rc = xmlTextReaderRead(r);
    if (rc == 1)
        return es_xout_tick(o) == ES_OK ? 1 : 0;
    if (rc < 0) {
        if (src && src->limited) {
            o->limit = 1;
            es_xout_partial(o, "%s: member-bytes or ratio limit reached", part);
        } else if (src && src->zr.why) {
            /* The part's data, not its XML: libxml2 only saw the input end
             * ("not well-formed XML near line N"). */
            es_xout_partial(o, "%s: %s", part, src->zr.why);
        } else {
            es_xout_partial(o, "%s: not well-formed XML near line %d%s%s", part,
                            xmlTextReaderGetParserLineNumber(r), src && src->err[0] ? ": " : "",
                            src ? src->err : "");
        }
    }
    return 0;
}

const char *es_xml_attr(xmlTextReaderPtr r, const char *local, char *buf, size_t cap)
{
    const char *found = NULL;
    if (xmlTextReaderMoveToFirstAttribute(r) != 1)
        return NULL;
    do {
        const char *ln = (const char *)xmlTextReaderConstLocalName(r);
        if (ln && strcmp(ln, local) == 0) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            snprintf(buf, cap, "%s", v ? v : "");
            found = buf;
            break;
        }
    } while (xmlTextReaderMoveToNextAttribute(r) == 1);
    xmlTextReaderMoveToElement(r);
    return found;
}

const char *es_xml_local(xmlTextReaderPtr r)
{
    const char *ln = (const char *)xmlTextReaderConstLocalName(r);
    return ln ? ln : "";
}

void es_xml_walk(struct es_xout *o, xmlTextReaderPtr r, struct es_xsrc *src, const char *part,
                 const struct es_xwalk *cb, void *ctx)
{
    while (es_xml_next(o, r, src, part) == 1) {
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *local = es_xml_local(r);
            int empty = xmlTextReaderIsEmptyElement(r) == 1;
            if (cb->start)
                cb->start(ctx, r, local, depth);
            if (empty && cb->end)
                cb->end(ctx, es_xml_local(r), depth);
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (cb->end)
                cb->end(ctx, es_xml_local(r), depth);
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const char *v = (const char *)xmlTextReaderConstValue(r);
            if (v && cb->text)
                cb->text(ctx, v, strlen(v), xmlTextReaderGetParserLineNumber(r));
        }
    }
}

int es_xml_walk_zip(struct es_xout *o, zip_t *z, const char *name, const struct es_xwalk *cb,
                    void *ctx)
{
    zip_int64_t idx = es_zip_find(z, name);
    if (idx < 0)
        return 0;
    struct es_xsrc *src = NULL;
    xmlTextReaderPtr r = es_xml_open_zip(o, z, idx, &src);
    if (r)
        es_xml_walk(o, r, src, name, cb, ctx);
    es_xml_close(r, src);
    return 1;
}

/* ---- Zip ---- */

zip_int64_t es_zip_find(zip_t *z, const char *name)
{
    zip_int64_t i = zip_name_locate(z, name, 0);
    if (i < 0)
        i = zip_name_locate(z, name, ZIP_FL_NOCASE);
    return i;
}

zip_t *es_zip_open_input(struct es_sink *sink, struct es_input *in, int *err, char *msg, size_t cap)
{
    int zerr = 0;
    zip_t *z = NULL;
    zip_error_t ze;
    *err = ES_OK;
    /* A file is opened by libzip itself (random access, nothing loaded);
     * a pipe or a member is loaded into memory first. */
    if (in->fd >= 0 && lseek(in->fd, 0, SEEK_CUR) >= 0) {
        int fd = dup(in->fd);
        if (fd < 0) {
            *err = ES_ERR_IO;
            snprintf(msg, cap, "dup: %s", strerror(errno));
            return NULL;
        }
        z = zip_fdopen(fd, 0, &zerr);
        if (!z)
            close(fd);
    } else {
        const unsigned char *p = NULL;
        size_t len = 0;
        uint64_t lim = sink ? es_sink_limit(sink, ES_LIMIT_LOAD_BYTES) : ES_DEFAULT_LOAD_BYTES;
        int rc = es_input_load(in, (size_t)lim, &p, &len);
        if (rc != ES_OK) {
            *err = rc;
            snprintf(msg, cap, "%s", rc == ES_ERR_LIMIT ? "load-bytes limit reached" : es_strerror(rc));
            return NULL;
        }
        zip_error_init(&ze);
        zip_source_t *zs = zip_source_buffer_create(p, len, 0, &ze);
        if (zs) {
            z = zip_open_from_source(zs, ZIP_RDONLY, &ze);
            if (!z)
                zip_source_free(zs);
        }
        zerr = zip_error_code_zip(&ze);
        zip_error_fini(&ze);
    }
    if (!z) {
        zip_error_init_with_code(&ze, zerr);
        *err = ES_ERR_FORMAT;
        snprintf(msg, cap, "not a readable zip: %s", zip_error_strerror(&ze));
        zip_error_fini(&ze);
    }
    return z;
}
