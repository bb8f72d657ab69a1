/* Placeholder: replaced by the layout implementation. */
#include "gw_layout.h"
gw_layout_rules *gw_layout_rules_load(const char *p, gw_diags *diags) { (void)p; gw_diags_add(diags, GW_ERROR, 0, 0, "layout not implemented"); return NULL; }
void gw_layout_rules_free(gw_layout_rules *r) { (void)r; }
gw_pagelist *gw_layout(const gw_document *d, const gw_layout_rules *r, gw_fontset *fs, gw_diags *diags) { (void)d; (void)r; (void)fs; (void)diags; return NULL; }
