/*
 * The rows behind es_ybyte() (vconst.h).
 */
#include "vconst.h"

#ifdef ES_VCONST
#define YB4(b) (uint8_t)(b), (uint8_t)(b), (uint8_t)(b), (uint8_t)(b)
#define YB32(b) {YB4(b), YB4(b), YB4(b), YB4(b), YB4(b), YB4(b), YB4(b), YB4(b)}
#define YR4(b) YB32(b), YB32((b) + 1), YB32((b) + 2), YB32((b) + 3)
#define YR16(b) YR4(b), YR4((b) + 4), YR4((b) + 8), YR4((b) + 12)
const uint8_t es_ybytes[256][32] __attribute__((aligned(32))) = {
    YR16(0),   YR16(16),  YR16(32),  YR16(48),  YR16(64),  YR16(80),  YR16(96),  YR16(112),
    YR16(128), YR16(144), YR16(160), YR16(176), YR16(192), YR16(208), YR16(224), YR16(240),
};
#endif
