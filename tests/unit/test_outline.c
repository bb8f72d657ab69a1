/* test_outline.c: glyph outline simplification and Type 2 charstrings (src/pdf/gw_outline.c).
 *
 * The charstrings are read back by a small Type 2 interpreter written here from the spec
 * (Adobe TN 5177), independent of the encoder: random outlines, with many axis-aligned lines
 * and curves so that every operator form is used, must come back point for point. Whole fonts
 * are checked from the PDF by tests/pdf/check_outlines.py (fontTools, MuPDF, poppler). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gw_util.h"
#include "pdf/gw_outline.h"

/* ---- building outlines -------------------------------------------------------------------- */

static gw_seg *add(gw_outline *o, int kind)
{
    if (o->n == o->cap) {
        o->cap = o->cap ? o->cap * 2 : 16;
        o->segs = gw_xrealloc(o->segs, o->cap * sizeof *o->segs);
    }
    gw_seg *s = &o->segs[o->n++];
    memset(s, 0, sizeof *s);
    s->kind = kind;
    return s;
}

static void M(gw_outline *o, double x, double y)
{
    add(o, GW_SEG_MOVE)->p = (gw_pt){ x, y };
}

static void L(gw_outline *o, double x, double y)
{
    add(o, GW_SEG_LINE)->p = (gw_pt){ x, y };
}

static void C(gw_outline *o, double x1, double y1, double x2, double y2, double x, double y)
{
    gw_seg *s = add(o, GW_SEG_CURVE);
    s->c1 = (gw_pt){ x1, y1 };
    s->c2 = (gw_pt){ x2, y2 };
    s->p = (gw_pt){ x, y };
}

/* ---- a Type 2 interpreter (no hints, no subroutines: the encoder writes neither) ---------- */

typedef struct {
    int kind;
    long x[3], y[3]; /* move/line: x[0], y[0]; curve: c1, c2, end */
} rd_seg;

typedef struct {
    rd_seg segs[4096];
    int n;
    bool has_width;
    long width;
    bool ended;
} decoded;

static void emit(decoded *d, int kind, const long *pts, int n_pts)
{
    assert_true(d->n < 4096);
    rd_seg *s = &d->segs[d->n++];
    s->kind = kind;
    for (int i = 0; i < n_pts; i++) {
        s->x[i] = pts[2 * i];
        s->y[i] = pts[2 * i + 1];
    }
}

static void decode(const unsigned char *p, size_t len, decoded *d)
{
    memset(d, 0, sizeof *d);
    long st[48];
    int n = 0;
    long x = 0, y = 0;
    bool first = true; /* the first stack-clearing operator may carry the width */
    size_t i = 0;
    while (i < len) {
        unsigned b = p[i++];
        if (b >= 32) {
            long v = 0;
            if (b <= 246)
                v = (long)b - 139;
            else if (b <= 250)
                v = ((long)b - 247) * 256 + p[i++] + 108;
            else if (b <= 254)
                v = -((long)b - 251) * 256 - p[i++] - 108;
            else
                fail_msg("16.16 number in a charstring");
            assert_true(n < 48);
            st[n++] = v;
            continue;
        }
        if (b == 28) {
            st[n++] = (int16_t)(uint16_t)(p[i] << 8 | p[i + 1]);
            i += 2;
            continue;
        }
        int k = 0;
        /* the width: an operand more than the operator takes */
        int takes = b == 21 ? 2 : (b == 22 || b == 4) ? 1 : b == 14 ? 0 : -1;
        if (first && takes >= 0) {
            if (n == takes + 1) {
                d->has_width = true;
                d->width = st[0];
                k = 1;
            } else {
                assert_int_equal(n, takes);
            }
            first = false;
        }
        long pts[6];
        switch (b) {
        case 21: /* rmoveto */
            x += st[k], y += st[k + 1];
            pts[0] = x, pts[1] = y;
            emit(d, GW_SEG_MOVE, pts, 1);
            break;
        case 22: /* hmoveto */
            x += st[k];
            pts[0] = x, pts[1] = y;
            emit(d, GW_SEG_MOVE, pts, 1);
            break;
        case 4: /* vmoveto */
            y += st[k];
            pts[0] = x, pts[1] = y;
            emit(d, GW_SEG_MOVE, pts, 1);
            break;
        case 5: /* rlineto */
            assert_true(n % 2 == 0 && n > 0);
            for (; k < n; k += 2) {
                x += st[k], y += st[k + 1];
                pts[0] = x, pts[1] = y;
                emit(d, GW_SEG_LINE, pts, 1);
            }
            break;
        case 6: /* hlineto */
        case 7: /* vlineto */
            assert_true(n > 0);
            for (bool h = b == 6; k < n; k++, h = !h) {
                if (h)
                    x += st[k];
                else
                    y += st[k];
                pts[0] = x, pts[1] = y;
                emit(d, GW_SEG_LINE, pts, 1);
            }
            break;
        case 8: /* rrcurveto */
            assert_true(n % 6 == 0 && n > 0);
            for (; k < n; k += 6) {
                long x1 = x + st[k], y1 = y + st[k + 1];
                long x2 = x1 + st[k + 2], y2 = y1 + st[k + 3];
                x = x2 + st[k + 4], y = y2 + st[k + 5];
                long c[6] = { x1, y1, x2, y2, x, y };
                emit(d, GW_SEG_CURVE, c, 3);
            }
            break;
        case 27: /* hhcurveto: dy1? {dxa dxb dyb dxc}+ */
        case 26: /* vvcurveto: dx1? {dya dxb dyb dyc}+ */ {
            assert_true(n % 4 == 0 || n % 4 == 1);
            long extra = n % 4 ? st[k++] : 0;
            for (; k < n; k += 4) {
                long x1, y1;
                if (b == 27)
                    x1 = x + st[k], y1 = y + extra;
                else
                    x1 = x + extra, y1 = y + st[k];
                extra = 0;
                long x2 = x1 + st[k + 1], y2 = y1 + st[k + 2];
                if (b == 27)
                    x = x2 + st[k + 3], y = y2;
                else
                    x = x2, y = y2 + st[k + 3];
                long c[6] = { x1, y1, x2, y2, x, y };
                emit(d, GW_SEG_CURVE, c, 3);
            }
            break;
        }
        case 31: /* hvcurveto */
        case 30: /* vhcurveto */ {
            assert_true(n % 4 == 0 || n % 4 == 1);
            bool h = b == 31;
            for (; k + 4 <= n; k += 4, h = !h) {
                bool last = k + 4 == n || k + 5 == n;
                long fin = last && k + 5 == n ? st[k + 4] : 0;
                long x1, y1, x2, y2;
                if (h) {
                    x1 = x + st[k], y1 = y;
                    x2 = x1 + st[k + 1], y2 = y1 + st[k + 2];
                    y = y2 + st[k + 3], x = x2 + fin;
                } else {
                    x1 = x, y1 = y + st[k];
                    x2 = x1 + st[k + 1], y2 = y1 + st[k + 2];
                    x = x2 + st[k + 3], y = y2 + fin;
                }
                long c[6] = { x1, y1, x2, y2, x, y };
                emit(d, GW_SEG_CURVE, c, 3);
                if (last)
                    k = n;
            }
            break;
        }
        case 14: /* endchar */
            d->ended = true;
            assert_int_equal(i, len);
            return;
        default:
            fail_msg("unexpected operator %u", b);
        }
        n = 0;
    }
    fail_msg("no endchar");
}

static void encode_decode(gw_outline *o, const long *width, decoded *d)
{
    gw_buf b;
    gw_buf_init(&b);
    gw_outline_charstring(o, width, &b);
    decode((const unsigned char *)b.data, b.len, d);
    gw_buf_free(&b);
}

/* ---- simplification ----------------------------------------------------------------------- */

static void test_tolerance_zero_drops_only_empty_segments(void **state)
{
    (void)state;
    gw_outline o;
    gw_outline_init(&o);
    M(&o, 0, 0);
    L(&o, 100, 0);
    L(&o, 100, 0);                      /* zero length */
    C(&o, 100, 0, 100, 0, 100, 0);      /* a curve that goes nowhere */
    C(&o, 130, 0, 130, 100, 100, 100);  /* kept */
    L(&o, 50, 100);
    L(&o, 0, 100);                      /* collinear with the last: kept at tolerance 0 */
    L(&o, 0, 0);
    gw_outline_simplify(&o, 0);
    assert_int_equal(o.n, 6);
    assert_int_equal(o.segs[2].kind, GW_SEG_CURVE);
    gw_outline_free(&o);
}

static void test_flat_curve_becomes_line_and_merges(void **state)
{
    (void)state;
    gw_outline o;
    gw_outline_init(&o);
    M(&o, 0, 0);
    C(&o, 33, 0, 67, 0, 100, 0);       /* a straight line written as a curve */
    C(&o, 133, 1, 167, 1, 200, 0);     /* bulges 0.75 units */
    L(&o, 300, 0);
    L(&o, 300, 300);                    /* a corner: kept */
    L(&o, 0, 0);
    gw_outline_simplify(&o, 1.0);
    assert_int_equal(o.n, 4);
    assert_int_equal(o.segs[1].kind, GW_SEG_LINE);
    assert_true(o.segs[1].p.x == 300 && o.segs[1].p.y == 0);
    assert_true(o.segs[2].p.x == 300 && o.segs[2].p.y == 300);
    gw_outline_free(&o);
}

static void test_curve_beyond_tolerance_stays(void **state)
{
    (void)state;
    gw_outline o;
    gw_outline_init(&o);
    M(&o, 0, 0);
    C(&o, 30, 8, 70, 8, 100, 0);       /* bulges 6 units */
    L(&o, 0, 0);
    gw_outline_simplify(&o, 5.0);
    assert_int_equal(o.segs[1].kind, GW_SEG_CURVE);
    gw_outline_simplify(&o, 6.5);
    assert_int_equal(o.segs[1].kind, GW_SEG_LINE);
    gw_outline_free(&o);
}

static void test_line_run_merges_within_tolerance_only(void **state)
{
    (void)state;
    for (int pass = 0; pass < 2; pass++) {
        gw_outline o;
        gw_outline_init(&o);
        M(&o, 0, 0);
        L(&o, 100, 3);                  /* 3 units off the line to (200, 0) */
        L(&o, 200, 0);
        L(&o, 200, 200);
        L(&o, 0, 0);
        gw_outline_simplify(&o, pass ? 3.5 : 2.0);
        assert_int_equal(o.n, pass ? 4 : 5);
        gw_outline_free(&o);
    }
}

static void test_merged_line_keeps_every_replaced_point(void **state)
{
    (void)state;
    /* each new vertex is near the line from the run's start to it, but the first one is not
     * near the final line: the run must stop before it drifts */
    gw_outline o;
    gw_outline_init(&o);
    M(&o, 0, 0);
    L(&o, 100, 2);
    L(&o, 200, 5);
    L(&o, 300, 9);
    L(&o, 400, 14);
    L(&o, 400, 400);
    L(&o, 0, 0);
    gw_outline_simplify(&o, 2.5);
    /* check every original vertex is within 2.5 of the simplified polyline */
    const double vx[] = { 100, 200, 300, 400 }, vy[] = { 2, 5, 9, 14 };
    for (int k = 0; k < 4; k++) {
        double best = 1e9;
        gw_pt a = o.segs[0].p;
        for (size_t i = 1; i < o.n; i++) {
            gw_pt b = o.segs[i].p;
            double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
            double t = l2 ? ((vx[k] - a.x) * dx + (vy[k] - a.y) * dy) / l2 : 0;
            t = t < 0 ? 0 : t > 1 ? 1 : t;
            double d = hypot(vx[k] - a.x - t * dx, vy[k] - a.y - t * dy);
            best = d < best ? d : best;
            a = b;
        }
        assert_true(best <= 2.5 + 1e-9);
    }
    assert_true(o.n < 7);
    gw_outline_free(&o);
}

/* ---- charstrings -------------------------------------------------------------------------- */

static void test_charstring_width_and_empty_glyph(void **state)
{
    (void)state;
    gw_outline o;
    gw_outline_init(&o);
    decoded *d = malloc(sizeof *d);
    encode_decode(&o, NULL, d);
    assert_true(d->ended && !d->has_width && d->n == 0);
    long w = -250;
    encode_decode(&o, &w, d);
    assert_true(d->ended && d->has_width && d->width == -250);
    M(&o, 10, 0);   /* hmoveto with a width */
    L(&o, 20, 0);
    L(&o, 20, 30);
    w = 1200;
    encode_decode(&o, &w, d);
    assert_true(d->has_width && d->width == 1200);
    assert_int_equal(d->n, 3);
    assert_true(d->segs[0].x[0] == 10 && d->segs[0].y[0] == 0);
    free(d);
    gw_outline_free(&o);
}

static long rnd(unsigned *s, long lo, long hi)
{
    *s = *s * 1103515245u + 12345u;
    return lo + (long)((*s >> 8) % (unsigned)(hi - lo + 1));
}

static void test_charstring_round_trip(void **state)
{
    (void)state;
    decoded *d = malloc(sizeof *d);
    unsigned seed = 7;
    for (int iter = 0; iter < 2000; iter++) {
        gw_outline o;
        gw_outline_init(&o);
        /* the expected points: rounded; a last line back to the start is implied */
        long ex[4096][7];
        int n_ex = 0;
        long x = 0, y = 0;
        int contours = (int)rnd(&seed, 1, 3);
        for (int c = 0; c < contours; c++) {
            /* the start: sometimes on an axis of the last point (hmoveto, vmoveto) */
            long r = rnd(&seed, 0, 3);
            x = r == 1 ? x : rnd(&seed, -1200, 2200);
            y = r == 2 ? y : rnd(&seed, -1200, 2200);
            M(&o, x + 0.3, y - 0.2);
            long sx = x, sy = y;
            ex[n_ex][0] = GW_SEG_MOVE, ex[n_ex][1] = x, ex[n_ex][2] = y, n_ex++;
            int segs = (int)rnd(&seed, 1, 40);
            for (int k = 0; k < segs; k++) {
                /* points: often on an axis of the one before (every operator form), near it
                 * (1-byte numbers) or far (2- and 3-byte numbers) */
                long pt[6], px = x, py = y;
                for (int j = 0; j < 3; j++) {
                    long a = rnd(&seed, 0, 9);
                    long near = rnd(&seed, -100, 100), far = rnd(&seed, -1200, 2200);
                    pt[2 * j] = a < 3 ? px : a < 6 ? px + near : far;
                    a = rnd(&seed, 0, 9);
                    near = rnd(&seed, -100, 100), far = rnd(&seed, -1200, 2200);
                    pt[2 * j + 1] = a < 3 && pt[2 * j] != px ? py : a < 6 ? py + near : far;
                    px = pt[2 * j], py = pt[2 * j + 1];
                }
                if (rnd(&seed, 0, 2) == 0) {
                    if (pt[0] == x && pt[1] == y)
                        pt[0] += 5;
                    x = pt[0], y = pt[1];
                    L(&o, x, y);
                    ex[n_ex][0] = GW_SEG_LINE, ex[n_ex][1] = x, ex[n_ex][2] = y, n_ex++;
                } else {
                    if (pt[4] == x && pt[5] == y && pt[0] == x && pt[1] == y && pt[2] == x &&
                        pt[3] == y)
                        pt[4] += 1;
                    C(&o, pt[0], pt[1], pt[2], pt[3], pt[4], pt[5]);
                    ex[n_ex][0] = GW_SEG_CURVE;
                    for (int j = 0; j < 6; j++)
                        ex[n_ex][1 + j] = pt[j];
                    n_ex++;
                    x = pt[4], y = pt[5];
                }
            }
            if (ex[n_ex - 1][0] == GW_SEG_LINE && x == sx && y == sy) {
                n_ex--; /* a last line back to the start is implied */
            } else if (rnd(&seed, 0, 1)) {
                L(&o, sx, sy); /* drawn back to the start: the charstring implies it */
                x = sx, y = sy;
            }
        }
        long w = rnd(&seed, -500, 500);
        encode_decode(&o, iter % 2 ? &w : NULL, d);
        assert_int_equal(d->has_width, iter % 2);
        if (iter % 2)
            assert_int_equal(d->width, w);
        if (d->n != n_ex) {
            fprintf(stderr, "iter %d: %d decoded, %d expected\n", iter, d->n, n_ex);
            for (int k = 0; k < n_ex || k < d->n; k++)
                fprintf(stderr, "  %d: want %ld (%ld %ld | %ld %ld) got %d (%ld %ld | %ld %ld)\n", k,
                        k < n_ex ? ex[k][0] : -1, k < n_ex ? ex[k][1] : 0, k < n_ex ? ex[k][2] : 0,
                        k < n_ex ? ex[k][5] : 0, k < n_ex ? ex[k][6] : 0,
                        k < d->n ? d->segs[k].kind : -1, d->segs[k].x[0], d->segs[k].y[0],
                        d->segs[k].x[2], d->segs[k].y[2]);
        }
        assert_int_equal(d->n, n_ex);
        for (int k = 0; k < n_ex; k++) {
            assert_int_equal(d->segs[k].kind, ex[k][0]);
            int np = ex[k][0] == GW_SEG_CURVE ? 3 : 1;
            for (int j = 0; j < np; j++) {
                assert_int_equal(d->segs[k].x[j], ex[k][1 + 2 * j]);
                assert_int_equal(d->segs[k].y[j], ex[k][2 + 2 * j]);
            }
        }
        gw_outline_free(&o);
    }
    free(d);
}

static void test_charstring_out_of_range(void **state)
{
    (void)state;
    gw_outline o;
    gw_outline_init(&o);
    gw_buf b;
    gw_buf_init(&b);
    M(&o, 0, 0);
    L(&o, 16000, 0);
    L(&o, 16000, -16000);
    assert_true(gw_outline_charstring(&o, NULL, &b));
    long w = 32767;
    assert_true(gw_outline_charstring(&o, &w, &b));
    w = 40000;              /* a width beyond 16 bits */
    assert_false(gw_outline_charstring(&o, &w, &b));
    L(&o, 20000, 0);        /* a point beyond ±16383 */
    assert_false(gw_outline_charstring(&o, NULL, &b));
    o.n--;
    L(&o, NAN, 5);          /* not a number: 0, and no undefined behaviour */
    assert_true(gw_outline_charstring(&o, NULL, &b));
    gw_buf_free(&b);
    gw_outline_free(&o);
}

static bool contains(const gw_buf *b, const void *needle, size_t n)
{
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->data + i, needle, n) == 0)
            return true;
    return false;
}

/* A CFF for a 2048-unit em says so in its FontMatrix: 1/2048 as a real number, nibbles
 * "0.00048828125" (TN 5176 table 5), whatever the locale's decimal point. */
static void test_cff_font_matrix(void **state)
{
    (void)state;
    gw_outline o;
    gw_outline_init(&o);
    gw_buf cs, cff;
    gw_buf_init(&cs);
    gw_buf_init(&cff);
    gw_outline_charstring(&o, NULL, &cs);
    uint32_t offs[2] = { 0, (uint32_t)cs.len };
    long bbox[4] = { -100, -200, 2000, 1800 };
    assert_true(gw_cff_write_cid(&cff, "Test-Regular", &cs, offs, 1, bbox, 1024, 1024, 2048));
    static const unsigned char want[] = { 30, 0x0a, 0x00, 0x04, 0x88, 0x28, 0x12, 0x5f };
    assert_true(contains(&cff, want, sizeof want));
    /* the header, and the name */
    assert_int_equal((unsigned char)cff.data[0], 1);
    assert_true(contains(&cff, "Test-Regular", 12));
    gw_buf_free(&cs);
    gw_buf_free(&cff);
    gw_outline_free(&o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tolerance_zero_drops_only_empty_segments),
        cmocka_unit_test(test_flat_curve_becomes_line_and_merges),
        cmocka_unit_test(test_curve_beyond_tolerance_stays),
        cmocka_unit_test(test_line_run_merges_within_tolerance_only),
        cmocka_unit_test(test_merged_line_keeps_every_replaced_point),
        cmocka_unit_test(test_charstring_width_and_empty_glyph),
        cmocka_unit_test(test_charstring_round_trip),
        cmocka_unit_test(test_charstring_out_of_range),
        cmocka_unit_test(test_cff_font_matrix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
