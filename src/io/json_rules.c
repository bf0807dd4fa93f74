/* json_rules.c — rule-set loader; see json_rules.h. */
#include "json_rules.h"

#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "json_application.h"

const char *const rules_known_seeds[] = {
	"000_23c807c41fd90cd5.txt", "001_2b97fb39079cc39d.txt", "002_71bcee7856d5932f.txt",
	"003_73909b06327bf539.txt", "004_c96e97b2604f50b2.txt", NULL,
};

typedef struct ld {
	arena *a;
	const char *label;
	char *err;
	size_t errlen;
	jmp_buf fail;
} ld;

/* Reports the first problem and abandons the load. */
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

static void only_keys(ld *x, json_t *obj, const char *path, const char *const *allowed)
{
	const char *key;
	json_t *v;
	json_object_foreach(obj, key, v)
	{
		bool ok = false;
		for (const char *const *k = allowed; *k && !ok; k++)
			ok = strcmp(*k, key) == 0;
		if (!ok)
			fail(x, sub(x, path, key), "未知の項目です");
	}
}

static json_t *need(ld *x, json_t *obj, const char *key, const char *path)
{
	json_t *v = json_object_get(obj, key);
	if (v == NULL)
		fail(x, sub(x, path, key), "必須項目がありません");
	return v;
}

static const char *str(ld *x, json_t *obj, const char *key, const char *path, bool required)
{
	json_t *v = required ? need(x, obj, key, path) : json_object_get(obj, key);
	if (v == NULL)
		return NULL;
	if (!json_is_string(v) || json_string_length(v) == 0)
		fail(x, sub(x, path, key), "空でない文字列であるべきです");
	return arena_strdup(x->a, json_string_value(v));
}

static json_t *obj(ld *x, json_t *parent, const char *key, const char *path, bool required)
{
	json_t *v = required ? need(x, parent, key, path) : json_object_get(parent, key);
	if (v != NULL && !json_is_object(v))
		fail(x, sub(x, path, key), "オブジェクトであるべきです");
	return v;
}

static bool known_seed(const char *s)
{
	for (const char *const *k = rules_known_seeds; *k; k++)
		if (strcmp(*k, s) == 0)
			return true;
	return false;
}

/* Reads source/quote/note/reading of a cited object. */
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

static const char *const cite_keys[] = { "value", "source", "quote", "note", "reading", NULL };

static void amount(ld *x, json_t *parent, const char *key, const char *path, bool required, rule_amount *out)
{
	json_t *o = obj(x, parent, key, path, required);
	if (o == NULL)
		return;
	const char *p = sub(x, path, key);
	only_keys(x, o, p, cite_keys);
	json_t *v = need(x, o, "value", p);
	if (!json_is_integer(v) || json_integer_value(v) <= 0 || json_integer_value(v) > 1000000000000LL)
		fail(x, sub(x, p, "value"), "正の整数の円（1兆円以下）であるべきです");
	out->present = true;
	out->yen = json_integer_value(v);
	cite(x, o, p, &out->cite);
}

static void count(ld *x, json_t *parent, const char *key, const char *path, rule_count *out)
{
	json_t *o = obj(x, parent, key, path, false);
	if (o == NULL)
		return;
	const char *p = sub(x, path, key);
	only_keys(x, o, p, cite_keys);
	json_t *v = need(x, o, "value", p);
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)
		fail(x, sub(x, p, "value"), "1以上の整数であるべきです");
	out->present = true;
	out->value = (int)json_integer_value(v);
	cite(x, o, p, &out->cite);
}

static void requirement(ld *x, json_t *o, const char *p, rule_menu *m)
{
	static const char *const keys[] = { "id", "source", "quote", "note", "reading", "min_rate", "as_of", NULL };
	if (!json_is_object(o))
		fail(x, p, "オブジェクトであるべきです");
	only_keys(x, o, p, keys);
	const char *id = str(x, o, "id", p, true);
	requirement_id rid;
	if (!requirement_from_key(id, &rid))
		fail(x, sub(x, p, "id"), "要件「%s」は digiden が判定できる要件ではありません", id);
	rule_requirement *q = &m->req[rid];
	if (q->present)
		fail(x, sub(x, p, "id"), "要件「%s」が重複しています", id);
	q->present = true;
	cite(x, o, p, &q->cite);
	const char *min = str(x, o, "min_rate", p, rid == REQ_CARD_APPLICATION_RATE);
	const char *asof = str(x, o, "as_of", p, rid == REQ_CARD_APPLICATION_RATE);
	if (rid != REQ_CARD_APPLICATION_RATE && (min || asof))
		fail(x, p, "min_rate / as_of は card_application_rate だけの項目です");
	if (min && (!fraction_parse(min, &q->min_rate) || q->min_rate.num > q->min_rate.den))
		fail(x, sub(x, p, "min_rate"), "0〜1の分数（例: 7/10）であるべきです");
	if (asof && !date_parse_iso(asof, &q->as_of))
		fail(x, sub(x, p, "as_of"), "YYYY-MM-DD の日付であるべきです");
}

static void telework(ld *x, json_t *o, const char *p, rule_telework *t)
{
	static const char *const keys[] = { "facility_cap_yen",   "max_facilities",           "promotion_cap_yen",
					    "expansion_cap_yen",  "company_cap_yen",          "settlement_project_cap_yen",
					    "exclusive_new_or_expansion", NULL };
	only_keys(x, o, p, keys);
	t->present = true;
	amount(x, o, "facility_cap_yen", p, false, &t->facility_cap);
	count(x, o, "max_facilities", p, &t->max_facilities);
	amount(x, o, "promotion_cap_yen", p, false, &t->promotion_cap);
	amount(x, o, "expansion_cap_yen", p, false, &t->expansion_cap);
	amount(x, o, "company_cap_yen", p, false, &t->company_cap);
	amount(x, o, "settlement_project_cap_yen", p, false, &t->settlement_project_cap);
	json_t *ex = obj(x, o, "exclusive_new_or_expansion", p, false);
	if (ex != NULL) {
		const char *ep = sub(x, p, "exclusive_new_or_expansion");
		only_keys(x, ex, ep, cite_keys);
		json_t *v = need(x, ex, "value", ep);
		if (!json_is_boolean(v))
			fail(x, sub(x, ep, "value"), "真偽値であるべきです");
		t->has_exclusive = true;
		t->exclusive = json_is_true(v);
		cite(x, ex, ep, &t->exclusive_cite);
	}
}

static void menu(ld *x, const char *id, json_t *o, const char *p, rule_menu *m)
{
	static const char *const keys[] = { "name", "provisional", "rate", "cap_yen", "requirements", "telework", "note", NULL };
	if (!json_is_object(o))
		fail(x, p, "オブジェクトであるべきです");
	only_keys(x, o, p, keys);
	m->id = arena_strdup(x->a, id);
	m->name = str(x, o, "name", p, true);
	m->note = str(x, o, "note", p, false);
	json_t *prov = json_object_get(o, "provisional");
	if (prov != NULL && !json_is_boolean(prov))
		fail(x, sub(x, p, "provisional"), "真偽値であるべきです");
	m->provisional = prov != NULL && json_is_true(prov);
	json_t *rate = obj(x, o, "rate", p, false);
	if (rate != NULL) {
		const char *rp = sub(x, p, "rate");
		only_keys(x, rate, rp, cite_keys);
		json_t *v = need(x, rate, "value", rp);
		if (!json_is_string(v) || !fraction_parse(json_string_value(v), &m->rate) || m->rate.num == 0 ||
		    m->rate.num > m->rate.den)
			fail(x, sub(x, rp, "value"), "0より大きく1以下の分数（例: \"1/2\"）であるべきです");
		m->has_rate = true;
		cite(x, rate, rp, &m->rate_cite);
	}
	amount(x, o, "cap_yen", p, false, &m->cap);
	json_t *reqs = json_object_get(o, "requirements");
	if (reqs != NULL) {
		if (!json_is_array(reqs))
			fail(x, sub(x, p, "requirements"), "配列であるべきです");
		size_t i;
		json_t *rv;
		json_array_foreach(reqs, i, rv)
		requirement(x, rv, arena_printf(x->a, "%s.requirements[%zu]", p, i), m);
	}
	json_t *tw = obj(x, o, "telework", p, false);
	if (tw != NULL)
		telework(x, tw, sub(x, p, "telework"), &m->telework);
}

static void limit(ld *x, json_t *o, const char *p, const rule_set *rs, rule_limit *l)
{
	static const char *const keys[] = { "id", "menus", "max_prefecture", "max_municipality", "max_any", NULL };
	if (!json_is_object(o))
		fail(x, p, "オブジェクトであるべきです");
	only_keys(x, o, p, keys);
	l->id = str(x, o, "id", p, true);
	json_t *menus = need(x, o, "menus", p);
	if (!json_is_array(menus) || json_array_size(menus) == 0)
		fail(x, sub(x, p, "menus"), "類型の配列であるべきです");
	l->menus = arena_alloc(x->a, json_array_size(menus) * sizeof(char *));
	size_t i;
	json_t *mv;
	json_array_foreach(menus, i, mv)
	{
		if (!json_is_string(mv) || rules_find_menu(rs, json_string_value(mv)) == NULL)
			fail(x, arena_printf(x->a, "%s.menus[%zu]", p, i), "この募集回にない類型です");
		l->menus[l->n_menus++] = arena_strdup(x->a, json_string_value(mv));
	}
	count(x, o, "max_prefecture", p, &l->max_prefecture);
	count(x, o, "max_municipality", p, &l->max_municipality);
	count(x, o, "max_any", p, &l->max_any);
	if (!l->max_prefecture.present && !l->max_municipality.present && !l->max_any.present)
		fail(x, p, "上限（max_prefecture / max_municipality / max_any）がありません");
}

static void decode(ld *x, json_t *root, rule_set *rs)
{
	static const char *const keys[] = { "format", "id", "program", "title", "fiscal_year", "budget", "status",
					    "sources", "note", "rounding", "limits", "exclusions", "review_points",
					    "menus", NULL };
	if (!json_is_object(root))
		fail(x, "", "ルールセットはJSONオブジェクトであるべきです");
	only_keys(x, root, "", keys);
	const char *format = str(x, root, "format", "", true);
	if (strcmp(format, RULES_FORMAT) != 0)
		fail(x, "format", "形式「%s」には対応していません（%s）", format, RULES_FORMAT);
	rs->id = str(x, root, "id", "", true);
	rs->program = str(x, root, "program", "", true);
	if (strncmp(rs->id, rs->program, strlen(rs->program)) != 0 || rs->id[strlen(rs->program)] != '/')
		fail(x, "id", "id は「<program>/<round>」であるべきです");
	rs->title = str(x, root, "title", "", true);
	rs->note = str(x, root, "note", "", false);
	json_t *fy = need(x, root, "fiscal_year", "");
	if (!json_is_integer(fy) || json_integer_value(fy) < 1989 || json_integer_value(fy) > 2100)
		fail(x, "fiscal_year", "西暦の年度であるべきです");
	rs->fiscal_year = (int)json_integer_value(fy);
	rs->budget = str(x, root, "budget", "", true);
	if (strcmp(rs->budget, "initial") && strcmp(rs->budget, "supplementary") && strcmp(rs->budget, "request"))
		fail(x, "budget", "initial / supplementary / request のいずれかであるべきです");
	rs->status = str(x, root, "status", "", true);
	if (strcmp(rs->status, "final") && strcmp(rs->status, "provisional"))
		fail(x, "status", "final / provisional のいずれかであるべきです");
	json_t *sources = need(x, root, "sources", "");
	if (!json_is_array(sources) || json_array_size(sources) == 0)
		fail(x, "sources", "資料名の配列であるべきです");
	rs->sources = arena_alloc(x->a, json_array_size(sources) * sizeof(char *));
	size_t i;
	json_t *v;
	json_array_foreach(sources, i, v)
	{
		if (!json_is_string(v) || !known_seed(json_string_value(v)))
			fail(x, arena_printf(x->a, "sources[%zu]", i), "seeds/ にある資料名であるべきです");
		rs->sources[rs->n_sources++] = arena_strdup(x->a, json_string_value(v));
	}
	json_t *rounding = obj(x, root, "rounding", "", true);
	only_keys(x, rounding, "rounding", cite_keys);
	const char *rmode = str(x, rounding, "value", "rounding", true);
	if (!rounding_mode_from_key(rmode, &rs->rounding))
		fail(x, "rounding.value", "floor_yen / floor_thousand のいずれかであるべきです");
	cite(x, rounding, "rounding", &rs->rounding_cite);

	json_t *menus = obj(x, root, "menus", "", true);
	rs->menus = arena_alloc(x->a, (json_object_size(menus) + 1) * sizeof(rule_menu));
	const char *key;
	json_object_foreach(menus, key, v)
	menu(x, key, v, sub(x, "menus", key), &rs->menus[rs->n_menus++]);
	if (rs->n_menus == 0)
		fail(x, "menus", "類型がありません");

	json_t *limits = json_object_get(root, "limits");
	if (limits != NULL) {
		if (!json_is_array(limits))
			fail(x, "limits", "配列であるべきです");
		rs->limits = arena_alloc(x->a, (json_array_size(limits) + 1) * sizeof(rule_limit));
		json_array_foreach(limits, i, v)
		limit(x, v, arena_printf(x->a, "limits[%zu]", i), rs, &rs->limits[rs->n_limits++]);
	}
	json_t *excl = json_object_get(root, "exclusions");
	if (excl != NULL) {
		static const char *const ekeys[] = { "declaration", "category", "label", "source", "quote", "note", "reading", NULL };
		if (!json_is_array(excl))
			fail(x, "exclusions", "配列であるべきです");
		rs->exclusions = arena_alloc(x->a, (json_array_size(excl) + 1) * sizeof(rule_exclusion));
		json_array_foreach(excl, i, v)
		{
			const char *p = arena_printf(x->a, "exclusions[%zu]", i);
			if (!json_is_object(v))
				fail(x, p, "オブジェクトであるべきです");
			only_keys(x, v, p, ekeys);
			rule_exclusion *e = &rs->exclusions[rs->n_exclusions++];
			const char *d = str(x, v, "declaration", p, true);
			if (!declaration_from_key(d, &e->declaration))
				fail(x, sub(x, p, "declaration"), "申請書の declarations にない項目「%s」です", d);
			e->category = str(x, v, "category", p, true);
			e->label = str(x, v, "label", p, true);
			cite(x, v, p, &e->cite);
		}
	}
	json_t *rps = json_object_get(root, "review_points");
	if (rps != NULL) {
		static const char *const rkeys[] = { "id", "number", "label", "source", "quote", "note", "reading", NULL };
		if (!json_is_array(rps))
			fail(x, "review_points", "配列であるべきです");
		json_array_foreach(rps, i, v)
		{
			const char *p = arena_printf(x->a, "review_points[%zu]", i);
			if (!json_is_object(v))
				fail(x, p, "オブジェクトであるべきです");
			only_keys(x, v, p, rkeys);
			const char *id = str(x, v, "id", p, true);
			review_point_id rid;
			if (!review_point_from_key(id, &rid))
				fail(x, sub(x, p, "id"), "審査のポイント「%s」は digiden が判定できるものではありません", id);
			rule_review_point *r = &rs->review[rid];
			if (r->present)
				fail(x, sub(x, p, "id"), "重複しています");
			json_t *num = need(x, v, "number", p);
			if (!json_is_integer(num) || json_integer_value(num) < 1 || json_integer_value(num) > 99)
				fail(x, sub(x, p, "number"), "番号（1以上の整数）であるべきです");
			r->present = true;
			r->number = (int)json_integer_value(num);
			r->label = str(x, v, "label", p, true);
			cite(x, v, p, &r->cite);
		}
	}
}

int json_rules_decode(json_t *root, const char *label, arena *a, rule_set *out, char *err, size_t errlen)
{
	ld x = { .a = a, .label = label, .err = err, .errlen = errlen };
	memset(out, 0, sizeof *out);
	if (setjmp(x.fail) != 0)
		return -1;
	decode(&x, root, out);
	return 0;
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
