/* test_layout.c: unit tests of the layout stage (src/layout) on hand-built documents: the
 * rules file (missing and bad keys), the grid (28 cells filling the 版心, 22 lines, the
 * baseline), 避头尾, Latin runs, the 版头 geometry (mark ink top, 发文字号, red rule, title), a
 * balanced three-line title, 附件说明 / 署名 / 成文日期 / 附注, the 版记 on an even page with the
 * right page numbers, annexes on new pages, 上行文 签发人, and the empty-document error; and the
 * review's findings: the examples' title breaks, long titles (fast, inside the 版心, across
 * pages), the text the 署名 takes to a new page, one-line elements that are too long, a 版记
 * taller than a page, the joint 发文机关标志.
 * Positions are checked in mm against the rules' own numbers, ±0.5 mm or tighter. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/gw_util.h"
#include "layout/lay_int.h"

#define MM(pt) ((pt) * 25.4 / 72)
#define RULES GW_SOURCE_DATADIR "/layouts/gbt9704.ini"
#define FONTS GW_UNINSTALLED_FONTS_DIR

typedef struct {
    gw_fontset *fs;
    gw_shaper *sh; /* for the tests that shape outside gw_layout */
    gw_layout_rules *r;
    gw_diags diags;
} fixture;

static int setup(void **state)
{
    fixture *f = gw_xcalloc(1, sizeof *f);
    gw_diags_init(&f->diags, "test");
    f->fs = gw_fontset_open(FONTS, &f->diags);
    f->sh = f->fs ? gw_shaper_new(f->fs) : NULL;
    f->r = gw_layout_rules_load(RULES, &f->diags);
    if (!f->fs || !f->r) {
        gw_diags_print(&f->diags, stderr, GW_NOTE);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    gw_shaper_free(f->sh);
    gw_fontset_close(f->fs);
    gw_layout_rules_free(f->r);
    gw_diags_free(&f->diags);
    free(f);
    return 0;
}

static const gw_pos P0 = { 1, 1 };

/* A paragraph of n ideographs (cycling through a short text without punctuation). */
static char *ideographs(size_t n)
{
    static const char *chars[] = { "科", "技", "创", "新", "发", "展", "文", "明", "建", "设" };
    gw_buf b;
    gw_buf_init(&b);
    for (size_t i = 0; i < n; i++)
        gw_buf_puts(&b, chars[i % 10]);
    return gw_buf_steal(&b);
}

static gw_document *notice(size_t n_paragraphs, size_t chars_each)
{
    gw_document *d = gw_document_new();
    gw_text_set(&d->issuer_mark, "泉州市科学技术局文件", P0);
    gw_document_add_issuer(d, "泉州市科学技术局", P0);
    gw_text_set(&d->doc_number, "泉科〔2021〕172号", P0);
    gw_text_set(&d->title, "泉州市科学技术局关于开展科技活动周的通知", P0);
    gw_text_set(&d->addressee, "各县（市、区）科技局", P0);
    for (size_t i = 0; i < n_paragraphs; i++) {
        char *t = ideographs(chars_each);
        gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH, t, P0);
        free(t);
    }
    gw_text_set(&d->colophon.cc, "市直机关文明办，局领导。", P0);
    gw_text_set(&d->colophon.printer, "泉州市科技局办公室", P0);
    gw_text_set(&d->colophon.print_date, "2021年9月27日", P0);
    return d;
}

/* Runs whose text starts with s on page pg. */
static const gw_glyph_run *find_run(const gw_page *pg, const char *s)
{
    for (size_t i = 0; i < pg->n_runs; i++)
        if (!strncmp(pg->runs[i].text, s, strlen(s)))
            return &pg->runs[i];
    return NULL;
}

/* The run of the given size whose text starts with s. */
static const gw_glyph_run *find_sized(const gw_page *pg, const char *s, double size)
{
    for (size_t i = 0; i < pg->n_runs; i++)
        if (!strncmp(pg->runs[i].text, s, strlen(s)) && fabs(pg->runs[i].size - size) < 0.01)
            return &pg->runs[i];
    return NULL;
}

/* The run whose text contains s. */
static const gw_glyph_run *find_containing(const gw_page *pg, const char *s)
{
    for (size_t i = 0; i < pg->n_runs; i++)
        if (strstr(pg->runs[i].text, s))
            return &pg->runs[i];
    return NULL;
}

/* Glyphs of 3号 text on the grid line whose baseline is y: count and x extent. */
typedef struct {
    size_t n;
    double x0, x1;
} row;

static row row_at(const gw_page *pg, double baseline, double size)
{
    row r = { 0, INFINITY, -INFINITY };
    for (size_t i = 0; i < pg->n_runs; i++) {
        const gw_glyph_run *run = &pg->runs[i];
        if (fabs(run->baseline - baseline) > 0.01 || fabs(run->size - size) > 0.01)
            continue;
        for (size_t g = 0; g < run->n_glyphs; g++) {
            r.n++;
            r.x0 = fmin(r.x0, run->glyphs[g].x);
            r.x1 = fmax(r.x1, run->glyphs[g].x + size); /* every glyph here is one em wide */
        }
    }
    return r;
}

/* Every glyph and rule inside the 版心 of its page (page numbers excepted): vertically the em
 * box, horizontally the ink (within 1 mm: FreeType's control box of a bold glyph can reach
 * a little past its em box; the overruns looked for are centimetres). */
static void assert_inside_type_area(const fixture *f, const gw_pagelist *pl)
{
    const gw_layout_rules *r = f->r;
    double top = r->top_margin, bottom = top + r->area_h, tol = 72 / 25.4;
    for (size_t i = 0; i < pl->n_pages; i++) {
        const gw_page *pg = &pl->pages[i];
        double left = i % 2 ? r->paper_w - r->binding_margin - r->area_w : r->binding_margin;
        double right = left + r->area_w;
        for (size_t k = 0; k < pg->n_runs; k++) {
            const gw_glyph_run *run = &pg->runs[k];
            if (run->baseline > bottom + 5 * 72 / 25.4) /* the page number, 7 mm below */
                continue;
            const gw_face *face = gw_fontset_face(f->fs, run->face);
            double s = run->size, h = run->hscale;
            for (size_t g = 0; g < run->n_glyphs; g++) {
                double x0, x1, y0, y1;
                double gx = run->glyphs[g].x, base = run->baseline + run->glyphs[g].dy;
                double em_top = base - face->em_top * s, em_bottom = base - face->em_bottom * s;
                if (em_top < top - 0.01 || em_bottom > bottom + 0.01)
                    fail_msg("page %zu: '%s' glyph %zu em box at y %.2f..%.2f mm, outside the "
                             "版心", i + 1, run->text, g, MM(em_top), MM(em_bottom));
                if (gw_glyph_ink(f->fs, run->face, run->glyphs[g].gid, &x0, &x1, &y0, &y1) &&
                    (gx + x0 * s * h < left - tol || gx + x1 * s * h > right + tol))
                    fail_msg("page %zu: '%s' glyph %zu ink at x %.2f..%.2f mm, outside the 版心",
                             i + 1, run->text, g, MM(gx + x0 * s * h), MM(gx + x1 * s * h));
            }
        }
        for (size_t k = 0; k < pg->n_rules; k++) {
            const gw_rule *ru = &pg->rules[k];
            assert_true(ru->x0 >= left - 0.01 && ru->x1 <= right + 0.01);
            assert_true(ru->y0 >= top - 0.01 && ru->y0 <= bottom + 0.01);
        }
    }
}

static void test_rules_errors(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t");
    assert_null(gw_layout_rules_load("/nonexistent/x.ini", &d));
    assert_true(gw_diags_has_error(&d));
    gw_diags_free(&d);

    /* A file missing a key, and one with a bad value. */
    char path[] = "/tmp/gw_rules_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("[page]\npaper_width_mm = 210\n", f);
    fclose(f);
    gw_diags_init(&d, "t");
    assert_null(gw_layout_rules_load(path, &d));
    /* one message names the missing keys, the first few and how many more */
    assert_int_equal(gw_diags_count(&d, GW_ERROR), 1);
    assert_non_null(strstr(d.items[0].message, "missing keys [format] name, [format] header, "
                                                "[page] paper_height_mm"));
    assert_non_null(strstr(d.items[0].message, "more"));
    gw_diags_free(&d);

    size_t len;
    char *good = gw_read_whole_file(RULES, &len);
    assert_non_null(good);
    f = fopen(path, "w");
    fputs(good, f);
    fputs("[grid]\ncell_align = sideways\n[page]\nbogus_key = 1\n", f);
    fclose(f);
    free(good);
    gw_diags_init(&d, "t");
    assert_null(gw_layout_rules_load(path, &d));
    assert_int_equal(gw_diags_count(&d, GW_ERROR), 1);
    assert_int_equal(gw_diags_count(&d, GW_WARNING), 1);
    gw_diags_free(&d);
    unlink(path);
}

static void test_rules_values(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    assert_float_equal(MM(r->line_pitch), 10.4455, 0.001); /* option B */
    assert_float_equal(MM(r->area_w) / r->chars_per_line, 5.5714, 0.001);
    assert_float_equal(MM(r->top_margin + 21 * r->line_pitch + r->text_size), 262.0, 0.001);
    assert_true(lay_charset_has(&r->no_line_start, 0xFF0C)); /* ， */
    assert_true(lay_charset_has(&r->no_line_end, 0x300A));   /* 《 */
}

static void test_empty_document(void **state)
{
    fixture *f = *state;
    gw_document *d = gw_document_new();
    gw_diags diags;
    gw_diags_init(&diags, "t");
    assert_null(gw_layout(d, f->r, f->fs, &diags));
    assert_true(gw_diags_has_error(&diags));
    gw_diags_free(&diags);
    gw_document_free(d);
}

/* The 版头 geometry and the grid on page 1 and on a full page. */
static void test_header_and_grid(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    gw_document *d = notice(12, 150);
    gw_pagelist *pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    assert_true(pl->n_pages >= 3);
    assert_string_equal(pl->author, "泉州市科学技术局");
    assert_string_equal(pl->subject, "泉科〔2021〕172号");
    const gw_page *p1 = &pl->pages[0];

    /* The mark: red, centred on the 版心 axis, its ink top 35 mm below the 版心 top. */
    const gw_glyph_run *mark = find_run(p1, "泉州市科学技术局文件");
    assert_non_null(mark);
    assert_int_equal(mark->color, GW_COLOR_RED);
    double ink_top = -INFINITY, x_min = INFINITY, x_max = -INFINITY;
    for (size_t g = 0; g < mark->n_glyphs; g++) {
        double x0, x1, y0, y1;
        if (gw_glyph_ink(f->fs, mark->face, mark->glyphs[g].gid, &x0, &x1, &y0, &y1)) {
            ink_top = fmax(ink_top, y1 * mark->size);
            x_min = fmin(x_min, mark->glyphs[g].x + x0 * mark->size * mark->hscale);
            x_max = fmax(x_max, mark->glyphs[g].x + x1 * mark->size * mark->hscale);
        }
    }
    assert_float_equal(MM(mark->baseline - ink_top), 72.0, 0.05);
    assert_float_equal(MM((x_min + x_max) / 2), 106.0, 0.5);
    assert_true(MM(x_max - x_min) <= 156.0);

    /* The red rule: 156 mm, 4 mm below the 发文字号's em box, which sits on a grid line. */
    assert_int_equal(p1->n_rules, 1);
    const gw_rule *rule = &p1->rules[0];
    assert_int_equal(rule->color, GW_COLOR_RED);
    assert_float_equal(MM(rule->x0), 28.0, 0.01);
    assert_float_equal(MM(rule->x1), 184.0, 0.01);
    assert_float_equal(MM(rule->width), 0.35, 0.001);
    const gw_glyph_run *docno = find_run(p1, "泉科");
    assert_non_null(docno);
    double em_top = lay_role_em_top(&(lay_ctx){ .r = r, .fs = f->fs }, r->doc_number_role);
    double docno_top = docno->baseline - em_top * r->text_size;
    double line = (docno_top - r->top_margin) / r->line_pitch;
    assert_float_equal(line, round(line), 0.001);
    assert_float_equal(MM(rule->y0 - (docno_top + r->text_size)), 4.0, 0.01);

    /* Title: 22 pt, centred, on the first grid line at least two pitches below the rule. */
    const gw_glyph_run *title = find_run(p1, "泉州市科学技术局关于");
    assert_non_null(title);
    assert_float_equal(title->size, 22.0, 0.001);
    double t_top = title->baseline - lay_role_em_top(&(lay_ctx){ .r = r, .fs = f->fs },
                                                      r->title_role) * 22.0;
    double t_grid = t_top + (22.0 - r->text_size) / 2; /* centred on the grid's em box */
    double t_line = (t_grid - r->top_margin) / r->line_pitch;
    assert_float_equal(t_line, round(t_line), 0.001);
    assert_true(t_grid >= rule->y0 + 2 * r->line_pitch - 0.01);
    assert_true(t_grid < rule->y0 + 3 * r->line_pitch);

    /* A full page: 22 lines, each of 28 glyphs from the 版心's left to its right edge. */
    const gw_page *p2 = &pl->pages[1]; /* even: mirrored, 版心 x 26..182 */
    double base1 = r->top_margin + lay_role_em_top(&(lay_ctx){ .r = r, .fs = f->fs },
                                                   r->body_role) * r->text_size;
    int full = 0;
    for (int i = 0; i < r->lines_per_page; i++) {
        row rw = row_at(p2, base1 + i * r->line_pitch, r->text_size);
        assert_true(rw.n > 0);
        if (rw.n == 28) {
            full++;
            assert_float_equal(MM(rw.x0), 26.0, 0.1);
            assert_float_equal(MM(rw.x1), 182.0, 0.1);
        }
        assert_true(MM(rw.x0) >= 26.0 - 0.1 && MM(rw.x1) <= 182.0 + 0.1);
    }
    assert_true(full >= 12);
    assert_int_equal(p2->number, 2);

    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* 避头尾: a comma that would start a line is pulled back (or its neighbour pushed down). */
static void test_kinsoku(void **state)
{
    fixture *f = *state;
    lay_ctx c = { .r = f->r, .fs = f->fs, .shaper = f->sh, .diags = &f->diags, .cell = f->r->area_w / 28 };
    const char *cases[] = {
        /* 28 ideographs then a comma: the comma would start line 2 */
        "科技创新发展文明建设科技创新发展文明建设科技创新发展文明，建设科技",
        /* an opening bracket at the end of line 1 */
        "科技创新发展文明建设科技创新发展文明建设科技创新发展文《明建设》科技",
        /* —— across the break */
        "科技创新发展文明建设科技创新发展文明建设科技创新发展文——明建设科技",
        /* a number across the break */
        "科技创新发展文明建设科技创新发展文明建设科技创新发展2021年建设科技",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        lay_para p;
        lay_para_init(&p);
        lay_span span = { strlen(cases[k]), f->r->body_role };
        lay_para_shape(&c, &p, cases[k], strlen(cases[k]), &span, 1, 16, c.cell);
        lay_para_break(&c, &p, f->r->area_w, 0, 0, 0);
        assert_int_equal(p.nl, 2);
        const lay_line *l1 = &p.lines[0], *l2 = &p.lines[1];
        assert_false(p.u[l2->u0].no_start);
        assert_false(p.u[l1->u1 - 1].no_end);
        assert_false(p.u[l1->u1 - 1].glue_next);
        assert_true(l1->width <= f->r->area_w + 1e-6);
        assert_float_equal(l1->width, f->r->area_w, 1e-6); /* justified */
        assert_float_equal(l2->gap, 0, 1e-9);               /* last line: natural pitch */
        if (k == 0) { /* shrink before push: the comma comes in, compressed to half a 字 at the
                       * line's end, the other half by tracking within 0.3 pt a gap */
            assert_int_equal(l1->u1 - l1->u0, 29);
            assert_int_equal(p.u[l1->u1 - 1].cp, 0xFF0C);
            assert_float_equal(p.u[l1->u1 - 1].shrink, c.cell / 2, 1e-6);
            assert_true(l1->gap < 0 && l1->gap >= -f->r->pull_tracking_max - 1e-9);
        }
        if (k == 3) /* the number is one unit on line 2 */
            assert_int_equal(p.u[l2->u0].kind, LAY_LATIN);
        lay_para_free(&p);
    }
    free(c.out);
}

/* A title that needs three lines: each no wider than the 版心, never an inverted 梯形. */
static void test_three_line_title(void **state)
{
    fixture *f = *state;
    gw_document *d = notice(1, 40);
    gw_text_set(&d->title,
                "泉州市科学技术局关于进一步加强和改进新时代科技创新工作推动全市经济社会高质量发展"
                "和科技成果转化应用的实施意见",
                P0);
    gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
    assert_non_null(pl);
    const gw_page *p1 = &pl->pages[0];
    double widths[8];
    double baselines[8];
    int n = 0;
    for (size_t i = 0; i < p1->n_runs; i++) {
        const gw_glyph_run *run = &p1->runs[i];
        if (fabs(run->size - 22) > 0.01)
            continue;
        double x1 = run->glyphs[run->n_glyphs - 1].x + 22; /* CJK last glyph */
        if (n && fabs(baselines[n - 1] - run->baseline) < 0.01) {
            widths[n - 1] = x1 - widths[n - 1 + 4];
            continue;
        }
        baselines[n] = run->baseline;
        widths[n + 4] = run->glyphs[0].x;
        widths[n] = x1 - run->glyphs[0].x;
        n++;
        if (n == 4)
            break;
    }
    assert_int_equal(n, 3);
    for (int i = 0; i < n; i++) {
        assert_true(widths[i] <= f->r->area_w + 0.01);
        double centre = widths[i + 4] + widths[i] / 2;
        assert_float_equal(MM(centre), 106.0, 0.3);
        if (i)
            assert_float_equal(baselines[i] - baselines[i - 1], f->r->line_pitch, 0.01);
    }
    assert_true(widths[2] <= widths[1] + 0.25 * 22); /* the last line is not the longest */
    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* One page of text: the 版记 goes on page 2 (even), which follows the text and is numbered. */
static void test_one_page_notice(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    gw_document *d = notice(2, 60);
    gw_pagelist *pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    assert_int_equal(pl->n_pages, 2);
    assert_int_equal(pl->pages[0].number, 1);
    assert_int_equal(pl->pages[1].number, 2);
    const gw_page *p2 = &pl->pages[1];
    assert_int_equal(p2->n_rules, 3);
    double bottom = r->top_margin + r->area_h;
    assert_float_equal(MM(p2->rules[2].y0), 262.0, 0.01);
    assert_float_equal(p2->rules[2].y0, bottom, 1e-6);
    assert_float_equal(MM(p2->rules[0].width), 0.35, 0.001);
    assert_float_equal(MM(p2->rules[1].width), 0.25, 0.001);
    for (int i = 0; i < 3; i++) {
        assert_float_equal(MM(p2->rules[i].x0), 26.0, 0.01); /* even page */
        assert_float_equal(MM(p2->rules[i].x1 - p2->rules[i].x0), 156.0, 0.01);
    }
    /* 抄送 1 字 (4号) from the left, 印发日期 1 字 from the right. */
    const gw_glyph_run *cc = find_run(p2, "抄送");
    assert_non_null(cc);
    assert_float_equal(cc->size, 14, 0.001);
    assert_true(cc->baseline > p2->rules[0].y0 && cc->baseline < p2->rules[1].y0);
    assert_float_equal(MM(cc->glyphs[0].x), 26.0 + MM(14), 0.05);
    const gw_glyph_run *yin = find_containing(p2, "印发");
    assert_non_null(yin);
    double end = yin->glyphs[yin->n_glyphs - 1].x + 14;
    assert_float_equal(MM(end), 182.0 - MM(14), 0.1);
    /* Page numbers: odd right, 1 字 in; even left, 1 字 in. */
    const gw_glyph_run *n1 = find_run(&pl->pages[0], "\xE2\x80\x94 1");
    assert_non_null(n1);
    assert_float_equal(n1->size, 14, 0.001);
    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* Text that fills an even page: a blank odd page and an even 版记 page, neither numbered. */
static void test_colophon_blank_pages(void **state)
{
    fixture *f = *state;
    gw_document *d = notice(1, 40);
    /* Fill page 2 to its foot: page 1 has room for 7 lines after the 主送 (plus title). */
    for (int i = 0; i < 40; i++) {
        char *t = ideographs(26);
        gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH, t, P0);
        free(t);
    }
    gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
    assert_non_null(pl);
    size_t n = pl->n_pages;
    assert_int_equal(n % 2, 0);
    const gw_page *last = &pl->pages[n - 1];
    assert_int_equal(last->n_rules, 3);
    if (n >= 4 && pl->pages[n - 2].n_runs == 0) {
        assert_int_equal(pl->pages[n - 2].number, 0);
        assert_int_equal(last->number, 0);
    }
    for (size_t i = 0; i + 2 < n; i++)
        assert_int_equal(pl->pages[i].number, (int)i + 1);
    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* 附件说明, 署名 and 成文日期 without seal, 附注, then an attachment on a new page. */
static void test_closing_and_attachment(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    double cell = r->area_w / 28;
    gw_document *d = notice(2, 60);
    gw_document_add_attachment_note(d, "1", "泉州市科技活动周工作方案", P0);
    gw_document_add_attachment_note(d, "2", "泉州市科技活动周重点活动安排表和各县（市、区）科技局联系人名单汇总表", P0);
    gw_document_add_signature(d, "泉州市科学技术局", P0);
    gw_text_set(&d->date, "2021年9月27日", P0);
    gw_text_set(&d->note, "联系人：张三，电话：0595-22500000", P0);
    gw_annex *a = gw_document_add_annex(d, GW_ANNEX_ATTACHMENT);
    a->number = gw_strdup("1");
    gw_text_set(&a->title, "泉州市科技活动周工作方案", P0);
    gw_blocks_add(&a->body, GW_BLOCK_PARAGRAPH, "为做好科技活动周工作，制定本方案。", P0);
    gw_pagelist *pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    /* The closing block (附件说明 with it) moved to page 2 whole, with the last lines of text
     * (never alone on a page, never split). */
    assert_true(pl->n_pages >= 3);
    assert_null(find_run(&pl->pages[0], "附件："));
    const gw_page *p1 = &pl->pages[1];
    double left = r->paper_w - r->binding_margin - r->area_w;
    const gw_glyph_run *att = find_run(p1, "附件：");
    assert_non_null(att);
    assert_float_equal(att->glyphs[0].x, left + 2 * cell + (cell - 16) / 2, 0.01);
    /* The second item's number under the first's. */
    const gw_glyph_run *two = find_run(p1, "2.");
    assert_non_null(two);
    /* (the number `2.` is padded to a whole cell, centred in it) */
    assert_true(two->glyphs[0].x >= left + 5 * cell - 0.01 && two->glyphs[0].x < left + 5.5 * cell);
    /* … and the names after `1.` and `2.` start on the same grid column */
    const gw_glyph_run *name1 = find_run(p1, "泉州市科技活动周工作方案");
    const gw_glyph_run *name2 = find_run(p1, "泉州市科技活动周重点");
    assert_non_null(name1);
    assert_non_null(name2);
    assert_float_equal(name1->glyphs[0].x, name2->glyphs[0].x, 0.01);
    assert_float_equal(name1->glyphs[0].x, left + 6 * cell + (cell - 16) / 2, 0.01);
    assert_true(att->baseline > p1->runs[0].baseline + r->line_pitch); /* text above it */
    /* R_sig = max(2, w_date − w_sig + 4): the date (6.55 字 with half-width digits) is long
     * enough to take 右空二字 itself and push the 8-字 署名 left (R_sig = 2.55). */
    const gw_glyph_run *sig = find_sized(p1, "泉州市科学技术局", 16);
    assert_non_null(sig);
    double sig_left = sig->glyphs[0].x - (cell - 16) / 2;
    assert_true(sig_left + 8 * cell <= left + r->area_w - 2 * cell + 0.01);
    assert_true(sig->baseline > att->baseline); /* below the 附件说明 */
    const gw_glyph_run *date = find_run(p1, "2021");
    assert_non_null(date);
    assert_float_equal(date->glyphs[0].x, sig_left + 2 * cell, 0.01);
    assert_true(date->baseline > sig->baseline);
    const gw_glyph_run *ri = NULL;
    for (size_t i = 0; i < p1->n_runs; i++)
        if (fabs(p1->runs[i].baseline - date->baseline) < 0.01)
            ri = &p1->runs[i];
    double date_right = ri->glyphs[ri->n_glyphs - 1].x + 16 + (cell - 16) / 2;
    assert_float_equal(date_right, left + r->area_w - 2 * cell, 0.01);
    const gw_glyph_run *note = find_run(p1, "（联系人");
    assert_non_null(note);
    assert_float_equal(note->baseline - date->baseline, r->line_pitch, 0.01);
    /* The attachment: page 3, `附件1` in 黑体 on line 1, its title on line 3. */
    const gw_page *p2 = &pl->pages[2];
    const gw_glyph_run *label = find_run(p2, "附件");
    assert_non_null(label);
    const gw_glyph_run *title = find_run(p2, "泉州市科技活动周工作方案");
    assert_non_null(title);
    assert_float_equal(title->size, 22, 0.001);
    assert_float_equal(title->baseline - label->baseline, 2 * r->line_pitch, 3.5);
    assert_int_equal(pl->n_pages % 2, 0);
    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* 上行文: 签发人 right indent 1 字, the 发文字号 left indent 1 字 on the same line. */
static void test_upward(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    double cell = r->area_w / 28;
    gw_document *d = notice(2, 60);
    gw_document_add_signer(d, "张三", P0);
    gw_document_add_signer(d, "李四五", P0);
    gw_document_add_signer(d, "王五", P0);
    gw_pagelist *pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    const gw_page *p1 = &pl->pages[0];
    const gw_glyph_run *docno = find_run(p1, "泉科");
    const gw_glyph_run *label = find_run(p1, "签发人");
    const gw_glyph_run *wang = find_run(p1, "王");
    assert_non_null(docno);
    assert_non_null(label);
    assert_non_null(wang);
    assert_float_equal(docno->glyphs[0].x, r->binding_margin + cell + (cell - 16) / 2, 0.01);
    assert_float_equal(wang->baseline, docno->baseline, 0.001);
    assert_float_equal(wang->baseline - label->baseline, r->line_pitch, 0.001);
    const gw_glyph_run *li = find_run(p1, "李四五");
    double end = li->glyphs[2].x + 16 + (cell - 16) / 2;
    assert_float_equal(end, r->binding_margin + r->area_w - cell, 0.01);
    double em_top = lay_role_em_top(&(lay_ctx){ .r = r, .fs = f->fs }, r->doc_number_role);
    double docno_bottom = docno->baseline - em_top * 16 + 16;
    assert_float_equal(MM(p1->rules[0].y0 - docno_bottom), 4.0, 0.01);
    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* A 版记 with 主送 and 抄送 (no rule between them), 分送 (thin rules around it) and 印发. */
static void test_colophon_groups(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    gw_document *d = notice(1, 40);
    gw_text_set(&d->colophon.main_to, "各县（市、区）人民政府，市直各单位。", P0);
    gw_text_set(&d->colophon.distribute, "市委各部门。", P0);
    gw_pagelist *pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    assert_int_equal(pl->n_pages, 2);
    const gw_page *pg = &pl->pages[1];
    assert_int_equal(pg->n_rules, 4);
    double p = r->colophon_row_pitch, bottom = r->top_margin + r->area_h;
    assert_float_equal(pg->rules[0].y0, bottom - 4 * p, 1e-6); /* 主送, 抄送, 分送, 印发 */
    assert_float_equal(pg->rules[1].y0, bottom - 2 * p, 1e-6);
    assert_float_equal(pg->rules[2].y0, bottom - p, 1e-6);
    assert_float_equal(pg->rules[3].y0, bottom, 1e-6);
    assert_float_equal(pg->rules[0].width, r->thick_rule, 1e-9);
    assert_float_equal(pg->rules[1].width, r->thin_rule, 1e-9);
    assert_float_equal(pg->rules[3].width, r->thick_rule, 1e-9);
    const gw_glyph_run *zs = find_run(pg, "主送");
    const gw_glyph_run *cc = find_run(pg, "抄送");
    assert_non_null(zs);
    assert_non_null(cc);
    assert_float_equal(cc->baseline - zs->baseline, p, 1e-3);
    gw_pagelist_free(pl);
    gw_document_free(d);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A title of `chars` characters: a 公文 title repeated (the review's worst case for the old
 * search, which tried every combination of breaks). */
static char *long_title(size_t chars)
{
    static const char *phrase = "关于进一步加强和改进全市安全生产监督管理工作的通知";
    size_t n = gw_utf8_count(phrase, strlen(phrase));
    gw_buf b;
    gw_buf_init(&b);
    for (size_t i = 0; i < chars; i++)
        gw_buf_append(&b, phrase + 3 * (i % n), 3); /* every character is 3 bytes */
    return gw_buf_steal(&b);
}

/* The 22-pt lines of the title on page pg: widths (pt) in w, returns how many. */
static size_t title_widths(const gw_page *pg, double *w, size_t max)
{
    size_t n = 0;
    double base = -1, x0 = 0;
    for (size_t i = 0; i < pg->n_runs; i++) {
        const gw_glyph_run *run = &pg->runs[i];
        if (fabs(run->size - 22) > 0.01 || !run->n_glyphs)
            continue;
        double x1 = run->glyphs[run->n_glyphs - 1].x + 22;
        if (n && fabs(run->baseline - base) < 0.01) {
            w[n - 1] = x1 - x0;
            continue;
        }
        if (n == max)
            break;
        base = run->baseline;
        x0 = run->glyphs[0].x;
        w[n++] = x1 - x0;
    }
    return n;
}

/* Review finding 1: a 260-character title broke in exponential time (71 s). Now balanced
 * lines in well under a second: never wider than the 版心, never widening to its last line. */
static void test_long_title_fast(void **state)
{
    fixture *f = *state;
    gw_document *d = notice(1, 40);
    char *t = long_title(260);
    gw_text_set(&d->title, t, P0);
    free(t);
    double t0 = now_ms();
    gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
    double ms = now_ms() - t0;
    assert_non_null(pl);
    assert_true(ms < 1000); /* generous: it takes about a millisecond */
    double w[64];
    size_t n = 0;
    for (size_t i = 0; i < pl->n_pages && n < 64; i++)
        n += title_widths(&pl->pages[i], w + n, 64 - n);
    assert_true(n >= 13 && n <= 16); /* 260 characters, 20 to a line */
    for (size_t i = 0; i < n; i++)
        assert_true(w[i] <= f->r->area_w + 0.01);
    assert_true(w[n - 1] <= w[0] + 22 + 0.01); /* not an inverted 梯形 */
    assert_inside_type_area(f, pl);
    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* Review finding 8: a title longer than a page stuck out above the 版心 (its 22-pt lines on
 * grid lines 1 and 22 of one page). It continues on the next page, inside the 版心. */
static void test_title_longer_than_page(void **state)
{
    fixture *f = *state;
    gw_document *d = gw_document_new();
    char *t = long_title(500);
    gw_text_set(&d->title, t, P0);
    free(t);
    gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH, "正文一段。", P0);
    double t0 = now_ms();
    gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
    assert_true(now_ms() - t0 < 1000);
    assert_non_null(pl);
    assert_true(pl->n_pages >= 2);
    double w[64];
    size_t n1 = title_widths(&pl->pages[0], w, 64);
    assert_true(n1 <= (size_t)f->r->lines_per_page - 1);
    assert_true(title_widths(&pl->pages[1], w, 64) > 0); /* it goes on */
    assert_inside_type_area(f, pl);
    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* Pagination invariants of a document closing with a 署名 (text "泉州市科学技术局", 16 pt): no
 * page without text, the 署名 never the first text on its page, no heading (text starting
 * with `heading`) as the last line of a page the text goes on from. */
static void assert_closing_pages(const gw_pagelist *pl, const char *heading)
{
    bool sig_seen = false;
    for (size_t i = 0; i < pl->n_pages; i++) {
        const gw_page *pg = &pl->pages[i];
        double first = INFINITY, last = -INFINITY, sig = INFINITY, head = -1;
        for (size_t k = 0; k < pg->n_runs; k++) {
            const gw_glyph_run *run = &pg->runs[k];
            if (fabs(run->size - 16) > 0.01)
                continue;
            first = fmin(first, run->baseline);
            last = fmax(last, run->baseline);
            if (!strcmp(run->text, "泉州市科学技术局"))
                sig = run->baseline;
            if (heading && !strncmp(run->text, heading, strlen(heading)))
                head = run->baseline;
        }
        if (!isfinite(first))
            fail_msg("page %zu of %zu has no text", i + 1, pl->n_pages);
        if (isfinite(sig)) {
            sig_seen = true;
            if (sig <= first + 0.01)
                fail_msg("page %zu starts with the 署名", i + 1);
        }
        if (head >= 0 && head >= last - 0.01 && i + 1 < pl->n_pages)
            fail_msg("page %zu ends with the heading alone", i + 1);
    }
    assert_true(sig_seen);
}

/* A notice without 版记 (so that every page holds text). */
static gw_document *notice_no_colophon(size_t n_paragraphs, size_t chars_each)
{
    gw_document *d = notice(n_paragraphs, chars_each);
    gw_text_clear(&d->colophon.cc);
    gw_text_clear(&d->colophon.printer);
    gw_text_clear(&d->colophon.print_date);
    return d;
}

/* Review finding 4: the 署名 took a whole page of 附件说明 items with it (a blank page, then
 * the 署名 alone on the next). For every length of the text before it: only the last lines of
 * text and real headings move with it, and never a whole page. */
static void test_signature_brings_text(void **state)
{
    fixture *f = *state;
    for (int filler = 0; filler < 26; filler++) {
        gw_document *d = notice_no_colophon(0, 0);
        for (int i = 0; i < filler; i++)
            gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH, "科技创新发展文明建设。", P0);
        gw_block *h = gw_blocks_add(&d->body, GW_BLOCK_HEADING, "二、工作要求", P0);
        h->level = 1;
        h->heading_len = strlen(h->text);
        gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH, "各单位要高度重视，明确专人负责。", P0);
        gw_document_add_signature(d, "泉州市科学技术局", P0);
        gw_text_set(&d->date, "2021年3月2日", P0);
        gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
        assert_non_null(pl);
        assert_closing_pages(pl, "二、工作要求");
        gw_pagelist_free(pl);
        gw_document_free(d);
    }
    for (int notes = 1; notes <= 45; notes++) {
        gw_document *d = notice_no_colophon(1, 100);
        for (int i = 1; i <= notes; i++) {
            char num[8];
            snprintf(num, sizeof num, "%d", i);
            gw_document_add_attachment_note(d, num, "附件名称比较长一些的文件", P0);
        }
        gw_document_add_signature(d, "泉州市科学技术局", P0);
        gw_text_set(&d->date, "2021年5月20日", P0);
        gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
        assert_non_null(pl);
        assert_closing_pages(pl, NULL);
        gw_pagelist_free(pl);
        gw_document_free(d);
    }
}

/* Lays d out expecting a GW_ERROR at source line `line`: no page list. */
static void assert_layout_error_at(fixture *f, gw_document *d, int line)
{
    gw_diags diags;
    gw_diags_init(&diags, "t");
    assert_null(gw_layout(d, f->r, f->fs, &diags));
    bool found = false;
    for (size_t i = 0; i < diags.n; i++)
        if (diags.items[i].severity == GW_ERROR && diags.items[i].line == line)
            found = true;
    if (!found)
        gw_diags_print(&diags, stderr, GW_NOTE);
    assert_true(found);
    gw_diags_free(&diags);
}

/* Review finding 3: elements set on one line ran past the 版心 or overlapped. A long 署名 and
 * a long date wrap as a right-aligned block; 印发机关 and 印发日期 go on two rows when they
 * would come closer than 1 字; 份号/密级/紧急程度, 发文字号 and 签发人 names that cannot fit
 * their line are errors at their source line. */
static void test_one_line_elements(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    double cell = r->area_w / r->chars_per_line;
    gw_document *d = notice(1, 40);
    gw_document_add_signature(d, "泉州市科学技术局泉州市科学技术局泉州市科学技术局泉州市科学技术局", P0);
    gw_text_set(&d->date, "2021年9月27日", P0);
    gw_text_set(&d->colophon.printer, "泉州市科学技术局办公室泉州市科学技术局办公室", P0);
    gw_pagelist *pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    assert_inside_type_area(f, pl);
    /* the 署名 in two lines, the first ending 2 字 from the right, the date below them */
    const gw_page *p1 = &pl->pages[0];
    const gw_glyph_run *sig = find_run(p1, "泉州市科学技术局泉州市"), *date = NULL;
    assert_non_null(sig);
    for (size_t i = 0; i < p1->n_runs && !date; i++)
        if (!strcmp(p1->runs[i].text, "2021") && p1->runs[i].baseline > sig->baseline)
            date = &p1->runs[i];
    assert_non_null(date);
    double sig_end = sig->glyphs[sig->n_glyphs - 1].x + 16 + (cell - 16) / 2;
    assert_float_equal(sig_end, r->binding_margin + r->area_w - 2 * cell, 0.01);
    assert_float_equal(date->baseline - sig->baseline, 2 * r->line_pitch, 0.01);
    assert_float_equal(date->glyphs[0].x, sig->glyphs[0].x - (cell - 16) / 2 + 2 * cell, 0.01);
    /* 印发机关 on its own row, the date right-aligned on the next, both between two rules */
    const gw_page *last = &pl->pages[pl->n_pages - 1];
    const gw_glyph_run *printer = find_run(last, "泉州市科学技术局办公室");
    const gw_glyph_run *yin = find_containing(last, "印发");
    assert_non_null(printer);
    assert_non_null(yin);
    assert_float_equal(yin->baseline - printer->baseline, r->colophon_row_pitch, 0.01);
    double bottom = r->top_margin + r->area_h;
    assert_float_equal(last->rules[last->n_rules - 1].y0, bottom, 1e-6);
    assert_float_equal(last->rules[last->n_rules - 2].y0, bottom - 2 * r->colophon_row_pitch,
                       1e-6);
    gw_pagelist_free(pl);
    gw_document_free(d);

    /* 上行文 with a long 发文字号: one 签发人 name a line, clear of the 发文字号. */
    d = notice(1, 40);
    gw_text_set(&d->doc_number, "泉州市科学技术局办公室〔2021〕96号", P0);
    gw_document_add_signer(d, "张三", P0);
    gw_document_add_signer(d, "李四五", P0);
    pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    assert_inside_type_area(f, pl);
    p1 = &pl->pages[0];
    const gw_glyph_run *docno = find_run(p1, "泉州市科学技术局办公室");
    const gw_glyph_run *li = find_run(p1, "李四五");
    const gw_glyph_run *zhang = find_run(p1, "张");
    assert_non_null(docno);
    assert_non_null(li);
    assert_float_equal(li->baseline, docno->baseline, 0.001);
    assert_float_equal(li->baseline - zhang->baseline, r->line_pitch, 0.001);
    double docno_end = 0;
    for (size_t i = 0; i < p1->n_runs; i++)
        if (fabs(p1->runs[i].baseline - docno->baseline) < 0.01 && &p1->runs[i] != li)
            for (size_t g = 0; g < p1->runs[i].n_glyphs; g++)
                if (p1->runs[i].glyphs[g].x < li->glyphs[0].x)
                    docno_end = fmax(docno_end, p1->runs[i].glyphs[g].x + 16);
    assert_true(docno_end + cell <= li->glyphs[0].x + 0.01);
    gw_pagelist_free(pl);
    gw_document_free(d);

    /* Errors, at the element's source line. */
    d = notice(1, 40);
    gw_text_set(&d->secrecy, "机密★长长长长长长长长长长长长长长长长长长长长长长长长长长长长长长",
                (gw_pos){ 7, 5 });
    assert_layout_error_at(f, d, 7);
    gw_document_free(d);
    d = notice(1, 40);
    gw_text_set(&d->doc_number,
                "泉州市科学技术局办公室泉州市科学技术局办公室泉州市科学技术局办公室〔2021〕96号",
                (gw_pos){ 8, 7 });
    assert_layout_error_at(f, d, 8);
    gw_document_free(d);
    d = notice(1, 40);
    gw_document_add_signer(d, "欧阳欧阳欧阳欧阳欧阳欧阳欧阳欧阳欧阳欧阳欧阳欧阳", (gw_pos){ 9, 6 });
    assert_layout_error_at(f, d, 9);
    gw_document_free(d);
}

/* Review finding 2: a 版记 taller than a page was drawn off the sheet. One that fits a page
 * stays inside the 版心; a taller one is an error at the element that makes it so tall. */
static void test_colophon_too_tall(void **state)
{
    fixture *f = *state;
    gw_buf b;
    gw_buf_init(&b);
    for (int i = 0; i < 30; i++)
        gw_buf_puts(&b, "泉州市某某县某某局，");
    gw_document *d = notice(1, 40);
    gw_text_set(&d->colophon.cc, b.data, (gw_pos){ 12, 5 }); /* 300 字: about 15 rows */
    gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
    assert_non_null(pl);
    assert_inside_type_area(f, pl);
    gw_pagelist_free(pl);
    gw_document_free(d);
    for (int i = 0; i < 30; i++)
        gw_buf_puts(&b, "泉州市某某县某某局，");
    d = notice(1, 40);
    gw_text_set(&d->colophon.cc, b.data, (gw_pos){ 12, 5 }); /* about 29 rows */
    assert_layout_error_at(f, d, 12);
    gw_document_free(d);
    gw_buf_free(&b);
}

/* Ink box of the red runs on page 1 (mm): the 发文机关标志. */
static void red_ink(const fixture *f, const gw_page *pg, double *x0, double *x1, double *y0,
                    double *y1)
{
    *x0 = *y0 = INFINITY;
    *x1 = *y1 = -INFINITY;
    for (size_t i = 0; i < pg->n_runs; i++) {
        const gw_glyph_run *run = &pg->runs[i];
        if (run->color != GW_COLOR_RED)
            continue;
        for (size_t g = 0; g < run->n_glyphs; g++) {
            double a, b, c, d;
            if (!gw_glyph_ink(f->fs, run->face, run->glyphs[g].gid, &a, &b, &c, &d))
                continue;
            double s = run->size, h = run->hscale, x = run->glyphs[g].x;
            *x0 = fmin(*x0, MM(x + a * s * h));
            *x1 = fmax(*x1, MM(x + b * s * h));
            *y0 = fmin(*y0, MM(run->baseline - d * s));
            *y1 = fmax(*y1, MM(run->baseline - c * s));
        }
    }
}

/* Review finding 5: a joint 文件 without an explicit 发文机关标志 printed none. The names are
 * stacked, lead issuer first, `文件` to their right centred on the stack, the block centred
 * with its ink top 35 mm below the 版心 top, the 发文字号 two lines below it. */
static void test_joint_mark(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    gw_document *d = notice(1, 40);
    gw_text_clear(&d->issuer_mark);
    gw_document_add_issuer(d, "泉州市财政局", P0);
    gw_pagelist *pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    assert_string_equal(pl->author, "泉州市科学技术局、泉州市财政局");
    const gw_page *p1 = &pl->pages[0];
    const gw_glyph_run *lead = find_run(p1, "泉州市科学技术局");
    const gw_glyph_run *second = find_run(p1, "泉州市财政局");
    const gw_glyph_run *word = find_run(p1, "文件");
    assert_non_null(lead);
    assert_non_null(second);
    assert_non_null(word);
    assert_int_equal(lead->color, GW_COLOR_RED);
    assert_int_equal(word->color, GW_COLOR_RED);
    assert_true(second->baseline > lead->baseline);
    assert_float_equal(word->baseline, (lead->baseline + second->baseline) / 2, 0.01);
    assert_true(word->glyphs[0].x > lead->glyphs[lead->n_glyphs - 1].x);
    /* 分散对齐: both names end at the same x */
    assert_float_equal(lead->glyphs[lead->n_glyphs - 1].x, second->glyphs[second->n_glyphs - 1].x,
                       0.01);
    double x0, x1, y0, y1;
    red_ink(f, p1, &x0, &x1, &y0, &y1);
    assert_float_equal(y0, 72.0, 0.05);
    assert_float_equal((x0 + x1) / 2, 106.0, 1.0);
    const gw_glyph_run *docno = find_run(p1, "泉科");
    assert_non_null(docno);
    double em_top = lay_role_em_top(&(lay_ctx){ .r = r, .fs = f->fs }, r->doc_number_role);
    double docno_top = MM(docno->baseline - em_top * r->text_size);
    assert_true(docno_top >= y1 + 2 * MM(r->line_pitch) - 0.01);
    assert_true(docno_top < y1 + 3 * MM(r->line_pitch));
    assert_inside_type_area(f, pl);
    gw_pagelist_free(pl);
    gw_document_free(d);

    /* Five issuers with long names: smaller and compressed, still inside the 版心. */
    d = notice(1, 40);
    gw_text_clear(&d->issuer_mark);
    for (int i = 0; i < 4; i++)
        gw_document_add_issuer(d, "泉州市发展和改革委员会泉州市工业和信息化局", P0);
    pl = gw_layout(d, r, f->fs, &f->diags);
    assert_non_null(pl);
    red_ink(f, &pl->pages[0], &x0, &x1, &y0, &y1);
    assert_float_equal(y0, 72.0, 0.05);
    assert_true(y1 - y0 <= MM(r->mark_joint_max_height) + 0.5); /* em boxes, ink ± a little */
    assert_true(x0 >= 28.0 - 0.01 && x1 <= 184.0 + 0.01);
    assert_inside_type_area(f, pl);
    gw_pagelist_free(pl);
    gw_document_free(d);
}

/* The titles of the examples (and of unseen documents) break as they always have (the search became a dynamic
 * programme; its results on real titles did not change). hint: a byte offset the source
 * broke the title at, or 0. */
static void test_example_title_breaks(void **state)
{
    fixture *f = *state;
    const gw_layout_rules *r = f->r;
    lay_ctx c = { .r = r, .fs = f->fs, .shaper = f->sh, .diags = &f->diags, .cell = r->area_w / 28 };
    static const struct {
        const char *title;
        size_t hint;
        const char *want;
    } cases[] = {
        { "泉州市科学技术局关于印发《泉州市科技局2021年上半年精神文明工作总结暨下半年工作思路》的通知",
          100,
          "泉州市科学技术局关于印发/《泉州市科技局2021年上半年精神文明/"
          "工作总结暨下半年工作思路》的通知" },
        { "泉州市科技局2021年上半年精神文明工作总结暨下半年工作思路", 46,
          "泉州市科技局2021年上半年精神文明/工作总结暨下半年工作思路" },
        { "泉州市科学技术局关于进一步加强和改进新时代科技创新工作推动全市经济社会高质量发展"
          "和科技成果转化应用的实施意见",
          0,
          "泉州市科学技术局关于进一步加强和改进/新时代科技创新工作推动全市经济社会高质量/"
          "发展和科技成果转化应用的实施意见" },
        { "泉州市科学技术局关于开展2021年全国科技活动周活动的通知", 0,
          "泉州市科学技术局关于开展2021年/全国科技活动周活动的通知" },
        /* words ICU's dictionary cuts: a place name and its 市/县, an ordinal and its word,
         * an office whose name holds 和 (unseen documents) */
        { "清源市人民政府办公室关于印发《清源市政府投资项目管理办法》的通知", 0,
          "清源市人民政府办公室关于印发《清源市/政府投资项目管理办法》的通知" },
        { "清源市人民政府关于同意云溪县城东片区控制性详细规划的批复", 0,
          "清源市人民政府关于同意云溪县/城东片区控制性详细规划的批复" },
        { "清源市人民政府办公室关于2024年第三季度政务服务“好差评”情况的通报", 0,
          "清源市人民政府办公室关于2024年第三季度/政务服务“好差评”情况的通报" },
        { "泉州市科学技术局\u3000泉州市工业和信息化局\u3000泉州市财政局关于组织申报2024年度科技型中小企业的通知",
          0,
          "泉州市科学技术局\u3000泉州市工业和信息化局/泉州市财政局关于组织申报2024年度/"
          "科技型中小企业的通知" },
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        lay_para p;
        lay_para_init(&p);
        const char *t = cases[k].title;
        lay_span span = { strlen(t), r->title_role };
        lay_para_shape(&c, &p, t, strlen(t), &span, 1, r->title_size, r->title_size);
        lay_title_break(&c, &p, r->area_w, &cases[k].hint, cases[k].hint ? 1 : 0);
        gw_buf got;
        gw_buf_init(&got);
        for (size_t l = 0; l < p.nl; l++) {
            if (l)
                gw_buf_puts(&got, "/");
            size_t b0 = p.u[p.lines[l].u0].b0, b1 = p.u[p.lines[l].u1 - 1].b1;
            gw_buf_append(&got, t + b0, b1 - b0);
        }
        assert_string_equal(got.data, cases[k].want);
        gw_buf_free(&got);
        lay_para_free(&p);
    }
    free(c.out);
}

/* Every run, rule and image of a full document names the 公文 element it draws, and the
 * elements are the right ones (the OFD back end's tags and the proof's boxes rest on this). */
/* ---- the closing block (issue 8) ---- */

static bool closing_el(gw_element e)
{
    return e == GW_EL_ATTACHMENT_NOTE || e == GW_EL_SIGNATURE || e == GW_EL_DATE ||
           e == GW_EL_NOTE || e == GW_EL_SIGNATORY_TITLE;
}

/* Invariants of the closing block on a laid-out document, from the page list alone: every
 * closing element (runs and images) on one page; that page holds at least `want` lines of
 * 正文 above them; its pitch (baseline to baseline of its 3号 lines) no less than 28 pt;
 * every image inside the 版心 and below the text above it, its top within one line of it. */
static void assert_closing_block(const fixture *f, const gw_pagelist *pl, int want)
{
    const gw_layout_rules *r = f->r;
    double top = r->top_margin, bottom = top + r->area_h;
    size_t page = (size_t)-1;
    for (size_t i = 0; i < pl->n_pages; i++) {
        const gw_page *pg = &pl->pages[i];
        bool here = false;
        for (size_t k = 0; k < pg->n_runs; k++)
            here = here || closing_el(pg->runs[k].tag.element);
        here = here || pg->n_images > 0;
        if (!here)
            continue;
        if (page != (size_t)-1 && page != i)
            fail_msg("the closing block is split over pages %zu and %zu", page + 1, i + 1);
        page = i;
    }
    assert_true(page != (size_t)-1);
    const gw_page *pg = &pl->pages[page];
    double first = INFINITY, text_bottom = -INFINITY;
    for (size_t k = 0; k < pg->n_runs; k++)
        if (closing_el(pg->runs[k].tag.element))
            first = fmin(first, pg->runs[k].baseline);
    for (size_t k = 0; k < pg->n_images; k++)
        first = fmin(first, pg->images[k].y + 16);
    /* lines of 正文 above the block: distinct baselines of body runs */
    double bases[64];
    int n = 0;
    for (size_t k = 0; k < pg->n_runs; k++) {
        const gw_glyph_run *run = &pg->runs[k];
        if (run->tag.element != GW_EL_BODY || run->baseline >= first - 0.01)
            continue;
        text_bottom = fmax(text_bottom, run->baseline + 0.12 * 16);
        bool seen = false;
        for (int b = 0; b < n; b++)
            seen = seen || fabs(bases[b] - run->baseline) < 0.01;
        if (!seen && n < 64)
            bases[n++] = run->baseline;
    }
    if (n < want)
        fail_msg("page %zu: the closing block has %d lines of 正文 above it, want %d", page + 1, n,
                 want);
    /* the page's pitch */
    double pitch = INFINITY;
    for (size_t k = 0; k < pg->n_runs; k++)
        for (size_t m = 0; m < pg->n_runs; m++) {
            double d = pg->runs[m].baseline - pg->runs[k].baseline;
            if (fabs(pg->runs[k].size - 16) < 0.01 && fabs(pg->runs[m].size - 16) < 0.01 && d > 1 &&
                pg->runs[k].tag.element != GW_EL_SIGNATORY_TITLE &&
                pg->runs[m].tag.element != GW_EL_SIGNATORY_TITLE && pg->runs[k].baseline < bottom)
                pitch = fmin(pitch, d);
        }
    if (isfinite(pitch) && pitch < r->squeeze_pitch_min - 0.01)
        fail_msg("page %zu squeezed to %.2f pt, below %.2f", page + 1, pitch, r->squeeze_pitch_min);
    for (size_t k = 0; k < pg->n_images; k++) {
        const gw_image *im = &pg->images[k];
        double left = page % 2 ? r->paper_w - r->binding_margin - r->area_w : r->binding_margin;
        assert_true(im->x >= left - 0.01 && im->x + im->w <= left + r->area_w + 0.01);
        assert_true(im->y >= top - 0.01 && im->y + im->h <= bottom + 0.01);
        if (im->tag.element == GW_EL_SEAL && n > 0 && k == 0) {
            /* the text above: 正文 or 附件说明 */
            double above = text_bottom;
            for (size_t q = 0; q < pg->n_runs; q++)
                if (pg->runs[q].tag.element == GW_EL_ATTACHMENT_NOTE && pg->runs[q].baseline < im->y)
                    above = fmax(above, pg->runs[q].baseline + 0.12 * 16);
            double gap = im->y - above;
            if (gap < -0.01 || gap > fmin(pitch, r->line_pitch) + 0.01)
                fail_msg("page %zu: seal top %.2f pt below the text, want within one line", page + 1, gap);
        }
    }
}

static gw_image_size seal_300dpi = { 496, 496, 300, 300 };

/* For every length of text from a few lines to several pages, with and without 附件说明, one
 * seal, two seals, a signature stamp: the closing block is whole, keeps two lines of 正文, is
 * squeezed no further than 28 pt, its seals inside the 版心 within a line of the text. */
static void test_closing_block_everywhere(void **state)
{
    fixture *f = *state;
    const char *seal = GW_SOURCE_DATADIR "/examples/seals/kjj.png";
    for (int kind = 0; kind < 4; kind++) {
        for (int lines = 1; lines < 48; lines++) {
            gw_document *d = notice_no_colophon(0, 0);
            for (int i = 0; i < lines; i++) /* paragraphs of one to three lines */
                gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH,
                              i % 3 == 0   ? "科技创新发展文明建设。"
                              : i % 3 == 1 ? "各单位要高度重视科技创新工作，明确专人负责，加强统筹协调，确保各项任务落到实处。"
                                           : "加大研发投入，培育创新主体，完善创新生态，推动科技创新和产业创新深度融合，为高质量发展提供有力科技支撑。",
                              P0);
            if (kind == 1 || kind == 3)
                for (int k = 1; k <= 3; k++) {
                    char num[4];
                    snprintf(num, sizeof num, "%d", k);
                    gw_document_add_attachment_note(d, num, "泉州市科技活动周工作方案", P0);
                }
            if (kind == 3) {
                gw_signatory *sg = gw_document_add_signatory(d, "泉州市科学技术局局长", P0);
                gw_text_set(&sg->stamp_image, GW_SOURCE_DATADIR "/examples/seals/sign-lin.png", P0);
                sg->stamp_size = (gw_image_size){ 425, 165, 300, 300 };
            } else {
                gw_signature *sg = gw_document_add_signature(d, "泉州市科学技术局", P0);
                gw_text_set(&sg->seal_image, seal, P0);
                sg->seal_size = seal_300dpi;
                if (kind == 2) {
                    sg = gw_document_add_signature(d, "泉州市财政局", P0);
                    gw_text_set(&sg->seal_image, seal, P0);
                    sg->seal_size = seal_300dpi;
                }
            }
            gw_text_set(&d->date, "2023年9月27日", P0);
            gw_text_set(&d->note, "此件主动公开", P0);
            gw_diags diags;
            gw_diags_init(&diags, "t");
            gw_pagelist *pl = gw_layout(d, f->r, f->fs, &diags);
            assert_non_null(pl);
            /* the one warning allowed: page 1's only lines of 正文 cannot go with a block that
             * does not fit below them (page 1 keeps its 正文, §7.3.3) */
            bool alone = diags.n == 1 && !strcmp(diags.items[0].rule, "layout-closing-alone");
            if (gw_diags_count(&diags, GW_WARNING) && !(alone && lines <= 2)) {
                gw_diags_print(&diags, stderr, GW_WARNING);
                fail_msg("kind %d, %d lines: a warning", kind, lines);
            }
            assert_closing_block(f, pl, alone ? 0 : lines == 1 ? 1 : 2);
            assert_inside_type_area(f, pl);
            gw_pagelist_free(pl);
            gw_diags_free(&diags);
            gw_document_free(d);
        }
    }
}

/* §7.3.5.5 (d): with no_text_page on, a document whose only lines of 正文 must stay on page 1
 * gets a page beginning （此页无正文）; off (the default), the block goes on alone, warned. */
static void test_no_text_page(void **state)
{
    fixture *f = *state;
    gw_document *d = notice_no_colophon(0, 0);
    gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH, "现将修订后的五个制度文件印发给你们，请认真贯彻执行。", P0);
    for (int k = 1; k <= 9; k++) {
        char num[4];
        snprintf(num, sizeof num, "%d", k);
        gw_document_add_attachment_note(d, num, "泉州市科技计划项目管理办法", P0);
    }
    gw_signature *sg = gw_document_add_signature(d, "泉州市科学技术局", P0);
    gw_text_set(&sg->seal_image, GW_SOURCE_DATADIR "/examples/seals/kjj.png", P0);
    sg->seal_size = seal_300dpi;
    gw_text_set(&d->date, "2023年12月1日", P0);
    gw_diags diags;
    gw_diags_init(&diags, "t");
    gw_pagelist *pl = gw_layout(d, f->r, f->fs, &diags);
    assert_non_null(pl);
    bool warned = false;
    for (size_t i = 0; i < diags.n; i++)
        warned = warned || !strcmp(diags.items[i].rule, "layout-closing-alone");
    assert_true(warned);
    assert_null(find_run(&pl->pages[1], "（此页无正文）"));
    gw_pagelist_free(pl);
    gw_layout_rules *r = gw_layout_rules_load(RULES, &diags);
    r->no_text_page = true;
    pl = gw_layout(d, r, f->fs, &diags);
    assert_non_null(pl);
    const gw_glyph_run *note = find_run(&pl->pages[1], "（此页无正文）");
    assert_non_null(note);
    assert_int_equal(note->tag.element, GW_EL_NO_TEXT_NOTE);
    for (size_t k = 0; k < pl->pages[1].n_runs; k++) /* the first line of its page */
        assert_true(pl->pages[1].runs[k].baseline >= note->baseline - 0.01 ||
                    pl->pages[1].runs[k].baseline > r->top_margin + r->area_h);
    assert_int_equal(pl->pages[1].images[0].tag.element, GW_EL_SEAL);
    gw_pagelist_free(pl);
    gw_layout_rules_free(r);
    gw_diags_free(&diags);
    gw_document_free(d);
}

/* A closing block taller than a page even with its 附件说明 flowing: an error at its first
 * element, no pages. */
static void test_closing_too_tall(void **state)
{
    fixture *f = *state;
    gw_document *d = notice_no_colophon(1, 40);
    for (int i = 0; i < 12; i++) { /* six rows of two 42-mm seals: 30 lines */
        gw_signature *sg = gw_document_add_signature(d, "泉州市人力资源和社会保障局", (gw_pos){ 30 + i, 1 });
        gw_text_set(&sg->seal_image, GW_SOURCE_DATADIR "/examples/seals/kjj.png", P0);
        sg->seal_size = seal_300dpi;
    }
    gw_text_set(&d->date, "2023年12月1日", P0);
    assert_layout_error_at(f, d, 30);
    gw_document_free(d);
}

/* The rules of each 版式: the format files laid over gbt9704.ini, their parts and numbers; the
 * set of a folder; an overlay's own character list replaces its base's; errors. */
static void test_rules_formats(void **state)
{
    (void)state;
    gw_diags d;
    gw_diags_init(&d, "t");
    gw_layout_set *set = gw_layout_set_load(GW_SOURCE_DATADIR "/layouts", &d);
    assert_non_null(set);
    const gw_layout_rules *doc = gw_layout_set_rules(set, GW_FORMAT_DOCUMENT);
    const gw_layout_rules *let = gw_layout_set_rules(set, GW_FORMAT_LETTER);
    const gw_layout_rules *ord = gw_layout_set_rules(set, GW_FORMAT_ORDER);
    const gw_layout_rules *min = gw_layout_set_rules(set, GW_FORMAT_MINUTES);
    assert_int_equal(doc->format, GW_FORMAT_DOCUMENT);
    assert_int_equal(let->format, GW_FORMAT_LETTER);
    assert_int_equal(let->header_variant, LAY_HEADER_LETTER);
    assert_int_equal(let->mark_top_from, 1);
    assert_float_equal(MM(let->mark_top), 30, 1e-9);
    assert_float_equal(MM(let->letter_rule_length), 170, 1e-9);
    assert_false(let->page_number_first);
    assert_false(let->colophon_rules);
    assert_false(let->colophon_printer);
    assert_float_equal(MM(let->line_pitch), MM(doc->line_pitch), 1e-9); /* shared numbers */
    assert_int_equal(ord->format, GW_FORMAT_ORDER);
    assert_false(ord->red_rule);
    assert_float_equal(MM(ord->mark_top), 20, 1e-9);
    assert_int_equal(ord->mark_top_from, 0);
    assert_int_equal(min->format, GW_FORMAT_MINUTES);
    assert_float_equal(MM(min->mark_top), 35, 1e-9);
    assert_true(min->red_rule && doc->red_rule && doc->page_number_first);
    assert_non_null(strstr(gw_layout_set_path(set, GW_FORMAT_LETTER), "letter.ini"));
    gw_layout_set_free(set);
    assert_int_equal(gw_diags_count(&d, GW_WARNING), 0);

    char dir[] = "/tmp/gw_rules_dir_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *base = gw_asprintf("%s/gbt9704.ini", dir), *over = gw_asprintf("%s/letter.ini", dir);
    size_t len;
    char *good = gw_read_whole_file(RULES, &len);
    FILE *fp = fopen(base, "w");
    fputs(good, fp);
    fclose(fp);
    /* a list given in the overlay replaces the base's */
    fp = fopen(over, "w");
    fputs("[format]\nbase = gbt9704.ini\n[kinsoku]\nno_line_start = 。\n", fp);
    fclose(fp);
    gw_layout_rules *r = gw_layout_rules_load(over, &d);
    assert_non_null(r);
    assert_true(lay_charset_has(&r->no_line_start, 0x3002));
    assert_false(lay_charset_has(&r->no_line_start, 0xFF0C));
    gw_layout_rules_free(r);
    /* a letterhead without its [letter] numbers: they are missing (only then) */
    fp = fopen(over, "w");
    fputs("[format]\nbase = gbt9704.ini\nheader = letter\n", fp);
    fclose(fp);
    assert_null(gw_layout_rules_load(over, &d));
    assert_non_null(strstr(d.items[d.n - 1].message, "missing keys [letter] double_rule_length_mm"));
    /* a base that is missing, or a loop */
    fp = fopen(over, "w");
    fputs("[format]\nbase = nowhere.ini\n", fp);
    fclose(fp);
    size_t before = d.n;
    assert_null(gw_layout_rules_load(over, &d));
    bool named = false;
    for (size_t i = before; i < d.n; i++)
        named |= !strcmp(d.items[i].rule, "rules-base");
    assert_true(named);
    fp = fopen(over, "w");
    fputs("[format]\nbase = letter.ini\n", fp);
    fclose(fp);
    assert_null(gw_layout_rules_load(over, &d));
    assert_non_null(strstr(d.items[d.n - 1].message, "cannot use the base rules"));
    /* a folder without a format's file */
    unlink(over);
    before = d.n;
    assert_null(gw_layout_set_load(dir, &d));
    assert_true(d.n > before);
    unlink(base);
    rmdir(dir);
    free(base);
    free(over);
    free(good);
    gw_diags_free(&d);
}

/* A table of n_rows rows of cols columns, each cell `text`. */
static gw_block *add_table(gw_blocks *bs, size_t n_rows, size_t cols, const char *text)
{
    gw_block *b = gw_blocks_add(bs, GW_BLOCK_TABLE, "", P0);
    b->table.n_rows = n_rows;
    b->table.n_cols = cols;
    b->table.cells = gw_xcalloc(n_rows * cols, sizeof *b->table.cells);
    b->table.align = gw_xcalloc(cols, sizeof *b->table.align);
    for (size_t i = 0; i < n_rows * cols; i++)
        b->table.cells[i] = gw_strdup(i < cols ? "表头" : text);
    return b;
}

/* Tables: ruled, tagged, the header repeated on each page; a wide one on a landscape page with
 * its text turned; one too wide even there, or a row taller than a page, an error. */
static void test_tables(void **state)
{
    fixture *f = *state;
    gw_document *d = notice(2, 40);
    add_table(&d->body, 60, 3, "泉州市科学技术局");
    gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH, "特此通知。", P0);
    gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
    assert_non_null(pl);
    size_t pages_with_table = 0;
    for (size_t i = 0; i < pl->n_pages; i++) {
        const gw_page *pg = &pl->pages[i];
        const gw_glyph_run *first = NULL;
        size_t rules = 0;
        for (size_t k = 0; k < pg->n_runs; k++)
            if (pg->runs[k].tag.element == GW_EL_TABLE && !first)
                first = &pg->runs[k];
        for (size_t k = 0; k < pg->n_rules; k++)
            rules += pg->rules[k].tag.element == GW_EL_TABLE;
        assert_int_equal(pg->rotate, 0);
        if (!first)
            continue;
        pages_with_table++;
        assert_string_equal(first->text, "表头"); /* each page of it begins with its header */
        assert_true(rules >= 3 + 4);
        assert_float_equal(first->size, f->r->table_size, 1e-9);
    }
    assert_true(pages_with_table >= 2);
    gw_pagelist_free(pl);
    gw_document_free(d);

    /* nine columns of numbers: landscape */
    d = notice(1, 30);
    add_table(&d->body, 8, 9, "1,234.00");
    pl = gw_layout(d, f->r, f->fs, &f->diags);
    assert_non_null(pl);
    size_t turned_pages = 0;
    for (size_t i = 0; i < pl->n_pages; i++) {
        const gw_page *pg = &pl->pages[i];
        bool turned_runs = false;
        for (size_t k = 0; k < pg->n_runs; k++)
            turned_runs |= pg->runs[k].turned;
        assert_int_equal(turned_runs, pg->rotate == 90);
        turned_pages += pg->rotate == 90;
        if (pg->rotate != 90)
            continue;
        for (size_t k = 0; k < pg->n_runs; k++) /* the page number stays in the portrait frame */
            if (pg->runs[k].tag.element == GW_EL_PAGE_NUMBER)
                assert_false(pg->runs[k].turned);
            else
                assert_true(pg->runs[k].turned && MM(pg->runs[k].glyphs[0].x) > 34.9 &&
                            MM(pg->runs[k].baseline) < 184.1);
    }
    assert_int_equal(turned_pages, 1);
    gw_pagelist_free(pl);
    gw_document_free(d);

    /* forty columns: too wide even across the page */
    d = notice(1, 30);
    add_table(&d->body, 3, 40, "12,345,678.00");
    gw_diags diags;
    gw_diags_init(&diags, "t");
    assert_null(gw_layout(d, f->r, f->fs, &diags));
    assert_string_equal(diags.items[diags.n - 1].rule, "layout-table-too-wide");
    gw_diags_free(&diags);
    gw_document_free(d);

    /* a cell longer than a page */
    d = notice(1, 30);
    gw_block *b = add_table(&d->body, 2, 2, "科");
    free(b->table.cells[3]);
    char *long_text = gw_xcalloc(3 * 4000 + 1, 1);
    for (int i = 0; i < 4000; i++)
        memcpy(long_text + 3 * i, "科", 3);
    b->table.cells[3] = long_text;
    gw_diags_init(&diags, "t");
    assert_null(gw_layout(d, f->r, f->fs, &diags));
    assert_string_equal(diags.items[diags.n - 1].rule, "layout-table-row-too-tall");
    gw_diags_free(&diags);
    gw_document_free(d);
}

static void test_element_tags(void **state)
{
    fixture *f = *state;
    gw_document *d = notice(30, 60);
    gw_text_set(&d->copy_number, "000123", P0);
    gw_text_set(&d->secrecy, "机密★1年", P0);
    gw_blocks_add(&d->body, GW_BLOCK_HEADING, "一、总体要求", P0)->level = 1;
    gw_document_add_attachment_note(d, "1", "申报指南", P0);
    gw_document_add_signature(d, "泉州市科学技术局", P0);
    gw_text_set(&d->date, "2021年9月27日", P0);
    gw_text_set(&d->note, "此件主动公开", P0);
    gw_annex *a = gw_document_add_annex(d, GW_ANNEX_ATTACHMENT);
    a->number = gw_strdup("1");
    gw_text_set(&a->title, "申报指南", P0);
    gw_blocks_add(&a->body, GW_BLOCK_PARAGRAPH, "申报单位应当如实填写。", P0);
    gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
    assert_non_null(pl);
    int seen[GW_EL_COUNT] = { 0 };
    for (size_t i = 0; i < pl->n_pages; i++) {
        const gw_page *pg = &pl->pages[i];
        for (size_t k = 0; k < pg->n_runs; k++) {
            const gw_glyph_run *run = &pg->runs[k];
            assert_int_not_equal(run->tag.element, GW_EL_NONE);
            seen[run->tag.element]++;
            /* the text says which element it is */
            if (strstr(run->text, "000123"))
                assert_int_equal(run->tag.element, GW_EL_COPY_NUMBER);
            if (strstr(run->text, "泉科"))
                assert_int_equal(run->tag.element, GW_EL_DOC_NUMBER);
            if (strstr(run->text, "附件：") || (strstr(run->text, "申报指南") && i == 0))
                assert_int_equal(run->tag.element, GW_EL_ATTACHMENT_NOTE);
            if (strstr(run->text, "此件主动公开"))
                assert_int_equal(run->tag.element, GW_EL_NOTE);
            if (strstr(run->text, "抄送"))
                assert_int_equal(run->tag.element, GW_EL_CC);
            if (strstr(run->text, "印发") && !strstr(run->text, "2021"))
                assert_int_equal(run->tag.element, GW_EL_PRINT_DATE);
            if (strstr(run->text, "一、总体要求"))
                assert_int_equal(run->tag.element, GW_EL_HEADING);
            if (strstr(run->text, "申报单位"))
                assert_int_equal(run->tag.element, GW_EL_ANNEX_BODY);
        }
        for (size_t k = 0; k < pg->n_rules; k++) {
            const gw_rule *ru = &pg->rules[k];
            assert_int_equal(ru->tag.element,
                             ru->color == GW_COLOR_RED ? GW_EL_HEADER_RULE : GW_EL_COLOPHON_RULE);
        }
    }
    static const gw_element want[] = {
        GW_EL_COPY_NUMBER, GW_EL_SECRECY, GW_EL_ISSUER_MARK, GW_EL_DOC_NUMBER, GW_EL_TITLE,
        GW_EL_ADDRESSEE, GW_EL_BODY, GW_EL_HEADING, GW_EL_ATTACHMENT_NOTE, GW_EL_SIGNATURE,
        GW_EL_DATE, GW_EL_NOTE, GW_EL_ANNEX_LABEL, GW_EL_ANNEX_TITLE, GW_EL_ANNEX_BODY,
        GW_EL_CC, GW_EL_PRINTER, GW_EL_PRINT_DATE, GW_EL_PAGE_NUMBER,
    };
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        if (!seen[want[k]])
            fail_msg("no object is tagged %s", gw_element_id(want[k]));
    }
    assert_string_equal(gw_element_name(GW_EL_ISSUER_MARK), "发文机关标志");
    gw_pagelist_free(pl);
    gw_document_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rules_errors),
        cmocka_unit_test(test_rules_values),
        cmocka_unit_test(test_rules_formats),
        cmocka_unit_test(test_tables),
        cmocka_unit_test(test_empty_document),
        cmocka_unit_test(test_header_and_grid),
        cmocka_unit_test(test_kinsoku),
        cmocka_unit_test(test_three_line_title),
        cmocka_unit_test(test_one_page_notice),
        cmocka_unit_test(test_colophon_blank_pages),
        cmocka_unit_test(test_closing_and_attachment),
        cmocka_unit_test(test_upward),
        cmocka_unit_test(test_colophon_groups),
        cmocka_unit_test(test_example_title_breaks),
        cmocka_unit_test(test_long_title_fast),
        cmocka_unit_test(test_title_longer_than_page),
        cmocka_unit_test(test_signature_brings_text),
        cmocka_unit_test(test_one_line_elements),
        cmocka_unit_test(test_colophon_too_tall),
        cmocka_unit_test(test_joint_mark),
        cmocka_unit_test(test_element_tags),
        cmocka_unit_test(test_closing_block_everywhere),
        cmocka_unit_test(test_no_text_page),
        cmocka_unit_test(test_closing_too_tall),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
