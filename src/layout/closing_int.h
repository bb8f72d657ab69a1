/* closing_int.h: what closing.c (the closing block) and seals.c (its seals and signature
 * stamps) share; nothing outside src/layout/closing*.c, seals.c sees it.
 *
 * The block is a list of paragraphs (附件说明 items, 署名, 职务, 成文日期, 附注) and images
 * (seals, stamps). Their horizontal places are fixed when it is built; their vertical ones are
 * laid out on "slots", the lines below the text, for the pitch of the page it lands on. */
#ifndef GW_CLOSING_INT_H
#define GW_CLOSING_INT_H

#include "lay_int.h"

typedef enum { CL_PLAIN, CL_SEALED, CL_STAMPED } cl_mode;
typedef enum { CL_NOTE, CL_SIG, CL_DATE, CL_REMARK, CL_TITLE, CL_NAME } cl_role;

typedef struct {
    lay_para para;
    gw_tag tag;
    cl_role role;
    int row;     /* sealed, stamped: the row of seals or stamps it belongs to */
    int slot;    /* layout: the slot of its first line */
    bool free;   /* layout: placed at y (a 职务 centred on its stamp), not on a slot */
    double y;    /* layout: em top of its first line when free */
} cl_para;

typedef struct {
    const char *path; /* NULL: the place is kept for a seal or stamp applied by hand, or holds
                         the signatory's name printed (a cl_para CL_NAME of the same row) */
    double x, w, h;   /* pt; x from the 版心's left edge */
    double y;         /* layout: top */
    int row;
    gw_tag tag;
} cl_image;

struct lay_closing {
    cl_mode mode;
    cl_para *p;
    size_t np, capp;
    bool notes_in_block; /* false once the 附件说明 went to the flow (a block taller than a page) */
    cl_image *img;
    size_t nimg;
    int n_rows;
    double *row_h;       /* the tallest image of each row */
    gw_pos pos;          /* the first element's source position, for messages */
    bool above_set;      /* what is above ends above_bottom below the em top of the line above
                            (a table's bottom rule, maybe above it), not at its em bottom */
    double above_bottom;
    lay_para no_text;    /* （此页无正文）, when the rules allow that page */
};

cl_para *cl_add_para(lay_closing *cb, lay_ctx *c, const char *text, cl_role role, gw_tag tag,
                     gw_font_role font);
void cl_note_pos(lay_closing *cb, gw_pos pos);   /* the first element's position, for messages */
double cl_widest(const lay_para *p);
double cl_clamp(double v, double lo, double hi);
/* 成文日期 on one line (a date is short), right-aligned `right_indent` 字 from the 版心's edge. */
cl_para *cl_date_right(lay_closing *cb, lay_ctx *c, const gw_document *d, double right_indent);
/* Slot k's em box starts at (k + 1)·q below the em top of the line above the block. */
double cl_slot_top(int k, double q);
int cl_slot_at_or_after(double y, double q); /* the first slot whose em top is at or below y */

/* seals.c: the 署名 under seals (§7.3.5.1), and 职务 with 签名章 (§7.3.5.3): built, then laid
 * out on slots from `cursor` below what is above (its bottom at `above`). */
void cl_sealed_signatures(lay_closing *cb, lay_ctx *c, const gw_document *d);
void cl_stamped_signatures(lay_closing *cb, lay_ctx *c, const gw_document *d);
void cl_place_rows_sealed(lay_closing *cb, const lay_ctx *c, double q, int *cursor, double above,
                          bool any_above);
void cl_place_rows_stamped(lay_closing *cb, const lay_ctx *c, double q, int *cursor, bool any_above);

#endif
