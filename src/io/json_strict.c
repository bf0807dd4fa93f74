/* json_strict.c — the rule loaders' strict JSON reader; see json_strict.h. */
#include "json_strict.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../core/money.h"

const char *const rules_known_seeds[] = {
	"000_23c807c41fd90cd5.txt", "001_2b97fb39079cc39d.txt", "002_71bcee7856d5932f.txt",
	"003_73909b06327bf539.txt", "004_c96e97b2604f50b2.txt", NULL,
};

const char *const js_cite_keys[] = { "value", "source", "quote", "note", "reading", NULL };

bool js_known_seed(const char *name)
{
	for (const char *const *k = rules_known_seeds; *k; k++)
		if (strcmp(*k, name) == 0)
			return true;
	return false;
}

json_t *js_parse(const char *text, size_t len, const char *label, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL)
		snprintf(err, errlen, "%s: %d行 %d列: JSONとして読めません（%s）", label, je.line, je.column, je.text);
	return root;
}

int js_run(js_ctx *x, json_t *root, void (*decode)(js_ctx *x, json_t *root, void *out), void *out)
{
	if (setjmp(x->fail) != 0)
		return -1;
	decode(x, root, out);
	return 0;
}

int js_load(const char *text, size_t len, const char *label, arena *a, void (*decode)(js_ctx *x, json_t *root, void *out),
	    void *out, size_t size, char *err, size_t errlen)
{
	memset(out, 0, size);
	json_t *root = js_parse(text, len, label, err, errlen);
	if (root == NULL)
		return -1;
	js_ctx x = { .a = a, .label = label, .err = err, .errlen = errlen };
	int rc = js_run(&x, root, decode, out);
	json_decref(root);
	return rc;
}

void js_fail(js_ctx *x, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	snprintf(x->err, x->errlen, "%s: %s: %s", x->label, path[0] ? path : "(root)", msg);
	longjmp(x->fail, 1);
}

/* Paths are built before the failure they name, so running out of memory here must
 * end the load rather than hand js_fail a NULL path. */
const char *js_sub(js_ctx *x, const char *parent, const char *key)
{
	const char *p = parent[0] ? arena_printf(x->a, "%s.%s", parent, key) : arena_strdup(x->a, key);
	if (p == NULL)
		js_fail(x, parent, "メモリが足りません");
	return p;
}

const char *js_at(js_ctx *x, const char *parent, size_t i)
{
	const char *p = arena_printf(x->a, "%s[%zu]", parent, i);
	if (p == NULL)
		js_fail(x, parent, "メモリが足りません");
	return p;
}

const char *js_unknown_key(json_t *o, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(o, key, v)
	{
		const char *const *k = allowed;
		while (*k && strcmp(*k, key) != 0)
			k++;
		if (*k == NULL)
			return key;
	}
	return NULL;
}

void js_only_keys(js_ctx *x, json_t *o, const char *path, const char *const *allowed)
{
	const char *key = js_unknown_key(o, allowed);
	if (key != NULL)
		js_fail(x, js_sub(x, path, key), "未知の項目です");
}

void js_object(js_ctx *x, json_t *o, const char *path, const char *const *keys)
{
	if (!json_is_object(o))
		js_fail(x, path, "オブジェクトであるべきです");
	js_only_keys(x, o, path, keys);
}

json_t *js_need(js_ctx *x, json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);
	if (v == NULL)
		js_fail(x, js_sub(x, path, key), "必須項目がありません");
	return v;
}

const char *js_str(js_ctx *x, json_t *o, const char *key, const char *path, bool required)
{
	json_t *v = required ? js_need(x, o, key, path) : json_object_get(o, key);
	if (v == NULL)
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0)
		js_fail(x, js_sub(x, path, key), "空でない文字列であるべきです");
	const char *s = arena_strdup(x->a, json_string_value(v));
	if (s == NULL)
		js_fail(x, path, "メモリが足りません");
	return s;
}

bool js_bool(js_ctx *x, json_t *o, const char *key, const char *path)
{
	json_t *v = json_object_get(o, key);
	if (v != NULL && !json_is_boolean(v))
		js_fail(x, js_sub(x, path, key), "真偽値であるべきです");
	return v != NULL && json_is_true(v);
}

json_t *js_obj(js_ctx *x, json_t *parent, const char *key, const char *path, bool required)
{
	json_t *v = required ? js_need(x, parent, key, path) : json_object_get(parent, key);
	if (v != NULL && !json_is_object(v))
		js_fail(x, js_sub(x, path, key), "オブジェクトであるべきです");
	return v;
}

void js_cite(js_ctx *x, json_t *o, const char *path, citation *c)
{
	c->source = js_str(x, o, "source", path, true);
	if (!js_known_seed(c->source))
		js_fail(x, js_sub(x, path, "source"), "資料「%s」は seeds/ にありません", c->source);
	c->quote = js_str(x, o, "quote", path, true);
	c->note = js_str(x, o, "note", path, false);
	c->reading = js_bool(x, o, "reading", path);
}

bool js_citation(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, citation *c)
{
	static const char *const keys[] = { "source", "quote", "note", "reading", NULL };
	json_t *o = js_obj(x, parent, key, path, required);
	if (o == NULL)
		return false;
	const char *p = js_sub(x, path, key);
	js_only_keys(x, o, p, keys);
	js_cite(x, o, p, c);
	return true;
}

/* parent.key as {value, …citation}: its value, or NULL when absent and not required.
 * *o and *p are the object and its path, for js_cite once the value is checked. */
static json_t *cited_value(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, json_t **o,
			   const char **p)
{
	*o = js_obj(x, parent, key, path, required);
	if (*o == NULL)
		return NULL;
	*p = js_sub(x, path, key);
	js_only_keys(x, *o, *p, js_cite_keys);
	return js_need(x, *o, "value", *p);
}

void js_amount(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, rule_amount *out)
{
	json_t *o;
	const char *p;
	json_t *v = cited_value(x, parent, key, path, required, &o, &p);
	if (v == NULL)
		return;
	if (!json_is_integer(v) || json_integer_value(v) <= 0 || json_integer_value(v) > MONEY_ABSURD_YEN)
		js_fail(x, js_sub(x, p, "value"), "正の整数の円（1兆円以下）であるべきです");
	out->present = true;
	out->yen = json_integer_value(v);
	js_cite(x, o, p, &out->cite);
}

void js_count(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, int max, const char *msg,
	      rule_count *out)
{
	json_t *o;
	const char *p;
	json_t *v = cited_value(x, parent, key, path, required, &o, &p);
	if (v == NULL)
		return;
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > max)
		js_fail(x, js_sub(x, p, "value"), "%s", msg);
	out->present = true;
	out->value = (int)json_integer_value(v);
	js_cite(x, o, p, &out->cite);
}

bool js_flag(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, bool *present, citation *c)
{
	json_t *o;
	const char *p;
	json_t *v = cited_value(x, parent, key, path, required, &o, &p);
	if (present != NULL)
		*present = v != NULL;
	if (v == NULL)
		return false;
	if (!json_is_boolean(v))
		js_fail(x, js_sub(x, p, "value"), "真偽値であるべきです");
	js_cite(x, o, p, c);
	return json_is_true(v);
}

void js_format(js_ctx *x, json_t *root, const char *format)
{
	const char *f = js_str(x, root, "format", "", true);
	if (strcmp(f, format) != 0)
		js_fail(x, "format", "形式「%s」には対応していません（%s）", f, format);
}

void js_sources(js_ctx *x, json_t *root, const char ***out, size_t *n)
{
	json_t *sources = js_need(x, root, "sources", "");
	if (!json_is_array(sources) || json_array_size(sources) == 0)
		js_fail(x, "sources", "資料名の配列であるべきです");
	*out = arena_alloc(x->a, json_array_size(sources) * sizeof **out);
	if (*out == NULL)
		js_fail(x, "sources", "メモリが足りません");
	size_t i;
	json_t *v;
	json_array_foreach(sources, i, v)
	{
		if (!json_is_string(v) || !js_known_seed(json_string_value(v)))
			js_fail(x, js_at(x, "sources", i), "seeds/ にある資料名であるべきです");
		(*out)[(*n)++] = arena_strdup(x->a, json_string_value(v));
	}
}

void js_rounding(js_ctx *x, json_t *root, rounding_mode *mode, citation *c)
{
	json_t *o = js_obj(x, root, "rounding", "", true);
	js_only_keys(x, o, "rounding", js_cite_keys);
	const char *v = js_str(x, o, "value", "rounding", true);
	if (!rounding_mode_from_key(v, mode))
		js_fail(x, "rounding.value", "floor_yen / floor_thousand のいずれかであるべきです");
	js_cite(x, o, "rounding", c);
}

void js_round_head(js_ctx *x, json_t *root, const char *format, const char *const *keys, const char **id,
		   const char **program, const char **title, const char **note, int *fiscal_year, const char **budget,
		   const char **status, const char ***sources, size_t *n_sources)
{
	if (!json_is_object(root))
		js_fail(x, "", "ルールセットはJSONオブジェクトであるべきです");
	js_only_keys(x, root, "", keys);
	js_format(x, root, format);
	*id = js_str(x, root, "id", "", true);
	*program = js_str(x, root, "program", "", true);
	size_t pl = strlen(*program);
	if (strncmp(*id, *program, pl) != 0 || (*id)[pl] != '/')
		js_fail(x, "id", "id は「<program>/<round>」であるべきです");
	*title = js_str(x, root, "title", "", true);
	*note = js_str(x, root, "note", "", false);
	json_t *fy = js_need(x, root, "fiscal_year", "");
	if (!json_is_integer(fy) || json_integer_value(fy) < 1989 || json_integer_value(fy) > 2100)
		js_fail(x, "fiscal_year", "西暦の年度であるべきです");
	*fiscal_year = (int)json_integer_value(fy);
	*budget = js_str(x, root, "budget", "", true);
	if (strcmp(*budget, "initial") && strcmp(*budget, "supplementary") && strcmp(*budget, "request"))
		js_fail(x, "budget", "initial / supplementary / request のいずれかであるべきです");
	*status = js_str(x, root, "status", "", true);
	if (strcmp(*status, "final") && strcmp(*status, "provisional"))
		js_fail(x, "status", "final / provisional のいずれかであるべきです");
	js_sources(x, root, sources, n_sources);
}
