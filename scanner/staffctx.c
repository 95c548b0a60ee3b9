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
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "linecol.h"
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

/* Extension marker words. */
static const char *const MARKER_WORDS[] = {"内線", "extension", "ext", NULL};

/* Length of an extension marker word at t[i] ("内線", "ext", "extension"), or 0. */
static size_t marker_at(const char *t, size_t i, size_t len)
{
    for (const char *const *w = MARKER_WORDS; *w; w++) {
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

/* Where a marker word may start: the prefilter of the words' first three
 * bytes (ASCII letters in either case, as es_kw_at() compares them) lets
 * through every position marker_at() accepts, and most text holds none;
 * es_pf_next_wide() looks at 32 positions per step where the CPU can. */
static struct es_prefilter marker_pf;
static pthread_once_t marker_pf_once = PTHREAD_ONCE_INIT;

static void marker_pf_init(void)
{
    es_pf_init(&marker_pf, MARKER_WORDS);
}

size_t es_staff_marker_lines(const struct es_chunk *c, const struct es_line_index *ix,
                             uint64_t *lines, size_t max)
{
    const char *t = c->text;
    size_t n = 0, i = 0;
    size_t last = 0;     /* the last marker's position, */
    uint64_t line = 0;   /* and its line */
    pthread_once(&marker_pf_once, marker_pf_init);
    /* A line is listed once, at its first marker, and the rest of it is
     * skipped; only a marker's line is counted (most candidates are not). */
    while (n < max) {
        size_t at = es_pf_next_wide(&marker_pf, t, c->len, i);
        if (at >= c->len)
            break;
        i = at;
        if (!marker_with_number(t, at, c->len)) {
            i++;
            continue;
        }
        line += es_line_index_between(ix, last, at);
        last = at;
        lines[n++] = line;
        const char *nl = memchr(t + i, '\n', c->len - i);
        if (!nl)
            break;
        i = (size_t)(nl - t) + 1;
    }
    return n;
}
