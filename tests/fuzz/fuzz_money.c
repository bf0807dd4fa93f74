/* fuzz_money.c — the text parsers that query strings, form fields and CSV cells go
 * through. The first byte picks the parser, the rest is the text (NUL-terminated copy,
 * so reads past the end are caught):
 *   0 money_parse (円/千円/万円/億円, full-width digits), then the formatters, and
 *     formatting back and parsing again must give the same yen
 *   1 fraction_parse ("1/2", "2／3") and fraction_parse_decimal ("0.72"): rates, with
 *     money_mul_fraction_floor and fraction_cmp
 *   2 wareki_parse_fiscal_year (令和4年度, R5, H30, FY2022, 2022年度), and the 和暦 of the
 *     year parsed back (FY1900–FY2117: 令和 stops at 99)
 *   3 date_parse_iso and fiscal_year_of
 *   4 orgcode_validate / orgcode_check_digit / org_find
 *   5 org_resolve_row: "prefecture<TAB>code<TAB>name" against the organization master
 *   6 history_round_parse (fy2022-supp, 令和4年度補正 …)
 * A round trip that does not hold aborts (a finding). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/fiscal.h"
#include "../../src/core/money.h"
#include "../../src/core/orgcode.h"
#include "../../src/core/support.h"
#include "../../src/io/catalog.h"

#include "fuzz_catalog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_catalog_load("fuzz_money");
	return 0;
}

static void money(const char *s)
{
	int64_t yen;
	money_err e = money_parse(s, &yen);
	(void)money_strerror(e);
	if (e != MONEY_OK)
		return;
	char b[64], h[64], o[64], g[64];
	money_format_yen(yen, b, sizeof b);
	money_format_human(yen, h, sizeof h);
	money_format_oku1(yen, o, sizeof o);
	money_format_grouped(yen, g, sizeof g);
	int64_t back;
	if (money_parse(b, &back) != MONEY_OK || back != yen) {
		fprintf(stderr, "fuzz_money: %s → %lld → %s does not parse back\n", s, (long long)yen, b);
		abort();
	}
	if (money_parse(h, &back) != MONEY_OK || back != yen) {
		fprintf(stderr, "fuzz_money: %s → %lld → %s does not parse back\n", s, (long long)yen, h);
		abort();
	}
	int64_t sum;
	(void)money_add(yen, yen, &sum);
}

static void rate(const char *s)
{
	fraction f, d;
	bool fo = fraction_parse(s, &f), dok = fraction_parse_decimal(s, &d);
	char b[64];
	int64_t out;
	if (fo) {
		fraction_format(f, b, sizeof b);
		(void)money_mul_fraction_floor(INT64_C(123456789), f, &out);
		(void)money_mul_fraction_floor(MONEY_ABSURD_YEN, f, &out);
	}
	if (dok) {
		fraction_format(d, b, sizeof b);
		(void)money_mul_fraction_floor(INT64_C(987654321), d, &out);
		(void)money_mul_fraction_floor(MONEY_ABSURD_YEN, d, &out);
	}
	if (fo && dok)
		(void)fraction_cmp(f, d);
}

static void fiscal(const char *s)
{
	int fy;
	if (!wareki_parse_fiscal_year(s, &fy))
		return;
	char b[64];
	wareki_fiscal_year(fy, b, sizeof b);
	int back;
	/* 令和 takes at most 99 (令和99年度 = FY2117), western years 1900–2200 */
	if (fy >= 1900 && fy <= 2117 && (!wareki_parse_fiscal_year(b, &back) || back != fy)) {
		fprintf(stderr, "fuzz_money: %s → %d → %s does not parse back\n", s, fy, b);
		abort();
	}
}

static void date(const char *s)
{
	civil_date d;
	if (date_parse_iso(s, &d)) {
		(void)fiscal_year_of(d);
		(void)date_cmp(d, d);
	}
}

static void orgcode(const char *s)
{
	(void)orgcode_validate(s);
	if (strlen(s) >= 5)
		(void)orgcode_check_digit(s);
	const organization *o = org_find(&cat.orgs, s);
	if (o)
		(void)org_prefecture_of(&cat.orgs, o);
	(void)org_prefecture_named(&cat.orgs, s);
}

static void resolve(char *s)
{
	char *f[3] = { s, "", "" };
	for (int i = 1; i < 3; i++) {
		char *tab = strchr(f[i - 1], '\t');
		if (tab == NULL)
			break;
		*tab = '\0';
		f[i] = tab + 1;
	}
	org_resolution r;
	org_resolve_row(&cat.orgs, f[0], f[1], f[2], &r);
	for (size_t i = 0; i < r.n_problems; i++)
		if (memchr(r.problem[i].message, '\0', sizeof r.problem[i].message) == NULL)
			abort();
}

static void round_key(const char *s)
{
	char key[32];
	int fy = 0;
	const char *budget = "";
	if (history_round_parse(s, key, sizeof key, &fy, &budget) && memchr(key, '\0', sizeof key) == NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *s = malloc(size);
	if (s == NULL)
		return 0;
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	switch (data[0] % 7) {
	case 0: money(s); break;
	case 1: rate(s); break;
	case 2: fiscal(s); break;
	case 3: date(s); break;
	case 4: orgcode(s); break;
	case 5: resolve(s); break;
	default: round_key(s); break;
	}
	free(s);
	return 0;
}
