/*
 * exposcan: a personal-data exposure scanner for exported files.
 *
 * Public API. Everything here is stable; internals live beside their .c files
 * and are never installed (libarchive's archive.h vs archive_read_private.h).
 */
#ifndef EXPOSCAN_H
#define EXPOSCAN_H

#ifdef __cplusplus
extern "C" {
#endif

#define ES_VERSION_MAJOR 0
#define ES_VERSION_MINOR 1
#define ES_VERSION_PATCH 0
#define ES_VERSION_STR "0.1.0"
/* One comparable number, as curl's LIBCURL_VERSION_NUM: 0xMMmmpp. */
#define ES_VERSION_NUM ((ES_VERSION_MAJOR << 16) | (ES_VERSION_MINOR << 8) | ES_VERSION_PATCH)

#if defined(ES_BUILDING_LIBRARY)
#define ES_API __attribute__((visibility("default")))
#else
#define ES_API
#endif

/* One status type for the whole library: 0 is success, negatives are errors. */
typedef enum es_status {
    ES_OK = 0,
    ES_STOP = 1,              /* not an error: a callback asked to stop */
    ES_ERR_NOMEM = -1,
    ES_ERR_IO = -2,
    ES_ERR_ARG = -3,          /* bad argument or configuration */
    ES_ERR_PATTERN = -4,      /* a detector pattern failed to compile */
    ES_ERR_FORMAT = -5,       /* the input is not well-formed */
    ES_ERR_ENCRYPTED = -6,    /* the input is encrypted */
    ES_ERR_LIMIT = -7,        /* a configured limit was reached */
    ES_ERR_INTERRUPTED = -8,  /* es_scanner_interrupt() was called */
    ES_ERR_OUTPUT = -9,       /* writing the report failed */
    ES_ERR_UNSUPPORTED = -10  /* a feature of the input is not supported */
} es_status;

/**
 * A short English description of a status.
 * @param status any es_status value
 * @return a static string, never NULL
 */
ES_API const char *es_strerror(int status);

/**
 * The library version as "MAJOR.MINOR.PATCH".
 * @return a static string
 */
ES_API const char *es_version(void);

#ifdef __cplusplus
}
#endif

#include "exposcan/record.h"
#include "exposcan/scan.h"

#endif
