/* test_published.c — loads the data sets built from the lists the seeds publish
 * (the CSV files of tests/data/published) through `digiden import-decisions`, regenerates the
 * result tables with `digiden report` and compares them, figure by figure, with
 * the published tables in tests/data/published/expected.json (each citing its seed).
 * Amounts compare at the precision the seed prints (0.1億円 or 1億円, half up).
 * Usage: test_published DIGIDEN DATA_DIR. Ends with "results tests: N passed, M failed". */
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed;
static const char *digiden;
static char db[256];

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	printf(ok ? "ok   " : "FAIL ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	ok ? passed++ : failed++;
}

static json_t *run_json(const char *args)
{
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "%s report --db %s --format json %s 2>/dev/null", digiden, db, args);
	FILE *p = popen(cmd, "r");
	if (!p)
		return NULL;
	json_error_t e;
	json_t *j = json_loadf(p, 0, &e);
	pclose(p);
	return j;
}

/* yen rounded half up to the precision of the published string ("84.6" → 0.1億, "33" → 1億) */
static bool same_oku(long long yen, const char *published)
{
	const char *dot = strchr(published, '.');
	long long unit = dot ? 10000000LL : 100000000LL;
	long long rounded = (yen + unit / 2) / unit;
	long long want = 0;
	for (const char *c = published; *c; c++)
		if (*c >= '0' && *c <= '9')
			want = want * 10 + (*c - '0');
	return rounded == want;
}

static json_t *find_row(json_t *rep, const char *field, const char *value)
{
	size_t i;
	json_t *r;
	json_array_foreach(json_object_get(rep, "rows"), i, r)
	{
		const char *v = json_string_value(json_object_get(r, field));
		if (v && strcmp(v, value) == 0)
			return r;
	}
	return NULL;
}

static char *menus_of(json_t *m)
{
	static char out[256];
	out[0] = 0;
	if (json_is_string(m))
		snprintf(out, sizeof out, "%s", json_string_value(m));
	size_t i;
	json_t *v;
	json_array_foreach(m, i, v)
	{
		strcat(out, i ? "," : "");
		strncat(out, json_string_value(v), sizeof out - strlen(out) - 1);
	}
	return out;
}

/* Compares the numbers a published row gives with a computed row. */
static void compare(const char *table, const char *label, json_t *want, json_t *got)
{
	if (got == NULL) {
		check(false, "%s %s: no such row in the report", table, label);
		return;
	}
	json_t *v;
	if ((v = json_object_get(want, "organizations")) && json_is_integer(v))
		check(json_integer_value(v) == json_integer_value(json_object_get(got, "organizations")), "%s %s 団体数 %lld (got %lld)",
		      table, label, json_integer_value(v), json_integer_value(json_object_get(got, "organizations")));
	if ((v = json_object_get(want, "projects")) || (v = json_object_get(want, "projects_derived")))
		check(json_integer_value(v) == json_integer_value(json_object_get(got, "projects")), "%s %s 件数 %lld (got %lld)", table,
		      label, json_integer_value(v), json_integer_value(json_object_get(got, "projects")));
	if ((v = json_object_get(want, "national_share_oku")))
		check(same_oku(json_integer_value(json_object_get(got, "national_share_yen")), json_string_value(v)),
		      "%s %s 国費 %s億円 (got %lld円)", table, label, json_string_value(v),
		      json_integer_value(json_object_get(got, "national_share_yen")));
	if ((v = json_object_get(want, "project_cost_oku")))
		check(same_oku(json_integer_value(json_object_get(got, "project_cost_yen")), json_string_value(v)),
		      "%s %s 事業費 %s億円 (got %lld円)", table, label, json_string_value(v),
		      json_integer_value(json_object_get(got, "project_cost_yen")));
}

static void table(json_t *t)
{
	const char *name = json_string_value(json_object_get(t, "name")), *by = json_string_value(json_object_get(t, "by"));
	char args[512];
	size_t i;
	json_t *row;
	bool once = json_object_get(t, "organization_counting") != NULL;
	if (strcmp(by, "prefecture") == 0 || strcmp(by, "kind") == 0 || strcmp(by, "menu") == 0) {
		json_t *menu = json_object_get(t, "menu");
		snprintf(args, sizeof args, "--by %s %s%s %s", by, menu ? "--menu " : "", menu ? menus_of(menu) : "", once ? "--orgs-once" : "");
		json_t *rep = run_json(args);
		if (rep == NULL) {
			check(false, "%s: digiden report %s gave no JSON", name, args);
			return;
		}
		json_array_foreach(json_object_get(t, "rows"), i, row)
		{
			const char *label = json_string_value(json_object_get(row, "label"));
			json_t *m = json_object_get(row, "menu");
			if (json_is_array(m)) { /* one published row over several menus: the total of those menus */
				char a2[256];
				snprintf(a2, sizeof a2, "--by menu --menu %s --orgs-once", menus_of(m));
				json_t *sub = run_json(a2);
				compare(name, label, row, sub ? json_object_get(sub, "total") : NULL);
				json_decref(sub);
			} else if (strcmp(by, "prefecture") == 0) {
				compare(name, label, row, find_row(rep, "label", label));
			} else if (strcmp(by, "kind") == 0) {
				compare(name, label, row, find_row(rep, "key", json_string_value(json_object_get(row, "kind"))));
			} else {
				compare(name, label, row, find_row(rep, "key", json_string_value(m)));
			}
		}
		if (json_object_get(t, "total") && json_object_get(json_object_get(t, "total"), "organizations"))
			compare(name, "合計", json_object_get(t, "total"), json_object_get(rep, "total"));
		json_decref(rep);
	} else if (strcmp(by, "menu,kind") == 0) {
		json_array_foreach(json_object_get(t, "rows"), i, row)
		{
			snprintf(args, sizeof args, "--by kind --menu %s", json_string_value(json_object_get(row, "menu")));
			json_t *rep = run_json(args);
			compare(name, json_string_value(json_object_get(row, "label")), row,
				rep ? find_row(rep, "key", json_string_value(json_object_get(row, "kind"))) : NULL);
			json_decref(rep);
		}
		json_array_foreach(json_object_get(t, "subtotals"), i, row)
		{
			json_t *m = json_object_get(row, "menu"), *k = json_object_get(row, "kind");
			snprintf(args, sizeof args, "--by %s --menu %s", k ? "kind" : "menu", m ? json_string_value(m) : menus_of(json_object_get(t, "menu")));
			json_t *rep = run_json(args);
			compare(name, json_string_value(json_object_get(row, "label")), row,
				rep ? find_row(rep, "key", json_string_value(k ? k : m)) : NULL);
			json_decref(rep);
		}
		snprintf(args, sizeof args, "--by menu --menu %s", menus_of(json_object_get(t, "menu")));
		json_t *rep = run_json(args);
		compare(name, "合計", json_object_get(t, "total"), rep ? json_object_get(rep, "total") : NULL);
		json_decref(rep);
	} else if (strcmp(by, "category") == 0 || strcmp(by, "platform_policy") == 0) {
		const char *field = strcmp(by, "category") == 0 ? "category" : "platform_policy";
		const char *rby = strcmp(by, "category") == 0 ? "category" : "platform";
		for (int type = 2; type <= 3; type++) {
			snprintf(args, sizeof args, "--by %s --menu type%d", rby, type);
			json_t *rep = run_json(args);
			json_array_foreach(json_object_get(t, "rows"), i, row)
			{
				char tk[16];
				snprintf(tk, sizeof tk, "type%d", type);
				long long want = json_integer_value(json_object_get(row, tk));
				json_t *got = rep ? find_row(rep, "key", json_string_value(json_object_get(row, field))) : NULL;
				long long have = got ? json_integer_value(json_object_get(got, "projects")) : 0;
				check(want == have, "%s %s TYPE%d 件数 %lld (got %lld)", name,
				      json_string_value(json_object_get(row, "label")), type, want, have);
			}
			json_decref(rep);
		}
	} else {
		check(false, "%s: unknown table kind %s", name, by);
	}
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_published DIGIDEN DATA_DIR\n");
		return 2;
	}
	digiden = argv[1];
	char dir[] = "/tmp/digiden-published-XXXXXX";
	if (!mkdtemp(dir))
		return 2;
	snprintf(db, sizeof db, "%s/r.db", dir);
	setenv("DIGIDEN_ADMIN_PASSWORD", "published-test-password", 1);
	const char *files[] = { "mnc-expansion.csv", "type23.csv", "telework.csv" };
	for (size_t i = 0; i < 3; i++) {
		char cmd[1024];
		snprintf(cmd, sizeof cmd, "%s import-decisions --db %s %s/%s >/dev/null 2>&1", digiden, db, argv[2], files[i]);
		check(system(cmd) == 0, "import-decisions %s", files[i]);
	}
	char path[512];
	snprintf(path, sizeof path, "%s/expected.json", argv[2]);
	json_error_t e;
	json_t *exp = json_load_file(path, 0, &e);
	check(exp != NULL, "expected.json readable");
	size_t i;
	json_t *t;
	json_array_foreach(json_object_get(exp, "tables"), i, t)
	table(t);
	json_decref(exp);

	/* audit-decisions flags the published cap breach: 愛媛県 6.5億円 > 横展開型 3億円 (RULES.md §15.1 item 4) */
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s audit-decisions --db %s --round digital-implementation/fy2022-supp --format json 2>/dev/null", digiden, db);
	FILE *p = popen(cmd, "r");
	json_t *audit = p ? json_loadf(p, 0, &e) : NULL;
	if (p)
		pclose(p);
	bool ehime = false;
	json_t *f;
	json_array_foreach(json_object_get(audit, "findings"), i, f)
	ehime = ehime || (strcmp(json_string_value(json_object_get(f, "organization_code")), "380008") == 0 &&
			  strcmp(json_string_value(json_object_get(f, "rule")), "mnc_expansion.cap_yen") == 0 &&
			  json_is_integer(json_object_get(f, "line")));
	check(ehime, "audit-decisions flags 愛媛県 (380008) above the 横展開型 cap, with its CSV line");
	json_decref(audit);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	printf("results tests: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
