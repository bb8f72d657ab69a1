/* gw_reader.c: the reader's entry points. Runs the stages (decode, front matter, recognition
 * with repairs, front matter applied on top) and completes the model: issuers derived from the
 * 发文机关标志 when not given, seal paths resolved next to the input file, and the refusal of a
 * document in which nothing was recognised or that has nothing layout can set (no title and no
 * 正文). */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "../base/gw_image.h"
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

/* What layout needs to make a page (gw_layout refuses a document without it): a title, or
 * 正文 with some text or a table in it. The rest (版头, 署名, attachments, 版记) hangs from
 * those. */
static bool has_main_text(const gw_document *d)
{
    if (d->title.text && d->title.text[0])
        return true;
    for (size_t i = 0; i < d->body.n; i++)
        if (d->body.items[i].kind == GW_BLOCK_TABLE ||
            (d->body.items[i].text && d->body.items[i].text[0]))
            return true;
    return false;
}

static void earlier(gw_pos *best, gw_pos p)
{
    if (p.line > 0 && (best->line == 0 || p.line < best->line ||
                       (p.line == best->line && p.col < best->col)))
        *best = p;
}

/* The first element the reader found, for a message about the document as a whole; line 0 if
 * none came from the text. */
static gw_pos first_element(const gw_document *d)
{
    const gw_text *texts[] = { &d->copy_number, &d->secrecy, &d->urgency, &d->issuer_mark,
                               &d->doc_number, &d->addressee, &d->date, &d->note,
                               &d->attendance.present, &d->attendance.absent,
                               &d->attendance.attending, &d->colophon.main_to, &d->colophon.cc,
                               &d->colophon.distribute, &d->colophon.printer,
                               &d->colophon.print_date };
    gw_pos best = { 0, 0 };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        if (texts[i]->text)
            earlier(&best, texts[i]->pos);
    for (size_t i = 0; i < d->n_issuers; i++)
        earlier(&best, d->issuers[i].pos);
    for (size_t i = 0; i < d->n_signers; i++)
        earlier(&best, d->signers[i].pos);
    for (size_t i = 0; i < d->n_signatures; i++)
        earlier(&best, d->signatures[i].issuer.pos);
    for (size_t i = 0; i < d->n_attachment_notes; i++)
        earlier(&best, d->attachment_notes[i].pos);
    for (size_t i = 0; i < d->n_annexes; i++)
        earlier(&best, d->annexes[i].pos);
    return best;
}

/* 发文机关 from the 标志 (`泉州市科学技术局文件` → 泉州市科学技术局) and the other way round. */
static void derive_issuers(rd_ctx *ctx)
{
    gw_document *doc = ctx->doc;
    const char *mark = doc->issuer_mark.text;
    gw_span names[32];
    size_t ending, n_names = mark ? gw_issuer_mark_names(mark, names, 32, &ending) : 0;
    if (doc->n_issuers == 0 && n_names > 1) {
        /* a joint mark written with spaces: one 发文机关 per name, lead office first */
        for (size_t k = 0; k < n_names; k++) {
            char *name = gw_strndup(mark + names[k].start, names[k].end - names[k].start);
            gw_document_add_issuer(doc, name, doc->issuer_mark.pos);
            free(name);
        }
    } else if (doc->n_issuers == 0 && mark && *mark) {
        size_t n = gw_issuer_mark_name_len(mark);
        bool stripped = n > 0;
        if (!stripped)
            n = strlen(mark);
        if (stripped || doc->format == GW_FORMAT_DOCUMENT || doc->format == GW_FORMAT_LETTER) {
            char *name = gw_strndup(mark, n);
            gw_document_add_issuer(doc, name, doc->issuer_mark.pos);
            free(name);
        }
    }
    if (!mark && doc->n_issuers >= 1) {
        /* One issuer of a 文件: its name + 文件. A joint 文件 (several issuers) keeps no
         * issuer_mark: layout stacks the issuers' names itself, which one string cannot say.
         * A 信函 shows the lead issuer's name alone. */
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

static void resolve_images(gw_document *doc, const char *path, gw_diags *diags);
static void check_pairing(gw_document *doc, gw_diags *diags);

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
        rd_lists_harmonise(&ctx.doc->body, diags);
        for (size_t i = 0; i < ctx.doc->n_annexes; i++)
            rd_lists_harmonise(&ctx.doc->annexes[i].body, diags);
        ctx.doc->format = ctx.format;
        ok = rd_frontmatter_apply(&ctx);
    }
    if (ok) {
        derive_issuers(&ctx);
        int line = ctx.start < ctx.n_lines ? ctx.lines[ctx.start].no : 1;
        if (!has_content(ctx.doc)) {
            gw_diags_add(diags, GW_ERROR, "input-no-content", line, 1,
                         "no recognisable content: expected at least a title or a paragraph");
        } else if (!has_main_text(ctx.doc)) {
            gw_pos at = first_element(ctx.doc);
            if (at.line == 0)
                at = (gw_pos){ line, 1 };
            gw_diags_add(diags, GW_ERROR, "input-no-content", at.line, at.col,
                         "nothing to lay out: the document has no title and no 正文; write the "
                         "title (`## 标题`) or the body text before any 附件, 署名 or 版记");
        }
    }
    if (ok) {
        resolve_images(ctx.doc, path, diags);
        check_pairing(ctx.doc, diags);
    }
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

gw_document *gw_read_buffer_at(const char *data, size_t len, const char *name, const char *path,
                               gw_diags *diags)
{
    return read_buffer(data, len, name, path, diags);
}

/* A relative image path is relative to the input file, as users write it next to the text;
 * every image is read and checked now, so that a bad one is an error at the key that names
 * it and nothing is written. */
static void resolve_image(gw_text *t, gw_image_size *size, const char *what, const char *path,
                          gw_diags *diags)
{
    if (!t->text)
        return;
    const char *slash = path ? strrchr(path, '/') : NULL;
    if (t->text[0] != '/' && slash) {
        char *full = gw_asprintf("%.*s/%s", (int)(slash - path), path, t->text);
        free(t->text);
        t->text = full;
    }
    gw_image_file img;
    char why[256];
    gw_image_status st = gw_image_file_read(t->text, false, &img, why, sizeof why);
    if (st != GW_IMAGE_OK) {
        gw_diags_add(diags, GW_ERROR, gw_image_status_id(st), t->pos.line, t->pos.col,
                     "%s image '%s': %s", what, t->text, why);
        return;
    }
    *size = (gw_image_size){ img.width, img.height, img.dpi_x, img.dpi_y };
    gw_image_file_free(&img);
}

static void resolve_images(gw_document *doc, const char *path, gw_diags *diags)
{
    for (size_t i = 0; i < doc->n_signatures; i++)
        resolve_image(&doc->signatures[i].seal_image, &doc->signatures[i].seal_size, "印章", path,
                      diags);
    for (size_t i = 0; i < doc->n_signatories; i++)
        resolve_image(&doc->signatories[i].stamp_image, &doc->signatories[i].stamp_size, "签名章",
                      path, diags);
}

/* 发文机关, 署名 and 印章 go in pairs (one 署名 per issuing office); a document signed with
 * 签名章 shows the 职务 instead of the 署名, and a 签名章 stands for the signatory's name.
 * What is not printed for that reason leaves the model, with a warning: every text the model
 * holds is printed. */
static void check_pairing(gw_document *doc, gw_diags *diags)
{
    for (size_t i = 0; i < doc->n_signatories; i++) {
        gw_signatory *sg = &doc->signatories[i];
        if (sg->name.text && sg->stamp_image.text) {
            gw_diags_add(diags, GW_WARNING, "signatory-name-with-stamp", sg->name.pos.line,
                         sg->name.pos.col,
                         "the 签名章 stands for the name: 姓名 '%s' is not printed", sg->name.text);
            gw_text_clear(&sg->name);
        }
    }
    size_t n_sig = 0;
    const gw_text *first = NULL;
    for (size_t i = 0; i < doc->n_signatures; i++)
        if (doc->signatures[i].issuer.text && *doc->signatures[i].issuer.text) {
            n_sig++;
            if (!first)
                first = &doc->signatures[i].issuer;
        }
    bool seals = false;
    for (size_t i = 0; i < doc->n_signatures; i++)
        seals = seals || doc->signatures[i].seal_image.text;
    if (doc->n_signatories && first) {
        gw_diags_add(diags, GW_WARNING, "signature-with-stamp", first->pos.line, first->pos.col,
                     "a document signed with 职务 and 签名章 shows no 署名 (GB/T 9704 §7.3.5.3): "
                     "the 署名 '%s'%s%s is not printed",
                     first->text, n_sig > 1 ? " and the others" : "", seals ? " (nor its 印章)" : "");
        for (size_t i = 0; i < doc->n_signatures; i++) {
            gw_text_clear(&doc->signatures[i].issuer);
            gw_text_clear(&doc->signatures[i].seal_image);
        }
        doc->n_signatures = 0;
    } else if (n_sig && doc->n_issuers > 1 && n_sig != doc->n_issuers) {
        gw_diags_add(diags, GW_WARNING, "signature-count", first->pos.line, first->pos.col,
                     "%zu 署名 for %zu 发文机关: a joint document has one 署名 per issuing office",
                     n_sig, doc->n_issuers);
    }
}

gw_document *gw_read_file(const char *path, gw_diags *diags)
{
    return gw_read_file_max(path, GW_MAX_INPUT_DEFAULT, diags);
}

gw_document *gw_read_file_max(const char *path, size_t max_size, gw_diags *diags)
{
    size_t len = 0;
    char *data = gw_read_input(path, max_size, &len);
    if (!data) {
        int e = errno;
        const char *shown = strcmp(path, "-") == 0 ? "standard input" : path;
        if (e == EFBIG)
            gw_diags_add(diags, GW_ERROR, "input-too-large", 0, 0,
                         "cannot read %s: larger than the limit of %zu bytes (--max-input-size)",
                         shown, max_size);
        else
            gw_diags_add(diags, GW_ERROR, "input-unreadable", 0, 0, "cannot read %s: %s", shown,
                         gw_read_input_error(e));
        return NULL;
    }
    bool is_stdin = strcmp(path, "-") == 0;
    gw_document *doc = read_buffer(data, len, is_stdin ? "<stdin>" : path, is_stdin ? NULL : path, diags);
    free(data);
    return doc;
}
