/*
 * customer_id: customer, member and account numbers. Their shapes are
 * whatever each system chose (1000842004, C-0012345, CU-2020-061748,
 * K-00187016), so only the label makes them: a column header, a JSON key or
 * XML element/attribute, a `label: value` in text, or the column of an SQL
 * INSERT (its column list or the table's CREATE TABLE). Labels of other
 * business numbers (order, invoice, repair order, ticket, case, transaction,
 * employee, store) are not customer labels even when they say "no".
 */
#include <stdlib.h>
#include <string.h>

#include "detector.h"

/* A customer label, then separators (quotes, colon, markup tags), then the value (group 1). */
static const char LABEL_PATTERN[] =
    "(?i)(?<![a-z])(?:(?:customer|cust\\.?|client|member(?:ship)?|account|acct)[ _-]?"
    "(?:id|no\\.?|num(?:ber)?|code|#)"
    "|customerid|custno|custid|memberid|accountid"
    /* コ[ー-]ド: normalisation writes the prolonged sound mark as '-' */
    "|顧客(?:番号|ID|コ[ー-]ド|No\\.?)|お客(?:様|さま)(?:番号|ID|コ[ー-]ド)|会員(?:番号|ID|コ[ー-]ド|No\\.?)"
    "|契約者番号"
    "|รหัสลูกค้า|고객번호|客户编号|客戶編號"
    ")(?![a-z])"
    "(?:(?:[ \\t]*(?:[\"':=#>]|：|は|</?[a-z]{1,8}(?: [^<>\\n]{0,40})?>))+[ \\t]*|[ \\t]+)"
    "([A-Za-z0-9][A-Za-z0-9_-]{1,18}[A-Za-z0-9])(?![A-Za-z0-9_-])";

/* Column headers, keys and SQL columns naming customer numbers. */
static const char *const CUST_WORDS[] = {
    "customer id", "customer_id", "customerid", "customer no", "customer_no", "customerno",
    "customer number", "customer code", "customer_code", "customer num", "cust_id", "cust id",
    "cust_no", "cust no", "custno", "custid", "cust_code", "client_id", "client id", "client no",
    "client_no", "client number", "member_id", "member id", "memberid", "member no", "member_no",
    "member number", "membership no", "membership number", "membership_no", "account no",
    "account_no", "account number", "account_id", "account id", "acct_no", "acct no", "acct_id",
    "顧客番号", "顧客id", "顧客コード", "顧客no", "お客様番号", "お客様id", "お客様コード",
    "お客さま番号", "お客さまid", "会員番号", "会員id", "会員no", "会員コード", "契約者番号",
    "รหัสลูกค้า", "เลขที่ลูกค้า", "รหัสสมาชิก",
    "고객번호", "회원번호", "客户编号", "客戶編號", "会员号", "客户号", NULL};
/* Just before a label: the company's own bank account, not a customer's. */
static const char *const BANK_WORDS[] = {"bank", "口座", "振込", "銀行", NULL};
#define BANK_NEAR 24   /* bytes before a label searched for BANK_WORDS */
/* Other business numbers whose labels may also say "customer" or "no". */
static const char *const NOT_WORDS[] = {
    "order", "invoice", "repair", "ro", "ticket", "case", "transaction", "txn", "employee",
    "staff", "store", "shop", "dealer", "branch", "注文", "受注", "請求", "伝票", "修理", "受付",
    "問い合わせ", "問合せ", "社員", "従業員", "店舗", "担当", NULL};

#define ID_MIN 3        /* characters of an ID */
#define ID_MAX 20
#define ID_DIGITS 3     /* an ID has at least this many digits */
#define VALUE_CHUNK 64  /* a chunk this short, named by its key, is one value */

/*
 * A customer record as a nested object, "customer": {"id": ...}: the
 * entity's key, then the object's own id / no / number / code key (group 1
 * is the key, group 2 the value) before any nested object opens.
 */
static const char ENTITY_PATTERN[] =
    "(?i)\"(?:customer|client|member|account|顧客|会員|お客様)\"[ \\t\\r\\n]*:[ \\t\\r\\n]*\\{"
    "[^{}]{0,512}?\"(id|no|num|number|code)\"[ \\t]*:[ \\t]*\"?([A-Za-z0-9][A-Za-z0-9_-]{1,18}[A-Za-z0-9])[\",} \\t\\r\\n]";

/* Elements naming a customer record (XML <Customer id="...">). */
static const char *const ENTITY_WORDS[] = {"customer", "client", "member", "account", "顧客",
                                           "会員", "お客様", NULL};
/* Attributes of such an element that hold its number. */
static const char *const ID_ATTRS[] = {"id", "no", "num", "number", "code", NULL};

/* What every LABEL_PATTERN match starts with (for its prefilter). "cu"
 * stays two bytes: under (?i) an 's' could also match other code points
 * in some modes. */
static const char *const LABEL_PREFIXES[] = {
    "cu", "cli", "mem", "acc", "顧客", "お客", "会員", "契約者", "รหัส", "고객", "客户", "客戶", NULL};

/* And what every LABEL_PATTERN match starts with in full, tested at the
 * prefilter's passes before a match attempt (es_re_find_lits()): for the CJK
 * prefixes the prefilter's three bytes are one character (お of
 * お願いします, 客 of お客様, 契 of 契約). お客 goes on to its branch's
 * every way on (様 or さま, then 番号, ID or コ): お客様 alone is in every
 * other line of a dealer's text, and none of those is a label. */
static const char *const LABEL_LITERALS[] = {
    "cust", "client", "member", "acc", "顧客", "お客様番号", "お客様id", "お客様コ", "お客さま番号",
    "お客さまid", "お客さまコ", "会員", "契約者番号", "รหัสลูกค้า", "고객번호", "客户编号", "客戶編號", NULL};

struct cid_shared {
    pcre2_code *label, *entity;
    struct es_prefilter pf;   /* LABEL_PREFIXES */
    struct es_literals lits;  /* LABEL_LITERALS */
    struct es_litscan scan;   /* pf and lits, for es_re_find_lits() */
};

static int cid_init(void **shared)
{
    struct cid_shared *s = calloc(1, sizeof *s);
    if (!s)
        return ES_ERR_NOMEM;
    s->label = es_re_compile(LABEL_PATTERN, PCRE2_ANCHORED, NULL, 0);   /* tried at prefilter hits */
    /* Anchored: tried only where find_entity() finds a "key": { before a '{'. */
    s->entity = es_re_compile(ENTITY_PATTERN, PCRE2_UTF | PCRE2_ANCHORED, NULL, 0);
    es_pf_init(&s->pf, LABEL_PREFIXES);
    /* The label literals must fit es_literals: the list ships with us. */
    int lits_ok = es_lits_init(&s->lits, LABEL_LITERALS);
    es_litscan_init(&s->scan, &s->pf, &s->lits);
    if (!s->label || !s->entity || !lits_ok) {
        pcre2_code_free(s->label);
        pcre2_code_free(s->entity);
        free(s);
        return ES_ERR_PATTERN;
    }
    *shared = s;
    return ES_OK;
}

static void cid_fini(void *shared)
{
    struct cid_shared *s = shared;
    pcre2_code_free(s->label);
    pcre2_code_free(s->entity);
    free(s);
}

/* Customer labels after normalise_label(): words split on punctuation and
 * camelCase steps, lower case, '#' read as "no" ("Cust. No.", "Customer #",
 * "customerNo", "MEMBER-ID"). */
static const char *const NORM_WORDS[] = {
    "customer id", "customer no", "customer number", "customer code", "customer num",
    "cust id", "cust no", "cust number", "cust code", "client id", "client no", "client number",
    "client code", "member id", "member no", "member number", "member code", "membership id",
    "membership no", "membership number", "account id", "account no", "account number",
    "acct id", "acct no", "acct number", "顧客 cd", "会員 cd", "顧客 no", "会員 no", "お客様 no",
    NULL};
/* Longest label normalised. */
#define LABEL_MAX 64

/* Lower-case words of s[0, n) separated by single spaces into out. */
static size_t normalise_label(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int space = 0;
    for (size_t i = 0; i < n && o + 3 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        int upper = ch >= 'A' && ch <= 'Z', lower = ch >= 'a' && ch <= 'z';
        int word = upper || lower || (ch >= '0' && ch <= '9') || ch >= 0x80;
        if (ch == '#') {
            if (o)
                out[o++] = ' ';
            out[o++] = 'n';
            out[o++] = 'o';
            space = 0;
            continue;
        }
        if (!word) {
            space = 1;
            continue;
        }
        /* camelCase: customerNo -> customer no */
        int step = upper && i > 0 && s[i - 1] >= 'a' && s[i - 1] <= 'z';
        /* 顧客CD: a Latin word after a CJK one is a word of its own */
        step |= (upper || lower) && i > 0 && (unsigned char)s[i - 1] >= 0x80;
        if (o && (space || step))
            out[o++] = ' ';
        space = 0;
        out[o++] = upper ? (char)(ch + 32) : (char)ch;
    }
    out[o] = '\0';
    return o;
}

static int is_label(const char *s, size_t n)
{
    if (es_ctx_has_word(s, n, NOT_WORDS))
        return 0;
    if (es_ctx_has_word(s, n, CUST_WORDS))
        return 1;
    char buf[LABEL_MAX + 4];
    if (n > LABEL_MAX)
        return 0;
    size_t m = normalise_label(s, n, buf, sizeof buf);
    return m && es_ctx_has_word(buf, m, NORM_WORDS);
}

/* Does text[s, e) look like an ID? */
static int id_shape(const char *t, size_t s, size_t e)
{
    size_t n = e - s, digits = 0;
    if (n < ID_MIN || n > ID_MAX)
        return 0;
    for (size_t i = s; i < e; i++) {
        char ch = t[i];
        if (ch >= '0' && ch <= '9')
            digits++;
        else if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) && ch != '-' && ch != '_')
            return 0;
    }
    if (digits < ID_DIGITS)
        return 0;
    /* A date (2016-12-26) is not an ID. */
    if (n == 10 && t[s + 4] == '-' && t[s + 7] == '-' && digits == 8)
        return 0;
    return 1;
}

static void value_hit(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t s, size_t e)
{
    const char *t = c->text;
    while (s < e && (t[s] == ' ' || t[s] == '"' || t[s] == '\'' || t[s] == '\t' || t[s] == '\r'))
        s++;
    while (e > s && (t[e - 1] == ' ' || t[e - 1] == '"' || t[e - 1] == '\'' || t[e - 1] == '\t' ||
                     t[e - 1] == '\r'))
        e--;
    if (id_shape(t, s, e))
        es_hit(sc, s, e, ES_CONF_HIGH, t + s, e - s);
}

/* The whole key around a label match (store_customer_no, not just customer_no). */
static int key_is_customer(const struct es_chunk *c, size_t ls, size_t le)
{
    const char *t = c->text;
    size_t s = ls, e = le;
    while (s > 0 && s + 24 > ls &&
           ((t[s - 1] >= 'a' && t[s - 1] <= 'z') || (t[s - 1] >= 'A' && t[s - 1] <= 'Z') ||
            t[s - 1] == '_' || t[s - 1] == '-' || (unsigned char)t[s - 1] >= 0x80))
        s--;
    while (e < c->len && e < le + 24 &&
           ((t[e] >= 'a' && t[e] <= 'z') || (t[e] >= 'A' && t[e] <= 'Z') || t[e] == '_'))
        e++;
    if (es_ctx_has_word(t + s, e - s, NOT_WORDS))
        return 0;
    const char *p;
    size_t n = es_ctx_before(c, ls, BANK_NEAR, &p);
    return !(n && es_ctx_has_word(p, n, BANK_WORDS));
}

static void scan_labels(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const struct cid_shared *sh = sc->shared;
    size_t pos = 0, ms, me, gs, ge;
    while (pos < c->owned &&
           es_re_find_lits(sc, sh->label, &sh->scan, c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        if (!es_re_group(sc, 1, &gs, &ge) || !key_is_customer(c, ms, ms + 1))
            continue;
        value_hit(sc, c, gs, ge);
    }
}

struct sql_ctx {
    const struct es_scan_ctx *sc;
    const struct es_chunk *c;
};

static unsigned sql_want(void *ctx, const char *name, size_t len)
{
    (void)ctx;
    return is_label(name, len) ? 1u : 0u;
}

static void sql_emit(void *ctx, unsigned tag, size_t s, size_t e)
{
    struct sql_ctx *x = ctx;
    (void)tag;
    value_hit(x->sc, x->c, s, e);
}

static int json_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* Bytes an ENTITY_PATTERN key may take between its quotes: 9 at most (お客様;
 * "customer" with U+017F for its 's', which (?i) lets match), so a longer
 * walk back to the opening quote finds no key. */
#define ENTITY_KEY_MAX 64

/* Where an ENTITY_PATTERN match whose '{' is t[b] would start: the opening
 * quote of the key before it, found backwards over blanks, ':', blanks
 * and the closing quote (the pattern's bytes before its first '{'; no key
 * holds a quote); (size_t)-1 where t[0, b) does not end that way. */
static size_t entity_start(const char *t, size_t b)
{
    size_t i = b;
    while (i > 0 && json_blank(t[i - 1]))
        i--;
    if (i == 0 || t[i - 1] != ':')
        return (size_t)-1;
    i--;
    while (i > 0 && json_blank(t[i - 1]))
        i--;
    if (i == 0 || t[i - 1] != '"')
        return (size_t)-1;
    i--;   /* the closing quote */
    for (size_t k = i; k > 0 && i - k < ENTITY_KEY_MAX; k--)
        if (t[k - 1] == '"')
            return k - 1;
    return (size_t)-1;
}

/* es_re_find(sc, re, t, len, pos, ms, me) for ENTITY_PATTERN compiled
 * anchored, tried only where entity_start() puts a match's start: every
 * match opens with a "key": { of its own, and the starts of successive
 * '{' ascend (the bytes from a start to its '{' hold no other), so the
 * first success is the match the search would find. A limit error gives
 * up on the line as es_re_find() does. */
static int find_entity(const struct es_scan_ctx *sc, const pcre2_code *re, const char *t, size_t len, size_t pos,
                       size_t *ms, size_t *me)
{
    size_t from = pos;
    while (from < len) {
        const char *brace = memchr(t + from, '{', len - from);
        if (!brace)
            return 0;
        size_t b = (size_t)(brace - t), at = entity_start(t, b);
        from = b + 1;
        if (at == (size_t)-1 || at < pos)
            continue;
        size_t s = at;
        int rc = es_re_try_line(sc, re, t, len, &at, ms, me);
        if (rc)
            return rc > 0;
        if (at != s) {   /* a limit: on after the line */
            pos = at + 1;
            if (from < pos)
                from = pos;
        }
    }
    return 0;
}

/* "customer": {"id": "C-123", ...}: a nested record's own number. */
static void scan_entities(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const pcre2_code *re = ((const struct cid_shared *)sc->shared)->entity;
    size_t pos = 0, ms, me, gs, ge;
    while (pos < c->owned && find_entity(sc, re, c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        if (es_re_group(sc, 2, &gs, &ge))
            value_hit(sc, c, gs, ge);
    }
}

/* Is the word w[0, n) one of words (ASCII case-insensitive, whole)? */
static int word_is(const char *w, size_t n, const char *const *words)
{
    for (; *words; words++) {
        size_t k = strlen(*words);
        if (k != n)
            continue;
        size_t i = 0;
        while (i < n && (w[i] | 0x20) == ((*words)[i] | 0x20))
            i++;
        if (i == n)
            return 1;
    }
    return 0;
}

/* <Customer id="C-123">: the attributes of an element that names a customer
 * record arrive as one chunk, `name="value" ...`, labelled with the element. */
static void scan_entity_attrs(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    size_t ln = strlen(c->label);
    if (ln > LABEL_MAX || !word_is(c->label, ln, ENTITY_WORDS))
        return;
    const char *t = c->text;
    for (size_t i = 0; i + 2 < c->owned; i++) {
        if (t[i] != '=' || t[i + 1] != '"')
            continue;
        size_t a = i;
        while (a > 0 && t[a - 1] != ' ' && t[a - 1] != '\n')
            a--;
        const char *q = memchr(t + i + 2, '"', c->len - i - 2);
        if (!q)
            break;
        if (word_is(t + a, i - a, ID_ATTRS))
            value_hit(sc, c, i + 2, (size_t)(q - t));
        i = (size_t)(q - t);
    }
}

static void cid_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    /* Column headers and SQL column names are read by the same label test. */
    struct sql_ctx x = {sc, c};
    es_column_each(c, sql_want, sql_emit, &x);
    if (!c->delim && c->label && c->len < VALUE_CHUNK && is_label(c->label, strlen(c->label))) {
        value_hit(sc, c, 0, c->owned);   /* a JSON/XML value chunk named by its key */
        return;
    }
    if (!c->delim && c->label && memchr(c->text, '=', c->len))
        scan_entity_attrs(sc, c);
    scan_labels(sc, c);
    if (memchr(c->text, '{', c->len))
        scan_entities(sc, c);
    if (es_sql_maybe(sc, c))   /* one cheap pass instead of the statement search */
        es_sql_each(sc, c, sql_want, sql_emit, &x);
}

static size_t cid_mask(const char *norm, size_t len, char *out, size_t cap)
{
    /* The last few characters let staff find the record; the rest is hidden. */
    return es_mask_keep(norm, len, 0, len > 6 ? 4 : 2, out, cap);
}

const struct es_detector es_det_customer_id = {
    .id = "customer_id",
    .description = "labelled customer / member / account numbers",
    .init = cid_init,
    .fini = cid_fini,
    .scan = cid_scan,
    .mask = cid_mask,
};
