/* seals.c: the 署名 of a sealed document and the signature stamps of a signed one, in the
 * closing block (see closing.c):
 *   under seals (§7.3.5.1): the date 右空四字, each 署名 centred on its seal, the seal centred
 *   over 署名 and date with both slightly below its centre, its top within one line of the text;
 *   joint seals in rows and aligned columns, never touching, inside the 版心, the last on the
 *   date; each image at the size its resolution gives;
 *   as 职务 + 签名章 (§7.3.5.3): the stamp two blank lines below the text, 右空四字, the 职务
 *   2 字 to its left centred on it, one issuer a row; the date one blank line below. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "closing_int.h"

/* The size of an image on paper from the resolution its file states (what the reader found),
 * its default when it states none (or the reader did not read it), or a resolution that
 * would make it implausibly small or large (a tool's default 72 or 96 dpi): then a warning. */
static void image_size(lay_ctx *c, const gw_text *path, const gw_image_size *sz, bool seal,
                       double *w, double *h)
{
    const gw_layout_rules *r = c->r;
    /* height / width; a stamp not read (none given: applied by hand) gets a signature's usual
     * shape, two and a half times as wide as tall */
    double aspect = sz->width && sz->height ? (double)sz->height / sz->width : seal ? 1 : 0.4;
    bool stated = sz->dpi_x > 0 && sz->dpi_y > 0 && sz->width && sz->height;
    double sw = stated ? sz->width / sz->dpi_x * 72 : 0, sh = stated ? sz->height / sz->dpi_y * 72 : 0;
    double lo = seal ? r->seal_min_size : r->stamp_min_height;
    double hi = seal ? r->seal_max_size : r->stamp_max_height;
    double measure = seal ? fmax(sw, sh) : sh;
    if (stated && measure >= lo - 1e-6 && measure <= hi + 1e-6) {
        *w = sw, *h = sh;
        return;
    }
    if (stated)
        gw_diags_add(c->diags, GW_WARNING, seal ? "layout-seal-size" : "layout-stamp-size",
                     path->pos.line, path->pos.col,
                     "%s '%s' would be %.0f × %.0f mm at the %.0f dpi its file states; it is set "
                     "%.0f mm %s instead (give the image the resolution of its real size)",
                     seal ? "印章" : "签名章", path->text, sw / LAY_MM, sh / LAY_MM, sz->dpi_x,
                     (seal ? r->seal_default_size : r->stamp_default_height) / LAY_MM,
                     seal ? "across" : "tall");
    if (seal) { /* the larger side the default size */
        double s = r->seal_default_size;
        *w = aspect <= 1 ? s : s / aspect;
        *h = aspect <= 1 ? s * aspect : s;
    } else {
        *h = r->stamp_default_height;
        *w = *h / aspect;
    }
}

/* Under seals (§7.3.5.1). The date 右空四字 anchors the last seal; one issuer: the 署名
 * centred on the date (a 署名 too long for that stops at the 版心's edge), the seal centred
 * on both. Joint: the seals in rows and aligned columns, as many a row as fit the 版心 (at
 * most per_row), in issuer order, the last row to the right so that its last seal sits on
 * the date; each 署名 centred on its seal. */
void cl_sealed_signatures(lay_closing *cb, lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    double cell = c->cell, W = r->area_w;
    size_t n = 0;
    for (size_t i = 0; i < d->n_signatures; i++)
        if (lay_has(&d->signatures[i].issuer) && n++ == 0)
            cl_note_pos(cb, d->signatures[i].issuer.pos); /* messages point at the first 署名 */
    cl_para *di = cl_date_right(cb, c, d, r->sealed_date_right_indent);
    size_t di_at = di ? (size_t)(di - cb->p) : 0; /* (add_para may move the array) */
    size_t first = cb->np;
    double w_sig = 0, s_max = 0;
    cb->img = gw_xcalloc(n ? n : 1, sizeof *cb->img);
    for (size_t i = 0; i < d->n_signatures; i++) {
        const gw_signature *sg = &d->signatures[i];
        if (!lay_has(&sg->issuer))
            continue;
        cl_note_pos(cb, sg->issuer.pos);
        cl_para *p = cl_add_para(cb, c, sg->issuer.text, CL_SIG, (gw_tag){ GW_EL_SIGNATURE, (int)i },
                              r->body_role);
        lay_para_break(c, &p->para, W, 0, 0, 0);
        w_sig = fmax(w_sig, cl_widest(&p->para));
        cl_image *im = &cb->img[cb->nimg++];
        im->tag = (gw_tag){ GW_EL_SEAL, (int)i };
        im->path = lay_has(&sg->seal_image) ? sg->seal_image.text : NULL;
        if (im->path) {
            image_size(c, &sg->seal_image, &sg->seal_size, true, &im->w, &im->h);
        } else {
            im->w = im->h = r->seal_default_size;
            gw_diags_add(c->diags, GW_WARNING, "layout-seal-missing", sg->issuer.pos.line,
                         sg->issuer.pos.col,
                         "署名 '%s' has no 印章 while the others have: its place is kept for a "
                         "seal applied by hand", sg->issuer.text);
        }
        s_max = fmax(s_max, im->w);
    }
    /* the date's centre anchors the last seal (without a date, a 署名 右空四字 does) */
    double right = W - r->sealed_date_right_indent * cell;
    di = di ? &cb->p[di_at] : NULL;
    double anchor = di ? di->para.lines[0].indent + cl_widest(&di->para) / 2
                       : right - cl_widest(&cb->p[cb->np - 1].para) / 2;
    /* as many columns as fit (at most per_row): each as wide as its widest 署名 or seal,
     * neighbouring 署名 1 字 apart and neighbouring seals at least gap_mm apart */
    size_t per = n < (size_t)r->seals_per_row ? n : (size_t)r->seals_per_row;
    double *cx = gw_xcalloc(per ? per : 1, sizeof *cx), *name_w = gw_xcalloc(per ? per : 1, sizeof *name_w);
    double *seal_w = gw_xcalloc(per ? per : 1, sizeof *seal_w);
    size_t k = per;
    for (; k >= 1; k--) {
        size_t rows = (n + k - 1) / k;
        for (size_t col = 0; col < k; col++)
            name_w[col] = seal_w[col] = 0;
        for (size_t j = 0; j < n; j++) {
            size_t row = j / k, in_row = row + 1 < rows ? k : n - row * k;
            size_t col = k - in_row + j % k; /* the last row to the right */
            name_w[col] = fmax(name_w[col], cl_widest(&cb->p[first + j].para));
            seal_w[col] = fmax(seal_w[col], cb->img[j].w);
        }
        cx[k - 1] = anchor;
        for (size_t col = k - 1; col-- > 0;)
            cx[col] = cx[col + 1] - fmax((name_w[col] + name_w[col + 1]) / 2 + cell,
                                         (seal_w[col] + seal_w[col + 1]) / 2 + r->seal_gap);
        if (k == 1 || cx[0] - fmax(name_w[0], seal_w[0]) / 2 >= -1e-6)
            break;
    }
    cb->n_rows = (int)((n + k - 1) / k);
    cb->row_h = gw_xcalloc((size_t)cb->n_rows, sizeof *cb->row_h);
    for (size_t j = 0; j < n; j++) {
        size_t row = j / k, in_row = row + 1 < (size_t)cb->n_rows ? k : n - row * k;
        size_t col = k - in_row + j % k;
        cl_para *p = &cb->p[first + j];
        cl_image *im = &cb->img[j];
        p->row = im->row = (int)row;
        for (size_t l = 0; l < p->para.nl; l++) { /* centred, inside the 版心 */
            double lw = p->para.lines[l].width;
            p->para.lines[l].indent = cl_clamp(cx[col] - lw / 2, 0, fmax(0, W - lw));
        }
        im->x = cl_clamp(cx[col] - im->w / 2, 0, fmax(0, W - im->w));
        cb->row_h[row] = fmax(cb->row_h[row], im->h);
    }
    free(cx);
    free(name_w);
    free(seal_w);
}

/* Without a stamp image, the signatory's name printed where the stamp would be (a 命令 signed
 * in print): one line in the name's face, the stamp's place as wide and tall as that line. */
static void name_in_stamp_place(lay_closing *cb, lay_ctx *c, const gw_signatory *sg, size_t i,
                                cl_image *im)
{
    cl_note_pos(cb, sg->name.pos);
    cl_para *p = cl_add_para(cb, c, sg->name.text, CL_NAME,
                             (gw_tag){ GW_EL_SIGNATURE_STAMP, (int)i }, c->r->stamp_name_role);
    p->row = (int)i;
    im->w = lay_para_one_line(&p->para);
    im->h = c->r->text_size;
}

void cl_stamped_signatures(lay_closing *cb, lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    double cell = c->cell, W = r->area_w;
    size_t n = d->n_signatories;
    cb->img = gw_xcalloc(n ? n : 1, sizeof *cb->img);
    double col_w = 0, col_all = 0; /* the column: as wide as the widest stamp or printed name
                                       (a place kept for a stamp by hand does not widen it) */
    for (size_t i = 0; i < n; i++) {
        const gw_signatory *sg = &d->signatories[i];
        cl_image *im = &cb->img[cb->nimg++];
        im->tag = (gw_tag){ GW_EL_SIGNATURE_STAMP, (int)i };
        im->row = (int)i;
        im->path = lay_has(&sg->stamp_image) ? sg->stamp_image.text : NULL;
        if (!im->path && lay_has(&sg->name))
            name_in_stamp_place(cb, c, sg, i, im);
        else
            image_size(c, &sg->stamp_image, &sg->stamp_size, false, &im->w, &im->h);
        col_all = fmax(col_all, im->w);
        if (im->path || lay_has(&sg->name))
            col_w = fmax(col_w, im->w);
    }
    if (col_w == 0)
        col_w = col_all;
    double col_right = W - r->stamp_right_indent * cell, col_left = fmax(0, col_right - col_w);
    double title_right = fmax(cell, col_left - r->stamp_title_gap * cell);
    cb->n_rows = (int)n;
    cb->row_h = gw_xcalloc(n ? n : 1, sizeof *cb->row_h);
    for (size_t i = 0; i < n; i++) {
        const gw_signatory *sg = &d->signatories[i];
        cl_image *im = &cb->img[i];
        /* a stamp centred in the column; a printed name ends where the column does (右空四字,
         * as the date below it) */
        im->x = !im->path && lay_has(&sg->name) ? col_right - im->w : col_left + (col_w - im->w) / 2;
        for (size_t k = 0; k < cb->np; k++)
            if (cb->p[k].role == CL_NAME && cb->p[k].row == (int)i)
                cb->p[k].para.lines[0].indent = im->x;
        cb->row_h[i] = im->h;
        if (!lay_has(&sg->title))
            continue;
        cl_note_pos(cb, sg->title.pos);
        cl_para *p = cl_add_para(cb, c, sg->title.text, CL_TITLE, (gw_tag){ GW_EL_SIGNATORY_TITLE, (int)i },
                              r->body_role);
        p->row = (int)i;
        lay_para_break(c, &p->para, title_right, 0, 0, 0);
        for (size_t l = 0; l < p->para.nl; l++)
            p->para.lines[l].indent = fmax(0, title_right - p->para.lines[l].width);
    }
    cl_date_right(cb, c, d, r->stamp_right_indent);
}

void cl_place_rows_sealed(lay_closing *cb, const lay_ctx *c, double q, int *cursor,
                              double above, bool any_above)
{
    const gw_layout_rules *r = c->r;
    double E = r->text_size, b = r->seal_signature_below_centre;
    int prev_anchor = 0;
    for (int row = 0; row < cb->n_rows; row++) {
        int lines = 1;
        for (size_t i = 0; i < cb->np; i++)
            if (cb->p[i].role == CL_SIG && cb->p[i].row == row)
                lines = (int)fmax(lines, (double)cb->p[i].para.nl);
        double h = cb->row_h[row];
        /* the seal's centre b above the em centre of the row's last 署名 line (its anchor) */
        int s = *cursor + (row == 0 && any_above ? r->signature_gap_lines : 0), a_min;
        if (row == 0) /* the seal's top below the text above */
            a_min = cl_slot_at_or_after(above + r->seal_text_clearance + h / 2 + b - E / 2, q);
        else /* centres far enough apart that the seals never touch */
            a_min = prev_anchor + (int)ceil((cb->row_h[row - 1] / 2 + h / 2 + r->seal_gap) / q - 1e-9);
        if (s + lines - 1 < a_min)
            s = a_min - lines + 1;
        int anchor = s + lines - 1;
        for (size_t i = 0; i < cb->np; i++)
            if (cb->p[i].role == CL_SIG && cb->p[i].row == row)
                cb->p[i].slot = anchor - (int)cb->p[i].para.nl + 1; /* last lines aligned */
        double centre = cl_slot_top(anchor, q) + E / 2 - b;
        for (size_t i = 0; i < cb->nimg; i++)
            if (cb->img[i].row == row)
                cb->img[i].y = centre - cb->img[i].h / 2;
        prev_anchor = anchor;
        *cursor = anchor + 1;
    }
}

void cl_place_rows_stamped(lay_closing *cb, const lay_ctx *c, double q, int *cursor,
                               bool any_above)
{
    const gw_layout_rules *r = c->r;
    double E = r->text_size, bottom = 0;
    for (int row = 0; row < cb->n_rows; row++) {
        int a = row == 0 ? *cursor + (any_above ? r->stamp_gap_lines : 0)
                         : cl_slot_at_or_after(bottom + r->stamp_row_gap, q);
        double top = cl_slot_top(a, q), h = cb->row_h[row];
        for (size_t i = 0; i < cb->nimg; i++)
            if (cb->img[i].row == row)
                cb->img[i].y = top + (h - cb->img[i].h) / 2;
        for (size_t i = 0; i < cb->np; i++)
            if ((cb->p[i].role == CL_TITLE || cb->p[i].role == CL_NAME) && cb->p[i].row == row) {
                double block = (double)(cb->p[i].para.nl - 1) * q + E;
                cb->p[i].free = true;
                cb->p[i].y = top + h / 2 - block / 2;
            }
        bottom = top + h;
    }
    /* the date one blank line below the last stamp: as much white as between two lines of
     * text with that many blank lines between them */
    if (cb->n_rows)
        *cursor = cl_slot_at_or_after(bottom + r->stamp_date_gap_lines * q + (q - E), q);
}
