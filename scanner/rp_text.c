/*
 * Text reporter, for people: one block per file with findings or a problem,
 * then the summary. Names and values are made safe for a terminal: control
 * characters, invalid UTF-8 and bidi overrides are shown as escapes, so a
 * hostile file name cannot move the cursor or reorder what is shown.
 */
#include "json_out.h"
#include "report.h"

#include <string.h>

/* Decimal units, as in throughput_mb_s. */
#define KB 1e3
#define MB 1e6
#define GB 1e9
/* Column where detector ids and example locations start. */
#define INDENT "    "
/* Columns of the location before an example value. */
#define WHERE_WIDTH 10

/* ANSI SGR sequences. */
#define C_RESET "\033[0m"
#define C_BOLD_RED "\033[1;31m"
#define C_YELLOW "\033[33m"
#define C_CYAN "\033[36m"
#define C_DIM "\033[2m"
#define C_MAGENTA "\033[35m"
#define C_BOLD "\033[1m"

static void color(struct es_report *rp, const char *sgr)
{
    if (rp->color)
        es_rbuf_puts(&rp->buf, sgr);
}

/* Bidi embedding, override and isolate controls, and the directional marks:
 * these make a name display in a different order than it is stored. */
static int is_bidi_control(uint32_t cp)
{
    return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
           cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

static void term_str(struct es_rbuf *b, const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = 0;
        size_t n = es_utf8_seq(s + i, len - i, &cp);
        if (n == 0) {
            es_rbuf_printf(b, "\\x%02x", s[i]);
            i++;
        } else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0)) {
            es_rbuf_printf(b, "\\x%02x", (unsigned)cp);
            i += n;
        } else if (is_bidi_control(cp) || cp == 0x2028 || cp == 0x2029) {
            es_rbuf_printf(b, "\\u{%04x}", (unsigned)cp);
            i += n;
        } else {
            es_rbuf_put(b, s + i, n);
            i += n;
        }
    }
}

static void term_cstr(struct es_rbuf *b, const char *s)
{
    if (s)
        term_str(b, s, strlen(s));
}

/* East Asian wide and fullwidth ranges (UAX #11, coarsely): two columns. */
static int is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
           (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
           (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

/* Terminal columns of already sanitised (valid UTF-8) text. */
static size_t columns(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t cols = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp = 0;
        size_t n = es_utf8_seq(s + i, len - i, &cp);
        cols += n && is_wide(cp) ? 2 : 1;
        i += n ? n : 1;
    }
    return cols;
}

static void human_bytes(struct es_rbuf *b, unsigned long long n)
{
    double v = (double)n;
    if (v >= GB)
        es_rbuf_printf(b, "%.1f GB", v / GB);
    else if (v >= MB)
        es_rbuf_printf(b, "%.1f MB", v / MB);
    else if (v >= KB)
        es_rbuf_printf(b, "%.1f kB", v / KB);
    else
        es_rbuf_printf(b, "%llu bytes", n);
}

static const char *risk_color(enum es_risk r)
{
    switch (r) {
    case ES_RISK_HIGH: return C_BOLD_RED;
    case ES_RISK_MEDIUM: return C_YELLOW;
    case ES_RISK_LOW: return C_CYAN;
    default: return C_DIM;
    }
}

static int text_begin(struct es_report *rp)
{
    rp->unlisted = 0;
    return 0;
}

static void finding(struct es_report *rp, const struct es_finding *f)
{
    struct es_rbuf *b = &rp->buf;
    es_rbuf_puts(b, INDENT);
    color(rp, C_BOLD);
    es_rbuf_printf(b, "%-13s", es_finding_detector(f));
    color(rp, C_RESET);
    es_rbuf_printf(b, " %llu found, %s%llu distinct, %s confidence\n",
                   (unsigned long long)es_finding_count(f),
                   es_finding_distinct_exact(f) ? "" : "about ",
                   (unsigned long long)es_finding_distinct(f),
                   es_confidence_name(es_finding_confidence(f)));
    size_t n = es_finding_nexamples(f);
    if (n > 3)   /* "a few" examples per detector */
        n = 3;
    for (size_t i = 0; i < n; i++) {
        es_rbuf_puts(b, INDENT INDENT "  ");
        color(rp, C_DIM);
        size_t before = b->len;
        term_cstr(b, es_finding_example_where(f, i));
        /* Align the values after locations such as "12:7" or "顧客!B4". */
        for (size_t w = columns(b->data + before, b->len - before); w < WHERE_WIDTH; w++)
            es_rbuf_putc(b, ' ');
        color(rp, C_RESET);
        es_rbuf_puts(b, "  ");
        term_cstr(b, es_finding_example_value(f, i));
        es_rbuf_putc(b, '\n');
    }
}

static int text_record(struct es_report *rp, const struct es_record *rec)
{
    struct es_rbuf *b = &rp->buf;
    enum es_rec_status st = es_record_status(rec);
    size_t nf = es_record_nfindings(rec);
    rp->nrecords++;
    if (nf == 0 && st == ES_REC_OK && !rp->verbose) {
        rp->unlisted++;
        return 0;
    }
    enum es_risk risk = es_record_risk(rec);
    color(rp, risk_color(risk));
    es_rbuf_printf(b, "%-6s", es_risk_name(risk));
    color(rp, C_RESET);
    es_rbuf_putc(b, ' ');
    size_t np = es_record_path_len(rec);
    for (size_t i = 0; i < np; i++) {
        size_t len = 0;
        const char *el = es_record_path(rec, i, &len);
        if (i)
            es_rbuf_puts(b, " \xe2\x96\xb8 ");   /* U+25B8, a small right-pointing triangle */
        if (el)
            term_str(b, el, len);
    }
    es_rbuf_puts(b, "  [");
    term_cstr(b, es_record_type(rec));
    const char *enc = es_record_encoding(rec);
    if (enc) {
        es_rbuf_puts(b, ", ");
        term_cstr(b, enc);
    }
    es_rbuf_puts(b, ", ");
    if (st != ES_REC_OK)
        color(rp, C_MAGENTA);
    es_rbuf_puts(b, es_rec_status_name(st));
    if (st != ES_REC_OK)
        color(rp, C_RESET);
    es_rbuf_puts(b, "]\n");
    if (st != ES_REC_OK) {
        es_rbuf_puts(b, INDENT "reason: ");
        term_cstr(b, es_record_error(rec) ? es_record_error(rec) : es_rec_status_name(st));
        es_rbuf_putc(b, '\n');
    }
    if (es_record_partial(rec)) {
        es_rbuf_puts(b, INDENT "partial: ");
        term_cstr(b, es_record_partial(rec));
        es_rbuf_putc(b, '\n');
    }
    for (size_t i = 0; i < nf; i++)
        finding(rp, es_record_finding(rec, i));
    return es_report_flush_buf(rp);
}

static int text_end(struct es_report *rp, const struct es_summary *sum)
{
    struct es_rbuf *b = &rp->buf;
    uint64_t bytes = es_summary_bytes(sum);
    double elapsed = es_summary_elapsed(sum);
    if (rp->nrecords > rp->unlisted)
        es_rbuf_putc(b, '\n');
    color(rp, C_BOLD);
    es_rbuf_puts(b, es_summary_interrupted(sum) ? "Summary (interrupted: partial)\n" : "Summary\n");
    color(rp, C_RESET);
    es_rbuf_printf(b, "  scanned     %llu files, %llu members, ",
                   (unsigned long long)es_summary_files(sum),
                   (unsigned long long)es_summary_members(sum));
    human_bytes(b, bytes);
    es_rbuf_putc(b, '\n');
    if (rp->unlisted)
        es_rbuf_printf(b, "  clean       %llu not listed (no findings)\n", rp->unlisted);
    es_rbuf_puts(b, "  risk        ");
    for (int r = ES_NRISK - 1; r >= 0; r--) {
        uint64_t n = es_summary_by_risk(sum, (enum es_risk)r);
        if (n && r > ES_RISK_NONE)
            color(rp, risk_color((enum es_risk)r));
        es_rbuf_printf(b, "%s %llu", es_risk_name((enum es_risk)r), (unsigned long long)n);
        if (n && r > ES_RISK_NONE)
            color(rp, C_RESET);
        es_rbuf_puts(b, r ? ", " : "\n");
    }
    es_rbuf_puts(b, "  status      ");
    for (int s = 0; s < ES_REC_NSTATUS; s++)
        es_rbuf_printf(b, "%s %llu%s", es_rec_status_name((enum es_rec_status)s),
                       (unsigned long long)es_summary_by_status(sum, (enum es_rec_status)s),
                       s + 1 < ES_REC_NSTATUS ? ", " : "\n");
    size_t nd = es_summary_ndetectors(sum);
    int any = 0;
    for (size_t i = 0; i < nd; i++) {
        uint64_t count = es_summary_detector_count(sum, i);
        if (!count)
            continue;
        if (!any)
            es_rbuf_printf(b, "  %-13s %10s %9s  %8s\n", "detector", "values", "distinct", "files");
        any = 1;
        es_rbuf_puts(b, "  ");
        color(rp, C_BOLD);
        es_rbuf_printf(b, "%-13s", es_summary_detector(sum, i));
        color(rp, C_RESET);
        /* "~": an estimate (past --limit distinct). */
        es_rbuf_printf(b, " %10llu %9llu%c %8llu\n", (unsigned long long)count,
                       (unsigned long long)es_summary_detector_distinct(sum, i),
                       es_summary_detector_distinct_exact(sum, i) ? ' ' : '~',
                       (unsigned long long)es_summary_detector_files(sum, i));
    }
    if (!any)
        es_rbuf_puts(b, "  no personal data found\n");
    es_rbuf_printf(b, "  time        %.2f s, ", elapsed);
    human_bytes(b, elapsed > 0 ? (unsigned long long)((double)bytes / elapsed) : 0);
    es_rbuf_puts(b, "/s\n");
    return es_report_flush_buf(rp);
}

const struct es_reporter es_rp_text = {
    .name = "text", .begin = text_begin, .record = text_record, .end = text_end,
};
