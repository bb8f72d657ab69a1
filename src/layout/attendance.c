/* attendance.c: the 出席, 请假 and 列席 lists of a 纪要 (GB/T 9704 §10.3), in the flow after
 * the 正文 (and the 附件说明): one blank line above the first, each list a paragraph starting
 * a new line, 左空二字; the label in its face (3号黑体) with a full-width colon, the names in
 * the body face; continuation lines aligned with the first character after the colon. Names
 * the text separates with a space keep a cell between them (the grid pads a space between two
 * characters to a cell), which vanishes where a line breaks; lines break between names, never
 * inside one unless it is longer than a line.
 * Printed whatever the 版式: no text of the source is dropped. */
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"
#include "lay_int.h"

bool lay_has_attendance(const gw_attendance *a)
{
    return lay_has(&a->present) || lay_has(&a->absent) || lay_has(&a->attending);
}

void lay_attendance_items(lay_ctx *c, lay_flow *f, const gw_attendance *a)
{
    const gw_layout_rules *r = c->r;
    const gw_text *lists[3] = { &a->present, &a->absent, &a->attending };
    static const char *const labels[3] = { "出席：", "请假：", "列席：" };
    bool first = true;
    for (int k = 0; k < 3; k++) {
        if (!lay_has(lists[k]))
            continue;
        if (first)
            lay_flow_add(f, LAY_IT_GAP, r->attendance_gap_lines);
        first = false;
        f->tag = (gw_tag){ GW_EL_ATTENDANCE, k };
        char *s = gw_asprintf("%s%s", labels[k], lists[k]->text);
        size_t lab = strlen(labels[k]);
        lay_span spans[2] = { { lab, r->attendance_label_role }, { strlen(s), r->body_role } };
        lay_item *it = lay_flow_add(f, LAY_IT_PARA, 0);
        lay_para_shape(c, &it->para, s, strlen(s), spans, 2, r->text_size, c->cell);
        it->para.role = r->attendance_label_role; /* the line's baseline: the label's face */
        lay_para_keep_names(&it->para);
        double indent = r->attendance_indent * c->cell;
        lay_para_break(c, &it->para, r->area_w, indent, indent + lay_prefix_width(&it->para, lab),
                       0);
        free(s);
    }
}
