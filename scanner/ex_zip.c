/*
 * zip (libzip): stored, deflate and whatever else libzip was built with;
 * zip64 and data descriptors are libzip's business. Members are inflated on
 * demand as the core reads them, never written to disk (zipread.c: ISA-L
 * for plain deflate, libzip for the rest).
 *
 * libzip does not expose where an entry's data lies, so the central
 * directory is also walked here (cd_parse) for two things libzip will not
 * do: reject overlapping entries (ClamAV unzip.c; 42.zip-style and
 * "quoted overlap" bombs) and see the raw name bytes with their UTF-8 flag
 * and Info-ZIP Unicode Path field, to decode legacy names (CP932 written by
 * Japanese Windows, else CP437) into UTF-8.
 *
 * Directory entries get no record: they hold nothing to scan and the files
 * inside them carry the full path anyway.
 */
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>
#include <zlib.h>

#include "extract.h"
#include "limits.h"
#include "ooxml.h"
#include "zipread.h"

/* Signatures and fixed sizes (PKWARE APPNOTE 6.3.x, 4.3). */
#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_EOCD64 0x06064b50u
#define SIG_EOCD64_LOC 0x07064b50u
#define LOCAL_LEN 30u
#define CENTRAL_LEN 46u
#define EOCD_LEN 22u
#define EOCD64_LEN 56u
#define EOCD64_LOC_LEN 20u
/* The EOCD comment is at most 65535 bytes, so the record is in the last 64 KiB + 22. */
#define EOCD_SEARCH (65535u + EOCD_LEN)
/* General purpose flag bit 11: names and comments are UTF-8 (APPNOTE appendix D). */
#define FLAG_UTF8 0x0800u
/* Extra fields: zip64 sizes/offset, and Info-ZIP's Unicode Path (UTF-8 name). */
#define EXTRA_ZIP64 0x0001u
#define EXTRA_UPATH 0x7075u
/* Names longer than this are cut for decoding (the zip format allows 64 KiB). */
#define NAME_MAX_UTF8 (4u * 65536u)

struct zent {
    uint64_t off;                /* local header offset (archive-relative) */
    uint64_t csize;              /* compressed size from the central directory */
    uint64_t end;                /* end of the entry's data, for the overlap check */
    uint16_t flags;
    const unsigned char *name;   /* raw bytes, inside the archive */
    size_t nlen;
    const unsigned char *uname;  /* Info-ZIP Unicode Path, or NULL */
    size_t ulen;
    int overlap;                 /* 1: shares data with an earlier entry */
};

struct zip_ctx {
    const unsigned char *p;      /* the whole archive */
    size_t len;
    struct zent *ents;
    size_t nents;
    uint64_t cd_start;           /* where the central directory begins */
    iconv_t cp932, cp437;
    struct es_buf name;
    struct es_zread zr;          /* reused member after member (its ISA-L state) */
};

struct zmember {
    struct es_zread *zr;
    struct es_input *in;
};

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint64_t le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}

/* ---- the central directory, walked for offsets and raw names ---- */

/* Zip64 values replace the 32-bit fields that are 0xffffffff, in this order. */
static void apply_zip64(const unsigned char *x, size_t n, uint32_t usize32, uint32_t csize32,
                        uint32_t off32, uint64_t *csize, uint64_t *off)
{
    size_t k = 0;
    if (usize32 == UINT32_MAX)
        k += 8;
    if (csize32 == UINT32_MAX) {
        if (k + 8 > n)
            return;
        *csize = le64(x + k);
        k += 8;
    }
    if (off32 == UINT32_MAX && k + 8 <= n)
        *off = le64(x + k);
}

static void parse_extra(struct zent *e, const unsigned char *x, size_t n, uint32_t usize32,
                        uint32_t csize32, uint32_t off32)
{
    while (n >= 4) {
        uint16_t id = le16(x), sz = le16(x + 2);
        if ((size_t)sz + 4 > n)
            return;
        if (id == EXTRA_ZIP64)
            apply_zip64(x + 4, sz, usize32, csize32, off32, &e->csize, &e->off);
        /* Unicode Path: version 1, CRC-32 of the raw name it replaces, name.
         * A CRC that does not match means the name was changed by a tool
         * that did not know the field: the raw name wins (Info-ZIP). */
        if (id == EXTRA_UPATH && sz > 5 && x[4] == 1 &&
            le32(x + 5) == (uint32_t)crc32(0L, e->name, (uInt)e->nlen)) {
            e->uname = x + 9;
            e->ulen = (size_t)sz - 5;
        }
        x += 4 + sz;
        n -= 4 + (size_t)sz;
    }
}

/* Find the central directory and list its entries. 0, or -1 when there is
 * no usable one (libzip then decides alone). */
static int cd_parse(struct zip_ctx *z)
{
    const unsigned char *p = z->p;
    size_t len = z->len, eocd = SIZE_MAX;
    if (len < EOCD_LEN)
        return -1;
    size_t lo = len - EOCD_LEN > EOCD_SEARCH ? len - EOCD_LEN - EOCD_SEARCH : 0;
    for (size_t i = len - EOCD_LEN + 1; i-- > lo;)
        if (le32(p + i) == SIG_EOCD) {
            eocd = i;
            break;
        }
    if (eocd == SIZE_MAX)
        return -1;
    uint64_t count = le16(p + eocd + 10), cdsize = le32(p + eocd + 12), cdoff = le32(p + eocd + 16);
    size_t cdend = eocd;
    if (eocd >= EOCD64_LOC_LEN && le32(p + eocd - EOCD64_LOC_LEN) == SIG_EOCD64_LOC) {
        uint64_t e64 = le64(p + eocd - EOCD64_LOC_LEN + 8);
        if (len >= EOCD64_LEN && e64 <= len - EOCD64_LEN && le32(p + e64) == SIG_EOCD64) {
            count = le64(p + e64 + 32);
            cdsize = le64(p + e64 + 40);
            cdoff = le64(p + e64 + 48);
            cdend = (size_t)e64;
        }
    }
    /* Data prepended to the archive (a self-extractor stub) shifts every
     * offset: the directory really starts cdsize bytes before its end. */
    if (cdsize > cdend)
        return -1;
    uint64_t base = cdend - cdsize;
    if (base < cdoff)
        return -1;
    base -= cdoff;
    /* Each entry takes at least CENTRAL_LEN bytes: bounds the allocation by
     * the file's real size whatever the count field claims. */
    if (count > cdsize / CENTRAL_LEN)
        count = cdsize / CENTRAL_LEN;
    z->ents = calloc(count ? (size_t)count : 1, sizeof *z->ents);
    if (!z->ents)
        return -1;
    size_t pos = (size_t)(base + cdoff);
    z->cd_start = pos;
    for (uint64_t i = 0; i < count; i++) {
        if (pos > cdend || cdend - pos < CENTRAL_LEN || le32(p + pos) != SIG_CENTRAL)
            break;
        const unsigned char *h = p + pos;
        size_t nlen = le16(h + 28), xlen = le16(h + 30), clen = le16(h + 32);
        if (CENTRAL_LEN + nlen + xlen + clen > cdend - pos)
            break;
        struct zent *e = &z->ents[z->nents++];
        uint32_t csize32 = le32(h + 20), usize32 = le32(h + 24), off32 = le32(h + 42);
        e->flags = le16(h + 8);
        e->csize = csize32;
        e->off = off32;
        e->name = h + CENTRAL_LEN;
        e->nlen = nlen;
        parse_extra(e, h + CENTRAL_LEN + nlen, xlen, usize32, csize32, off32);
        e->off += base;
        pos += CENTRAL_LEN + nlen + xlen + clen;
    }
    return 0;
}

static int cmp_off(const void *a, const void *b)
{
    const struct zent *x = *(const struct zent *const *)a, *y = *(const struct zent *const *)b;
    if (x->off != y->off)
        return x->off < y->off ? -1 : 1;
    return x < y ? -1 : x > y;  /* the earlier central-directory entry first */
}

/* Mark entries whose local header lies inside another entry's data or is
 * another entry's (ClamAV unzip.c): in a well-formed zip every entry owns
 * its bytes, so sharing is how 42.zip-style and overlap bombs multiply a
 * small kernel. The first entry by offset keeps the data. */
static void find_overlaps(struct zip_ctx *z)
{
    struct zent **v = malloc((z->nents ? z->nents : 1) * sizeof *v);
    if (!v)
        return;
    for (size_t i = 0; i < z->nents; i++) {
        struct zent *e = &z->ents[i];
        v[i] = e;
        uint64_t hdr = LOCAL_LEN + e->nlen;
        if (z->len >= LOCAL_LEN && e->off <= z->len - LOCAL_LEN && le32(z->p + e->off) == SIG_LOCAL)
            hdr = LOCAL_LEN + (uint64_t)le16(z->p + e->off + 26) + le16(z->p + e->off + 28);
        e->end = e->off + hdr + e->csize;
        if (e->end < e->off)  /* wrapped: absurd sizes */
            e->end = UINT64_MAX;
    }
    qsort(v, z->nents, sizeof *v, cmp_off);
    uint64_t reach = 0;
    for (size_t i = 0; i < z->nents; i++) {
        if (i > 0 && v[i]->off < reach)
            v[i]->overlap = 1;
        else if (v[i]->end > reach && v[i]->end <= z->cd_start)
            reach = v[i]->end;
        /* An entry claiming data past the directory lies about its size:
         * libzip reports it when it is read; it must not make the honest
         * entries after it look overlapping. */
    }
    free(v);
}

/* ---- names ---- */

static int valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            k = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            k = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            k = 3;
            cp = c & 0x07;
        } else {
            return 0;
        }
        if (n - i <= k)
            return 0;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        /* overlong forms, surrogates, beyond U+10FFFF */
        if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return 0;
        i += k + 1;
    }
    return 1;
}

/* Shift_JIS/CP932 structure with Japanese letters in it. Every CP437 byte
 * string is "valid", so CP932 must show positive evidence: a double-byte
 * hiragana, katakana or kanji, or several half-width katakana. */
static int looks_cp932(const unsigned char *s, size_t n)
{
    size_t jp = 0, kana = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c < 0x80)
            continue;
        if (c >= 0xa1 && c <= 0xdf) {  /* half-width katakana */
            kana++;
            continue;
        }
        if (!((c >= 0x81 && c <= 0x9f) || (c >= 0xe0 && c <= 0xfc)) || i + 1 >= n)
            return 0;
        unsigned char t = s[++i];
        if (t < 0x40 || t == 0x7f || t > 0xfc)
            return 0;
        if ((c == 0x82 && t >= 0x9f) ||                 /* hiragana */
            (c == 0x83 && t <= 0x96) ||                 /* katakana */
            (c >= 0x88 && c <= 0x9f) || (c >= 0xe0 && c <= 0xea))  /* kanji */
            jp++;
    }
    /* Three half-width katakana: CP437 text rarely strings that many
     * accented letters from 0xa1..0xdf together without other bytes. */
    return jp > 0 || kana >= 3;
}

static int convert(iconv_t cd, const unsigned char *s, size_t n, struct es_buf *out)
{
    char tmp[1024];
    char *ip = (char *)s;
    size_t il = n;
    iconv(cd, NULL, NULL, NULL, NULL);
    while (il > 0) {
        char *op = tmp;
        size_t ol = sizeof tmp;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        if (es_buf_append(out, tmp, sizeof tmp - ol) < 0)
            return -1;
        if (r == (size_t)-1 && op == tmp)
            return -1;  /* invalid or incomplete input (E2BIG makes progress) */
    }
    return 0;
}

/* The member name as UTF-8 in z->name (NUL-terminated). */
static int decode_name(struct zip_ctx *z, const unsigned char *raw, size_t n, int utf8flag)
{
    struct es_buf *out = &z->name;
    out->len = 0;
    if (n > NAME_MAX_UTF8 / 4)
        n = NAME_MAX_UTF8 / 4;
    int done = 0;
    if (!utf8flag && !valid_utf8(raw, n)) {
        /* Legacy code page: CP932 when it shows Japanese, else CP437 (the
         * APPNOTE default), each through iconv. */
        if (looks_cp932(raw, n)) {
            if (!z->cp932)
                z->cp932 = iconv_open("UTF-8", "CP932");
            if (z->cp932 != (iconv_t)-1 && convert(z->cp932, raw, n, out) == 0)
                done = 1;
        }
        if (!done) {
            out->len = 0;
            if (!z->cp437)
                z->cp437 = iconv_open("UTF-8", "CP437");
            if (z->cp437 != (iconv_t)-1 && convert(z->cp437, raw, n, out) == 0)
                done = 1;
        }
    }
    if (!done) {
        /* UTF-8 (flagged or plain valid); invalid flagged names stay raw
         * and the reporters escape them. */
        out->len = 0;
        if (es_buf_append(out, raw, n) < 0)
            return -1;
    }
    if (es_buf_putc(out, 0) < 0)
        return -1;
    out->len--;
    return 0;
}

/* ---- members ---- */

static ssize_t zm_read(void *ctx, void *buf, size_t n)
{
    struct zmember *m = ctx;
    ssize_t r = es_zread_read(m->zr, buf, n);
    if (r >= 0)
        return r;
    m->in->why = m->zr->why;
    return ES_ERR_FORMAT;
}

static const char *encryption_reason(zip_uint16_t em)
{
    switch (em) {
    case ZIP_EM_TRAD_PKWARE: return "encrypted (ZipCrypto)";
    case ZIP_EM_AES_128:
    case ZIP_EM_AES_192:
    case ZIP_EM_AES_256: return "encrypted (WinZip AES)";
    default: return "encrypted (PKWARE strong encryption)";
    }
}

/* One entry: a member, or a record saying why it is not read. ES_STOP ends
 * the archive. */
static int run_entry(struct es_sink *sink, struct zip_ctx *z, zip_t *za, zip_uint64_t i, int mapped)
{
    zip_stat_t st;
    const struct zent *e = mapped ? &z->ents[i] : NULL;
    int rc;
    if (e) {
        const unsigned char *raw = e->uname ? e->uname : e->name;
        size_t n = e->uname ? e->ulen : e->nlen;
        rc = decode_name(z, raw, n, e->uname || (e->flags & FLAG_UTF8));
    } else {
        const char *raw = zip_get_name(za, i, ZIP_FL_ENC_RAW);
        rc = raw ? decode_name(z, (const unsigned char *)raw, strlen(raw), 0) : -1;
    }
    if (rc < 0)
        return es_sink_member_status(sink, "", 0, ES_REC_ERROR, "cannot decode entry name");
    const char *name = z->name.data;
    size_t nlen = z->name.len;

    zip_stat_init(&st);
    if (zip_stat_index(za, i, 0, &st) < 0)
        return es_sink_member_status(sink, name, nlen, ES_REC_ERROR, "cannot read entry header");
    if (nlen > 0 && name[nlen - 1] == '/' && (!(st.valid & ZIP_STAT_SIZE) || st.size == 0))
        return ES_OK;  /* a directory */
    if (e && e->overlap)
        return es_sink_member_status(sink, name, nlen, ES_REC_LIMIT,
                                     "overlapping entry: its data overlaps another entry's (zip bomb)");
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
        return es_sink_member_status(sink, name, nlen, ES_REC_ENCRYPTED,
                                     encryption_reason(st.encryption_method));
    if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0)) {
        char why[64];
        snprintf(why, sizeof why, "unsupported compression method %u", (unsigned)st.comp_method);
        return es_sink_member_status(sink, name, nlen, ES_REC_ERROR, why);
    }
    /* The declared sizes cannot make a member bigger than its data allows
     * (the core counts real bytes), but a declared ratio past the limit
     * marks a bomb before anything is inflated: 42.zip's leaves are 1 GiB
     * of zeros each, and opening thousands of them just to let the ratio
     * limit trip would spend seconds per leaf. */
    uint64_t ratio = es_sink_limit(sink, ES_LIMIT_RATIO);
    if (ratio && (st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) &&
        st.size > ES_RATIO_GRACE && st.size / (st.comp_size ? st.comp_size : 1) > ratio) {
        char why[160];
        snprintf(why, sizeof why,
                 "ratio limit (%llu) reached: declared %llu bytes from %llu compressed; member not opened",
                 (unsigned long long)ratio, (unsigned long long)st.size,
                 (unsigned long long)st.comp_size);
        return es_sink_member_status(sink, name, nlen, ES_REC_LIMIT, why);
    }

    if (es_zread_open(&z->zr, za, i, &st) < 0) {
        int code = zip_error_code_zip(zip_get_error(za));
        const char *why = code == ZIP_ER_COMPNOTSUPP   ? "unsupported compression method"
                          : code == ZIP_ER_INCONS      ? "inconsistent entry (local and central headers disagree)"
                          : code == ZIP_ER_NOPASSWD    ? "encrypted"
                          : code == ZIP_ER_ENCRNOTSUPP ? "encrypted (unsupported method)"
                                                       : "cannot open entry";
        zip_error_clear(za);
        return es_sink_member_status(sink, name, nlen,
                                     code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP
                                         ? ES_REC_ENCRYPTED
                                         : ES_REC_ERROR,
                                     why);
    }
    struct es_input m;
    struct zmember zm = {.zr = &z->zr, .in = &m};
    es_input_from_stream(&m, zm_read, &zm, name,
                         (st.valid & ZIP_STAT_SIZE) ? st.size : ES_SIZE_UNKNOWN,
                         (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0);
    rc = es_sink_member(sink, name, nlen, &m);
    es_zread_close(&z->zr);
    return rc;
}

/* ---- without a usable central directory: walk the local headers ---- */

/* A truncated download, a zip streamed without its directory, or one whose
 * directory libzip refuses still holds readable entries one after another
 * (libarchive's streaming zip reader). Stored and deflate only; sizes come
 * from the local header, or from the deflate stream's own end when a data
 * descriptor follows. */

/* Signature of the optional data descriptor, and its sizes with and
 * without the signature (crc + 32-bit sizes). */
#define SIG_DESCRIPTOR 0x08074b50u
#define DESCRIPTOR_LEN 12u
#define FLAG_ENCRYPTED 0x0001u
#define FLAG_DESCRIPTOR 0x0008u
#define METHOD_STORED 0
#define METHOD_DEFLATE 8
/* Skipping an unread deflate member to find the next header inflates into
 * this much stack at a time. */
#define DRAIN_BUF 16384u

struct lmember {
    const unsigned char *p;  /* data start */
    size_t avail;            /* bytes of the archive from p on (bounded by csize when known) */
    int method;
    z_stream zs;
    int zinit;
    size_t used;             /* compressed bytes consumed */
    int end;                 /* the data ended properly */
    int cut;                 /* the archive ends before the declared size */
    uint32_t crc, want_crc;
    int check_crc;
    struct es_input *in;     /* the member, for the error reason */
};

static ssize_t lm_fail(struct lmember *m, const char *why)
{
    if (m->in)
        m->in->why = why;
    return ES_ERR_FORMAT;
}

static ssize_t lm_read(void *ctx, void *buf, size_t n)
{
    struct lmember *m = ctx;
    size_t got = 0;
    if (m->end || n == 0)
        return 0;
    if (m->method == METHOD_STORED) {
        size_t left = m->avail - m->used;
        got = n < left ? n : left;
        memcpy(buf, m->p + m->used, got);
        m->used += got;
        if (got == 0)
            return lm_fail(m, "truncated entry");
    } else {
        if (n > UINT32_MAX)
            n = UINT32_MAX;  /* zlib counts in uInt */
        while (got == 0) {
            size_t left = m->avail - m->used;
            m->zs.next_in = (unsigned char *)m->p + m->used;
            m->zs.avail_in = (uInt)(left < UINT32_MAX ? left : UINT32_MAX);
            m->zs.next_out = buf;
            m->zs.avail_out = (uInt)n;
            int zr = inflate(&m->zs, Z_NO_FLUSH);
            m->used = (size_t)(m->zs.next_in - m->p);
            got = n - m->zs.avail_out;
            if (zr == Z_STREAM_END) {
                m->end = 1;
                break;
            }
            if (zr == Z_BUF_ERROR || (zr == Z_OK && got == 0 && m->zs.avail_in == 0))
                return lm_fail(m, "truncated entry");
            if (zr != Z_OK)
                return lm_fail(m, "corrupt compressed data");
        }
    }
    m->crc = (uint32_t)crc32(m->crc, buf, (uInt)got);
    /* A cut entry ends on the next call, with "truncated entry". */
    if (m->method == METHOD_STORED && m->used == m->avail && !m->cut)
        m->end = 1;
    if (m->end && m->check_crc && m->crc != m->want_crc)
        return lm_fail(m, "CRC mismatch");
    return (ssize_t)got;
}

/* Inflate what the core left unread, to find where the entry ends; bounded
 * by the member-bytes limit. 0 when the end was found. */
static int lm_drain(struct es_sink *sink, struct lmember *m)
{
    unsigned char tmp[DRAIN_BUF];
    uint64_t total = 0, cap = es_sink_limit(sink, ES_LIMIT_MEMBER_BYTES);
    struct es_input *in = m->in;
    m->in = NULL;
    while (!m->end) {
        ssize_t r = lm_read(m, tmp, sizeof tmp);
        if (r <= 0 || (cap && (total += (uint64_t)r) > cap) || es_sink_tick(sink) == ES_STOP)
            break;
    }
    m->in = in;
    return m->end ? 0 : -1;
}

/* Returns the number of entries found (records emitted). */
static size_t local_walk(struct es_sink *sink, struct zip_ctx *z)
{
    const unsigned char *p = z->p;
    size_t len = z->len, pos = 0, found = 0;
    while (len >= LOCAL_LEN && pos <= len - LOCAL_LEN && le32(p + pos) == SIG_LOCAL) {
        if (es_sink_tick(sink) == ES_STOP)
            break;
        const unsigned char *h = p + pos;
        uint16_t flags = le16(h + 6), method = le16(h + 8);
        uint64_t csize = le32(h + 18);
        size_t nlen = le16(h + 26), xlen = le16(h + 28);
        size_t data = pos + LOCAL_LEN + nlen + xlen;
        if (data > len)
            break;
        /* zip64: the 32-bit sizes are 0xffffffff and the extra field holds them. */
        for (size_t x = pos + LOCAL_LEN + nlen; x + 4 <= data;) {
            uint16_t id = le16(p + x), sz = le16(p + x + 2);
            if (x + 4 + sz > data)
                break;
            if (id == EXTRA_ZIP64 && sz >= 16 && csize == UINT32_MAX)
                csize = le64(p + x + 4 + 8);
            x += 4u + sz;
        }
        int known = !(flags & FLAG_DESCRIPTOR) || csize != 0;
        if (decode_name(z, h + LOCAL_LEN, nlen, flags & FLAG_UTF8) < 0)
            break;
        found++;
        const char *name = z->name.data;
        size_t namelen = z->name.len;
        size_t avail = len - data;
        if (known && csize < avail)
            avail = (size_t)csize;
        int rc = ES_OK, is_dir = namelen && name[namelen - 1] == '/' && csize == 0;
        struct lmember lm = {.p = p + data, .avail = avail, .method = method,
                             .cut = known && csize > len - data};
        if (is_dir) {
            found--;
        } else if (flags & FLAG_ENCRYPTED) {
            rc = es_sink_member_status(sink, name, namelen, ES_REC_ENCRYPTED, "encrypted");
        } else if (method != METHOD_STORED && method != METHOD_DEFLATE) {
            char why[64];
            snprintf(why, sizeof why, "unsupported compression method %u", (unsigned)method);
            rc = es_sink_member_status(sink, name, namelen, ES_REC_ERROR, why);
        } else if (method == METHOD_STORED && !known) {
            rc = es_sink_member_status(sink, name, namelen, ES_REC_ERROR,
                                       "stored entry of unknown size (data descriptor, no directory)");
            break;
        } else if (method == METHOD_DEFLATE && inflateInit2(&lm.zs, -15) != Z_OK) {
            break;
        } else {
            struct es_input m;
            lm.zinit = method == METHOD_DEFLATE;
            lm.check_crc = !(flags & FLAG_DESCRIPTOR);
            lm.want_crc = le32(h + 14);
            lm.in = &m;
            es_input_from_stream(&m, lm_read, &lm, name, ES_SIZE_UNKNOWN, known ? csize : 0);
            rc = es_sink_member(sink, name, namelen, &m);
            if (rc != ES_STOP && !known && !lm.end && lm_drain(sink, &lm) < 0) {
                inflateEnd(&lm.zs);
                es_sink_partial(sink, "stopped at an entry whose end could not be found");
                break;
            }
        }
        if (lm.zinit)
            inflateEnd(&lm.zs);
        if (rc == ES_STOP)
            break;
        if (known) {
            if (csize > len - data)
                break;
            pos = data + (size_t)csize;
        } else {
            pos = data + lm.used;
        }
        if (flags & FLAG_DESCRIPTOR) {
            /* crc + sizes, with or without the signature; zip64 sizes are
             * 8 bytes each: take whichever lands on the next header. */
            size_t d = pos + (pos + 4 <= len && le32(p + pos) == SIG_DESCRIPTOR ? 4 : 0);
            if (d + DESCRIPTOR_LEN + 4 <= len && le32(p + d + DESCRIPTOR_LEN) == SIG_LOCAL)
                pos = d + DESCRIPTOR_LEN;
            else
                pos = d + DESCRIPTOR_LEN + 8;
        }
    }
    return found;
}

/* Bids: libmagic's application/zip is sure (50); the local-header or
 * empty-archive signature without that MIME still makes a zip (45; libmagic
 * names jar, apk, epub and the like differently). Office documents that
 * libmagic recognises get 10: the OOXML/ODF extractors bid higher on their
 * MIME types, and this one stays a fallback that still opens the package. */
static int zip_bid(const struct es_sniff *s)
{
    const char *mt = s->mime ? s->mime : "";
    int sig = s->head_len >= 4 && s->head[0] == 'P' && s->head[1] == 'K' &&
              ((s->head[2] == 3 && s->head[3] == 4) || (s->head[2] == 5 && s->head[3] == 6) ||
               (s->head[2] == 7 && s->head[3] == 8));
    if (strncmp(mt, "application/vnd.openxmlformats-officedocument.", 46) == 0 ||
        strncmp(mt, "application/vnd.oasis.opendocument.", 35) == 0 ||
        strncmp(mt, "application/vnd.ms-excel.", 25) == 0 ||
        strncmp(mt, "application/vnd.ms-word.", 24) == 0 ||
        strncmp(mt, "application/vnd.ms-powerpoint.", 30) == 0)
        return 10;
    if (strcmp(mt, "application/zip") == 0 || strcmp(mt, "application/x-zip-compressed") == 0)
        return 50;
    if (sig)
        return 45;
    return 0;
}

static int zip_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)s;
    int status = ES_OK;
    zip_t *za = NULL;
    zip_source_t *src = NULL;
    zip_error_t zerr;
    struct zip_ctx z = {.cp932 = NULL, .cp437 = NULL};
    es_buf_init(&z.name, NAME_MAX_UTF8);
    zip_error_init(&zerr);
    es_sink_set_type(sink, "zip");

    /* Random access: files are mapped and memory is used as it is, so only
     * a stream (a zip inside a zip) costs memory; it is held up to the
     * load-bytes limit. */
    size_t cap = in->read ? (size_t)es_sink_limit(sink, ES_LIMIT_LOAD_BYTES) : SIZE_MAX;
    int rc = es_input_load(in, cap, &z.p, &z.len);
    if (rc != ES_OK) {
        status = rc == ES_ERR_LIMIT
                     ? es_sink_fail(sink, rc, "load-bytes limit (%llu): zip too large to open in memory",
                                    (unsigned long long)es_sink_limit(sink, ES_LIMIT_LOAD_BYTES))
                     : es_sink_fail(sink, rc, "cannot read zip: %s", es_strerror(rc));
        goto done;
    }
    int have_cd = cd_parse(&z) == 0;
    src = zip_source_buffer_create(z.p, z.len, 0, &zerr);
    if (!src) {
        status = es_sink_fail(sink, ES_ERR_NOMEM, "cannot open zip: %s", zip_error_strerror(&zerr));
        goto done;
    }
    za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!za) {
        int code = zip_error_code_zip(&zerr);
        zip_source_free(src);
        status = es_sink_fail(sink, code == ZIP_ER_MULTIDISK ? ES_ERR_UNSUPPORTED : ES_ERR_FORMAT,
                              "cannot open zip: %s", zip_error_strerror(&zerr));
        if (local_walk(sink, &z) > 0) {
            es_sink_partial(sink, "entries read from their local headers");
            goto done;
        }
        /* What the directory names is still reported. */
        for (size_t i = 0; have_cd && i < z.nents; i++) {
            const struct zent *e = &z.ents[i];
            if (decode_name(&z, e->uname ? e->uname : e->name, e->uname ? e->ulen : e->nlen,
                            e->uname || (e->flags & FLAG_UTF8)) < 0)
                break;
            if (z.name.len && z.name.data[z.name.len - 1] == '/')
                continue;
            if (es_sink_member_status(sink, z.name.data, z.name.len, ES_REC_ERROR,
                                      "archive could not be opened") == ES_STOP)
                break;
        }
        goto done;
    }

    zip_int64_t n = zip_get_num_entries(za, 0);
    /* Entries map to libzip's by index only if both read the same directory. */
    int mapped = have_cd && n >= 0 && (uint64_t)n == z.nents;
    if (mapped)
        find_overlaps(&z);
    else if (have_cd)
        es_sink_partial(sink, "central directory not understood; overlap checks skipped");

    /* Re-type by entry names (ClamAV filetypes.c): a document package that
     * the office extractors did not win (libmagic called it a plain zip)
     * goes to them now, with the archive already open. */
    const char *kind = es_ooxml_kind(za);
    if (kind) {
        status = es_ooxml_run_zip(sink, za, kind);
        goto done;
    }
    for (zip_int64_t i = 0; i < n; i++) {
        if (es_sink_tick(sink) == ES_STOP)
            break;
        if (run_entry(sink, &z, za, (zip_uint64_t)i, mapped) == ES_STOP)
            break;
    }
done:
    if (za)
        zip_discard(za);
    zip_error_fini(&zerr);
    if (z.cp932 && z.cp932 != (iconv_t)-1)
        iconv_close(z.cp932);
    if (z.cp437 && z.cp437 != (iconv_t)-1)
        iconv_close(z.cp437);
    free(z.ents);
    es_zread_fini(&z.zr);
    es_buf_free(&z.name);
    return status;
}

const struct es_extractor es_ex_zip = {
    .name = "zip",
    .flags = ES_EX_CONTAINER | ES_EX_RANDOM,
    .bid = zip_bid,
    .run = zip_run,
};
