/* compose.c: page composition of the 文件格式 (GB/T 9704 §7): gw_layout().
 *
 * Owns: the 版头 on page 1 (份号/密级/紧急程度 on grid lines 1–3, the red 发文机关标志 with its
 * ink top 35 mm below the 版心 top, the 发文字号 two lines below it (or the 签发人 block of a
 * 上行文), the red rule 4 mm below), then the flow of the 主体 on the grid: title two lines
 * below the rule, 主送, 正文, 附件说明, 署名 and 成文日期, 附注, the annexes each on a new page;
 * pagination (22 lines a page, a heading never alone at the foot of a page, the signature
 * never alone on a page), the 版记 on an even last page, page numbers and the metadata.
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
    size_t n = 0;
    const int *faces = gw_fontset_role_faces(c->fs, role, &n);
    const gw_face *f = n ? gw_fontset_face(c->fs, faces[0]) : NULL;
    return f ? f->em_top : 0.88; /* the usual CJK value, if a role had no face */
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
    bool keep_with_next; /* a heading: not alone at the foot of a page */
    bool keep_together;  /* a title: all lines on one page */
    bool bring_text;     /* the signature: if it starts a page, bring text lines with it */
    int bring_gap;       /* blank lines between that text and this item */
    size_t *pg;          /* placement of each line */
    int *ln;
} item;

typedef struct {
    item *it;
    size_t n, cap;
    size_t last_page;    /* where the last line of text went */
    int last_line;
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

/* A title in 2号小标宋, balanced and centred. Preferred breaks: the source's own (the model's
 * title breaks), or spaces between Chinese characters in a title given without them. */
static item *title_item(lay_ctx *c, flow *f, const char *text, const gw_breaks *breaks)
{
    const gw_layout_rules *r = c->r;
    size_t *hints = NULL, n_hints = 0;
    char *clean = lay_title_clean(text, &hints, &n_hints);
    if (n_hints == 0 && breaks->n > 0 && strcmp(clean, text) == 0) {
        hints = gw_xmalloc(breaks->n * sizeof *hints);
        memcpy(hints, breaks->at, breaks->n * sizeof *hints);
        n_hints = breaks->n;
    }
    item *it = add_item(f, IT_PARA, 0);
    lay_span span = { strlen(clean), r->title_role };
    lay_para_shape(c, &it->para, clean, strlen(clean), &span, 1, r->title_size, r->title_size);
    lay_title_break(c, &it->para, r->area_w, hints, n_hints);
    it->keep_together = true;
    free(clean);
    free(hints);
    return it;
}

static void block_item(lay_ctx *c, flow *f, const gw_block *b, bool *table_warned)
{
    const gw_layout_rules *r = c->r;
    double indent = r->paragraph_indent * c->cell;
    if (b->kind == GW_BLOCK_TABLE) {
        /* Tables come in a later issue: each row as a line of text, cells spaced by 2 字. */
        if (!*table_warned)
            gw_diags_add(c->diags, GW_WARNING, b->pos.line, b->pos.col,
                         "tables are laid out as plain text rows");
        *table_warned = true;
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
    item *it = add_item(f, IT_PARA, 0);
    lay_para_shape(c, &it->para, b->text, len, spans, n_spans, r->text_size, c->cell);
    /* The line's baseline comes from the paragraph's first role. */
    it->para.role = spans[0].role;
    lay_para_break(c, &it->para, r->area_w, indent, 0, 0);
    it->keep_with_next = heading && !(b->run_in && b->heading_len < len);
}

static void blocks_items(lay_ctx *c, flow *f, const gw_blocks *bs, bool *table_warned)
{
    for (size_t i = 0; i < bs->n; i++)
        block_item(c, f, &bs->items[i], table_warned);
}

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
        char *num = an->number ? gw_asprintf("%s.", an->number) : gw_strdup("");
        char *s = gw_asprintf("%s%s%s", i == 0 ? label : "", num, an->name ? an->name : "");
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

/* 署名 and 成文日期 without a seal (§7.3.5.2, spec 3.5(c)): 1 blank line below; 署名 right
 * indent 2 字; the date on the next line starting 2 字 right of the 署名; a long date takes the
 * right indent 2 字 and pushes the 署名 left: R_sig = max(2, w_date − w_sig + 4). */
static void signature_items(lay_ctx *c, flow *f, const gw_document *d)
{
    const gw_layout_rules *r = c->r;
    bool date = has(&d->date);
    size_t n_sig = 0;
    for (size_t i = 0; i < d->n_signatures; i++) {
        if (has(&d->signatures[i].issuer))
            n_sig++;
        if (has(&d->signatures[i].seal_image))
            gw_diags_add(c->diags, GW_WARNING, d->signatures[i].issuer.pos.line, 0,
                         "seal images are not placed yet; laid out as a signature without seal");
    }
    if (!n_sig && !date)
        return;
    add_item(f, IT_GAP, r->signature_gap_lines);
    double cell = c->cell, W = r->area_w;
    size_t first_item = f->n;
    double w_sig = 0;
    for (size_t i = 0; i < d->n_signatures; i++) {
        if (!has(&d->signatures[i].issuer))
            continue;
        item *it = text_item(c, f, d->signatures[i].issuer.text, r->body_role);
        w_sig = fmax(w_sig, lay_para_one_line(&it->para) / cell);
        it->keep_with_next = true;
    }
    size_t n_items = f->n;
    double w_date = 0;
    item *di = NULL;
    if (date) {
        di = text_item(c, f, d->date.text, r->body_role);
        w_date = lay_para_one_line(&di->para) / cell;
    }
    double R_min = r->signature_right_indent, off = r->date_offset;
    double R_sig = n_sig ? fmax(R_min, w_date - w_sig + R_min + off) : R_min;
    double sig_left = fmax(0, W - (R_sig + w_sig) * cell); /* a very long 署名 starts at 0 */
    for (size_t i = first_item; i < n_items; i++)
        f->it[i].para.lines[0].indent = sig_left;
    if (di)
        di->para.lines[0].indent = n_sig ? sig_left + off * cell : W - (R_min + w_date) * cell;
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
    item *it = text_item(c, f, s, c->r->body_role);
    lay_para_break(c, &it->para, c->r->area_w, c->r->note_indent * c->cell, 0, 0);
    free(s);
}

static void annex_items(lay_ctx *c, flow *f, const gw_annex *a, bool *table_warned)
{
    const gw_layout_rules *r = c->r;
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
        title_item(c, f, a->title.text, &a->title_breaks);
        add_item(f, IT_GAP, r->annex_title_gap_lines);
    }
    blocks_items(c, f, &a->body, table_warned);
}

/* ---- pagination ---- */

static void place(item *it, int k, size_t page, int line)
{
    it->pg[k] = page;
    it->ln[k] = line;
}

/* Brings the last text lines before item i onto page (which has just begun), so the signature
 * never stands on a page without text. Returns the line after them. */
static int bring_text(flow *f, size_t i, size_t page)
{
    for (size_t j = i; j-- > 0;) {
        item *t = &f->it[j];
        if (t->kind == IT_GAP)
            continue;
        if (t->kind != IT_PARA || !t->para.nl || t->pg[t->para.nl - 1] + 1 != page)
            return 0;
        int nl = (int)t->para.nl, k = nl < 2 ? nl : 2;
        /* when the whole paragraph moves, the headings kept with it move too, or they would
         * be left alone at the end of the page before */
        size_t h = j;
        int line = 0;
        if (k == nl) {
            while (h > 0) {
                item *p = &f->it[h - 1];
                if (p->kind != IT_PARA || !p->para.nl || !p->keep_with_next ||
                    p->pg[p->para.nl - 1] + 1 != page)
                    break;
                h--;
            }
            for (size_t q = h; q < j; q++)
                for (size_t m = 0; m < f->it[q].para.nl; m++)
                    place(&f->it[q], (int)m, page, line++);
        }
        for (int m = nl - k; m < nl; m++)
            place(t, m, page, line++);
        return line + f->it[i].bring_gap;
    }
    return 0;
}

static void paginate(lay_ctx *c, flow *f)
{
    int L = c->r->lines_per_page;
    size_t page = 0;
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
            int need = it->keep_together ? nl : 1;
            if (it->keep_with_next) {
                need = nl;
                for (size_t j = i + 1; j < f->n && f->it[j].kind == IT_PARA; j++) {
                    if (!f->it[j].para.nl)
                        continue;
                    if (!f->it[j].keep_with_next) {
                        need += 1;
                        break;
                    }
                    need += (int)f->it[j].para.nl;
                }
            }
            if (line > 0 && line + need > L && need <= L) {
                page++;
                line = 0;
            }
            if (it->bring_text && line == 0 && page > 0)
                line = bring_text(f, i, page);
            for (int k = 0; k < nl; k++) {
                if (line >= L) {
                    page++;
                    line = 0;
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

/* The red 发文机关标志; returns the y of its bottom (ink, or em box). */
static double emit_mark(lay_ctx *c, const char *text)
{
    const gw_layout_rules *r = c->r;
    lay_para p;
    lay_para_init(&p);
    lay_span span = { strlen(text), r->mark_role };
    double size = r->mark_size, h = r->mark_hscale;
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
    double ink_top = -INFINITY, ink_bottom = INFINITY;
    for (size_t i = 0; i < p.ng; i++) {
        double x0, x1, y0, y1;
        if (gw_glyph_ink(c->fs, p.g[i].face, p.g[i].gid, &x0, &x1, &y0, &y1)) {
            ink_top = fmax(ink_top, y1 * size);
            ink_bottom = fmin(ink_bottom, y0 * size);
        }
    }
    double em_top = lay_role_em_top(c, r->mark_role);
    bool ink = r->mark_top_ink && ink_top > -INFINITY;
    double top = r->top_margin + r->mark_top;
    double baseline = top + (ink ? ink_top : em_top * size);
    double x = lay_area_left(c, 0) + (r->area_w - w * h) / 2;
    lay_emit_line(c, lay_page_at(c, 0), &p, &p.lines[0], x, baseline, GW_COLOR_RED, h);
    double bottom = ink ? baseline - ink_bottom : baseline + (1 - em_top) * size;
    lay_para_free(&p);
    return bottom;
}

/* 上行文: `签发人：` + names (楷体), right indent 1 字, names in columns; returns the grid line
 * of the last row (where the 发文字号 goes). */
static int emit_signers(lay_ctx *c, const gw_document *d, int line0)
{
    const gw_layout_rules *r = c->r;
    double cell = c->cell;
    size_t per = (size_t)r->signer_names_per_line, n = d->n_signers;
    size_t k = n < per ? n : per;
    lay_para p;
    lay_para_init(&p);
    shape_one(c, &p, "签发人：", r->doc_number_role);
    double label_w = p.lines[0].width, name_w = r->signer_name_chars * cell;
    double block_w = label_w + (double)k * name_w + (double)(k - 1) * cell;
    double x0 = r->area_w - r->signer_indent * cell - block_w;
    p.lines[0].indent = x0;
    emit_header_para(c, &p, line0, GW_COLOR_BLACK);
    for (size_t i = 0; i < n; i++) {
        const char *name = d->signers[i].text ? d->signers[i].text : "";
        shape_one(c, &p, name, r->signer_name_role);
        lay_line *l = &p.lines[0];
        /* A two-character name spreads over the column of a three-character one. */
        if (l->u1 - l->u0 == 2 && l->width < name_w)
            l->gap = name_w - l->width;
        l->indent = x0 + label_w + (double)(i % per) * (name_w + cell);
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
    for (int i = 0; i < 3; i++) {
        if (!has(tops[i]))
            continue;
        shape_one(c, &p, tops[i]->text, r->header_role);
        lay_line *l = &p.lines[0];
        if (l->u1 - l->u0 == 2 && p.u[l->u0].kind == LAY_CELL && p.u[l->u0 + 1].kind == LAY_CELL)
            l->gap = r->two_char_spacing * c->cell; /* `秘 密`, `特 急` */
        emit_header_para(c, &p, line++, GW_COLOR_BLACK);
    }
    bool mark = has(&d->issuer_mark), docno = has(&d->doc_number);
    bool upward = d->n_signers > 0;
    int title_line = line ? line + 1 : 0;
    if (mark || docno || upward) {
        double mark_bottom = mark ? emit_mark(c, d->issuer_mark.text)
                                  : r->top_margin + r->mark_top; /* pre-printed letterhead */
        int dl = line_at_or_after(c, mark_bottom + r->doc_number_gap_lines * r->line_pitch);
        int last = upward ? emit_signers(c, d, dl) : dl;
        if (docno) {
            shape_one(c, &p, d->doc_number.text, r->doc_number_role);
            p.lines[0].indent = upward ? r->signer_indent * c->cell
                                       : (r->area_w - p.lines[0].width) / 2;
            emit_header_para(c, &p, last, GW_COLOR_BLACK);
        }
        double rule_y = lay_grid_y(c, last) + r->text_size + r->red_rule_gap;
        double x0 = lay_area_left(c, 0);
        gw_page_add_rule(lay_page_at(c, 0), x0, rule_y, x0 + r->area_w, rule_y,
                         r->red_rule_width, GW_COLOR_RED);
        title_line = line_at_or_after(c, rule_y + r->title_gap_lines * r->line_pitch);
    }
    lay_para_free(&p);
    return title_line;
}

/* ---- emission, 版记, page numbers, metadata ---- */

static void emit_flow(lay_ctx *c, flow *f)
{
    for (size_t i = 0; i < f->n; i++) {
        item *it = &f->it[i];
        if (it->kind != IT_PARA)
            continue;
        /* A line larger than the grid's (a 2号 title) centred on grid line 1 would stick out
         * above the 版心 (on line 22, below it): move the item's lines on that page inside. */
        double top = c->r->top_margin, bottom = top + c->r->area_h;
        double half = (it->para.size - c->r->text_size) / 2;
        for (size_t k = 0; k < it->para.nl; k++) {
            double shift = 0;
            for (size_t m = 0; m < it->para.nl; m++) {
                if (it->pg[m] != it->pg[k])
                    continue;
                double em_top = lay_grid_y(c, it->ln[m]) - half;
                shift = fmax(shift, top - em_top);
                shift = fmin(shift, bottom - (em_top + it->para.size));
            }
            gw_page *pg = lay_page_at(c, it->pg[k]);
            lay_emit_line(c, pg, &it->para, &it->para.lines[k], lay_area_left(c, it->pg[k]),
                          lay_baseline(c, &it->para, it->ln[k]) + shift, GW_COLOR_BLACK, 1.0);
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
        const char *m = d->issuer_mark.text, *suffix = "文件";
        size_t n = strlen(m), s = strlen(suffix);
        gw_buf_append(&b, m, n > s && !strcmp(m + n - s, suffix) ? n - s : n);
    }
    if (b.len)
        pl->author = gw_buf_steal(&b);
    gw_buf_free(&b);
}

gw_pagelist *gw_layout(const gw_document *doc, const gw_layout_rules *rules, gw_fontset *fs,
                       gw_diags *diags)
{
    if (!doc || !rules || !fs) {
        gw_diags_add(diags, GW_ERROR, 0, 0, "layout: no document, rules or fonts");
        return NULL;
    }
    bool body = false;
    for (size_t i = 0; i < doc->body.n && !body; i++)
        body = doc->body.items[i].kind == GW_BLOCK_TABLE ||
               (doc->body.items[i].text && *doc->body.items[i].text);
    if (!has(&doc->title) && !body) {
        gw_diags_add(diags, GW_ERROR, 0, 0,
                     "nothing to lay out: the document has no title and no body text");
        return NULL;
    }
    if (doc->format != GW_FORMAT_DOCUMENT)
        gw_diags_add(diags, GW_WARNING, 0, 0, "the %s format is laid out as the 文件 format",
                     gw_format_name(doc->format));
    const gw_layout_rules *r = rules;
    lay_ctx ctx = { .r = rules, .fs = fs, .diags = diags, .pl = gw_pagelist_new() };
    lay_ctx *c = &ctx;
    c->cell = r->area_w / r->chars_per_line;
    lay_page_at(c, 0);

    int title_line = compose_header(c, doc);

    flow f = { 0 };
    bool table_warned = false;
    add_item(&f, IT_LINE, title_line);
    if (has(&doc->title)) {
        title_item(c, &f, doc->title.text, &doc->title_breaks);
        add_item(&f, IT_GAP, r->addressee_gap_lines);
    }
    if (has(&doc->addressee)) {
        char *s = gw_asprintf("%s：", doc->addressee.text);
        item *it = text_item(c, &f, s, r->body_role);
        lay_para_break(c, &it->para, r->area_w, 0, 0, 0); /* 顶格, continuation 顶格 */
        free(s);
    }
    blocks_items(c, &f, &doc->body, &table_warned);
    attachment_note_items(c, &f, doc);
    signature_items(c, &f, doc);
    note_item(c, &f, doc);
    for (size_t i = 0; i < doc->n_annexes; i++)
        annex_items(c, &f, &doc->annexes[i], &table_warned);

    paginate(c, &f);
    emit_flow(c, &f);

    /* 版记 on the last face, an even page (§7.4, spec section 4). */
    size_t last = f.last_page;
    lay_page_at(c, last);
    lay_colophon *k = lay_colophon_build(c, &doc->colophon);
    size_t unnumbered_from = (size_t)-1;
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
    return c->pl;
}
