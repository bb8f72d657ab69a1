/* gw_outline.h: glyph outlines for the embedded fonts (internal to src/pdf/).
 *
 * Owns: a glyph's outline drawn from any face HarfBuzz reads (CFF, CFF2, TrueType), as contours
 * of lines and cubic curves in font units; its simplification within a tolerance; its Type 2
 * charstring; and a CID-keyed CFF font program (CIDFontType0C) made of such charstrings.
 *
 * Why: the free 仿宋 stand-in (FandolFang) is an auto-traced font. Its outlines hold about a
 * hundred segments per glyph, most of them curves a few font units long whose control points
 * lie on their chord, so a 700-character document carries 360 KB of it. Replacing every run of
 * segments that a straight line follows within the tolerance, and dropping the hints, which
 * only a screen at small sizes uses, halves that. The tolerance is a length on paper (see
 * GW_PDF_OUTLINE_TOLERANCE_MM): no printer can show the difference. */
#ifndef GW_OUTLINE_H
#define GW_OUTLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hb.h>

#include "../base/gw_util.h"

typedef struct {
    double x, y;
} gw_pt;

enum { GW_SEG_MOVE, GW_SEG_LINE, GW_SEG_CURVE };

/* One step of a path: a move starts a contour (closed implicitly by the next move or the end);
 * a line or cubic curve goes from the current point to p (c1, c2: the curve's controls). */
typedef struct {
    int kind;
    gw_pt c1, c2, p;
} gw_seg;

/* A glyph's outline; reused from glyph to glyph, so its buffers grow once. */
typedef struct {
    gw_seg *segs;
    size_t n, cap;
    gw_pt *scratch;         /* points a simplified line must keep within the tolerance */
    size_t n_scratch, cap_scratch;
    void *enc;              /* a contour in integer deltas, while it is encoded */
    size_t cap_enc;
    bool oom;               /* a segment could not be stored while HarfBuzz drew (its callbacks
                               must not jump out of it): gw_outline_draw reports it after */
} gw_outline;

void gw_outline_init(gw_outline *o);
void gw_outline_free(gw_outline *o);

/* Draws glyph gid of font (whose scale must be its face's upem, so that coordinates are font
 * units) into o, replacing what it held. Quadratic curves become the cubic curves they are. */
void gw_outline_draw(gw_outline *o, hb_font_t *font, hb_draw_funcs_t *funcs, hb_codepoint_t gid);

/* The draw functions gw_outline_draw needs; the caller destroys them (hb_draw_funcs_destroy). */
hb_draw_funcs_t *gw_outline_draw_funcs(void);

/* Simplifies o so that every point of the old outline lies within tolerance (font units) of
 * the new one: a curve whose points all lie within tolerance of its chord becomes a line, and
 * a run of lines becomes one line when every vertex and curve point it replaces lies within
 * tolerance of it. Contours and their starts are kept, and every curve that is not flat; a
 * vertex goes only when it lies within tolerance of the line that replaces it. tolerance <= 0
 * only drops segments of length zero. (gw_outline_charstring then rounds points to whole
 * units: nothing moves for a face whose points are whole, as CFF faces' are; a point moves at
 * most 0.71 unit otherwise, such as the controls of a TrueType face's curves.) */
void gw_outline_simplify(gw_outline *o, double tolerance);

/* Appends o as a Type 2 charstring (coordinates rounded to integers, no hints, ending in
 * endchar) to out. width: the glyph's advance minus the font's nominalWidthX, or NULL when the
 * advance is the font's defaultWidthX. Readers such as MuPDF take advances from the program,
 * not from the PDF's /W, so they must be right. Returns false when a coordinate (beyond
 * ±16383 units) or the width (beyond ±32767) does not fit, and was clamped: the caller then
 * embeds the face another way. A coordinate that is not a number counts as 0. */
bool gw_outline_charstring(gw_outline *o, const long *width, gw_buf *out);

/* Writes a CID-keyed CFF font program (Registry Adobe, Ordering Identity, CID n = glyph n, one
 * Font DICT) holding n_glyphs charstrings: glyph g's charstring is
 * charstrings[offsets[g] .. offsets[g + 1]). bbox: the face's FontBBox (xmin ymin xmax ymax,
 * font units), which readers take the text's ascent and descent from; default_width and
 * nominal_width: the Private DICT's defaultWidthX and nominalWidthX the charstrings were
 * written for; upem gives the FontMatrix. Returns false when the data does not fit a CFF (more
 * than 65535 glyphs). */
bool gw_cff_write_cid(gw_buf *out, const char *font_name, const gw_buf *charstrings,
                      const uint32_t *offsets, unsigned n_glyphs, const long bbox[4],
                      long default_width, long nominal_width, unsigned upem);

#endif
