/* gw_pdf.c: the PDF back end: draws a gw_pagelist through libharu (see gw_pdf.h).
 *
 * Owns: the libharu document (pages, compression, xref, saving into memory), the content
 * streams (text as TJ arrays of subset glyph ids, /ActualText for the glyphs ToUnicode cannot
 * name, rules, images), the colours, the document info written as UTF-16BE text strings, and
 * turning libharu errors into diagnostics. The embedded fonts are in gw_pdf_font.c.
 *
 * The page list's frame has its origin at the top-left corner with y growing downward; PDF's
 * has it at the bottom-left with y growing upward: y_pdf = page height − y. */
#include "gw_pdf.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hpdf.h>
#include <zlib.h>
#include <hpdf_doc.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>

#include "../base/gw_image.h"
#include "../base/gw_util.h"
#include "gw_pdf_font.h"

typedef struct {
    gw_diags *diags;
    const char *doing;   /* what the back end was doing, for the error message */
    int n_errors;
    bool actual_text;    /* some page used /ActualText (PDF 1.5) */
} pdf_ctx;

static void err(pdf_ctx *ctx, const char *fmt, const char *arg)
{
    if (ctx->diags)
        gw_diags_add(ctx->diags, GW_ERROR, "pdf-write", 0, 0, fmt, arg);
    ctx->n_errors++;
}

static const char *hpdf_error_text(HPDF_STATUS e)
{
    switch (e) {
    case HPDF_FAILD_TO_ALLOC_MEM: return "out of memory";
    case HPDF_FILE_IO_ERROR: return "file input/output error";
    case HPDF_FILE_OPEN_ERROR: return "cannot open the file";
    case HPDF_INVALID_PNG_IMAGE: return "not a valid PNG image";
    case HPDF_UNSUPPORTED_JPEG_FORMAT: return "unsupported JPEG format";
    case HPDF_INVALID_JPEG_DATA: return "not a valid JPEG image";
    case HPDF_LIBPNG_ERROR: return "libpng error";
    case HPDF_PAGE_INVALID_SIZE: return "invalid page size";
    case HPDF_ZLIB_ERROR: return "zlib error";
    default: return NULL;
    }
}

/* libharu calls this and then returns an error code to its caller (no longjmp): record the
 * error, the code that called libharu checks the return value or n_errors. */
static void HPDF_STDCALL on_hpdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *data)
{
    pdf_ctx *ctx = data;
    if (ctx->n_errors++ > 0 || !ctx->diags)
        return; /* the first error says it; the rest follow from it */
    if (error_no == HPDF_FAILD_TO_ALLOC_MEM && gw_mem_failed(gw_mem_current()))
        return; /* the call's status says it, once libharu has returned (nothing is allocated
                   here, inside libharu, where a jump would leave its objects behind) */
    const char *text = hpdf_error_text(error_no);
    if (text)
        gw_diags_add(ctx->diags, GW_ERROR, "pdf-write", 0, 0, "PDF: %s: %s", ctx->doing, text);
    else
        gw_diags_add(ctx->diags, GW_ERROR, "pdf-write", 0, 0, "PDF: %s: libharu error 0x%04X (detail %u)",
                     ctx->doing, (unsigned)error_no, (unsigned)detail_no);
}

static void *HPDF_STDCALL hpdf_alloc(HPDF_UINT size)
{
    return gw_mem_foreign_alloc(size);
}

static void HPDF_STDCALL hpdf_free(void *p)
{
    gw_mem_foreign_free(p);
}

static void free_hpdf(void *pdf)
{
    HPDF_Free(pdf);
}

static void free_fonts(void *pf)
{
    gw_pdf_fonts_free(pf);
}

/* ---- numbers in content streams ----------------------------------------------------------- */

/* Appends v with at most dec (0..4) decimals, trailing zeros dropped: the shortest exact form
 * of the value rounded to 10^-dec, which is also the value readers see. */
static void put_num(gw_buf *b, double v, int dec)
{
    static const double p10[] = { 1, 10, 100, 1000, 10000 };
    gw_buf_put_scaled(b, llround(v * p10[dec]), dec);
}

/* v rounded as put_num writes it */
static double rounded(double v, int dec)
{
    static const double p10[] = { 1, 10, 100, 1000, 10000 };
    return (double)llround(v * p10[dec]) / p10[dec];
}

/* ---- text --------------------------------------------------------------------------------- */

/* The text glyph k of run r stands for: its cluster's text on the cluster's first glyph, none
 * on the others. Except where a cluster is all .notdef (a character no font has, with marks no
 * font has either) and has as many glyphs as characters: there each box stands for its own
 * character, so that each gets a CID and a ToUnicode entry of its own. */
static void glyph_text(const gw_glyph_run *r, size_t k, const char **text, uint32_t *n)
{
    const gw_glyph *g = &r->glyphs[k];
    *text = r->text ? r->text + g->cluster : NULL;
    *n = g->n_bytes;
    if (g->gid != 0 || !r->text)
        return;
    /* (a long cluster keeps its text on its first glyph: looking through it for each of its
     * glyphs would be quadratic, and layout gives each glyph its own character anyway) */
    enum { LOOK = 64 };
    size_t h = k, e = k + 1;
    while (h > 0 && k - h < LOOK && r->glyphs[h - 1].cluster == g->cluster)
        h--;
    while (e < r->n_glyphs && e - k < LOOK && r->glyphs[e].cluster == g->cluster)
        e++;
    if (e - h < 2 || e - h >= LOOK || r->glyphs[h].n_bytes == 0)
        return;
    for (size_t i = h; i < e; i++)
        if (r->glyphs[i].gid != 0)
            return;
    const char *s = r->text + g->cluster;
    uint32_t len = r->glyphs[h].n_bytes;
    if (gw_utf8_count(s, len) != e - h)
        return;
    size_t off = 0;
    uint32_t cp;
    for (size_t i = h; i < k; i++)
        off += gw_utf8_decode(s + off, len - off, &cp);
    *text = s + off;
    *n = (uint32_t)gw_utf8_decode(s + off, len - off, &cp);
}

/* The text state of the page's single text object, to write only what changes. */
typedef struct {
    int face;
    double size, tz, tc, rise;
    int fill;            /* gw_color, −1 = not set */
    bool actual_text;    /* an /ActualText span was written */
} text_state;

static void set_fill(gw_buf *cs, int *cur, gw_color color)
{
    if (*cur == (int)color)
        return;
    gw_buf_puts(cs, color == GW_COLOR_RED ? "0 1 1 0 k\n" : "0 g\n");
    *cur = (int)color;
}

/* The character spacing (Tc, unscaled text units) that most gaps of the run share, so that the
 * TJ array needs numbers only where a gap differs (a justified line: none). */
static double common_tc(const gw_glyph_run *r, const gw_pdf_font *f, double size, double th,
                        double cur)
{
    if (r->n_glyphs < 2)
        return cur;
    long long cand = 0;
    size_t votes = 0;
    /* by the glyph's first CID; a missing character's own CID has the width of .notdef's */
    for (size_t i = 0; i + 1 < r->n_glyphs; i++) {
        double w = f->widths[f->slots[r->glyphs[i].gid].new_gid] * size / 1000.0;
        long long k = llround(((r->glyphs[i + 1].x - r->glyphs[i].x) / th - w) * 1000.0);
        if (votes == 0)
            cand = k;
        votes = k == cand ? votes + 1 : votes - 1;
    }
    size_t n = 0;
    for (size_t i = 0; i + 1 < r->n_glyphs; i++) {
        double w = f->widths[f->slots[r->glyphs[i].gid].new_gid] * size / 1000.0;
        n += llround(((r->glyphs[i + 1].x - r->glyphs[i].x) / th - w) * 1000.0) == cand;
    }
    return 2 * n > r->n_glyphs - 1 ? (double)cand / 1000.0 : 0.0;
}

/* A glyph the ToUnicode map does not give the right text for (see gw_pdf_font_cid), shown on
 * its own inside a marked-content span whose /ActualText is its text, so that copying and text
 * extraction get its own text back rather than the text the glyph stood for first. */
static void put_actual_text_glyph(gw_buf *cs, unsigned cid, const char *text, size_t n)
{
    gw_buf_puts(cs, "/Span<</ActualText<FEFF");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += gw_utf8_decode(text + i, n - i, &cp);
        gw_pdf_put_utf16(cs, cp, true);
    }
    gw_buf_puts(cs, ">>>BDC\n[<");
    gw_pdf_put_hex16(cs, cid);
    gw_buf_puts(cs, ">]TJ\nEMC\n");
}

/* Writes one run: its state changes, a Tm at the first glyph, then TJ arrays whose numbers
 * bring each glyph to its exact x (the pen advances by the /W widths the font carries). */
static void put_run(gw_buf *cs, text_state *ts, const gw_glyph_run *r, const gw_pdf_font *f,
                    const char *font_name, double page_h)
{
    set_fill(cs, &ts->fill, r->color);
    double size = rounded(r->size, 3);
    if (ts->face != f->index || ts->size != size) {
        gw_buf_putc(cs, '/');
        gw_buf_puts(cs, font_name);
        gw_buf_putc(cs, ' ');
        put_num(cs, size, 3);
        gw_buf_puts(cs, " Tf\n");
        ts->face = f->index;
        ts->size = size;
    }
    double tz = rounded(r->hscale * 100.0, 3);
    if (ts->tz != tz) {
        put_num(cs, tz, 3);
        gw_buf_puts(cs, " Tz\n");
        ts->tz = tz;
    }
    double th = tz / 100.0;
    double tc = rounded(common_tc(r, f, size, th, ts->tc), 3);
    if (ts->tc != tc) {
        put_num(cs, tc, 3);
        gw_buf_puts(cs, " Tc\n");
        ts->tc = tc;
    }
    double x = rounded(r->glyphs[0].x, 3);
    if (r->turned) {
        /* the landscape frame's (X, Y) is the sheet's (Y, X) in PDF space (y up): the text's
         * x axis goes up the sheet, its y axis to the left */
        gw_buf_puts(cs, "0 1 -1 0 ");
        put_num(cs, r->baseline, 3);
        gw_buf_putc(cs, ' ');
        put_num(cs, x, 3);
    } else {
        gw_buf_puts(cs, "1 0 0 1 ");
        put_num(cs, x, 3);
        gw_buf_putc(cs, ' ');
        put_num(cs, page_h - r->baseline, 3);
    }
    gw_buf_puts(cs, " Tm\n");

    double pen = x;
    bool tj_open = false, hex_open = false;
    for (size_t i = 0; i < r->n_glyphs; i++) {
        const gw_glyph *g = &r->glyphs[i];
        const char *text;
        uint32_t n_bytes;
        glyph_text(r, i, &text, &n_bytes);
        bool mapped;
        unsigned cid = gw_pdf_font_cid(f, g->gid, text, n_bytes, &mapped);
        if (i > 0) {
            /* TJ numbers are thousandths of the text size, positive moves left */
            long long k = llround((pen - g->x) * 1000.0 / (size * th) * 100.0);
            if (k != 0) {
                if (!tj_open)
                    gw_buf_putc(cs, '['); /* after an /ActualText glyph */
                if (hex_open)
                    gw_buf_putc(cs, '>');
                tj_open = true;
                hex_open = false;
                put_num(cs, (double)k / 100.0, 2);
                pen -= (double)k / 100.0 / 1000.0 * size * th;
            }
        }
        double rise = rounded(-g->dy, 3);
        if (rise != ts->rise) {
            if (tj_open)
                gw_buf_puts(cs, hex_open ? ">]TJ\n" : "]TJ\n");
            tj_open = hex_open = false;
            put_num(cs, rise, 3);
            gw_buf_puts(cs, " Ts\n");
            ts->rise = rise;
        }
        if (!mapped) {
            if (tj_open)
                gw_buf_puts(cs, hex_open ? ">]TJ\n" : "]TJ\n");
            tj_open = hex_open = false;
            put_actual_text_glyph(cs, cid, text, n_bytes);
            ts->actual_text = true;
        } else {
            if (!tj_open)
                gw_buf_putc(cs, '[');
            if (!hex_open)
                gw_buf_putc(cs, '<');
            tj_open = hex_open = true;
            gw_pdf_put_hex16(cs, cid);
        }
        pen += (f->widths[cid] * size / 1000.0 + tc) * th;
    }
    if (tj_open)
        gw_buf_puts(cs, hex_open ? ">]TJ\n" : "]TJ\n");
}

/* ---- images ------------------------------------------------------------------------------- */

/* Each image is embedded once per document however often it is drawn (a seal on the 署名
 * of several documents issued together, the same file named twice): the cache knows it by
 * its path and by its bytes. A PNG is decoded (gw_image: any colour type, bit depth or
 * interlacing) and embedded as 8-bit samples with its alpha as a soft mask, both Flate-
 * compressed; a JPEG is embedded as it is (DCTDecode). */
typedef struct {
    const char *path;
    unsigned char *bytes;
    size_t len;
    uint64_t hash;
    HPDF_Image image;
} image_slot;

typedef struct {
    image_slot *items;
    size_t n, cap;
    HPDF_ExtGState multiply; /* /BM /Multiply: the seal's red darkens the text under it, as ink */
} image_cache;

static uint64_t fnv1a(const unsigned char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 0x100000001b3ULL;
    return h;
}

static HPDF_Image embed_image(pdf_ctx *ctx, HPDF_Doc pdf, const gw_image_file *im)
{
    if (im->format == GW_IMAGE_JPEG) {
        HPDF_Image img = HPDF_LoadJpegImageFromMem(pdf, im->file, (HPDF_UINT)im->file_len);
        if (img && im->cmyk_inverted) { /* Adobe's CMYK JPEG stores its samples inverted */
            HPDF_Array decode = HPDF_Array_New(pdf->mmgr);
            for (int k = 0; decode && k < 8; k++)
                HPDF_Array_AddReal(decode, (HPDF_REAL)(k % 2 == 0));
            if (!decode || HPDF_Dict_Add(img, "Decode", decode) != HPDF_OK)
                return NULL;
        }
        return img;
    }
    HPDF_ColorSpace cs = im->components == 1 ? HPDF_CS_DEVICE_GRAY : HPDF_CS_DEVICE_RGB;
    HPDF_Image img = HPDF_LoadRawImageFromMem(pdf, im->pixels, im->width, im->height, cs, 8);
    if (img && im->alpha_plane) {
        HPDF_Image mask = HPDF_LoadRawImageFromMem(pdf, im->alpha_plane, im->width, im->height,
                                                   HPDF_CS_DEVICE_GRAY, 8);
        if (!mask || HPDF_Image_AddSMask(img, mask) != HPDF_OK)
            return NULL;
    }
    (void)ctx;
    return img;
}

static HPDF_Image load_image(pdf_ctx *ctx, HPDF_Doc pdf, image_cache *ic, const char *path)
{
    for (size_t i = 0; i < ic->n; i++)
        if (strcmp(ic->items[i].path, path) == 0)
            return ic->items[i].image;
    gw_image_file im;
    char why[256];
    gw_image_status st = gw_image_file_read(path, true, &im, why, sizeof why);
    if (st != GW_IMAGE_OK) {
        if (ctx->diags)
            gw_diags_add(ctx->diags, GW_ERROR, gw_image_status_id(st), 0, 0, "PDF: image '%s': %s",
                         path, why);
        ctx->n_errors++;
        return NULL;
    }
    uint64_t h = fnv1a(im.file, im.file_len);
    HPDF_Image img = NULL;
    for (size_t i = 0; i < ic->n && !img; i++)
        if (ic->items[i].hash == h && ic->items[i].len == im.file_len &&
            memcmp(ic->items[i].bytes, im.file, im.file_len) == 0)
            img = ic->items[i].image;
    if (!img) {
        char doing[512];
        snprintf(doing, sizeof doing, "embedding image '%s'", path);
        const char *was = ctx->doing;
        ctx->doing = doing;
        img = embed_image(ctx, pdf, &im);
        ctx->doing = was;
        if (!img) {
            if (ctx->n_errors == 0)
                err(ctx, "PDF: cannot embed image '%s'", path);
            gw_image_file_free(&im);
            return NULL;
        }
    }
    if (ic->n == ic->cap) {
        ic->cap = ic->cap ? ic->cap * 2 : 4;
        ic->items = gw_xrealloc(ic->items, ic->cap * sizeof *ic->items);
    }
    ic->items[ic->n++] = (image_slot){ path, im.file, im.file_len, h, img };
    im.file = NULL; /* the cache keeps the bytes, to know the same image by another name */
    gw_image_file_free(&im);
    return img;
}

static void image_cache_free(image_cache *ic)
{
    for (size_t i = 0; i < ic->n; i++)
        free(ic->items[i].bytes);
    free(ic->items);
}

/* ---- pages -------------------------------------------------------------------------------- */

static int write_page(pdf_ctx *ctx, HPDF_Doc pdf, const gw_page *pg, gw_pdf_fonts *pf,
                      const char **font_names, image_cache *ic, gw_buf *cs, gw_buf *z)
{
    ctx->doing = "adding a page";
    HPDF_Page page = HPDF_AddPage(pdf);
    if (!page)
        return -1;
    if (HPDF_Page_SetWidth(page, (HPDF_REAL)pg->width) != HPDF_OK ||
        HPDF_Page_SetHeight(page, (HPDF_REAL)pg->height) != HPDF_OK)
        return -1;
    /* a landscape page (a wide table): viewers show it turned a quarter clockwise */
    if (pg->rotate == 90 && HPDF_Page_SetRotate(page, 90) != HPDF_OK)
        return -1;
    double h = pg->height;
    for (size_t i = 0; i < pf->n_fonts; i++)
        font_names[i] = NULL;

    cs->len = 0;
    text_state ts = { .face = -1, .size = -1, .tz = 100, .tc = 0, .rise = 0, .fill = -1 };
    bool in_text = false;
    for (size_t i = 0; i < pg->n_runs; i++) {
        const gw_glyph_run *r = &pg->runs[i];
        if (r->n_glyphs == 0)
            continue;
        gw_pdf_font *f = &pf->fonts[r->face];
        if (!font_names[r->face]) {
            ctx->doing = "naming a font resource";
            font_names[r->face] = HPDF_Page_GetLocalFontName(page, f->type0);
            if (!font_names[r->face])
                return -1;
        }
        if (!in_text)
            gw_buf_puts(cs, "BT\n");
        in_text = true;
        put_run(cs, &ts, r, f, font_names[r->face], h);
    }
    if (in_text)
        gw_buf_puts(cs, "ET\n");

    /* rules: stroked centre lines, butt caps */
    int stroke = -1;
    double width = -1;
    for (size_t i = 0; i < pg->n_rules; i++) {
        const gw_rule *ru = &pg->rules[i];
        if (i == 0)
            gw_buf_puts(cs, "0 J\n");
        if (stroke != (int)ru->color) {
            gw_buf_puts(cs, ru->color == GW_COLOR_RED ? "0 1 1 0 K\n" : "0 G\n");
            stroke = (int)ru->color;
        }
        if (width != rounded(ru->width, 3)) {
            width = rounded(ru->width, 3);
            put_num(cs, width, 3);
            gw_buf_puts(cs, " w\n");
        }
        put_num(cs, ru->x0, 3);
        gw_buf_putc(cs, ' ');
        put_num(cs, h - ru->y0, 3);
        gw_buf_puts(cs, " m ");
        put_num(cs, ru->x1, 3);
        gw_buf_putc(cs, ' ');
        put_num(cs, h - ru->y1, 3);
        gw_buf_puts(cs, " l S\n");
    }

    HPDF_PageAttr attr = (HPDF_PageAttr)page->attr;
    ctx->actual_text |= ts.actual_text;
    ctx->doing = "writing a content stream";
    const gw_buf *content = cs;
    if (!pg->n_images && cs->len) {
        /* Deflated here, page by page: libharu would keep every page's content uncompressed
         * until the end (10 MB for a 1,000-page document). A page with images gets their
         * drawing appended by libharu, and is left to it. */
        if (!gw_pdf_deflate(z, cs->data, cs->len, Z_DEFAULT_STRATEGY) || attr->contents->write_fn) {
            if (ctx->n_errors == 0)
                err(ctx, "PDF: %s failed", ctx->doing);
            return -1;
        }
        attr->contents->filter = HPDF_STREAM_FILTER_NONE;
        attr->contents->write_fn = gw_pdf_write_flate_filter;
        content = z;
    }
    if (content->len && HPDF_Stream_Write(attr->stream, (const HPDF_BYTE *)content->data,
                                          (HPDF_UINT)content->len) != HPDF_OK) {
        if (ctx->n_errors == 0)
            err(ctx, "PDF: %s failed", ctx->doing);
        return -1;
    }

    /* images (seals, signature stamps) last: they are stamped over the text, which shows
     * through them (multiply blending: the red darkens the black, as ink on ink). All are
     * loaded before the graphics state is saved, so that a bad one leaves nothing pushed. */
    if (!pg->n_images)
        return ctx->n_errors ? -1 : 0;
    HPDF_Image *imgs = gw_xmalloc(pg->n_images * sizeof *imgs);
    int rc = 0;
    for (size_t i = 0; i < pg->n_images && rc == 0; i++)
        if (!(imgs[i] = load_image(ctx, pdf, ic, pg->images[i].path)))
            rc = -1;
    ctx->doing = "drawing an image";
    if (rc == 0 && !ic->multiply) {
        ic->multiply = HPDF_CreateExtGState(pdf);
        if (!ic->multiply || HPDF_ExtGState_SetBlendMode(ic->multiply, HPDF_BM_MULTIPLY) != HPDF_OK)
            rc = -1;
    }
    if (rc == 0 && HPDF_Page_GSave(page) != HPDF_OK)
        rc = -1;
    if (rc == 0) {
        if (HPDF_Page_SetExtGState(page, ic->multiply) != HPDF_OK)
            rc = -1;
        for (size_t i = 0; i < pg->n_images && rc == 0; i++) {
            const gw_image *im = &pg->images[i];
            if (HPDF_Page_DrawImage(page, imgs[i], (HPDF_REAL)im->x, (HPDF_REAL)(h - im->y - im->h),
                                    (HPDF_REAL)im->w, (HPDF_REAL)im->h) != HPDF_OK)
                rc = -1;
        }
        if (HPDF_Page_GRestore(page) != HPDF_OK)
            rc = -1;
    }
    free(imgs);
    if (rc != 0)
        return -1;
    return ctx->n_errors ? -1 : 0;
}

/* ---- document info ------------------------------------------------------------------------ */

/* Adds an Info entry: ASCII as a literal string, anything else as a UTF-16BE text string with
 * its byte order mark, in hex (libharu's HPDF_SetInfoAttr would pass the UTF-8 bytes on as if
 * they were PDFDocEncoding). */
static int add_info(HPDF_Doc pdf, const char *key, const char *value)
{
    if (!value || !*value)
        return 0;
    size_t n = strlen(value);
    bool ascii = true;
    for (size_t i = 0; i < n; i++)
        ascii = ascii && (unsigned char)value[i] >= 0x20 && (unsigned char)value[i] < 0x7F;
    void *obj;
    if (ascii) {
        obj = HPDF_String_New(pdf->mmgr, value, NULL);
    } else {
        gw_buf u;
        gw_buf_init(&u);
        gw_buf_append(&u, "\xFE\xFF", 2);
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            i += gw_utf8_decode(value + i, n - i, &cp);
            gw_pdf_put_utf16(&u, cp, false);
        }
        obj = HPDF_Binary_New(pdf->mmgr, (HPDF_BYTE *)u.data, (HPDF_UINT)u.len);
        gw_buf_free(&u);
    }
    if (!obj || HPDF_Dict_Add(pdf->info, key, obj) != HPDF_OK)
        return -1;
    return 0;
}

/* ---- the document ------------------------------------------------------------------------- */

static int write_document(pdf_ctx *ctx, HPDF_Doc pdf, const gw_pagelist *pl, gw_pdf_fonts *pf,
                          const char *creator, gw_pagelist *release)
{
    /* PDF 1.4: images with an alpha channel (seals) get an SMask */
    pdf->pdf_version = HPDF_VER_14;
    ctx->doing = "setting compression";
    if (HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL) != HPDF_OK)
        return -1;

    /* every glyph once through the font bookkeeping, so that each face is subset once */
    for (size_t p = 0; p < pl->n_pages; p++) {
        const gw_page *pg = &pl->pages[p];
        for (size_t i = 0; i < pg->n_runs; i++) {
            const gw_glyph_run *r = &pg->runs[i];
            if (r->n_glyphs == 0)
                continue;
            if (!(r->size > 0 && r->size < 10000) || !(r->hscale > 0 && r->hscale <= 10)) {
                if (ctx->diags)
                    gw_diags_add(ctx->diags, GW_ERROR, "internal", 0, 0,
                                 "PDF: a glyph run on page %zu has size %g and scale %g", p + 1,
                                 r->size, r->hscale);
                return -1;
            }
            size_t text_len = r->text ? strlen(r->text) : 0;
            for (size_t k = 0; k < r->n_glyphs; k++) {
                const gw_glyph *g = &r->glyphs[k];
                uint32_t nb = g->n_bytes;
                if ((size_t)g->cluster > text_len || nb > text_len - g->cluster) {
                    if (ctx->diags)
                        gw_diags_add(ctx->diags, GW_ERROR, "internal", 0, 0,
                                     "PDF: glyph %zu of a run on page %zu points outside the "
                                     "run's text", k + 1, p + 1);
                    return -1;
                }
                const char *text;
                glyph_text(r, k, &text, &nb);
                if (!gw_pdf_fonts_use(pf, r->face, g->gid, r->size, nb ? text : NULL, nb))
                    return -1;
            }
        }
    }
    ctx->doing = "embedding the fonts";
    if (gw_pdf_fonts_embed(pf, pdf) != 0)
        return -1;

    ctx->doing = "writing the document information";
    if (add_info(pdf, "Title", pl->title) || add_info(pdf, "Author", pl->author) ||
        add_info(pdf, "Subject", pl->subject) || add_info(pdf, "Creator", creator)) {
        if (ctx->n_errors == 0)
            err(ctx, "PDF: %s failed", ctx->doing);
        return -1;
    }

    const char **font_names = gw_xcalloc(pf->n_fonts ? pf->n_fonts : 1, sizeof *font_names);
    image_cache ic = { 0 };
    gw_buf cs;
    gw_buf_init(&cs);
    gw_buf z;
    gw_buf_init(&z);
    int rc = 0;
    for (size_t p = 0; p < pl->n_pages && rc == 0; p++) {
        rc = write_page(ctx, pdf, &pl->pages[p], pf, font_names, &ic, &cs, &z);
        if (release) /* (its glyphs are in the fonts' bookkeeping and the page's stream) */
            gw_page_release_runs(&release->pages[p]);
    }
    /* The header names the version whose features the file uses: 1.4 for transparency (a
     * seal's soft mask), 1.5 for /ActualText, 1.6 for an OpenType font program (CFF2). */
    for (size_t i = 0; i < pf->n_fonts; i++)
        if (pf->fonts[i].slots && pf->fonts[i].cff2)
            pdf->pdf_version = HPDF_VER_16;
    if (ctx->actual_text && pdf->pdf_version < HPDF_VER_15)
        pdf->pdf_version = HPDF_VER_15;
    gw_buf_free(&cs);
    gw_buf_free(&z);
    image_cache_free(&ic);
    free(font_names);
    return rc;
}

int gw_pdf_write(const gw_pagelist *pl, const gw_fontset *fs, const char *creator,
                 unsigned char **out, size_t *out_len, gw_diags *diags)
{
    gw_pdf_options opt = { creator, 0, false };
    return gw_pdf_write_with(pl, fs, &opt, out, out_len, diags);
}

static int write_pdf(const gw_pagelist *pl, gw_pagelist *release, const gw_fontset *fs,
                     const gw_pdf_options *opt, unsigned char **out, size_t *out_len,
                     gw_diags *diags);

int gw_pdf_write_with(const gw_pagelist *pl, const gw_fontset *fs, const gw_pdf_options *opt,
                      unsigned char **out, size_t *out_len, gw_diags *diags)
{
    return write_pdf(pl, NULL, fs, opt, out, out_len, diags);
}

int gw_pdf_write_releasing(gw_pagelist *pl, const gw_fontset *fs, const gw_pdf_options *opt,
                           unsigned char **out, size_t *out_len, gw_diags *diags)
{
    return write_pdf(pl, pl, fs, opt, out, out_len, diags);
}

static int write_pdf(const gw_pagelist *pl, gw_pagelist *release, const gw_fontset *fs,
                     const gw_pdf_options *opt, unsigned char **out, size_t *out_len,
                     gw_diags *diags)
{
    const char *creator = opt ? opt->creator : NULL;
    *out = NULL;
    *out_len = 0;
    pdf_ctx ctx = { diags, "creating the document", 0, false };
    if (!pl || pl->n_pages == 0) {
        err(&ctx, "PDF: %s", "the page list has no pages");
        return -1;
    }
    /* No memory pool: libharu 2.3.0's pool hands out unaligned blocks. Its objects are few (a
     * dozen per font and page; /W lists only the widths that differ from /DW). */
    /* libharu allocates through the call's memory (counted against its limit; a failure is an
     * error libharu reports, then the call's status), and is freed if the call runs out */
    HPDF_Doc pdf = HPDF_NewEx(on_hpdf_error, hpdf_alloc, hpdf_free, 0, &ctx);
    if (!pdf) {
        gw_mem_raise_if_failed();
        if (ctx.n_errors == 0)
            err(&ctx, "PDF: %s", "cannot create the document (out of memory)");
        return -1;
    }
    gw_defer *d_pdf = gw_mem_defer(free_hpdf, pdf);
    gw_pdf_fonts pf;
    gw_pdf_fonts_init(&pf, fs, diags);
    gw_defer *d_fonts = gw_mem_defer(free_fonts, &pf);
    pf.threads = opt ? opt->threads : 0;
    pf.outline_tolerance = opt && opt->exact_outlines ? 0 : GW_PDF_OUTLINE_TOLERANCE_MM;
    int rc = write_document(&ctx, pdf, pl, &pf, creator, release);
    if (rc == 0) {
        ctx.doing = "saving";
        HPDF_UINT32 size = 0;
        if (HPDF_SaveToStream(pdf) == HPDF_OK && (size = HPDF_GetStreamSize(pdf)) > 0) {
            unsigned char *buf = gw_xmalloc(size);
            HPDF_UINT32 got = size;
            if (HPDF_ResetStream(pdf) != HPDF_OK ||
                       (HPDF_ReadFromStream(pdf, buf, &got) != HPDF_OK && got != size) ||
                       got != size) {
                free(buf);
                if (ctx.n_errors == 0)
                    err(&ctx, "PDF: %s", "cannot read the saved document back");
            } else {
                *out = buf;
                *out_len = size;
            }
        }
        if (!*out)
            rc = -1;
    }
    gw_mem_undefer(d_fonts);
    gw_pdf_fonts_free(&pf);
    gw_mem_undefer(d_pdf);
    HPDF_Free(pdf);
    gw_mem_foreign_release_all();
    if (rc != 0) {
        free(*out);
        *out = NULL;
        gw_mem_raise_if_failed(); /* libharu ran out of the call's memory: that is the status */
    }
    if (rc != 0 && ctx.n_errors == 0 && !(diags && gw_diags_has_error(diags)))
        err(&ctx, "PDF: %s failed", ctx.doing);
    return rc;
}
