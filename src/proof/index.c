/* index.c: the page that shows a folder's proofs (gw_proof_index_html): the totals, then one
 * section per document with its status, counts, summary, links to its report, layout record
 * and pages, and a thumbnail of every page. The ids and classes are stable, for scripts (and
 * the Chromium test) that read the rendered page. */
#include <stdlib.h>
#include <string.h>

#include "gw_proof.h"
#include "pr_html.h"

char *gw_proof_index_html(const gw_proof_entry *rs, size_t n, const char *standard)
{
    size_t passed = 0, failed = 0, errors = 0, pages = 0;
    for (size_t i = 0; i < n; i++) {
        if (rs[i].error)
            errors++;
        else if (rs[i].failed || rs[i].ref_diffs > 0)
            failed++;
        else
            passed++;
        pages += rs[i].pages;
    }
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_puts(&b,
                "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                "<title>gongwen proof</title><style>body{font-family:sans-serif;margin:1.5em}"
                ".doc{border:1px solid #ccc;margin:1em 0;padding:.5em 1em}.doc.fail{border-color:#c00}"
                ".doc.pass h2 .st{color:#080}.doc.fail h2 .st,.doc.error h2 .st{color:#c00}"
                ".pages a{display:inline-block;margin:4px;text-align:center;font-size:small}"
                ".pages img{border:1px solid #999;display:block}pre{white-space:pre-wrap}"
                "</style></head><body>\n<h1>gongwen proof</h1>\n");
    gw_buf_printf(&b,
                  "<p id=\"totals\">documents: <span id=\"n-docs\">%zu</span>, passed: "
                  "<span id=\"n-pass\">%zu</span>, failed: <span id=\"n-fail\">%zu</span>, "
                  "errors: <span id=\"n-error\">%zu</span>, pages: <span id=\"n-pages\">%zu</span>"
                  ". Measured against ",
                  n, passed, failed, errors, pages);
    pr_put_html(&b, standard);
    gw_buf_puts(&b, ".</p>\n");
    for (size_t i = 0; i < n; i++) {
        const gw_proof_entry *r = &rs[i];
        const char *st = r->error ? "error" : r->failed || r->ref_diffs > 0 ? "fail" : "pass";
        gw_buf_printf(&b, "<div class=\"doc %s\" data-pages=\"%zu\" data-rules=\"%zu\" "
                          "data-failed=\"%zu\" data-reference=\"%d\">\n<h2><span class=\"st\">%s"
                          "</span> ",
                      st, r->pages, r->rules, r->failed, r->ref_diffs,
                      r->error ? "ERROR" : r->failed || r->ref_diffs > 0 ? "FAIL" : "PASS");
        pr_put_html(&b, r->rel);
        gw_buf_puts(&b, "</h2>\n<p class=\"counts\">");
        if (!r->error) {
            gw_buf_printf(&b, "<span class=\"pages-n\">%zu</span> pages, <span class=\"rules-n\">"
                              "%zu</span> rules, <span class=\"failed-n\">%zu</span> failed; "
                              "reference: ",
                          r->pages, r->rules, r->failed);
            if (r->ref_diffs < 0)
                gw_buf_puts(&b, "none");
            else if (r->ref_diffs == 0)
                gw_buf_puts(&b, "same");
            else
                gw_buf_printf(&b, "%d difference%s", r->ref_diffs, r->ref_diffs == 1 ? "" : "s");
            gw_buf_puts(&b, ". <a href=\"");
            pr_put_html(&b, r->rel);
            gw_buf_puts(&b, "/report.html\">report</a> · <a href=\"");
            pr_put_html(&b, r->rel);
            gw_buf_puts(&b, "/layout.json\">layout record</a>");
        }
        gw_buf_puts(&b, "</p>\n<pre class=\"summary\">");
        pr_put_html(&b, r->summary ? r->summary : "");
        gw_buf_puts(&b, "</pre>\n<div class=\"pages\">");
        for (size_t k = 0; !r->error && k < r->pages; k++) {
            gw_buf_puts(&b, "<a href=\"");
            pr_put_html(&b, r->rel);
            gw_buf_printf(&b, "/page-%zu.png\"><img class=\"thumb\" src=\"", k + 1);
            pr_put_html(&b, r->rel);
            gw_buf_printf(&b, "/thumb-%zu.png\" alt=\"page %zu\">%zu</a>", k + 1, k + 1, k + 1);
        }
        gw_buf_puts(&b, "</div>\n</div>\n");
    }
    gw_buf_puts(&b, "</body></html>\n");
    return gw_buf_steal(&b);
}
