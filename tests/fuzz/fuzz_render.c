/* fuzz_render.c: libFuzzer target for the whole pipeline in memory: bytes → reader → layout →
 * PDF and OFD. One engine for the process (fonts and rules are loaded once, as a server
 * would). Inputs are capped at 64 KiB: a bigger document finds nothing a small one does not,
 * and libFuzzer's time limit is per input. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gw_engine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gw_engine *engine(void)
{
    static gw_engine *e;
    if (!e) {
        gw_diags d;
        gw_diags_init(&d, "fuzz");
        gw_engine_options opt = { .pdf_threads = 1 };
        e = gw_engine_new(&opt, &d);
        gw_diags_free(&d);
        if (!e)
            abort(); /* fonts or rules missing: nothing to fuzz */
    }
    return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    gw_engine *e = engine();
    gw_diags diags;
    gw_diags_init(&diags, "fuzz.txt");
    gw_document *doc = gw_read_buffer((const char *)data, size, "fuzz.txt", &diags);
    if (doc) {
        unsigned char *out = NULL;
        size_t len = 0;
        if (gw_render_document_as(e, doc, GW_FILE_PDF, &out, &len, &diags) == 0)
            free(out);
        out = NULL;
        if (gw_render_document_as(e, doc, GW_FILE_OFD, &out, &len, &diags) == 0)
            free(out);
        gw_document_free(doc);
    }
    gw_diags_free(&diags);
    return 0;
}
