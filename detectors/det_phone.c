/*
 * phone: numbers of persons, national and international, checked against
 * the number plans of Japan, Australia, New Zealand, US/Canada, the UK,
 * India, Singapore, Malaysia, Thailand, Indonesia, the Philippines, Korea,
 * China, Taiwan, Hong Kong and Vietnam.
 *
 * The pattern finds runs of digits joined by common separators (space - .
 * parentheses); C splits a run into digit groups and looks for the longest
 * span of groups that is a valid number: its digits must fit a region's
 * length and prefix plan and its grouping must be one people write (so
 * dates, versions, IP addresses and ISBNs fail). Context decides the rest:
 * company main, fax and toll-free numbers are not personal data and are not
 * reported; a bare digit string needs a phone label unless it is a Japanese
 * mobile number.
 *
 * libphonenumber (Debian: libphonenumber-dev) knows every plan in detail,
 * but it is C++, large, and its matcher accepts far more than a scanner
 * should report; compact per-region tables in C are enough here.
 */
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "detector.h"

/* A '+' or '(' (at most two: "(+81)"), then at least 8 digits (the
 * shortest plan: SG, HK) with separator runs of up to four characters
 * between them. Short digit runs fail inside the JIT code without a round
 * trip to C. Plain ASCII classes: no UCP needed. */
static const char PATTERN[] = "[+(]{0,2}[0-9](?:[ ().+\\-]{0,4}[0-9]){7,}";

/* Digit groups looked at in one run; longer runs are tables of numbers. */
#define MAX_GROUPS 32
/* Groups one number may span (+CC, area, exchange, line, and one spare). */
#define MAX_SPAN 6
/* E.164 allows 15 digits; with an "00" international prefix 17. */
#define MAX_DIGITS 17
/* Bytes before a number searched for a label ("携帯電話番号：" is 21). */
#define LABEL_NEAR 48
/* Bytes after a number searched for "(代表)", "FAX ...". */
#define AFTER_NEAR 24

struct span {
    const char *t;
    size_t gs[MAX_GROUPS], ge[MAX_GROUPS];   /* digit groups */
    size_t ng;
    size_t lead;                             /* start of the run ('+' or '(') */
    int kind[MAX_GROUPS];                    /* sep_kind() of the separator before group k */
    size_t cum[MAX_GROUPS + 1];              /* digits in groups [0, k) */
};

/* A parsed number: country code and national significant number. */
struct number {
    const char *cc;
    char nsn[MAX_DIGITS + 1];
    size_t nsn_len;
    int intl;          /* written with + or 00 */
    int need_label;    /* plan valid but too weak alone (8-digit SG/HK, bare digits) */
    int jp_mobile;     /* 070/080/090 */
    int other_cc;      /* a country code outside our plans */
};

static int is_digit(unsigned char ch)
{
    return ch >= '0' && ch <= '9';
}

static int is_alpha(unsigned char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

static int pre(const char *n, size_t len, const char *p)
{
    size_t pl = strlen(p);
    return len >= pl && memcmp(n, p, pl) == 0;
}

static int in(char ch, const char *set)
{
    return ch && strchr(set, ch) != NULL;
}

/*
 * National significant numbers (no trunk 0, no country code), per region.
 * Each returns 1 if n[0, len) fits the plan. Toll-free, shared-cost and
 * premium ranges are left out on purpose: they belong to companies.
 */
static int jp_ok(const char *n, size_t len)
{
    /* 0120, 0570 navi-dial, 0990 premium, 0180 tele-dome; 0800 toll-free. */
    if (pre(n, len, "120") || pre(n, len, "570") || pre(n, len, "990") || pre(n, len, "180") ||
        pre(n, len, "800"))
        return 0;
    /* 070/080/090 mobiles and 050 IP phones: 11 digits with the 0. */
    if (len == 10)
        return in(n[0], "5789") && n[1] == '0';
    /* Fixed lines: 10 digits with the 0; 0X0 codes are not geographic. */
    return len == 9 && in(n[0], "123456789") && n[1] != '0';
}

static int au_ok(const char *n, size_t len)
{
    /* 04 mobiles; 02 03 07 08 geographic. 1300/1800/13 are not national with 0. */
    return len == 9 && in(n[0], "23478");
}

static int nz_ok(const char *n, size_t len)
{
    if (pre(n, len, "800") || pre(n, len, "508"))
        return 0;   /* 0800 / 0508 free phone */
    if (n[0] == '2')
        return len >= 8 && len <= 10;   /* 02x mobiles: 6-8 digits after 02x */
    return len == 8 && in(n[0], "34679");
}

static int uk_ok(const char *n, size_t len)
{
    /* 07 mobiles (070 personal numbers and 076 pagers excluded), 01/02 geographic;
     * 03 (non-geographic), 08 and 09 are company ranges. */
    if (pre(n, len, "808"))
        return 0;   /* 0808 free phone */
    if (len == 10 && n[0] == '7')
        return in(n[1], "12345789");
    if (len == 10 && in(n[0], "12"))
        return n[0] == '2' || n[1] != '0';   /* 010: no such area */
    return len == 9 && pre(n, len, "16977");   /* the one 9-digit area (016977) */
}

static int in_ok(const char *n, size_t len)
{
    /* 10 digits: 6-9 mobiles, else an STD code of 2-4 digits and the line. */
    return len == 10 && in(n[0], "123456789") && !pre(n, len, "10") && !pre(n, len, "1800") &&
           !pre(n, len, "1860");
}

static int th_ok(const char *n, size_t len)
{
    return (len == 8 && in(n[0], "234567")) || (len == 9 && in(n[0], "689"));
}

static int my_ok(const char *n, size_t len)
{
    if (pre(n, len, "1300") || pre(n, len, "1800"))
        return 0;
    if (n[0] == '1')
        return len == 9 || len == 10;   /* 01x mobiles */
    return (len == 8 || len == 9) && in(n[0], "3456789");
}

static int id_ok(const char *n, size_t len)
{
    if (pre(n, len, "800") || pre(n, len, "1500"))
        return 0;
    if (n[0] == '8')
        return len >= 9 && len <= 12;   /* 08xx mobiles */
    return len >= 8 && len <= 11 && in(n[0], "2345679");
}

static int ph_ok(const char *n, size_t len)
{
    if (n[0] == '9')
        return len == 10;   /* 09xx mobiles */
    return (len == 8 || len == 9) && in(n[0], "2345678");
}

static int kr_ok(const char *n, size_t len)
{
    if (pre(n, len, "80"))
        return 0;   /* 080 free phone */
    if (n[0] == '1')
        return (len == 9 || len == 10) && in(n[1], "016789");   /* 010, 011, 016-019 */
    if (n[0] == '2')
        return len == 8 || len == 9;                            /* Seoul */
    if (pre(n, len, "70"))
        return len == 10;                                        /* 070 VoIP */
    /* 031-033, 041-044, 051-055, 061-064 */
    return (len == 9 || len == 10) && in(n[0], "3456") && in(n[1], "12345");
}

static int cn_ok(const char *n, size_t len)
{
    /* Mobiles 13x-19x (11 digits, written without a trunk 0); fixed lines
     * 010 / 02x plus 8 digits, 0xxx plus 7-8 digits. */
    if (n[0] == '1')
        return (len == 10 && n[1] == '0') || (len == 11 && in(n[1], "3456789"));
    if (n[0] == '2')
        return len == 10;
    return (len == 10 || len == 11) && in(n[0], "3456789") && !pre(n, len, "400") &&
           !pre(n, len, "800");
}

static int tw_ok(const char *n, size_t len)
{
    if (pre(n, len, "800"))
        return 0;
    if (n[0] == '9')
        return len == 9;   /* 09xx mobiles */
    return (len == 8 || len == 9) && in(n[0], "2345678");
}

static int vn_ok(const char *n, size_t len)
{
    if (n[0] == '2')
        return len == 10;
    return len == 9 && in(n[0], "35789");
}

/* North American Numbering Plan: NXX-NXX-XXXX. */
static int us_ok(const char *n, size_t len)
{
    if (len != 10 || !in(n[0], "23456789") || !in(n[3], "23456789"))
        return 0;
    if (n[1] == n[2] && n[1] == '1')
        return 0;   /* N11 service codes */
    if (n[1] == '9')
        return 0;   /* N9X: reserved for expansion */
    if (n[0] == '8' && n[1] == n[2])
        return 0;   /* 800, 822 ... 888: toll-free */
    if (pre(n, len, "900"))
        return 0;   /* premium */
    if (memcmp(n + 3, "55501", 5) == 0)
        return 0;   /* 555-01XX: reserved for fiction */
    return 1;
}

static int sg_ok(const char *n, size_t len)
{
    return len == 8 && in(n[0], "3689") && !pre(n, len, "800");
}

static int hk_ok(const char *n, size_t len)
{
    return len == 8 && in(n[0], "235679");
}

/* Regions with a national trunk prefix 0, in the order tried for a national
 * number (Japan first: the scanner's home market; the norm of an ambiguous
 * national number is only a key for distinct counts). */
struct region {
    const char *cc;
    int (*ok)(const char *n, size_t len);
    /* Groupings written in the region, as group lengths of the national
     * significant number ("333": 412 345 678; 'a' = 10 digits), separated
     * by '|'; NULL: any grouping generic_grouping() accepts. */
    const char *shapes;
};
/* AU: 0412 345 678, (02) 9999 9999. UK: 020 7946 0958, 0113 496 0000,
 * 01632 960123, 07700 900123, 07700 900 123. */
#define AU_SHAPES "9|333|144"
#define UK_SHAPES "a|244|334|433|46|36|9"
/* TW: 0912-345-678, 0912 345678, 02-2345-6789, 07-123-4567, 037-123-456. */
/* IN: 098608 03231, +91 96189 45373, 033-27171563, 0422-2345678, 080 2795 8455. */
#define IN_SHAPES "a|55|28|37|46|244|334|343|433"
/* SG, HK: 9123 4567. */
#define SG_HK_SHAPES "8|44"
#define TW_SHAPES "9|8|333|36|144|134|233|234|18|17"
static const struct region TRUNK[] = {
    {"81", jp_ok, NULL},  {"61", au_ok, AU_SHAPES}, {"64", nz_ok, NULL},
    {"44", uk_ok, UK_SHAPES}, {"91", in_ok, IN_SHAPES}, {"66", th_ok, NULL},
    {"82", kr_ok, NULL},  {"60", my_ok, NULL},      {"62", id_ok, NULL},
    {"63", ph_ok, NULL},  {"86", cn_ok, NULL},      {"886", tw_ok, TW_SHAPES},
    {"84", vn_ok, NULL},
};
/* Country codes for international numbers, longest first where they nest. */
static const struct region INTL[] = {
    {"852", hk_ok, SG_HK_SHAPES}, {"886", tw_ok, TW_SHAPES}, {"81", jp_ok, NULL}, {"61", au_ok, AU_SHAPES},
    {"64", nz_ok, NULL},  {"44", uk_ok, UK_SHAPES}, {"91", in_ok, IN_SHAPES}, {"66", th_ok, NULL},
    {"60", my_ok, NULL},  {"62", id_ok, NULL},  {"63", ph_ok, NULL},  {"82", kr_ok, NULL},
    {"84", vn_ok, NULL},  {"86", cn_ok, NULL},  {"65", sg_ok, SG_HK_SHAPES},  {"1", us_ok, NULL},
};

/* Group lengths of the national significant number (trunk / country code
 * stripped), for the grouping checks. */
struct groups {
    size_t len[MAX_SPAN];
    size_t n;
    int kinds;   /* separators seen, as sep_kind() returns them */
};

/* Drop k leading digits from the grouping (country code, trunk 0). */
static void drop_digits(struct groups *g, size_t k)
{
    while (k && g->n) {
        size_t d = g->len[0] < k ? g->len[0] : k;
        g->len[0] -= d;
        k -= d;
        if (g->len[0] == 0) {
            memmove(g->len, g->len + 1, (g->n - 1) * sizeof g->len[0]);
            g->n--;
        }
    }
}

/* Japanese convention: area-exchange-line with a 4-digit line number
 * (03-1234-5678, 0258(48)5828, 090-1234-5678), or no separators at all. */
static int jp_grouping(const struct groups *g, size_t nsn_len)
{
    if (g->n == 1)
        return 1;
    if (g->n != 3 || g->len[2] != 4)
        return 0;
    if (nsn_len == 10)
        return g->len[0] == 2;   /* 90-1234-5678 once the 0 is gone */
    return g->len[0] >= 1 && g->len[0] <= 4;
}

/* Elsewhere: up to four groups, none of one digit after the first, and a
 * line number of at least 4 digits ("021 123 4567", "+91 98765 43210";
 * regions that end on three digits list their shapes). */
static int generic_grouping(const struct groups *g)
{
    if (g->n == 1)
        return 1;
    /* Area or mobile prefixes have at most three digits without the 0
     * ("0755-1234-5678"); "03051-72884" is a part or reference number. */
    if (g->n > 4 || g->len[g->n - 1] < 4 || g->len[0] > 3)
        return 0;
    for (size_t i = 1; i < g->n; i++)
        if (g->len[i] < 2)
            return 0;
    return 1;
}

/* The grouping is one of the region's shapes (see struct region). */
static int shape_listed(const struct groups *g, const char *shapes)
{
    const char *p = shapes;
    while (*p) {
        size_t k = 0;
        int ok = 1;
        for (; *p && *p != '|'; p++, k++) {
            size_t want = *p == 'a' ? 10 : (size_t)(*p - '0');
            if (k >= g->n || g->len[k] != want)
                ok = 0;
        }
        if (ok && k == g->n)
            return 1;
        if (*p == '|')
            p++;
    }
    return 0;
}

static int region_grouping(const struct region *r, const struct groups *g, size_t nsn_len)
{
    if (r->ok == jp_ok)
        return jp_grouping(g, nsn_len);
    return r->shapes ? shape_listed(g, r->shapes) : generic_grouping(g);
}

static int shape_is(const struct groups *g, size_t a, size_t b, size_t c)
{
    size_t want[3] = {a, b, c};
    size_t n = c ? 3 : b ? 2 : 1;
    if (g->n != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (g->len[i] != want[i])
            return 0;
    return 1;
}

static int nanp_grouping(const struct groups *g)
{
    return shape_is(g, 10, 0, 0) || shape_is(g, 3, 3, 4) || shape_is(g, 3, 7, 0);
}

static void set_number(struct number *num, const char *cc, const char *nsn, size_t len)
{
    num->cc = cc;
    memcpy(num->nsn, nsn, len);
    num->nsn_len = len;
}

/* An international number: d = digits after + or 00. */
static int parse_intl(const char *d, size_t n, struct groups g, struct number *num)
{
    for (size_t r = 0; r < sizeof INTL / sizeof INTL[0]; r++) {
        size_t cl = strlen(INTL[r].cc);
        if (n <= cl || memcmp(d, INTL[r].cc, cl) != 0)
            continue;
        struct groups ng = g;
        drop_digits(&ng, cl);
        const char *nsn = d + cl;
        size_t len = n - cl;
        /* "+81 (0)3 ..." and the common "+81-090-..." keep the trunk 0. */
        if (len && nsn[0] == '0' && strcmp(INTL[r].cc, "1") != 0) {
            nsn++;
            len--;
            drop_digits(&ng, 1);
        }
        if (len == 0 || !INTL[r].ok(nsn, len))
            continue;
        int grouped = region_grouping(&INTL[r], &ng, len);
        /* "+66 2 123 4567": one digit right after the country code is fine. */
        if (!grouped && ng.n > 1 && ng.len[0] == 1 && !INTL[r].shapes && INTL[r].ok != jp_ok) {
            struct groups rest = ng;
            rest.len[1] += rest.len[0];
            memmove(rest.len, rest.len + 1, (rest.n - 1) * sizeof rest.len[0]);
            rest.n--;
            grouped = generic_grouping(&rest);
        }
        if (!grouped)
            return 0;
        set_number(num, INTL[r].cc, nsn, len);
        num->jp_mobile = INTL[r].ok == jp_ok && len == 10 && in(nsn[0], "789");
        return 1;
    }
    return 0;
}

/*
 * "+49 30 123456": a country outside our plans. E.164 numbers have at most
 * 15 digits; 10 is the least we accept without knowing the plan (shorter
 * ones exist, but then so do many other digit strings after a '+').
 * Reported at medium confidence; the norm keeps all digits.
 */
static int parse_other_cc(const char *d, size_t n, struct groups g, struct number *num)
{
    if (n < 10 || n > 15 || d[0] == '0' || g.n < 2)
        return 0;
    struct groups ng = g;
    drop_digits(&ng, g.len[0]);   /* the country code is its own group: "+49 30 ..." */
    if (g.len[0] > 3 || !generic_grouping(&ng))
        return 0;
    set_number(num, "", d, n);
    num->other_cc = 1;
    return 1;
}

/* A national number starting with the trunk 0. */
static int parse_trunk(const char *d, size_t n, struct groups g, struct number *num)
{
    /* Toll-free and navi-dial prefixes common to several plans. */
    if (pre(d, n, "0120") || pre(d, n, "0800") || pre(d, n, "0570") || n < 2)
        return 0;
    struct groups ng = g;
    drop_digits(&ng, 1);
    for (size_t r = 0; r < sizeof TRUNK / sizeof TRUNK[0]; r++) {
        if (!TRUNK[r].ok(d + 1, n - 1))
            continue;
        int jp = TRUNK[r].ok == jp_ok;
        if (!region_grouping(&TRUNK[r], &ng, n - 1))
            continue;
        set_number(num, TRUNK[r].cc, d + 1, n - 1);
        num->jp_mobile = jp && n == 11 && in(d[1], "789");
        return 1;
    }
    return 0;
}

/* A national number without a trunk prefix: NANP, Indian and Chinese
 * mobiles, Singapore and Hong Kong. */
static int parse_plain(const char *d, size_t n, struct groups g, struct number *num)
{
    /* 1800 / 1300 / 1588-style service numbers (AU, IN, KR, MY, SG ...). */
    if (g.len[0] == 4 && d[0] == '1' && in(d[1], "35689"))
        return 0;
    if (n == 11 && d[0] == '1') {
        struct groups ng = g;
        drop_digits(&ng, 1);
        if (us_ok(d + 1, 10) && nanp_grouping(&ng)) {
            set_number(num, "1", d + 1, 10);
            return 1;
        }
        /* Chinese mobiles 13x-19x, written 138-1234-5678 or bare. */
        if (in(d[1], "3456789") && (g.n == 1 || shape_is(&g, 3, 4, 4) || shape_is(&g, 3, 8, 0))) {
            set_number(num, "86", d, n);
            num->need_label = g.n == 1;
            return 1;
        }
        return 0;
    }
    if (n == 10) {
        if (us_ok(d, n) && nanp_grouping(&g) && g.n > 1) {
            set_number(num, "1", d, n);
            return 1;
        }
        /* Indian mobiles, 98765 43210; bare ten digits are NANP or India
         * alike and need a label either way. */
        if (in(d[0], "6789") && (g.n == 1 || shape_is(&g, 5, 5, 0))) {
            set_number(num, "91", d, n);
            /* 12345-67890 with a dash is how part numbers look. */
            num->need_label = g.n == 1 || (g.kinds & 1);
            return 1;
        }
        if (us_ok(d, n) && g.n == 1) {
            set_number(num, "1", d, n);
            num->need_label = 1;
            return 1;
        }
        return 0;
    }
    /* Eight digits fit too much (dates, amounts, codes): label required. */
    if (n == 8 && (g.n == 1 || shape_is(&g, 4, 4, 0))) {
        if (sg_ok(d, n))
            set_number(num, "65", d, n);
        else if (hk_ok(d, n))
            set_number(num, "852", d, n);
        else
            return 0;
        num->need_label = 1;
        return 1;
    }
    return 0;
}

/* A date written with separators: 2021-03-04, 04.03.2021, 2021 03 04. */
static int looks_like_date(const char *d, const struct groups *g)
{
    if (g->n != 3)
        return 0;
    size_t y = g->len[0] == 4 ? 0 : g->len[2] == 4 ? 2 : 3;
    if (y == 3 || g->len[y == 0 ? 1 : 0] > 2 || g->len[y == 0 ? 2 : 1] > 2)
        return 0;
    const char *yy = y == 0 ? d : d + g->len[0] + g->len[1];
    return (yy[0] == '1' && yy[1] == '9') || (yy[0] == '2' && yy[1] == '0');
}

/*
 * Separators allowed inside a number: up to three characters, of which at
 * most one dash or dot, one '(' and one ')', and spaces. Returns the kinds
 * seen (bit 0 dash, 1 dot, 2 space, 3 paren), or -1.
 */
static int sep_kind(const char *s, size_t n)
{
    int kind = 0, marks = 0, open = 0, close = 0;
    if (n == 0 || n > 3)
        return -1;
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '-': kind |= 1; marks++; break;
        case '.': kind |= 2; marks++; break;
        case ' ': kind |= 4; break;
        case '(': kind |= 8; open++; break;
        case ')': kind |= 8; close++; break;
        default: return -1;   /* '+' inside a number */
        }
    }
    return marks > 1 || open > 1 || close > 1 ? -1 : kind;
}

/* Phone words as they appear before a number, in column headers and keys. */
static const char *const LABELS[] = {
    "tel", "tel.", "tell", "telephone", "phone", "phone no", "ph", "mobile", "mob", "cell",
    "cellphone", "cellular", "handphone", "hp", "h/p", "contact", "whatsapp", "telp",
    "telepon", "ponsel", "direct", "call", "sms", "電話", "携帯", "ケータイ", "連絡先", "自宅",
    "直通", "휴대폰", "핸드폰", "전화", "연락처", "电话", "手机", "手機", "聯絡", "联系",
    "โทร", "มือถือ", "เบอร์", "điện thoại", "Điện thoại", "sđt", "SĐT", "di động", NULL};

/* A company's numbers, whichever label comes closer (本社 TEL, TEL/FAX). */
static const char *const COMPANY[] = {
    "fax", "facsimile", "ファックス", "ファクス", "代表", "本社", "本店", "main",
    "head office", "headquarters", "switchboard", "toll free", "toll-free", "tollfree",
    "freephone", "freecall", "free dial", "フリーダイヤル", "フリーコール", "ナビダイヤル",
    "お客様相談", "お客様センター", "お問い合わせ", "お問合せ", "問い合わせ先", "問合せ先",
    "inquiries", "enquiries", "カスタマーセンター", "コールセンター", "call center",
    "call centre", "hotline", "helpline", "customer service", "customer care", "대표",
    "팩스", "传真", "傳真", "总机", "總機", "แฟกซ์", "สำนักงานใหญ่", NULL};

/* Other numbers: lose to a phone label written closer to the value. */
static const char *const OTHER[] = {
    "order", "invoice", "serial", "isbn", "ticket", "ref", "reference", "account", "sku",
    "part", "parts", "part no", "部品", "注文",
    "伝票", "受注", "品番", "型番", "製造番号", "請求", NULL};

/* Column headers / keys of a company's or a store's number. */
static const char *const COLUMN_COMPANY[] = {
    "company", "会社", "store", "店舗", "dealer", "branch", "office", "shop", "販売店",
    "拠点", "営業所", "ディーラー", NULL};

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

/* An ASCII keyword found at text[i, i+m) stands alone: no letter touches it,
 * except across a camelCase step (mobilePhone, homePhone). lb/rb: the
 * keyword starts/ends with a letter. */
static int bounded(const char *text, size_t len, size_t i, size_t m, int lb, int rb)
{
    if (lb && i > 0 && is_alpha((unsigned char)text[i - 1]) &&
        !(text[i - 1] >= 'a' && text[i - 1] <= 'z' && text[i] >= 'A' && text[i] <= 'Z'))
        return 0;
    if (rb && i + m < len && is_alpha((unsigned char)text[i + m]) &&
        !(text[i + m] >= 'A' && text[i + m] <= 'Z' && text[i + m - 1] >= 'a' && text[i + m - 1] <= 'z'))
        return 0;
    return 1;
}

/* Words of a list (one bit each in struct kw_ix; the lists below are
 * checked against it at compile time). */
#define KW_MAX 64
_Static_assert(sizeof LABELS / sizeof LABELS[0] - 1 <= KW_MAX, "LABELS fits a kw_ix");
_Static_assert(sizeof COMPANY / sizeof COMPANY[0] - 1 <= KW_MAX, "COMPANY fits a kw_ix");
_Static_assert(sizeof OTHER / sizeof OTHER[0] - 1 <= KW_MAX, "OTHER fits a kw_ix");
_Static_assert(sizeof COLUMN_COMPANY / sizeof COLUMN_COMPANY[0] - 1 <= KW_MAX,
               "COLUMN_COMPANY fits a kw_ix");

/* Slots of a keyword list's table of first three bytes (a power of two):
 * 8 KiB per list. */
#define TRI_SLOTS 1024

/* The slot of three folded bytes: the top bits of a multiplicative hash. */
static unsigned tri_slot(unsigned char a, unsigned char b, unsigned char c)
{
    return (unsigned)(((uint32_t)a << 16 | (uint32_t)b << 8 | c) * 2654435761u >> 22) & (TRI_SLOTS - 1);
}

/*
 * A keyword list indexed by its words' first three bytes (built in init):
 * tri[tri_slot()] has bit k set if word k starts with those bytes, folded
 * (es_kw_at() compares them one to one: no word has a ー among them), and
 * short_first[b] if word k is shorter than three bytes (or has a ー
 * there) and starts with b. OR-ing tri[] over a window's byte triples and
 * short_first[] over its bytes gives the words that can occur in it at
 * all, in list order; the others are never looked for.
 */
struct kw_ix {
    const char *const *words;
    uint64_t tri[TRI_SLOTS];
    uint64_t short_first[256];
    int any_short;
    size_t wl[KW_MAX];                      /* strlen */
    unsigned char lb[KW_MAX], rb[KW_MAX];   /* starts / ends with an ASCII letter */
    /* The bytes a match's first and second byte can be (both cases of an
     * ASCII letter, else the byte twice); has2: the second is tested. */
    unsigned char b0[KW_MAX][2], b1[KW_MAX][2], has2[KW_MAX];
};

/* A byte as es_kw_at() takes it: both cases of an ASCII letter. */
static void both_cases(unsigned char ch, unsigned char out[2])
{
    out[0] = (unsigned char)lower(ch);
    out[1] = out[0] >= 'a' && out[0] <= 'z' ? (unsigned char)(out[0] - 32) : out[0];
}

static void kw_build(struct kw_ix *ix, const char *const *words)
{
    memset(ix, 0, sizeof *ix);
    ix->words = words;
    for (size_t k = 0; words[k]; k++) {
        const char *w = words[k];
        size_t wl = strlen(w);
        ix->wl[k] = wl;
        /* An empty word is never looked for. */
        if (wl == 0)
            continue;
        /* A ー starting at byte 0, 1 or 2 may stand as '-' in the text. */
        int choon3 = memmem(w, wl < 5 ? wl : 5, "\xE3\x83\xBC", 3) != NULL;
        if (wl < 3 || choon3) {
            ix->short_first[(unsigned char)lower((unsigned char)w[0])] |= (uint64_t)1 << k;
            ix->any_short = 1;
        } else {
            ix->tri[tri_slot((unsigned char)lower((unsigned char)w[0]), (unsigned char)lower((unsigned char)w[1]),
                             (unsigned char)lower((unsigned char)w[2]))] |= (uint64_t)1 << k;
        }
        ix->lb[k] = (unsigned char)is_alpha((unsigned char)w[0]);
        ix->rb[k] = (unsigned char)is_alpha((unsigned char)w[wl - 1]);
        both_cases((unsigned char)w[0], ix->b0[k]);
        /* es_kw_at() compares byte 1 as it is unless a ー starts at byte 0
         * or 1 (a ー may match a '-'); a one-byte word has no byte 1. */
        ix->has2[k] = wl >= 2 && !(wl >= 3 && memcmp(w, "\xE3\x83\xBC", 3) == 0) &&
                      !(wl >= 4 && memcmp(w + 1, "\xE3\x83\xBC", 3) == 0);
        both_cases(wl >= 2 ? (unsigned char)w[1] : 0, ix->b1[k]);
    }
}

/* Bit k (k < n <= 64) set if t[k] is a or b. */
static uint64_t byte_bits(const char *t, size_t n, const unsigned char ab[2])
{
    const unsigned char *u = (const unsigned char *)t;
    uint64_t m = 0;
    size_t k = 0;
#ifdef __SSE2__
    const __m128i va = _mm_set1_epi8((char)ab[0]), vb = _mm_set1_epi8((char)ab[1]);
    for (; k + 16 <= n; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(u + k));
        m |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)))
             << k;
    }
    if (k < n && n >= 16) {
        /* The rest with the last 16 bytes (a load within t[0, n)): its
         * top n - k bits are positions k .. n - 1. */
        __m128i v = _mm_loadu_si128((const __m128i *)(u + n - 16));
        unsigned mm = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, va), _mm_cmpeq_epi8(v, vb)));
        m |= (uint64_t)(mm >> (16 - (n - k))) << k;
        k = n;
    }
#endif
    for (; k < n; k++)
        m |= (uint64_t)(u[k] == ab[0] || u[k] == ab[1]) << k;
    return m;
}

/* The words of ix whose short_first[] byte occurs in text[0, len). */
static uint64_t kw_want_short(const struct kw_ix *ix, const char *text, size_t len)
{
    uint64_t want = 0;
    for (size_t i = 0; ix->any_short && i < len; i++)
        want |= ix->short_first[(unsigned char)lower((unsigned char)text[i])];
    return want;
}

/* The words of ix that may occur in text[0, len): their first three bytes
 * do (or their first byte, for short ones). */
static uint64_t kw_want(const struct kw_ix *ix, const char *text, size_t len)
{
    uint64_t want = kw_want_short(ix, text, len);
    for (size_t i = 0; i + 2 < len; i++)
        want |= ix->tri[tri_slot((unsigned char)lower((unsigned char)text[i]),
                                 (unsigned char)lower((unsigned char)text[i + 1]),
                                 (unsigned char)lower((unsigned char)text[i + 2]))];
    return want;
}

/*
 * End offset of the rightmost keyword in text[0, len), or 0, looking only
 * at the words in want (kw_want(): no other word can occur). ASCII words
 * need word boundaries, where a camelCase step counts as one (mobilePhone,
 * homePhone). Words go in list order, each tried right to left at the
 * positions holding its first byte (and its second, has2), and a word
 * stops at an occurrence ending at or before the best so far. The
 * positions come from 64-byte bit masks, the last block first.
 */
/*
 * A field of at most 64 bytes with the byte_bits() mask of each folded
 * byte value computed once: the words of the four lists share first and
 * second bytes (E3 for most kana words), and a field is looked at for
 * all four.
 */
struct field_masks {
    const char *text;
    size_t len;                /* <= 64 */
    uint64_t known[4];         /* bit b: mask[b] is set */
    uint64_t mask[256];        /* bit i: text[i] folds to b */
};

static void fm_init(struct field_masks *fm, const char *text, size_t len)
{
    fm->text = text;
    fm->len = len;
    memset(fm->known, 0, sizeof fm->known);
}

/* Positions whose byte is one of ab (a byte's two cases, ab[0] folded). */
static uint64_t fm_get(struct field_masks *fm, const unsigned char ab[2])
{
    unsigned b = ab[0];
    if (!(fm->known[b >> 6] >> (b & 63) & 1)) {
        fm->mask[b] = byte_bits(fm->text, fm->len, ab);
        fm->known[b >> 6] |= (uint64_t)1 << (b & 63);
    }
    return fm->mask[b];
}

static size_t last_word(const char *text, size_t len, const struct kw_ix *ix, uint64_t want,
                        struct field_masks *fm)
{
    size_t best = 0;
    for (; want; want &= want - 1) {
        unsigned k = (unsigned)__builtin_ctzll(want);
        const char *w = ix->words[k];
        size_t wl = ix->wl[k];
        for (size_t hi = len, lo; hi > 0; hi = lo) {
            lo = hi > 64 ? hi - 64 : 0;
            uint64_t cand;
            if (fm) {
                /* One block (len <= 64): the second byte's mask shifted
                 * down (bit len - 1 has no byte after it and gets none). */
                cand = fm_get(fm, ix->b0[k]);
                if (cand && ix->has2[k])
                    cand &= fm_get(fm, ix->b1[k]) >> 1;
            } else {
                cand = byte_bits(text + lo, hi - lo, ix->b0[k]);
                if (cand && ix->has2[k]) {
                    /* Bit j: text[lo + j + 1], which must exist. */
                    size_t n1 = (hi < len ? hi : len - 1) - lo;
                    cand &= byte_bits(text + lo + 1, n1, ix->b1[k]);
                }
            }
            while (cand) {
                unsigned top = 63u - (unsigned)__builtin_clzll(cand);
                size_t i = lo + top;
                cand &= ~((uint64_t)1 << top);
                /* keywords never start with ー */
                /* es_kw_at: also フリーダイヤル written フリ-ダイヤル after normalisation. */
                size_t m = es_kw_at(text + i, len - i, w, wl);
                if (m == 0)
                    continue;
                if (i + m > best && bounded(text, len, i, m, ix->lb[k], ix->rb[k])) {
                    best = i + m;
                } else if (i + m > best) {
                    continue;
                }
                goto next_word;
            }
        }
    next_word:;
    }
    return best;
}

struct phone_shared {
    pcre2_code *re;
    struct kw_ix company, column_company, labels, other;
};

/* 1: labelled as a phone, 0: nothing said, -1: a company / other number.
 * One pass over the field's byte triples finds which words of the four
 * lists may occur (kw_want()); a field holding none of them says nothing. */
static int field_verdict(const struct phone_shared *sh, const char *f, size_t n, int column)
{
    uint64_t wc = kw_want_short(&sh->company, f, n), wcc = kw_want_short(&sh->column_company, f, n);
    uint64_t wl = kw_want_short(&sh->labels, f, n), wo = kw_want_short(&sh->other, f, n);
    for (size_t i = 0; i + 2 < n; i++) {
        unsigned h = tri_slot((unsigned char)lower((unsigned char)f[i]), (unsigned char)lower((unsigned char)f[i + 1]),
                              (unsigned char)lower((unsigned char)f[i + 2]));
        wc |= sh->company.tri[h];
        wcc |= sh->column_company.tri[h];
        wl |= sh->labels.tri[h];
        wo |= sh->other.tri[h];
    }
    if (!(wc | wl | wo | (column ? wcc : 0)))
        return 0;
    struct field_masks fmb, *fm = NULL;
    if (n <= 64) {
        fm_init(&fmb, f, n);
        fm = &fmb;
    }
    if (last_word(f, n, &sh->company, wc, fm) || (column && last_word(f, n, &sh->column_company, wcc, fm)))
        return -1;
    size_t pos = last_word(f, n, &sh->labels, wl, fm), oth = last_word(f, n, &sh->other, wo, fm);
    if (oth > pos)
        return -1;
    return pos ? 1 : 0;
}

static int field_stop(const struct es_chunk *c, char ch)
{
    return ch == '\t' || ch == '|' || ch == ',' || ch == ';' || (c->delim && ch == c->delim);
}

/* Up to LABEL_NEAR bytes before off on its line, without walking to the
 * line start (es_ctx_before does; long lines make that quadratic). */
static size_t before(const struct es_chunk *c, size_t off, const char **p)
{
    size_t s = off > LABEL_NEAR ? off - LABEL_NEAR : 0;
    const char *nl = s < off ? memrchr(c->text + s, '\n', off - s) : NULL;
    if (nl)
        s = (size_t)(nl - c->text) + 1;
    /* Do not start inside a UTF-8 sequence. */
    while (s < off && ((unsigned char)c->text[s] & 0xC0) == 0x80)
        s++;
    *p = c->text + s;
    return off - s;
}

/* Headers naming the place a row describes (a store list's "store_name"). */
static const char *const PLACE_HEADERS[] = {
    "store", "branch", "dealer", "shop", "showroom", "outlet", "office", "店舗", "拠点",
    "営業所", "販売店", "支店", "ショールーム", NULL};
/* Headers of a person in the row: the table is about people after all. */
static const char *const PERSON_HEADERS[] = {
    "customer", "client", "member", "owner", "contact", "name", "surname", "staff", "employee",
    "氏名", "名前", "顧客", "会員", "お客様", "担当", "社員", "契約者", NULL};

/* A table of stores or branches (a place column, no person column): its
 * numbers are the places' numbers, whatever their own column says. */
static int place_table(const struct es_chunk *c)
{
    int place = 0;
    if (!c->delim || !c->header)
        return 0;
    for (size_t i = 0; i < c->nheader; i++) {
        const char *h = c->header[i];
        if (!h)
            continue;
        size_t n = strlen(h);
        /* "store_name" names the row; "Dealer" beside a customer's name does not. */
        if (es_ctx_has_word(h, n, PLACE_HEADERS))
            place = 1;
        else if (es_ctx_has_word(h, n, PERSON_HEADERS))
            return 0;
    }
    return place;
}

/* What context() learns once per chunk. */
struct chunk_facts {
    int place;           /* place_table(): -1 not known yet */
    const char *col;     /* the last column label looked at ... */
    int col_verdict;     /* ... and its field_verdict() */
    struct es_col_cursor cur;   /* es_ctx_column_at(): numbers come in text order */
};

/* What the context says about the number at text[s, e); floor is the end of
 * the previous number on the line (its label is not this one's). */
static int context(const struct phone_shared *sh, const struct es_chunk *c, size_t s, size_t e,
                   size_t floor, struct chunk_facts *cf)
{
    int v = 0, r;
    if (cf->place < 0)
        cf->place = place_table(c);
    if (cf->place)
        return -1;
    /* A column label (a header, the chunk label) is the same string for
     * many numbers: its verdict, a function of the string, is kept. */
    const char *col = es_ctx_column_at(c, &cf->cur, s);
    if (col && col != cf->col) {
        cf->col = col;
        cf->col_verdict = field_verdict(sh, col, strlen(col), 1);
    }
    if (col && (r = cf->col_verdict) != 0) {
        if (r < 0)
            return -1;
        v = 1;
    }
    /* The key of a JSON / XML / "Tel:" value lies inside the window before
     * the value, so es_ctx_key() would add nothing but a walk to the line
     * start (slow on long SQL and JSON lines). */
    const char *p;
    size_t n = before(c, s, &p);
    /* The label starts after the last field separator and after the
     * previous number: found from the right, stopping at the floor. */
    size_t poff = (size_t)(p - c->text);
    size_t from = floor > poff ? (floor - poff < n ? floor - poff : n) : 0;
    for (size_t i = n; i-- > from;)
        if (field_stop(c, p[i])) {
            from = i + 1;
            break;
        }
    if ((r = field_verdict(sh, p + from, n - from, 0)) != 0) {
        if (r < 0)
            return -1;
        v = 1;
    }
    /* After the number, up to the next field or number: "(代表)", "FAX". */
    p = c->text + e;
    n = c->len - e < AFTER_NEAR ? c->len - e : AFTER_NEAR;
    size_t k = 0;
    while (k < n && p[k] != '\n' && !field_stop(c, p[k]) && !is_digit((unsigned char)p[k]))
        k++;
    if (k && last_word(p, k, &sh->company, kw_want(&sh->company, p, k), NULL))
        return -1;
    return v;
}

/* Words that may touch a number directly: "TEL090-...", "Tel.03-...". */
/* Short ones (hp, mob) are left out: they also prefix device IDs (HP0547...). */
static const char *const GLUED[] = {"tel", "tell", "phone", "mobile", "fax", NULL};

static int glued_label(const char *t, size_t s)
{
    size_t b = s;
    while (b > 0 && s - b < 8 && is_alpha((unsigned char)t[b - 1]))
        b--;
    if (b > 0 && is_alpha((unsigned char)t[b - 1]))
        return 0;
    for (const char *const *w = GLUED; *w; w++) {
        size_t wl = strlen(*w);
        if (wl != s - b)
            continue;
        size_t i = 0;
        while (i < wl && lower((unsigned char)t[b + i]) == (*w)[i])
            i++;
        if (i == wl)
            return 1;
    }
    return 0;
}

/* May a number start at text[s] (the character before it)? */
static int start_ok(const char *t, size_t s)
{
    if (s == 0)
        return 1;
    unsigned char ch = (unsigned char)t[s - 1];
    if (is_alpha(ch))
        return glued_label(t, s);
    if (ch == '.')
        return s < 2 || (!is_digit((unsigned char)t[s - 2]) &&
                         (!is_alpha((unsigned char)t[s - 2]) || glued_label(t, s - 1)));
    if (ch == ':')
        return s < 2 || !is_digit((unsigned char)t[s - 2]);
    return !in((char)ch, "-/_#@$%&\\~^*");
}

/* May a number end before text[e]? */
static int end_ok(const char *t, size_t e, size_t len)
{
    if (e >= len)
        return 1;
    unsigned char ch = (unsigned char)t[e];
    if (is_alpha(ch) || in((char)ch, "_@%"))
        return 0;
    if (in((char)ch, ".-/:") && e + 1 < len && is_digit((unsigned char)t[e + 1]))
        return 0;
    return 1;
}

/* Four dotted groups of 1-3 digits: an IPv4 address or a version. */
static int looks_like_ip(const struct span *sp, size_t i, size_t j)
{
    if (j - i != 3)
        return 0;
    for (size_t k = i; k <= j; k++) {
        if (sp->ge[k] - sp->gs[k] > 3)
            return 0;
        if (k > i && (sp->gs[k] - sp->ge[k - 1] != 1 || sp->t[sp->ge[k - 1]] != '.'))
            return 0;
    }
    return 1;
}

/*
 * Groups i..j as one number. Returns 1 and fills num if the digits fit a
 * plan in a grouping people write; *spaced says whether groups are split
 * by spaces only (then a single space cannot also end the number).
 */
static int parse_span(const struct span *sp, size_t i, size_t j, struct number *num, int *spaced)
{
    const char *t = sp->t;
    char d[MAX_DIGITS + 1];
    size_t n = 0;
    struct groups g = {.n = 0};
    int kinds = 0;
    if (j - i + 1 > MAX_SPAN)
        return 0;
    for (size_t k = i; k <= j; k++) {
        size_t gl = sp->ge[k] - sp->gs[k];
        if (n + gl > MAX_DIGITS)
            return 0;
        if (k > i) {
            if (sp->kind[k] < 0)
                return 0;
            kinds |= sp->kind[k];
        }
        memcpy(d + n, t + sp->gs[k], gl);
        n += gl;
        g.len[g.n++] = gl;
    }
    g.kinds = kinds;
    /* Dashes and dots mixed (1.2-3) are never a phone number. */
    if ((kinds & 3) == 3 || looks_like_ip(sp, i, j) || looks_like_date(d, &g))
        return 0;
    *spaced = kinds == 4;
    /* Whatever precedes group i: the run's lead or the separator. */
    size_t ps = i == 0 ? sp->lead : sp->ge[i - 1];
    int plus = memchr(t + ps, '+', sp->gs[i] - ps) != NULL;
    num->cc = NULL;
    num->nsn_len = 0;
    num->intl = num->need_label = num->jp_mobile = num->other_cc = 0;
    if (plus) {
        num->intl = 1;
        return parse_intl(d, n, g, num) || parse_other_cc(d, n, g, num);
    }
    if (n > 4 && d[0] == '0' && d[1] == '0' && g.len[0] <= 4) {
        /* 00 international prefix (0081-...). */
        struct groups ng = g;
        drop_digits(&ng, 2);
        num->intl = 1;
        return parse_intl(d + 2, n - 2, ng, num);
    }
    if (n < 8 || n > 13)
        return 0;
    if (d[0] == '0')
        return parse_trunk(d, n, g, num);
    return parse_plain(d, n, g, num);
}

static size_t write_norm(const struct number *num, char *out)
{
    size_t cl = strlen(num->cc);
    out[0] = '+';
    memcpy(out + 1, num->cc, cl);
    memcpy(out + 1 + cl, num->nsn, num->nsn_len);
    return 1 + cl + num->nsn_len;
}

/* A split inside a run of groups: a real break between two numbers. */
static int split_ok(const struct span *sp, size_t k, int spaced)
{
    size_t s = sp->ge[k - 1], e = sp->gs[k];
    if (!memchr(sp->t + s, ' ', e - s) && !memchr(sp->t + s, '(', e - s))
        return 0;
    /* "3530 1113 3330 0000": one space inside a space-grouped number. */
    return e - s > 1 || !spaced;
}

/*
 * Values of phone columns in SQL INSERT statements (`tel` in the column list
 * or in the table's CREATE TABLE): labelled by their column. Ranges arrive
 * in text order; a chunk with more values than fit keeps the first ones.
 */
#define SQL_RANGES 1024
struct sql_ranges {
    size_t s[SQL_RANGES], e[SQL_RANGES];
    size_t n, cur;
    const struct phone_shared *sh;
};

static unsigned sql_want(void *ctx, const char *name, size_t len)
{
    const struct sql_ranges *r = ctx;
    return field_verdict(r->sh, name, len, 1) > 0;
}

static void sql_emit(void *ctx, unsigned tag, size_t s, size_t e)
{
    struct sql_ranges *r = ctx;
    (void)tag;
    if (r->n < SQL_RANGES) {
        r->s[r->n] = s;
        r->e[r->n] = e;
        r->n++;
    }
}

static int in_sql_column(struct sql_ranges *r, size_t s, size_t e)
{
    while (r->cur < r->n && r->e[r->cur] < e)
        r->cur++;
    return r->cur < r->n && r->s[r->cur] <= s && e <= r->e[r->cur];
}

struct state {
    size_t floor;              /* end of the previous number */
    struct chunk_facts cf;
    struct sql_ranges *sql;    /* filled on first use */
    int sql_state;             /* 0: not looked yet, 1: INSERTs read, -1: none */
};

/* Is text[s, e) a value of a phone column of an SQL INSERT? The chunk is
 * read for INSERT statements (keywords in any case, as the other detectors
 * read them) only when an unlabelled number needs it, and only if
 * es_sql_maybe() (once per chunk for all detectors) finds the keyword. */
static int sql_labelled(const struct es_scan_ctx *sc, const struct es_chunk *c, struct state *st, size_t s,
                        size_t e)
{
    if (st->sql_state == 0) {
        st->sql_state = -1;
        if (es_sql_maybe(sc, c)) {
            st->sql->n = st->sql->cur = 0;
            es_sql_each(sc, c, sql_want, sql_emit, st->sql);
            st->sql_state = 1;
        }
    }
    return st->sql_state > 0 && in_sql_column(st->sql, s, e);
}

static void report(const struct es_scan_ctx *sc, const struct es_chunk *c, const struct span *sp,
                   size_t i, size_t j, const struct number *num, struct state *st)
{
    size_t s = i == 0 ? sp->lead : sp->ge[i - 1];
    /* A '(' opening the number belongs to it; a '+' always does. */
    while (s < sp->gs[i] && sp->t[s] != '+' && sp->t[s] != '(')
        s++;
    size_t e = sp->ge[j];
    if (e < c->len && sp->t[e] == ')' && memchr(sp->t + s, '(', sp->gs[i] - s))
        e++;
    int ctx = context(sc->shared, c, s, e, st->floor, &st->cf);
    st->floor = e;
    if (ctx < 0)
        return;
    if (ctx == 0 && sql_labelled(sc, c, st, s, e))
        ctx = 1;
    int bare = i == j && !num->intl;
    if (ctx == 0 && (num->need_label || (bare && !num->jp_mobile)))
        return;
    enum es_confidence conf = ctx > 0 || (num->intl && !num->other_cc) || num->jp_mobile
                                  ? ES_CONF_HIGH
                                  : ES_CONF_MEDIUM;
    char norm[MAX_DIGITS + 8];
    es_hit(sc, s, e, conf, norm, write_norm(num, norm));
}

static void scan_run(const struct es_scan_ctx *sc, const struct es_chunk *c, struct span *sp,
                     struct state *st)
{
    sp->cum[0] = 0;
    for (size_t k = 0; k < sp->ng; k++) {
        sp->cum[k + 1] = sp->cum[k] + (sp->ge[k] - sp->gs[k]);
        sp->kind[k] = k ? sep_kind(sp->t + sp->ge[k - 1], sp->gs[k] - sp->ge[k - 1]) : 0;
    }
    size_t i = 0;
    while (i < sp->ng) {
        int found = 0;
        size_t last = i + MAX_SPAN - 1 < sp->ng - 1 ? i + MAX_SPAN - 1 : sp->ng - 1;
        /* No number spans a separator that no number contains. */
        for (size_t k = i + 1; k <= last; k++)
            if (sp->kind[k] < 0) {
                last = k - 1;
                break;
            }
        for (size_t j = last + 1; j-- > i;) {
            struct number num;
            int spaced = 0;
            /* 8 digits (SG, HK) to 17 (+CC with an 00 prefix). */
            size_t nd = sp->cum[j + 1] - sp->cum[i];
            if (nd < 8 || nd > MAX_DIGITS)
                continue;
            if (!parse_span(sp, i, j, &num, &spaced))
                continue;
            if (i == 0 ? !start_ok(c->text, sp->lead) : !split_ok(sp, i, spaced))
                continue;
            if (j + 1 < sp->ng ? !split_ok(sp, j + 1, spaced) : !end_ok(c->text, sp->ge[j], c->len))
                continue;
            report(sc, c, sp, i, j, &num, st);
            i = j + 1;
            found = 1;
            break;
        }
        if (!found)
            i++;
    }
}

static void phone_fini(void *shared)
{
    struct phone_shared *sh = shared;
    if (!sh)
        return;
    pcre2_code_free(sh->re);
    free(sh);
}

static int phone_init(void **shared)
{
    struct phone_shared *sh = calloc(1, sizeof *sh);
    if (!sh)
        return ES_ERR_NOMEM;
    sh->re = es_re_compile(PATTERN, 0, NULL, 0);
    if (!sh->re) {
        phone_fini(sh);
        return ES_ERR_PATTERN;
    }
    kw_build(&sh->company, COMPANY);
    kw_build(&sh->column_company, COLUMN_COMPANY);
    kw_build(&sh->labels, LABELS);
    kw_build(&sh->other, OTHER);
    *shared = sh;
    return ES_OK;
}

/* PATTERN's separator class [ ().+\-], as a table: one load per byte in
 * the hot loops of next_run() and chain_end(). */
static const unsigned char SEP[256] = {[' '] = 1, ['-'] = 1, ['.'] = 1, ['('] = 1, [')'] = 1, ['+'] = 1};

static int is_sep(unsigned char ch)
{
    return SEP[ch];
}

/* Are t[e, a) (at most 4 bytes: PATTERN's separator runs) all separators? */
static int gap_ok(const char *t, size_t e, size_t a)
{
    size_t g = a - e;
    if (g > 4)
        return 0;
    if (g == 0)
        return 1;
    /* Without a branch per byte (gaps of 1 to 4 bytes mix in digit-dense
     * text): bytes e .. e + 3, each index capped at the gap's last byte. */
    const unsigned char *u = (const unsigned char *)t + e;
    return SEP[u[0]] & SEP[u[g > 1]] & SEP[u[g > 2 ? 2 : g - 1]] & SEP[u[g - 1]];
}

/*
 * Prefilter: the start of the next run of at least 8 digits joined by
 * separator runs of up to 4 characters (what PATTERN matches), or len.
 * Digit-dense text (CSV, logs) is full of short runs -- dates, amounts,
 * counters; skipping them here saves a PCRE2 call each. Digits go in
 * 64-byte windows of bits: each run of consecutive digits costs a few bit
 * operations, and joins the group before it if the bytes between are at
 * most 4 separators (a run that goes on into the next window joins across
 * an empty gap). Where the chunk's classes are kept (rb, shared with the
 * run finder's walks of vin, device_id and payment_card; phone runs before
 * them, so finding them here costs those nothing), a window is one load:
 * windows then start at multiples of 64, the first masked from pos on
 * (the groups found do not depend on where windows start).
 */
static size_t next_run(const struct es_run_bits *rb, const char *t, size_t pos, size_t len)
{
    size_t gstart = 0, ndig = 0, last_end = 0;
    size_t i = rb ? pos & ~(size_t)63 : pos;
    uint64_t first = ~0ULL << (pos - i);
    for (; i < len; i += 64, first = ~0ULL) {
        uint64_t d = rb ? rb->d[i / 64] & first : es_digit_bits(t, len, i);
        /* Too few digits for a group of 8 to end here, and none in the
         * last 5 bytes (so the next window's first run is more than 4
         * bytes from the last one, and starts a group): the runs need not
         * be walked, and the group in hand ends. */
        if (!d || ((size_t)es_popcount64(d) + ndig < 8 && !(d >> 59))) {
            ndig = 0;
            continue;
        }
        for (uint64_t starts = d & ~(d << 1); starts; starts &= starts - 1) {
            unsigned k = (unsigned)__builtin_ctzll(starts);
            uint64_t rest = ~(d >> k);
            size_t a = i + k, b = a + (rest ? (size_t)__builtin_ctzll(rest) : 64);
            if (ndig == 0 || !gap_ok(t, last_end, a)) {
                gstart = a;
                ndig = 0;
            }
            ndig += b - a;
            last_end = b;
            if (ndig >= 8)
                return gstart;
        }
    }
    return len;
}

/* Digits in a run that chain_end() follows; longer runs (tables of
 * numbers) go to PCRE2, whose match and JIT stack limits may end them. */
#define CHAIN_MAX 64

/*
 * PATTERN's match at a lead of at most two '+' / '(' before the digit at
 * text[d], which next_run() found starting a run of 8 digits or more. The
 * pattern has one way to match there: [+(]{0,2} takes the whole lead (a
 * '+' or '(' is no digit, so no shorter lead can be followed by one), and
 * each repetition of (?:[ ().+\-]{0,4}[0-9]) takes the separators up to
 * the next digit, which exist only if there are at most four of them (they
 * are no digits either). Greedy, the repetition goes on while it can: the
 * match ends after the last digit of the run, the same run next_run()
 * joined. Returns 1 and sets *end and sp's groups (on the way: no second
 * pass over the match), or 0 for a run of more than CHAIN_MAX digits.
 */
static int chain_end(const char *t, size_t len, size_t d, size_t *end, struct span *sp)
{
    size_t i = d, digits = 0, last = d;
    /* The digit groups of the match, as the split in phone_scan() would
     * find them in it: its digit runs (the lead holds none), at most
     * MAX_GROUPS (ng = MAX_GROUPS + 1 marks more). */
    sp->ng = 0;
    while (i < len) {
        if (is_digit((unsigned char)t[i])) {
            if (sp->ng < MAX_GROUPS)
                sp->gs[sp->ng] = i;
            while (i < len && is_digit((unsigned char)t[i])) {
                if (++digits > CHAIN_MAX)
                    return 0;
                i++;
            }
            last = i;
            if (sp->ng < MAX_GROUPS)
                sp->ge[sp->ng] = i;
            if (sp->ng <= MAX_GROUPS)
                sp->ng++;
            continue;
        }
        size_t k = i;
        while (k < len && k - i < 5 && is_sep((unsigned char)t[k]))
            k++;
        if (k - i > 4 || k >= len || !is_digit((unsigned char)t[k]))
            break;
        i = k;
    }
    *end = last;
    return 1;
}

/* The digit groups of t[ms, me) into sp; 0 if there are more than MAX_GROUPS. */
static int split_groups(const char *t, size_t ms, size_t me, struct span *sp)
{
    size_t k = ms;
    sp->ng = 0;
    while (k < me && sp->ng < MAX_GROUPS) {
        while (k < me && !is_digit((unsigned char)t[k]))
            k++;
        sp->gs[sp->ng] = k;
        while (k < me && is_digit((unsigned char)t[k]))
            k++;
        sp->ge[sp->ng++] = k;
    }
    return k >= me;
}

static void phone_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const struct phone_shared *sh = sc->shared;
    const pcre2_code *re = sh->re;
    const char *t = c->text;
    size_t pos = 0, ms, me;
    struct sql_ranges sql;
    struct state st = {.floor = 0, .cf = {.place = -1, .col = NULL, .col_verdict = 0, .cur = {0, 0, 0}}, .sql = &sql, .sql_state = 0};
    sql.sh = sh;
    struct span sp;
    sp.t = t;
    const struct es_run_bits *rb = es_run_bits_get(sc, t, c->len);
    for (;;) {
        size_t run = next_run(rb, t, pos, c->len);
        if (run >= c->owned)
            break;
        /* Back over a lead "+" / "(" / "(+" so that the match includes it. */
        size_t from = run;
        while (from > pos && run - from < 2 && (t[from - 1] == '+' || t[from - 1] == '('))
            from--;
        /* The match starts at from (see chain_end()); its end is found here
         * unless the run is too long to be sure PCRE2 finds the same. */
        size_t end;
        int grouped = 1;
        if (chain_end(t, c->len, run, &end, &sp)) {
            ms = from;
            me = end;
            grouped = sp.ng <= MAX_GROUPS;
        } else if (!es_re_find(sc, re, t, c->len, from, &ms, &me) || ms >= c->owned) {
            break;
        } else {
            grouped = split_groups(t, ms, me, &sp);
        }
        pos = me;
        sp.lead = ms;
        if (!grouped)
            continue;   /* a table of numbers, not a phone number */
        /* Half the runs in dealer data are dates (2021-03-04): three
         * groups of 4, 2 and 2 digits starting 19 or 20. Only all three
         * groups together hold the 8 digits scan_run() needs, and
         * parse_span() refuses them as a date whatever the separators, so
         * scan_run() would report nothing. */
        if (sp.ng == 3 && sp.ge[0] - sp.gs[0] == 4 && sp.ge[1] - sp.gs[1] == 2 && sp.ge[2] - sp.gs[2] == 2 &&
            ((t[sp.gs[0]] == '1' && t[sp.gs[0] + 1] == '9') || (t[sp.gs[0]] == '2' && t[sp.gs[0] + 1] == '0')))
            continue;
        scan_run(sc, c, &sp, &st);
    }
}

/* +81-90-****-5678: country code, the first two national digits and the
 * last four. */
static size_t phone_mask(const char *norm, size_t len, char *out, size_t cap)
{
    if (len < 2 || norm[0] != '+')
        return es_mask_generic(norm, len, out, cap);
    /* The country code is one of ours, so its length follows from the table. */
    size_t cl = 0;
    for (size_t r = 0; r < sizeof INTL / sizeof INTL[0]; r++) {
        size_t l = strlen(INTL[r].cc);
        if (len > 1 + l && memcmp(norm + 1, INTL[r].cc, l) == 0) {
            cl = l;
            break;
        }
    }
    size_t nsn = len - 1 - cl;
    if (cl == 0 || nsn < 7 || cap < len + 4)
        return es_mask_generic(norm, len, out, cap);
    size_t o = 0;
    memcpy(out, norm, 1 + cl);
    o = 1 + cl;
    out[o++] = '-';
    memcpy(out + o, norm + 1 + cl, 2);
    o += 2;
    out[o++] = '-';
    for (size_t i = 0; i < nsn - 6; i++)
        out[o++] = '*';
    out[o++] = '-';
    memcpy(out + o, norm + len - 4, 4);
    o += 4;
    out[o] = '\0';
    return o;
}

const struct es_detector es_det_phone = {
    .id = "phone",
    .description = "phone numbers checked against national number plans",
    .init = phone_init,
    .fini = phone_fini,
    .scan = phone_scan,
    .mask = phone_mask,
};
