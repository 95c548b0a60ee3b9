/*
 * Name lexicons generated at build time by gen_names.py (see README.md here):
 * arrays of UTF-8 strings sorted by bytes, for binary search. Latin names are
 * upper-case ASCII.
 */
#ifndef ES_NAMES_LEX_H
#define ES_NAMES_LEX_H

#include <stddef.h>

extern const char *const es_lex_ja_family[];      /* 山田 (mecab-ipadic 人名,姓) */
extern const size_t es_lex_ja_family_n;
extern const char *const es_lex_ja_given[];       /* 太郎 (mecab-ipadic 人名,名) */
extern const size_t es_lex_ja_given_n;
extern const char *const es_lex_ja_family_kana[]; /* ヤマダ (readings of 人名,姓) */
extern const size_t es_lex_ja_family_kana_n;
extern const char *const es_lex_ja_given_kana[];  /* タロウ (readings of 人名,名) */
extern const size_t es_lex_ja_given_kana_n;
extern const char *const es_lex_en_first[];       /* JOHN (1990 US Census) */
extern const size_t es_lex_en_first_n;
extern const char *const es_lex_en_last[];        /* SMITH (1990 US Census) */
extern const size_t es_lex_en_last_n;

#endif
