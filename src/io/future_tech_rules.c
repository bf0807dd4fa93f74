/* future_tech_rules.c — 未来技術社会実装事業 rule-file loader; see future_tech_rules.h. */
#include "future_tech_rules.h"

#include <jansson.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "catalog.h"
#include "json_rules.h"

typedef struct ld {
	arena *a;
	const char *label;
	char *err;
	size_t errlen;
	jmp_buf fail;
} ld;

__attribute__((noreturn, format(printf, 3, 4))) static void fail(ld *x, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(x->err, x->errlen, "%s: %s: %s", x->label, path[0] ? path : "(root)", msg);
	longjmp(x->fail, 1);
}

static const char *sub(ld *x, const char *parent, const char *key)
{
	return parent[0] ? arena_printf(x->a, "%s.%s", parent, key) : arena_strdup(x->a, key);
}

static void only_keys(ld *x, json_t *o, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		bool ok = false;
		for (const char *const *k = allowed; *k && !ok; k++)
			ok = strcmp(*k, key) == 0;
		if (!ok)
			fail(x, sub(x, path, key), "未知の項目です");
	}
}

static json_t *need(ld *x, json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL)
		fail(x, sub(x, path, key), "必須項目がありません");
	return v;
}

static const char *str(ld *x, json_t *o, const char *key, const char *path, bool required)
{
	json_t *v = required ? need(x, o, key, path) : json_object_get(o, key);
	if (v == NULL)
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0)
		fail(x, sub(x, path, key), "空でない文字列であるべきです");
	return arena_strdup(x->a, json_string_value(v));
}

static bool known_seed(const char *s)
{
	for (const char *const *k = rules_known_seeds; *k; k++)
		if (strcmp(*k, s) == 0)
			return true;
	return false;
}

static void cite(ld *x, json_t *o, const char *path, citation *c)
{
	c->source = str(x, o, "source", path, true);
	if (!known_seed(c->source))
		fail(x, sub(x, path, "source"), "資料「%s」は seeds/ にありません", c->source);
	c->quote = str(x, o, "quote", path, true);
	c->note = str(x, o, "note", path, false);
	json_t *r = json_object_get(o, "reading");
	if (r != NULL && !json_is_boolean(r))
		fail(x, sub(x, path, "reading"), "真偽値であるべきです");
	c->reading = r != NULL && json_is_true(r);
}

static json_t *cited_object(ld *x, json_t *parent, const char *key, bool required, const char *const *keys)
{
	json_t *o = required ? need(x, parent, key, "") : json_object_get(parent, key);
	if (o == NULL)
		return NULL;
	if (!json_is_object(o))
		fail(x, key, "オブジェクトであるべきです");
	only_keys(x, o, key, keys);
	return o;
}

static void count(ld *x, json_t *root, const char *key, bool required, rule_count *out)
{
	static const char *const keys[] = { "value", "source", "quote", "note", "reading", NULL };
	json_t *o = cited_object(x, root, key, required, keys);
	if (o == NULL)
		return;
	json_t *v = need(x, o, "value", key);
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 20)
		fail(x, sub(x, key, "value"), "1〜20の整数であるべきです");
	out->present = true;
	out->value = (int)json_integer_value(v);
	cite(x, o, key, &out->cite);
}

static void citation_only(ld *x, json_t *root, const char *key, citation *c)
{
	static const char *const keys[] = { "source", "quote", "note", "reading", NULL };
	cite(x, cited_object(x, root, key, true, keys), key, c);
}

static void published(ld *x, json_t *root, const char *key, ft_published **out, size_t *n)
{
	static const char *const keys[] = { "fiscal_year", "value", "source", "quote", "note", "reading", NULL };
	json_t *arr = json_object_get(root, key);
	if (arr == NULL)
		return;
	if (!json_is_array(arr))
		fail(x, key, "配列であるべきです");
	*out = arena_alloc(x->a, (json_array_size(arr) + 1) * sizeof **out);
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		const char *p = arena_printf(x->a, "%s[%zu]", key, i);
		if (!json_is_object(v))
			fail(x, p, "オブジェクトであるべきです");
		only_keys(x, v, p, keys);
		json_t *fy = need(x, v, "fiscal_year", p), *val = need(x, v, "value", p);
		if (!json_is_integer(fy) || json_integer_value(fy) < 1989 || json_integer_value(fy) > 2100)
			fail(x, sub(x, p, "fiscal_year"), "西暦の年度であるべきです");
		if (!json_is_integer(val) || json_integer_value(val) < 0 || json_integer_value(val) > 100000)
			fail(x, sub(x, p, "value"), "0以上の整数であるべきです");
		ft_published *e = &(*out)[(*n)++];
		e->fiscal_year = (int)json_integer_value(fy);
		e->value = (int)json_integer_value(val);
		cite(x, v, p, &e->cite);
	}
}

static void decode(ld *x, json_t *root, ft_rules *r)
{
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
		fail(x, "", "ルールはJSONオブジェクトであるべきです");
	only_keys(x, root, "", keys);
	const char *format = str(x, root, "format", "", true);
	if (strcmp(format, FUTURE_TECH_RULES_FORMAT) != 0)
		fail(x, "format", "形式「%s」には対応していません（%s）", format, FUTURE_TECH_RULES_FORMAT);
	r->id = str(x, root, "id", "", true);
	str(x, root, "program", "", true);
	r->title = str(x, root, "title", "", true);
	r->note = str(x, root, "note", "", false);
	json_t *sources = need(x, root, "sources", "");
	if (!json_is_array(sources) || json_array_size(sources) == 0)
		fail(x, "sources", "資料名の配列であるべきです");
	r->sources = arena_alloc(x->a, json_array_size(sources) * sizeof(char *));
	size_t i;
	json_t *v;
	json_array_foreach(sources, i, v)
	{
		if (!json_is_string(v) || !known_seed(json_string_value(v)))
			fail(x, arena_printf(x->a, "sources[%zu]", i), "seeds/ にある資料名であるべきです");
		r->sources[r->n_sources++] = arena_strdup(x->a, json_string_value(v));
	}
	count(x, root, "support_fiscal_years", true, &r->support_fiscal_years);
	count(x, root, "extension_fiscal_years", true, &r->extension_fiscal_years);
	count(x, root, "max_extensions", false, &r->max_extensions);
	citation_only(x, root, "continuation_application", &r->continuation_application);
	citation_only(x, root, "continuation_review", &r->continuation_review);
	citation_only(x, root, "automatic_end", &r->automatic_end);
	citation_only(x, root, "filing_within_period", &r->filing_within_period);
	published(x, root, "published_selections", &r->published_selections, &r->n_published_selections);
	published(x, root, "published_in_support", &r->published_in_support, &r->n_published_in_support);
}

int future_tech_rules_load_text(const char *text, size_t len, const char *label, arena *a, ft_rules *out, char *err,
				size_t errlen)
{
	memset(out, 0, sizeof *out);
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, errlen, "%s: %d行 %d列: JSONとして読めません（%s）", label, je.line, je.column, je.text);
		return -1;
	}
	ld x = { .a = a, .label = label, .err = err, .errlen = errlen };
	int rc = 0;
	if (setjmp(x.fail) == 0)
		decode(&x, root, out);
	else
		rc = -1;
	out->label = arena_strdup(a, label);
	json_decref(root);
	return rc;
}

int future_tech_rules_load_embedded(ft_rules *out, arena *a, char *err, size_t errlen)
{
	static const char name[] = "rules/future-tech/program.json";
	for (const embedded_file *f = embedded_files; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return future_tech_rules_load_text(f->data, f->len, f->name, a, out, err, errlen);
	snprintf(err, errlen, "%s が組み込まれていません", name);
	return -1;
}
