/* json_rules.c — rule-set loader; see json_rules.h. */
#include "json_rules.h"

#include <stdio.h>
#include <string.h>

#include "json_application.h"
#include "json_strict.h"

/* This format's counts (facilities, adoptions) are optional, 1 to 1000. */
static void count(js_ctx *x, json_t *parent, const char *key, const char *path, rule_count *out)
{
	js_count(x, parent, key, path, false, 1000, "1以上の整数であるべきです", out);
}

static void requirement(js_ctx *x, json_t *o, const char *p, rule_menu *m)
{
	static const char *const keys[] = { "id", "source", "quote", "note", "reading", "min_rate", "as_of", NULL };
	js_object(x, o, p, keys);
	const char *id = js_str(x, o, "id", p, true);
	requirement_id rid;
	if (!requirement_from_key(id, &rid))
		js_fail(x, js_sub(x, p, "id"), "要件「%s」は digiden が判定できる要件ではありません", id);
	rule_requirement *q = &m->req[rid];
	if (q->present)
		js_fail(x, js_sub(x, p, "id"), "要件「%s」が重複しています", id);
	q->present = true;
	js_cite(x, o, p, &q->cite);
	const char *min = js_str(x, o, "min_rate", p, rid == REQ_CARD_APPLICATION_RATE);
	const char *asof = js_str(x, o, "as_of", p, rid == REQ_CARD_APPLICATION_RATE);
	if (rid != REQ_CARD_APPLICATION_RATE && (min || asof))
		js_fail(x, p, "min_rate / as_of は card_application_rate だけの項目です");
	if (min && (!fraction_parse(min, &q->min_rate) || q->min_rate.num > q->min_rate.den))
		js_fail(x, js_sub(x, p, "min_rate"), "0〜1の分数（例: 7/10）であるべきです");
	if (asof && !date_parse_iso(asof, &q->as_of))
		js_fail(x, js_sub(x, p, "as_of"), "YYYY-MM-DD の日付であるべきです");
}

static void telework(js_ctx *x, json_t *o, const char *p, rule_telework *t)
{
	static const char *const keys[] = { "facility_cap_yen",   "max_facilities",           "promotion_cap_yen",
					    "expansion_cap_yen",  "company_cap_yen",          "settlement_project_cap_yen",
					    "exclusive_new_or_expansion", NULL };
	js_only_keys(x, o, p, keys);
	t->present = true;
	js_amount(x, o, "facility_cap_yen", p, false, &t->facility_cap);
	count(x, o, "max_facilities", p, &t->max_facilities);
	js_amount(x, o, "promotion_cap_yen", p, false, &t->promotion_cap);
	js_amount(x, o, "expansion_cap_yen", p, false, &t->expansion_cap);
	js_amount(x, o, "company_cap_yen", p, false, &t->company_cap);
	js_amount(x, o, "settlement_project_cap_yen", p, false, &t->settlement_project_cap);
	t->exclusive = js_flag(x, o, "exclusive_new_or_expansion", p, false, &t->has_exclusive, &t->exclusive_cite);
}

static void menu(js_ctx *x, const char *id, json_t *o, const char *p, rule_menu *m)
{
	static const char *const keys[] = { "name", "provisional", "rate", "cap_yen", "requirements", "telework", "note", NULL };
	js_object(x, o, p, keys);
	m->id = arena_strdup(x->a, id);
	m->name = js_str(x, o, "name", p, true);
	m->note = js_str(x, o, "note", p, false);
	m->provisional = js_bool(x, o, "provisional", p);
	json_t *rate = js_obj(x, o, "rate", p, false);
	if (rate != NULL) {
		const char *rp = js_sub(x, p, "rate");
		js_only_keys(x, rate, rp, js_cite_keys);
		json_t *v = js_need(x, rate, "value", rp);
		if (!json_is_string(v) || !fraction_parse(json_string_value(v), &m->rate) || m->rate.num == 0 ||
		    m->rate.num > m->rate.den)
			js_fail(x, js_sub(x, rp, "value"), "0より大きく1以下の分数（例: \"1/2\"）であるべきです");
		m->has_rate = true;
		js_cite(x, rate, rp, &m->rate_cite);
	}
	js_amount(x, o, "cap_yen", p, false, &m->cap);
	json_t *reqs = json_object_get(o, "requirements");
	if (reqs != NULL) {
		if (!json_is_array(reqs))
			js_fail(x, js_sub(x, p, "requirements"), "配列であるべきです");
		size_t i;
		json_t *rv;
		json_array_foreach(reqs, i, rv)
		requirement(x, rv, arena_printf(x->a, "%s.requirements[%zu]", p, i), m);
	}
	json_t *tw = js_obj(x, o, "telework", p, false);
	if (tw != NULL)
		telework(x, tw, js_sub(x, p, "telework"), &m->telework);
}

static void limit(js_ctx *x, json_t *o, const char *p, const rule_set *rs, rule_limit *l)
{
	static const char *const keys[] = { "id", "menus", "max_prefecture", "max_municipality", "max_any", NULL };
	js_object(x, o, p, keys);
	l->id = js_str(x, o, "id", p, true);
	json_t *menus = js_need(x, o, "menus", p);
	if (!json_is_array(menus) || json_array_size(menus) == 0)
		js_fail(x, js_sub(x, p, "menus"), "類型の配列であるべきです");
	l->menus = arena_alloc(x->a, json_array_size(menus) * sizeof(char *));
	size_t i;
	json_t *mv;
	json_array_foreach(menus, i, mv)
	{
		if (!json_is_string(mv) || rules_find_menu(rs, json_string_value(mv)) == NULL)
			js_fail(x, arena_printf(x->a, "%s.menus[%zu]", p, i), "この募集回にない類型です");
		l->menus[l->n_menus++] = arena_strdup(x->a, json_string_value(mv));
	}
	count(x, o, "max_prefecture", p, &l->max_prefecture);
	count(x, o, "max_municipality", p, &l->max_municipality);
	count(x, o, "max_any", p, &l->max_any);
	if (!l->max_prefecture.present && !l->max_municipality.present && !l->max_any.present)
		js_fail(x, p, "上限（max_prefecture / max_municipality / max_any）がありません");
}

static void decode(js_ctx *x, json_t *root, void *out)
{
	rule_set *rs = out;
	static const char *const keys[] = { "format", "id", "program", "title", "fiscal_year", "budget", "status",
					    "sources", "note", "rounding", "limits", "exclusions", "review_points",
					    "menus", NULL };
	JS_ROUND_HEAD(x, root, RULES_FORMAT, keys, rs);
	js_rounding(x, root, &rs->rounding, &rs->rounding_cite);

	json_t *menus = js_obj(x, root, "menus", "", true);
	json_t *v;
	rs->menus = arena_alloc(x->a, (json_object_size(menus) + 1) * sizeof(rule_menu));
	const char *key;
	json_object_foreach(menus, key, v)
	menu(x, key, v, js_sub(x, "menus", key), &rs->menus[rs->n_menus++]);
	if (rs->n_menus == 0)
		js_fail(x, "menus", "類型がありません");

	size_t i;
	json_t *limits = json_object_get(root, "limits");
	if (limits != NULL) {
		if (!json_is_array(limits))
			js_fail(x, "limits", "配列であるべきです");
		rs->limits = arena_alloc(x->a, (json_array_size(limits) + 1) * sizeof(rule_limit));
		json_array_foreach(limits, i, v)
		limit(x, v, js_at(x, "limits", i), rs, &rs->limits[rs->n_limits++]);
	}
	json_t *excl = json_object_get(root, "exclusions");
	if (excl != NULL) {
		static const char *const ekeys[] = { "declaration", "category", "label", "source", "quote", "note", "reading", NULL };
		if (!json_is_array(excl))
			js_fail(x, "exclusions", "配列であるべきです");
		rs->exclusions = arena_alloc(x->a, (json_array_size(excl) + 1) * sizeof(rule_exclusion));
		json_array_foreach(excl, i, v)
		{
			const char *p = js_at(x, "exclusions", i);
			js_object(x, v, p, ekeys);
			rule_exclusion *e = &rs->exclusions[rs->n_exclusions++];
			const char *d = js_str(x, v, "declaration", p, true);
			if (!declaration_from_key(d, &e->declaration))
				js_fail(x, js_sub(x, p, "declaration"), "申請書の declarations にない項目「%s」です", d);
			e->category = js_str(x, v, "category", p, true);
			e->label = js_str(x, v, "label", p, true);
			js_cite(x, v, p, &e->cite);
		}
	}
	json_t *rps = json_object_get(root, "review_points");
	if (rps != NULL) {
		static const char *const rkeys[] = { "id", "number", "label", "source", "quote", "note", "reading", NULL };
		if (!json_is_array(rps))
			js_fail(x, "review_points", "配列であるべきです");
		json_array_foreach(rps, i, v)
		{
			const char *p = js_at(x, "review_points", i);
			js_object(x, v, p, rkeys);
			const char *id = js_str(x, v, "id", p, true);
			review_point_id rid;
			if (!review_point_from_key(id, &rid))
				js_fail(x, js_sub(x, p, "id"), "審査のポイント「%s」は digiden が判定できるものではありません", id);
			rule_review_point *r = &rs->review[rid];
			if (r->present)
				js_fail(x, js_sub(x, p, "id"), "重複しています");
			json_t *num = js_need(x, v, "number", p);
			if (!json_is_integer(num) || json_integer_value(num) < 1 || json_integer_value(num) > 99)
				js_fail(x, js_sub(x, p, "number"), "番号（1以上の整数）であるべきです");
			r->present = true;
			r->number = (int)json_integer_value(num);
			r->label = js_str(x, v, "label", p, true);
			js_cite(x, v, p, &r->cite);
		}
	}
}

int json_rules_decode(json_t *root, const char *label, arena *a, rule_set *out, char *err, size_t errlen)
{
	js_ctx x = { .a = a, .label = label, .err = err, .errlen = errlen };
	memset(out, 0, sizeof *out);
	return js_run(&x, root, decode, out);
}

int json_rules_load_text(const char *text, size_t len, const char *label, arena *a, rule_set *out, char *err,
			 size_t errlen)
{
	char perr[512];
	json_t *root = json_parse_text(text, len, perr, sizeof perr);
	if (root == NULL) {
		snprintf(err, errlen, "%s: %s", label, perr);
		return -1;
	}
	int rc = json_rules_decode(root, label, a, out, err, errlen);
	json_decref(root);
	return rc;
}
