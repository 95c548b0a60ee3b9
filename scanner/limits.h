/*
 * Every default limit in one place (YARA limits.h, ClamAV default.h);
 * each is overridable through es_config_set_limit() and --limit NAME=VALUE.
 */
#ifndef ES_LIMITS_H
#define ES_LIMITS_H

#define ES_MIB (1024ull * 1024ull)
#define ES_GIB (1024ull * ES_MIB)

/* ClamAV's default maximum recursion is 17; exported shares rarely nest more
 * than 3 or 4 levels, so 16 keeps legitimate files and stops 42.zip-style bombs. */
#define ES_DEFAULT_DEPTH 16
/* Members per container (STYLE.md): a dealer export zip holds hundreds, not 10k. */
#define ES_DEFAULT_MEMBERS 10000
/* Expanded bytes per member: large enough for a year of logs in one member. */
#define ES_DEFAULT_MEMBER_BYTES (1ull * ES_GIB)
/* Expanded bytes per top-level file, all members and levels together. */
#define ES_DEFAULT_INPUT_BYTES (8ull * ES_GIB)
/* Expansion ratio: text and spreadsheet XML compress 5-30x, repetitive logs
 * up to ~60x; zeros and filler bombs 100-1000x. Applied once a member has
 * expanded 1 MiB, so small highly compressible files are never flagged. */
#define ES_DEFAULT_RATIO 100
#define ES_RATIO_GRACE (1ull * ES_MIB)
/* A member that needs random access (a zip inside a zip, a PDF) is held in
 * memory; this caps what one such member may take. */
#define ES_DEFAULT_LOAD_BYTES (256ull * ES_MIB)
/* Text extracted from one XML document or PDF. */
#define ES_DEFAULT_TEXT_BYTES (256ull * ES_MIB)
/* Wall-clock seconds per top-level file: a bomb or a pathological file must
 * not hold a worker forever; a multi-GiB log at 100+ MB/s fits easily. */
#define ES_DEFAULT_SECONDS 600
/* 0: no size limit for top-level files. */
#define ES_DEFAULT_FILESIZE 0
/* Distinct values counted exactly per detector, per file and per scan,
 * before a 16 KiB estimate takes over (distinct.h): 3/4 of 2^20 hash slots,
 * so one exact set never passes 8 MiB. Enough for every customer of a
 * large dealer network; the 2.15 million of the incident are estimated. */
#define ES_DEFAULT_DISTINCT 786432

/* Chunking of text: lines are batched into chunks of about this size; a line
 * longer than ES_CHUNK_MAX is cut with ES_CHUNK_OVERLAP bytes of overlap, so a
 * value of up to that length across the cut is found exactly once. */
#define ES_CHUNK_TARGET (256u * 1024u)
#define ES_CHUNK_MAX (1024u * 1024u)
#define ES_CHUNK_OVERLAP 1024u
/* Examples kept per detector per record. */
#define ES_EXAMPLES 3
/* Check the clock every this many ticks (YARA checks its timeout every 4096 steps). */
#define ES_TICK_MASK 4095u

#endif
