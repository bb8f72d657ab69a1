/* title.c: balanced multi-line titles (标题, GB/T 9704 §7.3.1).
 *
 * Owns: choosing where a long title breaks. The fewest lines that fit the 版心; among the ways
 * to break, only those that keep every word whole (ICU word boundaries, `zh` dictionary),
 * respect 避头尾, and give a 梯形 (long lines on top) or 菱形 (short–long–short) shape, never an
 * inverted 梯形; the most even one wins, with a penalty for breaking inside 《…》 and a bonus
 * for the natural places (where the source broke the title, before 《, after 》 and 关于, before
 * the closing 的+文种). Each line is centred. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "../base/gw_util.h"
#include "lay_int.h"

/* Costs in (characters)²: the spread of line lengths is measured in title characters. */
#define COST_INSIDE_BOOK 30.0  /* a break inside 《…》 */
#define COST_HINT -40.0        /* a break where the source text broke the title */
#define COST_NATURAL -3.0      /* before 《, after 》, after 关于, before the final 的+文种 */
#define COST_DETACH 25.0       /* a break that likely cuts a word ICU split: see attach_cost */

/* ICU's dictionary leaves many one-character words (科技|局, 印|发, 高|质量, 2021|年), most of
 * which belong to a neighbour. Function words stand alone; these characters end words. */
static const char FUNCTION_CHARS[] = "的和与及暨并或对在为于以把将从向等之其";
static const char LEFT_ATTACH[] = "局厅部委会府院室办处所站市省县区镇乡村组队社馆行署司庭家性化者"
                                  "类级型率度法业发年月日号届次项条";
#define SHAPE_TOLERANCE 0.25   /* characters: equal-looking lines count as equal */

char *lay_title_clean(const char *text, size_t **hints, size_t *n_hints)
{
    size_t len = strlen(text);
    gw_buf b;
    gw_buf_init(&b);
    *hints = NULL;
    *n_hints = 0;
    uint32_t prev = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = gw_utf8_decode(text + i, len - i, &cp);
        if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
            size_t j = i;
            uint32_t next = 0;
            while (j < len) {
                size_t m = gw_utf8_decode(text + j, len - j, &next);
                if (next != ' ' && next != '\t' && next != '\n' && next != '\r')
                    break;
                j += m;
                next = 0;
            }
            bool cjk_prev = prev && lay_is_cjk(prev), cjk_next = next && lay_is_cjk(next);
            if (cjk_prev && cjk_next) {
                *hints = gw_xrealloc(*hints, (*n_hints + 1) * sizeof **hints);
                (*hints)[(*n_hints)++] = b.len;
            } else if (!cjk_prev && !cjk_next && prev && next) {
                gw_buf_putc(&b, ' ');
            }
            i = j;
            continue;
        }
        gw_buf_append(&b, text + i, n);
        prev = cp;
        i += n;
    }
    if (!b.data)
        gw_buf_putc(&b, '\0'), b.len = 0;
    return gw_buf_steal(&b);
}

static bool in_list(const char *list, uint32_t cp);
static bool is_ideograph(uint32_t cp);

typedef struct {
    const lay_para *p;
    size_t n_lines;
    double width, cell, total;
    size_t *cand;    /* candidate break units */
    double *bcost;   /* cost of breaking at each candidate */
    size_t n_cand;
    size_t cur[16], best[16];
    double best_cost;
    bool found;
} search;

static double seg_width(const lay_para *p, size_t u0, size_t u1)
{
    while (u0 < u1 && p->u[u0].kind == LAY_SPACE)
        u0++;
    return lay_units_width(p, u0, u1);
}

static bool shape_ok(const double *L, size_t n, double tol)
{
    if (n < 2)
        return true;
    if (L[n - 1] > L[n - 2] + tol) /* an inverted 梯形 ends on its longest line */
        return false;
    size_t i = 1;
    while (i < n && L[i] >= L[i - 1] - tol)
        i++;
    while (i < n && L[i] <= L[i - 1] + tol)
        i++;
    return i == n;
}

static void evaluate(search *s, double extra)
{
    double L[16];
    size_t n = s->n_lines, prev = 0;
    for (size_t k = 0; k < n; k++) {
        size_t end = k + 1 < n ? s->cand[s->cur[k]] : s->p->nu;
        L[k] = seg_width(s->p, prev, end) / s->cell;
        prev = end;
    }
    if (!shape_ok(L, n, SHAPE_TOLERANCE))
        return;
    double mean = 0, var = 0;
    for (size_t k = 0; k < n; k++)
        mean += L[k];
    mean /= (double)n;
    for (size_t k = 0; k < n; k++)
        var += (L[k] - mean) * (L[k] - mean);
    double cost = var + extra;
    if (!s->found || cost < s->best_cost) {
        s->found = true;
        s->best_cost = cost;
        memcpy(s->best, s->cur, sizeof s->cur);
    }
}

/* Chooses break k (0-based) from candidates after index from; prev = unit where line k starts. */
static void choose(search *s, size_t k, size_t from, size_t prev, double extra)
{
    size_t n = s->n_lines;
    double min_line = 0.4 * s->total / (double)n;
    if (k + 1 == n) {
        if (seg_width(s->p, prev, s->p->nu) <= s->width + 1e-6)
            evaluate(s, extra);
        return;
    }
    for (size_t ci = from; ci < s->n_cand; ci++) {
        size_t b = s->cand[ci];
        double w = seg_width(s->p, prev, b);
        if (w > s->width + 1e-6)
            break;
        if (w < min_line)
            continue;
        if (seg_width(s->p, b, s->p->nu) > (double)(n - k - 1) * s->width + 1e-6)
            continue;
        s->cur[k] = ci;
        choose(s, k + 1, ci + 1, b, extra + s->bcost[ci]);
    }
}

static bool is_ideograph(uint32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || cp >= 0x20000;
}

static bool in_list(const char *list, uint32_t cp)
{
    size_t n = strlen(list);
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += gw_utf8_decode(list + i, n - i, &c);
        if (c == cp)
            return true;
    }
    return false;
}

/* Cost of breaking before unit b given the ICU words around it: a one-character word on the
 * right belongs to the left (科技局) unless it is a function word; one on the left belongs to
 * the right (高质量) unless it is a function word or a word-final character (局, 发 …); a
 * number keeps the measure word after it (2021年). */
static double attach_cost(const lay_para *p, const unsigned char *is_b, size_t b)
{
    const lay_unit *prev = &p->u[b - 1], *u = &p->u[b];
    size_t at = u->b0, w0 = at, w1 = at + 1;
    while (w0 > 0 && !is_b[w0 - 1])
        w0--;
    if (w0 > 0)
        w0--; /* the boundary before the left word */
    while (w1 < p->len && !is_b[w1])
        w1++;
    bool left_single = gw_utf8_count(p->text + w0, at - w0) == 1 && is_ideograph(prev->cp);
    bool right_single = gw_utf8_count(p->text + at, w1 - at) == 1 && is_ideograph(u->cp);
    if (right_single && !in_list(FUNCTION_CHARS, u->cp))
        return COST_DETACH;
    if (left_single && !in_list(FUNCTION_CHARS, prev->cp) && !in_list(LEFT_ATTACH, prev->cp))
        return COST_DETACH;
    if (prev->kind == LAY_LATIN && is_ideograph(u->cp))
        return COST_DETACH;
    return 0;
}

static bool text_ends_with(const char *t, size_t end, const char *suffix)
{
    size_t n = strlen(suffix);
    return end >= n && !memcmp(t + end - n, suffix, n);
}

/* ICU word boundaries of p->text as a byte-indexed bitmap (len + 1 entries). */
static unsigned char *word_boundaries(const lay_para *p)
{
    unsigned char *is_b = gw_xcalloc(p->len + 1, 1);
    is_b[0] = is_b[p->len] = 1;
    UErrorCode err = U_ZERO_ERROR;
    int32_t n16 = 0;
    u_strFromUTF8(NULL, 0, &n16, p->text, (int32_t)p->len, &err);
    err = U_ZERO_ERROR;
    UChar *u16 = gw_xmalloc(((size_t)n16 + 1) * sizeof *u16);
    u_strFromUTF8(u16, n16 + 1, NULL, p->text, (int32_t)p->len, &err);
    UBreakIterator *bi = U_FAILURE(err) ? NULL : ubrk_open(UBRK_WORD, "zh", u16, n16, &err);
    if (!bi || U_FAILURE(err)) {
        memset(is_b, 1, p->len + 1); /* no ICU data: every unit boundary is a candidate */
    } else {
        /* Walk UTF-16 and UTF-8 in step to map boundaries to byte offsets. */
        int32_t i16 = 0;
        size_t i8 = 0;
        for (int32_t pos = ubrk_first(bi); pos != UBRK_DONE; pos = ubrk_next(bi)) {
            while (i16 < pos && i8 < p->len) {
                uint32_t cp;
                i8 += gw_utf8_decode(p->text + i8, p->len - i8, &cp);
                i16 += cp > 0xFFFF ? 2 : 1;
            }
            if (i8 <= p->len)
                is_b[i8] = 1;
        }
    }
    if (bi)
        ubrk_close(bi);
    free(u16);
    /* Two one-character words side by side (市|级, 印|发) are one word ICU's dictionary missed,
     * unless one of them is a function word. */
    size_t prev_b = 0, prev_len = 0;
    uint32_t prev_cp = 0;
    for (size_t i = 1; i <= p->len; i++) {
        if (!is_b[i])
            continue;
        uint32_t cp;
        gw_utf8_decode(p->text + prev_b, p->len - prev_b, &cp);
        size_t n = gw_utf8_count(p->text + prev_b, i - prev_b);
        bool single = n == 1 && is_ideograph(cp) && !in_list(FUNCTION_CHARS, cp);
        if (single && prev_len == 1 && prev_b > 0) {
            is_b[prev_b] = 0;
            prev_len = 2;
        } else {
            prev_len = single ? 1 : 0;
        }
        prev_cp = cp;
        prev_b = i;
    }
    (void)prev_cp;
    return is_b;
}

void lay_title_break(lay_ctx *c, lay_para *p, double width, const size_t *hints, size_t n_hints)
{
    (void)c;
    p->nl = 0;
    if (!p->nu)
        return;
    double total = seg_width(p, 0, p->nu);
    if (total <= width + 1e-6) {
        lay_line *l = lay_para_add_line(p, 0, p->nu, 0);
        l->indent = (width - l->width) / 2;
        return;
    }
    unsigned char *is_b = word_boundaries(p);
    search s = { .p = p, .width = width, .cell = p->cell, .total = total };
    s.cand = gw_xmalloc(p->nu * sizeof *s.cand);
    s.bcost = gw_xmalloc(p->nu * sizeof *s.bcost);
    int depth = 0;
    for (size_t b = 1; b < p->nu; b++) {
        const lay_unit *prev = &p->u[b - 1], *u = &p->u[b];
        if (prev->cp == 0x300A) /* 《 */
            depth++;
        if (prev->cp == 0x300B && depth > 0) /* 》 */
            depth--;
        if (!is_b[u->b0] || !lay_can_break(p, b))
            continue;
        double cost = depth > 0 ? COST_INSIDE_BOOK : 0;
        cost += attach_cost(p, is_b, b);
        for (size_t h = 0; h < n_hints; h++)
            if (hints[h] == u->b0)
                cost += COST_HINT;
        if (u->cp == 0x300A || prev->cp == 0x300B || text_ends_with(p->text, u->b0, "关于") ||
            (u->cp == 0x7684 /* 的 */ && gw_utf8_count(p->text + u->b0, p->len - u->b0) <= 5))
            cost += COST_NATURAL;
        s.cand[s.n_cand] = b;
        s.bcost[s.n_cand++] = cost;
    }
    size_t n0 = (size_t)ceil(total / width - 1e-9);
    for (size_t n = n0 < 2 ? 2 : n0; n <= n0 + 2 && n < 16 && !s.found; n++) {
        s.n_lines = n;
        choose(&s, 0, 0, 0, 0);
    }
    if (s.found) {
        size_t prev = 0;
        for (size_t k = 0; k < s.n_lines; k++) {
            size_t end = k + 1 < s.n_lines ? s.cand[s.best[k]] : p->nu;
            lay_line *l = lay_para_add_line(p, prev, end, 0);
            l->indent = (width - l->width) / 2;
            prev = end;
        }
    } else {
        /* No balanced shape exists (e.g. one enormous word): break like a paragraph. */
        lay_para_break(c, p, width, 0, 0, 0);
        for (size_t k = 0; k < p->nl; k++) {
            lay_line *l = &p->lines[k];
            l->gap = fmin(l->gap, 0); /* natural pitch, or the squeeze a pulled line needs */
            l->width = lay_units_width(p, l->u0, l->u1);
            for (size_t i = l->u0; i < l->u1; i++)
                l->width -= p->u[i].shrink;
            if (l->u1 > l->u0)
                l->width += l->gap * (double)(l->u1 - l->u0 - 1);
            l->indent = (width - l->width) / 2;
        }
    }
    free(is_b);
    free(s.cand);
    free(s.bcost);
}
