/* gw_proof.h: proofs of a laid-out document (`gongwen proof`).
 *
 * Owns: the measurement of a page list (the box of every element, from the glyphs, rules and
 * images the page list holds and the tag each carries), the layout record (JSON, every element
 * per page: box in mm, font, size, colour), the comparison of a record with a reference record,
 * the GB/T 9704 conformance report measured on those boxes against the numbers of a rules file,
 * and the pictures: every page rasterised by FreeType from the faces and glyph ids the PDF
 * embeds, with the 版心 frame, the 22 × 28 grid and the element boxes drawn over it (PNG).
 *
 * Coordinates: mm, origin at the sheet's top-left corner, y downward (the spec's frame). */
#ifndef GW_PROOF_H
#define GW_PROOF_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/gw_diag.h"
#include "../base/gw_util.h"
#include "../fonts/gw_fonts.h"
#include "../layout/gw_layout.h"
#include "../model/gw_model.h"
#include "../pagelist/gw_pagelist.h"

/* The box of one element on one page (a paragraph cut by a page break has one per page). */
typedef struct {
    int page;               /* 1-based */
    gw_element element;
    int index;              /* the tag's index; for rules, their order on the page */
    double x0, y0, x1, y1;  /* em boxes of its glyphs (origin to advance), the stroke of a rule,
                               the box of an image */
    double ink_x0, ink_y0, ink_x1, ink_y1; /* the ink of its glyphs (= the box for rules, images) */
    bool has_ink;
    int lines;              /* text lines (distinct baselines); 0 for a rule or image */
    int face;               /* the face most of its glyphs are in; -1 for a rule or image */
    double size;            /* pt (text); stroke width in pt (rule) */
    gw_color color;
    bool is_rule, is_image;
    char *text;             /* its characters, in order (owned) */
} gw_proof_box;

/* One line of text of an element (runs on one baseline), for the measures of indents and grid. */
typedef struct {
    int page;
    gw_element element;
    int index;
    double baseline;        /* mm */
    double x0, x1, em_y0, em_y1; /* em box of the line, mm */
    double ink_x0, ink_x1, ink_y0, ink_y1;
    bool has_ink;
    int face;               /* face of its first glyph */
    double size;
    gw_color color;
    uint32_t first_cp;      /* first character */
    bool turned;            /* on a landscape page, set across the sheet (gw_glyph_run.turned):
                               its box is on the sheet, baseline is an x there */
} gw_proof_line;

/* One conformance rule measured on one element. */
typedef struct {
    const char *rule;       /* stable id, e.g. "issuer-mark-top" */
    const char *clause;     /* "§7.2.4" */
    const char *what;       /* what is required, in words */
    gw_element element;
    int index, page;
    char *measured, *required, *tolerance; /* formatted, with units (owned) */
    bool pass;
} gw_proof_result;

typedef struct {
    char *source;           /* the document's file name */
    const gw_fontset *fs;
    const gw_document *doc;
    const gw_pagelist *pl;
    size_t n_pages;
    gw_proof_box *boxes;
    size_t n_boxes;
    gw_proof_line *lines;
    size_t n_lines;
    gw_proof_result *results;
    size_t n_results;
    size_t n_failed;
} gw_proof;

/* Measures pl (laid out from doc with the faces of fs). doc and fs must outlive the proof. */
gw_proof *gw_proof_measure(const char *source, const gw_document *doc, const gw_pagelist *pl,
                           const gw_fontset *fs);
void gw_proof_free(gw_proof *p);

/* Measures every GB/T 9704 rule that applies to the document's format against the numbers of
 * std (the project's rules file, whatever rules the document was laid out with) and fills
 * p->results. Returns the number of rules that failed. */
size_t gw_proof_conform(gw_proof *p, const gw_layout_spec *std);

/* The layout record: JSON, keys in a fixed order, one element a line, mm rounded to 0.01. */
char *gw_proof_record_json(const gw_proof *p);

/* Compares p with a reference record (JSON text as gw_proof_record_json writes it) at tol mm.
 * Appends one line per difference to out ("page 1 发文机关标志 (issuer_mark 0): moved down
 * 0.50 mm …"). Returns the number of differences, or -1 when ref is not a layout record (the
 * reason in out). */
int gw_proof_compare(const gw_proof *p, const char *ref, size_t ref_len, double tol, gw_buf *out);

/* The conformance report: one line per rule (PASS/FAIL, measured, required, tolerance), ending
 * in the document's one-line summary (gw_proof_summary). */
char *gw_proof_report_text(const gw_proof *p);
char *gw_proof_report_html(const gw_proof *p, const char *reference_note);
/* `NAME: PASS 57 rules, 6 pages` or `NAME: FAIL 2 of 57 rules (issuer-mark-top …), 6 pages`. */
char *gw_proof_summary(const gw_proof *p);

/* One document of a folder's proofs, for its index page. */
typedef struct {
    const char *rel;       /* its path below the folder, without .txt (its proofs' folder) */
    size_t pages, rules, failed;
    int ref_diffs;         /* differences from its reference record; -1: none */
    bool error;            /* it could not be read or laid out */
    const char *summary;   /* its summary lines */
} gw_proof_entry;

/* index.html for a folder of proofs: totals (#n-docs, #n-pass, #n-fail, #n-error, #n-pages),
 * and per document (.doc.pass|.fail|.error) its counts (.pages-n, .rules-n, .failed-n), links
 * to NAME/report.html and NAME/layout.json, and thumbnails (img.thumb, NAME/thumb-N.png)
 * linking to NAME/page-N.png. standard: the rules file the documents were measured against. */
char *gw_proof_index_html(const gw_proof_entry *docs, size_t n, const char *standard);

/* A page as a picture (RGB, 8 bits a channel). */
typedef struct {
    int w, h;
    unsigned char *px;
} gw_proof_image;

typedef struct gw_proof_raster gw_proof_raster;
/* A rasteriser for the faces of fs (FreeType; glyph bitmaps cached across pages and documents).
 * NULL + GW_ERROR when FreeType cannot start. */
gw_proof_raster *gw_proof_raster_new(const gw_fontset *fs, gw_diags *diags);
void gw_proof_raster_free(gw_proof_raster *r);
/* Draws page (0-based) of p at dpi: the page as printed, then, with overlay, the 版心 frame and
 * the grid of std and every element's box with its name. A page with rotate = 90 is turned as
 * a viewer shows it. Returns 0, or -1 with GW_ERROR in diags (an image that cannot be read). */
int gw_proof_raster_page(gw_proof_raster *r, const gw_proof *p, size_t page,
                         const gw_layout_spec *std, double dpi, bool overlay,
                         gw_proof_image *out, gw_diags *diags);
/* A smaller copy (box filter) at most max_w pixels wide. */
void gw_proof_image_shrink(const gw_proof_image *in, int max_w, gw_proof_image *out);
/* PNG bytes of img (libpng). Returns 0, or -1. */
int gw_proof_image_png(const gw_proof_image *img, gw_buf *out);
void gw_proof_image_free(gw_proof_image *img);

#endif
