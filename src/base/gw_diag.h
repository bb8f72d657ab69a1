/* gw_diag.h: diagnostics (notes, warnings, errors) with source positions.
 *
 * Owns: gw_diags, a growable list of messages that every stage appends to, and their printing
 * in the compiler form `file:line:col: warning: message` that editors and CI logs understand.
 * A stage that meets bad input adds a GW_ERROR and returns failure; it never prints or exits. */
#ifndef GW_DIAG_H
#define GW_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef enum { GW_NOTE, GW_WARNING, GW_ERROR } gw_severity;

typedef struct {
    gw_severity severity;
    int line;       /* 1-based; 0 when the message is about the whole file */
    int col;        /* 1-based, in characters (not bytes); 0 when unknown */
    char *message;  /* owned */
    char *file;     /* the file the message is about when not the list's (owned), else NULL */
    const char *rule; /* stable rule id (`repair-page-break`, `font-missing-char` …), documented
                         in README.md "Diagnostics"; a static string */
} gw_diag;

typedef struct {
    char *file;     /* name printed before each message; owned */
    gw_diag *items;
    size_t n, cap;
} gw_diags;

void gw_diags_init(gw_diags *d, const char *file);
void gw_diags_free(gw_diags *d);
/* rule: the message's stable id, a string literal (it is not copied). */
void gw_diags_add(gw_diags *d, gw_severity sev, const char *rule, int line, int col,
                  const char *fmt, ...) __attribute__((format(printf, 6, 7)));
/* Moves every message of from to the end of to (from is left empty). A message with a line
 * keeps from's file name, since its line is in that file (a layout rules file read while
 * setting up); one without a line is about the whole task and takes to's name. */
void gw_diags_move(gw_diags *to, gw_diags *from);
bool gw_diags_has_error(const gw_diags *d);
size_t gw_diags_count(const gw_diags *d, gw_severity sev);
/* Prints every message at or above min_sev as `file:line:col: severity: message`. */
void gw_diags_print(const gw_diags *d, FILE *out, gw_severity min_sev);
/* Prints every message at or above min_sev as one JSON object a line:
 * {"file":…,"line":…,"column":…,"severity":"warning","rule":"…","message":"…"}. */
void gw_diags_print_json(const gw_diags *d, FILE *out, gw_severity min_sev);
const char *gw_severity_name(gw_severity sev); /* "note", "warning", "error" */

#endif
