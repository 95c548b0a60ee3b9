/* The extractor registry and the choice among bidders (libarchive's
 * choose_format: the highest bid wins, ties go to the earlier entry). */
#include "extract.h"

extern const struct es_extractor es_ex_zip, es_ex_gzip, es_ex_tar, es_ex_ooxml, es_ex_odf,
    es_ex_pdf, es_ex_mail, es_ex_markup, es_ex_ole2, es_ex_text, es_ex_binary;

const struct es_extractor *const es_extractors[] = {
    &es_ex_ooxml, &es_ex_odf, &es_ex_zip,  &es_ex_gzip,   &es_ex_tar,  &es_ex_pdf,
    &es_ex_ole2,  &es_ex_mail, &es_ex_markup, &es_ex_text, &es_ex_binary,
};
const size_t es_nextractors = sizeof es_extractors / sizeof es_extractors[0];

const struct es_extractor *es_extractor_choose(const struct es_sniff *s)
{
    const struct es_extractor *best = &es_ex_binary;
    int best_bid = 0;
    for (size_t i = 0; i < es_nextractors; i++) {
        int bid = es_extractors[i]->bid ? es_extractors[i]->bid(s) : 0;
        if (bid > best_bid) {
            best_bid = bid;
            best = es_extractors[i];
        }
    }
    return best;
}
