/* promotion_rules.c — 地方創生推進タイプ rule-set and 中枢中核都市 list loaders; see
 * promotion_rules.h. */
#include "promotion_rules.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "embedded.h"
#include "json_strict.h"

/* This format's counts (fiscal years, adoptions) are 1 to 100. */
static void count(js_ctx *x, json_t *parent, const char *key, const char *path, bool required, rule_count *out)
{
	js_count(x, parent, key, path, required, 100, "1〜100の整数であるべきです", out);
}

static void requirement(js_ctx *x, json_t *o, const char *p, promo_req id, promo_requirement *q)
{
	static const char *const keys[] = { "label", "source", "quote", "note", "reading", "within_fiscal_years", NULL };
	js_object(x, o, p, keys);
	q->present = true;
	q->label = js_str(x, o, "label", p, true);
	js_cite(x, o, p, &q->cite);
	json_t *w = json_object_get(o, "within_fiscal_years");
	if (w != NULL && id != PROMO_REQ_DEMONSTRATION)
		js_fail(x, js_sub(x, p, "within_fiscal_years"), "within_fiscal_years は demonstration_and_implementation だけの項目です");
	if (id == PROMO_REQ_DEMONSTRATION) {
		if (w == NULL || !json_is_integer(w) || json_integer_value(w) < 1 || json_integer_value(w) > 20)
			js_fail(x, js_sub(x, p, "within_fiscal_years"), "1〜20の整数（か年度）であるべきです");
		q->within_fiscal_years = (int)json_integer_value(w);
	}
}

static void subtype(js_ctx *x, json_t *o, const char *p, promo_subtype_rules *s)
{
	static const char *const keys[] = { "name",           "caps_yen",         "max_fiscal_years", "counted_in_limit",
					    "total_cap_yen",  "requirements_all", "requirements",     NULL };
	static const char *const kinds[] = { "prefecture", "core_city", "municipality", NULL };
	js_object(x, o, p, keys);
	s->present = true;
	s->name = js_str(x, o, "name", p, true);
	json_t *caps = js_obj(x, o, "caps_yen", p, true);
	const char *cp = js_sub(x, p, "caps_yen");
	js_only_keys(x, caps, cp, kinds);
	for (int k = 0; k < PROMO_KIND__MAX; k++)
		js_amount(x, caps, promo_kind_key((promo_kind)k), cp, false, &s->cap[k]);
	count(x, o, "max_fiscal_years", p, true, &s->max_fiscal_years);
	s->counted_in_limit = js_flag(x, o, "counted_in_limit", p, true, NULL, &s->counted_cite);
	js_amount(x, o, "total_cap_yen", p, false, &s->total_cap);
	s->has_requirements_all = js_citation(x, o, "requirements_all", p, false, &s->requirements_all_cite);
	json_t *reqs = js_obj(x, o, "requirements", p, false);
	if (reqs != NULL) {
		const char *rp = js_sub(x, p, "requirements");
		const char *key;
		json_t *v;
		json_object_foreach(reqs, key, v)
		{
			promo_req id;
			if (!promo_req_from_key(key, &id))
				js_fail(x, js_sub(x, rp, key), "要件「%s」は digiden が判定できる要件ではありません", key);
			requirement(x, v, js_sub(x, rp, key), id, &s->req[id]);
		}
	}
}

static void limits(js_ctx *x, json_t *o, promo_rules *rs)
{
	static const char *const keys[] = { "form", "note", "prefecture", "core_city", "municipality", NULL };
	js_only_keys(x, o, "limits", keys);
	const char *form = js_str(x, o, "form", "limits", true);
	if (!promo_limit_form_from_key(form, &rs->limit_form))
		js_fail(x, "limits.form", "within_total / base_plus_koiki のいずれかであるべきです");
	rs->limits_note = js_str(x, o, "note", "limits", false);
	const char *first = rs->limit_form == PROMO_LIMIT_WITHIN_TOTAL ? "total" : "base";
	for (int k = 0; k < PROMO_KIND__MAX; k++) {
		json_t *ko = js_obj(x, o, promo_kind_key((promo_kind)k), "limits", false);
		if (ko == NULL)
			continue;
		const char *kp = js_sub(x, "limits", promo_kind_key((promo_kind)k));
		const char *const kkeys[] = { first, "koiki", NULL };
		js_only_keys(x, ko, kp, kkeys);
		count(x, ko, first, kp, true, &rs->limit[k].first);
		count(x, ko, "koiki", kp, false, &rs->limit[k].koiki);
		if (rs->limit_form == PROMO_LIMIT_WITHIN_TOTAL && rs->limit[k].koiki.present &&
		    rs->limit[k].koiki.value > rs->limit[k].first.value)
			js_fail(x, js_sub(x, kp, "koiki"), "「うち広域連携」が合計を超えています");
	}
}

static void decode(js_ctx *x, json_t *root, void *out)
{
	promo_rules *rs = out;
	rs->label = arena_strdup(x->a, x->label); /* set first: a failed load still names its file */
	static const char *const keys[] = { "format", "id",       "program", "title",         "fiscal_year",
					    "budget", "status",   "sources", "note",          "rate",
					    "rounding", "regional_plan", "limits", "subtypes", NULL };
	JS_ROUND_HEAD(x, root, PROMOTION_RULES_FORMAT, keys, rs);

	json_t *rate = js_obj(x, root, "rate", "", true);
	js_only_keys(x, rate, "rate", js_cite_keys);
	const char *rv = js_str(x, rate, "value", "rate", true);
	if (!fraction_parse(rv, &rs->rate) || rs->rate.num == 0 || rs->rate.num > rs->rate.den)
		js_fail(x, "rate.value", "0より大きく1以下の分数（例: \"1/2\"）であるべきです");
	js_cite(x, rate, "rate", &rs->rate_cite);

	js_rounding(x, root, &rs->rounding, &rs->rounding_cite);

	rs->regional_plan_required = js_flag(x, root, "regional_plan", "", true, NULL, &rs->regional_plan_cite);
	limits(x, js_obj(x, root, "limits", "", true), rs);

	json_t *subs = js_obj(x, root, "subtypes", "", true);
	const char *key;
	json_t *v;
	json_object_foreach(subs, key, v)
	{
		promo_subtype s;
		if (!promo_subtype_from_key(key, &s))
			js_fail(x, js_sub(x, "subtypes", key), "類型は senku / yokotenkai / society5 のいずれかであるべきです");
		subtype(x, v, js_sub(x, "subtypes", key), &rs->sub[s]);
	}
	bool any = false;
	for (int s = 0; s < PROMO_SUBTYPE__MAX; s++)
		any = any || rs->sub[s].present;
	if (!any)
		js_fail(x, "subtypes", "類型がありません");
}

int promotion_rules_load_text(const char *text, size_t len, const char *label, arena *a, promo_rules *out, char *err,
			      size_t errlen)
{
	return js_load(text, len, label, a, decode, out, sizeof *out, err, errlen);
}

int promotion_rules_load_embedded(promo_catalog *c, arena *a, char *err, size_t errlen)
{
	static const char prefix[] = "rules/regional-promotion/";
	memset(c, 0, sizeof *c);
	for (const embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, prefix, sizeof prefix - 1) != 0)
			continue;
		promo_rules *rs = arena_alloc(a, sizeof *rs);
		if (rs == NULL) {
			snprintf(err, errlen, "%s: メモリが足りません", f->name);
			return -1;
		}
		if (promotion_rules_load_text(f->data, f->len, f->name, a, rs, err, errlen) != 0)
			return -1;
		if (promo_rules_find(c, rs->id) != NULL) {
			snprintf(err, errlen, "%s: 募集回 %s が重複しています", f->name, rs->id);
			return -1;
		}
		promo_rules **n = arena_grow(a, c->sets, c->len, c->len + 1, sizeof *n);
		if (n == NULL) {
			snprintf(err, errlen, "メモリが足りません");
			return -1;
		}
		n[c->len++] = rs;
		c->sets = n;
	}
	if (c->len == 0) {
		snprintf(err, errlen, "地方創生推進タイプのルールセット（%s<round>.json）が組み込まれていません", prefix);
		return -1;
	}
	return 0;
}

/* ---- 中枢中核都市 list ------------------------------------------------------------ */

/* Splits line [s, e) at tabs into at most max fields (NUL-terminated copies). */
static size_t split_tabs(arena *a, const char *s, const char *e, char **out, size_t max)
{
	size_t n = 0;
	while (n < max) {
		const char *t = memchr(s, '\t', (size_t)(e - s));
		const char *end = t ? t : e;
		out[n++] = arena_strndup(a, s, (size_t)(end - s));
		if (t == NULL)
			break;
		s = t + 1;
	}
	return n;
}

int core_cities_load_text(core_city_list *l, const org_master *m, const char *text, size_t len, const char *label,
			  arena *a, char *err, size_t errlen)
{
	memset(l, 0, sizeof *l);
	l->label = arena_strdup(a, label);
	bool header = false;
	size_t line = 0;
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	if (memchr(text, '\0', len) != NULL) {
		snprintf(err, errlen, "%s: NUL文字を含んでいます（テキストのTSVではありません）", label);
		return -1;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		line++;
		const char *ls = p;
		p = nl ? nl + 1 : end;
		if (le > ls && le[-1] == '\r')
			le--;
		if (le == ls || ls[0] == '#')
			continue;
		char *f[5];
		size_t nf = split_tabs(a, ls, le, f, 4);
		if (!header) {
			if (nf != 3 || strcmp(f[0], "code") || strcmp(f[1], "name") || strcmp(f[2], "source")) {
				snprintf(err, errlen, "%s:%zu: 見出し行は「code<TAB>name<TAB>source」であるべきです", label, line);
				return -1;
			}
			header = true;
			continue;
		}
		if (nf != 3) {
			snprintf(err, errlen, "%s:%zu: 列が3つ（code, name, source）ではありません（%zu列）", label, line, nf);
			return -1;
		}
		if (orgcode_validate(f[0]) != ORGCODE_OK) {
			snprintf(err, errlen, "%s:%zu: 団体コード「%s」が正しくありません（6桁、検査数字つき）", label, line, f[0]);
			return -1;
		}
		const organization *o = org_find(m, f[0]);
		if (o == NULL || (o->kind != ORG_CITY && o->kind != ORG_DESIGNATED_CITY)) {
			snprintf(err, errlen, "%s:%zu: 「%s」は団体マスタの市（指定都市を含む）ではありません", label, line, f[0]);
			return -1;
		}
		if (strcmp(o->name, f[1]) != 0) {
			snprintf(err, errlen, "%s:%zu: 団体コード %s は「%s」で、「%s」ではありません", label, line, f[0], o->name,
				 f[1]);
			return -1;
		}
		if (f[2][0] == '\0') {
			snprintf(err, errlen, "%s:%zu: 指定の出典（source）がありません。どの資料による指定かを書いてください", label,
				 line);
			return -1;
		}
		if (core_city_find(l, f[0]) != NULL) {
			snprintf(err, errlen, "%s:%zu: %s（%s）が重複しています", label, line, f[1], f[0]);
			return -1;
		}
		core_city *n = arena_grow(a, l->items, l->len, l->len + 1, sizeof *n);
		if (n == NULL) {
			snprintf(err, errlen, "%s: メモリが足りません", label);
			return -1;
		}
		n[l->len++] = (core_city){ .code = f[0], .name = o->name, .source = f[2] };
		l->items = n;
	}
	if (!header) {
		snprintf(err, errlen, "%s: 見出し行「code<TAB>name<TAB>source」がありません", label);
		return -1;
	}
	l->loaded = true;
	return 0;
}
