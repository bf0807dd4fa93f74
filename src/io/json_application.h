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
#include "json_decode.h"

#define APPLICATION_FORMAT "digiden/application/1"

/* Fills *app (strings copied into a) from root; appends problems to diags.
 * Returns 0, or -1 when memory ran out. */
int json_application_decode(json_t *root, arena *a, application *app, diag_list *diags);

/* The same from a jv tree, which must live in a (strings are not copied). */
int json_application_decode_jv(const jv *root, arena *a, application *app, diag_list *diags);

/* Parses an application file's text into a jv tree in a, exactly as strict as
 * json_parse_text() (same BOM and blank-file handling, duplicate keys and int64
 * overflow rejected, the same messages): a fast parser for the common case, and
 * jansson for the verdict on anything else. Returns 0, 1 when the text is not JSON
 * (err written), or -1 when memory ran out. */
int json_application_parse(const char *text, size_t len, arena *a, jv **out, char *err, size_t errlen);

/* What a pass over many files needs of one: round, menu and applicant.code (string
 * values, else NULL). */
typedef struct json_app_key {
	const char *round, *menu, *applicant_code;
} json_app_key;
/* The verdict of json_application_parse() (0, 1 with err, -1) and those three
 * members, without building the tree when the fast parser takes the text. */
int json_application_scan(const char *text, size_t len, arena *a, json_app_key *out, char *err, size_t errlen);

/* Parses text as JSON with duplicate keys rejected. On failure returns NULL and
 * writes "line L, column C: message" (Japanese) into err. Caller json_decref()s. */
json_t *json_parse_text(const char *text, size_t len, char *err, size_t errlen);

#endif
