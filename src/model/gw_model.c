#include "gw_model.h"

#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"

gw_document *gw_document_new(void)
{
    gw_document *doc = gw_xcalloc(1, sizeof *doc);
    doc->format = GW_FORMAT_DOCUMENT;
    doc->encoding = gw_strdup("UTF-8");
    return doc;
}

void gw_text_set(gw_text *t, const char *s, gw_pos pos)
{
    free(t->text);
    t->text = gw_strdup(s);
    t->pos = pos;
}

void gw_text_clear(gw_text *t)
{
    free(t->text);
    t->text = NULL;
    t->pos = (gw_pos){ 0, 0 };
}

static void texts_free(gw_text *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i].text);
    free(v);
}

void gw_blocks_free(gw_blocks *blocks)
{
    for (size_t i = 0; i < blocks->n; i++) {
        gw_block *b = &blocks->items[i];
        free(b->text);
        free(b->emphasis);
        for (size_t c = 0; c < b->table.n_rows * b->table.n_cols; c++)
            free(b->table.cells[c]);
        free(b->table.cells);
        free(b->table.align);
        free(b->table.rows);
    }
    free(blocks->items);
    memset(blocks, 0, sizeof *blocks);
}

void gw_breaks_add(gw_breaks *b, size_t at)
{
    if (b->n && b->at[b->n - 1] >= at)
        return; /* kept in increasing order, no duplicates */
    b->at = gw_xrealloc(b->at, (b->n + 1) * sizeof *b->at);
    b->at[b->n++] = at;
}

void gw_breaks_free(gw_breaks *b)
{
    free(b->at);
    b->at = NULL;
    b->n = 0;
}

void gw_document_free(gw_document *doc)
{
    if (!doc)
        return;
    free(doc->source_name);
    free(doc->encoding);
    free(doc->copy_number.text);
    free(doc->secrecy.text);
    free(doc->urgency.text);
    texts_free(doc->issuers, doc->n_issuers);
    free(doc->issuer_mark.text);
    free(doc->doc_number.text);
    texts_free(doc->signers, doc->n_signers);
    free(doc->title.text);
    gw_breaks_free(&doc->title_breaks);
    free(doc->addressee.text);
    gw_blocks_free(&doc->body);
    for (size_t i = 0; i < doc->n_attachment_notes; i++) {
        free(doc->attachment_notes[i].number);
        free(doc->attachment_notes[i].name);
    }
    free(doc->attachment_notes);
    for (size_t i = 0; i < doc->n_signatures; i++) {
        free(doc->signatures[i].issuer.text);
        free(doc->signatures[i].seal_image.text);
    }
    free(doc->signatures);
    for (size_t i = 0; i < doc->n_signatories; i++) {
        free(doc->signatories[i].title.text);
        free(doc->signatories[i].stamp_image.text);
        free(doc->signatories[i].name.text);
    }
    free(doc->signatories);
    free(doc->date.text);
    free(doc->note.text);
    free(doc->attendance.present.text);
    free(doc->attendance.absent.text);
    free(doc->attendance.attending.text);
    for (size_t i = 0; i < doc->n_annexes; i++) {
        free(doc->annexes[i].number);
        free(doc->annexes[i].title.text);
        gw_breaks_free(&doc->annexes[i].title_breaks);
        gw_blocks_free(&doc->annexes[i].body);
    }
    free(doc->annexes);
    free(doc->colophon.main_to.text);
    free(doc->colophon.cc.text);
    free(doc->colophon.distribute.text);
    free(doc->colophon.printer.text);
    free(doc->colophon.print_date.text);
    free(doc);
}

bool gw_document_is_upward(const gw_document *doc)
{
    return doc->n_signers > 0;
}

static gw_text *texts_add(gw_text **v, size_t *n, const char *s, gw_pos pos)
{
    *v = gw_xrealloc(*v, (*n + 1) * sizeof **v);
    gw_text *t = &(*v)[(*n)++];
    t->text = gw_strdup(s);
    t->pos = pos;
    return t;
}

gw_text *gw_document_add_issuer(gw_document *doc, const char *s, gw_pos pos)
{
    return texts_add(&doc->issuers, &doc->n_issuers, s, pos);
}

gw_text *gw_document_add_signer(gw_document *doc, const char *s, gw_pos pos)
{
    return texts_add(&doc->signers, &doc->n_signers, s, pos);
}

gw_signature *gw_document_add_signature(gw_document *doc, const char *issuer, gw_pos pos)
{
    doc->signatures = gw_xrealloc(doc->signatures, (doc->n_signatures + 1) * sizeof *doc->signatures);
    gw_signature *s = &doc->signatures[doc->n_signatures++];
    memset(s, 0, sizeof *s);
    gw_text_set(&s->issuer, issuer, pos);
    return s;
}

gw_signatory *gw_document_add_signatory(gw_document *doc, const char *title, gw_pos pos)
{
    doc->signatories = gw_xrealloc(doc->signatories,
                                   (doc->n_signatories + 1) * sizeof *doc->signatories);
    gw_signatory *s = &doc->signatories[doc->n_signatories++];
    memset(s, 0, sizeof *s);
    gw_text_set(&s->title, title, pos);
    return s;
}

gw_attachment_note *gw_document_add_attachment_note(gw_document *doc, const char *number,
                                                    const char *name, gw_pos pos)
{
    doc->attachment_notes = gw_xrealloc(doc->attachment_notes,
                                        (doc->n_attachment_notes + 1) * sizeof *doc->attachment_notes);
    gw_attachment_note *a = &doc->attachment_notes[doc->n_attachment_notes++];
    a->number = gw_strdup(number);
    a->name = gw_strdup(name);
    a->pos = pos;
    return a;
}

gw_annex *gw_document_add_annex(gw_document *doc, gw_annex_kind kind)
{
    doc->annexes = gw_xrealloc(doc->annexes, (doc->n_annexes + 1) * sizeof *doc->annexes);
    gw_annex *a = &doc->annexes[doc->n_annexes++];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    return a;
}

gw_block *gw_blocks_add(gw_blocks *blocks, gw_block_kind kind, const char *text, gw_pos pos)
{
    if (blocks->n == blocks->cap) {
        blocks->cap = blocks->cap ? blocks->cap * 2 : 16;
        blocks->items = gw_xrealloc(blocks->items, blocks->cap * sizeof *blocks->items);
    }
    gw_block *b = &blocks->items[blocks->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    b->text = gw_strdup(text ? text : "");
    b->heading_len = kind == GW_BLOCK_HEADING ? strlen(b->text) : 0;
    b->pos = pos;
    return b;
}

void gw_block_add_emphasis(gw_block *b, size_t start, size_t end)
{
    b->emphasis = gw_xrealloc(b->emphasis, (b->n_emphasis + 1) * sizeof *b->emphasis);
    b->emphasis[b->n_emphasis++] = (gw_span){ start, end };
}

const char *gw_format_name(gw_format f)
{
    switch (f) {
    case GW_FORMAT_LETTER: return "信函";
    case GW_FORMAT_ORDER: return "命令";
    case GW_FORMAT_MINUTES: return "纪要";
    case GW_FORMAT_DOCUMENT: break;
    }
    return "文件";
}

size_t gw_issuer_mark_name_len(const char *mark)
{
    static const char *const endings[] = { "文件", "命令", "令" };
    size_t n = mark ? strlen(mark) : 0;
    for (size_t k = 0; k < sizeof endings / sizeof *endings; k++) {
        size_t e = strlen(endings[k]);
        if (n > e && memcmp(mark + n - e, endings[k], e) == 0)
            return n - e;
    }
    return 0;
}

static size_t space_at(const char *s, size_t i, size_t n)
{
    if (s[i] == ' ' || s[i] == '\t')
        return 1;
    if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0) /* U+3000 */
        return 3;
    return 0;
}

size_t gw_issuer_mark_names(const char *mark, gw_span *names, size_t max, size_t *ending)
{
    size_t n = mark ? strlen(mark) : 0, count = 0;
    *ending = 0;
    /* the words between spaces */
    gw_span words[64];
    size_t nw = 0;
    for (size_t i = 0; i < n;) {
        size_t sp = space_at(mark, i, n);
        if (sp) {
            i += sp;
            continue;
        }
        size_t b = i;
        while (i < n && !space_at(mark, i, n))
            i++;
        if (nw < sizeof words / sizeof *words)
            words[nw++] = (gw_span){ b, i };
    }
    if (nw == 0)
        return 0;
    /* the ending: a word of its own, or the end of the last name */
    static const char *const endings[] = { "文件", "命令", "令" };
    gw_span *last = &words[nw - 1];
    for (size_t k = 0; k < sizeof endings / sizeof *endings && !*ending; k++) {
        size_t e = strlen(endings[k]), w = last->end - last->start;
        if (w >= e && memcmp(mark + last->end - e, endings[k], e) == 0 && (w > e || nw > 1))
            *ending = e;
    }
    if (*ending) {
        last->end -= *ending;
        if (last->end == last->start)
            nw--;
    }
    for (size_t k = 0; k < nw; k++)
        if (count < max)
            names[count++] = words[k];
    /* an ending after spaces (`… 文件`) counts from the last name's end */
    if (*ending)
        *ending = n - (nw ? words[nw - 1].end : 0);
    return count;
}

/* ---- JSON ---------------------------------------------------------------------------- */

static void json_str(gw_buf *b, const char *s)
{
    if (!s) {
        gw_buf_puts(b, "null");
        return;
    }
    gw_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': gw_buf_puts(b, "\\\""); break;
        case '\\': gw_buf_puts(b, "\\\\"); break;
        case '\n': gw_buf_puts(b, "\\n"); break;
        case '\r': gw_buf_puts(b, "\\r"); break;
        case '\t': gw_buf_puts(b, "\\t"); break;
        default:
            if (*p < 0x20)
                gw_buf_printf(b, "\\u%04x", *p);
            else
                gw_buf_putc(b, (char)*p);
        }
    }
    gw_buf_putc(b, '"');
}

static void indent(gw_buf *b, int depth)
{
    gw_buf_putc(b, '\n');
    for (int i = 0; i < depth; i++)
        gw_buf_puts(b, "  ");
}

static void key(gw_buf *b, int depth, const char *k, bool *first)
{
    if (!*first)
        gw_buf_putc(b, ',');
    *first = false;
    indent(b, depth);
    json_str(b, k);
    gw_buf_puts(b, ": ");
}

/* A text element: {"text": …, "line": N} or null. */
static void json_text(gw_buf *b, const gw_text *t)
{
    if (!t->text) {
        gw_buf_puts(b, "null");
        return;
    }
    gw_buf_puts(b, "{\"text\": ");
    json_str(b, t->text);
    gw_buf_printf(b, ", \"line\": %d}", t->pos.line);
}

static void json_texts(gw_buf *b, const gw_text *v, size_t n)
{
    gw_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            gw_buf_puts(b, ", ");
        json_text(b, &v[i]);
    }
    gw_buf_putc(b, ']');
}

static void json_breaks(gw_buf *b, const gw_breaks *br)
{
    gw_buf_putc(b, '[');
    for (size_t i = 0; i < br->n; i++)
        gw_buf_printf(b, i ? ", %zu" : "%zu", br->at[i]);
    gw_buf_putc(b, ']');
}

static void json_blocks(gw_buf *b, const gw_blocks *blocks, int depth)
{
    gw_buf_putc(b, '[');
    for (size_t i = 0; i < blocks->n; i++) {
        const gw_block *bl = &blocks->items[i];
        if (i)
            gw_buf_putc(b, ',');
        indent(b, depth + 1);
        static const char *const kinds[] = { "paragraph", "heading", "table", "chapter" };
        gw_buf_printf(b, "{\"kind\": \"%s\", \"line\": %d", kinds[bl->kind], bl->pos.line);
        if (bl->kind == GW_BLOCK_HEADING) {
            gw_buf_printf(b, ", \"level\": %d, \"run_in\": %s, \"heading\": ", bl->level,
                          bl->run_in ? "true" : "false");
            char *h = gw_strndup(bl->text, bl->heading_len);
            json_str(b, h);
            free(h);
        }
        if (bl->n_emphasis) {
            gw_buf_puts(b, ", \"emphasis\": [");
            for (size_t e = 0; e < bl->n_emphasis; e++) {
                if (e)
                    gw_buf_puts(b, ", ");
                char *s = gw_strndup(bl->text + bl->emphasis[e].start,
                                     bl->emphasis[e].end - bl->emphasis[e].start);
                json_str(b, s);
                free(s);
            }
            gw_buf_putc(b, ']');
        }
        if (bl->kind == GW_BLOCK_TABLE) {
            static const char *const aligns[] = { "auto", "left", "centre", "right" };
            gw_buf_puts(b, ", \"align\": [");
            for (size_t c = 0; c < bl->table.n_cols; c++)
                gw_buf_printf(b, c ? ", \"%s\"" : "\"%s\"",
                              aligns[bl->table.align ? bl->table.align[c] : 0]);
            gw_buf_puts(b, "], \"rows\": [");
            for (size_t r = 0; r < bl->table.n_rows; r++) {
                gw_buf_puts(b, r ? ", [" : "[");
                for (size_t c = 0; c < bl->table.n_cols; c++) {
                    if (c)
                        gw_buf_puts(b, ", ");
                    json_str(b, bl->table.cells[r * bl->table.n_cols + c]);
                }
                gw_buf_putc(b, ']');
            }
            gw_buf_putc(b, ']');
        }
        gw_buf_puts(b, ", \"text\": ");
        json_str(b, bl->text);
        gw_buf_putc(b, '}');
    }
    if (blocks->n)
        indent(b, depth);
    gw_buf_putc(b, ']');
}

char *gw_document_to_json(const gw_document *doc)
{
    gw_buf b;
    gw_buf_init(&b);
    bool first = true;
    gw_buf_putc(&b, '{');
    key(&b, 1, "source", &first);
    json_str(&b, doc->source_name);
    key(&b, 1, "encoding", &first);
    json_str(&b, doc->encoding);
    key(&b, 1, "format", &first);
    json_str(&b, gw_format_name(doc->format));
    key(&b, 1, "upward", &first);
    gw_buf_puts(&b, gw_document_is_upward(doc) ? "true" : "false");
    key(&b, 1, "copy_number", &first);
    json_text(&b, &doc->copy_number);
    key(&b, 1, "secrecy", &first);
    json_text(&b, &doc->secrecy);
    key(&b, 1, "urgency", &first);
    json_text(&b, &doc->urgency);
    key(&b, 1, "issuers", &first);
    json_texts(&b, doc->issuers, doc->n_issuers);
    key(&b, 1, "issuer_mark", &first);
    json_text(&b, &doc->issuer_mark);
    key(&b, 1, "doc_number", &first);
    json_text(&b, &doc->doc_number);
    key(&b, 1, "signers", &first);
    json_texts(&b, doc->signers, doc->n_signers);
    key(&b, 1, "title", &first);
    json_text(&b, &doc->title);
    key(&b, 1, "title_breaks", &first);
    json_breaks(&b, &doc->title_breaks);
    key(&b, 1, "addressee", &first);
    json_text(&b, &doc->addressee);
    key(&b, 1, "body", &first);
    json_blocks(&b, &doc->body, 1);
    key(&b, 1, "attachment_notes", &first);
    gw_buf_putc(&b, '[');
    for (size_t i = 0; i < doc->n_attachment_notes; i++) {
        gw_buf_puts(&b, i ? ", {\"number\": " : "{\"number\": ");
        json_str(&b, doc->attachment_notes[i].number);
        gw_buf_puts(&b, ", \"name\": ");
        json_str(&b, doc->attachment_notes[i].name);
        gw_buf_printf(&b, ", \"line\": %d}", doc->attachment_notes[i].pos.line);
    }
    gw_buf_putc(&b, ']');
    key(&b, 1, "signatures", &first);
    gw_buf_putc(&b, '[');
    for (size_t i = 0; i < doc->n_signatures; i++) {
        gw_buf_puts(&b, i ? ", {\"issuer\": " : "{\"issuer\": ");
        json_text(&b, &doc->signatures[i].issuer);
        gw_buf_puts(&b, ", \"seal\": ");
        json_text(&b, &doc->signatures[i].seal_image);
        gw_buf_putc(&b, '}');
    }
    gw_buf_putc(&b, ']');
    key(&b, 1, "signatories", &first);
    gw_buf_putc(&b, '[');
    for (size_t i = 0; i < doc->n_signatories; i++) {
        gw_buf_puts(&b, i ? ", {\"title\": " : "{\"title\": ");
        json_text(&b, &doc->signatories[i].title);
        gw_buf_puts(&b, ", \"stamp\": ");
        json_text(&b, &doc->signatories[i].stamp_image);
        gw_buf_puts(&b, ", \"name\": ");
        json_text(&b, &doc->signatories[i].name);
        gw_buf_putc(&b, '}');
    }
    gw_buf_putc(&b, ']');
    key(&b, 1, "date", &first);
    json_text(&b, &doc->date);
    key(&b, 1, "note", &first);
    json_text(&b, &doc->note);
    key(&b, 1, "attendance", &first);
    gw_buf_puts(&b, "{\"present\": ");
    json_text(&b, &doc->attendance.present);
    gw_buf_puts(&b, ", \"absent\": ");
    json_text(&b, &doc->attendance.absent);
    gw_buf_puts(&b, ", \"attending\": ");
    json_text(&b, &doc->attendance.attending);
    gw_buf_putc(&b, '}');
    key(&b, 1, "annexes", &first);
    gw_buf_putc(&b, '[');
    for (size_t i = 0; i < doc->n_annexes; i++) {
        const gw_annex *a = &doc->annexes[i];
        if (i)
            gw_buf_putc(&b, ',');
        indent(&b, 2);
        gw_buf_printf(&b, "{\"kind\": \"%s\", \"line\": %d, \"number\": ",
                      a->kind == GW_ANNEX_ATTACHMENT ? "attachment" : "issued", a->pos.line);
        json_str(&b, a->number);
        gw_buf_puts(&b, ", \"title\": ");
        json_text(&b, &a->title);
        gw_buf_puts(&b, ", \"title_breaks\": ");
        json_breaks(&b, &a->title_breaks);
        gw_buf_puts(&b, ", \"body\": ");
        json_blocks(&b, &a->body, 2);
        gw_buf_putc(&b, '}');
    }
    if (doc->n_annexes)
        indent(&b, 1);
    gw_buf_putc(&b, ']');
    key(&b, 1, "colophon", &first);
    bool f2 = true;
    gw_buf_putc(&b, '{');
    key(&b, 2, "main_to", &f2);
    json_text(&b, &doc->colophon.main_to);
    key(&b, 2, "cc", &f2);
    json_text(&b, &doc->colophon.cc);
    key(&b, 2, "distribute", &f2);
    json_text(&b, &doc->colophon.distribute);
    key(&b, 2, "printer", &f2);
    json_text(&b, &doc->colophon.printer);
    key(&b, 2, "print_date", &f2);
    json_text(&b, &doc->colophon.print_date);
    indent(&b, 1);
    gw_buf_putc(&b, '}');
    indent(&b, 0);
    gw_buf_puts(&b, "}\n");
    return gw_buf_steal(&b);
}
