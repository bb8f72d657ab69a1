/* header_letter.c: the 版头 of the 信函格式 (GB/T 9704 §10.1), chosen by `[format] header =
 * letter`:
 *   the 发文机关标志 (the issuer's name; a joint letter the lead issuer's), red, centred, its
 *   top edge issuer_mark_top_mm below the top of the sheet (30 mm);
 *   two red double rules as long as [letter] says (170 mm), centred on the 版心's axis: thick
 *   over thin with its top edge 4 mm below the mark, thin over thick with its bottom edge
 *   20 mm above the sheet's foot;
 *   份号, 密级, 紧急程度 stacked flush left and the 发文字号 flush right, the first of them
 *   7/8 of a 3号 character (14 pt) below the first double rule;
 *   the title two lines below the last of them (lay_header_title_line); page 1's text keeps
 *   14 pt above the second double rule (lay_page_bottom).
 * These lines hang from the double rule, not from the grid; the 主体 below is on the grid. */
#include <math.h>
#include <string.h>

#include "lay_int.h"

/* A double rule of the letterhead from y_top down: a stroke `first` thick, the gap, a stroke
 * `second` thick; 170 mm (the rules') long, centred on the 版心's axis of page 1. */
static void double_rule(lay_ctx *c, double y_top, double first, double second, int index)
{
    const gw_layout_rules *r = c->r;
    if (c->dry)
        return;
    gw_page *pg = lay_page_at(c, 0);
    double x0 = lay_area_left(c, 0) + (r->area_w - r->letter_rule_length) / 2;
    double x1 = x0 + r->letter_rule_length;
    double y1 = y_top + first / 2, y2 = y_top + first + r->letter_rule_gap + second / 2;
    gw_page_add_rule(pg, x0, y1, x1, y1, first, GW_COLOR_RED)->tag =
        (gw_tag){ GW_EL_HEADER_RULE, index };
    gw_page_add_rule(pg, x0, y2, x1, y2, second, GW_COLOR_RED)->tag =
        (gw_tag){ GW_EL_HEADER_RULE, index };
}

static double double_rule_height(const gw_layout_rules *r)
{
    return r->letter_thick_rule + r->letter_rule_gap + r->letter_thin_rule;
}

/* One line of the letterhead with its em box's top at em_top. */
static void emit_at(lay_ctx *c, lay_para *p, double em_top)
{
    if (c->dry)
        return;
    lay_emit_line(c, lay_page_at(c, 0), p, &p->lines[0], lay_area_left(c, 0),
                  lay_baseline_at(c, p, em_top), GW_COLOR_BLACK, 1.0);
}

void lay_letter_header(lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    double E = r->text_size, q = r->line_pitch;
    c->hdr = (lay_header_geom){ .full = true };
    c->tag = (gw_tag){ GW_EL_ISSUER_MARK, 0 };
    /* the lead issuer's name (the reader derives it); a mark given is printed as written */
    double mark_bottom = lay_has(&d->issuer_mark) ? lay_emit_mark(c, d->issuer_mark.text)
                                                  : lay_mark_top(r); /* pre-printed letterhead */
    c->hdr.mark_bottom = mark_bottom;
    double rule1 = mark_bottom + r->letter_mark_gap;
    double rule2_bottom = r->paper_h - r->letter_bottom_rule;
    double rule2 = rule2_bottom - double_rule_height(r);
    c->tag = (gw_tag){ GW_EL_HEADER_RULE, 0 };
    double_rule(c, rule1, r->letter_thick_rule, r->letter_thin_rule, 0);
    double_rule(c, rule2, r->letter_thin_rule, r->letter_thick_rule, 1);
    double below = rule1 + double_rule_height(r); /* the first double rule's bottom edge */
    c->hdr.page1_bottom = rule2 - r->letter_text_gap;

    /* 份号, 密级, 紧急程度 flush left, one a line; the 发文字号 flush right on the first */
    double first = below + r->letter_header_gap, bottom = below;
    lay_para p;
    lay_para_init(&p);
    const gw_text *tops[3] = { &d->copy_number, &d->secrecy, &d->urgency };
    int n = 0;
    double docno_w = 0;
    if (lay_has(&d->doc_number)) {
        lay_header_shape_one(c, &p, d->doc_number.text, r->doc_number_role);
        docno_w = p.lines[0].width;
    }
    for (int i = 0; i < 3; i++) {
        if (!lay_has(tops[i]))
            continue;
        /* the first shares its line with the 发文字号: at least 1 字 between them */
        double room = r->area_w - (n == 0 && docno_w > 0 ? docno_w + c->cell : 0);
        double y = first + n * q;
        if (lay_header_top_line(c, &p, tops[i], i, room))
            emit_at(c, &p, y);
        bottom = y + E;
        n++;
    }
    if (docno_w > 0) {
        c->tag = (gw_tag){ GW_EL_DOC_NUMBER, 0 };
        lay_header_shape_one(c, &p, d->doc_number.text, r->doc_number_role);
        if (docno_w > r->area_w + 1e-6) {
            gw_diags_add(c->diags, GW_ERROR, "layout-too-wide", d->doc_number.pos.line,
                         d->doc_number.pos.col, "the 发文字号 is %.1f 字 wide; its line holds %.1f 字",
                         docno_w / c->cell, r->area_w / c->cell);
        } else {
            p.lines[0].indent = r->area_w - docno_w; /* flush right */
            emit_at(c, &p, first);
        }
        bottom = fmax(bottom, first + E);
        c->hdr.has_docno = true;
    }
    lay_para_free(&p);
    c->hdr.fixed_bottom = bottom;
    /* the letterhead has no place for 签发人 (§10.1): an error, never a name left out */
    if (d->n_signers && !c->dry)
        gw_diags_add(c->diags, GW_ERROR, "layout-format-element", d->signers[0].pos.line,
                     d->signers[0].pos.col,
                     "the %s format has no 签发人 (GB/T 9704 §10.1): remove it, or lay the "
                     "document out as 文件 (上行文)", gw_format_name(r->format));
}
