/* support_rules.c — the support programs' rule data loader; see support_rules.h. */
#include "support_rules.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "json_strict.h"

static int integer(js_ctx *x, json_t *o, const char *key, const char *path, bool required, int lo, int hi)
{
	json_t *v = required ? js_need(x, o, key, path) : json_object_get(o, key);
	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		js_fail(x, js_sub(x, path, key), "%d以上%d以下の整数であるべきです", lo, hi);
	return (int)json_integer_value(v);
}

/* An optional array of non-empty strings; each passes check (when given), which
 * returns the canonical value or NULL. */
static const char **strings(js_ctx *x, json_t *o, const char *key, const char *path, size_t *n,
			    const char *(*check)(const char *ctx, const char *value), const char *ctx)
{
	*n = 0;
	json_t *v = json_object_get(o, key);
	if (v == NULL)
		return NULL;
	const char *p = js_sub(x, path, key);
	if (!json_is_array(v) || json_array_size(v) == 0)
		js_fail(x, p, "空でない文字列の配列であるべきです");
	const char **out = arena_alloc(x->a, json_array_size(v) * sizeof *out);
	if (out == NULL)
		js_fail(x, p, "メモリが足りません");
	size_t i;
	json_t *e;
	json_array_foreach(v, i, e)
	{
		if (!json_is_string(e) || json_string_length(e) == 0)
			js_fail(x, js_at(x, p, i), "空でない文字列であるべきです");
		const char *s = json_string_value(e);
		if (check) {
			const char *c = check(ctx, s);
			if (c == NULL || c[0] == '\0')
				js_fail(x, js_at(x, p, i), "「%s」は %s にありません", s, ctx);
			s = c;
		}
		out[i] = arena_strdup(x->a, s);
		if (out[i] == NULL)
			js_fail(x, p, "メモリが足りません");
	}
	*n = json_array_size(v);
	return out;
}

static const char *menu_check(const char *program, const char *v) { return history_menu_canonical(program, v); }
static const char *status_check(const char *program, const char *v) { return history_status_canonical(program, v); }

static void match(js_ctx *x, json_t *o, const char *p, history_match *m)
{
	static const char *const keys[] = { "program", "fiscal_year", "budget", "menus", "exclude_menus", "statuses", NULL };
	js_object(x, o, p, keys);
	m->program = js_str(x, o, "program", p, true);
	if (!history_program_known(m->program))
		js_fail(x, js_sub(x, p, "program"), "事業「%s」はありません（digital-implementation, new-local-economy-digital, bansou, dispatch, "
					      "future-tech）",
		     m->program);
	m->fiscal_year = integer(x, o, "fiscal_year", p, false, 2000, 2100);
	m->budget = js_str(x, o, "budget", p, false);
	if (m->budget && strcmp(m->budget, "initial") != 0 && strcmp(m->budget, "supplementary") != 0 &&
	    strcmp(m->budget, "request") != 0)
		js_fail(x, js_sub(x, p, "budget"), "initial, supplementary, request のいずれかです");
	m->menus = strings(x, o, "menus", p, &m->n_menus, menu_check, m->program);
	m->exclude_menus = strings(x, o, "exclude_menus", p, &m->n_exclude_menus, menu_check, m->program);
	m->statuses = strings(x, o, "statuses", p, &m->n_statuses, status_check, m->program);
}

static void condition(js_ctx *x, json_t *o, const char *p, support_condition *c)
{
	static const char *const keys[] = { "id",    "category",    "kind",  "label",    "source",      "quote", "note",
					    "reading", "match", "apply", "prefectures", "answer_text", NULL };
	js_object(x, o, p, keys);
	c->id = js_str(x, o, "id", p, true);
	c->category = integer(x, o, "category", p, true, 1, 3);
	const char *kind = js_str(x, o, "kind", p, true);
	if (!support_kind_from_key(kind, &c->kind))
		js_fail(x, js_sub(x, p, "kind"), "種類「%s」はありません", kind);
	c->label = js_str(x, o, "label", p, true);
	js_cite(x, o, p, &c->cite);
	json_t *ms = json_object_get(o, "match");
	bool needs_match = c->kind == SUPPORT_HISTORY || c->kind == SUPPORT_SAME_ROUND || c->kind == SUPPORT_NOTE_SAME_ROUND;
	if (ms == NULL && needs_match)
		js_fail(x, js_sub(x, p, "match"), "種類 %s には必須です", kind);
	if (ms != NULL) {
		const char *mp = js_sub(x, p, "match");
		if (!json_is_array(ms) || json_array_size(ms) == 0)
			js_fail(x, mp, "空でない配列であるべきです");
		c->n_match = json_array_size(ms);
		c->match = arena_alloc(x->a, c->n_match * sizeof *c->match);
		if (c->match == NULL)
			js_fail(x, mp, "メモリが足りません");
		size_t i;
		json_t *e;
		json_array_foreach(ms, i, e)
		match(x, e, js_at(x, mp, i), &c->match[i]);
	}
	c->apply = strings(x, o, "apply", p, &c->n_apply, NULL, NULL);
	if ((c->apply != NULL) != (c->kind == SUPPORT_TARGETS))
		js_fail(x, js_sub(x, p, "apply"), c->apply ? "種類 targets だけが持てます" : "種類 targets には必須です");
	c->prefectures = strings(x, o, "prefectures", p, &c->n_prefectures, NULL, NULL);
	if (c->prefectures && c->kind != SUPPORT_NOTE_PREFECTURE)
		js_fail(x, js_sub(x, p, "prefectures"), "種類 note_prefecture だけが持てます");
	if (c->kind == SUPPORT_NOTE_PREFECTURE && c->prefectures == NULL && c->match == NULL)
		js_fail(x, p, "prefectures か match のどちらかが必要です");
	c->answer_text = js_str(x, o, "answer_text", p, false);
	if (c->answer_text && c->kind != SUPPORT_DECLARATION)
		js_fail(x, js_sub(x, p, "answer_text"), "種類 declaration だけが持てます");
}

static void decode(js_ctx *x, json_t *root, void *rules)
{
	support_rules *out = rules;
	static const char *const keys[] = { "format", "id", "program", "title", "fiscal_year", "sources", "note", "categories",
					    "conditions", NULL };
	memset(out, 0, sizeof *out);
	js_object(x, root, "", keys);
	const char *format = js_str(x, root, "format", "", true);
	if (strcmp(format, SUPPORT_RULES_FORMAT) != 0)
		js_fail(x, "format", "形式「%s」は読めません（%s）", format, SUPPORT_RULES_FORMAT);
	out->id = js_str(x, root, "id", "", true);
	out->program = js_str(x, root, "program", "", true);
	if (strcmp(out->program, PROGRAM_BANSOU) != 0)
		js_fail(x, "program", "事業「%s」の応募要件は扱えません（bansou）", out->program);
	size_t pl = strlen(out->program);
	if (strncmp(out->id, out->program, pl) != 0 || out->id[pl] != '/')
		js_fail(x, "id", "「%s/<round>」の形であるべきです", out->program);
	out->title = js_str(x, root, "title", "", true);
	out->fiscal_year = integer(x, root, "fiscal_year", "", true, 2000, 2100);
	out->note = js_str(x, root, "note", "", false);
	out->sources = strings(x, root, "sources", "", &out->n_sources, NULL, NULL);
	if (out->sources == NULL)
		js_fail(x, "sources", "必須項目がありません");
	json_t *cats = json_object_get(root, "categories");
	if (!json_is_array(cats) || json_array_size(cats) != 3)
		js_fail(x, "categories", "類型①②③の3つの配列であるべきです");
	size_t i;
	json_t *e;
	json_array_foreach(cats, i, e)
	{
		static const char *const ckeys[] = { "id", "name", "source", "quote", "note", "reading", NULL };
		const char *p = js_at(x, "categories", i);
		js_object(x, e, p, ckeys);
		int id = integer(x, e, "id", p, true, 1, 3);
		support_category *c = &out->categories[id - 1];
		if (c->id != 0)
			js_fail(x, js_sub(x, p, "id"), "類型 %d が重複しています", id);
		c->id = id;
		c->name = js_str(x, e, "name", p, true);
		js_cite(x, e, p, &c->cite);
	}
	json_t *conds = json_object_get(root, "conditions");
	if (!json_is_array(conds) || json_array_size(conds) == 0)
		js_fail(x, "conditions", "空でない配列であるべきです");
	out->n_conditions = json_array_size(conds);
	out->conditions = arena_alloc(x->a, out->n_conditions * sizeof *out->conditions);
	if (out->conditions == NULL)
		js_fail(x, "conditions", "メモリが足りません");
	json_array_foreach(conds, i, e)
	{
		const char *p = js_at(x, "conditions", i);
		condition(x, e, p, &out->conditions[i]);
		for (size_t k = 0; k < i; k++)
			if (out->conditions[k].category == out->conditions[i].category &&
			    strcmp(out->conditions[k].id, out->conditions[i].id) == 0)
				js_fail(x, js_sub(x, p, "id"), "類型%dの条件 %s が重複しています", out->conditions[i].category, out->conditions[i].id);
	}
	/* every category has conditions; P3a's apply[] names 類型① conditions */
	for (int cat = 1; cat <= 3; cat++) {
		bool any = false;
		for (size_t k = 0; k < out->n_conditions; k++)
			any = any || out->conditions[k].category == cat;
		if (!any)
			js_fail(x, "conditions", "類型%dの条件がありません", cat);
	}
	for (size_t k = 0; k < out->n_conditions; k++) {
		const support_condition *c = &out->conditions[k];
		for (size_t j = 0; j < c->n_apply; j++) {
			const support_condition *t = support_condition_find(out, 1, c->apply[j]);
			if (t == NULL || (t->kind != SUPPORT_HISTORY && t->kind != SUPPORT_APPLICANT))
				js_fail(x, js_sub(x, js_at(x, "conditions", k), "apply"), "「%s」は類型①の実績または団体種別の条件ではありません",
				     c->apply[j]);
		}
	}
}

int support_rules_decode_text(const char *text, size_t len, const char *label, arena *a, support_rules *out, char *err,
			      size_t errlen)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, errlen, "%s: %d行%d列: %s", label, je.line, je.column, je.text);
		return -1;
	}
	js_ctx x = { .a = a, .label = label, .err = err, .errlen = errlen };
	int rc = js_run(&x, root, decode, out);
	json_decref(root);
	return rc;
}

int support_rules_load(const char *id, arena *a, support_rules *out, char *err, size_t errlen)
{
	char name[256], known[512] = "";
	if (id == NULL || strlen(id) > 200) {
		snprintf(err, errlen, "募集回の指定がありません");
		return -1;
	}
	snprintf(name, sizeof name, "rules/%s.json", id);
	for (const embedded_file *f = embedded_files; f->name; f++) {
		if (strcmp(f->name, name) == 0)
			return support_rules_decode_text(f->data, f->len, f->name, a, out, err, errlen);
		/* list the ids of this format for the message */
		if (strncmp(f->name, "rules/", 6) == 0 && embedded_has_format(f, SUPPORT_RULES_FORMAT)) {
			size_t l = strlen(f->name);
			if (l > 11 && strlen(known) + l < sizeof known - 4)
				snprintf(known + strlen(known), sizeof known - strlen(known), "%s%.*s", known[0] ? ", " : "", (int)(l - 11),
					 f->name + 6);
		}
	}
	snprintf(err, errlen, "募集回「%s」の応募要件はありません（あるもの: %s）", id, known[0] ? known : "なし");
	return -1;
}
