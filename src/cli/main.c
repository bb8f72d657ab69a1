/* main.c: the gongwen command line, a thin front over the library in gongwen.h.
 * Exit status: 0 success, 1 bad input (or a file that could not be written), 2 bad usage. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "cmd.h"
#include "gongwen.h"
#include "base/gw_util.h"

#define STR_(x) #x
#define STR(x) STR_(x) /* a number macro as a string, for the help */

enum { EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_main[] =
    "usage: gongwen <command> [options]\n"
    "\n"
    "Typesets Chinese official documents (党政机关公文) to PDF following GB/T 9704-2012.\n"
    "\n"
    "commands:\n"
    "  render IN [-o OUT]   lay out IN and write a PDF (OUT defaults to IN with .pdf)\n"
    "  dump FILE            print the document model the reader understood, as JSON\n"
    "  fonts                show which font serves each role (仿宋, 小标宋, …)\n"
    "  check FILE...        lint the text: 发文字号, dates, punctuation, numbering, …\n"
    "  proof FILE|DIR -o OUT  page pictures, layout record, GB/T 9704 conformance report\n"
    "  help [COMMAND]       show help for a command\n"
    "\n"
    "options:\n"
    "  -h, --help           show this help\n"
    "  -V, --version        show the version\n"
    "\n"
    "Input is UTF-8 (with or without BOM) or GB18030 text; see README.md for the format.\n";

static const char usage_render[] =
    "usage: gongwen render IN [-o OUT] [--layout FILE] [--exact-outlines] [-q]\n"
    "       gongwen render DIR|FILE... -o OUTDIR [-j N] [--layout FILE] [--exact-outlines] [-q]\n"
    "\n"
    "Reads the 公文 text IN (\"-\" = standard input), lays it out on the GB/T 9704 grid\n"
    "(22 lines x 28 characters, 版心 156 x 225 mm) and writes a PDF to OUT (\"-\" = standard\n"
    "output; default: IN with its extension replaced by .pdf). The PDF is written to a\n"
    "temporary file and renamed, so a failure never leaves a partial file.\n"
    "\n"
    "With a folder (searched recursively for *.txt) or several files, renders them all in\n"
    "parallel into OUTDIR, keeping their relative paths, with a progress line on a terminal;\n"
    "a bad file is reported and skipped, never stopping the rest.\n"
    "\n"
    "options:\n"
    "  -o, --output OUT     where to write the PDF\n"
    "  -j, --jobs N         worker threads for a batch (default: one per core)\n"
    "  --layout FILE        layout rules to use instead of layouts/gbt9704.ini\n"
    "  --exact-outlines     embed each font's own glyph outlines and hints; by default they\n"
    "                       are simplified within " STR(GW_PDF_OUTLINE_TOLERANCE_MM) " mm on paper, which halves\n"
    "                       the size of the free 仿宋 in a PDF and shows on no printer\n"
    "  -q, --quiet          print errors only, no warnings\n"
    "\n"
    "exit status: 0 written, 1 bad input or write error (any file, in a batch), 2 bad usage\n";

static const char usage_dump[] =
    "usage: gongwen dump FILE [-q]\n"
    "\n"
    "Reads the 公文 text FILE (\"-\" = standard input) and prints the document model as JSON\n"
    "with a stable key order: every element of GB/T 9704 with its source line, null when\n"
    "absent. Repairs of extraction damage and normalisations are reported as warnings on\n"
    "standard error as file:line:col: warning: message.\n"
    "\n"
    "options:\n"
    "  -q, --quiet          print errors only, no warnings\n"
    "\n"
    "exit status: 0 read, 1 bad input, 2 bad usage\n";

static const char usage_fonts[] =
    "usage: gongwen fonts\n"
    "\n"
    "Shows, for each role (小标宋, 仿宋, 黑体, 楷体, 宋体, Latin), the fonts in fallback order:\n"
    "family, file, face index, and whether it is a free stand-in for the real office font.\n"
    "Install the real fonts (e.g. 仿宋_GB2312, 方正小标宋简体) and they are used with no flag.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "gongwen: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'gongwen --help'.\n");
    return EXIT_USAGE;
}

static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(argv[1], "render") == 0)
        fputs(usage_render, stdout);
    else if (strcmp(argv[1], "dump") == 0)
        fputs(usage_dump, stdout);
    else if (strcmp(argv[1], "fonts") == 0)
        fputs(usage_fonts, stdout);
    else if (strcmp(argv[1], "check") == 0)
        fputs(gw_usage_check, stdout);
    else if (strcmp(argv[1], "proof") == 0)
        fputs(gw_usage_proof, stdout);
    else if (strcmp(argv[1], "help") == 0)
        fputs(usage_main, stdout);
    else
        return usage_error("no such command: %s", argv[1]);
    return 0;
}

static bool is_help(const char *a)
{
    return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

static int cmd_dump(int argc, char **argv)
{
    const char *in = NULL;
    bool quiet = false;
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_dump, stdout);
            return 0;
        } else if (strcmp(argv[i], "-q") == 0 || strcmp(argv[i], "--quiet") == 0) {
            quiet = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return usage_error("dump: unknown option %s", argv[i]);
        } else if (in) {
            return usage_error("dump: more than one input file (%s)", argv[i]);
        } else {
            in = argv[i];
        }
    }
    if (!in)
        return usage_error("dump: %s", "no input file");
    gw_diags diags;
    gw_diags_init(&diags, strcmp(in, "-") == 0 ? "<stdin>" : in);
    gw_document *doc = gw_read_file(in, &diags);
    gw_diags_print(&diags, stderr, quiet ? GW_ERROR : GW_NOTE);
    gw_diags_free(&diags);
    if (!doc)
        return EXIT_INPUT;
    char *json = gw_document_to_json(doc);
    fputs(json, stdout);
    free(json);
    gw_document_free(doc);
    return 0;
}

static int cmd_render(int argc, char **argv)
{
    const char *out = NULL, *layout = NULL;
    bool quiet = false, exact_outlines = false;
    int jobs = 0;
    char **inputs = gw_xcalloc((size_t)argc, sizeof *inputs);
    int n_inputs = 0;
    int rc = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(usage_render, stdout);
            goto done;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i >= argc) {
                rc = usage_error("render: %s needs a file name", a);
                goto done;
            }
            out = argv[i];
        } else if (strncmp(a, "--output=", 9) == 0) {
            out = a + 9;
        } else if (strcmp(a, "-j") == 0 || strcmp(a, "--jobs") == 0) {
            char *end = NULL;
            if (++i >= argc || (jobs = (int)strtol(argv[i], &end, 10)) <= 0 || *end) {
                rc = usage_error("render: %s needs a positive number", a);
                goto done;
            }
        } else if (strcmp(a, "--layout") == 0) {
            if (++i >= argc) {
                rc = usage_error("render: %s needs a file name", a);
                goto done;
            }
            layout = argv[i];
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = true;
        } else if (strcmp(a, "--exact-outlines") == 0) {
            exact_outlines = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            rc = usage_error("render: unknown option %s", a);
            goto done;
        } else {
            inputs[n_inputs++] = argv[i];
        }
    }
    if (n_inputs == 0) {
        rc = usage_error("render: %s", "no input file");
        goto done;
    }
    if (n_inputs > 1 || gw_is_dir(inputs[0])) {
        if (!out) {
            rc = usage_error("render: %s", "a folder or several inputs need -o OUTDIR");
            goto done;
        }
        gw_engine_options opt = { .layout = layout, .exact_outlines = exact_outlines };
        rc = gw_cli_render_batch(inputs, n_inputs, out, &opt, quiet, jobs);
        goto done;
    }

    const char *in = inputs[0];
    char *out_owned = NULL;
    if (!out)
        out = strcmp(in, "-") == 0 ? "-" : (out_owned = gw_with_extension(in, ".pdf"));
    else if (gw_is_dir(out)) {
        const char *base = strrchr(in, '/');
        char *name = gw_with_extension(base ? base + 1 : in, ".pdf");
        out = out_owned = gw_asprintf("%s/%s", out, name);
        free(name);
    }

    gw_diags setup;
    gw_diags_init(&setup, "gongwen");
    gw_engine_options opt = { .layout = layout, .exact_outlines = exact_outlines };
    gw_engine *e = gw_engine_new(&opt, &setup);
    gw_diags_print(&setup, stderr, quiet ? GW_ERROR : GW_NOTE);
    gw_diags_free(&setup);
    if (!e) {
        free(out_owned);
        rc = EXIT_INPUT;
        goto done;
    }
    gw_diags diags;
    gw_diags_init(&diags, strcmp(in, "-") == 0 ? "<stdin>" : in);
    rc = gw_render_file(e, in, out, &diags) == 0 ? 0 : EXIT_INPUT;
    gw_diags_print(&diags, stderr, quiet ? GW_ERROR : GW_NOTE);
    gw_diags_free(&diags);
    gw_engine_free(e);
    free(out_owned);
done:
    free(inputs);
    return rc;
}

static int cmd_fonts(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (is_help(argv[i])) {
            fputs(usage_fonts, stdout);
            return 0;
        }
        return usage_error("fonts: unexpected argument %s", argv[i]);
    }
    gw_diags diags;
    gw_diags_init(&diags, "gongwen");
    char *dir = gw_asprintf("%s/fonts", gw_default_datadir());
    gw_fontset *fs = gw_fontset_open(dir, &diags);
    free(dir);
    gw_diags_print(&diags, stderr, GW_WARNING);
    gw_diags_free(&diags);
    if (!fs)
        return EXIT_INPUT;
    gw_fontset_print(fs, stdout);
    gw_fontset_close(fs);
    return 0;
}

/* SIGINT, SIGTERM, SIGHUP: remove the temporary files being written, then die of the signal
 * as if there were no handler. */
static void on_fatal_signal(int sig)
{
    gw_remove_temp_files();
    signal(sig, SIG_DFL);
    raise(sig);
}

int main(int argc, char **argv)
{
    gw_new_file_mode(); /* reads the umask now, before any thread */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal_signal;
    sigemptyset(&sa.sa_mask);
    const int fatal[] = { SIGINT, SIGTERM, SIGHUP };
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++) {
        struct sigaction was;
        if (sigaction(fatal[i], NULL, &was) == 0 && was.sa_handler != SIG_IGN) /* nohup … */
            sigaction(fatal[i], &sa, NULL);
    }

    if (argc < 2) {
        fputs(usage_main, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (is_help(cmd)) {
        fputs(usage_main, stdout);
        return 0;
    }
    if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
        printf("gongwen %s\n", gw_version());
        return 0;
    }
    if (strcmp(cmd, "help") == 0)
        return cmd_help(argc - 1, argv + 1);
    if (strcmp(cmd, "dump") == 0)
        return cmd_dump(argc - 1, argv + 1);
    if (strcmp(cmd, "render") == 0)
        return cmd_render(argc - 1, argv + 1);
    if (strcmp(cmd, "fonts") == 0)
        return cmd_fonts(argc - 1, argv + 1);
    if (strcmp(cmd, "check") == 0)
        return gw_cmd_check(argc - 1, argv + 1);
    if (strcmp(cmd, "proof") == 0)
        return gw_cmd_proof(argc - 1, argv + 1);
    return usage_error("no such command: %s", cmd);
}
