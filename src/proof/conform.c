/* conform.c: the GB/T 9704-2012 conformance report of a laid-out document (gw_proof_conform).
 *
 * Owns: the rules of the standard that can be measured on a page, each measured on the element
 * boxes of the page list (measure.c) and compared with the numbers of the project's rules file
 * (the standard as layouts/ states it), with a tolerance of TOL_MM for positions: the standard's
 * own ±1 mm (§5.2.1, §6.1) is the printer's; the layout itself must be exact, so an element off
 * by half a millimetre fails. Rules whose element is absent do not apply and are not listed. */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gw_proof.h"

#define TOL_MM 0.25   /* positions and lengths */
#define TOL_PT 0.01   /* type sizes */
#define TOL_RULE 0.02 /* rule thickness, mm */
#define MM_PER_PT (25.4 / 72.0)

typedef struct {
    gw_proof *p;
    const gw_layout_spec *s;
    size_t cap;
} cx;

/* v rounded to 0.01, never "-0.00" */
static double r2(double v)
{
    double r = round(v * 100) / 100;
    return r == 0 ? 0 : r;
}

static void add(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
                int index, int page, bool pass, char *measured, char *required, char *tol)
{
    gw_proof *p = c->p;
    if (p->n_results == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 64;
        p->results = gw_xrealloc(p->results, c->cap * sizeof *p->results);
    }
    p->results[p->n_results++] = (gw_proof_result){ rule, clause, what, el, index, page,
                                                    measured, required, tol, pass };
    if (!pass)
        p->n_failed++;
}

/* measured = required ± tol, in mm */
static void near(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
                 int index, int page, double measured, double required)
{
    add(c, rule, clause, what, el, index, page, fabs(measured - required) <= TOL_MM + 1e-9,
        gw_asprintf("%.2f mm", r2(measured)), gw_asprintf("%.2f mm", r2(required)),
        gw_asprintf("±%.2f mm", TOL_MM));
}

/* lo ≤ measured < hi (within the tolerance), in mm */
static void within(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
                   int index, int page, double measured, double lo, double hi)
{
    bool pass = measured >= lo - TOL_MM - 1e-9 && measured <= hi + TOL_MM + 1e-9;
    add(c, rule, clause, what, el, index, page, pass, gw_asprintf("%.2f mm", r2(measured)),
        isinf(hi) ? gw_asprintf("≥ %.2f mm", lo) : gw_asprintf("%.2f..%.2f mm", lo, hi),
        gw_asprintf("±%.2f mm", TOL_MM));
}

static void size_is(cx *c, const char *rule, const char *clause, const char *what,
                    const gw_proof_box *b, double required)
{
    add(c, rule, clause, what, b->element, b->index, b->page, fabs(b->size - required) <= TOL_PT,
        gw_asprintf("%.2f pt", b->size), gw_asprintf("%.2f pt", required),
        gw_asprintf("±%.2f pt", TOL_PT));
}

static void font_is(cx *c, const char *rule, const char *clause, const char *what,
                    const gw_proof_box *b, gw_font_role role)
{
    const gw_face *f = b->face >= 0 ? gw_fontset_face(c->p->fs, b->face) : NULL;
    bool pass = f && f->role == role;
    add(c, rule, clause, what, b->element, b->index, b->page, pass,
        gw_asprintf("%s (%s)", f ? gw_role_name(f->role) : "none", f ? f->family : ""),
        gw_strdup(gw_role_name(role)), gw_strdup("the role's face"));
}

static void color_is(cx *c, const char *rule, const char *clause, const char *what,
                     const gw_proof_box *b, gw_color want)
{
    static const char *const names[] = { "black", "red" };
    add(c, rule, clause, what, b->element, b->index, b->page, b->color == want,
        gw_strdup(names[b->color == GW_COLOR_RED]), gw_strdup(names[want == GW_COLOR_RED]),
        gw_strdup("exact"));
}

static void holds(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
                  int index, int page, bool pass, const char *measured, const char *required)
{
    add(c, rule, clause, what, el, index, page, pass, gw_strdup(measured), gw_strdup(required),
        gw_strdup("exact"));
}

/* ---- geometry of the standard ---- */

static double area_left(const cx *c, int page)
{
    const gw_layout_spec *s = c->s;
    bool even = page % 2 == 0;
    return even && s->mirror_even ? s->paper_w - s->binding_margin - s->area_w : s->binding_margin;
}

static double area_right(const cx *c, int page)
{
    return area_left(c, page) + c->s->area_w;
}

static double area_centre(const cx *c, int page)
{
    return area_left(c, page) + c->s->area_w / 2;
}

static double area_bottom(const cx *c)
{
    return c->s->top_margin + c->s->area_h;
}

/* Top of the em box of a 3号 line on grid line i (0-based). */
static double grid_top(const cx *c, int i)
{
    return c->s->top_margin + i * c->s->line_pitch;
}

/* The grid line whose em-box top is nearest y. */
static int grid_index(const cx *c, double y)
{
    return (int)lround((y - c->s->top_margin) / c->s->line_pitch);
}

/* Top of the 3号 grid em box a line of another size is centred on. */
static double grid_em_top(const cx *c, const gw_proof_line *l)
{
    return l->em_y0 + (l->size - c->s->text_size) / 2 * MM_PER_PT;
}

/* ---- finding elements ---- */

static const gw_proof_box *box(const gw_proof *p, gw_element el, int index)
{
    for (size_t i = 0; i < p->n_boxes; i++)
        if (p->boxes[i].element == el && (index < 0 || p->boxes[i].index == index))
            return &p->boxes[i];
    return NULL;
}

static const gw_proof_box *last_box(const gw_proof *p, gw_element el)
{
    for (size_t i = p->n_boxes; i-- > 0;)
        if (p->boxes[i].element == el)
            return &p->boxes[i];
    return NULL;
}

static const gw_proof_line *first_line(const gw_proof *p, gw_element el, int index)
{
    for (size_t i = 0; i < p->n_lines; i++)
        if (p->lines[i].element == el && (index < 0 || p->lines[i].index == index))
            return &p->lines[i];
    return NULL;
}

static const gw_proof_line *last_line(const gw_proof *p, gw_element el, int index)
{
    for (size_t i = p->n_lines; i-- > 0;)
        if (p->lines[i].element == el && (index < 0 || p->lines[i].index == index))
            return &p->lines[i];
    return NULL;
}

/* The line of text just above l on its page (any element of the flow), or NULL. */
static const gw_proof_line *line_above(const cx *c, const gw_proof_line *l)
{
    const gw_proof_line *best = NULL;
    for (size_t i = 0; i < c->p->n_lines; i++) {
        const gw_proof_line *o = &c->p->lines[i];
        if (o->page != l->page || o->element == GW_EL_PAGE_NUMBER || o == l ||
            o->em_y0 >= l->em_y0 - 1e-6)
            continue;
        if (!best || o->em_y0 > best->em_y0)
            best = o;
    }
    return best;
}

static bool is_flow_text(gw_element e)
{
    switch (e) {
    case GW_EL_COPY_NUMBER: case GW_EL_SECRECY: case GW_EL_URGENCY: case GW_EL_DOC_NUMBER:
    case GW_EL_SIGNER: case GW_EL_ADDRESSEE: case GW_EL_BODY: case GW_EL_HEADING:
    case GW_EL_TABLE: case GW_EL_ATTACHMENT_NOTE: case GW_EL_SIGNATURE:
    case GW_EL_SIGNATORY_TITLE: case GW_EL_DATE: case GW_EL_NOTE: case GW_EL_ATTENDANCE:
    case GW_EL_NO_TEXT_NOTE: case GW_EL_ANNEX_LABEL: case GW_EL_ANNEX_BODY:
        return true;
    default:
        return false;
    }
}

/* ---- the rules ---- */

static void page_rules(cx *c)
{
    const gw_proof *p = c->p;
    double worst = 0;
    int worst_page = 1;
    for (size_t i = 0; i < p->pl->n_pages; i++) {
        const gw_page *pg = &p->pl->pages[i];
        double d = fmax(fabs(pg->width * MM_PER_PT - c->s->paper_w),
                        fabs(pg->height * MM_PER_PT - c->s->paper_h));
        if (d > worst)
            worst = d, worst_page = (int)i + 1;
    }
    const gw_page *pg = &p->pl->pages[worst_page - 1];
    add(c, "paper-size", "§5.1", "A4 paper, 210 × 297 mm", GW_EL_NONE, 0, worst_page,
        worst <= 0.1, gw_asprintf("%.2f × %.2f mm", pg->width * MM_PER_PT, pg->height * MM_PER_PT),
        gw_asprintf("%.2f × %.2f mm", c->s->paper_w, c->s->paper_h), gw_strdup("±0.10 mm"));

    /* every element inside the 版心 (the page number sits below it by design) */
    for (int e = 1; e < GW_EL_COUNT; e++) {
        if (e == GW_EL_PAGE_NUMBER)
            continue;
        double out = -INFINITY;
        const gw_proof_box *wb = NULL;
        for (size_t i = 0; i < p->n_boxes; i++) {
            const gw_proof_box *b = &p->boxes[i];
            if ((int)b->element != e)
                continue;
            double L = area_left(c, b->page), R = area_right(c, b->page);
            /* em boxes: a glyph's ink may stray a little outside its em box by design */
            double o = fmax(fmax(L - b->x0, b->x1 - R),
                            fmax(c->s->top_margin - b->y0, b->y1 - area_bottom(c)));
            if (b->is_rule) /* a rule's stroke may straddle the 版心 edge (the 版记's last) */
                o = fmax(fmax(L - b->x0, b->x1 - R),
                         fmax(c->s->top_margin - (b->y0 + b->y1) / 2,
                              (b->y0 + b->y1) / 2 - area_bottom(c)));
            if (o > out)
                out = o, wb = b;
        }
        if (!wb)
            continue;
        add(c, "type-area", "§5.2.1", "inside the 版心 (156 × 225 mm, 天头 37 mm, 订口 28 mm)",
            wb->element, wb->index, wb->page, out <= TOL_MM + 1e-9,
            gw_asprintf("%.2f mm %s", fabs(out), out > 0 ? "outside" : "inside"),
            gw_strdup("inside"), gw_asprintf("±%.2f mm", TOL_MM));
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Every line of 3号 text of the flow on the grid: its em box on one of the 22 line positions. */
static void grid_rules(cx *c)
{
    const gw_proof *p = c->p;
    for (int e = 1; e < GW_EL_COUNT; e++) {
        if (!is_flow_text((gw_element)e))
            continue;
        double worst = -1, at = 0;
        const gw_proof_line *wl = NULL;
        for (size_t i = 0; i < p->n_lines; i++) {
            const gw_proof_line *l = &p->lines[i];
            if ((int)l->element != e || fabs(l->size - c->s->text_size) > TOL_PT)
                continue;
            double g = grid_top(c, grid_index(c, l->em_y0));
            double d = fabs(l->em_y0 - g);
            if (d > worst)
                worst = d, wl = l, at = g;
        }
        if (!wl)
            continue;
        near(c, "grid-line", "§5.2.3", "每面22行: every line's em box on a grid line",
             wl->element, wl->index, wl->page, wl->em_y0, at);
    }
    /* 28 字 a line: the pitch of two Chinese characters side by side in the last line of a
     * paragraph of 正文 (the other lines are justified, or squeezed to pull a character up) */
    double *steps = NULL;
    size_t n = 0, cap = 0;
    const gw_proof_line *any = NULL;
    for (size_t i = 0; i < p->pl->n_pages; i++) {
        const gw_page *pg = &p->pl->pages[i];
        for (size_t r = 0; r < pg->n_runs; r++) {
            const gw_glyph_run *run = &pg->runs[r];
            if (run->tag.element != GW_EL_BODY || fabs(run->size - c->s->text_size) > TOL_PT ||
                !run->text)
                continue;
            const gw_proof_line *last = last_line(p, GW_EL_BODY, run->tag.index);
            if (!last || last->page != (int)i + 1 ||
                fabs(last->baseline - run->baseline * MM_PER_PT) > 0.01)
                continue;
            size_t len = strlen(run->text);
            for (size_t g = 1; g < run->n_glyphs; g++) {
                uint32_t a = 0, b = 0;
                if (run->glyphs[g - 1].cluster < len)
                    gw_utf8_decode(run->text + run->glyphs[g - 1].cluster,
                                   len - run->glyphs[g - 1].cluster, &a);
                if (run->glyphs[g].cluster < len)
                    gw_utf8_decode(run->text + run->glyphs[g].cluster,
                                   len - run->glyphs[g].cluster, &b);
                if (!gw_is_han(a) || !gw_is_han(b))
                    continue;
                if (n == cap)
                    steps = gw_xrealloc(steps, (cap = cap ? 2 * cap : 256) * sizeof *steps);
                steps[n++] = (run->glyphs[g].x - run->glyphs[g - 1].x) * MM_PER_PT;
            }
        }
    }
    any = first_line(p, GW_EL_BODY, -1);
    if (n && any) {
        /* the usual pitch (justification widens a few lines a little) */
        qsort(steps, n, sizeof *steps, cmp_double);
        double median = steps[n / 2];
        add(c, "chars-per-line", "§5.2.3", "每行28个字: 156 mm / 28 = one character pitch",
            GW_EL_BODY, any->index, any->page,
            fabs(median - c->s->area_w / c->s->chars_per_line) <= 0.02,
            gw_asprintf("%.3f mm", median),
            gw_asprintf("%.3f mm", c->s->area_w / c->s->chars_per_line), gw_strdup("±0.020 mm"));
    }
    free(steps);
}

/* Paragraphs: first line indented 2 字, continuation lines flush left. */
static void indent_rules(cx *c, gw_element el)
{
    const gw_proof *p = c->p;
    double worst_first = -1, worst_rest = -1, m_first = 0, m_rest = 0, r_first = 0;
    const gw_proof_line *wf = NULL, *wr = NULL;
    for (size_t i = 0; i < p->n_lines; i++) {
        const gw_proof_line *l = &p->lines[i];
        if (l->element != el || fabs(l->size - c->s->text_size) > TOL_PT)
            continue;
        /* an annex's paragraphs share one tag: its lines start flush or 2 字 in */
        const gw_proof_line *f = el == GW_EL_ANNEX_BODY ? NULL : first_line(p, el, l->index);
        double x = l->x0 - area_left(c, l->page);
        /* a glyph narrower than its cell is centred in it: measure the cell */
        double cell_x = x - (c->s->cell - l->size * MM_PER_PT) / 2;
        double d;
        if (l == f) {
            double want = c->s->paragraph_indent * c->s->cell;
            d = fmin(fabs(x - want), fabs(cell_x - want));
            if (d > worst_first)
                worst_first = d, wf = l, m_first = fabs(x - want) < fabs(cell_x - want) ? x : cell_x,
                r_first = want;
        } else {
            double want = 0;
            if (!f && fabs(x - c->s->paragraph_indent * c->s->cell) < fabs(x))
                want = c->s->paragraph_indent * c->s->cell;
            d = fmin(fabs(x - want), fabs(cell_x - want));
            if (d > worst_rest)
                worst_rest = d, wr = l, m_rest = (fabs(x - want) < fabs(cell_x - want) ? x : cell_x) - want;
        }
    }
    if (wf)
        near(c, "paragraph-indent", "§7.3.3", "first line 左空二字 (2 字 from the 版心's left)",
             wf->element, wf->index, wf->page, m_first, r_first);
    if (wr)
        near(c, "paragraph-flush", "§7.3.3", "continuation lines 回行顶格 (at the 版心's left)",
             wr->element, wr->index, wr->page, m_rest, 0);
}

static void header_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    static const gw_element tops[3] = { GW_EL_COPY_NUMBER, GW_EL_SECRECY, GW_EL_URGENCY };
    static const char *const clauses[3] = { "§7.2.1", "§7.2.2", "§7.2.3" };
    int line = 0;
    for (int i = 0; i < 3; i++) {
        const gw_proof_line *l = first_line(p, tops[i], -1);
        if (!l)
            continue;
        near(c, "header-line", clauses[i], "份号, 密级, 紧急程度 on grid lines 1–3, in order",
             l->element, l->index, l->page, l->em_y0, grid_top(c, line));
        near(c, "header-flush-left", clauses[i], "顶格: at the 版心's left", l->element, l->index,
             l->page, l->x0 - area_left(c, l->page) - (s->cell - l->size * MM_PER_PT) / 2 *
                                                        (l->first_cp >= 0x2E80),
             0);
        line++;
    }

    const gw_proof_box *mark = box(p, GW_EL_ISSUER_MARK, -1);
    if (mark) {
        double top = s->mark_top_ink ? mark->ink_y0 : mark->y0;
        double want = s->top_margin + s->mark_top, y_from = s->top_margin;
        const char *clause = "§7.2.4", *what = "上边缘 35 mm below the 版心 top";
        if (p->doc->format == GW_FORMAT_LETTER)
            want = 30, y_from = 0, clause = "§10.1", what = "信函: 上边缘 30 mm below the sheet top";
        else if (p->doc->format == GW_FORMAT_ORDER)
            want = s->top_margin + 20, clause = "§10.2", what = "命令: 上边缘 20 mm below the 版心 top";
        (void)y_from;
        near(c, "issuer-mark-top", clause, what, mark->element, mark->index, mark->page, top, want);
        near(c, "issuer-mark-centred", "§7.2.4", "居中 on the 版心", mark->element, mark->index,
             mark->page, (mark->x0 + mark->x1) / 2, area_centre(c, mark->page));
        within(c, "issuer-mark-width", "§7.2.4", "no wider than the 版心", mark->element,
               mark->index, mark->page, mark->x1 - mark->x0, 0, s->area_w);
        color_is(c, "issuer-mark-colour", "§7.2.4", "红色", mark, GW_COLOR_RED);
    }

    const gw_proof_box *docno = box(p, GW_EL_DOC_NUMBER, -1);
    const gw_proof_line *dl = first_line(p, GW_EL_DOC_NUMBER, -1);
    bool upward = p->doc->n_signers > 0;
    if (docno && dl) {
        /* 上行文: the first line of the 签发人 block is the one 空二行 below; the 发文字号 sits on
         * its last line (§7.2.5, §7.2.6) */
        const gw_proof_line *first = upward && first_line(p, GW_EL_SIGNER, -1)
                                         ? first_line(p, GW_EL_SIGNER, -1)
                                         : dl;
        if (mark) {
            double bottom = s->mark_top_ink ? mark->ink_y1 : mark->y1;
            double gap = s->doc_number_gap_lines * s->line_pitch;
            within(c, "doc-number-gap", "§7.2.5",
                   upward ? "签发人 (its first line) 空二行 below the 发文机关标志"
                          : "空二行 below the 发文机关标志 (on the next grid line)",
                   first->element, first->index, first->page, first->em_y0 - bottom, gap,
                   gap + s->line_pitch);
        }
        if (upward)
            near(c, "doc-number-left", "§7.2.5", "上行文: 居左空一字", docno->element, docno->index,
                 docno->page, dl->x0 - area_left(c, dl->page) -
                                  (s->cell - dl->size * MM_PER_PT) / 2 * (dl->first_cp >= 0x2E80),
                 s->signer_indent * s->cell);
        else
            near(c, "doc-number-centred", "§7.2.5", "居中", docno->element, docno->index,
                 docno->page, (docno->x0 + docno->x1) / 2, area_centre(c, docno->page));
        size_is(c, "doc-number-size", "§7.2.5", "3号", docno, s->text_size);
        font_is(c, "doc-number-font", "§7.2.5", "仿宋", docno, s->doc_number_role);
    }
    const gw_proof_box *signer = box(p, GW_EL_SIGNER, -1);
    if (signer) {
        double right = -INFINITY;
        for (size_t i = 0; i < p->n_boxes; i++)
            if (p->boxes[i].element == GW_EL_SIGNER)
                right = fmax(right, p->boxes[i].x1);
        /* the last glyph's em box hangs past its cell by half the difference */
        near(c, "signer-right", "§7.2.6", "签发人 居右空一字", signer->element, signer->index,
             signer->page, area_right(c, signer->page) - right +
                               (c->s->text_size * MM_PER_PT - s->cell) / 2,
             s->signer_indent * s->cell);
        const gw_proof_line *sl = last_line(p, GW_EL_SIGNER, -1);
        if (dl && sl)
            near(c, "signer-doc-number-line", "§7.2.5", "发文字号 on the line of the last 签发人",
                 GW_EL_DOC_NUMBER, 0, dl->page, dl->baseline, sl->baseline);
    }

    const gw_proof_box *rule = NULL;
    for (size_t i = 0; i < p->n_boxes; i++)
        if (p->boxes[i].element == GW_EL_HEADER_RULE && p->boxes[i].is_rule) {
            rule = &p->boxes[i];
            break;
        }
    if (rule) {
        double y = (rule->y0 + rule->y1) / 2;
        if (docno) {
            const gw_proof_line *last = last_line(p, GW_EL_DOC_NUMBER, -1);
            near(c, "header-rule-gap", "§7.2.7", "发文字号之下4 mm 处 (below its em box)",
                 rule->element, rule->index, rule->page, y - last->em_y1, s->red_rule_gap);
        }
        near(c, "header-rule-left", "§7.2.7", "与版心等宽: starts at the 版心's left", rule->element,
             rule->index, rule->page, rule->x0, area_left(c, rule->page));
        near(c, "header-rule-length", "§7.2.7", "与版心等宽: 156 mm", rule->element, rule->index,
             rule->page, rule->x1 - rule->x0, s->area_w);
        color_is(c, "header-rule-colour", "§7.2.7", "红色", rule, GW_COLOR_RED);

        const gw_proof_line *t = first_line(p, GW_EL_TITLE, -1);
        if (t && t->page == rule->page) {
            double gap = s->title_gap_lines * s->line_pitch;
            within(c, "title-gap", "§7.3.1", "红色分隔线下空二行 (on the next grid line)", t->element,
                   t->index, t->page, grid_em_top(c, t) - y, gap, gap + s->line_pitch);
        }
    }
}

static void body_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    /* 标题 */
    for (size_t i = 0; i < p->n_lines; i++) {
        const gw_proof_line *l = &p->lines[i];
        if (l->element != GW_EL_TITLE && l->element != GW_EL_ANNEX_TITLE)
            continue;
        near(c, "title-centred", "§7.3.1", "居中 (each line)", l->element, l->index, l->page,
             (l->x0 + l->x1) / 2, area_centre(c, l->page));
    }
    const gw_proof_box *title = box(p, GW_EL_TITLE, -1);
    if (title) {
        size_is(c, "title-size", "§7.3.1", "2号", title, s->title_size);
        font_is(c, "title-font", "§7.3.1", "小标宋", title, s->title_role);
        color_is(c, "title-colour", "§5.2.4", "black", title, GW_COLOR_BLACK);
    }
    const gw_proof_line *a = first_line(p, GW_EL_ADDRESSEE, -1);
    const gw_proof_line *tl = last_line(p, GW_EL_TITLE, -1);
    if (a) {
        if (tl && tl->page == a->page)
            near(c, "addressee-gap", "§7.3.2", "标题下空一行", a->element, a->index, a->page,
                 a->em_y0 - grid_em_top(c, tl), (s->addressee_gap_lines + 1) * s->line_pitch);
        near(c, "addressee-flush-left", "§7.3.2", "居左顶格", a->element, a->index, a->page,
             a->x0 - area_left(c, a->page) -
                 (s->cell - a->size * MM_PER_PT) / 2 * (a->first_cp >= 0x2E80),
             0);
    }
    /* 公文首页必须显示正文 */
    bool body_on_1 = false;
    for (size_t i = 0; i < p->n_lines && !body_on_1; i++)
        body_on_1 = p->lines[i].page == 1 &&
                    (p->lines[i].element == GW_EL_BODY || p->lines[i].element == GW_EL_HEADING);
    if (box(p, GW_EL_BODY, -1) || box(p, GW_EL_HEADING, -1))
        holds(c, "first-page-body", "§7.3.3", "首页必须显示正文", GW_EL_BODY, 0, 1, body_on_1,
              body_on_1 ? "正文 on page 1" : "no 正文 on page 1", "正文 on page 1");
    indent_rules(c, GW_EL_BODY);
    indent_rules(c, GW_EL_HEADING);
    indent_rules(c, GW_EL_ANNEX_BODY);

    /* faces and sizes: 正文 3号仿宋, headings by level */
    const gw_proof_box *b = box(p, GW_EL_BODY, -1);
    if (b) {
        size_is(c, "body-size", "§7.3.3", "3号", b, s->text_size);
        font_is(c, "body-font", "§7.3.3", "仿宋", b, s->body_role);
        color_is(c, "body-colour", "§5.2.4", "black", b, GW_COLOR_BLACK);
    }
    bool seen[4] = { false };
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *h = &p->boxes[i];
        if (h->element != GW_EL_HEADING || h->index < 0 || (size_t)h->index >= p->doc->body.n)
            continue;
        int lv = p->doc->body.items[h->index].level;
        if (lv < 1 || lv > 4 || seen[lv - 1])
            continue;
        seen[lv - 1] = true;
        static const char *const what[4] = { "一级标题 (一、) 黑体", "二级标题 (（一）) 楷体",
                                             "三级标题 (1.) 仿宋", "四级标题 (（1）) 仿宋" };
        font_is(c, "heading-font", "§7.3.3", what[lv - 1], h, s->heading_role[lv - 1]);
        size_is(c, "heading-size", "§7.3.3", "3号", h, s->text_size);
    }

    /* 附件说明: 正文下空一行, 左空二字 */
    const gw_proof_line *an = first_line(p, GW_EL_ATTACHMENT_NOTE, 0);
    if (an) {
        const gw_proof_line *above = line_above(c, an);
        if (above && above->element != GW_EL_ATTACHMENT_NOTE)
            near(c, "attachment-note-gap", "§7.3.4", "正文下空一行", an->element, an->index,
                 an->page, an->em_y0 - above->em_y0,
                 (s->attachment_note_gap_lines + 1) * s->line_pitch);
        near(c, "attachment-note-indent", "§7.3.4", "左空二字", an->element, an->index, an->page,
             an->x0 - area_left(c, an->page) - (s->cell - an->size * MM_PER_PT) / 2,
             s->attachment_note_indent * s->cell);
    }
}

/* 署名 and 成文日期 without a seal (§7.3.5.2). */
static void closing_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    const gw_proof_line *sig = first_line(p, GW_EL_SIGNATURE, -1);
    const gw_proof_line *date = first_line(p, GW_EL_DATE, -1);
    double half = 0; /* a CJK glyph's em box hangs past its cell on both sides */
    if (sig) {
        half = (sig->size * MM_PER_PT - s->cell) / 2;
        const gw_proof_line *above = line_above(c, sig);
        if (above)
            within(c, "signature-gap", "§7.3.5.2", "在正文（或附件说明）下空一行", sig->element,
                   sig->index, sig->page, sig->em_y0 - above->em_y0,
                   (s->signature_gap_lines + 1) * s->line_pitch, INFINITY);
        double w_sig = -INFINITY, x_sig = INFINITY;
        for (size_t i = 0; i < p->n_lines; i++)
            if (p->lines[i].element == GW_EL_SIGNATURE) {
                w_sig = fmax(w_sig, p->lines[i].x1);
                x_sig = fmin(x_sig, p->lines[i].x0);
            }
        double right = area_right(c, sig->page);
        double R_sig = (right - w_sig + half) / s->cell;
        double want = s->signature_right_indent;
        if (date) {
            /* R_sig = max(2, w_date − w_sig + 4) (spec 3.5(c)), widths in 字 */
            double wd = (date->x1 - date->x0 - 2 * half) / s->cell;
            double ws = (w_sig - x_sig - 2 * half) / s->cell;
            want = fmax(s->signature_right_indent,
                        wd - ws + s->signature_right_indent + s->date_offset);
        }
        near(c, "signature-right", "§7.3.5.2", "署名 右空二字 (more when the date is longer)",
             sig->element, sig->index, sig->page, R_sig * s->cell, want * s->cell);
        size_is(c, "signature-size", "§5.2.2", "3号", box(p, GW_EL_SIGNATURE, -1), s->text_size);
    }
    if (date) {
        if (sig) {
            const gw_proof_line *sl = last_line(p, GW_EL_SIGNATURE, -1);
            if (sl->page == date->page)
                near(c, "date-below-signature", "§7.3.5.2", "成文日期 on the line below the 署名",
                     date->element, date->index, date->page, date->em_y0 - sl->em_y0,
                     s->line_pitch);
            near(c, "date-offset", "§7.3.5.2", "成文日期 首字比署名首字右移二字", date->element,
                 date->index, date->page, date->x0 - sig->x0, s->date_offset * s->cell);
        }
        within(c, "date-right", "§7.3.5.2", "成文日期 右空二字 or more", date->element,
               date->index, date->page,
               area_right(c, date->page) - date->x1 + (date->size * MM_PER_PT - s->cell) / 2,
               s->signature_right_indent * s->cell, INFINITY);
        size_is(c, "date-size", "§5.2.2", "3号", box(p, GW_EL_DATE, -1), s->text_size);
    }
    const gw_proof_line *note = first_line(p, GW_EL_NOTE, -1);
    if (note) {
        const gw_proof_line *above = line_above(c, note);
        if (above && (above->element == GW_EL_DATE || above->element == GW_EL_SIGNATURE))
            near(c, "note-below-date", "§7.3.6", "附注 on the line after the 成文日期", note->element,
                 note->index, note->page, note->em_y0 - above->em_y0, s->line_pitch);
        near(c, "note-indent", "§7.3.6", "居左空二字", note->element, note->index, note->page,
             note->x0 - area_left(c, note->page) - (s->cell - note->size * MM_PER_PT) / 2,
             s->note_indent * s->cell);
    }
    /* a 署名 or 成文日期 the document has must be on the pages */
    if (p->doc->date.text && !date)
        holds(c, "date-present", "§7.3.5", "成文日期 printed", GW_EL_DATE, 0, (int)p->n_pages,
              false, "missing", "printed");
}

/* 附件 (§7.3.7): each on a new page, `附件N` 3号黑体 flush left on line 1, title centred on line 3. */
static void annex_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *b = &p->boxes[i];
        if (b->element != GW_EL_ANNEX_LABEL)
            continue;
        const gw_proof_line *l = first_line(p, GW_EL_ANNEX_LABEL, b->index);
        near(c, "annex-label-line", "§7.3.7", "附件N 在版心左上角第一行", b->element, b->index,
             b->page, l->em_y0, grid_top(c, s->attachment_label_line - 1));
        near(c, "annex-label-left", "§7.3.7", "顶格", b->element, b->index, b->page,
             l->x0 - area_left(c, l->page) - (s->cell - l->size * MM_PER_PT) / 2, 0);
        font_is(c, "annex-label-font", "§7.3.7", "3号黑体", b, s->annex_label_role);
        /* 另面编排: nothing of the document's other parts above it on its page */
        bool alone = true;
        for (size_t k = 0; k < p->n_boxes; k++) {
            const gw_proof_box *o = &p->boxes[k];
            if (o->page == b->page && o != b && o->element != GW_EL_PAGE_NUMBER &&
                o->element != GW_EL_ANNEX_TITLE && o->element != GW_EL_ANNEX_BODY &&
                o->element != GW_EL_COLOPHON_RULE && o->element != GW_EL_CC &&
                o->element != GW_EL_PRINTER && o->element != GW_EL_PRINT_DATE &&
                o->element != GW_EL_DISTRIBUTE && o->element != GW_EL_COLOPHON_MAIN_TO)
                alone = false;
        }
        holds(c, "annex-new-page", "§7.3.7", "附件另面编排", b->element, b->index, b->page, alone,
              alone ? "starts a page" : "shares a page with the text before it", "starts a page");
        const gw_proof_line *t = first_line(p, GW_EL_ANNEX_TITLE, b->index);
        if (t && t->page == b->page)
            near(c, "annex-title-line", "§7.3.7", "附件标题 居中排布在版心第三行", t->element,
                 t->index, t->page, grid_em_top(c, t), grid_top(c, s->attachment_title_line - 1));
    }
}

/* 版记 (§7.4) */
static void colophon_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    const gw_proof_box *first = NULL, *last = NULL;
    size_t n = 0;
    for (size_t i = 0; i < p->n_boxes; i++)
        if (p->boxes[i].element == GW_EL_COLOPHON_RULE) {
            if (!first)
                first = &p->boxes[i];
            last = &p->boxes[i];
            n++;
        }
    if (!last)
        return;
    double w_last = last->size * MM_PER_PT, w_first = first->size * MM_PER_PT;
    near(c, "colophon-last-rule", "§7.4.1", "最后一条分隔线与版心下边缘重合", last->element,
         last->index, last->page, (last->y0 + last->y1) / 2, area_bottom(c));
    add(c, "colophon-rule-thick", "§7.4.1", "首条和末条分隔线用粗线 (0.35 mm)", last->element,
        last->index, last->page,
        fabs(w_last - s->thick_rule) <= TOL_RULE && fabs(w_first - s->thick_rule) <= TOL_RULE,
        gw_asprintf("%.2f / %.2f mm", w_first, w_last), gw_asprintf("%.2f mm", s->thick_rule),
        gw_asprintf("±%.2f mm", TOL_RULE));
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *r = &p->boxes[i];
        if (r->element != GW_EL_COLOPHON_RULE)
            continue;
        if (r != first && r != last)
            add(c, "colophon-rule-thin", "§7.4.1", "中间的分隔线用细线 (0.25 mm)", r->element,
                r->index, r->page, fabs(r->size * MM_PER_PT - s->thin_rule) <= TOL_RULE,
                gw_asprintf("%.2f mm", r->size * MM_PER_PT), gw_asprintf("%.2f mm", s->thin_rule),
                gw_asprintf("±%.2f mm", TOL_RULE));
        near(c, "colophon-rule-length", "§7.4.1", "分隔线与版心等宽", r->element, r->index, r->page,
             r->x1 - r->x0, s->area_w);
    }
    if (s->colophon_even_page)
        holds(c, "colophon-even-page", "§7.4", "版记在公文最后一面 (an even page, the back of the sheet)",
              last->element, last->index, last->page, last->page % 2 == 0 && (size_t)last->page == p->n_pages,
              last->page % 2 == 0 ? "even page" : "odd page", "even last page");
    double indent = s->colophon_indent * s->colophon_size * MM_PER_PT;
    static const gw_element left_els[] = { GW_EL_COLOPHON_MAIN_TO, GW_EL_CC, GW_EL_DISTRIBUTE,
                                           GW_EL_PRINTER };
    for (size_t k = 0; k < sizeof left_els / sizeof *left_els; k++) {
        const gw_proof_box *b = box(p, left_els[k], -1);
        if (!b)
            continue;
        near(c, "colophon-indent-left", "§7.4.2", "左空一字 (4号)", b->element, b->index, b->page,
             b->x0 - area_left(c, b->page), indent);
        size_is(c, "colophon-size", "§7.4.2", "4号", b, s->colophon_size);
        font_is(c, "colophon-font", "§7.4.2", "仿宋", b, s->colophon_role);
    }
    const gw_proof_box *pd = box(p, GW_EL_PRINT_DATE, -1);
    if (pd) {
        near(c, "print-date-right", "§7.4.3", "印发日期 右空一字 (4号)", pd->element, pd->index,
             pd->page, area_right(c, pd->page) - pd->x1, indent);
        size_is(c, "colophon-size", "§7.4.3", "4号", pd, s->colophon_size);
    }
}

/* 页码 (§7.5): 4号半角宋体, 一字线 7 mm below the 版心, odd pages 右空一字, even 左空一字. */
static void page_number_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    for (size_t i = 0; i < p->pl->n_pages; i++) {
        const gw_page *pg = &p->pl->pages[i];
        const gw_glyph_run *dash = NULL;
        for (size_t r = 0; r < pg->n_runs && !dash; r++)
            if (pg->runs[r].tag.element == GW_EL_PAGE_NUMBER && pg->runs[r].n_glyphs)
                dash = &pg->runs[r];
        int page = (int)i + 1;
        if (p->doc->format == GW_FORMAT_LETTER && page == 1) {
            holds(c, "page-number-letter", "§10.1", "信函格式首页不显示页码", GW_EL_PAGE_NUMBER, 0, 1,
                  !dash, dash ? "numbered" : "not numbered", "not numbered");
            continue;
        }
        if (!dash)
            continue;
        const gw_proof_box *b = NULL;
        for (size_t k = 0; k < p->n_boxes && !b; k++)
            if (p->boxes[k].page == page && p->boxes[k].element == GW_EL_PAGE_NUMBER)
                b = &p->boxes[k];
        /* the stroke of the first dash: its ink centre, or the middle of its em box */
        double x0, x1, y0, y1, mid;
        const gw_face *f = gw_fontset_face(p->fs, dash->face);
        if (s->page_number_dash_ink &&
            gw_glyph_ink(p->fs, dash->face, dash->glyphs[0].gid, &x0, &x1, &y0, &y1))
            mid = dash->baseline - (y0 + y1) / 2 * dash->size;
        else
            mid = dash->baseline - (f->em_top + f->em_bottom) / 2 * dash->size;
        near(c, "page-number-dash", "§7.5", "一字线上距版心下边缘7 mm", GW_EL_PAGE_NUMBER, b->index,
             page, mid * MM_PER_PT, area_bottom(c) + s->page_number_dash_below);
        double in = s->page_number_indent * s->cell;
        if (page % 2)
            near(c, "page-number-side", "§7.5", "单页码居右空一字", GW_EL_PAGE_NUMBER, b->index, page,
                 area_right(c, page) - b->x1, in);
        else
            near(c, "page-number-side", "§7.5", "双页码居左空一字", GW_EL_PAGE_NUMBER, b->index, page,
                 b->x0 - area_left(c, page), in);
        if (page == 1) {
            size_is(c, "page-number-size", "§7.5", "4号", b, s->page_number_size);
            font_is(c, "page-number-font", "§7.5", "宋体", b, s->page_number_role);
        }
    }
}

static bool has(const gw_text *t)
{
    return t->text && *t->text;
}

/* Every element the text gives is on the pages: nothing of the source is lost. */
static void presence_rules(cx *c)
{
    const gw_proof *p = c->p;
    const gw_document *d = p->doc;
    struct {
        gw_element el;
        bool present;
        const char *clause;
    } want[] = {
        { GW_EL_COPY_NUMBER, has(&d->copy_number), "§7.2.1" },
        { GW_EL_SECRECY, has(&d->secrecy), "§7.2.2" },
        { GW_EL_URGENCY, has(&d->urgency), "§7.2.3" },
        { GW_EL_ISSUER_MARK, has(&d->issuer_mark) || d->n_issuers > 1, "§7.2.4" },
        { GW_EL_DOC_NUMBER, has(&d->doc_number), "§7.2.5" },
        { GW_EL_SIGNER, d->n_signers > 0, "§7.2.6" },
        { GW_EL_TITLE, has(&d->title), "§7.3.1" },
        { GW_EL_ADDRESSEE, has(&d->addressee), "§7.3.2" },
        { GW_EL_ATTACHMENT_NOTE, d->n_attachment_notes > 0, "§7.3.4" },
        { GW_EL_SIGNATURE, d->n_signatures > 0, "§7.3.5" },
        { GW_EL_DATE, has(&d->date), "§7.3.5" },
        { GW_EL_NOTE, has(&d->note), "§7.3.6" },
        { GW_EL_ATTENDANCE, has(&d->attendance.present) || has(&d->attendance.absent) ||
                                has(&d->attendance.attending), "§10.3" },
        { GW_EL_ANNEX_TITLE, d->n_annexes > 0, "§7.3.7" },
        { GW_EL_COLOPHON_MAIN_TO, has(&d->colophon.main_to), "§7.4" },
        { GW_EL_CC, has(&d->colophon.cc), "§7.4.2" },
        { GW_EL_DISTRIBUTE, has(&d->colophon.distribute), "§7.4" },
        { GW_EL_PRINTER, has(&d->colophon.printer), "§7.4.3" },
        { GW_EL_PRINT_DATE, has(&d->colophon.print_date), "§7.4.3" },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (!want[i].present)
            continue;
        const gw_proof_box *b = box(p, want[i].el, -1);
        holds(c, "element-printed", want[i].clause, "every element of the text is on the pages",
              want[i].el, 0, b ? b->page : 0, b != NULL, b ? "printed" : "missing", "printed");
    }
}

size_t gw_proof_conform(gw_proof *p, const gw_layout_spec *std)
{
    cx c = { p, std, p->n_results };
    page_rules(&c);
    presence_rules(&c);
    grid_rules(&c);
    header_rules(&c);
    body_rules(&c);
    closing_rules(&c);
    annex_rules(&c);
    colophon_rules(&c);
    page_number_rules(&c);
    (void)last_box;
    return p->n_failed;
}
