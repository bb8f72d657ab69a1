/* rd_internal.h: what the reader's files share; not a public interface.
 *
 * The reader works in stages over one decoded buffer: decode.c turns bytes into UTF-8 lines,
 * frontmatter.c reads the optional `---` block, recognise.c walks the lines and fills the model,
 * repair.c mends the body paragraphs that PDF extraction damaged and turns them into blocks,
 * text.c holds the character classes and small 公文 patterns (dates, 发文字号, heading numbers)
 * everyone uses. gw_reader.c ties them together and applies the front matter. */
#ifndef RD_INTERNAL_H
#define RD_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../base/gw_diag.h"
#include "../base/gw_util.h"
#include "../model/gw_model.h"

/* One source line, NUL-terminated inside rd_ctx.text (the newline is replaced by NUL). */
typedef struct {
    const char *s;
    size_t len;
    int no;               /* 1-based source line number */
    bool spaces_reported; /* the stray-space warning for this line was given */
} rd_line;

/* Front matter keys, in the order the README lists them. */
typedef enum {
    RD_K_COPY_NUMBER,
    RD_K_SECRECY,
    RD_K_URGENCY,
    RD_K_ISSUER,
    RD_K_ISSUER_MARK,
    RD_K_DOC_NUMBER,
    RD_K_SIGNER,
    RD_K_TITLE,
    RD_K_ADDRESSEE,
    RD_K_SIGNATURE,
    RD_K_DATE,
    RD_K_SEAL,
    RD_K_SIGNATORY_TITLE,
    RD_K_SIGNATURE_STAMP,
    RD_K_SIGNATORY_NAME,
    RD_K_NOTE,
    RD_K_CC,
    RD_K_DISTRIBUTE,
    RD_K_PRINTER,
    RD_K_PRINT_DATE,
    RD_K_FORMAT,
    RD_K_PRESENT,
    RD_K_ABSENT,
    RD_K_ATTENDING,
    RD_K_COUNT
} rd_key;

typedef struct {
    rd_key key;
    char *value; /* trimmed, quotes removed */
    gw_pos pos;  /* of the value */
    int key_col; /* column of the key, for messages about the key itself */
} rd_fm_entry;

typedef struct {
    gw_diags *diags;
    gw_document *doc;
    char *text; /* decoded UTF-8, newlines replaced by NUL */
    size_t text_len;
    rd_line *lines;
    size_t n_lines;
    size_t start; /* index of the first line after the front matter */
    rd_fm_entry *fm;
    size_t n_fm;
    unsigned long fm_set; /* bit (1 << rd_key) for each key the front matter gives */
    gw_format format;     /* from 版式, or guessed from the 发文机关标志 */
    bool format_given;    /* 版式 was in the front matter */
} rd_ctx;

#define RD_FM_HAS(ctx, k) (((ctx)->fm_set >> (k)) & 1UL)

/* ---- decode.c ---- */
/* Decodes data into ctx->text and ctx->lines; sets doc->encoding. false after an error. */
bool rd_decode(rd_ctx *ctx, const char *data, size_t len);

/* ---- frontmatter.c ---- */
/* Reads the front matter if the text opens with `---`; sets ctx->start. false after an error. */
bool rd_frontmatter_read(rd_ctx *ctx);
/* Applies the front matter to ctx->doc, overriding what the text gave. false after an error. */
bool rd_frontmatter_apply(rd_ctx *ctx);
void rd_frontmatter_free(rd_ctx *ctx);
const char *rd_key_name(rd_key k); /* the Chinese key */
/* Edit distance (optimal string alignment) between two UTF-8 strings, by code point. */
size_t rd_edit_distance(const char *a, const char *b);

/* ---- recognise.c ---- */
void rd_recognise(rd_ctx *ctx);

/* ---- table.c ---- */
/* Whether a line is a row of a pipe table (begins with `|`). */
bool rd_table_line(const char *s, size_t n);
/* Reads the pipe table starting at line i into a GW_BLOCK_TABLE block of out (or reports it
 * malformed, at its line and column). Returns the line after it. */
size_t rd_table(rd_ctx *ctx, size_t i, gw_blocks *out);

/* ---- repair.c ---- */
/* A body paragraph before repair: lines joined, stray spaces and `#` removed, `**` kept. */
typedef struct {
    gw_buf text;
    gw_pos pos;    /* first character */
    int last_line; /* its last source line */
    int hashes;    /* leading `#` marks on its first line */
    bool list;     /* an item of a list (`组　长：林志强`): never joined with another */
} rd_para;

typedef struct {
    rd_para *items;
    size_t n, cap;
} rd_paras;

rd_para *rd_paras_add(rd_paras *ps);
/* Repairs the section's paragraphs (page-break joins, repeated fragments), turns them into
 * blocks appended to out, and empties ps. */
void rd_paras_finish(rd_ctx *ctx, rd_paras *ps, gw_blocks *out);
void rd_paras_free(rd_paras *ps);
/* Whether a paragraph's text ends a sentence (…。 …！ …：, also behind closing quotes). */
bool rd_ends_complete(const char *s, size_t n);

/* ---- text.c ---- */
uint32_t rd_cp_at(const char *s, size_t n, size_t i, size_t *clen);
uint32_t rd_cp_before(const char *s, size_t i, size_t *clen);
bool rd_is_space(uint32_t c);
/* Chinese (and other full-width) characters and punctuation: no space belongs next to them.
 * Every Han ideograph (gw_is_han) is wide. */
bool rd_is_wide(uint32_t c);
bool rd_is_digit(uint32_t c);
/* [*b, *e) = s[0..n) without leading and trailing white space (ASCII, U+3000, NBSP …). */
void rd_trim(const char *s, size_t n, size_t *b, size_t *e);
/* 1-based column in characters of byte offset off in s. */
int rd_col(const char *s, size_t off);
/* Appends s[0..n) trimmed, without the white space next to wide characters (left by PDF
 * extraction); runs between two narrow characters become one space. Kept: every U+3000 (typed
 * by a person: list alignment, separators), a space between two Chinese characters inside
 * 《》 or “” (`《毛泽东 邓小平》`), and, in a title (breaks given), one between two issuers'
 * names, as U+3000. Returns the number of runs removed, and the byte offset
 * in s of the first in *first (if any). */
int rd_strip_spaces(const char *s, size_t n, gw_buf *out, size_t *first);
/* Ends like the name of an office (局, 委员会, 人民政府, 办公室 …). */
bool rd_office_suffix(const char *s, size_t n);
/* The same, and where a removed space stood between two Chinese characters (a line break of the
 * PDF the text came from), records the offset in out as a preferred title break. */
int rd_strip_spaces_breaks(const char *s, size_t n, gw_buf *out, size_t *first, gw_breaks *breaks);
/* Appends s[0..n) to out as the continuation of the text already there: a space between two
 * narrow characters (Latin words), nothing next to a wide one. */
void rd_join(gw_buf *out, const char *s, size_t n);
/* A list of names (签发人): names separated by white space, 、, ， or ','. From *at, finds the
 * next name s[*b, *e) and moves *at past it; false when none is left. */
bool rd_next_name(const char *s, size_t n, size_t *at, size_t *b, size_t *e);
bool rd_starts_with(const char *s, size_t n, const char *prefix);
bool rd_ends_with(const char *s, size_t n, const char *suffix);
size_t rd_count_chars_upto(const char *s, size_t n, size_t limit); /* stops counting at limit */

/* A date `YYYY年M月D日` (white space between the parts tolerated). */
typedef struct {
    int year, month, day;
    bool leading_zero; /* `09月` */
    size_t end;        /* bytes consumed */
} rd_date;
bool rd_parse_date(const char *s, size_t n, rd_date *d);
/* Whether the date exists; if not, a reason in why (e.g. "February 2021 has 28 days"). */
bool rd_date_valid(const rd_date *d, char *why, size_t why_size);
char *rd_date_format(const rd_date *d); /* `2021年9月27日` */

/* A 发文字号 found in a line. */
typedef struct {
    size_t start, end;   /* byte range in the line, prefix to 号 */
    char *text;          /* normalised: `泉科〔2021〕172号` */
    char *bracket_as_written; /* `[2021]` when the brackets were not 〔〕, else NULL */
    char *serial_as_written;  /* `072号` or `第72号` when normalised, else NULL */
    int year;
    long serial;
    bool leading_zero, di;
    bool has_hao;        /* ended with 号 */
} rd_docno;
bool rd_find_doc_number(const char *s, size_t n, rd_docno *dn);
void rd_docno_free(rd_docno *dn);
/* Warns about each normalisation rd_find_doc_number made, at pos. */
void rd_docno_report(gw_diags *diags, const rd_docno *dn, gw_pos pos);

/* 抄送 ends with 。 (GB/T 9704 §7.4.2): returns a copy of v that does; *changed if it did not. */
char *rd_cc_with_full_stop(const char *v, bool *changed);

/* Heading number at s (after any `#` marks): returns the level 1..4, or 0. *len = its bytes;
 * *halfwidth = written with ASCII parentheses. */
int rd_heading_number(const char *s, size_t n, size_t *len, bool *halfwidth);

/* Whether the numbered text s[0..n) starts with a short sentence (no ；, at most 30 characters
 * with its number) that more text follows: the shape of a run-in heading, comma or not
 * (`（一）坚持党的领导，压实法治建设责任。县政府…`). *end = the sentence's end. */
bool rd_run_in_shape(const char *s, size_t n, size_t *end);

/* The bytes of `第N条` (N in Chinese numerals or digits, the kind one of the characters of
 * kinds, e.g. "条章节") at the start of s[0..n); 0 if it does not start so. */
size_t rd_article_prefix(const char *s, size_t n, const char *kinds);

/* `第一章　总　则`, `第二节　项目管理`: a chapter or section title of a regulation (第 and a
 * number, 章 or 节, a short title without a sentence end), set as one. */
bool rd_chapter_title(const char *s, size_t n);

/* lists.c: the items of one numbered list set alike, numbered text or headings (a note for each
 * heading set as text). */
void rd_lists_harmonise(gw_blocks *bs, gw_diags *diags);

#endif
