/*
 * Reading one zip entry's uncompressed bytes, internal (ex_zip.c members,
 * xml.c document parts). Plain deflate entries that are not encrypted and
 * have a CRC-32 are read raw (ZIP_FL_COMPRESSED) and inflated with ISA-L,
 * two to three times as fast as libzip's zlib, with the CRC checked at the
 * end as libzip checks it; every other entry stays on libzip's zip_fread.
 */
#ifndef ES_ZIPREAD_H
#define ES_ZIPREAD_H

#include <stddef.h>
#include <sys/types.h>

#include <zip.h>

struct es_zinflate;

/* One reader, opened entry after entry: the ISA-L state (about 150 KiB) is
 * allocated on first use and kept until es_zread_fini(). Zero it (or
 * es_zread_init) before first use. */
struct es_zread {
    zip_file_t *zf;         /* the open entry, NULL when closed */
    struct es_zinflate *zi; /* ISA-L state, kept across entries */
    int raw;                /* this entry is inflated with zi */
    const char *why;        /* why the last read failed (static text) */
};

void es_zread_init(struct es_zread *r);
/* Open entry idx, whose zip_stat_index() is st. 0, or -1 with libzip's
 * error in zip_get_error(za). Without memory for the ISA-L state the entry
 * goes to libzip. */
int es_zread_open(struct es_zread *r, zip_t *za, zip_uint64_t idx, const zip_stat_t *st);
/* As zip_fread: buf filled up to n bytes (short only at the end of the
 * data), 0 at the end, or -1 once the output decoded before the error has
 * been returned, with the reason in r->why: "CRC mismatch", "corrupt
 * compressed data", "truncated entry", ... */
ssize_t es_zread_read(struct es_zread *r, void *buf, size_t n);
void es_zread_close(struct es_zread *r);
/* Close the entry (if open) and free the ISA-L state. */
void es_zread_fini(struct es_zread *r);

#endif
