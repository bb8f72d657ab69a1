/* gw_pdf_font.h: embedded fonts of the PDF back end (internal to src/pdf/).
 *
 * Owns: for each face a page list uses, the glyphs collected from the runs, the font program
 * holding only those glyphs (by default a CID-keyed CFF of their simplified outlines, see
 * gw_outline.h; with exact outlines, the HarfBuzz subset of the face), and the libharu objects of its Type0/Identity-H font: the
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
    uint32_t text_at;   /* first text this glyph stood for: at texts + text_at of its font */
    uint32_t n_bytes;   /* its length; 0 = none */
    uint32_t new_gid;   /* glyph id in the subset = CID; valid once the face is prepared */
} gw_pdf_glyph_slot;

typedef struct {
    int bbox[4];
    double italic_angle;
    int ascent, descent, cap_height, stem_v;
    unsigned flags;
} gw_pdf_font_metrics;

/* A text the face's .notdef stood for: a character (with its marks) that no font has. */
typedef struct {
    uint32_t text_at;           /* at texts + text_at of its font */
    uint32_t n_bytes;
} gw_pdf_missing;

typedef struct {
    const gw_face *face;
    int index;                  /* face index in the fontset */
    unsigned n_src_glyphs;      /* glyph count of the original face */
    gw_pdf_glyph_slot *slots;   /* n_src_glyphs entries, NULL until the face is used */
    hb_set_t *used;             /* original glyph ids used */
    double max_size;            /* the largest size (pt) a run draws the face at */
    /* Copies of the texts the slots and the missing texts stand for: a page's runs may be
     * freed once the page is written, before the ToUnicode map is made. */
    gw_buf texts;
    /* Distinct texts drawn with .notdef, in order of first use, and an open-addressing index
     * over them (entry = position + 1, 0 = empty). Each gets a CID of its own past the
     * subset's glyphs, whose ToUnicode entry gives that character back: in a TrueType face
     * the CIDToGIDMap maps it to glyph 0, a CID-keyed CFF gets a copy of .notdef for it. */
    gw_pdf_missing *missing;
    size_t n_missing, cap_missing;
    uint32_t *missing_index;
    size_t cap_index;

    /* made by preparing */
    bool cff, cff2;             /* CFF → CIDFontType0C; CFF2 → OpenType; else TrueType */
    unsigned n_cids;            /* glyphs in the subset */
    unsigned n_extra;           /* CIDs n_cids.. of the missing texts (0 where that cannot be,
                                   a name-keyed CFF or CFF2: CID 0 with /ActualText instead) */
    gw_buf cidtogid;            /* with extra CIDs: the CIDToGIDMap stream, deflated */
    int *widths;                /* /W of each CID (n_cids + n_extra), in 1/1000 em */
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
    int threads;                /* threads preparing faces: 0 = one per processor, at most 4 */
    double outline_tolerance;   /* mm on paper the simplified outlines may move (at the largest
                                   size each face is drawn); 0 = embed the face's own outlines
                                   and hints (see gw_outline.h) */
    gw_diags *diags;
} gw_pdf_fonts;

/* The most characters one glyph's ToUnicode entry stands for (readers' limit). */
#define GW_PDF_TOUNICODE_MAX 8

/* Prepares one (still unused) entry per face of fs. */
void gw_pdf_fonts_init(gw_pdf_fonts *pf, const gw_fontset *fs, gw_diags *diags);
void gw_pdf_fonts_free(gw_pdf_fonts *pf);

/* Records that glyph gid of face, drawn at size pt, stands for text[0..n_bytes) (n_bytes may be
 * 0). Returns false (GW_ERROR in diags) for a face or glyph id the fontset does not have. */
bool gw_pdf_fonts_use(gw_pdf_fonts *pf, int face, uint32_t gid, double size, const char *text,
                      uint32_t n_bytes);

/* Subsets every used face and builds its font objects in pdf. Returns 0, or -1 (GW_ERROR). */
int gw_pdf_fonts_embed(gw_pdf_fonts *pf, HPDF_Doc pdf);

/* The CID that draws glyph gid of a prepared face where it stands for text[0..n_bytes), and in
 * *mapped whether the ToUnicode map gives that text for it. It does not when the glyph stood
 * for other text first (one glyph, two characters), or for a .notdef that got no CID of its
 * own; the page then says the text with /ActualText. */
unsigned gw_pdf_font_cid(const gw_pdf_font *f, uint32_t gid, const char *text, uint32_t n_bytes,
                         bool *mapped);

/* Deflates data into out (replacing its content); strategy: zlib's (Z_RLE for charstrings,
 * Z_DEFAULT_STRATEGY else). */
bool gw_pdf_deflate(gw_buf *out, const void *data, size_t len, int strategy);
/* A stream dictionary's write_fn for data deflated by us: libharu writes a Filter only for
 * what it compresses itself, and removes any other. */
HPDF_STATUS gw_pdf_write_flate_filter(HPDF_Dict d, HPDF_Stream out);

/* Hex and UTF-16BE output shared by the content streams, the CMaps and the document info. */
void gw_pdf_put_hex16(gw_buf *b, unsigned v);
/* Appends cp as UTF-16BE (a surrogate pair beyond the BMP): hex digits, or raw bytes. */
void gw_pdf_put_utf16(gw_buf *b, uint32_t cp, bool hex);

#endif
