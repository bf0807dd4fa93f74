/* dispatch_rules.c — the デジタル専門人材派遣 rule file; see dispatch_rules.h. */
#include "dispatch_rules.h"

#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "mic_rules.h"

static int validate(const void *rules, char *err, size_t errlen) { return dsp_rules_validate(rules, err, errlen); }

int dispatch_rules_load_text(const char *text, size_t len, const char *label, arena *a, dsp_rules *out, char *err,
			     size_t errlen)
{
	static const char *const meta[] = { "format", "id", "title", "as_of", "sources", "note", NULL };
	memset(out, 0, sizeof *out);
	const rv_file f = { .format = DISPATCH_RULES_FORMAT, .meta = meta, .defs = dsp_defs, .n = DSPV__MAX, .values = out->v,
			    .id = &out->id, .title = &out->title, .note = &out->note, .label = &out->label,
			    .as_of = &out->as_of, .validate = validate, .rules = out };
	return rv_load_file(&f, text, len, label, a, err, errlen);
}

int dispatch_rules_load_embedded(arena *a, dsp_rules *out, char *err, size_t errlen)
{
	const embedded_file *f = embedded_find("rules/dispatch/");
	if (f != NULL)
		return dispatch_rules_load_text(f->data, f->len, f->name, a, out, err, errlen);
	snprintf(err, errlen, "デジタル専門人材派遣のルールファイル（rules/dispatch/）が埋め込まれていません");
	return -1;
}
