/* formats.c: the output formats of `render` (see formats.h). */
#include "formats.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

gongwen_status gw_cli_render(const gongwen_engine *e, const char *in, const char *out,
                             unsigned formats, const gongwen_options *opt,
                             gongwen_diagnostics *diags)
{
    if (formats != (GW_CLI_PDF | GW_CLI_OFD)) {
        gongwen_format f = formats == GW_CLI_OFD   ? GONGWEN_FORMAT_OFD
                           : formats == GW_CLI_PDF ? GONGWEN_FORMAT_PDF
                                                   : GONGWEN_FORMAT_AUTO;
        return gongwen_render_file_to(e, in, &out, &f, 1, opt, diags);
    }
    if (strcmp(out, "-") == 0) {
        gongwen_diagnostics_add(diags, GONGWEN_ERROR, "output-both-stdout",
                                strcmp(in, "-") == 0 ? "<stdin>" : in, 0, 0,
                                "cannot write both PDF and OFD to standard output");
        return GONGWEN_ERROR_USAGE;
    }
    char *pdf = cli_with_extension(out, ".pdf"), *ofd = cli_with_extension(out, ".ofd");
    const char *paths[2] = { pdf, ofd };
    const gongwen_format fmts[2] = { GONGWEN_FORMAT_PDF, GONGWEN_FORMAT_OFD };
    gongwen_status s = gongwen_render_file_to(e, in, paths, fmts, 2, opt, diags);
    free(pdf);
    free(ofd);
    return s;
}
