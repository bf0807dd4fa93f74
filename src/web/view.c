/* view.c — the view toolkit of the pages; see view.h. */
#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/fiscal.h"
#include "../core/money.h"
#include "pages.h"

/* ---- values and cells ---- */

const char *view_jstr(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

void view_text_or(web_request *r, const char *s, const char *dflt)
{
	html_text(&r->raw, s && s[0] ? s : dflt);
}

void view_lines(web_request *r, const char *s)
{
	const char *p = s ? s : "";
	for (;;) {
		const char *nl = strchr(p, '\n');
		char *piece = arena_strndup(&r->arena, p, nl ? (size_t)(nl - p) : strlen(p));
		html_text(&r->raw, piece ? piece : "");
		if (nl == NULL)
			break;
		buf_raw(&r->raw, "<br>");
		p = nl + 1;
	}
}

void view_scalar(web_request *r, json_t *v)
{
	buf *b = &r->raw;
	if (json_is_string(v))
		html_text(b, json_string_value(v));
	else if (json_is_integer(v))
		buf_fmt(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		buf_fmt(b, "%.15g", json_real_value(v));
	else if (json_is_true(v))
		buf_raw(b, "はい");
	else if (json_is_false(v))
		buf_raw(b, "いいえ");
	else
		buf_raw(b, "—");
}

void view_json_code(web_request *r, json_t *v)
{
	if (v == NULL || json_is_null(v)) {
		buf_raw(&r->raw, "—");
		return;
	}
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	html_wrap(&r->raw, "<code>", s ? s : "", "</code>");
	free(s);
}

void view_yen(web_request *r, int64_t yen)
{
	char a[64], h[64];
	money_format_yen(yen, a, sizeof a);
	money_format_human(yen, h, sizeof h);
	html_text(&r->raw, a);
	if (strcmp(a, h) != 0) {
		html_wrap(&r->raw, "（", h, "）");
	}
}

bool view_amount_of(json_t *v, int64_t *yen)
{
	if (json_is_integer(v)) {
		*yen = json_integer_value(v);
		return true;
	}
	return json_is_string(v) && money_parse(json_string_value(v), yen) == MONEY_OK;
}

void view_amount(web_request *r, json_t *v)
{
	int64_t yen;
	if (view_amount_of(v, &yen))
		view_yen(r, yen);
	else if (json_is_string(v) && json_string_value(v)[0]) {
		html_text(&r->raw, json_string_value(v));
		buf_raw(&r->raw, "（金額として読めません）");
	} else
		buf_raw(&r->raw, "—");
}

void view_fiscal_year(web_request *r, json_t *v)
{
	if (json_is_integer(v)) {
		char fy[32];
		html_text(&r->raw, wareki_fiscal_year((int)json_integer_value(v), fy, sizeof fy));
	} else
		view_scalar(r, v);
}

bool view_parse_utc(const char *iso, time_t *out)
{
	int y, mo, d, h, mi, s;
	char z;
	if (iso == NULL || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &s, &z) != 7 || z != 'Z')
		return false;
	struct tm tm = { .tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = h, .tm_min = mi, .tm_sec = s };
	*out = timegm(&tm);
	return true;
}

void view_wareki_jst(time_t t, char *out, size_t n)
{
	time_t j = t + 9 * 3600;
	struct tm tm;
	gmtime_r(&j, &tm);
	int y = tm.tm_year + 1900, m = tm.tm_mon + 1, d = tm.tm_mday;
	bool reiwa = y > 2019 || (y == 2019 && m >= 5); /* 令和 from 1 May 2019 */
	int ey = reiwa ? y - 2018 : y - 1988;
	char yb[16];
	if (ey == 1)
		snprintf(yb, sizeof yb, "元");
	else
		snprintf(yb, sizeof yb, "%d", ey);
	snprintf(out, n, "%s%s年%d月%d日 %02d:%02d", reiwa ? "令和" : "平成", yb, m, d, tm.tm_hour, tm.tm_min);
}

void view_time(web_request *r, const char *iso)
{
	buf *b = &r->raw;
	time_t t;
	if (!view_parse_utc(iso, &t)) {
		html_text(b, iso && iso[0] ? iso : "—");
		return;
	}
	char s[64];
	view_wareki_jst(t, s, sizeof s);
	html_wrap(b, "<time datetime=\"", iso, "\">");
	html_text(b, s);
	buf_raw(b, "</time>");
}

/* ---- tables ---- */

/* ` name="value"` (value escaped), nothing when value is NULL. */
static void opt_attr(web_request *r, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_fmt(&r->raw, " %s=\"", name);
	html_attr(&r->raw, value);
	buf_raw(&r->raw, "\"");
}

/* Up to the end of the caption. */
static void table_caption(web_request *r, const char *id, const char *caption)
{
	buf_raw(&r->raw, "<div class=\"table-wrap\"><table");
	opt_attr(r, "id", id);
	buf_raw(&r->raw, "><caption>");
	html_text(&r->raw, caption);
}

void view_table_open(web_request *r, const char *id, const char *caption)
{
	table_caption(r, id, caption);
	buf_raw(&r->raw, "</caption><thead><tr>");
}

void view_th(web_request *r, const char *text, unsigned flags)
{
	buf_raw(&r->raw, flags & VIEW_NUM ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">");
	html_text(&r->raw, text);
	buf_raw(&r->raw, "</th>");
}

void view_table_body(web_request *r) { buf_raw(&r->raw, "</tr></thead><tbody>"); }

void view_table_close(web_request *r) { buf_raw(&r->raw, "</tbody></table></div>"); }

void view_cell_open(web_request *r, unsigned flags)
{
	buf_raw(&r->raw, flags & VIEW_ROWHEAD ? "<th scope=\"row\">" : flags & (VIEW_NUM | VIEW_NUM_CELLS) ? "<td class=\"num\">" : "<td>");
}

void view_cell_close(web_request *r, unsigned flags) { buf_raw(&r->raw, flags & VIEW_ROWHEAD ? "</th>" : "</td>"); }

void view_cell_amount(web_request *r, const view_cell *c)
{
	view_amount(r, json_object_get(c->row, c->col->key));
}

void view_cell_time(web_request *r, const view_cell *c)
{
	view_time(r, view_jstr(c->row, c->col->key));
}

void view_cell_fiscal_year(web_request *r, const view_cell *c)
{
	view_fiscal_year(r, json_object_get(c->row, c->col->key));
}

void view_cell_scalar(web_request *r, const view_cell *c)
{
	view_scalar(r, json_object_get(c->row, c->col->key));
}

void view_cell_status(web_request *r, const view_cell *c)
{
	html_text(&r->raw, page_status_label(view_jstr(c->row, c->col->key)));
}

void view_cell_int(web_request *r, const view_cell *c)
{
	buf_fmt(&r->raw, "%lld", (long long)json_integer_value(json_object_get(c->row, c->col->key)));
}

void view_cell_link(web_request *r, const view_cell *c)
{
	buf_raw(&r->raw, "<a href=\"");
	html_attr(&r->raw, c->col->href);
	buf_fmt(&r->raw, "%lld\">", (long long)json_integer_value(json_object_get(c->row, "id")));
	view_text_or(r, view_jstr(c->row, c->col->key), c->col->dflt ? c->col->dflt : "");
	buf_raw(&r->raw, "</a>");
}

void view_table_begin(web_request *r, const view_table *t)
{
	table_caption(r, t->id, t->caption);
	if (t->caption_more)
		t->caption_more(r, t->ctx);
	if (t->no_head) {
		buf_raw(&r->raw, "</caption><tbody>");
		return;
	}
	buf_raw(&r->raw, "</caption><thead><tr>");
	for (size_t c = 0; c < t->n_cols; c++) {
		const view_col *col = &t->cols[c];
		if (col->head)
			col->head(r, &(view_cell){ col, NULL, t->ctx });
		else
			view_th(r, col->header, col->flags);
	}
	view_table_body(r);
}

void view_table_row(web_request *r, const view_table *t, void *row)
{
	view_table_row_cls(r, t, row, t->row_cls ? t->row_cls(row) : NULL);
}

void view_table_row_cls(web_request *r, const view_table *t, void *row, const char *cls)
{
	buf_raw(&r->raw, "<tr");
	opt_attr(r, "class", cls);
	buf_raw(&r->raw, ">");
	for (size_t c = 0; c < t->n_cols; c++) {
		const view_col *col = &t->cols[c];
		if (col->cls) {
			buf_raw(&r->raw, "<td");
			opt_attr(r, "class", col->cls);
			buf_raw(&r->raw, ">");
		} else
			view_cell_open(r, col->flags);
		if (col->cell)
			col->cell(r, &(view_cell){ col, row, t->ctx });
		else if (col->key)
			view_text_or(r, view_jstr(row, col->key), col->dflt ? col->dflt : "");
		view_cell_close(r, col->flags);
	}
	buf_raw(&r->raw, "</tr>");
}

void view_table_end(web_request *r, const view_table *t, size_t n_rows)
{
	if (n_rows == 0 && t->empty) {
		buf_fmt(&r->raw, "<tr><td colspan=\"%zu\">", t->n_cols);
		html_text(&r->raw, t->empty);
		buf_raw(&r->raw, "</td></tr>");
	}
	buf_raw(&r->raw, "</tbody>");
	if (t->foot)
		t->foot(r, t->ctx);
	buf_raw(&r->raw, "</table></div>");
}

void view_table_json(web_request *r, const view_table *t, json_t *rows)
{
	view_table_begin(r, t);
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
	{
		view_table_row(r, t, row);
	}
	view_table_end(r, t, json_array_size(rows));
}

void view_table_array(web_request *r, const view_table *t, void *rows, size_t n, size_t size)
{
	view_table_begin(r, t);
	for (size_t i = 0; i < n; i++)
		view_table_row(r, t, (char *)rows + i * size);
	view_table_end(r, t, n);
}

/* ---- headings, sections, lists, notices ---- */

void view_heading(web_request *r, int level, const char *text)
{
	buf_fmt(&r->raw, "<h%d>", level);
	html_text(&r->raw, text);
	buf_fmt(&r->raw, "</h%d>", level);
}

void view_section_open(web_request *r, const char *id, int level, const char *heading)
{
	if (id == NULL) {
		buf_raw(&r->raw, "<section>");
		view_heading(r, level, heading);
		return;
	}
	buf_raw(&r->raw, "<section aria-labelledby=\"");
	html_attr(&r->raw, id);
	buf_fmt(&r->raw, "\"><h%d id=\"", level);
	html_attr(&r->raw, id);
	buf_raw(&r->raw, "\">");
	html_text(&r->raw, heading);
	buf_fmt(&r->raw, "</h%d>", level);
}

void view_section_close(web_request *r) { buf_raw(&r->raw, "</section>"); }

void view_para(web_request *r, const char *text)
{
	html_wrap(&r->raw, "<p>", text, "</p>");
}

void view_dl_open(web_request *r) { buf_raw(&r->raw, "<dl class=\"grid-2\">"); }

void view_dt(web_request *r, const char *label)
{
	html_wrap(&r->raw, "<div><dt>", label, "</dt><dd>");
}

void view_dd_close(web_request *r) { buf_raw(&r->raw, "</dd></div>"); }

void view_dl_text(web_request *r, const char *label, const char *text, const char *dflt)
{
	view_dt(r, label);
	view_text_or(r, text, dflt ? dflt : "");
	view_dd_close(r);
}

void view_dl_close(web_request *r) { buf_raw(&r->raw, "</dl>"); }

void view_list(web_request *r, const char *open, json_t *items, view_cell_fn item, void *ctx, const char *none)
{
	if (json_array_size(items) == 0) {
		if (none)
			view_para(r, none);
		return;
	}
	buf_raw(&r->raw, open);
	size_t i;
	json_t *it;
	json_array_foreach(items, i, it)
	{
		buf_raw(&r->raw, "<li>");
		item(r, &(view_cell){ NULL, it, ctx });
		buf_raw(&r->raw, "</li>");
	}
	buf_raw(&r->raw, strncmp(open, "<ol", 3) == 0 ? "</ol>" : "</ul>");
}

void view_diags(web_request *r, json_t *list, const char *cls, const char *key)
{
	if (json_array_size(list) == 0)
		return;
	buf_raw(&r->raw, "<ul class=\"diags\">");
	size_t i;
	json_t *d;
	json_array_foreach(list, i, d)
	{
		html_wrap(&r->raw, "<li class=\"", cls, "\">");
		html_text(&r->raw, view_jstr(d, key));
		html_wrap(&r->raw, ": ", view_jstr(d, "message"), "</li>");
	}
	buf_raw(&r->raw, "</ul>");
}

void view_cite(web_request *r, const char *source, const char *quote)
{
	html_text(&r->raw, source);
	if (quote) {
		html_wrap(&r->raw, "「", quote, "」");
	}
}

static void notice(web_request *r, const char *cls_role, const char *text)
{
	buf_raw(&r->raw, cls_role);
	html_text(&r->raw, text);
	buf_raw(&r->raw, "</p></div>");
}

void view_notice_ok(web_request *r, const char *text) { notice(r, "<div class=\"notice ok\" role=\"status\"><p>", text); }

void view_notice_error(web_request *r, const char *text) { notice(r, "<div class=\"notice error\" role=\"alert\"><p>", text); }

/* ---- forms ---- */

/* id="…-suffix" written as an attribute value (without the quotes). */
static void id_with(web_request *r, const char *id, const char *suffix)
{
	html_attr(&r->raw, id);
	buf_raw(&r->raw, suffix);
}

/* label, hint and error slot: what comes before every control. */
static void field_intro(web_request *r, const view_field *f)
{
	buf *b = &r->raw;
	if (f->control)
		buf_raw(b, "<div class=\"control\">");
	html_wrap(b, "<label for=\"", f->id, "\">");
	html_text(b, f->label);
	buf_raw(b, "</label>");
	if (f->hint) {
		buf_raw(b, "<p class=\"hint\" id=\"");
		id_with(r, f->id, "-hint\">");
		html_text(b, f->hint);
		buf_raw(b, "</p>");
	}
	if (f->error) {
		buf_raw(b, "<p class=\"field-error\" id=\"");
		id_with(r, f->id, "-error\">");
		html_text(b, f->error);
		buf_raw(b, "</p>");
	}
}

/* id, name, aria-describedby (hint, error) and aria-invalid of the control. */
static void field_attrs(web_request *r, const view_field *f)
{
	buf *b = &r->raw;
	html_wrap(b, " id=\"", f->id, "\" name=\"");
	html_attr(b, f->name ? f->name : f->id);
	buf_raw(b, "\"");
}

static void field_described(web_request *r, const view_field *f)
{
	buf *b = &r->raw;
	if (f->hint == NULL && f->error == NULL)
		return;
	buf_raw(b, " aria-describedby=\"");
	if (f->hint)
		id_with(r, f->id, "-hint");
	if (f->error) {
		buf_raw(b, f->hint ? " " : "");
		id_with(r, f->id, "-error");
	}
	buf_raw(b, "\"");
	if (f->error)
		buf_raw(b, " aria-invalid=\"true\"");
}

static void field_extra(web_request *r, const view_field *f)
{
	if (f->attrs) {
		buf_raw(&r->raw, " ");
		buf_raw(&r->raw, f->attrs);
	}
}

void view_field_write(web_request *r, const view_field *f)
{
	buf *b = &r->raw;
	const char *type = f->type ? f->type : "text";
	field_intro(r, f);
	if (strcmp(type, "textarea") == 0) {
		buf_raw(b, "<textarea");
		field_attrs(r, f);
		field_described(r, f);
		field_extra(r, f);
		html_wrap(b, ">", f->value ? f->value : "", "</textarea>");
	} else {
		html_wrap(b, "<input type=\"", type, "\"");
		field_attrs(r, f);
		if (strcmp(type, "password") != 0) { /* a password is never sent back */
			html_wrap(b, " value=\"", f->value ? f->value : "", "\"");
		}
		field_described(r, f);
		field_extra(r, f);
		buf_raw(b, ">");
	}
	if (f->control)
		buf_raw(b, "</div>");
}

void view_select(web_request *r, const view_field *f, const char *const *opts)
{
	buf *b = &r->raw;
	field_intro(r, f);
	buf_raw(b, "<select");
	field_attrs(r, f);
	field_described(r, f);
	field_extra(r, f);
	buf_raw(b, ">");
	for (const char *const *o = opts; *o; o++) {
		const char *bar = strchr(*o, '|');
		size_t vl = bar ? (size_t)(bar - *o) : strlen(*o);
		char v[128];
		snprintf(v, sizeof v, "%.*s", (int)vl, *o);
		html_wrap(b, "<option value=\"", v, "\"");
		if (f->value && strcmp(f->value, v) == 0)
			buf_raw(b, " selected");
		html_wrap(b, ">", bar ? bar + 1 : *o, "</option>");
	}
	buf_raw(b, "</select>");
	if (f->control)
		buf_raw(b, "</div>");
}

void view_form_open(web_request *r, const char *action)
{
	html_wrap(&r->raw, "<form method=\"post\" action=\"", action, "\">");
	page_csrf_field(r);
}

void view_hidden(web_request *r, const char *name, const char *value)
{
	html_wrap(&r->raw, "<input type=\"hidden\" name=\"", name, "\" value=\"");
	html_attr(&r->raw, value ? value : "");
	buf_raw(&r->raw, "\">");
}

void view_submit(web_request *r, const char *label, const char *cls)
{
	buf_raw(&r->raw, "<p><button type=\"submit\"");
	opt_attr(r, "class", cls);
	html_wrap(&r->raw, ">", label, "</button></p></form>");
}

void view_action_form_open(web_request *r, int64_t id, const char *action, const char *back)
{
	char path[64];
	snprintf(path, sizeof path, "/applications/%lld/action", (long long)id);
	view_form_open(r, path);
	view_hidden(r, "action", action);
	if (back)
		view_hidden(r, "_back", back);
}

/* ---- pagination ---- */

void view_pager(web_request *r, const char *base, size_t total, size_t page, size_t per)
{
	if (per == 0 || total <= per)
		return;
	size_t pages = (total + per - 1) / per;
	if (page < 1)
		page = 1;
	if (page > pages)
		page = pages;
	size_t first = (page - 1) * per + 1, last = page * per < total ? page * per : total;
	buf *b = &r->raw;
	buf_fmt(b, "<nav class=\"pager\" aria-label=\"ページ送り\"><p>全%zu件中 %zu〜%zu件を表示（%zu／%zuページ）</p><ul>", total, first,
		last, page, pages);
	if (page > 1) {
		buf_raw(b, "<li><a rel=\"prev\" href=\"");
		html_attr(b, base);
		buf_fmt(b, "page=%zu\">前のページ</a></li>", page - 1);
	}
	if (page < pages) {
		buf_raw(b, "<li><a rel=\"next\" href=\"");
		html_attr(b, base);
		buf_fmt(b, "page=%zu\">次のページ</a></li>", page + 1);
	}
	buf_raw(b, "</ul></nav>");
}
