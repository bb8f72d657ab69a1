/* table_int.h: what table.c (a table built: cells shaped and broken, columns sized) and
 * table_pages.c (a table placed on pages, carried with the closing block, drawn) share. */
#ifndef GW_TABLE_INT_H
#define GW_TABLE_INT_H

#include "lay_int.h"

typedef struct {
    size_t page;
    double y0;      /* top of the chunk (its header row on a continuation page) */
    size_t r0, r1;  /* data rows [r0, r1) (row 0 is the header) */
    bool header;    /* the header row drawn at its top */
} tb_chunk;

struct lay_table {
    size_t n_rows, n_cols;
    lay_para *cells;     /* n_rows × n_cols, broken to their column */
    gw_align *align;     /* resolved per column: left, centre or right (data rows) */
    double *col_w;       /* pt, rule to rule */
    double *row_h;       /* pt */
    double width;        /* pt */
    bool landscape;
    size_t keep;         /* keep_rows */
    gw_tag tag;
    gw_pos pos;
    gw_pos *rows;        /* where each row is in the source (for messages) */
    tb_chunk *chunks;
    size_t n_chunks;
    size_t end_page;
    double bottom;       /* y of the last chunk's bottom rule */
    double carried_from_bottom; /* (lay_table_carry, undone by lay_table_uncarry) */
};

#endif
