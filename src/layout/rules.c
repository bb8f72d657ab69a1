/* rules.c: loads a rules file of layouts/ (inih) into struct gw_layout_rules.
 *
 * Owns: the key table (section, key, type, where it goes), unit conversion (every length is
 * stored in pt), a format's file laid over the file it names as its base (`[format] base =
 * gbt9704.ini`: the base's keys first, then the format's own), and the checks: every key must
 * be present (the C code has no fallback numbers of its own) except those of a part the
 * format does not use ([letter] without the letter 版头), unknown keys are warned about,
 * values must be sane. */
#include <ini.h>
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../base/gw_util.h"
#include "lay_int.h"

typedef enum {
    K_MM,      /* length in mm, stored in pt */
    K_MM_AUTO, /* as K_MM, or 'auto' (stored as -1) */
    K_PT,      /* length in pt */
    K_NUM,     /* plain number (字, scale) */
    K_INT,
    K_BOOL,
    K_ROLE,    /* a typeface role by its Chinese name */
    K_CHARS,   /* a set of characters; continuation lines append */
    K_ALIGN,   /* centre | left */
    K_MEASURE, /* ink | em */
    K_ENUM     /* one of the key's choices, stored as its index (int) */
} key_type;

/* When a key is required: always, or only with a part the format chooses. */
typedef enum { NEED_ALWAYS = 0, NEED_LETTER } key_need;

typedef struct {
    const char *section, *name;
    key_type type;
    size_t off;
    const char *const *choices; /* K_ENUM: the values, NULL-terminated */
    key_need need;
} key_def;

static const char *const format_names[] = { "文件", "信函", "命令", "纪要", NULL };
static const char *const header_names[] = { "document", "letter", NULL };
static const char *const mark_from_names[] = { "type_area", "sheet", NULL };

#define O(f) offsetof(struct gw_layout_rules, f)
#define R(f) O(f), NULL, NEED_ALWAYS
#define LETTER(f) O(f), NULL, NEED_LETTER
static const key_def keys[] = {
    { "format", "name", K_ENUM, O(format), format_names, NEED_ALWAYS },
    { "format", "header", K_ENUM, O(header_variant), header_names, NEED_ALWAYS },
    { "page", "paper_width_mm", K_MM, R(paper_w) },
    { "page", "paper_height_mm", K_MM, R(paper_h) },
    { "page", "top_margin_mm", K_MM, R(top_margin) },
    { "page", "binding_margin_mm", K_MM, R(binding_margin) },
    { "page", "type_area_width_mm", K_MM, R(area_w) },
    { "page", "type_area_height_mm", K_MM, R(area_h) },
    { "page", "mirror_even_pages", K_BOOL, R(mirror_even) },
    { "grid", "lines_per_page", K_INT, R(lines_per_page) },
    { "grid", "chars_per_line", K_INT, R(chars_per_line) },
    { "grid", "text_size_pt", K_PT, R(text_size) },
    { "grid", "line_pitch_mm", K_MM_AUTO, R(line_pitch) },
    { "grid", "cell_align", K_ALIGN, R(cell_centre) },
    { "text", "body_font", K_ROLE, R(body_role) },
    { "text", "heading1_font", K_ROLE, R(heading_role[0]) },
    { "text", "heading2_font", K_ROLE, R(heading_role[1]) },
    { "text", "heading3_font", K_ROLE, R(heading_role[2]) },
    { "text", "heading4_font", K_ROLE, R(heading_role[3]) },
    { "text", "paragraph_indent_chars", K_NUM, R(paragraph_indent) },
    { "text", "pull_max_chars", K_NUM, R(pull_max) },
    { "text", "no_single_char_last_line", K_BOOL, R(no_single_char_last_line) },
    { "text", "pull_tracking_max_pt", K_PT, R(pull_tracking_max) },
    { "text", "stretch_limit_pt", K_PT, R(stretch_limit) },
    { "text", "punct_compress_chars", K_NUM, R(punct_compress) },
    { "text", "digit_width_chars", K_NUM, R(digit_width) },
    { "text", "latin_run_align", K_ALIGN, R(latin_run_centre) },
    { "kinsoku", "no_line_start", K_CHARS, R(no_line_start) },
    { "kinsoku", "no_line_end", K_CHARS, R(no_line_end) },
    { "kinsoku", "no_split", K_CHARS, R(no_split) },
    { "kinsoku", "punct_ink_left", K_CHARS, R(punct_ink_left) },
    { "kinsoku", "punct_ink_right", K_CHARS, R(punct_ink_right) },
    { "kinsoku", "number_units", K_CHARS, R(number_units) },
    { "kinsoku", "number_prefix", K_CHARS, R(number_prefix) },
    { "kinsoku", "url_break_after", K_CHARS, R(url_break_after) },
    { "header", "header_font", K_ROLE, R(header_role) },
    { "header", "two_char_spacing_chars", K_NUM, R(two_char_spacing) },
    { "header", "issuer_mark_font", K_ROLE, R(mark_role) },
    { "header", "issuer_mark_latin_font", K_ROLE, R(mark_latin_role) },
    { "header", "issuer_mark_top_mm", K_MM, R(mark_top) },
    { "header", "issuer_mark_top_from", K_ENUM, O(mark_top_from), mark_from_names, NEED_ALWAYS },
    { "header", "issuer_mark_top_measure", K_MEASURE, R(mark_top_ink) },
    { "header", "issuer_mark_size_pt", K_PT, R(mark_size) },
    { "header", "issuer_mark_hscale", K_NUM, R(mark_hscale) },
    { "header", "issuer_mark_hscale_min", K_NUM, R(mark_hscale_min) },
    { "header", "issuer_mark_joint_pitch", K_NUM, R(mark_joint_pitch) },
    { "header", "issuer_mark_joint_gap_chars", K_NUM, R(mark_joint_gap) },
    { "header", "issuer_mark_joint_max_height_mm", K_MM, R(mark_joint_max_height) },
    { "header", "doc_number_font", K_ROLE, R(doc_number_role) },
    { "header", "doc_number_gap_lines", K_INT, R(doc_number_gap_lines) },
    { "header", "red_rule", K_BOOL, R(red_rule) },
    { "header", "red_rule_gap_mm", K_MM, R(red_rule_gap) },
    { "header", "red_rule_width_mm", K_MM, R(red_rule_width) },
    { "header", "title_gap_lines", K_INT, R(title_gap_lines) },
    { "header", "addressee_gap_lines", K_INT, R(addressee_gap_lines) },
    { "header", "signer_indent_chars", K_NUM, R(signer_indent) },
    { "header", "signer_name_font", K_ROLE, R(signer_name_role) },
    { "header", "signer_names_per_line", K_INT, R(signer_names_per_line) },
    { "header", "signer_name_chars", K_NUM, R(signer_name_chars) },
    { "letter", "double_rule_length_mm", K_MM, LETTER(letter_rule_length) },
    { "letter", "thick_rule_mm", K_MM, LETTER(letter_thick_rule) },
    { "letter", "thin_rule_mm", K_MM, LETTER(letter_thin_rule) },
    { "letter", "rule_gap_mm", K_MM, LETTER(letter_rule_gap) },
    { "letter", "mark_gap_mm", K_MM, LETTER(letter_mark_gap) },
    { "letter", "bottom_rule_above_foot_mm", K_MM, LETTER(letter_bottom_rule) },
    { "letter", "header_gap_pt", K_PT, LETTER(letter_header_gap) },
    { "letter", "text_gap_pt", K_PT, LETTER(letter_text_gap) },
    { "title", "title_font", K_ROLE, R(title_role) },
    { "title", "title_latin_font", K_ROLE, R(title_latin_role) },
    { "title", "title_size_pt", K_PT, R(title_size) },
    { "closing", "attachment_note_gap_lines", K_INT, R(attachment_note_gap_lines) },
    { "closing", "attachment_note_indent_chars", K_NUM, R(attachment_note_indent) },
    { "closing", "signature_gap_lines", K_INT, R(signature_gap_lines) },
    { "closing", "signature_right_indent_chars", K_NUM, R(signature_right_indent) },
    { "closing", "date_offset_chars", K_NUM, R(date_offset) },
    { "closing", "note_indent_chars", K_NUM, R(note_indent) },
    { "seal", "date_right_indent_chars", K_NUM, R(sealed_date_right_indent) },
    { "seal", "default_size_mm", K_MM, R(seal_default_size) },
    { "seal", "min_size_mm", K_MM, R(seal_min_size) },
    { "seal", "max_size_mm", K_MM, R(seal_max_size) },
    { "seal", "signature_below_centre_mm", K_MM, R(seal_signature_below_centre) },
    { "seal", "text_clearance_mm", K_MM, R(seal_text_clearance) },
    { "seal", "gap_mm", K_MM, R(seal_gap) },
    { "seal", "per_row", K_INT, R(seals_per_row) },
    { "attendance", "label_font", K_ROLE, R(attendance_label_role) },
    { "attendance", "gap_lines", K_INT, R(attendance_gap_lines) },
    { "attendance", "indent_chars", K_NUM, R(attendance_indent) },
    { "table", "font", K_ROLE, R(table_role) },
    { "table", "header_font", K_ROLE, R(table_header_role) },
    { "table", "size_pt", K_PT, R(table_size) },
    { "table", "line_pitch_pt", K_PT, R(table_line_pitch) },
    { "table", "cell_padding_mm", K_MM, R(table_pad_x) },
    { "table", "cell_padding_y_mm", K_MM, R(table_pad_y) },
    { "table", "rule_mm", K_MM, R(table_rule) },
    { "table", "frame_rule_mm", K_MM, R(table_frame_rule) },
    { "table", "min_column_chars", K_NUM, R(table_min_column) },
    { "table", "least_column_chars", K_NUM, R(table_least_column) },
    { "table", "landscape", K_BOOL, R(table_landscape) },
    { "table", "keep_rows", K_INT, R(table_keep_rows) },
    { "signature_stamp", "name_font", K_ROLE, R(stamp_name_role) },
    { "signature_stamp", "gap_lines", K_INT, R(stamp_gap_lines) },
    { "signature_stamp", "right_indent_chars", K_NUM, R(stamp_right_indent) },
    { "signature_stamp", "title_gap_chars", K_NUM, R(stamp_title_gap) },
    { "signature_stamp", "date_gap_lines", K_INT, R(stamp_date_gap_lines) },
    { "signature_stamp", "default_height_mm", K_MM, R(stamp_default_height) },
    { "signature_stamp", "min_height_mm", K_MM, R(stamp_min_height) },
    { "signature_stamp", "max_height_mm", K_MM, R(stamp_max_height) },
    { "signature_stamp", "row_gap_mm", K_MM, R(stamp_row_gap) },
    { "last_page", "squeeze_line_pitch_min_pt", K_PT, R(squeeze_pitch_min) },
    { "last_page", "carry_lines", K_INT, R(carry_lines) },
    { "last_page", "no_text_page", K_BOOL, R(no_text_page) },
    { "last_page", "no_text_note_font", K_ROLE, R(no_text_note_role) },
    { "last_page", "no_text_note_indent_chars", K_NUM, R(no_text_note_indent) },
    { "annex", "label_font", K_ROLE, R(annex_label_role) },
    { "annex", "attachment_label_line", K_INT, R(attachment_label_line) },
    { "annex", "attachment_title_line", K_INT, R(attachment_title_line) },
    { "annex", "issued_title_line", K_INT, R(issued_title_line) },
    { "annex", "title_gap_lines", K_INT, R(annex_title_gap_lines) },
    { "colophon", "font", K_ROLE, R(colophon_role) },
    { "colophon", "size_pt", K_PT, R(colophon_size) },
    { "colophon", "indent_chars", K_NUM, R(colophon_indent) },
    { "colophon", "thick_rule_mm", K_MM, R(thick_rule) },
    { "colophon", "thin_rule_mm", K_MM, R(thin_rule) },
    { "colophon", "row_pitch_mm", K_MM_AUTO, R(colophon_row_pitch) },
    { "colophon", "min_gap_mm", K_MM, R(colophon_min_gap) },
    { "colophon", "even_page", K_BOOL, R(colophon_even_page) },
    { "colophon", "rules", K_BOOL, R(colophon_rules) },
    { "colophon", "printer", K_BOOL, R(colophon_printer) },
    { "page_number", "font", K_ROLE, R(page_number_role) },
    { "page_number", "size_pt", K_PT, R(page_number_size) },
    { "page_number", "dash_below_type_area_mm", K_MM, R(page_number_dash_below) },
    { "page_number", "indent_chars", K_NUM, R(page_number_indent) },
    { "page_number", "dash_measure", K_MEASURE, R(page_number_dash_ink) },
    { "page_number", "first_page", K_BOOL, R(page_number_first) },
};
#undef R
#undef O
#undef LETTER
#define N_KEYS (sizeof keys / sizeof keys[0])

static const struct {
    const char *name;
    gw_font_role role;
} role_names[] = {
    { "小标宋", GW_ROLE_XIAOBIAOSONG }, { "仿宋", GW_ROLE_FANGSONG }, { "黑体", GW_ROLE_HEITI },
    { "楷体", GW_ROLE_KAITI },          { "宋体", GW_ROLE_SONGTI },   { "latin", GW_ROLE_LATIN },
};

typedef struct {
    gw_layout_rules *r;
    gw_diags *diags;
    bool *seen;   /* [N_KEYS], shared by a file and its bases */
    bool bad;
    FILE *file;
    int lineno; /* of the line the parser read last (inih of Debian 12 does not pass it) */
    size_t last; /* the key found last */
} load_state;

static char *read_line(char *str, int num, void *stream)
{
    load_state *st = stream;
    st->lineno++;
    return fgets(str, num, st->file);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

bool lay_charset_has(const lay_charset *s, uint32_t cp)
{
    return s->n && bsearch(&cp, s->cp, s->n, sizeof cp, cmp_u32) != NULL;
}

static void charset_add(lay_charset *s, const char *v)
{
    size_t len = strlen(v), n = gw_utf8_count(v, len);
    s->cp = gw_xrealloc(s->cp, (s->n + n + 1) * sizeof *s->cp);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += gw_utf8_decode(v + i, len - i, &cp);
        if (cp != ' ' && cp != '\t')
            s->cp[s->n++] = cp;
    }
    qsort(s->cp, s->n, sizeof *s->cp, cmp_u32);
}

static bool parse_num(const char *v, double *out)
{
    char *end;
    double d = strtod(v, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == v || *end || !isfinite(d))
        return false;
    *out = d;
    return true;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    load_state *st = user;
    int lineno = st->lineno;
    if (!strcmp(section, "format") && !strcmp(name, "base"))
        return 1; /* read before the file (find_base) */
    /* the files list their keys mostly in the table's order: look from after the last one
     * found, round the table (a whole search per key was a quarter of an engine's making) */
    size_t k = N_KEYS;
    for (size_t i = 0; i < N_KEYS; i++) {
        size_t j = (st->last + 1 + i) % N_KEYS;
        if (!strcmp(keys[j].name, name) && !strcmp(keys[j].section, section)) {
            k = j;
            st->last = j;
            break;
        }
    }
    if (k == N_KEYS) {
        gw_diags_add(st->diags, GW_WARNING, "rules-unknown-key", lineno, 0, "unknown layout key [%s] %s", section,
                     name);
        return 1;
    }
    const key_def *kd = &keys[k];
    char *field = (char *)st->r + kd->off;
    double d = 0;
    bool ok = true;
    switch (kd->type) {
    case K_MM_AUTO:
        if (!strcasecmp(value, "auto")) {
            *(double *)field = -1;
            break;
        }
        /* fall through */
    case K_MM:
        ok = parse_num(value, &d) && d >= 0;
        *(double *)field = d * LAY_MM;
        break;
    case K_PT:
    case K_NUM:
        ok = parse_num(value, &d) && d >= 0;
        *(double *)field = d;
        break;
    case K_INT:
        ok = parse_num(value, &d) && d >= 0 && d == floor(d) && d < 1000;
        *(int *)field = (int)d;
        break;
    case K_BOOL:
        if (!strcasecmp(value, "yes") || !strcasecmp(value, "true") || !strcmp(value, "1"))
            *(bool *)field = true;
        else if (!strcasecmp(value, "no") || !strcasecmp(value, "false") || !strcmp(value, "0"))
            *(bool *)field = false;
        else
            ok = false;
        break;
    case K_ROLE: {
        size_t i;
        for (i = 0; i < sizeof role_names / sizeof role_names[0]; i++)
            if (!strcmp(value, role_names[i].name))
                break;
        if (i == sizeof role_names / sizeof role_names[0])
            ok = false;
        else
            *(gw_font_role *)field = role_names[i].role;
        break;
    }
    case K_CHARS:
        if (!st->seen[k]) /* a format's own list replaces its base's; continuation lines add */
            ((lay_charset *)field)->n = 0;
        charset_add((lay_charset *)field, value);
        break;
    case K_ALIGN:
        if (!strcmp(value, "centre") || !strcmp(value, "center"))
            *(bool *)field = true;
        else if (!strcmp(value, "left"))
            *(bool *)field = false;
        else
            ok = false;
        break;
    case K_MEASURE:
        if (!strcmp(value, "ink"))
            *(bool *)field = true;
        else if (!strcmp(value, "em"))
            *(bool *)field = false;
        else
            ok = false;
        break;
    case K_ENUM: {
        int i = 0;
        while (kd->choices[i] && strcmp(value, kd->choices[i]))
            i++;
        if (!kd->choices[i])
            ok = false;
        else
            *(int *)field = i;
        break;
    }
    }
    if (!ok) {
        gw_diags_add(st->diags, GW_ERROR, "rules-bad-value", lineno, 0, "bad value for [%s] %s: '%s'", section, name,
                     value);
        st->bad = true;
    }
    st->seen[k] = true;
    return 1;
}

void gw_layout_rules_free(gw_layout_rules *r)
{
    if (!r)
        return;
    free(r->no_line_start.cp);
    free(r->no_line_end.cp);
    free(r->no_split.cp);
    free(r->punct_ink_left.cp);
    free(r->punct_ink_right.cp);
    free(r->number_units.cp);
    free(r->number_prefix.cp);
    free(r->url_break_after.cp);
    free(r);
}

/* `[format] base = FILE`: the file a format's rules are laid over. */
typedef struct {
    char *base;
    int line;
    int lineno;
    FILE *file;
} base_scan;

static char *scan_line(char *str, int num, void *stream)
{
    base_scan *b = stream;
    b->lineno++;
    return fgets(str, num, b->file);
}

static int on_base(void *user, const char *section, const char *name, const char *value)
{
    base_scan *b = user;
    if (!strcmp(section, "format") && !strcmp(name, "base") && !b->base) {
        b->base = gw_strdup(value);
        b->line = b->lineno;
    }
    return 1;
}

#define MAX_BASE_DEPTH 4

/* Reads path's keys into r (its base's first). seen: which keys some file gave. Messages about
 * a line of a base name that file. False on an unreadable file or a syntax error. */
static bool load_into(gw_layout_rules *r, bool *seen, const char *path, int depth, gw_diags *diags)
{
    /* a regular file of sane size: `--layout /dev/zero` must not read forever */
    size_t len = 0;
    char *text = gw_read_input(path, GW_MAX_RULES_SIZE, &len);
    int err = errno;
    if (!text) {
        gw_diags_add(diags, GW_ERROR, "rules-unreadable", 0, 0, "cannot read layout rules %s: %s",
                     path, err == EFBIG ? "larger than 1 MiB" : gw_read_input_error(err));
        return false;
    }
    bool ok = true;
    base_scan bs = { 0 };
    bs.file = fmemopen(text, len, "r");
    if (bs.file) {
        ini_parse_stream(scan_line, &bs, on_base, &bs);
        fclose(bs.file);
    }
    if (bs.base) {
        /* relative to the folder of the file that names it */
        const char *slash = strrchr(path, '/');
        char *bpath = bs.base[0] != '/' && slash
                          ? gw_asprintf("%.*s/%s", (int)(slash - path), path, bs.base)
                          : gw_strdup(bs.base);
        if (depth >= MAX_BASE_DEPTH) {
            gw_diags_add(diags, GW_ERROR, "rules-base", bs.line, 0,
                         "[format] base = %s: more than %d files laid over each other (a loop?)",
                         bs.base, MAX_BASE_DEPTH);
            ok = false;
        } else {
            gw_diags bd;
            gw_diags_init(&bd, bpath);
            ok = load_into(r, seen, bpath, depth + 1, &bd);
            gw_diags_move(diags, &bd);
            gw_diags_free(&bd);
            if (!ok)
                gw_diags_add(diags, GW_ERROR, "rules-base", bs.line, 0,
                             "cannot use the base rules %s", bpath);
        }
        free(bpath);
        free(bs.base);
    }
    load_state st = { .r = r, .diags = diags, .seen = gw_xcalloc(N_KEYS, sizeof(bool)) };
    st.file = ok ? fmemopen(text, len, "r") : NULL;
    int rc = st.file ? ini_parse_stream(read_line, &st, on_key, &st) : ok ? -1 : 0;
    if (st.file)
        fclose(st.file);
    free(text);
    if (rc < 0) {
        gw_diags_add(diags, GW_ERROR, "rules-unreadable", 0, 0, "cannot read layout rules %s", path);
        ok = false;
    }
    if (rc > 0) {
        gw_diags_add(diags, GW_ERROR, "rules-syntax", rc, 0, "syntax error");
        ok = false;
    }
    for (size_t k = 0; k < N_KEYS; k++)
        seen[k] = seen[k] || st.seen[k];
    free(st.seen);
    return ok && !st.bad;
}

gw_layout_rules *gw_layout_rules_load(const char *path, gw_diags *diags)
{
    gw_layout_rules *r = gw_xcalloc(1, sizeof *r);
    bool seen[N_KEYS] = { false };
    bool bad = !load_into(r, seen, path, 0, diags);
    /* after an error the missing keys say nothing new; else name them in one message (the
     * keys of a part the format does not use are not needed) */
    gw_buf missing;
    gw_buf_init(&missing);
    size_t n_missing = 0;
    for (size_t k = 0; k < N_KEYS && !bad; k++) {
        bool needed = keys[k].need == NEED_ALWAYS ||
                      (keys[k].need == NEED_LETTER && r->header_variant == LAY_HEADER_LETTER);
        if (needed && !seen[k] && n_missing++ < 6)
            gw_buf_printf(&missing, "%s[%s] %s", n_missing > 1 ? ", " : "", keys[k].section,
                          keys[k].name);
    }
    if (n_missing) {
        if (n_missing > 6)
            gw_buf_printf(&missing, " and %zu more", n_missing - 6);
        gw_diags_add(diags, GW_ERROR, "rules-missing-key", 0, 0, "missing key%s %s", n_missing > 1 ? "s" : "",
                     missing.data);
        bad = true;
    }
    gw_buf_free(&missing);
    if (!bad) {
        /* 'auto' pitches: option B of the spec (§1.3): 22 em boxes fill the 版心 edge to edge. */
        if (r->line_pitch < 0 && r->lines_per_page > 1)
            r->line_pitch = (r->area_h - r->text_size) / (r->lines_per_page - 1);
        if (r->colophon_row_pitch < 0)
            r->colophon_row_pitch = r->line_pitch;
        if (r->lines_per_page < 1 || r->chars_per_line < 1 || r->line_pitch <= 0 ||
            r->text_size <= 0 || r->area_w <= 0 || r->title_size <= 0 || r->mark_size <= 0 ||
            r->mark_hscale <= 0 || r->mark_hscale_min <= 0 || r->colophon_size <= 0 ||
            r->page_number_size <= 0 || r->signer_names_per_line < 1 ||
            r->mark_joint_pitch <= 0 || r->mark_joint_max_height <= 0 ||
            r->seal_default_size <= 0 || r->seal_min_size > r->seal_max_size ||
            r->seals_per_row < 1 || r->stamp_default_height <= 0 ||
            r->stamp_min_height > r->stamp_max_height || r->squeeze_pitch_min <= 0 ||
            r->carry_lines < 1 || r->table_size <= 0 || r->table_line_pitch <= 0) {
            gw_diags_add(diags, GW_ERROR, "rules-bad-value", 0, 0, "%s: a size, count or pitch is zero (or a minimum above its maximum)", path);
            bad = true;
        }
    }
    if (bad) {
        gw_layout_rules_free(r);
        return NULL;
    }
    return r;
}
