/* table.c: tables (GB/T 9704 §8 and practice, spec section 6), in the flow of the 正文 or of
 * an attachment.
 *
 * Owns: a table's cells shaped in the rules' face and size ([table]: 4号仿宋, the header row in
 * 黑体) and broken with the paragraphs' line breaker; its columns sized from their content
 * (as wide as their longest line when that fits, else shared out between each column's least
 * width and its longest line), the table as wide as the 版心; ruled cells (a frame and rules
 * between cells), text centred vertically in its row, the header row centred, numbers right-
 * aligned, or as the separator row's colons say. A table too wide for the 版心 goes on a
 * landscape page (§8): laid out across the sheet's height in the page's landscape frame and
 * turned a quarter counter-clockwise onto the sheet, so that its head faces the binding edge
 * on odd pages and the outer edge on even pages (the sheet's left edge both times); the page
 * number stays where portrait pages have it. A table longer than the room left on a page
 * continues on the next with its header row repeated; rows are never split; a header row is
 * never left alone at a page's foot.
 *
 * Coordinates: a table's rows are placed from a y in the frame of its page (the portrait frame,
 * or the landscape one, where x runs along the sheet's height from 35 mm, y across it from the
 * 版心's edge at the binding side). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

typedef struct {
    size_t page;
    double y0;      /* top of the chunk (its header row on a continuation page) */
    size_t r0, r1;  /* data rows [r0, r1) (row 0 is the header) */
    bool header;    /* the header row drawn at its top */
} tb_chunk;

struct lay_table {
    size_t n_rows, n_cols;
    lay_para *cells;     /* n_rows × n_cols, broken to their column */
    gw_align *align;     /* resolved per column: left, centre or right (data rows) */
    double *col_w;       /* pt, rule to rule */
    double *row_h;       /* pt */
    double width;        /* pt */
    bool landscape;
    size_t keep;         /* keep_rows */
    gw_tag tag;
    gw_pos pos;
    gw_pos *rows;        /* where each row is in the source (for messages) */
    tb_chunk *chunks;
    size_t n_chunks;
    size_t end_page;
    double bottom;       /* y of the last chunk's bottom rule */
    double carried_from_bottom; /* (lay_table_carry, undone by lay_table_uncarry) */
};

/* ---- the frame of a page: portrait, or the landscape frame of a turned page ---- */

double lay_frame_left(const lay_ctx *c, size_t pg)
{
    const gw_layout_rules *r = c->r;
    return lay_page_turned(c, pg) ? r->paper_h - r->top_margin - r->area_h : lay_area_left(c, pg);
}

double lay_frame_width(const lay_ctx *c, size_t pg)
{
    return lay_page_turned(c, pg) ? c->r->area_h : c->r->area_w;
}

double lay_frame_top(const lay_ctx *c, size_t pg)
{
    return lay_page_turned(c, pg) ? lay_area_left(c, pg) : c->r->top_margin;
}

/* A rule of the landscape frame on the sheet: (X, Y) is (Y, H − X) there. */
static void add_rule(lay_ctx *c, size_t pg, double x0, double y0, double x1, double y1, double w)
{
    gw_page *page = lay_page_at(c, pg);
    double H = c->r->paper_h;
    gw_rule *ru = lay_page_turned(c, pg)
                      ? gw_page_add_rule(page, y0, H - x0, y1, H - x1, w, GW_COLOR_BLACK)
                      : gw_page_add_rule(page, x0, y0, x1, y1, w, GW_COLOR_BLACK);
    ru->tag = c->tag;
}

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

/* ---- pagination ---- */

/* The white a line of text leaves below its em box: a table keeps as much above and below. */
static double white(const lay_ctx *c)
{
    return c->r->line_pitch - c->r->text_size;
}

/* Rows a page the table runs over keeps at least (keep_rows, or all it has). */
static size_t keep_rows(const lay_table *t)
{
    size_t data = t->n_rows - 1, keep = t->keep < data ? t->keep : data;
    return keep < 1 && data ? 1 : keep;
}

static double rows_height(const lay_table *t, size_t a, size_t b);

double lay_table_first_height(const lay_table *t)
{
    return rows_height(t, 1, 1 + keep_rows(t));
}

static void add_chunk(lay_table *t, size_t page, double y0, size_t r0, bool header)
{
    t->chunks = gw_xrealloc(t->chunks, (t->n_chunks + 1) * sizeof *t->chunks);
    t->chunks[t->n_chunks++] = (tb_chunk){ page, y0, r0, r0, header };
}

static int line_after(const lay_ctx *c, size_t pg, double y);

/* Height of the header and data rows [a, b). */
static double rows_height(const lay_table *t, size_t a, size_t b)
{
    double h = t->row_h[0];
    for (size_t i = a; i < b; i++)
        h += t->row_h[i];
    return h;
}

bool lay_table_place(lay_ctx *c, lay_table *t, size_t *page, int *line)
{
    size_t R = t->n_rows;
    /* each page the table runs over holds at least keep_rows of its rows (or all it has) */
    size_t keep = keep_rows(t);
    t->n_chunks = 0;
    size_t pg = *page;
    double y = *line > 0 ? lay_line_top(c, pg, *line) : lay_frame_top(c, pg);
    double bottom = lay_page_bottom(c, pg);
    if (*line > 0 && y + lay_table_first_height(t) > bottom + 1e-6) {
        pg++; /* the header and its first rows together, on the next page */
        lay_set_page_turned(c, pg, t->landscape);
        y = lay_frame_top(c, pg);
        bottom = lay_page_bottom(c, pg);
    }
    add_chunk(t, pg, y, 1, false);
    y += t->row_h[0];
    for (size_t i = 1; i < R; i++) {
        tb_chunk *ch = &t->chunks[t->n_chunks - 1];
        if (y + t->row_h[i] > bottom + 1e-6 && ch->r1 > ch->r0) {
            /* a page break before row i: the next page gets at least `keep` rows, taken from
             * this one while it keeps as many */
            size_t left = R - i;
            while (left < keep && ch->r1 - ch->r0 > keep) {
                ch->r1--;
                left++;
            }
            i = ch->r1;
            pg++;
            lay_set_page_turned(c, pg, t->landscape); /* the pages it runs onto: its own */
            y = lay_frame_top(c, pg);
            bottom = lay_page_bottom(c, pg);
            add_chunk(t, pg, y, i, true);
            y += t->row_h[0];
            ch = &t->chunks[t->n_chunks - 1];
        }
        if (y + t->row_h[i] > bottom + 1e-6) {
            gw_diags_add(c->diags, GW_ERROR, "layout-table-row-too-tall", t->rows[i].line,
                         t->rows[i].col,
                         "this table row is %.0f mm tall with the header row: taller than a page",
                         (t->row_h[0] + t->row_h[i]) / LAY_MM);
            return false;
        }
        y += t->row_h[i];
        ch->r1 = i + 1;
    }
    t->end_page = pg;
    t->bottom = y;
    /* the text goes on on the first grid line that leaves a line's white below the table */
    *page = pg;
    *line = line_after(c, pg, y);
    return true;
}

/* Where the text goes on after a table ending at y on page pg. */
static int line_after(const lay_ctx *c, size_t pg, double y)
{
    double q = lay_page_pitch(c, pg), top = lay_frame_top(c, pg);
    return (int)ceil((y + white(c) - top) / q - 1e-6);
}

int lay_table_carry(lay_ctx *c, lay_table *t, size_t *page, int *line)
{
    if (!t->n_chunks)
        return 0;
    tb_chunk *ch = &t->chunks[t->n_chunks - 1];
    size_t keep = keep_rows(t), rows = ch->r1 - ch->r0;
    if (rows < 2 * keep || t->landscape)
        return 0; /* the page it leaves would keep fewer than keep_rows */
    size_t from = ch->r1 - keep, end = ch->r1;
    ch->r1 = from;
    size_t pg = ch->page + 1;
    add_chunk(t, pg, lay_frame_top(c, pg), from, true);
    double y = lay_frame_top(c, pg) + rows_height(t, from, end);
    t->chunks[t->n_chunks - 1].r1 = end;
    t->carried_from_bottom = t->bottom;
    t->end_page = pg;
    t->bottom = y;
    *page = pg;
    *line = line_after(c, pg, y);
    return (int)keep;
}

void lay_table_uncarry(lay_table *t)
{
    t->n_chunks--;
    tb_chunk *ch = &t->chunks[t->n_chunks - 1];
    ch->r1 = t->chunks[t->n_chunks].r1;
    t->end_page = ch->page;
    t->bottom = t->carried_from_bottom;
}

size_t lay_table_end_page(const lay_table *t)
{
    return t->end_page;
}

double lay_table_bottom(const lay_table *t)
{
    return t->bottom;
}

int lay_table_rows_on(const lay_table *t, size_t pg, bool any_page)
{
    int n = 0;
    for (size_t i = 0; i < t->n_chunks; i++)
        if (any_page || t->chunks[i].page == pg)
            n += (int)(t->chunks[i].r1 - t->chunks[i].r0) + (!any_page || i == 0);
    return n;
}

bool lay_table_on_page(const lay_table *t, size_t pg)
{
    for (size_t i = 0; i < t->n_chunks; i++)
        if (t->chunks[i].page == pg)
            return true;
    return false;
}

/* ---- drawing ---- */

static void emit_row(lay_ctx *c, const lay_table *t, size_t pg, size_t row, double y)
{
    const gw_layout_rules *r = c->r;
    double x = lay_frame_left(c, pg), pitch = r->table_line_pitch;
    gw_page *page = lay_page_at(c, pg);
    for (size_t k = 0; k < t->n_cols; k++) {
        const lay_para *p = &t->cells[row * t->n_cols + k];
        double content = (double)p->nl * pitch;
        double top = y + (t->row_h[row] - content) / 2;
        for (size_t l = 0; l < p->nl; l++) {
            double em_top = top + (double)l * pitch + (pitch - p->size) / 2;
            lay_emit_line(c, page, p, &p->lines[l], x + r->table_pad_x,
                          em_top + lay_role_em_top(c, p->role) * p->size, GW_COLOR_BLACK, 1.0);
        }
        x += t->col_w[k];
    }
}

void lay_table_emit(lay_ctx *c, const lay_table *t)
{
    const gw_layout_rules *r = c->r;
    c->tag = t->tag;
    for (size_t ci = 0; ci < t->n_chunks; ci++) {
        const tb_chunk *ch = &t->chunks[ci];
        size_t pg = ch->page;
        c->turned = lay_page_turned(c, pg);
        double x0 = lay_frame_left(c, pg), y = ch->y0;
        /* rows: the header, then the chunk's own */
        double *ys = gw_xmalloc((ch->r1 - ch->r0 + 2) * sizeof *ys);
        size_t n = 0;
        ys[n++] = y;
        emit_row(c, t, pg, 0, y);
        y += t->row_h[0];
        for (size_t i = ch->r0; i < ch->r1; i++) {
            ys[n++] = y;
            emit_row(c, t, pg, i, y);
            y += t->row_h[i];
        }
        ys[n++] = y;
        c->turned = false;
        /* rules: the frame thick, between cells thin */
        for (size_t k = 0; k < n; k++)
            add_rule(c, pg, x0, ys[k], x0 + t->width, ys[k],
                     k == 0 || k + 1 == n ? r->table_frame_rule : r->table_rule);
        double x = x0;
        for (size_t k = 0; k <= t->n_cols; k++) {
            add_rule(c, pg, x, ys[0], x, ys[n - 1],
                     k == 0 || k == t->n_cols ? r->table_frame_rule : r->table_rule);
            if (k < t->n_cols)
                x += t->col_w[k];
        }
        free(ys);
    }
}
