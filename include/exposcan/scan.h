/*
 * Configure a scanner once, then scan paths or buffers; records arrive through
 * a callback, one per examined file or member, in walk order whatever the
 * number of worker threads.
 */
#ifndef EXPOSCAN_SCAN_H
#define EXPOSCAN_SCAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct es_config;
struct es_scanner;
struct es_record;
struct es_summary;

/* Limits against hostile input; defaults in scanner/limits.h and the README. */
enum es_limit {
    ES_LIMIT_DEPTH,          /* container nesting depth */
    ES_LIMIT_MEMBERS,        /* members per container */
    ES_LIMIT_MEMBER_BYTES,   /* expanded bytes per member */
    ES_LIMIT_INPUT_BYTES,    /* expanded bytes per top-level file, all members together */
    ES_LIMIT_RATIO,          /* expansion ratio of a compressed member */
    ES_LIMIT_LOAD_BYTES,     /* bytes a member that needs random access may occupy in memory */
    ES_LIMIT_TEXT_BYTES,     /* text extracted from one document (XML, PDF) */
    ES_LIMIT_SECONDS,        /* wall-clock time per top-level file */
    ES_LIMIT_FILESIZE,       /* top-level files larger than this are skipped (0: none) */
    ES_LIMIT_DISTINCT,       /* distinct values counted exactly per detector (per file, per scan); then estimated */
    ES_NLIMITS
};

/** @return a new configuration with defaults, or NULL when out of memory */
ES_API struct es_config *es_config_new(void);
/** @param cfg configuration to free (NULL is allowed) */
ES_API void es_config_free(struct es_config *cfg);
/**
 * Worker threads.
 * @param cfg configuration
 * @param jobs number of workers; 0 means the number of online CPUs
 * @return ES_OK
 */
ES_API int es_config_set_jobs(struct es_config *cfg, unsigned jobs);
/**
 * Restrict detectors: a comma-separated list of ids to keep (only) or drop (except).
 * @param cfg configuration
 * @param list detector ids such as "email,phone"
 * @return ES_OK, or ES_ERR_ARG when an id is unknown
 */
ES_API int es_config_only(struct es_config *cfg, const char *list);
ES_API int es_config_except(struct es_config *cfg, const char *list);
/**
 * Switches, each off by default.
 * @param cfg configuration
 * @param on non-zero to enable: report raw values instead of masked ones
 *           (show_data), follow symbolic links with loop detection
 *           (follow_symlinks), stay on the file system of each path (one_file_system)
 */
ES_API void es_config_show_data(struct es_config *cfg, int on);
ES_API void es_config_follow_symlinks(struct es_config *cfg, int on);
ES_API void es_config_one_file_system(struct es_config *cfg, int on);
/**
 * Skip files and directories whose name or walked path matches a glob (repeatable).
 * @param cfg configuration
 * @param glob fnmatch(3) pattern
 * @return ES_OK or ES_ERR_NOMEM
 */
ES_API int es_config_add_exclude(struct es_config *cfg, const char *glob);
/**
 * The file descriptor the report is written to. When it is a regular file
 * inside a scanned tree, the walk lists that file as skipped instead of
 * scanning it: it holds what the scan found, not the share's data.
 * @param cfg configuration
 * @param fd an open descriptor (anything but a regular file is ignored)
 * @return ES_OK, or ES_ERR_IO when fd cannot be examined
 */
ES_API int es_config_set_report_fd(struct es_config *cfg, int fd);
/**
 * Set or read a limit against hostile input.
 * @param cfg configuration
 * @param which the limit
 * @param value new value (bytes, count, ratio or seconds; 0 disables filesize)
 * @return ES_OK or ES_ERR_ARG (set); the value in force (get)
 */
ES_API int es_config_set_limit(struct es_config *cfg, enum es_limit which, uint64_t value);
ES_API uint64_t es_config_get_limit(const struct es_config *cfg, enum es_limit which);
/**
 * @param which a limit
 * @return its name as used on the command line and in reasons ("depth",
 *         "member-bytes", ...), or NULL when out of range
 */
ES_API const char *es_limit_name(enum es_limit which);

/**
 * Compile every detector and prepare the scanner.
 * @param cfg configuration (copied; may be freed afterwards)
 * @param out receives the scanner
 * @param err receives a message on failure
 * @param errlen size of err
 * @return ES_OK or an error status
 */
ES_API int es_scanner_new(const struct es_config *cfg, struct es_scanner **out, char *err, size_t errlen);
/** @param sc scanner to free (NULL is allowed) */
ES_API void es_scanner_free(struct es_scanner *sc);

/**
 * Called once per record, serialised, in walk order.
 * @return ES_OK to go on, ES_STOP (or any non-zero) to stop the scan
 */
typedef int (*es_record_fn)(void *ctx, const struct es_record *rec);

/**
 * Walk and scan paths ("-" is standard input). May be called more than once;
 * the summary accumulates.
 * @param sc scanner
 * @param paths files or directories
 * @param npaths number of paths
 * @param fn called once per record, serialised, in walk order
 * @param ctx passed to fn
 * @return ES_OK, ES_STOP when the callback stopped, ES_ERR_INTERRUPTED, or an error
 */
ES_API int es_scan_paths(struct es_scanner *sc, const char *const *paths, size_t npaths,
                         es_record_fn fn, void *ctx);
/**
 * Scan an in-memory buffer as if it were a file called name.
 * @param sc scanner
 * @param name path element reported for the buffer (its extension breaks type ties)
 * @param data the bytes
 * @param len their number
 * @param fn called once per record (the buffer, then its members)
 * @param ctx passed to fn
 * @return ES_OK, ES_STOP when the callback stopped, or an error
 */
ES_API int es_scan_buffer(struct es_scanner *sc, const char *name, const void *data, size_t len,
                          es_record_fn fn, void *ctx);
/**
 * Ask a running scan to stop soon. Async-signal-safe.
 * @param sc scanner
 */
ES_API void es_scanner_interrupt(struct es_scanner *sc);

/** Progress, readable from any thread while a scan runs. */
struct es_progress {
    uint64_t files;       /* top-level files finished */
    uint64_t bytes;       /* text bytes scanned so far (decoded, all levels) */
    char current[256];    /* a path being scanned (truncated) */
};
/**
 * @param sc scanner
 * @param out receives a snapshot
 */
ES_API void es_scanner_progress(struct es_scanner *sc, struct es_progress *out);

/**
 * @param sc scanner
 * @return the summary so far; valid until the scanner is freed
 */
ES_API const struct es_summary *es_scanner_summary(struct es_scanner *sc);

/**
 * The detector registry.
 * @param i index below es_detector_count()
 * @return the number of detectors; an id ("email") or a one-line description, or
 *         NULL when i is out of range
 */
ES_API size_t es_detector_count(void);
ES_API const char *es_detector_id(size_t i);
ES_API const char *es_detector_description(size_t i);

#ifdef __cplusplus
}
#endif
#endif
