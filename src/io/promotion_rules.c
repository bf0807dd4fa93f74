/* promotion_rules.c — 地方創生推進タイプ rule-set and 中枢中核都市 list loaders; see
 * promotion_rules.h. */
#include "promotion_rules.h"

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

/* {value: yen, source, quote, …} */
static void amount(ld *x, json_t *parent, const char *key, const char *path, bool required, rule_amount *out)
{
	json_t *o = obj(x, parent, key, path, required);
	if (o == NULL)
		return;
	const char *p = sub(x, path, key);
	only_keys(x, o, p, cite_keys);
	json_t *v = need(x, o, "value", p);
	if (!json_is_integer(v) || json_integer_value(v) <= 0 || json_integer_value(v) > MONEY_ABSURD_YEN)
		fail(x, sub(x, p, "value"), "正の整数の円（1兆円以下）であるべきです");
	out->present = true;
	out->yen = json_integer_value(v);
	cite(x, o, p, &out->cite);
}

static void count(ld *x, json_t *parent, const char *key, const char *path, bool required, rule_count *out)
{
	json_t *o = obj(x, parent, key, path, required);
	if (o == NULL)
		return;
	const char *p = sub(x, path, key);
	only_keys(x, o, p, cite_keys);
	json_t *v = need(x, o, "value", p);
	if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 100)
		fail(x, sub(x, p, "value"), "1〜100の整数であるべきです");
	out->present = true;
	out->value = (int)json_integer_value(v);
	cite(x, o, p, &out->cite);
}

/* {value: bool, …} */
static bool flag(ld *x, json_t *parent, const char *key, const char *path, citation *c)
{
	json_t *o = obj(x, parent, key, path, true);
	const char *p = sub(x, path, key);
	only_keys(x, o, p, cite_keys);
	json_t *v = need(x, o, "value", p);
	if (!json_is_boolean(v))
		fail(x, sub(x, p, "value"), "真偽値であるべきです");
	cite(x, o, p, c);
	return json_is_true(v);
}

static void requirement(ld *x, json_t *o, const char *p, promo_req id, promo_requirement *q)
{
	static const char *const keys[] = { "label", "source", "quote", "note", "reading", "within_fiscal_years", NULL };
	if (!json_is_object(o))
		fail(x, p, "オブジェクトであるべきです");
	only_keys(x, o, p, keys);
	q->present = true;
	q->label = str(x, o, "label", p, true);
	cite(x, o, p, &q->cite);
	json_t *w = json_object_get(o, "within_fiscal_years");
	if (w != NULL && id != PROMO_REQ_DEMONSTRATION)
		fail(x, sub(x, p, "within_fiscal_years"), "within_fiscal_years は demonstration_and_implementation だけの項目です");
	if (id == PROMO_REQ_DEMONSTRATION) {
		if (w == NULL || !json_is_integer(w) || json_integer_value(w) < 1 || json_integer_value(w) > 20)
			fail(x, sub(x, p, "within_fiscal_years"), "1〜20の整数（か年度）であるべきです");
		q->within_fiscal_years = (int)json_integer_value(w);
	}
}

static void subtype(ld *x, json_t *o, const char *p, promo_subtype_rules *s)
{
	static const char *const keys[] = { "name",           "caps_yen",         "max_fiscal_years", "counted_in_limit",
					    "total_cap_yen",  "requirements_all", "requirements",     NULL };
	static const char *const kinds[] = { "prefecture", "core_city", "municipality", NULL };
	static const char *const all_keys[] = { "source", "quote", "note", "reading", NULL };
	if (!json_is_object(o))
		fail(x, p, "オブジェクトであるべきです");
	only_keys(x, o, p, keys);
	s->present = true;
	s->name = str(x, o, "name", p, true);
	json_t *caps = obj(x, o, "caps_yen", p, true);
	const char *cp = sub(x, p, "caps_yen");
	only_keys(x, caps, cp, kinds);
	for (int k = 0; k < PROMO_KIND__MAX; k++)
		amount(x, caps, promo_kind_key((promo_kind)k), cp, false, &s->cap[k]);
	count(x, o, "max_fiscal_years", p, true, &s->max_fiscal_years);
	s->counted_in_limit = flag(x, o, "counted_in_limit", p, &s->counted_cite);
	amount(x, o, "total_cap_yen", p, false, &s->total_cap);
	json_t *all = obj(x, o, "requirements_all", p, false);
	if (all != NULL) {
		const char *ap = sub(x, p, "requirements_all");
		only_keys(x, all, ap, all_keys);
		s->has_requirements_all = true;
		cite(x, all, ap, &s->requirements_all_cite);
	}
	json_t *reqs = obj(x, o, "requirements", p, false);
	if (reqs != NULL) {
		const char *rp = sub(x, p, "requirements");
		const char *key;
		json_t *v;
		json_object_foreach(reqs, key, v)
		{
			promo_req id;
			if (!promo_req_from_key(key, &id))
				fail(x, sub(x, rp, key), "要件「%s」は digiden が判定できる要件ではありません", key);
			requirement(x, v, sub(x, rp, key), id, &s->req[id]);
		}
	}
}

static void limits(ld *x, json_t *o, promo_rules *rs)
{
	static const char *const keys[] = { "form", "note", "prefecture", "core_city", "municipality", NULL };
	only_keys(x, o, "limits", keys);
	const char *form = str(x, o, "form", "limits", true);
	if (!promo_limit_form_from_key(form, &rs->limit_form))
		fail(x, "limits.form", "within_total / base_plus_koiki のいずれかであるべきです");
	rs->limits_note = str(x, o, "note", "limits", false);
	const char *first = rs->limit_form == PROMO_LIMIT_WITHIN_TOTAL ? "total" : "base";
	for (int k = 0; k < PROMO_KIND__MAX; k++) {
		json_t *ko = obj(x, o, promo_kind_key((promo_kind)k), "limits", false);
		if (ko == NULL)
			continue;
		const char *kp = sub(x, "limits", promo_kind_key((promo_kind)k));
		const char *const kkeys[] = { first, "koiki", NULL };
		only_keys(x, ko, kp, kkeys);
		count(x, ko, first, kp, true, &rs->limit[k].first);
		count(x, ko, "koiki", kp, false, &rs->limit[k].koiki);
		if (rs->limit_form == PROMO_LIMIT_WITHIN_TOTAL && rs->limit[k].koiki.present &&
		    rs->limit[k].koiki.value > rs->limit[k].first.value)
			fail(x, sub(x, kp, "koiki"), "「うち広域連携」が合計を超えています");
	}
}

static void decode(ld *x, json_t *root, promo_rules *rs)
{
	static const char *const keys[] = { "format", "id",       "program", "title",         "fiscal_year",
					    "budget", "status",   "sources", "note",          "rate",
					    "rounding", "regional_plan", "limits", "subtypes", NULL };
	if (!json_is_object(root))
		fail(x, "", "ルールセットはJSONオブジェクトであるべきです");
	only_keys(x, root, "", keys);
	const char *format = str(x, root, "format", "", true);
	if (strcmp(format, PROMOTION_RULES_FORMAT) != 0)
		fail(x, "format", "形式「%s」には対応していません（%s）", format, PROMOTION_RULES_FORMAT);
	rs->id = str(x, root, "id", "", true);
	rs->program = str(x, root, "program", "", true);
	size_t pl = strlen(rs->program);
	if (strncmp(rs->id, rs->program, pl) != 0 || rs->id[pl] != '/')
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

	json_t *rate = obj(x, root, "rate", "", true);
	only_keys(x, rate, "rate", cite_keys);
	const char *rv = str(x, rate, "value", "rate", true);
	if (!fraction_parse(rv, &rs->rate) || rs->rate.num == 0 || rs->rate.num > rs->rate.den)
		fail(x, "rate.value", "0より大きく1以下の分数（例: \"1/2\"）であるべきです");
	cite(x, rate, "rate", &rs->rate_cite);

	json_t *rounding = obj(x, root, "rounding", "", true);
	only_keys(x, rounding, "rounding", cite_keys);
	const char *rmode = str(x, rounding, "value", "rounding", true);
	if (!rounding_mode_from_key(rmode, &rs->rounding))
		fail(x, "rounding.value", "floor_yen / floor_thousand のいずれかであるべきです");
	cite(x, rounding, "rounding", &rs->rounding_cite);

	rs->regional_plan_required = flag(x, root, "regional_plan", "", &rs->regional_plan_cite);
	limits(x, obj(x, root, "limits", "", true), rs);

	json_t *subs = obj(x, root, "subtypes", "", true);
	const char *key;
	json_object_foreach(subs, key, v)
	{
		promo_subtype s;
		if (!promo_subtype_from_key(key, &s))
			fail(x, sub(x, "subtypes", key), "類型は senku / yokotenkai / society5 のいずれかであるべきです");
		subtype(x, v, sub(x, "subtypes", key), &rs->sub[s]);
	}
	bool any = false;
	for (int s = 0; s < PROMO_SUBTYPE__MAX; s++)
		any = any || rs->sub[s].present;
	if (!any)
		fail(x, "subtypes", "類型がありません");
}

int promotion_rules_load_text(const char *text, size_t len, const char *label, arena *a, promo_rules *out, char *err,
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
