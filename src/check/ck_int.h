/* ck_int.h: what the files of src/check/ share and nobody else sees: character helpers,
 * positions in the source, and the rules, one function per group (each adds its findings). */
#ifndef GW_CK_INT_H
#define GW_CK_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/gw_util.h"
#include "gw_check.h"

/* ---- text.c: characters, positions, numerals and heading markers ---- */
uint32_t ck_cp_at(const char *s, size_t i, size_t *len);
bool ck_is_space(uint32_t c);
bool ck_is_wide(uint32_t c);
bool ck_is_digit(uint32_t c);
int ck_col_of(const char *s, size_t off);
size_t ck_off_of(const char *s, int col);
/* byte offset of the last character of s[0..n) (0 when empty) */
size_t ck_last_char(const char *s, size_t n);
const char *ck_line_at(const gw_source *src, int line);
bool ck_blank(const char *s);
gw_pos ck_locate(const gw_source *src, gw_pos pos, const char *text, size_t k);
gw_pos ck_locate_last(const gw_source *src, gw_pos pos, const char *text);
int ck_digits(const char *s, size_t *i, int max, long *v);
bool ck_lit(const char *s, size_t *i, const char *w);
bool ck_has_any(const char *s, const char *const *set, size_t n);
int ck_cn_digit(uint32_t c);
int ck_cn_number(const char *s, size_t *i);
const char *ck_marker_name(int level, int n, char *buf, size_t size);
const char *ck_bad_marker(const char *t, char *buf, size_t size);

/* ---- the rules: each adds its findings to d ---- */

/* punct.c */
void ck_punct(const gw_source *src, gw_diags *d);

/* dates.c */
void ck_date_lines(const gw_source *src, gw_diags *d);
void ck_docno_year(const gw_source *src, gw_diags *d);
void ck_date_order(const gw_document *doc, gw_diags *d);

/* headings.c */
void ck_headings(const gw_source *src, const gw_blocks *bs, const bool *claimed, gw_diags *d);

/* elements.c */
void ck_title(const gw_source *src, const gw_text *t, const char *what, gw_diags *d);
void ck_note_numbers(const gw_source *src, const gw_document *doc, bool *claimed, gw_diags *d);
void ck_attachments(const gw_document *doc, gw_diags *d);
void ck_addressee(const gw_source *src, const gw_document *doc, gw_diags *d);
void ck_closing(const gw_source *src, const gw_document *doc, gw_diags *d);

#endif
