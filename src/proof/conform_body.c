/* conform_body.c: the rules of the 主体 (§7.3): title, 主送, 正文 (on page 1, faces, sizes,
 * indents), headings, 附件说明, 署名 and 成文日期 without seal, 附注, and the 附件 (§7.3.7). */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pc_conform.h"

/* Paragraphs: first line indented 2 字, continuation lines flush left. */
static void indent_rules(cx *c, gw_element el)
{
    const gw_proof *p = c->p;
    double worst_first = -1, worst_rest = -1, m_first = 0, m_rest = 0, r_first = 0;
    const gw_proof_line *wf = NULL, *wr = NULL;
    for (size_t i = 0; i < p->n_lines; i++) {
        const gw_proof_line *l = &p->lines[i];
        if (l->element != el || fabs(l->size - c->s->text_size) > TOL_PT)
            continue;
        /* a regulation's chapter title (`第一章　总则`) is centred, not a paragraph */
        if (l->first_cp == 0x7B2C /* 第 */ &&
            fabs((l->x0 + l->x1) / 2 - pc_area_centre(c, l->page)) < 1.0 &&
            l->x0 - pc_area_left(c, l->page) > c->s->paragraph_indent * c->s->cell + 1.0)
            continue;
        /* an annex's paragraphs share one tag: its lines start flush or 2 字 in */
        const gw_proof_line *f = el == GW_EL_ANNEX_BODY ? NULL : pc_first_line(p, el, l->index);
        double x = l->x0 - pc_area_left(c, l->page);
        /* a glyph narrower than its cell is centred in it: measure the cell */
        double cell_x = x - (c->s->cell - l->size * MM_PER_PT) / 2;
        double d;
        if (l == f) {
            double want = c->s->paragraph_indent * c->s->cell;
            d = fmin(fabs(x - want), fabs(cell_x - want));
            if (d > worst_first)
                worst_first = d, wf = l, m_first = fabs(x - want) < fabs(cell_x - want) ? x : cell_x,
                r_first = want;
        } else {
            double want = 0;
            if (!f && fabs(x - c->s->paragraph_indent * c->s->cell) < fabs(x))
                want = c->s->paragraph_indent * c->s->cell;
            d = fmin(fabs(x - want), fabs(cell_x - want));
            if (d > worst_rest)
                worst_rest = d, wr = l, m_rest = (fabs(x - want) < fabs(cell_x - want) ? x : cell_x) - want;
        }
    }
    if (wf)
        pc_near(c, "paragraph-indent", "§7.3.3", "first line 左空二字 (2 字 from the 版心's left)",
             wf->element, wf->index, wf->page, m_first, r_first);
    if (wr)
        pc_near(c, "paragraph-flush", "§7.3.3", "continuation lines 回行顶格 (at the 版心's left)",
             wr->element, wr->index, wr->page, m_rest, 0);
}

void pc_body_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    /* 标题 */
    for (size_t i = 0; i < p->n_lines; i++) {
        const gw_proof_line *l = &p->lines[i];
        if (l->element != GW_EL_TITLE && l->element != GW_EL_ANNEX_TITLE)
            continue;
        pc_near(c, "title-centred", "§7.3.1", "居中 (each line)", l->element, l->index, l->page,
             (l->x0 + l->x1) / 2, pc_area_centre(c, l->page));
    }
    const gw_proof_box *title = pc_box(p, GW_EL_TITLE, -1);
    if (title) {
        pc_size_is(c, "title-size", "§7.3.1", "2号", title, s->title_size);
        pc_font_is(c, "title-font", "§7.3.1", "小标宋", title, s->title_role);
        pc_color_is(c, "title-colour", "§5.2.4", "black", title, GW_COLOR_BLACK);
    }
    const gw_proof_line *a = pc_first_line(p, GW_EL_ADDRESSEE, -1);
    const gw_proof_line *tl = pc_last_line(p, GW_EL_TITLE, -1);
    if (a) {
        if (tl && tl->page == a->page)
            pc_near(c, "addressee-gap", "§7.3.2", "标题下空一行", a->element, a->index, a->page,
                 a->em_y0 - pc_grid_em_top(c, tl), (s->addressee_gap_lines + 1) * s->line_pitch);
        pc_near(c, "addressee-flush-left", "§7.3.2", "居左顶格", a->element, a->index, a->page,
             a->x0 - pc_area_left(c, a->page) -
                 (s->cell - a->size * MM_PER_PT) / 2 * (a->first_cp >= 0x2E80),
             0);
    }
    /* 公文首页必须显示正文 */
    bool body_on_1 = false;
    for (size_t i = 0; i < p->n_lines && !body_on_1; i++)
        body_on_1 = p->lines[i].page == 1 &&
                    (p->lines[i].element == GW_EL_BODY || p->lines[i].element == GW_EL_HEADING);
    if (pc_box(p, GW_EL_BODY, -1) || pc_box(p, GW_EL_HEADING, -1))
        pc_holds(c, "first-page-body", "§7.3.3", "首页必须显示正文", GW_EL_BODY, 0, 1, body_on_1,
              body_on_1 ? "正文 on page 1" : "no 正文 on page 1", "正文 on page 1");
    indent_rules(c, GW_EL_BODY);
    indent_rules(c, GW_EL_HEADING);
    indent_rules(c, GW_EL_ANNEX_BODY);

    /* faces and sizes: 正文 3号仿宋, headings by level */
    const gw_proof_box *b = pc_box(p, GW_EL_BODY, -1);
    if (b) {
        pc_size_is(c, "body-size", "§7.3.3", "3号", b, s->text_size);
        pc_font_is(c, "body-font", "§7.3.3", "仿宋", b, s->body_role);
        pc_color_is(c, "body-colour", "§5.2.4", "black", b, GW_COLOR_BLACK);
    }
    bool seen[4] = { false };
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *h = &p->boxes[i];
        if (h->element != GW_EL_HEADING || h->index < 0 || (size_t)h->index >= p->doc->body.n)
            continue;
        int lv = p->doc->body.items[h->index].level;
        if (lv < 1 || lv > 4 || seen[lv - 1])
            continue;
        seen[lv - 1] = true;
        static const char *const what[4] = { "一级标题 (一、) 黑体", "二级标题 (（一）) 楷体",
                                             "三级标题 (1.) 仿宋", "四级标题 (（1）) 仿宋" };
        pc_font_is(c, "heading-font", "§7.3.3", what[lv - 1], h, s->heading_role[lv - 1]);
        pc_size_is(c, "heading-size", "§7.3.3", "3号", h, s->text_size);
    }

    /* 附件说明: 正文下空一行, 左空二字 */
    const gw_proof_line *an = pc_first_line(p, GW_EL_ATTACHMENT_NOTE, 0);
    if (an) {
        const gw_proof_line *above = pc_line_above(c, an);
        if (above && above->element != GW_EL_ATTACHMENT_NOTE)
            pc_near(c, "attachment-note-gap", "§7.3.4", "正文下空一行", an->element, an->index,
                 an->page, an->em_y0 - above->em_y0,
                 (s->attachment_note_gap_lines + 1) * s->line_pitch);
        pc_near(c, "attachment-note-indent", "§7.3.4", "左空二字", an->element, an->index, an->page,
             an->x0 - pc_area_left(c, an->page) - (s->cell - an->size * MM_PER_PT) / 2,
             s->attachment_note_indent * s->cell);
    }
}

/* 附件 (§7.3.7): each on a new page, `附件N` 3号黑体 flush left on line 1, title centred on line 3. */
void pc_annex_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *b = &p->boxes[i];
        if (b->element != GW_EL_ANNEX_LABEL)
            continue;
        const gw_proof_line *l = pc_first_line(p, GW_EL_ANNEX_LABEL, b->index);
        if (!l)
            continue; /* on a landscape page (a wide table): conform_formats.c */
        pc_near(c, "annex-label-line", "§7.3.7", "附件N 在版心左上角第一行", b->element, b->index,
             b->page, l->em_y0, pc_grid_top(c, s->attachment_label_line - 1));
        pc_near(c, "annex-label-left", "§7.3.7", "顶格", b->element, b->index, b->page,
             l->x0 - pc_area_left(c, l->page) - (s->cell - l->size * MM_PER_PT) / 2, 0);
        pc_font_is(c, "annex-label-font", "§7.3.7", "3号黑体", b, s->annex_label_role);
        /* 另面编排: nothing of the document's other parts above it on its page */
        bool alone = true;
        for (size_t k = 0; k < p->n_boxes; k++) {
            const gw_proof_box *o = &p->boxes[k];
            if (o->page == b->page && o != b && o->element != GW_EL_PAGE_NUMBER &&
                o->element != GW_EL_ANNEX_TITLE && o->element != GW_EL_ANNEX_BODY &&
                o->element != GW_EL_COLOPHON_RULE && o->element != GW_EL_CC &&
                o->element != GW_EL_PRINTER && o->element != GW_EL_PRINT_DATE &&
                o->element != GW_EL_DISTRIBUTE && o->element != GW_EL_COLOPHON_MAIN_TO)
                alone = false;
        }
        pc_holds(c, "annex-new-page", "§7.3.7", "附件另面编排", b->element, b->index, b->page, alone,
              alone ? "starts a page" : "shares a page with the text before it", "starts a page");
        const gw_proof_line *t = pc_first_line(p, GW_EL_ANNEX_TITLE, b->index);
        if (t && t->page == b->page)
            pc_near(c, "annex-title-line", "§7.3.7", "附件标题 居中排布在版心第三行", t->element,
                 t->index, t->page, pc_grid_em_top(c, t), pc_grid_top(c, s->attachment_title_line - 1));
    }
    /* a document the notice issues (印发): no label, a new page, its title from its first line;
     * a title line taller than the grid's stays inside the 版心 */
    for (size_t i = 0; i < p->n_lines; i++) {
        const gw_proof_line *t = &p->lines[i];
        if (t->element != GW_EL_ANNEX_TITLE || t != pc_first_line(p, GW_EL_ANNEX_TITLE, t->index) ||
            pc_first_line(p, GW_EL_ANNEX_LABEL, t->index))
            continue;
        double half = (t->size - s->text_size) / 2 * MM_PER_PT;
        pc_near(c, "issued-title-line", "§7.3.7", "印发的文件 另面编排, its title on the page's first line",
                t->element, t->index, t->page, t->em_y0,
                fmax(pc_grid_top(c, s->issued_title_line - 1) - half, s->top_margin));
        bool first = true;
        for (size_t k = 0; k < p->n_lines; k++) {
            const gw_proof_line *o = &p->lines[k];
            if (o->page == t->page && o->em_y0 < t->em_y0 - 1e-6 && o->element != GW_EL_PAGE_NUMBER)
                first = false;
        }
        pc_holds(c, "issued-new-page", "§7.3.7", "印发的文件 starts a page", t->element, t->index,
                 t->page, first, first ? "starts a page" : "below other text", "starts a page");
    }
}
