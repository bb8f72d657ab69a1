/* recognise.c: the structure of a 公文 from its plain text, the way real documents are
 * written and extracted from PDFs. Owns the walk over the lines: the 版头 (份号, 密级, 紧急程度,
 * 发文机关标志, 发文字号, 签发人), the 标题 and 主送, then the 正文 paragraphs (handed to repair.c),
 * 附件说明, 署名 and 成文日期, 附注, 纪要's attendance lines, the attached and issued documents,
 * and the 版记 after the last `---`. Prose is cleaned of the spaces PDF extraction leaves next
 * to Chinese characters as it is read, one warning per line. */
#include <math.h>
#include <string.h>

#include "rd_internal.h"

/* A line's content: trimmed, `#` marks removed. */
typedef struct {
    const char *s;
    size_t n;
    size_t off; /* byte offset of s in the line */
    int hashes;
} view;

typedef struct {
    rd_ctx *ctx;
    gw_blocks *target; /* where the section's paragraphs go */
    rd_paras paras;    /* the current section's paragraphs, not yet repaired */
    bool in_annex;
    unsigned char *colophon_memo; /* per line, what a 版记 dry run from it found (colophon()) */
    size_t *passed;               /* scratch of colophon(): reset lines a dry run went through */
    size_t n_passed, cap_passed;
} rec;

static view content(const rd_ctx *ctx, size_t i)
{
    const rd_line *l = &ctx->lines[i];
    size_t b, e;
    rd_trim(l->s, l->len, &b, &e);
    view v = { l->s + b, e - b, b, 0 };
    size_t h = 0;
    while (h < v.n && v.s[h] == '#')
        h++;
    if (h > 0 && h <= 6) {
        size_t k;
        uint32_t next = h < v.n ? rd_cp_at(v.s, v.n, h, &k) : ' ';
        if (rd_is_space(next) || rd_is_wide(next) || h == v.n) {
            size_t tb, te;
            rd_trim(v.s + h, v.n - h, &tb, &te);
            v.off += h + tb;
            v.s += h + tb;
            v.n = te - tb;
            v.hashes = (int)h;
        }
    }
    /* a line of `*` alone (`**`, `***`) is markup with nothing in it */
    size_t stars = 0;
    while (stars < v.n && v.s[stars] == '*')
        stars++;
    if (stars == v.n)
        v.n = 0;
    return v;
}

static bool blank(const rd_ctx *ctx, size_t i)
{
    return content(ctx, i).n == 0;
}

static size_t next_nonblank(const rd_ctx *ctx, size_t i)
{
    while (i < ctx->n_lines && blank(ctx, i))
        i++;
    return i;
}

static gw_pos pos_of(const rd_ctx *ctx, size_t i, const char *at)
{
    const rd_line *l = &ctx->lines[i];
    return (gw_pos){ l->no, rd_col(l->s, (size_t)(at - l->s)) };
}

/* Appends s[0..n) of line i to out as prose: joined to what is there, stray spaces removed
 * (reported once per line). */
static void prose_breaks(rd_ctx *ctx, size_t i, const char *s, size_t n, gw_buf *out,
                         gw_breaks *breaks)
{
    rd_line *l = &ctx->lines[i];
    size_t b, e;
    rd_trim(s, n, &b, &e);
    if (b == e)
        return;
    if (out->len > 0) {
        uint32_t last = rd_cp_before(out->data, out->len, NULL);
        uint32_t next = rd_cp_at(s + b, e - b, 0, NULL);
        if (!rd_is_wide(last) && !rd_is_wide(next) && !rd_is_space(last))
            gw_buf_putc(out, ' ');
        if (breaks) /* a title continued on the next line: the author's own break */
            gw_breaks_add(breaks, out->len);
    }
    size_t first = 0;
    int removed = rd_strip_spaces_breaks(s + b, e - b, out, &first, breaks);
    if (removed && !l->spaces_reported) {
        l->spaces_reported = true;
        int col = rd_col(l->s, (size_t)(s + b - l->s) + first);
        if (breaks) /* a title: where the PDF broke it, or where its writer wants it broken */
            gw_diags_add(ctx->diags, GW_WARNING, "repair-stray-space", l->no, col,
                         "removed %d space%s in the title (left by PDF extraction, or where "
                         "its writer broke it): its lines break there when they can",
                         removed, removed == 1 ? "" : "s");
        else
            gw_diags_add(ctx->diags, GW_WARNING, "repair-stray-space", l->no, col,
                         "removed %d stray space%s next to Chinese characters (left by PDF "
                         "extraction)",
                         removed, removed == 1 ? "" : "s");
    }
}

static void prose(rd_ctx *ctx, size_t i, const char *s, size_t n, gw_buf *out)
{
    prose_breaks(ctx, i, s, n, out, NULL);
}

/* Sets t to line i's content as prose, at that line. */
static void set_prose_line(rd_ctx *ctx, size_t i, gw_text *t)
{
    view v = content(ctx, i);
    gw_buf b;
    gw_buf_init(&b);
    prose(ctx, i, v.s, v.n, &b);
    gw_text_set(t, b.data, pos_of(ctx, i, v.s));
    gw_buf_free(&b);
}

/* ---- line patterns ---- */

static bool numbered(view v)
{
    size_t lead = 0, len;
    bool half;
    while (rd_starts_with(v.s + lead, v.n - lead, "**"))
        lead += 2;
    return rd_heading_number(v.s + lead, v.n - lead, &len, &half) > 0;
}

static bool is_hr(view v)
{
    if (v.hashes || v.n < 3)
        return false;
    for (size_t i = 0; i < v.n; i++)
        if (v.s[i] != '-')
            return false;
    return true;
}

/* A row of a pipe table. */
static bool is_table(view v)
{
    return !v.hashes && v.n && v.s[0] == '|';
}

/* `label：` or `label:` at the start of v; returns the offset after the colon, or 0. */
static size_t label_at(view v, const char *label)
{
    if (!rd_starts_with(v.s, v.n, label))
        return 0;
    size_t i = strlen(label), k;
    while (i < v.n && rd_is_space(rd_cp_at(v.s, v.n, i, &k)))
        i += k;
    if (rd_starts_with(v.s + i, v.n - i, "："))
        return i + strlen("：");
    if (i < v.n && v.s[i] == ':')
        return i + 1;
    return 0;
}

static bool is_date_line(view v, rd_date *d)
{
    if (v.hashes || v.n > 64)
        return false;
    rd_date tmp;
    if (!d)
        d = &tmp;
    if (!rd_parse_date(v.s, v.n, d))
        return false;
    size_t b, e;
    rd_trim(v.s + d->end, v.n - d->end, &b, &e);
    return b == e;
}

static bool contains_any(view v, const char *const *set, size_t count)
{
    for (size_t i = 0; i < v.n;) {
        for (size_t k = 0; k < count; k++)
            if (rd_starts_with(v.s + i, v.n - i, set[k]))
                return true;
        size_t c;
        rd_cp_at(v.s, v.n, i, &c);
        i += c ? c : 1;
    }
    return false;
}

static const char *const sentence_punct[] = { "。", "，", "；", "：", "！", "？", "、",
                                              ",",  ";",  ":",  "!",  "?" };
#define N_SENTENCE_PUNCT (sizeof sentence_punct / sizeof *sentence_punct)

/* Ends like the name of an office (局, 委员会, 人民政府, 办公室 …). */
static bool office_suffix(view v)
{
    return rd_office_suffix(v.s, v.n);
}

/* `…YYYY年M月D日印发`: *date_at = where the date starts. */
static bool print_date_in(view v, size_t *date_at, rd_date *d)
{
    if (v.hashes || !rd_ends_with(v.s, v.n, "印发"))
        return false;
    size_t end = v.n - strlen("印发");
    for (size_t i = 0; i + 4 <= end; i++) {
        if (!rd_is_digit((unsigned char)v.s[i]) || (i > 0 && rd_is_digit((unsigned char)v.s[i - 1])))
            continue;
        if (rd_parse_date(v.s + i, end - i, d)) {
            size_t b, e;
            rd_trim(v.s + i + d->end, end - i - d->end, &b, &e);
            if (b == e) {
                /* before the date only the 印发机关 (a name, no sentence) */
                size_t pb, pe;
                rd_trim(v.s, i, &pb, &pe);
                view pre = { v.s + pb, pe - pb, v.off + pb, 0 };
                if (pre.n && (rd_count_chars_upto(pre.s, pre.n, 41) > 40 ||
                              contains_any(pre, sentence_punct, N_SENTENCE_PUNCT) || !office_suffix(pre)))
                    return false;
                *date_at = i;
                return true;
            }
        }
    }
    return false;
}

/* `附件` or `附件2` alone on its line: the label of an attached document. */
static bool annex_label(view v, char **number)
{
    if (!rd_starts_with(v.s, v.n, "附件") || v.n > 24)
        return false;
    size_t i = strlen("附件"), k;
    while (i < v.n && rd_is_space(rd_cp_at(v.s, v.n, i, &k)))
        i += k;
    size_t ds = i;
    while (i < v.n && rd_is_digit((unsigned char)v.s[i]))
        i++;
    if (i != v.n)
        return false;
    if (number)
        *number = ds < i ? gw_strndup(v.s + ds, i - ds) : NULL;
    return true;
}

static bool attendance_label(view v, size_t *after, gw_text **field, rd_ctx *ctx)
{
    static const char *const labels[] = { "出席", "请假", "列席" };
    for (int k = 0; k < 3; k++) {
        size_t a = label_at(v, labels[k]);
        if (a && !v.hashes) {
            if (after)
                *after = a;
            if (field) {
                gw_attendance *at = &ctx->doc->attendance;
                *field = k == 0 ? &at->present : k == 1 ? &at->absent : &at->attending;
            }
            return true;
        }
    }
    return false;
}

static bool colophon_label(view v)
{
    return !v.hashes && (label_at(v, "抄送") || label_at(v, "分送") || label_at(v, "主送"));
}


/* A line that can be an office name (署名, 印发机关) or a short standalone name. */
static bool name_like(view v)
{
    if (v.hashes || v.n == 0 || rd_count_chars_upto(v.s, v.n, 31) > 30)
        return false;
    if (numbered(v) || is_hr(v) || is_table(v) || rd_starts_with(v.s, v.n, "附件") ||
        rd_starts_with(v.s, v.n, "特此") ||
        rd_starts_with(v.s, v.n, "此复") || rd_starts_with(v.s, v.n, "此致") || is_date_line(v, NULL))
        return false;
    if (rd_starts_with(v.s, v.n, "（") || v.s[0] == '(')
        return false;
    return !contains_any(v, sentence_punct, N_SENTENCE_PUNCT);
}

/* A title line: short, no sentence inside, no punctuation at its end. */
static bool title_like(view v)
{
    if (v.n == 0 || rd_count_chars_upto(v.s, v.n, 101) > 100)
        return false;
    if (numbered(v) || is_hr(v) || is_table(v) || annex_label(v, NULL) || label_at(v, "附件") ||
        is_date_line(v, NULL) || colophon_label(v) || attendance_label(v, NULL, NULL, NULL) ||
        rd_chapter_title(v.s, v.n)) /* 第一章　总则 under a regulation's title starts its text */
        return false;
    static const char *const stops[] = { "。", "！", "？" };
    if (contains_any(v, stops, 3))
        return false;
    size_t k;
    uint32_t last = rd_cp_before(v.s, v.n, &k);
    static const uint32_t enders[] = { 0xFF0C, 0xFF1B, 0xFF1A, 0x3001, ',', ';', ':', '.', '!', '?' };
    for (size_t i = 0; i < sizeof enders / sizeof *enders; i++)
        if (last == enders[i])
            return false;
    return true;
}

/* 署名 lines followed by a 成文日期 line, from line i. *date_line = the date's line. The line
 * right above the date may be any name (`市长　张三` on a 命令); lines above it stack the other
 * issuers of a joint document, so they must read as office names. */
static bool signature_at(const rd_ctx *ctx, size_t i, size_t *date_line)
{
    int names = 0, blanks = 0;
    bool last_office = true; /* every name line but the last so far ends like an office */
    for (size_t j = i; j < ctx->n_lines; j++) {
        view v = content(ctx, j);
        if (v.n == 0) {
            if (++blanks > 2)
                return false;
            continue;
        }
        blanks = 0;
        if (is_date_line(v, NULL)) {
            if (names == 0)
                return false;
            if (date_line)
                *date_line = j;
            return true;
        }
        if (!last_office || !name_like(v) || ++names > 6)
            return false;
        last_office = office_suffix(v);
    }
    return false;
}

/* ---- sections ---- */

static void flush(rec *r)
{
    rd_paras_finish(r->ctx, &r->paras, r->target);
}

/* Whether line j (inside a run of lines) starts a new element instead of continuing. */
static bool breaks_paragraph(rec *r, size_t j)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, j);
    size_t at;
    rd_date d;
    if (v.hashes || is_hr(v) || annex_label(v, NULL) || colophon_label(v) || print_date_in(v, &at, &d) ||
        is_table(v))
        return true;
    if (r->in_annex)
        return false;
    return label_at(v, "附件") || is_date_line(v, NULL) || attendance_label(v, NULL, NULL, ctx) ||
           signature_at(ctx, j, NULL);
}

/* Width of a line's content in 字 (a narrow character counts half). */
static double line_width(view v)
{
    double w = 0;
    for (size_t i = 0; i < v.n;) {
        size_t k;
        uint32_t c = rd_cp_at(v.s, v.n, i, &k);
        w += rd_is_wide(c) || c == 0x3000 ? 1.0 : 0.5;
        i += k ? k : 1;
    }
    return w;
}

/* Whether a line is indented (a new paragraph of hard-wrapped text): U+3000, a tab or two
 * spaces before its content. */
static bool indented(const rd_ctx *ctx, size_t i)
{
    const rd_line *l = &ctx->lines[i];
    view v = content(ctx, i);
    size_t lead = v.off;
    if (!lead)
        return false;
    return lead >= 2 || l->s[0] == '\t' || rd_starts_with(l->s, l->len, "\u3000");
}

/* An item of a list: a short line aligned with U+3000 or set out as `label：value`
 * (`组　长：林志强`, `联系人：陈明`). Two such lines in a row are never one paragraph. */
static size_t find_str(const char *s, size_t n, const char *needle);

static bool list_line(view v)
{
    if (v.hashes || v.n == 0 || rd_count_chars_upto(v.s, v.n, 31) > 30)
        return false;
    for (size_t i = 0; i < v.n;) {
        size_t k;
        uint32_t c = rd_cp_at(v.s, v.n, i, &k);
        if (c == 0x3000 || ((c == 0xFF1A || c == ':') && i + k < v.n))
            return true;
        i += k ? k : 1;
    }
    return false;
}

/* A list line at line i: list_line, or a short line aligned under the previous one's names
 * with U+3000 (`　　　　陈晓红` below `副组长：王建国`). */
static bool list_line_at(const rd_ctx *ctx, size_t i)
{
    view v = content(ctx, i);
    if (list_line(v))
        return true;
    const rd_line *l = &ctx->lines[i];
    return v.n && !v.hashes && rd_starts_with(l->s, l->len, "\u3000") &&
           rd_count_chars_upto(v.s, v.n, 31) <= 30 && i > 0 && list_line(content(ctx, i - 1));
}

/* The run of lines from i without a blank line (at most 64 looked at): whether it reads as
 * hard-wrapped text (as PDF extraction leaves it: several lines as wide as the widest, most of
 * them ending mid-sentence), and that width. Text pasted from Word or WPS has one paragraph a
 * line instead, most ending with a sentence. */
static bool hard_wrapped(const rd_ctx *ctx, size_t i, double *wrap)
{
    double widest = 0;
    size_t end = i;
    while (end < ctx->n_lines && end < i + 64 && content(ctx, end).n)
        end++;
    for (size_t j = i; j < end; j++)
        widest = fmax(widest, line_width(content(ctx, j)));
    size_t full = 0, open = 0;
    for (size_t j = i; j < end; j++) {
        view v = content(ctx, j);
        if (line_width(v) >= widest - 1.5) {
            full++;
            open += !rd_ends_complete(v.s, v.n);
        }
    }
    *wrap = widest;
    return full >= 2 && 2 * open >= full;
}

/* A heading line on its own: numbered, no sentence end inside, short. */
static bool heading_line(view v)
{
    static const char *const stops[] = { "。", "！", "？", "；" };
    return numbered(v) && rd_count_chars_upto(v.s, v.n, 41) <= 40 && !contains_any(v, stops, 4);
}

/* Whether line j ends the paragraph it is in (line j + 1 is not blank). A line followed by
 * one that starts a new element (a heading number, 附件, 署名, date, 抄送) ends it, and so does
 * a heading line. Hard-wrapped text (PDF extraction): a line shorter than the wrap, or before
 * an indented one, ends it; the others continue it (a sentence ending at the full width is a
 * guess: a warning). Otherwise (pasted from Word or WPS: one paragraph a line) every line is
 * a paragraph, and one without a sentence end is joined with the next by the repairs. */
static bool ends_paragraph(rec *r, size_t i, size_t j, bool wrapped, double wrap)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, j), w = content(ctx, j + 1);
    if (breaks_paragraph(r, j + 1) || numbered(w) || (list_line_at(ctx, j) && list_line_at(ctx, j + 1)))
        return true;
    if (j == i && heading_line(v) && (!wrapped || line_width(v) < wrap - 1.5))
        return true;
    if (wrapped) {
        bool complete = rd_ends_complete(v.s, v.n);
        bool short_line = line_width(v) < wrap - 1.5;
        if (short_line || indented(ctx, j + 1))
            return true;
        if (complete)
            gw_diags_add(ctx->diags, GW_WARNING, "paragraph-end-unsure", ctx->lines[j].no, 0,
                         "line %d ends a sentence at the full width of the wrapped lines around "
                         "it: taken as the end of its paragraph (leave a blank line after a "
                         "paragraph, or none, to say)",
                         ctx->lines[j].no);
        return complete;
    }
    /* One paragraph a line: a line without a sentence end is a paragraph the repairs join
     * with the next (as one cut by a page break, with its warning and the repeated-fragment
     * check), so the text reads the same with or without blank lines between paragraphs. */
    return true;
}

static size_t paragraph(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, i);
    rd_para *p = rd_paras_add(&r->paras);
    p->pos = pos_of(ctx, i, v.s);
    p->hashes = v.hashes;
    p->list = list_line_at(ctx, i);
    double wrap = 0;
    bool wrapped = hard_wrapped(ctx, i, &wrap);
    size_t j = i;
    while (j < ctx->n_lines) {
        view w = content(ctx, j);
        if (w.n == 0 || (j > i && breaks_paragraph(r, j)))
            break;
        bool in_list = p->list && ((i > 0 && list_line_at(ctx, i - 1)) ||
                                   (i + 1 < ctx->n_lines && list_line_at(ctx, i + 1)));
        if (in_list && j == i && i > 0 && !numbered(w) &&
            find_str(w.s, w.n, "：") == w.n && find_str(w.s, w.n, ":") == w.n) {
            /* `　　　　陈晓红` under `副组长：王建国`: the U+3000 that align it under the names,
             * beyond the indent its label line has too (a Word paste indents every line) */
            size_t label = i - 1;
            while (label > 0 && list_line_at(ctx, label) &&
                   find_str(ctx->lines[label].s, ctx->lines[label].len, "：") == ctx->lines[label].len &&
                   find_str(ctx->lines[label].s, ctx->lines[label].len, ":") == ctx->lines[label].len)
                label--;
            const char *raw = ctx->lines[j].s, *above = ctx->lines[label].s;
            size_t own = 0, common = 0;
            for (size_t q = 0; q + 3 <= w.off && rd_starts_with(raw + q, w.off - q, "\u3000"); q += 3)
                own++;
            for (size_t q = 0; rd_starts_with(above + q, ctx->lines[label].len - q, "\u3000"); q += 3)
                common++;
            if (find_str(above, ctx->lines[label].len, "：") == ctx->lines[label].len &&
                find_str(above, ctx->lines[label].len, ":") == ctx->lines[label].len)
                common = own; /* no label line above: an indent, not an alignment */
            for (size_t q = common; q < own; q++)
                gw_buf_puts(&p->text, "\u3000");
        }
        prose(ctx, j, w.s, w.n, &p->text);
        p->last_line = ctx->lines[j].no;
        j++;
        if (v.hashes)
            break; /* a `#` line is a paragraph of its own */
        if (j < ctx->n_lines && content(ctx, j).n && ends_paragraph(r, i, j - 1, wrapped, wrap))
            break;
    }
    return j;
}

/* Whether a title so far (out) and a next line w are the two halves of one title. */
static bool title_split(const gw_buf *out, view w)
{
    static const char *const tails[] = { "关于", "的", "暨", "和", "与", "及", "《", "对" };
    static const char *const heads[] = { "的", "暨", "和", "与", "及", "》", "（" };
    for (size_t i = 0; i < sizeof tails / sizeof *tails; i++)
        if (rd_ends_with(out->data ? out->data : "", out->len, tails[i]))
            return true;
    for (size_t i = 0; i < sizeof heads / sizeof *heads; i++)
        if (rd_starts_with(w.s, w.n, heads[i]))
            return true;
    /* an open 《 not closed yet */
    int open = 0;
    for (size_t i = 0; i + 2 < out->len; i++) {
        if (rd_starts_with(out->data + i, out->len - i, "《"))
            open++;
        else if (rd_starts_with(out->data + i, out->len - i, "》"))
            open--;
    }
    return open > 0;
}

/* A title from line i (with or without `#`), continued on the lines that belong to it. Returns
 * the line after it. */
static size_t title_at(rec *r, size_t i, gw_buf *out, gw_pos *pos, gw_breaks *breaks)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, i);
    *pos = pos_of(ctx, i, v.s);
    prose_breaks(ctx, i, v.s, v.n, out, breaks);
    size_t j = i + 1;
    int lines = 1;
    while (j < ctx->n_lines && lines < 4) {
        view w = content(ctx, j);
        if (w.n == 0 || !title_like(w) || (w.hashes && w.hashes != v.hashes))
            break;
        prose_breaks(ctx, j, w.s, w.n, out, breaks);
        j++;
        lines++;
    }
    /* `## 关于印发《…》` blank `## 的通知`: one title split into two marked lines; only where
     * the split is plainly mid-title, since `## 办法` blank `## 第一章　总则` are two things */
    while (v.hashes && lines < 4) {
        size_t k = next_nonblank(ctx, j);
        if (k >= ctx->n_lines)
            break;
        view w = content(ctx, k);
        if (w.hashes != v.hashes || !title_like(w) || !title_split(out, w))
            break;
        prose_breaks(ctx, k, w.s, w.n, out, breaks);
        j = k + 1;
        lines++;
    }
    return j;
}

/* A title from line i into t, with its preferred breaks. Returns the line after it. */
static size_t read_title(rec *r, size_t i, gw_text *t, gw_breaks *breaks)
{
    gw_buf b;
    gw_buf_init(&b);
    gw_pos pos;
    size_t j = title_at(r, i, &b, &pos, breaks);
    gw_text_set(t, b.data ? b.data : "", pos);
    gw_buf_free(&b);
    return j;
}

/* Whether lines i.. are a plain title: title-like lines, and not the start of a paragraph of
 * prose that runs on. */
static double line_width(view v);

static bool plain_title_at(const rd_ctx *ctx, size_t i)
{
    view v = content(ctx, i);
    if (v.hashes || !title_like(v))
        return false;
    size_t j = i + 1;
    for (int lines = 1; j < ctx->n_lines && lines < 4; j++, lines++) {
        view w = content(ctx, j);
        if (w.n == 0 || w.hashes)
            return true;
        if (title_like(w))
            continue;
        /* the next line is the 主送 (ends with ：) or something else: prose means no title,
         * unless the text follows without a blank line (pasted from Word or WPS: one paragraph
         * a line) and starts with a heading or is a whole paragraph longer than the title */
        if (rd_ends_with(w.s, w.n, "：") || rd_ends_with(w.s, w.n, ":") || numbered(w))
            return true;
        return j == i + 1 && rd_ends_complete(w.s, w.n) && line_width(w) > line_width(v) + 2;
    }
    return j >= ctx->n_lines || content(ctx, j).n == 0 || content(ctx, j).hashes;
}

static gw_annex *start_annex(rec *r, gw_annex_kind kind, char *number, gw_pos pos)
{
    gw_annex *a = gw_document_add_annex(r->ctx->doc, kind);
    a->number = number;
    a->pos = pos;
    r->target = &a->body;
    r->in_annex = true;
    return a;
}

/* `附件N` label, then its title. */
static size_t annex_from_label(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, i);
    char *number = NULL;
    annex_label(v, &number);
    gw_annex *a = start_annex(r, GW_ANNEX_ATTACHMENT, number, pos_of(ctx, i, v.s));
    size_t k = next_nonblank(ctx, i + 1);
    if (k < ctx->n_lines) {
        view t = content(ctx, k);
        if ((t.hashes && !numbered(t) && !annex_label(t, NULL)) || plain_title_at(ctx, k)) {
            return read_title(r, k, &a->title, &a->title_breaks);
        }
    }
    return i + 1;
}

/* `# 标题` after the 主体: an issued document, or an attachment whose 附件说明 names it. */
static size_t annex_from_title(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    gw_document *doc = ctx->doc;
    gw_text title = { NULL, { 0, 0 } };
    gw_breaks breaks = { NULL, 0 };
    size_t j = read_title(r, i, &title, &breaks);
    gw_annex_kind kind = GW_ANNEX_ISSUED;
    char *number = NULL;
    for (size_t k = 0; k < doc->n_attachment_notes; k++) {
        if (strcmp(doc->attachment_notes[k].name, title.text) == 0) {
            kind = GW_ANNEX_ATTACHMENT;
            number = gw_strdup(doc->attachment_notes[k].number);
            break;
        }
    }
    gw_annex *a = start_annex(r, kind, number, title.pos);
    a->title = title; /* ownership moves to the annex */
    a->title_breaks = breaks;
    return j;
}

/* ---- 附件说明 ---- */

typedef struct {
    gw_buf name;
    char *number;
    gw_pos pos;
    bool open;
} note_item;

static void note_finish(rec *r, note_item *it)
{
    if (!it->open)
        return;
    rd_ctx *ctx = r->ctx;
    /* GB/T 9704 §7.3.4: no punctuation after attachment names */
    size_t n = it->name.len, k;
    static const uint32_t punct[] = { 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0x3001, 0xFF0E,
                                      '.',    ',',    ';',    ':' };
    size_t cut = n;
    while (cut > 0) {
        uint32_t c = rd_cp_before(it->name.data, cut, &k);
        bool p = false;
        for (size_t q = 0; q < sizeof punct / sizeof *punct; q++)
            p |= c == punct[q];
        if (!p)
            break;
        cut -= k;
    }
    if (cut < n) {
        gw_diags_add(ctx->diags, GW_WARNING, "attachment-note-punct", it->pos.line, it->pos.col,
                     "attachment name ends with '%s'; removed (no punctuation after attachment names)",
                     it->name.data + cut);
        it->name.len = cut;
        it->name.data[cut] = '\0';
    }
    gw_document_add_attachment_note(ctx->doc, it->number, it->name.data ? it->name.data : "", it->pos);
    free(it->number);
    it->number = NULL;
    it->name.len = 0;
    if (it->name.data)
        it->name.data[0] = '\0';
    it->open = false;
}

/* `N.` `N．` `N、` at s with N == expected; returns its length or 0. */
static size_t number_at(const char *s, size_t n, int expected)
{
    size_t len;
    bool half;
    if (rd_heading_number(s, n, &len, &half) != 3)
        return 0;
    long v = 0;
    for (size_t i = 0; i < len && rd_is_digit((unsigned char)s[i]); i++)
        v = v * 10 + (s[i] - '0');
    return v == expected ? len : 0;
}

/* One line's worth of 附件说明 text: new items where `N.` starts one (at the start or after
 * white space), the rest continues the current item. */
static void notes_segment(rec *r, size_t li, const char *s, size_t n, note_item *it, int *expected)
{
    rd_ctx *ctx = r->ctx;
    size_t b, e;
    rd_trim(s, n, &b, &e);
    size_t seg = b;
    for (size_t i = b; i <= e;) {
        size_t k = 0;
        size_t len = 0;
        bool at_start = i == b;
        bool after_space = i > b && rd_is_space(rd_cp_before(s, i, NULL));
        if (i < e && (at_start || after_space) && (len = number_at(s + i, e - i, *expected)) > 0) {
            if (i > seg)
                prose(ctx, li, s + seg, i - seg, &it->name);
            note_finish(r, it);
            it->open = true;
            it->number = gw_asprintf("%d", *expected);
            it->pos = pos_of(ctx, li, s + i);
            (*expected)++;
            i += len;
            seg = i;
            continue;
        }
        if (i == e)
            break;
        rd_cp_at(s, e, i, &k);
        i += k ? k : 1;
    }
    if (e > seg) {
        if (!it->open) { /* a single attachment: `附件：名称` */
            size_t tb, te;
            rd_trim(s + seg, e - seg, &tb, &te);
            it->open = true;
            it->pos = pos_of(ctx, li, s + seg + tb);
        }
        prose(ctx, li, s + seg, e - seg, &it->name);
    }
}

static size_t attachment_notes(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, i);
    size_t after = label_at(v, "附件");
    note_item it = { 0 };
    gw_buf_init(&it.name);
    int expected = 1;
    size_t notes_before = ctx->doc->n_attachment_notes;
    notes_segment(r, i, v.s + after, v.n - after, &it, &expected);
    size_t j = i + 1;
    while (j < ctx->n_lines) {
        size_t k = next_nonblank(ctx, j);
        if (k >= ctx->n_lines)
            break;
        view w = content(ctx, k);
        bool adjacent = k == j;
        if (!w.hashes && number_at(w.s, w.n, expected)) {
            notes_segment(r, k, w.s, w.n, &it, &expected);
            j = k + 1;
            continue;
        }
        /* a long name wrapped onto the next line, or `附件：` alone above a single name */
        bool signature_next = signature_at(ctx, k, NULL) && office_suffix(w);
        bool first_item = !it.open && ctx->doc->n_attachment_notes == notes_before;
        if (adjacent && (it.open || first_item) && !w.hashes && !numbered(w) && !signature_next &&
            (signature_at(ctx, k, NULL) || !breaks_paragraph(r, k))) {
            notes_segment(r, k, w.s, w.n, &it, &expected);
            j = k + 1;
            continue;
        }
        break;
    }
    note_finish(r, &it);
    gw_buf_free(&it.name);
    return j;
}

/* ---- 署名, 成文日期, 附注 ---- */

static size_t date_line(rec *r, size_t i, gw_text *field, bool print)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, i);
    rd_date d;
    size_t at = 0;
    if (print)
        print_date_in(v, &at, &d);
    else
        rd_parse_date(v.s, v.n, &d);
    gw_pos pos = pos_of(ctx, i, v.s + at);
    char why[80];
    if (!rd_date_valid(&d, why, sizeof why)) {
        gw_diags_add(ctx->diags, GW_ERROR, "date-invalid", pos.line, pos.col, "impossible date %d年%d月%d日: %s", d.year,
                     d.month, d.day, why);
        return i + 1;
    }
    char *s = rd_date_format(&d);
    if (d.leading_zero) {
        gw_buf raw;
        gw_buf_init(&raw);
        rd_strip_spaces(v.s + at, d.end, &raw, NULL);
        gw_diags_add(ctx->diags, GW_WARNING, "date-leading-zero", pos.line, pos.col, "date '%s' written as '%s' (no leading zeros)",
                     raw.data, s);
        gw_buf_free(&raw);
    }
    gw_text_set(field, s, pos);
    free(s);
    return i + 1;
}

/* Appends s with every white-space run made one space. */
static void collapse_spaces(const char *s, size_t n, gw_buf *out)
{
    size_t b, e;
    rd_trim(s, n, &b, &e);
    bool sp = false;
    for (size_t p = b; p < e;) {
        size_t k;
        uint32_t c = rd_cp_at(s, e, p, &k);
        if (rd_is_space(c)) {
            sp = true;
        } else {
            if (sp)
                gw_buf_putc(out, ' ');
            sp = false;
            gw_buf_append(out, s + p, k);
        }
        p += k ? k : 1;
    }
}

/* The white space starting at v[p], if any: its end in *end, and whether it is a wide gap
 * (U+3000, a tab, or two or more spaces) that separates issuers side by side on a 署名 line; a
 * single space is extraction damage inside one name. */
static bool wide_gap_at(view v, size_t p, size_t *end)
{
    int count = 0;
    bool wide = false;
    size_t q = p, k;
    uint32_t c;
    while (q < v.n && rd_is_space(c = rd_cp_at(v.s, v.n, q, &k))) {
        wide |= c == 0x3000 || c == '\t';
        count++;
        q += k;
    }
    *end = q;
    return count > 0 && (wide || count >= 2);
}

/* Calls part() for each part of a 署名 line between wide gaps. Returns the number of parts, or
 * stops early (returning -1) when part() returns false. */
static int signature_parts(view v, bool (*part)(view, void *), void *arg)
{
    int parts = 0;
    size_t seg = 0;
    for (size_t p = 0; p <= v.n;) {
        size_t q = p, k = 1;
        bool gap = p < v.n && wide_gap_at(v, p, &q);
        if (p == v.n || gap) {
            if (p > seg) {
                if (!part((view){ v.s + seg, p - seg, 0, 0 }, arg))
                    return -1;
                parts++;
            }
            if (p == v.n)
                break;
            p = seg = q;
            continue;
        }
        rd_cp_at(v.s, v.n, p, &k);
        p += k ? k : 1;
    }
    return parts;
}

static bool office_part(view part, void *arg)
{
    (void)arg;
    return office_suffix(part);
}

/* Whether a 署名 line holds several offices side by side: parts separated by wide gaps, each
 * ending like an office name. */
static bool joint_signatures(view v)
{
    return signature_parts(v, office_part, NULL) > 1;
}

typedef struct {
    rd_ctx *ctx;
    size_t line;
} sig_arg;

static bool add_signature_part(view part, void *arg)
{
    sig_arg *a = arg;
    gw_buf b;
    gw_buf_init(&b);
    prose(a->ctx, a->line, part.s, part.n, &b);
    gw_document_add_signature(a->ctx->doc, b.data, pos_of(a->ctx, a->line, part.s));
    gw_buf_free(&b);
    return true;
}

/* A 署名 line: several issuers side by side are separated by wide gaps (U+3000, a tab, or two
 * or more spaces); a single space is extraction damage inside one name. */
static void signature_line(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, i);
    if (!joint_signatures(v)) {
        /* one 署名; a 命令's `市长　张三` is its signatory: the 职务 and the name (§7.3.5.3) */
        gw_buf b;
        gw_buf_init(&b);
        if (ctx->format == GW_FORMAT_ORDER)
            collapse_spaces(v.s, v.n, &b);
        else
            prose(ctx, i, v.s, v.n, &b);
        const char *sp = ctx->format == GW_FORMAT_ORDER && b.data ? strrchr(b.data, ' ') : NULL;
        size_t name_chars = sp ? gw_utf8_count(sp + 1, strlen(sp + 1)) : 0;
        bool wide = sp != NULL;
        for (size_t k = sp ? 1 : 0, n = sp ? strlen(sp) : 0; wide && k < n;) {
            uint32_t cp;
            k += gw_utf8_decode(sp + k, n - k, &cp);
            wide = gw_is_han(cp);
        }
        if (sp && sp > b.data && wide && name_chars >= 2 && name_chars <= 4) {
            char *title = gw_strndup(b.data, (size_t)(sp - b.data));
            gw_signatory *sg = gw_document_add_signatory(ctx->doc, title, pos_of(ctx, i, v.s));
            size_t name_at = (size_t)(sp + 1 - b.data);
            /* the name's column: where it starts in the line (spaces collapsed before it) */
            const char *in_line = v.s + v.n;
            while (in_line > v.s && !rd_is_space(rd_cp_before(v.s, (size_t)(in_line - v.s), NULL)))
                in_line -= 1;
            gw_text_set(&sg->name, b.data + name_at, pos_of(ctx, i, in_line));
            free(title);
        } else {
            gw_document_add_signature(ctx->doc, b.data, pos_of(ctx, i, v.s));
        }
        gw_buf_free(&b);
        return;
    }
    sig_arg a = { ctx, i };
    signature_parts(v, add_signature_part, &a);
}

static size_t signature(rec *r, size_t i, size_t date_at)
{
    for (size_t j = i; j < date_at; j++)
        if (!blank(r->ctx, j))
            signature_line(r, j);
    return date_line(r, date_at, &r->ctx->doc->date, false);
}

/* `（联系人：…）` after the 成文日期: the 附注, without its parentheses. */
static size_t note(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    gw_buf b;
    gw_buf_init(&b);
    gw_pos pos = { 0, 0 };
    size_t j = i;
    for (; j < ctx->n_lines && j < i + 5; j++) {
        view w = content(ctx, j);
        if (w.n == 0)
            break;
        if (j == i)
            pos = pos_of(ctx, j, w.s);
        prose(ctx, j, w.s, w.n, &b);
        if (rd_ends_with(w.s, w.n, "）") || rd_ends_with(w.s, w.n, ")")) {
            j++;
            break;
        }
    }
    size_t s = 0, e = b.len;
    if (rd_starts_with(b.data, b.len, "（"))
        s = strlen("（");
    else if (b.len && b.data[0] == '(')
        s = 1;
    if (rd_ends_with(b.data, b.len, "）"))
        e -= strlen("）");
    else if (b.len && b.data[b.len - 1] == ')')
        e -= 1;
    if (e < s)
        e = s;
    char *t = gw_strndup(b.data + s, e - s);
    gw_text_set(&ctx->doc->note, t, pos);
    free(t);
    gw_buf_free(&b);
    return j;
}

/* `出席：…` `请假：…` `列席：…` (纪要). Names keep the spaces between them. */
static size_t attendance(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    view v = content(ctx, i);
    size_t after = 0;
    gw_text *field = &ctx->doc->attendance.present;
    attendance_label(v, &after, &field, ctx);
    gw_buf b;
    gw_buf_init(&b);
    size_t tb, te;
    rd_trim(v.s + after, v.n - after, &tb, &te);
    gw_pos pos = pos_of(ctx, i, v.s + after + tb);
    size_t j = i;
    for (;;) {
        /* collapse white-space runs to one space: the names stay apart */
        const char *s = j == i ? v.s + after : v.s;
        size_t n = j == i ? v.n - after : v.n;
        size_t b0, e0;
        rd_trim(s, n, &b0, &e0);
        if (b.len && b0 < e0)
            gw_buf_putc(&b, ' ');
        collapse_spaces(s, n, &b);
        j++;
        if (j >= ctx->n_lines)
            break;
        v = content(ctx, j);
        if (v.n == 0 || breaks_paragraph(r, j) || attendance_label(v, NULL, NULL, ctx))
            break;
    }
    gw_text_set(field, b.data ? b.data : "", pos);
    gw_buf_free(&b);
    return j;
}

/* ---- 版记 ---- */

/* Dry runs of colophon() are memoised. The walk asks at every `---`, 抄送 and 印发 line
 * whether a 版记 follows, and each answer may read to the end of the file: 30,000 `---` lines
 * took 5 s. After a reset line (a `---` with no 印发机关 pending, a 抄送/分送/主送 label, a
 * 印发日期 line) the scan's state depends on that line alone, so every dry run that reaches it
 * ends the same way from there: failing, or succeeding with or without a 版记 element after
 * it. A run records that for each reset line it went through and stops at one already known,
 * so each line is read by a bounded number of runs. */
enum { MEMO_UNKNOWN = 0, MEMO_FAIL, MEMO_OK_ANY, MEMO_OK_NONE };

/* At reset line j of a dry run: true (and the outcome in *ok, *any_at) if it is known. */
static bool memo_reset(rec *r, size_t j, bool *ok, long *any_at)
{
    switch (r->colophon_memo[j]) {
    case MEMO_FAIL:
        *ok = false;
        return true;
    case MEMO_OK_ANY:
        if ((long)j > *any_at)
            *any_at = (long)j;
        return true;
    case MEMO_OK_NONE:
        return true;
    default:
        break;
    }
    if (r->n_passed == r->cap_passed) {
        r->cap_passed = r->cap_passed ? r->cap_passed * 2 : 64;
        r->passed = gw_xrealloc(r->passed, r->cap_passed * sizeof *r->passed);
    }
    r->passed[r->n_passed++] = j;
    return false;
}

/* Reads the 版记 from line i to the end. With apply false only says whether lines i.. are a
 * 版记 (and nothing else). */
static bool colophon(rec *r, size_t i, bool apply)
{
    rd_ctx *ctx = r->ctx;
    gw_colophon *c = &ctx->doc->colophon;
    gw_text *cur = NULL;   /* the labelled field a wrapped line continues */
    gw_buf cur_buf;
    gw_pos cur_pos = { 0, 0 };
    gw_buf_init(&cur_buf);
    long pending = -1;     /* an unlabelled line: the 印发机关 when the date follows */
    bool any = false, ok = true;
    size_t prev = (size_t)-1;
    long any_at = -1;      /* dry run: the last line that made `any` true */
    if (!apply && !r->colophon_memo)
        r->colophon_memo = gw_xcalloc(ctx->n_lines ? ctx->n_lines : 1, 1);
    r->n_passed = 0;
#define MEMO_STOP(j) (!apply && memo_reset(r, (j), &ok, &any_at))

#define CLOSE_FIELD()                                                                            \
    do {                                                                                         \
        if (cur && apply) {                                                                      \
            if (cur == &c->cc) {                                                                 \
                bool changed;                                                                    \
                char *t = rd_cc_with_full_stop(cur_buf.data ? cur_buf.data : "", &changed);      \
                if (changed)                                                                     \
                    gw_diags_add(ctx->diags, GW_WARNING, "cc-end-punct", cur_pos.line, cur_pos.col,              \
                                 "抄送 must end with '。'; added it");                                   \
                gw_text_set(cur, t, cur_pos);                                                    \
                free(t);                                                                         \
            } else {                                                                             \
                gw_text_set(cur, cur_buf.data ? cur_buf.data : "", cur_pos);                     \
            }                                                                                    \
        }                                                                                        \
        cur = NULL;                                                                              \
        cur_buf.len = 0;                                                                         \
    } while (0)

    for (size_t j = i; j < ctx->n_lines && ok; j++) {
        view v = content(ctx, j);
        if (v.n == 0)
            continue;
        bool adjacent = prev != (size_t)-1 && prev + 1 == j;
        prev = j;
        size_t at;
        rd_date d;
        if (is_hr(v)) {
            if (pending < 0 && MEMO_STOP(j))
                break;
            CLOSE_FIELD();
            continue;
        }
        if (v.hashes) {
            ok = false;
            break;
        }
        static const char *const labels[] = { "抄送", "分送", "主送" };
        size_t after = 0;
        int which = -1;
        for (int k = 0; k < 3 && which < 0; k++)
            if ((after = label_at(v, labels[k])) > 0)
                which = k;
        if (which >= 0) {
            CLOSE_FIELD();
            if (pending >= 0) {
                ok = false;
                break;
            }
            if (MEMO_STOP(j))
                break;
            cur = which == 0 ? &c->cc : which == 1 ? &c->distribute : &c->main_to;
            size_t tb, te;
            rd_trim(v.s + after, v.n - after, &tb, &te);
            cur_pos = pos_of(ctx, j, v.s + after + tb);
            if (apply)
                prose(ctx, j, v.s + after, v.n - after, &cur_buf);
            else
                gw_buf_append(&cur_buf, v.s + after, v.n - after);
            any = true;
            any_at = (long)j;
            continue;
        }
        if (print_date_in(v, &at, &d)) {
            if (MEMO_STOP(j))
                break;
            CLOSE_FIELD();
            size_t tb, te;
            rd_trim(v.s, at, &tb, &te);
            if (apply) {
                if (tb < te) {
                    gw_buf b;
                    gw_buf_init(&b);
                    prose(ctx, j, v.s, at, &b);
                    gw_text_set(&c->printer, b.data, pos_of(ctx, j, v.s + tb));
                    gw_buf_free(&b);
                } else if (pending >= 0) {
                    set_prose_line(ctx, (size_t)pending, &c->printer);
                }
                date_line(r, j, &c->print_date, true);
            }
            pending = -1;
            any = true;
            any_at = (long)j;
            continue;
        }
        if (cur && adjacent && !rd_ends_with(cur_buf.data ? cur_buf.data : "", cur_buf.len, "。")) {
            /* a wrapped 抄送 list (the dry run keeps the raw text: only its end matters) */
            if (apply)
                prose(ctx, j, v.s, v.n, &cur_buf);
            else
                gw_buf_append(&cur_buf, v.s, v.n);
            continue;
        }
        CLOSE_FIELD();
        if (pending < 0 && name_like(v)) {
            pending = (long)j;
            any = true;
            any_at = (long)j;
            continue;
        }
        ok = false;
    }
    if (ok)
        CLOSE_FIELD();
    if (ok && pending >= 0 && apply) /* 印发机关 without a date (信函 has neither, usually) */
        set_prose_line(ctx, (size_t)pending, &c->printer);
    if (!apply) {
        any = any_at >= 0;
        for (size_t k = 0; k < r->n_passed; k++) {
            size_t at = r->passed[k];
            r->colophon_memo[at] = !ok ? MEMO_FAIL : any_at >= (long)at ? MEMO_OK_ANY : MEMO_OK_NONE;
        }
    }
#undef MEMO_STOP
#undef CLOSE_FIELD
    gw_buf_free(&cur_buf);
    return ok && any;
}

/* ---- 版头, 标题, 主送 ---- */

/* Whether s[0..n) is nothing but spaces. */
static bool blank_text(const char *s, size_t n)
{
    for (size_t p = 0; p < n;) {
        size_t k = 1;
        uint32_t c = rd_cp_at(s, n, p, &k);
        if (!rd_is_space(c))
            return false;
        p += k ? k : 1;
    }
    return true;
}

/* A 发文字号 line: the number and nothing else (a paragraph that cites one, `…（国办发〔2024〕1号）
 * 和…`, is text, never the 版头's number). */
static bool docno_alone(view v, const rd_docno *dn)
{
    return blank_text(v.s, dn->start) && blank_text(v.s + dn->end, v.n - dn->end);
}

static bool line_has_docno(const rd_ctx *ctx, size_t i)
{
    view v = content(ctx, i);
    if (v.hashes || v.n > 400)
        return false;
    rd_docno dn;
    if (rd_find_doc_number(v.s, v.n, &dn)) {
        bool alone = docno_alone(v, &dn) || find_str(v.s, v.n, "签发人") < v.n;
        rd_docno_free(&dn);
        return alone;
    }
    return false;
}

/* The number of a special format: a 命令's 令号 `第12号`, a 纪要's 期号 `第15期`. */
static const char *serial_suffix(const rd_ctx *ctx)
{
    return ctx->format == GW_FORMAT_ORDER ? "号" : ctx->format == GW_FORMAT_MINUTES ? "期" : NULL;
}

static bool order_number_in(view v, const char *suffix)
{
    if (!suffix || v.hashes || !rd_starts_with(v.s, v.n, "第") || !rd_ends_with(v.s, v.n, suffix) ||
        v.n > 40)
        return false;
    for (size_t i = strlen("第"); i < v.n - strlen(suffix); i++)
        if (!rd_is_digit((unsigned char)v.s[i]) && v.s[i] != ' ')
            return false;
    return v.n > strlen("第") + strlen(suffix);
}

static size_t find_str(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0)
            return i;
    return n;
}

/* Names of 签发人 in s[0..n) (rd_next_name), each with its own position. */
static void add_signers(rec *r, size_t li, const char *s, size_t n)
{
    size_t b, e;
    for (size_t at = 0; rd_next_name(s, n, &at, &b, &e);) {
        char *name = gw_strndup(s + b, e - b);
        gw_document_add_signer(r->ctx->doc, name, pos_of(r->ctx, li, s + b));
        free(name);
    }
}

/* A line of 签发人 names only: short wide-character tokens (2 to 4 characters each). */
static bool names_only(view v)
{
    if (v.hashes || v.n == 0 || v.n > 80)
        return false;
    size_t tok = 0;
    for (size_t p = 0; p <= v.n;) {
        size_t k = 1;
        uint32_t c = p < v.n ? rd_cp_at(v.s, v.n, p, &k) : ' ';
        if (rd_is_space(c) || c == 0x3001 || c == 0xFF0C) {
            if (tok == 1 || tok > 4)
                return false;
            tok = 0;
        } else if (!rd_is_wide(c)) {
            return false;
        } else {
            tok++;
        }
        if (p == v.n)
            break;
        p += k ? k : 1;
    }
    return true;
}

/* 发文字号 (with the normalisations GB/T 9704 §7.2.5 asks for) and 签发人. */
static size_t doc_number_block(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    gw_document *doc = ctx->doc;
    bool signer_mode = false, found = false;
    size_t j = next_nonblank(ctx, i), last = i;
    for (int lines = 0; j < ctx->n_lines && lines < 6; lines++) {
        view v = content(ctx, j);
        if (v.hashes || v.n > 400)
            break;
        size_t label = find_str(v.s, v.n, "签发人");
        size_t names_from = 0;
        bool has_label = false;
        if (label < v.n) {
            view rest = { v.s + label, v.n - label, v.off + label, 0 };
            size_t a = label_at(rest, "签发人");
            if (a) {
                has_label = true;
                names_from = label + a;
            }
        }
        rd_docno dn;
        bool has_dn = !found && rd_find_doc_number(v.s, v.n, &dn);
        if (has_dn && !has_label && !signer_mode && !docno_alone(v, &dn)) {
            rd_docno_free(&dn); /* a sentence that cites a number: text, not the 版头 */
            has_dn = false;
        }
        bool order_no = !found && !has_dn && order_number_in(v, serial_suffix(ctx));
        if (!has_label && !has_dn && !order_no && !(signer_mode && names_only(v)))
            break;
        if (found && !has_label)
            break;
        if (has_dn) {
            found = true;
            gw_pos pos = pos_of(ctx, j, v.s + dn.start);
            rd_docno_report(ctx->diags, &dn, pos);
            gw_buf spaces; /* only for the stray-space warning: the text is dn.text */
            gw_buf_init(&spaces);
            prose(ctx, j, v.s + dn.start, dn.end - dn.start, &spaces);
            gw_buf_free(&spaces);
            gw_text_set(&doc->doc_number, dn.text, pos); /* the front matter may override it */
            /* names on the same line, before the number (after a label) or after it */
            if (has_label) {
                if (names_from > dn.end) {
                    add_signers(r, j, v.s + names_from, v.n - names_from);
                } else if (names_from <= dn.start) {
                    add_signers(r, j, v.s + names_from, dn.start - names_from);
                    add_signers(r, j, v.s + dn.end, v.n - dn.end);
                }
            } else if (signer_mode) {
                add_signers(r, j, v.s, dn.start);
                add_signers(r, j, v.s + dn.end, v.n - dn.end);
            }
            rd_docno_free(&dn);
        } else if (order_no) {
            found = true;
            long serial = 0;
            bool zero = false;
            size_t digits = 0;
            for (size_t p = 0; p < v.n; p++) {
                if (rd_is_digit((unsigned char)v.s[p])) {
                    zero |= digits == 0 && v.s[p] == '0';
                    serial = serial * 10 + (v.s[p] - '0');
                    digits++;
                }
            }
            char *t = gw_asprintf("第%ld%s", serial, serial_suffix(ctx));
            gw_pos pos = pos_of(ctx, j, v.s);
            if (zero && digits > 1) {
                gw_buf raw;
                gw_buf_init(&raw);
                rd_strip_spaces(v.s, v.n, &raw, NULL);
                gw_diags_add(ctx->diags, GW_WARNING, "doc-number-form", pos.line, pos.col,
                             "%s '%s' written as '%s' (no leading zeros)",
                             ctx->format == GW_FORMAT_ORDER ? "令号" : "期号", raw.data, t);
                gw_buf_free(&raw);
            }
            gw_text_set(&doc->doc_number, t, pos);
            free(t);
        } else if (has_label) {
            add_signers(r, j, v.s + names_from, v.n - names_from);
        } else {
            add_signers(r, j, v.s, v.n);
        }
        signer_mode |= has_label;
        last = j + 1;
        j = next_nonblank(ctx, j + 1);
    }
    if (!found && !signer_mode)
        return i;
    return last;
}

static bool short_upto(view v, size_t chars)
{
    return rd_count_chars_upto(v.s, v.n, chars + 1) <= chars;
}

/* A 主送 written without its ： (`各县（市、区）科技局，各有关单位`): one short line right after
 * the title, a paragraph of its own, no sentence in it, ending like the offices it names. Left
 * alone it would be joined to the first paragraph as a line cut by a page break. */
static bool addressee_without_colon(rd_ctx *ctx, size_t i)
{
    if (i >= ctx->n_lines || (i + 1 < ctx->n_lines && !blank(ctx, i + 1)))
        return false;
    view w = content(ctx, i);
    if (w.n == 0 || w.hashes || is_hr(w) || numbered(w) || colophon_label(w) ||
        label_at(w, "附件") || attendance_label(w, NULL, NULL, ctx) ||
        rd_count_chars_upto(w.s, w.n, 61) > 60)
        return false;
    static const char *const stops[] = { "。", "！", "？", "；", "：", ":" };
    if (contains_any(w, stops, sizeof stops / sizeof *stops))
        return false;
    static const char *const ends[] = { "单位", "部门", "机构", "企业", "学校", "人民政府" };
    for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
        if (rd_ends_with(w.s, w.n, ends[k]))
            return true;
    return rd_office_suffix(w.s, w.n);
}

/* The text of a 发文机关标志 line. Office names separated by spaces (`清源市人民政府办公室
 * 清源市财政局文件`, a joint mark on one line) keep one space between them, which names the
 * issuers; spaces inside a word (letter-spaced or left by PDF extraction) go as in prose. */
static void mark_text(rd_ctx *ctx, size_t li, view v, gw_buf *out)
{
    size_t words = 0, shortest = SIZE_MAX;
    for (size_t p = 0; p < v.n;) {
        size_t k = 1;
        uint32_t c = rd_cp_at(v.s, v.n, p, &k);
        if (rd_is_space(c) || c == 0x3000) {
            p += k ? k : 1;
            continue;
        }
        size_t chars = 0;
        while (p < v.n && (c = rd_cp_at(v.s, v.n, p, &k), !rd_is_space(c) && c != 0x3000)) {
            p += k ? k : 1;
            chars++;
        }
        words++;
        shortest = chars < shortest ? chars : shortest;
    }
    if (words < 2 || shortest < 3) { /* one name, or letter-spaced: prose */
        prose(ctx, li, v.s, v.n, out);
        return;
    }
    for (size_t p = 0; p < v.n;) {
        size_t k = 1;
        uint32_t c = rd_cp_at(v.s, v.n, p, &k);
        if (rd_is_space(c) || c == 0x3000) {
            p += k ? k : 1;
            continue;
        }
        if (out->len)
            gw_buf_putc(out, ' ');
        size_t b = p;
        while (p < v.n && (c = rd_cp_at(v.s, v.n, p, &k), !rd_is_space(c) && c != 0x3000))
            p += k ? k : 1;
        gw_buf_append(out, v.s + b, p - b);
    }
}

static size_t header(rec *r, size_t i)
{
    rd_ctx *ctx = r->ctx;
    gw_document *doc = ctx->doc;
    size_t first = next_nonblank(ctx, i);

    /* 份号, 密级, 紧急程度: short lines at the very top, in any order */
    for (i = first; (i = next_nonblank(ctx, i)) < ctx->n_lines; i++) {
        view v = content(ctx, i);
        if (v.hashes || v.n > 64)
            break;
        gw_buf b;
        gw_buf_init(&b);
        rd_strip_spaces(v.s, v.n, &b, NULL);
        const char *t = b.data ? b.data : "";
        size_t digits = 0;
        while (t[digits] >= '0' && t[digits] <= '9')
            digits++;
        gw_text *field = NULL;
        if (!doc->copy_number.text && digits == 6 && t[6] == '\0')
            field = &doc->copy_number;
        else if (!doc->secrecy.text && (rd_starts_with(t, b.len, "绝密") || rd_starts_with(t, b.len, "机密") ||
                                        rd_starts_with(t, b.len, "秘密")) &&
                 gw_utf8_count(t, b.len) <= 12)
            field = &doc->secrecy;
        else if (!doc->urgency.text && (!strcmp(t, "特急") || !strcmp(t, "加急") || !strcmp(t, "特提") ||
                                        !strcmp(t, "平急")))
            field = &doc->urgency;
        gw_buf_free(&b);
        if (!field)
            break;
        gw_buf_init(&b);
        prose(ctx, i, v.s, v.n, &b);
        gw_text_set(field, b.data, pos_of(ctx, i, v.s));
        gw_buf_free(&b);
    }
    i = next_nonblank(ctx, i);
    first = i;
    bool have_mark = false, have_docno = false;

    /* 发文机关标志: `# …文件`, a first line ending in 文件, or a line right above the 发文字号 */
    if (i < ctx->n_lines) {
        view v = content(ctx, i);
        size_t k = next_nonblank(ctx, i + 1);
        bool docno_next = k < ctx->n_lines && (line_has_docno(ctx, k) ||
                                               order_number_in(content(ctx, k), serial_suffix(ctx)));
        bool guanyu = find_str(v.s, v.n, "关于") < v.n;
        bool wenjian = rd_ends_with(v.s, v.n, "文件");
        bool special = rd_ends_with(v.s, v.n, "纪要") || rd_ends_with(v.s, v.n, "命令") || rd_ends_with(v.s, v.n, "令");
        bool plain_ok = !v.hashes && name_like(v);
        /* a 信函's mark is the issuer's name alone (`# 泉州市科学技术局`) */
        bool letterhead = ctx->format == GW_FORMAT_LETTER && v.hashes == 1 && office_suffix(v);
        if (v.n && !numbered(v) && short_upto(v, 40) && !guanyu &&
            ((v.hashes && (wenjian || special || docno_next || letterhead)) ||
             (plain_ok && (wenjian || special || docno_next)))) {
            gw_buf b;
            gw_buf_init(&b);
            mark_text(ctx, i, v, &b);
            gw_text_set(&doc->issuer_mark, b.data, pos_of(ctx, i, v.s));
            if (!ctx->format_given) {
                if (rd_ends_with(b.data, b.len, "纪要"))
                    ctx->format = GW_FORMAT_MINUTES;
                else if (rd_ends_with(b.data, b.len, "命令") || rd_ends_with(b.data, b.len, "令"))
                    ctx->format = GW_FORMAT_ORDER;
            }
            gw_buf_free(&b);
            have_mark = true;
            i++;
        }
    }

    size_t after = doc_number_block(r, i);
    have_docno = after != i;
    i = next_nonblank(ctx, after);

    /* 标题 */
    if (i < ctx->n_lines) {
        view v = content(ctx, i);
        bool explicit_title = v.hashes && !numbered(v) && !annex_label(v, NULL);
        bool plain = !RD_FM_HAS(ctx, RD_K_TITLE) && !v.hashes && plain_title_at(ctx, i) &&
                     (have_mark || have_docno || i == first);
        if (explicit_title || plain) {
            i = next_nonblank(ctx, read_title(r, i, &doc->title, &doc->title_breaks));
        }
    }

    /* 主送: a short paragraph ending in ： right after the title */
    if (i < ctx->n_lines) {
        size_t j = i, chars = 0;
        bool ok = false;
        while (j < ctx->n_lines && j < i + 4) {
            view w = content(ctx, j);
            if (w.n == 0 || w.hashes || is_hr(w) || colophon_label(w) || label_at(w, "附件") ||
                attendance_label(w, NULL, NULL, ctx) || (j == i && numbered(w)))
                break;
            chars += rd_count_chars_upto(w.s, w.n, 201);
            static const char *const stops[] = { "。", "！", "？", "如下" };
            if (chars > 200 || contains_any(w, stops, 4))
                break;
            j++;
            if (rd_ends_with(w.s, w.n, "：") || rd_ends_with(w.s, w.n, ":")) {
                ok = true;
                break;
            }
        }
        if (!ok && addressee_without_colon(ctx, i)) {
            view w = content(ctx, i);
            gw_diags_add(ctx->diags, GW_WARNING, "addressee-colon-added", ctx->lines[i].no,
                         rd_col(ctx->lines[i].s, (size_t)(w.s - ctx->lines[i].s) + w.n),
                         "主送机关 '%.*s' has no ：; read as the 主送机关 (printed with its ：)",
                         (int)w.n, w.s);
            ok = true;
            j = i + 1;
        }
        if (ok) {
            gw_buf b;
            gw_buf_init(&b);
            for (size_t k = i; k < j; k++) {
                view w = content(ctx, k);
                size_t n = w.n;
                if (k + 1 == j && rd_ends_with(w.s, w.n, "："))
                    n -= strlen("：");
                else if (k + 1 == j && rd_ends_with(w.s, w.n, ":"))
                    n -= 1;
                prose(ctx, k, w.s, n, &b);
            }
            gw_text_set(&doc->addressee, b.data, pos_of(ctx, i, content(ctx, i).s));
            gw_buf_free(&b);
            i = j;
        }
    }
    return i;
}

/* ---- the walk ---- */

/* A page number PDF extraction left on a line of its own: `— 2 —`, `- 2 -`, `－2－`, `第2页`,
 * `第 2 页 共 9 页` (spaces of any width around). */
static bool page_number_line(const char *s, size_t n)
{
    size_t p = 0, k;
    uint32_t c;
#define SKIP_SPACES()                                                                   \
    while (p < n && (c = rd_cp_at(s, n, p, &k), rd_is_space(c) || c == 0x3000)) \
        p += k ? k : 1
#define IS_DASH(c) ((c) == '-' || (c) == 0x2014 || (c) == 0x2013 || (c) == 0xFF0D || (c) == 0x2015)
    SKIP_SPACES();
    if (p >= n)
        return false;
    c = rd_cp_at(s, n, p, &k);
    bool dashes = IS_DASH(c), page_word = c == 0x7B2C; /* 第 */
    if (!dashes && !page_word)
        return false;
    for (int part = 0; part < 2; part++) {
        if (p >= n)
            return part == 1;
        c = rd_cp_at(s, n, p, &k);
        if (dashes ? !IS_DASH(c) : c != 0x7B2C && c != 0x5171) /* 第, or 共 before the total */
            return false;
        while (p < n && (c = rd_cp_at(s, n, p, &k), dashes ? IS_DASH(c) : c == 0x7B2C || c == 0x5171))
            p += k ? k : 1;
        SKIP_SPACES();
        size_t digits = 0;
        while (p < n && rd_is_digit((unsigned char)s[p]))
            p++, digits++;
        if (!digits || digits > 4)
            return false;
        SKIP_SPACES();
        if (p >= n)
            return false;
        c = rd_cp_at(s, n, p, &k);
        if (dashes) {
            if (!IS_DASH(c))
                return false;
            while (p < n && (c = rd_cp_at(s, n, p, &k), IS_DASH(c)))
                p += k ? k : 1;
            SKIP_SPACES();
            return p >= n;
        }
        if (c != 0x9875) /* 页 */
            return false;
        p += k ? k : 1;
        SKIP_SPACES();
    }
    return p >= n;
#undef SKIP_SPACES
#undef IS_DASH
}

/* Page numbers PDF extraction left between the lines are dropped (each with a warning), so
 * the paragraph a page break cut joins up again, repeated fragment and all. */
static void drop_page_numbers(rd_ctx *ctx)
{
    for (size_t i = ctx->start; i < ctx->n_lines; i++) {
        rd_line *l = &ctx->lines[i];
        if (l->len && l->len < 256 && page_number_line(l->s, l->len)) {
            size_t b = 0; /* (the number without the spaces around it) */
            while (b < l->len && (l->s[b] == ' ' || l->s[b] == '\t'))
                b++;
            gw_diags_add(ctx->diags, GW_WARNING, "repair-page-number", l->no, (int)b + 1,
                         "page number \"%.*s\" left by PDF extraction removed",
                         (int)(l->len - b), l->s + b);
            l->len = 0;
        }
    }
}

void rd_recognise(rd_ctx *ctx)
{
    drop_page_numbers(ctx);
    rec r = { ctx, &ctx->doc->body, { 0 }, false, NULL, NULL, 0, 0 };
    size_t i = header(&r, ctx->start);
    bool after_date = false;
    while (i < ctx->n_lines) {
        view v = content(ctx, i);
        if (v.n == 0) {
            i++;
            continue;
        }
        bool was_date = after_date;
        after_date = false;
        size_t at;
        rd_date d;
        if (is_hr(v) || colophon_label(v) || print_date_in(v, &at, &d)) {
            if (colophon(&r, i, false)) {
                flush(&r);
                colophon(&r, i, true);
                break;
            }
            if (is_hr(v)) {
                gw_diags_add(ctx->diags, GW_WARNING, "colophon-misplaced", ctx->lines[i].no, 1,
                             "'---' ignored: only the 版记 (抄送, 印发机关, 印发日期) may follow it");
                i++;
                continue;
            }
        }
        if (annex_label(v, NULL)) {
            flush(&r);
            i = annex_from_label(&r, i);
            continue;
        }
        if (is_table(v)) {
            flush(&r);
            i = rd_table(ctx, i, r.target);
            continue;
        }
        /* `# 标题` starts an attached or issued document; once the 主体 has its 署名 or date, a
         * `##` title does too */
        bool main_done = ctx->doc->date.text || ctx->doc->n_signatures;
        if (v.hashes && !numbered(v) && (v.hashes == 1 || (main_done && !r.in_annex))) {
            flush(&r);
            i = annex_from_title(&r, i);
            continue;
        }
        if (!r.in_annex) {
            size_t date_at;
            if (label_at(v, "附件")) {
                flush(&r);
                i = attachment_notes(&r, i);
                continue;
            }
            if (signature_at(ctx, i, &date_at)) {
                flush(&r);
                i = signature(&r, i, date_at);
                after_date = true;
                continue;
            }
            if (is_date_line(v, NULL)) {
                flush(&r);
                i = date_line(&r, i, &ctx->doc->date, false);
                after_date = true;
                continue;
            }
            if (was_date && (rd_starts_with(v.s, v.n, "（") || v.s[0] == '(')) {
                flush(&r);
                i = note(&r, i);
                continue;
            }
            if (attendance_label(v, NULL, NULL, ctx)) {
                flush(&r);
                i = attendance(&r, i);
                continue;
            }
        }
        i = paragraph(&r, i);
    }
    flush(&r);
    rd_paras_free(&r.paras);
    free(r.colophon_memo);
    free(r.passed);
}
