/* gw_ofd.h: the OFD back end (GB/T 33190-2016): draws a gw_pagelist into an .ofd package.
 *
 * Owns: the OFD package (a ZIP of XML parts: OFD.xml, Doc_0/Document.xml, the public and
 * document resources, one Content.xml per page, the custom tags), the embedded fonts (one
 * face per file: a subset with its own Unicode cmap, or the whole face where its licence
 * forbids subsetting), the images (seals) and the GB/T 33476 公文域 tags that name the objects
 * drawing each 公文 element. It reads only the page list and the font set: every glyph lands
 * where the PDF back end puts it (mm from the top-left corner, the page list's frame). */
#ifndef GW_OFD_H
#define GW_OFD_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/gw_diag.h"
#include "../fonts/gw_fonts.h"
#include "../pagelist/gw_pagelist.h"

typedef struct {
    const char *creator;  /* "gongwen 0.1.0": DocInfo Creator and CreatorVersion; NULL = none */
    int threads;          /* threads that subset the fonts: 0 = one per processor (at most
                             4), 1 = the calling thread only */
    long long date;       /* CreationDate, seconds since 1970 (UTC); 0 = now, or
                             $SOURCE_DATE_EPOCH when set (reproducible output) */
    bool exact_outlines;  /* embed CFF faces' own outlines and hints; by default they are
                             simplified within GW_PDF_OUTLINE_TOLERANCE_MM, as in the PDF */
} gw_ofd_options;

/* Renders pl into an OFD package held in memory (*out, malloc'd, *out_len bytes). opt NULL =
 * the defaults. Returns 0, or -1 with a GW_ERROR in diags. */
int gw_ofd_write(const gw_pagelist *pl, const gw_fontset *fs, const gw_ofd_options *opt,
                 unsigned char **out, size_t *out_len, gw_diags *diags);

/* The GB/T 33476.2 公文域 identifier an element is tagged with ("biaoti"), and whether the
 * standard numbers its occurrences (fawenjiguanshuming_1, _2 …). See README.md, "OFD". */
const char *gw_ofd_field_id(gw_element e, int *numbered);

#endif
