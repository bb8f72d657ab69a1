/* flow.c: the 主体 as a flow of items on the grid: the title (2号小标宋, balanced), the 主送,
 * the 正文 (paragraphs, headings in their faces, run-in headings, tables as rows of text) and
 * the annexes (附件 with their label, issued documents), each on a new page. Items hold
 * shaped, broken paragraphs; pagination (paginate.c) places their lines. */
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
lay_item *lay_title_item(lay_ctx *c, lay_flow *f, const char *text, const gw_breaks *breaks)
{
    const gw_layout_rules *r = c->r;
    lay_item *it = lay_flow_add(f, LAY_IT_PARA, 0);
    lay_span span = { strlen(text), r->title_role };
    c->latin_role = r->title_latin_role; /* digits in a title match its weight */
    lay_para_shape(c, &it->para, text, strlen(text), &span, 1, r->title_size, r->title_size);
    c->latin_role = GW_ROLE_LATIN;
    lay_title_break(c, &it->para, r->area_w, breaks->at, breaks->n);
    return it;
}

static void block_item(lay_ctx *c, lay_flow *f, const gw_block *b, bool *table_warned)
{
    const gw_layout_rules *r = c->r;
    gw_tag body_tag = f->tag;
    if (b->kind == GW_BLOCK_TABLE) {
        /* Tables come in a later issue: each row as a line of text, cells spaced by 2 字. */
        if (!*table_warned)
            gw_diags_add(c->diags, GW_WARNING, "layout-table-unsupported", b->pos.line, b->pos.col,
                         "tables are laid out as plain text rows");
        *table_warned = true;
        if (f->tag.element == GW_EL_BODY)
            f->tag.element = GW_EL_TABLE;
        for (size_t row = 0; row < b->table.n_rows; row++) {
            gw_buf s;
            gw_buf_init(&s);
            for (size_t col = 0; col < b->table.n_cols; col++) {
                if (col)
                    gw_buf_puts(&s, "\xE3\x80\x80\xE3\x80\x80"); /* two ideographic spaces */
                const char *cell = b->table.cells[row * b->table.n_cols + col];
                gw_buf_puts(&s, cell ? cell : "");
            }
            lay_item *it = lay_text_item(c, f, s.data ? s.data : "", r->body_role);
            lay_para_break(c, &it->para, r->area_w, 0, 0, 0);
            gw_buf_free(&s);
        }
        f->tag = body_tag;
        return;
    }
    if (!b->text || !*b->text)
        return;
    bool heading = b->kind == GW_BLOCK_HEADING;
    bool own_line = heading && !(b->run_in && b->heading_len < strlen(b->text));
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
    it->keep_with_next = own_line && it->para.nl == 1;
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
    lay_para_shape(c, p, b->text, len, spans, n_spans, r->text_size, c->cell);
    /* The line's baseline comes from the paragraph's first role. */
    p->role = spans[0].role;
    lay_para_break(c, p, r->area_w, indent, 0, 0);
    return heading && !(b->run_in && b->heading_len < len);
}

/* Blocks of the 正文 (element GW_EL_BODY, index = the block's) or of an annex (the annex's tag). */
void lay_blocks_items(lay_ctx *c, lay_flow *f, const gw_blocks *bs, bool *table_warned,
                         gw_tag tag)
{
    for (size_t i = 0; i < bs->n; i++) {
        f->tag = tag;
        if (tag.element == GW_EL_BODY)
            f->tag.index = (int)i;
        block_item(c, f, &bs->items[i], table_warned);
    }
}

void lay_annex_items(lay_ctx *c, lay_flow *f, const gw_annex *a, int index, bool *table_warned)
{
    const gw_layout_rules *r = c->r;
    f->tag = (gw_tag){ GW_EL_ANNEX_LABEL, index };
    lay_flow_add(f, LAY_IT_PAGE, 0);
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
        lay_title_item(c, f, a->title.text, &a->title_breaks);
        lay_flow_add(f, LAY_IT_GAP, r->annex_title_gap_lines);
    }
    lay_blocks_items(c, f, &a->body, table_warned, (gw_tag){ GW_EL_ANNEX_BODY, index });
}
