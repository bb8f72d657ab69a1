/* ofd_page.c: one page's Content.xml (see ofd_int.h).
 *
 * Owns: a TextObject per glyph run (TextCode with X, the baseline Y and DeltaX, a CGTransform
 * wherever the glyph drawn is not the one the font's cmap gives for the text, e.g. a ligature,
 * a character no font has), a PathObject per rule, an ImageObject per image, in the PDF's
 * drawing order (text, rules, then the images stamped over them), and turning a landscape page
 * (gw_page.rotate 90: shown turned a quarter clockwise, as PDF /Rotate 90) into a landscape
 * sheet whose objects carry the turn in their CTM (except the runs set in the landscape frame
 * already: a wide table's text, gw_glyph_run.turned).
 *
 * Positions are kept in whole micrometres (1 µm is a thirtieth of a 600 dpi dot): DeltaX is
 * written as differences of rounded absolute positions, so no rounding error adds up along a
 * line. */
#include "ofd_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The page's frame: portrait page-list mm → the displayed sheet's mm. */
typedef struct {
    bool turned;   /* rotate 90: (x, y) → (H − y, x) */
    double h;      /* the portrait sheet's height, mm */
} frame;

static long long um(double mm)
{
    return llround(mm * 1000.0);
}

/* A box in the portrait frame (mm, top-left x0,y0 to x1,y1) as the sheet shows it. */
static void frame_box(const frame *fr, double x0, double y0, double x1, double y1, double out[4])
{
    if (!fr->turned) {
        out[0] = x0, out[1] = y0, out[2] = x1, out[3] = y1;
    } else {
        out[0] = fr->h - y1, out[1] = x0, out[2] = fr->h - y0, out[3] = x1;
    }
}

/* Boundary="x y w h" of a box, rounded outward to whole µm so that it holds its content. */
static void put_boundary(gw_buf *b, const double box[4], long long *bx, long long *by)
{
    long long x0 = (long long)floor(box[0] * 1000.0 + 1e-6);
    long long y0 = (long long)floor(box[1] * 1000.0 + 1e-6);
    long long x1 = (long long)ceil(box[2] * 1000.0 - 1e-6);
    long long y1 = (long long)ceil(box[3] * 1000.0 - 1e-6);
    gw_buf_puts(b, " Boundary=\"");
    ofd_put_um(b, x0);
    gw_buf_putc(b, ' ');
    ofd_put_um(b, y0);
    gw_buf_putc(b, ' ');
    ofd_put_um(b, x1 - x0);
    gw_buf_putc(b, ' ');
    ofd_put_um(b, y1 - y0);
    gw_buf_putc(b, '"');
    *bx = x0;
    *by = y0;
}

/* CTM of a text drawn in portrait coordinates on a turned sheet: the quarter turn clockwise
 * (y down: x' = w − v, y' = u), w the width of its Boundary (mm). */
static void put_turn_ctm(gw_buf *b, double w)
{
    gw_buf_puts(b, " CTM=\"0 1 -1 0 ");
    ofd_put_mm(b, w);
    gw_buf_puts(b, " 0\"");
}

static void put_color(gw_buf *b, const char *el, gw_color c)
{
    gw_buf_printf(b, "<ofd:%s Value=\"%s\"/>", el, c == GW_COLOR_RED ? "255 0 0" : "0 0 0");
}

/* ---- text --------------------------------------------------------------------------------- */

/* A cluster: the characters text[0..n) drawn by glyphs [g0, g0 + ng) of the run. */
typedef struct {
    const char *text;
    uint32_t n;
    size_t g0, ng;
} cluster;

/* The run's clusters. A glyph with text starts one; the glyphs after it without text belong to
 * it; glyphs without text before the first belong to the first. A cluster drawn entirely with
 * .notdef, one box per character, is one cluster per character. */
static size_t clusters_of(const gw_glyph_run *r, cluster *out)
{
    size_t n = 0;
    size_t text_len = r->text ? strlen(r->text) : 0;
    for (size_t i = 0; i < r->n_glyphs; i++) {
        const gw_glyph *g = &r->glyphs[i];
        if (g->n_bytes > 0 && r->text && g->cluster + (size_t)g->n_bytes <= text_len) {
            out[n++] = (cluster){ r->text + g->cluster, g->n_bytes, i, 1 };
        } else if (n > 0) {
            out[n - 1].ng++;
        } else {
            out[n++] = (cluster){ "", 0, i, 1 }; /* joins the next one below */
        }
    }
    /* leading glyphs without text join the first cluster that has text */
    if (n > 1 && out[0].n == 0) {
        out[1].ng += out[1].g0 - out[0].g0;
        out[1].g0 = out[0].g0;
        memmove(out, out + 1, (n - 1) * sizeof *out);
        n--;
    }
    /* boxes of missing characters, each its own */
    size_t m = n;
    for (size_t c = 0; c < m; c++) {
        cluster k = out[c];
        if (k.ng < 2 || gw_utf8_count(k.text, k.n) != k.ng)
            continue;
        bool all_notdef = true;
        for (size_t i = 0; i < k.ng; i++)
            all_notdef = all_notdef && r->glyphs[k.g0 + i].gid == 0;
        if (!all_notdef)
            continue;
        /* split in place: shift the rest right */
        size_t extra = k.ng - 1;
        memmove(out + c + 1 + extra, out + c + 1, (n - c - 1) * sizeof *out);
        size_t off = 0;
        for (size_t i = 0; i < k.ng; i++) {
            uint32_t cp;
            size_t len = gw_utf8_decode(k.text + off, k.n - off, &cp);
            out[c + i] = (cluster){ k.text + off, (uint32_t)len, k.g0 + i, 1 };
            off += len;
        }
        n += extra;
        m += extra;
        c += extra;
    }
    return n;
}

/* Whether the reader draws this cluster right from the TextCode alone: one character, one
 * glyph, and that glyph is what the embedded font's cmap gives for the character. */
static bool plain_cluster(const ofd_font *f, const gw_glyph_run *r, const cluster *c)
{
    if (c->ng != 1 || c->n == 0)
        return false;
    uint32_t cp;
    if (gw_utf8_decode(c->text, c->n, &cp) != c->n)
        return false;
    uint32_t want = ofd_font_glyph(f, r->glyphs[c->g0].gid);
    return want != UINT32_MAX && ofd_font_cmap(f, cp) == want;
}

/* DeltaX: the n − 1 advances (µm), repeats as `g N v`. */
static void put_deltas(gw_buf *b, const long long *xs, size_t n)
{
    bool first = true;
    for (size_t i = 1; i < n;) {
        long long d = xs[i] - xs[i - 1];
        size_t j = i + 1;
        while (j < n && xs[j] - xs[j - 1] == d)
            j++;
        if (!first)
            gw_buf_putc(b, ' ');
        first = false;
        if (j - i >= 3) {
            gw_buf_printf(b, "g %zu ", j - i);
            ofd_put_um(b, d);
        } else {
            for (size_t k = i; k < j; k++) {
                if (k > i)
                    gw_buf_putc(b, ' ');
                ofd_put_um(b, d);
            }
        }
        i = j;
    }
}

typedef struct {
    long long x, y;          /* µm, in the object's frame */
    const char *text;        /* the character */
    uint32_t n;
} char_pos;

static void put_text_object(ofd_doc *d, gw_buf *b, const gw_page *pg, const frame *fr,
                            const gw_glyph_run *r, unsigned page_id)
{
    ofd_font *f = &d->fonts.fonts[r->face];
    const gw_face *face = f->face;
    double upem = face->upem ? face->upem : 1000;
    double s = r->size / upem;     /* pt per font unit */
    double hs = r->hscale;
    /* the em box every glyph stands in (a CJK face's ideographic box), so that a reader that
     * clips to the Boundary keeps the full line height */
    double em_top = face->em_top > 0 ? face->em_top : GW_EM_TOP_DEFAULT;
    double em_bottom = face->em_bottom < 0 ? face->em_bottom : GW_EM_BOTTOM_DEFAULT;
    (void)pg;

    cluster *cl = gw_xcalloc(r->n_glyphs * 2 + 1, sizeof *cl);
    size_t n_cl = clusters_of(r, cl);
    if (n_cl == 0 || cl[0].n == 0) {
        free(cl);
        return; /* glyphs that stand for no text: nothing a TextCode can say */
    }

    /* the run's box in the portrait frame, pt: each glyph's advance and em box, and its ink */
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (size_t i = 0; i < r->n_glyphs; i++) {
        const gw_glyph *g = &r->glyphs[i];
        double adv = hb_font_get_glyph_h_advance(face->hb_font, g->gid) * s * hs;
        double base = r->baseline + g->dy;
        double gx0 = fmin(0, adv), gx1 = fmax(0, adv);
        double gy0 = -em_top * r->size, gy1 = -em_bottom * r->size; /* y down */
        hb_glyph_extents_t ext;
        if (ofd_font_ink(f, g->gid, &ext)) {
            double ix0 = ext.x_bearing * s * hs, ix1 = (ext.x_bearing + ext.width) * s * hs;
            double iy0 = -ext.y_bearing * s, iy1 = -(ext.y_bearing + ext.height) * s;
            gx0 = fmin(gx0, fmin(ix0, ix1));
            gx1 = fmax(gx1, fmax(ix0, ix1));
            gy0 = fmin(gy0, fmin(iy0, iy1));
            gy1 = fmax(gy1, fmax(iy0, iy1));
        }
        x0 = fmin(x0, g->x + gx0);
        x1 = fmax(x1, g->x + gx1);
        y0 = fmin(y0, base + gy0);
        y1 = fmax(y1, base + gy1);
    }
    double box[4];
    frame_box(fr, x0 * OFD_PT_MM, y0 * OFD_PT_MM, x1 * OFD_PT_MM, y1 * OFD_PT_MM, box);

    unsigned id = ofd_new_id(d);
    gw_buf_printf(b, "<ofd:TextObject ID=\"%u\"", id);
    long long ox, oy;
    put_boundary(b, box, &ox, &oy);
    gw_buf_printf(b, " Font=\"%u\" Size=\"", f->id);
    ofd_put_mm(b, r->size * OFD_PT_MM);
    gw_buf_putc(b, '"');
    if (fabs(hs - 1.0) > 1e-9) {
        gw_buf_puts(b, " HScale=\"");
        gw_buf_printf(b, "%.4g", hs);
        gw_buf_putc(b, '"');
    }
    unsigned weight = face->metrics.weight;
    if (weight >= 100 && weight <= 900 && weight != 400)
        gw_buf_printf(b, " Weight=\"%u\"", (weight + 50) / 100 * 100);
    /* object frame origin in the portrait frame (µm): where the text's coordinates start */
    long long px = ox, py = oy;
    if (fr->turned) {
        /* portrait (px + u, py + v) shows at sheet (H − py − v, px + u): with px = oy and
         * py = H − ox − w, that is the Boundary's origin plus (w − v, u) */
        long long w = (long long)ceil(box[2] * 1000.0 - 1e-6) - ox;
        px = oy;
        py = um(fr->h) - ox - w;
        put_turn_ctm(b, (double)w / 1000.0);
    }
    gw_buf_puts(b, ">");
    put_color(b, "FillColor", r->color);

    /* characters with their positions, TextCodes split where the baseline moves */
    size_t n_chars = 0;
    for (size_t c = 0; c < n_cl; c++)
        n_chars += gw_utf8_count(cl[c].text, cl[c].n);
    char_pos *cp = gw_xcalloc(n_chars + 1, sizeof *cp);
    size_t *first_char = gw_xcalloc(n_cl + 1, sizeof *first_char);
    size_t k = 0;
    for (size_t c = 0; c < n_cl; c++) {
        const gw_glyph *g = &r->glyphs[cl[c].g0];
        size_t nc = gw_utf8_count(cl[c].text, cl[c].n);
        double w = hb_font_get_glyph_h_advance(face->hb_font, g->gid) * s * hs;
        first_char[c] = k;
        size_t off = 0;
        for (size_t j = 0; j < nc; j++) {
            uint32_t u;
            size_t len = gw_utf8_decode(cl[c].text + off, cl[c].n - off, &u);
            /* the characters of a ligature share its advance, for readers without CGTransform */
            double x = g->x + w * (double)j / (double)nc;
            cp[k].x = um(x * OFD_PT_MM) - px;
            cp[k].y = um((r->baseline + g->dy) * OFD_PT_MM) - py;
            cp[k].text = cl[c].text + off;
            cp[k].n = (uint32_t)len;
            off += len;
            k++;
        }
    }
    first_char[n_cl] = k;
    long long *xs = gw_xcalloc(n_chars + 1, sizeof *xs);
    for (size_t c0 = 0; c0 < n_cl;) {
        size_t c1 = c0 + 1;
        while (c1 < n_cl && cp[first_char[c1]].y == cp[first_char[c0]].y)
            c1++;
        size_t a = first_char[c0], e = first_char[c1];
        /* CGTransforms of this TextCode's clusters */
        for (size_t c = c0; c < c1; c++) {
            if (plain_cluster(f, r, &cl[c]) || !ofd_font_embedded(f))
                continue;
            gw_buf_printf(b, "<ofd:CGTransform CodePosition=\"%zu\" CodeCount=\"%zu\" "
                          "GlyphCount=\"%zu\"><ofd:Glyphs>", first_char[c] - a,
                          first_char[c + 1] - first_char[c], cl[c].ng);
            for (size_t i = 0; i < cl[c].ng; i++) {
                uint32_t gid = ofd_font_glyph(f, r->glyphs[cl[c].g0 + i].gid);
                gw_buf_printf(b, i ? " %u" : "%u", gid == UINT32_MAX ? 0 : gid);
            }
            gw_buf_puts(b, "</ofd:Glyphs></ofd:CGTransform>");
        }
        gw_buf_puts(b, "<ofd:TextCode X=\"");
        ofd_put_um(b, cp[a].x);
        gw_buf_puts(b, "\" Y=\"");
        ofd_put_um(b, cp[a].y);
        gw_buf_putc(b, '"');
        if (e - a > 1) {
            for (size_t i = a; i < e; i++)
                xs[i - a] = cp[i].x;
            gw_buf_puts(b, " DeltaX=\"");
            put_deltas(b, xs, e - a);
            gw_buf_putc(b, '"');
        }
        gw_buf_putc(b, '>');
        for (size_t i = a; i < e; i++)
            ofd_xml_text(b, cp[i].text, cp[i].n, true);
        gw_buf_puts(b, "</ofd:TextCode>");
        c0 = c1;
    }
    gw_buf_puts(b, "</ofd:TextObject>\n");
    ofd_tag_object(d, r->tag, page_id, id);
    free(xs);
    free(first_char);
    free(cp);
    free(cl);
}

/* ---- rules and images --------------------------------------------------------------------- */

static void put_rule(ofd_doc *d, gw_buf *b, const frame *fr, const gw_rule *ru, unsigned page_id)
{
    double w = ru->width * OFD_PT_MM, hw = w / 2;
    double x0 = ru->x0 * OFD_PT_MM, y0 = ru->y0 * OFD_PT_MM;
    double x1 = ru->x1 * OFD_PT_MM, y1 = ru->y1 * OFD_PT_MM;
    if (fr->turned) {
        double t0 = fr->h - y0, t1 = fr->h - y1;
        y0 = x0, y1 = x1, x0 = t0, x1 = t1;
    }
    /* the stroke's box: the centre line with half the width on every side (butt caps stop
     * at the ends; the box may be wider than the ink, never narrower) */
    double box[4] = { fmin(x0, x1) - hw, fmin(y0, y1) - hw, fmax(x0, x1) + hw, fmax(y0, y1) + hw };
    unsigned id = ofd_new_id(d);
    gw_buf_printf(b, "<ofd:PathObject ID=\"%u\"", id);
    long long bx, by;
    put_boundary(b, box, &bx, &by);
    gw_buf_puts(b, " LineWidth=\"");
    ofd_put_mm(b, w);
    gw_buf_puts(b, "\">");
    put_color(b, "StrokeColor", ru->color);
    gw_buf_puts(b, "<ofd:AbbreviatedData>M ");
    ofd_put_um(b, um(x0) - bx);
    gw_buf_putc(b, ' ');
    ofd_put_um(b, um(y0) - by);
    gw_buf_puts(b, " L ");
    ofd_put_um(b, um(x1) - bx);
    gw_buf_putc(b, ' ');
    ofd_put_um(b, um(y1) - by);
    gw_buf_puts(b, "</ofd:AbbreviatedData></ofd:PathObject>\n");
    ofd_tag_object(d, ru->tag, page_id, id);
}

static const ofd_image *image_of(const ofd_doc *d, const char *path)
{
    for (size_t i = 0; i < d->n_images; i++)
        if (strcmp(d->images[i].path, path) == 0)
            return &d->images[i];
    return NULL;
}

static void put_image(ofd_doc *d, gw_buf *b, const frame *fr, const gw_image *im,
                      unsigned page_id)
{
    const ofd_image *res = image_of(d, im->path);
    if (!res)
        return; /* not loaded: reported when the resources were made */
    double x = im->x * OFD_PT_MM, y = im->y * OFD_PT_MM;
    double w = im->w * OFD_PT_MM, h = im->h * OFD_PT_MM;
    double box[4];
    frame_box(fr, x, y, x + w, y + h, box);
    unsigned id = ofd_new_id(d);
    gw_buf_printf(b, "<ofd:ImageObject ID=\"%u\"", id);
    long long bx, by;
    put_boundary(b, box, &bx, &by);
    /* the unit square onto the image's box (CT_Image draws the image into the unit square) */
    if (!fr->turned) {
        gw_buf_puts(b, " CTM=\"");
        ofd_put_mm(b, w);
        gw_buf_puts(b, " 0 0 ");
        ofd_put_mm(b, h);
        gw_buf_puts(b, " 0 0\"");
    } else {
        gw_buf_puts(b, " CTM=\"0 ");
        ofd_put_mm(b, w);
        gw_buf_putc(b, ' ');
        ofd_put_mm(b, -h);
        gw_buf_puts(b, " 0 ");
        ofd_put_mm(b, h);
        gw_buf_puts(b, " 0\"");
    }
    gw_buf_printf(b, " ResourceID=\"%u\"/>\n", res->id);
    ofd_tag_object(d, im->tag, page_id, id);
}

/* Whether the package holds path as a JPEG (no alpha: every pixel paints). */
static bool image_opaque(const ofd_doc *d, const char *path)
{
    for (size_t k = 0; path && k < d->n_images; k++)
        if (strcmp(d->images[k].path, path) == 0)
            return strcmp(d->images[k].format, "JPEG") == 0;
    return false;
}

int ofd_page_content(ofd_doc *d, size_t p, unsigned page_id, gw_buf *b)
{
    const gw_page *pg = &d->pl->pages[p];
    frame fr = { pg->rotate == 90, pg->height * OFD_PT_MM };
    double w = pg->width * OFD_PT_MM, h = pg->height * OFD_PT_MM;
    if (fr.turned) {
        double t = w;
        w = h;
        h = t;
    }
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page xmlns:ofd=\"" OFD_NS
                   "\">\n<ofd:Area><ofd:PhysicalBox>0 0 ");
    ofd_put_mm(b, w);
    gw_buf_putc(b, ' ');
    ofd_put_mm(b, h);
    gw_buf_puts(b, "</ofd:PhysicalBox></ofd:Area>\n<ofd:Content>\n");
    gw_buf_printf(b, "<ofd:Layer ID=\"%u\">\n", ofd_new_id(d));
    /* a turned run (a wide table's text) is set in the landscape frame, which is the turned
     * sheet's own: it is written as it is */
    frame plain = { false, fr.h };
    /* An opaque image (a JPEG seal on white paper) goes under the text: OFD has no multiply
     * blend as the PDF uses, and on top its paper would hide the 署名 and the date under it;
     * black text over red reads as a stamp over print does. One with alpha goes on top. */
    for (size_t i = 0; i < pg->n_images; i++)
        if (image_opaque(d, pg->images[i].path))
            put_image(d, b, &fr, &pg->images[i], page_id);
    for (size_t i = 0; i < pg->n_runs; i++)
        if (pg->runs[i].n_glyphs)
            put_text_object(d, b, pg, pg->runs[i].turned && fr.turned ? &plain : &fr,
                            &pg->runs[i], page_id);
    for (size_t i = 0; i < pg->n_rules; i++)
        put_rule(d, b, &fr, &pg->rules[i], page_id);
    for (size_t i = 0; i < pg->n_images; i++)
        if (!image_opaque(d, pg->images[i].path))
            put_image(d, b, &fr, &pg->images[i], page_id);
    gw_buf_puts(b, "</ofd:Layer>\n</ofd:Content>\n</ofd:Page>\n");
    return 0;
}
