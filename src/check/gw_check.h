/* gw_check.h: the lint of a 公文's source text (`gongwen check`).
 *
 * Owns: the rules that look at what the writer wrote, on the document model and on the source
 * text itself (the model keeps where each element came from; the text says which character):
 * 发文字号 (four-digit year), dates (complete; 成文日期 not after 印发日期), half-width
 * punctuation in Chinese text, heading numbering (sequence, levels, markers, 一、 and （一）
 * mixed up), titles (end punctuation, balanced 书名号 and quotation marks), the 附件说明
 * (numbering, matching the attachments), 主送 ending in `：`, 署名 and 成文日期 present where
 * the format needs them. Each finding is a diagnostic with a stable rule id and the line and
 * column of the character it is about. The reader's own repairs and normalisations (`[2021]` →
 * `〔2021〕`, leading zeros, …) are its diagnostics; `gongwen check` prints them with these. */
#ifndef GW_CHECK_H
#define GW_CHECK_H

#include "../base/gw_diag.h"
#include "../model/gw_model.h"
#include "../reader/gw_reader.h"

/* Lints src (and doc, the model read from it; NULL when the reader refused the text: then only
 * the rules on the text run). Appends the findings to diags. */
void gw_check(const gw_source *src, const gw_document *doc, gw_diags *diags);

#endif
