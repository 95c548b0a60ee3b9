/*
 * Records: one per examined file or archive member, handed to the caller's
 * callback. Opaque; read them with the accessors below. A record and every
 * string it returns are valid only during the callback.
 */
#ifndef EXPOSCAN_RECORD_H
#define EXPOSCAN_RECORD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct es_record;
struct es_finding;
struct es_summary;

enum es_rec_status {
    ES_REC_OK = 0,
    ES_REC_ERROR,      /* could not be read or parsed; see es_record_error() */
    ES_REC_SKIPPED,    /* deliberately not read (FIFO, socket, device, excluded size) */
    ES_REC_ENCRYPTED,  /* encrypted content; names may still be listed */
    ES_REC_LIMIT       /* a limit stopped the scan of this record */
};
#define ES_REC_NSTATUS 5

enum es_risk { ES_RISK_NONE = 0, ES_RISK_LOW, ES_RISK_MEDIUM, ES_RISK_HIGH };
#define ES_NRISK 4

enum es_confidence { ES_CONF_LOW = 1, ES_CONF_MEDIUM = 2, ES_CONF_HIGH = 3 };

/**
 * Names of the enums as they appear in reports.
 * @param s a status, r a risk, c a confidence
 * @return "ok", "error", "skipped", "encrypted" or "limit"; "none", "low",
 *         "medium" or "high"; "low", "medium" or "high"
 */
ES_API const char *es_rec_status_name(enum es_rec_status s);
ES_API const char *es_risk_name(enum es_risk r);
ES_API const char *es_confidence_name(enum es_confidence c);
/**
 * @param name "none", "low", "medium" or "high"
 * @param out receives the risk
 * @return 0 when name is a risk name, else -1
 */
ES_API int es_risk_parse(const char *name, enum es_risk *out);

/**
 * Path elements: the input as given (joined with the walked relative path),
 * then one element per container level, exactly as stored in the container.
 * Elements are raw bytes and may not be valid UTF-8.
 * @param r the record
 * @param i element index, below es_record_path_len()
 * @param len receives the element's length in bytes (may be NULL)
 */
ES_API size_t es_record_path_len(const struct es_record *r);
ES_API const char *es_record_path(const struct es_record *r, size_t i, size_t *len);
/**
 * What a record says about its file or member. Each takes the record.
 * @param r the record
 * @return es_record_type: a short type name (txt, csv, json, zip, xlsx, pdf,
 *         eml, bin, ...; a file or member never opened is named by its
 *         extension, "-" without one); es_record_encoding: the text
 *         encoding found, or NULL; es_record_status; es_record_error: the reason
 *         when the status is not ok, else NULL; es_record_partial: why only part
 *         was read while the status is ok, or NULL; es_record_risk;
 *         es_record_bytes: bytes read (expanded for members);
 *         es_record_is_container: 1 for archives and mails with members
 */
ES_API const char *es_record_type(const struct es_record *r);
/** Text encoding found ("utf-8", "shift_jis", ...), or NULL when not text. */
ES_API const char *es_record_encoding(const struct es_record *r);
ES_API enum es_rec_status es_record_status(const struct es_record *r);
/** Reason when the status is not ok, else NULL. */
ES_API const char *es_record_error(const struct es_record *r);
/** Why extraction was partial while the status is ok (a broken PDF read in part), or NULL. */
ES_API const char *es_record_partial(const struct es_record *r);
ES_API enum es_risk es_record_risk(const struct es_record *r);
/** Bytes read (for members: expanded bytes). */
ES_API uint64_t es_record_bytes(const struct es_record *r);
/** 1 for containers (zip, tar, eml with attachments, ...). */
ES_API int es_record_is_container(const struct es_record *r);

/**
 * Findings: one per detector that found something, in registry order.
 * @param r the record
 * @param i index below es_record_nfindings()
 * @return the count; the finding, or NULL when i is out of range
 */
ES_API size_t es_record_nfindings(const struct es_record *r);
ES_API const struct es_finding *es_record_finding(const struct es_record *r, size_t i);

/**
 * What one detector found in one record.
 * @param f the finding
 * @param i example index below es_finding_nexamples() (at most 3 kept)
 * @return es_finding_detector: the id (name, address, phone, email, vin,
 *         device_id, plate, customer_id, payment_card, geo); count of values;
 *         distinct normalised values; the highest confidence seen; the
 *         examples' locations and values (NULL when i is out of range)
 */
ES_API const char *es_finding_detector(const struct es_finding *f);
ES_API uint64_t es_finding_count(const struct es_finding *f);
/** Distinct normalised values in this record. */
ES_API uint64_t es_finding_distinct(const struct es_finding *f);
/** 1 if that count is exact; 0 if it is an estimate (past the distinct limit) or memory ran out. */
ES_API int es_finding_distinct_exact(const struct es_finding *f);
/** Highest confidence seen. */
ES_API enum es_confidence es_finding_confidence(const struct es_finding *f);
ES_API size_t es_finding_nexamples(const struct es_finding *f);
/** Location such as "12:7", "Sheet1!C7", "page 2", "header To". */
ES_API const char *es_finding_example_where(const struct es_finding *f, size_t i);
/** The value: masked unless the scanner was configured with show_data. Valid UTF-8. */
ES_API const char *es_finding_example_value(const struct es_finding *f, size_t i);

/*
 * The summary of a whole scan (es_scanner_summary()). Each accessor takes
 * the summary (@param s); the per-detector ones a registry index (@param i)
 * and return 0 or NULL when it is out of range.
 */
ES_API uint64_t es_summary_files(const struct es_summary *s);      /* top-level inputs */
ES_API uint64_t es_summary_members(const struct es_summary *s);    /* archive members */
ES_API uint64_t es_summary_bytes(const struct es_summary *s);      /* bytes read, expanded */
ES_API uint64_t es_summary_by_risk(const struct es_summary *s, enum es_risk r);
ES_API uint64_t es_summary_by_status(const struct es_summary *s, enum es_rec_status st);
ES_API double es_summary_elapsed(const struct es_summary *s);      /* seconds */
ES_API int es_summary_interrupted(const struct es_summary *s);
/** Detectors in registry order; count and distinct values across the whole scan. */
ES_API size_t es_summary_ndetectors(const struct es_summary *s);
ES_API const char *es_summary_detector(const struct es_summary *s, size_t i);
ES_API uint64_t es_summary_detector_count(const struct es_summary *s, size_t i);
ES_API uint64_t es_summary_detector_distinct(const struct es_summary *s, size_t i);
/** 1 if that count is exact; 0 if it is an estimate (past the distinct limit) or memory ran out. */
ES_API int es_summary_detector_distinct_exact(const struct es_summary *s, size_t i);
ES_API uint64_t es_summary_detector_files(const struct es_summary *s, size_t i);

#ifdef __cplusplus
}
#endif
#endif
