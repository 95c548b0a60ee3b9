/* STUB: pdf extractor, to be written. */
#include "extract.h"

static int pdf_bid(const struct es_sniff *s)
{
    (void)s;
    return 0;
}

static int pdf_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)in;
    (void)s;
    return es_sink_fail(sink, ES_ERR_UNSUPPORTED, "pdf extraction not written yet");
}

const struct es_extractor es_ex_pdf = {
    .name = "pdf",
    .bid = pdf_bid,
    .run = pdf_run,
};
