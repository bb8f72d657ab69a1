/* Placeholder: replaced by the reader implementation. */
#include "gw_reader.h"
gw_document *gw_read_buffer(const char *data, size_t len, const char *name, gw_diags *diags)
{
    (void)data; (void)len; (void)name;
    gw_diags_add(diags, GW_ERROR, 0, 0, "reader not implemented");
    return NULL;
}
gw_document *gw_read_file(const char *path, gw_diags *diags)
{
    return gw_read_buffer(NULL, 0, path, diags);
}
