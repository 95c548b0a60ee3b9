/*
 * Staff context for the risk verdict: employees' own contact data (a staff
 * directory, the signature block of an internal memo) is personal data and
 * is reported, but it is not customer data, so it does not make a file a
 * customer record on its own (README, "Risk").
 *
 * Two signs, both about how companies write down their own people:
 *  - a table whose columns place people inside the organisation (extension,
 *    department, employee number, job title) and say nothing of customers;
 *  - an internal extension written next to a contact ("内線 2687", "ext. 412"):
 *    customers are reached on their own numbers, staff on extensions.
 */
#include <string.h>

#include "staffctx.h"

/* Columns of an employee directory. */
static const char *const STAFF_HEADERS[] = {
    "内線", "extension", "ext", "部署", "所属", "部門", "department", "dept", "division",
    "社員番号", "従業員番号", "社員id", "職員番号", "employee", "staff id", "staff no", "役職",
    "job title", "position", NULL};
/* Columns that make a table about customers whatever else it holds. */
static const char *const CUSTOMER_HEADERS[] = {
    "customer", "client", "member", "顧客", "お客様", "会員", "契約者", "owner", "所有者", NULL};

int es_staff_table(const struct es_chunk *c)
{
    int staff = 0;
    if (!c->delim || !c->header)
        return 0;
    for (size_t i = 0; i < c->nheader; i++) {
        const char *h = c->header[i];
        if (!h)
            continue;
        size_t n = strlen(h);
        if (es_ctx_has_word(h, n, CUSTOMER_HEADERS))
            return 0;
        staff |= es_ctx_has_word(h, n, STAFF_HEADERS);
    }
    return staff;
}

static int letter(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* Bytes after a marker word allowed before the extension's digits (". ", ": ", "：", " #"). */
#define MARK_GAP 4

/* 1 if an extension number follows t[i, len): separators, then a digit. */
static int digits_follow(const char *t, size_t i, size_t len)
{
    for (size_t k = 0; i < len && k < MARK_GAP; k++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch >= '0' && ch <= '9')
            return 1;
        if (ch == ' ' || ch == '.' || ch == ':' || ch == '#' || ch == '\t')
            i++;
        else if (i + 3 <= len && memcmp(t + i, "\xEF\xBC\x9A", 3) == 0)
            i += 3;   /* full-width colon, if it survived normalisation */
        else
            return 0;
    }
    return i < len && t[i] >= '0' && t[i] <= '9';
}

/* Length of an extension marker word at t[i] ("内線", "ext", "extension"), or 0. */
static size_t marker_at(const char *t, size_t i, size_t len)
{
    static const char *const words[] = {"内線", "extension", "ext", NULL};
    for (const char *const *w = words; *w; w++) {
        size_t wl = strlen(*w);
        if (!es_kw_at(t + i, len - i, *w, wl))
            continue;
        /* A Latin word must stand alone: not "text", "next", "extra". */
        if (letter((unsigned char)(*w)[0]) &&
            ((i > 0 && letter((unsigned char)t[i - 1])) || (i + wl < len && letter((unsigned char)t[i + wl]))))
            continue;
        return wl;
    }
    return 0;
}

/* Is there an extension marker followed by digits at t[i]? */
static int marker_with_number(const char *t, size_t i, size_t len)
{
    size_t wl = marker_at(t, i, len);
    return wl && digits_follow(t, i + wl, len);
}

/* Does the line t[a, b) hold a marker? The search jumps with memchr to the
 * rare bytes ('x' of "ext", the 線 of 内線) instead of testing every byte. */
static int line_has_marker(const char *t, size_t a, size_t b, size_t len)
{
    static const char cases[] = {'x', 'X'};
    for (size_t k = 0; k < sizeof cases; k++)
        for (const char *p = t + a + 1; p < t + b && (p = memchr(p, cases[k], (size_t)(t + b - p))); p++)
            if ((p[-1] | 0x20) == 'e' && marker_with_number(t, (size_t)(p - 1 - t), len))
                return 1;
    for (const char *p = t + a; p < t + b && (p = memmem(p, (size_t)(t + b - p), "内線", 6)); p++)
        if (marker_with_number(t, (size_t)(p - t), len))
            return 1;
    return 0;
}

size_t es_staff_marker_lines(const struct es_chunk *c, uint64_t *lines, size_t max)
{
    const char *t = c->text;
    size_t n = 0, a = 0;
    for (uint64_t line = 0; a < c->len && n < max; line++) {
        const char *nl = memchr(t + a, '\n', c->len - a);
        size_t b = nl ? (size_t)(nl - t) : c->len;
        if (line_has_marker(t, a, b, c->len))
            lines[n++] = line;
        a = b + 1;
    }
    return n;
}
