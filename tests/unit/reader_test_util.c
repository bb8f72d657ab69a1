/* reader_test_util.c: see reader_test_util.h. */
#include "reader_test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/gw_util.h"

const char *tu_source_root = ".";

void tu_init(int argc, char **argv)
{
    if (argc > 1)
        tu_source_root = argv[1];
    else if (getenv("GW_SOURCE_ROOT"))
        tu_source_root = getenv("GW_SOURCE_ROOT");
}

char *tu_path(const char *rel)
{
    return gw_asprintf("%s/%s", tu_source_root, rel);
}

gw_document *tu_read(const char *text, gw_diags *d)
{
    return gw_read_buffer(text, strlen(text), "t.txt", d);
}

const gw_diag *tu_find(const gw_diags *d, gw_severity sev, const char *message)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == sev && strcmp(d->items[i].message, message) == 0)
            return &d->items[i];
    return NULL;
}

const gw_diag *tu_find_sub(const gw_diags *d, gw_severity sev, const char *needle)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->items[i].severity == sev && strstr(d->items[i].message, needle))
            return &d->items[i];
    return NULL;
}

void tu_dump_diags(const gw_diags *d)
{
    gw_diags_print(d, stderr, GW_NOTE);
}

void tu_assert_diag_(const gw_diags *d, gw_severity sev, int line, int col, const char *msg,
                     const char *file, int at)
{
    for (size_t i = 0; i < d->n; i++) {
        const gw_diag *g = &d->items[i];
        if (g->severity == sev && strcmp(g->message, msg) == 0 && g->line == line && g->col == col)
            return;
    }
    fprintf(stderr, "expected diagnostic %d:%d: %s\nhave:\n", line, col, msg);
    tu_dump_diags(d);
    _fail(file, at);
}

void tu_assert_text_(const gw_text *t, const char *s, int line, const char *file, int at)
{
    if (!s) {
        if (t->text) {
            fprintf(stderr, "expected no text, have \"%s\"\n", t->text);
            _fail(file, at);
        }
        return;
    }
    if (!t->text || strcmp(t->text, s) != 0 || t->pos.line != line) {
        fprintf(stderr, "expected \"%s\" at line %d, have \"%s\" at line %d\n", s, line,
                t->text ? t->text : "(null)", t->pos.line);
        _fail(file, at);
    }
}

void tu_assert_block_(const gw_block *b, gw_block_kind kind, int level, bool run_in, const char *heading,
                      const char *text, const char *file, int at)
{
    bool ok = b->kind == kind && b->level == level && b->run_in == run_in && strcmp(b->text, text) == 0;
    if (ok && heading)
        ok = b->heading_len == strlen(heading) && strncmp(b->text, heading, b->heading_len) == 0;
    if (!ok) {
        fprintf(stderr,
                "expected kind %d level %d run_in %d heading \"%s\" text \"%s\"\n"
                "have     kind %d level %d run_in %d heading \"%.*s\" text \"%s\"\n",
                kind, level, run_in, heading ? heading : "", text, b->kind, b->level, b->run_in,
                (int)b->heading_len, b->text, b->text);
        _fail(file, at);
    }
}
