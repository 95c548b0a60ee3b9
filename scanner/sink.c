/*
 * The sink: what extractors call. Each record being extracted has a sink
 * frame; members recurse through es_sink_member, which is the one place
 * where nesting, member-count and byte limits are applied.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "budget.h"
#include "extract.h"
#include "limits.h"
#include "linecol.h"
#include "scanner_private.h"
#include "staffctx.h"

struct es_sink {
    struct es_job *job;
    struct es_record *rec;
    int depth;
    uint64_t members;
    /* Single-line chunks (one XML text node, one mail header, one sheet row)
     * are records only together with their neighbours: the categories of the
     * last such chunk with hits roll over into the next one. */
    uint64_t nchunks;
    uint64_t roll_chunk;        /* chunk number of the rolling group, 0: none */
    unsigned roll_cats;
    int roll_counted;
    /* Line and column of the current chunk's offset loc_off: each
     * detector's hits come in ascending order, so an example's column is
     * counted from the last one's on the same line. */
    size_t loc_off;
    uint64_t loc_line, loc_col;
};

double es_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void job_append(struct es_job *job, struct es_record *r)
{
    if (job->tail)
        job->tail->next = r;
    else
        job->head = r;
    job->tail = r;
}

static enum es_rec_status status_of(int rc)
{
    switch (rc) {
    case ES_ERR_ENCRYPTED: return ES_REC_ENCRYPTED;
    case ES_ERR_LIMIT: return ES_REC_LIMIT;
    default: return ES_REC_ERROR;
    }
}

/* ---- hits and the risk verdict ---- */

/* Categories for the customer-record rule (README, "Risk"). */
enum { CAT_IDENTITY = 1, CAT_CONTACT = 2, CAT_VEHICLE = 4 };

static unsigned category(const char *id)
{
    if (!strcmp(id, "name") || !strcmp(id, "customer_id"))
        return CAT_IDENTITY;
    if (!strcmp(id, "phone") || !strcmp(id, "email") || !strcmp(id, "address") ||
        !strcmp(id, "payment_card"))
        return CAT_CONTACT;
    return CAT_VEHICLE;   /* vin, plate, device_id, geo */
}

void es_hit_roles_init(struct es_hit_roles *r)
{
    memset(r, 0, sizeof *r);
    for (size_t d = 0; d < es_ndetectors && d < ES_MAXDET; d++) {
        const char *id = es_detectors[d]->id;
        r->cat[d] = category(id);
        r->direct[d] = (unsigned char)es_record_direct_identifier(id);
        /* Staff contacts are names, phones and e-mail addresses. */
        if (!strcmp(id, "name") || !strcmp(id, "phone") || !strcmp(id, "email"))
            r->staff |= 1u << d;
    }
}

static int customer_group(unsigned cats)
{
    return ((cats & CAT_IDENTITY) && (cats & (CAT_CONTACT | CAT_VEHICLE))) ||
           ((cats & CAT_CONTACT) && (cats & CAT_VEHICLE));
}

static int check_stop(struct es_job *job);
static int stop_if_lost(struct es_job *job);

/* The line index of chunk c, the one being scanned. */
static const struct es_line_index *chunk_lines(struct es_sink *s, const struct es_chunk *c)
{
    struct es_worker *w = s->job->w;
    if (!w->lines_ok) {
        es_line_index_build(&w->lines, c->text, c->len);
        w->lines_ok = 1;
    }
    return &w->lines;
}

void es_sink_chunk_advance(struct es_sink *s, const struct es_chunk *c, size_t n, uint64_t *line,
                           uint64_t *col)
{
    struct es_worker *w = s->job->w;
    /* The chunk's line index where its hits had one built (es_sink_chunk()
     * clears it for each chunk); else a count of its own, as building the
     * index only to advance once would cost the same pass. */
    if (w->lines_ok && w->lines.text == c->text && w->lines.len == c->len)
        es_line_index_advance(&w->lines, 0, n, line, col);
    else
        es_linecol_advance(c->text, n, line, col);
}

static void locate(struct es_sink *s, const struct es_chunk *c, size_t off, char *buf, size_t cap)
{
    if (c->locate) {
        c->locate(c, off, buf, cap);
        return;
    }
    if (c->where && !(c->flags & ES_LOC_LINES)) {
        snprintf(buf, cap, "%s", c->where);
        return;
    }
    if (off < s->loc_off) {
        s->loc_off = 0;
        s->loc_line = c->line;
        s->loc_col = c->col;
    }
    es_line_index_advance(chunk_lines(s, c), s->loc_off, off, &s->loc_line, &s->loc_col);
    s->loc_off = off;
    if (c->where)
        snprintf(buf, cap, "%s line %llu", c->where, (unsigned long long)s->loc_line);
    else
        snprintf(buf, cap, "%llu:%llu", (unsigned long long)s->loc_line, (unsigned long long)s->loc_col);
}

/* Raw value for --show-data: the text as matched (valid UTF-8 by construction). */
static char *copy_value(const char *p, size_t n)
{
    char *v = malloc(n + 1);
    if (v) {
        memcpy(v, p, n);
        v[n] = '\0';
        for (size_t i = 0; i < n; i++)
            if (v[i] == '\n' || v[i] == '\r' || v[i] == '\t')
                v[i] = ' ';
    }
    return v;
}

static void on_hit(void *ctx, size_t det, const struct es_chunk *c, size_t start, size_t end,
                   enum es_confidence conf, const char *norm, size_t norm_len)
{
    struct es_sink *s = ctx;
    if (start < c->from)
        return;   /* context repeated from the previous chunk, which reported it */
    struct es_worker *w = s->job->w;
    struct es_finding *f = es_record_slot(s->rec, det);
    uint64_t h = es_hash64(norm, norm_len);
    if (!f)
        return;
    f->count++;
    /* The scan's distinct values take the record's set when the job is
     * tallied (es_job_tally()). */
    (void)es_distinct_add(&f->distinct, h, w->sc->cfg.limits[ES_LIMIT_DISTINCT]);
    if (conf > f->conf)
        f->conf = conf;
    if (f->nex < ES_EXAMPLES) {
        int seen = 0;
        for (size_t i = 0; i < f->nex; i++)
            seen |= f->ex_hash[i] == h;
        if (!seen) {
            char where[160], masked[256];
            locate(s, c, start, where, sizeof where);
            char *value;
            if (w->sc->cfg.show_data) {
                value = copy_value(c->text + start, end - start);
            } else {
                const struct es_detector *d = es_detectors[det];
                size_t n = d->mask ? d->mask(norm, norm_len, masked, sizeof masked)
                                   : es_mask_generic(norm, norm_len, masked, sizeof masked);
                value = copy_value(masked, n < sizeof masked ? n : sizeof masked - 1);
            }
            size_t wl = strlen(where);
            char *wcopy = copy_value(where, wl);
            if (value && wcopy) {
                f->ex_hash[f->nex] = h;
                f->ex_where[f->nex] = wcopy;
                f->ex_value[f->nex] = value;
                f->nex++;
            } else {
                free(value);
                free(wcopy);
            }
        }
    }
    if (w->nhits == w->caphits) {
        /* Bounded: a chunk with more hits than this still counts them all,
         * only the row grouping sees the first ones. */
        if (w->caphits >= (1u << 20))
            return;
        /* The sort's scratch array grows with it (sort_hits()). */
        size_t cap = w->caphits ? w->caphits * 2 : 1024;
        struct es_chunk_hit *nt = realloc(w->hits_tmp, cap * sizeof *nt);
        if (!nt)
            return;
        w->hits_tmp = nt;
        struct es_chunk_hit *nh = realloc(w->hits, cap * sizeof *nh);
        if (!nh)
            return;
        w->hits = nh;
        w->caphits = cap;
    }
    w->hits[w->nhits].start = start;
    w->hits[w->nhits].det = (uint8_t)det;
    w->hits[w->nhits].conf = (uint8_t)conf;
    w->hits[w->nhits].hash = h;
    w->nhits++;
}

/* The end of the ascending run of hits that starts at h[i]. */
static size_t run_end(const struct es_chunk_hit *h, size_t i, size_t n)
{
    while (i + 1 < n && h[i].start <= h[i + 1].start)
        i++;
    return i + 1;
}

/* Sort the chunk's hits by start. Each detector reports in ascending order
 * (mostly), so the hits are a few ascending runs: they are merged pairwise,
 * a pass per halving of the number of runs (a natural merge sort), instead
 * of qsort()'s log2(n) passes of comparisons through a function pointer.
 * The scratch array has the hits' capacity (on_hit() grows both). */
static void sort_hits(struct es_worker *w)
{
    size_t n = w->nhits;
    if (run_end(w->hits, 0, n) == n)
        return;
    struct es_chunk_hit *src = w->hits, *dst = w->hits_tmp;
    for (size_t runs = 2; runs > 1;) {
        runs = 0;
        for (size_t i = 0; i < n; runs++) {
            size_t m = run_end(src, i, n), e = m < n ? run_end(src, m, n) : n;
            size_t a = i, b = m, o = i;
            while (a < m && b < e)
                dst[o++] = src[b].start < src[a].start ? src[b++] : src[a++];
            memcpy(dst + o, src + a, (m - a) * sizeof *dst);
            memcpy(dst + o + (m - a), src + b, (e - b) * sizeof *dst);
            i = e;
        }
        struct es_chunk_hit *t = src;
        src = dst;
        dst = t;
    }
    if (src != w->hits) {
        /* The sorted hits are in the scratch array: swap the two. */
        w->hits_tmp = w->hits;
        w->hits = src;
    }
}

/* Extension markers looked at per chunk; a chunk with more is a directory
 * that es_staff_table() already recognises, or rare enough to ignore. */
#define STAFF_MARKS 256

/* Is a marker line within [lo, hi]? marks are ascending. */
static int marked(const uint64_t *marks, size_t n, uint64_t lo, uint64_t hi)
{
    for (size_t i = 0; i < n && marks[i] <= hi; i++)
        if (marks[i] >= lo)
            return 1;
    return 0;
}

/*
 * Group the chunk's hits into records (rows, or nearby lines of prose),
 * count those that hold a customer record, and collect the direct
 * identifiers that are not staff contacts for the verdict. Staff contacts:
 * groups of names, phones and e-mail addresses only, in an employee
 * directory, or on the line of an internal extension or the line next to
 * it (a signature block; staffctx.c). A customer's contact quoted above
 * that signature stays a customer's.
 */
static void group_hits(struct es_sink *s, const struct es_chunk *c)
{
    struct es_worker *w = s->job->w;
    if (w->nhits == 0)
        return;
    sort_hits(w);
    int single_line = c->len < 2 || !memchr(c->text, '\n', c->len - 1);
    if (!single_line)
        s->roll_chunk = 0;
    /* Tabular rows and log lines are records; prose spreads one over lines. */
    uint64_t gap = c->delim ? 0 : (c->flags & ES_CHUNK_PROSE) ? 3 : 1;
    int staff_table = es_staff_table(c);
    /* Extension markers are looked for only when a group could be a staff
     * contact (names, phones, e-mails alone): a pass over the whole chunk. */
    uint64_t marks[STAFF_MARKS];
    size_t nmarks = 0;
    int marks_done = staff_table;
    const struct es_hit_roles *roles = &s->job->sc->roles;
    const struct es_line_index *lines = chunk_lines(s, c);
    uint64_t line = 0;
    size_t pos = 0;
    for (size_t i = 0; i < w->nhits;) {
        /* The group: hits i .. j-1. */
        uint64_t last = 0;
        unsigned kinds = 0;
        size_t j = i;
        while (j < w->nhits) {
            if (pos < w->hits[j].start) {
                line += es_line_index_between(lines, pos, w->hits[j].start);
                pos = w->hits[j].start;
            }
            if (j > i && line - last > gap)
                break;
            w->hits[j].line = (uint32_t)line;
            kinds |= 1u << w->hits[j].det;
            last = line;
            j++;
        }
        int only_staff = (kinds & ~roles->staff) == 0;
        if (only_staff && !marks_done) {
            nmarks = es_staff_marker_lines(c, lines, marks, STAFF_MARKS);
            marks_done = 1;
        }
        int may_staff = only_staff && (staff_table || nmarks);
        unsigned cats = 0;
        for (size_t k = i; k < j; k++) {
            uint64_t l = w->hits[k].line;
            if (may_staff && (staff_table || marked(marks, nmarks, l > 0 ? l - 1 : 0, l + 1))) {
                s->rec->staff_hits++;
                continue;
            }
            cats |= roles->cat[w->hits[k].det];
            if (!roles->direct[w->hits[k].det])
                continue;
            es_record_add_customer_value(s->rec, w->hits[k].hash);
            if (w->hits[k].conf == ES_CONF_HIGH)
                s->rec->cust_strong = 1;
        }
        if (single_line) {
            int adjacent = s->roll_chunk && s->roll_chunk + 1 >= s->nchunks;
            if (!adjacent) {
                s->roll_cats = 0;
                s->roll_counted = 0;
            }
            s->roll_cats |= cats;
            s->roll_chunk = s->nchunks;
            if (customer_group(s->roll_cats) && !s->roll_counted) {
                s->rec->customer_groups++;
                s->roll_counted = 1;
            }
        } else if (customer_group(cats)) {
            s->rec->customer_groups++;
        }
        i = j;
    }
}

int es_sink_chunk(struct es_sink *s, const struct es_chunk *c)
{
    struct es_worker *w = s->job->w;
    w->lines_ok = 0;
    if (s->job->stopped)
        return ES_STOP;
    w->nhits = 0;
    s->nchunks++;
    s->loc_off = 0;
    s->loc_line = c->line;
    s->loc_col = c->col;
    struct es_hit_sink hs = {.hit = on_hit, .ctx = s};
    es_detect_run(w->det, s->job->sc->cfg.enabled, c, &hs);
    group_hits(s, c);
    atomic_fetch_add_explicit(&s->job->sc->prog_bytes, c->owned - c->from, memory_order_relaxed);
    /* A chunk is up to a MiB of work: look at the clock after each. */
    return check_stop(s->job);
}

/* ---- records and members ---- */


/* An exact copy of a container already scanned within this top-level file
 * gets a record that says so instead of a second scan. */
static int duplicate_container(struct es_job *job, struct es_record *rec, struct es_input *in,
                               const struct es_extractor *ex, int depth)
{
    const unsigned char *p;
    size_t n;
    if (depth == 0 || (ex->flags & (ES_EX_CONTAINER | ES_EX_RANDOM)) != (ES_EX_CONTAINER | ES_EX_RANDOM))
        return 0;
    if (es_input_load(in, (size_t)job->sc->cfg.limits[ES_LIMIT_LOAD_BYTES], &p, &n) != ES_OK)
        return 0;   /* the extractor will meet the same error and report it */
    if (es_hashset_add(&job->seen, es_hash64(p, n) ^ (uint64_t)n) != 0)
        return 0;
    es_record_set_error(rec, ES_REC_SKIPPED,
                        "identical to a container already scanned in this file; not scanned again");
    return 1;
}

static void extract_into(struct es_job *job, struct es_record *rec, struct es_input *in, int depth)
{
    struct es_sink s = {.job = job, .rec = rec, .depth = depth};
    struct es_sniff sn;
    char type[24];
    es_sniff_input(job->w, in, depth, &sn, type, sizeof type);
    es_record_set_type(rec, type);
    if (in->err != ES_OK && in->peek_len == 0) {
        es_record_set_error(rec, ES_REC_ERROR, in->why ? in->why : "read error");
    } else {
        const struct es_extractor *ex = es_extractor_choose(&sn);
        if (!duplicate_container(job, rec, in, ex, depth)) {
            int rc = ex->run(&s, in, &sn);
            if (rc < 0 && rec->status == ES_REC_OK)
                es_record_set_error(rec, status_of(rc), es_strerror(rc));
        }
    }
    rec->bytes = in->fd >= 0 && in->size != ES_SIZE_UNKNOWN && in->size > in->consumed ? in->size
                                                                                       : in->consumed;
    if (in->err == ES_ERR_LIMIT && in->budget && in->budget->why) {
        char msg[128];
        snprintf(msg, sizeof msg, "%s limit (%llu) reached; content up to it was scanned",
                 in->budget->why, (unsigned long long)in->budget->why_value);
        es_record_set_cause(rec, ES_REC_LIMIT, msg);   /* more than a follow-on error */
    } else if (in->err != ES_OK && in->err != ES_ERR_LIMIT) {
        /* The stream's own reason (CRC mismatch, truncated) says more than
         * the generic error the member's extractor saw. */
        if (in->why)
            es_record_set_cause(rec, ES_REC_ERROR, in->why);
        else if (rec->status == ES_REC_OK)
            es_record_set_error(rec, ES_REC_ERROR, in->err == ES_ERR_IO ? "read error" : es_strerror(in->err));
    }
    /* Pages of the top-level file were lost while this record was read (it
     * shrank: es_input_lost): what followed were zeros, so the loss explains
     * this record, not what the extractor made of them. Records finished
     * before the loss keep their status; none is started after it. */
    const char *lost = job->top ? es_input_lost(job->top) : NULL;
    if (lost) {
        char msg[128];
        if (depth)
            snprintf(msg, sizeof msg, "%s; this member's content may be lost", lost);
        else
            snprintf(msg, sizeof msg, "%s; the rest of it was not scanned", lost);
        es_record_set_cause(rec, ES_REC_ERROR, msg);
    }
    if (job->stopped && rec->status == ES_REC_OK)
        es_record_set_error(rec, ES_REC_LIMIT, job->stop_why);
    es_record_finish(rec);
}

/* Members never opened (limits, encryption, links) are typed by their
 * extension, like a listing would show them. */
static void type_from_name(struct es_record *r, const char *name, size_t len)
{
    char type[16];
    size_t n = 0, i = len;
    while (i > 0 && name[i - 1] != '.' && name[i - 1] != '/' && len - i < sizeof type)
        i--;
    if (i > 1 && name[i - 1] == '.' && name[i - 2] != '/') {
        for (; i < len && n + 1 < sizeof type; i++) {
            char ch = name[i];
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
                break;
            type[n++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
        }
        if (i < len)
            n = 0;
    }
    type[n] = '\0';
    es_record_set_type(r, n ? type : "-");
}

int es_sink_member(struct es_sink *s, const char *name, size_t name_len, struct es_input *in)
{
    struct es_job *job = s->job;
    const uint64_t *lim = job->sc->cfg.limits;
    if (job->stopped || stop_if_lost(job))
        return ES_STOP;
    struct es_record *r = es_record_new(s->rec, name, name_len);
    if (!r)
        return ES_STOP;
    job_append(job, r);
    s->rec->container = 1;
    s->members++;
    char msg[128];
    if (lim[ES_LIMIT_MEMBERS] && s->members > lim[ES_LIMIT_MEMBERS]) {
        snprintf(msg, sizeof msg, "members limit (%llu) reached; later members were not listed",
                 (unsigned long long)lim[ES_LIMIT_MEMBERS]);
        type_from_name(r, name, name_len);
        es_record_set_error(r, ES_REC_LIMIT, msg);
        es_record_finish(r);
        es_record_set_partial(s->rec, msg);
        return ES_STOP;
    }
    if (s->depth + 1 > (int)lim[ES_LIMIT_DEPTH]) {
        snprintf(msg, sizeof msg, "depth limit (%llu) reached; member not opened",
                 (unsigned long long)lim[ES_LIMIT_DEPTH]);
        type_from_name(r, name, name_len);
        es_record_set_error(r, ES_REC_LIMIT, msg);
        es_record_finish(r);
        return ES_OK;
    }
    struct es_budget b = {
        .member_max = lim[ES_LIMIT_MEMBER_BYTES],
        .ratio = lim[ES_LIMIT_RATIO],
        .input_used = &job->input_used,
        .input_max = lim[ES_LIMIT_INPUT_BYTES],
    };
    in->budget = &b;
    extract_into(job, r, in, s->depth + 1);
    in->budget = NULL;
    es_input_close(in);
    if (b.why && !strcmp(b.why, "input-bytes") && !job->stopped) {
        job->stopped = 1;
        job->stop_why = "input-bytes limit reached; the rest of this file was not scanned";
    }
    return job->stopped ? ES_STOP : ES_OK;
}

int es_sink_member_status(struct es_sink *s, const char *name, size_t name_len,
                          enum es_rec_status st, const char *reason)
{
    if (stop_if_lost(s->job))   /* the status may come from lost pages */
        return ES_STOP;
    struct es_record *r = es_record_new(s->rec, name, name_len);
    if (!r)
        return ES_STOP;
    job_append(s->job, r);
    s->rec->container = 1;
    s->members++;
    type_from_name(r, name, name_len);
    if (st != ES_REC_OK)
        es_record_set_error(r, st, reason);
    es_record_finish(r);
    return s->job->stopped ? ES_STOP : ES_OK;
}

int es_sink_fail(struct es_sink *s, int status, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    es_record_set_error(s->rec, status_of(status), msg);
    return status;
}

int es_sink_load(struct es_sink *s, struct es_input *in, const char *what,
                 const unsigned char **p, size_t *len)
{
    uint64_t cap = s->job->sc->cfg.limits[ES_LIMIT_LOAD_BYTES];
    int rc = es_input_load(in, (size_t)cap, p, len);
    if (rc == ES_ERR_LIMIT && !(in->budget && in->budget->why))
        return es_sink_fail(s, rc, "%s larger than the load-bytes limit (%llu)", what,
                            (unsigned long long)cap);
    return rc;   /* other errors are explained by extract_into from in->err / in->why */
}

void es_sink_partial(struct es_sink *s, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    es_record_set_partial(s->rec, msg);
}

void es_sink_set_type(struct es_sink *s, const char *type)
{
    es_record_set_type(s->rec, type);
}

void es_sink_set_encoding(struct es_sink *s, const char *encoding)
{
    s->rec->encoding = encoding;
}

/* The top-level file lost mapped pages (it shrank while being read): from
 * now on its bytes read as zeros, so nothing more of it is scanned. Returns
 * whether they were lost. */
static int stop_if_lost(struct es_job *job)
{
    const char *lost = job->top ? es_input_lost(job->top) : NULL;
    if (lost && !job->stopped) {
        job->stopped = 1;
        job->stop_why = lost;
    }
    return lost != NULL;
}

/* Interrupt, deadline and lost pages, read now. */
static int check_stop(struct es_job *job)
{
    if (job->stopped || stop_if_lost(job))
        return ES_STOP;
    if (atomic_load_explicit(&job->sc->interrupted, memory_order_relaxed)) {
        job->stopped = 1;
        job->stop_why = "interrupted";
    } else if (job->deadline > 0 && es_now() > job->deadline) {
        job->stopped = 1;
        job->stop_why = "seconds limit reached; the rest of this file was not scanned";
    }
    return job->stopped ? ES_STOP : ES_OK;
}

int es_sink_tick(struct es_sink *s)
{
    struct es_job *job = s->job;
    if (job->stopped)
        return ES_STOP;
    /* The interrupt flag is one relaxed load; the clock is read every 4096th tick. */
    if ((++job->ticks & ES_TICK_MASK) != 0 &&
        !atomic_load_explicit(&job->sc->interrupted, memory_order_relaxed))
        return ES_OK;
    return check_stop(job);
}

uint64_t es_sink_limit(const struct es_sink *s, enum es_limit which)
{
    return (unsigned)which < ES_NLIMITS ? s->job->sc->cfg.limits[which] : 0;
}

/* The worker's decoder output buffer, for text.c. */
struct es_buf *es_sink_textbuf(struct es_sink *s)
{
    return &s->job->w->text;
}

struct es_buf *es_sink_utf8buf(struct es_sink *s)
{
    return &s->job->w->utf8;
}

/* ---- jobs ---- */

static struct es_record *job_top(struct es_job *job, const char *display, size_t len)
{
    struct es_record *r = es_record_new(NULL, display, len);
    if (r)
        job_append(job, r);
    return r;
}

static void job_start(struct es_job *job)
{
    uint64_t secs = job->sc->cfg.limits[ES_LIMIT_SECONDS];
    job->deadline = secs ? es_now() + (double)secs : 0;
}

void es_job_run_fd(struct es_job *job, const char *display, size_t display_len, int fd,
                   uint64_t size)
{
    struct es_record *r = job_top(job, display, display_len);
    if (!r)
        return;
    job_start(job);
    struct es_input in;
    /* Nothing the name says decides the type; it only breaks ties. */
    const char *base = memrchr(display, '/', display_len);
    es_input_from_fd(&in, fd, base ? base + 1 : display, size);
    job->top = &in;
    extract_into(job, r, &in, 0);
    job->top = NULL;
    es_input_close(&in);
}

void es_job_run_mem(struct es_job *job, const char *display, const void *data, size_t len)
{
    struct es_record *r = job_top(job, display, strlen(display));
    if (!r)
        return;
    job_start(job);
    struct es_input in;
    const char *base = strrchr(display, '/');
    es_input_from_mem(&in, data, len, base ? base + 1 : display);
    extract_into(job, r, &in, 0);
    es_input_close(&in);
}

void es_job_add_status(struct es_job *job, const char *display, size_t display_len,
                       enum es_rec_status st, const char *reason)
{
    struct es_record *r = job_top(job, display, display_len);
    if (!r)
        return;
    type_from_name(r, display, display_len);
    if (st != ES_REC_OK)
        es_record_set_error(r, st, reason);
    es_record_finish(r);
}

void es_job_tally(struct es_job *job)
{
    struct es_tally *t = &job->w->tally;
    struct es_scanner *sc = job->w->sc;
    /* A lock per detector's set, taken in detector order: two workers that
     * tally at once (a 1 GB share's sets are tens of MiB, and each value
     * merged is a cache miss) follow each other from set to set instead of
     * one waiting for all of the other's merges. */
    for (size_t det = 0; det < es_ndetectors; det++) {
        int locked = 0;
        for (struct es_record *r = job->head; r; r = r->next)
            for (size_t i = 0; i < r->nfound; i++) {
                if (r->found[i]->det != det)
                    continue;
                if (!locked)
                    pthread_mutex_lock(&sc->tally_lock[det]);
                locked = 1;
                es_distinct_merge(&sc->summary.det_distinct[det], &r->found[i]->distinct,
                                  sc->cfg.limits[ES_LIMIT_DISTINCT]);
            }
        if (locked)
            pthread_mutex_unlock(&sc->tally_lock[det]);
    }
    for (struct es_record *r = job->head; r; r = r->next) {
        if (r->npath == 1) {
            t->files++;
            t->bytes += r->bytes;
        } else {
            t->members++;
        }
        t->by_risk[r->risk]++;
        t->by_status[r->status]++;
        for (size_t i = 0; i < r->nfound; i++) {
            size_t det = r->found[i]->det;
            t->det_count[det] += r->found[i]->count;
            t->det_files[det]++;
        }
    }
}

void es_job_free(struct es_job *job)
{
    struct es_record *r = job->head;
    while (r) {
        struct es_record *n = r->next;
        es_record_free(r);
        r = n;
    }
    job->head = job->tail = NULL;
    es_hashset_free(&job->seen);
}
