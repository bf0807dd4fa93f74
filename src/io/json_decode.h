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

/* ---- jv: a read-only JSON tree in an arena --------------------------------
 * The application decoder reads this instead of jansson values: the command line
 * parses thousands of files, and a tree of arena nodes costs a fraction of
 * jansson's hashtables and mallocs. Objects keep the document order (jansson 2.14
 * iterates in insertion order too, so diagnostics come out in the same order). */
typedef enum jv_type { JV_NULL, JV_FALSE, JV_TRUE, JV_INT, JV_REAL, JV_STRING, JV_ARRAY, JV_OBJECT } jv_type;

typedef struct jv jv;
typedef struct jv_member {
	const char *key;
	jv *val;
} jv_member;

struct jv {
	jv_type t;
	size_t n; /* string length in bytes, or number of elements / members */
	union {
		int64_t i;
		double d;
		const char *s; /* NUL-terminated, no NUL inside */
		jv **items;
		jv_member *members;
	} u;
};

/* Parses text (no BOM) into *out, nodes and strings in a. The parser takes only
 * what it is sure jansson (json_loadb with JSON_REJECT_DUPLICATES) accepts with the
 * same values; returns 1 for anything else (malformed, or merely unusual: huge
 * numbers, very deep nesting, NUL escapes, very large objects) so that the caller
 * asks jansson for the verdict and the message. Returns 0, 1, or -1 when memory
 * ran out. */
int jv_parse(const char *text, size_t len, arena *a, jv **out);
/* jv_scan: what to keep of a document that is only validated. */
#define JV_SCAN_KEYS 4
typedef struct jv_scan_want {
	const char *object;               /* a top-level member whose own members are wanted too, or NULL */
	const char *keys[JV_SCAN_KEYS];   /* the wanted members, NULL after the last */
	bool in_object[JV_SCAN_KEYS];     /* keys[i] is a member of object, not of the top level */
	const char *values[JV_SCAN_KEYS]; /* out: each one's string value (in a), NULL when absent or not a string */
} jv_scan_want;

/* Takes exactly what jv_parse takes (the same 0, 1, -1) but builds no tree: only the
 * wanted string members of the top-level object (and of its member want->object)
 * are copied into a — for a pass that needs a few fields and the verdict. */
int jv_scan(const char *text, size_t len, arena *a, jv_scan_want *want);
/* A copy of a jansson value; NULL when memory ran out. */
jv *jv_from_json(const json_t *v, arena *a);
/* Member key of object o, or NULL. */
jv *jv_get(const jv *o, const char *key);
const char *jv_kind_label(const jv *v);
void jv_dec_only_keys(json_dec *x, const jv *obj, const char *path, const char *const *allowed);
void jv_dec_type_error(json_dec *x, const char *path, const char *want, const jv *got);

static inline bool jv_is_null(const jv *v) { return v->t == JV_NULL; }
static inline bool jv_is_string(const jv *v) { return v->t == JV_STRING; }
static inline bool jv_is_integer(const jv *v) { return v->t == JV_INT; }
static inline bool jv_is_real(const jv *v) { return v->t == JV_REAL; }
static inline bool jv_is_number(const jv *v) { return v->t == JV_INT || v->t == JV_REAL; }
static inline bool jv_is_boolean(const jv *v) { return v->t == JV_TRUE || v->t == JV_FALSE; }
static inline bool jv_is_true(const jv *v) { return v->t == JV_TRUE; }
static inline bool jv_is_array(const jv *v) { return v->t == JV_ARRAY; }
static inline bool jv_is_object(const jv *v) { return v->t == JV_OBJECT; }

#endif
