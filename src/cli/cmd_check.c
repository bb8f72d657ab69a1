/* cmd_check.c: `gongwen check FILE…`: lints the text of each document (gw_check) and prints
 * every finding, the reader's repairs and normalisations with them, in the order of the text:
 * `file:line:col: error|warning: message [rule-id]`, or one JSON object a line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cmd.h"

const char gw_usage_check[] =
    "usage: gongwen check FILE... [--diagnostics text|json] [-q]\n"
    "\n"
    "Lints the 公文 text of each FILE (\"-\" = standard input) without laying it out:\n"
    "发文字号 (〔〕, four-digit year, no leading zeros, no 第), dates (valid, complete, no leading\n"
    "zeros, 成文日期 not after 印发日期), half-width punctuation in Chinese text, heading\n"
    "numbering (一、 二、 … without gaps or repeats, levels not skipped, the right marker per\n"
    "level, 一、 and （一） not mixed up), the title (no end punctuation, 书名号 and quotation\n"
    "marks in pairs), the 附件说明 (no trailing punctuation, numbered 1. 2. …, matching the\n"
    "attachments), 抄送 ending in 。, 主送 ending in ：, the 署名 and 成文日期 present; and every\n"
    "repair and normalisation the reader makes. Each finding, on standard output:\n"
    "  file:line:col: error|warning|note: message [rule-id]\n"
    "An error is something the printed document would get wrong; a warning, something gongwen\n"
    "repairs as it reads (the source still differs from the standard). README.md, \"Checking\n"
    "the text\", lists every rule with a wrong and a right example.\n"
    "\n"
    "options:\n"
    "  --diagnostics FORM   text (default) or json: one object a line with file, line, column,\n"
    "                       severity, rule and message\n"
    "  -q, --quiet          print errors only\n"
    "\n"
    "exit status: 0 no error (warnings allowed), 1 an error in some file or standard output\n"
    "not written, 2 bad usage\n";

int gw_cmd_check(int argc, char **argv)
{
    enum { OPT_DIAG = 256 };
    static const struct option longs[] = {
        { "diagnostics", required_argument, NULL, OPT_DIAG },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    cli_diag_style style = { 0 };
    int c;
    while ((c = cli_getopt(argc, argv, "check", "qh", longs)) != -1) {
        switch (c) {
        case 'q':
            style.quiet = true;
            break;
        case 'h':
            fputs(gw_usage_check, stdout);
            return cli_finish_stdout(CLI_OK);
        case OPT_DIAG:
            if (!cli_parse_diagnostics("check", optarg, &style))
                return CLI_USAGE;
            break;
        default:
            return CLI_USAGE;
        }
    }
    if (optind >= argc)
        return cli_usage("check", "no input file");
    int rc = CLI_OK;
    gongwen_diagnostics *d = cli_diags_new();
    for (int i = optind; i < argc; i++) {
        /* every finding, the reader's repairs with them, in the order of the text */
        gongwen_check_file(argv[i], NULL, d);
        gongwen_diagnostics_sort(d);
        gongwen_diagnostics_print(d, stdout, style.quiet ? GONGWEN_ERROR : GONGWEN_NOTE,
                                  style.json ? GONGWEN_PRINT_JSON : GONGWEN_PRINT_RULE);
        if (gongwen_diagnostics_count_severity(d, GONGWEN_ERROR))
            rc = CLI_INPUT;
        gongwen_diagnostics_clear(d);
    }
    gongwen_diagnostics_free(d);
    return cli_finish_stdout(rc); /* findings that were not written are an error too */
}
