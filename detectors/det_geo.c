/*
 * geo: latitude/longitude pairs precise enough to locate a vehicle or a
 * home: decimal pairs ("35.689500,139.691700"), degree-minute-second forms
 * (35°41'22.2"N 139°41'30.1"E, 北緯35度41分22秒 東経139度41分30秒), NMEA fixes
 * ($GPRMC / $GPGGA / $GPGLL), and lat/lon field pairs in JSON, logs, XML
 * attributes and tables. One pair is one hit, spanning latitude to longitude.
 *
 * Places that are not people (points of interest, stores, map tiles and
 * their bounds) are dropped: their records say so in their keys or headers.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu.h"
#include "detector.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define GEO_AVX2 1   /* has_bytes(): 32 positions per step where the CPU has AVX2 */
#endif

/* Keyed values: lat=…, "lat": …, lat="…", <lat>…; group 1 label, 2 value. */
static const char KEYED[] =
    "(?i)(?<![a-z/])(lat(?:itude)?|lon(?:g(?:itude)?)?|lng"
    "|緯度|経度)"
    "(?![a-z])(?:(?:[ \\t]*(?:[\"':=>]|：|</?[a-z_:]{1,16}>))+[ \\t]*[\"']?|[ \\t]+)"
    "([-+]?[0-9]{1,3}\\.[0-9]+)(?![0-9.])";

/* A bare decimal pair: lat [hemisphere] separator lon [hemisphere]. */
static const char PAIR[] =
    "(?<![0-9A-Za-z.+-])([-+]?[0-9]{1,2}\\.[0-9]{3,})[ \\t]*(?:\xC2\xB0)?[ \\t]*([NS])?"
    "[ \\t]*(?:,|/|[ \\t])[ \\t]*"
    "([-+]?[0-9]{1,3}\\.[0-9]{3,})[ \\t]*(?:\xC2\xB0)?[ \\t]*([EW])?(?![0-9A-Za-z]|\\.[0-9])";

/* Degrees, minutes, seconds with hemispheres before or after each part. */
#define DEG "\xC2\xB0"                                   /* ° */
#define MIN "(?:'|\xE2\x80\xB2|\xE2\x80\x99)"            /* ' ′ ’ */
#define SEC "(?:\"|\xE2\x80\xB3|\xE2\x80\x9D|'')?"       /* " ″ ” '' */
/* A hemisphere letter stands alone: the S of "GPS" or "DMS" is not south. */
static const char DMS[] =
    "(?:(?<![A-Za-z])([NS])[ \\t]*)?([0-9]{1,2})" DEG "[ \\t]*([0-9]{1,2})" MIN
    "[ \\t]*([0-9]{1,2}(?:\\.[0-9]+)?)" SEC "[ \\t]*(?:([NS])(?![A-Za-z]))?[ \\t,/]*"
    "(?:([EW])[ \\t]*)?([0-9]{1,3})" DEG "[ \\t]*([0-9]{1,2})" MIN
    "[ \\t]*([0-9]{1,2}(?:\\.[0-9]+)?)" SEC "(?:[ \\t]*([EW])(?![A-Za-z]))?";

/* 北緯35度41分22.2秒 東経139度41分30.1秒 (南緯 / 西経 as well). */
static const char JDMS[] =
    "(北|南)緯[ \\t]*([0-9]{1,2})度([0-9]{1,2})分([0-9]{1,2}(?:\\.[0-9]+)?)秒(?:[ \\t,]|、)*"
    "(東|西)経[ \\t]*([0-9]{1,3})度([0-9]{1,2})分([0-9]{1,2}(?:\\.[0-9]+)?)秒";

/* NMEA 0183 fixes: ddmm.mmmm,N,dddmm.mmmm,E after the sentence's leading fields. */
static const char NMEA[] =
    "\\$(?:GP|GN|GL|GA|GB|BD)(?:RMC|GGA|GLL)(?:,[^,\\n*]*){0,3}?,([0-9]{4}\\.[0-9]+),([NS]),"
    "([0-9]{5}\\.[0-9]+),([EW])";

enum { RE_KEYED, RE_PAIR, RE_DMS, RE_JDMS, RE_NMEA, RE_COUNT };

#define MIN_DEC 4        /* decimals that locate a vehicle (~10 m) without a label */
#define MIN_DEC_LAB 3    /* with a label (~100 m) */
#define MIN_DEC_BLANK 5  /* unlabelled and separated by blanks only (tables of figures) */
#define PAIR_WINDOW 240  /* bytes from one keyed value to its partner */
#define PAIR_LINES 3     /* newlines allowed in between (pretty-printed JSON) */
#define SCOPE_BACK 320   /* bytes searched back for the enclosing record */
#define NEAR 48          /* bytes before a value searched for context */
#define AFTER_NEAR 24    /* bytes after a pair searched for the place it names */

static const char *const GEO_WORDS[] = {
    "lat", "lon", "lng", "latitude", "longitude", "gps", "position", "location", "coordinates",
    "coord", "緯度", "経度", "位置", "座標", "現在地", "地点", "付近", NULL};
static const char *const LAT_WORDS[] = {"lat", "latitude", "緯度", NULL};
static const char *const LON_WORDS[] = {"lon", "lng", "longitude", "経度", NULL};
/* Records of places rather than people, and map geometry. */
static const char *const DECOY_WORDS[] = {
    "poi", "pois", "store", "stores", "shop", "shops", "店舗", "拠点", "spot", "facility",
    "bus stop", "bus_stop", "busstop", "バス停", "landmark", "tile", "tiles", "bbox", "bounds",
    "viewport", "showroom", "dealer", "dealership", "branch", "head office", "headquarters",
    "find us", "visit us", "ショールーム", "営業所", "本社", "アクセス", NULL};
/* Keys naming a map's view rather than a thing on it ("center": [35.68, 139.76]). */
static const char *const VIEW_WORDS[] = {"center", "centre", "map_center", "中心", "zoom", NULL};

/* What every KEYED match starts with (for its prefilter). */
static const char *const KEYED_PREFIXES[] = {"lat", "lon", "lng", "緯度", "経度", NULL};

struct geo_shared {
    pcre2_code *re[RE_COUNT];
    struct es_prefilter keyed_pf;   /* KEYED_PREFIXES */
    /* DECOY_WORDS and GEO_WORDS for es_kwset_has(), the answer of
     * es_ctx_has_word() with them: a vector pass finds where a word may
     * start, instead of a pass over the window per word (a NEAR window
     * cost ~6,000 instructions with the 33 decoy words). */
    struct es_kwset decoy;
    struct es_kwset geo_words;
};

static int geo_init(void **shared)
{
    static const char *const pats[RE_COUNT] = {KEYED, PAIR, DMS, JDMS, NMEA};
    struct geo_shared *s = calloc(1, sizeof *s);
    if (!s)
        return ES_ERR_NOMEM;
    for (int i = 0; i < RE_COUNT; i++) {
        /* KEYED and PAIR are tried as anchored matches at candidate starts. */
        s->re[i] = es_re_compile(pats[i], i == RE_KEYED || i == RE_PAIR ? PCRE2_ANCHORED : 0, NULL, 0);
        if (!s->re[i]) {
            for (int j = 0; j < i; j++)
                pcre2_code_free(s->re[j]);
            free(s);
            return ES_ERR_PATTERN;
        }
    }
    es_pf_init(&s->keyed_pf, KEYED_PREFIXES);
    es_kwset_init_words(&s->decoy, DECOY_WORDS);
    es_kwset_init_words(&s->geo_words, GEO_WORDS);
    *shared = s;
    return ES_OK;
}

static void geo_fini(void *shared)
{
    struct geo_shared *s = shared;
    for (int i = 0; i < RE_COUNT; i++)
        pcre2_code_free(s->re[i]);
    free(s);
}

/* A decimal number in t[s, e) without locale dependence; decimals counted. */
static int parse_dec(const char *t, size_t s, size_t e, double *out, int *decimals)
{
    double v = 0, scale = 1;
    int neg = 0, frac = 0, nd = 0, ndig = 0;
    size_t i = s;
    while (i < e && (t[i] == ' ' || t[i] == '"' || t[i] == '\''))
        i++;
    if (i < e && (t[i] == '-' || t[i] == '+'))
        neg = t[i++] == '-';
    for (; i < e; i++) {
        char ch = t[i];
        if (ch >= '0' && ch <= '9') {
            ndig++;
            if (frac) {
                scale /= 10;
                v += (ch - '0') * scale;
                nd++;
            } else {
                v = v * 10 + (ch - '0');
            }
        } else if (ch == '.' && !frac) {
            frac = 1;
        } else if (ch == ' ' || ch == '"' || ch == '\'' || ch == '\r') {
            break;   /* '\r': the last field of a CRLF line */
        } else {
            return 0;
        }
    }
    if (!ndig)
        return 0;
    *out = neg ? -v : v;
    if (decimals)
        *decimals = nd;
    return 1;
}

/* A labelled pair: serialisers drop trailing zeros (141.250000 → 141.25), so
 * one precise coordinate is enough when the other has any decimals. */
static int precise(int da, int db)
{
    return da >= 1 && db >= 1 && (da >= MIN_DEC_LAB || db >= MIN_DEC_LAB);
}

static int in_range(double lat, double lon)
{
    /* Both near zero is an unset fix ("null island"), not a place. */
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180)
        return 0;
    return !(lat > -0.01 && lat < 0.01 && lon > -0.01 && lon < 0.01);
}

/* fixed6() formats |v| below this itself: v * 1e6 stays under 2^28, where
 * a double's rounding error is at most 2^-26. */
#define FIXED6_MAX 268.0
/* How close to .5 the fraction of v * 1e6 may come before fixed6() leaves
 * the rounding to snprintf(): far more than that error, so outside it the
 * nearest integer of the exact product is that of the computed one. */
#define FIXED6_TIE 1e-6
#define FIXED6_LEN 12   /* "-268.435456" and a NUL */

/*
 * What snprintf(out, FIXED6_LEN, "%.6f", v) writes, without its cost
 * (about 2,500 instructions per number, more than the rest of a hit):
 * v * 1e6 rounded to the nearest integer, printed with 6 decimals, a '-'
 * for a negative v (also one that rounds to 0, as printf does). Returns
 * the length, or 0 where v is out of range or the product too close to
 * a tie to round it the same way for sure (the caller uses snprintf()).
 */
static size_t fixed6(double v, char *out)
{
    double a = signbit(v) ? -v : v;
    if (!(a < FIXED6_MAX))   /* also NaN */
        return 0;
    double y = a * 1e6;
    uint64_t n = (uint64_t)y;
    double f = y - (double)n;   /* exact: the fraction of a double */
    if (f > 0.5 - FIXED6_TIE && f < 0.5 + FIXED6_TIE)
        return 0;
    n += f > 0.5;
    char tmp[FIXED6_LEN];
    size_t k = 0, o = 0;
    for (int d = 0; d < 6; d++, n /= 10)
        tmp[k++] = (char)('0' + n % 10);
    tmp[k++] = '.';
    do {
        tmp[k++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    if (signbit(v))
        out[o++] = '-';
    while (k)
        out[o++] = tmp[--k];
    out[o] = '\0';
    return o;
}

static void emit(const struct es_scan_ctx *sc, size_t s, size_t e, enum es_confidence conf,
                 double lat, double lon)
{
    char norm[48];
    size_t a = fixed6(lat, norm), b = a ? fixed6(lon, norm + a + 1) : 0;
    if (b) {
        norm[a] = ',';
        es_hit(sc, s, e, conf, norm, a + 1 + b);
        return;
    }
    int n = snprintf(norm, sizeof norm, "%.6f,%.6f", lat, lon);
    if (n > 0 && (size_t)n < sizeof norm)
        es_hit(sc, s, e, conf, norm, (size_t)n);
}

/* JSON arrays and objects of places ("pois": [...], "stores": {...}) in a
 * chunk; found once per chunk, on the first candidate that needs them. */
#define MAX_DECOY_RANGES 16
#define KEY_NEAR 64   /* longest JSON key looked at */
struct decoy_ranges {
    size_t s[MAX_DECOY_RANGES], e[MAX_DECOY_RANGES];
    size_t n;
    int ready;
};

/* End of the JSON array / object opening at t[i] ('[' or '{'), or len. */
static size_t json_close(const char *t, size_t i, size_t len)
{
    int depth = 0, str = 0;
    for (; i < len; i++) {
        char ch = t[i];
        if (str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                str = 0;
        } else if (ch == '"') {
            str = 1;
        } else if (ch == '[' || ch == '{') {
            depth++;
        } else if ((ch == ']' || ch == '}') && --depth == 0) {
            return i + 1;
        }
    }
    return len;
}

static void find_decoy_ranges(const struct es_chunk *c, struct decoy_ranges *r)
{
    const char *t = c->text;
    r->ready = 1;
    r->n = 0;
    for (size_t i = 0; i < c->len && r->n < MAX_DECOY_RANGES; i++) {
        /* The next ':' by memchr: a byte loop here cost more than the
         * candidate tests that need the ranges. */
        const char *colon = memchr(t + i, ':', c->len - i);
        if (!colon)
            break;
        i = (size_t)(colon - t);
        size_t v = i + 1;
        while (v < c->len && (t[v] == ' ' || t[v] == '\t' || t[v] == '\n' || t[v] == '\r'))
            v++;
        if (v >= c->len || (t[v] != '[' && t[v] != '{'))
            continue;
        /* The quoted key just before the ':' (bounded: lines may be long). */
        size_t q = i;
        while (q > 0 && (t[q - 1] == ' ' || t[q - 1] == '\t'))
            q--;
        if (q < 2 || t[q - 1] != '"')
            continue;
        size_t ks = q - 1;
        while (ks > 0 && q - ks < KEY_NEAR && t[ks - 1] != '"' && t[ks - 1] != '\n')
            ks--;
        if (ks == 0 || t[ks - 1] != '"' || !es_ctx_has_word(t + ks, q - 1 - ks, DECOY_WORDS))
            continue;
        r->s[r->n] = v;
        r->e[r->n] = json_close(t, v, c->len);
        i = r->e[r->n++] - 1;   /* a place list holds no second one worth a range */
    }
}

static int in_decoy_range(const struct es_chunk *c, struct decoy_ranges *r, size_t off)
{
    if (!r)
        return 0;
    if (!r->ready)
        find_decoy_ranges(c, r);
    for (size_t i = 0; i < r->n; i++)
        if (off >= r->s[i] && off < r->e[i])
            return 1;
    return 0;
}

/* 1 + the last k in [lo, i) with t[k] one of { } < and a line break (the
 * bytes decoy_scope()'s walk back acts on), or lo if there is none. */
static size_t scope_mark(const char *t, size_t lo, size_t i)
{
#ifdef __SSE2__
    /* Sixteen bytes at a time, from the end. */
    while (i - lo >= 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(t + i - 16));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('{')), _mm_cmpeq_epi8(v, _mm_set1_epi8('}'))),
                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\n')))));
        if (m)
            return i - 16 + (size_t)(32 - __builtin_clz(m));   /* highest set bit b: i - 16 + b + 1 */
        i -= 16;
    }
#endif
    for (; i > lo; i--) {
        char ch = t[i - 1];
        if (ch == '{' || ch == '}' || ch == '<' || ch == '\n')
            return i;
    }
    return lo;
}

/*
 * Is the record holding text[off] a place rather than a person? Looks back to
 * the enclosing JSON object or markup element (or the line start) and at the
 * chunk's label.
 */
static int decoy_scope(const struct geo_shared *sh, const struct es_chunk *c, size_t off,
                       struct decoy_ranges *rng)
{
    if (in_decoy_range(c, rng, off))
        return 1;
    const char *t = c->text;
    size_t lo = off > SCOPE_BACK ? off - SCOPE_BACK : 0;
    size_t i = off;
    int depth = 0, json = 0;
    while (i > lo) {
        /* Only { } < and line breaks matter below: skip to the last one. */
        i = scope_mark(t, lo, i);
        if (i == lo)
            break;
        char ch = t[i - 1];
        if (ch == '}') {
            depth++;
        } else if (ch == '{') {
            if (depth == 0) {
                json = 1;
                i--;
                break;
            }
            depth--;
        } else if (ch == '<' && depth == 0) {
            i--;
            break;
        } else if (ch == '\n' && depth == 0 && !json) {
            /* Pretty-printed JSON spans lines; other records end at the line. */
            size_t j = i;
            while (j < off && (t[j] == ' ' || t[j] == '\t'))
                j++;
            if (j >= off || t[j] != '"')
                break;
        }
        i--;
    }
    if (es_kwset_has(&sh->decoy, t + i, off - i))
        return 1;
    if (json) {
        /* The key owning the object: "center": {"lat": …}. */
        const char *k;
        size_t kn = es_ctx_key(c, i, &k);
        if (kn && (es_ctx_has_word(k, kn, VIEW_WORDS) || es_kwset_has(&sh->decoy, k, kn)))
            return 1;
    }
    return c->label && es_kwset_has(&sh->decoy, c->label, strlen(c->label));
}

/* A keyed value found by KEYED. */
struct keyed {
    size_t ks, vs, ve;   /* key start, value span */
    int lat;             /* 1 latitude, 0 longitude */
    double v;
    int dec;
};

/*
 * The first match of re (anchored) at a pass of pf at or after start: each
 * pass in order, an anchored try (es_re_try_line(): a limit error gives up
 * on the rest of the line), as an unanchored search finds it, the passes
 * taken 64 positions at a time (es_pf_cursor_next()) instead of one
 * re-entry of the vector scan per pass (key words start many passes).
 */
static int find_keyed(const struct es_scan_ctx *sc, const pcre2_code *re, const struct es_prefilter *pf,
                      const char *text, size_t len, size_t start, size_t *ms, size_t *me)
{
    struct es_pf_cursor cur = {0, 0, 0};
    for (size_t from = start; from < len;) {
        size_t p = es_pf_cursor_next(pf, &cur, text, len, from);
        if (p >= len)
            return 0;
        /* After a limit, on from the line's end (its '\n' is tried too). */
        int rc = es_re_try_line(sc, re, text, len, &p, ms, me);
        if (rc)
            return rc > 0;
        from = p + 1;
    }
    return 0;
}

static int next_keyed(const struct es_scan_ctx *sc, const struct es_chunk *c, size_t from,
                      struct keyed *k)
{
    const struct geo_shared *sh = sc->shared;
    size_t ms, me, gs, ge;
    while (from < c->len &&
           find_keyed(sc, sh->re[RE_KEYED], &sh->keyed_pf, c->text, c->len, from, &ms, &me)) {
        from = me > ms ? me : ms + 1;
        if (!es_re_group(sc, 1, &gs, &ge))
            continue;
        k->ks = gs;
        k->lat = es_ctx_has_word(c->text + gs, ge - gs, LAT_WORDS);
        if (!es_re_group(sc, 2, &k->vs, &k->ve))
            continue;
        if (!parse_dec(c->text, k->vs, k->ve, &k->v, &k->dec))
            continue;
        return 1;
    }
    return 0;
}

static int lines_between(const char *t, size_t s, size_t e)
{
    int n = 0;
    for (size_t i = s; i < e; i++)
        n += t[i] == '\n';
    return n;
}

/* The next keyed lat/lon pair at or after from; fills [*s, *e) and the values. */
static int next_keyed_pair(const struct es_scan_ctx *sc, const struct es_chunk *c,
                           struct decoy_ranges *rng, size_t from,
                           size_t *s, size_t *e, double *lat, double *lon)
{
    struct keyed a, b;
    if (!next_keyed(sc, c, from, &a))
        return 0;
    for (;;) {
        if (a.ks >= c->owned)
            return 0;
        if (!next_keyed(sc, c, a.ve, &b))
            return 0;
        int near = b.ks - a.ve <= PAIR_WINDOW && lines_between(c->text, a.ve, b.ks) <= PAIR_LINES;
        if (near && a.lat != b.lat) {
            *lat = a.lat ? a.v : b.v;
            *lon = a.lat ? b.v : a.v;
            *s = a.vs;
            *e = b.ve;
            if (precise(a.dec, b.dec) && in_range(*lat, *lon) &&
                !decoy_scope(sc->shared, c, a.ks, rng))
                return 1;
            /* Consumed either way: continue after the partner. */
            if (!next_keyed(sc, c, b.ve, &a))
                return 0;
            continue;
        }
        a = b;
    }
}

/* Is text[s] inside a list of more than two numbers ([lon, lat, zoom], bbox)? */
static int in_long_list(const struct es_chunk *c, size_t s, size_t e)
{
    const char *t = c->text;
    size_t i = s;
    while (i > 0 && (t[i - 1] == ' ' || t[i - 1] == '\t'))
        i--;
    size_t j = e;
    while (j < c->len && (t[j] == ' ' || t[j] == '\t'))
        j++;
    char before = i > 0 ? t[i - 1] : '\n', after = j < c->len ? t[j] : '\n';
    if (before == '[')
        return after != ']';
    if (before == ',' || before == '(' ) {
        /* Find the list's opening bracket on this line. */
        for (size_t k = i; k > 0 && s - k < SCOPE_BACK; k--) {
            char ch = t[k - 1];
            if (ch == '[')
                return 1;
            if (ch == ']' || ch == '{' || ch == '}' || ch == ':' || ch == '\n' || ch == '"')
                return 0;
        }
    }
    return 0;
}

/* Inside a quoted field of its line (a CSV cell holding "35.1,139.2")? */
static int in_quotes(const struct es_chunk *c, size_t off)
{
    int q = 0;
    size_t i = off;
    while (i > 0 && c->text[i - 1] != '\n')
        q ^= c->text[--i] == '"';
    return q;
}

/* Only zeros after the decimal point (2.0000)? */
static int round_number(const char *t, size_t s, size_t e)
{
    const char *dot = memchr(t + s, '.', e - s);
    if (!dot)
        return 1;
    for (const char *p = dot + 1; p < t + e; p++)
        if (*p != '0')
            return 0;
    return 1;
}

static int geo_context(const struct geo_shared *sh, const struct es_chunk *c, size_t s)
{
    const char *p;
    size_t n = es_ctx_key(c, s, &p);
    if (n && es_kwset_has(&sh->geo_words, p, n))
        return 1;
    const char *col = es_ctx_column(c, s);
    if (col && es_kwset_has(&sh->geo_words, col, strlen(col)))
        return 1;
    n = es_ctx_before(c, s, NEAR, &p);
    return n && es_kwset_has(&sh->geo_words, p, n);
}

static int is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static int is_alnum(char ch)
{
    return is_digit(ch) || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
}

/* Longest digit run after a latitude's '.' and blank run before the
 * longitude that pair_tail_may() judges: within them a failing PAIR try is
 * a few hundred steps at most (the blanks split among four [ \t]* and the
 * separator), far from MATCH_LIMIT, so it cannot end in a limit error that
 * would give up on the line; longer ones go to the pattern. */
#define TAIL_DIGITS_MAX 32
#define TAIL_BLANKS_MAX 8

/* The bytes PAIR may match between the latitude's last decimal and the
 * longitude's first byte: [ \t], ° (C2 B0), N S, ',' '/'. */
static int pair_gap_byte(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == 0xC2 || ch == 0xB0 || ch == 'N' || ch == 'S' || ch == ',' ||
           ch == '/';
}

/*
 * 0 if no PAIR match can have its latitude's '.' at t[q] (q + 3 < len,
 * t[q + 1 .. q + 3] digits): then every try of find_pair() there fails, as
 * a test of a few bytes instead of a pattern run for each (timestamps,
 * prices and versions: "12:34:56.789 INFO"). The latitude's decimals end
 * where the digits after q end (one less leaves a digit, which nothing
 * after them takes); the bytes up to the longitude are pair_gap_byte()s, at
 * least one (the separator), and the longitude starts with a sign or a
 * digit (neither a gap byte): so at the first non-gap byte, with 1 to 3
 * digits, a '.' and 3 digits. 1 if it may, or where the runs are too long
 * to judge (TAIL_DIGITS_MAX).
 */
static int pair_tail_may(const char *t, size_t len, size_t q)
{
    size_t x = q + 4;
    while (x < len && is_digit(t[x]))
        if (++x - q > TAIL_DIGITS_MAX)
            return 1;
    size_t j = x;
    while (j < len && pair_gap_byte((unsigned char)t[j]))
        if (++j - x > TAIL_BLANKS_MAX)
            return 1;
    if (j == x || j >= len)
        return 0;
    if (t[j] == '-' || t[j] == '+')
        j++;
    size_t d = j;
    while (d < len && d - j < 4 && is_digit(t[d]))
        d++;
    return d > j && d - j <= 3 && d + 3 < len && t[d] == '.' && is_digit(t[d + 1]) && is_digit(t[d + 2]) &&
           is_digit(t[d + 3]);
}

/* The next PAIR match at or after pos, as an unanchored search would find
 * it. A match starts with the 1-2 integer digits of the latitude (a run of
 * letters and digits of its own: the look-behind rejects one before it),
 * followed by '.', or with a sign right before them: only those starts
 * are tried, the sign first. Such a run ends right before a '.', so the
 * starts are found from the dots (memchr), in text order. */
static int find_pair(const struct es_scan_ctx *sc, const pcre2_code *re, const struct es_chunk *c,
                     size_t pos, size_t *ms, size_t *me)
{
    const char *t = c->text;
    size_t len = c->len, lo = pos;   /* runs start at or after lo */
    for (size_t q = pos; q < len; q++) {
        const char *dot = memchr(t + q, '.', len - q);
        if (!dot)
            return 0;
        q = (size_t)(dot - t);
        /* The run before the dot: 1 or 2 digits, starting at or after lo,
         * with no letter or digit before it. */
        size_t p;
        if (q >= 1 && is_digit(t[q - 1]) && (q < 2 || !is_alnum(t[q - 2])))
            p = q - 1;
        else if (q >= 2 && is_digit(t[q - 1]) && is_digit(t[q - 2]) && (q < 3 || !is_alnum(t[q - 3])))
            p = q - 2;
        else
            continue;
        if (p < lo)
            continue;
        /* The latitude has at least 3 decimals: "1.5", "0.1", "2021.03.04"
         * cannot start a pair. */
        if (q + 3 >= len || !is_digit(t[q + 1]) || !is_digit(t[q + 2]) || !is_digit(t[q + 3]))
            continue;
        if (!pair_tail_may(t, len, q))
            continue;
        for (size_t at = p > pos && (t[p - 1] == '-' || t[p - 1] == '+') ? p - 1 : p; at <= p; at++) {
            size_t tried = at;
            int rc = es_re_try_line(sc, re, t, len, &tried, ms, me);
            if (rc)
                return rc > 0;
            if (tried != at) {   /* a limit: on after the line */
                lo = tried + 1;
                q = lo - 1;   /* the loop steps to lo */
                break;
            }
        }
    }
    return 0;
}

/* Bare pairs, merged in text order with keyed pairs so that one pair is one hit. */
static void scan_pairs(const struct es_scan_ctx *sc, const struct es_chunk *c,
                       struct decoy_ranges *rng)
{
    const struct geo_shared *sh = sc->shared;
    size_t ks = 0, ke = 0;
    double klat = 0, klon = 0;
    int have_k = next_keyed_pair(sc, c, rng, 0, &ks, &ke, &klat, &klon);
    size_t pos = 0, ms, me;
    while (pos < c->owned && find_pair(sc, sh->re[RE_PAIR], c, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        size_t as, ae, bs, be, hs, he;
        if (!es_re_group(sc, 1, &as, &ae) || !es_re_group(sc, 3, &bs, &be))
            continue;
        int hemi_lat = es_re_group(sc, 2, &hs, &he) ? c->text[hs] : 0;
        int hemi_lon = es_re_group(sc, 4, &hs, &he) ? c->text[hs] : 0;
        while (have_k && ke <= ms) {
            emit(sc, ks, ke, ES_CONF_HIGH, klat, klon);
            have_k = next_keyed_pair(sc, c, rng, ke, &ks, &ke, &klat, &klon);
        }
        if (have_k && ks < me)
            continue;   /* the keyed pair covers it */
        double lat, lon;
        int da, db;
        if (!parse_dec(c->text, as, ae, &lat, &da) || !parse_dec(c->text, bs, be, &lon, &db))
            continue;
        if (hemi_lat == 'S')
            lat = -lat;
        if (hemi_lon == 'W')
            lon = -lon;
        if (!in_range(lat, lon))
            continue;
        /* In a table the two numbers must share a cell; columns are handled apart. */
        if (c->delim && memchr(c->text + ae, c->delim, bs - ae) && !in_quotes(c, as))
            continue;
        /* Unlabelled: ratios and scales (0.1234,0.5678; 1.0000/2.0000) are not places. */
        int ctx = geo_context(sh, c, as) || hemi_lat || hemi_lon;
        if (!ctx && ((lat > -1 && lat < 1 && lon > -1 && lon < 1) ||
                     (round_number(c->text, as, ae) && round_number(c->text, bs, be))))
            continue;
        int need = ctx ? MIN_DEC_LAB : MIN_DEC;
        /* Two numbers apart by blanks only are a weaker pair than "lat,lon". */
        if (!ctx && !memchr(c->text + ae, ',', bs - ae) && !memchr(c->text + ae, '/', bs - ae))
            need = MIN_DEC_BLANK;
        if (da < need || db < need)
            continue;
        if (in_long_list(c, as, be) || decoy_scope(sh, c, as, rng))
            continue;
        /* The pair's key, also when it is an array: "center": [lat, lon]. */
        size_t ko = as;
        while (ko > 0 && (c->text[ko - 1] == ' ' || c->text[ko - 1] == '\t'))
            ko--;
        if (ko > 0 && c->text[ko - 1] == '[')
            ko--;
        const char *k;
        size_t kn = es_ctx_key(c, ko, &k);
        if (kn && es_ctx_has_word(k, kn, VIEW_WORDS))
            continue;
        const char *p;
        size_t n = es_ctx_before(c, as, NEAR, &p);
        if (n && es_kwset_has(&sh->decoy, p, n))
            continue;
        /* "-33.8688, 151.2093 (showroom)": the place may be named after it. */
        n = es_ctx_after(c, be, AFTER_NEAR, &p);
        if (n && es_kwset_has(&sh->decoy, p, n))
            continue;
        emit(sc, as, be, ctx ? ES_CONF_HIGH : ES_CONF_MEDIUM, lat, lon);
    }
    while (have_k) {
        emit(sc, ks, ke, ES_CONF_HIGH, klat, klon);
        have_k = next_keyed_pair(sc, c, rng, ke, &ks, &ke, &klat, &klon);
    }
}

/* Coordinate columns of one table; more than this many pairs is not a record. */
#define MAX_COL_PAIRS 4
/* Bytes of a header kept to compare the parts around its lat/lon word. */
#define HDR_STEM 48

/*
 * The header h with its first word of `words` taken out, lower-cased, into
 * out ("start_lat" -> "start_", "Latitude (home)" -> " (home)"). Two columns
 * whose stems are equal form one pair (start_lat / start_lon, end_lat /
 * end_lon). Returns the stem's length, or -1 if h holds none of the words.
 */

static int header_stem(const char *h, const char *const *words, char *out)
{
    size_t n = strlen(h);
    for (const char *const *w = words; *w; w++) {
        size_t wl = strlen(*w);
        for (size_t i = 0; i + wl <= n; i++) {
            /* es_ctx_has_word()'s rule: "lat" in "start_lat", not in "plate".
             * The words hold no ー, so a match is the wl bytes cut out below. */
            if (!es_kw_word_at(h, n, i, *w, wl))
                continue;
            size_t o = 0;
            for (size_t k = 0; k < n && o + 1 < HDR_STEM; k++) {
                if (k >= i && k < i + wl)
                    continue;
                char ch = h[k];
                out[o++] = ch >= 'A' && ch <= 'Z' ? (char)(ch + 32) : ch;
            }
            out[o] = '\0';
            return (int)o;
        }
    }
    return -1;
}

/*
 * Latitude / longitude column pairs of a table: pairs whose headers agree
 * apart from the lat / lon word, else the first latitude and the first
 * longitude column. Returns the number of pairs written to lat[] / lon[].
 */
static size_t find_pairs(const struct es_chunk *c, int *lat, int *lon)
{
    size_t np = 0;
    int first_lat = -1, first_lon = -1;
    char a[HDR_STEM], b[HDR_STEM];
    for (size_t i = 0; i < c->nheader; i++) {
        const char *h = c->header[i];
        if (!h || es_ctx_has_word(h, strlen(h), LON_WORDS) || header_stem(h, LAT_WORDS, a) < 0)
            continue;
        if (first_lat < 0)
            first_lat = (int)i;
        for (size_t j = 0; j < c->nheader && np < MAX_COL_PAIRS; j++) {
            const char *g = c->header[j];
            if (!g || es_ctx_has_word(g, strlen(g), LAT_WORDS) || header_stem(g, LON_WORDS, b) < 0)
                continue;
            if (strcmp(a, b) == 0) {
                lat[np] = (int)i;
                lon[np++] = (int)j;
                break;
            }
        }
    }
    for (size_t j = 0; j < c->nheader && first_lon < 0; j++) {
        const char *g = c->header[j];
        if (g && !es_ctx_has_word(g, strlen(g), LAT_WORDS) && header_stem(g, LON_WORDS, b) >= 0)
            first_lon = (int)j;
    }
    if (np == 0 && first_lat >= 0 && first_lon >= 0) {
        lat[0] = first_lat;
        lon[0] = first_lon;
        np = 1;
    }
    return np;
}

/* Pairs per row of a table with latitude and longitude columns. */
static void scan_columns(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    int li[MAX_COL_PAIRS], oi[MAX_COL_PAIRS];
    size_t np = find_pairs(c, li, oi);
    if (np == 0)
        return;
    for (size_t i = 0; i < c->nheader; i++)
        if (c->header[i] && es_ctx_has_word(c->header[i], strlen(c->header[i]), DECOY_WORDS))
            return;   /* a table of stores or POIs */
    const char *t = c->text;
    size_t ls = 0;
    while (ls < c->owned) {
        const char *nl = memchr(t + ls, '\n', c->len - ls);
        size_t le = nl ? (size_t)(nl - t) : c->len;
        /* Field spans of this row for each pair: [pair][lat/lon][start/end]. */
        size_t f[MAX_COL_PAIRS][2][2];
        int got[MAX_COL_PAIRS] = {0};
        size_t field = 0, fs = ls;
        int quoted = 0;
        for (size_t i = ls; i <= le; i++) {
            if (i < le && t[i] == '"') {
                quoted = !quoted;
                continue;
            }
            if (i == le || (t[i] == c->delim && !quoted)) {
                for (size_t p = 0; p < np; p++) {
                    if ((int)field != li[p] && (int)field != oi[p])
                        continue;
                    int k = (int)field == li[p] ? 0 : 1;
                    f[p][k][0] = fs;
                    f[p][k][1] = i;
                    got[p]++;
                }
                field++;
                fs = i + 1;
            }
        }
        for (size_t p = 0; p < np; p++) {
            double lat, lon;
            int da, db;
            if (got[p] == 2 && parse_dec(t, f[p][0][0], f[p][0][1], &lat, &da) &&
                parse_dec(t, f[p][1][0], f[p][1][1], &lon, &db) && precise(da, db) &&
                in_range(lat, lon)) {
                size_t s = f[p][0][0] < f[p][1][0] ? f[p][0][0] : f[p][1][0];
                size_t e = f[p][0][1] > f[p][1][1] ? f[p][0][1] : f[p][1][1];
                emit(sc, s, e, ES_CONF_HIGH, lat, lon);
            }
        }
        ls = le + 1;
    }
}

static int num(const char *t, size_t s, size_t e, double *v)
{
    return parse_dec(t, s, e, v, NULL);
}

static void scan_dms(const struct es_scan_ctx *sc, const struct es_chunk *c,
                     struct decoy_ranges *rng)
{
    const struct geo_shared *sh = sc->shared;
    size_t pos = 0, ms, me;
    while (pos < c->owned && es_re_find(sc, sh->re[RE_DMS], c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        size_t g[11][2];
        int have[11];
        for (unsigned i = 1; i <= 10; i++)
            have[i] = es_re_group(sc, i, &g[i][0], &g[i][1]);
        int ns = have[1] ? c->text[g[1][0]] : have[5] ? c->text[g[5][0]] : 0;
        int ew = have[6] ? c->text[g[6][0]] : have[10] ? c->text[g[10][0]] : 0;
        if (!ns || !ew)
            continue;   /* without hemispheres it may be an angle, not a place */
        if ((have[1] && have[5] && c->text[g[1][0]] != c->text[g[5][0]]) ||
            (have[6] && have[10] && c->text[g[6][0]] != c->text[g[10][0]]))
            continue;   /* N ... S: two hemispheres for one coordinate */
        double d1, m1, s1, d2, m2, s2;
        if (!num(c->text, g[2][0], g[2][1], &d1) || !num(c->text, g[3][0], g[3][1], &m1) ||
            !num(c->text, g[4][0], g[4][1], &s1) || !num(c->text, g[7][0], g[7][1], &d2) ||
            !num(c->text, g[8][0], g[8][1], &m2) || !num(c->text, g[9][0], g[9][1], &s2))
            continue;
        if (m1 >= 60 || s1 >= 60 || m2 >= 60 || s2 >= 60)
            continue;
        double lat = d1 + m1 / 60 + s1 / 3600, lon = d2 + m2 / 60 + s2 / 3600;
        if (ns == 'S')
            lat = -lat;
        if (ew == 'W')
            lon = -lon;
        if (!in_range(lat, lon) || decoy_scope(sc->shared, c, ms, rng))
            continue;
        emit(sc, ms, me, ES_CONF_HIGH, lat, lon);
    }
}

static void scan_jdms(const struct es_scan_ctx *sc, const struct es_chunk *c,
                      struct decoy_ranges *rng)
{
    const struct geo_shared *sh = sc->shared;
    size_t pos = 0, ms, me;
    while (pos < c->owned && es_re_find(sc, sh->re[RE_JDMS], c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        size_t g[9][2];
        for (unsigned i = 1; i <= 8; i++)
            if (!es_re_group(sc, i, &g[i][0], &g[i][1]))
                goto next;
        double d1, m1, s1, d2, m2, s2;
        if (!num(c->text, g[2][0], g[2][1], &d1) || !num(c->text, g[3][0], g[3][1], &m1) ||
            !num(c->text, g[4][0], g[4][1], &s1) || !num(c->text, g[6][0], g[6][1], &d2) ||
            !num(c->text, g[7][0], g[7][1], &m2) || !num(c->text, g[8][0], g[8][1], &s2))
            continue;
        if (m1 >= 60 || s1 >= 60 || m2 >= 60 || s2 >= 60)
            continue;
        double lat = d1 + m1 / 60 + s1 / 3600, lon = d2 + m2 / 60 + s2 / 3600;
        /* 南 (south) starts E5 8D, 西 (west) E8 A5. */
        if ((unsigned char)c->text[g[1][0] + 1] == 0x8D)
            lat = -lat;
        if ((unsigned char)c->text[g[5][0]] == 0xE8)
            lon = -lon;
        if (in_range(lat, lon) && !decoy_scope(sc->shared, c, ms, rng))
            emit(sc, ms, me, ES_CONF_HIGH, lat, lon);
    next:;
    }
}

/* ddmm.mmmm → degrees; 0 if the minutes are out of range. */
static int nmea_deg(const char *t, size_t s, size_t e, size_t degdigits, double *out)
{
    double deg = 0, min;
    for (size_t i = 0; i < degdigits; i++)
        deg = deg * 10 + (t[s + i] - '0');
    if (!parse_dec(t, s + degdigits, e, &min, NULL) || min >= 60)
        return 0;
    *out = deg + min / 60;
    return 1;
}

static void scan_nmea(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    const struct geo_shared *sh = sc->shared;
    size_t pos = 0, ms, me;
    while (pos < c->owned && es_re_find(sc, sh->re[RE_NMEA], c->text, c->len, pos, &ms, &me)) {
        pos = me > ms ? me : ms + 1;
        if (ms >= c->owned)
            break;
        size_t g[5][2];
        int ok = 1;
        for (unsigned i = 1; i <= 4; i++)
            ok &= es_re_group(sc, i, &g[i][0], &g[i][1]);
        double lat, lon;
        /* Latitude has two degree digits, longitude three. */
        if (!ok || !nmea_deg(c->text, g[1][0], g[1][1], 2, &lat) ||
            !nmea_deg(c->text, g[3][0], g[3][1], 3, &lon))
            continue;
        if (c->text[g[2][0]] == 'S')
            lat = -lat;
        if (c->text[g[4][0]] == 'W')
            lon = -lon;
        if (in_range(lat, lon))
            emit(sc, g[1][0], g[4][1], ES_CONF_HIGH, lat, lon);
    }
}

#ifdef GEO_AVX2
/* Does the 2- or 3-byte sequence s start in t[*at, len)? 32 positions per
 * step: one compare per byte of s, ANDed. Returns 1 on a find, else 0 with
 * *at where fewer than 32 + n - 1 bytes are left (the caller goes on from
 * there). */
__attribute__((target("avx2"))) static int seq_scan_avx2(const unsigned char *t, size_t len, const char *s,
                                                        size_t n, size_t *at)
{
    const __m256i s0 = _mm256_set1_epi8(s[0]), s1 = _mm256_set1_epi8(s[1]);
    const __m256i s2 = _mm256_set1_epi8(n > 2 ? s[2] : 0);
    size_t i = *at;
    for (; i + 32 + n - 1 <= len; i += 32) {
        __m256i m = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + i)), s0),
                                     _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + i + 1)), s1));
        if (n > 2)
            m = _mm256_and_si256(m, _mm256_cmpeq_epi8(_mm256_loadu_si256((const __m256i *)(t + i + 2)), s2));
        if (_mm256_movemask_epi8(m))
            return 1;
    }
    *at = i;
    return 0;
}
#endif

static int has_bytes(const struct es_chunk *c, const char *s)
{
    size_t n = strlen(s);
    const char *p = c->text, *end = c->text + c->len;
#ifdef GEO_AVX2
    /* A lead byte of a 2-byte character (C2 of °) is rare in CJK text:
     * memchr below is faster for it. */
    if ((unsigned char)s[0] >= 0xE0 && (n == 2 || n == 3) && es_cpu_avx2()) {
        /* The lead bytes of 緯 (E7) and 度 (E5) start a large share of the
         * characters of Japanese text: memchr on them stops every few
         * bytes, so the whole sequence is compared 32 positions at a time. */
        size_t at = 0;
        if (seq_scan_avx2((const unsigned char *)c->text, c->len, s, n, &at))
            return 1;
        p += at;   /* no start before at */
    }
#endif
    /* memchr for the lead byte, then the rest. */
    while ((size_t)(end - p) >= n && (p = memchr(p, s[0], (size_t)(end - p) - n + 1)) != NULL) {
        if (memcmp(p + 1, s + 1, n - 1) == 0)
            return 1;
        p++;
    }
    return 0;
}

static void geo_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    /* Every form has a decimal point or a degree sign next to a digit. The
     * ° test is made once: the gate needs it without a '.', scan_dms()
     * always (a second search of a chunk without one is a whole pass). */
    int dot = memchr(c->text, '.', c->len) != NULL;
    int deg = dot ? -1 : has_bytes(c, "\xC2\xB0");   /* -1: not looked for yet */
    if (!dot && !deg && !has_bytes(c, "\xE5\xBA\xA6"))
        return;
    if (c->delim && c->header)
        scan_columns(sc, c);
    struct decoy_ranges rng = {.n = 0, .ready = 0};
    scan_pairs(sc, c, &rng);
    if (deg < 0)
        deg = has_bytes(c, "\xC2\xB0");
    if (deg)
        scan_dms(sc, c, &rng);
    if (has_bytes(c, "\xE7\xB7\xAF"))   /* 緯 */
        scan_jdms(sc, c, &rng);
    if (memchr(c->text, '$', c->len))
        scan_nmea(sc, c);
}

static size_t geo_mask(const char *norm, size_t len, char *out, size_t cap)
{
    /* Keep one decimal (~10 km): the region, not the house. */
    size_t o = 0;
    int after_dot = -1;
    if (cap == 0)
        return 0;
    for (size_t i = 0; i < len && o + 1 < cap; i++) {
        char ch = norm[i];
        if (ch == '.')
            after_dot = 0;
        else if (ch == ',')
            after_dot = -1;
        else if (after_dot >= 0 && ch >= '0' && ch <= '9' && ++after_dot > 1)
            ch = '*';
        out[o++] = ch;
    }
    out[o] = '\0';
    return o;
}

const struct es_detector es_det_geo = {
    .id = "geo",
    .description = "latitude/longitude pairs (decimal, DMS, NMEA, lat/lon fields)",
    .init = geo_init,
    .fini = geo_fini,
    .scan = geo_scan,
    .mask = geo_mask,
};
