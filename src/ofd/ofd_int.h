/* ofd_int.h: the inside of the OFD back end, shared by its files (not for other stages).
 *
 *   gw_ofd.c     the package: IDs, OFD.xml, Document.xml, resources, the ZIP (libzip)
 *   ofd_page.c   a page's Content.xml: text objects, rules, images, turned pages
 *   ofd_font.c   the embedded font files (hb-subset plus a cmap of our own)
 *   ofd_tags.c   the GB/T 33476 公文域 custom tags
 *
 * Lengths in the XML are millimetres; the page list's are points: mm = pt × 25.4 / 72. */
#ifndef GW_OFD_INT_H
#define GW_OFD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hb.h>

#include "../base/gw_util.h"
#include "gw_ofd.h"

#define OFD_NS "http://www.ofdspec.org/2016"
#define OFD_PT_MM (25.4 / 72.0)

/* ---- fonts (ofd_font.c) ------------------------------------------------------------------ */

/* A glyph's ink box in font units, as hb_font_get_glyph_extents gives it (state 0: not asked
 * yet, 1: inked, 2: no ink). */
typedef struct {
    hb_glyph_extents_t ext;
    unsigned char state;
} ofd_ink;

typedef struct {
    const gw_face *face;
    int index;               /* face index in the fontset */
    unsigned id;             /* the Font resource's ID, 0 = the face is not used */
    gw_embedding embedding;  /* from the face's OS/2 fsType */
    hb_set_t *glyphs;        /* original glyph ids drawn, plus the nominal glyphs of the text */
    hb_set_t *unicodes;      /* characters of the runs the face maps to a glyph */
    double max_size;         /* pt */

    /* made by preparing (any thread) */
    gw_buf file;             /* the font file (the package takes it over) */
    bool embedded;           /* a file was made (false: the licence forbids embedding) */
    const char *ext;         /* "otf" or "ttf" */
    hb_map_t *old_to_new;    /* original glyph id → glyph id in the file (subset only) */
    char *error;             /* why it could not be made, NULL if it could */

    /* asked by the pages: each glyph's ink box, measured once (a CFF glyph's extents are
       found by running its charstring: a third of an OFD's time when asked per glyph drawn) */
    ofd_ink *ink;            /* per original glyph id; NULL until asked */
    unsigned n_ink;
} ofd_font;

typedef struct {
    ofd_font *fonts;         /* one per face of the fontset */
    size_t n_fonts;
    int threads;
    double outline_tolerance; /* mm on paper a CFF glyph's simplified outline may move (at the
                                 largest size the face is drawn); 0 = the face's own outlines */
} ofd_fonts;

void ofd_fonts_init(ofd_fonts *of, const gw_fontset *fs);
void ofd_fonts_free(ofd_fonts *of);
/* Records that glyph gid of face draws text[0..n) (n may be 0). false for a face or glyph the
 * fontset does not have (GW_ERROR in diags). */
bool ofd_fonts_use(ofd_fonts *of, int face, uint32_t gid, double size, const char *text,
                   uint32_t n, gw_diags *diags);
/* Makes the file of every used face, on several threads. Returns 0, or -1 (GW_ERROR). */
int ofd_fonts_prepare(ofd_fonts *of, gw_diags *diags);
/* The glyph id in the embedded file that draws original glyph gid (UINT32_MAX: none). */
uint32_t ofd_font_glyph(const ofd_font *f, uint32_t gid);
/* The glyph the embedded file's cmap gives for cp, in the file's numbering (UINT32_MAX when
 * the file does not map it, or when the face is not embedded). */
uint32_t ofd_font_cmap(const ofd_font *f, uint32_t cp);
bool ofd_font_embedded(const ofd_font *f);
/* The ink box of glyph gid of f in font units; false when it has none. */
bool ofd_font_ink(ofd_font *f, uint32_t gid, hb_glyph_extents_t *ext);

/* ---- the document ------------------------------------------------------------------------ */

typedef struct {
    char *name;              /* path inside the package */
    gw_buf data;
    bool deflate;            /* false: stored (already compressed: PNG, JPEG) */
} ofd_part;

typedef struct {
    const char *path;        /* the page list's image path */
    unsigned id;             /* MultiMedia ID */
    char *file;              /* name inside Res/ */
    const char *format;      /* "PNG", "JPEG" */
} ofd_image;

typedef struct {
    gw_tag tag;
    unsigned page_id, object_id;
} ofd_tag_ref;

typedef struct {
    const gw_pagelist *pl;
    const gw_fontset *fs;
    gw_diags *diags;
    unsigned next_id;        /* the last ID given */
    unsigned rgb_id;         /* the RGB colour space (DefaultCS) */
    ofd_fonts fonts;
    ofd_image *images;
    size_t n_images, cap_images;
    ofd_part *parts;
    size_t n_parts, cap_parts;
    ofd_tag_ref *tags;
    size_t n_tags, cap_tags;
} ofd_doc;

static inline unsigned ofd_new_id(ofd_doc *d)
{
    return ++d->next_id;
}

/* Adds a part; returns its buffer to fill. */
gw_buf *ofd_add_part(ofd_doc *d, const char *name, bool deflate);

/* XML text with &, <, > and " escaped; spaces as &#x20; when space_ref (TextCode: a reader
 * that trims a value must not lose a leading or trailing space). */
void ofd_xml_text(gw_buf *b, const char *s, size_t n, bool space_ref);
/* A length in mm with at most 3 decimals, trailing zeros dropped. */
void ofd_put_mm(gw_buf *b, double mm);
/* µm as mm (exact: the integer divided by 1000). */
void ofd_put_um(gw_buf *b, long long um);

/* ---- pages (ofd_page.c) ------------------------------------------------------------------ */

/* Writes page p's Content.xml into out, giving IDs to its layer and objects and recording
 * each object's tag. Returns 0, or -1 (GW_ERROR). */
int ofd_page_content(ofd_doc *d, size_t p, unsigned page_id, gw_buf *out);

/* ---- tags (ofd_tags.c) ------------------------------------------------------------------- */

void ofd_tag_object(ofd_doc *d, gw_tag tag, unsigned page_id, unsigned object_id);
/* Adds Doc_0/Tags/CustomTags.xml and the 公文域 file. Returns whether there was any tag. */
bool ofd_tags_write(ofd_doc *d);

#endif
