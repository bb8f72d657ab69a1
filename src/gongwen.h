/* gongwen.h: the library an OA system links: read 公文 text, lay it out to GB/T 9704-2012,
 * write PDF. The CLI (src/cli/main.c) is a thin front over exactly these calls.
 *
 * A gw_engine holds what is expensive and shared: the fonts of every role and the layout
 * rules. Make one per process, or one per thread (an engine is not thread-safe), and render
 * many documents with it. */
#ifndef GONGWEN_H
#define GONGWEN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/gw_diag.h"
#include "fonts/gw_fonts.h"
#include "layout/gw_layout.h"
#include "model/gw_model.h"
#include "pagelist/gw_pagelist.h"
#include "pdf/gw_pdf.h"
#include "reader/gw_reader.h"

typedef struct gw_engine gw_engine;

typedef struct {
    const char *datadir; /* folder holding fonts/ and layouts/; NULL = gw_default_datadir() */
    const char *layout;  /* rules file; NULL = <datadir>/layouts/gbt9704.ini */
    int pdf_threads;     /* threads each PDF subsets its fonts on: 0 = one per processor (at
                            most 4); 1 = none besides the caller's (a batch that already runs a
                            document per processor) */
    bool exact_outlines; /* embed each font's own outlines and hints: see gw_pdf_options */
} gw_engine_options;

const char *gw_version(void);
/* $GONGWEN_DATADIR, else the source tree this binary was built from, else the install dir. */
const char *gw_default_datadir(void);

/* Loads fonts and layout rules (opt NULL = the defaults). NULL + GW_ERROR in diags on
 * failure; font fallbacks are reported as warnings in diags, and a message about a line of the
 * layout rules file names that file (gw_diags_move). */
gw_engine *gw_engine_new(const gw_engine_options *opt, gw_diags *diags);
void gw_engine_free(gw_engine *e);
gw_fontset *gw_engine_fonts(gw_engine *e);

/* The engine's layout rules, read-only (gw_layout_rules_spec gives their numbers). */
const gw_layout_rules *gw_engine_rules(const gw_engine *e);
/* The folder the engine found fonts/ and layouts/ in. */
const char *gw_engine_datadir(const gw_engine *e);

/* Lays out doc into a page list (the caller frees it with gw_pagelist_free), for back ends and
 * tools other than the PDF writer (gongwen proof). NULL + GW_ERROR in diags when it cannot. */
gw_pagelist *gw_layout_document(gw_engine *e, const gw_document *doc, gw_diags *diags);

/* Lays out doc and writes its PDF into memory. Returns 0, or -1 with GW_ERROR in diags. Each
 * call is a new document for the warnings about characters no font has. */
int gw_render_document(gw_engine *e, const gw_document *doc, unsigned char **pdf, size_t *len,
                       gw_diags *diags);

/* Reads in_path ("-" = stdin), renders it and writes out_path ("-" = stdout) atomically: a
 * failure never leaves a partial file. Returns 0, 1 for bad input (diags say why). */
int gw_render_file(gw_engine *e, const char *in_path, const char *out_path, gw_diags *diags);

#endif
