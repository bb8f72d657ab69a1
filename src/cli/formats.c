/* formats.c: the output formats of `render` (see formats.h). */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include "base/gw_util.h"

unsigned gw_cli_formats(const char *arg)
{
    if (!arg)
        return 0;
    if (strcmp(arg, "pdf") == 0)
        return GW_CLI_PDF;
    if (strcmp(arg, "ofd") == 0)
        return GW_CLI_OFD;
    if (strcmp(arg, "pdf,ofd") == 0 || strcmp(arg, "ofd,pdf") == 0 || strcmp(arg, "both") == 0)
        return GW_CLI_PDF | GW_CLI_OFD;
    return 0;
}

const char *gw_cli_default_extension(unsigned formats)
{
    return formats == GW_CLI_OFD ? ".ofd" : ".pdf";
}

int gw_cli_render(gw_engine *e, const char *in, const char *out, unsigned formats,
                  gw_diags *diags)
{
    if (formats != (GW_CLI_PDF | GW_CLI_OFD)) {
        gw_file_format f = formats == GW_CLI_OFD ? GW_FILE_OFD
                      : formats == GW_CLI_PDF ? GW_FILE_PDF : GW_FILE_AUTO;
        return gw_render_file_to(e, in, &out, &f, 1, diags);
    }
    if (strcmp(out, "-") == 0) {
        gw_diags_add(diags, GW_ERROR, "output-both-stdout", 0, 0,
                     "cannot write both PDF and OFD to standard output");
        return 1;
    }
    char *pdf = gw_with_extension(out, ".pdf"), *ofd = gw_with_extension(out, ".ofd");
    const char *paths[2] = { pdf, ofd };
    const gw_file_format fmts[2] = { GW_FILE_PDF, GW_FILE_OFD };
    int rc = gw_render_file_to(e, in, paths, fmts, 2, diags);
    free(pdf);
    free(ofd);
    return rc;
}
