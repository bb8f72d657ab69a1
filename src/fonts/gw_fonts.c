/* Placeholder: replaced by the fonts implementation. */
#include "gw_fonts.h"
gw_fontset *gw_fontset_open(const char *d, gw_diags *diags) { (void)d; gw_diags_add(diags, GW_ERROR, 0, 0, "fonts not implemented"); return NULL; }
void gw_fontset_close(gw_fontset *fs) { (void)fs; }
size_t gw_fontset_n_faces(const gw_fontset *fs) { (void)fs; return 0; }
const gw_face *gw_fontset_face(const gw_fontset *fs, int f) { (void)fs; (void)f; return NULL; }
const int *gw_fontset_role_faces(const gw_fontset *fs, gw_font_role r, size_t *n) { (void)fs; (void)r; *n = 0; return NULL; }
const char *gw_role_name(gw_font_role r) { (void)r; return "?"; }
size_t gw_shape(gw_fontset *fs, gw_font_role r, const char *t, size_t l, gw_shaped **o, gw_diags *d) { (void)fs; (void)r; (void)t; (void)l; (void)d; *o = NULL; return 0; }
bool gw_glyph_ink(const gw_fontset *fs, int f, uint32_t g, double *a, double *b, double *c, double *e) { (void)fs; (void)f; (void)g; (void)a; (void)b; (void)c; (void)e; return false; }
void gw_fontset_print(const gw_fontset *fs, FILE *out) { (void)fs; (void)out; }
