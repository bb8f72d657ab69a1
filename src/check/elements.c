/* elements.c: the rules on single elements: titles (title-end-punct, title-unbalanced), the
 * 附件说明 (attachment-note-numbering, attachment-note-mismatch), 主送 (addressee-colon), 署名
 * and 成文日期 (signature-missing, date-missing). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_int.h"

/* ---- title ---- */

void ck_title(const gw_source *src, const gw_text *t, const char *what, gw_diags *d)
{
    if (!t->text || !*t->text)
        return;
    const char *s = t->text;
    size_t n = strlen(s), last = ck_last_char(s, n);
    uint32_t c = ck_cp_at(s, last, NULL);
    static const uint32_t ends[] = { 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF01, 0xFF1F, 0x3001,
                                     '.', ',', ';', ':', '!', '?' };
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (c == ends[i]) {
            gw_pos at = ck_locate_last(src, t->pos, s);
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
            uint32_t x = ck_cp_at(s, i, &k);
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
        gw_pos at = ck_locate(src, t->pos, s, bad);
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
        uint32_t c = ck_cp_at(s, i, &k);
        if (!ck_is_space(c))
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
void ck_note_numbers(const gw_source *src, const gw_document *doc, bool *claimed,
                               gw_diags *d)
{
    if (!doc->n_attachment_notes)
        return;
    int first = doc->attachment_notes[0].pos.line;
    long expected = 1;
    for (int line = first; ck_line_at(src, line) && !ck_blank(ck_line_at(src, line)); line++) {
        const char *s = ck_line_at(src, line);
        size_t i = 0;
        while (s[i] == ' ' || s[i] == '\t')
            i++;
        if (line == first) {
            const char *lab = strstr(s, "附件");
            if (!lab)
                return;
            i = (size_t)(lab - s) + strlen("附件");
            if (!ck_lit(s, &i, "：") && !ck_lit(s, &i, ":"))
                return;
            while (s[i] == ' ')
                i++;
        }
        size_t at = i;
        bool paren = ck_lit(s, &i, "（") || ck_lit(s, &i, "(");
        long v;
        if (ck_digits(s, &i, 3, &v) < 1 || ck_digits(s, &i, 3, &v) > 3) {
            if (line == first)
                return; /* one attachment, not numbered */
            continue;   /* a long name wrapped */
        }
        i = at + (paren ? (s[at] == '(' ? 1 : strlen("（")) : 0);
        ck_digits(s, &i, 3, &v);
        bool dot = ck_lit(s, &i, ".") || ck_lit(s, &i, "．");
        bool close = !dot && (ck_lit(s, &i, "）") || ck_lit(s, &i, ")"));
        bool comma = !dot && !close && ck_lit(s, &i, "、");
        if (!dot && !close && !comma) {
            if (line == first)
                return;
            continue;
        }
        claimed[line - 1] = true;
        if (v != expected)
            gw_diags_add(d, GW_ERROR, "attachment-note-numbering", line, ck_col_of(s, at),
                         "附件说明 item numbered %ld: the attachments are numbered 1. 2. 3. in order, "
                         "this one %ld.", v, expected);
        else if (!dot)
            gw_diags_add(d, GW_ERROR, "attachment-note-numbering", line, ck_col_of(s, at),
                         "附件说明 item numbered '%.*s': write it as '%ld.'", (int)(i - at), s + at, v);
        expected = v + 1;
    }
}

void ck_attachments(const gw_document *doc, gw_diags *d)
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
    while (ck_line_at(src, line + 1) && !ck_blank(ck_line_at(src, line + 1)))
        line++;
    return line;
}


/* A 主送 line without its colon: the one-line paragraph right after the title, a list of
 * offices (no sentence punctuation, ending in a character), before the 正文. */
void ck_addressee(const gw_source *src, const gw_document *doc, gw_diags *d)
{
    if (doc->addressee.text && doc->addressee.pos.line > 0) {
        /* the reader took it as the 主送 (its last line before a blank one): it must end in ： */
        int line = doc->addressee.pos.line;
        while (ck_line_at(src, line + 1) && !ck_blank(ck_line_at(src, line + 1)))
            line++;
        const char *s = ck_line_at(src, line);
        size_t n = s ? strlen(s) : 0;
        while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
            n--;
        if (s && n && ck_cp_at(s, ck_last_char(s, n), NULL) != 0xFF1A && s[n - 1] != ':')
            gw_diags_add(d, GW_ERROR, "addressee-colon", line, ck_col_of(s, n),
                         "the 主送机关 '%.*s' ends with a full-width colon '：'", (int)n, s);
        return;
    }
    if (!doc->title.text || !doc->title.pos.line)
        return;
    gw_pos t = ck_locate_last(src, doc->title.pos, doc->title.text);
    int line = t.line + 1;
    while (ck_line_at(src, line) && ck_blank(ck_line_at(src, line)))
        line++;
    const char *s = ck_line_at(src, line);
    if (!s || !ck_line_at(src, line + 1) || !ck_blank(ck_line_at(src, line + 1)))
        return;
    int next = line + 1;
    while (ck_line_at(src, next) && ck_blank(ck_line_at(src, next)))
        next++;
    if (!ck_line_at(src, next))
        return;
    static const char *const sentence[] = { "。", "！", "？", "；", "如下", "：", ":", "#" };
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    size_t chars = gw_utf8_count(s, n);
    char hint[48];
    if (chars < 2 || chars > 80 || ck_has_any(s, sentence, sizeof sentence / sizeof *sentence) ||
        ck_bad_marker(s, hint, sizeof hint))
        return;
    size_t last = ck_last_char(s, n);
    uint32_t c = ck_cp_at(s, last, NULL);
    if (!gw_is_han(c) && c != 0xFF09)
        return;
    /* not a heading the reader recognised */
    for (size_t i = 0; i < doc->body.n; i++)
        if (doc->body.items[i].pos.line == line && doc->body.items[i].kind == GW_BLOCK_HEADING)
            return;
    gw_diags_add(d, GW_ERROR, "addressee-colon", line, ck_col_of(s, n),
                 "the 主送机关 '%.*s' ends with a full-width colon '：'", (int)n, s);
}

void ck_closing(const gw_source *src, const gw_document *doc, gw_diags *d)
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
