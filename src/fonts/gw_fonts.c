/* gw_fonts.c: finding and loading the faces of each 公文 role.
 *
 * Owns: reading fonts/roles.ini, resolving each candidate family through fontconfig (the
 * system configuration plus fonts/fonts.conf), loading each chosen face once with HarfBuzz
 * (mmap'd), the ideographic em box of each face, the one warning per role that fell back, and
 * the listing of `gongwen fonts`. Shaping with per-glyph fallback is in gw_shape.c.
 *
 * fontconfig is used only while opening: every candidate is resolved, the file names and face
 * indices are copied, and the configuration is destroyed before gw_fontset_open returns. */
#include "gw_fonts_private.h"

#include <limits.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <ini.h>

#include "../base/gw_util.h"

/* diags may be NULL for callers that only want the fonts. */
#define DIAG(d, sev, rule, ...)                                \
    do {                                                       \
        if (d)                                                 \
            gw_diags_add((d), (sev), (rule), 0, 0, __VA_ARGS__); \
    } while (0)

static const char *const role_names[GW_ROLE_COUNT] = {
    "小标宋", "仿宋", "黑体", "楷体", "宋体", "Latin",
};
/* Section names accepted in roles.ini besides the role names above. */
static const char *const role_aliases[GW_ROLE_COUNT] = {
    "xiaobiaosong", "fangsong", "heiti", "kaiti", "songti", "西文",
};
/* What each role sets, for `gongwen fonts`. */
static const char *const role_use[GW_ROLE_COUNT] = {
    "发文机关标志, 标题",
    "正文 and everything without a role of its own",
    "一级标题, 密级, 紧急程度, 附件",
    "二级标题, 签发人",
    "页码",
    "digits and Latin letters",
};

const char *gw_role_name(gw_font_role role)
{
    if ((unsigned)role < GW_ROLE_COUNT)
        return role_names[role];
    return "?";
}

/* ---- roles.ini --------------------------------------------------------------------------- */

enum { SECTION_FALLBACK = GW_ROLE_COUNT, N_SECTIONS };
enum { LIST_OFFICE, LIST_STANDINS, N_LISTS };

typedef struct {
    char *family;
    char *style;   /* the weight as written (`Bold`, `700`), for messages; NULL: regular */
    int weight;    /* the weight asked for, OS/2 usWeightClass scale (400 regular, 700 bold) */
    bool italic;   /* an italic (or oblique) face asked for */
    bool standin;
} candidate;

typedef struct {
    candidate *items;
    size_t n, cap;
} candidate_list;

typedef struct {
    candidate_list lists[N_SECTIONS][N_LISTS];
    bool seen[N_SECTIONS];
    gw_diags *diags;
} roles_file;

static int section_index(const char *section)
{
    for (int r = 0; r < GW_ROLE_COUNT; r++)
        if (strcasecmp(section, role_names[r]) == 0 || strcasecmp(section, role_aliases[r]) == 0)
            return r;
    if (strcasecmp(section, "fallback") == 0)
        return SECTION_FALLBACK;
    return -1;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

/* Weight names (the style names fonts use for their weights) on the OS/2 scale. */
static const struct {
    const char *name;
    int weight;
} weight_names[] = {
    { "Thin", 100 }, { "Hairline", 100 }, { "ExtraLight", 200 }, { "UltraLight", 200 },
    { "Light", 300 }, { "DemiLight", 350 }, { "SemiLight", 350 }, { "Book", 400 },
    { "Regular", 400 }, { "Normal", 400 }, { "Roman", 400 }, { "Plain", 400 },
    { "Standard", 400 }, { "常规", 400 }, { "標準", 400 }, { "Medium", 500 },
    { "SemiBold", 600 }, { "DemiBold", 600 }, { "Bold", 700 }, { "ExtraBold", 800 },
    { "UltraBold", 800 }, { "Heavy", 900 }, { "Black", 900 },
};

/* The weight a style name or number means; 0 when it names none. */
static int weight_of_name(const char *s)
{
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (end != s && !*end)
        return v >= 1 && v <= 1000 ? (int)v : 0;
    for (size_t i = 0; i < sizeof weight_names / sizeof *weight_names; i++)
        if (strcasecmp(s, weight_names[i].name) == 0)
            return weight_names[i].weight;
    return 0;
}

/* `Bold`, `Bold Italic`, `Italic`, `700`: the weight (400 when it names none) and slant.
 * False when a word is neither. */
static bool parse_style(const char *style, int *weight, bool *italic)
{
    char *copy = gw_strdup(style), *save = NULL;
    bool ok = true;
    for (char *w = strtok_r(copy, " ", &save); w && ok; w = strtok_r(NULL, " ", &save)) {
        if (strcasecmp(w, "Italic") == 0 || strcasecmp(w, "Oblique") == 0)
            *italic = true;
        else if (weight_of_name(w))
            *weight = weight_of_name(w);
        else
            ok = false;
    }
    free(copy);
    return ok;
}

static void add_candidate(roles_file *rf, candidate_list *l, char *item, bool standin)
{
    char *family = item, *style = NULL;
    int weight = 400;
    bool italic = false;
    char *colon = strchr(item, ':');
    if (colon) {
        *colon = '\0';
        char *attr = trim(colon + 1);
        bool ok = strncmp(attr, "style=", 6) == 0 || strncmp(attr, "weight=", 7) == 0;
        style = ok ? trim(strchr(attr, '=') + 1) : NULL;
        if (!style || !*style || !parse_style(style, &weight, &italic)) {
            DIAG(rf->diags, GW_WARNING, "fonts-config", "roles.ini: %s: only `:style=WEIGHT` (Regular, "
                 "Bold, Light …, 100–900, optionally Italic) may follow a family; candidate "
                 "skipped", trim(family));
            return;
        }
    }
    family = trim(family);
    if (!*family)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = gw_xrealloc(l->items, l->cap * sizeof *l->items);
    }
    l->items[l->n++] = (candidate){ gw_strdup(family), gw_strdup(style), weight, italic, standin };
}

/* inih calls this for each key, and again for each indented continuation line. */
static int roles_handler(void *user, const char *section, const char *name, const char *value)
{
    roles_file *rf = user;
    int s = section_index(section);
    if (s < 0) {
        DIAG(rf->diags, GW_WARNING, "fonts-config", "roles.ini: unknown section [%s] ignored (roles are 小标宋, "
             "仿宋, 黑体, 楷体, 宋体, Latin, and fallback)", section);
        return 1;
    }
    int list;
    if (strcmp(name, "office") == 0)
        list = LIST_OFFICE;
    else if (strcmp(name, "standins") == 0 || strcmp(name, "standin") == 0)
        list = LIST_STANDINS;
    else {
        DIAG(rf->diags, GW_WARNING, "fonts-config", "roles.ini: [%s] unknown key %s ignored (keys are office and "
             "standins)", section, name);
        return 1;
    }
    rf->seen[s] = true;
    char *copy = gw_strdup(value), *save = NULL;
    for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save))
        add_candidate(rf, &rf->lists[s][list], item, list == LIST_STANDINS);
    free(copy);
    return 1;
}

static void roles_file_free(roles_file *rf)
{
    for (int s = 0; s < N_SECTIONS; s++)
        for (int k = 0; k < N_LISTS; k++) {
            candidate_list *l = &rf->lists[s][k];
            for (size_t i = 0; i < l->n; i++) {
                free(l->items[i].family);
                free(l->items[i].style);
            }
            free(l->items);
        }
}

/* ---- fontconfig -------------------------------------------------------------------------- */

typedef struct {
    const char *family; /* owned by the fontconfig pattern */
    const char *style;
    const char *full_name;
    const char *file;
    int index;
    int weight;         /* OS/2 scale, as fontconfig and the style names say */
} found_font;

/* The weight of a listed face on the OS/2 scale. fontconfig's FC_WEIGHT, except where it says
 * regular and a style name says otherwise (the Fandol Bold faces report a regular weight);
 * a face whose style names include a weight and "Regular" as well (Noto CJK Thin lists
 * "Thin,Regular") is its own weight, never regular. */
static int listed_weight(FcPattern *p)
{
    int fcw = FC_WEIGHT_REGULAR;
    FcPatternGetInteger(p, FC_WEIGHT, 0, &fcw);
    int w = (int)lround(FcWeightToOpenTypeDouble((double)fcw));
    if (w <= 0)
        w = 400;
    FcChar8 *s;
    for (int i = 0; w == 400 && FcPatternGetString(p, FC_STYLE, i, &s) == FcResultMatch; i++) {
        int named = weight_of_name((const char *)s);
        if (named && named != 400)
            w = named;
    }
    return w;
}

/* How far a listed face is from what c asks: an italic or a condensed face far, then the
 * distance of its weight from the weight asked for. */
static int distance_from(FcPattern *p, const candidate *c)
{
    int d = 0, slant = FC_SLANT_ROMAN, width;
    FcPatternGetInteger(p, FC_SLANT, 0, &slant);
    if ((slant != FC_SLANT_ROMAN) != c->italic)
        d += 100000;
    if (FcPatternGetInteger(p, FC_WIDTH, 0, &width) == FcResultMatch && width != FC_WIDTH_NORMAL)
        d += 10000;
    return d + abs(listed_weight(p) - c->weight);
}

/* Lists the fonts whose family really is c->family (one of their family names, any language)
 * and picks the face nearest the weight c asks for, by weight, never by a style name's mere
 * presence. FcFontList does no substitution, so an alias rule can never pass another font off
 * as the candidate; a face of a collection comes with its own FC_INDEX. */
static bool find_font(FcConfig *cfg, FcObjectSet *os, const candidate *c, FcFontSet **set,
                      found_font *out)
{
    FcPattern *pat = FcPatternCreate();
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)c->family);
    *set = FcFontList(cfg, pat, os);
    FcPatternDestroy(pat);
    if (!*set)
        return false;

    FcPattern *best = NULL;
    int best_d = INT_MAX;
    for (int i = 0; i < (*set)->nfont; i++) {
        FcPattern *p = (*set)->fonts[i];
        FcChar8 *file, *format;
        int index;
        FcBool variable;
        if (FcPatternGetString(p, FC_FILE, 0, &file) != FcResultMatch ||
            FcPatternGetInteger(p, FC_INDEX, 0, &index) != FcResultMatch)
            continue;
        /* HarfBuzz reads sfnt fonts only (TrueType or CFF outlines, alone or in a collection). */
        if (FcPatternGetString(p, FC_FONTFORMAT, 0, &format) == FcResultMatch &&
            strcmp((const char *)format, "TrueType") != 0 && strcmp((const char *)format, "CFF") != 0)
            continue;
        /* A variable font is listed once as a whole and once per named instance: take the
         * instances. */
        if (FcPatternGetBool(p, FC_VARIABLE, 0, &variable) == FcResultMatch && variable)
            continue;
        int d = distance_from(p, c);
        if (d < best_d) {
            best_d = d;
            best = p;
        }
    }
    if (!best)
        return false;

    FcChar8 *s;
    out->family = c->family;
    for (int i = 0; FcPatternGetString(best, FC_FAMILY, i, &s) == FcResultMatch; i++)
        if (strcasecmp((const char *)s, c->family) == 0) {
            out->family = (const char *)s; /* as fontconfig spells it */
            break;
        }
    out->style = NULL;
    if (FcPatternGetString(best, FC_STYLE, 0, &s) == FcResultMatch)
        out->style = (const char *)s;
    out->full_name = NULL;
    if (FcPatternGetString(best, FC_FULLNAME, 0, &s) == FcResultMatch)
        out->full_name = (const char *)s;
    FcPatternGetString(best, FC_FILE, 0, &s);
    out->file = (const char *)s;
    FcPatternGetInteger(best, FC_INDEX, 0, &out->index);
    out->weight = listed_weight(best);
    return true;
}

/* ---- faces ------------------------------------------------------------------------------- */

static int16_t be16(const char *p)
{
    return (int16_t)(((unsigned)(unsigned char)p[0] << 8) | (unsigned char)p[1]);
}

/* The ideographic em box: from the BASE table for the 'hani' script when it has it (Noto CJK
 * does), else from OS/2 sTypoAscender/Descender when they span exactly one em (the usual CJK
 * convention), else the common 0.88 / −0.12 split (GW_EM_TOP_DEFAULT). */
static void set_em_box(gw_face *f)
{
    const hb_tag_t hani = HB_TAG('h', 'a', 'n', 'i');
    hb_position_t top = 0, bottom = 0;
    bool has_bottom = hb_ot_layout_get_baseline(
        f->hb_font, HB_OT_LAYOUT_BASELINE_TAG_IDEO_EMBOX_BOTTOM_OR_LEFT, HB_DIRECTION_LTR, hani,
        HB_TAG_NONE, &bottom);
    bool has_top = hb_ot_layout_get_baseline(
        f->hb_font, HB_OT_LAYOUT_BASELINE_TAG_IDEO_EMBOX_TOP_OR_RIGHT, HB_DIRECTION_LTR, hani,
        HB_TAG_NONE, &top);
    double upem = f->upem;
    if (has_bottom || has_top) {
        if (!has_top)
            top = bottom + (hb_position_t)f->upem;
        if (!has_bottom)
            bottom = top - (hb_position_t)f->upem;
        f->em_top = top / upem;
        f->em_bottom = bottom / upem;
        return;
    }
    hb_blob_t *os2 = hb_face_reference_table(f->hb_face, HB_TAG('O', 'S', '/', '2'));
    unsigned len = 0;
    const char *d = hb_blob_get_data(os2, &len);
    bool done = false;
    if (d && len >= 72) {
        int asc = be16(d + 68), desc = be16(d + 70);
        if (asc > 0 && desc <= 0 && (unsigned)(asc - desc) == f->upem) {
            f->em_top = asc / upem;
            f->em_bottom = desc / upem;
            done = true;
        }
    }
    hb_blob_destroy(os2);
    if (!done) {
        f->em_top = GW_EM_TOP_DEFAULT;
        f->em_bottom = GW_EM_BOTTOM_DEFAULT;
    }
}

static bool has_table(hb_face_t *face, hb_tag_t tag)
{
    hb_blob_t *b = hb_face_reference_table(face, tag);
    bool has = hb_blob_get_length(b) > 0;
    hb_blob_destroy(b);
    return has;
}

static uint32_t be32(const char *p)
{
    return (uint32_t)(unsigned char)p[0] << 24 | (uint32_t)(unsigned char)p[1] << 16 |
           (uint32_t)(unsigned char)p[2] << 8 | (unsigned char)p[3];
}

gw_embedding gw_fs_type_embedding(unsigned fs_type)
{
    /* Bits 0–3 are the usage permissions: 0 installable, 2 (bit 1) restricted, 4 preview &
     * print, 8 editable. A face that sets bit 1 with a less restrictive bit grants the less
     * restrictive one (the spec: "the least restrictive" applies). */
    unsigned usage = fs_type & 0xF;
    bool restricted = usage == 0x2;
    if (restricted || (fs_type & 0x200))
        return GW_EMBED_FORBIDDEN;
    if (fs_type & 0x100)
        return GW_EMBED_WHOLE;
    return GW_EMBED_SUBSET;
}

/* The face-wide metrics of gw_face_metrics, from head, post and OS/2, read once here rather
 * than by the PDF back end for every document. */
static void set_metrics(gw_face *f)
{
    gw_face_metrics *m = &f->metrics;
    memset(m, 0, sizeof *m);
    unsigned len;
    hb_blob_t *blob = hb_face_reference_table(f->hb_face, HB_TAG('h', 'e', 'a', 'd'));
    const char *p = hb_blob_get_data(blob, &len);
    if (p && len >= 44)
        for (int i = 0; i < 4; i++)
            m->bbox[i] = be16(p + 36 + 2 * i);
    hb_blob_destroy(blob);

    blob = hb_face_reference_table(f->hb_face, HB_TAG('p', 'o', 's', 't'));
    p = hb_blob_get_data(blob, &len);
    if (p && len >= 16) {
        m->italic_angle = round((int32_t)be32(p + 4) / 65536.0 * 100) / 100;
        m->fixed_pitch = be32(p + 12) != 0;
    }
    hb_blob_destroy(blob);

    m->weight = 400;
    blob = hb_face_reference_table(f->hb_face, HB_TAG('O', 'S', '/', '2'));
    p = hb_blob_get_data(blob, &len);
    if (p && len >= 64) {
        const unsigned char *u = (const unsigned char *)p;
        m->weight = (unsigned)u[4] << 8 | u[5];
        int family_class = be16(p + 30) >> 8;
        /* serif: an OS/2 serif class, or a PANOSE Latin Text face with a serif style */
        m->serif = (family_class >= 1 && family_class <= 7 && family_class != 6) ||
                   (u[32] == 2 && u[33] >= 2 && u[33] <= 10);
        m->script = family_class == 10 || u[32] == 3;
        m->italic = (u[63] & 1) != 0;
        m->fs_type = (unsigned)u[8] << 8 | u[9];
    }
    hb_blob_destroy(blob);
    if (m->italic_angle != 0)
        m->italic = true;
    if (m->weight < 100 || m->weight > 1000)
        m->weight = 400;

    hb_position_t v;
    if ((m->has_ascender = hb_ot_metrics_get_position(f->hb_font,
                                                      HB_OT_METRICS_TAG_HORIZONTAL_ASCENDER, &v)))
        m->ascender = v;
    if ((m->has_descender = hb_ot_metrics_get_position(f->hb_font,
                                                       HB_OT_METRICS_TAG_HORIZONTAL_DESCENDER, &v)))
        m->descender = v;
    if ((m->has_cap_height = hb_ot_metrics_get_position(f->hb_font, HB_OT_METRICS_TAG_CAP_HEIGHT,
                                                        &v) && v > 0))
        m->cap_height = v;
}

/* What an OS/2 fsType says, in the specification's words. */
static const char *fs_type_words(unsigned fs_type)
{
    if ((fs_type & 0xF) == 0x2)
        return "Restricted License embedding";
    if (fs_type & 0x200)
        return "Bitmap embedding only";
    if (fs_type & 0x100)
        return "No subsetting";
    if (fs_type & 0x8)
        return "Editable embedding";
    if (fs_type & 0x4)
        return "Preview & Print embedding";
    return "Installable embedding";
}

/* Returns the index of the face for ff, loading it unless an earlier role already did;
 * -1 (with a warning) when the file is not a usable font, ADD_FACE_FORBIDDEN (with a warning
 * naming the face and the licence bit) when its licence forbids embedding it. */
enum { ADD_FACE_FORBIDDEN = -2 };
static void destroy_font_set(void *set)
{
    FcFontSetDestroy(set);
}

static int add_face(gw_fontset *fs, const found_font *ff, gw_font_role role, bool standin,
                    bool fallback_only, gw_diags *diags)
{
    for (size_t i = 0; i < fs->n_faces; i++)
        if (fs->faces[i].fc_index == ff->index && strcmp(fs->faces[i].pub.file, ff->file) == 0)
            return (int)i;

    /* fontconfig puts a named instance of a variable font in the upper 16 bits. */
    unsigned face_index = (unsigned)ff->index & 0xFFFFu, instance = (unsigned)ff->index >> 16;
    /* room first: once the HarfBuzz objects exist, the record holds them (gw_fontset_close
     * releases them if the call runs out of memory) */
    if (fs->n_faces == fs->cap_faces) {
        size_t cap = fs->cap_faces ? fs->cap_faces * 2 : 16;
        fs->faces = gw_xrealloc(fs->faces, cap * sizeof *fs->faces);
        fs->cap_faces = cap;
    }
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(ff->file);
    if (!blob) {
        DIAG(diags, GW_WARNING, "font-unusable", "font role %s: cannot read %s; skipped", gw_role_name(role), ff->file);
        return -1;
    }
    hb_face_t *face = face_index < hb_face_count(blob) ? hb_face_create(blob, face_index) : NULL;
    if (!face || hb_face_get_glyph_count(face) == 0) {
        hb_face_destroy(face);
        hb_blob_destroy(blob);
        DIAG(diags, GW_WARNING, "font-unusable", "font role %s: %s (face %u) is not a usable font; skipped",
             gw_role_name(role), ff->file, face_index);
        return -1;
    }
    hb_face_make_immutable(face);
    /* HarfBuzz makes a face's name table (and the languages of its names, in a process-wide
     * list) on first use, lock-free; the back ends read the PostScript name from any thread:
     * made here, in the thread that opens the fonts, before any render can start */
    unsigned name_len = 0;
    hb_ot_name_get_utf8(face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID, &name_len, NULL);

    gw_face_rec *rec = &fs->faces[fs->n_faces++]; /* (given back if the licence says no) */
    memset(rec, 0, sizeof *rec);
    gw_face *f = &rec->pub;
    f->blob = blob;
    f->hb_face = face;
    f->role = role;
    f->family = gw_strdup(ff->family);
    f->file = gw_strdup(ff->file);
    f->index = (int)face_index;
    f->standin = standin;
    f->cff2 = !has_table(face, HB_TAG('C', 'F', 'F', ' ')) && has_table(face, HB_TAG('C', 'F', 'F', '2'));
    f->cff = f->cff2 || has_table(face, HB_TAG('C', 'F', 'F', ' '));
    f->upem = hb_face_get_upem(face);
    f->hb_font = hb_font_create(face);
    hb_font_set_scale(f->hb_font, (int)f->upem, (int)f->upem);
    if (instance > 0)
        hb_font_set_var_named_instance(f->hb_font, instance - 1);
    hb_font_make_immutable(f->hb_font);
    set_em_box(f);
    set_metrics(f);
    f->full_name = gw_strdup(ff->full_name ? ff->full_name : ff->family);
    f->weight = (unsigned)ff->weight;
    f->embedding = gw_fs_type_embedding(f->metrics.fs_type);
    if (f->embedding == GW_EMBED_FORBIDDEN) {
        DIAG(diags, GW_WARNING, "font-licence", "font role %s: %s (%s) may not be embedded: its "
             "OS/2 fsType 0x%04X says %s; skipped", gw_role_name(role), f->full_name, f->file,
             f->metrics.fs_type, fs_type_words(f->metrics.fs_type));
        fs->n_faces--;
        hb_font_destroy(f->hb_font);
        hb_face_destroy(f->hb_face);
        hb_blob_destroy(f->blob);
        free(f->family);
        free(f->file);
        free(f->full_name);
        memset(rec, 0, sizeof *rec);
        return ADD_FACE_FORBIDDEN;
    }
    rec->fc_index = ff->index;
    rec->style = gw_strdup(ff->style);
    rec->fallback_only = fallback_only;
    return (int)fs->n_faces - 1;
}

static void append_int(int **a, size_t *n, int v)
{
    for (size_t i = 0; i < *n; i++)
        if ((*a)[i] == v)
            return; /* two names of one font (仿宋 and FangSong) give one face */
    *a = gw_xrealloc(*a, (*n + 1) * sizeof **a);
    (*a)[(*n)++] = v;
}

/* "a, b, c" */
static char *join_families(const candidate_list *l, size_t from, size_t to)
{
    gw_buf b;
    gw_buf_init(&b);
    for (size_t i = from; i < to && i < l->n; i++) {
        if (b.len)
            gw_buf_puts(&b, ", ");
        gw_buf_puts(&b, l->items[i].family);
        if (l->items[i].style)
            gw_buf_printf(&b, " %s", l->items[i].style);
    }
    return gw_buf_steal(&b);
}

static char *describe_face(const gw_face_rec *r)
{
    const gw_face *f = &r->pub;
    if (f->index > 0)
        return gw_asprintf("%s%s%s (%s, face %d)", f->family, r->style ? " " : "",
                           r->style ? r->style : "", f->file, f->index);
    return gw_asprintf("%s%s%s (%s)", f->family, r->style ? " " : "", r->style ? r->style : "",
                       f->file);
}

/* Resolves one section of roles.ini. For a role: warns once if the role's first face is not
 * its first candidate; an error if no candidate is installed. Returns false on that error. */
static bool resolve_section(gw_fontset *fs, const roles_file *rf, int s, FcConfig *cfg,
                            FcObjectSet *os, gw_diags *diags)
{
    bool is_role = s < GW_ROLE_COUNT;
    gw_font_role role = is_role ? (gw_font_role)s : GW_ROLE_FANGSONG;
    int **faces = is_role ? &fs->role_faces[s] : &fs->fallback;
    size_t *n_faces = is_role ? &fs->n_role_faces[s] : &fs->n_fallback;
    const candidate_list *office = &rf->lists[s][LIST_OFFICE];
    const candidate_list *standins = &rf->lists[s][LIST_STANDINS];

    /* Which candidate gave the first face: office list position, or standin position. */
    int first_list = -1;
    size_t first_pos = 0;
    gw_buf missing, refused;
    gw_buf_init(&missing);
    gw_buf_init(&refused);
    for (int k = 0; k < N_LISTS; k++) {
        const candidate_list *l = k == LIST_OFFICE ? office : standins;
        for (size_t i = 0; i < l->n; i++) {
            FcFontSet *set = NULL;
            found_font ff;
            int face = -1;
            bool found = find_font(cfg, os, &l->items[i], &set, &ff);
            gw_defer *d_set = set ? gw_mem_defer(destroy_font_set, set) : NULL;
            if (found)
                face = add_face(fs, &ff, role, l->items[i].standin, !is_role, diags);
            gw_mem_undefer(d_set);
            if (set)
                FcFontSetDestroy(set);
            if (face == ADD_FACE_FORBIDDEN) { /* installed, but its licence says no */
                if (refused.len)
                    gw_buf_puts(&refused, ", ");
                gw_buf_puts(&refused, l->items[i].family);
                continue;
            }
            if (face < 0) {
                if (k == LIST_OFFICE) {
                    if (missing.len)
                        gw_buf_puts(&missing, ", ");
                    gw_buf_puts(&missing, l->items[i].family);
                }
                continue;
            }
            if (*n_faces == 0) {
                first_list = k;
                first_pos = i;
            }
            append_int(faces, n_faces, face);
        }
    }
    if (is_role && missing.len)
        fs->missing_office[s] = gw_buf_steal(&missing);
    gw_buf_free(&missing);
    if (*n_faces)
        gw_buf_free(&refused);

    const char *name = is_role ? role_names[s] : "fallback";
    if (*n_faces == 0) {
        char *all_office = join_families(office, 0, office->n);
        char *all_standins = join_families(standins, 0, standins->n);
        const char *sep = office->n && standins->n ? ", " : "";
        if (!is_role) {
            DIAG(diags, GW_WARNING, "font-fallback-missing", "font fallback: none of %s%s%s is installed; a character "
                 "missing from a role's fonts prints as an empty box", all_office, sep, all_standins);
        } else if (!office->n && !standins->n) {
            DIAG(diags, GW_ERROR, "fonts-config", "font role %s: roles.ini lists no font for it", name);
        } else if (refused.len) {
            DIAG(diags, GW_ERROR, "font-licence", "font role %s: no font may be embedded: %s "
                 "forbid%s it (OS/2 fsType) and none of the others of %s%s%s is installed",
                 name, refused.data, strchr(refused.data, ',') ? "" : "s", all_office, sep,
                 all_standins);
        } else {
            DIAG(diags, GW_ERROR, "font-missing", "font role %s: none of %s%s%s is installed (run setup.sh, or "
                 "install one of them)", name, all_office, sep, all_standins);
        }
        free(all_office);
        free(all_standins);
        gw_buf_free(&refused);
        return !is_role;
    }
    /* The role fell back unless its first face came from its very first candidate. */
    if (!is_role || (first_pos == 0 && (first_list == LIST_OFFICE || office->n == 0)))
        return true;

    const gw_face_rec *got = &fs->faces[(*faces)[0]];
    char *what = describe_face(got);
    if (first_list == LIST_STANDINS && office->n > 0) {
        char *names = join_families(office, 0, office->n);
        if (office->n > 1)
            DIAG(diags, GW_WARNING, "font-standin", "font role %s: none of %s is installed; using stand-in %s",
                 name, names, what);
        else
            DIAG(diags, GW_WARNING, "font-standin", "font role %s: %s is not installed; using stand-in %s",
                 name, names, what);
        free(names);
    } else {
        char *names = join_families(first_list == LIST_OFFICE ? office : standins, 0, first_pos);
        DIAG(diags, GW_WARNING, "font-standin", "font role %s: %s %s not installed; using %s%s", name, names,
             first_pos > 1 ? "are" : "is", got->pub.standin ? "stand-in " : "", what);
        free(names);
    }
    free(what);
    return true;
}

/* Per role, the order gw_shape tries the faces in: the role's own, the fallback faces, then
 * every other face of the set. */
static void build_search_orders(gw_fontset *fs)
{
    bool *taken = gw_xcalloc(fs->n_faces ? fs->n_faces : 1, sizeof *taken);
    for (int r = 0; r < GW_ROLE_COUNT; r++) {
        int *order = gw_xmalloc((fs->n_faces ? fs->n_faces : 1) * sizeof *order);
        size_t n = 0;
        memset(taken, 0, fs->n_faces * sizeof *taken);
        for (size_t i = 0; i < fs->n_role_faces[r]; i++)
            if (!taken[fs->role_faces[r][i]]) {
                taken[fs->role_faces[r][i]] = true;
                order[n++] = fs->role_faces[r][i];
            }
        for (size_t i = 0; i < fs->n_fallback; i++)
            if (!taken[fs->fallback[i]]) {
                taken[fs->fallback[i]] = true;
                order[n++] = fs->fallback[i];
            }
        for (size_t i = 0; i < fs->n_faces; i++)
            if (!taken[i])
                order[n++] = (int)i;
        fs->search[r] = order;
    }
    free(taken);
}

/* Where fontconfig looks for fonts and keeps its caches, as the system's fonts.conf says, and
 * the files where an administrator (local.conf) or a user adds folders. Not the forty rule files
 * of conf.d: FcFontList applies none of their substitutions, and parsing them was an eighth of
 * rendering a document (3.7 ms of 30). Bitmap faces stay out, as conf.d's 70-no-bitmaps says. */
static const char SYSTEM_FONTS_CONF[] =
    "<?xml version=\"1.0\"?><fontconfig>"
    "<dir>/usr/share/fonts</dir><dir>/usr/local/share/fonts</dir>"
    "<dir prefix=\"xdg\">fonts</dir><dir>~/.fonts</dir>"
    "<include ignore_missing=\"yes\">/etc/fonts/local.conf</include>"
    "<include ignore_missing=\"yes\" prefix=\"xdg\">fontconfig/fonts.conf</include>"
    "<include ignore_missing=\"yes\">~/.fonts.conf</include>"
    "<cachedir>/var/cache/fontconfig</cachedir><cachedir prefix=\"xdg\">fontconfig</cachedir>"
    "<cachedir>~/.fontconfig</cachedir>"
    "<selectfont><rejectfont><pattern><patelt name=\"scalable\"><bool>false</bool></patelt>"
    "</pattern></rejectfont></selectfont>"
    "</fontconfig>";

/* The system's configuration: the whole of it when the environment names one
 * (FONTCONFIG_FILE, FONTCONFIG_PATH), as fontconfig does, else the folders above. */
static FcConfig *system_fontconfig(void)
{
    if (getenv("FONTCONFIG_FILE") || getenv("FONTCONFIG_PATH"))
        return FcInitLoadConfig();
    FcConfig *cfg = FcConfigCreate();
    if (cfg && !FcConfigParseAndLoadFromMemory(cfg, (const FcChar8 *)SYSTEM_FONTS_CONF, FcTrue)) {
        FcConfigDestroy(cfg);
        return FcInitLoadConfig();
    }
    return cfg;
}

/* fontconfig resolves a configuration file name that is not absolute against its own
 * configuration folder, so the project's file is passed with its full path. */
static FcConfig *load_fontconfig(const char *fonts_dir, FcConfig **held, gw_diags *diags)
{
    FcConfig *cfg = *held = system_fontconfig();
    if (!cfg) {
        DIAG(diags, GW_ERROR, "fonts-config", "fontconfig: cannot load the system font configuration");
        return NULL;
    }
    char *conf = gw_asprintf("%s/fonts.conf", fonts_dir);
    char *abs = realpath(conf, NULL);
    if (!abs)
        DIAG(diags, GW_WARNING, "fonts-config", "%s not found; using the system fonts only", conf);
    else if (!FcConfigParseAndLoad(cfg, (const FcChar8 *)abs, FcTrue))
        DIAG(diags, GW_WARNING, "fonts-config", "%s could not be read; using the system fonts only", conf);
    free(abs);
    free(conf);
    if (!FcConfigBuildFonts(cfg)) {
        *held = NULL;
        FcConfigDestroy(cfg);
        DIAG(diags, GW_ERROR, "fonts-config", "fontconfig: cannot build the font list");
        return NULL;
    }
    return cfg;
}

/* Engines opened in parallel (batch workers) take turns in fontconfig: its global caches are
 * shared between configurations, and opening is a few milliseconds. */
static pthread_mutex_t fontconfig_lock = PTHREAD_MUTEX_INITIALIZER;

/* What opening holds while it runs: released on the way out, normal or not. */
typedef struct {
    pthread_mutex_t *lock;
    FcConfig *cfg;
    FcObjectSet *os;
    gw_fontset *fs; /* closed only when the call fails */
} open_state;

static void open_state_release(void *p)
{
    open_state *st = p;
    if (st->os)
        FcObjectSetDestroy(st->os);
    if (st->cfg)
        FcConfigDestroy(st->cfg);
    pthread_mutex_unlock(st->lock);
    gw_fontset_close(st->fs);
    st->os = NULL;
    st->cfg = NULL;
    st->fs = NULL;
}

gw_fontset *gw_fontset_open(const char *fonts_dir, gw_diags *diags)
{
    if (!fonts_dir) {
        DIAG(diags, GW_ERROR, "fonts-config", "fonts: no folder for roles.ini and fonts.conf");
        return NULL;
    }
    roles_file rf;
    memset(&rf, 0, sizeof rf);
    rf.diags = diags;
    char *roles_path = gw_asprintf("%s/roles.ini", fonts_dir);
    size_t roles_len = 0;
    char *roles_text = gw_read_input(roles_path, GW_MAX_RULES_SIZE, &roles_len);
    int roles_err = errno;
    int rc = roles_text ? ini_parse_string(roles_text, roles_handler, &rf) : -1;
    free(roles_text);
    if (rc < 0) {
        DIAG(diags, GW_ERROR, "fonts-config", "cannot read %s: %s", roles_path,
             gw_read_input_error(roles_err));
        free(roles_path);
        roles_file_free(&rf);
        return NULL;
    }
    if (rc > 0)
        DIAG(diags, GW_WARNING, "fonts-config", "%s:%d: not a `key = value` line; ignored", roles_path, rc);
    free(roles_path);

    open_state st = { &fontconfig_lock, NULL, NULL, NULL };
    pthread_mutex_lock(&fontconfig_lock);
    gw_defer *d_open = gw_mem_defer(open_state_release, &st); /* never a lock left held */
    FcConfig *cfg = load_fontconfig(fonts_dir, &st.cfg, diags);
    if (!cfg) {
        gw_mem_undefer(d_open);
        open_state_release(&st);
        roles_file_free(&rf);
        return NULL;
    }
    FcObjectSet *os = st.os = FcObjectSetBuild(FC_FAMILY, FC_STYLE, FC_FULLNAME, FC_FILE, FC_INDEX,
                                               FC_WEIGHT, FC_SLANT, FC_WIDTH, FC_FONTFORMAT,
                                               FC_VARIABLE, (char *)NULL);
    gw_fontset *fs = st.fs = gw_xcalloc(1, sizeof *fs);
    bool ok = true;
    for (int s = 0; s < N_SECTIONS; s++) {
        if (!rf.seen[s] && s < GW_ROLE_COUNT) {
            DIAG(diags, GW_ERROR, "fonts-config", "font role %s: roles.ini has no [%s] section", role_names[s],
                 role_names[s]);
            ok = false;
            continue;
        }
        ok &= resolve_section(fs, &rf, s, cfg, os, diags);
    }
    /* HarfBuzz publishes a new language in a global list; done under the lock too. */
    fs->zh_hans = hb_language_from_string("zh-Hans", -1);
    hb_language_get_default(); /* (made once, lock-free: here, before any render) */
    if (ok)
        build_search_orders(fs);
    gw_mem_undefer(d_open);
    st.fs = NULL;
    open_state_release(&st);
    roles_file_free(&rf);
    if (!ok) {
        gw_fontset_close(fs);
        return NULL;
    }
    return fs;
}

void gw_fontset_close(gw_fontset *fs)
{
    if (!fs)
        return;
    for (size_t i = 0; i < fs->n_faces; i++) {
        gw_face *f = &fs->faces[i].pub;
        hb_font_destroy(f->hb_font);
        hb_face_destroy(f->hb_face);
        hb_blob_destroy(f->blob);
        free(f->family);
        free(f->full_name);
        free(f->file);
        free(fs->faces[i].style);
    }
    free(fs->faces);
    for (int r = 0; r < GW_ROLE_COUNT; r++) {
        free(fs->role_faces[r]);
        free(fs->missing_office[r]);
        free(fs->search[r]);
    }
    free(fs->fallback);
    free(fs);
}

size_t gw_fontset_n_faces(const gw_fontset *fs)
{
    return fs ? fs->n_faces : 0;
}

const gw_face *gw_fontset_face(const gw_fontset *fs, int face)
{
    if (!fs || face < 0 || (size_t)face >= fs->n_faces)
        return NULL;
    return &fs->faces[face].pub;
}

const int *gw_fontset_role_faces(const gw_fontset *fs, gw_font_role role, size_t *n)
{
    if (!fs || (unsigned)role >= GW_ROLE_COUNT) {
        if (n)
            *n = 0;
        return NULL;
    }
    if (n)
        *n = fs->n_role_faces[role];
    return fs->role_faces[role];
}

/* ---- `gongwen fonts` --------------------------------------------------------------------- */

static const char *weight_word(unsigned w)
{
    static const char *const words[] = { "Thin", "ExtraLight", "Light", "Regular", "Medium",
                                         "SemiBold", "Bold", "ExtraBold", "Black" };
    unsigned k = (w + 50) / 100;
    return words[k < 1 ? 0 : k > 9 ? 8 : k - 1];
}

const char *gw_face_treatment(const gw_face *f)
{
    if (f->embedding == GW_EMBED_WHOLE)
        return "embedded whole (its licence forbids subsetting)";
    if (f->standin)
        return "subset, outlines simplified within 0.015 mm (--exact-outlines: its own)";
    return "subset, its own outlines and hints";
}

static void print_face(const gw_fontset *fs, int i, size_t rank, FILE *out)
{
    const gw_face_rec *r = &fs->faces[i];
    const gw_face *f = &r->pub;
    fprintf(out, "  %zu. %s — weight %u (%s), %s\n", rank, f->full_name, f->weight,
            weight_word(f->weight), f->standin ? "free stand-in" : "office font");
    fprintf(out, "     %s, face %d, %s outlines\n", f->file, f->index, f->cff ? "CFF" : "TrueType");
    fprintf(out, "     licence: OS/2 fsType 0x%04X (%s); %s\n", f->metrics.fs_type,
            fs_type_words(f->metrics.fs_type), gw_face_treatment(f));
}

void gw_fontset_print(const gw_fontset *fs, FILE *out)
{
    if (!fs)
        return;
    for (int r = 0; r < GW_ROLE_COUNT; r++) {
        fprintf(out, "%s  (%s)\n", role_names[r], role_use[r]);
        for (size_t k = 0; k < fs->n_role_faces[r]; k++)
            print_face(fs, fs->role_faces[r][k], k + 1, out);
        if (fs->missing_office[r] && fs->n_role_faces[r] &&
            fs->faces[fs->role_faces[r][0]].pub.standin)
            fprintf(out, "  not installed: %s\n", fs->missing_office[r]);
        fputc('\n', out);
    }
    fprintf(out, "fallback  (for a character none of a role's fonts has, after the role's own)\n");
    for (size_t k = 0; k < fs->n_fallback; k++)
        print_face(fs, fs->fallback[k], k + 1, out);
    if (!fs->n_fallback)
        fprintf(out, "  (none installed)\n");
}
