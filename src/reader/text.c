/* text.c: character classes, white space, and the small patterns of 公文 text the reader
 * matches everywhere: dates (`2021年9月27日`), 发文字号 (`泉科〔2021〕172号`) and heading
 * numbers (`一、` `（一）` `1.` `（1）`). Everything here is linear in its input. */
#include <stdio.h>
#include <string.h>

#include "rd_internal.h"

uint32_t rd_cp_at(const char *s, size_t n, size_t i, size_t *clen)
{
    uint32_t cp = 0;
    size_t k = i < n ? gw_utf8_decode(s + i, n - i, &cp) : 0;
    if (clen)
        *clen = k;
    return cp;
}

uint32_t rd_cp_before(const char *s, size_t i, size_t *clen)
{
    size_t j = i - 1;
    while (j > 0 && i - j < 4 && ((unsigned char)s[j] & 0xC0) == 0x80)
        j--;
    uint32_t cp;
    size_t k = gw_utf8_decode(s + j, i - j, &cp);
    if (j + k != i) { /* not a whole sequence: treat the last byte alone */
        cp = 0xFFFD;
        j = i - 1;
    }
    if (clen)
        *clen = i - j;
    return cp;
}

bool rd_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == '\r' || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
           c == 0x3000 || c == 0xFEFF;
}

bool rd_is_wide(uint32_t c)
{
    if (rd_is_space(c))
        return false;
    return gw_is_han(c) ||
           (c >= 0x2E80 && c <= 0x9FFF) ||   /* CJK radicals, punctuation, kana, Yi */
           (c >= 0xAC00 && c <= 0xD7AF) ||   /* Hangul */
           (c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F) ||
           (c >= 0xFF01 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || /* full-width */
           (c >= 0x2010 && c <= 0x2027) ||   /* dashes, “ ” ‘ ’, …… */
           c == 0x00B7 || (c >= 0x2460 && c <= 0x27BF); /* ·, ①, shapes, ★ */
}

bool rd_is_digit(uint32_t c)
{
    return c >= '0' && c <= '9';
}

void rd_trim(const char *s, size_t n, size_t *b, size_t *e)
{
    size_t i = 0, k;
    while (i < n && rd_is_space(rd_cp_at(s, n, i, &k)))
        i += k;
    size_t j = n;
    while (j > i && rd_is_space(rd_cp_before(s, j, &k)))
        j -= k;
    *b = i;
    *e = j;
}

int rd_col(const char *s, size_t off)
{
    return (int)gw_utf8_count(s, off) + 1;
}

static bool name_separator(uint32_t c)
{
    return rd_is_space(c) || c == 0x3001 /* 、 */ || c == 0xFF0C /* ， */ || c == ',';
}

bool rd_next_name(const char *s, size_t n, size_t *at, size_t *b, size_t *e)
{
    size_t i = *at, k;
    while (i < n && name_separator(rd_cp_at(s, n, i, &k)))
        i += k ? k : 1;
    if (i >= n) {
        *at = n;
        return false;
    }
    *b = i;
    while (i < n && !name_separator(rd_cp_at(s, n, i, &k)))
        i += k ? k : 1;
    *e = i;
    *at = i;
    return true;
}

bool rd_starts_with(const char *s, size_t n, const char *prefix)
{
    size_t m = strlen(prefix);
    return n >= m && memcmp(s, prefix, m) == 0;
}

bool rd_ends_with(const char *s, size_t n, const char *suffix)
{
    size_t m = strlen(suffix);
    return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

size_t rd_count_chars_upto(const char *s, size_t n, size_t limit)
{
    size_t c = 0;
    for (size_t i = 0; i < n && c < limit; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

static bool is_cn_numeral(uint32_t c);

size_t rd_article_prefix(const char *s, size_t n, const char *kinds)
{
    if (!rd_starts_with(s, n, "第"))
        return 0;
    size_t i = strlen("第"), k, digits = 0;
    uint32_t c;
    while (i < n && (is_cn_numeral(c = rd_cp_at(s, n, i, &k)) || rd_is_digit(c))) {
        i += k;
        digits++;
    }
    if (!digits || i >= n)
        return 0;
    c = rd_cp_at(s, n, i, &k);
    char kind[5] = { 0 };
    memcpy(kind, s + i, k < 4 ? k : 4);
    return strstr(kinds, kind) ? i + k : 0;
}

/* `第一条` `第十二章` `第三节`: the whole of s[0..n). */
static bool article_number(const char *s, size_t n)
{
    return rd_article_prefix(s, n, "条章节") == n;
}

bool rd_chapter_title(const char *s, size_t n)
{
    size_t i = rd_article_prefix(s, n, "章节"), k, chars = 0;
    if (!i)
        return false;
    for (; i < n; i += k ? k : 1) {
        uint32_t c = rd_cp_at(s, n, i, &k);
        if (c == 0x3002 || c == 0xFF1B || c == 0xFF1A || c == 0xFF0C || c == 0xFF01 ||
            c == 0xFF1F || c == ';' || c == ':' || c == ',' || ++chars > 20)
            return false; /* a sentence: `第三章规定的…` */
    }
    return true;
}

int rd_strip_spaces(const char *s, size_t n, gw_buf *out, size_t *first)
{
    return rd_strip_spaces_breaks(s, n, out, first, NULL);
}

bool rd_office_suffix(const char *s, size_t n)
{
    static const char *const suffixes[] = { "局", "厅", "部", "委", "会", "府", "院", "室", "办", "处",
                                            "所", "站", "中心", "公司", "集团", "大学", "学校", "党组",
                                            "支部", "组", "队", "社", "馆", "行", "署", "司", "庭", "科",
                                            "股" };
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
        if (rd_ends_with(s, n, suffixes[i]))
            return true;
    return false;
}

/* In a title, a space between two issuers' names (`泉州市科学技术局 泉州市财政局关于…`): the
 * text before it (from the last space) and after it (to 关于, the next space or the end) both
 * end like an office. */
static bool between_issuers(const char *s, size_t b, size_t ws, size_t i, size_t e)
{
    size_t p = ws, k;
    while (p > b && !rd_is_space(rd_cp_before(s, p, &k)))
        p -= k;
    if (p == ws || !rd_office_suffix(s + p, ws - p))
        return false;
    size_t q = i;
    while (q < e && !rd_is_space(rd_cp_at(s, e, q, &k)) && !rd_starts_with(s + q, e - q, "关于"))
        q += k ? k : 1;
    return q > i && rd_office_suffix(s + i, q - i);
}

int rd_strip_spaces_breaks(const char *s, size_t n, gw_buf *out, size_t *first, gw_breaks *breaks)
{
    size_t b, e;
    rd_trim(s, n, &b, &e);
    int removed = 0, quoted = 0; /* depth inside 《》 and “” */
    gw_buf_reserve(out, e - b);
    size_t i = b, run_start = b;
    while (i < e) {
        size_t k;
        uint32_t c = rd_cp_at(s, e, i, &k);
        if (!rd_is_space(c)) {
            if (c == 0x300A || c == 0x201C)
                quoted++;
            else if ((c == 0x300B || c == 0x201D) && quoted > 0)
                quoted--;
            i += k;
            continue;
        }
        /* a run of white space strictly inside [b, e): copy what precedes it, then decide */
        gw_buf_append(out, s + run_start, i - run_start);
        size_t ws = i, ideographic = 0, other = 0;
        while (i < e && rd_is_space(c = rd_cp_at(s, e, i, &k))) {
            if (c == 0x3000)
                ideographic++;
            else
                other++;
            i += k;
        }
        uint32_t before = rd_cp_before(s, ws, NULL);
        uint32_t after = rd_cp_at(s, e, i, NULL);
        bool han_both = gw_is_han(before) && gw_is_han(after);
        size_t mlen;
        bool mhalf;
        if (ws > b && rd_heading_number(s + b, ws - b, &mlen, &mhalf) && mlen == ws - b &&
            !ideographic) {
            /* `1. 加强…`: the writer's space after a heading number, not extraction's; the
             * number is followed by its text directly */
        } else if (article_number(s + b, ws - b)) {
            /* `第一条　为了…`: regulations keep a full-width space after the article number */
            gw_buf_puts(out, "\u3000");
        } else if (ideographic) {
            /* typed by a person (no extraction tool writes it): alignment in a list, a
             * separator; kept, as many as written */
            for (size_t q = 0; q < ideographic; q++)
                gw_buf_puts(out, "\u3000");
        } else if (breaks && han_both && between_issuers(s, b, ws, i, e)) {
            gw_buf_puts(out, "\u3000"); /* joint issuers in a title: one full-width space */
        } else if (!breaks && han_both && quoted > 0) {
            gw_buf_putc(out, ' '); /* 《毛泽东 邓小平》, “奋斗百年路 科技谱新篇”: the author's */
        } else if (rd_is_wide(before) || rd_is_wide(after)) {
            if (removed++ == 0 && first)
                *first = ws;
            /* a break may follow a character or a closing mark, and precede a character or an
             * opening mark, never the other way round (no break after 《 or before 》) */
            bool after_ok = gw_is_han(before) || before == 0x300B || before == 0x201D || before == 0xFF09;
            bool before_ok = gw_is_han(after) || after == 0x300A || after == 0x201C || after == 0xFF08;
            if (breaks && after_ok && before_ok)
                gw_breaks_add(breaks, out->len);
        } else {
            gw_buf_putc(out, ' ');
        }
        (void)other;
        run_start = i;
    }
    gw_buf_append(out, s + run_start, e - run_start);
    return removed;
}

void rd_join(gw_buf *out, const char *s, size_t n)
{
    if (n == 0)
        return;
    if (out->len > 0) {
        uint32_t last = rd_cp_before(out->data, out->len, NULL);
        uint32_t next = rd_cp_at(s, n, 0, NULL);
        if (!rd_is_wide(last) && !rd_is_wide(next) && !rd_is_space(last) && !rd_is_space(next))
            gw_buf_putc(out, ' ');
    }
    gw_buf_append(out, s, n);
}

/* ---- a small scanner that skips white space between tokens ---- */

typedef struct {
    const char *s;
    size_t n, i;
} scan;

static void sc_ws(scan *c)
{
    size_t k;
    while (c->i < c->n && rd_is_space(rd_cp_at(c->s, c->n, c->i, &k)))
        c->i += k;
}

static bool sc_lit(scan *c, const char *lit)
{
    sc_ws(c);
    size_t m = strlen(lit);
    if (c->n - c->i >= m && memcmp(c->s + c->i, lit, m) == 0) {
        c->i += m;
        return true;
    }
    return false;
}

/* Reads up to maxd ASCII digits; returns how many (0 = none). */
static int sc_digits(scan *c, int maxd, long *val, bool *lead_zero)
{
    sc_ws(c);
    int d = 0;
    long v = 0;
    size_t start = c->i;
    while (c->i < c->n && d < maxd && c->s[c->i] >= '0' && c->s[c->i] <= '9') {
        v = v * 10 + (c->s[c->i] - '0');
        c->i++;
        d++;
    }
    if (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9')
        return 0; /* more digits than allowed */
    if (val)
        *val = v;
    if (lead_zero)
        *lead_zero = d > 1 && c->s[start] == '0';
    return d;
}

bool rd_parse_date(const char *s, size_t n, rd_date *d)
{
    scan c = { s, n, 0 };
    long y, m, dd;
    bool z1 = false, z2 = false;
    if (sc_digits(&c, 4, &y, NULL) != 4 || !sc_lit(&c, "年"))
        return false;
    if (!sc_digits(&c, 2, &m, &z1) || !sc_lit(&c, "月"))
        return false;
    if (!sc_digits(&c, 2, &dd, &z2) || !sc_lit(&c, "日"))
        return false;
    d->year = (int)y;
    d->month = (int)m;
    d->day = (int)dd;
    d->leading_zero = z1 || z2;
    d->end = c.i;
    return true;
}

bool rd_date_valid(const rd_date *d, char *why, size_t why_size)
{
    static const char *const months[] = { "January", "February", "March", "April", "May",
                                          "June", "July", "August", "September", "October",
                                          "November", "December" };
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (d->year < 1) {
        snprintf(why, why_size, "there is no year %d", d->year);
        return false;
    }
    if (d->month < 1 || d->month > 12) {
        snprintf(why, why_size, "there is no month %d", d->month);
        return false;
    }
    int y = d->year;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int dim = days[d->month - 1] + (d->month == 2 && leap);
    if (d->day < 1 || d->day > dim) {
        if (d->day < 1)
            snprintf(why, why_size, "there is no day %d", d->day);
        else
            snprintf(why, why_size, "%s %d has %d days", months[d->month - 1], y, dim);
        return false;
    }
    return true;
}

char *rd_date_format(const rd_date *d)
{
    return gw_asprintf("%d年%d月%d日", d->year, d->month, d->day);
}

/* ---- 发文字号 ---- */

static const char *const open_brackets[] = { "〔", "[", "【", "(", "（", "［", "﹝", "〖", "｛" };
static const char *const close_brackets[] = { "〕", "]", "】", ")", "）", "］", "﹞", "〗", "｝" };

static size_t match_any(const char *s, size_t n, const char *const *set, size_t count, size_t *which)
{
    for (size_t k = 0; k < count; k++) {
        size_t m = strlen(set[k]);
        if (n >= m && memcmp(s, set[k], m) == 0) {
            if (which)
                *which = k;
            return m;
        }
    }
    return 0;
}

void rd_docno_free(rd_docno *dn)
{
    free(dn->text);
    free(dn->bracket_as_written);
    free(dn->serial_as_written);
    memset(dn, 0, sizeof *dn);
}

/* Tries to read `[year]serial号` starting at the bracket at s[i]. */
static bool docno_at(const char *s, size_t n, size_t i, rd_docno *dn)
{
    size_t ob, cb;
    size_t k = match_any(s + i, n - i, open_brackets, sizeof open_brackets / sizeof *open_brackets, &ob);
    if (!k)
        return false;
    scan c = { s, n, i + k };
    long year;
    if (sc_digits(&c, 4, &year, NULL) != 4)
        return false;
    sc_ws(&c);
    size_t m = match_any(s + c.i, n - c.i, close_brackets, sizeof close_brackets / sizeof *close_brackets, &cb);
    if (!m)
        return false;
    size_t bracket_end = c.i + m;
    c.i = bracket_end;
    size_t serial_start = c.i;
    sc_ws(&c);
    serial_start = c.i;
    bool di = sc_lit(&c, "第");
    long serial;
    bool zero;
    int nd = sc_digits(&c, 9, &serial, &zero);
    if (nd == 0)
        return false;
    bool hao = sc_lit(&c, "号");
    /* the 机关代字 runs back from the bracket (past any extraction space right before it) to
     * white space, a colon or the line start */
    size_t p = i, kk0;
    while (p > 0 && rd_is_space(rd_cp_before(s, p, &kk0)))
        p -= kk0;
    size_t prefix_end = p;
    while (p > 0) {
        size_t kk;
        uint32_t cp = rd_cp_before(s, p, &kk);
        if (rd_is_space(cp) || cp == 0xFF1A || cp == ':')
            break;
        p -= kk;
    }
    memset(dn, 0, sizeof *dn);
    dn->start = p;
    dn->end = c.i;
    dn->di = di;
    dn->leading_zero = zero;
    dn->has_hao = hao;
    dn->year = (int)year;
    dn->serial = serial;
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_append(&b, s + p, prefix_end - p);
    gw_buf_printf(&b, "〔%04ld〕%ld号", year, serial);
    dn->text = gw_buf_steal(&b);
    if (ob != 0 || cb != 0) {
        gw_buf_init(&b);
        rd_strip_spaces(s + i, bracket_end - i, &b, NULL);
        dn->bracket_as_written = gw_buf_steal(&b);
    }
    if (di || zero) {
        gw_buf_init(&b);
        rd_strip_spaces(s + serial_start, c.i - serial_start, &b, NULL);
        dn->serial_as_written = gw_buf_steal(&b);
    }
    return true;
}

void rd_docno_report(gw_diags *diags, const rd_docno *dn, gw_pos pos)
{
    if (dn->bracket_as_written)
        gw_diags_add(diags, GW_WARNING, "doc-number-brackets", pos.line, pos.col,
                     "发文字号 year '%s' written as '〔%d〕' (六角括号)", dn->bracket_as_written, dn->year);
    if (dn->serial_as_written)
        gw_diags_add(diags, GW_WARNING, "doc-number-serial", pos.line, pos.col, "发文字号 serial '%s' written as '%ld号' (%s)",
                     dn->serial_as_written, dn->serial,
                     dn->di && dn->leading_zero ? "no 第, no leading zeros"
                     : dn->di                  ? "no 第"
                                               : "no leading zeros");
}

bool rd_find_doc_number(const char *s, size_t n, rd_docno *dn)
{
    for (size_t i = 0; i < n;) {
        if (match_any(s + i, n - i, open_brackets, sizeof open_brackets / sizeof *open_brackets, NULL) &&
            docno_at(s, n, i, dn))
            return true;
        size_t k;
        rd_cp_at(s, n, i, &k);
        i += k ? k : 1;
    }
    return false;
}

/* ---- heading numbers ---- */

static bool is_cn_numeral(uint32_t c)
{
    switch (c) {
    case 0x4E00: /* 一 */ case 0x4E8C: /* 二 */ case 0x4E09: /* 三 */ case 0x56DB: /* 四 */
    case 0x4E94: /* 五 */ case 0x516D: /* 六 */ case 0x4E03: /* 七 */ case 0x516B: /* 八 */
    case 0x4E5D: /* 九 */ case 0x5341: /* 十 */ case 0x767E: /* 百 */ case 0x96F6: /* 零 */
    case 0x3007: /* 〇 */
        return true;
    default:
        return false;
    }
}

/* Reads a run of Chinese numerals (up to 5) or ASCII digits (up to 3) at s[i]. */
static size_t numeral_run(const char *s, size_t n, size_t i, bool chinese)
{
    size_t j = i, count = 0, k;
    while (j < n && count < (chinese ? 5u : 3u)) {
        uint32_t c = rd_cp_at(s, n, j, &k);
        if (chinese ? !is_cn_numeral(c) : !rd_is_digit(c))
            break;
        j += k;
        count++;
    }
    if (j < n) { /* too long a run is a number, not a heading numeral */
        uint32_t c = rd_cp_at(s, n, j, NULL);
        if (chinese ? is_cn_numeral(c) : rd_is_digit(c))
            return 0;
    }
    return j - i;
}

int rd_heading_number(const char *s, size_t n, size_t *len, bool *halfwidth)
{
    size_t k, m;
    *halfwidth = false;
    *len = 0;
    if (n == 0)
        return 0;
    uint32_t c = rd_cp_at(s, n, 0, &k);
    if (c == '(' || c == 0xFF08) { /* （一） （1） */
        bool half_open = c == '(';
        bool chinese = true;
        m = numeral_run(s, n, k, true);
        if (!m) {
            chinese = false;
            m = numeral_run(s, n, k, false);
        }
        if (!m)
            return 0;
        size_t k2;
        uint32_t close = rd_cp_at(s, n, k + m, &k2);
        if (close != ')' && close != 0xFF09)
            return 0;
        *len = k + m + k2;
        *halfwidth = half_open || close == ')';
        return chinese ? 2 : 4;
    }
    if (is_cn_numeral(c)) { /* 一、 */
        m = numeral_run(s, n, 0, true);
        if (m && rd_starts_with(s + m, n - m, "、")) {
            *len = m + strlen("、");
            return 1;
        }
        return 0;
    }
    if (rd_is_digit(c)) { /* 1. 1． 1、 */
        m = numeral_run(s, n, 0, false);
        if (!m)
            return 0;
        size_t dl = 0;
        if (m < n && s[m] == '.')
            dl = 1;
        else if (rd_starts_with(s + m, n - m, "．") || rd_starts_with(s + m, n - m, "、"))
            dl = strlen("．");
        if (!dl)
            return 0;
        /* `1.5亿元` is a number, not a heading */
        if (m + dl < n && rd_is_digit(rd_cp_at(s, n, m + dl, NULL)))
            return 0;
        *len = m + dl;
        return 3;
    }
    return 0;
}

char *rd_cc_with_full_stop(const char *v, bool *changed)
{
    size_t n = strlen(v);
    *changed = false;
    if (n == 0 || rd_ends_with(v, n, "。"))
        return gw_strdup(v);
    *changed = true;
    size_t k;
    uint32_t last = rd_cp_before(v, n, &k);
    /* a list that ends with a comma or 顿号 gets the comma replaced */
    if (last == 0xFF0C || last == 0x3001 || last == 0xFF1B || last == ',' || last == ';' || last == '.')
        n -= k;
    return gw_asprintf("%.*s。", (int)n, v);
}
