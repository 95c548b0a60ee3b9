/*
 * device_id: identifiers of a person's devices and in-vehicle units:
 * IMEI / IMEISV, ICCID, MEID, MAC addresses, and labelled navigation / TCU /
 * DCM / terminal IDs.
 *
 * Digits alone prove little: a 15-digit build number looks like an IMEI, so
 * IMEIs need the Luhn check digit and a known reporting-body prefix, ICCIDs
 * the 89 prefix and Luhn, and shapes without a check (IMEISV, MEID, a bare
 * 12-hex MAC, free-form unit IDs) need a label.
 */
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "detector.h"
#include "vconst.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#ifdef ES_VCONST
#define DEV_AVX2 1   /* dev_shapes(): 32 bytes per step where the CPU has AVX2 */
#endif

/*
 * 1: a digit run of 14-20 (IMEI, IMEISV, ICCID) not inside a longer number,
 *    word or decimal;
 * 2 (3 = separator): a MAC in colon or hyphen notation, not inside an IPv6
 *    address or a longer hex run;
 * 4: a MAC in Cisco dotted notation;
 * 5: unit IDs in the shapes makers use for navigation and telematics units
 *    (DCM + digits, TCU-XXXX-digits, NVnn-hex);
 * 6: 12 or 14 hex digits (bare MAC, MEID), reported only when labelled;
 * 7 (8 = separator): an IMEI / IMEISV as printed on labels, AA-BBBBBB-CCCCCC-D(D).
 */
static const char PATTERN[] =
    "(?<![0-9A-Za-z.])([0-9]{14,20})(?![0-9A-Za-z]|\\.[0-9])"
    "|(?<![0-9A-Za-z:.-])([0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\\3[0-9A-Fa-f]{2}){4})"
    "(?![0-9A-Za-z:-]|\\.[0-9A-Fa-f])"
    "|(?<![0-9A-Za-z.])([0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4}\\.[0-9A-Fa-f]{4})"
    "(?![0-9A-Za-z]|\\.[0-9A-Za-z])"
    "|(?<![0-9A-Za-z-])(DCM[0-9]{8,13}|TCU-[0-9A-Z]{4}-[0-9]{6,10}|NV[0-9]{2}-[0-9A-F]{8,12})"
    "(?![0-9A-Za-z-])"
    "|(?<![0-9A-Za-z.:-])([0-9A-Fa-f]{12}(?:[0-9A-Fa-f]{2})?)(?![0-9A-Za-z.:-])"
    "|(?<![0-9A-Za-z.-])([0-9]{2}([- ])[0-9]{6}\\8[0-9]{6}\\8[0-9]{1,2})(?![0-9A-Za-z]|[- .][0-9])";

/* A unit-ID label, then separators (quotes, colon, markup tags), then the value. */
static const char LABEL_PATTERN[] =
    "(?i)(?<![a-z])(?:navi(?:gation)?[ _-]?(?:unit[ _-]?|device[ _-]?)?id|device[ _-]?id"
    "|tcu[ _-]?id|dcm[ _-]?id|terminal[ _-]?id|unit[ _-]?id"
    "|(?:device|navi|tcu|dcm)[ _-]?(?:no\\.?|number|serial)"
    "|(?:head|telematics)[ _-]?unit(?:[ _-]?(?:id|no))?"
    "|端末(?:ID|番号)|ナビ(?:機器)?ID|機器(?:ID|番号)|車載(?:器|機)(?:ID|番号))"
    "(?![a-z])(?:(?:[ \\t]*(?:[\"':=#]|：|</?[a-z]{1,8}>))+[ \\t]*|[ \\t]+)"
    "([A-Za-z0-9][A-Za-z0-9-]{4,31})(?![A-Za-z0-9-])";

/* Labels of a unit-ID column or key (free-form values). */
static const char *const UNIT_WORDS[] = {
    "device_id", "device id", "deviceid", "navi_id", "navi id", "naviid", "navi_device_id",
    "navi device id", "navigation id", "tcu id", "tcu_id", "tcuid", "dcm id", "dcm_id",
    "terminal id", "terminal_id", "unit id", "unit_id", "head unit", "head_unit", "端末id",
    "端末番号", "ナビid", "device no", "device_no", "device number", "navi no", "navi_no",
    "navi serial", "tcu no", "tcu_no", "tcu serial", "dcm no", "dcm_no", "dcm serial",
    "ナビ機器id", "機器id", "機器番号", "車載器id", "車載機id", "車載器番号", NULL};
/* Words that make a digit run a device identifier. */
static const char *const DEVICE_WORDS[] = {
    "imei", "imeisv", "iccid", "sim", "meid", "esn", "device", "navi", "tcu", "dcm", "terminal",
    "handset", "modem", "端末", "機器", "ナビ", "車載", NULL};
static const char *const IMEISV_WORDS[] = {"imei", "imeisv", "svn", NULL};
static const char *const MEID_WORDS[] = {"meid", NULL};
static const char *const MAC_WORDS[] = {
    "mac", "bt_mac", "bluetooth", "wifi", "wi-fi", "wlan", "ether", "hwaddr", "hw addr",
    "物理アドレス", NULL};
/* Labels of numbers that are not device IDs even when they pass Luhn. */
static const char *const NOT_WORDS[] = {
    "build", "version", "ver", "package", "pkg", "order", "invoice", "ticket", "txn",
    "transaction", "ref", "card", "account", "customer", "tel", "phone", NULL};

#define NEAR 32          /* bytes before a value searched for a keyword */
#define UNIT_MIN 6       /* a free-form unit ID has at least this many characters */
#define UNIT_DIGITS 4    /* ... and this many digits */
#define HASH_HEX 24      /* a hex run this long is a hash, not an ID */
#define VALUE_CHUNK 64   /* a chunk this short, named by its key, is one value */

/* What every LABEL_PATTERN match starts with (for its prefilter). */
static const char *const LABEL_PREFIXES[] = {"nav", "dev", "tcu", "dcm", "ter", "uni", "hea", "tel",
                                             "端末", "ナビ", "機器", "車載", NULL};

/* And what every LABEL_PATTERN match starts with in full, tested at the
 * prefilter's passes before a match attempt (es_re_find_lits()): the three bytes
 * the prefilter looks at are one CJK character, and 車 (車両, 車検) and
 * ナ (ナビ) are everywhere in a dealer's text. ASCII letters compare in
 * either case, as under (?i): "ナビid" is ナビID. */
static const char *const LABEL_LITERALS[] = {"navi", "device", "tcu", "dcm", "terminal", "unit",
                                             "head", "telematics", "端末", "ナビid", "ナビ機器", "機器",
                                             "車載", NULL};

struct dev_shared {
    pcre2_code *re, *label;
    pcre2_code *re_a;         /* PATTERN anchored: tried at candidate starts */
    struct es_prefilter pf;   /* LABEL_PREFIXES */
    struct es_literals lits;  /* LABEL_LITERALS */
    struct es_litscan scan;   /* pf and lits, for es_re_find_lits() */
    /* The word lists below as es_ctx_has_word() takes them, with their
     * prefilters built once: each candidate tests up to three texts. */
    struct es_kwset device_w, imeisv_w, meid_w, mac_w, unit_w, not_w;
};

static int dev_init(void **shared)
{
    struct dev_shared *s = calloc(1, sizeof *s);
    if (!s)
        return ES_ERR_NOMEM;
    s->re = es_re_compile(PATTERN, 0, NULL, 0);
    s->label = es_re_compile(LABEL_PATTERN, PCRE2_ANCHORED, NULL, 0);   /* tried at prefilter hits */
    s->re_a = es_re_compile(PATTERN, PCRE2_ANCHORED, NULL, 0);
    es_pf_init(&s->pf, LABEL_PREFIXES);
    /* The label literals must fit es_literals: the list ships with us. */
    int lits_ok = es_lits_init(&s->lits, LABEL_LITERALS);
    es_litscan_init(&s->scan, &s->pf, &s->lits);
    es_kwset_init_words(&s->device_w, DEVICE_WORDS);
    es_kwset_init_words(&s->imeisv_w, IMEISV_WORDS);
    es_kwset_init_words(&s->meid_w, MEID_WORDS);
    es_kwset_init_words(&s->mac_w, MAC_WORDS);
    es_kwset_init_words(&s->unit_w, UNIT_WORDS);
    es_kwset_init_words(&s->not_w, NOT_WORDS);
    /* dev_scan() skips the SQL search in a chunk without a label literal:
     * every word sql_want() takes must start where es_litscan_next() stops. */
    for (const char *const *w = UNIT_WORDS; lits_ok && *w; w++)
        lits_ok = es_litscan_next(&s->scan, *w, strlen(*w), 0) == 0;
    if (!s->re || !s->label || !s->re_a || !lits_ok) {
        pcre2_code_free(s->re);
        pcre2_code_free(s->label);
        pcre2_code_free(s->re_a);
        free(s);
        return ES_ERR_PATTERN;
    }
    *shared = s;
    return ES_OK;
}

static void dev_fini(void *shared)
{
    struct dev_shared *s = shared;
    pcre2_code_free(s->re);
    pcre2_code_free(s->label);
    pcre2_code_free(s->re_a);
    free(s);
}

/* Does the key, column or nearby text carry one of the words of ks?
 * (2 = key/column, 1 = near) */
static int context_has(const struct es_chunk *c, size_t off, const struct es_kwset *ks)
{
    const char *p;
    size_t n = es_ctx_key(c, off, &p);
    if (n && es_kwset_has(ks, p, n))
        return 2;
    const char *col = es_ctx_column(c, off);
    if (col && es_kwset_has(ks, col, strlen(col)))
        return 2;
    n = es_ctx_before(c, off, NEAR, &p);
    return n && es_kwset_has(ks, p, n) ? 1 : 0;
}

/* Negative labels count only as the value's own key or column. */
static int labelled_not(const struct dev_shared *sh, const struct es_chunk *c, size_t off)
{
    const char *p;
    size_t n = es_ctx_key(c, off, &p);
    if (n && es_kwset_has(&sh->not_w, p, n))
        return 1;
    const char *col = es_ctx_column(c, off);
    return col && es_kwset_has(&sh->not_w, col, strlen(col));
}

/* Reporting-body identifiers (first two digits of an IMEI / TAC) in use. */
static int imei_rbi_ok(const char *d)
{
    static const char *const rbi[] = {"01", "10", "30", "33", "35", "44", "45", "49", "50",
                                      "51", "52", "53", "54", "86", "91", "98", "99", NULL};
    for (const char *const *r = rbi; *r; r++)
        if (d[0] == (*r)[0] && d[1] == (*r)[1])
            return 1;
    return 0;
}

static void digits_hit(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t s, size_t e)
{
    const struct dev_shared *sh = sc->shared;
    const char *d = c->text + s;
    size_t n = e - s;
    int dev = context_has(c, s, &sh->device_w);
    if (n == 15) {
        if (!es_luhn_ok(d, n) || !imei_rbi_ok(d))
            return;
        if (!dev && labelled_not(sh, c, s))
            return;
        es_hit(sc, s, e, dev ? ES_CONF_HIGH : ES_CONF_MEDIUM, d, n);
    } else if (n == 16 || n == 14) {
        /* IMEISV (16) and IMEI without its check digit (14) carry no check: label needed. */
        if (context_has(c, s, &sh->imeisv_w) && imei_rbi_ok(d))
            es_hit(sc, s, e, ES_CONF_HIGH, d, n);
    } else if (n >= 19 && d[0] == '8' && d[1] == '9') {
        /* ICCID: 89 (telecom) + country + issuer, Luhn over all digits. */
        if (!es_luhn_ok(d, n) || (!dev && labelled_not(sh, c, s)))
            return;
        es_hit(sc, s, e, dev ? ES_CONF_HIGH : ES_CONF_MEDIUM, d, n);
    }
}

/* AA-BBBBBB-CCCCCC-D: reporting body, TAC rest, serial, check digit (SV: two digits). */
static void grouped_imei(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t s,
                         size_t e)
{
    char d[16];
    size_t n = 0;
    for (size_t i = s; i < e && n < sizeof d; i++)
        if (c->text[i] >= '0' && c->text[i] <= '9')
            d[n++] = c->text[i];
    if (!imei_rbi_ok(d))
        return;
    const struct dev_shared *sh = sc->shared;
    int dev = context_has(c, s, &sh->device_w);
    if (n == 15 && es_luhn_ok(d, n))
        es_hit(sc, s, e, dev ? ES_CONF_HIGH : ES_CONF_MEDIUM, d, n);
    else if (n == 16 && context_has(c, s, &sh->imeisv_w))
        es_hit(sc, s, e, ES_CONF_HIGH, d, n);
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* A MAC from its 12 hex digits (any notation); labelled: a MAC label was seen. */
static void mac_hit(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t s, size_t e,
                    int labelled)
{
    char hex[12];
    size_t n = 0;
    int decimal = 1;
    for (size_t i = s; i < e && n < 12; i++) {
        int v = hexval(c->text[i]);
        if (v < 0)
            continue;
        decimal &= v < 10;
        hex[n++] = "0123456789abcdef"[v];
    }
    if (n != 12)
        return;
    int zero = 1, ones = 1;
    for (size_t i = 0; i < 12; i++) {
        zero &= hex[i] == '0';
        ones &= hex[i] == 'f';
    }
    /* Broadcast, unset, and group (multicast) addresses name no device. */
    if (zero || ones || (hexval(hex[1]) & 1))
        return;
    /* Six groups of decimal digits are more likely times or counters. */
    if (decimal && !labelled)
        return;
    char norm[17];
    for (size_t i = 0, o = 0; i < 6; i++) {
        norm[o++] = hex[2 * i];
        norm[o++] = hex[2 * i + 1];
        if (i < 5)
            norm[o++] = ':';
    }
    es_hit(sc, s, e, labelled ? ES_CONF_HIGH : ES_CONF_MEDIUM, norm, 17);
}

/* A free-form unit ID taken from a label, column or SQL column. */
static int unit_shape_ok(const char *v, size_t n)
{
    size_t digits = 0, hex = 0, dashes = 0;
    if (n < UNIT_MIN)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char ch = v[i];
        int isd = ch >= '0' && ch <= '9';
        int isl = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
        if (!isd && !isl && ch != '-')
            return 0;
        digits += isd;
        hex += hexval(ch) >= 0;
        dashes += ch == '-';
    }
    if (digits < UNIT_DIGITS)
        return 0;
    /* Hashes and UUIDs identify data, not devices. */
    if (hex == n - dashes && n - dashes >= HASH_HEX)
        return 0;
    return 1;
}

/* 1 if the main pattern matches text[s, e) exactly (it reports those itself). */
static int main_shape(const struct es_scan_ctx *sc, const struct dev_shared *sh,
                      const struct es_chunk *c, size_t s, size_t e)
{
    /* re_a, compiled anchored: JIT does not take PCRE2_ANCHORED given at
     * match time, so sh->re with it would run in the interpreter. */
    size_t ms, me;
    return es_re_try(sc, sh->re_a, c->text, e, s, &ms, &me) > 0 && me == e;
}

static void unit_hit(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t s, size_t e)
{
    const struct dev_shared *sh = sc->shared;
    /* '\r': the last field of a CRLF line. */
    while (e > s && (c->text[e - 1] == ' ' || c->text[e - 1] == '"' || c->text[e - 1] == '\r'))
        e--;
    while (s < e && (c->text[s] == ' ' || c->text[s] == '"'))
        s++;
    if (!unit_shape_ok(c->text + s, e - s))
        return;
    if (main_shape(sc, sh, c, s, e))
        return;
    /* All digits: only the digit rules above may claim it. */
    size_t i = s;
    while (i < e && c->text[i] >= '0' && c->text[i] <= '9')
        i++;
    if (i == e)
        return;
    es_hit(sc, s, e, ES_CONF_HIGH, c->text + s, e - s);
}

static int hex_ch(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F') || (ch >= 'a' && ch <= 'f');
}

/* The next PATTERN match at or after pos, as es_re_find() would find it.
 * Every alternative starts a run of letters and digits (its look-behind
 * rejects one before it) with a hex digit or D / T / N, and that run is
 * 11-20 long (digits, DCM + digits, bare hex), or 2 before ':' '-' ' '
 * (MAC, grouped IMEI), 3 before '-' (TCU-) or 4 before '.' '-' (Cisco,
 * NVnn-): only such starts are tried. */
/* Can a run of 11-20 letters and digits (all of it: the alternatives that
 * match one end where it ends) be a PATTERN match? Only as 14-20 digits,
 * 12 or 14 hex digits, or DCM and digits; numbers of 11-13 digits (phone
 * numbers, amounts) and words are the common runs that are none of these. */
static int long_run_ok(const char *r, size_t run)
{
    if (r[0] == 'D' && r[1] == 'C' && r[2] == 'M')
        return 1;
    size_t digits = 0, hex = 0;
    for (size_t k = 0; k < run; k++) {
        digits += r[k] >= '0' && r[k] <= '9';
        hex += hex_ch((unsigned char)r[k]);
    }
    return (digits == run && run >= 14) || (hex == run && (run == 12 || run == 14));
}

/*
 * Can a run of 2-4 letters and digits at t[p], followed by next, start a
 * PATTERN match? Only as the first group of a MAC (2 hex, ':' or '-', 2
 * hex, the same separator again; no ':' '.' '-' before it), a grouped IMEI
 * (2 digits, '-' or ' ', 6 digits, the same separator again), TCU-, NVnn-
 * or a Cisco MAC (4 hex, '.', 4 hex, '.'). Dates and times ("2021-03-04",
 * "12:30") are the common runs of this length that are none of these.
 */
static int short_run_ok(const char *t, size_t len, size_t p, size_t run, char next)
{
    char before = p > 0 ? t[p - 1] : '\0';
    if (run == 2) {
        int mac = (next == ':' || next == '-') && before != ':' && before != '.' && before != '-' &&
                  es_digits_at(t, len, p, 2, 1) && es_digits_at(t, len, p + 3, 2, 1) && p + 5 < len &&
                  t[p + 5] == next;
        int imei = (next == '-' || next == ' ') && before != '.' && before != '-' &&
                   es_digits_at(t, len, p, 2, 0) && es_digits_at(t, len, p + 3, 6, 0) && p + 9 < len &&
                   t[p + 9] == next;
        return mac || imei;
    }
    if (run == 3)
        return next == '-' && before != '-' && memcmp(t + p, "TCU", 3) == 0;
    if (next == '.')
        return before != '.' && es_digits_at(t, len, p, 4, 1) && es_digits_at(t, len, p + 5, 4, 1) && p + 9 < len &&
               t[p + 9] == '.';
    return next == '-' && before != '-' && t[p] == 'N' && t[p + 1] == 'V' && es_digits_at(t, len, p + 2, 2, 0);
}

/* Runs of letters and digits where a PATTERN match may start (the gate of
 * es_re_find_runs_sel()): a hex digit, D (DCM), T (TCU) or N (NVnn) first, and
 * the run's shape as long_run_ok() / short_run_ok() say. */
static int main_gate(const char *t, size_t len, size_t p, size_t run)
{
    unsigned char ch = (unsigned char)t[p];
    if (!hex_ch(ch) && ch != 'D' && ch != 'T' && ch != 'N')
        return 0;
    char next = p + run < len ? t[p + run] : '\0';
    return (run >= 11 && run <= 20 && long_run_ok(t + p, run)) ||
           (run >= 2 && run <= 4 && short_run_ok(t, len, p, run, next));
}

/* What main_sel() tests past the runs' lengths, bit p for a run start at
 * text[at + p] (p < 64): a hex digit, T or N first (first); the same ':' or
 * '-' 2 and 5 on (a MAC), or the same '-' or ' ' 2 and 9 on (a grouped
 * IMEI) (two); '-' 3 on and T first (TCU-) (three); '.' 4 and 9 on
 * (Cisco), or '-' 4 on and N first (NVnn-) (four). A start at 63 looks at
 * bytes up to 72. */
struct dev_shapes {
    uint64_t first, two, three, four;
};

/* Bits r on (0 < r < 64) of a class: bit p of the result is bit p + r. */
#define ON(lo, hi, r) ((lo) >> (r) | (hi) << (64 - (r)))

/* Bytes a start looks at, as text[at, at + DEV_BITS_BYTES) holds them. */
#define DEV_BITS_BYTES 80

#ifdef DEV_AVX2
/* dev_shapes() where at least DEV_BITS_BYTES bytes are left: each byte
 * compared with the ones 2, 5 and 9 on by loads at those offsets, so that
 * each shape is one mask (no class shifted in from the next word). */
__attribute__((target("avx2"))) static void dev_shapes_avx2(const unsigned char *t, uint64_t digit,
                                                            struct dev_shapes *s)
{
    uint64_t m[4] = {0};   /* first two three four */
    for (unsigned i = 0; i < 64; i += 32) {
        const unsigned char *q = t + i;
        __m256i v = _mm256_loadu_si256((const __m256i *)q);
        __m256i v2 = _mm256_loadu_si256((const __m256i *)(q + 2));
        __m256i v3 = _mm256_loadu_si256((const __m256i *)(q + 3));
        __m256i v4 = _mm256_loadu_si256((const __m256i *)(q + 4));
        __m256i v5 = _mm256_loadu_si256((const __m256i *)(q + 5));
        __m256i v9 = _mm256_loadu_si256((const __m256i *)(q + 9));
        __m256i dash = es_ybyte('-');
        __m256i cn = _mm256_cmpeq_epi8(v, es_ybyte('N')), ct = _mm256_cmpeq_epi8(v, es_ybyte('T'));
        __m256i h = es_yrange(_mm256_or_si256(v, es_ybyte(0x20)), 'a', 6);   /* hex letters, either case */
        __m256i d2 = _mm256_cmpeq_epi8(v2, dash);
        __m256i mac = _mm256_and_si256(_mm256_cmpeq_epi8(v2, v5),
                                       _mm256_or_si256(d2, _mm256_cmpeq_epi8(v2, es_ybyte(':'))));
        __m256i imei = _mm256_and_si256(_mm256_cmpeq_epi8(v2, v9),
                                        _mm256_or_si256(d2, _mm256_cmpeq_epi8(v2, es_ybyte(' '))));
        __m256i tcu = _mm256_and_si256(_mm256_cmpeq_epi8(v3, dash), ct);
        __m256i cisco = _mm256_and_si256(_mm256_cmpeq_epi8(v4, es_ybyte('.')), _mm256_cmpeq_epi8(v9, es_ybyte('.')));
        __m256i nv = _mm256_and_si256(_mm256_cmpeq_epi8(v4, dash), cn);
        m[0] |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(h, _mm256_or_si256(cn, ct))) << i;
        m[1] |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(mac, imei)) << i;
        m[2] |= (uint64_t)(uint32_t)_mm256_movemask_epi8(tcu) << i;
        m[3] |= (uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_or_si256(cisco, nv)) << i;
    }
    s->first = m[0] | digit, s->two = m[1], s->three = m[2], s->four = m[3];
}
#endif

/* digit: the window's digits (es_run_win), which the finder has classified. */
static void dev_shapes(const char *text, size_t len, size_t at, uint64_t digit, struct dev_shapes *s)
{
    (void)digit;   /* only the AVX2 step takes it; the others classify digits as they go */
    const unsigned char *t = (const unsigned char *)text + at;
    size_t n = len - at < DEV_BITS_BYTES ? len - at : DEV_BITS_BYTES, i = 0;
#ifdef DEV_AVX2
    if (n == DEV_BITS_BYTES && es_cpu_avx2()) {
        dev_shapes_avx2(t, digit, s);
        return;
    }
#endif
    /* The classes as bit sets (bits 64-79 of the separators in hi), then
     * the shapes from them shifted. */
    uint64_t m[7] = {0}, hi[4] = {0};   /* dash colon space dot first n t */
#ifdef __SSE2__
    /* Hex digits by two range tests; letters folded by OR 0x20, which maps
     * only A-F, a-f onto a-f. */
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        unsigned dash = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('-')));
        unsigned colon = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')));
        unsigned space = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
        unsigned dot = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')));
        if (i >= 64) {
            hi[0] = dash;
            hi[1] = colon;
            hi[2] = space;
            hi[3] = dot;
            continue;
        }
        __m128i d = es_xrange(v, '0', 10);
        __m128i h = es_xrange(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 6);   /* hex letters, either case */
        __m128i cn = _mm_cmpeq_epi8(v, _mm_set1_epi8('N')), ct = _mm_cmpeq_epi8(v, _mm_set1_epi8('T'));
        m[0] |= (uint64_t)dash << i;
        m[1] |= (uint64_t)colon << i;
        m[2] |= (uint64_t)space << i;
        m[3] |= (uint64_t)dot << i;
        m[4] |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(d, h), _mm_or_si128(cn, ct))) << i;
        m[5] |= (uint64_t)(unsigned)_mm_movemask_epi8(cn) << i;
        m[6] |= (uint64_t)(unsigned)_mm_movemask_epi8(ct) << i;
    }
#endif
    for (; i < n; i++) {
        unsigned char ch = t[i];
        uint64_t c[4] = {ch == '-', ch == ':', ch == ' ', ch == '.'};
        for (size_t k = 0; k < 4; k++) {
            if (i >= 64)
                hi[k] |= c[k] << (i - 64);
            else
                m[k] |= c[k] << i;
        }
        if (i < 64) {
            m[4] |= (uint64_t)(hex_ch(ch) || ch == 'T' || ch == 'N') << i;
            m[5] |= (uint64_t)(ch == 'N') << i;
            m[6] |= (uint64_t)(ch == 'T') << i;
        }
    }
    uint64_t mac = (ON(m[0], hi[0], 2) & ON(m[0], hi[0], 5)) | (ON(m[1], hi[1], 2) & ON(m[1], hi[1], 5));
    uint64_t imei = (ON(m[0], hi[0], 2) & ON(m[0], hi[0], 9)) | (ON(m[2], hi[2], 2) & ON(m[2], hi[2], 9));
    s->first = m[4];
    s->two = mac | imei;
    s->three = ON(m[0], hi[0], 3) & m[6];
    s->four = (ON(m[3], hi[3], 4) & ON(m[3], hi[3], 9)) | (ON(m[0], hi[0], 4) & m[5]);
}

/* The run starts of a window main_gate() may accept (es_re_find_runs_sel()),
 * by bit operations on the window: a hex digit, T or N first, and a run of
 * 11-20 or one of short_run_ok()'s shapes (struct dev_shapes) after a run
 * 2, 3 or 4 long. Most short runs are dates and times (2021-03-04, 12:30),
 * which fit none of these. x holds bits up to 127; a start at 63 needs
 * bits up to 83. */
static uint64_t main_sel(const char *text, size_t len, size_t at, const struct es_run_win *w, uint64_t starts)
{
    unsigned __int128 x = (unsigned __int128)w->a_next << 64 | w->a;
    unsigned __int128 g2 = x & x >> 1;      /* bits p, p + 1 set */
    unsigned __int128 g4 = g2 & g2 >> 2;    /* p .. p + 3 */
    unsigned __int128 g8 = g4 & g4 >> 4;    /* p .. p + 7 */
    unsigned __int128 g16 = g8 & g8 >> 8;   /* p .. p + 15 */
    unsigned __int128 ge3 = g2 & x >> 2, ge5 = g4 & x >> 4;
    unsigned __int128 ge11 = g8 & g2 >> 8 & x >> 10, ge21 = g16 & g4 >> 16 & x >> 20;
    uint64_t two = (uint64_t)(g2 & ~ge3), three = (uint64_t)(ge3 & ~g4), four = (uint64_t)(g4 & ~ge5);
    uint64_t lng = (uint64_t)(ge11 & ~ge21);
    if (!(starts &= two | three | four | lng))
        return 0;
    struct dev_shapes s;
    dev_shapes(text, len, at, w->digit, &s);
    return starts & s.first & ((two & s.two) | (three & s.three) | (four & s.four) | lng);
}

static void scan_main(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const struct dev_shared *sh = sc->shared;
    size_t pos = 0, ms, me, gs, ge;
    while (pos < c->owned &&
           es_re_find_runs_sel(sc, sh->re_a, c->text, c->len, pos, main_sel, 0, main_gate, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        if (es_re_group(sc, 1, &gs, &ge)) {
            digits_hit(sc, c, gs, ge);
        } else if (es_re_group(sc, 2, &gs, &ge) || es_re_group(sc, 4, &gs, &ge)) {
            mac_hit(sc, c, gs, ge, context_has(c, gs, &sh->mac_w) != 0);
        } else if (es_re_group(sc, 5, &gs, &ge)) {
            int lab = context_has(c, gs, &sh->unit_w) || context_has(c, gs, &sh->device_w);
            es_hit(sc, gs, ge, lab ? ES_CONF_HIGH : ES_CONF_MEDIUM, c->text + gs, ge - gs);
        } else if (es_re_group(sc, 7, &gs, &ge)) {
            grouped_imei(sc, c, gs, ge);
        } else if (es_re_group(sc, 6, &gs, &ge)) {
            if (ge - gs == 12 && context_has(c, gs, &sh->mac_w) == 2)
                mac_hit(sc, c, gs, ge, 1);
            else if (ge - gs == 14 && context_has(c, gs, &sh->meid_w) == 2)
                es_hit(sc, gs, ge, ES_CONF_HIGH, c->text + gs, ge - gs);
        }
    }
}

/* Labelled unit IDs in running text, JSON, logs and markup; from: the
 * first position es_litscan_next() lets through (every match starts at
 * one). */
static void scan_labels(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t from)
{
    const struct dev_shared *sh = sc->shared;
    size_t pos = from, ms, me, gs, ge;
    while (pos < c->owned &&
           es_re_find_lits(sc, sh->label, &sh->scan, c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        if (es_re_group(sc, 1, &gs, &ge))
            unit_hit(sc, c, gs, ge);
    }
}

struct sql_ctx {
    const struct es_scan_ctx *sc;
    const struct es_chunk *c;
};

static unsigned sql_want(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    return es_ctx_has_word(name, len, UNIT_WORDS) ? 1u : 0u;
}

static void sql_emit(void *ctx, unsigned tag, size_t s, size_t e)
{
    struct sql_ctx *x = ctx;
    (void)tag;
    unit_hit(x->sc, x->c, s, e);
}

static void dev_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const struct dev_shared *sh = sc->shared;
    scan_main(sc, c);
    /* Column headers and SQL column names are read by the same label test. */
    struct sql_ctx x = {sc, c};
    es_column_each(c, sql_want, sql_emit, &x);
    /* Where the first label literal starts, or c->len if none does (most
     * chunks: the scan for labels finds it anyway). */
    size_t lit = es_litscan_next(&sh->scan, c->text, c->len, 0);
    if (!c->delim && c->label && es_ctx_has_word(c->label, strlen(c->label), UNIT_WORDS) &&
        c->len < VALUE_CHUNK)
        unit_hit(sc, c, 0, c->owned);   /* a JSON/XML value chunk named by its key */
    else
        scan_labels(sc, c, lit);
    /* es_sql_each() emits only values of a column sql_want() tags, whose
     * name, a part of the chunk's text, holds one of UNIT_WORDS; each of
     * those starts with a label literal (dev_init() checks it), so without
     * one in the chunk there is nothing to emit. Then one cheap pass
     * instead of the statement search. */
    if (lit < c->len && es_sql_maybe(sc, c))
        es_sql_each(sc, c, sql_want, sql_emit, &x);
}

static size_t dev_mask(const char *norm, size_t len, char *out, size_t cap)
{
    /* IMEI 3543*******2786, MAC 00:1b:**:**:fe:01: maker part and last four. */
    return es_mask_keep(norm, len, 4, 4, out, cap);
}

const struct es_detector es_det_device_id = {
    .id = "device_id",
    .description = "IMEI, ICCID, MEID, MAC addresses and labelled navigation/TCU IDs",
    .init = dev_init,
    .fini = dev_fini,
    .scan = dev_scan,
    .mask = dev_mask,
};
