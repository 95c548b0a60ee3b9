/* STUB: mail extractor, to be written. */
#include "extract.h"

static int mail_bid(const struct es_sniff *s)
{
    (void)s;
    return 0;
}

static int mail_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)in;
    (void)s;
    return es_sink_fail(sink, ES_ERR_UNSUPPORTED, "mail extraction not written yet");
}

const struct es_extractor es_ex_mail = {
    .name = "mail",
    .bid = mail_bid,
    .run = mail_run,
};
