/* ofd_tags.c: the GB/T 33476 公文域 tags of an OFD (see ofd_int.h and README.md, "OFD").
 *
 * Owns: the mapping from the page list's gw_element to the 公文域 identifiers, the objects
 * recorded for each, Doc_0/Tags/CustomTags.xml and the tag file it points at. The tag file
 * has one element per 公文域 (numbered ones once per occurrence: fawenjiguanshuming_1, _2 …),
 * in the order the document first draws them, each listing the objects that draw it as
 * <ofd:ObjectRef PageRef="page ID">object ID</ofd:ObjectRef>. */
#include "ofd_int.h"

#include <stdlib.h>
#include <string.h>

#define TAGS_NS "urn:gongwen:gbt33476:gongwenyu"

static const struct {
    const char *id;
    int numbered;
} fields[GW_EL_COUNT] = {
    [GW_EL_COPY_NUMBER] = { "fenhao", 0 },
    [GW_EL_SECRECY] = { "miji", 0 },
    [GW_EL_URGENCY] = { "jinjichengdu", 0 },
    [GW_EL_ISSUER_MARK] = { "fawenjiguanbiaozhi", 0 },
    [GW_EL_DOC_NUMBER] = { "fawenzihao", 0 },
    [GW_EL_SIGNER] = { "qianfaren", 0 },
    [GW_EL_HEADER_RULE] = { "bantoufengexian", 0 },
    [GW_EL_TITLE] = { "biaoti", 0 },
    [GW_EL_ADDRESSEE] = { "zhusongjiguan", 0 },
    [GW_EL_BODY] = { "zhengwen", 0 },
    [GW_EL_HEADING] = { "zhengwen", 0 },
    [GW_EL_TABLE] = { "biaoge", 1 },
    [GW_EL_ATTACHMENT_NOTE] = { "fujianshuoming", 0 },
    [GW_EL_SIGNATURE] = { "fawenjiguanshuming", 1 },
    [GW_EL_SIGNATORY_TITLE] = { "qianfarenzhiwu", 1 },
    [GW_EL_SIGNATURE_STAMP] = { "qianmingzhang", 1 },
    [GW_EL_DATE] = { "chengwenriqi", 0 },
    [GW_EL_SEAL] = { "yinzhang", 1 },
    [GW_EL_NOTE] = { "fuzhu", 0 },
    [GW_EL_ATTENDANCE] = { "chuxirenyuan", 0 },
    [GW_EL_NO_TEXT_NOTE] = { "ciyewuzhengwen", 0 },
    [GW_EL_ANNEX_LABEL] = { "fujian", 1 },
    [GW_EL_ANNEX_TITLE] = { "fujian", 1 },
    [GW_EL_ANNEX_BODY] = { "fujian", 1 },
    [GW_EL_COLOPHON_RULE] = { "banjifengexian", 0 },
    [GW_EL_COLOPHON_MAIN_TO] = { "zhusongjiguan", 0 },
    [GW_EL_CC] = { "chaosongjiguan", 0 },
    [GW_EL_DISTRIBUTE] = { "fensongjiguan", 0 },
    [GW_EL_PRINTER] = { "yinfajiguan", 0 },
    [GW_EL_PRINT_DATE] = { "yinfariqi", 0 },
    [GW_EL_PAGE_NUMBER] = { "yema", 0 },
};

const char *gw_ofd_field_id(gw_element e, int *numbered)
{
    if (numbered)
        *numbered = 0;
    if (e <= GW_EL_NONE || e >= GW_EL_COUNT || !fields[e].id)
        return NULL;
    if (numbered)
        *numbered = fields[e].numbered;
    return fields[e].id;
}

void ofd_tag_object(ofd_doc *d, gw_tag tag, unsigned page_id, unsigned object_id)
{
    if (!gw_ofd_field_id(tag.element, NULL))
        return;
    if (d->n_tags == d->cap_tags) {
        d->cap_tags = d->cap_tags ? d->cap_tags * 2 : 256;
        d->tags = gw_xrealloc(d->tags, d->cap_tags * sizeof *d->tags);
    }
    d->tags[d->n_tags++] = (ofd_tag_ref){ tag, page_id, object_id };
}

/* The field an object is tagged with: its identifier and occurrence (0 = not numbered). */
static void field_of(const ofd_tag_ref *t, const char **id, int *n)
{
    int numbered;
    *id = gw_ofd_field_id(t->tag.element, &numbered);
    *n = numbered ? t->tag.index + 1 : 0;
}

bool ofd_tags_write(ofd_doc *d)
{
    if (!d->n_tags)
        return false;
    gw_buf *ct = ofd_add_part(d, "Doc_0/Tags/CustomTags.xml", true);
    gw_buf_puts(ct, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:CustomTags xmlns:ofd=\"" OFD_NS
                    "\">\n<ofd:CustomTag NameSpace=\"" TAGS_NS "\">"
                    "<ofd:FileLoc>GongWen.xml</ofd:FileLoc></ofd:CustomTag>\n</ofd:CustomTags>\n");
    gw_buf *b = ofd_add_part(d, "Doc_0/Tags/GongWen.xml", true);
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gw:GongWen xmlns:gw=\"" TAGS_NS
                   "\" xmlns:ofd=\"" OFD_NS "\">\n");
    /* fields in the order of their first object: a field is an identifier and an occurrence;
     * there are a few dozen, so each object finds its field by a short search */
    typedef struct {
        const char *id;
        int n;
        gw_element element;
        size_t count, at;
    } field;
    field *fl = NULL;
    size_t n_fl = 0, cap_fl = 0;
    size_t *of = gw_xcalloc(d->n_tags, sizeof *of);
    for (size_t i = 0; i < d->n_tags; i++) {
        const char *id;
        int n;
        field_of(&d->tags[i], &id, &n);
        size_t k = n_fl;
        while (k > 0 && !(fl[k - 1].n == n && strcmp(fl[k - 1].id, id) == 0))
            k--;
        if (k == 0) {
            if (n_fl == cap_fl) {
                cap_fl = cap_fl ? cap_fl * 2 : 32;
                fl = gw_xrealloc(fl, cap_fl * sizeof *fl);
            }
            fl[n_fl++] = (field){ id, n, d->tags[i].tag.element, 0, 0 };
            k = n_fl;
        }
        of[i] = k - 1;
        fl[k - 1].count++;
    }
    size_t *order = gw_xcalloc(d->n_tags, sizeof *order);
    for (size_t f = 0, at = 0; f < n_fl; f++) {
        fl[f].at = at;
        at += fl[f].count;
        fl[f].count = 0;
    }
    for (size_t i = 0; i < d->n_tags; i++)
        order[fl[of[i]].at + fl[of[i]].count++] = i;
    for (size_t f = 0; f < n_fl; f++) {
        gw_buf_printf(b, "<gw:%s", fl[f].id);
        if (fl[f].n)
            gw_buf_printf(b, "_%d", fl[f].n);
        const char *name = gw_element_name(fl[f].element);
        gw_buf_puts(b, " Name=\"");
        ofd_xml_text(b, name, strlen(name), false);
        gw_buf_puts(b, "\">\n");
        for (size_t k = 0; k < fl[f].count; k++) {
            const ofd_tag_ref *t = &d->tags[order[fl[f].at + k]];
            gw_buf_printf(b, "<ofd:ObjectRef PageRef=\"%u\">%u</ofd:ObjectRef>\n", t->page_id,
                          t->object_id);
        }
        gw_buf_printf(b, "</gw:%s", fl[f].id);
        if (fl[f].n)
            gw_buf_printf(b, "_%d", fl[f].n);
        gw_buf_puts(b, ">\n");
    }
    free(order);
    free(of);
    free(fl);
    gw_buf_puts(b, "</gw:GongWen>\n");
    return true;
}
