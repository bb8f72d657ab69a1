/* gongwen.c: the library front (gongwen.h): the engine (fonts and layout rules, loaded once),
 * and a document's way from text through the reader, layout and a back end (PDF or OFD, both
 * from the same page list) to a file. */
#include "gongwen.h"

#include <errno.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>

#include "base/gw_output.h"
#include "base/gw_util.h"

struct gw_engine {
    char *datadir;
    gw_fontset *fonts;
    gw_layout_set *layouts; /* the rules of each 版式 */
    int pdf_threads;
    bool exact_outlines;
    size_t max_input_size;
    bool warnings_as_errors;
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
                                          : gw_asprintf("%s/layouts", e->datadir);
    e->pdf_threads = opt ? opt->pdf_threads : 0;
    e->exact_outlines = opt && opt->exact_outlines;
    e->max_input_size = opt && opt->max_input_size ? opt->max_input_size : GW_MAX_INPUT_DEFAULT;
    e->warnings_as_errors = opt && opt->warnings_as_errors;
    /* each rules file's messages name it, with their line: `letter.ini:7: error: …` */
    e->layouts = gw_layout_set_load(rules_path, diags);
    if (e->layouts)
        e->fonts = gw_fontset_open(fonts_dir, diags);
    free(fonts_dir);
    free(rules_path);
    if (!e->layouts || !e->fonts) {
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
    gw_layout_set_free(e->layouts);
    free(e->datadir);
    free(e);
}

gw_fontset *gw_engine_fonts(gw_engine *e)
{
    return e->fonts;
}

const gw_layout_rules *gw_engine_rules(const gw_engine *e)
{
    return gw_layout_set_rules(e->layouts, GW_FORMAT_DOCUMENT);
}

const gw_layout_rules *gw_engine_rules_for(const gw_engine *e, gw_format format)
{
    return gw_layout_set_rules(e->layouts, format);
}

const char *gw_engine_datadir(const gw_engine *e)
{
    return e->datadir;
}

gw_pagelist *gw_layout_document(gw_engine *e, const gw_document *doc, gw_diags *diags)
{
    gw_fontset_new_document(e->fonts);
    return gw_layout(doc, gw_engine_rules_for(e, doc->format), e->fonts, diags);
}

gw_file_format gw_file_format_from_path(const char *path)
{
    size_t n = path ? strlen(path) : 0;
    return n >= 4 && strcasecmp(path + n - 4, ".ofd") == 0 ? GW_FILE_OFD : GW_FILE_PDF;
}

const char *gw_file_format_name(gw_file_format f)
{
    return f == GW_FILE_OFD ? "ofd" : f == GW_FILE_PDF ? "pdf" : NULL;
}

const char *gw_file_format_extension(gw_file_format f)
{
    return f == GW_FILE_OFD ? ".ofd" : f == GW_FILE_PDF ? ".pdf" : NULL;
}

/* Writes a laid-out document in one format into memory. */
static int write_format(gw_engine *e, const gw_pagelist *pl, gw_file_format format,
                        unsigned char **out, size_t *len, gw_diags *diags)
{
    char *creator = gw_asprintf("gongwen %s", GW_VERSION);
    int rc;
    if (format == GW_FILE_OFD) {
        gw_ofd_options opt = { creator, e->pdf_threads, 0, e->exact_outlines };
        rc = gw_ofd_write(pl, e->fonts, &opt, out, len, diags);
    } else {
        gw_pdf_options opt = { creator, e->pdf_threads, e->exact_outlines };
        rc = gw_pdf_write_with(pl, e->fonts, &opt, out, len, diags);
    }
    free(creator);
    return rc;
}

int gw_render_document_as(gw_engine *e, const gw_document *doc, gw_file_format format,
                          unsigned char **out, size_t *len, gw_diags *diags)
{
    gw_pagelist *pl = gw_layout_document(e, doc, diags);
    if (!pl)
        return -1;
    int rc = write_format(e, pl, format, out, len, diags);
    gw_pagelist_free(pl);
    return rc;
}

int gw_render_document(gw_engine *e, const gw_document *doc, unsigned char **pdf, size_t *len,
                       gw_diags *diags)
{
    return gw_render_document_as(e, doc, GW_FILE_PDF, pdf, len, diags);
}

int gw_render_file_to(gw_engine *e, const char *in_path, const char *const *out_paths,
                      const gw_file_format *formats, size_t n, gw_diags *diags)
{
    for (size_t i = 0; i < n; i++) { /* before anything is read */
        char *refusal = gw_output_refusal(out_paths[i], in_path, NULL);
        if (refusal) {
            gw_diags_add(diags, GW_ERROR, "output-refused", 0, 0, "%s", refusal);
            free(refusal);
            return 1;
        }
    }
    gw_document *doc = gw_read_file_max(in_path, e->max_input_size, diags);
    if (!doc)
        return 1;
    gw_fontset_new_document(e->fonts);
    gw_pagelist *pl = gw_layout(doc, gw_engine_rules_for(e, doc->format), e->fonts, diags);
    gw_document_free(doc);
    if (!pl)
        return 1;
    size_t warnings = gw_diags_count(diags, GW_WARNING);
    if (e->warnings_as_errors && warnings) {
        gw_diags_add(diags, GW_ERROR, "warnings-as-errors", 0, 0,
                     "%zu warning%s and --warnings-as-errors: nothing written", warnings,
                     warnings == 1 ? "" : "s");
        gw_pagelist_free(pl);
        return 1;
    }
    int status = 0;
    for (size_t i = 0; i < n; i++) {
        gw_file_format f = formats && formats[i] != GW_FILE_AUTO
                               ? formats[i]
                               : gw_file_format_from_path(out_paths[i]);
        unsigned char *data = NULL;
        size_t len = 0;
        if (write_format(e, pl, f, &data, &len, diags) != 0) {
            status = 1;
            continue;
        }
        if (gw_write_output(out_paths[i], data, len) != 0) {
            gw_diags_add(diags, GW_ERROR, "output-write", 0, 0, "cannot write %s: %s",
                         strcmp(out_paths[i], "-") == 0 ? "standard output" : out_paths[i],
                         strerror(errno));
            status = 1;
        }
        free(data);
    }
    gw_pagelist_free(pl);
    return status;
}

int gw_render_file(gw_engine *e, const char *in_path, const char *out_path, gw_diags *diags)
{
    return gw_render_file_to(e, in_path, &out_path, NULL, 1, diags);
}
