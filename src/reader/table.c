/* table.c: pipe tables of the text (README: Tables), read into GW_BLOCK_TABLE blocks.
 *
 *   | 序号 | 项目名称 | 金额（万元） |
 *   |:---:|---|---:|
 *   | 1 | 泉州市科技创新平台 | 1200.00 |
 *
 * A table is a run of lines beginning with `|` (after white space): the header row, the
 * separator row (`---` in each cell, a colon on the left, right or both for the column's
 * alignment), then the rows. The outer pipes are optional at the end of a line; `\|` is a pipe
 * inside a cell. A table without its separator row, or with a row whose cells do not match the
 * header's, is an error at that row's line and column: a malformed table is never printed as
 * text. */
#include <string.h>

#include "rd_internal.h"

/* A cell of a row: its bytes [b, e) in the line, trimmed, and where it starts (for messages). */
typedef struct {
    size_t b, e;
    size_t at; /* byte offset of the cell's first byte (after its `|`) */
} cell_span;

bool rd_table_line(const char *s, size_t n)
{
    size_t b, e;
    rd_trim(s, n, &b, &e);
    return b < e && s[b] == '|';
}

/* Splits a row at its unescaped pipes. Returns the number of cells (at most cap; more are
 * counted, not stored). */
static size_t split_row(const char *s, size_t n, cell_span *cells, size_t cap)
{
    size_t b, e;
    rd_trim(s, n, &b, &e);
    size_t i = b + 1; /* after the opening `|` */
    size_t count = 0, start = i;
    for (; i <= e; i++) {
        bool end = i == e;
        if (!end && s[i] == '\\' && i + 1 < e && s[i + 1] == '|') {
            i++;
            continue;
        }
        if (end || s[i] == '|') {
            if (end && i == start)
                break; /* a closing `|` at the end of the line: no empty cell after it */
            size_t cb, ce;
            rd_trim(s + start, i - start, &cb, &ce);
            if (count < cap)
                cells[count] = (cell_span){ start + cb, start + ce, start };
            count++;
            start = i + 1;
        }
    }
    return count;
}

/* A separator cell: optional colons around one or more `-`. Returns its alignment, or -1. */
static int separator_cell(const char *s, size_t n)
{
    if (n == 0)
        return -1;
    bool left = s[0] == ':', right = s[n - 1] == ':';
    size_t from = left, to = n - right;
    if (to <= from)
        return -1;
    for (size_t i = from; i < to; i++)
        if (s[i] != '-')
            return -1;
    return left && right ? GW_ALIGN_CENTRE : left ? GW_ALIGN_LEFT : right ? GW_ALIGN_RIGHT
                                                                          : GW_ALIGN_AUTO;
}

/* The text of a cell: `\|` unescaped, a `**…**` around it dropped (no bold in a 公文), the
 * spaces PDF extraction leaves next to Chinese characters removed. */
static char *cell_text(const char *s, size_t n)
{
    gw_buf raw, out;
    gw_buf_init(&raw);
    gw_buf_init(&out);
    if (n >= 4 && !strncmp(s, "**", 2) && !strncmp(s + n - 2, "**", 2)) {
        s += 2;
        n -= 4;
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|')
            i++;
        gw_buf_putc(&raw, s[i]);
    }
    if (raw.len)
        rd_strip_spaces(raw.data, raw.len, &out, NULL);
    gw_buf_free(&raw);
    char *t = out.data ? gw_buf_steal(&out) : gw_strdup("");
    gw_buf_free(&out);
    return t;
}

#define MAX_COLS 64

size_t rd_table(rd_ctx *ctx, size_t i, gw_blocks *out)
{
    size_t end = i;
    while (end < ctx->n_lines && rd_table_line(ctx->lines[end].s, ctx->lines[end].len))
        end++;
    const rd_line *head = &ctx->lines[i];
    size_t hb, he;
    rd_trim(head->s, head->len, &hb, &he);
    gw_pos pos = { head->no, rd_col(head->s, hb) };
    cell_span cells[MAX_COLS + 1];
    size_t n_cols = split_row(head->s, head->len, cells, MAX_COLS + 1);
    if (n_cols == 0) {
        gw_diags_add(ctx->diags, GW_ERROR, "table-malformed", pos.line, pos.col,
                     "a table row without cells: write `| 序号 | 名称 |`");
        return end;
    }
    if (n_cols > MAX_COLS) {
        gw_diags_add(ctx->diags, GW_ERROR, "table-malformed", pos.line, pos.col,
                     "a table of %zu columns: at most %d", n_cols, MAX_COLS);
        return end;
    }
    if (end == i + 1) {
        gw_diags_add(ctx->diags, GW_ERROR, "table-malformed", head->no,
                     rd_col(head->s, he),
                     "a table needs a separator row (`|---|---|`) below its header row");
        return end;
    }
    /* the separator row */
    const rd_line *sep = &ctx->lines[i + 1];
    cell_span sc[MAX_COLS + 1];
    size_t n_sep = split_row(sep->s, sep->len, sc, MAX_COLS + 1);
    gw_align align[MAX_COLS];
    for (size_t k = 0; k < n_sep && k < MAX_COLS; k++) {
        int a = separator_cell(sep->s + sc[k].b, sc[k].e - sc[k].b);
        if (a < 0) {
            gw_diags_add(ctx->diags, GW_ERROR, "table-malformed", sep->no,
                         rd_col(sep->s, sc[k].b),
                         "the second row of a table is its separator row: `---` in every cell "
                         "(`:--` left, `:-:` centred, `--:` right), not '%.*s'",
                         (int)(sc[k].e - sc[k].b), sep->s + sc[k].b);
            return end;
        }
        align[k] = (gw_align)a;
    }
    if (n_sep != n_cols) {
        size_t at = n_sep > n_cols ? sc[n_cols].at : sep->len;
        gw_diags_add(ctx->diags, GW_ERROR, "table-malformed", sep->no, rd_col(sep->s, at),
                     "the separator row has %zu cells; the header row has %zu", n_sep, n_cols);
        return end;
    }
    /* every row as many cells as the header */
    bool ok = true;
    for (size_t j = i + 2; j < end; j++) {
        const rd_line *l = &ctx->lines[j];
        cell_span rc[MAX_COLS + 1];
        size_t n = split_row(l->s, l->len, rc, MAX_COLS + 1);
        if (n != n_cols) {
            size_t at = n > n_cols ? rc[n_cols].at : l->len;
            gw_diags_add(ctx->diags, GW_ERROR, "table-malformed", l->no, rd_col(l->s, at),
                         "this row has %zu cells; the header row has %zu (write an empty cell "
                         "as `| |`, a pipe inside a cell as `\\|`)", n, n_cols);
            ok = false;
        }
    }
    if (!ok)
        return end;
    size_t n_rows = end - i - 1; /* the header and the rows, without the separator */
    gw_block *b = gw_blocks_add(out, GW_BLOCK_TABLE, "", pos);
    gw_table *t = &b->table;
    t->n_rows = n_rows;
    t->n_cols = n_cols;
    t->cells = gw_xcalloc(n_rows * n_cols, sizeof *t->cells);
    t->align = gw_xcalloc(n_cols, sizeof *t->align);
    t->rows = gw_xcalloc(n_rows, sizeof *t->rows);
    memcpy(t->align, align, n_cols * sizeof *align);
    for (size_t r = 0; r < n_rows; r++) {
        const rd_line *l = &ctx->lines[r == 0 ? i : i + 1 + r];
        cell_span rc[MAX_COLS + 1];
        split_row(l->s, l->len, rc, MAX_COLS + 1);
        size_t lb, le;
        rd_trim(l->s, l->len, &lb, &le);
        t->rows[r] = (gw_pos){ l->no, rd_col(l->s, lb) };
        for (size_t k = 0; k < n_cols; k++)
            t->cells[r * n_cols + k] = cell_text(l->s + rc[k].b, rc[k].e - rc[k].b);
    }
    return end;
}
