/* cmd_check.c: `gongwen check FILE…`: lints the text of each document (gw_check) and prints
 * every finding, the reader's repairs and normalisations with them, in the order of the text:
 * `file:line:col: error|warning: message [rule-id]`, or one JSON object a line. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "gongwen.h"
#include "base/gw_util.h"
#include "check/gw_check.h"

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
    "repair and normalisation the reader makes. Each finding:\n"
    "  file:line:col: error|warning: message [rule-id]\n"
    "An error is something the printed document would get wrong; a warning, something gongwen\n"
    "repairs as it reads (the source still differs from the standard). README.md, \"Checking\n"
    "the text\", lists every rule with a wrong and a right example.\n"
    "\n"
    "options:\n"
    "  --diagnostics FORM   text (default) or json: one object a line with file, line, column,\n"
    "                       severity, rule and message\n"
    "  -q, --quiet          print errors only\n"
    "\n"
    "exit status: 0 no error (warnings allowed), 1 an error in some file, 2 bad usage\n";

static int cmp_pos(const void *a, const void *b)
{
    const gw_diag *x = a, *y = b;
    if (x->line != y->line)
        return x->line - y->line;
    return x->col - y->col;
}

/* Stable sort by position (insertion sort: a file has few findings). */
static void sort_by_position(gw_diags *d)
{
    for (size_t i = 1; i < d->n; i++) {
        gw_diag t = d->items[i];
        size_t j = i;
        while (j > 0 && cmp_pos(&d->items[j - 1], &t) > 0) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = t;
    }
}

static void print_text(const gw_diags *d, gw_severity min)
{
    for (size_t i = 0; i < d->n; i++) {
        const gw_diag *g = &d->items[i];
        if (g->severity < min)
            continue;
        const char *file = g->file ? g->file : d->file;
        if (g->line > 0 && g->col > 0)
            printf("%s:%d:%d: ", file, g->line, g->col);
        else if (g->line > 0)
            printf("%s:%d: ", file, g->line);
        else
            printf("%s: ", file);
        printf("%s: %s [%s]\n", gw_severity_name(g->severity), g->message, g->rule ? g->rule : "other");
    }
}

int gw_cmd_check(int argc, char **argv)
{
    enum { OPT_DIAG = 256 };
    static const struct option longs[] = {
        { "diagnostics", required_argument, NULL, OPT_DIAG },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bool json = false, quiet = false;
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "qh", longs, NULL)) != -1) {
        switch (c) {
        case 'q': quiet = true; break;
        case 'h': fputs(gw_usage_check, stdout); return 0;
        case OPT_DIAG:
            if (!strcmp(optarg, "json"))
                json = true;
            else if (strcmp(optarg, "text"))
                return gw_cli_usage_error("check: --diagnostics is text or json, not %s", optarg);
            break;
        default:
            return gw_cli_usage_error("check: unknown or incomplete option %s", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return gw_cli_usage_error("check: %s", "no input file");
    int rc = 0;
    for (int i = optind; i < argc; i++) {
        const char *path = argv[i];
        gw_diags d;
        gw_diags_init(&d, strcmp(path, "-") == 0 ? "<stdin>" : path);
        gw_source src;
        if (gw_source_read(path, &src, &d)) {
            /* the reader reads the same text: the file again, or standard input's lines */
            gw_document *doc;
            if (strcmp(path, "-") == 0) {
                gw_buf all;
                gw_buf_init(&all);
                for (size_t l = 0; l < src.n_lines; l++) {
                    gw_buf_puts(&all, src.lines[l]);
                    gw_buf_putc(&all, '\n');
                }
                doc = gw_read_buffer(all.data, all.len, "<stdin>", &d);
                gw_buf_free(&all);
            } else {
                doc = gw_read_file(path, &d);
            }
            gw_check(&src, doc, &d);
            gw_document_free(doc);
            gw_source_free(&src);
        }
        sort_by_position(&d);
        if (json)
            gw_diags_print_json(&d, stdout, quiet ? GW_ERROR : GW_NOTE);
        else
            print_text(&d, quiet ? GW_ERROR : GW_NOTE);
        if (gw_diags_has_error(&d))
            rc = 1;
        gw_diags_free(&d);
    }
    fflush(stdout);
    return rc;
}
