/*
 * JSONL reporter: one object per record, then {"summary": {...}}.
 * The record and summary objects are shared with the json reporter.
 * Key order is part of the contract (issue 2); keep it.
 */
#include "json_out.h"
#include "report.h"

/* Bytes in a megabyte for throughput_mb_s: decimal, as disk vendors and `dd` print MB/s. */
#define MB 1e6
/* Decimals of elapsed_s (milliseconds) and throughput_mb_s. */
#define ELAPSED_DECIMALS 3
#define RATE_DECIMALS 2

static void finding(struct es_rbuf *b, const struct es_finding *f)
{
    es_rbuf_puts(b, "{\"detector\": ");
    es_json_cstr(b, es_finding_detector(f));
    es_rbuf_puts(b, ", \"count\": ");
    es_json_u64(b, es_finding_count(f));
    es_rbuf_puts(b, ", \"distinct\": ");
    es_json_u64(b, es_finding_distinct(f));
    if (!es_finding_distinct_exact(f))
        es_rbuf_puts(b, ", \"distinct_exact\": false");
    es_rbuf_puts(b, ", \"confidence\": ");
    es_json_cstr(b, es_confidence_name(es_finding_confidence(f)));
    es_rbuf_puts(b, ", \"examples\": [");
    size_t n = es_finding_nexamples(f);
    for (size_t i = 0; i < n; i++) {
        es_rbuf_puts(b, i ? ", {\"where\": " : "{\"where\": ");
        es_json_cstr(b, es_finding_example_where(f, i));
        es_rbuf_puts(b, ", \"value\": ");
        es_json_cstr(b, es_finding_example_value(f, i));
        es_rbuf_putc(b, '}');
    }
    es_rbuf_puts(b, "]}");
}

void es_rp_json_record(struct es_rbuf *b, const struct es_record *rec)
{
    es_rbuf_puts(b, "{\"path\": [");
    size_t np = es_record_path_len(rec);
    for (size_t i = 0; i < np; i++) {
        size_t len = 0;
        const char *el = es_record_path(rec, i, &len);
        if (i)
            es_rbuf_puts(b, ", ");
        if (el)
            es_json_str(b, el, len);
        else
            es_rbuf_puts(b, "\"\"");
    }
    es_rbuf_puts(b, "], \"type\": ");
    es_json_cstr(b, es_record_type(rec));
    const char *enc = es_record_encoding(rec);
    if (enc) {   /* emitted only when known (not for binaries and containers) */
        es_rbuf_puts(b, ", \"encoding\": ");
        es_json_cstr(b, enc);
    }
    enum es_rec_status st = es_record_status(rec);
    es_rbuf_puts(b, ", \"status\": ");
    es_json_cstr(b, es_rec_status_name(st));
    if (st != ES_REC_OK) {
        const char *err = es_record_error(rec);
        es_rbuf_puts(b, ", \"error\": ");
        es_json_cstr(b, err ? err : es_rec_status_name(st));
    }
    const char *partial = es_record_partial(rec);
    if (partial) {
        es_rbuf_puts(b, ", \"partial\": ");
        es_json_cstr(b, partial);
    }
    es_rbuf_puts(b, ", \"risk\": ");
    es_json_cstr(b, es_risk_name(es_record_risk(rec)));
    es_rbuf_puts(b, ", \"bytes\": ");
    es_json_u64(b, es_record_bytes(rec));
    es_rbuf_puts(b, ", \"findings\": [");
    size_t nf = es_record_nfindings(rec);
    for (size_t i = 0; i < nf; i++) {
        if (i)
            es_rbuf_puts(b, ", ");
        finding(b, es_record_finding(rec, i));
    }
    es_rbuf_puts(b, "]}");
}

void es_rp_json_summary(struct es_rbuf *b, const struct es_summary *sum)
{
    es_rbuf_puts(b, "{\"files\": ");
    es_json_u64(b, es_summary_files(sum));
    es_rbuf_puts(b, ", \"members\": ");
    es_json_u64(b, es_summary_members(sum));
    uint64_t bytes = es_summary_bytes(sum);
    es_rbuf_puts(b, ", \"bytes\": ");
    es_json_u64(b, bytes);
    /* Highest level first, as a reader looks for the worst. */
    es_rbuf_puts(b, ", \"risk\": {");
    for (int r = ES_NRISK - 1; r >= 0; r--) {
        if (r != ES_NRISK - 1)
            es_rbuf_puts(b, ", ");
        es_json_cstr(b, es_risk_name((enum es_risk)r));
        es_rbuf_puts(b, ": ");
        es_json_u64(b, es_summary_by_risk(sum, (enum es_risk)r));
    }
    es_rbuf_puts(b, "}, \"status\": {");
    for (int s = 0; s < ES_REC_NSTATUS; s++) {
        if (s)
            es_rbuf_puts(b, ", ");
        es_json_cstr(b, es_rec_status_name((enum es_rec_status)s));
        es_rbuf_puts(b, ": ");
        es_json_u64(b, es_summary_by_status(sum, (enum es_rec_status)s));
    }
    es_rbuf_puts(b, "}, \"detectors\": {");
    size_t nd = es_summary_ndetectors(sum);
    for (size_t i = 0; i < nd; i++) {
        if (i)
            es_rbuf_puts(b, ", ");
        es_json_cstr(b, es_summary_detector(sum, i));
        es_rbuf_puts(b, ": {\"count\": ");
        es_json_u64(b, es_summary_detector_count(sum, i));
        es_rbuf_puts(b, ", \"distinct\": ");
        es_json_u64(b, es_summary_detector_distinct(sum, i));
        if (!es_summary_detector_distinct_exact(sum, i))
            es_rbuf_puts(b, ", \"distinct_exact\": false");
        es_rbuf_puts(b, ", \"files\": ");
        es_json_u64(b, es_summary_detector_files(sum, i));
        es_rbuf_putc(b, '}');
    }
    double elapsed = es_summary_elapsed(sum);
    es_rbuf_puts(b, "}, \"elapsed_s\": ");
    es_json_fixed(b, elapsed, ELAPSED_DECIMALS);
    es_rbuf_puts(b, ", \"throughput_mb_s\": ");
    es_json_fixed(b, elapsed > 0 ? (double)bytes / MB / elapsed : 0, RATE_DECIMALS);
    es_rbuf_puts(b, ", \"interrupted\": ");
    es_rbuf_puts(b, es_summary_interrupted(sum) ? "true" : "false");
    es_rbuf_putc(b, '}');
}

static int jsonl_begin(struct es_report *rp)
{
    (void)rp;
    return 0;
}

static int jsonl_record(struct es_report *rp, const struct es_record *rec)
{
    es_rp_json_record(&rp->buf, rec);
    es_rbuf_putc(&rp->buf, '\n');
    rp->nrecords++;
    return es_report_flush_buf(rp);
}

static int jsonl_end(struct es_report *rp, const struct es_summary *sum)
{
    es_rbuf_puts(&rp->buf, "{\"summary\": ");
    es_rp_json_summary(&rp->buf, sum);
    es_rbuf_puts(&rp->buf, "}\n");
    return es_report_flush_buf(rp);
}

const struct es_reporter es_rp_jsonl = {
    .name = "jsonl", .begin = jsonl_begin, .record = jsonl_record, .end = jsonl_end,
};
