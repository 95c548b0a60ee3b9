/*
 * OLE2 / Compound File Binary (MS-CFB) containers, read from memory
 * (internal; ex_ole2.c is the extractor on top). Every sector index is
 * checked against the file and every chain is walked with loop detection (a
 * per-read stamp per sector) and cross-link detection (a sector belongs to
 * one chain), so a hostile file costs a few times its size at most. Damage is
 * counted in the cfb and the first one described; reading goes on.
 */
#ifndef ES_OLE2_CFB_H
#define ES_OLE2_CFB_H

#include <stddef.h>
#include <stdint.h>

#include "extract.h"

/* ---- MS-CFB constants ---- */

extern const unsigned char es_cfb_magic[8];
#define CFB_HEADER_BYTES 512u   /* the header; version 4 pads its 4096-byte first sector */
#define CFB_HEADER_DIFAT 109u   /* FAT sector numbers kept in the header itself */
#define CFB_DIR_ENTRY 128u      /* bytes per directory entry */
#define CFB_MINI_SHIFT 6u       /* mini sectors are 64 bytes (the only size the spec allows) */
#define CFB_MINI_CUTOFF 4096u   /* streams shorter than this live in the mini stream */
#define CFB_MAXREGSECT 0xFFFFFFFAu  /* higher values are markers, not sectors */
#define CFB_ENDOFCHAIN 0xFFFFFFFEu
#define CFB_NOSTREAM 0xFFFFFFFFu
/* Directory entry object types. */
#define OBJ_STORAGE 1
#define OBJ_STREAM 2
#define OBJ_ROOT 5

/* Storage nesting followed when naming a stream (real files nest 3-4 deep). */
#define MAX_PATH_DEPTH 32

/* ---- little-endian reads (callers check bounds) ---- */

static inline uint16_t u16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t u32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

/* ---- the container ---- */

struct entry {
    char name[100];      /* UTF-8, control characters dropped */
    uint8_t type;
    uint32_t left, right, child, start;
    uint64_t size;
    uint32_t parent;     /* CFB_NOSTREAM: not reachable from the root */
    uint32_t first, next;  /* children of a storage as a list (CFB_NOSTREAM ends it) */
};

struct cfb {
    struct es_sink *sink;
    const unsigned char *d;
    size_t n;
    size_t ssz;              /* sector size */
    uint32_t nsec;           /* sectors in the file (the last may be short) */
    int v3;                  /* version 3: stream sizes are 32-bit */
    uint32_t *fat;
    uint32_t nfat;
    uint32_t *minifat;
    uint32_t nminifat;
    /* Per sector: the chain that owns it and the read that last visited it. */
    uint32_t *fat_owner, *fat_stamp, *mini_owner, *mini_stamp;
    uint32_t stamp;
    unsigned char *mini;     /* the mini stream (root entry's chain) */
    size_t mini_len;
    struct entry *ent;
    uint32_t nent;
    /* Damage found on the way: counted, the first one described. */
    unsigned faults;
    char fault[160];
    /* The extractor's (ex_ole2.c) text budget and stop flag. */
    uint64_t text_max, text_used;
    int text_limited;
    int stop;                /* ES_STOP from the sink */
};

/* Parse header, DIFAT, FAT, directory, mini FAT and mini stream of d[0, n)
 * (which must outlive c). Returns ES_OK; ES_ERR_FORMAT with a reason in err
 * when the structure is unusable; ES_ERR_NOMEM; ES_STOP from the sink. */
int es_cfb_open(struct cfb *c, const unsigned char *d, size_t n, struct es_sink *sink, char *err,
                size_t errcap);
void es_cfb_close(struct cfb *c);
/* The data of stream entry i into out (reset first); damage is noted. */
int es_cfb_read(struct cfb *c, uint32_t i, struct es_buf *out);
/* The entry named name (case-insensitive, as Office matches them) directly
 * under storage parent, or CFB_NOSTREAM. */
uint32_t es_cfb_child(const struct cfb *c, uint32_t parent, const char *name);
/* "ObjectPool/_1234/CONTENTS": storage names from the root down. */
void es_cfb_path(const struct cfb *c, uint32_t i, char *out, size_t cap);
/* Note damage: fmt has two %s, for name and why. */
void es_cfb_fault(struct cfb *c, const char *fmt, const char *name, const char *why);
/* UTF-8 of a code point (4 bytes of room); returns the length. */
size_t es_utf8_put(uint32_t cp, char *out);
/* UTF-16LE code units to UTF-8 (surrogate pairs joined, lone ones U+FFFD). */
int es_utf16le_append(const unsigned char *p, size_t units, struct es_buf *out);

static inline int is_stream(const struct cfb *c, uint32_t i)
{
    return c->ent[i].type == OBJ_STREAM;
}

static inline uint32_t find_top(const struct cfb *c, const char *name)
{
    return es_cfb_child(c, 0, name);
}

#endif
