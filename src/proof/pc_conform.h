/* pc_conform.h: what the files of the conformance report share and nobody else sees: the
 * tolerances, the context, the ways a rule is recorded (a value near one required, within a
 * range, a size, a face, a colour, a fact), the geometry of the standard and the finders of
 * elements on the measured pages; and the rules, one function per part of a 公文. */
#ifndef GW_PC_CONFORM_H
#define GW_PC_CONFORM_H

#include "gw_proof.h"

#define TOL_MM 0.25   /* positions and lengths */
#define TOL_PT 0.01   /* type sizes */
#define TOL_RULE 0.02 /* rule thickness, mm */
#define MM_PER_PT (25.4 / 72.0)

/* The grid of one page: the rules' own, or below y_from a squeezed one (§7.3.5.5). */
typedef struct {
    double y_from;  /* mm: lines whose em top is at or below it follow the squeezed grid */
    double anchor;  /* mm: em top of a line of the squeezed grid */
    double pitch;   /* mm; 0 = the page is not squeezed */
} pc_page_grid;

typedef struct {
    gw_proof *p;             /* the lines of the portrait frame only (a landscape page's turned
                                lines are not on the 22-line grid) */
    const gw_layout_spec *s; /* the numbers of the document's 版式 (its layouts/ file) */
    size_t cap;
    pc_page_grid *grids; /* per page (index page − 1) */
    const gw_proof *full;    /* every line, turned ones too */
} cx;

/* recording a rule (the formatted strings are owned by the result) */
double pc_r2(double v); /* rounded to 0.01, never "-0.00" */
void pc_add(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
            int index, int page, bool pass, char *measured, char *required, char *tol);
/* measured = required ± TOL_MM */
void pc_near(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
             int index, int page, double measured, double required);
/* lo ≤ measured ≤ hi, within TOL_MM (hi may be INFINITY) */
void pc_within(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
               int index, int page, double measured, double lo, double hi);
void pc_size_is(cx *c, const char *rule, const char *clause, const char *what,
                const gw_proof_box *b, double required);
/* the face of most of the element's glyphs is the role's */
void pc_font_is(cx *c, const char *rule, const char *clause, const char *what,
                const gw_proof_box *b, gw_font_role role);
void pc_color_is(cx *c, const char *rule, const char *clause, const char *what,
                 const gw_proof_box *b, gw_color want);
void pc_holds(cx *c, const char *rule, const char *clause, const char *what, gw_element el,
              int index, int page, bool pass, const char *measured, const char *required);
/* (measured: the words for what fails; a rule that holds is reported as measured `required`) */

/* the geometry of the standard, mm; pages 1-based (even pages mirrored when the rules say so) */
double pc_area_left(const cx *c, int page);
double pc_area_right(const cx *c, int page);
double pc_area_centre(const cx *c, int page);
double pc_area_bottom(const cx *c);
double pc_grid_top(const cx *c, int i);                         /* em top of grid line i (0-based) */
int pc_grid_index(const cx *c, double y);                       /* the grid line nearest y */
double pc_grid_em_top(const cx *c, const gw_proof_line *l);     /* of the 3号 em a line is centred on */
/* The line pitch at a line (a squeezed page's own), and how far its em top is from its grid. */
double pc_pitch_at(const cx *c, const gw_proof_line *l);
double pc_grid_offset(const cx *c, const gw_proof_line *l, double *grid_y);

/* finding elements (index < 0: any occurrence) */
const gw_proof_box *pc_box(const gw_proof *p, gw_element el, int index);
const gw_proof_line *pc_first_line(const gw_proof *p, gw_element el, int index);
const gw_proof_line *pc_last_line(const gw_proof *p, gw_element el, int index);
const gw_proof_line *pc_line_above(const cx *c, const gw_proof_line *l); /* on its page */
bool pc_is_flow_text(gw_element e); /* 3号 text set on the grid */

/* the rules: each adds its results */
void pc_page_rules(cx *c);
void pc_presence_rules(cx *c);
void pc_grid_rules(cx *c);
void pc_find_squeezed_pages(cx *c); /* fills c->grids */
void pc_header_rules(cx *c);
void pc_body_rules(cx *c);
void pc_closing_rules(cx *c);
void pc_annex_rules(cx *c);
void pc_colophon_rules(cx *c);
void pc_page_number_rules(cx *c);
/* conform_formats.c: 信函, 命令, 纪要 (§10) and tables (§8) */
void pc_format_header_rules(cx *c);
void pc_attendance_rules(cx *c);
void pc_table_rules(cx *c);

#endif
