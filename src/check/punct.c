/* punct.c: half-width punctuation in Chinese text (half-width-punct), on every line of the
 * source, the front matter's values included. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_int.h"

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
    while (i < src->n_lines && ck_blank(src->lines[i]))
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
    while ((c = ck_cp_at(s, j, &k)) && (ck_is_digit(c) || (ck_cn_digit(c) >= 0 && n < 4) || c == 0x5341)) {
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
        if (!ck_is_digit((unsigned char)s[i + (size_t)d]))
            return false;
    return s[i + 5] == ')' && ck_is_digit((unsigned char)s[i + 6]);
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
        uint32_t c = ck_cp_at(s, p, &k);
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
                uint32_t pc = ck_cp_at(s, b, NULL);
                q = b;
                if (!ck_is_space(pc)) {
                    prev = pc;
                    break;
                }
            }
            for (size_t q = p + k; q < n;) {
                size_t kk;
                uint32_t nc = ck_cp_at(s, q, &kk);
                if (!ck_is_space(nc)) {
                    next = nc;
                    break;
                }
                q += kk;
            }
            flag[p] = ck_is_wide(prev) || ck_is_wide(next);
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
            uint32_t c = ck_cp_at(s, p, NULL);
            gw_diags_add(d, GW_ERROR, "half-width-punct", line, ck_col_of(s, p),
                         "half-width '%c' in Chinese text: write '%s'", (char)c, full_form(c));
        }
    free(flag);
    free(open);
    free(match);
}

void ck_punct(const gw_source *src, gw_diags *d)
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
