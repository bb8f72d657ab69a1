/* gw_pagelist.h: the neutral page list between layout and the back ends.
 *
 * Owns: pages of positioned glyph runs, rules (straight lines) and images, in PDF points with
 * the origin at the TOP-LEFT corner of the sheet and y growing downward (the spec's frame;
 * back ends convert). Layout produces it; a back end (PDF now, others later) only draws it
 * and never needs to know what a 公文 is. Glyphs refer to faces of a gw_fontset by index. */
#ifndef GW_PAGELIST_H
#define GW_PAGELIST_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    GW_COLOR_BLACK = 0, /* DeviceGray 0 (K100), never rich black */
    GW_COLOR_RED        /* DeviceCMYK 0 1 1 0 (see layouts/: red ink ≥ Y80 M80) */
} gw_color;

typedef struct {
    uint32_t gid;      /* glyph id in the run's face */
    double x;          /* pt from the sheet's left edge to the glyph origin */
    double dy;         /* pt, added to the run's baseline (downward), usually 0 */
    uint32_t cluster;  /* byte offset into the run's text where this glyph's characters start */
    uint32_t n_bytes;  /* bytes of text this glyph stands for (0 for the 2nd.. glyph of a cluster) */
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
} gw_glyph_run;

typedef struct {
    double x0, y0, x1, y1; /* centre line of the stroke, pt, top-left origin */
    double width;          /* stroke width, pt */
    gw_color color;
} gw_rule;

typedef struct {
    double x, y, w, h;     /* pt, top-left origin, the image's box */
    char *path;            /* owned */
} gw_image;

typedef struct {
    double width, height;  /* sheet size, pt */
    int number;            /* printed page number, 0 = no number printed */
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
gw_page *gw_pagelist_add_page(gw_pagelist *pl, double width, double height);
/* Adds a run; text is copied, glyphs are copied. Returns the run. */
gw_glyph_run *gw_page_add_run(gw_page *pg, int face, double size, double hscale, gw_color color,
                              double baseline, const char *text, size_t text_len,
                              const gw_glyph *glyphs, size_t n_glyphs);
void gw_page_add_rule(gw_page *pg, double x0, double y0, double x1, double y1, double width,
                      gw_color color);
void gw_page_add_image(gw_page *pg, double x, double y, double w, double h, const char *path);

#endif
