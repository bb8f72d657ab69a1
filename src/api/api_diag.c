/* api_diag.c: gongwen_diagnostics (the public list of messages), the frame of a public call
 * (api_int.h), gongwen_free and the status names. The list is allocated with plain malloc,
 * never in a call's registry: it is the caller's and outlives every call that appends to it. */
#include "api_int.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"

typedef struct {
    gongwen_severity severity;
    int line, column;
    char *file, *rule, *message;
} entry;

struct gongwen_diagnostics {
    entry *items;
    size_t n, cap;
};

char *api_strdup(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

GONGWEN_API void gongwen_free(void *p)
{
    free(p);
}

GONGWEN_API const char *gongwen_status_string(gongwen_status s)
{
    switch (s) {
    case GONGWEN_OK: return "ok";
    case GONGWEN_ERROR_INPUT: return "bad input";
    case GONGWEN_ERROR_OUTPUT: return "output not written";
    case GONGWEN_ERROR_USAGE: return "invalid argument";
    case GONGWEN_ERROR_NO_MEMORY: return "out of memory";
    case GONGWEN_ERROR_WARNINGS: return "warnings treated as errors";
    case GONGWEN_ERROR_SETUP: return "fonts or layout rules could not be loaded";
    }
    return "unknown status";
}

GONGWEN_API gongwen_diagnostics *gongwen_diagnostics_new(void)
{
    return calloc(1, sizeof(gongwen_diagnostics));
}

GONGWEN_API void gongwen_diagnostics_clear(gongwen_diagnostics *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->items[i].file);
        free(d->items[i].rule);
        free(d->items[i].message);
    }
    d->n = 0;
}

GONGWEN_API void gongwen_diagnostics_free(gongwen_diagnostics *d)
{
    if (!d)
        return;
    gongwen_diagnostics_clear(d);
    free(d->items);
    free(d);
}

GONGWEN_API size_t gongwen_diagnostics_count(const gongwen_diagnostics *d)
{
    return d ? d->n : 0;
}

GONGWEN_API size_t gongwen_diagnostics_count_severity(const gongwen_diagnostics *d,
                                                      gongwen_severity sev)
{
    size_t n = 0;
    for (size_t i = 0; d && i < d->n; i++)
        n += d->items[i].severity == sev;
    return n;
}

static const entry *at(const gongwen_diagnostics *d, size_t i)
{
    return d && i < d->n ? &d->items[i] : NULL;
}

GONGWEN_API const char *gongwen_diagnostic_file(const gongwen_diagnostics *d, size_t i)
{
    return at(d, i) ? at(d, i)->file : "";
}

GONGWEN_API int gongwen_diagnostic_line(const gongwen_diagnostics *d, size_t i)
{
    return at(d, i) ? at(d, i)->line : 0;
}

GONGWEN_API int gongwen_diagnostic_column(const gongwen_diagnostics *d, size_t i)
{
    return at(d, i) ? at(d, i)->column : 0;
}

GONGWEN_API gongwen_severity gongwen_diagnostic_severity(const gongwen_diagnostics *d, size_t i)
{
    return at(d, i) ? at(d, i)->severity : GONGWEN_NOTE;
}

GONGWEN_API const char *gongwen_diagnostic_rule(const gongwen_diagnostics *d, size_t i)
{
    return at(d, i) ? at(d, i)->rule : "";
}

GONGWEN_API const char *gongwen_diagnostic_message(const gongwen_diagnostics *d, size_t i)
{
    return at(d, i) ? at(d, i)->message : "";
}

GONGWEN_API gongwen_status gongwen_diagnostics_add(gongwen_diagnostics *d, gongwen_severity sev,
                                                   const char *rule, const char *file, int line,
                                                   int column, const char *message)
{
    if (!d || !message || sev < GONGWEN_NOTE || sev > GONGWEN_ERROR)
        return GONGWEN_ERROR_USAGE;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        entry *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return GONGWEN_ERROR_NO_MEMORY;
        d->items = items;
        d->cap = cap;
    }
    entry e = { sev, line > 0 ? line : 0, column > 0 ? column : 0,
                api_strdup(file ? file : "gongwen"), api_strdup(rule ? rule : "other"),
                api_strdup(message) };
    if (!e.file || !e.rule || !e.message) {
        free(e.file);
        free(e.rule);
        free(e.message);
        return GONGWEN_ERROR_NO_MEMORY;
    }
    d->items[d->n++] = e;
    return GONGWEN_OK;
}

void api_diags_append(gongwen_diagnostics *d, const gw_diags *from)
{
    for (size_t i = 0; d && i < from->n; i++) {
        const gw_diag *g = &from->items[i];
        gongwen_diagnostics_add(d, (gongwen_severity)g->severity, g->rule,
                                g->file ? g->file : from->file, g->line, g->col, g->message);
    }
}

static int by_position(const entry *x, const entry *y)
{
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->column < y->column ? -1 : x->column > y->column;
}

GONGWEN_API void gongwen_diagnostics_sort(gongwen_diagnostics *d)
{
    /* insertion sort: stable, and a document has few messages */
    for (size_t i = 1; d && i < d->n; i++) {
        entry t = d->items[i];
        size_t j = i;
        while (j > 0 && by_position(&d->items[j - 1], &t) > 0) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = t;
    }
}

/* ---- printing ----------------------------------------------------------------------------- */

static const char *const severity_names[] = { "note", "warning", "error" };

typedef struct {
    char *data;
    size_t len, cap;
    bool failed;
} text;

static void put(text *t, const char *s, size_t n)
{
    if (t->failed)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 256;
        while (cap < t->len + n + 1)
            cap *= 2;
        char *p = realloc(t->data, cap);
        if (!p) {
            t->failed = true;
            return;
        }
        t->data = p;
        t->cap = cap;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
    t->data[t->len] = '\0';
}

static void puts_(text *t, const char *s)
{
    put(t, s, strlen(s));
}

static void put_int(text *t, int v)
{
    char s[16];
    snprintf(s, sizeof s, "%d", v);
    puts_(t, s);
}

static void put_json_string(text *t, const char *s)
{
    put(t, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        if (*p == '"' || *p == '\\') {
            esc[0] = '\\';
            esc[1] = (char)*p;
            put(t, esc, 2);
        } else if (*p == '\n') {
            put(t, "\\n", 2);
        } else if (*p < 0x20) {
            snprintf(esc, sizeof esc, "\\u%04x", *p);
            puts_(t, esc);
        } else {
            put(t, (const char *)p, 1);
        }
    }
    put(t, "\"", 1);
}

static void format_one(text *t, const entry *e, unsigned flags)
{
    const char *sev = severity_names[e->severity];
    if (flags & GONGWEN_PRINT_JSON) {
        puts_(t, "{\"file\":");
        put_json_string(t, e->file);
        puts_(t, ",\"line\":");
        put_int(t, e->line);
        puts_(t, ",\"column\":");
        put_int(t, e->column);
        puts_(t, ",\"severity\":\"");
        puts_(t, sev);
        puts_(t, "\",\"rule\":");
        put_json_string(t, e->rule);
        puts_(t, ",\"message\":");
        put_json_string(t, e->message);
        puts_(t, "}\n");
        return;
    }
    puts_(t, e->file);
    if (e->line > 0) {
        puts_(t, ":");
        put_int(t, e->line);
        if (e->column > 0) {
            puts_(t, ":");
            put_int(t, e->column);
        }
    }
    puts_(t, ": ");
    puts_(t, sev);
    puts_(t, ": ");
    puts_(t, e->message);
    if (flags & GONGWEN_PRINT_RULE) {
        puts_(t, " [");
        puts_(t, e->rule);
        puts_(t, "]");
    }
    puts_(t, "\n");
}

GONGWEN_API gongwen_status gongwen_diagnostics_format(const gongwen_diagnostics *d,
                                                      gongwen_severity min_severity,
                                                      unsigned flags, char **out)
{
    if (!out)
        return GONGWEN_ERROR_USAGE;
    *out = NULL;
    text t = { 0 };
    puts_(&t, "");
    for (size_t i = 0; d && i < d->n; i++)
        if (d->items[i].severity >= min_severity)
            format_one(&t, &d->items[i], flags);
    if (t.failed) {
        free(t.data);
        return GONGWEN_ERROR_NO_MEMORY;
    }
    *out = t.data;
    return GONGWEN_OK;
}

GONGWEN_API gongwen_status gongwen_diagnostics_print(const gongwen_diagnostics *d, FILE *out,
                                                     gongwen_severity min_severity,
                                                     unsigned flags)
{
    if (!out)
        return GONGWEN_ERROR_USAGE;
    for (size_t i = 0; d && i < d->n; i++) {
        if (d->items[i].severity < min_severity)
            continue;
        text t = { 0 };
        format_one(&t, &d->items[i], flags);
        if (t.failed) {
            free(t.data);
            return GONGWEN_ERROR_NO_MEMORY;
        }
        fputs(t.data, out);
        free(t.data);
    }
    return ferror(out) ? GONGWEN_ERROR_OUTPUT : GONGWEN_OK;
}

/* ---- the frame of a call -------------------------------------------------------------------- */

/* After a jump: the messages gathered so far are still there; keep them, then free the call's
 * blocks. */
static gongwen_status unwind(api_call *c)
{
    api_diags_append(c->out, &c->diags);
    char msg[160];
    if (c->limit)
        snprintf(msg, sizeof msg, "out of memory: the call went over its memory limit of %zu "
                                  "bytes; nothing was written", c->limit);
    else
        snprintf(msg, sizeof msg, "out of memory; nothing was written");
    gongwen_diagnostics_add(c->out, GONGWEN_ERROR, "out-of-memory", c->name, 0, 0, msg);
    gw_mem_unwind(&c->frame);
    free(c);
    return GONGWEN_ERROR_NO_MEMORY;
}

gongwen_status api_run(const char *name, size_t limit, gongwen_diagnostics *d, api_body body,
                       void *args)
{
    api_call *c = calloc(1, sizeof *c);
    if (!c)
        return api_no_memory(d);
    *c = (api_call){ .limit = limit, .name = name ? name : "gongwen", .out = d, .body = body,
                     .args = args };
    if (!gw_mem_begin(&c->frame, limit)) {
        free(c);
        return api_no_memory(d);
    }
    /* only c is read after a jump: it is set before setjmp and never changed */
    if (setjmp(c->frame.jmp))
        return unwind(c);
    gw_diags_init(&c->diags, c->name);
    gongwen_status s = c->body(c, c->args);
    gw_mem_end(&c->frame);
    api_diags_append(c->out, &c->diags);
    gw_diags_free(&c->diags);
    free(c);
    return s;
}

gongwen_status api_usage(gongwen_diagnostics *d, const char *what)
{
    gongwen_diagnostics_add(d, GONGWEN_ERROR, "api-usage", NULL, 0, 0, what);
    return GONGWEN_ERROR_USAGE;
}

gongwen_status api_no_memory(gongwen_diagnostics *d)
{
    gongwen_diagnostics_add(d, GONGWEN_ERROR, "out-of-memory", NULL, 0, 0,
                            "out of memory; nothing was done");
    return GONGWEN_ERROR_NO_MEMORY;
}
