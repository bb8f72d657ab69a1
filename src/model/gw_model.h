/* gw_model.h: the document model of a 党政机关公文 (GB/T 9704-2012, with the special formats
 * 信函, 命令 and 纪要 of §10).
 *
 * Owns: gw_document and everything hanging from it. The reader fills it; layout only reads it.
 * Every string is UTF-8, NUL-terminated and owned by the document; gw_document_free releases
 * all of it. Every element keeps the source position it was read from (line 0 = the element
 * did not come from the source text, e.g. a default), so later stages can point at the input.
 *
 * Element names follow the standard: 版头 (copy_number … signers), 主体 (title … note,
 * attachments), 版记 (colophon). Absent optional elements have text == NULL. */
#ifndef GW_MODEL_H
#define GW_MODEL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    int line; /* 1-based source line; 0 = not from the source */
    int col;  /* 1-based column in characters */
} gw_pos;

/* One piece of text with where it came from. text == NULL: the element is absent. */
typedef struct {
    char *text;
    gw_pos pos;
} gw_text;

/* 版式 (§10): the general 文件格式 or one of the special formats. */
typedef enum {
    GW_FORMAT_DOCUMENT = 0, /* 文件格式 (the red-header document) */
    GW_FORMAT_LETTER,       /* 信函格式 */
    GW_FORMAT_ORDER,        /* 命令（令）格式 */
    GW_FORMAT_MINUTES       /* 纪要格式 */
} gw_format;

typedef enum {
    GW_BLOCK_PARAGRAPH = 0,
    GW_BLOCK_HEADING, /* 结构层次序数 一、 （一） 1. （1） */
    GW_BLOCK_TABLE,
    GW_BLOCK_CHAPTER  /* 第一章　总则, 第二节　…: a regulation's chapter or section title */
} gw_block_kind;

/* A byte range [start, end) of a block's text, e.g. one **…** emphasis. */
typedef struct {
    size_t start, end;
} gw_span;

/* How a table column's cells are aligned: as the separator row's colons say (`:--` left,
 * `:-:` centred, `--:` right), or, without colons, as layout chooses (numbers right). */
typedef enum { GW_ALIGN_AUTO = 0, GW_ALIGN_LEFT, GW_ALIGN_CENTRE, GW_ALIGN_RIGHT } gw_align;

/* A table (§8): a pipe table of the text. Row 0 is the header row (repeated on every page the
 * table runs over). */
typedef struct {
    size_t n_rows, n_cols;
    char **cells;    /* n_rows * n_cols strings, row-major; owned */
    gw_align *align; /* n_cols; owned */
    gw_pos *rows;    /* n_rows: where each row starts in the source; owned */
} gw_table;

/* Preferred line breaks of a title: byte offsets into its text where the source broke the title
 * across lines, or left a space between two Chinese characters (where the PDF the text was
 * extracted from broke it). Layout prefers them when it balances the title's lines. */
typedef struct {
    size_t *at;
    size_t n;
} gw_breaks;

/* One block of 正文 (or of an attached document's text). */
typedef struct {
    gw_block_kind kind;
    int level;          /* heading level 1..4 (一、 （一） 1. （1）); 0 for a paragraph */
    bool run_in;        /* heading sentence followed by ordinary text in the same paragraph */
    char *text;         /* the whole paragraph, markup (#, **) removed, numbering kept */
    size_t heading_len; /* bytes of text that are the heading sentence (all of it unless run_in) */
    gw_span *emphasis;  /* **…** spans in text, in order; owned */
    size_t n_emphasis;
    gw_table table;     /* GW_BLOCK_TABLE only */
    gw_pos pos;
} gw_block;

typedef struct {
    gw_block *items;
    size_t n, cap;
} gw_blocks;

/* One item of the 附件说明 (§7.3.4): `附件：1. name`. */
typedef struct {
    char *number; /* "1", "2" …; NULL for a single unnumbered attachment */
    char *name;   /* without trailing punctuation */
    gw_pos pos;
} gw_attachment_note;

typedef enum {
    GW_ANNEX_ATTACHMENT = 0, /* 附件 (§7.3.7): `附件1` flush left on line 1, then its title */
    GW_ANNEX_ISSUED          /* the document a 印发/转发/批转 notice issues: starts on a new page
                                with its own title, no 附件 label */
} gw_annex_kind;

/* A document bound after the 主体: an attachment or an issued document. */
typedef struct {
    gw_annex_kind kind;
    char *number;    /* "1" for 附件1; NULL when unnumbered or an issued document */
    gw_text title;
    gw_breaks title_breaks;
    gw_blocks body;
    gw_pos pos;
} gw_annex;

/* What the reader found in an image file it checked (a 印章, a 签名章). */
typedef struct {
    unsigned width, height; /* pixels; 0 = not read (layout then gives it its default size) */
    double dpi_x, dpi_y;    /* the resolution the file states; 0 = none */
} gw_image_size;

/* 发文机关署名 (§7.3.5), one per issuer, each with an optional seal (印章) image. */
typedef struct {
    gw_text issuer;
    gw_text seal_image; /* path of a PNG/JPEG seal; NULL text = no seal */
    gw_image_size seal_size;
} gw_signature;

/* 签发人职务 and 签名章 (§7.3.5.3), one per issuing office, lead office first: a document
 * signed this way shows the title and the stamp instead of the 署名. */
typedef struct {
    gw_text title;       /* 职务, written in full (`泉州市人民政府市长`) */
    gw_text stamp_image; /* path of the 签名章 image; NULL text = stamped by hand */
    gw_image_size stamp_size;
    gw_text name;        /* 姓名, printed in the stamp's place when there is no stamp image (a
                            命令 signed in print: `市长　张三`); NULL text = none */
} gw_signatory;

/* 版记 (§7.4). */
typedef struct {
    gw_text main_to;    /* 主送, when moved from the 主体 into the 版记 */
    gw_text cc;         /* 抄送 (without the `抄送：` label; ends with `。`) */
    gw_text distribute; /* 分送 */
    gw_text printer;    /* 印发机关 */
    gw_text print_date; /* 印发日期, e.g. `2021年9月27日` (without `印发`) */
} gw_colophon;

/* 纪要 (§10.3) attendance lines. */
typedef struct {
    gw_text present;   /* 出席 */
    gw_text absent;    /* 请假 */
    gw_text attending; /* 列席 */
} gw_attendance;

typedef struct {
    char *source_name;  /* file name as given, for messages */
    char *encoding;     /* "UTF-8" or "GB18030": what the input was */
    gw_format format;   /* 版式 */

    /* 版头 */
    gw_text copy_number;  /* 份号, 6 digits */
    gw_text secrecy;      /* 密级和保密期限, e.g. `机密★1年` */
    gw_text urgency;      /* 紧急程度 */
    gw_text *issuers;     /* 发文机关, lead (主办) issuer first */
    size_t n_issuers;
    gw_text issuer_mark;  /* 发文机关标志, e.g. `泉州市科学技术局文件` */
    gw_text doc_number;   /* 发文字号, e.g. `泉科〔2021〕172号` (命令: 令号) */
    gw_text *signers;     /* 签发人; present only on 上行文 */
    size_t n_signers;

    /* 主体 */
    gw_text title;        /* 标题, multi-line titles joined */
    gw_breaks title_breaks;
    gw_text addressee;    /* 主送机关, without the trailing `：` */
    gw_blocks body;       /* 正文 */
    gw_attachment_note *attachment_notes; /* 附件说明 */
    size_t n_attachment_notes;
    gw_signature *signatures;             /* 发文机关署名 */
    size_t n_signatures;
    gw_signatory *signatories;            /* 签发人职务 + 签名章 (§7.3.5.3) */
    size_t n_signatories;
    gw_text date;         /* 成文日期, `2012年7月1日` */
    gw_text note;         /* 附注, without the enclosing （） */
    gw_attendance attendance;
    gw_annex *annexes;    /* attachments and issued documents, in order */
    size_t n_annexes;

    /* 版记 */
    gw_colophon colophon;
} gw_document;

gw_document *gw_document_new(void);
void gw_document_free(gw_document *doc);

/* 上行文: a document with 签发人. */
bool gw_document_is_upward(const gw_document *doc);

/* Helpers the reader uses to build the model. Strings passed in are copied. */
void gw_text_set(gw_text *t, const char *s, gw_pos pos);
void gw_text_clear(gw_text *t);
gw_text *gw_document_add_issuer(gw_document *doc, const char *s, gw_pos pos);
gw_text *gw_document_add_signer(gw_document *doc, const char *s, gw_pos pos);
gw_signature *gw_document_add_signature(gw_document *doc, const char *issuer, gw_pos pos);
gw_signatory *gw_document_add_signatory(gw_document *doc, const char *title, gw_pos pos);
gw_attachment_note *gw_document_add_attachment_note(gw_document *doc, const char *number,
                                                    const char *name, gw_pos pos);
gw_annex *gw_document_add_annex(gw_document *doc, gw_annex_kind kind);
/* Appends a block (text copied; emphasis none) and returns it for the caller to fill. */
gw_block *gw_blocks_add(gw_blocks *blocks, gw_block_kind kind, const char *text, gw_pos pos);
void gw_block_add_emphasis(gw_block *b, size_t start, size_t end);
void gw_blocks_free(gw_blocks *blocks);
void gw_breaks_add(gw_breaks *b, size_t at);
void gw_breaks_free(gw_breaks *b);

const char *gw_format_name(gw_format f);   /* "文件", "信函", "命令", "纪要" */

/* The office a 发文机关标志 names: the length in bytes of mark without its 文件, 命令 or 令
 * ending (`泉州市科学技术局文件` → the bytes of 泉州市科学技术局), or 0 when mark has none of
 * these endings (or nothing before it). One rule for the reader's 发文机关 and the PDF author. */
size_t gw_issuer_mark_name_len(const char *mark);

/* The offices a 发文机关标志 names. A joint 文件 may write its mark with spaces between the
 * offices (`泉州市科学技术局 泉州市财政局文件`, or `… 泉州市财政局 文件`): layout stacks them
 * like the default joint mark. Stores the byte range of each name in names (at most max) and
 * returns their number (1 for an ordinary mark, 0 for an empty one); *ending = the bytes from
 * the last name's end to the mark's end when the mark ends in 文件, 命令 or 令 (spaces
 * included), else 0. */
size_t gw_issuer_mark_names(const char *mark, gw_span *names, size_t max, size_t *ending);

/* The model as JSON, keys in a fixed order, every element present (null when absent), so
 * users and tests can see exactly what the reader understood. Returns a malloc'd string. */
char *gw_document_to_json(const gw_document *doc);

#endif
