/* OLE2 / Compound File Binary containers (MS-CFB): see ole2_cfb.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ole2_cfb.h"

/* Owners of chains that are not directory entries (entries own index + 1). */
#define OWNER_DIR 0xFFFFFFF0u
#define OWNER_MINIFAT 0xFFFFFFF1u
/* Read a chain to its end-of-chain marker rather than to a known size. */
#define UNTIL_END UINT64_MAX

const unsigned char es_cfb_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

void es_cfb_fault(struct cfb *c, const char *fmt, const char *name, const char *why)
{
    if (c->faults++ == 0)
        snprintf(c->fault, sizeof c->fault, fmt, name, why);
}

/*
 * Append the data of the chain starting at `start` to out, up to want bytes
 * (UNTIL_END: to the end-of-chain marker). Stops at a bad sector index, a
 * loop, a sector already owned by another chain or the end of the file, and
 * then sets *why. Returns ES_OK, ES_STOP or ES_ERR_NOMEM.
 */
static int read_chain(struct cfb *c, int mini, uint32_t start, uint64_t want, uint32_t owner,
                      struct es_buf *out, const char **why)
{
    const uint32_t *next = mini ? c->minifat : c->fat;
    uint32_t count = mini ? c->nminifat : c->nfat;
    uint32_t *own = mini ? c->mini_owner : c->fat_owner;
    uint32_t *seen = mini ? c->mini_stamp : c->fat_stamp;
    size_t secsize = mini ? (1u << CFB_MINI_SHIFT) : c->ssz;
    uint32_t stamp = ++c->stamp;
    *why = NULL;
    for (uint32_t s = start; want == UNTIL_END || out->len < want; s = next[s]) {
        if (s == CFB_ENDOFCHAIN) {
            if (want != UNTIL_END)
                *why = "chain ends before the stream's size";
            return ES_OK;
        }
        if (s >= count) {
            *why = "sector index out of range";
            return ES_OK;
        }
        if (seen[s] == stamp) {
            *why = "loop in sector chain";
            return ES_OK;
        }
        if (own[s] && own[s] != owner) {
            *why = "sector shared by two streams";
            return ES_OK;
        }
        seen[s] = stamp;
        own[s] = owner;
        const unsigned char *base;
        size_t avail;
        if (mini) {
            size_t off = (size_t)s << CFB_MINI_SHIFT;
            base = c->mini + (off < c->mini_len ? off : c->mini_len);
            avail = off < c->mini_len ? c->mini_len - off : 0;
        } else {
            size_t off = ((size_t)s + 1) * c->ssz;
            base = c->d + (off < c->n ? off : c->n);
            avail = off < c->n ? c->n - off : 0;
        }
        if (avail > secsize)
            avail = secsize;
        size_t take = avail;
        if (want != UNTIL_END && take > want - out->len)
            take = (size_t)(want - out->len);
        if (take && es_buf_append(out, base, take) != ES_OK) {
            *why = "stream larger than the file";
            return ES_OK;
        }
        if (avail < secsize && (want == UNTIL_END || out->len < want)) {
            *why = "sector beyond the end of the file";
            return ES_OK;
        }
        if (es_sink_tick(c->sink) != ES_OK)
            return ES_STOP;
    }
    return ES_OK;
}

static uint64_t entry_size(const struct cfb *c, uint32_t i)
{
    /* Version 3 writers may leave garbage in the high half (MS-CFB 2.6.3). */
    return c->v3 ? (c->ent[i].size & 0xFFFFFFFFu) : c->ent[i].size;
}

/* The data of stream entry i into out (reset first). Damage is noted. */
int es_cfb_read(struct cfb *c, uint32_t i, struct es_buf *out)
{
    uint64_t size = entry_size(c, i);
    int mini = size < CFB_MINI_CUTOFF && c->ent[i].type != OBJ_ROOT;
    uint64_t cap = mini ? c->mini_len : c->n;
    out->len = 0;
    out->max = c->n + 1;
    if (size > cap)
        size = cap;   /* a stream cannot hold more than its sectors; the chain says the rest */
    if (size == 0)
        return ES_OK;
    if (mini && !c->mini) {
        es_cfb_fault(c, "stream %s: %s", c->ent[i].name, "no mini stream for a small stream");
        return ES_OK;
    }
    const char *why;
    int rc = read_chain(c, mini, c->ent[i].start, size, i + 1, out, &why);
    if (why)
        es_cfb_fault(c, "stream %s: %s", c->ent[i].name, why);
    return rc;
}

/* The header's FAT sector list (109 entries) continued by the DIFAT chain. */
static int load_fat(struct cfb *c, const char **err)
{
    const unsigned char *h = c->d;
    uint32_t declared = u32(h + 0x2C);
    uint32_t cap = declared && declared <= c->nsec ? declared : c->nsec;
    uint32_t *secs = malloc(((size_t)cap + 1) * sizeof *secs);
    if (!secs)
        return ES_ERR_NOMEM;
    uint32_t nsecs = 0;
    for (uint32_t i = 0; i < CFB_HEADER_DIFAT && nsecs < cap; i++) {
        uint32_t v = u32(h + 0x4C + 4 * i);
        if (v < c->nsec)
            secs[nsecs++] = v;
    }
    uint32_t per = (uint32_t)(c->ssz / 4) - 1;   /* the last entry links to the next DIFAT sector */
    uint32_t s = u32(h + 0x44), steps = 0;
    while (s < CFB_MAXREGSECT && nsecs < cap) {
        if (s >= c->nsec || ++steps > c->nsec) {
            es_cfb_fault(c, "%s%s", "", s >= c->nsec ? "DIFAT sector out of range" : "loop in DIFAT chain");
            break;
        }
        size_t off = ((size_t)s + 1) * c->ssz;
        if (off + c->ssz > c->n) {
            es_cfb_fault(c, "%s%s", "", "DIFAT sector beyond the end of the file");
            break;
        }
        for (uint32_t j = 0; j < per && nsecs < cap; j++) {
            uint32_t v = u32(c->d + off + 4 * j);
            if (v < c->nsec)
                secs[nsecs++] = v;
        }
        s = u32(c->d + off + 4 * per);
    }
    if (nsecs == 0) {
        free(secs);
        *err = "no FAT sectors";
        return ES_ERR_FORMAT;
    }
    /* Entries for sectors past the end of the file are useless: keep nsec. */
    uint64_t want = (uint64_t)nsecs * (c->ssz / 4);
    c->nfat = want < c->nsec ? (uint32_t)want : c->nsec;
    c->fat = malloc((size_t)c->nfat * sizeof *c->fat);
    c->fat_owner = calloc(c->nfat, sizeof *c->fat_owner);
    c->fat_stamp = calloc(c->nfat, sizeof *c->fat_stamp);
    if (!c->fat || !c->fat_owner || !c->fat_stamp) {
        free(secs);
        return ES_ERR_NOMEM;
    }
    uint32_t k = 0;
    for (uint32_t i = 0; i < nsecs && k < c->nfat; i++) {
        size_t off = ((size_t)secs[i] + 1) * c->ssz;
        for (size_t j = 0; j < c->ssz / 4 && k < c->nfat; j++, k++)
            c->fat[k] = off + 4 * j + 4 <= c->n ? u32(c->d + off + 4 * j) : CFB_NOSTREAM;
    }
    free(secs);
    return ES_OK;
}

/* UTF-16LE code units (BMP, or a surrogate pair) to UTF-8; invalid units
 * become U+FFFD. */
size_t es_utf8_put(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int es_utf16le_append(const unsigned char *p, size_t units, struct es_buf *out)
{
    int rc = es_buf_reserve(out, units * 3);
    if (rc != ES_OK)
        return rc;
    for (size_t i = 0; i < units; i++) {
        uint32_t u = u16(p + 2 * i);
        if (u >= 0xD800 && u < 0xDC00 && i + 1 < units) {
            uint32_t lo = u16(p + 2 * i + 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
                char tmp[4];
                size_t k = es_utf8_put(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), tmp);
                if ((rc = es_buf_append(out, tmp, k)) != ES_OK)
                    return rc;
                i++;
                continue;
            }
        }
        if (u >= 0xD800 && u < 0xE000)
            u = 0xFFFD;
        char tmp[4];
        size_t k = es_utf8_put(u, tmp);
        memcpy(out->data + out->len, tmp, k);   /* reserved above: 3 bytes per unit */
        out->len += k;
    }
    out->data[out->len] = '\0';
    return ES_OK;
}

static void parse_name(const unsigned char *e, char *name, size_t cap)
{
    size_t bytes = u16(e + 0x40);
    if (bytes > 64)
        bytes = 64;   /* 32 UTF-16 units including the terminator */
    size_t o = 0;
    for (size_t i = 0; i + 1 < bytes; i += 2) {
        uint32_t u = u16(e + i);
        if (u == 0)
            break;
        if (u < 0x20)
            continue;   /* "\005SummaryInformation": the prefix marks a property set */
        if (u >= 0xD800 && u < 0xE000)
            u = 0xFFFD;
        if (o + 4 >= cap)
            break;
        o += es_utf8_put(u, name + o);
    }
    name[o] = '\0';
}

/* Parents from the red-black trees (left/right siblings, child of a
 * storage). Each entry is visited once, so a cyclic tree is harmless. */
static int link_tree(struct cfb *c)
{
    uint32_t *stack = malloc(((size_t)c->nent * 3 + 1) * 2 * sizeof *stack);
    unsigned char *done = calloc(c->nent ? c->nent : 1, 1);
    if (!stack || !done) {
        free(stack);
        free(done);
        return ES_ERR_NOMEM;
    }
    size_t sp = 0;
    done[0] = 1;
    stack[sp++] = c->ent[0].child;
    stack[sp++] = 0;
    while (sp) {
        uint32_t parent = stack[--sp], i = stack[--sp];
        if (i >= c->nent || c->ent[i].type == 0)
            continue;
        if (done[i]) {
            es_cfb_fault(c, "%s%s", "", "directory tree has a cycle");
            continue;
        }
        done[i] = 1;
        c->ent[i].parent = parent;
        stack[sp++] = c->ent[i].left;
        stack[sp++] = parent;
        stack[sp++] = c->ent[i].right;
        stack[sp++] = parent;
        if (c->ent[i].type == OBJ_STORAGE) {
            stack[sp++] = c->ent[i].child;
            stack[sp++] = i;
        }
    }
    /* Child lists, so that finding a stream costs its siblings, not the directory. */
    for (uint32_t i = c->nent; i-- > 1;) {
        uint32_t p = c->ent[i].parent;
        if (p < c->nent) {
            c->ent[i].next = c->ent[p].first;
            c->ent[p].first = i;
        }
    }
    free(stack);
    free(done);
    return ES_OK;
}

static int load_directory(struct cfb *c, const char **err)
{
    struct es_buf dir;
    es_buf_init(&dir, c->n);
    const char *why;
    int rc = read_chain(c, 0, u32(c->d + 0x30), UNTIL_END, OWNER_DIR, &dir, &why);
    if (why)
        es_cfb_fault(c, "directory: %s%s", why, "");
    c->nent = (uint32_t)(dir.len / CFB_DIR_ENTRY);
    if (rc == ES_OK && c->nent == 0) {
        *err = "no directory";
        rc = ES_ERR_FORMAT;
    }
    if (rc == ES_OK) {
        c->ent = calloc(c->nent, sizeof *c->ent);
        if (!c->ent)
            rc = ES_ERR_NOMEM;
    }
    for (uint32_t i = 0; rc == ES_OK && i < c->nent; i++) {
        const unsigned char *e = (const unsigned char *)dir.data + (size_t)i * CFB_DIR_ENTRY;
        struct entry *t = &c->ent[i];
        t->type = e[0x42];
        if (t->type != OBJ_STORAGE && t->type != OBJ_STREAM && t->type != OBJ_ROOT)
            t->type = 0;
        parse_name(e, t->name, sizeof t->name);
        t->left = u32(e + 0x44);
        t->right = u32(e + 0x48);
        t->child = u32(e + 0x4C);
        t->start = u32(e + 0x74);
        t->size = (uint64_t)u32(e + 0x78) | ((uint64_t)u32(e + 0x7C) << 32);
        t->parent = t->first = t->next = CFB_NOSTREAM;
    }
    es_buf_free(&dir);
    if (rc == ES_OK && c->ent[0].type != OBJ_ROOT) {
        *err = "first directory entry is not the root";
        rc = ES_ERR_FORMAT;
    }
    if (rc == ES_OK)
        rc = link_tree(c);
    return rc;
}

static int load_mini(struct cfb *c)
{
    struct es_buf b;
    es_buf_init(&b, c->n);
    uint64_t size = entry_size(c, 0);
    const char *why = NULL;
    int rc = ES_OK;
    if (size) {
        rc = read_chain(c, 0, c->ent[0].start, size > c->n ? c->n : size, 1, &b, &why);
        if (why)
            es_cfb_fault(c, "mini stream: %s%s", why, "");
    }
    c->mini = (unsigned char *)b.data;
    c->mini_len = b.len;
    if (rc != ES_OK || !c->mini_len)
        return rc;
    struct es_buf f;
    es_buf_init(&f, c->n);
    rc = read_chain(c, 0, u32(c->d + 0x3C), UNTIL_END, OWNER_MINIFAT, &f, &why);
    if (why)
        es_cfb_fault(c, "mini FAT: %s%s", why, "");
    uint64_t n = f.len / 4, useful = (c->mini_len + 63) >> CFB_MINI_SHIFT;
    c->nminifat = (uint32_t)(n < useful ? n : useful);
    c->minifat = malloc(((size_t)c->nminifat + 1) * sizeof *c->minifat);
    c->mini_owner = calloc((size_t)c->nminifat + 1, sizeof *c->mini_owner);
    c->mini_stamp = calloc((size_t)c->nminifat + 1, sizeof *c->mini_stamp);
    if (!c->minifat || !c->mini_owner || !c->mini_stamp)
        rc = ES_ERR_NOMEM;
    for (uint32_t i = 0; rc == ES_OK && i < c->nminifat; i++)
        c->minifat[i] = u32((const unsigned char *)f.data + 4 * (size_t)i);
    es_buf_free(&f);
    return rc;
}

void es_cfb_close(struct cfb *c)
{
    free(c->fat);
    free(c->fat_owner);
    free(c->fat_stamp);
    free(c->minifat);
    free(c->mini_owner);
    free(c->mini_stamp);
    free(c->mini);
    free(c->ent);
}

int es_cfb_open(struct cfb *c, const unsigned char *d, size_t n, struct es_sink *sink, char *err,
                size_t errcap)
{
    c->sink = sink;
    c->d = d;
    c->n = n;
    if (n < CFB_HEADER_BYTES || memcmp(d, es_cfb_magic, sizeof es_cfb_magic) != 0) {
        snprintf(err, errcap, "truncated header (%zu bytes)", n);
        return ES_ERR_FORMAT;
    }
    unsigned shift = u16(d + 0x1E);
    if (shift != 9 && shift != 12) {   /* 512- or 4096-byte sectors only */
        snprintf(err, errcap, "unsupported sector size 2^%u", shift);
        return ES_ERR_FORMAT;
    }
    if (u16(d + 0x20) != CFB_MINI_SHIFT) {
        snprintf(err, errcap, "unsupported mini sector size 2^%u", (unsigned)u16(d + 0x20));
        return ES_ERR_FORMAT;
    }
    c->ssz = (size_t)1 << shift;
    c->v3 = shift == 9;
    /* Sectors after the header sector; the last one may be short. */
    uint64_t nsec = n > c->ssz ? (n - c->ssz + c->ssz - 1) / c->ssz : 0;
    c->nsec = nsec < CFB_MAXREGSECT ? (uint32_t)nsec : CFB_MAXREGSECT;
    if (c->nsec == 0) {
        snprintf(err, errcap, "no sectors after the header");
        return ES_ERR_FORMAT;
    }
    const char *why = NULL;
    int rc = load_fat(c, &why);
    if (rc == ES_OK)
        rc = load_directory(c, &why);
    if (rc == ES_OK)
        rc = load_mini(c);
    if (rc == ES_ERR_FORMAT)
        snprintf(err, errcap, "%s%s%s", why, c->faults ? "; " : "", c->faults ? c->fault : "");
    return rc;
}

/* ---- names and paths ---- */

uint32_t es_cfb_child(const struct cfb *c, uint32_t parent, const char *name)
{
    for (uint32_t i = c->ent[parent].first; i < c->nent; i = c->ent[i].next)
        if (!strcasecmp(c->ent[i].name, name))
            return i;
    return CFB_NOSTREAM;
}

/* "ObjectPool/_1234/CONTENTS": storage names from the root down. */
void es_cfb_path(const struct cfb *c, uint32_t i, char *out, size_t cap)
{
    uint32_t chain[MAX_PATH_DEPTH];
    size_t n = 0;
    for (uint32_t k = i; k != 0 && k < c->nent && n < MAX_PATH_DEPTH; k = c->ent[k].parent)
        chain[n++] = k;
    size_t o = 0;
    out[0] = '\0';
    while (n-- > 0 && o + 1 < cap) {
        int w = snprintf(out + o, cap - o, "%s%s", o ? "/" : "", c->ent[chain[n]].name);
        if (w < 0)
            break;
        o += (size_t)w < cap - o ? (size_t)w : cap - o - 1;
    }
}
