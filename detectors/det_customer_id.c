/*
 * customer_id: customer, member and account numbers. Their shapes are
 * whatever each system chose (1000842004, C-0012345, CU-2020-061748,
 * K-00187016), so only the label makes them: a column header, a JSON key or
 * XML element/attribute, a `label: value` in text, or the column of an SQL
 * INSERT (its column list or the table's CREATE TABLE). Labels of other
 * business numbers (order, invoice, repair order, ticket, case, transaction,
 * employee, store) are not customer labels even when they say "no".
 */
#include <string.h>

#include "detector.h"

/* A customer label, then separators (quotes, colon, markup tags), then the value (group 1). */
static const char LABEL_PATTERN[] =
    "(?i)(?<![a-z])(?:(?:customer|cust\\.?|client|member(?:ship)?|account|acct)[ _-]?"
    "(?:id|no\\.?|num(?:ber)?|code|#)"
    "|customerid|custno|custid|memberid|accountid"
    "|顧客(?:番号|ID|コード|No\\.?)|お客(?:様|さま)(?:番号|ID|コード)|会員(?:番号|ID|コード|No\\.?)"
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

static int cid_init(void **shared)
{
    pcre2_code *re = es_re_compile(LABEL_PATTERN, 0, NULL, 0);
    if (!re)
        return ES_ERR_PATTERN;
    *shared = re;
    return ES_OK;
}

static void cid_fini(void *shared)
{
    pcre2_code_free(shared);
}

static int is_label(const char *s, size_t n)
{
    return es_ctx_has_word(s, n, CUST_WORDS) && !es_ctx_has_word(s, n, NOT_WORDS);
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
    const pcre2_code *re = sc->shared;
    size_t pos = 0, ms, me, gs, ge;
    while (pos < c->owned && es_re_find(sc, re, c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        if (!es_re_group(sc, 1, &gs, &ge) || !key_is_customer(c, ms, ms + 1))
            continue;
        value_hit(sc, c, gs, ge);
    }
}

static void scan_columns(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    size_t want[4], nwant = 0;   /* customer-number columns; a table has one or two */
    for (size_t i = 0; i < c->nheader && nwant < 4; i++)
        if (c->header[i] && is_label(c->header[i], strlen(c->header[i])))
            want[nwant++] = i;
    if (!nwant)
        return;
    const char *t = c->text;
    size_t ls = 0;
    while (ls < c->owned) {
        const char *nl = memchr(t + ls, '\n', c->len - ls);
        size_t le = nl ? (size_t)(nl - t) : c->len;
        size_t field = 0, fs = ls;
        int quoted = 0;
        for (size_t i = ls; i <= le; i++) {
            if (i < le && t[i] == '"') {
                quoted = !quoted;
                continue;
            }
            if (i == le || (t[i] == c->delim && !quoted)) {
                for (size_t w = 0; w < nwant; w++)
                    if (want[w] == field)
                        value_hit(sc, c, fs, i);
                field++;
                fs = i + 1;
            }
        }
        ls = le + 1;
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

static void cid_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    if (c->delim && c->header)
        scan_columns(sc, c);
    if (!c->delim && c->label && c->len < VALUE_CHUNK && is_label(c->label, strlen(c->label))) {
        value_hit(sc, c, 0, c->owned);   /* a JSON/XML value chunk named by its key */
        return;
    }
    scan_labels(sc, c);
    struct sql_ctx x = {sc, c};
    es_sql_each(c, sql_want, sql_emit, &x);
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
