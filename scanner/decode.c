/*
 * Text decoding: detect the encoding of a byte stream, transcode it to UTF-8
 * and normalise it for matching. UTF-8 is decoded here (validated, with an
 * ASCII fast path); everything else goes through glibc iconv, so no extra
 * dependency. Normalisation maps one code point to exactly one code point,
 * so line:column counts in code points stay those of the original text.
 */
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "detectors/cpu.h"
#include "exposcan/exposcan.h"
#include "extract.h"

/* The detector sees at most this much of the head (8 KiB, ES_PEEK_BYTES). */
#define SNIFF_MAX 8192u
/* Bytes of input decoded per output reservation: bounds the worst case
 * (3 output bytes per input byte) to ~192 KiB of reserved room. */
#define BLOCK (64u * 1024u)
/* Longest incomplete sequence kept between calls: a UTF-16 surrogate pair or
 * an ISO-2022 escape is 4 bytes; 16 leaves a margin. */
#define PEND_MAX 16u

/* U+FFFD REPLACEMENT CHARACTER in UTF-8. */
static const char REPL[3] = {'\xEF', '\xBF', '\xBD'};

/* ---------------------------------------------------------------------- */
/* Normalisation                                                           */

/* One code point to one code point (see the file comment). */
static uint32_t norm_cp(uint32_t cp)
{
    if (cp < 0x2010)   /* the first code point that changes (besides NUL) */
        return cp == 0 ? ' ' : cp;
    /* Full-width ASCII variants sit exactly 0xFEE0 above ASCII. */
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        return cp - 0xFEE0;
    switch (cp) {
    case 0x3000:           /* IDEOGRAPHIC SPACE */
        return ' ';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212:           /* MINUS SIGN */
    case 0x30FC:           /* KATAKANA-HIRAGANA PROLONGED SOUND MARK */
    case 0xFF70:           /* HALFWIDTH KATAKANA-HIRAGANA PROLONGED SOUND MARK */
        return '-';
    default:
        return cp;
    }
}

static size_t put_utf8(char *w, uint32_t cp)
{
    if (cp < 0x80) {
        w[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        w[0] = (char)(0xC0 | (cp >> 6));
        w[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        w[0] = (char)(0xE0 | (cp >> 12));
        w[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        w[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    w[0] = (char)(0xF0 | (cp >> 18));
    w[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    w[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    w[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Decode one non-ASCII UTF-8 sequence at p[0, n) (Unicode 15 table 3-7: no
 * overlongs, no surrogates, nothing past U+10FFFF). Returns its length and
 * sets *cp; returns 0 when the sequence is a valid but incomplete prefix
 * running to the end; returns -k (k >= 1) for an invalid maximal subpart of k
 * bytes, which is replaced by one U+FFFD (the W3C/WHATWG practice).
 */
static inline __attribute__((always_inline)) int utf8_seq(const unsigned char *p, size_t n, uint32_t *cp)
{
    unsigned c = p[0];
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;   /* range of the second byte */
    uint32_t v;
    if (c < 0xC2)
        return -1;
    if (c < 0xE0) {
        need = 1;
        v = c & 0x1F;
    } else if (c < 0xF0) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0;   /* overlong */
        else if (c == 0xED)
            hi = 0x9F;   /* surrogates */
    } else if (c < 0xF5) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;   /* overlong */
        else if (c == 0xF4)
            hi = 0x8F;   /* past U+10FFFF */
    } else {
        return -1;
    }
    for (size_t k = 1; k <= need; k++) {
        if (k >= n)
            return 0;
        unsigned b = p[k];
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF))
            return -(int)k;
        v = (v << 6) | (b & 0x3F);
    }
    *cp = v;
    return (int)need + 1;
}

/* Nonzero if any of the 8 bytes is NUL or >= 0x80: a zero byte borrows in
 * v - 0x01..01 and sets its high bit; a byte 0x01..0x7F never does. */
static inline uint64_t word_special(uint64_t v)
{
    return ((v - 0x0101010101010101ull) | v) & 0x8080808080808080ull;
}

/* The end of the run of ASCII without NUL that starts at p[i], at most n:
 * such bytes pass normalisation unchanged. */
static size_t ascii_end(const unsigned char *p, size_t i, size_t n)
{
#ifdef __SSE2__
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        unsigned bits = (unsigned)_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128())));
        if (bits)
            return i + (size_t)__builtin_ctz(bits);
    }
#endif
    while (i + 8 <= n) {
        uint64_t v;
        memcpy(&v, p + i, 8);
        if (word_special(v))
            break;
        i += 8;
    }
    while (i < n && p[i] != 0 && p[i] < 0x80)
        i++;
    return i;
}

/* ---------------------------------------------------------------------- */
/* Labels                                                                  */

struct label {
    const char *squashed;   /* lower case, without '-', '_', ' ', '.', ':' */
    const char *canon;
};

/* WHATWG Encoding Standard labels for the encodings we handle, plus common
 * vendor spellings. Latin-1 and ASCII labels map to windows-1252 as in
 * browsers (ISO-8859-1 is a subset except for C1 controls). */
static const struct label labels[] = {
    {"utf8", "utf-8"}, {"unicode11utf8", "utf-8"}, {"xunicode20utf8", "utf-8"},
    {"unicode20utf8", "utf-8"},
    /* "utf-16" without endianness: the BOM or the bytes decide. */
    {"utf16", "utf-16"}, {"ucs2", "utf-16"}, {"unicode", "utf-16"}, {"csunicode", "utf-16"},
    {"iso10646ucs2", "utf-16"}, {"utf16le", "utf-16le"}, {"ucs2le", "utf-16le"}, {"utf16be", "utf-16be"}, {"unicodefffe", "utf-16be"},
    {"ucs2be", "utf-16be"},
    {"shiftjis", "shift_jis"}, {"sjis", "shift_jis"}, {"xsjis", "shift_jis"},
    {"mskanji", "shift_jis"}, {"cp932", "shift_jis"}, {"ms932", "shift_jis"},
    {"windows31j", "shift_jis"}, {"csshiftjis", "shift_jis"}, {"cswindows31j", "shift_jis"},
    {"xmscp932", "shift_jis"}, {"ibm943", "shift_jis"},
    {"eucjp", "euc-jp"}, {"xeucjp", "euc-jp"}, {"cseucpkdfmtjapanese", "euc-jp"},
    {"ujis", "euc-jp"}, {"eucjpms", "euc-jp"}, {"eucjpwin", "euc-jp"}, {"cp51932", "euc-jp"},
    {"iso2022jp", "iso-2022-jp"}, {"csiso2022jp", "iso-2022-jp"}, {"iso2022jp1", "iso-2022-jp"},
    {"iso2022jp2", "iso-2022-jp"}, {"csiso2022jp2", "iso-2022-jp"}, {"iso2022jp3", "iso-2022-jp"},
    {"cp50220", "iso-2022-jp"}, {"cp50221", "iso-2022-jp"}, {"cp50222", "iso-2022-jp"},
    {"jis", "iso-2022-jp"},
    {"windows1252", "windows-1252"}, {"cp1252", "windows-1252"}, {"xcp1252", "windows-1252"},
    {"iso88591", "windows-1252"}, {"iso885911987", "windows-1252"}, {"latin1", "windows-1252"},
    {"l1", "windows-1252"}, {"isoir100", "windows-1252"}, {"csisolatin1", "windows-1252"},
    {"ibm819", "windows-1252"}, {"cp819", "windows-1252"}, {"iso8859", "windows-1252"},
    {"usascii", "us-ascii"}, {"ascii", "us-ascii"}, {"ansix341968", "us-ascii"},
    {"csascii", "us-ascii"}, {"iso646us", "us-ascii"}, {"us", "us-ascii"},
};

/* Canonical names, and two internal ones: us-ascii (a weak hint, see
 * es_detect_encoding) and utf-16 (endianness unknown). */
static const char *label_lookup(const char *label)
{
    char sq[32];
    size_t n = 0;
    if (!label)
        return NULL;
    for (const char *p = label; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '-' || c == '_' || c == ' ' || c == '.' || c == ':' || c == '"' || c == '\'' ||
            c == '\t')
            continue;
        if (n + 1 >= sizeof sq)
            return NULL;
        sq[n++] = (char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
    }
    sq[n] = '\0';
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (strcmp(sq, labels[i].squashed) == 0)
            return labels[i].canon;
    return NULL;
}

const char *es_encoding_canonical(const char *label)
{
    const char *c = label_lookup(label);
    /* ASCII is a subset of UTF-8; also the canonical names themselves
     * ("utf-8-bom") round-trip. */
    if (c && strcmp(c, "us-ascii") == 0)
        return "utf-8";
    /* Without a BOM, Windows (the usual writer) means little-endian. */
    if (c && strcmp(c, "utf-16") == 0)
        return "utf-16le";
    if (!c && label && strcmp(label, "utf-8-bom") == 0)
        return "utf-8-bom";
    return c;
}

/* ---------------------------------------------------------------------- */
/* Detection                                                               */

/* utf8_stats() finds no invalid sequence in p[0, n) (defined with the
 * normaliser's plain-text scan, which it uses). */
static int utf8_clean(const unsigned char *p, size_t n);

/* UTF-8 validity of a sample: counts of valid multibyte sequences and of
 * invalid subparts; an incomplete sequence at the very end is not an error
 * (the sample may end mid-character). */
static void utf8_stats(const unsigned char *p, size_t n, size_t *good, size_t *bad)
{
    size_t i = 0;
    *good = *bad = 0;
    while (i < n) {
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_seq(p + i, n - i, &cp);
        if (k == 0)
            break;
        if (k < 0) {
            (*bad)++;
            i += (size_t)-k;
        } else {
            (*good)++;
            i += (size_t)k;
        }
    }
}

/* UTF-16 without a BOM, as Excel's "Unicode text" sometimes comes: text
 * with ASCII in it (digits, tabs, line breaks) has a NUL in the high byte
 * of many code units and almost never in the low byte. Returns the
 * canonical name or NULL. */
static const char *utf16_guess(const unsigned char *p, size_t n)
{
    size_t units = n / 2, z_even = 0, z_odd = 0;
    if (units < 2)
        return NULL;
    size_t i = 0;
#ifdef __SSE2__
    /* Sixteen bytes at a time: most text has no NUL at all. */
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        if (!_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())))
            continue;
        for (size_t k = i; k < i + 16; k += 2) {
            z_even += p[k] == 0;
            z_odd += p[k + 1] == 0;
        }
    }
#endif
    for (; i + 1 < n; i += 2) {
        z_even += p[i] == 0;
        z_odd += p[i + 1] == 0;
    }
    int le;
    /* A line of 30 kanji ends with CR LF: ~6% units with a NUL high byte,
     * so ask for 1 in 32; the other byte may be NUL in U+xx00 only (1/256),
     * so allow 1 in 8 of that. */
    if (z_odd * 32 >= units && z_even * 8 <= z_odd)
        le = 1;
    else if (z_even * 32 >= units && z_odd * 8 <= z_even)
        le = 0;
    else
        return NULL;
    /* The code units must look like text: surrogates paired, few C0
     * controls besides tab/CR/LF/FF, no U+FFFE/U+FFFF. */
    size_t odd = 0, sur_hi = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned u = le ? (unsigned)p[i] | (unsigned)p[i + 1] << 8
                        : (unsigned)p[i] << 8 | (unsigned)p[i + 1];
        if (sur_hi) {
            sur_hi = 0;
            if (u < 0xDC00 || u > 0xDFFF)
                odd++;
            continue;
        }
        if (u >= 0xD800 && u <= 0xDBFF)
            sur_hi = 1;
        else if ((u >= 0xDC00 && u <= 0xDFFF) || u >= 0xFFFE)
            odd++;
        else if (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f')
            odd++;
    }
    /* One odd unit in 16 still passes: a truncated or slightly damaged export. */
    return odd * 16 <= units ? (le ? "utf-16le" : "utf-16be") : NULL;
}

/* ISO-2022-JP is 7-bit and designates JIS X 0208/0212/0213 with ESC $ ... */
static int iso2022jp_guess(const unsigned char *p, size_t n)
{
    int esc = 0;
    size_t i = 0;
#ifdef __SSE2__
    /* Sixteen bytes at a time up to the first ESC or non-ASCII byte. */
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        if (_mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x1B)))))
            break;
    }
#endif
    for (; i < n; i++) {
        if (p[i] >= 0x80)
            return 0;
        if (p[i] == 0x1B && i + 2 < n && p[i + 1] == '$' &&
            (p[i + 2] == 'B' || p[i + 2] == '@' || p[i + 2] == '('))
            esc = 1;
    }
    return esc;
}

struct mb_stats {
    size_t bad;      /* invalid bytes or pairs */
    size_t strong;   /* double-byte characters with both bytes >= 0x80 */
    size_t kana;     /* full-width hiragana or katakana */
    size_t hwk2;     /* SJIS: adjacent half-width katakana bytes */
    size_t pairs;    /* SJIS: valid double-byte characters */
    size_t common;   /* SJIS: ... with a lead byte 0x81-0x9F */
    size_t hwk;      /* SJIS: half-width katakana bytes */
    size_t hwk_a;    /* SJIS: ... of the common ones 0xA6-0xBF (ｦ to ｿ, ｰ) */
};

static void sjis_stats(const unsigned char *p, size_t n, struct mb_stats *s)
{
    memset(s, 0, sizeof *s);
    int prev_hwk = 0;
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x80) {
            prev_hwk = 0;
            i++;
            continue;
        }
        if (c >= 0xA1 && c <= 0xDF) {   /* JIS X 0201 katakana */
            s->hwk2 += prev_hwk;
            s->hwk++;
            s->hwk_a += c >= 0xA6 && c <= 0xBF;
            prev_hwk = 1;
            i++;
            continue;
        }
        prev_hwk = 0;
        if ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) {
            if (i + 1 >= n)
                break;   /* incomplete at the end of the sample */
            unsigned t = p[i + 1];
            if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFC)) {
                s->strong += t >= 0x80;
                s->pairs++;
                s->common += c <= 0x9F;
                /* Hiragana 0x829F-0x82F1, katakana 0x8340-0x8396. */
                if ((c == 0x82 && t >= 0x9F && t <= 0xF1) || (c == 0x83 && t >= 0x40 && t <= 0x96))
                    s->kana++;
                i += 2;
            } else {
                s->bad++;
                i++;
            }
            continue;
        }
        s->bad++;   /* 0x80, 0xA0, 0xFD-0xFF */
        i++;
    }
}

static void eucjp_stats(const unsigned char *p, size_t n, struct mb_stats *s)
{
    memset(s, 0, sizeof *s);
    for (size_t i = 0; i < n;) {
        unsigned c = p[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        /* SS2 + half-width katakana, SS3 + JIS X 0212 pair, or a JIS X 0208 pair. */
        size_t len = c == 0x8F ? 3 : 2;
        if (c != 0x8E && c != 0x8F && (c < 0xA1 || c > 0xFE)) {
            s->bad++;
            i++;
            continue;
        }
        if (i + len > n)
            break;
        int ok = 1;
        for (size_t k = 1; k < len; k++) {
            unsigned t = p[i + k];
            if (c == 0x8E ? (t < 0xA1 || t > 0xDF) : (t < 0xA1 || t > 0xFE))
                ok = 0;
        }
        if (!ok) {
            s->bad++;
            i++;
            continue;
        }
        s->strong++;
        /* Hiragana row 0xA4, katakana row 0xA5. */
        if ((c == 0xA4 && p[i + 1] <= 0xF3) || (c == 0xA5 && p[i + 1] <= 0xF6))
            s->kana++;
        i += len;
    }
}

/* Shift_JIS, EUC-JP or neither (NULL) for a sample that is not UTF-8. */
static const char *japanese_guess(const unsigned char *p, size_t n)
{
    struct mb_stats sj, eu;
    /* EBCDIC (letters 0x81-0xA9, space 0x40, NL 0x15) reads as valid
     * Shift_JIS; real text of some length has an ASCII space or line feed. */
    if (n >= 256 && !memchr(p, ' ', n) && !memchr(p, '\n', n))
        return NULL;
    sjis_stats(p, n, &sj);
    eucjp_stats(p, n, &eu);
    /* Evidence for Japanese: two high bytes in a row rarely happen in
     * Western text (an accented letter is followed by ASCII), and kana are
     * the commonest characters of Japanese text. */
    size_t ev_s = sj.strong + sj.hwk2 + 2 * sj.kana;
    size_t ev_e = eu.strong + 2 * eu.kana;
    /* Tolerate one error in 16 pieces of evidence (a stray byte, a cut). */
    int ok_s = ev_s > 0 && sj.bad * 16 <= ev_s;
    int ok_e = ev_e > 0 && eu.bad * 16 <= ev_e;
    /* Other legacy encodings read as Shift_JIS (Cyrillic, Thai, Big5)
     * give lead bytes >= 0xE0; Japanese mostly has 0x81-0x9F leads (kana,
     * punctuation, the level-1 kanji). Half-width katakana text uses ｦ-ｿ
     * often, KOI8-R or CP1251 letters (0xC0-0xDF) never. */
    if (sj.pairs ? sj.common * 3 < sj.pairs : sj.hwk_a * 4 < sj.hwk)
        ok_s = 0;
    /* EUC-KR and GB2312 text is valid EUC-JP too, but has almost no kana
     * (rows 0xA4, 0xA5), the commonest characters of Japanese. Kanji-only
     * EUC-JP is given up for that. */
    if (eu.kana * 32 < eu.strong)
        ok_e = 0;
    if (ok_s && ok_e) {
        if (sj.bad != eu.bad)
            return sj.bad < eu.bad ? "shift_jis" : "euc-jp";
        /* Both clean. Shift_JIS text that is clean EUC-JP too is made of
         * half-width katakana only (bytes 0xA1-0xDF); real EUC-JP kanji text
         * has bytes >= 0xE0 in every few characters. */
        int high = 0;
        for (size_t i = 0; i < n && !high; i++)
            high = p[i] >= 0xE0;
        if (!high)
            return "shift_jis";
        return eu.kana >= sj.kana ? "euc-jp" : "shift_jis";
    }
    if (ok_s)
        return "shift_jis";
    if (ok_e)
        return "euc-jp";
    return NULL;
}

const char *es_detect_encoding(const unsigned char *head, size_t len, const char *hint)
{
    if (len > SNIFF_MAX)
        len = SNIFF_MAX;
    /* A BOM beats a declared charset, as in the WHATWG decode algorithm:
     * files get re-saved without their declarations being fixed. */
    if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
        return "utf-8-bom";
    if (len >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        return "utf-16le";
    if (len >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        return "utf-16be";

    const char *h = label_lookup(hint);
    /* "us-ascii" is what mailers say by default; trust the bytes instead. */
    if (h && strcmp(h, "us-ascii") != 0) {
        if (strcmp(h, "utf-16") == 0) {
            const char *g = utf16_guess(head, len);
            return g ? g : "utf-16le";
        }
        return h;
    }

    const char *g = utf16_guess(head, len);
    if (g)
        return g;
    if (iso2022jp_guess(head, len))
        return "iso-2022-jp";
    /* Most text is valid UTF-8 (bad == 0 below): found by the vector scan
     * of plain text instead of a byte loop over the head. */
    if (utf8_clean(head, len))
        return "utf-8";
    size_t good, bad;
    utf8_stats(head, len, &good, &bad);
    /* Mostly UTF-8 with a stray byte (a log with one Latin-1 line) stays
     * UTF-8: legacy encodings almost never form 8 valid sequences per error. */
    if (bad == 0 || (good >= 8 && bad * 8 <= good))
        return "utf-8";
    g = japanese_guess(head, len);
    if (g)
        return g;
    return "windows-1252";
}

/* ---------------------------------------------------------------------- */
/* Decoders                                                                */

enum dec_kind { DEC_UTF8, DEC_ICONV };

struct es_decoder {
    enum dec_kind kind;
    unsigned unit;            /* bytes skipped on an invalid sequence */
    int at_start;             /* drop a leading U+FEFF (BOM) */
    int iso2022;              /* switch between ISO-2022-JP-2 and -3 on escapes */
    iconv_t cd;
    iconv_t alt;              /* ISO-2022-JP: the other converter, opened lazily */
    int cur_jp3;              /* ISO-2022-JP: cd is ISO-2022-JP-3 */
    unsigned char pend[PEND_MAX];
    size_t npend;
};

int es_decoder_open(struct es_decoder **dp, const char *encoding)
{
    *dp = NULL;
    const char *canon = es_encoding_canonical(encoding);
    if (!canon)
        return ES_ERR_UNSUPPORTED;
    struct es_decoder *d = calloc(1, sizeof *d);
    if (!d)
        return ES_ERR_NOMEM;
    d->cd = d->alt = (iconv_t)-1;
    d->at_start = 1;
    d->unit = 1;
    if (strcmp(canon, "utf-8") == 0 || strcmp(canon, "utf-8-bom") == 0) {
        d->kind = DEC_UTF8;
        *dp = d;
        return ES_OK;
    }
    d->kind = DEC_ICONV;
    if (strcmp(canon, "shift_jis") == 0) {
        /* CP932 is what Windows writes: NEC and IBM extensions (①, Ⅱ, ㈱)
         * and 0x8160 as U+FF5E. */
        d->cd = iconv_open("UTF-8", "CP932");
    } else if (strcmp(canon, "euc-jp") == 0) {
        d->cd = iconv_open("UTF-8", "EUC-JP-MS");   /* eucJP-ms: the CP932 extensions */
        if (d->cd == (iconv_t)-1)
            d->cd = iconv_open("UTF-8", "EUC-JP");
    } else if (strcmp(canon, "iso-2022-jp") == 0) {
        /* ISO-2022-JP-2 is a superset of ISO-2022-JP; JIS X 0213 escapes
         * need ISO-2022-JP-3 (see iso2022_switch). */
        d->cd = iconv_open("UTF-8", "ISO-2022-JP-2");
        d->iso2022 = 1;
    } else if (strcmp(canon, "utf-16le") == 0) {
        d->cd = iconv_open("UTF-8", "UTF-16LE");
        d->unit = 2;
    } else if (strcmp(canon, "utf-16be") == 0) {
        d->cd = iconv_open("UTF-8", "UTF-16BE");
        d->unit = 2;
    } else if (strcmp(canon, "windows-1252") == 0) {
        d->cd = iconv_open("UTF-8", "CP1252");
    }
    if (d->cd == (iconv_t)-1) {
        free(d);
        return ES_ERR_UNSUPPORTED;
    }
    *dp = d;
    return ES_OK;
}

void es_decoder_free(struct es_decoder *d)
{
    if (!d)
        return;
    if (d->cd != (iconv_t)-1)
        iconv_close(d->cd);
    if (d->alt != (iconv_t)-1)
        iconv_close(d->alt);
    free(d);
}

/* Room for the worst case of up to `blk` input bytes (3 output bytes per
 * input byte: a lone byte becomes U+FFFD). Near the buffer's cap, shrink the
 * block to what fits. Returns the block size, 0 if nothing fits. */
static size_t reserve_block(struct es_buf *out, size_t blk, int *rc)
{
    *rc = es_buf_reserve(out, 3 * blk + 4);
    if (*rc == ES_ERR_LIMIT && out->max > out->len) {
        size_t avail = out->max - out->len;
        if (avail < 8)
            return 0;
        *rc = es_buf_reserve(out, avail);
        if (*rc != ES_OK)
            return 0;
        return (avail - 4) / 3;
    }
    return *rc == ES_OK ? blk : 0;
}

/* A whole three-byte sequence with lead c0 = in[i] and no special
 * second-byte range (E1-EC, EE-EF): kana, kanji and most symbols. */
#define THREE_BYTE_AT(in, n, i, c0)                                                           \
    ((c0) >= 0xE1 && (c0) != 0xED && (c0) <= 0xEF && (n) - (i) >= 3 && ((in)[(i) + 1] & 0xC0) == 0x80 && \
     ((in)[(i) + 2] & 0xC0) == 0x80)

#ifdef __SSE2__
/*
 * Plain text: the prefix of a block that normalisation copies unchanged and
 * that ends between characters: ASCII but NUL, and whole three-byte
 * characters led by E1-EC or EE-EF (E0 and ED have second-byte ranges of
 * their own), except those norm_cp() may map: E3 80 80 (U+3000), E3 83 BC
 * (U+30FC), E2 80 / E2 88 (dashes, minus) and EF BC / EF BD (full-width
 * forms, U+FF70). From the block's byte classes (bit k for byte k) and its
 * width; bits past the block are clear.
 */
static unsigned plain_len(uint32_t ascii, uint32_t lead, uint32_t cont, uint32_t special, unsigned width)
{
    uint32_t all = width == 32 ? 0xFFFFFFFFu : (1u << width) - 1;
    uint32_t bad = ((cont ^ (lead << 1 | lead << 2)) | ~(ascii | lead | cont) | special) & all;
    unsigned k = bad ? (unsigned)__builtin_ctz(bad) : width;
    /* A character cut by the first fault (or by the block's end) is not
     * part of the prefix. */
    if (k >= 1 && (lead >> (k - 1) & 1))
        k -= 1;
    else if (k >= 2 && (lead >> (k - 2) & 1))
        k -= 2;
    return k;
}

/* Lead-byte lanes of the three-byte sequences norm_cp() may map (see
 * plain_len()); one list for both vector widths. e0(b), e1(b), e2(b): the
 * lanes whose byte, the byte after it, the byte two after it is b;
 * AND/OR combine lane sets. */
#define NORM_SPECIAL(e0, e1, e2, AND, OR)                                                            \
    OR(OR(AND(e0(0xE3), OR(AND(e1(0x80), e2(0x80)), AND(e1(0x83), e2(0xBC)))),                       \
          AND(e0(0xE2), OR(e1(0x80), e1(0x88)))),                                                     \
       AND(e0(0xEF), OR(e1(0xBC), e1(0xBD))))
#define MASK_AND(a, b) ((a) & (b))
#define MASK_OR(a, b) ((a) | (b))

/* Length of the plain prefix of p[0, 16). Reads 16 bytes. */
static unsigned plain_prefix(const unsigned char *p)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)p);
#define EQ(b) ((uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)(b)))))
#define EQ1(b) (EQ(b) >> 1)
#define EQ2(b) (EQ(b) >> 2)
    uint32_t ascii = (uint32_t)_mm_movemask_epi8(_mm_cmpgt_epi8(v, _mm_setzero_si128()));
    uint32_t cont = (uint32_t)_mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
    uint32_t lead = (uint32_t)_mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(-33)),
                                                             _mm_cmplt_epi8(v, _mm_set1_epi8(-16))));
    lead &= ~(EQ(0xE0) | EQ(0xED));
    uint32_t special = NORM_SPECIAL(EQ, EQ1, EQ2, MASK_AND, MASK_OR);
#undef EQ
#undef EQ1
#undef EQ2
    return plain_len(ascii, lead, cont, special, 16);
}
#endif

/* Built on the SSE2 helpers above (plain_len(), NORM_SPECIAL). */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__SSE2__)
#include <immintrin.h>
#define DECODE_AVX2 1
/* plain_prefix() for p[0, 32), with AVX2; reads 34 bytes. The byte
 * classes are combined as vectors (the bytes after each lane come from
 * loads at p + 1 and p + 2), so that there are four mask moves instead of
 * fourteen. */
__attribute__((target("avx2"))) static inline unsigned plain_prefix32(const unsigned char *p)
{
    const __m256i v = _mm256_loadu_si256((const __m256i *)p);
    const __m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 1));
    const __m256i v2 = _mm256_loadu_si256((const __m256i *)(p + 2));
#define EQ0(b) _mm256_cmpeq_epi8(v, _mm256_set1_epi8((char)(b)))
#define EQ1(b) _mm256_cmpeq_epi8(v1, _mm256_set1_epi8((char)(b)))
#define EQ2(b) _mm256_cmpeq_epi8(v2, _mm256_set1_epi8((char)(b)))
    uint32_t ascii = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(v, _mm256_setzero_si256()));
    uint32_t cont = (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(_mm256_set1_epi8(-64), v));
    __m256i lead = _mm256_and_si256(_mm256_cmpgt_epi8(v, _mm256_set1_epi8(-33)),
                                    _mm256_cmpgt_epi8(_mm256_set1_epi8(-16), v));
    lead = _mm256_andnot_si256(_mm256_or_si256(EQ0(0xE0), EQ0(0xED)), lead);
    __m256i special = NORM_SPECIAL(EQ0, EQ1, EQ2, _mm256_and_si256, _mm256_or_si256);
#undef EQ0
#undef EQ1
#undef EQ2
    return plain_len(ascii, (uint32_t)_mm256_movemask_epi8(lead), cont,
                     (uint32_t)_mm256_movemask_epi8(special), 32);
}

/* plain_copy32() without the copy: the end of the plain text from in[i]
 * (in-place normalisation). Not one loop with an optional copy: that
 * decoded Japanese text at 2.1 GB/s instead of 2.85. */
__attribute__((target("avx2"))) static size_t plain_span32(const unsigned char *in, size_t i, size_t lim)
{
    for (unsigned k = 32; k >= 30 && i + 34 <= lim;) {
        k = plain_prefix32(in + i);
        i += k;
    }
    return i;
}

/* Copy the plain prefix of in[i, lim) to *w, 32 bytes at a time (run-time
 * check in utf8_run()); the loop sits here so that its vector constants
 * are set once, not per step. A step that ends at 30 or 31 goes on: a
 * character cut at the step's end (or a fault there, which the next step
 * finds at once). Returns the new i. */
__attribute__((target("avx2"))) static size_t plain_copy32(const unsigned char *in, size_t i, size_t lim,
                                                            char **w)
{
    char *o = *w;
    for (unsigned k = 32; k >= 30 && i + 34 <= lim;) {
        k = plain_prefix32(in + i);
        memcpy(o, in + i, 32);   /* bytes past k are rewritten next */
        o += k;
        i += k;
        /* A whole three-byte character led by E2, E3 or EF stopped the
         * step (ー, U+3000, full-width forms: Japanese prose has one every
         * ~150 bytes): normalised here, as the general path would, instead
         * of leaving the loop. in[i + 2] is below lim: k < 30. */
        unsigned c0 = in[i];
        if (k < 30 && (c0 == 0xE2 || c0 == 0xE3 || c0 == 0xEF) && (in[i + 1] & 0xC0) == 0x80 &&
            (in[i + 2] & 0xC0) == 0x80) {
            uint32_t c3 = (uint32_t)(c0 & 0x0F) << 12 | (uint32_t)(in[i + 1] & 0x3F) << 6 | (in[i + 2] & 0x3F);
            o += put_utf8(o, norm_cp(c3));
            i += 3;
            k = 32;
        }
    }
    *w = o;
    return i;
}
#endif

/* plain_end()'s avx2 argument: the CPU has AVX2 and this build its steps
 * (asked once per call of a caller, not per stretch). */
static int plain_avx2(void)
{
#ifdef DECODE_AVX2
    return es_cpu_avx2();
#else
    return 0;
#endif
}

/* The end of the plain text (see plain_len()) that starts at p[i], within
 * p[0, n): what normalisation leaves as it is. avx2: plain_avx2(). */
static size_t plain_end(const unsigned char *p, size_t i, size_t n, int avx2)
{
#ifdef DECODE_AVX2
    if (avx2)
        i = plain_span32(p, i, n);
#else
    (void)avx2;
#endif
#ifdef __SSE2__
    for (unsigned k = 16; k >= 14 && i + 16 <= n;) {
        k = plain_prefix(p + i);
        i += k;
    }
#endif
    return ascii_end(p, i, n);
}

static int utf8_clean(const unsigned char *p, size_t n)
{
    const int avx2 = plain_avx2();
    size_t i = 0;
    while (i < n) {
        /* Plain text is valid; what ends it is looked at as utf8_stats()
         * would: ASCII (NUL), a valid sequence, the end, or a fault. */
        i = plain_end(p, i, n, avx2);
        if (i >= n)
            break;
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        int k = utf8_seq(p + i, n - i, &cp);
        if (k == 0)
            break;   /* incomplete at the end: no error */
        if (k < 0)
            return 0;
        i += (size_t)k;
    }
    return 1;
}

size_t es_normalize(char *text, size_t len)
{
    unsigned char *t = (unsigned char *)text;
    size_t r = 0, w = 0;
    const int avx2 = plain_avx2();
    while (r < len) {
        /* Plain text: nothing changes, copy only once something shrank. */
        size_t j = plain_end(t, r, len, avx2);
        if (j > r) {
            if (w != r)
                memmove(t + w, t + r, j - r);
            w += j - r;
            r = j;
            if (r >= len)
                break;
        }
        if (t[r] == 0) {
            t[w++] = ' ';
            r++;
            continue;
        }
        uint32_t cp = 0;
        int k = utf8_seq(t + r, len - r, &cp);
        if (k <= 0) {
            size_t skip = k == 0 ? len - r : (size_t)-k;
            r += skip;
            /* Room for U+FFFD only if it does not overrun unread bytes. */
            if (r - w >= sizeof REPL) {
                memcpy(t + w, REPL, sizeof REPL);
                w += sizeof REPL;
            } else {
                t[w++] = '?';
            }
            continue;
        }
        r += (size_t)k;
        /* A mapped code point is never longer than the original. */
        w += put_utf8(text + w, norm_cp(cp));
    }
    return w;
}

/* UTF-8 to normalised UTF-8. Returns the bytes consumed; the rest is an
 * incomplete sequence (only when !final). */
static size_t utf8_run(const unsigned char *in, size_t n, int final, struct es_buf *out, int *rc)
{
    size_t i = 0;
#ifdef DECODE_AVX2
    const int avx2 = es_cpu_avx2();
#endif
    *rc = ES_OK;
    while (i < n) {
        size_t blk = reserve_block(out, n - i < BLOCK ? n - i : BLOCK, rc);
        if (!blk) {
            if (*rc == ES_OK)
                *rc = ES_ERR_LIMIT;
            return i;
        }
        size_t lim = i + blk;
        char *w = out->data + out->len;
        while (i < lim) {
#ifdef DECODE_AVX2
            /* Plain text 32 bytes at a time, then 16; what ends the plain
             * prefix takes the general path below, then back here. */
            if (avx2)
                i = plain_copy32(in, i, lim, &w);
#endif
#ifdef __SSE2__
            for (unsigned k = 16; k >= 14 && i + 16 <= lim;) {
                k = plain_prefix(in + i);
                memcpy(w, in + i, 16);   /* bytes past k are rewritten next */
                w += k;
                i += k;
            }
            if (i >= lim)
                break;
#endif
            /* ASCII run without NUL: one memcpy. */
            size_t j = ascii_end(in, i, lim);
            if (j > i) {
                memcpy(w, in + i, j - i);
                w += j - i;
                i = j;
                if (i >= lim)
                    break;
            }
            if (in[i] == 0) {
                *w++ = ' ';
                i++;
                continue;
            }
            /* A three-byte sequence (kana, kanji) without the general
             * decoder: E1-EC and EE-EF have no special second-byte range.
             * Only lead bytes E2, E3 and EF start a code point norm_cp()
             * changes. */
            unsigned c0 = in[i];
            if (THREE_BYTE_AT(in, n, i, c0)) {
                uint32_t c3 = (uint32_t)(c0 & 0x0F) << 12 | (uint32_t)(in[i + 1] & 0x3F) << 6 |
                              (in[i + 2] & 0x3F);
                uint32_t m3 = c0 == 0xE2 || c0 == 0xE3 || c0 == 0xEF ? norm_cp(c3) : c3;
                if (m3 == c3) {
                    w[0] = (char)c0;
                    w[1] = (char)in[i + 1];
                    w[2] = (char)in[i + 2];
                    w += 3;
                } else {
                    w += put_utf8(w, m3);
                }
                i += 3;
                continue;
            }
            uint32_t cp = 0;
            /* Sequences may run past lim (not past n): the reservation has 4 spare bytes. */
            int k = utf8_seq(in + i, n - i, &cp);
            if (k == 0) {
                if (!final) {
                    out->len = (size_t)(w - out->data);
                    return i;
                }
                memcpy(w, REPL, sizeof REPL);
                w += sizeof REPL;
                i = n;
                break;
            }
            if (k < 0) {
                memcpy(w, REPL, sizeof REPL);
                w += sizeof REPL;
                i += (size_t)-k;
                continue;
            }
            uint32_t m = norm_cp(cp);
            if (m == cp) {   /* the common case: copy the bytes as they are */
                for (int q = 0; q < k; q++)
                    w[q] = (char)in[i + (size_t)q];
                w += k;
            } else {
                w += put_utf8(w, m);
            }
            i += (size_t)k;
        }
        out->len = (size_t)(w - out->data);
    }
    return i;
}

/* ISO-2022-JP: which converter an escape sequence at p needs: 3 for JIS X
 * 0213 (ISO-2022-JP-3), 2 for the ISO-2022-JP-2 additions, 0 for either, -1
 * if p[0, n) is an escape cut short. glibc passes unknown escapes through
 * as text rather than failing, so the choice is made before converting. */
static int iso2022_need(const unsigned char *p, size_t n)
{
    if (n < 2)
        return -1;
    if (p[1] == '$') {
        if (n < 3)
            return -1;
        if (p[2] == 'A')
            return 2;              /* GB 2312 */
        if (p[2] == '(') {
            if (n < 4)
                return -1;
            if (p[3] == 'O' || p[3] == 'P' || p[3] == 'Q')
                return 3;          /* JIS X 0213 planes */
            if (p[3] == 'C' || p[3] == 'D')
                return 2;          /* KS C 5601, JIS X 0212 */
        }
        return 0;
    }
    if (p[1] == '.' || p[1] == 'N')
        return 2;                  /* ISO 8859 high parts via G2 */
    return 0;
}

static int iso2022_switch(struct es_decoder *d, int want3)
{
    if (d->alt == (iconv_t)-1) {
        d->alt = iconv_open("UTF-8", want3 ? "ISO-2022-JP-3" : "ISO-2022-JP-2");
        if (d->alt == (iconv_t)-1)
            return ES_ERR_UNSUPPORTED;
    }
    iconv_t t = d->cd;
    d->cd = d->alt;
    d->alt = t;
    d->cur_jp3 = want3;
    iconv(d->cd, NULL, NULL, NULL, NULL);   /* back to the initial (ASCII) state */
    return ES_OK;
}

/* Append U+FFFD (room is always reserved by the caller). */
static void put_repl(struct es_buf *out)
{
    memcpy(out->data + out->len, REPL, sizeof REPL);
    out->len += sizeof REPL;
}

/* Convert in[0, n) with iconv, normalising each piece of output in place.
 * Returns the bytes consumed (the rest is an incomplete sequence). */
/* ISO-2022-JP: the next place at or after from where conversion must stop:
 * an escape needing the other converter (*kind 1), an escape cut off by the
 * end of this call's input (*kind 2), or n (*kind 0). */
static size_t iso2022_next_stop(const struct es_decoder *d, const unsigned char *in, size_t from,
                                size_t n, int final, int *kind)
{
    const unsigned char *p = in + from;
    while ((p = memchr(p, 0x1B, (size_t)(in + n - p))) != NULL) {
        size_t j = (size_t)(p - in);
        int need = iso2022_need(p, n - j);
        if (need < 0 && !final) {
            *kind = 2;
            return j;
        }
        if ((need == 3 && !d->cur_jp3) || (need == 2 && d->cur_jp3)) {
            *kind = 1;
            return j;
        }
        p++;
    }
    *kind = 0;
    return n;
}

static size_t iconv_run(struct es_decoder *d, const unsigned char *in, size_t n, int final,
                        struct es_buf *out, int *rc)
{
    size_t i = 0;
    /* ISO-2022-JP: the next stop, found once and kept until passed, so
     * errors between escapes never make the input be scanned again. */
    size_t stop = 0;
    int stop_kind = -1;   /* -1: not looked for yet */
    *rc = ES_OK;
    while (i < n) {
        /* A window of at most BLOCK bytes: bounded output room. */
        size_t end = n - i > BLOCK ? i + BLOCK : n;
        int at_escape = 0, tail_cut = 0;
        size_t i0 = i;
        if (d->iso2022) {
            if (stop_kind < 0 || stop < i)
                stop = iso2022_next_stop(d, in, i, n, final, &stop_kind);
            if (stop == i && stop_kind == 1) {
                *rc = iso2022_switch(d, !d->cur_jp3);
                if (*rc != ES_OK)
                    return i;
                stop_kind = -1;   /* this escape is fine now; look further */
                continue;
            }
            if (stop == i && stop_kind == 2)
                return i;   /* only an incomplete escape is left */
            if (stop < end) {
                end = stop;
                at_escape = stop_kind == 1;
                tail_cut = stop_kind == 2;
            }
        }
        size_t blk = reserve_block(out, end - i, rc);
        if (!blk) {
            if (*rc == ES_OK)
                *rc = ES_ERR_LIMIT;
            return i;
        }
        if (blk < end - i) {
            end = i + blk;   /* near the buffer cap */
            at_escape = tail_cut = 0;
        }
        size_t base = out->len;
        char *inp = (char *)(uintptr_t)(in + i);
        size_t inleft = end - i;
        char *outp = out->data + base;
        /* Keep 3 bytes of the reservation for a U+FFFD after an error. */
        size_t outleft = 3 * blk + 4 - sizeof REPL;
        size_t r = iconv(d->cd, &inp, &inleft, &outp, &outleft);
        int err = r == (size_t)-1 ? errno : 0;
        size_t got = (size_t)(outp - (out->data + base));
        out->len = base + es_normalize(out->data + base, got);
        i = (size_t)((const unsigned char *)inp - in);
        if (!err)
            continue;
        if (err == E2BIG)
            continue;   /* the next round reserves more */
        if (err == EINVAL) {   /* incomplete sequence at the end of in[i, end) */
            if (tail_cut)
                return i;     /* all that is left waits for the next call */
            if (end < n && !at_escape && i > i0)
                continue;     /* cut by the window: the next window has the rest */
            if (end < n) {    /* broken before an escape: replace it */
                put_repl(out);
                i = at_escape ? end : i + (end - i < d->unit ? end - i : d->unit);
                continue;
            }
            if (!final)
                return i;
            put_repl(out);
            return n;
        }
        /* EILSEQ (or anything else): one replacement, skip one code unit. */
        put_repl(out);
        i += n - i < d->unit ? n - i : d->unit;
    }
    return i;
}

static size_t run(struct es_decoder *d, const unsigned char *in, size_t n, int final,
                  struct es_buf *out, int *rc)
{
    return d->kind == DEC_UTF8 ? utf8_run(in, n, final, out, rc)
                               : iconv_run(d, in, n, final, out, rc);
}

int es_decoder_feed(struct es_decoder *d, const unsigned char *in, size_t inlen, int final,
                    struct es_buf *out)
{
    size_t start = out->len;
    int rc = ES_OK;
    /* First finish the sequence left incomplete by the previous call: top it
     * up from the new input and convert that little buffer. */
    while (d->npend > 0 && rc == ES_OK) {
        size_t old = d->npend;
        size_t take = PEND_MAX - old < inlen ? PEND_MAX - old : inlen;
        if (take) {   /* in may be NULL with inlen 0 (a final flush) */
            memcpy(d->pend + old, in, take);
            in += take;
        }
        d->npend += take;
        inlen -= take;
        size_t c = run(d, d->pend, d->npend, final && inlen == 0, out, &rc);
        if (rc != ES_OK)
            goto done;
        if (c >= old) {
            /* The old bytes are done; hand back the new ones not yet used. */
            size_t back = d->npend - c;   /* <= take */
            if (back)
                in -= back;
            inlen += back;
            d->npend = 0;
            break;
        }
        memmove(d->pend, d->pend + c, d->npend - c);
        d->npend -= c;
        if (inlen == 0)
            goto done;   /* still incomplete: wait for more */
        /* A full buffer that still does not decode: cannot happen with the
         * encodings above; drop a byte rather than loop. */
        rc = es_buf_reserve(out, sizeof REPL);
        if (rc != ES_OK)
            goto done;
        put_repl(out);
        memmove(d->pend, d->pend + 1, d->npend - 1);
        d->npend--;
    }
    if (rc == ES_OK && inlen > 0) {
        size_t c = run(d, in, inlen, final, out, &rc);
        size_t rest = inlen - c;
        if (rc == ES_OK && rest > 0) {
            if (rest > PEND_MAX) {
                /* Not an incomplete sequence after all; keep only the tail. */
                if (es_buf_reserve(out, sizeof REPL) == ES_OK)
                    put_repl(out);
                c = inlen - PEND_MAX;
                rest = PEND_MAX;
            }
            memcpy(d->pend, in + c, rest);
            d->npend = rest;
        }
    }
    if (final && rc == ES_OK) {
        if (d->npend > 0 && es_buf_reserve(out, sizeof REPL) == ES_OK)
            put_repl(out);
        d->npend = 0;
        if (d->kind == DEC_ICONV)
            iconv(d->cd, NULL, NULL, NULL, NULL);
    }
done:
    if (d->at_start && out->len > start) {
        d->at_start = 0;
        if (out->len - start >= 3 && memcmp(out->data + start, "\xEF\xBB\xBF", 3) == 0) {
            memmove(out->data + start, out->data + start + 3, out->len - start - 3);
            out->len -= 3;
        }
    }
    if (out->data)
        out->data[out->len] = '\0';
    return rc;
}
