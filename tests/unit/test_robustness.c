/* test_robustness.c — deterministic mutation testing of the parsers and the engine:
 * thousands of corrupted variants of the example application (byte flips, inserts,
 * deletions, truncations, huge and negative numbers) go through parse → decode →
 * check. Nothing may crash (the ASan+UBSan pass of `make test` runs this too), and
 * every computed result must keep 0 ≤ 国費 ≤ 交付対象事業費 ≤ 総事業費 and 国費 ≤ 上限. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/check.h"
#include "../../src/io/catalog.h"
#include "../../src/io/json_application.h"
#include "../../src/io/org_master.h"
#include "../../src/io/readfile.h"

static catalog cat;
static char *example;
static size_t example_len;

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int setup(void **state)
{
	(void)state;
	char err[512];
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0)
		return -1;
	return readfile("examples/type1-natori.json", READFILE_MAX_BYTES, &example, &example_len, err, sizeof err);
}

static int teardown(void **state)
{
	(void)state;
	free(example);
	catalog_free(&cat);
	return 0;
}

static size_t computed;

static void run_one(const char *text, size_t len)
{
	char err[1024];
	json_t *root = json_parse_text(text, len, err, sizeof err);
	if (root == NULL) {
		assert_true(strlen(err) > 0);
		return;
	}
	arena a;
	arena_init(&a);
	application app = { 0 };
	diag_list dl;
	diag_list_init(&dl, &a);
	check_result r;
	assert_int_equal(json_application_decode(root, &a, &app, &dl), 0);
	assert_int_equal(check_application(&app, &dl, &cat.rules, &cat.orgs, &a, &r), 0);
	check_result *p = &r;
	check_limits(&p, 1, &a);
	for (size_t i = 0; i < r.diags.len; i++) {
		assert_non_null(r.diags.items[i].code);
		assert_non_null(r.diags.items[i].path);
		assert_non_null(r.diags.items[i].message);
	}
	if (r.has_national_share) {
		computed++;
		assert_true(r.national_share_yen >= 0);
		assert_true(r.national_share_yen <= r.eligible_cost_yen);
		assert_true(r.eligible_cost_yen <= r.project_cost_yen);
		assert_int_equal(r.local_share_yen, r.project_cost_yen - r.national_share_yen);
		if (r.has_cap)
			assert_true(r.national_share_yen <= r.cap_yen);
	}
	arena_free(&a);
	json_decref(root);
}

static void mutated_applications(void **state)
{
	(void)state;
	static const char *const splices[] = { "99999999999999999999", "-1", "1e308", "\"1億円\"", "null", "[]", "{}",
					       "\"\xff\xfe\"", "\"\\u0000\"", "true", "\"１兆円\"", "0.5" };
	char *buf = malloc(example_len + 64);
	assert_non_null(buf);
	for (int iter = 0; iter < 4000; iter++) {
		memcpy(buf, example, example_len);
		size_t len = example_len;
		int edits = 1 + (int)(next() % 4);
		for (int e = 0; e < edits && len > 0; e++) {
			size_t pos = next() % len;
			switch (next() % 5) {
			case 0: buf[pos] = (char)(next() & 0xFF); break;                 /* flip */
			case 1: memmove(buf + pos, buf + pos + 1, len - pos - 1); len--; break; /* delete */
			case 2: len = pos; break;                                          /* truncate */
			case 3:                                                             /* insert */
				if (len < example_len + 32) {
					memmove(buf + pos + 1, buf + pos, len - pos);
					buf[pos] = "{}[],:\"0123456789-. \\u"[next() % 22];
					len++;
				}
				break;
			default: { /* replace the next number or string by a splice */
				const char *s = splices[next() % (sizeof splices / sizeof splices[0])];
				size_t sl = strlen(s), q = pos;
				while (q < len && !(buf[q] >= '0' && buf[q] <= '9'))
					q++;
				size_t qe = q;
				while (qe < len && buf[qe] >= '0' && buf[qe] <= '9')
					qe++;
				if (q < len && len - (qe - q) + sl <= example_len + 32) {
					memmove(buf + q + sl, buf + qe, len - qe);
					memcpy(buf + q, s, sl);
					len = len - (qe - q) + sl;
				}
			}
			}
		}
		run_one(buf, len);
	}
	free(buf);
	/* the corpus is not all rejected: many variants still compute an amount */
	assert_true(computed > 200);
}

static void random_money_and_master_text(void **state)
{
	(void)state;
	static const char alphabet[] = "0123456789,.円千万億兆百- \xef\xbc\x91\xe5\x86\x86";
	for (int iter = 0; iter < 20000; iter++) {
		char s[32];
		size_t n = next() % (sizeof s - 1);
		for (size_t k = 0; k < n; k++)
			s[k] = alphabet[next() % (sizeof alphabet - 1)];
		s[n] = 0;
		int64_t y;
		if (money_parse(s, &y) == MONEY_OK)
			assert_true(y >= 0);
	}
	const char *head = "code\tkind\tprefecture_code\tname\tkana\tparent_code\tapplicant\n042072\tcity\t04\t名取市\tなとりし\t\t1\n";
	char text[256];
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = strlen(head);
		memcpy(text, head, len + 1);
		size_t pos = next() % len;
		text[pos] = "\t\n0x#1"[next() % 6];
		arena a;
		arena_init(&a);
		org_master m = { 0 };
		char err[256];
		(void)org_master_load_text(&m, text, len, "m.tsv", &a, err, sizeof err);
		arena_free(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mutated_applications),
		cmocka_unit_test(random_money_and_master_text),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
