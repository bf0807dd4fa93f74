/* test_notify.c — notifications on a temporary store (issue 13, part 4): the rows an
 * operation writes are committed with it and gone when it rolls back (its audit entry
 * failing after the hook ran); the mail of a notification is well-formed MIME in UTF-8
 * (RFC 2047 subject in words of at most 75 characters, base64 body, lines of at most 78)
 * and the same bytes on every attempt; mail addresses are checked before a header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../src/io/catalog.h"
#include "../../src/service/notify.h"
#include "../../src/service/service_internal.h"

static char dir[] = "/tmp/digiden-notify-XXXXXX";
static catalog cat;
static store *st;
static svc s;

static int open_store(void **state)
{
	(void)state;
	char path[256], err[512];
	bool created;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(path, sizeof path, "%s/n.db", dir);
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0 || store_open(path, &st, &created, err, sizeof err) != 0)
		return -1;
	svc_init(&s, st, &cat);
	char generated[33];
	return svc_seed(&s, "test-admin-password-1", generated, err, sizeof err);
}

static int close_store(void **state)
{
	(void)state;
	svc_free(&s);
	store_close(st);
	catalog_free(&cat);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int64_t unread_of(int64_t user)
{
	int64_t n = -1;
	assert_int_equal(store_notify_unread(st, user, &n), STORE_OK);
	return n;
}

static void rolled_back_operation_leaves_no_notification(void **state)
{
	(void)state;
	int64_t natori, other;
	assert_int_equal(store_user_add(st, "natori-n", "x", "applicant", "042072", &natori), STORE_OK);
	assert_int_equal(store_user_add(st, "natori-n2", "x", "applicant", "042072", &other), STORE_OK);
	svc_user u = { .id = natori, .login = "natori-n", .role = ROLE_APPLICANT, .organization = "042072" };
	json_t *body = json_pack("{s:s,s:s,s:s,s:{s:s}}", "round", "digital-implementation/fy2022-supp", "menu", "type1", "title",
				 "通知の取引", "applicant", "code", "042072");
	svc_err err = { 0 };
	json_t *created = svc_app_create(&s, &u, body, &err);
	assert_non_null(created);
	int64_t app = json_integer_value(json_object_get(created, "id"));
	/* the hook runs after the step; a NULL actor then fails the audit entry (NOT NULL),
	 * so the operation rolls back after its notification was written */
	svc_op bad = { .actor = NULL, .action = "comment.add", .application = app };
	assert_int_equal(svc_op_run(&s, &bad, NULL, NULL, &err), -1);
	assert_int_equal(err.status, 500);
	svc_err_clear(&err);
	assert_int_equal(unread_of(natori), 0);
	assert_int_equal(unread_of(other), 0);
	/* the same operation that commits: the organization's other user is told, not the actor */
	svc_op good = { .actor = "natori-n", .action = "comment.add", .application = app };
	assert_int_equal(svc_op_run(&s, &good, NULL, NULL, &err), 0);
	assert_int_equal(unread_of(other), 1);
	assert_int_equal(unread_of(natori), 0);
	/* the applicant's own saves tell nobody */
	svc_op save = { .actor = "natori-n", .action = "application.save", .application = app };
	assert_int_equal(svc_op_run(&s, &save, NULL, NULL, &err), 0);
	assert_int_equal(unread_of(other), 1);
	json_decref(created);
	json_decref(body);
}

/* Decodes the encoded words of the Subject header of msg into out. */
static void subject_of(const char *msg, char *out, size_t cap)
{
	const char *p = strstr(msg, "Subject: ");
	assert_non_null(p);
	const char *end = strstr(p, "\r\nMessage-ID:");
	assert_non_null(end);
	size_t n = 0;
	while ((p = strstr(p, "=?UTF-8?B?")) != NULL && p < end) {
		p += 10;
		const char *e = strstr(p, "?=");
		assert_non_null(e);
		assert_true(e - p + 12 <= 75); /* RFC 2047: an encoded word is at most 75 characters */
		size_t k = 0;
		assert_int_equal(sodium_base642bin((unsigned char *)out + n, cap - n - 1, p, (size_t)(e - p), NULL, &k, NULL,
						   sodium_base64_VARIANT_ORIGINAL),
				 0);
		n += k;
		p = e + 2;
	}
	out[n] = '\0';
}

static void mail_is_mime_in_utf8(void **state)
{
	(void)state;
	const char *title = "申請「名取市 地域の医療・福祉をデジタルでつなぐ事業（令和4年度補正）」が提出されました";
	store_notification n = { .id = 42, .at = "2026-12-04T22:00:00Z", .title = title, .body = "名取市の申請です。\n二行目",
				 .link = "/office/applications/7", .email = "office1@example.jp" };
	size_t len = 0, len2 = 0;
	char *m = svc_mail_compose(&n, "digiden@example.jp", "http://127.0.0.1:8080", &len);
	char *again = svc_mail_compose(&n, "digiden@example.jp", "http://127.0.0.1:8080", &len2);
	assert_non_null(m);
	assert_non_null(again);
	assert_int_equal(len, strlen(m));
	assert_string_equal(m, again); /* a resend is the same message */
	assert_non_null(strstr(m, "Date: Fri, 04 Dec 2026 22:00:00 +0000\r\n"));
	assert_non_null(strstr(m, "From: digiden@example.jp\r\nTo: office1@example.jp\r\n"));
	assert_non_null(strstr(m, "Message-ID: <digiden.notification.42.20261204220000@example.jp>\r\n"));
	assert_non_null(strstr(m, "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"));
	char subject[512];
	subject_of(m, subject, sizeof subject);
	assert_string_equal(subject, title);
	/* every line ends in CRLF and is at most 78 characters */
	for (const char *p = m; *p;) {
		const char *e = strstr(p, "\r\n");
		assert_non_null(e);
		assert_true(e - p <= 78);
		p = e + 2;
	}
	/* the body decodes to the text with its link */
	const char *b = strstr(m, "\r\n\r\n") + 4;
	unsigned char text[2048];
	size_t k = 0;
	assert_int_equal(sodium_base642bin(text, sizeof text - 1, b, strlen(b), "\r\n", &k, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	text[k] = '\0';
	assert_non_null(strstr((char *)text, "名取市の申請です。\r\n二行目"));
	assert_non_null(strstr((char *)text, "http://127.0.0.1:8080/office/applications/7\r\n"));
	free(m);
	free(again);
}

static void mail_addresses(void **state)
{
	(void)state;
	assert_true(svc_email_valid("tanto@city.natori.example.jp"));
	assert_true(svc_email_valid("a.b+c@example.jp"));
	static const char *const bad[] = { "", "no-at", "@example.jp", "a@", "a@b", "a@@example.jp", "a b@example.jp",
					   "a@example.jp\r\nBcc: x@example.jp", "<a@example.jp>", "a@exa\"mple.jp", "名前@example.jp" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(svc_email_valid(bad[i]));
	assert_false(svc_email_valid(NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rolled_back_operation_leaves_no_notification),
		cmocka_unit_test(mail_is_mime_in_utf8),
		cmocka_unit_test(mail_addresses),
	};
	return cmocka_run_group_tests_name("notify", tests, open_store, close_store);
}
