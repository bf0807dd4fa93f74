/* dispatch_rules.c — the デジタル専門人材派遣 rule file; see dispatch_rules.h. */
#include "dispatch_rules.h"

#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "mic_rules.h"

static int validate(const void *rules, char *err, size_t errlen) { return dsp_rules_validate(rules, err, errlen); }

/* the mic loader's reader of cited values, with this format's schema and as_of */
static const char *const dispatch_meta[] = { "format", "id", "title", "as_of", "sources", "note", NULL };
static const rv_file dispatch_file = {
	.format = DISPATCH_RULES_FORMAT, .meta = dispatch_meta, .defs = dsp_defs, .n = DSPV__MAX, .size = sizeof(dsp_rules),
	.values = offsetof(dsp_rules, v), .id = offsetof(dsp_rules, id), .title = offsetof(dsp_rules, title),
	.note = offsetof(dsp_rules, note), .label = offsetof(dsp_rules, label), .as_of = offsetof(dsp_rules, as_of),
	.has_as_of = true, .validate = validate,
};

int dispatch_rules_load_text(const char *text, size_t len, const char *label, arena *a, dsp_rules *out, char *err,
			     size_t errlen)
{
	return rv_load_file(&dispatch_file, out, text, len, label, a, err, errlen);
}

int dispatch_rules_load_embedded(arena *a, dsp_rules *out, char *err, size_t errlen)
{
	const embedded_file *f = embedded_find("rules/dispatch/");
	if (f != NULL)
		return dispatch_rules_load_text(f->data, f->len, f->name, a, out, err, errlen);
	snprintf(err, errlen, "デジタル専門人材派遣のルールファイル（rules/dispatch/）が埋め込まれていません");
	return -1;
}
