/* check.c: the lint rules of `gongwen check` (gw_check). See gw_check.h for what they are and
 * README.md, "Checking the text", for each rule with a wrong and a right example.
 *
 * Rules on the model use the source positions the reader kept and find the exact character in
 * the text (locate); rules on the text scan the decoded lines. Every finding names its rule. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gw_check.h"
#include "../base/gw_util.h"

/* ---- characters ---- */

static uint32_t cp_at(const char *s, size_t i, size_t *len)
{
    uint32_t cp = 0;
    size_t n = strlen(s + i);
    size_t k = n ? gw_utf8_decode(s + i, n, &cp) : 0;
    if (len)
        *len = k;
    return cp;
}

static bool is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0;
}

/* Chinese text: ideographs, full-width punctuation and forms, the quotation marks and dashes
 * Chinese text uses. */
static bool is_wide(uint32_t c)
{
    return gw_is_han(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2014 ||
           c == 0x2026 || c == 0x00B7;
}

static bool is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

/* 1-based column (characters) of byte offset off in s */
static int col_of(const char *s, size_t off)
{
    return (int)gw_utf8_count(s, off) + 1;
}

/* byte offset of 1-based column col in s (its end if shorter) */
static size_t off_of(const char *s, int col)
{
    size_t i = 0, n = strlen(s);
    for (int c = 1; c < col && i < n; c++) {
        size_t k;
        cp_at(s, i, &k);
        i += k ? k : 1;
    }
    return i;
}

static const char *line_at(const gw_source *src, int line)
{
    return line >= 1 && (size_t)line <= src->n_lines ? src->lines[line - 1] : NULL;
}

static bool blank(const char *s)
{
    for (size_t i = 0; s[i];) {
        size_t k;
        if (!is_space(cp_at(s, i, &k)))
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
static gw_pos locate(const gw_source *src, gw_pos pos, const char *text, size_t k)
{
    const char *s = line_at(src, pos.line);
    if (!s || !text)
        return pos;
    int line = pos.line;
    size_t i = off_of(s, pos.col > 0 ? pos.col : 1), t = 0, tn = strlen(text), seen = 0;
    while (t < tn) {
        size_t tk;
        uint32_t want = cp_at(text, t, &tk);
        while (!s[i]) {
            if (!(s = line_at(src, ++line)))
                return pos;
            i = 0;
        }
        size_t sk;
        uint32_t got = cp_at(s, i, &sk);
        if (same_char(got, want)) {
            if (seen == k)
                return (gw_pos){ line, col_of(s, i) };
            seen++;
            t += tk;
            i += sk;
        } else if (is_space(got) || got == '#' || got == '*') {
            i += sk;
        } else if (is_space(want)) {
            t += tk;
        } else {
            return pos;
        }
    }
    return pos;
}

/* The last character of text, in the source. */
static gw_pos locate_last(const gw_source *src, gw_pos pos, const char *text)
{
    size_t n = gw_utf8_count(text, strlen(text));
    return n ? locate(src, pos, text, n - 1) : pos;
}

/* ---- front matter: which lines it takes, and where a value starts ---- */

static bool is_fence(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    return n == 3 && !memcmp(s, "---", 3);
}

/* [first, last] lines (1-based) of the front matter's keys, or 0, 0 */
static void front_matter(const gw_source *src, int *first, int *last)
{
    *first = *last = 0;
    size_t i = 0;
    while (i < src->n_lines && blank(src->lines[i]))
        i++;
    if (i >= src->n_lines || !is_fence(src->lines[i]))
        return;
    for (size_t j = i + 1; j < src->n_lines; j++)
        if (is_fence(src->lines[j])) {
            *first = (int)i + 2; /* the line after the opening fence */
            *last = (int)j + 1;  /* the closing fence's */
            return;
        }
}

/* ---- half-width punctuation in Chinese text ---- */

static int cn_digit(uint32_t c);

static bool half_width_punct(uint32_t c)
{
    return c == ',' || c == ';' || c == ':' || c == '?' || c == '!' || c == '(' || c == ')';
}

static const char *full_form(uint32_t c)
{
    switch (c) {
    case ',': return "，";
    case ';': return "；";
    case ':': return "：";
    case '?': return "？";
    case '!': return "！";
    case '(': return "（";
    default: return "）";
    }
}

/* Skips a heading number written with half-width parentheses at s + i, `(一)` or `(1)`: the
 * reader normalises those and says so. Returns the bytes to skip. */
static size_t heading_parens(const char *s, size_t i)
{
    if (s[i] != '(')
        return 0;
    size_t j = i + 1, k, n = 0;
    uint32_t c;
    while ((c = cp_at(s, j, &k)) && (is_digit(c) || (cn_digit(c) >= 0 && n < 4) || c == 0x5341)) {
        j += k;
        n++;
    }
    return n && s[j] == ')' ? j + 1 - i : 0;
}

/* `(2021)` in a 发文字号 (the reader makes it 〔2021〕 and says so) */
static bool docno_year_parens(const char *s, size_t i)
{
    if (s[i] != '(')
        return false;
    for (int d = 1; d <= 4; d++)
        if (!is_digit((unsigned char)s[i + (size_t)d]))
            return false;
    return s[i + 5] == ')' && is_digit((unsigned char)s[i + 6]);
}

static void check_line_punct(const char *s, int line, size_t from, gw_diags *d)
{
    size_t n = strlen(s);
    /* a heading number at the line's start (after #, spaces) is the reader's business */
    size_t i = from;
    while (i < n && (s[i] == '#' || s[i] == ' ' || s[i] == '*'))
        i++;
    i += heading_parens(s, i);
    bool *flag = gw_xcalloc(n + 1, sizeof *flag);
    size_t *open = gw_xmalloc((n + 1) * sizeof *open), n_open = 0;
    size_t *match = gw_xmalloc((n + 1) * sizeof *match);
    for (size_t j = 0; j <= n; j++)
        match[j] = (size_t)-1;
    for (size_t p = i; p < n;) {
        size_t k;
        uint32_t c = cp_at(s, p, &k);
        if (!k)
            break;
        if (half_width_punct(c)) {
            if (docno_year_parens(s, p)) {
                p += 6;
                continue;
            }
            /* the characters either side, past spaces */
            uint32_t prev = 0, next = 0;
            for (size_t q = p; q > i;) {
                size_t b = q - 1;
                while (b > i && ((unsigned char)s[b] & 0xC0) == 0x80)
                    b--;
                uint32_t pc = cp_at(s, b, NULL);
                q = b;
                if (!is_space(pc)) {
                    prev = pc;
                    break;
                }
            }
            for (size_t q = p + k; q < n;) {
                size_t kk;
                uint32_t nc = cp_at(s, q, &kk);
                if (!is_space(nc)) {
                    next = nc;
                    break;
                }
                q += kk;
            }
            flag[p] = is_wide(prev) || is_wide(next);
            if (c == '(')
                open[n_open++] = p;
            else if (c == ')' && n_open) {
                size_t o = open[--n_open];
                match[o] = p;
                match[p] = o;
            }
        }
        p += k;
    }
    /* a pair of parentheses goes together: （见附件1) is Chinese text in both */
    for (size_t p = i; p < n; p++)
        if (flag[p] && match[p] != (size_t)-1)
            flag[match[p]] = true;
    for (size_t p = i; p < n; p++)
        if (flag[p]) {
            uint32_t c = cp_at(s, p, NULL);
            gw_diags_add(d, GW_ERROR, "half-width-punct", line, col_of(s, p),
                         "half-width '%c' in Chinese text: write '%s'", (char)c, full_form(c));
        }
    free(flag);
    free(open);
    free(match);
}

static void check_punct(const gw_source *src, gw_diags *d)
{
    int fm0, fm1;
    front_matter(src, &fm0, &fm1);
    for (size_t li = 0; li < src->n_lines; li++) {
        const char *s = src->lines[li];
        int line = (int)li + 1;
        if (is_fence(s))
            continue;
        size_t from = 0;
        if (fm0 && line >= fm0 && line < fm1) {
            /* a key's separator is syntax: the value starts after it */
            const char *a = strchr(s, ':'), *b = strstr(s, "：");
            const char *sep = a && (!b || a < b) ? a : b;
            if (!sep)
                continue;
            from = (size_t)(sep - s) + (sep == a ? 1 : strlen("："));
        }
        check_line_punct(s, line, from, d);
    }
}

/* ---- dates and 发文字号 as written ---- */

/* Reads up to max ASCII digits at s + *i. Returns the count. */
static int digits(const char *s, size_t *i, int max, long *v)
{
    int n = 0;
    *v = 0;
    while (n < max + 1 && is_digit((unsigned char)s[*i])) {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return n;
}

static bool lit(const char *s, size_t *i, const char *w)
{
    size_t n = strlen(w);
    if (strncmp(s + *i, w, n))
        return false;
    *i += n;
    return true;
}

/* A line that is a date and nothing else (a 成文日期 or 印发日期 line) but not a complete one:
 * `2021年9月`, `21年9月27日`, `2021年9月27`. */
static void check_date_lines(const gw_source *src, gw_diags *d)
{
    for (size_t li = 0; li < src->n_lines; li++) {
        const char *s = src->lines[li];
        size_t i = 0;
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        size_t start = i;
        long y, m, day;
        int ny = digits(s, &i, 4, &y);
        if (ny < 2 || !lit(s, &i, "年"))
            continue;
        if (digits(s, &i, 2, &m) < 1 || !lit(s, &i, "月"))
            goto incomplete_if_end;
        int nd = digits(s, &i, 2, &day);
        bool ri = lit(s, &i, "日");
        lit(s, &i, "印发");
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        if (s[i])
            continue; /* more text: a sentence, not a date line */
        if (ny != 4)
            gw_diags_add(d, GW_ERROR, "date-incomplete", (int)li + 1, col_of(s, start),
                         "the year of a date is written in full (four digits): %.*s", (int)(i - start),
                         s + start);
        else if (!nd || !ri)
            gw_diags_add(d, GW_ERROR, "date-incomplete", (int)li + 1, col_of(s, start),
                         "a date gives year, month and day: %.*s年%ld月…日", (int)ny, s + start, m);
        continue;
    incomplete_if_end:
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        if (!s[i] || (lit(s, &i, "印发") && !s[i]))
            gw_diags_add(d, GW_ERROR, "date-incomplete", (int)li + 1, col_of(s, start),
                         "a date gives year, month and day: %s", s + start);
    }
}

/* A 发文字号's year in brackets that is not four digits: `泉科〔21〕5号`. */
static void check_docno_year(const gw_source *src, gw_diags *d)
{
    static const char *const opens[] = { "〔", "[", "【", "(", "（", "［" };
    static const char *const closes[] = { "〕", "]", "】", ")", "）", "］" };
    for (size_t li = 0; li < src->n_lines; li++) {
        const char *s = src->lines[li];
        for (size_t i = 0; s[i];) {
            size_t k;
            cp_at(s, i, &k);
            for (size_t o = 0; o < sizeof opens / sizeof *opens; o++) {
                size_t j = i;
                if (!lit(s, &j, opens[o]))
                    continue;
                size_t year_at = j;
                long y;
                int n = digits(s, &j, 4, &y);
                bool closed = false;
                for (size_t c = 0; c < sizeof closes / sizeof *closes && !closed; c++)
                    closed = lit(s, &j, closes[c]);
                if (!closed || !n || n == 4)
                    continue;
                long serial;
                lit(s, &j, "第");
                if (digits(s, &j, 9, &serial) < 1 || !lit(s, &j, "号"))
                    continue;
                gw_diags_add(d, GW_ERROR, "doc-number-year", (int)li + 1, col_of(s, year_at),
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

static void check_date_order(const gw_document *doc, gw_diags *d)
{
    long made = date_value(doc->date.text), printed = date_value(doc->colophon.print_date.text);
    if (made && printed && made > printed)
        gw_diags_add(d, GW_ERROR, "date-order", doc->colophon.print_date.pos.line,
                     doc->colophon.print_date.pos.col,
                     "印发日期 %s is before the 成文日期 %s (line %d)", doc->colophon.print_date.text,
                     doc->date.text, doc->date.pos.line);
}

/* ---- headings ---- */

static int cn_digit(uint32_t c)
{
    static const uint32_t ds[] = { 0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                   0x516D, 0x4E03, 0x516B, 0x4E5D };
    for (int i = 0; i < 10; i++)
        if (ds[i] == c)
            return i;
    return c == 0x3007 ? 0 : -1;
}

/* A Chinese numeral (一 … 九十九) at s + *i; -1 if none. */
static int cn_number(const char *s, size_t *i)
{
    size_t k;
    int v = -1, d;
    uint32_t c = cp_at(s, *i, &k);
    if (c == 0x5341) { /* 十, 十一 … */
        *i += k;
        v = 10;
        if ((d = cn_digit(cp_at(s, *i, &k))) > 0)
            *i += k, v += d;
        return v;
    }
    if ((d = cn_digit(c)) <= 0)
        return -1;
    *i += k;
    v = d;
    if (cp_at(s, *i, &k) == 0x5341) {
        *i += k;
        v = d * 10;
        if ((d = cn_digit(cp_at(s, *i, &k))) > 0)
            *i += k, v += d;
    }
    return v;
}

static const char *marker_name(int level, int n, char *buf, size_t size)
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

/* The number of a heading the reader recognised (its level's marker at the text's start). */
static int heading_value(const char *t, int level)
{
    size_t i = 0;
    long v;
    if (level == 1)
        return cn_number(t, &i);
    if (level == 3)
        return digits(t, &i, 3, &v) ? (int)v : -1;
    if (!lit(t, &i, "（") && !lit(t, &i, "("))
        return -1;
    if (level == 2)
        return cn_number(t, &i);
    return digits(t, &i, 3, &v) ? (int)v : -1;
}

/* A paragraph that starts with a heading number in a wrong form: `一.` `一，` `1、` `（一）、`
 * `一）` `1）`. Returns the suggested form in buf, or NULL. */
static const char *bad_marker(const char *t, char *buf, size_t size)
{
    size_t i = 0, j;
    long v;
    int n;
    bool paren = lit(t, &i, "（") || lit(t, &i, "(");
    j = i;
    if ((n = cn_number(t, &j)) > 0) {
        if (paren) {
            if (lit(t, &j, "）") || lit(t, &j, ")")) {
                if (lit(t, &j, "、") || lit(t, &j, ".") || lit(t, &j, "．") || lit(t, &j, "，"))
                    return marker_name(2, n, buf, size);
            }
            return NULL;
        }
        if (lit(t, &j, ".") || lit(t, &j, "．") || lit(t, &j, "，") || lit(t, &j, ",") ||
            lit(t, &j, "：") || lit(t, &j, ":"))
            return marker_name(1, n, buf, size);
        if (lit(t, &j, "）") || lit(t, &j, ")"))
            return marker_name(2, n, buf, size);
        return NULL;
    }
    j = i;
    if (digits(t, &j, 3, &v) < 1 || digits(t, &j, 3, &v) > 3)
        return NULL;
    j = i;
    digits(t, &j, 3, &v);
    if (paren) {
        if ((lit(t, &j, "）") || lit(t, &j, ")")) &&
            (lit(t, &j, "、") || lit(t, &j, ".") || lit(t, &j, "．")))
            return marker_name(4, (int)v, buf, size);
        return NULL;
    }
    if (lit(t, &j, "、"))
        return marker_name(3, (int)v, buf, size);
    if (lit(t, &j, "）") || lit(t, &j, ")")) {
        /* `1）` but not a date or figure like `3)`: only at a paragraph's start anyway */
        return marker_name(4, (int)v, buf, size);
    }
    return NULL;
}

/* The marker of a recognised heading as written: `1、` is read as 1. but is wrong. */
static void check_written_marker(const gw_source *src, gw_pos at, int level, int n, gw_diags *d)
{
    const char *s = line_at(src, at.line);
    if (!s || level != 3)
        return;
    size_t i = off_of(s, at.col);
    long v;
    if (digits(s, &i, 3, &v) < 1)
        return;
    if (!strncmp(s + i, "、", strlen("、"))) {
        char want[48];
        gw_diags_add(d, GW_ERROR, "heading-marker", at.line, at.col,
                     "heading number in a wrong form: write it as %s", marker_name(3, n, want, sizeof want));
    }
}

static void check_headings(const gw_source *src, const gw_blocks *bs, const bool *claimed,
                           gw_diags *d)
{
    int count[5] = { 0 }; /* last number seen per level; a higher level resets the deeper ones */
    int prev_level = 0;
    char want[48], got[48], hint[48];
    for (size_t i = 0; i < bs->n; i++) {
        const gw_block *b = &bs->items[i];
        if (!b->text)
            continue;
        if (b->kind != GW_BLOCK_HEADING) {
            const char *fix = bad_marker(b->text, hint, sizeof hint);
            if (fix) {
                gw_pos at = locate(src, b->pos, b->text, 0);
                gw_diags_add(d, GW_ERROR, "heading-marker", at.line, at.col,
                             "heading number in a wrong form: write it as %s", fix);
            }
            continue;
        }
        int L = b->level, n = heading_value(b->text, L);
        if (L < 1 || L > 4 || n < 1)
            continue;
        gw_pos at = locate(src, b->pos, b->text, 0);
        if (claimed && at.line >= 1 && (size_t)at.line <= src->n_lines && claimed[at.line - 1])
            continue; /* an item of the 附件说明 the reader did not take as one */
        check_written_marker(src, at, L, n, d);
        marker_name(L, n, got, sizeof got);
        if (prev_level && L > prev_level + 1) {
            gw_diags_add(d, GW_ERROR, "heading-level-skip", at.line, at.col,
                         "%s after a level-%d heading skips level %d: use %s first", got,
                         prev_level, prev_level + 1, marker_name(prev_level + 1, 1, want, sizeof want));
        } else if (n != count[L] + 1) {
            /* （二） where 二、 continues the level above, or 二、 where （二） continues the level below */
            if (L == 2 && count[1] && n == count[1] + 1)
                gw_diags_add(d, GW_ERROR, "heading-mixed", at.line, at.col,
                             "%s continues the 一、 sequence: write %s (or number it %s)", got,
                             marker_name(1, n, want, sizeof want),
                             marker_name(2, count[2] + 1, hint, sizeof hint));
            else if (L == 1 && count[2] && n == count[2] + 1 && prev_level >= 2)
                gw_diags_add(d, GW_ERROR, "heading-mixed", at.line, at.col,
                             "%s continues the （一） sequence: write %s (or number it %s)", got,
                             marker_name(2, n, want, sizeof want),
                             marker_name(1, count[1] + 1, hint, sizeof hint));
            else
                gw_diags_add(d, GW_ERROR, "heading-sequence", at.line, at.col,
                             "%s %s: the next number here is %s", got,
                             n <= count[L] ? "repeats or goes back" : "leaves a gap",
                             marker_name(L, count[L] + 1, want, sizeof want));
        }
        count[L] = n;
        for (int k = L + 1; k <= 4; k++)
            count[k] = 0;
        prev_level = L;
    }
}

/* ---- title ---- */

static void check_title(const gw_source *src, const gw_text *t, const char *what, gw_diags *d)
{
    if (!t->text || !*t->text)
        return;
    const char *s = t->text;
    size_t n = strlen(s), last = n;
    while (last > 0 && ((unsigned char)s[last - 1] & 0xC0) == 0x80)
        last--;
    if (last > 0)
        last--;
    while (last > 0 && ((unsigned char)s[last] & 0xC0) == 0x80)
        last--;
    uint32_t c = cp_at(s, last, NULL);
    static const uint32_t ends[] = { 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0x3001,
                                     '.', ',', ';', ':', '!', '?' };
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (c == ends[i]) {
            gw_pos at = locate_last(src, t->pos, s);
            char ch[8] = { 0 };
            memcpy(ch, s + last, n - last < 7 ? n - last : 7);
            gw_diags_add(d, GW_ERROR, "title-end-punct", at.line, at.col,
                         "the %s ends with '%s': a title takes no end punctuation", what, ch);
            break;
        }
    /* 书名号, quotation marks and brackets in pairs */
    static const struct {
        uint32_t open, close;
        const char *o, *c;
    } pairs[] = { { 0x300A, 0x300B, "《", "》" }, { 0x201C, 0x201D, "“", "”" },
                  { 0x2018, 0x2019, "‘", "’" }, { 0xFF08, 0xFF09, "（", "）" },
                  { 0x3014, 0x3015, "〔", "〕" } };
    for (size_t p = 0; p < sizeof pairs / sizeof *pairs; p++) {
        int depth = 0;
        size_t ci = 0, first_open = 0, bad = (size_t)-1;
        bool is_open = false;
        for (size_t i = 0, k; i < n; i += k ? k : 1, ci++) {
            uint32_t x = cp_at(s, i, &k);
            if (x == pairs[p].open) {
                if (depth++ == 0)
                    first_open = ci;
            } else if (x == pairs[p].close && --depth < 0) {
                bad = ci;
                is_open = false;
                break;
            }
        }
        if (bad == (size_t)-1 && depth > 0)
            bad = first_open, is_open = true;
        if (bad == (size_t)-1)
            continue;
        gw_pos at = locate(src, t->pos, s, bad);
        gw_diags_add(d, GW_ERROR, "title-unbalanced", at.line, at.col,
                     "'%s' in the %s has no matching '%s'", is_open ? pairs[p].o : pairs[p].c, what,
                     is_open ? pairs[p].c : pairs[p].o);
    }
}

/* ---- 附件说明 ---- */

/* a name without spaces and end punctuation (its own finding), for comparing what the note
 * says with the attachment's title */
static char *squeeze(const char *s)
{
    gw_buf b;
    gw_buf_init(&b);
    for (size_t i = 0, k; s && s[i]; i += k ? k : 1) {
        uint32_t c = cp_at(s, i, &k);
        if (!is_space(c))
            gw_buf_append(&b, s + i, k);
    }
    static const char *const ends[] = { "。", "，", "；", "：", "！", "？", "、", ".", ",", ";", ":" };
    for (bool cut = true; cut && b.len;) {
        cut = false;
        for (size_t e = 0; e < sizeof ends / sizeof *ends; e++) {
            size_t m = strlen(ends[e]);
            if (b.len >= m && !memcmp(b.data + b.len - m, ends[e], m)) {
                b.len -= m;
                b.data[b.len] = '\0';
                cut = true;
            }
        }
    }
    return b.data ? gw_buf_steal(&b) : gw_strdup("");
}

/* The numbers of the 附件说明 as written, from its `附件：` line to the next blank line:
 * 1. 2. 3. in order, each `N.`; marks the lines it reads in claimed. */
static void check_note_numbers(const gw_source *src, const gw_document *doc, bool *claimed,
                               gw_diags *d)
{
    if (!doc->n_attachment_notes)
        return;
    int first = doc->attachment_notes[0].pos.line;
    long expected = 1;
    for (int line = first; line_at(src, line) && !blank(line_at(src, line)); line++) {
        const char *s = line_at(src, line);
        size_t i = 0;
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        if (line == first) {
            const char *lab = strstr(s, "附件");
            if (!lab)
                return;
            i = (size_t)(lab - s) + strlen("附件");
            if (!lit(s, &i, "：") && !lit(s, &i, ":"))
                return;
            while (s[i] == ' ')
                i++;
        }
        size_t at = i;
        bool paren = lit(s, &i, "（") || lit(s, &i, "(");
        long v;
        if (digits(s, &i, 3, &v) < 1 || digits(s, &i, 3, &v) > 3) {
            if (line == first)
                return; /* one attachment, not numbered */
            continue;   /* a long name wrapped */
        }
        i = at + (paren ? (s[at] == '(' ? 1 : strlen("（")) : 0);
        digits(s, &i, 3, &v);
        bool dot = lit(s, &i, ".") || lit(s, &i, "．");
        bool close = !dot && (lit(s, &i, "）") || lit(s, &i, ")"));
        bool comma = !dot && !close && lit(s, &i, "、");
        if (!dot && !close && !comma) {
            if (line == first)
                return;
            continue;
        }
        claimed[line - 1] = true;
        if (v != expected)
            gw_diags_add(d, GW_ERROR, "attachment-note-numbering", line, col_of(s, at),
                         "附件说明 item numbered %ld: the attachments are numbered 1. 2. 3. in order, "
                         "this one %ld.", v, expected);
        else if (!dot)
            gw_diags_add(d, GW_ERROR, "attachment-note-numbering", line, col_of(s, at),
                         "附件说明 item numbered '%.*s': write it as '%ld.'", (int)(i - at), s + at, v);
        expected = v + 1;
    }
}

static void check_attachments(const gw_document *doc, gw_diags *d)
{
    size_t n = doc->n_attachment_notes;
    /* the attachments bound after the text, against the note */
    size_t k = 0;
    for (size_t a = 0; a < doc->n_annexes; a++) {
        const gw_annex *x = &doc->annexes[a];
        if (x->kind != GW_ANNEX_ATTACHMENT)
            continue;
        if (k >= n) {
            gw_diags_add(d, GW_ERROR, "attachment-note-mismatch", x->pos.line, x->pos.col,
                         "附件%s has no item in the 附件说明", x->number ? x->number : "");
            k++;
            continue;
        }
        const gw_attachment_note *an = &doc->attachment_notes[k++];
        char *want = squeeze(an->name), *got = squeeze(x->title.text);
        long num = x->number ? strtol(x->number, NULL, 10) : 0;
        long note_num = an->number ? strtol(an->number, NULL, 10) : 0;
        if (n > 1 && num != note_num) {
            gw_diags_add(d, GW_ERROR, "attachment-note-mismatch", x->pos.line, x->pos.col,
                         "attachment labelled 附件%s is item %s of the 附件说明 (line %d)",
                         x->number ? x->number : "", an->number ? an->number : "?", an->pos.line);
        } else if (x->title.text && strcmp(want, got)) {
            gw_pos at = x->title.pos.line ? x->title.pos : x->pos;
            gw_diags_add(d, GW_ERROR, "attachment-note-mismatch", at.line, at.col,
                         "attachment title '%s' differs from the 附件说明 (line %d): '%s'",
                         x->title.text, an->pos.line, an->name ? an->name : "");
        }
        free(want);
        free(got);
    }
    if (k && k < n) /* attachments bound, but fewer than the note names */
        gw_diags_add(d, GW_ERROR, "attachment-note-mismatch", doc->attachment_notes[k].pos.line,
                     doc->attachment_notes[k].pos.col,
                     "附件说明 item %zu names an attachment that is not in the document", k + 1);
}

/* ---- 主送, 署名, 成文日期 ---- */

/* The last source line of the block at pos (its paragraph runs to a blank line). */
static int block_end_line(const gw_source *src, gw_pos pos)
{
    int line = pos.line;
    while (line_at(src, line + 1) && !blank(line_at(src, line + 1)))
        line++;
    return line;
}

static bool has_any(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strstr(s, set[i]))
            return true;
    return false;
}

/* A 主送 line without its colon: the one-line paragraph right after the title, a list of
 * offices (no sentence punctuation, ending in a character), before the 正文. */
static void check_addressee(const gw_source *src, const gw_document *doc, gw_diags *d)
{
    if (doc->addressee.text || !doc->title.text || !doc->title.pos.line)
        return;
    gw_pos t = locate_last(src, doc->title.pos, doc->title.text);
    int line = t.line + 1;
    while (line_at(src, line) && blank(line_at(src, line)))
        line++;
    const char *s = line_at(src, line);
    if (!s || !line_at(src, line + 1) || !blank(line_at(src, line + 1)))
        return;
    int next = line + 1;
    while (line_at(src, next) && blank(line_at(src, next)))
        next++;
    if (!line_at(src, next))
        return;
    static const char *const sentence[] = { "。", "！", "？", "；", "如下", "：", ":", "#" };
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t chars = gw_utf8_count(s, n);
    char hint[48];
    if (chars < 2 || chars > 80 || has_any(s, sentence, sizeof sentence / sizeof *sentence) ||
        bad_marker(s, hint, sizeof hint))
        return;
    size_t last = n;
    while (last > 0 && ((unsigned char)s[last - 1] & 0xC0) == 0x80)
        last--;
    if (last > 0)
        last--;
    while (last > 0 && ((unsigned char)s[last] & 0xC0) == 0x80)
        last--;
    uint32_t c = cp_at(s, last, NULL);
    if (!gw_is_han(c) && c != 0xFF09)
        return;
    /* not a heading the reader recognised */
    for (size_t i = 0; i < doc->body.n; i++)
        if (doc->body.items[i].pos.line == line && doc->body.items[i].kind == GW_BLOCK_HEADING)
            return;
    gw_diags_add(d, GW_ERROR, "addressee-colon", line, col_of(s, n),
                 "the 主送机关 '%.*s' ends with a full-width colon '：'", (int)n, s);
}

static void check_closing(const gw_source *src, const gw_document *doc, gw_diags *d)
{
    if (doc->format == GW_FORMAT_MINUTES)
        return; /* 纪要 carry neither (§10.3) */
    bool sig = false;
    for (size_t i = 0; i < doc->n_signatures; i++)
        sig |= doc->signatures[i].issuer.text && *doc->signatures[i].issuer.text;
    bool date = doc->date.text && *doc->date.text;
    if (sig && date)
        return;
    /* Warnings: the text may have lost them where the document has them (text extraction
     * drops what is drawn under a seal image, as in the sample), and layout does without.
     * Where they belong: after the 正文 and the 附件说明. */
    gw_pos after = { 0, 1 };
    if (doc->n_attachment_notes)
        after.line = block_end_line(src, doc->attachment_notes[doc->n_attachment_notes - 1].pos) + 1;
    else if (doc->body.n)
        after.line = block_end_line(src, doc->body.items[doc->body.n - 1].pos) + 1;
    if (!sig && doc->format != GW_FORMAT_ORDER)
        gw_diags_add(d, GW_WARNING, "signature-missing", after.line, after.col,
                     "no 发文机关署名 after the 正文: a %s gives the issuing office's name above the date",
                     gw_format_name(doc->format));
    if (!date)
        gw_diags_add(d, GW_WARNING, "date-missing", after.line, after.col,
                     "no 成文日期 after the 正文: write it as 2021年9月27日 below the 署名");
}

void gw_check(const gw_source *src, const gw_document *doc, gw_diags *diags)
{
    check_punct(src, diags);
    check_date_lines(src, diags);
    check_docno_year(src, diags);
    if (!doc)
        return;
    check_date_order(doc, diags);
    bool *claimed = gw_xcalloc(src->n_lines + 1, sizeof *claimed);
    check_note_numbers(src, doc, claimed, diags);
    check_headings(src, &doc->body, claimed, diags);
    for (size_t i = 0; i < doc->n_annexes; i++)
        check_headings(src, &doc->annexes[i].body, claimed, diags);
    free(claimed);
    check_title(src, &doc->title, "title", diags);
    for (size_t i = 0; i < doc->n_annexes; i++)
        check_title(src, &doc->annexes[i].title, "attachment's title", diags);
    check_attachments(doc, diags);
    check_addressee(src, doc, diags);
    check_closing(src, doc, diags);
}
