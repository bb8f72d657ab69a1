/* gongwen.h: the gongwen library, for programs that typeset Chinese official documents
 * (党政机关公文) to GB/T 9704-2012: read 公文 text, lay it out, write PDF or OFD.
 *
 * Link with `pkg-config --cflags --libs gongwen`. Everything here is a function on an opaque
 * handle: no structure layout is part of the ABI, so a later version adds functions and
 * options without breaking a program built against this one (the soname changes only when a
 * function is removed or changes meaning).
 *
 *   gongwen_engine *e;
 *   gongwen_diagnostics *d = gongwen_diagnostics_new();
 *   if (gongwen_engine_new(NULL, &e, d) != GONGWEN_OK) { gongwen_diagnostics_print(d, stderr,
 *       GONGWEN_NOTE, 0); exit(1); }
 *   unsigned char *pdf; size_t len;
 *   gongwen_status s = gongwen_render(e, text, text_len, "notice.txt", NULL, &pdf, &len, d);
 *   … gongwen_free(pdf); gongwen_engine_free(e); gongwen_diagnostics_free(d);
 *
 * Conventions
 *  - Every call that can fail returns a gongwen_status; GONGWEN_OK is 0. Output parameters are
 *    set only on GONGWEN_OK (else to NULL/0).
 *  - Why a call failed (and every warning of a call that succeeded) is appended to the
 *    gongwen_diagnostics list the caller passes (may be NULL when the caller does not care).
 *  - Bytes and strings the library returns are the caller's, released with gongwen_free().
 *    Strings the caller passes are copied when kept; none needs to outlive the call.
 *  - Out of memory is a status (GONGWEN_ERROR_NO_MEMORY), never an abort: the failed call has
 *    released everything it allocated, and the process, the engine and every other call go on.
 *  - Threads: an engine is immutable once made. Any number of threads may call the render,
 *    read and check functions with one engine at once; each call has its own shaping state.
 *    A gongwen_diagnostics list, an options object and a proofer belong to one thread at a
 *    time (give each thread its own). Functions that take no handle are thread-safe.
 *  - Text input is UTF-8 (with or without BOM) or GB18030; see README.md, "Input format". */
#ifndef GONGWEN_GONGWEN_H
#define GONGWEN_GONGWEN_H

#include <stddef.h>
#include <stdio.h>

#include <gongwen/gongwen_version.h>

#if defined(_WIN32) && !defined(__GNUC__)
#define GONGWEN_API
#else
#define GONGWEN_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version ------------------------------------------------------------------------------ */

/* The library's version at run time ("0.1.0"); the macros in gongwen_version.h
 * (GONGWEN_VERSION_MAJOR, _MINOR, _PATCH, GONGWEN_VERSION_STRING, GONGWEN_VERSION_NUMBER) give
 * the version a program was compiled against. */
GONGWEN_API const char *gongwen_version(void);
/* MAJOR * 10000 + MINOR * 100 + PATCH, at run time. */
GONGWEN_API int gongwen_version_number(void);

/* ---- status ------------------------------------------------------------------------------- */

typedef enum gongwen_status {
    GONGWEN_OK = 0,
    GONGWEN_ERROR_INPUT = 1,     /* the document (or a file it names: a seal image) is bad, or
                                    cannot be laid out; the diagnostics say where */
    GONGWEN_ERROR_OUTPUT = 2,    /* an output could not be written (the place, not its name) */
    GONGWEN_ERROR_USAGE = 3,     /* an invalid argument: NULL where a value is needed, an
                                    unknown format, an output name that is the input, a
                                    folder, a terminal, empty */
    GONGWEN_ERROR_NO_MEMORY = 4, /* out of memory, or over the render's memory limit */
    GONGWEN_ERROR_WARNINGS = 5,  /* warnings and warnings-as-errors: nothing written */
    GONGWEN_ERROR_SETUP = 6      /* fonts or layout rules could not be loaded */
} gongwen_status;

/* "ok", "bad input", … (a static string; unknown values give "unknown status"). */
GONGWEN_API const char *gongwen_status_string(gongwen_status s);

/* Releases bytes or a string the library returned. NULL is fine. */
GONGWEN_API void gongwen_free(void *p);

/* ---- diagnostics -------------------------------------------------------------------------- */

typedef enum gongwen_severity {
    GONGWEN_NOTE = 0,
    GONGWEN_WARNING = 1,
    GONGWEN_ERROR = 2
} gongwen_severity;

/* A list of messages, each with file, line, column (1-based; 0 = about the whole file),
 * severity, a stable rule id (README.md, "Diagnostics") and text. Calls append to it; it is
 * never cleared behind the caller's back. The caller's (gongwen_diagnostics_free); one thread
 * at a time: give each thread (each render in flight) its own list. */
typedef struct gongwen_diagnostics gongwen_diagnostics;

GONGWEN_API gongwen_diagnostics *gongwen_diagnostics_new(void); /* NULL when out of memory */
GONGWEN_API void gongwen_diagnostics_free(gongwen_diagnostics *d);
GONGWEN_API void gongwen_diagnostics_clear(gongwen_diagnostics *d);
GONGWEN_API size_t gongwen_diagnostics_count(const gongwen_diagnostics *d);
/* How many messages have exactly this severity. */
GONGWEN_API size_t gongwen_diagnostics_count_severity(const gongwen_diagnostics *d,
                                                      gongwen_severity sev);
/* Message i (0-based) of d: the strings live as long as the list is not cleared or freed. An
 * index past the end gives "" (strings), 0 (numbers), GONGWEN_NOTE. */
GONGWEN_API const char *gongwen_diagnostic_file(const gongwen_diagnostics *d, size_t i);
GONGWEN_API int gongwen_diagnostic_line(const gongwen_diagnostics *d, size_t i);
GONGWEN_API int gongwen_diagnostic_column(const gongwen_diagnostics *d, size_t i);
GONGWEN_API gongwen_severity gongwen_diagnostic_severity(const gongwen_diagnostics *d, size_t i);
GONGWEN_API const char *gongwen_diagnostic_rule(const gongwen_diagnostics *d, size_t i);
GONGWEN_API const char *gongwen_diagnostic_message(const gongwen_diagnostics *d, size_t i);
/* Appends a message of the caller's (file may be NULL: "gongwen"; rule NULL: "other"), so
 * that a program prints its own messages with the library's, in one form. */
GONGWEN_API gongwen_status gongwen_diagnostics_add(gongwen_diagnostics *d, gongwen_severity sev,
                                                   const char *rule, const char *file, int line,
                                                   int column, const char *message);
/* Sorts the messages by file, line and column, keeping the order of equal ones. */
GONGWEN_API void gongwen_diagnostics_sort(gongwen_diagnostics *d);

/* Printing: every message at or above min_severity, one a line. flags 0: the compiler form
 * `file:line:col: warning: message`; GONGWEN_PRINT_RULE adds ` [rule-id]`; GONGWEN_PRINT_JSON:
 * one JSON object a line, {"file","line","column","severity","rule","message"}. */
enum { GONGWEN_PRINT_RULE = 1, GONGWEN_PRINT_JSON = 2 };
GONGWEN_API gongwen_status gongwen_diagnostics_print(const gongwen_diagnostics *d, FILE *out,
                                                     gongwen_severity min_severity,
                                                     unsigned flags);
/* The same into a string (the caller frees it with gongwen_free). */
GONGWEN_API gongwen_status gongwen_diagnostics_format(const gongwen_diagnostics *d,
                                                      gongwen_severity min_severity,
                                                      unsigned flags, char **out);

/* ---- the engine --------------------------------------------------------------------------- */

/* Fonts of every role and the layout rules, loaded once; immutable; shared by every thread. */
typedef struct gongwen_engine gongwen_engine;
/* What an engine is made with. Set what differs from the defaults; free it after
 * gongwen_engine_new (the engine keeps copies). */
typedef struct gongwen_engine_options gongwen_engine_options;

typedef enum gongwen_outlines {
    GONGWEN_OUTLINES_SIMPLIFIED = 0, /* default: the free stand-in faces' outlines simplified
                                        within 0.015 mm on paper (half the size of a PDF) */
    GONGWEN_OUTLINES_EXACT = 1       /* every face's own outlines and hints */
} gongwen_outlines;

/* An options object is the caller's; setters copy the strings they are given; not for two
 * threads at once (an engine made from it keeps nothing of it). */
GONGWEN_API gongwen_engine_options *gongwen_engine_options_new(void); /* NULL: no memory */
GONGWEN_API void gongwen_engine_options_free(gongwen_engine_options *o);
/* The folder holding fonts/ (roles.ini, fonts.conf) and layouts/. Default: $GONGWEN_DATADIR if
 * set, else the installed data (found beside the library, else at the prefix it was built
 * for); a program run from gongwen's build folder uses the source tree's. */
GONGWEN_API gongwen_status gongwen_engine_options_set_datadir(gongwen_engine_options *o,
                                                              const char *dir);
/* Layout rules: a folder holding a rules file per 版式 (gbt9704.ini for the 文件 format,
 * letter.ini, order.ini, minutes.ini), or one rules file used for every document.
 * Default: the data folder's layouts/. */
GONGWEN_API gongwen_status gongwen_engine_options_set_layout(gongwen_engine_options *o,
                                                             const char *file_or_folder);
GONGWEN_API gongwen_status gongwen_engine_options_set_outlines(gongwen_engine_options *o,
                                                               gongwen_outlines policy);
/* Threads each PDF or OFD subsets its fonts on: 0 (default) one per processor, at most 4; 1 =
 * only the calling thread (a server that already renders a document per processor). */
GONGWEN_API gongwen_status gongwen_engine_options_set_font_threads(gongwen_engine_options *o,
                                                                   int threads);

/* Where an engine made now with no datadir option finds its data (see
 * gongwen_engine_options_set_datadir); the caller frees *out. */
GONGWEN_API gongwen_status gongwen_find_datadir(char **out);

/* Makes an engine (opt NULL = every default). On failure *out is NULL and the diagnostics say
 * why (GONGWEN_ERROR_SETUP: no usable font for a role, a bad rules file). Warnings about fonts
 * that fell back to a free stand-in are appended on success too. The engine is the caller's
 * (gongwen_engine_free); opt is only read, and may be freed at once. Thread-safe: engines may
 * be made from several threads at once (fontconfig is entered by one at a time). Making one
 * takes milliseconds and some megabytes: make one per process and share it. */
GONGWEN_API gongwen_status gongwen_engine_new(const gongwen_engine_options *opt,
                                              gongwen_engine **out, gongwen_diagnostics *d);
/* Frees the engine; no call may be using it (nor a proofer made on it). NULL is fine. */
GONGWEN_API void gongwen_engine_free(gongwen_engine *e);
/* The data folder the engine read its fonts/ configuration from (owned by the engine). */
GONGWEN_API const char *gongwen_engine_datadir(const gongwen_engine *e);
/* The layout rules folder (or the one file) the engine read (owned by the engine). */
GONGWEN_API const char *gongwen_engine_layout(const gongwen_engine *e);

/* The faces chosen for each role (小标宋, 仿宋, 黑体, 楷体, 宋体, Latin), in fallback order:
 * full name, weight, file, face index, stand-in or not, licence and embedding. form 0: text as
 * `gongwen fonts` prints it; GONGWEN_PRINT_JSON: a JSON array of
 * {"role","family","full_name","weight","file","index","standin","embedding","treatment"}. */
GONGWEN_API gongwen_status gongwen_engine_fonts(const gongwen_engine *e, unsigned form,
                                                char **out);

/* ---- one render's options ----------------------------------------------------------------- */

typedef enum gongwen_format {
    GONGWEN_FORMAT_AUTO = 0, /* files: from the output name (.ofd → OFD, else PDF); memory: PDF */
    GONGWEN_FORMAT_PDF = 1,
    GONGWEN_FORMAT_OFD = 2   /* GB/T 33190, tagged with GB/T 33476's 公文域 */
} gongwen_format;

/* The format a file name asks for (.ofd, any case → OFD; else PDF). */
GONGWEN_API gongwen_format gongwen_format_from_path(const char *path);

/* Per-call options of render, read and check (NULL everywhere = the defaults). Only read by
 * the calls: one options object may serve many threads at once, as long as none sets it. */
typedef struct gongwen_options gongwen_options;

GONGWEN_API gongwen_options *gongwen_options_new(void); /* NULL: no memory */
GONGWEN_API void gongwen_options_free(gongwen_options *o);
GONGWEN_API gongwen_status gongwen_options_set_format(gongwen_options *o, gongwen_format f);
/* Inputs larger than this many bytes are refused (GONGWEN_ERROR_INPUT). Default 16 MiB. */
GONGWEN_API gongwen_status gongwen_options_set_max_input_size(gongwen_options *o, size_t bytes);
/* Nonzero: a document with warnings is not written (GONGWEN_ERROR_WARNINGS). Default 0. */
GONGWEN_API gongwen_status gongwen_options_set_warnings_as_errors(gongwen_options *o, int on);
/* The most memory one call may hold in gongwen's own blocks and libharu's (0 = no limit, the
 * default); past it the call fails alone with GONGWEN_ERROR_NO_MEMORY. */
GONGWEN_API gongwen_status gongwen_options_set_memory_limit(gongwen_options *o, size_t bytes);

/* ---- rendering ---------------------------------------------------------------------------- */

/* Renders text[0..len) (name: the file name messages give, NULL = "<input>"; an image path the
 * text gives (印章, 签名章) that is relative is relative to name's folder, else to the current
 * folder) to PDF or OFD bytes in memory (*out, *out_len; the caller frees *out with
 * gongwen_free). Thread-safe on a shared engine. */
GONGWEN_API gongwen_status gongwen_render(const gongwen_engine *e, const void *text, size_t len,
                                          const char *name, const gongwen_options *opt,
                                          unsigned char **out, size_t *out_len,
                                          gongwen_diagnostics *d);

/* Reads in_path ("-" = standard input), renders it and writes out_path ("-" = standard
 * output): a regular file or a new name is replaced atomically (a temporary file, then a
 * rename: a failure never leaves a partial file), a symbolic link's target is replaced and the
 * link kept, a FIFO or a device is streamed into. An output that is the input, a folder, a
 * terminal or an empty name is refused (GONGWEN_ERROR_USAGE) before the input is read. The
 * format: the option's, else out_path's extension. Thread-safe on a shared engine (different
 * outputs). */
GONGWEN_API gongwen_status gongwen_render_file(const gongwen_engine *e, const char *in_path,
                                               const char *out_path, const gongwen_options *opt,
                                               gongwen_diagnostics *d);
/* Lays in_path out once and writes n outputs, out_paths[i] in formats[i] (formats NULL or
 * GONGWEN_FORMAT_AUTO: from the name), each as gongwen_render_file writes its one. Returns
 * the first failure; the other outputs are still written. */
GONGWEN_API gongwen_status gongwen_render_file_to(const gongwen_engine *e, const char *in_path,
                                                  const char *const *out_paths,
                                                  const gongwen_format *formats, size_t n,
                                                  const gongwen_options *opt,
                                                  gongwen_diagnostics *d);

/* Checks, before anything is read, that out may be written and is not in ("-" or NULL: no
 * file). GONGWEN_OK, GONGWEN_ERROR_USAGE (the name is the mistake: empty, a folder, the
 * input, a terminal) or GONGWEN_ERROR_OUTPUT (the place: a folder that does not exist), with
 * the reason in d (rule "output-refused"). */
GONGWEN_API gongwen_status gongwen_output_check(const char *out, const char *in,
                                                gongwen_diagnostics *d);
/* For a program's handler of SIGINT/SIGTERM, run in an ordinary thread (not async-signal-safe):
 * removes every temporary file any render of this process is writing, and makes every later
 * file output fail. It does not return the lock it takes: call it only before exiting. */
GONGWEN_API void gongwen_output_abort(void);

/* ---- reading and checking ----------------------------------------------------------------- */

/* Reads a document into its model as JSON (stable key order: every element of GB/T 9704 with
 * its source line, null when absent). The reader's repairs and normalisations are warnings in
 * d. No engine needed (no fonts are loaded). */
GONGWEN_API gongwen_status gongwen_read_json(const void *text, size_t len, const char *name,
                                             const gongwen_options *opt, char **json,
                                             gongwen_diagnostics *d);
/* The same from a file ("-" = standard input). */
GONGWEN_API gongwen_status gongwen_read_file_json(const char *path, const gongwen_options *opt,
                                                  char **json, gongwen_diagnostics *d);

/* Lints the text (`gongwen check`): 发文字号, dates, punctuation, numbering, titles, the
 * 附件说明, 主送, 署名 …, and the reader's repairs. Every finding is a diagnostic (error: the
 * printed document would be wrong; warning: gongwen repairs it). GONGWEN_OK when the text
 * could be read (look at the diagnostics' errors for the verdict), GONGWEN_ERROR_INPUT when it
 * could not. */
GONGWEN_API gongwen_status gongwen_check(const void *text, size_t len, const char *name,
                                         const gongwen_options *opt, gongwen_diagnostics *d);
GONGWEN_API gongwen_status gongwen_check_file(const char *path, const gongwen_options *opt,
                                              gongwen_diagnostics *d);

/* ---- proofs ------------------------------------------------------------------------------- */

/* A proofer measures laid-out documents against a statement of the standard (a rules file or
 * layouts/ folder) and draws their pages (FreeType, with glyph caches): one per thread. */
typedef struct gongwen_proofer gongwen_proofer;
/* The proof of one document: its layout record, conformance report and page pictures. */
typedef struct gongwen_proof gongwen_proof;

/* standard: the rules folder (each document measured against its 版式's file there) or the one
 * rules file to measure against (NULL: the engine's data folder's layouts/). The engine must outlive the proofer, and the proofer its proofs. A
 * proofer and its proofs are used by one thread at a time (give each thread its own proofer:
 * they share the engine). */
GONGWEN_API gongwen_status gongwen_proofer_new(const gongwen_engine *e, const char *standard,
                                               gongwen_proofer **out, gongwen_diagnostics *d);
GONGWEN_API void gongwen_proofer_free(gongwen_proofer *p);
/* The rules folder or file the proofer measures against (owned by the proofer). */
GONGWEN_API const char *gongwen_proofer_standard(const gongwen_proofer *p);

/* Reads, lays out and measures a document (text and name as gongwen_render's). */
GONGWEN_API gongwen_status gongwen_proof_new(gongwen_proofer *p, const void *text, size_t len,
                                             const char *name, const gongwen_options *opt,
                                             gongwen_proof **out, gongwen_diagnostics *d);
GONGWEN_API gongwen_status gongwen_proof_file(gongwen_proofer *p, const char *path,
                                              const gongwen_options *opt, gongwen_proof **out,
                                              gongwen_diagnostics *d);
GONGWEN_API void gongwen_proof_free(gongwen_proof *pr);
GONGWEN_API size_t gongwen_proof_pages(const gongwen_proof *pr);
/* Conformance rules measured, and how many failed. */
GONGWEN_API size_t gongwen_proof_rules(const gongwen_proof *pr);
GONGWEN_API size_t gongwen_proof_failed(const gongwen_proof *pr);

enum {
    GONGWEN_PROOF_RECORD = 0,  /* the layout record (JSON: every element's box in mm, font …) */
    GONGWEN_PROOF_REPORT,      /* the conformance report, text: one line per rule */
    GONGWEN_PROOF_REPORT_HTML, /* the same as an HTML page (with the reference note, if any) */
    GONGWEN_PROOF_SUMMARY,     /* `NAME: PASS 57 rules, 6 pages` (one line) */
    GONGWEN_PROOF_FAILURES     /* one line per failed rule: `FAIL rule §clause page …` */
};
/* One of the texts above (the caller frees *out). */
GONGWEN_API gongwen_status gongwen_proof_text(const gongwen_proof *pr, int which, char **out);
/* Compares the layout with a reference record (JSON as GONGWEN_PROOF_RECORD gives) at
 * tolerance_mm: *differences (how many elements moved, appeared or went) and *note (one line a
 * difference, also kept for the HTML report). GONGWEN_ERROR_INPUT when ref is not a record. */
GONGWEN_API gongwen_status gongwen_proof_compare(gongwen_proof *pr, const void *ref, size_t len,
                                                 double tolerance_mm, int *differences,
                                                 char **note, gongwen_diagnostics *d);
/* Page (0-based) as a PNG at dpi, with the 版心 frame, the grid and every element's box when
 * overlay is nonzero; max_width > 0 shrinks it to at most that many pixels (a thumbnail). */
GONGWEN_API gongwen_status gongwen_proof_page_png(gongwen_proof *pr, size_t page, double dpi,
                                                  int overlay, int max_width,
                                                  unsigned char **png, size_t *len,
                                                  gongwen_diagnostics *d);

/* index.html over a folder of proofs: add each document (rel: its folder below the index,
 * pages, rules, failed, ref_diffs −1 when it has no reference, error nonzero when it could not
 * be laid out, its summary lines), then get the page. */
typedef struct gongwen_proof_index gongwen_proof_index;
GONGWEN_API gongwen_proof_index *gongwen_proof_index_new(const char *standard);
GONGWEN_API void gongwen_proof_index_free(gongwen_proof_index *x);
GONGWEN_API gongwen_status gongwen_proof_index_add(gongwen_proof_index *x, const char *rel,
                                                   size_t pages, size_t rules, size_t failed,
                                                   int ref_diffs, int error,
                                                   const char *summary);
GONGWEN_API gongwen_status gongwen_proof_index_html(const gongwen_proof_index *x, char **out);

/* ---- files -------------------------------------------------------------------------------- */

/* Writes len bytes to path as gongwen_render_file writes its output (atomically, never
 * through a folder; "-" = standard output). For a program's other outputs (proofs). */
GONGWEN_API gongwen_status gongwen_write_file(const char *path, const void *data, size_t len,
                                              gongwen_diagnostics *d);
/* Reads a whole regular file ("-" = standard input) of at most max bytes (0 = 16 MiB). */
GONGWEN_API gongwen_status gongwen_read_file(const char *path, size_t max, unsigned char **data,
                                             size_t *len, gongwen_diagnostics *d);

#ifdef __cplusplus
}
#endif

#endif
