/* gw_shape.c: shaping text in a role's fonts with per-glyph fallback, and glyph ink boxes.
 *
 * Owns: the choice of face for each character (the role's faces in order, then the fallback
 * faces, then any face of the set), the warning, once per document, for each character that
 * no face has, and the HarfBuzz calls. Consecutive characters in one face are shaped together
 * as one segment, with the surrounding text as context, so that cluster values are byte
 * offsets into the caller's text. One output array per call, grown geometrically; the
 * hb_buffer and the characters reported are the shaper's (one per document), the fontset is
 * only read, so that one fontset serves every thread. */
#include "gw_fonts_private.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "../base/gw_util.h"

/* No ligatures: Word sets 公文 without them, and one glyph per character keeps grid placement
 * and the PDF's ToUnicode map exact. Kerning stays on (it only moves Latin pairs). */
static const hb_feature_t features[] = {
    { HB_TAG('l', 'i', 'g', 'a'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
    { HB_TAG('c', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
    { HB_TAG('d', 'l', 'i', 'g'), 0, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END },
};

static bool is_mark(uint32_t cp)
{
    if (cp < 0x0300)
        return false;
    switch (hb_unicode_general_category(hb_unicode_funcs_get_default(), cp)) {
    case HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK:
    case HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK:
        return true;
    default:
        return false;
    }
}

/* Characters with no glyph of their own to look for: controls, format characters
 * (zero-width joiners, bidi marks, BOM), variation selectors and combining marks. They stay
 * in the face of the character before them, where HarfBuzz hides them or applies them
 * (an ideographic variation sequence needs its base's face); a mark that face lacks is
 * looked for like any character (gw_shape). */
static bool follows_previous(uint32_t cp)
{
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return true;
    if (cp == 0x00AD || cp == 0x034F || cp == 0x061C || (cp >= 0x180B && cp <= 0x180F) ||
        (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
        (cp >= 0x2060 && cp <= 0x206F) || (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
        (cp >= 0xE0000 && cp <= 0xE0FFF))
        return true;
    return is_mark(cp);
}

static int pick_face(const gw_fontset *fs, const int *order, uint32_t cp)
{
    hb_codepoint_t gid;
    for (size_t k = 0; k < fs->n_faces; k++)
        if (hb_font_get_nominal_glyph(fs->faces[order[k]].pub.hb_font, cp, &gid))
            return order[k];
    return -1;
}

gw_shaper *gw_shaper_new(const gw_fontset *fs)
{
    gw_shaper *sh = gw_xcalloc(1, sizeof *sh);
    sh->fs = fs;
    sh->buf = hb_buffer_create();
    if (!hb_buffer_allocation_successful(sh->buf)) {
        hb_buffer_destroy(sh->buf);
        free(sh);
        gw_oom(sizeof(hb_buffer_t *));
    }
    return sh;
}

void gw_shaper_free(gw_shaper *sh)
{
    if (!sh)
        return;
    hb_buffer_destroy(sh->buf);
    free(sh->reported);
    free(sh);
}

const gw_fontset *gw_shaper_fonts(const gw_shaper *sh)
{
    return sh->fs;
}

/* Records cp as reported; false if it already was. */
static bool first_report(gw_shaper *fs, uint32_t cp)
{
    size_t lo = 0, hi = fs->n_reported;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (fs->reported[mid] == cp)
            return false;
        if (fs->reported[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (fs->n_reported == fs->cap_reported) {
        fs->cap_reported = fs->cap_reported ? fs->cap_reported * 2 : 16;
        fs->reported = gw_xrealloc(fs->reported, fs->cap_reported * sizeof *fs->reported);
    }
    memmove(fs->reported + lo + 1, fs->reported + lo, (fs->n_reported - lo) * sizeof *fs->reported);
    fs->reported[lo] = cp;
    fs->n_reported++;
    return true;
}

static void report_missing(gw_shaper *fs, gw_font_role role, uint32_t cp, gw_diags *diags)
{
    if (!diags || !first_report(fs, cp))
        return;
    gw_buf ch;
    gw_buf_init(&ch);
    gw_buf_put_utf8(&ch, cp);
    gw_diags_add(diags, GW_WARNING, "font-missing-char", 0, 0,
                 "no installed font has the character U+%04X “%s” (font role %s): it prints as "
                 "an empty box; install a font that has it", (unsigned)cp, ch.data, gw_role_name(role));
    gw_buf_free(&ch);
}

typedef struct {
    gw_shaped *g;
    size_t n, cap;
} shaped_out;

/* Shapes text[start, start + n) in one face, the rest of text serving as context. */
static void shape_segment(gw_shaper *sh, int face, const char *text, size_t len, size_t start,
                          size_t n, shaped_out *o)
{
    const gw_fontset *fs = sh->fs;
    const gw_face *f = &fs->faces[face].pub;
    hb_buffer_t *b = sh->buf;
    hb_buffer_clear_contents(b);
    hb_buffer_add_utf8(b, text, (int)len, (unsigned)start, (int)n);
    hb_buffer_set_language(b, fs->zh_hans);
    hb_buffer_guess_segment_properties(b);
    hb_shape(f->hb_font, b, features, sizeof features / sizeof features[0]);
    if (HB_DIRECTION_IS_BACKWARD(hb_buffer_get_direction(b)))
        hb_buffer_reverse(b); /* the caller wants logical order */

    unsigned gn = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(b, &gn);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(b, NULL);
    if (!hb_buffer_allocation_successful(b))
        gw_oom(n * sizeof(hb_glyph_info_t)); /* never a silently dropped segment */
    if (!info || !pos)
        return;
    if (o->n + gn > o->cap) {
        o->cap = o->cap * 2 > o->n + gn ? o->cap * 2 : o->n + gn;
        o->g = gw_xrealloc(o->g, o->cap * sizeof *o->g);
    }
    double upem = f->upem;
    for (unsigned i = 0; i < gn; i++) {
        uint32_t cp = 0;
        if (info[i].cluster < len)
            gw_utf8_decode(text + info[i].cluster, len - info[i].cluster, &cp);
        o->g[o->n++] = (gw_shaped){
            .face = face,
            .gid = info[i].codepoint,
            .cluster = info[i].cluster,
            .codepoint = cp,
            .x_advance = pos[i].x_advance / upem,
            .x_offset = pos[i].x_offset / upem,
            .y_offset = pos[i].y_offset / upem,
        };
    }
}

size_t gw_shape(gw_shaper *sh, gw_font_role role, const char *text, size_t len,
                gw_shaped **out, gw_diags *diags)
{
    const gw_fontset *fs = sh ? sh->fs : NULL;
    *out = NULL;
    if (!fs || (unsigned)role >= GW_ROLE_COUNT || !text || len == 0 || !fs->n_role_faces[role])
        return 0;
    if (len > INT_MAX) { /* HarfBuzz counts in int */
        if (diags)
            gw_diags_add(diags, GW_ERROR, "input-too-long", 0, 0, "text of %zu bytes is too long to shape", len);
        return 0;
    }

    /* Glyphs are about one per character: count characters (lead bytes) for the first size. */
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)text[i] & 0xC0) != 0x80;
    shaped_out o = { gw_xmalloc((chars + 4) * sizeof(gw_shaped)), 0, chars + 4 };

    const int *order = fs->search[role];
    int first_face = fs->role_faces[role][0];
    int seg_face = -1;
    size_t seg_start = 0;
    /* Marks in a row after one base, in the segment being gathered: past MAX_MARKS (Unicode's
     * stream-safe limit) the rest are shaped apart, since a font's mark positioning looks back
     * over every mark for the base, which is quadratic in a run of thousands. */
    enum { MAX_MARKS = 30 };
    size_t marks_in_row = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t l = gw_utf8_decode(text + i, len - i, &cp);
        bool mark = is_mark(cp);
        marks_in_row = mark ? marks_in_row + 1 : 0;
        if (mark && marks_in_row > MAX_MARKS && seg_face >= 0) {
            shape_segment(sh, seg_face, text, len, seg_start, i - seg_start, &o);
            seg_start = i;
            marks_in_row = 1;
        }
        int face;
        hb_codepoint_t gid;
        if (follows_previous(cp)) {
            face = seg_face >= 0 ? seg_face : first_face;
            /* a mark its base's face lacks (é's ́ after 测): from a face that has it, else
             * reported, never a silent box */
            if (is_mark(cp) && !hb_font_get_nominal_glyph(fs->faces[face].pub.hb_font, cp, &gid)) {
                int other = pick_face(fs, order, cp);
                if (other >= 0)
                    face = other;
                else
                    report_missing(sh, role, cp, diags);
            }
        } else if ((face = pick_face(fs, order, cp)) < 0) {
            report_missing(sh, role, cp, diags);
            face = first_face; /* its .notdef */
        }
        if (face != seg_face) {
            if (seg_face >= 0)
                shape_segment(sh, seg_face, text, len, seg_start, i - seg_start, &o);
            seg_face = face;
            seg_start = i;
        }
        i += l;
    }
    shape_segment(sh, seg_face, text, len, seg_start, len - seg_start, &o);

    if (o.n == 0) {
        free(o.g);
        return 0;
    }
    *out = o.g;
    return o.n;
}

bool gw_glyph_ink(const gw_fontset *fs, int face, uint32_t gid, double *x_min, double *x_max,
                  double *y_min, double *y_max)
{
    double v[4] = { 0, 0, 0, 0 };
    bool ok = false;
    hb_glyph_extents_t e;
    if (fs && face >= 0 && (size_t)face < fs->n_faces &&
        hb_font_get_glyph_extents(fs->faces[face].pub.hb_font, gid, &e) && e.width != 0 &&
        e.height != 0) {
        /* HarfBuzz: bearing is the top-left corner, height negative (y up). */
        double upem = fs->faces[face].pub.upem;
        double x0 = e.x_bearing, x1 = (double)e.x_bearing + e.width;
        double y1 = e.y_bearing, y0 = (double)e.y_bearing + e.height;
        v[0] = (x0 < x1 ? x0 : x1) / upem;
        v[1] = (x0 < x1 ? x1 : x0) / upem;
        v[2] = (y0 < y1 ? y0 : y1) / upem;
        v[3] = (y0 < y1 ? y1 : y0) / upem;
        ok = true;
    }
    if (x_min)
        *x_min = v[0];
    if (x_max)
        *x_max = v[1];
    if (y_min)
        *y_min = v[2];
    if (y_max)
        *y_max = v[3];
    return ok;
}
