#include "gw_pagelist.h"

#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"

gw_pagelist *gw_pagelist_new(void)
{
    return gw_xcalloc(1, sizeof(gw_pagelist));
}

void gw_pagelist_free(gw_pagelist *pl)
{
    if (!pl)
        return;
    for (size_t i = 0; i < pl->n_pages; i++) {
        gw_page *pg = &pl->pages[i];
        for (size_t r = 0; r < pg->n_runs; r++) {
            free(pg->runs[r].glyphs); /* (the text lives in the same block) */
        }
        free(pg->runs);
        free(pg->rules);
        for (size_t m = 0; m < pg->n_images; m++)
            free(pg->images[m].path);
        free(pg->images);
    }
    free(pl->pages);
    free(pl->title);
    free(pl->author);
    free(pl->subject);
    free(pl);
}

#define GROW(arr, n, cap)                                            \
    do {                                                             \
        if ((n) == (cap)) {                                          \
            (cap) = (cap) ? (cap) * 2 : 16;                          \
            (arr) = gw_xrealloc((arr), (cap) * sizeof *(arr));       \
        }                                                            \
    } while (0)

void gw_page_release_runs(gw_page *pg)
{
    for (size_t r = 0; r < pg->n_runs; r++)
        free(pg->runs[r].glyphs); /* (the text lives in the same block) */
    free(pg->runs);
    pg->runs = NULL;
    pg->n_runs = pg->cap_runs = 0;
}

gw_page *gw_pagelist_add_page(gw_pagelist *pl, double width, double height)
{
    GROW(pl->pages, pl->n_pages, pl->cap_pages);
    gw_page *pg = &pl->pages[pl->n_pages++];
    memset(pg, 0, sizeof *pg);
    pg->width = width;
    pg->height = height;
    return pg;
}

gw_glyph_run *gw_page_add_run(gw_page *pg, int face, double size, double hscale, gw_color color,
                              double baseline, const char *text, size_t text_len,
                              const gw_glyph *glyphs, size_t n_glyphs)
{
    GROW(pg->runs, pg->n_runs, pg->cap_runs);
    gw_glyph_run *r = &pg->runs[pg->n_runs++];
    memset(r, 0, sizeof *r); /* tag GW_EL_NONE, not turned */
    r->face = face;
    r->size = size;
    r->hscale = hscale;
    r->color = color;
    r->baseline = baseline;
    /* One block for the glyphs and the text after them: a 1,000-page document has some 50,000
     * runs, and every block costs its bookkeeping. */
    r->glyphs = gw_xmalloc(n_glyphs * sizeof *glyphs + text_len + 1);
    memcpy(r->glyphs, glyphs, n_glyphs * sizeof *glyphs);
    r->text = (char *)(r->glyphs + n_glyphs);
    memcpy(r->text, text, text_len);
    r->text[text_len] = '\0';
    r->n_glyphs = n_glyphs;
    return r;
}

gw_rule *gw_page_add_rule(gw_page *pg, double x0, double y0, double x1, double y1, double width,
                          gw_color color)
{
    GROW(pg->rules, pg->n_rules, pg->cap_rules);
    pg->rules[pg->n_rules] = (gw_rule){ x0, y0, x1, y1, width, color, { GW_EL_NONE, 0 } };
    return &pg->rules[pg->n_rules++];
}

gw_image *gw_page_add_image(gw_page *pg, double x, double y, double w, double h,
                            const char *path)
{
    GROW(pg->images, pg->n_images, pg->cap_images);
    pg->images[pg->n_images] = (gw_image){ x, y, w, h, gw_strdup(path), { GW_EL_NONE, 0 } };
    return &pg->images[pg->n_images++];
}

static const struct {
    const char *id, *name;
} element_names[GW_EL_COUNT] = {
    [GW_EL_NONE] = { "none", "" },
    [GW_EL_COPY_NUMBER] = { "copy_number", "份号" },
    [GW_EL_SECRECY] = { "secrecy", "密级和保密期限" },
    [GW_EL_URGENCY] = { "urgency", "紧急程度" },
    [GW_EL_ISSUER_MARK] = { "issuer_mark", "发文机关标志" },
    [GW_EL_DOC_NUMBER] = { "doc_number", "发文字号" },
    [GW_EL_SIGNER] = { "signer", "签发人" },
    [GW_EL_HEADER_RULE] = { "header_rule", "版头分隔线" },
    [GW_EL_TITLE] = { "title", "标题" },
    [GW_EL_ADDRESSEE] = { "addressee", "主送机关" },
    [GW_EL_BODY] = { "body", "正文" },
    [GW_EL_HEADING] = { "heading", "正文标题" },
    [GW_EL_TABLE] = { "table", "表格" },
    [GW_EL_ATTACHMENT_NOTE] = { "attachment_note", "附件说明" },
    [GW_EL_SIGNATURE] = { "signature", "发文机关署名" },
    [GW_EL_SIGNATORY_TITLE] = { "signatory_title", "签发人职务" },
    [GW_EL_SIGNATURE_STAMP] = { "signature_stamp", "签名章" },
    [GW_EL_DATE] = { "date", "成文日期" },
    [GW_EL_SEAL] = { "seal", "印章" },
    [GW_EL_NOTE] = { "note", "附注" },
    [GW_EL_ATTENDANCE] = { "attendance", "出席列席" },
    [GW_EL_NO_TEXT_NOTE] = { "no_text_note", "此页无正文" },
    [GW_EL_ANNEX_LABEL] = { "annex_label", "附件标识" },
    [GW_EL_ANNEX_TITLE] = { "annex_title", "附件标题" },
    [GW_EL_ANNEX_BODY] = { "annex_body", "附件" },
    [GW_EL_COLOPHON_RULE] = { "colophon_rule", "版记分隔线" },
    [GW_EL_COLOPHON_MAIN_TO] = { "colophon_main_to", "主送" },
    [GW_EL_CC] = { "cc", "抄送机关" },
    [GW_EL_DISTRIBUTE] = { "distribute", "分送" },
    [GW_EL_PRINTER] = { "printer", "印发机关" },
    [GW_EL_PRINT_DATE] = { "print_date", "印发日期" },
    [GW_EL_PAGE_NUMBER] = { "page_number", "页码" },
};

const char *gw_element_id(gw_element e)
{
    return e >= 0 && e < GW_EL_COUNT ? element_names[e].id : "none";
}

const char *gw_element_name(gw_element e)
{
    return e >= 0 && e < GW_EL_COUNT ? element_names[e].name : "";
}
