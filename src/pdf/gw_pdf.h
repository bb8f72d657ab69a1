/* gw_pdf.h: the PDF back end: draws a gw_pagelist through libharu.
 *
 * Owns: the PDF document: pages, content streams, colours, rules, images, document info, and
 * the embedded fonts: each face used becomes a Type0/Identity-H font whose program is a
 * HarfBuzz subset holding only the glyphs used (CIDFontType0 + FontFile3/OpenType for CFF
 * faces, CIDFontType2 + FontFile2 for TrueType), with an exact ToUnicode CMap so copy-paste
 * and pdftotext give the source text back (/ActualText for a glyph that stands for several
 * texts, such as the .notdef of every character no font has). libharu's high-level font API is not used (it
 * embeds whole fonts, rejects CFF and writes a malformed ToUnicode map). */
#ifndef GW_PDF_H
#define GW_PDF_H

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
} gw_pdf_options;

/* gw_pdf_write with options (opt NULL = the defaults). */
int gw_pdf_write_with(const gw_pagelist *pl, const gw_fontset *fs, const gw_pdf_options *opt,
                      unsigned char **out, size_t *out_len, gw_diags *diags);

#endif
