/* closing.c: the end of the 主体 (GB/T 9704 §7.3.4–§7.3.6): 附件说明, 署名, 成文日期, 附注. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

/* Width of the units of p that lie inside its first n bytes. */
static double prefix_width(const lay_para *p, size_t n)
{
    double w = 0;
    for (size_t u = 0; u < p->nu && p->u[u].b1 <= n; u++)
        w += p->u[u].width;
    return w;
}

/* 附件说明 (§7.3.4): 1 blank line below the text, indent 2 字, `附件：1.name`, later items and
 * wrapped lines aligned under the first character of the name. */
void lay_attachment_note_items(lay_ctx *c, lay_flow *f, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    if (!d->n_attachment_notes)
        return;
    lay_flow_add(f, LAY_IT_GAP, r->attachment_note_gap_lines);
    const char *label = "附件：";
    double indent = r->attachment_note_indent * c->cell, label_w = 0;
    for (size_t i = 0; i < d->n_attachment_notes; i++) {
        const gw_attachment_note *an = &d->attachment_notes[i];
        char *num = an->number ? gw_asprintf("%s.", an->number) : gw_strdup("");
        char *s = gw_asprintf("%s%s%s", i == 0 ? label : "", num, an->name ? an->name : "");
        f->tag = (gw_tag){ GW_EL_ATTACHMENT_NOTE, (int)i };
        lay_item *it = lay_text_item(c, f, s, r->body_role);
        size_t lab = i == 0 ? strlen(label) : 0;
        if (i == 0)
            label_w = prefix_width(&it->para, lab);
        double first = i == 0 ? indent : indent + label_w;
        double hang = indent + label_w + prefix_width(&it->para, lab + strlen(num)) -
                      prefix_width(&it->para, lab);
        lay_para_break(c, &it->para, r->area_w, first, hang, 0);
        it->keep_with_next = i + 1 < d->n_attachment_notes; /* the list stays together */
        if (i == 0) { /* and never starts a page without text above it */
            it->bring_text = true;
            it->bring_gap = r->attachment_note_gap_lines;
        }
        free(num);
        free(s);
    }
}

/* Width in 字 of the widest line of p (broken or one line). */
static double widest_line(const lay_para *p, double cell)
{
    double w = 0;
    for (size_t l = 0; l < p->nl; l++)
        w = fmax(w, p->lines[l].width);
    return w / cell;
}

/* 署名 and 成文日期 without a seal (§7.3.5.2, spec 3.5(c)): 1 blank line below; 署名 right
 * indent 2 字; the date on the next line starting 2 字 right of the 署名; a long date takes the
 * right indent 2 字 and pushes the 署名 left: R_sig = max(2, w_date − w_sig + 4). A 署名 too
 * long for its line (26 字) is broken into lines set as a block, left-aligned, its right edge
 * 2 字 from the 版心's; so is a date too long for the room right of the 署名. */
void lay_signature_items(lay_ctx *c, lay_flow *f, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    bool date = lay_has(&d->date);
    size_t n_sig = 0;
    for (size_t i = 0; i < d->n_signatures; i++) {
        if (lay_has(&d->signatures[i].issuer))
            n_sig++;
        if (lay_has(&d->signatures[i].seal_image))
            gw_diags_add(c->diags, GW_WARNING, "layout-seal-unsupported", d->signatures[i].issuer.pos.line, 0,
                         "seal images are not placed yet; laid out as a signature without seal");
    }
    if (!n_sig && !date)
        return;
    lay_flow_add(f, LAY_IT_GAP, r->signature_gap_lines);
    double cell = c->cell, W = r->area_w;
    double R_min = r->signature_right_indent, off = r->date_offset;
    size_t first_item = f->n;
    double w_sig = 0;
    for (size_t i = 0; i < d->n_signatures; i++) {
        if (!lay_has(&d->signatures[i].issuer))
            continue;
        f->tag = (gw_tag){ GW_EL_SIGNATURE, (int)i };
        lay_item *it = lay_text_item(c, f, d->signatures[i].issuer.text, r->body_role);
        lay_para_break(c, &it->para, W, 0, 0, R_min * cell);
        w_sig = fmax(w_sig, widest_line(&it->para, cell));
        it->keep_with_next = true;
    }
    size_t n_items = f->n;
    double w_date = 0;
    lay_item *di = NULL;
    if (date) {
        f->tag = (gw_tag){ GW_EL_DATE, 0 };
        di = lay_text_item(c, f, d->date.text, r->body_role);
        lay_para_break(c, &di->para, W, 0, 0, (R_min + (n_sig ? off : 0)) * cell);
        w_date = widest_line(&di->para, cell);
    }
    /* Both within the 版心: w_sig ≤ 28 − R_min and w_date ≤ 28 − R_min − off. */
    double R_sig = n_sig ? fmax(R_min, w_date - w_sig + R_min + off) : R_min;
    double sig_left = fmax(0, W - (R_sig + w_sig) * cell);
    for (size_t i = first_item; i < n_items; i++)
        for (size_t l = 0; l < f->it[i].para.nl; l++)
            f->it[i].para.lines[l].indent = sig_left;
    if (di)
        for (size_t l = 0; l < di->para.nl; l++)
            di->para.lines[l].indent = n_sig ? sig_left + off * cell : W - (R_min + w_date) * cell;
    lay_item *head = &f->it[first_item];
    head->bring_text = true;
    head->bring_gap = r->signature_gap_lines;
}

/* 附注 (§7.3.6): the line after the date, indent 2 字, in （）. */
void lay_note_item(lay_ctx *c, lay_flow *f, const gw_document *d)
{
    if (!lay_has(&d->note))
        return;
    char *s = gw_asprintf("（%s）", d->note.text);
    f->tag = (gw_tag){ GW_EL_NOTE, 0 };
    lay_item *it = lay_text_item(c, f, s, c->r->body_role);
    lay_para_break(c, &it->para, c->r->area_w, c->r->note_indent * c->cell, 0, 0);
    free(s);
}
