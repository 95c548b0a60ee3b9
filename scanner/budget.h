/*
 * Byte accounting against the limits (ClamAV cli_checklimits): one place
 * that every read of a member passes through.
 */
#ifndef ES_BUDGET_H
#define ES_BUDGET_H

#include <stdint.h>

struct es_input;

struct es_budget {
    uint64_t member_max;     /* expanded bytes per member */
    uint64_t ratio;          /* max expansion ratio (0: none) */
    uint64_t *input_used;    /* bytes of the whole top-level file so far */
    uint64_t input_max;
    const char *why;         /* which limit stopped the input, for the reason */
    uint64_t why_value;
};

/* Count n more bytes read from in; ES_ERR_LIMIT (with why set) past a limit. */
int es_budget_charge(struct es_budget *b, const struct es_input *in, uint64_t n);

#endif
