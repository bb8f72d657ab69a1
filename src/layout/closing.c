/* closing.c: the closing block of the 主体 (GB/T 9704 §7.3.4–§7.3.6), composed as one block
 * that pagination never splits (paginate.c places it, with the remedies of §7.3.5.5):
 *
 *   附件说明   one blank line below the text, 左空二字, the names hanging after `附件：1.`;
 *   署名       without seal (§7.3.5.2): one blank line below, 右空二字, the date 2 字 right of it;
 *              under seals (§7.3.5.1): the date 右空四字, each 署名 centred on its seal, the seal
 *              centred over 署名 and date with both slightly below its centre, its top within
 *              one line of the text; joint seals in rows, aligned, never touching, inside the
 *              版心, the last one on the date;
 *              as 职务 + 签名章 (§7.3.5.3): the stamp two blank lines below, 右空四字, the 职务
 *              2 字 to its left centred on it, one issuer a row; the date one blank line below;
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
#include "lay_int.h"

typedef enum { CL_PLAIN, CL_SEALED, CL_STAMPED } cl_mode;
typedef enum { CL_NOTE, CL_SIG, CL_DATE, CL_REMARK, CL_TITLE } cl_role;

typedef struct {
    lay_para para;
    gw_tag tag;
    cl_role role;
    int row;     /* sealed, stamped: the row of seals or stamps it belongs to */
    int slot;    /* layout: the slot of its first line */
    bool free;   /* layout: placed at y (a 职务 centred on its stamp), not on a slot */
    double y;    /* layout: em top of its first line when free */
} cl_para;

typedef struct {
    const char *path; /* NULL: the place is kept for a seal or stamp applied by hand */
    double x, w, h;   /* pt; x from the 版心's left edge */
    double y;         /* layout: top */
    int row;
    gw_tag tag;
} cl_image;

struct lay_closing {
    cl_mode mode;
    cl_para *p;
    size_t np, capp;
    bool notes_in_block; /* false once the 附件说明 went to the flow (a block taller than a page) */
    cl_image *img;
    size_t nimg;
    int n_rows;
    double *row_h;       /* the tallest image of each row */
    gw_pos pos;          /* the first element's source position, for messages */
    lay_para no_text;    /* （此页无正文）, when the rules allow that page */
};

static cl_para *add_para(lay_closing *cb, lay_ctx *c, const char *text, cl_role role, gw_tag tag,
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
    lay_para_shape(c, &p->para, text, strlen(text), &span, 1, c->r->text_size, c->cell);
    return p;
}

static void note_pos(lay_closing *cb, gw_pos pos)
{
    if (cb->pos.line == 0)
        cb->pos = pos;
}

/* Width of the units of p that lie inside its first n bytes. */
static double prefix_width(const lay_para *p, size_t n)
{
    double w = 0;
    for (size_t u = 0; u < p->nu && p->u[u].b1 <= n; u++)
        w += p->u[u].width;
    return w;
}

static double widest(const lay_para *p)
{
    double w = 0;
    for (size_t l = 0; l < p->nl; l++)
        w = fmax(w, p->lines[l].width);
    return w;
}

static double clamp(double v, double lo, double hi)
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
        note_pos(cb, an->pos);
        char *num = an->number ? gw_asprintf("%s.", an->number) : gw_strdup("");
        char *s = gw_asprintf("%s%s%s", i == 0 ? label : "", num, an->name ? an->name : "");
        cl_para *p = add_para(cb, c, s, CL_NOTE, (gw_tag){ GW_EL_ATTACHMENT_NOTE, (int)i },
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
static cl_para *date_right(lay_closing *cb, lay_ctx *c, const gw_document *d, double right_indent)
{
    if (!lay_has(&d->date))
        return NULL;
    note_pos(cb, d->date.pos);
    cl_para *p = add_para(cb, c, d->date.text, CL_DATE, (gw_tag){ GW_EL_DATE, 0 }, c->r->body_role);
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
        note_pos(cb, d->signatures[i].issuer.pos);
        cl_para *p = add_para(cb, c, d->signatures[i].issuer.text, CL_SIG,
                              (gw_tag){ GW_EL_SIGNATURE, (int)i }, r->body_role);
        lay_para_break(c, &p->para, W, 0, 0, R_min * cell);
        w_sig = fmax(w_sig, widest(&p->para) / cell);
    }
    size_t n_sig = cb->np - first;
    cl_para *di = NULL;
    double w_date = 0;
    if (lay_has(&d->date)) {
        note_pos(cb, d->date.pos);
        di = add_para(cb, c, d->date.text, CL_DATE, (gw_tag){ GW_EL_DATE, 0 }, r->body_role);
        lay_para_break(c, &di->para, W, 0, 0, (R_min + (n_sig ? off : 0)) * cell);
        w_date = widest(&di->para) / cell;
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
static void sealed_signatures(lay_closing *cb, lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    double cell = c->cell, W = r->area_w;
    size_t n = 0;
    for (size_t i = 0; i < d->n_signatures; i++)
        if (lay_has(&d->signatures[i].issuer) && n++ == 0)
            note_pos(cb, d->signatures[i].issuer.pos); /* messages point at the first 署名 */
    cl_para *di = date_right(cb, c, d, r->sealed_date_right_indent);
    size_t di_at = di ? (size_t)(di - cb->p) : 0; /* (add_para may move the array) */
    size_t first = cb->np;
    double w_sig = 0, s_max = 0;
    cb->img = gw_xcalloc(n ? n : 1, sizeof *cb->img);
    for (size_t i = 0; i < d->n_signatures; i++) {
        const gw_signature *sg = &d->signatures[i];
        if (!lay_has(&sg->issuer))
            continue;
        note_pos(cb, sg->issuer.pos);
        cl_para *p = add_para(cb, c, sg->issuer.text, CL_SIG, (gw_tag){ GW_EL_SIGNATURE, (int)i },
                              r->body_role);
        lay_para_break(c, &p->para, W, 0, 0, 0);
        w_sig = fmax(w_sig, widest(&p->para));
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
    double anchor = di ? di->para.lines[0].indent + widest(&di->para) / 2
                       : right - widest(&cb->p[cb->np - 1].para) / 2;
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
            name_w[col] = fmax(name_w[col], widest(&cb->p[first + j].para));
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
            p->para.lines[l].indent = clamp(cx[col] - lw / 2, 0, fmax(0, W - lw));
        }
        im->x = clamp(cx[col] - im->w / 2, 0, fmax(0, W - im->w));
        cb->row_h[row] = fmax(cb->row_h[row], im->h);
    }
    free(cx);
    free(name_w);
    free(seal_w);
}

static void stamped_signatures(lay_closing *cb, lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    double cell = c->cell, W = r->area_w;
    size_t n = d->n_signatories;
    cb->img = gw_xcalloc(n ? n : 1, sizeof *cb->img);
    double col_w = 0, col_all = 0; /* the column: as wide as the widest stamp (a place kept
                                       for a stamp by hand does not widen it) */
    for (size_t i = 0; i < n; i++) {
        const gw_signatory *sg = &d->signatories[i];
        cl_image *im = &cb->img[cb->nimg++];
        im->tag = (gw_tag){ GW_EL_SIGNATURE_STAMP, (int)i };
        im->row = (int)i;
        im->path = lay_has(&sg->stamp_image) ? sg->stamp_image.text : NULL;
        image_size(c, &sg->stamp_image, &sg->stamp_size, false, &im->w, &im->h);
        col_all = fmax(col_all, im->w);
        if (im->path)
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
        im->x = col_left + (col_w - im->w) / 2;
        cb->row_h[i] = im->h;
        if (!lay_has(&sg->title))
            continue;
        note_pos(cb, sg->title.pos);
        cl_para *p = add_para(cb, c, sg->title.text, CL_TITLE, (gw_tag){ GW_EL_SIGNATORY_TITLE, (int)i },
                              r->body_role);
        p->row = (int)i;
        lay_para_break(c, &p->para, title_right, 0, 0, 0);
        for (size_t l = 0; l < p->para.nl; l++)
            p->para.lines[l].indent = fmax(0, title_right - p->para.lines[l].width);
    }
    date_right(cb, c, d, r->stamp_right_indent);
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
        stamped_signatures(cb, c, d);
    else if (cb->mode == CL_SEALED)
        sealed_signatures(cb, c, d);
    else
        plain_signatures(cb, c, d);
    if (lay_has(&d->note)) { /* 附注 (§7.3.6): the line after the date, indent 2 字, in （） */
        note_pos(cb, d->note.pos);
        char *s = gw_asprintf("（%s）", d->note.text);
        cl_para *p = add_para(cb, c, s, CL_REMARK, (gw_tag){ GW_EL_NOTE, 0 }, r->body_role);
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
static double slot_top(int k, double q)
{
    return (k + 1) * q;
}

/* The first slot whose em top is at or below y. */
static int slot_at_or_after(double y, double q)
{
    return (int)ceil(y / q - 1 - 1e-9);
}

static void place_rows_sealed(lay_closing *cb, const lay_ctx *c, double q, int *cursor,
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
            a_min = slot_at_or_after(above + r->seal_text_clearance + h / 2 + b - E / 2, q);
        else /* centres far enough apart that the seals never touch */
            a_min = prev_anchor + (int)ceil((cb->row_h[row - 1] / 2 + h / 2 + r->seal_gap) / q - 1e-9);
        if (s + lines - 1 < a_min)
            s = a_min - lines + 1;
        int anchor = s + lines - 1;
        for (size_t i = 0; i < cb->np; i++)
            if (cb->p[i].role == CL_SIG && cb->p[i].row == row)
                cb->p[i].slot = anchor - (int)cb->p[i].para.nl + 1; /* last lines aligned */
        double centre = slot_top(anchor, q) + E / 2 - b;
        for (size_t i = 0; i < cb->nimg; i++)
            if (cb->img[i].row == row)
                cb->img[i].y = centre - cb->img[i].h / 2;
        prev_anchor = anchor;
        *cursor = anchor + 1;
    }
}

static void place_rows_stamped(lay_closing *cb, const lay_ctx *c, double q, int *cursor,
                               bool any_above)
{
    const gw_layout_rules *r = c->r;
    double E = r->text_size, bottom = 0;
    for (int row = 0; row < cb->n_rows; row++) {
        int a = row == 0 ? *cursor + (any_above ? r->stamp_gap_lines : 0)
                         : slot_at_or_after(bottom + r->stamp_row_gap, q);
        double top = slot_top(a, q), h = cb->row_h[row];
        for (size_t i = 0; i < cb->nimg; i++)
            if (cb->img[i].row == row)
                cb->img[i].y = top + (h - cb->img[i].h) / 2;
        for (size_t i = 0; i < cb->np; i++)
            if (cb->p[i].role == CL_TITLE && cb->p[i].row == row) {
                double block = (double)(cb->p[i].para.nl - 1) * q + E;
                cb->p[i].free = true;
                cb->p[i].y = top + h / 2 - block / 2;
            }
        bottom = top + h;
    }
    /* the date one blank line below the last stamp: as much white as between two lines of
     * text with that many blank lines between them */
    if (cb->n_rows)
        *cursor = slot_at_or_after(bottom + r->stamp_date_gap_lines * q + (q - E), q);
}

double lay_closing_extent(lay_closing *cb, const lay_ctx *c, double q, bool at_top)
{
    const gw_layout_rules *r = c->r;
    double E = r->text_size;
    int cursor = 0;
    double above = at_top ? q : E; /* the bottom of what is above (the page's top) */
    bool any_above = !at_top;
    if (cb->notes_in_block) {
        if (any_above)
            cursor += r->attachment_note_gap_lines;
        for (size_t i = 0; i < cb->np; i++)
            if (cb->p[i].role == CL_NOTE) {
                cb->p[i].slot = cursor;
                cursor += (int)cb->p[i].para.nl;
            }
        above = slot_top(cursor - 1, q) + E;
        any_above = true;
    }
    if (cb->mode == CL_SEALED) {
        place_rows_sealed(cb, c, q, &cursor, above, any_above);
    } else if (cb->mode == CL_STAMPED) {
        place_rows_stamped(cb, c, q, &cursor, any_above);
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
        double top = p->free ? p->y : slot_top(p->slot, q);
        extent = fmax(extent, top + (double)(p->para.nl - 1) * q + E);
    }
    for (size_t i = 0; i < cb->nimg; i++)
        extent = fmax(extent, cb->img[i].y + cb->img[i].h);
    return extent;
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
        cb->notes_in_block = false;
        lay_flow_add(f, LAY_IT_GAP, r->attachment_note_gap_lines);
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
            double em_top = y0 + (p->free ? p->y : slot_top(p->slot, q)) + (double)l * q;
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
