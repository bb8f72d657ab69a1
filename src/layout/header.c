/* header.c: the 版头 on page 1 (GB/T 9704 §7.2): 份号/密级/紧急程度 on grid lines 1–3, the red
 * 发文机关标志 with its ink top 35 mm below the 版心 top (the names stacked beside `文件` for a
 * joint 文件), the 发文字号 two lines below it (or the 签发人 block of a 上行文), the red rule
 * 4 mm below. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

/* ---- 版头 (page 1) ----
 *
 * Page 1's grid has page 1's pitch: the rules' own, or, when page 1 is the last page of 正文
 * and is squeezed (§7.3.5.5), a smaller one for all its lines alike; the 版头 is then laid out
 * again at that pitch (the mark stays 35 mm below the 版心 top, the rest follows the grid).
 * A first pass (emit false) only measures: it draws nothing and reports nothing. */

/* The first line of page 1's grid at pitch q whose em top is at or below y. */
static int line_at(const lay_ctx *c, double y, double q)
{
    double i = ceil((y - c->r->top_margin) / q - 1e-6);
    return i < 0 ? 0 : (int)i;
}

int lay_header_title_line(const lay_ctx *c, double q)
{
    const gw_layout_rules *r = c->r;
    const lay_header_geom *g = &c->hdr;
    if (g->fixed_bottom > 0) /* 信函: hanging from its double rule */
        return line_at(c, g->fixed_bottom + r->title_gap_lines * q, q);
    if (!g->full)
        return g->top_lines ? g->top_lines + 1 : 0;
    int last = line_at(c, g->mark_bottom + r->doc_number_gap_lines * q, q) + g->signer_rows;
    double bottom = r->top_margin + last * q + r->text_size; /* the 发文字号's em bottom */
    if (r->red_rule)
        bottom += r->red_rule_gap;
    else if (!g->has_docno && !g->signer_rows)
        bottom = g->mark_bottom; /* (命令 without 令号: below the mark) */
    return line_at(c, bottom + r->title_gap_lines * q, q);
}

double lay_mark_top(const gw_layout_rules *r)
{
    return (r->mark_top_from == 1 ? 0 : r->top_margin) + r->mark_top;
}

double lay_page_bottom(const lay_ctx *c, size_t pg)
{
    if (lay_page_turned(c, pg)) /* a landscape page: the 版心's other edge */
        return lay_area_left(c, pg) + c->r->area_w;
    double b = c->r->top_margin + c->r->area_h;
    return pg == 0 && c->hdr.page1_bottom > 0 ? fmin(b, c->hdr.page1_bottom) : b;
}

/* One line of header text at line `line` of page 1's grid, indented as its lines say. */
static void emit_header_para(lay_ctx *c, lay_para *p, int line, gw_color color)
{
    if (c->dry)
        return;
    gw_page *pg = lay_page_at(c, 0);
    double q = c->flow_anchor0 >= 0 ? c->r->line_pitch : lay_page_pitch(c, 0);
    for (size_t l = 0; l < p->nl; l++)
        lay_emit_line(c, pg, p, &p->lines[l], lay_area_left(c, 0),
                      lay_baseline_at(c, p, c->r->top_margin + (line + (int)l) * q), color, 1.0);
}

/* A 版头 line: set tight (`泉科〔2021〕172号`, no grid padding around its digits). */
void lay_header_shape_one(lay_ctx *c, lay_para *p, const char *text, gw_font_role role)
{
    lay_span span = { strlen(text), role };
    c->tight = true;
    lay_para_shape(c, p, text, strlen(text), &span, 1, c->r->text_size, c->cell);
    c->tight = false;
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
double lay_emit_mark(lay_ctx *c, const char *text)
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
    double top = lay_mark_top(r);
    double baseline = top + (ink ? ink_top : em_top * size);
    double x = lay_area_left(c, 0) + (r->area_w - w * h) / 2;
    if (!c->dry)
        lay_emit_line(c, lay_page_at(c, 0), &p, &p.lines[0], x, baseline, GW_COLOR_RED, h);
    double bottom = ink ? baseline - ink_bottom : baseline + (1 - em_top) * size;
    lay_para_free(&p);
    c->latin_role = GW_ROLE_LATIN;
    return bottom;
}

typedef struct {
    const char *s;
    size_t n;
} mark_name;

/* The 发文机关标志 of a joint 文件 (联合行文, §7.2.4): the issuers' names stacked one per line,
 * lead issuer first, each spread to the width of the longest (分散对齐); `文件` (the word, if
 * any) to their right, vertically centred on the stack; red, one size, the whole block centred
 * on the 版心 axis with its top 35 mm below the 版心 top. A stack taller than the rules allow
 * is made smaller; a block wider than the 版心 compressed, then made smaller. Returns its
 * bottom. */
static double emit_joint_mark(lay_ctx *c, const mark_name *nm, size_t n, mark_name word_text)
{
    const gw_layout_rules *r = c->r;
    lay_para *names = gw_xcalloc(n + 1, sizeof *names), *word = &names[n];
    double size = r->mark_size, h = r->mark_hscale, pitch = r->mark_joint_pitch;
    double stack_em = (double)(n - 1) * pitch + 1; /* the stack's height in em */
    size = fmin(size, r->mark_joint_max_height / stack_em);
    double names_w = 0, word_w = 0, gap = 0, w = 0;
    c->latin_role = r->mark_latin_role;
    for (int pass = 0; pass < 2; pass++) {
        names_w = 0;
        for (size_t k = 0; k < n; k++) {
            lay_span span = { nm[k].n, r->mark_role };
            lay_para_shape(c, &names[k], nm[k].s, nm[k].n, &span, 1, size, size);
            names_w = fmax(names_w, lay_para_one_line(&names[k]));
        }
        lay_span span = { word_text.n, r->mark_role };
        lay_para_shape(c, word, word_text.s, word_text.n, &span, 1, size, size);
        word_w = word_text.n ? lay_para_one_line(word) : 0;
        gap = word_text.n ? r->mark_joint_gap * size : 0;
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
    double base0 = lay_mark_top(r) - top;
    double x = lay_area_left(c, 0) + (r->area_w - w * h) / 2;
    gw_page *pg = lay_page_at(c, 0);
    for (size_t k = 0; k < n && !c->dry; k++) {
        lay_line *l = &names[k].lines[0];
        if (l->u1 - l->u0 > 1)
            l->gap = (names_w - l->width) / (double)(l->u1 - l->u0 - 1);
        lay_emit_line(c, pg, &names[k], l, x, base0 + (double)k * step, GW_COLOR_RED, h);
    }
    if (word_text.n && !c->dry)
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
        lay_header_shape_one(c, &p, d->signers[i].text ? d->signers[i].text : "", r->signer_name_role);
        if (p.lines[0].width > widest)
            widest = p.lines[0].width, wi = i;
    }
    col_w = fmax(col_w, widest);
    lay_header_shape_one(c, &p, "签发人：", r->doc_number_role);
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
        lay_header_shape_one(c, &p, name, r->signer_name_role);
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

bool lay_header_top_line(lay_ctx *c, lay_para *p, const gw_text *t, int which, double room)
{
    static const char *const names[3] = { "份号", "密级", "紧急程度" };
    static const gw_element els[3] = { GW_EL_COPY_NUMBER, GW_EL_SECRECY, GW_EL_URGENCY };
    c->tag = (gw_tag){ els[which], 0 };
    lay_header_shape_one(c, p, t->text, c->r->header_role);
    lay_line *l = &p->lines[0];
    if (l->u1 - l->u0 == 2 && p->u[l->u0].kind == LAY_CELL && p->u[l->u0 + 1].kind == LAY_CELL)
        l->gap = c->r->two_char_spacing * c->cell; /* `秘 密`, `特 急` */
    if (l->width + l->gap > room + 1e-6) {
        too_wide(c, t, names[which], l->width + l->gap, room);
        return false;
    }
    return true;
}

/* Returns the grid line of the title's first line. */
int lay_header_compose(lay_ctx *c, const gw_document *d, bool emit)
{
    const gw_layout_rules *r = c->r;
    /* page 1's pitch, unless only its flow was squeezed */
    double q = c->flow_anchor0 >= 0 ? r->line_pitch : lay_page_pitch(c, 0);
    gw_diags *diags = c->diags, scratch;
    if (!emit) { /* measuring: the second pass reports */
        gw_diags_init(&scratch, "");
        c->diags = &scratch;
        c->dry = true;
    }
    if (r->header_variant == LAY_HEADER_LETTER) {
        lay_letter_header(c, d);
        if (!emit) {
            gw_diags_free(&scratch);
            c->diags = diags;
            c->dry = false;
        }
        return lay_header_title_line(c, q);
    }
    lay_para p;
    lay_para_init(&p);
    int line = 0;
    const gw_text *tops[3] = { &d->copy_number, &d->secrecy, &d->urgency };
    for (int i = 0; i < 3; i++) {
        if (!lay_has(tops[i]))
            continue;
        if (lay_header_top_line(c, &p, tops[i], i, r->area_w))
            emit_header_para(c, &p, line, GW_COLOR_BLACK);
        line++;
    }
    bool mark = lay_has(&d->issuer_mark), docno = lay_has(&d->doc_number);
    size_t n_issuers = 0;
    for (size_t i = 0; i < d->n_issuers; i++)
        n_issuers += lay_has(&d->issuers[i]);
    /* a joint mark: the issuers stacked beside 文件, or a mark that names several offices
     * with spaces between them (`泉州市科学技术局 泉州市财政局文件`) */
    mark_name *names = gw_xcalloc(n_issuers + 64, sizeof *names), word = { NULL, 0 };
    size_t n_names = 0;
    if (mark) {
        const char *m = d->issuer_mark.text;
        gw_span sp[64];
        size_t ending;
        n_names = gw_issuer_mark_names(m, sp, 64, &ending);
        for (size_t k = 0; k < n_names; k++)
            names[k] = (mark_name){ m + sp[k].start, sp[k].end - sp[k].start };
        word = (mark_name){ m + strlen(m) - ending, ending };
        while (word.n && (*word.s == ' ' || *word.s == '\t' || !strncmp(word.s, "\xE3\x80\x80", 3))) {
            size_t k = *word.s == ' ' || *word.s == '\t' ? 1 : 3;
            word.s += k, word.n -= k;
        }
        if (n_names < 2)
            n_names = 0;
    } else if (n_issuers > 1 && d->format == GW_FORMAT_DOCUMENT) {
        for (size_t i = 0; i < d->n_issuers; i++)
            if (lay_has(&d->issuers[i]))
                names[n_names++] = (mark_name){ d->issuers[i].text, strlen(d->issuers[i].text) };
        word = (mark_name){ "文件", strlen("文件") };
    }
    bool joint = n_names > 1;
    bool upward = d->n_signers > 0;
    c->hdr = (lay_header_geom){ .top_lines = line, .full = mark || joint || docno || upward };
    if (c->hdr.full) {
        c->tag = (gw_tag){ GW_EL_ISSUER_MARK, 0 };
        double mark_bottom = joint  ? emit_joint_mark(c, names, n_names, word)
                             : mark ? lay_emit_mark(c, d->issuer_mark.text)
                                    : lay_mark_top(r); /* pre-printed letterhead */
        c->hdr.mark_bottom = mark_bottom;
        int dl = line_at(c, mark_bottom + r->doc_number_gap_lines * q, q);
        double docno_w = 0;
        if (docno) {
            lay_header_shape_one(c, &p, d->doc_number.text, r->doc_number_role);
            docno_w = p.lines[0].width;
        }
        double docno_room = r->area_w - (upward ? r->signer_indent * c->cell : 0);
        if (docno_w > docno_room + 1e-6) {
            too_wide(c, &d->doc_number, "发文字号", docno_w, docno_room);
            docno = false;
        }
        c->tag = (gw_tag){ GW_EL_SIGNER, 0 };
        int last = upward ? emit_signers(c, d, dl, &d->doc_number, docno ? docno_w : 0) : dl;
        c->hdr.signer_rows = last - dl;
        if (docno) {
            c->tag = (gw_tag){ GW_EL_DOC_NUMBER, 0 };
            p.lines[0].indent = upward ? r->signer_indent * c->cell : (r->area_w - docno_w) / 2;
            emit_header_para(c, &p, last, GW_COLOR_BLACK);
        }
        c->hdr.has_docno = docno;
        double rule_y = r->top_margin + last * q + r->text_size + r->red_rule_gap;
        double x0 = lay_area_left(c, 0);
        if (!c->dry && r->red_rule)
            gw_page_add_rule(lay_page_at(c, 0), x0, rule_y, x0 + r->area_w, rule_y,
                             r->red_rule_width, GW_COLOR_RED)->tag = (gw_tag){ GW_EL_HEADER_RULE, 0 };
    }
    lay_para_free(&p);
    free(names);
    if (!emit) {
        gw_diags_free(&scratch);
        c->diags = diags;
        c->dry = false;
    }
    return lay_header_title_line(c, q);
}
