/* dates.c: dates and 发文字号 as written: date lines that are not complete dates
 * (date-incomplete), a 发文字号's year that is not four digits (doc-number-year), a 成文日期
 * after the 印发日期 (date-order). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_int.h"

/* ---- dates and 发文字号 as written ---- */



/* A line that is a date and nothing else (a 成文日期 or 印发日期 line) but not a complete one:
 * `2021年9月`, `21年9月27日`, `2021年9月27`. */
void ck_date_lines(const gw_source *src, gw_diags *d)
{
    for (size_t li = 0; li < src->n_lines; li++) {
        const char *s = src->lines[li];
        size_t i = 0;
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        size_t start = i;
        long y, m, day;
        int ny = ck_digits(s, &i, 4, &y);
        if (ny < 2 || !ck_lit(s, &i, "年"))
            continue;
        if (ck_digits(s, &i, 2, &m) < 1 || !ck_lit(s, &i, "月"))
            goto incomplete_if_end;
        int nd = ck_digits(s, &i, 2, &day);
        bool ri = ck_lit(s, &i, "日");
        ck_lit(s, &i, "印发");
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        if (s[i])
            continue; /* more text: a sentence, not a date line */
        if (ny != 4)
            gw_diags_add(d, GW_ERROR, "date-incomplete", (int)li + 1, ck_col_of(s, start),
                         "the year of a date is written in full (four digits): %.*s", (int)(i - start),
                         s + start);
        else if (!nd || !ri)
            gw_diags_add(d, GW_ERROR, "date-incomplete", (int)li + 1, ck_col_of(s, start),
                         "a date gives year, month and day: %.*s年%ld月…日", (int)ny, s + start, m);
        continue;
    incomplete_if_end:
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        if (!s[i] || (ck_lit(s, &i, "印发") && !s[i]))
            gw_diags_add(d, GW_ERROR, "date-incomplete", (int)li + 1, ck_col_of(s, start),
                         "a date gives year, month and day: %s", s + start);
    }
}

/* A 发文字号's year in brackets that is not four digits: `泉科〔21〕5号`. */
void ck_docno_year(const gw_source *src, gw_diags *d)
{
    static const char *const opens[] = { "〔", "[", "【", "(", "（", "［" };
    static const char *const closes[] = { "〕", "]", "】", ")", "）", "］" };
    for (size_t li = 0; li < src->n_lines; li++) {
        const char *s = src->lines[li];
        for (size_t i = 0; s[i];) {
            size_t k;
            ck_cp_at(s, i, &k);
            for (size_t o = 0; o < sizeof opens / sizeof *opens; o++) {
                size_t j = i;
                if (!ck_lit(s, &j, opens[o]))
                    continue;
                size_t year_at = j;
                long y;
                int n = ck_digits(s, &j, 4, &y);
                bool closed = false;
                for (size_t c = 0; c < sizeof closes / sizeof *closes && !closed; c++)
                    closed = ck_lit(s, &j, closes[c]);
                /* a year cut short (21, 202) after a 机关代字: not `（2）3号楼` */
                size_t before = i;
                while (before > 0 && ((unsigned char)s[before - 1] & 0xC0) == 0x80)
                    before--;
                bool after_code = before > 0 && gw_is_han(ck_cp_at(s, before - 1, NULL));
                if (!closed || n < 2 || n == 4 || n > 4 || !after_code)
                    continue;
                long serial;
                ck_lit(s, &j, "第");
                if (ck_digits(s, &j, 9, &serial) < 1 || !ck_lit(s, &j, "号"))
                    continue;
                gw_diags_add(d, GW_ERROR, "doc-number-year", (int)li + 1, ck_col_of(s, year_at),
                             "the year of a 发文字号 is written in full (four digits), not '%.*s'",
                             n, s + year_at);
            }
            i += k ? k : 1;
        }
    }
}

/* `2021年9月27日` → comparable number; 0 when not a date */
static long date_value(const char *t)
{
    int y, m, dd;
    if (!t || sscanf(t, "%d年%d月%d日", &y, &m, &dd) != 3)
        return 0;
    return (long)y * 10000 + m * 100 + dd;
}

void ck_date_order(const gw_document *doc, gw_diags *d)
{
    long made = date_value(doc->date.text), printed = date_value(doc->colophon.print_date.text);
    if (made && printed && made > printed)
        gw_diags_add(d, GW_ERROR, "date-order", doc->colophon.print_date.pos.line,
                     doc->colophon.print_date.pos.col,
                     "印发日期 %s is before the 成文日期 %s (line %d)", doc->colophon.print_date.text,
                     doc->date.text, doc->date.pos.line);
}
