/* json_strict.h — the strict JSON reader the rule-data loaders share (json_rules,
 * promotion_rules, future_tech_rules, support_rules, mic_rules): unknown keys, wrong
 * types and citations of an unknown seed are errors, and the first one ends the load
 * with "label: path: message" (Japanese; path "(root)" for the top level).
 *
 * Ownership: every string a reader returns (values and JSON paths) is a copy in the
 * context's arena and lives as long as the arena; nothing keeps a json_t reference.
 *
 * Control flow: the readers run inside js_run (js_parse and js_known_seed anywhere).
 * One that finds a problem writes err and longjmps back into js_run, so it never
 * returns a bad value and decoders have no error paths; a decoder therefore holds
 * nothing but arena memory (the caller keeps the json_t root and decrefs it after).
 */
#ifndef DIGIDEN_JSON_STRICT_H
#define DIGIDEN_JSON_STRICT_H

#include <jansson.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../core/rules.h"

typedef struct js_ctx {
	arena *a;
	const char *label; /* the file, first in every message */
	char *err;
	size_t errlen;
	jmp_buf fail;
} js_ctx;

/* The seed files a citation may name (NULL-terminated). */
extern const char *const rules_known_seeds[];
bool js_known_seed(const char *name);

/* Parses text with duplicate keys rejected (the caller decrefs). NULL with
 * "label: L行 C列: JSONとして読めません（…）" in err. */
json_t *js_parse(const char *text, size_t len, const char *label, char *err, size_t errlen);

/* Runs decode(x, root, out) with x (a, label, err and errlen set). Returns 0, or -1
 * with the first problem in err. */
int js_run(js_ctx *x, json_t *root, void (*decode)(js_ctx *x, json_t *root, void *out), void *out);

/* Zeroes out (size bytes), then js_parse and js_run of decode into it with a fresh
 * context; the parsed tree is released before it returns. Returns 0, or -1 with the
 * first problem in err. */
int js_load(const char *text, size_t len, const char *label, arena *a, void (*decode)(js_ctx *x, json_t *root, void *out),
	    void *out, size_t size, char *err, size_t errlen);

/* Writes "label: path: message" into x->err and ends js_run with -1. */
__attribute__((noreturn, format(printf, 3, 4))) void js_fail(js_ctx *x, const char *path, const char *fmt, ...);

/* "parent.key", or "key" when parent is the root (""). */
const char *js_sub(js_ctx *x, const char *parent, const char *key);
/* "parent[i]". */
const char *js_at(js_ctx *x, const char *parent, size_t i);

/* The first key of object o that is not in allowed (NULL-terminated), or NULL when
 * there is none. Plain (no js_ctx): for any strict reader. */
const char *js_unknown_key(json_t *o, const char *const *allowed);
/* Fails on the first key of o not in allowed (NULL-terminated). */
void js_only_keys(js_ctx *x, json_t *o, const char *path, const char *const *allowed);
/* Fails unless o is an object with no key outside keys (NULL-terminated). */
void js_object(js_ctx *x, json_t *o, const char *path, const char *const *keys);
/* o.key, which must be there (borrowed from o). */
json_t *js_need(js_ctx *x, json_t *o, const char *key, const char *path);
/* o.key as a non-empty string; NULL when absent and not required. */
const char *js_str(js_ctx *x, json_t *o, const char *key, const char *path, bool required);
/* o.key as an optional boolean: false when absent. */
bool js_bool(js_ctx *x, json_t *o, const char *key, const char *path);
/* parent.key as an object (borrowed); NULL when absent and not required. */
json_t *js_obj(js_ctx *x, json_t *parent, const char *key, const char *path, bool required);

/* The keys of a cited value: {value, source, quote, note?, reading?}. */
extern const char *const js_cite_keys[];
/* Reads source (a known seed), quote, note? and reading? of o. */
void js_cite(js_ctx *x, json_t *o, const char *path, citation *c);
/* parent.key as a bare citation {source, quote, note?, reading?}; false when absent
 * and not required. */
bool js_citation(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, citation *c);

/* parent.key as a cited amount: a positive whole number of yen, at most 1兆円. */
void js_amount(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, rule_amount *out);
/* parent.key as a cited count from 1 to max; msg is the format's wording of that range. */
void js_count(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, int max, const char *msg,
	      rule_count *out);
/* parent.key as a cited boolean. *present (may be NULL) says whether it was there;
 * absent reads as false. */
bool js_flag(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, bool *present, citation *c);

/* Top-level fields of the rule files. format: must be the given one. */
void js_format(js_ctx *x, json_t *root, const char *format);
/* sources: a non-empty array of known seed names. */
void js_sources(js_ctx *x, json_t *root, const char ***out, size_t *n);
/* rounding: {value floor_yen|floor_thousand, …citation}. */
void js_rounding(js_ctx *x, json_t *root, rounding_mode *mode, citation *c);

/* The head of a round's rule set (RULE_ROUND_HEAD, core/rules.h): root must be an
 * object with no key outside keys; then format, id "<program>/<round>", program,
 * title, note?, fiscal_year, budget, status and sources, in that order. rs is any
 * struct that begins with RULE_ROUND_HEAD. */
#define JS_ROUND_HEAD(x, root, format, keys, rs)                                                                \
	js_round_head((x), (root), (format), (keys), &(rs)->id, &(rs)->program, &(rs)->title, &(rs)->note,       \
		      &(rs)->fiscal_year, &(rs)->budget, &(rs)->status, &(rs)->sources, &(rs)->n_sources)
void js_round_head(js_ctx *x, json_t *root, const char *format, const char *const *keys, const char **id,
		   const char **program, const char **title, const char **note, int *fiscal_year, const char **budget,
		   const char **status, const char ***sources, size_t *n_sources);

#endif
