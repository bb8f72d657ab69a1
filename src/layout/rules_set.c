/* rules_set.c: the rules of every 版式 (gw_layout_set): read from a folder, each format by its
 * file (gbt9704.ini, letter.ini, order.ini, minutes.ini), or one file for every document. */
#include <stdlib.h>

#include "../base/gw_util.h"
#include "lay_int.h"

struct gw_layout_set {
    gw_layout_rules *rules[4]; /* by gw_format; one shared object when read from one file */
    char *path[4];
    bool shared;
};

const char *gw_layout_file_name(gw_format f)
{
    static const char *const names[] = { "gbt9704.ini", "letter.ini", "order.ini", "minutes.ini" };
    return (unsigned)f < 4 ? names[f] : names[0];
}

gw_layout_set *gw_layout_set_load(const char *path, gw_diags *diags)
{
    gw_layout_set *s = gw_xcalloc(1, sizeof *s);
    bool ok = true;
    if (!gw_is_dir(path)) {
        s->shared = true;
        gw_diags d;
        gw_diags_init(&d, path);
        s->rules[0] = gw_layout_rules_load(path, &d);
        gw_diags_move(diags, &d);
        gw_diags_free(&d);
        for (int f = 0; f < 4; f++) {
            s->rules[f] = s->rules[0];
            s->path[f] = gw_strdup(path);
        }
        ok = s->rules[0] != NULL;
    } else {
        for (int f = 0; f < 4 && ok; f++) {
            s->path[f] = gw_asprintf("%s/%s", path, gw_layout_file_name((gw_format)f));
            gw_diags d;
            gw_diags_init(&d, s->path[f]);
            s->rules[f] = gw_layout_rules_load(s->path[f], &d);
            gw_diags_move(diags, &d);
            gw_diags_free(&d);
            ok = s->rules[f] != NULL;
        }
    }
    if (!ok) {
        gw_layout_set_free(s);
        return NULL;
    }
    return s;
}

const gw_layout_rules *gw_layout_set_rules(const gw_layout_set *s, gw_format f)
{
    return s->rules[(unsigned)f < 4 ? f : 0];
}

const char *gw_layout_set_path(const gw_layout_set *s, gw_format f)
{
    return s->path[(unsigned)f < 4 ? f : 0];
}

void gw_layout_set_free(gw_layout_set *s)
{
    if (!s)
        return;
    for (int f = 0; f < 4; f++) {
        if (!s->shared || f == 0)
            gw_layout_rules_free(s->rules[f]);
        free(s->path[f]);
    }
    free(s);
}
