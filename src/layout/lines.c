/* lines.c: one paragraph on the grid: shaping, units, line breaking, justification, and drawing
 * a line into a page.
 *
 * Owns: the unit model. Every CJK character (full-width punctuation included) is one grid cell
 * wide, whatever advance its font gives it; Latin letters and digits are shaped in the Latin
 * face and kept together as one unit per word or number (`2021`, `OA`, `8-9`); on the grid a
 * digit advances exactly half a cell and a run of digits and Latin is padded to whole cells, so
 * the Chinese after it stays on the grid columns. Spaces are break points that vanish at line
 * ends. Zero-width clusters (combining marks) belong to the unit before them.
 *
 * Breaking (CLREQ 3.1.6, 3.8; Knuth–Plass on the grid): adjacent punctuation always shares
 * 1.5 字; the breaks of the whole paragraph are chosen together by dynamic programming over the
 * unit boundaries, each line costing by how much it must be squeezed or spread: a line that is
 * too long first compresses its line-end mark to half a 字, then the marks inside it, then
 * tracks by at most pull_tracking_max per gap; a short line is spread by tracking, gently up to
 * the same limit, steeply beyond it, prohibitively past stretch_limit. A break also costs by
 * where it falls: free between two characters, dear inside a number and its unit or a date,
 * a URL between its parts, dearer inside a word, and 避头尾 (or a —— cut in two) is only ever
 * taken when nothing else fits. The costs grow steeply, so the sum is nearly the worst line:
 * the worst line is what is minimised. A line is never wider than its room.
 *
 * Linear: each line start looks ahead over at most one line's worth of units (and never more
 * than MAX_LINE_UNITS), so breaking is O(units × units per line) in time and O(units) in
 * memory, whatever the text (a run of 400,000 `。`, a million Latin letters). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

#define EPS 1e-6

/* Costs of a break before a unit (in the units of line_cost: a line tracked by the full
 * pull_tracking_max costs 100). */
#define PEN_URL 30.0          /* inside a URL or e-mail address, after / . @ … */
#define PEN_RANGE 2.0e4       /* after the - of a range or code that is not a URL (2021-|2023) */
#define PEN_NUMBER 2.0e5      /* between a number and its unit, inside a date or 文号 */
#define PEN_WORD 6.0e4        /* inside a long Latin word, anywhere */
#define PEN_IDEO_SPACE 1.0e6  /* a line starting with U+3000 */
#define PEN_KINSOKU 1.0e9     /* 避头尾, or inside —— …… */
#define PEN_ORPHAN 2.0e4      /* 避孤字: a last line of one character and its punctuation */
#define PEN_BRACKET 5.0e3     /* inside a （…） of a table cell (`所在县（市、区）`) */
#define COST_END_PUNCT 1.0    /* per half 字: compressing the line-end mark */
#define COST_PUNCT 20.0       /* per half 字: compressing a mark inside the line */
#define COST_OVERFULL 1.0e12  /* a unit wider than the whole line, set alone */
#define MAX_LINE_UNITS 4096   /* look-ahead bound (zero-width units cannot make it unbounded) */

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

/* Combining marks, variation selectors, joiners: they belong to the character before them. */
static bool is_mark(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
           (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0xE0100 && cp <= 0xE01EF) || cp == 0x200D || cp == 0x3099 || cp == 0x309A;
}

static bool is_digit(uint32_t cp)
{
    return cp >= '0' && cp <= '9';
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

void lay_para_release(lay_para *p)
{
    free(p->text);
    free(p->g);
    free(p->u);
    p->text = NULL;
    p->g = NULL;
    p->u = NULL;
    p->len = p->ng = p->capg = p->nu = p->capu = 0;
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
    size_t n = gw_shape(c->shaper, role, p->text + b0, b1 - b0, &sh, c->diags);
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

static uint32_t cp_at(const lay_para *p, size_t b)
{
    uint32_t cp = 0;
    if (b < p->len)
        gw_utf8_decode(p->text + b, p->len - b, &cp);
    return cp;
}

static uint32_t last_cp(const lay_para *p, size_t b0, size_t b1)
{
    uint32_t cp = 0;
    for (size_t k = b0; k < b1;)
        k += gw_utf8_decode(p->text + k, p->len - k, &cp);
    return cp;
}

/* A Latin word that a line may have to break: a URL or e-mail address (breaks after its
 * separators), a range or code with a separator inside (2021-2023: dearly after it), or one
 * wider than half the line (anywhere, more dearly still). Returns 0 (keep it whole), 1 (a URL)
 * or 2 (another word). */
static int explodes(const lay_para *p, const lay_unit *u, double line_w)
{
    if (u->kind != LAY_LATIN || u->g1 - u->g0 < 2)
        return 0;
    const char *s = p->text + u->b0;
    size_t n = u->b1 - u->b0;
    bool at = memchr(s, '@', n) != NULL, dot = memchr(s, '.', n) != NULL;
    if ((at && dot) || (n >= 4 && !memcmp(s, "www.", 4)))
        return 1;
    for (size_t i = 0; i + 3 <= n; i++)
        if (!memcmp(s + i, "://", 3))
            return 1;
    if (u->width > line_w / 2)
        return 2;
    for (size_t i = 1; i + 1 < n; i++)
        if ((s[i] == '-' || s[i] == '/' || s[i] == '~') && s[i - 1] != ' ' && s[i + 1] != ' ')
            return 2;
    return 0;
}

/* Splits the words explodes() picks into one unit per cluster; the break costs between them are
 * set by set_break_costs (PEN_URL after a separator, PEN_WORD elsewhere). */
static void explode_words(lay_para *p, const gw_layout_rules *r, double line_w)
{
    size_t extra = 0;
    for (size_t i = 0; i < p->nu; i++)
        if (explodes(p, &p->u[i], line_w))
            extra += p->u[i].g1 - p->u[i].g0;
    if (!extra)
        return;
    lay_unit *old = p->u;
    size_t n_old = p->nu;
    p->capu = n_old + extra;
    p->u = gw_xmalloc(p->capu * sizeof *p->u);
    p->nu = 0;
    for (size_t i = 0; i < n_old; i++) {
        int kind = explodes(p, &old[i], line_w);
        if (!kind) {
            p->u[p->nu++] = old[i];
            continue;
        }
        size_t first = p->nu;
        for (uint32_t g = old[i].g0; g < old[i].g1;) {
            uint32_t h = g + 1;
            while (h < old[i].g1 && (p->g[h].cluster == p->g[g].cluster || p->g[h].adv == 0))
                h++;
            lay_unit *u = &p->u[p->nu++];
            memset(u, 0, sizeof *u);
            u->kind = LAY_LATIN;
            u->g0 = g, u->g1 = h;
            u->b0 = p->g[g].cluster;
            u->b1 = h < old[i].g1 ? p->g[h].cluster : old[i].b1;
            u->cp = cp_at(p, u->b0);
            for (uint32_t k = g; k < h; k++)
                u->width += p->g[k].adv;
            uint32_t cl = last_cp(p, u->b0, u->b1);
            u->no_start = lay_charset_has(&r->no_line_start, u->cp);
            u->no_end = lay_charset_has(&r->no_line_end, cl);
            u->num_start = is_digit(u->cp);
            u->num_end = is_digit(cl);
            /* inside a word: -1 in a URL, -2 in another (set_break_costs) */
            u->bpen = p->nu - 1 > first ? (float)-kind : 0;
            g = h;
        }
    }
    free(old);
}

/* 1.5 字 for two adjacent marks (CLREQ 3.1.6.2): the blank between them halved, taken from
 * the first when its blank is on the right (`》，` `”。` `”“`), else from the second (`（《`). */
static void compress_adjacent(lay_para *p, const gw_layout_rules *r)
{
    double half = r->punct_compress * p->cell;
    for (size_t i = 0; i < p->nu; i++)
        if (p->u[i].kind == LAY_CELL && p->u[i].punct != LAY_PUNCT_NONE)
            p->u[i].comp = half;
    for (size_t i = 0; i + 1 < p->nu; i++) {
        lay_unit *a = &p->u[i], *b = &p->u[i + 1];
        if (a->kind != LAY_CELL || b->kind != LAY_CELL || !a->punct || !b->punct)
            continue;
        lay_unit *cut = a->punct == LAY_PUNCT_INK_LEFT && a->comp > 0 ? a
                        : b->punct == LAY_PUNCT_INK_RIGHT && b->comp > 0 ? b
                                                                        : NULL;
        if (!cut)
            continue;
        cut->fixed = cut->comp;
        cut->width -= cut->comp;
        cut->comp = 0;
        if (cut == a && b->punct == LAY_PUNCT_INK_RIGHT)
            b->comp = 0; /* `”“`: the half left between them stays (1.5 字, not 1) */
    }
}

/* The cost of breaking before each unit (see the PEN_ constants). */
static void set_break_costs(lay_para *p, const gw_layout_rules *r)
{
    int attached = 0; /* unit characters chained after a number so far */
    for (size_t b = 0; b < p->nu; b++) {
        lay_unit *u = &p->u[b];
        const lay_unit *a = b ? &p->u[b - 1] : NULL;
        bool inside_word = u->bpen < 0, in_url = u->bpen == -1;
        bool unit_char = u->kind == LAY_CELL && lay_charset_has(&r->number_units, u->cp);
        int att = 0;
        if (unit_char && a && ((a->kind == LAY_LATIN && a->num_end) || (attached && attached < 3)))
            att = attached + 1;
        double pen = 0;
        if (!a) {
            pen = 0;
        } else if (a->kind == LAY_SPACE || u->kind == LAY_SPACE) {
            pen = 0;
        } else if (a->glue_next || a->no_end || u->no_start) {
            pen = PEN_KINSOKU;
        } else if (u->kind == LAY_CELL && u->cp == 0x3000) {
            pen = PEN_IDEO_SPACE;
        } else if (inside_word) {
            uint32_t prev_last = last_cp(p, a->b0, a->b1);
            bool sep = lay_charset_has(&r->url_break_after, prev_last) &&
                       !lay_charset_has(&r->url_break_after, u->cp);
            pen = !sep ? PEN_WORD : in_url ? PEN_URL : PEN_RANGE;
        } else if (att || (u->kind == LAY_LATIN && u->num_start &&
                           ((a->kind == LAY_CELL && attached) ||
                            (a->kind == LAY_CELL && lay_charset_has(&r->number_prefix, a->cp))))) {
            pen = PEN_NUMBER;
        }
        attached = att;
        u->bpen = (float)pen;
    }
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
    p->grid = !c->tight && fabs(cell - c->cell) < 1e-9 && fabs(size - r->text_size) < 1e-9;
    p->role = n_spans ? spans[n_spans - 1].role : r->body_role;
    p->ng = p->nu = p->nl = 0;
    p->ragged = false;

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

    /* Bytes per cluster (0 for the later glyphs of a cluster), from the end: linear however
     * many glyphs one cluster holds. */
    uint32_t next = (uint32_t)len;
    for (size_t i = p->ng; i-- > 0;) {
        if (i + 1 < p->ng && p->g[i + 1].cluster != p->g[i].cluster)
            next = p->g[i + 1].cluster;
        bool first = i == 0 || p->g[i - 1].cluster != p->g[i].cluster;
        p->g[i].nb = first && next > p->g[i].cluster ? next - p->g[i].cluster : 0;
    }

    /* Units: one per CJK character, per Latin word, per space. */
    double half_cell = r->digit_width * cell;
    for (size_t i = 0; i < p->ng;) {
        size_t j = i + 1;
        while (j < p->ng && p->g[j].cluster == p->g[i].cluster)
            j++;
        uint32_t b0 = p->g[i].cluster, b1 = j < p->ng ? p->g[j].cluster : (uint32_t)len;
        if (b1 < b0)
            b1 = b0;
        uint32_t cp = cp_at(p, b0), cp_last = last_cp(p, b0, b1);
        if (p->grid && is_digit(cp) && j == i + 1) { /* a digit: exactly half a cell */
            p->g[i].adv = half_cell; /* (Times: 8.0 pt for 7.9; the glyph keeps its origin) */
        }
        double adv = 0;
        for (size_t k = i; k < j; k++)
            adv += p->g[k].adv;
        /* Index, not pointer: new_unit may move the array. */
        size_t prev_i = p->nu;
        lay_unit *prev = p->nu ? &p->u[p->nu - 1] : NULL;
        if (prev && (adv == 0 || is_mark(cp)) && !is_space(cp) && prev->kind != LAY_SPACE &&
            prev->b1 == b0) {
            /* a combining mark or other zero-width cluster: part of the unit before it, drawn
             * on the glyph before it (a fallback face may have given it an advance) */
            double base = p->g[prev->g1 - 1].adv;
            for (size_t k = i; k < j; k++) {
                p->g[k].xoff -= (base + p->g[k].adv) / 2;
                p->g[k].adv = 0;
            }
            prev->g1 = (uint32_t)j;
            prev->b1 = b1;
            prev->no_end = lay_charset_has(&r->no_line_end, cp_last) || prev->no_end;
        } else if (is_space(cp)) {
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
            prev->num_end = is_digit(cp_last);
        } else {
            lay_unit *u = new_unit(p);
            u->kind = LAY_LATIN;
            u->width = adv;
            u->cp = cp;
            u->g0 = (uint32_t)i, u->g1 = (uint32_t)j, u->b0 = b0, u->b1 = b1;
            u->no_start = lay_charset_has(&r->no_line_start, cp);
            u->no_end = lay_charset_has(&r->no_line_end, cp_last);
            u->num_start = is_digit(cp);
            u->num_end = is_digit(cp_last);
        }
        i = j;
    }
    explode_words(p, r, r->area_w);
    compress_adjacent(p, r);
    set_break_costs(p, r);
}

bool lay_can_break(const lay_para *p, size_t b)
{
    if (b == 0 || b >= p->nu)
        return true;
    return p->u[b].bpen <= PEN_URL;
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

/* ---- the line breaker ---- */

/* Everything about one candidate line that its cost and its setting need. */
typedef struct {
    double nat;      /* natural width: units, adjacent marks compressed, runs padded */
    double c_end;    /* the line-end mark's compressible blank */
    double c_int;    /* the compressible blanks of the other marks */
    size_t n;        /* units (spaces inside count) */
} line_sum;

/* Blank that pads a Latin run of width w to whole cells (on the grid only). A run a hair over a
 * whole number of cells (a rounding of the font's advances) is not given another cell. */
static double run_pad(const lay_para *p, double w)
{
    if (!p->grid || w <= 0)
        return 0;
    double cells = w / p->cell, whole = ceil(cells - 0.02);
    if (whole < 1)
        whole = 1;
    double pad = whole * p->cell - w;
    return pad > 0 ? pad : 0;
}

/* Incremental line measure, shared by the breaker and set_line so that both agree. */
typedef struct {
    line_sum s;
    double run_w;      /* width of the Latin run open at the end so far (on this line) */
    bool run_latin;    /* … and whether it holds more than spaces */
    double nat_solid;  /* nat up to the last non-space unit */
    double run_solid;  /* run_w up to the last non-space unit */
    size_t n_solid;    /* n up to the last non-space unit */
    double comp_sum;   /* compressible blanks of all units so far */
    double comp_last;  /* … of the last non-space unit, if it is a line-end mark */
    double comp_solid; /* comp_sum up to the last non-space unit */
} line_acc;

static void acc_add(const lay_para *p, line_acc *a, const lay_unit *u)
{
    if (u->kind == LAY_CELL) {
        if (a->run_w > 0) { /* a run closed inside the line: padded, and the pad may give */
            double pad = run_pad(p, a->run_w);
            a->s.nat += pad;
            if (a->run_latin) /* (a space alone between two characters keeps its cell) */
                a->comp_sum += pad;
        }
        a->run_w = 0;
        a->run_latin = false;
        a->s.nat += u->width;
        a->comp_sum += u->comp;
    } else {
        a->run_w += u->width;
        a->s.nat += u->width;
        a->run_latin |= u->kind == LAY_LATIN;
    }
    a->s.n++;
    if (u->kind != LAY_SPACE) {
        a->nat_solid = a->s.nat;
        a->run_solid = a->run_w;
        a->n_solid = a->s.n;
        a->comp_solid = a->comp_sum;
        a->comp_last = u->kind == LAY_CELL && u->punct == LAY_PUNCT_INK_LEFT ? u->comp : 0;
    }
}

/* The line as it would end here (trailing spaces dropped; a run open at the end unpadded). */
static line_sum acc_line(const line_acc *a)
{
    line_sum s = { a->nat_solid, a->comp_last, a->comp_solid - a->comp_last, a->n_solid };
    return s;
}

/* How a line of sum s is set in room avail: its compressions and tracking, and their cost.
 * Returns INFINITY when it cannot fit. last: the paragraph's last line (never spread). */
typedef struct {
    double end_shrink, int_shrink; /* taken from the line-end mark, from the marks inside */
    double gap;                    /* tracking per gap, pt (negative: tighter) */
    double cost;
} line_fit;

static line_fit fit_line(const lay_ctx *c, const lay_para *p, line_sum s, double avail, bool last)
{
    const gw_layout_rules *r = c->r;
    line_fit f = { 0, 0, 0, 0 };
    double gaps = s.n > 1 ? (double)(s.n - 1) : 0, tmax = r->pull_tracking_max;
    double d = s.nat - avail, half = r->punct_compress * p->cell;
    if (d > EPS) { /* too long: shrink before stretch */
        f.end_shrink = fmin(d, s.c_end);
        d -= f.end_shrink;
        double budget = r->pull_max * p->cell;
        f.int_shrink = fmin(fmin(d, s.c_int), budget);
        d -= f.int_shrink;
        budget -= f.int_shrink;
        if (d > EPS && (gaps == 0 || d > fmin(budget, tmax * gaps) + EPS)) {
            f.cost = INFINITY;
            return f;
        }
        f.gap = d > EPS ? -d / gaps : 0;
        f.cost = COST_END_PUNCT * f.end_shrink / half + COST_PUNCT * f.int_shrink / half;
    } else if (!last && p->ragged) {
        /* a list set ragged: never spread; white at a line's end costs as a line tracked by
         * the full pull a cell, so breaking inside a name (PEN_WORD) costs more than a line
         * left short by up to some twenty cells */
        double w = -d / p->cell;
        f.cost += 100 * w * w;
        return f;
    } else if (!last) {
        f.gap = -d / (gaps > 0 ? gaps : 1); /* one unit alone on a line: all of it is stretch */
    }
    double t = fabs(f.gap) / (tmax > 0 ? tmax : 0.3);
    if (t <= 1)
        f.cost += 100 * t * t;
    else
        f.cost += 100 * t * t * t * t;
    if (f.gap > r->stretch_limit)
        f.cost += 1e6 * (f.gap - r->stretch_limit);
    return f;
}

/* Units of the last line that are not closing punctuation (避孤字: one is a stray). */
static bool orphan_line(const lay_para *p, size_t u0, size_t u1)
{
    size_t solid = 0;
    for (size_t q = u0; q < u1; q++) {
        const lay_unit *u = &p->u[q];
        if (u->kind == LAY_SPACE)
            continue;
        if (u->kind != LAY_CELL)
            return false; /* a Latin word or number: not a single character */
        if (q == u0 || !u->no_start)
            solid++;
    }
    return solid == 1;
}

static size_t skip_spaces(const lay_para *p, size_t i)
{
    while (i < p->nu && p->u[i].kind == LAY_SPACE)
        i++;
    return i;
}

/* Sets line [u0, u1) as the breaker chose it: its shrinks, the padding of its Latin runs and
 * its tracking, so that it fills avail exactly (the last line keeps its natural pitch). */
static void set_line(lay_ctx *c, lay_para *p, size_t u0, size_t u1, double indent, double avail,
                     bool last)
{
    lay_line *l = new_line(p);
    l->u0 = u0;
    l->u1 = trim_end(p, u0, u1);
    l->indent = indent;
    line_acc a = { 0 };
    for (size_t i = l->u0; i < l->u1; i++) {
        lay_unit *u = &p->u[i];
        u->shrink = u->pad_before = u->pad_after = 0;
        acc_add(p, &a, u);
    }
    line_sum s = acc_line(&a);
    line_fit f = fit_line(c, p, s, avail, last);
    if (!isfinite(f.cost)) /* an overfull unit set alone: natural */
        f = (line_fit){ 0, 0, 0, 0 };
    /* Latin runs closed by a CJK character inside the line: padded (centred or at the end). */
    for (size_t i = l->u0; i < l->u1;) {
        if (p->u[i].kind == LAY_CELL) {
            i++;
            continue;
        }
        size_t j = i;
        double w = 0;
        while (j < l->u1 && p->u[j].kind != LAY_CELL)
            w += p->u[j++].width;
        if (j < l->u1) {
            /* the blank goes outside a bracket or mark around the run, where the mark's own
             * blank half already is: `（http://…）` never reads `（ http://… ）` */
            double pad = run_pad(p, w);
            /* (a run that starts the line stays flush with the line's start) */
            double before = c->r->latin_run_centre && i > l->u0 ? pad / 2 : 0;
            const lay_unit *next = &p->u[j], *prev = i > l->u0 ? &p->u[i - 1] : NULL;
            if (next->punct == LAY_PUNCT_INK_LEFT)
                p->u[j].pad_after += pad - before;
            else
                p->u[j - 1].pad_after += pad - before;
            if (prev && prev->kind == LAY_CELL && prev->punct == LAY_PUNCT_INK_RIGHT)
                p->u[i - 1].pad_before += before;
            else
                p->u[i].pad_before += before;
        }
        i = j;
    }
    if (f.end_shrink > 0)
        p->u[l->u1 - 1].shrink = f.end_shrink;
    /* Marks inside the line, then run pads: whole halves from the line's end backwards, so
     * the fewest characters leave their grid columns. */
    double rest = f.int_shrink;
    size_t last_mark = s.c_end > 0 ? l->u1 - 1 : l->u1;
    for (size_t i = last_mark; i-- > l->u0 && rest > EPS;) {
        double take = fmin(p->u[i].comp, rest);
        p->u[i].shrink = take;
        rest -= take;
    }
    for (size_t i = last_mark; i-- > l->u0 && rest > EPS;) {
        lay_unit *u = &p->u[i];
        if (u->kind == LAY_SPACE && (i == l->u0 || p->u[i - 1].kind == LAY_CELL) &&
            (i + 1 == l->u1 || p->u[i + 1].kind == LAY_CELL))
            continue; /* a space alone between two characters keeps its cell */
        double take = fmin(u->pad_after, rest);
        u->pad_after -= take;
        rest -= take;
        take = fmin(u->pad_before, rest);
        u->pad_before -= take;
        rest -= take;
    }
    l->gap = f.gap;
    l->width = s.nat - f.end_shrink - f.int_shrink +
               (s.n > 1 ? f.gap * (double)(s.n - 1) : 0);
}

/* When no sequence of acceptable lines reaches the paragraph's end (text the breaker's
 * window cannot split, such as a long run of spaced words no candidate may end), the rest is
 * set greedily from the furthest break reached: as many units as fit on each line, at least
 * one. Never better than the search, but always an end. */
static void greedy_rest(lay_ctx *c, lay_para *p, double *best, size_t *from, size_t start,
                        size_t end, double width, double first_indent, double rest_indent,
                        double right_indent)
{
    size_t n = p->nu, at = start;
    for (size_t i = start; i < end; i++)
        if (isfinite(best[i]))
            at = i;
    while (at < end) {
        size_t a0 = skip_spaces(p, at);
        if (a0 >= end)
            break;
        double indent = at == start ? first_indent : rest_indent;
        double avail = width - indent - right_indent + c->r->punct_compress * p->cell;
        double w = 0;
        size_t j = a0;
        while (j < end && (j == a0 || w + p->u[j].width <= avail + EPS))
            w += p->u[j++].width;
        size_t next = j >= end ? n : j;
        from[next] = at;
        best[next] = 0;
        if (next == n)
            return;
        at = j;
    }
    from[n] = at;
    best[n] = 0;
}

void lay_para_break(lay_ctx *c, lay_para *p, double width, double first_indent,
                    double rest_indent, double right_indent)
{
    p->nl = 0;
    size_t start = skip_spaces(p, 0), n = p->nu, end = trim_end(p, start, n);
    if (start >= end)
        return;
    /* best[i]: least cost of the lines before a break at unit i; from[i]: where the line
     * ending there started. Breaks at start (the first line) and at end (the paragraph). */
    double *best = gw_xmalloc((n + 1) * sizeof *best);
    size_t *from = gw_xmalloc((n + 1) * sizeof *from);
    for (size_t i = 0; i <= n; i++) {
        best[i] = INFINITY;
        from[i] = SIZE_MAX;
    }
    best[start] = 0;
    bool orphans = c->r->no_single_char_last_line;
    for (size_t s0 = start; s0 < end; s0++) {
        if (!isfinite(best[s0]))
            continue;
        size_t a0 = skip_spaces(p, s0);
        double indent = s0 == start ? first_indent : rest_indent;
        double avail = width - indent - right_indent;
        double max_shrink = c->r->pull_max * p->cell + c->r->punct_compress * p->cell;
        /* Lines shorter than this are looser than stretch_limit twice over: only tried when
         * nothing longer fits (the speed of the breaker: a few candidates per line start). */
        double shortest = avail - 2 * c->r->stretch_limit * avail / p->cell;
        line_acc acc = { 0 };
        bool any = false;
        for (size_t j = a0 + 1; j <= end && j - a0 <= MAX_LINE_UNITS; j++) {
            acc_add(p, &acc, &p->u[j - 1]);
            line_sum s = acc_line(&acc);
            if (s.nat - max_shrink > avail + EPS && any)
                break; /* only longer from here */
            bool last = j >= end;
            size_t at = last ? n : j;
            double pen = last ? 0 : p->u[j].bpen;
            if (!last && p->u[j - 1].kind == LAY_SPACE)
                continue; /* break after the spaces, where the next line starts */
            if (!last && !p->ragged && s.nat < shortest &&
                s.nat + p->u[j].width + p->cell - max_shrink <= avail)
                continue; /* far too short, and a longer line still fits (a list of names
                             set ragged may well break there, between two names) */
            line_fit f = fit_line(c, p, s, avail, last);
            double cost = f.cost;
            if (!isfinite(cost)) {
                if (any || j > a0 + 1)
                    continue;
                cost = COST_OVERFULL; /* one unit wider than the line: set it alone */
            }
            any = true;
            cost += pen;
            if (last && orphans && s0 > start && orphan_line(p, a0, end))
                cost += PEN_ORPHAN;
            double total = best[s0] + cost;
            if (total < best[at]) {
                best[at] = total;
                from[at] = s0;
            }
        }
    }
    if (!isfinite(best[n]))
        greedy_rest(c, p, best, from, start, end, width, first_indent, rest_indent,
                    right_indent);
    /* Walk back from the end to collect the breaks, then set the lines in order. */
    size_t nb = 0;
    for (size_t at = n; at != start; at = from[at])
        nb++;
    size_t *brk = gw_xmalloc((nb + 1) * sizeof *brk);
    size_t k = nb;
    brk[k] = n;
    for (size_t at = n; at != start; at = from[at])
        brk[--k] = from[at];
    for (size_t i = 0; i < nb; i++) {
        size_t a0 = skip_spaces(p, brk[i]);
        double indent = i == 0 ? first_indent : rest_indent;
        set_line(c, p, a0, brk[i + 1], indent, width - indent - right_indent, i + 1 == nb);
    }
    free(brk);
    free(best);
    free(from);
}

double lay_prefix_width(const lay_para *p, size_t n)
{
    line_acc a = { 0 };
    size_t u = 0;
    for (; u < p->nu && p->u[u].b1 <= n; u++)
        acc_add(p, &a, &p->u[u]);
    /* a run the prefix ends in is padded when a character follows it on the line */
    if (a.run_w > 0 && u < p->nu && p->u[u].kind == LAY_CELL)
        return a.s.nat + run_pad(p, a.run_w);
    return a.s.nat;
}

lay_line *lay_para_add_line(lay_para *p, size_t u0, size_t u1, double indent)
{
    lay_line *l = new_line(p);
    /* (a U+3000 between two issuers of a title is blank at either end of its line) */
    while (u0 < u1 && (p->u[u0].kind == LAY_SPACE || p->u[u0].cp == 0x3000))
        u0++;
    while (u1 > u0 && (p->u[u1 - 1].kind == LAY_SPACE || p->u[u1 - 1].cp == 0x3000))
        u1--;
    l->u0 = u0;
    l->u1 = u1;
    l->indent = indent;
    for (size_t i = l->u0; i < l->u1; i++)
        p->u[i].shrink = p->u[i].pad_before = p->u[i].pad_after = 0;
    l->width = lay_units_width(p, l->u0, l->u1);
    return l;
}

void lay_para_keep_brackets(lay_para *p)
{
    int depth = 0;
    for (size_t b = 0; b < p->nu; b++) {
        if (b > 0 && depth > 0 && p->u[b].bpen < PEN_BRACKET)
            p->u[b].bpen = (float)PEN_BRACKET;
        uint32_t cp = p->u[b].cp;
        if (cp == 0xFF08 || cp == '(')
            depth++;
        else if ((cp == 0xFF09 || cp == ')') && depth > 0)
            depth--;
    }
}

void lay_para_keep_names(lay_para *p)
{
    p->ragged = true;
    for (size_t b = 1; b < p->nu; b++) {
        const lay_unit *a = &p->u[b - 1];
        lay_unit *u = &p->u[b];
        bool sep = a->kind == LAY_SPACE || u->kind == LAY_SPACE || a->cp == 0x3000 ||
                   a->cp == 0x3001 || a->cp == 0xFF0C || a->cp == 0xFF1B || a->cp == 0xFF1A;
        if (!sep && u->bpen < PEN_WORD)
            u->bpen = (float)PEN_WORD;
    }
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
    gw_glyph_run *run =
        gw_page_add_run(pg, face, size, hscale, color, baseline, text + b0, b1 - b0, c->out, n);
    run->tag = c->tag;
    run->turned = c->turned;
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
        double cell_x0 = x; /* the grid room a padded number takes starts before its padding */
        x += u->pad_before;
        /* In a cell, glyphs after the first that share its cluster (combining marks, maybe
         * from a fallback face that gave them an advance) sit on it, never beyond the cell. */
        size_t first_end = u->g0 + 1;
        if (u->kind == LAY_CELL)
            while (first_end < u->g1 && p->g[first_end].cluster == p->g[u->g0].cluster)
                first_end++;
        if (u->kind == LAY_CELL) {
            double a = 0;
            for (size_t k = u->g0; k < u->g1; k++)
                if (k == u->g0 || k >= first_end)
                    a += p->g[k].adv;
            double cell = u->width + u->fixed; /* the cell before any compression */
            double em_left = x + (centre ? (cell - p->size) / 2 : 0);
            if (a >= 0.9 * p->size)
                gx = x + (centre ? (cell - a) / 2 : 0);
            else if (u->punct == LAY_PUNCT_INK_LEFT) /* a narrow `，`: keep it left in its cell */
                gx = em_left;
            else if (u->punct == LAY_PUNCT_INK_RIGHT)
                gx = em_left + p->size - a;
            else
                gx = x + (cell - a) / 2;
            if (u->punct == LAY_PUNCT_INK_RIGHT)
                gx -= u->fixed + u->shrink; /* its blank is on the left: cut there */
        } else {
            gx = x;
        }
        double base_x = gx;
        float set0 = (float)(x_left + (cell_x0 - x_left) * hscale);
        float set1 = (float)(x_left + (x + u->width - u->shrink + u->pad_after - x_left) * hscale);
        /* A cluster of several glyphs and characters (a base and its marks) gives each glyph a
         * character of its own, in order, the last glyph the rest: each is in the PDF's
         * ToUnicode map on its own (a map entry holds a few characters at most, and a cluster
         * may hold thousands). */
        uint32_t text_at = 0, text_left = 0;
        size_t glyphs_left = 0;
        for (size_t k = u->g0; k < u->g1; k++) {
            const lay_glyph *g = &p->g[k];
            uint32_t cl = g->cluster, nb = g->nb;
            if (nb > 0) {
                size_t m = k + 1;
                while (m < u->g1 && p->g[m].cluster == cl)
                    m++;
                glyphs_left = m - k;
                text_left = glyphs_left >= 2 ? nb : 0;
                text_at = cl;
            }
            if (glyphs_left > 0 && text_left > 0) {
                uint32_t cp;
                nb = glyphs_left == 1 ? text_left
                                      : (uint32_t)gw_utf8_decode(p->text + text_at, text_left, &cp);
                cl = text_at;
                text_at += nb;
                text_left -= nb;
            } else if (glyphs_left > 0 && text_left == 0 && g->nb == 0) {
                nb = 0; /* more glyphs than characters: the later ones stand for none */
            }
            if (glyphs_left > 0)
                glyphs_left--;
            if (k > u->g0 && k < first_end)
                gx = base_x + (p->g[u->g0].adv - g->adv) / 2; /* a mark on its base */
            if (g->face != face) {
                lay_flush_run(c, pg, p->text, n, face, p->size, baseline, color, hscale);
                n = 0;
                face = g->face;
            }
            c->out[n++] = (gw_glyph){ .gid = g->gid,
                                      .x = x_left + (gx - x_left + g->xoff) * hscale,
                                      .dy = -g->yoff,
                                      .cluster = cl,
                                      .n_bytes = nb,
                                      .set_x0 = set0,
                                      .set_x1 = set1 };
            gx = k + 1 < first_end ? base_x + p->g[u->g0].adv : gx + g->adv;
        }
        x += u->width - u->shrink + u->pad_after + (i + 1 < l->u1 ? l->gap : 0);
    }
    lay_flush_run(c, pg, p->text, n, face, p->size, baseline, color, hscale);
}
