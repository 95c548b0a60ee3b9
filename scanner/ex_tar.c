/*
 * tar: ustar, pax (path=, size=), GNU long names (././@LongLink) and old v7
 * headers. Members are streamed to the sink straight from the archive, never
 * extracted to disk; links, devices and FIFOs get a record with status
 * "skipped". Header sizes are never trusted: a member is bounded by what the
 * stream really holds, and nothing is allocated from a header's claim except
 * pax/long-name metadata, which is capped.
 */
#include <string.h>

#include "ex_tar.h"

#define TAR_BLOCK 512u
/* Header field offsets and widths (POSIX.1-1988 ustar, GNU tar manual). */
#define TAR_NAME 0
#define TAR_NAME_LEN 100
#define TAR_MODE 100
#define TAR_SIZE 124
#define TAR_SIZE_LEN 12
#define TAR_MTIME 136
#define TAR_CHKSUM 148
#define TAR_CHKSUM_LEN 8
#define TAR_TYPE 156
#define TAR_MAGIC 257
#define TAR_PREFIX 345
#define TAR_PREFIX_LEN 155
/* Old GNU sparse headers: "isextended" flag of the main header and of each
 * 512-byte extension block that follows it. */
#define TAR_GNU_ISEXT 482
#define TAR_GNU_EXT_ISEXT 504
/* pax and GNU long-name data larger than this is not believed: real paths
 * are below PATH_MAX (4 KiB), and pax headers with extended attributes stay
 * far below 1 MiB. Bounds the only allocation driven by a header. */
#define TAR_META_MAX (1024u * 1024u)
/* Skipping reads through a buffer of this size (on the stack: small, as
 * containers nest up to the depth limit on one worker's stack). */
#define TAR_SKIP_BUF 8192u

struct tar_src {
    es_read_fn fn;
    void *ctx;
    uint64_t pos;  /* bytes consumed from the archive */
    int err;       /* first read error, sticky */
    const char *const *why;  /* the source's reason for err, if it gives one */
};

struct tar_member {
    struct tar_src *src;
    uint64_t left;  /* bytes of this member not yet read */
    int truncated;  /* the archive ended inside the member */
    struct es_input *in;  /* the member, for the error reason */
};

/* Per-entry overrides from pax 'x' and GNU 'L' headers. */
struct tar_next {
    struct es_buf name;
    int has_name;
    uint64_t size;
    int has_size;
    int sparse;
};

/* Read up to n bytes, looping over short reads; returns bytes read (less
 * than n only at the end) or a negative status. */
static ssize_t src_read_full(struct tar_src *s, void *buf, size_t n)
{
    size_t got = 0;
    if (s->err)
        return s->err;
    while (got < n) {
        ssize_t r = s->fn(s->ctx, (unsigned char *)buf + got, n - got);
        if (r < 0) {
            s->err = (int)r;
            return r;
        }
        if (r == 0)
            break;
        got += (size_t)r;
        s->pos += (uint64_t)r;
    }
    return (ssize_t)got;
}

/* Skip n bytes. ES_OK, ES_ERR_FORMAT when the archive ends first, ES_STOP
 * at the deadline, or a read error. */
static int src_skip(struct es_sink *sink, struct tar_src *s, uint64_t n)
{
    unsigned char buf[TAR_SKIP_BUF];
    while (n > 0) {
        size_t want = n < sizeof buf ? (size_t)n : sizeof buf;
        ssize_t r = src_read_full(s, buf, want);
        if (r < 0)
            return (int)r;
        if ((size_t)r < want)
            return ES_ERR_FORMAT;
        n -= (uint64_t)r;
        if (es_sink_tick(sink) == ES_STOP)
            return ES_STOP;
    }
    return ES_OK;
}

static ssize_t member_read(void *ctx, void *buf, size_t n)
{
    struct tar_member *m = ctx;
    if (m->left == 0)
        return 0;
    if (n > m->left)
        n = (size_t)m->left;
    if (m->src->err)
        return m->src->err;
    ssize_t r = m->src->fn(m->src->ctx, buf, n);
    if (r < 0) {
        m->src->err = (int)r;
        if (m->src->why && *m->src->why)
            m->in->why = *m->src->why;
        return r;
    }
    if (r == 0) {
        /* The header promised more than the archive holds. */
        m->truncated = 1;
        m->in->why = "truncated: the archive ends inside this member";
        return ES_ERR_FORMAT;
    }
    m->left -= (uint64_t)r;
    m->src->pos += (uint64_t)r;
    return r;
}

/* A numeric field: octal digits (space/NUL padded), or GNU base-256 when the
 * high bit of the first byte is set. Returns 0, or -1 for garbage and for
 * negative or absurd (>= 2^63) values. */
static int parse_num(const unsigned char *f, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    size_t i = 0;
    if (f[0] & 0x80) {
        if (f[0] & 0x40)  /* base-256 negative numbers (0xff...) */
            return -1;
        v = f[0] & 0x3f;
        for (i = 1; i < n; i++) {
            if (v >> 55)  /* another byte would pass 2^63 */
                return -1;
            v = (v << 8) | f[i];
        }
        *out = v;
        return 0;
    }
    while (i < n && (f[i] == ' ' || f[i] == 0))
        i++;
    for (; i < n && f[i] >= '0' && f[i] <= '7'; i++) {
        if (v >> 60)  /* another digit would pass 2^63 */
            return -1;
        v = (v << 3) | (uint64_t)(f[i] - '0');
    }
    for (; i < n; i++)
        if (f[i] != ' ' && f[i] != 0)
            return -1;
    *out = v;
    return 0;
}

/* The header checksum: the sum of all bytes with the checksum field read as
 * spaces. Some old tars summed signed chars, so both sums are accepted. */
static int checksum_ok(const unsigned char *h)
{
    uint64_t want;
    if (parse_num(h + TAR_CHKSUM, TAR_CHKSUM_LEN, &want) < 0)
        return 0;
    unsigned long usum = 0;
    long ssum = 0;
    for (size_t i = 0; i < TAR_BLOCK; i++) {
        unsigned char c = (i >= TAR_CHKSUM && i < TAR_CHKSUM + TAR_CHKSUM_LEN) ? ' ' : h[i];
        usum += c;
        ssum += (signed char)c;
    }
    return want == usum || (ssum >= 0 && want == (uint64_t)ssum);
}

static int is_zero_block(const unsigned char *h)
{
    for (size_t i = 0; i < TAR_BLOCK; i++)
        if (h[i])
            return 0;
    return 1;
}

int es_tar_detect(const unsigned char *head, size_t len)
{
    uint64_t v;
    if (len < TAR_BLOCK || is_zero_block(head) || !checksum_ok(head))
        return 0;
    if (memcmp(head + TAR_MAGIC, "ustar", 5) == 0)
        return 1;
    /* A v7 header has no magic: demand a name and numeric size/mtime fields,
     * so that a random block whose bytes happen to sum right is refused. */
    return head[TAR_NAME] != 0 && parse_num(head + TAR_SIZE, TAR_SIZE_LEN, &v) == 0 &&
           parse_num(head + TAR_MTIME, TAR_SIZE_LEN, &v) == 0;
}

static size_t field_len(const unsigned char *f, size_t n)
{
    const unsigned char *z = memchr(f, 0, n);
    return z ? (size_t)(z - f) : n;
}

/* Read a metadata entry's data (pax or long name) into meta, capped; the
 * padding is skipped. ES_OK, ES_ERR_LIMIT (skipped), or a read error. */
static int read_meta(struct es_sink *sink, struct tar_src *s, uint64_t size, struct es_buf *meta)
{
    uint64_t padded = (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
    meta->len = 0;
    if (size > TAR_META_MAX) {
        int rc = src_skip(sink, s, padded);
        return rc == ES_OK ? ES_ERR_LIMIT : rc;
    }
    if (es_buf_reserve(meta, (size_t)size + 1) < 0)
        return ES_ERR_NOMEM;
    ssize_t r = src_read_full(s, meta->data, (size_t)size);
    if (r < 0)
        return (int)r;
    if ((uint64_t)r < size)
        return ES_ERR_FORMAT;
    meta->len = (size_t)size;
    meta->data[meta->len] = 0;
    return src_skip(sink, s, padded - size);
}

static int set_name(struct tar_next *nx, const char *p, size_t n)
{
    nx->name.len = 0;
    if (es_buf_append(&nx->name, p, n) < 0)
        return ES_ERR_NOMEM;
    nx->has_name = 1;
    return ES_OK;
}

/* Parse pax records "LEN key=value\n". Malformed records end the parse
 * (what came before is kept), as libarchive does. */
static int parse_pax(const char *p, size_t n, struct tar_next *nx)
{
    size_t off = 0;
    while (off < n) {
        size_t rlen = 0, i = off;
        while (i < n && p[i] >= '0' && p[i] <= '9' && rlen < TAR_META_MAX)
            rlen = rlen * 10 + (size_t)(p[i++] - '0');
        if (i >= n || p[i] != ' ' || rlen <= i - off + 1 || rlen > n - off || p[off + rlen - 1] != '\n')
            return ES_OK;
        const char *key = p + i + 1, *end = p + off + rlen - 1;
        const char *eq = memchr(key, '=', (size_t)(end - key));
        if (eq) {
            size_t klen = (size_t)(eq - key), vlen = (size_t)(end - eq - 1);
            const char *val = eq + 1;
            if ((klen == 4 && memcmp(key, "path", 4) == 0) ||
                (klen == 15 && memcmp(key, "GNU.sparse.name", 15) == 0)) {
                if (set_name(nx, val, vlen) < 0)
                    return ES_ERR_NOMEM;
            } else if (klen == 4 && memcmp(key, "size", 4) == 0) {
                uint64_t v = 0;
                size_t k;
                for (k = 0; k < vlen && val[k] >= '0' && val[k] <= '9' && !(v >> 59); k++)
                    v = v * 10 + (uint64_t)(val[k] - '0');
                if (k == vlen && vlen > 0) {
                    nx->size = v;
                    nx->has_size = 1;
                }
            } else if (klen > 11 && memcmp(key, "GNU.sparse.", 11) == 0) {
                nx->sparse = 1;
            }
        }
        off += rlen;
    }
    return ES_OK;
}

/* Why an entry of this type gets no content scan, or NULL for file data. */
static const char *special_reason(unsigned char type)
{
    switch (type) {
    case '1': return "hardlink";
    case '2': return "symlink";
    case '3': return "character device";
    case '4': return "block device";
    case '6': return "fifo";
    case 'M': return "multi-volume continuation";
    default: return NULL;
    }
}

int es_tar_extract(struct es_sink *sink, es_read_fn fn, void *ctx, const char *const *why)
{
    int status = ES_OK;
    unsigned char h[TAR_BLOCK];
    struct tar_src src = {.fn = fn, .ctx = ctx, .why = why};
    struct tar_next nx = {0};
    struct es_buf meta, path;
    uint64_t nheaders = 0;
    es_buf_init(&nx.name, TAR_META_MAX + 1);
    es_buf_init(&meta, TAR_META_MAX + 1);
    es_buf_init(&path, TAR_META_MAX + 1);

    for (;;) {
        if (es_sink_tick(sink) == ES_STOP)
            goto done;
        uint64_t at = src.pos;
        ssize_t r = src_read_full(&src, h, TAR_BLOCK);
        if (r < 0) {
            status = es_sink_fail(sink, (int)r, "%s at offset %llu",
                                  why && *why ? *why : es_strerror((int)r), (unsigned long long)at);
            goto done;
        }
        if (r == 0) {
            if (nheaders == 0)
                status = es_sink_fail(sink, ES_ERR_FORMAT, "empty tar archive");
            else
                es_sink_partial(sink, "tar archive has no end-of-archive marker");
            goto done;
        }
        if ((size_t)r < TAR_BLOCK) {
            status = es_sink_fail(sink, ES_ERR_FORMAT, "truncated tar header at offset %llu",
                                  (unsigned long long)at);
            goto done;
        }
        if (is_zero_block(h))
            goto done;  /* end of archive (one zero block is enough) */
        if (!checksum_ok(h)) {
            status = es_sink_fail(sink, ES_ERR_FORMAT, "%s at offset %llu",
                                  nheaders ? "bad tar header checksum" : "not a tar archive",
                                  (unsigned long long)at);
            goto done;
        }
        nheaders++;
        uint64_t size;
        if (parse_num(h + TAR_SIZE, TAR_SIZE_LEN, &size) < 0) {
            status = es_sink_fail(sink, ES_ERR_FORMAT, "bad size field in tar header at offset %llu",
                                  (unsigned long long)at);
            goto done;
        }
        unsigned char type = h[TAR_TYPE];
        int rc;

        /* Metadata entries describe the next header. */
        if (type == 'x' || type == 'L') {
            rc = read_meta(sink, &src, size, &meta);
            if (rc == ES_ERR_LIMIT) {
                es_sink_partial(sink, "oversized %s header at offset %llu ignored",
                                type == 'x' ? "pax" : "long-name", (unsigned long long)at);
                continue;
            }
            if (rc != ES_OK)
                goto meta_fail;
            if (type == 'x')
                rc = parse_pax(meta.data, meta.len, &nx);
            else
                rc = set_name(&nx, meta.data, field_len((unsigned char *)meta.data, meta.len));
            if (rc != ES_OK)
                goto meta_fail;
            continue;
        }
        if (type == 'g' || type == 'K' || type == 'V') {
            /* Global pax defaults, long link names and volume labels name no
             * file of their own; their data is skipped. */
            rc = src_skip(sink, &src, (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK);
            if (rc != ES_OK)
                goto meta_fail;
            continue;
        }

        /* A real entry: its name. */
        path.len = 0;
        if (nx.has_name) {
            rc = es_buf_append(&path, nx.name.data, nx.name.len);
        } else {
            int posix = memcmp(h + TAR_MAGIC, "ustar\0", 6) == 0;
            size_t plen = posix ? field_len(h + TAR_PREFIX, TAR_PREFIX_LEN) : 0;
            rc = ES_OK;
            if (plen)
                rc = es_buf_append(&path, h + TAR_PREFIX, plen) < 0 ? ES_ERR_NOMEM
                     : es_buf_putc(&path, '/');
            if (rc == ES_OK)
                rc = es_buf_append(&path, h + TAR_NAME, field_len(h + TAR_NAME, TAR_NAME_LEN));
        }
        /* Keep a NUL after the name: es_input_from_stream takes a C string. */
        if (rc == ES_OK && (rc = es_buf_putc(&path, 0)) == ES_OK)
            path.len--;
        if (rc < 0)
            goto meta_fail;
        if (nx.has_size)
            size = nx.size;
        int sparse = nx.sparse || type == 'S';
        nx.has_name = nx.has_size = nx.sparse = 0;

        if (type == 'S' && h[TAR_GNU_ISEXT]) {
            /* Old GNU sparse: extension blocks of the sparse map come first. */
            unsigned char ext[TAR_BLOCK];
            do {
                r = src_read_full(&src, ext, TAR_BLOCK);
                if (r != (ssize_t)TAR_BLOCK) {
                    rc = r < 0 ? (int)r : ES_ERR_FORMAT;
                    goto meta_fail;
                }
            } while (ext[TAR_GNU_EXT_ISEXT] && es_sink_tick(sink) != ES_STOP);
        }

        uint64_t data = size;
        const char *skipped = special_reason(type);
        int is_dir = type == '5' || type == 'D' ||
                     ((type == '0' || type == 0) && path.len && path.data[path.len - 1] == '/');
        if (type == '2' || type == '3' || type == '4' || type == '6' || type == '5')
            data = 0;  /* these carry no data whatever the size field says (libarchive) */

        if (is_dir) {
            /* Directories get no record: they hold nothing to scan, and the
             * files inside them carry the full path anyway. */
        } else if (skipped) {
            if (es_sink_member_status(sink, path.data, path.len, ES_REC_SKIPPED, skipped) == ES_STOP)
                goto done;
        } else {
            struct es_input m;
            struct tar_member tm = {.src = &src, .left = data, .in = &m};
            if (sparse)
                es_sink_partial(sink, "sparse member read as stored (holes omitted)");
            es_input_from_stream(&m, member_read, &tm, path.data, data, 0);
            rc = es_sink_member(sink, path.data, path.len, &m);
            es_input_close(&m);
            if (rc == ES_STOP)
                goto done;
            if (tm.truncated || src.err) {
                if (src.err && !tm.truncated)
                    status = es_sink_fail(sink, src.err, "%s in member at offset %llu",
                                          why && *why ? *why : es_strerror(src.err),
                                          (unsigned long long)at);
                else
                    status = es_sink_fail(sink, ES_ERR_FORMAT, "truncated tar archive");
                goto done;
            }
            data = tm.left;  /* what the member's reader left unread */
        }
        rc = src_skip(sink, &src, data + ((size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK - size));
        if (rc == ES_STOP)
            goto done;
        if (rc != ES_OK) {
            /* The padding after the last member may be missing: tolerate it. */
            if (rc == ES_ERR_FORMAT && data == 0) {
                es_sink_partial(sink, "tar archive has no end-of-archive marker");
                goto done;
            }
            goto meta_fail;
        }
        continue;

    meta_fail:
        if (rc == ES_STOP)
            goto done;
        status = es_sink_fail(sink, rc, "%s at offset %llu",
                              rc == ES_ERR_FORMAT ? "truncated tar archive"
                              : why && *why       ? *why
                                                  : es_strerror(rc),
                              (unsigned long long)at);
        goto done;
    }
done:
    es_buf_free(&nx.name);
    es_buf_free(&meta);
    es_buf_free(&path);
    return status;
}

/* Bid of 60: the ustar magic at offset 257 together with a valid header
 * checksum is as sure as a tar gets (libarchive bids 56+ on the same
 * evidence); a v7 header with a valid checksum and sane fields gets 40, still
 * above the text/binary fallbacks; libmagic's MIME alone gets 30. */
static int tar_bid(const struct es_sniff *s)
{
    if (es_tar_detect(s->head, s->head_len))
        return memcmp(s->head + TAR_MAGIC, "ustar", 5) == 0 ? 60 : 40;
    if (s->mime && strcmp(s->mime, "application/x-tar") == 0)
        return 30;
    return 0;
}

static ssize_t input_read(void *ctx, void *buf, size_t n)
{
    return es_input_read(ctx, buf, n);
}

static int tar_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)s;
    es_sink_set_type(sink, "tar");
    return es_tar_extract(sink, input_read, in, NULL);
}

const struct es_extractor es_ex_tar = {
    .name = "tar",
    .flags = ES_EX_CONTAINER,
    .bid = tar_bid,
    .run = tar_run,
};
