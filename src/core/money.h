/* money.h — integer yen and exact fractions.
 *
 * Money is int64_t yen everywhere (DESIGN.md "Money"); rates are exact fractions.
 * Parsing accepts the notations the seeds use: 179,293千円, 1億円, 9,000万円,
 * 1億2,000万円, 228.0億円 (only when exact in yen), full-width digits too. */
#ifndef DIGIDEN_MONEY_H
#define DIGIDEN_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest amount digiden accepts for any single figure: 1兆円. The whole デジ田交付金
 * budget is at most 1,200億円 (000_23c807c41fd90cd5.txt), so anything larger is a typo. */
#define MONEY_ABSURD_YEN INT64_C(1000000000000)

typedef enum money_err {
	MONEY_OK = 0,
	MONEY_ERR_EMPTY,     /* nothing to parse */
	MONEY_ERR_SYNTAX,    /* not a number with known units */
	MONEY_ERR_NEGATIVE,  /* a minus sign */
	MONEY_ERR_FRACTION,  /* a decimal that is not a whole number of yen */
	MONEY_ERR_OVERFLOW,  /* does not fit in int64_t */
	MONEY_ERR__MAX
} money_err;

/* Parses text (UTF-8) into yen. Returns MONEY_OK and sets *yen, or an error code. */
money_err money_parse(const char *text, int64_t *yen);
/* Japanese description of a money_err (static storage). */
const char *money_strerror(money_err e);

/* Formatting; each writes a NUL-terminated string into buf (size n) and returns buf. */
char *money_format_yen(int64_t yen, char *buf, size_t n);     /* 57,000,000円 */
char *money_format_grouped(int64_t v, char *buf, size_t n);   /* 57,000,000 (no unit) */
char *money_format_human(int64_t yen, char *buf, size_t n);   /* 5,700万円 / 1億2,000万円 / 1,234円 */
/* 億円 with one decimal, rounded half up as the published tables are: 2.3億円. */
char *money_format_oku1(int64_t yen, char *buf, size_t n);

typedef struct fraction {
	int64_t num, den; /* den > 0, num >= 0; not necessarily reduced */
} fraction;

/* "1/2", "10/10", "2／3" (full-width slash). Returns true on success. */
bool fraction_parse(const char *s, fraction *out);
/* A decimal string such as "0.72" or "1" (at most 9 decimals), exact. */
bool fraction_parse_decimal(const char *s, fraction *out);
/* <0, 0, >0 like strcmp. */
int fraction_cmp(fraction a, fraction b);
/* floor(yen * f); false when the result does not fit. */
bool money_mul_fraction_floor(int64_t yen, fraction f, int64_t *out);
/* "n/d" into buf. */
char *fraction_format(fraction f, char *buf, size_t n);

/* Checked addition: false on overflow. */
bool money_add(int64_t a, int64_t b, int64_t *out);

#endif
