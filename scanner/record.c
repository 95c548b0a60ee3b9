/* Records: building, the risk verdict, and the public accessors. */
#include "record_private.h"

#include <stdlib.h>
#include <string.h>

#include "../detectors/detector.h"

struct es_record *es_record_new(const struct es_record *parent, const char *elem, size_t len)
{
    struct es_record *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    size_t n = (parent ? parent->npath : 0) + 1;
    r->path = calloc(n, sizeof *r->path);
    r->pathlen = calloc(n, sizeof *r->pathlen);
    if (!r->path || !r->pathlen)
        goto fail;
    for (size_t i = 0; i + 1 < n; i++) {
        r->path[i] = malloc(parent->pathlen[i] + 1);
        if (!r->path[i])
            goto fail;
        memcpy(r->path[i], parent->path[i], parent->pathlen[i] + 1);
        r->pathlen[i] = parent->pathlen[i];
        r->npath = i + 1;
    }
    r->path[n - 1] = malloc(len + 1);
    if (!r->path[n - 1])
        goto fail;
    memcpy(r->path[n - 1], elem, len);
    r->path[n - 1][len] = '\0';
    r->pathlen[n - 1] = len;
    r->npath = n;
    return r;
fail:
    es_record_free(r);
    return NULL;
}

struct es_finding *es_record_slot(struct es_record *r, size_t det)
{
    if (det >= ES_MAXDET || det >= es_ndetectors)
        return NULL;
    if (!r->f[det]) {
        r->f[det] = calloc(1, sizeof *r->f[det]);
        if (r->f[det]) {
            r->f[det]->detector = es_detectors[det]->id;
            r->f[det]->det = det;
        }
    }
    return r->f[det];
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s);
    char *d = malloc(n + 1);
    if (d)
        memcpy(d, s, n + 1);
    return d;
}

void es_record_set_error(struct es_record *r, enum es_rec_status st, const char *msg)
{
    /* The first error explains the most; later ones are consequences. */
    if (r->status != ES_REC_OK && r->error)
        return;
    r->status = st;
    free(r->error);
    r->error = dupstr(msg && *msg ? msg : es_rec_status_name(st));
}

void es_record_set_cause(struct es_record *r, enum es_rec_status st, const char *msg)
{
    r->status = ES_REC_OK;
    es_record_set_error(r, st, msg);
}

void es_record_set_partial(struct es_record *r, const char *msg)
{
    if (r->partial)
        return;
    r->partial = dupstr(msg);
}

void es_record_set_type(struct es_record *r, const char *type)
{
    size_t n = strlen(type);
    if (n >= sizeof r->type)
        n = sizeof r->type - 1;
    memcpy(r->type, type, n);
    r->type[n] = '\0';
}

/* Direct identifiers: values that on their own point at one customer, vehicle or card. */
int es_record_direct_identifier(const char *id)
{
    static const char *const direct[] = {"email", "phone", "vin", "device_id", "plate",
                                         "customer_id", "payment_card", "address", NULL};
    for (size_t i = 0; direct[i]; i++)
        if (strcmp(direct[i], id) == 0)
            return 1;
    return 0;
}

void es_record_add_customer_value(struct es_record *r, uint64_t hash)
{
    if (r->cust_nseen == ES_MANY_DISTINCT)
        return;
    for (unsigned i = 0; i < r->cust_nseen; i++)
        if (r->cust_seen[i] == hash)
            return;
    r->cust_seen[r->cust_nseen++] = hash;
}

void es_record_finish(struct es_record *r)
{
    uint64_t direct_distinct = 0;
    int any = 0, strong = 0;
    r->nfound = 0;
    for (size_t i = 0; i < es_ndetectors && i < ES_MAXDET; i++) {
        struct es_finding *f = r->f[i];
        if (!f || !f->count)
            continue;
        r->found[r->nfound++] = f;
        any = 1;
        if (es_record_direct_identifier(f->detector)) {
            direct_distinct += es_distinct_count(&f->distinct);
            if (f->conf == ES_CONF_HIGH)
                strong = 1;
        }
    }
    /* Staff contacts (an employee directory, a memo's signature with its
     * extension) are personal data but not customers': when the sink saw
     * any, only the direct identifiers outside staff context count, so a
     * file of staff contacts alone is "low". */
    if (r->staff_hits) {
        direct_distinct = r->cust_nseen;
        strong = r->cust_strong;
    }
    if (r->customer_groups > 0 || direct_distinct >= ES_MANY_DISTINCT)
        r->risk = ES_RISK_HIGH;
    else if (strong)
        r->risk = ES_RISK_MEDIUM;
    else if (any)
        r->risk = ES_RISK_LOW;
    else
        r->risk = ES_RISK_NONE;
}

void es_record_free(struct es_record *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->npath; i++)
        free(r->path[i]);
    free(r->path);
    free(r->pathlen);
    free(r->error);
    free(r->partial);
    for (size_t i = 0; i < ES_MAXDET; i++) {
        struct es_finding *f = r->f[i];
        if (!f)
            continue;
        es_distinct_free(&f->distinct);
        for (size_t j = 0; j < f->nex; j++) {
            free(f->ex_where[j]);
            free(f->ex_value[j]);
        }
        free(f);
    }
    free(r);
}

/* ---- public accessors ---- */

size_t es_record_path_len(const struct es_record *r) { return r->npath; }

const char *es_record_path(const struct es_record *r, size_t i, size_t *len)
{
    if (i >= r->npath)
        return NULL;
    if (len)
        *len = r->pathlen[i];
    return r->path[i];
}

const char *es_record_type(const struct es_record *r) { return r->type; }
const char *es_record_encoding(const struct es_record *r) { return r->encoding; }
enum es_rec_status es_record_status(const struct es_record *r) { return r->status; }
const char *es_record_error(const struct es_record *r) { return r->status == ES_REC_OK ? NULL : r->error; }
const char *es_record_partial(const struct es_record *r) { return r->partial; }
enum es_risk es_record_risk(const struct es_record *r) { return r->risk; }
uint64_t es_record_bytes(const struct es_record *r) { return r->bytes; }
int es_record_is_container(const struct es_record *r) { return r->container; }
size_t es_record_nfindings(const struct es_record *r) { return r->nfound; }

const struct es_finding *es_record_finding(const struct es_record *r, size_t i)
{
    return i < r->nfound ? r->found[i] : NULL;
}

const char *es_finding_detector(const struct es_finding *f) { return f->detector; }
uint64_t es_finding_count(const struct es_finding *f) { return f->count; }
uint64_t es_finding_distinct(const struct es_finding *f) { return es_distinct_count(&f->distinct); }
int es_finding_distinct_exact(const struct es_finding *f) { return es_distinct_exact(&f->distinct); }
enum es_confidence es_finding_confidence(const struct es_finding *f) { return f->conf; }
size_t es_finding_nexamples(const struct es_finding *f) { return f->nex; }

const char *es_finding_example_where(const struct es_finding *f, size_t i)
{
    return i < f->nex ? f->ex_where[i] : NULL;
}

const char *es_finding_example_value(const struct es_finding *f, size_t i)
{
    return i < f->nex ? f->ex_value[i] : NULL;
}
