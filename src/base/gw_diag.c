/* gw_diag.c: the diagnostics list of gw_diag.h: adding, moving between lists, counting and
 * printing in the compiler form. */
#include "gw_diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gw_util.h"

void gw_diags_init(gw_diags *d, const char *file)
{
    memset(d, 0, sizeof *d);
    d->file = gw_strdup(file ? file : "<input>");
}

void gw_diags_free(gw_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].message);
        free(d->items[i].file);
    }
    free(d->items);
    free(d->file);
    memset(d, 0, sizeof *d);
}

static void grow(gw_diags *d)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 16;
        d->items = gw_xrealloc(d->items, d->cap * sizeof *d->items);
    }
}

void gw_diags_add(gw_diags *d, gw_severity sev, const char *rule, int line, int col,
                  const char *fmt, ...)
{
    grow(d);
    va_list ap;
    va_start(ap, fmt);
    char *msg = gw_vasprintf(fmt, ap);
    va_end(ap);
    d->items[d->n++] = (gw_diag){ sev, line, col, msg, NULL, rule ? rule : "other" };
}

void gw_diags_move(gw_diags *to, gw_diags *from)
{
    for (size_t i = 0; i < from->n; i++) {
        gw_diag g = from->items[i];
        if (!g.file)
            g.file = gw_strdup(from->file); /* every message keeps naming its own file */
        grow(to);
        to->items[to->n++] = g;
    }
    from->n = 0;
}

bool gw_diags_has_error(const gw_diags *d)
{
    return gw_diags_count(d, GW_ERROR) > 0;
}

size_t gw_diags_count(const gw_diags *d, gw_severity sev)
{
    size_t c = 0;
    for (size_t i = 0; i < d->n; i++)
        c += d->items[i].severity == sev;
    return c;
}

static const char *const names[] = { "note", "warning", "error" };

const char *gw_severity_name(gw_severity sev)
{
    return sev <= GW_ERROR ? names[sev] : "error";
}

void gw_diags_print(const gw_diags *d, FILE *out, gw_severity min_sev)
{
    for (size_t i = 0; i < d->n; i++) {
        const gw_diag *g = &d->items[i];
        if (g->severity < min_sev)
            continue;
        const char *file = g->file ? g->file : d->file;
        if (g->line > 0 && g->col > 0)
            fprintf(out, "%s:%d:%d: %s: %s\n", file, g->line, g->col, names[g->severity], g->message);
        else if (g->line > 0)
            fprintf(out, "%s:%d: %s: %s\n", file, g->line, names[g->severity], g->message);
        else
            fprintf(out, "%s: %s: %s\n", file, names[g->severity], g->message);
    }
}

static void json_string(gw_buf *b, const char *s)
{
    gw_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            gw_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            gw_buf_puts(b, "\\n");
        else if (*p < 0x20)
            gw_buf_printf(b, "\\u%04x", *p);
        else
            gw_buf_putc(b, (char)*p);
    }
    gw_buf_putc(b, '"');
}

void gw_diags_print_json(const gw_diags *d, FILE *out, gw_severity min_sev)
{
    gw_buf b;
    gw_buf_init(&b);
    for (size_t i = 0; i < d->n; i++) {
        const gw_diag *g = &d->items[i];
        if (g->severity < min_sev)
            continue;
        b.len = 0;
        gw_buf_puts(&b, "{\"file\":");
        json_string(&b, g->file ? g->file : d->file);
        gw_buf_printf(&b, ",\"line\":%d,\"column\":%d,\"severity\":\"%s\",\"rule\":", g->line,
                      g->col, names[g->severity]);
        json_string(&b, g->rule ? g->rule : "other");
        gw_buf_puts(&b, ",\"message\":");
        json_string(&b, g->message);
        gw_buf_puts(&b, "}\n");
        fputs(b.data, out);
    }
    gw_buf_free(&b);
}
