/* compose.c: gw_layout(): the parts of a 公文 in order: the 版头 (header.c), the flow of the
 * 主体 (flow.c) with its closing (closing.c), pagination (paginate.c), the 版记 on an even
 * last page and the page numbers (colophon.c), and the metadata.
 *
 * Everything is laid out first as flow items holding shaped, broken paragraphs; pagination
 * then only counts lines (every line of the 主体 has the same width, so breaking does not
 * depend on the page), and emission draws each line where pagination put it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

static void metadata(gw_pagelist *pl, const gw_document *d)
{
    if (lay_has(&d->title))
        pl->title = gw_strdup(d->title.text);
    if (lay_has(&d->doc_number))
        pl->subject = gw_strdup(d->doc_number.text);
    gw_buf b;
    gw_buf_init(&b);
    for (size_t i = 0; i < d->n_issuers; i++) {
        if (!lay_has(&d->issuers[i]))
            continue;
        if (b.len)
            gw_buf_puts(&b, "、");
        gw_buf_puts(&b, d->issuers[i].text);
    }
    if (!b.len && lay_has(&d->issuer_mark)) {
        size_t n = gw_issuer_mark_name_len(d->issuer_mark.text);
        gw_buf_append(&b, d->issuer_mark.text, n ? n : strlen(d->issuer_mark.text));
    }
    if (b.len)
        pl->author = gw_buf_steal(&b);
    gw_buf_free(&b);
}

/* Past this much text (some 40 pages) a block's shaped text is released once broken and shaped
 * again when drawn: a 1,000-page document then holds a few pages' glyphs at a time, not all. */
#define LAY_COMPACT_TEXT ((size_t)128 << 10)

static size_t blocks_bytes(const gw_blocks *bs)
{
    size_t n = 0;
    for (size_t i = 0; i < bs->n; i++)
        n += bs->items[i].text ? strlen(bs->items[i].text) : 0;
    return n;
}

static size_t text_bytes(const gw_document *d)
{
    size_t n = blocks_bytes(&d->body);
    for (size_t i = 0; i < d->n_annexes; i++)
        n += blocks_bytes(&d->annexes[i].body);
    return n;
}

static void free_shaper(void *sh)
{
    gw_shaper_free(sh);
}

gw_pagelist *gw_layout(const gw_document *doc, const gw_layout_rules *rules, const gw_fontset *fs,
                       gw_diags *diags)
{
    if (!doc || !rules || !fs) {
        gw_diags_add(diags, GW_ERROR, "internal", 0, 0, "layout: no document, rules or fonts");
        return NULL;
    }
    bool body = false;
    for (size_t i = 0; i < doc->body.n && !body; i++)
        body = doc->body.items[i].kind == GW_BLOCK_TABLE ||
               (doc->body.items[i].text && *doc->body.items[i].text);
    if (!lay_has(&doc->title) && !body) {
        gw_diags_add(diags, GW_ERROR, "input-no-content", 0, 0,
                     "nothing to lay out: the document has no title and no body text");
        return NULL;
    }
    const gw_layout_rules *r = rules;
    size_t errors = gw_diags_count(diags, GW_ERROR);
    gw_shaper *shaper = gw_shaper_new(fs);
    gw_defer *d_shaper = gw_mem_defer(free_shaper, shaper); /* its HarfBuzz buffer */
    lay_ctx ctx = { .r = rules, .fs = fs, .diags = diags, .latin_role = GW_ROLE_LATIN,
                    .pl = gw_pagelist_new(), .flow_anchor0 = -1, .shaper = shaper };
    lay_ctx *c = &ctx;
    c->cell = r->area_w / r->chars_per_line;
    c->compact = text_bytes(doc) > LAY_COMPACT_TEXT;
    lay_page_at(c, 0);

    int title_line = lay_header_compose(c, doc, false); /* measured; drawn after pagination */

    lay_flow f = { 0 };
    lay_flow_add(&f, LAY_IT_LINE, title_line);
    if (lay_has(&doc->title)) {
        f.tag = (gw_tag){ GW_EL_TITLE, 0 };
        lay_title_item(c, &f, doc->title.text, &doc->title_breaks);
        lay_flow_add(&f, LAY_IT_GAP, r->addressee_gap_lines);
    }
    if (lay_has(&doc->addressee)) {
        char *s = gw_asprintf("%s：", doc->addressee.text);
        f.tag = (gw_tag){ GW_EL_ADDRESSEE, 0 };
        lay_item *it = lay_text_item(c, &f, s, r->body_role);
        lay_para_break(c, &it->para, r->area_w, 0, 0, 0); /* 顶格, continuation 顶格 */
        free(s);
    }
    lay_blocks_items(c, &f, &doc->body, (gw_tag){ GW_EL_BODY, 0 });
    /* 附件说明, 署名 (seals, stamps), 成文日期, 附注: one block, placed by pagination; a
     * 纪要's 出席/请假/列席 come between the 附件说明 and the rest, so the 附件说明 then flow */
    f.closing = lay_closing_build(c, doc);
    if (lay_has_attendance(&doc->attendance)) {
        lay_closing_notes_to_flow(f.closing, c, &f);
        lay_attendance_items(c, &f, &doc->attendance);
    }
    if (f.closing && lay_closing_has_block(f.closing) &&
        lay_closing_check(f.closing, c, &f, r->carry_lines))
        lay_flow_add(&f, LAY_IT_CLOSING, 0);
    for (size_t i = 0; i < doc->n_annexes; i++)
        lay_annex_items(c, &f, &doc->annexes[i], (int)i);

    lay_paginate(c, &f);
    /* a page after the text is portrait (pagination may have turned the page after a landscape
     * table ahead of what would follow it): the 版记 and blank pages are never landscape */
    for (size_t i = f.last_page + 1; i < c->n_turned; i++)
        lay_set_page_turned(c, i, false);
    lay_header_compose(c, doc, true); /* at page 1's pitch (squeezed if page 1 is) */
    lay_emit_flow(c, &f);

    /* 版记 on the last face, an even page (§7.4, spec section 4). */
    size_t last = f.last_page;
    lay_page_at(c, last);
    lay_colophon *k = lay_colophon_build(c, &doc->colophon);
    size_t unnumbered_from = (size_t)-1;
    if (k && !lay_colophon_fits(c, k)) {
        lay_colophon_free(k);
        k = NULL;
    }
    if (k) {
        bool fits = f.last_bottom + r->colophon_min_gap <= lay_colophon_top(c, k) + 1e-6 &&
                    !lay_page_turned(c, last); /* (a landscape page cannot hold it) */
        bool last_odd = last % 2 == 0; /* index 0 is page 1 */
        size_t at;
        if (!r->colophon_even_page)
            at = fits ? last : last + 1;
        else if (last_odd)
            at = last + 1; /* the text ends on a front: the 版记 goes on its back */
        else if (fits)
            at = last;
        else {
            at = last + 2; /* a blank front, then the 版记 on its back; neither numbered */
            unnumbered_from = last + 1;
        }
        lay_colophon_emit(c, k, lay_page_at(c, at), at);
        lay_colophon_free(k);
    }
    for (size_t i = 0; i < c->pl->n_pages; i++) {
        gw_page *pg = &c->pl->pages[i];
        pg->rotate = lay_page_turned(c, i) ? 90 : 0; /* a wide table's landscape page (§8) */
        /* (信函: no number on page 1, §10.1) */
        pg->number = i >= unnumbered_from || (i == 0 && !r->page_number_first) ? 0 : (int)i + 1;
        if (pg->number)
            lay_page_number_emit(c, pg, i, pg->number);
    }
    metadata(c->pl, doc);
    lay_flow_free(&f);
    free(c->out);
    free(c->page_pitch);
    gw_mem_undefer(d_shaper);
    gw_shaper_free(c->shaper);
    free(c->page_turned);
    if (gw_diags_count(diags, GW_ERROR) > errors) { /* something did not fit: no pages */
        gw_pagelist_free(c->pl);
        return NULL;
    }
    return c->pl;
}
