#include "gw_pagelist.h"

#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"

gw_pagelist *gw_pagelist_new(void)
{
    return gw_xcalloc(1, sizeof(gw_pagelist));
}

void gw_pagelist_free(gw_pagelist *pl)
{
    if (!pl)
        return;
    for (size_t i = 0; i < pl->n_pages; i++) {
        gw_page *pg = &pl->pages[i];
        for (size_t r = 0; r < pg->n_runs; r++) {
            free(pg->runs[r].text);
            free(pg->runs[r].glyphs);
        }
        free(pg->runs);
        free(pg->rules);
        for (size_t m = 0; m < pg->n_images; m++)
            free(pg->images[m].path);
        free(pg->images);
    }
    free(pl->pages);
    free(pl->title);
    free(pl->author);
    free(pl->subject);
    free(pl);
}

#define GROW(arr, n, cap)                                            \
    do {                                                             \
        if ((n) == (cap)) {                                          \
            (cap) = (cap) ? (cap) * 2 : 16;                          \
            (arr) = gw_xrealloc((arr), (cap) * sizeof *(arr));       \
        }                                                            \
    } while (0)

gw_page *gw_pagelist_add_page(gw_pagelist *pl, double width, double height)
{
    GROW(pl->pages, pl->n_pages, pl->cap_pages);
    gw_page *pg = &pl->pages[pl->n_pages++];
    memset(pg, 0, sizeof *pg);
    pg->width = width;
    pg->height = height;
    return pg;
}

gw_glyph_run *gw_page_add_run(gw_page *pg, int face, double size, double hscale, gw_color color,
                              double baseline, const char *text, size_t text_len,
                              const gw_glyph *glyphs, size_t n_glyphs)
{
    GROW(pg->runs, pg->n_runs, pg->cap_runs);
    gw_glyph_run *r = &pg->runs[pg->n_runs++];
    r->face = face;
    r->size = size;
    r->hscale = hscale;
    r->color = color;
    r->baseline = baseline;
    r->text = gw_strndup(text, text_len);
    r->glyphs = gw_xmalloc(n_glyphs * sizeof *glyphs);
    memcpy(r->glyphs, glyphs, n_glyphs * sizeof *glyphs);
    r->n_glyphs = n_glyphs;
    return r;
}

void gw_page_add_rule(gw_page *pg, double x0, double y0, double x1, double y1, double width,
                      gw_color color)
{
    GROW(pg->rules, pg->n_rules, pg->cap_rules);
    pg->rules[pg->n_rules++] = (gw_rule){ x0, y0, x1, y1, width, color };
}

void gw_page_add_image(gw_page *pg, double x, double y, double w, double h, const char *path)
{
    GROW(pg->images, pg->n_images, pg->cap_images);
    pg->images[pg->n_images++] = (gw_image){ x, y, w, h, gw_strdup(path) };
}
