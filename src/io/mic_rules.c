/* mic_rules.c — cited rule values and the 総務省 rule set; see mic_rules.h. */
#include "mic_rules.h"

#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "json_strict.h"

/* The shared reader's context plus the schema being read. */
typedef struct ld {
	js_ctx js;
	const rv_def *defs;
	size_t n;
	rv_value *out;
	bool *seen;
	const char *const *meta;
} ld;

static const char *nonempty(ld *x, json_t *v, const char *path)
{
	if (!json_is_string(v) || json_string_length(v) == 0)
		js_fail(&x->js, path, "空でない文字列であるべきです");
	return arena_strdup(x->js.a, json_string_value(v));
}

static void value_of(ld *x, json_t *v, const char *path, const rv_def *d, rv_value *o)
{
	if (json_is_null(v)) {
		if (!d->nullable)
			js_fail(&x->js, path, "null にできません（資料に値があるはずです）");
		o->present = false;
		return;
	}
	o->present = true;
	switch (d->type) {
	case RV_YEN:
		if (json_is_integer(v)) {
			o->n = json_integer_value(v);
		} else if (json_is_string(v)) {
			int64_t yen;
			if (money_parse(json_string_value(v), &yen) != MONEY_OK)
				js_fail(&x->js, path, "金額として読めません");
			o->n = yen;
		} else {
			js_fail(&x->js, path, "円の整数か金額の文字列であるべきです");
		}
		if (o->n < 0 || o->n > MONEY_ABSURD_YEN)
			js_fail(&x->js, path, "0以上1兆円以下の金額であるべきです");
		break;
	case RV_INT:
		if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 1000000000)
			js_fail(&x->js, path, "0以上の整数であるべきです");
		o->n = json_integer_value(v);
		break;
	case RV_RATE:
		if (!json_is_string(v) || !fraction_parse(json_string_value(v), &o->rate))
			js_fail(&x->js, path, "分数の文字列（\"7/10\"）であるべきです");
		break;
	case RV_TEXT:
	case RV_LABEL:
		o->text = nonempty(x, v, path);
		break;
	case RV_KINDS: {
		if (!json_is_array(v) || json_array_size(v) == 0)
			js_fail(&x->js, path, "団体種別の配列であるべきです");
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
		{
			org_kind k;
			const char *p = js_at(&x->js, path, i);
			if (!json_is_string(e) || !org_kind_from_id(json_string_value(e), &k))
				js_fail(&x->js, p, "団体種別（prefecture, designated_city, city, town, village, special_ward …）であるべきです");
			if (rv_has_kind(o, k))
				js_fail(&x->js, p, "団体種別が重複しています");
			o->kinds |= 1u << k;
		}
		break;
	}
	case RV_STRINGS: {
		if (!json_is_array(v) || json_array_size(v) == 0)
			js_fail(&x->js, path, "文字列の配列であるべきです");
		o->n_strings = json_array_size(v);
		const char **s = arena_alloc(x->js.a, o->n_strings * sizeof *s);
		if (s == NULL)
			js_fail(&x->js, path, "メモリが足りません");
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) s[i] = nonempty(x, e, js_at(&x->js, path, i));
		o->strings = s;
		break;
	}
	case RV_PARTNERS: {
		static const char *const keys[] = { "name", "industry", NULL };
		if (!json_is_array(v) || json_array_size(v) == 0)
			js_fail(&x->js, path, "協力企業の配列であるべきです");
		o->n_partners = json_array_size(v);
		rv_partner *p = arena_alloc(x->js.a, o->n_partners * sizeof *p);
		if (p == NULL)
			js_fail(&x->js, path, "メモリが足りません");
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e)
		{
			const char *ep = js_at(&x->js, path, i);
			js_object(&x->js, e, ep, keys);
			p[i].name = js_str(&x->js, e, "name", ep, true);
			p[i].industry = js_str(&x->js, e, "industry", ep, false);
		}
		o->partners = p;
		break;
	}
	case RV_TYPE__MAX:
		js_fail(&x->js, path, "型が不明です");
	}
}

/* One cited value (or a plain label) at path. */
static void one(ld *x, json_t *v, const char *path, size_t idx)
{
	const rv_def *d = &x->defs[idx];
	rv_value *o = &x->out[idx];
	memset(o, 0, sizeof *o);
	o->id = d->id;
	x->seen[idx] = true;
	if (d->type == RV_LABEL) {
		value_of(x, v, path, d, o);
		o->status = FIN_FINAL;
		return;
	}
	static const char *const keys[] = { "value", "status", "source", "quote", "reading", "note", NULL };
	if (!json_is_object(v))
		js_fail(&x->js, path, "{\"value\", \"status\", \"source\", \"quote\"} のオブジェクトであるべきです");
	js_only_keys(&x->js, v, path, keys);
	for (int i = 0; i < 4; i++) /* value, status, source, quote */
		js_need(&x->js, v, keys[i], path);
	value_of(x, json_object_get(v, "value"), js_sub(&x->js, path, "value"), d, o);
	json_t *st = json_object_get(v, "status");
	if (!json_is_string(st) || !fin_status_from_id(json_string_value(st), &o->status))
		js_fail(&x->js, js_sub(&x->js, path, "status"), "\"final\" / \"draft\" / \"requested\" のどれかであるべきです");
	citation c;
	js_cite(&x->js, v, path, &c);
	o->source = c.source;
	o->quote = c.quote;
	o->note = c.note;
	o->reading = c.reading;
}

static void walk(ld *x, json_t *obj, const char *prefix)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		bool meta = false;
		for (const char *const *m = x->meta; prefix[0] == 0 && m && *m && !meta; m++)
			meta = strcmp(*m, key) == 0;
		if (meta)
			continue;
		const char *path = js_sub(&x->js, prefix, key);
		size_t plen = strlen(path);
		bool inner = false;
		size_t i;
		for (i = 0; i < x->n; i++) {
			if (strcmp(x->defs[i].id, path) == 0)
				break;
			if (strncmp(x->defs[i].id, path, plen) == 0 && x->defs[i].id[plen] == '.')
				inner = true;
		}
		if (i < x->n) {
			one(x, v, path, i);
		} else if (inner) {
			if (!json_is_object(v))
				js_fail(&x->js, path, "オブジェクトであるべきです");
			walk(x, v, path);
		} else {
			js_fail(&x->js, path, "未知の項目です");
		}
	}
}

/* Under js_run: the table, the file, then every value the table names. */
static void load_values(js_ctx *jx, json_t *root, void *arg)
{
	ld *x = arg;
	for (size_t i = 0; i < x->n; i++)
		if (x->defs[i].id == NULL)
			js_fail(jx, "", "内部エラー: 規則の表 %zu 番に名前がありません", i);
	if (!json_is_object(root))
		js_fail(jx, "", "オブジェクトであるべきです");
	walk(x, root, "");
	for (size_t i = 0; i < x->n; i++)
		if (!x->seen[i])
			js_fail(jx, x->defs[i].id, "必須項目がありません");
}

int rv_load(json_t *root, const rv_def *defs, size_t n, rv_value *out, const char *const *meta_keys, const char *label,
	    arena *a, char *err, size_t errlen)
{
	ld x = { .js = { .a = a, .label = label, .err = err, .errlen = errlen }, .defs = defs, .n = n, .out = out,
		 .meta = meta_keys };
	x.seen = arena_alloc(a, n + 1);
	if (x.seen == NULL) {
		snprintf(err, errlen, "%s: メモリが足りません", label);
		return -1;
	}
	return js_run(&x.js, root, load_values, &x);
}

int rv_parse(const char *text, size_t len, const char *label, json_t **root, char *err, size_t errlen)
{
	json_error_t je;
	*root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (*root == NULL) {
		snprintf(err, errlen, "%s: %d行 %d列: JSON として読めません（%s）", label, je.line, je.column, je.text);
		return -1;
	}
	return 0;
}

int rv_meta(json_t *root, const char *format, const char *label, arena *a, const char **id, const char **title,
	    const char **note, char *err, size_t errlen)
{
	json_t *f = json_object_get(root, "format");
	if (!json_is_string(f) || strcmp(json_string_value(f), format) != 0) {
		snprintf(err, errlen, "%s: format: \"%s\" であるべきです", label, format);
		return -1;
	}
	json_t *i = json_object_get(root, "id"), *t = json_object_get(root, "title"), *n = json_object_get(root, "note"),
	       *s = json_object_get(root, "sources");
	if (!json_is_string(i) || !json_is_string(t)) {
		snprintf(err, errlen, "%s: id と title は文字列で必須です", label);
		return -1;
	}
	if (n != NULL && !json_is_string(n)) {
		snprintf(err, errlen, "%s: note: 文字列であるべきです", label);
		return -1;
	}
	if (!json_is_array(s) || json_array_size(s) == 0) {
		snprintf(err, errlen, "%s: sources: 資料の配列であるべきです", label);
		return -1;
	}
	size_t k;
	json_t *e;
	json_array_foreach(s, k, e) if (!json_is_string(e) || !js_known_seed(json_string_value(e)))
	{
		snprintf(err, errlen, "%s: sources[%zu]: seeds/ にある資料であるべきです", label, k);
		return -1;
	}
	*id = arena_strdup(a, json_string_value(i));
	*title = arena_strdup(a, json_string_value(t));
	*note = n ? arena_strdup(a, json_string_value(n)) : NULL;
	return 0;
}

/* The const char * member at offset off of rules. */
static const char **member(void *rules, size_t off) { return (const char **)((char *)rules + off); }

int rv_load_file(const rv_file *f, void *rules, const char *text, size_t len, const char *label, arena *a, char *err,
		 size_t errlen)
{
	memset(rules, 0, f->size);
	json_t *root;
	if (rv_parse(text, len, label, &root, err, errlen) != 0)
		return -1;
	int rc = rv_meta(root, f->format, label, a, member(rules, f->id), member(rules, f->title), member(rules, f->note), err,
			 errlen);
	json_t *as_of = f->has_as_of ? json_object_get(root, "as_of") : NULL;
	if (rc == 0 && as_of != NULL && !json_is_string(as_of)) {
		snprintf(err, errlen, "%s: as_of: 文字列であるべきです", label);
		rc = -1;
	} else if (rc == 0 && as_of != NULL) {
		*member(rules, f->as_of) = arena_strdup(a, json_string_value(as_of));
	}
	if (rc == 0)
		rc = rv_load(root, f->defs, f->n, (rv_value *)((char *)rules + f->values), f->meta, label, a, err, errlen);
	json_decref(root);
	/* the core's checks name the value; the file goes in front */
	if (rc == 0 && f->validate(rules, err, errlen) != 0) {
		char tmp[512];
		snprintf(tmp, sizeof tmp, "%s", err);
		snprintf(err, errlen, "%s: %s", label, tmp);
		rc = -1;
	}
	*member(rules, f->label) = arena_strdup(a, label);
	return rc;
}

static int validate(const void *rules, char *err, size_t errlen) { return mic_rules_validate(rules, err, errlen); }

static const char *const mic_meta[] = { "format", "id", "title", "sources", "note", NULL };
static const rv_file mic_file = { .format = MIC_RULES_FORMAT, .meta = mic_meta, .defs = mic_defs, .n = MIC__MAX,
				  .size = sizeof(mic_rules), .values = offsetof(mic_rules, v), .id = offsetof(mic_rules, id),
				  .title = offsetof(mic_rules, title), .note = offsetof(mic_rules, note),
				  .label = offsetof(mic_rules, label), .validate = validate };

int mic_rules_load_text(const char *text, size_t len, const char *label, arena *a, mic_rules *out, char *err, size_t errlen)
{
	return rv_load_file(&mic_file, out, text, len, label, a, err, errlen);
}

int mic_rules_load_embedded(arena *a, mic_rules *out, char *err, size_t errlen)
{
	const embedded_file *f = embedded_find("rules/mic/");
	if (f != NULL)
		return mic_rules_load_text(f->data, f->len, f->name, a, out, err, errlen);
	snprintf(err, errlen, "総務省のルールファイル（rules/mic/）が埋め込まれていません");
	return -1;
}
