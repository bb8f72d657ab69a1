/* lists.c: the numbered items of one list are set alike.
 *
 * Each numbered paragraph is judged on its own (repair.c: a short sentence is a heading, a
 * clause with a comma or a semicolon is numbered text), so the items of one list could come
 * out mixed: `（一）盗用…；（二）…；（三）…；` as text and their last item `（四）损坏…设施。` as a
 * 楷体 heading, or one `六、本通告自…起施行。…` as a 黑体 run-in heading among numbered text.
 * A list is the items of one level numbered 1, 2, 3 … in a row (deeper items and plain
 * paragraphs may come between them; an item of a higher level, a 第…条/章/节 line, a number
 * out of sequence or the end of the text ends it). Numbered text that has the shape of a
 * run-in heading (a short first sentence, more text after) becomes one where all the list's
 * numbered text has it (and the list has two items at least); else, in a list of both, where at least as many of its items are numbered text as are headings, the
 * headings that end like a sentence (`。` `；` `：` …, or run-in) are numbered text too. Heading
 * lines without an end (`一、总体要求`) and headings the writer marked with ** stay headings. */
#include <string.h>

#include "rd_internal.h"

enum { LEVELS = 4 };

/* The value of a heading number (一 … 九十九, 1 … 999); 0 if it is none. */
static int number_value(const char *s, size_t n, size_t len)
{
    static const char *const digits[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    int v = 0, unit = 0;
    for (size_t i = 0; i < len && i < n;) {
        size_t k;
        uint32_t c = rd_cp_at(s, n, i, &k);
        if (!k)
            break;
        i += k;
        if (c >= '0' && c <= '9') {
            v = v * 10 + (int)(c - '0');
            continue;
        }
        if (c >= 0xFF10 && c <= 0xFF19) { /* full-width digits */
            v = v * 10 + (int)(c - 0xFF10);
            continue;
        }
        if (c == 0x5341) { /* 十: 十一 = 10 + 1, 二十 = 2 × 10 */
            v = (unit ? unit : 1) * 10;
            unit = 0;
            continue;
        }
        for (int d = 0; d < 10; d++)
            if (k == strlen(digits[d]) && memcmp(s + i - k, digits[d], k) == 0) {
                if (v >= 10 && v % 10 == 0 && !unit)
                    v += d; /* 二十一 */
                else
                    unit = d;
            }
    }
    return v + unit;
}

/* 第…条, 第…章, 第…节: an article of a regulation (or its chapter), whose items number anew. */
static bool is_article(const char *s)
{
    return rd_article_prefix(s, strlen(s), "条章节") > 0;
}

typedef struct {
    size_t *items; /* block indexes */
    size_t n, cap;
    int last;      /* the last item's number */
} list;

/* A heading that reads as numbered text when its list is: one ending like a sentence. */
static bool sentence_like(const gw_block *b)
{
    if (b->kind != GW_BLOCK_HEADING)
        return false;
    if (b->n_emphasis && b->emphasis[0].end >= b->heading_len)
        return false; /* the writer marked the heading */
    return b->run_in || rd_ends_complete(b->text, b->heading_len);
}

/* One note for a list's changed items, at the first: `（一） and 4 more items of its list …`;
 * all: the list has no other items (none was set so already). */
static void note_changes(const gw_block *first, size_t n, bool all, const char *id,
                         const char *what, gw_diags *diags)
{
    size_t len;
    bool half;
    rd_heading_number(first->text, strlen(first->text), &len, &half);
    int nl = (int)len;
    if (all)
        gw_diags_add(diags, GW_NOTE, id, first->pos.line, first->pos.col,
                     "%.*s and the %zu other items of its list: set as %s (each starts with a "
                     "short sentence that more text follows)", nl, first->text, n - 1, what);
    else if (n == 1)
        gw_diags_add(diags, GW_NOTE, id, first->pos.line, first->pos.col,
                     "%.*s: set as %s, like the other items of its list", nl, first->text, what);
    else
        gw_diags_add(diags, GW_NOTE, id, first->pos.line, first->pos.col,
                     "%.*s and %zu more item%s of its list: set as %s, like its other items", nl,
                     first->text, n - 1, n == 2 ? "" : "s", what);
}

/* A list's numbered text becomes run-in headings where every such item has that shape
 * (`（一）坚持党的领导，压实法治建设责任。…`, a comma kept it from being one), else (in a mixed
 * list) its sentence-like headings become text. */
static void close_list(list *l, int level, gw_blocks *bs, gw_diags *diags)
{
    size_t paras = 0, heads = 0, shaped = 0;
    for (size_t i = 0; i < l->n; i++) {
        const gw_block *b = &bs->items[l->items[i]];
        size_t end;
        if (b->kind == GW_BLOCK_HEADING)
            heads++;
        else if (paras++, rd_run_in_shape(b->text, strlen(b->text), &end))
            shaped++;
    }
    const gw_block *first = NULL;
    size_t changed = 0;
    if (paras && shaped == paras && (heads || paras >= 2)) {
        for (size_t i = 0; i < l->n; i++) {
            gw_block *b = &bs->items[l->items[i]];
            size_t end;
            if (b->kind == GW_BLOCK_HEADING || !rd_run_in_shape(b->text, strlen(b->text), &end))
                continue;
            if (!changed++)
                first = b;
            b->kind = GW_BLOCK_HEADING;
            b->level = level;
            b->run_in = true;
            b->heading_len = end;
        }
        if (changed)
            note_changes(first, changed, !heads, "list-item-heading",
                         heads ? "a run-in heading" : "run-in headings", diags);
    } else if (paras && heads && paras >= heads) {
        for (size_t i = 0; i < l->n; i++) {
            gw_block *b = &bs->items[l->items[i]];
            if (!sentence_like(b))
                continue;
            if (!changed++)
                first = b;
            b->kind = GW_BLOCK_PARAGRAPH;
            b->level = 0;
            b->run_in = false;
            b->heading_len = strlen(b->text);
        }
        if (changed)
            note_changes(first, changed, false, "list-item-text", "numbered text, not a heading",
                         diags);
    }
    l->n = 0;
    l->last = 0;
}

void rd_lists_harmonise(gw_blocks *bs, gw_diags *diags)
{
    list lists[LEVELS + 1];
    memset(lists, 0, sizeof lists);
    for (size_t i = 0; i < bs->n; i++) {
        const gw_block *b = &bs->items[i];
        if (b->kind == GW_BLOCK_TABLE || !b->text)
            continue;
        size_t n = strlen(b->text), len;
        bool half;
        int level = rd_heading_number(b->text, n, &len, &half);
        if (!level) {
            if (is_article(b->text))
                for (int L = 1; L <= LEVELS; L++)
                    close_list(&lists[L], L, bs, diags);
            continue;
        }
        int v = number_value(b->text, n, len);
        for (int L = 1; L <= LEVELS; L++)
            if (L > level || (L == level && v != lists[L].last + 1))
                close_list(&lists[L], L, bs, diags);
        list *l = &lists[level];
        if (l->n == l->cap) {
            l->cap = l->cap ? 2 * l->cap : 8;
            l->items = gw_xrealloc(l->items, l->cap * sizeof *l->items);
        }
        l->items[l->n++] = i;
        l->last = v;
    }
    for (int L = 1; L <= LEVELS; L++) {
        close_list(&lists[L], L, bs, diags);
        free(lists[L].items);
    }
}
