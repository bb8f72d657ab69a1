/* source.c: the decoded source text for tools that point into it (gw_source_read): the same
 * decoding as the reader's (decode.c), kept as lines. */
#include <errno.h>
#include <string.h>

#include "gw_reader.h"
#include "rd_internal.h"

bool gw_source_read(const char *path, gw_source *src, gw_diags *diags)
{
    memset(src, 0, sizeof *src);
    size_t len = 0;
    char *data = gw_read_whole_file(path, &len);
    if (!data) {
        gw_diags_add(diags, GW_ERROR, "input-unreadable", 0, 0, "cannot read %s: %s", path,
                     strerror(errno));
        return false;
    }
    bool ok = gw_source_from_buffer(data, len, path, src, diags);
    free(data);
    return ok;
}

bool gw_source_from_buffer(const char *data, size_t len, const char *name, gw_source *src,
                           gw_diags *diags)
{
    memset(src, 0, sizeof *src);
    rd_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    gw_diags quiet; /* the reader reports the same things once more when it reads the text */
    gw_diags_init(&quiet, name);
    ctx.diags = &quiet;
    ctx.doc = gw_document_new();
    bool ok = rd_decode(&ctx, data, len);
    gw_document_free(ctx.doc);
    if (!ok) {
        gw_diags_move(diags, &quiet);
        gw_diags_free(&quiet);
        free(ctx.lines);
        free(ctx.text);
        return false;
    }
    gw_diags_free(&quiet);
    src->text = ctx.text; /* its newlines are NULs: each line is a string already */
    src->n_lines = ctx.n_lines;
    src->lines = gw_xmalloc((ctx.n_lines + 1) * sizeof *src->lines);
    for (size_t i = 0; i < ctx.n_lines; i++)
        src->lines[i] = (char *)ctx.lines[i].s;
    free(ctx.lines);
    return true;
}

void gw_source_free(gw_source *src)
{
    free(src->lines);
    free(src->text);
    memset(src, 0, sizeof *src);
}
