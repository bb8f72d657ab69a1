/* table.c: tables (§8). */
#include "lay_int.h"
