/* cmd_proof.c: `gongwen proof FILE|DIR… -o OUT`: for each document, its pages rasterised by
 * gongwen (PNG, with the 版心, the grid and the element boxes drawn over them), its layout
 * record, its GB/T 9704 conformance report, its comparison with the reference record beside
 * it (NAME.layout.json), and OUT/index.html with every page's thumbnail and every summary.
 * `--update-references` writes the reference records instead. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "gongwen.h"
#include "base/gw_output.h"
#include "base/gw_util.h"
#include "proof/gw_proof.h"

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
    "  --dpi N                resolution of the page pictures (default 100)\n"
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
    gw_engine *engine;
    gw_layout_spec std[4];  /* the standard's numbers for each 版式 (gw_format) */
    const char *std_path;
    gw_proof_raster *raster;
} proof_opts;

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void add_input(inputs *in, const char *path, const char *rel)
{
    in->items = gw_xrealloc(in->items, (in->n + 1) * sizeof *in->items);
    size_t n = strlen(rel);
    in->items[in->n++] = (input){ gw_strdup(path), gw_strndup(rel, ends_with(rel, ".txt") ? n - 4 : n) };
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void scan_dir(inputs *in, const char *dir, const char *rel_prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        names = gw_xrealloc(names, (n + 1) * sizeof *names);
        names[n++] = gw_strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n; i++) {
        char *path = gw_asprintf("%s/%s", dir, names[i]);
        char *rel = *rel_prefix ? gw_asprintf("%s/%s", rel_prefix, names[i]) : gw_strdup(names[i]);
        struct stat st;
        if (stat(path, &st) == 0) {
            if (S_ISDIR(st.st_mode))
                scan_dir(in, path, rel);
            else if (S_ISREG(st.st_mode) && ends_with(names[i], ".txt"))
                add_input(in, path, rel);
        }
        free(path);
        free(rel);
        free(names[i]);
    }
    free(names);
}

static int mkdirs(const char *path)
{
    char *p = gw_strdup(path);
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

static int write_out(const char *path, const void *data, size_t len, gw_diags *diags)
{
    if (gw_write_output(path, data, len) != 0) {
        gw_diags_add(diags, GW_ERROR, "output-write", 0, 0, "cannot write %s: %s", path,
                     strerror(errno));
        return -1;
    }
    return 0;
}

static void print_diags(const gw_diags *d, const proof_opts *o)
{
    gw_severity min = o->quiet ? GW_ERROR : GW_NOTE;
    if (o->json)
        gw_diags_print_json(d, stderr, min);
    else
        gw_diags_print(d, stderr, min);
}

/* The pictures of every page: page-N.png and thumb-N.png. */
static int write_pages(const proof_opts *o, const gw_proof *p, const char *dir, gw_diags *diags)
{
    for (size_t i = 0; i < p->n_pages; i++) {
        gw_proof_image img = { 0 }, th = { 0 };
        if (gw_proof_raster_page(o->raster, p, i, &o->std[p->doc->format], o->dpi, o->overlay, &img,
                                 diags) != 0)
            return -1;
        gw_proof_image_shrink(&img, 180, &th);
        gw_buf png;
        gw_buf_init(&png);
        int rc = gw_proof_image_png(&img, &png);
        char *path = gw_asprintf("%s/page-%zu.png", dir, i + 1);
        if (rc == 0)
            rc = write_out(path, png.data, png.len, diags);
        free(path);
        png.len = 0;
        if (rc == 0 && (rc = gw_proof_image_png(&th, &png)) == 0) {
            path = gw_asprintf("%s/thumb-%zu.png", dir, i + 1);
            rc = write_out(path, png.data, png.len, diags);
            free(path);
        }
        gw_buf_free(&png);
        gw_proof_image_free(&img);
        gw_proof_image_free(&th);
        if (rc != 0)
            return -1;
    }
    return 0;
}

/* Compares with the reference record; the note says what moved (or that nothing did). */
static int compare_reference(const gw_proof *p, const char *ref_path, gw_buf *note,
                             gw_diags *diags)
{
    size_t len = 0;
    char *ref = gw_read_whole_file(ref_path, &len);
    if (!ref) {
        gw_diags_add(diags, GW_ERROR, "proof-reference", 0, 0, "cannot read the reference %s: %s",
                     ref_path, strerror(errno));
        return -1;
    }
    gw_buf diff;
    gw_buf_init(&diff);
    int n = gw_proof_compare(p, ref, len, REFERENCE_TOL_MM, &diff);
    free(ref);
    if (n < 0) {
        gw_diags_add(diags, GW_ERROR, "proof-reference", 0, 0, "%s: %s", ref_path,
                     diff.data ? diff.data : "");
        gw_buf_free(&diff);
        return -1;
    }
    if (n == 0)
        gw_buf_printf(note, "same as %s (within %.1f mm)\n", ref_path, REFERENCE_TOL_MM);
    else
        gw_buf_printf(note, "%d difference%s from %s (tolerance %.1f mm):\n%s", n,
                      n == 1 ? "" : "s", ref_path, REFERENCE_TOL_MM, diff.data);
    gw_buf_free(&diff);
    return n;
}

static char *reference_path_of(const input *in)
{
    return gw_with_extension(in->path, ".layout.json");
}

static void proof_one(const proof_opts *o, const input *in, doc_result *res)
{
    res->rel = gw_strdup(in->rel);
    res->ref_diffs = -1;
    gw_diags diags;
    gw_diags_init(&diags, in->path);
    gw_document *doc = gw_read_file(in->path, &diags);
    gw_pagelist *pl = doc ? gw_layout_document(o->engine, doc, &diags) : NULL;
    gw_proof *p = NULL;
    if (!pl) {
        res->error = true;
        res->summary = gw_asprintf("%s: ERROR (cannot be laid out; see the messages)", in->path);
        goto done;
    }
    p = gw_proof_measure(in->path, doc, pl, gw_engine_fonts(o->engine));
    gw_proof_conform(p, &o->std[doc->format]);
    res->pages = p->n_pages;
    res->rules = p->n_results;
    res->failed = p->n_failed;
    char *record = gw_proof_record_json(p);
    char *ref_path = o->reference ? gw_strdup(o->reference) : reference_path_of(in);
    if (o->update) {
        if (write_out(ref_path, record, strlen(record), &diags) != 0)
            res->error = true;
        res->summary = gw_asprintf("%s: wrote %s", in->path, ref_path);
        free(record);
        free(ref_path);
        goto done;
    }
    gw_buf note;
    gw_buf_init(&note);
    struct stat st;
    if (o->reference || stat(ref_path, &st) == 0) {
        res->ref_diffs = compare_reference(p, ref_path, &note, &diags);
        if (res->ref_diffs < 0)
            res->error = true;
    }
    free(ref_path);
    char *dir = gw_asprintf("%s/%s", o->out, in->rel);
    if (mkdirs(dir) != 0) {
        gw_diags_add(&diags, GW_ERROR, "output-write", 0, 0, "cannot create %s: %s", dir,
                     strerror(errno));
        res->error = true;
    } else {
        char *report = gw_proof_report_text(p);
        char *html = gw_proof_report_html(p, note.len ? note.data : NULL);
        char *f1 = gw_asprintf("%s/layout.json", dir), *f2 = gw_asprintf("%s/report.txt", dir),
             *f3 = gw_asprintf("%s/report.html", dir), *f4 = gw_asprintf("%s/reference.txt", dir);
        if (write_out(f1, record, strlen(record), &diags) || write_out(f2, report, strlen(report), &diags) ||
            write_out(f3, html, strlen(html), &diags) ||
            (note.len && write_out(f4, note.data, note.len, &diags)) ||
            write_pages(o, p, dir, &diags))
            res->error = true;
        free(f1), free(f2), free(f3), free(f4);
        free(report);
        free(html);
    }
    free(dir);
    free(record);
    char *summary = gw_proof_summary(p);
    if (res->ref_diffs > 0)
        res->summary = gw_asprintf("%s; reference: %d difference%s\n%.*s", summary, res->ref_diffs,
                                   res->ref_diffs == 1 ? "" : "s", (int)note.len - 1, note.data);
    else if (res->ref_diffs == 0)
        res->summary = gw_asprintf("%s; reference: same", summary);
    else
        res->summary = gw_strdup(summary);
    free(summary);
    /* the failed rules, one a line, so that a log names them */
    gw_buf fails;
    gw_buf_init(&fails);
    for (size_t i = 0; i < p->n_results; i++) {
        const gw_proof_result *r = &p->results[i];
        if (!r->pass)
            gw_buf_printf(&fails, "  FAIL %s %s page %d %s %d: measured %s, required %s (%s)\n",
                          r->rule, r->clause, r->page, gw_element_name(r->element), r->index,
                          r->measured, r->required, r->tolerance);
    }
    if (fails.len) {
        char *s = gw_asprintf("%s\n%s", res->summary, fails.data);
        size_t n = strlen(s);
        if (n && s[n - 1] == '\n')
            s[n - 1] = '\0';
        free(res->summary);
        res->summary = s;
    }
    gw_buf_free(&fails);
    gw_buf_free(&note);
done:
    if (diags.n)
        print_diags(&diags, o);
    if (gw_diags_has_error(&diags))
        res->error = true;
    gw_diags_free(&diags);
    gw_proof_free(p);
    gw_pagelist_free(pl);
    gw_document_free(doc);
}

/* OUT/index.html */
static int write_index(const proof_opts *o, const doc_result *rs, size_t n, gw_diags *diags)
{
    gw_proof_entry *es = gw_xcalloc(n + 1, sizeof *es);
    for (size_t i = 0; i < n; i++)
        es[i] = (gw_proof_entry){ rs[i].rel, rs[i].pages, rs[i].rules, rs[i].failed,
                                  rs[i].ref_diffs, rs[i].error, rs[i].summary };
    char *html = gw_proof_index_html(es, n, o->std_path);
    char *path = gw_asprintf("%s/index.html", o->out);
    int rc = write_out(path, html, strlen(html), diags);
    free(path);
    free(html);
    free(es);
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
    optind = 1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:qh", longs, NULL)) != -1) {
        switch (c) {
        case 'o': o.out = optarg; break;
        case 'q': o.quiet = true; break;
        case 'h': fputs(gw_usage_proof, stdout); return 0;
        case OPT_DPI: {
            char *end;
            o.dpi = strtod(optarg, &end);
            if (*end || !(o.dpi >= 10 && o.dpi <= 1200))
                return gw_cli_usage_error("proof: --dpi needs a number from 10 to 1200 (%s)", optarg);
            break;
        }
        case OPT_LAYOUT: layout = optarg; break;
        case OPT_STANDARD: standard = optarg; break;
        case OPT_REFERENCE: o.reference = optarg; break;
        case OPT_NO_OVERLAY: o.overlay = false; break;
        case OPT_UPDATE: o.update = true; break;
        case OPT_DIAG:
            if (!strcmp(optarg, "json"))
                o.json = true;
            else if (strcmp(optarg, "text"))
                return gw_cli_usage_error("proof: --diagnostics is text or json, not %s", optarg);
            break;
        default:
            return gw_cli_usage_error("proof: unknown or incomplete option %s", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return gw_cli_usage_error("proof: %s", "no input file or folder");
    if (!o.out && !o.update)
        return gw_cli_usage_error("proof: %s", "-o OUT is needed (the folder for the proofs)");
    inputs in = { 0 };
    for (int i = optind; i < argc; i++) {
        if (gw_is_dir(argv[i])) {
            char *dir = gw_strdup(argv[i]); /* `examples/` names its files examples/NAME.txt */
            for (size_t n = strlen(dir); n > 1 && dir[n - 1] == '/'; n--)
                dir[n - 1] = '\0';
            scan_dir(&in, dir, "");
            free(dir);
        } else {
            const char *base = strrchr(argv[i], '/');
            add_input(&in, argv[i], base ? base + 1 : argv[i]);
        }
    }
    int rc = 0;
    if (o.reference && in.n != 1) {
        rc = gw_cli_usage_error("proof: %s", "--reference compares one document");
        goto out;
    }
    gw_diags setup;
    gw_diags_init(&setup, "gongwen");
    gw_engine_options eo = { .layout = layout, .pdf_threads = 1 };
    o.engine = gw_engine_new(&eo, &setup);
    char *std_path = NULL;
    gw_layout_set *std = NULL;
    if (o.engine) {
        /* the standard as layouts/ states it, each 版式 by its own file */
        std_path = standard ? gw_strdup(standard)
                            : gw_asprintf("%s/layouts", gw_engine_datadir(o.engine));
        std = gw_layout_set_load(std_path, &setup);
        o.std_path = std_path;
        for (int f = 0; std && f < 4; f++)
            gw_layout_rules_spec(gw_layout_set_rules(std, (gw_format)f), &o.std[f]);
        o.raster = std ? gw_proof_raster_new(gw_engine_fonts(o.engine), &setup) : NULL;
    }
    print_diags(&setup, &o);
    gw_diags_free(&setup);
    if (!o.raster) {
        rc = 1;
    } else if (!o.update && (mkdirs(o.out) != 0 || !gw_is_dir(o.out))) {
        fprintf(stderr, "gongwen: error: cannot create the folder %s: %s\n", o.out,
                strerror(gw_is_dir(o.out) ? errno : ENOTDIR));
        rc = 1;
    } else {
        doc_result *rs = gw_xcalloc(in.n + 1, sizeof *rs);
        for (size_t i = 0; i < in.n; i++) {
            proof_one(&o, &in.items[i], &rs[i]);
            printf("%s\n", rs[i].summary ? rs[i].summary : "");
            if (rs[i].error || rs[i].failed || rs[i].ref_diffs > 0)
                rc = 1;
        }
        fflush(stdout);
        if (!o.update) {
            gw_diags d;
            gw_diags_init(&d, "gongwen");
            if (write_index(&o, rs, in.n, &d) != 0)
                rc = 1;
            print_diags(&d, &o);
            gw_diags_free(&d);
        }
        for (size_t i = 0; i < in.n; i++) {
            free(rs[i].rel);
            free(rs[i].summary);
        }
        free(rs);
    }
    gw_proof_raster_free(o.raster);
    gw_layout_set_free(std);
    free(std_path);
    gw_engine_free(o.engine);
out:
    for (size_t i = 0; i < in.n; i++) {
        free(in.items[i].path);
        free(in.items[i].rel);
    }
    free(in.items);
    return rc;
}
