/* test_exports.c — open-data exports and the import round trip, with real tools:
 *   - XLSX (libxlsxwriter) opened by LibreOffice (headless) and converted back to CSV:
 *     every number equals the JSON export;
 *   - the Shift_JIS/CP932 CSV export round-trips through iconv and the import;
 *   - a failing import stores nothing and names its lines;
 *   - every SVG chart is well-formed XML (xmllint).
 * Usage: test_exports DIGIDEN DATA_DIR. Ends with "export tests: N passed, M failed". */
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;
static const char *digiden;
static char dir[] = "/tmp/digiden-exports-XXXXXX";

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

__attribute__((format(printf, 1, 2))) static int sh(const char *fmt, ...)
{
	char cmd[4096];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(cmd, sizeof cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd);
	return rc == -1 ? -1 : WEXITSTATUS(rc);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *b = malloc((size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	if (b) {
		b[n] = 0;
		*len = (size_t)n;
	}
	return b;
}

static json_t *report_json(const char *db, const char *by)
{
	char cmd[1024];
	snprintf(cmd, sizeof cmd, "%s report --db %s --by %s --format json 2>/dev/null", digiden, db, by);
	FILE *p = popen(cmd, "r");
	json_error_t e;
	json_t *j = p ? json_loadf(p, 0, &e) : NULL;
	if (p)
		pclose(p);
	return j;
}

static const char *const tables[] = { "menu", "kind", "field", "field_merged", "prefecture", "category", "platform" };

/* LibreOffice's CSV of one sheet against the JSON of the same table. */
static void compare_sheet(const char *csv_path, json_t *rep, const char *by)
{
	FILE *f = fopen(csv_path, "r");
	if (!f) {
		check(false, "xlsx sheet %s converted by LibreOffice (%s missing)", by, csv_path);
		return;
	}
	char line[4096];
	size_t row = 0, mismatches = 0, compared = 0;
	json_t *rows = json_object_get(rep, "rows");
	while (fgets(line, sizeof line, f)) {
		if (row++ == 0)
			continue; /* header */
		/* split on commas (these sheets have no quoted commas in the compared columns) */
		char *col[16];
		int nc = 0;
		for (char *s = line, *t; nc < 16 && s; s = t) {
			t = strchr(s, ',');
			if (t)
				*t++ = 0;
			col[nc++] = s;
		}
		if (nc < 11)
			continue;
		json_t *want = row - 2 < json_array_size(rows) ? json_array_get(rows, row - 2) : json_object_get(rep, "total");
		const char *key = col[4][0] == '"' ? col[4] + 1 : col[4];
		char k[128];
		snprintf(k, sizeof k, "%s", key);
		if (k[0] && k[strlen(k) - 1] == '"')
			k[strlen(k) - 1] = 0;
		long long orgs = atoll(col[7]), projects = atoll(col[8]), cost = atoll(col[9]), share = atoll(col[10]);
		compared++;
		if (strcmp(k, json_string_value(json_object_get(want, "key"))) != 0 ||
		    orgs != json_integer_value(json_object_get(want, "organizations")) ||
		    projects != json_integer_value(json_object_get(want, "projects")) ||
		    cost != json_integer_value(json_object_get(want, "project_cost_yen")) ||
		    share != json_integer_value(json_object_get(want, "national_share_yen"))) {
			if (mismatches++ == 0)
				printf("  %s row %zu: csv %s %lld %lld %lld %lld vs json %s\n", by, row, k, orgs, projects, cost, share,
				       json_string_value(json_object_get(want, "key")));
		}
	}
	fclose(f);
	check(mismatches == 0 && compared == json_array_size(rows) + 1,
	      "XLSX sheet %s via LibreOffice: %zu rows equal the JSON export exactly", by, compared);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: test_exports DIGIDEN DATA_DIR\n");
		return 2;
	}
	digiden = argv[1];
	const char *data = argv[2];
	if (!mkdtemp(dir))
		return 2;
	setenv("DIGIDEN_ADMIN_PASSWORD", "export-test-password", 1);
	const char *files[] = { "mnc-expansion.csv", "type23.csv", "telework.csv" };
	char db1[300], db2[300];
	snprintf(db1, sizeof db1, "%s/one.db", dir);
	snprintf(db2, sizeof db2, "%s/two.db", dir);
	for (size_t i = 0; i < 3; i++)
		check(sh("%s import-decisions --db %s %s/%s >/dev/null 2>&1", digiden, db1, data, files[i]) == 0, "import %s", files[i]);

	/* XLSX → LibreOffice → CSV, sheet by sheet */
	check(sh("%s report --db %s --format xlsx --output %s/r.xlsx 2>/dev/null", digiden, db1, dir) == 0, "report --format xlsx");
	int lo = sh("cd %s && HOME=%s soffice -env:UserInstallation=file://%s/lo --headless --convert-to "
		    "'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' --outdir %s/x r.xlsx >/dev/null 2>&1",
		    dir, dir, dir, dir);
	check(lo == 0, "LibreOffice opens the XLSX and converts it (exit %d)", lo);
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		json_t *rep = report_json(db1, tables[t]);
		char path[400];
		snprintf(path, sizeof path, "%s/x/r-%s.csv", dir, tables[t]);
		compare_sheet(path, rep, tables[t]);
		json_decref(rep);
	}

	/* Shift_JIS (CP932) export: iconv gives the UTF-8 export; the import reads it back */
	check(sh("%s export-decisions --db %s --encoding sjis > %s/d-sjis.csv 2>/dev/null", digiden, db1, dir) == 0, "export-decisions --encoding sjis");
	check(sh("%s export-decisions --db %s > %s/d-utf8.csv 2>/dev/null", digiden, db1, dir) == 0, "export-decisions (UTF-8 with BOM)");
	check(sh("iconv -f CP932 -t UTF-8 %s/d-sjis.csv > %s/d-back.csv", dir, dir) == 0, "iconv -f CP932 reads the export");
	size_t lu = 0, lb = 0;
	char p1[400], p2[400];
	snprintf(p1, sizeof p1, "%s/d-utf8.csv", dir);
	snprintf(p2, sizeof p2, "%s/d-back.csv", dir);
	char *u = slurp(p1, &lu), *b = slurp(p2, &lb);
	check(u && b && lu == lb + 3 && memcmp(u, "\xEF\xBB\xBF", 3) == 0 && memcmp(u + 3, b, lb) == 0,
	      "CP932 export through iconv equals the UTF-8 export byte for byte (after its BOM)");
	free(u);
	free(b);
	check(sh("%s import-decisions --db %s %s/d-sjis.csv >/dev/null 2>&1", digiden, db2, dir) == 0,
	      "the CP932 export imports again (encoding detected)");
	for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		json_t *a = report_json(db1, tables[t]), *c = report_json(db2, tables[t]);
		check(a && c && json_equal(json_object_get(a, "rows"), json_object_get(c, "rows")) &&
			      json_equal(json_object_get(a, "total"), json_object_get(c, "total")),
		      "table %s identical after the CP932 round trip", tables[t]);
		json_decref(a);
		json_decref(c);
	}
	check(sh("%s report --db %s --by prefecture --format csv --encoding sjis > %s/p-sjis.csv 2>/dev/null && "
		 "%s report --db %s --by prefecture --format csv > %s/p-utf8.csv 2>/dev/null && "
		 "tail -c +4 %s/p-utf8.csv > %s/p-nobom.csv && iconv -f CP932 -t UTF-8 %s/p-sjis.csv | cmp -s - %s/p-nobom.csv",
		 digiden, db1, dir, digiden, db1, dir, dir, dir, dir, dir) == 0,
	      "report CSV in CP932 equals the UTF-8 one through iconv");
	check(sh("head -c 3 %s/p-utf8.csv | od -An -tx1 | grep -q 'ef bb bf'", dir) == 0, "UTF-8 CSV starts with a BOM");
	check(sh("head -1 %s/p-nobom.csv | grep -q '国費（円）'", dir) == 0, "the header names the unit: 国費（円）");

	/* a failing import stores nothing and names the line */
	FILE *f = fopen(p1, "w");
	fputs("round,menu,prefecture,organization,organization_code,title,fields,project_cost_yen,national_share_yen,status\n"
	      "digital-implementation/fy2022-supp,type1,宮城県,名取市,,正しい行,administration,1000万円,500万円,granted\n"
	      "digital-implementation/fy2022-supp,type9,宮城県,名取市,,類型が違う,administration,1000万円,500万円,granted\n"
	      "digital-implementation/fy2022-supp,type1,宮城県,存在しない町,,団体が違う,administration,1000万円,500万円,granted\n"
	      "digital-implementation/fy2022-supp,type1,宮城県,名取市,,金額が違う,administration,十万円,500万円,granted\n",
	      f);
	fclose(f);
	json_t *before = report_json(db1, "menu");
	char errpath[400];
	snprintf(errpath, sizeof errpath, "%s/err.txt", dir);
	int rc = sh("%s import-decisions --db %s %s > /dev/null 2> %s", digiden, db1, p1, errpath);
	size_t el = 0;
	char *errtext = slurp(errpath, &el);
	check(rc != 0 && errtext && strstr(errtext, "3:menu") && strstr(errtext, "4:organization") && strstr(errtext, "5:project_cost_yen"),
	      "a failing import names each bad line and column (exit %d)", rc);
	free(errtext);
	json_t *after = report_json(db1, "menu");
	check(before && after && json_equal(before, after), "nothing from the failing file was stored");
	json_decref(before);
	json_decref(after);

	/* SVG charts are well-formed XML */
	const char *charts[] = { "--by menu", "--by field --measure projects", "--by field_merged", "--by kind --measure organizations",
				 "--map --measure organizations", "--map --measure national_share", "--by category --measure projects" };
	for (size_t i = 0; i < sizeof charts / sizeof charts[0]; i++)
		check(sh("%s chart --db %s %s > %s/c.svg 2>/dev/null && xmllint --noout %s/c.svg", digiden, db1, charts[i], dir, dir) == 0,
		      "chart %s is valid XML", charts[i]);

	sh("rm -rf '%s'", dir);
	printf("export tests: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
