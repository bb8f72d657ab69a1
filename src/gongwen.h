/* gongwen.h: the library an OA system links: read 公文 text, lay it out to GB/T 9704-2012,
 * write PDF or OFD (GB/T 33190, tagged with the GB/T 33476 公文域). The CLI (src/cli/main.c) is a thin front over exactly these calls.
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
#include "ofd/gw_ofd.h"
#include "pagelist/gw_pagelist.h"
#include "pdf/gw_pdf.h"
#include "reader/gw_reader.h"

typedef struct gw_engine gw_engine;

typedef struct {
    const char *datadir; /* folder holding fonts/ and layouts/; NULL = gw_default_datadir() */
    const char *layout;  /* a folder holding each 版式's rules file (gw_layout_file_name), or
                            one rules file for every document; NULL = <datadir>/layouts */
    int pdf_threads;     /* threads each PDF or OFD subsets its fonts on: 0 = one per processor (at
                            most 4); 1 = none besides the caller's (a batch that already runs a
                            document per processor) */
    bool exact_outlines; /* embed each font's own outlines and hints: see gw_pdf_options */
    size_t max_input_size; /* gw_render_file refuses larger inputs; 0 = GW_MAX_INPUT_DEFAULT */
    bool warnings_as_errors; /* gw_render_file writes nothing when the document has warnings */
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

/* Output formats. GW_FILE_AUTO: from the output file's extension (.ofd → OFD, else PDF). */
typedef enum { GW_FILE_AUTO = 0, GW_FILE_PDF, GW_FILE_OFD } gw_file_format;

/* The format a file name asks for: GW_FILE_OFD for a name ending in .ofd (any case), else
 * GW_FILE_PDF. */
gw_file_format gw_file_format_from_path(const char *path);
/* "pdf", "ofd"; the extension with its dot (".pdf", ".ofd"); NULL for GW_FILE_AUTO. */
const char *gw_file_format_name(gw_file_format f);
const char *gw_file_format_extension(gw_file_format f);

/* The engine's layout rules, read-only (gw_layout_rules_spec gives their numbers): the 文件
 * format's, and those of a document's 版式 (信函, 命令, 纪要 have their own files). */
const gw_layout_rules *gw_engine_rules(const gw_engine *e);
const gw_layout_rules *gw_engine_rules_for(const gw_engine *e, gw_format format);
/* The folder the engine found fonts/ and layouts/ in. */
const char *gw_engine_datadir(const gw_engine *e);

/* Lays out doc into a page list (the caller frees it with gw_pagelist_free), for back ends and
 * tools other than the PDF writer (gongwen proof). NULL + GW_ERROR in diags when it cannot. */
gw_pagelist *gw_layout_document(gw_engine *e, const gw_document *doc, gw_diags *diags);

/* Lays out doc and writes its PDF into memory. Returns 0, or -1 with GW_ERROR in diags. Each
 * call is a new document for the warnings about characters no font has. */
int gw_render_document(gw_engine *e, const gw_document *doc, unsigned char **pdf, size_t *len,
                       gw_diags *diags);
/* The same in a given format (GW_FILE_AUTO = PDF). */
int gw_render_document_as(gw_engine *e, const gw_document *doc, gw_file_format format,
                          unsigned char **out, size_t *len, gw_diags *diags);

/* Reads in_path ("-" = stdin), renders it and writes out_path ("-" = stdout) as gw_output.h
 * says: a regular file or a new name atomically (a failure never leaves a partial file), a
 * symbolic link's target, a FIFO or device streamed. An output that is the input, a folder, a
 * terminal or an empty name is refused before the input is read. The format follows
 * out_path's extension (.ofd = OFD). Returns 0, 1 for bad input or a write error (diags say
 * why). */
int gw_render_file(gw_engine *e, const char *in_path, const char *out_path, gw_diags *diags);
/* Reads and lays out in_path once and writes n outputs, out_paths[i] in formats[i]
 * (GW_FILE_AUTO: from its extension), each as gw_render_file writes its one. Returns 0, or 1
 * when reading, laying out or any output failed (the others are still written). */
int gw_render_file_to(gw_engine *e, const char *in_path, const char *const *out_paths,
                      const gw_file_format *formats, size_t n, gw_diags *diags);

#endif
