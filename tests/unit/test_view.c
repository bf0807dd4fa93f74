/* test_view.c — the view toolkit (src/web/view.c): the exact HTML of tables, lists,
 * sections, form fields with their error slots, money/和暦 cells and pagination, and
 * that hostile strings come out escaped wherever data goes in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "../../src/web/view.h"

static const char *hostile = "<script>alert(\"x&y\")</script>'";
static const char *hostile_out = "&lt;script&gt;alert(&quot;x&amp;y&quot;)&lt;/script&gt;&#39;";

static web_request req;

static int setup(void **state)
{
	(void)state;
	memset(&req, 0, sizeof req);
	arena_init(&req.arena);
	req.user.id = 1; /* logged in: page_csrf_field() writes the session's token */
	snprintf(req.user.csrf, sizeof req.user.csrf, "tok\"en");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_free(&req.raw);
	arena_free(&req.arena);
	return 0;
}

static void expect(const char *want)
{
	assert_false(req.raw.oom);
	assert_string_equal(req.raw.data ? req.raw.data : "", want);
	buf_free(&req.raw);
}

/* a cell function: the "n" of the row as yen */
static void yen_cell(web_request *r, const view_cell *c)
{
	view_yen(r, json_integer_value(json_object_get(c->row, "n")));
}

static void table_json_escapes_and_aligns(void **state)
{
	(void)state;
	static const view_col cols[] = {
		{ .header = "名称<b>", .key = "name", .dflt = "（なし）" },
		{ .header = "金額", .flags = VIEW_NUM, .cell = yen_cell },
		{ .header = "行", .flags = VIEW_ROWHEAD, .key = "name" },
	};
	view_table t = { .caption = hostile, .cols = cols, .n_cols = 3, .empty = "ありません" };
	json_t *rows = json_pack("[{s:s, s:i}, {s:s, s:i}]", "name", hostile, "n", 57000000, "name", "", "n", 999);
	view_table_json(&req, &t, rows);
	char want[2048];
	snprintf(want, sizeof want,
		 "<div class=\"table-wrap\"><table><caption>%s</caption><thead><tr><th scope=\"col\">名称&lt;b&gt;</th>"
		 "<th scope=\"col\" class=\"num\">金額</th><th scope=\"col\">行</th></tr></thead><tbody>"
		 "<tr><td>%s</td><td class=\"num\">57,000,000円（5,700万円）</td><th scope=\"row\">%s</th></tr>"
		 "<tr><td>（なし）</td><td class=\"num\">999円</td><th scope=\"row\"></th></tr></tbody></table></div>",
		 hostile_out, hostile_out, hostile_out);
	expect(want);
	json_decref(rows);
}

static void table_empty_row_spans_columns(void **state)
{
	(void)state;
	static const view_col cols[] = { { .header = "a" }, { .header = "b" } };
	view_table t = { .caption = "c", .cols = cols, .n_cols = 2, .empty = "<none>" };
	view_table_json(&req, &t, NULL);
	expect("<div class=\"table-wrap\"><table><caption>c</caption><thead><tr><th scope=\"col\">a</th><th scope=\"col\">b</th>"
	       "</tr></thead><tbody><tr><td colspan=\"2\">&lt;none&gt;</td></tr></tbody></table></div>");
}

static void int_cell(web_request *r, const view_cell *c)
{
	buf_fmt(&r->raw, "%d%s", *(int *)c->row, (const char *)c->ctx);
}

static void foot(web_request *r, void *ctx)
{
	buf_raw(&r->raw, "<tfoot><tr><td>");
	html_text(&r->raw, ctx);
	buf_raw(&r->raw, "</td></tr></tfoot>");
}

static void table_array_with_context_and_foot(void **state)
{
	(void)state;
	static const view_col cols[] = { { .header = "n", .flags = VIEW_NUM, .cell = int_cell } };
	int rows[] = { 1, 2 };
	view_table t = { .caption = "c", .cols = cols, .n_cols = 1, .empty = "x", .ctx = "件", .foot = foot };
	view_table_array(&req, &t, rows, 2, sizeof rows[0]);
	expect("<div class=\"table-wrap\"><table><caption>c</caption><thead><tr><th scope=\"col\" class=\"num\">n</th></tr></thead>"
	       "<tbody><tr><td class=\"num\">1件</td></tr><tr><td class=\"num\">2件</td></tr></tbody>"
	       "<tfoot><tr><td>件</td></tr></tfoot></table></div>");
}

static void dl_and_sections(void **state)
{
	(void)state;
	view_section_open(&req, "t\"h", 2, hostile);
	view_dl_open(&req);
	view_dl_text(&req, "団体", hostile, NULL);
	view_dl_text(&req, "空", "", "—");
	view_dt(&req, "金額");
	view_yen(&req, 1000);
	view_dd_close(&req);
	view_dl_close(&req);
	view_section_close(&req);
	view_section_open(&req, NULL, 3, "見出し");
	view_section_close(&req);
	char want[2048];
	snprintf(want, sizeof want,
		 "<section aria-labelledby=\"t&quot;h\"><h2 id=\"t&quot;h\">%s</h2><dl class=\"grid-2\"><div><dt>団体</dt><dd>%s</dd></div>"
		 "<div><dt>空</dt><dd>—</dd></div><div><dt>金額</dt><dd>1,000円</dd></div></dl></section>"
		 "<section><h3>見出し</h3></section>",
		 hostile_out, hostile_out);
	expect(want);
}

static void notices_escape(void **state)
{
	(void)state;
	html_wrap(&req.raw, "<b>", hostile, "</b>");
	char want[512];
	snprintf(want, sizeof want, "<b>%s</b>", hostile_out);
	expect(want);
	view_notice_ok(&req, "<ok>");
	view_notice_error(&req, "a&b");
	expect("<div class=\"notice ok\" role=\"status\"><p>&lt;ok&gt;</p></div>"
	       "<div class=\"notice error\" role=\"alert\"><p>a&amp;b</p></div>");
}

static void field_with_hint_and_error(void **state)
{
	(void)state;
	view_field f = { .id = "x\"y", .name = "n", .label = "<L>", .value = hostile, .hint = "h", .error = "e<", .control = true,
			 .attrs = "required" };
	view_field_write(&req, &f);
	char want[2048];
	snprintf(want, sizeof want,
		 "<div class=\"control\"><label for=\"x&quot;y\">&lt;L&gt;</label><p class=\"hint\" id=\"x&quot;y-hint\">h</p>"
		 "<p class=\"field-error\" id=\"x&quot;y-error\">e&lt;</p><input type=\"text\" id=\"x&quot;y\" name=\"n\" value=\"%s\""
		 " aria-describedby=\"x&quot;y-hint x&quot;y-error\" aria-invalid=\"true\" required></div>",
		 hostile_out);
	expect(want);
}

static void password_and_textarea(void **state)
{
	(void)state;
	view_field p = { .type = "password", .id = "pw", .label = "パスワード", .value = "secret", .error = "短い" };
	view_field_write(&req, &p);
	view_field t = { .type = "textarea", .id = "c", .name = "body", .label = "本文", .value = "a<b" };
	view_field_write(&req, &t);
	expect("<label for=\"pw\">パスワード</label><p class=\"field-error\" id=\"pw-error\">短い</p>"
	       "<input type=\"password\" id=\"pw\" name=\"pw\" aria-describedby=\"pw-error\" aria-invalid=\"true\">"
	       "<label for=\"c\">本文</label><textarea id=\"c\" name=\"body\">a&lt;b</textarea>");
}

static void select_marks_the_value(void **state)
{
	(void)state;
	static const char *const opts[] = { "|すべて", "a&b|<A>", "c|C", NULL };
	view_field f = { .id = "s", .label = "選択", .value = "a&b" };
	view_select(&req, &f, opts);
	expect("<label for=\"s\">選択</label><select id=\"s\" name=\"s\"><option value=\"\">すべて</option>"
	       "<option value=\"a&amp;b\" selected>&lt;A&gt;</option><option value=\"c\">C</option></select>");
}

static void forms_carry_csrf(void **state)
{
	(void)state;
	view_action_form_open(&req, 7, "screen", "/office?x=1&y=<2>");
	view_submit(&req, "確認", "danger");
	expect("<form method=\"post\" action=\"/applications/7/action\"><input type=\"hidden\" name=\"csrf\" value=\"tok&quot;en\">"
	       "<input type=\"hidden\" name=\"action\" value=\"screen\"><input type=\"hidden\" name=\"_back\" value=\"/office?x=1&amp;y=&lt;2&gt;\">"
	       "<p><button type=\"submit\" class=\"danger\">確認</button></p></form>");
}

static void money_and_dates(void **state)
{
	(void)state;
	json_t *v = json_string("179,293千円");
	view_amount(&req, v);
	json_decref(v);
	buf_raw(&req.raw, "|");
	v = json_string("<x>");
	view_amount(&req, v);
	json_decref(v);
	buf_raw(&req.raw, "|");
	view_amount(&req, NULL);
	buf_raw(&req.raw, "|");
	v = json_integer(2022);
	view_fiscal_year(&req, v);
	json_decref(v);
	buf_raw(&req.raw, "|");
	view_time(&req, "2025-03-31T14:59:00Z");
	buf_raw(&req.raw, "|");
	view_time(&req, "2019-04-30T15:00:00Z"); /* 1 May 2019 00:00 JST: 令和元年 */
	buf_raw(&req.raw, "|");
	view_time(&req, "<not a time>");
	buf_raw(&req.raw, "|");
	view_lines(&req, "a\n<b>");
	expect("179,293,000円|&lt;x&gt;（金額として読めません）|—|令和4年度|"
	       "<time datetime=\"2025-03-31T14:59:00Z\">令和7年3月31日 23:59</time>|"
	       "<time datetime=\"2019-04-30T15:00:00Z\">令和元年5月1日 00:00</time>|&lt;not a time&gt;|a<br>&lt;b&gt;");
}

static void pager_links_and_bounds(void **state)
{
	(void)state;
	view_pager(&req, "/office/applications?q=<&", 10, 1, 20); /* all fit: nothing */
	expect("");
	view_pager(&req, "/office/applications?q=<&", 45, 2, 20);
	expect("<nav class=\"pager\" aria-label=\"ページ送り\"><p>全45件中 21〜40件を表示（2／3ページ）</p><ul>"
	       "<li><a rel=\"prev\" href=\"/office/applications?q=&lt;&amp;page=1\">前のページ</a></li>"
	       "<li><a rel=\"next\" href=\"/office/applications?q=&lt;&amp;page=3\">次のページ</a></li></ul></nav>");
	view_pager(&req, "/x?", 45, 99, 20); /* past the end: the last page */
	expect("<nav class=\"pager\" aria-label=\"ページ送り\"><p>全45件中 41〜45件を表示（3／3ページ）</p><ul>"
	       "<li><a rel=\"prev\" href=\"/x?page=2\">前のページ</a></li></ul></nav>");
}

static const char *odd_cls(void *row) { return json_integer_value(json_object_get(row, "id")) % 2 ? "odd" : NULL; }

static void badge(web_request *r, void *ctx)
{
	(void)ctx;
	buf_raw(&r->raw, " <span class=\"badge\">【案】</span>");
}

static void table_options(void **state)
{
	(void)state;
	static const view_col cols[] = {
		{ .header = "ID", .flags = VIEW_NUM_CELLS, .cell = view_cell_int, .key = "id" },
		{ .header = "名", .cls = "nowrap", .cell = view_cell_link, .key = "t", .dflt = "（無題）", .href = "/x/" },
		{ .header = "状態", .cell = view_cell_status, .key = "s" },
	};
	view_table t = { .id = "i\"d", .caption = "c", .cols = cols, .n_cols = 3, .row_cls = odd_cls, .caption_more = badge };
	json_t *rows = json_pack("[{s:i, s:s, s:s}, {s:i, s:s, s:s}]", "id", 1, "t", hostile, "s", "granted", "id", 2, "t", "", "s", "zz<");
	view_table_json(&req, &t, rows);
	char want[2048];
	snprintf(want, sizeof want,
		 "<div class=\"table-wrap\"><table id=\"i&quot;d\"><caption>c <span class=\"badge\">【案】</span></caption><thead><tr>"
		 "<th scope=\"col\">ID</th><th scope=\"col\">名</th><th scope=\"col\">状態</th></tr></thead><tbody>"
		 "<tr class=\"odd\"><td class=\"num\">1</td><td class=\"nowrap\"><a href=\"/x/1\">%s</a></td><td>交付決定</td></tr>"
		 "<tr><td class=\"num\">2</td><td class=\"nowrap\"><a href=\"/x/2\">（無題）</a></td><td>zz&lt;</td></tr></tbody></table></div>",
		 hostile_out);
	expect(want);
	static const view_col row_cols[] = { { .flags = VIEW_ROWHEAD, .key = "t" } };
	view_table h = { .caption = "rows", .cols = row_cols, .n_cols = 1, .no_head = true };
	view_table_json(&req, &h, rows);
	expect("<div class=\"table-wrap\"><table><caption>rows</caption><tbody><tr><th scope=\"row\">&lt;script&gt;alert(&quot;x&amp;y&quot;)"
	       "&lt;/script&gt;&#39;</th></tr><tr><th scope=\"row\"></th></tr></tbody></table></div>");
	json_decref(rows);
}

static void item(web_request *r, const view_cell *c) { html_text(&r->raw, json_string_value(c->row)); }

static void lists_diags_and_citations(void **state)
{
	(void)state;
	json_t *items = json_pack("[s, s]", "a<", "b");
	view_list(&req, "<ol class=\"comments\">", items, item, NULL, "none");
	view_list(&req, "<ul>", NULL, item, NULL, "なし<");
	view_list(&req, "<ul>", NULL, item, NULL, NULL);
	json_decref(items);
	json_t *diags = json_pack("[{s:s, s:s}]", "path", "services[0].name", "message", "<m>");
	view_diags(&req, diags, "error", "path");
	view_diags(&req, NULL, "error", "path");
	json_decref(diags);
	view_cite(&req, "000_x.txt", "「引用」<");
	view_cite(&req, "s&", NULL);
	expect("<ol class=\"comments\"><li>a&lt;</li><li>b</li></ol><p>なし&lt;</p>"
	       "<ul class=\"diags\"><li class=\"error\">services[0].name: &lt;m&gt;</li></ul>"
	       "000_x.txt「「引用」&lt;」s&amp;");
}

/* Each test on a fresh request. */
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(table_json_escapes_and_aligns),
		T(table_empty_row_spans_columns),
		T(table_array_with_context_and_foot),
		T(dl_and_sections),
		T(notices_escape),
		T(field_with_hint_and_error),
		T(password_and_textarea),
		T(select_marks_the_value),
		T(forms_carry_csrf),
		T(money_and_dates),
		T(pager_links_and_bounds),
		T(table_options),
		T(lists_diags_and_citations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
