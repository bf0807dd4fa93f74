/* json_application.h — decodes the application format (shared/schema/application.md,
 * "digiden/application/1") from jansson values into core's application struct.
 *
 * Structure problems (unknown keys, wrong types, bad amounts) become diagnostics with
 * the JSON path; decoding goes on past them so that every problem is reported at once. */
#ifndef DIGIDEN_JSON_APPLICATION_H
#define DIGIDEN_JSON_APPLICATION_H

#include <jansson.h>

#include "../core/application.h"
#include "../core/diag.h"

#define APPLICATION_FORMAT "digiden/application/1"

/* Fills *app (strings copied into a) from root; appends problems to diags.
 * Returns 0, or -1 when memory ran out. */
int json_application_decode(json_t *root, arena *a, application *app, diag_list *diags);

/* Parses text as JSON with duplicate keys rejected. On failure returns NULL and
 * writes "line L, column C: message" (Japanese) into err. Caller json_decref()s. */
json_t *json_parse_text(const char *text, size_t len, char *err, size_t errlen);

#endif
