/* cli.h: what the command files of src/cli/ share: option parsing with getopt_long and a
 * closest-option hint, usage errors that point at `gongwen help CMD`, printing diagnostics
 * (text or JSON lines), sizes like `16M`, checking that standard output was written, and the
 * few file and memory helpers a command needs. The CLI is a front over the public API only:
 * it includes <gongwen/gongwen.h> and its own headers, nothing of src/'s stages.
 * Exit status everywhere: 0 success, 1 bad input or a write error, 2 bad usage. */
#ifndef GW_CLI_H
#define GW_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

#include <gongwen/gongwen.h>

enum { CLI_OK = 0, CLI_INPUT = 1, CLI_USAGE = 2 };

/* A command: its name, its entry point (argv[0] is the command's name) and its help text. */
typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
    const char *summary; /* one line for `gongwen --help` */
} cli_command;

const cli_command *cli_find_command(const char *name);

/* How messages are printed: as text (quiet: errors only) or as JSON lines. */
typedef struct {
    bool quiet;
    bool json;
} cli_diag_style;

/* Prints `gongwen CMD: message` and `Try 'gongwen help CMD'.` on stderr; returns CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* getopt_long for a command (argv[0] is its name): errors are reported here (unknown option
 * with the closest known one, a missing or extra argument) and give '?'. Call with optind = 0
 * before the first option of a command (cli_getopt_reset). */
void cli_getopt_reset(void);
int cli_getopt(int argc, char **argv, const char *cmd, const char *shortopts,
               const struct option *longopts);

/* Parses `--diagnostics text|json`; false (after a usage message) when it is neither. */
bool cli_parse_diagnostics(const char *cmd, const char *arg, cli_diag_style *style);
/* Parses a size: bytes, or with K, M, G (powers of 1024; `16M`, `16MB`, `16MiB`). */
bool cli_parse_size(const char *s, size_t *out);

void cli_print_diags(const gongwen_diagnostics *d, const cli_diag_style *style);
/* The lowest severity style prints. */
gongwen_severity cli_min_severity(const cli_diag_style *style);

/* A new diagnostics list; out of memory ends the process (status 1) with a message. */
gongwen_diagnostics *cli_diags_new(void);
/* Adds an error of the command's own (file NULL: "gongwen"). printf-like. */
void cli_diag(gongwen_diagnostics *d, const char *rule, const char *file, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Memory of the command's own bookkeeping: out of memory ends the process with a message
 * (the library's calls report it as a status instead). */
void *cli_xmalloc(size_t n);
void *cli_xrealloc(void *p, size_t n);
char *cli_strdup(const char *s);
char *cli_strndup(const char *s, size_t n);
char *cli_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

bool cli_is_dir(const char *path);
/* path with the extension of its last component replaced by ext (".pdf"), or ext added. */
char *cli_with_extension(const char *path, const char *ext);
/* mkdir -p; 0, or -1 with errno. */
int cli_mkdirs(const char *path);

/* Flushes standard output; on failure prints why and returns CLI_INPUT, else rc. */
int cli_finish_stdout(int rc);

/* The commands' entry points. */
int cli_render(int argc, char **argv);
int cli_dump(int argc, char **argv);
int cli_fonts(int argc, char **argv);
int cli_help(int argc, char **argv);

extern const char cli_usage_render[], cli_usage_dump[], cli_usage_fonts[], cli_usage_help[];

#endif
