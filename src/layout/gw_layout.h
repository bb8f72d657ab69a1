/* gw_layout.h: lays a gw_document out on the GB/T 9704 grid and produces a gw_pagelist.
 *
 * Owns: the layout rules (every number from the standard, read from a file in layouts/,
 * named as the standard names them), the grid (22 lines × 28 characters in the 156 × 225 mm
 * 版心), line breaking with 避头尾, page composition (版头, 主体, the closing block with its
 * seals and signature stamps and the §7.3.5.5 remedies, attachments, 版记 on an even page,
 * page numbers). Reads the model, never changes it. */
#ifndef GW_LAYOUT_H
#define GW_LAYOUT_H

#include "../base/gw_diag.h"
#include "../fonts/gw_fonts.h"
#include "../model/gw_model.h"
#include "../pagelist/gw_pagelist.h"

typedef struct gw_layout_rules gw_layout_rules;

/* Loads rules from an INI file (layouts/gbt9704.ini). NULL + GW_ERROR on a bad file. */
gw_layout_rules *gw_layout_rules_load(const char *path, gw_diags *diags);
void gw_layout_rules_free(gw_layout_rules *rules);

/* Lays out doc. Returns NULL + GW_ERROR in diags when it cannot (e.g. nothing to lay out). */
gw_pagelist *gw_layout(const gw_document *doc, const gw_layout_rules *rules, gw_fontset *fs,
                       gw_diags *diags);

#endif
