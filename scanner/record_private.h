/* Records as the core builds them (internal; the public view is accessors). */
#ifndef ES_RECORD_PRIVATE_H
#define ES_RECORD_PRIVATE_H

#include <stdint.h>

#include "exposcan/exposcan.h"
#include "distinct.h"
#include "hashset.h"
#include "limits.h"

/* The registry has 10 detectors; room for a few more without reshaping. */
#define ES_MAXDET 16
/* Distinct direct identifiers that make a file a customer list on their own
 * (a reviewer calls ten different customers' numbers "customer records"). */
#define ES_MANY_DISTINCT 10

struct es_finding {
    const char *detector;
    size_t det;                  /* index in es_detectors */
    uint64_t count;
    struct es_distinct distinct;
    enum es_confidence conf;
    size_t nex;
    uint64_t ex_hash[ES_EXAMPLES];
    char *ex_where[ES_EXAMPLES];
    char *ex_value[ES_EXAMPLES];
};

struct es_record {
    struct es_record *next;
    size_t npath;
    char **path;
    size_t *pathlen;
    char type[24];
    const char *encoding;        /* static string */
    enum es_rec_status status;
    char *error;
    char *partial;
    enum es_risk risk;
    uint64_t bytes;
    int container;
    struct es_finding *f[ES_MAXDET];  /* by detector index; allocated on first hit
                                       * (most records, and all status-only ones, have none) */
    size_t nfound;
    struct es_finding *found[ES_MAXDET];
    /* Risk evidence. */
    uint64_t customer_groups;    /* rows/paragraphs holding identity with contact or vehicle data */
    /* Hits in staff context (staffctx.c), and the direct identifiers found
     * outside it: their first distinct values (the verdict asks only whether
     * there are ES_MANY_DISTINCT), and whether one was at high confidence. */
    uint64_t staff_hits;
    uint64_t cust_seen[ES_MANY_DISTINCT];
    unsigned cust_nseen;
    int cust_strong;
};

/* Note a direct identifier's value (its hash) found outside staff context. */
void es_record_add_customer_value(struct es_record *r, uint64_t hash);

/* 1 if detector id names a direct identifier (one customer, vehicle or card). */
int es_record_direct_identifier(const char *id);

/* A new record whose path is parent's path plus one element (parent NULL:
 * the element alone). NULL when out of memory. */
struct es_record *es_record_new(const struct es_record *parent, const char *elem, size_t len);
/* The finding slot of detector det, allocated on first use; NULL when out of memory. */
struct es_finding *es_record_slot(struct es_record *r, size_t det);
void es_record_set_error(struct es_record *r, enum es_rec_status st, const char *msg);
/* An error that explains those set before it (they were its consequences:
 * a limit, a stream's own reason, a file that shrank): replaces them. */
void es_record_set_cause(struct es_record *r, enum es_rec_status st, const char *msg);
void es_record_set_partial(struct es_record *r, const char *msg);
void es_record_set_type(struct es_record *r, const char *type);
/* Compute the findings view and the risk once extraction is over. */
void es_record_finish(struct es_record *r);
void es_record_free(struct es_record *r);

#endif
