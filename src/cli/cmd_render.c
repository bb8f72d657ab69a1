/* cmd_render.c: `gongwen render`: one document to one PDF, or (a folder, several files, or an
 * output folder written with a trailing slash) a batch (batch.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "formats.h"

#define STR_(x) #x
#define STR(x) STR_(x) /* a number macro as a string, for the help */

const char cli_usage_render[] =
    "usage: gongwen render IN [-o OUT] [options]\n"
    "       gongwen render DIR|FILE... -o OUTDIR [options]\n"
    "\n"
    "Reads the 公文 text IN (\"-\" = standard input), lays it out on the GB/T 9704 grid\n"
    "(22 lines x 28 characters, 版心 156 x 225 mm) and writes a PDF to OUT (default: IN with\n"
    "its extension replaced by .pdf, or .ofd with --format ofd; for standard input, standard\n"
    "output, which must not be a terminal unless '-o -' is given), or an OFD (GB/T 33190, its\n"
    "elements tagged as GB/T 33476's 公文域) when OUT ends in .ofd or --format says so.\n"
    "A regular file is replaced atomically (a temporary file, then a rename), so a failure\n"
    "never leaves a partial file; a symbolic link's target is replaced and the link kept; a\n"
    "FIFO or a device such as /dev/null gets the bytes written into it. An OUT that is the\n"
    "input, a folder or empty is refused before anything is read.\n"
    "\n"
    "With a folder (searched recursively for *.txt, any case), several files, an OUT ending\n"
    "in '/', or --shard, renders them all in parallel into that folder, keeping their\n"
    "relative paths, with a progress line on a terminal; a bad file is reported and counted,\n"
    "never stopping the rest; the last line says how many were rendered and failed, the\n"
    "warnings and the time (with --diagnostics json, a \"summary\" object).\n"
    "\n"
    "options:\n"
    "  -o, --output OUT          where to write the PDF or OFD (or, for a batch, the folder)\n"
    "  --format F                pdf, ofd, or pdf,ofd (both from one layout, OUT's extension\n"
    "                            replaced by each); default: from OUT's extension, else pdf\n"
    "  -j, --jobs N              worker threads for a batch (default: one per processor,\n"
    "                            at most " STR(CLI_MAX_JOBS) ")\n"
    "  --shard K/N               render only the K-th of N shards of the batch (1 <= K <= N),\n"
    "                            chosen by sorted relative path; the N shards cover every file\n"
    "                            once\n"
    "  --layout FILE|DIR         layout rules instead of layouts/: a folder holding each\n"
    "                            版式's file (gbt9704.ini, letter.ini, order.ini, minutes.ini;\n"
    "                            the document's 版式 chooses), or one file for every document\n"
    "  --exact-outlines          embed each font's own glyph outlines and hints; by default\n"
    "                            the free stand-in faces are simplified within 0.015 mm\n"
    "                            on paper, which halves the size of the free 仿宋 in a PDF\n"
    "                            and shows on no printer\n"
    "  --max-input-size SIZE     refuse inputs larger than SIZE (bytes, or 16M, 512K…;\n"
    "                            default 16M)\n"
    "  --max-memory SIZE         the most memory one document may use (bytes, or 512M…;\n"
    "                            default: no limit); past it that document fails alone\n"
    "  --warnings-as-errors      a document with warnings is not written and counts as failed\n"
    "  --diagnostics text|json   messages as text (default) or one JSON object a line\n"
    "  -q, --quiet               print errors only, no warnings\n"
    "\n"
    "exit status: 0 written, 1 bad input or write error (any file, in a batch), 2 bad usage\n";

enum { OPT_LAYOUT = 256, OPT_EXACT, OPT_MAX_INPUT, OPT_DIAGNOSTICS, OPT_WERROR, OPT_SHARD,
       OPT_FORMAT, OPT_MAX_MEMORY };

static bool parse_shard(const char *s, int *k, int *n)
{
    char *end = NULL;
    long a = strtol(s, &end, 10);
    if (end == s || *end != '/')
        return false;
    const char *t = end + 1;
    long b = strtol(t, &end, 10);
    if (end == t || *end || b < 1 || a < 1 || a > b || b > 1000000)
        return false;
    *k = (int)a;
    *n = (int)b;
    return true;
}

static int render_one(const char *in, const char *out, const cli_batch_options *o)
{
    if (o->formats == (GW_CLI_PDF | GW_CLI_OFD) && strcmp(out, "-") == 0)
        return cli_usage("render", "cannot write both PDF and OFD to standard output");
    gongwen_diagnostics *d = cli_diags_new();
    gongwen_status s = gongwen_output_check(out, in, d);
    if (s != GONGWEN_OK) {
        /* the output is the input, a folder, a terminal: a usage mistake; a folder that does
         * not exist: an error of the place, like an input that does not exist */
        const char *why = gongwen_diagnostic_message(d, gongwen_diagnostics_count(d) - 1);
        int rc = CLI_INPUT;
        if (s == GONGWEN_ERROR_USAGE)
            rc = cli_usage("render", "%s", why);
        else
            fprintf(stderr, "gongwen render: error: %s\n", why);
        gongwen_diagnostics_free(d);
        return rc;
    }
    gongwen_engine *e = NULL;
    s = gongwen_engine_new(o->engine, &e, d);
    cli_print_diags(d, &o->style);
    gongwen_diagnostics_clear(d);
    int rc = CLI_INPUT;
    if (s == GONGWEN_OK) {
        rc = gw_cli_render(e, in, out, o->formats, o->render, d) == GONGWEN_OK ? CLI_OK
                                                                                 : CLI_INPUT;
        cli_print_diags(d, &o->style);
    }
    gongwen_diagnostics_free(d);
    gongwen_engine_free(e);
    return rc;
}

static int render_main(int argc, char **argv, cli_batch_options *o);

int cli_render(int argc, char **argv)
{
    cli_batch_options o = { 0 };
    o.engine = gongwen_engine_options_new();
    o.render = gongwen_options_new();
    if (!o.engine || !o.render) {
        fputs("gongwen: out of memory\n", stderr);
        return CLI_INPUT;
    }
    int rc = render_main(argc, argv, &o);
    gongwen_engine_options_free(o.engine);
    gongwen_options_free(o.render);
    return rc;
}

static int render_main(int argc, char **argv, cli_batch_options *op)
{
    static const struct option longopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "jobs", required_argument, NULL, 'j' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "layout", required_argument, NULL, OPT_LAYOUT },
        { "exact-outlines", no_argument, NULL, OPT_EXACT },
        { "max-input-size", required_argument, NULL, OPT_MAX_INPUT },
        { "diagnostics", required_argument, NULL, OPT_DIAGNOSTICS },
        { "warnings-as-errors", no_argument, NULL, OPT_WERROR },
        { "shard", required_argument, NULL, OPT_SHARD },
        { "format", required_argument, NULL, OPT_FORMAT },
        { "max-memory", required_argument, NULL, OPT_MAX_MEMORY },
        { NULL, 0, NULL, 0 },
    };
    cli_batch_options o = *op;
    const char *out = NULL;
    size_t size = 0;
    int c;
    while ((c = cli_getopt(argc, argv, "render", "o:j:qh", longopts)) != -1) {
        switch (c) {
        case 'o':
            out = optarg;
            break;
        case 'j': {
            char *end = NULL;
            long j = strtol(optarg, &end, 10);
            if (end == optarg || *end || j <= 0)
                return cli_usage("render", "-j takes a positive number, not '%s'", optarg);
            o.jobs = j > CLI_MAX_JOBS ? CLI_MAX_JOBS : (int)j;
            break;
        }
        case 'q':
            o.style.quiet = true;
            break;
        case 'h':
            fputs(cli_usage_render, stdout);
            return cli_finish_stdout(CLI_OK);
        case OPT_LAYOUT:
            if (!*optarg)
                return cli_usage("render", "--layout needs a file name");
            gongwen_engine_options_set_layout(o.engine, optarg);
            break;
        case OPT_EXACT:
            gongwen_engine_options_set_outlines(o.engine, GONGWEN_OUTLINES_EXACT);
            break;
        case OPT_MAX_INPUT:
            if (!cli_parse_size(optarg, &size))
                return cli_usage("render", "--max-input-size takes a size such as 16M, not '%s'",
                                 optarg);
            gongwen_options_set_max_input_size(o.render, size);
            break;
        case OPT_MAX_MEMORY:
            if (!cli_parse_size(optarg, &size))
                return cli_usage("render", "--max-memory takes a size such as 512M, not '%s'",
                                 optarg);
            gongwen_options_set_memory_limit(o.render, size);
            break;
        case OPT_DIAGNOSTICS:
            if (!cli_parse_diagnostics("render", optarg, &o.style))
                return CLI_USAGE;
            break;
        case OPT_WERROR:
            gongwen_options_set_warnings_as_errors(o.render, 1);
            break;
        case OPT_FORMAT:
            if (!(o.formats = gw_cli_formats(optarg)))
                return cli_usage("render", "--format takes pdf, ofd or pdf,ofd, not '%s'", optarg);
            break;
        case OPT_SHARD:
            if (!parse_shard(optarg, &o.shard, &o.shards))
                return cli_usage("render", "--shard takes K/N with 1 <= K <= N, not '%s'", optarg);
            break;
        default:
            return CLI_USAGE;
        }
    }
    int n_inputs = argc - optind;
    char **inputs = argv + optind;
    if (n_inputs == 0)
        return cli_usage("render", "no input file");
    if (out && !*out)
        return cli_usage("render", "the output name (-o) is empty");
    bool out_is_folder = out && out[strlen(out) - 1] == '/';
    if (n_inputs > 1 || cli_is_dir(inputs[0]) || out_is_folder || o.shards) {
        if (!out)
            return cli_usage("render", "a folder or several inputs need -o OUTDIR");
        for (int i = 0; i < n_inputs; i++)
            if (strcmp(inputs[i], "-") == 0)
                return cli_usage("render", "standard input ('-') cannot be part of a batch");
        return cli_render_batch(inputs, n_inputs, out, &o);
    }

    const char *in = inputs[0];
    char *out_owned = NULL;
    if (!out) {
        if (strcmp(in, "-") == 0) {
            if (isatty(STDOUT_FILENO))
                return cli_usage("render", "standard output is a terminal: give -o FILE (or "
                                           "-o - to write the PDF there anyway)");
            out = "-";
        } else {
            out = out_owned = cli_with_extension(in, gw_cli_default_extension(o.formats));
        }
    } else if (cli_is_dir(out)) {
        return cli_usage("render", "the output %s is a folder; write -o %s/NAME.pdf, or -o %s/ "
                                   "to render into it", out, out, out);
    }
    int rc = render_one(in, out, &o);
    free(out_owned);
    return rc;
}
