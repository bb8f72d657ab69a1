/* cli.c: the helpers of cli.h. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

gongwen_severity cli_min_severity(const cli_diag_style *style)
{
    return style->quiet ? GONGWEN_ERROR : GONGWEN_NOTE;
}

void cli_print_diags(const gongwen_diagnostics *d, const cli_diag_style *style)
{
    gongwen_diagnostics_print(d, stderr, cli_min_severity(style),
                              style->json ? GONGWEN_PRINT_JSON : 0);
}

static _Noreturn void out_of_memory(void)
{
    fputs("gongwen: out of memory\n", stderr);
    exit(CLI_INPUT);
}

gongwen_diagnostics *cli_diags_new(void)
{
    gongwen_diagnostics *d = gongwen_diagnostics_new();
    if (!d)
        out_of_memory();
    return d;
}

void cli_diag(gongwen_diagnostics *d, const char *rule, const char *file, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char msg[1024];
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (gongwen_diagnostics_add(d, GONGWEN_ERROR, rule, file, 0, 0, msg) == GONGWEN_ERROR_NO_MEMORY)
        out_of_memory();
}

void *cli_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

void *cli_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory();
    return q;
}

char *cli_strndup(const char *s, size_t n)
{
    char *p = cli_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cli_strdup(const char *s)
{
    return s ? cli_strndup(s, strlen(s)) : NULL;
}

char *cli_asprintf(const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    char *p = cli_xmalloc(n > 0 ? (size_t)n + 1 : 1);
    vsnprintf(p, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
    va_end(ap);
    return p;
}

bool cli_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *cli_with_extension(const char *path, const char *ext)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    size_t stem = dot && dot > base ? (size_t)(dot - path) : strlen(path);
    return cli_asprintf("%.*s%s", (int)stem, path, ext);
}

int cli_mkdirs(const char *path)
{
    char *p = cli_strdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                free(p);
                return -1;
            }
            *s = '/';
        }
    }
    int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
    free(p);
    return rc;
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
