/* gw_fonts.h: fonts by 公文 role, found through fontconfig, shaped with HarfBuzz.
 *
 * Owns: gw_fontset, the faces chosen for each role (小标宋, 仿宋, 黑体, 楷体, 宋体, and the
 * Latin/digit face), each role an ordered list of candidate families read from
 * fonts/roles.ini: the real office fonts first, then the free stand-ins that setup.sh installs.
 * Faces are found with fontconfig using the system configuration plus fonts/fonts.conf, so a
 * user who installs the real fonts gets them with no flag. A fontset is loaded once and shared
 * by every document its engine renders, from any number of threads: once open it is never
 * written (its HarfBuzz faces and fonts are made immutable). What shaping one document
 * changes (a HarfBuzz buffer, the characters already reported missing) is a gw_shaper's, one
 * per document being laid out, used by one thread at a time.
 *
 * Shaping falls back per glyph: a character missing from a role's first face is taken from
 * the next face of the role that has it, then from any face of the set; never an empty box. */
#ifndef GW_FONTS_H
#define GW_FONTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <hb.h>

#include "../base/gw_diag.h"

typedef enum {
    GW_ROLE_XIAOBIAOSONG = 0, /* 小标宋: 发文机关标志, 标题 */
    GW_ROLE_FANGSONG,         /* 仿宋: body, default for everything */
    GW_ROLE_HEITI,            /* 黑体: level-1 headings, 密级, 紧急程度, 附件 label */
    GW_ROLE_KAITI,            /* 楷体: level-2 headings, 签发人 name */
    GW_ROLE_SONGTI,           /* 宋体: page numbers */
    GW_ROLE_LATIN,            /* digits and Latin letters (Times New Roman) */
    GW_ROLE_COUNT
} gw_font_role;

/* The ideographic em box of a face that says nothing about it: the common CJK split of the em,
 * 0.88 above the baseline and 0.12 below. Also the value to assume where there is no face. */
#define GW_EM_TOP_DEFAULT 0.88
#define GW_EM_BOTTOM_DEFAULT (-0.12)

/* Face-wide metrics a back end describes the face with (a PDF FontDescriptor), read once when
 * the face is loaded. Lengths in font units (upem to the em). */
typedef struct {
    int bbox[4];           /* head: xMin, yMin, xMax, yMax */
    double italic_angle;   /* post, degrees, rounded to 0.01 */
    bool fixed_pitch;      /* post isFixedPitch */
    unsigned weight;       /* OS/2 usWeightClass; 400 when absent or out of range */
    bool serif;            /* OS/2 serif family class, or PANOSE Latin Text with serifs */
    bool script;           /* OS/2 script family class, or PANOSE Latin Hand Written */
    bool italic;           /* OS/2 fsSelection italic, or a nonzero italic angle */
    bool has_ascender, has_descender, has_cap_height; /* the three below were found */
    int ascender, descender, cap_height;
    unsigned fs_type;      /* OS/2 fsType: the vendor's embedding licence (0 when absent) */
} gw_face_metrics;

/* What a face's licence (OS/2 fsType) lets a document carry of it. */
typedef enum {
    GW_EMBED_SUBSET = 0,   /* installable, editable or preview & print: a subset may be embedded */
    GW_EMBED_WHOLE,        /* bit 8 "no subsetting": only the whole face may be embedded */
    GW_EMBED_FORBIDDEN     /* Restricted License (bit 1 alone) or bit 9 "bitmap embedding only" */
} gw_embedding;

/* The embedding fs_type allows (OpenType spec, OS/2 fsType). */
gw_embedding gw_fs_type_embedding(unsigned fs_type);

typedef struct {
    gw_font_role role;     /* the role this face was chosen for */
    char *family;          /* family name as fontconfig reports it */
    char *full_name;       /* its full name ("Noto Sans CJK SC Regular"), or the family */
    unsigned weight;       /* its weight (OS/2 scale: 400 regular, 700 bold) as fontconfig and
                              its style names say; the one it was chosen by (some faces' OS/2
                              usWeightClass is wrong: FandolSong Bold says 400) */
    char *file;            /* font file */
    int index;             /* face index inside a .ttc/.otc collection (FC_INDEX) */
    bool standin;          /* a free stand-in, not one of the real office fonts */
    bool cff;              /* CFF outlines (embedded as FontFile3/OpenType), else TrueType */
    bool cff2;             /* the CFF outlines are CFF2 (cff is true too) */
    unsigned upem;
    double em_top;         /* ideographic em-box top above the baseline, in em (≈ 0.88) */
    double em_bottom;      /* ideographic em-box bottom, in em, negative (≈ −0.12) */
    gw_face_metrics metrics;
    gw_embedding embedding; /* what its licence (metrics.fs_type) lets a document carry; a
                              GW_EMBED_FORBIDDEN face is never in a fontset */
    hb_blob_t *blob;
    hb_face_t *hb_face;
    hb_font_t *hb_font;    /* scale = upem */
} gw_face;

/* One shaped glyph. Advances and offsets in em (multiply by the size in pt). */
typedef struct {
    int face;              /* index into the fontset's faces */
    uint32_t gid;
    uint32_t cluster;      /* byte offset into the shaped text */
    uint32_t codepoint;    /* the first character of the cluster */
    double x_advance, x_offset, y_offset;
} gw_shaped;

typedef struct gw_fontset gw_fontset;
typedef struct gw_shaper gw_shaper;

/* Opens the fonts for every role. fonts_dir holds roles.ini and fonts.conf. Warns once per
 * role that fell back to a stand-in or to another candidate; fails (NULL, GW_ERROR) only when
 * a role has no usable face at all. */
gw_fontset *gw_fontset_open(const char *fonts_dir, gw_diags *diags);
void gw_fontset_close(gw_fontset *fs);

size_t gw_fontset_n_faces(const gw_fontset *fs);
const gw_face *gw_fontset_face(const gw_fontset *fs, int face);
/* The faces of a role, in fallback order. */
const int *gw_fontset_role_faces(const gw_fontset *fs, gw_font_role role, size_t *n);
const char *gw_role_name(gw_font_role role); /* "小标宋", "仿宋", … */

/* The shaping state of one document over fs (which must outlive it): one per document being
 * laid out, used by one thread at a time. */
gw_shaper *gw_shaper_new(const gw_fontset *fs);
void gw_shaper_free(gw_shaper *sh);
const gw_fontset *gw_shaper_fonts(const gw_shaper *sh);

/* Shapes text[0..len) in the faces of role, with per-glyph fallback. Returns the number of
 * glyphs and a malloc'd array in *out (logical order). Characters no face has are reported
 * once each per shaper (per document) as a warning in diags (may be NULL) and drawn with the
 * role's first face's .notdef. */
size_t gw_shape(gw_shaper *sh, gw_font_role role, const char *text, size_t len,
                gw_shaped **out, gw_diags *diags);

/* Ink extents of a glyph in em, y up from the baseline. Returns false for an empty glyph. */
bool gw_glyph_ink(const gw_fontset *fs, int face, uint32_t gid, double *x_min, double *x_max,
                  double *y_min, double *y_max);

/* How a document embeds the face by default: whole, subset, simplified. */
const char *gw_face_treatment(const gw_face *f);

/* `gongwen fonts`: role → face (full name, weight), file, face index, stand-in or not,
 * licence and treatment. */
void gw_fontset_print(const gw_fontset *fs, FILE *out);

#endif
