/* paginate.c: places the lines of the flow on pages of 22 grid lines (a heading never alone at
 * the foot of a page), places the closing block by the remedies of GB/T 9704 §7.3.5.5, and
 * draws each line where pagination put it.
 *
 * The closing block (closing.c) is never split, and the page that holds it holds at least
 * `carry_lines` lines of 正文 (a heading on its own line does not count) whenever the document
 * has them. In this order, the first that works:
 *   (a) normal: below the text on the page where the text ends;
 *   (b) squeeze: that page (the last of 正文) at a smaller line pitch, the same for all its
 *       lines, down to squeeze_line_pitch_min_pt: the largest pitch that makes it fit, in steps
 *       of 0.01 pt; when the text ran onto a page by fewer lines than it must keep, the page
 *       before is squeezed to take them back;
 *   (c) carry: the last lines of 正文 (whole lines, at least carry_lines, the headings just
 *       above them too, never the 附件说明, which is in the block) go to the next page with it;
 *   (d) if the rules allow it (no_text_page), a page beginning （此页无正文）;
 *   otherwise the block goes on with fewer lines of text, and a warning says so. */
#include <math.h>
#include <stdlib.h>

#include "../base/gw_util.h"
#include "lay_int.h"

static void place(lay_item *it, int k, size_t page, int line)
{
    it->pg[k] = page;
    it->ln[k] = line;
}

/* Lines of the 正文 that count as text beside the block: paragraphs and table rows of the
 * 正文 (and 附件说明 items that flow, in a block too tall to keep them), not a heading that
 * stands on a line of its own (`二、工作要求`); a numbered paragraph the reader took for a
 * heading (`一、同意你院…。` over several lines) is text. */
static bool counts(const lay_item *it)
{
    gw_element e = it->tag.element;
    if (it->kind != LAY_IT_PARA)
        return false;
    if (e == GW_EL_HEADING)
        return it->para.nl > 1;
    return e == GW_EL_BODY || e == GW_EL_TABLE || e == GW_EL_ATTACHMENT_NOTE;
}

/* What may be carried with the block: 正文, its headings, flowing 附件说明 items. */
static bool carryable(const lay_item *it)
{
    return counts(it) || (it->kind == LAY_IT_PARA && it->tag.element == GW_EL_HEADING);
}

static int counted_lines(const lay_flow *f, size_t upto, size_t page, bool any_page)
{
    int n = 0;
    for (size_t i = 0; i < upto; i++) {
        if (counts(&f->it[i]))
            for (size_t k = 0; k < f->it[i].para.nl; k++)
                n += any_page || f->it[i].pg[k] == page;
        if (f->it[i].kind == LAY_IT_TABLE && f->it[i].table) /* a table's rows are text too */
            n += lay_table_rows_on(f->it[i].table, page, any_page);
    }
    return n;
}

/* Whether a table stands on page pg: its lines cannot move to another page or close up. */
static bool page_has_table(const lay_flow *f, size_t upto, size_t pg)
{
    for (size_t i = 0; i < upto; i++)
        if (f->it[i].kind == LAY_IT_TABLE && f->it[i].table && lay_table_on_page(f->it[i].table, pg))
            return true;
    return false;
}

/* Page 1 squeezed: its 版头 stays where the rules' pitch put it and the lines of the flow
 * below it close up (FLOW, preferred: the 版头 keeps its exact places), or, when that is not
 * enough, every line of its grid takes the smaller pitch, the 版头 laid out again on it
 * (GRID): the mark stays 35 mm below the 版心 top, the 发文字号 and the title two lines (of
 * the smaller pitch) below what is above them, snapped to the grid. */
typedef enum { SQ_FLOW, SQ_GRID } sq_mode;

/* Em top of line `line` of page pg if that page had pitch q. */
static double line_top_at(const lay_ctx *c, size_t pg, int line, double q, sq_mode m)
{
    const gw_layout_rules *r = c->r;
    double p = r->line_pitch;
    if (pg != 0 || fabs(q - p) < 1e-9)
        return r->top_margin + line * q;
    int a = lay_header_title_line(c, p);
    if (m == SQ_FLOW)
        return r->top_margin + a * p + (line - a) * q;
    return r->top_margin + (line + lay_header_title_line(c, q) - a) * q;
}

static bool fits_mode(lay_ctx *c, lay_flow *f, size_t pg, int line, double q, sq_mode m)
{
    return line_top_at(c, pg, line, q, m) + lay_closing_extent(f->closing, c, q, false) <=
           lay_page_bottom(c, pg) + 1e-6;
}

static bool fits(lay_ctx *c, lay_flow *f, size_t pg, int line, double q, sq_mode *m)
{
    sq_mode dummy;
    if (!m)
        m = &dummy;
    *m = SQ_FLOW;
    if (fits_mode(c, f, pg, line, q, SQ_FLOW))
        return true;
    *m = SQ_GRID;
    return pg == 0 && fits_mode(c, f, pg, line, q, SQ_GRID);
}

/* The largest pitch below the rules' (0.01 pt steps, down to the floor) at which the block
 * fits below line `line` of page pg; 0 when none does. */
static double squeeze(lay_ctx *c, lay_flow *f, size_t pg, int line, sq_mode *m)
{
    double p = c->r->line_pitch, floor_q = c->r->squeeze_pitch_min;
    if (page_has_table(f, f->n, pg) || lay_page_turned(c, pg))
        return 0; /* a table keeps its place in mm: the lines around it cannot close up */
    for (int k = 1; p - k * 0.01 >= floor_q - 1e-9; k++)
        if (fits(c, f, pg, line, p - k * 0.01, m))
            return p - k * 0.01;
    return 0;
}

/* The placed line just before item i: its item and line index; false if none. */
static bool last_line_before(const lay_flow *f, size_t i, size_t *item, int *k)
{
    while (i-- > 0) {
        const lay_item *it = &f->it[i];
        if (it->kind == LAY_IT_PARA && it->para.nl) {
            *item = i;
            *k = (int)it->para.nl - 1;
            return true;
        }
        if (it->kind == LAY_IT_TABLE && it->pg) { /* the grid line its bottom reaches */
            *item = i;
            *k = 0;
            return true;
        }
        if (it->kind == LAY_IT_PAGE)
            return false;
    }
    return false;
}

/* Places lines [from item j0 line k0 .. the block) on page pg from line `line`; returns the
 * line after the last. */
static int replace_lines(lay_flow *f, size_t j0, int k0, size_t upto, size_t pg, int line)
{
    for (size_t j = j0; j < upto; j++) {
        lay_item *it = &f->it[j];
        if (it->kind != LAY_IT_PARA)
            continue;
        for (int k = j == j0 ? k0 : 0; k < (int)it->para.nl; k++)
            place(it, k, pg, line++);
    }
    return line;
}

/* (b′) The text ran onto page pg (the last of 正文) by too few lines: the page before, squeezed,
 * takes them back with the block. */
static bool pull_back(lay_ctx *c, lay_flow *f, size_t ci, size_t pg, int need, double *q_out,
                      int *line_out, sq_mode *m)
{
    if (pg == 0 || page_has_table(f, ci, pg) || page_has_table(f, ci, pg - 1))
        return false;
    size_t j0 = ci;
    int k0 = 0, moved = 0, before_line = -1;
    for (size_t j = 0; j < ci; j++) {
        const lay_item *it = &f->it[j];
        if (it->kind != LAY_IT_PARA)
            continue;
        for (int k = 0; k < (int)it->para.nl; k++) {
            if (it->pg[k] == pg) {
                if (j0 == ci)
                    j0 = j, k0 = k;
                moved++;
                if (it->para.size > c->r->text_size + 1e-9)
                    return false; /* a title line: not squeezed onto another page */
            } else if (it->pg[k] == pg - 1) {
                before_line = it->ln[k];
            }
        }
    }
    if (j0 == ci || before_line < 0 || counted_lines(f, ci, pg - 1, false) + counted_lines(f, ci, pg, false) < need)
        return false;
    int last = before_line + moved;
    double p = c->r->line_pitch;
    for (int k = 0; p - k * 0.01 >= c->r->squeeze_pitch_min - 1e-9; k++) {
        double q = p - k * 0.01;
        if (fits(c, f, pg - 1, last, q, m)) {
            replace_lines(f, j0, k0, ci, pg - 1, before_line + 1);
            *q_out = q;
            *line_out = last;
            return true;
        }
    }
    return false;
}

/* (c) Carries the last lines of text before the block (at least `need` that count, and the
 * headings just above them) to the page after the one the first of them is on. Never every
 * line of that page; on page 1, never its last line of 正文. Returns the page and the last
 * carried line, or false. */
static bool carry(lay_ctx *c, lay_flow *f, size_t ci, int need, size_t *pg_out, int *line_out,
                  int *carried)
{
    size_t j;
    int k;
    if (!last_line_before(f, ci, &j, &k))
        return false;
    int got = 0, n = 0;
    for (;;) { /* walk back line by line */
        const lay_item *it = &f->it[j];
        if (!carryable(it))
            return false;
        n++;
        got += counts(it);
        if (got >= need)
            break;
        if (k > 0) {
            k--;
            continue;
        }
        size_t jj = j;
        bool found = false;
        while (jj-- > 0) {
            if (f->it[jj].kind == LAY_IT_PAGE || f->it[jj].kind == LAY_IT_LINE ||
                f->it[jj].kind == LAY_IT_TABLE)
                return false; /* (never over a table: it keeps its page) */
            if (f->it[jj].kind == LAY_IT_PARA && f->it[jj].para.nl) {
                found = true;
                break;
            }
        }
        if (!found)
            return false;
        j = jj;
        k = (int)f->it[j].para.nl - 1;
    }
    /* never leave a heading at the foot of the page: it goes along */
    while (k == 0 && j > 0) {
        size_t jj = j - 1;
        while (jj > 0 && f->it[jj].kind == LAY_IT_GAP)
            jj--;
        const lay_item *h = &f->it[jj];
        if (h->kind != LAY_IT_PARA || !h->heading || !h->para.nl)
            break;
        n += (int)h->para.nl;
        j = jj;
    }
    size_t src = f->it[j].pg[k];
    /* the source page keeps a line (page 1: a line of 正文) */
    bool keeps = false;
    for (size_t q = 0; q <= j && !keeps; q++) {
        const lay_item *it = &f->it[q];
        if (it->kind != LAY_IT_PARA)
            continue;
        for (int m = 0; m < (int)it->para.nl && !keeps; m++) {
            if (q == j && m >= k)
                break;
            keeps = it->pg[m] == src && (src > 0 || carryable(it));
        }
    }
    if (!keeps)
        return false;
    size_t dst = src + 1;
    double q = c->r->line_pitch;
    if (!fits(c, f, dst, n - 1, q, NULL) && (q = squeeze(c, f, dst, n - 1, NULL)) == 0)
        return false;
    replace_lines(f, j, k, ci, dst, 0);
    lay_set_page_pitch(c, dst, q);
    *pg_out = dst;
    *line_out = n - 1;
    *carried = n;
    return true;
}

/* The bottom of what is above the block, from the em top of its last line: a table's bottom
 * rule, or that line's em bottom. */
static void set_above(lay_ctx *c, lay_flow *f, size_t j)
{
    const lay_item *it = &f->it[j];
    bool table = it->kind == LAY_IT_TABLE && it->table && it->pg;
    lay_closing_set_above(f->closing, table,
                          table ? lay_table_bottom(it->table) - lay_line_top(c, it->pg[0], it->ln[0])
                                : 0);
}

/* (c) for a table just above the block: its last rows (keep_rows of them) go to the next page,
 * under its header repeated, with the block; the page they leave keeps as many. */
static bool carry_table_rows(lay_ctx *c, lay_flow *f, size_t j, size_t *pg_out, int *line_out,
                             int *carried)
{
    lay_item *it = &f->it[j];
    if (it->kind != LAY_IT_TABLE || !it->table || !it->pg || lay_table_landscape(it->table))
        return false;
    size_t pg, old_pg = it->pg[0];
    int line, old_ln = it->ln[0];
    int rows = lay_table_carry(c, it->table, &pg, &line);
    if (rows <= 0)
        return false;
    it->pg[0] = pg;
    it->ln[0] = line - 1;
    set_above(c, f, j);
    if (!fits(c, f, pg, it->ln[0], c->r->line_pitch, NULL)) {
        lay_table_uncarry(it->table);
        it->pg[0] = old_pg;
        it->ln[0] = old_ln;
        set_above(c, f, j);
        return false;
    }
    *pg_out = pg;
    *line_out = it->ln[0];
    *carried = rows;
    return true;
}

static void settle(lay_ctx *c, lay_flow *f, lay_remedy remedy, size_t pg, int line, double q,
                   bool at_top, sq_mode m)
{
    bool page1 = pg == 0 && fabs(q - c->r->line_pitch) > 1e-9;
    int shift = page1 && m == SQ_GRID ? lay_header_title_line(c, q) - lay_header_title_line(c, c->r->line_pitch) : 0;
    if (page1 && m == SQ_FLOW)
        c->flow_anchor0 = lay_header_title_line(c, c->r->line_pitch);
    if (shift) /* page 1 at another pitch: its flow begins on another line of its grid */
        for (size_t i = 0; i < f->n; i++)
            if (f->it[i].kind == LAY_IT_PARA && f->it[i].pg)
                for (size_t k = 0; k < f->it[i].para.nl; k++)
                    if (f->it[i].pg[k] == pg)
                        f->it[i].ln[k] += shift;
    line += shift;
    lay_set_page_pitch(c, pg, q);
    f->remedy = remedy;
    f->closing_page = pg;
    f->closing_at_top = at_top;
    f->closing_y0 = at_top ? c->r->top_margin - q : lay_line_top(c, pg, line);
    f->last_page = pg;
    f->last_bottom = f->closing_y0 + lay_closing_extent(f->closing, c, q, at_top);
}

static void place_closing(lay_ctx *c, lay_flow *f, size_t ci, size_t *page)
{
    const gw_layout_rules *r = c->r;
    double p = r->line_pitch, q = p;
    sq_mode m = SQ_FLOW;
    int total = counted_lines(f, ci, 0, true);
    int need = total < r->carry_lines ? total : r->carry_lines;
    size_t j;
    int k;
    if (!last_line_before(f, ci, &j, &k)) { /* nothing above on its page */
        settle(c, f, LAY_REMEDY_NORMAL, *page, 0, p, true, m);
        *page = f->closing_page;
        return;
    }
    size_t pg = f->it[j].pg[k];
    int t = f->it[j].ln[k], line;
    set_above(c, f, j);
    bool enough = counted_lines(f, ci, pg, false) >= need;
    if (enough && fits(c, f, pg, t, p, NULL)) {
        settle(c, f, LAY_REMEDY_NORMAL, pg, t, p, false, m);
    } else if (enough && (q = squeeze(c, f, pg, t, &m)) > 0) {
        settle(c, f, LAY_REMEDY_SQUEEZE, pg, t, q, false, m);
    } else if (!enough && pull_back(c, f, ci, pg, need, &q, &line, &m)) {
        settle(c, f, LAY_REMEDY_SQUEEZE, pg - 1, line, q, false, m);
    } else if (carry(c, f, ci, need, &pg, &line, &f->carried) ||
               carry_table_rows(c, f, j, &pg, &line, &f->carried)) {
        settle(c, f, LAY_REMEDY_CARRY, pg, line, lay_page_pitch(c, pg), false, m);
    } else if (r->no_text_page &&
               (fits(c, f, pg + 1, 0, p, NULL) || (q = squeeze(c, f, pg + 1, 0, NULL)) > 0)) {
        settle(c, f, LAY_REMEDY_NO_TEXT, pg + 1, 0, fits(c, f, pg + 1, 0, p, NULL) ? p : q, false, m);
        gw_diags_add(c->diags, GW_NOTE, "layout-no-text-page", lay_closing_pos(f->closing).line,
                     lay_closing_pos(f->closing).col,
                     "the 署名 stands on page %zu, which begins （此页无正文）: no lines of 正文 "
                     "could go with it", pg + 2);
    } else {
        /* best effort: fewer lines of text with it, or none */
        if (need > 1 && carry(c, f, ci, 1, &pg, &line, &f->carried))
            settle(c, f, LAY_REMEDY_ALONE, pg, line, lay_page_pitch(c, pg), false, m);
        else if (fits(c, f, pg, t, p, NULL))
            settle(c, f, LAY_REMEDY_ALONE, pg, t, p, false, m);
        else if ((q = squeeze(c, f, pg, t, &m)) > 0)
            settle(c, f, LAY_REMEDY_ALONE, pg, t, q, false, m);
        else
            settle(c, f, LAY_REMEDY_ALONE, pg + 1, 0, p, true, m);
        gw_diags_add(c->diags, GW_WARNING, "layout-closing-alone", lay_closing_pos(f->closing).line,
                     lay_closing_pos(f->closing).col,
                     "the 署名 block on page %zu has %d of the %d lines of 正文 it should have "
                     "with it: the text before it cannot move (page 1 keeps its 正文); "
                     "no_text_page = yes in the layout rules gives a page beginning （此页无正文）",
                     f->closing_page + 1, counted_lines(f, ci, f->closing_page, false), need);
    }
    gw_pos at = lay_closing_pos(f->closing);
    if (f->remedy == LAY_REMEDY_SQUEEZE)
        gw_diags_add(c->diags, GW_NOTE, "layout-squeeze", at.line, at.col,
                     "page %zu is set at a line pitch of %.2f pt (not %.2f) to keep the 署名 block "
                     "with the text (GB/T 9704 §7.3.5.5)", f->closing_page + 1,
                     lay_page_pitch(c, f->closing_page), p);
    else if (f->remedy == LAY_REMEDY_CARRY)
        gw_diags_add(c->diags, GW_NOTE, "layout-carry", at.line, at.col,
                     "the last %d lines of 正文 go to page %zu with the 署名 block, which does not "
                     "fit below the text even at a line pitch of %.2f pt (GB/T 9704 §7.3.5.5)",
                     f->carried, f->closing_page + 1, r->squeeze_pitch_min);
    *page = f->closing_page;
}

/* The next page, in the orientation of this one (a long table goes on landscape). */
static size_t next_page(lay_ctx *c, size_t page)
{
    lay_set_page_turned(c, page + 1, lay_page_turned(c, page));
    return page + 1;
}

void lay_paginate(lay_ctx *c, lay_flow *f)
{
    size_t page = 0, loose_until = 0, used = 0; /* the last page holding something (page 1:
                                                    its 版头) */
    int line = 0;
    f->last_page = 0;
    f->last_line = -1;
    f->last_bottom = 0;
    for (size_t i = 0; i < f->n; i++) {
        lay_item *it = &f->it[i];
        int L = lay_page_lines(c, page);
        switch (it->kind) {
        case LAY_IT_PAGE:
            if (!(it->n & LAY_PAGE_IF_USED) || used == page)
                page++;
            line = 0;
            lay_set_page_turned(c, page, it->n & LAY_PAGE_LANDSCAPE);
            break;
        case LAY_IT_LINE:
            if (it->n >= L) {
                page = next_page(c, page);
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
                page = next_page(c, page);
                line = 0;
            }
            break;
        case LAY_IT_TABLE: {
            if (!it->table)
                break;
            if (line >= L) {
                page = next_page(c, page);
                line = 0;
            }
            if (!lay_table_place(c, it->table, &page, &line))
                break;
            it->pg = gw_xmalloc(sizeof *it->pg);
            it->ln = gw_xmalloc(sizeof *it->ln);
            it->pg[0] = page;
            it->ln[0] = line - 1; /* (the text goes on on `line`: the block's slots below it) */
            used = page;
            f->last_page = page;
            f->last_line = it->ln[0];
            f->last_bottom = lay_table_bottom(it->table);
            if (line >= lay_page_lines(c, page)) {
                page = next_page(c, page);
                line = 0;
            }
            break;
        }
        case LAY_IT_CLOSING:
            place_closing(c, f, i, &page);
            line = L; /* whatever follows starts a page */
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
                /* the chain of items kept with the next, and the first line after it (a
                 * table's header and first row) */
                size_t j;
                int chain = nl;
                bool ended = false;
                for (j = i + 1; j < f->n && f->it[j].kind == LAY_IT_PARA; j++) {
                    if (!f->it[j].para.nl)
                        continue;
                    if (!f->it[j].keep_with_next) {
                        chain += 1;
                        ended = true;
                        break;
                    }
                    chain += (int)f->it[j].para.nl;
                }
                if (!ended && j < f->n && f->it[j].kind == LAY_IT_TABLE && f->it[j].table &&
                    !lay_table_landscape(f->it[j].table))
                    chain += (int)ceil((lay_table_first_height(f->it[j].table) +
                                        c->r->line_pitch - c->r->text_size) /
                                       lay_page_pitch(c, page) - 1e-6);
                if (chain <= room)
                    need = chain;
                else
                    loose_until = j; /* longer than a page: it flows, and so do its parts */
            }
            if (line > 0 && line + need > L && need <= room) {
                page = next_page(c, page);
                line = 0;
            }
            /* its last lines kept with the table after it: the lines they and the table's
             * header and first row need */
            int tail_at = -1, tail_need = 0;
            if (it->keep_tail > 0 && nl > it->keep_tail && i + 1 < f->n &&
                f->it[i + 1].kind == LAY_IT_TABLE && f->it[i + 1].table &&
                !lay_table_landscape(f->it[i + 1].table)) {
                tail_at = nl - it->keep_tail;
                tail_need = it->keep_tail +
                            (int)ceil((lay_table_first_height(f->it[i + 1].table) +
                                       c->r->line_pitch - c->r->text_size) /
                                          lay_page_pitch(c, page) - 1e-6);
            }
            int first = line; /* its first line on this page */
            for (int k = 0; k < nl; k++) {
                if (k == tail_at && line > 0 && line < L && line + tail_need > L &&
                    tail_need <= room) {
                    page = next_page(c, page);
                    line = first = 0;
                    L = lay_page_lines(c, page);
                }
                if (line >= L || (tall && first == 0 && line >= L - 1)) {
                    page = next_page(c, page);
                    line = first = 0;
                    L = lay_page_lines(c, page);
                }
                place(it, k, page, line++);
            }
            used = page;
            f->last_page = page;
            f->last_line = line - 1;
            f->last_bottom = lay_line_top(c, page, line - 1) + c->r->text_size;
            break;
        }
        }
    }
}

/* ---- emission ---- */

void lay_emit_flow(lay_ctx *c, lay_flow *f)
{
    for (size_t i = 0; i < f->n; i++) {
        lay_item *it = &f->it[i];
        if (it->kind == LAY_IT_TABLE && it->table && it->pg)
            lay_table_emit(c, it->table);
        if (it->kind != LAY_IT_PARA)
            continue;
        if (it->src && !it->para.g && it->para.nl) {
            /* released after breaking (a long document): shaped and broken again, the same
             * lines; the placements stay those pagination gave */
            size_t nl = it->para.nl;
            lay_para_free(&it->para);
            lay_block_para(c, it->src, &it->para);
            if (it->para.nl != nl) { /* cannot happen: shaping and breaking are deterministic */
                gw_diags_add(c->diags, GW_ERROR, "internal", it->src->pos.line, it->src->pos.col,
                             "layout: a paragraph broke into %zu lines, then %zu", nl,
                             it->para.nl);
                lay_para_release(&it->para);
                it->para.nl = 0;
                continue;
            }
        }
        /* A line larger than the grid's (a 2号 title) centred on grid line 1 would stick out
         * above the 版心 (on line 22, below it): move the item's lines on that page inside.
         * Pagination never puts such lines on both lines of one page. */
        double half = (it->para.size - c->r->text_size) / 2;
        for (size_t k = 0, e; k < it->para.nl; k = e) {
            double top = lay_frame_top(c, it->pg[k]), bottom = lay_page_bottom(c, it->pg[k]);
            double em_top = INFINITY, em_bottom = -INFINITY;
            for (e = k; e < it->para.nl && it->pg[e] == it->pg[k]; e++) {
                double y = lay_line_top(c, it->pg[e], it->ln[e]);
                em_top = fmin(em_top, y - half);
                em_bottom = fmax(em_bottom, y + c->r->text_size + half);
            }
            double shift = top > em_top         ? top - em_top
                           : bottom < em_bottom ? bottom - em_bottom
                                                : 0;
            gw_page *pg = lay_page_at(c, it->pg[k]);
            c->tag = it->tag;
            c->turned = lay_page_turned(c, it->pg[k]); /* an attachment's landscape page */
            for (size_t m = k; m < e; m++)
                lay_emit_line(c, pg, &it->para, &it->para.lines[m], lay_frame_left(c, it->pg[m]),
                              lay_baseline_at(c, &it->para, lay_line_top(c, it->pg[m], it->ln[m])) +
                                  shift,
                              GW_COLOR_BLACK, 1.0);
            c->turned = false;
        }
        if (c->compact && it->src) /* drawn: its shaped text is not needed again */
            lay_para_release(&it->para);
    }
    if (f->closing && f->remedy != LAY_REMEDY_NONE) {
        size_t pg = f->closing_page;
        if (f->remedy == LAY_REMEDY_NO_TEXT)
            lay_closing_emit_no_text_note(f->closing, c, pg, f->closing_y0);
        lay_closing_emit(f->closing, c, pg, f->closing_y0, lay_page_pitch(c, pg), f->closing_at_top);
    }
}
