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

#include "pc_conform.h"

/* v rounded to 0.01, never "-0.00" */
double pc_r2(double v)
{
    double r = round(v * 100) / 100;
    return r == 0 ? 0 : r;
}

void pc_add(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
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
void pc_near(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
                 int index, int page, double measured, double required)
{
    pc_add(c, rule, clause, what, el, index, page, fabs(measured - required) <= TOL_MM + 1e-9,
        gw_asprintf("%.2f mm", pc_r2(measured)), gw_asprintf("%.2f mm", pc_r2(required)),
        gw_asprintf("±%.2f mm", TOL_MM));
}

/* lo ≤ measured < hi (within the tolerance), in mm */
void pc_within(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
                   int index, int page, double measured, double lo, double hi)
{
    bool pass = measured >= lo - TOL_MM - 1e-9 && measured <= hi + TOL_MM + 1e-9;
    pc_add(c, rule, clause, what, el, index, page, pass, gw_asprintf("%.2f mm", pc_r2(measured)),
        isinf(hi) ? gw_asprintf("≥ %.2f mm", lo) : gw_asprintf("%.2f..%.2f mm", lo, hi),
        gw_asprintf("±%.2f mm", TOL_MM));
}

void pc_size_is(cx *c, const char *rule, const char *clause, const char *what,
                    const gw_proof_box *b, double required)
{
    pc_add(c, rule, clause, what, b->element, b->index, b->page, fabs(b->size - required) <= TOL_PT,
        gw_asprintf("%.2f pt", b->size), gw_asprintf("%.2f pt", required),
        gw_asprintf("±%.2f pt", TOL_PT));
}

void pc_font_is(cx *c, const char *rule, const char *clause, const char *what,
                    const gw_proof_box *b, gw_font_role role)
{
    const gw_face *f = b->face >= 0 ? gw_fontset_face(c->p->fs, b->face) : NULL;
    bool pass = f && f->role == role;
    pc_add(c, rule, clause, what, b->element, b->index, b->page, pass,
        gw_asprintf("%s (%s)", f ? gw_role_name(f->role) : "none", f ? f->family : ""),
        gw_strdup(gw_role_name(role)), gw_strdup("the role's face"));
}

void pc_color_is(cx *c, const char *rule, const char *clause, const char *what,
                     const gw_proof_box *b, gw_color want)
{
    static const char *const names[] = { "black", "red" };
    pc_add(c, rule, clause, what, b->element, b->index, b->page, b->color == want,
        gw_strdup(names[b->color == GW_COLOR_RED]), gw_strdup(names[want == GW_COLOR_RED]),
        gw_strdup("exact"));
}

void pc_holds(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
                  int index, int page, bool pass, const char *measured, const char *required)
{
    /* measured says what fails; a rule that holds measured what it requires */
    pc_add(c, rule, clause, what, el, index, page, pass, gw_strdup(pass ? required : measured),
           gw_strdup(required), gw_strdup("exact"));
}

/* ---- geometry of the standard ---- */

double pc_area_left(const cx *c, int page)
{
    const gw_layout_spec *s = c->s;
    bool even = page % 2 == 0;
    return even && s->mirror_even ? s->paper_w - s->binding_margin - s->area_w : s->binding_margin;
}

double pc_area_right(const cx *c, int page)
{
    return pc_area_left(c, page) + c->s->area_w;
}

double pc_area_centre(const cx *c, int page)
{
    return pc_area_left(c, page) + c->s->area_w / 2;
}

double pc_area_bottom(const cx *c)
{
    return c->s->top_margin + c->s->area_h;
}

/* Top of the em box of a 3号 line on grid line i (0-based). */
double pc_grid_top(const cx *c, int i)
{
    return c->s->top_margin + i * c->s->line_pitch;
}

/* The grid line whose em-box top is nearest y. */
int pc_grid_index(const cx *c, double y)
{
    return (int)lround((y - c->s->top_margin) / c->s->line_pitch);
}

double pc_pitch_at(const cx *c, const gw_proof_line *l)
{
    const pc_page_grid *g = c->grids ? &c->grids[l->page - 1] : NULL;
    return g && g->pitch > 0 && l->em_y0 >= g->y_from - TOL_MM ? g->pitch : c->s->line_pitch;
}

double pc_grid_offset(const cx *c, const gw_proof_line *l, double *grid_y)
{
    const pc_page_grid *g = c->grids ? &c->grids[l->page - 1] : NULL;
    double y = pc_grid_em_top(c, l), at;
    if (g && g->pitch > 0 && y >= g->y_from - TOL_MM)
        at = g->anchor + lround((y - g->anchor) / g->pitch) * g->pitch;
    else
        at = pc_grid_top(c, pc_grid_index(c, y));
    if (grid_y)
        *grid_y = at;
    return y - at;
}

static int cmp_mm(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* A page whose lines leave the rules' grid below some line but keep one uniform pitch from
 * there, no smaller than the floor of §7.3.5.5, is a squeezed last page: its grid is that one. */
void pc_find_squeezed_pages(cx *c)
{
    const gw_proof *p = c->p;
    const gw_layout_spec *s = c->s;
    c->grids = gw_xcalloc(p->n_pages ? p->n_pages : 1, sizeof *c->grids);
    double *ys = gw_xmalloc((p->n_lines ? p->n_lines : 1) * sizeof *ys);
    /* only the page holding the closing block may be squeezed (the last page of 正文) */
    int closing_page = 0;
    for (size_t i = 0; i < p->n_lines; i++) {
        gw_element e = p->lines[i].element;
        if (e == GW_EL_SIGNATURE || e == GW_EL_DATE || e == GW_EL_SIGNATORY_TITLE ||
            e == GW_EL_NOTE || e == GW_EL_ATTACHMENT_NOTE || e == GW_EL_BODY)
            closing_page = p->lines[i].page > closing_page ? p->lines[i].page : closing_page;
    }
    for (size_t pg = 1; pg <= p->n_pages; pg++) {
        if ((int)pg != closing_page)
            continue;
        size_t n = 0;
        for (size_t i = 0; i < p->n_lines; i++) {
            const gw_proof_line *l = &p->lines[i];
            if (l->page == (int)pg && pc_is_flow_text(l->element) &&
                fabs(l->size - s->text_size) <= TOL_PT)
                ys[n++] = pc_grid_em_top(c, l);
        }
        qsort(ys, n, sizeof *ys, cmp_mm);
        size_t j = 0; /* the first line off the rules' grid */
        while (j < n && fabs(ys[j] - pc_grid_top(c, pc_grid_index(c, ys[j]))) <= TOL_MM)
            j++;
        if (j == n || j == 0 || n - j < 1)
            continue;
        double a = ys[j - 1], d = ys[n - 1] - a;
        double floor_mm = s->squeeze_pitch_min * MM_PER_PT;
        for (long steps = lround(d / s->line_pitch); floor_mm > 0 && steps <= lround(d / floor_mm) + 1;
             steps++) {
            if (steps <= 0)
                continue;
            double q = d / (double)steps;
            if (q > s->line_pitch + 1e-6 || q < floor_mm - 0.01)
                continue;
            bool fits = true;
            for (size_t m = j; m < n && fits; m++)
                fits = fabs(ys[m] - (a + lround((ys[m] - a) / q) * q)) <= TOL_MM;
            if (fits) {
                c->grids[pg - 1] = (pc_page_grid){ a, a, q };
                break;
            }
        }
    }
    free(ys);
}

/* Top of the 3号 grid em box a line of another size is centred on. */
double pc_grid_em_top(const cx *c, const gw_proof_line *l)
{
    return l->em_y0 + (l->size - c->s->text_size) / 2 * MM_PER_PT;
}

/* ---- finding elements ---- */

const gw_proof_box *pc_box(const gw_proof *p, gw_element el, int index)
{
    for (size_t i = 0; i < p->n_boxes; i++)
        if (p->boxes[i].element == el && (index < 0 || p->boxes[i].index == index))
            return &p->boxes[i];
    return NULL;
}

const gw_proof_line *pc_first_line(const gw_proof *p, gw_element el, int index)
{
    for (size_t i = 0; i < p->n_lines; i++)
        if (p->lines[i].element == el && (index < 0 || p->lines[i].index == index))
            return &p->lines[i];
    return NULL;
}

const gw_proof_line *pc_last_line(const gw_proof *p, gw_element el, int index)
{
    for (size_t i = p->n_lines; i-- > 0;)
        if (p->lines[i].element == el && (index < 0 || p->lines[i].index == index))
            return &p->lines[i];
    return NULL;
}

/* The line of text just above l on its page (any element of the flow), or NULL. */
const gw_proof_line *pc_line_above(const cx *c, const gw_proof_line *l)
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

bool pc_is_flow_text(gw_element e)
{
    switch (e) {
    case GW_EL_COPY_NUMBER: case GW_EL_SECRECY: case GW_EL_URGENCY: case GW_EL_DOC_NUMBER:
    case GW_EL_SIGNER: case GW_EL_ADDRESSEE: case GW_EL_BODY: case GW_EL_HEADING:
    case GW_EL_TABLE: case GW_EL_ATTACHMENT_NOTE: case GW_EL_SIGNATURE:
    case GW_EL_DATE: case GW_EL_NOTE: case GW_EL_ATTENDANCE:
    case GW_EL_NO_TEXT_NOTE: case GW_EL_ANNEX_LABEL: case GW_EL_ANNEX_BODY:
        return true;
    default:
        return false;
    }
}

void pc_page_rules(cx *c)
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
    pc_add(c, "paper-size", "§5.1", "A4 paper, 210 × 297 mm", GW_EL_NONE, 0, worst_page,
        worst <= 0.1, gw_asprintf("%.2f × %.2f mm", pg->width * MM_PER_PT, pg->height * MM_PER_PT),
        gw_asprintf("%.2f × %.2f mm", c->s->paper_w, c->s->paper_h), gw_strdup("±0.10 mm"));

    /* every element inside the 版心 (the page number sits below it by design; so does a 信函's
     * letterhead: its mark 30 mm below the sheet's top, its double rules 170 mm long) */
    for (int e = 1; e < GW_EL_COUNT; e++) {
        if (e == GW_EL_PAGE_NUMBER ||
            (c->s->letter_header && (e == GW_EL_ISSUER_MARK || e == GW_EL_HEADER_RULE)))
            continue;
        double out = -INFINITY;
        const gw_proof_box *wb = NULL;
        for (size_t i = 0; i < p->n_boxes; i++) {
            const gw_proof_box *b = &p->boxes[i];
            if ((int)b->element != e)
                continue;
            double L = pc_area_left(c, b->page), R = pc_area_right(c, b->page);
            /* em boxes: a glyph's ink may stray a little outside its em box by design */
            double o = fmax(fmax(L - b->x0, b->x1 - R),
                            fmax(c->s->top_margin - b->y0, b->y1 - pc_area_bottom(c)));
            if (b->is_rule) /* a rule's stroke may straddle the 版心 edge (the 版记's last) */
                o = fmax(fmax(L - b->x0, b->x1 - R),
                         fmax(c->s->top_margin - (b->y0 + b->y1) / 2,
                              (b->y0 + b->y1) / 2 - pc_area_bottom(c)));
            if (o > out)
                out = o, wb = b;
        }
        if (!wb)
            continue;
        pc_add(c, "type-area", "§5.2.1", "inside the 版心 (156 × 225 mm, 天头 37 mm, 订口 28 mm)",
            wb->element, wb->index, wb->page, out <= TOL_MM + 1e-9,
            gw_asprintf("%.2f mm %s", fabs(out), out > 0 ? "outside" : "inside"),
            gw_strdup("inside"), gw_asprintf("±%.2f mm", TOL_MM));
    }
}

static bool has(const gw_text *t)
{
    return t->text && *t->text;
}

static bool has_table(const gw_document *d)
{
    for (size_t i = 0; i < d->body.n; i++)
        if (d->body.items[i].kind == GW_BLOCK_TABLE)
            return true;
    for (size_t a = 0; a < d->n_annexes; a++)
        for (size_t i = 0; i < d->annexes[a].body.n; i++)
            if (d->annexes[a].body.items[i].kind == GW_BLOCK_TABLE)
                return true;
    return false;
}

/* Every element the text gives is on the pages: nothing of the source is lost. */
void pc_presence_rules(cx *c)
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
        { GW_EL_TABLE, has_table(d), "§8" },
        { GW_EL_SIGNATORY_TITLE, d->n_signatories > 0 && has(&d->signatories[0].title), "§7.3.5.3" },
        { GW_EL_COLOPHON_MAIN_TO, has(&d->colophon.main_to), "§7.4" },
        { GW_EL_CC, has(&d->colophon.cc), "§7.4.2" },
        { GW_EL_DISTRIBUTE, has(&d->colophon.distribute), "§7.4" },
        { GW_EL_PRINTER, has(&d->colophon.printer), "§7.4.3" },
        { GW_EL_PRINT_DATE, has(&d->colophon.print_date), "§7.4.3" },
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        if (!want[i].present)
            continue;
        const gw_proof_box *b = pc_box(p, want[i].el, -1);
        pc_holds(c, "element-printed", want[i].clause, "every element of the text is on the pages",
              want[i].el, 0, b ? b->page : 0, b != NULL, b ? "printed" : "missing", "printed");
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Every line of 3号 text of the flow on the grid: its em box on one of the 22 line positions. */
void pc_grid_rules(cx *c)
{
    const gw_proof *p = c->p;
    for (int e = 1; e < GW_EL_COUNT; e++) {
        if (!pc_is_flow_text((gw_element)e))
            continue;
        /* a 信函's 份号… and 发文字号 hang from its double rule (§10.1), off the grid */
        if (c->s->letter_header && (e == GW_EL_COPY_NUMBER || e == GW_EL_SECRECY ||
                                    e == GW_EL_URGENCY || e == GW_EL_DOC_NUMBER))
            continue;
        double worst = -1, at = 0;
        const gw_proof_line *wl = NULL;
        for (size_t i = 0; i < p->n_lines; i++) {
            const gw_proof_line *l = &p->lines[i];
            if ((int)l->element != e || fabs(l->size - c->s->text_size) > TOL_PT)
                continue;
            double g;
            double d = fabs(pc_grid_offset(c, l, &g));
            if (d > worst)
                worst = d, wl = l, at = g;
        }
        if (!wl)
            continue;
        pc_near(c, "grid-line", "§5.2.3", "每面22行: every line's em box on a grid line",
             wl->element, wl->index, wl->page, pc_grid_em_top(c, wl), at);
    }
    for (size_t pg = 0; pg < p->n_pages; pg++)
        if (c->grids[pg].pitch > 0)
            pc_within(c, "squeezed-pitch", "§7.3.5.5",
                      "the last page's lines at one smaller pitch, no smaller than the floor",
                      GW_EL_BODY, 0, (int)pg + 1, c->grids[pg].pitch,
                      c->s->squeeze_pitch_min * MM_PER_PT, c->s->line_pitch);
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
            const gw_proof_line *last = pc_last_line(p, GW_EL_BODY, run->tag.index);
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
    any = pc_first_line(p, GW_EL_BODY, -1);
    if (n && any) {
        /* the usual pitch (justification widens a few lines a little) */
        qsort(steps, n, sizeof *steps, cmp_double);
        double median = steps[n / 2];
        pc_add(c, "chars-per-line", "§5.2.3", "每行28个字: 156 mm / 28 = one character pitch",
            GW_EL_BODY, any->index, any->page,
            fabs(median - c->s->area_w / c->s->chars_per_line) <= 0.02,
            gw_asprintf("%.3f mm", median),
            gw_asprintf("%.3f mm", c->s->area_w / c->s->chars_per_line), gw_strdup("±0.020 mm"));
    }
    free(steps);
}

size_t gw_proof_conform(gw_proof *p, const gw_layout_spec *std)
{
    /* the rules of the portrait grid see the lines of the portrait frame; a landscape page's
     * turned lines (a wide table, an attachment's label and title with it) have their own */
    gw_proof view = *p;
    view.lines = gw_xmalloc((p->n_lines ? p->n_lines : 1) * sizeof *view.lines);
    view.n_lines = 0;
    for (size_t i = 0; i < p->n_lines; i++)
        if (!p->lines[i].turned)
            view.lines[view.n_lines++] = p->lines[i];
    cx c = { &view, std, p->n_results, NULL, p };
    pc_find_squeezed_pages(&c);
    pc_page_rules(&c);
    pc_presence_rules(&c);
    pc_grid_rules(&c);
    pc_header_rules(&c);
    pc_format_header_rules(&c);
    pc_body_rules(&c);
    pc_attendance_rules(&c);
    pc_table_rules(&c);
    pc_closing_rules(&c);
    pc_annex_rules(&c);
    pc_colophon_rules(&c);
    pc_page_number_rules(&c);
    free(c.grids);
    p->results = view.results;
    p->n_results = view.n_results;
    p->n_failed = view.n_failed;
    free(view.lines);
    return p->n_failed;
}
