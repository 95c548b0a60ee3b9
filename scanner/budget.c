#include "budget.h"

#include "exposcan/exposcan.h"
#include "input.h"
#include "limits.h"

int es_budget_charge(struct es_budget *b, const struct es_input *in, uint64_t n)
{
    uint64_t after = in->consumed + n;
    if (b->member_max && after > b->member_max) {
        b->why = "member-bytes";
        b->why_value = b->member_max;
        return ES_ERR_LIMIT;
    }
    if (b->input_used) {
        *b->input_used += n;
        if (b->input_max && *b->input_used > b->input_max) {
            b->why = "input-bytes";
            b->why_value = b->input_max;
            return ES_ERR_LIMIT;
        }
    }
    /* The ratio only applies to members whose packed size is known, after a
     * grace amount so small highly-compressible files are not flagged. */
    if (b->ratio && in->packed && after > ES_RATIO_GRACE && after / in->packed > b->ratio) {
        b->why = "ratio";
        b->why_value = b->ratio;
        return ES_ERR_LIMIT;
    }
    return ES_OK;
}
