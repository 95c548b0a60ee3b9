/* STUB: ole2 extractor, to be written. */
#include "extract.h"

static int ole2_bid(const struct es_sniff *s)
{
    (void)s;
    return 0;
}

static int ole2_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)in;
    (void)s;
    return es_sink_fail(sink, ES_ERR_UNSUPPORTED, "ole2 extraction not written yet");
}

const struct es_extractor es_ex_ole2 = {
    .name = "ole2",
    .bid = ole2_bid,
    .run = ole2_run,
};
