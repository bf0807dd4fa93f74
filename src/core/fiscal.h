/* fiscal.h — fiscal years (年度, April–March) and 和暦.
 * 令和N年度 = FY(2018+N); 令和元年度 = FY2019; 平成N年度 = FY(1988+N) (RULES.md §0.3). */
#ifndef DIGIDEN_FISCAL_H
#define DIGIDEN_FISCAL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct civil_date {
	int year, month, day;
} civil_date;

/* "YYYY-MM-DD", a real calendar date. */
bool date_parse_iso(const char *s, civil_date *out);
int date_cmp(civil_date a, civil_date b);
/* The fiscal year a date falls in (April starts the year). */
int fiscal_year_of(civil_date d);
/* 令和4年度 / 令和元年度 / 平成30年度 into buf; returns buf. */
char *wareki_fiscal_year(int fy, char *buf, size_t n);
/* Accepts 令和4年度, 令和元年度, 平成30年度, R4, H30, 2022年度, FY2022, 2022 (full-width digits
 * too). Returns true and sets *fy. */
bool wareki_parse_fiscal_year(const char *s, int *fy);
/* A round's name: the fiscal year in 和暦 and the budget's words, "令和4年度補正"
 * (supplementary), "…概算要求" (request), "…当初" (initial, only with_initial: the
 * 推進タイプ names leave it out); nothing for another or a NULL budget. Returns buf. */
char *wareki_round(int fy, const char *budget, bool with_initial, char *buf, size_t n);

#endif
