/* record.c: the layout record (JSON), its comparison with a reference record, and the
 * conformance report (text and HTML).
 *
 * Owns: the record's form, made for review: a fixed key order, one element a line, sorted by
 * page, element and index, lengths in mm rounded to 0.01, so that the diff of a regenerated
 * reference shows exactly what moved. The reference is read with jansson. */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gw_proof.h"
#include "pr_html.h"

#define TEXT_CHARS 24 /* characters of an element's text kept in the record, to recognise it */

static void put_json_string(gw_buf *b, const char *s, size_t max_chars)
{
    gw_buf_putc(b, '"');
    size_t n = strlen(s), chars = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = gw_utf8_decode(s + i, n - i, &cp);
        if (max_chars && chars++ == max_chars) {
            gw_buf_puts(b, "…");
            break;
        }
        if (cp == '"' || cp == '\\')
            gw_buf_printf(b, "\\%c", (char)cp);
        else if (cp < 0x20)
            gw_buf_printf(b, "\\u%04x", (unsigned)cp);
        else
            gw_buf_append(b, s + i, k);
        i += k;
    }
    gw_buf_putc(b, '"');
}

/* 0.01 mm, without a negative zero */
static double r2(double v)
{
    double r = round(v * 100) / 100;
    return r == 0 ? 0 : r;
}

static const char *color_name(gw_color c)
{
    return c == GW_COLOR_RED ? "red" : "black";
}

static int cmp_box(const void *a, const void *b)
{
    const gw_proof_box *x = *(const gw_proof_box *const *)a, *y = *(const gw_proof_box *const *)b;
    if (x->page != y->page)
        return x->page - y->page;
    if (x->element != y->element)
        return (int)x->element - (int)y->element;
    if (x->is_rule != y->is_rule)
        return (int)x->is_rule - (int)y->is_rule;
    if (x->is_image != y->is_image)
        return (int)x->is_image - (int)y->is_image;
    return x->index - y->index;
}

static const char *kind_of(const gw_proof_box *b)
{
    return b->is_rule ? "rule" : b->is_image ? "image" : "text";
}

static const char *family_of(const gw_proof *p, int face)
{
    return face >= 0 ? gw_fontset_face(p->fs, face)->family : "";
}

char *gw_proof_record_json(const gw_proof *p)
{
    const gw_proof_box **order = gw_xmalloc((p->n_boxes + 1) * sizeof *order);
    for (size_t i = 0; i < p->n_boxes; i++)
        order[i] = &p->boxes[i];
    qsort(order, p->n_boxes, sizeof *order, cmp_box);
    gw_buf b;
    gw_buf_init(&b);
    const char *base = strrchr(p->source, '/');
    gw_buf_puts(&b, "{\n\"record\": \"gongwen layout record 1\",\n\"document\": ");
    put_json_string(&b, base ? base + 1 : p->source, 0);
    gw_buf_printf(&b, ",\n\"format\": \"%s\",\n\"pages\": %zu,\n\"elements\": [\n",
                  gw_format_name(p->doc->format), p->n_pages);
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *x = order[i];
        gw_buf_printf(&b,
                      "{\"page\": %d, \"element\": \"%s\", \"index\": %d, \"kind\": \"%s\", "
                      "\"x0\": %.2f, \"y0\": %.2f, \"x1\": %.2f, \"y1\": %.2f, ",
                      x->page, gw_element_id(x->element), x->index, kind_of(x), r2(x->x0),
                      r2(x->y0), r2(x->x1), r2(x->y1));
        if (x->is_rule)
            gw_buf_printf(&b, "\"width\": %.2f, ", r2(x->size * 25.4 / 72));
        else if (!x->is_image) {
            gw_buf_printf(&b, "\"lines\": %d, \"font\": ", x->lines);
            put_json_string(&b, family_of(p, x->face), 0);
            gw_buf_printf(&b, ", \"size\": %.2f, ", r2(x->size));
        }
        gw_buf_printf(&b, "\"color\": \"%s\", \"name\": \"%s\"", color_name(x->color),
                      gw_element_name(x->element));
        if (!x->is_rule) {
            gw_buf_puts(&b, ", \"text\": ");
            put_json_string(&b, x->text, TEXT_CHARS);
        }
        gw_buf_puts(&b, i + 1 < p->n_boxes ? "},\n" : "}\n");
    }
    gw_buf_puts(&b, "]\n}\n");
    free(order);
    return gw_buf_steal(&b);
}

/* ---- comparison with a reference ---- */

static const char *str(json_t *e, const char *key)
{
    const char *v = json_string_value(json_object_get(e, key));
    return v ? v : "";
}

static bool same_key(const gw_proof_box *x, json_t *e)
{
    return json_integer_value(json_object_get(e, "page")) == x->page &&
           json_integer_value(json_object_get(e, "index")) == x->index &&
           !strcmp(str(e, "element"), gw_element_id(x->element)) && !strcmp(str(e, "kind"), kind_of(x));
}

static double num(json_t *e, const char *key)
{
    return json_number_value(json_object_get(e, key));
}

static void name_box(gw_buf *out, int page, const char *name, const char *id, int index)
{
    gw_buf_printf(out, "page %d %s (%s %d): ", page, name, id, index);
}

static void describe_move(gw_buf *out, double dx, double dy)
{
    bool first = true;
    if (fabs(dx) >= 0.005) {
        gw_buf_printf(out, "moved %s %.2f mm", dx > 0 ? "right" : "left", fabs(dx));
        first = false;
    }
    if (fabs(dy) >= 0.005)
        gw_buf_printf(out, "%s%s %.2f mm", first ? "moved " : " and ", dy > 0 ? "down" : "up",
                      fabs(dy));
}

int gw_proof_compare(const gw_proof *p, const char *ref, size_t ref_len, double tol, gw_buf *out)
{
    json_error_t err;
    json_t *root = json_loadb(ref, ref_len, 0, &err);
    json_t *els = root ? json_object_get(root, "elements") : NULL;
    if (!json_is_array(els)) {
        gw_buf_printf(out, "not a layout record (line %d: %s)\n", err.line,
                      root ? "no \"elements\" list" : err.text);
        json_decref(root);
        return -1;
    }
    int diffs = 0;
    size_t n_ref = json_array_size(els);
    bool *matched = gw_xcalloc(n_ref + 1, sizeof *matched);
    long ref_pages = (long)json_integer_value(json_object_get(root, "pages"));
    if (ref_pages != (long)p->n_pages) {
        gw_buf_printf(out, "%zu pages; the reference has %ld\n", p->n_pages, ref_pages);
        diffs++;
    }
    const gw_proof_box **order = gw_xmalloc((p->n_boxes + 1) * sizeof *order);
    for (size_t i = 0; i < p->n_boxes; i++)
        order[i] = &p->boxes[i];
    qsort(order, p->n_boxes, sizeof *order, cmp_box);
    for (size_t i = 0; i < p->n_boxes; i++) {
        const gw_proof_box *x = order[i];
        json_t *e = NULL;
        size_t k;
        for (k = 0; k < n_ref; k++)
            if (!matched[k] && same_key(x, json_array_get(els, k))) {
                e = json_array_get(els, k);
                matched[k] = true;
                break;
            }
        const char *id = gw_element_id(x->element), *name = gw_element_name(x->element);
        if (!e) {
            name_box(out, x->page, name, id, x->index);
            gw_buf_printf(out, "new (%s, not in the reference) at x %.2f..%.2f, y %.2f..%.2f mm\n",
                          kind_of(x), x->x0, x->x1, x->y0, x->y1);
            diffs++;
            continue;
        }
        double d[4] = { r2(x->x0) - num(e, "x0"), r2(x->y0) - num(e, "y0"),
                        r2(x->x1) - num(e, "x1"), r2(x->y1) - num(e, "y1") };
        bool moved = false;
        for (int j = 0; j < 4; j++)
            moved |= fabs(d[j]) > tol + 1e-9;
        if (moved) {
            name_box(out, x->page, name, id, x->index);
            if (fabs(d[0] - d[2]) <= tol && fabs(d[1] - d[3]) <= tol)
                describe_move(out, (d[0] + d[2]) / 2, (d[1] + d[3]) / 2);
            else
                gw_buf_printf(out, "box changed by x0 %+.2f, y0 %+.2f, x1 %+.2f, y1 %+.2f mm",
                              d[0], d[1], d[2], d[3]);
            gw_buf_printf(out, " (now x %.2f..%.2f, y %.2f..%.2f mm)\n", r2(x->x0), r2(x->x1),
                          r2(x->y0), r2(x->y1));
            diffs++;
        }
        if (!x->is_rule && !x->is_image) {
            const char *font = str(e, "font");
            if (strcmp(font, family_of(p, x->face)) || fabs(num(e, "size") - r2(x->size)) > 0.005 ||
                json_integer_value(json_object_get(e, "lines")) != x->lines) {
                name_box(out, x->page, name, id, x->index);
                gw_buf_printf(out, "%s %.2f pt, %d lines; the reference has %s %.2f pt, %d lines\n",
                              family_of(p, x->face), r2(x->size), x->lines, font, num(e, "size"),
                              (int)json_integer_value(json_object_get(e, "lines")));
                diffs++;
            }
        } else if (x->is_rule && fabs(num(e, "width") - r2(x->size * 25.4 / 72)) > 0.005) {
            name_box(out, x->page, name, id, x->index);
            gw_buf_printf(out, "rule %.2f mm thick; the reference has %.2f mm\n",
                          r2(x->size * 25.4 / 72), num(e, "width"));
            diffs++;
        }
        const char *col = str(e, "color");
        if (strcmp(col, color_name(x->color))) {
            name_box(out, x->page, name, id, x->index);
            gw_buf_printf(out, "%s; the reference has %s\n", color_name(x->color), col);
            diffs++;
        }
    }
    for (size_t k = 0; k < n_ref; k++) {
        if (matched[k])
            continue;
        json_t *e = json_array_get(els, k);
        gw_buf_printf(out, "page %d %s (%s %d): gone (in the reference at x %.2f..%.2f, y %.2f..%.2f mm)\n",
                      (int)json_integer_value(json_object_get(e, "page")),
                      str(e, "name"), str(e, "element"),
                      (int)json_integer_value(json_object_get(e, "index")), num(e, "x0"),
                      num(e, "x1"), num(e, "y0"), num(e, "y1"));
        diffs++;
    }
    free(order);
    free(matched);
    json_decref(root);
    return diffs;
}

/* ---- the conformance report ---- */

char *gw_proof_summary(const gw_proof *p)
{
    gw_buf b;
    gw_buf_init(&b);
    if (!p->n_failed) {
        gw_buf_printf(&b, "%s: PASS %zu rules, %zu page%s", p->source, p->n_results, p->n_pages,
                      p->n_pages == 1 ? "" : "s");
        return gw_buf_steal(&b);
    }
    gw_buf_printf(&b, "%s: FAIL %zu of %zu rules (", p->source, p->n_failed, p->n_results);
    int shown = 0;
    for (size_t i = 0; i < p->n_results; i++) {
        const gw_proof_result *r = &p->results[i];
        if (r->pass)
            continue;
        if (shown == 4) {
            gw_buf_puts(&b, " …");
            break;
        }
        gw_buf_printf(&b, "%s%s %s p%d", shown ? ", " : "", r->rule, gw_element_name(r->element),
                      r->page);
        shown++;
    }
    gw_buf_printf(&b, "), %zu page%s", p->n_pages, p->n_pages == 1 ? "" : "s");
    return gw_buf_steal(&b);
}

char *gw_proof_report_text(const gw_proof *p)
{
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_printf(&b, "GB/T 9704-2012 conformance of %s (%s格式, %zu pages)\n", p->source,
                  gw_format_name(p->doc->format), p->n_pages);
    for (size_t i = 0; i < p->n_results; i++) {
        const gw_proof_result *r = &p->results[i];
        gw_buf_printf(&b, "%s %-24s %-8s page %d %s %d: measured %s, required %s, tolerance %s: %s\n",
                      r->pass ? "PASS" : "FAIL", r->rule, r->clause, r->page,
                      gw_element_name(r->element), r->index, r->measured, r->required, r->tolerance,
                      r->what);
    }
    char *s = gw_proof_summary(p);
    gw_buf_printf(&b, "%s\n", s);
    free(s);
    return gw_buf_steal(&b);
}

char *gw_proof_report_html(const gw_proof *p, const char *reference_note)
{
    gw_buf b;
    gw_buf_init(&b);
    gw_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                    "<title>");
    pr_put_html(&b, p->source);
    gw_buf_puts(&b, " conformance</title><style>body{font-family:sans-serif;margin:1.5em}"
                    "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;"
                    "text-align:left}tr.fail td{background:#fdd}tr.pass td.r{color:#080}"
                    "tr.fail td.r{color:#c00;font-weight:bold}pre{background:#f6f6f6;padding:.5em}"
                    "</style></head><body>\n<h1>");
    pr_put_html(&b, p->source);
    gw_buf_printf(&b, "</h1>\n<p>GB/T 9704-2012, %s格式, %zu pages.</p>\n<p id=\"summary\">",
                  gw_format_name(p->doc->format), p->n_pages);
    char *s = gw_proof_summary(p);
    pr_put_html(&b, s);
    free(s);
    gw_buf_puts(&b, "</p>\n");
    if (reference_note) {
        gw_buf_puts(&b, "<h2>Reference layout record</h2>\n<pre id=\"reference\">");
        pr_put_html(&b, reference_note);
        gw_buf_puts(&b, "</pre>\n");
    }
    gw_buf_puts(&b, "<table><tr><th>result</th><th>rule</th><th>clause</th><th>page</th>"
                    "<th>element</th><th>measured</th><th>required</th><th>tolerance</th>"
                    "<th>requirement</th></tr>\n");
    for (size_t i = 0; i < p->n_results; i++) {
        const gw_proof_result *r = &p->results[i];
        gw_buf_printf(&b, "<tr class=\"%s\"><td class=\"r\">%s</td><td>%s</td><td>%s</td><td>%d</td><td>",
                      r->pass ? "pass" : "fail", r->pass ? "PASS" : "FAIL", r->rule, r->clause,
                      r->page);
        pr_put_html(&b, gw_element_name(r->element));
        gw_buf_printf(&b, " %d</td><td>", r->index);
        pr_put_html(&b, r->measured);
        gw_buf_puts(&b, "</td><td>");
        pr_put_html(&b, r->required);
        gw_buf_puts(&b, "</td><td>");
        pr_put_html(&b, r->tolerance);
        gw_buf_puts(&b, "</td><td>");
        pr_put_html(&b, r->what);
        gw_buf_puts(&b, "</td></tr>\n");
    }
    gw_buf_puts(&b, "</table>\n</body></html>\n");
    return gw_buf_steal(&b);
}
