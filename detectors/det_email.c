/*
 * email: mailboxes of persons, in text and in mailto: links, with IDN
 * (UTF-8) domain labels.
 *
 * Every candidate starts at an '@' found with memchr (text without one costs
 * one pass); the local part is read back from it and an anchored pattern
 * checks the whole address. C then drops what is not a person's mailbox:
 * asset names (icon@2x.png), version pins (pkg@1.2.3 never passes the letter
 * TLD), Message-IDs, reserved example domains and role mailboxes (info@,
 * noreply@ ...). Those are not personal data, so they are not reported at all.
 */
#include <stdlib.h>
#include <string.h>

#include "detector.h"

/*
 * One UTF-8 letter of an IDN label: two- to four-byte sequences, except the
 * blocks that hold punctuation rather than letters (C2: NBSP, «, ©; E2:
 * U+2000-2FFF general punctuation and symbols; E3 80: U+3000-303F CJK
 * punctuation such as 。、「; EF: U+F000-FFFF full-width punctuation). Without
 * this, Japanese text written right after an address would join its domain.
 */
#define U8 "(?:[\\xc3-\\xdf][\\x80-\\xbf]|\\xe3[\\x81-\\xbf][\\x80-\\xbf]" \
           "|[\\xe0\\xe1\\xe4-\\xec\\xee][\\x80-\\xbf]{2}|\\xed[\\x80-\\x9f][\\x80-\\xbf]" \
           "|[\\xf0-\\xf4][\\x80-\\xbf]{3})"

/*
 * Anchored at the first byte of the local part. Local part: the characters
 * mailboxes use in practice (RFC 5322 allows more, but '/', '=', '{' ... in
 * front of an '@' are paths and query strings far more often than
 * addresses), up to 64 bytes (RFC 5321 limit). Dots may repeat: older
 * Japanese carrier addresses (docomo, au) contain "..". Domain: labels of up
 * to 63 bytes (RFC 1035), then a TLD of 2-24 ASCII letters (the longest
 * delegated ones have 24) or an A-label, not followed by more of a domain.
 */
static const char PATTERN[] =
    "[A-Za-z0-9_%+\\-][A-Za-z0-9._%+\\-]{0,63}@"
    "((?:(?:[A-Za-z0-9]|" U8 ")(?:[A-Za-z0-9\\-]|" U8 "){0,62}\\.)+"
    "(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9\\-]{1,59}))"
    "(?![A-Za-z0-9\\-]|\\.(?:[A-Za-z0-9]|" U8 "))";

/* Longest local part read back from an '@' (RFC 5321). */
#define LOCAL_MAX 64
/* Bytes before an address searched for a Message-ID style header name. */
#define HEADER_NEAR 64
/* Longest address we normalise (RFC 5321 path limit). */
#define ADDR_MAX 254


static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int local_char(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '_' || ch == '%' || ch == '+' || ch == '-';
}

/* text[0, n) equals the NUL-terminated w, ASCII case-insensitively. */
static int eq_ci(const char *text, size_t n, const char *w)
{
    /* No strlen(): most words differ in their first bytes; w must end
     * exactly at n. */
    for (size_t i = 0; i < n; i++)
        if (!w[i] || lower((unsigned char)text[i]) != lower((unsigned char)w[i]))
            return 0;
    return w[n] == '\0';
}

/* A word list by first byte (folded): a look-up compares only the words
 * that start like the text (ROLES has over a hundred, tried per candidate). */
#define IX_MAX 256   /* words in one list: ROLES has about 130 */
struct word_ix {
    unsigned short start[257];   /* words with first byte b: w[start[b], start[b + 1]) */
    const char *w[IX_MAX];
    size_t len[IX_MAX];          /* strlen(w[k]): eq_ci() needs the same length */
};

/* 0 if the list does not fit. */
static int ix_build(struct word_ix *ix, const char *const *list)
{
    size_t count[256] = {0}, n = 0;
    for (const char *const *p = list; *p; p++, n++)
        count[lower((unsigned char)(*p)[0])]++;
    if (n > IX_MAX)
        return 0;
    ix->start[0] = 0;
    for (size_t b = 0; b < 256; b++)
        ix->start[b + 1] = (unsigned short)(ix->start[b] + count[b]);
    unsigned short fill[256];
    memcpy(fill, ix->start, sizeof fill);
    for (const char *const *p = list; *p; p++) {
        size_t k = fill[lower((unsigned char)(*p)[0])]++;
        ix->w[k] = *p;
        ix->len[k] = strlen(*p);
    }
    return 1;
}

/* Is text[0, n) one of the list's words (eq_ci())? A word equal to the
 * text starts with the text's first byte, folded: only those are tried. */
static int ix_has(const struct word_ix *ix, const char *text, size_t n)
{
    int b = n ? lower((unsigned char)text[0]) : 0;
    for (size_t k = ix->start[b]; k < ix->start[b + 1]; k++)
        if (ix->len[k] == n && eq_ci(text, n, ix->w[k]))
            return 1;
    return 0;
}

struct email_shared {
    pcre2_code *re;
    struct word_ix roles, file_ext, reserved;
    struct word_ix role_prefixes;   /* ROLE_PREFIXES, with their lengths */
    uint8_t local[256];             /* local_char() of each byte: one load per byte read back */
};

/*
 * Role mailboxes: they reach a function, not a person (RFC 2142 names the
 * standard ones: info, sales, support, abuse, postmaster, hostmaster,
 * webmaster, noc, security), plus the automated senders and the department
 * boxes of company contact blocks (English and romanised Japanese).
 */
static const char *const ROLES[] = {
    "info", "information", "support", "service", "services", "customer-center",
    "customercenter", "customer_center", "customer-service", "customerservice",
    "customer_service", "customer-care", "help-desk", "customercare", "customer", "customers",
    "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply",
    "sales", "admin", "administrator", "webmaster", "postmaster", "hostmaster", "abuse",
    "noc", "security", "root", "mailer-daemon", "daemon", "bounce", "bounces", "contact",
    "contactus", "contact-us", "help", "helpdesk", "office", "inquiry", "inquiries",
    "enquiry", "enquiries", "feedback", "marketing", "news", "newsletter", "billing",
    "accounts", "accounting", "invoice", "invoices", "hr", "jobs", "careers", "recruit",
    "recruiting", "press", "media", "pr", "privacy", "legal", "compliance", "team", "hello",
    "notification", "notifications", "alerts", "alert", "reservation", "reservations",
    "booking", "bookings", "orders", "order", "shop", "store", "parts", "system", "git",
    "mail", "reply", "otoiawase", "toiawase", "uketsuke", "madoguchi", "soudan", "kojinjoho",
    "recall", "dealer", "dealers", "service-desk", "servicedesk", NULL};

/* Roles that often carry a suffix: noreply-jp@, support.tokyo@, info_2@. */
static const char *const ROLE_PREFIXES[] = {
    "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply", "do_not_reply",
    "info", "support", "mailer-daemon", "bounce", "bounces", "customer-center", NULL};

static int is_role(const struct email_shared *sh, const char *local, size_t n)
{
    /* A subaddress (+tag) does not change the mailbox. */
    const char *plus = memchr(local, '+', n);
    if (plus)
        n = (size_t)(plus - local);
    if (ix_has(&sh->roles, local, n))
        return 1;
    if (n == 0)
        return 0;
    /* A prefix the local part starts with starts with its first byte,
     * folded: only those are tried, their lengths known (no strlen() of
     * each per candidate). */
    const struct word_ix *ix = &sh->role_prefixes;
    int b = lower((unsigned char)local[0]);
    for (size_t k = ix->start[b]; k < ix->start[b + 1]; k++) {
        size_t pl = ix->len[k];
        if (n > pl && eq_ci(local, pl, ix->w[k]) &&
            (local[pl] == '-' || local[pl] == '_' || local[pl] == '.' ||
             (local[pl] >= '0' && local[pl] <= '9')))
            return 1;
    }
    return 0;
}

/* File name extensions that are not TLDs but follow an '@' in asset names
 * (icon@2x.png, font@latest.woff2) and build paths. */
static const char *const FILE_EXT[] = {
    "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic", "css",
    "js", "mjs", "cjs", "ts", "tsx", "jsx", "json", "map", "html", "htm", "xml", "txt", "woff",
    "woff2", "ttf", "otf", "eot", "mp3", "mp4", "wav", "webm", "lock", "yml", "yaml", "scss",
    "less", "vue", "min", "gz", "tgz", "zip", "jar", "dll", "exe", "so", "pdf", "doc", "docx",
    "xls", "xlsx", "ppt", "pptx", "csv", "log", "bak", "tmp", "dat", "bin", NULL};

/* Reserved names (RFC 2606, RFC 6761) and their usual second-level forms. */
static const char *const RESERVED_TLD[] = {"example", "test", "invalid", "localhost", "local",
                                           NULL};

static void email_fini(void *shared)
{
    struct email_shared *s = shared;
    if (!s)
        return;
    pcre2_code_free(s->re);
    free(s);
}

static int email_init(void **shared)
{
    struct email_shared *s = calloc(1, sizeof *s);
    if (!s)
        return ES_ERR_NOMEM;
    s->re = es_re_compile(PATTERN, PCRE2_ANCHORED, NULL, 0);
    for (unsigned ch = 0; ch < 256; ch++)
        s->local[ch] = (uint8_t)local_char((unsigned char)ch);
    if (!s->re || !ix_build(&s->roles, ROLES) || !ix_build(&s->file_ext, FILE_EXT) ||
        !ix_build(&s->reserved, RESERVED_TLD) || !ix_build(&s->role_prefixes, ROLE_PREFIXES)) {
        email_fini(s);
        return ES_ERR_PATTERN;
    }
    *shared = s;
    return ES_OK;
}

/* A label made of digits, an optional fraction and an 'x': "2x", "1.5x". */
static int is_scale_label(const char *d, size_t n)
{
    size_t i = 0;
    while (i < n && ((d[i] >= '0' && d[i] <= '9') || d[i] == '.'))
        i++;
    return i > 0 && i + 1 == n && (d[i] == 'x' || d[i] == 'X');
}

/* Labels of at most 3 characters each (com, co, jp, org): a public suffix
 * such as .co.jp or .com.au rather than a registered name. */
static int suffix_only(const char *d, size_t n)
{
    size_t s = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && d[i] != '.')
            continue;
        if (i - s > 3)
            return 0;
        s = i + 1;
    }
    return 1;
}

/*
 * 1 if the domain d[0, n) is a person's mail domain as far as its shape
 * shows: not an asset name, not a reserved example domain, no label that
 * starts or ends with '-'.
 */
static int domain_ok(const struct email_shared *sh, const char *d, size_t n)
{
    /* One pass over the labels; the TLD (the last label) is looked up
     * after it. Every test only refuses, so their order is free. */
    size_t s = 0, last = 0;   /* start of the label, of the last one */
    for (size_t i = 0; i <= n; i++) {
        if (i < n && d[i] != '.')
            continue;
        size_t ll = i - s;
        if (ll == 0 || d[s] == '-' || d[i - 1] == '-')
            return 0;
        if (s == 0 && is_scale_label(d, ll))
            return 0;
        /* example.com, example.co.jp, mail.example.org: the label "example"
         * followed only by suffix labels. */
        if (ll == 7 && eq_ci(d + s, ll, "example") && i < n && suffix_only(d + i + 1, n - i - 1))
            return 0;
        last = s;
        s = i + 1;
    }
    size_t tl = n - last;
    return !ix_has(&sh->file_ext, d + last, tl) && !ix_has(&sh->reserved, d + last, tl);
}

/* Header names whose angle-bracketed values are message identifiers. */
static const char *const MSGID_HEADERS[] = {"message-id", "references", "in-reply-to",
                                            "content-id", "resent-message-id", "x-message-id",
                                            "original-message-id", "thread-index", NULL};

/* Inside <...>: a '<' before s with no blank or '>' in between. */
static int bracketed(const char *t, size_t s)
{
    for (size_t i = s, n = 0; i > 0 && n < LOCAL_MAX; i--, n++) {
        char ch = t[i - 1];
        if (ch == '<')
            return 1;
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '>')
            return 0;
    }
    return 0;
}

/* user:password@host in a URL: the userinfo part, not a mailbox. */
static int url_userinfo(const char *t, size_t s)
{
    if (s == 0 || t[s - 1] != ':')
        return 0;
    for (size_t i = s - 1, n = 0; i >= 3 && n < LOCAL_MAX; i--, n++) {
        char ch = t[i - 1];
        if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '"' || ch == '<')
            return 0;
        if (ch == '/' && t[i - 2] == '/' && t[i - 3] == ':')
            return 1;
    }
    return 0;
}

/* A Message-ID, not a mailbox: <id@host> in a header that carries IDs.
 * Only angle-bracketed values qualify, which keeps this off the hot path. */
static int is_message_id(const struct es_chunk *c, size_t s)
{
    if (!bracketed(c->text, s))
        return 0;
    const char *col = es_ctx_column(c, s);
    if (col && es_ctx_has(col, strlen(col), MSGID_HEADERS))
        return 1;
    /* The header name earlier on the line; bounded, as lines can be long. */
    size_t b = s > HEADER_NEAR ? s - HEADER_NEAR : 0;
    const char *nl = memrchr(c->text + b, '\n', s - b);
    if (nl)
        b = (size_t)(nl - c->text) + 1;
    return es_ctx_has(c->text + b, s - b, MSGID_HEADERS);
}

static void email_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const struct email_shared *sh = sc->shared;
    const pcre2_code *re = sh->re;
    const char *t = c->text;
    size_t pos = 0;
    while (pos < c->len) {
        const char *at = memchr(t + pos, '@', c->len - pos);
        if (!at)
            break;
        size_t a = (size_t)(at - t);
        pos = a + 1;
        size_t s = a;
        while (s > 0 && a - s < LOCAL_MAX && sh->local[(unsigned char)t[s - 1]])
            s--;
        /* A local part never starts with a dot ("see...tanaka@" is prose). */
        while (s < a && t[s] == '.')
            s++;
        if (s == a || s >= c->owned)
            continue;
        /* Read back to the limit inside a longer run: not an address. */
        if (s > 0 && a - s == LOCAL_MAX && local_char((unsigned char)t[s - 1]))
            continue;
        size_t ms, me, ds, de;
        if (!es_re_find(sc, re, t, c->len, s, &ms, &me) || ms != s || !es_re_group(sc, 1, &ds, &de))
            continue;
        pos = me;
        if (me - ms > ADDR_MAX)
            continue;
        if (is_role(sh, t + s, a - s) || !domain_ok(sh, t + ds, de - ds) || is_message_id(c, s) ||
            url_userinfo(t, s))
            continue;
        char norm[ADDR_MAX + 1];
        size_t n = me - ms;
        for (size_t i = 0; i < n; i++)
            norm[i] = (char)lower((unsigned char)t[ms + i]);
        es_hit(sc, ms, me, ES_CONF_HIGH, norm, n);
    }
}

/* t***@example.com: the first character of the mailbox and the domain. */
static size_t email_mask(const char *norm, size_t len, char *out, size_t cap)
{
    const char *at = memchr(norm, '@', len);
    if (!at || at == norm)
        return es_mask_generic(norm, len, out, cap);
    size_t dl = len - (size_t)(at - norm);
    /* first char + "***" + "@domain" + NUL */
    if (cap < 1 + 3 + dl + 1)
        return es_mask_generic(norm, len, out, cap);
    out[0] = norm[0];
    memcpy(out + 1, "***", 3);
    memcpy(out + 4, at, dl);
    out[4 + dl] = '\0';
    return 4 + dl;
}

const struct es_detector es_det_email = {
    .id = "email",
    .description = "e-mail addresses of persons",
    .init = email_init,
    .fini = email_fini,
    .scan = email_scan,
    .mask = email_mask,
};
