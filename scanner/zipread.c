/*
 * One zip entry's uncompressed bytes: ISA-L for raw deflate with the CRC
 * check, libzip otherwise (see zipread.h).
 */
#include <isa-l/igzip_lib.h>
#include <stdint.h>
#include <stdlib.h>

#include "isal_out.h"
#include "zipread.h"

/* Compressed bytes read from libzip at a time for ISA-L. */
#define ZI_IN_BUF 65536u

/* A deflate entry inflated with ISA-L (zi_read), checked as libzip's CRC
 * layer checks: the CRC-32 of the output against the central directory's
 * at the end of the data. libzip 1.7 checks no size there, and neither do
 * we (the callers count the real bytes). */
struct es_zinflate {
    struct inflate_state st; /* raw deflate, ISAL_GZIP_NO_HDR: st.crc is the CRC-32 */
    int end_in;              /* all compressed data read */
    int eof;                 /* end of the output seen */
    const char *why;         /* an error, sticky once the output before it is read */
    uint32_t crc;            /* the central directory's CRC-32 */
    unsigned char ibuf[ZI_IN_BUF];
};

void es_zread_init(struct es_zread *r)
{
    r->zf = NULL;
    r->zi = NULL;
    r->raw = 0;
    r->why = NULL;
}

/* Why libzip could not read an entry. */
static const char *read_reason(zip_file_t *zf)
{
    switch (zip_error_code_zip(zip_file_get_error(zf))) {
    case ZIP_ER_CRC: return "CRC mismatch";
    case ZIP_ER_COMPRESSED_DATA: return "corrupt compressed data";
    case ZIP_ER_INCONS: return "inconsistent entry (sizes or headers disagree)";
    case ZIP_ER_EOF: return "truncated entry";
    default: return "cannot read entry";
    }
}

int es_zread_open(struct es_zread *r, zip_t *za, zip_uint64_t idx, const zip_stat_t *st)
{
    es_zread_close(r);
    r->why = NULL;
    /* Plain deflate, not encrypted, with a CRC to check: the raw data for
     * ISA-L. Anything else, or no memory for the state, stays on libzip. */
    int raw = (st->valid & ZIP_STAT_COMP_METHOD) && st->comp_method == ZIP_CM_DEFLATE &&
              (st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method == ZIP_EM_NONE &&
              (st->valid & ZIP_STAT_CRC);
    if (raw && !r->zi)
        r->zi = malloc(sizeof *r->zi);
    raw = raw && r->zi;
    r->zf = zip_fopen_index(za, idx, raw ? ZIP_FL_COMPRESSED : 0);
    if (!r->zf)
        return -1;
    r->raw = raw;
    if (raw) {
        struct es_zinflate *zi = r->zi;
        isal_inflate_init(&zi->st);
        zi->st.crc_flag = ISAL_GZIP_NO_HDR;
        zi->end_in = zi->eof = 0;
        zi->why = NULL;
        zi->crc = st->crc;
    }
    return 0;
}

/* Inflate a raw deflate entry into buf as libzip's zip_fread does: buf
 * filled up to n bytes (short only at the end of the data), then 0, or an
 * error once the output decoded before it has been read. */
static ssize_t zi_read(struct es_zread *r, unsigned char *buf, size_t n)
{
    struct es_zinflate *zi = r->zi;
    struct inflate_state *st = &zi->st;
    size_t got = 0;
    if (n > UINT32_MAX)
        n = UINT32_MAX; /* ISA-L counts in uint32_t */
    if (zi->why) {
        /* Corrupt data: what ISA-L decoded before it comes first
         * (isal_out.h). The other errors come with nothing pending. */
        size_t k = es_isal_drain(st, buf, n);
        if (k > 0)
            return (ssize_t)k;
    }
    while (got < n && !zi->eof && !zi->why) {
        /* Decoded output ISA-L holds (it decodes ahead into its own
         * buffer) comes before more input. */
        int pending = es_isal_pending(st) > 0;
        if (st->block_state == ISAL_BLOCK_FINISH || (zi->end_in && st->avail_in == 0 && !pending)) {
            /* The end of the deflate data (bytes after it are ignored, as
             * libzip does), or of the compressed data: a cut stream ends
             * here too and then fails the CRC, as with libzip. */
            zi->eof = 1;
            if (st->crc != zi->crc)
                zi->why = "CRC mismatch";
            break;
        }
        if (st->avail_in == 0 && !pending && !zi->end_in) {
            zip_int64_t k = zip_fread(r->zf, zi->ibuf, sizeof zi->ibuf);
            if (k < 0) {
                zi->why = read_reason(r->zf);
                break;
            }
            if (k == 0)
                zi->end_in = 1;
            st->next_in = zi->ibuf;
            st->avail_in = (uint32_t)k;
            continue;
        }
        uint32_t avail_in = st->avail_in, room = (uint32_t)(n - got);
        int bs = st->block_state;
        st->next_out = buf + got;
        st->avail_out = room;
        int ir = isal_inflate(st);
        got += room - st->avail_out;
        if (ir != ISAL_DECOMP_OK) {
            /* An invalid block, symbol or distance. (libzip said only
             * "cannot read entry" here: zlib's Z_DATA_ERROR as ZIP_ER_ZLIB.) */
            zi->why = "corrupt compressed data";
        } else if (st->avail_out == room && st->avail_in == avail_in &&
                   (int)st->block_state == bs && st->block_state != ISAL_BLOCK_FINISH) {
            /* Nothing moved with input or output there: never loop. */
            zi->why = "corrupt compressed data";
        }
    }
    if (got > 0)
        return (ssize_t)got;
    if (zi->why) {
        r->why = zi->why;
        return -1;
    }
    return 0;
}

ssize_t es_zread_read(struct es_zread *r, void *buf, size_t n)
{
    if (!r->zf) {
        r->why = "cannot read entry";
        return -1;
    }
    if (r->raw)
        return zi_read(r, buf, n);
    zip_int64_t k = zip_fread(r->zf, buf, n);
    if (k >= 0)
        return (ssize_t)k;
    r->why = read_reason(r->zf);
    return -1;
}

void es_zread_close(struct es_zread *r)
{
    if (r->zf)
        zip_fclose(r->zf);
    r->zf = NULL;
    r->raw = 0;
}

void es_zread_fini(struct es_zread *r)
{
    es_zread_close(r);
    free(r->zi);
    r->zi = NULL;
}
