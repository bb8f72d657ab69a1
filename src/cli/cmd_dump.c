/* cmd_dump.c: `gongwen dump` (the document model as JSON) and `gongwen fonts` (the face of
 * each role). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cli_usage_dump[] =
    "usage: gongwen dump FILE [-q] [--max-input-size SIZE] [--diagnostics text|json]\n"
    "\n"
    "Reads the 公文 text FILE (\"-\" = standard input) and prints the document model as JSON\n"
    "with a stable key order: every element of GB/T 9704 with its source line, null when\n"
    "absent. Repairs of extraction damage and normalisations are reported as warnings on\n"
    "standard error as file:line:col: warning: message.\n"
    "\n"
    "options:\n"
    "  -q, --quiet               print errors only, no warnings\n"
    "  --max-input-size SIZE     refuse inputs larger than SIZE (bytes, or 16M, 512K…;\n"
    "                            default 16M)\n"
    "  --diagnostics text|json   messages as text (default) or one JSON object a line\n"
    "\n"
    "exit status: 0 read, 1 bad input or standard output not written, 2 bad usage\n";

const char cli_usage_fonts[] =
    "usage: gongwen fonts\n"
    "\n"
    "Shows, for each role (小标宋, 仿宋, 黑体, 楷体, 宋体, Latin), the faces in fallback order:\n"
    "full name, weight, file, face index, whether it is a free stand-in for the real office\n"
    "font, and how a document embeds it (its licence, OS/2 fsType, decides). Install the real\n"
    "fonts (e.g. 仿宋_GB2312, 方正小标宋简体) and they are used with no flag.\n"
    "\n"
    "exit status: 0 shown, 1 no usable font for a role or standard output not written,\n"
    "2 bad usage\n";

enum { OPT_MAX_INPUT = 256, OPT_DIAGNOSTICS };

int cli_dump(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { "max-input-size", required_argument, NULL, OPT_MAX_INPUT },
        { "diagnostics", required_argument, NULL, OPT_DIAGNOSTICS },
        { NULL, 0, NULL, 0 },
    };
    cli_diag_style style = { 0 };
    size_t max = 0;
    int c;
    while ((c = cli_getopt(argc, argv, "dump", "qh", longopts)) != -1) {
        switch (c) {
        case 'q':
            style.quiet = true;
            break;
        case 'h':
            fputs(cli_usage_dump, stdout);
            return cli_finish_stdout(CLI_OK);
        case OPT_MAX_INPUT:
            if (!cli_parse_size(optarg, &max))
                return cli_usage("dump", "--max-input-size takes a size such as 16M, not '%s'",
                                 optarg);
            break;
        case OPT_DIAGNOSTICS:
            if (!cli_parse_diagnostics("dump", optarg, &style))
                return CLI_USAGE;
            break;
        default:
            return CLI_USAGE;
        }
    }
    if (optind >= argc)
        return cli_usage("dump", "no input file");
    if (optind + 1 < argc)
        return cli_usage("dump", "more than one input file ('%s')", argv[optind + 1]);
    const char *in = argv[optind];
    gongwen_options *opt = gongwen_options_new();
    gongwen_diagnostics *d = cli_diags_new();
    char *json = NULL;
    gongwen_status s = !opt ? GONGWEN_ERROR_NO_MEMORY
                            : gongwen_options_set_max_input_size(opt, max);
    if (s == GONGWEN_OK)
        s = gongwen_read_file_json(in, opt, &json, d);
    cli_print_diags(d, &style);
    gongwen_diagnostics_free(d);
    gongwen_options_free(opt);
    if (s != GONGWEN_OK)
        return CLI_INPUT;
    fputs(json, stdout);
    gongwen_free(json);
    return cli_finish_stdout(CLI_OK);
}

int cli_fonts(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c;
    while ((c = cli_getopt(argc, argv, "fonts", "h", longopts)) != -1) {
        if (c != 'h')
            return CLI_USAGE;
        fputs(cli_usage_fonts, stdout);
        return cli_finish_stdout(CLI_OK);
    }
    if (optind < argc)
        return cli_usage("fonts", "unexpected argument '%s'", argv[optind]);
    gongwen_diagnostics *d = cli_diags_new();
    gongwen_engine *e = NULL;
    char *text = NULL;
    gongwen_status s = gongwen_engine_new(NULL, &e, d);
    if (s == GONGWEN_OK)
        s = gongwen_engine_fonts(e, 0, &text);
    gongwen_diagnostics_print(d, stderr, GONGWEN_WARNING, 0);
    gongwen_diagnostics_free(d);
    gongwen_engine_free(e);
    if (s != GONGWEN_OK) {
        if (s == GONGWEN_ERROR_NO_MEMORY)
            fputs("gongwen fonts: out of memory\n", stderr);
        return CLI_INPUT;
    }
    fputs(text, stdout);
    gongwen_free(text);
    return cli_finish_stdout(CLI_OK);
}
