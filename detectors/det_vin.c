/*
 * vin: 17-character VINs (ISO 3779) and Japanese chassis / frame numbers
 * (model code, hyphen, serial: ZVW30-1234567).
 *
 * The check digit (position 9) is mandatory in North America (WMI 1-5) and
 * for any VIN that carries no label: 17-character part numbers look exactly
 * like VINs otherwise. Japanese and other Asian makers need not fill it, so
 * a labelled VIN from outside North America is reported without it.
 */
#include <stdlib.h>
#include <string.h>

#include "detector.h"

/*
 * Group 1: a 17-character VIN (no I, O, Q), not part of a longer token.
 * Groups 2-3: a frame number: model code of 1-4 letters, 1-3 digits and up to
 * two letters (ZVW30, MXPA10, LA650S, DJ5FS), a hyphen and a 6-7 digit serial.
 * A model code never starts with a digit (6AA-MXPA10 is a type designation)
 * and a serial is digits only (90915-YZZD2 is a part number).
 */
static const char PATTERN[] =
    "(?<![A-Za-z0-9])([A-HJ-NPR-Z0-9]{17})(?![A-Za-z0-9])"
    "|(?<![A-Za-z0-9-])([A-Z]{1,4}[0-9]{1,3}[A-Z]{0,2})-([0-9]{6,7})(?![A-Za-z0-9])";

#define VIN_LEN 17
/* Bytes before a value searched for a label outside key/column positions. */
#define LABEL_NEAR 24

static const char *const LABELS[] = {
    "vin", "vin_no", "vin no", "vehicle identification", "chassis", "frame no", "frame_no",
    "frame number", "車台番号", "車体番号", "フレーム番号", "シャシー番号", "シャーシ番号",
    "เลขตัวถัง", "차대번호", "车架号", "車架號", "车辆识别", NULL};

/* Labels of business numbers written in the frame-number shape (TKT12-000123,
 * RO12-1234567, CASE7-004512): an unlabelled candidate next to one is theirs. */
static const char *const OTHER_LABELS[] = {
    "ticket", "tkt", "case", "order", "invoice", "inv", "po", "ro", "wo", "work order", "incident",
    "inc", "request", "req", "ref", "reference", "receipt", "tracking", "part", "parts",
    "受付", "注文", "伝票", "問い合わせ", "問合せ", "チケット", "案件", "部品", "品番", "請求", NULL};

struct vin_shared {
    pcre2_code *re;
    struct es_kwset labels;         /* LABELS, as es_ctx_has_word() takes them */
    signed char values[256];        /* vin_values_init() */
};

static void vin_fini(void *shared)
{
    struct vin_shared *s = shared;
    if (!s)
        return;
    pcre2_code_free(s->re);
    free(s);
}

static void vin_values_init(signed char vin_values[256]);

static int vin_init(void **shared)
{
    struct vin_shared *s = calloc(1, sizeof *s);
    if (!s)
        return ES_ERR_NOMEM;
    /* Anchored: tried only at the candidate starts vin_gate() lets through. */
    s->re = es_re_compile(PATTERN, PCRE2_ANCHORED, NULL, 0);
    if (!s->re) {
        vin_fini(s);
        return ES_ERR_PATTERN;
    }
    es_kwset_init_words(&s->labels, LABELS);
    vin_values_init(s->values);
    *shared = s;
    return ES_OK;
}

/* es_ctx_has_word(text, n, LABELS). */
static int has_label(const struct vin_shared *sh, const char *text, size_t n)
{
    return es_kwset_has(&sh->labels, text, n);
}

/*
 * What the scan of one chunk learns once: es_ctx_column() for ascending
 * offsets without a walk back to the line start per candidate (the column
 * cursor), and the label tests of the last column label seen (the same
 * header string for every candidate of a column).
 */
struct vin_facts {
    struct es_col_cursor cur;
    const char *col;      /* the last column label tested ... */
    int col_label;        /* ... has_label() of it, -1 not yet */
    int col_other;        /* ... es_ctx_has_word(OTHER_LABELS) of it, -1 not yet */
};

/* The column label of text[off] and, if it changed, forget its tests. */
static const char *column_of(const struct es_chunk *c, size_t off, struct vin_facts *vf)
{
    const char *col = es_ctx_column_at(c, &vf->cur, off);
    if (col != vf->col) {
        vf->col = col;
        vf->col_label = vf->col_other = -1;
    }
    return col;
}

/* A label in the key before the value, its column header / chunk label, or
 * a few bytes before it on the line ("車台番号 ZVW30-…", "VIN JTD…"). */
static int labelled(const struct vin_shared *sh, const struct es_chunk *c, size_t off, struct vin_facts *vf)
{
    /* Three independent tests, the cheapest first: es_ctx_before() looks at
     * LABEL_NEAR bytes, es_ctx_key() walks back to the line start (a key
     * within LABEL_NEAR bytes is found by the first test already). */
    const char *p;
    size_t n = es_ctx_before(c, off, LABEL_NEAR, &p);
    if (n && has_label(sh, p, n))
        return 1;
    const char *col = column_of(c, off, vf);
    if (col) {
        /* A function of the label string alone: tested once per label. */
        if (vf->col_label < 0)
            vf->col_label = has_label(sh, col, strlen(col));
        if (vf->col_label)
            return 1;
    }
    n = es_ctx_key(c, off, &p);
    return n && has_label(sh, p, n);
}

/* The code's own letters name another number ("TKT12-000123"), or its key,
 * column or the text just before it does ("Ticket AB1-123456"). */
static int other_label(const struct es_chunk *c, size_t off, struct vin_facts *vf)
{
    size_t k = off;
    while (k < c->len && c->text[k] >= 'A' && c->text[k] <= 'Z')
        k++;
    if (es_ctx_has_word(c->text + off, k - off, OTHER_LABELS))
        return 1;
    const char *p;
    size_t n = es_ctx_key(c, off, &p);
    if (n && es_ctx_has_word(p, n, OTHER_LABELS))
        return 1;
    const char *col = column_of(c, off, vf);
    if (col) {
        if (vf->col_other < 0)
            vf->col_other = es_ctx_has_word(col, strlen(col), OTHER_LABELS);
        if (vf->col_other)
            return 1;
    }
    n = es_ctx_before(c, off, LABEL_NEAR, &p);
    return n && es_ctx_has_word(p, n, OTHER_LABELS);
}

static size_t skip_blank_fwd(const char *t, size_t i, size_t len)
{
    while (i < len && (t[i] == ' ' || t[i] == '\t'))
        i++;
    return i;
}

/* Range connectors: ~ - ～ 〜 – "to" "から". Returns the connector's length at t[i]. */
static size_t connector_at(const char *t, size_t i, size_t len)
{
    static const char *const conn[] = {"～", "〜", "–", "から", "~", "-", "to", "TO", NULL};
    for (const char *const *k = conn; *k; k++) {
        size_t n = strlen(*k);
        if (i + n <= len && memcmp(t + i, *k, n) == 0)
            return n;
    }
    return 0;
}

static int is_upper_alnum(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* Part of a frame-number range (ZVW30-1000001～ZVW30-1299999)? */
static int in_range(const struct es_chunk *c, size_t s, size_t e)
{
    const char *t = c->text;
    size_t i = skip_blank_fwd(t, e, c->len);
    size_t k = connector_at(t, i, c->len);
    if (k) {
        i = skip_blank_fwd(t, i + k, c->len);
        if (i < c->len && is_upper_alnum((unsigned char)t[i]))
            return 1;
    }
    /* The second element: look back over blanks for a connector. */
    size_t j = s;
    while (j > 0 && (t[j - 1] == ' ' || t[j - 1] == '\t'))
        j--;
    for (size_t n = 1; n <= 6 && n <= j; n++) {
        if (connector_at(t, j - n, c->len) == n) {
            size_t q = j - n;
            while (q > 0 && (t[q - 1] == ' ' || t[q - 1] == '\t'))
                q--;
            if (q > 0 && is_upper_alnum((unsigned char)t[q - 1]))
                return 1;
        }
    }
    return 0;
}

/* ISO 3779 values of the characters a VIN may hold (I, O, Q never occur),
 * -1 for any other byte: es_vin_check_ok()'s transliteration as one load
 * per character instead of a strchr() per letter. */
static void vin_values_init(signed char vin_values[256])
{
    static const char letters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";
    static const unsigned char values[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4,
                                           5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    memset(vin_values, -1, 256);   /* every byte value */
    for (int d = 0; d < 10; d++)
        vin_values['0' + d] = (signed char)d;
    for (size_t i = 0; letters[i]; i++)
        vin_values[(unsigned char)letters[i]] = (signed char)values[i];
}

/* es_vin_check_ok(vin), the same answer, by the table vin_values_init() built. */
static int check_ok(const signed char *vin_values, const char *vin)
{
    static const unsigned char weight[VIN_LEN] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    unsigned sum = 0;
    for (size_t i = 0; i < VIN_LEN; i++) {
        int v = vin_values[(unsigned char)vin[i]];
        if (v < 0)
            return 0;
        sum += (unsigned)v * weight[i];
    }
    unsigned r = sum % 11;   /* remainder 10 is written as 'X' */
    return vin[8] == (r == 10 ? 'X' : (char)('0' + r));
}

static void scan_vin17(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t s, struct vin_facts *vf)
{
    const char *v = c->text + s;
    size_t letters = 0, digits = 0;
    for (size_t i = 0; i < VIN_LEN; i++) {
        if (v[i] >= '0' && v[i] <= '9')
            digits++;
        else
            letters++;
    }
    /* A VIN mixes both: the WMI has letters, the serial digits. */
    if (letters == 0 || digits < 3)
        return;
    int na = v[0] >= '1' && v[0] <= '5';   /* WMI region 1-5: North America */
    int ok = check_ok(((const struct vin_shared *)sc->shared)->values, v);
    /* The label matters only outside North America (there the check digit
     * decides alone); it is the costly test, so it comes last. */
    enum es_confidence conf;
    if (na) {
        if (!ok)
            return;
        conf = ES_CONF_HIGH;
    } else {
        int lab = labelled(sc->shared, c, s, vf);
        if (ok)
            conf = lab ? ES_CONF_HIGH : ES_CONF_MEDIUM;
        else if (lab)
            conf = ES_CONF_MEDIUM;
        else
            return;
    }
    es_hit(sc, s, s + VIN_LEN, conf, v, VIN_LEN);
}

static int upper(unsigned char ch)
{
    return ch >= 'A' && ch <= 'Z';
}

/*
 * Where a PATTERN match may start (the gate of es_re_find_runs_sel()). Both
 * alternatives start a run of ASCII letters and digits (their look-behinds
 * reject one before it) and each may start only where:
 * - group 1: the run is exactly 17 long (17 characters, then no letter or
 *   digit);
 * - the frame number: the run is its model code, 2-9 long (1-4 letters,
 *   1-3 digits, 0-2 letters), starts with A-Z, and a '-' follows it.
 * Other starts cannot match.
 */
static int vin_gate(const char *t, size_t len, size_t p, size_t run)
{
    return run == VIN_LEN ||
           (run >= 2 && run <= 9 && p + run < len && t[p + run] == '-' && upper((unsigned char)t[p]));
}

/* The run starts of a window vin_gate() may accept (es_re_find_runs_sel()):
 * runs that start with A-Z (the frame number's model code; most runs start
 * with a digit or a lower-case letter) and runs of 17 or more (x holds
 * bits up to 127, and a start at 63 needs bits up to 79). */
static uint64_t vin_sel(const char *text, size_t len, size_t at, const struct es_run_win *w, uint64_t starts)
{
    (void)text;
    (void)len;
    (void)at;
    unsigned __int128 x = (unsigned __int128)w->a_next << 64 | w->a;
    unsigned __int128 g = x & x >> 1;   /* bits p, p + 1 set */
    g &= g >> 2;                        /* p .. p + 3 */
    g &= g >> 4;                        /* p .. p + 7 */
    g &= g >> 8;                        /* p .. p + 15 */
    g &= x >> 16;                       /* p .. p + 16: a run of 17 or more */
    return starts & ((uint64_t)g | w->upper);
}

static void vin_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const pcre2_code *re = ((const struct vin_shared *)sc->shared)->re;
    size_t pos = 0, ms, me;
    struct vin_facts vf = {.cur = {0, 0, 0}, .col = NULL, .col_label = -1, .col_other = -1};
    while (pos < c->owned &&
           es_re_find_runs_sel(sc, re, c->text, c->len, pos, vin_sel, ES_RUN_UPPER, vin_gate, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        size_t gs, ge;
        if (es_re_group(sc, 1, &gs, &ge)) {
            scan_vin17(sc, c, gs, &vf);
            continue;
        }
        if (in_range(c, ms, me))
            continue;
        int lab = labelled(sc->shared, c, ms, &vf);
        if (!lab && other_label(c, ms, &vf))
            continue;
        enum es_confidence conf = lab ? ES_CONF_HIGH : ES_CONF_MEDIUM;
        es_hit(sc, ms, me, conf, c->text + ms, me - ms);
    }
}

static size_t vin_mask(const char *norm, size_t len, char *out, size_t cap)
{
    const char *dash = memchr(norm, '-', len);
    if (dash) {
        /* Frame number: the model code stays, the serial keeps its last 3. */
        return es_mask_keep(norm, len, (size_t)(dash - norm), 3, out, cap);
    }
    /* JTD**********1234: the maker (WMI) and the last four. */
    return es_mask_keep(norm, len, 3, 4, out, cap);
}

const struct es_detector es_det_vin = {
    .id = "vin",
    .description = "VINs (ISO 3779 check digit) and JP chassis numbers",
    .init = vin_init,
    .fini = vin_fini,
    .scan = vin_scan,
    .mask = vin_mask,
};
