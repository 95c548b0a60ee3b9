/*
 * name: people's names in Latin, kanji/kana (also half-width kana), Thai and
 * Hangul script.
 *
 * Names have no shape a single pattern could find, so this detector works on
 * tokens instead of PCRE2: it walks each line once, classifies labels (column
 * headers, chunk labels, "Label: value" pairs), honorifics and salutations,
 * and checks free text against the build-time lexicons (mecab-ipadic person
 * names, 1990 US Census names; see lexicon/README.md). Everything is decided
 * from the chunk text and the read-only lexicons; no state, no allocation.
 *
 * Evidence, strongest first:
 *  - a name label (氏名, お名前, Customer Name, card_holder, From, 出席 ...) on
 *    the column, chunk or same line, and a value that looks like a name;
 *  - honorifics and salutations (Mr/Ms/Dr, Dear, 様, さん, 殿, 君, คุณ, 님);
 *  - lexicon: a family name followed by a given name (山田 太郎, 山田太郎,
 *    ヤマダ タロウ, John Smith);
 *  - a signature line after a closing phrase, a value that fills a whole
 *    field of a record (SQL tuple, HTML cell) and reads as a name.
 * Company, place and product names are rejected by their markers (株式会社,
 * 工業, Inc, Pty, "X, Y and Z", ...市/区/町/店, street suffixes).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "cpu.h"
#include "detector.h"
#include "lexicon/names_lex.h"
#include "vconst.h"

#ifdef ES_VCONST
/* AVX2 code behind target("avx2") and a run-time CPU check (as in pcre.c),
 * its byte constants from es_ybyte(). */
#define NAME_AVX2 1
#endif

/* Longest value considered a name, in bytes: long enough for a four-part
 * name in a three-byte script, short enough to skip prose. */
#define NAME_MAX_BYTES 96
/* Hits remembered per line (sorted) so that one span is reported once; a
 * one-line JSON export holds thousands. */
#define MAX_SPANS 2048
/* Longest label considered, in bytes (a header like "お客様氏名（カナ）"). */
#define LABEL_MAX 48
/* Columns tracked for SQL / HTML records and cached header kinds. */
#define MAX_COLS 64
/* Lines looked back for a closing phrase before a signature. */
#define SIGNATURE_LOOKBACK 4
/* ...and at most this many bytes: a closing phrase sits on a short line. */
#define SIGNATURE_LOOKBACK_BYTES 512
/* What name_init() returns when a keyword list or lexicon built in does
 * not fit the tables that look it up (a fact of the shipped lists, fixed
 * at build time; a unit test checks that init succeeds): as a pattern
 * that does not compile, the detector's data is wrong. There are no
 * slower paths for lists that would not fit. */
#define NAME_LIST_BAD ES_ERR_PATTERN

enum label_kind { L_NONE, L_NAME, L_FAMILY, L_GIVEN, L_KANA, L_LIST, L_OTHER };

struct spans {
    size_t s[MAX_SPANS], e[MAX_SPANS];
    size_t n;
};

/* ---- UTF-8 and character classes ---- */

static uint32_t dec(const char *t, size_t len, size_t i, size_t *n)
{
    const unsigned char *s = (const unsigned char *)t + i;
    size_t left = len - i;
    if (s[0] < 0x80 || left < 2) {
        *n = 1;
        return s[0];
    }
    if ((s[0] & 0xE0) == 0xC0) {
        *n = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if ((s[0] & 0xF0) == 0xE0 && left >= 3) {
        *n = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    if ((s[0] & 0xF8) == 0xF0 && left >= 4) {
        *n = 4;
        return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
               ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    }
    *n = 1;
    return s[0];
}

/* dec() with its ASCII case inline (most bytes of Latin names): dec()
 * gives an ASCII byte itself, one byte long. */
static inline uint32_t dec_fast(const char *t, size_t len, size_t i, size_t *n)
{
    if ((unsigned char)t[i] < 0x80) {
        *n = 1;
        return (unsigned char)t[i];
    }
    return dec(t, len, i, n);
}

/* Code point before byte offset i (i > 0); *n gets its length. */
static uint32_t dec_back(const char *t, size_t i, size_t *n)
{
    size_t k = i - 1;
    while (k > 0 && ((unsigned char)t[k] & 0xC0) == 0x80 && i - k < 4)
        k--;
    size_t m;
    uint32_t cp = dec(t, i, k, &m);
    *n = i - k;
    return cp;
}

static int is_kanji(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3005 ||
           (c >= 0xF900 && c <= 0xFAFF);
}
static int is_hira(uint32_t c) { return c >= 0x3041 && c <= 0x3096; }
static int is_kata(uint32_t c) { return (c >= 0x30A1 && c <= 0x30FA) || c == 0x30FC; }
static int is_hwkana(uint32_t c) { return c >= 0xFF66 && c <= 0xFF9F; }
static int is_cjk(uint32_t c) { return is_kanji(c) || is_hira(c) || is_kata(c) || is_hwkana(c); }
/* Thai consonants, vowels and tone marks (not digits or punctuation). */
static int is_thai(uint32_t c) { return (c >= 0x0E01 && c <= 0x0E3A) || (c >= 0x0E40 && c <= 0x0E4E); }
static int is_hangul(uint32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }
static int is_upper(uint32_t c) { return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7); }
static int is_lower(uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7); }
static int is_latin(uint32_t c) { return is_upper(c) || is_lower(c) || (c >= 0x100 && c <= 0x24F); }
static int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }

static int lc(int ch) { return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch; }

/* ---- lexicon look-up ---- */

static int lex_has(const char *const *tab, size_t n, const char *s, size_t len)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const unsigned char *w = (const unsigned char *)tab[mid];
        const unsigned char *u = (const unsigned char *)s;
        /* memcmp() order with the shorter string first, without strlen(). */
        size_t j = 0;
        while (j < len && w[j] && u[j] == w[j])
            j++;
        int c = j == len ? (w[j] ? -1 : 0) : !w[j] ? 1 : u[j] < w[j] ? -1 : 1;
        if (c == 0)
            return 1;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return 0;
}

/* A Bloom filter over a lexicon, built once (name_init): two bits per word
 * of 2^17, so that most words not in it are turned away before the exact
 * set below is probed. It answers "maybe" for every word of the lexicon.
 * 2^17 bits (16 KiB): about 2% false "maybe" for the largest lexicon
 * (some 17000 words). */
#define BLOOM_BITS (1u << 17)
/* An exact set of a lexicon's words by lex_hash(), for the words the
 * filter lets through: one or two probes instead of a binary search
 * (some 14 steps through scattered strings). */
struct lex_slot {
    uint16_t tag;   /* 16 bits of the word's hash */
    uint16_t idx;   /* its index in the lexicon plus one; 0: empty */
};

struct bloom {
    const char *const *tab;   /* the lexicon */
    size_t maxlen;            /* bytes of the lexicon's longest word */
    struct lex_slot *set;
    size_t set_mask;          /* slots - 1 (a power of two) */
    uint64_t w[BLOOM_BITS / 64];
    /* The words that are one three-byte character, exactly: a bit per code
     * point U+0000..U+FFFF (single-kanji family names such as 林 are
     * common and would each need the set). */
    uint64_t one[65536 / 64];
};

/* The code point of a well-formed three-byte UTF-8 sequence at s, or -1:
 * one to one, so a set of code points holds exactly the set of strings. */
static long cp3(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if ((u[0] & 0xF0) != 0xE0 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80)
        return -1;
    return (long)((u[0] & 0x0Fu) << 12 | (u[1] & 0x3Fu) << 6 | (u[2] & 0x3Fu));
}

/* FNV-1a over the bytes, then a 64-bit finaliser (splitmix64) so that both
 * halves of the result are well mixed: each half picks one bit. */
static uint64_t lex_hash(const char *s, size_t len)
{
    uint64_t h = 0xcbf29ce484222325u;   /* FNV offset basis */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;   /* FNV prime */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9u;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebu;
    return h ^ (h >> 31);
}

/* The filter, the one-character set and the exact set of the lexicon
 * tab[0, n). Returns ES_OK, ES_ERR_NOMEM, or NAME_LIST_BAD if the
 * lexicon has more words than a slot can number. */
static int lex_build(struct bloom *b, const char *const *tab, size_t n)
{
    if (n >= UINT16_MAX)
        return NAME_LIST_BAD;
    b->tab = tab;
    /* At most two thirds full: short probe sequences, and four-byte
     * slots keep the set small for the cache (128 KiB for 17000 words). */
    size_t slots = 16;
    while (2 * slots < 3 * n)
        slots *= 2;
    b->set = calloc(slots, sizeof b->set[0]);
    if (!b->set)
        return ES_ERR_NOMEM;
    b->set_mask = slots - 1;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(tab[i]);
        if (len > b->maxlen)
            b->maxlen = len;
        long cp = len == 3 ? cp3(tab[i]) : -1;
        if (cp >= 0)
            b->one[cp / 64] |= (uint64_t)1 << (cp % 64);
        uint64_t h = lex_hash(tab[i], len);
        uint32_t x = (uint32_t)h % BLOOM_BITS, y = (uint32_t)(h >> 32) % BLOOM_BITS;
        b->w[x / 64] |= (uint64_t)1 << (x % 64);
        b->w[y / 64] |= (uint64_t)1 << (y % 64);
        size_t k = (size_t)(h >> 20) & b->set_mask;
        while (b->set[k].idx)
            k = (k + 1) & b->set_mask;
        b->set[k].tag = (uint16_t)(h >> 48);
        b->set[k].idx = (uint16_t)(i + 1);
    }
    return ES_OK;
}

/* Is the one character cp (U+0000..U+FFFF) a word of b's lexicon? */
static int lex_one(const struct bloom *b, uint32_t cp) { return (int)((b->one[cp / 64] >> (cp % 64)) & 1u); }

/* Is s[0, len) a word of b's lexicon? */
static int lex_in(const struct bloom *b, const char *s, size_t len)
{
    /* Longer than every word: none equals it (a kanji run of a sentence
     * is hashed otherwise, byte by byte). */
    if (len > b->maxlen)
        return 0;
    /* A word of one well-formed three-byte character: the one-character
     * set. Other three-byte words (malformed) are hashed below. */
    long cp = len == 3 ? cp3(s) : -1;
    if (cp >= 0)
        return lex_one(b, (uint32_t)cp);
    uint64_t h = lex_hash(s, len);
    uint32_t x = (uint32_t)h % BLOOM_BITS, y = (uint32_t)(h >> 32) % BLOOM_BITS;
    if (!((b->w[x / 64] >> (x % 64)) & (b->w[y / 64] >> (y % 64)) & 1u))
        return 0;
    for (size_t k = (size_t)(h >> 20) & b->set_mask; b->set[k].idx; k = (k + 1) & b->set_mask) {
        if (b->set[k].tag != (uint16_t)(h >> 48))
            continue;
        const char *w = b->tab[b->set[k].idx - 1];
        size_t j = 0;
        while (j < len && w[j] && w[j] == s[j])
            j++;
        if (j == len && !w[len])
            return 1;
    }
    return 0;
}

/* Half-width katakana U+FF66..U+FF9D in full-width order. */
static const uint16_t hw_kana[] = {
    0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, 0x30FC,
    0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, 0x30B3, 0x30B5,
    0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, 0x30C8, 0x30CA, 0x30CB,
    0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, 0x30DB, 0x30DE, 0x30DF, 0x30E0,
    0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, 0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF,
    0x30F3,
};

static size_t put_utf8(char *out, size_t o, size_t cap, uint32_t c)
{
    if (o + 3 > cap)
        return o;
    out[o++] = (char)(0xE0 | (c >> 12));
    out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[o++] = (char)(0x80 | (c & 0x3F));
    return o;
}

/* Copy kana text to out, turning half-width katakana (with its separate
 * voiced marks) into full-width; returns the length, 0 if it does not fit. */
static size_t full_kana(const char *t, size_t len, char *out, size_t cap)
{
    size_t o = 0, n;
    uint32_t prev = 0;
    for (size_t i = 0; i < len; i += n) {
        uint32_t c = dec(t, len, i, &n);
        if (c >= 0xFF66 && c <= 0xFF9D) {
            c = hw_kana[c - 0xFF66];
        } else if ((c == 0xFF9E || c == 0xFF9F) && o >= 3) {
            /* Voiced (゛) and semi-voiced (゜) marks combine with the previous kana. */
            uint32_t v = prev;
            if (c == 0xFF9E && prev == 0x30A6)
                v = 0x30F4;
            else if (c == 0xFF9E && ((prev >= 0x30AB && prev <= 0x30C8) || (prev >= 0x30CF && prev <= 0x30DB)))
                v = prev + 1;
            else if (c == 0xFF9F && prev >= 0x30CF && prev <= 0x30DB)
                v = prev + 2;
            o -= 3;
            o = put_utf8(out, o, cap, v);
            prev = v;
            continue;
        } else if (c < 0x3000) {
            return 0;
        }
        size_t before = o;
        o = put_utf8(out, o, cap, c);
        if (o == before)
            return 0;
        prev = c;
    }
    return o;
}

/* Kana word (full- or half-width) in one of the reading lexicons. */
static int kana_in(const char *const *tab, size_t n, const char *t, size_t len)
{
    char buf[NAME_MAX_BYTES];
    size_t l = full_kana(t, len, buf, sizeof buf);
    return l && lex_has(tab, n, buf, l);
}

static int latin_in(const struct bloom *b, const char *t, size_t len)
{
    char buf[32];
    if (len == 0 || len >= sizeof buf)
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)t[i];
        if (ch >= 0x80)
            return 0;
        buf[i] = (char)(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
    }
    return lex_in(b, buf, len);
}

/* ---- keyword lists ---- */

/* memcmp(a, b, n) == 0 for the few bytes of a keyword: inline, and most
 * tries end at the first byte (a library call per keyword cost more than
 * the bytes compared). */
static inline int bytes_eq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] != b[i])
            return 0;
    return 1;
}

/* Case-insensitive substring search for ASCII keywords; exact bytes otherwise. */
static int has_any(const char *t, size_t len, const char *const *kw) { return es_ctx_has(t, len, kw); }

/* Is t[0, len) the word k (ASCII folded), given that their first `from`
 * bytes agree? No strlen(): k must end (NUL) exactly where the text does. */
static int word_is(const char *t, size_t len, const char *k, size_t from)
{
    size_t i = from;
    while (i < len && k[i] && lc((unsigned char)t[i]) == lc((unsigned char)k[i]))
        i++;
    return i == len && k[len] == '\0';
}

static int word_eq(const char *t, size_t len, const char *const *kw)
{
    for (; *kw; kw++)
        if (word_is(t, len, *kw, 0))
            return 1;
    return 0;
}

/* word_eq() for a list of at most 64 words, none empty, with a table of
 * their first bytes (ASCII folded as word_eq() folds them): a word can
 * equal the text only if its first byte does, so only those are compared. */
struct word_set {
    uint64_t first[256];   /* bit i: kw[i] starts with this (folded) byte */
};

/* Returns ES_OK, or NAME_LIST_BAD for more than 64 words or an empty one. */
static int word_set_init(struct word_set *ws, const char *const *kw)
{
    for (size_t i = 0; kw[i]; i++) {
        if (i == 64 || !kw[i][0])
            return NAME_LIST_BAD;
        ws->first[lc((unsigned char)kw[i][0])] |= (uint64_t)1 << i;
    }
    return ES_OK;
}

/* word_eq(t, len, kw) for the list ws was built from. */
static int word_set_eq(const struct word_set *ws, const char *t, size_t len, const char *const *kw)
{
    if (len == 0)
        return 0;   /* no word is empty */
    for (uint64_t m = ws->first[lc((unsigned char)t[0])]; m; m &= m - 1)
        if (word_is(t, len, kw[__builtin_ctzll(m)], 1))
            return 1;
    return 0;
}

/* Markers of organisations: a value containing one is not a person. */
static const char *const org_cjk[] = {
    "株式会社", "有限会社", "合同会社", "合名会社", "合資会社", "(株)", "（株）", "㈱", "(有)",
    "商事", "工業", "銀行", "自動車", "販売", "証券", "通信", "化学", "産業", "建設", "不動産",
    "保険", "病院", "センター", "サービス", "事務所", "事務局", "協会", "組合", "大学", "学校",
    "支店", "営業所", "本社", "本店", "窓口", "サポート", "株式", "グループ", "ホールディングス",
    "モーターズ", "ディーラー", "カンパニー", "財団", "法人", "店舗", "部品", "情報", "電機",
    "บริษัท", "จำกัด", "ห้าง", "ธนาคาร", "สาขา", "โรงเรียน", "มหาวิทยาลัย", "ศูนย์", "주식회사", NULL,
};
static const char *const org_latin[] = {
    "inc", "llc", "ltd", "pty", "co", "corp", "corporation", "company", "gmbh", "plc", "motors",
    "motor", "group", "bank", "partners", "sons", "holdings", "limited", "services", "service",
    "solutions", "dealership", "dealer", "auto", "autos", "cars", "team", "support", "centre",
    "center", "department", "dept", "office", "desk", "sales", "admin", "info", "customer",
    "customers", "store", "shop", "branch", "garage", "workshop", "industries", "trading",
    "associates", "consulting", "university", "school", "hospital", "clinic", "hotel",
    "brothers", "bros", "enterprises", "automotive", "agency", "traders", "industries",
    "and", "the", "of", "for", "no", "noreply", "staff", "manager", "system", "notification", NULL,
};
/* Streets, places and everyday capitalised words that follow or form pairs
 * like "Natalie Lane" or "Victoria Park". */
static const char *const place_latin[] = {
    "street", "st", "road", "rd", "lane", "ln", "avenue", "ave", "drive", "dr", "court", "ct",
    "crescent", "cres", "place", "pl", "parkway", "way", "mews", "crest", "summit", "view",
    "meadow", "meadows", "island", "park", "terrace", "tce", "close", "circuit", "grove",
    "highway", "hwy", "boulevard", "blvd", "square", "sq", "gardens", "estate", "rue", "plain",
    "valley", "valleys", "forks", "harbor", "harbors", "harbour", "rapids", "locks", "roads",
    "streets", "forest", "junction", "hill", "hills", "heights", "ridge", "point", "port",
    "bay", "beach", "creek", "river", "lake", "mount", "north", "south", "east", "west",
    "city", "town", "village", "station", "airport", "bridge", "square", "plaza", "mall",
    "tower", "building", "house", "floor", "unit", "suite", "flat", "plot", "sector", "nagar",
    "colony", "marg", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "repair", "manual", "edition",
    "release", "notes", "version", "model", "series", "edition", "cross", "cruiser", NULL,
};
/* Titles and salutations before a capitalised name (latin_line()). */
static const char *const name_titles[] = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "prof",
                                          "prof.", "mx", "mx.", "sir", "dame", "dear", "khun", "attn", "attn.", NULL};
/* Values that are placeholders or labels rather than names. */
static const char *const not_names[] = {
    "name", "names", "customer", "unknown", "none", "null", "n/a", "na", "test", "tbd", "todo",
    "anonymous", "guest", "user", "admin", "root", "nobody", "sample", "example", "dear",
    "regards", "thanks", "present", "minutes", "from", "to", "cc", "subject", "date",
    "氏名", "名前", "お名前", "顧客名", "お客様名", "フリガナ", "担当", "担当者", "不明", "なし",
    "未設定", "未定", "お客様", "各位", "皆様", "ご担当者", "ご担当者様", NULL,
};
/* Keywords with their lengths, for lists looked up once per CJK run (no
 * strlen() per keyword and run); a list ends with {NULL, 0}. */
struct kw {
    const char *s;
    size_t n;
};
#define KW(lit) {lit, sizeof lit - 1}
/* A CJK name never ends in these: places, shops, buildings, titles. */
static const struct kw cjk_bad_end[] = {
    KW("市"), KW("区"), KW("町"), KW("村"), KW("郡"), KW("県"), KW("都"), KW("府"), KW("道"),
    KW("店"), KW("駅"), KW("線"), KW("号"), KW("丁目"), KW("番地"), KW("社"), KW("局"), KW("課"),
    KW("部"), KW("係"), KW("院"), KW("館"), KW("園"), KW("寺"), KW("宮"), KW("港"), KW("橋"),
    KW("荘"), KW("ビル"), KW("様"), KW("者"), KW("員"), KW("長"), KW("所"), KW("室"), KW("場"),
    KW("品"), KW("製"), KW("型"), KW("版"), KW("車"), KW("便"), KW("書"), KW("表"), KW("一覧"),
    KW("ハイツ"), KW("ハイム"), KW("マンション"), KW("パレス"), KW("コーポ"), KW("レジデンス"),
    KW("メゾン"), {NULL, 0},
};
/* Suffixes that may follow a name in running Japanese text. */
static const struct kw ja_suffix[] = {
    KW("様"), KW("さま"), KW("さん"), KW("殿"), KW("君"), KW("くん"), KW("ちゃん"), KW("氏"),
    KW("は"), KW("が"), KW("の"), KW("に"), KW("を"), KW("と"), KW("へ"), KW("も"), KW("から"),
    KW("より"), KW("です"), KW("宛"), KW("、"), KW("。"), {NULL, 0},
};
/* Honorifics that are kanji, so may end a kanji run: 山田太郎様. */
static const struct kw kanji_honor[] = {KW("様"), KW("殿"), KW("君"), KW("氏"), {NULL, 0}};
/* Closing phrases after which the next short line is a signature. */
static const char *const closings[] = {
    "regards", "sincerely", "thank you", "thanks", "cheers", "best wishes", "yours",
    "よろしくお願い", "宜しくお願い", "以上", "敬具", "ขอแสดงความนับถือ", "ขอบคุณ", NULL,
};

/* ---- labels ---- */

static const char *const lab_other_cjk[] = {
    "店", "社", "車", "品", "型", "機種", "ファイル", "件名", "地名", "住所", "市区", "都道府県",
    "番号", "電話", "携帯", "メール", "ID", "コード", "日", "区分", "ランク", "年齢", "性別",
    "生年", "郵便", "〒", "金額", "URL", "ナンバー", "登録", "支払",
    "รหัส", "เบอร์", "โทร", "ที่อยู่", "อีเมล", "รุ่น", "ร้าน", "บริษัท", "สาขา", "ทะเบียน", "วันที่",
    "번호", "전화", "주소", NULL,
};
/* Half-width forms too: exports from older systems write headers in half-width kana. */
static const char *const lab_kana[] = {"フリガナ", "ふりがな", "カナ", "かな", "ヨミ", "よみ", "セイメイ",
                                       "ﾌﾘｶﾞﾅ", "ｶﾅ", "ﾖﾐ", "ｾｲﾒｲ", NULL};
static const char *const lab_name_cjk[] = {
    "氏名", "名前", "顧客名", "お客様名", "契約者", "使用者", "所有者", "名義", "担当", "受付者",
    "対応者", "記入者", "作成者", "申込者", "運転者", "ドライバー", "宛名", "差出人", "宛先",
    "送信者", "署名", "代表者", "責任者", "連絡者", "依頼者", "報告者", "参加者", "出席",
    "記録", "議事録作成", "姓名", "スタッフ", "営業", "作業者", "整備士", "点検者",
    "承認者", "確認者", "受付", "請求先", "ご請求", "購入者", "お届け先", "ชื่อ", "ผู้ติดต่อ", "ลูกค้า", "พนักงาน", "ผู้ขาย",
    "ที่ปรึกษา", "ผู้แทน", "성명", "이름", "고객명", "성함", "담당",
    "họ tên", "họ và tên", "tên khách hàng", NULL,
};
static const char *const lab_list_cjk[] = {"出席", "参加者", "欠席", NULL};
static const char *const lab_family_cjk[] = {"姓", "セイ", "นามสกุล", "성", NULL};
static const char *const lab_given_cjk[] = {"名", "メイ", "ชื่อ", NULL};
/* Every keyword a non-ASCII label is matched against (label_kind); list i
 * is bit 1 << i of a lead mask (lead_init). */
static const char *const *const cjk_label_lists[] = {
    lab_kana, lab_other_cjk, lab_family_cjk, lab_given_cjk, lab_list_cjk, lab_name_cjk, NULL};
enum {
    LM_KANA = 1, LM_OTHER = 2, LM_FAMILY = 4, LM_GIVEN = 8, LM_LIST = 16, LM_NAME = 32, LM_ALL = 63
};
/* The lead masks are bytes (lead2, lead3), one bit a list, in this order. */
_Static_assert(sizeof cjk_label_lists / sizeof *cjk_label_lists - 1 <= 8, "a lead mask bit per list");
_Static_assert(LM_ALL == (1 << (sizeof cjk_label_lists / sizeof *cjk_label_lists - 1)) - 1,
               "LM_ALL is every list of cjk_label_lists");
/* English label words (after lower-casing and splitting on non-letters). */
static const char *const lab_other_w[] = {
    "store", "shop", "dealer", "dealership", "branch", "company", "corp", "product", "model",
    "item", "part", "file", "filename", "host", "hostname", "city", "street", "road", "town",
    "suburb", "vehicle", "car", "brand", "make", "device", "server", "app", "project",
    "campaign", "event", "tileset", "bank", "place", "location", "station", "org",
    "organisation", "organization", "business", "vendor", "supplier", "warehouse", "sku",
    "route", "id", "no", "num", "number", "code", "phone", "tel", "mobile", "email", "mail",
    "address", "addr", "date", "time", "type", "status", "rank", "count", "score", "zip",
    "postcode", "dob", "birth", "gender", "sex", "age", "url", "key", "ref", "amount", "price",
    "flag", "opt", "state", "country", "region", "plan", "level", "tier", "group", "team",
    "role", "title", "dept", "department", "subject", "domain", "user", "username", "login",
    "nick", "nickname", "screen", "tag", "label", "field", "column", "table", "path", NULL,
};
static const char *const lab_kana_w[] = {"kana", "furigana", "reading", "phonetic", "yomi", NULL};
static const char *const lab_given_w[] = {"first", "given", "fore", "forename", "firstname",
                                          "givenname", "middle", NULL};
static const char *const lab_family_w[] = {"last", "family", "surname", "lastname", "familyname", NULL};
static const char *const lab_name_w[] = {
    "name", "fullname", "customer", "client", "contact", "owner", "holder", "cardholder",
    "driver", "consultant", "salesperson", "salesman", "staff", "employee", "technician",
    "mechanic", "advisor", "adviser", "assignee", "requester", "requestor", "recipient",
    "attendee", "person", "representative", "rep", "addressee", "signatory", "applicant",
    "insured", "guarantor", "borrower", "patient", "passenger", "agent", "operator", "author",
    "from", "to", "cc", "bcc", "sender", "reply", "signed", "member", "purchaser", "buyer",
    "fn", /* vCard formatted name */
    "lessee", "registrant", "attn", "attention", "chair", "chairperson", "reporter",
    "handled", "assigned", "prepared", "processed", "served", "inspector", "receptionist",
    "responsible", "incharge", "approver", "approved", "checked", "inspected", NULL,
};
static const char *const lab_list_w[] = {"present", "attendees", "attendee", "absent",
                                         "participants", "to", "cc", "bcc", "apologies", NULL};
/* Labels that name a person only on their own (not "To" in "Ship to"). */
static const char *const lab_exact_w[] = {"from", "to", "cc", "bcc", "reply", "sender",
                                          "signed", "attn", "attention", "minutes", "chair", NULL};

/* The English label lists: every word of every candidate label (each ':'
 * and tab of a line) is looked up in all of them (word_lists()); and the
 * organisation and place words every word of a Latin name is checked
 * against (plausible()). */
enum { LW_OTHER, LW_KANA, LW_GIVEN, LW_FAMILY, LW_NAME, LW_LIST, LW_EXACT, LW_ORG, LW_PLACE, LW_COUNT };
_Static_assert(LW_COUNT <= 16, "lw_slot.mask has a bit per list");

static const char *const *const lab_lists[LW_COUNT] = {
    lab_other_w, lab_kana_w, lab_given_w, lab_family_w, lab_name_w, lab_list_w, lab_exact_w,
    org_latin, place_latin,
};

/* Tables of lead masks (which of cjk_label_lists have a keyword starting
 * so) indexed by a keyword's first three (ASCII-folded) bytes, 16 bits as
 * lead_hash() folds them, and by the two bytes of a 2-byte keyword, 12 bits
 * as lead2_hash() folds them. */
#define LEAD3_SIZE 65536
#define LEAD2_SIZE 4096

/* A keyword of cjk_label_lists under its lead: lead_key() of its first
 * bytes, its list (bit 1 << list of a lead mask) and its length. */
struct lead_kw {
    uint32_t key;
    uint8_t list, n;
    const char *s;
};
#define LEAD_KW_MAX 256   /* room for all of cjk_label_lists (about 125) */

/* Bits of name_shared.fam2: the some 10000 two-character prefixes of
 * the kanji family names set about one bit in fourteen of 2^17 (16 KiB). */
#define FAM2_BITS (1u << 17)

/* The lexicons with a Bloom filter (name_shared.lexb). */
enum { LX_JA_FAMILY, LX_JA_GIVEN, LX_EN_FIRST, LX_EN_LAST, LX_COUNT };

/* The English label words in one open-addressing hash table: each word
 * once, with a bit (1 << LW_*) for every list holding it, so that a label
 * word costs one look-up instead of one word_eq() per list. 512 slots for
 * the ~360 words keeps the probe sequences short. */
#define LWH_SIZE 512
#define LWH_MAXLEN 15   /* longer than every list word ("representative": 14) */
struct lw_slot {
    char w[LWH_MAXLEN + 1];
    uint8_t len;   /* 0: empty */
    uint16_t mask;   /* 1 << LW_* */
};

/* A first character of ja_suffix keywords and which of them (bit i:
 * ja_suffix[i]) start with it; cp 0: an empty slot (no keyword starts
 * with U+0000). A small open-addressing table: the ~20 first characters
 * in 512 bytes stay in the cache, where a bit per code point (8 KiB) did
 * not. */
#define SUFFIX_SLOTS 64   /* a power of two, at least twice the first characters */
struct suffix_slot {
    uint32_t cp;
    uint32_t kws;
};

struct name_shared {
    struct bloom lexb[LX_COUNT];
    /* Bit fam2_hash(w) of every kanji family name w of six bytes or more
     * (two characters): a gate before looking up the two- and
     * three-character family names at the start of a kanji run. */
    uint64_t fam2[FAM2_BITS / 64];
    struct lw_slot lwh[LWH_SIZE];
    uint8_t lead2[LEAD2_SIZE];   /* keywords of two bytes */
    uint8_t lead3[LEAD3_SIZE];   /* longer keywords */
    /* Bit h: lead2[h] (lead3[h]) is not 0. Most bytes of a label start
     * no keyword: a look-up in these (512 bytes, 8 KiB) turns them away
     * without touching the 64 KiB of lead3 (a cache miss each). */
    uint64_t lead2_any[LEAD2_SIZE / 64], lead3_any[LEAD3_SIZE / 64];
    /* The keywords themselves, sorted by lead_key(), to try at a position
     * whose lead is in the tables. */
    struct lead_kw lkw[LEAD_KW_MAX];
    size_t nlkw;
    /* The first three bytes (lead_hash()) of every org_cjk keyword: one bit
     * each of 2^16. */
    uint64_t org_lead[LEAD3_SIZE / 64];
    /* The first bytes (folded by lc()) of the org_cjk keywords. */
    uint8_t org_first[256];
    /* The last character (lead_hash() of its three bytes) of every
     * cjk_bad_end keyword. */
    uint64_t bad_last[LEAD3_SIZE / 64];
    struct word_set not_names_ws, titles_ws;
    /* The ja_suffix keywords by their first character (suffix_slot()). */
    struct suffix_slot suffix[SUFFIX_SLOTS];
    /* The same by their last character. */
    struct suffix_slot suffix_end[SUFFIX_SLOTS];
};

/* The slot of code point cp (cp > 0) in a suffix table: its own, or the
 * empty one where it would go. The table always has empty slots. */
static size_t suffix_slot(const struct suffix_slot *tab, uint32_t cp)
{
    /* Fibonacci hashing: the top six bits of cp times 2^32 / phi. */
    size_t k = (size_t)((cp * 2654435769u) >> 26);   /* 26: 32 - log2(SUFFIX_SLOTS) */
    while (tab[k].cp && tab[k].cp != cp)
        k = (k + 1) & (SUFFIX_SLOTS - 1);
    return k;
}

/* Three bytes to 16 bits: for a 3-byte UTF-8 character (all of these
 * keywords but "ID" and "URL") exactly its code point; other bytes collide,
 * which only lets more through. */
static unsigned lead_hash(const char *t)
{
    unsigned a = (unsigned)lc((unsigned char)t[0]), b = (unsigned)lc((unsigned char)t[1]),
             c = (unsigned)lc((unsigned char)t[2]);
    return (a & 0xFu) << 12 | (b & 0x3Fu) << 6 | (c & 0x3Fu);
}

static unsigned lead2_hash(const char *t)
{
    unsigned a = (unsigned)lc((unsigned char)t[0]), b = (unsigned)lc((unsigned char)t[1]);
    return (a & 0x3Fu) << 6 | (b & 0x3Fu);
}

/* Returns ES_OK, or NAME_LIST_BAD for a keyword has_org() cannot filter
 * on: shorter than three bytes (nothing to hash), or a ー in its lead. */
static int org_init(struct name_shared *s)
{
    for (const char *const *k = org_cjk; *k; k++) {
        size_t kl = strlen(*k);
        if (kl < 3 || es_kw_dash_lead(*k, kl))
            return NAME_LIST_BAD;
        unsigned h = lead_hash(*k);
        s->org_lead[h / 64] |= (uint64_t)1 << (h % 64);
        s->org_first[lc((unsigned char)(*k)[0])] = 1;
    }
    return ES_OK;
}

static int ends_with_any(const char *t, size_t s, size_t e, const struct kw *kw);

/* Returns ES_OK, or NAME_LIST_BAD for a keyword bad_end() cannot filter
 * on: shorter than three bytes, or ending in ー (it may end in '-' in the
 * text). */
static int bad_end_init(struct name_shared *s)
{
    for (const struct kw *k = cjk_bad_end; k->s; k++) {
        if (k->n < 3 || memcmp(k->s + k->n - 3, "ー", 3) == 0)
            return NAME_LIST_BAD;
        unsigned h = lead_hash(k->s + k->n - 3);
        s->bad_last[h / 64] |= (uint64_t)1 << (h % 64);
    }
    return ES_OK;
}

/* ends_with_any(t, s, e, cjk_bad_end), asking first whether the text's
 * last three bytes are some keyword's last character: a match ends there
 * with the keyword's last character (es_kw_at() folds only ASCII letters
 * and stands '-' only for ー, which ends none of them), so a text shorter
 * than three bytes or ending otherwise holds none. */
static int bad_end(const struct name_shared *sh, const char *t, size_t s, size_t e)
{
    if (e - s < 3)
        return 0;
    unsigned h = lead_hash(t + e - 3);
    if (!((sh->bad_last[h / 64] >> (h % 64)) & 1u))
        return 0;
    return ends_with_any(t, s, e, cjk_bad_end);
}

/* has_any(t, len, org_cjk) with a look first at whether any keyword could
 * start at some byte: a match starts with the keyword's first three bytes
 * (ASCII folded as es_kw_at() folds them, no ー among them), which have
 * the keyword's lead_hash(). Values are short; most hold no such start. */
static int has_org(const struct name_shared *sh, const char *t, size_t len)
{
    size_t i = 0;
    for (; i + 3 <= len; i++) {
        /* A match starts with a keyword's first byte (folded the same
         * way): one look-up turns most positions away before the three
         * bytes are hashed. */
        if (!sh->org_first[lc((unsigned char)t[i])])
            continue;
        unsigned h = lead_hash(t + i);
        if ((sh->org_lead[h / 64] >> (h % 64)) & 1u)
            break;
    }
    if (i + 3 > len)
        return 0;
    return has_any(t, len, org_cjk);
}

/* The key a keyword is sorted under: which table (two bytes or more) and
 * its hash there. */
static uint32_t lead_key(int two, unsigned h) { return (uint32_t)two << 16 | h; }

static int lkw_cmp(const void *a, const void *b)
{
    uint32_t x = ((const struct lead_kw *)a)->key, y = ((const struct lead_kw *)b)->key;
    return x < y ? -1 : x > y;
}

/* Returns ES_OK, or NAME_LIST_BAD for a keyword the lead tables cannot
 * stand for: a ー in its lead, one byte (no pair), longer than a length
 * byte, starting with a continuation byte, or one too many. */
static int lead_init(struct name_shared *s)
{
    for (size_t l = 0; cjk_label_lists[l]; l++)
        for (const char *const *k = cjk_label_lists[l]; *k; k++) {
            size_t kl = strlen(*k);
            if (es_kw_dash_lead(*k, kl) || kl < 2 || kl > UINT8_MAX || s->nlkw == LEAD_KW_MAX ||
                ((unsigned char)**k & 0xC0) == 0x80)
                return NAME_LIST_BAD;
            unsigned h = kl == 2 ? lead2_hash(*k) : lead_hash(*k);
            if (kl == 2) {
                s->lead2[h] |= (uint8_t)(1u << l);
                s->lead2_any[h / 64] |= (uint64_t)1 << (h % 64);
            } else {
                s->lead3[h] |= (uint8_t)(1u << l);
                s->lead3_any[h / 64] |= (uint64_t)1 << (h % 64);
            }
            s->lkw[s->nlkw++] = (struct lead_kw){lead_key(kl == 2, h), (uint8_t)l, (uint8_t)kl, *k};
        }
    qsort(s->lkw, s->nlkw, sizeof s->lkw[0], lkw_cmp);
    return ES_OK;
}

/* Bits of the lists in want with a keyword under key that matches at t
 * (es_kw_at(), as es_ctx_has() tries it). */
static unsigned lead_try(const struct name_shared *s, uint32_t key, unsigned want, const char *t, size_t len)
{
    size_t lo = 0, hi = s->nlkw;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->lkw[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    unsigned f = 0;
    for (; lo < s->nlkw && s->lkw[lo].key == key; lo++) {
        unsigned bit = 1u << s->lkw[lo].list;
        if ((want & bit) && es_kw_at(t, len, s->lkw[lo].s, s->lkw[lo].n))
            f |= bit;
    }
    return f;
}

/* Which lists of cjk_label_lists have a keyword in t[0, len), as
 * has_any(t, len, list) says: every match starts with the keyword's own
 * first bytes (folded as es_kw_at() folds them; no ー among them, else
 * lead_init() refuses it), so at each byte only the keywords under its
 * lead are tried. */
static unsigned lead_found(const struct name_shared *s, const char *t, size_t len)
{
    unsigned f = 0;
    for (size_t i = 0; i + 1 < len && f != LM_ALL; i++) {
        /* A keyword is UTF-8 and matches from its own first byte (ASCII
         * letters folded; no ー there): never from a continuation byte. */
        if (((unsigned char)t[i] & 0xC0) == 0x80)
            continue;
        unsigned h2 = lead2_hash(t + i);
        unsigned m = (s->lead2_any[h2 / 64] >> (h2 % 64)) & 1u ? s->lead2[h2] & ~f : 0;
        if (m)
            f |= lead_try(s, lead_key(1, h2), m, t + i, len - i);
        if (i + 2 < len) {
            unsigned h3 = lead_hash(t + i);
            m = (s->lead3_any[h3 / 64] >> (h3 % 64)) & 1u ? s->lead3[h3] & ~f : 0;
            if (m)
                f |= lead_try(s, lead_key(0, h3), m, t + i, len - i);
        }
    }
    return f;
}

/* Hash of a word of ASCII letters, folded to lower case. */
static unsigned lwh_hash(const char *w, size_t len)
{
    uint32_t h = 2166136261u;   /* FNV-1a, 32 bits */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (uint32_t)lc((unsigned char)w[i])) * 16777619u;
    return (unsigned)(h ^ (h >> 15)) & (LWH_SIZE - 1);
}

/* Returns ES_OK, or NAME_LIST_BAD for a list word the table cannot
 * hold: empty, longer than LWH_MAXLEN, or other than lower-case ASCII
 * letters (word_lists() folds the text to those). */
static int lwh_init(struct name_shared *s)
{
    size_t used = 0;
    for (size_t l = 0; l < LW_COUNT; l++)
        for (const char *const *w = lab_lists[l]; *w; w++) {
            size_t len = strlen(*w);
            int letters = len > 0;
            for (size_t i = 0; i < len; i++)
                letters &= ((*w)[i] >= 'a' && (*w)[i] <= 'z');
            if (!letters || len > LWH_MAXLEN)
                return NAME_LIST_BAD;
            size_t k = lwh_hash(*w, len);
            while (s->lwh[k].len && !(s->lwh[k].len == len && memcmp(s->lwh[k].w, *w, len) == 0))
                k = (k + 1) & (LWH_SIZE - 1);
            /* A slot stays empty, so that every probe sequence ends. */
            if (!s->lwh[k].len && ++used >= LWH_SIZE)
                return NAME_LIST_BAD;
            memcpy(s->lwh[k].w, *w, len);
            s->lwh[k].len = (uint8_t)len;
            s->lwh[k].mask |= (uint16_t)(1u << l);
        }
    return ES_OK;
}

/* The lists (bits 1 << LW_*) holding word w (ASCII letters), as word_eq()
 * on each list would say. */
static unsigned word_lists(const struct name_shared *sh, const char *w, size_t len)
{
    if (len == 0 || len > LWH_MAXLEN)
        return 0;   /* no list word is that long */
    char buf[LWH_MAXLEN];
    for (size_t i = 0; i < len; i++)
        buf[i] = (char)lc((unsigned char)w[i]);
    for (size_t k = lwh_hash(w, len); sh->lwh[k].len; k = (k + 1) & (LWH_SIZE - 1))
        if (sh->lwh[k].len == len && memcmp(sh->lwh[k].w, buf, len) == 0)
            return sh->lwh[k].mask;
    return 0;
}

static void name_fini(void *shared)
{
    struct name_shared *s = shared;
    if (s)
        for (size_t i = 0; i < LX_COUNT; i++)
            free(s->lexb[i].set);
    free(s);
}

/* A hash of the six bytes at p (two kanji), FAM2_BITS wide: the top bits
 * of the bytes times an odd constant (2^64 / phi). */
static size_t fam2_hash(const char *p)
{
    uint32_t lo;
    uint16_t hi;
    memcpy(&lo, p, 4);
    memcpy(&hi, p + 4, 2);
    return (size_t)((((uint64_t)hi << 32 | lo) * 0x9e3779b97f4a7c15u) >> 47);   /* 47: 64 - log2(FAM2_BITS) */
}

/* The ja_suffix keywords by their first and last characters. Returns
 * ES_OK, or NAME_LIST_BAD for a keyword that does not start and end with
 * a three-byte character, past the 32 bits of a slot, or more characters
 * than keep the tables half empty (probe sequences must end). */
static int suffix_init(struct name_shared *s)
{
    size_t nfirst = 0, nlast = 0;
    for (size_t i = 0; ja_suffix[i].s; i++) {
        const struct kw *p = &ja_suffix[i];
        long cp = p->n >= 3 ? cp3(p->s) : -1, lcp = p->n >= 3 ? cp3(p->s + p->n - 3) : -1;
        if (cp <= 0 || lcp <= 0 || i >= 32)
            return NAME_LIST_BAD;
        struct suffix_slot *sl = &s->suffix[suffix_slot(s->suffix, (uint32_t)cp)];
        struct suffix_slot *sle = &s->suffix_end[suffix_slot(s->suffix_end, (uint32_t)lcp)];
        if ((!sl->cp && ++nfirst > SUFFIX_SLOTS / 2) || (!sle->cp && ++nlast > SUFFIX_SLOTS / 2))
            return NAME_LIST_BAD;
        sl->cp = (uint32_t)cp;
        sl->kws |= (uint32_t)1 << i;
        sle->cp = (uint32_t)lcp;
        sle->kws |= (uint32_t)1 << i;
    }
    return ES_OK;
}

/* honor_end() compares the last three bytes only: every kanji_honor
 * keyword must be one three-byte character, without ASCII letters or a ー
 * (whose last byte is BC) for es_kw_at() to fold. Returns ES_OK or
 * NAME_LIST_BAD. */
static int honor_check(void)
{
    for (const struct kw *p = kanji_honor; p->s; p++)
        if (p->n != 3 || (unsigned char)p->s[0] < 0xE0 || (unsigned char)p->s[2] == 0xBC)
            return NAME_LIST_BAD;
    return ES_OK;
}

static int name_init(void **shared)
{
    int status = ES_ERR_NOMEM;
    struct name_shared *s = calloc(1, sizeof *s);
    *shared = NULL;
    if (!s)
        goto done;
    if ((status = lead_init(s)) != ES_OK || (status = org_init(s)) != ES_OK ||
        (status = bad_end_init(s)) != ES_OK || (status = lwh_init(s)) != ES_OK ||
        (status = word_set_init(&s->not_names_ws, not_names)) != ES_OK ||
        (status = word_set_init(&s->titles_ws, name_titles)) != ES_OK || (status = suffix_init(s)) != ES_OK ||
        (status = honor_check()) != ES_OK ||
        (status = lex_build(&s->lexb[LX_JA_FAMILY], es_lex_ja_family, es_lex_ja_family_n)) != ES_OK ||
        (status = lex_build(&s->lexb[LX_JA_GIVEN], es_lex_ja_given, es_lex_ja_given_n)) != ES_OK ||
        (status = lex_build(&s->lexb[LX_EN_FIRST], es_lex_en_first, es_lex_en_first_n)) != ES_OK ||
        (status = lex_build(&s->lexb[LX_EN_LAST], es_lex_en_last, es_lex_en_last_n)) != ES_OK)
        goto done;
    for (size_t i = 0; i < es_lex_ja_family_n; i++)
        if (strlen(es_lex_ja_family[i]) >= 6) {
            size_t h = fam2_hash(es_lex_ja_family[i]);
            s->fam2[h / 64] |= (uint64_t)1 << (h % 64);
        }
    *shared = s;
    s = NULL;
done:
    name_fini(s);
    return status;
}

/* Bytes label_part() trims from a label's start, and from its end. */
static inline int label_trim_lead(char ch)
{
    return ch == ' ' || ch == '"' || ch == '\'' || ch == '-' || ch == '*' || ch == '#';
}
static inline int label_trim_trail(char ch) { return ch == ' ' || ch == '"' || ch == '\'' || ch == ':'; }

#ifdef __SSE2__
/* The top bit of each byte of w that is exactly c: a byte's low seven
 * bits plus 0x7F carry into its top bit (never past it) unless they are
 * 0, and the top bit of the byte itself is ORed in. */
static inline uint64_t bytes_eq8(uint64_t w, unsigned char c)
{
    const uint64_t ones = 0x0101010101010101u, low7 = 0x7F7F7F7F7F7F7F7Fu;
    uint64_t x = w ^ (ones * c);
    return ~(((x & low7) + low7) | x | low7);
}

/* The bytes of w that end a path component in label_part(). */
static inline uint64_t path_sep8(uint64_t w) { return bytes_eq8(w, '.') | bytes_eq8(w, '/') | bytes_eq8(w, ']'); }
#endif

/* The part of the label t[0, *len) that label_class() classifies, in
 * *tp and *len, or 0 if the label is none (empty or too long). */
static int label_part(const char **tp, size_t *lenp)
{
    const char *t = *tp;
    size_t len = *lenp;
    /* Trim quotes, spaces, bullets and a trailing colon. */
    while (len && label_trim_lead(*t))
        t++, len--;
    while (len && label_trim_trail(t[len - 1]))
        len--;
    /* Skip leading non-ASCII bullets such as ■ or ・ (3-byte symbols). */
    while (len >= 3 && (unsigned char)t[0] == 0xE2)
        t += 3, len -= 3;
    if (len == 0 || len > LABEL_MAX)
        return 0;
    /* JSON paths: use the last component (the whole label if it ends in
     * a separator). The last separator, sixteen bytes at a time from the
     * end (t[0, len) is readable), then byte by byte. */
    size_t i = len, at = SIZE_MAX;
#ifdef __SSE2__
    for (; i >= 16 && at == SIZE_MAX; i -= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i - 16));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('/'))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8(']'))));
        if (m)
            at = i - 16 + (size_t)(31 - __builtin_clz(m));
    }
    /* The last (up to fifteen) bytes as eight-byte words, byte k in bits
     * 8k..8k+7 (x86, little-endian): the word ending at i, then the
     * label's first word, its lanes from i on (looked at already) masked
     * off. */
    if (at == SIZE_MAX && len >= 8) {
        uint64_t w, m;
        if (i >= 8) {
            memcpy(&w, t + i - 8, 8);
            m = path_sep8(w);
            if (m)
                at = i - 8 + (size_t)(63 - __builtin_clzll(m)) / 8;
            i -= 8;
        }
        if (at == SIZE_MAX && i > 0) {
            memcpy(&w, t, 8);
            m = path_sep8(w) & (((uint64_t)1 << (8 * i)) - 1);   /* i < 8 */
            if (m)
                at = (size_t)(63 - __builtin_clzll(m)) / 8;
        }
        i = 0;
    }
#endif
    for (; i-- > 0 && at == SIZE_MAX;)
        if (t[i] == '.' || t[i] == '/' || t[i] == ']')
            at = i;
    if (at != SIZE_MAX && at + 1 < len) {
        t += at + 1;
        len -= at + 1;
    }
    *tp = t;
    *lenp = len;
    return 1;
}

/* Does label_part() reject t[0, len) at sight: too long, with no byte at
 * either end that it trims (nor a bullet's lead byte E2 first), so its
 * length stays over LABEL_MAX? A line of prose asked whether it is a label
 * on its own (inline_labels()) is passed over without a call. */
static inline int label_long(const char *t, size_t len)
{
    return len > LABEL_MAX && !label_trim_lead(t[0]) && (unsigned char)t[0] != 0xE2 &&
           !label_trim_trail(t[len - 1]);
}

/* The kind of a label part (label_part()): it depends on these bytes only. */
static enum label_kind label_class(const struct name_shared *sh, const char *t, size_t len)
{
    unsigned high = 0;
    for (size_t i = 0; i < len; i++)
        high |= (unsigned char)t[i];
    int ascii = high < 0x80;
    if (!ascii) {
        /* Which lists have a keyword in the label, as has_any() on each
         * would say, in one pass (lead_found()); a list without one holds
         * nothing equal to the label either. */
        unsigned m = lead_found(sh, t, len);
        if (m & LM_KANA)
            return L_KANA;
        /* お客様名 and 顧客名 are lab_name_cjk keywords: without LM_NAME
         * the label holds neither (short prose lines are classified as
         * labels, and 車, 店, 日 are common in them). */
        if ((m & LM_OTHER) &&
            !((m & LM_NAME) && has_any(t, len, (const char *const[]){"お客様名", "顧客名", NULL})))
            return L_OTHER;
        if ((m & LM_FAMILY) && word_eq(t, len, lab_family_cjk))
            return L_FAMILY;
        if ((m & LM_GIVEN) && word_eq(t, len, lab_given_cjk))
            return L_GIVEN;
        if (m & LM_LIST)
            return L_LIST;
        if (m & LM_NAME)
            return L_NAME;
        /* In lab_family_cjk, so its lead is under LM_FAMILY. */
        if ((m & LM_FAMILY) && has_any(t, len, (const char *const[]){"นามสกุล", NULL}))
            return L_FAMILY;
        return L_NONE;
    }
    /* English: split into lower-case words. */
    const char *w[8];
    size_t wl[8], nw = 0;
    for (size_t i = 0; i < len && nw < 8;) {
        while (i < len && !((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z')))
            i++;
        size_t s = i;
        /* camelCase splits too: firstName -> first, name */
        while (i < len && ((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= 'A' && t[i] <= 'Z'))) {
            i++;
            if (i < len && t[i] >= 'A' && t[i] <= 'Z' && t[i - 1] >= 'a' && t[i - 1] <= 'z')
                break;
        }
        if (i > s) {
            w[nw] = t + s;
            wl[nw++] = i - s;
        }
    }
    if (nw == 0 || nw > 4)
        return L_NONE;
    int name = 0, given = 0, family = 0, kana = 0, other = 0, list = 0;
    for (size_t i = 0; i < nw; i++) {
        unsigned m = word_lists(sh, w[i], wl[i]);
        other |= (m >> LW_OTHER) & 1;
        kana |= (m >> LW_KANA) & 1;
        given |= (m >> LW_GIVEN) & 1;
        family |= (m >> LW_FAMILY) & 1;
        name |= (m >> LW_NAME) & 1;
        list |= (m >> LW_LIST) & 1;
        if ((m >> LW_EXACT) & 1 && nw > 1)
            other = 1;
    }
    if (nw == 1 && word_eq(w[0], wl[0], (const char *const[]){"minutes", "chair", NULL}))
        return L_NAME;
    /* "Bill to" / "Sold to": the block starts with the customer's name. */
    if (nw == 2 && word_eq(w[1], wl[1], (const char *const[]){"to", NULL}) &&
        word_eq(w[0], wl[0], (const char *const[]){"bill", "billed", "sold", "invoice", "invoiced", "ship",
                                                   "shipped", "deliver", "delivered", "issued", NULL}))
        return L_NAME;
    if (kana && (name || family || given || nw == 1))
        return L_KANA;
    if (other)
        return L_OTHER;
    if (family)
        return L_FAMILY;
    if (given)
        return L_GIVEN;
    if (list)
        return L_LIST;
    return name ? L_NAME : L_NONE;
}

static enum label_kind label_kind(const struct name_shared *sh, const char *t, size_t len)
{
    return label_part(&t, &len) ? label_class(sh, t, len) : L_NONE;
}

/* ---- value checks ---- */

enum script { S_NONE, S_LATIN, S_CJK, S_KANA, S_THAI, S_HANGUL };

struct word {
    size_t s, e;      /* byte offsets in the text */
    size_t cps;       /* code points */
    enum script sc;
    int allkana, allkanji, allcaps, cap;
};

/* Split t[s,e) into words on spaces; fails (returns 0) on anything that
 * does not belong in a person's name. */
static size_t split_words(const char *t, size_t s, size_t e, struct word *w, size_t maxw)
{
    size_t nw = 0, n;
    enum script sc = S_NONE;
    for (size_t i = s; i < e;) {
        uint32_t c = dec_fast(t, e, i, &n);
        if (c == ' ' || c == 0x3000) {
            i += n;
            continue;
        }
        if (nw == maxw)
            return 0;
        struct word *x = &w[nw++];
        memset(x, 0, sizeof *x);
        x->s = i;
        x->allkana = x->allkanji = x->allcaps = 1;
        int first = 1;
        while (i < e) {
            c = dec_fast(t, e, i, &n);
            if (c == ' ' || c == 0x3000)
                break;
            enum script cs;
            if (is_latin(c) || ((c == '-' || c == '\'' || c == 0x2019 || c == '.') && !first))
                cs = S_LATIN;
            else if (is_kanji(c) || is_hira(c) || c == 0x30FB || c == 0x3006)
                cs = S_CJK;
            else if (is_kata(c) || is_hwkana(c))
                cs = S_KANA;
            else if (is_thai(c) || (c == '-' && !first))
                cs = S_THAI;
            else if (is_hangul(c))
                cs = S_HANGUL;
            else
                return 0;
            if (c == '-' && x->sc != S_NONE)
                cs = x->sc;
            if (cs == S_KANA && x->sc == S_CJK)
                cs = S_CJK;
            if (cs == S_CJK && x->sc == S_KANA)
                x->sc = S_CJK;
            if (x->sc != S_NONE && cs != x->sc)
                return 0;
            x->sc = cs;
            if (!(is_kata(c) || is_hwkana(c)))
                x->allkana = 0;
            if (!is_kanji(c))
                x->allkanji = 0;
            if (first)
                x->cap = is_upper(c);
            if (is_lower(c))
                x->allcaps = 0;
            first = 0;
            x->cps++;
            i += n;
        }
        x->e = i;
        if (sc == S_NONE)
            sc = x->sc;
        /* One script per name (kana words may follow kanji ones: 千田 トミ). */
        if (!((sc == x->sc) || (sc == S_CJK && x->sc == S_KANA) || (sc == S_KANA && x->sc == S_CJK)))
            return 0;
    }
    return nw;
}

static int ends_with_any(const char *t, size_t s, size_t e, const struct kw *kw)
{
    for (; kw->s; kw++) {
        size_t kl = kw->n;
        /* Either way below the text's last byte is the keyword's (ASCII
         * folded) unless that ends with a ー, which may be a '-': one
         * test rules out most keywords. */
        unsigned char last = (unsigned char)kw->s[kl ? kl - 1 : 0];
        if (kl && e > s && last != 0xBC && lc((unsigned char)t[e - 1]) != lc(last))
            continue;
        if (e - s >= kl && bytes_eq(t + e - kl, kw->s, kl))
            return 1;
        /* コーポ arrives as コ-ポ: each ー became a one-byte '-'. */
        for (size_t b = e > s + kl ? e - kl : s; b < e && b + kl <= e + 2 * kl; b++)
            if (es_kw_at(t + b, e - b, kw->s, kl) == e - b)
                return 1;
    }
    return 0;
}

/* Does t[s,e) read as a person's name? Words in w. strict: no label backs
 * it up, so ask for more. */
static int plausible(const struct name_shared *sh, const char *t, size_t s, size_t e, struct word *w,
                     size_t nw, int single_ok)
{
    if (nw == 0 || e - s > NAME_MAX_BYTES)
        return 0;
    if (has_org(sh, t + s, e - s))
        return 0;
    if (word_set_eq(&sh->not_names_ws, t + s, e - s, not_names))
        return 0;
    enum script sc = w[0].sc;
    if (sc == S_LATIN) {
        if (nw > 4 || (nw == 1 && !single_ok))
            return 0;
        for (size_t i = 0; i < nw; i++) {
            size_t l = w[i].e - w[i].s;
            /* Strip a trailing comma-less period of an initial: "J." */
            if (!w[i].cap || (word_lists(sh, t + w[i].s, l) >> LW_ORG & 1u))
                return 0;
            if (l == 1 && nw == 1)
                return 0;
        }
        /* A street or place suffix at the end: "Natalie Lane". */
        if (nw >= 2 && (word_lists(sh, t + w[nw - 1].s, w[nw - 1].e - w[nw - 1].s) >> LW_PLACE & 1u))
            return 0;
        return 1;
    }
    if (sc == S_CJK || sc == S_KANA) {
        size_t cps = 0;
        for (size_t i = 0; i < nw; i++)
            cps += w[i].cps;
        if (nw > 3 || cps < (single_ok ? 1u : 2u) || cps > 16)
            return 0;
        /* 村 / 部 / 場 / 宮 / 寺 end places and offices, and also common
         * family names (中村, 阿部, 馬場, 二宮, 小野寺): a family name of
         * the lexicon as the first word is a person. */
        if (bad_end(sh, t, s, e) &&
            !lex_in(&sh->lexb[LX_JA_FAMILY], t + w[0].s,
                    w[0].e - w[0].s))
            return 0;
        /* A lone hiragana word is prose, not a name. */
        if (nw == 1 && !w[0].allkana) {
            size_t n;
            uint32_t c0 = dec(t, e, w[0].s, &n);
            if (is_hira(c0) && !single_ok)
                return 0;
        }
        return 1;
    }
    if (sc == S_THAI) {
        if (nw > 4 || (nw == 1 && !single_ok))
            return 0;
        /* ณ (of) joins noble surnames: ลินดา ณ บางช้าง; never first. */
        for (size_t i = 0; i < nw; i++)
            if (w[i].cps < 2 && (i == 0 || !(w[i].e - w[i].s == 3 && memcmp(t + w[i].s, "ณ", 3) == 0)))
                return 0;
        return 1;
    }
    if (sc == S_HANGUL) {
        size_t cps = 0;
        for (size_t i = 0; i < nw; i++)
            cps += w[i].cps;
        return cps >= 2 && cps <= 5 && nw <= 2;
    }
    return 0;
}

/* ---- reporting ---- */

/* First recorded span starting at or after s (spans are sorted, disjoint). */
static size_t span_pos(const struct spans *sp, size_t s)
{
    size_t lo = 0, hi = sp->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sp->s[mid] < s)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int overlaps(const struct spans *sp, size_t s, size_t e)
{
    size_t i = span_pos(sp, s);
    if (i < sp->n && sp->s[i] < e)
        return 1;
    return i > 0 && sp->e[i - 1] > s;
}

static void report(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                   size_t s, size_t e, enum es_confidence conf)
{
    if (s >= c->owned || e <= s || overlaps(sp, s, e))
        return;
    if (sp->n < MAX_SPANS) {
        size_t lo = span_pos(sp, s);
        memmove(sp->s + lo + 1, sp->s + lo, (sp->n - lo) * sizeof sp->s[0]);
        memmove(sp->e + lo + 1, sp->e + lo, (sp->n - lo) * sizeof sp->e[0]);
        sp->s[lo] = s;
        sp->e[lo] = e;
        sp->n++;
    }
    /* Norm: spaces collapsed (U+3000 is already ' ' after normalisation). */
    char norm[NAME_MAX_BYTES + 1];
    size_t o = 0;
    int sp_prev = 0;
    for (size_t i = s; i < e && o < NAME_MAX_BYTES; i++) {
        char ch = c->text[i];
        /* Most bytes are none of ' ', the tab and E3 (U+3000's lead). */
        if ((ch == ' ' || ch == '\t' || ch == (char)0xE3) &&
            (ch != (char)0xE3 || (i + 3 <= e && memcmp(c->text + i, "\u3000", 3) == 0))) {
            if (ch != ' ' && ch != '\t')
                i += 2;
            sp_prev = 1;
            continue;
        }
        if (sp_prev && o)
            norm[o++] = ' ';
        sp_prev = 0;
        if (o < NAME_MAX_BYTES)
            norm[o++] = ch;
    }
    es_hit(sc, s, e, conf, norm, o);
}


/* Trim t[*s,*e) of spaces, quotes, honorifics and titles. */
static void trim_value(const char *t, size_t *s, size_t *e)
{
    static const struct kw pre[] = {KW("Mr. "), KW("Mrs. "), KW("Ms. "), KW("Dr. "), KW("Mr "), KW("Mrs "),
                                    KW("Ms "), KW("Miss "), KW("Dr "), KW("Prof. "), KW("Mx "), KW("คุณ"),
                                    {NULL, 0}};
    static const struct kw post[] = {KW("様"), KW("さま"), KW("さん"), KW("殿"), KW("君"), KW("くん"),
                                     KW("ちゃん"), KW("氏"), KW("님"), KW("씨"), {NULL, 0}};
    for (int again = 1; again;) {
        again = 0;
        while (*s < *e && (t[*s] == ' ' || t[*s] == '"' || t[*s] == '\'' || t[*s] == '\t'))
            (*s)++;
        while (*e > *s && (t[*e - 1] == ' ' || t[*e - 1] == '"' || t[*e - 1] == '\'' ||
                           t[*e - 1] == '\t' || t[*e - 1] == '\r'))
            (*e)--;
        /* The first (last) byte before the rest: most values start and
         * end otherwise, and memcmp() of a variable length is a call. */
        for (const struct kw *p = pre; p->s; p++) {
            size_t l = p->n;
            if (*e - *s > l && t[*s] == p->s[0] && bytes_eq(t + *s, p->s, l)) {
                *s += l;
                again = 1;
            }
        }
        for (const struct kw *p = post; p->s; p++) {
            size_t l = p->n;
            if (*e - *s > l && t[*e - 1] == p->s[l - 1] && bytes_eq(t + *e - l, p->s, l)) {
                *e -= l;
                again = 1;
                break;
            }
        }
    }
}

/* A labelled value: report it if it reads as a name. */
static int labelled(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                    size_t s, size_t e, enum label_kind k)
{
    const char *t = c->text;
    /* Cut at the first character that cannot continue a name: "<", "(".
     * One table look-up per byte (EF: the lead byte of '（'). */
    static const uint8_t cut_byte[256] = {['<'] = 1, ['('] = 1, ['['] = 1, ['{'] = 1, ['@'] = 1, [0xEF] = 1};
    for (size_t i = s; i < e; i++) {
        if (!cut_byte[(unsigned char)t[i]])
            continue;
        if (t[i] != (char)0xEF || (i + 3 <= e && memcmp(t + i, "（", 3) == 0)) {
            e = i;
            break;
        }
    }
    trim_value(t, &s, &e);
    if (e <= s)
        return 0;
    /* "SMITH, John": a family, given order is one name. */
    struct word w[6];
    const char *comma = memchr(t + s, ',', e - s);
    size_t nw;
    if (comma) {
        size_t cs = (size_t)(comma - t);
        struct word w2[6];
        size_t a = split_words(t, s, cs, w, 6), b = split_words(t, cs + 1, e, w2, 6);
        if (a != 1 || b < 1 || b > 2 || w[0].sc != S_LATIN || !w[0].allcaps)
            return 0;
        if (!plausible(sc->shared, t, s, cs, w, a, 1) || !plausible(sc->shared, t, cs + 1, e, w2, b, 1))
            return 0;
        report(sc, c, sp, s, e, ES_CONF_HIGH);
        return 1;
    }
    nw = split_words(t, s, e, w, 6);
    int single_ok = k == L_FAMILY || k == L_KANA || k == L_GIVEN;
    if (!nw)
        return 0;
    if (nw == 1 && (w[0].sc == S_CJK || w[0].sc == S_KANA))
        single_ok = 1;   /* 山田太郎 written without a space */
    if (!plausible(sc->shared, t, s, e, w, nw, single_ok))
        return 0;
    if (k == L_KANA && !(w[0].sc == S_KANA || w[0].allkana)) {
        /* A reading column holding hiragana or romaji is still a reading. */
        if (w[0].sc != S_CJK && w[0].sc != S_LATIN)
            return 0;
    }
    report(sc, c, sp, s, e, ES_CONF_HIGH);
    return 1;
}

/* A list of names after one label: "出席: 木下 洋子、桜井 隆". */
static void labelled_list(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                          size_t s, size_t e)
{
    const char *t = c->text;
    size_t i = s;
    while (i < e) {
        size_t j = i;
        while (j < e && t[j] != ',' && t[j] != ';' && !(j + 3 <= e && memcmp(t + j, "、", 3) == 0)) {
            if (t[j] == '<') {
                /* An address list: skip the <...> part. */
                while (j < e && t[j] != '>')
                    j++;
                if (j < e)
                    j++;
                continue;
            }
            j++;
        }
        labelled(sc, c, sp, i, j, L_NAME);
        if (j < e && t[j] == ',')
            i = j + 1;
        else if (j < e && t[j] == ';')
            i = j + 1;
        else
            i = j + 3;
    }
}

/* ---- free text ---- */

static int cjk_suffix_ok(const struct name_shared *sh, const char *t, size_t e, size_t le)
{
    if (e >= le)
        return 1;
    size_t n;
    uint32_t c = dec(t, le, e, &n);
    if (!is_cjk(c))
        return 1;
    /* c is three bytes (is_cjk): a suffix there starts with the same
     * character, so only the keywords starting with c can be there. */
    for (uint32_t m = sh->suffix[suffix_slot(sh->suffix, c)].kws; m; m &= m - 1) {
        const struct kw *p = &ja_suffix[__builtin_ctz(m)];
        if (e + p->n <= le && bytes_eq(t + e, p->s, p->n))
            return 1;
    }
    return 0;
}


static int kanji_family(const struct name_shared *sh, const char *t, size_t s, size_t e)
{
    return lex_in(&sh->lexb[LX_JA_FAMILY], t + s, e - s);
}
static int kanji_given(const struct name_shared *sh, const char *t, size_t s, size_t e)
{
    return lex_in(&sh->lexb[LX_JA_GIVEN], t + s, e - s);
}

#ifdef __SSE2__
/* Unsigned byte range tests on sixteen lanes (SSE2 compares are signed). */
static inline __m128i u8_ge(__m128i v, unsigned char a)
{
    return _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8((char)a)), v);
}
static inline __m128i u8_le(__m128i v, unsigned char b)
{
    return _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8((char)b)), v);
}
static inline __m128i u8_eq(__m128i v, unsigned char a) { return _mm_cmpeq_epi8(v, _mm_set1_epi8((char)a)); }

/* Character classes of sixteen lanes t[0, 16) (t[0, 18) readable): bit k
 * of each mask stands for a character starting at t[k]; continuation
 * bytes are in none of them. */
struct cjk16 {
    unsigned cjk;     /* is_cjk() holds for it */
    unsigned other;   /* it does not */
    unsigned kanji;   /* is_kanji() holds (a subset of cjk) */
    unsigned gap;     /* a ' ' or a raw U+3000 (what ja_run() takes between family and given name) */
};

/* is_cjk() is true only for three-byte characters, in these byte forms:
 *   E5..E9 xx xx           U+5000..U+9FFF                  kanji
 *   E4 (not B7) xx         U+4000..U+4DBF, U+4E00..U+4FFF  kanji (B7: U+4DC0..U+4DFF)
 *   E3 90..BF xx           U+3400..U+3FFF                  kanji
 *   E3 80 85               U+3005                          kanji
 *   E3 81 81..BF, E3 82 80..96     hiragana U+3041..U+3096
 *   E3 82 A1..BF, E3 83 80..BA, BC katakana U+30A1..U+30FA, U+30FC
 *   EF A4..AB xx           U+F900..U+FAFF                  kanji
 *   EF BD A6..BF, EF BE 80..9F     half-width kana U+FF66..U+FF9F
 * (is_kanji() holds exactly for the forms marked kanji.) */
static inline struct cjk16 cjk_mask16(const unsigned char *t)
{
    __m128i v0 = _mm_loadu_si128((const __m128i *)t);
    __m128i v1 = _mm_loadu_si128((const __m128i *)(t + 1));
    __m128i v2 = _mm_loadu_si128((const __m128i *)(t + 2));
    __m128i is_e3 = u8_eq(v0, 0xE3), is_ef = u8_eq(v0, 0xEF), b1_80 = u8_eq(v1, 0x80);
    __m128i e3_kanji = _mm_or_si128(u8_ge(v1, 0x90), _mm_and_si128(b1_80, u8_eq(v2, 0x85)));
    __m128i e3_kana = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(u8_eq(v1, 0x81), u8_ge(v2, 0x81)),
                     _mm_and_si128(u8_eq(v1, 0x82), _mm_or_si128(u8_le(v2, 0x96), u8_ge(v2, 0xA1)))),
        _mm_and_si128(u8_eq(v1, 0x83), _mm_or_si128(u8_le(v2, 0xBA), u8_eq(v2, 0xBC))));
    __m128i ef_kanji = _mm_and_si128(u8_ge(v1, 0xA4), u8_le(v1, 0xAB));
    __m128i ef_kana = _mm_or_si128(_mm_and_si128(u8_eq(v1, 0xBD), u8_ge(v2, 0xA6)),
                                   _mm_and_si128(u8_eq(v1, 0xBE), u8_le(v2, 0x9F)));
    __m128i kanji = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(u8_ge(v0, 0xE5), u8_le(v0, 0xE9)),
                     _mm_andnot_si128(u8_eq(v1, 0xB7), u8_eq(v0, 0xE4))),
        _mm_or_si128(_mm_and_si128(is_e3, e3_kanji), _mm_and_si128(is_ef, ef_kanji)));
    __m128i cjk = _mm_or_si128(kanji, _mm_or_si128(_mm_and_si128(is_e3, e3_kana), _mm_and_si128(is_ef, ef_kana)));
    __m128i gap = _mm_or_si128(u8_eq(v0, ' '), _mm_and_si128(is_e3, _mm_and_si128(b1_80, u8_eq(v2, 0x80))));
    /* Continuation bytes are 80..BF: ((v - 0x80) as unsigned) <= 0x3F. */
    __m128i cont = u8_le(_mm_sub_epi8(v0, _mm_set1_epi8((char)0x80)), 0x3F);
    struct cjk16 r;
    r.cjk = (unsigned)_mm_movemask_epi8(cjk);
    r.other = ~(r.cjk | (unsigned)_mm_movemask_epi8(cont)) & 0xFFFFu;
    r.kanji = (unsigned)_mm_movemask_epi8(kanji);
    r.gap = (unsigned)_mm_movemask_epi8(gap);
    return r;
}
#endif

/* End of the CJK run starting at i (i itself a character start or a
 * continuation byte): the first character start at or after i for which
 * is_cjk() does not hold, or le. */
static size_t cjk_run(const char *t, size_t i, size_t le)
{
#ifdef __SSE2__
    /* Sixteen bytes at a time where two more can be read after every lane
     * (a lane's character is whole: the text is valid UTF-8 and le is at
     * an ASCII byte or the end). Near le the block is the one ending at
     * le - 2 (lanes before i masked off: none depends on the bytes before
     * it); the last two bytes, too short for a CJK character, are left to
     * the loop below. */
    while (le >= 18 && i + 2 < le) {
        size_t base = i + 18 <= le ? i : le - 18;
        unsigned m = cjk_mask16((const unsigned char *)t + base).other >> (i - base);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i = base + 16;
    }
#endif
    while (i < le) {
        if (((unsigned char)t[i] & 0xC0) == 0x80) {
            i++;   /* inside a character: it started before i */
            continue;
        }
        size_t n;
        uint32_t c = dec(t, le, i, &n);
        if (!is_cjk(c))
            return i;
        i += n;
    }
    return le;
}

/* The code points of t[s, e), counted up to max. */
static size_t cps_upto(const char *t, size_t s, size_t e, size_t max)
{
    size_t k = 0, n;
    for (size_t i = s; i < e && k < max; i += n, k++)
        dec(t, e, i, &n);
    return k;
}

/* A plausible given-name shape without the lexicon: 1-3 kanji, or kanji
 * followed by kana (千代子, ゆかり), not a place or title. */
static int given_shape(const struct name_shared *sh, const char *t, size_t s, size_t e)
{
    /* Counted up to five: more is rejected as five is. */
    size_t cps = cps_upto(t, s, e, 5), n;
    uint32_t c0 = dec(t, e, s, &n);
    if (cps < 1 || cps > 4 || !(is_kanji(c0) || is_kata(c0) || is_hira(c0)))
        return 0;
    if (bad_end(sh, t, s, e) || has_org(sh, t + s, e - s))
        return 0;
    int kanji = 0, hira = 0, kata = 0;
    for (size_t i = s; i < e; i += n) {
        uint32_t c = dec(t, e, i, &n);
        kanji += is_kanji(c);
        hira += is_hira(c);
        kata += is_kata(c);
    }
    /* Hiragana-only givens need the lexicon (prose words are hiragana too). */
    if (!kanji && hira)
        return 0;
    if (kata && kanji)
        return 0;
    return cps <= (kanji ? 3u : 4u);
}

/* is_kanji() of the character at p, known to be one of a CJK run (is_cjk,
 * so three bytes): of those, kanji are U+4000..U+9FFF (leads E4..E9; the
 * run holds no U+4DC0..U+4DFF), U+3005 (E3 80 85), U+3400..U+3FFF (E3
 * 90..BF) and U+F900..U+FAFF (EF A4..AB); the rest are kana. */
static inline int kanji_in_run(const unsigned char *p)
{
    unsigned b0 = p[0], b1 = p[1];
    return b0 - 0xE4u <= 5u || (b0 == 0xE3 && (b1 >= 0x90 || (b1 == 0x80 && p[2] == 0x85))) ||
           (b0 == 0xEF && b1 - 0xA4u <= 7u);
}

/* ends_with_any(t, s, e, kanji_honor): its keywords are one three-byte
 * character each, with neither ASCII letters nor a ー for es_kw_at() to
 * fold (honor_check()), so a match is exactly the last three bytes. */
static int honor_end(const char *t, size_t s, size_t e)
{
    if (e - s < 3)
        return 0;
    for (const struct kw *p = kanji_honor; p->s; p++)
        if (t[e - 1] == p->s[2] && bytes_eq(t + e - 3, p->s, 3))
            return 1;
    return 0;
}

/* Japanese names in running text around the CJK run [s, e) of a line ending at le. */
static void ja_run(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                   size_t s, size_t e, size_t le)
{
    const char *t = c->text;
    const struct name_shared *sh = sc->shared;
    size_t n;
    uint32_t c0 = dec(t, le, s, &n);
    /* A run starting with a kanji is reported only with a family name
     * from s (kanji_family() of t[s, e), or of t[s, f), f < e, below),
     * whole characters of the run: one kanji, in the lexicon's set of
     * one-character words, or two or more, whose first six bytes are
     * under a fam2 bit. Most runs of prose have neither: none is tried. */
    int fam2_ok = 0;
    if (is_kanji(c0)) {
        if (s + 6 <= e) {
            size_t h = fam2_hash(t + s);
            fam2_ok = (int)((sh->fam2[h / 64] >> (h % 64)) & 1u);
        }
        if (!fam2_ok && !lex_one(&sh->lexb[LX_JA_FAMILY], c0))
            return;
    }
    /* Spaced: FAMILY ' ' GIVEN, each a whole run. */
    /* U+3000 is ' ' after normalisation; accept it raw too. */
    size_t gap = e < le && t[e] == ' ' ? 1 : e + 3 <= le && memcmp(t + e, "\u3000", 3) == 0 ? 3 : 0;
    if (gap && e + gap < le) {
        size_t s2 = e + gap, e2 = cjk_run(t, s2, le);
        if (e2 > s2) {
            /* The given name ends where kana particles start: 樹様より入電. */
            size_t g_end = e2, kk = s2;
            while (kk < e2 && is_kanji(dec(t, e2, kk, &n)))
                kk += n;
            if (kk > s2 && kk < e2 && cjk_suffix_ok(sh, t, kk, e2) && is_hira(dec(t, e2, kk, &n)))
                g_end = kk;
            if (g_end - s2 > 3 && honor_end(t, s2, g_end))
                g_end -= 3;
            /* Strip an honorific glued to the given name: 太郎さん. The
             * first one in ja_suffix's order that ends the name, among
             * those ending in its last character (all end in a
             * three-byte one: those bytes are the keyword's). */
            if (g_end == e2) {
                long lcp = g_end - s2 > 3 ? cp3(t + g_end - 3) : -1;
                uint32_t m = lcp > 0 ? sh->suffix_end[suffix_slot(sh->suffix_end, (uint32_t)lcp)].kws : 0;
                for (; m; m &= m - 1) {
                    const struct kw *p = &ja_suffix[__builtin_ctz(m)];
                    size_t l = p->n;
                    if (g_end - s2 > l && bytes_eq(t + g_end - l, p->s, l) && (unsigned char)p->s[0] >= 0xE3) {
                        g_end -= l;
                        break;
                    }
                }
            }
            /* Each loop stops at its first non-kana: only both all kana
             * count. */
            int kana1 = 1, kana2 = 1;
            for (size_t i = s; i < e && kana1; i += n)
                kana1 &= is_kata(dec(t, e, i, &n)) || is_hwkana(dec(t, e, i, &n));
            for (size_t i = s2; i < g_end && kana1 && kana2; i += n)
                kana2 &= is_kata(dec(t, g_end, i, &n)) || is_hwkana(dec(t, g_end, i, &n));
            if (kana1 && kana2) {
                if (kana_in(es_lex_ja_family_kana, es_lex_ja_family_kana_n, t + s, e - s) &&
                    kana_in(es_lex_ja_given_kana, es_lex_ja_given_kana_n, t + s2, g_end - s2))
                    report(sc, c, sp, s, g_end, ES_CONF_MEDIUM);
                return;
            }
            /* Words spaced like a word list ("かぜ 入江 かつ いか") are not a
             * name unless both parts are kanji names from the lexicon. */
            int listy = 0;
            if (s >= 2 && t[s - 1] == ' ') {
                uint32_t p = dec_back(t, s - 1, &n);
                listy |= is_cjk(p);
            }
            if (g_end == e2 && e2 + 1 < le && t[e2] == ' ') {
                uint32_t q = dec(t, le, e2 + 1, &n);
                listy |= is_cjk(q) && !cjk_suffix_ok(sh, t, e2 + 1, le);
            }
            if (listy && !(kanji_given(sh, t, s2, g_end) && is_kanji(dec(t, g_end, s2, &n))))
                return;
            if (is_kanji(c0) && kanji_family(sh, t, s, e)) {
                if (kanji_given(sh, t, s2, g_end) ||
                    (given_shape(sh, t, s2, g_end) && !kanji_family(sh, t, s2, g_end)))
                    report(sc, c, sp, s, g_end, kanji_given(sh, t, s2, g_end) ? ES_CONF_HIGH : ES_CONF_MEDIUM);
                else if (given_shape(sh, t, s2, g_end))
                    report(sc, c, sp, s, g_end, ES_CONF_LOW);
                return;
            }
        }
    }
    /* Unspaced: FAMILY GIVEN inside one kanji run, then a suffix or the end. */
    if (!is_kanji(c0))
        return;
    /* Every kanji (is_kanji) is three bytes: 3 to 6 of them, one more
     * with an honorific, make 9 to 21 bytes, and a run of any other length
     * is rejected below (kc) whatever follows; the scan stops once past 21. */
    size_t k = s + 3;
    while (k < e && k - s <= 21 && kanji_in_run((const unsigned char *)t + k))
        k += 3;
    if (k - s < 9 || k - s > 21)
        return;
    /* 様 / 殿 / 君 / 氏 are kanji: an honorific glued to the name. */
    int honor = 0;
    if (k - s > 3 && honor_end(t, s, k)) {
        k -= 3;
        honor = 1;
    }
    size_t kc = (k - s) / 3;
    if (kc < 3 || kc > 6 || (!honor && !cjk_suffix_ok(sh, t, k, le)))
        return;
    if (!honor)
        honor = k + 6 <= le && memcmp(t + k, "さん", 6) == 0;
    /* Try family lengths 1..3 code points. */
    size_t f = s;
    for (int fl = 1; fl <= 3; fl++) {
        dec(t, k, f, &n);
        f += n;
        if (f >= k)
            break;
        /* No family name of six bytes or more starts with t[s, s + 6)
         * (fam2_ok, above; f < e here): neither this try nor the next
         * (which starts so) finds one, and a try without a family name
         * does nothing. */
        if (f - s == 6 && !fam2_ok)
            break;
        if (!kanji_family(sh, t, s, f))
            continue;
        if (kanji_given(sh, t, f, k) && !bad_end(sh, t, f, k)) {
            report(sc, c, sp, s, k, honor ? ES_CONF_HIGH : ES_CONF_MEDIUM);
            return;
        }
        if (honor && fl >= 2 && given_shape(sh, t, f, k)) {
            report(sc, c, sp, s, k, ES_CONF_MEDIUM);
            return;
        }
    }
}

/* ", Service Manager" after a name that starts a line: a signature. */
static int job_title_after(const char *t, size_t e, size_t le)
{
    static const char *const titles[] = {"manager", "director", "advisor", "adviser", "officer",
                                         "consultant", "engineer", "technician", "representative",
                                         "executive", "supervisor", "coordinator", "specialist",
                                         "assistant", "president", "ceo", "head", "lead", "mechanic",
                                         "担当", "店長", "部長", "課長", "主任", "係長", NULL};
    if (e + 2 >= le || t[e] != ',' || t[e + 1] != ' ')
        return 0;
    /* At most a few words up to the end of the line. */
    size_t n = le - (e + 2);
    return n <= 40 && has_any(t + e + 2, n, titles) && !memchr(t + e + 2, ',', n);
}

struct ltok {
    size_t s, e;
    int cap;
};

/* Latin names in running text: honorifics, "Dear", lexicon pairs. */
static int closing_near(const char *t, size_t ls);

/* upper_next(): the first i >= from (up to le) where an is_upper()
 * character may start a word: 'A'..'Z', the lead byte C3 (U+00C0..U+00DE
 * are C3 80..C3 9E), or a lone lead byte C0..DE at the line's last byte
 * (dec() returns such a byte as it is). No other byte does: continuation
 * bytes start nothing and other characters decode to code points
 * is_upper() rejects. Nor does one right after an ASCII letter or digit
 * (past the line start ls): the character before it is that letter or
 * digit, which latin_line() passes over. */
static int ascii_alnum(unsigned b) { return (b | 0x20u) - 'a' < 26u || b - '0' < 10u; }

#ifdef __SSE2__
/* Bit k set if t[k] is 'A'..'Z' or C3, for 16 bytes; *alnum: the same for
 * ASCII letters and digits. */
static unsigned upper_mask16(const char *t, unsigned *alnum)
{
    __m128i v = _mm_loadu_si128((const __m128i *)t);
    __m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));   /* ASCII letters to lower case */
    *alnum = (unsigned)_mm_movemask_epi8(_mm_or_si128(u8_le(_mm_sub_epi8(l, _mm_set1_epi8('a')), 25),
                                                      u8_le(_mm_sub_epi8(v, _mm_set1_epi8('0')), 9)));
    return (unsigned)_mm_movemask_epi8(_mm_or_si128(u8_le(_mm_sub_epi8(v, _mm_set1_epi8('A')), 25), u8_eq(v, 0xC3)));
}
#endif

static size_t upper_next(const char *t, size_t i, size_t le, size_t ls)
{
#ifdef __SSE2__
    /* The last byte is left to the loop below. prev: t[i - 1] is an
     * ASCII letter or digit past ls; after a step, the top lane's bit
     * (i + 16 > ls). */
    unsigned prev = i > ls && ascii_alnum((unsigned char)t[i - 1]);
    for (; i + 16 < le; i += 16) {
        unsigned al, m = upper_mask16(t + i, &al);
        m &= ~(al << 1 | prev);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        prev = al >> 15 & 1u;
    }
    /* Up to it, the sixteen bytes before the last one, those before i
     * masked off (t[le - 17] is in the text: le >= 17). */
    if (i + 1 < le && le >= 17) {
        size_t base = le - 17;
        unsigned al, m = upper_mask16(t + base, &al);
        unsigned after = al << 1 | (unsigned)(base > ls && ascii_alnum((unsigned char)t[base - 1]));
        if (ls > base && ls < base + 16)
            after &= ~(1u << (ls - base));   /* nothing before the line start */
        m = (m & ~after) >> (i - base);
        if (m)
            return i + (size_t)__builtin_ctz(m);
        i = le - 1;
    }
#endif
    for (; i < le; i++) {
        unsigned b = (unsigned char)t[i];
        if ((b - 'A' < 26u || b == 0xC3 || (i + 1 == le && b >= 0xC0 && b <= 0xDE)) &&
            !(i > ls && ascii_alnum((unsigned char)t[i - 1])))
            return i;
    }
    return le;
}

/* sig_ok: a signature may be reported (whole lines); whether a closing
 * phrase comes before the line is looked up only when a signature-shaped
 * line needs it (the look-back costs on every line). */
static void latin_line(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                       size_t ls, size_t le, int sig_ok)
{
    const struct name_shared *sh = sc->shared;
    const char *t = c->text;
    size_t i = ls, n;
    while (i < le) {
        i = upper_next(t, i, le, ls);
        if (i >= le)
            break;
        uint32_t ch = dec_fast(t, le, i, &n);
        if (!is_upper(ch)) {
            i += n;
            continue;
        }
        /* Word start must not follow a letter or digit. */
        if (i > ls) {
            size_t m;
            uint32_t p = dec_back(t, i, &m);
            if (is_latin(p) || is_digit(p)) {
                i += n;
                continue;
            }
        }
        /* Collect up to 4 capitalised words separated by single spaces. */
        struct ltok w[5];
        size_t nw = 0, j = i;
        while (nw < 5 && j < le) {
            uint32_t d = dec_fast(t, le, j, &n);
            if (!is_upper(d))
                break;
            size_t ws = j;
            j += n;
            int lower = 0;
            while (j < le) {
                d = dec_fast(t, le, j, &n);
                if (is_latin(d) || ((d == '-' || d == '\'') && j + 1 < le && is_latin((unsigned char)t[j + 1])))
                    j += n, lower |= is_lower(d);
                else
                    break;
            }
            if (j < le && t[j] == '.' && j - ws <= 4)
                j++;   /* Mr. / Dr. / an initial */
            w[nw].s = ws;
            w[nw].e = j;
            w[nw++].cap = 1;
            if (j + 1 < le && t[j] == ' ' && is_upper((unsigned char)t[j + 1]))
                j++;
            else
                break;
        }
        size_t next = nw ? w[0].e : i + n;
        if (nw >= 2) {
            size_t a = 0;
            enum es_confidence conf = ES_CONF_LOW;
            int ok = 0;
            if (word_set_eq(&sh->titles_ws, t + w[0].s, w[0].e - w[0].s, name_titles)) {
                a = 1;
                ok = 1;
                conf = ES_CONF_HIGH;
            } else if (i >= ls + 5 && (memcmp(t + i - 5, "Dear ", 5) == 0)) {
                ok = 1;
                conf = ES_CONF_HIGH;
            }
            size_t b = nw;
            if (b - a > 3)
                b = a + 3;
            if (b - a >= 2) {
                struct word ww[4];
                size_t k = split_words(t, w[a].s, w[b - 1].e, ww, 4);
                if (k >= 2 && plausible(sc->shared, t, w[a].s, w[b - 1].e, ww, k, 0)) {
                    int fn = latin_in(&sh->lexb[LX_EN_FIRST], t + w[a].s, w[a].e - w[a].s);
                    int ln = latin_in(&sh->lexb[LX_EN_LAST], t + w[b - 1].s,
                                      w[b - 1].e - w[b - 1].s);
                    /* A house number before it makes it a street: "4107 Charli Lane". */
                    int num_before = 0;
                    if (w[a].s >= ls + 2) {
                        size_t m;
                        uint32_t p = dec_back(t, w[a].s - 1, &m);
                        num_before = is_digit(p);
                    }
                    int whole_line = w[a].s == ls && (w[b - 1].e == le || t[w[b - 1].e] == '\r');
                    if (!ok && !num_before) {
                        if (fn && ln) {
                            ok = 1;
                            conf = ES_CONF_HIGH;
                        } else if (whole_line && b - a <= 3 && sig_ok && closing_near(t, ls)) {
                            ok = 1;
                            conf = ES_CONF_MEDIUM;
                        } else if (w[a].s == ls && job_title_after(t, w[b - 1].e, le)) {
                            ok = 1;
                            conf = ES_CONF_MEDIUM;
                        }
                    }
                    if (ok) {
                        size_t e = w[b - 1].e;
                        if (t[e - 1] == '.')
                            e--;
                        report(sc, c, sp, w[a].s, e, conf);
                        next = e;
                    }
                }
            }
        }
        i = next > i ? next : i + n;
    }
}

/* The most common Korean family names (national statistics: these cover
 * the large majority of the population); one syllable, three UTF-8 bytes. */
static int ko_family(const char *t)
{
    static const char fam[] = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국";
    for (size_t i = 0; i + 3 <= sizeof fam - 1; i += 3)
        if (memcmp(fam + i, t, 3) == 0)
            return 1;
    return 0;
}

/* 님 / 씨 at t[i] (before e), not the start of a longer word: the end of
 * the text, a non-Hangul character or a particle (께서, 께, 은, 이, 의,
 * 을, 에게, 도, 과, 와, 이신, 이나, 만). */
static int hangul_honor_at(const char *t, size_t i, size_t e)
{
    static const char *const particles[] = {"께서", "께", "은", "이", "의", "을", "에게", "도", "과",
                                            "와", "만", NULL};
    if (i + 3 > e || (memcmp(t + i, "님", 3) != 0 && memcmp(t + i, "씨", 3) != 0))
        return 0;
    i += 3;
    if (i + 3 > e || (unsigned char)t[i] < 0xEA || (unsigned char)t[i] > 0xED)
        return 1;   /* not followed by Hangul */
    for (const char *const *p = particles; *p; p++) {
        size_t pl = strlen(*p);
        if (i + pl <= e && memcmp(t + i, *p, pl) == 0)
            return 1;
    }
    return 0;
}

/* Thai and Hangul names filling a whole field, or after คุณ / before 님. */
/* thai, hangul: the line holds a lead byte of that script (E0 for Thai
 * U+0E01..U+0E4E, EA..ED for Hangul); a loop without one finds nothing. */
static void other_scripts(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                          size_t ls, size_t le, int thai, int hangul)
{
    static const char *const thai_stop[] = {"ถนน", "อำเภอ", "จังหวัด", "ตำบล", "แขวง", "เขต", "ซอย",
                                            "หมู่", "บริษัท", "ห้าง", "ธนาคาร", "สาขา", "โรงแรม",
                                            "ร้าน", "โรงเรียน", "มหาวิทยาลัย", "โทร", "รุ่น", NULL};
    const char *t = c->text;
    size_t i = thai ? ls : le, n = 1;
    while (i < le) {
        uint32_t ch = dec(t, le, i, &n);
        if (!is_thai(ch)) {
            i += n;
            continue;
        }
        /* The run of Thai words with single spaces / hyphens. */
        size_t s = i, e = i;
        while (e < le) {
            uint32_t d = dec(t, le, e, &n);
            if (is_thai(d) || d == '-' ||
                (d == ' ' && e + 1 < le && (unsigned char)t[e + 1] == 0xE0 && e > s && t[e - 1] != ' '))
                e += n;
            else
                break;
        }
        /* คุณ (Khun) is the honorific; a name follows it, glued or not. A
         * salutation before the run counts the same: "Dear สมชาย ใจดี,". */
        int after_khun = (s >= ls + 5 && memcmp(t + s - 5, "Dear ", 5) == 0) ||
                         (s >= ls + sizeof "เรียน " - 1 &&
                          memcmp(t + s - (sizeof "เรียน " - 1), "เรียน ", sizeof "เรียน " - 1) == 0);
        size_t ws = s;
        for (size_t k = s; k + 9 < e; k++) {
            if (memcmp(t + k, "คุณ", 9) == 0) {
                ws = k + 9;
                while (ws < e && t[ws] == ' ')
                    ws++;
                after_khun = 1;
                break;
            }
        }
        char lb = s > ls ? t[s - 1] : '\n';
        char ra = e < le ? t[e] : '\n';
        int field = (lb == '\'' || lb == '"' || lb == '\t' || lb == '>' || lb == '|' || lb == '\n' || lb == ',') &&
                    (ra == '\'' || ra == '"' || ra == '\t' || ra == '<' || ra == '|' || ra == '\n' ||
                     ra == ',' || ra == '\r');
        struct word w[5];
        size_t nw = split_words(t, ws, e, w, 5);
        if (!field && s == ls && job_title_after(t, e, le))
            field = 1;
        if ((field || after_khun) && nw >= 2 && nw <= 4 && !has_any(t + ws, e - ws, thai_stop) &&
            plausible(sc->shared, t, ws, e, w, nw, 0))
            report(sc, c, sp, ws, e, after_khun ? ES_CONF_HIGH : ES_CONF_MEDIUM);
        i = e > i ? e : i + n;
    }
    /* Hangul: 2-4 syllables followed by 님 / 씨 (honorifics). */
    for (i = hangul ? ls : le; i < le;) {
        uint32_t ch = dec(t, le, i, &n);
        if (!is_hangul(ch)) {
            i += n;
            continue;
        }
        size_t s = i, e = i, k = 0;
        while (e < le && is_hangul(dec(t, le, e, &n)))
            e += n, k++;
        if (k >= 3 && k <= 5 && (memcmp(t + e - 3, "님", 3) == 0 || memcmp(t + e - 3, "씨", 3) == 0))
            report(sc, c, sp, s, e - 3, ES_CONF_MEDIUM);
        else if (k >= 3 && ko_family(t + s) &&
                 (hangul_honor_at(t, s + 9, e) ||
                  (k == 3 && e + 4 <= le && t[e] == ' ' && hangul_honor_at(t, e + 1, le))))
            /* 김민준님께서, 김민준 님: a three-syllable name (the common
             * shape: one-syllable family name, two-syllable given name),
             * then the honorific with a particle or after a space. */
            report(sc, c, sp, s, s + 9, ES_CONF_MEDIUM);
        i = e;
    }
}

/* ---- line driver ---- */

/* Separators between a label and its value: ':' '：' '=' tab and markup tags. */
static size_t skip_sep(const char *t, size_t i, size_t le, int *seen)
{
    *seen = 0;
    while (i < le) {
        if (t[i] == ':' || t[i] == '=' || t[i] == '\t') {
            *seen = 1;
            i++;
        } else if (i + 3 <= le && memcmp(t + i, "：", 3) == 0) {
            *seen = 1;
            i += 3;
        } else if (t[i] == '<') {
            const char *gt = memchr(t + i, '>', le - i);
            if (!gt)
                break;
            *seen = 1;
            i = (size_t)(gt - t) + 1;
        } else if (t[i] == ' ' || t[i] == '"' || t[i] == '\'') {
            i++;
        } else {
            break;
        }
    }
    return i;
}

/* End of an inline value starting at i. */
static size_t value_end(const char *t, size_t i, size_t le, int list)
{
    size_t j = i;
    while (j < le) {
        char ch = t[j];
        if (ch == '"' || ch == '\t' || ch == '|' || ch == '\r' || (ch == '<' && !list) ||
            (ch == ',' && !list) || (ch == ';' && !list))
            break;
        if (ch == '<' && list) {
            const char *gt = memchr(t + j, '>', le - j);
            if (!gt || (gt + 1 < t + le && gt[1] == '<'))
                break;
            j = (size_t)(gt - t) + 1;
            continue;
        }
        if (j + 3 <= le && memcmp(t + j, "：", 3) == 0)
            break;
        if (ch == ':')
            break;   /* the next label; also keeps hostile "to:to:..." lines linear */
        j++;
    }
    return j;
}

/* May byte b start a separator (':' '=' '<' the tab, or EF, the lead
 * byte of '：')? */
static inline int sep_byte(unsigned b) { return b == ':' || b == '=' || b == '\t' || b == '<' || b == 0xEF; }

/* The first i in [from, le) whose byte may start a separator (sep_byte()),
 * or le. Sixteen bytes at a time: most lines hold few of them. */
#ifdef __SSE2__
/* Bit k set if t[k] may start a separator (sep_next()), for 16 bytes. */
static unsigned sep_mask16(const char *t)
{
    __m128i v = _mm_loadu_si128((const __m128i *)t);
    __m128i m = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(':')), _mm_cmpeq_epi8(v, _mm_set1_epi8('='))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')), _mm_cmpeq_epi8(v, _mm_set1_epi8('<'))),
                     _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEF))));
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

static size_t sep_next(const char *t, size_t from, size_t le)
{
    size_t i = from;
#ifdef __SSE2__
    for (; i + 16 <= le; i += 16) {
        unsigned bits = sep_mask16(t + i);
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
    /* The rest as the sixteen bytes ending at le, those before i masked
     * off (t[le - 16] is in the text: le >= 16). */
    if (i < le && le >= 16) {
        unsigned bits = sep_mask16(t + le - 16) >> (i - (le - 16));
        return bits ? i + (size_t)__builtin_ctz(bits) : le;
    }
#endif
    for (; i < le; i++) {
        unsigned char b = (unsigned char)t[i];
        if (sep_byte(b))
            return i;
    }
    return le;
}

/* Kinds of the label parts (label_part()) inline_labels() classified, by
 * their bytes (label_class() depends on nothing else): the labels of a log
 * or an export repeat line after line ("req=", "imei=", "\"name\":"), and
 * so does the last part of a label that does not ("10:22:31.575Z INFO
 * [api] req="). Two ways per set, the one used last first, per chunk.
 * 1024 sets: short prose lines are classified as labels too, and with 64
 * a chunk's repeated lines (mail templates, log messages) pushed each
 * other out: on the bench corpora a quarter of the look-ups missed, with
 * 1024 a tenth (4096 gained little more). */
#define LABEL_MEMO_SETS 1024   /* a power of two */
#define LABEL_MEMO_BITS 10     /* log2(LABEL_MEMO_SETS) */
#define LABEL_MEMO_WAYS 2   /* label_kind_memo() moves one way to the other */
/* A way's ends and kind side by side: a look-up reads one cache line of
 * them, not one per field. */
struct label_way {
    /* The part's ends (label_memo_key()), compared before its bytes. */
    uint64_t a, b;
    uint8_t kind;
};
struct label_memo {
    /* Apart from the ways: name_scan() empties the memo once per chunk
     * by these bytes only. */
    uint8_t len[LABEL_MEMO_SETS][LABEL_MEMO_WAYS];   /* LABEL_MEMO_NONE: empty */
    struct label_way way[LABEL_MEMO_SETS][LABEL_MEMO_WAYS];
    char s[LABEL_MEMO_SETS][LABEL_MEMO_WAYS][LABEL_MAX];
};
#define LABEL_MEMO_NONE 0xFF   /* no label is that long (LABEL_MAX) */

/* The ends of the bytes t[0, len), 0 < len <= LABEL_MAX: *a and *b their
 * first and last eight bytes (shorter: all of them in *a, *b 0). With
 * len, they are all the bytes up to sixteen, and otherwise all but
 * t[8, len - 8). Returns a set of the memo, from these in a few
 * operations (a byte-wise hash cost more than the look-up saved). */
static size_t label_memo_key(const char *t, size_t len, uint64_t *a, uint64_t *b)
{
    *a = *b = 0;
    if (len >= 8) {
        memcpy(a, t, 8);
        memcpy(b, t + len - 8, 8);
    } else {
        for (size_t i = 0; i < len; i++)
            *a = *a << 8 | (unsigned char)t[i];
    }
    /* Odd 64-bit multipliers (from splitmix64) spread both words; the
     * top bits are the best mixed. */
    uint64_t h = (*a * 0xbf58476d1ce4e5b9u) ^ ((*b ^ len) * 0x94d049bb133111ebu);
    return (size_t)(h >> (64 - LABEL_MEMO_BITS)) & (LABEL_MEMO_SETS - 1);
}

/* label_kind(sh, t, len), remembered in lm (NULL: not). */
static enum label_kind label_kind_memo(const struct name_shared *sh, struct label_memo *lm, const char *t,
                                       size_t len)
{
    if (!label_part(&t, &len))
        return L_NONE;
    if (!lm)
        return label_class(sh, t, len);
    uint64_t a, b;
    size_t x = label_memo_key(t, len, &a, &b);
    /* Equal ends and length, then the bytes between them if any: the
     * same bytes (label_memo_key()). */
    for (unsigned w = 0; w < LABEL_MEMO_WAYS; w++)
        if (lm->len[x][w] == len && lm->way[x][w].a == a && lm->way[x][w].b == b &&
            (len <= 16 || memcmp(lm->s[x][w] + 8, t + 8, len - 16) == 0))
            return (enum label_kind)lm->way[x][w].kind;
    enum label_kind k = label_class(sh, t, len);
    /* The new part first, the other way's part second (two ways). */
    lm->len[x][1] = lm->len[x][0];
    lm->way[x][1] = lm->way[x][0];
    if (lm->len[x][0] != LABEL_MEMO_NONE && lm->len[x][0] > 16)
        memcpy(lm->s[x][1], lm->s[x][0], lm->len[x][0]);
    lm->len[x][0] = (uint8_t)len;
    lm->way[x][0].kind = (uint8_t)k;
    lm->way[x][0].a = a;
    lm->way[x][0].b = b;
    if (len > 16)
        memcpy(lm->s[x][0], t, len);   /* only the middle is compared */
    return k;
}

/* What ends a label going back from its separator (inline_labels()), by
 * byte: one table look-up per byte instead of nine compares. */
enum { STOP_NONE, STOP_ALWAYS, STOP_QUOTE, STOP_COLON };
static const uint8_t label_stop[256] = {
    [','] = STOP_ALWAYS, ['{'] = STOP_ALWAYS, ['>'] = STOP_ALWAYS, ['\t'] = STOP_ALWAYS,
    [';'] = STOP_ALWAYS, ['('] = STOP_ALWAYS, ['|'] = STOP_ALWAYS,
    ['"'] = STOP_QUOTE,   /* after an '=' only */
    [':'] = STOP_COLON,   /* not one of "::" */
};

/* Does the byte t[p] end the label going back from the separator at sep
 * (whose first byte is b0)? */
static int label_stops_at(const char *t, size_t p, size_t sep, unsigned char b0)
{
    unsigned k = label_stop[(unsigned char)t[p]];
    /* key="v" key2="v2" (markup attributes, logfmt): the label of an '='
     * starts after the previous value's closing quote. */
    return k == STOP_ALWAYS || (k == STOP_QUOTE && b0 == '=' && p + 1 < sep) ||
           (k == STOP_COLON && !(p >= 1 && t[p - 1] == ':'));
}

#ifdef __SSE2__
/* Bit k set if label_stop[t[k]] is not STOP_NONE, for 16 bytes; a '"'
 * only with quote (it ends nothing unless the separator is an '='). */
static unsigned stop_mask16(const char *t, int quote)
{
    __m128i v = _mm_loadu_si128((const __m128i *)t);
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_or_si128(u8_eq(v, ','), u8_eq(v, '{')), _mm_or_si128(u8_eq(v, '>'), u8_eq(v, '\t'))),
                             _mm_or_si128(_mm_or_si128(u8_eq(v, ';'), u8_eq(v, '(')), _mm_or_si128(u8_eq(v, '|'), u8_eq(v, ':'))));
    if (quote)
        m = _mm_or_si128(m, u8_eq(v, '"'));
    return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The start of the label before the separator at sep: back to the byte
 * that ends it (label_stops_at()), at most LABEL_MAX bytes and not before
 * ls. Sixteen bytes a step: most of them end nothing. */
static size_t label_start(const char *t, size_t ls, size_t sep, unsigned char b0)
{
    size_t lo = sep - ls > LABEL_MAX ? sep - LABEL_MAX : ls, b = sep;
#ifdef __SSE2__
    /* Sixteen bytes ending at b per step, where they are in the text; in
     * the last step the lanes before lo masked off (most labels are
     * shorter than sixteen bytes: one step). */
    while (b > lo && b >= 16) {
        unsigned m = stop_mask16(t + b - 16, b0 == '=');
        if (b - lo < 16)
            m &= 0xFFFFu << (lo - (b - 16));
        for (; m; m &= ~(1u << (31 - __builtin_clz(m)))) {
            size_t p = b - 16 + (size_t)(31 - __builtin_clz(m));
            if (label_stops_at(t, p, sep, b0))
                return p + 1;
        }
        if (b - lo <= 16)
            return lo;
        b -= 16;
    }
#endif
    for (; b > lo; b--)
        if (label_stops_at(t, b - 1, sep, b0))
            break;
    return b;
}

/* "Label: value" pairs on one line (text, JSON, e-mail headers, markup).
 * sep0: sep_next(t, ls, le) if the caller knows it, else SIZE_MAX.
 * pending: the label of the line before, for a value on its own line
 * (updated); NULL where no line follows (a table cell). */
static void inline_labels(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                          size_t ls, size_t le, enum label_kind *pending, size_t sep0, struct label_memo *lm)
{
    const char *t = c->text;
    int seen;
    /* The line is only a label (a form field on its own line). Without
     * pending, what the line is as a label would go nowhere: not asked. */
    if (pending) {
        size_t e = le;
        while (e > ls && (t[e - 1] == ' ' || t[e - 1] == '\r' || t[e - 1] == ':' || t[e - 1] == '\t'))
            e--;
        if (e >= ls + 3 && memcmp(t + e - 3, "：", 3) == 0)
            e -= 3;
        /* Without a pending label, the kind is only asked for if the line
         * holds no ':' (below): a ':' first of sep_next()'s bytes is one. */
        int active = *pending != L_NONE && *pending != L_OTHER && *pending != L_GIVEN;
        int colon = sep0 != SIZE_MAX && sep0 < e && t[sep0] == ':';
        enum label_kind k = e <= ls                       ? L_OTHER
                            : label_long(t + ls, e - ls) ? L_NONE
                            : active || !colon        ? label_kind_memo(sc->shared, lm, t + ls, e - ls)
                                               : L_NONE;
        if (active && e > ls && k == L_NONE) {
            if (*pending == L_LIST)
                labelled_list(sc, c, sp, ls, e);
            else
                labelled(sc, c, sp, ls, e, *pending);
        }
        if (e > ls)
            *pending = (k == L_NAME || k == L_FAMILY || k == L_KANA || k == L_LIST) &&
                               !memchr(t + ls, ':', e - ls)
                           ? k
                           : L_NONE;
    }
    /* vCard's structured name (RFC 6350 N:Family;Given;Additional;...): the
     * property N at the line start, a value holding its ';' separators. */
    if (le - ls >= 4 && (t[ls] | 0x20) == 'n' && (t[ls + 1] == ':' || t[ls + 1] == ';')) {
        const char *colon = memchr(t + ls + 1, ':', le - ls - 1);
        size_t v = colon ? (size_t)(colon - t) + 1 : le;
        if (v < le && memchr(t + v, ';', le - v))
            labelled(sc, c, sp, v, value_end(t, v, le, 0), L_FAMILY);
    }
    for (size_t i = sep0 != SIZE_MAX ? sep0 : sep_next(t, ls, le); i < le; i = sep_next(t, i + 1, le)) {
        size_t sep = i;
        unsigned char b0 = (unsigned char)t[i];
        /* Most bytes are none of the separators: one test for all of them
         * (':' '=' '<' and the tab, and EF, the lead byte of '：'). */
        if (!sep_byte(b0))
            continue;
        int is_sep = b0 != 0xEF || (i + 3 <= le && memcmp(t + i, "：", 3) == 0);
        if (!is_sep)
            continue;
        if (t[i] == '<' && (i + 1 >= le || t[i + 1] != '/'))
            continue;   /* only a closing tag ends a label cell: <th>氏名</th><td> */
        /* Label: back to the previous separator. */
        size_t b = label_start(t, ls, sep, b0);
        enum label_kind k = label_kind_memo(sc->shared, lm, t + b, sep - b);
        if (k == L_NONE || k == L_OTHER)
            continue;
        size_t v = skip_sep(t, i, le, &seen);
        if (!seen || v >= le)
            continue;
        if (k == L_GIVEN)
            continue;   /* counted with the family name */
        if (k == L_LIST) {
            labelled_list(sc, c, sp, v, value_end(t, v, le, 1));
        } else {
            size_t e = value_end(t, v, le, 0);
            /* "SMITH, John" is one name; "A B, C D" a list. */
            if (k == L_NAME && e < le && t[e] == ',') {
                size_t e2 = value_end(t, v, le, 1);
                if (!labelled(sc, c, sp, v, e2, k))
                    labelled_list(sc, c, sp, v, e2);
            } else {
                labelled(sc, c, sp, v, e, k);
            }
        }
    }
}

/* Does the text shortly before line start ls hold a closing phrase? */
static int closing_near(const char *t, size_t ls)
{
    size_t b = ls, lines = 0;
    /* Bytes too: the scan below is per line, and long lines made it cost
     * seconds on a sheet of long strings (torture poc-shared-strings.xlsx). */
    while (b > 0 && lines < SIGNATURE_LOOKBACK && ls - b < SIGNATURE_LOOKBACK_BYTES) {
        b--;
        if (t[b] == '\n')
            lines++;
    }
    return has_any(t + b, ls - b, closings);
}

/* Bits of line_class(): an upper-case ASCII letter, a CJK lead byte
 * (E3-E9, EA-ED, EF), a Thai lead byte (E0: U+0E01..U+0E4E), a Hangul lead
 * byte (EA..ED: U+AC00..U+D7A3). */
enum { LC_UPPER = 1, LC_CJK = 2, LC_THAI = 4, LC_HANGUL = 8, LC_UNKNOWN = 16 };

/* line_class()'s bits (LC_*) of one byte. */
static inline unsigned byte_class(unsigned ch)
{
    return (unsigned)(ch - 'A' < 26u) * LC_UPPER | (unsigned)(ch - 0xE3u < 11u || ch == 0xEFu) * LC_CJK |
           (unsigned)(ch == 0xE0u) * LC_THAI | (unsigned)(ch - 0xEAu < 4u) * LC_HANGUL;
}

#ifdef __SSE2__
/* line_class()'s tests on sixteen lanes: each vector has a lane set where
 * the byte is of that class (byte_class()). */
struct cls16 {
    __m128i up, cj, th, hg;
};

static inline struct cls16 cls16_of(__m128i v)
{
    struct cls16 r;
    r.up = es_xrange(v, 'A', 26);
    r.cj = _mm_or_si128(es_xrange(v, 0xE3, 11), u8_eq(v, 0xEF));   /* E3..ED, EF */
    r.th = u8_eq(v, 0xE0);
    r.hg = es_xrange(v, 0xEA, 4);   /* EA..ED */
    return r;
}

static inline struct cls16 cls16_or(struct cls16 a, struct cls16 b)
{
    a.up = _mm_or_si128(a.up, b.up);
    a.cj = _mm_or_si128(a.cj, b.cj);
    a.th = _mm_or_si128(a.th, b.th);
    a.hg = _mm_or_si128(a.hg, b.hg);
    return a;
}

/* The LC_* bits of the lanes in keep. */
static inline unsigned cls16_bits(struct cls16 x, unsigned keep)
{
    return (unsigned)(((unsigned)_mm_movemask_epi8(x.up) & keep) != 0) * LC_UPPER |
           (unsigned)(((unsigned)_mm_movemask_epi8(x.cj) & keep) != 0) * LC_CJK |
           (unsigned)(((unsigned)_mm_movemask_epi8(x.th) & keep) != 0) * LC_THAI |
           (unsigned)(((unsigned)_mm_movemask_epi8(x.hg) & keep) != 0) * LC_HANGUL;
}
#endif

static unsigned line_class(const char *t, size_t ls, size_t le)
{
    unsigned acc = 0;
    size_t i = ls;
#ifdef __SSE2__
    /* Sixteen bytes at a time: this runs on every byte of text. */
    struct cls16 x = cls16_of(_mm_setzero_si128());   /* zero is in no class */
    for (; i + 16 <= le; i += 16)
        x = cls16_or(x, cls16_of(_mm_loadu_si128((const __m128i *)(t + i))));
    acc = cls16_bits(x, 0xFFFFu);
    /* The rest as the sixteen bytes ending at le, the lanes before i
     * masked off (t[le - 16] is in the text: le >= 16): before ls they
     * are not the line's, and from ls they were seen above. */
    if (i < le && le >= 16) {
        size_t base = le - 16;
        acc |= cls16_bits(cls16_of(_mm_loadu_si128((const __m128i *)(t + base))), 0xFFFFu << (i - base));
        i = le;
    }
#endif
    for (; i < le; i++)
        acc |= byte_class((unsigned char)t[i]);
    return acc;
}

#ifdef NAME_AVX2
__attribute__((target("avx2"))) static inline __m256i y_ge(__m256i v, unsigned char a)
{
    return _mm256_cmpeq_epi8(_mm256_max_epu8(v, es_ybyte(a)), v);
}
__attribute__((target("avx2"))) static inline __m256i y_le(__m256i v, unsigned char b)
{
    return _mm256_cmpeq_epi8(_mm256_min_epu8(v, es_ybyte(b)), v);
}
__attribute__((target("avx2"))) static inline __m256i y_eq(__m256i v, unsigned char a)
{
    return _mm256_cmpeq_epi8(v, es_ybyte(a));
}

/* cjk_mask16()'s cjk, kanji and gap for the 64 lanes t[0, 64) (t[0, 66)
 * readable), 32 per step. A step whose lead bytes are all ASCII has
 * neither CJK nor U+3000 starts: only its spaces are looked for.
 *
 * Fewer operations than cjk_mask16(), for valid UTF-8 (what chunks are:
 * decode.c validates): after a lead byte E3 or EF come two continuation
 * bytes b1 b2, so the low byte of the code point is
 * x = (b1 & 3) << 6 | (b2 & 0x3F), and
 *   E3 80..83 (U+3000..U+30FF): kana if x is 41..96, A1..FA or FC;
 *     U+3005 (kanji) if x is 05, U+3000 (a gap) if x is 00;
 *   EF BC..BF (U+FF00..U+FFFF): half-width kana if x is 66..9F.
 * Which of those ranges x is in comes from two table look-ups (PSHUFB) on
 * its two nibbles: each bit of xbits below stands for a rectangle of
 * (high nibble, low nibble) pairs, in both tables only for that
 * rectangle's nibbles, so the AND of the two look-ups has the bit exactly
 * for x inside it:
 *   0x01 {4,A} x {1..F}      0x02 {5..8,B..E} x {0..F}
 *   0x04 {9} x {0..6}        0x08 {F} x {0..A,C}       (E3: kana, 0x0F)
 *   0x10 {0} x {5}           0x20 {0} x {0}            (E3: U+3005, U+3000)
 *   0x40 {6} x {6..F}        0x80 {7..9} x {0..F}      (EF: kana, 0xC0)
 * The other kanji depend on b0 and b1 only: E5..E9; E4 but not E4 B7;
 * E3 90..BF; EF A4..AB. */
__attribute__((target("avx2"))) static void cjk_window64_avx2(const unsigned char *t, uint64_t *c, uint64_t *k,
                                                              uint64_t *g)
{
    const __m256i hi_tab = _mm256_setr_epi8(0x30, 0, 0, 0, 0x01, 0x02, 0x42, (char)0x82, (char)0x82, (char)0x84,
                                            0x01, 0x02, 0x02, 0x02, 0x02, 0x08, 0x30, 0, 0, 0, 0x01, 0x02, 0x42,
                                            (char)0x82, (char)0x82, (char)0x84, 0x01, 0x02, 0x02, 0x02, 0x02, 0x08);
    const __m256i lo_tab = _mm256_setr_epi8(
        (char)0xAE, (char)0x8F, (char)0x8F, (char)0x8F, (char)0x8F, (char)0x9F, (char)0xCF, (char)0xCB,
        (char)0xCB, (char)0xCB, (char)0xCB, (char)0xC3, (char)0xCB, (char)0xC3, (char)0xC3, (char)0xC3,
        (char)0xAE, (char)0x8F, (char)0x8F, (char)0x8F, (char)0x8F, (char)0x9F, (char)0xCF, (char)0xCB,
        (char)0xCB, (char)0xCB, (char)0xCB, (char)0xC3, (char)0xCB, (char)0xC3, (char)0xC3, (char)0xC3);
    const __m256i nib = es_ybyte(0x0F), zero = _mm256_setzero_si256();
    uint64_t rc = 0, rk = 0, rg = 0;
    for (unsigned b = 0; b < 64; b += 32) {
        __m256i v0 = _mm256_loadu_si256((const __m256i *)(t + b));
        uint64_t sp = (uint32_t)_mm256_movemask_epi8(y_eq(v0, ' '));
        if (!_mm256_movemask_epi8(v0)) {
            rg |= sp << b;
            continue;
        }
        __m256i v1 = _mm256_loadu_si256((const __m256i *)(t + b + 1));
        __m256i v2 = _mm256_loadu_si256((const __m256i *)(t + b + 2));
        __m256i is_e3 = y_eq(v0, 0xE3), is_ef = y_eq(v0, 0xEF);
        __m256i q = _mm256_and_si256(v1, es_ybyte(0xFC));
        /* Which xbits count: 0x3F after E3 80..83, 0xC0 after EF BC..BF. */
        __m256i sel = _mm256_or_si256(_mm256_and_si256(_mm256_and_si256(is_e3, y_eq(q, 0x80)), es_ybyte(0x3F)),
                                      _mm256_and_si256(_mm256_and_si256(is_ef, y_eq(q, 0xBC)),
                                                       es_ybyte(0xC0)));
        __m256i x = _mm256_or_si256(_mm256_and_si256(_mm256_slli_epi16(v1, 6), es_ybyte(0xC0)),
                                    _mm256_and_si256(v2, es_ybyte(0x3F)));
        __m256i xbits = _mm256_and_si256(_mm256_shuffle_epi8(hi_tab, _mm256_and_si256(_mm256_srli_epi16(x, 4), nib)),
                                         _mm256_shuffle_epi8(lo_tab, _mm256_and_si256(x, nib)));
        __m256i z = _mm256_and_si256(xbits, sel);
        /* Not kana: none of 0x0F or 0xC0 set. */
        uint32_t not_kana = (uint32_t)_mm256_movemask_epi8(
            _mm256_cmpeq_epi8(_mm256_and_si256(z, es_ybyte(0xCF)), zero));
        /* 0x10 and 0x20 moved to the top bit of each byte (the 16-bit
         * shift brings in only bits the byte's own top bits replace). */
        uint32_t k3005 = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(z, 3));
        uint32_t g3000 = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(z, 2));
        __m256i kanji = _mm256_or_si256(
            _mm256_or_si256(y_le(_mm256_sub_epi8(v0, es_ybyte(0xE5)), 4),
                            _mm256_andnot_si256(y_eq(v1, 0xB7), y_eq(v0, 0xE4))),
            _mm256_or_si256(_mm256_and_si256(is_e3, y_ge(v1, 0x90)),
                            _mm256_and_si256(is_ef, y_le(_mm256_sub_epi8(v1, es_ybyte(0xA4)), 7))));
        uint32_t km = (uint32_t)_mm256_movemask_epi8(kanji) | k3005;
        rk |= (uint64_t)km << b;
        rc |= (uint64_t)(km | ~not_kana) << b;
        rg |= (sp | g3000) << b;
    }
    *c = rc;
    *k = rk;
    *g = rg;
}
#endif

/* What cjk_runs() needs to know of the 64 bytes t[w, w + 64) of a line
 * ending at le: bit k stands for a character starting at t[w + k]. */
struct cjk_win {
    uint64_t c;     /* is_cjk() holds for it */
    uint64_t k;     /* is_kanji() holds (a subset of c) */
    uint64_t gap;   /* ' ' or U+3000 (at least wherever it can follow a run ja_run() uses) */
};

/* One lane of cjk_window() as cjk_run()'s byte loop classifies it. */
static void cjk_lane(const char *t, size_t p, size_t le, unsigned lane, struct cjk_win *o)
{
    if (((unsigned char)t[p] & 0xC0) == 0x80)
        return;   /* inside a character */
    size_t n;
    uint32_t ch = dec(t, le, p, &n);
    uint64_t bit = (uint64_t)1 << lane;
    if (is_cjk(ch))
        o->c |= bit;
    if (is_cjk(ch) && is_kanji(ch))
        o->k |= bit;
    if (ch == ' ' || ch == 0x3000)
        o->gap |= bit;
}

/* The classes of t[w, w + 64), up to le. The lanes are those cjk_run()
 * sees: a vector test of every lane where two more bytes can be read (64
 * lanes with AVX2, else sixteen), near the end the block ending at le - 2
 * (a character starting in the last two bytes before le, an ASCII byte
 * or the end, is not three bytes, so it is not CJK: those lanes stay 0,
 * as cjk_run()'s byte loop finds), and byte by byte on a text shorter
 * than one block. gap may miss lanes in the last two bytes: a run ending
 * there has no room after it for the CJK character ja_run() wants after
 * a gap. avx2: the CPU has AVX2 (name_scan() asks once per chunk, not
 * once per window). */
static void cjk_window(const char *t, size_t w, size_t le, int avx2, struct cjk_win *o)
{
    o->c = o->k = o->gap = 0;
#ifdef NAME_AVX2
    if (le >= 66 && avx2) {
        /* Near le, the window ending at le - 2, shifted down as below
         * (from le - 2 on, no lane is set, as in the loop below). */
        if (w + 2 >= le)
            return;
        size_t base = w + 66 <= le ? w : le - 66;
        unsigned sh = (unsigned)(w - base);
        cjk_window64_avx2((const unsigned char *)t + base, &o->c, &o->k, &o->gap);
        o->c >>= sh;
        o->k >>= sh;
        o->gap >>= sh;
        return;
    }
#else
    (void)avx2;
#endif
#ifdef __SSE2__
    if (le >= 18) {
        for (unsigned b = 0; b < 64 && w + b + 2 < le; b += 16) {
            size_t at = w + b, base = at + 18 <= le ? at : le - 18;
            struct cjk16 m = cjk_mask16((const unsigned char *)t + base);
            /* Shifted down, lanes before at (read from base) drop out;
             * none depends on bytes before it. */
            unsigned sh = (unsigned)(at - base);
            o->c |= (uint64_t)(m.cjk >> sh) << b;
            o->k |= (uint64_t)(m.kanji >> sh) << b;
            o->gap |= (uint64_t)(m.gap >> sh) << b;
        }
        return;
    }
#endif
    for (size_t p = w; p < le && p < w + 64; p++)
        cjk_lane(t, p, le, (unsigned)(p - w), o);
}

/* The last window cjk_runs() classified, kept for the next line or cell of
 * the chunk: windows are the chunk's 64-byte blocks, so the lines and
 * cells that share one (most lines are shorter than two) classify it once. */
struct cjk_cache {
    size_t base;
    int have;
    int avx2;   /* the CPU has AVX2: cjk_window()'s vector path */
    struct cjk_win win;
};

/* The classes of the block c->text[base, base + 64) (up to c->len). */
static const struct cjk_win *cjk_block(const struct es_chunk *c, size_t base, struct cjk_cache *cc)
{
    if (!cc->have || cc->base != base) {
        cjk_window(c->text, base, c->len, cc->avx2, &cc->win);
        cc->base = base;
        cc->have = 1;
    }
    return &cc->win;
}

/* The CJK runs of t[ls, le) that ja_run() may take a name from, in text
 * order, as free text would try every run: ja_run() reports only
 *  - after a gap (' ' or U+3000) right at the run's end, or
 *  - from a run whose first three characters are kanji (the unspaced
 *    rule wants three to six kanji at its start; each is three bytes),
 * so every other run is passed over without a call. The runs come from
 * bits: every CJK character is three bytes, so a character at p follows
 * a CJK one exactly if one starts at p - 3; a run starts at a CJK start
 * without one 3 bytes before, and ends where none starts 3 bytes after
 * its last one. */
static void cjk_runs(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp, size_t ls,
                     size_t le, struct cjk_cache *cc)
{
    uint64_t prevc = 0;                  /* c of the window before (none before ls) */
    size_t last_rs = ls, last_e = SIZE_MAX;
    /* A run tried for its kanji whose end was not in its window: it ends
     * at the first run end of a later window (the line end if none). */
    size_t open_s = SIZE_MAX;
    /* The chunk's blocks over [ls, le): lanes outside it are cleared, as
     * cjk_window(t, ls, le) leaves them (a character starting in the last
     * two bytes before le is not CJK: le is at an ASCII byte or the end). */
    for (size_t w = ls - ls % 64; w < le; w += 64) {
        struct cjk_win win = *cjk_block(c, w, cc);
        uint64_t keep = w < ls ? ~(uint64_t)0 << (ls - w) : ~(uint64_t)0;
        uint64_t keep_gap = keep;
        if (le - w < 64)
            keep_gap &= ((uint64_t)1 << (le - w)) - 1;
        if (le - w < 66)
            keep &= le - w >= 2 ? ((uint64_t)1 << (le - w - 2)) - 1 : 0;
        win.c &= keep;
        win.k &= keep;
        win.gap &= keep_gap;
        uint64_t after_cjk = win.c << 3 | prevc >> 61;   /* a CJK character ends just before */
        uint64_t rs = win.c & ~after_cjk, re = after_cjk & ~win.c;
        if (open_s != SIZE_MAX && re) {
            /* Before every event below: they are at or after its end. */
            size_t e = w + (size_t)__builtin_ctzll(re);
            last_e = e;
            if (!overlaps(sp, open_s, e))
                ja_run(sc, c, sp, open_s, e, le);
            open_s = SIZE_MAX;
        }
        /* Kanji at p, p + 3 and p + 6; past the window unknown, so taken as kanji. */
        uint64_t k3 = win.k & (win.k >> 3 | ~(~(uint64_t)0 >> 3)) & (win.k >> 6 | ~(~(uint64_t)0 >> 6));
        uint64_t cs = rs & k3, ev = cs | (re & win.gap);
        while (ev) {
            unsigned lane = (unsigned)__builtin_ctzll(ev);
            uint64_t bit = (uint64_t)1 << lane;
            ev &= ev - 1;
            size_t s, e;
            if (cs & bit) {
                s = w + lane;
                uint64_t later = re & ~(bit | (bit - 1));
                if (!later) {
                    open_s = s;   /* the last event of this window */
                    break;
                }
                e = w + (size_t)__builtin_ctzll(later);
            } else {
                e = w + lane;
                if (e == last_e)
                    continue;   /* the end of the run just tried */
                uint64_t before = rs & (bit - 1);
                s = before ? w + 63 - (size_t)__builtin_clzll(before) : last_rs;
            }
            last_e = e;
            if (!overlaps(sp, s, e))
                ja_run(sc, c, sp, s, e, le);
        }
        if (rs)
            last_rs = w + 63 - (size_t)__builtin_clzll(rs);
        prevc = win.c;
    }
    if (open_s != SIZE_MAX && !overlaps(sp, open_s, le))
        ja_run(sc, c, sp, open_s, le, le);
}

/* Running text in t[ls, le): Japanese runs, Latin capitalised words, Thai
 * and Hangul. whole_lines: ls..le is a full line (signatures count). cls:
 * line_class(t, ls, le) if the caller knows it, else LC_UNKNOWN. */
static void free_text(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                      size_t ls, size_t le, int whole_lines, unsigned cls, struct cjk_cache *cc)
{
    const char *t = c->text;
    /* Free text: skip lines with nothing that could start a name. */
    unsigned acc = cls != LC_UNKNOWN ? cls : line_class(t, ls, le);
    int upper = acc & LC_UPPER, cjk = (acc & LC_CJK) != 0, thai = (acc & LC_THAI) != 0,
        hangul = (acc & LC_HANGUL) != 0;
    if (cjk)
        cjk_runs(sc, c, sp, ls, le, cc);
    if (upper)
        latin_line(sc, c, sp, ls, le, whole_lines);
    if (thai || hangul)
        other_scripts(sc, c, sp, ls, le, thai, hangul);
}

/* The first i >= from (up to le) with t[i] == a or t[i] == b, or le. */
static size_t byte2_next(const char *t, size_t i, size_t le, char a, char b)
{
#ifdef __SSE2__
    const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
    for (; i + 16 <= le; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
    /* The rest as the sixteen bytes ending at le, those before i masked
     * off (t[le - 16] is in the text: le >= 16). */
    if (i < le && le >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + le - 16));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb))) >>
                     (i - (le - 16));
        return m ? i + (size_t)__builtin_ctz(m) : le;
    }
#endif
    while (i < le && t[i] != a && t[i] != b)
        i++;
    return i;
}

/* A tabular line: fields under their column headers. */
static void tabular_line(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                         size_t ls, size_t le, int has_family, const enum label_kind *hk, const size_t *hl,
                         struct cjk_cache *cc, struct label_memo *lm)
{
    const char *t = c->text;
    size_t field = 0, fs = ls;
    int quoted = 0;
    for (size_t i = ls; i <= le; i++) {
        /* Only quotes and delimiters change anything below. */
        i = byte2_next(t, i, le, '"', c->delim);
        if (i < le && t[i] == '"')
            quoted = !quoted;
        if (i < le && (t[i] != c->delim || quoted))
            continue;
        const char *h = field < c->nheader ? c->header[field] : NULL;
        size_t hn = !h ? 0 : field < MAX_COLS ? hl[field] : strlen(h);
        enum label_kind k = !h ? L_NONE : field < MAX_COLS ? hk[field] : label_kind(sc->shared, h, hn);
        size_t s = fs, e = i;
        /* The first bytes before memcmp(): a field of the header's length
         * (dates, codes) seldom starts like it. */
        int is_header = h && e - s == hn && (hn == 0 || (t[s] == h[0] && memcmp(t + s, h, hn) == 0));
        if (!is_header) {
            if (k == L_NAME || k == L_FAMILY || k == L_KANA || k == L_LIST ||
                (k == L_GIVEN && !has_family))
                labelled(sc, c, sp, s, e, k == L_GIVEN ? L_FAMILY : k == L_LIST ? L_NAME : k);
            else if (k == L_NONE) {
                /* An unlabelled cell (memo, note), or a delimited text that
                 * is not a table after all (JSON lines with commas). */
                inline_labels(sc, c, sp, s, e, NULL, SIZE_MAX, lm);
                free_text(sc, c, sp, s, e, 0, LC_UNKNOWN, cc);
            }
        }
        field++;
        fs = i + 1;
    }
}

/* Columns of records written one per line without a header row the
 * extractor knows about: SQL (CREATE TABLE / INSERT column lists) and
 * HTML tables (<th> row). */
struct cols {
    enum label_kind k[MAX_COLS];
    size_t n;
    int in_create;
};

static int starts_ci(const char *t, size_t i, size_t le, const char *w);

/* "<th>" or "<th class=...>", not "<thead>". */
static int tag_at(const char *t, size_t i, size_t le, const char *tag)
{
    size_t l = strlen(tag);
    return t[i] == '<' && starts_ci(t, i + 1, le, tag) && i + 1 + l < le &&
           (t[i + 1 + l] == '>' || t[i + 1 + l] == ' ');
}

static int starts_ci(const char *t, size_t i, size_t le, const char *w)
{
    size_t l = strlen(w);
    if (i + l > le)
        return 0;
    for (size_t k = 0; k < l; k++)
        if (lc((unsigned char)t[i + k]) != lc((unsigned char)w[k]))
            return 0;
    return 1;
}

static size_t skip_ws(const char *t, size_t i, size_t le)
{
    while (i < le && (t[i] == ' ' || t[i] == '\t'))
        i++;
    return i;
}

/* Is `name`-kind column k one whose values are reported? */
static int reported_kind(enum label_kind k) { return k == L_NAME || k == L_FAMILY || k == L_KANA; }

/* A CREATE TABLE body line: one column definition. */
static void sql_create_line(const struct name_shared *sh, const char *t, size_t ls, size_t le,
                            struct cols *cols)
{
    size_t i = skip_ws(t, ls, le);
    if (i < le && t[i] == ')') {
        cols->in_create = 0;
        return;
    }
    static const char *const not_cols[] = {"primary", "key", "unique", "constraint", "index", "foreign", NULL};
    size_t s = i;
    if (i < le && (t[i] == '`' || t[i] == '"' || t[i] == '['))
        s = ++i;
    while (i < le && t[i] != '`' && t[i] != '"' && t[i] != ']' && t[i] != ' ')
        i++;
    if (i == s || word_eq(t + s, i - s, not_cols) || cols->n >= MAX_COLS)
        return;
    cols->k[cols->n++] = label_kind(sh, t + s, i - s);
}

/* INSERT INTO t [(cols)] VALUES (...),(...): fields under their columns. */
static void sql_insert_line(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                            size_t ls, size_t le, struct cols *cols)
{
    const char *t = c->text;
    size_t i = ls;
    while (i < le && !starts_ci(t, i, le, "values") && t[i] != '(')
        i++;
    if (i < le && t[i] == '(') {
        /* An explicit column list. */
        cols->n = 0;
        i++;
        while (i < le && t[i] != ')' && cols->n < MAX_COLS) {
            i = skip_ws(t, i, le);
            size_t s = i;
            while (i < le && t[i] != ',' && t[i] != ')')
                i++;
            size_t e = i;
            while (e > s && (t[e - 1] == ' ' || t[e - 1] == '`' || t[e - 1] == '"'))
                e--;
            while (s < e && (t[s] == '`' || t[s] == '"'))
                s++;
            cols->k[cols->n++] = label_kind(sc->shared, t + s, e - s);
            if (i < le && t[i] == ',')
                i++;
        }
        while (i < le && !starts_ci(t, i, le, "values"))
            i++;
    }
    size_t field = 0, fs = 0;
    int depth = 0, quoted = 0;
    for (; i < le; i++) {
        char ch = t[i];
        if (quoted) {
            if (ch == '\\')
                i++;
            else if (ch == '\'')
                quoted = 0;
            continue;
        }
        if (ch == '\'') {
            quoted = 1;
        } else if (ch == '(' && depth == 0) {
            depth = 1;
            field = 0;
            fs = i + 1;
        } else if ((ch == ',' || ch == ')') && depth == 1) {
            if (field < cols->n && reported_kind(cols->k[field]))
                labelled(sc, c, sp, fs, i, cols->k[field]);
            field++;
            fs = i + 1;
            if (ch == ')')
                depth = 0;
        }
    }
}

/* The text of each <th>/<td> cell on a line; calls back with its index. */
static void html_cells(const struct es_scan_ctx *sc, const struct es_chunk *c, struct spans *sp,
                       size_t ls, size_t le, const char *tag, struct cols *cols, int header)
{
    const char *t = c->text;
    size_t idx = 0;
    for (size_t i = ls; i + 3 < le; i++) {
        if (!tag_at(t, i, le, tag))
            continue;
        const char *gt = memchr(t + i, '>', le - i);
        if (!gt)
            return;
        size_t s = (size_t)(gt - t) + 1, e = s;
        while (e < le && t[e] != '<')
            e++;
        if (header) {
            if (idx < MAX_COLS)
                cols->k[idx] = label_kind(sc->shared, t + s, e - s);
            cols->n = idx + 1 < MAX_COLS ? idx + 1 : MAX_COLS;
        } else if (idx < cols->n && reported_kind(cols->k[idx])) {
            labelled(sc, c, sp, s, e, cols->k[idx]);
        }
        idx++;
        i = e - 1;
    }
}

/* The end of the line starting at ls (its '\n', or len), and whether the
 * line holds a '<' (markup cells), in one pass: lines are short, and two
 * memchr() calls per line cost more than the bytes. */
static size_t line_end(const char *t, size_t ls, size_t len, int *has_lt)
{
    size_t i = ls;
    unsigned lt = 0;
#ifdef __SSE2__
    for (; i + 16 <= len; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i));
        unsigned nl = (unsigned)_mm_movemask_epi8(u8_eq(v, '\n'));
        unsigned m = (unsigned)_mm_movemask_epi8(u8_eq(v, '<'));
        if (nl) {
            /* Only the '<' before the line break count. */
            unsigned below = (1u << __builtin_ctz(nl)) - 1;
            *has_lt = (lt | (m & below)) != 0;
            return i + (size_t)__builtin_ctz(nl);
        }
        lt |= m;
    }
#endif
    for (; i < len && t[i] != '\n'; i++)
        lt |= t[i] == '<';
    *has_lt = lt != 0;
    return i;
}

#ifdef NAME_AVX2
/* The classes of line_class() as bits of a byte (CLS_*), for 32 bytes:
 * two table look-ups (PSHUFB) on each byte's nibbles, ANDed; each bit of
 * the high-nibble table stands for one rectangle of (high, low) nibbles,
 * set in the low-nibble table for exactly that rectangle's low nibbles:
 *   CLS_UPPER1 {4} x {1..F} ('A'..'O')   CLS_UPPER2 {5} x {0..A} ('P'..'Z')
 *   CLS_THAI {E} x {0}    CLS_CJK {E} x {3..D, F}    CLS_HANGUL {E} x {A..D}
 * and sep_byte()'s bytes in the three bits left (CLS_SEP, any of them):
 *   CLS_SEP_3 {3} x {A, C, D} (':' '<' '=')   CLS_SEP_0 {0} x {9} ('\t')
 *   CLS_SEP_E {E} x {F} (0xEF) */
enum {
    CLS_UPPER1 = 1, CLS_UPPER2 = 2, CLS_THAI = 4, CLS_CJK = 8, CLS_HANGUL = 16,
    CLS_SEP_3 = 32, CLS_SEP_0 = 64, CLS_SEP_E = 128, CLS_SEP = CLS_SEP_3 | CLS_SEP_0 | CLS_SEP_E
};
__attribute__((target("avx2"))) static inline __m256i line_cls32(__m256i v)
{
#define HI_0 CLS_SEP_0
#define HI_3 CLS_SEP_3
#define HI_E (CLS_THAI | CLS_CJK | CLS_HANGUL | CLS_SEP_E)
    const __m256i hi_tab = _mm256_setr_epi8(HI_0, 0, 0, HI_3, CLS_UPPER1, CLS_UPPER2, 0, 0, 0, 0, 0, 0, 0, 0,
                                            (char)HI_E, 0, HI_0, 0, 0, HI_3, CLS_UPPER1, CLS_UPPER2, 0, 0, 0, 0,
                                            0, 0, 0, 0, (char)HI_E, 0);
#undef HI_0
#undef HI_3
#undef HI_E
#define LO_0 (CLS_UPPER2 | CLS_THAI)
#define LO_1 (CLS_UPPER1 | CLS_UPPER2)
#define LO_3 (CLS_UPPER1 | CLS_UPPER2 | CLS_CJK)
#define LO_9 (LO_3 | CLS_SEP_0)
#define LO_A (CLS_UPPER1 | CLS_UPPER2 | CLS_CJK | CLS_HANGUL | CLS_SEP_3)
#define LO_B (CLS_UPPER1 | CLS_CJK | CLS_HANGUL)
#define LO_C (LO_B | CLS_SEP_3)
#define LO_E (CLS_UPPER1)
#define LO_F (CLS_UPPER1 | CLS_CJK | CLS_SEP_E)
    const __m256i lo_tab = _mm256_setr_epi8(LO_0, LO_1, LO_1, LO_3, LO_3, LO_3, LO_3, LO_3, LO_3, LO_9, LO_A, LO_B,
                                            LO_C, LO_C, LO_E, (char)LO_F, LO_0, LO_1, LO_1, LO_3, LO_3, LO_3, LO_3,
                                            LO_3, LO_3, LO_9, LO_A, LO_B, LO_C, LO_C, LO_E, (char)LO_F);
#undef LO_0
#undef LO_1
#undef LO_3
#undef LO_9
#undef LO_A
#undef LO_B
#undef LO_C
#undef LO_E
#undef LO_F
    const __m256i nib = es_ybyte(0x0F);
    return _mm256_and_si256(_mm256_shuffle_epi8(hi_tab, _mm256_and_si256(_mm256_srli_epi16(v, 4), nib)),
                            _mm256_shuffle_epi8(lo_tab, _mm256_and_si256(v, nib)));
}

/* line_class()'s bits (LC_*) of the lanes of a line_cls32() vector in m. */
__attribute__((target("avx2"))) static inline unsigned line_cls_bits(__m256i x, uint32_t m)
{
    /* Bit b of each byte to its top bit: a 16-bit shift left by 7 - b
     * brings into a byte's top bit only that byte's own bit b. */
    uint32_t up = ((uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 7)) |
                   (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 6))) & m;
    uint32_t th = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 5)) & m;
    uint32_t cj = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 4)) & m;
    uint32_t hg = (uint32_t)_mm256_movemask_epi8(_mm256_slli_epi16(x, 3)) & m;
    return (unsigned)(up != 0) * LC_UPPER | (unsigned)(cj != 0) * LC_CJK | (unsigned)(th != 0) * LC_THAI |
           (unsigned)(hg != 0) * LC_HANGUL;
}

/* Lanes of sep_next()'s bytes (sep_byte()) in x, a line_cls32() vector. */
__attribute__((target("avx2"))) static inline uint32_t sep_mask32(__m256i x)
{
    return ~(uint32_t)_mm256_movemask_epi8(y_eq(_mm256_and_si256(x, es_ybyte(CLS_SEP)), 0));
}

/* line_end(), and in the same pass what inline_labels() and free_text()
 * would each look for in their own pass over the line: *sep0 =
 * sep_next(t, ls, le) and *cls = line_class(t, ls, le); 32 bytes a step. */
__attribute__((target("avx2"))) static size_t line_scan_avx2(const char *t, size_t ls, size_t len, int *has_lt,
                                                           size_t *sep0, unsigned *cls)
{
    size_t i = ls, sep = SIZE_MAX;
    uint32_t lt = 0;
    __m256i acc = _mm256_setzero_si256();   /* line_cls32() of the steps before */
    if (len >= 32) {
        /* 32 bytes at i while they are in the text (most steps: no lane
         * to mask); then the 32 bytes ending at len, the lanes before i
         * masked off (t[len - 32] is in the text): the last line of every
         * chunk ends there, and short chunks are many. */
        size_t base = i;
        uint32_t valid = ~0u, nl = 0;
        __m256i v = acc, x = acc;
        for (; i + 32 <= len; i += 32) {
            v = _mm256_loadu_si256((const __m256i *)(t + i));
            nl = (uint32_t)_mm256_movemask_epi8(y_eq(v, '\n'));
            x = line_cls32(v);
            if (nl || i + 32 == len)
                break;   /* the line's last step */
            if (sep == SIZE_MAX) {
                uint32_t sm = sep_mask32(x);
                if (sm)
                    sep = i + (size_t)__builtin_ctz(sm);
            }
            lt |= (uint32_t)_mm256_movemask_epi8(y_eq(v, '<'));
            acc = _mm256_or_si256(acc, x);
        }
        if (i + 32 <= len) {
            base = i;
        } else if (i < len) {
            base = len - 32;
            valid = ~0u << (i - base);
            v = _mm256_loadu_si256((const __m256i *)(t + base));
            nl = (uint32_t)_mm256_movemask_epi8(y_eq(v, '\n')) & valid;
            x = line_cls32(v);
        } else {
            /* i == len == ls: an empty line at the end. */
            *has_lt = 0;
            *sep0 = len;
            *cls = 0;
            return len;
        }
        /* The line ends at the break or at len, in this step: its lanes
         * before the break (all of them without one). */
        uint32_t below = (nl ? (nl & (0u - nl)) - 1 : ~0u) & valid;
        size_t le = nl ? base + (size_t)__builtin_ctz(nl) : len;
        if (sep == SIZE_MAX) {
            uint32_t sm = sep_mask32(x) & below;
            if (sm)
                sep = base + (size_t)__builtin_ctz(sm);
        }
        *has_lt = (lt | ((uint32_t)_mm256_movemask_epi8(y_eq(v, '<')) & below)) != 0;
        *sep0 = sep != SIZE_MAX ? sep : le;
        *cls = line_cls_bits(acc, ~0u) | line_cls_bits(x, below);
        return le;
    }
    /* A chunk shorter than 32 bytes, one byte at a time. */
    unsigned bits = 0;
    for (; i < len && t[i] != '\n'; i++) {
        unsigned ch = (unsigned char)t[i];
        lt |= ch == '<';
        if (sep == SIZE_MAX && sep_byte(ch))
            sep = i;
        bits |= byte_class(ch);
    }
    *has_lt = lt != 0;
    *sep0 = sep != SIZE_MAX ? sep : i;
    *cls = bits;
    return i;
}
#endif

static void name_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    struct cols sql = {{L_NONE}, 0, 0}, html = {{L_NONE}, 0, 0};
    const char *t = c->text;
    size_t len = c->len;
    int tabular = c->delim && c->header && c->nheader;
    int has_family = 0;
    /* Header kinds and lengths once per chunk, not once per row. */
    enum label_kind hk[MAX_COLS];
    size_t hl[MAX_COLS];
    if (tabular)
        for (size_t i = 0; i < c->nheader; i++) {
            size_t n = c->header[i] ? strlen(c->header[i]) : 0;
            enum label_kind k = c->header[i] ? label_kind(sc->shared, c->header[i], n) : L_NONE;
            if (i < MAX_COLS) {
                hk[i] = k;
                hl[i] = n;
            }
            has_family |= k == L_FAMILY;
        }
    enum label_kind chunk_kind = c->label ? label_kind(sc->shared, c->label, strlen(c->label)) : L_NONE;
    enum label_kind pending = L_NONE;
    struct cjk_cache cc = {0, 0, 0, {0, 0, 0}};
    /* ~180 KiB: in the worker's scratch, not on the stack. Without it
     * labels are classified each time (label_kind_memo() with NULL). */
    struct label_memo *lm = es_scan_scratch(sc, sizeof *lm);
    if (lm)
        memset(lm->len, LABEL_MEMO_NONE, sizeof lm->len);
#ifdef NAME_AVX2
    int avx2 = es_cpu_avx2();
    cc.avx2 = avx2;
#endif
    for (size_t ls = 0; ls < c->owned;) {
        int has_lt;
        size_t sep0 = SIZE_MAX;
        unsigned cls = LC_UNKNOWN;
        size_t le;
#ifdef NAME_AVX2
        if (avx2)
            le = line_scan_avx2(t, ls, len, &has_lt, &sep0, &cls);
        else
#endif
            le = line_end(t, ls, len, &has_lt);
        struct spans sp;
        sp.n = 0;
        size_t fi0 = skip_ws(t, ls, le);
        /* The statement a line starts with, looked at once (its first
         * letter first: most lines start otherwise). */
        int f0 = fi0 < le ? lc((unsigned char)t[fi0]) : 0;
        int create = f0 == 'c' && starts_ci(t, fi0, le, "create table");
        int insert = f0 == 'i' && starts_ci(t, fi0, le, "insert into");
        /* An SQL dump's column definitions ("`id` INT,") line up like CSV
         * rows; its statements are still statements. */
        int sql_line = sql.in_create || create || insert;
        if (tabular && !sql_line) {
            tabular_line(sc, c, &sp, ls, le, has_family, hk, hl, &cc, lm);
        } else if (chunk_kind == L_OTHER || chunk_kind == L_GIVEN) {
            /* The whole chunk is a non-name field (address, model, given name). */
        } else {
            if (sql.in_create)
                sql_create_line(sc->shared, t, ls, le, &sql);
            else if (create) {
                sql.n = 0;
                sql.in_create = 1;
            } else if (insert)
                sql_insert_line(sc, c, &sp, ls, le, &sql);
            if (has_lt) {
                int th = 0, td = 0;
                for (size_t i = ls; i + 3 < le; i++) {
                    th |= tag_at(t, i, le, "th");
                    td |= tag_at(t, i, le, "td");
                }
                if (th && !td)
                    html_cells(sc, c, &sp, ls, le, "th", &html, 1);
                else if (td && !th)
                    html_cells(sc, c, &sp, ls, le, "td", &html, 0);
            }
            if (chunk_kind == L_LIST)
                labelled_list(sc, c, &sp, ls, le);
            else if (chunk_kind != L_NONE)
                labelled(sc, c, &sp, ls, le, chunk_kind);
            inline_labels(sc, c, &sp, ls, le, &pending, sep0, lm);
            free_text(sc, c, &sp, ls, le, 1, cls, &cc);
        }
        ls = le + 1;
    }
}

/* Keep the first character of each word: 山* 太*, J*** S****. */
static size_t name_mask(const char *norm, size_t len, char *out, size_t cap)
{
    size_t o = 0, n;
    int first = 1;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < len; i += n) {
        uint32_t c = dec(norm, len, i, &n);
        if (c == ' ' || c == '-' || c == ',') {
            if (o + 1 >= cap)
                break;
            out[o++] = (char)c;
            first = 1;
            continue;
        }
        if (first) {
            if (o + n >= cap)
                break;
            memcpy(out + o, norm + i, n);
            o += n;
            first = 0;
        } else {
            if (o + 1 >= cap)
                break;
            out[o++] = '*';
        }
    }
    out[o] = '\0';
    return o;
}

const struct es_detector es_det_name = {
    .id = "name",
    .description = "people's names (Latin, kanji, kana, Thai, Hangul)",
    .init = name_init,
    .fini = name_fini,
    .scan = name_scan,
    .mask = name_mask,
};
