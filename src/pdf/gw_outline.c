/* gw_outline.c: glyph outlines, their simplification, Type 2 charstrings and a CID-keyed CFF.
 * See gw_outline.h. */
#include "gw_outline.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gw_outline_init(gw_outline *o)
{
    memset(o, 0, sizeof *o);
}

void gw_outline_free(gw_outline *o)
{
    free(o->segs);
    free(o->scratch);
    free(o->enc);
    memset(o, 0, sizeof *o);
}

static gw_seg *push(gw_outline *o, int kind)
{
    static _Thread_local gw_seg sink; /* where segments go once memory ran out */
    if (o->n == o->cap && !o->oom) {
        size_t cap = o->cap ? o->cap * 2 : 128;
        gw_seg *segs = gw_mem_try_realloc(o->segs, cap * sizeof *segs);
        if (segs) {
            o->segs = segs;
            o->cap = cap;
        } else {
            o->oom = true;
        }
    }
    if (o->oom)
        return memset(&sink, 0, sizeof sink);
    gw_seg *s = &o->segs[o->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    return s;
}

/* ---- drawing ------------------------------------------------------------------------------ */

static void on_move(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y,
                    void *ud)
{
    (void)df, (void)st, (void)ud;
    gw_seg *s = push(data, GW_SEG_MOVE);
    s->p = (gw_pt){ x, y };
}

static void on_line(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x, float y,
                    void *ud)
{
    (void)df, (void)st, (void)ud;
    gw_seg *s = push(data, GW_SEG_LINE);
    s->p = (gw_pt){ x, y };
}

static void on_cubic(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float x1, float y1,
                     float x2, float y2, float x, float y, void *ud)
{
    (void)df, (void)st, (void)ud;
    gw_seg *s = push(data, GW_SEG_CURVE);
    s->c1 = (gw_pt){ x1, y1 };
    s->c2 = (gw_pt){ x2, y2 };
    s->p = (gw_pt){ x, y };
}

/* A quadratic curve is the cubic whose controls lie 2/3 of the way to its control point. */
static void on_quad(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, float qx, float qy,
                    float x, float y, void *ud)
{
    (void)df, (void)ud;
    gw_seg *s = push(data, GW_SEG_CURVE);
    double x0 = st->current_x, y0 = st->current_y;
    s->c1 = (gw_pt){ x0 + 2.0 / 3.0 * (qx - x0), y0 + 2.0 / 3.0 * (qy - y0) };
    s->c2 = (gw_pt){ x + 2.0 / 3.0 * (qx - x), y + 2.0 / 3.0 * (qy - y) };
    s->p = (gw_pt){ x, y };
}

static void on_close(hb_draw_funcs_t *df, void *data, hb_draw_state_t *st, void *ud)
{
    /* a CFF contour closes itself; HarfBuzz has already drawn the line back to its start */
    (void)df, (void)data, (void)st, (void)ud;
}

hb_draw_funcs_t *gw_outline_draw_funcs(void)
{
    hb_draw_funcs_t *f = hb_draw_funcs_create();
    hb_draw_funcs_set_move_to_func(f, on_move, NULL, NULL);
    hb_draw_funcs_set_line_to_func(f, on_line, NULL, NULL);
    hb_draw_funcs_set_quadratic_to_func(f, on_quad, NULL, NULL);
    hb_draw_funcs_set_cubic_to_func(f, on_cubic, NULL, NULL);
    hb_draw_funcs_set_close_path_func(f, on_close, NULL, NULL);
    hb_draw_funcs_make_immutable(f);
    return f;
}

void gw_outline_draw(gw_outline *o, hb_font_t *font, hb_draw_funcs_t *funcs, hb_codepoint_t gid)
{
    o->n = 0;
#if HB_VERSION_ATLEAST(7, 0, 0)
    hb_font_draw_glyph(font, gid, funcs, o);
#else
    hb_font_get_glyph_shape(font, gid, funcs, o);
#endif
    if (o->oom) /* out of HarfBuzz now: the failure may unwind */
        gw_oom(o->cap * sizeof *o->segs);
}

/* ---- simplifying -------------------------------------------------------------------------- */

/* A segment to measure distances from, prepared once for many points. */
typedef struct {
    gw_pt a;
    double dx, dy, inv_l2;
} seg_ref;

static seg_ref seg_ref_of(gw_pt a, gw_pt b)
{
    double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
    return (seg_ref){ a, dx, dy, l2 > 0 ? 1 / l2 : 0 };
}

/* The squared distance from p to the segment. */
static double dist2(const seg_ref *s, gw_pt p)
{
    double px = p.x - s->a.x, py = p.y - s->a.y;
    double t = (px * s->dx + py * s->dy) * s->inv_l2;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    px -= t * s->dx;
    py -= t * s->dy;
    return px * px + py * py;
}

static gw_pt bezier(gw_pt p0, gw_pt p1, gw_pt p2, gw_pt p3, double t)
{
    double u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
    return (gw_pt){ a * p0.x + b * p1.x + c * p2.x + d * p3.x,
                    a * p0.y + b * p1.y + c * p2.y + d * p3.y };
}

static bool same_pt(gw_pt a, gw_pt b)
{
    return a.x == b.x && a.y == b.y;
}

static void keep_point(gw_outline *o, gw_pt p)
{
    if (o->n_scratch == o->cap_scratch) {
        o->cap_scratch = o->cap_scratch ? o->cap_scratch * 2 : 64;
        o->scratch = gw_xrealloc(o->scratch, o->cap_scratch * sizeof *o->scratch);
    }
    o->scratch[o->n_scratch++] = p;
}

/* A line merged from many keeps this many points at most to check the next merge against:
 * longer runs start a new line, which costs a few bytes and keeps merging linear. */
enum { MAX_KEPT = 256 };
/* Points of a curve (at t = 1/8 … 7/8) that stand for it when it becomes a line. */
enum { FLAT_SAMPLES = 7 };

void gw_outline_simplify(gw_outline *o, double tol)
{
    size_t w = 0;           /* segments written (in place: w never passes the reader) */
    gw_pt cur = { 0, 0 };
    gw_pt line_from = { 0, 0 };
    bool line_open = false; /* segs[w - 1] is a line that a following line may extend */
    double tol2 = tol * tol;
    for (size_t r = 0; r < o->n; r++) {
        gw_seg s = o->segs[r];
        if (s.kind == GW_SEG_MOVE) {
            o->segs[w++] = s;
            cur = s.p;
            line_open = false;
            continue;
        }
        gw_pt wit[FLAT_SAMPLES];
        int n_wit = 0;
        if (s.kind == GW_SEG_CURVE) {
            if (same_pt(s.p, cur) && same_pt(s.c1, cur) && same_pt(s.c2, cur))
                continue;
            /* A curve whose points all lie within the tolerance of its chord is a line that
             * must stay near those points. The controls alone would be a looser test: the
             * curve strays at most 3/4 as far from its chord as they do. */
            seg_ref chord = seg_ref_of(cur, s.p);
            bool flat = tol > 0 && dist2(&chord, s.c1) <= tol2 / (0.75 * 0.75) &&
                        dist2(&chord, s.c2) <= tol2 / (0.75 * 0.75);
            for (int k = 1; flat && k <= FLAT_SAMPLES; k++) {
                wit[n_wit] = bezier(cur, s.c1, s.c2, s.p, (double)k / (FLAT_SAMPLES + 1));
                flat = dist2(&chord, wit[n_wit++]) <= tol2;
            }
            if (!flat) {
                o->segs[w++] = s;
                cur = s.p;
                line_open = false;
                continue;
            }
            s.kind = GW_SEG_LINE;
        } else if (same_pt(s.p, cur)) {
            continue;
        }
        if (line_open && tol > 0 && o->n_scratch + 1 + (size_t)n_wit <= MAX_KEPT) {
            seg_ref merged = seg_ref_of(line_from, s.p);
            bool fits = dist2(&merged, cur) <= tol2;
            for (int k = 0; fits && k < n_wit; k++)
                fits = dist2(&merged, wit[k]) <= tol2;
            for (size_t k = 0; fits && k < o->n_scratch; k++)
                fits = dist2(&merged, o->scratch[k]) <= tol2;
            if (fits) {
                o->segs[w - 1].p = s.p;
                keep_point(o, cur);
                for (int k = 0; k < n_wit; k++)
                    keep_point(o, wit[k]);
                cur = s.p;
                continue;
            }
        }
        o->segs[w++] = s;
        o->n_scratch = 0;
        for (int k = 0; k < n_wit; k++)
            keep_point(o, wit[k]);
        line_from = cur;
        line_open = true;
        cur = s.p;
    }
    o->n = w;
}

/* ---- Type 2 charstrings ------------------------------------------------------------------- */

enum {
    T2_VMOVETO = 4, T2_RLINETO = 5, T2_HLINETO = 6, T2_VLINETO = 7, T2_RRCURVETO = 8,
    T2_ENDCHAR = 14, T2_RMOVETO = 21, T2_HMOVETO = 22, T2_VVCURVETO = 26, T2_HHCURVETO = 27,
    T2_VHCURVETO = 30, T2_HVCURVETO = 31,
    T2_MAX_ARGS = 48,
};

static void put_int(gw_buf *b, long v)
{
    unsigned char s[3];
    if (v >= -107 && v <= 107) {
        s[0] = (unsigned char)(v + 139);
        gw_buf_append(b, s, 1);
    } else if (v >= 108 && v <= 1131) {
        v -= 108;
        s[0] = (unsigned char)((v >> 8) + 247);
        s[1] = (unsigned char)(v & 0xff);
        gw_buf_append(b, s, 2);
    } else if (v <= -108 && v >= -1131) {
        v = -v - 108;
        s[0] = (unsigned char)((v >> 8) + 251);
        s[1] = (unsigned char)(v & 0xff);
        gw_buf_append(b, s, 2);
    } else {
        v = v < -32768 ? -32768 : v > 32767 ? 32767 : v;
        s[0] = 28;
        s[1] = (unsigned char)((unsigned long)v >> 8);
        s[2] = (unsigned char)v;
        gw_buf_append(b, s, 3);
    }
}

/* A segment of a contour in integer deltas: a line (d[0], d[1]) or a curve (d[0..5]: first
 * control − current point, second − first, end − second). */
typedef struct {
    bool curve;
    long d[6];
} t2_seg;

static void put_op(gw_buf *b, const long *args, int n, int op)
{
    for (int i = 0; i < n; i++)
        put_int(b, args[i]);
    unsigned char c = (unsigned char)op;
    gw_buf_append(b, &c, 1);
}

/* Writes lines segs[i..] as one operator; returns how many it took. Axis-aligned lines that
 * alternate between horizontal and vertical take one operand each (hlineto / vlineto). */
static size_t put_lines(gw_buf *b, const t2_seg *segs, size_t i, size_t n)
{
    long args[T2_MAX_ARGS];
    int na = 0;
    size_t j = i;
    const long *d = segs[i].d;
    if (d[0] == 0 || d[1] == 0) {
        bool horiz = d[1] == 0;
        int op = horiz ? T2_HLINETO : T2_VLINETO;
        for (; j < n && !segs[j].curve && na < T2_MAX_ARGS; j++, horiz = !horiz) {
            const long *e = segs[j].d;
            if (horiz ? e[1] != 0 : e[0] != 0)
                break;
            args[na++] = horiz ? e[0] : e[1];
        }
        put_op(b, args, na, op);
    } else {
        for (; j < n && !segs[j].curve && na + 2 <= T2_MAX_ARGS; j++) {
            const long *e = segs[j].d;
            if (e[0] == 0 || e[1] == 0)
                break;
            args[na++] = e[0];
            args[na++] = e[1];
        }
        put_op(b, args, na, T2_RLINETO);
    }
    return j - i;
}

/* The curves from segs[i] that one of hhcurveto, vvcurveto, hvcurveto, vhcurveto takes, and
 * its operands. kind: 0 hh, 1 vv, 2 hv, 3 vh. Returns the count (0: not even segs[i]). */
static size_t special_run(const t2_seg *segs, size_t i, size_t n, int kind, long *args, int *na)
{
    size_t j = i;
    *na = 0;
    if (kind <= 1) {
        /* hh: every curve starts and ends horizontal, but the first may start otherwise */
        int a = kind == 0 ? 1 : 0, o = 1 - a; /* the axis that must be 0, the other */
        for (; j < n && segs[j].curve && *na + 5 <= T2_MAX_ARGS; j++) {
            const long *d = segs[j].d;
            if (d[4 + a] != 0 || (j > i && d[a] != 0))
                break;
            if (j == i && d[a] != 0)
                args[(*na)++] = d[a];
            args[(*na)++] = d[o];
            args[(*na)++] = d[2];
            args[(*na)++] = d[3];
            args[(*na)++] = d[4 + o];
        }
        return j - i;
    }
    /* hv: horizontal start, vertical end, then vertical start, horizontal end, …; the last
     * curve may end in any direction (one more operand) */
    bool h = kind == 2;
    for (; j < n && segs[j].curve && *na + 5 <= T2_MAX_ARGS; j++, h = !h) {
        const long *d = segs[j].d;
        if (h ? d[1] != 0 : d[0] != 0)
            break;
        args[(*na)++] = h ? d[0] : d[1];
        args[(*na)++] = d[2];
        args[(*na)++] = d[3];
        bool axis_end = h ? d[4] == 0 : d[5] == 0;
        args[(*na)++] = h ? d[5] : d[4];
        if (!axis_end) {
            args[(*na)++] = h ? d[4] : d[5];
            j++;
            break;
        }
    }
    return j - i;
}

/* Writes curves from segs[i] as one operator; returns how many it took. */
static size_t put_curves(gw_buf *b, const t2_seg *segs, size_t i, size_t n)
{
    static const int ops[4] = { T2_HHCURVETO, T2_VVCURVETO, T2_HVCURVETO, T2_VHCURVETO };
    long best_args[T2_MAX_ARGS], args[T2_MAX_ARGS];
    int best = -1, best_na = 0;
    size_t best_len = 0;
    long best_saving = 0;
    for (int k = 0; k < 4; k++) {
        int na;
        size_t len = special_run(segs, i, n, k, args, &na);
        /* against rrcurveto: 6 operands a curve, and no operator byte of its own */
        long saving = 6 * (long)len - na - 1;
        if (len && saving > best_saving) {
            best = k;
            best_saving = saving;
            best_len = len;
            best_na = na;
            memcpy(best_args, args, (size_t)na * sizeof *args);
        }
    }
    if (best >= 0) {
        put_op(b, best_args, best_na, ops[best]);
        return best_len;
    }
    /* rrcurveto, up to the next curve a special operator takes better */
    int na = 0;
    size_t j = i;
    for (; j < n && segs[j].curve && na + 6 <= T2_MAX_ARGS; j++) {
        if (j > i) {
            bool special = false;
            for (int k = 0; k < 4 && !special; k++) {
                int m;
                size_t len = special_run(segs, j, n, k, args, &m);
                special = len && 6 * (long)len - m - 1 > 0;
            }
            if (special)
                break;
        }
        for (int k = 0; k < 6; k++)
            best_args[na++] = segs[j].d[k];
    }
    put_op(b, best_args, na, T2_RRCURVETO);
    return j - i;
}

/* A coordinate in whole font units, within ±16383 so that every delta fits 16 bits; *fits
 * turns false when it was clamped. NaN (from a malformed face) is 0. */
static long coord(double v, bool *fits)
{
    if (!isfinite(v))
        return 0;
    if (v < -16383.5 || v > 16383.5) {
        *fits = false;
        v = v < 0 ? -16383 : 16383;
    }
    return lround(v);
}

bool gw_outline_charstring(gw_outline *o, const long *width, gw_buf *out)
{
    bool fits = !width || (*width >= -32767 && *width <= 32767);
    long cx = 0, cy = 0; /* the current point, rounded */
    t2_seg *segs = o->enc;
    for (size_t r = 0; r < o->n;) {
        /* one contour: its move, then its segments up to the next move */
        long sx = coord(o->segs[r].p.x, &fits), sy = coord(o->segs[r].p.y, &fits);
        size_t e = r + 1;
        while (e < o->n && o->segs[e].kind != GW_SEG_MOVE)
            e++;
        if (e - r - 1 > o->cap_enc) {
            o->cap_enc = e - r - 1;
            o->enc = segs = gw_xrealloc(segs, o->cap_enc * sizeof *segs);
        }
        size_t n = 0;
        long px = sx, py = sy;
        for (size_t k = r + 1; k < e; k++) {
            const gw_seg *s = &o->segs[k];
            t2_seg *t = &segs[n];
            long x = coord(s->p.x, &fits), y = coord(s->p.y, &fits);
            if (s->kind == GW_SEG_LINE) {
                if (x == px && y == py)
                    continue;
                t->curve = false;
                t->d[0] = x - px;
                t->d[1] = y - py;
            } else {
                long x1 = coord(s->c1.x, &fits), y1 = coord(s->c1.y, &fits);
                long x2 = coord(s->c2.x, &fits), y2 = coord(s->c2.y, &fits);
                if (x == px && y == py && x1 == px && y1 == py && x2 == px && y2 == py)
                    continue;
                t->curve = true;
                t->d[0] = x1 - px;
                t->d[1] = y1 - py;
                t->d[2] = x2 - x1;
                t->d[3] = y2 - y1;
                t->d[4] = x - x2;
                t->d[5] = y - y2;
            }
            px = x;
            py = y;
            n++;
        }
        /* the contour closes itself: a last line back to its start is implied */
        if (n && !segs[n - 1].curve && px == sx && py == sy)
            n--;
        if (n) {
            /* the width, if any, is the first moveto's first operand */
            long args[3];
            int na = 0, op;
            if (width)
                args[na++] = *width;
            width = NULL;
            long dx = sx - cx, dy = sy - cy;
            if (dy == 0) {
                args[na++] = dx;
                op = T2_HMOVETO;
            } else if (dx == 0) {
                args[na++] = dy;
                op = T2_VMOVETO;
            } else {
                args[na++] = dx;
                args[na++] = dy;
                op = T2_RMOVETO;
            }
            put_op(out, args, na, op);
            for (size_t i = 0; i < n;)
                i += segs[i].curve ? put_curves(out, segs, i, n) : put_lines(out, segs, i, n);
            /* the current point is where the contour's segments end */
            cx = sx;
            cy = sy;
            for (size_t i = 0; i < n; i++) {
                cx += segs[i].d[0] + (segs[i].curve ? segs[i].d[2] + segs[i].d[4] : 0);
                cy += segs[i].d[1] + (segs[i].curve ? segs[i].d[3] + segs[i].d[5] : 0);
            }
        }
        r = e;
    }
    put_op(out, width, width ? 1 : 0, T2_ENDCHAR);
    return fits;
}

/* ---- a CID-keyed CFF ---------------------------------------------------------------------- */

static unsigned off_size_for(uint32_t max_offset)
{
    return max_offset <= 0xFF ? 1 : max_offset <= 0xFFFF ? 2 : max_offset <= 0xFFFFFF ? 3 : 4;
}

/* An INDEX of n elements: element k is data[offs[k] .. offs[k + 1]). */
static void put_index(gw_buf *b, const void *data, const uint32_t *offs, unsigned n)
{
    gw_buf_put_be(b, n, 2);
    if (n == 0)
        return;
    unsigned os = off_size_for(offs[n] - offs[0] + 1);
    gw_buf_put_be(b, os, 1);
    for (unsigned k = 0; k <= n; k++)
        gw_buf_put_be(b, offs[k] - offs[0] + 1, os);
    gw_buf_append(b, (const char *)data + offs[0], offs[n] - offs[0]);
}

static void put_index1(gw_buf *b, const void *data, size_t len)
{
    uint32_t offs[2] = { 0, (uint32_t)len };
    put_index(b, data, offs, 1);
}

/* DICT operands: an integer (the 5-byte form when five is set, so that an offset can be
 * written before it is known and patched later), or a real. */
static void dict_int(gw_buf *b, long v, bool five)
{
    if (five || v < -32768 || v > 32767) {
        gw_buf_put_be(b, 29, 1);
        gw_buf_put_be(b, (uint32_t)v, 4);
    } else {
        put_int(b, v); /* the charstring forms up to 16 bits are the DICT's too */
    }
}

static void dict_real(gw_buf *b, double v)
{
    char text[32];
    snprintf(text, sizeof text, "%.9g", v);
    unsigned char nib[64];
    int n = 0;
    bool point = false;
    for (const char *p = text; *p && n < 60; p++) {
        if (*p >= '0' && *p <= '9')
            nib[n++] = (unsigned char)(*p - '0');
        else if (*p == '-')
            nib[n++] = 0xe;
        else if (*p != 'e' && *p != 'E' && *p != '+') {
            /* the decimal point, in whatever the locale writes it ("." "," or several bytes) */
            if (!point)
                nib[n++] = 0xa;
            point = true;
        } else if (*p == 'e' || *p == 'E') {
            if (p[1] == '-') {
                nib[n++] = 0xc;
                p++;
            } else {
                nib[n++] = 0xb;
                if (p[1] == '+')
                    p++;
            }
        }
    }
    nib[n++] = 0xf;
    if (n & 1)
        nib[n++] = 0xf;
    gw_buf_put_be(b, 30, 1);
    for (int k = 0; k < n; k += 2)
        gw_buf_put_be(b, (unsigned)(nib[k] << 4 | nib[k + 1]), 1);
}

static void dict_op(gw_buf *b, unsigned op)
{
    if (op >= 1200) {
        gw_buf_put_be(b, 12, 1);
        gw_buf_put_be(b, op - 1200, 1);
    } else {
        gw_buf_put_be(b, op, 1);
    }
}

enum {
    OP_FONTBBOX = 5, OP_CHARSET = 15, OP_CHARSTRINGS = 17, OP_PRIVATE = 18,
    OP_DEFAULT_WIDTH_X = 20, OP_NOMINAL_WIDTH_X = 21, OP_FONTMATRIX = 1207, OP_ROS = 1230,
    OP_CIDCOUNT = 1234, OP_FDARRAY = 1236, OP_FDSELECT = 1237,
    SID_FIRST_CUSTOM = 391, /* the first string a font's String INDEX defines */
};

/* An offset operand not known yet, then op: returns where its 4 bytes are, to patch. */
static size_t dict_offset(gw_buf *d, unsigned op)
{
    size_t at = d->len + 1;
    dict_int(d, 0, true);
    dict_op(d, op);
    return at;
}

static void patch_u32(gw_buf *b, size_t at, uint32_t v)
{
    unsigned char *p = (unsigned char *)b->data + at;
    for (int k = 0; k < 4; k++)
        p[k] = (unsigned char)(v >> (24 - 8 * k));
}

bool gw_cff_write_cid(gw_buf *out, const char *font_name, const gw_buf *charstrings,
                      const uint32_t *offsets, unsigned n_glyphs, const long bbox[4],
                      long default_width, long nominal_width, unsigned upem)
{
    if (n_glyphs < 1 || n_glyphs > 65535)
        return false;
    out->len = 0;
    /* Header: version 1.0, 4 bytes, offsets in 4 bytes */
    gw_buf_put_be(out, 0x01000404u, 4);
    put_index1(out, font_name, strlen(font_name));

    /* Top DICT; the offsets, unknown until the parts after it are laid out, are patched */
    gw_buf top;
    gw_buf_init(&top);
    dict_int(&top, SID_FIRST_CUSTOM, false);      /* Registry "Adobe" */
    dict_int(&top, SID_FIRST_CUSTOM + 1, false);  /* Ordering "Identity" */
    dict_int(&top, 0, false);                     /* Supplement */
    dict_op(&top, OP_ROS);
    if (upem != 1000 && upem > 0) {
        dict_real(&top, 1.0 / upem);
        dict_int(&top, 0, false);
        dict_int(&top, 0, false);
        dict_real(&top, 1.0 / upem);
        dict_int(&top, 0, false);
        dict_int(&top, 0, false);
        dict_op(&top, OP_FONTMATRIX);
    }
    for (int k = 0; k < 4; k++)
        dict_int(&top, bbox[k], false);
    dict_op(&top, OP_FONTBBOX);
    dict_int(&top, n_glyphs, false);
    dict_op(&top, OP_CIDCOUNT);
    size_t at_charset = dict_offset(&top, OP_CHARSET);
    size_t at_fdselect = dict_offset(&top, OP_FDSELECT);
    size_t at_charstrings = dict_offset(&top, OP_CHARSTRINGS);
    size_t at_fdarray = dict_offset(&top, OP_FDARRAY);
    /* the Top DICT INDEX: 2 count + 1 offSize + 2 offsets of 1 or 2 bytes */
    size_t top_data = out->len + 3 + 2 * off_size_for((uint32_t)top.len + 1);
    put_index1(out, top.data, top.len);

    static const char strings[] = "AdobeIdentity";
    uint32_t str_offs[3] = { 0, 5, 13 };
    put_index(out, strings, str_offs, 2);
    gw_buf_put_be(out, 0, 2); /* no global subroutines */

    /* charset: glyph g is CID g */
    size_t charset = out->len;
    if (n_glyphs >= 2) {
        gw_buf_put_be(out, 2, 1);
        gw_buf_put_be(out, 1, 2);
        gw_buf_put_be(out, n_glyphs - 2, 2);
    } else {
        gw_buf_put_be(out, 0, 1);
    }
    /* FDSelect: every glyph uses Font DICT 0 */
    size_t fdselect = out->len;
    gw_buf_put_be(out, 3, 1);
    gw_buf_put_be(out, 1, 2);
    gw_buf_put_be(out, 0, 2);
    gw_buf_put_be(out, 0, 1);
    gw_buf_put_be(out, n_glyphs, 2);

    size_t cs = out->len;
    put_index(out, charstrings->data, offsets, n_glyphs);

    /* the Font DICT: only its Private DICT, which sets the widths the charstrings omit */
    gw_buf priv;
    gw_buf_init(&priv);
    dict_int(&priv, default_width, false);
    dict_op(&priv, OP_DEFAULT_WIDTH_X);
    dict_int(&priv, nominal_width, false);
    dict_op(&priv, OP_NOMINAL_WIDTH_X);
    gw_buf fd;
    gw_buf_init(&fd);
    dict_int(&fd, (long)priv.len, true);
    size_t at_private = dict_offset(&fd, OP_PRIVATE);
    size_t fdarray = out->len;
    size_t fd_data = out->len + 3 + 2 * off_size_for((uint32_t)fd.len + 1);
    put_index1(out, fd.data, fd.len);
    size_t private = out->len;
    gw_buf_append(out, priv.data, priv.len);

    patch_u32(out, top_data + at_charset, (uint32_t)charset);
    patch_u32(out, top_data + at_fdselect, (uint32_t)fdselect);
    patch_u32(out, top_data + at_charstrings, (uint32_t)cs);
    patch_u32(out, top_data + at_fdarray, (uint32_t)fdarray);
    patch_u32(out, fd_data + at_private, (uint32_t)private);
    gw_buf_free(&top);
    gw_buf_free(&fd);
    gw_buf_free(&priv);
    return true;
}
