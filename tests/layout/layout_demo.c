/* layout_demo.c: renders a 公文 text to PDF and shows what the layout engine did.
 *
 *   layout_demo IN.txt OUT.pdf [--dump]       --dump prints the page list in mm
 *   layout_demo IN.txt OUT.pdf --bench N      times gw_layout alone (median of N runs)
 *   layout_demo IN.txt OUT.pdf --times N      renders N times (for profiling) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/gw_output.h"
#include "base/gw_util.h"
#include "gw_engine.h"

static void dump(const gw_pagelist *pl, const gw_fontset *fs)
{
    (void)fs;
    for (size_t i = 0; i < pl->n_pages; i++) {
        const gw_page *pg = &pl->pages[i];
        printf("page %zu number %d runs %zu rules %zu\n", i + 1, pg->number, pg->n_runs,
               pg->n_rules);
        for (size_t r = 0; r < pg->n_rules; r++)
            printf("  rule y=%.2fmm x=%.2f..%.2fmm w=%.2fmm %s\n", pg->rules[r].y0 * 25.4 / 72,
                   pg->rules[r].x0 * 25.4 / 72, pg->rules[r].x1 * 25.4 / 72,
                   pg->rules[r].width * 25.4 / 72, pg->rules[r].color ? "red" : "black");
        for (size_t r = 0; r < pg->n_runs; r++) {
            const gw_glyph_run *g = &pg->runs[r];
            printf("  run face %d %.1fpt base %.2fmm x0 %.2fmm n %zu '%s'\n", g->face, g->size,
                   g->baseline * 25.4 / 72, g->n_glyphs ? g->glyphs[0].x * 25.4 / 72 : 0,
                   g->n_glyphs, g->text);
        }
    }
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: layout_demo IN.txt OUT.pdf [--dump] [--times N]\n");
        return 2;
    }
    gw_diags diags;
    gw_diags_init(&diags, argv[1]);
    gw_engine *e = gw_engine_new(NULL, &diags);
    int rc = 1;
    if (!e)
        goto out;
    gw_document *d = gw_read_file(argv[1], &diags);
    if (!d)
        goto out;
    int times = argc > 4 && !strcmp(argv[3], "--times") ? atoi(argv[4]) : 1;
    gw_pagelist *pl = NULL;
    for (int i = 0; i < times; i++) {
        unsigned char *pdf = NULL;
        size_t len = 0;
        if (gw_render_document(e, d, &pdf, &len, &diags) == 0) {
            if (i == times - 1 && gw_write_output(argv[2], pdf, len) == 0)
                rc = 0;
            free(pdf);
        }
    }
    if (argc > 4 && !strcmp(argv[3], "--bench")) {
        /* Times gw_layout alone (fonts loaded, rules loaded): median of N runs. */
        int n = atoi(argv[4]);
        gw_layout_rules *r = gw_layout_rules_load(GW_SOURCE_DATADIR "/layouts/gbt9704.ini", &diags);
        double *t = calloc((size_t)n, sizeof *t);
        for (int i = 0; i < n && r; i++) {
            struct timespec a, b;
            clock_gettime(CLOCK_MONOTONIC, &a);
            gw_pagelist *q = gw_layout(d, r, gw_engine_fonts(e), &diags);
            clock_gettime(CLOCK_MONOTONIC, &b);
            t[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
            gw_pagelist_free(q);
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (t[j] < t[i]) {
                    double x = t[i];
                    t[i] = t[j];
                    t[j] = x;
                }
        if (n > 0)
            printf("gw_layout: median %.2f ms, min %.2f ms over %d runs\n", t[n / 2], t[0], n);
        free(t);
        gw_layout_rules_free(r);
    }
    if (argc > 3 && !strcmp(argv[3], "--dump")) {
        /* The engine's rules are private: lay out again with a fresh copy for the dump. */
        gw_layout_rules *r = gw_layout_rules_load(GW_SOURCE_DATADIR "/layouts/gbt9704.ini", &diags);
        pl = gw_layout(d, r, gw_engine_fonts(e), &diags);
        if (pl)
            dump(pl, gw_engine_fonts(e));
        gw_pagelist_free(pl);
        gw_layout_rules_free(r);
    }
    gw_document_free(d);
out:
    gw_diags_print(&diags, stderr, GW_NOTE);
    gw_diags_free(&diags);
    gw_engine_free(e);
    return rc;
}
