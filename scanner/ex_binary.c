/*
 * The fallback for binary data that no container extractor claims
 * (database files, memory dumps, firmware): personal data hides there as
 * runs of text, so the runs (textruns.c: 8-bit and UTF-16LE) are scanned,
 * one per line, in batches, each value located by the file offset of its
 * run ("offset 0x1A2B").
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "textruns.h"

/* Read block, and the size at which a batch of runs goes to the detectors:
 * big enough to amortise a chunk's cost, small enough to stay in cache. */
#define READ_BLOCK (64u * 1024u)
#define BATCH_BYTES (64u * 1024u)
/* A batch never exceeds this (a full batch plus one maximal run and '\n'). */
#define BATCH_MAX (BATCH_BYTES + ES_RUN_MAX + 16u)

struct run_loc {
    size_t boff;     /* offset of the run in the batch text */
    uint64_t foff;   /* its offset in the file */
};

struct batch {
    struct es_sink *sink;
    struct es_buf text;
    struct run_loc *locs;
    size_t nlocs, caplocs;
    int stop;        /* ES_STOP from the sink, or an error */
    uint64_t skipped;   /* bytes of holes (sparse files) not fed to the runs finder */
};

/* The run holding batch offset off: the last one starting at or before it. */
static void bin_locate(const struct es_chunk *c, size_t off, char *buf, size_t cap)
{
    const struct batch *b = c->loc_ctx;
    size_t lo = 0, hi = b->nlocs;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (b->locs[mid].boff <= off)
            lo = mid;
        else
            hi = mid;
    }
    uint64_t foff = b->nlocs ? b->locs[lo].foff : 0;
    snprintf(buf, cap, "offset 0x%" PRIX64, foff);
}

static int flush(struct batch *b)
{
    if (b->text.len == 0)
        return ES_OK;
    struct es_chunk c;
    memset(&c, 0, sizeof c);
    c.text = b->text.data;
    c.len = c.owned = b->text.len;
    c.line = c.col = 1;
    c.locate = bin_locate;
    c.loc_ctx = b;
    int rc = es_sink_chunk(b->sink, &c);
    b->text.len = 0;
    b->nlocs = 0;
    return rc;
}

static int on_run(void *ctx, uint64_t off, const char *s, size_t len)
{
    struct batch *b = ctx;
    int rc;
    if (b->text.len + len + 1 > BATCH_BYTES && (rc = flush(b)) != ES_OK)
        return b->stop = rc;
    if (b->nlocs == b->caplocs) {
        /* A run is at least ES_RUN_MIN bytes plus '\n': bounded by the batch. */
        size_t cap = b->caplocs ? b->caplocs * 2 : 256;
        struct run_loc *nl = realloc(b->locs, cap * sizeof *nl);
        if (!nl)
            return b->stop = ES_ERR_NOMEM;
        b->locs = nl;
        b->caplocs = cap;
    }
    size_t at = b->text.len;
    if ((rc = es_buf_append(&b->text, s, len)) != ES_OK)
        return b->stop = rc;
    /* Normalise in place before recording offsets (it may shrink the run). */
    b->text.len = at + es_normalize(b->text.data + at, len);
    if ((rc = es_buf_putc(&b->text, '\n')) != ES_OK)
        return b->stop = rc;
    b->locs[b->nlocs].boff = at;
    b->locs[b->nlocs].foff = off + b->skipped;
    b->nlocs++;
    if ((rc = es_sink_tick(b->sink)) != ES_OK)
        return b->stop = rc;
    return 0;
}

/* 1: the lowest bid. Anything not text is ours unless a container or
 * document extractor bids higher; text with NUL bytes in its head too (the
 * text extractor outbids us on UTF-16, whose NULs are expected). */
static int bin_bid(const struct es_sniff *s)
{
    if (s->head && s->head_len && memchr(s->head, 0, s->head_len))
        return 1;
    if (s->mime && strncmp(s->mime, "text/", 5) == 0)
        return 0;
    return 1;
}

static int bin_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)s;
    int status = ES_OK;
    unsigned char *block = NULL;
    struct es_textruns *tr = NULL;
    struct batch b = {.sink = sink};
    es_buf_init(&b.text, BATCH_MAX);

    block = malloc(READ_BLOCK);
    if (!block || es_textruns_new(&tr, on_run, &b) != ES_OK) {
        status = es_sink_fail(sink, ES_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (;;) {
        ssize_t r = es_input_read(in, block, READ_BLOCK);
        if (r < 0) {
            /* What was read is still scanned; the record says why it stopped. */
            (void)es_textruns_finish(tr);
            (void)flush(&b);
            status = es_sink_fail(sink, (int)r, "read failed: %s", es_strerror((int)r));
            goto done;
        }
        if (r == 0)
            break;
        if (es_textruns_feed(tr, block, (size_t)r) != 0)
            break;
        /* A block of zeros may be the start of a hole in a sparse file: skip
         * the hole instead of reading gigabytes of zeros. The zeros fed have
         * ended every run, so later runs only need the offset shift. */
        if (block[0] == 0 && memcmp(block, block + 1, (size_t)r - 1) == 0)
            b.skipped += es_input_skip_hole(in);
        if (es_sink_tick(sink) != ES_OK) {
            b.stop = ES_STOP;
            break;
        }
    }
    if (b.stop == 0 && es_textruns_finish(tr) == 0)
        (void)flush(&b);
    if (b.stop < 0)
        status = es_sink_fail(sink, b.stop, "%s", es_strerror(b.stop));
done:
    es_textruns_free(tr);
    free(block);
    free(b.locs);
    es_buf_free(&b.text);
    return status;
}

const struct es_extractor es_ex_binary = {
    .name = "bin",
    .flags = 0,
    .bid = bin_bid,
    .run = bin_run,
};
