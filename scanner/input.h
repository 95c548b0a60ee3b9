/*
 * The bytes of one file or member, read sequentially (libarchive's read
 * callbacks). Sources: a file descriptor, memory, or a stream such as a zip
 * member being inflated. The first bytes are peeked once for sniffing and
 * replayed by es_input_read(). Reads of member streams are counted against
 * the byte and ratio limits here, so no extractor can forget them.
 */
#ifndef ES_INPUT_H
#define ES_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ES_SIZE_UNKNOWN UINT64_MAX
/* Bytes peeked for sniffing: enough for libmagic's common tests and a tar header. */
#define ES_PEEK_BYTES 8192
/* es_input_load() maps files larger than this and reads smaller ones. */
#define ES_MAP_THRESHOLD (32u * 1024u * 1024u)

typedef ssize_t (*es_read_fn)(void *ctx, void *buf, size_t n);

struct es_budget;

struct es_input {
    const char *name;            /* base name, for extension tie-breaks */
    uint64_t size;               /* ES_SIZE_UNKNOWN if not known */
    uint64_t packed;             /* compressed size when known (ratio limit), else 0 */
    int fd;                      /* source: file, or -1 */
    const unsigned char *mem;    /* source: memory (when fd < 0 and read == NULL) */
    size_t mem_len;
    es_read_fn read;             /* source: stream */
    void *read_ctx;
    /* state */
    unsigned char peek[ES_PEEK_BYTES];
    size_t peek_len, peek_pos;
    int peeked;
    uint64_t consumed;           /* bytes handed out by es_input_read() */
    int eof;
    int err;                     /* first read error (es_status), sticky */
    const char *why;             /* reason for err set by a stream's reader (static), or NULL */
    struct es_budget *budget;    /* limit accounting, or NULL */
    void *loaded;                /* buffer or mapping from es_input_load() */
    size_t loaded_len;
    int loaded_mmap;
    void *map_slot;              /* the mapping's entry in input.c's registry, or NULL */
};

void es_input_from_fd(struct es_input *in, int fd, const char *name, uint64_t size);
void es_input_from_mem(struct es_input *in, const void *p, size_t n, const char *name);
void es_input_from_stream(struct es_input *in, es_read_fn fn, void *ctx, const char *name,
                          uint64_t size, uint64_t packed);
/* Fill in->peek with the first bytes (once). Returns es_status. */
int es_input_peek(struct es_input *in);
/* Sequential read; returns bytes (0 at end) or a negative es_status. */
ssize_t es_input_read(struct es_input *in, void *buf, size_t n);
/* The whole content in memory (memory as is, large files mapped, small files
 * and streams read into a buffer of at most cap bytes: more gives ES_ERR_LIMIT). Must be called
 * before any es_input_read(). The memory lives until es_input_close(). */
int es_input_load(struct es_input *in, size_t cap, const unsigned char **p, size_t *len);
/* Skip to the end (counting bytes), e.g. to learn a stream's length. */
int es_input_drain(struct es_input *in);
/* Sparse files: when the next bytes of a file lie in a hole (they read as
 * zeros), skip to the next data or the end and return the bytes skipped
 * (counted as consumed); 0 when not in a hole or not a plain file. For
 * extractors to which zeros mean nothing: an 8 GiB sparse file is read in
 * milliseconds instead of a minute. */
uint64_t es_input_skip_hole(struct es_input *in);
/* A mapped file that shrinks (or fails to be read) under its mapping does not
 * raise SIGBUS: the lost pages read as zeros from then on. This says whether
 * that happened: NULL while every byte handed out was the file's, else the
 * reason for the record (static). One atomic load while nothing was lost. */
const char *es_input_lost(const struct es_input *in);
void es_input_close(struct es_input *in);

#endif
