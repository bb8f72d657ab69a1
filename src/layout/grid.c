/* grid.c: the page frame every part of a 公文 is placed in: the 版心 of each page (mirrored on
 * even pages), the grid lines of the 22 × 28 grid (each page at its own pitch: the rules', or
 * the squeezed pitch of the last page of 正文), baselines of text on them, and pages created
 * on demand. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
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
    return lay_baseline_at(c, p, lay_grid_y(c, line));
}

double lay_baseline_at(const lay_ctx *c, const lay_para *p, double em_top)
{
    return em_top + (c->r->text_size - p->size) / 2 + lay_role_em_top(c, p->role) * p->size;
}

static void geom_reserve(lay_ctx *c, size_t pg)
{
    if (pg < c->n_geom)
        return;
    size_t n = pg + 8;
    c->page_pitch = gw_xrealloc(c->page_pitch, n * sizeof *c->page_pitch);
    for (size_t i = c->n_geom; i < n; i++)
        c->page_pitch[i] = c->r->line_pitch;
    c->n_geom = n;
}

double lay_page_pitch(const lay_ctx *c, size_t pg)
{
    return pg < c->n_geom ? c->page_pitch[pg] : c->r->line_pitch;
}

void lay_set_page_pitch(lay_ctx *c, size_t pg, double pitch)
{
    geom_reserve(c, pg);
    c->page_pitch[pg] = pitch;
}

bool lay_page_turned(const lay_ctx *c, size_t pg)
{
    return pg < c->n_turned && c->page_turned[pg];
}

void lay_set_page_turned(lay_ctx *c, size_t pg, bool turned)
{
    if (pg >= c->n_turned) {
        if (!turned)
            return;
        size_t n = pg + 8;
        c->page_turned = gw_xrealloc(c->page_turned, n);
        memset(c->page_turned + c->n_turned, 0, n - c->n_turned);
        c->n_turned = n;
    }
    c->page_turned[pg] = turned;
}

double lay_line_top(const lay_ctx *c, size_t pg, int line)
{
    const gw_layout_rules *r = c->r;
    if (lay_page_turned(c, pg)) /* a landscape page: lines across the sheet */
        return lay_area_left(c, pg) + line * r->line_pitch;
    if (pg == 0 && c->flow_anchor0 >= 0) /* page 1's 版头 kept, its flow closed up */
        return r->top_margin + c->flow_anchor0 * r->line_pitch +
               (line - c->flow_anchor0) * lay_page_pitch(c, 0);
    return r->top_margin + line * lay_page_pitch(c, pg);
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

int lay_page_lines(const lay_ctx *c, size_t pg)
{
    const gw_layout_rules *r = c->r;
    double room = lay_page_bottom(c, pg) - lay_frame_top(c, pg) - r->text_size;
    int n = (int)floor(room / lay_page_pitch(c, pg) + 1e-6) + 1;
    return n < r->lines_per_page ? (n < 1 ? 1 : n) : r->lines_per_page;
}

/* The frame of a page: portrait (the 版心), or the landscape frame of a turned page (a wide
 * table, §8): x along the sheet's height from 35 mm, y from the 版心's edge at the binding side. */
double lay_frame_left(const lay_ctx *c, size_t pg)
{
    const gw_layout_rules *r = c->r;
    return lay_page_turned(c, pg) ? r->paper_h - r->top_margin - r->area_h : lay_area_left(c, pg);
}

double lay_frame_width(const lay_ctx *c, size_t pg)
{
    return lay_page_turned(c, pg) ? c->r->area_h : c->r->area_w;
}

double lay_frame_top(const lay_ctx *c, size_t pg)
{
    return lay_page_turned(c, pg) ? lay_area_left(c, pg) : c->r->top_margin;
}
