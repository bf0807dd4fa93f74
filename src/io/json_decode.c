/* json_decode.c — see json_decode.h. */
#include "json_decode.h"

#include <string.h>

const char *json_dec_sub(json_dec *x, const char *parent, const char *key)
{
	size_t pl = strlen(parent), kl = strlen(key);
	char *p = arena_alloc(x->a, pl + kl + 2);
	if (p == NULL)
		return "";
	memcpy(p, parent, pl);
	if (pl)
		p[pl++] = '.';
	memcpy(p + pl, key, kl + 1);
	return p;
}

const char *json_dec_idx(json_dec *x, const char *parent, size_t i)
{
	char digits[24];
	size_t nd = 0;
	do {
		digits[nd++] = (char)('0' + i % 10);
		i /= 10;
	} while (i);
	size_t pl = strlen(parent);
	char *p = arena_alloc(x->a, pl + nd + 3);
	if (p == NULL)
		return "";
	memcpy(p, parent, pl);
	p[pl] = '[';
	for (size_t k = 0; k < nd; k++)
		p[pl + 1 + k] = digits[nd - 1 - k];
	p[pl + 1 + nd] = ']';
	p[pl + 2 + nd] = '\0';
	return p;
}

const char *json_kind_label(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "オブジェクト";
	case JSON_ARRAY: return "配列";
	case JSON_STRING: return "文字列";
	case JSON_INTEGER: return "整数";
	case JSON_REAL: return "小数";
	case JSON_TRUE:
	case JSON_FALSE: return "真偽値";
	case JSON_NULL: return "null";
	}
	return "?";
}

void json_dec_only_keys(json_dec *x, json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		bool ok = false;
		for (const char *const *k = allowed; *k && !ok; k++)
			ok = strcmp(*k, key) == 0;
		if (!ok)
			diag_add(x->d, DIAG_ERROR, "UNKNOWN_KEY", json_dec_sub(x, path, key),
				 "未知の項目「%s」です（綴りを確認してください。未知の項目は受け付けません）", key);
	}
}

void json_dec_type_error(json_dec *x, const char *path, const char *want, const json_t *got)
{
	diag_add(x->d, DIAG_ERROR, "TYPE_MISMATCH", path, "%sであるべきところが%sです", want, json_kind_label(got));
}

void json_dec_missing(json_dec *x, const char *path)
{
	diag_add(x->d, DIAG_ERROR, "REQUIRED_MISSING", path, "必須項目「%s」がありません", path);
}

void json_diags_append(json_t *arr, const diag_list *l, diag_severity sev)
{
	for (size_t i = 0; i < l->len; i++) {
		const diag *d = &l->items[i];
		if (d->severity != sev)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "code", json_string(d->code));
		json_object_set_new(o, "path", json_string(d->path));
		json_object_set_new(o, "message", json_string(d->message));
		json_array_append_new(arr, o);
	}
}

json_t *json_diags(const diag_list *l, diag_severity sev)
{
	json_t *arr = json_array();
	json_diags_append(arr, l, sev);
	return arr;
}

json_t *json_trace(const trace_step *steps, size_t n)
{
	json_t *trace = json_array();
	for (size_t i = 0; i < n; i++) {
		const trace_step *t = &steps[i];
		json_t *s = json_object();
		json_object_set_new(s, "rule", json_string(t->rule));
		json_object_set_new(s, "value", json_string(t->value));
		json_object_set_new(s, "source", t->source ? json_string(t->source) : json_null());
		json_object_set_new(s, "label", t->label ? json_string(t->label) : json_null());
		if (t->quote)
			json_object_set_new(s, "quote", json_string(t->quote));
		json_array_append_new(trace, s);
	}
	return trace;
}
