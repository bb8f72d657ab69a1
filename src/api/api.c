/* api.c: the public API's engine, options, rendering, reading, checking and files
 * (include/gongwen/gongwen.h), each call in a frame of its own (api_int.h) over the internal
 * engine (gw_engine.h). */
#include "api_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_output.h"
#include "../base/gw_util.h"
#include "../check/gw_check.h"

GONGWEN_API const char *gongwen_version(void)
{
    return GONGWEN_VERSION_STRING;
}

GONGWEN_API int gongwen_version_number(void)
{
    return GONGWEN_VERSION_NUMBER;
}

/* ---- engine options --------------------------------------------------------------------- */

struct gongwen_engine_options {
    char *datadir, *layout;
    gongwen_outlines outlines;
    int font_threads;
};

GONGWEN_API gongwen_engine_options *gongwen_engine_options_new(void)
{
    return calloc(1, sizeof(gongwen_engine_options));
}

GONGWEN_API void gongwen_engine_options_free(gongwen_engine_options *o)
{
    if (!o)
        return;
    free(o->datadir);
    free(o->layout);
    free(o);
}

static gongwen_status set_string(char **slot, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = api_strdup(value)))
        return GONGWEN_ERROR_NO_MEMORY;
    free(*slot);
    *slot = copy;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_engine_options_set_datadir(gongwen_engine_options *o,
                                                              const char *dir)
{
    return o ? set_string(&o->datadir, dir && *dir ? dir : NULL) : GONGWEN_ERROR_USAGE;
}

GONGWEN_API gongwen_status gongwen_engine_options_set_layout(gongwen_engine_options *o,
                                                             const char *file_or_folder)
{
    return o ? set_string(&o->layout, file_or_folder && *file_or_folder ? file_or_folder : NULL)
             : GONGWEN_ERROR_USAGE;
}

GONGWEN_API gongwen_status gongwen_engine_options_set_outlines(gongwen_engine_options *o,
                                                               gongwen_outlines policy)
{
    if (!o || (policy != GONGWEN_OUTLINES_SIMPLIFIED && policy != GONGWEN_OUTLINES_EXACT))
        return GONGWEN_ERROR_USAGE;
    o->outlines = policy;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_engine_options_set_font_threads(gongwen_engine_options *o,
                                                                   int threads)
{
    if (!o || threads < 0)
        return GONGWEN_ERROR_USAGE;
    o->font_threads = threads;
    return GONGWEN_OK;
}

/* ---- the engine ------------------------------------------------------------------------- */

typedef struct {
    char **out;
} datadir_args;

static gongwen_status datadir_body(api_call *c, void *args)
{
    (void)c;
    *((datadir_args *)args)->out = gw_find_datadir();
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_find_datadir(char **out)
{
    if (!out)
        return GONGWEN_ERROR_USAGE;
    *out = NULL;
    datadir_args a = { out };
    return api_run("gongwen", 0, NULL, datadir_body, &a);
}

typedef struct {
    const gongwen_engine_options *opt;
    gongwen_engine **out;
} engine_args;

static gongwen_status engine_body(api_call *c, void *args)
{
    engine_args *a = args;
    gw_new_file_mode(); /* the umask, read once, before the engine's callers start threads */
    gw_engine_options eo = {
        .datadir = a->opt ? a->opt->datadir : NULL,
        .layout = a->opt ? a->opt->layout : NULL,
        .pdf_threads = a->opt ? a->opt->font_threads : 0,
        .exact_outlines = a->opt && a->opt->outlines == GONGWEN_OUTLINES_EXACT,
    };
    gongwen_engine *pub = gw_xcalloc(1, sizeof *pub);
    pub->in = gw_engine_new(&eo, &c->diags);
    if (!pub->in) {
        free(pub);
        return GONGWEN_ERROR_SETUP;
    }
    *a->out = pub;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_engine_new(const gongwen_engine_options *opt,
                                              gongwen_engine **out, gongwen_diagnostics *d)
{
    if (!out)
        return api_usage(d, "gongwen_engine_new: no place for the engine");
    *out = NULL;
    engine_args a = { opt, out };
    return api_run("gongwen", 0, d, engine_body, &a);
}

GONGWEN_API void gongwen_engine_free(gongwen_engine *e)
{
    if (!e)
        return;
    gw_engine_free(e->in);
    free(e);
}

GONGWEN_API const char *gongwen_engine_datadir(const gongwen_engine *e)
{
    return e ? gw_engine_datadir(e->in) : NULL;
}

GONGWEN_API const char *gongwen_engine_layout(const gongwen_engine *e)
{
    return e ? gw_engine_layout_path(e->in) : NULL;
}

static void json_string(gw_buf *b, const char *s)
{
    gw_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            gw_buf_printf(b, "\\%c", *p);
        else if (*p < 0x20)
            gw_buf_printf(b, "\\u%04x", *p);
        else
            gw_buf_putc(b, (char)*p);
    }
    gw_buf_putc(b, '"');
}

static const char *embedding_name(gw_embedding e)
{
    return e == GW_EMBED_WHOLE ? "whole" : e == GW_EMBED_FORBIDDEN ? "forbidden" : "subset";
}

static char *fonts_json(const gw_fontset *fs)
{
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_puts(&b, "[");
    bool first = true;
    for (int r = 0; r < GW_ROLE_COUNT; r++) {
        size_t n = 0;
        const int *faces = gw_fontset_role_faces(fs, (gw_font_role)r, &n);
        for (size_t k = 0; k < n; k++) {
            const gw_face *f = gw_fontset_face(fs, faces[k]);
            gw_buf_puts(&b, first ? "\n  {\"role\": " : ",\n  {\"role\": ");
            first = false;
            json_string(&b, gw_role_name((gw_font_role)r));
            gw_buf_puts(&b, ", \"family\": ");
            json_string(&b, f->family);
            gw_buf_puts(&b, ", \"full_name\": ");
            json_string(&b, f->full_name);
            gw_buf_printf(&b, ", \"weight\": %u, \"file\": ", f->weight);
            json_string(&b, f->file);
            gw_buf_printf(&b, ", \"index\": %d, \"standin\": %s, \"embedding\": \"%s\", "
                              "\"treatment\": ",
                          f->index, f->standin ? "true" : "false", embedding_name(f->embedding));
            json_string(&b, gw_face_treatment(f));
            gw_buf_puts(&b, "}");
        }
    }
    gw_buf_puts(&b, "\n]\n");
    return gw_buf_steal(&b);
}

static void close_stream(void *f)
{
    fclose(f);
}

/* `gongwen fonts`'s listing, through a memory stream. */
static char *fonts_text(const gw_fontset *fs)
{
    char *data = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&data, &len);
    if (!f)
        gw_oom(0);
    gw_defer *df = gw_mem_defer(close_stream, f);
    gw_fontset_print(fs, f);
    gw_mem_undefer(df);
    if (fclose(f) != 0 || !data) {
        free(data);
        gw_oom(len);
    }
    char *copy = gw_strndup(data, len); /* (the stream's block is libc's: give a registered one) */
    free(data);
    return copy;
}

typedef struct {
    const gongwen_engine *e;
    unsigned form;
    char **out;
} fonts_args;

static gongwen_status fonts_body(api_call *c, void *args)
{
    (void)c;
    fonts_args *a = args;
    const gw_fontset *fs = gw_engine_fonts(a->e->in);
    *a->out = a->form & GONGWEN_PRINT_JSON ? fonts_json(fs) : fonts_text(fs);
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_engine_fonts(const gongwen_engine *e, unsigned form,
                                                char **out)
{
    if (!out)
        return GONGWEN_ERROR_USAGE;
    *out = NULL;
    if (!e)
        return GONGWEN_ERROR_USAGE;
    fonts_args a = { e, form, out };
    return api_run("gongwen", 0, NULL, fonts_body, &a);
}

/* ---- options ------------------------------------------------------------------------------ */

static const gongwen_options defaults = { GONGWEN_FORMAT_AUTO, 0, 0, 0 };

const gongwen_options *api_options(const gongwen_options *opt)
{
    return opt ? opt : &defaults;
}

GONGWEN_API gongwen_options *gongwen_options_new(void)
{
    gongwen_options *o = malloc(sizeof *o);
    if (o)
        *o = defaults;
    return o;
}

GONGWEN_API void gongwen_options_free(gongwen_options *o)
{
    free(o);
}

GONGWEN_API gongwen_status gongwen_options_set_format(gongwen_options *o, gongwen_format f)
{
    if (!o || f < GONGWEN_FORMAT_AUTO || f > GONGWEN_FORMAT_OFD)
        return GONGWEN_ERROR_USAGE;
    o->format = f;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_options_set_max_input_size(gongwen_options *o, size_t bytes)
{
    if (!o)
        return GONGWEN_ERROR_USAGE;
    o->max_input_size = bytes;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_options_set_warnings_as_errors(gongwen_options *o, int on)
{
    if (!o)
        return GONGWEN_ERROR_USAGE;
    o->warnings_as_errors = on != 0;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_options_set_memory_limit(gongwen_options *o, size_t bytes)
{
    if (!o)
        return GONGWEN_ERROR_USAGE;
    o->memory_limit = bytes;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_format gongwen_format_from_path(const char *path)
{
    return gw_file_format_from_path(path) == GW_FILE_OFD ? GONGWEN_FORMAT_OFD : GONGWEN_FORMAT_PDF;
}

/* ---- rendering ------------------------------------------------------------------------------ */

static size_t max_input(const gongwen_options *o)
{
    return o->max_input_size ? o->max_input_size : GW_MAX_INPUT_DEFAULT;
}

/* Reads text of len bytes into a document (NULL + GW_ERROR in diags). */
static gw_document *read_text(const void *text, size_t len, const char *name,
                              const gongwen_options *o, gw_diags *diags)
{
    if (len > max_input(o)) {
        gw_diags_add(diags, GW_ERROR, "input-too-large", 0, 0,
                     "the input is %zu bytes, more than the limit of %zu (--max-input-size)", len,
                     max_input(o));
        return NULL;
    }
    /* relative images (印章, 签名章) are relative to the folder of the file the text names */
    return gw_read_buffer_at(text ? text : "", len, name, strchr(name, '/') ? name : NULL, diags);
}

static gongwen_status warnings_check(const gongwen_options *o, gw_diags *diags)
{
    size_t warnings = gw_diags_count(diags, GW_WARNING);
    if (!o->warnings_as_errors || !warnings)
        return GONGWEN_OK;
    gw_diags_add(diags, GW_ERROR, "warnings-as-errors", 0, 0,
                 "%zu warning%s and --warnings-as-errors: nothing written", warnings,
                 warnings == 1 ? "" : "s");
    return GONGWEN_ERROR_WARNINGS;
}

typedef struct {
    const gongwen_engine *e;
    const void *text;
    size_t len;
    const char *name;
    const gongwen_options *o;
    unsigned char **out;
    size_t *out_len;
} render_args;

static gongwen_status render_body(api_call *c, void *args)
{
    render_args *a = args;
    gw_document *doc = read_text(a->text, a->len, a->name, a->o, &c->diags);
    gw_pagelist *pl = doc ? gw_layout_document(a->e->in, doc, &c->diags) : NULL;
    gw_document_free(doc);
    if (!pl)
        return GONGWEN_ERROR_INPUT;
    gongwen_status s = warnings_check(a->o, &c->diags);
    unsigned char *bytes = NULL;
    size_t n = 0;
    if (s == GONGWEN_OK) {
        gw_file_format f = a->o->format == GONGWEN_FORMAT_OFD ? GW_FILE_OFD : GW_FILE_PDF;
        if (gw_render_pagelist_last(a->e->in, pl, f, &bytes, &n, &c->diags) != 0)
            s = GONGWEN_ERROR_INPUT;
    }
    gw_pagelist_free(pl);
    if (s == GONGWEN_OK) {
        *a->out = bytes;
        *a->out_len = n;
    }
    return s;
}

GONGWEN_API gongwen_status gongwen_render(const gongwen_engine *e, const void *text, size_t len,
                                          const char *name, const gongwen_options *opt,
                                          unsigned char **out, size_t *out_len,
                                          gongwen_diagnostics *d)
{
    if (out)
        *out = NULL;
    if (out_len)
        *out_len = 0;
    if (!e || !out || !out_len || (!text && len))
        return api_usage(d, "gongwen_render: an engine, the text and places for the output are needed");
    const gongwen_options *o = api_options(opt);
    render_args a = { e, text, len, name ? name : "<input>", o, out, out_len };
    return api_run(a.name, o->memory_limit, d, render_body, &a);
}

static gw_file_format internal_format(gongwen_format f)
{
    return f == GONGWEN_FORMAT_PDF ? GW_FILE_PDF : f == GONGWEN_FORMAT_OFD ? GW_FILE_OFD : GW_FILE_AUTO;
}

static gongwen_status status_of(gw_render_result r)
{
    switch (r) {
    case GW_RENDER_OK: return GONGWEN_OK;
    case GW_RENDER_REFUSED: return GONGWEN_ERROR_USAGE;
    case GW_RENDER_PLACE: return GONGWEN_ERROR_OUTPUT;
    case GW_RENDER_INPUT: return GONGWEN_ERROR_INPUT;
    case GW_RENDER_WARNINGS: return GONGWEN_ERROR_WARNINGS;
    case GW_RENDER_WRITE: return GONGWEN_ERROR_OUTPUT;
    }
    return GONGWEN_ERROR_INPUT;
}

typedef struct {
    const gongwen_engine *e;
    const char *in;
    const char *const *outs;
    const gongwen_format *formats;
    size_t n;
    const gongwen_options *o;
} file_args;

static gongwen_status render_file_body(api_call *c, void *args)
{
    file_args *a = args;
    gw_file_format *fmts = gw_xcalloc(a->n, sizeof *fmts);
    for (size_t i = 0; i < a->n; i++)
        fmts[i] = internal_format(a->formats ? a->formats[i] : a->o->format);
    gw_render_result r = gw_render_file_with(a->e->in, a->in, a->outs, fmts, a->n,
                                             max_input(a->o), a->o->warnings_as_errors,
                                             &c->diags);
    free(fmts);
    return status_of(r);
}

GONGWEN_API gongwen_status gongwen_render_file_to(const gongwen_engine *e, const char *in_path,
                                                  const char *const *out_paths,
                                                  const gongwen_format *formats, size_t n,
                                                  const gongwen_options *opt,
                                                  gongwen_diagnostics *d)
{
    if (!e || !in_path || !out_paths || !n)
        return api_usage(d, "gongwen_render_file_to: an engine, an input and outputs are needed");
    for (size_t i = 0; i < n; i++)
        if (!out_paths[i])
            return api_usage(d, "gongwen_render_file_to: an output name is NULL");
    file_args a = { e, in_path, out_paths, formats, n, api_options(opt) };
    return api_run(strcmp(in_path, "-") == 0 ? "<stdin>" : in_path, a.o->memory_limit, d,
                   render_file_body, &a);
}

GONGWEN_API gongwen_status gongwen_render_file(const gongwen_engine *e, const char *in_path,
                                               const char *out_path, const gongwen_options *opt,
                                               gongwen_diagnostics *d)
{
    if (!out_path)
        return api_usage(d, "gongwen_render_file: no output name");
    return gongwen_render_file_to(e, in_path, &out_path, NULL, 1, opt, d);
}

typedef struct {
    const char *out, *in;
} check_out_args;

static gongwen_status output_check_body(api_call *c, void *args)
{
    check_out_args *a = args;
    bool misuse = false;
    char *refusal = gw_output_refusal(a->out, a->in, &misuse);
    if (!refusal)
        return GONGWEN_OK;
    gw_diags_add(&c->diags, GW_ERROR, "output-refused", 0, 0, "%s", refusal);
    free(refusal);
    return misuse ? GONGWEN_ERROR_USAGE : GONGWEN_ERROR_OUTPUT;
}

GONGWEN_API gongwen_status gongwen_output_check(const char *out, const char *in,
                                                gongwen_diagnostics *d)
{
    if (!out)
        return api_usage(d, "gongwen_output_check: no output name");
    check_out_args a = { out, in };
    return api_run("gongwen", 0, d, output_check_body, &a);
}

GONGWEN_API void gongwen_output_abort(void)
{
    gw_output_abort();
}

/* ---- reading and checking ------------------------------------------------------------------ */

/* What the reading, checking and file calls take. */
typedef struct {
    const void *text;   /* the text, or NULL to read path */
    size_t len;
    const char *path, *name;
    const gongwen_options *o;
    char **json;
    unsigned char **data;
    size_t *data_len, max;
} text_args;

/* The text of a: the caller's, or path read (NULL + GW_ERROR). *owned: to free. */
static const char *text_of(const text_args *a, size_t *len, char **owned, size_t max,
                           gw_diags *diags)
{
    *owned = NULL;
    if (a->text || !a->path) {
        if (a->len > max) {
            gw_diags_add(diags, GW_ERROR, "input-too-large", 0, 0,
                         "the input is %zu bytes, more than the limit of %zu (--max-input-size)",
                         a->len, max);
            return NULL;
        }
        *len = a->len;
        return a->text ? a->text : "";
    }
    char *data = gw_read_input(a->path, max, len);
    if (!data) {
        int err = errno;
        gw_diags_add(diags, GW_ERROR, err == EFBIG ? "input-too-large" : "input-unreadable", 0,
                     0, "cannot read: %s", gw_read_input_error(err));
        return NULL;
    }
    return *owned = data;
}

static gongwen_status read_json_body(api_call *c, void *args)
{
    text_args *a = args;
    gw_document *doc = a->text || !a->path
                           ? read_text(a->text, a->len, a->name, a->o, &c->diags)
                           : gw_read_file_max(a->path, max_input(a->o), &c->diags);
    if (!doc)
        return GONGWEN_ERROR_INPUT;
    *a->json = gw_document_to_json(doc);
    gw_document_free(doc);
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_read_json(const void *text, size_t len, const char *name,
                                             const gongwen_options *opt, char **json,
                                             gongwen_diagnostics *d)
{
    if (json)
        *json = NULL;
    if (!json || (!text && len))
        return api_usage(d, "gongwen_read_json: the text and a place for the JSON are needed");
    text_args a = { .text = text ? text : "", .len = len, .name = name ? name : "<input>",
                    .o = api_options(opt), .json = json };
    return api_run(a.name, a.o->memory_limit, d, read_json_body, &a);
}

GONGWEN_API gongwen_status gongwen_read_file_json(const char *path, const gongwen_options *opt,
                                                  char **json, gongwen_diagnostics *d)
{
    if (json)
        *json = NULL;
    if (!json || !path)
        return api_usage(d, "gongwen_read_file_json: a path and a place for the JSON are needed");
    text_args a = { .path = path, .name = strcmp(path, "-") == 0 ? "<stdin>" : path,
                    .o = api_options(opt), .json = json };
    return api_run(a.name, a.o->memory_limit, d, read_json_body, &a);
}

/* The lint: the source lines for the rules on the text, the model for the rest. */
static gongwen_status check_body(api_call *c, void *args)
{
    text_args *a = args;
    size_t len = 0;
    char *owned = NULL;
    const char *data = text_of(a, &len, &owned, max_input(a->o), &c->diags);
    if (!data)
        return GONGWEN_ERROR_INPUT;
    gw_source src;
    gongwen_status s = GONGWEN_ERROR_INPUT;
    if (gw_source_from_buffer(data, len, a->name, &src, &c->diags)) {
        /* images named relative to the text's folder, as render reads them */
        gw_document *doc = gw_read_buffer_at(data, len, a->name,
                                             strchr(a->name, '/') ? a->name : NULL, &c->diags);
        gw_check(&src, doc, &c->diags);
        gw_document_free(doc);
        gw_source_free(&src);
        s = GONGWEN_OK;
    }
    free(owned);
    return s;
}

GONGWEN_API gongwen_status gongwen_check(const void *text, size_t len, const char *name,
                                         const gongwen_options *opt, gongwen_diagnostics *d)
{
    if (!text && len)
        return api_usage(d, "gongwen_check: no text");
    text_args a = { .text = text ? text : "", .len = len, .name = name ? name : "<input>",
                    .o = api_options(opt) };
    return api_run(a.name, a.o->memory_limit, d, check_body, &a);
}

GONGWEN_API gongwen_status gongwen_check_file(const char *path, const gongwen_options *opt,
                                              gongwen_diagnostics *d)
{
    if (!path)
        return api_usage(d, "gongwen_check_file: no path");
    text_args a = { .path = path, .name = strcmp(path, "-") == 0 ? "<stdin>" : path,
                    .o = api_options(opt) };
    return api_run(a.name, a.o->memory_limit, d, check_body, &a);
}

/* ---- files ------------------------------------------------------------------------------------ */

static gongwen_status write_body(api_call *c, void *args)
{
    text_args *a = args;
    if (gw_write_output(a->path, a->text, a->len) == 0)
        return GONGWEN_OK;
    gw_diags_add(&c->diags, GW_ERROR, "output-write", 0, 0, "cannot write %s: %s",
                 strcmp(a->path, "-") == 0 ? "standard output" : a->path, strerror(errno));
    return GONGWEN_ERROR_OUTPUT;
}

GONGWEN_API gongwen_status gongwen_write_file(const char *path, const void *data, size_t len,
                                              gongwen_diagnostics *d)
{
    if (!path || (!data && len))
        return api_usage(d, "gongwen_write_file: a path and the data are needed");
    text_args a = { .text = data ? data : "", .len = len, .path = path };
    return api_run(path, 0, d, write_body, &a);
}

static gongwen_status read_body(api_call *c, void *args)
{
    text_args *a = args;
    size_t len = 0;
    char *owned = NULL;
    if (!text_of(a, &len, &owned, a->max, &c->diags))
        return GONGWEN_ERROR_INPUT;
    *a->data = (unsigned char *)owned;
    *a->data_len = len;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_read_file(const char *path, size_t max, unsigned char **data,
                                             size_t *len, gongwen_diagnostics *d)
{
    if (data)
        *data = NULL;
    if (len)
        *len = 0;
    if (!path || !data || !len)
        return api_usage(d, "gongwen_read_file: a path and places for the data are needed");
    text_args a = { .path = path, .data = data, .data_len = len,
                    .max = max ? max : GW_MAX_INPUT_DEFAULT };
    return api_run(strcmp(path, "-") == 0 ? "<stdin>" : path, 0, d, read_body, &a);
}
