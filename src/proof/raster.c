/* raster.c: pages as pictures, drawn by gongwen itself (gw_proof_raster_page).
 *
 * Owns: rasterising a page of the page list with FreeType (each glyph by its face and glyph id,
 * at the run's size and horizontal scale, exactly where the PDF puts it; unhinted, anti-aliased,
 * bitmaps cached by quarter pixel), its rules and images (PNG through libpng's simplified API,
 * JPEG through libjpeg), then the proof's overlay: the grid lines' em boxes and the 28 columns,
 * the 版心 frame, and every element's box with its name; and PNG output with libpng. */
#include <ft2build.h>
#include FT_FREETYPE_H
#include <jpeglib.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_proof.h"

#define MM_PER_PT (25.4 / 72.0)
#define SUB 4 /* subpixel positions per pixel */

typedef struct {
    int face, gid;
    int size_q, scale_q, fx, fy; /* size in 1/64 pt, scale in 1/1000, fractions in 1/SUB px */
    int left, top, w, h;
    unsigned char *bits;
    bool used;
} glyph_bitmap;

struct gw_proof_raster {
    FT_Library lib;
    FT_Face *faces; /* per fontset face, opened on first use */
    size_t n_faces;
    const gw_fontset *fs;
    gw_shaper *shaper; /* the labels' shaping state (the fontset is shared) */
    double dpi;     /* of the cache */
    glyph_bitmap *cache;
    size_t cap;     /* power of two */
    size_t used;
};

typedef struct {
    unsigned char r, g, b;
} rgb;

static const rgb BLACK = { 0, 0, 0 }, RED = { 230, 0, 18 };

static void free_raster(void *r)
{
    gw_proof_raster_free(r);
}

gw_proof_raster *gw_proof_raster_new(const gw_fontset *fs, gw_diags *diags)
{
    gw_proof_raster *r = gw_xcalloc(1, sizeof *r);
    if (FT_Init_FreeType(&r->lib)) {
        free(r);
        gw_diags_add(diags, GW_ERROR, "proof-freetype", 0, 0, "FreeType does not start");
        return NULL;
    }
    /* from here the raster holds FreeType: released if the call runs out of memory */
    gw_defer *d = gw_mem_defer(free_raster, r);
    r->fs = fs;
    r->faces = gw_xcalloc(gw_fontset_n_faces(fs) + 1, sizeof *r->faces);
    r->n_faces = gw_fontset_n_faces(fs);
    r->shaper = gw_shaper_new(fs);
    gw_mem_undefer(d);
    return r;
}

static void cache_clear(gw_proof_raster *r)
{
    for (size_t i = 0; i < r->cap; i++)
        free(r->cache[i].bits);
    free(r->cache);
    r->cache = NULL;
    r->cap = r->used = 0;
}

void gw_proof_raster_free(gw_proof_raster *r)
{
    if (!r)
        return;
    cache_clear(r);
    for (size_t i = 0; i < r->n_faces; i++)
        if (r->faces[i])
            FT_Done_Face(r->faces[i]);
    free(r->faces);
    gw_shaper_free(r->shaper);
    FT_Done_FreeType(r->lib);
    free(r);
}

static FT_Face ft_face(gw_proof_raster *r, int face)
{
    if (face < 0 || (size_t)face >= r->n_faces)
        return NULL;
    if (!r->faces[face]) {
        const gw_face *f = gw_fontset_face(r->fs, face);
        unsigned int len = 0;
        const char *data = hb_blob_get_data(f->blob, &len);
        if (!data || FT_New_Memory_Face(r->lib, (const FT_Byte *)data, (FT_Long)len, f->index,
                                        &r->faces[face]))
            r->faces[face] = NULL;
    }
    return r->faces[face];
}

static size_t hash_key(const glyph_bitmap *k)
{
    size_t h = 2166136261u;
    int v[6] = { k->face, k->gid, k->size_q, k->scale_q, k->fx, k->fy };
    for (int i = 0; i < 6; i++)
        h = (h ^ (size_t)(unsigned)v[i]) * 16777619u;
    return h;
}

static bool same_key(const glyph_bitmap *a, const glyph_bitmap *b)
{
    return a->face == b->face && a->gid == b->gid && a->size_q == b->size_q &&
           a->scale_q == b->scale_q && a->fx == b->fx && a->fy == b->fy;
}

static void cache_put(gw_proof_raster *r, glyph_bitmap *g);

static void cache_grow(gw_proof_raster *r)
{
    glyph_bitmap *old = r->cache;
    size_t old_cap = r->cap;
    /* allocated first: the cache stays whole if the call runs out of memory here */
    glyph_bitmap *grown = gw_xcalloc(old_cap ? old_cap * 2 : 1024, sizeof *grown);
    r->cap = old_cap ? old_cap * 2 : 1024;
    r->cache = grown;
    r->used = 0;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].used)
            cache_put(r, &old[i]);
    free(old);
}

static void cache_put(gw_proof_raster *r, glyph_bitmap *g)
{
    if ((r->used + 1) * 2 > r->cap)
        cache_grow(r);
    size_t i = hash_key(g) & (r->cap - 1);
    while (r->cache[i].used)
        i = (i + 1) & (r->cap - 1);
    r->cache[i] = *g;
    r->cache[i].used = true;
    r->used++;
}

static glyph_bitmap *cache_get(gw_proof_raster *r, const glyph_bitmap *k)
{
    if (!r->cap)
        return NULL;
    for (size_t i = hash_key(k) & (r->cap - 1); r->cache[i].used; i = (i + 1) & (r->cap - 1))
        if (same_key(&r->cache[i], k))
            return &r->cache[i];
    return NULL;
}

/* The bitmap of a glyph at size (pt) and hscale, its origin fx/SUB, fy/SUB px into its pixel. */
static const glyph_bitmap *render_glyph(gw_proof_raster *r, int face, uint32_t gid, double size,
                                        double hscale, int fx, int fy)
{
    glyph_bitmap key = { .face = face, .gid = (int)gid, .size_q = (int)lround(size * 64),
                         .scale_q = (int)lround(hscale * 1000), .fx = fx, .fy = fy };
    glyph_bitmap *hit = cache_get(r, &key);
    if (hit)
        return hit;
    FT_Face f = ft_face(r, face);
    if (!f)
        return NULL;
    FT_Set_Char_Size(f, 0, key.size_q, (FT_UInt)lround(r->dpi), (FT_UInt)lround(r->dpi));
    FT_Matrix m = { (FT_Fixed)lround(hscale * 65536), 0, 0, 0x10000 };
    FT_Vector d = { fx * 64 / SUB, -fy * 64 / SUB };
    FT_Set_Transform(f, &m, &d);
    if (FT_Load_Glyph(f, gid, FT_LOAD_NO_HINTING | FT_LOAD_NO_BITMAP | FT_LOAD_RENDER)) {
        key.w = key.h = 0;
    } else {
        FT_Bitmap *bm = &f->glyph->bitmap;
        key.left = f->glyph->bitmap_left;
        key.top = f->glyph->bitmap_top;
        key.w = (int)bm->width;
        key.h = (int)bm->rows;
        if (key.w && key.h) {
            key.bits = gw_xmalloc((size_t)key.w * (size_t)key.h);
            for (int y = 0; y < key.h; y++)
                memcpy(key.bits + (size_t)y * (size_t)key.w, bm->buffer + (ptrdiff_t)y * bm->pitch,
                       (size_t)key.w);
        }
    }
    cache_put(r, &key);
    return cache_get(r, &key);
}

/* ---- drawing into an RGB picture ---- */

static void blend(gw_proof_image *im, int x, int y, rgb c, double a)
{
    if (x < 0 || y < 0 || x >= im->w || y >= im->h || a <= 0)
        return;
    if (a > 1)
        a = 1;
    unsigned char *p = im->px + ((size_t)y * (size_t)im->w + (size_t)x) * 3;
    p[0] = (unsigned char)lround(p[0] + (c.r - p[0]) * a);
    p[1] = (unsigned char)lround(p[1] + (c.g - p[1]) * a);
    p[2] = (unsigned char)lround(p[2] + (c.b - p[2]) * a);
}

/* A filled rectangle in px with anti-aliased edges (coverage of each pixel). */
static void fill_rect(gw_proof_image *im, double x0, double y0, double x1, double y1, rgb c,
                      double alpha)
{
    if (x1 < x0 || y1 < y0)
        return;
    int ix0 = (int)floor(x0), ix1 = (int)ceil(x1), iy0 = (int)floor(y0), iy1 = (int)ceil(y1);
    for (int y = iy0; y < iy1; y++) {
        double cy = fmin(y + 1, y1) - fmax(y, y0);
        for (int x = ix0; x < ix1; x++) {
            double cx = fmin(x + 1, x1) - fmax(x, x0);
            blend(im, x, y, c, cx * cy * alpha);
        }
    }
}

/* A one-pixel outline of a box (px). */
static void frame(gw_proof_image *im, double x0, double y0, double x1, double y1, rgb c,
                  double alpha)
{
    fill_rect(im, x0, y0, x1, y0 + 1, c, alpha);
    fill_rect(im, x0, y1 - 1, x1, y1, c, alpha);
    fill_rect(im, x0, y0 + 1, x0 + 1, y1 - 1, c, alpha);
    fill_rect(im, x1 - 1, y0 + 1, x1, y1 - 1, c, alpha);
}

/* A run set in a landscape page's frame (gw_glyph_run.turned): each glyph's bitmap turned a
 * quarter counter-clockwise onto the sheet, whose height is sheet_h pt: the frame's (X, Y) is
 * the sheet's (Y, sheet_h − X). */
static void draw_turned_glyphs(gw_proof_raster *r, gw_proof_image *im, const gw_glyph_run *run,
                               double k, rgb c, double sheet_h)
{
    for (size_t i = 0; i < run->n_glyphs; i++) {
        const gw_glyph *g = &run->glyphs[i];
        double ox = g->x * k, oy = (run->baseline + g->dy) * k; /* in the frame, px */
        const glyph_bitmap *b = render_glyph(r, run->face, g->gid, run->size, run->hscale, 0, 0);
        if (!b || !b->bits)
            continue;
        int X0 = (int)lround(ox) + b->left, Y0 = (int)lround(oy) - b->top;
        int H = (int)lround(sheet_h * k);
        for (int y = 0; y < b->h; y++)
            for (int x = 0; x < b->w; x++) {
                unsigned char a = b->bits[(size_t)y * (size_t)b->w + (size_t)x];
                if (a)
                    blend(im, Y0 + y, H - (X0 + x) - 1, c, a / 255.0);
            }
    }
}

static void draw_glyphs(gw_proof_raster *r, gw_proof_image *im, const gw_glyph_run *run,
                        double k, rgb c)
{
    for (size_t i = 0; i < run->n_glyphs; i++) {
        const gw_glyph *g = &run->glyphs[i];
        double ox = g->x * k, oy = (run->baseline + g->dy) * k;
        double fxp = floor(ox), fyp = floor(oy);
        int fx = (int)floor((ox - fxp) * SUB), fy = (int)floor((oy - fyp) * SUB);
        const glyph_bitmap *b = render_glyph(r, run->face, g->gid, run->size, run->hscale, fx, fy);
        if (!b || !b->bits)
            continue;
        int x0 = (int)fxp + b->left, y0 = (int)fyp - b->top;
        for (int y = 0; y < b->h; y++)
            for (int x = 0; x < b->w; x++) {
                unsigned char a = b->bits[(size_t)y * (size_t)b->w + (size_t)x];
                if (a)
                    blend(im, x0 + x, y0 + y, c, a / 255.0);
            }
    }
}

/* ---- images ---- */

typedef struct {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
} jpeg_err;

static void jpeg_fail(j_common_ptr cinfo)
{
    longjmp(((jpeg_err *)cinfo->err)->jump, 1);
}

static void close_file(void *fp)
{
    fclose(fp);
}

static void free_png_image(void *img)
{
    png_image_free(img);
}

static void destroy_jpeg(void *ci)
{
    jpeg_destroy_decompress(ci);
}

/* RGBA pixels of a PNG or JPEG file; NULL when it cannot be read. The file and the decoders'
 * structures are released if the call runs out of memory meanwhile. */
static unsigned char *load_rgba(const char *path, int *w, int *h)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    gw_defer *d_fp = gw_mem_defer(close_file, fp);
    unsigned char magic[4] = { 0 };
    size_t got = fread(magic, 1, 4, fp);
    rewind(fp);
    unsigned char *px = NULL;
    if (got == 4 && magic[0] == 0x89 && magic[1] == 'P') {
        png_image img;
        memset(&img, 0, sizeof img);
        img.version = PNG_IMAGE_VERSION;
        if (png_image_begin_read_from_stdio(&img, fp)) {
            gw_defer *d_png = gw_mem_defer(free_png_image, &img);
            img.format = PNG_FORMAT_RGBA;
            px = gw_xmalloc(PNG_IMAGE_SIZE(img));
            gw_mem_undefer(d_png);
            if (!png_image_finish_read(&img, NULL, px, 0, NULL)) {
                free(px);
                px = NULL;
            }
            *w = (int)img.width;
            *h = (int)img.height;
        }
        png_image_free(&img);
    } else if (got >= 3 && magic[0] == 0xFF && magic[1] == 0xD8) {
        struct jpeg_decompress_struct ci;
        jpeg_err je;
        ci.err = jpeg_std_error(&je.mgr);
        je.mgr.error_exit = jpeg_fail;
        unsigned char *volatile out = NULL;
        gw_defer *volatile d_jpeg = NULL;
        if (setjmp(je.jump)) {
            gw_mem_undefer(d_jpeg);
            jpeg_destroy_decompress(&ci);
            free(out);
            gw_mem_undefer(d_fp);
            fclose(fp);
            return NULL;
        }
        jpeg_create_decompress(&ci);
        d_jpeg = gw_mem_defer(destroy_jpeg, &ci);
        jpeg_stdio_src(&ci, fp);
        jpeg_read_header(&ci, TRUE);
        ci.out_color_space = JCS_RGB;
        jpeg_start_decompress(&ci);
        *w = (int)ci.output_width;
        *h = (int)ci.output_height;
        out = gw_xmalloc((size_t)*w * (size_t)*h * 4);
        unsigned char *row = gw_xmalloc((size_t)*w * 3);
        while (ci.output_scanline < ci.output_height) {
            JSAMPROW rows[1] = { row };
            size_t y = ci.output_scanline;
            jpeg_read_scanlines(&ci, rows, 1);
            for (int x = 0; x < *w; x++) {
                memcpy(out + (y * (size_t)*w + (size_t)x) * 4, row + (size_t)x * 3, 3);
                out[(y * (size_t)*w + (size_t)x) * 4 + 3] = 255;
            }
        }
        free(row);
        jpeg_finish_decompress(&ci);
        gw_mem_undefer(d_jpeg);
        jpeg_destroy_decompress(&ci);
        px = out;
    }
    gw_mem_undefer(d_fp);
    fclose(fp);
    return px;
}

static int draw_image(gw_proof_image *im, const gw_image *img, double k, gw_diags *diags)
{
    int w = 0, h = 0;
    unsigned char *px = load_rgba(img->path, &w, &h);
    if (!px || w <= 0 || h <= 0) {
        free(px);
        gw_diags_add(diags, GW_ERROR, "image-unreadable", 0, 0,
                     "proof: cannot read image '%s' (PNG or JPEG)", img->path);
        return -1;
    }
    int x0 = (int)floor(img->x * k), y0 = (int)floor(img->y * k);
    int x1 = (int)ceil((img->x + img->w) * k), y1 = (int)ceil((img->y + img->h) * k);
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            int sx = (int)((x + 0.5 - img->x * k) / (img->w * k) * w);
            int sy = (int)((y + 0.5 - img->y * k) / (img->h * k) * h);
            if (sx < 0 || sy < 0 || sx >= w || sy >= h)
                continue;
            const unsigned char *s = px + ((size_t)sy * (size_t)w + (size_t)sx) * 4;
            blend(im, x, y, (rgb){ s[0], s[1], s[2] }, s[3] / 255.0);
        }
    free(px);
    return 0;
}

/* ---- the overlay ---- */

static rgb element_colour(gw_element e)
{
    static const rgb palette[] = { { 0, 150, 136 }, { 233, 30, 99 }, { 63, 81, 181 },
                                   { 255, 152, 0 }, { 0, 150, 0 },   { 156, 39, 176 },
                                   { 0, 120, 215 }, { 121, 85, 72 } };
    return palette[(size_t)e % (sizeof palette / sizeof *palette)];
}

/* A label in the 黑体 face, small, with its top-left at (x, y) px. */
static void label(gw_proof_raster *r, gw_proof_image *im, const char *text, double x, double y,
                  double k, rgb c)
{
    gw_shaped *sh = NULL;
    size_t n = gw_shape(r->shaper, GW_ROLE_HEITI, text, strlen(text), &sh, NULL);
    double size = 6.0; /* pt */
    double pen = x / k;
    gw_glyph_run run = { .size = size, .hscale = 1, .baseline = y / k + size * 0.88 };
    for (size_t i = 0; i < n; i++) {
        gw_glyph g = { .gid = sh[i].gid, .x = pen + sh[i].x_offset * size };
        run.face = sh[i].face;
        run.glyphs = &g;
        run.n_glyphs = 1;
        draw_glyphs(r, im, &run, k, c);
        pen += sh[i].x_advance * size;
    }
    free(sh);
}

static void overlay(gw_proof_raster *r, gw_proof_image *im, const gw_proof *p, size_t page,
                    const gw_layout_spec *s, double k)
{
    double mm = k / MM_PER_PT; /* px per mm */
    bool even = (page + 1) % 2 == 0;
    double left = even && s->mirror_even ? s->paper_w - s->binding_margin - s->area_w
                                         : s->binding_margin;
    double top = s->top_margin;
    rgb grid = { 0, 160, 255 };
    /* the 22 lines' em boxes (3号) and the 28 columns */
    for (int i = 0; i < s->lines_per_page; i++) {
        double y0 = (top + i * s->line_pitch) * mm, y1 = y0 + s->text_size * k;
        fill_rect(im, left * mm, y0, (left + s->area_w) * mm, y1, grid, 0.07);
    }
    for (int j = 1; j < s->chars_per_line; j++) {
        double x = (left + j * s->cell) * mm;
        fill_rect(im, x, top * mm, x + 0.6, (top + s->area_h) * mm, grid, j % 4 == 0 ? 0.35 : 0.15);
    }
    /* the 版心 */
    rgb area = { 0, 90, 200 };
    frame(im, left * mm - 1, top * mm - 1, (left + s->area_w) * mm + 1,
          (top + s->area_h) * mm + 1, area, 0.9);
    /* every element's box and its name */
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *b = &p->boxes[i];
        if ((size_t)b->page != page + 1)
            continue;
        rgb c = element_colour(b->element);
        double x0 = b->x0 * mm, y0 = b->y0 * mm, x1 = b->x1 * mm, y1 = b->y1 * mm;
        if (y1 - y0 < 3)
            y0 -= 1.5, y1 += 1.5;
        frame(im, x0, y0, x1, y1, c, 0.85);
        char *name = gw_asprintf("%s %d", gw_element_name(b->element), b->index); /* as the record */
        label(r, im, name, x0 + 1, y0 + 1 - (b->is_rule ? 7 * k : 0), k, c);
        free(name);
    }
}

static void rotate_cw(gw_proof_image *im)
{
    unsigned char *t = gw_xmalloc((size_t)im->w * (size_t)im->h * 3);
    for (int y = 0; y < im->h; y++)
        for (int x = 0; x < im->w; x++)
            memcpy(t + ((size_t)x * (size_t)im->h + (size_t)(im->h - 1 - y)) * 3,
                   im->px + ((size_t)y * (size_t)im->w + (size_t)x) * 3, 3);
    free(im->px);
    im->px = t;
    int w = im->w;
    im->w = im->h;
    im->h = w;
}

int gw_proof_raster_page(gw_proof_raster *r, const gw_proof *p, size_t page,
                         const gw_layout_spec *std, double dpi, bool with_overlay,
                         gw_proof_image *out, gw_diags *diags)
{
    if (r->dpi != dpi) {
        cache_clear(r);
        r->dpi = dpi;
    }
    const gw_page *pg = &p->pl->pages[page];
    double k = dpi / 72.0; /* px per pt */
    out->w = (int)ceil(pg->width * k);
    out->h = (int)ceil(pg->height * k);
    out->px = gw_xmalloc((size_t)out->w * (size_t)out->h * 3);
    memset(out->px, 255, (size_t)out->w * (size_t)out->h * 3);
    for (size_t i = 0; i < pg->n_runs; i++) {
        rgb c = pg->runs[i].color == GW_COLOR_RED ? RED : BLACK;
        if (pg->runs[i].turned)
            draw_turned_glyphs(r, out, &pg->runs[i], k, c, pg->height);
        else
            draw_glyphs(r, out, &pg->runs[i], k, c);
    }
    for (size_t i = 0; i < pg->n_rules; i++) {
        const gw_rule *ru = &pg->rules[i];
        double hw = ru->width / 2; /* butt caps: the stroke ends where the line does */
        fill_rect(out, fmin(ru->x0, ru->x1) * k - (ru->x0 == ru->x1 ? hw * k : 0),
                  fmin(ru->y0, ru->y1) * k - (ru->y0 == ru->y1 ? hw * k : 0),
                  fmax(ru->x0, ru->x1) * k + (ru->x0 == ru->x1 ? hw * k : 0),
                  fmax(ru->y0, ru->y1) * k + (ru->y0 == ru->y1 ? hw * k : 0),
                  ru->color == GW_COLOR_RED ? RED : BLACK, 1);
    }
    for (size_t i = 0; i < pg->n_images; i++)
        if (draw_image(out, &pg->images[i], k, diags) != 0) {
            gw_proof_image_free(out);
            return -1;
        }
    if (with_overlay)
        overlay(r, out, p, page, std, k);
    if (pg->rotate == 90)
        rotate_cw(out);
    return 0;
}

void gw_proof_image_shrink(const gw_proof_image *in, int max_w, gw_proof_image *out)
{
    int f = (in->w + max_w - 1) / max_w;
    if (f < 1)
        f = 1;
    out->w = in->w / f;
    out->h = in->h / f;
    out->px = gw_xmalloc((size_t)out->w * (size_t)out->h * 3 + 1);
    for (int y = 0; y < out->h; y++)
        for (int x = 0; x < out->w; x++)
            for (int ch = 0; ch < 3; ch++) {
                unsigned sum = 0;
                for (int dy = 0; dy < f; dy++)
                    for (int dx = 0; dx < f; dx++)
                        sum += in->px[(((size_t)(y * f + dy)) * (size_t)in->w + (size_t)(x * f + dx)) * 3 + (size_t)ch];
                out->px[((size_t)y * (size_t)out->w + (size_t)x) * 3 + (size_t)ch] =
                    (unsigned char)(sum / (unsigned)(f * f));
            }
}

void gw_proof_image_free(gw_proof_image *img)
{
    free(img->px);
    img->px = NULL;
    img->w = img->h = 0;
}

static void png_to_buf(png_structp png, png_bytep data, size_t n)
{
    gw_buf_append((gw_buf *)png_get_io_ptr(png), data, n);
}

static void png_no_flush(png_structp png)
{
    (void)png;
}

typedef struct {
    png_structp png;
    png_infop info;
} png_write_objs;

static void png_write_objs_free(void *p)
{
    png_write_objs *o = p;
    png_destroy_write_struct(&o->png, &o->info);
}

int gw_proof_image_png(const gw_proof_image *img, gw_buf *out)
{
    png_write_objs po = { png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL), NULL };
    po.info = po.png ? png_create_info_struct(po.png) : NULL;
    if (!po.info) {
        png_destroy_write_struct(&po.png, NULL);
        return -1;
    }
    png_structp png = po.png;
    png_infop info = po.info;
    /* png_to_buf grows out: if the call runs out of memory there, libpng's structures go too */
    gw_defer *d = gw_mem_defer(png_write_objs_free, &po);
    if (setjmp(png_jmpbuf(png))) {
        gw_mem_undefer(d);
        png_destroy_write_struct(&po.png, &po.info);
        return -1;
    }
    png_set_write_fn(png, out, png_to_buf, png_no_flush);
    png_set_compression_level(png, 3); /* proofs are looked at, not archived: speed first */
    png_set_filter(png, 0, PNG_FILTER_SUB);
    png_set_IHDR(png, info, (png_uint_32)img->w, (png_uint_32)img->h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < img->h; y++)
        png_write_row(png, img->px + (size_t)y * (size_t)img->w * 3);
    png_write_end(png, info);
    gw_mem_undefer(d);
    png_destroy_write_struct(&po.png, &po.info);
    return 0;
}
