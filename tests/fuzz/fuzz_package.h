/*
 * Structure-aware input for the OOXML and ODF targets: the fuzz input is a
 * list of parts, "NAME\nCONTENT", separated by FZ_PART_SEP; the harness
 * packs them into a real (stored) zip with libzip. Mutating a zip directly
 * mostly breaks CRCs and offsets, so the XML parsers behind the package
 * would rarely see new input. tools/fuzz.sh turns real packages into seeds
 * of this form; package.dict gives libFuzzer the separator and part names.
 */
#ifndef ES_FUZZ_PACKAGE_H
#define ES_FUZZ_PACKAGE_H

#include <zip.h>

#include "fuzz_common.h"

#define FZ_PART_SEP "\xfa\xfb\xfc\xfd"
#define FZ_PART_SEP_LEN 4
#define FZ_MAX_PARTS 64   /* a package with more parts adds nothing for the parsers */
#define FZ_NAME_MAX 255   /* zip names are up to 64 KiB; real part names are short */

struct fz_part {
    char name[FZ_NAME_MAX + 1];
    const uint8_t *data;
    size_t len;
};

/* Split the input into parts; returns how many. */
static inline size_t fz_parts(const uint8_t *data, size_t size, struct fz_part *out, size_t max)
{
    size_t n = 0;
    const uint8_t *p = data, *end = data + size;
    while (p < end && n < max) {
        const uint8_t *sep = memmem(p, (size_t)(end - p), FZ_PART_SEP, FZ_PART_SEP_LEN);
        const uint8_t *stop = sep ? sep : end;
        const uint8_t *nl = memchr(p, '\n', (size_t)(stop - p));
        size_t nlen = (size_t)((nl ? nl : stop) - p);
        if (nlen > FZ_NAME_MAX)
            nlen = FZ_NAME_MAX;
        memcpy(out[n].name, p, nlen);
        out[n].name[nlen] = '\0';
        out[n].data = nl ? nl + 1 : stop;
        out[n].len = (size_t)(stop - out[n].data);
        if (out[n].name[0] && strlen(out[n].name) == nlen)   /* no NUL inside */
            n++;
        p = sep ? sep + FZ_PART_SEP_LEN : end;
    }
    return n;
}

static inline void fz_add(zip_t *za, const char *name, const void *data, size_t len)
{
    zip_source_t *s = zip_source_buffer(za, data, len, 0);
    if (!s)
        return;
    zip_int64_t idx = zip_file_add(za, name, s, ZIP_FL_OVERWRITE | ZIP_FL_ENC_RAW);
    if (idx < 0) {
        zip_source_free(s);
        return;
    }
    zip_set_file_compression(za, (zip_uint64_t)idx, ZIP_CM_STORE, 0);
    zip_file_set_mtime(za, (zip_uint64_t)idx, 0, 0);   /* same bytes on every run */
}

/* Pack first (name, data) and then the parts, skipping a part named first.
 * Returns a malloc'd zip, or NULL. */
static inline unsigned char *fz_pack(const char *first, const void *fdata, size_t flen,
                              const struct fz_part *parts, size_t nparts, size_t *outlen)
{
    zip_error_t ze;
    zip_error_init(&ze);
    unsigned char *out = NULL;
    zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!buf)
        return NULL;
    zip_source_keep(buf);
    zip_t *za = zip_open_from_source(buf, ZIP_TRUNCATE, &ze);
    if (!za)
        goto done;
    fz_add(za, first, fdata, flen);
    for (size_t i = 0; i < nparts; i++)
        if (strcmp(parts[i].name, first) != 0)
            fz_add(za, parts[i].name, parts[i].data, parts[i].len);
    if (zip_close(za) < 0) {
        zip_discard(za);
        goto done;
    }
    if (zip_source_open(buf) < 0)
        goto done;
    zip_source_seek(buf, 0, SEEK_END);
    zip_int64_t n = zip_source_tell(buf);
    zip_source_seek(buf, 0, SEEK_SET);
    if (n > 0 && (out = malloc((size_t)n)) != NULL) {
        if (zip_source_read(buf, out, (zip_uint64_t)n) != n) {
            free(out);
            out = NULL;
        } else {
            *outlen = (size_t)n;
        }
    }
    zip_source_close(buf);
done:
    zip_source_free(buf);
    zip_error_fini(&ze);
    return out;
}

/* Scan the input's parts as a package called name whose first member is
 * first: the input's part of that name, else dflt. */
static inline void fz_scan_package(const char *name, const char *first, const char *dflt,
                            const uint8_t *data, size_t size)
{
    static struct fz_part parts[FZ_MAX_PARTS];
    size_t n = fz_parts(data, size, parts, FZ_MAX_PARTS);
    const void *fdata = dflt;
    size_t flen = strlen(dflt);
    for (size_t i = 0; i < n; i++)
        if (strcmp(parts[i].name, first) == 0) {
            fdata = parts[i].data;
            flen = parts[i].len;
            break;
        }
    size_t len = 0;
    unsigned char *zip = fz_pack(first, fdata, flen, parts, n, &len);
    if (zip)
        fz_scan(name, zip, len);
    free(zip);
}

#endif
