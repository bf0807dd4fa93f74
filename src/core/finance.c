/* finance.c — 総務省 package, 地方債 and 交付税 calculators; see finance.h. */
#include "finance.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "fiscal.h"

/* The values that make up each bond. */
static const struct {
	mic_key name, issuers, juutou, sochi;
} bond_keys[FIN_BOND__MAX] = {
	[FIN_BOND_KASO] = { MIC_KASO_NAME, MIC_KASO_ISSUERS, MIC_KASO_JUUTOU, MIC_KASO_SOCHI },
	[FIN_BOND_HEKICHI] = { MIC_HEKICHI_NAME, MIC_HEKICHI_ISSUERS, MIC_HEKICHI_JUUTOU, MIC_HEKICHI_SOCHI },
	[FIN_BOND_GENERAL] = { MIC_GENERAL_NAME, MIC_GENERAL_ISSUERS, MIC_GENERAL_JUUTOU, MIC_GENERAL_SOCHI },
	[FIN_BOND_PUBLIC_WORKS] = { MIC_PUBLIC_NAME, MIC_PUBLIC_ISSUERS, MIC_PUBLIC_JUUTOU, MIC_PUBLIC_SOCHI },
	[FIN_BOND_DIGITAL] = { MIC_DIGITAL_NAME, MIC_DIGITAL_ISSUERS, MIC_DIGITAL_JUUTOU, MIC_DIGITAL_SOCHI },
};

/* ---- result building ---------------------------------------------------------------- */

void fin_result_init(fin_result *r, arena *a, const char *calculator, const char *title)
{
	memset(r, 0, sizeof *r);
	r->arena = a;
	r->calculator = calculator;
	r->title = title;
	diag_list_init(&r->diags, a);
}

/* Makes room for one more element of arr (n used, cap allocated), or marks r out of
 * memory and returns from the calling function. */
#define GROW(r, arr, n, cap)                                                                            \
	do {                                                                                            \
		void *p_ = arena_room((r)->arena, (arr), (n), &(cap), sizeof *(arr), 8);                \
		if (p_ == NULL) {                                                                       \
			(r)->oom = true;                                                                \
			return;                                                                         \
		}                                                                                       \
		(arr) = p_;                                                                             \
	} while (0)

static void push_step(fin_result *r, fin_step s)
{
	GROW(r, r->trace, r->n_trace, r->cap_trace);
	r->trace[r->n_trace++] = s;
}

void fin_step_rule(fin_result *r, const rv_value *v, const char *value, const char *label_fmt, ...)
{
	va_list ap;
	va_start(ap, label_fmt);
	char *label = arena_vprintf(r->arena, label_fmt, ap);
	va_end(ap);
	r->statuses |= 1u << v->status;
	push_step(r, (fin_step){ .rule = v->id, .value = arena_strdup(r->arena, value), .source = v->source, .label = label,
				 .quote = v->quote, .note = v->note, .status = v->status, .reading = v->reading });
}

void fin_step_plain(fin_result *r, const char *rule, const char *source, const char *value, const char *label_fmt, ...)
{
	va_list ap;
	va_start(ap, label_fmt);
	char *label = arena_vprintf(r->arena, label_fmt, ap);
	va_end(ap);
	push_step(r, (fin_step){ .rule = rule, .value = arena_strdup(r->arena, value), .source = source, .label = label,
				 .status = FIN_FINAL });
}

void fin_set_figure(fin_result *r, const char *key, const char *label, bool present, int64_t yen, bool approximate)
{
	for (size_t i = 0; i < r->n_figures; i++)
		if (strcmp(r->figures[i].key, key) == 0) {
			r->figures[i] = (fin_figure){ key, label, present, yen, approximate };
			return;
		}
	GROW(r, r->figures, r->n_figures, r->cap_figures);
	r->figures[r->n_figures++] = (fin_figure){ key, label, present, yen, approximate };
}

const fin_figure *fin_figure_get(const fin_result *r, const char *key)
{
	for (size_t i = 0; i < r->n_figures; i++)
		if (strcmp(r->figures[i].key, key) == 0)
			return &r->figures[i];
	return NULL;
}

static void push_fact(fin_result *r, fin_fact f)
{
	GROW(r, r->facts, r->n_facts, r->cap_facts);
	r->facts[r->n_facts++] = f;
}
void fin_fact_bool(fin_result *r, const char *key, const char *label, bool b)
{
	push_fact(r, (fin_fact){ .key = key, .label = label, .type = FACT_BOOL, .b = b });
}
void fin_fact_int(fin_result *r, const char *key, const char *label, int64_t n)
{
	push_fact(r, (fin_fact){ .key = key, .label = label, .type = FACT_INT, .n = n });
}
void fin_fact_text(fin_result *r, const char *key, const char *label, const char *text)
{
	push_fact(r, (fin_fact){ .key = key, .label = label, .type = FACT_TEXT, .text = arena_strdup(r->arena, text) });
}
void fin_fact_null(fin_result *r, const char *key, const char *label)
{
	push_fact(r, (fin_fact){ .key = key, .label = label, .type = FACT_NULL });
}

void fin_result_append(fin_result *dst, const fin_result *src)
{
	for (size_t k = 0; k < src->n_trace; k++)
		push_step(dst, src->trace[k]);
	for (size_t k = 0; k < src->diags.len; k++)
		diag_add(&dst->diags, src->diags.items[k].severity, src->diags.items[k].code, src->diags.items[k].path, "%s",
			 src->diags.items[k].message);
	for (size_t k = 0; k < src->n_figures; k++)
		fin_set_figure(dst, src->figures[k].key, src->figures[k].label, src->figures[k].present, src->figures[k].yen,
			       src->figures[k].approximate);
	for (size_t k = 0; k < src->n_facts; k++)
		push_fact(dst, src->facts[k]);
	dst->statuses |= src->statuses;
	dst->oom |= src->oom;
}

const char *fin_path(fin_result *r, const char *prefix, const char *key)
{
	if (prefix == NULL || prefix[0] == 0)
		return key;
	return arena_printf(r->arena, "%s.%s", prefix, key);
}

const organization *fin_resolve_org(fin_result *r, const org_master *m, const char *code, const char *path)
{
	if (code == NULL) {
		diag_add(&r->diags, DIAG_ERROR, "REQUIRED_MISSING", path, "団体コードがありません");
		return NULL;
	}
	switch (orgcode_validate(code)) {
	case ORGCODE_OK:
		break;
	case ORGCODE_ERR_SYNTAX:
		diag_add(&r->diags, DIAG_ERROR, "ORG_CODE_SYNTAX", path, "団体コード「%s」は6桁の数字ではありません", code);
		return NULL;
	case ORGCODE_ERR_PREFECTURE:
		diag_add(&r->diags, DIAG_ERROR, "ORG_CODE_PREFECTURE", path, "団体コード「%s」の都道府県の部分（01〜47）が正しくありません", code);
		return NULL;
	case ORGCODE_ERR_CHECK_DIGIT:
		diag_add(&r->diags, DIAG_ERROR, "ORG_CHECK_DIGIT", path, "団体コード「%s」の検査数字が合いません", code);
		return NULL;
	}
	const organization *o = org_find(m, code);
	if (o == NULL) {
		diag_add(&r->diags, DIAG_ERROR, "ORG_UNKNOWN", path, "団体コード「%s」は団体マスタにありません", code);
		return NULL;
	}
	if (!o->applicant) {
		diag_add(&r->diags, DIAG_ERROR, "ORG_NOT_APPLICANT", path, "%s（%s）は地方公共団体として申請・受入の主体になりません", o->name,
			 org_kind_label(o->kind));
		return NULL;
	}
	return o;
}

/* ---- small helpers -------------------------------------------------------------------- */

static const char *yen_s(fin_result *r, int64_t yen) { return arena_printf(r->arena, "%lld", (long long)yen); }
static const char *yen_h(fin_result *r, int64_t yen)
{
	char b[64];
	return arena_strdup(r->arena, money_format_yen(yen, b, sizeof b));
}
static const char *rate_s(fin_result *r, fraction f) { return arena_printf(r->arena, "%lld/%lld", (long long)f.num, (long long)f.den); }
/* "90%", "22.2%", "0.7" style for labels: percent with up to 2 decimals. */
static const char *pct_s(fin_result *r, fraction f)
{
	if (f.den <= 0)
		return "?";
	__int128 hundredths = (__int128)f.num * 10000 / f.den; /* percent × 100, floored */
	long long whole = (long long)(hundredths / 100), frac = (long long)(hundredths % 100);
	if (frac == 0)
		return arena_printf(r->arena, "%lld%%", whole);
	if (frac % 10 == 0)
		return arena_printf(r->arena, "%lld.%lld%%", whole, frac / 10);
	return arena_printf(r->arena, "%lld.%02lld%%", whole, frac);
}
static int64_t gcd64(int64_t a, int64_t b)
{
	while (b != 0) {
		int64_t t = a % b;
		a = b;
		b = t;
	}
	return a < 0 ? -a : a;
}
static fraction reduce(fraction f)
{
	int64_t g = gcd64(f.num, f.den);
	if (g > 1) {
		f.num /= g;
		f.den /= g;
	}
	return f;
}
static const char *fy_s(fin_result *r, int fy)
{
	char b[64];
	return arena_printf(r->arena, "%s（%d年度）", wareki_fiscal_year(fy, b, sizeof b), fy);
}

/* floor(yen × f), or an error and false on overflow. */
static bool mul_floor(fin_result *r, int64_t yen, fraction f, const char *path, int64_t *out)
{
	if (!money_mul_fraction_floor(yen, f, out)) {
		diag_add(&r->diags, DIAG_ERROR, "AMOUNT_OVERFLOW", path, "金額の計算があふれました");
		*out = 0;
		return false;
	}
	return true;
}
static bool add_yen(fin_result *r, int64_t a, int64_t b, const char *path, int64_t *out)
{
	if (!money_add(a, b, out)) {
		diag_add(&r->diags, DIAG_ERROR, "AMOUNT_OVERFLOW", path, "金額の合計があふれました");
		*out = 0;
		return false;
	}
	return true;
}

static void rounding_step(fin_result *r, const rv_value *v)
{
	fin_step_rule(r, v, "floor_yen", "端数処理: 1円未満切り捨て（資料に記載なし）");
}

/* "都道府県・指定都市・市…" for a kinds set. */
static const char *kinds_s(fin_result *r, const rv_value *v)
{
	char *s = arena_strdup(r->arena, "");
	for (int k = 0; k < ORG_KIND__MAX; k++)
		if (rv_has_kind(v, (org_kind)k))
			s = arena_printf(r->arena, "%s%s%s", s, s[0] ? "・" : "", org_kind_label((org_kind)k));
	return s;
}

/* ---- ア-2 推進体制構築支援 --------------------------------------------------------------- */

int fin_dx_package(const mic_rules *r, const org_master *m, const fin_dx_package_in *in, arena *a, fin_result *out)
{
	fin_result_init(out, a, "dx-package", "地域社会DX推進パッケージ ア-2 推進体制構築支援");
	const rv_value *v = r->v;
	const organization *pref = fin_resolve_org(out, m, in->prefecture_code, "prefecture");
	fin_step_rule(out, &v[MIC_A2_APPLICANT], "prefecture", "申請の主体: 都道府県（管内の市区町村と連携して申請）");
	if (pref && !rv_has_kind(&v[MIC_A2_APPLICANT], pref->kind)) {
		diag_add(&out->diags, DIAG_ERROR, "A2_NOT_PREFECTURE", "prefecture",
			 "推進体制構築支援は都道府県が主体となって申請します（%sは%s）", pref->name, org_kind_label(pref->kind));
		pref = NULL;
	}

	/* partners */
	int64_t partners = 0;
	if (in->partner_codes) {
		const organization **seen = arena_alloc(a, (in->n_partner_codes + 1) * sizeof *seen);
		if (seen == NULL)
			return -1;
		size_t n_seen = 0;
		for (size_t i = 0; i < in->n_partner_codes; i++) {
			const char *path = arena_printf(a, "partners[%zu]", i);
			const organization *o = fin_resolve_org(out, m, in->partner_codes[i], path);
			if (o == NULL)
				continue;
			if (!rv_has_kind(&v[MIC_A2_PARTNER_KINDS], o->kind)) {
				diag_add(&out->diags, DIAG_ERROR, "A2_PARTNER_KIND", path, "連携先は管内の市区町村です（%sは%s）", o->name,
					 org_kind_label(o->kind));
				continue;
			}
			if (pref && o->prefecture != pref->prefecture) {
				diag_add(&out->diags, DIAG_ERROR, "A2_PARTNER_OUTSIDE", path, "%sは%sの管内ではありません", o->name, pref->name);
				continue;
			}
			bool dup = false;
			for (size_t k = 0; k < n_seen && !dup; k++)
				dup = seen[k] == o;
			if (dup) {
				diag_add(&out->diags, DIAG_ERROR, "A2_PARTNER_DUPLICATE", path, "%sが2回書かれています", o->name);
				continue;
			}
			seen[n_seen++] = o;
		}
		partners = (int64_t)n_seen;
		fin_step_plain(out, "input.partners", "input", yen_s(out, partners), "連携する管内の市区町村（団体マスタで確認できたもの）: %lld団体",
			       (long long)partners);
	} else {
		partners = in->partner_count;
		fin_step_plain(out, "input.partner_count", "input", yen_s(out, partners), "連携する管内の市区町村の数（入力）: %lld団体",
			       (long long)partners);
	}
	fin_fact_int(out, "partners", "連携する市区町村の数", partners);

	/* the partner requirement */
	int64_t required = v[MIC_A2_MIN_PARTNERS].n;
	fin_step_rule(out, &v[MIC_A2_MIN_PARTNERS], yen_s(out, required), "都道府県が管内の%lld市区町村以上と連携して申請すること",
		      (long long)required);
	fin_fact_bool(out, "previously_selected", "過去に支援地域として選定された地域", in->previously_selected);
	if (in->previously_selected) {
		if (!in->has_previous_partner_count) {
			diag_add(&out->diags, DIAG_ERROR, "A2_PREVIOUS_COUNT_MISSING", "previous_partner_count",
				 "過去に選定された地域は、前回の申請で連携した市町村の数（previous_partner_count）が必要です");
		} else {
			int64_t more = v[MIC_A2_MORE_THAN_PREVIOUS].n;
			int64_t need = in->previous_partner_count + more;
			fin_step_rule(out, &v[MIC_A2_MORE_THAN_PREVIOUS], yen_s(out, need),
				      "過去に選定された地域: 前回の申請の連携 %lld 市町村より%lld以上多く → %lld 市町村以上",
				      (long long)in->previous_partner_count, (long long)more, (long long)need);
			if (need > required)
				required = need;
		}
	}
	fin_fact_int(out, "required_partners", "必要な連携市区町村の数", required);
	bool partners_ok = partners >= required;
	fin_fact_bool(out, "partners_ok", "連携の要件を満たす", partners_ok);
	if (!partners_ok) {
		if (in->previously_selected && in->has_previous_partner_count)
			diag_add(&out->diags, DIAG_ERROR, "A2_NOT_MORE_THAN_PREVIOUS", in->partner_codes ? "partners" : "partner_count",
				 "過去に選定された地域は前回（%lld市町村）より1以上多くの市町村と連携して申請します（今回 %lld）",
				 (long long)in->previous_partner_count, (long long)partners);
		else
			diag_add(&out->diags, DIAG_ERROR, "A2_TOO_FEW_PARTNERS", in->partner_codes ? "partners" : "partner_count",
				 "都道府県が管内の%lld市区町村以上と連携して申請します（今回 %lld）", (long long)required, (long long)partners);
	}

	/* cap */
	const rv_value *cap = in->previously_selected ? &v[MIC_A2_CAP_PREVIOUS] : &v[MIC_A2_CAP];
	if (in->previously_selected)
		fin_step_rule(out, cap, yen_s(out, cap->n), "事業規模の上限: 過去に支援地域として選定採択された地域は %s", yen_h(out, cap->n));
	else
		fin_step_rule(out, cap, yen_s(out, cap->n), "事業規模の上限: %s", yen_h(out, cap->n));
	fin_set_figure(out, "cap_yen", "事業規模の上限", true, cap->n, false);
	if (in->has_scale) {
		fin_step_plain(out, "input.project_scale_yen", "input", yen_s(out, in->scale_yen), "申請する事業規模: %s", yen_h(out, in->scale_yen));
		fin_set_figure(out, "project_scale_yen", "申請する事業規模", true, in->scale_yen, false);
		int64_t capped = in->scale_yen < cap->n ? in->scale_yen : cap->n;
		fin_set_figure(out, "capped_scale_yen", "上限を当てた事業規模", true, capped, false);
		if (in->scale_yen > cap->n) {
			diag_add(&out->diags, DIAG_WARNING, "A2_SCALE_OVER_CAP", "project_scale_yen", "事業規模 %s は上限 %s を超えています",
				 yen_h(out, in->scale_yen), yen_h(out, cap->n));
			fin_step_plain(out, "calc.capped_scale", cap->source, yen_s(out, capped), "上限を当てた事業規模: %s", yen_h(out, capped));
		}
	}

	/* share of the prefecture's municipalities */
	if (pref) {
		int64_t total = 0;
		for (size_t i = 0; i < m->len; i++) {
			const organization *o = &m->items[i];
			if (o->prefecture == pref->prefecture && o->applicant && rv_has_kind(&v[MIC_A2_PARTNER_KINDS], o->kind))
				total++;
		}
		fin_fact_int(out, "municipalities_in_prefecture", "管内の市区町村の数（団体マスタ）", total);
		if (!in->partner_codes && partners > total)
			diag_add(&out->diags, DIAG_ERROR, "A2_PARTNER_COUNT_EXCEEDS", "partner_count", "%sの管内の市区町村は%lld団体です（入力 %lld）",
				 pref->name, (long long)total, (long long)partners);
		if (total > 0 && partners <= total) {
			fraction share = { partners, total };
			fin_fact_text(out, "participating_share", "管内の参加市町村の割合", arena_printf(a, "%lld/%lld", (long long)partners, (long long)total));
			fin_fact_text(out, "participating_share_percent", "管内の参加市町村の割合（%、小数第2位未満切り捨て）", pct_s(out, share));
			fin_step_rule(out, &v[MIC_A2_SHARE_POINTS], arena_printf(a, "%lld/%lld", (long long)partners, (long long)total),
				      "管内の参加市町村の割合 %lld/%lld（%s）%s: 割合に応じた加点の式・点数は資料に記載がなく計算しません", (long long)partners,
				      (long long)total, pct_s(out, share),
				      in->previously_selected ? "" : "（加点は過去に選定された地域の場合）");
		}
	}
	fin_fact_null(out, "extra_points", "加点（式は資料に記載なし）");
	return out->oom ? -1 : 0;
}

/* ---- 地方債 ------------------------------------------------------------------------------ */

/* A condition of a bond that the organization master cannot tell, as the input
 * answers it (key): an error when it says no, a warning when it is silent. */
static void bond_condition(fin_result *r, fin_tri t, const char *key, const char *no_code, const char *no,
			   const char *unknown_code, const char *unknown)
{
	if (t == TRI_NO)
		diag_add(&r->diags, DIAG_ERROR, no_code, key, "%s", no);
	else if (t == TRI_UNKNOWN)
		diag_add(&r->diags, DIAG_WARNING, unknown_code, key, "%s", unknown);
}

/* Computes the bond on base (the local share, or the 地方単独事業's cost) into r. */
static void bond_into(const mic_rules *rules, fin_result *r, fin_bond b, const organization *issuer, const char *issuer_path,
		      int64_t base, const fin_bond_in *in, const char *base_path)
{
	const rv_value *v = rules->v;
	const rv_value *name = &v[bond_keys[b].name], *issuers = &v[bond_keys[b].issuers], *juutou = &v[bond_keys[b].juutou],
		       *sochi = &v[bond_keys[b].sochi];
	fin_fact_text(r, "bond", "地方債", name->text);
	if (b != FIN_BOND_DIGITAL)
		fin_step_rule(r, &v[MIC_BOND_REQUESTED], "requested", "地方債による財政措置は要望中（今後内容が変わり得る）");
	fin_step_rule(r, issuers, kinds_s(r, issuers), "%sを起こせる団体: %s", name->text, kinds_s(r, issuers));
	if (issuer && !rv_has_kind(issuers, issuer->kind))
		diag_add(&r->diags, DIAG_ERROR, "BOND_ISSUER", issuer_path, "%sは%sが起こす地方債です（%sは%s）", name->text, kinds_s(r, issuers),
			 issuer->name, org_kind_label(issuer->kind));
	if (b == FIN_BOND_KASO)
		bond_condition(r, in->kaso_area, "kaso_area", "BOND_NOT_KASO", "過疎対策事業債は過疎法により過疎地域とされた市町村が起こします",
			       "BOND_KASO_UNCONFIRMED", "過疎地域かどうかが入力にありません（団体マスタにない情報です。kaso_area で指定してください）");
	if (b == FIN_BOND_HEKICHI)
		bond_condition(r, in->hekichi_facility, "hekichi_facility", "BOND_NOT_HEKICHI", "辺地対策事業債は辺地に係る施設整備に限ります",
			       "BOND_HEKICHI_UNCONFIRMED", "辺地に係る施設整備かどうかが入力にありません（hekichi_facility で指定してください）");
	if (b == FIN_BOND_DIGITAL) {
		const rv_value *end = &v[MIC_DIGITAL_END_FY];
		fin_step_rule(r, end, yen_s(r, end->n), "事業期間: %sまで", fy_s(r, (int)end->n));
		if (in->has_fiscal_year && in->fiscal_year > end->n)
			diag_add(&r->diags, DIAG_ERROR, "BOND_OUT_OF_PERIOD", "fiscal_year", "デジタル活用推進事業債の事業期間は%sまでです（入力 %s）",
				 fy_s(r, (int)end->n), fy_s(r, in->fiscal_year));
		fin_step_rule(r, &v[MIC_DIGITAL_EXCLUDED], "excluded", "対象外: %s（国庫補助事業の地方負担も除く）", v[MIC_DIGITAL_EXCLUDED].text);
	}

	int64_t bond = 0, kofuzei = 0;
	mul_floor(r, base, juutou->rate, base_path, &bond);
	fin_step_rule(r, juutou, rate_s(r, juutou->rate), "充当率 %s: 起債額 = %s × %s = %s", pct_s(r, juutou->rate), yen_h(r, base),
		      pct_s(r, juutou->rate), yen_h(r, bond));
	fin_set_figure(r, "bond_yen", "起債額（地方債）", true, bond, false);
	fin_set_figure(r, "general_revenue_yen", "起債しない分（一般財源等）", true, base - bond, false);
	mul_floor(r, bond, sochi->rate, base_path, &kofuzei);
	if (sochi->rate.num == 0)
		fin_step_rule(r, sochi, rate_s(r, sochi->rate), "元利償還金に対する交付税措置: なし → 0円");
	else
		fin_step_rule(r, sochi, rate_s(r, sochi->rate), "元利償還金に対する交付税措置率 %s: %s × %s = %s（元金分）", pct_s(r, sochi->rate),
			      yen_h(r, bond), pct_s(r, sochi->rate), yen_h(r, kofuzei));
	fin_step_rule(r, &v[MIC_BOND_ROUNDING], "floor_yen",
		      "端数処理: 1円未満切り捨て。交付税措置は元金（起債額）に措置率を掛けた額で、利子分は含めない");
	fin_set_figure(r, "kofuzei_yen", "交付税措置額（元金分）", true, kofuzei, false);
	fin_set_figure(r, "net_burden_yen", "交付税措置を除いた実質的な負担", true, base - kofuzei, false);

	fraction cover = reduce((fraction){ juutou->rate.num * sochi->rate.num, juutou->rate.den * sochi->rate.den });
	fin_fact_text(r, "cover_rate", "負担に対する措置率（充当率×措置率）", rate_s(r, cover));
	fin_fact_text(r, "cover_percent", "負担に対する措置率（%）", pct_s(r, cover));
	if (b == FIN_BOND_GENERAL) {
		const rv_value *stated = &v[MIC_GENERAL_STATED_COVER];
		fin_fact_text(r, "stated_cover_percent", "資料が示す地方負担に対する措置率", pct_s(r, stated->rate));
		fin_step_rule(r, stated, rate_s(r, stated->rate), "照合: 充当率 %s × 措置率 %s = %s ≈ 資料の「地方負担に対する措置率は%s」",
			      pct_s(r, juutou->rate), pct_s(r, sochi->rate), pct_s(r, cover), pct_s(r, stated->rate));
	}
}

int fin_bond_calc(const mic_rules *r, const org_master *m, const fin_bond_in *in, arena *a, fin_result *out)
{
	fin_result_init(out, a, "bond", "地方債（充当率・交付税措置率）");
	const rv_value *v = r->v;
	const organization *issuer = NULL;
	if (in->issuer_code)
		issuer = fin_resolve_org(out, m, in->issuer_code, "issuer");
	int64_t base = 0;
	const char *base_path = "local_share_yen";
	if (in->bond == FIN_BOND_DIGITAL) {
		base_path = "project_cost_yen";
		if (!in->has_project) {
			diag_add(&out->diags, DIAG_ERROR, "REQUIRED_MISSING", "project_cost_yen",
				 "デジタル活用推進事業債は地方単独事業の事業費（project_cost_yen）から計算します");
			return out->oom ? -1 : 0;
		}
		base = in->project_yen;
		fin_step_plain(out, "input.project_cost_yen", "input", yen_s(out, base), "地方単独事業の事業費: %s", yen_h(out, base));
		fin_set_figure(out, "base_yen", "地方債の対象となる額", true, base, false);
	} else if (in->has_local_share) {
		base = in->local_share_yen;
		fin_step_plain(out, "input.local_share_yen", "input", yen_s(out, base), "補助事業の地方負担: %s", yen_h(out, base));
		fin_set_figure(out, "base_yen", "地方債の対象となる額（地方負担）", true, base, false);
	} else if (in->has_eligible) {
		base_path = "eligible_cost_yen";
		int64_t national = 0;
		const rv_value *share = &v[MIC_BOND_LOCAL_SHARE];
		fin_step_plain(out, "input.eligible_cost_yen", "input", yen_s(out, in->eligible_yen), "補助対象経費: %s", yen_h(out, in->eligible_yen));
		mul_floor(out, in->eligible_yen, v[MIC_C_RATE].rate, base_path, &national);
		base = in->eligible_yen - national;
		fin_step_rule(out, share, rate_s(out, share->rate),
			      "地方公共団体が補助事業の実施主体となる場合の負担分（%s）: %s − 国費 %s = %s", rate_s(out, share->rate),
			      yen_h(out, in->eligible_yen), yen_h(out, national), yen_h(out, base));
		fin_set_figure(out, "base_yen", "地方債の対象となる額（地方負担）", true, base, false);
	} else {
		diag_add(&out->diags, DIAG_ERROR, "REQUIRED_MISSING", "local_share_yen",
			 "地方負担（local_share_yen）か補助対象経費（eligible_cost_yen）が必要です");
		return out->oom ? -1 : 0;
	}
	bond_into(r, out, in->bond, issuer, "issuer", base, in, base_path);
	return out->oom ? -1 : 0;
}

/* ---- ウ 補助事業 -------------------------------------------------------------------------- */

int fin_subsidy(const mic_rules *r, const org_master *m, const fin_subsidy_in *in, arena *a, fin_result *out)
{
	fin_result_init(out, a, "subsidy", "地域社会DX推進パッケージ ウ 補助事業（地域のデジタル基盤の整備支援）");
	const rv_value *v = r->v;
	const organization *org = NULL;
	if (in->private_applicant) {
		fin_step_plain(out, "input.applicant", "input", "private", "実施主体: 企業・団体など");
		const rv_value *c = &v[MIC_C_CONSORTIUM];
		fin_step_rule(out, c, yen_s(out, c->n), "企業・団体などが実施主体のときは、補助金交付申請までに地方公共団体を%lld以上含むコンソーシアムを形成",
			      (long long)c->n);
		if (in->consortium_with_local_government == TRI_NO)
			diag_add(&out->diags, DIAG_ERROR, "C_CONSORTIUM", "consortium_with_local_government",
				 "企業・団体などが実施主体のときは、採択候補先に決定後、補助金交付申請までに地方公共団体を1以上含むコンソーシアムの形成が要件です");
		else if (in->consortium_with_local_government == TRI_UNKNOWN)
			diag_add(&out->diags, DIAG_WARNING, "C_CONSORTIUM_UNCONFIRMED", "consortium_with_local_government",
				 "地方公共団体を含むコンソーシアム（交付申請までに必要）の有無が入力にありません");
	} else {
		org = fin_resolve_org(out, m, in->applicant_code, "applicant.code");
		if (org)
			fin_step_plain(out, "input.applicant", "input", org->code, "実施主体: %s（%s）", org->name, org_kind_label(org->kind));
	}
	const rv_value *sys = &v[MIC_C_SYSTEM];
	fin_step_rule(out, sys, "required", "要件: %s（インターネット接続サービスの提供やソリューション機器のみの整備は非該当）", sys->text);
	if (in->wireless_network == TRI_NO || in->connected_solution == TRI_NO)
		diag_add(&out->diags, DIAG_ERROR, "C_SYSTEM_INCOMPLETE", in->wireless_network == TRI_NO ? "wireless_network" : "connected_solution",
			 "①無線ネットワーク設備と②①に接続するソリューション機器を組み合わせたシステムの整備が要件です");
	else if (in->wireless_network == TRI_UNKNOWN || in->connected_solution == TRI_UNKNOWN)
		diag_add(&out->diags, DIAG_INFO, "C_SYSTEM_UNCONFIRMED", "", "①無線ネットワーク設備と②ソリューション機器の両方を整備するか確かめてください");
	if (in->has_rental_years) {
		const rv_value *ry = &v[MIC_C_RENTAL_YEARS];
		fin_step_rule(out, ry, yen_s(out, ry->n), "通信装置レンタル料・クラウドサービス利用料は初年度に一括計上できる場合に限り%lldか年分まで",
			      (long long)ry->n);
		if (in->rental_years > ry->n)
			diag_add(&out->diags, DIAG_ERROR, "C_RENTAL_TOO_LONG", "rental_cloud_years", "レンタル料・クラウド利用料は%lldか年分までです（入力 %lld年）",
				 (long long)ry->n, (long long)in->rental_years);
	}

	fin_step_plain(out, "input.eligible_cost_yen", "input", yen_s(out, in->eligible_yen), "補助対象経費: %s", yen_h(out, in->eligible_yen));
	fin_set_figure(out, "eligible_cost_yen", "補助対象経費", true, in->eligible_yen, false);
	int64_t national = 0;
	mul_floor(out, in->eligible_yen, v[MIC_C_RATE].rate, "eligible_cost_yen", &national);
	fin_step_rule(out, &v[MIC_C_RATE], rate_s(out, v[MIC_C_RATE].rate), "補助率 %s: %s × %s = %s", rate_s(out, v[MIC_C_RATE].rate),
		      yen_h(out, in->eligible_yen), rate_s(out, v[MIC_C_RATE].rate), yen_h(out, national));
	rounding_step(out, &v[MIC_C_ROUNDING]);
	fin_step_rule(out, &v[MIC_C_CAP], "none", "補助金額に上限なし（事業規模の妥当性を審査）");
	fin_set_figure(out, "national_yen", "国庫補助（本事業）", true, national, false);
	int64_t local = in->eligible_yen - national;
	fin_step_plain(out, "calc.local_share", v[MIC_C_RATE].source, yen_s(out, local), "負担分: %s − %s = %s", yen_h(out, in->eligible_yen),
		       yen_h(out, national), yen_h(out, local));
	fin_set_figure(out, "local_share_yen", in->private_applicant ? "実施主体の負担" : "地方負担", true, local, false);
	fin_fact_null(out, "cap", "補助金額の上限（なし）");

	if (in->has_bond) {
		if (in->private_applicant) {
			diag_add(&out->diags, DIAG_ERROR, "C_BOND_PRIVATE", "bond", "地方債は地方公共団体が補助事業の実施主体となる場合の負担分に充てるものです");
		} else if (in->bond == FIN_BOND_DIGITAL) {
			diag_add(&out->diags, DIAG_ERROR, "C_BOND_DIGITAL", "bond",
				 "デジタル活用推進事業債は地方単独事業のもので、国庫補助事業の地方負担には充てられません");
		} else {
			const rv_value *share = &v[MIC_BOND_LOCAL_SHARE];
			fin_step_rule(out, share, rate_s(out, share->rate), "地方公共団体が補助事業の実施主体となる場合の負担分（%s）に地方債を起こせる",
				      rate_s(out, share->rate));
			fin_bond_in bi = { .bond = in->bond, .kaso_area = in->kaso_area, .hekichi_facility = in->hekichi_facility };
			bond_into(r, out, in->bond, org, "applicant.code", local, &bi, "eligible_cost_yen");
		}
	}
	return out->oom ? -1 : 0;
}

/* ---- 特別交付税 ------------------------------------------------------------------------- */

/* Who may use a measure: an error for other kinds. */
static bool check_who(fin_result *r, const rv_value *who, const rv_value *name, const organization *org, const char *path)
{
	fin_step_rule(r, who, kinds_s(r, who), "対象団体: %s", kinds_s(r, who));
	if (org == NULL || rv_has_kind(who, org->kind))
		return org != NULL;
	if (org->kind == ORG_SPECIAL_WARD)
		diag_add(&r->diags, DIAG_ERROR, "ST_NOT_ELIGIBLE_ORG", path, "%sは特別区で、%sの対象外です（23区対象外）", org->name, name->text);
	else
		diag_add(&r->diags, DIAG_ERROR, "ST_NOT_ELIGIBLE_ORG", path, "%s（%s）は%sの対象団体（%s）ではありません", org->name,
			 org_kind_label(org->kind), name->text, kinds_s(r, who));
	return false;
}

static void check_end(fin_result *r, const rv_value *end, const rv_value *name, int fy, const char *path)
{
	fin_step_rule(r, end, yen_s(r, end->n), "対象期間: %sまで", fy_s(r, (int)end->n));
	if (fy > end->n)
		diag_add(&r->diags, DIAG_ERROR, "ST_OUT_OF_PERIOD", path, "%sの対象期間は%sまでです（入力 %s）。それ以降は資料に記載がありません", name->text,
			 fy_s(r, (int)end->n), fy_s(r, fy));
}

static const char *org_path(fin_result *r, const fin_special_tax_in *in)
{
	return in->org_path ? in->org_path : fin_path(r, in->path, "organization");
}

static const char *person_path(fin_result *r, const fin_special_tax_in *in, const fin_person *p, const char *key, size_t i)
{
	return p->path ? p->path : fin_path(r, in ? in->path : "", arena_printf(r->arena, "%s[%zu]", key, i));
}
static const char *person_name(fin_result *r, const fin_person *p, const char *key, size_t i)
{
	if (p->path)
		return p->name ? arena_printf(r->arena, "%s（%s）", p->name, p->path) : p->path;
	return p->name ? arena_printf(r->arena, "%s[%zu]（%s）", key, i, p->name) : arena_printf(r->arena, "%s[%zu]", key, i);
}

static void cio(const mic_rules *rules, fin_result *r, const fin_special_tax_in *in, const organization *org)
{
	const rv_value *v = rules->v;
	const char *key = in->persons_key ? in->persons_key : "persons";
	check_who(r, &v[MIC_CIO_WHO], &v[MIC_CIO_NAME], org, org_path(r, in));
	check_end(r, &v[MIC_CIO_END_FY], &v[MIC_CIO_NAME], in->fiscal_year, fin_path(r, in->path, "fiscal_year"));

	/* the 3-person limit: the persons with the largest 任用等経費 (ties: input order) */
	size_t n = in->n_persons;
	size_t *order = arena_alloc(r->arena, (n + 1) * sizeof *order);
	if (order == NULL) {
		r->oom = true;
		return;
	}
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = 1; i < n; i++) /* stable insertion sort, descending cost */
		for (size_t j = i; j > 0 && in->persons[order[j]].cost_yen > in->persons[order[j - 1]].cost_yen; j--) {
			size_t t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	const rv_value *maxp = &v[MIC_CIO_MAX_PERSONS], *from = &v[MIC_CIO_MAX_PERSONS_FROM_FY], *to = &v[MIC_CIO_MAX_PERSONS_TO_FY];
	size_t counted = n;
	if (in->fiscal_year >= from->n && in->fiscal_year <= to->n) {
		if ((int64_t)n > maxp->n)
			counted = (size_t)maxp->n;
		fin_step_rule(r, maxp, yen_s(r, maxp->n), "財政措置の対象上限は%lld名分（令和6～7年度）: %zu名のうち%zu名を対象%s", (long long)maxp->n, n,
			      counted, (int64_t)n > maxp->n ? "（任用等経費の大きい順。どの3名かは資料に記載なし）" : "");
		for (size_t k = counted; k < n; k++) {
			size_t i = order[k];
			diag_add(&r->diags, DIAG_WARNING, "ST_CIO_PERSON_LIMIT", person_path(r, in, &in->persons[i], key, i),
				 "CIO補佐官等の財政措置は1団体%lld名分までのため、%sの任用等経費 %s は対象にしません", (long long)maxp->n,
				 person_name(r, &in->persons[i], key, i), yen_h(r, in->persons[i].cost_yen));
		}
	} else if (in->fiscal_year < from->n) {
		fin_step_rule(r, from, yen_s(r, from->n), "人数の上限（%lld名分）は令和6～7年度のもの", (long long)maxp->n);
		diag_add(&r->diags, DIAG_WARNING, "ST_CIO_LIMIT_NOT_STATED", fin_path(r, in->path, "fiscal_year"),
			 "%sの人数の上限は資料に記載がありません（3名分は令和6～7年度）。全員を対象に計算します", fy_s(r, in->fiscal_year));
	}

	int64_t appoint = 0;
	for (size_t k = 0; k < counted; k++) {
		size_t i = order[k];
		add_yen(r, appoint, in->persons[i].cost_yen, fin_path(r, in->path, key), &appoint);
		fin_step_plain(r, "input.persons", "input", yen_s(r, in->persons[i].cost_yen), "任用等経費（報酬等・委託料等）: %s %s",
			       person_name(r, &in->persons[i], key, i), yen_h(r, in->persons[i].cost_yen));
	}
	fin_set_figure(r, "appointment_cost_yen", "①任用等経費（対象）", true, appoint, false);
	fin_step_rule(r, &v[MIC_CIO_APPOINTMENT_CAP], "none", "①任用等経費の上限額: なし");
	const rv_value *rate = &v[MIC_CIO_RATE];
	int64_t k_appoint = 0;
	mul_floor(r, appoint, rate->rate, fin_path(r, in->path, key), &k_appoint);
	fin_step_rule(r, rate, rate_s(r, rate->rate), "①措置額 = 対象経費の合計額 %s × 0.7 = %s", yen_h(r, appoint), yen_h(r, k_appoint));
	fin_set_figure(r, "appointment_kofuzei_yen", "①任用等経費の措置額", true, k_appoint, false);

	int64_t k_recruit = 0;
	if (in->has_recruitment) {
		const rv_value *cap = &v[MIC_CIO_RECRUITMENT_CAP];
		int64_t elig = in->recruitment_yen < cap->n ? in->recruitment_yen : cap->n;
		fin_step_plain(r, "input.recruitment_cost_yen", "input", yen_s(r, in->recruitment_yen), "②募集経費: %s", yen_h(r, in->recruitment_yen));
		fin_step_rule(r, cap, yen_s(r, cap->n), "②募集経費の対象経費の上限額 %s → 対象 %s", yen_h(r, cap->n), yen_h(r, elig));
		mul_floor(r, elig, rate->rate, fin_path(r, in->path, "recruitment_cost_yen"), &k_recruit);
		fin_step_rule(r, rate, rate_s(r, rate->rate), "②措置額 = %s × 0.7 = %s", yen_h(r, elig), yen_h(r, k_recruit));
		fin_set_figure(r, "recruitment_eligible_yen", "②募集経費（上限適用後）", true, elig, false);
		fin_set_figure(r, "recruitment_kofuzei_yen", "②募集経費の措置額", true, k_recruit, false);
	}
	rounding_step(r, &v[MIC_ST_ROUNDING]);
	int64_t total = 0;
	add_yen(r, k_appoint, k_recruit, fin_path(r, in->path, key), &total);
	fin_set_figure(r, "kofuzei_yen", "特別交付税措置額", true, total, false);
	fin_fact_int(r, "persons", "CIO補佐官等の人数（入力）", (int64_t)n);
	fin_fact_int(r, "persons_counted", "措置の対象とした人数", (int64_t)counted);
}

static void pref_staff(const mic_rules *rules, fin_result *r, const fin_special_tax_in *in, const organization *org)
{
	const rv_value *v = rules->v;
	const char *key = in->persons_key ? in->persons_key : "persons";
	check_who(r, &v[MIC_PDS_WHO], &v[MIC_PDS_NAME], org, org_path(r, in));
	if (org && org->kind != ORG_PREFECTURE)
		diag_add(&r->diags, DIAG_INFO, "ST_PDS_MUNICIPAL", org_path(r, in),
			 "市区町村は一定の要件を満たす場合（連携中枢都市等による市町村支援、都道府県の経費の一部を負担する負担金）に限ります");
	check_end(r, &v[MIC_PDS_END_FY], &v[MIC_PDS_NAME], in->fiscal_year, fin_path(r, in->path, "fiscal_year"));
	fin_step_rule(r, &v[MIC_PDS_EXCLUDED], "excluded", "対象外: %s", v[MIC_PDS_EXCLUDED].text);

	const rv_value *pcap = &v[MIC_PDS_PERSON_CAP], *acc_from = &v[MIC_PDS_ACCELERATOR_FROM_FY];
	int64_t personnel = 0, personnel_elig = 0, accelerators = 0;
	for (size_t i = 0; i < in->n_persons; i++) {
		const fin_person *p = &in->persons[i];
		const char *who = person_name(r, p, key, i);
		const char *path = person_path(r, in, p, key, i);
		if (p->employment == FIN_EMP_FULL_TIME && in->fiscal_year >= acc_from->n) {
			accelerators++;
			fin_step_rule(r, acc_from, yen_s(r, acc_from->n), "%s は常勤職員（アクセラレータ）: %sからは普通交付税で、特別交付税の対象にしない", who,
				      fy_s(r, (int)acc_from->n));
			if (org && org->kind != ORG_PREFECTURE)
				diag_add(&r->diags, DIAG_WARNING, "ST_ACCELERATOR_NOT_PREFECTURE", path,
					 "アクセラレータは都道府県が採用する常勤職員です（%sは%s）", org->name, org_kind_label(org->kind));
			continue;
		}
		int64_t elig = p->cost_yen < pcap->n ? p->cost_yen : pcap->n;
		add_yen(r, personnel, p->cost_yen, path, &personnel);
		add_yen(r, personnel_elig, elig, path, &personnel_elig);
		fin_step_plain(r, "input.persons", "input", yen_s(r, p->cost_yen), "人件費・委託費（人件費相当）: %s %s", who, yen_h(r, p->cost_yen));
		if (p->cost_yen > pcap->n)
			fin_step_rule(r, pcap, yen_s(r, pcap->n), "人件費相当額の上限 %s/人: %s は %s → %s", yen_h(r, pcap->n), who, yen_h(r, p->cost_yen),
				      yen_h(r, elig));
	}
	if (in->n_persons > 0 && personnel == personnel_elig && (int64_t)in->n_persons > accelerators)
		fin_step_rule(r, pcap, yen_s(r, pcap->n), "人件費相当額の上限 %s/人: 上限内", yen_h(r, pcap->n));
	fin_set_figure(r, "personnel_cost_yen", "人件費・委託費（特別交付税の対象者）", true, personnel, false);
	fin_set_figure(r, "personnel_eligible_yen", "人件費相当額（上限適用後）", true, personnel_elig, false);

	int64_t recruit_elig = 0;
	if (in->has_recruitment) {
		const rv_value *until = &v[MIC_PDS_RAISED_UNTIL_FY];
		bool raised = in->fiscal_year <= until->n;
		const rv_value *cap = raised ? &v[MIC_PDS_RECRUITMENT_CAP_RAISED] : &v[MIC_PDS_RECRUITMENT_CAP];
		fin_step_plain(r, "input.recruitment_cost_yen", "input", yen_s(r, in->recruitment_yen), "募集経費: %s", yen_h(r, in->recruitment_yen));
		fin_step_rule(r, until, yen_s(r, until->n), "拡充期間は%sまで: %sは%s", fy_s(r, (int)until->n), fy_s(r, in->fiscal_year),
			      raised ? "拡充後の上限" : "拡充前の上限");
		recruit_elig = in->recruitment_yen < cap->n ? in->recruitment_yen : cap->n;
		fin_step_rule(r, cap, yen_s(r, cap->n), "募集経費の上限 %s/団体 → 対象 %s", yen_h(r, cap->n), yen_h(r, recruit_elig));
		fin_set_figure(r, "recruitment_eligible_yen", "募集経費（上限適用後）", true, recruit_elig, false);
	}
	int64_t other = in->has_other ? in->other_yen : 0;
	if (in->has_other) {
		fin_step_plain(r, "input.other_cost_yen", "input", yen_s(r, other), "その他の対象経費（市町村の負担金 等。上限の記載なし）: %s", yen_h(r, other));
		fin_set_figure(r, "other_cost_yen", "その他の対象経費", true, other, false);
	}
	int64_t total = 0, kofuzei = 0;
	add_yen(r, personnel_elig, recruit_elig, fin_path(r, in->path, key), &total);
	add_yen(r, total, other, fin_path(r, in->path, key), &total);
	fin_set_figure(r, "eligible_total_yen", "対象経費の合計額", true, total, false);
	const rv_value *rate = &v[MIC_PDS_RATE];
	mul_floor(r, total, rate->rate, fin_path(r, in->path, key), &kofuzei);
	fin_step_rule(r, rate, rate_s(r, rate->rate), "措置額 = 対象経費の合計額 %s × 0.7 = %s", yen_h(r, total), yen_h(r, kofuzei));
	rounding_step(r, &v[MIC_ST_ROUNDING]);
	fin_set_figure(r, "kofuzei_yen", "特別交付税措置額", true, kofuzei, false);
	if (accelerators > 0) {
		const rv_value *unit = &v[MIC_PDS_ACCELERATOR_UNIT];
		int64_t ordinary = 0;
		if (unit->n > 0 && accelerators > INT64_MAX / unit->n)
			diag_add(&r->diags, DIAG_ERROR, "AMOUNT_OVERFLOW", fin_path(r, in->path, key), "金額の計算があふれました");
		else
			ordinary = unit->n * accelerators;
		fin_step_rule(r, unit, yen_s(r, unit->n), "普通交付税: 単価%s程度 × %lld人 = %s程度（概算）", yen_h(r, unit->n), (long long)accelerators,
			      yen_h(r, ordinary));
		fin_set_figure(r, "ordinary_kofuzei_approx_yen", "普通交付税（単価780万円程度×人数、概算）", true, ordinary, true);
	}
	fin_fact_int(r, "accelerators", "常勤職員（アクセラレータ）の人数", accelerators);
}

static void dx_leader(const mic_rules *rules, fin_result *r, const fin_special_tax_in *in, const organization *org)
{
	const rv_value *v = rules->v;
	check_who(r, &v[MIC_DXL_WHO], &v[MIC_DXL_NAME], org, org_path(r, in));
	check_end(r, &v[MIC_DXL_END_FY], &v[MIC_DXL_NAME], in->fiscal_year, fin_path(r, in->path, "fiscal_year"));
	int64_t cost = in->has_other ? in->other_yen : 0;
	fin_step_plain(r, "input.training_cost_yen", "input", yen_s(r, cost), "DX推進リーダーの育成に係る経費: %s", yen_h(r, cost));
	fin_set_figure(r, "training_cost_yen", "DX推進リーダーの育成に係る経費", true, cost, false);
	fin_step_rule(r, &v[MIC_DXL_CAP], "none", "対象経費の上限額: なし");
	int64_t kofuzei = 0;
	mul_floor(r, cost, v[MIC_DXL_RATE].rate, fin_path(r, in->path, "training_cost_yen"), &kofuzei);
	fin_step_rule(r, &v[MIC_DXL_RATE], rate_s(r, v[MIC_DXL_RATE].rate), "措置額 = %s × 0.7 = %s", yen_h(r, cost), yen_h(r, kofuzei));
	rounding_step(r, &v[MIC_ST_ROUNDING]);
	fin_set_figure(r, "kofuzei_yen", "特別交付税措置額", true, kofuzei, false);
}

int fin_special_tax(const mic_rules *r, const org_master *m, const fin_special_tax_in *in, arena *a, fin_result *out)
{
	static const mic_key names[FIN_M__MAX] = { [FIN_M_CIO] = MIC_CIO_NAME, [FIN_M_PREF_DIGITAL_STAFF] = MIC_PDS_NAME,
						  [FIN_M_DX_LEADER] = MIC_DXL_NAME };
	if (in->measure >= FIN_M__MAX)
		return -1;
	fin_result_init(out, a, "special-tax", r->v[names[in->measure]].text);
	const organization *org = fin_resolve_org(out, m, in->org_code, org_path(out, in));
	fin_fact_text(out, "measure", "措置", fin_measure_id(in->measure));
	fin_step_plain(out, "input.fiscal_year", "input", yen_s(out, in->fiscal_year), "年度: %s", fy_s(out, in->fiscal_year));
	switch (in->measure) {
	case FIN_M_CIO:
		cio(r, out, in, org);
		break;
	case FIN_M_PREF_DIGITAL_STAFF:
		pref_staff(r, out, in, org);
		break;
	case FIN_M_DX_LEADER:
		dx_leader(r, out, in, org);
		break;
	case FIN_M__MAX:
		break;
	}
	return out->oom ? -1 : 0;
}

/* ---- 地域活性化起業人 ------------------------------------------------------------------------ */

int fin_kigyoujin(const mic_rules *r, const org_master *m, const fin_kigyoujin_in *in, arena *a, fin_result *out)
{
	const rv_value *v = r->v;
	fin_result_init(out, a, "kigyoujin", v[MIC_KJ_NAME].text);
	const char *key = in->persons_key ? in->persons_key : "persons";
	const char *org_path = in->org_path ? in->org_path : fin_path(out, in->path, "organization");
	const organization *org = fin_resolve_org(out, m, in->org_code, org_path);
	const rv_value *who = &v[MIC_KJ_WHO];
	fin_step_rule(out, who, kinds_s(out, who), "三大都市圏外の市町村が、三大都市圏に所在する民間企業等の社員を受け入れる取組（都道府県は×）");
	if (org && !rv_has_kind(who, org->kind)) {
		if (org->kind == ORG_PREFECTURE)
			diag_add(&out->diags, DIAG_ERROR, "KJ_PREFECTURE", org_path, "地域活性化起業人は都道府県では活用できません（×）");
		else
			diag_add(&out->diags, DIAG_ERROR, "KJ_NOT_ELIGIBLE_ORG", org_path, "%s（%s）は地域活性化起業人の対象団体（%s）ではありません", org->name,
				 org_kind_label(org->kind), kinds_s(out, who));
	}
	fin_step_rule(out, &v[MIC_KJ_EXCEPTIONS], "included", "三大都市圏外の市町村には %s", v[MIC_KJ_EXCEPTIONS].text);
	const char *metro_path = fin_path(out, in->path, "outside_three_metropolitan_areas");
	if (in->outside_metro == TRI_NO)
		diag_add(&out->diags, DIAG_ERROR, "KJ_INSIDE_METRO", metro_path,
			 "地域活性化起業人は三大都市圏外の市町村（条件不利地域・定住自立圏・人口減少率の高い市町村を含む）が対象です");
	else if (in->outside_metro == TRI_UNKNOWN)
		diag_add(&out->diags, DIAG_WARNING, "KJ_METRO_UNKNOWN", metro_path,
			 "三大都市圏外の市町村（または例外に当たる市町村）かどうかが入力にありません（団体マスタにない情報です）");

	const rv_value *cap = &v[MIC_KJ_CAP];
	int64_t cost = 0, elig = 0;
	for (size_t i = 0; i < in->n_persons; i++) {
		const fin_person *p = &in->persons[i];
		const char *path = p->path ? p->path : fin_path(out, in->path, arena_printf(a, "%s[%zu]", key, i));
		int64_t e = p->cost_yen < cap->n ? p->cost_yen : cap->n;
		add_yen(out, cost, p->cost_yen, path, &cost);
		add_yen(out, elig, e, path, &elig);
		fin_step_rule(out, cap, yen_s(out, cap->n), "人材の受入に要する経費の上限 年間%s/人: %s %s → %s", yen_h(out, cap->n),
			      person_name(out, p, key, i), yen_h(out, p->cost_yen), yen_h(out, e));
	}
	fin_set_figure(out, "cost_yen", "人材の受入に要する経費", true, cost, false);
	fin_set_figure(out, "eligible_yen", "上限を当てた経費（特別交付税措置の対象）", true, elig, false);
	fin_set_figure(out, "kofuzei_yen", "特別交付税措置額（措置率の記載なし）", false, 0, false);
	diag_add(&out->diags, DIAG_WARNING, "RULE_NOT_STATED", fin_path(out, in->path, key),
		 "地域活性化起業人の措置率は資料に記載がないため、措置額は計算しません（上限を当てた経費 %s だけを示します）", yen_h(out, elig));
	return out->oom ? -1 : 0;
}
