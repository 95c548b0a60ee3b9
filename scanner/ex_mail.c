/*
 * E-mail: .eml (RFC 5322 + MIME) and mbox. Headers that carry people (From,
 * To, Cc, Reply-To, ...) are scanned with the header name as context and
 * location; text bodies are decoded (base64, quoted-printable, charsets such
 * as ISO-2022-JP) and scanned as "body line N"; attachments and attached
 * messages are members, scanned recursively.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "mime.h"

/* MIME nesting inside one message; deeper structures are hostile. */
#define MAX_MIME_DEPTH 20
/* A header line longer than this is cut (folded To: lists of thousands). */
#define MAX_HEADER_BYTES (256u * 1024u)

/* Headers that never hold personal data or only machine identifiers that
 * look like addresses (Message-ID); everything else is scanned. */
static const char *const skip_headers[] = {
    "message-id", "references", "in-reply-to", "received", "dkim-signature", "arc-seal",
    "arc-message-signature", "arc-authentication-results", "authentication-results",
    "received-spf", "mime-version", "content-transfer-encoding", "content-type",
    "content-disposition", "content-id", "x-mailer", "user-agent", "date", "list-unsubscribe",
    "x-ms-exchange-organization-authas", "thread-index", NULL,
};

static int skip_header(const char *name, size_t n)
{
    for (size_t i = 0; skip_headers[i]; i++)
        if (strlen(skip_headers[i]) == n && strncasecmp(skip_headers[i], name, n) == 0)
            return 1;
    return 0;
}

static int header_char(unsigned char c)
{
    return c > 32 && c < 127 && c != ':';
}

/* A message starts with header lines: Name: value. */
static int looks_like_headers(const unsigned char *p, size_t n)
{
    static const char *const common[] = {"from:", "to:", "subject:", "date:", "received:",
                                         "return-path:", "message-id:", "mime-version:",
                                         "delivered-to:", NULL};
    size_t i = 0, hits = 0, lines = 0;
    while (i < n && lines < 40) {
        size_t s = i;
        while (i < n && header_char(p[i]))
            i++;
        if (i == s || i >= n || p[i] != ':') {
            if (s < n && (p[s] == ' ' || p[s] == '\t') && lines > 0) {
                /* folded continuation line */
            } else {
                break;
            }
        } else {
            for (size_t k = 0; common[k]; k++)
                if (strncasecmp((const char *)p + s, common[k], strlen(common[k])) == 0)
                    hits++;
        }
        while (i < n && p[i] != '\n')
            i++;
        i++;
        lines++;
    }
    return hits >= 2;
}

static int mail_bid(const struct es_sniff *s)
{
    /* 30: above plain text (10) — a message is text, but its structure
     * (encodings, attachments) matters; below the binary containers. */
    if (!strcmp(s->mime, "message/rfc822") || !strcmp(s->mime, "message/news"))
        return 30;
    if (!strcmp(s->mime, "application/mbox"))
        return 30;
    if (s->head_len > 5 && !memcmp(s->head, "From ", 5)) {
        /* mbox: the envelope line, then the first message's headers */
        const unsigned char *nl = memchr(s->head, '\n', s->head_len);
        if (nl && looks_like_headers(nl + 1, s->head_len - (size_t)(nl + 1 - s->head)))
            return 30;
    }
    if (looks_like_headers(s->head, s->head_len))
        return 25;
    return 0;
}

struct header {
    const char *name;
    size_t name_len;
    const char *value;
    size_t value_len;
};

struct entity {
    const char *head;
    size_t head_len;
    const char *body;
    size_t body_len;
};

/* Split at the first empty line. */
static void split_entity(const char *p, size_t n, struct entity *e)
{
    e->head = p;
    e->head_len = n;
    e->body = p + n;
    e->body_len = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '\n')
            continue;
        size_t j = i + 1;
        if (j < n && p[j] == '\r')
            j++;
        if (j < n && p[j] == '\n') {
            e->head_len = i + 1;
            e->body = p + j + 1;
            e->body_len = n - j - 1;
            return;
        }
        if (j >= n) {
            e->head_len = n;
            return;
        }
    }
}

/* Iterate headers: returns 1 and fills h for each (value still folded). */
static int next_header(const struct entity *e, size_t *pos, struct header *h)
{
    size_t i = *pos, n = e->head_len;
    const char *p = e->head;
    while (i < n) {
        size_t s = i;
        while (i < n && header_char((unsigned char)p[i]))
            i++;
        size_t colon = i;
        /* Value runs to the next line that does not start with blank. */
        size_t v = colon + 1, end = v;
        while (end < n) {
            const char *nl = memchr(p + end, '\n', n - end);
            end = nl ? (size_t)(nl - p) + 1 : n;
            if (end >= n || (p[end] != ' ' && p[end] != '\t'))
                break;
        }
        i = end;
        if (colon == s || colon >= n || p[colon] != ':')
            continue;   /* not a header line (mbox "From " line, garbage) */
        while (v < end && (p[v] == ' ' || p[v] == '\t'))
            v++;
        size_t ve = end;
        while (ve > v && (p[ve - 1] == '\n' || p[ve - 1] == '\r'))
            ve--;
        if (ve - v > MAX_HEADER_BYTES)
            ve = v + MAX_HEADER_BYTES;
        h->name = p + s;
        h->name_len = colon - s;
        h->value = p + v;
        h->value_len = ve - v;
        *pos = i;
        return 1;
    }
    *pos = i;
    return 0;
}

static int find_header(const struct entity *e, const char *name, struct header *out)
{
    size_t pos = 0;
    struct header h;
    size_t nl = strlen(name);
    while (next_header(e, &pos, &h))
        if (h.name_len == nl && strncasecmp(h.name, name, nl) == 0) {
            *out = h;
            return 1;
        }
    return 0;
}

struct mail {
    struct es_sink *sink;
    unsigned parts;        /* numbering of unnamed parts */
    unsigned bodies;       /* numbering of text bodies for locations */
    uint64_t text_max;
};

static int scan_headers(struct mail *m, const struct entity *e)
{
    size_t pos = 0;
    struct header h;
    struct es_buf line;
    es_buf_init(&line, MAX_HEADER_BYTES * 4);
    int rc = ES_OK;
    while (rc == ES_OK && next_header(e, &pos, &h)) {
        if (skip_header(h.name, h.name_len))
            continue;
        line.len = 0;
        char name[64], where[80];
        size_t nn = h.name_len < sizeof name - 1 ? h.name_len : sizeof name - 1;
        memcpy(name, h.name, nn);
        name[nn] = '\0';
        snprintf(where, sizeof where, "header %s", name);
        if (es_buf_append(&line, h.name, h.name_len) != ES_OK || es_buf_append_str(&line, ": ") != ES_OK ||
            es_rfc2047_decode(h.value, h.value_len, &line) != ES_OK)
            continue;
        struct es_text_opts o = {.where = where, .label = name};
        rc = es_sink_utf8(m->sink, line.data, line.len, &o);
    }
    es_buf_free(&line);
    return rc;
}

/* Strip tags from an HTML body, keeping text and href/mailto targets. */
static void strip_html(struct es_buf *b)
{
    size_t o = 0;
    int in_tag = 0;
    for (size_t i = 0; i < b->len; i++) {
        char c = b->data[i];
        if (c == '<') {
            in_tag = 1;
            /* Block-level breaks keep lines apart. */
            if (i + 3 < b->len && (!strncasecmp(b->data + i, "<br", 3) || !strncasecmp(b->data + i, "<p", 2) ||
                                   !strncasecmp(b->data + i, "<tr", 3) || !strncasecmp(b->data + i, "<div", 4)))
                b->data[o++] = '\n';
            else if (i + 3 < b->len && !strncasecmp(b->data + i, "<td", 3))
                b->data[o++] = '\t';
            continue;
        }
        if (in_tag) {
            if (c == '>')
                in_tag = 0;
            else if (c == ':' && i >= 6 && !strncasecmp(b->data + i - 6, "mailto", 6))
                b->data[o++] = ' ';
            continue;
        }
        if (c == '&') {
            static const struct {
                const char *ent;
                char ch;
            } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&nbsp;", ' '}, {"&quot;", '"'}, {"&#64;", '@'}};
            size_t k;
            for (k = 0; k < sizeof ents / sizeof ents[0]; k++) {
                size_t el = strlen(ents[k].ent);
                if (i + el <= b->len && !strncasecmp(b->data + i, ents[k].ent, el)) {
                    b->data[o++] = ents[k].ch;
                    i += el - 1;
                    break;
                }
            }
            if (k < sizeof ents / sizeof ents[0])
                continue;
        }
        b->data[o++] = c;
    }
    b->len = o;
}

static int scan_entity(struct mail *m, const char *p, size_t n, int depth, int top);

/* The content of a leaf entity: decoded into out for base64 and
 * quoted-printable; otherwise the body itself, not copied (most bodies are
 * 7bit or 8bit text), unless the caller needs a copy it may edit. *p and *n
 * are what is there, up to out->max bytes (ES_ERR_LIMIT when cut). */
static int decode_body(const struct entity *e, int copy, struct es_buf *out, const char **p, size_t *n)
{
    struct header h;
    int b64 = 0, qp = 0, rc;
    if (find_header(e, "Content-Transfer-Encoding", &h)) {
        b64 = h.value_len >= 6 && !strncasecmp(h.value, "base64", 6);
        qp = h.value_len >= 16 && !strncasecmp(h.value, "quoted-printable", 16);
    }
    if (b64 || qp) {
        rc = b64 ? es_base64_decode(e->body, e->body_len, out) : es_qp_decode(e->body, e->body_len, 0, out);
    } else {
        size_t len = e->body_len < out->max ? e->body_len : out->max;
        rc = len < e->body_len ? ES_ERR_LIMIT : ES_OK;
        if (!copy) {
            *p = e->body;
            *n = len;
            return rc;
        }
        if (es_buf_append(out, e->body, len) != ES_OK)
            rc = ES_ERR_NOMEM;
    }
    *p = out->data ? out->data : "";
    *n = out->len;
    return rc;
}

static int scan_multipart(struct mail *m, const struct entity *e, const char *boundary, int depth)
{
    size_t bl = strlen(boundary);
    const char *p = e->body, *end = e->body + e->body_len;
    const char *part = NULL;
    int rc = ES_OK;
    while (p < end && rc == ES_OK) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (le - p >= (ptrdiff_t)(bl + 2) && p[0] == '-' && p[1] == '-' && !memcmp(p + 2, boundary, bl)) {
            if (part)
                rc = scan_entity(m, part, (size_t)(p - part), depth + 1, 0);
            int closing = le - p >= (ptrdiff_t)(bl + 4) && p[bl + 2] == '-' && p[bl + 3] == '-';
            part = closing ? NULL : (nl ? nl + 1 : end);
            if (closing)
                break;
        }
        p = nl ? nl + 1 : end;
        if (es_sink_tick(m->sink) != ES_OK)
            return ES_STOP;
    }
    if (part && rc == ES_OK) {   /* no closing boundary: take what is there */
        es_sink_partial(m->sink, "multipart without closing boundary");
        rc = scan_entity(m, part, (size_t)(end - part), depth + 1, 0);
    }
    return rc;
}

static int scan_entity(struct mail *m, const char *p, size_t n, int depth, int top)
{
    struct entity e;
    struct header h;
    int rc = ES_OK;
    split_entity(p, n, &e);
    if (top)
        rc = scan_headers(m, &e);
    if (rc != ES_OK)
        return rc;
    if (depth > MAX_MIME_DEPTH) {
        es_sink_partial(m->sink, "MIME nesting deeper than %d levels", MAX_MIME_DEPTH);
        return ES_OK;
    }
    char type[128] = "text/plain";
    struct es_buf charset, boundary, fname;
    es_buf_init(&charset, 64);
    es_buf_init(&boundary, 256);
    es_buf_init(&fname, 1024);
    int attachment = 0;
    if (find_header(&e, "Content-Type", &h)) {
        size_t tl = 0;
        while (tl < h.value_len && tl < sizeof type - 1 && h.value[tl] != ';' && h.value[tl] != ' ' &&
               h.value[tl] != '\r' && h.value[tl] != '\n') {
            type[tl] = (char)(h.value[tl] >= 'A' && h.value[tl] <= 'Z' ? h.value[tl] + 32 : h.value[tl]);
            tl++;
        }
        type[tl] = '\0';
        es_mime_param(h.value, h.value_len, "charset", &charset);
        es_mime_param(h.value, h.value_len, "boundary", &boundary);
        es_mime_param(h.value, h.value_len, "name", &fname);
    }
    if (find_header(&e, "Content-Disposition", &h)) {
        attachment = h.value_len >= 10 && !strncasecmp(h.value, "attachment", 10);
        struct es_buf fn2;
        es_buf_init(&fn2, 1024);
        if (es_mime_param(h.value, h.value_len, "filename", &fn2) && fn2.len) {
            fname.len = 0;
            es_buf_append(&fname, fn2.data, fn2.len);
        }
        es_buf_free(&fn2);
    }
    if (!strncmp(type, "multipart/", 10) && boundary.len) {
        rc = scan_multipart(m, &e, boundary.data, depth);
    } else {
        struct es_buf body;
        const char *bp;
        size_t bn;
        int is_text = !strncmp(type, "text/", 5) && !attachment && !fname.len;
        int html = is_text && !strcmp(type, "text/html");
        es_buf_init(&body, (size_t)m->text_max);
        if (decode_body(&e, html, &body, &bp, &bn) == ES_ERR_LIMIT)
            es_sink_partial(m->sink, "a body part exceeds the text limit; it was cut");
        if (html) {
            strip_html(&body);
            bn = body.len;
        }
        if (is_text) {
            char where[32];
            m->bodies++;
            snprintf(where, sizeof where, m->bodies == 1 ? "body" : "body %u", m->bodies);
            struct es_input in;
            es_input_from_mem(&in, bp, bn, "");
            struct es_text_opts o = {.charset = charset.len ? charset.data : NULL, .where = where,
                                     .flags = ES_LOC_LINES};
            rc = es_sink_text(m->sink, &in, &o);
            es_input_close(&in);
        } else {
            char name[64];
            const char *nm = fname.data;
            size_t nml = fname.len;
            if (!nml) {
                m->parts++;
                snprintf(name, sizeof name, !strcmp(type, "message/rfc822") ? "message-%u.eml" : "part-%u",
                         m->parts);
                nm = name;
                nml = strlen(name);
            }
            struct es_input in;
            es_input_from_mem(&in, bp, bn, nm);
            rc = es_sink_member(m->sink, nm, nml, &in);
        }
        es_buf_free(&body);
    }
    es_buf_free(&charset);
    es_buf_free(&boundary);
    es_buf_free(&fname);
    return rc;
}

/* mbox: messages start at lines beginning "From " after a blank line. */
static int scan_mbox(struct es_sink *sink, const char *p, size_t n)
{
    size_t start = 0;
    unsigned count = 0;
    int rc = ES_OK;
    for (size_t i = 0; i <= n && rc == ES_OK; i++) {
        int boundary = i == n || (i > 0 && p[i - 1] == '\n' && i + 5 <= n && !memcmp(p + i, "From ", 5));
        if (!boundary || i == 0)
            continue;
        /* Skip the "From " envelope line of this message. */
        const char *nl = memchr(p + start, '\n', i - start);
        size_t body = nl ? (size_t)(nl - p) + 1 : i;
        char name[32];
        snprintf(name, sizeof name, "message-%u.eml", ++count);
        struct es_input in;
        es_input_from_mem(&in, p + body, i - body, name);
        rc = es_sink_member(sink, name, strlen(name), &in);
        start = i;
    }
    return rc == ES_STOP ? ES_OK : rc;
}

static int mail_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    const unsigned char *data;
    size_t len;
    int rc = es_sink_load(sink, in, "message", &data, &len);
    if (rc != ES_OK)
        return rc;
    if (len > 5 && !memcmp(data, "From ", 5)) {
        es_sink_set_type(sink, "mbox");
        return scan_mbox(sink, (const char *)data, len);
    }
    (void)s;
    es_sink_set_type(sink, "eml");
    struct mail m = {.sink = sink, .text_max = es_sink_limit(sink, ES_LIMIT_TEXT_BYTES)};
    rc = scan_entity(&m, (const char *)data, len, 0, 1);
    return rc == ES_STOP ? ES_OK : rc;
}

const struct es_extractor es_ex_mail = {
    .name = "mail",
    .flags = ES_EX_CONTAINER,
    .bid = mail_bid,
    .run = mail_run,
};
