/*
 * Office documents in zip packages (internal): OOXML (ex_ooxml.c) and ODF
 * (ex_odf.c). The zip extractor hands over an open archive when its entry
 * names show a document (ClamAV filetypes.c re-types ZIP the same way).
 */
#ifndef ES_OOXML_H
#define ES_OOXML_H

#include <zip.h>

struct es_sink;
struct es_xout;

/**
 * Extract an office document from an open zip archive (not closed here).
 * @param sink the record's sink; the record type is set to the kind found
 * @param z the archive
 * @param kind "xlsx", "docx", "pptx", "ods", "odt", "odp", or NULL to decide
 *        from the entry names
 * @return ES_OK or an error status (also recorded on the sink)
 */
int es_ooxml_run_zip(struct es_sink *sink, zip_t *z, const char *kind);

/* The kind of document in z ("xlsx", ..., "odf" for other ODF), or NULL. */
const char *es_ooxml_kind(zip_t *z);

/* Extraction proper, into an es_xout (unit tests give one with a hook). */
int es_ooxml_extract(struct es_xout *o, zip_t *z, const char *kind);
int es_odf_extract(struct es_xout *o, zip_t *z, const char *kind);

#endif
