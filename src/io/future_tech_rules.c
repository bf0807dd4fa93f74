/* future_tech_rules.c — 未来技術社会実装事業 rule-file loader; see future_tech_rules.h. */
#include "future_tech_rules.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "json_strict.h"

/* The program's counts (fiscal years, extensions) are 1 to 20, at the top level. */
static void count(js_ctx *x, json_t *root, const char *key, bool required, rule_count *out)
{
	js_count(x, root, key, "", required, 20, "1〜20の整数であるべきです", out);
}

static void published(js_ctx *x, json_t *root, const char *key, ft_published **out, size_t *n)
{
	static const char *const keys[] = { "fiscal_year", "value", "source", "quote", "note", "reading", NULL };
	json_t *arr = json_object_get(root, key);
	if (arr == NULL)
		return;
	if (!json_is_array(arr))
		js_fail(x, key, "配列であるべきです");
	*out = arena_alloc(x->a, (json_array_size(arr) + 1) * sizeof **out);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		const char *p = js_at(x, key, i);
		js_object(x, v, p, keys);
		json_t *fy = js_need(x, v, "fiscal_year", p), *val = js_need(x, v, "value", p);
		if (!json_is_integer(fy) || json_integer_value(fy) < 1989 || json_integer_value(fy) > 2100)
			js_fail(x, js_sub(x, p, "fiscal_year"), "西暦の年度であるべきです");
		if (!json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > 100000)
			js_fail(x, js_sub(x, p, "value"), "0以上の整数であるべきです");
		ft_published *e = &(*out)[(*n)++];
		e->fiscal_year = (int)json_integer_value(fy);
		e->value = (int)json_integer_value(val);
		js_cite(x, v, p, &e->cite);
	}
}

static void decode(js_ctx *x, json_t *root, void *out)
{
	ft_rules *r = out;
	r->label = arena_strdup(x->a, x->label); /* set first: a failed load still names its file */
	static const char *const keys[] = { "format",
					    "id",
					    "program",
					    "title",
					    "sources",
					    "note",
					    "support_fiscal_years",
					    "extension_fiscal_years",
					    "max_extensions",
					    "continuation_application",
					    "continuation_review",
					    "automatic_end",
					    "filing_within_period",
					    "published_selections",
					    "published_in_support",
					    NULL };
	if (!json_is_object(root))
		js_fail(x, "", "ルールはJSONオブジェクトであるべきです");
	js_only_keys(x, root, "", keys);
	js_format(x, root, FUTURE_TECH_RULES_FORMAT);
	r->id = js_str(x, root, "id", "", true);
	js_str(x, root, "program", "", true);
	r->title = js_str(x, root, "title", "", true);
	r->note = js_str(x, root, "note", "", false);
	js_sources(x, root, &r->sources, &r->n_sources);
	count(x, root, "support_fiscal_years", true, &r->support_fiscal_years);
	count(x, root, "extension_fiscal_years", true, &r->extension_fiscal_years);
	count(x, root, "max_extensions", false, &r->max_extensions);
	js_citation(x, root, "continuation_application", "", true, &r->continuation_application);
	js_citation(x, root, "continuation_review", "", true, &r->continuation_review);
	js_citation(x, root, "automatic_end", "", true, &r->automatic_end);
	js_citation(x, root, "filing_within_period", "", true, &r->filing_within_period);
	published(x, root, "published_selections", &r->published_selections, &r->n_published_selections);
	published(x, root, "published_in_support", &r->published_in_support, &r->n_published_in_support);
}

int future_tech_rules_load_text(const char *text, size_t len, const char *label, arena *a, ft_rules *out, char *err,
				size_t errlen)
{
	return js_load(text, len, label, a, decode, out, sizeof *out, err, errlen);
}

int future_tech_rules_load_embedded(ft_rules *out, arena *a, char *err, size_t errlen)
{
	static const char name[] = "rules/future-tech/program.json";
	const embedded_file *f = embedded_find(name);
	if (f != NULL && strcmp(f->name, name) == 0)
		return future_tech_rules_load_text(f->data, f->len, f->name, a, out, err, errlen);
	snprintf(err, errlen, "%s が組み込まれていません", name);
	return -1;
}
