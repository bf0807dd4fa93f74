/* editor.c — /applications/new and /applications/{id}/edit: the application form
 * (every part of the format; beside it the rules engine's result, live with
 * static/app.js and on every save without it). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/application.h"
#include "../../core/fiscal.h"
#include "../form.h"
#include "../pages.h"

/* The value at path as text for an input ("" when absent). */
static const char *text_at(web_request *r, json_t *app, const char *path)
{
	json_t *v = app ? json_path_get(app, path) : NULL;
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return arena_printf(&r->arena, "%g", json_real_value(v));
	return "";
}

static size_t count_at(json_t *app, const char *path)
{
	json_t *v = app ? json_path_get(app, path) : NULL;
	return json_is_array(v) ? json_array_size(v) : 0;
}

static bool bool_at(json_t *app, const char *path)
{
	json_t *v = app ? json_path_get(app, path) : NULL;
	return json_is_true(v);
}

/* A text input named by path whose error comes from the check result. */
static void input(web_request *r, json_t *app, json_t *check, const char *label, const char *path, const char *hint)
{
	page_text_input(r, label, path, text_at(r, app, path), hint, page_check_message(check, path), NULL);
}

static void section_open(web_request *r, const char *id, const char *legend, json_t *check)
{
	html_wrap(&r->raw, "<fieldset id=\"", id, "\"><legend>");
	html_text(&r->raw, legend);
	buf_raw(&r->raw, "</legend>");
	const char *msg = page_check_message(check, id);
	if (msg) {
		html_wrap(&r->raw, "<p class=\"field-error\">", msg, "</p>");
	}
}

static const char *p(web_request *r, const char *fmt, size_t i, size_t j)
{
	return arena_printf(&r->arena, fmt, i, j);
}

#define AMOUNT_HINT "円のほか「1,200万円」「179,293千円」「1億円」の書き方もできます"

static void editor_fields(web_request *r, json_t *app, json_t *check, const char *round_key, bool is_new)
{
	buf *b = &r->raw;
	const rule_set *rs = rules_find(&r->svc->cat->rules, round_key);

	section_open(r, "basic", "基本情報", check);
	if (is_new) {
		const char *const *opts;
		size_t n = r->svc->cat->rules.len;
		const char **o = arena_alloc(&r->arena, (n + 1) * sizeof *o);
		for (size_t i = 0; i < n; i++)
			o[i] = arena_printf(&r->arena, "%s|%s", r->svc->cat->rules.sets[i]->id, r->svc->cat->rules.sets[i]->title);
		opts = o;
		page_select(r, "募集回", "round", round_key, opts, page_check_message(check, "round"));
	} else {
		html_wrap(b, "<input type=\"hidden\" name=\"round\" value=\"", round_key, "\"><p>募集回: ");
		html_text(b, rs ? rs->title : round_key);
		buf_raw(b, "</p>");
	}
	if (rs) {
		const char **menus = arena_alloc(&r->arena, (rs->n_menus + 1) * sizeof *menus);
		for (size_t i = 0; i < rs->n_menus; i++)
			menus[i] = arena_printf(&r->arena, "%s|%s", rs->menus[i].id, rs->menus[i].name);
		page_select(r, "類型（メニュー）", "menu", text_at(r, app, "menu"), menus, page_check_message(check, "menu"));
	} else {
		input(r, app, check, "類型（メニュー）", "menu", NULL);
	}
	html_wrap(b, "<input type=\"hidden\" name=\"applicant.code\" value=\"", r->user.organization ? r->user.organization : "", "\">");
	input(r, app, check, "事業名", "title", NULL);
	buf_raw(b, "<fieldset id=\"fields\"><legend>事業分野（複数可。最初に選んだものが主な分野）</legend>");
	static const char *const field_keys[] = { "administration", "resident_services", "education", "culture_sports",
						  "medical_welfare", "childcare", "transport_logistics", "disaster_infrastructure",
						  "agriculture", "industry", "tourism", "other" };
	json_t *fields = app ? json_object_get(app, "fields") : NULL;
	for (size_t i = 0; i < sizeof field_keys / sizeof field_keys[0]; i++) {
		bool on = false;
		size_t k;
		json_t *f;
		json_array_foreach(fields, k, f)
		on = on || (json_is_string(f) && strcmp(json_string_value(f), field_keys[i]) == 0);
		buf_fmt(b, "<label class=\"inline\"><input type=\"checkbox\" name=\"fields\" id=\"fields-%zu\" value=\"%s\"%s>", i,
			field_keys[i], on ? " checked" : "");
		html_text(b, field_label(field_keys[i]));
		buf_raw(b, "</label>");
	}
	buf_raw(b, "</fieldset>");
	page_textarea(r, "事業概要（解決したい地域の課題と事業効果）", "summary", text_at(r, app, "summary"),
		      page_check_message(check, "summary"));
	buf_raw(b, "</fieldset>");

	section_open(r, "services", "実装するサービスと経費", check);
	size_t ns = count_at(app, "services");
	for (size_t i = 0; i <= ns; i++) {
		buf_fmt(b, "<div class=\"row-group\"><h3>サービス %zu%s</h3><div class=\"grid-2\">", i + 1, i == ns ? "（追加する場合）" : "");
		input(r, app, check, "サービス名", p(r, "services[%zu].name", i, 0), NULL);
		input(r, app, check, "優良モデル等", p(r, "services[%zu].model", i, 0), NULL);
		input(r, app, check, "対象者", p(r, "services[%zu].target", i, 0), NULL);
		input(r, app, check, "対象地域", p(r, "services[%zu].area", i, 0), NULL);
		buf_raw(b, "</div>");
		size_t nc = count_at(app, p(r, "services[%zu].cost_items", i, 0));
		for (size_t j = 0; j < nc + (i == ns ? 1 : 2); j++) {
			buf_fmt(b, "<div class=\"grid-2\" id=\"services[%zu].cost_items[%zu]\">", i, j);
			input(r, app, check, arena_printf(&r->arena, "経費%zu 区分（委託料・備品購入費など）", j + 1),
			      p(r, "services[%zu].cost_items[%zu].category", i, j), NULL);
			input(r, app, check, arena_printf(&r->arena, "経費%zu 内容", j + 1), p(r, "services[%zu].cost_items[%zu].description", i, j),
			      NULL);
			input(r, app, check, arena_printf(&r->arena, "経費%zu 金額", j + 1), p(r, "services[%zu].cost_items[%zu].amount_yen", i, j),
			      AMOUNT_HINT);
			const char *ep = p(r, "services[%zu].cost_items[%zu].eligible", i, j);
			json_t *ev = app ? json_path_get(app, ep) : NULL;
			page_checkbox(r, "交付対象経費", ep, ev == NULL || json_is_true(ev));
			buf_raw(b, "</div>");
		}
		buf_raw(b, "</div>");
	}
	buf_raw(b, "<p class=\"hint\">保存すると、サービスと経費の入力欄が1つずつ増えます。</p></fieldset>");

	section_open(r, "kpis", "KPI（成果指標）", check);
	size_t nk = count_at(app, "kpis");
	for (size_t i = 0; i <= nk; i++) {
		buf_fmt(b, "<div class=\"row-group\" id=\"kpis[%zu]\"><div class=\"grid-2\">", i);
		input(r, app, check, "KPI名", p(r, "kpis[%zu].name", i, 0), NULL);
		input(r, app, check, "単位", p(r, "kpis[%zu].unit", i, 0), NULL);
		input(r, app, check, "基準年度（西暦）", p(r, "kpis[%zu].baseline.fiscal_year", i, 0), NULL);
		input(r, app, check, "基準値", p(r, "kpis[%zu].baseline.value", i, 0), NULL);
		for (size_t t = 0; t < 2; t++) {
			input(r, app, check, arena_printf(&r->arena, "目標年度%zu（西暦）", t + 1), p(r, "kpis[%zu].targets[%zu].fiscal_year", i, t), NULL);
			input(r, app, check, arena_printf(&r->arena, "目標値%zu", t + 1), p(r, "kpis[%zu].targets[%zu].value", i, t), NULL);
		}
		buf_raw(b, "</div>");
		const char *bm = page_check_message(check, p(r, "kpis[%zu].baseline", i, 0)),
			   *tm = page_check_message(check, p(r, "kpis[%zu].targets", i, 0));
		if (bm || tm) {
			buf_fmt(b, "<p class=\"field-error\" id=\"kpis[%zu].baseline\">", i);
			html_text(b, bm ? bm : tm);
			buf_raw(b, "</p>");
		}
		buf_raw(b, "</div>");
	}
	buf_raw(b, "</fieldset>");

	section_open(r, "consortium", "推進体制（コンソーシアム等）", check);
	static const char *const kinds[] = { "|（選択）", "private|民間事業者", "public|行政機関", "university|大学・研究機関",
					     "npo|NPO・団体", "other|その他", NULL };
	size_t nm = count_at(app, "consortium");
	for (size_t i = 0; i <= nm; i++) {
		buf_raw(b, "<div class=\"grid-2\">");
		input(r, app, check, arena_printf(&r->arena, "構成員%zu 名称", i + 1), p(r, "consortium[%zu].name", i, 0), NULL);
		page_select(r, arena_printf(&r->arena, "構成員%zu 種類", i + 1), p(r, "consortium[%zu].kind", i, 0),
			    text_at(r, app, p(r, "consortium[%zu].kind", i, 0)), kinds, NULL);
		input(r, app, check, arena_printf(&r->arena, "構成員%zu 役割", i + 1), p(r, "consortium[%zu].role", i, 0), NULL);
		buf_raw(b, "</div>");
	}
	buf_raw(b, "</fieldset>");

	section_open(r, "running_costs", "交付対象年度の後の運営（ランニングコストと財源）", check);
	size_t nr = count_at(app, "running_costs");
	for (size_t i = 0; i <= nr; i++) {
		buf_raw(b, "<div class=\"grid-2\">");
		input(r, app, check, "年度（西暦）", p(r, "running_costs[%zu].fiscal_year", i, 0), NULL);
		input(r, app, check, "金額", p(r, "running_costs[%zu].amount_yen", i, 0), AMOUNT_HINT);
		input(r, app, check, "財源", p(r, "running_costs[%zu].source", i, 0), NULL);
		buf_raw(b, "</div>");
	}
	buf_raw(b, "</fieldset>");

	section_open(r, "pdca", "PDCA（効果検証の体制と方法）", check);
	input(r, app, check, "頻度", "pdca.frequency", NULL);
	input(r, app, check, "方法（アンケート等）", "pdca.method", NULL);
	page_checkbox(r, "外部評価を行う", "pdca.external_evaluation", bool_at(app, "pdca.external_evaluation"));
	buf_raw(b, "</fieldset>");

	section_open(r, "data_platform", "データ連携基盤（TYPE2/3）", check);
	static const char *const policies[] = { "|（該当なし）", "existing_open|整備済みのオープンなデータ連携基盤をそのまま活用",
						"existing_open_with_broker|整備済みの基盤にデジタル庁提供のブローカー機能を活用",
						"new_with_broker|ブローカー機能を活用し新しく整備",
						"new_without_broker|ブローカー機能を使わずに新しく整備", NULL };
	page_select(r, "整備方針", "data_platform.policy", text_at(r, app, "data_platform.policy"), policies,
		    page_check_message(check, "data_platform.policy"));
	json_t *linked = app ? json_path_get(app, "data_platform.services_linked") : NULL;
	char *lt = arena_strdup(&r->arena, "");
	size_t k;
	json_t *v;
	json_array_foreach(linked, k, v)
	lt = arena_printf(&r->arena, "%s%s%s", lt, k ? "\n" : "", json_string_value(v) ? json_string_value(v) : "");
	page_textarea(r, "連携するサービス（1行に1つ）", "data_platform.services_linked", lt, NULL);
	buf_raw(b, "</fieldset>");

	section_open(r, "mynumber_card", "マイナンバーカード（TYPE3・横展開型）", check);
	json_t *uses = app ? json_path_get(app, "mynumber_card.new_uses") : NULL;
	char *ut = arena_strdup(&r->arena, "");
	json_array_foreach(uses, k, v)
	ut = arena_printf(&r->arena, "%s%s%s", ut, k ? "\n" : "", json_string_value(v) ? json_string_value(v) : "");
	page_textarea(r, "カードの新たな用途（1行に1つ）", "mynumber_card.new_uses", ut, page_check_message(check, "mynumber_card.new_uses"));
	input(r, app, check, "マイナンバーカード申請率（小数、例 0.72）", "mynumber_card.application_rate", NULL);
	input(r, app, check, "申請率の基準日（YYYY-MM-DD）", "mynumber_card.rate_as_of", "横展開型は2023-01-31時点の値");
	buf_raw(b, "</fieldset>");

	section_open(r, "telework", "地方創生テレワーク型の施設・経費", check);
	static const char *const fkinds[] = { "|（選択）", "municipal|① 自治体運営施設の整備", "private_support|② 民間運営施設の開設支援",
					      "existing_expansion|③ 既存施設の拡充・活用促進", NULL };
	size_t nf = count_at(app, "telework.facilities");
	for (size_t i = 0; i <= nf && i < 4; i++) {
		buf_raw(b, "<div class=\"grid-2\">");
		page_select(r, arena_printf(&r->arena, "施設%zu 種類", i + 1), p(r, "telework.facilities[%zu].kind", i, 0),
			    text_at(r, app, p(r, "telework.facilities[%zu].kind", i, 0)), fkinds, NULL);
		input(r, app, check, arena_printf(&r->arena, "施設%zu 名称", i + 1), p(r, "telework.facilities[%zu].name", i, 0), NULL);
		input(r, app, check, arena_printf(&r->arena, "施設%zu 事業費", i + 1), p(r, "telework.facilities[%zu].cost_yen", i, 0), AMOUNT_HINT);
		buf_raw(b, "</div>");
	}
	input(r, app, check, "利活用促進の事業費", "telework.promotion_cost_yen", AMOUNT_HINT);
	size_t nco = count_at(app, "telework.companies");
	for (size_t i = 0; i <= nco; i++) {
		buf_raw(b, "<div class=\"grid-2\">");
		input(r, app, check, arena_printf(&r->arena, "進出企業%zu 名称", i + 1), p(r, "telework.companies[%zu].name", i, 0), NULL);
		input(r, app, check, arena_printf(&r->arena, "進出企業%zu 支援金", i + 1), p(r, "telework.companies[%zu].support_yen", i, 0), AMOUNT_HINT);
		buf_raw(b, "</div>");
	}
	size_t nsp = count_at(app, "telework.settlement_projects");
	for (size_t i = 0; i <= nsp; i++) {
		buf_raw(b, "<div class=\"grid-2\">");
		input(r, app, check, arena_printf(&r->arena, "定着・地域活性化事業%zu 名称", i + 1), p(r, "telework.settlement_projects[%zu].name", i, 0), NULL);
		input(r, app, check, arena_printf(&r->arena, "定着・地域活性化事業%zu 事業費", i + 1),
		      p(r, "telework.settlement_projects[%zu].cost_yen", i, 0), AMOUNT_HINT);
		buf_raw(b, "</div>");
	}
	buf_raw(b, "</fieldset>");

	section_open(r, "declarations", "対象外事業の確認（当てはまるものにチェック）", check);
	buf_raw(b, "<p class=\"hint\">当てはまる項目がある事業は交付対象外です（000_23c807c41fd90cd5.txt 「以下の事業は交付金の主旨に合致せず、交付対象外となります」）。</p>");
	static const char *const decl[][2] = {
		{ "primary_purpose_staff_efficiency", "自治体職員の業務効率化が主目的で、住民に裨益しない" },
		{ "demonstration_only", "年度内は実証実験に止まり、次年度以降に実装する" },
		{ "multi_year_build", "システムの構築が複数年度にわたり、年度内に実装できない" },
		{ "one_off_event", "単年度限りの取組や年1回程度の単発のイベント" },
		{ "ict_purchase_subsidy_without_service", "対象サービスを特定しないICT機器購入の補助金" },
		{ "smartphone_class_or_staffing", "スマホ教室や人材派遣が主目的" },
		{ "wifi_or_devices_primary", "Wi-Fi整備・PC等端末購入が主目的" },
	};
	for (size_t i = 0; i < sizeof decl / sizeof decl[0]; i++) {
		const char *path = arena_printf(&r->arena, "declarations.%s", decl[i][0]);
		page_checkbox(r, decl[i][1], path, bool_at(app, path));
		const char *msg = page_check_message(check, path);
		if (msg) {
			html_wrap(b, "<p class=\"field-error\">", msg, "</p>");
		}
	}
	buf_raw(b, "</fieldset>");
}

/* The editor page: form on the left, the check result on the right. */
static void editor(web_request *r, json_t *app, json_t *check, const char *notice)
{
	bool is_new = r->id == 0;
	const char *round_key = text_at(r, app, "round");
	if (!round_key[0])
		round_key = "digital-implementation/fy2022-supp";
	page_begin(r, is_new ? "実施計画書の作成" : "実施計画書の編集");
	buf *b = &r->raw;
	if (notice)
		view_notice_ok(r, notice);
	buf_raw(b, "<div class=\"layout-editor\"><div>");
	if (is_new)
		buf_raw(b, "<form method=\"post\" action=\"/applications/new\" id=\"application-form\" novalidate>");
	else
		buf_fmt(b, "<form method=\"post\" action=\"/applications/%lld/edit\" id=\"application-form\" novalidate>", (long long)r->id);
	page_csrf_field(r);
	editor_fields(r, app, check, round_key, is_new);
	buf_raw(b, "<p><button type=\"submit\" id=\"save\">保存して判定する</button>");
	if (!is_new)
		buf_fmt(b, " <a class=\"button secondary\" href=\"/applications/%lld\">申請の状況へ</a>", (long long)r->id);
	buf_raw(b, "</p></form></div>");
	page_check_panel(r, check, true);
	buf_raw(b, "</div><script src=\"/static/app.js\"></script>");
	page_end(r);
}

void page_app_new(web_request *r)
{
	json_t *app = json_object();
	const char *menu = page_param(r, "menu"), *round = page_param(r, "round");
	json_object_set_new(app, "round", json_string(round ? round : "digital-implementation/fy2022-supp"));
	if (menu)
		json_object_set_new(app, "menu", json_string(menu));
	const char *title = page_param(r, "title"), *summary = page_param(r, "summary");
	if (title)
		json_object_set_new(app, "title", json_string(title));
	if (summary)
		json_object_set_new(app, "summary", json_string(summary));
	editor(r, app, NULL, NULL);
	json_decref(app);
}

static json_t *app_from_form(web_request *r)
{
	return form_to_application(r->form, r->n_form);
}

/* After a create or an update (out the service's answer, NULL on error): to the
 * saved form, or the form again with the check beside it (400), or the error page.
 * Releases out and app and clears e. */
static void after_save(web_request *r, json_t *app, json_t *out, svc_err *e, long long id)
{
	if (out) {
		page_redirect(r, arena_printf(&r->arena, "/applications/%lld/edit?saved=1", id));
	} else if (e->status == 400) {
		r->status = 400;
		json_t *check = svc_check_body(r->svc, app, e);
		editor(r, app, check, NULL);
		json_decref(check);
	} else {
		page_svc_error(r, e);
	}
	json_decref(out);
	json_decref(app);
	svc_err_clear(e);
}

void page_app_create(web_request *r)
{
	json_t *app = app_from_form(r);
	svc_err e = { 0 };
	json_t *out = svc_app_create(r->svc, &r->user, app, &e);
	after_save(r, app, out, &e, out ? (long long)json_integer_value(json_object_get(out, "id")) : 0);
}

void page_app_edit(web_request *r)
{
	json_t *got = page_app_or_error(r);
	if (got == NULL)
		return;
	svc_err e = { 0 };
	const char *status = json_string_value(json_object_get(got, "status"));
	if (strcmp(status, "draft") != 0 && strcmp(status, "consultation") != 0) {
		page_error(r, 409, "提出後の申請書は編集できません");
		json_decref(got);
		return;
	}
	json_t *app = json_object_get(got, "application");
	json_t *check = svc_check_body(r->svc, app, &e);
	const char *saved = page_param(r, "saved");
	editor(r, app, check, saved ? arena_printf(&r->arena, "保存しました（版 %lld）", (long long)json_integer_value(json_object_get(got, "version"))) : NULL);
	json_decref(check);
	json_decref(got);
	svc_err_clear(&e);
}

void page_app_save(web_request *r)
{
	json_t *app = app_from_form(r);
	svc_err e = { 0 };
	json_t *out = svc_app_update(r->svc, &r->user, r->id, app, &e);
	after_save(r, app, out, &e, (long long)r->id);
}

