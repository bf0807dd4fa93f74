/* decisions_csv.c — see decisions_csv.h. */
#include "decisions_csv.h"

#include <stdio.h>
#include <string.h>

#include "../core/money.h"

static const char *const columns[] = { "round",     "menu",  "prefecture",      "organization",       "organization_code",
				       "title",     "fields", "project_cost_yen", "national_share_yen", "status",
				       "category",  "platform_policy" };
enum { COL_ROUND, COL_MENU, COL_PREF, COL_ORG, COL_CODE, COL_TITLE, COL_FIELDS, COL_COST, COL_SHARE, COL_STATUS,
       COL_CATEGORY, COL_PLATFORM, COL__MAX, COL__REQUIRED = COL_CATEGORY };

void decisions_csv_header(csv_writer *w, bool with_extra)
{
	for (int i = 0; i < (with_extra ? COL__MAX : COL__REQUIRED); i++)
		csv_field(w, columns[i]);
	csv_end_row(w);
}


static const char *field_key(const char *s)
{
	static const char *const keys[] = { "administration", "resident_services", "education", "culture_sports",
					    "medical_welfare", "childcare", "transport_logistics", "disaster_infrastructure",
					    "agriculture", "industry", "tourism", "other" };
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (strcmp(s, keys[i]) == 0 || strcmp(s, field_label(keys[i])) == 0)
			return keys[i];
	return NULL;
}

int decisions_csv_decode(const char *data, size_t len, csv_encoding enc, const catalog *cat, arena *a,
			 decision_row **rows, size_t *n, diag_list *problems, char *err, size_t errlen)
{
	csv_file f;
	*rows = NULL;
	*n = 0;
	if (csv_parse_headed(data, len, enc, DECISIONS_CSV_HEADER, a, &f, err, errlen) != 0)
		return -1;
	const csv_record *h = &f.records[0];
	bool extra = h->n_fields == COL__MAX;
	bool header_ok = h->n_fields == COL__REQUIRED || extra;
	for (size_t i = 0; header_ok && i < h->n_fields; i++)
		header_ok = strcmp(h->fields[i], columns[i]) == 0;
	if (!header_ok) {
		snprintf(err, errlen, "%zu行: 見出し行が違います。次の順で必要です: %s（任意で ,category,platform_policy）", h->line,
			 DECISIONS_CSV_HEADER);
		return -1;
	}
	decision_row *out = arena_alloc(a, (f.n_records + 1) * sizeof *out);
	if (out == NULL) {
		snprintf(err, errlen, "メモリが足りません");
		return -1;
	}
#define PROBLEM(col, ...) diag_add(problems, DIAG_ERROR, "DECISION_INVALID", arena_printf(a, "%zu:%s", r->line, columns[col]), __VA_ARGS__)
	for (size_t k = 1; k < f.n_records; k++) {
		const csv_record *r = &f.records[k];
		if (r->n_fields != h->n_fields) {
			diag_add(problems, DIAG_ERROR, "DECISION_COLUMNS", arena_printf(a, "%zu", r->line),
				 "列の数が %zu です（見出しは %zu 列）", r->n_fields, h->n_fields);
			continue;
		}
		char **c = r->fields;
		decision_row d = { .line = r->line, .prefecture = c[COL_PREF], .organization_name = c[COL_ORG],
				   .title = c[COL_TITLE], .fields_joined = c[COL_FIELDS] };
		size_t before = problems->len;
		d.rules = rules_find(&cat->rules, c[COL_ROUND]);
		if (d.rules == NULL)
			PROBLEM(COL_ROUND, "募集回「%s」はありません", c[COL_ROUND]);
		else if ((d.menu = rules_find_menu(d.rules, c[COL_MENU])) == NULL)
			PROBLEM(COL_MENU, "募集回 %s に類型「%s」はありません", d.rules->id, c[COL_MENU]);
		org_resolution res;
		org_resolve_row(&cat->orgs, c[COL_PREF], c[COL_CODE], c[COL_ORG], &res);
		for (size_t pi = 0; pi < res.n_problems; pi++) {
			static const int col[] = { [ORG_ROW_PREFECTURE] = COL_PREF, [ORG_ROW_CODE] = COL_CODE, [ORG_ROW_NAME] = COL_ORG };
			PROBLEM(col[res.problem[pi].column], "%s", res.problem[pi].message);
		}
		d.org = res.org;
		/* fields: keys (or their Japanese labels) separated by | */
		d.fields = arena_alloc(a, (strlen(c[COL_FIELDS]) / 2 + 2) * sizeof(char *));
		char *joined = arena_strdup(a, "");
		for (char *f2 = c[COL_FIELDS], *next; f2 && *f2; f2 = next) {
			next = strchr(f2, '|');
			if (next)
				*next++ = '\0';
			const char *key = field_key(f2);
			if (key == NULL) {
				PROBLEM(COL_FIELDS, "事業分野「%s」はありません", f2);
				continue;
			}
			d.fields[d.n_fields++] = key;
			joined = arena_printf(a, "%s%s%s", joined, joined[0] ? "|" : "", key);
		}
		d.fields_joined = joined;
		money_err me = money_parse(c[COL_COST], &d.project_cost_yen);
		if (me != MONEY_OK)
			PROBLEM(COL_COST, "事業費「%s」: %s", c[COL_COST], money_strerror(me));
		me = money_parse(c[COL_SHARE], &d.national_share_yen);
		if (me != MONEY_OK)
			PROBLEM(COL_SHARE, "国費「%s」: %s", c[COL_SHARE], money_strerror(me));
		if (me == MONEY_OK && d.project_cost_yen < d.national_share_yen)
			PROBLEM(COL_SHARE, "国費 %lld円 が事業費 %lld円 を超えています", (long long)d.national_share_yen,
				(long long)d.project_cost_yen);
		if (d.project_cost_yen > MONEY_ABSURD_YEN)
			PROBLEM(COL_COST, "事業費が大きすぎます（1兆円超）");
		if (strcmp(c[COL_STATUS], "adopted") == 0 || strcmp(c[COL_STATUS], "採択") == 0)
			d.status = "adopted";
		else if (strcmp(c[COL_STATUS], "granted") == 0 || strcmp(c[COL_STATUS], "交付決定") == 0)
			d.status = "granted";
		else
			PROBLEM(COL_STATUS, "status「%s」は adopted（採択）か granted（交付決定）です", c[COL_STATUS]);
		if (extra) {
			d.category = c[COL_CATEGORY][0] ? c[COL_CATEGORY] : NULL;
			dp_policy dp;
			if (c[COL_PLATFORM][0] && !dp_policy_from_key(c[COL_PLATFORM], &dp))
				PROBLEM(COL_PLATFORM, "整備方針「%s」は existing_open, existing_open_with_broker, new_with_broker, "
						      "new_without_broker のいずれかです", c[COL_PLATFORM]);
			d.platform = c[COL_PLATFORM][0] ? c[COL_PLATFORM] : NULL;
		}
		if (problems->len == before)
			out[(*n)++] = d;
	}
#undef PROBLEM
	*rows = out;
	return 0;
}
