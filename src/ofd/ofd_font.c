/* ofd_font.c: the font files of the OFD back end (see ofd_int.h).
 *
 * Owns: the glyphs and characters each face draws, and the file each face is embedded as:
 *   - a subset (the licence allows it): hb-subset keeps the glyphs drawn plus the nominal glyph
 *     of every character of the face's runs, with the face's metrics; the cmap is written here,
 *     from those characters to their glyphs in the subset, so a reader maps each TextCode
 *     character through it (one face per file, never a collection). A CFF face's outlines are
 *     simplified within the PDF back end's tolerance, as in the PDF (gw_outline.h, shared with
 *     src/pdf): a CID-keyed CFF of the same glyphs replaces hb-subset's; TrueType faces keep
 *     their own outlines;
 *   - the whole face (its licence forbids subsetting): every table of that one face, taken out
 *     of its collection when it lives in a .ttc;
 *   - nothing (the licence forbids embedding): the Font names the face, readers substitute.
 * Faces are prepared on several threads; nothing here touches the diagnostics from a worker. */
#include "ofd_int.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hb-ot.h>
#include <hb-subset.h>

#include "../pdf/gw_outline.h"

#define TAG(a, b, c, d) HB_TAG(a, b, c, d)

void ofd_fonts_init(ofd_fonts *of, const gw_fontset *fs)
{
    memset(of, 0, sizeof *of);
    of->n_fonts = fs ? gw_fontset_n_faces(fs) : 0;
    of->fonts = gw_xcalloc(of->n_fonts ? of->n_fonts : 1, sizeof *of->fonts);
    for (size_t i = 0; i < of->n_fonts; i++) {
        ofd_font *f = &of->fonts[i];
        f->face = gw_fontset_face(fs, (int)i);
        f->index = (int)i;
        gw_buf_init(&f->file);
    }
}

static ofd_ink *ink_of(ofd_font *f, uint32_t gid)
{
    if (!f->ink) {
        f->n_ink = hb_face_get_glyph_count(f->face->hb_face);
        f->ink = gw_xcalloc(f->n_ink ? f->n_ink : 1, sizeof *f->ink);
    }
    return gid < f->n_ink ? &f->ink[gid] : NULL;
}

/* Records the ink box of an outline just drawn (points and controls, as HarfBuzz measures a
 * CFF glyph), so that the pages need not draw the glyph again to ask for it. */
static void note_ink(ofd_font *f, uint32_t gid, const gw_outline *o)
{
    ofd_ink *k = ink_of(f, gid);
    if (!k)
        return;
    double x0 = INFINITY, y0 = INFINITY, x1 = -INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < o->n; i++) {
        const gw_seg *sg = &o->segs[i];
        const gw_pt *pts[3] = { &sg->p, &sg->c1, &sg->c2 };
        for (int j = 0; j < (sg->kind == GW_SEG_CURVE ? 3 : 1); j++) {
            x0 = fmin(x0, pts[j]->x);
            x1 = fmax(x1, pts[j]->x);
            y0 = fmin(y0, pts[j]->y);
            y1 = fmax(y1, pts[j]->y);
        }
    }
    if (!(x1 > x0 && y1 > y0)) {
        k->state = 2;
        return;
    }
    k->ext.x_bearing = (hb_position_t)floor(x0);
    k->ext.y_bearing = (hb_position_t)ceil(y1);
    k->ext.width = (hb_position_t)ceil(x1) - k->ext.x_bearing;
    k->ext.height = (hb_position_t)floor(y0) - k->ext.y_bearing;
    k->state = 1;
}

bool ofd_font_ink(ofd_font *f, uint32_t gid, hb_glyph_extents_t *ext)
{
    ofd_ink *k = ink_of(f, gid);
    if (!k)
        return false;
    if (!k->state)
        k->state = hb_font_get_glyph_extents(f->face->hb_font, gid, &k->ext) && k->ext.width &&
                           k->ext.height
                       ? 1
                       : 2;
    *ext = k->ext;
    return k->state == 1;
}

void ofd_fonts_free(ofd_fonts *of)
{
    for (size_t i = 0; i < of->n_fonts; i++) {
        ofd_font *f = &of->fonts[i];
        hb_set_destroy(f->glyphs);
        hb_set_destroy(f->unicodes);
        hb_map_destroy(f->old_to_new);
        gw_buf_free(&f->file);
        free(f->error);
        free(f->ink);
    }
    free(of->fonts);
    memset(of, 0, sizeof *of);
}

bool ofd_fonts_use(ofd_fonts *of, int face, uint32_t gid, double size, const char *text,
                   uint32_t n, gw_diags *diags)
{
    if (face < 0 || (size_t)face >= of->n_fonts || !of->fonts[face].face ||
        !of->fonts[face].face->hb_face) {
        if (diags)
            gw_diags_add(diags, GW_ERROR, "internal", 0, 0,
                         "OFD: a glyph run refers to face %d, but the font set has %zu faces",
                         face, of->n_fonts);
        return false;
    }
    ofd_font *f = &of->fonts[face];
    if (!f->glyphs) {
        f->glyphs = hb_set_create();
        f->unicodes = hb_set_create();
        hb_set_add(f->glyphs, 0);
    }
    unsigned n_glyphs = hb_face_get_glyph_count(f->face->hb_face);
    if (gid >= n_glyphs) {
        if (diags)
            gw_diags_add(diags, GW_ERROR, "internal", 0, 0, "OFD: glyph %u is not in %s (%u glyphs)",
                         (unsigned)gid, f->face->family ? f->face->family : "?", n_glyphs);
        return false;
    }
    hb_set_add(f->glyphs, gid);
    if (size > f->max_size)
        f->max_size = size;
    for (uint32_t i = 0; i < n;) {
        uint32_t cp;
        i += (uint32_t)gw_utf8_decode(text + i, n - i, &cp);
        hb_codepoint_t g;
        if (hb_font_get_nominal_glyph(f->face->hb_font, cp, &g)) {
            hb_set_add(f->unicodes, cp);
            hb_set_add(f->glyphs, g);
        }
    }
    return true;
}

bool ofd_font_embedded(const ofd_font *f)
{
    return f->embedded;
}

uint32_t ofd_font_glyph(const ofd_font *f, uint32_t gid)
{
    if (!ofd_font_embedded(f))
        return UINT32_MAX;
    if (!f->old_to_new)
        return gid; /* the whole face */
    hb_codepoint_t g = hb_map_get(f->old_to_new, gid);
    return g == HB_MAP_VALUE_INVALID ? UINT32_MAX : g;
}

uint32_t ofd_font_cmap(const ofd_font *f, uint32_t cp)
{
    hb_codepoint_t g;
    if (!ofd_font_embedded(f) || !hb_font_get_nominal_glyph(f->face->hb_font, cp, &g))
        return UINT32_MAX;
    if (f->old_to_new && !hb_set_has(f->unicodes, cp))
        return UINT32_MAX;
    return ofd_font_glyph(f, g);
}

/* ---- the cmap ---------------------------------------------------------------------------- */

/* A cmap of format 4 (the BMP, platform 3 encoding 1, which every reader takes) and, when a
 * character lies beyond the BMP, format 12 (3, 10) with all of them. cps is sorted. */
static hb_blob_t *make_cmap(const uint32_t *cps, const uint32_t *gids, size_t n)
{
    size_t n_bmp = 0;
    while (n_bmp < n && cps[n_bmp] <= 0xFFFF)
        n_bmp++;
    bool full = n_bmp < n;
    /* format 4 segments: runs of consecutive characters with consecutive glyphs */
    gw_buf seg;
    gw_buf_init(&seg); /* triples of uint32: start, end, delta */
    for (size_t i = 0; i < n_bmp;) {
        size_t j = i + 1;
        while (j < n_bmp && cps[j] == cps[j - 1] + 1 && gids[j] == gids[j - 1] + 1)
            j++;
        uint32_t t[3] = { cps[i], cps[j - 1], (gids[i] - cps[i]) & 0xFFFF };
        gw_buf_append(&seg, t, sizeof t);
        i = j;
    }
    uint32_t end_seg[3] = { 0xFFFF, 0xFFFF, 1 };
    if (n_bmp == 0 || cps[n_bmp - 1] != 0xFFFF)
        gw_buf_append(&seg, end_seg, sizeof end_seg);
    size_t n_seg = seg.len / sizeof end_seg;
    const uint32_t *s = (const uint32_t *)(void *)seg.data;

    gw_buf out;
    gw_buf_init(&out);
    unsigned n_tables = full ? 2 : 1;
    gw_buf_put_be(&out, 0, 2);
    gw_buf_put_be(&out, n_tables, 2);
    size_t f4_at = 4 + 8 * (size_t)n_tables;
    size_t f4_len = 16 + 8 * n_seg;
    gw_buf_put_be(&out, 3, 2);
    gw_buf_put_be(&out, 1, 2);
    gw_buf_put_be(&out, (uint32_t)f4_at, 4);
    if (full) {
        gw_buf_put_be(&out, 3, 2);
        gw_buf_put_be(&out, 10, 2);
        gw_buf_put_be(&out, (uint32_t)(f4_at + f4_len), 4);
    }
    unsigned entry_selector = 0;
    while ((2u << entry_selector) <= n_seg)
        entry_selector++;
    unsigned search_range = 2u << entry_selector; /* 2 × the largest power of 2 ≤ n_seg */
    gw_buf_put_be(&out, 4, 2);
    gw_buf_put_be(&out, (uint32_t)f4_len, 2);
    gw_buf_put_be(&out, 0, 2);
    gw_buf_put_be(&out, (uint32_t)(2 * n_seg), 2);
    gw_buf_put_be(&out, search_range, 2);
    gw_buf_put_be(&out, entry_selector, 2);
    gw_buf_put_be(&out, (uint32_t)(2 * n_seg - search_range), 2);
    for (size_t k = 0; k < n_seg; k++)
        gw_buf_put_be(&out, s[3 * k + 1], 2);
    gw_buf_put_be(&out, 0, 2); /* reservedPad */
    for (size_t k = 0; k < n_seg; k++)
        gw_buf_put_be(&out, s[3 * k], 2);
    for (size_t k = 0; k < n_seg; k++)
        gw_buf_put_be(&out, s[3 * k + 2], 2);
    for (size_t k = 0; k < n_seg; k++)
        gw_buf_put_be(&out, 0, 2); /* idRangeOffset */
    if (full) {
        size_t groups_at = out.len;
        gw_buf_put_be(&out, 12, 2);
        gw_buf_put_be(&out, 0, 2);
        gw_buf_put_be(&out, 0, 4); /* length, below */
        gw_buf_put_be(&out, 0, 4);
        gw_buf_put_be(&out, 0, 4); /* numGroups, below */
        uint32_t n_groups = 0;
        for (size_t i = 0; i < n;) {
            size_t j = i + 1;
            while (j < n && cps[j] == cps[j - 1] + 1 && gids[j] == gids[j - 1] + 1)
                j++;
            gw_buf_put_be(&out, cps[i], 4);
            gw_buf_put_be(&out, cps[j - 1], 4);
            gw_buf_put_be(&out, gids[i], 4);
            n_groups++;
            i = j;
        }
        uint32_t len = (uint32_t)(out.len - groups_at);
        unsigned char *p = (unsigned char *)out.data + groups_at;
        for (int b = 0; b < 4; b++) {
            p[4 + b] = (unsigned char)(len >> (24 - 8 * b));
            p[12 + b] = (unsigned char)(n_groups >> (24 - 8 * b));
        }
    }
    gw_buf_free(&seg);
    size_t len = out.len;
    char *data = gw_buf_steal(&out);
    return hb_blob_create(data, (unsigned)len, HB_MEMORY_MODE_WRITABLE, data, gw_free);
}

/* ---- subsets ----------------------------------------------------------------------------- */

/* What an OFD font file keeps: the outlines and the horizontal metrics a reader lays glyphs
 * out with, the names and OS/2 it recognises the face by. No layout tables (the page list is
 * shaped already), no vertical metrics, no cmap (ours replaces it). */
static const hb_tag_t keep_tables[] = {
    TAG('C', 'F', 'F', ' '), TAG('C', 'F', 'F', '2'), TAG('g', 'l', 'y', 'f'),
    TAG('l', 'o', 'c', 'a'), TAG('c', 'v', 't', ' '), TAG('f', 'p', 'g', 'm'),
    TAG('p', 'r', 'e', 'p'), TAG('g', 'a', 's', 'p'), TAG('h', 'e', 'a', 'd'),
    TAG('h', 'h', 'e', 'a'), TAG('h', 'm', 't', 'x'), TAG('m', 'a', 'x', 'p'),
    TAG('n', 'a', 'm', 'e'), TAG('O', 'S', '/', '2'), TAG('p', 'o', 's', 't'),
    TAG('f', 'v', 'a', 'r'), TAG('a', 'v', 'a', 'r'), TAG('H', 'V', 'A', 'R'),
    TAG('M', 'V', 'A', 'R'), TAG('S', 'T', 'A', 'T'),
};

static bool kept(hb_tag_t tag)
{
    for (size_t i = 0; i < sizeof keep_tables / sizeof *keep_tables; i++)
        if (keep_tables[i] == tag)
            return true;
    return false;
}

/* The face's own tables, less those not kept: hb-subset then neither walks a CJK cmap of tens
 * of thousands of entries nor closes over GSUB/GPOS. The blobs are the face's, not copies. */
typedef struct {
    hb_face_t *face;
    bool no_cff;   /* the outlines are drawn afresh: hb-subset need not subset them */
} view_data;

static hb_blob_t *view_table(hb_face_t *view, hb_tag_t tag, void *data)
{
    (void)view;
    const view_data *v = data;
    if (!kept(tag) || (v->no_cff && tag == TAG('C', 'F', 'F', ' ')))
        return NULL;
    return hb_face_reference_table(v->face, tag);
}

static void view_destroy(void *data)
{
    view_data *v = data;
    hb_face_destroy(v->face);
    free(v);
}

static const char *family(const ofd_font *f)
{
    return f->face->family ? f->face->family : "?";
}

/* Adds every table of face but skip (0: none) to builder. */
static void copy_tables(hb_face_t *builder, hb_face_t *face, hb_tag_t skip)
{
    hb_tag_t tags[64];
    unsigned start = 0, n;
    do {
        n = 64;
        hb_face_get_table_tags(face, start, &n, tags);
        for (unsigned t = 0; t < n; t++) {
            if (tags[t] == skip)
                continue;
            hb_blob_t *b = hb_face_reference_table(face, tags[t]);
            hb_face_builder_add_table(builder, tags[t], b);
            hb_blob_destroy(b);
        }
        start += n;
    } while (n == 64);
}

/* The HarfBuzz objects one step holds, released together (also when the call fails). */
typedef struct {
    hb_font_t *font;
    hb_draw_funcs_t *funcs;
    hb_face_t *view, *sub, *plain, *builder;
    hb_subset_input_t *in;
    hb_subset_plan_t *plan;
    hb_blob_t *cmap, *whole;
} hb_objs;

static void hb_objs_free(void *p)
{
    hb_objs *o = p;
    hb_draw_funcs_destroy(o->funcs);
    hb_font_destroy(o->font);
    hb_face_destroy(o->builder);
    hb_face_destroy(o->plain);
    hb_blob_destroy(o->whole);
    hb_blob_destroy(o->cmap);
    hb_subset_input_destroy(o->in);
    hb_face_destroy(o->sub);
    hb_subset_plan_destroy(o->plan);
    hb_face_destroy(o->view);
    memset(o, 0, sizeof *o);
}

/* Serialises a face made of tables (a builder) into f->file. */
static void take_blob(ofd_font *f, hb_face_t *builder)
{
    hb_objs ho = { .whole = hb_face_reference_blob(builder) };
    gw_defer *d = gw_mem_defer(hb_objs_free, &ho);
    unsigned len;
    const char *data = hb_blob_get_data(ho.whole, &len);
    f->file.len = 0;
    gw_buf_append(&f->file, data, len);
    gw_mem_undefer(d);
    hb_objs_free(&ho);
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

/* The advance most glyphs have (the CFF Private DICT's defaultWidthX and nominalWidthX). */
static int common_advance(const int *adv, size_t n)
{
    int *w = gw_xcalloc(n ? n : 1, sizeof *w);
    memcpy(w, adv, n * sizeof *w);
    qsort(w, n, sizeof *w, cmp_int);
    int best = n ? w[0] : 0;
    size_t best_run = 0;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i; j < n && w[j] == w[i]; j++)
            ;
        if (j - i > best_run)
            best_run = j - i, best = w[i];
    }
    free(w);
    return best;
}

/* Whether the face's outlines are drawn afresh, simplified (a free stand-in's CFF face, by
 * default): an office face keeps its own outlines, as in the PDF. */
static bool simplified(const ofd_font *f, double tolerance_mm)
{
    return f->face->standin && f->face->cff && !f->face->cff2 && tolerance_mm > 0 &&
           hb_face_get_upem(f->face->hb_face) <= 16384;
}

/* A CID-keyed CFF of the subset's glyphs, in its order, their outlines simplified within
 * tolerance_mm on paper at the largest size the face is drawn (the PDF back end embeds the
 * same; an auto-traced 仿宋 halves), added to sub. false when a glyph does not fit a
 * charstring (sub unchanged). */
static bool simplify_cff(ofd_font *f, hb_face_t *sub, const hb_map_t *new_to_old,
                         double tolerance_mm)
{
    const gw_face *gf = f->face;
    unsigned upem = hb_face_get_upem(gf->hb_face);
    unsigned n = hb_map_get_population(new_to_old);
    if (n == 0 || n > 65535)
        return false;
    double size = f->max_size > 0 ? f->max_size : 16;
    double tol = tolerance_mm / (size * 25.4 / 72.0) * upem;
    hb_objs ho = { 0 };
    gw_defer *d = gw_mem_defer(hb_objs_free, &ho);
    hb_font_t *font = ho.font = hb_font_create_sub_font(gf->hb_font);
    hb_font_set_scale(font, (int)upem, (int)upem);
    hb_draw_funcs_t *funcs = ho.funcs = gw_outline_draw_funcs();
    gw_outline o;
    gw_outline_init(&o);
    gw_buf cs, cff;
    gw_buf_init(&cs);
    gw_buf_init(&cff);
    uint32_t *offs = gw_xcalloc((size_t)n + 1, sizeof *offs);
    int *adv = gw_xcalloc(n, sizeof *adv);
    for (unsigned g = 0; g < n; g++)
        adv[g] = (int)hb_font_get_glyph_h_advance(font, hb_map_get(new_to_old, g));
    long dw = common_advance(adv, n);
    bool fits = true;
    for (unsigned g = 0; g < n && fits; g++) {
        offs[g] = (uint32_t)cs.len;
        gw_outline_draw(&o, font, funcs, hb_map_get(new_to_old, g));
        note_ink(f, hb_map_get(new_to_old, g), &o);
        gw_outline_simplify(&o, g == 0 ? 0 : tol);
        long w = adv[g] - dw;
        fits = gw_outline_charstring(&o, adv[g] == dw ? NULL : &w, &cs);
    }
    offs[n] = (uint32_t)cs.len;
    char ps[64];
    unsigned len = sizeof ps;
    ps[0] = '\0';
    hb_ot_name_get_utf8(gf->hb_face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &len, ps);
    for (char *c = ps; *c; c++)
        if ((unsigned char)*c <= 32 || (unsigned char)*c >= 127 || strchr("[](){}<>/%", *c))
            *c = '-';
    const int *fb = gf->metrics.bbox;
    long bbox[4] = { fb[0], fb[1], fb[2], fb[3] };
    fits = fits && gw_cff_write_cid(&cff, ps[0] ? ps : "Font", &cs, offs, n, bbox, dw, dw, upem);
    if (fits) {
        size_t cff_len = cff.len;
        char *data = gw_buf_steal(&cff);
        hb_blob_t *b = hb_blob_create(data, (unsigned)cff_len, HB_MEMORY_MODE_WRITABLE, data, gw_free);
        fits = hb_face_builder_add_table(sub, TAG('C', 'F', 'F', ' '), b);
        hb_blob_destroy(b);
    }
    free(adv);
    free(offs);
    gw_buf_free(&cs);
    gw_buf_free(&cff);
    gw_outline_free(&o);
    gw_mem_undefer(d);
    hb_objs_free(&ho);
    return fits;
}

static char *prepare_subset(ofd_font *f, double tolerance_mm)
{
    hb_face_t *face = f->face->hb_face;
    view_data *vd = gw_xmalloc(sizeof *vd);
    vd->face = hb_face_reference(face);
    vd->no_cff = simplified(f, tolerance_mm);
    bool redo = false;
    hb_objs ho = { 0 };
    hb_face_t *view = ho.view = hb_face_create_for_tables(view_table, vd, view_destroy);
    gw_defer *d = gw_mem_defer(hb_objs_free, &ho);
    hb_face_set_upem(view, hb_face_get_upem(face));
    hb_face_set_glyph_count(view, hb_face_get_glyph_count(face));
    hb_subset_input_t *in = ho.in = hb_subset_input_create_or_fail();
    if (!in) {
        gw_mem_undefer(d);
        hb_objs_free(&ho);
        gw_oom(0);
    }
    hb_set_union(hb_subset_input_glyph_set(in), f->glyphs);
    hb_set_clear(hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG));
    /* flattened charstrings: faster to make for a document's few hundred glyphs, smaller once
     * deflated (the PDF back end measured it); a missing character shows as .notdef's box */
    hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NOTDEF_OUTLINE | HB_SUBSET_FLAGS_DESUBROUTINIZE);
    hb_subset_plan_t *plan = ho.plan = hb_subset_plan_create_or_fail(view, in);
    hb_subset_input_destroy(in);
    ho.in = NULL;
    hb_face_t *sub = ho.sub = plan ? hb_subset_plan_execute_or_fail(plan) : NULL;
    char *error = NULL;
    if (!sub) {
        error = gw_asprintf("cannot subset %s (hb-subset failed)", family(f));
        goto done;
    }
    f->old_to_new = hb_map_create();
    const hb_map_t *plan_map = hb_subset_plan_old_to_new_glyph_mapping(plan);
    for (hb_codepoint_t g = HB_SET_VALUE_INVALID; hb_set_next(f->glyphs, &g);)
        hb_map_set(f->old_to_new, g, hb_map_get(plan_map, g));

    /* the subset's tables and our cmap, as one font file */
    size_t n_cp = hb_set_get_population(f->unicodes);
    uint32_t *cps = gw_xcalloc(n_cp ? n_cp : 1, sizeof *cps);
    uint32_t *gids = gw_xcalloc(n_cp ? n_cp : 1, sizeof *gids);
    size_t k = 0;
    for (hb_codepoint_t cp = HB_SET_VALUE_INVALID; hb_set_next(f->unicodes, &cp);) {
        hb_codepoint_t g = 0;
        hb_font_get_nominal_glyph(f->face->hb_font, cp, &g);
        cps[k] = cp;
        gids[k++] = hb_map_get(f->old_to_new, g);
    }
    hb_blob_t *cmap = ho.cmap = make_cmap(cps, gids, k);
    /* hb-subset's result is a face builder: the cmap joins its tables */
    if (hb_face_builder_add_table(sub, TAG('c', 'm', 'a', 'p'), cmap)) {
        if (vd->no_cff && !simplify_cff(f, sub, hb_subset_plan_new_to_old_glyph_mapping(plan),
                                        tolerance_mm))
            redo = true; /* a glyph too big for a charstring: the face's own, subset */
        else
            take_blob(f, sub);
    } else { /* a HarfBuzz that returns a plain face: copy its tables into a builder */
        hb_blob_t *whole = ho.whole = hb_face_reference_blob(sub);
        hb_face_t *plain = ho.plain = hb_face_create(whole, 0);
        hb_face_t *builder = ho.builder = hb_face_builder_create();
        copy_tables(builder, plain, TAG('c', 'm', 'a', 'p'));
        hb_face_builder_add_table(builder, TAG('c', 'm', 'a', 'p'), cmap);
        take_blob(f, builder);
    }
    free(cps);
    free(gids);
    if (!redo && !f->file.len)
        error = gw_asprintf("cannot subset %s (empty font file)", family(f));
done:
    gw_mem_undefer(d);
    hb_objs_free(&ho);
    if (redo) {
        hb_map_destroy(f->old_to_new);
        f->old_to_new = NULL;
        return prepare_subset(f, 0);
    }
    return error;
}

/* The whole face, alone: every table of it (a face of a collection comes out of the .ttc). */
static char *prepare_whole(ofd_font *f)
{
    hb_face_t *face = f->face->hb_face;
    hb_objs ho = { .builder = hb_face_builder_create() };
    gw_defer *d = gw_mem_defer(hb_objs_free, &ho);
    copy_tables(ho.builder, face, 0);
    take_blob(f, ho.builder);
    gw_mem_undefer(d);
    hb_objs_free(&ho);
    return f->file.len ? NULL : gw_asprintf("cannot embed %s (no tables)", family(f));
}

static char *prepare_font(ofd_font *f, double tolerance_mm)
{
    f->ext = f->face->cff ? "otf" : "ttf";
    switch (f->embedding) {
    case GW_EMBED_FORBIDDEN:
        return NULL;
    case GW_EMBED_WHOLE:
        return prepare_whole(f);
    default:
        return prepare_subset(f, tolerance_mm);
    }
}

typedef struct {
    ofd_font **order;
    size_t n;
    double tolerance;
    atomic_size_t next;
} prepare_work;

/* A worker (the calling thread too): out of memory stops it (gw_run_workers). */
static void prepare_all(void *arg)
{
    prepare_work *w = arg;
    for (size_t i; (i = atomic_fetch_add(&w->next, 1)) < w->n;) {
        ofd_font *f = w->order[i];
        f->error = prepare_font(f, w->tolerance);
        f->embedded = !f->error && f->file.len > 0;
    }
}

static int by_glyphs_desc(const void *a, const void *b)
{
    unsigned x = hb_set_get_population((*(ofd_font *const *)a)->glyphs);
    unsigned y = hb_set_get_population((*(ofd_font *const *)b)->glyphs);
    return x < y ? 1 : x > y ? -1 : 0;
}

int ofd_fonts_prepare(ofd_fonts *of, gw_diags *diags)
{
    prepare_work w = { gw_xcalloc(of->n_fonts ? of->n_fonts : 1, sizeof *w.order), 0,
                       of->outline_tolerance, 0 };
    for (size_t i = 0; i < of->n_fonts; i++) {
        ofd_font *f = &of->fonts[i];
        if (!f->glyphs)
            continue;
        f->embedding = gw_fs_type_embedding(f->face->metrics.fs_type);
        if (f->embedding == GW_EMBED_FORBIDDEN && diags)
            gw_diags_add(diags, GW_WARNING, "ofd-font-not-embedded", 0, 0,
                         "OFD: the licence of %s forbids embedding it (OS/2 fsType 0x%04X); "
                         "the OFD names the font and readers draw it with the fonts they have",
                         family(f), f->face->metrics.fs_type);
        w.order[w.n++] = f;
    }
    qsort(w.order, w.n, sizeof *w.order, by_glyphs_desc);
    gw_run_workers(gw_workers_for(of->threads, w.n), prepare_all, &w);
    free(w.order);
    int rc = 0;
    for (size_t i = 0; i < of->n_fonts; i++) {
        if (of->fonts[i].error) {
            if (diags)
                gw_diags_add(diags, GW_ERROR, "ofd-font", 0, 0, "OFD: %s", of->fonts[i].error);
            rc = -1;
        }
    }
    return rc;
}
