/* app_query.c — the list of applications: search, filters, sort, pages and bulk
 * actions; see app_query.h. */
#include "app_query.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "service_internal.h"

const char *const svc_app_sort_keys[APP_SORT__MAX] = { "id",	 "organization", "menu", "status",
						       "national_share", "updated", "title" };

static bool given(const char *v) { return v && v[0]; }

/* A whole decimal number in [lo, hi]. */
static bool parse_size(const char *v, size_t lo, size_t hi, size_t *out)
{
	if (v[0] < '0' || v[0] > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long x = strtoull(v, &end, 10);
	if (errno || *end || x < lo || x > hi)
		return false;
	*out = (size_t)x;
	return true;
}

static int bad_param(svc_err *err, const char *name, const char *message)
{
	svc_fail(err, 400, "INVALID", "%s: %s", name, message);
	svc_detail(err, name, message);
	return -1;
}

int svc_app_query_parse(svc_app_query *q, const char *(*get)(void *ctx, const char *name), void *ctx, svc_err *err)
{
	*q = (svc_app_query){ .q = get(ctx, "q"),	    .round = get(ctx, "round"),
			      .menu = get(ctx, "menu"),     .status = get(ctx, "status"),
			      .field = get(ctx, "field"),   .prefecture = get(ctx, "prefecture"),
			      .kind = get(ctx, "kind"),     .page = 1 };
	const char *errors = get(ctx, "errors"), *sort = get(ctx, "sort"), *dir = get(ctx, "dir");
	const char *page = get(ctx, "page"), *per = get(ctx, "per_page");
	if (given(errors) && strcmp(errors, "1") != 0 && strcmp(errors, "0") != 0)
		return bad_param(err, "errors", "1（エラーのある申請だけ）か 0 です");
	q->errors = given(errors) && strcmp(errors, "1") == 0;
	if (given(sort)) {
		q->sort = -1;
		for (int k = 0; k < APP_SORT__MAX; k++)
			if (strcmp(sort, svc_app_sort_keys[k]) == 0)
				q->sort = k;
		if (q->sort < 0)
			return bad_param(err, "sort", "id, organization, menu, status, national_share, updated, title のいずれかです");
	}
	if (given(dir) && strcmp(dir, "asc") != 0 && strcmp(dir, "desc") != 0)
		return bad_param(err, "dir", "asc か desc です");
	q->desc = given(dir) && strcmp(dir, "desc") == 0;
	if (given(q->prefecture) && (strlen(q->prefecture) != 2 || q->prefecture[0] < '0' || q->prefecture[0] > '4' ||
				     q->prefecture[1] < '0' || q->prefecture[1] > '9' || strcmp(q->prefecture, "01") < 0 ||
				     strcmp(q->prefecture, "47") > 0))
		return bad_param(err, "prefecture", "都道府県コード 01〜47 です");
	org_kind k;
	if (given(q->kind) && strcmp(q->kind, "municipality") != 0 && !org_kind_from_id(q->kind, &k))
		return bad_param(err, "kind", "prefecture, municipality, designated_city, city, town, village, special_ward, koiki, kumiai のいずれかです");
	app_status st;
	if (given(q->status) && !app_status_from_key(q->status, &st))
		return bad_param(err, "status", "申請の状態（submitted, screened, under_review, adopted, naiji …）です");
	if (given(page) && !parse_size(page, 1, 1000000, &q->page))
		return bad_param(err, "page", "1 以上の整数です");
	if (given(per) && !parse_size(per, 1, SVC_PER_PAGE_MAX, &q->per_page))
		return bad_param(err, "per_page", "1〜500 の整数です");
	if (given(page) && !given(per))
		q->per_page = SVC_PER_PAGE_DEFAULT;
	return 0;
}

/* ---- one pass: filter, sort, page ---- */

static int menu_rank(const char *menu)
{
	static const char *const order[] = { "type1", "type2", "type3", "mnc_expansion", "telework_high", "telework_standard" };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
		if (strcmp(order[i], menu) == 0)
			return (int)i;
	return 100;
}

static int status_rank(const char *status)
{
	app_status st = APP_DRAFT;
	app_status_from_key(status, &st);
	return (int)st;
}

static int cmp3(long long a, long long b) { return (a > b) - (a < b); }

static const char *kana_of(const svc_app_item *x)
{
	return x->org && x->org->kana ? x->org->kana : x->app->organization_name ? x->app->organization_name : "";
}

static int cmp_items(const void *pa, const void *pb, void *ctx)
{
	const svc_app_item *a = pa, *b = pb;
	const svc_app_query *q = ctx;
	int c = 0;
	switch (q->sort) {
	case APP_SORT_ORG:
		c = strcmp(kana_of(a), kana_of(b));
		if (c == 0)
			c = strcmp(a->app->organization, b->app->organization);
		break;
	case APP_SORT_MENU:
		c = cmp3(menu_rank(a->app->menu), menu_rank(b->app->menu));
		if (c == 0)
			c = strcmp(a->app->menu, b->app->menu);
		break;
	case APP_SORT_STATUS: c = cmp3(status_rank(a->app->status), status_rank(b->app->status)); break;
	case APP_SORT_NS: {
		bool ha = a->check && a->check->has_national_share, hb = b->check && b->check->has_national_share;
		if (ha != hb)
			return ha ? -1 : 1; /* no amount: last either way */
		c = ha ? cmp3(a->check->national_share_yen, b->check->national_share_yen) : 0;
		break;
	}
	case APP_SORT_UPDATED: c = strcmp(a->app->updated_at ? a->app->updated_at : "", b->app->updated_at ? b->app->updated_at : ""); break;
	case APP_SORT_TITLE: c = strcmp(a->app->title ? a->app->title : "", b->app->title ? b->app->title : ""); break;
	default: break;
	}
	if (q->desc)
		c = -c;
	return c ? c : cmp3(a->app->id, b->app->id);
}

/* The round's checks, taken once per round for the whole page. */
static const svc_check_row *check_of(svc *s, const svc_user *actor, svc_app_page *p, const store_app *app)
{
	for (size_t i = 0; i < p->n_checks; i++)
		if (strcmp(p->check_keys[i], app->round_key) == 0)
			return svc_round_checks_find(p->checks[i], app->id);
	if (p->n_checks == sizeof p->checks / sizeof p->checks[0])
		return NULL;
	svc_err e = { 0 };
	svc_round_checks *c = svc_round_checks_get(s, actor, app->round_key, &e);
	svc_err_clear(&e); /* a round that cannot be checked: its rows show no check */
	p->check_keys[p->n_checks] = app->round_key;
	p->checks[p->n_checks++] = c;
	return svc_round_checks_find(c, app->id);
}

static bool contains(const char *hay, const char *needle) { return hay && strstr(hay, needle) != NULL; }

static bool kind_matches(const organization *o, const char *kind)
{
	org_kind k;
	if (o == NULL)
		return false;
	if (strcmp(kind, "municipality") == 0)
		return org_kind_is_municipal(o->kind);
	return org_kind_from_id(kind, &k) && o->kind == k;
}

static bool keep(const svc_app_query *q, const store_app *a, const organization *o)
{
	if ((given(q->round) && strcmp(q->round, a->round_key) != 0) || (given(q->menu) && strcmp(q->menu, a->menu) != 0) ||
	    (given(q->status) && strcmp(q->status, a->status) != 0) ||
	    (given(q->prefecture) && strncmp(q->prefecture, a->organization, 2) != 0) ||
	    (given(q->kind) && !kind_matches(o, q->kind)))
		return false;
	return !given(q->q) || contains(a->title, q->q) || contains(a->organization_name, q->q) ||
	       contains(a->organization, q->q) || (o && contains(o->kana, q->q));
}

int svc_app_find(svc *s, const svc_user *actor, const svc_app_query *q, svc_app_page *out, svc_err *err)
{
	*out = (svc_app_page){ .page = q->page ? q->page : 1, .per_page = q->per_page };
	arena_init(&out->a);
	if (actor->id == 0) {
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
		return -1;
	}
	bool office = svc_is_office(actor);
	if (!office && (q->errors || given(q->field) || q->sort == APP_SORT_NS)) {
		svc_fail(err, 400, "INVALID", "判定による絞り込み（errors, field）と国費での並べ替えは事務局・管理者の一覧だけです");
		return -1;
	}
	store_app *apps;
	size_t n;
	store_app_scope scope = actor->role == ROLE_APPLICANT  ? SCOPE_ORGANIZATION
				: actor->role == ROLE_REVIEWER ? SCOPE_REVIEWER
							       : SCOPE_ALL_BUT_DRAFTS;
	if (store_app_list(s->st, scope, actor->organization, actor->id, &out->a, &apps, &n) != STORE_OK) {
		svc_db_fail(s, err);
		return -1;
	}
	svc_app_item *items = arena_alloc(&out->a, (n ? n : 1) * sizeof *items);
	if (items == NULL) {
		svc_nomem(err);
		return -1;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		const organization *o = org_find(&s->cat->orgs, apps[i].organization);
		if (!keep(q, &apps[i], o))
			continue;
		const svc_check_row *check = office ? check_of(s, actor, out, &apps[i]) : NULL;
		if ((q->errors && (check == NULL || check->errors == 0)) || (given(q->field) && !svc_check_row_has_field(check, q->field)))
			continue;
		items[k++] = (svc_app_item){ .app = &apps[i], .org = o, .check = check };
	}
	if (k > 1 && q->sort != APP_SORT_ID)
		qsort_r(items, k, sizeof *items, cmp_items, (void *)q);
	else if (k > 1 && q->desc) /* the list comes by id: reversed is descending */
		for (size_t i = 0; i < k / 2; i++) {
			svc_app_item t = items[i];
			items[i] = items[k - 1 - i];
			items[k - 1 - i] = t;
		}
	out->visible = n;
	out->total = k;
	size_t first = out->per_page ? (out->page - 1) * out->per_page : 0;
	out->items = items + (first < k ? first : k);
	out->n = first >= k ? 0 : out->per_page && k - first > out->per_page ? out->per_page : k - first;
	return 0;
}

void svc_app_page_free(svc_app_page *p)
{
	for (size_t i = 0; i < p->n_checks; i++)
		svc_round_checks_release(p->checks[i]);
	p->n_checks = 0;
	arena_free(&p->a);
}

json_t *svc_app_search(svc *s, const svc_user *actor, const svc_app_query *q, svc_err *err)
{
	svc_app_page p;
	json_t *out = NULL;
	if (svc_app_find(s, actor, q, &p, err) == 0) {
		json_t *arr = json_array();
		for (size_t i = 0; i < p.n; i++) {
			json_t *o = svc_app_summary(p.items[i].app);
			const svc_check_row *c = p.items[i].check;
			if (svc_is_office(actor)) {
				json_object_set_new(o, "national_share_yen",
						    c && c->has_national_share ? json_integer(c->national_share_yen) : json_null());
				json_object_set_new(o, "errors", c ? json_integer((json_int_t)c->errors) : json_null());
			}
			json_array_append_new(arr, o);
		}
		out = json_pack("{s:o,s:I}", "applications", arr, "total", (json_int_t)p.total);
		if (p.per_page) {
			json_object_set_new(out, "page", json_integer((json_int_t)p.page));
			json_object_set_new(out, "per_page", json_integer((json_int_t)p.per_page));
		}
	}
	svc_app_page_free(&p);
	return out;
}

/* ---- bulk actions ---- */

#define BULK_MAX 500

json_t *svc_app_bulk(svc *s, const svc_user *actor, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "action", "ids", "reviewer", "reviewer_id", NULL };
	if (actor->id == 0) {
		svc_fail(err, 401, "LOGIN_REQUIRED", "ログインしてください");
		return NULL;
	}
	if (!svc_is_office(actor)) {
		svc_fail(err, 403, "FORBIDDEN", "一括操作は事務局・管理者だけが行えます");
		return NULL;
	}
	if (!svc_body_fields(body, keys, err))
		return NULL;
	const char *action = svc_body_str(body, "action");
	bool assign = action && strcmp(action, "assign") == 0;
	app_action act = ACT_SCREEN;
	if (action && strcmp(action, "naiji") == 0)
		act = ACT_NAIJI;
	else if (!assign && !(action && strcmp(action, "screen") == 0)) {
		svc_fail(err, 400, "INVALID", "action は screen, assign, naiji のいずれかです");
		svc_detail(err, "action", "screen / assign / naiji");
		return NULL;
	}
	json_t *ids = json_object_get(body, "ids"), *v;
	size_t i;
	bool ids_ok = json_is_array(ids) && json_array_size(ids) > 0 && json_array_size(ids) <= BULK_MAX;
	json_array_foreach(ids, i, v) ids_ok = ids_ok && json_is_integer(v) && json_integer_value(v) > 0;
	if (!ids_ok) {
		svc_fail(err, 400, "INVALID", "ids は申請IDの配列（1〜%d件）です", BULK_MAX);
		svc_detail(err, "ids", "申請IDの配列");
		return NULL;
	}
	json_t *who = json_object_get(body, "reviewer") ? json_object_get(body, "reviewer") : json_object_get(body, "reviewer_id");
	if (assign && !json_is_string(who) && !json_is_integer(who)) {
		svc_fail(err, 400, "INVALID", "審査員の割当てには reviewer（ログインID）か reviewer_id が必要です");
		svc_detail(err, "reviewer", "審査員のログインID");
		return NULL;
	}
	json_t *assign_body = assign ? json_pack("{s:O}", json_is_string(who) ? "reviewer" : "reviewer_id", who) : NULL;
	json_t *results = json_array();
	json_array_foreach(ids, i, v)
	{
		int64_t id = (int64_t)json_integer_value(v);
		svc_err e = { 0 };
		/* each row as one request would be: its own transaction and audit entry */
		json_t *done = assign ? svc_assign(s, actor, id, assign_body, &e) : svc_app_transition(s, actor, id, act, &e);
		json_t *st = json_object_get(done, "status");
		json_array_append_new(results, json_pack("{s:I,s:b,s:O,s:o,s:o}", "id", (json_int_t)id, "ok", done != NULL,
							 "status", st ? st : json_null(), "error",
							 done ? json_null() : json_string(e.message), "code",
							 done ? json_null() : json_string(e.code ? e.code : "ERROR")));
		json_decref(done);
		svc_err_clear(&e);
	}
	json_decref(assign_body);
	return json_pack("{s:o}", "results", results);
}
