/* compose.c: page composition of the 文件格式 (GB/T 9704 §7): gw_layout().
 *
 * Owns: the 版头 on page 1 (份号/密级/紧急程度 on grid lines 1–3, the red 发文机关标志 with its
 * ink top 35 mm below the 版心 top, the names stacked beside `文件` for a joint 文件, the
 * 发文字号 two lines below it (or the 签发人 block of a 上行文), the red rule 4 mm below), then
 * the flow of the 主体 on the grid: title two lines
 * below the rule, 主送, 正文, 附件说明, 署名 and 成文日期, 附注, the annexes each on a new page;
 * pagination (22 lines a page, a heading never alone at the foot of a page, the 署名 taking
 * the last lines of text with it to a new page), the 版记 on an even last page, page numbers
 * and the metadata.
 *
 * Everything is laid out first as flow items holding shaped, broken paragraphs; pagination
 * then only counts lines (every line of the 主体 has the same width, so breaking does not
 * depend on the page), and emission draws each line where pagination put it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

/* ---- context helpers ---- */

double lay_area_left(const lay_ctx *c, size_t page_index)
{
    const gw_layout_rules *r = c->r;
    bool even = page_index % 2 == 1; /* index 0 is page 1 */
    return even && r->mirror_even ? r->paper_w - r->binding_margin - r->area_w
                                  : r->binding_margin;
}

double lay_grid_y(const lay_ctx *c, int line)
{
    return c->r->top_margin + line * c->r->line_pitch;
}

double lay_role_em_top(const lay_ctx *c, gw_font_role role)
{
    size_t n = 0; /* every role has a face: gw_fontset_open fails otherwise */
    const int *faces = gw_fontset_role_faces(c->fs, role, &n);
    return gw_fontset_face(c->fs, faces[0])->em_top; /* (gw_fonts falls back to 0.88) */
}

double lay_baseline(const lay_ctx *c, const lay_para *p, int line)
{
    double em_top = lay_grid_y(c, line) + (c->r->text_size - p->size) / 2;
    return em_top + lay_role_em_top(c, p->role) * p->size;
}

gw_page *lay_page_at(lay_ctx *c, size_t page_index)
{
    while (c->pl->n_pages <= page_index)
        gw_pagelist_add_page(c->pl, c->r->paper_w, c->r->paper_h);
    return &c->pl->pages[page_index];
}

/* First grid line whose em-box top is at or below y. */
static int line_at_or_after(const lay_ctx *c, double y)
{
    double i = ceil((y - c->r->top_margin) / c->r->line_pitch - 1e-6);
    return i < 0 ? 0 : (int)i;
}

static bool has(const gw_text *t)
{
    return t->text && *t->text;
}

/* ---- flow items ---- */

typedef enum { IT_PARA, IT_GAP, IT_PAGE, IT_LINE } it_kind;

typedef struct {
    it_kind kind;
    int n;               /* IT_GAP: blank lines; IT_LINE: go down to this grid line */
    lay_para para;       /* IT_PARA */
    bool keep_with_next; /* not alone at the foot of a page: a heading, a 附件说明 item … */
    bool heading;        /* a heading on a line of its own */
    bool bring_text;     /* the signature: if it starts a page, bring text lines with it */
    int bring_gap;       /* blank lines between that text and this item */
    gw_tag tag;          /* the element it draws */
    size_t *pg;          /* placement of each line */
    int *ln;
} item;

typedef struct {
    item *it;
    size_t n, cap;
    size_t last_page;    /* where the last line of text went */
    int last_line;
    gw_tag tag;          /* the element the next items draw */
} flow;

static item *add_item(flow *f, it_kind kind, int n)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 64;
        f->it = gw_xrealloc(f->it, f->cap * sizeof *f->it);
    }
    item *it = &f->it[f->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->n = n;
    it->tag = f->tag;
    return it;
}

static void flow_free(flow *f)
{
    for (size_t i = 0; i < f->n; i++) {
        lay_para_free(&f->it[i].para);
        free(f->it[i].pg);
        free(f->it[i].ln);
    }
    free(f->it);
}

/* A paragraph item shaped in one role at the text size on the grid. */
static item *text_item(lay_ctx *c, flow *f, const char *text, gw_font_role role)
{
    item *it = add_item(f, IT_PARA, 0);
    lay_span span = { strlen(text), role };
    lay_para_shape(c, &it->para, text, strlen(text), &span, 1, c->r->text_size, c->cell);
    return it;
}

/* A title in 2号小标宋, balanced and centred, preferring the breaks the source gave (the
 * model's title breaks: where the writer broke the title or spaced two Chinese characters). */
static item *title_item(lay_ctx *c, flow *f, const char *text, const gw_breaks *breaks)
{
    const gw_layout_rules *r = c->r;
    item *it = add_item(f, IT_PARA, 0);
    lay_span span = { strlen(text), r->title_role };
    c->latin_role = r->title_latin_role; /* digits in a title match its weight */
    lay_para_shape(c, &it->para, text, strlen(text), &span, 1, r->title_size, r->title_size);
    c->latin_role = GW_ROLE_LATIN;
    lay_title_break(c, &it->para, r->area_w, breaks->at, breaks->n);
    return it;
}

static void block_item(lay_ctx *c, flow *f, const gw_block *b, bool *table_warned)
{
    const gw_layout_rules *r = c->r;
    gw_tag body_tag = f->tag;
    double indent = r->paragraph_indent * c->cell;
    if (b->kind == GW_BLOCK_TABLE) {
        /* Tables come in a later issue: each row as a line of text, cells spaced by 2 字. */
        if (!*table_warned)
            gw_diags_add(c->diags, GW_WARNING, "layout-table-unsupported", b->pos.line, b->pos.col,
                         "tables are laid out as plain text rows");
        *table_warned = true;
        if (f->tag.element == GW_EL_BODY)
            f->tag.element = GW_EL_TABLE;
        for (size_t row = 0; row < b->table.n_rows; row++) {
            gw_buf s;
            gw_buf_init(&s);
            for (size_t col = 0; col < b->table.n_cols; col++) {
                if (col)
                    gw_buf_puts(&s, "\xE3\x80\x80\xE3\x80\x80"); /* two ideographic spaces */
                const char *cell = b->table.cells[row * b->table.n_cols + col];
                gw_buf_puts(&s, cell ? cell : "");
            }
            item *it = text_item(c, f, s.data ? s.data : "", r->body_role);
            lay_para_break(c, &it->para, r->area_w, 0, 0, 0);
            gw_buf_free(&s);
        }
        f->tag = body_tag;
        return;
    }
    if (!b->text || !*b->text)
        return;
    size_t len = strlen(b->text);
    lay_span spans[2];
    size_t n_spans = 1;
    spans[0] = (lay_span){ len, r->body_role };
    bool heading = b->kind == GW_BLOCK_HEADING;
    if (heading) {
        int lv = b->level < 1 ? 1 : b->level > 4 ? 4 : b->level;
        gw_font_role hr = r->heading_role[lv - 1];
        if (b->run_in && b->heading_len < len) {
            /* Only the heading sentence in the heading face; the rest is body text. */
            spans[0] = (lay_span){ b->heading_len, hr };
            spans[1] = (lay_span){ len, r->body_role };
            n_spans = 2;
        } else {
            spans[0].role = hr;
        }
    }
    bool own_line = heading && !(b->run_in && b->heading_len < len);
    if (own_line && f->tag.element == GW_EL_BODY)
        f->tag.element = GW_EL_HEADING;
    item *it = add_item(f, IT_PARA, 0);
    f->tag = body_tag;
    lay_para_shape(c, &it->para, b->text, len, spans, n_spans, r->text_size, c->cell);
    /* The line's baseline comes from the paragraph's first role. */
    it->para.role = spans[0].role;
    lay_para_break(c, &it->para, r->area_w, indent, 0, 0);
    it->keep_with_next = it->heading = own_line;
}

/* Blocks of the 正文 (element GW_EL_BODY, index = the block's) or of an annex (the annex's tag). */
static void blocks_items(lay_ctx *c, flow *f, const gw_blocks *bs, bool *table_warned,
                         gw_tag tag)
{
    for (size_t i = 0; i < bs->n; i++) {
        f->tag = tag;
        if (tag.element == GW_EL_BODY)
            f->tag.index = (int)i;
        block_item(c, f, &bs->items[i], table_warned);
    }
}

/* Width of the units of p that lie inside its first n bytes (a number padded as set). */
static double prefix_width(const lay_para *p, size_t n)
{
    return lay_prefix_width(p, n);
}

/* 附件说明 (§7.3.4): 1 blank line below the text, indent 2 字, `附件：1.name`, later items and
 * wrapped lines aligned under the first character of the name. */
static void attachment_note_items(lay_ctx *c, flow *f, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    if (!d->n_attachment_notes)
        return;
    add_item(f, IT_GAP, r->attachment_note_gap_lines);
    const char *label = "附件：";
    double indent = r->attachment_note_indent * c->cell, label_w = 0;
    for (size_t i = 0; i < d->n_attachment_notes; i++) {
        const gw_attachment_note *an = &d->attachment_notes[i];
        /* `1. 2022年度…`, not `1.2022年度…` (which reads as a decimal) */
        bool digit = an->name && an->name[0] >= '0' && an->name[0] <= '9';
        char *num = an->number ? gw_asprintf(digit ? "%s. " : "%s.", an->number) : gw_strdup("");
        char *s = gw_asprintf("%s%s%s", i == 0 ? label : "", num, an->name ? an->name : "");
        f->tag = (gw_tag){ GW_EL_ATTACHMENT_NOTE, (int)i };
        item *it = text_item(c, f, s, r->body_role);
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
static void signature_items(lay_ctx *c, flow *f, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    bool date = has(&d->date);
    size_t n_sig = 0;
    for (size_t i = 0; i < d->n_signatures; i++) {
        if (has(&d->signatures[i].issuer))
            n_sig++;
        if (has(&d->signatures[i].seal_image))
            gw_diags_add(c->diags, GW_WARNING, "layout-seal-unsupported", d->signatures[i].issuer.pos.line, 0,
                         "seal images are not placed yet; laid out as a signature without seal");
    }
    if (!n_sig && !date)
        return;
    add_item(f, IT_GAP, r->signature_gap_lines);
    double cell = c->cell, W = r->area_w;
    double R_min = r->signature_right_indent, off = r->date_offset;
    size_t first_item = f->n;
    double w_sig = 0;
    for (size_t i = 0; i < d->n_signatures; i++) {
        if (!has(&d->signatures[i].issuer))
            continue;
        f->tag = (gw_tag){ GW_EL_SIGNATURE, (int)i };
        item *it = text_item(c, f, d->signatures[i].issuer.text, r->body_role);
        lay_para_break(c, &it->para, W, 0, 0, R_min * cell);
        w_sig = fmax(w_sig, widest_line(&it->para, cell));
        it->keep_with_next = true;
    }
    size_t n_items = f->n;
    double w_date = 0;
    item *di = NULL;
    if (date) {
        f->tag = (gw_tag){ GW_EL_DATE, 0 };
        di = text_item(c, f, d->date.text, r->body_role);
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
    item *head = &f->it[first_item];
    head->bring_text = true;
    head->bring_gap = r->signature_gap_lines;
}

/* 附注 (§7.3.6): the line after the date, indent 2 字, in （）. */
static void note_item(lay_ctx *c, flow *f, const gw_document *d)
{
    if (!has(&d->note))
        return;
    char *s = gw_asprintf("（%s）", d->note.text);
    f->tag = (gw_tag){ GW_EL_NOTE, 0 };
    item *it = text_item(c, f, s, c->r->body_role);
    lay_para_break(c, &it->para, c->r->area_w, c->r->note_indent * c->cell, 0, 0);
    free(s);
}

static void annex_items(lay_ctx *c, flow *f, const gw_annex *a, int index, bool *table_warned)
{
    const gw_layout_rules *r = c->r;
    f->tag = (gw_tag){ GW_EL_ANNEX_LABEL, index };
    add_item(f, IT_PAGE, 0);
    if (a->kind == GW_ANNEX_ATTACHMENT) {
        add_item(f, IT_LINE, r->attachment_label_line - 1);
        char *label = gw_asprintf("附件%s", a->number ? a->number : "");
        item *it = text_item(c, f, label, r->annex_label_role);
        lay_para_one_line(&it->para);
        free(label);
        add_item(f, IT_LINE, r->attachment_title_line - 1);
    } else {
        add_item(f, IT_LINE, r->issued_title_line - 1);
    }
    if (has(&a->title)) {
        f->tag = (gw_tag){ GW_EL_ANNEX_TITLE, index };
        title_item(c, f, a->title.text, &a->title_breaks);
        add_item(f, IT_GAP, r->annex_title_gap_lines);
    }
    blocks_items(c, f, &a->body, table_warned, (gw_tag){ GW_EL_ANNEX_BODY, index });
}

/* ---- pagination ---- */

static void place(item *it, int k, size_t page, int line)
{
    it->pg[k] = page;
    it->ln[k] = line;
}

static bool on_page(const item *t, size_t from, size_t page)
{
    for (size_t m = from; m < t->para.nl; m++)
        if (t->pg[m] != page)
            return false;
    return true;
}

/* Brings the last text lines before item i onto page (which has just begun), so the 署名 (or
 * the 附件说明) does not start a page without text: the last two lines of the paragraph
 * before it, or all of a shorter one together with the headings just above it. At most `cap`
 * lines (so that the block of `need` lines still fits below them), never every line of the
 * page before (which would be left blank), never a heading without its text. Returns the line
 * after the gap below them; 0 when nothing can move (the block then simply starts the page). */
static int bring_text(flow *f, size_t i, size_t page, int cap)
{
    size_t j = i;
    while (j > 0 && f->it[j - 1].kind == IT_GAP)
        j--;
    if (j-- == 0)
        return 0;
    item *t = &f->it[j];
    if (t->kind != IT_PARA || !t->para.nl || t->pg[t->para.nl - 1] + 1 != page)
        return 0;
    int nl = (int)t->para.nl, k = nl < 2 ? nl : 2, moved = k;
    if (!on_page(t, (size_t)(nl - k), page - 1))
        return 0;
    /* When the whole paragraph moves, the headings just above it go too. */
    size_t h = j;
    if (k == nl) {
        while (h > 0) {
            item *p = &f->it[h - 1];
            if (p->kind != IT_PARA || !p->heading || !p->para.nl || !on_page(p, 0, page - 1))
                break;
            moved += (int)p->para.nl;
            h--;
        }
    }
    const item *first = &f->it[h];
    int first_line = first->ln[h == j ? (size_t)(nl - k) : 0];
    if (moved > cap || first_line == 0)
        return 0;
    int line = 0;
    for (size_t q = h; q < j; q++)
        for (size_t m = 0; m < f->it[q].para.nl; m++)
            place(&f->it[q], (int)m, page, line++);
    for (int m = nl - k; m < nl; m++)
        place(t, m, page, line++);
    return line + f->it[i].bring_gap;
}

static void paginate(lay_ctx *c, flow *f)
{
    int L = c->r->lines_per_page;
    size_t page = 0, loose_until = 0;
    int line = 0;
    f->last_page = 0;
    f->last_line = -1;
    for (size_t i = 0; i < f->n; i++) {
        item *it = &f->it[i];
        switch (it->kind) {
        case IT_PAGE:
            page++;
            line = 0;
            break;
        case IT_LINE:
            if (it->n >= L) {
                page++;
                line = 0;
            } else if (line < it->n) {
                line = it->n;
            }
            break;
        case IT_GAP:
            if (line == 0)
                break; /* no blank lines at the top of a page */
            line += it->n;
            if (line >= L) {
                page++;
                line = 0;
            }
            break;
        case IT_PARA: {
            int nl = (int)it->para.nl;
            if (!nl)
                break;
            it->pg = gw_xmalloc((size_t)nl * sizeof *it->pg);
            it->ln = gw_xmalloc((size_t)nl * sizeof *it->ln);
            /* A line larger than the grid's (a 2号 title) overhangs its grid line: on line 1
             * it is moved down inside the 版心, on line 22 up, so one page cannot hold such
             * lines on both: L − 1 of them at most. */
            bool tall = it->para.size > c->r->text_size + 1e-9;
            int room = tall ? L - 1 : L;
            /* (A title is not kept on one page: it is the first text of its page, after the
             * 版头 or an annex's label, and moving it would leave those alone.) */
            int need = 1;
            if (it->keep_with_next && i >= loose_until) {
                /* the chain of items kept with the next, and the first line after it */
                size_t j;
                int chain = nl;
                for (j = i + 1; j < f->n && f->it[j].kind == IT_PARA; j++) {
                    if (!f->it[j].para.nl)
                        continue;
                    if (!f->it[j].keep_with_next) {
                        chain += 1;
                        break;
                    }
                    chain += (int)f->it[j].para.nl;
                }
                if (chain <= room)
                    need = chain;
                else
                    loose_until = j; /* longer than a page: it flows, and so do its parts */
            }
            if (line > 0 && line + need > L && need <= room) {
                page++;
                line = 0;
            }
            if (it->bring_text && line == 0 && page > 0)
                line = bring_text(f, i, page, L - it->bring_gap - need);
            int first = line; /* its first line on this page */
            for (int k = 0; k < nl; k++) {
                if (line >= L || (tall && first == 0 && line >= L - 1)) {
                    page++;
                    line = first = 0;
                }
                place(it, k, page, line++);
            }
            f->last_page = page;
            f->last_line = line - 1;
            break;
        }
        }
    }
}

/* ---- 版头 (page 1) ---- */

/* One line of header text at grid line `line`, indented by x (pt from the 版心's left). */
static void emit_header_para(lay_ctx *c, lay_para *p, int line, gw_color color)
{
    gw_page *pg = lay_page_at(c, 0);
    for (size_t l = 0; l < p->nl; l++)
        lay_emit_line(c, pg, p, &p->lines[l], lay_area_left(c, 0), lay_baseline(c, p, line + (int)l),
                      color, 1.0);
}

static void shape_one(lay_ctx *c, lay_para *p, const char *text, gw_font_role role)
{
    lay_span span = { strlen(text), role };
    lay_para_shape(c, p, text, strlen(text), &span, 1, c->r->text_size, c->cell);
    lay_para_one_line(p);
}

/* Highest and lowest ink of p's glyphs, pt above the baseline (y up); false if p has none. */
static bool ink_extent(lay_ctx *c, const lay_para *p, double *top, double *bottom)
{
    *top = -INFINITY;
    *bottom = INFINITY;
    for (size_t i = 0; i < p->ng; i++) {
        double x0, x1, y0, y1;
        if (gw_glyph_ink(c->fs, p->g[i].face, p->g[i].gid, &x0, &x1, &y0, &y1)) {
            *top = fmax(*top, y1 * p->size);
            *bottom = fmin(*bottom, y0 * p->size);
        }
    }
    return *top > -INFINITY;
}

/* The red 发文机关标志; returns the y of its bottom (ink, or em box). */
static double emit_mark(lay_ctx *c, const char *text)
{
    const gw_layout_rules *r = c->r;
    lay_para p;
    lay_para_init(&p);
    lay_span span = { strlen(text), r->mark_role };
    double size = r->mark_size, h = r->mark_hscale;
    c->latin_role = r->mark_latin_role;
    lay_para_shape(c, &p, text, strlen(text), &span, 1, size, size);
    double w = lay_para_one_line(&p);
    if (w * h > r->area_w) { /* too long: compress first, then shrink */
        h = fmax(r->mark_hscale_min, r->area_w / w);
        if (w * h > r->area_w) {
            size *= r->area_w / (w * h);
            lay_para_shape(c, &p, text, strlen(text), &span, 1, size, size);
            w = lay_para_one_line(&p);
        }
    }
    double ink_top, ink_bottom;
    double em_top = lay_role_em_top(c, r->mark_role);
    bool ink = ink_extent(c, &p, &ink_top, &ink_bottom) && r->mark_top_ink;
    double top = r->top_margin + r->mark_top;
    double baseline = top + (ink ? ink_top : em_top * size);
    double x = lay_area_left(c, 0) + (r->area_w - w * h) / 2;
    lay_emit_line(c, lay_page_at(c, 0), &p, &p.lines[0], x, baseline, GW_COLOR_RED, h);
    double bottom = ink ? baseline - ink_bottom : baseline + (1 - em_top) * size;
    lay_para_free(&p);
    c->latin_role = GW_ROLE_LATIN;
    return bottom;
}

/* The 发文机关标志 of a joint 文件 (联合行文, §7.2.4): the issuers' names stacked one per line,
 * lead issuer first, each spread to the width of the longest (分散对齐); `文件` to their right,
 * vertically centred on the stack; red, one size, the whole block centred on the 版心 axis
 * with its top 35 mm below the 版心 top. A stack taller than the rules allow is made
 * smaller; a block wider than the 版心 compressed, then made smaller. Returns its bottom. */
static double emit_joint_mark(lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    size_t n = 0;
    for (size_t i = 0; i < d->n_issuers; i++)
        n += has(&d->issuers[i]);
    lay_para *names = gw_xcalloc(n + 1, sizeof *names), *word = &names[n];
    double size = r->mark_size, h = r->mark_hscale, pitch = r->mark_joint_pitch;
    double stack_em = (double)(n - 1) * pitch + 1; /* the stack's height in em */
    size = fmin(size, r->mark_joint_max_height / stack_em);
    double names_w = 0, word_w = 0, gap = 0, w = 0;
    c->latin_role = r->mark_latin_role;
    for (int pass = 0; pass < 2; pass++) {
        names_w = 0;
        for (size_t i = 0, k = 0; i < d->n_issuers; i++) {
            if (!has(&d->issuers[i]))
                continue;
            const char *t = d->issuers[i].text;
            lay_span span = { strlen(t), r->mark_role };
            lay_para_shape(c, &names[k], t, strlen(t), &span, 1, size, size);
            names_w = fmax(names_w, lay_para_one_line(&names[k++]));
        }
        lay_span span = { strlen("文件"), r->mark_role };
        lay_para_shape(c, word, "文件", strlen("文件"), &span, 1, size, size);
        word_w = lay_para_one_line(word);
        gap = r->mark_joint_gap * size;
        w = names_w + gap + word_w;
        if (pass == 1 || w * h <= r->area_w + 1e-6)
            break; /* (widths scale with the size: the second pass fits) */
        h = fmax(r->mark_hscale_min, r->area_w / w); /* compress first, then shrink */
        if (w * h <= r->area_w + 1e-6)
            break;
        size *= r->area_w / (w * h);
    }
    /* Baselines relative to the first name's; the ink (or em box) of the whole block. */
    double em_top = lay_role_em_top(c, r->mark_role), step = pitch * size;
    double word_base = (double)(n - 1) * step / 2; /* em box centred on the stack's */
    double top = -em_top * size, bottom = (double)(n - 1) * step + (1 - em_top) * size;
    if (r->mark_top_ink) {
        double t, b, ink_top = INFINITY, ink_bottom = -INFINITY;
        for (size_t k = 0; k <= n; k++) {
            double base = k < n ? (double)k * step : word_base;
            if (ink_extent(c, &names[k], &t, &b)) {
                ink_top = fmin(ink_top, base - t);
                ink_bottom = fmax(ink_bottom, base - b);
            }
        }
        if (ink_top < INFINITY)
            top = ink_top, bottom = ink_bottom;
    }
    double base0 = r->top_margin + r->mark_top - top;
    double x = lay_area_left(c, 0) + (r->area_w - w * h) / 2;
    gw_page *pg = lay_page_at(c, 0);
    for (size_t k = 0; k < n; k++) {
        lay_line *l = &names[k].lines[0];
        if (l->u1 - l->u0 > 1)
            l->gap = (names_w - l->width) / (double)(l->u1 - l->u0 - 1);
        lay_emit_line(c, pg, &names[k], l, x, base0 + (double)k * step, GW_COLOR_RED, h);
    }
    lay_emit_line(c, pg, word, &word->lines[0], x + (names_w + gap) * h, base0 + word_base,
                  GW_COLOR_RED, h);
    for (size_t k = 0; k <= n; k++)
        lay_para_free(&names[k]);
    free(names);
    c->latin_role = GW_ROLE_LATIN;
    return base0 + bottom;
}

/* An element set on one line that does not fit it: an error at its source position rather
 * than text outside the 版心 (these are short by nature: a 密级, a 发文字号). */
static void too_wide(lay_ctx *c, const gw_text *t, const char *what, double w, double room)
{
    gw_diags_add(c->diags, GW_ERROR, "layout-too-wide", t->pos.line, t->pos.col,
                 "the %s is %.1f 字 wide; its line holds %.1f 字", what, w / c->cell,
                 room / c->cell);
}

/* 上行文: `签发人：` + names (楷体), right indent 1 字, names in columns as wide as the widest
 * name (at least 3 字), two a line; fewer a line when the block would not fit the 版心, or
 * would come within 1 字 of the 发文字号 (docno_w wide, left indent 1 字) on its last row.
 * Returns the grid line of the last row (where the 发文字号 goes); a GW_ERROR when even one
 * name a line does not fit. */
static int emit_signers(lay_ctx *c, const gw_document *d, int line0, const gw_text *docno,
                        double docno_w)
{
    const gw_layout_rules *r = c->r;
    double cell = c->cell;
    size_t n = d->n_signers;
    lay_para p;
    lay_para_init(&p);
    double col_w = r->signer_name_chars * cell, widest = 0;
    size_t wi = 0;
    for (size_t i = 0; i < n; i++) {
        shape_one(c, &p, d->signers[i].text ? d->signers[i].text : "", r->signer_name_role);
        if (p.lines[0].width > widest)
            widest = p.lines[0].width, wi = i;
    }
    col_w = fmax(col_w, widest);
    shape_one(c, &p, "签发人：", r->doc_number_role);
    double label_w = p.lines[0].width, right = r->area_w - r->signer_indent * cell;
    double docno_end = docno_w > 0 ? r->signer_indent * cell + docno_w + cell : 0;
    size_t per = (size_t)r->signer_names_per_line < n ? (size_t)r->signer_names_per_line : n;
    double x0 = 0;
    for (; per > 0; per--) {
        x0 = right - (label_w + (double)per * col_w + (double)(per - 1) * cell);
        double last_left = (n + per - 1) / per > 1 ? x0 + label_w : x0;
        if (x0 >= -1e-6 && last_left >= docno_end - 1e-6)
            break;
    }
    if (per == 0) {
        if (label_w + col_w > right + 1e-6)
            too_wide(c, &d->signers[wi], "签发人 name with its label", label_w + col_w, right);
        else
            gw_diags_add(c->diags, GW_ERROR, "layout-too-wide", docno->pos.line, docno->pos.col,
                         "the 发文字号 (%.1f 字) and the 签发人 names do not fit on one line",
                         docno_w / cell);
        lay_para_free(&p);
        return line0;
    }
    p.lines[0].indent = x0;
    emit_header_para(c, &p, line0, GW_COLOR_BLACK);
    for (size_t i = 0; i < n; i++) {
        const char *name = d->signers[i].text ? d->signers[i].text : "";
        shape_one(c, &p, name, r->signer_name_role);
        lay_line *l = &p.lines[0];
        /* A two-character name spreads over the column of a three-character one. */
        if (l->u1 - l->u0 == 2 && l->width < r->signer_name_chars * cell)
            l->gap = r->signer_name_chars * cell - l->width;
        l->indent = x0 + label_w + (double)(i % per) * (col_w + cell);
        emit_header_para(c, &p, line0 + (int)(i / per), GW_COLOR_BLACK);
    }
    lay_para_free(&p);
    return line0 + (int)((n + per - 1) / per) - 1;
}

/* Returns the grid line of the title's first line. */
static int compose_header(lay_ctx *c, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    lay_para p;
    lay_para_init(&p);
    int line = 0;
    const gw_text *tops[3] = { &d->copy_number, &d->secrecy, &d->urgency };
    static const char *const top_names[3] = { "份号", "密级", "紧急程度" };
    static const gw_element top_els[3] = { GW_EL_COPY_NUMBER, GW_EL_SECRECY, GW_EL_URGENCY };
    for (int i = 0; i < 3; i++) {
        if (!has(tops[i]))
            continue;
        c->tag = (gw_tag){ top_els[i], 0 };
        shape_one(c, &p, tops[i]->text, r->header_role);
        lay_line *l = &p.lines[0];
        if (l->u1 - l->u0 == 2 && p.u[l->u0].kind == LAY_CELL && p.u[l->u0 + 1].kind == LAY_CELL)
            l->gap = r->two_char_spacing * c->cell; /* `秘 密`, `特 急` */
        if (l->width + l->gap > r->area_w + 1e-6)
            too_wide(c, tops[i], top_names[i], l->width + l->gap, r->area_w);
        else
            emit_header_para(c, &p, line, GW_COLOR_BLACK);
        line++;
    }
    bool mark = has(&d->issuer_mark), docno = has(&d->doc_number);
    size_t n_issuers = 0;
    for (size_t i = 0; i < d->n_issuers; i++)
        n_issuers += has(&d->issuers[i]);
    bool joint = !mark && n_issuers > 1 && d->format == GW_FORMAT_DOCUMENT;
    bool upward = d->n_signers > 0;
    int title_line = line ? line + 1 : 0;
    if (mark || joint || docno || upward) {
        c->tag = (gw_tag){ GW_EL_ISSUER_MARK, 0 };
        double mark_bottom = mark    ? emit_mark(c, d->issuer_mark.text)
                             : joint ? emit_joint_mark(c, d)
                                     : r->top_margin + r->mark_top; /* pre-printed letterhead */
        int dl = line_at_or_after(c, mark_bottom + r->doc_number_gap_lines * r->line_pitch);
        double docno_w = 0;
        if (docno) {
            shape_one(c, &p, d->doc_number.text, r->doc_number_role);
            docno_w = p.lines[0].width;
        }
        double docno_room = r->area_w - (upward ? r->signer_indent * c->cell : 0);
        if (docno_w > docno_room + 1e-6) {
            too_wide(c, &d->doc_number, "发文字号", docno_w, docno_room);
            docno = false;
        }
        c->tag = (gw_tag){ GW_EL_SIGNER, 0 };
        int last = upward ? emit_signers(c, d, dl, &d->doc_number, docno ? docno_w : 0) : dl;
        if (docno) {
            c->tag = (gw_tag){ GW_EL_DOC_NUMBER, 0 };
            p.lines[0].indent = upward ? r->signer_indent * c->cell : (r->area_w - docno_w) / 2;
            emit_header_para(c, &p, last, GW_COLOR_BLACK);
        }
        double rule_y = lay_grid_y(c, last) + r->text_size + r->red_rule_gap;
        double x0 = lay_area_left(c, 0);
        gw_page_add_rule(lay_page_at(c, 0), x0, rule_y, x0 + r->area_w, rule_y,
                         r->red_rule_width, GW_COLOR_RED)->tag = (gw_tag){ GW_EL_HEADER_RULE, 0 };
        title_line = line_at_or_after(c, rule_y + r->title_gap_lines * r->line_pitch);
    }
    lay_para_free(&p);
    return title_line;
}

/* ---- emission, 版记, page numbers, metadata ---- */

static void emit_flow(lay_ctx *c, flow *f)
{
    double top = c->r->top_margin, bottom = top + c->r->area_h;
    for (size_t i = 0; i < f->n; i++) {
        item *it = &f->it[i];
        if (it->kind != IT_PARA)
            continue;
        /* A line larger than the grid's (a 2号 title) centred on grid line 1 would stick out
         * above the 版心 (on line 22, below it): move the item's lines on that page inside.
         * Pagination never puts such lines on both lines of one page. */
        double half = (it->para.size - c->r->text_size) / 2;
        for (size_t k = 0, e; k < it->para.nl; k = e) {
            double em_top = INFINITY, em_bottom = -INFINITY;
            for (e = k; e < it->para.nl && it->pg[e] == it->pg[k]; e++) {
                em_top = fmin(em_top, lay_grid_y(c, it->ln[e]) - half);
                em_bottom = fmax(em_bottom, lay_grid_y(c, it->ln[e]) + c->r->text_size + half);
            }
            double shift = top > em_top         ? top - em_top
                           : bottom < em_bottom ? bottom - em_bottom
                                                : 0;
            gw_page *pg = lay_page_at(c, it->pg[k]);
            c->tag = it->tag;
            for (size_t m = k; m < e; m++)
                lay_emit_line(c, pg, &it->para, &it->para.lines[m], lay_area_left(c, it->pg[m]),
                              lay_baseline(c, &it->para, it->ln[m]) + shift, GW_COLOR_BLACK, 1.0);
        }
    }
}

static void metadata(gw_pagelist *pl, const gw_document *d)
{
    if (has(&d->title))
        pl->title = gw_strdup(d->title.text);
    if (has(&d->doc_number))
        pl->subject = gw_strdup(d->doc_number.text);
    gw_buf b;
    gw_buf_init(&b);
    for (size_t i = 0; i < d->n_issuers; i++) {
        if (!has(&d->issuers[i]))
            continue;
        if (b.len)
            gw_buf_puts(&b, "、");
        gw_buf_puts(&b, d->issuers[i].text);
    }
    if (!b.len && has(&d->issuer_mark)) {
        size_t n = gw_issuer_mark_name_len(d->issuer_mark.text);
        gw_buf_append(&b, d->issuer_mark.text, n ? n : strlen(d->issuer_mark.text));
    }
    if (b.len)
        pl->author = gw_buf_steal(&b);
    gw_buf_free(&b);
}

gw_pagelist *gw_layout(const gw_document *doc, const gw_layout_rules *rules, gw_fontset *fs,
                       gw_diags *diags)
{
    if (!doc || !rules || !fs) {
        gw_diags_add(diags, GW_ERROR, "internal", 0, 0, "layout: no document, rules or fonts");
        return NULL;
    }
    bool body = false;
    for (size_t i = 0; i < doc->body.n && !body; i++)
        body = doc->body.items[i].kind == GW_BLOCK_TABLE ||
               (doc->body.items[i].text && *doc->body.items[i].text);
    if (!has(&doc->title) && !body) {
        gw_diags_add(diags, GW_ERROR, "input-no-content", 0, 0,
                     "nothing to lay out: the document has no title and no body text");
        return NULL;
    }
    if (doc->format != GW_FORMAT_DOCUMENT)
        gw_diags_add(diags, GW_WARNING, "layout-format-unsupported", 0, 0, "the %s format is laid out as the 文件 format",
                     gw_format_name(doc->format));
    const gw_layout_rules *r = rules;
    size_t errors = gw_diags_count(diags, GW_ERROR);
    lay_ctx ctx = { .r = rules, .fs = fs, .diags = diags, .latin_role = GW_ROLE_LATIN,
                    .pl = gw_pagelist_new() };
    lay_ctx *c = &ctx;
    c->cell = r->area_w / r->chars_per_line;
    lay_page_at(c, 0);

    int title_line = compose_header(c, doc);

    flow f = { 0 };
    bool table_warned = false;
    add_item(&f, IT_LINE, title_line);
    if (has(&doc->title)) {
        f.tag = (gw_tag){ GW_EL_TITLE, 0 };
        title_item(c, &f, doc->title.text, &doc->title_breaks);
        add_item(&f, IT_GAP, r->addressee_gap_lines);
    }
    if (has(&doc->addressee)) {
        char *s = gw_asprintf("%s：", doc->addressee.text);
        f.tag = (gw_tag){ GW_EL_ADDRESSEE, 0 };
        item *it = text_item(c, &f, s, r->body_role);
        lay_para_break(c, &it->para, r->area_w, 0, 0, 0); /* 顶格, continuation 顶格 */
        free(s);
    }
    blocks_items(c, &f, &doc->body, &table_warned, (gw_tag){ GW_EL_BODY, 0 });
    attachment_note_items(c, &f, doc);
    signature_items(c, &f, doc);
    note_item(c, &f, doc);
    for (size_t i = 0; i < doc->n_annexes; i++)
        annex_items(c, &f, &doc->annexes[i], (int)i, &table_warned);

    paginate(c, &f);
    emit_flow(c, &f);

    /* 版记 on the last face, an even page (§7.4, spec section 4). */
    size_t last = f.last_page;
    lay_page_at(c, last);
    lay_colophon *k = lay_colophon_build(c, &doc->colophon);
    size_t unnumbered_from = (size_t)-1;
    if (k && !lay_colophon_fits(c, k)) {
        lay_colophon_free(k);
        k = NULL;
    }
    if (k) {
        double text_bottom = f.last_line < 0 ? 0 : lay_grid_y(c, f.last_line) + r->text_size;
        bool fits = text_bottom + r->colophon_min_gap <= lay_colophon_top(c, k) + 1e-6;
        bool last_odd = last % 2 == 0; /* index 0 is page 1 */
        size_t at;
        if (!r->colophon_even_page)
            at = fits ? last : last + 1;
        else if (last_odd)
            at = last + 1; /* the text ends on a front: the 版记 goes on its back */
        else if (fits)
            at = last;
        else {
            at = last + 2; /* a blank front, then the 版记 on its back; neither numbered */
            unnumbered_from = last + 1;
        }
        lay_colophon_emit(c, k, lay_page_at(c, at), at);
        lay_colophon_free(k);
    }
    for (size_t i = 0; i < c->pl->n_pages; i++) {
        gw_page *pg = &c->pl->pages[i];
        pg->number = i >= unnumbered_from ? 0 : (int)i + 1;
        if (pg->number)
            lay_page_number_emit(c, pg, i, pg->number);
    }
    metadata(c->pl, doc);
    flow_free(&f);
    free(c->out);
    if (gw_diags_count(diags, GW_ERROR) > errors) { /* something did not fit: no pages */
        gw_pagelist_free(c->pl);
        return NULL;
    }
    return c->pl;
}
