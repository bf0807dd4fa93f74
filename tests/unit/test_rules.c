/* test_rules.c — the rule sets in rules/ (embedded in the binary) load, cite only
 * the seeds, quote them verbatim, and the loader refuses broken rule sets.
 * Run from the repository root (the seeds are read from seeds/). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/io/catalog.h"
#include "../../src/io/json_rules.h"
#include "../../src/io/readfile.h"

static catalog cat;

static int load(void **state)
{
	(void)state;
	char err[512];
	int rc = catalog_load(&cat, NULL, NULL, err, sizeof err);
	if (rc != 0)
		fprintf(stderr, "%s\n", err);
	return rc;
}

static int unload(void **state)
{
	(void)state;
	catalog_free(&cat);
	return 0;
}

/* Removes ASCII whitespace and U+3000 in place. */
static void strip_ws(char *s)
{
	char *o = s;
	for (char *p = s; *p;) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			p++;
		} else if ((unsigned char)p[0] == 0xE3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x80) {
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = 0;
}

static char *seed_text[8];

static const char *seed(const char *name)
{
	for (int i = 0; rules_known_seeds[i]; i++)
		if (strcmp(rules_known_seeds[i], name) == 0) {
			if (seed_text[i] == NULL) {
				char path[256], err[256];
				size_t len;
				snprintf(path, sizeof path, "seeds/%s", name);
				if (readfile(path, READFILE_MAX_BYTES, &seed_text[i], &len, err, sizeof err) != 0)
					fail_msg("%s", err);
				strip_ws(seed_text[i]);
			}
			return seed_text[i];
		}
	fail_msg("unknown seed %s", name);
	return NULL;
}

static int n_checked;

static void quoted(const char *where, const citation *c)
{
	char *q = strdup(c->quote);
	strip_ws(q);
	if (strstr(seed(c->source), q) == NULL)
		fail_msg("%s: quote 「%s」 is not in %s", where, c->quote, c->source);
	free(q);
	n_checked++;
}

/* Every citation's quote is verbatim seed text (whitespace aside). */
static void every_quote_is_in_its_seed(void **state)
{
	(void)state;
	assert_true(cat.rules.len >= 3);
	for (size_t i = 0; i < cat.rules.len; i++) {
		const rule_set *rs = cat.rules.sets[i];
		quoted(rs->id, &rs->rounding_cite);
		for (size_t m = 0; m < rs->n_menus; m++) {
			const rule_menu *mn = &rs->menus[m];
			if (mn->has_rate)
				quoted(mn->id, &mn->rate_cite);
			if (mn->cap.present)
				quoted(mn->id, &mn->cap.cite);
			for (int q = 0; q < REQ__MAX; q++)
				if (mn->req[q].present)
					quoted(mn->id, &mn->req[q].cite);
			const rule_telework *t = &mn->telework;
			const rule_amount *amounts[] = { &t->facility_cap, &t->promotion_cap, &t->expansion_cap,
							 &t->company_cap, &t->settlement_project_cap };
			for (size_t k = 0; k < 5; k++)
				if (amounts[k]->present)
					quoted(mn->id, &amounts[k]->cite);
			if (t->max_facilities.present)
				quoted(mn->id, &t->max_facilities.cite);
			if (t->has_exclusive)
				quoted(mn->id, &t->exclusive_cite);
		}
		for (size_t l = 0; l < rs->n_limits; l++) {
			const rule_limit *lim = &rs->limits[l];
			const rule_count *cs[] = { &lim->max_prefecture, &lim->max_municipality, &lim->max_any };
			for (size_t k = 0; k < 3; k++)
				if (cs[k]->present)
					quoted(lim->id, &cs[k]->cite);
		}
		for (size_t e = 0; e < rs->n_exclusions; e++)
			quoted("exclusion", &rs->exclusions[e].cite);
		for (int r = 0; r < RP__MAX; r++)
			if (rs->review[r].present)
				quoted("review_point", &rs->review[r].cite);
	}
	assert_true(n_checked > 100);
}

/* Walks any JSON value: every object holding "source" and "quote" is a citation. */
static void walk_citations(json_t *v, const char *file, int *found)
{
	if (json_is_object(v)) {
		json_t *src = json_object_get(v, "source"), *q = json_object_get(v, "quote");
		if (json_is_string(src) && json_is_string(q)) {
			citation c = { .source = json_string_value(src), .quote = json_string_value(q) };
			quoted(file, &c);
			(*found)++;
		}
		const char *k;
		json_t *c2;
		json_object_foreach(v, k, c2)
		walk_citations(c2, file, found);
	} else if (json_is_array(v)) {
		size_t i;
		json_t *c2;
		json_array_foreach(v, i, c2)
		walk_citations(c2, file, found);
	}
}

/* Every rule file of every program (rules/<program>/<round>.json, whatever its
 * format): each citation quotes its seed verbatim. */
static void every_rule_file_cites_its_seed(void **state)
{
	(void)state;
	int files = 0;
	for (const embedded_file *f = embedded_files; f->name; f++) {
		if (strncmp(f->name, "rules/", 6) != 0)
			continue;
		json_error_t je;
		json_t *root = json_loadb(f->data, f->len, 0, &je);
		if (root == NULL)
			fail_msg("%s: line %d: %s", f->name, je.line, je.text);
		int found = 0;
		walk_citations(root, f->name, &found);
		if (found == 0)
			fail_msg("%s cites no seed", f->name);
		json_decref(root);
		files++;
	}
	assert_true(files >= 3);
}

/* The R4補正 parameters of RULES.md §17, read from the data the engine uses. */
static void fy2022_supp_parameters(void **state)
{
	(void)state;
	const rule_set *rs = rules_find(&cat.rules, "digital-implementation/fy2022-supp");
	assert_non_null(rs);
	assert_int_equal(rs->fiscal_year, 2022);
	struct {
		const char *menu;
		int64_t num, den, cap;
	} want[] = {
		{ "type1", 1, 2, 100000000 },         /* 「TYPE1及びTYPE2 : 1／2」, 国費：1億円 */
		{ "type2", 1, 2, 200000000 },         /* 国費：2億円 */
		{ "type3", 2, 3, 600000000 },         /* 「TYPE3 : 2／3」, 国費：6億円 */
		{ "mnc_expansion", 10, 10, 300000000 }, /* 10／10, 国費：3億円 */
		{ "telework_high", 3, 4, 0 },          /* 3／4, caps per element only */
		{ "telework_standard", 1, 2, 0 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const rule_menu *m = rules_find_menu(rs, want[i].menu);
		assert_non_null(m);
		assert_true(m->has_rate);
		assert_int_equal(fraction_cmp(m->rate, (fraction){ want[i].num, want[i].den }), 0);
		assert_int_equal(m->cap.present, want[i].cap != 0);
		if (want[i].cap)
			assert_int_equal(m->cap.yen, want[i].cap);
	}
	const rule_menu *tw = rules_find_menu(rs, "telework_high");
	assert_int_equal(tw->telework.facility_cap.yen, 90000000);
	assert_int_equal(tw->telework.max_facilities.value, 3);
	assert_int_equal(tw->telework.promotion_cap.yen, 12000000);
	assert_int_equal(tw->telework.company_cap.yen, 1000000);
	assert_int_equal(tw->telework.settlement_project_cap.yen, 30000000);
	const rule_menu *mnc = rules_find_menu(rs, "mnc_expansion");
	assert_true(mnc->req[REQ_CARD_APPLICATION_RATE].present);
	assert_int_equal(fraction_cmp(mnc->req[REQ_CARD_APPLICATION_RATE].min_rate, (fraction){ 7, 10 }), 0);
	assert_int_equal(mnc->req[REQ_CARD_APPLICATION_RATE].as_of.year, 2023);
	assert_int_equal(mnc->req[REQ_CARD_APPLICATION_RATE].as_of.month, 1);
	assert_int_equal(mnc->req[REQ_CARD_APPLICATION_RATE].as_of.day, 31);
	assert_int_equal(rs->rounding, ROUND_FLOOR_THOUSAND);
	assert_int_equal(rs->n_exclusions, DECL__MAX);
}

/* R3補正: caps and rates 「not stated」 (RULES.md §16) are absent, not invented. */
static void fy2021_supp_leaves_unstated_values_absent(void **state)
{
	(void)state;
	const rule_set *rs = rules_find(&cat.rules, "digital-implementation/fy2021-supp");
	assert_non_null(rs);
	for (size_t m = 0; m < rs->n_menus; m++) {
		assert_false(rs->menus[m].has_rate);
		assert_false(rs->menus[m].cap.present);
	}
	assert_null(rules_find_menu(rs, "mnc_expansion"));
	const rule_set *r6 = rules_find(&cat.rules, "digital-implementation/fy2024-request");
	assert_non_null(r6);
	assert_string_equal(r6->status, "provisional");
	assert_null(rules_find_menu(r6, "mnc_expansion")); /* 「R4補正限りの時限措置」 */
}

static const char *base_rule_set =
	"{\"format\":\"digiden/rules/1\",\"id\":\"p/r\",\"program\":\"p\",\"title\":\"t\",\"fiscal_year\":2022,"
	"\"budget\":\"supplementary\",\"status\":\"final\",\"sources\":[\"001_2b97fb39079cc39d.txt\"],"
	"\"rounding\":{\"value\":\"floor_yen\",\"source\":\"001_2b97fb39079cc39d.txt\",\"quote\":\"q\"},"
	"\"menus\":{\"type1\":{\"name\":\"T1\",\"rate\":{\"value\":\"%s\",\"source\":\"%s\",\"quote\":\"q\"}%s}}%s}";

static int load_variant(const char *rate, const char *source, const char *menu_extra, const char *top_extra, char *err)
{
	char text[2048];
	snprintf(text, sizeof text, base_rule_set, rate, source, menu_extra, top_extra);
	arena a;
	arena_init(&a);
	rule_set rs;
	int rc = json_rules_load_text(text, strlen(text), "t.json", &a, &rs, err, 512);
	arena_free(&a);
	return rc;
}

static void loader_refuses_broken_rule_sets(void **state)
{
	(void)state;
	char err[512];
	assert_int_equal(load_variant("1/2", "001_2b97fb39079cc39d.txt", "", "", err), 0);
	assert_int_equal(load_variant("3/2", "001_2b97fb39079cc39d.txt", "", "", err), -1);
	assert_non_null(strstr(err, "menus.type1.rate.value"));
	assert_int_equal(load_variant("1/2", "999_unknown.txt", "", "", err), -1);
	assert_non_null(strstr(err, "999_unknown.txt"));
	assert_int_equal(load_variant("1/2", "001_2b97fb39079cc39d.txt", ",\"cap\":1", "", err), -1);
	assert_non_null(strstr(err, "menus.type1.cap"));
	assert_int_equal(load_variant("1/2", "001_2b97fb39079cc39d.txt", "", ",\"limits\":[{\"id\":\"x\",\"menus\":[\"type9\"],\"max_any\":{\"value\":1,\"source\":\"001_2b97fb39079cc39d.txt\",\"quote\":\"q\"}}]", err), -1);
	assert_non_null(strstr(err, "limits[0].menus[0]"));
	assert_int_equal(load_variant("1/2", "001_2b97fb39079cc39d.txt", ",\"cap_yen\":{\"value\":100}", "", err), -1);
	assert_non_null(strstr(err, "menus.type1.cap_yen.source"));
	assert_int_equal(load_variant("1/2", "001_2b97fb39079cc39d.txt", ",\"requirements\":[{\"id\":\"be_nice\",\"source\":\"001_2b97fb39079cc39d.txt\",\"quote\":\"q\"}]", "", err), -1);
	assert_non_null(strstr(err, "be_nice"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_quote_is_in_its_seed, load, unload),
		cmocka_unit_test(every_rule_file_cites_its_seed),
		cmocka_unit_test_setup_teardown(fy2022_supp_parameters, load, unload),
		cmocka_unit_test_setup_teardown(fy2021_supp_leaves_unstated_values_absent, load, unload),
		cmocka_unit_test(loader_refuses_broken_rule_sets),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	for (int i = 0; i < 8; i++)
		free(seed_text[i]);
	return rc;
}
