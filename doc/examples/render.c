/* render.c: the smallest program on libgongwen: reads a 公文 text file, renders it from memory
 * to PDF and writes the bytes. Build it with nothing but pkg-config:
 *
 *   cc render.c $(pkg-config --cflags --libs gongwen) -o render
 *   ./render notice.txt notice.pdf
 *
 * (README.md, "Use from C, Python and Java"; tests/lib/check_install.py builds and runs it
 * against an installed copy.) */
#include <gongwen/gongwen.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: render IN.txt OUT.pdf\n");
        return 2;
    }
#if GONGWEN_VERSION_NUMBER < 100
#error "gongwen 0.1.0 or later is needed"
#endif
    gongwen_diagnostics *d = gongwen_diagnostics_new();
    gongwen_engine *e = NULL; /* fonts and rules, loaded once; share it between threads */
    unsigned char *text = NULL, *pdf = NULL;
    size_t text_len = 0, pdf_len = 0;
    gongwen_status s = gongwen_engine_new(NULL, &e, d);
    if (s == GONGWEN_OK)
        s = gongwen_read_file(argv[1], 0, &text, &text_len, d);
    if (s == GONGWEN_OK) /* the name: for messages, and the folder of relative seal images */
        s = gongwen_render(e, text, text_len, argv[1], NULL, &pdf, &pdf_len, d);
    if (s == GONGWEN_OK)
        s = gongwen_write_file(argv[2], pdf, pdf_len, d);
    /* warnings (font stand-ins, repairs of the text) and, on failure, why */
    gongwen_diagnostics_print(d, stderr, s == GONGWEN_OK ? GONGWEN_ERROR : GONGWEN_NOTE, 0);
    if (s == GONGWEN_OK)
        printf("%s: %zu bytes of PDF (gongwen %s, data %s)\n", argv[2], pdf_len,
               gongwen_version(), gongwen_engine_datadir(e));
    else
        fprintf(stderr, "render: %s\n", gongwen_status_string(s));
    gongwen_free(text);
    gongwen_free(pdf);
    gongwen_engine_free(e);
    gongwen_diagnostics_free(d);
    return s == GONGWEN_OK ? 0 : 1;
}
