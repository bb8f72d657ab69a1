/* gw_fonts_private.h: the inside of gw_fontset, shared by gw_fonts.c (finding and loading
 * faces) and gw_shape.c (per-glyph fallback and HarfBuzz shaping). Not for other stages. */
#ifndef GW_FONTS_PRIVATE_H
#define GW_FONTS_PRIVATE_H

#include "gw_fonts.h"

/* A face with what only `gongwen fonts` needs. pub comes first so that a pointer to a
 * gw_face_rec is a pointer to its gw_face. */
typedef struct {
    gw_face pub;
    char *style;            /* style as fontconfig reports it (or as roles.ini asked) */
    int fc_index;           /* FC_INDEX: face index, plus a named instance in the upper bits */
    bool fallback_only;     /* found only through [fallback], serves no role of its own */
} gw_face_rec;

struct gw_fontset {
    gw_face_rec *faces;
    size_t n_faces, cap_faces;

    /* Each role's own faces, in roles.ini order (first = the face that serves the role). */
    int *role_faces[GW_ROLE_COUNT];
    size_t n_role_faces[GW_ROLE_COUNT];
    /* Office families of each role that were not found, for `gongwen fonts`. */
    char *missing_office[GW_ROLE_COUNT];

    /* Faces of the [fallback] section, in order. */
    int *fallback;
    size_t n_fallback;

    /* Per role, every face of the set in the order gw_shape tries them: the role's own faces,
     * then the fallback faces, then all others. n_faces entries each. */
    int *search[GW_ROLE_COUNT];

    hb_language_t zh_hans;
};

/* The state of shaping one document (gw_shaper, gw_shape.c): what one thread changes while
 * the fontset it reads stays as it was loaded. */
struct gw_shaper {
    const gw_fontset *fs;
    hb_buffer_t *buf;
    /* Characters already reported as missing from every face in this document (sorted), so
     * that each is reported once per document. */
    uint32_t *reported;
    size_t n_reported, cap_reported;
};

#endif
