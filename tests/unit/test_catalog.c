/* test_catalog.c — the shipped catalogue (src/io/catalog.h): catalog_load_all loads
 * every embedded rule set once, two threads racing to be first get the same
 * catalogue, later calls and the per-part accessors return the very same pointers,
 * and every rules/ file the binary carries is in it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "../../src/io/catalog.h"

typedef struct racer {
	pthread_barrier_t *start;
	const catalog_all *got;
	char err[1024];
} racer;

static void *race(void *arg)
{
	racer *r = arg;
	pthread_barrier_wait(r->start);
	r->got = catalog_load_all(r->err, sizeof r->err);
	return NULL;
}

/* First in the file: the two threads are the first callers in the process. */
static void two_threads_one_catalogue(void **state)
{
	(void)state;
	pthread_barrier_t start;
	assert_int_equal(pthread_barrier_init(&start, NULL, 2), 0);
	racer r[2] = { { .start = &start }, { .start = &start } };
	pthread_t t[2];
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&start);
	for (int i = 0; i < 2; i++) {
		if (r[i].got == NULL)
			fail_msg("catalog_load_all: %s", r[i].err);
	}
	assert_ptr_equal(r[0].got, r[1].got);

	char err[1024] = "";
	const catalog_all *again = catalog_load_all(err, sizeof err);
	assert_ptr_equal(again, r[0].got);
	assert_string_equal(err, "");
}

static const catalog_all *all(void)
{
	char err[1024];
	const catalog_all *c = catalog_load_all(err, sizeof err);
	if (c == NULL)
		fail_msg("catalog_load_all: %s", err);
	return c;
}

static void every_set_present(void **state)
{
	(void)state;
	const catalog_all *c = all();

	assert_non_null(c->rounds);
	assert_true(c->rounds->rules.len >= 3);
	assert_non_null(rules_find(&c->rounds->rules, "digital-implementation/fy2021-supp"));
	assert_non_null(rules_find(&c->rounds->rules, "digital-implementation/fy2022-supp"));
	assert_non_null(rules_find(&c->rounds->rules, "digital-implementation/fy2024-request"));
	assert_true(c->rounds->orgs.len > 1700); /* 47 prefectures, 1,718 municipalities, … */
	assert_non_null(org_find(&c->rounds->orgs, "131016"));

	assert_non_null(c->promotion);
	assert_true(c->promotion->len >= 2);
	assert_non_null(promo_rules_find(c->promotion, "regional-promotion/fy2021"));
	assert_non_null(promo_rules_find(c->promotion, "regional-promotion/fy2024-request"));

	assert_non_null(c->future_tech);
	assert_string_equal(c->future_tech->label, "rules/future-tech/program.json");

	assert_non_null(c->finance);
	assert_false(c->finance->have_dsp);
	assert_string_equal(c->finance->mic.label, "rules/mic/fy2026-request.json");
	assert_non_null(c->finance_dispatch);
	assert_true(c->finance_dispatch->have_dsp);
	assert_string_equal(c->finance_dispatch->mic.label, "rules/mic/fy2026-request.json");
	assert_string_equal(c->finance_dispatch->dsp.label, "rules/dispatch/program.json");

	assert_true(c->n_support >= 1);
	assert_string_equal(c->support[0].id, "bansou/fy2025");
	assert_string_equal(c->support[0].rules->id, "bansou/fy2025");
}

/* Whether the catalogue holds the set loaded from the embedded file name. */
static bool holds(const catalog_all *c, const char *name)
{
	char id[256];
	size_t l = strlen(name);
	snprintf(id, sizeof id, "%.*s", (int)(l - strlen("rules/") - strlen(".json")), name + strlen("rules/"));
	if (rules_find(&c->rounds->rules, id) != NULL || promo_rules_find(c->promotion, id) != NULL)
		return true;
	for (size_t i = 0; i < c->n_support; i++)
		if (strcmp(c->support[i].id, id) == 0)
			return true;
	return strcmp(c->future_tech->label, name) == 0 || strcmp(c->finance_dispatch->mic.label, name) == 0 ||
	       strcmp(c->finance_dispatch->dsp.label, name) == 0;
}

/* A rule set added to rules/ without a place in the catalogue fails here. */
static void every_embedded_rule_file_is_in_it(void **state)
{
	(void)state;
	const catalog_all *c = all();
	int files = 0;
	for (const embedded_file *f = embedded_files; f->name; f++) {
		size_t l = strlen(f->name);
		if (strncmp(f->name, "rules/", 6) != 0 || l < 12 || strcmp(f->name + l - 5, ".json") != 0)
			continue;
		files++;
		if (!holds(c, f->name))
			fail_msg("%s is embedded but not in the catalogue", f->name);
	}
	assert_true(files >= 9); /* the nine shipped today, at least */
}

static void accessors_return_the_catalogue(void **state)
{
	(void)state;
	const catalog_all *c = all();
	char err[512] = "";
	assert_ptr_equal(catalog_rounds(err, sizeof err), c->rounds);
	assert_ptr_equal(rules_cache_promotion(err, sizeof err), c->promotion);
	assert_ptr_equal(rules_cache_future_tech(err, sizeof err), c->future_tech);
	assert_ptr_equal(rules_cache_finance(false, err, sizeof err), c->finance);
	assert_ptr_equal(rules_cache_finance(true, err, sizeof err), c->finance_dispatch);
	assert_ptr_equal(rules_cache_support("bansou/fy2025", err, sizeof err), c->support[0].rules);
	assert_string_equal(err, "");
}

/* Ids that are not shipped support programs: the loader's own wording. */
static void unknown_support_program(void **state)
{
	(void)state;
	char err[512];
	size_t n_support = all()->n_support;
	assert_null(rules_cache_support("bansou/fy1999", err, sizeof err));
	assert_string_equal(err, "募集回「bansou/fy1999」の応募要件はありません（あるもの: bansou/fy2025）");
	assert_null(rules_cache_support(NULL, err, sizeof err));
	assert_string_equal(err, "募集回の指定がありません");
	/* a rule file of another program is not a support program */
	assert_null(rules_cache_support("mic/fy2026-request", err, sizeof err));
	assert_non_null(strstr(err, "rules/mic/fy2026-request.json: "));
	/* and none of this changed the catalogue */
	assert_int_equal(all()->n_support, n_support);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_threads_one_catalogue),
		cmocka_unit_test(every_set_present),
		cmocka_unit_test(every_embedded_rule_file_is_in_it),
		cmocka_unit_test(accessors_return_the_catalogue),
		cmocka_unit_test(unknown_support_program),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
