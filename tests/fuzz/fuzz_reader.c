/* fuzz_reader.c: libFuzzer target for the reader: any bytes, as a file's content, through
 * decoding, front matter, recognition and repairs into the document model and its JSON form.
 * Must never crash, leak, hang or take time beyond linear (libFuzzer's -timeout catches that). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "base/gw_diag.h"
#include "model/gw_model.h"
#include "reader/gw_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gw_diags diags;
    gw_diags_init(&diags, "fuzz.txt");
    gw_document *doc = gw_read_buffer((const char *)data, size, "fuzz.txt", &diags);
    if (doc) {
        free(gw_document_to_json(doc));
        gw_document_free(doc);
    }
    gw_diags_free(&diags);
    return 0;
}
