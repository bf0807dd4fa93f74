/* money.c — integer yen parsing/formatting and exact fractions; see money.h. */
#include "money.h"

#include <stdio.h>
#include <string.h>

/* Reads one code point of the characters money notations use, mapping full-width
 * digits and punctuation to ASCII. Returns bytes consumed (0 at end), *cp the
 * (mapped) code point; undecodable bytes give cp = 0xFFFD. */
static size_t next_cp(const unsigned char *s, unsigned *cp)
{
	if (s[0] == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t len;
	unsigned c;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		c = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		c = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		c = s[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return i;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c >= 0xFF10 && c <= 0xFF19) /* ０-９ */
		c = '0' + (c - 0xFF10);
	else if (c == 0xFF0C || c == 0x3001) /* ，、 */
		c = ',';
	else if (c == 0xFF0E) /* ． */
		c = '.';
	else if (c == 0xFF0D || c == 0x2212) /* －, minus sign */
		c = '-';
	else if (c == 0x3000) /* ideographic space */
		c = ' ';
	else if (c == 0xFFE5 || c == 0x00A5) /* ￥ ¥ */
		c = '\\';
	*cp = c;
	return len;
}

static bool mul_ok(int64_t a, int64_t b, int64_t *out) { return !__builtin_mul_overflow(a, b, out); }

bool money_add(int64_t a, int64_t b, int64_t *out) { return !__builtin_add_overflow(a, b, out); }

money_err money_parse(const char *text, int64_t *yen)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned cp;
	size_t k;
	int64_t total = 0;
	int64_t last_unit = INT64_MAX; /* units must come in decreasing order: 1億2,000万 */
	bool any = false, saw_yen_sign = false;

	while ((k = next_cp(s, &cp)) != 0 && (cp == ' ' || cp == '\t'))
		s += k;
	if ((k = next_cp(s, &cp)) != 0 && cp == '\\') { /* ￥1,000 */
		s += k;
		saw_yen_sign = true;
	}
	if ((k = next_cp(s, &cp)) != 0 && cp == '-')
		return MONEY_ERR_NEGATIVE;

	for (;;) {
		/* number: digits with grouping commas, optional decimal part */
		int64_t mant = 0, scale = 1;
		int digits = 0, decimals = 0, group = 0; /* group: digits since the last comma */
		bool in_dec = false, grouped = false;
		while ((k = next_cp(s, &cp)) != 0) {
			if (cp >= '0' && cp <= '9') {
				if (!mul_ok(mant, 10, &mant) || !money_add(mant, (int64_t)(cp - '0'), &mant))
					return MONEY_ERR_OVERFLOW;
				digits++;
				group++;
				if (in_dec) {
					if (++decimals > 12)
						return MONEY_ERR_SYNTAX;
					scale *= 10;
				}
			} else if (cp == ',' && digits > 0 && !in_dec) {
				/* grouping comma: 1–3 digits before the first, exactly 3 between */
				if (grouped ? group != 3 : group > 3)
					return MONEY_ERR_SYNTAX;
				grouped = true;
				group = 0;
			} else if (cp == '.' && digits > 0 && !in_dec) {
				if (grouped && group != 3)
					return MONEY_ERR_SYNTAX;
				in_dec = true;
			} else {
				break;
			}
			s += k;
		}
		if (digits == 0) {
			if (!any)
				return (k == 0 && !saw_yen_sign) ? MONEY_ERR_EMPTY : MONEY_ERR_SYNTAX;
			return MONEY_ERR_SYNTAX;
		}
		if (in_dec && decimals == 0)
			return MONEY_ERR_SYNTAX;
		if (grouped && !in_dec && group != 3)
			return MONEY_ERR_SYNTAX;
		/* unit */
		int64_t unit = 1;
		k = next_cp(s, &cp);
		if (cp == 0x5146 && k) { /* 兆 */
			unit = INT64_C(1000000000000);
			s += k;
		} else if (cp == 0x5104 && k) { /* 億 */
			unit = 100000000;
			s += k;
		} else if (cp == 0x767E && k) { /* 百万 */
			unsigned c2;
			size_t k2 = next_cp(s + k, &c2);
			if (k2 == 0 || c2 != 0x4E07)
				return MONEY_ERR_SYNTAX;
			unit = 1000000;
			s += k + k2;
		} else if (cp == 0x4E07 && k) { /* 万 */
			unit = 10000;
			s += k;
		} else if (cp == 0x5343 && k) { /* 千 */
			unit = 1000;
			s += k;
		}
		if (unit >= last_unit)
			return MONEY_ERR_SYNTAX;
		last_unit = unit;
		int64_t part;
		if (!mul_ok(mant, unit, &part))
			return MONEY_ERR_OVERFLOW;
		if (part % scale != 0)
			return MONEY_ERR_FRACTION;
		part /= scale;
		if (!money_add(total, part, &total))
			return MONEY_ERR_OVERFLOW;
		any = true;
		if (unit == 1)
			break;
		/* another group may follow (1億2,000万円), or the end / 円 */
		k = next_cp(s, &cp);
		if (k == 0 || cp == 0x5186 || cp == ' ')
			break;
	}
	k = next_cp(s, &cp);
	if (k != 0 && cp == 0x5186) /* 円 */
		s += k;
	while ((k = next_cp(s, &cp)) != 0 && (cp == ' ' || cp == '\t'))
		s += k;
	if (*s != 0)
		return MONEY_ERR_SYNTAX;
	*yen = total;
	return MONEY_OK;
}

const char *money_strerror(money_err e)
{
	static const char *const msg[MONEY_ERR__MAX] = {
		[MONEY_OK] = "正常", [MONEY_ERR_EMPTY] = "金額が空です",
		[MONEY_ERR_SYNTAX] = "金額として読めません（例: 57000000、179,293千円、1億円、9,000万円）",
		[MONEY_ERR_NEGATIVE] = "金額が負です",
		[MONEY_ERR_FRACTION] = "金額が1円単位の整数になりません",
		[MONEY_ERR_OVERFLOW] = "金額が大きすぎます",
	};
	return e < MONEY_ERR__MAX ? msg[e] : "不明なエラー";
}

/* Appends s at buf[*o] as snprintf would: what does not fit in n bytes is cut, and
 * buf stays NUL-terminated. These run for every trace label of every result, so no
 * printf (issue 11). */
static void put_str(char *buf, size_t n, size_t *o, const char *s)
{
	for (; *s; s++, (*o)++)
		if (*o + 1 < n)
			buf[*o] = *s;
	if (n > 0)
		buf[*o < n ? *o : n - 1] = '\0';
}

char *money_format_grouped(int64_t v, char *buf, size_t n)
{
	char digits[24], out[48];
	size_t len = 0, o = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		digits[len++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[o++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[len - 1 - i];
	}
	out[o] = '\0';
	size_t at = 0;
	put_str(buf, n, &at, out);
	return buf;
}

char *money_format_yen(int64_t yen, char *buf, size_t n)
{
	char g[48];
	size_t o = 0;
	put_str(buf, n, &o, money_format_grouped(yen, g, sizeof g));
	put_str(buf, n, &o, "円");
	return buf;
}

char *money_format_human(int64_t yen, char *buf, size_t n)
{
	if (yen < 10000 || yen % 10000 != 0)
		return money_format_yen(yen, buf, n);
	int64_t oku = yen / 100000000, man = (yen % 100000000) / 10000;
	char g[48];
	size_t o = 0;
	if (n > 0)
		buf[0] = '\0';
	if (oku != 0) {
		put_str(buf, n, &o, money_format_grouped(oku, g, sizeof g));
		put_str(buf, n, &o, "億");
	}
	if (man != 0 || oku == 0) {
		put_str(buf, n, &o, money_format_grouped(man, g, sizeof g));
		put_str(buf, n, &o, "万");
	}
	put_str(buf, n, &o, "円");
	return buf;
}

char *money_format_oku1(int64_t yen, char *buf, size_t n)
{
	/* tenths of 億 = 10,000,000 yen; round half up (non-negative amounts) */
	bool neg = yen < 0;
	uint64_t u = neg ? (uint64_t)0 - (uint64_t)yen : (uint64_t)yen;
	uint64_t tenths = (u + 5000000) / 10000000;
	char g[48];
	snprintf(buf, n, "%s%s.%llu億円", neg ? "-" : "", money_format_grouped((int64_t)(tenths / 10), g, sizeof g),
		 (unsigned long long)(tenths % 10));
	return buf;
}

static bool parse_u63(const char **p, int64_t *v)
{
	const char *s = *p;
	int64_t r = 0;
	int d = 0;
	while (*s >= '0' && *s <= '9') {
		if (!mul_ok(r, 10, &r) || !money_add(r, *s - '0', &r))
			return false;
		s++;
		d++;
	}
	if (d == 0)
		return false;
	*p = s;
	*v = r;
	return true;
}

bool fraction_parse(const char *s, fraction *out)
{
	int64_t num, den;
	if (!parse_u63(&s, &num))
		return false;
	if (*s == '/')
		s++;
	else if (strncmp(s, "\xEF\xBC\x8F", 3) == 0) /* ／ */
		s += 3;
	else
		return false;
	if (!parse_u63(&s, &den) || *s != '\0' || den == 0 || den > INT64_C(1000000000) || num > INT64_C(1000000000))
		return false;
	*out = (fraction){ num, den };
	return true;
}

bool fraction_parse_decimal(const char *s, fraction *out)
{
	int64_t ip, fp = 0, den = 1;
	if (!parse_u63(&s, &ip) || ip > 1000000)
		return false;
	if (*s == '.') {
		s++;
		int d = 0;
		while (*s >= '0' && *s <= '9') {
			if (++d > 9)
				return false;
			fp = fp * 10 + (*s - '0');
			den *= 10;
			s++;
		}
		if (d == 0)
			return false;
	}
	if (*s != '\0')
		return false;
	*out = (fraction){ ip * den + fp, den };
	return true;
}

int fraction_cmp(fraction a, fraction b)
{
	__int128 l = (__int128)a.num * b.den, r = (__int128)b.num * a.den;
	return (l > r) - (l < r);
}

bool money_mul_fraction_floor(int64_t yen, fraction f, int64_t *out)
{
	if (f.den <= 0 || yen < 0 || f.num < 0)
		return false;
	__int128 p = (__int128)yen * f.num / f.den;
	if (p > INT64_MAX)
		return false;
	*out = (int64_t)p;
	return true;
}

char *fraction_format(fraction f, char *buf, size_t n)
{
	snprintf(buf, n, "%lld/%lld", (long long)f.num, (long long)f.den);
	return buf;
}
