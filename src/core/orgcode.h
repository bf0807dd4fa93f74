/* orgcode.h — organizations (団体) identified by the 6-digit 全国地方公共団体コード.
 *
 * Code = 2-digit prefecture (JIS X 0401) + 3-digit municipality (JIS X 0402) +
 * check digit: weights 6,5,4,3,2 on the first five digits, (11 − sum mod 11) mod 10
 * (DESIGN.md "Organization"). The master itself is data (data/organizations.tsv). */
#ifndef DIGIDEN_ORGCODE_H
#define DIGIDEN_ORGCODE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum org_kind {
	ORG_PREFECTURE,      /* 都道府県 */
	ORG_DESIGNATED_CITY, /* 指定都市 */
	ORG_CITY,            /* 市 */
	ORG_TOWN,            /* 町 */
	ORG_VILLAGE,         /* 村 */
	ORG_SPECIAL_WARD,    /* 特別区 */
	ORG_WARD,            /* 指定都市の区 (行政区): not a local government, never an applicant */
	ORG_KOIKI,           /* 広域連合 (operator-loaded) */
	ORG_KUMIAI,          /* 一部事務組合 (operator-loaded) */
	ORG_KIND__MAX
} org_kind;

typedef struct organization {
	char code[7];
	org_kind kind;
	int prefecture; /* 1..47 */
	const char *name;
	const char *kana;
	char parent_code[7]; /* designated city of a ward, else "" */
	bool applicant;      /* may apply for grants */
} organization;

typedef struct org_master {
	organization *items; /* sorted by code */
	size_t len;
} org_master;

typedef enum org_code_err {
	ORGCODE_OK = 0,
	ORGCODE_ERR_SYNTAX,      /* not six ASCII digits */
	ORGCODE_ERR_PREFECTURE,  /* prefecture part not 01..47 */
	ORGCODE_ERR_CHECK_DIGIT, /* check digit wrong */
} org_code_err;

/* Check digit for the first five digits of code (ASCII). */
int orgcode_check_digit(const char *first5);
/* Validates syntax, prefecture range and check digit. */
org_code_err orgcode_validate(const char *code);

/* Binary search in a master sorted by code; NULL when absent. */
const organization *org_find(const org_master *m, const char *code);
/* The prefecture organization (code PP0000+check) of any organization. */
const organization *org_prefecture_of(const org_master *m, const organization *o);

/* The prefecture named exactly name (e.g. 愛媛県), or NULL. */
const organization *org_prefecture_named(const org_master *m, const char *name);

/* The organization a data row names (the CSV imports): by its code, checked against
 * the prefecture and the name given, or — with no code — by prefecture + name, where
 * a prefecture names itself and the name must be unique among the prefecture's
 * applicants (美郷町, 南牧村, 昭和村, 朝日町 exist in several prefectures). */
typedef enum org_row_column { ORG_ROW_PREFECTURE, ORG_ROW_CODE, ORG_ROW_NAME } org_row_column;
typedef struct org_resolution {
	const organization *org; /* NULL when unresolved */
	size_t n_problems;
	struct {
		org_row_column column;
		char message[320]; /* Japanese */
	} problem[3];
} org_resolution;
void org_resolve_row(const org_master *m, const char *prefecture, const char *code, const char *name, org_resolution *out);

const char *org_kind_label(org_kind k);   /* 都道府県, 指定都市, 市, … */
const char *org_kind_id(org_kind k);      /* prefecture, designated_city, … (data files) */
bool org_kind_from_id(const char *id, org_kind *out);
/* 市町村 for the limits of the rules: cities (incl. 指定都市), towns, villages and
 * 特別区 — the seeds count 特別区 inside 市町村 (001_2b97fb39079cc39d.txt 「市町村（特別区含む）」). */
bool org_kind_is_municipal(org_kind k);

#endif
