/* dispatch_rules.c — the デジタル専門人材派遣 rule file; see dispatch_rules.h. */
#include "dispatch_rules.h"

#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "mic_rules.h"

int dispatch_rules_load_text(const char *text, size_t len, const char *label, arena *a, dsp_rules *out, char *err,
			     size_t errlen)
{
	static const char *const meta[] = { "format", "id", "title", "as_of", "sources", "note", NULL };
	memset(out, 0, sizeof *out);
	json_t *root;
	if (rv_parse(text, len, label, &root, err, errlen) != 0)
		return -1;
	int rc = rv_meta(root, DISPATCH_RULES_FORMAT, label, a, &out->id, &out->title, &out->note, err, errlen);
	if (rc == 0) {
		json_t *as_of = json_object_get(root, "as_of");
		if (as_of != NULL && !json_is_string(as_of)) {
			snprintf(err, errlen, "%s: as_of: 文字列であるべきです", label);
			rc = -1;
		} else if (as_of != NULL) {
			out->as_of = arena_strdup(a, json_string_value(as_of));
		}
	}
	if (rc == 0)
		rc = rv_load(root, dsp_defs, DSPV__MAX, out->v, meta, label, a, err, errlen);
	json_decref(root);
	if (rc == 0 && dsp_rules_validate(out, err, errlen) != 0) {
		char tmp[512];
		snprintf(tmp, sizeof tmp, "%s", err);
		snprintf(err, errlen, "%s: %s", label, tmp);
		rc = -1;
	}
	out->label = arena_strdup(a, label);
	return rc;
}

int dispatch_rules_load_embedded(arena *a, dsp_rules *out, char *err, size_t errlen)
{
	const embedded_file *f = embedded_find("rules/dispatch/");
	if (f != NULL)
		return dispatch_rules_load_text(f->data, f->len, f->name, a, out, err, errlen);
	snprintf(err, errlen, "デジタル専門人材派遣のルールファイル（rules/dispatch/）が埋め込まれていません");
	return -1;
}
