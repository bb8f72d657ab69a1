/* gw_reader.c: the reader's entry points. Runs the stages (decode, front matter, recognition
 * with repairs, front matter applied on top) and completes the model: issuers derived from the
 * 发文机关标志 when not given, seal paths resolved next to the input file, and the refusal of a
 * document in which nothing was recognised. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "gw_reader.h"
#include "rd_internal.h"

static bool has_content(const gw_document *d)
{
    const gw_text *texts[] = { &d->copy_number, &d->secrecy, &d->urgency, &d->issuer_mark,
                               &d->doc_number, &d->title, &d->addressee, &d->date, &d->note,
                               &d->attendance.present, &d->attendance.absent,
                               &d->attendance.attending, &d->colophon.main_to, &d->colophon.cc,
                               &d->colophon.distribute, &d->colophon.printer,
                               &d->colophon.print_date };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i]->text && texts[i]->text[0])
            return true;
    return d->n_issuers || d->n_signers || d->body.n || d->n_attachment_notes || d->n_signatures ||
           d->n_annexes;
}

/* 发文机关 from the 标志 (`泉州市科学技术局文件` → 泉州市科学技术局) and the other way round. */
static void derive_issuers(rd_ctx *ctx)
{
    gw_document *doc = ctx->doc;
    const char *mark = doc->issuer_mark.text;
    if (doc->n_issuers == 0 && mark && *mark) {
        size_t n = strlen(mark);
        static const char *const suffixes[] = { "文件", "命令", "令" };
        bool stripped = false;
        for (size_t k = 0; k < 3 && !stripped; k++) {
            if (rd_ends_with(mark, n, suffixes[k]) && n > strlen(suffixes[k])) {
                n -= strlen(suffixes[k]);
                stripped = true;
            }
        }
        if (stripped || doc->format == GW_FORMAT_DOCUMENT || doc->format == GW_FORMAT_LETTER) {
            char *name = gw_strndup(mark, n);
            gw_document_add_issuer(doc, name, doc->issuer_mark.pos);
            free(name);
        }
    }
    if (!mark && doc->n_issuers >= 1) {
        /* a joint 文件 stacks the names (layout's business); a joint 信函 shows the lead issuer */
        if (doc->format == GW_FORMAT_DOCUMENT && doc->n_issuers == 1) {
            char *m = gw_asprintf("%s文件", doc->issuers[0].text);
            gw_text_set(&doc->issuer_mark, m, (gw_pos){ 0, 0 });
            free(m);
        } else if (doc->format == GW_FORMAT_LETTER) {
            gw_text_set(&doc->issuer_mark, doc->issuers[0].text, (gw_pos){ 0, 0 });
        }
    }
}

/* The reader finds things out of order (stray spaces as lines are read, page-break joins when
 * a section ends); users read the messages top to bottom. Stable merge sort by line. */
static void sort_diags(gw_diags *d, size_t from)
{
    size_t n = d->n - from;
    if (n < 2)
        return;
    gw_diag *a = d->items + from, *tmp = gw_xmalloc(n * sizeof *tmp);
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[j].line < a[i].line ? a[j++] : a[i++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof *a);
    }
    free(tmp);
}

static void resolve_seals(gw_document *doc, const char *path, gw_diags *diags);

static gw_document *read_buffer(const char *data, size_t len, const char *name, const char *path,
                                gw_diags *diags)
{
    size_t errors = gw_diags_count(diags, GW_ERROR), first_diag = diags->n;
    rd_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.diags = diags;
    ctx.doc = gw_document_new();
    ctx.doc->source_name = gw_strdup(name ? name : "<input>");
    ctx.format = GW_FORMAT_DOCUMENT;
    bool ok = rd_decode(&ctx, data ? data : "", data ? len : 0) && rd_frontmatter_read(&ctx);
    if (ok) {
        rd_recognise(&ctx);
        ctx.doc->format = ctx.format;
        ok = rd_frontmatter_apply(&ctx);
    }
    if (ok) {
        derive_issuers(&ctx);
        if (!has_content(ctx.doc)) {
            int line = ctx.start < ctx.n_lines ? ctx.lines[ctx.start].no : 1;
            gw_diags_add(diags, GW_ERROR, line, 1,
                         "no recognisable content: expected at least a title or a paragraph");
        }
    }
    if (ok && path)
        resolve_seals(ctx.doc, path, diags);
    sort_diags(diags, first_diag);
    rd_frontmatter_free(&ctx);
    free(ctx.lines);
    free(ctx.text);
    if (!ok || gw_diags_count(diags, GW_ERROR) > errors) {
        gw_document_free(ctx.doc);
        return NULL;
    }
    return ctx.doc;
}

gw_document *gw_read_buffer(const char *data, size_t len, const char *name, gw_diags *diags)
{
    return read_buffer(data, len, name, NULL, diags);
}

/* A relative seal path is relative to the input file, as users write it next to the text. */
static void resolve_seals(gw_document *doc, const char *path, gw_diags *diags)
{
    const char *slash = strrchr(path, '/');
    for (size_t i = 0; i < doc->n_signatures; i++) {
        gw_text *t = &doc->signatures[i].seal_image;
        if (!t->text)
            continue;
        if (t->text[0] != '/' && slash) {
            char *full = gw_asprintf("%.*s/%s", (int)(slash - path), path, t->text);
            free(t->text);
            t->text = full;
        }
        if (access(t->text, R_OK) != 0)
            gw_diags_add(diags, GW_WARNING, t->pos.line, t->pos.col, "seal image '%s' not found", t->text);
    }
}

gw_document *gw_read_file(const char *path, gw_diags *diags)
{
    size_t len = 0;
    char *data = gw_read_whole_file(path, &len);
    if (!data) {
        gw_diags_add(diags, GW_ERROR, 0, 0, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    bool is_stdin = strcmp(path, "-") == 0;
    gw_document *doc = read_buffer(data, len, is_stdin ? "<stdin>" : path, is_stdin ? NULL : path, diags);
    free(data);
    return doc;
}
