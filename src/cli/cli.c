/* cli.c: the helpers of cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_usage(const char *cmd, const char *fmt, ...)
{
    fprintf(stderr, "gongwen%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd)
        fprintf(stderr, "\nTry 'gongwen help %s'.\n", cmd);
    else
        fprintf(stderr, "\nTry 'gongwen --help'.\n");
    return CLI_USAGE;
}

void cli_getopt_reset(void)
{
    optind = 0; /* glibc: 0 also resets its internal state (a new argv) */
    opterr = 0;
}

/* Edit distance of a and b (short option names: a small table is enough). */
static size_t distance(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    if (n > 64 || m > 64)
        return 99;
    size_t row[65];
    for (size_t j = 0; j <= m; j++)
        row[j] = j;
    for (size_t i = 1; i <= n; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= m; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[m];
}

static const char *closest(const char *bad, const struct option *longopts)
{
    const char *best = NULL;
    size_t best_d = 3; /* at most 2 edits away */
    for (const struct option *o = longopts; o->name; o++) {
        size_t d = distance(bad, o->name);
        if (d < best_d || (strncmp(o->name, bad, strlen(bad)) == 0 && !best)) {
            best_d = d < best_d ? d : best_d;
            best = o->name;
        }
    }
    return best;
}

int cli_getopt(int argc, char **argv, const char *cmd, const char *shortopts,
               const struct option *longopts)
{
    char spec[64];
    snprintf(spec, sizeof spec, ":%s", shortopts); /* ':' first: a missing argument gives ':' */
    int prev = optind ? optind : 1;
    int c = getopt_long(argc, argv, spec, longopts, NULL);
    if (c != '?' && c != ':')
        return c;
    const char *arg = optind - 1 >= 1 && optind - 1 < argc ? argv[optind - 1] : "";
    if (prev < argc && optind == prev) /* bundled short options: still on the same word */
        arg = argv[prev];
    if (c == ':') {
        if (optopt)
            cli_usage(cmd, "option '-%c' needs a value", optopt);
        else
            cli_usage(cmd, "option '%s' needs a value", arg);
        return '?';
    }
    if (optopt && strncmp(arg, "--", 2) != 0) {
        cli_usage(cmd, "unknown option '-%c'", optopt);
        return '?';
    }
    if (strncmp(arg, "--", 2) == 0) {
        char name[128];
        snprintf(name, sizeof name, "%s", arg + 2);
        char *eq = strchr(name, '=');
        if (eq)
            *eq = '\0';
        /* an option that takes no value given one (`--quiet=yes`) is not unknown */
        for (const struct option *o = longopts; o->name; o++)
            if (strcmp(o->name, name) == 0 && eq) {
                cli_usage(cmd, "option '--%s' takes no value", name);
                return '?';
            }
        int matches = 0;
        for (const struct option *o = longopts; o->name; o++)
            matches += strncmp(o->name, name, strlen(name)) == 0;
        if (matches > 1) {
            cli_usage(cmd, "option '--%s' is ambiguous", name);
            return '?';
        }
        const char *hint = closest(name, longopts);
        if (hint)
            cli_usage(cmd, "unknown option '--%s'; did you mean '--%s'?", name, hint);
        else
            cli_usage(cmd, "unknown option '--%s'", name);
        return '?';
    }
    cli_usage(cmd, "unknown option '%s'", arg);
    return '?';
}

bool cli_parse_diagnostics(const char *cmd, const char *arg, cli_diag_style *style)
{
    if (strcmp(arg, "text") == 0)
        style->json = false;
    else if (strcmp(arg, "json") == 0)
        style->json = true;
    else {
        cli_usage(cmd, "--diagnostics takes 'text' or 'json', not '%s'", arg);
        return false;
    }
    return true;
}

bool cli_parse_size(const char *s, size_t *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *s == '-')
        return false;
    unsigned shift = 0;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (shift && (strcmp(end, "B") == 0 || strcmp(end, "iB") == 0))
        end += strlen(end);
    if (*end || v == 0 || v > (~0ULL >> shift))
        return false;
    *out = (size_t)(v << shift);
    return true;
}

void cli_print_diags(const gw_diags *d, const cli_diag_style *style)
{
    gw_severity min = style->quiet ? GW_ERROR : GW_NOTE;
    if (style->json)
        gw_diags_print_json(d, stderr, min);
    else
        gw_diags_print(d, stderr, min);
}

int cli_finish_stdout(int rc)
{
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int e = errno ? errno : EIO;
        fprintf(stderr, "gongwen: cannot write to standard output: %s\n", strerror(e));
        return CLI_INPUT;
    }
    return rc;
}
