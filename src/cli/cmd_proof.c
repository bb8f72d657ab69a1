/* cmd_proof.c: `gongwen proof FILE|DIR… -o OUT`: for each document, its pages rasterised by
 * gongwen (PNG, with the 版心, the grid and the element boxes drawn over them), its layout
 * record, its GB/T 9704 conformance report, its comparison with the reference record beside
 * it (NAME.layout.json), and OUT/index.html with every page's thumbnail and every summary.
 * `--update-references` writes the reference records instead. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "cmd.h"

const char gw_usage_proof[] =
    "usage: gongwen proof FILE|DIR... -o OUT [--dpi N] [--layout FILE|DIR] [--standard FILE|DIR]\n"
    "                     [--reference FILE] [--no-overlay] [--diagnostics text|json] [-q]\n"
    "       gongwen proof --update-references FILE|DIR...\n"
    "\n"
    "Lays out each document (a folder is searched recursively for *.txt) and proofs it:\n"
    "  OUT/NAME/page-N.png   every page rasterised by gongwen (FreeType, the glyphs the PDF\n"
    "                        embeds) with the 版心 frame, the 22 x 28 grid and the box and name\n"
    "                        of every element drawn over it\n"
    "  OUT/NAME/layout.json  the layout record: every element's box in mm, font, size, colour\n"
    "  OUT/NAME/report.txt   the GB/T 9704 conformance report (also report.html): every rule\n"
    "                        that applies, PASS or FAIL, measured, required, tolerance\n"
    "  OUT/NAME/reference.txt  the comparison with the reference record, when there is one\n"
    "  OUT/index.html        thumbnails of every page and the summary of every document\n"
    "The rules are measured against the project's statement of the standard (the layouts/\n"
    "folder of the data folder: the file of the document's 版式, gbt9704.ini, letter.ini,\n"
    "order.ini or minutes.ini; or --standard FILE|DIR), whatever --layout the document was\n"
    "laid out with: a changed layout shows as a failed rule.\n"
    "\n"
    "When NAME.layout.json lies beside NAME.txt (the examples' reference records), the layout\n"
    "is compared with it at 0.1 mm and every element that moved is named, with the page and\n"
    "the distance. After an intended change, regenerate the references with\n"
    "  gongwen proof --update-references examples/\n"
    "and review their diff (one element a line).\n"
    "\n"
    "One line per document on standard output: PASS or FAIL and the rules that failed.\n"
    "\n"
    "options:\n"
    "  -o, --output OUT       folder to write the proofs into (created if missing)\n"
    "  --dpi N                resolution of the page pictures (10 to 1200; default 100)\n"
    "  --layout FILE|DIR      lay out with these rules instead of layouts/ (a folder: each\n"
    "                         版式 by its file there; a file: for every document)\n"
    "  --standard FILE|DIR    measure against these rules (default layouts/, by 版式)\n"
    "  --reference FILE       compare with this layout record (one input only)\n"
    "  --no-overlay           the pages as printed, without frame, grid and boxes\n"
    "  --update-references    write each document's record to NAME.layout.json beside it\n"
    "  --diagnostics FORM     messages as text (default) or json (one object a line)\n"
    "  -q, --quiet            print errors only, no warnings\n"
    "\n"
    "exit status: 0 every rule passed and every reference matched, 1 a rule failed, a\n"
    "reference differs or an input is bad, 2 bad usage\n";

#define REFERENCE_TOL_MM 0.1

typedef struct {
    char *path;
    char *rel; /* path relative to the folder it was found in, without .txt */
} input;

typedef struct {
    input *items;
    size_t n;
} inputs;

typedef struct {
    char *rel;
    size_t pages;
    size_t rules, failed;
    int ref_diffs; /* -1: no reference */
    bool error;
    char *summary;
} doc_result;

typedef struct {
    const char *out;
    double dpi;
    bool overlay, update, json, quiet;
    const char *reference;
    gongwen_proofer *proofer;
} proof_opts;

static void add_input(inputs *in, const char *path, const char *rel)
{
    in->items = cli_xrealloc(in->items, (in->n + 1) * sizeof *in->items);
    size_t n = strlen(rel);
    in->items[in->n++] = (input){ cli_strdup(path), cli_strndup(rel, n >= 4 && !strcasecmp(rel + n - 4, ".txt") ? n - 4 : n) };
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder on the way down: a symlink back up to one is a loop, not more folders. */
typedef struct dir_id {
    dev_t dev;
    ino_t ino;
    const struct dir_id *up;
} dir_id;

/* The *.txt (any case) of a folder and its subfolders, sorted by name; an entry that cannot
 * be read (a dangling link, a loop, an unreadable folder) is an error, counted in *errors. */
static void scan_dir(inputs *in, const char *dir, const char *rel_prefix, const dir_id *up,
                     size_t *errors)
{
    struct stat dst;
    DIR *d = stat(dir, &dst) == 0 ? opendir(dir) : NULL;
    if (!d) {
        fprintf(stderr, "gongwen: error: cannot read the folder %s: %s\n", dir, strerror(errno));
        ++*errors;
        return;
    }
    for (const dir_id *a = up; a; a = a->up)
        if (a->dev == dst.st_dev && a->ino == dst.st_ino) {
            fprintf(stderr, "gongwen: error: %s: a folder loop (it leads back to a folder above "
                            "it)\n", dir);
            ++*errors;
            closedir(d);
            return;
        }
    dir_id here = { dst.st_dev, dst.st_ino, up };
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        names = cli_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = cli_strdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *path = cli_asprintf("%s/%s", dir, names[i]);
        char *rel = *rel_prefix ? cli_asprintf("%s/%s", rel_prefix, names[i]) : cli_strdup(names[i]);
        size_t len = strlen(names[i]);
        bool txt = len >= 4 && strcasecmp(names[i] + len - 4, ".txt") == 0;
        struct stat st;
        if (stat(path, &st) != 0) {
            fprintf(stderr, "gongwen: error: cannot read %s: %s\n", path, strerror(errno));
            ++*errors;
        } else if (S_ISDIR(st.st_mode)) {
            scan_dir(in, path, rel, &here, errors);
        } else if (txt && S_ISREG(st.st_mode)) {
            add_input(in, path, rel);
        } else if (txt) {
            fprintf(stderr, "gongwen: error: %s is not a regular file\n", path);
            ++*errors;
        }
        free(path);
        free(rel);
        free(names[i]);
    }
    free(names);
}

static int write_out(const char *path, const void *data, size_t len, gongwen_diagnostics *d)
{
    return gongwen_write_file(path, data, len, d) == GONGWEN_OK ? 0 : -1;
}

static void print_diags(const gongwen_diagnostics *d, const proof_opts *o)
{
    gongwen_diagnostics_print(d, stderr, o->quiet ? GONGWEN_ERROR : GONGWEN_NOTE,
                              o->json ? GONGWEN_PRINT_JSON : 0);
}

/* The pictures of every page: page-N.png and thumb-N.png. */
static int write_pages(const proof_opts *o, gongwen_proof *p, const char *dir,
                       gongwen_diagnostics *d)
{
    for (size_t i = 0; i < gongwen_proof_pages(p); i++) {
        for (int thumb = 0; thumb < 2; thumb++) {
            unsigned char *png = NULL;
            size_t len = 0;
            if (gongwen_proof_page_png(p, i, o->dpi, o->overlay, thumb ? 180 : 0, &png, &len, d) !=
                GONGWEN_OK)
                return -1;
            char *path = cli_asprintf("%s/%s-%zu.png", dir, thumb ? "thumb" : "page", i + 1);
            int rc = write_out(path, png, len, d);
            free(path);
            gongwen_free(png);
            if (rc != 0)
                return -1;
        }
    }
    return 0;
}

/* Compares with the reference record; the note says what moved (or that nothing did). */
static int compare_reference(gongwen_proof *p, const char *ref_path, char **note,
                             gongwen_diagnostics *d)
{
    unsigned char *ref = NULL;
    size_t len = 0;
    if (gongwen_read_file(ref_path, SIZE_MAX - 1, &ref, &len, NULL) != GONGWEN_OK) {
        cli_diag(d, "proof-reference", NULL, "cannot read the reference %s: %s", ref_path,
                 strerror(errno ? errno : ENOENT));
        return -1;
    }
    int n = 0;
    char *diff = NULL;
    gongwen_status s = gongwen_proof_compare(p, ref, len, REFERENCE_TOL_MM, &n, &diff, d);
    gongwen_free(ref);
    if (s != GONGWEN_OK)
        return -1;
    if (n == 0)
        *note = cli_asprintf("same as %s (within %.1f mm)\n", ref_path, REFERENCE_TOL_MM);
    else
        *note = cli_asprintf("%d difference%s from %s (tolerance %.1f mm):\n%s", n,
                             n == 1 ? "" : "s", ref_path, REFERENCE_TOL_MM, diff);
    gongwen_free(diff);
    return n;
}

/* "summary\nFAIL …\nFAIL …" → "summary\n  FAIL …\n  FAIL …" (takes s over). */
static char *indent_failures(char *s)
{
    size_t lines = 0;
    for (const char *c = s; *c; c++)
        lines += *c == '\n';
    char *out = cli_xmalloc(strlen(s) + 2 * lines + 1), *w = out;
    for (const char *c = s; *c; c++) {
        *w++ = *c;
        if (*c == '\n') {
            *w++ = ' ';
            *w++ = ' ';
        }
    }
    *w = '\0';
    free(s);
    return out;
}

static char *reference_path_of(const input *in)
{
    return cli_with_extension(in->path, ".layout.json");
}

/* The text `which` of a proof (a copy of the command's). */
static char *proof_text(const gongwen_proof *p, int which)
{
    char *t = NULL;
    if (gongwen_proof_text(p, which, &t) != GONGWEN_OK) {
        fputs("gongwen proof: out of memory\n", stderr);
        exit(1);
    }
    char *copy = cli_strdup(t);
    gongwen_free(t);
    return copy;
}

static void proof_one(const proof_opts *o, const input *in, doc_result *res)
{
    res->rel = cli_strdup(in->rel);
    res->ref_diffs = -1;
    gongwen_diagnostics *d = cli_diags_new();
    gongwen_proof *p = NULL;
    if (gongwen_proof_file(o->proofer, in->path, NULL, &p, d) != GONGWEN_OK) {
        res->error = true;
        res->summary = cli_asprintf("%s: ERROR (cannot be laid out; see the messages)", in->path);
        goto done;
    }
    res->pages = gongwen_proof_pages(p);
    res->rules = gongwen_proof_rules(p);
    res->failed = gongwen_proof_failed(p);
    char *record = proof_text(p, GONGWEN_PROOF_RECORD);
    char *ref_path = o->reference ? cli_strdup(o->reference) : reference_path_of(in);
    if (o->update) {
        if (write_out(ref_path, record, strlen(record), d) != 0)
            res->error = true;
        res->summary = cli_asprintf("%s: wrote %s", in->path, ref_path);
        free(record);
        free(ref_path);
        goto done;
    }
    char *note = NULL;
    struct stat st;
    if (o->reference || stat(ref_path, &st) == 0) {
        res->ref_diffs = compare_reference(p, ref_path, &note, d);
        if (res->ref_diffs < 0)
            res->error = true;
    }
    free(ref_path);
    char *dir = cli_asprintf("%s/%s", o->out, in->rel);
    if (cli_mkdirs(dir) != 0) {
        cli_diag(d, "output-write", NULL, "cannot create %s: %s", dir, strerror(errno));
        res->error = true;
    } else {
        char *report = proof_text(p, GONGWEN_PROOF_REPORT);
        char *html = proof_text(p, GONGWEN_PROOF_REPORT_HTML);
        char *f1 = cli_asprintf("%s/layout.json", dir), *f2 = cli_asprintf("%s/report.txt", dir),
             *f3 = cli_asprintf("%s/report.html", dir), *f4 = cli_asprintf("%s/reference.txt", dir);
        if (write_out(f1, record, strlen(record), d) || write_out(f2, report, strlen(report), d) ||
            write_out(f3, html, strlen(html), d) ||
            (note && write_out(f4, note, strlen(note), d)) || write_pages(o, p, dir, d))
            res->error = true;
        free(f1), free(f2), free(f3), free(f4);
        free(report);
        free(html);
    }
    free(dir);
    free(record);
    char *summary = proof_text(p, GONGWEN_PROOF_SUMMARY);
    if (res->ref_diffs > 0)
        res->summary = cli_asprintf("%s; reference: %d difference%s\n%.*s", summary,
                                    res->ref_diffs, res->ref_diffs == 1 ? "" : "s",
                                    (int)strlen(note) - 1, note);
    else if (res->ref_diffs == 0)
        res->summary = cli_asprintf("%s; reference: same", summary);
    else
        res->summary = cli_strdup(summary);
    free(summary);
    /* the failed rules, one a line, so that a log names them */
    char *fails = proof_text(p, GONGWEN_PROOF_FAILURES);
    if (*fails) {
        char *s = cli_asprintf("%s\n%s", res->summary, fails);
        /* each failure indented under the summary */
        size_t n = strlen(s);
        if (n && s[n - 1] == '\n')
            s[n - 1] = '\0';
        free(res->summary);
        res->summary = indent_failures(s);
    }
    free(fails);
    free(note);
done:
    if (gongwen_diagnostics_count(d))
        print_diags(d, o);
    if (gongwen_diagnostics_count_severity(d, GONGWEN_ERROR))
        res->error = true;
    gongwen_diagnostics_free(d);
    gongwen_proof_free(p);
}

/* OUT/index.html */
static int write_index(const proof_opts *o, const doc_result *rs, size_t n,
                       gongwen_diagnostics *d)
{
    gongwen_proof_index *x = gongwen_proof_index_new(gongwen_proofer_standard(o->proofer));
    char *html = NULL;
    bool ok = x != NULL;
    for (size_t i = 0; ok && i < n; i++)
        ok = gongwen_proof_index_add(x, rs[i].rel, rs[i].pages, rs[i].rules, rs[i].failed,
                                     rs[i].ref_diffs, rs[i].error, rs[i].summary) == GONGWEN_OK;
    ok = ok && gongwen_proof_index_html(x, &html) == GONGWEN_OK;
    gongwen_proof_index_free(x);
    if (!ok) {
        cli_diag(d, "out-of-memory", NULL, "out of memory: index.html not written");
        return -1;
    }
    char *path = cli_asprintf("%s/index.html", o->out);
    int rc = write_out(path, html, strlen(html), d);
    free(path);
    gongwen_free(html);
    return rc;
}

int gw_cmd_proof(int argc, char **argv)
{
    enum { OPT_DPI = 256, OPT_LAYOUT, OPT_STANDARD, OPT_REFERENCE, OPT_NO_OVERLAY, OPT_UPDATE,
           OPT_DIAG };
    static const struct option longs[] = {
        { "output", required_argument, NULL, 'o' },
        { "dpi", required_argument, NULL, OPT_DPI },
        { "layout", required_argument, NULL, OPT_LAYOUT },
        { "standard", required_argument, NULL, OPT_STANDARD },
        { "reference", required_argument, NULL, OPT_REFERENCE },
        { "no-overlay", no_argument, NULL, OPT_NO_OVERLAY },
        { "update-references", no_argument, NULL, OPT_UPDATE },
        { "diagnostics", required_argument, NULL, OPT_DIAG },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    proof_opts o = { .dpi = 100, .overlay = true };
    const char *layout = NULL, *standard = NULL;
    cli_diag_style style = { 0 };
    int c;
    while ((c = cli_getopt(argc, argv, "proof", "o:qh", longs)) != -1) {
        switch (c) {
        case 'o': o.out = optarg; break;
        case 'q': o.quiet = true; break;
        case 'h': fputs(gw_usage_proof, stdout); return cli_finish_stdout(CLI_OK);
        case OPT_DPI: {
            char *end;
            o.dpi = strtod(optarg, &end);
            if (*end || !(o.dpi >= 10 && o.dpi <= 1200))
                return cli_usage("proof", "--dpi needs a number from 10 to 1200, not '%s'", optarg);
            break;
        }
        case OPT_LAYOUT: layout = optarg; break;
        case OPT_STANDARD: standard = optarg; break;
        case OPT_REFERENCE: o.reference = optarg; break;
        case OPT_NO_OVERLAY: o.overlay = false; break;
        case OPT_UPDATE: o.update = true; break;
        case OPT_DIAG:
            if (!cli_parse_diagnostics("proof", optarg, &style))
                return CLI_USAGE;
            o.json = style.json;
            break;
        default:
            return CLI_USAGE;
        }
    }
    if (optind >= argc)
        return cli_usage("proof", "no input file or folder");
    if (!o.out && !o.update)
        return cli_usage("proof", "-o OUT is needed (the folder for the proofs)");
    inputs in = { 0 };
    size_t scan_errors = 0;
    for (int i = optind; i < argc; i++) {
        if (cli_is_dir(argv[i])) {
            char *dir = cli_strdup(argv[i]); /* `examples/` names its files examples/NAME.txt */
            for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
                dir[n - 1] = '\0';
            scan_dir(&in, dir, "", NULL, &scan_errors);
            free(dir);
        } else {
            const char *base = strrchr(argv[i], '/');
            add_input(&in, argv[i], base ? base + 1 : argv[i]);
        }
    }
    int rc = scan_errors ? CLI_INPUT : CLI_OK;
    if (o.reference && in.n != 1) {
        rc = cli_usage("proof", "--reference compares one document");
        goto out;
    }
    gongwen_diagnostics *setup = cli_diags_new();
    gongwen_engine_options *eo = gongwen_engine_options_new();
    gongwen_engine *engine = NULL;
    if (eo) {
        gongwen_engine_options_set_layout(eo, layout);
        gongwen_engine_options_set_font_threads(eo, 1);
    }
    if (eo && gongwen_engine_new(eo, &engine, setup) == GONGWEN_OK)
        gongwen_proofer_new(engine, standard, &o.proofer, setup);
    gongwen_engine_options_free(eo);
    print_diags(setup, &o);
    gongwen_diagnostics_free(setup);
    if (!o.proofer) {
        rc = 1;
    } else if (!o.update && (cli_mkdirs(o.out) != 0 || !cli_is_dir(o.out))) {
        fprintf(stderr, "gongwen: error: cannot create the folder %s: %s\n", o.out,
                strerror(cli_is_dir(o.out) ? errno : ENOTDIR));
        rc = 1;
    } else {
        doc_result *rs = calloc(in.n + 1, sizeof *rs);
        if (!rs) {
            fputs("gongwen proof: out of memory\n", stderr);
            exit(1);
        }
        for (size_t i = 0; i < in.n; i++) {
            proof_one(&o, &in.items[i], &rs[i]);
            printf("%s\n", rs[i].summary ? rs[i].summary : "");
            if (rs[i].error || rs[i].failed || rs[i].ref_diffs > 0)
                rc = 1;
        }
        fflush(stdout);
        if (!o.update) {
            gongwen_diagnostics *d = cli_diags_new();
            if (write_index(&o, rs, in.n, d) != 0)
                rc = 1;
            print_diags(d, &o);
            gongwen_diagnostics_free(d);
        }
        for (size_t i = 0; i < in.n; i++) {
            free(rs[i].rel);
            free(rs[i].summary);
        }
        free(rs);
    }
    gongwen_proofer_free(o.proofer);
    gongwen_engine_free(engine);
out:
    for (size_t i = 0; i < in.n; i++) {
        free(in.items[i].path);
        free(in.items[i].rel);
    }
    free(in.items);
    return cli_finish_stdout(rc); /* summaries that were not written are an error too */
}
