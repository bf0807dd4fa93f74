/* history.c — organizations' history and the 伴走支援 check; see history.h. */
#include "../io/rules_cache.h"
#include "history.h"
#include "service_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/diag.h"
#include "../io/support_rules.h"

static void dberr(svc *s, svc_err *err)
{
	svc_fail(err, 500, "DATABASE", "データベースの処理に失敗しました（%s）", store_errmsg(s->st));
}


/* ---- import ---- */

static const char *const hcols[] = { "organization_code", "prefecture", "organization", "program", "round",
				     "menu",              "status",     "title",        "note",    "source" };
enum { H_CODE, H_PREF, H_ORG, H_PROGRAM, H_ROUND, H_MENU, H_STATUS, H_TITLE, H_NOTE, H_SOURCE, H__MAX };

typedef struct hrow {
	size_t line;
	const organization *org;
	store_history h;
} hrow;

/* Rows already taken, by identity (open addressing, at most half full). */
typedef struct seen_set {
	struct seen_slot {
		const char *id;
		size_t line;
	} *slots;
	size_t cap;
} seen_set;

/* Adds id (first seen at line); returns the line it was first seen at when it was
 * there already, else 0. */
static size_t seen_add(seen_set *x, const char *id, size_t line)
{
	size_t h = 5381;
	for (const char *p = id; *p; p++)
		h = h * 33 + (unsigned char)*p;
	for (size_t i = h % x->cap;; i = (i + 1) % x->cap) {
		if (x->slots[i].id == NULL) {
			x->slots[i] = (struct seen_slot){ id, line };
			return 0;
		}
		if (strcmp(x->slots[i].id, id) == 0)
			return x->slots[i].line;
	}
}

/* Decodes every row; problems go to problems ("LINE:column"). Returns 0 when the file
 * is CSV with the right header, -1 with err otherwise. */
static int decode_history(const char *data, size_t len, csv_encoding enc, const catalog *cat, const char *file, arena *a,
			  hrow **rows, size_t *n, diag_list *problems, char *err, size_t errlen)
{
	*n = 0;
	*rows = NULL;
	csv_file f;
	int parsed = csv_parse(data, len, enc, a, &f, err, errlen);
	if (parsed == 0 && f.n_records == 0)
		snprintf(err, errlen, "ファイルが空です（見出し行 %s が必要です）", HISTORY_CSV_HEADER);
	if (parsed != 0 || f.n_records == 0)
		return -1;
	const csv_record *hd = &f.records[0];
	bool header_ok = hd->n_fields == H__MAX;
	for (size_t i = 0; header_ok && i < H__MAX; i++)
		header_ok = strcmp(hd->fields[i], hcols[i]) == 0;
	if (!header_ok) {
		snprintf(err, errlen, "%zu行: 見出し行が違います。次の順で必要です: %s", hd->line, HISTORY_CSV_HEADER);
		return -1;
	}
	hrow *out = arena_alloc(a, (f.n_records + 1) * sizeof *out);
	/* the rows taken so far, by their identity: a repeated row is found in O(1) */
	seen_set seen = { .cap = 2 * f.n_records + 1 };
	seen.slots = arena_alloc(a, seen.cap * sizeof *seen.slots);
	if (out == NULL || seen.slots == NULL) {
		snprintf(err, errlen, "メモリが足りません");
		return -1;
	}
#define PROBLEM(col, ...) \
	diag_add(problems, DIAG_ERROR, "HISTORY_INVALID", arena_printf(a, "%zu:%s", r->line, hcols[col]), __VA_ARGS__)
	for (size_t k = 1; k < f.n_records; k++) {
		const csv_record *r = &f.records[k];
		if (r->n_fields == 1 && r->fields[0][0] == '\0')
			continue; /* a blank line */
		if (r->n_fields != H__MAX) {
			diag_add(problems, DIAG_ERROR, "HISTORY_COLUMNS", arena_printf(a, "%zu", r->line), "列の数が %zu です（見出しは %d 列）",
				 r->n_fields, H__MAX);
			continue;
		}
		char **c = r->fields;
		size_t before = problems->len;
		hrow d = { .line = r->line };
		/* organization: code, or prefecture + name */
		static const int org_col[] = { [ORG_ROW_PREFECTURE] = H_PREF, [ORG_ROW_CODE] = H_CODE, [ORG_ROW_NAME] = H_ORG };
		org_resolution res;
		org_resolve_row(&cat->orgs, c[H_PREF], c[H_CODE], c[H_ORG], &res);
		for (size_t pi = 0; pi < res.n_problems; pi++)
			PROBLEM(org_col[res.problem[pi].column], "%s", res.problem[pi].message);
		d.org = res.org;
		/* program, round, menu, status */
		const char *program = c[H_PROGRAM];
		bool program_ok = history_program_known(program);
		if (!program_ok)
			PROBLEM(H_PROGRAM,
				"事業「%s」はありません（digital-implementation, new-local-economy-digital, bansou, dispatch, future-tech）",
				program);
		char key[32];
		int fy = 0;
		const char *budget = "";
		if (!history_round_parse(c[H_ROUND], key, sizeof key, &fy, &budget))
			PROBLEM(H_ROUND, "回「%s」が読めません（fy2022-supp, fy2023, 令和4年度補正, 令和5年度 など）", c[H_ROUND]);
		const char *menu = program_ok ? history_menu_canonical(program, c[H_MENU]) : "";
		if (menu == NULL)
			PROBLEM(H_MENU, "事業 %s に類型「%s」はありません", program, c[H_MENU]);
		else if (program_ok && fy && menu[0] && strcmp(program, PROGRAM_DIGITAL_IMPLEMENTATION) == 0) {
			/* a round digiden has a rule set for: the menu must be one of it */
			const rule_set *rs = rules_find(&cat->rules, arena_printf(a, "%s/%s", program, key));
			if (rs && rules_find_menu(rs, menu) == NULL)
				PROBLEM(H_MENU, "募集回 %s に類型「%s」はありません", rs->id, menu);
		}
		const char *status = program_ok ? history_status_canonical(program, c[H_STATUS]) : "";
		if (status == NULL)
			PROBLEM(H_STATUS, "事業 %s の状態「%s」はありません（%s）", program, c[H_STATUS],
				strcmp(program, PROGRAM_BANSOU) == 0	      ? "selected（採択）"
				: strcmp(program, PROGRAM_DISPATCH) == 0    ? "used（利用）"
				: strcmp(program, PROGRAM_FUTURE_TECH) == 0 ? "selected（選定）か continued（継続）"
									    : "adopted（採択）か granted（交付決定）");
		if (c[H_SOURCE][0] == '\0')
			PROBLEM(H_SOURCE, "出典（source）がありません");
		if (problems->len != before)
			continue;
		d.h = (store_history){ .organization_code = d.org->code, .organization_name = d.org->name, .program = program,
				       .round = arena_strdup(a, key), .fiscal_year = fy, .budget = budget, .menu = menu,
				       .status = status, .title = c[H_TITLE], .note = c[H_NOTE], .source = c[H_SOURCE],
				       .file = file, .line = (int)r->line };
		/* the identity the store's UNIQUE constraint has: organization, program, round,
		 * menu, status, title — joined with a unit separator; every field before the
		 * title is a canonical code without one, so the join is unambiguous */
		char *id = arena_printf(a, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", d.h.organization_code, d.h.program, d.h.round,
					d.h.menu, d.h.status, d.h.title);
		size_t first_line = id ? seen_add(&seen, id, r->line) : 0;
		if (first_line != 0)
			diag_add(problems, DIAG_ERROR, "HISTORY_DUPLICATE", arena_printf(a, "%zu", r->line), "%zu行と同じ記録です",
				 first_line);
		if (problems->len == before)
			out[(*n)++] = d;
	}
#undef PROBLEM
	*rows = out;
	return 0;
}

static int history_decode(svc *s, const char *data, size_t len, csv_encoding enc, const char *source, arena *a,
			  void **rows, size_t *n, diag_list *problems, char *e, size_t elen)
{
	return decode_history(data, len, enc, s->cat, source, a, (hrow **)rows, n, problems, e, elen);
}

static store_rc history_add(svc *s, const void *rows, size_t i, size_t n, arena *a, void *ctx, svc_err *err)
{
	(void)n;
	const hrow *r = (const hrow *)rows + i;
	store_rc rc = store_history_add(s->st, &r->h, NULL);
	if (rc == STORE_DUPLICATE) {
		svc_fail(err, 409, "DUPLICATE", "%s: %zu行の記録（%s %s %s）は取り込み済みです。何も取り込んでいません",
			 (const char *)ctx, r->line, r->org->name, r->h.program, r->h.round);
		svc_detail(err, arena_printf(a, "%zu", r->line), "取り込み済みの記録です");
	}
	return rc;
}

json_t *svc_import_history(svc *s, const char *actor, const char *data, size_t len, csv_encoding enc, const char *file,
			   svc_err *err)
{
	svc_import im = { .actor = actor, .action = "history.import", .invalid_code = "HISTORY_INVALID", .source = file,
			  .decode = history_decode, .add = history_add, .ctx = (void *)file };
	return svc_import_csv(s, &im, data, len, enc, err);
}

/* ---- reading ---- */

static history_record from_store(const store_history *h, arena *a)
{
	return (history_record){ .id = h->id, .origin = "history", .organization = h->organization_code,
				 .organization_name = h->organization_name,
				 .program = h->program, .round = h->round, .fiscal_year = h->fiscal_year, .budget = h->budget,
				 .menu = h->menu, .status = h->status, .title = h->title, .note = h->note, .source = h->source,
				 .imported_from = arena_printf(a, "%s:%d", h->file, h->line) };
}

/* "digital-implementation/fy2022-supp" → program, round, year and budget (from the rule
 * set when digiden has it). false when the key cannot be read. */
static bool split_round(svc *s, const char *round_key, arena *a, history_record *r)
{
	const char *slash = strchr(round_key, '/');
	if (slash == NULL)
		return false;
	r->program = arena_strndup(a, round_key, (size_t)(slash - round_key));
	char key[32];
	int fy;
	const char *budget;
	if (!history_round_parse(slash + 1, key, sizeof key, &fy, &budget))
		return false;
	r->round = arena_strdup(a, key);
	r->fiscal_year = fy;
	r->budget = budget;
	const rule_set *rs = rules_find(&s->cat->rules, round_key);
	if (rs) {
		r->fiscal_year = rs->fiscal_year;
		r->budget = rs->budget ? rs->budget : budget;
	}
	return r->program != NULL && r->round != NULL;
}

static bool wanted(const organization *const *orgs, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(orgs[i]->code, code) == 0)
			return true;
	return false;
}

static int record_cmp(const history_record *x, const history_record *y)
{
	if (x->fiscal_year != y->fiscal_year)
		return x->fiscal_year < y->fiscal_year ? -1 : 1;
	int c = strcmp(x->program, y->program);
	return c ? c : strcmp(x->round, y->round);
}

int svc_history_records(svc *s, const organization *const *orgs, size_t n_orgs, arena *a, history_record **out, size_t *n,
			svc_err *err)
{
	*out = NULL;
	*n = 0;
	store_published *pub;
	store_decided *dec;
	size_t np, nd;
	if (store_published_list(s->st, NULL, a, &pub, &np) != STORE_OK || store_decided_list(s->st, NULL, a, &dec, &nd) != STORE_OK) {
		dberr(s, err);
		return -1;
	}
	store_history **hs = arena_alloc(a, (n_orgs + 1) * sizeof *hs);
	size_t *nh = arena_alloc(a, (n_orgs + 1) * sizeof *nh);
	if (hs == NULL || nh == NULL)
		goto nomem;
	size_t total = np + nd;
	for (size_t i = 0; i < n_orgs; i++) {
		if (store_history_by_org(s->st, orgs[i]->code, a, &hs[i], &nh[i]) != STORE_OK) {
			dberr(s, err);
			return -1;
		}
		total += nh[i];
	}
	history_record *r = arena_alloc(a, (total + 1) * sizeof *r);
	if (r == NULL)
		goto nomem;
	for (size_t i = 0; i < n_orgs; i++)
		for (size_t k = 0; k < nh[i]; k++)
			r[(*n)++] = from_store(&hs[i][k], a);
	for (size_t i = 0; i < np; i++) {
		const store_published *p = &pub[i];
		if (!wanted(orgs, n_orgs, p->organization_code))
			continue;
		history_record h = { .id = p->id, .origin = "published", .organization = p->organization_code,
				     .organization_name = p->organization_name,
				     .menu = p->menu, .status = p->status, .title = p->title, .note = "", .source = p->source,
				     .imported_from = arena_printf(a, "%s:%d", p->source, p->line) };
		if (split_round(s, p->round_key, a, &h))
			r[(*n)++] = h;
	}
	for (size_t i = 0; i < nd; i++) {
		const store_app *p = &dec[i].app;
		if (!wanted(orgs, n_orgs, p->organization))
			continue;
		history_record h = { .id = p->id, .origin = "digiden", .organization = p->organization,
				     .organization_name = p->organization_name,
				     .menu = p->menu, .status = strcmp(p->status, "granted") == 0 ? "granted" : "adopted",
				     .title = p->title, .note = "", .source = "digiden",
				     .imported_from = arena_printf(a, "digiden 申請 #%lld", (long long)p->id) };
		if (split_round(s, p->round_key, a, &h))
			r[(*n)++] = h;
	}
	/* by year, then program and round; the origin order (history, published, digiden) is kept within */
	for (size_t i = 1; i < *n; i++) {
		history_record t = r[i];
		size_t j = i;
		while (j > 0 && record_cmp(&r[j - 1], &t) > 0) {
			r[j] = r[j - 1];
			j--;
		}
		r[j] = t;
	}
	*out = r;
	return 0;
nomem:
	svc_fail(err, 500, "NOMEM", "メモリが足りません");
	return -1;
}

json_t *history_record_json(const history_record *r, arena *a)
{
	/* in this order; json_string(NULL) leaves a member out */
	const char *const head[] = { "organization_code", r->organization, "organization", r->organization_name,
				     "program", r->program, "round", r->round, NULL };
	const char *const tail[] = { "budget", r->budget, "menu", r->menu, "status", r->status, "title", r->title,
				     "note", r->note, "source", r->source, "imported_from", r->imported_from,
				     "origin", r->origin, "label", history_record_label(r, a), NULL };
	json_t *j = json_object();
	for (size_t i = 0; head[i]; i += 2)
		json_object_set_new(j, head[i], json_string(head[i + 1]));
	json_object_set_new(j, "fiscal_year", json_integer(r->fiscal_year));
	for (size_t i = 0; tail[i]; i += 2)
		json_object_set_new(j, tail[i], json_string(tail[i + 1]));
	return j;
}

static json_t *org_json(const org_master *m, const organization *o)
{
	const organization *p = org_prefecture_of(m, o);
	json_t *j = json_object();
	json_object_set_new(j, "code", json_string(o->code));
	json_object_set_new(j, "name", json_string(o->name));
	json_object_set_new(j, "prefecture", p ? json_string(p->name) : json_null());
	json_object_set_new(j, "kind", json_string(org_kind_label(o->kind)));
	return j;
}

/* Resolves a code for the history commands (400 when invalid or unknown). */
static const organization *org_by_code(svc *s, const char *code, const char *path, svc_err *err)
{
	if (code == NULL || orgcode_validate(code) != ORGCODE_OK) {
		svc_fail(err, 400, "ORG_CODE", "団体コード「%s」が不正です（6桁・検査数字）", code ? code : "");
		svc_detail(err, path, err->message);
		return NULL;
	}
	const organization *o = org_find(&s->cat->orgs, code);
	if (o == NULL) {
		svc_fail(err, 400, "ORG_UNKNOWN", "団体コード「%s」は団体マスタにありません", code);
		svc_detail(err, path, err->message);
	}
	return o;
}

json_t *svc_history(svc *s, const char *org_code, svc_err *err)
{
	const organization *o = org_by_code(s, org_code, "org", err);
	if (o == NULL)
		return NULL;
	arena a;
	arena_init(&a);
	history_record *r = NULL;
	size_t n = 0;
	json_t *out = NULL;
	if (svc_history_records(s, &o, 1, &a, &r, &n, err) == 0) {
		out = json_object();
		json_object_set_new(out, "organization", org_json(&s->cat->orgs, o));
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, history_record_json(&r[i], &a));
		json_object_set_new(out, "records", arr);
	}
	arena_free(&a);
	return out;
}

json_t *svc_history_program(svc *s, const char *program, const char *round, svc_err *err)
{
	if (program == NULL || !history_program_known(program)) {
		svc_fail(err, 400, "PROGRAM_UNKNOWN",
		     "事業「%s」はありません（digital-implementation, new-local-economy-digital, bansou, dispatch, future-tech）",
		     program ? program : "");
		return NULL;
	}
	char key[32] = "";
	int fy;
	const char *budget;
	if (round && !history_round_parse(round, key, sizeof key, &fy, &budget)) {
		svc_fail(err, 400, "ROUND_INVALID", "回「%s」が読めません（fy2023, fy2022-supp, 令和5年度 など）", round);
		return NULL;
	}
	arena a;
	arena_init(&a);
	store_history *h;
	size_t n;
	json_t *out = NULL;
	if (store_history_by_program(s->st, program, round ? key : NULL, &a, &h, &n) != STORE_OK) {
		dberr(s, err);
	} else {
		out = json_object();
		json_object_set_new(out, "program", json_string(program));
		json_object_set_new(out, "round", round ? json_string(key) : json_null());
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			history_record r = from_store(&h[i], &a);
			json_array_append_new(arr, history_record_json(&r, &a));
		}
		json_object_set_new(out, "records", arr);
	}
	arena_free(&a);
	return out;
}

/* ---- the 伴走支援 check ---- */

static void bad(svc_err *err, const char *path, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void bad(svc_err *err, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (err->status == 0) {
		err->status = 400;
		err->code = "SUPPORT_INPUT";
		snprintf(err->message, sizeof err->message, "入力に誤りがあります");
	}
	svc_detail(err, path, msg);
}

static bool answerable(const support_condition *c)
{
	return c->kind == SUPPORT_DECLARATION || c->kind == SUPPORT_TARGETS || c->kind == SUPPORT_GUIDANCE;
}

/* answers → app (declarations, texts, the N1/N2 facts); problems via bad(). */
static void decode_answers(const support_rules *rules, int category, json_t *answers, arena *a, support_application *app,
			   svc_err *err)
{
	if (answers == NULL || json_is_null(answers))
		return;
	if (!json_is_object(answers)) {
		bad(err, "answers", "オブジェクトであるべきです");
		return;
	}
	size_t n_text_keys = 0;
	for (size_t i = 0; i < rules->n_conditions; i++)
		n_text_keys += rules->conditions[i].category == category && rules->conditions[i].answer_text != NULL;
	support_declaration *decl = arena_alloc(a, (rules->n_conditions + 1) * sizeof *decl);
	const char **texts = arena_alloc(a, (2 * n_text_keys + 2) * sizeof *texts);
	if (decl == NULL || texts == NULL) {
		bad(err, "answers", "メモリが足りません");
		return;
	}
	app->answers = decl;
	app->texts = texts;
	const char *key;
	json_t *v;
	json_object_foreach(answers, key, v)
	{
		const char *path = arena_printf(a, "answers.%s", key);
		if (strcmp(key, "declarations") == 0) {
			if (!json_is_object(v)) {
				bad(err, path, "条件の id と true/false のオブジェクトであるべきです");
				continue;
			}
			const char *id;
			json_t *b;
			json_object_foreach(v, id, b)
			{
				const char *p = arena_printf(a, "answers.declarations.%s", id);
				const support_condition *c = support_condition_find(rules, category, id);
				if (c == NULL || !answerable(c)) {
					bad(err, p, "類型%dに自己申告の条件「%s」はありません", category, id);
					continue;
				}
				if (!json_is_boolean(b)) {
					bad(err, p, "true か false であるべきです");
					continue;
				}
				decl[app->n_answers++] = (support_declaration){ .id = c->id, .value = json_is_true(b) };
			}
		} else if (strcmp(key, "prefecture_plans_category2") == 0 || strcmp(key, "consulted_prefecture") == 0) {
			if (!json_is_boolean(v)) {
				bad(err, path, "true か false であるべきです");
				continue;
			}
			support_answer x = json_is_true(v) ? ANSWER_YES : ANSWER_NO;
			if (key[0] == 'p')
				app->prefecture_plans_category2 = x;
			else
				app->consulted_prefecture = x;
		} else {
			bool text_key = false;
			for (size_t i = 0; i < rules->n_conditions && !text_key; i++)
				text_key = rules->conditions[i].category == category && rules->conditions[i].answer_text &&
					   strcmp(rules->conditions[i].answer_text, key) == 0;
			if (!text_key) {
				bad(err, path, "未知の項目です（declarations, prefecture_plans_category2, consulted_prefecture%s）",
				    n_text_keys ? " と連携先などの文字列" : "");
				continue;
			}
			if (!json_is_string(v)) {
				bad(err, path, "文字列であるべきです");
				continue;
			}
			if (app->n_texts < n_text_keys) {
				texts[2 * app->n_texts] = arena_strdup(a, key);
				texts[2 * app->n_texts + 1] = arena_strdup(a, json_string_value(v));
				app->n_texts++;
			}
		}
	}
}

static json_t *outcome_json(const support_outcome *o, bool warning, arena *a)
{
	json_t *j = json_object();
	json_object_set_new(j, "id", json_string(o->cond->id));
	if (!warning)
		json_object_set_new(j, "ok", json_boolean(o->ok));
	json_object_set_new(j, warning ? "message" : "reason", json_string(o->reason));
	json_object_set_new(j, "record", o->record ? history_record_json(o->record, a) : json_null());
	json_object_set_new(j, "organization", o->org ? json_string(o->org->code) : json_null());
	json_object_set_new(j, "label", json_string(o->cond->label));
	json_object_set_new(j, "source", json_string(o->cond->cite.source));
	json_object_set_new(j, "quote", json_string(o->cond->cite.quote));
	if (o->cond->cite.reading)
		json_object_set_new(j, "reading", json_true());
	if (o->cond->cite.note)
		json_object_set_new(j, "note", json_string(o->cond->cite.note));
	return j;
}

json_t *svc_support_check(svc *s, json_t *body, svc_err *err)
{
	static const char *const keys[] = { "program", "category", "organizations", "representative", "contact", "answers", NULL };
	arena a;
	arena_init(&a);
	json_t *out = NULL;
	support_application app = { 0 };
	if (!json_is_object(body)) {
		bad(err, "", "オブジェクトであるべきです");
		goto done;
	}
	const char *key;
	json_t *v;
	json_object_foreach(body, key, v)
	if (!svc_key_known(keys, key))
		bad(err, key, "未知の項目です");
	const char *program = json_string_value(json_object_get(body, "program"));
	char e[512];
	if (program == NULL) {
		bad(err, "program", "募集回（例 bansou/fy2025）がありません");
		goto done;
	}
	const support_rules *rules = rules_cache_support(program, e, sizeof e);
	if (rules == NULL) {
		bad(err, "program", "%s", e);
		goto done;
	}
	json_t *cat = json_object_get(body, "category");
	if (!json_is_integer(cat) || json_integer_value(cat) < 1 || json_integer_value(cat) > 3) {
		bad(err, "category", "類型は 1, 2, 3 のいずれかです");
		goto done;
	}
	app.rules = rules;
	app.category = (int)json_integer_value(cat);
	json_t *orgs = json_object_get(body, "organizations");
	if (!json_is_array(orgs) || json_array_size(orgs) == 0) {
		bad(err, "organizations", "団体コードの空でない配列であるべきです");
		goto done;
	}
	size_t n_orgs = json_array_size(orgs);
	const organization **list = arena_alloc(&a, (n_orgs + 1) * sizeof *list);
	if (list == NULL) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		goto done;
	}
	size_t i;
	json_t *c;
	json_array_foreach(orgs, i, c)
	{
		const char *path = arena_printf(&a, "organizations[%zu]", i);
		const char *code = json_string_value(c);
		const organization *o = NULL;
		if (code == NULL)
			bad(err, path, "団体コード（文字列）であるべきです");
		else if (orgcode_validate(code) != ORGCODE_OK)
			bad(err, path, "団体コード「%s」が不正です（6桁・検査数字）", code);
		else if ((o = org_find(&s->cat->orgs, code)) == NULL)
			bad(err, path, "団体コード「%s」は団体マスタにありません", code);
		else if (!o->applicant) {
			bad(err, path, "「%s」（%s）は地方公共団体ではありません", o->name, code);
			o = NULL;
		}
		for (size_t k = 0; o && k < app.n_orgs; k++)
			if (list[k] == o) {
				bad(err, path, "団体 %s（%s）が重複しています", code, o->name);
				o = NULL;
			}
		if (o)
			list[app.n_orgs++] = o;
	}
	if (app.category == 1 && n_orgs != 1)
		bad(err, "organizations", "類型①は1団体（市区町村）で申請します（%zu団体あります）", n_orgs);
	app.orgs = list;
	json_t *rep = json_object_get(body, "representative");
	if (rep && !json_is_null(rep)) {
		const char *code = json_string_value(rep);
		if (app.category != 3)
			bad(err, "representative", "代表団体は類型③だけで指定します");
		else if (code == NULL || orgcode_validate(code) != ORGCODE_OK)
			bad(err, "representative", "団体コード「%s」が不正です（6桁・検査数字）", code ? code : "");
		else if ((app.representative = org_find(&s->cat->orgs, code)) == NULL)
			bad(err, "representative", "団体コード「%s」は団体マスタにありません", code);
	}
	json_t *contact = json_object_get(body, "contact");
	if (contact && !json_is_null(contact)) {
		if (!json_is_string(contact))
			bad(err, "contact", "文字列であるべきです");
		else if (app.category != 3)
			bad(err, "contact", "担当者は類型③だけで指定します");
		else
			app.contact = arena_strdup(&a, json_string_value(contact));
	}
	decode_answers(rules, app.category, json_object_get(body, "answers"), &a, &app, err);
	if (err->status != 0)
		goto done;
	/* history of the organizations and of their prefectures (N1/N2) */
	const organization **involved = arena_alloc(&a, (2 * app.n_orgs + 1) * sizeof *involved);
	if (involved == NULL) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		goto done;
	}
	size_t n_involved = 0;
	for (size_t k = 0; k < app.n_orgs; k++) {
		const organization *cand[2] = { app.orgs[k], org_prefecture_of(&s->cat->orgs, app.orgs[k]) };
		for (int j = 0; j < 2; j++)
			if (cand[j] && !wanted(involved, n_involved, cand[j]->code))
				involved[n_involved++] = cand[j];
	}
	history_record *hist;
	size_t n_hist;
	if (svc_history_records(s, involved, n_involved, &a, &hist, &n_hist, err) != 0)
		goto done;
	app.history = hist;
	app.n_history = n_hist;
	/* the round is decided once any of its selections is recorded */
	const char *slash = strchr(rules->id, '/');
	store_history *sel;
	size_t n_sel;
	if (store_history_by_program(s->st, rules->program, slash ? slash + 1 : rules->id, &a, &sel, &n_sel) != STORE_OK) {
		dberr(s, err);
		goto done;
	}
	app.round_decided = n_sel > 0;
	support_result res;
	if (support_evaluate(&app, &s->cat->orgs, &a, &res) != 0) {
		svc_fail(err, 500, "NOMEM", "メモリが足りません");
		goto done;
	}
	out = json_object();
	json_object_set_new(out, "program", json_string(rules->id));
	json_object_set_new(out, "title", json_string(rules->title));
	json_object_set_new(out, "category", json_integer(app.category));
	json_object_set_new(out, "category_name", json_string(rules->categories[app.category - 1].name));
	json_t *oj = json_array();
	for (size_t k = 0; k < app.n_orgs; k++)
		json_array_append_new(oj, org_json(&s->cat->orgs, app.orgs[k]));
	json_object_set_new(out, "organizations", oj);
	json_object_set_new(out, "eligible", json_boolean(res.eligible));
	json_t *cj = json_array();
	for (size_t k = 0; k < res.n_conditions; k++)
		json_array_append_new(cj, outcome_json(&res.conditions[k], false, &a));
	json_object_set_new(out, "conditions", cj);
	json_t *wj = json_array();
	for (size_t k = 0; k < res.n_warnings; k++)
		json_array_append_new(wj, outcome_json(&res.warnings[k], true, &a));
	json_object_set_new(out, "warnings", wj);
done:
	arena_free(&a);
	return out;
}
