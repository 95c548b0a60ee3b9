/* STUB until the strings extractor lands: binary files get a record, no text. */
#include "extract.h"

static int binary_bid(const struct es_sniff *s)
{
    (void)s;
    return 1;
}

static int binary_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    (void)sink;
    (void)s;
    return es_input_drain(in);
}

const struct es_extractor es_ex_binary = {
    .name = "bin",
    .bid = binary_bid,
    .run = binary_run,
};
