/*
 * JSON reporter: one document {"records": [...], "summary": {...}}, streamed
 * record by record so memory does not grow with the number of records.
 */
#include "report.h"

static int json_begin(struct es_report *rp)
{
    es_rbuf_puts(&rp->buf, "{\"records\": [");
    return es_report_flush_buf(rp);
}

static int json_record(struct es_report *rp, const struct es_record *rec)
{
    /* One record per line keeps the document greppable and diffable. */
    es_rbuf_puts(&rp->buf, rp->nrecords ? ",\n" : "\n");
    es_rp_json_record(&rp->buf, rec);
    rp->nrecords++;
    return es_report_flush_buf(rp);
}

static int json_end(struct es_report *rp, const struct es_summary *sum)
{
    es_rbuf_puts(&rp->buf, rp->nrecords ? "\n], \"summary\": " : "], \"summary\": ");
    es_rp_json_summary(&rp->buf, sum);
    es_rbuf_puts(&rp->buf, "}\n");
    return es_report_flush_buf(rp);
}

const struct es_reporter es_rp_json = {
    .name = "json", .begin = json_begin, .record = json_record, .end = json_end,
};
