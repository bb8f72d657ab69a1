/* gw_pdf.h: the PDF back end: draws a gw_pagelist through libharu.
 *
 * Owns: the PDF document: pages, content streams, colours, rules, images, document info, and
 * the embedded fonts: each face used becomes a Type0/Identity-H font whose program holds only
 * the glyphs used: by default a CID-keyed CFF (CIDFontType0 + FontFile3/CIDFontType0C) of
 * their simplified outlines, whatever the face's format; with exact outlines the face's own
 * HarfBuzz subset (CIDFontType0C or OpenType for CFF faces, CIDFontType2 + FontFile2 for
 * TrueType). Each has an exact ToUnicode CMap so copy-paste and pdftotext give the source text
 * back (/ActualText for a glyph that stands for several texts, such as the .notdef of every
 * character no font has). libharu's high-level font API is not used (it embeds whole fonts,
 * rejects CFF and writes a malformed ToUnicode map). */
#ifndef GW_PDF_H
#define GW_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/gw_diag.h"
#include "../fonts/gw_fonts.h"
#include "../pagelist/gw_pagelist.h"

/* Renders pl into a PDF held in memory (*out, malloc'd, *out_len bytes). creator is the
 * PDF Creator string ("gongwen 0.1.0"). Returns 0, or -1 with a GW_ERROR in diags. */
int gw_pdf_write(const gw_pagelist *pl, const gw_fontset *fs, const char *creator,
                 unsigned char **out, size_t *out_len, gw_diags *diags);

typedef struct {
    const char *creator; /* PDF Creator string, NULL = none */
    int threads;         /* threads that subset the fonts: 0 = one per processor (at most 4),
                            1 = the calling thread only */
    bool exact_outlines; /* embed each face's own outlines and hints, unsimplified */
} gw_pdf_options;

/* How far (mm on paper, at the largest size a face is drawn) a simplified glyph outline may
 * lie from the face's own: a third of a dot of a 600 dpi office printer (0.042 mm), a fifth of
 * what the eye resolves at reading distance (0.07 mm). At 3号 it is 2.7 units of a 1000-unit
 * em. It halves the weight of the free 仿宋 in a PDF (gw_outline.h); issue 3 asks for the
 * sample in at most 250 KB: 0.015 gives 238 KB, 0.012 would give 257 KB. */
#define GW_PDF_OUTLINE_TOLERANCE_MM 0.015

/* gw_pdf_write with options (opt NULL = the defaults). */
int gw_pdf_write_with(const gw_pagelist *pl, const gw_fontset *fs, const gw_pdf_options *opt,
                      unsigned char **out, size_t *out_len, gw_diags *diags);
/* The same for a page list rendered once: each page's runs are freed once written
 * (gw_page_release_runs), so that a long document's peak memory is not the page list and
 * the PDF objects together. The caller still frees pl. */
int gw_pdf_write_releasing(gw_pagelist *pl, const gw_fontset *fs, const gw_pdf_options *opt,
                           unsigned char **out, size_t *out_len, gw_diags *diags);

#endif
