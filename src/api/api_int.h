/* api_int.h: what the files of the public API (src/api/) share: the frame every public call
 * runs in (its memory, base/gw_mem.h, and its internal diagnostics list, copied into the
 * caller's gongwen_diagnostics at the end, whatever the end), and the handles' insides.
 *
 * A public call checks its arguments, packs them into a struct and gives api_run the body that
 * does the work (with c->diags for its messages). api_run holds the one setjmp of the API: on a
 * failure it copies the messages gathered so far into the caller's list, adds the
 * `out-of-memory` error, frees every block the call allocated and returns
 * GONGWEN_ERROR_NO_MEMORY. Whatever the body returned to the caller (bytes, a handle) was
 * allocated in the call and is the caller's once the call has ended. */
#ifndef GW_API_INT_H
#define GW_API_INT_H

#include <gongwen/gongwen.h>
#include <setjmp.h>
#include <stdbool.h>

#include "../base/gw_diag.h"
#include "../base/gw_mem.h"
#include "../gw_engine.h"

typedef struct api_call api_call;
typedef gongwen_status (*api_body)(api_call *c, void *args);

struct api_call {
    gw_mem_frame frame;
    gw_diags diags;       /* the body's messages (file: the call's name) */
    size_t limit;
    const char *name;
    gongwen_diagnostics *out;
    api_body body;
    void *args;
};

/* Runs body(c, args) in a frame of its own (limit: bytes, 0 = none); name: the file its
 * messages name; the messages go to d (may be NULL). */
gongwen_status api_run(const char *name, size_t limit, gongwen_diagnostics *d, api_body body,
                       void *args);
gongwen_status api_no_memory(gongwen_diagnostics *d);
gongwen_status api_usage(gongwen_diagnostics *d, const char *what);

/* Appends every message of from to d (plain allocations, outside any call's registry). */
void api_diags_append(gongwen_diagnostics *d, const gw_diags *from);

struct gongwen_engine {
    gw_engine *in;
};

struct gongwen_options {
    gongwen_format format;
    size_t max_input_size; /* 0 = the default */
    int warnings_as_errors;
    size_t memory_limit;   /* 0 = none */
};

/* The defaults when opt is NULL. */
const gongwen_options *api_options(const gongwen_options *opt);

/* A copy of s with plain malloc (outside any registry); NULL stays NULL. */
char *api_strdup(const char *s);

#endif
