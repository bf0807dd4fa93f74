/* calc.c — the 総務省 calculators (/calc, /calc/{key}) and the デジタル専門人材派遣
 * check (/dispatch) as pages. Each form is a GET form whose fields are named by the
 * JSON paths of the input that `digiden calc` / `digiden dispatch-check` and the API
 * take (io/json_finance.h), so an error of the decoder or of the rules points at its
 * field. With check=1 the input is decoded and computed by the same code as the CLI
 * and the API, and the result is shown: the yen figures, errors/warnings with their
 * input path, the trace with its seed citations, and 【案】/【要望中】 wherever a draft or
 * a requested measure is used. Checking changes nothing; no login. */
#include "../../io/rules_cache.h"
#include "calc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/money.h"
#include "../../io/json_finance.h"

/* ---- the calculators ------------------------------------------------------------------- */

typedef struct calc_info {
	const char *title;   /* page title */
	const char *summary; /* one line for the menu */
	const char *const *rule_prefixes; /* ids of the rule values it uses (for the 案/要望中 marks) */
} calc_info;

static const char *const dx_rules[] = { "package.budget", "package.a2.", NULL };
static const char *const subsidy_rules[] = { "package.c.", "bonds.", NULL }; /* bonds: when one is chosen */
static const char *const bond_rules[] = { "bonds.", NULL };
static const char *const tax_rules[] = { "special_tax.rounding", "special_tax.cio.", "special_tax.pref_digital_staff.",
					 "special_tax.dx_leader.", NULL };
static const char *const kj_rules[] = { "special_tax.kigyoujin.", NULL };

static const calc_info infos[FINANCE_CALC__MAX] = {
	[FINANCE_DX_PACKAGE] = { "推進体制構築支援（地域社会DX推進パッケージ ア-2）",
				 "都道府県が管内の市区町村と連携して推進体制を構築する事業の上限額と、連携する市区町村の数の要件を確かめます。",
				 dx_rules },
	[FINANCE_SUBSIDY] = { "補助事業（地域社会DX推進パッケージ ウ）",
			      "地域のデジタル基盤（無線ネットワーク設備とソリューション機器）の整備の補助金・地方負担と、地方負担に充てる地方債を計算します。",
			      subsidy_rules },
	[FINANCE_BOND] = { "地方債（充当率と交付税措置）",
			   "補助事業の地方負担や地方単独事業の事業費から、起債できる額と元利償還金に対する交付税措置の額を計算します。",
			   bond_rules },
	[FINANCE_SPECIAL_TAX] = { "特別交付税（デジタル人材の確保・育成）",
				  "CIO補佐官等の任用、市町村支援のためのデジタル人材の確保、DX推進リーダーの育成の経費に対する特別交付税を計算します。",
				  tax_rules },
	[FINANCE_KIGYOUJIN] = { "地域活性化起業人",
				"企業等の社員を受け入れる経費のうち、特別交付税の対象となる上限（1人当たり）を確かめます。", kj_rules },
};

/* Statuses (bits of fin_status) of the mic rule values whose ids start with one of prefixes. */
static unsigned rule_statuses(const mic_rules *m, const char *const *prefixes)
{
	unsigned st = 0;
	for (int i = 0; i < MIC__MAX; i++)
		for (const char *const *p = prefixes; *p; p++)
			if (strncmp(mic_defs[i].id, *p, strlen(*p)) == 0)
				st |= 1u << m->v[i].status;
	return st;
}

static void marks(buf *b, unsigned st)
{
	if ((st >> FIN_DRAFT) & 1u)
		buf_raw(b, " <span class=\"badge\">【案】</span>");
	if ((st >> FIN_REQUESTED) & 1u)
		buf_raw(b, " <span class=\"badge\">【要望中】</span>");
}

/* ---- form fields named by input paths ------------------------------------------------- */

typedef enum fkind {
	FK_TEXT,   /* a string */
	FK_CODE,   /* an organization code (a string) */
	FK_CODES,  /* organization codes separated by commas or spaces: an array */
	FK_YEN,    /* an amount: 円 / 千円 / 万円 / 億円, kept as text for the decoder */
	FK_INT,    /* an integer (text that is not one goes to the decoder as text) */
	FK_FY,     /* a fiscal year: 2025, 令和7年度, R7 */
	FK_TRI,    /* はい / いいえ / 未回答: true / false / absent */
	FK_CHECK,  /* a checkbox: true / absent */
	FK_SELECT, /* one of opts ("" = absent) */
	FK_GROUP,  /* not a field: starts a fieldset with label as its legend */
	FK_GROUP_END,
} fkind;

enum { FF_FORM_ONLY = 1 }; /* not copied into the input as is (handled by the page) */

typedef struct field {
	const char *name; /* form name, id and JSON path ("persons[0].cost_yen") */
	const char *label;
	fkind kind;
	const char *const *opts;
	const char *hint;
	unsigned flags;
} field;

#define MAX_FIELDS 96

typedef struct fields {
	field v[MAX_FIELDS];
	size_t n;
} fields;

static void add(fields *fs, const char *name, const char *label, fkind kind, const char *const *opts, const char *hint, unsigned flags)
{
	if (fs->n < MAX_FIELDS)
		fs->v[fs->n++] = (field){ name, label, kind, opts, hint, flags };
}
static void group(fields *fs, const char *legend) { add(fs, NULL, legend, FK_GROUP, NULL, NULL, 0); }
static void group_end(fields *fs) { add(fs, NULL, NULL, FK_GROUP_END, NULL, NULL, 0); }

#define YEN_HINT "円のほか「1億円」「5,000万円」「113,000千円」も可"
#define FY_HINT "2025、令和7年度、R7 など"
#define PERSON_ROWS 5
#define MEASURE_ROWS 3

static const char *const employment_opts[] = { "|—", "part_time|非常勤職員（特別職非常勤を含む）", "contract|業務委託",
						"full_time|常勤職員（アクセラレータ）", NULL };
static const char *const bond_opts[] = { "|充てない", "kaso|過疎対策事業債", "hekichi|辺地対策事業債",
					 "general_subsidy|一般補助施設整備等事業債", "public_works|公共事業等債", NULL };
static const char *const bond_all_opts[] = { "|選んでください", "kaso|過疎対策事業債", "hekichi|辺地対策事業債",
					     "general_subsidy|一般補助施設整備等事業債", "public_works|公共事業等債",
					     "digital_utilization|デジタル活用推進事業債（地方単独事業）", NULL };
static const char *const measure_opts[] = { "|選んでください", "cio|CIO補佐官等としての外部人材の任用等",
					    "pref_digital_staff|市町村支援のためのデジタル人材の確保（都道府県等）",
					    "dx_leader|DX推進リーダーの育成", NULL };
static const char *const kind_opts[] = { "|選ばない（受けられる派遣の一覧だけ）", "national_official|国家公務員",
					 "university_researcher|大学研究者", "private_expert|民間専門人材",
					 "digital_expert|デジタル専門人材", NULL };
static const char *const menu_opts[] = { "|—", "company_dispatch|企業派遣型", "talent_referral|人材紹介型", NULL };
static const char *const dsp_measure_opts[] = { "|なし", "kigyoujin|地域活性化起業人", "cio|CIO補佐官等",
						"pref_digital_staff|市町村支援のためのデジタル人材",
						"digiden_grant|デジタル田園都市国家構想交付金（デジタル実装タイプ）", NULL };

static void person_rows(fields *fs, arena *a, bool employment)
{
	group(fs, employment ? "人材（1人1行。任用の形は市町村支援のデジタル人材のとき）" : "受け入れる人材（1人1行）");
	for (int i = 0; i < PERSON_ROWS; i++) {
		add(fs, arena_printf(a, "persons[%d].name", i), arena_printf(a, "%d人目の氏名・役職（任意）", i + 1), FK_TEXT, NULL, NULL, 0);
		add(fs, arena_printf(a, "persons[%d].cost_yen", i),
		    arena_printf(a, employment ? "%d人目の報酬等・委託料等（年度）" : "%d人目の受入に要する経費（年度）", i + 1), FK_YEN, NULL,
		    i == 0 ? YEN_HINT : NULL, 0);
		if (employment)
			add(fs, arena_printf(a, "persons[%d].employment", i), arena_printf(a, "%d人目の任用の形", i + 1), FK_SELECT,
			    employment_opts, NULL, 0);
	}
	group_end(fs);
}

static void calc_fields(finance_calc c, fields *fs, arena *a)
{
	fs->n = 0;
	switch (c) {
	case FINANCE_DX_PACKAGE:
		add(fs, "prefecture", "申請する都道府県の団体コード（必須）", FK_CODE, NULL, "6桁の全国地方公共団体コード（例: 040002 宮城県）", 0);
		add(fs, "partners", "連携する管内の市区町村の団体コード", FK_CODES, NULL, "カンマか空白で区切る。数だけ入れるときは次の欄", 0);
		add(fs, "partner_count", "連携する市区町村の数（団体コードの代わりに）", FK_INT, NULL, NULL, 0);
		add(fs, "previously_selected", "過去に選定された地域", FK_CHECK, NULL, NULL, 0);
		add(fs, "previous_partner_count", "前回の申請で連携した市町村の数（過去に選定された地域のみ）", FK_INT, NULL, NULL, 0);
		add(fs, "project_scale_yen", "事業規模", FK_YEN, NULL, YEN_HINT, 0);
		break;
	case FINANCE_SUBSIDY:
		add(fs, "applicant.code", "実施主体の団体コード", FK_CODE, NULL, "地方公共団体が実施主体のとき。6桁の団体コード", 0);
		add(fs, "applicant.private", "実施主体は企業・団体など（地方公共団体以外。団体コードは使いません）", FK_CHECK, NULL, NULL,
		    FF_FORM_ONLY);
		add(fs, "eligible_cost_yen", "補助対象経費（必須）", FK_YEN, NULL, YEN_HINT, 0);
		add(fs, "wireless_network", "①無線ネットワーク設備を整備する", FK_TRI, NULL, NULL, 0);
		add(fs, "connected_solution", "②①に接続するソリューション機器を整備する", FK_TRI, NULL, NULL, 0);
		add(fs, "consortium_with_local_government", "地方公共団体とコンソーシアムを組む（企業・団体などが実施主体のとき）", FK_TRI,
		    NULL, NULL, 0);
		add(fs, "rental_cloud_years", "レンタル・クラウドの利用年数", FK_INT, NULL, NULL, 0);
		add(fs, "bond", "地方負担に充てる地方債", FK_SELECT, bond_opts, NULL, 0);
		add(fs, "kaso_area", "過疎地域の事業（過疎対策事業債）", FK_TRI, NULL, NULL, 0);
		add(fs, "hekichi_facility", "辺地の施設（辺地対策事業債）", FK_TRI, NULL, NULL, 0);
		break;
	case FINANCE_BOND:
		add(fs, "bond", "地方債（必須）", FK_SELECT, bond_all_opts, NULL, 0);
		add(fs, "issuer", "起債する団体の団体コード", FK_CODE, NULL, "起債できる団体かを確かめます", 0);
		add(fs, "local_share_yen", "補助事業の地方負担", FK_YEN, NULL, YEN_HINT "。地方負担か補助対象経費のどちらか一方", 0);
		add(fs, "eligible_cost_yen", "補助事業の補助対象経費（地方負担はその1/2）", FK_YEN, NULL, NULL, 0);
		add(fs, "project_cost_yen", "地方単独事業の事業費（デジタル活用推進事業債）", FK_YEN, NULL, NULL, 0);
		add(fs, "fiscal_year", "年度", FK_FY, NULL, FY_HINT, 0);
		add(fs, "kaso_area", "過疎地域の事業（過疎対策事業債のみ）", FK_TRI, NULL, NULL, 0);
		add(fs, "hekichi_facility", "辺地の施設（辺地対策事業債のみ）", FK_TRI, NULL, NULL, 0);
		break;
	case FINANCE_SPECIAL_TAX:
		add(fs, "measure", "措置（必須）", FK_SELECT, measure_opts, NULL, 0);
		add(fs, "organization", "団体コード（必須）", FK_CODE, NULL, "6桁の全国地方公共団体コード", 0);
		add(fs, "fiscal_year", "年度（必須）", FK_FY, NULL, FY_HINT, 0);
		person_rows(fs, a, true);
		add(fs, "recruitment_cost_yen", "募集経費", FK_YEN, NULL, YEN_HINT, 0);
		add(fs, "other_cost_yen", "その他の対象経費（市町村支援のデジタル人材のみ）", FK_YEN, NULL, NULL, 0);
		add(fs, "training_cost_yen", "育成の経費（DX推進リーダーの育成では必須）", FK_YEN, NULL, NULL, 0);
		break;
	case FINANCE_KIGYOUJIN:
		add(fs, "organization", "受け入れる団体の団体コード（必須）", FK_CODE, NULL, "6桁の全国地方公共団体コード", 0);
		add(fs, "fiscal_year", "年度", FK_FY, NULL, FY_HINT, 0);
		add(fs, "cost_yen", "1人分の受入に要する経費（複数人なら下の欄に1人ずつ）", FK_YEN, NULL, YEN_HINT, 0);
		person_rows(fs, a, false);
		add(fs, "outside_three_metropolitan_areas", "三大都市圏外の市町村（または資料の例外に当たる）", FK_TRI, NULL, NULL, 0);
		break;
	case FINANCE_CALC__MAX: break;
	}
}

static void dispatch_fields(fields *fs, arena *a)
{
	fs->n = 0;
	add(fs, "organization", "派遣先の団体コード（必須）", FK_CODE, NULL, "6桁の全国地方公共団体コード", 0);
	add(fs, "kind", "派遣の種類", FK_SELECT, kind_opts, NULL, 0);
	add(fs, "menu", "デジタル専門人材の型（デジタル専門人材のとき必須）", FK_SELECT, menu_opts, NULL, 0);
	add(fs, "period.start", "開始年月", FK_TEXT, NULL, "例: 2024-04", 0);
	add(fs, "period.months", "派遣期間（か月、延長を除く）", FK_INT, NULL, NULL, 0);
	group(fs, "延長（派遣者・派遣元企業等・派遣先の3者の合意による）");
	add(fs, "extension.requested", "延長を求める", FK_CHECK, NULL, NULL, FF_FORM_ONLY);
	add(fs, "extension.months", "延長の期間（か月。空欄なら12）", FK_INT, NULL, NULL, 0);
	add(fs, "extension.agreement.dispatchee", "派遣者の合意", FK_TRI, NULL, NULL, 0);
	add(fs, "extension.agreement.sending_organization", "派遣元企業等の合意", FK_TRI, NULL, NULL, 0);
	add(fs, "extension.agreement.recipient", "派遣先の合意", FK_TRI, NULL, NULL, 0);
	group_end(fs);
	add(fs, "partner_company", "派遣元の企業（協力企業の一覧と照合）", FK_TEXT, NULL, NULL, 0);
	group(fs, "ニーズ（合う協力企業を挙げる）");
	add(fs, "need.text", "ニーズ", FK_TEXT, NULL, "例: DX推進計画の策定", 0);
	add(fs, "need.menu", "型", FK_SELECT, menu_opts, NULL, 0);
	add(fs, "need.industry", "業種（企業派遣型）", FK_TEXT, NULL, "例: 情報サービス", 0);
	group_end(fs);
	for (int i = 0; i < MEASURE_ROWS; i++) {
		group(fs, arena_printf(a, "併用する支援措置 %d", i + 1));
		add(fs, arena_printf(a, "measures[%d].id", i), "支援措置", FK_SELECT, dsp_measure_opts, NULL, 0);
		add(fs, arena_printf(a, "measures[%d].fiscal_year", i), "年度（空欄なら派遣を始める年度）", FK_FY, NULL, i == 0 ? FY_HINT : NULL, 0);
		add(fs, arena_printf(a, "measures[%d].cost_yen", i), "派遣者の年間の経費", FK_YEN, NULL, i == 0 ? YEN_HINT : NULL, 0);
		add(fs, arena_printf(a, "measures[%d].recruitment_cost_yen", i), "募集経費（CIO補佐官等・デジタル人材）", FK_YEN, NULL, NULL, 0);
		add(fs, arena_printf(a, "measures[%d].employment", i), "任用の形（市町村支援のデジタル人材）", FK_SELECT, employment_opts, NULL, 0);
		add(fs, arena_printf(a, "measures[%d].outside_three_metropolitan_areas", i), "三大都市圏外の市町村（地域活性化起業人）", FK_TRI,
		    NULL, NULL, 0);
		group_end(fs);
	}
}

/* ---- the input from the form -------------------------------------------------------------- */

/* The parameter without surrounding spaces (ASCII and U+3000); NULL when empty. */
static const char *value_of(web_request *r, const char *name)
{
	const char *v = page_param(r, name);
	if (v == NULL)
		return NULL;
	for (;;) {
		if (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
			v++;
		else if (strncmp(v, "\xE3\x80\x80", 3) == 0)
			v += 3;
		else
			break;
	}
	size_t n = strlen(v);
	for (;;) {
		if (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r' || v[n - 1] == '\n'))
			n--;
		else if (n >= 3 && strncmp(v + n - 3, "\xE3\x80\x80", 3) == 0)
			n -= 3;
		else
			break;
	}
	return n ? arena_strndup(&r->arena, v, n) : NULL;
}

static bool on(web_request *r, const char *name)
{
	const char *v = page_param(r, name);
	return v && strcmp(v, "1") == 0;
}

/* Sets path ("a.b", "a[2].b") in root to v (stolen); missing objects are created,
 * arrays padded with empty objects so that an index stays the form's row. */
static void set_path(json_t *root, const char *path, json_t *v)
{
	json_t *cur = root;
	const char *p = path;
	while (*p) {
		size_t n = strcspn(p, ".[");
		char key[128];
		if (n == 0 || n >= sizeof key)
			break;
		memcpy(key, p, n);
		key[n] = '\0';
		p += n;
		bool indexed = false;
		size_t idx = 0;
		if (*p == '[') {
			char *end;
			idx = strtoul(p + 1, &end, 10);
			if (*end != ']' || idx > 1000)
				break;
			p = end + 1;
			indexed = true;
		}
		bool last = *p == '\0';
		if (*p == '.')
			p++;
		if (indexed) {
			json_t *arr = json_object_get(cur, key);
			if (!json_is_array(arr)) {
				arr = json_array();
				json_object_set_new(cur, key, arr);
			}
			while (json_array_size(arr) <= idx)
				json_array_append_new(arr, json_object());
			if (last) {
				json_array_set_new(arr, idx, v);
				return;
			}
			cur = json_array_get(arr, idx);
		} else {
			if (last) {
				json_object_set_new(cur, key, v);
				return;
			}
			json_t *child = json_object_get(cur, key);
			if (!json_is_object(child)) {
				child = json_object();
				json_object_set_new(cur, key, child);
			}
			cur = child;
		}
		if (!json_is_object(cur))
			break;
	}
	json_decref(v);
}

static bool all_digits(const char *s)
{
	size_t n = strlen(s);
	return n > 0 && n <= 15 && strspn(s, "0123456789") == n;
}

/* Organization codes separated by ASCII commas/spaces, 、 ， or U+3000. */
static json_t *codes_array(arena *a, const char *s)
{
	json_t *arr = json_array();
	char *copy = arena_strdup(a, s);
	if (copy == NULL)
		return arr;
	for (char *p = copy; *p; p++)
		if (strncmp(p, "\xE3\x80\x81", 3) == 0 || strncmp(p, "\xEF\xBC\x8C", 3) == 0 || strncmp(p, "\xE3\x80\x80", 3) == 0)
			p[0] = p[1] = p[2] = ' ';
	char *save = NULL;
	for (char *t = strtok_r(copy, ", \t\r\n", &save); t; t = strtok_r(NULL, ", \t\r\n", &save))
		json_array_append_new(arr, json_string(t));
	return arr;
}

/* The input object of the fields' values (only what was filled in). */
static json_t *input_from_form(web_request *r, const fields *fs)
{
	json_t *in = json_object();
	for (size_t i = 0; i < fs->n; i++) {
		const field *f = &fs->v[i];
		if (f->name == NULL || (f->flags & FF_FORM_ONLY))
			continue;
		const char *v = value_of(r, f->name);
		json_t *j = NULL;
		switch (f->kind) {
		case FK_TEXT:
		case FK_CODE:
		case FK_YEN:
		case FK_SELECT:
			if (v)
				j = json_string(v);
			break;
		case FK_CODES:
			if (v)
				j = codes_array(&r->arena, v);
			break;
		case FK_INT:
		case FK_FY:
			if (v)
				j = all_digits(v) ? json_integer(strtoll(v, NULL, 10)) : json_string(v);
			break;
		case FK_TRI:
			if (v && (strcmp(v, "true") == 0 || strcmp(v, "false") == 0))
				j = json_boolean(strcmp(v, "true") == 0);
			break;
		case FK_CHECK:
			if (on(r, f->name))
				j = json_true();
			break;
		case FK_GROUP:
		case FK_GROUP_END: break;
		}
		if (j)
			set_path(in, f->name, j);
	}
	return in;
}

/* ---- rendering ------------------------------------------------------------------------------ */

/* The field an input path is about: the field of that name, else the first field
 * under it ("persons" → "persons[0].name"); NULL when none. */
static const field *field_for(const fields *fs, const char *path)
{
	if (path == NULL || path[0] == '\0')
		return NULL;
	size_t n = strlen(path);
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].name && strcmp(fs->v[i].name, path) == 0)
			return &fs->v[i];
	for (size_t i = 0; i < fs->n; i++)
		if (fs->v[i].name && strncmp(fs->v[i].name, path, n) == 0 && (fs->v[i].name[n] == '.' || fs->v[i].name[n] == '['))
			return &fs->v[i];
	return NULL;
}

static const char *const tri_opts[] = { "|未回答", "true|はい", "false|いいえ", NULL };

/* The form; bad (may be NULL) is the decoder's error, shown next to its field. */
static void form_html(web_request *r, const char *action, const fields *fs, const finance_err *bad, const char *button)
{
	buf *b = &r->raw;
	const field *bad_field = bad ? field_for(fs, bad->path) : NULL;
	html_wrap(b, "<form method=\"get\" action=\"", action, "\">");
	bool open = false;
	for (size_t i = 0; i < fs->n; i++) {
		const field *f = &fs->v[i];
		const char *error = f == bad_field ? bad->message : NULL;
		switch (f->kind) {
		case FK_GROUP:
			html_wrap(b, "<fieldset><legend>", f->label, "</legend><div class=\"grid-2\">");
			open = true;
			break;
		case FK_GROUP_END:
			if (open)
				buf_raw(b, "</div></fieldset>");
			open = false;
			break;
		case FK_TRI: page_select(r, f->label, f->name, page_param(r, f->name), tri_opts, error); break;
		case FK_SELECT: page_select(r, f->label, f->name, page_param(r, f->name), f->opts, error); break;
		case FK_CHECK:
			if (error) {
				html_wrap(b, "<p class=\"field-error\">", error, "</p>");
			}
			buf_raw(b, "<div class=\"control\">");
			page_checkbox(r, f->label, f->name, on(r, f->name));
			buf_raw(b, "</div>");
			break;
		case FK_INT:
			page_text_input(r, f->label, f->name, page_param(r, f->name), f->hint, error, "inputmode=\"numeric\"");
			break;
		case FK_TEXT:
		case FK_CODE:
		case FK_CODES:
		case FK_YEN:
		case FK_FY: page_text_input(r, f->label, f->name, page_param(r, f->name), f->hint, error, NULL); break;
		}
	}
	if (open)
		buf_raw(b, "</div></fieldset>");
	html_wrap(b, "<p><button type=\"submit\" name=\"check\" value=\"1\">", button, "</button></p></form>");
}

/* "path: " linked to its field when the form has one. */
static void path_html(buf *b, const fields *fs, const char *path)
{
	if (path == NULL || path[0] == '\0')
		return;
	const field *f = field_for(fs, path);
	if (f) {
		html_wrap(b, "<a href=\"#", f->name, "\">");
		html_text(b, path);
		buf_raw(b, "</a>: ");
	} else {
		html_text(b, path);
		buf_raw(b, ": ");
	}
}

static void bad_input_html(web_request *r, const fields *fs, const finance_err *e)
{
	buf *b = &r->raw;
	buf_raw(b, "<div class=\"notice error\" role=\"alert\" id=\"calc-input-error\"><p>入力に誤りがあります。</p><p>");
	path_html(b, fs, e->path);
	html_text(b, e->message);
	buf_raw(b, "</p></div>");
}

static void banner(buf *b, unsigned st)
{
	if ((st >> FIN_DRAFT) & 1u)
		buf_raw(b, "<p class=\"notice\">【案】令和8年度概算要求（案）の値を使っています。確定した制度ではありません。</p>");
	if ((st >> FIN_REQUESTED) & 1u)
		buf_raw(b, "<p class=\"notice\">【要望中】現在要望中の財政措置の値を使っています。今後内容が変わり得ます。</p>");
}

static const char *mark(fin_status s) { return s == FIN_DRAFT ? "【案】" : s == FIN_REQUESTED ? "【要望中】" : ""; }

/* The seeds' letter-spaced headings ("上 限 １ 億 円") without the spaces, as the CLI
 * prints them: a space next to a non-ASCII character, or between two digits / commas /
 * points, is dropped. */
static bool numeric(char c) { return (c >= '0' && c <= '9') || c == ',' || c == '.'; }
static void quote_html(web_request *r, const char *q)
{
	size_t n = strlen(q);
	char *out = arena_alloc(&r->arena, n + 1);
	if (out == NULL)
		return;
	size_t k = 0;
	for (const char *p = q; *p; p++) {
		if (*p == ' ' && p > q && p[1] != 0 &&
		    ((unsigned char)p[-1] >= 0x80 || (unsigned char)p[1] >= 0x80 || (numeric(p[-1]) && numeric(p[1]))))
			continue;
		out[k++] = *p;
	}
	out[k] = '\0';
	html_text(&r->raw, out);
}

static void heading(buf *b, int level, const char *text)
{
	buf_fmt(b, "<h%d>", level);
	html_text(b, text);
	buf_fmt(b, "</h%d>", level);
}

static void result_marks(web_request *r, void *ctx) { marks(&r->raw, ((const fin_result *)ctx)->statuses); }

static void fact_label_cell(web_request *r, const view_cell *c) { html_text(&r->raw, ((const fin_fact *)c->row)->label); }

static void fact_value_cell(web_request *r, const view_cell *c)
{
	const fin_fact *f = c->row;
	if (f->type == FACT_BOOL)
		buf_raw(&r->raw, f->b ? "はい" : "いいえ");
	else if (f->type == FACT_INT)
		buf_fmt(&r->raw, "%lld", (long long)f->n);
	else if (f->type == FACT_TEXT)
		html_text(&r->raw, f->text);
	else
		buf_raw(&r->raw, "—");
}

/* One fin_result: the figures, facts, diagnostics and trace. idp prefixes the ids
 * (unique per page); level is the level of its headings. */
static void fin_html(web_request *r, const fin_result *res, const fields *fs, const char *idp, int level, bool with_banner)
{
	buf *b = &r->raw;
	if (with_banner)
		banner(b, res->statuses);
	if (res->n_figures > 0) {
		static const view_col fig_cols[] = { { .header = "項目" }, { .header = "金額", .flags = VIEW_NUM } };
		view_table t = { .id = arena_printf(&r->arena, "%sfigures", idp),
				 .caption = "金額",
				 .cols = fig_cols,
				 .n_cols = 2,
				 .ctx = (void *)res,
				 .caption_more = result_marks };
		view_table_begin(r, &t); /* rows by hand: each amount's cell has its id */
		for (size_t i = 0; i < res->n_figures; i++) {
			const fin_figure *f = &res->figures[i];
			html_wrap(b, "<tr><th scope=\"row\">", f->label, "</th><td class=\"num\" id=\"");
			html_attr(b, idp);
			html_wrap(b, "fig-", f->key, "\">");
			if (f->present) {
				view_yen(r, f->yen);
				if (f->approximate)
					buf_raw(b, "程度（概算）");
			} else {
				buf_raw(b, "計算しません");
			}
			buf_raw(b, "</td></tr>");
		}
		view_table_end(r, &t, res->n_figures);
	}
	if (res->n_facts > 0) {
		static const view_col fact_cols[] = { { .flags = VIEW_ROWHEAD, .cell = fact_label_cell }, { .cell = fact_value_cell } };
		static const view_table t = { .caption = "判定・数", .cols = fact_cols, .n_cols = 2, .no_head = true };
		view_table_array(r, &t, res->facts, res->n_facts, sizeof res->facts[0]);
	}
	static const char *const heads[DIAG__MAX] = { "エラー", "警告", "お知らせ" };
	static const char *const classes[DIAG__MAX] = { "error", "warning", "info" };
	for (int s = 0; s < DIAG__MAX; s++) {
		size_t count = diag_count(&res->diags, (diag_severity)s);
		if (count == 0)
			continue;
		buf_fmt(b, "<h%d>", level);
		buf_raw(b, heads[s]);
		buf_fmt(b, "（%zu件）</h%d><ul class=\"diags\">", count, level);
		for (size_t i = 0; i < res->diags.len; i++) {
			const diag *d = &res->diags.items[i];
			if ((int)d->severity != s)
				continue;
			buf_raw(b, "<li class=\"");
			buf_raw(b, classes[s]);
			buf_raw(b, "\">");
			path_html(b, fs, d->path);
			html_text(b, d->message);
			html_wrap(b, " <small>[", d->code, "]</small></li>");
		}
		buf_raw(b, "</ul>");
	}
	if (res->n_trace > 0) {
		heading(b, level, "計算の根拠");
		buf_raw(b, "<ol class=\"trace\">");
		for (size_t i = 0; i < res->n_trace; i++) {
			const fin_step *t = &res->trace[i];
			buf_raw(b, "<li>");
			if (t->status != FIN_FINAL) {
				buf_raw(b, "<strong>");
				buf_raw(b, mark(t->status));
				buf_raw(b, "</strong>");
			}
			html_text(b, t->label);
			if (t->reading)
				buf_raw(b, "（digidenの読み）");
			if (t->quote) {
				html_wrap(b, "<br><small>出典: ", t->source, "「");
				quote_html(r, t->quote);
				buf_raw(b, "」</small>");
			} else if (t->source && strcmp(t->source, "input") == 0) {
				buf_raw(b, "<br><small>入力</small>");
			}
			if (t->note) {
				html_wrap(b, "<br><small>注: ", t->note, "</small>");
			}
			buf_raw(b, "</li>");
		}
		buf_raw(b, "</ol>");
	}
}

/* ---- /calc ---------------------------------------------------------------------------------- */

static const finance_rules *load_rules(web_request *r, bool with_dispatch)
{
	char err[1024];
	const finance_rules *rules = rules_cache_finance(with_dispatch, err, sizeof err);
	if (rules == NULL)
		page_error(r, 500, err);
	return rules;
}

/* What both calculator pages work with: the rules, the form's fields and its error,
 * the decoded input and the result (arena-owned). */
typedef struct calc_state {
	const finance_rules *rules;
	fields *fs;
	finance_err *fe;
	void *in, *res;
} calc_state;

/* The state of a calculator page, its input and result of in_size and res_size
 * bytes; false with the error page written. */
static bool calc_begin(web_request *r, bool with_dispatch, size_t in_size, size_t res_size, calc_state *st)
{
	st->rules = load_rules(r, with_dispatch);
	if (st->rules == NULL)
		return false;
	st->fs = arena_alloc(&r->arena, sizeof *st->fs);
	st->fe = arena_alloc(&r->arena, sizeof *st->fe);
	st->in = arena_alloc(&r->arena, in_size);
	st->res = arena_alloc(&r->arena, res_size);
	if (st->fs == NULL || st->fe == NULL || st->in == NULL || st->res == NULL) {
		page_error(r, 500, "メモリが足りません");
		return false;
	}
	return true;
}

/* After decoding (rc 1: the input is refused, shown on the form with 400) and
 * computing (rc -1: out of memory, the error page oom written, false). */
static bool calc_outcome(web_request *r, int rc, const char *oom, bool *bad, bool *computed)
{
	if (rc < 0) {
		page_error(r, 500, oom);
		return false;
	}
	*bad = rc == 1;
	*computed = rc == 0;
	if (*bad)
		r->status = 400;
	return true;
}

void page_calc_menu(web_request *r)
{
	const finance_rules *rules = load_rules(r, true);
	if (rules == NULL)
		return;
	page_begin(r, "財政措置の計算");
	buf *b = &r->raw;
	buf_raw(b, "<p class=\"lead\">総務省の地域社会DX推進パッケージ、地方債、交付税措置と、デジタル専門人材派遣の判定です。"
		   "額は整数の円で計算し、根拠の資料と文言を示します。");
	html_text(b, rules->mic.title);
	buf_raw(b, "の値を使います。【案】は概算要求（案）の値、【要望中】は要望中の財政措置の値を使う計算です。</p><div class=\"cards\">");
	for (int c = 0; c < FINANCE_CALC__MAX; c++) {
		const char *key = finance_calc_key((finance_calc)c);
		html_wrap(b, "<section class=\"card\"><h2><a href=\"/calc/", key, "\">");
		html_text(b, infos[c].title);
		buf_raw(b, "</a>");
		marks(b, rule_statuses(&rules->mic, infos[c].rule_prefixes));
		html_wrap(b, "</h2><p>", infos[c].summary, "</p></section>");
	}
	unsigned dst = 0;
	for (int i = 0; i < DSPV__MAX; i++)
		dst |= 1u << rules->dsp.v[i].status;
	buf_raw(b, "<section class=\"card\"><h2><a href=\"/dispatch\">デジタル専門人材派遣・地方創生人材支援制度</a>");
	marks(b, dst);
	buf_raw(b, "</h2><p>団体が受けられる派遣の種類、派遣期間と3者の合意による延長、ニーズに合う協力企業、"
		   "併用する支援措置（地域活性化起業人、CIO補佐官等など）の額を確かめます。</p></section></div>");
	page_end(r);
}

void page_calc(web_request *r)
{
	finance_calc c;
	if (!finance_calc_from_key(r->key, &c)) {
		page_error(r, 404, "その計算はありません（/calc に一覧があります）");
		return;
	}
	arena *a = &r->arena;
	calc_state cs;
	if (!calc_begin(r, false, sizeof(finance_input), sizeof(fin_result), &cs))
		return;
	finance_input *in = cs.in;
	fin_result *res = cs.res;
	calc_fields(c, cs.fs, a);
	bool checked = page_param(r, "check") != NULL, bad = false, computed = false;
	if (checked) {
		json_t *doc = input_from_form(r, cs.fs);
		if (c == FINANCE_SUBSIDY && on(r, "applicant.private")) {
			json_t *ap = json_object();
			json_object_set_new(ap, "kind", json_string("private"));
			json_object_set_new(doc, "applicant", ap);
		}
		int rc = finance_decode(c, doc, NULL, a, in, cs.fe) != 0 ? 1 : finance_compute(&cs.rules->mic, &r->svc->cat->orgs, in, a, res) != 0 ? -1 : 0;
		json_decref(doc);
		if (!calc_outcome(r, rc, "計算できませんでした（メモリ不足）", &bad, &computed))
			return;
	}
	page_begin(r, infos[c].title);
	buf *b = &r->raw;
	html_wrap(b, "<p>", infos[c].summary, " ");
	html_text(b, cs.rules->mic.title);
	html_wrap(b, "（", cs.rules->mic.label, "）の値で計算します。");
	unsigned st = rule_statuses(&cs.rules->mic, infos[c].rule_prefixes);
	if (st & ((1u << FIN_DRAFT) | (1u << FIN_REQUESTED)))
		buf_raw(b, "この計算は");
	if ((st >> FIN_DRAFT) & 1u)
		buf_raw(b, "【案】（概算要求（案））");
	if ((st >> FIN_REQUESTED) & 1u)
		buf_raw(b, "【要望中】（要望中の財政措置）");
	if (st & ((1u << FIN_DRAFT) | (1u << FIN_REQUESTED)))
		buf_raw(b, "の値を使います（使った値は結果と根拠に印を付けます）。");
	buf_raw(b, " <a href=\"/calc\">計算の一覧へ</a></p>");
	if (bad)
		bad_input_html(r, cs.fs, cs.fe);
	form_html(r, arena_printf(a, "/calc/%s", finance_calc_key(c)), cs.fs, bad ? cs.fe : NULL, "計算する");
	if (computed) {
		buf_raw(b, "<h2>結果</h2>");
		size_t ne = diag_count(&res->diags, DIAG_ERROR);
		if (ne == 0)
			buf_raw(b, "<p class=\"notice ok\" id=\"calc-verdict\">計算できました（規則のエラーはありません）</p>");
		else
			buf_fmt(b, "<p class=\"notice error\" id=\"calc-verdict\">規則のエラーがあります（%zu件）</p>", ne);
		fin_html(r, res, cs.fs, "", 3, true);
	}
	page_end(r);
}

/* ---- /dispatch ------------------------------------------------------------------------------ */

static void verdict_cell(web_request *r, const view_cell *c) { buf_raw(&r->raw, ((const dsp_verdict *)c->row)->allowed ? "○" : "×"); }

static void verdict_reason_cell(web_request *r, const view_cell *c) { html_text(&r->raw, ((const dsp_verdict *)c->row)->reason); }

static void match_partner_cell(web_request *r, const view_cell *c) { html_text(&r->raw, ((const dsp_match *)c->row)->partner->name); }

static void match_menu_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, dsp_mv(c->ctx, ((const dsp_match *)c->row)->menu, DMF_NAME)->text);
}

static void match_industry_cell(web_request *r, const view_cell *c)
{
	const char *industry = ((const dsp_match *)c->row)->partner->industry;
	html_text(&r->raw, industry ? industry : "—");
}

static void match_reason_cell(web_request *r, const view_cell *c) { html_text(&r->raw, ((const dsp_match *)c->row)->reason); }

static void dispatch_html(web_request *r, const dsp_rules *dr, const dsp_request *req, const dsp_result *res, const fields *fs)
{
	buf *b = &r->raw;
	buf_raw(b, "<h2>判定</h2>");
	if (dsp_ok(res))
		buf_raw(b, "<p class=\"notice ok\" id=\"dispatch-verdict\">エラーはありません</p>");
	else
		buf_raw(b, "<p class=\"notice error\" id=\"dispatch-verdict\">このままでは派遣・支援措置を受けられません（エラーあり）</p>");
	banner(b, dsp_statuses(res));
	bool dl = res->org || req->has_kind || res->period_checked;
	if (dl)
		buf_raw(b, "<dl>");
	if (res->org) {
		html_wrap(b, "<div><dt>派遣先</dt><dd>", res->org->name, "（");
		html_text(b, org_kind_label(res->org->kind));
		html_wrap(b, "、", res->org->code, "）</dd></div>");
	}
	if (req->has_kind) {
		buf_raw(b, "<div><dt>この派遣（");
		html_text(b, dsp_kv(dr, req->kind, DKF_NAME)->text);
		if (req->has_menu) {
			buf_raw(b, "・");
			html_text(b, dsp_mv(dr, req->menu, DMF_NAME)->text);
		}
		buf_raw(b, "）</dt><dd id=\"dispatch-allowed\">");
		buf_raw(b, !res->kind_checked ? "判定できません" : res->allowed ? "派遣できます" : "派遣できません");
		buf_raw(b, "</dd></div>");
	}
	if (req->has_kind && req->kind == DSP_NATIONAL_OFFICIAL) {
		buf_raw(b, "<div><dt>人口（国家公務員: 原則");
		buf_fmt(b, "%lld", (long long)dr->v[DSPV_POPULATION_MAX].n);
		buf_raw(b, "人以下）</dt><dd>");
		if (req->has_population)
			buf_fmt(b, "%lld人", (long long)req->population);
		else
			buf_raw(b, "この画面では分かりません（運用者のデータ）");
		buf_raw(b, "</dd></div>");
	}
	if (res->period_checked) {
		buf_raw(b, "<div><dt>期間</dt><dd id=\"dispatch-period\">");
		buf_fmt(b, "%lldか月", (long long)req->months);
		if (res->extension_allowed)
			buf_fmt(b, " ＋ 延長%lldか月 = %lldか月", (long long)req->extension_months, (long long)res->total_months);
		buf_fmt(b, "（原則 %lld〜%lldか月）: ", (long long)res->min_months, (long long)dsp_kv(dr, req->kind, DKF_PERIOD_MAX)->n);
		buf_raw(b, res->period_ok ? "規定の範囲内" : "規定の範囲外");
		if (res->extension_requested)
			buf_raw(b, res->extension_allowed ? "。延長できます" : "。延長できません");
		buf_raw(b, "</dd></div>");
	}
	if (dl)
		buf_raw(b, "</dl>");
	if (res->n_verdicts > 0) {
		static const view_col cols[] = { { .header = "可否", .cell = verdict_cell }, { .header = "理由", .cell = verdict_reason_cell } };
		static const view_table t = { .id = "dispatch-kinds", .caption = "この団体が受けられる派遣", .cols = cols, .n_cols = 2 };
		view_table_array(r, &t, (void *)res->verdicts, res->n_verdicts, sizeof res->verdicts[0]);
	}
	if (res->matched) {
		static const view_col cols[] = {
			{ .header = "企業", .flags = VIEW_ROWHEAD, .cell = match_partner_cell },
			{ .header = "型", .cell = match_menu_cell },
			{ .header = "業種", .cell = match_industry_cell },
			{ .header = "理由", .cell = match_reason_cell },
		};
		view_table t = { .id = "dispatch-matches",
				 .caption = arena_printf(&r->arena, "ニーズに合う協力企業（%zu社）", res->n_matches),
				 .cols = cols,
				 .n_cols = 4,
				 .ctx = (void *)dr };
		view_table_array(r, &t, (void *)res->matches, res->n_matches, sizeof res->matches[0]);
		html_wrap(b, "<p><small>※", res->match_method, "</small></p>");
	}
	fin_html(r, &res->base, fs, "", 3, false);
	for (size_t i = 0; i < res->n_measures; i++) {
		const dsp_measure_out *m = &res->measures[i];
		html_wrap(b, "<h3>支援措置 ", m->path, ": ");
		html_text(b, m->name);
		buf_raw(b, m->usable ? " — 活用できます" : " — 活用できません");
		marks(b, m->calc.statuses);
		buf_raw(b, "</h3>");
		fin_html(r, &m->calc, fs, arena_printf(&r->arena, "m%zu-", i), 4, true);
	}
}

void page_dispatch_check(web_request *r)
{
	arena *a = &r->arena;
	calc_state cs;
	if (!calc_begin(r, true, sizeof(dsp_request), sizeof(dsp_result), &cs))
		return;
	dsp_request *req = cs.in;
	dsp_result *res = cs.res;
	dispatch_fields(cs.fs, a);
	bool bad = false, computed = false;
	if (page_param(r, "check")) {
		json_t *doc = input_from_form(r, cs.fs);
		if (!on(r, "extension.requested"))
			json_object_del(doc, "extension");
		else if (!json_is_object(json_object_get(doc, "extension")))
			json_object_set_new(doc, "extension", json_object());
		int rc = dispatch_decode(doc, NULL, a, req, cs.fe) != 0 ? 1 : dsp_check(&cs.rules->dsp, &cs.rules->mic, &r->svc->cat->orgs, req, a, res) != 0 ? -1 : 0;
		json_decref(doc);
		if (!calc_outcome(r, rc, "判定できませんでした（メモリ不足）", &bad, &computed))
			return;
	}
	page_begin(r, "デジタル専門人材派遣・地方創生人材支援制度");
	buf *b = &r->raw;
	buf_raw(b, "<p>派遣先の団体が受けられる派遣の種類、派遣期間（延長は派遣者・派遣元企業等・派遣先の3者の合意が必要）、"
		   "ニーズに合う協力企業、併用する支援措置の額を確かめます（");
	html_text(b, cs.rules->dsp.title);
	html_wrap(b, "、", cs.rules->mic.title, "）。国家公務員の派遣先の人口は運用者のデータで、この画面では確かめられません。 <a href=\"/calc\">計算の一覧へ</a></p>");
	if (bad)
		bad_input_html(r, cs.fs, cs.fe);
	form_html(r, "/dispatch", cs.fs, bad ? cs.fe : NULL, "判定する");
	if (computed)
		dispatch_html(r, &cs.rules->dsp, req, res, cs.fs);
	page_end(r);
}

static const page_route routes[] = {
	{ "GET", "/calc", page_calc_menu, 0 },
	{ "GET", "/calc/{key}", page_calc, 0 },
	{ "GET", "/dispatch", page_dispatch_check, 0 },
};

const page_table calc_page_table = { routes, sizeof routes / sizeof routes[0] };
