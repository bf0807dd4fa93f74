/* office_limits.c — /office/limits: per round, the applications over the 申請上限数
 * (the rules engine's LIMIT_EXCEEDED), each organization's count against its limit,
 * and where the limits come from. */
#include <string.h>

#include "../../core/rules.h"
#include "office.h"

static bool counted_status(const char *status)
{
	static const char *const counted[] = { "submitted", "screened", "under_review", "adopted", "naiji", "granted" };
	for (size_t i = 0; i < sizeof counted / sizeof counted[0]; i++)
		if (strcmp(counted[i], status) == 0)
			return true;
	return false;
}

#define LIMIT_MENUS 16
typedef struct org_count {
	const char *code, *name;
	const organization *o;
	int by_menu[LIMIT_MENUS];
	int consultation;
} org_count;

/* "TYPE1" from "TYPE1 優良モデル導入支援型": a menu's name up to its first space. */
static const char *menu_short(web_request *r, const rule_set *rs, const char *id)
{
	const rule_menu *m = rules_find_menu(rs, id);
	if (m == NULL || m->name == NULL)
		return id;
	const char *sp = strchr(m->name, ' ');
	return sp ? arena_strndup(&r->arena, m->name, (size_t)(sp - m->name)) : m->name;
}

/* The menus of a limit joined with ・ ("TYPE2・TYPE3"). */
static void limit_menus(web_request *r, const rule_set *rs, const rule_limit *lim)
{
	for (size_t k = 0; k < lim->n_menus; k++) {
		if (k)
			buf_raw(&r->raw, "・");
		html_text(&r->raw, menu_short(r, rs, lim->menus[k]));
	}
}

static const rule_count *limit_for(const rule_limit *lim, const organization *o)
{
	if (lim->max_any.present)
		return &lim->max_any;
	if (o && o->kind == ORG_PREFECTURE)
		return &lim->max_prefecture;
	if (o && org_kind_is_municipal(o->kind))
		return &lim->max_municipality;
	return NULL;
}

/* Organizations counted so far, by code (open addressing; cap twice the rows). */
typedef struct org_index {
	org_count **slots;
	size_t cap;
} org_index;

static size_t code_hash(const char *code)
{
	size_t h = 5381;
	for (const char *p = code; *p; p++)
		h = h * 33 + (unsigned char)*p;
	return h;
}

static org_count *org_index_find(const org_index *x, const char *code)
{
	if (x->slots == NULL)
		return NULL;
	for (size_t i = code_hash(code) % x->cap;; i = (i + 1) % x->cap) {
		if (x->slots[i] == NULL)
			return NULL;
		if (strcmp(x->slots[i]->code, code) == 0)
			return x->slots[i];
	}
}

static void org_index_add(org_index *x, org_count *oc)
{
	if (x->slots == NULL)
		return;
	size_t i = code_hash(oc->code) % x->cap;
	while (x->slots[i] != NULL)
		i = (i + 1) % x->cap;
	x->slots[i] = oc;
}

/* ---- the applications over a limit ---- */

typedef struct hit_row {
	json_t *app;
	int64_t id;
	const svc_limit_hit *hit;
} hit_row;

typedef struct hit_ctx {
	json_t *rounds;
	const char *round;
} hit_ctx;

static void hit_id_cell(web_request *r, const view_cell *c)
{
	long long id = (long long)((const hit_row *)c->row)->id;
	buf_fmt(&r->raw, "<a href=\"/office/applications/%lld\">%lld</a>", id, id);
}

static void hit_org_cell(web_request *r, const view_cell *c)
{
	json_t *org = json_object_get(((const hit_row *)c->row)->app, "organization");
	view_text_or(r, view_jstr(org, "name"), view_jstr(org, "code"));
}

static void hit_menu_cell(web_request *r, const view_cell *c)
{
	const hit_ctx *h = c->ctx;
	html_text(&r->raw, office_menu_name(h->rounds, h->round, view_jstr(((const hit_row *)c->row)->app, "menu")));
}

static void hit_status_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, page_status_label(view_jstr(((const hit_row *)c->row)->app, "status")));
}

static void hit_count_cell(web_request *r, const view_cell *c)
{
	const svc_limit_hit *hit = ((const hit_row *)c->row)->hit;
	if (hit->count >= 0)
		buf_fmt(&r->raw, "%d件／上限%d件", hit->count, hit->max);
	else
		buf_raw(&r->raw, "—");
}

static void hit_message_cell(web_request *r, const view_cell *c)
{
	html_text(&r->raw, ((const hit_row *)c->row)->hit->message);
}

static void exceeded_section(web_request *r, json_t *apps, json_t *rarr, const char *round, office_checks *checks)
{
	view_heading(r, 3, "上限数を超えている申請");
	size_t n = 0, cap = 0, i;
	json_t *a;
	hit_row *rows = NULL;
	json_array_foreach(apps, i, a)
	{
		if (strcmp(view_jstr(a, "round"), round) != 0 ||
		    !(counted_status(view_jstr(a, "status")) || strcmp(view_jstr(a, "status"), "consultation") == 0))
			continue;
		int64_t id = json_integer_value(json_object_get(a, "id"));
		const svc_check_row *check = office_check_of(r, checks, round, id);
		for (size_t k = 0; check && k < check->n_hits; k++) {
			if (n == cap) {
				size_t ncap = cap ? 2 * cap : 16;
				hit_row *grown = arena_alloc(&r->arena, ncap * sizeof *grown);
				if (grown == NULL)
					break;
				if (n)
					memcpy(grown, rows, n * sizeof *rows);
				rows = grown;
				cap = ncap;
			}
			rows[n++] = (hit_row){ a, id, &check->hits[k] };
		}
	}
	if (n == 0) {
		buf_raw(&r->raw, "<p class=\"notice ok\">上限数を超えている申請はありません。</p>");
		return;
	}
	static const view_col cols[] = {
		{ .header = "申請ID", .cell = hit_id_cell },
		{ .header = "団体", .cell = hit_org_cell },
		{ .header = "類型", .cell = hit_menu_cell },
		{ .header = "状態", .cell = hit_status_cell },
		{ .header = "件数／上限", .flags = VIEW_NUM, .cell = hit_count_cell },
		{ .header = "内容", .cell = hit_message_cell },
	};
	hit_ctx ctx = { rarr, round };
	view_table t = { .caption = "申請上限数を超えている申請（判定エラー LIMIT_EXCEEDED）", .cols = cols, .n_cols = 6, .ctx = &ctx };
	view_table_array(r, &t, rows, n, sizeof *rows);
	buf_raw(&r->raw, "<p class=\"hint\">事前相談中の申請の件数は、その申請を提出したと仮定して数えたものです。</p>");
}

/* ---- the count per organization ---- */

static void summary_section(web_request *r, const rule_set *rs, const char **menus, size_t n_menus, const org_count *orgs,
			    size_t n_orgs)
{
	buf *b = &r->raw;
	view_heading(r, 3, "団体ごとの申請数");
	if (n_orgs == 0) {
		view_para(r, "この募集回に上限数の対象となる類型の申請はまだありません。");
		return;
	}
	view_table_open(r, NULL, "団体ごとの申請数（提出済み以降）と申請上限数");
	view_th(r, "団体", 0);
	view_th(r, "種別", 0);
	for (size_t q = 0; q < n_menus; q++)
		view_th(r, menu_short(r, rs, menus[q]), VIEW_NUM);
	for (size_t l = 0; l < rs->n_limits; l++) {
		buf_raw(b, "<th scope=\"col\">");
		limit_menus(r, rs, &rs->limits[l]);
		buf_raw(b, "の合計／上限</th>");
	}
	view_th(r, "事前相談中（参考、数えない）", VIEW_NUM);
	view_table_body(r);
	for (size_t q = 0; q < n_orgs; q++) {
		const org_count *oc = &orgs[q];
		buf_raw(b, "<tr>");
		view_cell_open(r, VIEW_ROWHEAD);
		html_text(b, oc->name);
		html_wrap(b, "<br><small>", oc->code, "</small>");
		view_cell_close(r, VIEW_ROWHEAD);
		view_cell_open(r, 0);
		html_text(b, oc->o ? org_kind_label(oc->o->kind) : "不明");
		view_cell_close(r, 0);
		for (size_t m = 0; m < n_menus; m++)
			buf_fmt(b, "<td class=\"num\">%d</td>", oc->by_menu[m]);
		for (size_t l = 0; l < rs->n_limits; l++) {
			const rule_limit *lim = &rs->limits[l];
			int count = 0;
			for (size_t k = 0; k < lim->n_menus; k++)
				for (size_t m = 0; m < n_menus; m++)
					if (strcmp(menus[m], lim->menus[k]) == 0)
						count += oc->by_menu[m];
			const rule_count *max = limit_for(lim, oc->o);
			view_cell_open(r, 0);
			if (max == NULL || !max->present)
				buf_fmt(b, "%d件／上限の記載なし", count);
			else if (count > max->value)
				buf_fmt(b, "<strong>%d件／上限%d件 超過</strong>", count, max->value);
			else
				buf_fmt(b, "%d件／上限%d件 上限内", count, max->value);
			view_cell_close(r, 0);
		}
		buf_fmt(b, "<td class=\"num\">%d</td></tr>", oc->consultation);
	}
	view_table_close(r);
}

/* ---- where the limits come from ---- */

static void sources_section(web_request *r, const rule_set *rs)
{
	buf *b = &r->raw;
	view_heading(r, 3, "申請上限数の根拠");
	buf_raw(b, "<ul>");
	for (size_t l = 0; l < rs->n_limits; l++) {
		const rule_limit *lim = &rs->limits[l];
		const rule_count *cs[] = { &lim->max_prefecture, &lim->max_municipality, &lim->max_any };
		const char *who[] = { "都道府県", "市町村（特別区を含む）", "すべての団体" };
		buf_raw(b, "<li>");
		limit_menus(r, rs, lim);
		buf_raw(b, "の合計: ");
		bool any = false;
		for (size_t c = 0; c < 3; c++) {
			if (!cs[c]->present)
				continue;
			buf_raw(b, any ? "、" : "");
			html_text(b, who[c]);
			buf_fmt(b, " %d件", cs[c]->value);
			any = true;
		}
		const citation *cite = lim->max_any.present ? &lim->max_any.cite : &lim->max_prefecture.cite;
		if (cite->source) {
			buf_raw(b, "<br><small>出典: ");
			html_text(b, cite->source);
			if (cite->quote) {
				html_wrap(b, "「", cite->quote, "」");
			}
			if (cite->reading)
				buf_raw(b, "（digiden の読み）");
			buf_raw(b, "</small>");
		}
		buf_raw(b, "</li>");
	}
	buf_raw(b, "</ul>");
}

/* Counts per organization of the round's applications in the limited menus. */
static size_t count_orgs(web_request *r, json_t *apps, const char *round, const char **menus, size_t n_menus, org_count **out)
{
	size_t n_apps = json_array_size(apps), n_orgs = 0, i;
	json_t *a;
	org_count *orgs = arena_alloc(&r->arena, (n_apps ? n_apps : 1) * sizeof *orgs);
	org_index idx = { .slots = arena_alloc(&r->arena, 2 * (n_apps ? n_apps : 1) * sizeof(org_count *)),
			  .cap = 2 * (n_apps ? n_apps : 1) };
	*out = orgs;
	json_array_foreach(apps, i, a)
	{
		if (orgs == NULL || strcmp(view_jstr(a, "round"), round) != 0)
			continue;
		int mi = -1;
		for (size_t q = 0; q < n_menus; q++)
			if (strcmp(menus[q], view_jstr(a, "menu")) == 0)
				mi = (int)q;
		bool counted = counted_status(view_jstr(a, "status")), consult = strcmp(view_jstr(a, "status"), "consultation") == 0;
		if (mi < 0 || (!counted && !consult))
			continue;
		json_t *org = json_object_get(a, "organization");
		org_count *oc = NULL;
		/* the last organization seen first (the list is by id, an organization's
		 * applications often adjacent), then the index by code: linear in the round */
		const char *code = view_jstr(org, "code");
		if (n_orgs > 0 && strcmp(orgs[n_orgs - 1].code, code) == 0)
			oc = &orgs[n_orgs - 1];
		else if (n_orgs > 0)
			oc = org_index_find(&idx, code);
		if (oc == NULL) {
			oc = &orgs[n_orgs++];
			oc->code = view_jstr(org, "code");
			oc->name = view_jstr(org, "name")[0] ? view_jstr(org, "name") : oc->code;
			oc->o = office_org(r, oc->code);
			org_index_add(&idx, oc);
		}
		if (counted)
			oc->by_menu[mi]++;
		else
			oc->consultation++;
	}
	return n_orgs;
}

void page_office_limits(web_request *r)
{
	office_checks checks = { 0 };
	json_t *list, *rounds;
	if (!office_load_lists(r, &list, &rounds))
		return;
	json_t *apps = json_object_get(list, "applications"), *rarr = json_object_get(rounds, "rounds");
	const char *round = page_param(r, "round");
	size_t i;
	json_t *ro;
	if (round == NULL || round[0] == '\0') { /* the first open round, else the first */
		round = view_jstr(json_array_get(rarr, 0), "key");
		json_array_foreach(rarr, i, ro)
		{
			if (strcmp(view_jstr(ro, "status"), "open") == 0) {
				round = view_jstr(ro, "key");
				break;
			}
		}
	}
	page_begin(r, "申請上限数の確認");
	buf *b = &r->raw;
	view_para(r, "同じ団体の申請数が募集回の申請上限数を超えていないかを確かめます。"
		     "数えるのは提出済み以降の申請（提出済み・審査前確認済み・審査中・採択・内示・交付決定）で、取下げ・不採択・事前相談中は数えません。");
	buf_raw(b, "<form method=\"get\" action=\"/office/limits\" class=\"filters\">");
	const char **opts = office_round_options(r, rarr, false);
	if (opts)
		office_filter_select(r, "募集回", "round", round, opts);
	buf_raw(b, "<div><button type=\"submit\">表示</button></div></form>");

	json_t *rinfo = office_find_round(rarr, round);
	const rule_set *rs = rules_find(&r->svc->cat->rules, round);
	if (rinfo == NULL) {
		view_para(r, "募集回を選んでください。");
		goto end;
	}
	view_heading(r, 2, view_jstr(rinfo, "title"));
	if (rs == NULL || rs->n_limits == 0) {
		view_para(r, "この募集回のルールセットには申請上限数の定めがありません。");
		goto end;
	}
	/* the menus the limits name, each once */
	const char *menus[LIMIT_MENUS];
	size_t n_menus = 0;
	for (size_t l = 0; l < rs->n_limits; l++)
		for (size_t k = 0; k < rs->limits[l].n_menus; k++) {
			bool seen = false;
			for (size_t q = 0; q < n_menus && !seen; q++)
				seen = strcmp(menus[q], rs->limits[l].menus[k]) == 0;
			if (!seen && n_menus < LIMIT_MENUS)
				menus[n_menus++] = rs->limits[l].menus[k];
		}
	org_count *orgs;
	size_t n_orgs = count_orgs(r, apps, round, menus, n_menus, &orgs);
	exceeded_section(r, apps, rarr, round, &checks);
	summary_section(r, rs, menus, n_menus, orgs, n_orgs);
	sources_section(r, rs);
end:
	office_checks_release(&checks);
	page_end(r);
	json_decref(list);
	json_decref(rounds);
}
