/*
 * OOXML: xlsx, docx and pptx (ECMA-376), read part by part from the zip
 * package with libxml2's streaming reader (xml.h), never as a DOM.
 *
 * Locations:
 *   xlsx  "Sheet1!C7" (sheet name as written in workbook.xml, unquoted);
 *   docx  "paragraph N" for the N-th body paragraph outside tables,
 *         "table T row R cell C" for the C-th cell of row R of the T-th
 *         top-level table (nested tables flow into their cell); parts other
 *         than the body prefix their name: "header1 paragraph 2",
 *         "footnotes paragraph 1", "comments table 1 row 1 cell 2";
 *   pptx  "slide N" (N from the slide's part name), "slide N notes".
 * Spreadsheet rows and document table rows are TSV lines whose header row
 * is context for the detectors of each column (xml.h es_xtable).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "ooxml.h"
#include "xml.h"

/* ---- Relationships ---- */

struct rel {
    char id[64];
    char type[48];     /* last component of the Type URI: "worksheet", "sharedStrings" */
    char target[256];  /* resolved part name, no leading '/' */
};

/* Relationships read per part: a workbook with more sheets than this is not
 * an export (Excel's own limit is memory; real files have dozens). */
#define MAX_RELS 4096

struct rels {
    struct rel *v;
    size_t n;
    char dir[256];   /* directory of the source part, with trailing '/' */
};

/* Join dir and a relative target, resolving "." and "..". */
static void resolve(const char *dir, const char *target, char *out, size_t cap)
{
    char tmp[1024];
    int k = target[0] == '/' ? snprintf(tmp, sizeof tmp, "%s", target + 1)
                             : snprintf(tmp, sizeof tmp, "%.300s%.600s", dir, target);
    if (k < 0)
        tmp[0] = '\0';
    size_t o = 0;
    const char *p = tmp;
    while (*p && o + 1 < cap) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 1 && p[0] == '.') {
            /* skip */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            if (o > 0)
                o--;
            while (o > 0 && out[o - 1] != '/')
                o--;
        } else if (n > 0) {
            if (n + 1 >= cap - o)
                break;
            memcpy(out + o, p, n);
            o += n;
            if (e)
                out[o++] = '/';
        }
        p = e ? e + 1 : p + n;
    }
    if (o > 0 && out[o - 1] == '/')
        o--;
    out[o] = '\0';
}

static void dir_of(const char *part, char *dir, size_t cap)
{
    const char *slash = strrchr(part, '/');
    size_t n = slash ? (size_t)(slash - part) + 1 : 0;
    if (n >= cap)
        n = cap - 1;
    memcpy(dir, part, n);
    dir[n] = '\0';
}

static void rels_start(void *ctx, xmlTextReaderPtr r, const char *local, int depth)
{
    (void)depth;
    struct rels *rs = ctx;
    if (strcmp(local, "Relationship") != 0 || rs->n >= MAX_RELS)
        return;
    char id[64], type[256], target[512], mode[32];
    if (!es_xml_attr(r, "Id", id, sizeof id) || !es_xml_attr(r, "Target", target, sizeof target))
        return;
    if (es_xml_attr(r, "TargetMode", mode, sizeof mode) && strcmp(mode, "External") == 0)
        return;
    if (!es_xml_attr(r, "Type", type, sizeof type))
        type[0] = '\0';
    if (rs->n % 64 == 0) {
        struct rel *nv = realloc(rs->v, (rs->n + 64) * sizeof *nv);
        if (!nv)
            return;
        rs->v = nv;
    }
    struct rel *e = &rs->v[rs->n++];
    snprintf(e->id, sizeof e->id, "%s", id);
    const char *slash = strrchr(type, '/');
    snprintf(e->type, sizeof e->type, "%s", slash ? slash + 1 : type);
    resolve(rs->dir, target, e->target, sizeof e->target);
}

/* Relationships of part ("xl/workbook.xml" -> "xl/_rels/workbook.xml.rels"). */
static void rels_read(struct es_xout *o, zip_t *z, const char *part, struct rels *rs)
{
    memset(rs, 0, sizeof *rs);
    char dir[256], name[600];
    dir_of(part, dir, sizeof dir);
    snprintf(rs->dir, sizeof rs->dir, "%s", dir);
    snprintf(name, sizeof name, "%s_rels/%s.rels", dir, part + strlen(dir));
    static const struct es_xwalk cb = {.start = rels_start};
    es_xml_walk_zip(o, z, name, &cb, rs);
}

static const struct rel *rels_find(const struct rels *rs, const char *id, const char *type)
{
    for (size_t i = 0; i < rs->n; i++) {
        if (id && strcmp(rs->v[i].id, id) == 0)
            return &rs->v[i];
        if (type && strcmp(rs->v[i].type, type) == 0)
            return &rs->v[i];
    }
    return NULL;
}

/* The main part named by the package relationships, or "" if none. */
static void main_part(struct es_xout *o, zip_t *z, char *out, size_t cap)
{
    struct rels rs;
    memset(&rs, 0, sizeof rs);
    static const struct es_xwalk cb = {.start = rels_start};
    es_xml_walk_zip(o, z, "_rels/.rels", &cb, &rs);
    const struct rel *e = rels_find(&rs, NULL, "officeDocument");
    snprintf(out, cap, "%s", e ? e->target : "");
    free(rs.v);
}

const char *es_ooxml_kind(zip_t *z)
{
    if (es_zip_find(z, "xl/workbook.xml") >= 0)
        return "xlsx";
    if (es_zip_find(z, "word/document.xml") >= 0)
        return "docx";
    if (es_zip_find(z, "ppt/presentation.xml") >= 0)
        return "pptx";
    zip_int64_t m = es_zip_find(z, "mimetype");
    if (m >= 0 || es_zip_find(z, "content.xml") >= 0) {
        char buf[80] = "";
        zip_file_t *f = m >= 0 ? zip_fopen_index(z, (zip_uint64_t)m, 0) : NULL;
        if (f) {
            zip_int64_t n = zip_fread(f, buf, sizeof buf - 1);
            buf[n > 0 ? n : 0] = '\0';
            zip_fclose(f);
        }
        if (strstr(buf, "opendocument.spreadsheet") || strstr(buf, "sun.xml.calc"))
            return "ods";
        if (strstr(buf, "opendocument.text") || strstr(buf, "sun.xml.writer"))
            return "odt";
        if (strstr(buf, "opendocument.presentation") || strstr(buf, "sun.xml.impress"))
            return "odp";
        return "odf";
    }
    /* Main parts under other names (strict or hand-made packages). */
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        if (!name)
            continue;
        if (strncmp(name, "xl/worksheets/", 14) == 0)
            return "xlsx";
        if (strncmp(name, "word/", 5) == 0)
            return "docx";
        if (strncmp(name, "ppt/slides/", 11) == 0)
            return "pptx";
    }
    return NULL;
}

/* ---- xlsx ---- */

/* Shared strings kept in memory: a sheet may use any of them at any time.
 * 4M strings and 64 MiB are far above real exports (Excel's own practical
 * ceiling is a few hundred thousand unique strings) and bound a hostile sst. */
#define SST_MAX_COUNT (4u * 1024u * 1024u)
#define SST_MAX_BYTES (64ull * ES_MIB)
/* One cell's text: Excel allows 32767 characters; more is hostile. */
#define CELL_MAX_BYTES (1u * ES_MIB)

/* A shared string can be referenced by every cell: a 1 MiB string in 30,000
 * cells is 30 GB of text from a 100 KB file (POI's poc-shared-strings.xlsx).
 * Strings longer than REPEAT_LONG are scanned in full once; later references
 * give only their first REPEAT_LONG bytes, and only until REPEAT_CAP bytes of
 * such repeats per workbook (a value was found on the first reference). */
#define REPEAT_LONG 1024u
#define REPEAT_CAP (16ull * ES_MIB)

struct sst {
    struct es_xout *o;
    struct es_buf text;
    uint8_t *seen;       /* per string: a long string was emitted in full */
    uint64_t repeated;   /* bytes emitted for repeats of long strings */
    uint64_t *off;       /* start << 32 | length would overflow: two arrays */
    uint32_t *len;
    size_t n, cap;
    int in_si, in_t, in_rph;
    size_t start;
    int capped;
};

static void sst_start(void *ctx, xmlTextReaderPtr r, const char *local, int depth)
{
    (void)r;
    (void)depth;
    struct sst *s = ctx;
    if (strcmp(local, "si") == 0) {
        s->in_si = 1;
        s->in_t = s->in_rph = 0;
        s->start = s->text.len;
    } else if (strcmp(local, "t") == 0) {
        s->in_t = 1;
    } else if (strcmp(local, "rPh") == 0) {
        /* Phonetic readings (furigana) would glue a second spelling onto names. */
        s->in_rph = 1;
    }
}

static void sst_end(void *ctx, const char *local, int depth)
{
    (void)depth;
    struct sst *s = ctx;
    if (strcmp(local, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(local, "rPh") == 0) {
        s->in_rph = 0;
    } else if (strcmp(local, "si") == 0 && s->in_si) {
        s->in_si = 0;
        if (s->n >= SST_MAX_COUNT) {
            s->capped = 1;
            return;
        }
        if (s->n == s->cap) {
            size_t nc = s->cap ? s->cap * 2 : 1024;
            uint64_t *no = realloc(s->off, nc * sizeof *no);
            if (!no)
                return;
            s->off = no;
            uint32_t *nl = realloc(s->len, nc * sizeof *nl);
            if (!nl)
                return;
            s->len = nl;
            s->cap = nc;
        }
        s->off[s->n] = s->start;
        s->len[s->n] = (uint32_t)(s->text.len - s->start);
        s->n++;
    }
}

static void sst_text(void *ctx, const char *p, size_t n, int line)
{
    (void)line;
    struct sst *s = ctx;
    if (!s->in_si || !s->in_t || s->in_rph)
        return;
    if (s->text.len - s->start + n > CELL_MAX_BYTES)
        return;
    if (es_buf_append(&s->text, p, n) != ES_OK)
        s->capped = 1;
}

struct sheet_state {
    struct es_xout *o;
    struct sst *sst;
    struct es_xtable t;
    uint32_t row;          /* current row number */
    int64_t next_col;
    /* The cell being read. */
    int in_c, in_v, in_is, in_t, in_rph;
    int64_t col;
    char type[16];
    struct es_buf val;
};

static void sheet_start(void *ctx, xmlTextReaderPtr r, const char *local, int depth)
{
    (void)depth;
    struct sheet_state *st = ctx;
    char buf[64];
    if (strcmp(local, "row") == 0) {
        uint32_t rn = 0;
        if (es_xml_attr(r, "r", buf, sizeof buf)) {
            char *end = NULL;
            unsigned long v = strtoul(buf, &end, 10);
            rn = (end != buf && v <= UINT32_MAX) ? (uint32_t)v : 0;
        }
        st->row = rn ? rn : st->row + 1;
        st->next_col = 0;
        if (es_xtable_row(&st->t, st->row) != ES_OK)
            st->o->stop = 1;
    } else if (strcmp(local, "c") == 0) {
        st->in_c = 1;
        st->val.len = 0;
        st->col = st->next_col;
        if (es_xml_attr(r, "r", buf, sizeof buf)) {
            uint32_t rr;
            int64_t c = es_xcell_ref(buf, &rr);
            if (c >= 0)
                st->col = c;
        }
        st->next_col = st->col + 1;
        if (!es_xml_attr(r, "t", st->type, sizeof st->type))
            st->type[0] = '\0';
    } else if (st->in_c && strcmp(local, "v") == 0) {
        st->in_v = 1;
    } else if (st->in_c && strcmp(local, "is") == 0) {
        st->in_is = 1;
    } else if (st->in_is && strcmp(local, "t") == 0) {
        st->in_t = 1;
    } else if (st->in_is && strcmp(local, "rPh") == 0) {
        st->in_rph = 1;
    }
}

static void sheet_cell(struct sheet_state *st)
{
    const char *p = st->val.data;
    size_t n = st->val.len;
    const char *ty = st->type;
    char num[64];
    int is_text = 1;
    if (strcmp(ty, "s") == 0) {
        char idx[32];
        size_t k = n < sizeof idx - 1 ? n : sizeof idx - 1;
        memcpy(idx, p ? p : "", k);
        idx[k] = '\0';
        char *end = NULL;
        unsigned long i = strtoul(idx, &end, 10);
        if (end == idx || i >= st->sst->n)
            return;
        struct sst *sst = st->sst;
        p = sst->text.data + sst->off[i];
        n = sst->len[i];
        if (n > REPEAT_LONG && sst->seen) {
            if (sst->seen[i]) {
                if (sst->repeated >= REPEAT_CAP) {
                    es_xout_partial(st->o, "repeated long shared strings past %llu bytes were skipped",
                                    (unsigned long long)REPEAT_CAP);
                    return;
                }
                n = REPEAT_LONG;
                while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
                    n--;   /* whole UTF-8 characters only */
                sst->repeated += n;
            }
            sst->seen[i] = 1;
        }
    } else if (strcmp(ty, "b") == 0) {
        return;   /* TRUE/FALSE carries nothing */
    } else if (strcmp(ty, "inlineStr") == 0 || strcmp(ty, "str") == 0 || strcmp(ty, "e") == 0 ||
               strcmp(ty, "d") == 0) {
        /* text as written */
    } else {
        n = es_xnumber(p ? p : "", n, num, sizeof num);
        p = num;
        is_text = 0;
    }
    if (n && es_xtable_cell(&st->t, st->col > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)st->col,
                            p, n, is_text) != ES_OK)
        st->o->stop = 1;
}

static void sheet_end(void *ctx, const char *local, int depth)
{
    (void)depth;
    struct sheet_state *st = ctx;
    if (strcmp(local, "row") == 0) {
        if (es_xtable_end_row(&st->t) != ES_OK)
            st->o->stop = 1;
    } else if (strcmp(local, "c") == 0 && st->in_c) {
        sheet_cell(st);
        st->in_c = st->in_v = st->in_is = st->in_t = st->in_rph = 0;
    } else if (strcmp(local, "v") == 0) {
        st->in_v = 0;
    } else if (strcmp(local, "is") == 0) {
        st->in_is = 0;
    } else if (strcmp(local, "t") == 0) {
        st->in_t = 0;
    } else if (strcmp(local, "rPh") == 0) {
        st->in_rph = 0;
    }
}

static void sheet_text(void *ctx, const char *p, size_t n, int line)
{
    (void)line;
    struct sheet_state *st = ctx;
    if (!st->in_c)
        return;
    if (st->in_v || (st->in_is && st->in_t && !st->in_rph))
        (void)es_buf_append(&st->val, p, n);   /* past the cap the cell is cut */
}

static void do_sheet(struct es_xout *o, zip_t *z, struct sst *sst, const char *name,
                     const char *part)
{
    struct sheet_state st;
    memset(&st, 0, sizeof st);
    st.o = o;
    st.sst = sst;
    es_buf_init(&st.val, CELL_MAX_BYTES);
    es_xtable_init(&st.t, o, ES_XLOC_CELL, ES_XHEAD_GUESS, name, 0);
    static const struct es_xwalk cb = {.start = sheet_start, .end = sheet_end, .text = sheet_text};
    if (!es_xml_walk_zip(o, z, part, &cb, &st))
        es_xout_partial(o, "sheet %s: part %s is missing", name, part);
    if (es_xtable_end(&st.t) != ES_OK)
        o->stop = 1;
    es_xtable_free(&st.t);
    es_buf_free(&st.val);
}

struct wb_sheet {
    char name[128];
    char rid[64];
};

struct wb_state {
    struct wb_sheet *v;
    size_t n;
};

static void wb_start(void *ctx, xmlTextReaderPtr r, const char *local, int depth)
{
    (void)depth;
    struct wb_state *wb = ctx;
    if (strcmp(local, "sheet") != 0 || wb->n >= MAX_RELS)
        return;
    if (wb->n % 32 == 0) {
        struct wb_sheet *nv = realloc(wb->v, (wb->n + 32) * sizeof *nv);
        if (!nv)
            return;
        wb->v = nv;
    }
    struct wb_sheet *s = &wb->v[wb->n];
    if (!es_xml_attr(r, "name", s->name, sizeof s->name))
        snprintf(s->name, sizeof s->name, "Sheet%zu", wb->n + 1);
    /* r:id: the only attribute named "id" on <sheet> (sheetId is another). */
    if (!es_xml_attr(r, "id", s->rid, sizeof s->rid))
        s->rid[0] = '\0';
    wb->n++;
}

static int do_xlsx(struct es_xout *o, zip_t *z, const char *main)
{
    struct rels rs;
    rels_read(o, z, main, &rs);
    struct wb_state wb = {0};
    static const struct es_xwalk wcb = {.start = wb_start};
    es_xml_walk_zip(o, z, main, &wcb, &wb);

    struct sst sst;
    memset(&sst, 0, sizeof sst);
    sst.o = o;
    es_buf_init(&sst.text, (size_t)SST_MAX_BYTES);
    const struct rel *sr = rels_find(&rs, NULL, "sharedStrings");
    static const struct es_xwalk scb = {.start = sst_start, .end = sst_end, .text = sst_text};
    es_xml_walk_zip(o, z, sr ? sr->target : "xl/sharedStrings.xml", &scb, &sst);
    sst.seen = sst.n ? calloc(sst.n, 1) : NULL;
    if (sst.capped)
        es_xout_partial(o, "shared strings past %u strings or %llu bytes were not read",
                        SST_MAX_COUNT, (unsigned long long)SST_MAX_BYTES);

    size_t done = 0;
    for (size_t i = 0; i < wb.n && !o->stop; i++) {
        const struct rel *e = rels_find(&rs, wb.v[i].rid, NULL);
        if (!e)
            continue;
        if (strcmp(e->type, "worksheet") != 0 && strstr(e->target, "worksheets/") == NULL)
            continue;   /* chartsheets, dialog sheets: no cells */
        do_sheet(o, z, &sst, wb.v[i].name, e->target);
        done++;
    }
    if (done == 0 && !o->stop) {
        /* No usable workbook: read every worksheet part under its file name. */
        zip_int64_t n = zip_get_num_entries(z, 0);
        for (zip_int64_t i = 0; i < n && !o->stop; i++) {
            const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
            if (!name || strncmp(name, "xl/worksheets/", 14) != 0 || strchr(name + 14, '/'))
                continue;
            char sname[128];
            snprintf(sname, sizeof sname, "%s", name + 14);
            char *dot = strrchr(sname, '.');
            if (dot)
                *dot = '\0';
            do_sheet(o, z, &sst, sname, name);
        }
    }
    free(wb.v);
    free(rs.v);
    es_buf_free(&sst.text);
    free(sst.off);
    free(sst.len);
    free(sst.seen);
    return ES_OK;
}

/* ---- docx ---- */

struct doc_state {
    struct es_xout *o;
    struct es_xblock para;   /* paragraphs outside tables */
    struct es_xtable t;
    const char *prefix;
    uint32_t npara, ntable;
    int tdepth;              /* table nesting */
    uint32_t row, cell;
    struct es_buf cellbuf;
    int in_t, in_tabs, cell_para;
};

static void doc_start(void *ctx, xmlTextReaderPtr r, const char *local, int depth)
{
    (void)r;
    (void)depth;
    struct doc_state *d = ctx;
    if (strcmp(local, "tbl") == 0) {
        if (d->tdepth++ == 0) {
            if (es_xblock_flush(&d->para) != ES_OK)
                d->o->stop = 1;
            es_xtable_init(&d->t, d->o, ES_XLOC_TABLE, ES_XHEAD_FIRST, d->prefix, ++d->ntable);
            d->row = 0;
        }
    } else if (d->tdepth == 1 && strcmp(local, "tr") == 0) {
        d->cell = 0;
        if (es_xtable_row(&d->t, ++d->row) != ES_OK)
            d->o->stop = 1;
    } else if (d->tdepth == 1 && strcmp(local, "tc") == 0) {
        d->cell++;
        d->cellbuf.len = 0;
        d->cell_para = 0;
    } else if (strcmp(local, "p") == 0) {
        if (d->tdepth > 0) {
            if (d->cell_para++ && d->cellbuf.len)
                (void)es_buf_putc(&d->cellbuf, ' ');
        } else if (es_xblock_span(&d->para, ++d->npara, 0, 0) != ES_OK) {
            d->o->stop = 1;
        }
    } else if (strcmp(local, "t") == 0 || strcmp(local, "delText") == 0) {
        d->in_t = 1;
    } else if (strcmp(local, "tabs") == 0) {
        d->in_tabs = 1;   /* tab stops of a paragraph's properties, not tabs */
    } else if ((strcmp(local, "tab") == 0 && !d->in_tabs) || strcmp(local, "br") == 0 ||
               strcmp(local, "cr") == 0) {
        char ch = local[0] == 't' ? '\t' : '\n';
        if (d->tdepth > 0)
            (void)es_buf_putc(&d->cellbuf, ' ');
        else
            (void)es_xblock_putc(&d->para, ch);
    }
}

static void doc_end(void *ctx, const char *local, int depth)
{
    (void)depth;
    struct doc_state *d = ctx;
    int rc = ES_OK;
    if (strcmp(local, "tbl") == 0 && d->tdepth > 0) {
        if (--d->tdepth == 0) {
            rc = es_xtable_end(&d->t);
            es_xtable_free(&d->t);
        }
    } else if (d->tdepth == 1 && strcmp(local, "tr") == 0) {
        rc = es_xtable_end_row(&d->t);
    } else if (d->tdepth == 1 && strcmp(local, "tc") == 0) {
        rc = es_xtable_cell(&d->t, d->cell - 1, d->cellbuf.data, d->cellbuf.len, 1);
        d->cellbuf.len = 0;
    } else if (strcmp(local, "p") == 0 && d->tdepth == 0) {
        rc = es_xblock_putc(&d->para, '\n');
        if (rc == ES_OK)
            rc = es_xblock_maybe_flush(&d->para);
    } else if (strcmp(local, "t") == 0 || strcmp(local, "delText") == 0) {
        d->in_t = 0;
    } else if (strcmp(local, "tabs") == 0) {
        d->in_tabs = 0;
    }
    if (rc != ES_OK && rc != ES_ERR_LIMIT)
        d->o->stop = 1;
}

static void doc_text(void *ctx, const char *p, size_t n, int line)
{
    (void)line;
    struct doc_state *d = ctx;
    if (!d->in_t)
        return;
    if (d->tdepth > 0)
        (void)es_buf_append(&d->cellbuf, p, n);   /* past the cap the cell is cut */
    else if (es_xblock_add(&d->para, p, n, 0) != ES_OK)
        d->o->stop = 1;
}

static void do_docpart(struct es_xout *o, zip_t *z, const char *part, const char *prefix)
{
    struct doc_state d;
    memset(&d, 0, sizeof d);
    d.o = o;
    d.prefix = prefix;
    es_xblock_init(&d.para, o, ES_XLOC_PARA);
    es_xblock_prefix(&d.para, prefix);
    d.para.flags = ES_CHUNK_PROSE;
    es_buf_init(&d.cellbuf, CELL_MAX_BYTES);
    static const struct es_xwalk cb = {.start = doc_start, .end = doc_end, .text = doc_text};
    es_xml_walk_zip(o, z, part, &cb, &d);
    if (d.tdepth > 0) {
        /* Truncated inside a table: keep what was read. */
        if (es_xtable_end(&d.t) != ES_OK)
            o->stop = 1;
        es_xtable_free(&d.t);
    }
    if (es_xblock_flush(&d.para) != ES_OK)
        o->stop = 1;
    es_xblock_free(&d.para);
    es_buf_free(&d.cellbuf);
}

/* Parts of a word document besides the body, with their location prefix. */
static int doc_side_part(const char *name, char *prefix, size_t cap)
{
    static const char *const pre[] = {"word/header", "word/footer", NULL};
    static const char *const fixed[] = {"word/comments.xml", "word/footnotes.xml",
                                        "word/endnotes.xml", NULL};
    for (size_t i = 0; fixed[i]; i++) {
        if (strcmp(name, fixed[i]) == 0) {
            const char *b = name + 5;
            snprintf(prefix, cap, "%.*s ", (int)(strlen(b) - 4), b);
            return 1;
        }
    }
    for (size_t i = 0; pre[i]; i++) {
        size_t k = strlen(pre[i]);
        size_t n = strlen(name);
        if (strncmp(name, pre[i], k) == 0 && n > 4 && strcmp(name + n - 4, ".xml") == 0 &&
            !strchr(name + 5, '/')) {
            snprintf(prefix, cap, "%.*s ", (int)(n - 9), name + 5);
            return 1;
        }
    }
    return 0;
}

static int do_docx(struct es_xout *o, zip_t *z, const char *main)
{
    do_docpart(o, z, main, "");
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n && !o->stop; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        char prefix[64];
        if (name && doc_side_part(name, prefix, sizeof prefix))
            do_docpart(o, z, name, prefix);
    }
    return ES_OK;
}

/* ---- pptx ---- */

struct slide_state {
    struct es_xout *o;
    struct es_xblock b;
    int in_t;
};

static void slide_start(void *ctx, xmlTextReaderPtr r, const char *local, int depth)
{
    (void)r;
    (void)depth;
    struct slide_state *s = ctx;
    if (strcmp(local, "t") == 0)
        s->in_t = 1;
    else if (strcmp(local, "br") == 0)
        (void)es_xblock_putc(&s->b, '\n');
}

static void slide_end(void *ctx, const char *local, int depth)
{
    (void)depth;
    struct slide_state *s = ctx;
    if (strcmp(local, "t") == 0) {
        s->in_t = 0;
    } else if (strcmp(local, "p") == 0) {
        if (es_xblock_putc(&s->b, '\n') != ES_OK || es_xblock_maybe_flush(&s->b) != ES_OK)
            s->o->stop = 1;
    }
}

static void slide_text(void *ctx, const char *p, size_t n, int line)
{
    (void)line;
    struct slide_state *s = ctx;
    if (s->in_t && es_xblock_add(&s->b, p, n, 0) != ES_OK)
        s->o->stop = 1;
}

/* The number in "ppt/slides/slide12.xml" (0 if none). */
static uint32_t part_number(const char *name)
{
    const char *dot = strrchr(name, '.');
    const char *p = dot;
    if (!p)
        return 0;
    while (p > name && p[-1] >= '0' && p[-1] <= '9')
        p--;
    uint32_t v = 0;
    for (; p < dot && v < 100000000u; p++)
        v = v * 10 + (uint32_t)(*p - '0');
    return v;
}

static void do_slide(struct es_xout *o, zip_t *z, const char *part, const char *where)
{
    struct slide_state s;
    memset(&s, 0, sizeof s);
    s.o = o;
    es_xblock_init(&s.b, o, ES_XLOC_FIXED);
    es_xblock_prefix(&s.b, where);
    s.b.flags = ES_CHUNK_PROSE;
    static const struct es_xwalk cb = {.start = slide_start, .end = slide_end, .text = slide_text};
    es_xml_walk_zip(o, z, part, &cb, &s);
    if (es_xblock_flush(&s.b) != ES_OK)
        o->stop = 1;
    es_xblock_free(&s.b);
}

static int do_pptx(struct es_xout *o, zip_t *z)
{
    zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n && !o->stop; i++) {
        const char *name = zip_get_name(z, (zip_uint64_t)i, 0);
        char where[64];
        if (!name)
            continue;
        if (strncmp(name, "ppt/slides/slide", 16) == 0 && !strchr(name + 11, '/')) {
            snprintf(where, sizeof where, "slide %u", part_number(name));
            do_slide(o, z, name, where);
        } else if (strncmp(name, "ppt/notesSlides/notesSlide", 26) == 0 &&
                   !strchr(name + 16, '/')) {
            /* The slide a notes page belongs to is named by its relationships. */
            struct rels rs;
            rels_read(o, z, name, &rs);
            const struct rel *e = rels_find(&rs, NULL, "slide");
            uint32_t num = e ? part_number(e->target) : part_number(name);
            free(rs.v);
            snprintf(where, sizeof where, "slide %u notes", num);
            do_slide(o, z, name, where);
        }
    }
    return ES_OK;
}

/* ---- Entry points ---- */

int es_ooxml_extract(struct es_xout *o, zip_t *z, const char *kind)
{
    char main[256];
    main_part(o, z, main, sizeof main);
    if (!kind)
        kind = es_ooxml_kind(z);
    if (!kind)
        return ES_ERR_FORMAT;
    if (strcmp(kind, "xlsx") == 0) {
        if (!main[0] || strncmp(main, "xl/", 3) != 0)
            snprintf(main, sizeof main, "xl/workbook.xml");
        return do_xlsx(o, z, main);
    }
    if (strcmp(kind, "docx") == 0) {
        if (!main[0] || strncmp(main, "word/", 5) != 0)
            snprintf(main, sizeof main, "word/document.xml");
        return do_docx(o, z, main);
    }
    if (strcmp(kind, "pptx") == 0)
        return do_pptx(o, z);
    return es_odf_extract(o, z, kind);
}

int es_ooxml_run_zip(struct es_sink *sink, zip_t *z, const char *kind)
{
    es_xml_thread_init();
    if (!kind)
        kind = es_ooxml_kind(z);
    if (!kind)
        return es_sink_fail(sink, ES_ERR_FORMAT, "zip package without an office document");
    es_sink_set_type(sink, kind);
    struct es_xout o;
    es_xout_init(&o, sink);
    int rc = es_ooxml_extract(&o, z, kind);
    if (rc != ES_OK && rc != ES_STOP)
        return es_sink_fail(sink, rc, "%s: %s", kind, o.why[0] ? o.why : es_strerror(rc));
    return es_xout_finish(&o, ES_OK);
}

/* ---- The extractor ---- */

static int has(const unsigned char *h, size_t n, const char *needle)
{
    return memmem(h, n, needle, strlen(needle)) != NULL;
}

static int ooxml_bid(const struct es_sniff *s)
{
    const char *m = s->mime ? s->mime : "";
    int zip = s->head_len >= 4 && memcmp(s->head, "PK\3\4", 4) == 0;
    /* Above the zip extractor's bid on the same bytes: a workbook is a zip,
     * but its cells are what matter. An OLE2 file is never ours, whatever its
     * name or MIME (encrypted OOXML lives in OLE2: the ole2 extractor says so). */
    if (!zip)
        return 0;
    if (strncmp(m, "application/vnd.openxmlformats-officedocument.", 46) == 0 ||
        strncmp(m, "application/vnd.ms-excel.sheet.", 31) == 0 ||
        strncmp(m, "application/vnd.ms-word.document.", 33) == 0 ||
        strncmp(m, "application/vnd.ms-powerpoint.presentation.", 43) == 0)
        return 70;
    /* The first local headers name the package parts (libmagic's own test). */
    if (has(s->head, s->head_len, "[Content_Types].xml") &&
        (has(s->head, s->head_len, "xl/") || has(s->head, s->head_len, "word/") ||
         has(s->head, s->head_len, "ppt/")))
        return 60;
    static const char *const ext[] = {"xlsx", "xlsm", "xltx", "xltm", "docx", "docm", "dotx",
                                      "dotm", "pptx", "pptm", "potx", "ppsx", NULL};
    for (size_t i = 0; s->ext && ext[i]; i++)
        if (strcmp(s->ext, ext[i]) == 0)
            return 40;   /* a zip with an office name: only a tie-break over plain zip */
    return 0;
}

static int ooxml_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)s;
    es_xml_thread_init();
    int err = ES_OK;
    char msg[160];
    zip_t *z = es_zip_open_input(sink, in, &err, msg, sizeof msg);
    if (!z)
        return es_sink_fail(sink, err, "%s", msg);
    int rc = es_ooxml_run_zip(sink, z, NULL);
    zip_discard(z);
    return rc;
}

const struct es_extractor es_ex_ooxml = {
    .name = "ooxml",
    .bid = ooxml_bid,
    .run = ooxml_run,
};
