/* test_proof.c: unit tests of src/proof on hand-built page lists: the boxes of a run (origin to
 * advance, em box from the face) and of a rule; the rasteriser (a rule's pixels black, a red
 * glyph's pixels red where its ink is, a seal image's pixels where its box is, a landscape
 * page turned); PNG output read back by libpng; the comparison with a reference (the same
 * record: no difference; an element moved: named, with its distance). */
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "gw_engine.h"
#include "proof/gw_proof.h"

/* Shapes with a shaper of its own (a document of its own). */
static size_t test_shape(const gw_fontset *fs, gw_font_role role, const char *text, size_t len,
                         gw_shaped **out, gw_diags *diags)
{
    gw_shaper *sh = gw_shaper_new(fs);
    size_t n = gw_shape(sh, role, text, len, out, diags);
    gw_shaper_free(sh);
    return n;
}

#define PT(mm) ((mm) * 72 / 25.4)

typedef struct {
    gw_engine *e;
    gw_layout_spec std;
    gw_document *doc;
    gw_diags diags;
} fixture;

static int setup(void **state)
{
    fixture *f = gw_xcalloc(1, sizeof *f);
    gw_diags_init(&f->diags, "test");
    f->e = gw_engine_new(NULL, &f->diags);
    if (!f->e)
        return -1;
    gw_layout_rules_spec(gw_engine_rules(f->e), &f->std);
    f->doc = gw_document_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    gw_document_free(f->doc);
    gw_engine_free(f->e);
    gw_diags_free(&f->diags);
    free(f);
    return 0;
}

/* A page with the glyph of 文 (小标宋, red, 50 pt) at x = 100 mm, baseline 100 mm; a black rule
 * from (28, 150) to (184, 150) mm, 1 mm thick; and a red 20 × 20 mm PNG at (60, 200) mm. */
static gw_pagelist *sample_page(fixture *f, const char *png_path)
{
    const gw_fontset *fs = gw_engine_fonts(f->e);
    gw_shaped *sh = NULL;
    size_t n = test_shape(fs, GW_ROLE_XIAOBIAOSONG, "文", strlen("文"), &sh, NULL);
    assert_int_equal(n, 1);
    gw_pagelist *pl = gw_pagelist_new();
    gw_page *pg = gw_pagelist_add_page(pl, PT(210), PT(297));
    gw_glyph g = { .gid = sh[0].gid, .x = PT(100), .n_bytes = (uint32_t)strlen("文") };
    gw_glyph_run *r = gw_page_add_run(pg, sh[0].face, 50, 1.0, GW_COLOR_RED, PT(100), "文",
                                      strlen("文"), &g, 1);
    r->tag = (gw_tag){ GW_EL_ISSUER_MARK, 0 };
    gw_page_add_rule(pg, PT(28), PT(150), PT(184), PT(150), PT(1), GW_COLOR_BLACK)->tag =
        (gw_tag){ GW_EL_HEADER_RULE, 0 };
    if (png_path)
        gw_page_add_image(pg, PT(60), PT(200), PT(20), PT(20), png_path)->tag =
            (gw_tag){ GW_EL_SEAL, 0 };
    free(sh);
    return pl;
}

static const unsigned char *px(const gw_proof_image *im, double x_mm, double y_mm, double dpi)
{
    int x = (int)(x_mm / 25.4 * dpi), y = (int)(y_mm / 25.4 * dpi);
    return im->px + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
}

static void write_red_png(const char *path)
{
    gw_proof_image img = { 4, 4, malloc(4 * 4 * 3) };
    for (int i = 0; i < 16; i++) {
        img.px[i * 3] = 250;
        img.px[i * 3 + 1] = 10;
        img.px[i * 3 + 2] = 10;
    }
    gw_buf b;
    gw_buf_init(&b);
    assert_int_equal(gw_proof_image_png(&img, &b), 0);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fwrite(b.data, 1, b.len, fp);
    fclose(fp);
    gw_buf_free(&b);
    gw_proof_image_free(&img);
}

static void test_boxes(void **state)
{
    fixture *f = *state;
    gw_pagelist *pl = sample_page(f, NULL);
    gw_proof *p = gw_proof_measure("t.txt", f->doc, pl, gw_engine_fonts(f->e));
    assert_int_equal(p->n_boxes, 2);
    const gw_proof_box *m = &p->boxes[0], *rule = &p->boxes[1];
    const gw_face *face = gw_fontset_face(gw_engine_fonts(f->e), pl->pages[0].runs[0].face);
    assert_int_equal(m->element, GW_EL_ISSUER_MARK);
    assert_true(fabs(m->x0 - 100) < 1e-6);
    assert_true(fabs(m->x1 - (100 + 50 * 25.4 / 72)) < 0.2); /* a CJK glyph advances one em */
    assert_true(fabs(m->y0 - (100 - face->em_top * 50 * 25.4 / 72)) < 1e-6);
    assert_true(m->has_ink && m->ink_y0 > m->y0 && m->ink_y1 < m->y1 + 1);
    assert_true(rule->is_rule && fabs(rule->y0 - 149.5) < 1e-6 && fabs(rule->y1 - 150.5) < 1e-6);
    assert_true(fabs(rule->x1 - rule->x0 - 156) < 1e-6);
    gw_proof_free(p);
    gw_pagelist_free(pl);
}

static void test_raster(void **state)
{
    fixture *f = *state;
    char png[] = "/tmp/gongwen-test-proof-XXXXXX";
    int fd = mkstemp(png);
    assert_true(fd >= 0);
    close(fd);
    write_red_png(png);
    gw_pagelist *pl = sample_page(f, png);
    gw_proof *p = gw_proof_measure("t.txt", f->doc, pl, gw_engine_fonts(f->e));
    gw_proof_raster *r = gw_proof_raster_new(gw_engine_fonts(f->e), &f->diags);
    gw_proof_image im = { 0 };
    double dpi = 100;
    assert_int_equal(gw_proof_raster_page(r, p, 0, &f->std, dpi, false, &im, &f->diags), 0);
    assert_int_equal(im.w, (int)ceil(PT(210) / 72 * dpi));
    /* the rule: black across, white 1 mm above and below */
    assert_true(px(&im, 100, 150, dpi)[0] < 60);
    assert_true(px(&im, 100, 148, dpi)[0] > 250 && px(&im, 100, 152, dpi)[0] > 250);
    /* the glyph: some red pixels inside its ink box, none outside its em box */
    const gw_proof_box *m = &p->boxes[0];
    int red = 0, stray = 0;
    for (double y = 60; y < 120; y += 0.25)
        for (double x = 90; x < 130; x += 0.25) {
            const unsigned char *c = px(&im, x, y, dpi);
            bool is_red = c[0] > 180 && c[1] < 100;
            bool inside = x >= m->ink_x0 - 0.3 && x <= m->ink_x1 + 0.3 && y >= m->ink_y0 - 0.3 &&
                          y <= m->ink_y1 + 0.3;
            red += is_red && inside;
            stray += c[1] < 200 && !inside;
        }
    assert_true(red > 100);
    assert_int_equal(stray, 0);
    /* the image */
    assert_true(px(&im, 70, 210, dpi)[0] > 200 && px(&im, 70, 210, dpi)[1] < 60);
    assert_true(px(&im, 58, 210, dpi)[1] > 250);
    /* PNG out and back */
    gw_buf b;
    gw_buf_init(&b);
    assert_int_equal(gw_proof_image_png(&im, &b), 0);
    png_image back;
    memset(&back, 0, sizeof back);
    back.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_memory(&back, b.data, b.len));
    assert_int_equal((int)back.width, im.w);
    png_image_free(&back);
    gw_buf_free(&b);
    gw_proof_image_free(&im);
    /* a landscape page is shown turned */
    pl->pages[0].rotate = 90;
    assert_int_equal(gw_proof_raster_page(r, p, 0, &f->std, 50, true, &im, &f->diags), 0);
    assert_true(im.w > im.h);
    gw_proof_image_free(&im);
    /* an image that cannot be read is an error, not a blank */
    free(pl->pages[0].images[0].path);
    pl->pages[0].images[0].path = gw_strdup("/nonexistent/seal.png");
    assert_int_equal(gw_proof_raster_page(r, p, 0, &f->std, 50, true, &im, &f->diags), -1);
    assert_true(gw_diags_has_error(&f->diags));
    gw_diags_free(&f->diags);
    gw_diags_init(&f->diags, "test");
    gw_proof_raster_free(r);
    gw_proof_free(p);
    gw_pagelist_free(pl);
    remove(png);
}

static void test_compare(void **state)
{
    fixture *f = *state;
    gw_pagelist *pl = sample_page(f, NULL);
    gw_proof *p = gw_proof_measure("t.txt", f->doc, pl, gw_engine_fonts(f->e));
    char *rec = gw_proof_record_json(p);
    gw_buf out;
    gw_buf_init(&out);
    assert_int_equal(gw_proof_compare(p, rec, strlen(rec), 0.1, &out), 0);
    /* the reference had the rule 0.5 mm higher and the mark 0.05 mm to the left */
    char *moved = gw_strdup(rec);
    char *at = strstr(moved, "\"y0\": 149.50");
    assert_non_null(at);
    memcpy(at, "\"y0\": 149.00", 12);
    at = strstr(moved, "\"y1\": 150.50");
    memcpy(at, "\"y1\": 150.00", 12);
    at = strstr(moved, "\"x0\": 100.00");
    memcpy(at, "\"x0\": 100.05", 12);
    assert_int_equal(gw_proof_compare(p, moved, strlen(moved), 0.1, &out), 1);
    assert_non_null(strstr(out.data, "版头分隔线 (header_rule 0): moved down 0.50 mm"));
    out.len = 0;
    assert_int_equal(gw_proof_compare(p, "{\"x\": 1}", 8, 0.1, &out), -1);
    gw_buf_free(&out);
    free(moved);
    free(rec);
    gw_proof_free(p);
    gw_pagelist_free(pl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_boxes),
        cmocka_unit_test(test_raster),
        cmocka_unit_test(test_compare),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
