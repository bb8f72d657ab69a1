/* test_linear.c: the layout stage is linear in its input, whatever the text (issue 7's limits,
 * which issue 10's line breaker must meet). Each pathological paragraph is laid out at a
 * quarter of its size and at full size: the full size must take at most 8 times as long (4
 * when linear, 16 when quadratic) and finish within a generous guard, its lines inside the
 * 版心 and every glyph of the text drawn:
 *
 *   100,000 combining marks after one character;
 *   400,000 `。` (none of which may start a line) and 400,000 `、`;
 *   an unbreakable run of 1,000,000 Latin letters;
 *   one 20 MB paragraph of ordinary text (with numbers, units and punctuation).
 *
 * Under the sanitizers (10–20 times slower, 3 times the memory) the sizes are an eighth. Times
 * are printed, for the report; they are guards, not benchmarks (bench/ measures speed). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/gw_util.h"
#include "layout/lay_int.h"

#define RULES GW_SOURCE_DATADIR "/layouts/gbt9704.ini"
#define FONTS GW_UNINSTALLED_FONTS_DIR

#if defined(__SANITIZE_ADDRESS__)
#define SCALE 8
#define GUARD_S 120.0
#else
#define SCALE 1
#define GUARD_S 30.0
#endif

typedef struct {
    gw_fontset *fs;
    gw_layout_rules *r;
    gw_diags diags;
} fixture;

static int setup(void **state)
{
    fixture *f = gw_xcalloc(1, sizeof *f);
    gw_diags_init(&f->diags, "test");
    f->fs = gw_fontset_open(FONTS, &f->diags);
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
    gw_fontset_close(f->fs);
    gw_layout_rules_free(f->r);
    gw_diags_free(&f->diags);
    free(f);
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); /* CPU time: other jobs on the machine do not count */
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

typedef char *(*maker)(size_t n);

static char *repeat(const char *head, const char *unit, size_t n, const char *tail)
{
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_reserve(&b, strlen(head) + n * strlen(unit) + strlen(tail) + 1);
    gw_buf_puts(&b, head);
    for (size_t i = 0; i < n; i++)
        gw_buf_puts(&b, unit);
    gw_buf_puts(&b, tail);
    return gw_buf_steal(&b);
}

static char *marks(size_t n) { return repeat("甲", "\xCC\x81", n, "乙。"); }     /* U+0301 */
static char *stops(size_t n) { return repeat("甲", "。", n, ""); }
static char *commas(size_t n) { return repeat("甲", "、", n, "乙"); }
static char *letters(size_t n) { return repeat("甲", "a", n, "乙"); }
/* n bytes of ordinary text: sentences with numbers, units, quotes and a URL now and then */
static char *prose(size_t n)
{
    static const char *s = "科技创新发展文明建设，推动2021年6月30日前完成“十四五”规划的60亿元投资、"
                           "增长18.6%；详见http://kjj.quanzhou.gov.cn/zwgk/tzgg/。";
    return repeat("", s, n / strlen(s), "");
}

/* Lays out one paragraph of text; returns the seconds gw_layout took (least of `runs`). */
static double lay_out(fixture *f, const char *text, int runs)
{
    gw_document *d = gw_document_new();
    gw_text_set(&d->title, "标题", (gw_pos){ 1, 1 });
    gw_blocks_add(&d->body, GW_BLOCK_PARAGRAPH, text, (gw_pos){ 3, 1 });
    double best = INFINITY;
    for (int k = 0; k < runs; k++) {
        double t0 = now();
        gw_pagelist *pl = gw_layout(d, f->r, f->fs, &f->diags);
        double t = now() - t0;
        best = fmin(best, t);
        assert_non_null(pl);
        /* every line inside the 版心 (a compressed line-end mark: its ink, the left half) */
        size_t glyphs = 0;
        for (size_t p = 0; p < pl->n_pages; p++) {
            const gw_page *pg = &pl->pages[p];
            double left = p % 2 ? f->r->paper_w - f->r->binding_margin - f->r->area_w
                                : f->r->binding_margin;
            for (size_t i = 0; i < pg->n_runs; i++) {
                const gw_glyph_run *run = &pg->runs[i];
                if (run->baseline > f->r->top_margin + f->r->area_h)
                    continue; /* the page number */
                for (size_t g = 0; g < run->n_glyphs; g++) {
                    assert_true(run->glyphs[g].x >= left - 1.0);
                    assert_true(run->glyphs[g].x <= left + f->r->area_w);
                }
                if (run->size == f->r->text_size)
                    glyphs += run->n_glyphs;
            }
        }
        assert_true(glyphs > 0);
        gw_pagelist_free(pl);
    }
    gw_document_free(d);
    return best;
}

static void linear(void **state, const char *what, maker make, size_t n)
{
    fixture *f = *state;
    n /= SCALE;
    char *small = make(n / 4), *big = make(n);
    double t_small = lay_out(f, small, 3), t_big = lay_out(f, big, 1);
    printf("%-36s %9zu: %8.3f s (a quarter: %.3f s, ratio %.1f)\n", what, n, t_big, t_small,
           t_big / fmax(t_small, 1e-6));
    assert_true(t_big <= GUARD_S);
    assert_true(t_big <= 8 * t_small + 0.05); /* linear: 4; quadratic: 16 */
    free(small);
    free(big);
}

static void test_combining_marks(void **state)
{
    linear(state, "combining marks after one character", marks, 100000);
}

static void test_no_start_run(void **state)
{
    linear(state, "。 that may not start a line", stops, 400000);
    linear(state, "、 that may not start a line", commas, 400000);
}

static void test_unbreakable_latin(void **state)
{
    linear(state, "unbreakable Latin letters", letters, 1000000);
}

static void test_huge_paragraph(void **state)
{
    linear(state, "bytes of one paragraph", prose, 20u << 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_combining_marks),
        cmocka_unit_test(test_no_start_run),
        cmocka_unit_test(test_unbreakable_latin),
        cmocka_unit_test(test_huge_paragraph),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
