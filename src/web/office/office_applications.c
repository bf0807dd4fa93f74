/* office_applications.c — /office/applications: every application the office sees,
 * filtered by round, menu, field, prefecture, state and failing checks, sorted by a
 * column; the 国費 is the rules engine's, computed once per round. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../core/rules.h"
#include "office.h"

enum sort_key { SORT_ID, SORT_ORG, SORT_MENU, SORT_STATUS, SORT_NS, SORT_UPDATED, SORT__MAX };
static const char *const sort_keys[SORT__MAX] = { "id", "organization", "menu", "status", "national_share", "updated" };

typedef struct app_row {
	json_t *app; /* borrowed from the list */
	int64_t id;
	const char *org_code, *org_name, *org_kana, *pref_name, *menu, *round, *title, *status, *updated;
	int status_rank, menu_rank;
	bool checked, has_ns;
	int64_t ns;
	size_t errors;
} app_row;

typedef struct sort_spec {
	int key;
	bool desc;
} sort_spec;

static int menu_rank(const char *menu)
{
	static const char *const order[] = { "type1", "type2", "type3", "mnc_expansion", "telework_high", "telework_standard" };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (strcmp(order[i], menu) == 0)
			return (int)i;
	return 100;
}

static int cmp_rows(const void *pa, const void *pb, void *ctx)
{
	const app_row *a = pa, *b = pb;
	const sort_spec *s = ctx;
	int c = 0;
	switch (s->key) {
	case SORT_ORG:
		c = strcmp(a->org_kana, b->org_kana);
		if (c == 0)
			c = strcmp(a->org_code, b->org_code);
		break;
	case SORT_MENU:
		c = a->menu_rank != b->menu_rank ? (a->menu_rank > b->menu_rank) - (a->menu_rank < b->menu_rank) : strcmp(a->menu, b->menu);
		break;
	case SORT_STATUS: c = (a->status_rank > b->status_rank) - (a->status_rank < b->status_rank); break;
	case SORT_NS:
		if (a->has_ns != b->has_ns)
			return a->has_ns ? -1 : 1; /* no amount: last either way */
		c = (a->ns > b->ns) - (a->ns < b->ns);
		break;
	case SORT_UPDATED: c = strcmp(a->updated, b->updated); break;
	default: c = (a->id > b->id) - (a->id < b->id); break;
	}
	if (s->desc)
		c = -c;
	return c ? c : (a->id > b->id) - (a->id < b->id);
}

typedef struct app_filters {
	const char *round, *menu, *field, *prefecture, *status;
	bool errors;
	sort_spec sort;
} app_filters;

/* What the table's header and cells need: the filters (for the sort links) and the rounds. */
typedef struct list_ctx {
	const app_filters *f;
	json_t *rounds;
} list_ctx;

static const char *param_or_empty(web_request *r, const char *name)
{
	const char *v = page_param(r, name);
	return v ? v : "";
}

/* The query string of the filters ("round=…&amp;menu=…"), escaped for an attribute. */
static void filter_query(buf *b, const app_filters *f)
{
	const char *names[] = { "round", "menu", "field", "prefecture", "status" };
	const char *values[] = { f->round, f->menu, f->field, f->prefecture, f->status };
	bool first = true;
	for (size_t i = 0; i < 5; i++) {
		if (values[i][0] == '\0')
			continue;
		buf_raw(b, first ? "" : "&amp;");
		buf_raw(b, names[i]);
		buf_raw(b, "=");
		html_url_param(b, values[i]);
		first = false;
	}
	if (f->errors) {
		buf_raw(b, first ? "" : "&amp;");
		buf_raw(b, "errors=1");
		first = false;
	}
	buf_raw(b, first ? "" : "&amp;");
}

/* A column header that sorts by its column (col->tag), marked when it is the current one. */
static void sort_header(web_request *r, const view_cell *c)
{
	const app_filters *f = ((const list_ctx *)c->ctx)->f;
	buf *b = &r->raw;
	int key = c->col->tag;
	bool cur = f->sort.key == key;
	buf_raw(b, "<th scope=\"col\"");
	if (c->col->flags & VIEW_NUM)
		buf_raw(b, " class=\"num\"");
	if (cur)
		buf_raw(b, f->sort.desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
	buf_raw(b, "><a href=\"/office/applications?");
	filter_query(b, f);
	buf_fmt(b, "sort=%s&amp;dir=%s\">", sort_keys[key], cur && !f->sort.desc ? "desc" : "asc");
	html_text(b, c->col->header);
	if (cur)
		buf_raw(b, f->sort.desc ? "（降順 ▼）" : "（昇順 ▲）");
	buf_raw(b, "</a></th>");
}

static const char *const field_keys[] = { "administration", "resident_services", "education", "culture_sports",
					   "medical_welfare", "childcare", "transport_logistics", "disaster_infrastructure",
					   "agriculture", "industry", "tourism", "other" };

static bool has_field(json_t *app, const char *field)
{
	size_t i;
	json_t *f;
	json_array_foreach(json_object_get(app, "fields"), i, f)
	{
		if (json_is_string(f) && strcmp(json_string_value(f), field) == 0)
			return true;
	}
	return false;
}

/* ---- the cells of a row ---- */

static void id_cell(web_request *r, const view_cell *c)
{
	long long id = (long long)((const app_row *)c->row)->id;
	buf_fmt(&r->raw, "<a href=\"/office/applications/%lld\">%lld</a>", id, id);
}

static void org_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, ((const app_row *)c->row)->org_name);
}

static void pref_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, ((const app_row *)c->row)->pref_name);
}

static void menu_cell(web_request *r, const view_cell *c)
{
	const app_row *w = c->row;
	json_t *rounds = ((const list_ctx *)c->ctx)->rounds;
	html_text(&r->raw, office_menu_name(rounds, w->round, w->menu));
	html_wrap(&r->raw, "<br><small>", office_round_title(rounds, w->round), "</small>");
}

static void title_cell(web_request *r, const view_cell *c)
{
	const app_row *w = c->row;
	buf_fmt(&r->raw, "<a href=\"/office/applications/%lld\">", (long long)w->id);
	view_text_or(r, w->title, "（無題）");
	buf_raw(&r->raw, "</a>");
}

static void status_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, page_status_label(((const app_row *)c->row)->status));
}

static void ns_cell(web_request *r, const view_cell *c)
{
	const app_row *w = c->row;
	if (w->has_ns)
		view_yen(r, w->ns);
	else
		buf_raw(&r->raw, w->checked ? "算定できません" : "判定できません");
}

static void errors_cell(web_request *r, const view_cell *c)
{
	const app_row *w = c->row;
	if (w->checked)
		buf_fmt(&r->raw, "%zu件", w->errors);
	else
		buf_raw(&r->raw, "—");
}

static void updated_cell(web_request *r, const view_cell *c)
{
	view_time(r, ((const app_row *)c->row)->updated);
}

/* ---- the filter form (GET; works without JavaScript) ---- */

static void filter_form(web_request *r, const app_filters *f, json_t *rarr)
{
	buf *b = &r->raw;
	size_t i;
	json_t *ro;
	buf_raw(b, "<form method=\"get\" action=\"/office/applications\" class=\"filters\" aria-label=\"絞り込み\">");
	const char **opts = office_round_options(r, rarr, true);
	if (opts)
		office_filter_select(r, "募集回", "round", f->round, opts);
	/* menus of every round, each id once */
	opts = arena_alloc(&r->arena, 64 * sizeof *opts);
	if (opts) {
		size_t k = 0;
		opts[k++] = "|すべて";
		json_t *m;
		json_array_foreach(rarr, i, ro)
		{
			size_t j;
			json_array_foreach(json_object_get(ro, "menus"), j, m)
			{
				const char *id = view_jstr(m, "id");
				bool seen = false;
				for (size_t q = 1; q < k && !seen; q++)
					seen = strncmp(opts[q], id, strlen(id)) == 0 && opts[q][strlen(id)] == '|';
				if (!seen && k < 62)
					opts[k++] = arena_printf(&r->arena, "%s|%s", id, view_jstr(m, "name"));
			}
		}
		opts[k] = NULL;
		office_filter_select(r, "類型", "menu", f->menu, opts);
	}
	const size_t nf = sizeof field_keys / sizeof field_keys[0];
	opts = arena_alloc(&r->arena, (nf + 2) * sizeof *opts);
	if (opts) {
		opts[0] = "|すべて";
		for (size_t k = 0; k < nf; k++)
			opts[k + 1] = arena_printf(&r->arena, "%s|%s", field_keys[k], field_label(field_keys[k]));
		opts[nf + 1] = NULL;
		office_filter_select(r, "事業分野", "field", f->field, opts);
	}
	opts = arena_alloc(&r->arena, 49 * sizeof *opts);
	if (opts) {
		opts[0] = "|すべて";
		for (int p = 1; p <= 47; p++) {
			char first5[16], code[24];
			snprintf(first5, sizeof first5, "%02d000", p % 100);
			snprintf(code, sizeof code, "%s%d", first5, orgcode_check_digit(first5));
			const organization *o = office_org(r, code);
			opts[p] = arena_printf(&r->arena, "%02d|%02d %s", p, p, o ? o->name : "");
		}
		opts[48] = NULL;
		office_filter_select(r, "都道府県", "prefecture", f->prefecture, opts);
	}
	const char *sopts[APP_STATUS__MAX + 1];
	size_t k = 0;
	sopts[k++] = "|すべて";
	for (int s = APP_CONSULTATION; s < APP_STATUS__MAX; s++)
		sopts[k++] = arena_printf(&r->arena, "%s|%s", app_status_key((app_status)s), app_status_label((app_status)s));
	sopts[k] = NULL;
	office_filter_select(r, "状態", "status", f->status, sopts);
	buf_raw(b, "<div><input type=\"checkbox\" id=\"errors\" name=\"errors\" value=\"1\"");
	buf_raw(b, f->errors ? " checked>" : ">");
	buf_raw(b, "<label for=\"errors\" class=\"inline\">判定にエラーがある申請だけ</label></div>");
	if (f->sort.key != SORT_ID || f->sort.desc) {
		buf_fmt(b, "<input type=\"hidden\" name=\"sort\" value=\"%s\"><input type=\"hidden\" name=\"dir\" value=\"%s\">",
			sort_keys[f->sort.key], f->sort.desc ? "desc" : "asc");
	}
	buf_raw(b, "<div><button type=\"submit\">絞り込む</button> <a href=\"/office/applications\">条件を解除</a></div></form>");
}

/* The row of application a, or false when the filters leave it out. */
static bool row_of(web_request *r, json_t *a, const app_filters *f, office_checks *checks, app_row *out)
{
	app_row row = { .app = a };
	row.id = json_integer_value(json_object_get(a, "id"));
	json_t *org = json_object_get(a, "organization");
	row.org_code = view_jstr(org, "code");
	row.org_name = view_jstr(org, "name")[0] ? view_jstr(org, "name") : row.org_code;
	const organization *o = office_org(r, row.org_code);
	row.org_kana = o && o->kana ? o->kana : row.org_name;
	row.pref_name = office_prefecture_name(r, row.org_code);
	row.menu = view_jstr(a, "menu");
	row.round = view_jstr(a, "round");
	row.title = view_jstr(a, "title");
	row.status = view_jstr(a, "status");
	row.updated = view_jstr(a, "updated_at");
	app_status st = APP_DRAFT;
	app_status_from_key(row.status, &st);
	row.status_rank = (int)st;
	row.menu_rank = menu_rank(row.menu);
	if ((f->round[0] && strcmp(f->round, row.round) != 0) || (f->menu[0] && strcmp(f->menu, row.menu) != 0) ||
	    (f->status[0] && strcmp(f->status, row.status) != 0) ||
	    (f->prefecture[0] && strncmp(f->prefecture, row.org_code, 2) != 0) || (f->prefecture[0] && strlen(f->prefecture) != 2))
		return false;
	if (f->field[0]) {
		svc_err ge = { 0 };
		json_t *got = svc_app_get(r->svc, &r->user, row.id, &ge);
		bool match = got && has_field(json_object_get(got, "application"), f->field);
		json_decref(got);
		svc_err_clear(&ge);
		if (!match)
			return false;
	}
	const svc_check_row *check = office_check_of(r, checks, row.round, row.id);
	if (check) {
		row.checked = true;
		row.has_ns = check->has_national_share;
		row.ns = check->national_share_yen;
		row.errors = check->errors;
	}
	if (f->errors && (!row.checked || row.errors == 0))
		return false;
	*out = row;
	return true;
}

void page_office_apps(web_request *r)
{
	json_t *list, *rounds;
	if (!office_load_lists(r, &list, &rounds))
		return;
	json_t *apps = json_object_get(list, "applications"), *rarr = json_object_get(rounds, "rounds");
	app_filters f = { .round = param_or_empty(r, "round"),
			  .menu = param_or_empty(r, "menu"),
			  .field = param_or_empty(r, "field"),
			  .prefecture = param_or_empty(r, "prefecture"),
			  .status = param_or_empty(r, "status"),
			  .errors = strcmp(param_or_empty(r, "errors"), "1") == 0 };
	const char *sort = param_or_empty(r, "sort"), *dir = param_or_empty(r, "dir");
	for (int k = 0; k < SORT__MAX; k++)
		if (strcmp(sort, sort_keys[k]) == 0)
			f.sort.key = k;
	f.sort.desc = strcmp(dir, "desc") == 0;

	size_t n_all = json_array_size(apps), n = 0;
	app_row *rows = arena_alloc(&r->arena, (n_all ? n_all : 1) * sizeof *rows);
	office_checks checks = { 0 }; /* each round's checks, computed once per change of the round */
	size_t i;
	json_t *a;
	json_array_foreach(apps, i, a)
	{
		if (rows == NULL)
			break;
		if (row_of(r, a, &f, &checks, &rows[n]))
			n++;
	}
	sort_spec spec = f.sort;
	if (n > 1)
		qsort_r(rows, n, sizeof *rows, cmp_rows, &spec);

	page_begin(r, "申請一覧");
	filter_form(r, &f, rarr);
	buf_fmt(&r->raw, "<p role=\"status\">%zu件を表示しています（事務局が見られる申請 全%zu件のうち。下書きは含みません）。</p>", n, n_all);
	static const view_col cols[] = {
		{ .header = "ID", .flags = VIEW_NUM, .cell = id_cell, .head = sort_header, .tag = SORT_ID },
		{ .header = "団体", .cell = org_cell, .head = sort_header, .tag = SORT_ORG },
		{ .header = "都道府県", .cell = pref_cell },
		{ .header = "類型", .cell = menu_cell, .head = sort_header, .tag = SORT_MENU },
		{ .header = "事業名", .cell = title_cell },
		{ .header = "状態", .cell = status_cell, .head = sort_header, .tag = SORT_STATUS },
		{ .header = "国費（判定）", .flags = VIEW_NUM, .cell = ns_cell, .head = sort_header, .tag = SORT_NS },
		{ .header = "エラー数", .flags = VIEW_NUM, .cell = errors_cell },
		{ .header = "更新日時（日本時間）", .cell = updated_cell, .head = sort_header, .tag = SORT_UPDATED },
	};
	list_ctx ctx = { &f, rarr };
	view_table t = { .caption = "申請一覧（列の見出しで並べ替え、国費は判定による計算値）",
			 .cols = cols,
			 .n_cols = sizeof cols / sizeof cols[0],
			 .empty = "条件に合う申請はありません。",
			 .ctx = &ctx };
	view_table_array(r, &t, rows, rows ? n : 0, sizeof *rows);
	page_end(r);
	office_checks_release(&checks);
	json_decref(list);
	json_decref(rounds);
}
