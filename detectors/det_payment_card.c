/*
 * payment_card: full card numbers (PANs): 13-19 digits, plain or in groups
 * split by spaces or hyphens, inside a known issuer range (IIN) for their
 * length, with a valid Luhn check digit. Masked numbers and digit runs that
 * are part of longer numbers are not cards; a number labelled as a reference
 * (transaction, order, invoice) is not reported even when it passes Luhn.
 */
#include <string.h>

#include "detector.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/*
 * Plain 13-19 digits, 4-4-4-4(-3), 4-4-4-1..4 (13-15 digit Visa/Maestro
 * groupings) or 4-6-4/5 (Amex, Diners); the separator is the same throughout.
 * Not next to letters, digits, '*' (masking) or a decimal point, and not
 * followed by one more group of four (a longer number).
 */
static const char PATTERN[] =
    "(?<![0-9A-Za-z*.])(?<![0-9][ -])"
    "(?:[0-9]{13,19}"
    "|[0-9]{4}([ -])[0-9]{4}\\1[0-9]{4}\\1[0-9]{1,4}(?:\\1[0-9]{3})?"
    "|[0-9]{4}([ -])[0-9]{6}\\2[0-9]{4,5})"
    "(?![0-9A-Za-z*])(?!\\.[0-9])(?![ -][0-9]{4}(?![0-9]))";

#define PAN_MIN 13
#define PAN_MAX 19
/* Bytes before the number searched for a card keyword on the same line. */
#define NEAR 40

static const char *const CARD_WORDS[] = {
    "card", "cc_num", "ccnum", "pan", "credit", "visa", "mastercard", "amex", "jcb",
    "カード", "クレジット", "บัตร", "카드", "信用卡", "卡号", NULL};
/* Labels of reference numbers that happen to pass Luhn. */
static const char *const REF_WORDS[] = {
    "ref", "reference", "txn", "transaction", "order", "invoice", "tracking", "receipt",
    "注文", "伝票", "受付", "請求", "取引", NULL};

static int prefix_in(const char *d, size_t plen, unsigned lo, unsigned hi)
{
    unsigned v = 0;
    for (size_t i = 0; i < plen; i++)
        v = v * 10 + (unsigned)(d[i] - '0');
    return v >= lo && v <= hi;
}

/* Issuer ranges (ISO/IEC 7812 IIN assignments as published by the schemes). */
static int issuer_ok(const char *d, size_t n)
{
    if (d[0] == '4')   /* Visa */
        return n == 13 || n == 16 || n == 19;
    if (prefix_in(d, 2, 51, 55) || prefix_in(d, 4, 2221, 2720))   /* Mastercard */
        return n == 16;
    if (prefix_in(d, 4, 2200, 2204))   /* Mir */
        return n >= 16 && n <= 19;
    if (prefix_in(d, 2, 34, 34) || prefix_in(d, 2, 37, 37))   /* American Express */
        return n == 15;
    if (prefix_in(d, 4, 3528, 3589))   /* JCB */
        return n >= 16 && n <= 19;
    if (prefix_in(d, 3, 300, 305) || prefix_in(d, 4, 3095, 3095) || prefix_in(d, 2, 36, 36) ||
        prefix_in(d, 2, 38, 39))   /* Diners Club */
        return n >= 14 && n <= 19;
    if (prefix_in(d, 4, 6011, 6011) || prefix_in(d, 3, 644, 649) || prefix_in(d, 2, 65, 65))
        return n >= 16 && n <= 19;   /* Discover (65 also RuPay) */
    if (prefix_in(d, 2, 62, 62))   /* UnionPay */
        return n >= 16 && n <= 19;
    if (prefix_in(d, 2, 60, 60) || prefix_in(d, 3, 508, 508) || prefix_in(d, 2, 81, 82))
        return n == 16;   /* RuPay */
    if (prefix_in(d, 4, 5018, 5018) || prefix_in(d, 4, 5020, 5020) || prefix_in(d, 4, 5038, 5038) ||
        prefix_in(d, 4, 5893, 5893) || prefix_in(d, 4, 6304, 6304) || prefix_in(d, 4, 6759, 6759) ||
        prefix_in(d, 4, 6761, 6763))   /* Maestro */
        return n >= 13 && n <= 19;
    if (prefix_in(d, 4, 9792, 9792))   /* Troy */
        return n == 16;
    return 0;
}

static int card_init(void **shared)
{
    pcre2_code *re = es_re_compile(PATTERN, PCRE2_ANCHORED, NULL, 0);   /* tried at candidate starts */
    if (!re)
        return ES_ERR_PATTERN;
    *shared = re;
    return ES_OK;
}

static void card_fini(void *shared)
{
    pcre2_code_free(shared);
}

/* 1: labelled as a card, -1: labelled as a reference, 0: neither. */
static int label_of(const struct es_chunk *c, size_t off)
{
    const char *p;
    size_t n = es_ctx_key(c, off, &p);
    const char *col = es_ctx_column(c, off);
    size_t cl = col ? strlen(col) : 0;
    if ((n && es_ctx_has_word(p, n, CARD_WORDS)) || (cl && es_ctx_has_word(col, cl, CARD_WORDS)))
        return 1;
    if ((n && es_ctx_has_word(p, n, REF_WORDS)) || (cl && es_ctx_has_word(col, cl, REF_WORDS)))
        return -1;
    n = es_ctx_before(c, off, NEAR, &p);
    if (n && es_ctx_has_word(p, n, CARD_WORDS))
        return 1;
    return 0;
}

/* Where a PATTERN match may start (es_re_find_runs_sel(), after card_sel()):
 * every match starts a run of letters and digits (the look-behind rejects
 * one before it) with a digit, and that run is the 13-19 digits of a bare
 * number or the first group of 4 before ' ' or '-' (every alternative is
 * digits up to its first separator, and a grouped one has at least 4 more
 * digits after it: "2021-03-04" has not). */
static int card_gate(const char *t, size_t len, size_t p, size_t run)
{
    char next = p + run < len ? t[p + run] : '\0';
    return (run >= PAN_MIN && run <= PAN_MAX && es_digits_at(t, len, p, run, 0)) ||
           (run == 4 && (next == ' ' || next == '-') && es_digits_at(t, len, p, 4, 0) &&
            es_digits_at(t, len, p + 5, 4, 0));
}

/* The run starts of a window card_gate() may accept (es_re_find_runs_sel()),
 * by bit operations on the digits d of the window and the next one: a digit
 * first, and 13 digits from it (a bare number), or 4 digits, a byte that is
 * no digit and 4 more (a grouped one). A superset of card_gate()'s: each
 * shape there has these digits. x holds bits up to 127; a start at 63
 * needs bits up to 75. */
static uint64_t card_sel(const char *text, size_t len, size_t at, const struct es_run_win *w, uint64_t starts)
{
    (void)text;
    (void)len;
    (void)at;
    if (!(starts &= w->digit))
        return 0;
    unsigned __int128 d = (unsigned __int128)w->digit_next << 64 | w->digit;
    unsigned __int128 d2 = d & d >> 1, d4 = d2 & d2 >> 2, d8 = d4 & d4 >> 4;   /* bits p .. p + 1 (3, 7) digits */
    unsigned __int128 bare = d8 & d4 >> 8 & d >> 12;
    unsigned __int128 grouped = d4 & ~(d >> 4) & d4 >> 5;
    return starts & (uint64_t)(bare | grouped);
}

static void card_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const pcre2_code *re = sc->shared;
    size_t pos = 0, ms, me;
    while (pos < c->owned && es_re_find_runs_sel(sc, re, c->text, c->len, pos, card_sel, 0, card_gate, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        char d[PAN_MAX + 1];
        size_t n = 0;
        for (size_t i = ms; i < me && n <= PAN_MAX; i++)
            if (c->text[i] >= '0' && c->text[i] <= '9')
                d[n++] = c->text[i];
        if (n < PAN_MIN || n > PAN_MAX || !issuer_ok(d, n) || !es_luhn_ok(d, n))
            continue;
        int lab = label_of(c, ms);
        if (lab < 0)
            continue;
        es_hit(sc, ms, me, lab > 0 ? ES_CONF_HIGH : ES_CONF_MEDIUM, d, n);
    }
}

static size_t card_mask(const char *norm, size_t len, char *out, size_t cap)
{
    /* The issuer (first six) and the last four, as on a receipt. */
    return es_mask_keep(norm, len, len >= 15 ? 6 : 4, 4, out, cap);
}

const struct es_detector es_det_payment_card = {
    .id = "payment_card",
    .description = "payment card numbers (IIN ranges, Luhn)",
    .init = card_init,
    .fini = card_fini,
    .scan = card_scan,
    .mask = card_mask,
};
