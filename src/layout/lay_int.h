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

struct gw_layout_rules {
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
    double pull_max;          /* 字 */
    bool no_single_char_last_line; /* 避孤字 */
    double pull_tracking_max; /* pt per gap */
    /* [kinsoku] */
    lay_charset no_line_start, no_line_end, no_split, punct_ink_left, punct_ink_right;
    /* [header] */
    gw_font_role header_role;
    double two_char_spacing;  /* 字 */
    gw_font_role mark_role;
    gw_font_role mark_latin_role;
    double mark_top;          /* below the 版心 top */
    bool mark_top_ink;
    double mark_size, mark_hscale, mark_hscale_min;
    double mark_joint_pitch;      /* em of the mark between stacked names (联合行文) */
    double mark_joint_gap;        /* 字 of the mark between the names and 文件 */
    double mark_joint_max_height;
    gw_font_role doc_number_role;
    int doc_number_gap_lines;
    double red_rule_gap, red_rule_width;
    int title_gap_lines, addressee_gap_lines;
    double signer_indent;     /* 字 */
    gw_font_role signer_name_role;
    int signer_names_per_line;
    double signer_name_chars;
    /* [title] */
    gw_font_role title_role;
    gw_font_role title_latin_role;
    double title_size;
    /* [closing] */
    int attachment_note_gap_lines;
    double attachment_note_indent;
    int signature_gap_lines;
    double signature_right_indent, date_offset, note_indent;
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
    /* [page_number] */
    gw_font_role page_number_role;
    double page_number_size, page_number_dash_below, page_number_indent;
    bool page_number_dash_ink;
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
    uint32_t cp;        /* first code point */
    uint32_t g0, g1;    /* glyphs [g0, g1) */
    uint32_t b0, b1;    /* text bytes [b0, b1) */
    double width;       /* natural width, pt */
    double shrink;      /* compression chosen by the line breaker, pt */
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
    gw_font_role role;  /* base role (its first face gives the line's baseline) */
    lay_glyph *g;
    size_t ng, capg;
    lay_unit *u;
    size_t nu, capu;
    lay_line *lines;
    size_t nl, capl;
} lay_para;

typedef struct lay_ctx lay_ctx;

/* Shapes text (copied) at size, CJK on cells of width cell, Latin/digits in the Latin face. */
void lay_para_init(lay_para *p);
void lay_para_free(lay_para *p);
void lay_para_shape(lay_ctx *c, lay_para *p, const char *text, size_t len,
                    const lay_span *spans, size_t n_spans, double size, double cell);
/* Breaks into lines of width (pt) minus indents; justified except the last line. */
void lay_para_break(lay_ctx *c, lay_para *p, double width, double first_indent,
                    double rest_indent, double right_indent);
/* Appends a line of units [u0, u1) (spaces at both ends dropped) at natural width. */
lay_line *lay_para_add_line(lay_para *p, size_t u0, size_t u1, double indent);
/* One line holding every unit (no breaking), at natural width, indent chosen by the caller. */
double lay_para_one_line(lay_para *p);
/* Natural width of units [u0, u1) (trailing spaces excluded). */
double lay_units_width(const lay_para *p, size_t u0, size_t u1);
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
    gw_fontset *fs;
    gw_diags *diags;
    gw_font_role latin_role; /* the face of digits and Latin in what is being shaped */
    gw_tag tag;           /* the element being drawn: every run, rule and image gets it */
    gw_pagelist *pl;
    double cell;          /* grid cell: 版心 width / chars per line */
    gw_glyph *out;        /* emission scratch */
    size_t cap_out;
};

/* The 版心's left edge on page index i (0-based; mirrored margins on even pages). */
double lay_area_left(const lay_ctx *c, size_t page_index);
gw_page *lay_page_at(lay_ctx *c, size_t page_index); /* creates pages up to it */
/* Top of the em box of grid line i (0-based). */
double lay_grid_y(const lay_ctx *c, int line);
double lay_role_em_top(const lay_ctx *c, gw_font_role role);
/* Baseline of a line of p's size on grid line i, its em box centred on the grid's em box. */
double lay_baseline(const lay_ctx *c, const lay_para *p, int line);
/* First grid line whose em-box top is at or below y. */
int lay_line_at_or_after(const lay_ctx *c, double y);

static inline bool lay_has(const gw_text *t)
{
    return t->text && *t->text;
}

/* ---- 版头 (header.c) ---- */

/* Lays out the 版头 on page 1; returns the grid line where the 主体's flow begins. */
int lay_header_compose(lay_ctx *c, const gw_document *d);

/* ---- the flow of the 主体 (flow.c) ---- */

typedef enum { LAY_IT_PARA, LAY_IT_GAP, LAY_IT_PAGE, LAY_IT_LINE } lay_item_kind;

typedef struct {
    lay_item_kind kind;
    int n;               /* LAY_IT_GAP: blank lines; LAY_IT_LINE: go down to this grid line */
    lay_para para;       /* LAY_IT_PARA */
    bool keep_with_next; /* not alone at the foot of a page: a heading, a 附件说明 item … */
    bool heading;        /* a heading on a line of its own */
    bool bring_text;     /* the signature: if it starts a page, bring text lines with it */
    int bring_gap;       /* blank lines between that text and this item */
    gw_tag tag;          /* the element it draws */
    size_t *pg;          /* placement of each line */
    int *ln;
} lay_item;

typedef struct {
    lay_item *it;
    size_t n, cap;
    size_t last_page;    /* where the last line of text went */
    int last_line;
    gw_tag tag;          /* the element the next items draw */
} lay_flow;

lay_item *lay_flow_add(lay_flow *f, lay_item_kind kind, int n);
void lay_flow_free(lay_flow *f);
/* A paragraph item shaped in one role at the text size on the grid. */
lay_item *lay_text_item(lay_ctx *c, lay_flow *f, const char *text, gw_font_role role);
/* A title in 2号小标宋, balanced and centred, preferring the model's title breaks. */
lay_item *lay_title_item(lay_ctx *c, lay_flow *f, const char *text, const gw_breaks *breaks);
/* Blocks of the 正文 (GW_EL_BODY, index = the block's) or of an annex (the annex's tag). */
void lay_blocks_items(lay_ctx *c, lay_flow *f, const gw_blocks *bs, bool *table_warned,
                      gw_tag tag);
/* An annex on a new page: 附件N label and title, or an issued document's title; its text. */
void lay_annex_items(lay_ctx *c, lay_flow *f, const gw_annex *a, int index, bool *table_warned);

/* ---- the closing of the 主体 (closing.c) ---- */

void lay_attachment_note_items(lay_ctx *c, lay_flow *f, const gw_document *d);
void lay_signature_items(lay_ctx *c, lay_flow *f, const gw_document *d);
void lay_note_item(lay_ctx *c, lay_flow *f, const gw_document *d);

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
