/* The scan summary: per-worker tallies merged at the end, the shared
 * distinct-value sets, and accessors. */
#include <string.h>

#include "scanner_private.h"

void es_summary_free(struct es_summary *s)
{
    for (size_t i = 0; i < ES_MAXDET; i++)
        es_distinct_free(&s->det_distinct[i]);
}

void es_tally_merge(struct es_tally *dst, const struct es_tally *src)
{
    dst->files += src->files;
    dst->members += src->members;
    dst->bytes += src->bytes;
    for (size_t i = 0; i < ES_NRISK; i++)
        dst->by_risk[i] += src->by_risk[i];
    for (size_t i = 0; i < ES_REC_NSTATUS; i++)
        dst->by_status[i] += src->by_status[i];
    for (size_t i = 0; i < ES_MAXDET; i++) {
        dst->det_count[i] += src->det_count[i];
        dst->det_files[i] += src->det_files[i];
    }
}

uint64_t es_summary_files(const struct es_summary *s) { return s->t.files; }
uint64_t es_summary_members(const struct es_summary *s) { return s->t.members; }
uint64_t es_summary_bytes(const struct es_summary *s) { return s->t.bytes; }
double es_summary_elapsed(const struct es_summary *s) { return s->elapsed; }
int es_summary_interrupted(const struct es_summary *s) { return s->interrupted; }
size_t es_summary_ndetectors(const struct es_summary *s) { (void)s; return es_ndetectors; }

uint64_t es_summary_by_risk(const struct es_summary *s, enum es_risk r)
{
    return (unsigned)r < ES_NRISK ? s->t.by_risk[r] : 0;
}

uint64_t es_summary_by_status(const struct es_summary *s, enum es_rec_status st)
{
    return (unsigned)st < ES_REC_NSTATUS ? s->t.by_status[st] : 0;
}

const char *es_summary_detector(const struct es_summary *s, size_t i)
{
    (void)s;
    return i < es_ndetectors ? es_detectors[i]->id : NULL;
}

uint64_t es_summary_detector_count(const struct es_summary *s, size_t i)
{
    return i < es_ndetectors ? s->t.det_count[i] : 0;
}

uint64_t es_summary_detector_distinct(const struct es_summary *s, size_t i)
{
    return i < es_ndetectors ? es_distinct_count(&s->det_distinct[i]) : 0;
}

int es_summary_detector_distinct_exact(const struct es_summary *s, size_t i)
{
    return i < es_ndetectors ? es_distinct_exact(&s->det_distinct[i]) : 1;
}

uint64_t es_summary_detector_files(const struct es_summary *s, size_t i)
{
    return i < es_ndetectors ? s->t.det_files[i] : 0;
}
