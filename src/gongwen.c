/* gongwen.c: the library front (gongwen.h): the engine (fonts and layout rules, loaded once),
 * and a document's way from text through the reader, layout and the PDF back end to a file. */
#include "gongwen.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/gw_util.h"

struct gw_engine {
    char *datadir;
    gw_fontset *fonts;
    gw_layout_rules *rules;
    int pdf_threads;
    bool exact_outlines;
};

const char *gw_version(void)
{
    return GW_VERSION;
}

const char *gw_default_datadir(void)
{
    const char *env = getenv("GONGWEN_DATADIR");
    if (env && *env)
        return env;
    if (gw_is_dir(GW_SOURCE_DATADIR "/layouts") && gw_is_dir(GW_SOURCE_DATADIR "/fonts"))
        return GW_SOURCE_DATADIR;
    return GW_INSTALL_DATADIR;
}

gw_engine *gw_engine_new(const gw_engine_options *opt, gw_diags *diags)
{
    gw_engine *e = gw_xcalloc(1, sizeof *e);
    e->datadir = gw_strdup(opt && opt->datadir ? opt->datadir : gw_default_datadir());
    char *fonts_dir = gw_asprintf("%s/fonts", e->datadir);
    char *rules_path = opt && opt->layout ? gw_strdup(opt->layout)
                                          : gw_asprintf("%s/layouts/gbt9704.ini", e->datadir);
    e->pdf_threads = opt ? opt->pdf_threads : 0;
    e->exact_outlines = opt && opt->exact_outlines;
    /* the rules file's messages name it, with their line: `rules.ini:7: error: …` */
    gw_diags rules_diags;
    gw_diags_init(&rules_diags, rules_path);
    e->rules = gw_layout_rules_load(rules_path, &rules_diags);
    gw_diags_move(diags, &rules_diags);
    gw_diags_free(&rules_diags);
    if (e->rules)
        e->fonts = gw_fontset_open(fonts_dir, diags);
    free(fonts_dir);
    free(rules_path);
    if (!e->rules || !e->fonts) {
        gw_engine_free(e);
        return NULL;
    }
    return e;
}

void gw_engine_free(gw_engine *e)
{
    if (!e)
        return;
    gw_fontset_close(e->fonts);
    gw_layout_rules_free(e->rules);
    free(e->datadir);
    free(e);
}

gw_fontset *gw_engine_fonts(gw_engine *e)
{
    return e->fonts;
}

const gw_layout_rules *gw_engine_rules(const gw_engine *e)
{
    return e->rules;
}

const char *gw_engine_datadir(const gw_engine *e)
{
    return e->datadir;
}

gw_pagelist *gw_layout_document(gw_engine *e, const gw_document *doc, gw_diags *diags)
{
    gw_fontset_new_document(e->fonts);
    return gw_layout(doc, e->rules, e->fonts, diags);
}

int gw_render_document(gw_engine *e, const gw_document *doc, unsigned char **pdf, size_t *len,
                       gw_diags *diags)
{
    gw_pagelist *pl = gw_layout_document(e, doc, diags);
    if (!pl)
        return -1;
    char *creator = gw_asprintf("gongwen %s", GW_VERSION);
    gw_pdf_options opt = { creator, e->pdf_threads, e->exact_outlines };
    int rc = gw_pdf_write_with(pl, e->fonts, &opt, pdf, len, diags);
    free(creator);
    gw_pagelist_free(pl);
    return rc;
}

int gw_render_file(gw_engine *e, const char *in_path, const char *out_path, gw_diags *diags)
{
    gw_document *doc = gw_read_file(in_path, diags);
    if (!doc)
        return 1;
    unsigned char *pdf = NULL;
    size_t len = 0;
    int rc = gw_render_document(e, doc, &pdf, &len, diags);
    gw_document_free(doc);
    if (rc != 0)
        return 1;
    if (gw_write_file_atomic(out_path, pdf, len) != 0) {
        gw_diags_add(diags, GW_ERROR, "output-write", 0, 0, "cannot write %s: %s", out_path, strerror(errno));
        free(pdf);
        return 1;
    }
    free(pdf);
    return 0;
}
