/*
 * PDF: text of every page from its content streams (Tj, TJ, ', "), decoded
 * through the fonts' ToUnicode CMaps so Japanese text comes out right;
 * location "page N". Objects are found by scanning for "N G obj" rather than
 * trusting the xref table, so a broken PDF still yields what can be read;
 * object streams are unpacked. Encrypted PDFs get status "encrypted".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "extract.h"

/* Caps against hostile files. Real documents stay far below each. */
#define MAX_OBJECTS (1u << 20)      /* object numbers considered */
#define MAX_PAGES 100000u
#define MAX_TREE_DEPTH 64           /* /Pages nesting, /Parent chains */
#define MAX_FORM_DEPTH 8            /* form XObjects inside form XObjects */
#define MAX_FONTS 512               /* fonts cached per document */
#define MAX_CMAP_ENTRIES (1u << 16) /* code-to-text entries per ToUnicode map */
#define MAX_FILTERS 4               /* chained stream filters (curl MAX_ENCODE_STACK) */

struct span {
    const unsigned char *p, *e;
};

struct object {
    struct span body;   /* from after "obj" to "endobj" (or object-stream slice) */
    int set;
};

struct cmap_entry {
    uint32_t code;
    uint32_t len;       /* range length (1 for bfchar) */
    char utf8[24];      /* text of the first code; ranges increment its last char */
    uint8_t n;
};

struct font {
    int objnum;
    int two_byte;       /* codes are 2 bytes (Type0 / Identity-H) */
    struct cmap_entry *map;     /* sorted by code once parsed */
    size_t nmap, capmap;
    int has_map;
};

struct pdf {
    struct es_sink *sink;
    const unsigned char *d;
    size_t n;
    struct object *objs;
    size_t nobjs;
    unsigned char **owned;      /* decoded object streams kept alive */
    size_t nowned;
    struct font fonts[MAX_FONTS];
    size_t nfonts;
    uint64_t text_max;
    uint64_t text_used;
    int limited;
    int truncated_streams;      /* streams without "endstream": cut-off file */
};

/* ---- lexing ---- */

static int is_ws(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

static int is_delim(unsigned char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

static const unsigned char *skip_ws(const unsigned char *p, const unsigned char *e)
{
    while (p < e) {
        if (is_ws(*p)) {
            p++;
        } else if (*p == '%') {
            while (p < e && *p != '\n' && *p != '\r')
                p++;
        } else {
            break;
        }
    }
    return p;
}

static const unsigned char *find(const unsigned char *p, const unsigned char *e, const char *s)
{
    size_t n = strlen(s);
    if ((size_t)(e - p) < n)
        return NULL;
    return memmem(p, (size_t)(e - p), s, n);
}

/* Skip one object (value) starting at p; returns the end. */
static const unsigned char *skip_value(const unsigned char *p, const unsigned char *e, int depth)
{
    p = skip_ws(p, e);
    if (p >= e || depth > 64)
        return e;
    if (*p == '(') {
        int nest = 0;
        for (; p < e; p++) {
            if (*p == '\\') {
                p++;
                continue;
            }
            if (*p == '(')
                nest++;
            else if (*p == ')' && --nest == 0)
                return p + 1;
        }
        return e;
    }
    if (*p == '<' && p + 1 < e && p[1] == '<') {
        p += 2;
        for (;;) {
            p = skip_ws(p, e);
            if (p >= e)
                return e;
            if (*p == '>' && p + 1 < e && p[1] == '>')
                return p + 2;
            const unsigned char *q = skip_value(p, e, depth + 1);
            if (q == p)
                q++;
            p = q;
        }
    }
    if (*p == '<') {
        const unsigned char *q = memchr(p, '>', (size_t)(e - p));
        return q ? q + 1 : e;
    }
    if (*p == '[') {
        p++;
        for (;;) {
            p = skip_ws(p, e);
            if (p >= e)
                return e;
            if (*p == ']')
                return p + 1;
            const unsigned char *q = skip_value(p, e, depth + 1);
            if (q == p)
                q++;
            p = q;
        }
    }
    if (*p == '/') {
        p++;
        while (p < e && !is_ws(*p) && !is_delim(*p))
            p++;
        return p;
    }
    if (*p == ')' || *p == '>' || *p == ']')
        return p + 1;
    /* number, keyword; "N G R" is three tokens, handled by callers */
    while (p < e && !is_ws(*p) && !is_delim(*p))
        p++;
    return p;
}

static long parse_int(const unsigned char **pp, const unsigned char *e)
{
    const unsigned char *p = skip_ws(*pp, e);
    long v = 0;
    int neg = 0, any = 0;
    if (p < e && (*p == '-' || *p == '+'))
        neg = *p++ == '-';
    while (p < e && *p >= '0' && *p <= '9' && v < 100000000L) {
        v = v * 10 + (*p++ - '0');
        any = 1;
    }
    *pp = any ? p : *pp;
    return any ? (neg ? -v : v) : -1;
}

static double parse_num(const unsigned char *p, const unsigned char *e)
{
    char tmp[32];
    size_t n = 0;
    p = skip_ws(p, e);
    while (p < e && n < sizeof tmp - 1 && (strchr("+-.0123456789", *p) != NULL))
        tmp[n++] = (char)*p++;
    tmp[n] = '\0';
    return n ? strtod(tmp, NULL) : 0.0;
}

/* Value of /key in the dictionary starting at p (<<...>>), top level only. */
static int dict_get(struct span dict, const char *key, struct span *val)
{
    const unsigned char *p = skip_ws(dict.p, dict.e), *e = dict.e;
    size_t kl = strlen(key);
    if (p + 1 >= e || p[0] != '<' || p[1] != '<')
        return 0;
    p += 2;
    for (;;) {
        p = skip_ws(p, e);
        if (p >= e || (*p == '>' && p + 1 < e && p[1] == '>'))
            return 0;
        if (*p != '/') {
            const unsigned char *q = skip_value(p, e, 0);
            p = q > p ? q : p + 1;
            continue;
        }
        const unsigned char *k = p;
        p = skip_value(p, e, 0);
        int match = (size_t)(p - k) == kl && !memcmp(k, key, kl);
        const unsigned char *vs = skip_ws(p, e);
        const unsigned char *ve = skip_value(vs, e, 0);
        /* An indirect reference "N G R" is one value. */
        const unsigned char *t = vs;
        if (parse_int(&t, e) >= 0) {
            const unsigned char *t2 = t;
            if (parse_int(&t2, e) >= 0) {
                t2 = skip_ws(t2, e);
                if (t2 < e && *t2 == 'R' && (t2 + 1 >= e || is_ws(t2[1]) || is_delim(t2[1])))
                    ve = t2 + 1;
            }
        }
        if (match) {
            val->p = vs;
            val->e = ve;
            return 1;
        }
        p = ve > p ? ve : p + 1;
    }
}

/* "N G R" -> N, else -1. */
static long ref_of(struct span v)
{
    const unsigned char *p = v.p;
    long n = parse_int(&p, v.e);
    if (n < 0)
        return -1;
    if (parse_int(&p, v.e) < 0)
        return -1;
    p = skip_ws(p, v.e);
    return p < v.e && *p == 'R' ? n : -1;
}

/* Follow a reference to the object's body; direct values come back as is. */
static struct span resolve(const struct pdf *pdf, struct span v)
{
    for (int hops = 0; hops < 8; hops++) {
        long r = ref_of(v);
        if (r < 0 || (size_t)r >= pdf->nobjs || !pdf->objs[r].set)
            return r < 0 ? v : (struct span){v.e, v.e};
        v = pdf->objs[r].body;
        v.p = skip_ws(v.p, v.e);
    }
    return v;
}

static int name_is(struct span v, const char *name)
{
    const unsigned char *p = skip_ws(v.p, v.e);
    size_t n = strlen(name);
    return (size_t)(v.e - p) >= n && !memcmp(p, name, n) &&
           ((size_t)(v.e - p) == n || is_ws(p[n]) || is_delim(p[n]));
}

/* ---- streams ---- */

static int inflate_into(const unsigned char *p, size_t n, struct es_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return ES_ERR_NOMEM;
    z.next_in = (unsigned char *)p;
    z.avail_in = (uInt)(n > UINT32_MAX ? UINT32_MAX : n);
    int rc = ES_OK;
    for (;;) {
        if (es_buf_reserve(out, 65536) != ES_OK) {
            rc = ES_ERR_LIMIT;
            break;
        }
        z.next_out = (unsigned char *)out->data + out->len;
        z.avail_out = 65536;
        int zr = inflate(&z, Z_NO_FLUSH);
        out->len += 65536 - z.avail_out;
        if (zr == Z_STREAM_END)
            break;
        if (zr != Z_OK) {
            /* Truncated or corrupt: keep what came out. */
            if (zr != Z_BUF_ERROR || z.avail_in == 0)
                break;
        }
        if (z.avail_out != 0 && z.avail_in == 0)
            break;
    }
    inflateEnd(&z);
    if (out->data)
        out->data[out->len] = '\0';
    return rc;
}

static int hexdigit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int ascii_hex(const unsigned char *p, size_t n, struct es_buf *out)
{
    int hi = -1;
    for (size_t i = 0; i < n && p[i] != '>'; i++) {
        int v = hexdigit(p[i]);
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            if (es_buf_putc(out, (char)(hi * 16 + v)) != ES_OK)
                return ES_ERR_LIMIT;
            hi = -1;
        }
    }
    return ES_OK;
}

static int ascii85(const unsigned char *p, size_t n, struct es_buf *out)
{
    uint32_t acc = 0;
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '~')
            break;
        if (c == 'z' && k == 0) {
            if (es_buf_append(out, "\0\0\0\0", 4) != ES_OK)
                return ES_ERR_LIMIT;
            continue;
        }
        if (c < '!' || c > 'u')
            continue;
        acc = acc * 85 + (uint32_t)(c - '!');
        if (++k == 5) {
            char b[4] = {(char)(acc >> 24), (char)(acc >> 16), (char)(acc >> 8), (char)acc};
            if (es_buf_append(out, b, 4) != ES_OK)
                return ES_ERR_LIMIT;
            acc = 0;
            k = 0;
        }
    }
    if (k > 1) {
        for (int j = k; j < 5; j++)
            acc = acc * 85 + 84;
        char b[4] = {(char)(acc >> 24), (char)(acc >> 16), (char)(acc >> 8), (char)acc};
        if (es_buf_append(out, b, (size_t)(k - 1)) != ES_OK)
            return ES_ERR_LIMIT;
    }
    return ES_OK;
}

/* Decode the stream of an object body into out. Returns 1 when it had a
 * stream that could be decoded (image filters are not text: 0). */
static int stream_data(struct pdf *pdf, struct span body, struct es_buf *out)
{
    const unsigned char *s = find(body.p, body.e, "stream");
    if (!s)
        return 0;
    struct span dict = {skip_ws(body.p, s), s};
    s += 6;
    if (s < body.e && *s == '\r')
        s++;
    if (s < body.e && *s == '\n')
        s++;
    const unsigned char *end = NULL;
    /* The last "endstream" before endobj ends the data. */
    for (const unsigned char *q = body.e; q - 9 >= s; q--)
        if (!memcmp(q - 9, "endstream", 9)) {
            end = q - 9;
            break;
        }
    if (!end) {
        pdf->truncated_streams++;
        end = body.e;
    }
    struct span len;
    if (dict_get(dict, "/Length", &len)) {
        struct span lv = resolve(pdf, len);
        const unsigned char *lp = lv.p;
        long l = parse_int(&lp, lv.e);
        if (l >= 0 && (size_t)l <= (size_t)(end - s))
            end = s + l;
    }
    /* Filters: a name or an array of names, applied in order. */
    const char *filters[MAX_FILTERS];
    size_t nf = 0;
    struct span f;
    if (dict_get(dict, "/Filter", &f)) {
        f = resolve(pdf, f);
        const unsigned char *p = skip_ws(f.p, f.e);
        if (p < f.e && *p == '[')
            p++;
        while (p < f.e && nf < MAX_FILTERS) {
            p = skip_ws(p, f.e);
            if (p >= f.e || *p != '/')
                break;
            const unsigned char *q = skip_value(p, f.e, 0);
            struct span nm = {p, q};
            if (name_is(nm, "/FlateDecode") || name_is(nm, "/Fl"))
                filters[nf++] = "flate";
            else if (name_is(nm, "/ASCIIHexDecode") || name_is(nm, "/AHx"))
                filters[nf++] = "hex";
            else if (name_is(nm, "/ASCII85Decode") || name_is(nm, "/A85"))
                filters[nf++] = "a85";
            else
                return 0;   /* images (DCT, JBIG2, CCITT) and LZW: no text here */
            p = q;
        }
    }
    struct es_buf a, b;
    es_buf_init(&a, out->max);
    es_buf_init(&b, out->max);
    const unsigned char *src = s;
    size_t srclen = (size_t)(end - s);
    int rc = ES_OK;
    for (size_t i = 0; i < nf && rc == ES_OK; i++) {
        struct es_buf *dst = (i % 2 == 0) ? &a : &b;
        dst->len = 0;
        if (!strcmp(filters[i], "flate"))
            rc = inflate_into(src, srclen, dst);
        else if (!strcmp(filters[i], "hex"))
            rc = ascii_hex(src, srclen, dst);
        else
            rc = ascii85(src, srclen, dst);
        src = (const unsigned char *)(dst->data ? dst->data : "");
        srclen = dst->len;
    }
    if (rc == ES_ERR_LIMIT)
        pdf->limited = 1;
    rc = es_buf_append(out, src, srclen);
    if (rc == ES_ERR_LIMIT)
        pdf->limited = 1;
    es_buf_free(&a);
    es_buf_free(&b);
    return 1;
}

/* ---- objects ---- */

static void set_object(struct pdf *pdf, long num, struct span body, int override)
{
    if (num < 0 || (size_t)num >= MAX_OBJECTS)
        return;
    if ((size_t)num >= pdf->nobjs) {
        size_t cap = pdf->nobjs ? pdf->nobjs : 64;
        while (cap <= (size_t)num)
            cap *= 2;
        struct object *o = realloc(pdf->objs, cap * sizeof *o);
        if (!o)
            return;
        memset(o + pdf->nobjs, 0, (cap - pdf->nobjs) * sizeof *o);
        pdf->objs = o;
        pdf->nobjs = cap;
    }
    if (pdf->objs[num].set && !override)
        return;
    pdf->objs[num].body = body;
    pdf->objs[num].set = 1;
}

/* Find every "N G obj ... endobj" in the file; later definitions win, as
 * incremental updates intend. */
static void scan_objects(struct pdf *pdf)
{
    const unsigned char *d = pdf->d, *e = d + pdf->n, *p = d;
    const unsigned char *next_end = NULL;
    while ((p = find(p, e, "obj")) != NULL) {
        const unsigned char *kw = p;
        p += 3;
        if (p < e && !is_ws(*p) && !is_delim(*p))
            continue;   /* "objects", "endobj" handled by the digit check below */
        /* Back over " G " and " N". */
        const unsigned char *q = kw;
        while (q > d && is_ws(q[-1]))
            q--;
        const unsigned char *ge = q;
        while (q > d && q[-1] >= '0' && q[-1] <= '9')
            q--;
        if (q == ge)
            continue;
        while (q > d && is_ws(q[-1]))
            q--;
        const unsigned char *ne = q;
        while (q > d && q[-1] >= '0' && q[-1] <= '9')
            q--;
        if (q == ne || (q > d && !is_ws(q[-1]) && !is_delim(q[-1])))
            continue;
        const unsigned char *np = q;
        long num = parse_int(&np, ne);
        if (!next_end || next_end < p)
            next_end = find(p, e, "endobj");
        struct span body = {p, next_end ? next_end : e};
        set_object(pdf, num, body, 1);
        if (es_sink_tick(pdf->sink) != ES_OK)
            return;
    }
}

/* Objects packed in object streams (/Type /ObjStm). */
static void unpack_object_streams(struct pdf *pdf)
{
    size_t n = pdf->nobjs;
    for (size_t i = 0; i < n; i++) {
        if (!pdf->objs[i].set)
            continue;
        struct span body = pdf->objs[i].body;
        struct span t, first, count;
        if (!dict_get(body, "/Type", &t) || !name_is(t, "/ObjStm"))
            continue;
        if (!dict_get(body, "/First", &first) || !dict_get(body, "/N", &count))
            continue;
        struct es_buf buf;
        es_buf_init(&buf, (size_t)pdf->text_max);
        if (!stream_data(pdf, body, &buf) || !buf.len) {
            es_buf_free(&buf);
            continue;
        }
        unsigned char **ow = realloc(pdf->owned, (pdf->nowned + 1) * sizeof *ow);
        if (!ow) {
            es_buf_free(&buf);
            continue;
        }
        pdf->owned = ow;
        pdf->owned[pdf->nowned++] = (unsigned char *)buf.data;
        const unsigned char *fp = first.p, *cp = count.p;
        long off0 = parse_int(&fp, first.e), cnt = parse_int(&cp, count.e);
        const unsigned char *s = (const unsigned char *)buf.data, *e = s + buf.len;
        const unsigned char *hp = s;
        if (off0 < 0 || (size_t)off0 > buf.len || cnt < 0)
            continue;
        long prev_num = -1, prev_off = 0;
        for (long k = 0; k <= cnt && k < (long)MAX_OBJECTS; k++) {
            long num = -1, off = (long)buf.len - off0;
            if (k < cnt) {
                num = parse_int(&hp, s + off0);
                off = parse_int(&hp, s + off0);
                if (num < 0 || off < 0)
                    break;
            }
            if (prev_num >= 0 && off0 + prev_off <= off0 + off && (size_t)(off0 + off) <= buf.len)
                set_object(pdf, prev_num, (struct span){s + off0 + prev_off, s + off0 + off}, 0);
            prev_num = num;
            prev_off = off;
        }
        (void)e;
    }
}

/* ---- fonts and ToUnicode ---- */

static size_t utf16be_to_utf8(const unsigned char *p, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        uint32_t u = (uint32_t)p[i] << 8 | p[i + 1];
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < n) {
            uint32_t lo = (uint32_t)p[i + 2] << 8 | p[i + 3];
            if (lo >= 0xDC00 && lo < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                i += 2;
            }
        }
        if (u >= 0xD800 && u < 0xE000)
            continue;
        char tmp[4];
        size_t k;
        if (u < 0x80) {
            tmp[0] = (char)u;
            k = 1;
        } else if (u < 0x800) {
            tmp[0] = (char)(0xC0 | u >> 6);
            tmp[1] = (char)(0x80 | (u & 0x3F));
            k = 2;
        } else if (u < 0x10000) {
            tmp[0] = (char)(0xE0 | u >> 12);
            tmp[1] = (char)(0x80 | ((u >> 6) & 0x3F));
            tmp[2] = (char)(0x80 | (u & 0x3F));
            k = 3;
        } else {
            tmp[0] = (char)(0xF0 | u >> 18);
            tmp[1] = (char)(0x80 | ((u >> 12) & 0x3F));
            tmp[2] = (char)(0x80 | ((u >> 6) & 0x3F));
            tmp[3] = (char)(0x80 | (u & 0x3F));
            k = 4;
        }
        if (o + k > cap)
            break;
        memcpy(out + o, tmp, k);
        o += k;
    }
    return o;
}

/* Read a <hex> token at p; returns bytes decoded (up to cap) and moves p. */
static size_t hex_token(const unsigned char **pp, const unsigned char *e, unsigned char *out, size_t cap,
                        size_t *ndigits)
{
    const unsigned char *p = skip_ws(*pp, e);
    size_t n = 0, nd = 0;
    int hi = -1;
    if (p >= e || *p != '<')
        return 0;
    for (p++; p < e && *p != '>'; p++) {
        int v = hexdigit(*p);
        if (v < 0)
            continue;
        nd++;
        if (hi < 0) {
            hi = v;
        } else {
            if (n < cap)
                out[n++] = (unsigned char)(hi * 16 + v);
            hi = -1;
        }
    }
    *pp = p < e ? p + 1 : e;
    if (ndigits)
        *ndigits = nd;
    return n;
}

static uint32_t code_of(const unsigned char *b, size_t n)
{
    uint32_t c = 0;
    for (size_t i = 0; i < n && i < 4; i++)
        c = c << 8 | b[i];
    return c;
}

static int add_entry(struct font *f, uint32_t code, uint32_t len, const char *utf8, size_t n)
{
    if (f->nmap >= MAX_CMAP_ENTRIES)
        return 0;
    if (f->nmap == f->capmap) {
        size_t cap = f->capmap ? f->capmap * 2 : 64;
        struct cmap_entry *m = realloc(f->map, cap * sizeof *m);
        if (!m)
            return 0;
        f->map = m;
        f->capmap = cap;
    }
    struct cmap_entry *en = &f->map[f->nmap++];
    en->code = code;
    en->len = len;
    en->n = (uint8_t)(n < sizeof en->utf8 ? n : sizeof en->utf8);
    memcpy(en->utf8, utf8, en->n);
    return 1;
}

static int cmp_entry(const void *a, const void *b)
{
    const struct cmap_entry *x = a, *y = b;
    return x->code < y->code ? -1 : x->code > y->code;
}

/* The entry whose range holds code: the last one starting at or below it. */
static const struct cmap_entry *cmap_find(const struct font *f, uint32_t code)
{
    size_t lo = 0, hi = f->nmap;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (f->map[mid].code <= code)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* A bfchar inside a bfrange sorts after the range's start: look a few
     * entries back for a range that still covers the code. */
    for (size_t k = lo, steps = 0; k > 0 && steps < 8; k--, steps++) {
        const struct cmap_entry *en = &f->map[k - 1];
        if (code - en->code < en->len)
            return en;
    }
    return NULL;
}

static void parse_cmap(struct font *f, const unsigned char *p, const unsigned char *e)
{
    unsigned char a[8], b[8], c[64];
    char u8[24];
    const unsigned char *q;
    if ((q = find(p, e, "begincodespacerange")) != NULL) {
        const unsigned char *t = q + 19;
        size_t nd = 0;
        hex_token(&t, e, a, sizeof a, &nd);
        f->two_byte = nd >= 4;
    }
    for (const unsigned char *s = p; (s = find(s, e, "beginbfchar")) != NULL;) {
        const unsigned char *end = find(s, e, "endbfchar");
        if (!end)
            end = e;
        s += 11;
        for (;;) {
            size_t nd = 0;
            size_t na = hex_token(&s, end, a, sizeof a, &nd);
            if (!nd)
                break;
            size_t nc = hex_token(&s, end, c, sizeof c, NULL);
            if (nd >= 4)
                f->two_byte = 1;
            size_t k = utf16be_to_utf8(c, nc, u8, sizeof u8);
            if (!add_entry(f, code_of(a, na), 1, u8, k))
                goto done;
        }
        s = end;
    }
    for (const unsigned char *s = p; (s = find(s, e, "beginbfrange")) != NULL;) {
        const unsigned char *end = find(s, e, "endbfrange");
        if (!end)
            end = e;
        s += 12;
        for (;;) {
            size_t nd = 0;
            size_t na = hex_token(&s, end, a, sizeof a, &nd);
            size_t nb = hex_token(&s, end, b, sizeof b, NULL);
            if (!nd || !nb)
                break;
            if (nd >= 4)
                f->two_byte = 1;
            uint32_t lo = code_of(a, na), hi = code_of(b, nb);
            s = skip_ws(s, end);
            if (s < end && *s == '[') {
                /* one destination per code */
                s++;
                for (uint32_t code = lo; code <= hi && code - lo < MAX_CMAP_ENTRIES; code++) {
                    size_t nc = hex_token(&s, end, c, sizeof c, NULL);
                    if (!nc)
                        break;
                    size_t k = utf16be_to_utf8(c, nc, u8, sizeof u8);
                    if (!add_entry(f, code, 1, u8, k))
                        goto done;
                }
                const unsigned char *rb = memchr(s, ']', (size_t)(end - s));
                s = rb ? rb + 1 : end;
            } else {
                size_t nc = hex_token(&s, end, c, sizeof c, NULL);
                if (hi < lo || hi - lo > MAX_CMAP_ENTRIES)
                    continue;
                size_t k = utf16be_to_utf8(c, nc, u8, sizeof u8);
                if (!add_entry(f, lo, hi - lo + 1, u8, k))
                    goto done;
            }
        }
        s = end;
    }
done:
    /* Entries are looked up by binary search; a full table keeps what it has. */
    f->has_map = f->nmap > 0;
    if (f->has_map)
        qsort(f->map, f->nmap, sizeof *f->map, cmp_entry);
}

static struct font *get_font(struct pdf *pdf, struct span fontref)
{
    long num = ref_of(fontref);
    for (size_t i = 0; i < pdf->nfonts; i++)
        if (num >= 0 && pdf->fonts[i].objnum == num)
            return &pdf->fonts[i];
    if (pdf->nfonts >= MAX_FONTS)
        return NULL;
    struct font *f = &pdf->fonts[pdf->nfonts++];
    memset(f, 0, sizeof *f);
    f->objnum = (int)num;
    struct span fd = resolve(pdf, fontref), v;
    if (dict_get(fd, "/Subtype", &v) && name_is(v, "/Type0"))
        f->two_byte = 1;
    if (dict_get(fd, "/ToUnicode", &v)) {
        struct span tu = resolve(pdf, v);
        struct es_buf cm;
        es_buf_init(&cm, 16u * 1024u * 1024u);
        if (stream_data(pdf, tu, &cm) && cm.len)
            parse_cmap(f, (const unsigned char *)cm.data, (const unsigned char *)cm.data + cm.len);
        es_buf_free(&cm);
    }
    return f;
}

/* Windows-1252 bytes 0x80-0x9F; the rest of the high half is Latin-1. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

static void decode_text(const struct font *f, const unsigned char *s, size_t n, struct es_buf *out)
{
    if (f && f->has_map) {
        size_t step = f->two_byte ? 2 : 1;
        for (size_t i = 0; i + step <= n; i += step) {
            uint32_t code = code_of(s + i, step);
            const struct cmap_entry *en = cmap_find(f, code);
            if (en) {
                char tmp[24];
                memcpy(tmp, en->utf8, en->n);
                /* In a range, the last UTF-16 unit grows with the code. */
                uint32_t delta = code - en->code;
                if (delta && en->n) {
                    size_t last = en->n - 1;
                    if ((unsigned char)tmp[last] < 0x80 && tmp[last] + delta < 0x80)
                        tmp[last] = (char)(tmp[last] + (int)delta);
                    else if (en->n >= 3 && ((unsigned char)tmp[last] & 0xC0) == 0x80) {
                        unsigned cp = ((unsigned char)tmp[last - 2] & 0x0F) << 12 |
                                      ((unsigned char)tmp[last - 1] & 0x3F) << 6 |
                                      ((unsigned char)tmp[last] & 0x3F);
                        cp += delta;
                        tmp[last - 2] = (char)(0xE0 | (cp >> 12 & 0x0F));
                        tmp[last - 1] = (char)(0x80 | (cp >> 6 & 0x3F));
                        tmp[last] = (char)(0x80 | (cp & 0x3F));
                    }
                }
                es_buf_append(out, tmp, en->n);
            }
        }
        return;
    }
    if (f && f->two_byte)
        return;   /* CID codes without a map cannot be read as text */
    for (size_t i = 0; i < n; i++) {
        unsigned c = s[i];
        if (c >= 0x80 && c < 0xA0)
            c = cp1252_high[c - 0x80];
        char tmp[3];
        if (c < 0x80) {
            es_buf_putc(out, (char)(c < 0x20 ? ' ' : c));
        } else if (c < 0x800) {
            tmp[0] = (char)(0xC0 | c >> 6);
            tmp[1] = (char)(0x80 | (c & 0x3F));
            es_buf_append(out, tmp, 2);
        } else {
            tmp[0] = (char)(0xE0 | c >> 12);
            tmp[1] = (char)(0x80 | ((c >> 6) & 0x3F));
            tmp[2] = (char)(0x80 | (c & 0x3F));
            es_buf_append(out, tmp, 3);
        }
    }
}

/* ---- content streams ---- */

/* Bytes of a literal string (...) with escapes; returns the end. */
static const unsigned char *literal(const unsigned char *p, const unsigned char *e, struct es_buf *out)
{
    int nest = 0;
    for (p++; p < e; p++) {
        unsigned char c = *p;
        if (c == '\\' && p + 1 < e) {
            c = *++p;
            switch (c) {
            case 'n': es_buf_putc(out, '\n'); break;
            case 'r': es_buf_putc(out, '\r'); break;
            case 't': es_buf_putc(out, '\t'); break;
            case 'b': case 'f': break;
            case '\r': if (p + 1 < e && p[1] == '\n') p++; break;
            case '\n': break;
            default:
                if (c >= '0' && c <= '7') {
                    int v = c - '0';
                    for (int k = 0; k < 2 && p + 1 < e && p[1] >= '0' && p[1] <= '7'; k++)
                        v = v * 8 + (*++p - '0');
                    es_buf_putc(out, (char)v);
                } else {
                    es_buf_putc(out, (char)c);
                }
            }
            continue;
        }
        if (c == '(')
            nest++;
        else if (c == ')' && nest-- == 0)
            return p + 1;
        es_buf_putc(out, (char)c);
    }
    return e;
}

struct textstate {
    struct pdf *pdf;
    struct es_buf *out;
    struct span resources;
    const struct font *font;
    double line_y, last_y;
    int have_y;
};

static void newline(struct textstate *ts)
{
    if (ts->out->len && ts->out->data[ts->out->len - 1] != '\n')
        es_buf_putc(ts->out, '\n');
}

static void space(struct textstate *ts)
{
    if (ts->out->len && ts->out->data[ts->out->len - 1] != '\n' && ts->out->data[ts->out->len - 1] != ' ')
        es_buf_putc(ts->out, ' ');
}

/* Before showing text: a new line when the baseline moved. */
static void place(struct textstate *ts)
{
    if (ts->have_y && (ts->line_y - ts->last_y > 1.0 || ts->last_y - ts->line_y > 1.0))
        newline(ts);
    ts->last_y = ts->line_y;
    ts->have_y = 1;
}

static void select_font(struct textstate *ts, const unsigned char *name, size_t n)
{
    struct span fonts, f;
    ts->font = NULL;
    struct span res = resolve(ts->pdf, ts->resources);
    if (!dict_get(res, "/Font", &fonts))
        return;
    fonts = resolve(ts->pdf, fonts);
    char key[128];
    if (n >= sizeof key)
        return;
    memcpy(key, name, n);
    key[n] = '\0';
    if (dict_get(fonts, key, &f))
        ts->font = get_font(ts->pdf, f);
}

static void run_content(struct textstate *ts, const unsigned char *p, const unsigned char *e, int depth);

static void do_xobject(struct textstate *ts, const unsigned char *name, size_t n, int depth)
{
    struct span xo, x, st;
    struct span res = resolve(ts->pdf, ts->resources);
    char key[128];
    if (depth >= MAX_FORM_DEPTH || n >= sizeof key || !dict_get(res, "/XObject", &xo))
        return;
    memcpy(key, name, n);
    key[n] = '\0';
    if (!dict_get(resolve(ts->pdf, xo), key, &x))
        return;
    x = resolve(ts->pdf, x);
    if (!dict_get(x, "/Subtype", &st) || !name_is(st, "/Form"))
        return;
    struct es_buf buf;
    es_buf_init(&buf, (size_t)ts->pdf->text_max);
    if (stream_data(ts->pdf, x, &buf) && buf.len) {
        struct textstate inner = *ts;
        struct span r;
        if (dict_get(x, "/Resources", &r))
            inner.resources = r;
        run_content(&inner, (const unsigned char *)buf.data, (const unsigned char *)buf.data + buf.len,
                    depth + 1);
        ts->last_y = inner.last_y;
        ts->have_y = inner.have_y;
    }
    es_buf_free(&buf);
}

/* Operands kept for the operators we use. */
#define MAX_OPERANDS 8

static void run_content(struct textstate *ts, const unsigned char *p, const unsigned char *e, int depth)
{
    struct es_buf str;
    es_buf_init(&str, 1u << 20);
    double nums[MAX_OPERANDS];
    size_t nnums = 0;
    const unsigned char *last_name = NULL;
    size_t last_name_len = 0;
    struct es_buf tj;   /* the text of a string operand or TJ array */
    es_buf_init(&tj, 1u << 20);
    int have_str = 0;
    unsigned steps = 0;
    while (p < e) {
        if ((++steps & 1023u) == 0 && es_sink_tick(ts->pdf->sink) != ES_OK)
            break;
        p = skip_ws(p, e);
        if (p >= e)
            break;
        unsigned char c = *p;
        if (c == '(') {
            str.len = 0;
            p = literal(p, e, &str);
            tj.len = 0;
            decode_text(ts->font, (const unsigned char *)(str.data ? str.data : ""), str.len, &tj);
            have_str = 1;
        } else if (c == '<' && p + 1 < e && p[1] != '<') {
            unsigned char tmp[4096];
            size_t nb = hex_token(&p, e, tmp, sizeof tmp, NULL);
            tj.len = 0;
            decode_text(ts->font, tmp, nb, &tj);
            have_str = 1;
        } else if (c == '[') {
            /* TJ array: strings, and numbers whose large negative values are word gaps. */
            tj.len = 0;
            p++;
            while (p < e) {
                p = skip_ws(p, e);
                if (p >= e || *p == ']')
                    break;
                if (*p == '(') {
                    str.len = 0;
                    p = literal(p, e, &str);
                    decode_text(ts->font, (const unsigned char *)(str.data ? str.data : ""), str.len, &tj);
                } else if (*p == '<') {
                    unsigned char tmp[4096];
                    size_t nb = hex_token(&p, e, tmp, sizeof tmp, NULL);
                    decode_text(ts->font, tmp, nb, &tj);
                } else {
                    const unsigned char *q = skip_value(p, e, 0);
                    /* -200 thousandths of an em is about a space's width. */
                    if (parse_num(p, q) < -200 && tj.len && tj.data[tj.len - 1] != ' ')
                        es_buf_putc(&tj, ' ');
                    p = q > p ? q : p + 1;
                }
            }
            p = p < e ? p + 1 : e;
            have_str = 1;
        } else if (c == '/') {
            last_name = p;
            p = skip_value(p, e, 0);
            last_name_len = (size_t)(p - last_name);
        } else if (c == '<' || c == '>' || c == ']' || c == '{' || c == '}' || c == ')') {
            p = c == '<' ? skip_value(p, e, 0) : p + 1;
        } else if ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.') {
            const unsigned char *q = skip_value(p, e, 0);
            if (nnums == MAX_OPERANDS) {
                memmove(nums, nums + 1, (MAX_OPERANDS - 1) * sizeof *nums);
                nnums--;
            }
            nums[nnums++] = parse_num(p, q);
            p = q > p ? q : p + 1;
        } else {
            const unsigned char *q = p;
            while (q < e && !is_ws(*q) && !is_delim(*q))
                q++;
            if (q == p)
                q++;
            size_t ol = (size_t)(q - p);
            const unsigned char *op = p;
            p = q;
#define OP(s) (ol == sizeof(s) - 1 && !memcmp(op, s, ol))
            if (OP("Tj") || OP("TJ") || OP("'") || OP("\"")) {
                if (OP("'") || OP("\""))
                    ts->line_y -= 1.0, newline(ts);
                else
                    place(ts);
                if (have_str)
                    es_buf_append(ts->out, tj.data ? tj.data : "", tj.len);
            } else if (OP("Tf")) {
                if (last_name)
                    select_font(ts, last_name, last_name_len);
            } else if (OP("Td") || OP("TD")) {
                if (nnums >= 2) {
                    double ty = nums[nnums - 1], tx = nums[nnums - 2];
                    ts->line_y += ty;
                    if (ty > -1.0 && ty < 1.0 && tx > 1.0)
                        space(ts);
                }
            } else if (OP("Tm")) {
                if (nnums >= 6) {
                    double y = nums[nnums - 1];
                    if (ts->have_y && y - ts->last_y < 1.0 && ts->last_y - y < 1.0)
                        space(ts);
                    ts->line_y = y;
                }
            } else if (OP("T*")) {
                ts->line_y -= 1.0;
                newline(ts);
            } else if (OP("Do")) {
                if (last_name)
                    do_xobject(ts, last_name, last_name_len, depth);
            } else if (OP("BI")) {
                /* Inline image: binary data up to "EI" after white space. */
                const unsigned char *id = find(p, e, "ID");
                const unsigned char *s = id ? id + 2 : e;
                while (s && s < e) {
                    s = find(s, e, "EI");
                    if (!s || (is_ws(s[-1]) && (s + 2 >= e || is_ws(s[2]))))
                        break;
                    s += 2;
                }
                p = s ? s + 2 : e;
            }
#undef OP
            nnums = 0;
            have_str = 0;
        }
    }
    es_buf_free(&str);
    es_buf_free(&tj);
}

/* ---- pages ---- */

struct pagelist {
    long *v;
    size_t n, cap;
};

static void add_page(struct pagelist *pl, long num)
{
    if (pl->n >= MAX_PAGES)
        return;
    if (pl->n == pl->cap) {
        size_t cap = pl->cap ? pl->cap * 2 : 64;
        long *v = realloc(pl->v, cap * sizeof *v);
        if (!v)
            return;
        pl->v = v;
        pl->cap = cap;
    }
    pl->v[pl->n++] = num;
}

static void walk_pages(struct pdf *pdf, long num, int depth, struct pagelist *pl, unsigned char *seen)
{
    if (num < 0 || (size_t)num >= pdf->nobjs || !pdf->objs[num].set || depth > MAX_TREE_DEPTH || seen[num])
        return;
    seen[num] = 1;
    struct span body = pdf->objs[num].body, kids, t;
    if (dict_get(body, "/Kids", &kids)) {
        kids = resolve(pdf, kids);
        const unsigned char *p = skip_ws(kids.p, kids.e);
        if (p < kids.e && *p == '[')
            p++;
        while (p < kids.e && pl->n < MAX_PAGES) {
            const unsigned char *q = p;
            long k = parse_int(&q, kids.e);
            if (k < 0 || parse_int(&q, kids.e) < 0)
                break;
            q = skip_ws(q, kids.e);
            if (q < kids.e && *q == 'R')
                q++;
            walk_pages(pdf, k, depth + 1, pl, seen);
            p = q;
        }
    } else if (dict_get(body, "/Type", &t) && name_is(t, "/Page")) {
        add_page(pl, num);
    }
}

static void find_pages(struct pdf *pdf, struct pagelist *pl)
{
    /* The catalog: /Root of the last trailer (or xref stream). */
    long root = -1;
    const unsigned char *d = pdf->d, *e = d + pdf->n;
    for (const unsigned char *p = d; (p = find(p, e, "/Root")) != NULL; p += 5) {
        const unsigned char *q = p + 5;
        long r = parse_int(&q, e);
        if (r >= 0)
            root = r;
    }
    unsigned char *seen = calloc(pdf->nobjs ? pdf->nobjs : 1, 1);
    if (!seen)
        return;
    if (root >= 0 && (size_t)root < pdf->nobjs && pdf->objs[root].set) {
        struct span pages;
        if (dict_get(pdf->objs[root].body, "/Pages", &pages))
            walk_pages(pdf, ref_of(pages), 0, pl, seen);
    }
    if (pl->n == 0) {
        /* No usable page tree: every page object in number order. */
        for (size_t i = 0; i < pdf->nobjs; i++) {
            struct span t;
            if (pdf->objs[i].set && dict_get(pdf->objs[i].body, "/Type", &t) && name_is(t, "/Page"))
                add_page(pl, (long)i);
        }
    }
    free(seen);
}

/* The page's resources, inherited from its ancestors when absent. */
static struct span page_resources(struct pdf *pdf, struct span page)
{
    struct span r, parent;
    for (int i = 0; i < MAX_TREE_DEPTH; i++) {
        if (dict_get(page, "/Resources", &r))
            return r;
        if (!dict_get(page, "/Parent", &parent))
            break;
        page = resolve(pdf, parent);
    }
    return (struct span){page.e, page.e};
}

static int scan_page(struct pdf *pdf, long num, unsigned pageno, struct es_buf *text)
{
    struct span page = pdf->objs[num].body, contents;
    text->len = 0;
    if (!dict_get(page, "/Contents", &contents))
        return ES_OK;
    struct es_buf content;
    es_buf_init(&content, (size_t)pdf->text_max);
    struct span c = resolve(pdf, contents);
    const unsigned char *p = skip_ws(c.p, c.e);
    if (ref_of(contents) >= 0 && p < c.e && *p == '[')
        contents = c;   /* a reference to an array of streams */
    p = skip_ws(contents.p, contents.e);
    if (p < contents.e && *p == '[') {
        p++;
        while (p < contents.e) {
            const unsigned char *q = p;
            long k = parse_int(&q, contents.e);
            if (k < 0 || parse_int(&q, contents.e) < 0)
                break;
            q = skip_ws(q, contents.e);
            if (q < contents.e && *q == 'R')
                q++;
            if ((size_t)k < pdf->nobjs && pdf->objs[k].set) {
                stream_data(pdf, pdf->objs[k].body, &content);
                es_buf_putc(&content, '\n');
            }
            p = q;
        }
    } else {
        stream_data(pdf, c, &content);
    }
    struct textstate ts = {.pdf = pdf, .out = text, .resources = page_resources(pdf, page)};
    if (content.len)
        run_content(&ts, (const unsigned char *)content.data, (const unsigned char *)content.data + content.len, 0);
    es_buf_free(&content);
    if (!text->len)
        return ES_OK;
    pdf->text_used += text->len;
    char where[32];
    snprintf(where, sizeof where, "page %u", pageno);
    struct es_text_opts o = {.where = where, .flags = ES_CHUNK_PROSE};
    return es_sink_utf8(pdf->sink, text->data, text->len, &o);
}

static int pdf_bid(const struct es_sniff *s)
{
    /* 50: a PDF is recognised by its header; nothing else claims "%PDF-". */
    if (!strcmp(s->mime, "application/pdf"))
        return 50;
    size_t n = s->head_len < 1024 ? s->head_len : 1024;
    return n >= 5 && memmem(s->head, n, "%PDF-", 5) ? 50 : 0;
}

/* An /Encrypt entry in a trailer or cross-reference stream dictionary. */
static int encrypted(const struct pdf *pdf)
{
    const unsigned char *d = pdf->d, *e = d + pdf->n;
    for (const unsigned char *p = d; (p = find(p, e, "/Encrypt")) != NULL; p += 8) {
        const unsigned char *q = skip_ws(p + 8, e);
        if (q < e && ((*q >= '0' && *q <= '9') || *q == '<'))
            return 1;
    }
    return 0;
}

static int pdf_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)s;
    const unsigned char *data;
    size_t len;
    int rc = es_sink_load(sink, in, "PDF", &data, &len);
    if (rc != ES_OK)
        return rc;
    es_sink_set_type(sink, "pdf");
    struct pdf *pdf = calloc(1, sizeof *pdf);
    if (!pdf)
        return ES_ERR_NOMEM;
    pdf->sink = sink;
    pdf->d = data;
    pdf->n = len;
    pdf->text_max = es_sink_limit(sink, ES_LIMIT_TEXT_BYTES);
    if (encrypted(pdf)) {
        free(pdf);
        return es_sink_fail(sink, ES_ERR_ENCRYPTED, "encrypted PDF");
    }
    scan_objects(pdf);
    unpack_object_streams(pdf);
    struct pagelist pl = {0};
    find_pages(pdf, &pl);
    struct es_buf text;
    es_buf_init(&text, (size_t)pdf->text_max);
    for (size_t i = 0; i < pl.n && rc == ES_OK; i++) {
        rc = scan_page(pdf, pl.v[i], (unsigned)(i + 1), &text);
        if (pdf->text_used > pdf->text_max) {
            pdf->limited = 1;
            break;
        }
    }
    if (rc == ES_OK && pl.n == 0)
        rc = es_sink_fail(sink, ES_ERR_FORMAT, pdf->nobjs ? "no pages found" : "no PDF objects found");
    else if (pdf->limited)
        es_sink_partial(sink, "text-bytes limit reached; later text was not read");
    else if (pdf->truncated_streams)
        es_sink_partial(sink, "damaged PDF: %d stream(s) cut off; the text that could be read was scanned",
                        pdf->truncated_streams);
    else if (!memmem(data + (len > 1024 ? len - 1024 : 0), len > 1024 ? 1024 : len, "%%EOF", 5))
        es_sink_partial(sink, "damaged PDF: no end-of-file marker (truncated?); the objects found were scanned");
    es_buf_free(&text);
    free(pl.v);
    for (size_t i = 0; i < pdf->nfonts; i++)
        free(pdf->fonts[i].map);
    for (size_t i = 0; i < pdf->nowned; i++)
        free(pdf->owned[i]);
    free(pdf->owned);
    free(pdf->objs);
    free(pdf);
    return rc == ES_STOP ? ES_OK : rc;
}

const struct es_extractor es_ex_pdf = {
    .name = "pdf",
    .bid = pdf_bid,
    .run = pdf_run,
};
