/* spec.c: the read-only view of the loaded rules (gw_layout_spec) for tools outside the
 * stage that measure a layout against the same numbers (gongwen proof). Converts the stored
 * pt back to the rules file's own units. */
#include "lay_int.h"

static double mm(double pt)
{
    return pt / LAY_MM;
}

void gw_layout_rules_spec(const gw_layout_rules *r, gw_layout_spec *o)
{
    *o = (gw_layout_spec){
        .paper_w = mm(r->paper_w),
        .paper_h = mm(r->paper_h),
        .top_margin = mm(r->top_margin),
        .binding_margin = mm(r->binding_margin),
        .area_w = mm(r->area_w),
        .area_h = mm(r->area_h),
        .mirror_even = r->mirror_even,
        .lines_per_page = r->lines_per_page,
        .chars_per_line = r->chars_per_line,
        .text_size = r->text_size,
        .line_pitch = mm(r->line_pitch),
        .cell = mm(r->area_w) / r->chars_per_line,
        .body_role = r->body_role,
        .header_role = r->header_role,
        .mark_role = r->mark_role,
        .doc_number_role = r->doc_number_role,
        .signer_name_role = r->signer_name_role,
        .title_role = r->title_role,
        .annex_label_role = r->annex_label_role,
        .colophon_role = r->colophon_role,
        .page_number_role = r->page_number_role,
        .paragraph_indent = r->paragraph_indent,
        .mark_top = mm(r->mark_top),
        .mark_top_ink = r->mark_top_ink,
        .doc_number_gap_lines = r->doc_number_gap_lines,
        .red_rule_gap = mm(r->red_rule_gap),
        .red_rule_width = mm(r->red_rule_width),
        .title_gap_lines = r->title_gap_lines,
        .addressee_gap_lines = r->addressee_gap_lines,
        .signer_indent = r->signer_indent,
        .title_size = r->title_size,
        .attachment_note_gap_lines = r->attachment_note_gap_lines,
        .attachment_note_indent = r->attachment_note_indent,
        .signature_gap_lines = r->signature_gap_lines,
        .signature_right_indent = r->signature_right_indent,
        .date_offset = r->date_offset,
        .note_indent = r->note_indent,
        .squeeze_pitch_min = r->squeeze_pitch_min,
        .sealed_date_right_indent = r->sealed_date_right_indent,
        .seal_signature_below_centre = mm(r->seal_signature_below_centre),
        .stamp_gap_lines = r->stamp_gap_lines,
        .stamp_date_gap_lines = r->stamp_date_gap_lines,
        .stamp_right_indent = r->stamp_right_indent,
        .stamp_title_gap = r->stamp_title_gap,
        .attachment_label_line = r->attachment_label_line,
        .attachment_title_line = r->attachment_title_line,
        .issued_title_line = r->issued_title_line,
        .colophon_size = r->colophon_size,
        .colophon_indent = r->colophon_indent,
        .thick_rule = mm(r->thick_rule),
        .thin_rule = mm(r->thin_rule),
        .colophon_row_pitch = mm(r->colophon_row_pitch),
        .colophon_even_page = r->colophon_even_page,
        .page_number_size = r->page_number_size,
        .page_number_dash_below = mm(r->page_number_dash_below),
        .page_number_indent = r->page_number_indent,
        .page_number_dash_ink = r->page_number_dash_ink,
    };
    for (int i = 0; i < 4; i++)
        o->heading_role[i] = r->heading_role[i];
}
