/* conform_formats.c: the rules of the special formats (GB/T 9704 §10) and of tables (§8),
 * measured against the numbers of the format's own rules file (letter.ini, order.ini,
 * minutes.ini over gbt9704.ini):
 *   信函 (§10.1): the double rules (length, centred on the 版心's axis, thick over thin below
 *   the mark, thin over thick above the foot, their thicknesses), 份号… flush left and the
 *   发文字号 flush right 4.94 mm below the first, the title two lines below them, the text of
 *   page 1 above the second; a 版记 without rules or 印发 lines;
 *   命令 (§10.2): no red rule unless the rules want one; 正文 two lines below the 令号;
 *   纪要 (§10.3): 出席/请假/列席 one line below what is above, 左空二字, the label's face,
 *   the names hanging under the first one;
 *   tables: as wide as the 版心 (across a landscape page: as long as it is tall), their size,
 *   the header row repeated on each page, a landscape page turned (/Rotate 90) with the
 *   table's head toward the sheet's left edge and its label, title and text in its frame. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pc_conform.h"

/* The rule boxes of an element on page 1, in order from the top. */
static size_t rules_of(const gw_proof *p, gw_element el, int page, const gw_proof_box **out,
                       size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_boxes && n < cap; i++)
        if (p->boxes[i].is_rule && p->boxes[i].element == el && p->boxes[i].page == page)
            out[n++] = &p->boxes[i];
    for (size_t i = 1; i < n; i++) /* by y */
        for (size_t k = i; k > 0 && out[k]->y0 < out[k - 1]->y0; k--) {
            const gw_proof_box *t = out[k];
            out[k] = out[k - 1];
            out[k - 1] = t;
        }
    return n;
}

static double stroke(const gw_proof_box *b)
{
    return b->size * MM_PER_PT;
}

/* 信函 (§10.1) */
static void letter_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    const gw_proof_box *r[8];
    size_t n = rules_of(p, GW_EL_HEADER_RULE, 1, r, 8);
    pc_holds(c, "letter-double-rules", "§10.1", "两条红色双线 (4 strokes)", GW_EL_HEADER_RULE, 0, 1,
             n == 4, n == 4 ? "4 strokes" : "another number of strokes", "4 strokes");
    if (n != 4)
        return;
    double axis = pc_area_centre(c, 1);
    for (size_t i = 0; i < 4; i++) {
        pc_near(c, "letter-rule-length", "§10.1", "双线长170 mm", GW_EL_HEADER_RULE, (int)i / 2, 1,
                r[i]->x1 - r[i]->x0, s->letter_rule_length);
        pc_near(c, "letter-rule-centred", "§10.1", "居中 on the 版心's axis", GW_EL_HEADER_RULE,
                (int)i / 2, 1, (r[i]->x0 + r[i]->x1) / 2, axis);
        pc_color_is(c, "letter-rule-colour", "§10.1", "红色", r[i], GW_COLOR_RED);
    }
    double want[4] = { s->letter_thick_rule, s->letter_thin_rule, s->letter_thin_rule,
                       s->letter_thick_rule };
    for (size_t i = 0; i < 4; i++)
        pc_add(c, "letter-rule-weight", "§10.1",
               i < 2 ? "first double rule 上粗下细" : "second double rule 上细下粗", GW_EL_HEADER_RULE,
               (int)i / 2, 1, fabs(stroke(r[i]) - want[i]) <= TOL_RULE,
               gw_asprintf("%.2f mm", stroke(r[i])), gw_asprintf("%.2f mm", want[i]),
               gw_asprintf("±%.2f mm", TOL_RULE));
    const gw_proof_box *mark = pc_box(p, GW_EL_ISSUER_MARK, -1);
    double rule1_top = r[0]->y0, rule1_bottom = r[1]->y1, rule2_top = r[2]->y0;
    if (mark)
        pc_near(c, "letter-rule-gap", "§10.1", "第一条双线在发文机关标志下4 mm", GW_EL_HEADER_RULE, 0, 1,
                rule1_top - (s->mark_top_ink ? mark->ink_y1 : mark->y1), s->letter_mark_gap);
    pc_near(c, "letter-rule-foot", "§10.1", "第二条双线距下页边20 mm", GW_EL_HEADER_RULE, 1, 1,
            s->paper_h - r[3]->y1, s->letter_bottom_rule);
    /* 份号, 密级, 紧急程度 flush left, 发文字号 flush right, the first 4.94 mm below the rule */
    static const gw_element tops[3] = { GW_EL_COPY_NUMBER, GW_EL_SECRECY, GW_EL_URGENCY };
    int k = 0;
    double last_bottom = rule1_bottom;
    for (int i = 0; i < 3; i++) {
        const gw_proof_line *l = pc_first_line(p, tops[i], -1);
        if (!l)
            continue;
        pc_near(c, "letter-header-line", "§10.1", "份号、密级、紧急程度: 第一个在双线下4.94 mm, one a line",
                l->element, l->index, l->page, l->em_y0 - rule1_bottom,
                s->letter_header_gap + k * s->line_pitch);
        pc_near(c, "letter-header-left", "§10.1", "顶格 (the 版心's left)", l->element, l->index, l->page,
                l->x0 - pc_area_left(c, 1) - (s->cell - l->size * MM_PER_PT) / 2 * (l->first_cp >= 0x2E80),
                0);
        last_bottom = fmax(last_bottom, l->em_y1);
        k++;
    }
    const gw_proof_line *dn = pc_first_line(p, GW_EL_DOC_NUMBER, -1);
    if (dn) {
        pc_near(c, "letter-doc-number-line", "§10.1", "发文字号在双线下4.94 mm", dn->element, dn->index,
                dn->page, dn->em_y0 - rule1_bottom, s->letter_header_gap);
        pc_near(c, "letter-doc-number-right", "§10.1", "发文字号 顶格居右 (the 版心's right)",
                dn->element, dn->index, dn->page, pc_area_right(c, 1) - dn->x1, 0);
        last_bottom = fmax(last_bottom, dn->em_y1);
    }
    const gw_proof_line *t = pc_first_line(p, GW_EL_TITLE, -1);
    if (t && t->page == 1) {
        double gap = s->title_gap_lines * s->line_pitch;
        pc_within(c, "letter-title-gap", "§10.1", "标题 在最后一个要素下空二行 (on the next grid line)",
                  t->element, t->index, 1, pc_grid_em_top(c, t) - last_bottom, gap,
                  gap + s->line_pitch);
    }
    /* page 1's text keeps 4.94 mm above the second double rule */
    double low = -INFINITY;
    for (size_t i = 0; i < p->n_lines; i++)
        if (p->lines[i].page == 1 && p->lines[i].element != GW_EL_PAGE_NUMBER)
            low = fmax(low, p->lines[i].em_y1);
    if (low > -INFINITY)
        pc_within(c, "letter-text-above-rule", "§10.1", "文字与下红色双线 at least 4.94 mm apart",
                  GW_EL_BODY, 0, 1, rule2_top - low, s->letter_text_gap, INFINITY);
}

/* 版头 without a red rule (命令): none drawn; the 正文 (or title) two lines below the 令号. */
static void no_rule_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    const gw_proof_box *r[4];
    size_t n = rules_of(p, GW_EL_HEADER_RULE, 1, r, 4);
    pc_holds(c, "no-header-rule", c->s->format == GW_FORMAT_ORDER ? "§10.2" : "§7.2.7",
             "no 版头分隔线 (the rules say none)", GW_EL_HEADER_RULE, 0, 1, n == 0,
             n ? "a rule" : "none", "none");
    const gw_proof_line *dn = pc_last_line(p, GW_EL_DOC_NUMBER, -1);
    const gw_proof_line *next = NULL;
    for (size_t i = 0; i < p->n_lines; i++) {
        const gw_proof_line *l = &p->lines[i];
        if (l->page == 1 && dn && l->em_y0 > dn->em_y1 &&
            (l->element == GW_EL_TITLE || l->element == GW_EL_BODY || l->element == GW_EL_HEADING ||
             l->element == GW_EL_ADDRESSEE) && (!next || l->em_y0 < next->em_y0))
            next = l;
    }
    if (dn && next) {
        double gap = s->title_gap_lines * s->line_pitch;
        pc_within(c, "order-body-gap", "§10.2", "正文 (or 标题) 在令号下空二行 (on the next grid line)",
                  next->element, next->index, 1, pc_grid_em_top(c, next) - dn->em_y1, gap,
                  gap + s->line_pitch);
    }
}

void pc_format_header_rules(cx *c)
{
    if (c->s->letter_header)
        letter_rules(c);
    else if (!c->s->red_rule)
        no_rule_rules(c);
}

/* 纪要 (§10.3): 出席, 请假, 列席 */
void pc_attendance_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    for (int k = 0; k < 3; k++) {
        const gw_proof_line *first = pc_first_line(p, GW_EL_ATTENDANCE, k);
        if (!first)
            continue;
        const gw_proof_box *b = pc_box(p, GW_EL_ATTENDANCE, k);
        double half = (s->cell - first->size * MM_PER_PT) / 2;
        double indent = s->attendance_indent * s->cell;
        pc_near(c, "attendance-indent", "§10.3", "左空二字", first->element, k, first->page,
                first->x0 - pc_area_left(c, first->page) - half, indent);
        const gw_face *f = gw_fontset_face(p->fs, first->face);
        pc_holds(c, "attendance-label-font", "§10.3", "出席、请假、列席 用3号黑体", first->element, k,
                 first->page, f && f->role == s->attendance_label_role,
                 f ? gw_role_name(f->role) : "none", gw_role_name(s->attendance_label_role));
        pc_font_is(c, "attendance-names-font", "§10.3", "names 3号仿宋", b, s->body_role);
        pc_size_is(c, "attendance-size", "§10.3", "3号", b, s->text_size);
        /* continuation lines under the first character after the colon (label 2 字 + `：`) */
        for (size_t i = 0; i < p->n_lines; i++) {
            const gw_proof_line *l = &p->lines[i];
            if (l->element != GW_EL_ATTENDANCE || l->index != k || l == first)
                continue;
            pc_near(c, "attendance-hang", "§10.3", "回行时与冒号后的首字对齐", l->element, k, l->page,
                    l->x0 - pc_area_left(c, l->page) - half, indent + 3 * s->cell);
        }
        if (k == 0 || !pc_first_line(p, GW_EL_ATTENDANCE, k - 1)) {
            const gw_proof_line *above = pc_line_above(c, first);
            if (above && above->element != GW_EL_ATTENDANCE)
                pc_within(c, "attendance-gap", "§10.3", "在正文或附件说明下空一行", first->element, k,
                          first->page, first->em_y0 - above->em_y0,
                          (s->attendance_gap_lines + 1) * s->line_pitch, INFINITY);
        }
    }
}

/* The i-th table of the document (body first, then the annexes'), or NULL. */
static const gw_table *table_at(const gw_document *d, int index)
{
    int n = 0;
    for (size_t i = 0; i < d->body.n; i++)
        if (d->body.items[i].kind == GW_BLOCK_TABLE && n++ == index)
            return &d->body.items[i].table;
    for (size_t a = 0; a < d->n_annexes; a++)
        for (size_t i = 0; i < d->annexes[a].body.n; i++)
            if (d->annexes[a].body.items[i].kind == GW_BLOCK_TABLE && n++ == index)
                return &d->annexes[a].body.items[i].table;
    return NULL;
}

/* tables (§8) */
void pc_table_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *b = &p->boxes[i];
        if (b->element != GW_EL_TABLE || b->is_rule)
            continue;
        const gw_page *pg = &p->pl->pages[b->page - 1];
        bool turned = pg->rotate == 90;
        /* its rules on this page: their extent is the table's */
        double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
        for (size_t k = 0; k < p->n_boxes; k++) {
            const gw_proof_box *r = &p->boxes[k];
            if (!r->is_rule || r->element != GW_EL_TABLE || r->page != b->page)
                continue;
            x0 = fmin(x0, r->x0), x1 = fmax(x1, r->x1);
            y0 = fmin(y0, (r->y0 + r->y1) / 2), y1 = fmax(y1, (r->y0 + r->y1) / 2);
        }
        if (x0 < INFINITY) {
            if (turned) /* across a landscape page: as long as the 版心 is tall */
                pc_near(c, "table-width", "§8", "表格 as wide as the landscape 版心 (225 mm)",
                        b->element, b->index, b->page, y1 - y0, s->area_h);
            else
                pc_near(c, "table-width", "§8", "表格 as wide as the 版心", b->element, b->index,
                        b->page, x1 - x0, s->area_w);
            if (turned) /* the head toward the sheet's left edge (binding edge on odd pages) */
                pc_within(c, "table-landscape-head", "§8",
                          "横排表格: 表头 toward the 订口 on odd pages, the 切口 on even ones (the sheet's left)",
                          b->element, b->index, b->page, x0 - pc_area_left(c, b->page), 0,
                          s->area_w / 2);
        }
        pc_size_is(c, "table-size", "§8", "表格文字 (4号)", b, s->table_size);
        pc_font_is(c, "table-font", "§8", "仿宋", b, s->table_role);
        /* every page it runs onto begins with its header row */
        const gw_table *t = table_at(p->doc, b->index);
        if (t && t->n_cols) {
            gw_buf h;
            gw_buf_init(&h);
            for (size_t k = 0; k < t->n_cols; k++)
                gw_buf_puts(&h, t->cells[k] ? t->cells[k] : "");
            bool starts = b->text && h.data && !strncmp(b->text, h.data, h.len);
            pc_holds(c, "table-header-row", "§8", "表头 at the top of every page the table is on",
                     b->element, b->index, b->page, !h.data || starts,
                     starts || !h.data ? "header row first" : "no header row first", "header row first");
            gw_buf_free(&h);
        }
        bool has_turned = false;
        for (size_t k = 0; k < c->full->n_lines; k++) {
            const gw_proof_line *l = &c->full->lines[k];
            if (l->page == b->page && l->element == GW_EL_TABLE && l->turned)
                has_turned = true;
        }
        if (turned || has_turned)
            pc_holds(c, "table-landscape-page", "§8", "横排表格: the page turned (/Rotate 90), the table's text set across it",
                     b->element, b->index, b->page, turned && has_turned,
                     turned ? (has_turned ? "turned, text across" : "turned, text upright")
                            : "not turned", "turned, text across");
    }
    /* an attachment on a landscape page: label on its first line at the top of the landscape
     * 版心 (the sheet's left, at the binding side), its title centred across */
    for (size_t k = 0; k < c->full->n_lines; k++) {
        const gw_proof_line *l = &c->full->lines[k];
        if (!l->turned)
            continue;
        if (l->element == GW_EL_ANNEX_LABEL)
            pc_near(c, "annex-label-landscape", "§7.3.7", "附件N 在版心左上角第一行 (landscape)",
                    l->element, l->index, l->page, l->x0 - pc_area_left(c, l->page), 0);
        if (l->element == GW_EL_ANNEX_TITLE)
            pc_near(c, "annex-title-landscape", "§7.3.7", "附件标题 居中 (landscape)", l->element,
                    l->index, l->page, (l->em_y0 + l->em_y1) / 2, s->top_margin + s->area_h / 2);
    }
}
