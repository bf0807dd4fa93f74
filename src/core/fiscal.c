/* fiscal.c — fiscal years and 和暦; see fiscal.h. */
#include "fiscal.h"

#include <stdio.h>
#include <string.h>

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool date_parse_iso(const char *s, civil_date *out)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0');
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return false;
	int md = mdays[m - 1] + (m == 2 && is_leap(y));
	if (d > md)
		return false;
	*out = (civil_date){ y, m, d };
	return true;
}

int date_cmp(civil_date a, civil_date b)
{
	long x = a.year * 10000L + a.month * 100 + a.day, y = b.year * 10000L + b.month * 100 + b.day;
	return (x > y) - (x < y);
}

int fiscal_year_of(civil_date d) { return d.month >= 4 ? d.year : d.year - 1; }

char *wareki_fiscal_year(int fy, char *buf, size_t n)
{
	if (fy >= 2019) {
		if (fy == 2019)
			snprintf(buf, n, "令和元年度");
		else
			snprintf(buf, n, "令和%d年度", fy - 2018);
	} else if (fy >= 1989) {
		if (fy == 1989)
			snprintf(buf, n, "平成元年度");
		else
			snprintf(buf, n, "平成%d年度", fy - 1988);
	} else {
		snprintf(buf, n, "%d年度", fy);
	}
	return buf;
}

/* Copies s into out with full-width digits folded to ASCII. */
static void fold_digits(const char *s, char *out, size_t n)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)s;
	while (*p && o + 1 < n) {
		if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99) {
			out[o++] = (char)('0' + (p[2] - 0x90));
			p += 3;
		} else {
			out[o++] = (char)*p++;
		}
	}
	out[o] = '\0';
}

static bool read_int(const char **p, int *v)
{
	int r = 0, d = 0;
	while (**p >= '0' && **p <= '9' && d < 5) {
		r = r * 10 + (**p - '0');
		(*p)++;
		d++;
	}
	*v = r;
	return d > 0 && !(**p >= '0' && **p <= '9');
}

static bool skip(const char **p, const char *lit)
{
	size_t n = strlen(lit);
	if (strncmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

bool wareki_parse_fiscal_year(const char *s, int *fy)
{
	char buf[64];
	if (s == NULL || strlen(s) >= sizeof buf)
		return false;
	fold_digits(s, buf, sizeof buf);
	const char *p = buf;
	int base = 0, n = 0;
	if (skip(&p, "令和") || skip(&p, "R"))
		base = 2018;
	else if (skip(&p, "平成") || skip(&p, "H"))
		base = 1988;
	else if (skip(&p, "FY"))
		base = 0;
	if (base != 0 && skip(&p, "元")) {
		n = 1;
	} else if (!read_int(&p, &n)) {
		return false;
	}
	if (base != 0) {
		if (n < 1 || (base == 1988 && n > 31) || n > 99)
			return false;
		(void)(skip(&p, "年度") || skip(&p, "年"));
	} else {
		if (n < 1900 || n > 2200)
			return false;
		(void)skip(&p, "年度");
	}
	if (*p != '\0')
		return false;
	*fy = base + n;
	return true;
}

char *wareki_round(int fy, const char *budget, bool with_initial, char *buf, size_t n)
{
	char year[32];
	wareki_fiscal_year(fy, year, sizeof year);
	const char *b = "";
	if (budget != NULL && strcmp(budget, "supplementary") == 0)
		b = "補正";
	else if (budget != NULL && strcmp(budget, "request") == 0)
		b = "概算要求";
	else if (budget != NULL && with_initial && strcmp(budget, "initial") == 0)
		b = "当初";
	snprintf(buf, n, "%s%s", year, b);
	return buf;
}
