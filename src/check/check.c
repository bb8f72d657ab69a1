/* check.c: the lint of `gongwen check` (gw_check): runs the rules of each file in the order
 * of the text's parts. See gw_check.h for what they are and README.md, "Checking the text",
 * for each rule with a wrong and a right example.
 *
 * Rules on the model use the source positions the reader kept and find the exact character in
 * the text (ck_locate); rules on the text scan the decoded lines. Every finding names its rule. */
#include <stdlib.h>

#include "ck_int.h"

void gw_check(const gw_source *src, const gw_document *doc, gw_diags *diags)
{
    ck_punct(src, diags);
    ck_date_lines(src, diags);
    ck_docno_year(src, diags);
    if (!doc)
        return;
    ck_date_order(doc, diags);
    bool *claimed = gw_xcalloc(src->n_lines + 1, sizeof *claimed);
    ck_note_numbers(src, doc, claimed, diags);
    ck_headings(src, &doc->body, claimed, diags);
    for (size_t i = 0; i < doc->n_annexes; i++)
        ck_headings(src, &doc->annexes[i].body, claimed, diags);
    free(claimed);
    ck_title(src, &doc->title, "title", diags);
    for (size_t i = 0; i < doc->n_annexes; i++)
        ck_title(src, &doc->annexes[i].title, "attachment's title", diags);
    ck_attachments(doc, diags);
    ck_addressee(src, doc, diags);
    ck_closing(src, doc, diags);
}
