/* test_scale.c — a national round on a real server (issue 11): the office's pages
 * over a round of many applications agree with the per-application check, stay
 * linear, and never stall the rest of the server; SIGTERM lets a request in flight
 * finish.
 *
 *   test_scale DIGIDEN_BINARY GEN_ROUND ORGANIZATIONS.tsv [N]    (N applications, default 1500)
 *
 * The round is made as an office would: bench/gen_round's files loaded with
 * `digiden import --submit`. Timings are printed, never asserted as absolute
 * numbers (machines are noisy): what is asserted is that health answers *while* an
 * office page is being computed, and that the pages' figures are the check's.
 * Prints ok/FAIL lines and one line "scale tests: N passed, M failed". */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "harness.h"

#define PW "scale-password-1"
#define ROUND "digital-implementation/fy2022-supp"

static int run(const char *cmd)
{
	int st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* ---- a request on its own thread ---- */

typedef struct {
	const h_server *s;
	const char *path;
	char cookie[256];
	h_resp resp;
	double started, finished;
	volatile bool done;
} bg_request;

static void *bg_main(void *arg)
{
	bg_request *q = arg;
	h_client *c = h_client_new(q->s);
	h_jar_set(c, "office", q->cookie);
	q->started = h_now();
	q->resp = h_http(c, "GET", q->path, NULL, NULL, "office");
	q->finished = h_now();
	q->done = true;
	h_client_free(c);
	return NULL;
}

/* Starts path as the office on another thread, asks health and a public page as
 * often as it can until it is done; true when at least one of each answered while
 * the office page was still being computed. */
static bool others_answer_meanwhile(const h_server *s, h_client *c, const char *path, const char *cookie, double *heavy_s,
				    int *answered_during, double *worst_s)
{
	bg_request q = { .s = s, .path = path };
	snprintf(q.cookie, sizeof q.cookie, "%s", cookie);
	pthread_t th;
	if (pthread_create(&th, NULL, bg_main, &q) != 0)
		return false;
	int health_during = 0, public_during = 0;
	*worst_s = 0;
	while (!q.done) {
		double t0 = h_now();
		h_resp h = h_http(c, "GET", (health_during + public_during) % 2 ? "/menus" : "/api/v1/health", NULL, NULL, NULL);
		double t1 = h_now();
		if (!q.done && h.status == 200 && q.started > 0 && t0 >= q.started) {
			if ((health_during + public_during) % 2)
				public_during++;
			else
				health_during++;
			if (t1 - t0 > *worst_s)
				*worst_s = t1 - t0;
		}
		h_resp_free(&h);
	}
	pthread_join(th, NULL);
	*heavy_s = q.finished - q.started;
	*answered_during = health_during + public_during;
	bool ok = q.resp.status == 200 && health_during > 0 && public_during > 0;
	h_resp_free(&q.resp);
	return ok;
}

/* The number in the office list's row of application id: "<td class="num">…円</td>". */
static const char *row_of(const char *html, long long id)
{
	char needle[96];
	snprintf(needle, sizeof needle, "<a href=\"/office/applications/%lld\">", id);
	return strstr(html, needle);
}

/* ---- races: requests released together from their own connections ---- */

typedef struct {
	const h_server *s;
	pthread_barrier_t *start;
	char cookie[256];
	char method[8], path[128];
	long status;
	char code[48];
} racer;

static void *race_main(void *arg)
{
	racer *q = arg;
	h_client *c = h_client_new(q->s);
	h_jar_set(c, "j", q->cookie);
	pthread_barrier_wait(q->start);
	h_resp r = h_http(c, q->method, q->path, "application/json", NULL, "j");
	q->status = r.status;
	snprintf(q->code, sizeof q->code, "%s", h_err_code(&r));
	h_resp_free(&r);
	h_client_free(c);
	return NULL;
}

/* Runs n requests at the same moment; fills each racer's status. */
static void race(racer *q, int n)
{
	pthread_barrier_t b;
	pthread_barrier_init(&b, NULL, (unsigned)n);
	pthread_t th[16];
	for (int i = 0; i < n; i++) {
		q[i].start = &b;
		pthread_create(&th[i], NULL, race_main, &q[i]);
	}
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	pthread_barrier_destroy(&b);
}

static const char *s_bin;

static json_int_t new_app(h_client *c, const char *jar, const char *code, const char *title)
{
	char *ex = h_find_example(s_bin, "type1-natori.json");
	json_error_t je;
	json_t *body = ex ? json_load_file(ex, 0, &je) : NULL;
	free(ex);
	if (body == NULL)
		return 0;
	json_object_set_new(json_object_get(body, "applicant"), "code", json_string(code));
	json_object_set_new(body, "title", json_string(title));
	h_resp r = h_http_json(c, "POST", "/api/v1/applications", body, jar);
	json_int_t id = json_integer_value(json_object_get(r.json, "id"));
	h_resp_free(&r);
	json_decref(body);
	return id;
}

/* The rules that span requests hold when requests race (the server runs them on
 * several workers at once): an organization's limit, one status change at a time,
 * one decision. */
static void test_races(const h_server *s, h_client *c)
{
	json_t *u = json_pack("{ssssssss}", "login", "kitadaito", "password", PW, "role", "applicant", "organization", "473588");
	h_resp r = h_http_json(c, "POST", "/api/v1/users", u, "office");
	json_decref(u);
	h_resp_free(&r);
	h_login(c, "kitadaito", "kitadaito", PW);
	/* 4 submitted, then 4 more submitted at the same moment: the limit is 5 */
	json_int_t ids[8];
	char path[128];
	for (int i = 0; i < 8; i++) {
		char title[64];
		snprintf(title, sizeof title, "北大東村 競合 %d", i + 1);
		ids[i] = new_app(c, "kitadaito", "473588", title);
		if (i < 4) {
			snprintf(path, sizeof path, "/api/v1/applications/%lld/submit", (long long)ids[i]);
			r = h_http(c, "POST", path, "application/json", NULL, "kitadaito");
			h_resp_free(&r);
		}
	}
	racer q[4] = { 0 };
	for (int i = 0; i < 4; i++) {
		q[i].s = s;
		snprintf(q[i].cookie, sizeof q[i].cookie, "%s", h_jar_cookie(c, "kitadaito"));
		snprintf(q[i].method, sizeof q[i].method, "POST");
		snprintf(q[i].path, sizeof q[i].path, "/api/v1/applications/%lld/submit", (long long)ids[4 + i]);
	}
	race(q, 4);
	int ok = 0, refused = 0;
	for (int i = 0; i < 4; i++) {
		ok += q[i].status == 200;
		refused += q[i].status == 422 && strcmp(q[i].code, "RULE_ERRORS") == 0;
	}
	h_check("races: 4 submissions of one organization at once, 4 already in, limit 5 → exactly 1 accepted",
	      ok == 1 && refused == 3, "%d accepted, %d refused with RULE_ERRORS (%ld %ld %ld %ld)", ok, refused, q[0].status,
	      q[1].status, q[2].status, q[3].status);
	/* submit and withdraw of one draft at once: one of them, never both */
	json_int_t d = new_app(c, "kitadaito", "473588", "北大東村 取下げ競合");
	racer sw[2] = { 0 };
	for (int i = 0; i < 2; i++) {
		sw[i].s = s;
		snprintf(sw[i].cookie, sizeof sw[i].cookie, "%s", h_jar_cookie(c, "kitadaito"));
		snprintf(sw[i].method, sizeof sw[i].method, "POST");
		snprintf(sw[i].path, sizeof sw[i].path, "/api/v1/applications/%lld/%s", (long long)d, i ? "withdraw" : "consult");
	}
	race(sw, 2);
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)d);
	r = h_http(c, "GET", path, NULL, NULL, "kitadaito");
	const char *st = json_string_value(json_object_get(r.json, "status"));
	bool one = (sw[0].status == 200) != (sw[1].status == 200) || (sw[0].status == 200 && sw[1].status == 200);
	/* consult then withdraw is a legal sequence; withdraw then consult is not: both 200 only as consult → withdraw */
	h_check("races: consult and withdraw of one draft at once end in a state one of the orders gives",
	      one && st && (strcmp(st, "withdrawn") == 0 || strcmp(st, "consultation") == 0) &&
		      !(sw[0].status == 200 && sw[1].status == 200 && strcmp(st, "withdrawn") != 0),
	      "consult %ld, withdraw %ld, status %s", sw[0].status, sw[1].status, st ? st : "?");
	h_resp_free(&r);
	/* two decisions of one application at once: one is taken, the other refused */
	snprintf(path, sizeof path, "/api/v1/applications/%lld/screen", (long long)ids[0]);
	r = h_http(c, "POST", path, "application/json", NULL, "office");
	if (r.status != 200)
		printf("info screen → %s\n", h_resp_brief(&r));
	h_resp_free(&r);
	json_t *as = json_pack("{ss}", "reviewer", "rev-race");
	json_t *ru = json_pack("{ssssss}", "login", "rev-race", "password", PW, "role", "reviewer");
	r = h_http_json(c, "POST", "/api/v1/users", ru, "office");
	h_resp_free(&r);
	json_decref(ru);
	snprintf(path, sizeof path, "/api/v1/applications/%lld/assign", (long long)ids[0]);
	r = h_http_json(c, "POST", path, as, "office");
	if (r.status != 200)
		printf("info assign → %s\n", h_resp_brief(&r));
	json_decref(as);
	h_resp_free(&r);
	racer dq[2] = { 0 };
	for (int i = 0; i < 2; i++) {
		dq[i].s = s;
		snprintf(dq[i].cookie, sizeof dq[i].cookie, "%s", h_jar_cookie(c, "office"));
		snprintf(dq[i].method, sizeof dq[i].method, "POST");
		snprintf(dq[i].path, sizeof dq[i].path, "/api/v1/applications/%lld/naiji", (long long)ids[0]);
	}
	/* a review, a decision, then two 内示 at once */
	h_login(c, "rev-race", "rev-race", PW);
	json_t *rv = json_pack("{s{sisisisisisi}ss}", "scores", "issue_solution", 3, "kpi", 3, "consortium_roles", 3,
			       "running_cost_plan", 3, "pdca", 3, "cost_item_detail", 3, "comment", "妥当");
	snprintf(path, sizeof path, "/api/v1/applications/%lld/reviews", (long long)ids[0]);
	r = h_http_json(c, "POST", path, rv, "rev-race");
	if (r.status != 200 && r.status != 201)
		printf("info review → %s\n", h_resp_brief(&r));
	h_resp_free(&r);
	json_decref(rv);
	json_t *dec = json_pack("{sssI}", "decision", "adopted", "amount_yen", (json_int_t)27500000);
	snprintf(path, sizeof path, "/api/v1/applications/%lld/decision", (long long)ids[0]);
	r = h_http_json(c, "POST", path, dec, "office");
	long decided = r.status;
	if (r.status != 200)
		printf("info decision → %s\n", h_resp_brief(&r));
	h_resp_free(&r);
	json_decref(dec);
	race(dq, 2);
	int naiji_ok = (dq[0].status == 200) + (dq[1].status == 200), naiji_409 = (dq[0].status == 409) + (dq[1].status == 409);
	h_check("races: two 内示 of one application at once → one 200, one 409", decided == 200 && naiji_ok == 1 && naiji_409 == 1,
	      "decision %ld; naiji %ld %s / %ld %s", decided, dq[0].status, dq[0].code, dq[1].status, dq[1].code);
	snprintf(path, sizeof path, "/api/v1/audit?application=%lld", (long long)ids[0]);
	r = h_http(c, "GET", path, NULL, NULL, "office");
	int naiji_entries = 0;
	size_t k;
	json_t *e;
	json_array_foreach(json_object_get(r.json, "entries"), k, e)
	naiji_entries += strcmp(json_string_value(json_object_get(e, "action")), "application.naiji") == 0;
	h_check("races: …and one audit entry for it", naiji_entries == 1, "%d application.naiji entries (%s)", naiji_entries,
	      h_resp_brief(&r));
	h_resp_free(&r);
}

/* The ETag header of r ("" when none). */
static const char *etag_of(const h_resp *r, char *buf, size_t len)
{
	buf[0] = '\0';
	const char *p = strcasestr(r->headers, "\nETag: ");
	if (p) {
		p += 7;
		size_t n = strcspn(p, "\r\n");
		snprintf(buf, len, "%.*s", (int)(n < len ? n : len - 1), p);
	}
	return buf;
}

/* Public answers are kept and revalidated: the same ETag until the published data
 * changes, 304 for a client that has it, never for a logged-in reader, and a new
 * answer as soon as a decision is imported (while the server runs, by the CLI). */
static void test_public_cache(const h_server *s, h_client *c)
{
	static const char *const path = "/api/v1/public/organizations/012050/adoptions";
	char e1[64], e2[64], e3[64];
	h_resp a = h_http(c, "GET", "/results", NULL, NULL, NULL), b = h_http(c, "GET", "/results", NULL, NULL, NULL);
	etag_of(&a, e1, sizeof e1);
	etag_of(&b, e2, sizeof e2);
	h_check("public cache: /results answers with an ETag and Cache-Control: public, no-cache",
	      a.status == 200 && e1[0] && strcasestr(a.headers, "Cache-Control: public, no-cache") && !a.set_cookie[0], "%.400s",
	      a.headers);
	h_check("public cache: a second reader gets the same bytes and ETag", b.status == 200 && strcmp(e1, e2) == 0 &&
	      a.len == b.len && memcmp(a.body, b.body, a.len) == 0, "%s vs %s", e1, e2);
	h_resp_free(&a);
	h_resp_free(&b);
	char inm[96];
	snprintf(inm, sizeof inm, "If-None-Match: %s", e1);
	a = h_http_hdr(c, "GET", "/results", NULL, NULL, NULL, inm);
	h_check("public cache: If-None-Match with that ETag → 304, no body", a.status == 304 && a.len == 0, "%s", h_resp_brief(&a));
	h_resp_free(&a);
	a = h_http(c, "GET", "/results", NULL, NULL, "office");
	h_check("public cache: a logged-in reader's page is not kept (no-store, no ETag)",
	      a.status == 200 && strcasestr(a.headers, "Cache-Control: no-store") && !strcasestr(a.headers, "\nETag:"), "%.300s",
	      a.headers);
	h_resp_free(&a);
	a = h_http(c, "GET", path, NULL, NULL, NULL);
	etag_of(&a, e1, sizeof e1);
	bool absent = a.status == 200 && !strstr(a.body, "キャッシュ確認事業");
	h_resp_free(&a);
	char csv[PATH_MAX + 32], cmd[3 * PATH_MAX + 128];
	snprintf(csv, sizeof csv, "%s/cache.csv", s->dir);
	FILE *f = fopen(csv, "w");
	if (f) {
		fputs("round,menu,prefecture,organization,organization_code,title,fields,project_cost_yen,national_share_yen,status\n"
		      "digital-implementation/fy2022-supp,telework_high,北海道,室蘭市,012050,キャッシュ確認事業,industry,61480000,46110000,granted\n",
		      f);
		fclose(f);
	}
	snprintf(cmd, sizeof cmd, "%s import-decisions --db %s %s > /dev/null 2>&1", s->bin, s->db, csv);
	int rc = system(cmd);
	a = h_http(c, "GET", path, NULL, NULL, NULL);
	etag_of(&a, e3, sizeof e3);
	h_check("public cache: a decision imported while the server runs shows at once (new ETag, new content)",
	      absent && rc == 0 && a.status == 200 && strstr(a.body, "キャッシュ確認事業") && strcmp(e1, e3) != 0, "rc %d, %s → %s; %s",
	      rc, e1, e3, h_resp_brief(&a));
	h_resp_free(&a);
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY GEN_ROUND ORGANIZATIONS.tsv [N]\n", argv[0]);
		return 2;
	}
	int n = argc > 4 ? atoi(argv[4]) : 1500;
	s_bin = argv[1];
	static h_server s;
	h_watchdog(600, "scale tests", &h_passed, &h_failed, &s);
	if (h_server_start(&s, argv[1]) != 0) {
		printf("FAIL start the server: see stderr\nscale tests: 0 passed, 1 failed\n");
		return 1;
	}
	h_client *c = h_client_new(&s);
	h_check("setup: admin logs in", h_login(c, "office", "admin", H_ADMIN_PASSWORD) == 200, "%s", "");

	/* the round, through the office's own command, while the server runs */
	char *ex = h_find_example(argv[1], "type1-natori.json");
	char cmd[8 * PATH_MAX + 256];
	snprintf(cmd, sizeof cmd, "mkdir -p %s/apps && %s %s %s %s/apps %d", s.dir, argv[2], argv[3], ex ? ex : "?", s.dir, n);
	int rc = run(cmd);
	free(ex);
	double t0 = h_now();
	snprintf(cmd, sizeof cmd, "%s import --db %s --submit %s/apps/*.json > %s/import.out 2> %s/import.err", s.bin, s.db,
		 s.dir, s.dir, s.dir);
	rc = rc == 0 ? run(cmd) : rc;
	double import_s = h_now() - t0;
	h_resp lst = h_http(c, "GET", "/api/v1/applications", NULL, NULL, "office");
	size_t listed = json_array_size(json_object_get(lst.json, "applications"));
	h_resp_free(&lst);
	h_check("setup: the round is loaded with digiden import --submit (every application submitted)",
	      rc == 0 && listed == (size_t)n, "exit %d, %zu of %d listed; %.1f s", rc, listed, n, import_s);
	printf("info import --submit of %d applications: %.2f s\n", n, import_s);

	/* an organization over its limit: 5 TYPE1 submitted and a 6th in 事前相談 counts as the 6th */
	json_t *u = json_pack("{ssssssss}", "login", "yonaguni", "password", PW, "role", "applicant", "organization", "473821");
	h_resp r = h_http_json(c, "POST", "/api/v1/users", u, "office");
	json_decref(u);
	h_resp_free(&r);
	h_check("setup: an applicant of 与那国町 (beyond the generated round) logs in", h_login(c, "yonaguni", "yonaguni", PW) == 200, "%s", "");
	char *exp = h_find_example(argv[1], "type1-natori.json");
	json_error_t je;
	json_t *body = exp ? json_load_file(exp, 0, &je) : NULL;
	free(exp);
	json_int_t ids[6] = { 0 };
	for (int i = 0; body && i < 6; i++) {
		json_object_set_new(json_object_get(body, "applicant"), "code", json_string("473821"));
		char title[64];
		snprintf(title, sizeof title, "与那国町DX事業 %d", i + 1);
		json_object_set_new(body, "title", json_string(title));
		r = h_http_json(c, "POST", "/api/v1/applications", body, "yonaguni");
		ids[i] = json_integer_value(json_object_get(r.json, "id"));
		h_resp_free(&r);
		char path[96];
		snprintf(path, sizeof path, "/api/v1/applications/%lld/%s", (long long)ids[i], i < 5 ? "submit" : "consult");
		r = h_http(c, "POST", path, "application/json", NULL, "yonaguni");
		if (r.status != 200)
			h_check("setup: submit/consult", false, "%s → %s", path, h_resp_brief(&r));
		h_resp_free(&r);
	}
	json_decref(body);

	/* the limits page names the 6th, with the count the check gives */
	r = h_http(c, "GET", "/office/limits?round=" ROUND, NULL, NULL, "office");
	char link[96];
	snprintf(link, sizeof link, "<a href=\"/office/applications/%lld\">%lld</a>", (long long)ids[5], (long long)ids[5]);
	h_check("limits page: the consultation application of an organization at its limit is listed as 6件／上限5件",
	      r.status == 200 && strstr(r.body, link) && strstr(r.body, "6件／上限5件"), "%s", h_resp_brief(&r));
	/* the table of exceeded applications has that one row only: the 5 submitted are within the limit */
	const char *tab = r.body ? strstr(r.body, "申請上限数を超えている申請（判定エラー LIMIT_EXCEEDED）") : NULL;
	const char *tab_end = tab ? strstr(tab, "</tbody>") : NULL;
	int exceeded_rows = 0;
	for (const char *p = tab; p && tab_end && (p = strstr(p, "<tr><td><a href=")) && p < tab_end; p++)
		exceeded_rows++;
	h_check("limits page: only that one is listed (the 5 submitted ones are within the limit)", exceeded_rows == 1,
	      "%d rows in the table of exceeded applications", exceeded_rows);
	h_resp_free(&r);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/applications/%lld/check", (long long)ids[5]);
	r = h_http(c, "GET", path, NULL, NULL, "office");
	bool has_limit = false;
	size_t k;
	json_t *d;
	json_array_foreach(json_object_get(r.json, "errors"), k, d)
	has_limit = has_limit || strcmp(json_string_value(json_object_get(d, "code")), "LIMIT_EXCEEDED") == 0;
	h_check("…and its own check says LIMIT_EXCEEDED too", r.status == 200 && has_limit, "%s", h_resp_brief(&r));
	h_resp_free(&r);

	/* the office list: every row's 国費 and error count are the check's */
	r = h_http(c, "GET", "/office/applications?round=" ROUND, NULL, NULL, "office");
	int agree = 0, compared = 0;
	for (int i = 0; i < 40 && r.status == 200; i++) {
		long long id = i < 6 ? (long long)ids[i] : 1 + (long long)(i * 37) % n;
		h_resp ck;
		snprintf(path, sizeof path, "/api/v1/applications/%lld/check", id);
		ck = h_http(c, "GET", path, NULL, NULL, "office");
		json_int_t ns = json_integer_value(json_object_get(ck.json, "national_share_yen"));
		size_t errors = json_array_size(json_object_get(ck.json, "errors"));
		h_resp_free(&ck);
		const char *row = row_of(r.body, id);
		const char *end = row ? strstr(row, "</tr>") : NULL;
		if (row == NULL || end == NULL)
			continue;
		compared++;
		/* the row shows 国費 with separators and the error count as "エラー N件" (or none) */
		char yen[64], digits[32];
		snprintf(digits, sizeof digits, "%lld", (long long)ns);
		size_t dl = strlen(digits), o = 0;
		for (size_t j = 0; j < dl; j++) {
			yen[o++] = digits[j];
			if ((dl - j - 1) % 3 == 0 && j + 1 < dl)
				yen[o++] = ',';
		}
		memcpy(yen + o, "円", sizeof "円");
		char errs[48];
		snprintf(errs, sizeof errs, "<td class=\"num\">%zu件</td>", errors);
		char *rowtext = strndup(row, (size_t)(end - row));
		bool ok = strstr(rowtext, yen) != NULL && strstr(rowtext, errs) != NULL;
		if (!ok)
			printf("info row %lld: want %s円 and %zu errors; row: %.300s\n", id, yen, errors, rowtext);
		free(rowtext);
		agree += ok;
	}
	h_check("office list: 国費 and errors of 40 rows are those of GET /check", compared == 40 && agree == 40,
	      "%d of %d compared rows agree (%s)", agree, compared, h_resp_brief(&r));
	h_resp_free(&r);

	/* timings, printed: cold (after a change in the round) and warm */
	const char *cookie = h_jar_cookie(c, "office");
	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0) { /* a new draft of the round: its change counter moves, the next pass is computed anew */
			json_t *draft = json_pack("{sssssss{ss}ss}", "format", "digiden/application/1", "round", ROUND, "menu", "type1",
						  "applicant", "code", "473821", "title", "下書き");
			h_resp dr = h_http_json(c, "POST", "/api/v1/applications", draft, "yonaguni");
			json_decref(draft);
			h_resp_free(&dr);
		}
		const char *pages[] = { "/office/applications", "/office/limits?round=" ROUND };
		for (int p = 0; p < 2; p++) {
			double a = h_now();
			h_resp pr = h_http(c, "GET", pages[p], NULL, NULL, "office");
			printf("info %s %s with %d applications: %.1f ms (%zu bytes)\n", pages[p], pass ? "warm" : "cold", n + 6,
			       (h_now() - a) * 1000, pr.len);
			h_resp_free(&pr);
		}
	}

	/* a heavy office page never stalls the others: health and a public page answer while it is computed */
	double heavy_s = 0, worst = 0;
	int during = 0;
	bool meanwhile = false;
	for (int attempt = 0; attempt < 3 && !meanwhile; attempt++) {
		/* a change in the round makes the next office page compute its pass again */
		snprintf(path, sizeof path, "/api/v1/applications/%lld/withdraw", (long long)ids[5]);
		if (attempt == 0) {
			h_resp w = h_http(c, "POST", path, "application/json", NULL, "yonaguni");
			h_resp_free(&w);
		} else {
			h_resp w = h_http(c, "POST", "/api/v1/applications", NULL, NULL, "yonaguni"); /* 400: no change; still fine */
			h_resp_free(&w);
		}
		meanwhile = others_answer_meanwhile(&s, c, "/office/applications", cookie, &heavy_s, &during, &worst);
	}
	h_check("concurrency: /api/v1/health and /menus answer while /office/applications is computed", meanwhile,
	      "%d answers during a %.1f ms office page", during, heavy_s * 1000);
	printf("info during a %.1f ms office page, %d other requests answered (slowest %.1f ms)\n", heavy_s * 1000, during,
	       worst * 1000);

	test_public_cache(&s, c);
	test_races(&s, c);

	/* SIGTERM with a request in flight: it is answered, then the server exits 0 */
	h_resp w = h_http(c, "POST", "/api/v1/applications/1/withdraw", "application/json", NULL, "office");
	h_resp_free(&w);
	bg_request q = { .s = &s, .path = "/office/applications" };
	snprintf(q.cookie, sizeof q.cookie, "%s", cookie);
	pthread_t th;
	pthread_create(&th, NULL, bg_main, &q);
	while (q.started == 0)
		usleep(1000);
	usleep(20 * 1000);
	kill(s.pid, SIGTERM);
	pthread_join(th, NULL);
	h_check("SIGTERM: the office page in flight is answered in full", q.resp.status == 200 && strstr(q.resp.body, "</html>"),
	      "%s", h_resp_brief(&q.resp));
	h_resp_free(&q.resp);
	int status = 0;
	double ts = h_now();
	pid_t got = 0;
	while (h_now() - ts < 15 && (got = waitpid(s.pid, &status, WNOHANG)) == 0)
		usleep(20 * 1000);
	h_check("SIGTERM: the server exits 0 within the grace period", got == s.pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "waitpid %d status %d", (int)got, status);
	if (got == s.pid)
		s.pid = 0;
	char why[256];
	h_check("server log has no sanitizer report", h_server_log_clean(&s, why, sizeof why), "%s", why);
	h_client_free(c);
	h_server_stop(&s);
	h_server_cleanup(&s);
	printf("scale tests: %d passed, %d failed\n", h_passed, h_failed);
	return h_failed == 0 ? 0 : 1;
}
