/* dispatch.c — デジタル専門人材派遣 / 地方創生人材支援制度 checks; see dispatch.h. */
#include "dispatch.h"

#include <stdio.h>
#include <string.h>

#include "fiscal.h"
#include "keys.h"

/* ---- the schema of the rule file ------------------------------------------------------- */

#define KIND_DEFS(k)                                                                                                    \
	{ "kinds." k ".name", RV_LABEL, false }, { "kinds." k ".recipients", RV_KINDS, false },                         \
		{ "kinds." k ".period_min_months", RV_INT, false }, { "kinds." k ".period_max_months", RV_INT, false }, \
		{ "kinds." k ".period_severity", RV_TEXT, false }, { "kinds." k ".extension_months", RV_INT, true },    \
		{ "kinds." k ".kigyoujin", RV_TEXT, false }
#define MENU_DEFS(m)                                                                                                      \
	{ "menus." m ".name", RV_LABEL, false }, { "menus." m ".recipients", RV_KINDS, false },                           \
		{ "menus." m ".created_fy", RV_INT, true }, { "menus." m ".expanded_fy", RV_INT, true },                  \
		{ "menus." m ".period_min_months", RV_INT, false }, { "menus." m ".period_max_months", RV_INT, false },   \
		{ "menus." m ".matching", RV_TEXT, false }, { "menus." m ".recruitment", RV_TEXT, false },                \
		{ "menus." m ".partner_count", RV_INT, false }, { "menus." m ".partners", RV_PARTNERS, false },           \
		{ "menus." m ".needs", RV_STRINGS, false }, { "menus." m ".kigyoujin", RV_TEXT, false }
#define MEASURE_DEFS(m)                                                                                       \
	{ "measures." m ".name", RV_LABEL, false }, { "measures." m ".prefecture", RV_TEXT, false },          \
		{ "measures." m ".municipality", RV_TEXT, false }

/* Order: the DSPV_* layout of dispatch.h (kinds, menus and measures in enum order). */
const rv_def dsp_defs[DSPV__MAX] = {
	{ "kinds.national_official.population_max", RV_INT, false },
	{ "extension.parties", RV_STRINGS, false },
	KIND_DEFS("national_official"),
	KIND_DEFS("university_researcher"),
	KIND_DEFS("private_expert"),
	KIND_DEFS("digital_expert"),
	MENU_DEFS("company_dispatch"),
	MENU_DEFS("talent_referral"),
	MEASURE_DEFS("kigyoujin"),
	MEASURE_DEFS("cio"),
	MEASURE_DEFS("pref_digital_staff"),
	MEASURE_DEFS("digiden_grant"),
};

static const char *const kind_ids[DSP_KIND__MAX] = { "national_official", "university_researcher", "private_expert", "digital_expert" };
static const char *const menu_ids[DSP_MENU__MAX] = { "company_dispatch", "talent_referral" };
static const char *const measure_ids[DSP_MEASURE__MAX] = { "kigyoujin", "cio", "pref_digital_staff", "digiden_grant" };
static const char *const party_ids[DSP_PARTY__MAX] = { "dispatchee", "sending_organization", "recipient" };
static const char *const party_labels[DSP_PARTY__MAX] = { "派遣者", "派遣元企業等", "派遣先" };

KEY_TABLE_FUNCS(dsp_kind, dsp_kind_id, dsp_kind_from_id, kind_ids, DSP_KIND__MAX)
KEY_TABLE_FUNCS(dsp_menu, dsp_menu_id, dsp_menu_from_id, menu_ids, DSP_MENU__MAX)
KEY_TABLE_FUNCS(dsp_measure, dsp_measure_id, dsp_measure_from_id, measure_ids, DSP_MEASURE__MAX)
const char *dsp_party_id(dsp_party p) { return p < DSP_PARTY__MAX ? party_ids[p] : "?"; }
const char *dsp_party_label(dsp_party p) { return p < DSP_PARTY__MAX ? party_labels[p] : "?"; }

static bool one_of(const char *s, const char *const *words)
{
	for (; s && *words; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

int dsp_rules_validate(const dsp_rules *r, char *err, size_t errlen)
{
	static const char *const severities[] = { "error", "warning", NULL };
	static const char *const kigyoujin[] = { "usable", "not_applicable", "principle_not_usable", NULL };
	static const char *const availability[] = { "yes", "no", "conditional", NULL };
	for (int k = 0; k < DSP_KIND__MAX; k++) {
		const rv_value *mn = dsp_kv(r, (dsp_kind)k, DKF_PERIOD_MIN), *mx = dsp_kv(r, (dsp_kind)k, DKF_PERIOD_MAX);
		if (mn->n < 1 || mn->n > mx->n) {
			snprintf(err, errlen, "%s: 期間の下限と上限が合いません", mn->id);
			return -1;
		}
		if (!one_of(dsp_kv(r, (dsp_kind)k, DKF_PERIOD_SEVERITY)->text, severities)) {
			snprintf(err, errlen, "%s: error か warning であるべきです", dsp_kv(r, (dsp_kind)k, DKF_PERIOD_SEVERITY)->id);
			return -1;
		}
		const rv_value *ext = dsp_kv(r, (dsp_kind)k, DKF_EXTENSION);
		if (ext->present && ext->n < 1) {
			snprintf(err, errlen, "%s: 延長の月数は1以上であるべきです", ext->id);
			return -1;
		}
		if (!one_of(dsp_kv(r, (dsp_kind)k, DKF_KIGYOUJIN)->text, kigyoujin)) {
			snprintf(err, errlen, "%s: usable / not_applicable / principle_not_usable のどれかであるべきです",
				 dsp_kv(r, (dsp_kind)k, DKF_KIGYOUJIN)->id);
			return -1;
		}
	}
	for (int m = 0; m < DSP_MENU__MAX; m++) {
		const rv_value *mn = dsp_mv(r, (dsp_menu)m, DMF_PERIOD_MIN), *mx = dsp_mv(r, (dsp_menu)m, DMF_PERIOD_MAX);
		if (mn->n < 1 || mn->n > mx->n) {
			snprintf(err, errlen, "%s: 期間の下限と上限が合いません", mn->id);
			return -1;
		}
		const rv_value *cnt = dsp_mv(r, (dsp_menu)m, DMF_PARTNER_COUNT), *list = dsp_mv(r, (dsp_menu)m, DMF_PARTNERS);
		if (cnt->n != (int64_t)list->n_partners) {
			snprintf(err, errlen, "%s: 協力企業の数 %lld と一覧の %zu 社が合いません", list->id, (long long)cnt->n, list->n_partners);
			return -1;
		}
		if (!one_of(dsp_mv(r, (dsp_menu)m, DMF_KIGYOUJIN)->text, kigyoujin)) {
			snprintf(err, errlen, "%s: usable / not_applicable / principle_not_usable のどれかであるべきです",
				 dsp_mv(r, (dsp_menu)m, DMF_KIGYOUJIN)->id);
			return -1;
		}
	}
	for (int s = 0; s < DSP_MEASURE__MAX; s++)
		for (int f = DMEF_PREFECTURE; f <= DMEF_MUNICIPALITY; f++)
			if (!one_of(dsp_msv(r, (dsp_measure)s, (dsp_measure_field)f)->text, availability)) {
				snprintf(err, errlen, "%s: yes / no / conditional のどれかであるべきです", dsp_msv(r, (dsp_measure)s, (dsp_measure_field)f)->id);
				return -1;
			}
	const rv_value *parties = &r->v[DSPV_EXTENSION_PARTIES];
	bool seen[DSP_PARTY__MAX] = { false };
	for (size_t i = 0; i < parties->n_strings; i++) {
		int p = key_index(party_ids, DSP_PARTY__MAX, parties->strings[i]);
		if (p < 0 || seen[p]) {
			snprintf(err, errlen, "%s: 「%s」は dispatchee / sending_organization / recipient のどれでもないか重複しています", parties->id,
				 parties->strings[i]);
			return -1;
		}
		seen[p] = true;
	}
	if (parties->n_strings != DSP_PARTY__MAX) {
		snprintf(err, errlen, "%s: 延長の合意は３者（dispatchee, sending_organization, recipient）です", parties->id);
		return -1;
	}
	if (r->v[DSPV_POPULATION_MAX].n <= 0) {
		snprintf(err, errlen, "%s: 人口の上限は正であるべきです", r->v[DSPV_POPULATION_MAX].id);
		return -1;
	}
	return 0;
}

/* ---- helpers ------------------------------------------------------------------------------- */

static const char *num_s(arena *a, int64_t n) { return arena_printf(a, "%lld", (long long)n); }

static const char *people(arena *a, int64_t n)
{
	char b[48];
	return arena_strdup(a, money_format_grouped(n, b, sizeof b));
}

static const char *kinds_s(arena *a, const rv_value *v)
{
	char *s = arena_strdup(a, "");
	for (int k = 0; k < ORG_KIND__MAX; k++)
		if (rv_has_kind(v, (org_kind)k))
			s = arena_printf(a, "%s%s%s", s, s[0] ? "・" : "", org_kind_label((org_kind)k));
	return s;
}

static const char *fy_s(arena *a, int fy)
{
	char b[64];
	return arena_printf(a, "%s（%d年度）", wareki_fiscal_year(fy, b, sizeof b), fy);
}

/* The name with ASCII spaces and U+3000 removed: "株式会社 リコー" = "株式会社リコー". */
static char *squeeze(arena *a, const char *s)
{
	char *o = arena_strdup(a, s ? s : "");
	if (o == NULL)
		return NULL;
	char *w = o;
	for (const char *p = o; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		else if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80)
			p += 3;
		else
			*w++ = *p++;
	}
	*w = 0;
	return o;
}

static const char *dispatch_name(const dsp_rules *r, dsp_kind k, bool has_menu, dsp_menu m, arena *a)
{
	if (k == DSP_DIGITAL_EXPERT && has_menu)
		return arena_printf(a, "%s（%s）", dsp_kv(r, k, DKF_NAME)->text, dsp_mv(r, m, DMF_NAME)->text);
	return dsp_kv(r, k, DKF_NAME)->text;
}

/* May org receive kind (and menu)? reason gets the Japanese explanation. */
static bool may_receive(const dsp_rules *r, const organization *o, dsp_kind k, bool has_menu, dsp_menu m, arena *a, const char **reason)
{
	const rv_value *rec = dsp_kv(r, k, DKF_RECIPIENTS);
	const char *name = dispatch_name(r, k, has_menu, m, a);
	if (!rv_has_kind(rec, o->kind)) {
		*reason = arena_printf(a, "%sの派遣先は%sです（%sは%s）", name, kinds_s(a, rec), o->name, org_kind_label(o->kind));
		return false;
	}
	if (has_menu && !rv_has_kind(dsp_mv(r, m, DMF_RECIPIENTS), o->kind)) {
		*reason = arena_printf(a, "%sの派遣先は%sです（%sは%s）", name, kinds_s(a, dsp_mv(r, m, DMF_RECIPIENTS)), o->name,
				       org_kind_label(o->kind));
		return false;
	}
	if (k == DSP_NATIONAL_OFFICIAL)
		*reason = arena_printf(a, "%sは%sの派遣先になれます（原則人口%s人以下）", org_kind_label(o->kind), name,
				       people(a, r->v[DSPV_POPULATION_MAX].n));
	else
		*reason = arena_printf(a, "%sは%sの派遣先になれます", org_kind_label(o->kind), name);
	return true;
}

/* ---- the parts of the check ------------------------------------------------------------------- */

static void verdicts(const dsp_rules *r, const organization *o, dsp_result *out, arena *a)
{
	for (int k = 0; k < DSP_KIND__MAX; k++) {
		int nm = k == DSP_DIGITAL_EXPERT ? DSP_MENU__MAX : 1;
		for (int m = 0; m < nm; m++) {
			dsp_verdict *v = &out->verdicts[out->n_verdicts++];
			v->kind = (dsp_kind)k;
			v->has_menu = k == DSP_DIGITAL_EXPERT;
			v->menu = (dsp_menu)m;
			v->allowed = may_receive(r, o, v->kind, v->has_menu, v->menu, a, &v->reason);
			if (v->allowed && v->has_menu && out->has_start_fy) {
				const rv_value *created = dsp_mv(r, v->menu, DMF_CREATED_FY);
				if (created->present && out->start_fy < created->n) {
					v->allowed = false;
					v->reason = arena_printf(a, "%sは%s派遣に向けて創設されたメニューです", dsp_mv(r, v->menu, DMF_NAME)->text,
								 fy_s(a, (int)created->n));
				}
			}
		}
	}
}

static void check_population(const dsp_rules *r, const dsp_request *req, dsp_result *out)
{
	fin_result *b = &out->base;
	const rv_value *pm = &r->v[DSPV_POPULATION_MAX];
	fin_step_rule(b, pm, num_s(b->arena, pm->n), "国家公務員の派遣先: 原則人口%s人以下（原則のため、超えるときは警告）", people(b->arena, pm->n));
	if (!req->has_population) {
		out->population_ok = TRI_UNKNOWN;
		diag_add(&b->diags, DIAG_WARNING, "DSP_POPULATION_UNKNOWN", "organization.code",
			 "%sの人口が分かりません（人口は運用者のデータ。--populations で指定してください）。国家公務員の派遣先は原則人口%s人以下です",
			 out->org->name, people(b->arena, pm->n));
		return;
	}
	fin_step_plain(b, "input.population", req->population_source ? req->population_source : "input", num_s(b->arena, req->population),
		       "%sの人口（運用者のデータ）: %s人", out->org->name, people(b->arena, req->population));
	if (req->population > pm->n) {
		out->population_ok = TRI_NO;
		diag_add(&b->diags, DIAG_WARNING, "DSP_POPULATION_ABOVE", "organization.code",
			 "%sの人口 %s人は国家公務員の派遣先の原則（人口%s人以下）を超えています", out->org->name, people(b->arena, req->population),
			 people(b->arena, pm->n));
	} else {
		out->population_ok = TRI_YES;
	}
}

static void check_menu_years(const dsp_rules *r, const dsp_request *req, dsp_result *out)
{
	fin_result *b = &out->base;
	const rv_value *created = dsp_mv(r, req->menu, DMF_CREATED_FY), *expanded = dsp_mv(r, req->menu, DMF_EXPANDED_FY);
	if (created->present) {
		fin_step_rule(b, created, num_s(b->arena, created->n), "%sは%s派遣に向けて新たに創設", dsp_mv(r, req->menu, DMF_NAME)->text,
			      fy_s(b->arena, (int)created->n));
		if (out->has_start_fy && out->start_fy < created->n)
			diag_add(&b->diags, DIAG_ERROR, "DSP_MENU_NOT_YET", "period.start", "%sは%s派遣に向けて創設されたメニューで、%sに始まる派遣には使えません",
				 dsp_mv(r, req->menu, DMF_NAME)->text, fy_s(b->arena, (int)created->n), fy_s(b->arena, out->start_fy));
	}
	if (expanded->present && out->org) {
		org_kind k = out->org->kind;
		bool widened = k == ORG_PREFECTURE || k == ORG_DESIGNATED_CITY || k == ORG_SPECIAL_WARD;
		if (widened) {
			fin_step_rule(b, expanded, num_s(b->arena, expanded->n), "%sは%sより対象を市町村から拡大（政令市・都道府県を含む）",
				      dsp_mv(r, req->menu, DMF_NAME)->text, fy_s(b->arena, (int)expanded->n));
			if (out->has_start_fy && out->start_fy < expanded->n)
				diag_add(&b->diags, DIAG_WARNING, "DSP_BEFORE_EXPANSION", "period.start",
					 "%sの対象は%sより市町村から拡大されました。%sに始まる派遣で%sが対象だったかは資料に記載がありません",
					 dsp_mv(r, req->menu, DMF_NAME)->text, fy_s(b->arena, (int)expanded->n), fy_s(b->arena, out->start_fy),
					 org_kind_label(k));
		}
	}
}

static void check_period(const dsp_rules *r, const dsp_request *req, dsp_result *out)
{
	fin_result *b = &out->base;
	arena *a = b->arena;
	bool menu = req->kind == DSP_DIGITAL_EXPERT && req->has_menu;
	const rv_value *mn = menu ? dsp_mv(r, req->menu, DMF_PERIOD_MIN) : dsp_kv(r, req->kind, DKF_PERIOD_MIN);
	const rv_value *mx = menu ? dsp_mv(r, req->menu, DMF_PERIOD_MAX) : dsp_kv(r, req->kind, DKF_PERIOD_MAX);
	const rv_value *sev = dsp_kv(r, req->kind, DKF_PERIOD_SEVERITY);
	bool is_error = strcmp(sev->text, "error") == 0;
	diag_severity ds = is_error ? DIAG_ERROR : DIAG_WARNING;
	out->period_checked = true;
	out->period_severity = sev->text;
	out->min_months = mn->n;
	out->max_months = mx->n;
	out->period_ok = true;
	if (mn->n == mx->n)
		fin_step_rule(b, mn, num_s(a, mn->n), "派遣期間: 原則%lldか月", (long long)mn->n);
	else
		fin_step_rule(b, mn, arena_printf(a, "%lld-%lld", (long long)mn->n, (long long)mx->n), "派遣期間: 原則%lldか月以上%lldか月以下",
			      (long long)mn->n, (long long)mx->n);
	fin_step_rule(b, sev, sev->text, "期間が外れたときは%s", is_error ? "エラー（例外として書かれているのは３者合意の延長だけ）" : "警告（「原則」だけで範囲・例外の記載がない）");
	fin_step_plain(b, "input.period.months", "input", num_s(a, req->months), "派遣期間（延長を除く）: %lldか月", (long long)req->months);
	if (req->months < mn->n) {
		out->period_ok = false;
		diag_add(&b->diags, ds, "DSP_PERIOD_TOO_SHORT", "period.months", "%sの派遣期間は原則%lldか月以上です（入力 %lldか月）",
			 dsp_kv(r, req->kind, DKF_NAME)->text, (long long)mn->n, (long long)req->months);
	} else if (req->months > mx->n) {
		out->period_ok = false;
		diag_add(&b->diags, ds, "DSP_PERIOD_TOO_LONG", "period.months",
			 "%sの派遣期間は原則%lldか月以下です（入力 %lldか月）。それを超えるのは３者の合意による延長（extension）だけです",
			 dsp_kv(r, req->kind, DKF_NAME)->text, (long long)mx->n, (long long)req->months);
	}
	out->total_months = req->months;

	out->extension_requested = req->extension_requested;
	if (!req->extension_requested)
		return;
	const rv_value *ext = dsp_kv(r, req->kind, DKF_EXTENSION), *parties = &r->v[DSPV_EXTENSION_PARTIES];
	if (!ext->present) {
		fin_step_rule(b, ext, "null", "延長（３者の合意で１年間）が%sに当たるかは資料に記載なし", dsp_kv(r, req->kind, DKF_NAME)->text);
		diag_add(&b->diags, DIAG_WARNING, "DSP_EXTENSION_NOT_STATED", "extension",
			 "３者の合意による１年間の延長が%sにも当たるかは資料に記載がありません。延長は判定していません", dsp_kv(r, req->kind, DKF_NAME)->text);
		return;
	}
	fin_step_rule(b, ext, num_s(a, ext->n), "派遣者・派遣元企業等・派遣先の３者の合意がある場合に限り%lldか月（１年間）の延長が可能", (long long)ext->n);
	bool ok = true;
	if (req->extension_months < 1 || req->extension_months > ext->n) {
		ok = false;
		diag_add(&b->diags, DIAG_ERROR, "DSP_EXTENSION_TOO_LONG", "extension.months", "延長は１年間（%lldか月）までです（入力 %lldか月）", (long long)ext->n,
			 (long long)req->extension_months);
	}
	char *missing = arena_strdup(a, "");
	for (int p = 0; p < DSP_PARTY__MAX; p++) {
		fin_step_rule(b, parties, dsp_party_id((dsp_party)p), "%sの合意: %s", dsp_party_label((dsp_party)p),
			      req->agreement[p] == TRI_YES ? "あり" : req->agreement[p] == TRI_NO ? "なし" : "入力なし");
		if (req->agreement[p] != TRI_YES)
			missing = arena_printf(a, "%s%s%s", missing, missing[0] ? "・" : "", dsp_party_label((dsp_party)p));
	}
	if (missing && missing[0]) {
		ok = false;
		diag_add(&b->diags, DIAG_ERROR, "DSP_EXTENSION_NO_AGREEMENT", "extension.agreement",
			 "延長は派遣者・派遣元企業等・派遣先の３者の合意がある場合に限ります（合意がない・分からない: %s）", missing);
	}
	out->extension_allowed = ok;
	if (ok) {
		out->max_months = mx->n + req->extension_months;
		out->total_months = req->months + req->extension_months;
		fin_step_plain(b, "calc.total_months", ext->source, num_s(a, out->total_months), "延長後の派遣期間: %lld + %lld = %lldか月",
			       (long long)req->months, (long long)req->extension_months, (long long)out->total_months);
	}
}

static void check_partner(const dsp_rules *r, const dsp_request *req, dsp_result *out)
{
	fin_result *b = &out->base;
	arena *a = b->arena;
	const char *want = squeeze(a, req->partner_company);
	if (req->kind != DSP_DIGITAL_EXPERT || !req->has_menu) {
		diag_add(&b->diags, DIAG_INFO, "DSP_PARTNER_NOT_CHECKED", "partner_company",
			 "協力企業の一覧はデジタル専門人材（企業派遣型・人材紹介型）のものなので照合していません");
		return;
	}
	for (int m = 0; m < DSP_MENU__MAX; m++) {
		const rv_value *list = dsp_mv(r, (dsp_menu)m, DMF_PARTNERS);
		for (size_t i = 0; i < list->n_partners; i++)
			if (want && strcmp(squeeze(a, list->partners[i].name), want) == 0) {
				if (m == (int)req->menu) {
					fin_step_rule(b, list, list->partners[i].name, "%sの協力企業（令和5年9月時点）: %s", dsp_mv(r, req->menu, DMF_NAME)->text,
						      list->partners[i].name);
					return;
				}
			}
	}
	const rv_value *list = dsp_mv(r, req->menu, DMF_PARTNERS);
	fin_step_rule(b, list, "not_listed", "%sの協力企業一覧（令和5年9月時点、%zu社）に「%s」はない", dsp_mv(r, req->menu, DMF_NAME)->text,
		      list->n_partners, req->partner_company);
	diag_add(&b->diags, DIAG_WARNING, "DSP_PARTNER_NOT_LISTED", "partner_company",
		 "「%s」は%sの協力企業一覧（令和5年9月時点）にありません（その後の登録は資料にありません）", req->partner_company,
		 dsp_mv(r, req->menu, DMF_NAME)->text);
}

/* The menus whose 想定されるニーズ words occur in text. */
static size_t menus_by_words(const dsp_rules *r, const char *text, dsp_menu *out, const char **words)
{
	size_t n = 0;
	for (int m = 0; m < DSP_MENU__MAX; m++) {
		const rv_value *needs = dsp_mv(r, (dsp_menu)m, DMF_NEEDS);
		for (size_t i = 0; text && i < needs->n_strings; i++)
			if (strstr(text, needs->strings[i])) {
				words[n] = needs->strings[i];
				out[n++] = (dsp_menu)m;
				break;
			}
	}
	return n;
}

static void match(const dsp_rules *r, const dsp_request *req, dsp_result *out)
{
	fin_result *b = &out->base;
	arena *a = b->arena;
	const char *words[DSP_MENU__MAX] = { NULL };
	const char *why_menu = NULL;
	out->matched = true;
	if (req->need_has_menu) {
		out->match_menus[0] = req->need_menu;
		out->n_match_menus = 1;
		why_menu = "ニーズで指定された型";
	} else if (req->has_menu) {
		out->match_menus[0] = req->menu;
		out->n_match_menus = 1;
		why_menu = "派遣の型";
	} else {
		out->n_match_menus = menus_by_words(r, req->need_text, out->match_menus, words);
		if (out->n_match_menus == 0) {
			for (int m = 0; m < DSP_MENU__MAX; m++)
				out->match_menus[m] = (dsp_menu)m;
			out->n_match_menus = DSP_MENU__MAX;
			why_menu = "ニーズの文に資料の「想定されるニーズ」の語がないため両方の型";
		}
	}
	for (size_t i = 0; i < out->n_match_menus; i++) {
		dsp_menu m = out->match_menus[i];
		const rv_value *needs = dsp_mv(r, m, DMF_NEEDS);
		if (words[i])
			fin_step_rule(b, needs, words[i], "ニーズの文に「%s」→ %s（資料の「メニュー毎の想定されるニーズ」）", words[i], dsp_mv(r, m, DMF_NAME)->text);
		else
			fin_step_plain(b, "match.menu", "input", dsp_menu_id(m), "型: %s（%s）", dsp_mv(r, m, DMF_NAME)->text, why_menu);
	}

	/* industries known in the data, to tell an unknown one */
	bool industry_known = false;
	const char *known = arena_strdup(a, "");
	for (size_t i = 0; i < out->n_match_menus; i++) {
		const rv_value *list = dsp_mv(r, out->match_menus[i], DMF_PARTNERS);
		for (size_t k = 0; k < list->n_partners; k++) {
			const char *ind = list->partners[k].industry;
			if (ind == NULL)
				continue;
			if (req->need_industry && strstr(ind, req->need_industry))
				industry_known = true;
			if (!strstr(known, ind))
				known = arena_printf(a, "%s%s%s", known, known[0] ? "、" : "", ind);
		}
	}
	bool by_industry = req->need_industry && req->need_industry[0] && industry_known;
	if (req->need_industry && req->need_industry[0] && !industry_known)
		diag_add(&b->diags, DIAG_WARNING, "DSP_INDUSTRY_UNKNOWN", "need.industry",
			 "業種「%s」は協力企業の一覧にありません（企業派遣型の業種: %s）。業種では絞り込みません", req->need_industry, known[0] ? known : "なし");

	size_t cap = 0;
	for (size_t i = 0; i < out->n_match_menus; i++)
		cap += dsp_mv(r, out->match_menus[i], DMF_PARTNERS)->n_partners;
	out->matches = arena_alloc(a, (cap + 1) * sizeof *out->matches);
	if (out->matches == NULL) {
		b->oom = true;
		return;
	}
	for (size_t i = 0; i < out->n_match_menus; i++) {
		dsp_menu m = out->match_menus[i];
		const rv_value *list = dsp_mv(r, m, DMF_PARTNERS);
		bool has_industries = false;
		for (size_t k = 0; k < list->n_partners; k++)
			has_industries |= list->partners[k].industry != NULL;
		size_t before = out->n_matches;
		for (size_t k = 0; k < list->n_partners; k++) {
			const rv_partner *p = &list->partners[k];
			const char *reason;
			if (by_industry && has_industries) {
				if (!p->industry || !strstr(p->industry, req->need_industry))
					continue;
				reason = arena_printf(a, "%sの協力企業、業種「%s」（業種はdigidenの読み）", dsp_mv(r, m, DMF_NAME)->text, p->industry);
			} else {
				reason = arena_printf(a, "%sの協力企業", dsp_mv(r, m, DMF_NAME)->text);
			}
			out->matches[out->n_matches++] = (dsp_match){ p, m, reason };
		}
		fin_step_rule(b, list, num_s(a, (int64_t)(out->n_matches - before)), "%sの協力企業（令和5年9月時点 %zu社）から %zu社%s",
			      dsp_mv(r, m, DMF_NAME)->text, list->n_partners, out->n_matches - before,
			      by_industry && has_industries ? arena_printf(a, "（業種「%s」）", req->need_industry)
							    : by_industry ? "（業種の記載がない一覧のため全社）" : "（全社）");
		fin_step_rule(b, dsp_mv(r, m, DMF_MATCHING), dsp_mv(r, m, DMF_MATCHING)->text, "マッチング: %s", dsp_mv(r, m, DMF_MATCHING)->text);
	}
	out->match_method = "資料に協力企業ごとの得意分野がないため、型（ニーズの語または指定）と企業派遣型の業種（digidenの読み）で絞り、"
			    "該当する協力企業を資料の順にすべて挙げます。実際のマッチングは内閣官房・内閣府（企業派遣型）または"
			    "DX人材紹介企業（人材紹介型）が行います。";
}

/* Folds the result of a calculator run for one measure (rc its return) into c. */
static void fold(fin_result *c, dsp_measure_out *mo, int rc, const fin_result *tmp)
{
	if (rc != 0)
		c->oom = true;
	fin_result_append(c, tmp);
	mo->computed = true;
}

/* One financial measure. */
static void measure(const dsp_rules *r, const mic_rules *mr, const org_master *m, const dsp_request *req, size_t i, dsp_result *out)
{
	arena *a = out->base.arena;
	const dsp_measure_req *q = &req->measures[i];
	dsp_measure_out *mo = &out->measures[i];
	mo->measure = q->measure;
	mo->path = arena_printf(a, "measures[%zu]", i);
	mo->name = dsp_msv(r, q->measure, DMEF_NAME)->text;
	fin_result *c = &mo->calc;
	fin_result_init(c, a, dsp_measure_id(q->measure), mo->name);

	/* who may use it (the table 「デジタル専門人材派遣制度で活用可能な支援措置」) */
	if (out->org) {
		bool pref = out->org->kind == ORG_PREFECTURE;
		const rv_value *av = dsp_msv(r, q->measure, pref ? DMEF_PREFECTURE : DMEF_MUNICIPALITY);
		const char *mark = strcmp(av->text, "yes") == 0 ? "○" : strcmp(av->text, "no") == 0 ? "×" : "△";
		fin_step_rule(c, av, av->text, "%s: %s %s", mo->name, pref ? "都道府県" : "市区町村", mark);
		if (strcmp(av->text, "no") == 0)
			diag_add(&c->diags, DIAG_ERROR, "DSP_MEASURE_NOT_AVAILABLE", fin_path(c, mo->path, "measure"), "%sは%sでは活用できません（×）", mo->name,
				 pref ? "都道府県" : "市区町村");
	}
	if (req->has_kind && req->kind != DSP_DIGITAL_EXPERT && q->measure != DSP_M_KIGYOUJIN)
		diag_add(&c->diags, DIAG_WARNING, "DSP_MEASURE_TABLE_DIGITAL", fin_path(c, mo->path, "measure"),
			 "この支援措置の表は「デジタル専門人材派遣制度で活用可能な支援措置」のものです（派遣は%s）", dsp_kv(r, req->kind, DKF_NAME)->text);

	if (out->org == NULL) { /* the organization's error is already reported */
		mo->usable = false;
		return;
	}
	int fy = 0;
	bool has_fy = q->has_fiscal_year || out->has_start_fy;
	fy = q->has_fiscal_year ? q->fiscal_year : out->start_fy;
	fin_person *persons = arena_alloc(a, (q->n_others + 2) * sizeof *persons);
	if (persons == NULL) {
		c->oom = true;
		return;
	}
	size_t np = 0;
	if (q->has_cost)
		persons[np++] = (fin_person){ .name = "派遣者", .cost_yen = q->cost_yen, .employment = q->employment,
					      .path = fin_path(c, mo->path, "cost_yen") };
	for (size_t k = 0; k < q->n_others; k++) {
		persons[np] = q->others[k];
		if (persons[np].path == NULL)
			persons[np].path = arena_printf(a, "%s.others[%zu]", mo->path, k);
		np++;
	}

	switch (q->measure) {
	case DSP_M_KIGYOUJIN: {
		const rv_value *kv = dsp_kv(r, req->kind, DKF_KIGYOUJIN);
		if (req->has_kind && req->kind == DSP_DIGITAL_EXPERT && req->has_menu)
			kv = dsp_mv(r, req->menu, DMF_KIGYOUJIN);
		if (req->has_kind) {
			fin_step_rule(c, kv, kv->text, "%sとの併用: %s", dispatch_name(r, req->kind, req->has_menu, req->menu, a),
				      strcmp(kv->text, "usable") == 0 ? "可" : strcmp(kv->text, "not_applicable") == 0 ? "当たらない" : "原則活用不可");
			if (strcmp(kv->text, "not_applicable") == 0)
				diag_add(&c->diags, DIAG_ERROR, "DSP_KIGYOUJIN_NOT_APPLICABLE", fin_path(c, mo->path, "measure"),
					 "地域活性化起業人は民間企業等の社員を受け入れる措置で、%sの派遣には当たりません", dsp_kv(r, req->kind, DKF_NAME)->text);
			else if (strcmp(kv->text, "principle_not_usable") == 0)
				diag_add(&c->diags, DIAG_WARNING, "DSP_KIGYOUJIN_REFERRAL", fin_path(c, mo->path, "measure"),
					 "人材紹介型の場合は地域活性化起業人を原則活用できません（派遣元企業との協定締結が必要なため）");
		}
		if (!q->has_cost) {
			diag_add(&c->diags, DIAG_ERROR, "REQUIRED_MISSING", fin_path(c, mo->path, "cost_yen"), "人材の受入に要する経費（cost_yen）が必要です");
			break;
		}
		fin_kigyoujin_in ki = { .org_code = req->org_code, .has_fiscal_year = has_fy, .fiscal_year = fy, .persons = persons,
					.n_persons = np, .persons_key = "cost_yen", .outside_metro = q->outside_metro, .path = mo->path,
					.org_path = "organization.code" };
		fin_result tmp;
		fold(c, mo, fin_kigyoujin(mr, m, &ki, a, &tmp), &tmp);
		break;
	}
	case DSP_M_CIO:
	case DSP_M_PREF_DIGITAL_STAFF: {
		if (!has_fy) {
			diag_add(&c->diags, DIAG_ERROR, "REQUIRED_MISSING", fin_path(c, mo->path, "fiscal_year"),
				 "年度（fiscal_year、または派遣の開始 period.start）が必要です");
			break;
		}
		fin_special_tax_in si = { .measure = q->measure == DSP_M_CIO ? FIN_M_CIO : FIN_M_PREF_DIGITAL_STAFF, .org_code = req->org_code,
					  .fiscal_year = fy, .persons = persons, .n_persons = np, .persons_key = "others",
					  .has_recruitment = q->has_recruitment, .recruitment_yen = q->recruitment_yen, .path = mo->path,
					  .org_path = "organization.code" };
		fin_result tmp;
		fold(c, mo, fin_special_tax(mr, m, &si, a, &tmp), &tmp);
		break;
	}
	case DSP_M_DIGIDEN_GRANT:
		diag_add(&c->diags, DIAG_INFO, "DSP_GRANT_REVIEWED", fin_path(c, mo->path, "measure"),
			 "交付金の対象となるプロジェクトの推進に必要な人材の確保に要する費用であること。金額はプロジェクトの内容に応じて審査（digiden check で判定）");
		break;
	case DSP_MEASURE__MAX:
		break;
	}
	mo->usable = diag_count(&c->diags, DIAG_ERROR) == 0;
}

int dsp_check(const dsp_rules *dr, const mic_rules *mr, const org_master *m, const dsp_request *req, arena *a, dsp_result *out)
{
	memset(out, 0, sizeof *out);
	fin_result *b = &out->base;
	fin_result_init(b, a, "dispatch", "デジタル専門人材派遣・地方創生人材支援制度");
	out->org = fin_resolve_org(b, m, req->org_code, "organization.code");
	if (req->has_start) {
		out->has_start_fy = true;
		out->start_fy = req->start_month >= 4 ? req->start_year : req->start_year - 1;
		fin_step_plain(b, "input.period.start", "input", arena_printf(a, "%04d-%02d", req->start_year, req->start_month), "派遣の開始: %d年%d月（%s）",
			       req->start_year, req->start_month, fy_s(a, out->start_fy));
	}
	if (out->org) {
		fin_step_plain(b, "input.organization", "input", out->org->code, "派遣先: %s（%s）", out->org->name, org_kind_label(out->org->kind));
		verdicts(dr, out->org, out, a);
	}

	if (req->has_kind && out->org) {
		const char *reason = NULL;
		out->kind_checked = true;
		bool menu = req->kind == DSP_DIGITAL_EXPERT && req->has_menu;
		out->allowed = may_receive(dr, out->org, req->kind, menu, req->menu, a, &reason);
		const rv_value *rec = dsp_kv(dr, req->kind, DKF_RECIPIENTS);
		fin_step_rule(b, rec, kinds_s(a, rec), "%sの派遣先: %s", dsp_kv(dr, req->kind, DKF_NAME)->text, kinds_s(a, rec));
		if (menu) {
			const rv_value *mrec = dsp_mv(dr, req->menu, DMF_RECIPIENTS);
			fin_step_rule(b, mrec, kinds_s(a, mrec), "%sの派遣先: %s", dsp_mv(dr, req->menu, DMF_NAME)->text, kinds_s(a, mrec));
		}
		if (!out->allowed)
			diag_add(&b->diags, DIAG_ERROR, "DSP_KIND_NOT_ALLOWED", "kind", "%s", reason);
		if (req->kind == DSP_NATIONAL_OFFICIAL && out->allowed)
			check_population(dr, req, out);
		if (menu)
			check_menu_years(dr, req, out);
	}
	if (req->has_kind && req->has_months)
		check_period(dr, req, out);
	if (req->partner_company)
		check_partner(dr, req, out);
	if (req->has_need)
		match(dr, req, out);

	if (req->n_measures > 0) {
		out->measures = arena_alloc(a, req->n_measures * sizeof *out->measures);
		if (out->measures == NULL)
			return -1;
		out->n_measures = req->n_measures;
		for (size_t i = 0; i < req->n_measures; i++)
			measure(dr, mr, m, req, i, out);
	}
	if (out->kind_checked)
		out->allowed = out->allowed && diag_count(&b->diags, DIAG_ERROR) == 0;
	bool oom = b->oom;
	for (size_t i = 0; i < out->n_measures; i++)
		oom |= out->measures[i].calc.oom;
	return oom ? -1 : 0;
}

bool dsp_ok(const dsp_result *out)
{
	if (diag_count(&out->base.diags, DIAG_ERROR) != 0)
		return false;
	for (size_t i = 0; i < out->n_measures; i++)
		if (diag_count(&out->measures[i].calc.diags, DIAG_ERROR) != 0)
			return false;
	return true;
}

unsigned dsp_statuses(const dsp_result *out)
{
	unsigned s = out->base.statuses;
	for (size_t i = 0; i < out->n_measures; i++)
		s |= out->measures[i].calc.statuses;
	return s;
}
