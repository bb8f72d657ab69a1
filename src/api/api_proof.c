/* api_proof.c: the public proofs (gongwen_proofer, gongwen_proof, gongwen_proof_index) over
 * src/proof/. A proofer holds the statement of the standard it measures against; a proof holds
 * one document, its page list and its measures. Pages are drawn by a rasteriser made for the
 * call (its glyph cache is the call's: a call that runs out of memory leaves nothing half
 * cached behind). */
#include "api_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "../proof/gw_proof.h"

struct gongwen_proofer {
    const gongwen_engine *engine;
    char *standard;          /* the rules folder (each 版式 by its file) or file measured against */
    gw_layout_set *rules;
    gw_layout_spec spec[4];  /* the standard's numbers for each 版式 (gw_format) */
};

struct gongwen_proof {
    gongwen_proofer *owner;
    gw_document *doc;
    gw_pagelist *pl;
    gw_proof *p;
    char *note;              /* the reference note, once compared */
};

typedef struct {
    const gongwen_engine *e;
    const char *standard;
    gongwen_proofer **out;
} proofer_args;

static gongwen_status proofer_body(api_call *c, void *args)
{
    proofer_args *a = args;
    gongwen_proofer *p = gw_xcalloc(1, sizeof *p);
    p->engine = a->e;
    p->standard = a->standard ? gw_strdup(a->standard)
                              : gw_asprintf("%s/layouts", gw_engine_datadir(a->e->in));
    /* each rules file's messages name it, with their line */
    p->rules = gw_layout_set_load(p->standard, &c->diags);
    if (!p->rules) {
        free(p->standard);
        free(p);
        return GONGWEN_ERROR_SETUP;
    }
    for (int f = 0; f < 4; f++)
        gw_layout_rules_spec(gw_layout_set_rules(p->rules, (gw_format)f), &p->spec[f]);
    *a->out = p;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_proofer_new(const gongwen_engine *e, const char *standard,
                                               gongwen_proofer **out, gongwen_diagnostics *d)
{
    if (!out || !e)
        return api_usage(d, "gongwen_proofer_new: an engine and a place for the proofer are needed");
    *out = NULL;
    proofer_args a = { e, standard, out };
    return api_run("gongwen", 0, d, proofer_body, &a);
}

GONGWEN_API void gongwen_proofer_free(gongwen_proofer *p)
{
    if (!p)
        return;
    gw_layout_set_free(p->rules);
    free(p->standard);
    free(p);
}

GONGWEN_API const char *gongwen_proofer_standard(const gongwen_proofer *p)
{
    return p ? p->standard : NULL;
}

/* Lays out and measures doc (taken over) into a proof; NULL when it cannot be laid out. */
static gongwen_proof *measure(gongwen_proofer *p, gw_document *doc, const char *name,
                              gw_diags *diags)
{
    gw_pagelist *pl = gw_layout_document(p->engine->in, doc, diags);
    if (!pl) {
        gw_document_free(doc);
        return NULL;
    }
    gongwen_proof *pr = gw_xcalloc(1, sizeof *pr);
    pr->owner = p;
    pr->doc = doc;
    pr->pl = pl;
    pr->p = gw_proof_measure(name, doc, pl, gw_engine_fonts(p->engine->in));
    gw_proof_conform(pr->p, &p->spec[doc->format]);
    return pr;
}

typedef struct {
    gongwen_proofer *p;
    const void *text;
    size_t len;
    const char *path, *name;
    const gongwen_options *o;
    gongwen_proof **out;
} proof_args;

static gongwen_status proof_body(api_call *c, void *args)
{
    proof_args *a = args;
    size_t max = a->o->max_input_size ? a->o->max_input_size : GW_MAX_INPUT_DEFAULT;
    gw_document *doc = NULL;
    if (a->path)
        doc = gw_read_file_max(a->path, max, &c->diags);
    else if (a->len > max)
        gw_diags_add(&c->diags, GW_ERROR, "input-too-large", 0, 0,
                     "the input is %zu bytes, more than the limit of %zu", a->len, max);
    else
        doc = gw_read_buffer_at(a->text, a->len, a->name, strchr(a->name, '/') ? a->name : NULL,
                                &c->diags);
    *a->out = doc ? measure(a->p, doc, a->path ? a->path : a->name, &c->diags) : NULL;
    return *a->out ? GONGWEN_OK : GONGWEN_ERROR_INPUT;
}

GONGWEN_API gongwen_status gongwen_proof_new(gongwen_proofer *p, const void *text, size_t len,
                                             const char *name, const gongwen_options *opt,
                                             gongwen_proof **out, gongwen_diagnostics *d)
{
    if (out)
        *out = NULL;
    if (!out || !p || (!text && len))
        return api_usage(d, "gongwen_proof_new: a proofer, the text and a place are needed");
    proof_args a = { p, text ? text : "", len, NULL, name ? name : "<input>", api_options(opt),
                     out };
    return api_run(a.name, a.o->memory_limit, d, proof_body, &a);
}

GONGWEN_API gongwen_status gongwen_proof_file(gongwen_proofer *p, const char *path,
                                              const gongwen_options *opt, gongwen_proof **out,
                                              gongwen_diagnostics *d)
{
    if (out)
        *out = NULL;
    if (!out || !p || !path)
        return api_usage(d, "gongwen_proof_file: a proofer, a path and a place are needed");
    proof_args a = { p, NULL, 0, path, strcmp(path, "-") == 0 ? "<stdin>" : path,
                     api_options(opt), out };
    return api_run(a.name, a.o->memory_limit, d, proof_body, &a);
}

GONGWEN_API void gongwen_proof_free(gongwen_proof *pr)
{
    if (!pr)
        return;
    gw_proof_free(pr->p);
    gw_pagelist_free(pr->pl);
    gw_document_free(pr->doc);
    free(pr->note);
    free(pr);
}

GONGWEN_API size_t gongwen_proof_pages(const gongwen_proof *pr)
{
    return pr ? pr->p->n_pages : 0;
}

GONGWEN_API size_t gongwen_proof_rules(const gongwen_proof *pr)
{
    return pr ? pr->p->n_results : 0;
}

GONGWEN_API size_t gongwen_proof_failed(const gongwen_proof *pr)
{
    return pr ? pr->p->n_failed : 0;
}

static char *failures(const gw_proof *p)
{
    gw_buf b;
    gw_buf_init(&b);
    for (size_t i = 0; i < p->n_results; i++) {
        const gw_proof_result *r = &p->results[i];
        if (!r->pass)
            gw_buf_printf(&b, "FAIL %s %s page %d %s %d: measured %s, required %s (%s)\n",
                          r->rule, r->clause, r->page, gw_element_name(r->element), r->index,
                          r->measured, r->required, r->tolerance);
    }
    return gw_buf_steal(&b);
}

typedef struct {
    const gongwen_proof *pr;
    int which;
    char **out;
} text_args;

static gongwen_status text_body(api_call *c, void *args)
{
    (void)c;
    text_args *a = args;
    const gw_proof *p = a->pr->p;
    switch (a->which) {
    case GONGWEN_PROOF_RECORD: *a->out = gw_proof_record_json(p); break;
    case GONGWEN_PROOF_REPORT: *a->out = gw_proof_report_text(p); break;
    case GONGWEN_PROOF_REPORT_HTML: *a->out = gw_proof_report_html(p, a->pr->note); break;
    case GONGWEN_PROOF_SUMMARY: *a->out = gw_proof_summary(p); break;
    default: *a->out = failures(p); break;
    }
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_proof_text(const gongwen_proof *pr, int which, char **out)
{
    if (!out)
        return GONGWEN_ERROR_USAGE;
    *out = NULL;
    if (!pr || which < GONGWEN_PROOF_RECORD || which > GONGWEN_PROOF_FAILURES)
        return GONGWEN_ERROR_USAGE;
    text_args a = { pr, which, out };
    return api_run("gongwen", 0, NULL, text_body, &a);
}

typedef struct {
    gongwen_proof *pr;
    const void *ref;
    size_t len;
    double tol;
    int *differences;
    char **note;
} compare_args;

static gongwen_status compare_body(api_call *c, void *args)
{
    compare_args *a = args;
    gw_buf diff;
    gw_buf_init(&diff);
    int n = gw_proof_compare(a->pr->p, a->ref, a->len, a->tol, &diff);
    if (n < 0) {
        gw_diags_add(&c->diags, GW_ERROR, "proof-reference", 0, 0, "not a layout record: %s",
                     diff.data ? diff.data : "");
        gw_buf_free(&diff);
        return GONGWEN_ERROR_INPUT;
    }
    char *text = gw_buf_steal(&diff);
    char *kept = api_strdup(text); /* the proof's, for its HTML report: outside the call */
    if (!kept)
        gw_oom(strlen(text));
    if (a->note)
        *a->note = text;
    else
        free(text);
    free(a->pr->note);
    a->pr->note = kept;
    *a->differences = n;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_proof_compare(gongwen_proof *pr, const void *ref, size_t len,
                                                 double tolerance_mm, int *differences,
                                                 char **note, gongwen_diagnostics *d)
{
    if (differences)
        *differences = 0;
    if (note)
        *note = NULL;
    if (!pr || !ref || !differences)
        return api_usage(d, "gongwen_proof_compare: a proof, the reference and a place are needed");
    compare_args a = { pr, ref, len, tolerance_mm, differences, note };
    return api_run(pr->p->source, 0, d, compare_body, &a);
}

static void raster_free(void *r)
{
    gw_proof_raster_free(r);
}

typedef struct {
    gongwen_proof *pr;
    size_t page;
    double dpi;
    int overlay, max_width;
    unsigned char **png;
    size_t *len;
} page_args;

static gongwen_status page_body(api_call *c, void *args)
{
    page_args *a = args;
    const gw_proof *p = a->pr->p;
    gw_proof_raster *r = gw_proof_raster_new(gw_engine_fonts(a->pr->owner->engine->in), &c->diags);
    if (!r)
        return GONGWEN_ERROR_SETUP;
    gw_defer *df = gw_mem_defer(raster_free, r);
    gw_proof_image img = { 0 }, th = { 0 };
    int rc = gw_proof_raster_page(r, p, a->page, &a->pr->owner->spec[a->pr->doc->format], a->dpi, a->overlay != 0,
                                  &img, &c->diags);
    gw_mem_undefer(df);
    gw_proof_raster_free(r);
    if (rc != 0)
        return GONGWEN_ERROR_INPUT;
    const gw_proof_image *use = &img;
    if (a->max_width > 0 && img.w > a->max_width) {
        gw_proof_image_shrink(&img, a->max_width, &th);
        use = &th;
    }
    gw_buf b;
    gw_buf_init(&b);
    rc = gw_proof_image_png(use, &b);
    gw_proof_image_free(&img);
    gw_proof_image_free(&th);
    if (rc != 0) {
        gw_buf_free(&b);
        gw_diags_add(&c->diags, GW_ERROR, "proof-png", 0, 0, "cannot encode the page as PNG");
        return GONGWEN_ERROR_INPUT;
    }
    *a->len = b.len;
    *a->png = (unsigned char *)gw_buf_steal(&b);
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_proof_page_png(gongwen_proof *pr, size_t page, double dpi,
                                                  int overlay, int max_width,
                                                  unsigned char **png, size_t *len,
                                                  gongwen_diagnostics *d)
{
    if (png)
        *png = NULL;
    if (len)
        *len = 0;
    if (!pr || !png || !len || page >= pr->p->n_pages || !(dpi >= 10 && dpi <= 1200))
        return api_usage(d, "gongwen_proof_page_png: a proof, a page it has, a dpi from 10 to "
                            "1200 and places are needed");
    page_args a = { pr, page, dpi, overlay, max_width, png, len };
    return api_run(pr->p->source, 0, d, page_body, &a);
}

/* ---- the index ---------------------------------------------------------------------------- */

typedef struct {
    char *rel, *summary;
    size_t pages, rules, failed;
    int ref_diffs, error;
} index_entry;

struct gongwen_proof_index {
    char *standard;
    index_entry *items;
    size_t n, cap;
};

GONGWEN_API gongwen_proof_index *gongwen_proof_index_new(const char *standard)
{
    gongwen_proof_index *x = calloc(1, sizeof *x);
    if (x && standard && !(x->standard = api_strdup(standard))) {
        free(x);
        return NULL;
    }
    return x;
}

GONGWEN_API void gongwen_proof_index_free(gongwen_proof_index *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->n; i++) {
        free(x->items[i].rel);
        free(x->items[i].summary);
    }
    free(x->items);
    free(x->standard);
    free(x);
}

GONGWEN_API gongwen_status gongwen_proof_index_add(gongwen_proof_index *x, const char *rel,
                                                   size_t pages, size_t rules, size_t failed,
                                                   int ref_diffs, int error, const char *summary)
{
    if (!x || !rel)
        return GONGWEN_ERROR_USAGE;
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 16;
        index_entry *items = realloc(x->items, cap * sizeof *items);
        if (!items)
            return GONGWEN_ERROR_NO_MEMORY;
        x->items = items;
        x->cap = cap;
    }
    index_entry e = { api_strdup(rel), api_strdup(summary ? summary : ""), pages, rules, failed,
                      ref_diffs, error != 0 };
    if (!e.rel || !e.summary) {
        free(e.rel);
        free(e.summary);
        return GONGWEN_ERROR_NO_MEMORY;
    }
    x->items[x->n++] = e;
    return GONGWEN_OK;
}

typedef struct {
    const gongwen_proof_index *x;
    char **out;
} index_args;

static gongwen_status index_body(api_call *c, void *args)
{
    (void)c;
    index_args *a = args;
    const gongwen_proof_index *x = a->x;
    gw_proof_entry *es = gw_xcalloc(x->n + 1, sizeof *es);
    for (size_t i = 0; i < x->n; i++) {
        const index_entry *e = &x->items[i];
        es[i] = (gw_proof_entry){ e->rel, e->pages, e->rules, e->failed, e->ref_diffs,
                                  e->error != 0, e->summary };
    }
    *a->out = gw_proof_index_html(es, x->n, x->standard ? x->standard : "");
    free(es);
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_proof_index_html(const gongwen_proof_index *x, char **out)
{
    if (!out)
        return GONGWEN_ERROR_USAGE;
    *out = NULL;
    if (!x)
        return GONGWEN_ERROR_USAGE;
    index_args a = { x, out };
    return api_run("gongwen", 0, NULL, index_body, &a);
}
