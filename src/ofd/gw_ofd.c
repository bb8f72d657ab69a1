/* gw_ofd.c: the OFD package (see gw_ofd.h and ofd_int.h).
 *
 * Owns: checking the page list, the IDs (one counter for the whole document: the colour space,
 * fonts, images, pages, layers, objects; MaxUnitID is the last), OFD.xml with the document
 * information, Doc_0/Document.xml, PublicRes.xml (colour space, fonts), DocumentRes.xml
 * (images), and the ZIP container, written into memory through libzip. Every element is
 * written with the ofd: prefix (two JavaScript readers match the literal prefix), every path is
 * relative, every child in the order the schema fixes. */
#include "ofd_int.h"
#include "../pdf/gw_pdf.h" /* GW_PDF_OUTLINE_TOLERANCE_MM: the same glyphs in both */

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hb-ot.h>
#include <zip.h>

/* ---- XML helpers -------------------------------------------------------------------------- */

void ofd_xml_text(gw_buf *b, const char *s, size_t n, bool space_ref)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        switch (c) {
        case '&': gw_buf_puts(b, "&amp;"); break;
        case '<': gw_buf_puts(b, "&lt;"); break;
        case '>': gw_buf_puts(b, "&gt;"); break;
        case '"': gw_buf_puts(b, "&quot;"); break;
        case ' ':
            if (space_ref)
                gw_buf_puts(b, "&#x20;");
            else
                gw_buf_putc(b, ' ');
            break;
        default:
            /* XML 1.0 has no place for C0 controls but tab and newline */
            if ((unsigned char)c < 0x20 && c != '\t' && c != '\n')
                gw_buf_puts(b, "&#xFFFD;");
            else
                gw_buf_putc(b, c);
        }
    }
}

void ofd_put_um(gw_buf *b, long long v)
{
    gw_buf_put_scaled(b, v, 3);
}

void ofd_put_mm(gw_buf *b, double mm)
{
    ofd_put_um(b, llround(mm * 1000.0));
}

gw_buf *ofd_add_part(ofd_doc *d, const char *name, bool deflate)
{
    if (d->n_parts == d->cap_parts) {
        d->cap_parts = d->cap_parts ? d->cap_parts * 2 : 32;
        d->parts = gw_xrealloc(d->parts, d->cap_parts * sizeof *d->parts);
    }
    ofd_part *p = &d->parts[d->n_parts++];
    p->name = gw_strdup(name);
    p->deflate = deflate;
    gw_buf_init(&p->data);
    return &p->data;
}

static void err(ofd_doc *d, const char *rule, const char *fmt, const char *arg)
{
    if (d->diags)
        gw_diags_add(d->diags, GW_ERROR, rule, 0, 0, fmt, arg);
}

/* ---- checking the page list and collecting the glyphs -------------------------------------- */

static int collect(ofd_doc *d)
{
    const gw_pagelist *pl = d->pl;
    for (size_t p = 0; p < pl->n_pages; p++) {
        const gw_page *pg = &pl->pages[p];
        if (!(pg->width >= 3 && pg->width <= 14400 && pg->height >= 3 && pg->height <= 14400)) {
            if (d->diags)
                gw_diags_add(d->diags, GW_ERROR, "internal", 0, 0,
                             "OFD: page %zu has an invalid page size (%g x %g pt)", p + 1,
                             pg->width, pg->height);
            return -1;
        }
        for (size_t i = 0; i < pg->n_runs; i++) {
            const gw_glyph_run *r = &pg->runs[i];
            if (r->n_glyphs == 0)
                continue;
            if (!(r->size > 0 && r->size < 10000) || !(r->hscale > 0 && r->hscale <= 10)) {
                if (d->diags)
                    gw_diags_add(d->diags, GW_ERROR, "internal", 0, 0,
                                 "OFD: a glyph run on page %zu has size %g and scale %g", p + 1,
                                 r->size, r->hscale);
                return -1;
            }
            size_t text_len = r->text ? strlen(r->text) : 0;
            for (size_t k = 0; k < r->n_glyphs; k++) {
                const gw_glyph *g = &r->glyphs[k];
                if ((size_t)g->cluster > text_len || g->n_bytes > text_len - g->cluster) {
                    if (d->diags)
                        gw_diags_add(d->diags, GW_ERROR, "internal", 0, 0,
                                     "OFD: glyph %zu of a run on page %zu points outside the "
                                     "run's text", k + 1, p + 1);
                    return -1;
                }
                if (!ofd_fonts_use(&d->fonts, r->face, g->gid, r->size,
                                   g->n_bytes ? r->text + g->cluster : NULL, g->n_bytes, d->diags))
                    return -1;
            }
        }
    }
    return 0;
}

/* ---- images -------------------------------------------------------------------------------- */

/* Reads each image the pages draw once, checks that it is a PNG or a JPEG, and adds it to the
 * package as it is (PNG keeps its alpha channel: a seal's paper shows through). */
static int load_images(ofd_doc *d)
{
    for (size_t p = 0; p < d->pl->n_pages; p++) {
        const gw_page *pg = &d->pl->pages[p];
        for (size_t i = 0; i < pg->n_images; i++) {
            const char *path = pg->images[i].path;
            bool seen = false;
            for (size_t k = 0; k < d->n_images && !seen; k++)
                seen = strcmp(d->images[k].path, path) == 0;
            if (seen)
                continue;
            size_t len = 0;
            char *data = path ? gw_read_whole_file(path, &len) : NULL;
            if (!data) {
                if (d->diags)
                    gw_diags_add(d->diags, GW_ERROR, "image-unreadable", 0, 0,
                                 "OFD: cannot read image '%s': %s", path ? path : "(none)",
                                 strerror(errno));
                return -1;
            }
            const unsigned char *m = (const unsigned char *)data;
            const char *format = NULL, *ext = NULL;
            if (len >= 24 && memcmp(m, "\x89PNG\r\n\x1a\n", 8) == 0 && memcmp(m + 12, "IHDR", 4) == 0)
                format = "PNG", ext = "png";
            else if (len >= 4 && m[0] == 0xFF && m[1] == 0xD8 && m[2] == 0xFF)
                format = "JPEG", ext = "jpg";
            if (!format) {
                free(data);
                err(d, "image-format", "OFD: image '%s' is neither PNG nor JPEG", path);
                return -1;
            }
            if (d->n_images == d->cap_images) {
                d->cap_images = d->cap_images ? d->cap_images * 2 : 4;
                d->images = gw_xrealloc(d->images, d->cap_images * sizeof *d->images);
            }
            ofd_image *im = &d->images[d->n_images++];
            im->path = path;
            im->id = ofd_new_id(d);
            im->file = gw_asprintf("image_%u.%s", im->id, ext);
            im->format = format;
            char *name = gw_asprintf("Doc_0/Res/%s", im->file);
            gw_buf *b = ofd_add_part(d, name, false);
            free(name);
            gw_buf_append(b, data, len);
            free(data);
        }
    }
    return 0;
}

/* ---- resources ----------------------------------------------------------------------------- */

static void font_attrs(gw_buf *b, const ofd_font *f)
{
    char ps[128];
    unsigned len = sizeof ps;
    ps[0] = '\0';
    hb_ot_name_get_utf8(f->face->hb_face, HB_OT_NAME_ID_POSTSCRIPT_NAME, HB_LANGUAGE_INVALID,
                        &len, ps);
    const char *fam = f->face->family ? f->face->family : ps;
    gw_buf_puts(b, " FontName=\"");
    ofd_xml_text(b, ps[0] ? ps : fam, strlen(ps[0] ? ps : fam), false);
    gw_buf_puts(b, "\" FamilyName=\"");
    ofd_xml_text(b, fam, strlen(fam), false);
    gw_buf_putc(b, '"');
    const gw_face_metrics *m = &f->face->metrics;
    if (m->italic)
        gw_buf_puts(b, " Italic=\"true\"");
    if (m->weight >= 600)
        gw_buf_puts(b, " Bold=\"true\"");
    if (m->serif)
        gw_buf_puts(b, " Serif=\"true\"");
    if (m->fixed_pitch)
        gw_buf_puts(b, " FixedWidth=\"true\"");
}

static void write_public_res(ofd_doc *d)
{
    gw_buf *b = ofd_add_part(d, "Doc_0/PublicRes.xml", true);
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Res xmlns:ofd=\"" OFD_NS
                   "\" BaseLoc=\"Res\">\n");
    gw_buf_printf(b, "<ofd:ColorSpaces><ofd:ColorSpace ID=\"%u\" Type=\"RGB\" "
                  "BitsPerComponent=\"8\"/></ofd:ColorSpaces>\n", d->rgb_id);
    bool any = false;
    for (size_t i = 0; i < d->fonts.n_fonts; i++) {
        const ofd_font *f = &d->fonts.fonts[i];
        if (!f->id)
            continue;
        if (!any)
            gw_buf_puts(b, "<ofd:Fonts>\n");
        any = true;
        gw_buf_printf(b, "<ofd:Font ID=\"%u\"", f->id);
        font_attrs(b, f);
        if (ofd_font_embedded(f))
            gw_buf_printf(b, "><ofd:FontFile>font_%u.%s</ofd:FontFile></ofd:Font>\n", f->id,
                          f->ext);
        else
            gw_buf_puts(b, "/>\n");
    }
    if (any)
        gw_buf_puts(b, "</ofd:Fonts>\n");
    gw_buf_puts(b, "</ofd:Res>\n");
    for (size_t i = 0; i < d->fonts.n_fonts; i++) {
        ofd_font *f = &d->fonts.fonts[i];
        if (!f->id || !ofd_font_embedded(f))
            continue;
        char *name = gw_asprintf("Doc_0/Res/font_%u.%s", f->id, f->ext);
        gw_buf *fb = ofd_add_part(d, name, true);
        free(name);
        gw_buf_free(fb);
        *fb = f->file; /* the part takes the file over */
        gw_buf_init(&f->file);
    }
}

static void write_document_res(ofd_doc *d)
{
    if (!d->n_images)
        return;
    gw_buf *b = ofd_add_part(d, "Doc_0/DocumentRes.xml", true);
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Res xmlns:ofd=\"" OFD_NS
                   "\" BaseLoc=\"Res\">\n<ofd:MultiMedias>\n");
    for (size_t i = 0; i < d->n_images; i++)
        gw_buf_printf(b, "<ofd:MultiMedia ID=\"%u\" Type=\"Image\" Format=\"%s\">"
                      "<ofd:MediaFile>%s</ofd:MediaFile></ofd:MultiMedia>\n",
                      d->images[i].id, d->images[i].format, d->images[i].file);
    gw_buf_puts(b, "</ofd:MultiMedias>\n</ofd:Res>\n");
}

/* ---- OFD.xml and Document.xml -------------------------------------------------------------- */

static void put_info(gw_buf *b, const char *el, const char *value)
{
    if (!value || !*value)
        return;
    gw_buf_printf(b, "<ofd:%s>", el);
    ofd_xml_text(b, value, strlen(value), false);
    gw_buf_printf(b, "</ofd:%s>", el);
}

/* A DocID that is the same for the same document: 128 bits of two FNV-1a hashes over every
 * part written so far (pages, fonts, resources) and the document information. */
static void doc_id(const ofd_doc *d, char out[33])
{
    uint64_t h1 = 1469598103934665603ull, h2 = 0x84222325cbf29ce4ull;
    for (size_t i = 0; i < d->n_parts; i++) {
        const gw_buf *p = &d->parts[i].data;
        for (size_t k = 0; k < p->len; k++) {
            unsigned char c = (unsigned char)p->data[k];
            h1 = (h1 ^ c) * 1099511628211ull;
            h2 = (h2 ^ c) * 0x100000001b3ull + 0x9e3779b97f4a7c15ull;
        }
    }
    const char *info[] = { d->pl->title, d->pl->author, d->pl->subject };
    for (size_t i = 0; i < 3; i++)
        for (const char *s = info[i]; s && *s; s++)
            h1 = (h1 ^ (unsigned char)*s) * 1099511628211ull;
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)h1, (unsigned long long)h2);
}

static void write_ofd_xml(ofd_doc *d, const char *creator, const struct tm *date)
{
    char id[33];
    doc_id(d, id);
    gw_buf *b = ofd_add_part(d, "OFD.xml", true);
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:OFD xmlns:ofd=\"" OFD_NS
                   "\" Version=\"1.0\" DocType=\"OFD\">\n<ofd:DocBody>\n<ofd:DocInfo>");
    gw_buf_printf(b, "<ofd:DocID>%s</ofd:DocID>", id);
    put_info(b, "Title", d->pl->title);
    put_info(b, "Author", d->pl->author);
    put_info(b, "Subject", d->pl->subject);
    gw_buf_printf(b, "<ofd:CreationDate>%04d-%02d-%02d</ofd:CreationDate>", date->tm_year + 1900,
                  date->tm_mon + 1, date->tm_mday);
    if (creator && *creator) {
        /* "gongwen 0.1.0": the program, then its version */
        const char *sp = strrchr(creator, ' ');
        char *name = sp ? gw_strndup(creator, (size_t)(sp - creator)) : gw_strdup(creator);
        put_info(b, "Creator", name);
        put_info(b, "CreatorVersion", sp ? sp + 1 : NULL);
        free(name);
    }
    gw_buf_puts(b, "</ofd:DocInfo>\n<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>\n"
                   "</ofd:DocBody>\n</ofd:OFD>\n");
}

static void write_document_xml(ofd_doc *d, const unsigned *page_ids, bool tags)
{
    const gw_page *first = &d->pl->pages[0];
    double w = first->width * OFD_PT_MM, h = first->height * OFD_PT_MM;
    if (first->rotate == 90) {
        double t = w;
        w = h;
        h = t;
    }
    gw_buf *b = ofd_add_part(d, "Doc_0/Document.xml", true);
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Document xmlns:ofd=\"" OFD_NS
                   "\">\n<ofd:CommonData>");
    gw_buf_printf(b, "<ofd:MaxUnitID>%u</ofd:MaxUnitID>", d->next_id);
    gw_buf_puts(b, "<ofd:PageArea><ofd:PhysicalBox>0 0 ");
    ofd_put_mm(b, w);
    gw_buf_putc(b, ' ');
    ofd_put_mm(b, h);
    gw_buf_puts(b, "</ofd:PhysicalBox></ofd:PageArea>");
    gw_buf_puts(b, "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>");
    if (d->n_images)
        gw_buf_puts(b, "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>");
    gw_buf_printf(b, "<ofd:DefaultCS>%u</ofd:DefaultCS>", d->rgb_id);
    gw_buf_puts(b, "</ofd:CommonData>\n<ofd:Pages>\n");
    for (size_t p = 0; p < d->pl->n_pages; p++)
        gw_buf_printf(b, "<ofd:Page ID=\"%u\" BaseLoc=\"Pages/Page_%zu/Content.xml\"/>\n",
                      page_ids[p], p);
    gw_buf_puts(b, "</ofd:Pages>\n");
    if (tags)
        gw_buf_puts(b, "<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags>\n");
    gw_buf_puts(b, "</ofd:Document>\n");
}

/* ---- the ZIP --------------------------------------------------------------------------------- */

/* libzip's objects of one package, released together (also when the call fails). */
typedef struct {
    zip_error_t ze;
    zip_source_t *mem;
    zip_t *za;
} zip_objs;

static void zip_objs_free(void *p)
{
    zip_objs *z = p;
    if (z->za)
        zip_discard(z->za);
    zip_source_free(z->mem);
    zip_error_fini(&z->ze);
    memset(z, 0, sizeof *z);
}

static int zip_parts(ofd_doc *d, const ofd_part **order, size_t n, time_t mtime,
                     unsigned char **out, size_t *out_len)
{
    zip_objs zo;
    memset(&zo, 0, sizeof zo);
    zip_error_init(&zo.ze);
    gw_defer *dz = gw_mem_defer(zip_objs_free, &zo);
    zip_source_t *mem = zo.mem = zip_source_buffer_create(NULL, 0, 0, &zo.ze);
    zip_t *za = zo.za = mem ? zip_open_from_source(mem, ZIP_TRUNCATE, &zo.ze) : NULL;
    if (!za) {
        if (!mem) /* (zip_open_from_source frees the source it fails on) */
            zo.mem = NULL;
        err(d, "ofd-write", "OFD: cannot create the package: %s", zip_error_strerror(&zo.ze));
        gw_mem_undefer(dz);
        zip_objs_free(&zo);
        return -1;
    }
    zip_source_keep(mem); /* zip_close writes into it, and it must outlive za */
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        const ofd_part *p = order[i];
        zip_source_t *s = zip_source_buffer(za, p->data.data, p->data.len, 0);
        zip_int64_t idx = s ? zip_file_add(za, p->name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(s);
            rc = -1;
            break;
        }
        /* fonts and XML deflate well; PNG and JPEG are compressed already. Level 6: the
         * XML of a long document shrinks ~12 times, the fonts by a third */
        if (zip_set_file_compression(za, (zip_uint64_t)idx, p->deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE,
                                     p->deflate ? 1 : 0) != 0 ||
            zip_file_set_mtime(za, (zip_uint64_t)idx, mtime, 0) != 0)
            rc = -1;
    }
    if (rc == 0 && zip_close(za) != 0)
        rc = -1;
    else if (rc == 0)
        zo.za = NULL; /* closed: written into mem, and freed */
    if (rc != 0) {
        err(d, "ofd-write", "OFD: cannot write the package: %s", zip_strerror(za));
        gw_mem_undefer(dz);
        zip_objs_free(&zo);
        return -1;
    }
    zip_stat_t st;
    zip_stat_init(&st);
    unsigned char *buf = NULL;
    if (zip_source_stat(mem, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(mem) == 0) {
        buf = gw_xmalloc(st.size ? st.size : 1);
        zip_int64_t got = zip_source_read(mem, buf, st.size);
        zip_source_close(mem);
        if (got < 0 || (zip_uint64_t)got != st.size) {
            free(buf);
            buf = NULL;
        }
    }
    gw_mem_undefer(dz);
    zip_objs_free(&zo);
    if (!buf) {
        err(d, "ofd-write", "OFD: %s", "cannot read the package back from memory");
        return -1;
    }
    *out = buf;
    *out_len = st.size;
    return 0;
}

/* ---- the document ---------------------------------------------------------------------------- */

static time_t creation_time(const gw_ofd_options *opt, bool *utc)
{
    *utc = true;
    if (opt && opt->date > 0)
        return (time_t)opt->date;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end = NULL;
        long long v = strtoll(sde, &end, 10);
        if (end && !*end && v > 0)
            return (time_t)v;
    }
    *utc = false;
    return time(NULL);
}

static void free_fonts(void *fonts)
{
    ofd_fonts_free(fonts);
}

int gw_ofd_write(const gw_pagelist *pl, const gw_fontset *fs, const gw_ofd_options *opt,
                 unsigned char **out, size_t *out_len, gw_diags *diags)
{
    *out = NULL;
    *out_len = 0;
    ofd_doc d;
    memset(&d, 0, sizeof d);
    d.pl = pl;
    d.fs = fs;
    d.diags = diags;
    if (!pl || pl->n_pages == 0) {
        err(&d, "internal", "OFD: %s", "the page list has no pages");
        return -1;
    }
    ofd_fonts_init(&d.fonts, fs);
    gw_defer *d_fonts = gw_mem_defer(free_fonts, &d.fonts); /* HarfBuzz sets and maps */
    d.fonts.threads = opt ? opt->threads : 0;
    d.fonts.outline_tolerance = opt && opt->exact_outlines ? 0 : GW_PDF_OUTLINE_TOLERANCE_MM;
    unsigned *page_ids = gw_xcalloc(pl->n_pages, sizeof *page_ids);
    int rc = collect(&d);
    if (rc == 0)
        rc = ofd_fonts_prepare(&d.fonts, diags);
    if (rc == 0) {
        d.rgb_id = ofd_new_id(&d);
        for (size_t i = 0; i < d.fonts.n_fonts; i++)
            if (d.fonts.fonts[i].glyphs)
                d.fonts.fonts[i].id = ofd_new_id(&d);
        rc = load_images(&d);
    }
    if (rc == 0) {
        write_public_res(&d);
        write_document_res(&d);
        for (size_t p = 0; p < pl->n_pages && rc == 0; p++) {
            page_ids[p] = ofd_new_id(&d);
            char *name = gw_asprintf("Doc_0/Pages/Page_%zu/Content.xml", p);
            gw_buf *b = ofd_add_part(&d, name, true);
            free(name);
            rc = ofd_page_content(&d, p, page_ids[p], b);
        }
    }
    if (rc == 0) {
        bool tags = ofd_tags_write(&d);
        write_document_xml(&d, page_ids, tags);
        bool utc;
        time_t t = creation_time(opt, &utc);
        struct tm tm;
        if (utc)
            gmtime_r(&t, &tm);
        else
            localtime_r(&t, &tm);
        write_ofd_xml(&d, opt ? opt->creator : NULL, &tm);
        /* OFD.xml first, then Document.xml, then the rest as written */
        const ofd_part **order = gw_xcalloc(d.n_parts, sizeof *order);
        size_t n = 0;
        order[n++] = &d.parts[d.n_parts - 1];
        order[n++] = &d.parts[d.n_parts - 2];
        for (size_t i = 0; i + 2 < d.n_parts; i++)
            order[n++] = &d.parts[i];
        rc = zip_parts(&d, order, n, t, out, out_len);
        free(order);
    }
    if (rc != 0 && diags && !gw_diags_has_error(diags))
        err(&d, "ofd-write", "OFD: %s", "writing the document failed");
    for (size_t i = 0; i < d.n_parts; i++) {
        free(d.parts[i].name);
        gw_buf_free(&d.parts[i].data);
    }
    free(d.parts);
    for (size_t i = 0; i < d.n_images; i++)
        free(d.images[i].file);
    free(d.images);
    free(d.tags);
    free(page_ids);
    gw_mem_undefer(d_fonts);
    ofd_fonts_free(&d.fonts);
    return rc;
}
