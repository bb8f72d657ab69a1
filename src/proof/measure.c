/* measure.c: the boxes of a page list's elements (gw_proof_measure).
 *
 * Owns: turning runs, rules and images into per-line and per-element boxes in mm. A glyph's box
 * runs across the room layout set it in (gw_glyph.set_x0..set_x1: its cell, less what a
 * compressed mark gave up), or, where that is not known, from its origin to its advance
 * (HarfBuzz's, at the run's size and horizontal scale)
 * and from the face's ideographic em-box top to its bottom; its ink comes from the outline. The
 * boxes are measured from what the page list draws, never from what layout meant to draw. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw_proof.h"

#define MM_PER_PT (25.4 / 72.0)

static gw_proof_box *add_box(gw_proof *p, size_t *cap)
{
    if (p->n_boxes == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        p->boxes = gw_xrealloc(p->boxes, *cap * sizeof *p->boxes);
    }
    gw_proof_box *b = &p->boxes[p->n_boxes++];
    memset(b, 0, sizeof *b);
    b->face = -1;
    return b;
}

static gw_proof_line *add_line(gw_proof *p, size_t *cap)
{
    if (p->n_lines == *cap) {
        *cap = *cap ? *cap * 2 : 128;
        p->lines = gw_xrealloc(p->lines, *cap * sizeof *p->lines);
    }
    gw_proof_line *l = &p->lines[p->n_lines++];
    memset(l, 0, sizeof *l);
    return l;
}

/* Em box and ink of a run, in mm. */
typedef struct {
    double x0, x1, y0, y1;
    double ix0, ix1, iy0, iy1;
    bool ink;
} run_box;

static run_box measure_run(const gw_fontset *fs, const gw_glyph_run *r)
{
    const gw_face *f = gw_fontset_face(fs, r->face);
    double upem = f->upem ? f->upem : 1000;
    run_box b = { INFINITY, -INFINITY, 0, 0, INFINITY, -INFINITY, INFINITY, -INFINITY, false };
    for (size_t i = 0; i < r->n_glyphs; i++) {
        const gw_glyph *g = &r->glyphs[i];
        if (g->set_x1 > g->set_x0) { /* the room layout set it in (a compressed mark: less) */
            b.x0 = fmin(b.x0, g->set_x0);
            b.x1 = fmax(b.x1, g->set_x1);
        } else {
            double adv = hb_font_get_glyph_h_advance(f->hb_font, g->gid) / upem * r->size * r->hscale;
            b.x0 = fmin(b.x0, g->x);
            b.x1 = fmax(b.x1, g->x + adv);
        }
        double x0, x1, y0, y1;
        if (gw_glyph_ink(fs, r->face, g->gid, &x0, &x1, &y0, &y1)) {
            double base = r->baseline + g->dy;
            b.ix0 = fmin(b.ix0, g->x + x0 * r->size * r->hscale);
            b.ix1 = fmax(b.ix1, g->x + x1 * r->size * r->hscale);
            b.iy0 = fmin(b.iy0, base - y1 * r->size);
            b.iy1 = fmax(b.iy1, base - y0 * r->size);
            b.ink = true;
        }
    }
    b.y0 = r->baseline - f->em_top * r->size;
    b.y1 = r->baseline - f->em_bottom * r->size;
    b.x0 *= MM_PER_PT, b.x1 *= MM_PER_PT, b.y0 *= MM_PER_PT, b.y1 *= MM_PER_PT;
    b.ix0 *= MM_PER_PT, b.ix1 *= MM_PER_PT, b.iy0 *= MM_PER_PT, b.iy1 *= MM_PER_PT;
    return b;
}

/* A box of the landscape frame of a page sheet_h mm tall, on the portrait sheet: (X, Y) is
 * (Y, sheet_h − X) there. */
static void turn_box(double sheet_h, double *x0, double *x1, double *y0, double *y1)
{
    double X0 = *x0, X1 = *x1, Y0 = *y0, Y1 = *y1;
    *x0 = Y0, *x1 = Y1, *y0 = sheet_h - X1, *y1 = sheet_h - X0;
}

static void turn_run_box(double sheet_h, run_box *b)
{
    turn_box(sheet_h, &b->x0, &b->x1, &b->y0, &b->y1);
    if (b->ink)
        turn_box(sheet_h, &b->ix0, &b->ix1, &b->iy0, &b->iy1);
}

static void grow(double *a0, double *a1, double v0, double v1)
{
    *a0 = fmin(*a0, v0);
    *a1 = fmax(*a1, v1);
}

/* The text box of an element on this page (its boxes start at from). */
static gw_proof_box *find_box(gw_proof *p, size_t from, gw_element el, int index)
{
    for (size_t i = from; i < p->n_boxes; i++)
        if (p->boxes[i].element == el && p->boxes[i].index == index && !p->boxes[i].is_rule &&
            !p->boxes[i].is_image)
            return &p->boxes[i];
    return NULL;
}

/* Glyph counts per face of each text box, to name its main face. */
typedef struct {
    int face;
    size_t n;
} face_count;

static void measure_page(gw_proof *p, size_t pi, size_t *cap_boxes, size_t *cap_lines)
{
    const gw_page *pg = &p->pl->pages[pi];
    size_t first = p->n_boxes;
    /* per-box scratch: text and face counts, parallel to the boxes of this page */
    gw_buf *texts = gw_xcalloc(pg->n_runs + 1, sizeof *texts);
    face_count **counts = gw_xcalloc(pg->n_runs + 1, sizeof *counts);
    size_t *n_counts = gw_xcalloc(pg->n_runs + 1, sizeof *n_counts);
    for (size_t i = 0; i < pg->n_runs; i++) {
        const gw_glyph_run *r = &pg->runs[i];
        if (!r->n_glyphs)
            continue;
        run_box rb = measure_run(p->fs, r);
        if (r->turned) /* a landscape table's text: measured on the sheet */
            turn_run_box(pg->height * MM_PER_PT, &rb);
        gw_proof_box *b = find_box(p, first, r->tag.element, r->tag.index);
        if (!b) {
            b = add_box(p, cap_boxes);
            b->page = (int)pi + 1;
            b->element = r->tag.element;
            b->index = r->tag.index;
            b->x0 = b->y0 = b->ink_x0 = b->ink_y0 = INFINITY;
            b->x1 = b->y1 = b->ink_x1 = b->ink_y1 = -INFINITY;
            b->color = r->color;
            b->size = r->size;
        }
        size_t bi = (size_t)(b - p->boxes) - first;
        grow(&b->x0, &b->x1, rb.x0, rb.x1);
        grow(&b->y0, &b->y1, rb.y0, rb.y1);
        if (rb.ink) {
            grow(&b->ink_x0, &b->ink_x1, rb.ix0, rb.ix1);
            grow(&b->ink_y0, &b->ink_y1, rb.iy0, rb.iy1);
            b->has_ink = true;
        }
        if (r->text)
            gw_buf_puts(&texts[bi], r->text);
        size_t k;
        for (k = 0; k < n_counts[bi] && counts[bi][k].face != r->face; k++)
            ;
        if (k == n_counts[bi]) {
            counts[bi] = gw_xrealloc(counts[bi], (k + 1) * sizeof **counts);
            counts[bi][k] = (face_count){ r->face, 0 };
            n_counts[bi]++;
        }
        counts[bi][k].n += r->n_glyphs;
        if (r->size > b->size)
            b->size = r->size;

        /* the line: runs of one element on one baseline (a turned line's baseline is an x
         * on the sheet) */
        double base = r->baseline * MM_PER_PT;
        gw_proof_line *l = NULL;
        for (size_t j = p->n_lines; j-- > 0 && p->lines[j].page == (int)pi + 1;)
            if (p->lines[j].element == r->tag.element && p->lines[j].index == r->tag.index &&
                p->lines[j].turned == r->turned && fabs(p->lines[j].baseline - base) < 0.01) {
                l = &p->lines[j];
                break;
            }
        if (!l) {
            l = add_line(p, cap_lines);
            l->page = (int)pi + 1;
            l->element = r->tag.element;
            l->index = r->tag.index;
            l->baseline = base;
            l->turned = r->turned;
            l->x0 = l->ink_x0 = l->ink_y0 = INFINITY;
            l->x1 = l->ink_x1 = l->ink_y1 = -INFINITY;
            l->em_y0 = rb.y0;
            l->em_y1 = rb.y1;
            l->face = r->face;
            l->size = r->size;
            l->color = r->color;
            uint32_t cp = 0;
            if (r->text && *r->text)
                gw_utf8_decode(r->text + r->glyphs[0].cluster,
                               strlen(r->text) - r->glyphs[0].cluster, &cp);
            l->first_cp = cp;
            b->lines++;
        }
        /* the line's em box is its CJK face's (digits in the Latin face share its baseline) */
        if (gw_fontset_face(p->fs, l->face)->role == GW_ROLE_LATIN &&
            gw_fontset_face(p->fs, r->face)->role != GW_ROLE_LATIN) {
            l->face = r->face;
            l->em_y0 = rb.y0;
            l->em_y1 = rb.y1;
        }
        if (rb.x0 < l->x0) {
            uint32_t cp = 0;
            if (r->text && *r->text)
                gw_utf8_decode(r->text + r->glyphs[0].cluster,
                               strlen(r->text) - r->glyphs[0].cluster, &cp);
            l->first_cp = cp;
        }
        grow(&l->x0, &l->x1, rb.x0, rb.x1);
        if (r->turned)
            grow(&l->em_y0, &l->em_y1, rb.y0, rb.y1);
        if (rb.ink) {
            grow(&l->ink_x0, &l->ink_x1, rb.ix0, rb.ix1);
            grow(&l->ink_y0, &l->ink_y1, rb.iy0, rb.iy1);
            l->has_ink = true;
        }
    }
    for (size_t i = first; i < p->n_boxes; i++) {
        gw_proof_box *b = &p->boxes[i];
        /* the main face: most glyphs, Chinese faces before the Latin one (a 发文字号 has more
         * digits than characters, and is still a 仿宋 element) */
        size_t bi = i - first, best = 0;
        for (size_t k = 1; k < n_counts[bi]; k++) {
            bool latin_k = gw_fontset_face(p->fs, counts[bi][k].face)->role == GW_ROLE_LATIN;
            bool latin_b = gw_fontset_face(p->fs, counts[bi][best].face)->role == GW_ROLE_LATIN;
            if ((latin_b && !latin_k) || (latin_b == latin_k && counts[bi][k].n > counts[bi][best].n))
                best = k;
        }
        b->face = n_counts[bi] ? counts[bi][best].face : -1;
        b->text = gw_buf_steal(&texts[bi]);
        if (!b->text)
            b->text = gw_strdup("");
        if (!b->has_ink) {
            b->ink_x0 = b->x0, b->ink_x1 = b->x1, b->ink_y0 = b->y0, b->ink_y1 = b->y1;
        }
        free(counts[bi]);
    }
    for (size_t i = 0; i <= pg->n_runs; i++)
        gw_buf_free(&texts[i]);
    free(texts);
    free(counts);
    free(n_counts);

    /* rules, numbered per element on the page in order */
    for (size_t i = 0; i < pg->n_rules; i++) {
        const gw_rule *ru = &pg->rules[i];
        int n = 0;
        for (size_t j = first; j < p->n_boxes; j++)
            n += p->boxes[j].is_rule && p->boxes[j].element == ru->tag.element;
        gw_proof_box *b = add_box(p, cap_boxes);
        b->page = (int)pi + 1;
        b->element = ru->tag.element;
        b->index = n;
        b->is_rule = true;
        double hw = ru->width / 2;
        b->x0 = fmin(ru->x0, ru->x1) * MM_PER_PT;
        b->x1 = fmax(ru->x0, ru->x1) * MM_PER_PT;
        b->y0 = (fmin(ru->y0, ru->y1) - hw) * MM_PER_PT;
        b->y1 = (fmax(ru->y0, ru->y1) + hw) * MM_PER_PT;
        b->ink_x0 = b->x0, b->ink_x1 = b->x1, b->ink_y0 = b->y0, b->ink_y1 = b->y1;
        b->has_ink = true;
        b->size = ru->width;
        b->color = ru->color;
        b->text = gw_strdup("");
    }
    for (size_t i = 0; i < pg->n_images; i++) {
        const gw_image *im = &pg->images[i];
        gw_proof_box *b = add_box(p, cap_boxes);
        b->page = (int)pi + 1;
        b->element = im->tag.element;
        b->index = im->tag.index;
        b->is_image = true;
        b->x0 = b->ink_x0 = im->x * MM_PER_PT;
        b->y0 = b->ink_y0 = im->y * MM_PER_PT;
        b->x1 = b->ink_x1 = (im->x + im->w) * MM_PER_PT;
        b->y1 = b->ink_y1 = (im->y + im->h) * MM_PER_PT;
        b->has_ink = true;
        b->color = GW_COLOR_RED;
        const char *slash = strrchr(im->path, '/');
        b->text = gw_strdup(slash ? slash + 1 : im->path);
    }
}

gw_proof *gw_proof_measure(const char *source, const gw_document *doc, const gw_pagelist *pl,
                           const gw_fontset *fs)
{
    gw_proof *p = gw_xcalloc(1, sizeof *p);
    p->source = gw_strdup(source);
    p->doc = doc;
    p->pl = pl;
    p->fs = fs;
    p->n_pages = pl->n_pages;
    size_t cap_boxes = 0, cap_lines = 0;
    for (size_t i = 0; i < pl->n_pages; i++)
        measure_page(p, i, &cap_boxes, &cap_lines);
    return p;
}

void gw_proof_free(gw_proof *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_boxes; i++)
        free(p->boxes[i].text);
    for (size_t i = 0; i < p->n_results; i++) {
        free(p->results[i].measured);
        free(p->results[i].required);
        free(p->results[i].tolerance);
    }
    free(p->boxes);
    free(p->lines);
    free(p->results);
    free(p->source);
    free(p);
}
