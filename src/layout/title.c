/* title.c: balanced multi-line titles (标题, GB/T 9704 §7.3.1).
 *
 * Owns: choosing where a long title breaks. The fewest lines that fit the 版心 (or up to two
 * more when no good shape exists); among the ways to break, only those that keep every word
 * whole (ICU word boundaries, `zh` dictionary), respect 避头尾, and give a 梯形 (long lines on
 * top) or 菱形 (short–long–short) shape, never an inverted 梯形; the most even one wins, with
 * a penalty for breaking inside 《…》 or “…” and a bonus for the natural places (where the
 * source broke the title, before 《, after 》 and 关于, before the closing 的+文种). Each line
 * is centred. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "../base/gw_util.h"
#include "lay_int.h"

/* Costs in (characters)²: the spread of line lengths is measured in title characters. */
#define COST_INSIDE_QUOTE 30.0 /* a break inside 《…》 or “…” */
#define COST_HINT -40.0        /* a break where the source text broke the title */
#define COST_NATURAL -3.0      /* before 《, after 》, after 关于, before the final 的+文种 */
#define COST_DETACH 25.0       /* a break that likely cuts a word ICU split: see attach_cost */
#define COST_INSIDE_NAME 200.0 /* inside an organisation's name (泉州市科学技术局, …领导小组) */
#define COST_COMPOUND 3.0      /* between two words of a term (高新|技术企业): see phrase_cost */

/* ICU's dictionary leaves many one-character words (科技|局, 印|发, 高|质量, 2021|年), most of
 * which belong to a neighbour. Function words stand alone; these characters end words. */
static const char FUNCTION_CHARS[] = "的和与及暨并或对在为于以把将从向等之其";
static const char LEFT_ATTACH[] = "局厅部委会府院室办处所站市省县区镇乡村组队社馆行署司庭家性化者"
                                  "类级型率度法业发年月日号届次项条";
#define SHAPE_TOLERANCE 0.25   /* characters: equal-looking lines count as equal */

static bool in_list(const char *list, uint32_t cp);
static bool is_ideograph(uint32_t cp);

/* The search for the best n-line breaking is a dynamic programme over (line k, the break where
 * it starts, the break where the line before it started, the shape's phase): the shape rule
 * only needs the previous line's length and the phase, and the cost (spread of the line
 * lengths around their mean, plus the costs of the breaks) is a sum over lines. A line is at
 * most one 版心 wide, so a state has at most `span` predecessors and successors, and a break
 * can start only the few lines the widths allow (kmin..kmax): about breaks × span² × 3 steps
 * in all, where trying every combination was exponential (a 260-character title: 70 s). */
typedef struct {
    const lay_para *p;
    size_t n_lines;
    double width, cell, mean, min_line;
    size_t *pos;     /* break positions (units): pos[0] = 0, the candidates, pos[np - 1] = nu */
    double *bcost;   /* cost of breaking at pos[i] (0 at both ends) */
    size_t np;
    double *pre;     /* pre[u]: width of units [0, u) */
    double *ns;      /* ns[u]: width of the non-space units among [0, u) */
    size_t span;     /* most breaks one line can step over */
    int *kmin, *kmax; /* the lines that can start at pos[i] (k-th line, 0-based) */
    size_t *koff;    /* memo rows of pos[i] start at koff[i] */
    double *memo;    /* NAN: not computed; INFINITY: no way to finish */
} search;

/* Width of units [u0, u1) without the spaces at either end. */
static double seg(const search *s, size_t u0, size_t u1)
{
    const lay_unit *u = s->p->u;
    while (u0 < u1 && u[u0].kind == LAY_SPACE)
        u0++;
    while (u1 > u0 && u[u1 - 1].kind == LAY_SPACE)
        u1--;
    return s->pre[u1] - s->pre[u0];
}

/* The shape rule on the way. Phases: 0 widening (each line at least as long as the one above,
 * within the tolerance), 1 the same after a step of more than WIDEN_STEP, 2 narrowing. A title
 * may widen and then narrow (菱形) or only narrow (梯形), never widen again once it narrowed.
 * One that widened by a clear step and never narrowed is an inverted 梯形, refused at its last
 * line, which is also never longer than the line above it. Returns the new phase, or -1 when
 * a line of length L may not follow one of length prev. */
enum { WIDENING = 0, WIDENED = 1, NARROWING = 2, N_PHASES = 3 };
#define WIDEN_STEP 1.0 /* characters: a line one 字 longer than the one above still looks level */

static int shape_step(int phase, double prev, double L)
{
    if (phase == NARROWING)
        return L <= prev + SHAPE_TOLERANCE ? NARROWING : -1;
    if (L < prev - SHAPE_TOLERANCE)
        return NARROWING;
    return L > prev + WIDEN_STEP + 1e-6 ? WIDENED : phase;
}

static bool line_can_start(const search *s, size_t k, size_t i)
{
    return s->kmin[i] <= (int)k && (int)k <= s->kmax[i];
}

static double *memo_at(const search *s, size_t k, size_t i, size_t d, int phase)
{
    size_t row = s->koff[i] + (k - (size_t)s->kmin[i]);
    return &s->memo[(row * s->span + (d - 1)) * N_PHASES + (size_t)phase];
}

static double best_rest(search *s, size_t k, size_t i, size_t d, int phase);

/* Cost of line k running from pos[i] to pos[j], plus the best way to finish after it; prev is
 * the length of line k − 1 (characters) or negative for the first line. INFINITY if none. */
static double step_cost(search *s, size_t k, size_t i, size_t j, double prev, int phase)
{
    const lay_para *p = s->p;
    size_t n = s->n_lines, last = s->np - 1;
    double w = seg(s, s->pos[i], s->pos[j]);
    if (w > s->width + 1e-6)
        return INFINITY;
    double L = w / s->cell;
    int next = prev < 0 ? WIDENING : shape_step(phase, prev, L);
    if (next < 0)
        return INFINITY;
    double own = (L - s->mean) * (L - s->mean);
    if (k + 1 == n)
        return j == last && next != WIDENED && (prev < 0 || L <= prev + WIDEN_STEP + 1e-6)
                   ? own
                   : INFINITY;
    if (j == last || w < s->min_line || !line_can_start(s, k + 1, j) ||
        seg(s, s->pos[j], p->nu) > (double)(n - k - 1) * s->width + 1e-6)
        return INFINITY;
    return own + s->bcost[j] + best_rest(s, k + 1, j, j - i, next);
}

/* Least cost of lines k.. starting at pos[i], line k − 1 having started at pos[i − d]. */
static double best_rest(search *s, size_t k, size_t i, size_t d, int phase)
{
    double *m = memo_at(s, k, i, d, phase);
    if (!isnan(*m))
        return *m;
    double prev = seg(s, s->pos[i - d], s->pos[i]) / s->cell, best = INFINITY;
    for (size_t j = i + 1; j < s->np && j - i <= s->span; j++) {
        if (seg(s, s->pos[i], s->pos[j]) > s->width + 1e-6)
            break;
        best = fmin(best, step_cost(s, k, i, j, prev, phase));
    }
    *m = best;
    return best;
}

/* Sets up the memo for n lines; false when it would be unreasonably large. */
static bool search_prepare(search *s, size_t n)
{
    const lay_para *p = s->p;
    s->n_lines = n;
    s->mean = seg(s, 0, p->nu) / s->cell / (double)n;
    s->min_line = 0.4 * seg(s, 0, p->nu) / (double)n;
    double W = s->width + 1e-3;
    size_t rows = 0;
    for (size_t i = 0; i < s->np; i++) {
        /* k lines before pos[i], each at most W wide, hold its non-space units; so do the
         * n − k lines from it. */
        double before = s->ns[s->pos[i]], after = s->ns[p->nu] - before;
        double kmin = ceil(before / W - 1e-9), kmax = (double)n - ceil(after / W - 1e-9);
        s->kmin[i] = (int)fmax(kmin, i == 0 ? 0 : 1);
        s->kmax[i] = (int)fmin(kmax, (double)n - 1);
        s->koff[i] = rows;
        if (s->kmax[i] >= s->kmin[i])
            rows += (size_t)(s->kmax[i] - s->kmin[i] + 1);
    }
    size_t cells = rows * s->span * N_PHASES;
    if (cells > ((size_t)1 << 23)) /* 64 MB: a "title" of many pages; break it as a paragraph */
        return false;
    free(s->memo);
    s->memo = gw_xmalloc((cells ? cells : 1) * sizeof *s->memo);
    for (size_t c = 0; c < cells; c++)
        s->memo[c] = NAN;
    return true;
}

/* The best breaking into s->n_lines lines: its break indexes into pos (n − 1 of them) in out.
 * False when there is none. */
static bool search_run(search *s, size_t *out)
{
    size_t n = s->n_lines;
    double best = INFINITY;
    for (size_t j = 1; j < s->np && j <= s->span; j++)
        best = fmin(best, step_cost(s, 0, 0, j, -1, WIDENING));
    if (!isfinite(best))
        return false;
    /* Walk the optimum; among equal ways, the earliest breaks (as a search in order finds). */
    size_t i = 0, d = 0;
    int phase = WIDENING;
    double want = best;
    for (size_t k = 0; k + 1 < n; k++) {
        double prev = d ? seg(s, s->pos[i - d], s->pos[i]) / s->cell : -1;
        size_t j = 0;
        for (size_t q = i + 1; q < s->np && q - i <= s->span && !j; q++)
            if (step_cost(s, k, i, q, prev, phase) <= want + 1e-9 * fmax(1, fabs(want)))
                j = q;
        if (!j)
            return false; /* cannot happen: the optimum was reached */
        double L = seg(s, s->pos[i], s->pos[j]) / s->cell;
        phase = prev < 0 ? WIDENING : shape_step(phase, prev, L);
        out[k] = j;
        d = j - i;
        i = j;
        want = best_rest(s, k + 1, i, d, phase); /* memoised: exactly what was summed */
    }
    return true;
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
    /* an ordinal (第三, 第十二) keeps the word it counts: 第三季度, 第一批 */
    size_t j = b;
    while (j > 0 && in_list("一二三四五六七八九十百零〇", p->u[j - 1].cp))
        j--;
    if (j < b && j > 0 && p->u[j - 1].cp == 0x7B2C /* 第 */)
        return COST_DETACH;
    return 0;
}

/* Byte ranges of the organisations a title names: from its start, or after a U+3000, 、, 和, 与,
 * 及 or 暨, up to 关于 (or the next such separator), when that stretch ends like an office
 * (局, 委员会, 人民政府, 办公室, 领导小组 …). A line never breaks inside one. */
static const char *const ORG_SUFFIX[] = { "局", "厅", "委", "会", "府", "院", "室", "办", "处", "所",
                                          "中心", "公司", "集团", "大学", "党组", "小组", "部",
                                          "署", "司", "社", "馆", "站", "队" };

static bool ends_like_org(const char *t, size_t b, size_t e)
{
    for (size_t i = 0; i < sizeof ORG_SUFFIX / sizeof *ORG_SUFFIX; i++) {
        size_t n = strlen(ORG_SUFFIX[i]);
        if (e - b > n && !memcmp(t + e - n, ORG_SUFFIX[i], n))
            return true;
    }
    return false;
}

static unsigned char *org_names(const lay_para *p)
{
    unsigned char *in = gw_xcalloc(p->len + 1, 1);
    static const char *const seps[] = { "\u3000", "、", "和", "与", "及", "暨", "关于" };
    size_t start = 0;
    for (size_t i = 0; i <= p->len;) {
        size_t sep = 0;
        for (size_t k = 0; k < sizeof seps / sizeof *seps && i < p->len; k++)
            if (!strncmp(p->text + i, seps[k], strlen(seps[k])))
                sep = strlen(seps[k]);
        bool at_about = i < p->len && !strncmp(p->text + i, "关于", strlen("关于"));
        /* a conjunction inside a name (泉州市工业和信息化局) separates nothing: only one after
         * a stretch that ends like an office does */
        if (sep && strncmp(p->text + i, "\u3000", strlen("\u3000")) && !at_about &&
            !ends_like_org(p->text, start, i))
            sep = 0;
        if (sep || i == p->len) {
            /* only the stretch right before 关于 (or a separator before it) names issuers */
            if (ends_like_org(p->text, start, i) && (at_about || sep == strlen("\u3000") ||
                                                      i == p->len))
                memset(in + start + 1, 1, i - start - 1); /* breaks strictly inside */
            if (at_about)
                break; /* after 关于 comes the subject */
            start = i + sep;
            i += sep ? sep : 1;
            continue;
        }
        uint32_t cp;
        i += gw_utf8_decode(p->text + i, p->len - i, &cp);
    }
    /* … and the bodies a title sets up or names after 关于 (`成立科技创新工作领导小组的通知`):
     * back from such a suffix to the verb or mark before it */
    static const char *const bodies[] = { "领导小组", "工作小组", "委员会", "办公室", "指挥部", "工作组" };
    static const char *const stops[] = { "成立", "设立", "调整", "组建", "撤销", "关于", "印发", "的",
                                         "、", "和", "与", "及", "《", "\u3000" };
    for (size_t i = 0; i < p->len; i++)
        for (size_t k = 0; k < sizeof bodies / sizeof *bodies; k++) {
            size_t n = strlen(bodies[k]);
            if (strncmp(p->text + i, bodies[k], n))
                continue;
            size_t b = i, chars = 0;
            while (b > 0 && chars < 16) {
                bool stop = false;
                for (size_t q = 0; q < sizeof stops / sizeof *stops && !stop; q++) {
                    size_t m = strlen(stops[q]);
                    stop = b >= m && !memcmp(p->text + b - m, stops[q], m);
                }
                if (stop)
                    break;
                do
                    b--;
                while (b > 0 && ((unsigned char)p->text[b] & 0xC0) == 0x80);
                chars++;
            }
            if (b < i)
                memset(in + b + 1, 1, i + n - b - 1);
        }
    return in;
}

static bool text_ends_with(const char *t, size_t end, const char *suffix)
{
    size_t n = strlen(suffix);
    return end >= n && !memcmp(t + end - n, suffix, n);
}

/* Place names ICU's dictionary cuts wrong: `清源|市政府`, `云溪|县城|东片区` (a name of two
 * characters, then 市/县/区 read as the start of the next word: 市政府, 县城, 区委 …). The
 * name keeps its suffix: a boundary after the suffix, none before it. */
static void place_names(const lay_para *p, unsigned char *is_b)
{
    static const char *const WORDS[] = { "市政府", "县政府", "区政府", "省政府", "镇政府", "乡政府",
                                         "市委", "县委", "区委", "省委", "县城", "市区", "市直" };
    size_t w0 = 0; /* the current word's start */
    for (size_t i = 1; i < p->len; i++) {
        if (!is_b[i])
            continue;
        uint32_t first;
        gw_utf8_decode(p->text + w0, p->len - w0, &first);
        bool name = gw_utf8_count(p->text + w0, i - w0) == 2 && is_ideograph(first) &&
                    !in_list(FUNCTION_CHARS, first);
        for (size_t k = 0; name && k < sizeof WORDS / sizeof *WORDS; k++) {
            size_t n = strlen(WORDS[k]), suffix = strlen("市");
            if (i + n <= p->len && !strncmp(p->text + i, WORDS[k], n) && !is_b[i + suffix]) {
                is_b[i] = 0;
                is_b[i + suffix] = 1;
                break;
            }
        }
        w0 = i;
    }
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
    place_names(p, is_b);
    return is_b;
}

void lay_title_break(lay_ctx *c, lay_para *p, double width, const size_t *hints, size_t n_hints)
{
    p->nl = 0;
    if (!p->nu)
        return;
    search s = { .p = p, .width = width, .cell = p->cell };
    s.pre = gw_xmalloc((p->nu + 1) * sizeof *s.pre);
    s.ns = gw_xmalloc((p->nu + 1) * sizeof *s.ns);
    s.pre[0] = s.ns[0] = 0;
    for (size_t u = 0; u < p->nu; u++) {
        s.pre[u + 1] = s.pre[u] + p->u[u].width;
        s.ns[u + 1] = s.ns[u] + (p->u[u].kind == LAY_SPACE ? 0 : p->u[u].width);
    }
    double total = seg(&s, 0, p->nu);
    if (total <= width + 1e-6) {
        lay_line *l = lay_para_add_line(p, 0, p->nu, 0);
        l->indent = (width - l->width) / 2;
        free(s.pre);
        free(s.ns);
        return;
    }
    unsigned char *is_b = word_boundaries(p), *is_hint = gw_xcalloc(p->len + 1, 1);
    unsigned char *in_org = org_names(p);
    /* phrase boundaries ICU's dictionary may miss: after these verbs, around 关于 */
    static const char *const verbs[] = { "成立", "设立", "调整", "组建", "撤销", "印发", "转发", "关于" };
    for (size_t i = 0; i < p->len; i++)
        for (size_t k = 0; k < sizeof verbs / sizeof *verbs; k++)
            if (!strncmp(p->text + i, verbs[k], strlen(verbs[k]))) {
                is_b[i] = 1;
                if (i + strlen(verbs[k]) <= p->len)
                    is_b[i + strlen(verbs[k])] = 1;
            }
    for (size_t h = 0; h < n_hints; h++)
        if (hints[h] <= p->len)
            is_hint[hints[h]] = 1;
    s.pos = gw_xmalloc((p->nu + 1) * sizeof *s.pos);
    s.bcost = gw_xmalloc((p->nu + 1) * sizeof *s.bcost);
    s.pos[0] = 0;
    s.bcost[0] = 0;
    s.np = 1;
    int depth = 0;
    bool quoted = false;
    for (size_t b = 1; b < p->nu; b++) {
        const lay_unit *prev = &p->u[b - 1], *u = &p->u[b];
        if (prev->cp == 0x300A) /* 《 */
            depth++;
        if (prev->cp == 0x300B && depth > 0) /* 》 */
            depth--;
        if (prev->cp == 0x201C || prev->cp == 0x201D) /* “ ” */
            quoted = prev->cp == 0x201C;
        if (!is_b[u->b0] || !lay_can_break(p, b))
            continue;
        double cost = depth > 0 || quoted ? COST_INSIDE_QUOTE : 0;
        cost += attach_cost(p, is_b, b);
        if (in_org[u->b0])
            cost += COST_INSIDE_NAME;
        if (is_hint[u->b0])
            cost += COST_HINT;
        /* phrase boundaries: before 关于 and after it, after 的 and the conjunctions, around
         * 《》, after a U+3000 between issuers; elsewhere between two words of a longer term */
        bool natural = u->cp == 0x300A || prev->cp == 0x300B || prev->cp == 0x3000 ||
                       text_ends_with(p->text, u->b0, "关于") ||
                       !strncmp(p->text + u->b0, "关于", strlen("关于")) ||
                       prev->cp == 0x7684 /* 的 */ || prev->cp == 0x3001 /* 、 */ ||
                       in_list("和与及暨并", prev->cp) || in_list("和与及暨并", u->cp) ||
                       (u->cp == 0x7684 && gw_utf8_count(p->text + u->b0, p->len - u->b0) <= 5);
        if (natural)
            cost += COST_NATURAL;
        else if (prev->kind == LAY_CELL && u->kind == LAY_CELL && !in_list(FUNCTION_CHARS, u->cp) &&
                 !in_list(FUNCTION_CHARS, prev->cp))
            cost += COST_COMPOUND; /* 高新|技术企业, 组织|实施: a term, not a phrase boundary */
        s.pos[s.np] = b;
        s.bcost[s.np++] = cost;
    }
    s.pos[s.np] = p->nu;
    s.bcost[s.np++] = 0;
    /* How many breaks one line can step over (a line is at most one 版心 wide). */
    for (size_t i = 0, j = 1; i + 1 < s.np; i++) {
        if (j <= i)
            j = i + 1;
        while (j + 1 < s.np && seg(&s, s.pos[i], s.pos[j + 1]) <= width + 1e-6)
            j++;
        if (j - i > s.span)
            s.span = j - i;
    }
    s.kmin = gw_xmalloc(s.np * sizeof *s.kmin);
    s.kmax = gw_xmalloc(s.np * sizeof *s.kmax);
    s.koff = gw_xmalloc(s.np * sizeof *s.koff);
    size_t n0 = (size_t)ceil(total / width - 1e-9), *best = NULL;
    bool found = false;
    for (size_t n = n0 < 2 ? 2 : n0; n <= n0 + 2 && !found; n++) {
        if (!search_prepare(&s, n))
            break;
        best = gw_xrealloc(best, n * sizeof *best);
        found = search_run(&s, best);
    }
    if (found) {
        size_t prev = 0;
        for (size_t k = 0; k < s.n_lines; k++) {
            size_t end = k + 1 < s.n_lines ? s.pos[best[k]] : p->nu;
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
    free(is_hint);
    free(in_org);
    free(best);
    free(s.pos);
    free(s.bcost);
    free(s.pre);
    free(s.ns);
    free(s.kmin);
    free(s.kmax);
    free(s.koff);
    free(s.memo);
}
