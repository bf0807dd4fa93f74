/* form.h — application/x-www-form-urlencoded bodies, and the application form:
 * fields are named by the JSON paths of the application format
 * ("services[0].cost_items[1].amount_yen"), so the same path names an input, a
 * diagnostic of the rules engine and a link from an error to its field. */
#ifndef DIGIDEN_FORM_H
#define DIGIDEN_FORM_H

#include <jansson.h>
#include <stddef.h>

#include "../core/arena.h"
#include "page.h"

/* Splits and percent-decodes body into pairs (arena-owned). Returns the count, or
 * -1 when a value is not valid UTF-8 after decoding. */
int form_parse(const char *body, size_t len, arena *a, form_pair **out);

/* Builds an application JSON object from path-named fields: empty values are
 * omitted, empty list rows dropped, known keys typed (fiscal_year and value numbers,
 * eligible / external_evaluation / declarations.* booleans, amounts kept as text so
 * 円/千円/億円 notations work). New reference. */
json_t *form_to_application(const form_pair *pairs, size_t n);

/* Looks a JSON value up by path ("services[0].name"); NULL when absent. */
json_t *json_path_get(json_t *root, const char *path);

#endif
