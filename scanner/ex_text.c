/*
 * Plain text of any encoding: CSV/TSV (header row as column context), JSON
 * (keys precede values on their line), logs, source, SQL, e-mail saved as text.
 */
#include <string.h>

#include "extract.h"

static int text_bid(const struct es_sniff *s)
{
    /* 10: below every structured format (markup, mail, documents bid 20+),
     * above the binary fallback (1). */
    if (s->head_len == 0)
        return 10;
    if (s->head_len >= 2 && ((s->head[0] == 0xFF && s->head[1] == 0xFE) ||
                             (s->head[0] == 0xFE && s->head[1] == 0xFF)))
        return 10;
    if (es_looks_utf16(s->head, s->head_len))
        return 10;
    /* Whatever libmagic calls it (text/..., application/x-ndjson, "data" for
     * odd encodings), bytes without control characters are text. */
    return s->text ? 10 : 0;
}

static int text_run(struct es_sink *sink, struct es_input *in, const struct es_sniff *s)
{
    /* libmagic may not have called it text (Shift_JIS, odd encodings). */
    if (strncmp(s->mime, "text/", 5) && !strstr(s->mime, "json") && !strstr(s->mime, "csv"))
        es_sink_set_type(sink, es_text_type(s->ext));
    struct es_text_opts o = {
        .tabular = !strcmp(s->ext, "csv") || !strcmp(s->ext, "tsv"),
    };
    /* No BOM: "utf-16" lets the decoder tell the byte orders apart. */
    if (s->head_len >= 2 && es_looks_utf16(s->head, s->head_len) && s->head[0] != 0xFF &&
        s->head[0] != 0xFE)
        o.charset = "utf-16";
    return es_sink_text(sink, in, &o);
}

const struct es_extractor es_ex_text = {
    .name = "text",
    .bid = text_bid,
    .run = text_run,
};
