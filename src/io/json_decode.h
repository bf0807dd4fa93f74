/* json_decode.h — shared pieces of the input decoders that report every problem as a
 * diagnostic with its JSON path and go on (json_application.c, json_promotion.c),
 * and of the result encoders (diagnostics and trace steps as JSON). Paths and
 * messages live in the decoder's arena. */
#ifndef DIGIDEN_JSON_DECODE_H
#define DIGIDEN_JSON_DECODE_H

#include <jansson.h>

#include "../core/check.h"
#include "../core/diag.h"

typedef struct json_dec {
	arena *a;
	diag_list *d;
} json_dec;

/* "parent.key" (just "key" at the root) and "parent[i]", without printf: a path is
 * built for every member read. */
const char *json_dec_sub(json_dec *x, const char *parent, const char *key);
const char *json_dec_idx(json_dec *x, const char *parent, size_t i);
/* オブジェクト / 配列 / 文字列 / 整数 / 小数 / 真偽値 / null */
const char *json_kind_label(const json_t *v);
/* UNKNOWN_KEY for every key of obj not in allowed (NULL-terminated). */
void json_dec_only_keys(json_dec *x, json_t *obj, const char *path, const char *const *allowed);
void json_dec_type_error(json_dec *x, const char *path, const char *want, const json_t *got);
void json_dec_missing(json_dec *x, const char *path);

/* The diagnostics of one severity as [{"code","path","message"}], appended to arr /
 * as a new array. */
void json_diags_append(json_t *arr, const diag_list *l, diag_severity sev);
json_t *json_diags(const diag_list *l, diag_severity sev);
/* Trace steps as [{"rule","value","source","label","quote"?}]. New reference. */
json_t *json_trace(const trace_step *steps, size_t n);

#endif
