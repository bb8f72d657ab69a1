/* test_fonts.c: unit tests of the fonts stage (src/fonts): role resolution through fontconfig,
 * the stand-ins this machine's setup.sh installs, collection face indices, the em box,
 * per-glyph fallback, cluster offsets, the missing-character warning, and the errors. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <hb-ot.h>

#include "base/gw_output.h"
#include "base/gw_util.h"
#include "fonts/gw_fonts.h"

/* Shapes with a shaper of its own (a document of its own). */
static size_t test_shape(const gw_fontset *fs, gw_font_role role, const char *text, size_t len,
                         gw_shaped **out, gw_diags *diags)
{
    gw_shaper *sh = gw_shaper_new(fs);
    size_t n = gw_shape(sh, role, text, len, out, diags);
    gw_shaper_free(sh);
    return n;
}

#define FONTS_DIR GW_UNINSTALLED_FONTS_DIR
#define SAMPLE GW_SOURCE_DATADIR "/examples/quanzhou-kjj-2021-172.txt"

/* The family each role gets from the stand-ins setup.sh installs; a role served by a real
 * office font on some machine is not checked against this. */
static const char *const standin_family[GW_ROLE_COUNT] = {
    "Noto Serif CJK SC", "FandolFang", "Noto Sans CJK SC", "FandolKai", "Noto Serif CJK SC",
    "Liberation Serif",
};

typedef struct {
    gw_fontset *fs;
    gw_shaper *sh; /* the fixture's document */
    gw_diags diags;
} fixture;

static int setup(void **state)
{
    fixture *f = gw_xcalloc(1, sizeof *f);
    gw_diags_init(&f->diags, "test");
    f->fs = gw_fontset_open(FONTS_DIR, &f->diags);
    if (!f->fs) {
        gw_diags_print(&f->diags, stderr, GW_NOTE);
        gw_diags_free(&f->diags);
        free(f);
        return -1;
    }
    f->sh = gw_shaper_new(f->fs);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    gw_shaper_free(f->sh);
    gw_fontset_close(f->fs);
    gw_diags_free(&f->diags);
    free(f);
    return 0;
}

static size_t count_containing(const gw_diags *d, const char *needle)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++)
        n += strstr(d->items[i].message, needle) != NULL;
    return n;
}

static const gw_face *role_face(const gw_fontset *fs, gw_font_role role, size_t k)
{
    size_t n = 0;
    const int *faces = gw_fontset_role_faces(fs, role, &n);
    assert_true(k < n);
    return gw_fontset_face(fs, faces[k]);
}

static int role_face_index(const gw_fontset *fs, gw_font_role role)
{
    size_t n = 0;
    const int *faces = gw_fontset_role_faces(fs, role, &n);
    assert_true(n > 0);
    return faces[0];
}

/* The family name (name ID 1, English) HarfBuzz reads from the face itself. */
static void face_family(const gw_face *f, char *buf, unsigned size)
{
    hb_ot_name_get_utf8(f->hb_face, HB_OT_NAME_ID_FONT_FAMILY, hb_language_from_string("en", -1),
                        &size, buf);
}

static void test_roles_resolve(void **state)
{
    fixture *f = *state;
    assert_false(gw_diags_has_error(&f->diags));
    assert_string_equal(gw_role_name(GW_ROLE_XIAOBIAOSONG), "小标宋");
    assert_string_equal(gw_role_name(GW_ROLE_FANGSONG), "仿宋");
    assert_string_equal(gw_role_name(GW_ROLE_LATIN), "Latin");
    for (int r = 0; r < GW_ROLE_COUNT; r++) {
        const gw_face *face = role_face(f->fs, (gw_font_role)r, 0);
        char prefix[64];
        snprintf(prefix, sizeof prefix, "font role %s:", gw_role_name((gw_font_role)r));
        assert_non_null(face->hb_font);
        assert_true(face->upem >= 16);
        assert_int_equal(access(face->file, R_OK), 0);
        if (!face->standin) {
            /* A real office font is installed here: no fallback warning for the role. */
            assert_int_equal(count_containing(&f->diags, prefix), 0);
            continue;
        }
        assert_string_equal(face->family, standin_family[r]);
        /* Exactly one warning per role that fell back, naming the role and the stand-in. */
        assert_int_equal(count_containing(&f->diags, prefix), 1);
        for (size_t i = 0; i < f->diags.n; i++)
            if (strstr(f->diags.items[i].message, prefix)) {
                assert_int_equal(f->diags.items[i].severity, GW_WARNING);
                assert_non_null(strstr(f->diags.items[i].message, face->family));
                assert_non_null(strstr(f->diags.items[i].message, face->file));
            }
    }
    /* The Fandol faces come from the folder fonts.conf adds, not from the system configuration. */
    const gw_face *fang = role_face(f->fs, GW_ROLE_FANGSONG, 0);
    if (fang->standin)
        assert_non_null(strstr(fang->file, "/fandol/FandolFang-Regular.otf"));
}

static void test_styles_and_collections(void **state)
{
    fixture *f = *state;
    const gw_face *xbs = role_face(f->fs, GW_ROLE_XIAOBIAOSONG, 0);
    const gw_face *song = role_face(f->fs, GW_ROLE_SONGTI, 0);
    const gw_face *hei = role_face(f->fs, GW_ROLE_HEITI, 0);
    char fam[128];
    if (xbs->standin) {
        /* Bold from the Bold collection, and the SC face of it (not JP, face 0). */
        assert_non_null(strstr(xbs->file, "NotoSerifCJK-Bold.ttc"));
        assert_int_equal(xbs->index, 2);
        face_family(xbs, fam, sizeof fam);
        assert_non_null(strstr(fam, "SC"));
        assert_true(xbs->cff);
        /* Its second face is FandolSong Bold. */
        const gw_face *second = role_face(f->fs, GW_ROLE_XIAOBIAOSONG, 1);
        assert_string_equal(second->family, "FandolSong");
        assert_non_null(strstr(second->file, "FandolSong-Bold.otf"));
    }
    if (song->standin) {
        assert_non_null(strstr(song->file, "NotoSerifCJK-Regular.ttc"));
        face_family(song, fam, sizeof fam);
        assert_non_null(strstr(fam, "SC"));
    }
    if (hei->standin) {
        face_family(hei, fam, sizeof fam);
        assert_non_null(strstr(fam, "Noto Sans CJK SC"));
        /* FandolHei without a style in a fake list would still be the Regular file: tested in
         * test_fake_roles. */
        const gw_face *second = role_face(f->fs, GW_ROLE_HEITI, 1);
        assert_non_null(strstr(second->file, "FandolHei-Regular.otf"));
    }
    const gw_face *latin = role_face(f->fs, GW_ROLE_LATIN, 0);
    if (latin->standin) {
        assert_non_null(strstr(latin->file, "LiberationSerif-Regular.ttf"));
        assert_false(latin->cff);
    }
    /* Each (file, face) is loaded once however many roles use it. */
    for (size_t i = 0; i < gw_fontset_n_faces(f->fs); i++)
        for (size_t j = i + 1; j < gw_fontset_n_faces(f->fs); j++) {
            const gw_face *a = gw_fontset_face(f->fs, (int)i), *b = gw_fontset_face(f->fs, (int)j);
            assert_false(a->index == b->index && strcmp(a->file, b->file) == 0);
        }
    assert_null(gw_fontset_face(f->fs, -1));
    assert_null(gw_fontset_face(f->fs, (int)gw_fontset_n_faces(f->fs)));
}

static void test_em_box(void **state)
{
    fixture *f = *state;
    for (size_t i = 0; i < gw_fontset_n_faces(f->fs); i++) {
        const gw_face *face = gw_fontset_face(f->fs, (int)i);
        assert_true(face->em_top > 0.5 && face->em_top < 1.0);
        assert_true(face->em_bottom < 0 && face->em_bottom > -0.5);
        assert_float_equal(face->em_top - face->em_bottom, 1.0, 0.01);
        if (strstr(face->family, "Noto")) { /* from its BASE table */
            assert_float_equal(face->em_top, 0.88, 0.001);
            assert_float_equal(face->em_bottom, -0.12, 0.001);
        }
    }
}

static void test_clusters(void **state)
{
    fixture *f = *state;
    const char *text = "2021年";
    const uint32_t cps[] = { '2', '0', '2', '1', 0x5E74 };
    gw_shaped *g = NULL;
    for (int role = GW_ROLE_FANGSONG; role <= GW_ROLE_LATIN; role += GW_ROLE_LATIN - GW_ROLE_FANGSONG) {
        size_t n = gw_shape(f->sh, (gw_font_role)role, text, strlen(text), &g, &f->diags);
        assert_int_equal(n, 5);
        for (size_t i = 0; i < n; i++) {
            assert_int_equal(g[i].cluster, i); /* 2, 0, 2, 1 at bytes 0..3; 年 at byte 4 */
            assert_int_equal(g[i].codepoint, cps[i]);
            assert_int_not_equal(g[i].gid, 0);
            assert_true(g[i].x_advance > 0.2 && g[i].x_advance <= 1.01);
        }
        if (role == GW_ROLE_LATIN) {
            /* Digits in the Latin face (half width), 年 from a CJK face through fallback. */
            int latin = role_face_index(f->fs, GW_ROLE_LATIN);
            for (int i = 0; i < 4; i++)
                assert_int_equal(g[i].face, latin);
            assert_int_not_equal(g[4].face, latin);
            assert_float_equal(g[0].x_advance, 0.5, 0.01);
            assert_float_equal(g[4].x_advance, 1.0, 0.001);
        } else {
            for (int i = 0; i < 5; i++)
                assert_int_equal(g[i].face, role_face_index(f->fs, GW_ROLE_FANGSONG));
        }
        free(g);
    }
    /* Clusters stay byte offsets when a segment in another face starts mid-text. */
    const char *mixed = "一丂二"; /* 丂 U+4E02 is not in FandolFang */
    size_t n = gw_shape(f->sh, GW_ROLE_FANGSONG, mixed, strlen(mixed), &g, &f->diags);
    assert_int_equal(n, 3);
    assert_int_equal(g[0].cluster, 0);
    assert_int_equal(g[1].cluster, 3);
    assert_int_equal(g[2].cluster, 6);
    assert_int_equal(g[1].codepoint, 0x4E02);
    free(g);
    assert_int_equal(gw_shape(f->sh, GW_ROLE_FANGSONG, "", 0, &g, &f->diags), 0);
    assert_null(g);
}

/* Characters FandolFang lacks (Ext-B 𠀋, the rare 丂, circled ⑪, the horizontal bar ―) come from
 * another face, never as .notdef, and with no warning. */
static void test_fallback_glyph(void **state)
{
    fixture *f = *state;
    const gw_face *fang = role_face(f->fs, GW_ROLE_FANGSONG, 0);
    const uint32_t absent[] = { 0x2000B, 0x4E02, 0x246A, 0x2015 };
    hb_codepoint_t gid;
    for (size_t i = 0; i < 4; i++)
        if (fang->standin)
            assert_false(hb_font_get_nominal_glyph(fang->hb_font, absent[i], &gid));

    const char *text = "一𠀋丂⑪―二";
    size_t before = f->diags.n;
    gw_shaped *g = NULL;
    size_t n = gw_shape(f->sh, GW_ROLE_FANGSONG, text, strlen(text), &g, &f->diags);
    assert_int_equal(n, 6);
    int fang_i = role_face_index(f->fs, GW_ROLE_FANGSONG);
    assert_int_equal(g[0].face, fang_i);
    assert_int_equal(g[5].face, fang_i);
    for (size_t i = 0; i < n; i++) {
        assert_int_not_equal(g[i].gid, 0);
        if (i >= 1 && i <= 4 && fang->standin)
            assert_int_not_equal(g[i].face, fang_i);
    }
    assert_int_equal(g[1].codepoint, 0x2000B);
    assert_int_equal(g[1].cluster, 3);
    assert_int_equal(g[2].cluster, 7);
    assert_int_equal(f->diags.n, before);
    free(g);
}

/* A character no face has: .notdef of the role's first face, one warning per document. */
static void test_missing_reported_once(void **state)
{
    fixture *f = *state;
    const char *text = "a\xF4\x8F\xBF\xBD" "b\xF4\x8F\xBF\xBD"; /* U+10FFFD twice */
    size_t before = f->diags.n;
    gw_shaped *g = NULL;
    for (int round = 0; round < 2; round++) {
        size_t n = gw_shape(f->sh, GW_ROLE_FANGSONG, text, strlen(text), &g, &f->diags);
        assert_int_equal(n, 4);
        assert_int_equal(g[1].gid, 0);
        assert_int_equal(g[1].face, role_face_index(f->fs, GW_ROLE_FANGSONG));
        assert_int_equal(g[1].cluster, 1);
        assert_int_equal(g[2].cluster, 5);
        assert_int_not_equal(g[2].gid, 0);
        free(g);
    }
    assert_int_equal(f->diags.n, before + 1);
    assert_int_equal(f->diags.items[before].severity, GW_WARNING);
    assert_non_null(strstr(f->diags.items[before].message, "U+10FFFD"));
    /* the next document is told again (a batch renders many with one fontset) */
    gw_shaper_free(f->sh);
    f->sh = gw_shaper_new(f->fs);
    size_t n2 = gw_shape(f->sh, GW_ROLE_FANGSONG, text, strlen(text), &g, &f->diags);
    assert_int_equal(n2, 4);
    free(g);
    assert_int_equal(f->diags.n, before + 2);
    assert_non_null(strstr(f->diags.items[before + 1].message, "U+10FFFD"));
    /* NULL diags, invalid UTF-8 and control characters never crash. */
    size_t n = gw_shape(f->sh, GW_ROLE_HEITI, "\xFF\xFE\n\t中", 7, &g, NULL);
    assert_true(n >= 3);
    free(g);
}

static void test_glyph_ink(void **state)
{
    fixture *f = *state;
    gw_shaped *g = NULL;
    size_t n = gw_shape(f->sh, GW_ROLE_FANGSONG, "一 ", 4, &g, NULL);
    assert_int_equal(n, 2);
    double x0, x1, y0, y1;
    assert_true(gw_glyph_ink(f->fs, g[0].face, g[0].gid, &x0, &x1, &y0, &y1));
    /* 一 is a flat stroke across the em box, a little above its centre. */
    const gw_face *face = gw_fontset_face(f->fs, g[0].face);
    assert_true(x0 > 0 && x0 < x1 && x1 < 1);
    assert_true(y0 < y1 && y0 > 0.2 && y1 < face->em_top);
    assert_false(gw_glyph_ink(f->fs, g[1].face, g[1].gid, &x0, &x1, &y0, &y1)); /* space */
    assert_false(gw_glyph_ink(f->fs, -1, 1, &x0, &x1, &y0, &y1));
    free(g);
}

/* Every line of the real sample shapes with no .notdef in any role. */
static void test_sample_coverage(void **state)
{
    fixture *f = *state;
    size_t len = 0;
    char *text = gw_read_whole_file(SAMPLE, &len);
    assert_non_null(text);
    size_t before = f->diags.n;
    for (int role = 0; role < GW_ROLE_COUNT; role++) {
        for (size_t i = 0; i < len;) {
            size_t e = i;
            while (e < len && text[e] != '\n')
                e++;
            if (e > i) {
                gw_shaped *g = NULL;
                size_t n = gw_shape(f->sh, (gw_font_role)role, text + i, e - i, &g, &f->diags);
                for (size_t k = 0; k < n; k++) {
                    assert_true(g[k].cluster < e - i);
                    if (g[k].codepoint >= 0x20 && g[k].gid == 0)
                        fail_msg("U+%04X has no glyph in role %s", (unsigned)g[k].codepoint,
                                 gw_role_name((gw_font_role)role));
                }
                free(g);
            }
            i = e + 1;
        }
    }
    assert_int_equal(f->diags.n, before);
    free(text);
}

static void test_print(void **state)
{
    fixture *f = *state;
    char *buf = NULL;
    size_t size = 0;
    FILE *out = open_memstream(&buf, &size);
    gw_fontset_print(f->fs, out);
    fclose(out);
    for (int r = 0; r < GW_ROLE_COUNT; r++) {
        assert_non_null(strstr(buf, gw_role_name((gw_font_role)r)));
        assert_non_null(strstr(buf, role_face(f->fs, (gw_font_role)r, 0)->file));
    }
    assert_non_null(strstr(buf, "face 2"));
    free(buf);
}

/* ---- fake role lists in a temporary folder ----------------------------------------------- */

static char *make_fonts_dir(const char *roles_ini, bool with_conf)
{
    char *dir = gw_strdup("/tmp/gw-fonts-test-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char *p = gw_asprintf("%s/roles.ini", dir);
    assert_int_equal(gw_write_output(p, roles_ini, strlen(roles_ini)), 0);
    free(p);
    if (with_conf) {
        size_t len;
        char *conf = gw_read_whole_file(FONTS_DIR "/fonts.conf", &len);
        assert_non_null(conf);
        p = gw_asprintf("%s/fonts.conf", dir);
        assert_int_equal(gw_write_output(p, conf, len), 0);
        free(p);
        free(conf);
    }
    return dir;
}

static void remove_fonts_dir(char *dir)
{
    char *p = gw_asprintf("%s/roles.ini", dir);
    unlink(p);
    free(p);
    p = gw_asprintf("%s/fonts.conf", dir);
    unlink(p);
    free(p);
    rmdir(dir);
    free(dir);
}

static const char all_roles_fmt[] =
    "[小标宋]\nstandins = %s\n[仿宋]\nstandins = %s\n[黑体]\nstandins = %s\n"
    "[楷体]\nstandins = %s\n[宋体]\nstandins = %s\n[Latin]\nstandins = %s\n";

static void test_no_installed_family(void **state)
{
    (void)state;
    /* 仿宋 lists only families no machine has: an error, NULL, no crash. */
    char *ini = gw_asprintf(all_roles_fmt, "FandolSong", "No Such Font GW, 仿宋_GW_Nonexistent",
                            "FandolHei", "FandolKai", "FandolSong", "Liberation Serif");
    char *dir = make_fonts_dir(ini, true);
    gw_diags d;
    gw_diags_init(&d, "test");
    assert_null(gw_fontset_open(dir, &d));
    assert_true(gw_diags_has_error(&d));
    assert_int_equal(gw_diags_count(&d, GW_ERROR), 1);
    assert_int_equal(count_containing(&d, "font role 仿宋: none of No Such Font GW"), 1);
    gw_diags_free(&d);
    remove_fonts_dir(dir);
    free(ini);

    /* A role missing from roles.ini, and a folder with no roles.ini at all. */
    dir = make_fonts_dir("[仿宋]\nstandins = FandolFang\n", true);
    gw_diags_init(&d, "test");
    assert_null(gw_fontset_open(dir, &d));
    assert_int_equal(gw_diags_count(&d, GW_ERROR), GW_ROLE_COUNT - 1);
    gw_diags_free(&d);
    remove_fonts_dir(dir);
    gw_diags_init(&d, "test");
    assert_null(gw_fontset_open("/nonexistent/gongwen/fonts", &d));
    assert_true(gw_diags_has_error(&d));
    assert_null(gw_fontset_open(NULL, &d));
    gw_diags_free(&d);
}

static void test_fake_roles(void **state)
{
    (void)state;
    /* Office names that are stand-ins here: an office font found after a missing one gives
     * "… is not installed; using …"; the family alone picks the regular face (FandolHei Bold
     * reports a regular weight, the style name tells them apart); a style picks that style;
     * a family name must be exact (a prefix or the JP face is no match). */
    const char *ini =
        "[小标宋]\noffice = No Such Font GW, FandolSong:style=Bold\n"
        "[仿宋]\noffice = FandolFang\n"
        "[黑体]\nstandins = FandolHei\n"
        "[楷体]\nstandins = Fandol, FandolKa, FandolKai\n"
        "[宋体]\nstandins = Noto Serif CJK:style=Regular,\n  Noto Serif CJK SC:style=Regular\n"
        "[Latin]\nstandins = Liberation Serif:style=Italic\n"
        "[unknown]\nx = 1\n";
    char *dir = make_fonts_dir(ini, true);
    gw_diags d;
    gw_diags_init(&d, "test");
    gw_fontset *fs = gw_fontset_open(dir, &d);
    if (!fs)
        gw_diags_print(&d, stderr, GW_NOTE);
    assert_non_null(fs);
    const gw_face *xbs = role_face(fs, GW_ROLE_XIAOBIAOSONG, 0);
    assert_false(xbs->standin);
    assert_non_null(strstr(xbs->file, "FandolSong-Bold.otf"));
    assert_int_equal(count_containing(&d, "font role 小标宋: No Such Font GW is not installed; "
                                          "using FandolSong Bold"), 1);
    assert_int_equal(count_containing(&d, "font role 仿宋"), 0); /* first choice found */
    assert_non_null(strstr(role_face(fs, GW_ROLE_HEITI, 0)->file, "FandolHei-Regular.otf"));
    size_t n;
    gw_fontset_role_faces(fs, GW_ROLE_KAITI, &n);
    assert_int_equal(n, 1);
    assert_string_equal(role_face(fs, GW_ROLE_KAITI, 0)->family, "FandolKai");
    /* No office list: the stand-ins before the one found are named. */
    assert_int_equal(count_containing(&d, "font role 楷体: Fandol, FandolKa are not installed; "
                                          "using stand-in FandolKai"), 1);
    gw_fontset_role_faces(fs, GW_ROLE_SONGTI, &n);
    assert_int_equal(n, 1);
    assert_int_equal(role_face(fs, GW_ROLE_SONGTI, 0)->index, 2);
    assert_non_null(strstr(role_face(fs, GW_ROLE_LATIN, 0)->file, "LiberationSerif-Italic.ttf"));
    assert_int_equal(count_containing(&d, "unknown section [unknown]"), 1);
    /* No [fallback] section: a character missing from FandolFang still comes from some face. */
    gw_shaped *g = NULL;
    n = test_shape(fs, GW_ROLE_FANGSONG, "丂", 3, &g, &d);
    assert_int_equal(n, 1);
    assert_int_not_equal(g[0].gid, 0);
    free(g);
    gw_fontset_close(fs);
    gw_diags_free(&d);
    remove_fonts_dir(dir);

    /* Without fonts.conf the Fandol folder is unknown to fontconfig: a warning, then the
     * error for 仿宋 (FandolFang is its only stand-in). */
    char *ini2 = gw_asprintf(all_roles_fmt, "Noto Serif CJK SC:style=Bold", "FandolFang",
                             "Noto Sans CJK SC", "AR PL UKai CN", "Noto Serif CJK SC",
                             "Liberation Serif");
    dir = make_fonts_dir(ini2, false);
    gw_diags_init(&d, "test");
    fs = gw_fontset_open(dir, &d);
    assert_int_equal(count_containing(&d, "fonts.conf not found"), 1);
    if (!fs)
        assert_int_equal(count_containing(&d, "font role 仿宋: none of FandolFang"), 1);
    gw_fontset_close(fs);
    gw_diags_free(&d);
    remove_fonts_dir(dir);
    free(ini2);
}

/* A user who installs a real office font gets it with no flag. A copy of Liberation Serif
 * whose family is renamed (same length, so the name table stays valid) plays the office font;
 * FONTCONFIG_FILE points fontconfig at a configuration that knows only its folder, so the
 * machine's font cache is left alone. */
static void replace_all(char *data, size_t len, const char *from, const char *to, size_t n)
{
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(data + i, from, n) == 0)
            memcpy(data + i, to, n);
}

static void test_installed_office_font(void **state)
{
    (void)state;
    size_t len = 0;
    char *ttf = gw_read_whole_file(
        "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", &len);
    if (!ttf)
        skip();
    char tmp[] = "/tmp/gw-fonts-office-XXXXXX";
    assert_non_null(mkdtemp(tmp));
    char *font_dir = gw_asprintf("%s/fonts", tmp), *cache_dir = gw_asprintf("%s/cache", tmp);
    assert_int_equal(mkdir(font_dir, 0755), 0);
    assert_int_equal(mkdir(cache_dir, 0755), 0);
    replace_all(ttf, len, "Liberation Serif", "GongwenTestSerif", 16);
    static const char from16[] = "\0L\0i\0b\0e\0r\0a\0t\0i\0o\0n\0 \0S\0e\0r\0i\0f";
    static const char to16[] = "\0G\0o\0n\0g\0w\0e\0n\0T\0e\0s\0t\0S\0e\0r\0i\0f";
    replace_all(ttf, len, from16, to16, 32);
    char *font_path = gw_asprintf("%s/office.ttf", font_dir);
    assert_int_equal(gw_write_output(font_path, ttf, len), 0);
    free(ttf);

    char *conf = gw_asprintf("<?xml version=\"1.0\"?><fontconfig><dir>%s</dir><cachedir>%s</cachedir>"
                             "</fontconfig>\n", font_dir, cache_dir);
    char *conf_path = gw_asprintf("%s/system.conf", tmp);
    assert_int_equal(gw_write_output(conf_path, conf, strlen(conf)), 0);
    /* Every role: the "office font"; the stand-in is one this configuration cannot see. */
    const char *ini =
        "[小标宋]\noffice = GongwenTestSerif\nstandins = Liberation Serif\n"
        "[仿宋]\noffice = No Such Font GW, GongwenTestSerif\nstandins = Liberation Serif\n"
        "[黑体]\noffice = GongwenTestSerif\n[楷体]\noffice = GongwenTestSerif\n"
        "[宋体]\noffice = GongwenTestSerif\n[Latin]\noffice = gongwentestserif\n";
    char *roles_path = gw_asprintf("%s/roles.ini", tmp);
    assert_int_equal(gw_write_output(roles_path, ini, strlen(ini)), 0);

    const char *old = getenv("FONTCONFIG_FILE");
    char *saved = gw_strdup(old);
    setenv("FONTCONFIG_FILE", conf_path, 1);
    gw_diags d;
    gw_diags_init(&d, "test");
    gw_fontset *fs = gw_fontset_open(tmp, &d);
    if (saved)
        setenv("FONTCONFIG_FILE", saved, 1);
    else
        unsetenv("FONTCONFIG_FILE");
    free(saved);
    if (!fs)
        gw_diags_print(&d, stderr, GW_NOTE);
    assert_non_null(fs);
    assert_int_equal(gw_fontset_n_faces(fs), 1);
    for (int r = 0; r < GW_ROLE_COUNT; r++) {
        const gw_face *f = role_face(fs, (gw_font_role)r, 0);
        assert_false(f->standin);
        assert_string_equal(f->file, font_path);
    }
    assert_string_equal(role_face(fs, GW_ROLE_XIAOBIAOSONG, 0)->family, "GongwenTestSerif");
    /* Only 仿宋 fell back (from its first office name to the second). */
    assert_int_equal(count_containing(&d, "font role"), 1);
    assert_int_equal(count_containing(&d, "font role 仿宋: No Such Font GW is not installed; "
                                          "using GongwenTestSerif"), 1);
    gw_fontset_close(fs);
    gw_diags_free(&d);

    unlink(font_path);
    unlink(conf_path);
    unlink(roles_path);
    rmdir(font_dir);
    DIR *dir = opendir(cache_dir);
    for (struct dirent *e; dir && (e = readdir(dir));)
        if (e->d_name[0] != '.') {
            char *p = gw_asprintf("%s/%s", cache_dir, e->d_name);
            unlink(p);
            free(p);
        }
    if (dir)
        closedir(dir);
    rmdir(cache_dir);
    assert_int_equal(rmdir(tmp), 0);
    free(font_path);
    free(conf);
    free(conf_path);
    free(roles_path);
    free(font_dir);
    free(cache_dir);
}

int main(void)
{
    const struct CMUnitTest with_fonts[] = {
        cmocka_unit_test(test_roles_resolve),
        cmocka_unit_test(test_styles_and_collections),
        cmocka_unit_test(test_em_box),
        cmocka_unit_test(test_clusters),
        cmocka_unit_test(test_fallback_glyph),
        cmocka_unit_test(test_missing_reported_once),
        cmocka_unit_test(test_glyph_ink),
        cmocka_unit_test(test_sample_coverage),
        cmocka_unit_test(test_print),
    };
    const struct CMUnitTest fake[] = {
        cmocka_unit_test(test_no_installed_family),
        cmocka_unit_test(test_fake_roles),
        cmocka_unit_test(test_installed_office_font),
    };
    int failed = cmocka_run_group_tests_name("fonts", with_fonts, setup, teardown);
    failed += cmocka_run_group_tests_name("fonts (fake role lists)", fake, NULL, NULL);
    return failed ? 1 : 0;
}
