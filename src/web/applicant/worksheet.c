/* worksheet.c — 課題分析ワークシート: the issues of each department with their
 * causes and the three scores of the seed (裨益性, 深刻度, コスト), ordered the way the
 * user chooses (the seed states no formula, and the page says so), exported to XLSX,
 * and the top issue turned into a draft TYPE1 plan. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "../../core/worksheet.h"
#include "../../io/sheet.h"
#include "../pages.h"

#define WS_MAX_ROWS 60

static int score_param(web_request *r, const char *name)
{
	const char *v = page_param(r, name);
	return v && v[0] >= '1' && v[0] <= '3' && v[1] == '\0' ? v[0] - '0' : 0;
}

static int int_param(web_request *r, const char *name, int def, int lo, int hi)
{
	const char *v = page_param(r, name);
	if (v == NULL || v[0] == '\0')
		return def;
	char *end;
	long x = strtol(v, &end, 10);
	return *end == '\0' && x >= lo && x <= hi ? (int)x : def;
}

/* Reads rows[i].* from the form; returns the number of non-empty rows. */
static size_t read_rows(web_request *r, ws_issue *rows)
{
	size_t n = 0;
	for (size_t i = 0; i < WS_MAX_ROWS; i++) {
		char k[64];
		const char *dep, *issue, *causes;
		snprintf(k, sizeof k, "rows[%zu].department", i);
		dep = page_param(r, k);
		snprintf(k, sizeof k, "rows[%zu].issue", i);
		issue = page_param(r, k);
		snprintf(k, sizeof k, "rows[%zu].causes", i);
		causes = page_param(r, k);
		if ((dep == NULL || !dep[0]) && (issue == NULL || !issue[0]))
			continue;
		ws_issue *x = &rows[n++];
		x->department = dep ? dep : "";
		x->issue = issue ? issue : "";
		x->causes = causes ? causes : "";
		snprintf(k, sizeof k, "rows[%zu].benefit", i);
		x->benefit = score_param(r, k);
		snprintf(k, sizeof k, "rows[%zu].severity", i);
		x->severity = score_param(r, k);
		snprintf(k, sizeof k, "rows[%zu].cost", i);
		x->cost = score_param(r, k);
	}
	return n;
}

static void read_ordering(web_request *r, ws_ordering *o)
{
	*o = (ws_ordering){ .order = WS_ORDER_SUM, .w_benefit = 1, .w_severity = 1, .w_cost = 1, .axes = { 0, 1, 2 } };
	const char *order = page_param(r, "order");
	if (order)
		(void)ws_order_from_key(order, &o->order);
	o->w_benefit = int_param(r, "w_benefit", 1, 0, 10);
	o->w_severity = int_param(r, "w_severity", 1, 0, 10);
	o->w_cost = int_param(r, "w_cost", 1, 0, 10);
	o->axes[0] = int_param(r, "axis1", 0, 0, 2);
	o->axes[1] = int_param(r, "axis2", 1, 0, 2);
	o->axes[2] = int_param(r, "axis3", 2, 0, 2);
}

static const char *const score_opts[] = { "|—", "1|1", "2|2", "3|3", NULL };
static const char *const axis_opts[] = { "0|裨益性", "1|深刻度", "2|コスト（安いほど高い点）", NULL };

static void score_select(web_request *r, const char *label, size_t i, const char *key, int value)
{
	char path[64], v[4];
	snprintf(path, sizeof path, "rows[%zu].%s", i, key);
	snprintf(v, sizeof v, "%d", value);
	page_select(r, label, path, value ? v : "", score_opts, NULL);
}

/* Writes the ranked worksheet as XLSX into r->raw. */
static void export_xlsx(web_request *r, const ws_issue *rows, size_t n, const size_t *rank, const long *score)
{
	char path[] = "/tmp/digiden-worksheet-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		page_error(r, 500, "一時ファイルを作れません");
		return;
	}
	close(fd);
	lxw_workbook *wb = workbook_new(path);
	lxw_worksheet *ws = wb ? workbook_add_worksheet(wb, "課題分析ワークシート") : NULL;
	if (ws == NULL) {
		unlink(path);
		page_error(r, 500, "XLSX を作れません");
		return;
	}
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	static const char *const headers[] = { "優先順位", "分野（原課）", "課題", "原因", "裨益性", "深刻度", "コスト（安いほど高い点）", "点数" };
	for (int c = 0; c < 8; c++)
		sheet_write_text(ws, 0, (lxw_col_t)c, headers[c], head);
	worksheet_set_column(ws, 1, 3, 30, NULL);
	for (size_t k = 0; k < n; k++) {
		const ws_issue *x = &rows[rank[k]];
		lxw_row_t y = (lxw_row_t)(k + 1);
		worksheet_write_number(ws, y, 0, (double)(k + 1), NULL);
		sheet_write_text(ws, y, 1, x->department, NULL);
		sheet_write_text(ws, y, 2, x->issue, NULL);
		sheet_write_text(ws, y, 3, x->causes, NULL);
		worksheet_write_number(ws, y, 4, x->benefit, NULL);
		worksheet_write_number(ws, y, 5, x->severity, NULL);
		worksheet_write_number(ws, y, 6, x->cost, NULL);
		worksheet_write_number(ws, y, 7, (double)score[rank[k]], NULL);
	}
	sheet_write_text(ws, (lxw_row_t)(n + 2), 0,
			       "点数の付け方と優先順位の決め方は資料（000_23c807c41fd90cd5.txt）に記載がなく、利用者が選んだ方法によります。", NULL);
	if (workbook_close(wb) != LXW_NO_ERROR) {
		unlink(path);
		page_error(r, 500, "XLSX を書き出せません");
		return;
	}
	(void)buf_file(&r->raw, path);
	unlink(path);
	r->raw_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(r->disposition, sizeof r->disposition, "attachment; filename=\"worksheet.xlsx\"");
}

/* ---- the issues in their order: each row is a position in rank ---- */

typedef struct rank_ctx {
	const ws_issue *rows;
	const size_t *rank;
	const long *score;
	ws_order order;
} rank_ctx;

static const ws_issue *issue_of(const view_cell *c)
{
	const rank_ctx *x = c->ctx;
	return &x->rows[*(const size_t *)c->row];
}

static void rank_cell(web_request *r, const view_cell *c)
{
	const rank_ctx *x = c->ctx;
	buf_fmt(&r->raw, "%zu", (size_t)((const size_t *)c->row - x->rank) + 1);
}

/* tag 0: 分野, 1: 課題, 2: 原因 */
static void text_cell(web_request *r, const view_cell *c)
{
	const ws_issue *x = issue_of(c);
	html_text(&r->raw, c->col->tag == 0 ? x->department : c->col->tag == 1 ? x->issue : x->causes);
}

/* tag 0: 裨益性, 1: 深刻度, 2: コスト */
static void point_cell(web_request *r, const view_cell *c)
{
	const ws_issue *x = issue_of(c);
	buf_fmt(&r->raw, "%d", c->col->tag == 0 ? x->benefit : c->col->tag == 1 ? x->severity : x->cost);
}

static void score_cell(web_request *r, const view_cell *c)
{
	const rank_ctx *x = c->ctx;
	if (x->order == WS_ORDER_LEXICOGRAPHIC)
		buf_raw(&r->raw, "—"); /* ordered by the points in turn: no single score */
	else
		buf_fmt(&r->raw, "%ld", x->score[*(const size_t *)c->row]);
}

void page_worksheet(web_request *r)
{
	ws_issue rows[WS_MAX_ROWS] = { 0 };
	size_t n = read_rows(r, rows), rank[WS_MAX_ROWS];
	long score[WS_MAX_ROWS];
	ws_ordering o;
	read_ordering(r, &o);
	worksheet_rank(rows, n, &o, rank, score);
	const char *op = page_param(r, "_op");
	if (op && strcmp(op, "export") == 0 && n > 0) {
		export_xlsx(r, rows, n, rank, score);
		return;
	}
	page_begin(r, "課題分析ワークシート");
	buf *b = &r->raw;
	buf_raw(b, "<p>各課へのヒアリングで洗い出した地域課題ごとに、原因と、住民への裨益性・深刻度・コストの点数（1〜3）を入れます"
		   "（000_23c807c41fd90cd5.txt 「洗い出したそれぞれの地域課題ごとに、住民への裨益性や深刻度などの観点からスコア付け」）。</p>"
		   "<div class=\"notice\"><p>資料には点数の尺度・重み・優先順位の決め方が書かれていません。下の「並べ方」で方法を選んでください"
		   "（資料の例ではコストは 3 が「安い」、1 が「高い」です）。</p></div>");
	if (n > 0) {
		view_heading(r, 2, "優先順位");
		static const view_col cols[] = {
			{ .header = "順位", .flags = VIEW_NUM_CELLS, .cell = rank_cell },
			{ .header = "分野（原課）", .cell = text_cell, .tag = 0 },
			{ .header = "課題", .cell = text_cell, .tag = 1 },
			{ .header = "原因", .cell = text_cell, .tag = 2 },
			{ .header = "裨益性", .flags = VIEW_NUM_CELLS, .cell = point_cell, .tag = 0 },
			{ .header = "深刻度", .flags = VIEW_NUM_CELLS, .cell = point_cell, .tag = 1 },
			{ .header = "コスト", .flags = VIEW_NUM_CELLS, .cell = point_cell, .tag = 2 },
			{ .header = "点数", .flags = VIEW_NUM_CELLS, .cell = score_cell },
		};
		rank_ctx ctx = { rows, rank, score, o.order };
		view_table t = { .caption = arena_printf(&r->arena, "%sで並べた課題", ws_order_label(o.order)), .cols = cols, .n_cols = 8, .ctx = &ctx };
		view_table_array(r, &t, rank, n, sizeof rank[0]);
		const ws_issue *top = &rows[rank[0]];
		buf_raw(b, "<p><a class=\"button\" id=\"top-issue-plan\" href=\"/applications/new?menu=type1&amp;title=");
		html_url_param(b, top->issue);
		buf_raw(b, "&amp;summary=");
		buf summary = { 0 };
		buf_raw(&summary, top->department);
		buf_raw(&summary, "の課題: ");
		buf_raw(&summary, top->issue);
		if (top->causes[0]) {
			buf_raw(&summary, "。原因: ");
			buf_raw(&summary, top->causes);
		}
		html_url_param(b, summary.data ? summary.data : "");
		buf_free(&summary);
		html_wrap(b, "\">1位の課題「", top->issue, "」で TYPE1 の実施計画書（下書き）を作る</a></p>");
	}
	buf_raw(b, "<h2>課題の入力</h2><form method=\"post\" action=\"/worksheet\">");
	page_csrf_field(r);
	for (size_t i = 0; i < n + 3 && i < WS_MAX_ROWS; i++) {
		const ws_issue *x = i < n ? &rows[i] : NULL;
		char path[64];
		buf_fmt(b, "<fieldset><legend>課題 %zu</legend><div class=\"grid-2\">", i + 1);
		snprintf(path, sizeof path, "rows[%zu].department", i);
		page_text_input(r, "分野（原課）", path, x ? x->department : "", NULL, NULL, NULL);
		snprintf(path, sizeof path, "rows[%zu].issue", i);
		page_text_input(r, "課題", path, x ? x->issue : "", NULL, NULL, NULL);
		buf_raw(b, "</div>");
		snprintf(path, sizeof path, "rows[%zu].causes", i);
		page_textarea(r, "原因（1行に1つ。原因の原因も続けて）", path, x ? x->causes : "", NULL);
		buf_raw(b, "<div class=\"grid-2\">");
		score_select(r, "裨益性（住民への効果。高いほど大きい）", i, "benefit", x ? x->benefit : 0);
		score_select(r, "深刻度（高いほど深刻）", i, "severity", x ? x->severity : 0);
		score_select(r, "コスト（3 = 安い、1 = 高い）", i, "cost", x ? x->cost : 0);
		buf_raw(b, "</div></fieldset>");
	}
	buf_raw(b, "<fieldset><legend>並べ方</legend>");
	const char *order_opts[] = { "sum|3つの点数の合計", "weighted|重み付き合計（重みを指定）", "lexicographic|優先する観点の順", NULL };
	page_select(r, "並べ方", "order", ws_order_key(o.order), order_opts, NULL);
	buf_raw(b, "<div class=\"grid-2\">");
	char v[8];
	static const char *const w_opts[] = { "0|0", "1|1", "2|2", "3|3", "4|4", "5|5", "6|6", "7|7", "8|8", "9|9", "10|10", NULL };
	snprintf(v, sizeof v, "%d", o.w_benefit);
	page_select(r, "重み: 裨益性", "w_benefit", v, w_opts, NULL);
	snprintf(v, sizeof v, "%d", o.w_severity);
	page_select(r, "重み: 深刻度", "w_severity", v, w_opts, NULL);
	snprintf(v, sizeof v, "%d", o.w_cost);
	page_select(r, "重み: コスト", "w_cost", v, w_opts, NULL);
	snprintf(v, sizeof v, "%d", o.axes[0]);
	page_select(r, "1番目に見る観点", "axis1", v, axis_opts, NULL);
	snprintf(v, sizeof v, "%d", o.axes[1]);
	page_select(r, "2番目", "axis2", v, axis_opts, NULL);
	snprintf(v, sizeof v, "%d", o.axes[2]);
	page_select(r, "3番目", "axis3", v, axis_opts, NULL);
	buf_raw(b, "</div></fieldset><p><button type=\"submit\" name=\"_op\" value=\"rank\">優先順位を付ける</button>"
		   "<button type=\"submit\" name=\"_op\" value=\"export\" class=\"secondary\">XLSXで書き出す</button></p></form>");
	page_end(r);
}
