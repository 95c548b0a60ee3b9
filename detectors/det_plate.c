/*
 * plate: vehicle registration plates.
 *
 * Japanese plates are found anywhere: a real 地名 (geo_tables.c), a class
 * number, one hiragana from the set actually issued, and a serial in one of
 * the printed forms (12-34, 1234, 1-23, ・123, ・・12, ・・・1). Other
 * countries' plates are short alphanumeric strings that look like many other
 * things, so they are only taken where a label says "this is a plate": a
 * column header, a JSON key / XML element, a label before the value on the
 * same line, or a label alone on the line above (a two-cell table row in a
 * letter).
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "detector.h"
#include "geo_tables.h"

/* Region names jp_try() takes (there are about 140), and its index by
 * NAME_KEY() of a name's bytes 1 and 2, 12 bits. */
#define REGION_MAX 512
#define NAME_KEYS 4096
#define NAME_KEY(b1, b2) ((unsigned)((b1) & 0x3F) << 6 | ((b2) & 0x3F))

struct plate_shared {
    pcre2_code *jp;      /* region class kana serial */
    pcre2_code *label;   /* an inline label, followed by separators */
    pcre2_code *foreign; /* anchored value shapes of other countries */
    pcre2_code *th;      /* Thai plate ending in a real province name */
    struct es_prefilter label_pf;   /* LABEL_PREFIXES */
    struct es_prefilter jp_pf;      /* the region names jp starts with */
    struct es_literals label_lits;  /* LABEL_LITERALS */
    struct es_litscan label_scan;   /* label_pf and label_lits, for es_re_find_lits() */
    size_t region_max;              /* bytes of the longest region name */
    uint8_t region_end[256];        /* 1 for each last byte of a region name */
    int digit_ends;                 /* some region name ends in an ASCII digit */
    int high_ends;                  /* every region name ends in a byte >= 0x80 */
    /* With high_ends and every name 2 bytes or more: bit TAIL_KEY() of a
     * name's last two bytes (a superset test of "a name ends here"). */
    int tail_test;
    uint8_t region_tail[4096 / 8];
    int label_gate;                 /* every LABEL_PREFIXES literal has 3 bytes or more */
    /* jp_try(): the region names in jp's order, by bytes 1-2 of each. */
    pcre2_code *jp_rest;            /* jp after its region group */
    int jp_split;                   /* jp_try() may use jp_rest (see plate_init) */
    const char *rname[REGION_MAX];
    size_t rlen[REGION_MAX];
    uint16_t rstart[NAME_KEYS + 1]; /* names of key k: rix[rstart[k], rstart[k + 1]) */
    uint16_t rix[REGION_MAX];
};

/* What every label_re match starts with (for its prefilter): its first
 * three bytes where the alternatives allow ("no" is followed by '.', ' ',
 * '_' or "pol", or is "nomor"). */
static const char *const LABEL_PREFIXES[] = {
    /* The order puts one CJK, Thai or Hangul literal in each of the
     * prefilter's 8 nibble buckets (literal k goes to bucket k * 8 / 19),
     * with ASCII ones: in Japanese text most bytes are E3-E9 lead bytes and
     * 80-BF continuation bytes, and two CJK literals sharing a bucket (車,
     * 自動, ナン did) let many kana and kanji through the nibble tables. */
    "車", "no.", "no ", "ナン", "no_", "自動", "nop", "nom", "登録", "num",
    "车", "reg", "ท", "lic", "pla", "번", "veh", "차", "bi\xE1", NULL};

/* And what every label_re match starts with in full, tested at the
 * prefilter's passes before a match attempt (label_find()): its three bytes
 * are one CJK character, and 車 (車両, 車検), ナ (ナビ) are everywhere in
 * a dealer's text, as is "vehicle" in its data (veh(?:icle)?[ _.]? is
 * followed by "no" or "number": an 'n'). ASCII letters in either case, as under (?i): none of
 * these has a letter with a non-ASCII case variant (k, s). */
static const char *const LABEL_LITERALS[] = {
    "reg", "number", "licen", "plat", "vehn", "veh n", "veh_n", "veh.n", "vehiclen", "vehicle n",
    "vehicle_n", "vehicle.n", "nomor", "no.", "no ", "no_", "nop", "bi\xE1",
    "登録番号", "車両番号", "自動車登録番号", "ナンバ", "ทะเบียน", "번호판", "차량번호", "车牌", "車牌",
    NULL};

/* Kana issued on private and business plates and rental わ/れ; お し へ ん
 * are never used (お looks like あ, し and へ sound like death, ん is not a
 * syllable). Business plates use あいうえかきくけこを. */
#define KANA_CLASS "[あいうえかきくけこさすせそたちつてとなにぬねのはひふほまみむめもやゆよらりるれろわを]"

/* Class number: 1 to 3 characters, the first a digit; since 2017 the last
 * two may be letters when the numeric series ran out. */
#define CLASS_RE "\\d[0-9ACFHKLMPXY]{0,2}"

/* Serial: 12-34 / 1-23 / 1234, or dots standing for leading blanks. */
#define DOT_CLASS "[・･.·•]"
#define SERIAL_RE "\\d{1,2}-\\d{2}|\\d{4}|" DOT_CLASS "{1,3}[ ]?\\d{1,3}"

/* What jp holds after its region group (jp_try() tries it on its own). */
#define JP_REST "[ ]?(?<class>" CLASS_RE ")[ ]?(?<kana>" KANA_CLASS ")[ ]?(?<serial>" SERIAL_RE ")(?![0-9]|-[0-9])"

static const char label_re[] =
    "(?<![A-Za-z])(?i:registration|rego|number[ _]?plate|licen[cs]e[ _]?plate|plate(?:[ _]?(?:no\\.?|number))?"
    "|reg(?:\\.|istration)?[ _]?(?:no\\.?|number)|veh(?:icle)?[ _.]?(?:no\\.?|number)"
    "|nomor[ _]polisi|plat[ _]nomor|no\\.?[ _]?pol|bi\\x{1EC3}n[ _]s\\x{1ED1})"
    "|登録番号|車両番号|自動車登録番号|ナンバ[ー-]|ทะเบียน(?:รถ)?|번호판|차량번호|车牌号?|車牌號?|車牌";

/* Value shapes, tried at a value's first byte. Order matters: the specific
 * shapes come before the generic one. */
static const char foreign_re[] =
    "\\A(?:"
    "(?<in>[A-Z]{2}[ -]?\\d{1,2}[ -]?[A-Z]{1,3}[ -]?\\d{1,4})"
    "|(?<kr>\\d{2,3}[ ]?[\\x{AC00}-\\x{D7A3}][ ]?\\d{4})"
    "|(?<cn>[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·• ]?[A-Z0-9]{5,6})"
    "|(?<vn>\\d{2}[A-Z]{1,2}\\d?[ -]?\\d{3}\\.?\\d{2})"
    "|(?<th>\\d?[\\x{0E01}-\\x{0E2E}]{1,3}[ -]?\\d{1,4}(?:[ ]+[\\x{0E01}-\\x{0E4E}]{2,})?)"
    "|(?<id>[A-Z]{1,2}[ ]\\d{1,4}[ ][A-Z]{1,3})"
    "|(?<gen>[A-Z0-9]{1,4}(?:[ -]?[A-Z0-9]{1,4}){1,2})"
    ")(?![A-Za-z0-9\\x{0E01}-\\x{0E4E}.-])";

enum { G_IN = 1, G_KR, G_CN, G_VN, G_TH, G_ID, G_GEN };

/* The low 6 bits of the last two bytes of a region name (UTF-8
 * continuation bytes: the last character's own bits), 12 bits. */
#define TAIL_KEY(b2, b1) ((unsigned)((b2) & 0x3F) << 6 | ((b1) & 0x3F))

static void plate_fini(void *shared)
{
    struct plate_shared *s = shared;
    if (!s)
        return;
    pcre2_code_free(s->jp);
    pcre2_code_free(s->label);
    pcre2_code_free(s->foreign);
    pcre2_code_free(s->th);
    pcre2_code_free(s->jp_rest);
    free(s);
}

/* Append src to buf at *o; 0 if it does not fit. */
static int put(char *buf, size_t cap, size_t *o, const char *src)
{
    size_t n = strlen(src);
    if (*o + n + 1 > cap)
        return 0;
    memcpy(buf + *o, src, n);
    *o += n;
    buf[*o] = '\0';
    return 1;
}

static int plate_init(void **shared)
{
    int status = ES_ERR_PATTERN;
    struct plate_shared *s = calloc(1, sizeof *s);
    /* ~140 JP names of at most 12 bytes, or 78 Thai provinces of at most
     * 48 bytes, each plus '|': 8 KiB is ample. */
    char pat[8192];
    size_t o = 0, maxlen = 0;
    if (!s)
        return ES_ERR_NOMEM;
    for (const char *const *r = es_geo_plate_regions; *r; r++)
        if (strlen(*r) > maxlen)
            maxlen = strlen(*r);
    if (!put(pat, sizeof pat, &o, "(?<region>"))
        goto done;
    /* Longest names first so that an alternative never stops inside a
     * longer one (尾張小牧 before a hypothetical 尾張). */
    int first = 1;
    /* jp_try() tries the names itself where each is a literal of 3 bytes
     * or more without an ASCII byte (no pattern syntax), in this order. */
    size_t nr = 0;
    s->jp_split = 1;
    for (size_t len = maxlen; len > 0; len--)
        for (const char *const *r = es_geo_plate_regions; *r; r++) {
            if (strlen(*r) != len)
                continue;
            if ((!first && !put(pat, sizeof pat, &o, "|")) || !put(pat, sizeof pat, &o, *r))
                goto done;
            first = 0;
            for (size_t i = 0; i < len; i++)
                if ((unsigned char)(*r)[i] < 0x80)
                    s->jp_split = 0;
            if (len < 3 || nr == REGION_MAX)
                s->jp_split = 0;
            else {
                s->rname[nr] = *r;
                s->rlen[nr++] = len;
            }
        }
    if (!put(pat, sizeof pat, &o, ")" JP_REST))
        goto done;
    s->jp = es_re_compile(pat, PCRE2_UTF | PCRE2_ANCHORED, NULL, 0);   /* at prefilter hits */
    s->jp_rest = es_re_compile(JP_REST, PCRE2_UTF | PCRE2_ANCHORED, NULL, 0);
    if (s->jp_split) {
        /* The index: a counting sort by key keeps jp's order within a key. */
        uint16_t fill[NAME_KEYS + 1] = {0};
        for (size_t k = 0; k < nr; k++)
            fill[NAME_KEY((unsigned char)s->rname[k][1], (unsigned char)s->rname[k][2]) + 1]++;
        for (size_t k = 0; k < NAME_KEYS; k++)
            fill[k + 1] = (uint16_t)(fill[k + 1] + fill[k]);
        memcpy(s->rstart, fill, sizeof s->rstart);
        for (size_t k = 0; k < nr; k++)
            s->rix[fill[NAME_KEY((unsigned char)s->rname[k][1], (unsigned char)s->rname[k][2])]++] = (uint16_t)k;
    }
    /* Thai: [digit] two consonants, 1-4 digits, the province. The province
     * makes the shape specific enough to need no label. */
    o = 0;
    if (!put(pat, sizeof pat, &o,
             "(?<![\\x{0E00}-\\x{0E7F}0-9])\\d?[\\x{0E01}-\\x{0E2E}]{2}[ ]?\\d{1,4}[ ]+(?:"))
        goto done;
    first = 1;
    for (const char *const *r = es_geo_th_provinces; *r; r++) {
        if ((!first && !put(pat, sizeof pat, &o, "|")) || !put(pat, sizeof pat, &o, *r))
            goto done;
        first = 0;
    }
    if (!put(pat, sizeof pat, &o, ")(?![\\x{0E00}-\\x{0E7F}])"))
        goto done;
    s->th = es_re_compile(pat, PCRE2_UTF, NULL, 0);
    s->label = es_re_compile(label_re, PCRE2_UTF | PCRE2_ANCHORED, NULL, 0);   /* at prefilter hits */
    s->foreign = es_re_compile(foreign_re, PCRE2_UTF, NULL, 0);
    es_pf_init(&s->label_pf, LABEL_PREFIXES);
    /* The label literals must fit es_literals: the list ships with us. */
    int lits_ok = es_lits_init(&s->label_lits, LABEL_LITERALS);
    es_litscan_init(&s->label_scan, &s->label_pf, &s->label_lits);
    es_pf_init(&s->jp_pf, es_geo_plate_regions);
    s->region_max = maxlen;
    for (const char *const *r = es_geo_plate_regions; *r; r++)
        if (**r)
            s->region_end[(unsigned char)(*r)[strlen(*r) - 1]] = 1;
        else
            memset(s->region_end, 1, sizeof s->region_end); /* an empty name ends anywhere */
    for (unsigned ch = '0'; ch <= '9'; ch++)
        s->digit_ends |= s->region_end[ch];
    s->high_ends = 1;
    for (unsigned ch = 0; ch < 0x80; ch++)
        if (s->region_end[ch])
            s->high_ends = 0;
    s->tail_test = s->high_ends;
    for (const char *const *r = es_geo_plate_regions; *r; r++) {
        size_t n = strlen(*r);
        if (n < 2) {
            s->tail_test = 0;
            break;
        }
        unsigned k = TAIL_KEY((unsigned char)(*r)[n - 2], (unsigned char)(*r)[n - 1]);
        s->region_tail[k >> 3] |= (uint8_t)(1u << (k & 7));
    }
    if (!s->jp || !s->jp_rest || !s->label || !s->foreign || !s->th || !lits_ok)
        goto done;
    s->label_gate = 1;
    for (const char *const *p = LABEL_PREFIXES; *p; p++)
        if (strlen(*p) < 3)
            s->label_gate = 0;
    status = ES_OK;
done:
    if (status != ES_OK) {
        plate_fini(s);
        s = NULL;
    }
    *shared = s;
    return status;
}

/* The code point ending at text[off] (off > 0), or 0. */
static unsigned prev_cp(const char *text, size_t off)
{
    size_t i = off;
    if (i == 0)
        return 0;
    i--;
    while (i > 0 && ((unsigned char)text[i] & 0xC0) == 0x80)
        i--;
    const unsigned char *p = (const unsigned char *)text + i;
    if (p[0] < 0x80)
        return p[0];
    if ((p[0] & 0xE0) == 0xC0)
        return ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    if ((p[0] & 0xF0) == 0xE0)
        return ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    return ((p[0] & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12) | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
}

static int is_han(unsigned cp)
{
    /* CJK unified ideographs, extension A, and 々 (repeat mark). */
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || cp == 0x3005;
}

static int is_katakana(unsigned cp)
{
    return cp >= 0x30A1 && cp <= 0x30FA;
}

/* Normalised JP plate: region class kana serial without spaces; serial as
 * NN-NN or dots (・) and digits. Returns 0 if the serial is not valid. */
static size_t jp_norm(const char *t, size_t rs, size_t re_, size_t cs, size_t ce, size_t ks,
                      size_t ke, size_t ss, size_t se, char *out, size_t cap)
{
    char digits[4];
    size_t nd = 0, ndots = 0, o = 0;
    int hyphen = 0;
    for (size_t i = ss; i < se;) {
        unsigned char ch = (unsigned char)t[i];
        if (ch >= '0' && ch <= '9') {
            if (nd == sizeof digits)
                return 0;
            digits[nd++] = (char)ch;
            i++;
        } else if (ch == '-') {
            hyphen = 1;
            i++;
        } else if (ch == ' ') {
            i++;
        } else {
            /* a dot, ASCII or multi-byte */
            ndots++;
            i++;
            while (i < se && ((unsigned char)t[i] & 0xC0) == 0x80)
                i++;
        }
    }
    if (nd == 0 || digits[0] == '0')
        return 0;   /* leading blanks are printed as dots, never as 0 */
    if (ndots && ndots + nd != 4)
        return 0;
    if (!ndots && !hyphen && nd != 4)
        return 0;
    size_t need = (re_ - rs) + (ce - cs) + (ke - ks) + 3 * 4 + 8;
    if (need >= cap)
        return 0;
    memcpy(out + o, t + rs, re_ - rs);
    o += re_ - rs;
    memcpy(out + o, t + cs, ce - cs);
    o += ce - cs;
    memcpy(out + o, t + ks, ke - ks);
    o += ke - ks;
    if (ndots) {
        for (size_t i = 0; i < ndots; i++) {
            memcpy(out + o, "\xE3\x83\xBB", 3);   /* ・ U+30FB */
            o += 3;
        }
        memcpy(out + o, digits, nd);
        o += nd;
    } else if (nd == 4) {
        out[o++] = digits[0];
        out[o++] = digits[1];
        out[o++] = '-';
        out[o++] = digits[2];
        out[o++] = digits[3];
    } else {
        /* 1-23: one digit before the hyphen */
        out[o++] = digits[0];
        out[o++] = '-';
        memcpy(out + o, digits + 1, nd - 1);
        o += nd - 1;
    }
    out[o] = '\0';
    return o;
}

/* What \d matches without PCRE2_UCP (the class number starts with one). */
static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

static size_t line_end(const char *t, size_t len, size_t i)
{
    const char *nl = memchr(t + i, '\n', len - i);
    return nl ? (size_t)(nl - t) : len;
}

/*
 * Bits of the 64-byte window at text[i] (k < 64, i + k < len): the return
 * value has bit k set if text[i + k] is a byte >= 0x80 (part of a UTF-8
 * sequence), *space if it is a space.
 */
static uint64_t high_bits(const char *text, size_t len, size_t i, uint64_t *space)
{
    const unsigned char *t = (const unsigned char *)text;
    uint64_t h = 0, sp = 0;
    size_t k = 0;
#ifdef __SSE2__
    /* The sign bit of each byte is the test itself: one movemask. */
    for (; k + 16 <= 64 && i + k + 16 <= len; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i + k));
        h |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << k;
        sp |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))) << k;
    }
#endif
    for (; k < 64 && i + k < len; k++) {
        h |= (uint64_t)(t[i + k] >= 0x80) << k;
        sp |= (uint64_t)(t[i + k] == ' ') << k;
    }
    *space = sp;
    return h;
}

/* Offsets of a jp match's groups: region, class, kana, serial. */
struct jp_groups {
    size_t s[4], e[4];
};

/*
 * es_re_try(jp) at text[p], the subject ending at le, with its groups
 * into *g: the same result, cheaper. jp is an alternation of ~140 region
 * names, tried in turn at every start (most of a try's cost), then the
 * rest (JP_REST). Its first success is that of the names that start at p
 * in jp's order, each followed by a try of the rest after it: so those
 * are found by NAME_KEY() (the names sharing a name's bytes 1 and 2) and
 * tried so. Neither pattern comes near the match limit (literals and short
 * classes), so both give up alike: never.
 */
static int jp_try(const struct es_scan_ctx *sc, const struct plate_shared *s, const char *t, size_t le,
                  size_t p, size_t *ms, size_t *me, struct jp_groups *g)
{
    if (!s->jp_split) {
        int rc = es_re_try(sc, s->jp, t, le, p, ms, me);
        if (rc > 0)
            for (unsigned i = 0; i < 4; i++)
                if (!es_re_group(sc, i + 1, &g->s[i], &g->e[i]))
                    g->s[i] = g->e[i] = (size_t)-1;
        return rc;
    }
    if (p + 3 > le)
        return 0;   /* every name has 3 bytes or more */
    unsigned key = NAME_KEY((unsigned char)t[p + 1], (unsigned char)t[p + 2]);
    for (size_t i = s->rstart[key]; i < s->rstart[key + 1]; i++) {
        size_t k = s->rix[i], n = s->rlen[k];
        if (n > le - p || memcmp(t + p, s->rname[k], n) != 0)
            continue;
        size_t rs, re_;
        int rc = es_re_try(sc, s->jp_rest, t, le, p + n, &rs, &re_);
        if (rc < 0)
            return rc;
        if (rc == 0)
            continue;
        *ms = p;
        *me = re_;
        g->s[0] = p;
        g->e[0] = p + n;
        for (unsigned j = 1; j < 4; j++)
            if (!es_re_group(sc, j, &g->s[j], &g->e[j]))
                g->s[j] = g->e[j] = (size_t)-1;
        return 1;
    }
    return 0;
}

/*
 * The first jp match at or after pos, as a loop over the lines from pos
 * would find it trying each jp_pf pass of each line as an anchored match
 * (the line from pos, then each next line that starts before c->owned; a
 * limit error gives up on its line), trying far fewer positions: a match
 * is a region name, maybe a space, then the class, whose first byte is an
 * ASCII digit (\d without PCRE2_UCP) right after a non-digit. So a match starts at most
 * s->region_max + 1 bytes before the first digit of a digit run, within
 * its line; only those windows, in order and each position once, go to the
 * prefilter and the anchored pattern (the subject ending at the line end),
 * and the first success is the leftmost match. Lines without a digit hold
 * no match and are passed over with the digit bits, not one by one. In
 * Japanese prose most kanji pass the prefilter, few stand before a digit.
 * Returns 1 with the match, 0 if there is none, -1 after an error with
 * *resume where the scan goes on.
 */
static int jp_next(const struct es_scan_ctx *sc, const struct plate_shared *s,
                   const struct es_chunk *c, size_t pos, size_t *ms, size_t *me, size_t *resume,
                   struct jp_groups *g)
{
    const char *t = c->text;
    size_t len = c->len;
    size_t le = line_end(t, len, pos); /* end of the line being tried */
    size_t tried = pos;                /* positions below this were tried or cannot start a match */
    /* The digits 64 at a time. Unless a region name ends in a digit
     * (digit_ends), a digit after a digit fails the test below at once:
     * only the first digit of each run is looked at. */
    for (size_t i = pos; i < len; i += 64) {
        uint64_t dm = es_digit_bits(t, len, i), cand = dm;
        if (!s->digit_ends)
            cand &= ~(dm << 1 | (uint64_t)(i > 0 && is_digit(t[i - 1])));
        if (cand && s->high_ends) {
            /* The region_end test below, on the whole window: when every
             * region name ends in a byte >= 0x80, a digit can follow one
             * only if the byte before it is such a byte, or a space after
             * one. Skipping the digits that fail changes nothing: the test
             * below refuses them, and what they set before it (the line
             * they are on, or the return when it starts at c->owned) the
             * next digit looked at sets the same way, from a line at or
             * after theirs; without one the loop returns 0 as well. */
            uint64_t sp, h = high_bits(t, len, i, &sp);
            uint64_t b1 = i > 0 && (unsigned char)t[i - 1] >= 0x80;
            uint64_t b2 = i > 1 && (unsigned char)t[i - 2] >= 0x80;
            uint64_t h1 = h << 1 | b1;                 /* bit k: t[i + k - 1] >= 0x80 */
            uint64_t s1 = sp << 1 | (uint64_t)(i > 0 && t[i - 1] == ' ');
            uint64_t h2 = h << 2 | b1 << 1 | b2;       /* bit k: t[i + k - 2] >= 0x80 */
            cand &= h1 | (s1 & h2);
        }
        for (; cand; cand &= cand - 1) {
            size_t d = i + (size_t)__builtin_ctzll(cand);
            if (d > le) {
                /* A later line (those between hold no digit): it starts
                 * after its last '\n' before d, which is at or after le. */
                size_t ls = (size_t)((const char *)memrchr(t + le, '\n', d - le) - t) + 1;
                if (ls >= c->owned)
                    return 0;   /* the line loop stops before this line */
                le = line_end(t, len, d);
                tried = ls;
            }
            /* Right before the class: the last byte of a region name, or a
             * space after one (which also rules out a digit there). */
            unsigned char b1 = d > 0 ? (unsigned char)t[d - 1] : 0;
            unsigned char b2 = d > 1 ? (unsigned char)t[d - 2] : 0;
            if (!s->region_end[b1] && !(b1 == ' ' && s->region_end[b2]))
                continue;
            if (s->tail_test) {
                /* A match before d has its class at d (the class of a
                 * match further left starts at an earlier digit run, and
                 * was found at its turn; further right is past the digit
                 * at d, which no region name holds): a region name ends at
                 * d, or at d - 1 before a space. If the last two bytes
                 * there end none, every try below fails (the pattern is
                 * literals and short classes: far from the match limit,
                 * no error), so d is passed over. Not marking d tried
                 * lets the next digit retry some of those positions: they
                 * fail again. */
                size_t e = b1 == ' ' ? d - 1 : d;
                unsigned k = e >= 2 ? TAIL_KEY((unsigned char)t[e - 2], (unsigned char)t[e - 1]) : 0;
                if (e < 2 || !(s->region_tail[k >> 3] >> (k & 7) & 1))
                    continue;
            }
            size_t lo = d > s->region_max + 1 ? d - s->region_max - 1 : 0;
            if (lo < tried)
                lo = tried;
            for (size_t p = es_pf_next(&s->jp_pf, t, d, lo); p < d;
                 p = es_pf_next(&s->jp_pf, t, d, p + 1)) {
                int rc = jp_try(sc, s, t, le, p, ms, me, g);
                if (rc > 0)
                    return 1;
                if (rc < 0) {
                    *resume = le + 1;   /* give up on the line */
                    return -1;
                }
            }
            tried = d;
        }
    }
    return 0;
}

static void scan_jp(const struct es_scan_ctx *sc, const struct plate_shared *s,
                    const struct es_chunk *c)
{
    size_t pos = 0, ms, me, resume;
    while (pos < c->owned) {
        /* The pattern never crosses a line (no class of it holds '\n') and
         * tries every region name at every kanji or kana, so it runs only
         * just before digit runs (jp_next), the subject ending at the line
         * end; its lookahead sees the same at a subject end as before a '\n'. */
        struct jp_groups g;
        int r = jp_next(sc, s, c, pos, &ms, &me, &resume, &g);
        if (r == 0)
            break;
        if (r < 0) {
            pos = resume;
            continue;
        }
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        if (ms < c->from)
            continue;
        /* A kanji right before the region makes it part of a longer place
         * name (南品川...), unless that kanji ends a label such as 番号. */
        unsigned cp = prev_cp(c->text, ms);
        if (is_han(cp)) {
            int labelled = ms >= 6 && (memcmp(c->text + ms - 6, "番号", 6) == 0 ||
                                       memcmp(c->text + ms - 6, "車両", 6) == 0);
            if (!labelled)
                continue;
        }
        /* Every group takes part in a match (none is optional). */
        if (g.s[0] == (size_t)-1 || g.s[1] == (size_t)-1 || g.s[2] == (size_t)-1 || g.s[3] == (size_t)-1)
            continue;
        size_t rs = g.s[0], re_ = g.e[0], cs = g.s[1], ce = g.e[1], ks = g.s[2], ke = g.e[2], ss = g.s[3],
               se = g.e[3];
        char norm[128];
        size_t n = jp_norm(c->text, rs, re_, cs, ce, ks, ke, ss, se, norm, sizeof norm);
        if (!n)
            continue;
        es_hit(sc, ms, me, ES_CONF_HIGH, norm, n);
    }
}

static void scan_th(const struct es_scan_ctx *sc, const struct plate_shared *s,
                    const struct es_chunk *c)
{
    size_t pos = 0, ms, me;
    while (pos < c->owned && es_re_find(sc, s->th, c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        if (ms < c->from)
            continue;
        char norm[128];
        size_t o = 0;
        for (size_t i = ms; i < me && o + 1 < sizeof norm; i++)
            if (c->text[i] != ' ')
                norm[o++] = c->text[i];
        norm[o] = '\0';
        es_hit(sc, ms, me, ES_CONF_HIGH, norm, o);
    }
}

/* ---- labelled plates of other countries ---- */

/* Is text[0, n) a plate label? Dates and first-registration columns carry
 * the same words but hold no plate. */
static int label_text_ok(const struct es_scan_ctx *sc, const struct plate_shared *s,
                         const char *t, size_t n)
{
    static const char *const not_plate[] = {
        "date", "first", "year", "expir", "renew", "日", "年月", "期限", "status", "type",
        "state", "serial", "device", "phone", "lot", "_id", " id", "-id", "code", "key",
        "token", "event", "user", "account", "course", "fee", "month", NULL,
    };
    size_t ms, me;
    if (!t || n == 0 || n > 64)   /* a header, key or label is short */
        return 0;
    if (!es_re_find_lits(sc, s->label, &s->label_scan, t, n, 0, &ms, &me))
        return 0;
    if (es_ctx_has(t, n, not_plate))
        return 0;
    /* ナンバー after other katakana is a serial / lot number, not a plate. */
    if (ms + strlen("ナンバ") <= n && memcmp(t + ms, "ナンバ", strlen("ナンバ")) == 0 &&
        is_katakana(prev_cp(t, ms)))
        return 0;
    return 1;
}

/* A byte that can belong to a label's words (letters, spaces, '_', '.',
 * and any non-ASCII byte of a CJK or Thai label). */
static int label_char(char ch)
{
    unsigned char u = (unsigned char)ch;
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u == ' ' || u == '_' || u == '.' ||
           u >= 0x80;
}

static int header_is_label(const struct es_scan_ctx *sc, const struct plate_shared *s,
                           const char *h)
{
    return h && label_text_ok(sc, s, h, strlen(h));
}

static int has_alpha(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((t[i] >= 'A' && t[i] <= 'Z') || (unsigned char)t[i] >= 0x80)
            return 1;
    return 0;
}

static int has_digit(const char *t, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (t[i] >= '0' && t[i] <= '9')
            return 1;
    return 0;
}

static int in_state_ok(const char *t)
{
    for (const char *const *p = es_geo_in_state_codes; *p; p++)
        if (t[0] == (*p)[0] && t[1] == (*p)[1])
            return 1;
    return 0;
}

/* Try a foreign plate at text[off]; the value ends before line end le. */
static size_t try_foreign(const struct es_scan_ctx *sc, const struct plate_shared *s,
                          const struct es_chunk *c, size_t off, size_t le)
{
    size_t ms, me, gs, ge;
    /* Before `from` is the previous chunk's text, repeated as context. */
    if (off >= le || off >= c->owned || off < c->from)
        return 0;
    if (!es_re_find(sc, s->foreign, c->text + off, le - off, 0, &ms, &me) || ms != 0)
        return 0;
    const char *v = c->text + off;
    size_t n = me;
    if (!has_digit(v, n) || !has_alpha(v, n))
        return 0;
    if (es_re_group(sc, G_TH, &gs, &ge)) {
        /* With its province it was reported by scan_th already. */
        size_t ts, te;
        if (es_re_find(sc, s->th, c->text, le, off, &ts, &te) && ts == off)
            return te;
    } else if (es_re_group(sc, G_IN, &gs, &ge)) {
        if (!in_state_ok(v))
            return 0;
    } else if (es_re_group(sc, G_GEN, &gs, &ge)) {
        size_t an = 0;
        for (size_t i = 0; i < n; i++)
            an += v[i] != ' ' && v[i] != '-';
        /* Plates of the labelled regions carry 4 to 8 characters. */
        if (an < 4 || an > 8)
            return 0;
    }
    char norm[96];
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < sizeof norm; i++)
        if (v[i] != ' ')
            norm[o++] = v[i];
    norm[o] = '\0';
    es_hit(sc, off, off + n, ES_CONF_MEDIUM, norm, o);
    return off + n;
}

static size_t skip_ws(const char *t, size_t i, size_t e)
{
    while (i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == '"' || t[i] == '\'' || t[i] == '\r'))
        i++;
    return i;
}

/* Is this line only a label (a two-cell row: "Registration" / value below)? */
static int line_is_label(const struct es_scan_ctx *sc, const struct plate_shared *s,
                         const char *t, size_t ls, size_t le)
{
    while (ls < le && (t[ls] == ' ' || t[ls] == '\t'))
        ls++;
    while (le > ls && (t[le - 1] == ' ' || t[le - 1] == '\t' || t[le - 1] == '\r' ||
                       t[le - 1] == ':'))
        le--;
    if (le - ls >= 3 && memcmp(t + le - 3, "：", 3) == 0)
        le -= 3;
    if (le <= ls || le - ls > 40)   /* labels are short */
        return 0;
    size_t ms, me;
    if (!es_re_find_lits(sc, s->label, &s->label_scan, t + ls, le - ls, 0, &ms, &me))
        return 0;
    /* The label must be the whole line, bar a word such as "No." after it. */
    return ms <= 4 && le - ls - me <= 6 && label_text_ok(sc, s, t + ls, le - ls);
}

/* Plate-label columns of a tab-separated line (HTML table rows arrive as
 * tab-separated lines without a declared header): bit i = field i. */
static uint64_t tab_label_mask(const struct es_scan_ctx *sc, const struct plate_shared *s,
                               const char *t, size_t ls, size_t le, size_t *ntabs)
{
    uint64_t mask = 0;
    size_t field = 0, fs = ls;
    *ntabs = 0;
    for (size_t i = ls; i <= le; i++) {
        if (i < le && t[i] >= '0' && t[i] <= '9')
            return 0;   /* a header row holds no numbers */
        if (i == le || t[i] == '\t') {
            if (field < 64 && label_text_ok(sc, s, t + fs, i - fs))
                mask |= (uint64_t)1 << field;
            if (i < le)
                (*ntabs)++;
            field++;
            fs = i + 1;
        }
    }
    return *ntabs ? mask : 0;
}

static size_t count_tabs(const char *t, size_t ls, size_t le)
{
    size_t n = 0;
    for (size_t i = ls; i < le; i++)
        n += t[i] == '\t';
    return n;
}

/* ---- SQL dumps: values of plate columns in INSERT statements, read by
 * es_sql_peek() / es_sql_read() (fieldctx.c) as phone, device_id and
 * customer_id read them: keywords in any case, columns named by the
 * INSERT's own list or by the latest CREATE TABLE of the table before it ---- */

struct sql_ctx {
    const struct es_scan_ctx *sc;
    const struct plate_shared *s;
    const struct es_chunk *c;
};

static unsigned sql_want(void *ctx, const char *name, size_t len)
{
    const struct sql_ctx *x = ctx;
    return (unsigned)label_text_ok(x->sc, x->s, name, len);
}

static void sql_emit(void *ctx, unsigned tag, size_t vs, size_t ve)
{
    const struct sql_ctx *x = ctx;
    (void)tag;
    /* Quoted values only: a plate is a string, bare values are numbers,
     * NULL or calls. */
    if (vs > 0 && x->c->text[vs - 1] == '\'')
        try_foreign(x->sc, x->s, x->c, vs, ve);
}

/* The label prefilter's next pass in the chunk: valid if known, and then
 * the first pass at or after every offset up to at. */
struct label_cursor {
    size_t at;
    int known;
    /* Most passes lie close together (車, ナ, "veh" of every line). */
    struct es_pf_cursor pf;
};

/*
 * es_re_find_lits(label) in the line t[pos, le), with one prefilter pass over
 * the whole chunk instead of one per line (most lines hold no label, and a
 * pass restarted per line costs more than the line). The chunk-wide passes
 * at positions up to le - 3 are the per-line ones: the three bytes the
 * prefilter looks at lie within the line. The per-line call may also pass
 * le - 2, but a match there would be 2 bytes long, and every match starts
 * with a LABEL_PREFIXES literal of 3 bytes or more (label_gate); nothing
 * passes le - 1. Tries go in the same order, skipping passes where no
 * LABEL_LITERALS literal starts (no match can), and an error gives up on
 * the line as es_re_find_lits() does.
 */
static int label_find(const struct es_scan_ctx *sc, const struct plate_shared *s,
                      const struct es_chunk *c, size_t le, size_t pos, struct label_cursor *cur,
                      size_t *ms, size_t *me)
{
    const char *t = c->text;
    if (!s->label_gate)
        return es_re_find_lits(sc, s->label, &s->label_scan, t, le, pos, ms, me);
    if (!cur->known || cur->at < pos) {
        cur->at = es_pf_cursor_next(&s->label_pf, &cur->pf, t, c->len, pos);
        cur->known = 1;
    }
    while (cur->at + 2 < le) {
        /* es_lits_at() up to le, as up to c->len (its word test needs 8
         * bytes): t[le] is a '\n' (or le is c->len), which no literal holds. */
        if (es_lits_at(&s->label_lits, t, c->len, cur->at)) {
            int rc = es_re_try(sc, s->label, t, le, cur->at, ms, me);
            if (rc)
                return rc > 0;
        }
        cur->at = es_pf_cursor_next(&s->label_pf, &cur->pf, t, c->len, cur->at + 1);
    }
    return 0;
}

static void scan_foreign(const struct es_scan_ctx *sc, const struct plate_shared *s,
                         const struct es_chunk *c)
{
    size_t hdr_tabs = 0;
    uint64_t hdr_mask = 0;   /* implicit header of a tab-separated block */
    /* INSERT statements with a plate column: their values are tried as the
     * line loop reaches the statement (hits stay in text order), and their
     * lines are not read for labels. sql_at: the next INSERT keyword;
     * lines that start before sql_to continue a statement read. */
    struct es_sql_iter sq;
    struct sql_ctx sx = {sc, s, c};
    size_t sql_at = (size_t)-1, sql_to = 0;
    int sql_on = 0;   /* statements looked for (sql_at valid) */
    const char *t = c->text;
    int chunk_labelled = c->label && header_is_label(sc, s, c->label);
    int prev_label = 0;
    uint64_t col_mask = 0;   /* tabular: which of the first 64 fields are plate columns */
    struct label_cursor lab = {0, 0, {0, 0, 0}};
    /* Once tab_known, the first tab at or after the line being read
     * (c->len: none): a line holds a tab iff it lies before the line's
     * end, so most lines (holding none) need no search of their own. */
    size_t next_tab = 0;
    int tab_known = 0;
    if (c->delim && c->header)
        for (size_t i = 0; i < c->nheader && i < 64; i++)
            if (header_is_label(sc, s, c->header[i]))
                col_mask |= (uint64_t)1 << i;
    /* Lines that can do nothing below (most of them) are passed over with
     * a few tests (the first of the loop). */
    int quiet_chunk = !c->delim && !chunk_labelled && s->label_gate;
    for (size_t ls = 0; ls < c->owned;) {
        const char *nl = memchr(t + ls, '\n', c->len - ls);
        size_t le = nl ? (size_t)(nl - t) : c->len;
        int quiet = 0;
        if (quiet_chunk && !prev_label) {
            /* No plate column (no delimiter), no label before (chunk or
             * line above), no tab (the header-row test) and no prefilter
             * pass 3 bytes before le (label_find(), may_label): then
             * nothing is tried, and prev_label stays 0. */
            if (!tab_known || next_tab < ls) {
                const char *tb = memchr(t + ls, '\t', c->len - ls);
                next_tab = tb ? (size_t)(tb - t) : c->len;
                tab_known = 1;
            }
            if (!lab.known || lab.at < ls) {
                lab.at = es_pf_cursor_next(&s->label_pf, &lab.pf, t, c->len, ls);
                lab.known = 1;
            }
            quiet = next_tab >= le && lab.at + 3 > le;
        }
        if (!sql_on && !quiet) {
            /* Only a column named by a label (in an INSERT's column list
             * or a CREATE TABLE) has its values read, and the name comes
             * before them: in a quiet chunk, on the first line where a
             * LABEL_LITERALS literal starts at a prefilter pass (the name's
             * label match starts at one, 3 bytes or more before its line's
             * end) or later. The walk to that pass is label_find()'s own
             * (it tries the label only where a literal starts), done
             * here first: the cursor is left where label_find() goes on.
             * Statements read from the chunk start then have their values
             * from this line on; the lines before did nothing (no label
             * anywhere in them). */
            int named = !quiet_chunk;
            if (!named) {
                if (!lab.known || lab.at < ls) {
                    lab.at = es_pf_cursor_next(&s->label_pf, &lab.pf, t, c->len, ls);
                    lab.known = 1;
                }
                while (lab.at + 2 < le && !es_lits_at(&s->label_lits, t, c->len, lab.at))
                    lab.at = es_pf_cursor_next(&s->label_pf, &lab.pf, t, c->len, lab.at + 1);
                named = lab.at + 2 < le;
            }
            if (named) {
                sql_on = 1;
                if (es_sql_maybe(sc, c)) {
                    es_sql_begin(&sq);
                    sql_at = es_sql_peek(sc, c, &sq);
                }
            }
        }
        int in_sql = ls < sql_to;
        for (size_t end; sql_at < le; sql_at = es_sql_peek(sc, c, &sq))
            if (es_sql_read(sc, c, &sq, sql_want, sql_emit, &sx, &end)) {
                in_sql = 1;
                if (end > sql_to)
                    sql_to = end;
            }
        if (in_sql || quiet) {
            ls = le + 1;
            continue;
        }
        size_t done_to = ls;
        uint64_t row_mask = col_mask;
        char delim = c->delim;
        if (!c->delim && (!tab_known || next_tab < ls)) {
            const char *tb = memchr(t + ls, '\t', c->len - ls);
            next_tab = tb ? (size_t)(tb - t) : c->len;
            tab_known = 1;
        }
        if (!c->delim && next_tab < le) {
            size_t nt;
            uint64_t m = tab_label_mask(sc, s, t, ls, le, &nt);
            if (m) {
                hdr_mask = m;
                hdr_tabs = nt;
            } else if (hdr_mask && count_tabs(t, ls, le) == hdr_tabs) {
                row_mask = hdr_mask;
                delim = '\t';
            }
        }
        if (row_mask) {
            /* Fields after the last plate column are not looked at. */
            size_t last_field = 63 - (size_t)__builtin_clzll(row_mask);
            size_t field = 0, fs = ls;
            int quoted = 0;
            /* The row's quotes and delimiters from 64-byte masks; a field
             * ends at an unquoted delimiter or at the line end. */
            for (size_t b = ls, i; b <= le && field <= last_field; b += 64) {
                uint64_t m = b < le ? es_either_bits(t, le, b, '"', delim) : 0;
                /* Past the last block: the line end closes the last field. */
                int at_end = b + 64 >= le;
                for (;;) {
                    if (m) {
                        i = b + (size_t)__builtin_ctzll(m);
                        m &= m - 1;
                        if (t[i] == '"') {
                            quoted = !quoted;
                            continue;
                        }
                        if (quoted)
                            continue;
                    } else if (at_end) {
                        i = le;
                    } else {
                        break;
                    }
                    if (field < 64 && (row_mask >> field & 1)) {
                        size_t v = skip_ws(t, fs, i);
                        if (v >= done_to) {
                            size_t e = try_foreign(sc, s, c, v, i);
                            if (e)
                                done_to = e;
                        }
                    }
                    if (++field > last_field || i == le)
                        break;
                    fs = i + 1;
                }
                if (at_end)
                    break;
            }
        }
        if (chunk_labelled || prev_label) {
            size_t v = skip_ws(t, ls, le);
            if (v >= done_to) {
                size_t e = try_foreign(sc, s, c, v, le);
                if (e)
                    done_to = e;
            }
        }
        /* Inline labels: "Rego: ABC123", "registration":"ABC-123",
         * <th>Registration</th><td>ABC123</td>. */
        size_t pos = ls, ms, me;
        /* May the line hold a label? With label_gate, a label starts with
         * a LABEL_PREFIXES literal of 3 bytes or more: at a position the
         * chunk-wide prefilter passes (its first pass at or after ls is
         * where label_find() starts for pos = ls), 3 bytes before le at
         * the latest. */
        int may_label = 1;
        if (s->label_gate) {
            if (!lab.known || lab.at < ls) {
                lab.at = es_pf_cursor_next(&s->label_pf, &lab.pf, t, c->len, ls);
                lab.known = 1;
            }
            may_label = lab.at + 3 <= le;
        }
        while (pos < le && label_find(sc, s, c, le, pos, &lab, &ms, &me)) {
            pos = me;
            /* The label's own words: letters and spaces around it, up to a
             * separator (quote, colon, tab, comma), at most 24 bytes back
             * and 16 on. */
            size_t bs = ms, ae = me;
            while (bs > ls && ms - bs < 24 && label_char(t[bs - 1]))
                bs--;
            while (ae < le && ae - me < 16 && label_char(t[ae]))
                ae++;
            if (!label_text_ok(sc, s, t + bs, ae - bs))
                continue;
            size_t v = me;
            /* separators, quotes, tags and a "No." between label and value */
            for (int guard = 0; guard < 8 && v < le; guard++) {
                size_t v0 = v;
                while (v < le && strchr(" \t\"':=>#._-", t[v]) && t[v])
                    v++;
                if (v + 3 <= le && memcmp(t + v, "：", 3) == 0)
                    v += 3;
                if (v < le && t[v] == '<') {
                    const char *gt = memchr(t + v, '>', le - v);
                    if (gt)
                        v = (size_t)(gt - t) + 1;
                }
                if (v + 2 < le && (t[v] == 'N' || t[v] == 'n') && (t[v + 1] == 'o' || t[v + 1] == 'O') &&
                    (t[v + 2] == '.' || t[v + 2] == ':' || t[v + 2] == ' '))
                    v += 3;
                if (v == v0)
                    break;
            }
            if (v > me && v >= done_to) {
                size_t e = try_foreign(sc, s, c, v, le);
                if (e) {
                    done_to = e;
                    pos = e;
                }
            }
        }
        /* A blank line keeps a pending label (docx cells may be separated
         * by empty paragraphs). */
        size_t nb = skip_ws(t, ls, le);
        if (nb < le)
            /* line_is_label() looks for a label within the line. */
            prev_label = may_label && line_is_label(sc, s, t, ls, le);
        ls = le + 1;
    }
}

static void plate_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const struct plate_shared *s = sc->shared;
    if (!s || c->owned == 0)
        return;
    scan_jp(sc, s, c);
    /* A Thai plate has two Thai consonants (U+0E01-U+0E2E: UTF-8 E0 B8 xx):
     * without a 0xE0 byte the chunk has none, and the unanchored search
     * would try every position for nothing. */
    if (memchr(c->text, 0xE0, c->len))
        scan_th(sc, s, c);
    scan_foreign(sc, s, c);
}

/* 品川300さ12-34 -> 品川 300 さ **-**: region and class stay, serial goes. */
static size_t plate_mask(const char *norm, size_t len, char *out, size_t cap)
{
    size_t o = 0, i = 0;
    if (cap == 0)
        return 0;
    /* Japanese form: find the kana (a 3-byte hiragana after the class digits). */
    size_t d = 0;
    while (d < len && !(norm[d] >= '0' && norm[d] <= '9'))
        d++;
    if (d > 0 && d < len && (unsigned char)norm[0] >= 0xE3) {
        size_t k = d;
        while (k < len && (unsigned char)norm[k] < 0x80)
            k++;
        if (k + 3 <= len && o + k + 8 < cap) {
            memcpy(out, norm, d);
            o = d;
            out[o++] = ' ';
            memcpy(out + o, norm + d, k - d);
            o += k - d;
            out[o++] = ' ';
            memcpy(out + o, norm + k, 3);
            o += 3;
            out[o++] = ' ';
            for (i = k + 3; i < len && o + 4 < cap; i++)
                out[o++] = (norm[i] >= '0' && norm[i] <= '9') ? '*' : norm[i];
            out[o] = '\0';
            return o;
        }
    }
    /* Thai: keep the series letters and the province, mask the number. */
    for (size_t k = 0; k + 1 < len; k++)
        if ((unsigned char)norm[k] == 0xE0 && ((unsigned char)norm[k + 1] & 0xFE) == 0xB8) {
            size_t n = len < cap - 1 ? len : cap - 1;
            for (i = 0; i < n; i++)
                out[i] = (i > 0 && norm[i] >= '0' && norm[i] <= '9') ? '*' : norm[i];
            /* do not cut a UTF-8 sequence */
            while (n > 0 && n < len && ((unsigned char)norm[n] & 0xC0) == 0x80)
                n--;
            out[n] = '\0';
            return n;
        }
    /* Other forms: keep the first two characters (state / region code). */
    return es_mask_keep(norm, len, 2, 0, out, cap);
}

const struct es_detector es_det_plate = {
    .id = "plate",
    .description = "vehicle registration plates (JP and labelled others)",
    .init = plate_init,
    .fini = plate_fini,
    .scan = plate_scan,
    .mask = plate_mask,
};
