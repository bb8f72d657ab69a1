/* headings.c: the numbering of the headings (heading-sequence, heading-level-skip,
 * heading-marker, heading-mixed), in the 正文 and in each attachment. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_int.h"

/* The number of a heading the reader recognised (its level's marker at the text's start). */
static int heading_value(const char *t, int level)
{
    size_t i = 0;
    long v;
    if (level == 1)
        return ck_cn_number(t, &i);
    if (level == 3)
        return ck_digits(t, &i, 3, &v) ? (int)v : -1;
    if (!ck_lit(t, &i, "（") && !ck_lit(t, &i, "("))
        return -1;
    if (level == 2)
        return ck_cn_number(t, &i);
    return ck_digits(t, &i, 3, &v) ? (int)v : -1;
}

/* 第…条, 第…章, 第…节 (an article of a regulation, or its chapter or section): the items
 * under it number anew. */
static bool is_article(const char *t)
{
    size_t i = 0;
    long v;
    if (!ck_lit(t, &i, "第"))
        return false;
    if (ck_cn_number(t, &i) < 1 && ck_digits(t, &i, 4, &v) < 1)
        return false;
    return ck_lit(t, &i, "条") || ck_lit(t, &i, "章") || ck_lit(t, &i, "节");
}

/* The level and number of numbered text (`一、各地要…，…。`), written in the right form; 0 if
 * it is none. Numbered text continues its level's sequence as a heading would. */
static int text_number(const char *t, int *level)
{
    size_t i = 0;
    long v;
    int n;
    if (ck_lit(t, &i, "（")) {
        if ((n = ck_cn_number(t, &i)) > 0 && ck_lit(t, &i, "）")) {
            *level = 2;
            return n;
        }
        if (ck_digits(t, &i, 3, &v) > 0 && ck_lit(t, &i, "）")) {
            *level = 4;
            return (int)v;
        }
        return 0;
    }
    if ((n = ck_cn_number(t, &i)) > 0)
        return ck_lit(t, &i, "、") ? (*level = 1, n) : 0;
    if (ck_digits(t, &i, 3, &v) > 0 && (ck_lit(t, &i, ".") || ck_lit(t, &i, "．"))) {
        size_t j = i;
        if (ck_digits(t, &j, 1, &v) > 0)
            return 0; /* 1.5亿元 */
        i = 0;
        ck_digits(t, &i, 3, &v);
        *level = 3;
        return (int)v;
    }
    return 0;
}

/* The marker of a recognised heading as written: `1、` is read as 1. but is wrong. */
static void check_written_marker(const gw_source *src, gw_pos at, int level, int n, gw_diags *d)
{
    const char *s = ck_line_at(src, at.line);
    if (!s || level != 3)
        return;
    size_t i = ck_off_of(s, at.col);
    long v;
    if (ck_digits(s, &i, 3, &v) < 1)
        return;
    if (!strncmp(s + i, "、", strlen("、"))) {
        char want[48];
        gw_diags_add(d, GW_ERROR, "heading-marker", at.line, at.col,
                     "heading number in a wrong form: write it as %s", ck_marker_name(3, n, want, sizeof want));
    }
}

void ck_headings(const gw_source *src, const gw_blocks *bs, const bool *claimed,
                           gw_diags *d)
{
    int count[5] = { 0 }; /* last number seen per level; a higher level resets the deeper ones */
    int prev_level = 0;
    bool restart = false; /* after a 第…条: the next heading may be a first item */
    char want[48], got[48], hint[48];
    for (size_t i = 0; i < bs->n; i++) {
        const gw_block *b = &bs->items[i];
        if (!b->text)
            continue;
        if (b->kind != GW_BLOCK_HEADING && is_article(b->text)) {
            restart = true; /* its items may number from 1, at any level */
            prev_level = 0;
            continue;
        }
        int tl = 0, tn = b->kind != GW_BLOCK_HEADING ? text_number(b->text, &tl) : 0;
        if (tn > 0 && (tn == count[tl] + 1 || (restart && tn == 1))) {
            /* numbered text in sequence: the next heading of its level continues from it */
            count[tl] = tn;
            restart = false;
            for (int k = tl + 1; k <= 4; k++)
                count[k] = 0;
            prev_level = tl;
            continue;
        }
        if (b->kind != GW_BLOCK_HEADING) {
            const char *fix = ck_bad_marker(b->text, hint, sizeof hint);
            if (fix) {
                gw_pos at = ck_locate(src, b->pos, b->text, 0);
                gw_diags_add(d, GW_ERROR, "heading-marker", at.line, at.col,
                             "heading number in a wrong form: write it as %s", fix);
            }
            continue;
        }
        int L = b->level, n = heading_value(b->text, L);
        if (L < 1 || L > 4 || n < 1)
            continue;
        gw_pos at = ck_locate(src, b->pos, b->text, 0);
        if (claimed && at.line >= 1 && (size_t)at.line <= src->n_lines && claimed[at.line - 1])
            continue; /* an item of the 附件说明 the reader did not take as one */
        check_written_marker(src, at, L, n, d);
        ck_marker_name(L, n, got, sizeof got);
        if (prev_level && L > prev_level + 1) {
            gw_diags_add(d, GW_ERROR, "heading-level-skip", at.line, at.col,
                         "%s after a level-%d heading skips level %d: use %s first", got,
                         prev_level, prev_level + 1, ck_marker_name(prev_level + 1, 1, want, sizeof want));
        } else if (n != count[L] + 1 && !(restart && n == 1)) {
            /* （二） where 二、 continues the level above, or 二、 where （二） continues the level below */
            if (L == 2 && count[1] && n == count[1] + 1)
                gw_diags_add(d, GW_ERROR, "heading-mixed", at.line, at.col,
                             "%s continues the 一、 sequence: write %s (or number it %s)", got,
                             ck_marker_name(1, n, want, sizeof want),
                             ck_marker_name(2, count[2] + 1, hint, sizeof hint));
            else if (L == 1 && count[2] && n == count[2] + 1 && prev_level >= 2)
                gw_diags_add(d, GW_ERROR, "heading-mixed", at.line, at.col,
                             "%s continues the （一） sequence: write %s (or number it %s)", got,
                             ck_marker_name(2, n, want, sizeof want),
                             ck_marker_name(1, count[1] + 1, hint, sizeof hint));
            else
                gw_diags_add(d, GW_ERROR, "heading-sequence", at.line, at.col,
                             "%s %s: the next number here is %s", got,
                             n <= count[L] ? "repeats or goes back" : "leaves a gap",
                             ck_marker_name(L, count[L] + 1, want, sizeof want));
        }
        count[L] = n;
        restart = false;
        for (int k = L + 1; k <= 4; k++)
            count[k] = 0;
        prev_level = L;
    }
}
