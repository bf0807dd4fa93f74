/* results.c — published results; see results.h. */
#include "results.h"
#include "service_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/check.h"
#include "../io/decisions_csv.h"
#include "../io/json_application.h"

typedef struct decisions_ctx {
	svc_progress progress;
	void *progress_ctx;
	const char *source;
} decisions_ctx;

static int decisions_decode(svc *s, const char *data, size_t len, csv_encoding enc, const char *source, arena *a,
			    void **rows, size_t *n, diag_list *problems, char *e, size_t elen)
{
	(void)source;
	return decisions_csv_decode(data, len, enc, s->cat, a, (decision_row **)rows, n, problems, e, elen);
}

static store_rc decision_add(svc *s, const void *rows, size_t i, size_t n, arena *a, void *ctx, svc_err *err)
{
	const decisions_ctx *c = ctx;
	const decision_row *d = (const decision_row *)rows + i;
	store_published p = { .round_key = d->rules->id, .menu = d->menu->id, .prefecture = d->prefecture,
			      .organization_code = d->org->code, .organization_name = d->org->name, .title = d->title,
			      .fields = d->fields_joined, .project_cost_yen = d->project_cost_yen,
			      .national_share_yen = d->national_share_yen, .status = d->status, .category = d->category,
			      .platform_policy = d->platform, .source = c->source, .line = (int)d->line };
	store_rc rc = store_published_add(s->st, &p, NULL);
	if (rc == STORE_DUPLICATE) {
		svc_fail(err, 409, "DUPLICATE", "%s: %zu行の決定（%s %s「%s」）は取り込み済みです。何も取り込んでいません",
			 c->source, d->line, d->org->name, d->menu->id, d->title);
		svc_detail(err, arena_printf(a, "%zu", d->line), "取り込み済みの決定です");
	}
	if (rc == STORE_OK && c->progress && (i + 1) % 500 == 0)
		c->progress(i + 1, n, c->progress_ctx);
	return rc;
}

json_t *svc_import_decisions(svc *s, const char *actor, const char *data, size_t len, csv_encoding enc,
			     const char *source, svc_progress progress, void *progress_ctx, svc_err *err)
{
	decisions_ctx c = { progress, progress_ctx, source };
	svc_import im = { .actor = actor, .action = "decisions.import", .invalid_code = "DECISIONS_INVALID",
			  .source = source, .decode = decisions_decode, .add = decision_add, .ctx = &c };
	json_t *out = svc_import_csv(s, &im, data, len, enc, err);
	if (out && progress) {
		size_t n = (size_t)json_integer_value(json_object_get(out, "imported"));
		progress(n, n, progress_ctx);
	}
	return out;
}

/* Whether round (an id) is in the comma-separated list (NULL = every round). */
static bool round_selected(const char *rounds, const char *round)
{
	if (rounds == NULL || rounds[0] == '\0')
		return true;
	size_t rl = strlen(round);
	for (const char *p = rounds; p && *p;) {
		const char *c = strchr(p, ',');
		size_t l = c ? (size_t)(c - p) : strlen(p);
		if (l == rl && strncmp(p, round, l) == 0)
			return true;
		p = c ? c + 1 : NULL;
	}
	return false;
}

bool svc_publicly_decided(const char *status)
{
	/* 「内示・公表」: a decision becomes public at 内示 and stays public through every
	 * later step (交付申請, 交付決定, 額の確定); 採択 alone is still internal */
	static const char *const public_states[] = { "naiji", "grant_applied", "granted", "confirmed", "closed" };
	for (size_t i = 0; status && i < sizeof public_states / sizeof public_states[0]; i++)
		if (strcmp(status, public_states[i]) == 0)
			return true;
	return false;
}

/* The decided projects of the rounds: imported ones as imported, digiden's own only
 * once publicly decided unless all (the office's audit sees every decision). */
static int decided_projects(svc *s, const char *rounds, bool all, arena *a, decided_project **out, size_t *n,
			    svc_err *err)
{
	store_published *pub;
	store_decided *dec;
	size_t np, nd;
	*out = NULL;
	*n = 0;
	if (store_published_list(s->st, NULL, a, &pub, &np) != STORE_OK ||
	    store_decided_list(s->st, NULL, a, &dec, &nd) != STORE_OK) {
		svc_fail(err, 500, "DATABASE", "データベースの処理に失敗しました（%s）", store_errmsg(s->st));
		return -1;
	}
	decided_project *p = arena_alloc(a, (np + nd + 1) * sizeof *p);
	if (p == NULL) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return -1;
	}
	for (size_t i = 0; i < np; i++) {
		if (!round_selected(rounds, pub[i].round_key))
			continue;
		const organization *o = org_find(&s->cat->orgs, pub[i].organization_code);
		if (o == NULL)
			continue;
		decided_project *q = &p[(*n)++];
		*q = (decided_project){ .round = pub[i].round_key, .menu = pub[i].menu, .org = o, .title = pub[i].title,
					.status = pub[i].status, .category = pub[i].category,
					.platform = pub[i].platform_policy, .project_cost_yen = pub[i].project_cost_yen,
					.national_share_yen = pub[i].national_share_yen,
					.rules = rules_find(&s->cat->rules, pub[i].round_key), .line = (size_t)pub[i].line };
		/* fields "a|b|c" into an array */
		char *f = arena_strdup(a, pub[i].fields);
		const char **fields = arena_alloc(a, (strlen(f) / 2 + 2) * sizeof(char *));
		size_t nf = 0;
		for (char *t = f, *next; t && *t; t = next) {
			next = strchr(t, '|');
			if (next)
				*next++ = '\0';
			fields[nf++] = t;
		}
		q->fields = fields;
		q->n_fields = nf;
	}
	for (size_t i = 0; i < nd; i++) {
		if (!round_selected(rounds, dec[i].app.round_key) || !(all || svc_publicly_decided(dec[i].app.status)))
			continue;
		const organization *o = org_find(&s->cat->orgs, dec[i].app.organization);
		json_t *body = json_loads(dec[i].app.body, 0, NULL);
		if (o == NULL || body == NULL) {
			json_decref(body);
			continue;
		}
		application *app = arena_alloc(a, sizeof *app);
		diag_list dl;
		diag_list_init(&dl, a);
		check_result r;
		const rule_set *rs = rules_find(&s->cat->rules, dec[i].app.round_key);
		if (app == NULL || json_application_decode(body, a, app, &dl) != 0 ||
		    check_application(app, &dl, &s->cat->rules, &s->cat->orgs, a, &r) != 0) {
			json_decref(body);
			svc_fail(err, 500, "NOMEM", "メモリが足りません");
			return -1;
		}
		json_decref(body);
		p[(*n)++] = (decided_project){ .round = dec[i].app.round_key, .menu = dec[i].app.menu, .org = o,
					       .title = dec[i].app.title,
					       .status = strcmp(dec[i].app.status, "granted") == 0 ? "granted" : "adopted",
					       .fields = app->fields, .n_fields = app->n_fields,
					       .platform = app->data_platform.has_policy ? dp_policy_key(app->data_platform.policy) : NULL,
					       .project_cost_yen = r.has_project_cost ? r.project_cost_yen : 0,
					       .national_share_yen = dec[i].amount_yen, .rules = rs };
	}
	*out = p;
	return 0;
}

int svc_decided_projects(svc *s, const char *rounds, arena *a, decided_project **out, size_t *n, svc_err *err)
{
	return decided_projects(s, rounds, false, a, out, n, err);
}

int svc_report_table(svc *s, const report_query *q, arena *a, report *out, const rule_set **rules, svc_err *err)
{
	decided_project *p;
	size_t n;
	const char *rounds = q->rounds;
	if (svc_decided_projects(s, rounds, a, &p, &n, err) != 0)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		bool keep = !(q->menus && q->menus[0]) || round_selected(q->menus, p[i].menu);
		if (keep && q->prefecture && q->prefecture[0])
			keep = strncmp(p[i].org->code, q->prefecture, 2) == 0 && strlen(q->prefecture) == 2;
		if (keep && q->field && q->field[0]) {
			bool has = false;
			for (size_t f = 0; f < p[i].n_fields && !has; f++)
				has = strcmp(p[i].fields[f], q->field) == 0;
			keep = has;
		}
		if (keep)
			p[k++] = p[i];
	}
	n = k;
	/* menu labels from the first selected round (or the first project's) */
	const rule_set *rs = NULL;
	for (size_t i = 0; i < s->cat->rules.len && rs == NULL; i++)
		if (rounds && round_selected(rounds, s->cat->rules.sets[i]->id))
			rs = s->cat->rules.sets[i];
	if (rs == NULL && n > 0)
		rs = p[0].rules;
	if (rounds)
		for (const char *t = rounds; t && *t;) {
			const char *c = strchr(t, ',');
			char *one = arena_strndup(a, t, c ? (size_t)(c - t) : strlen(t));
			if (rules_find(&s->cat->rules, one) == NULL) {
				svc_fail(err, 404, "ROUND_UNKNOWN", "募集回「%s」はありません", one);
				return -1;
			}
			t = c ? c + 1 : NULL;
		}
	if (report_build(p, n, q->by, rs, &s->cat->orgs, q->orgs_once, a, out) != 0) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		return -1;
	}
	*rules = rs;
	return 0;
}

static json_t *row_json(const report_row *r)
{
	char oku[48];
	json_t *o = json_object();
	json_object_set_new(o, "key", json_string(r->key));
	json_object_set_new(o, "label", json_string(r->label));
	json_object_set_new(o, "organizations", json_integer((json_int_t)r->organizations));
	json_object_set_new(o, "projects", json_integer((json_int_t)r->projects));
	json_object_set_new(o, "project_cost_yen", json_integer(r->project_cost_yen));
	json_object_set_new(o, "national_share_yen", json_integer(r->national_share_yen));
	/* as published: 億円 with one decimal */
	money_format_oku1(r->project_cost_yen, oku, sizeof oku);
	oku[strlen(oku) - strlen("億円")] = '\0';
	json_object_set_new(o, "project_cost_oku", json_string(oku));
	money_format_oku1(r->national_share_yen, oku, sizeof oku);
	oku[strlen(oku) - strlen("億円")] = '\0';
	json_object_set_new(o, "national_share_oku", json_string(oku));
	if (r->within)
		json_object_set_new(o, "within", json_true());
	return o;
}

json_t *svc_report(svc *s, const report_query *q, svc_err *err)
{
	arena a;
	arena_init(&a);
	report rep;
	const rule_set *rs;
	json_t *out = NULL;
	const char *rounds = q->rounds;
	report_by by = q->by;
	if (svc_report_table(s, q, &a, &rep, &rs, err) == 0) {
		out = json_object();
		json_t *rows = json_array();
		for (size_t i = 0; i < rep.n_rows; i++)
			json_array_append_new(rows, row_json(&rep.rows[i]));
		json_object_set_new(out, "rows", rows);
		json_object_set_new(out, "total", row_json(&rep.total));
		json_object_set_new(out, "by", json_string(report_by_key(by)));
		json_object_set_new(out, "title", json_string(report_by_label(by)));
		json_object_set_new(out, "rounds", json_string(rounds ? rounds : "all"));
		json_object_set_new(out, "menus", json_string(q->menus ? q->menus : "all"));
		json_object_set_new(out, "field", q->field ? json_string(q->field) : json_null());
		json_object_set_new(out, "prefecture", q->prefecture ? json_string(q->prefecture) : json_null());
		json_object_set_new(out, "orgs_once", json_boolean(q->orgs_once));
		json_object_set_new(out, "note",
				    json_string("億円は0.1億円単位に四捨五入（公表資料と同じ）。内訳の四捨五入値の和は合計の四捨五入値と一致しないことがある。"
						"団体数は各行・合計とも重複を除いた数。"));
	}
	arena_free(&a);
	return out;
}

json_t *svc_audit_decisions(svc *s, const char *round, svc_err *err)
{
	arena a;
	arena_init(&a);
	decided_project *p;
	size_t n;
	decision_finding *f;
	size_t nf;
	json_t *out = NULL;
	if (round && rules_find(&s->cat->rules, round) == NULL) {
		svc_fail(err, 404, "ROUND_UNKNOWN", "募集回「%s」はありません", round);
		goto done;
	}
	if (decided_projects(s, round, true, &a, &p, &n, err) != 0)
		goto done;
	if (decision_audit(p, n, &a, &f, &nf) != 0) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		goto done;
	}
	out = json_object();
	json_t *arr = json_array();
	for (size_t i = 0; i < nf; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "line", f[i].line ? json_integer((json_int_t)f[i].line) : json_null());
		json_object_set_new(o, "organization_code", json_string(f[i].org->code));
		json_object_set_new(o, "organization", json_string(f[i].org->name));
		json_object_set_new(o, "rule", json_string(f[i].rule));
		json_object_set_new(o, "message", json_string(f[i].message));
		json_array_append_new(arr, o);
	}
	json_object_set_new(out, "findings", arr);
done:
	arena_free(&a);
	return out;
}

/* ---- jGrants-shaped listing ---- */

static json_t *subsidy_json(const rule_set *rs, const rule_menu *m, const store_round *r, bool full)
{
	char fb[32], round_label[64], id[160];
	snprintf(id, sizeof id, "%s.%s", rs->id, m->id);
	for (char *c = id; *c; c++)
		if (*c == '/')
			*c = '.';
	json_t *o = json_object();
	json_object_set_new(o, "id", json_string(id));
	json_object_set_new(o, "name", json_string(id));
	json_object_set_new(o, "title", json_string(m->name));
	json_object_set_new(o, "target_area_search", json_string("全国"));
	json_object_set_new(o, "subsidy_max_limit", m->cap.present ? json_integer(m->cap.yen) : json_null());
	json_object_set_new(o, "acceptance_start_datetime", json_null());
	json_object_set_new(o, "acceptance_end_datetime", r && r->deadline ? json_string(r->deadline) : json_null());
	json_object_set_new(o, "target_number_of_employees", json_string("従業員の制約なし"));
	if (full) {
		json_object_set_new(o, "subsidy_catch_phrase", json_string(rs->title));
		json_object_set_new(o, "detail", json_string(m->note ? m->note : m->name));
		json_object_set_new(o, "use_purpose", json_string("地域の課題解決・魅力向上（デジタル実装）"));
		json_object_set_new(o, "industry", json_string("地方公共団体"));
		json_object_set_new(o, "target_area_detail", json_string("都道府県・市町村（特別区を含む）"));
		json_object_set_new(o, "subsidy_rate", m->has_rate ? json_string(fraction_format(m->rate, fb, sizeof fb)) : json_null());
		json_object_set_new(o, "request_reception_presence", json_string(r && strcmp(r->status, "open") == 0 ? "有" : "無"));
	}
	/* digiden's own, richer fields beside jGrants' */
	json_t *d = json_object();
	json_object_set_new(d, "round", json_string(rs->id));
	json_object_set_new(d, "round_label", json_string(rules_round_label(rs, round_label, sizeof round_label)));
	json_object_set_new(d, "menu", json_string(m->id));
	json_object_set_new(d, "fiscal_year", json_integer(rs->fiscal_year));
	json_object_set_new(d, "status", json_string(rs->status));
	json_object_set_new(d, "accepting", json_boolean(r && strcmp(r->status, "open") == 0));
	if (m->has_rate) {
		json_t *rate = json_object();
		json_object_set_new(rate, "value", json_string(fraction_format(m->rate, fb, sizeof fb)));
		json_object_set_new(rate, "source", json_string(m->rate_cite.source));
		json_object_set_new(rate, "quote", json_string(m->rate_cite.quote));
		json_object_set_new(d, "rate", rate);
	}
	if (m->cap.present) {
		json_t *cap = json_object();
		json_object_set_new(cap, "value", json_integer(m->cap.yen));
		json_object_set_new(cap, "source", json_string(m->cap.cite.source));
		json_object_set_new(cap, "quote", json_string(m->cap.cite.quote));
		json_object_set_new(d, "cap_yen", cap);
	}
	json_t *reqs = json_array();
	for (int q = 0; q < REQ__MAX; q++)
		if (m->req[q].present) {
			json_t *rq = json_object();
			json_object_set_new(rq, "id", json_string(requirement_key((requirement_id)q)));
			json_object_set_new(rq, "source", json_string(m->req[q].cite.source));
			json_object_set_new(rq, "quote", json_string(m->req[q].cite.quote));
			json_array_append_new(reqs, rq);
		}
	json_object_set_new(d, "requirements", reqs);
	json_object_set_new(o, "digiden", d);
	return o;
}

static json_t *envelope(json_t *result)
{
	json_t *meta = json_object(), *rs = json_object(), *o = json_object();
	json_object_set_new(rs, "count", json_integer((json_int_t)json_array_size(result)));
	json_object_set_new(meta, "type", json_string("application/json"));
	json_object_set_new(meta, "resultset", rs);
	json_object_set_new(o, "metadata", meta);
	json_object_set_new(o, "result", result);
	return o;
}

static json_t *listing(svc *s, const char *keyword, bool accepting_only, const char *only_id, svc_err *err)
{
	arena a;
	arena_init(&a);
	store_round *rounds;
	size_t n;
	if (store_round_list(s->st, &a, &rounds, &n) != STORE_OK) {
		arena_free(&a);
		svc_fail(err, 500, "DATABASE", "データベースの処理に失敗しました");
		return NULL;
	}
	json_t *result = json_array();
	for (size_t i = 0; i < s->cat->rules.len; i++) {
		const rule_set *rs = s->cat->rules.sets[i];
		const store_round *r = NULL;
		for (size_t k = 0; k < n; k++)
			if (strcmp(rounds[k].key, rs->id) == 0)
				r = &rounds[k];
		if (accepting_only && !(r && strcmp(r->status, "open") == 0))
			continue;
		for (size_t m = 0; m < rs->n_menus; m++) {
			json_t *o = subsidy_json(rs, &rs->menus[m], r, only_id != NULL);
			const char *id = json_string_value(json_object_get(o, "id"));
			bool keep = only_id ? strcmp(id, only_id) == 0
					    : keyword == NULL || strstr(rs->menus[m].name, keyword) || strstr(rs->title, keyword) ||
						      strstr(id, keyword);
			if (keep)
				json_array_append_new(result, o);
			else
				json_decref(o);
		}
	}
	arena_free(&a);
	return envelope(result);
}

json_t *svc_subsidies(svc *s, const char *keyword, bool accepting_only, svc_err *err)
{
	return listing(s, keyword, accepting_only, NULL, err);
}

json_t *svc_subsidy(svc *s, const char *id, svc_err *err)
{
	json_t *o = listing(s, NULL, false, id, err);
	if (o && json_array_size(json_object_get(o, "result")) == 0) {
		json_decref(o);
		svc_fail(err, 404, "NOT_FOUND", "補助金「%s」はありません", id);
		return NULL;
	}
	return o;
}

int svc_export_decisions(svc *s, const char *round, csv_writer *w, svc_err *err)
{
	arena a;
	arena_init(&a);
	decided_project *p;
	size_t n;
	int rc = -1;
	if (svc_decided_projects(s, round, &a, &p, &n, err) != 0)
		goto done;
	decisions_csv_header(w, true);
	for (size_t i = 0; i < n; i++) {
		const organization *pref = org_prefecture_of(&s->cat->orgs, p[i].org);
		char *fields = arena_strdup(&a, "");
		for (size_t f = 0; f < p[i].n_fields; f++)
			fields = arena_printf(&a, "%s%s%s", fields, f ? "|" : "", p[i].fields[f]);
		csv_field(w, p[i].round);
		csv_field(w, p[i].menu);
		csv_field(w, pref ? pref->name : "");
		csv_field(w, p[i].org->name);
		csv_field(w, p[i].org->code);
		csv_field(w, p[i].title);
		csv_field(w, fields);
		csv_field_int(w, p[i].project_cost_yen);
		csv_field_int(w, p[i].national_share_yen);
		csv_field(w, p[i].status);
		csv_field(w, p[i].category ? p[i].category : "");
		csv_field(w, p[i].platform ? p[i].platform : "");
		csv_end_row(w);
	}
	rc = 0;
done:
	arena_free(&a);
	return rc;
}
