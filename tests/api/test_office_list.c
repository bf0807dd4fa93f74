/* test_office_list.c — issue 13, part 6: the office's list at national scale. Search
 * (title, organization name, code), each filter (round, menu, status, prefecture,
 * organization kind, field, has-errors), sort, pages with their totals, the CSV/XLSX
 * downloads of the filtered list (headers, content, formula neutralisation) on the API
 * and the page, and bulk actions with a failing row — over the API and the page's form.
 *
 *   test_office_list DIGIDEN_BINARY
 *
 * Ends with "office list tests: N passed, M failed". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "office_flow.h"

#define ROUND_Q "digital-implementation%2Ffy2022-supp"

static h_server S;
static h_client *C;

/* GET path as the office: the answer (to be freed). */
static h_resp office_get(const char *path) { return h_http(C, "GET", path, NULL, NULL, "office"); }

static json_int_t total_of(const h_resp *r) { return json_integer_value(json_object_get(r->json, "total")); }

/* The list's total for a query string, -1 when it did not answer 200. */
static json_int_t count(const char *query)
{
	char path[512];
	snprintf(path, sizeof path, "/api/v1/applications?%s", query);
	h_resp r = office_get(path);
	json_int_t n = r.status == 200 && json_array_size(json_object_get(r.json, "applications")) == (size_t)total_of(&r)
			       ? total_of(&r)
			       : -1;
	if (n < 0)
		printf("info %s → %s\n", path, h_resp_brief(&r));
	h_resp_free(&r);
	return n;
}

static void expect_count(const char *name, const char *query, json_int_t want)
{
	json_int_t got = count(query);
	h_check(name, got == want, "?%s: %lld, want %lld", query, (long long)got, (long long)want);
}

static const char *field_of(json_t *list, size_t i, const char *key)
{
	json_t *o = json_array_get(json_object_get(list, "applications"), i);
	json_t *v = json_object_get(o, key);
	if (strcmp(key, "code") == 0)
		v = json_object_get(json_object_get(o, "organization"), "code");
	return json_string_value(v) ? json_string_value(v) : "";
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay ? strstr(hay, needle) : NULL; p; p = strstr(p + 1, needle))
		n++;
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY\n", argv[0]);
		return 2;
	}
	json_t *ex = flow_start(argv[1], "office list tests", &S, &C);
	if (ex == NULL)
		return 1;
	bool ok = flow_user(C, "office", "secretariat", NULL) &&
		  flow_user(C, "rev1", "reviewer", NULL) && flow_user(C, "natori", "applicant", "042072") &&
		  flow_user(C, "chiyoda", "applicant", "131016") && flow_user(C, "miyagi", "applicant", "040002");
	h_check("setup: the office, a reviewer and applicants of 名取市, 千代田区 and 宮城県", ok, "%s", "");

	/* six shared applications and one private draft */
	json_int_t a1 = flow_app(C, "natori", ex, "042072", "名取スマート農業事業");
	json_int_t a2 = flow_app(C, "natori", ex, "042072", "名取防災DX事業");
	json_int_t a3 = flow_app(C, "natori", ex, "042072", "=HYPERLINK(\"http://evil.example\")");
	json_int_t c1 = flow_app(C, "chiyoda", ex, "131016", "千代田区窓口DX");
	json_int_t c2 = flow_app(C, "chiyoda", ex, "131016", "千代田区観光DX");
	json_int_t m1 = flow_app(C, "miyagi", ex, "040002", "宮城県データ連携");
	json_int_t draft = flow_app(C, "natori", ex, "042072", "名取の下書き");
	ok = a1 && a2 && a3 && c1 && c2 && m1 && draft;
	json_int_t subs[] = { a1, a2, a3, c1, c2, m1 };
	const char *owner[] = { "natori", "natori", "natori", "chiyoda", "chiyoda", "miyagi" };
	for (size_t i = 0; ok && i < 6; i++)
		ok = flow_act(C, owner[i], subs[i], i == 1 ? "consult" : "submit", NULL) == 200;
	/* a2 in 事前相談 with an error (no 推進体制) and another menu and field */
	json_t *b = json_deep_copy(ex);
	json_object_del(b, "consortium");
	json_object_set_new(b, "menu", json_string("type3"));
	json_object_set_new(b, "title", json_string("名取防災DX事業"));
	json_object_set_new(b, "fields", json_pack("[s]", "agriculture"));
	char path[256];
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)a2);
	h_resp r = flow_rq(C, "natori", "PUT", path, b);
	json_decref(b);
	ok = ok && r.status == 200;
	h_resp_free(&r);
	h_check("setup: 5 submitted, 1 in 事前相談 with an error (type3, agriculture), 1 private draft", ok, "%s", "");

	/* the list as before, with its total */
	r = office_get("/api/v1/applications");
	json_t *apps = json_object_get(r.json, "applications");
	h_check("list: without page parameters every row, and \"total\" (the draft left out)",
		r.status == 200 && total_of(&r) == 6 && json_array_size(apps) == 6 && json_object_get(r.json, "page") == NULL,
		"%s", h_resp_brief(&r));
	json_t *first = json_array_get(apps, 0);
	h_check("list: rows keep their fields and add the check's national_share_yen and errors",
		json_integer_value(json_object_get(first, "id")) == a1 && json_is_string(json_object_get(first, "status_label")) &&
			json_is_integer(json_object_get(first, "national_share_yen")) && json_is_integer(json_object_get(first, "errors")),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);

	/* search */
	expect_count("search: a word of a title", "q=%E3%82%B9%E3%83%9E%E3%83%BC%E3%83%88%E8%BE%B2%E6%A5%AD", 1); /* スマート農業 */
	expect_count("search: an organization's name", "q=%E5%8D%83%E4%BB%A3%E7%94%B0", 2);                      /* 千代田 */
	expect_count("search: an organization's code", "q=040002", 1);
	expect_count("search: nothing matches", "q=zzzz-none", 0);

	/* each filter */
	expect_count("filter: round", "round=" ROUND_Q, 6);
	expect_count("filter: another round has none", "round=telework%2Ffy2023", 0);
	expect_count("filter: menu type3", "menu=type3", 1);
	expect_count("filter: menu type1", "menu=type1", 5);
	expect_count("filter: status consultation", "status=consultation", 1);
	expect_count("filter: status submitted", "status=submitted", 5);
	expect_count("filter: prefecture 13", "prefecture=13", 2);
	expect_count("filter: prefecture 04", "prefecture=04", 4);
	expect_count("filter: organization kind special_ward", "kind=special_ward", 2);
	expect_count("filter: organization kind prefecture", "kind=prefecture", 1);
	expect_count("filter: organization kind municipality (市町村・特別区)", "kind=municipality", 5);
	expect_count("filter: has errors", "errors=1", 1);
	expect_count("filter: field agriculture", "field=agriculture", 1);
	expect_count("filter: field transport_logistics", "field=transport_logistics", 5);
	expect_count("filter: several at once (prefecture 04, submitted, municipality)", "prefecture=04&status=submitted&kind=municipality", 2);
	r = office_get("/api/v1/applications?errors=1");
	h_check("filter: the row with errors is the one in 事前相談", json_integer_value(json_object_get(
		json_array_get(json_object_get(r.json, "applications"), 0), "id")) == a2 &&
		json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "applications"), 0), "errors")) > 0,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);

	/* sort */
	r = office_get("/api/v1/applications?sort=organization");
	h_check("sort: organization by kana (ちよだく, なとりし, みやぎけん)",
		strcmp(field_of(r.json, 0, "code"), "131016") == 0 && strcmp(field_of(r.json, 2, "code"), "042072") == 0 &&
			strcmp(field_of(r.json, 5, "code"), "040002") == 0,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/api/v1/applications?sort=id&dir=desc");
	h_check("sort: id descending", json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "applications"), 0), "id")) == m1 &&
		json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "applications"), 5), "id")) == a1,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/api/v1/applications?sort=title&dir=asc");
	bool sorted = r.status == 200;
	for (size_t i = 1; i < 6 && sorted; i++)
		sorted = strcmp(field_of(r.json, i - 1, "title"), field_of(r.json, i, "title")) <= 0;
	h_check("sort: title ascending", sorted, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/api/v1/applications?sort=national_share&dir=desc");
	sorted = r.status == 200 && total_of(&r) == 6;
	for (size_t i = 1; i < 6 && sorted; i++) {
		json_t *x = json_object_get(json_array_get(json_object_get(r.json, "applications"), i - 1), "national_share_yen");
		json_t *y = json_object_get(json_array_get(json_object_get(r.json, "applications"), i), "national_share_yen");
		sorted = json_is_null(y) || (json_is_integer(x) && json_integer_value(x) >= json_integer_value(y));
	}
	h_check("sort: 国費 descending, rows without an amount last", sorted, "%s", h_resp_brief(&r));
	h_resp_free(&r);

	/* pages */
	r = office_get("/api/v1/applications?per_page=4&page=2");
	h_check("pages: per_page=4&page=2 → the last 2 rows, total 6, page 2",
		r.status == 200 && total_of(&r) == 6 && json_array_size(json_object_get(r.json, "applications")) == 2 &&
			json_integer_value(json_object_get(r.json, "page")) == 2 && json_integer_value(json_object_get(r.json, "per_page")) == 4 &&
			json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "applications"), 0), "id")) == c2,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/api/v1/applications?page=1");
	h_check("pages: page alone → per_page 50", r.status == 200 && json_integer_value(json_object_get(r.json, "per_page")) == 50 &&
		json_array_size(json_object_get(r.json, "applications")) == 6, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/api/v1/applications?per_page=5&page=9");
	h_check("pages: past the end → no rows, the total still 6", r.status == 200 && total_of(&r) == 6 &&
		json_array_size(json_object_get(r.json, "applications")) == 0, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/api/v1/applications?per_page=2&page=2&prefecture=04&sort=id&dir=desc");
	h_check("pages: with a filter and a sort (prefecture 04, id descending, page 2 of 2)",
		total_of(&r) == 4 && json_array_size(json_object_get(r.json, "applications")) == 2 &&
			json_integer_value(json_object_get(json_array_get(json_object_get(r.json, "applications"), 0), "id")) == a2,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	const char *bad[] = { "per_page=501", "per_page=0", "page=0", "page=x", "sort=bogus", "dir=up", "prefecture=48",
			      "kind=planet", "status=lost", "errors=2" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(path, sizeof path, "/api/v1/applications?%s", bad[i]);
		r = office_get(path);
		char name[128];
		snprintf(name, sizeof name, "bad parameter %s → 400 INVALID", bad[i]);
		h_check(name, r.status == 400 && strcmp(h_err_code(&r), "INVALID") == 0, "%s", h_resp_brief(&r));
		h_resp_free(&r);
	}
	r = h_http(C, "GET", "/api/v1/applications?q=%E5%90%8D%E5%8F%96&per_page=1", NULL, NULL, "natori");
	h_check("applicant: its own applications only, searched and paged (名取, 4 with its draft)",
		r.status == 200 && total_of(&r) == 4 && json_array_size(json_object_get(r.json, "applications")) == 1 &&
			json_object_get(json_array_get(json_object_get(r.json, "applications"), 0), "errors") == NULL,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = h_http(C, "GET", "/api/v1/applications?errors=1", NULL, NULL, "natori");
	h_check("applicant: the check filters are the office's → 400", r.status == 400, "%s", h_resp_brief(&r));
	h_resp_free(&r);

	/* downloads of the filtered list */
	r = office_get("/api/v1/applications?format=csv&prefecture=13");
	h_check("download: API CSV of prefecture 13 — text/csv, UTF-8 BOM, header and 2 rows",
		r.status == 200 && strcasestr(r.headers, "Content-Type: text/csv; charset=utf-8") &&
			strcasestr(r.headers, "Content-Disposition: attachment") && memcmp(r.body, "\xEF\xBB\xBF申請ID,", 12) == 0 &&
			occurrences(r.body, "\r\n") == 3 && strstr(r.body, "千代田区窓口DX") && strstr(r.body, "千代田区観光DX") &&
			!strstr(r.body, "名取"),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/office/applications.csv?q=042072&per_page=1");
	h_check("download: the page's CSV is every matching row (not one page), formulas neutralised",
		r.status == 200 && strcasestr(r.headers, "Content-Type: text/csv") && occurrences(r.body, "\r\n") == 4 &&
			strstr(r.body, "'=HYPERLINK") && strstr(r.body, ",042072,名取市,宮城県,市,"),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/office/applications.csv?prefecture=13&encoding=sjis");
	h_check("download: Shift_JIS on request", r.status == 200 && strcasestr(r.headers, "charset=Shift_JIS") &&
		memcmp(r.body, "\xEF\xBB\xBF", 3) != 0 && r.len > 20, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/office/applications.xlsx?prefecture=04&status=submitted");
	char *xml = r.status == 200 ? flow_xlsx_text(r.body, r.len) : NULL;
	h_check("download: XLSX of the filtered list (prefecture 04, submitted)",
		xml && strcasestr(r.headers, "spreadsheetml") && strstr(xml, "名取スマート農業事業") && strstr(xml, "宮城県データ連携") &&
			!strstr(xml, "名取防災DX事業") && !strstr(xml, "千代田区"),
		"%s", h_resp_brief(&r));
	h_check("download: XLSX neutralises a formula-like title", xml && strstr(xml, "'=HYPERLINK") && !strstr(xml, "<f>"), "%s", "");
	free(xml);
	h_resp_free(&r);
	r = h_http(C, "GET", "/office/applications.csv", NULL, NULL, "natori");
	h_check("download: not for an applicant", r.status == 403 || r.status == 404, "%s", h_resp_brief(&r));
	h_resp_free(&r);

	/* the page: search, pages, checkboxes */
	r = office_get("/office/applications?per_page=2&page=2&sort=id");
	h_check("page: paged 2 per page with the toolkit's pager and a checkbox per row",
		r.status == 200 && strstr(r.body, "全6件中 3〜4件を表示（2／3ページ）") && occurrences(r.body, "name=\"id\" value=") == 2 &&
			strstr(r.body, "page=3\">次のページ") && strstr(r.body, "action=\"/office/applications/bulk\""),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/office/applications?q=%E5%8D%83%E4%BB%A3%E7%94%B0");
	h_check("page: the search finds 千代田区's two and no other", r.status == 200 && strstr(r.body, "千代田区窓口DX") &&
		strstr(r.body, "千代田区観光DX") && !strstr(r.body, "名取スマート農業事業") && strstr(r.body, "2件が条件に合います"),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = office_get("/office/applications?per_page=many");
	h_check("page: a bad parameter → 400 page", r.status == 400, "%s", h_resp_brief(&r));
	h_resp_free(&r);

	/* bulk actions over the API: one failing row does not stop the others */
	json_t *bulk = json_pack("{ss s[III]}", "action", "screen", "ids", (json_int_t)a1, (json_int_t)a2, (json_int_t)c1);
	r = flow_rq(C, "office", "POST", "/api/v1/applications/bulk", bulk);
	json_decref(bulk);
	json_t *res = json_object_get(r.json, "results");
	h_check("bulk screen: a1 and c1 screened, a2 (事前相談) refused with its error, one result per row",
		r.status == 200 && json_array_size(res) == 3 && json_is_true(json_object_get(json_array_get(res, 0), "ok")) &&
			json_is_false(json_object_get(json_array_get(res, 1), "ok")) &&
			json_is_string(json_object_get(json_array_get(res, 1), "error")) &&
			json_is_true(json_object_get(json_array_get(res, 2), "ok")) &&
			strcmp(json_string_value(json_object_get(json_array_get(res, 2), "status")), "screened") == 0,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_count("bulk screen: the list shows 2 screened", "status=screened", 2);
	bulk = json_pack("{ss s[II] ss}", "action", "assign", "ids", (json_int_t)a1, (json_int_t)999999, "reviewer", "rev1");
	r = flow_rq(C, "office", "POST", "/api/v1/applications/bulk", bulk);
	json_decref(bulk);
	res = json_object_get(r.json, "results");
	h_check("bulk assign: a1 to rev1, an unknown id refused (NOT_FOUND)",
		r.status == 200 && json_is_true(json_object_get(json_array_get(res, 0), "ok")) &&
			strcmp(json_string_value(json_object_get(json_array_get(res, 1), "code")), "NOT_FOUND") == 0,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = h_http(C, "GET", "/api/v1/applications", NULL, NULL, "rev1");
	h_check("bulk assign: the reviewer now sees a1", r.status == 200 && total_of(&r) == 1, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	bulk = json_pack("{ss s[I]}", "action", "naiji", "ids", (json_int_t)c1);
	r = flow_rq(C, "office", "POST", "/api/v1/applications/bulk", bulk);
	json_decref(bulk);
	h_check("bulk naiji: not decided yet → the row refused (ILLEGAL_TRANSITION)",
		r.status == 200 && strcmp(json_string_value(json_object_get(json_array_get(json_object_get(r.json, "results"), 0), "code")),
					  "ILLEGAL_TRANSITION") == 0,
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	const char *bad_bulk[] = { "{\"action\":\"grant\",\"ids\":[1]}", "{\"action\":\"screen\",\"ids\":[]}",
				   "{\"action\":\"screen\",\"ids\":[\"1\"]}", "{\"action\":\"assign\",\"ids\":[1]}",
				   "{\"action\":\"screen\",\"ids\":[1],\"extra\":1}" };
	for (size_t i = 0; i < sizeof bad_bulk / sizeof bad_bulk[0]; i++) {
		r = h_http(C, "POST", "/api/v1/applications/bulk", "application/json", bad_bulk[i], "office");
		char name[160];
		snprintf(name, sizeof name, "bulk: %s → 400", bad_bulk[i]);
		h_check(name, r.status == 400, "%s", h_resp_brief(&r));
		h_resp_free(&r);
	}
	r = h_http(C, "POST", "/api/v1/applications/bulk", "application/json", "{\"action\":\"screen\",\"ids\":[1]}", "natori");
	h_check("bulk: an applicant → 403", r.status == 403, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	r = h_http(C, "GET", "/api/v1/audit", NULL, NULL, "admin");
	size_t screens = 0, i;
	json_t *e;
	json_array_foreach(json_object_get(r.json, "entries"), i, e) screens +=
		strcmp(json_string_value(json_object_get(e, "action")), "application.screen") == 0;
	h_check("bulk: each row its own operation — one audit entry per screened application", screens == 2, "%zu entries", screens);
	h_resp_free(&r);

	/* bulk over the page's form: checked rows, then a result per row */
	r = h_http(C, "GET", "/api/v1/me", NULL, NULL, "office");
	char form[512];
	snprintf(form, sizeof form, "csrf=%s&action=screen&reviewer=&id=%lld&id=%lld",
		 json_string_value(json_object_get(r.json, "csrf_token")), (long long)c2, (long long)c1);
	h_resp_free(&r);
	r = h_http(C, "POST", "/office/applications/bulk", "application/x-www-form-urlencoded", form, "office");
	h_check("bulk form: c2 screened, c1 (screened already) refused, each shown",
		r.status == 200 && strstr(r.body, "一括操作の結果") && strstr(r.body, "2件中 1件を処理しました") && strstr(r.body, "完了（") &&
			strstr(r.body, "失敗</strong>"),
		"%s", h_resp_brief(&r));
	h_resp_free(&r);
	snprintf(form, sizeof form, "csrf=bad&action=screen&id=%lld", (long long)m1);
	r = h_http(C, "POST", "/office/applications/bulk", "application/x-www-form-urlencoded", form, "office");
	h_check("bulk form: without the session's CSRF token → refused", r.status == 403, "%s", h_resp_brief(&r));
	h_resp_free(&r);
	expect_count("bulk form: the forged form changed nothing (m1 and a3 still submitted)", "status=submitted", 2);

	json_decref(ex);
	return flow_finish(&S, C, "office list tests");
}
