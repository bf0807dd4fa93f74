/* orgcode.c — organization codes and kinds; see orgcode.h. */
#include "orgcode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
const char *org_kind_id(org_kind k) { return k < ORG_KIND__MAX ? kind_id[k] : "?"; }

bool org_kind_from_id(const char *id, org_kind *out)
{
	for (int k = 0; k < ORG_KIND__MAX; k++)
		if (strcmp(id, kind_id[k]) == 0) {
			*out = (org_kind)k;
			return true;
		}
	return false;
}

bool org_kind_is_municipal(org_kind k)
{
	return k == ORG_DESIGNATED_CITY || k == ORG_CITY || k == ORG_TOWN || k == ORG_VILLAGE || k == ORG_SPECIAL_WARD;
}
