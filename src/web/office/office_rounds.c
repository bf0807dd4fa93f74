/* office_rounds.c — /office/rounds: every round with its state and deadline, and a
 * form per round to open or close it and move its deadline (entered in JST, kept in
 * UTC). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "office.h"

/* datetime-local "YYYY-MM-DDTHH:MM[:SS]" in JST → "YYYY-MM-DDTHH:MM:SSZ" (UTC). */
static bool jst_local_to_utc(const char *in, char *out, size_t n)
{
	int y, mo, d, h, mi, s = 0, used = 0;
	if (in == NULL)
		return false;
	int got = sscanf(in, "%4d-%2d-%2dT%2d:%2d%n:%2d%n", &y, &mo, &d, &h, &mi, &used, &s, &used);
	if (got < 5 || in[used] != '\0' || y < 1970 || y > 9999)
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s };
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	/* timegm normalises 31 February: a date that does not come back is refused */
	if (back.tm_year != y - 1900 || back.tm_mon != mo - 1 || back.tm_mday != d || back.tm_hour != h || back.tm_min != mi ||
	    back.tm_sec != s)
		return false;
	t -= 9 * 3600;
	gmtime_r(&t, &back);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &back);
	return true;
}

/* UTC ISO → the datetime-local value in JST ("YYYY-MM-DDTHH:MM"), "" when absent. */
static void utc_to_jst_local(const char *iso, char *out, size_t n)
{
	time_t t;
	out[0] = '\0';
	if (!view_parse_utc(iso, &t))
		return;
	t += 9 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M", &tm);
}

static void key_cell(web_request *r, const view_cell *c)
{
	html_wrap(&r->raw, "<code>", view_jstr(c->row, "key"), "</code>");
}

/* The form of round i: the operation, the deadline and, when it was this round's,
 * the error of the last post with the value sent. */
static void round_form(web_request *r, json_t *ro, size_t i, const char *err_msg, const char *err_value, bool has_err)
{
	static const char *const open_ops[] = { "open|受付中のまま締切だけ変更する", "close|受付を終了する", NULL };
	static const char *const closed_ops[] = { "open|受付を開始する", "close|受付終了のまま締切だけ変更する", NULL };
	bool open = strcmp(view_jstr(ro, "status"), "open") == 0;
	view_section_open(r, NULL, 2, view_jstr(ro, "title"));
	buf_raw(&r->raw, "<p>現在: ");
	office_round_status(r, ro);
	buf_raw(&r->raw, "。締切: ");
	office_round_deadline(r, ro);
	buf_raw(&r->raw, "</p>");
	view_form_open(r, "/office/rounds");
	view_hidden(r, "round", view_jstr(ro, "key"));
	view_field op = { .id = arena_printf(&r->arena, "op-%zu", i), .name = "op", .label = "操作", .value = open ? "open" : "close" };
	view_select(r, &op, open ? open_ops : closed_ops);
	char local[32];
	utc_to_jst_local(view_jstr(ro, "deadline"), local, sizeof local);
	view_field dl = { .type = "datetime-local",
			  .id = arena_printf(&r->arena, "deadline-%zu", i),
			  .name = "deadline",
			  .label = "締切（日本時間 JST、UTC+9）",
			  .value = has_err && err_value ? err_value : local,
			  .hint = "日本時間で入力してください。空欄にすると今の締切のままです。",
			  .error = has_err ? err_msg : NULL };
	view_field_write(r, &dl);
	view_submit(r, "この募集回を更新", NULL);
	view_section_close(r);
}

static void rounds_page(web_request *r, const char *err_round, const char *err_msg, const char *err_value)
{
	svc_err e = { 0 };
	json_t *rounds = svc_rounds(r->svc, &e);
	if (rounds == NULL) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	json_t *rarr = json_object_get(rounds, "rounds");
	page_begin(r, "募集回の管理");
	const char *updated = page_param(r, "updated");
	if (err_msg == NULL && updated && updated[0]) {
		json_t *ro = office_find_round(rarr, updated);
		if (ro) {
			char *msg = arena_printf(&r->arena, "「%s」を更新しました。", view_jstr(ro, "title"));
			view_notice_ok(r, msg ? msg : "更新しました。");
		}
	}
	if (err_msg)
		view_notice_error(r, err_msg);
	view_para(r, "受付中の募集回にだけ申請者は提出できます（締切を過ぎると受付中でも提出できません）。"
		     "締切は日本時間（JST、UTC+9）で入力します。保存時に協定世界時（UTC）に変換して記録します。");
	static const view_col cols[] = {
		{ .header = "キー", .cell = key_cell },
		{ .header = "名称", .flags = VIEW_ROWHEAD, .key = "title" },
		{ .header = "年度", .key = "fiscal_year_label" },
		{ .header = "受付", .cell = office_cell_round_status },
		{ .header = "締切（日本時間）", .cell = office_cell_round_deadline },
	};
	static const view_table t = { .caption = "募集回の一覧", .cols = cols, .n_cols = 5 };
	view_table_json(r, &t, rarr);
	size_t i;
	json_t *ro;
	json_array_foreach(rarr, i, ro)
	{
		round_form(r, ro, i, err_msg, err_value, err_round && strcmp(err_round, view_jstr(ro, "key")) == 0);
	}
	page_end(r);
	json_decref(rounds);
}

void page_office_rounds(web_request *r) { rounds_page(r, NULL, NULL, NULL); }

void page_office_rounds_post(web_request *r)
{
	const char *round = page_param(r, "round"), *op = page_param(r, "op"), *deadline = page_param(r, "deadline");
	if (round == NULL || round[0] == '\0') {
		r->status = 400;
		rounds_page(r, NULL, "募集回（round）が指定されていません。", NULL);
		return;
	}
	if (op == NULL || (strcmp(op, "open") != 0 && strcmp(op, "close") != 0)) {
		r->status = 400;
		rounds_page(r, round, "操作は「受付を開始する」か「受付を終了する」を選んでください。", deadline);
		return;
	}
	char utc[32];
	const char *dl = NULL;
	if (deadline && deadline[0]) {
		if (!jst_local_to_utc(deadline, utc, sizeof utc)) {
			r->status = 400;
			rounds_page(r, round, "締切は「年-月-日 時:分」の正しい日時で入力してください（日本時間）。", deadline);
			return;
		}
		dl = utc;
	}
	svc_err e = { 0 };
	if (svc_round_set_open(r->svc, r->user.login, round, strcmp(op, "open") == 0, dl, &e) != 0) {
		page_svc_error(r, &e);
		svc_err_clear(&e);
		return;
	}
	buf loc = { 0 };
	buf_raw(&loc, "/office/rounds?updated=");
	html_url_param(&loc, round);
	page_redirect(r, loc.data ? loc.data : "/office/rounds");
	buf_free(&loc);
}
