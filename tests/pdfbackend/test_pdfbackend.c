/* test_pdfbackend.c: builds page lists by hand and writes them with gw_pdf_write.
 *
 * Owns the test input of the PDF back end: text shaped with the real font set (gw_shape),
 * placed like the layout places it (CJK on a 15.79 pt grid, Latin at its advances, justified
 * gaps, a red mark compressed to 80 %, a raised glyph, rules, images, runs of consecutive CIDs
 * that give each CFF charset format), written to OUT/out.pdf, with
 * OUT/expect.json listing what check.py must read back: each glyph's origin and colour, each
 * line's text, the fonts, the rules and the document info.
 *
 *   test_pdfbackend OUTDIR [--exact-outlines]
 *                                      the test document (3 pages; images if OUTDIR has them),
 *                                      its fonts drawn as simplified CFF outlines (the default)
 *                                      or embedded as the faces' own subsets
 *   test_pdfbackend --bench TXT OUT.pdf [RUNS]
 *                                      a 12-page-like body from a text file: times gw_pdf_write
 *   test_pdfbackend --errors           the error paths (missing image, bad face, bad glyph) */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/gw_diag.h"
#include "base/gw_output.h"
#include "base/gw_util.h"
#include "fonts/gw_fonts.h"
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
#define PITCH 15.79   /* 156 mm / 28 characters, the 版心 grid */
#define LEFT 79.37    /* 28 mm */

static gw_buf expect;      /* JSON being built */
static int first_glyph = 1;

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

typedef struct {
    double x;          /* pen */
    double extra;      /* added after every glyph (justification), pt */
    double pitch;      /* > 0: every glyph of a CJK face takes this much */
    double raise_at;   /* glyph index (in the call) raised by 1.5 pt, −1 = none */
} placement;

/* Shapes text in role, splits it into runs by face, places the glyphs and records every glyph
 * in expect.json. Returns the pen after the text. */
static double add_text(gw_page *pg, int page_no, gw_fontset *fs, gw_font_role role,
                       const char *text, double size, double hscale, gw_color color,
                       double baseline, placement pl)
{
    size_t len = strlen(text);
    gw_shaped *sh = NULL;
    size_t n = test_shape(fs, role, text, len, &sh, NULL);
    gw_glyph *gl = gw_xcalloc(n ? n : 1, sizeof *gl);
    double pen = pl.x;
    for (size_t s = 0; s < n;) {
        size_t e = s;
        while (e < n && sh[e].face == sh[s].face)
            e++;
        /* the run's text: from its first cluster to the next run's first cluster */
        uint32_t t0 = sh[s].cluster, t1 = e < n ? sh[e].cluster : (uint32_t)len;
        const gw_face *face = gw_fontset_face(fs, sh[s].face);
        for (size_t i = s; i < e; i++) {
            gw_glyph *g = &gl[i - s];
            g->gid = sh[i].gid;
            g->x = pen + sh[i].x_offset * size * hscale;
            g->dy = -sh[i].y_offset * size + ((double)i == pl.raise_at ? -1.5 : 0);
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
            if (pl.pitch > 0 && face->em_top > 0.5 && sh[i].codepoint >= 0x2E80)
                adv = pl.pitch;
            if (g->n_bytes > 0) {
                gw_buf_puts(&expect, first_glyph ? "\n  " : ",\n  ");
                first_glyph = 0;
                gw_buf_printf(&expect, "{\"page\": %d, \"text\": ", page_no);
                json_str(&expect, text + sh[i].cluster, g->n_bytes);
                gw_buf_printf(&expect, ", \"x\": %.4f, \"y\": %.4f, \"red\": %s, \"size\": %g}",
                              g->x, baseline + g->dy, color == GW_COLOR_RED ? "true" : "false",
                              size);
            }
            pen += adv + pl.extra;
        }
        gw_page_add_run(pg, sh[s].face, size, hscale, color, baseline, text + t0, t1 - t0, gl,
                        e - s);
        s = e;
    }
    free(gl);
    free(sh);
    return pen;
}

/* Adds text drawn in one given face (its nominal glyphs, one per character), each character
 * pitch pt after the previous, and records the glyphs in expect.json. */
static void add_direct(gw_page *pg, int page_no, const gw_fontset *fs, int face,
                       const char *text, double size, double baseline, double x0, double pitch)
{
    size_t len = strlen(text), n = 0;
    gw_glyph *gl = gw_xcalloc(len ? len : 1, sizeof *gl);
    hb_font_t *hf = gw_fontset_face(fs, face)->hb_font;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t nb = gw_utf8_decode(text + i, len - i, &cp);
        hb_codepoint_t gid = 0;
        hb_font_get_nominal_glyph(hf, cp, &gid);
        gl[n] = (gw_glyph){ gid, x0 + pitch * (double)n, 0, (uint32_t)i, (uint32_t)nb, 0, 0 };
        gw_buf_printf(&expect, ",\n  {\"page\": %d, \"text\": ", page_no);
        json_str(&expect, text + i, nb);
        gw_buf_printf(&expect, ", \"x\": %.4f, \"y\": %.4f, \"red\": false, \"size\": %g}",
                      gl[n].x, baseline, size);
        n++;
        i += nb;
    }
    gw_page_add_run(pg, face, size, 1, GW_COLOR_BLACK, baseline, text, len, gl, n);
    free(gl);
}

static int face_by_family(const gw_fontset *fs, const char *family)
{
    for (size_t i = 0; i < gw_fontset_n_faces(fs); i++)
        if (strcmp(gw_fontset_face(fs, (int)i)->family, family) == 0)
            return (int)i;
    return -1;
}

/* GB2312 hanzi in code order (rows 16 and 17 on), which is the Adobe-GB1 CID order: a subset
 * of them has consecutive CIDs, so hb-subset writes a range charset (format 1 for one short
 * range, format 2 for a long one) where scattered glyphs give format 0. */
static const char gb2312_row16[] = "啊阿埃挨哎唉哀皑癌蔼矮艾碍爱隘鞍氨安俺按暗岸胺案肮昂盎凹";
static const char gb2312_row17[] =
    "薄雹保堡饱宝抱报暴豹鲍爆杯碑悲卑北辈背贝钡倍狈备惫焙被奔苯本"
    "笨崩绷甭泵蹦迸逼鼻比鄙笔彼碧蓖蔽毕毙毖币庇痹闭敝弊必辟壁臂避"
    "陛鞭边编贬扁便变卞辨辩辫遍标彪膘表鳖憋别瘪彬斌濒滨宾摈兵冰柄"
    "丙秉饼炳病并玻菠播拨钵波博勃搏铂箔伯帛舶脖膊渤泊驳捕卜哺补埠"
    "不布步簿部怖擦猜裁材才财睬踩采彩菜蔡餐参蚕残惭惨灿苍舱仓沧藏"
    "操糙槽曹草厕策侧册测层蹭插叉茬茶查碴搽察岔差诧拆柴豺搀掺蝉馋"
    "谗缠铲产阐颤昌猖场尝常长偿肠厂敞畅唱倡超抄钞朝嘲潮巢吵炒车扯"
    "撤掣彻澈郴臣辰尘晨忱沉陈趁衬撑称城橙成呈乘程惩澄诚承逞骋秤吃"
    "痴持匙池迟弛驰耻齿侈尺赤翅斥炽充冲虫崇宠抽酬畴踌稠愁筹仇绸瞅"
    "丑臭初出橱厨躇锄雏滁除楚础储矗搐触处揣川穿椽传船喘串疮窗幢床";

static gw_buf lines;       /* expected text, line by line, pages separated by \f */
static gw_buf images;      /* the "images" member of expect.json */
static gw_buf missing;     /* the "missing" member: characters drawn with .notdef */

static void expect_line(const char *s)
{
    gw_buf_puts(&lines, s);
    gw_buf_putc(&lines, '\n');
}

static int build_test(const char *outdir, bool exact)
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
    gw_buf_init(&lines);
    gw_buf_init(&images);
    gw_buf_init(&missing);
    gw_buf_puts(&expect, "{\"glyphs\": [");

    gw_pagelist *pl = gw_pagelist_new();
    pl->title = gw_strdup("关于印发《泉州市科技局2021年工作总结》的通知");
    pl->author = gw_strdup("泉州市科学技术局");
    pl->subject = gw_strdup("泉科〔2021〕172号");

    /* page 1 */
    gw_page *pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    pg->number = 1;
    /* the red 发文机关标志, compressed to 80 % */
    const char *mark = "泉州市科学技术局文件";
    placement p = { LEFT + 20, 0, 0, -1 };
    add_text(pg, 1, fs, GW_ROLE_XIAOBIAOSONG, mark, 36, 0.8, GW_COLOR_RED, 200, p);
    expect_line(mark);
    /* 发文字号: CJK and Latin runs on one baseline */
    p = (placement){ LEFT + 140, 0, 16, -1 };
    double x = add_text(pg, 1, fs, GW_ROLE_FANGSONG, "泉科〔", 16, 1, GW_COLOR_BLACK, 280, p);
    p.x = x;
    x = add_text(pg, 1, fs, GW_ROLE_LATIN, "2021", 16, 1, GW_COLOR_BLACK, 280, p);
    p.x = x;
    x = add_text(pg, 1, fs, GW_ROLE_FANGSONG, "〕", 16, 1, GW_COLOR_BLACK, 280, p);
    p.x = x;
    x = add_text(pg, 1, fs, GW_ROLE_LATIN, "172", 16, 1, GW_COLOR_BLACK, 280, p);
    p.x = x;
    add_text(pg, 1, fs, GW_ROLE_FANGSONG, "号", 16, 1, GW_COLOR_BLACK, 280, p);
    expect_line("泉科〔2021〕172号");
    gw_page_add_rule(pg, LEFT, 292, LEFT + 442.2, 292, 1.0, GW_COLOR_RED);
    gw_page_add_rule(pg, LEFT, 700, LEFT + 442.2, 700, 0.99, GW_COLOR_BLACK);
    /* 标题 with a character beyond the BMP (a surrogate pair in ToUnicode) */
    const char *title = "关于𠀋字的通知";
    p = (placement){ LEFT + 120, 0, 22, -1 };
    add_text(pg, 1, fs, GW_ROLE_XIAOBIAOSONG, title, 22, 1, GW_COLOR_BLACK, 340, p);
    expect_line(title);
    /* body lines on the 28-character grid */
    const char *body[] = {
        "各县（市、区）科技局，泉州开发区、泉州台商投资区科技",
        "局，市直有关单位：现将《泉州市科技局２０２１年工作总结",
        "》印发给你们，请结合实际认真贯彻落实。",
    };
    double base = 380;
    for (int i = 0; i < 3; i++, base += 28.95) {
        /* line 2 is justified: 0.42 pt more between characters */
        p = (placement){ LEFT, i == 1 ? 0.42 : 0, PITCH, -1 };
        add_text(pg, 1, fs, GW_ROLE_FANGSONG, body[i], 16, 1, GW_COLOR_BLACK, base, p);
        expect_line(body[i]);
    }
    /* one run whose gaps grow from 0 to 1.2 pt (TJ numbers, no common Tc): pdftotext must
     * not see spaces (it inserts one past 0.1 em beyond a glyph's box) */
    const char *gaps = "一二三四五六七八九十百千万";
    {
        gw_shaped *sh = NULL;
        size_t n = test_shape(fs, GW_ROLE_FANGSONG, gaps, strlen(gaps), &sh, NULL);
        gw_glyph *gl = gw_xcalloc(n, sizeof *gl);
        double gx = LEFT;
        for (size_t i = 0; i < n; i++) {
            size_t nb = (i + 1 < n ? sh[i + 1].cluster : strlen(gaps)) - sh[i].cluster;
            gl[i] = (gw_glyph){ sh[i].gid, gx, 0, sh[i].cluster, (uint32_t)nb, 0, 0 };
            gw_buf_printf(&expect, ",\n  {\"page\": 1, \"text\": ");
            json_str(&expect, gaps + sh[i].cluster, nb);
            gw_buf_printf(&expect, ", \"x\": %.4f, \"y\": %.4f, \"red\": false, \"size\": 16}",
                          gx, base);
            gx += 16 + 0.1 * (double)i;
        }
        gw_page_add_run(pg, sh[0].face, 16, 1, GW_COLOR_BLACK, base, gaps, strlen(gaps), gl, n);
        free(gl);
        free(sh);
        expect_line(gaps);
        base += 28.95;
    }
    /* Latin at its own advances, with spaces and kerning */
    const char *latin = "GB/T 9704-2012, AVAWAY Times";
    p = (placement){ LEFT, 0, 0, -1 };
    add_text(pg, 1, fs, GW_ROLE_LATIN, latin, 16, 1, GW_COLOR_BLACK, base, p);
    expect_line(latin);
    base += 28.95;
    /* a raised glyph (dy) inside a run */
    const char *raised = "第3条";
    p = (placement){ LEFT, 0, PITCH, 1 };
    add_text(pg, 1, fs, GW_ROLE_FANGSONG, raised, 16, 1, GW_COLOR_BLACK, base, p);
    expect_line(raised);
    gw_buf_putc(&lines, '\f');

    /* page 2: 黑体, 楷体 (TrueType when AR PL UKai is its second face) and the 页码 */
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    pg->number = 2;
    p = (placement){ LEFT, 0, PITCH, -1 };
    add_text(pg, 2, fs, GW_ROLE_HEITI, "一、工作总结", 16, 1, GW_COLOR_BLACK, 150, p);
    expect_line("一、工作总结");
    size_t n_kai;
    const int *kai = gw_fontset_role_faces(fs, GW_ROLE_KAITI, &n_kai);
    int ttf_kai = -1;
    for (size_t i = 0; i < n_kai; i++)
        if (!gw_fontset_face(fs, kai[i])->cff)
            ttf_kai = kai[i];
    const char *kaitext = "（一）科技创新能力持续增强";
    p = (placement){ LEFT, 0, PITCH, -1 };
    if (ttf_kai >= 0) /* a TrueType collection face */
        add_direct(pg, 2, fs, ttf_kai, kaitext, 16, 180, LEFT, PITCH);
    else
        add_text(pg, 2, fs, GW_ROLE_KAITI, kaitext, 16, 1, GW_COLOR_BLACK, 180, p);
    expect_line(kaitext);
    /* a glyph standing for nothing extra (n_bytes 0: the 2nd glyph of a cluster) and one glyph
     * used for two texts: the first text wins in ToUnicode, the second is said with
     * /ActualText (pdftotext reads it; MuPDF 1.21 does not), both draw the same glyph */
    {
        size_t nl;
        const int *lat = gw_fontset_role_faces(fs, GW_ROLE_LATIN, &nl);
        hb_font_t *hf = gw_fontset_face(fs, lat[0])->hb_font;
        hb_codepoint_t ga = 0, gacute = 0;
        hb_font_get_nominal_glyph(hf, 'a', &ga);
        hb_font_get_nominal_glyph(hf, 0xB4, &gacute); /* ´ */
        gw_glyph gl[2] = { { ga, LEFT, 0, 0, 1, 0, 0 }, { gacute, LEFT + 1.5, -2, 0, 0, 0, 0 } };
        gw_page_add_run(pg, lat[0], 16, 1, GW_COLOR_BLACK, 210, "a", 1, gl, 2);
        gw_buf_printf(&expect, ",\n  {\"page\": 2, \"text\": \"a\", \"x\": %.4f, \"y\": 210, "
                      "\"red\": false, \"size\": 16}", LEFT);
        expect_line("a");
        /* the same glyph later standing for "ɑ": its ToUnicode entry stays "a" */
        gw_glyph again = { ga, LEFT + 40, 0, 0, 2, 0, 0 };
        gw_page_add_run(pg, lat[0], 16, 1, GW_COLOR_RED, 240, "ɑ", 2, &again, 1);
        gw_buf_printf(&expect, ",\n  {\"page\": 2, \"text\": \"a\", \"alt\": \"ɑ\", \"x\": %.4f, "
                      "\"y\": 240, \"red\": true, \"size\": 16}", LEFT + 40);
        expect_line("ɑ");
    }
    /* characters no font has: .notdef (glyph 0) again and again, each with a CID of its own
     * that extracts as itself: in a TrueType face (Latin) mapped to glyph 0 by the
     * CIDToGIDMap, in a CID-keyed CFF face (仿宋) a copy of .notdef (glyph id = CID). Ꭰ with
     * U+A980 is one cluster of two boxes. */
    {
        /* and a face that draws nothing else: its font holds only .notdef and its copies */
        size_t n_fang, n_latin;
        int fang = gw_fontset_role_faces(fs, GW_ROLE_FANGSONG, &n_fang)[0];
        int latin = gw_fontset_role_faces(fs, GW_ROLE_LATIN, &n_latin)[0];
        int spare = -1;
        for (size_t f = 0; f < gw_fontset_n_faces(fs) && spare < 0; f++) {
            bool used = (int)f == fang || (int)f == latin;
            for (size_t k = 0; k < pl->n_pages && !used; k++)
                for (size_t r = 0; r < pl->pages[k].n_runs && !used; r++)
                    used = pl->pages[k].runs[r].face == (int)f;
            if (!used)
                spare = (int)f;
        }
        static const struct {
            gw_font_role role;
            const char *text;
            double y;
        } miss[] = { { GW_ROLE_FANGSONG, "ꀀꀁꀀ", 270 }, { GW_ROLE_LATIN, "ༀᎠꦀༀ", 300 },
                     { GW_ROLE_COUNT, "ꀂꀃ", 330 } };
        gw_buf_puts(&missing, "\n\"missing\": [");
        bool first_missing = true;
        for (size_t m = 0; m < 3; m++) {
            size_t nf;
            if (m == 2 && spare < 0)
                break;
            int face = m == 2 ? spare : gw_fontset_role_faces(fs, miss[m].role, &nf)[0];
            const gw_face *gf = gw_fontset_face(fs, face);
            double adv = hb_font_get_glyph_h_advance(gf->hb_font, 0) * 16.0 / gf->upem;
            const char *t = miss[m].text;
            size_t len = strlen(t), n = 0;
            gw_glyph gl[8];
            for (size_t i = 0; i < len;) {
                uint32_t cp;
                size_t nb = gw_utf8_decode(t + i, len - i, &cp);
                bool mark = cp == 0xA980; /* joins the cluster of the character before */
                uint32_t cluster = mark ? gl[n - 1].cluster : (uint32_t)i;
                if (mark)
                    gl[n - 1].n_bytes += (uint32_t)nb;
                gl[n] = (gw_glyph){ 0, LEFT + adv * (double)n, 0, cluster, mark ? 0 : (uint32_t)nb, 0, 0 };
                gw_buf_printf(&expect, ",\n  {\"page\": 2, \"text\": ");
                json_str(&expect, t + i, nb);
                gw_buf_printf(&expect, ", \"x\": %.4f, \"y\": %.4f, \"red\": false, \"size\": 16}",
                              gl[n].x, miss[m].y);
                if (!gf->cff) { /* drawn with glyph 0: check.py checks that */
                    gw_buf_puts(&missing, first_missing ? "" : ", ");
                    json_str(&missing, t + i, nb);
                    first_missing = false;
                }
                n++;
                i += nb;
            }
            gw_page_add_run(pg, face, 16, 1, GW_COLOR_BLACK, miss[m].y, t, len, gl, n);
            expect_line(t);
        }
        gw_buf_puts(&missing, "]");
    }
    /* images in their boxes: a PNG with an alpha channel (a seal) and a JPEG, if check.py left
     * them in OUTDIR */
    gw_buf_puts(&images, "\n\"images\": [");
    const char *pics[3] = { "seal.png", "stamp.jpg", "seal-copy.png" };
    for (int i = 0; i < 3; i++) {
        char *path = gw_asprintf("%s/%s", outdir, pics[i]);
        FILE *fp = fopen(path, "rb");
        if (fp) {
            fclose(fp);
            double ix = i < 2 ? 340 + 130 * i : 470, iy = i < 2 ? 560 : 640;
            double iw = i < 2 ? 120 - 40 * i : 60, ih = i < 2 ? 120 - 60 * i : 60;
            gw_page_add_image(pg, ix, iy, iw, ih, path);
            gw_buf_printf(&images, "%s{\"page\": 2, \"x\": %g, \"y\": %g, \"w\": %g, "
                          "\"h\": %g}", images.len > 13 ? ", " : "", ix, iy, iw, ih);
        }
        free(path);
    }
    gw_buf_puts(&images, "],");
    /* 页码 in 宋体 with Latin digits */
    p = (placement){ A4_W - LEFT - 16 - 4 * 14, 0, 14, -1 };
    x = add_text(pg, 2, fs, GW_ROLE_SONGTI, "—", 14, 1, GW_COLOR_BLACK, 800, p);
    p.x = x + 7;
    x = add_text(pg, 2, fs, GW_ROLE_LATIN, "2", 14, 1, GW_COLOR_BLACK, 800, p);
    p.x = x + 7;
    add_text(pg, 2, fs, GW_ROLE_SONGTI, "—", 14, 1, GW_COLOR_BLACK, 800, p);
    expect_line("— 2 —");
    gw_buf_putc(&lines, '\f');

    /* page 3: consecutive GB2312 characters in FandolKai (28: a one-range charset, format 1)
     * and FandolHei (300 in 10 lines: format 2), besides the scattered ones above (format 0) */
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    pg->number = 3;
    int kai_face = face_by_family(fs, "FandolKai"), hei_face = face_by_family(fs, "FandolHei");
    if (kai_face >= 0) {
        add_direct(pg, 3, fs, kai_face, gb2312_row16, 15.79, 120, LEFT, PITCH);
        expect_line(gb2312_row16);
    }
    if (hei_face >= 0) {
        const char *t = gb2312_row17;
        for (int l = 0; l < 10; l++) {
            /* 30 characters a line: 3 bytes each */
            char line[30 * 3 + 1];
            memcpy(line, t + l * 90, 90);
            line[90] = '\0';
            add_direct(pg, 3, fs, hei_face, line, 12, 160 + 20 * l, LEFT, 12);
            expect_line(line);
        }
    }
    gw_buf_putc(&lines, '\f');

    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    gw_pdf_options opt = { "gongwen 0.1.0", 0, exact };
    int rc = gw_pdf_write_with(pl, fs, &opt, &pdf, &pdf_len, &d);
    gw_diags_print(&d, stderr, GW_ERROR);
    if (rc == 0) {
        char *path = gw_asprintf("%s/out.pdf", outdir);
        rc = gw_write_output(path, pdf, pdf_len);
        free(path);
        gw_buf_puts(&expect, "\n],");
        gw_buf_append(&expect, images.data, images.len);
        gw_buf_append(&expect, missing.data, missing.len);
        gw_buf_puts(&expect, ",\n\"text\": ");
        json_str(&expect, lines.data, lines.len);
        gw_buf_puts(&expect, ",\n\"title\": ");
        json_str(&expect, pl->title, strlen(pl->title));
        gw_buf_puts(&expect, ",\n\"author\": ");
        json_str(&expect, pl->author, strlen(pl->author));
        gw_buf_puts(&expect, ",\n\"subject\": ");
        json_str(&expect, pl->subject, strlen(pl->subject));
        gw_buf_printf(&expect, ",\n\"exact_outlines\": %s", exact ? "true" : "false");
        gw_buf_puts(&expect, ",\n\"creator\": \"gongwen 0.1.0\",\n\"fonts\": [");
        /* every face used, with the type pdffonts must report */
        bool used[64] = { 0 };
        for (size_t k = 0; k < pl->n_pages; k++)
            for (size_t r = 0; r < pl->pages[k].n_runs; r++)
                used[pl->pages[k].runs[r].face] = true;
        bool firstf = true;
        for (size_t f = 0; f < gw_fontset_n_faces(fs) && f < 64; f++) {
            if (!used[f])
                continue;
            const gw_face *face = gw_fontset_face(fs, (int)f);
            gw_buf_printf(&expect, "%s\n  {\"family\": ", firstf ? "" : ",");
            json_str(&expect, face->family, strlen(face->family));
            /* simplified outlines are always a CFF; exact ones keep the face's format */
            gw_buf_printf(&expect, ", \"type\": \"%s\"}",
                          face->cff || !exact ? "CID Type 0C" : "CID TrueType");
            firstf = false;
        }
        gw_buf_puts(&expect, "\n],\n\"rules\": [\n");
        for (size_t r = 0; r < pl->pages[0].n_rules; r++) {
            const gw_rule *ru = &pl->pages[0].rules[r];
            gw_buf_printf(&expect, "%s  {\"x0\": %g, \"y0\": %g, \"x1\": %g, \"y1\": %g, "
                          "\"width\": %g, \"red\": %s}", r ? ",\n" : "", ru->x0, ru->y0, ru->x1,
                          ru->y1, ru->width, ru->color == GW_COLOR_RED ? "true" : "false");
        }
        gw_buf_puts(&expect, "\n]}\n");
        path = gw_asprintf("%s/expect.json", outdir);
        rc = rc || gw_write_output(path, expect.data, expect.len);
        free(path);
    }
    free(pdf);
    gw_buf_free(&expect);
    gw_buf_free(&lines);
    gw_buf_free(&images);
    gw_buf_free(&missing);
    gw_pagelist_free(pl);
    gw_fontset_close(fs);
    gw_diags_free(&d);
    return rc ? 1 : 0;
}

/* ---- error paths ---------------------------------------------------------------------------- */

static int expect_error(gw_pagelist *pl, gw_fontset *fs, const char *want)
{
    gw_diags d;
    gw_diags_init(&d, "test");
    unsigned char *pdf = (unsigned char *)"x";
    size_t len = 1;
    int rc = gw_pdf_write(pl, fs, "gongwen", &pdf, &len, &d);
    int ok = rc == -1 && pdf == NULL && len == 0 && gw_diags_has_error(&d);
    bool found = false;
    for (size_t i = 0; i < d.n; i++)
        found = found || strstr(d.items[i].message, want) != NULL;
    if (!ok || !found) {
        fprintf(stderr, "FAIL: expected an error containing '%s'\n", want);
        gw_diags_print(&d, stderr, GW_NOTE);
    } else {
        for (size_t i = 0; i < d.n; i++)
            printf("ok: %s\n", d.items[i].message);
    }
    gw_diags_free(&d);
    return ok && found ? 0 : 1;
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

    /* a file that is not an image */
    pl = gw_pagelist_new();
    pg = gw_pagelist_add_page(pl, A4_W, A4_H);
    gw_page_add_image(pg, 100, 100, 50, 50, GW_SOURCE_DATADIR "/fonts/roles.ini");
    fails += expect_error(pl, fs, "neither a PNG nor a JPEG");
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
    pg = gw_pagelist_add_page(pl, 1, 1); /* libharu refuses pages under 3 pt */
    fails += expect_error(pl, fs, "page size");
    gw_pagelist_free(pl);

    gw_fontset_close(fs);
    return fails ? 1 : 0;
}

/* ---- benchmark: a sample-sized document --------------------------------------------------- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Sets TXT (the examples/ format: `#` titles, `##`/`###` headings, `**` run-in marks) roughly
 * as the layout will: titles in 小标宋, 一、 headings in 黑体, （一） headings in 楷体, the rest
 * in 仿宋, 28 characters a line on the grid, 22 lines a page, ASCII in the Latin face, a red
 * mark and rule on page 1, page numbers. Only for timing and size: no 避头尾, no justification. */
static int bench(const char *txt, const char *out, int runs)
{
    gw_diags d;
    gw_diags_init(&d, txt);
    size_t len;
    char *text = gw_read_whole_file(txt, &len);
    gw_fontset *fs = text ? gw_fontset_open(GW_UNINSTALLED_FONTS_DIR, &d) : NULL;
    if (!fs) {
        fprintf(stderr, "cannot open %s or the fonts\n", txt);
        free(text);
        gw_diags_free(&d);
        return 1;
    }
    gw_buf_init(&expect);
    gw_buf_init(&lines);
    gw_pagelist *pl = gw_pagelist_new();
    pl->title = gw_strdup("关于印发工作总结的通知");
    pl->author = gw_strdup("泉州市科学技术局");
    pl->subject = gw_strdup("泉科〔2021〕172号");
    gw_page *pg = NULL;
    int line = 0, page = 0;
    gw_buf para;
    gw_buf_init(&para);
    char buf[28 * 4 + 1];
    for (size_t i = 0; i < len;) {
        /* one paragraph: a line of the file without its markup */
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        para.len = 0;
        int hashes = 0;
        size_t k = i;
        while (k < e && text[k] == '#')
            k++, hashes++;
        while (k < e && text[k] == ' ')
            k++;
        for (; k < e; k++)
            if (text[k] != '*')
                gw_buf_putc(&para, text[k]);
        i = e + 1;
        if (para.len == 0)
            continue;
        gw_font_role role = GW_ROLE_FANGSONG;
        double size = 16;
        if (hashes == 1) {
            role = GW_ROLE_XIAOBIAOSONG;
            size = 22;
        } else if (strncmp(para.data, "（", 3) == 0) {
            role = GW_ROLE_KAITI;
        } else if (hashes >= 2) {
            role = GW_ROLE_HEITI;
        }
        int indent = hashes == 1 ? 0 : 2;
        for (size_t s = 0; s < para.len;) {
            if (line % 22 == 0) {
                pg = gw_pagelist_add_page(pl, A4_W, A4_H);
                page++;
                char num[32];
                snprintf(num, sizeof num, "%d", page);
                placement p = { 450, 0, 0, -1 };
                add_text(pg, page, fs, GW_ROLE_SONGTI, "—", 14, 1, GW_COLOR_BLACK, 800, p);
                p.x = 470;
                add_text(pg, page, fs, GW_ROLE_LATIN, num, 14, 1, GW_COLOR_BLACK, 800, p);
                if (page == 1) {
                    p = (placement){ LEFT + 20, 0, 0, -1 };
                    add_text(pg, page, fs, GW_ROLE_XIAOBIAOSONG, "泉州市科学技术局文件", 36, 0.8,
                             GW_COLOR_RED, 150, p);
                    gw_page_add_rule(pg, LEFT, 170, LEFT + 442.2, 170, 1, GW_COLOR_RED);
                }
            }
            /* one line: up to 28 − indent characters, ASCII runs in the Latin face */
            size_t start = s;
            for (int nch = indent; s < para.len && nch < 28; nch++) {
                uint32_t cp;
                s += gw_utf8_decode(para.data + s, para.len - s, &cp);
            }
            double x = LEFT + indent * PITCH, base = 230 + 28.95 * (line % 22);
            for (size_t r = start; r < s;) {
                bool ascii = (unsigned char)para.data[r] < 0x80;
                size_t q = r;
                while (q < s && ((unsigned char)para.data[q] < 0x80) == ascii)
                    q++;
                memcpy(buf, para.data + r, q - r);
                buf[q - r] = '\0';
                placement p = { x, 0.05, ascii ? 0 : PITCH, -1 };
                x = add_text(pg, page, fs, ascii ? GW_ROLE_LATIN : role, buf, size, 1,
                             GW_COLOR_BLACK, base, p);
                r = q;
            }
            indent = 0;
            line++;
        }
    }
    gw_buf_free(&para);
    double *ms = gw_xcalloc((size_t)runs, sizeof *ms);
    unsigned char *pdf = NULL;
    size_t pdf_len = 0;
    int rc = 0;
    for (int r = 0; r < runs && rc == 0; r++) {
        free(pdf);
        double t0 = now_ms();
        rc = gw_pdf_write(pl, fs, "gongwen 0.1.0", &pdf, &pdf_len, &d);
        ms[r] = now_ms() - t0;
    }
    gw_diags_print(&d, stderr, GW_ERROR);
    if (rc == 0) {
        qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
        size_t faces = 0;
        bool used[64] = { 0 };
        for (size_t k = 0; k < pl->n_pages; k++)
            for (size_t r = 0; r < pl->pages[k].n_runs; r++)
                if (!used[pl->pages[k].runs[r].face]) {
                    used[pl->pages[k].runs[r].face] = true;
                    faces++;
                }
        printf("%zu pages, %zu faces: gw_pdf_write median %.2f ms (min %.2f, max %.2f, %d runs), "
               "%zu bytes\n", pl->n_pages, faces, ms[runs / 2], ms[0], ms[runs - 1], runs,
               pdf_len);
        rc = gw_write_output(out, pdf, pdf_len);
    }
    free(ms);
    free(pdf);
    free(text);
    gw_buf_free(&expect);
    gw_buf_free(&lines);
    gw_pagelist_free(pl);
    gw_fontset_close(fs);
    gw_diags_free(&d);
    return rc ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "--bench") == 0)
        return bench(argv[2], argv[3], argc >= 5 ? atoi(argv[4]) : 21);
    if (argc == 2 && strcmp(argv[1], "--errors") == 0)
        return test_errors();
    if (argc == 2 || (argc == 3 && strcmp(argv[2], "--exact-outlines") == 0))
        return build_test(argv[1], argc == 3);
    fprintf(stderr, "usage: test_pdfbackend OUTDIR [--exact-outlines] | --errors | "
                    "--bench TXT OUT.pdf [RUNS]\n");
    return 2;
}
