/* gw_engine.c: the inside of the library front (gw_engine.h): the engine (fonts and layout
 * rules, loaded once, never written after), where the data is, and a document's way from text
 * through the reader, layout and a back end (PDF or OFD, both from the same page list) to a
 * file. */
#define _GNU_SOURCE /* dladdr */
#include "gw_engine.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unistd.h>

#include "base/gw_output.h"
#include "base/gw_util.h"

struct gw_engine {
    char *datadir;
    char *layout_path;
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

/* Whether path lies inside folder (both resolved). */
static bool inside(const char *path, const char *folder)
{
    char *p = realpath(path, NULL), *f = realpath(folder, NULL);
    size_t n = f ? strlen(f) : 0;
    bool in = p && f && strncmp(p, f, n) == 0 && p[n] == '/';
    free(p);
    free(f);
    return in;
}

static bool has_data(const char *dir)
{
    char *l = gw_asprintf("%s/layouts", dir), *f = gw_asprintf("%s/fonts", dir);
    bool ok = gw_is_dir(l) && gw_is_dir(f);
    free(l);
    free(f);
    return ok;
}

char *gw_find_datadir(void)
{
    const char *env = getenv("GONGWEN_DATADIR");
    if (env && *env)
        return gw_strdup(env);
    /* the file this code was loaded from: libgongwen.so, or a program linked with the .a */
    Dl_info info;
    const char *self = dladdr((void *)gw_find_datadir, &info) && info.dli_fname ? info.dli_fname
                                                                               : NULL;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    exe[n > 0 ? n : 0] = '\0';
    if ((self && inside(self, GW_BUILD_ROOT)) || (n > 0 && inside(exe, GW_BUILD_ROOT)))
        return gw_strdup(GW_SOURCE_DATADIR); /* run from the build folder */
    if (self && strchr(self, '/')) {
        char *lib = realpath(self, NULL);
        if (lib) {
            char *slash = strrchr(lib, '/');
            *slash = '\0';
            char *dir = gw_asprintf("%s/%s", lib, GW_LIBDIR_TO_DATADIR);
            free(lib);
            char *real = realpath(dir, NULL);
            free(dir);
            if (real && has_data(real)) {
                char *out = gw_strdup(real);
                free(real);
                return out;
            }
            free(real);
        }
    }
    return gw_strdup(GW_INSTALL_DATADIR);
}

char *gw_fonts_dir_of(const char *datadir)
{
    char *a = realpath(datadir, NULL), *b = realpath(GW_SOURCE_DATADIR, NULL);
    bool source = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    return source ? gw_strdup(GW_UNINSTALLED_FONTS_DIR) : gw_asprintf("%s/fonts", datadir);
}

gw_engine *gw_engine_new(const gw_engine_options *opt, gw_diags *diags)
{
    gw_engine *e = gw_xcalloc(1, sizeof *e);
    e->datadir = opt && opt->datadir ? gw_strdup(opt->datadir) : gw_find_datadir();
    char *fonts_dir = gw_fonts_dir_of(e->datadir);
    /* a folder of rules files, each 版式 by its file, or one file for every document */
    char *rules_path = opt && opt->layout ? gw_strdup(opt->layout)
                                          : gw_asprintf("%s/layouts", e->datadir);
    e->layout_path = gw_strdup(rules_path);
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
    free(e->layout_path);
    free(e);
}

const gw_fontset *gw_engine_fonts(const gw_engine *e)
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

const char *gw_engine_layout_path(const gw_engine *e)
{
    return e->layout_path;
}

gw_pagelist *gw_layout_document(const gw_engine *e, const gw_document *doc, gw_diags *diags)
{
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

/* Writes a laid-out document in one format into memory; release: pl, whose pages the PDF
 * writer frees as it goes. */
static int render_pagelist(const gw_engine *e, const gw_pagelist *pl, gw_pagelist *release,
                           gw_file_format format, unsigned char **out, size_t *len,
                           gw_diags *diags)
{
    char *creator = gw_asprintf("gongwen %s", GW_VERSION);
    int rc;
    if (format == GW_FILE_OFD) {
        gw_ofd_options opt = { creator, e->pdf_threads, 0, e->exact_outlines };
        rc = gw_ofd_write(pl, e->fonts, &opt, out, len, diags);
    } else {
        gw_pdf_options opt = { creator, e->pdf_threads, e->exact_outlines };
        rc = release ? gw_pdf_write_releasing(release, e->fonts, &opt, out, len, diags)
                     : gw_pdf_write_with(pl, e->fonts, &opt, out, len, diags);
    }
    free(creator);
    return rc;
}

int gw_render_pagelist(const gw_engine *e, const gw_pagelist *pl, gw_file_format format,
                       unsigned char **out, size_t *len, gw_diags *diags)
{
    return render_pagelist(e, pl, NULL, format, out, len, diags);
}

int gw_render_pagelist_last(const gw_engine *e, gw_pagelist *pl, gw_file_format format,
                            unsigned char **out, size_t *len, gw_diags *diags)
{
    return render_pagelist(e, pl, pl, format, out, len, diags);
}

int gw_render_document_as(const gw_engine *e, const gw_document *doc, gw_file_format format,
                          unsigned char **out, size_t *len, gw_diags *diags)
{
    gw_pagelist *pl = gw_layout_document(e, doc, diags);
    if (!pl)
        return -1;
    int rc = gw_render_pagelist_last(e, pl, format, out, len, diags);
    gw_pagelist_free(pl);
    return rc;
}

int gw_render_document(const gw_engine *e, const gw_document *doc, unsigned char **pdf,
                       size_t *len, gw_diags *diags)
{
    return gw_render_document_as(e, doc, GW_FILE_PDF, pdf, len, diags);
}

gw_render_result gw_render_file_with(const gw_engine *e, const char *in_path,
                                     const char *const *out_paths, const gw_file_format *formats,
                                     size_t n, size_t max_input, int warnings_as_errors,
                                     gw_diags *diags)
{
    for (size_t i = 0; i < n; i++) { /* before anything is read */
        bool misuse = false;
        char *refusal = gw_output_refusal(out_paths[i], in_path, &misuse);
        if (refusal) {
            gw_diags_add(diags, GW_ERROR, "output-refused", 0, 0, "%s", refusal);
            free(refusal);
            return misuse ? GW_RENDER_REFUSED : GW_RENDER_PLACE;
        }
    }
    gw_document *doc = gw_read_file_max(in_path, max_input ? max_input : e->max_input_size, diags);
    if (!doc)
        return GW_RENDER_INPUT;
    gw_pagelist *pl = gw_layout(doc, gw_engine_rules_for(e, doc->format), e->fonts, diags);
    gw_document_free(doc);
    if (!pl)
        return GW_RENDER_INPUT;
    size_t warnings = gw_diags_count(diags, GW_WARNING);
    bool werror = warnings_as_errors < 0 ? e->warnings_as_errors : warnings_as_errors > 0;
    if (werror && warnings) {
        gw_diags_add(diags, GW_ERROR, "warnings-as-errors", 0, 0,
                     "%zu warning%s and --warnings-as-errors: nothing written", warnings,
                     warnings == 1 ? "" : "s");
        gw_pagelist_free(pl);
        return GW_RENDER_WARNINGS;
    }
    gw_render_result status = GW_RENDER_OK;
    for (size_t i = 0; i < n; i++) {
        gw_file_format f = formats && formats[i] != GW_FILE_AUTO
                               ? formats[i]
                               : gw_file_format_from_path(out_paths[i]);
        unsigned char *data = NULL;
        size_t len = 0;
        int rc = i + 1 == n ? gw_render_pagelist_last(e, pl, f, &data, &len, diags)
                            : gw_render_pagelist(e, pl, f, &data, &len, diags);
        if (rc != 0) {
            if (!status)
                status = GW_RENDER_INPUT;
            continue;
        }
        if (gw_write_output(out_paths[i], data, len) != 0) {
            gw_diags_add(diags, GW_ERROR, "output-write", 0, 0, "cannot write %s: %s",
                         strcmp(out_paths[i], "-") == 0 ? "standard output" : out_paths[i],
                         strerror(errno));
            if (!status)
                status = GW_RENDER_WRITE;
        }
        free(data);
    }
    gw_pagelist_free(pl);
    return status;
}

int gw_render_file_to(const gw_engine *e, const char *in_path, const char *const *out_paths,
                      const gw_file_format *formats, size_t n, gw_diags *diags)
{
    return gw_render_file_with(e, in_path, out_paths, formats, n, 0, -1, diags) ? 1 : 0;
}

int gw_render_file(const gw_engine *e, const char *in_path, const char *out_path,
                   gw_diags *diags)
{
    return gw_render_file_to(e, in_path, &out_path, NULL, 1, diags);
}
