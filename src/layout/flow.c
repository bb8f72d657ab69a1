/* flow.c: the 主体 as a flow of items on the grid: the title (2号小标宋, balanced), the 主送,
 * the 正文 (paragraphs, headings in their faces, run-in headings, tables) and the annexes
 * (附件 with their label, issued documents), each on a new page; an attachment that begins
 * with a table too wide for the 版心 on a landscape page, label and title with it. Items hold
 * shaped, broken paragraphs or tables; pagination (paginate.c) places them. */
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

lay_item *lay_flow_add(lay_flow *f, lay_item_kind kind, int n)
{
    if (f->n == f->cap) {
        f->cap = f->cap ? 2 * f->cap : 64;
        f->it = gw_xrealloc(f->it, f->cap * sizeof *f->it);
    }
    lay_item *it = &f->it[f->n++];
    memset(it, 0, sizeof *it);
    it->kind = kind;
    it->n = n;
    it->tag = f->tag;
    return it;
}

void lay_flow_free(lay_flow *f)
{
    for (size_t i = 0; i < f->n; i++) {
        lay_para_free(&f->it[i].para);
        lay_table_free(f->it[i].table);
        free(f->it[i].pg);
        free(f->it[i].ln);
    }
    free(f->it);
    lay_closing_free(f->closing);
}

/* A paragraph item shaped in one role at the text size on the grid. */
lay_item *lay_text_item(lay_ctx *c, lay_flow *f, const char *text, gw_font_role role)
{
    lay_item *it = lay_flow_add(f, LAY_IT_PARA, 0);
    lay_span span = { strlen(text), role };
    lay_para_shape(c, &it->para, text, strlen(text), &span, 1, c->r->text_size, c->cell);
    return it;
}

/* A title in 2号小标宋, balanced and centred, preferring the breaks the source gave (the
 * model's title breaks: where the writer broke the title or spaced two Chinese characters). */
lay_item *lay_title_item_in(lay_ctx *c, lay_flow *f, const char *text, const gw_breaks *breaks,
                            double width)
{
    const gw_layout_rules *r = c->r;
    lay_item *it = lay_flow_add(f, LAY_IT_PARA, 0);
    lay_span span = { strlen(text), r->title_role };
    c->latin_role = r->title_latin_role; /* digits in a title match its weight */
    lay_para_shape(c, &it->para, text, strlen(text), &span, 1, r->title_size, r->title_size);
    c->latin_role = GW_ROLE_LATIN;
    lay_title_break(c, &it->para, width, breaks->at, breaks->n);
    return it;
}

lay_item *lay_title_item(lay_ctx *c, lay_flow *f, const char *text, const gw_breaks *breaks)
{
    return lay_title_item_in(c, f, text, breaks, c->r->area_w);
}

/* A table (table.c): in the flow where it stands, or, too wide for the 版心, on landscape
 * pages of its own (the text goes on on a new portrait page after it). */
static void table_item(lay_ctx *c, lay_flow *f, const gw_block *b, bool landscape_page)
{
    gw_tag tag = { GW_EL_TABLE, c->n_tables++ };
    lay_table *t = lay_table_build(c, &b->table, b->pos, tag);
    if (!t)
        return;
    bool turn = lay_table_landscape(t) && !landscape_page;
    if (turn)
        lay_flow_add(f, LAY_IT_PAGE, LAY_PAGE_LANDSCAPE | LAY_PAGE_IF_USED);
    gw_tag keep = f->tag;
    f->tag = tag;
    lay_flow_add(f, LAY_IT_TABLE, 0)->table = t;
    f->tag = keep;
    if (lay_table_landscape(t))
        lay_flow_add(f, LAY_IT_PAGE, 0); /* back to portrait for what follows */
}

/* A paragraph that leads into the table after it (`三、本批项目经费安排如下：`). */
static bool leads_into_table(const gw_block *b, const gw_block *next)
{
    size_t n = strlen(b->text), k = strlen("：");
    return next && next->kind == GW_BLOCK_TABLE &&
           ((n >= k && !strcmp(b->text + n - k, "：")) || (n >= 1 && b->text[n - 1] == ':'));
}

/* next: the block after b, NULL at the end. */
static void block_item(lay_ctx *c, lay_flow *f, const gw_block *b, const gw_block *next,
                       bool landscape_page)
{
    gw_tag body_tag = f->tag;
    if (b->kind == GW_BLOCK_TABLE) {
        table_item(c, f, b, landscape_page);
        return;
    }
    if (!b->text || !*b->text)
        return;
    bool heading = b->kind == GW_BLOCK_HEADING;
    bool own_line = (heading && !(b->run_in && b->heading_len < strlen(b->text))) ||
                    b->kind == GW_BLOCK_CHAPTER;
    if (own_line && f->tag.element == GW_EL_BODY)
        f->tag.element = GW_EL_HEADING;
    lay_item *it = lay_flow_add(f, LAY_IT_PARA, 0);
    f->tag = body_tag;
    lay_block_para(c, b, &it->para);
    it->src = b;
    it->heading = own_line;
    /* A heading on a line of its own is kept with the text below it. A numbered paragraph
     * that runs over several lines (`一、同意你院…。`, which the reader takes for a heading)
     * flows like text: chaining several of them would push them all to the next page. */
    it->keep_with_next = own_line && (it->para.nl == 1 || b->kind == GW_BLOCK_CHAPTER);
    /* A lead-in stays with its table (as a heading would); a long one, its last two lines. */
    if (leads_into_table(b, next)) {
        if (it->para.nl <= 2)
            it->keep_with_next = true;
        else
            it->keep_tail = 2;
    }
    if (c->compact) /* pagination needs only the lines; drawing shapes it again */
        lay_para_release(&it->para);
}

bool lay_block_para(lay_ctx *c, const gw_block *b, lay_para *p)
{
    const gw_layout_rules *r = c->r;
    double indent = r->paragraph_indent * c->cell;
    size_t len = strlen(b->text);
    lay_span spans[2];
    size_t n_spans = 1;
    spans[0] = (lay_span){ len, r->body_role };
    bool heading = b->kind == GW_BLOCK_HEADING;
    if (heading) {
        int lv = b->level < 1 ? 1 : b->level > 4 ? 4 : b->level;
        gw_font_role hr = r->heading_role[lv - 1];
        if (b->run_in && b->heading_len < len) {
            /* Only the heading sentence in the heading face; the rest is body text. */
            spans[0] = (lay_span){ b->heading_len, hr };
            spans[1] = (lay_span){ len, r->body_role };
            n_spans = 2;
        } else {
            spans[0].role = hr;
        }
    }
    if (b->kind == GW_BLOCK_CHAPTER) {
        /* a regulation's chapter title: centred, in the first-level headings' face (the
         * standard does not set it; this is how regulations are printed) */
        spans[0].role = r->heading_role[0];
        lay_para_shape(c, p, b->text, len, spans, 1, r->text_size, c->cell);
        p->role = spans[0].role;
        lay_para_break(c, p, r->area_w, 0, 0, 0);
        for (size_t l = 0; l < p->nl; l++)
            p->lines[l].indent = (r->area_w - p->lines[l].width) / 2;
        return true;
    }
    lay_para_shape(c, p, b->text, len, spans, n_spans, r->text_size, c->cell);
    /* The line's baseline comes from the paragraph's first role. */
    p->role = spans[0].role;
    lay_para_break(c, p, r->area_w, indent, 0, 0);
    return heading && !(b->run_in && b->heading_len < len);
}

/* Blocks of the 正文 (element GW_EL_BODY, index = the block's) or of an annex (the annex's
 * tag); from block `from`; landscape_page: the first is set on a landscape page already. */
static void blocks_from(lay_ctx *c, lay_flow *f, const gw_blocks *bs, size_t from, gw_tag tag,
                        bool landscape_page)
{
    for (size_t i = from; i < bs->n; i++) {
        f->tag = tag;
        if (tag.element == GW_EL_BODY)
            f->tag.index = (int)i;
        block_item(c, f, &bs->items[i], i + 1 < bs->n ? &bs->items[i + 1] : NULL,
                   landscape_page && i == from);
    }
}

void lay_blocks_items(lay_ctx *c, lay_flow *f, const gw_blocks *bs, gw_tag tag)
{
    blocks_from(c, f, bs, 0, tag, false);
}

/* Whether an attachment begins with a table too wide for the 版心 (measured as table.c sets
 * it): then its label and title go on the landscape page with it. */
static bool wide_first_table(lay_ctx *c, const gw_annex *a)
{
    if (!a->body.n || a->body.items[0].kind != GW_BLOCK_TABLE || !c->r->table_landscape)
        return false;
    gw_diags scratch, *keep = c->diags;
    gw_diags_init(&scratch, "");
    c->diags = &scratch; /* measured only; building it again reports */
    lay_table *t = lay_table_build(c, &a->body.items[0].table, a->body.items[0].pos,
                                   (gw_tag){ GW_EL_TABLE, 0 });
    c->diags = keep;
    gw_diags_free(&scratch);
    bool wide = t && lay_table_landscape(t);
    lay_table_free(t);
    return wide;
}

void lay_annex_items(lay_ctx *c, lay_flow *f, const gw_annex *a, int index)
{
    const gw_layout_rules *r = c->r;
    f->tag = (gw_tag){ GW_EL_ANNEX_LABEL, index };
    bool landscape = wide_first_table(c, a);
    lay_flow_add(f, LAY_IT_PAGE, landscape ? LAY_PAGE_LANDSCAPE : 0);
    if (a->kind == GW_ANNEX_ATTACHMENT) {
        lay_flow_add(f, LAY_IT_LINE, r->attachment_label_line - 1);
        char *label = gw_asprintf("附件%s", a->number ? a->number : "");
        lay_item *it = lay_text_item(c, f, label, r->annex_label_role);
        lay_para_one_line(&it->para);
        free(label);
        lay_flow_add(f, LAY_IT_LINE, r->attachment_title_line - 1);
    } else {
        lay_flow_add(f, LAY_IT_LINE, r->issued_title_line - 1);
    }
    if (lay_has(&a->title)) {
        f->tag = (gw_tag){ GW_EL_ANNEX_TITLE, index };
        lay_title_item_in(c, f, a->title.text, &a->title_breaks, landscape ? r->area_h : r->area_w);
        lay_flow_add(f, LAY_IT_GAP, r->annex_title_gap_lines);
    }
    blocks_from(c, f, &a->body, 0, (gw_tag){ GW_EL_ANNEX_BODY, index }, landscape);
}
