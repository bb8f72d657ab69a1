/* paginate.c: places the lines of the flow on pages of 22 grid lines (a heading never alone at
 * the foot of a page, the 署名 taking the last lines of text with it to a new page), then
 * draws each line where pagination put it. */
#include <math.h>
#include <stdlib.h>

#include "../base/gw_util.h"
#include "lay_int.h"


/* ---- pagination ---- */

static void place(lay_item *it, int k, size_t page, int line)
{
    it->pg[k] = page;
    it->ln[k] = line;
}

static bool on_page(const lay_item *t, size_t from, size_t page)
{
    for (size_t m = from; m < t->para.nl; m++)
        if (t->pg[m] != page)
            return false;
    return true;
}

/* Brings the last text lines before item i onto page (which has just begun), so the 署名 (or
 * the 附件说明) does not start a page without text: the last two lines of the paragraph
 * before it, or all of a shorter one together with the headings just above it. At most `cap`
 * lines (so that the block of `need` lines still fits below them), never every line of the
 * page before (which would be left blank), never a heading without its text. Returns the line
 * after the gap below them; 0 when nothing can move (the block then simply starts the page). */
static int bring_text(lay_flow *f, size_t i, size_t page, int cap)
{
    size_t j = i;
    while (j > 0 && f->it[j - 1].kind == LAY_IT_GAP)
        j--;
    if (j-- == 0)
        return 0;
    lay_item *t = &f->it[j];
    if (t->kind != LAY_IT_PARA || !t->para.nl || t->pg[t->para.nl - 1] + 1 != page)
        return 0;
    int nl = (int)t->para.nl, k = nl < 2 ? nl : 2, moved = k;
    if (!on_page(t, (size_t)(nl - k), page - 1))
        return 0;
    /* When the whole paragraph moves, the headings just above it go too. */
    size_t h = j;
    if (k == nl) {
        while (h > 0) {
            lay_item *p = &f->it[h - 1];
            if (p->kind != LAY_IT_PARA || !p->heading || !p->para.nl || !on_page(p, 0, page - 1))
                break;
            moved += (int)p->para.nl;
            h--;
        }
    }
    const lay_item *first = &f->it[h];
    int first_line = first->ln[h == j ? (size_t)(nl - k) : 0];
    if (moved > cap || first_line == 0)
        return 0;
    int line = 0;
    for (size_t q = h; q < j; q++)
        for (size_t m = 0; m < f->it[q].para.nl; m++)
            place(&f->it[q], (int)m, page, line++);
    for (int m = nl - k; m < nl; m++)
        place(t, m, page, line++);
    return line + f->it[i].bring_gap;
}

void lay_paginate(lay_ctx *c, lay_flow *f)
{
    int L = c->r->lines_per_page;
    size_t page = 0, loose_until = 0;
    int line = 0;
    f->last_page = 0;
    f->last_line = -1;
    for (size_t i = 0; i < f->n; i++) {
        lay_item *it = &f->it[i];
        switch (it->kind) {
        case LAY_IT_PAGE:
            page++;
            line = 0;
            break;
        case LAY_IT_LINE:
            if (it->n >= L) {
                page++;
                line = 0;
            } else if (line < it->n) {
                line = it->n;
            }
            break;
        case LAY_IT_GAP:
            if (line == 0)
                break; /* no blank lines at the top of a page */
            line += it->n;
            if (line >= L) {
                page++;
                line = 0;
            }
            break;
        case LAY_IT_PARA: {
            int nl = (int)it->para.nl;
            if (!nl)
                break;
            it->pg = gw_xmalloc((size_t)nl * sizeof *it->pg);
            it->ln = gw_xmalloc((size_t)nl * sizeof *it->ln);
            /* A line larger than the grid's (a 2号 title) overhangs its grid line: on line 1
             * it is moved down inside the 版心, on line 22 up, so one page cannot hold such
             * lines on both: L − 1 of them at most. */
            bool tall = it->para.size > c->r->text_size + 1e-9;
            int room = tall ? L - 1 : L;
            /* (A title is not kept on one page: it is the first text of its page, after the
             * 版头 or an annex's label, and moving it would leave those alone.) */
            int need = 1;
            if (it->keep_with_next && i >= loose_until) {
                /* the chain of items kept with the next, and the first line after it */
                size_t j;
                int chain = nl;
                for (j = i + 1; j < f->n && f->it[j].kind == LAY_IT_PARA; j++) {
                    if (!f->it[j].para.nl)
                        continue;
                    if (!f->it[j].keep_with_next) {
                        chain += 1;
                        break;
                    }
                    chain += (int)f->it[j].para.nl;
                }
                if (chain <= room)
                    need = chain;
                else
                    loose_until = j; /* longer than a page: it flows, and so do its parts */
            }
            if (line > 0 && line + need > L && need <= room) {
                page++;
                line = 0;
            }
            if (it->bring_text && line == 0 && page > 0)
                line = bring_text(f, i, page, L - it->bring_gap - need);
            int first = line; /* its first line on this page */
            for (int k = 0; k < nl; k++) {
                if (line >= L || (tall && first == 0 && line >= L - 1)) {
                    page++;
                    line = first = 0;
                }
                place(it, k, page, line++);
            }
            f->last_page = page;
            f->last_line = line - 1;
            break;
        }
        }
    }
}

/* ---- emission, 版记, page numbers, metadata ---- */

void lay_emit_flow(lay_ctx *c, lay_flow *f)
{
    double top = c->r->top_margin, bottom = top + c->r->area_h;
    for (size_t i = 0; i < f->n; i++) {
        lay_item *it = &f->it[i];
        if (it->kind != LAY_IT_PARA)
            continue;
        /* A line larger than the grid's (a 2号 title) centred on grid line 1 would stick out
         * above the 版心 (on line 22, below it): move the lay_item's lines on that page inside.
         * Pagination never puts such lines on both lines of one page. */
        double half = (it->para.size - c->r->text_size) / 2;
        for (size_t k = 0, e; k < it->para.nl; k = e) {
            double em_top = INFINITY, em_bottom = -INFINITY;
            for (e = k; e < it->para.nl && it->pg[e] == it->pg[k]; e++) {
                em_top = fmin(em_top, lay_grid_y(c, it->ln[e]) - half);
                em_bottom = fmax(em_bottom, lay_grid_y(c, it->ln[e]) + c->r->text_size + half);
            }
            double shift = top > em_top         ? top - em_top
                           : bottom < em_bottom ? bottom - em_bottom
                                                : 0;
            gw_page *pg = lay_page_at(c, it->pg[k]);
            c->tag = it->tag;
            for (size_t m = k; m < e; m++)
                lay_emit_line(c, pg, &it->para, &it->para.lines[m], lay_area_left(c, it->pg[m]),
                              lay_baseline(c, &it->para, it->ln[m]) + shift, GW_COLOR_BLACK, 1.0);
        }
    }
}
