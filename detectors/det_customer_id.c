/* STUB: customer_id detector, to be written. */
#include "detector.h"

static void customer_id_scan(const struct es_scan_ctx *sc, const struct es_chunk *c)
{
    (void)sc;
    (void)c;
}

const struct es_detector es_det_customer_id = {
    .id = "customer_id",
    .description = "labelled customer, member and account numbers",
    .scan = customer_id_scan,
};
