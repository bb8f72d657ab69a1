/* text.c: what the rules share: characters, where a character of the model stands in the
 * source (ck_locate), digits and literals, Chinese numerals and heading markers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_int.h"

/* ---- characters ---- */

uint32_t ck_cp_at(const char *s, size_t i, size_t *len)
{
    uint32_t cp = 0;
    size_t n = strlen(s + i);
    size_t k = n ? gw_utf8_decode(s + i, n, &cp) : 0;
    if (len)
        *len = k;
    return cp;
}

bool ck_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
}

/* Chinese text: ideographs, full-width punctuation and forms, the quotation marks and dashes
 * Chinese text uses. */
bool ck_is_wide(uint32_t c)
{
    return gw_is_han(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2014 ||
           c == 0x2026 || c == 0x00B7;
}

bool ck_is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* 1-based column (characters) of byte offset off in s */
int ck_col_of(const char *s, size_t off)
{
    return (int)gw_utf8_count(s, off) + 1;
}

/* byte offset of 1-based column col in s (its end if shorter) */
size_t ck_off_of(const char *s, int col)
{
    size_t i = 0, n = strlen(s);
    for (int c = 1; c < col && i < n; c++) {
        size_t k;
        ck_cp_at(s, i, &k);
        i += k ? k : 1;
    }
    return i;
}

size_t ck_last_char(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    return i > 0 ? i - 1 : 0; /* i is just past the lead byte */
}

const char *ck_line_at(const gw_source *src, int line)
{
    return line >= 1 && (size_t)line <= src->n_lines ? src->lines[line - 1] : NULL;
}

bool ck_blank(const char *s)
{
    for (size_t i = 0; s[i];) {
        size_t k;
        if (!ck_is_space(ck_cp_at(s, i, &k)))
            return false;
        i += k;
    }
    return true;
}

/* half- and full-width forms the reader normalises count as the same character */
static bool same_char(uint32_t a, uint32_t b)
{
    if (a == b)
        return true;
    if (a >= 0xFF01 && a <= 0xFF5E)
        a -= 0xFEE0;
    if (b >= 0xFF01 && b <= 0xFF5E)
        b -= 0xFEE0;
    return a == b;
}

/* Where the character k (0-based, in characters) of text, read from pos, stands in the source:
 * the text is matched character by character, stepping over white space, line ends and the
 * `#`/`*` markup the reader removed. Falls back to pos when the two part. */
gw_pos ck_locate(const gw_source *src, gw_pos pos, const char *text, size_t k)
{
    const char *s = ck_line_at(src, pos.line);
    if (!s || !text)
        return pos;
    int line = pos.line;
    size_t i = ck_off_of(s, pos.col > 0 ? pos.col : 1), t = 0, tn = strlen(text), seen = 0;
    while (t < tn) {
        size_t tk;
        uint32_t want = ck_cp_at(text, t, &tk);
        while (!s[i]) {
            if (!(s = ck_line_at(src, ++line)))
                return pos;
            i = 0;
        }
        size_t sk;
        uint32_t got = ck_cp_at(s, i, &sk);
        if (same_char(got, want)) {
            if (seen == k)
                return (gw_pos){ line, ck_col_of(s, i) };
            seen++;
            t += tk;
            i += sk;
        } else if (ck_is_space(got) || got == '#' || got == '*') {
            i += sk;
        } else if (ck_is_space(want)) {
            t += tk;
        } else {
            return pos;
        }
    }
    return pos;
}

/* The last character of text, in the source. */
gw_pos ck_locate_last(const gw_source *src, gw_pos pos, const char *text)
{
    size_t n = gw_utf8_count(text, strlen(text));
    return n ? ck_locate(src, pos, text, n - 1) : pos;
}

/* Reads up to max ASCII digits at s + *i. Returns the count. */
int ck_digits(const char *s, size_t *i, int max, long *v)
{
    int n = 0;
    *v = 0;
    while (n < max + 1 && ck_is_digit((unsigned char)s[*i])) {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return n;
}

bool ck_lit(const char *s, size_t *i, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(s + *i, w, n))
        return false;
    *i += n;
    return true;
}

bool ck_has_any(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, set[i]))
            return true;
    return false;
}

/* ---- headings ---- */

int ck_cn_digit(uint32_t c)
{
    static const uint32_t ds[] = { 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                   0x516D, 0x4E03, 0x516B, 0x4E5D };
    for (int i = 0; i < 10; i++)
        if (ds[i] == c)
            return i;
    return c == 0x3007 ? 0 : -1;
}

/* A Chinese numeral (一 … 九十九) at s + *i; -1 if none. */
int ck_cn_number(const char *s, size_t *i)
{
    size_t k;
    int v = -1, d;
    uint32_t c = ck_cp_at(s, *i, &k);
    if (c == 0x5341) { /* 十, 十一 … */
        *i += k;
        v = 10;
        if ((d = ck_cn_digit(ck_cp_at(s, *i, &k))) > 0)
            *i += k, v += d;
        return v;
    }
    if ((d = ck_cn_digit(c)) <= 0)
        return -1;
    *i += k;
    v = d;
    if (ck_cp_at(s, *i, &k) == 0x5341) {
        *i += k;
        v = d * 10;
        if ((d = ck_cn_digit(ck_cp_at(s, *i, &k))) > 0)
            *i += k, v += d;
    }
    return v;
}

const char *ck_marker_name(int level, int n, char *buf, size_t size)
{
    static const char *const cn[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    char num[32];
    if (n >= 10)
        snprintf(num, sizeof num, "%s十%s", n / 10 > 1 ? cn[n / 10 % 10] : "", n % 10 ? cn[n % 10] : "");
    else
        snprintf(num, sizeof num, "%s", cn[n < 0 ? 0 : n]);
    switch (level) {
    case 1: snprintf(buf, size, "%s、", num); break;
    case 2: snprintf(buf, size, "（%s）", num); break;
    case 3: snprintf(buf, size, "%d.", n); break;
    default: snprintf(buf, size, "（%d）", n); break;
    }
    return buf;
}


/* A paragraph that starts with a heading number in a wrong form: `一.` `一，` `1、` `（一）、`
 * `一）` `1）`. Returns the suggested form in buf, or NULL. */
const char *ck_bad_marker(const char *t, char *buf, size_t size)
{
    size_t i = 0, j;
    long v;
    int n;
    bool paren = ck_lit(t, &i, "（") || ck_lit(t, &i, "(");
    j = i;
    if ((n = ck_cn_number(t, &j)) > 0) {
        if (paren) {
            if (ck_lit(t, &j, "）") || ck_lit(t, &j, ")")) {
                if (ck_lit(t, &j, "、") || ck_lit(t, &j, ".") || ck_lit(t, &j, "．") || ck_lit(t, &j, "，"))
                    return ck_marker_name(2, n, buf, size);
            }
            return NULL;
        }
        if (ck_lit(t, &j, ".") || ck_lit(t, &j, "．") || ck_lit(t, &j, "，") || ck_lit(t, &j, ",") ||
            ck_lit(t, &j, "：") || ck_lit(t, &j, ":"))
            return ck_marker_name(1, n, buf, size);
        if (ck_lit(t, &j, "）") || ck_lit(t, &j, ")"))
            return ck_marker_name(2, n, buf, size);
        return NULL;
    }
    j = i;
    if (ck_digits(t, &j, 3, &v) < 1 || ck_digits(t, &j, 3, &v) > 3)
        return NULL;
    j = i;
    ck_digits(t, &j, 3, &v);
    if (paren) {
        if ((ck_lit(t, &j, "）") || ck_lit(t, &j, ")")) &&
            (ck_lit(t, &j, "、") || ck_lit(t, &j, ".") || ck_lit(t, &j, "．")))
            return ck_marker_name(4, (int)v, buf, size);
        return NULL;
    }
    if (ck_lit(t, &j, "、"))
        return ck_marker_name(3, (int)v, buf, size);
    if (ck_lit(t, &j, "）") || ck_lit(t, &j, ")")) {
        /* `1）` but not a date or figure like `3)`: only at a paragraph's start anyway */
        return ck_marker_name(4, (int)v, buf, size);
    }
    return NULL;
}
