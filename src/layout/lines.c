/* lines.c: one paragraph on the grid: shaping, units, line breaking with 避头尾, justification,
 * and drawing a line into a page.
 *
 * Owns: the unit model. Every CJK character (full-width punctuation included) is one grid cell
 * wide, whatever advance its font gives it (some fonts set `，` half width); Latin letters and
 * digits are shaped in the Latin face and kept together as one unbreakable unit per word or
 * number (`2021`, `OA`, `8-9`); spaces are break points that vanish at line ends. A line is
 * filled greedily; a forbidden break (GB/T 15834 避头尾, or inside —— ……) is resolved by
 * pulling the next character(s) in when squeezing at most half a cell out of the line does it
 * (punctuation compressed first, then a little tracking), else by pushing the last
 * character(s) down to the next line. Full lines are justified to the exact width by spreading the leftover between units (CJK style);
 * a paragraph's last line keeps the natural pitch. Never wider than the 版心. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

#define EPS 1e-6

bool lay_is_cjk(uint32_t cp)
{
    if (cp >= 0x2E80 && cp <= 0xA4CF) /* radicals … CJK punct, kana, ext A, unified, Yi */
        return true;
    if ((cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
        (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) ||
        (cp >= 0x20000 && cp <= 0x3FFFF))
        return true;
    /* Punctuation and symbols that Chinese text sets full width. */
    switch (cp) {
    case 0x00B7: case 0x00D7: case 0x2014: case 0x2015: case 0x2016: case 0x2018: case 0x2019:
    case 0x201C: case 0x201D: case 0x2025: case 0x2026: case 0x203B: case 0x2103: case 0x2116:
        return true;
    default:
        break;
    }
    return (cp >= 0x2150 && cp <= 0x21FF) || /* number forms (Ⅰ), arrows */
           (cp >= 0x2460 && cp <= 0x27BF);   /* ①, box drawing, shapes ○■, ★ */
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == '\n' || cp == '\r';
}

void lay_para_init(lay_para *p)
{
    memset(p, 0, sizeof *p);
}

void lay_para_free(lay_para *p)
{
    free(p->text);
    free(p->g);
    free(p->u);
    free(p->lines);
    memset(p, 0, sizeof *p);
}

static lay_unit *new_unit(lay_para *p)
{
    if (p->nu == p->capu) {
        p->capu = p->capu ? 2 * p->capu : 64;
        p->u = gw_xrealloc(p->u, p->capu * sizeof *p->u);
    }
    lay_unit *u = &p->u[p->nu++];
    memset(u, 0, sizeof *u);
    return u;
}

static lay_line *new_line(lay_para *p)
{
    if (p->nl == p->capl) {
        p->capl = p->capl ? 2 * p->capl : 8;
        p->lines = gw_xrealloc(p->lines, p->capl * sizeof *p->lines);
    }
    lay_line *l = &p->lines[p->nl++];
    memset(l, 0, sizeof *l);
    return l;
}

static gw_font_role role_at(const lay_span *spans, size_t n_spans, gw_font_role dflt, size_t b)
{
    for (size_t i = 0; i < n_spans; i++)
        if (b < spans[i].end)
            return spans[i].role;
    return dflt;
}

static void shape_segment(lay_ctx *c, lay_para *p, gw_font_role role, size_t b0, size_t b1)
{
    gw_shaped *sh = NULL;
    size_t n = gw_shape(c->fs, role, p->text + b0, b1 - b0, &sh, c->diags);
    if (p->ng + n > p->capg) {
        while (p->ng + n > p->capg)
            p->capg = p->capg ? 2 * p->capg : 256;
        p->g = gw_xrealloc(p->g, p->capg * sizeof *p->g);
    }
    for (size_t i = 0; i < n; i++) {
        lay_glyph *g = &p->g[p->ng++];
        g->face = sh[i].face;
        g->gid = sh[i].gid;
        g->adv = sh[i].x_advance * p->size;
        g->xoff = sh[i].x_offset * p->size;
        g->yoff = sh[i].y_offset * p->size;
        g->cluster = (uint32_t)(b0 + sh[i].cluster);
    }
    free(sh);
}

/* A Latin "word" wider than half the 版心 (a URL, a long code) may break anywhere: it becomes
 * one unit per cluster, so a line fills up to its edge instead of leaving a gaping line. */
static void explode_long_words(lay_para *p, const gw_layout_rules *r)
{
    size_t extra = 0;
    for (size_t i = 0; i < p->nu; i++)
        if (p->u[i].kind == LAY_LATIN && p->u[i].width > r->area_w / 2)
            extra += p->u[i].g1 - p->u[i].g0;
    if (!extra)
        return;
    lay_unit *old = p->u;
    size_t n_old = p->nu;
    p->capu = n_old + extra;
    p->u = gw_xmalloc(p->capu * sizeof *p->u);
    p->nu = 0;
    for (size_t i = 0; i < n_old; i++) {
        if (old[i].kind != LAY_LATIN || old[i].width <= r->area_w / 2) {
            p->u[p->nu++] = old[i];
            continue;
        }
        for (uint32_t g = old[i].g0; g < old[i].g1;) {
            uint32_t h = g + 1;
            while (h < old[i].g1 && p->g[h].cluster == p->g[g].cluster)
                h++;
            lay_unit *u = &p->u[p->nu++];
            memset(u, 0, sizeof *u);
            u->kind = LAY_LATIN;
            u->g0 = g, u->g1 = h;
            u->b0 = p->g[g].cluster;
            u->b1 = h < old[i].g1 ? p->g[h].cluster : old[i].b1;
            gw_utf8_decode(p->text + u->b0, p->len - u->b0, &u->cp);
            for (uint32_t k = g; k < h; k++)
                u->width += p->g[k].adv;
            u->no_start = lay_charset_has(&r->no_line_start, u->cp);
            u->no_end = lay_charset_has(&r->no_line_end, u->cp);
            g = h;
        }
    }
    free(old);
}

void lay_para_shape(lay_ctx *c, lay_para *p, const char *text, size_t len,
                    const lay_span *spans, size_t n_spans, double size, double cell)
{
    const gw_layout_rules *r = c->r;
    free(p->text);
    p->text = gw_strndup(text, len);
    p->len = len;
    p->size = size;
    p->cell = cell;
    p->role = n_spans ? spans[n_spans - 1].role : r->body_role;
    p->ng = p->nu = p->nl = 0;

    /* Segments of one role: CJK in the span's role, everything else in the Latin face. */
    size_t seg0 = 0;
    gw_font_role seg_role = GW_ROLE_COUNT;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = gw_utf8_decode(text + i, len - i, &cp);
        gw_font_role role = lay_is_cjk(cp) ? role_at(spans, n_spans, p->role, i) : c->latin_role;
        if (role != seg_role) {
            if (seg_role != GW_ROLE_COUNT)
                shape_segment(c, p, seg_role, seg0, i);
            seg0 = i;
            seg_role = role;
        }
        i += n;
    }
    if (seg_role != GW_ROLE_COUNT)
        shape_segment(c, p, seg_role, seg0, len);

    /* Bytes per cluster (0 for the later glyphs of a cluster). */
    for (size_t i = 0; i < p->ng; i++) {
        uint32_t end = (uint32_t)len;
        for (size_t j = i + 1; j < p->ng; j++)
            if (p->g[j].cluster != p->g[i].cluster) {
                end = p->g[j].cluster;
                break;
            }
        bool first = i == 0 || p->g[i - 1].cluster != p->g[i].cluster;
        p->g[i].nb = first && end > p->g[i].cluster ? end - p->g[i].cluster : 0;
    }

    /* Units: one per CJK character, per Latin word, per space. */
    for (size_t i = 0; i < p->ng;) {
        size_t j = i + 1;
        while (j < p->ng && p->g[j].cluster == p->g[i].cluster)
            j++;
        uint32_t b0 = p->g[i].cluster, b1 = j < p->ng ? p->g[j].cluster : (uint32_t)len;
        if (b1 < b0)
            b1 = b0;
        uint32_t cp = 0, cp_last = 0;
        gw_utf8_decode(text + b0, len - b0, &cp);
        for (size_t k = b0; k < b1;)
            k += gw_utf8_decode(text + k, len - k, &cp_last);
        double adv = 0;
        for (size_t k = i; k < j; k++)
            adv += p->g[k].adv;
        /* Index, not pointer: new_unit may move the array. */
        size_t prev_i = p->nu;
        lay_unit *prev = p->nu ? &p->u[p->nu - 1] : NULL;
        if (is_space(cp)) {
            lay_unit *u = new_unit(p);
            u->kind = LAY_SPACE;
            u->width = adv;
            u->cp = cp;
            u->g0 = (uint32_t)i, u->g1 = (uint32_t)j, u->b0 = b0, u->b1 = b1;
        } else if (lay_is_cjk(cp)) {
            bool glue = prev && prev->kind == LAY_CELL && prev->cp == cp &&
                        lay_charset_has(&r->no_split, cp);
            if (glue)
                p->u[prev_i - 1].glue_next = true;
            lay_unit *u = new_unit(p);
            u->kind = LAY_CELL;
            u->width = cell;
            u->cp = cp;
            u->g0 = (uint32_t)i, u->g1 = (uint32_t)j, u->b0 = b0, u->b1 = b1;
            u->no_start = lay_charset_has(&r->no_line_start, cp);
            u->no_end = lay_charset_has(&r->no_line_end, cp_last);
            u->punct = lay_charset_has(&r->punct_ink_left, cp)    ? LAY_PUNCT_INK_LEFT
                       : lay_charset_has(&r->punct_ink_right, cp) ? LAY_PUNCT_INK_RIGHT
                                                                  : LAY_PUNCT_NONE;
        } else if (prev && prev->kind == LAY_LATIN && prev->b1 == b0) {
            prev->width += adv;
            prev->g1 = (uint32_t)j;
            prev->b1 = b1;
            prev->no_end = lay_charset_has(&r->no_line_end, cp_last);
        } else {
            lay_unit *u = new_unit(p);
            u->kind = LAY_LATIN;
            u->width = adv;
            u->cp = cp;
            u->g0 = (uint32_t)i, u->g1 = (uint32_t)j, u->b0 = b0, u->b1 = b1;
            u->no_start = lay_charset_has(&r->no_line_start, cp);
            u->no_end = lay_charset_has(&r->no_line_end, cp_last);
        }
        i = j;
    }
    explode_long_words(p, r);
}

/* Whether a line may break between unit b-1 and unit b. */
bool lay_can_break(const lay_para *p, size_t b)
{
    if (b == 0 || b >= p->nu)
        return true;
    const lay_unit *a = &p->u[b - 1], *n = &p->u[b];
    if (a->kind == LAY_SPACE || n->kind == LAY_SPACE)
        return true;
    if (a->glue_next || a->no_end || n->no_start)
        return false;
    return true;
}

static size_t trim_end(const lay_para *p, size_t u0, size_t u1)
{
    while (u1 > u0 && p->u[u1 - 1].kind == LAY_SPACE)
        u1--;
    return u1;
}

double lay_units_width(const lay_para *p, size_t u0, size_t u1)
{
    u1 = trim_end(p, u0, u1);
    double w = 0;
    for (size_t i = u0; i < u1; i++)
        w += p->u[i].width;
    return w;
}

/* Fits units [u0, u1) into avail by compressing punctuation (each by up to half a cell, never
 * the last unit, whose blank keeps the line's edge clean) and then by tracking. Returns false
 * if the excess is more than the rules allow. Sets the shrinks and the line's gap. */
static bool squeeze(lay_ctx *c, lay_para *p, size_t u0, size_t u1, double avail, lay_line *l)
{
    u1 = trim_end(p, u0, u1);
    double excess = lay_units_width(p, u0, u1) - avail;
    if (excess <= EPS) {
        l->gap = 0;
        return true;
    }
    if (excess > c->r->pull_max * p->cell + EPS)
        return false;
    size_t n_punct = 0;
    for (size_t i = u0; i + 1 < u1; i++)
        if (p->u[i].kind == LAY_CELL && p->u[i].punct != LAY_PUNCT_NONE)
            n_punct++;
    double half = p->cell / 2, per = n_punct ? fmin(excess / n_punct, half) : 0;
    double rest = excess - per * n_punct;
    size_t gaps = u1 - u0 > 1 ? u1 - u0 - 1 : 0;
    if (rest > EPS && (!gaps || rest / gaps > c->r->pull_tracking_max + EPS))
        return false;
    for (size_t i = u0; i + 1 < u1; i++)
        if (p->u[i].kind == LAY_CELL && p->u[i].punct != LAY_PUNCT_NONE)
            p->u[i].shrink = per;
    l->gap = rest > EPS ? -rest / gaps : 0;
    return true;
}

static void set_line(lay_ctx *c, lay_para *p, size_t u0, size_t u1, double indent, double avail,
                     bool last)
{
    lay_line *l = new_line(p);
    l->u0 = u0;
    l->u1 = trim_end(p, u0, u1);
    l->indent = indent;
    for (size_t i = l->u0; i < l->u1; i++)
        p->u[i].shrink = 0;
    double nat = lay_units_width(p, l->u0, l->u1);
    if (nat > avail + EPS) {
        if (!squeeze(c, p, l->u0, l->u1, avail, l))
            l->gap = 0; /* cannot happen for lines the breaker chose; keep natural */
    } else if (!last && l->u1 - l->u0 > 1) {
        l->gap = (avail - nat) / (double)(l->u1 - l->u0 - 1);
    } else {
        l->gap = 0;
    }
    double shrunk = 0;
    for (size_t i = l->u0; i < l->u1; i++)
        shrunk += p->u[i].shrink;
    l->width = nat - shrunk + (l->u1 > l->u0 ? l->gap * (double)(l->u1 - l->u0 - 1) : 0);
}

/* 避孤字: a paragraph's last line holding one character and its closing punctuation (`围。`)
 * looks like a stray; the line above passes its last character down, and is justified over
 * one character fewer, when a break is allowed there and that line keeps most of its text. */
static void avoid_single_char_last_line(lay_ctx *c, lay_para *p, double width,
                                        double first_indent, double rest_indent,
                                        double right_indent)
{
    if (!c->r->no_single_char_last_line || p->nl < 2)
        return;
    const lay_line *last = &p->lines[p->nl - 1], *prev = &p->lines[p->nl - 2];
    size_t solid = 0; /* units that could start a line: not closing punctuation */
    for (size_t q = last->u0; q < last->u1; q++)
        if (p->u[q].kind == LAY_CELL && (q == last->u0 || lay_can_break(p, q)))
            solid++;
        else if (p->u[q].kind != LAY_CELL && p->u[q].kind != LAY_SPACE)
            return; /* a Latin word or number: not a single character */
    size_t cut = prev->u1 - 1, u0 = prev->u0;
    if (solid != 1 || prev->u1 - prev->u0 < 8 || p->u[cut].kind != LAY_CELL ||
        !lay_can_break(p, cut) || prev->u1 != last->u0)
        return;
    double indent = p->nl == 2 ? first_indent : rest_indent;
    p->nl -= 2;
    set_line(c, p, u0, cut, indent, width - indent - right_indent, false);
    set_line(c, p, cut, p->nu, rest_indent, width - rest_indent - right_indent, true);
}

void lay_para_break(lay_ctx *c, lay_para *p, double width, double first_indent,
                    double rest_indent, double right_indent)
{
    p->nl = 0;
    bool first = true;
    size_t i = 0;
    for (;;) {
        while (i < p->nu && p->u[i].kind == LAY_SPACE)
            i++;
        if (i >= p->nu)
            break;
        double indent = first ? first_indent : rest_indent;
        double avail = width - indent - right_indent;
        first = false;
        /* Greedy: as many units as fit at natural width. */
        double w = 0;
        size_t j = i;
        while (j < p->nu) {
            double nw = w + p->u[j].width;
            if (p->u[j].kind != LAY_SPACE && nw > avail + EPS)
                break;
            w = nw;
            j++;
        }
        if (j >= p->nu) {
            set_line(c, p, i, p->nu, indent, avail, true);
            break;
        }
        if (j == i) { /* one unit wider than the line (cannot happen for CJK); set it alone */
            set_line(c, p, i, i + 1, indent, avail, false);
            i++;
            continue;
        }
        if (lay_can_break(p, j)) {
            set_line(c, p, i, j, indent, avail, false);
            i = j;
            continue;
        }
        /* 避头尾: pull the characters that may not start the next line … */
        size_t k = j + 1;
        while (k < p->nu && !lay_can_break(p, k))
            k++;
        lay_line probe;
        for (size_t q = i; q < k; q++)
            p->u[q].shrink = 0;
        if (squeeze(c, p, i, k, avail, &probe)) {
            set_line(c, p, i, k, indent, avail, k >= p->nu);
            i = k;
            continue;
        }
        /* … or push the last character(s) down to the next line. */
        size_t b = j - 1;
        while (b > i && !lay_can_break(p, b))
            b--;
        if (b == i)
            b = j; /* nothing allowed: break where it fits, never overrun */
        set_line(c, p, i, b, indent, avail, false);
        i = b;
    }
    avoid_single_char_last_line(c, p, width, first_indent, rest_indent, right_indent);
}

lay_line *lay_para_add_line(lay_para *p, size_t u0, size_t u1, double indent)
{
    lay_line *l = new_line(p);
    while (u0 < u1 && p->u[u0].kind == LAY_SPACE)
        u0++;
    l->u0 = u0;
    l->u1 = trim_end(p, u0, u1);
    l->indent = indent;
    for (size_t i = l->u0; i < l->u1; i++)
        p->u[i].shrink = 0;
    l->width = lay_units_width(p, l->u0, l->u1);
    return l;
}

double lay_para_one_line(lay_para *p)
{
    p->nl = 0;
    return lay_para_add_line(p, 0, p->nu, 0)->width;
}

void lay_flush_run(lay_ctx *c, gw_page *pg, const char *text, size_t n, int face, double size,
                   double baseline, gw_color color, double hscale)
{
    if (!n)
        return;
    uint32_t b0 = c->out[0].cluster, b1 = b0;
    for (size_t i = 0; i < n; i++) {
        uint32_t e = c->out[i].cluster + c->out[i].n_bytes;
        if (e > b1)
            b1 = e;
    }
    for (size_t i = 0; i < n; i++)
        c->out[i].cluster -= b0;
    gw_page_add_run(pg, face, size, hscale, color, baseline, text + b0, b1 - b0, c->out, n)->tag =
        c->tag;
}

void lay_out_reserve(lay_ctx *c, size_t n)
{
    if (n > c->cap_out) {
        c->cap_out = n + 64;
        c->out = gw_xrealloc(c->out, c->cap_out * sizeof *c->out);
    }
}

void lay_emit_line(lay_ctx *c, gw_page *pg, const lay_para *p, const lay_line *l,
                   double x_left, double baseline, gw_color color, double hscale)
{
    size_t need = 0;
    for (size_t i = l->u0; i < l->u1; i++)
        need += p->u[i].g1 - p->u[i].g0;
    lay_out_reserve(c, need);
    bool centre = c->r->cell_centre;
    double x = x_left + l->indent;
    size_t n = 0;
    int face = -1;
    for (size_t i = l->u0; i < l->u1; i++) {
        const lay_unit *u = &p->u[i];
        double gx;
        if (u->kind == LAY_CELL) {
            double a = 0;
            for (size_t k = u->g0; k < u->g1; k++)
                a += p->g[k].adv;
            double em_left = x + (centre ? (p->cell - p->size) / 2 : 0);
            if (a >= 0.9 * p->size)
                gx = x + (centre ? (p->cell - a) / 2 : 0);
            else if (u->punct == LAY_PUNCT_INK_LEFT) /* a narrow `，`: keep it left in its cell */
                gx = em_left;
            else if (u->punct == LAY_PUNCT_INK_RIGHT)
                gx = em_left + p->size - a;
            else
                gx = x + (p->cell - a) / 2;
            if (u->punct == LAY_PUNCT_INK_RIGHT)
                gx -= u->shrink; /* its blank is on the left: cut there */
        } else {
            gx = x;
        }
        for (size_t k = u->g0; k < u->g1; k++) {
            const lay_glyph *g = &p->g[k];
            if (g->face != face) {
                lay_flush_run(c, pg, p->text, n, face, p->size, baseline, color, hscale);
                n = 0;
                face = g->face;
            }
            c->out[n++] = (gw_glyph){ .gid = g->gid,
                                      .x = x_left + (gx - x_left + g->xoff) * hscale,
                                      .dy = -g->yoff,
                                      .cluster = g->cluster,
                                      .n_bytes = g->nb };
            gx += g->adv;
        }
        x += u->width - u->shrink + l->gap;
    }
    lay_flush_run(c, pg, p->text, n, face, p->size, baseline, color, hscale);
}
