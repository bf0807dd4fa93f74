/* test_receipts.c — issue 13, part 5 against a real `digiden serve`: a submission gets
 * a 受付番号 of its round (one sequence per round, never given twice), the SHA-256 of
 * the text submitted and the time; the 受付票 and the print view show them; 提出, 取下げ,
 * 不採択 and 交付決定 from a page first answer a confirmation page and act only when it is
 * confirmed; other organizations cannot see another's receipts.
 *
 *   test_receipts DIGIDEN_BINARY
 *
 * Ends with "receipts tests: N passed, M failed". */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "receipt-password-1"

static h_server S;
static h_client *C;
static json_t *EXAMPLE;

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

static h_resp post_json(const char *jar, const char *path, json_t *body)
{
	char *t = body ? json_dumps(body, JSON_COMPACT) : NULL;
	h_resp r = h_http(C, "POST", path, "application/json", t ? t : "{}", jar);
	free(t);
	return r;
}

static json_int_t new_app(const char *jar, const char *code, const char *title)
{
	json_t *b = json_deep_copy(EXAMPLE);
	json_object_set_new(json_object_get(b, "applicant"), "code", json_string(code));
	json_object_set_new(b, "title", json_string(title));
	h_resp r = post_json(jar, "/api/v1/applications", b);
	json_decref(b);
	json_int_t id = r.status == 201 ? json_integer_value(json_object_get(r.json, "id")) : 0;
	if (id == 0)
		fprintf(stderr, "create %s: %s\n", title, h_resp_brief(&r));
	h_resp_free(&r);
	return id;
}

static h_resp submit(const char *jar, json_int_t id)
{
	char path[96];
	snprintf(path, sizeof path, "/api/v1/applications/%lld/submit", (long long)id);
	return post_json(jar, path, NULL);
}

/* The CSRF token of a page's form (name="csrf" value="…"). */
static bool form_csrf(const char *html, char *out, size_t n)
{
	const char *p = strstr(html, "name=\"csrf\" value=\"");
	if (p == NULL)
		return false;
	p += strlen("name=\"csrf\" value=\"");
	size_t k = strcspn(p, "\"");
	if (k == 0 || k >= n)
		return false;
	memcpy(out, p, k);
	out[k] = '\0';
	return true;
}

static void users(void)
{
	static const struct {
		const char *login, *role, *org;
	} us[] = { { "natori", "applicant", "042072" }, { "chiyoda", "applicant", "131016" }, { "office", "secretariat", NULL } };
	for (size_t i = 0; i < 3; i++) {
		json_t *b = json_pack("{ssssss}", "login", us[i].login, "password", PW, "role", us[i].role);
		if (us[i].org)
			json_object_set_new(b, "organization", json_string(us[i].org));
		h_resp r = post_json("admin", "/api/v1/users", b);
		json_decref(b);
		h_resp_free(&r);
		h_login(C, us[i].login, us[i].login, PW);
	}
}

static void numbers_and_hash(void)
{
	json_int_t a = new_app("natori", "042072", "受付番号の事業A"), b = new_app("chiyoda", "131016", "受付番号の事業B");
	h_resp ra = submit("natori", a), rb = submit("chiyoda", b);
	const char *na = str(ra.json, "receipt"), *nb = str(rb.json, "receipt");
	h_check("submitting answers the 受付番号 of the round", ra.status == 200 && strcmp(na, "FY2022-SUPP-000001") == 0,
		"%s", h_resp_brief(&ra));
	h_check("the next submission of the round gets the next number", rb.status == 200 && strcmp(nb, "FY2022-SUPP-000002") == 0,
		"%s", h_resp_brief(&rb));
	h_resp_free(&rb);

	char path[96];
	snprintf(path, sizeof path, "/api/v1/applications/%lld/receipts", (long long)a);
	h_resp l = h_http(C, "GET", path, NULL, NULL, "natori");
	json_t *first = json_array_get(json_object_get(l.json, "receipts"), 0);
	h_check("GET …/receipts lists the receipt with its version and time",
		l.status == 200 && json_integer_value(json_object_get(l.json, "total")) == 1 && strcmp(str(first, "number"), na) == 0 &&
			json_integer_value(json_object_get(first, "version")) == 1 && strlen(str(first, "submitted_at")) == 20,
		"%s", h_resp_brief(&l));

	/* the SHA-256 is of the body text as stored: the body the API answers, canonical */
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)a);
	h_resp g = h_http(C, "GET", path, NULL, NULL, "natori");
	char *text = json_dumps(json_object_get(g.json, "application"), JSON_COMPACT);
	unsigned char h[crypto_hash_sha256_BYTES];
	char hex[2 * crypto_hash_sha256_BYTES + 1] = "";
	if (text) {
		crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
	}
	h_check("the receipt's SHA-256 is that of the text submitted", strcmp(str(first, "sha256"), hex) == 0, "receipt %s, body %s",
		str(first, "sha256"), hex);
	free(text);
	h_resp_free(&g);
	h_resp_free(&l);

	snprintf(path, sizeof path, "/api/v1/applications/%lld/receipts", (long long)a);
	h_resp other = h_http(C, "GET", path, NULL, NULL, "chiyoda");
	h_check("another organization's receipts are 404", other.status == 404, "%s", h_resp_brief(&other));
	h_resp_free(&other);

	snprintf(path, sizeof path, "/applications/%lld/receipt", (long long)a);
	h_resp page = h_http(C, "GET", path, NULL, NULL, "natori");
	h_check("the 受付票 shows the number, the version and the SHA-256",
		page.status == 200 && strstr(page.body, na) && strstr(page.body, "id=\"receipt-sha256\"") && strstr(page.body, hex) &&
			strstr(page.body, "第1版"),
		"%s", h_resp_brief(&page));
	h_resp_free(&page);
	snprintf(path, sizeof path, "/applications/%lld/print", (long long)a);
	page = h_http(C, "GET", path, NULL, NULL, "office");
	h_check("the print view lays out the plan with the receipt and, for the office, the decision section",
		page.status == 200 && strstr(page.body, "id=\"print\"") && strstr(page.body, na) && strstr(page.body, "実施計画書") &&
			strstr(page.body, "<h3>決定</h3>"),
		"%s", h_resp_brief(&page));
	h_resp_free(&page);
	page = h_http(C, "GET", path, NULL, NULL, "natori");
	h_check("the applicant's print view has no office sections", page.status == 200 && strstr(page.body, "<h3>決定</h3>") == NULL,
		"%s", h_resp_brief(&page));
	h_resp_free(&page);

	/* withdrawn numbers are not given again */
	snprintf(path, sizeof path, "/api/v1/applications/%lld/withdraw", (long long)a);
	h_resp w = post_json("natori", path, NULL);
	h_resp_free(&w);
	json_int_t c = new_app("natori", "042072", "受付番号の事業C");
	h_resp rc = submit("natori", c);
	h_check("a number is never given twice (after a withdrawal the next is 3)", strcmp(str(rc.json, "receipt"), "FY2022-SUPP-000003") == 0,
		"%s", h_resp_brief(&rc));
	h_resp_free(&rc);
	h_resp_free(&ra);
}

/* 提出 from the page: the confirmation first, then the step. */
static void confirmation(void)
{
	json_int_t id = new_app("natori", "042072", "確認画面の事業");
	char path[96], body[256], csrf[80];
	snprintf(path, sizeof path, "/applications/%lld", (long long)id);
	h_resp page = h_http(C, "GET", path, NULL, NULL, "natori");
	bool have = form_csrf(page.body, csrf, sizeof csrf);
	h_resp_free(&page);
	h_check("the application page has a form token", have, "no csrf field");
	snprintf(path, sizeof path, "/applications/%lld/action", (long long)id);
	snprintf(body, sizeof body, "csrf=%s&action=submit", csrf);
	h_resp first = h_http(C, "POST", path, "application/x-www-form-urlencoded", body, "natori");
	h_check("提出 from a page answers the confirmation page, not the step",
		first.status == 200 && strstr(first.body, "提出の確認") && strstr(first.body, "name=\"confirm\" value=\"yes\""),
		"%s", h_resp_brief(&first));
	h_resp_free(&first);
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	h_resp g = h_http(C, "GET", path, NULL, NULL, "natori");
	h_check("…and the application is still a draft", strcmp(str(g.json, "status"), "draft") == 0, "%s", h_resp_brief(&g));
	h_resp_free(&g);
	snprintf(path, sizeof path, "/applications/%lld/action", (long long)id);
	snprintf(body, sizeof body, "csrf=%s&action=submit&confirm=yes", csrf);
	h_resp second = h_http(C, "POST", path, "application/x-www-form-urlencoded", body, "natori");
	h_check("confirmed, it is submitted and the browser is sent to the 受付票",
		second.status == 303 && strstr(second.headers, "/receipt"), "%s", h_resp_brief(&second));
	h_resp_free(&second);
	snprintf(path, sizeof path, "/api/v1/applications/%lld", (long long)id);
	g = h_http(C, "GET", path, NULL, NULL, "natori");
	h_check("…and the application is submitted", strcmp(str(g.json, "status"), "submitted") == 0, "%s", h_resp_brief(&g));
	h_resp_free(&g);
	snprintf(path, sizeof path, "/applications/%lld/action", (long long)id);
	snprintf(body, sizeof body, "csrf=%s&action=consult", csrf);
	h_resp plain = h_http(C, "POST", path, "application/x-www-form-urlencoded", body, "natori");
	h_check("steps that can be taken back need no confirmation (consult answers at once)",
		strstr(plain.body, "の確認</h1>") == NULL, "%s", h_resp_brief(&plain));
	h_resp_free(&plain);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIGIDEN_BINARY\n", argv[0]);
		return 2;
	}
	if (sodium_init() < 0)
		return 2;
	char *ex = h_find_example(argv[1], "type1-natori.json");
	EXAMPLE = ex ? json_load_file(ex, 0, NULL) : NULL;
	free(ex);
	h_watchdog(300, "receipts tests", &h_passed, &h_failed, &S);
	if (EXAMPLE == NULL || h_server_start(&S, argv[1]) != 0) {
		printf("FAIL start: see stderr\nreceipts tests: 0 passed, 1 failed\n");
		return 1;
	}
	C = h_client_new(&S);
	if (h_check("admin logs in", h_login(C, "admin", "admin", H_ADMIN_PASSWORD) == 200, "login failed")) {
		users();
		numbers_and_hash();
		confirmation();
	}
	h_client_free(C);
	h_check("the server stops cleanly", h_server_stop(&S) == 0, "wait status %d", S.last_exit);
	char why[512];
	h_check("the server log has no sanitizer report", h_server_log_clean(&S, why, sizeof why), "%s", why);
	h_server_cleanup(&S);
	json_decref(EXAMPLE);
	printf("receipts tests: %d passed, %d failed\n", h_passed, h_failed);
	return h_failed ? 1 : 0;
}
