/* conform_header.c: the rules of the 版头 (GB/T 9704 §7.2): 份号, 密级, 紧急程度 on lines 1–3;
 * the 发文机关标志's top edge (where the format's rules put it), centre, width and colour; the
 * 发文字号 (or the 签发人 block) two lines below it; the red rule 4 mm below, as wide as the
 * 版心; the title two lines below it. The 信函's 版头 and a 版头 without a red rule (命令): see
 * conform_formats.c. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pc_conform.h"

void pc_header_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    static const gw_element tops[3] = { GW_EL_COPY_NUMBER, GW_EL_SECRECY, GW_EL_URGENCY };
    static const char *const clauses[3] = { "§7.2.1", "§7.2.2", "§7.2.3" };
    int line = 0;
    for (int i = 0; i < 3 && !s->letter_header; i++) { /* (信函: conform_formats.c) */
        const gw_proof_line *l = pc_first_line(p, tops[i], -1);
        if (!l)
            continue;
        pc_near(c, "header-line", clauses[i], "份号, 密级, 紧急程度 on grid lines 1–3, in order",
             l->element, l->index, l->page, l->em_y0, pc_grid_top(c, line));
        pc_near(c, "header-flush-left", clauses[i], "顶格: at the 版心's left", l->element, l->index,
             l->page, l->x0 - pc_area_left(c, l->page) - (s->cell - l->size * MM_PER_PT) / 2 *
                                                        (l->first_cp >= 0x2E80),
             0);
        line++;
    }

    const gw_proof_box *mark = pc_box(p, GW_EL_ISSUER_MARK, -1);
    if (mark) {
        double top = s->mark_top_ink ? mark->ink_y0 : mark->y0;
        /* where the format's rules put it: below the 版心's top, or the sheet's (信函) */
        double want = (s->mark_top_from_sheet ? 0 : s->top_margin) + s->mark_top;
        const char *clause = "§7.2.4", *what = "上边缘 35 mm below the 版心 top";
        if (s->format == GW_FORMAT_LETTER)
            clause = "§10.1", what = "信函: 上边缘 30 mm below the sheet top";
        else if (s->format == GW_FORMAT_ORDER)
            clause = "§10.2", what = "命令: 上边缘 20 mm below the 版心 top";
        else if (s->format == GW_FORMAT_MINUTES)
            clause = "§10.3", what = "纪要: 上边缘 35 mm below the 版心 top";
        pc_near(c, "issuer-mark-top", clause, what, mark->element, mark->index, mark->page, top, want);
        pc_near(c, "issuer-mark-centred", "§7.2.4", "居中 on the 版心", mark->element, mark->index,
             mark->page, (mark->x0 + mark->x1) / 2, pc_area_centre(c, mark->page));
        pc_within(c, "issuer-mark-width", "§7.2.4", "no wider than the 版心", mark->element,
               mark->index, mark->page, mark->x1 - mark->x0, 0, s->area_w);
        pc_color_is(c, "issuer-mark-colour", "§7.2.4", "红色", mark, GW_COLOR_RED);
    }

    const gw_proof_box *docno = pc_box(p, GW_EL_DOC_NUMBER, -1);
    const gw_proof_line *dl = pc_first_line(p, GW_EL_DOC_NUMBER, -1);
    bool upward = p->doc->n_signers > 0;
    if (docno && dl && !s->letter_header) {
        /* 上行文: the first line of the 签发人 block is the one 空二行 below; the 发文字号 sits on
         * its last line (§7.2.5, §7.2.6) */
        const gw_proof_line *first = upward && pc_first_line(p, GW_EL_SIGNER, -1)
                                         ? pc_first_line(p, GW_EL_SIGNER, -1)
                                         : dl;
        if (mark) {
            double bottom = s->mark_top_ink ? mark->ink_y1 : mark->y1;
            double gap = s->doc_number_gap_lines * s->line_pitch;
            pc_within(c, "doc-number-gap", "§7.2.5",
                   upward ? "签发人 (its first line) 空二行 below the 发文机关标志"
                          : "空二行 below the 发文机关标志 (on the next grid line)",
                   first->element, first->index, first->page, first->em_y0 - bottom, gap,
                   gap + s->line_pitch);
        }
        if (upward)
            pc_near(c, "doc-number-left", "§7.2.5", "上行文: 居左空一字", docno->element, docno->index,
                 docno->page, dl->x0 - pc_area_left(c, dl->page) -
                                  (s->cell - dl->size * MM_PER_PT) / 2 * (dl->first_cp >= 0x2E80),
                 s->signer_indent * s->cell);
        else
            pc_near(c, "doc-number-centred", "§7.2.5", "居中", docno->element, docno->index,
                 docno->page, (docno->x0 + docno->x1) / 2, pc_area_centre(c, docno->page));
        pc_size_is(c, "doc-number-size", "§7.2.5", "3号", docno, s->text_size);
        pc_font_is(c, "doc-number-font", "§7.2.5", "仿宋", docno, s->doc_number_role);
    }
    const gw_proof_box *signer = pc_box(p, GW_EL_SIGNER, -1);
    if (signer) {
        double right = -INFINITY;
        for (size_t i = 0; i < p->n_boxes; i++)
            if (p->boxes[i].element == GW_EL_SIGNER)
                right = fmax(right, p->boxes[i].x1);
        /* the last glyph's em box hangs past its cell by half the difference */
        pc_near(c, "signer-right", "§7.2.6", "签发人 居右空一字", signer->element, signer->index,
             signer->page, pc_area_right(c, signer->page) - right +
                               (c->s->text_size * MM_PER_PT - s->cell) / 2,
             s->signer_indent * s->cell);
        const gw_proof_line *sl = pc_last_line(p, GW_EL_SIGNER, -1);
        if (dl && sl)
            pc_near(c, "signer-doc-number-line", "§7.2.5", "发文字号 on the line of the last 签发人",
                 GW_EL_DOC_NUMBER, 0, dl->page, dl->baseline, sl->baseline);
    }

    const gw_proof_box *rule = NULL;
    for (size_t i = 0; i < p->n_boxes; i++)
        if (p->boxes[i].element == GW_EL_HEADER_RULE && p->boxes[i].is_rule) {
            rule = &p->boxes[i];
            break;
        }
    if (rule && !s->letter_header && s->red_rule) {
        double y = (rule->y0 + rule->y1) / 2;
        if (docno) {
            const gw_proof_line *last = pc_last_line(p, GW_EL_DOC_NUMBER, -1);
            pc_near(c, "header-rule-gap", "§7.2.7", "发文字号之下4 mm 处 (below its em box)",
                 rule->element, rule->index, rule->page, y - last->em_y1, s->red_rule_gap);
        }
        pc_near(c, "header-rule-left", "§7.2.7", "与版心等宽: starts at the 版心's left", rule->element,
             rule->index, rule->page, rule->x0, pc_area_left(c, rule->page));
        pc_near(c, "header-rule-length", "§7.2.7", "与版心等宽: 156 mm", rule->element, rule->index,
             rule->page, rule->x1 - rule->x0, s->area_w);
        pc_color_is(c, "header-rule-colour", "§7.2.7", "红色", rule, GW_COLOR_RED);

        const gw_proof_line *t = pc_first_line(p, GW_EL_TITLE, -1);
        if (t && t->page == rule->page) {
            double gap = s->title_gap_lines * s->line_pitch;
            pc_within(c, "title-gap", "§7.3.1", "红色分隔线下空二行 (on the next grid line)", t->element,
                   t->index, t->page, pc_grid_em_top(c, t) - y, gap, gap + s->line_pitch);
        }
    }
}
