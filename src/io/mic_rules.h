/* mic_rules.h — loads the 総務省 rule set (rules/mic/ files, "digiden/mic-rules/1":
 * 地域社会DX推進パッケージ, 地方債, 交付税措置) into core/finance.h's mic_rules, and the
 * generic reader of cited rule values that dispatch_rules.c shares.
 *
 * A rule value is {"value", "status": "final"|"draft"|"requested", "source", "quote",
 * "reading"?, "note"?}; the schema (which dotted paths, which types) comes from the
 * core's table (mic_defs, dsp_defs). Unknown keys, missing values, unknown seeds, wrong
 * types and impossible values are load errors naming the file and the JSON path. */
#ifndef DIGIDEN_MIC_RULES_H
#define DIGIDEN_MIC_RULES_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "../core/arena.h"
#include "../core/finance.h"

#define MIC_RULES_FORMAT "digiden/mic-rules/1"

/* Reads the values of defs[0..n) from root into out[0..n). meta_keys (NULL-terminated)
 * are the top-level keys that are not rule values (format, id, title …); the caller
 * reads them. Strings live in a. Returns 0, or -1 with "label: path: message" in err. */
int rv_load(json_t *root, const rv_def *defs, size_t n, rv_value *out, const char *const *meta_keys, const char *label,
	    arena *a, char *err, size_t errlen);

/* Parses text as a JSON rule file (duplicate keys rejected); *root is a new reference
 * the caller decrefs. Returns 0, or -1 with "label: N行 M列: message" in err. */
int rv_parse(const char *text, size_t len, const char *label, json_t **root, char *err, size_t errlen);

/* Checks "format" and reads "id", "title", "note" and "sources" (known seeds). */
int rv_meta(json_t *root, const char *format, const char *label, arena *a, const char **id, const char **title,
	    const char **note, char *err, size_t errlen);

/* What one file of cited rule values holds, for rv_load_file: its format, the
 * top-level keys that are not values (format, id, title …), the schema, and where in
 * the rules struct (size bytes, zeroed first) the values, id, title, note and label
 * go (offsetof), with as_of too when the format has one; then the check the loaded
 * set must pass. */
typedef struct rv_file {
	const char *format;
	const char *const *meta;
	const rv_def *defs;
	size_t n;
	size_t size;
	size_t values, id, title, note, label, as_of;
	bool has_as_of;
	int (*validate)(const void *rules, char *err, size_t errlen);
} rv_file;

/* Parses text into rules (a struct f describes), reads the meta and the values, then
 * validates: the loaders of rules/mic/ and rules/dispatch/. Returns 0, or -1 with
 * "label: …" in err. */
int rv_load_file(const rv_file *f, void *rules, const char *text, size_t len, const char *label, arena *a, char *err,
		 size_t errlen);

/* Loads one mic rule file from text. Returns 0, or -1 with a message in err. */
int mic_rules_load_text(const char *text, size_t len, const char *label, arena *a, mic_rules *out, char *err, size_t errlen);

/* Loads the embedded rules/mic/ rule file (there is one per build). */
int mic_rules_load_embedded(arena *a, mic_rules *out, char *err, size_t errlen);

#endif
