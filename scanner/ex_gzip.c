/*
 * gzip (ISA-L's inflate, two to three times as fast as zlib's): the
 * decompressed data is one member, inflated on demand as the member is
 * read (nothing held in memory, nothing written to disk).
 * Concatenated gzip members form one stream of data (RFC 1952 2.2, as
 * gunzip does). When the data is a tar, the tar reader runs directly on the
 * decompressed stream, so a .tar.gz is one level: its files follow it.
 */
#include <isa-l/igzip_lib.h>
#include <stdlib.h>
#include <string.h>

#include "ex_tar.h"
#include "isal_out.h"
#include "limits.h"

/* Compressed bytes read from the source at a time. */
#define GZ_IN_BUF 65536u
/* Decompressed bytes looked at to tell a tar from other data: one header. */
#define GZ_HEAD 512u
/* RFC 1952 header: ID1 ID2 CM FLG MTIME(4) XFL OS, then optional fields. */
#define GZ_ID1 0x1f
#define GZ_ID2 0x8b
#define GZ_CM_DEFLATE 8
#define GZ_FIXED_HDR 10
#define GZ_FEXTRA 4
#define GZ_FNAME 8
/* FLG bits 5-7 are reserved and must be zero (RFC 1952 2.3.1); zlib refuses
 * them ("unknown header flags set") and ISA-L does not look, so we do. */
#define GZ_FRESERVED 0xe0

struct gz {
    struct es_input *in;
    /* isal_read_gzip_header() parses each member's header (kept here as it
     * may span input reads); isal_inflate() then does the deflate data and
     * checks the trailer's CRC-32 and ISIZE (ISAL_GZIP_NO_HDR_VER). */
    struct inflate_state st;
    struct isal_gzip_header hdr;
    int in_member;   /* inside a gzip member (its end not yet seen) */
    int in_hdr;      /* inside that member's header */
    int done;        /* end of the data */
    int err;         /* first error, sticky */
    const char *why; /* its reason */
    /* Corrupt data found: ISA-L decodes ahead into its own buffer, so the
     * output decoded before the damage may still be there; it is read
     * first, then the error (so a bad trailer CRC does not hide the data). */
    int failed;
    uint64_t in_total, out_total;
    /* Own accounting when the tar reader consumes the stream (the core then
     * sees only the tar members, not the headers and skipped data). */
    int tar_mode;
    struct es_input *member;  /* the member stream, when not a tar */
    uint64_t out_max, ratio;
    unsigned char head[GZ_HEAD];
    size_t head_len, head_pos;
    unsigned char ibuf[GZ_IN_BUF];
};

static int gz_set_err(struct gz *g, int err, const char *why)
{
    if (!g->err) {
        g->err = err;
        g->why = why;
    }
    return g->err;
}

/* Make sure compressed input is available; 0 at the end of the source. */
static int gz_fill(struct gz *g)
{
    if (g->st.avail_in > 0)
        return 1;
    ssize_t r = es_input_read(g->in, g->ibuf, sizeof g->ibuf);
    if (r < 0)
        return gz_set_err(g, (int)r, NULL);
    g->st.next_in = g->ibuf;
    g->st.avail_in = (uint32_t)r;
    g->in_total += (uint64_t)r;
    return r > 0;
}

/* Start a member at the current input position: a fresh state (init also
 * clears ISA-L's own header flag), keeping the buffers, which init clears. */
static void gz_member_start(struct gz *g)
{
    uint8_t *next_in = g->st.next_in, *next_out = g->st.next_out;
    uint32_t avail_in = g->st.avail_in, avail_out = g->st.avail_out;
    isal_inflate_init(&g->st);
    g->st.next_in = next_in;
    g->st.avail_in = avail_in;
    g->st.next_out = next_out;
    g->st.avail_out = avail_out;
    g->st.crc_flag = ISAL_GZIP_NO_HDR_VER;
    isal_gzip_header_init(&g->hdr);
    g->in_member = 1;
    g->in_hdr = 1;
}

/* One step of the current member's header; ES_OK when more input is needed
 * or the header is done (g->in_hdr 0), else the sticky error. */
static int gz_header(struct gz *g)
{
    int r = isal_read_gzip_header(&g->st, &g->hdr);
    /* Anything but done or more input needed is corrupt data (the name,
     * comment and extra fields are skipped, not copied: no overflow codes). */
    if (r != ISAL_DECOMP_OK && r != ISAL_END_INPUT)
        return gz_set_err(g, ES_ERR_FORMAT, "corrupt gzip data");
    /* hdr.flags is FLG once the fixed part is read: the state has moved on
     * from a new header, or the whole header is done. */
    if ((r == ISAL_DECOMP_OK || g->st.block_state != ISAL_BLOCK_NEW_HDR) &&
        (g->hdr.flags & GZ_FRESERVED))
        return gz_set_err(g, ES_ERR_FORMAT, "corrupt gzip data");
    if (r == ISAL_DECOMP_OK)
        g->in_hdr = 0;
    return ES_OK;
}

/* Output ISA-L has decoded but not yet handed out (isal_inflate() decodes
 * ahead into its own buffer, whatever the size of the caller's). */
static uint32_t gz_pending(const struct gz *g)
{
    if (!g->in_member || g->in_hdr)
        return 0;
    return (uint32_t)es_isal_pending(&g->st);
}

/* Inflate up to n bytes into buf: bytes produced, 0 at the end, or a
 * negative status. */
static ssize_t gz_inflate(struct gz *g, void *buf, size_t n)
{
    if (g->err)
        return g->err;
    if (g->done || n == 0)
        return 0;
    if (n > UINT32_MAX)
        n = UINT32_MAX;  /* ISA-L counts in uint32_t */
    size_t got;
    if (g->failed) {
        /* After an error the state is not used again: copy out what it
         * decoded before the error, then report it. */
        got = es_isal_drain(&g->st, buf, n);
        if (got == 0)
            return gz_set_err(g, ES_ERR_FORMAT, "corrupt gzip data");
        goto account;
    }
    g->st.next_out = buf;
    g->st.avail_out = (uint32_t)n;
    while (g->st.avail_out == n) {
        /* Decoded output comes before more input: at the end of the input
         * it is what a cut stream still holds. */
        int f = gz_pending(g) > 0 ? 1 : gz_fill(g);
        if (f < 0)
            return f;
        if (f == 0) {
            if (g->in_member)
                return gz_set_err(g, ES_ERR_FORMAT, "truncated gzip stream");
            g->done = 1;
            break;
        }
        if (!g->in_member) {
            /* Between members: another one starts with the magic; anything
             * else (zero padding, trailing garbage) ends the data, as gunzip
             * ignores trailing garbage. */
            if (g->st.next_in[0] != GZ_ID1) {
                g->done = 1;
                break;
            }
            gz_member_start(g);
        }
        if (g->in_hdr) {
            if (gz_header(g) < 0)
                return g->err;
            continue;
        }
        uint32_t avail_in = g->st.avail_in;
        int bs = g->st.block_state;
        int ir = isal_inflate(&g->st);
        if (ir != ISAL_DECOMP_OK) {
            /* Invalid block, symbol or distance, and a CRC-32 or ISIZE
             * that does not match the data (ISAL_INCORRECT_CHECKSUM). */
            g->failed = 1;
            break;
        }
        if (g->st.block_state == ISAL_BLOCK_FINISH) {
            g->in_member = 0;
        } else if (g->st.avail_in == avail_in && g->st.avail_out == n &&
                   (int)g->st.block_state == bs) {
            /* Input or decoded output there, room for output, and nothing
             * moved: never loop on it (ISA-L returns at the end of either
             * buffer). */
            return gz_set_err(g, ES_ERR_FORMAT, "corrupt gzip data");
        }
    }
    got = n - g->st.avail_out;
    if (got == 0 && g->failed)
        return gz_set_err(g, ES_ERR_FORMAT, "corrupt gzip data");
account:
    g->out_total += got;
    if (g->tar_mode) {
        if (g->out_max && g->out_total > g->out_max)
            return gz_set_err(g, ES_ERR_LIMIT, "input-bytes limit reached in gzip data");
        if (g->ratio && g->out_total > ES_RATIO_GRACE && g->out_total / g->ratio > g->in_total)
            return gz_set_err(g, ES_ERR_LIMIT, "ratio limit reached in gzip data");
    }
    return (ssize_t)got;
}

/* The member's read function: the peeked head first, then inflate. */
static ssize_t gz_read(void *ctx, void *buf, size_t n)
{
    struct gz *g = ctx;
    if (g->head_pos < g->head_len) {
        size_t k = g->head_len - g->head_pos;
        if (k > n)
            k = n;
        memcpy(buf, g->head + g->head_pos, k);
        g->head_pos += k;
        return (ssize_t)k;
    }
    ssize_t r = gz_inflate(g, buf, n);
    if (g->member && r < 0)
        g->member->why = g->why;
    if (g->member && r > 0) {
        /* The ratio limit compares with the compressed bytes used so far,
         * not the whole file: 10 GiB of zeros then stops after the core's
         * grace amount instead of after 250 times the file's size. */
        uint64_t used = g->in_total - g->st.avail_in;
        g->member->packed = used ? used : 1;
    }
    return r;
}

/* The FNAME header field (the original file name) when the peeked bytes
 * hold it; *len 0 otherwise. */
static const char *gz_fname(const struct es_sniff *s, size_t *len)
{
    const unsigned char *h = s->head;
    size_t p = GZ_FIXED_HDR;
    *len = 0;
    if (s->head_len < GZ_FIXED_HDR || !(h[3] & GZ_FNAME))
        return NULL;
    if (h[3] & GZ_FEXTRA) {
        if (s->head_len < p + 2)
            return NULL;
        p += 2u + (size_t)(h[p] | (h[p + 1] << 8));
    }
    if (p >= s->head_len)
        return NULL;
    const unsigned char *z = memchr(h + p, 0, s->head_len - p);
    if (!z)
        return NULL;
    *len = (size_t)(z - (h + p));
    return (const char *)h + p;
}

/* Lower-case suffix test. */
static int ends_with(const char *s, size_t n, const char *suf)
{
    size_t k = strlen(suf);
    if (n < k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = s[n - k + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != suf[i])
            return 0;
    }
    return 1;
}

/* Bid of 60: the gzip magic with the deflate method byte is exact (RFC
 * 1952; libarchive's gzip filter bids on the same three bytes). libmagic's
 * MIME alone gets 30 (it needs the same bytes, so this rarely matters). */
static int gzip_bid(const struct es_sniff *s)
{
    if (s->head_len >= 3 && s->head[0] == GZ_ID1 && s->head[1] == GZ_ID2 &&
        s->head[2] == GZ_CM_DEFLATE)
        return 60;
    if (s->mime && (strcmp(s->mime, "application/gzip") == 0 ||
                    strcmp(s->mime, "application/x-gzip") == 0))
        return 30;
    return 0;
}

static int gzip_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    int status = ES_OK;
    char *name = NULL;
    struct gz *g = calloc(1, sizeof *g);
    if (!g)
        return es_sink_fail(sink, ES_ERR_NOMEM, "out of memory");
    g->in = in;
    isal_inflate_init(&g->st);

    /* Peek at the first decompressed block to tell a tar from other data. */
    while (g->head_len < GZ_HEAD) {
        ssize_t r = gz_inflate(g, g->head + g->head_len, GZ_HEAD - g->head_len);
        if (r <= 0)
            break;
        g->head_len += (size_t)r;
    }
    if (g->err && g->head_len == 0) {
        status = es_sink_fail(sink, g->err, "%s", g->why ? g->why : es_strerror(g->err));
        goto done;
    }

    if (es_tar_detect(g->head, g->head_len)) {
        es_sink_set_type(sink, "tar.gz");
        g->tar_mode = 1;
        g->out_max = es_sink_limit(sink, ES_LIMIT_INPUT_BYTES);
        g->ratio = es_sink_limit(sink, ES_LIMIT_RATIO);
        status = es_tar_extract(sink, gz_read, g, &g->why);
        goto done;
    }

    es_sink_set_type(sink, "gzip");
    size_t nlen;
    const char *fname = gz_fname(s, &nlen);
    const char *base = in->name ? strrchr(in->name, '/') : NULL;
    base = base ? base + 1 : in->name ? in->name : "";
    if (!fname || nlen == 0) {
        /* No stored name: the file's own name without its suffix, as gunzip
         * names its output (.tgz gives .tar). */
        nlen = strlen(base);
        fname = base;
        if (ends_with(base, nlen, ".gz"))
            nlen -= 3;
        else if (ends_with(base, nlen, ".tgz"))
            nlen -= 2;  /* "x.tgz" -> "x.t", completed to "x.tar" below */
        else if (ends_with(base, nlen, ".z"))
            nlen -= 2;
    }
    name = malloc(nlen + 3);
    if (!name) {
        status = es_sink_fail(sink, ES_ERR_NOMEM, "out of memory");
        goto done;
    }
    memcpy(name, fname, nlen);
    if (fname == base && ends_with(base, strlen(base), ".tgz")) {
        memcpy(name + nlen, "ar", 2);
        nlen += 2;
    }
    name[nlen] = 0;

    struct es_input m;
    es_input_from_stream(&m, gz_read, g, name, ES_SIZE_UNKNOWN,
                         in->size != ES_SIZE_UNKNOWN ? in->size : 0);
    g->member = &m;
    int rc = es_sink_member(sink, name, nlen, &m);
    g->member = NULL;
    es_input_close(&m);
    if (rc != ES_STOP && g->err == ES_ERR_FORMAT)
        status = es_sink_fail(sink, g->err, "%s", g->why);
done:
    free(g);
    free(name);
    return status;
}

const struct es_extractor es_ex_gzip = {
    .name = "gzip",
    .flags = ES_EX_CONTAINER,
    .bid = gzip_bid,
    .run = gzip_run,
};
