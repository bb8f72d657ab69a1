/* Placeholder: replaced by the PDF implementation. */
#include "gw_pdf.h"
int gw_pdf_write(const gw_pagelist *pl, const gw_fontset *fs, const char *c, unsigned char **o, size_t *l, gw_diags *d) { (void)pl; (void)fs; (void)c; (void)o; (void)l; gw_diags_add(d, GW_ERROR, 0, 0, "pdf not implemented"); return -1; }
