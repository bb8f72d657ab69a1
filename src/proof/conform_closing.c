/* conform_closing.c: the rules of the end of the 主体: 署名, 成文日期 and 印章 (§7.3.5), in the
 * three ways the standard sets them: without a seal (§7.3.5.2), under seals (§7.3.5.1), with
 * signature stamps (§7.3.5.3); and the 附注 (§7.3.6). Which applies is read from the page
 * list itself: seal images, stamp images, or neither. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "pc_conform.h"

/* The images of one element on the pages, in order. */
static size_t images(const gw_proof *p, gw_element el, const gw_proof_box **out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < p->n_boxes && n < cap; i++)
        if (p->boxes[i].is_image && p->boxes[i].element == el)
            out[n++] = &p->boxes[i];
    return n;
}

static double centre_x(double x0, double x1)
{
    return (x0 + x1) / 2;
}

/* The right indent of a line, in mm: a CJK glyph's em box is centred in its cell. */
static double right_indent(const cx *c, const gw_proof_line *l)
{
    return pc_area_right(c, l->page) - l->x1 + (l->size * MM_PER_PT - c->s->cell) / 2;
}

/* 署名 and 成文日期 without a seal (§7.3.5.2). */
static void plain_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    const gw_proof_line *sig = pc_first_line(p, GW_EL_SIGNATURE, -1);
    const gw_proof_line *date = pc_first_line(p, GW_EL_DATE, -1);
    double half = 0; /* a CJK glyph's em box hangs past its cell on both sides */
    if (sig) {
        half = (sig->size * MM_PER_PT - s->cell) / 2;
        const gw_proof_line *above = pc_line_above(c, sig);
        double table_bottom = above && above->element == GW_EL_TABLE ? -INFINITY : NAN;
        for (size_t i = 0; !isnan(table_bottom) && i < p->n_boxes; i++) {
            const gw_proof_box *r = &p->boxes[i];
            if (r->is_rule && r->element == GW_EL_TABLE && r->page == sig->page && r->y1 < sig->em_y0)
                table_bottom = fmax(table_bottom, (r->y0 + r->y1) / 2);
        }
        if (above && !isnan(table_bottom)) /* a table above: a line's white and a blank line */
            pc_within(c, "signature-gap", "§7.3.5.2", "在正文（表格）下空一行", sig->element,
                      sig->index, sig->page, sig->em_y0 - table_bottom,
                      (s->signature_gap_lines + 1) * s->line_pitch - s->text_size * MM_PER_PT,
                      INFINITY);
        else if (above)
            pc_within(c, "signature-gap", "§7.3.5.2", "在正文（或附件说明）下空一行", sig->element,
                   sig->index, sig->page, sig->em_y0 - above->em_y0,
                   (s->signature_gap_lines + 1) * s->line_pitch, INFINITY);
        double w_sig = -INFINITY, x_sig = INFINITY;
        for (size_t i = 0; i < p->n_lines; i++)
            if (p->lines[i].element == GW_EL_SIGNATURE) {
                w_sig = fmax(w_sig, p->lines[i].x1);
                x_sig = fmin(x_sig, p->lines[i].x0);
            }
        double right = pc_area_right(c, sig->page);
        double R_sig = (right - w_sig + half) / s->cell;
        double want = s->signature_right_indent;
        if (date) {
            /* R_sig = max(2, w_date − w_sig + 4) (spec 3.5(c)), widths in 字 */
            double wd = (date->x1 - date->x0 - 2 * half) / s->cell;
            double ws = (w_sig - x_sig - 2 * half) / s->cell;
            want = fmax(s->signature_right_indent,
                        wd - ws + s->signature_right_indent + s->date_offset);
        }
        pc_near(c, "signature-right", "§7.3.5.2", "署名 右空二字 (more when the date is longer)",
             sig->element, sig->index, sig->page, R_sig * s->cell, want * s->cell);
        pc_size_is(c, "signature-size", "§5.2.2", "3号", pc_box(p, GW_EL_SIGNATURE, -1), s->text_size);
    }
    if (date) {
        if (sig) {
            const gw_proof_line *sl = pc_last_line(p, GW_EL_SIGNATURE, -1);
            if (sl->page == date->page)
                pc_near(c, "date-below-signature", "§7.3.5.2", "成文日期 on the line below the 署名",
                     date->element, date->index, date->page, date->em_y0 - sl->em_y0,
                     s->line_pitch);
            pc_near(c, "date-offset", "§7.3.5.2", "成文日期 首字比署名首字右移二字", date->element,
                 date->index, date->page, date->x0 - sig->x0, s->date_offset * s->cell);
        }
        pc_within(c, "date-right", "§7.3.5.2", "成文日期 右空二字 or more", date->element,
               date->index, date->page,
               pc_area_right(c, date->page) - date->x1 + (date->size * MM_PER_PT - s->cell) / 2,
               s->signature_right_indent * s->cell, INFINITY);
        pc_size_is(c, "date-size", "§5.2.2", "3号", pc_box(p, GW_EL_DATE, -1), s->text_size);
    }
}

/* 加盖印章 (§7.3.5.1): 成文日期 右空四字; a single 署名 centred on the date; each seal centred
 * on its 署名, pressing on it and on the date, which sit below the seal's centre; the first
 * row's top within one line of the text above; joint seals never touching, inside the 版心. */
static void sealed_rules(cx *c, const gw_proof_box **seals, size_t n)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    const gw_proof_line *date = pc_first_line(p, GW_EL_DATE, -1);
    if (date)
        pc_near(c, "sealed-date-right", "§7.3.5.1", "成文日期 右空四字", date->element, date->index,
                date->page, right_indent(c, date), s->sealed_date_right_indent * s->cell);
    for (size_t i = 0; i < n; i++) {
        const gw_proof_box *seal = seals[i];
        const gw_proof_line *sig = pc_first_line(p, GW_EL_SIGNATURE, seal->index);
        double cx_seal = centre_x(seal->x0, seal->x1), cy_seal = (seal->y0 + seal->y1) / 2;
        if (sig) {
            pc_near(c, "seal-centred", "§7.3.5.1", "印章 居中 over its 署名", GW_EL_SEAL,
                    seal->index, seal->page, cx_seal, centre_x(sig->x0, sig->x1));
            /* 居印章中心偏下: the standard says "below", the rules say by how much */
            pc_near(c, "seal-signature-below-centre", "§7.3.5.1",
                    "署名 居印章中心偏下 (its em box's centre this far below the seal's centre)",
                    GW_EL_SIGNATURE, sig->index, sig->page,
                    (sig->em_y0 + sig->em_y1) / 2 - cy_seal, s->seal_signature_below_centre);
        }
        pc_holds(c, "seal-inside", "§5.2.1", "印章 within the 版心", GW_EL_SEAL, seal->index,
                 seal->page,
                 seal->x0 >= pc_area_left(c, seal->page) - TOL_MM &&
                     seal->x1 <= pc_area_right(c, seal->page) + TOL_MM &&
                     seal->y1 <= pc_area_bottom(c) + TOL_MM,
                 "outside", "inside");
        for (size_t k = i + 1; k < n; k++) {
            const gw_proof_box *o = seals[k];
            bool apart = o->page != seal->page || o->x0 >= seal->x1 || o->x1 <= seal->x0 ||
                         o->y0 >= seal->y1 || o->y1 <= seal->y0;
            pc_holds(c, "seals-apart", "§7.3.5.1", "联合行文: 印章 不相交或相切", GW_EL_SEAL,
                     o->index, o->page, apart, "overlapping", "apart");
        }
    }
    if (n == 1 && date) {
        const gw_proof_line *sig = pc_first_line(p, GW_EL_SIGNATURE, -1);
        if (sig)
            pc_near(c, "signature-centred-on-date", "§7.3.5.1", "单一机关: 署名 以成文日期为准居中",
                    sig->element, sig->index, sig->page, centre_x(sig->x0, sig->x1),
                    centre_x(date->x0, date->x1));
    }
    if (n && date) { /* the (last) seal presses on the date */
        const gw_proof_box *last = seals[n - 1];
        pc_holds(c, "seal-on-date", "§7.3.5.1", "印章 下压成文日期", GW_EL_SEAL, last->index,
                 last->page, last->page == date->page && last->y1 > date->em_y0 &&
                                 last->y0 < date->em_y1,
                 "apart from the date", "over the date");
    }
    /* the first seal's top within one line of the text above its 署名 */
    const gw_proof_line *sig = pc_first_line(p, GW_EL_SIGNATURE, -1);
    const gw_proof_line *above = sig ? pc_line_above(c, sig) : NULL;
    if (n && above && above->page == seals[0]->page) {
        double bottom = above->em_y1;
        if (above->element == GW_EL_TABLE) /* a table above: its bottom rule */
            for (size_t i = 0; i < p->n_boxes; i++) {
                const gw_proof_box *r = &p->boxes[i];
                if (r->is_rule && r->element == GW_EL_TABLE && r->page == above->page &&
                    r->y1 < seals[0]->y0)
                    bottom = fmax(bottom, (r->y0 + r->y1) / 2);
            }
        pc_within(c, "seal-top", "§7.3.5.1", "印章 顶端 within one line of the text above",
                  GW_EL_SEAL, seals[0]->index, seals[0]->page, seals[0]->y0 - bottom, 0,
                  s->line_pitch);
    }
}

/* 加盖签发人签名章 (§7.3.5.3): the stamp 右空四字, two blank lines below the text; the 职务 2 字 to
 * its left, centred on it; the 成文日期 one blank line below, 右空四字. */
static void stamped_rules(cx *c, const gw_proof_box **stamps, size_t n)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    for (size_t i = 0; i < n; i++) {
        const gw_proof_box *st = stamps[i];
        pc_near(c, "stamp-right", "§7.3.5.3", "签名章 右空四字", GW_EL_SIGNATURE_STAMP, st->index,
                st->page, pc_area_right(c, st->page) - st->x1, s->stamp_right_indent * s->cell);
        const gw_proof_line *t = pc_first_line(p, GW_EL_SIGNATORY_TITLE, st->index);
        if (t) {
            double half = (t->size * MM_PER_PT - s->cell) / 2;
            pc_near(c, "stamp-title-gap", "§7.3.5.3", "签发人职务 在签名章左空二字",
                    t->element, t->index, t->page, st->x0 - (t->x1 - half),
                    s->stamp_title_gap * s->cell);
            pc_near(c, "stamp-title-centred", "§7.3.5.3", "签发人职务 以签名章为准上下居中",
                    t->element, t->index, t->page, (t->em_y0 + t->em_y1) / 2,
                    (st->y0 + st->y1) / 2);
        }
    }
    const gw_proof_line *date = pc_first_line(p, GW_EL_DATE, -1);
    if (date) {
        pc_near(c, "stamp-date-right", "§7.3.5.3", "成文日期 右空四字", date->element, date->index,
                date->page, right_indent(c, date), s->stamp_right_indent * s->cell);
        const gw_proof_box *last = stamps[n - 1];
        if (last->page == date->page)
            pc_within(c, "stamp-date-gap", "§7.3.5.3", "成文日期 在签名章下空一行", date->element,
                      date->index, date->page, date->em_y0 - last->y1,
                      s->stamp_date_gap_lines * s->line_pitch - s->line_pitch,
                      (s->stamp_date_gap_lines + 1) * s->line_pitch);
    }
}

/* 附注 (§7.3.6): the line after the 成文日期, 左空二字. */
static void note_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    const gw_proof_line *note = pc_first_line(p, GW_EL_NOTE, -1);
    if (note) {
        const gw_proof_line *above = pc_line_above(c, note);
        if (above && (above->element == GW_EL_DATE || above->element == GW_EL_SIGNATURE))
            pc_near(c, "note-below-date", "§7.3.6", "附注 on the line after the 成文日期", note->element,
                 note->index, note->page, note->em_y0 - above->em_y0, pc_pitch_at(c, note));
        pc_near(c, "note-indent", "§7.3.6", "居左空二字", note->element, note->index, note->page,
             note->x0 - pc_area_left(c, note->page) - (s->cell - note->size * MM_PER_PT) / 2,
             s->note_indent * s->cell);
    }
    /* a 署名 or 成文日期 the document has must be on the pages */
    if (p->doc->date.text && !pc_first_line(p, GW_EL_DATE, -1))
        pc_holds(c, "date-present", "§7.3.5", "成文日期 printed", GW_EL_DATE, 0, (int)p->n_pages,
              false, "missing", "printed");
}


void pc_closing_rules(cx *c)
{
    const gw_proof_box *seals[64], *stamps[64];
    size_t n_seals = images(c->p, GW_EL_SEAL, seals, 64);
    size_t n_stamps = images(c->p, GW_EL_SIGNATURE_STAMP, stamps, 64);
    if (n_stamps)
        stamped_rules(c, stamps, n_stamps);
    else if (n_seals)
        sealed_rules(c, seals, n_seals);
    else
        plain_rules(c);
    note_rules(c);
}
