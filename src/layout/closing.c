/* closing.c: the closing block of the 主体 (GB/T 9704 §7.3.4–§7.3.6), composed as one block
 * that pagination never splits (paginate.c places it, with the remedies of §7.3.5.5):
 *
 *   附件说明   one blank line below the text, 左空二字, the names hanging after `附件：1.`;
 *   署名       without seal (§7.3.5.2): one blank line below, 右空二字, the date 2 字 right of it;
 *              under seals, or as 职务 + 签名章: see seals.c;
 *   成文日期   Arabic, as the reader normalised it;
 *   附注       the line after the date, 左空二字, in （）.
 *
 * Horizontal positions are fixed when the block is built; vertical ones depend on the pitch of
 * the page it lands on (a squeezed last page has a smaller one), so they are laid out again on
 * "slots" (the lines below the text) for each pitch pagination tries. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "closing_int.h"

cl_para *cl_add_para(lay_closing *cb, lay_ctx *c, const char *text, cl_role role, gw_tag tag,
                     gw_font_role font)
{
    if (cb->np == cb->capp) {
        cb->capp = cb->capp ? 2 * cb->capp : 8;
        cb->p = gw_xrealloc(cb->p, cb->capp * sizeof *cb->p);
    }
    cl_para *p = &cb->p[cb->np++];
    memset(p, 0, sizeof *p);
    p->role = role;
    p->tag = tag;
    lay_span span = { strlen(text), font };
    /* the 署名, the date and a signatory's title are set tight (`2021年5月20日`, not
     * `2021年 5 月20日`): they stand apart from the text's grid columns */
    c->tight = role == CL_SIG || role == CL_DATE || role == CL_TITLE || role == CL_NAME;
    lay_para_shape(c, &p->para, text, strlen(text), &span, 1, c->r->text_size, c->cell);
    c->tight = false;
    return p;
}

void cl_note_pos(lay_closing *cb, gw_pos pos)
{
    if (cb->pos.line == 0)
        cb->pos = pos;
}

/* Width of the units of p that lie inside its first n bytes (a number padded as set). */
static double prefix_width(const lay_para *p, size_t n)
{
    return lay_prefix_width(p, n);
}

double cl_widest(const lay_para *p)
{
    double w = 0;
    for (size_t l = 0; l < p->nl; l++)
        w = fmax(w, p->lines[l].width);
    return w;
}

double cl_clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/* ---- building ---- */

/* 附件说明 (§7.3.4): indent 2 字, `附件：1.name`, later items and wrapped lines aligned under the
 * first character of the name. */
static void attachment_notes(lay_closing *cb, lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    const char *label = "附件：";
    double indent = r->attachment_note_indent * c->cell, label_w = 0;
    for (size_t i = 0; i < d->n_attachment_notes; i++) {
        const gw_attachment_note *an = &d->attachment_notes[i];
        cl_note_pos(cb, an->pos);
        /* `1. 2022年度…`, not `1.2022年度…` (which reads as a decimal) */
        bool digit = an->name && an->name[0] >= '0' && an->name[0] <= '9';
        char *num = an->number ? gw_asprintf(digit ? "%s. " : "%s.", an->number) : gw_strdup("");
        char *s = gw_asprintf("%s%s%s", i == 0 ? label : "", num, an->name ? an->name : "");
        cl_para *p = cl_add_para(cb, c, s, CL_NOTE, (gw_tag){ GW_EL_ATTACHMENT_NOTE, (int)i },
                              r->body_role);
        size_t lab = i == 0 ? strlen(label) : 0;
        if (i == 0)
            label_w = prefix_width(&p->para, lab);
        double first = i == 0 ? indent : indent + label_w;
        double hang = indent + label_w + prefix_width(&p->para, lab + strlen(num)) -
                      prefix_width(&p->para, lab);
        lay_para_break(c, &p->para, r->area_w, first, hang, 0);
        free(num);
        free(s);
    }
    cb->notes_in_block = d->n_attachment_notes > 0;
}

/* 成文日期 on one line (a date is short), right-aligned `right_indent` 字 from the 版心's edge. */
cl_para *cl_date_right(lay_closing *cb, lay_ctx *c, const gw_document *d, double right_indent)
{
    if (!lay_has(&d->date))
        return NULL;
    cl_note_pos(cb, d->date.pos);
    cl_para *p = cl_add_para(cb, c, d->date.text, CL_DATE, (gw_tag){ GW_EL_DATE, 0 }, c->r->body_role);
    double room = c->r->area_w - right_indent * c->cell;
    lay_para_break(c, &p->para, room, 0, 0, 0);
    for (size_t l = 0; l < p->para.nl; l++)
        p->para.lines[l].indent = fmax(0, room - p->para.lines[l].width);
    return p;
}

/* Without a seal (§7.3.5.2, spec 3.5(c)): 署名 right indent 2 字; the date on the next line
 * starting 2 字 right of the 署名; a long date takes the right indent 2 字 and pushes the 署名
 * left: R_sig = max(2, w_date − w_sig + 4). A 署名 too long for its line (26 字) is broken
 * into lines set as a block, left-aligned, its right edge 2 字 from the 版心's; so is a date
 * too long for the room right of the 署名. Joint: one 署名 a line, lead office first. */
static void plain_signatures(lay_closing *cb, lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    double cell = c->cell, W = r->area_w;
    double R_min = r->signature_right_indent, off = r->date_offset;
    size_t first = cb->np;
    double w_sig = 0;
    for (size_t i = 0; i < d->n_signatures; i++) {
        if (!lay_has(&d->signatures[i].issuer))
            continue;
        cl_note_pos(cb, d->signatures[i].issuer.pos);
        cl_para *p = cl_add_para(cb, c, d->signatures[i].issuer.text, CL_SIG,
                              (gw_tag){ GW_EL_SIGNATURE, (int)i }, r->body_role);
        lay_para_break(c, &p->para, W, 0, 0, R_min * cell);
        w_sig = fmax(w_sig, cl_widest(&p->para) / cell);
    }
    size_t n_sig = cb->np - first;
    cl_para *di = NULL;
    double w_date = 0;
    if (lay_has(&d->date)) {
        cl_note_pos(cb, d->date.pos);
        di = cl_add_para(cb, c, d->date.text, CL_DATE, (gw_tag){ GW_EL_DATE, 0 }, r->body_role);
        lay_para_break(c, &di->para, W, 0, 0, (R_min + (n_sig ? off : 0)) * cell);
        w_date = cl_widest(&di->para) / cell;
    }
    /* Both within the 版心: w_sig ≤ 28 − R_min and w_date ≤ 28 − R_min − off. */
    double R_sig = n_sig ? fmax(R_min, w_date - w_sig + R_min + off) : R_min;
    double sig_left = fmax(0, W - (R_sig + w_sig) * cell);
    for (size_t i = first; i < first + n_sig; i++)
        for (size_t l = 0; l < cb->p[i].para.nl; l++)
            cb->p[i].para.lines[l].indent = sig_left;
    if (di)
        for (size_t l = 0; l < di->para.nl; l++)
            di->para.lines[l].indent = n_sig ? sig_left + off * cell : W - (R_min + w_date) * cell;
}

lay_closing *lay_closing_build(lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    lay_closing *cb = gw_xcalloc(1, sizeof *cb);
    attachment_notes(cb, c, d);
    bool sealed = false;
    for (size_t i = 0; i < d->n_signatures; i++)
        sealed = sealed || (lay_has(&d->signatures[i].seal_image) && lay_has(&d->signatures[i].issuer));
    cb->mode = d->n_signatories ? CL_STAMPED : sealed ? CL_SEALED : CL_PLAIN;
    if (cb->mode == CL_STAMPED)
        cl_stamped_signatures(cb, c, d);
    else if (cb->mode == CL_SEALED)
        cl_sealed_signatures(cb, c, d);
    else
        plain_signatures(cb, c, d);
    if (lay_has(&d->note)) { /* 附注 (§7.3.6): the line after the date, indent 2 字, in （） */
        cl_note_pos(cb, d->note.pos);
        char *s = gw_asprintf("（%s）", d->note.text);
        cl_para *p = cl_add_para(cb, c, s, CL_REMARK, (gw_tag){ GW_EL_NOTE, 0 }, r->body_role);
        lay_para_break(c, &p->para, r->area_w, r->note_indent * c->cell, 0, 0);
        free(s);
    }
    if (cb->np == 0 && cb->nimg == 0) {
        lay_closing_free(cb);
        return NULL;
    }
    if (r->no_text_page) {
        lay_span span = { strlen("（此页无正文）"), r->no_text_note_role };
        lay_para_shape(c, &cb->no_text, "（此页无正文）", span.end, &span, 1, r->text_size, c->cell);
        lay_para_one_line(&cb->no_text);
        cb->no_text.lines[0].indent = r->no_text_note_indent * c->cell;
    }
    return cb;
}

void lay_closing_set_above(lay_closing *cb, bool set, double bottom)
{
    cb->above_set = set;
    cb->above_bottom = bottom;
}

gw_pos lay_closing_pos(const lay_closing *cb)
{
    return cb->pos;
}

void lay_closing_free(lay_closing *cb)
{
    if (!cb)
        return;
    for (size_t i = 0; i < cb->np; i++)
        lay_para_free(&cb->p[i].para);
    lay_para_free(&cb->no_text);
    free(cb->p);
    free(cb->img);
    free(cb->row_h);
    free(cb);
}

/* ---- laying out on slots ---- */

/* Slot k's em box starts at (k + 1)·q below the em top of the line above the block. */
double cl_slot_top(int k, double q)
{
    return (k + 1) * q;
}

/* The first slot whose em top is at or below y. */
int cl_slot_at_or_after(double y, double q)
{
    return (int)ceil(y / q - 1 - 1e-9);
}

double lay_closing_extent(lay_closing *cb, const lay_ctx *c, double q, bool at_top)
{
    const gw_layout_rules *r = c->r;
    double E = r->text_size;
    int cursor = 0;
    /* the bottom of what is above: a line's em box, a table's bottom rule (the page's top) */
    double above = at_top ? q : cb->above_set ? cb->above_bottom : E;
    bool any_above = !at_top;
    if (cb->notes_in_block) {
        if (any_above)
            cursor += r->attachment_note_gap_lines;
        for (size_t i = 0; i < cb->np; i++)
            if (cb->p[i].role == CL_NOTE) {
                cb->p[i].slot = cursor;
                cursor += (int)cb->p[i].para.nl;
            }
        above = cl_slot_top(cursor - 1, q) + E;
        any_above = true;
    }
    if (cb->mode == CL_SEALED) {
        cl_place_rows_sealed(cb, c, q, &cursor, above, any_above);
    } else if (cb->mode == CL_STAMPED) {
        cl_place_rows_stamped(cb, c, q, &cursor, any_above);
    } else {
        bool sig = false;
        for (size_t i = 0; i < cb->np; i++)
            sig = sig || cb->p[i].role == CL_SIG || cb->p[i].role == CL_DATE;
        if (sig && any_above)
            cursor += r->signature_gap_lines;
        for (size_t i = 0; i < cb->np; i++)
            if (cb->p[i].role == CL_SIG) {
                cb->p[i].slot = cursor;
                cursor += (int)cb->p[i].para.nl;
            }
    }
    for (cl_role role = CL_DATE; role <= CL_REMARK; role++)
        for (size_t i = 0; i < cb->np; i++)
            if (cb->p[i].role == role) {
                cb->p[i].slot = cursor;
                cursor += (int)cb->p[i].para.nl;
            }
    double extent = 0;
    for (size_t i = 0; i < cb->np; i++) {
        const cl_para *p = &cb->p[i];
        if (p->role == CL_NOTE && !cb->notes_in_block)
            continue;
        double top = p->free ? p->y : cl_slot_top(p->slot, q);
        extent = fmax(extent, top + (double)(p->para.nl - 1) * q + E);
    }
    for (size_t i = 0; i < cb->nimg; i++)
        extent = fmax(extent, cb->img[i].y + cb->img[i].h);
    return extent;
}

void lay_closing_notes_to_flow(lay_closing *cb, lay_ctx *c, lay_flow *f)
{
    if (!cb || !cb->notes_in_block)
        return;
    cb->notes_in_block = false;
    lay_flow_add(f, LAY_IT_GAP, c->r->attachment_note_gap_lines);
    size_t n_notes = 0;
    for (size_t i = 0; i < cb->np; i++)
        n_notes += cb->p[i].role == CL_NOTE;
    for (size_t i = 0, k = 0; i < cb->np; i++) {
        if (cb->p[i].role != CL_NOTE)
            continue;
        f->tag = cb->p[i].tag;
        lay_item *it = lay_flow_add(f, LAY_IT_PARA, 0);
        it->para = cb->p[i].para; /* moved */
        memset(&cb->p[i].para, 0, sizeof cb->p[i].para);
        it->keep_with_next = ++k < n_notes;
    }
}

bool lay_closing_has_block(const lay_closing *cb)
{
    if (cb->nimg)
        return true;
    for (size_t i = 0; i < cb->np; i++)
        if (cb->p[i].role != CL_NOTE || cb->notes_in_block)
            return true;
    return false;
}

bool lay_closing_check(lay_closing *cb, lay_ctx *c, lay_flow *f, int lines)
{
    const gw_layout_rules *r = c->r;
    double q = fmin(r->squeeze_pitch_min, r->line_pitch), bottom = r->top_margin + r->area_h;
    for (;;) {
        double y0 = r->top_margin + (lines - 1) * q;
        if (y0 + lay_closing_extent(cb, c, q, lines <= 0) <= bottom + 1e-6)
            return true;
        if (!cb->notes_in_block)
            break;
        /* A 附件说明 list longer than a page flows like text, the list kept together as far as
         * it goes; the rest of the block still never splits. */
        lay_closing_notes_to_flow(cb, c, f);
    }
    gw_diags_add(c->diags, GW_ERROR, "layout-closing-too-tall", cb->pos.line, cb->pos.col,
                 "the 署名 block (署名, seals or stamps, 成文日期, 附注) is taller than a page: it "
                 "cannot be kept whole with text above it");
    return false;
}

/* ---- drawing ---- */

void lay_closing_emit(lay_closing *cb, lay_ctx *c, size_t pg, double y0, double q, bool at_top)
{
    lay_closing_extent(cb, c, q, at_top);
    gw_page *page = lay_page_at(c, pg);
    double left = lay_area_left(c, pg);
    for (size_t i = 0; i < cb->np; i++) {
        const cl_para *p = &cb->p[i];
        if (p->role == CL_NOTE && !cb->notes_in_block)
            continue;
        c->tag = p->tag;
        for (size_t l = 0; l < p->para.nl; l++) {
            double em_top = y0 + (p->free ? p->y : cl_slot_top(p->slot, q)) + (double)l * q;
            lay_emit_line(c, page, &p->para, &p->para.lines[l], left,
                          lay_baseline_at(c, &p->para, em_top), GW_COLOR_BLACK, 1.0);
        }
    }
    for (size_t i = 0; i < cb->nimg; i++) {
        const cl_image *im = &cb->img[i];
        if (im->path) /* (a place kept for a seal by hand draws nothing) */
            gw_page_add_image(page, left + im->x, y0 + im->y, im->w, im->h, im->path)->tag = im->tag;
    }
}

void lay_closing_emit_no_text_note(lay_closing *cb, lay_ctx *c, size_t pg, double em_top)
{
    if (!cb->no_text.nl)
        return;
    c->tag = (gw_tag){ GW_EL_NO_TEXT_NOTE, 0 };
    lay_emit_line(c, lay_page_at(c, pg), &cb->no_text, &cb->no_text.lines[0], lay_area_left(c, pg),
                  lay_baseline_at(c, &cb->no_text, em_top), GW_COLOR_BLACK, 1.0);
}
