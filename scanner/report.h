/*
 * Reporters of the command-line client: begin / record / end(summary).
 *
 * A reporter renders each record into the report's buffer and writes it with
 * one fwrite (ripgrep's printer renders into a buffer, then writes once).
 * Every write is checked; the first failure is remembered with its errno so
 * main() can exit 2 with a message instead of claiming success. Reporters use
 * the public API only (include/exposcan/), like any other client.
 */
#ifndef ES_REPORT_H
#define ES_REPORT_H

#include "exposcan/exposcan.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* A growable byte buffer with a cap; running out of memory sets `failed`. */
struct es_rbuf {
    char *data;
    size_t len;
    size_t cap;
    int failed;
};

void es_rbuf_free(struct es_rbuf *b);
void es_rbuf_put(struct es_rbuf *b, const void *data, size_t len);
void es_rbuf_puts(struct es_rbuf *b, const char *s);
void es_rbuf_putc(struct es_rbuf *b, char c);
void es_rbuf_printf(struct es_rbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct es_report;

struct es_reporter {
    const char *name;
    /* Each returns 0, or -1 after recording the failure in the report. */
    int (*begin)(struct es_report *rp);
    int (*record)(struct es_report *rp, const struct es_record *rec);
    int (*end)(struct es_report *rp, const struct es_summary *sum);
};

extern const struct es_reporter es_rp_jsonl;
extern const struct es_reporter es_rp_json;
extern const struct es_reporter es_rp_text;

/** @return the reporter called name, or NULL */
const struct es_reporter *es_reporter_find(const char *name);

struct es_report {
    const struct es_reporter *ops;
    FILE *out;
    const char *out_name;   /* for messages: "standard output" or the --output file */
    struct es_rbuf buf;     /* one record or summary, rendered before the write */
    int color;              /* ANSI colours (text format) */
    int verbose;            /* text: list files without findings too */
    unsigned long long nrecords;   /* records seen so far (json: separators) */
    unsigned long long unlisted;   /* text: clean records counted, not listed */
    int failed;             /* a write failed or memory ran out */
    int err;                /* errno of the first failure, 0 for out of memory */
};

/**
 * Set up a report writing to out (not owned until es_report_close()).
 */
void es_report_init(struct es_report *rp, const struct es_reporter *ops, FILE *out,
                    const char *out_name);
/** Write the buffer with one fwrite and empty it. @return 0 or -1 (failure recorded) */
int es_report_flush_buf(struct es_report *rp);
/**
 * Flush and close the output (fclose also for stdout, so a late write error
 * such as a full disk is seen). @return 0 or -1 (failure recorded)
 */
int es_report_close(struct es_report *rp);
/** A message describing the first failure, for stderr. */
const char *es_report_error(const struct es_report *rp);

/* Shared by the JSON reporters (rp_jsonl.c). */
void es_rp_json_record(struct es_rbuf *b, const struct es_record *rec);
void es_rp_json_summary(struct es_rbuf *b, const struct es_summary *sum);

#endif
