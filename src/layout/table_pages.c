/* table_pages.c: a table on pages (see table.c): placed from where the text is, a new page
 * where its header and first keep_rows rows do not fit, the header repeated on each page it runs
 * onto, rows never split; its last rows carried to the next page with the closing block
 * (§7.3.5.5); drawn: cell text in the frame of its page (turned on a landscape page), a thick
 * frame and thin rules between cells. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "table_int.h"

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
