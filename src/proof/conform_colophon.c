/* conform_colophon.c: the rules of the 版记 (§7.4: rules, text, even last page) and of the
 * page numbers (§7.5). */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pc_conform.h"

/* 版记 (§7.4) */
void pc_colophon_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    const gw_proof_box *first = NULL, *last = NULL;
    size_t n = 0;
    for (size_t i = 0; i < p->n_boxes; i++)
        if (p->boxes[i].element == GW_EL_COLOPHON_RULE) {
            if (!first)
                first = &p->boxes[i];
            last = &p->boxes[i];
            n++;
        }
    if (!s->colophon_rules) { /* 信函: 版记 without rules, 印发机关 or 印发日期 (§10.1) */
        const gw_proof_box *cc = pc_box(p, GW_EL_CC, -1);
        if (!cc)
            cc = pc_box(p, GW_EL_DISTRIBUTE, -1);
        if (!cc)
            cc = pc_box(p, GW_EL_COLOPHON_MAIN_TO, -1);
        if (!cc)
            return;
        pc_holds(c, "colophon-no-rules", "§10.1", "版记不加分隔线", GW_EL_COLOPHON_RULE, 0, cc->page,
                 n == 0, n ? "ruled" : "no rules", "no rules");
        bool printed = pc_box(p, GW_EL_PRINTER, -1) || pc_box(p, GW_EL_PRINT_DATE, -1);
        if (!s->colophon_printer)
            pc_holds(c, "colophon-no-printer", "§10.1", "版记不加印发机关和印发日期", GW_EL_PRINTER, 0,
                     cc->page, !printed, printed ? "印发 printed" : "none", "none");
        double indent = s->colophon_indent * s->colophon_size * MM_PER_PT;
        pc_near(c, "colophon-indent-left", "§7.4.2", "左空一字 (4号)", cc->element, cc->index, cc->page,
                cc->x0 - pc_area_left(c, cc->page), indent);
        pc_near(c, "colophon-bottom", "§10.1", "位于公文最后一面版心内最下方", cc->element, cc->index,
                cc->page, pc_area_bottom(c) - cc->y1, (s->colophon_row_pitch - s->colophon_size * MM_PER_PT) / 2);
        pc_size_is(c, "colophon-size", "§7.4.2", "4号", cc, s->colophon_size);
        if (s->colophon_even_page)
            pc_holds(c, "colophon-even-page", "§7.4", "版记在公文最后一面 (an even page)", cc->element,
                     cc->index, cc->page, cc->page % 2 == 0 && (size_t)cc->page == p->n_pages,
                     cc->page % 2 == 0 ? "even page" : "odd page", "even last page");
        return;
    }
    if (!last)
        return;
    double w_last = last->size * MM_PER_PT, w_first = first->size * MM_PER_PT;
    pc_near(c, "colophon-last-rule", "§7.4.1", "最后一条分隔线与版心下边缘重合", last->element,
         last->index, last->page, (last->y0 + last->y1) / 2, pc_area_bottom(c));
    pc_add(c, "colophon-rule-thick", "§7.4.1", "首条和末条分隔线用粗线 (0.35 mm)", last->element,
        last->index, last->page,
        fabs(w_last - s->thick_rule) <= TOL_RULE && fabs(w_first - s->thick_rule) <= TOL_RULE,
        gw_asprintf("%.2f / %.2f mm", w_first, w_last), gw_asprintf("%.2f mm", s->thick_rule),
        gw_asprintf("±%.2f mm", TOL_RULE));
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *r = &p->boxes[i];
        if (r->element != GW_EL_COLOPHON_RULE)
            continue;
        if (r != first && r != last)
            pc_add(c, "colophon-rule-thin", "§7.4.1", "中间的分隔线用细线 (0.25 mm)", r->element,
                r->index, r->page, fabs(r->size * MM_PER_PT - s->thin_rule) <= TOL_RULE,
                gw_asprintf("%.2f mm", r->size * MM_PER_PT), gw_asprintf("%.2f mm", s->thin_rule),
                gw_asprintf("±%.2f mm", TOL_RULE));
        pc_near(c, "colophon-rule-length", "§7.4.1", "分隔线与版心等宽", r->element, r->index, r->page,
             r->x1 - r->x0, s->area_w);
    }
    if (s->colophon_even_page)
        pc_holds(c, "colophon-even-page", "§7.4", "版记在公文最后一面 (an even page, the back of the sheet)",
              last->element, last->index, last->page, last->page % 2 == 0 && (size_t)last->page == p->n_pages,
              last->page % 2 == 0 ? "even page" : "odd page", "even last page");
    double indent = s->colophon_indent * s->colophon_size * MM_PER_PT;
    static const gw_element left_els[] = { GW_EL_COLOPHON_MAIN_TO, GW_EL_CC, GW_EL_DISTRIBUTE,
                                           GW_EL_PRINTER };
    for (size_t k = 0; k < sizeof left_els / sizeof *left_els; k++) {
        const gw_proof_box *b = pc_box(p, left_els[k], -1);
        if (!b)
            continue;
        pc_near(c, "colophon-indent-left", "§7.4.2", "左空一字 (4号)", b->element, b->index, b->page,
             b->x0 - pc_area_left(c, b->page), indent);
        pc_size_is(c, "colophon-size", "§7.4.2", "4号", b, s->colophon_size);
        pc_font_is(c, "colophon-font", "§7.4.2", "仿宋", b, s->colophon_role);
    }
    const gw_proof_box *pd = pc_box(p, GW_EL_PRINT_DATE, -1);
    if (pd) {
        pc_near(c, "print-date-right", "§7.4.3", "印发日期 右空一字 (4号)", pd->element, pd->index,
             pd->page, pc_area_right(c, pd->page) - pd->x1, indent);
        pc_size_is(c, "colophon-size", "§7.4.3", "4号", pd, s->colophon_size);
    }
}

/* 页码 (§7.5): 4号半角宋体, 一字线 7 mm below the 版心, odd pages 右空一字, even 左空一字. */
void pc_page_number_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    for (size_t i = 0; i < p->pl->n_pages; i++) {
        const gw_page *pg = &p->pl->pages[i];
        const gw_glyph_run *dash = NULL;
        for (size_t r = 0; r < pg->n_runs && !dash; r++)
            if (pg->runs[r].tag.element == GW_EL_PAGE_NUMBER && pg->runs[r].n_glyphs)
                dash = &pg->runs[r];
        int page = (int)i + 1;
        if (!s->page_number_first && page == 1) {
            pc_holds(c, "page-number-letter", "§10.1", "信函格式首页不显示页码", GW_EL_PAGE_NUMBER, 0, 1,
                  !dash, dash ? "numbered" : "not numbered", "not numbered");
            continue;
        }
        if (!dash)
            continue;
        const gw_proof_box *b = NULL;
        for (size_t k = 0; k < p->n_boxes && !b; k++)
            if (p->boxes[k].page == page && p->boxes[k].element == GW_EL_PAGE_NUMBER)
                b = &p->boxes[k];
        /* the stroke of the first dash: its ink centre, or the middle of its em box */
        double x0, x1, y0, y1, mid;
        const gw_face *f = gw_fontset_face(p->fs, dash->face);
        if (s->page_number_dash_ink &&
            gw_glyph_ink(p->fs, dash->face, dash->glyphs[0].gid, &x0, &x1, &y0, &y1))
            mid = dash->baseline - (y0 + y1) / 2 * dash->size;
        else
            mid = dash->baseline - (f->em_top + f->em_bottom) / 2 * dash->size;
        pc_near(c, "page-number-dash", "§7.5", "一字线上距版心下边缘7 mm", GW_EL_PAGE_NUMBER, b->index,
             page, mid * MM_PER_PT, pc_area_bottom(c) + s->page_number_dash_below);
        double in = s->page_number_indent * s->cell;
        if (page % 2)
            pc_near(c, "page-number-side", "§7.5", "单页码居右空一字", GW_EL_PAGE_NUMBER, b->index, page,
                 pc_area_right(c, page) - b->x1, in);
        else
            pc_near(c, "page-number-side", "§7.5", "双页码居左空一字", GW_EL_PAGE_NUMBER, b->index, page,
                 b->x0 - pc_area_left(c, page), in);
        if (page == 1) {
            pc_size_is(c, "page-number-size", "§7.5", "4号", b, s->page_number_size);
            pc_font_is(c, "page-number-font", "§7.5", "宋体", b, s->page_number_role);
        }
    }
}
