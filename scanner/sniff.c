/*
 * Type identification: libmagic on the first bytes (one cookie per worker:
 * libmagic is not thread-safe), the extension only to break ties.
 */
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "extract.h"
#include "scanner_private.h"

/* UTF-16 without a BOM: every other byte NUL in the first bytes. */
int es_looks_utf16(const unsigned char *p, size_t n)
{
    size_t even = 0, odd = 0, pairs = n / 2;
    if (pairs < 8)
        return 0;
    /* Without a NUL both counts are 0 and the answer is no: most heads are
     * text in an 8-bit encoding, and memchr() looks a vector at a time. */
    if (!memchr(p, 0, n))
        return 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        even += p[i] == 0;
        odd += p[i + 1] == 0;
    }
    /* Mostly-ASCII UTF-16 has NULs in one lane in most pairs; CJK text fewer. */
    return (odd * 10 >= pairs * 3 && even * 20 < pairs) || (even * 10 >= pairs * 3 && odd * 20 < pairs);
}

/* A control byte that text does not hold: below 0x20 and none of the usual
 * layout ones (\t \n \f \r, ESC of ISO-2022-JP). */
static int bad_control(unsigned char c)
{
    return (c < 0x20) & (c != '\n') & (c != '\r') & (c != '\t') & (c != '\f') & (c != 0x1b);
}

/* Text is bytes without NUL or C0 controls other than the usual layout ones;
 * legacy encodings (Shift_JIS, EUC-JP) are all bytes >= 0x20. */
int es_looks_text(const unsigned char *p, size_t n)
{
    /* Every file and member is sniffed: sixteen bytes are tested at a time
     * (gcc made the byte loop a branchy one of 9 instructions a byte). Most
     * blocks of text hold no control byte or only layout ones; those that
     * hold a bad one are counted a bit at a time. */
    size_t bad = 0, i = 0;
#ifdef __SSE2__
    const __m128i c1f = _mm_set1_epi8(0x1F);
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v);   /* v <= 0x1F */
        if (!_mm_movemask_epi8(ctl))
            continue;
        __m128i layout = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\f'))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8(0x1b))));
        for (unsigned m = (unsigned)_mm_movemask_epi8(_mm_andnot_si128(layout, ctl)); m; m &= m - 1)
            bad++;
    }
#endif
    for (; i < n; i++)
        bad += (size_t)bad_control(p[i]);
    /* A stray control byte or two is text with noise; more is binary. */
    return bad * 100 <= n;
}

/* Text that libmagic would only call text/plain: no markup (HTML/XML are
 * told apart by libmagic), not a format with a text signature. Skipping
 * libmagic here saves about a millisecond per file. */
static int plain_text_head(const unsigned char *p, size_t n, int text)
{
    size_t i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3;
    while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
        i++;
    if (i < n && (p[i] == '<' || p[i] == '%' || (n - i > 5 && !memcmp(p + i, "{\\rtf", 5))))
        return 0;   /* markup, %PDF / PostScript, RTF */
    return text;
}

int es_sniff_open(magic_t *out)
{
    /* MIME type only; no decompression or ELF probing: the extractors look
     * inside containers themselves, within limits. */
    magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS | MAGIC_NO_CHECK_ELF |
                           MAGIC_ERROR);
    if (!m)
        return ES_ERR_NOMEM;
    if (magic_load(m, NULL) != 0) {
        magic_close(m);
        return ES_ERR_IO;
    }
    *out = m;
    return ES_OK;
}

static void lower_ext(const char *name, char *ext, size_t cap)
{
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    ext[0] = '\0';
    if (!dot || (slash && dot < slash) || dot == name)
        return;
    size_t i = 0;
    for (const char *p = dot + 1; *p && i + 1 < cap; p++)
        ext[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
    ext[i] = '\0';
}

/* MIME types and the short type names they give. */
static const struct {
    const char *mime, *type;
} mime_types[] = {
    {"application/zip", "zip"},
    {"application/gzip", "gzip"},
    {"application/x-gzip", "gzip"},
    {"application/x-tar", "tar"},
    {"application/x-ustar", "tar"},
    {"application/pdf", "pdf"},
    {"message/rfc822", "eml"},
    {"message/news", "eml"},
    {"application/mbox", "mbox"},
    {"text/html", "html"},
    {"text/xml", "xml"},
    {"application/xml", "xml"},
    {"image/svg+xml", "svg"},
    {"application/json", "json"},
    {"text/csv", "csv"},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
    {"application/vnd.oasis.opendocument.spreadsheet", "ods"},
    {"application/vnd.oasis.opendocument.text", "odt"},
    {"application/vnd.oasis.opendocument.presentation", "odp"},
    {"application/vnd.ms-excel", "xls"},
    {"application/msword", "doc"},
    {"application/vnd.ms-powerpoint", "ppt"},
    {"application/vnd.ms-outlook", "msg"},
    {"application/x-ole-storage", "ole2"},
    {"application/CDFV2", "ole2"},
    {"application/encrypted", "encrypted"},
    {"application/x-rar", "rar"},
    {"application/x-7z-compressed", "7z"},
    {"application/x-bzip2", "bzip2"},
    {"application/x-xz", "xz"},
    {"application/zstd", "zstd"},
    {"application/x-sqlite3", "sqlite"},
    {"application/vnd.sqlite3", "sqlite"},
};

/* Extensions that name a more specific text type than libmagic's text/plain. */
static const char *const text_exts[] = {
    "csv", "tsv", "json", "jsonl", "ndjson", "log", "md", "sql", "txt", "c", "h", "py", "js",
    "ts", "java", "go", "rs", "sh", "yaml", "yml", "toml", "ini", "cfg", "conf", "hex", "out",
    "xml", "html", "htm", "eml", "mbox", "vcf", "ics", "tex", "rst", "properties", NULL,
};

const char *es_text_type(const char *ext)
{
    for (size_t i = 0; text_exts[i]; i++)
        if (strcmp(ext, text_exts[i]) == 0)
            return !strcmp(ext, "htm") ? "html" : text_exts[i];
    return "txt";
}

static void type_for(const char *mime, const char *ext, int is_text, char *type, size_t cap)
{
    const char *t = NULL;
    for (size_t i = 0; i < sizeof mime_types / sizeof mime_types[0]; i++)
        if (strcmp(mime, mime_types[i].mime) == 0) {
            t = mime_types[i].type;
            break;
        }
    if ((!t || !strcmp(t, "json") || !strcmp(t, "csv")) && is_text)
        t = es_text_type(ext);
    if (!t) {
        /* image/png -> png; anything else opaque -> bin */
        const char *slash = strchr(mime, '/');
        if (!strncmp(mime, "image/", 6) || !strncmp(mime, "audio/", 6) || !strncmp(mime, "video/", 6))
            t = slash + 1;
        else
            t = "bin";
    }
    size_t n = strlen(t);
    if (n >= cap)
        n = cap - 1;
    memcpy(type, t, n);
    type[n] = '\0';
    for (char *p = type; *p; p++)
        if (*p == '+' || *p == ' ')
            *p = '\0';
}

void es_sniff_input(struct es_worker *w, struct es_input *in, int depth, struct es_sniff *out,
                    char *type, size_t typecap)
{
    (void)es_input_peek(in);
    const char *mime = NULL;
    int text = es_looks_text(in->peek, in->peek_len);
    if (in->peek_len == 0)
        mime = "application/x-empty";
    else if (plain_text_head(in->peek, in->peek_len, text))
        mime = "text/plain";
    else if (in->peek_len >= 3 && in->peek[0] == 0x1F && in->peek[1] == 0x8B && in->peek[2] == 8)
        mime = "application/gzip";   /* what libmagic says of it, a third of a millisecond sooner */
    else if (w->magic)
        mime = magic_buffer(w->magic, in->peek, in->peek_len);
    if (!mime)
        mime = "application/octet-stream";
    memset(out, 0, sizeof *out);
    snprintf(out->mime_buf, sizeof out->mime_buf, "%s", mime);
    mime = out->mime_buf;
    lower_ext(in->name, out->ext_buf, sizeof out->ext_buf);
    const char *ext = out->ext_buf;
    out->mime = mime;
    out->desc = "";
    out->head = in->peek;
    out->head_len = in->peek_len;
    out->text = text;
    out->ext = ext;
    out->size = in->size;
    out->depth = depth;
    int is_text = !strncmp(mime, "text/", 5) || strstr(mime, "json") || strstr(mime, "csv") ||
                  !strcmp(mime, "application/x-empty");
    type_for(mime, ext, is_text, type, typecap);
    if (!strcmp(mime, "application/x-empty"))
        memcpy(type, "empty", 6);
}
