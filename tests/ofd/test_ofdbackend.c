/* test_ofdbackend.c: builds page lists by hand and writes them with gw_ofd_write (and the
 * same page list with gw_pdf_write, for the reader to be compared with).
 *
 * Owns the test input of the OFD back end: text shaped with the real font set, placed like the
 * layout places it (a red mark compressed to 80 %, mixed CJK and Latin runs, justified lines on
 * the 15.79 pt grid, a rule, a page number), images (a PNG seal with alpha and a JPEG, when
 * OUTDIR holds seal.png and stamp.jpg), text no TextCode can say alone (a ligature, characters
 * no font has, a character beyond the BMP, a raised glyph), and a landscape page (rotate 90)
 * whose content is also laid on a portrait page. Every object is tagged. Writes OUTDIR/out.ofd,
 * OUTDIR/out.pdf, OUTDIR/turned.ofd (the landscape page alone) and OUTDIR/expect.json with
 * every glyph's origin, the images and the tags, for check_backend.py.
 *
 *   test_ofdbackend OUTDIR      the documents
 *   test_ofdbackend --errors    the error paths (missing image, not an image, bad face …) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/gw_diag.h"
#include "base/gw_output.h"
#include "base/gw_util.h"
#include "fonts/gw_fonts.h"
#include "ofd/gw_ofd.h"
#include "pagelist/gw_pagelist.h"
#include "pdf/gw_pdf.h"

/* Shapes with a shaper of its own (a document of its own). */
static size_t test_shape(const gw_fontset *fs, gw_font_role role, const char *text, size_t len,
                         gw_shaped **out, gw_diags *diags)
{
    gw_shaper *sh = gw_shaper_new(fs);
    size_t n = gw_shape(sh, role, text, len, out, diags);
    gw_shaper_free(sh);
    return n;
}

#define A4_W 595.2756
#define A4_H 841.8898
#define PITCH 15.79
#define LEFT 79.37
#define PT_MM (25.4 / 72.0)

static gw_buf expect; /* the "glyphs" list of expect.json */
static bool recording = true; /* add_text records its glyphs */

static void json_str(gw_buf *b, const char *s, size_t n)
{
    gw_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\')
            gw_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            gw_buf_printf(b, "\\u%04x", c);
        else
            gw_buf_putc(b, (char)c);
    }
    gw_buf_putc(b, '"');
}

/* Shapes text in role, splits it into runs by face, places the glyphs (pitch > 0: CJK glyphs
 * on the grid; extra after each glyph; raise_at: a glyph raised 1.5 pt), tags the runs and
 * records each glyph with text. Returns the pen after the text. */
static double add_text(gw_page *pg, int page_no, gw_fontset *fs, gw_font_role role,
                       const char *text, double size, double hscale, gw_color color,
                       double baseline, double x, double pitch, double extra, long raise_at,
                       gw_tag tag)
{
    size_t len = strlen(text);
    gw_shaped *sh = NULL;
    size_t n = test_shape(fs, role, text, len, &sh, NULL);
    gw_glyph *gl = gw_xcalloc(n ? n : 1, sizeof *gl);
    double pen = x;
    for (size_t s = 0; s < n;) {
        size_t e = s;
        while (e < n && sh[e].face == sh[s].face)
            e++;
        uint32_t t0 = sh[s].cluster, t1 = e < n ? sh[e].cluster : (uint32_t)len;
        const gw_face *face = gw_fontset_face(fs, sh[s].face);
        for (size_t i = s; i < e; i++) {
            gw_glyph *g = &gl[i - s];
            g->gid = sh[i].gid;
            g->x = pen + sh[i].x_offset * size * hscale;
            g->dy = -sh[i].y_offset * size + ((long)i == raise_at ? -1.5 : 0);
            g->cluster = sh[i].cluster - t0;
            bool first = i == s || sh[i - 1].cluster != sh[i].cluster;
            uint32_t next = t1;
            for (size_t j = i + 1; j < e; j++)
                if (sh[j].cluster != sh[i].cluster) {
                    next = sh[j].cluster;
                    break;
                }
            g->n_bytes = first ? next - sh[i].cluster : 0;
            double adv = sh[i].x_advance * size * hscale;
            if (pitch > 0 && face->em_top > 0.5 && sh[i].codepoint >= 0x2E80)
                adv = pitch;
            if (g->n_bytes > 0 && recording) {
                gw_buf_printf(&expect, "%s\n  {\"page\": %d, \"text\": ", expect.len ? "," : "", page_no);
                json_str(&expect, text + sh[i].cluster, g->n_bytes);
                gw_buf_printf(&expect, ", \"x\": %.4f, \"y\": %.4f, \"red\": %s, \"size\": %.4f, "
                              "\"hscale\": %g, \"element\": \"%s\"}", g->x * PT_MM,
                              (baseline + g->dy) * PT_MM, color == GW_COLOR_RED ? "true" : "false",
                              size * PT_MM, hscale, gw_element_id(tag.element));
            }
            pen += adv + extra;
        }
        gw_glyph_run *r = gw_page_add_run(pg, sh[s].face, size, hscale, color, baseline,
                                          text + t0, t1 - t0, gl, e - s);
        r->tag = tag;
        s = e;
    }
    free(gl);
    free(sh);
    return pen;
}

static gw_tag tag(gw_element e, int index)
{
    return (gw_tag){ e, index };
}

static void add_rule(gw_page *pg, double x0, double y0, double x1, double y1, double w,
                     gw_color c, gw_tag t)
{
    gw_rule *r = gw_page_add_rule(pg, x0, y0, x1, y1, w, c);
    r->tag = t;
}

static gw_buf images;

static void add_images(gw_page *pg, int page_no, const char *outdir, double x0, double y0)
{
    const char *pics[2] = { "seal.png", "stamp.jpg" };
    for (int i = 0; i < 2; i++) {
        char *path = gw_asprintf("%s/%s", outdir, pics[i]);
        FILE *fp = fopen(path, "rb");
        if (fp) {
            fclose(fp);
            double ix = x0 + 150 * i, iy = y0, iw = 120 - 40 * i, ih = 120 - 60 * i;
            gw_image *im = gw_page_add_image(pg, ix, iy, iw, ih, path);
            im->tag = tag(i == 0 ? GW_EL_SEAL : GW_EL_SIGNATURE_STAMP, 0);
            if (recording)
                gw_buf_printf(&images, "%s{\"page\": %d, \"x\": %.4f, \"y\": %.4f, \"w\": %.4f, "
                          "\"h\": %.4f, \"file\": \"%s\"}", images.len ? ", " : "", page_no,
                          ix * PT_MM, iy * PT_MM, iw * PT_MM, ih * PT_MM, pics[i]);
        }
        free(path);
    }
}

/* The content of a table page: drawn on a portrait page, and again on a turned one. */
static void table_page(gw_page *pg, int page_no, gw_fontset *fs, const char *outdir)
{
    pg->number = page_no;
    add_text(pg, page_no, fs, GW_ROLE_HEITI, "附件2", 16, 1, GW_COLOR_BLACK, 120, LEFT, PITCH,
             0, -1, tag(GW_EL_ANNEX_LABEL, 1));
    add_text(pg, page_no, fs, GW_ROLE_XIAOBIAOSONG, "2021年科技项目经费表", 22, 1, GW_COLOR_BLACK,
             170, LEFT + 80, 22, 0, -1, tag(GW_EL_ANNEX_TITLE, 1));
    const char *rows[] = { "序号　项目名称　　　　　　经费（万元）", "１　　智能制造关键技术　　120",
                           "２　　新材料研发平台　　　　85" };
    for (int i = 0; i < 3; i++) {
        add_text(pg, page_no, fs, GW_ROLE_FANGSONG, rows[i], 14, 1, GW_COLOR_BLACK,
                 220 + 30 * i, LEFT + 10, 14, 0, -1, tag(GW_EL_TABLE, 0));
        add_rule(pg, LEFT, 226 + 30 * i, LEFT + 442.2, 226 + 30 * i, 0.5, GW_COLOR_BLACK,
                 tag(GW_EL_TABLE, 0));
    }
    add_images(pg, page_no, outdir, LEFT + 250, 320);
    add_text(pg, page_no, fs, GW_ROLE_SONGTI, "— 4 —", 14, 1, GW_COLOR_BLACK, 800, 380, 0, 0, -1,
             tag(GW_EL_PAGE_NUMBER, 0));
}

static int write_ofd(const gw_pagelist *pl, gw_fontset *fs, const char *path, gw_diags *d)
{
    unsigned char *out = NULL;
    size_t len = 0;
    gw_ofd_options opt = { "gongwen 0.1.0", 0, 1609459200, false }; /* 2021-01-01 */
    int rc = gw_ofd_write(pl, fs, &opt, &out, &len, d);
    if (rc == 0)
        rc = gw_write_output(path, out, len);
    free(out);
    return rc;
}

static int build(const char *outdir)
{
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
        perror(outdir);
        return 1;
    }
    gw_diags d;
    gw_diags_init(&d, "test");
    gw_fontset *fs = gw_fontset_open(GW_UNINSTALLED_FONTS_DIR, &d);
    if (!fs) {
        gw_diags_print(&d, stderr, GW_WARNING);
        return 1;
    }
    gw_buf_init(&expect);
    gw_buf_init(&images);
    gw_pagelist *pl = gw_pagelist_new();
    pl->title = gw_strdup("关于印发《泉州市科技局2021年工作总结》的通知");
    pl->author = gw_strdup("泉州市科学技术局");
    pl->subject = gw_strdup("泉科〔2021〕172号");

    /* page 1: the 版头 and body lines */
    gw_page *pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    pg->number = 1;
    add_text(pg, 1, fs, GW_ROLE_XIAOBIAOSONG, "泉州市科学技术局文件", 36, 0.8, GW_COLOR_RED, 200,
             LEFT + 20, 0, 0, -1, tag(GW_EL_ISSUER_MARK, 0));
    double x = add_text(pg, 1, fs, GW_ROLE_FANGSONG, "泉科〔", 16, 1, GW_COLOR_BLACK, 280,
                        LEFT + 140, 16, 0, -1, tag(GW_EL_DOC_NUMBER, 0));
    x = add_text(pg, 1, fs, GW_ROLE_LATIN, "2021", 16, 1, GW_COLOR_BLACK, 280, x, 0, 0, -1,
                 tag(GW_EL_DOC_NUMBER, 0));
    x = add_text(pg, 1, fs, GW_ROLE_FANGSONG, "〕172号", 16, 1, GW_COLOR_BLACK, 280, x, 16, 0, -1,
                 tag(GW_EL_DOC_NUMBER, 0));
    add_rule(pg, LEFT, 292, LEFT + 442.2, 292, 1.0, GW_COLOR_RED, tag(GW_EL_HEADER_RULE, 0));
    add_text(pg, 1, fs, GW_ROLE_XIAOBIAOSONG, "关于开展科技创新工作的通知", 22, 1, GW_COLOR_BLACK, 340,
             LEFT + 80, 22, 0, -1, tag(GW_EL_TITLE, 0));
    add_text(pg, 1, fs, GW_ROLE_FANGSONG, "各县（市、区）科技局：", 16, 1, GW_COLOR_BLACK, 380, LEFT,
             PITCH, 0, -1, tag(GW_EL_ADDRESSEE, 0));
    const char *body[] = { "现将《泉州市科技局２０２１年工作总结》印发给你们，请结合",
                           "实际认真贯彻落实。GB/T 9704-2012 & <OFD>" };
    for (int i = 0; i < 2; i++)
        add_text(pg, 1, fs, GW_ROLE_FANGSONG, body[i], 16, 1, GW_COLOR_BLACK, 409 + 29 * i,
                 i ? LEFT : LEFT + 2 * PITCH, PITCH, i ? 0 : 0.42, -1, tag(GW_EL_BODY, 0));
    add_text(pg, 1, fs, GW_ROLE_SONGTI, "— 1 —", 14, 1, GW_COLOR_BLACK, 800, 380, 0, 0, -1,
             tag(GW_EL_PAGE_NUMBER, 0));

    /* page 2: a seal (PNG with alpha) and a stamp (JPEG), headings, the 版记 */
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    pg->number = 2;
    add_text(pg, 2, fs, GW_ROLE_HEITI, "一、工作总结", 16, 1, GW_COLOR_BLACK, 150, LEFT, PITCH, 0, -1,
             tag(GW_EL_HEADING, 0));
    add_text(pg, 2, fs, GW_ROLE_KAITI, "（一）科技创新能力持续增强", 16, 1, GW_COLOR_BLACK, 180,
             LEFT, PITCH, 0, -1, tag(GW_EL_HEADING, 1));
    add_text(pg, 2, fs, GW_ROLE_FANGSONG, "泉州市科学技术局", 16, 1, GW_COLOR_BLACK, 420, 330, PITCH,
             0, -1, tag(GW_EL_SIGNATURE, 0));
    add_text(pg, 2, fs, GW_ROLE_FANGSONG, "2021年9月27日", 16, 1, GW_COLOR_BLACK, 449, 340, PITCH,
             0, -1, tag(GW_EL_DATE, 0));
    add_images(pg, 2, outdir, 340, 380);
    add_rule(pg, LEFT, 700, LEFT + 442.2, 700, 0.99, GW_COLOR_BLACK, tag(GW_EL_COLOPHON_RULE, 0));
    add_text(pg, 2, fs, GW_ROLE_FANGSONG, "抄送：市直机关文明办。", 14, 1, GW_COLOR_BLACK, 722,
             LEFT + 14, 14, 0, -1, tag(GW_EL_CC, 0));
    add_rule(pg, LEFT, 730, LEFT + 442.2, 730, 0.7, GW_COLOR_BLACK, tag(GW_EL_COLOPHON_RULE, 0));
    add_text(pg, 2, fs, GW_ROLE_SONGTI, "— 2 —", 14, 1, GW_COLOR_BLACK, 800, 380, 0, 0, -1,
             tag(GW_EL_PAGE_NUMBER, 0));

    /* page 3: what a TextCode cannot say alone (a character beyond the BMP, a ligature,
     * characters no font has, a raised glyph, one character of two glyphs, one glyph of two
     * characters); not measured in ofd.js, which splits text by UTF-16 unit, ignores
     * CGTransform and draws with the fonts installed */
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    pg->number = 3;
    add_text(pg, 3, fs, GW_ROLE_XIAOBIAOSONG, "关于𠀋字的通知", 22, 1, GW_COLOR_BLACK, 150,
             LEFT + 80, 22, 0, -1, tag(GW_EL_TITLE, 0));
    add_text(pg, 3, fs, GW_ROLE_LATIN, "official affine flow, AVAWAY", 16, 1, GW_COLOR_BLACK, 200,
             LEFT, 0, 0, -1, tag(GW_EL_BODY, 1));
    add_text(pg, 3, fs, GW_ROLE_FANGSONG, "第3条字", 16, 1, GW_COLOR_BLACK, 240, LEFT, PITCH, 0,
             1, tag(GW_EL_BODY, 1));
    {
        size_t nl;
        const int *lat = gw_fontset_role_faces(fs, GW_ROLE_LATIN, &nl);
        hb_font_t *hf = gw_fontset_face(fs, lat[0])->hb_font;
        hb_codepoint_t ga = 0, gacute = 0;
        hb_font_get_nominal_glyph(hf, 'a', &ga);
        hb_font_get_nominal_glyph(hf, 0xB4, &gacute);
        /* "á" (2 bytes) as a + ´, then "a" */
        gw_glyph gl[3] = { { ga, LEFT, 0, 0, 2, 0, 0 }, { gacute, LEFT + 1.5, -2, 0, 0, 0, 0 },
                           { ga, LEFT + 20, 0, 2, 1, 0, 0 } };
        gw_glyph_run *r = gw_page_add_run(pg, lat[0], 16, 1, GW_COLOR_BLACK, 280, "áa", 3, gl, 3);
        r->tag = tag(GW_EL_BODY, 1);
        gw_buf_printf(&expect, ",\n  {\"page\": 3, \"text\": \"á\", \"x\": %.4f, \"y\": %.4f, "
                      "\"red\": false, \"size\": %.4f, \"hscale\": 1, \"element\": \"body\"}",
                      LEFT * PT_MM, 280 * PT_MM, 16 * PT_MM);
        gw_buf_printf(&expect, ",\n  {\"page\": 3, \"text\": \"a\", \"x\": %.4f, \"y\": %.4f, "
                      "\"red\": false, \"size\": %.4f, \"hscale\": 1, \"element\": \"body\"}",
                      (LEFT + 20) * PT_MM, 280 * PT_MM, 16 * PT_MM);
            /* two characters no font has: the 仿宋 face's .notdef for each */
        size_t nf;
        int fang = gw_fontset_role_faces(fs, GW_ROLE_FANGSONG, &nf)[0];
        gw_glyph miss[2] = { { 0, LEFT + 60, 0, 0, 3, 0, 0 }, { 0, LEFT + 76, 0, 3, 3, 0, 0 } };
        r = gw_page_add_run(pg, fang, 16, 1, GW_COLOR_BLACK, 280, "ꀂꀃ", 6, miss, 2);
        r->tag = tag(GW_EL_BODY, 1);
        gw_buf_printf(&expect, ",\n  {\"page\": 3, \"text\": \"ꀂ\", \"x\": %.4f, \"y\": %.4f, "
                      "\"red\": false, \"size\": %.4f, \"hscale\": 1, \"element\": \"body\"}",
                      (LEFT + 60) * PT_MM, 280 * PT_MM, 16 * PT_MM);
        gw_buf_printf(&expect, ",\n  {\"page\": 3, \"text\": \"ꀃ\", \"x\": %.4f, \"y\": %.4f, "
                      "\"red\": false, \"size\": %.4f, \"hscale\": 1, \"element\": \"body\"}",
                      (LEFT + 76) * PT_MM, 280 * PT_MM, 16 * PT_MM);
    }
    add_text(pg, 3, fs, GW_ROLE_SONGTI, "— 3 —", 14, 1, GW_COLOR_BLACK, 800, 380, 0, 0, -1,
             tag(GW_EL_PAGE_NUMBER, 0));

    /* page 4: a table page in the portrait frame; turned.ofd has the same page turned */
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    table_page(pg, 4, fs, outdir);

    gw_pagelist *turned = gw_pagelist_new();
    pg = gw_pagelist_add_page(turned, A4_W, A4_H);
    pg->rotate = 90;
    recording = false;
    table_page(pg, 4, fs, outdir);
    recording = true;

    char *out_ofd = gw_asprintf("%s/out.ofd", outdir), *again = gw_asprintf("%s/again.ofd", outdir);
    char *out_pdf = gw_asprintf("%s/out.pdf", outdir), *turned_ofd = gw_asprintf("%s/turned.ofd", outdir);
    char *expect_path = gw_asprintf("%s/expect.json", outdir);
    int rc = write_ofd(pl, fs, out_ofd, &d) || write_ofd(pl, fs, again, &d) ||
             write_ofd(turned, fs, turned_ofd, &d);
    if (rc == 0) {
        unsigned char *pdf = NULL;
        size_t len = 0;
        gw_pdf_options opt = { "gongwen 0.1.0", 0, false };
        rc = gw_pdf_write_with(pl, fs, &opt, &pdf, &len, &d) || gw_write_output(out_pdf, pdf, len);
        free(pdf);
    }
    if (rc == 0) {
        gw_buf j;
        gw_buf_init(&j);
        gw_buf_puts(&j, "{\"glyphs\": [");
        gw_buf_append(&j, expect.data, expect.len);
        gw_buf_printf(&j, "\n],\n\"images\": [%s],\n\"title\": ", images.data ? images.data : "");
        json_str(&j, pl->title, strlen(pl->title));
        gw_buf_puts(&j, ",\n\"author\": ");
        json_str(&j, pl->author, strlen(pl->author));
        gw_buf_puts(&j, ",\n\"subject\": ");
        json_str(&j, pl->subject, strlen(pl->subject));
        gw_buf_puts(&j, ",\n\"creator\": \"gongwen\", \"creator_version\": \"0.1.0\", "
                        "\"date\": \"2021-01-01\", \"reader_pages\": [1, 2, 4]}\n");
        rc = gw_write_output(expect_path, j.data, j.len);
        gw_buf_free(&j);
    }
    gw_diags_print(&d, stderr, GW_WARNING);
    free(out_ofd);
    free(again);
    free(out_pdf);
    free(turned_ofd);
    free(expect_path);
    gw_buf_free(&expect);
    gw_buf_free(&images);
    gw_pagelist_free(pl);
    gw_pagelist_free(turned);
    gw_fontset_close(fs);
    gw_diags_free(&d);
    return rc ? 1 : 0;
}

/* ---- error paths ---------------------------------------------------------------------------- */

static int expect_error(gw_pagelist *pl, gw_fontset *fs, const char *want)
{
    gw_diags d;
    gw_diags_init(&d, "test");
    unsigned char *out = (unsigned char *)"x";
    size_t len = 1;
    int rc = gw_ofd_write(pl, fs, NULL, &out, &len, &d);
    bool found = false;
    for (size_t i = 0; i < d.n; i++)
        found = found || strstr(d.items[i].message, want) != NULL;
    bool ok = rc == -1 && out == NULL && len == 0 && gw_diags_has_error(&d) && found;
    if (!ok) {
        fprintf(stderr, "FAIL: expected an error containing '%s'\n", want);
        gw_diags_print(&d, stderr, GW_NOTE);
    } else {
        for (size_t i = 0; i < d.n; i++)
            printf("ok: %s\n", d.items[i].message);
    }
    if (rc == 0)
        free(out);
    gw_diags_free(&d);
    return ok ? 0 : 1;
}

static int test_errors(void)
{
    gw_diags d;
    gw_diags_init(&d, "test");
    gw_fontset *fs = gw_fontset_open(GW_UNINSTALLED_FONTS_DIR, &d);
    gw_diags_free(&d);
    if (!fs)
        return 1;
    int fails = 0;
    gw_glyph g = { 1, 100, 0, 0, 3, 0, 0 };
    gw_pagelist *pl = gw_pagelist_new();
    gw_page *pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    gw_page_add_run(pg, 1, 16, 1, GW_COLOR_BLACK, 100, "一", 3, &g, 1);
    gw_page_add_image(pg, 100, 100, 50, 50, "/nonexistent/seal.png");
    fails += expect_error(pl, fs, "/nonexistent/seal.png");
    gw_pagelist_free(pl);

    pl = gw_pagelist_new();
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    gw_page_add_image(pg, 100, 100, 50, 50, GW_SOURCE_DATADIR "/fonts/roles.ini");
    fails += expect_error(pl, fs, "neither PNG nor JPEG");
    gw_pagelist_free(pl);

    pl = gw_pagelist_new();
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    gw_page_add_run(pg, 999, 16, 1, GW_COLOR_BLACK, 100, "一", 3, &g, 1);
    fails += expect_error(pl, fs, "face 999");
    gw_pagelist_free(pl);

    pl = gw_pagelist_new();
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    g.gid = 0xFFFFFF;
    gw_page_add_run(pg, 1, 16, 1, GW_COLOR_BLACK, 100, "一", 3, &g, 1);
    fails += expect_error(pl, fs, "is not in");
    gw_pagelist_free(pl);

    pl = gw_pagelist_new();
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    g.gid = 1;
    g.n_bytes = 7;
    gw_page_add_run(pg, 1, 16, 1, GW_COLOR_BLACK, 100, "一", 3, &g, 1);
    fails += expect_error(pl, fs, "outside the run's text");
    gw_pagelist_free(pl);

    pl = gw_pagelist_new();
    fails += expect_error(pl, fs, "no pages");
    gw_pagelist_free(pl);

    pl = gw_pagelist_new();
    gw_pagelist_add_page(pl, 1, 1);
    fails += expect_error(pl, fs, "page size");
    gw_pagelist_free(pl);

    gw_fontset_close(fs);
    return fails ? 1 : 0;
}

/* ---- licences ------------------------------------------------------------------------------
 * Faces whose OS/2 fsType (set here on the loaded faces) forbids subsetting (the Latin face
 * and the 黑体 face, a face of a .ttc) or any embedding (the 楷体 face): OUTDIR/licences.ofd. */
static int test_licences(const char *outdir)
{
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST)
        return 1;
    gw_diags d;
    gw_diags_init(&d, "test");
    gw_fontset *fs = gw_fontset_open(GW_UNINSTALLED_FONTS_DIR, &d);
    gw_diags_free(&d);
    if (!fs)
        return 1;
    size_t n;
    int latin = gw_fontset_role_faces(fs, GW_ROLE_LATIN, &n)[0];
    int hei = gw_fontset_role_faces(fs, GW_ROLE_HEITI, &n)[0];
    int kai = gw_fontset_role_faces(fs, GW_ROLE_KAITI, &n)[0];
    ((gw_face *)gw_fontset_face(fs, latin))->metrics.fs_type = 0x0100; /* no subsetting */
    ((gw_face *)gw_fontset_face(fs, hei))->metrics.fs_type = 0x0100;
    ((gw_face *)gw_fontset_face(fs, kai))->metrics.fs_type = 0x0002; /* restricted */
    gw_buf_init(&expect);
    gw_pagelist *pl = gw_pagelist_new();
    gw_page *pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    add_text(pg, 1, fs, GW_ROLE_LATIN, "Times 2021", 16, 1, GW_COLOR_BLACK, 150, LEFT, 0, 0, -1,
             tag(GW_EL_BODY, 0));
    add_text(pg, 1, fs, GW_ROLE_HEITI, "一、工作总结", 16, 1, GW_COLOR_BLACK, 180, LEFT, PITCH, 0,
             -1, tag(GW_EL_HEADING, 0));
    add_text(pg, 1, fs, GW_ROLE_KAITI, "（一）科技创新", 16, 1, GW_COLOR_BLACK, 210, LEFT, PITCH, 0,
             -1, tag(GW_EL_HEADING, 1));
    gw_diags_init(&d, "test");
    char *path = gw_asprintf("%s/licences.ofd", outdir);
    int rc = write_ofd(pl, fs, path, &d);
    gw_diags_print(&d, stdout, GW_NOTE);
    for (size_t i = 0; i < d.n; i++)
        printf("rule %s\n", d.items[i].rule);
    printf("whole %s %d\nwhole %s %d\nnone %s\n", gw_fontset_face(fs, latin)->family,
           (int)hb_face_get_glyph_count(gw_fontset_face(fs, latin)->hb_face),
           gw_fontset_face(fs, hei)->family,
           (int)hb_face_get_glyph_count(gw_fontset_face(fs, hei)->hb_face),
           gw_fontset_face(fs, kai)->family);
    free(path);
    gw_diags_free(&d);
    gw_buf_free(&expect);
    gw_pagelist_free(pl);
    gw_fontset_close(fs);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--errors") == 0)
        return test_errors();
    if (argc == 3 && strcmp(argv[1], "--licences") == 0)
        return test_licences(argv[2]);
    if (argc == 2)
        return build(argv[1]);
    fprintf(stderr, "usage: test_ofdbackend OUTDIR | --errors\n");
    return 2;
}
