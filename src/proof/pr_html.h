/* pr_html.h: text into the HTML pages of the proofs (report.html, index.html), escaped. */
#ifndef GW_PR_HTML_H
#define GW_PR_HTML_H

#include "../base/gw_util.h"

static inline void pr_put_html(gw_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': gw_buf_puts(b, "&lt;"); break;
        case '>': gw_buf_puts(b, "&gt;"); break;
        case '&': gw_buf_puts(b, "&amp;"); break;
        case '"': gw_buf_puts(b, "&quot;"); break;
        default: gw_buf_putc(b, *s);
        }
    }
}

#endif
