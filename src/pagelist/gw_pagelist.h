/* gw_pagelist.h: the neutral page list between layout and the back ends.
 *
 * Owns: pages of positioned glyph runs, rules (straight lines) and images, in PDF points with
 * the origin at the TOP-LEFT corner of the sheet and y growing downward (the spec's frame;
 * back ends convert). Layout produces it; a back end (PDF now, others later) only draws it
 * and never needs to know what a 公文 is. Glyphs refer to faces of a gw_fontset by index. */
#ifndef GW_PAGELIST_H
#define GW_PAGELIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    GW_COLOR_BLACK = 0, /* DeviceGray 0 (K100), never rich black */
    GW_COLOR_RED        /* DeviceCMYK 0 1 1 0 (see layouts/: red ink ≥ Y80 M80) */
} gw_color;

/* The 公文 element an object of the page draws (GB/T 9704 names; GB/T 33476's 公文域 for the
 * OFD back end's tags, the proof's boxes). A back end may ignore it; it never changes how an
 * object is drawn. */
typedef enum {
    GW_EL_NONE = 0,
    GW_EL_COPY_NUMBER,      /* 份号 */
    GW_EL_SECRECY,          /* 密级和保密期限 */
    GW_EL_URGENCY,          /* 紧急程度 */
    GW_EL_ISSUER_MARK,      /* 发文机关标志 */
    GW_EL_DOC_NUMBER,       /* 发文字号 (命令: 令号) */
    GW_EL_SIGNER,           /* 签发人 */
    GW_EL_HEADER_RULE,      /* 版头分隔线 (信函: the double rules) */
    GW_EL_TITLE,            /* 标题 */
    GW_EL_ADDRESSEE,        /* 主送机关 */
    GW_EL_BODY,             /* 正文: paragraphs */
    GW_EL_HEADING,          /* 正文: a heading on a line of its own */
    GW_EL_TABLE,            /* 正文 or 附件: a table's text and rules */
    GW_EL_ATTACHMENT_NOTE,  /* 附件说明 */
    GW_EL_SIGNATURE,        /* 发文机关署名 */
    GW_EL_SIGNATORY_TITLE,  /* 签发人职务 (beside a signature stamp) */
    GW_EL_SIGNATURE_STAMP,  /* 签名章 */
    GW_EL_DATE,             /* 成文日期 */
    GW_EL_SEAL,             /* 印章 */
    GW_EL_NOTE,             /* 附注 */
    GW_EL_ATTENDANCE,       /* 纪要: 出席, 请假, 列席 */
    GW_EL_NO_TEXT_NOTE,     /* （此页无正文） */
    GW_EL_ANNEX_LABEL,      /* 附件: the `附件1` label */
    GW_EL_ANNEX_TITLE,      /* 附件: its title (or an issued document's) */
    GW_EL_ANNEX_BODY,       /* 附件: its text */
    GW_EL_COLOPHON_RULE,    /* 版记 rules */
    GW_EL_COLOPHON_MAIN_TO, /* 版记: 主送 */
    GW_EL_CC,               /* 抄送机关 */
    GW_EL_DISTRIBUTE,       /* 分送 */
    GW_EL_PRINTER,          /* 印发机关 */
    GW_EL_PRINT_DATE,       /* 印发日期 */
    GW_EL_PAGE_NUMBER,      /* 页码 */
    GW_EL_COUNT
} gw_element;

/* English identifier of an element ("issuer_mark"), and its name in the standard ("发文机关标志"). */
const char *gw_element_id(gw_element e);
const char *gw_element_name(gw_element e);

/* Which element an object draws, and which occurrence of it (0-based: the n-th paragraph of
 * the 正文, the n-th 署名, the n-th 附件 …). */
typedef struct {
    gw_element element;
    int index;
} gw_tag;

typedef struct {
    uint32_t gid;      /* glyph id in the run's face */
    float x;           /* pt from the sheet's left edge to the glyph origin (a float: 1/10,000
                          pt on an A4 sheet, and a page list of 1,000 pages stays small) */
    float dy;          /* pt, added to the run's baseline (downward), usually 0 */
    uint32_t cluster;  /* byte offset into the run's text where this glyph's characters start */
    uint32_t n_bytes;  /* bytes of text this glyph stands for (0 for the 2nd.. glyph of a cluster) */
    float set_x0, set_x1; /* pt from the sheet's left edge: the room layout set the glyph in
                             (its grid cell, less the blank a compressed mark gave up; a word's
                             whole width for its letters); both 0 = not known (use the
                             advance). Back ends need not read it; proofs measure with it. */
} gw_glyph;

typedef struct {
    int face;          /* index into the gw_fontset's faces */
    double size;       /* font size in pt */
    double hscale;     /* horizontal scale: 1.0, or < 1 for a compressed 发文机关标志 */
    gw_color color;
    double baseline;   /* pt from the sheet's top edge */
    char *text;        /* the characters the glyphs stand for (UTF-8), for ToUnicode; owned */
    gw_glyph *glyphs;  /* owned */
    size_t n_glyphs;
    gw_tag tag;
    bool turned;       /* set in the landscape frame of a rotate = 90 page (a wide table, §8):
                          x runs along the sheet's height, the baseline from the sheet's left
                          edge; a point (X, Y) of that frame is (Y, page height − X) on the
                          portrait sheet, so back ends draw the run turned a quarter
                          counter-clockwise, and a viewer turning the page by /Rotate 90 shows
                          it upright. Only on rotate = 90 pages. */
} gw_glyph_run;

typedef struct {
    double x0, y0, x1, y1; /* centre line of the stroke, pt, top-left origin */
    double width;          /* stroke width, pt */
    gw_color color;
    gw_tag tag;
} gw_rule;

typedef struct {
    double x, y, w, h;     /* pt, top-left origin, the image's box */
    char *path;            /* owned */
    gw_tag tag;
} gw_image;

typedef struct {
    double width, height;  /* sheet size, pt */
    int number;            /* printed page number, 0 = no number printed */
    int rotate;            /* 0, or 90: a landscape page (a wide table, §8) laid out in the
                              portrait frame and shown turned a quarter clockwise by viewers
                              (PDF /Rotate 90); width and height stay the portrait sheet's.
                              Its rules and the page number are in the portrait frame; the
                              table's text runs are `turned` */
    gw_glyph_run *runs;
    size_t n_runs, cap_runs;
    gw_rule *rules;
    size_t n_rules, cap_rules;
    gw_image *images;
    size_t n_images, cap_images;
} gw_page;

typedef struct {
    gw_page *pages;
    size_t n_pages, cap_pages;
    /* document information (PDF Info: Title, Author, Subject) */
    char *title;
    char *author;
    char *subject;
} gw_pagelist;

gw_pagelist *gw_pagelist_new(void);
void gw_pagelist_free(gw_pagelist *pl);
/* Frees a page's glyph runs once a back end has drawn them, when the page list is rendered
 * once: a long document's runs go back to the allocator as its file grows. */
void gw_page_release_runs(gw_page *pg);
gw_page *gw_pagelist_add_page(gw_pagelist *pl, double width, double height);
/* Adds a run; text is copied, glyphs are copied. Returns the run (its tag is GW_EL_NONE until
 * the caller sets it; so for rules and images). */
gw_glyph_run *gw_page_add_run(gw_page *pg, int face, double size, double hscale, gw_color color,
                              double baseline, const char *text, size_t text_len,
                              const gw_glyph *glyphs, size_t n_glyphs);
gw_rule *gw_page_add_rule(gw_page *pg, double x0, double y0, double x1, double y1, double width,
                          gw_color color);
gw_image *gw_page_add_image(gw_page *pg, double x, double y, double w, double h,
                            const char *path);

#endif
