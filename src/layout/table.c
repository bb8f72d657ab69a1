/* table.c: tables (GB/T 9704 §8 and practice, spec section 6), in the flow of the 正文 or of
 * an attachment: a table built (its placing and drawing: table_pages.c).
 *
 * Owns: a table's cells shaped in the rules' face and size ([table]: 4号仿宋, the header row in
 * 黑体, centred) and broken with the paragraphs' line breaker (set ragged, a （…） kept whole
 * where it can be); the column alignments (numbers right-aligned, or as the separator row's
 * colons say); the column widths, from their content: each column at its least width (its
 * widest number or word; text down to min_column_chars; its header on one line when that fits
 * and costs no lines), the rest where it saves the most lines, then to the columns whose text
 * still wraps; the table as wide as the 版心. A table that cannot keep min_column_chars in the
 * 版心 goes landscape (§8): 225 mm wide, text down to least_column_chars if it must; narrower
 * still, an error. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "table_int.h"

/* ---- building ---- */

/* A number as tables write them: digits with , and one . , a sign, a % or ‰ after; or a dash
 * standing for none. */
static bool numeric(const char *s)
{
    size_t n = strlen(s), i = 0, digits = 0;
    if (n == 0)
        return false;
    if (!strcmp(s, "-") || !strcmp(s, "—") || !strcmp(s, "——") || !strcmp(s, "/"))
        return true;
    if (s[i] == '+' || s[i] == '-')
        i++;
    bool dot = false;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == ',' && digits)
            ;
        else if (s[i] == '.' && !dot && digits)
            dot = true;
        else
            break;
    }
    const char *rest = s + i;
    return digits && (!*rest || !strcmp(rest, "%") || !strcmp(rest, "‰") || !strcmp(rest, "％"));
}

/* Widest unit of a cell (it cannot be broken): a number, a Latin word, a character. */
static double widest_unit(const lay_para *p)
{
    double w = 0;
    for (size_t u = 0; u < p->nu; u++)
        if (p->u[u].kind != LAY_SPACE)
            w = fmax(w, p->u[u].width);
    return w;
}

/* Lines a cell of natural width nat takes in a column of inner width w (its text wraps;
 * a cell of one unit never does). */
static double cell_lines(double nat, double w)
{
    return nat <= w + 1e-6 || w <= 0 ? 1 : ceil(nat / w - 1e-9);
}

/* The table's height in lines were its columns this wide (each row its tallest cell). */
static double table_lines(const lay_table *t, const double *nat, const double *w, double pad)
{
    double sum = 0;
    for (size_t i = 0; i < t->n_rows; i++) {
        double row = 1;
        for (size_t k = 0; k < t->n_cols; k++)
            row = fmax(row, cell_lines(nat[i * t->n_cols + k], w[k] - pad));
        sum += row;
    }
    return sum;
}

/* Column widths for a table `room` wide; false when even the least widths do not fit. Each
 * column starts at its least width (`lo`: its widest number or word, text down to
 * min_column_chars); the rest goes where it saves the most lines for its width: for each
 * column, the widths at which one of its cells would take a line fewer are tried, and the
 * best saving per millimetre wins, until none saves a line or nothing is left; then to the
 * columns whose text still wraps, in proportion to how much of it does. When every column can
 * hold its longest line on one, each does, and the rest is shared out in proportion. */
static bool size_columns(lay_table *t, const double *lo, const double *hi, const double *nat,
                         double pad, double room)
{
    size_t C = t->n_cols, R = t->n_rows;
    double sum_lo = 0, sum_hi = 0;
    for (size_t k = 0; k < C; k++)
        sum_lo += lo[k], sum_hi += hi[k];
    if (sum_lo > room + 1e-6)
        return false;
    t->width = room;
    if (sum_hi <= room) { /* every column as wide as its longest line, the rest shared out */
        for (size_t k = 0; k < C; k++)
            t->col_w[k] = hi[k] + (room - sum_hi) * hi[k] / sum_hi;
        return true;
    }
    double *w = t->col_w, left = room - sum_lo;
    memcpy(w, lo, C * sizeof *w);
    double lines = table_lines(t, nat, w, pad);
    for (;;) {
        size_t best = C;
        double best_gain = 0, best_w = 0, best_lines = lines;
        for (size_t k = 0; k < C; k++) {
            double keep = w[k];
            for (size_t i = 0; i < R; i++) { /* the width at which cell (i, k) saves a line */
                double l = cell_lines(nat[i * C + k], keep - pad);
                if (l <= 1)
                    continue;
                double want = nat[i * C + k] / (l - 1) + pad + 1e-3;
                if (want > keep + left + 1e-9 || want > hi[k] + 1e-3)
                    continue;
                w[k] = want;
                double nl = table_lines(t, nat, w, pad);
                double gain = (lines - nl) / (want - keep);
                if (nl < lines - 1e-9 && gain > best_gain)
                    best = k, best_gain = gain, best_w = want, best_lines = nl;
            }
            w[k] = keep;
        }
        if (best == C)
            break;
        left -= best_w - w[best];
        w[best] = best_w;
        lines = best_lines;
    }
    /* the rest to the columns whose cells still wrap, by how much of their text does */
    double *over = gw_xcalloc(C, sizeof *over), over_sum = 0;
    for (size_t k = 0; k < C; k++) {
        for (size_t i = 0; i < R; i++)
            over[k] += fmax(0, nat[i * C + k] - (w[k] - pad));
        over_sum += over[k];
    }
    for (size_t k = 0; k < C && left > 0; k++)
        w[k] += over_sum > 1e-6 ? left * over[k] / over_sum : left / (double)C;
    free(over);
    return true;
}

/* size_columns; a header row that fits the room on one line is kept to it (it is repeated on
 * every page) unless that costs the table lines. */
static bool fit_columns(lay_table *t, const double *lo, const double *hi, const double *nat,
                        double pad, double room)
{
    size_t C = t->n_cols;
    double head_sum = 0;
    for (size_t k = 0; k < C; k++)
        head_sum += fmax(lo[k], nat[k] + pad);
    if (head_sum > room + 1e-6)
        return size_columns(t, lo, hi, nat, pad, room);
    double *head_lo = gw_xmalloc(C * sizeof *head_lo), *free_w = gw_xmalloc(C * sizeof *free_w);
    for (size_t k = 0; k < C; k++)
        head_lo[k] = fmax(lo[k], nat[k] + pad);
    bool ok = size_columns(t, lo, hi, nat, pad, room);
    memcpy(free_w, t->col_w, C * sizeof *free_w);
    double free_lines = table_lines(t, nat, free_w, pad);
    if (ok && size_columns(t, head_lo, hi, nat, pad, room) &&
        table_lines(t, nat, t->col_w, pad) > free_lines + 1e-9)
        memcpy(t->col_w, free_w, C * sizeof *free_w); /* the header wraps instead */
    free(head_lo);
    free(free_w);
    return ok;
}

lay_table *lay_table_build(lay_ctx *c, const gw_table *src, gw_pos pos, gw_tag tag)
{
    const gw_layout_rules *r = c->r;
    size_t R = src->n_rows, C = src->n_cols;
    if (!R || !C)
        return NULL;
    lay_table *t = gw_xcalloc(1, sizeof *t);
    t->n_rows = R;
    t->n_cols = C;
    t->tag = tag;
    t->pos = pos;
    t->keep = r->table_keep_rows > 0 ? (size_t)r->table_keep_rows : 1;
    t->cells = gw_xcalloc(R * C, sizeof *t->cells);
    t->align = gw_xcalloc(C, sizeof *t->align);
    t->col_w = gw_xcalloc(C, sizeof *t->col_w);
    t->row_h = gw_xcalloc(R, sizeof *t->row_h);
    t->rows = gw_xcalloc(R, sizeof *t->rows);
    for (size_t i = 0; i < R; i++)
        t->rows[i] = src->rows ? src->rows[i] : pos;
    double *lo = gw_xcalloc(C, sizeof *lo), *hi = gw_xcalloc(C, sizeof *hi);
    double *least = gw_xcalloc(C, sizeof *least);
    double *nat = gw_xcalloc(R * C, sizeof *nat);
    double size = r->table_size, pad = 2 * r->table_pad_x;
    for (size_t k = 0; k < C; k++) {
        bool numbers = R > 1;
        for (size_t i = 1; i < R && numbers; i++) {
            const char *s = src->cells[i * C + k] ? src->cells[i * C + k] : "";
            numbers = !*s || numeric(s);
        }
        gw_align a = src->align ? src->align[k] : GW_ALIGN_AUTO;
        t->align[k] = a != GW_ALIGN_AUTO ? a : numbers ? GW_ALIGN_RIGHT : GW_ALIGN_LEFT;
    }
    for (size_t i = 0; i < R; i++)
        for (size_t k = 0; k < C; k++) {
            const char *s = src->cells[i * C + k] ? src->cells[i * C + k] : "";
            lay_para *p = &t->cells[i * C + k];
            lay_span span = { strlen(s), i == 0 ? r->table_header_role : r->table_role };
            lay_para_shape(c, p, s, strlen(s), &span, 1, size, size);
            p->ragged = true; /* a cell's lines are not spread: its text keeps its pitch */
            lay_para_keep_brackets(p);
            double natural = lay_para_one_line(p), unit = widest_unit(p);
            nat[i * C + k] = natural;
            /* text wraps down to min_column_chars (on a landscape page, if need be, down to
             * least_column_chars: a pair of characters 避头尾 keeps together), a number or a
             * word never */
            lo[k] = fmax(lo[k], fmax(unit, fmin(natural, r->table_min_column * size)) + pad);
            least[k] = fmax(least[k], fmax(unit, fmin(natural, r->table_least_column * size)) + pad);
            hi[k] = fmax(hi[k], natural + pad);
        }
    /* portrait with columns of text at least min_column_chars wide; else landscape, the same,
     * then down to least_column_chars */
    bool ok = fit_columns(t, lo, hi, nat, pad, r->area_w);
    if (!ok && r->table_landscape) {
        t->landscape = true;
        ok = fit_columns(t, lo, hi, nat, pad, r->area_h) ||
             fit_columns(t, least, hi, nat, pad, r->area_h);
    }
    double need = 0;
    for (size_t k = 0; k < C; k++)
        need += least[k];
    free(nat);
    free(least);
    if (!ok) {
        gw_diags_add(c->diags, GW_ERROR, "layout-table-too-wide", pos.line, pos.col,
                     "this table of %zu columns needs at least %.0f mm; the 版心 is %.0f mm wide%s",
                     C, need / LAY_MM, r->area_w / LAY_MM,
                     r->table_landscape ? " (225 mm on a landscape page)" : "");
        free(lo);
        free(hi);
        lay_table_free(t);
        return NULL;
    }
    free(lo);
    free(hi);
    /* each cell broken to its column, each row as tall as its tallest cell */
    for (size_t i = 0; i < R; i++) {
        size_t lines = 1;
        for (size_t k = 0; k < C; k++) {
            lay_para *p = &t->cells[i * C + k];
            double inner = t->col_w[k] - pad;
            lay_para_break(c, p, inner, 0, 0, 0);
            gw_align a = i == 0 ? GW_ALIGN_CENTRE : t->align[k];
            for (size_t l = 0; l < p->nl; l++) {
                double w = p->lines[l].width;
                p->lines[l].indent = a == GW_ALIGN_RIGHT ? inner - w
                                     : a == GW_ALIGN_CENTRE ? (inner - w) / 2 : 0;
            }
            lines = p->nl > lines ? p->nl : lines;
        }
        t->row_h[i] = (double)lines * r->table_line_pitch + 2 * r->table_pad_y;
    }
    return t;
}

void lay_table_free(lay_table *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
        lay_para_free(&t->cells[i]);
    free(t->cells);
    free(t->align);
    free(t->col_w);
    free(t->row_h);
    free(t->rows);
    free(t->chunks);
    free(t);
}

bool lay_table_landscape(const lay_table *t)
{
    return t->landscape;
}

gw_pos lay_table_pos(const lay_table *t)
{
    return t->pos;
}
