/* lay_int.h: what the files of src/layout/ share and nobody else sees.
 *
 * Owns: the loaded rules (struct gw_layout_rules, every length already in pt), the layout
 * context, the shaped paragraph (glyphs grouped into units: one grid cell per CJK character,
 * one unbreakable unit per Latin word or number), lines and flow items.
 * Coordinates: pt, origin at the sheet's top-left, y downward (the page list's frame). */
#ifndef GW_LAY_INT_H
#define GW_LAY_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gw_layout.h"

#define LAY_MM (72.0 / 25.4) /* pt per mm */

/* A sorted set of code points, for the 避头尾 and punctuation classes. */
typedef struct {
    uint32_t *cp;
    size_t n;
} lay_charset;

bool lay_charset_has(const lay_charset *s, uint32_t cp);

/* 版头 variants ([format] header): the parts a format's rules choose among. */
typedef enum {
    LAY_HEADER_DOCUMENT = 0, /* mark, 发文字号 (or the 签发人 block) below it, the red rule */
    LAY_HEADER_LETTER        /* 信函 (§10.1): mark, double rules, 份号… left and 发文字号 right */
} lay_header_variant;

struct gw_layout_rules {
    /* [format] */
    gw_format format;         /* the 版式 these rules lay out */
    int header_variant;       /* lay_header_variant */
    /* [page] */
    double paper_w, paper_h;  /* A4 */
    double top_margin;        /* 天头 */
    double binding_margin;    /* 订口 */
    double area_w, area_h;    /* 版心 */
    bool mirror_even;
    /* [grid] */
    int lines_per_page, chars_per_line;
    double text_size;         /* 3号 */
    double line_pitch;        /* computed when 'auto' (option B) */
    bool cell_centre;
    /* [text] */
    gw_font_role body_role, heading_role[4];
    double paragraph_indent;  /* 字 */
    double pull_max;          /* 字: interior punctuation + tracking squeezed out of a line */
    bool no_single_char_last_line; /* 避孤字 */
    double pull_tracking_max; /* pt per gap: tracking, shrink or stretch, of a normal line */
    double stretch_limit;     /* pt per gap: looser only when nothing else is possible */
    double punct_compress;    /* 字: the blank of a mark that may be compressed (half) */
    double digit_width;       /* 字: an ASCII digit's advance on the grid */
    bool latin_run_centre;    /* a Latin run padded to whole cells: centred in them, or at its end */
    /* [kinsoku] */
    lay_charset no_line_start, no_line_end, no_split, punct_ink_left, punct_ink_right;
    lay_charset number_units, number_prefix, url_break_after;
    /* [header] */
    gw_font_role header_role;
    double two_char_spacing;  /* 字 */
    gw_font_role mark_role;
    gw_font_role mark_latin_role;
    double mark_top;          /* below the 版心 top, or (mark_top_from 1) the sheet's top */
    int mark_top_from;        /* 0 type_area, 1 sheet */
    bool mark_top_ink;
    double mark_size, mark_hscale, mark_hscale_min;
    double mark_joint_pitch;      /* em of the mark between stacked names (联合行文) */
    double mark_joint_gap;        /* 字 of the mark between the names and 文件 */
    double mark_joint_max_height;
    gw_font_role doc_number_role;
    int doc_number_gap_lines;
    bool red_rule;            /* a 版头分隔线 (命令: none) */
    double red_rule_gap, red_rule_width;
    int title_gap_lines, addressee_gap_lines;
    double signer_indent;     /* 字 */
    gw_font_role signer_name_role;
    int signer_names_per_line;
    double signer_name_chars;
    /* [letter] (§10.1; when header = letter) */
    double letter_rule_length, letter_thick_rule, letter_thin_rule, letter_rule_gap;
    double letter_mark_gap;       /* first double rule's top below the mark's bottom */
    double letter_bottom_rule;    /* second double rule's bottom above the sheet's foot */
    double letter_header_gap;     /* 份号…, 发文字号: their em top below the first rule */
    double letter_text_gap;       /* page 1's text ends at least this far above the second */
    /* [title] */
    gw_font_role title_role;
    gw_font_role title_latin_role;
    double title_size;
    /* [closing] */
    int attachment_note_gap_lines;
    double attachment_note_indent;
    int signature_gap_lines;
    double signature_right_indent, date_offset, note_indent;
    /* [seal] (§7.3.5.1) */
    double sealed_date_right_indent;  /* 字 */
    double seal_default_size, seal_min_size, seal_max_size;
    double seal_signature_below_centre, seal_text_clearance, seal_gap;
    int seals_per_row;
    /* [attendance] (纪要 §10.3: 出席, 请假, 列席) */
    gw_font_role attendance_label_role;
    int attendance_gap_lines;
    double attendance_indent;         /* 字 */
    /* [table] (§8) */
    gw_font_role table_role, table_header_role;
    double table_size, table_line_pitch, table_pad_x, table_pad_y;
    double table_rule, table_frame_rule;
    double table_min_column;          /* 字 of the table's size: narrower, it goes landscape */
    double table_least_column;        /* 字: on a landscape page, if need be */
    bool table_landscape;             /* a table too wide for the 版心 on a landscape page */
    int table_keep_rows;              /* rows each page a table runs over holds at least */
    /* [signature_stamp] (§7.3.5.3) */
    gw_font_role stamp_name_role;     /* the signatory's name printed without a stamp image */
    int stamp_gap_lines, stamp_date_gap_lines;
    double stamp_right_indent, stamp_title_gap;  /* 字 */
    double stamp_default_height, stamp_min_height, stamp_max_height, stamp_row_gap;
    /* [last_page] (§7.3.5.5) */
    double squeeze_pitch_min;
    int carry_lines;
    bool no_text_page;
    gw_font_role no_text_note_role;
    double no_text_note_indent;       /* 字 */
    /* [annex] */
    gw_font_role annex_label_role;
    int attachment_label_line, attachment_title_line, issued_title_line, annex_title_gap_lines;
    /* [colophon] */
    gw_font_role colophon_role;
    double colophon_size, colophon_indent;
    double thick_rule, thin_rule;
    double colophon_row_pitch; /* computed when 'auto': the grid's line pitch */
    double colophon_min_gap;
    bool colophon_even_page;
    bool colophon_rules;      /* its separator lines (信函: none) */
    bool colophon_printer;    /* 印发机关 and 印发日期 belong to it (信函: not; an error if given) */
    /* [page_number] */
    gw_font_role page_number_role;
    double page_number_size, page_number_dash_below, page_number_indent;
    bool page_number_dash_ink;
    bool page_number_first;   /* page 1 numbered (信函: no) */
};

/* ---- shaped paragraphs (lines.c) ---- */

typedef struct {
    int face;
    uint32_t gid;
    double adv, xoff, yoff; /* pt at the paragraph's size */
    uint32_t cluster;       /* byte offset in the paragraph's text */
    uint32_t nb;            /* bytes of the cluster (0 for the 2nd.. glyph of a cluster) */
} lay_glyph;

typedef enum { LAY_CELL = 0, LAY_LATIN, LAY_SPACE } lay_unit_kind;

typedef enum { LAY_PUNCT_NONE = 0, LAY_PUNCT_INK_LEFT, LAY_PUNCT_INK_RIGHT } lay_punct;

typedef struct {
    uint8_t kind;       /* lay_unit_kind */
    uint8_t punct;      /* lay_punct: which side of the cell is blank (compressible) */
    bool no_start;      /* 避头: may not start a line */
    bool no_end;        /* 避尾: may not end a line */
    bool glue_next;     /* never break between this unit and the next (——, ……) */
    bool num_start, num_end; /* a Latin unit starting / ending with an ASCII digit */
    uint32_t cp;        /* first code point */
    uint32_t g0, g1;    /* glyphs [g0, g1) */
    uint32_t b0, b1;    /* text bytes [b0, b1) */
    float bpen;         /* cost of a line break before this unit (0: free; see lines.c) */
    double width;       /* natural width, pt, adjacent punctuation already compressed */
    double fixed;       /* that compression (pt), always applied */
    double comp;        /* blank the breaker may still compress, pt */
    double shrink;      /* compression chosen by the line breaker, pt */
    double pad_before, pad_after; /* blank around a Latin run padded to whole cells (per line) */
} lay_unit;

typedef struct {
    size_t u0, u1;      /* units printed, trailing spaces excluded */
    double indent;      /* pt from the 版心's left edge to the first unit */
    double gap;         /* pt added between consecutive units (justification) */
    double width;       /* printed width, pt */
} lay_line;

/* A span of the text set in one role (e.g. a run-in heading's sentence in 黑体). */
typedef struct {
    size_t end;         /* the span runs from the previous span's end to here */
    gw_font_role role;
} lay_span;

typedef struct {
    char *text;         /* owned copy */
    size_t len;
    double size;        /* pt */
    double cell;        /* pt per full-width character */
    bool grid;          /* set on the 版心's grid: digits half a cell, Latin runs padded */
    bool ragged;        /* lines not justified (a list of names): left-aligned, never spread */
    gw_font_role role;  /* base role (its first face gives the line's baseline) */
    lay_glyph *g;
    size_t ng, capg;
    lay_unit *u;
    size_t nu, capu;
    lay_line *lines;
    size_t nl, capl;
} lay_para;

typedef struct lay_ctx lay_ctx;

/* What of the 版头 decides where page 1's flow begins, at any pitch of page 1's grid. */
typedef struct {
    bool full;          /* a mark (or letterhead space), 发文字号 or 签发人 block, red rule */
    int top_lines;      /* 份号, 密级, 紧急程度 on lines 1.. */
    double mark_bottom; /* y of the mark's bottom (fixed: its top is 35 mm below the 版心) */
    int signer_rows;    /* 签发人 rows below the first (上行文) */
    bool has_docno;     /* a 发文字号 (令号) line below the mark */
    double fixed_bottom; /* > 0: the 版头 ends here at any pitch (信函: its lines hang from the
                            first double rule, not from the grid) */
    double page1_bottom; /* > 0: page 1's text ends above this (信函: the second double rule) */
} lay_header_geom;

/* Shapes text (copied) at size, CJK on cells of width cell, Latin/digits in the Latin face. */
void lay_para_init(lay_para *p);
void lay_para_free(lay_para *p);
/* Frees the shaped text (glyphs, units, text), keeping the lines: for a paragraph that can be
 * shaped and broken again, identically, when it is drawn (lay_item.src). */
void lay_para_release(lay_para *p);
void lay_para_shape(lay_ctx *c, lay_para *p, const char *text, size_t len,
                    const lay_span *spans, size_t n_spans, double size, double cell);
/* Breaks into lines of width (pt) minus indents; justified except the last line. */
void lay_para_break(lay_ctx *c, lay_para *p, double width, double first_indent,
                    double rest_indent, double right_indent);
/* Appends a line of units [u0, u1) (spaces at both ends dropped) at natural width. */
lay_line *lay_para_add_line(lay_para *p, size_t u0, size_t u1, double indent);
/* A list of names (出席：王建国　李明华、…): lines set ragged, breaking between the names (at a
 * space, 、，；or ：), inside a name only when one does not fit a line. After shaping, before
 * breaking. */
void lay_para_keep_names(lay_para *p);
/* A table cell: a break inside （…） only when the words outside do not fit (`所在县` /
 * `（市、区）`, not `所在县（市、` / `区）`). After shaping, before breaking. */
void lay_para_keep_brackets(lay_para *p);
/* One line holding every unit (no breaking), at natural width, indent chosen by the caller. */
double lay_para_one_line(lay_para *p);
/* Width of the units inside p's first n bytes as a line starting there sets them (Latin runs
 * padded to whole cells on the grid). */
double lay_prefix_width(const lay_para *p, size_t n);
/* Natural width of units [u0, u1) (trailing spaces excluded). */
double lay_units_width(const lay_para *p, size_t u0, size_t u1);
/* Whether a break before unit b is an ordinary one (no 避头尾, number–unit or word split). */
bool lay_can_break(const lay_para *p, size_t b);
/* Draws line l of p on page pg: x_left is the 版心's left edge, hscale horizontal scale. */
void lay_emit_line(lay_ctx *c, gw_page *pg, const lay_para *p, const lay_line *l,
                   double x_left, double baseline, gw_color color, double hscale);
/* Adds the first n glyphs of the context's scratch (c->out, clusters as byte offsets into
 * text) to pg as one run of face; lay_out_reserve makes room for n glyphs there. */
void lay_flush_run(lay_ctx *c, gw_page *pg, const char *text, size_t n, int face, double size,
                   double baseline, gw_color color, double hscale);
void lay_out_reserve(lay_ctx *c, size_t n);
/* Characters set full width on a grid cell (CJK, full-width punctuation and symbols). */
bool lay_is_cjk(uint32_t cp);

/* ---- the layout context and the grid (grid.c) ---- */

struct lay_ctx {
    const gw_layout_rules *r;
    const gw_fontset *fs;
    gw_shaper *shaper;    /* this document's shaping state (the fontset is shared, read-only) */
    gw_diags *diags;
    gw_font_role latin_role; /* the face of digits and Latin in what is being shaped */
    gw_tag tag;           /* the element being drawn: every run, rule and image gets it */
    bool compact;         /* a long document: a block's shaped text is released once it is
                             broken, and shaped again when drawn (memory stays bounded) */
    bool tight;           /* shape digits and Latin at their own widths, not padded to grid
                             cells: short lines set apart from the text (发文字号, 署名, 成文日期) */
    gw_pagelist *pl;
    double cell;          /* grid cell: 版心 width / chars per line */
    gw_glyph *out;        /* emission scratch */
    size_t cap_out;
    /* The line pitch of each page's grid: the rules' own, or a squeezed one on the last page
     * of 正文 (§7.3.5.5), for all the lines of that page alike. */
    double *page_pitch;
    size_t n_geom;
    int flow_anchor0;     /* ≥ 0: page 1 squeezed below its 版头, which keeps the rules' pitch:
                             lines from this one down at page 1's pitch */
    lay_header_geom hdr;  /* set by lay_header_compose */
    bool dry;             /* the 版头 is being measured, not drawn */
    bool turned;          /* drawing in a landscape page's frame: runs are gw_glyph_run.turned */
    unsigned char *page_turned; /* per page index: a landscape page (a wide table, §8) */
    size_t n_turned;
    int n_tables;         /* tables so far (their tags' index) */
};

/* The 版心's left edge on page index i (0-based; mirrored margins on even pages). */
double lay_area_left(const lay_ctx *c, size_t page_index);
/* Landscape pages (§8): laid out in a frame across the sheet's height (x from 35 mm to 260 mm,
 * y from the 版心's edge at the binding side, 156 mm), drawn turned onto the sheet. */
bool lay_page_turned(const lay_ctx *c, size_t pg);
void lay_set_page_turned(lay_ctx *c, size_t pg, bool turned);
/* The frame of page pg: portrait (the 版心), or landscape on a turned page: its left edge, its
 * width, its top (pt, in the frame's own coordinates). */
double lay_frame_left(const lay_ctx *c, size_t pg);
double lay_frame_width(const lay_ctx *c, size_t pg);
double lay_frame_top(const lay_ctx *c, size_t pg);
gw_page *lay_page_at(lay_ctx *c, size_t page_index); /* creates pages up to it */
/* Top of the em box of grid line i (0-based) at the rules' pitch. */
double lay_grid_y(const lay_ctx *c, int line);
/* Top of the em box of line i of page index pg, at that page's pitch. */
double lay_line_top(const lay_ctx *c, size_t pg, int line);
double lay_page_pitch(const lay_ctx *c, size_t pg);
void lay_set_page_pitch(lay_ctx *c, size_t pg, double pitch);
/* Baseline of a line of p whose grid line's em box starts at em_top (p's em box centred on
 * the grid's 3号 em box). */
double lay_baseline_at(const lay_ctx *c, const lay_para *p, double em_top);
double lay_role_em_top(const lay_ctx *c, gw_font_role role);
/* Baseline of a line of p's size on grid line i, its em box centred on the grid's em box. */
double lay_baseline(const lay_ctx *c, const lay_para *p, int line);
/* First grid line whose em-box top is at or below y. */
int lay_line_at_or_after(const lay_ctx *c, double y);
/* Lines page pg holds (22, fewer on a 信函's page 1 if its second double rule were higher). */
int lay_page_lines(const lay_ctx *c, size_t pg);

static inline bool lay_has(const gw_text *t)
{
    return t->text && *t->text;
}

/* ---- 版头 (header.c; the 信函's in header_letter.c) ---- */

/* Lays out the 版头 on page 1's grid (at page 1's pitch) and draws it if emit (else it only
 * measures, silently); returns the line of page 1 where the 主体's flow begins. The rules'
 * [format] header chooses the variant. */
int lay_header_compose(lay_ctx *c, const gw_document *d, bool emit);
/* That line if page 1 had pitch q (after a lay_header_compose). */
int lay_header_title_line(const lay_ctx *c, double q);
/* The y of the mark's top edge (ink or em box, as the rules measure it). */
double lay_mark_top(const gw_layout_rules *r);
/* The red 发文机关标志 on one line, centred; returns the y of its bottom (ink, or em box). */
double lay_emit_mark(lay_ctx *c, const char *text);
/* 份号, 密级 or 紧急程度 shaped on one line (a two-character word spaced one 字); false and an
 * error when wider than room. */
bool lay_header_top_line(lay_ctx *c, lay_para *p, const gw_text *t, int which, double room);
/* A 版头 line set tight (`泉科〔2021〕172号`, no grid padding around its digits). */
void lay_header_shape_one(lay_ctx *c, lay_para *p, const char *text, gw_font_role role);
/* The 信函's 版头 (§10.1): mark 30 mm below the sheet's top, double rules, 份号… flush left
 * and 发文字号 flush right 4.94 mm below the first, the second 20 mm above the foot. Fills
 * c->hdr; draws unless c->dry. */
void lay_letter_header(lay_ctx *c, const gw_document *d);
/* The y below which page pg holds no text (the 版心's bottom; 信函 page 1: above its second
 * double rule, when that is higher). */
double lay_page_bottom(const lay_ctx *c, size_t pg);

/* ---- the flow of the 主体 (flow.c) ---- */

typedef enum {
    LAY_IT_PARA,
    LAY_IT_GAP,
    LAY_IT_PAGE,
    LAY_IT_LINE,
    LAY_IT_CLOSING,
    LAY_IT_TABLE
} lay_item_kind;

/* LAY_IT_PAGE's n: what the new page is. */
#define LAY_PAGE_LANDSCAPE 1 /* a landscape page (a wide table) */
#define LAY_PAGE_IF_USED 2   /* only if the page so far holds something (else it turns) */

typedef struct lay_table lay_table;

typedef struct {
    lay_item_kind kind;
    int n;               /* LAY_IT_GAP: blank lines; LAY_IT_LINE: go down to this grid line;
                            LAY_IT_PAGE: LAY_PAGE_* flags */
    lay_table *table;    /* LAY_IT_TABLE (owned) */
    lay_para para;       /* LAY_IT_PARA */
    bool keep_with_next; /* not alone at the foot of a page: a heading, a 附件说明 item … */
    int keep_tail;       /* its last keep_tail lines go with the table after it (a lead-in
                            too long to keep whole: `…情况如下：`) */
    bool heading;        /* a heading on a line of its own */
    gw_tag tag;          /* the element it draws */
    const gw_block *src; /* a paragraph or heading of the 正文 or an annex, shaped from this
                            block (lay_block_para), again when drawn if released */
    size_t *pg;          /* placement of each line */
    int *ln;
} lay_item;

typedef struct lay_closing lay_closing;

/* Where pagination put the closing block (§7.3.5.5: which remedy it took). */
typedef enum {
    LAY_REMEDY_NONE = 0,  /* no closing block */
    LAY_REMEDY_NORMAL,    /* (a) below the text, at the rules' pitch */
    LAY_REMEDY_SQUEEZE,   /* (b) the last page of 正文 at a smaller pitch */
    LAY_REMEDY_CARRY,     /* (c) with the last lines of 正文 on the next page */
    LAY_REMEDY_NO_TEXT,   /* (d) on a page beginning （此页无正文） */
    LAY_REMEDY_ALONE      /* none applied: fewer than the lines of 正文 wanted (a warning) */
} lay_remedy;

typedef struct {
    lay_item *it;
    size_t n, cap;
    size_t last_page;    /* where the last line of the 主体 went */
    int last_line;
    double last_bottom;  /* y of the lowest ink of the 主体 on last_page (em box, seal) */
    gw_tag tag;          /* the element the next items draw */
    lay_closing *closing; /* the closing block (owned), placed by its LAY_IT_CLOSING item */
    lay_remedy remedy;
    size_t closing_page;
    double closing_y0;   /* em top of the line above the block (its first slot is below) */
    bool closing_at_top; /* nothing above it on its page */
    int carried;         /* lines of text carried with it (remedy c) */
} lay_flow;

lay_item *lay_flow_add(lay_flow *f, lay_item_kind kind, int n);
void lay_flow_free(lay_flow *f);
/* A paragraph item shaped in one role at the text size on the grid. */
lay_item *lay_text_item(lay_ctx *c, lay_flow *f, const char *text, gw_font_role role);
/* A title in 2号小标宋, balanced and centred, preferring the model's title breaks. */
lay_item *lay_title_item(lay_ctx *c, lay_flow *f, const char *text, const gw_breaks *breaks);
/* The same, centred in a given width (an attachment on a landscape page). */
lay_item *lay_title_item_in(lay_ctx *c, lay_flow *f, const char *text, const gw_breaks *breaks,
                            double width);
/* Blocks of the 正文 (GW_EL_BODY, index = the block's) or of an annex (the annex's tag). */
/* Shapes and breaks block b (a paragraph or a heading) into p as the 正文 sets it; whether it
 * is a heading on a line of its own. The same block gives the same lines every time. */
bool lay_block_para(lay_ctx *c, const gw_block *b, lay_para *p);
void lay_blocks_items(lay_ctx *c, lay_flow *f, const gw_blocks *bs, gw_tag tag);
/* An annex on a new page: 附件N label and title, or an issued document's title; its text. */
void lay_annex_items(lay_ctx *c, lay_flow *f, const gw_annex *a, int index);

/* ---- tables (table.c) ---- */

/* Shapes, measures and breaks a table (columns from their content; landscape when too wide for
 * the 版心 and the rules allow it). NULL + GW_ERROR when it cannot be set. */
lay_table *lay_table_build(lay_ctx *c, const gw_table *src, gw_pos pos, gw_tag tag);
void lay_table_free(lay_table *t);
bool lay_table_landscape(const lay_table *t);
gw_pos lay_table_pos(const lay_table *t);
/* The header row and the first row (the first keep_rows: kept together at a page's foot). */
double lay_table_first_height(const lay_table *t);
/* Places the table from line *line of page *page (a new page where the header and the first
 * row do not fit; the header repeated on each page it runs onto); sets them to where the text
 * goes on. False + GW_ERROR when a row is taller than a page. */
bool lay_table_place(lay_ctx *c, lay_table *t, size_t *page, int *line);
/* The closing block's remedy (c) for a table just above it (§7.3.5.5): its last keep_rows rows
 * go to the next page under its header; *page, *line where the text goes on. Returns the rows
 * moved, 0 when the page they leave would keep fewer; lay_table_uncarry undoes it. */
int lay_table_carry(lay_ctx *c, lay_table *t, size_t *page, int *line);
void lay_table_uncarry(lay_table *t);
size_t lay_table_end_page(const lay_table *t);
double lay_table_bottom(const lay_table *t);
bool lay_table_on_page(const lay_table *t, size_t pg);
/* Rows it draws on page pg (its header row counted), or, any_page, in all. */
int lay_table_rows_on(const lay_table *t, size_t pg, bool any_page);
void lay_table_emit(lay_ctx *c, const lay_table *t);

/* ---- 纪要's 出席, 请假, 列席 (attendance.c) ---- */

/* The lists as paragraphs of the flow, one blank line below what is above: the label in its
 * face with a full-width colon, 左空二字, continuation lines under the first name. */
void lay_attendance_items(lay_ctx *c, lay_flow *f, const gw_attendance *a);
bool lay_has_attendance(const gw_attendance *a);

/* ---- the closing block (closing.c) ---- */

/* The end of the 主体 as one block (§7.3.4–§7.3.6): 附件说明, then the 署名 (without seal,
 * under seals, or as 职务 and 签名章), 成文日期 and 附注. Built once; its lines are then set
 * on "slots", the lines below the text, at whatever pitch the page it lands on has. NULL when
 * the document has none of these. A block that cannot fit a page with the lines of text it
 * must keep is an error (GW_ERROR), unless its 附件说明 may flow (lay_closing_flow_notes). */
lay_closing *lay_closing_build(lay_ctx *c, const gw_document *d);
void lay_closing_free(lay_closing *cb);
/* Source position of its first element (for messages). */
gw_pos lay_closing_pos(const lay_closing *cb);
/* set: what is above the block ends `bottom` below the em top of the line above it (a table's
 * bottom rule, which may be above that em top); else at that line's em bottom. A seal's top is
 * measured from it. */
void lay_closing_set_above(lay_closing *cb, bool set, double bottom);
/* Lays the block out at line pitch q below a line whose em top is at 0 (or, at_top, at the
 * top of a page with nothing above: no leading blank lines, the top at q). Returns how far
 * below that em top its lowest ink reaches (a line's em box or an image). */
double lay_closing_extent(lay_closing *cb, const lay_ctx *c, double q, bool at_top);
/* Whether the block fits a page holding `lines` lines of text above it at pitch q. If not,
 * and the 附件说明 are in it, moves them to the flow (as items before the block, in f) and
 * tries again; an error when even then it does not fit. */
bool lay_closing_check(lay_closing *cb, lay_ctx *c, lay_flow *f, int lines);
/* Moves the 附件说明 out of the block into the flow (items in f, after a blank line): for a
 * list longer than a page, or when something comes between them and the 署名 (纪要's 出席). */
void lay_closing_notes_to_flow(lay_closing *cb, lay_ctx *c, lay_flow *f);
/* Whether anything is left in the block (a 纪要 may have only 附件说明, now in the flow). */
bool lay_closing_has_block(const lay_closing *cb);
/* Draws the block on page pg below the line whose em top is y0, at pitch q. */
void lay_closing_emit(lay_closing *cb, lay_ctx *c, size_t pg, double y0, double q, bool at_top);
/* Draws `（此页无正文）` (remedy d) on page pg, its em box at em_top. */
void lay_closing_emit_no_text_note(lay_closing *cb, lay_ctx *c, size_t pg, double em_top);

/* ---- pagination (paginate.c) ---- */

void lay_paginate(lay_ctx *c, lay_flow *f);
void lay_emit_flow(lay_ctx *c, lay_flow *f);

/* ---- titles (title.c) ---- */

/* Breaks a title (already shaped in p) into balanced lines no wider than width, each centred:
 * a 梯形 or 菱形, never splitting a word (ICU) or, if avoidable, a 《…》. hints: byte offsets
 * preferred as breaks (the model's title breaks). */
void lay_title_break(lay_ctx *c, lay_para *p, double width, const size_t *hints,
                     size_t n_hints);
/* Copies title text without the spaces next to CJK characters; records such spaces between
 * two CJK characters as break hints. Returns the new text (malloc'd). */

/* ---- 版记 and page numbers (colophon.c) ---- */

typedef struct lay_colophon lay_colophon;
/* Shapes and breaks the 版记; NULL when the document has none. */
lay_colophon *lay_colophon_build(lay_ctx *c, const gw_colophon *col);
void lay_colophon_free(lay_colophon *k);
/* Whether the 版记 fits on one page; if not, a GW_ERROR (it is never drawn off the sheet). */
bool lay_colophon_fits(lay_ctx *c, const lay_colophon *k);
/* y of the first (top) 版记 rule. */
double lay_colophon_top(const lay_ctx *c, const lay_colophon *k);
void lay_colophon_emit(lay_ctx *c, const lay_colophon *k, gw_page *pg, size_t page_index);
void lay_page_number_emit(lay_ctx *c, gw_page *pg, size_t page_index, int number);


#endif
