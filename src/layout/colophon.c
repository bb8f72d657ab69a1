/* colophon.c: the 版记 (GB/T 9704 §7.4; 信函 §10.1: without rules, 印发机关 and 印发日期, as
 * the rules' [colophon] says) and the page numbers (§7.5).
 *
 * Owns: the 版记 block at the foot of a page: thick first and last rules, thin rules between
 * its groups (主送 + 抄送 | 分送 | 印发机关 + 印发日期), every rule as wide as the 版心, the last
 * one centred on the 版心's bottom edge; rows one line pitch tall with 4号 text vertically
 * centred between its rules, 1 字 (4号) indents, continuation lines hanging after the colon;
 * 印发机关 and 印发日期 on one row, or on two when they would come closer than 1 字.
 * And the `— N —` page numbers in 4号 宋体, the dashes' stroke 7 mm below the 版心, odd pages
 * 1 字 in from the right, even pages 1 字 in from the left. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

#define MAX_GROUPS 4

struct lay_colophon {
    lay_para paras[MAX_GROUPS + 1]; /* 主送, 抄送, 分送, 印发机关, 印发日期 */
    bool used[MAX_GROUPS + 1];
    int group_of[MAX_GROUPS + 1];   /* rule groups: 0 = 主送+抄送, 1 = 分送, 2 = 印发 */
    const gw_text *src[MAX_GROUPS + 1]; /* where each came from, for messages */
    bool date_shares_row;           /* 印发日期 on the 印发机关's (last) row */
    int rows;
};

static void labelled(lay_ctx *c, lay_colophon *k, int i, const char *label, const gw_text *t,
                     int group)
{
    const char *text = t->text;
    k->src[i] = t;
    const gw_layout_rules *r = c->r;
    double size = r->colophon_size, indent = r->colophon_indent * size;
    char *s = gw_asprintf("%s%s", label, text);
    lay_span span = { strlen(s), r->colophon_role };
    lay_para *p = &k->paras[i];
    lay_para_shape(c, p, s, strlen(s), &span, 1, size, size);
    /* Continuation lines start under the first character after the colon. */
    double hang = 0;
    for (size_t u = 0; u < p->nu && p->u[u].b1 <= strlen(label); u++)
        hang += p->u[u].width;
    lay_para_break(c, p, r->area_w - 2 * indent, 0, hang, 0);
    for (size_t l = 0; l < p->nl; l++)
        p->lines[l].indent += indent;
    k->used[i] = true;
    k->group_of[i] = group;
    k->rows += (int)p->nl;
    free(s);
}

lay_colophon *lay_colophon_build(lay_ctx *c, const gw_colophon *col)
{
    const gw_layout_rules *r = c->r;
    lay_colophon *k = gw_xcalloc(1, sizeof *k);
    if (col->main_to.text && *col->main_to.text)
        labelled(c, k, 0, "主送：", &col->main_to, 0);
    if (col->cc.text && *col->cc.text)
        labelled(c, k, 1, "抄送：", &col->cc, 0);
    if (col->distribute.text && *col->distribute.text)
        labelled(c, k, 2, "分送：", &col->distribute, 1);
    bool printer = col->printer.text && *col->printer.text;
    bool date = col->print_date.text && *col->print_date.text;
    if (!r->colophon_printer) { /* 信函: a 版记 without 印发机关 and 印发日期 (§10.1) */
        const gw_text *given[2] = { printer ? &col->printer : NULL, date ? &col->print_date : NULL };
        for (int g = 0; g < 2; g++)
            if (given[g])
                gw_diags_add(c->diags, GW_ERROR, "layout-format-element", given[g]->pos.line,
                             given[g]->pos.col,
                             "the %s format's 版记 has no %s (GB/T 9704 §10.1): remove '%s', or "
                             "lay the document out in another 版式",
                             gw_format_name(r->format), g ? "印发日期" : "印发机关",
                             given[g]->text);
        printer = date = false;
    }
    double size = r->colophon_size, indent = r->colophon_indent * size;
    double row_w = r->area_w - 2 * indent; /* between the indents of 1 字 (4号) */
    lay_span span = { 0, r->colophon_role };
    double printer_last = 0; /* width of the 印发机关's last line */
    if (printer) {
        lay_para *p = &k->paras[3];
        span.end = strlen(col->printer.text);
        lay_para_shape(c, p, col->printer.text, span.end, &span, 1, size, size);
        lay_para_break(c, p, row_w, 0, 0, 0); /* a very long one wraps, flush left */
        for (size_t l = 0; l < p->nl; l++)
            p->lines[l].indent += indent;
        printer_last = p->lines[p->nl - 1].width;
        k->used[3] = true;
        k->group_of[3] = 2;
        k->src[3] = &col->printer;
        k->rows += (int)p->nl;
    }
    if (date) {
        char *s = gw_asprintf("%s印发", col->print_date.text);
        lay_para *p = &k->paras[4];
        span.end = strlen(s);
        lay_para_shape(c, p, s, span.end, &span, 1, size, size);
        lay_para_break(c, p, row_w, 0, 0, 0);
        for (size_t l = 0; l < p->nl; l++) /* right-aligned, 1 字 from the right */
            p->lines[l].indent = r->area_w - indent - p->lines[l].width;
        /* The date shares the 印发机关's row when at least 1 字 (4号) stays between them;
         * otherwise it takes the next row, within the same rules. */
        k->date_shares_row = printer && p->nl == 1 &&
                             printer_last + size + p->lines[0].width <= row_w + 1e-6;
        k->used[4] = true;
        k->group_of[4] = 2;
        k->src[4] = &col->print_date;
        k->rows += k->date_shares_row ? 0 : (int)p->nl;
        free(s);
    }
    if (!k->rows) {
        free(k);
        return NULL;
    }
    return k;
}

bool lay_colophon_fits(lay_ctx *c, const lay_colophon *k)
{
    const gw_layout_rules *r = c->r;
    int max = (int)floor(r->area_h / r->colophon_row_pitch + 1e-9);
    if (k->rows <= max)
        return true;
    /* Report it at the element that takes most rows (a 抄送 of hundreds of names). */
    int most = -1;
    for (int i = 0; i <= MAX_GROUPS; i++)
        if (k->used[i] && (most < 0 || k->paras[i].nl > k->paras[most].nl))
            most = i;
    gw_diags_add(c->diags, GW_ERROR, "layout-colophon-too-tall", k->src[most]->pos.line, k->src[most]->pos.col,
                 "the 版记 needs %d rows; a page holds at most %d", k->rows, max);
    return false;
}

void lay_colophon_free(lay_colophon *k)
{
    if (!k)
        return;
    for (int i = 0; i <= MAX_GROUPS; i++)
        lay_para_free(&k->paras[i]);
    free(k);
}

static double area_bottom(const lay_ctx *c)
{
    return c->r->top_margin + c->r->area_h;
}

double lay_colophon_top(const lay_ctx *c, const lay_colophon *k)
{
    return area_bottom(c) - k->rows * c->r->colophon_row_pitch;
}

static void rule(lay_ctx *c, gw_page *pg, size_t page_index, double y, double width)
{
    if (!c->r->colophon_rules) /* 信函: a 版记 without separator lines (§10.1) */
        return;
    double x0 = lay_area_left(c, page_index);
    gw_page_add_rule(pg, x0, y, x0 + c->r->area_w, y, width, GW_COLOR_BLACK)->tag =
        (gw_tag){ GW_EL_COLOPHON_RULE, 0 };
}

void lay_colophon_emit(lay_ctx *c, const lay_colophon *k, gw_page *pg, size_t page_index)
{
    const gw_layout_rules *r = c->r;
    double pitch = r->colophon_row_pitch, x_left = lay_area_left(c, page_index);
    double y = lay_colophon_top(c, k);
    rule(c, pg, page_index, y, r->thick_rule);
    int group = -1;
    for (int i = 0; i <= MAX_GROUPS; i++) {
        if (!k->used[i])
            continue;
        if (group >= 0 && k->group_of[i] != group)
            rule(c, pg, page_index, y, r->thin_rule);
        const lay_para *p = &k->paras[i];
        static const gw_element els[MAX_GROUPS + 1] = { GW_EL_COLOPHON_MAIN_TO, GW_EL_CC,
                                                        GW_EL_DISTRIBUTE, GW_EL_PRINTER,
                                                        GW_EL_PRINT_DATE };
        c->tag = (gw_tag){ els[i], 0 };
        if (i == 4 && k->date_shares_row)
            y -= pitch;
        for (size_t l = 0; l < p->nl; l++) {
            /* The em box centred in the row. */
            double em_top = y + (pitch - p->size) / 2;
            lay_emit_line(c, pg, p, &p->lines[l], x_left,
                          em_top + lay_role_em_top(c, p->role) * p->size, GW_COLOR_BLACK, 1.0);
            y += pitch;
        }
        group = k->group_of[i];
    }
    rule(c, pg, page_index, area_bottom(c), r->thick_rule);
}

void lay_page_number_emit(lay_ctx *c, gw_page *pg, size_t page_index, int number)
{
    const gw_layout_rules *r = c->r;
    char text[48];
    int len = snprintf(text, sizeof text, "\xE2\x80\x94 %d \xE2\x80\x94", number); /* — N — */
    gw_shaped *sh = NULL;
    size_t n = gw_shape(c->shaper, r->page_number_role, text, (size_t)len, &sh, c->diags);
    if (!n) {
        free(sh);
        return;
    }
    double size = r->page_number_size, width = 0;
    for (size_t i = 0; i < n; i++)
        width += sh[i].x_advance * size;
    /* The dash's stroke (its ink centre, or the em box's middle) on the 7-mm line. */
    const gw_face *dash = gw_fontset_face(c->fs, sh[0].face);
    double mid = (dash->em_top + dash->em_bottom) / 2;
    double x0, x1, y0, y1;
    if (r->page_number_dash_ink && gw_glyph_ink(c->fs, sh[0].face, sh[0].gid, &x0, &x1, &y0, &y1))
        mid = (y0 + y1) / 2;
    double baseline = area_bottom(c) + r->page_number_dash_below + mid * size;
    double left = lay_area_left(c, page_index), indent = r->page_number_indent * c->cell;
    /* Page index 0 is page 1, an odd page: right-aligned; even pages left-aligned. */
    double x = page_index % 2 == 0 ? left + r->area_w - indent - width : left + indent;
    c->tag = (gw_tag){ GW_EL_PAGE_NUMBER, number - 1 };
    /* Drawn by face runs, as a line of text is. */
    lay_out_reserve(c, n);
    size_t n_out = 0;
    int face = sh[0].face;
    for (size_t i = 0; i < n; i++) {
        if (sh[i].face != face) {
            lay_flush_run(c, pg, text, n_out, face, size, baseline, GW_COLOR_BLACK, 1.0);
            n_out = 0;
            face = sh[i].face;
        }
        size_t j = i + 1; /* bytes of the cluster: up to the next glyph of another cluster */
        while (j < n && sh[j].cluster == sh[i].cluster)
            j++;
        uint32_t end = j < n ? sh[j].cluster : (uint32_t)len;
        bool first = i == 0 || sh[i - 1].cluster != sh[i].cluster;
        c->out[n_out++] = (gw_glyph){ .gid = sh[i].gid,
                                      .x = x + sh[i].x_offset * size,
                                      .dy = -sh[i].y_offset * size,
                                      .cluster = sh[i].cluster,
                                      .n_bytes = first && end > sh[i].cluster ? end - sh[i].cluster
                                                                                : 0 };
        x += sh[i].x_advance * size;
    }
    lay_flush_run(c, pg, text, n_out, face, size, baseline, GW_COLOR_BLACK, 1.0);
    free(sh);
}
