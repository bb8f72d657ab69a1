/* gw_pdf_font.h: embedded fonts of the PDF back end (internal to src/pdf/).
 *
 * Owns: for each face a page list uses, the glyphs collected from the runs, the HarfBuzz subset
 * holding only those glyphs, and the libharu objects of its Type0/Identity-H font: the
 * CIDFontType0 (bare CFF, FontFile3/CIDFontType0C) or CIDFontType2 (FontFile2) descendant, its
 * FontDescriptor, its /W widths and its ToUnicode CMap. Content streams write the subset's glyph
 * ids, which are also the CIDs: a CID-keyed CFF subset gets an identity charset so that every
 * reader (poppler, MuPDF, FreeType, Acrobat) maps CID n to glyph n.
 *
 * Embedding runs in two phases: preparing each face (subset, charset, widths, ToUnicode text,
 * deflating) touches neither libharu nor the diagnostics, so faces are prepared on several
 * threads at once; the libharu objects are then made on the calling thread. */
#ifndef GW_PDF_FONT_H
#define GW_PDF_FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hpdf.h>

#include "../base/gw_diag.h"
#include "../base/gw_util.h"
#include "../fonts/gw_fonts.h"

/* What a face's subset knows about one glyph of the original face. */
typedef struct {
    const char *text;   /* first text this glyph stood for (into a run's text), NULL = none */
    uint32_t n_bytes;
    uint32_t new_gid;   /* glyph id in the subset = CID; valid once the face is prepared */
} gw_pdf_glyph_slot;

typedef struct {
    int bbox[4];
    double italic_angle;
    int ascent, descent, cap_height, stem_v;
    unsigned flags;
} gw_pdf_font_metrics;

typedef struct {
    const gw_face *face;
    int index;                  /* face index in the fontset */
    unsigned n_src_glyphs;      /* glyph count of the original face */
    gw_pdf_glyph_slot *slots;   /* n_src_glyphs entries, NULL until the face is used */
    hb_set_t *used;             /* original glyph ids used */

    /* made by preparing */
    bool cff, cff2;             /* CFF → CIDFontType0C; CFF2 → OpenType; else TrueType */
    unsigned n_cids;            /* glyphs in the subset */
    int *widths;                /* /W of each CID, in 1/1000 em */
    int dw;                     /* /DW: the most common width */
    char base_font[96];         /* ABCDEF+PostScriptName */
    gw_pdf_font_metrics metrics;
    gw_buf program;             /* the font program, deflated */
    size_t program_len;         /* its length before deflating (Length1) */
    gw_buf tounicode;           /* the ToUnicode CMap, deflated */
    char *error;                /* why preparing failed, NULL if it did not */

    HPDF_Dict type0;            /* the font resource the pages name */
} gw_pdf_font;

typedef struct {
    gw_pdf_font *fonts;         /* one per face of the fontset */
    size_t n_fonts;
    gw_diags *diags;
} gw_pdf_fonts;

/* Prepares one (still unused) entry per face of fs. */
void gw_pdf_fonts_init(gw_pdf_fonts *pf, const gw_fontset *fs, gw_diags *diags);
void gw_pdf_fonts_free(gw_pdf_fonts *pf);

/* Records that glyph gid of face stands for text[0..n_bytes) (n_bytes may be 0). Returns false
 * (GW_ERROR in diags) for a face or glyph id the fontset does not have. */
bool gw_pdf_fonts_use(gw_pdf_fonts *pf, int face, uint32_t gid, const char *text,
                      uint32_t n_bytes);

/* Subsets every used face and builds its font objects in pdf. Returns 0, or -1 (GW_ERROR). */
int gw_pdf_fonts_embed(gw_pdf_fonts *pf, HPDF_Doc pdf);

#endif
