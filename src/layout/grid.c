/* grid.c: the page frame every part of a 公文 is placed in: the 版心 of each page (mirrored on
 * even pages), the grid lines of the 22 × 28 grid, baselines of text on them, and pages
 * created on demand. */
#include <math.h>

#include "lay_int.h"

/* ---- context helpers ---- */

double lay_area_left(const lay_ctx *c, size_t page_index)
{
    const gw_layout_rules *r = c->r;
    bool even = page_index % 2 == 1; /* index 0 is page 1 */
    return even && r->mirror_even ? r->paper_w - r->binding_margin - r->area_w
                                  : r->binding_margin;
}

double lay_grid_y(const lay_ctx *c, int line)
{
    return c->r->top_margin + line * c->r->line_pitch;
}

double lay_role_em_top(const lay_ctx *c, gw_font_role role)
{
    size_t n = 0; /* every role has a face: gw_fontset_open fails otherwise */
    const int *faces = gw_fontset_role_faces(c->fs, role, &n);
    return gw_fontset_face(c->fs, faces[0])->em_top; /* (gw_fonts falls back to 0.88) */
}

double lay_baseline(const lay_ctx *c, const lay_para *p, int line)
{
    double em_top = lay_grid_y(c, line) + (c->r->text_size - p->size) / 2;
    return em_top + lay_role_em_top(c, p->role) * p->size;
}

gw_page *lay_page_at(lay_ctx *c, size_t page_index)
{
    while (c->pl->n_pages <= page_index)
        gw_pagelist_add_page(c->pl, c->r->paper_w, c->r->paper_h);
    return &c->pl->pages[page_index];
}

/* First grid line whose em-box top is at or below y. */
int lay_line_at_or_after(const lay_ctx *c, double y)
{
    double i = ceil((y - c->r->top_margin) / c->r->line_pitch - 1e-6);
    return i < 0 ? 0 : (int)i;
}
