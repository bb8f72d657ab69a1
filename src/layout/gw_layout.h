/* gw_layout.h: lays a gw_document out on the GB/T 9704 grid and produces a gw_pagelist.
 *
 * Owns: the layout rules (every number from the standard, read from a file in layouts/,
 * named as the standard names them), the grid (22 lines × 28 characters in the 156 × 225 mm
 * 版心), line breaking with 避头尾, page composition (版头, 主体, the closing block with its
 * seals and signature stamps and the §7.3.5.5 remedies, attachments, 版记 on an even page,
 * page numbers). Reads the model, never changes it. */
#ifndef GW_LAYOUT_H
#define GW_LAYOUT_H

#include "../base/gw_diag.h"
#include "../fonts/gw_fonts.h"
#include "../model/gw_model.h"
#include "../pagelist/gw_pagelist.h"

typedef struct gw_layout_rules gw_layout_rules;

/* Loads rules from an INI file (layouts/gbt9704.ini, or a format's file laid over the file its
 * `[format] base` names). NULL + GW_ERROR on a bad file. */
gw_layout_rules *gw_layout_rules_load(const char *path, gw_diags *diags);
void gw_layout_rules_free(gw_layout_rules *rules);

/* The file of each 版式 in a layouts/ folder: gbt9704.ini (文件), letter.ini (信函),
 * order.ini (命令), minutes.ini (纪要). */
const char *gw_layout_file_name(gw_format f);

/* The rules of every 版式: from a folder (each format's file in it), or one file used for
 * every format (an explicit choice overrides the document's 版式). */
typedef struct gw_layout_set gw_layout_set;
/* NULL + GW_ERROR when a file is missing or bad; each file's messages name it. */
gw_layout_set *gw_layout_set_load(const char *path, gw_diags *diags);
const gw_layout_rules *gw_layout_set_rules(const gw_layout_set *s, gw_format f);
/* The path the rules of format f were read from. */
const char *gw_layout_set_path(const gw_layout_set *s, gw_format f);
void gw_layout_set_free(gw_layout_set *s);

/* The numbers of a rules file, read-only, for tools that measure a layout against them
 * (gongwen proof): lengths in mm, sizes in pt, indents in 字 (grid cells of the element's own
 * size unless stated), gaps in 行 (grid lines). */
typedef struct {
    gw_format format;                   /* the 版式 the rules lay out */
    bool letter_header;                 /* 版头 of the 信函 (§10.1), else the 文件's */
    double paper_w, paper_h;            /* A4 */
    double top_margin, binding_margin;  /* 天头, 订口 */
    double area_w, area_h;              /* 版心 */
    bool mirror_even;                   /* even pages: 版心 from the other edge */
    int lines_per_page, chars_per_line;
    double text_size;                   /* pt (3号) */
    double line_pitch;                  /* mm between grid lines ('auto' resolved) */
    double cell;                        /* mm: 版心 width / chars per line */
    gw_font_role body_role, heading_role[4], header_role, mark_role, doc_number_role,
        signer_name_role, title_role, annex_label_role, colophon_role, page_number_role;
    double paragraph_indent;            /* 字 */
    double mark_top;                    /* mm below the 版心 top (or the sheet's) */
    bool mark_top_from_sheet;
    bool mark_top_ink;                  /* measured to the ink top (else the em box) */
    int doc_number_gap_lines;
    bool red_rule;
    double red_rule_gap, red_rule_width; /* mm */
    /* 信函 (§10.1), mm: double rules, their place, the gaps below and above them */
    double letter_rule_length, letter_thick_rule, letter_thin_rule, letter_rule_gap;
    double letter_mark_gap, letter_bottom_rule, letter_header_gap, letter_text_gap;
    /* 纪要 (§10.3) */
    gw_font_role attendance_label_role;
    int attendance_gap_lines;
    double attendance_indent;           /* 字 */
    /* tables (§8) */
    gw_font_role table_role, table_header_role;
    double table_size;                  /* pt */
    double table_rule, table_frame_rule; /* mm */
    bool table_landscape;
    int title_gap_lines, addressee_gap_lines;
    double signer_indent;               /* 字 */
    double title_size;                  /* pt */
    int attachment_note_gap_lines;
    double attachment_note_indent;      /* 字 */
    int signature_gap_lines;
    double signature_right_indent, date_offset, note_indent; /* 字 */
    double squeeze_pitch_min;           /* pt: the last page's line pitch at least (§7.3.5.5) */
    double sealed_date_right_indent;    /* 字: 成文日期 右空四字 under a seal (§7.3.5.1) */
    double seal_signature_below_centre; /* mm: 署名 below the seal's centre, at least */
    int stamp_gap_lines, stamp_date_gap_lines; /* 行: signature stamp (§7.3.5.3) */
    double stamp_right_indent, stamp_title_gap; /* 字 */
    int attachment_label_line, attachment_title_line, issued_title_line; /* 1-based */
    double colophon_size;               /* pt */
    double colophon_indent;             /* 字 of the 版记's size */
    double thick_rule, thin_rule;       /* mm */
    double colophon_row_pitch;          /* mm */
    bool colophon_even_page;
    bool colophon_rules, colophon_printer;
    double page_number_size;            /* pt */
    double page_number_dash_below;      /* mm below the 版心 */
    double page_number_indent;          /* 字 (grid cells) */
    bool page_number_dash_ink;
    bool page_number_first;             /* page 1 numbered */
} gw_layout_spec;

void gw_layout_rules_spec(const gw_layout_rules *rules, gw_layout_spec *out);

/* Lays out doc. Returns NULL + GW_ERROR in diags when it cannot (e.g. nothing to lay out). */
gw_pagelist *gw_layout(const gw_document *doc, const gw_layout_rules *rules, const gw_fontset *fs,
                       gw_diags *diags);

#endif
