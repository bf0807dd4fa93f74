/* orgcode.c — organization codes and kinds; see orgcode.h. */
#include "orgcode.h"

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keys.h"

int orgcode_check_digit(const char *first5)
{
	static const int weight[5] = { 6, 5, 4, 3, 2 };
	int sum = 0;
	for (int i = 0; i < 5; i++)
		sum += (first5[i] - '0') * weight[i];
	return (11 - sum % 11) % 10;
}

org_code_err orgcode_validate(const char *code)
{
	if (code == NULL || strlen(code) != 6)
		return ORGCODE_ERR_SYNTAX;
	for (int i = 0; i < 6; i++)
		if (code[i] < '0' || code[i] > '9')
			return ORGCODE_ERR_SYNTAX;
	int pref = (code[0] - '0') * 10 + (code[1] - '0');
	if (pref < 1 || pref > 47)
		return ORGCODE_ERR_PREFECTURE;
	if (orgcode_check_digit(code) != code[5] - '0')
		return ORGCODE_ERR_CHECK_DIGIT;
	return ORGCODE_OK;
}

static int cmp_code(const void *key, const void *elem)
{
	return strcmp((const char *)key, ((const organization *)elem)->code);
}

const organization *org_find(const org_master *m, const char *code)
{
	if (m == NULL || m->len == 0 || code == NULL)
		return NULL;
	return bsearch(code, m->items, m->len, sizeof(organization), cmp_code);
}

const organization *org_prefecture_of(const org_master *m, const organization *o)
{
	char code[16];
	snprintf(code, sizeof code, "%02d000", o->prefecture % 100);
	code[5] = (char)('0' + orgcode_check_digit(code));
	code[6] = '\0';
	return org_find(m, code);
}

static const char *const kind_label[ORG_KIND__MAX] = {
	[ORG_PREFECTURE] = "都道府県", [ORG_DESIGNATED_CITY] = "指定都市", [ORG_CITY] = "市",
	[ORG_TOWN] = "町",             [ORG_VILLAGE] = "村",             [ORG_SPECIAL_WARD] = "特別区",
	[ORG_WARD] = "行政区",         [ORG_KOIKI] = "広域連合",         [ORG_KUMIAI] = "一部事務組合",
};
static const char *const kind_id[ORG_KIND__MAX] = {
	[ORG_PREFECTURE] = "prefecture", [ORG_DESIGNATED_CITY] = "designated_city", [ORG_CITY] = "city",
	[ORG_TOWN] = "town",             [ORG_VILLAGE] = "village",                 [ORG_SPECIAL_WARD] = "special_ward",
	[ORG_WARD] = "ward",             [ORG_KOIKI] = "koiki",                     [ORG_KUMIAI] = "kumiai",
};

const char *org_kind_label(org_kind k) { return k < ORG_KIND__MAX ? kind_label[k] : "?"; }
KEY_TABLE_FUNCS(org_kind, org_kind_id, org_kind_from_id, kind_id, ORG_KIND__MAX)

bool org_kind_is_municipal(org_kind k)
{
	return k == ORG_DESIGNATED_CITY || k == ORG_CITY || k == ORG_TOWN || k == ORG_VILLAGE || k == ORG_SPECIAL_WARD;
}

const organization *org_prefecture_named(const org_master *m, const char *name)
{
	for (size_t i = 0; i < m->len; i++)
		if (m->items[i].kind == ORG_PREFECTURE && strcmp(m->items[i].name, name) == 0)
			return &m->items[i];
	return NULL;
}

__attribute__((format(printf, 3, 4))) static void problem(org_resolution *r, org_row_column col, const char *fmt, ...)
{
	if (r->n_problems >= sizeof r->problem / sizeof r->problem[0])
		return;
	va_list ap;
	va_start(ap, fmt);
	r->problem[r->n_problems].column = col;
	vsnprintf(r->problem[r->n_problems].message, sizeof r->problem[0].message, fmt, ap);
	va_end(ap);
	r->n_problems++;
}

void org_resolve_row(const org_master *m, const char *prefecture, const char *code, const char *name, org_resolution *out)
{
	memset(out, 0, sizeof *out);
	const organization *pref = org_prefecture_named(m, prefecture);
	if (pref == NULL)
		problem(out, ORG_ROW_PREFECTURE, "都道府県「%.80s」はありません", prefecture);
	if (code[0] != '\0') {
		const organization *o;
		if (orgcode_validate(code) != ORGCODE_OK)
			problem(out, ORG_ROW_CODE, "団体コード「%.20s」が不正です（6桁・検査数字）", code);
		else if ((o = org_find(m, code)) == NULL)
			problem(out, ORG_ROW_CODE, "団体コード「%s」は団体マスタにありません", code);
		else if (pref && o->prefecture != pref->prefecture)
			problem(out, ORG_ROW_CODE, "団体コード %s（%.60s）は%sの団体ではありません", code, o->name, pref->name);
		else if (name[0] && strcmp(name, o->name) != 0)
			problem(out, ORG_ROW_NAME, "団体名「%.80s」がコード %s の団体（%.60s）と違います", name, code, o->name);
		else
			out->org = o;
	} else if (pref != NULL) {
		if (name[0] == '\0') {
			problem(out, ORG_ROW_NAME, "団体名も団体コードもありません");
		} else if (strcmp(name, pref->name) == 0) {
			out->org = pref;
		} else {
			size_t hits = 0;
			for (size_t i = 0; i < m->len; i++) {
				const organization *o = &m->items[i];
				if (o->prefecture == pref->prefecture && o->applicant && o->kind != ORG_PREFECTURE && strcmp(o->name, name) == 0) {
					out->org = o;
					hits++;
				}
			}
			if (hits == 0)
				problem(out, ORG_ROW_NAME, "%sに団体「%.80s」はありません（団体コードを記入してください）", pref->name, name);
			else if (hits > 1) {
				out->org = NULL;
				problem(out, ORG_ROW_NAME, "%sの「%.80s」は複数あります（団体コードを記入してください）", pref->name, name);
			}
		}
	}
	if (out->org && !out->org->applicant) {
		problem(out, ORG_ROW_CODE, "「%.60s」は申請主体になれない団体です（指定都市の区など）", out->org->name);
		out->org = NULL;
	}
}
