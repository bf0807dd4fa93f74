/* office.c — what the office pages share (see office.h) and the route table of the
 * office and reviewer pages. */
#include "office.h"
#include "office_list.h" /* issue 13, part 6 */
#include "users.h" /* issue 13, part 2 */

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The rounds after a first answer *a of the service: true with both, else the error
 * page written, *a released and false. */
static bool with_rounds(web_request *r, json_t **a, json_t **rounds, svc_err *e)
{
	*rounds = *a ? svc_rounds(r->svc, e) : NULL;
	if (*a && *rounds)
		return true;
	page_svc_error(r, e);
	svc_err_clear(e);
	json_decref(*a);
	*a = NULL;
	return false;
}

bool office_load_lists(web_request *r, json_t **list, json_t **rounds)
{
	svc_err e = { 0 };
	*list = svc_app_list(r->svc, &r->user, &e);
	return with_rounds(r, list, rounds, &e);
}

bool office_load_app(web_request *r, json_t **got, json_t **rounds)
{
	svc_err e = { 0 };
	*got = svc_app_get(r->svc, &r->user, r->id, &e);
	return with_rounds(r, got, rounds, &e);
}

json_t *office_find_round(json_t *rounds, const char *round)
{
	size_t i;
	json_t *ro;
	json_array_foreach(rounds, i, ro)
	{
		if (round && strcmp(view_jstr(ro, "key"), round) == 0)
			return ro;
	}
	return NULL;
}

const char *office_round_title(json_t *rounds, const char *round)
{
	json_t *ro = office_find_round(rounds, round);
	return ro ? view_jstr(ro, "title") : (round ? round : "");
}

const char *office_menu_name(json_t *rounds, const char *round, const char *menu)
{
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(office_find_round(rounds, round), "menus"), i, m)
	{
		if (menu && strcmp(view_jstr(m, "id"), menu) == 0)
			return view_jstr(m, "name");
	}
	return menu ? menu : "";
}

const organization *office_org(web_request *r, const char *code)
{
	return code && code[0] ? org_find(&r->svc->cat->orgs, code) : NULL;
}

const char *office_prefecture_name(web_request *r, const char *code)
{
	const organization *o = office_org(r, code);
	const organization *p = o ? org_prefecture_of(&r->svc->cat->orgs, o) : NULL;
	return p ? p->name : "";
}

void office_round_status(web_request *r, json_t *ro)
{
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &tm);
	const char *deadline = view_jstr(ro, "deadline");
	if (strcmp(view_jstr(ro, "status"), "open") == 0) {
		/* ISO times in UTC compare as text */
		if (deadline[0] && strcmp(now, deadline) > 0)
			buf_raw(&r->raw, "受付中（締切を過ぎたため提出できません）");
		else
			buf_raw(&r->raw, "受付中");
	} else
		buf_raw(&r->raw, "受付終了");
}

void office_round_deadline(web_request *r, json_t *ro)
{
	view_time(r, view_jstr(ro, "deadline")[0] ? view_jstr(ro, "deadline") : "なし");
}

void office_cell_round_status(web_request *r, const view_cell *c)
{
	office_round_status(r, c->row);
}

void office_cell_round_deadline(web_request *r, const view_cell *c)
{
	office_round_deadline(r, c->row);
}

void office_filter_select(web_request *r, const char *label, const char *name, const char *value, const char **opts)
{
	buf_raw(&r->raw, "<div>");
	page_select(r, label, name, value, opts, NULL);
	buf_raw(&r->raw, "</div>");
}

const char **office_round_options(web_request *r, json_t *rounds, bool with_all)
{
	const char **opts = arena_alloc(&r->arena, (json_array_size(rounds) + 2) * sizeof *opts);
	size_t k = 0, i;
	json_t *ro;
	if (opts == NULL)
		return NULL;
	if (with_all)
		opts[k++] = "|すべて";
	json_array_foreach(rounds, i, ro)
	{
		opts[k++] = arena_printf(&r->arena, "%s|%s", view_jstr(ro, "key"), view_jstr(ro, "title"));
	}
	opts[k] = NULL;
	return opts;
}

const svc_check_row *office_check_of(web_request *r, office_checks *h, const char *round, int64_t id)
{
	for (size_t i = 0; i < h->n; i++)
		if (strcmp(h->key[i], round) == 0)
			return svc_round_checks_find(h->checks[i], id);
	if (h->n == sizeof h->key / sizeof h->key[0])
		return NULL;
	svc_err e = { 0 };
	svc_round_checks *c = svc_round_checks_get(r->svc, &r->user, round, &e);
	svc_err_clear(&e);
	h->key[h->n] = round;
	h->checks[h->n++] = c; /* NULL when it failed: the rows show no check */
	return svc_round_checks_find(c, id);
}

void office_checks_release(office_checks *h)
{
	for (size_t i = 0; i < h->n; i++)
		svc_round_checks_release(h->checks[i]);
	h->n = 0;
}

void office_app_facts(web_request *r, json_t *got, json_t *rounds)
{
	buf *b = &r->raw;
	const char *round = view_jstr(got, "round"), *menu = view_jstr(got, "menu");
	json_t *org = json_object_get(got, "organization");
	const char *code = view_jstr(org, "code");
	view_dl_open(r);
	view_dt(r, "申請ID");
	buf_fmt(b, "%lld", (long long)json_integer_value(json_object_get(got, "id")));
	view_dd_close(r);
	view_dl_text(r, "募集回", office_round_title(rounds, round), NULL);
	view_dl_text(r, "類型", office_menu_name(rounds, round, menu), NULL);
	view_dt(r, "団体");
	view_text_or(r, view_jstr(org, "name"), code);
	buf_raw(b, "（団体コード ");
	html_text(b, code);
	const char *pref = office_prefecture_name(r, code);
	if (pref[0]) {
		buf_raw(b, "、");
		html_text(b, pref);
	}
	buf_raw(b, "）");
	view_dd_close(r);
	view_dl_text(r, "事業名", view_jstr(got, "title"), NULL);
	view_dt(r, "状態");
	html_wrap(b, "<span class=\"badge\">", page_status_label(view_jstr(got, "status")), "</span>");
	view_dd_close(r);
	view_dt(r, "版");
	buf_fmt(b, "第%lld版", (long long)json_integer_value(json_object_get(got, "version")));
	view_dd_close(r);
	view_dt(r, "更新日時（日本時間）");
	view_time(r, view_jstr(got, "updated_at"));
	view_dd_close(r);
	view_dl_close(r);
}

void office_check_aside(web_request *r, json_t *check, const svc_err *ce)
{
	if (check) {
		page_check_panel(r, check, false);
		return;
	}
	html_wrap(&r->raw, "<aside class=\"estimate\" id=\"estimate\"><h2>判定と国費の見込み</h2><p>判定できませんでした: ", ce->message, "</p></aside>");
}

const struct office_review_point office_review_points[OFFICE_REVIEW_POINTS] = {
	{ "issue_solution", "実装するサービスが地域の課題解決等に資するものである" },
	{ "kpi", "課題や将来像とリンクした、事業の成果を測ることのできるKPIが設定されている" },
	{ "consortium_roles", "官民が連携した推進体制が整っている" },
	{ "running_cost_plan", "交付金対象年度だけでなく、次年度以降の計画・運営方針が具体的" },
	{ "pdca", "PDCAサイクルの体制や手法が具体的" },
	{ "cost_item_detail", "経費項目が詳細" },
};

json_t *office_own_review(web_request *r, json_t *got)
{
	size_t i;
	json_t *rv;
	json_array_foreach(json_object_get(got, "reviews"), i, rv)
	{
		if (strcmp(view_jstr(rv, "reviewer"), r->user.login ? r->user.login : "") == 0)
			return rv;
	}
	return NULL;
}

/* One row of the review table: its header, then one cell per reviewer. */
static void review_row(web_request *r, json_t *reviews, const char *header, size_t point, int what)
{
	buf *b = &r->raw;
	size_t i;
	json_t *rv;
	buf_raw(b, "<tr>");
	view_cell_open(r, VIEW_ROWHEAD);
	if (what == 0)
		buf_fmt(b, "%zu. ", point + 1);
	html_text(b, header);
	view_cell_close(r, VIEW_ROWHEAD);
	json_array_foreach(reviews, i, rv)
	{
		view_cell_open(r, what == 0 ? VIEW_NUM : 0);
		if (what == 0) {
			json_t *s = json_object_get(json_object_get(rv, "scores"), office_review_points[point].key);
			if (json_is_integer(s))
				buf_fmt(b, "%lld / 5", (long long)json_integer_value(s));
			else
				buf_raw(b, "未評価");
		} else if (what == 1) {
			if (view_jstr(rv, "comment")[0])
				view_lines(r, view_jstr(rv, "comment"));
			else
				buf_raw(b, "（なし）");
		} else
			view_time(r, view_jstr(rv, "at"));
		view_cell_close(r, 0);
	}
	buf_raw(b, "</tr>");
}

void office_review_table(web_request *r, json_t *reviews, const char *caption)
{
	size_t i;
	json_t *rv;
	view_table_open(r, NULL, caption);
	view_th(r, "審査のポイント", 0);
	json_array_foreach(reviews, i, rv)
	{
		view_th(r, view_jstr(rv, "reviewer"), VIEW_NUM);
	}
	view_table_body(r);
	for (size_t p = 0; p < OFFICE_REVIEW_POINTS; p++)
		review_row(r, reviews, office_review_points[p].label, p, 0);
	review_row(r, reviews, "コメント", 0, 1);
	review_row(r, reviews, "評価日時（日本時間）", 0, 2);
	view_table_close(r);
}

/* issue 13, part 4: notifications (../notify_page.c) */
void page_notifications(web_request *r);
void page_notifications_post(web_request *r);
/* issue 13, part 3: the applicant's attachment form (applicant/attachments.c) */
void page_app_attachments_post(web_request *r);

static const page_route routes[] = {
	{ .method = "GET", .pattern = "/office", .handler = page_office_home, .flags = PAGE_OFFICE },
	{ .method = "GET", .pattern = "/office/rounds", .handler = page_office_rounds, .flags = PAGE_OFFICE },
	{ .method = "POST", .pattern = "/office/rounds", .handler = page_office_rounds_post, .flags = PAGE_OFFICE | PAGE_FORM },
	{ .method = "GET", .pattern = "/office/applications", .handler = page_office_apps, .flags = PAGE_OFFICE },
	{ .method = "GET", .pattern = "/office/applications/{id}", .handler = page_office_app, .flags = PAGE_OFFICE },
	/* issue 13, part 6: downloads of the filtered list and bulk actions */
	{ .method = "GET", .pattern = "/office/applications.csv", .handler = page_office_apps_csv, .flags = PAGE_OFFICE },
	{ .method = "GET", .pattern = "/office/applications.xlsx", .handler = page_office_apps_xlsx, .flags = PAGE_OFFICE },
	{ .method = "POST", .pattern = "/office/applications/bulk", .handler = page_office_apps_bulk, .flags = PAGE_OFFICE | PAGE_FORM },
	{ .method = "GET", .pattern = "/office/limits", .handler = page_office_limits, .flags = PAGE_OFFICE },
	{ .method = "GET", .pattern = "/office/users", .handler = page_office_users, .flags = PAGE_OFFICE },
	{ .method = "POST", .pattern = "/office/users", .handler = page_office_users_post, .flags = PAGE_OFFICE | PAGE_FORM },
	{ .method = "GET", .pattern = "/review", .handler = page_review_list, .flags = PAGE_REVIEWER },
	{ .method = "GET", .pattern = "/review/{id}", .handler = page_review_app, .flags = PAGE_REVIEWER },
	/* issue 13, part 4: notifications, for every logged-in user */
	{ .method = "GET", .pattern = "/notifications", .handler = page_notifications, .flags = PAGE_LOGIN },
	{ .method = "POST", .pattern = "/notifications", .handler = page_notifications_post, .flags = PAGE_LOGIN | PAGE_FORM },
	/* issue 13, part 3: a multipart form (its csrf part is checked by the handler) */
	{ .method = "POST", .pattern = "/applications/{id}/attachments", .handler = page_app_attachments_post, .flags = PAGE_APPLICANT },
	/* issue 13, part 2: one account, and the password reset form (anyone with a token) */
	{ .method = "GET", .pattern = "/office/users/{id}", .handler = page_office_user, .flags = PAGE_OFFICE },
	{ .method = "POST", .pattern = "/office/users/{id}", .handler = page_office_user_post, .flags = PAGE_OFFICE | PAGE_FORM },
	{ .method = "GET", .pattern = "/password-reset", .handler = page_password_reset, .flags = 0 },
	{ .method = "POST", .pattern = "/password-reset", .handler = page_password_reset_post, .flags = PAGE_FORM },
};
const page_table office_page_table = { routes, sizeof routes / sizeof routes[0] };
