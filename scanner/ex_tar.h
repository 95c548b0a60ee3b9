/*
 * The tar reader, shared with the gzip extractor: a .tar.gz is read as one
 * level (the tar members follow the .tar.gz directly), so ex_gzip.c runs
 * this reader on its decompressed stream.
 */
#ifndef ES_EX_TAR_H
#define ES_EX_TAR_H

#include <stddef.h>

#include "extract.h"

/* 1 when head starts with a tar header (valid checksum, ustar magic or
 * plausible v7 fields), else 0. Needs at least one 512-byte block. */
int es_tar_detect(const unsigned char *head, size_t len);

/* Read a tar archive from fn/ctx (sequential, as es_input_read) and emit
 * its members to sink. When fn fails, *why (if why and *why are not NULL)
 * is the reason recorded. Returns ES_OK or an error set with es_sink_fail(). */
int es_tar_extract(struct es_sink *sink, es_read_fn fn, void *ctx, const char *const *why);

#endif
