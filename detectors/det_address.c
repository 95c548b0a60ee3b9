/*
 * address: home addresses with street-level detail.
 *
 * Three candidate shapes, each validated in C:
 *  - Japanese: [〒postcode] prefecture + municipality (市区町村郡) + the
 *    chome / banchi / go numbers, optionally a building and room. Without
 *    a prefecture a 〒 or an address label is needed.
 *  - Latin script (AU, NZ, US, UK, IN, SG, romanised TH): [unit] number +
 *    street name + a real street suffix, then locality / state / postcode.
 *  - Thai script: house number (NN/NN) + road / soi / moo ... + 5-digit
 *    postcode.
 *  - Romanised Japanese: chome-banchi-go block + town + municipality
 *    (-ku / -shi / -cho / City ...) [+ prefecture] + NNN-NNNN postcode.
 * A postcode or a city alone never matches. Addresses of companies (a
 * letterhead, a footer, a store list) are dropped by their context: a
 * company word on the same line or the lines just above, a "main" / fax
 * line below, store columns in a table. One address spread over several
 * lines or columns is reported once, on its street-level part.
 */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cpu.h"
#include "detector.h"
#include "geo_tables.h"
#include "vconst.h"

/* Keywords a kwlist may hold. */
#define KWLIST_MAX 64

/* A keyword list for a kw_index (see kwi_has()), made ready in init. */
struct kwlist {
    struct es_kwset ks;
    /* Keywords by first byte (ASCII folded): head[b] is 1 + the first
     * keyword index starting with b (0: none), next[k] 1 + the following
     * one; len[k] the keyword's length. */
    unsigned char head[256], next[KWLIST_MAX];
    size_t len[KWLIST_MAX];
};

static unsigned char fold_ch(unsigned char ch);

/* Returns 0 if the list does not fit the index (a build-time mistake, so
 * init fails): more than KWLIST_MAX keywords, a kwset without a prefilter
 * (es_kwset_init()), or a keyword with a ー among its first three bytes,
 * which may match a '-' there (kwi_match_end() compares first bytes as
 * they are, and kwi_has() takes a match to start with the keyword's own
 * first three bytes). */
static int kwlist_init(struct kwlist *kl, const char *const *keywords)
{
    es_kwset_init(&kl->ks, keywords);
    if (kl->ks.plain)
        return 0;
    memset(kl->head, 0, sizeof kl->head);
    size_t n = 0;
    for (const char *const *k = keywords; *k; k++, n++)
        if (es_kw_dash_lead(*k, strlen(*k)) || n == KWLIST_MAX)
            return 0;
    /* Chains in list order, built from the back; empty keywords (which
     * never match) left out. */
    for (size_t k = n; k-- > 0;) {
        kl->len[k] = strlen(keywords[k]);
        if (!kl->len[k])
            continue;
        unsigned char b = fold_ch((unsigned char)keywords[k][0]);
        kl->next[k] = kl->head[b];
        kl->head[b] = (unsigned char)(k + 1);
    }
    return 1;
}

/* A municipality marker jr_re needs; a chunk without one skips jr_re. */
static const char *const jr_marks[] = {"-ku", "-shi", "-cho", "-machi", "-mura", "-gun", " City",
                                       " Ward", " Town", " Village", NULL};
/* Markers in jr_marks[], NULL included. */
#define JR_MARKS (sizeof jr_marks / sizeof *jr_marks)

struct address_shared {
    pcre2_code *jp;     /* Japanese candidate */
    pcre2_code *en;     /* Latin-script street line */
    pcre2_code *tail;   /* locality, state, postcode after a street line */
    pcre2_code *th;     /* Thai-script address with its postcode */
    pcre2_code *th_st;  /* Thai house number and road: the street part alone */
    pcre2_code *jr;     /* romanised Japanese address */
    struct es_prefilter jr_marks;   /* where a jr_marks[] core (no leading space) may start */
    size_t jr_len[JR_MARKS];        /* strlen(jr_marks[k]) */
    struct kwlist jp_line;          /* jp_line_marks[] */
    void *words;        /* struct address_words: the word lists made ready */
};

/* Characters of Japanese place names; '-' because the long-vowel mark ー is
 * normalised to '-' (コーポ arrives as コ-ポ). */
#define JP_CH "[\\p{Han}\\p{Hiragana}\\p{Katakana}々〇ヶケ・-]"

static const char jp_re[] =
    "(?:〒[ ]?\\d{3}-?\\d{4}[ ]*)?"
    "(?<head>" JP_CH "(?:" JP_CH "|[ ](?=" JP_CH ")|\\d{1,2}(?:条|線)){0,40}?)[ ]?"
    "(?<num>(?:\\d{1,4}|[一二三四五六七八九十]{1,3})(?:丁目|番地?|-|の)"
    "(?:\\d{1,4}(?:番地?|号|-|の)?){0,3})(?![0-9])"
    "(?<bldg>[ ]?(?:\\p{Han}|\\p{Katakana}|[A-Za-z])(?:\\p{Han}|\\p{Katakana}|\\p{Hiragana}|[A-Za-z・-]){0,24}?"
    "[ ]?\\d{1,4}(?:号室|号|F|階)?(?![0-9-]))?";

/* The street line. Group 1: Indian / Singapore prefix that carries the
 * house number itself (Flat 12, / Blk 123); group 2: unit before a number
 * (Unit 5/12); group 3: the number; group 4: the words. */
static const char en_re[] =
    "(?<![A-Za-z0-9/#.-])(?:"
    "(?<pre>(?:Flat|House No\\.?|H\\.? ?No\\.?|Plot(?: No\\.?)?|Door No\\.?|Survey No\\.?|Shop No\\.?"
    "|No\\.|Blk|Block)[ ]?\\d{1,5}[A-Z]?(?:[-/]\\d{1,4})?,?[ ]+(?:\\d{1,5}[A-Za-z]?,?[ ]+)?)"
    "|(?<unit>(?:Unit|Apt\\.?|Apartment|Suite|Ste\\.?|Shop|Level|Lot|Villa|Flat|Room)[ ]?\\d{1,4}[A-Za-z]?"
    "(?:[ ]?/[ ]?|,?[ ]+))?(?<num>\\d{1,5}[A-Za-z]?(?:[-/]\\d{1,5}[A-Za-z]?)?),?[ ]+"
    "(?:(?:Moo|Soi)\\.?[ ]+[0-9A-Za-z]+,?[ ]+)*"
    ")"
    "(?<words>(?:[A-Z][A-Za-z'’.\\\\-]*|\\d{1,3}(?:st|nd|rd|th))(?:[ ](?:[A-Z0-9][A-Za-z'’.\\\\-]*|of|de|la))"
    "{0,5})";

static const char tail_re[] =
    "\\G(?:(?:,[ ]?|[ ]+)(?:#\\d{1,3}-\\d{1,5}|[A-Z][A-Za-z'’.\\\\-]*(?:[ ](?:[A-Z][A-Za-z'’.\\\\-]*|and))*"
    "|\\d{3}[ ]?\\d{3}|\\d{4,5}(?:-\\d{4})?|[A-Z]{1,2}\\d[A-Z\\d]?[ ]\\d[A-Z]{2})(?![A-Za-z0-9])){0,7}";

static const char th_re[] =
    "(?<![0-9/])\\d{1,4}(?:/\\d{1,4})?[ ]+(?:หมู่(?:ที่)?[ ]?\\d{1,3}[ ]+)?"
    "(?:ซอย|ซ\\.|ถนน|ถ\\.|หมู่บ้าน|ตำบล|แขวง|อำเภอ|เขต)[^\\n\\t\",;|]{2,200}?(?<![0-9])\\d{5}(?![0-9])";

static const char th_st_re[] =
    "(?<![0-9/])\\d{1,4}(?:/\\d{1,4})?[ ]+(?:หมู่(?:ที่)?[ ]?\\d{1,3}[ ]+)?"
    "(?:ซอย|ซ\\.|ถนน|ถ\\.|หมู่บ้าน|ตำบล|แขวง|อำเภอ|เขต)(?:\\d{1,3}[ ]?)?[\\x{0E00}-\\x{0E7F}]+"
    "(?:[- ][\\x{0E00}-\\x{0E7F}]+)*"
    "(?:[ ]\\d{1,3}(?![0-9]))?";

/* Romanised Japanese (2-1-1 Nihonbashi, Chuo-ku, Tokyo 103-0027): the
 * number block, up to two place words, a municipality with its marker, an
 * optional prefecture, the postcode. Group "post": the NNN-NNNN postcode. */
static const char jr_re[] =
    "(?<![0-9A-Za-z-])\\d{1,4}(?:-\\d{1,4}){1,2}[A-Za-z]?,?[ ]+"
    "(?:[A-Z][a-z]+(?:-[a-z]+)?,?[ ]+){1,2}"
    "[A-Z][a-z]+(?:-(?:ku|shi|cho|machi|mura|gun)|[ ](?:City|Ward|Town|Village))(?![A-Za-z])"
    "(?:,?[ ]+[A-Z][a-z]+(?:-(?:to|fu|ken)|[ ]Prefecture)?(?![A-Za-z-]))?"
    "(?:,?[ ]+(?:〒[ ]?)?(?<post>\\d{3}-\\d{4})(?![0-9-]))?";

#define ADDR_LABELS                                                                            \
    "address", "addr", "street", "line1", "line_1", "住所", "所在地", "送付先", "届け先", "届先", \
        "番地", "ที่อยู่", "주소", "地址", "alamat", "dia chi", "địa chỉ"
static const char *const addr_labels[] = {ADDR_LABELS, NULL};
/* What lets a Japanese line without a column label be matched at all (see
 * jp_line_may_report()): a prefecture's last character (every prefecture
 * ends in 道, 都, 府 or 県), a 〒 postcode or an address label. The order
 * sets the prefilter's nibble buckets (pf_nibbles(): neighbours share one)
 * and nothing else (kwi_match_end() takes the shortest match of all): 〒
 * (E3 80 92) in a bucket with 県 and "address" let every 。 and 「 (E3 80 82,
 * E3 80 8C) through the vector test; last, it shares one with "địa chỉ",
 * which lets neither through. */
static const char *const jp_line_marks[] = {"道", "都", "府", "県", ADDR_LABELS, "〒", NULL};
static int words_new(void **out);

static void address_fini(void *shared)
{
    struct address_shared *s = shared;
    if (!s)
        return;
    pcre2_code_free(s->jp);
    pcre2_code_free(s->en);
    pcre2_code_free(s->tail);
    pcre2_code_free(s->th);
    pcre2_code_free(s->th_st);
    pcre2_code_free(s->jr);
    free(s->words);
    free(s);
}

static int address_init(void **shared)
{
    struct address_shared *s = calloc(1, sizeof *s);
    *shared = NULL;
    if (!s)
        return ES_ERR_NOMEM;
    s->jp = es_re_compile(jp_re, PCRE2_UTF, NULL, 0);
    s->en = es_re_compile(en_re, PCRE2_UTF, NULL, 0);
    s->tail = es_re_compile(tail_re, PCRE2_UTF, NULL, 0);
    s->th = es_re_compile(th_re, PCRE2_UTF, NULL, 0);
    s->th_st = es_re_compile(th_st_re, PCRE2_UTF, NULL, 0);
    s->jr = es_re_compile(jr_re, PCRE2_UTF, NULL, 0);
    /* What the prefilter looks for: each marker without a leading space (its
     * first three bytes " to", " ci" ... in either case would stop the scan
     * at every " to" of English text); has_jr_marker() checks the space. */
    const char *cores[JR_MARKS];
    for (size_t k = 0; k < JR_MARKS; k++) {
        cores[k] = jr_marks[k] ? jr_marks[k] + (jr_marks[k][0] == ' ') : NULL;
        s->jr_len[k] = jr_marks[k] ? strlen(jr_marks[k]) : 0;
    }
    es_pf_init(&s->jr_marks, cores);
    int rc = words_new(&s->words);
    /* A word list that does not fit its index is a pattern that cannot be
     * built, as one that does not compile. */
    if (rc == ES_OK && (!s->jp || !s->en || !s->tail || !s->th || !s->th_st || !s->jr ||
                        !kwlist_init(&s->jp_line, jp_line_marks)))
        rc = ES_ERR_PATTERN;
    if (rc != ES_OK) {
        address_fini(s);
        return rc;
    }
    *shared = s;
    return ES_OK;
}

/* ---- context ---- */

/* Labels that name another kind of address. */
static const char *const not_addr_labels[] = {
    "email", "e-mail", "メール", "ip address", "ip_addr", "ipaddr", "ip addr", "mac address",
    "mac_addr", "macaddr", "url", "web", "wallet", "bluetooth", "bt_", NULL,
};

static int label_ok(const char *l, size_t n)
{
    return l && n > 0 && n <= 64 && es_ctx_has(l, n, addr_labels) &&
           !es_ctx_has(l, n, not_addr_labels);
}

static size_t line_begin(const char *t, size_t off)
{
    const char *nl = off > 0 ? memrchr(t, '\n', off) : NULL;
    return nl ? (size_t)(nl - t) + 1 : 0;
}

/* Does the line starting at t[ls] begin a vCard ADR property (RFC 6350:
 * "ADR;TYPE=home:;;street;city...") within t[ls, end)? The property name
 * labels every component of the line. */
static int adr_property(const char *t, size_t ls, size_t end)
{
    return end - ls >= 4 && (t[ls] | 0x20) == 'a' && (t[ls + 1] | 0x20) == 'd' && (t[ls + 2] | 0x20) == 'r' &&
           (t[ls + 3] == ';' || t[ls + 3] == ':');
}

static int vcard_adr_line(const struct es_chunk *c, size_t off)
{
    return adr_property(c->text, line_begin(c->text, off), off);
}

static int labelled(const struct es_chunk *c, size_t off)
{
    if (vcard_adr_line(c, off))
        return 1;
    const char *col = es_ctx_column(c, off);
    if (col && label_ok(col, strlen(col)))
        return 1;
    const char *p;
    size_t n = es_ctx_before(c, off, 24, &p);
    return n && es_ctx_has(p, n, addr_labels) && !es_ctx_has(p, n, not_addr_labels);
}

/* Company words: a line holding one of these is a letterhead, footer or
 * store entry. */
static const char *const company_words[] = {
    "株式会社", "有限会社", "合同会社", "(株)", "（株）", "本社", "本店", "支店", "営業所",
    "店舗", "販売店", "ショールーム", "事業所", "工場", "Co.,", "Co. Ltd", "Ltd", "Pty Ltd",
    "Inc.", "LLC", "Limited", "GmbH", "Pvt", "Corporation", "Head Office", "Registered Office",
    "Dealer", "Branch", "Showroom", "Our office", "Motors", "บริษัท", "จำกัด", "สาขา",
    "สำนักงานใหญ่", "โชว์รูม", NULL,
};
/* Words on the line after an address that mark a company contact block. */
static const char *const company_next[] = {
    "代表", "FAX", "営業時間", "定休日", "(main)", "（main）", "Main line", "Head office",
    "Opening hours", "แฟกซ์", NULL,
};
/* A line that opens the addressee's block. */
static const char *const customer_block[] = {
    "Bill to", "Ship to", "Deliver to", "Dear", "Customer", "様", "お客様", "宛先", "送付先",
    "ลูกค้า", "เรียน", NULL,
};
/* Header words of store / branch lists. */
static const char *const store_headers[] = {
    "store", "branch", "dealer", "showroom", "店舗", "拠点", "営業時間", "hours", "สาขา", NULL,
};
/* Same line, just before the address. */
static const char *const company_before[] = {
    "店", "弊社", "当社", "アクセス", "Office", "Dealer", "Store", "Branch", "Showroom", "Visit us", "Find us",
    "本社", "会社", NULL,
};

/* Like es_ctx_has, but an ASCII keyword must stand as a word: "LLC" is a
 * company, "Farrellcester" is not. */
static int is_alnum_ch(unsigned char ch)
{
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

static unsigned char fold_ch(unsigned char ch) { return ch >= 'A' && ch <= 'Z' ? (unsigned char)(ch + 32) : ch; }

/* Keywords per has_word() list; the lists above are far shorter (all
 * four of line_words() together are 70). */
#define WORDS_MAX 96

/* A word list made ready once (init), for has_word(). */
struct wordset {
    const char *const *w;
    size_t n;
    size_t kl[WORDS_MAX];
    unsigned char k0[WORDS_MAX];     /* first byte, ASCII folded */
    unsigned char kind[WORDS_MAX];   /* W_* */
    /* The second byte, ASCII folded, that the text must hold after the
     * first (a cheap test before es_kw_at()); 0 where none is known (a
     * word of one byte, or one where a ー may stand as '-'). */
    unsigned char k1[WORDS_MAX];
    /* Words by first byte: head[b] is 1 + the first word index that may
     * start at a byte b (0: none), next[k] 1 + the following one. */
    unsigned char head[256], next[WORDS_MAX];
    /* Where a word may start (its first bytes as they are, ASCII in both
     * cases). */
    struct es_prefilter pf;
};

enum { W_SKIP, W_ANY, W_WORD };

/* Returns 0 if the list does not fit (a build-time mistake: init fails
 * rather than a word being ignored or searched some slower way): more
 * than WORDS_MAX words, a word of one byte (the prefilter needs two), a ー
 * (which may arrive as '-') among a word's first three bytes, where the
 * prefilter and the first-byte chains compare bytes as they are, or an E3
 * byte (a ー?) in a word that starts with an ASCII letter or digit, where
 * a shorter '-' could move the end whose neighbour word_at() tests. */
static int wordset_init(struct wordset *ws, const char *const *words)
{
    memset(ws, 0, sizeof *ws);
    ws->w = words;
    for (const char *const *w = words; *w; w++, ws->n++) {
        if (ws->n == WORDS_MAX)
            return 0;
        size_t i = ws->n, kl = strlen(*w);
        unsigned char k0 = fold_ch((unsigned char)(*w)[0]);
        ws->kl[i] = kl;
        ws->k0[i] = k0;
        const unsigned char *u = (const unsigned char *)*w;
        int lead_choon = kl >= 3 && u[0] == 0xE3 && u[1] == 0x83 && u[2] == 0xBC;
        ws->k1[i] = kl >= 2 && !lead_choon && u[1] != 0xE3 ? fold_ch(u[1]) : 0;
        if (kl == 0) {
            ws->kind[i] = W_SKIP;
        } else if (!is_alnum_ch(k0)) {
            ws->kind[i] = W_ANY;   /* anywhere, as es_ctx_has() */
        } else if (memchr(*w, 0xE3, kl)) {
            return 0;
        } else {
            ws->kind[i] = W_WORD;
        }
    }
    /* Chains in list order, built from the back. */
    for (size_t k = ws->n; k-- > 0;) {
        if (ws->kind[k] == W_SKIP)
            continue;
        ws->next[k] = ws->head[ws->k0[k]];
        ws->head[ws->k0[k]] = (unsigned char)(k + 1);
    }
    const char *lits[WORDS_MAX + 1];
    size_t nl = 0;
    for (size_t k = 0; k < ws->n; k++) {
        if (ws->kind[k] == W_SKIP)
            continue;
        if (ws->kl[k] < 2 || es_kw_dash_lead(ws->w[k], ws->kl[k]))
            return 0;
        lits[nl++] = ws->w[k];
    }
    lits[nl] = NULL;
    es_pf_init(&ws->pf, lits);
    return 1;
}

/* Does word k of ws occur at t[i] (the first byte already matched)? */
static int word_at(const char *t, size_t n, size_t i, const struct wordset *ws, size_t k)
{
    const char *w = ws->w[k];
    size_t kl = ws->kl[k];
    if (ws->k1[k] && (i + 1 >= n || fold_ch((unsigned char)t[i + 1]) != ws->k1[k]))
        return 0;
    if (ws->kind[k] == W_ANY)
        return es_kw_at(t + i, n - i, w, kl) != 0;
    if (i + kl > n || (i > 0 && is_alnum_ch((unsigned char)t[i - 1])) || es_kw_at(t + i, kl, w, kl) == 0)
        return 0;
    return !(is_alnum_ch((unsigned char)w[kl - 1]) && i + kl < n && is_alnum_ch((unsigned char)t[i + kl]));
}

static int has_word(const char *t, size_t n, const struct wordset *ws)
{
    /* One pass over the text for all words (this runs on every window near
     * every address candidate): only where the prefilter lets a word
     * start, and there only the words starting with its (folded) byte. No
     * word starts with a ー (wordset_init()), so a '-' starts none, and a
     * word's match starts with the word's own first three bytes: every one
     * is an es_pf_next_start() position. */
    for (size_t i = es_pf_next_start(&ws->pf, t, n, 0); i < n; i = es_pf_next_start(&ws->pf, t, n, i + 1)) {
        unsigned char ch = fold_ch((unsigned char)t[i]);
        for (size_t k = ws->head[ch]; k; k = ws->next[k - 1])
            if (word_at(t, n, i, ws, k - 1))
                return 1;
    }
    return 0;
}

/* es_kwset_has() of one keyword set over windows of one text that move
 * forward (scan_jp() asks about a line, then stretches of it, then the
 * next line ...): where the keywords occur is found once, not once per
 * window (a window further back than the one before starts the index
 * again). A keyword occurs in t[w, b) iff it matches at some i >= w within
 * the whole text and ends by b (es_kw_at() takes the same path whatever
 * the length it is given, and only fails where that path runs past it), so
 * for each start the shortest match is kept. Invariant: every start in
 * [lo, next) where a keyword matches is in s[0, n) (ascending), with its
 * shortest end in e[]. */
#define KWI_MAX 32      /* starts kept; more (not seen) turns the index off */
#define KWI_AHEAD 256   /* bytes the prefilter looks past a window */

struct kw_index {
    const struct kwlist *kl;
    const struct es_kwset *ks;
    const char *t;
    size_t len;
    size_t lo, next, n;
    size_t s[KWI_MAX], e[KWI_MAX];
    int off;   /* answer with es_kwset_has() (more than KWI_MAX starts) */
};

static void kwi_init(struct kw_index *ix, const struct kwlist *kl, const char *t, size_t len)
{
    ix->kl = kl;
    ix->ks = &kl->ks;
    ix->t = t;
    ix->len = len;
    ix->lo = ix->next = ix->n = 0;
    ix->off = 0;
}

/* The end of the shortest keyword match at t[p], or 0. */
static size_t kwi_match_end(const struct kw_index *ix, size_t p)
{
    size_t best = 0;
    const struct kwlist *kl = ix->kl;
    for (size_t k = kl->head[fold_ch((unsigned char)ix->t[p])]; k; k = kl->next[k - 1]) {
        size_t m = es_kw_at(ix->t + p, ix->len - p, ix->ks->keywords[k - 1], kl->len[k - 1]);
        if (m && (!best || p + m < best))
            best = p + m;
    }
    return best;
}

/* es_kwset_has(ix->ks, t + w, b - w). */
static int kwi_has(struct kw_index *ix, size_t w, size_t b)
{
    if (ix->off)
        return es_kwset_has(ix->ks, ix->t + w, b - w);
    if (w < ix->lo) {
        ix->n = 0;   /* a window further back: start again from it */
        ix->next = w;
    } else if (ix->next < w) {
        ix->next = w;   /* starts before w are not asked about (lo only grows) */
    }
    ix->lo = w;
    size_t drop = 0;
    while (drop < ix->n && ix->s[drop] < w)
        drop++;
    if (drop) {
        memmove(ix->s, ix->s + drop, (ix->n - drop) * sizeof ix->s[0]);
        memmove(ix->e, ix->e + drop, (ix->n - drop) * sizeof ix->e[0]);
        ix->n -= drop;
    }
    for (size_t k = 0; k < ix->n && ix->s[k] < b; k++)
        if (ix->e[k] <= b)
            return 1;
    while (ix->next < b) {
        size_t p = ix->next, e = kwi_match_end(ix, p);
        /* The prefilter over a cut text passes every start up to two bytes
         * before the cut (pf_third() lets a start through when the text
         * ends first; the last byte is never returned): below lim - 1 it
         * misses no start, lim - 1 is looked at next. A keyword's match
         * starts with its own first three bytes (kwlist_init() takes no
         * ー there), so es_pf_next_start() returns each start. */
        size_t lim = b + KWI_AHEAD < ix->len ? b + KWI_AHEAD : ix->len;
        size_t q = es_pf_next_start(&ix->ks->pf, ix->t, lim, p + 1);
        ix->next = q < lim ? q : lim < ix->len ? lim - 1 : ix->len;
        if (!e)
            continue;
        if (ix->n == KWI_MAX) {
            ix->off = 1;
            return es_kwset_has(ix->ks, ix->t + w, b - w);
        }
        ix->s[ix->n] = p;
        ix->e[ix->n++] = e;
        if (e <= b)
            return 1;
    }
    return 0;
}

/* The first start at or after w of a keyword match in the text (where
 * kwi_has(ix, w, ix->len) finds one: its least indexed start, all of
 * [w, next) being indexed), ix->len if there is none, or (size_t)-1 if the
 * index is off (no start known). Leaves the index as kwi_has() does. */
static size_t kwi_first(struct kw_index *ix, size_t w)
{
    /* Off, kwi_has() would search the rest of the text at every call: a
     * caller asking at each line start would take time quadratic in the
     * lines before a far keyword. */
    if (ix->off)
        return (size_t)-1;
    if (!kwi_has(ix, w, ix->len))
        return ix->len;
    return ix->off ? (size_t)-1 : ix->s[0];
}

/* The lists company_context() looks for on a whole line, as bits. */
#define LW_CUSTOMER 1u   /* customer_block */
#define LW_COMPANY 2u    /* company_words */
#define LW_NEXT 4u       /* company_next */
#define LW_LINE (LW_CUSTOMER | LW_COMPANY | LW_NEXT)
#define LW_BEFORE 8u     /* company_before: only for LW_ANY */
/* Some word of company_words, company_next or company_before occurs on the
 * line, word boundaries aside (es_kw_at() matches there). */
#define LW_ANY 16u

struct address_words {
    struct wordset company_words, company_next, customer_block, store_headers, company_before;
    /* The four line lists as one (line_words()): the words in list
     * order, each with its list's LW_* bit. */
    const char *line_list[WORDS_MAX + 1];
    unsigned char line_bit[WORDS_MAX];
    struct wordset lines;
};

/* The word lists made ready in *out: ES_OK, ES_ERR_NOMEM, or
 * ES_ERR_PATTERN if one does not fit (wordset_init()). */
static int words_new(void **out)
{
    struct address_words *w = malloc(sizeof *w);
    *out = NULL;
    if (!w)
        return ES_ERR_NOMEM;
    int ok = wordset_init(&w->company_words, company_words) && wordset_init(&w->company_next, company_next) &&
             wordset_init(&w->customer_block, customer_block) &&
             wordset_init(&w->store_headers, store_headers) &&
             wordset_init(&w->company_before, company_before);
    static const char *const *const lists[] = {customer_block, company_words, company_next, company_before};
    static const unsigned char bits[] = {LW_CUSTOMER, LW_COMPANY, LW_NEXT, LW_BEFORE};
    size_t n = 0;
    for (size_t l = 0; ok && l < 4; l++)
        for (const char *const *k = lists[l]; ok && *k; k++) {
            if (n == WORDS_MAX)
                ok = 0;
            else {
                w->line_bit[n] = bits[l];
                w->line_list[n++] = *k;
            }
        }
    w->line_list[n] = NULL;
    if (!ok || !wordset_init(&w->lines, w->line_list)) {
        free(w);
        return ES_ERR_PATTERN;
    }
    *out = w;
    return ES_OK;
}

/* LW_* bits of the lists with a word in t[0, n): bit L of LW_LINE set iff
 * has_word(t, n, list L), and LW_ANY. One pass for the lists: word_at()
 * depends on the word and the text only, not on the list it is in, and the
 * joint prefilter lets every start of each list's words through. */
static unsigned line_words(const struct address_words *w, const char *t, size_t n)
{
    const struct wordset *ws = &w->lines;
    unsigned found = 0;
    /* every word's start is a position (as in has_word()) */
    for (size_t i = es_pf_next_start(&ws->pf, t, n, 0); i < n; i = es_pf_next_start(&ws->pf, t, n, i + 1)) {
        unsigned char ch = fold_ch((unsigned char)t[i]);
        for (size_t k = ws->head[ch]; k; k = ws->next[k - 1]) {
            unsigned bit = w->line_bit[k - 1];
            if (!(found & LW_ANY) && (bit & (LW_COMPANY | LW_NEXT | LW_BEFORE)) &&
                es_kw_at(t + i, n - i, ws->w[k - 1], ws->kl[k - 1]))
                found |= LW_ANY;
            if ((bit & LW_LINE) && !(found & bit) && word_at(t, n, i, ws, k - 1)) {
                found |= bit;
                /* (LW_COMPANY found: LW_ANY is too) */
                if ((found & LW_LINE) == LW_LINE)
                    return found;
            }
        }
    }
    return found;
}

static size_t line_end(const struct es_chunk *c, size_t off)
{
    const char *nl = memchr(c->text + off, '\n', c->len - off);
    return nl ? (size_t)(nl - c->text) : c->len;
}

static int blank(const char *t, size_t s, size_t e)
{
    for (; s < e; s++)
        if (t[s] != ' ' && t[s] != '\t' && t[s] != '\r')
            return 0;
    return 1;
}

/* A byte no jp_re match holds: ASCII other than letters, digits, space and
 * '-' (the pattern's ASCII is digits, '-', spaces, the building's letters
 * and F; its look-aheads only refuse a digit or '-' after it). A match
 * therefore lies between two such bytes, and so do all the matches a search
 * goes through from one of them to the next. */
static int jp_stop(unsigned char ch)
{
    return ch < 0x80 && !((ch >= '0' && ch <= '9') || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') || ch == ' ' ||
                          ch == '-');
}

/* A line near an address, as company_context() sees it. */
struct line_memo {
    size_t ps, pe;   /* the line is t[ps, pe), t[pe] its '\n' (or pe the chunk's end) */
    int used;
    int scanned;     /* words is known */
    unsigned words;  /* line_words() of the line */
};
/* Lines remembered: the three above an address, the one below, and as
 * many for the address on the next line. */
#define LINE_MEMOS 8

/* What company_context() knows of a chunk before looking at a candidate:
 * the same for every candidate, so worked out once per chunk. */
struct chunk_facts {
    const struct address_words *w;
    int label_company;   /* the chunk label names a store list, header or footer */
    int jp_col_label;    /* a column header or the chunk label may be an address label */
    int header_store;    /* a column header names a store list */
    int label_addr;      /* the chunk label is an address label */
    int delim_stops;     /* c->delim is a byte no jp_re match holds (jp_stop()) */
    /* Bit i: es_ctx_column() of field i (i < 64) is an address label. */
    uint64_t col_addr;
    struct line_memo *memo;   /* LINE_MEMOS entries (line_above()) */
    size_t *memo_next;        /* the entry to replace next */
};

static void chunk_facts(const struct address_shared *s, const struct es_chunk *c,
                        struct chunk_facts *f)
{
    f->w = s->words;
    f->label_company = c->label && (has_word(c->label, strlen(c->label), &f->w->store_headers) ||
                                    strstr(c->label, "footer") || strstr(c->label, "header"));
    f->header_store = 0;
    /* What es_ctx_column() may return: a header (tables) or the label. */
    f->label_addr = c->label && label_ok(c->label, strlen(c->label));
    f->delim_stops = c->delim && jp_stop((unsigned char)c->delim);
    f->jp_col_label = f->label_addr;
    f->col_addr = 0;
    for (size_t i = 0; c->delim && c->header && i < 64; i++) {
        /* es_ctx_column(): the header, or the chunk label past the headers
         * and for an empty one */
        int hdr = i < c->nheader && c->header[i] && c->header[i][0];
        if (hdr ? label_ok(c->header[i], strlen(c->header[i])) : f->label_addr)
            f->col_addr |= (uint64_t)1 << i;
    }
    for (size_t i = 0; c->delim && c->header && i < c->nheader && !f->jp_col_label; i++)
        if (c->header[i] && label_ok(c->header[i], strlen(c->header[i])))
            f->jp_col_label = 1;
    if (c->delim)
        for (size_t i = 0; c->header && i < c->nheader && !f->header_store; i++)
            if (c->header[i] && has_word(c->header[i], strlen(c->header[i]), &f->w->store_headers))
                f->header_store = 1;
}

/* The memo of the line t[ps, pe) (ps == (size_t)-1: not known yet, found
 * here). Addresses come on consecutive lines (a list, a dump), so a line
 * is looked at for the address above it and for up to three below it:
 * the answers are kept for the last LINE_MEMOS lines. The line's text is
 * fixed, so the answers are the same however often it is asked for. */
static struct line_memo *line_memo(const struct es_chunk *c, const struct chunk_facts *f, size_t ps, size_t pe)
{
    struct line_memo *memo = f->memo;
    for (size_t k = 0; k < LINE_MEMOS; k++)
        if (memo[k].used && memo[k].pe == pe)
            return &memo[k];
    struct line_memo *m = &memo[f->memo_next[0] % LINE_MEMOS];
    f->memo_next[0]++;
    m->used = 1;
    m->pe = pe;
    m->ps = ps != (size_t)-1 ? ps : line_begin(c->text, pe);
    m->scanned = 0;
    return m;
}

static unsigned memo_words(const struct es_chunk *c, const struct chunk_facts *f, struct line_memo *m)
{
    if (!m->scanned) {
        m->words = line_words(f->w, c->text + m->ps, m->pe - m->ps);
        m->scanned = 1;
    }
    return m->words;
}

/* The line that ends right before cur (a line start, cur > 0), as a line
 * above an address: *stop if it is blank, over 200 bytes or holds a
 * customer_block word; else 1 if it holds a company word. Its start in
 * *ps. */
static int line_above(const struct es_chunk *c, const struct chunk_facts *f, size_t cur, int *stop, size_t *ps)
{
    struct line_memo *m = line_memo(c, f, (size_t)-1, cur - 1);
    *ps = m->ps;
    /* a blank or long line (no letterhead), or the customer's own block */
    *stop = blank(c->text, m->ps, m->pe) || m->pe - m->ps > 200 || (memo_words(c, f, m) & LW_CUSTOMER);
    return !*stop && (memo_words(c, f, m) & LW_COMPANY);
}

/* Bytes of an address's own line that company_context() scans whole (as
 * it does lines above of up to 200 bytes); on a longer one (a JSON dump is
 * one line) it looks at the windows near the address only. */
#define LINE_WHOLE_MAX 256

static int company_context(const struct es_chunk *c, const struct chunk_facts *f, size_t start,
                           size_t end)
{
    const char *t = c->text;
    if (f->label_company)
        return 1;
    /* The same line near the address (not the whole line: a JSON dump is
     * one line). */
    if (c->delim) {
        const char *p;
        size_t n = es_ctx_before(c, start, 80, &p);
        if (n && has_word(p, n, &f->w->company_words))
            return 1;
        n = es_ctx_after(c, end, 40, &p);
        if (n && has_word(p, n, &f->w->company_words))
            return 1;
        return f->header_store;   /* a table: the header row decides */
    }
    /* The line's ends, found once: the windows near the address are cut
     * from them as es_ctx_before() / es_ctx_after() cut them, and the
     * lines around it start from them. (Tables above need neither: there
     * es_ctx_before() / es_ctx_after() look no further than the windows.) */
    size_t ls = line_begin(t, start), le = line_end(c, end);
    /* A line of at most LINE_WHOLE_MAX bytes is looked at whole, once (it
     * is often also the line above or below another address): a window
     * on it holds a word only where the line holds it (es_kw_at() matches
     * within the window, so within the line; the joint prefilter passes
     * its start), so if no word of the three lists occurs on the line
     * (LW_ANY clear) none of the windows holds one. */
    if (le - ls > LINE_WHOLE_MAX || (memo_words(c, f, line_memo(c, f, ls, le)) & LW_ANY)) {
        size_t s80 = es_ctx_before_from(c, ls, start, 80), e40 = es_ctx_after_to(c, le, end, 40);
        if (has_word(t + s80, start - s80, &f->w->company_words) ||
            has_word(t + end, e40 - end, &f->w->company_words))
            return 1;
        size_t s40 = es_ctx_before_from(c, ls, start, 40), e60 = es_ctx_after_to(c, le, end, 60);
        if (has_word(t + s40, start - s40, &f->w->company_before) ||
            has_word(t + end, e60 - end, &f->w->company_next))
            return 1;
    }
    /* Three lines above (a letterhead: name, tagline or ABN, address),
     * stopping at a blank line or at the customer's own block. */
    size_t cur = ls;
    for (int k = 0; k < 3 && cur > 0; k++) {
        int stop;
        size_t ps;
        int company = line_above(c, f, cur, &stop, &ps);
        if (stop)
            break;
        if (company)
            return 1;
        cur = ps;
    }
    /* The line below: a "main" / fax number closes a company block. */
    if (le < c->len) {
        size_t ns = le + 1, ne = line_end(c, ns);
        if (memo_words(c, f, line_memo(c, f, ns, ne)) & LW_NEXT)
            return 1;
    }
    return 0;
}

/* ---- hits ---- */

/* The first offset in [i, e) holding a byte collapse() looks at (white
 * space or a backslash), or e. */
static size_t collapse_next(const char *t, size_t i, size_t e)
{
#ifdef __SSE2__
    for (; i + 16 <= e; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i m = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))));
        unsigned bits = (unsigned)_mm_movemask_epi8(m);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    while (i < e && t[i] != ' ' && t[i] != '\t' && t[i] != '\r' && t[i] != '\n' && t[i] != '\\')
        i++;
    return i;
}

/* Whitespace-collapsed copy of text[s, e), without escape backslashes. */
static size_t collapse(const char *t, size_t s, size_t e, char *out, size_t cap)
{
    size_t o = 0;
    int sp = 0;
    for (size_t i = s; i < e && o + 2 < cap;) {
        char ch = t[i];
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
            sp = 1;
            i++;
            continue;
        }
        if (ch == '\\' && i + 1 < e && (t[i + 1] == '\'' || t[i + 1] == '"')) {
            i++;
            continue;   /* an SQL / JSON escape is not part of the value */
        }
        if (sp && o > 0)
            out[o++] = ' ';
        sp = 0;
        out[o++] = ch;
        i++;
        /* The rest of the run of other bytes as it is, byte by byte as
         * long as o + 2 < cap. */
        size_t run = collapse_next(t, i, e) - i, room = o + 2 < cap ? cap - 2 - o : 0;
        if (run > room)
            run = room;
        memcpy(out + o, t + i, run);
        o += run;
        i += run;
    }
    /* Do not end inside a UTF-8 sequence when the buffer was too small. */
    while (o > 0 && ((unsigned char)out[o - 1] & 0xC0) == 0x80) {
        size_t k = o - 1;
        while (k > 0 && ((unsigned char)out[k] & 0xC0) == 0x80)
            k--;
        size_t need = (unsigned char)out[k] >= 0xF0 ? 4 : (unsigned char)out[k] >= 0xE0 ? 3 : 2;
        if (o - k == need)
            break;
        o = k;
    }
    out[o] = '\0';
    return o;
}

static void report(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t s, size_t e,
                   enum es_confidence conf)
{
    char norm[512];
    /* Before `from` is the previous chunk's text, repeated as context. */
    if (s < c->from || s >= c->owned)
        return;
    size_t n = collapse(c->text, s, e, norm, sizeof norm);
    if (n)
        es_hit(sc, s, e, conf, norm, n);
}

/* ---- Japanese ---- */

static size_t utf8_len(unsigned char ch)
{
    return ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
}

/* 1 if text[s, e) holds a municipality marker. */
static int has_muni(const char *t, size_t s, size_t e)
{
    /* 市 E5 B8 82, 区 E5 8C BA, 町 E7 94 BA, 村 E6 9D 91, 郡 E9 83 A1 */
    for (size_t i = s; i + 3 <= e; i += utf8_len((unsigned char)t[i])) {
        const unsigned char *u = (const unsigned char *)t + i;
        if ((u[0] == 0xE5 && ((u[1] == 0xB8 && u[2] == 0x82) || (u[1] == 0x8C && u[2] == 0xBA))) ||
            (u[0] == 0xE7 && u[1] == 0x94 && u[2] == 0xBA) || (u[0] == 0xE6 && u[1] == 0x9D && u[2] == 0x91) ||
            (u[0] == 0xE9 && u[1] == 0x83 && u[2] == 0xA1))
            return 1;
    }
    return 0;
}

#ifdef __SSE2__
/* Lanes holding an ASCII digit. */
static __m128i digit_lanes(__m128i v)
{
    return es_xrange(v, '0', 10);
}

/* Lanes holding the first two bytes of a kanji numeral as num_next() takes
 * them: lead E4 or E5, second byte B8-BA, 9B, 85 or 8D (n1: the bytes one
 * lane on). */
static __m128i numeral_lanes(__m128i v, __m128i n1)
{
    __m128i lead = _mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFE)), _mm_set1_epi8((char)0xE4));
    __m128i sec = _mm_or_si128(
        es_xrange(n1, 0xB8, 3),
        _mm_or_si128(_mm_cmpeq_epi8(n1, _mm_set1_epi8((char)0x9B)),
                     _mm_or_si128(_mm_cmpeq_epi8(n1, _mm_set1_epi8((char)0x85)),
                                  _mm_cmpeq_epi8(n1, _mm_set1_epi8((char)0x8D)))));
    return _mm_and_si128(lead, sec);
}
#endif

/* Where text[s, e) first holds what jp_re's num group needs: a digit or a
 * kanji numeral right before -, 丁(目), 番 or の (the offset of that digit or
 * numeral), or (size_t)-1. A line without one cannot match, and jp_re is
 * costly on lines of Japanese prose (it tries up to 40 head characters at
 * every kanji or kana). */
/* The next byte at or after i (below e) that is a digit, or E4 / E5
 * followed by the second byte of a kanji numeral (B8, B9, BA, 9B, 85 or
 * 8D: 一 .. 十 are E4 B8 80, E4 BA 8C, E4 B8 89, E5 9B 9B, E4 BA 94,
 * E5 85 AD, E4 B8 83, E5 85 AB, E4 B9 9D, E5 8D 81), or e. From a
 * character start, stepping character by character visits the same
 * numerals: no continuation byte (80..BF) is a digit, E4 or E5. Most kanji
 * (E4-E9 leads) are passed over sixteen bytes at a time. */
static int numeral_second(unsigned char b)
{
    return b == 0xB8 || b == 0xB9 || b == 0xBA || b == 0x9B || b == 0x85 || b == 0x8D;
}

static size_t num_next(const char *t, size_t i, size_t e)
{
#ifdef __SSE2__
    for (; i + 17 <= e; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i n = _mm_loadu_si128((const __m128i *)(t + i + 1));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(digit_lanes(v), numeral_lanes(v, n)));
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    for (; i < e; i++) {
        unsigned char ch = (unsigned char)t[i];
        if ((ch >= '0' && ch <= '9') || ((ch == 0xE4 || ch == 0xE5) && i + 1 < e && numeral_second((unsigned char)t[i + 1])))
            return i;
    }
    return e;
}

/* 1 if the three bytes at p (lead E4 or E5) are a kanji numeral 一 .. 十. */
static int kanji_numeral(const char *p)
{
    uint32_t cp = ((uint32_t)((unsigned char)p[0] & 0x0F) << 12) | ((uint32_t)((unsigned char)p[1] & 0x3F) << 6) |
                  ((unsigned char)p[2] & 0x3F);
    switch (cp) {
    case 0x4E00: case 0x4E8C: case 0x4E09: case 0x56DB: case 0x4E94:   /* 一 二 三 四 五 */
    case 0x516D: case 0x4E03: case 0x516B: case 0x4E5D: case 0x5341:   /* 六 七 八 九 十 */
        return ((unsigned char)p[1] & 0xC0) == 0x80 && ((unsigned char)p[2] & 0xC0) == 0x80;
    default:
        return 0;
    }
}

#ifdef __SSE2__
/* Lanes where one of num_mark_at()'s marks starts: '-', 丁 (E4 B8 81),
 * 番 (E7 95 AA), の (E3 81 AE); b0 .. b2 are the bytes at the lane and the
 * two after it. */
static __m128i mark_lanes(__m128i b0, __m128i b1, __m128i b2)
{
#define EQ(x, c) _mm_cmpeq_epi8((x), _mm_set1_epi8((char)(c)))
    __m128i cho = _mm_and_si128(_mm_and_si128(EQ(b0, 0xE4), EQ(b1, 0xB8)), EQ(b2, 0x81));
    __m128i ban = _mm_and_si128(_mm_and_si128(EQ(b0, 0xE7), EQ(b1, 0x95)), EQ(b2, 0xAA));
    __m128i no = _mm_and_si128(_mm_and_si128(EQ(b0, 0xE3), EQ(b1, 0x81)), EQ(b2, 0xAE));
    return _mm_or_si128(_mm_or_si128(EQ(b0, '-'), cho), _mm_or_si128(ban, no));
#undef EQ
}
#endif

#ifdef __SSE2__
/* Bit k set if one of the marks starts at p[k], k < 16 (reads p[0, 18)). */
static unsigned mark_bits(const char *p)
{
    return (unsigned)_mm_movemask_epi8(mark_lanes(_mm_loadu_si128((const __m128i *)p),
                                                  _mm_loadu_si128((const __m128i *)(p + 1)),
                                                  _mm_loadu_si128((const __m128i *)(p + 2))));
}
#endif


/* The first offset >= i (a character start, i being one) where a mark may
 * follow a digit or a numeral: a digit with a mark right after it, or a
 * numeral's first two bytes (as num_next()) with a mark three bytes on.
 * Sixteen positions a step; the last 21 bytes are left to the byte loop
 * of num_mark_at(), which checks every position this one returns. */
#ifdef ES_VCONST
/* mark_next()'s candidates 32 positions a step (AVX2): the same lanes. Bit
 * k set if a mark starts at p[k], k < 32 (reads p[0, 34)). */
__attribute__((target("avx2"), always_inline)) static inline uint32_t mark_bits32(const char *p)
{
#define EQ(x, c) _mm256_cmpeq_epi8((x), es_ybyte(c))
    __m256i b0 = _mm256_loadu_si256((const __m256i *)p), b1 = _mm256_loadu_si256((const __m256i *)(p + 1)),
            b2 = _mm256_loadu_si256((const __m256i *)(p + 2));
    __m256i cho = _mm256_and_si256(_mm256_and_si256(EQ(b0, 0xE4), EQ(b1, 0xB8)), EQ(b2, 0x81));
    __m256i ban = _mm256_and_si256(_mm256_and_si256(EQ(b0, 0xE7), EQ(b1, 0x95)), EQ(b2, 0xAA));
    __m256i no = _mm256_and_si256(_mm256_and_si256(EQ(b0, 0xE3), EQ(b1, 0x81)), EQ(b2, 0xAE));
    return (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(_mm256_or_si256(EQ(b0, '-'), cho), _mm256_or_si256(ban, no)));
#undef EQ
}

/* The SSE2 loop of mark_next() below at 32 positions a step: returns 1
 * with *at on the first candidate, or 0 with *at where fewer than 66
 * bytes are left (the marks of the next block are read up to p[65]). */
__attribute__((target("avx2"))) static int mark_next_avx2(const char *t, size_t *at, size_t e)
{
    size_t i = *at;
    uint64_t mk = i + 66 <= e ? mark_bits32(t + i) : 0;
    for (; i + 66 <= e; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(t + i));
        __m256i n1 = _mm256_loadu_si256((const __m256i *)(t + i + 1));
        uint32_t dm = (uint32_t)_mm256_movemask_epi8(es_yrange(v, '0', 10));
        __m256i lead = _mm256_cmpeq_epi8(_mm256_and_si256(v, es_ybyte(0xFE)), es_ybyte(0xE4));
        __m256i sec = _mm256_or_si256(
            es_yrange(n1, 0xB8, 3),
            _mm256_or_si256(_mm256_cmpeq_epi8(n1, es_ybyte(0x9B)),
                            _mm256_or_si256(_mm256_cmpeq_epi8(n1, es_ybyte(0x85)),
                                            _mm256_cmpeq_epi8(n1, es_ybyte(0x8D)))));
        uint32_t km = (uint32_t)_mm256_movemask_epi8(_mm256_and_si256(lead, sec));
        uint64_t mk_next = mark_bits32(t + i + 32);
        uint64_t m64 = mk | mk_next << 32;
        uint32_t bits = (dm & (uint32_t)(m64 >> 1)) | (km & (uint32_t)(m64 >> 3));
        if (bits) {
            *at = i + (size_t)__builtin_ctz(bits);
            return 1;
        }
        mk = mk_next;
    }
    *at = i;
    return 0;
}
#endif

static size_t mark_next(const char *t, size_t i, size_t e)
{
#ifdef __SSE2__
    size_t from = i;
#ifdef ES_VCONST
    if (es_cpu_avx2() && mark_next_avx2(t, &i, e))
        return i;
#endif
    /* The same lanes with the marks found once per 16 bytes and shifted as
     * bit masks (a digit's mark starts one lane on, a numeral's three). */
    /* mk: the marks of the block at i; no branch on what a block holds
     * (it would be mispredicted on Japanese text). */
    unsigned mk = i + 34 <= e ? mark_bits(t + i) : 0;
    for (; i + 34 <= e; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i n1 = _mm_loadu_si128((const __m128i *)(t + i + 1));
        __m128i d = digit_lanes(v), k = numeral_lanes(v, n1);
        unsigned dm = (unsigned)_mm_movemask_epi8(d);
        unsigned km = (unsigned)_mm_movemask_epi8(k);
        unsigned mk_next = mark_bits(t + i + 16);
        uint32_t m32 = (uint32_t)mk | (uint32_t)mk_next << 16;
        unsigned bits = (dm & (unsigned)(m32 >> 1)) | (km & (unsigned)(m32 >> 3));
        if (bits & 0xFFFFu)
            return i + (size_t)__builtin_ctz(bits & 0xFFFFu);
        mk = mk_next;
    }
    for (; i + 22 <= e; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        __m128i n1 = _mm_loadu_si128((const __m128i *)(t + i + 1));
        __m128i n2 = _mm_loadu_si128((const __m128i *)(t + i + 2));
        __m128i n3 = _mm_loadu_si128((const __m128i *)(t + i + 3));
        __m128i n4 = _mm_loadu_si128((const __m128i *)(t + i + 4));
        __m128i n5 = _mm_loadu_si128((const __m128i *)(t + i + 5));
        __m128i d = digit_lanes(v), k = numeral_lanes(v, n1);
        __m128i dm = _mm_and_si128(d, mark_lanes(n1, n2, n3));
        __m128i km = _mm_and_si128(k, mark_lanes(n3, n4, n5));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(dm, km));
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
    /* Back to a character start: the byte loop must not begin inside one. */
    while (i > from && ((unsigned char)t[i] & 0xC0) == 0x80)
        i--;
#else
    (void)t;
    (void)e;
#endif
    return i;
}

static size_t num_mark_at(const char *t, size_t s, size_t e)
{
    static const char *const marks[] = {"丁", "番", "の", NULL};
    for (size_t i = s; i < e;) {
        i = mark_next(t, i, e);
        if (i >= e)
            break;
        size_t k = 0;
        if (t[i] >= '0' && t[i] <= '9')
            k = 1;
        else if (((unsigned char)t[i] == 0xE4 || (unsigned char)t[i] == 0xE5) && i + 3 <= e &&
                 kanji_numeral(t + i))
            k = 3;
        if (!k) {
            if (((unsigned char)t[i] & 0xC0) == 0x80)
                i += utf8_len((unsigned char)t[i]);   /* s inside a character */
            else
                i = num_next(t, i + 1, e);
            continue;
        }
        i += k;
        if (i < e && t[i] == '-')
            return i - k;
        for (const char *const *m = marks; *m && i + 3 <= e; m++)
            if (memcmp(t + i, *m, 3) == 0)
                return i - k;
    }
    return (size_t)-1;
}

/* Bytes of a jp_re match before its num group's last digit or numeral at
 * most: 41 head units of at most 5 bytes ("12条"), a space, 3 more digits
 * or 2 more numerals (6 bytes); the optional postcode ("〒 123-4567") adds
 * 12 bytes and a run of spaces, handled by the caller. */
#define JP_HEAD_MAX (41 * 5 + 1 + 6)
#define JP_POSTCODE_MAX 12

/* Characters of a jp_re match that are not ASCII digits, from its start
 * (the postcode aside) to its num group's last digit or numeral at most:
 * the head's 41 units each hold exactly one (a JP_CH character, a space
 * or the 条 / 線 after a number), then the space before num and 2 more
 * numerals. On kanji and kana (3 bytes a character) this is the tighter
 * bound: jp_re tries up to 41 head units at each start it is given. */
#define JP_HEAD_CHARS (41 + 1 + 2)

/* The first offset >= pos where a jp_re match whose num group is at or
 * after mark may start: no match can start in between. */
static size_t jp_search_from(const char *t, size_t pos, size_t mark)
{
    size_t lo = mark - pos > JP_HEAD_MAX ? mark - JP_HEAD_MAX : pos;
    /* Back from mark over JP_HEAD_CHARS + 1 characters that are not
     * digits: a start at or before the last of them would put more than
     * JP_HEAD_CHARS such characters before mark. */
    size_t k = mark;
    for (int nd = 0; k > lo && nd <= JP_HEAD_CHARS;) {
        k--;
        while (k > lo && ((unsigned char)t[k] & 0xC0) == 0x80)
            k--;
        if (t[k] < '0' || t[k] > '9')
            nd++;
    }
    lo = k;
    if (lo - pos <= JP_POSTCODE_MAX)
        return pos;
    /* A postcode may end in any number of spaces before the head. */
    while (lo > pos && t[lo - 1] == ' ')
        lo--;
    return lo - pos > JP_POSTCODE_MAX ? lo - JP_POSTCODE_MAX : pos;
}

/* Can a jp_re match on the line t[ls, le) be reported when no column or
 * chunk label vouches for it? Only with a prefecture in its head, a 〒
 * postcode, or an address label before it on the line (jp_line_marks[]).
 * Other lines are not matched at all: on Japanese prose with numbers jp_re
 * is the costliest pattern of the scan. */
static int jp_line_may_report(struct kw_index *ix, size_t ls, size_t le)
{
    return kwi_has(ix, ls, le);
}

#ifdef __SSE2__
/* Bit k set if jp_stop(t[k]), for 16 bytes. */
static unsigned stop_mask16(const char *t)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)t);
    __m128i ascii = _mm_cmpgt_epi8(v, _mm_set1_epi8(-1));
    __m128i d = es_xrange(v, '0', 10);
    /* OR 0x20 puts only the ASCII letters on 'a' .. 'z' */
    __m128i l = es_xrange(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a', 26);
    __m128i keep = _mm_or_si128(_mm_or_si128(d, l), _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
                                                                  _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))));
    return (unsigned)_mm_movemask_epi8(_mm_andnot_si128(keep, ascii));
}
#endif

/* The first offset in [i, e) holding a jp_stop() byte, or e. */
static size_t stop_next(const char *t, size_t i, size_t e)
{
#ifdef __SSE2__
    for (; i + 16 <= e; i += 16) {
        unsigned m = stop_mask16(t + i);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#endif
    while (i < e && !jp_stop((unsigned char)t[i]))
        i++;
    return i;
}

/* The least a in [lo, i] with no jp_stop() byte in t[a, i). */
static size_t stop_prev(const char *t, size_t lo, size_t i)
{
#ifdef __SSE2__
    for (; i >= lo + 16; i -= 16) {
        unsigned m = stop_mask16(t + i - 16);
        if (m)
            return i - 16 + (size_t)(32 - __builtin_clz(m));
    }
#endif
    while (i > lo && !jp_stop((unsigned char)t[i - 1]))
        i--;
    return i;
}

/* Can a jp_re match within t[a, b) (a stretch without a jp_stop() byte, on
 * the line starting at ls) be reported? scan_jp() reports a match only with
 * a prefecture in its head (its last character, 道 都 府 県, in the
 * stretch), a 〒 at its start, or labelled(): a vCard ADR line, an address
 * label as the match's column (the stretch's column: it holds no
 * delimiter) or within the 24 bytes before it on its line. */
static int jp_stretch_may_report(struct kw_index *ix, const struct es_chunk *c,
                                 const struct chunk_facts *f, struct es_col_cursor *cur, size_t ls, size_t a,
                                 size_t b)
{
    const char *t = c->text;
    if (adr_property(t, ls, b))
        return 1;
    if (c->delim && c->header) {
        if (!f->delim_stops) {
            if (f->jp_col_label)
                return 1;
        } else if (f->jp_col_label) {
            size_t field = es_ctx_field(c, cur, a);
            if (field < 64) {
                if (f->col_addr >> field & 1)
                    return 1;
            } else {
                const char *col = es_ctx_column(c, a);
                if (col && label_ok(col, strlen(col)))
                    return 1;
            }
        }
    } else if (f->label_addr) {
        return 1;
    }
    size_t w = a - ls > 24 ? a - 24 : ls;
    return kwi_has(ix, w, b);
}

/* 1 if t[p, p + 3) is 道, 都, 府 or 県 (E9 81 93, E9 83 BD, E5 BA 9C,
 * E7 9C 8C). */
static int pref_suffix_at(const char *t, size_t p)
{
    const unsigned char *u = (const unsigned char *)t + p;
    return (u[0] == 0xE9 && ((u[1] == 0x81 && u[2] == 0x93) || (u[1] == 0x83 && u[2] == 0xBD))) ||
           (u[0] == 0xE5 && u[1] == 0xBA && u[2] == 0x9C) || (u[0] == 0xE7 && u[1] == 0x9C && u[2] == 0x8C);
}

/* Can es_geo_prefecture_at(t + i, e - i) be nonzero? Every prefecture
 * name is three or four kanji (9 or 12 bytes) ending in 道, 都, 府 or 県. */
static int pref_end_near(const char *t, size_t i, size_t e)
{
    return (i + 9 <= e && pref_suffix_at(t, i + 6)) || (i + 12 <= e && pref_suffix_at(t, i + 9));
}

static void scan_jp(const struct es_scan_ctx *sc, const struct address_shared *s,
                    const struct es_chunk *c, const struct chunk_facts *f)
{
    const char *t = c->text;
    size_t pos = 0, ms, me;
    size_t ls = 0;          /* start of pos's line */
    size_t seg_a = 0, seg_b = 0;   /* the last stretch that passed (see below) */
    struct es_col_cursor cur = {0, 0, 0};   /* stretches come in text order */
    struct kw_index ix;
    kwi_init(&ix, &s->jp_line, t, c->len);
    while (pos < c->owned) {
        /* At a line start (a line's first visit), without a column label:
         * the lines before the one holding the next jp_line keyword fail
         * jp_line_may_report() below (no keyword match crosses a '\n'),
         * so their marks need not be searched for. */
        if (!f->jp_col_label && (pos == 0 || t[pos - 1] == '\n')) {
            size_t q = kwi_first(&ix, pos);
            if (q == c->len)
                break;   /* no line from here on can report */
            const char *kn = q != (size_t)-1 && q > pos ? memrchr(t + pos, '\n', q - pos) : NULL;
            if (kn) {
                pos = ls = (size_t)(kn - t) + 1;
                if (pos >= c->owned)
                    break;
            }
        }
        /* jp_re never crosses a line (no class of it holds '\n'), so it runs
         * on candidate lines only, with the subject ending at the line end;
         * its lookaheads see the same at a subject end as before a '\n'.
         * A candidate line holds a mark: the first one at or after pos
         * (no mark holds a '\n', so it is the first of its line after pos
         * too) says which line that is; the lines before it are passed
         * over. */
        size_t mark = num_mark_at(t, pos, c->len);
        if (mark == (size_t)-1)
            break;
        const char *nl = mark > pos ? memrchr(t + pos, '\n', mark - pos) : NULL;
        if (nl)
            pos = ls = (size_t)(nl - t) + 1;
        if (pos >= c->owned)
            break;
        nl = memchr(t + mark, '\n', c->len - mark);
        size_t le = nl ? (size_t)(nl - t) : c->len;
        int at_line_start = pos == 0 || t[pos - 1] == '\n';
        if (at_line_start && !f->jp_col_label && !jp_line_may_report(&ix, pos, le)) {
            pos = ls = le + 1;
            continue;
        }
        /* The stretch holding mark, from pos: no match starts between pos
         * and it (a match holds its mark), and if none in it can be
         * reported the search goes on after it, where it would have gone
         * on after the stretch's last match. A stretch checked once is not
         * checked again for its later marks. */
        if (mark >= seg_b) {
            size_t a = stop_prev(t, pos, mark), b = stop_next(t, mark, le);
            if (!jp_stretch_may_report(&ix, c, f, &cur, ls, a, b)) {
                pos = b + 1;
                if (b == le)
                    ls = pos;
                continue;
            }
            seg_a = a;
            seg_b = b;
        }
        /* No match starts before the stretch (none holds a mark after pos). */
        size_t from = jp_search_from(t, pos, mark);
        if (from < seg_a)
            from = seg_a;
        if (!es_re_find(sc, s->jp, t, le, from, &ms, &me)) {
            pos = ls = le + 1;
            continue;
        }
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        size_t hs, he, ns, ne;
        if (!es_re_group(sc, 1, &hs, &he) || !es_re_group(sc, 2, &ns, &ne))
            continue;
        int postcode = memcmp(t + ms, "〒", 3) == 0;
        size_t pref = 0, pref_len = 0;
        for (size_t i = hs; i < he; i += utf8_len((unsigned char)t[i])) {
            if (!pref_end_near(t, i, he))
                continue;
            pref_len = es_geo_prefecture_at(t + i, he - i);
            if (pref_len) {
                pref = i;
                break;
            }
        }
        /* The numbers must be a block, not a bare "1-": at least two
         * groups or a 番 / 丁目 marker. */
        int groups = 0, marker = 0;
        for (size_t i = ns; i < ne;) {
            if (t[i] >= '0' && t[i] <= '9') {
                groups++;
                while (i < ne && t[i] >= '0' && t[i] <= '9')
                    i++;
            } else {
                if ((unsigned char)t[i] >= 0xE0)
                    marker = 1;
                i += utf8_len((unsigned char)t[i]);
            }
        }
        if (groups < 2 && !marker)
            continue;
        size_t start;
        enum es_confidence conf;
        if (pref_len) {
            if (!has_muni(t, pref + pref_len, he))
                continue;
            start = postcode ? ms : pref;
            conf = ES_CONF_HIGH;
        } else {
            /* A street column of a split address (番地: 臼井丘9丁目10番9号)
             * needs its label; a 〒 line needs a municipality. */
            if (!(postcode && has_muni(t, hs, he)) && !labelled(c, ms))
                continue;
            start = postcode ? ms : hs;
            conf = ES_CONF_MEDIUM;
        }
        if (company_context(c, f, start, me))
            continue;
        report(sc, c, start, me, conf);
    }
}

/* ---- Latin script ---- */

/* End of the tabular field holding off (delimiter or line end). */
static size_t field_end(const struct es_chunk *c, size_t off)
{
    size_t le = line_end(c, off);
    if (!c->delim)
        return le;
    int quoted = 0;
    for (size_t i = line_begin(c->text, off); i < le; i++) {
        if (c->text[i] == '"')
            quoted = !quoted;
        else if (c->text[i] == c->delim && !quoted && i >= off)
            return i;
    }
    return le;
}

/* Locality evidence in text[s, e): LOC_* flags. */
#define LOC_STATE 1
#define LOC_POST 2
#define LOC_UK 4   /* a full UK postcode (SW1A 2AA) */

static int has_locality(const char *t, size_t s, size_t e)
{
    int flags = 0;
    size_t prev_w = 0, prev_n = 0;
    for (size_t i = s; i < e;) {
        while (i < e && (t[i] == ' ' || t[i] == ','))
            i++;
        size_t w = i;
        while (i < e && t[i] != ' ' && t[i] != ',')
            i++;
        if (i == w)
            continue;
        size_t n = i - w;
        int digits = 1;
        for (size_t k = w; k < i; k++)
            digits &= t[k] >= '0' && t[k] <= '9';
        if (digits && n >= 3 && n <= 6) {
            flags |= LOC_POST;
        } else if (n == 3 && t[w] >= '0' && t[w] <= '9' && t[w + 1] >= 'A' && t[w + 1] <= 'Z' &&
                   t[w + 2] >= 'A' && t[w + 2] <= 'Z') {
            /* the inward half of a UK postcode after its outward half */
            if (prev_n >= 2 && prev_n <= 4 && t[prev_w] >= 'A' && t[prev_w] <= 'Z' &&
                t[prev_w + prev_n - 1] != ',')
                flags |= LOC_POST | LOC_UK;
        } else if (es_geo_state(t + w, n)) {
            flags |= LOC_STATE;
        } else if (i < e) {
            /* two-word states: Tamil Nadu, New South Wales */
            size_t j = i + 1;
            while (j < e && t[j] != ' ' && t[j] != ',')
                j++;
            if (es_geo_state(t + w, j - w))
                flags |= LOC_STATE;
        }
        prev_w = w;
        prev_n = n;
    }
    return flags;
}

/* A locality line without a state (NZ, SG, many others): "Suburb, City
 * NNNN" - only Capitalised words, exactly one comma between them, and a
 * 4-digit postcode ending the line. A "Version 2, Build 1234" line fails
 * the all-capitalised-words test only if it holds a lower-case word, so
 * the words before the comma may not hold digits either. */
static int suburb_city_line(const char *t, size_t s, size_t e)
{
    while (e > s && (t[e - 1] == '\r' || t[e - 1] == ' '))
        e--;
    /* "A, B 1234": at least 10 bytes; a postcode of exactly 4 digits */
    if (e - s < 10 || t[e - 5] != ' ')
        return 0;
    for (size_t i = e - 4; i < e; i++)
        if (t[i] < '0' || t[i] > '9')
            return 0;
    int commas = 0, word_start = 1;
    for (size_t i = s; i < e - 5; i++) {
        char ch = t[i];
        if (ch == ',') {
            if (++commas > 1 || i + 1 >= e - 5 || t[i + 1] != ' ')
                return 0;
            word_start = 0;
        } else if (ch == ' ') {
            word_start = 1;
        } else if (word_start) {
            if (ch < 'A' || ch > 'Z')
                return 0;
            word_start = 0;
        } else if (!((ch >= 'a' && ch <= 'z') || ch == '-' || ch == '\'')) {
            return 0;
        }
    }
    return commas == 1;
}

/* Does the next line hold a locality line (Newtown NSW 2042, London SW1A
 * 2AA)? A number alone is not enough there. */
static int next_line_locality(const struct es_chunk *c, size_t end)
{
    size_t le = line_end(c, end);
    if (le >= c->len)
        return 0;
    size_t ns = le + 1, ne = line_end(c, ns);
    if (ne - ns > 80)
        return 0;
    int f = has_locality(c->text, ns, ne);
    return (f & (LOC_STATE | LOC_POST)) == (LOC_STATE | LOC_POST) || (f & LOC_UK) ||
           suburb_city_line(c->text, ns, ne);
}

/* The street's words agree in case with its suffix: an all-capitals
 * suffix (ST, RD) goes with all-capital names (12 SMITH ST), and the name
 * has at least two letters. "Bp LN", "C LN" are noise. */
static int suffix_case_ok(const char *t, size_t ws, size_t street_end)
{
    size_t w = street_end;
    while (w > ws && t[w - 1] != ' ')
        w--;
    int suffix_caps = street_end - w >= 2 && t[w + 1] >= 'A' && t[w + 1] <= 'Z';
    size_t letters = 0;
    for (size_t i = ws; i < w; i++) {
        if ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z'))
            letters++;
        if (suffix_caps && t[i] >= 'a' && t[i] <= 'z')
            return 0;
    }
    return letters >= 2;
}

/* Street and place names are Capitalised (or all capitals): a capital after
 * a small letter only follows Mc / Mac (McDonald). Random tokens and
 * identifiers (CQlnsItj, getValue) fail. */
static int name_shape_ok(const char *t, size_t s, size_t e)
{
    for (size_t i = s + 1; i < e; i++) {
        if (!(t[i] >= 'A' && t[i] <= 'Z') || !(t[i - 1] >= 'a' && t[i - 1] <= 'z'))
            continue;
        size_t w = i;
        while (w > s && t[w - 1] != ' ')
            w--;
        if ((i - w == 2 && t[w] == 'M' && t[w + 1] == 'c') ||
            (i - w == 3 && t[w] == 'M' && t[w + 1] == 'a' && t[w + 2] == 'c'))
            continue;
        return 0;
    }
    return 1;
}

/* Alone (no label, unit, locality), only a suffix that names nothing but
 * a street counts: "2 Map View", "5 Star Centre" are not addresses. */
static int strong_suffix(const char *t, size_t end)
{
    static const char *const strong[] = {
        "Street", "St", "Road", "Rd", "Avenue", "Ave", "Drive", "Dr", "Lane", "Ln", "Crescent",
        "Cres", "Court", "Ct", "Boulevard", "Blvd", "Parade", "Pde", "Terrace", "Tce", "Highway",
        "Hwy", "Close", "Grove", "Circuit", "Cct", "Esplanade", "Marg", "Salai", NULL,
    };
    size_t w = end;
    while (w > 0 && t[w - 1] != ' ')
        w--;
    size_t n = end - w;
    if (n > 0 && t[end - 1] == '.')
        n--;
    for (const char *const *k = strong; *k; k++)
        if (strlen(*k) == n && memcmp(*k, t + w, n) == 0)
            return 1;
    return 0;
}

/* A bare street line is only taken after words that introduce a place:
 * "lives at 12 Smith Street", "deliver to 4 Main St". */
static int locative_before(const struct es_chunk *c, size_t off)
{
    static const char *const cues[] = {"at", "to", "from", "lives", "living", "moved", "reside",
                                       "resides", "c/o", NULL};
    const char *p;
    size_t n = es_ctx_before(c, off, 16, &p);
    while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == ':' || p[n - 1] == ','))
        n--;
    size_t w = n;
    while (w > 0 && p[w - 1] != ' ')
        w--;
    for (const char *const *k = cues; *k; k++) {
        size_t kl = strlen(*k);
        const char *one[2] = {*k, NULL};
        if (n - w == kl && es_ctx_has(p + w, kl, one))
            return 1;
    }
    return 0;
}

/* Where en_re may match. Every match holds a space at j, within its first
 * EN_GATE_SPAN bytes, such that (en_gate_at()):
 *  - t[j - 1] ends a number: digits, then an optional ASCII letter, then an
 *    optional ',' (the `\d[A-Za-z]?,?[ ]+` after the house number, the
 *    second part of a pre number or the unit number);
 *  - the byte before those digits is not '#' nor a '.' that does not follow
 *    a letter (the look-behind bars '#', '.', letters and digits before a
 *    bare number; '/' and '-' come before the second half of a number; a
 *    letter or a '.' after one ends a Flat / No. / Apt. / Ste. prefix);
 *  - t[j + 1] is a space, an upper-case letter or a digit (a street word,
 *    Moo / Soi, the number after a unit, or more spaces).
 * The space is the first one after the house number, after a pre group's
 * first number, or, for a unit followed by spaces, after the unit number.
 * The longest lead-up is "Apartment 1234A / 12345A-12345A," (9 + 1 + 4 + 1
 * + 3 + 13 + 1 bytes); the pre group's is "Survey No. 12345A-1234," (23). */
#define EN_GATE_SPAN 32

static int is_digit_ch(unsigned char ch) { return ch >= '0' && ch <= '9'; }


/* Is the space at t[j] a gate (see above)? */
static int en_gate_at(const char *t, size_t len, size_t j)
{
    const unsigned char *u = (const unsigned char *)t;
    if (j + 1 >= len || !(u[j + 1] == ' ' || is_digit_ch(u[j + 1]) || (u[j + 1] >= 'A' && u[j + 1] <= 'Z')))
        return 0;
    size_t k = j;
    if (k > 0 && u[k - 1] == ',')
        k--;
    if (k > 0 && es_ascii_alpha(u[k - 1]))
        k--;
    if (k == 0 || !is_digit_ch(u[k - 1]))
        return 0;
    while (k > 0 && is_digit_ch(u[k - 1]))
        k--;
    if (k == 0)
        return 1;
    if (u[k - 1] == '#')
        return 0;
    return u[k - 1] != '.' || (k >= 2 && es_ascii_alpha(u[k - 2]));
}

#ifdef ES_VCONST
/* en_gate_next()'s vector loop at 32 positions a step (AVX2), from *at >= 3:
 * the same candidates, the digits before each block carried over from the
 * block before instead of loaded again. Returns 1 with *at on the first
 * gate, or 0 with *at where fewer than 33 bytes are left. */
__attribute__((target("avx2"))) static int en_gate_avx2(const char *t, size_t len, size_t *at)
{
    const unsigned char *u = (const unsigned char *)t;
    size_t i = *at;
    /* Bit x: t[i - 3 + x] is a digit, x < 3 (the three bytes before the block). */
    uint64_t carry = (uint64_t)is_digit_ch(u[i - 3]) | (uint64_t)is_digit_ch(u[i - 2]) << 1 |
                     (uint64_t)is_digit_ch(u[i - 1]) << 2;
    for (; i + 33 <= len; i += 32) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(t + i));
        uint32_t s = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, es_ybyte(' ')));
        /* Bit x of dd: t[i - 3 + x] is a digit (x < 35). */
        uint64_t dd = carry | (uint64_t)(uint32_t)_mm256_movemask_epi8(es_yrange(v, '0', 10)) << 3;
        carry = dd >> 32;
        /* bit j: a digit at i + j - 1, i + j - 2 or i + j - 3 */
        uint32_t m = s & (uint32_t)(dd | dd >> 1 | dd >> 2);
        if (!m)
            continue;
        __m256i n = _mm256_loadu_si256((const __m256i *)(t + i + 1));
        m &= (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
            _mm256_or_si256(es_yrange(n, '0', 10), es_yrange(n, 'A', 26)), _mm256_cmpeq_epi8(n, es_ybyte(' '))));
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (en_gate_at(t, len, j)) {
                *at = j;
                return 1;
            }
        }
    }
    *at = i;
    return 0;
}
#endif

/* The first gate at or after from, or len. */
static size_t en_gate_next(const char *t, size_t len, size_t from)
{
    size_t i = from;
#ifdef __SSE2__
    /* Sixteen positions at a time: a space with a digit among the three
     * bytes before it and a space, capital or digit after it; the few
     * positions that pass are checked in full. */
    const __m128i sp = _mm_set1_epi8(' ');
    if (i < 3)
        for (; i < 3 && i < len; i++)
            if (t[i] == ' ' && en_gate_at(t, len, i))
                return i;
#ifdef ES_VCONST
    if (i >= 3 && es_cpu_avx2() && en_gate_avx2(t, len, &i))
        return i;
#endif
    for (; i + 17 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        uint32_t s = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp));
        if (!s)
            continue;
        /* Bit x of dd: t[i - 3 + x] is a digit (x < 19), from the block
         * three bytes back and the block itself. */
        __m128i p = _mm_loadu_si128((const __m128i *)(t + i - 3));
        uint32_t dd = (uint32_t)_mm_movemask_epi8(es_xrange(p, '0', 10)) |
                      (uint32_t)_mm_movemask_epi8(es_xrange(v, '0', 10)) << 3;
        /* bit j: a digit at i + j - 1, i + j - 2 or i + j - 3 */
        uint32_t m = s & (dd | dd >> 1 | dd >> 2);
        if (!m)
            continue;
        __m128i n = _mm_loadu_si128((const __m128i *)(t + i + 1));
        m &= (uint32_t)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(es_xrange(n, '0', 10), es_xrange(n, 'A', 26)), _mm_cmpeq_epi8(n, sp)));
        for (; m; m &= m - 1) {
            size_t j = i + (size_t)__builtin_ctz(m);
            if (en_gate_at(t, len, j))
                return j;
        }
    }
#endif
    for (; i < len; i++)
        if (t[i] == ' ' && en_gate_at(t, len, i))
            return i;
    return len;
}

/* es_re_find() of en_re from pos over the chunk, run only on the lines with
 * a gate: no match starts before EN_GATE_SPAN bytes ahead of the first gate
 * at or after pos, and en_re never crosses a line (none of its classes
 * holds '\n'; it has no look-ahead), so a search to that line's end finds
 * the same match, and a line without one holds no match at all. */
static int en_find(const struct es_scan_ctx *sc, const struct address_shared *s, const char *t, size_t len,
                   size_t g0, size_t pos, size_t *ms, size_t *me)
{
    while (pos < len) {
        /* g0, the chunk's first gate, is the first at or after any pos before it. */
        size_t g = pos <= g0 ? g0 : en_gate_next(t, len, pos);
        if (g >= len)
            return 0;
        const char *nl = memchr(t + g, '\n', len - g);
        size_t le = nl ? (size_t)(nl - t) : len;
        size_t from = g > pos + EN_GATE_SPAN ? g - EN_GATE_SPAN : pos;
        if (es_re_find(sc, s->en, t, le, from, ms, me))
            return 1;
        pos = le + 1;
    }
    return 0;
}

/* g0: en_gate_next(c->text, c->len, 0). */
static void scan_en(const struct es_scan_ctx *sc, const struct address_shared *s,
                    const struct es_chunk *c, const struct chunk_facts *f, size_t g0)
{
    const char *t = c->text;
    size_t pos = 0, ms, me;
    while (pos < c->owned && en_find(sc, s, t, c->len, g0, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        size_t ps, pe, us, ue, ws, we;
        int pre = es_re_group(sc, 1, &ps, &pe);
        int unit = es_re_group(sc, 2, &us, &ue);
        if (!es_re_group(sc, 4, &ws, &we))
            continue;
        /* The last word (not the first) that is a street suffix ends the
         * street part. */
        size_t street_end = 0, nwords = 0;
        for (size_t i = ws; i < we;) {
            size_t w = i;
            while (i < we && t[i] != ' ')
                i++;
            nwords++;
            if (nwords >= 2 && es_geo_street_suffix(t + w, i - w))
                street_end = i;
            while (i < we && t[i] == ' ')
                i++;
        }
        if (!name_shape_ok(t, ws, street_end ? street_end : we) ||
            (street_end && !suffix_case_ok(t, ws, street_end)))
            continue;
        int lab = labelled(c, ms);
        size_t end = street_end ? street_end : we;
        /* A numbered street (Ang Mo Kio Avenue 3, Soi Sukhumvit 21). */
        if (street_end && end + 1 < c->len && t[end] == ' ' && t[end + 1] >= '0' && t[end + 1] <= '9') {
            size_t k = end + 1;
            while (k < c->len && k - end <= 3 && t[k] >= '0' && t[k] <= '9')
                k++;
            if (k - end <= 3 && (k == c->len || t[k] == ',' || t[k] == '\n' || t[k] == ' '))
                end = k;
        }
        size_t fe = field_end(c, end);
        size_t te = end, ts, tee;
        if (fe > end && es_re_find(sc, s->tail, t, fe, end, &ts, &tee) && ts == end)
            te = tee;
        int loc = has_locality(t, end, te);
        enum es_confidence conf;
        if (street_end) {
            if (lab || loc || next_line_locality(c, end))
                conf = ES_CONF_HIGH;
            else if (pre || unit)
                conf = ES_CONF_MEDIUM;
            else if (strong_suffix(t, street_end) && locative_before(c, ms))
                conf = ES_CONF_LOW;
            else
                continue;
        } else if (pre && (lab || loc)) {
            conf = ES_CONF_MEDIUM;
        } else {
            continue;
        }
        /* A company name may follow the street ("... Centre Pty Ltd"); the
         * street name itself may hold a company word ("Chakrika Branch"). */
        if (company_context(c, f, ms, te) || has_word(t + end, te - end, &f->w->company_words))
            continue;
        report(sc, c, ms, te, conf);
        pos = te > pos ? te : pos;
    }
}

/* ---- romanised Japanese ---- */

/* Cheap gate for jr_re: a municipality marker somewhere in the chunk (one
 * prefiltered pass, not one search per marker; the prefilter folds case,
 * the markers do not). Every marker holds its core at offset 0 or (after
 * the space) 1, so a marker at q has a pass at q or q + 1, where it is
 * looked for. */
static int has_jr_marker(const struct address_shared *s, const char *t, size_t n)
{
    for (size_t p = es_pf_next_start(&s->jr_marks, t, n, 0); p < n; p = es_pf_next_start(&s->jr_marks, t, n, p + 1))
        for (size_t k = 0; jr_marks[k]; k++) {
            size_t kl = s->jr_len[k], sp = jr_marks[k][0] == ' ';
            if (p < sp)
                continue;   /* its space would be before the text */
            if (n - (p - sp) >= kl && memcmp(t + p - sp, jr_marks[k], kl) == 0)
                return 1;
        }
    return 0;
}

static void scan_jr(const struct es_scan_ctx *sc, const struct address_shared *s,
                    const struct es_chunk *c, const struct chunk_facts *f)
{
    const char *t = c->text;
    size_t pos = 0, ms, me, ps, pe;
    while (pos < c->owned && es_re_find(sc, s->jr, t, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        /* The postcode or an address label makes it an address; a bare
         * "1-2 Foo, Bar City" is too weak. */
        int post = es_re_group(sc, 1, &ps, &pe);
        if (!post && !labelled(c, ms))
            continue;
        if (company_context(c, f, ms, me))
            continue;
        report(sc, c, ms, me, post ? ES_CONF_HIGH : ES_CONF_MEDIUM);
    }
}

/* ---- Thai script ---- */

/* The next line carries the district / province / postcode of a Thai
 * address written over two lines. */
static int next_line_th_locality(const struct es_chunk *c, size_t end)
{
    static const char *const th_loc[] = {"อำเภอ", "เขต", "จังหวัด", "กรุงเทพ", NULL};
    size_t le = line_end(c, end);
    if (le >= c->len)
        return 0;
    size_t ns = le + 1, ne = line_end(c, ns);
    return ne - ns <= 200 && es_ctx_has(c->text + ns, ne - ns, th_loc);
}

static void scan_th(const struct es_scan_ctx *sc, const struct address_shared *s,
                    const struct es_chunk *c, const struct chunk_facts *f)
{
    size_t pos = 0, ms, me, fs, fe;
    /* Every Thai address starts with a street part; from there the full
     * form runs to the postcode, or a label vouches for the street alone
     * (a split address's street column). */
    while (pos < c->owned && es_re_find(sc, s->th_st, c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        size_t end;
        enum es_confidence conf;
        if (es_re_find(sc, s->th, c->text, line_end(c, ms), ms, &fs, &fe) && fs == ms) {
            end = fe;
            conf = ES_CONF_HIGH;
        } else if (labelled(c, ms) || next_line_th_locality(c, me)) {
            end = me;
            conf = ES_CONF_MEDIUM;
        } else {
            continue;
        }
        pos = end;
        if (company_context(c, f, ms, end))
            continue;
        report(sc, c, ms, end, conf);
    }
}

/* 1 if t[0, n) holds a byte E3..E9 (a kana or kanji lead byte). */
static int has_cjk_lead(const char *t, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    /* Sixteen bytes at a time. */
    for (; i + 16 <= n; i += 16)
        if (_mm_movemask_epi8(es_xrange(_mm_loadu_si128((const __m128i *)(t + i)), 0xE3, 7)))
            return 1;
#endif
    /* Eight bytes at a time over ASCII (no high bit set): most Latin text. */
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        if (!(w & 0x8080808080808080u))
            continue;
        for (size_t k = i; k < i + 8; k++)
            if ((unsigned char)t[k] >= 0xE3 && (unsigned char)t[k] <= 0xE9)
                return 1;
    }
    for (; i < n; i++)
        if ((unsigned char)t[i] >= 0xE3 && (unsigned char)t[i] <= 0xE9)
            return 1;
    return 0;
}

static void address_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const struct address_shared *s = sc->shared;
    int cjk = 0, thai = 0;
    if (!s || c->owned == 0)
        return;
    /* Prefilter: lead bytes of kana / kanji (E3-E9) and of Thai (E0 B8/B9). */
    cjk = has_cjk_lead(c->text, c->len);
    for (const char *p = c->text, *end = c->text + c->len; !thai && p < end;) {
        const char *q = memchr(p, 0xE0, (size_t)(end - p));
        if (!q)
            break;
        thai = q + 1 < end && ((unsigned char)q[1] & 0xFE) == 0xB8;
        p = q + 1;
    }
    struct chunk_facts f;
    struct line_memo memo[LINE_MEMOS];
    size_t memo_next = 0;
    memset(memo, 0, sizeof memo);
    chunk_facts(s, c, &f);
    f.memo = memo;
    f.memo_next = &memo_next;
    if (cjk)
        scan_jp(sc, s, c, &f);
    if (thai)
        scan_th(sc, s, c, &f);
    /* Every jr_re match holds an en gate (en_gate_at()): the first space
     * after its number, which follows a digit, a letter and a comma at
     * most, has a space or capital after it and '-' before the digits. Its
     * marker comes after that gate, so after the chunk's first gate g0: a
     * chunk without a gate (most Japanese prose) skips the marker pass, and
     * the pass starts at g0. scan_en() takes g0 as its first gate. */
    size_t g0 = en_gate_next(c->text, c->len, 0);
    if (g0 < c->len && has_jr_marker(s, c->text + g0, c->len - g0))
        scan_jr(sc, s, c, &f);
    scan_en(sc, s, c, &f, g0);
}

/* ---- mask ---- */

/* Japanese: keep the prefecture and municipality, mask the rest.
 * Thai: keep from the district (อำเภอ / เขต) on. Latin: mask the street
 * part (before the first comma) but the first letter of each word; keep
 * the locality. */
static size_t address_mask(const char *norm, size_t len, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    if (cap < 8)
        return es_mask_generic(norm, len, out, cap);
    size_t pref = 0, plen = 0;
    for (size_t k = 0; k < len; k += utf8_len((unsigned char)norm[k]))
        if ((plen = es_geo_prefecture_at(norm + k, len - k))) {
            pref = k;
            break;
        }
    if (plen) {
        size_t keep = pref + plen;
        /* through the first municipality marker (and a 郡's town) */
        for (size_t k = keep; k + 3 <= len && (unsigned char)norm[k] >= 0x80;
             k += utf8_len((unsigned char)norm[k]))
            if (has_muni(norm, k, k + 3)) {
                keep = k + 3;
                if (memcmp(norm + k, "郡", 3) != 0)
                    break;
            }
        if (keep - pref + 8 >= cap)
            return es_mask_generic(norm, len, out, cap);
        memcpy(out, norm + pref, keep - pref);
        o = keep - pref;
        memcpy(out + o, "****", 4);
        o += 4;
        out[o] = '\0';
        return o;
    }
    const char *dist = NULL;
    for (size_t k = 0; k + 6 <= len; k++)
        if ((k + strlen("อำเภอ") <= len && memcmp(norm + k, "อำเภอ", strlen("อำเภอ")) == 0) ||
            (k + strlen("เขต") <= len && memcmp(norm + k, "เขต", strlen("เขต")) == 0)) {
            dist = norm + k;
            break;
        }
    if (dist) {
        size_t keep = len - (size_t)(dist - norm);
        if (keep + 6 >= cap)
            return es_mask_generic(norm, len, out, cap);
        memcpy(out, "**** ", 5);
        memcpy(out + 5, dist, keep);
        out[5 + keep] = '\0';
        return 5 + keep;
    }
    /* Thai street part alone: house number and road name both go. */
    static const char *const th_roads[] = {"ถนน", "ซอย", "หมู่", NULL};
    for (const char *const *r = th_roads; *r; r++) {
        const char *hit = memmem(norm, len, *r, strlen(*r));
        if (hit && (size_t)(hit - norm) + strlen(*r) + 6 < cap) {
            size_t k = (size_t)(hit - norm) + strlen(*r);
            for (i = 0; i < (size_t)(hit - norm); i++)
                out[i] = (norm[i] >= '0' && norm[i] <= '9') ? '*' : norm[i];
            memcpy(out + i, hit, strlen(*r));
            memcpy(out + k, "****", 4);
            out[k + 4] = '\0';
            return k + 4;
        }
    }
    const char *comma = memchr(norm, ',', len);
    size_t street = comma ? (size_t)(comma - norm) : len;
    int word_start = 1;
    for (i = 0; i < len && o + 5 < cap; i++) {
        unsigned char ch = (unsigned char)norm[i];
        if (i >= street) {
            out[o++] = (char)ch;
            continue;
        }
        int alnum = (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
        if (ch >= '0' && ch <= '9')
            out[o++] = '*';
        else if (alnum && !word_start)
            out[o++] = '*';
        else
            out[o++] = (char)ch;
        word_start = !alnum;
    }
    out[o] = '\0';
    return o;
}

const struct es_detector es_det_address = {
    .id = "address",
    .description = "postal addresses (JP 〒, prefecture, chome; street addresses)",
    .init = address_init,
    .fini = address_fini,
    .scan = address_scan,
    .mask = address_mask,
};
