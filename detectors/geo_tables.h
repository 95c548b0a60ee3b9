/*
 * Real-world place and street tables shared by the address and plate
 * detectors: Japan's 47 prefectures, the place names (地名) printed on
 * Japanese registration plates, street suffixes (USPS Publication 28
 * appendix C1, AS/NZS 4819 road types, common UK and Indian street words),
 * and state / territory codes. Data only, typed in from public references,
 * never derived from any test corpus.
 */
#ifndef ES_GEO_TABLES_H
#define ES_GEO_TABLES_H

#include <stddef.h>

/* NULL-terminated lists. */
extern const char *const es_geo_prefectures[];   /* "東京都", "北海道", ... */
extern const char *const es_geo_plate_regions[]; /* "品川", "尾張小牧", ... */
extern const char *const es_geo_th_provinces[];   /* Thai provinces: "กรุงเทพมหานคร", ... */
extern const char *const es_geo_in_state_codes[];/* Indian RTO state codes: "MH", "KA", ... */

/* 1 if word[0, len) is a street suffix or its usual abbreviation
 * (ASCII case-insensitive, a trailing '.' ignored). */
int es_geo_street_suffix(const char *word, size_t len);

/* 1 if word[0, len) is a state / territory code or name used in the
 * locality line of an address (AU, US, IN names; exact case for codes). */
int es_geo_state(const char *word, size_t len);

/* Length in bytes of the prefecture starting at text[0, len), or 0. */
size_t es_geo_prefecture_at(const char *text, size_t len);

#endif
