/* The detector registry: one const array in the fixed output order (curl's
 * general_unencoders[]). Ids are part of the JSONL contract. */
#include <string.h>

#include "detector.h"

extern const struct es_detector es_det_name, es_det_address, es_det_phone, es_det_email,
    es_det_vin, es_det_device_id, es_det_plate, es_det_customer_id, es_det_payment_card,
    es_det_geo;

const struct es_detector *const es_detectors[] = {
    &es_det_name,  &es_det_address,     &es_det_phone,        &es_det_email, &es_det_vin,
    &es_det_device_id, &es_det_plate,   &es_det_customer_id,  &es_det_payment_card,
    &es_det_geo,
};
const size_t es_ndetectors = sizeof es_detectors / sizeof es_detectors[0];

int es_detector_index(const char *id, size_t len)
{
    for (size_t i = 0; i < es_ndetectors; i++)
        if (strlen(es_detectors[i]->id) == len && memcmp(es_detectors[i]->id, id, len) == 0)
            return (int)i;
    return -1;
}
