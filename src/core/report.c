/* report.c — result tables; see report.h. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "application.h"
#include "keys.h"
#include "money.h"

static const char *const by_keys[BY__MAX] = { "menu", "kind", "field", "field_merged", "prefecture", "category", "platform" };
static const char *const by_labels[BY__MAX] = { "類型別", "団体種別", "事業分野別", "事業分野別（医療・福祉・子育てを合算）",
						"都道府県別", "TYPE2/3 カテゴリ別", "データ連携基盤の整備方針別" };

const char *report_by_label(report_by b) { return b < BY__MAX ? by_labels[b] : "?"; }
KEY_TABLE_FUNCS(report_by, report_by_key, report_by_from_key, by_keys, BY__MAX)

/* Row accumulation with distinct organizations per row (a code list, deduplicated at the end). */
typedef struct acc {
	report_row row;
	const organization **orgs;
	size_t n_orgs, cap_orgs;
} acc;

typedef struct table {
	acc *rows;
	size_t n, cap;
	arena *a;
	bool oom;
} table;

static acc *row_for(table *t, const char *key, const char *label)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->rows[i].row.key, key) == 0)
			return &t->rows[i];
	acc *rows = arena_room(t->a, t->rows, t->n, &t->cap, sizeof *rows, 16);
	if (rows == NULL) {
		t->oom = true;
		return NULL;
	}
	t->rows = rows;
	acc *r = &t->rows[t->n++];
	memset(r, 0, sizeof *r);
	r->row.key = key;
	r->row.label = label;
	return r;
}

static void add(table *t, acc *r, const decided_project *p)
{
	if (r == NULL)
		return;
	r->row.projects++;
	r->row.project_cost_yen += p->project_cost_yen;
	r->row.national_share_yen += p->national_share_yen;
	const organization **o = arena_room(t->a, r->orgs, r->n_orgs, &r->cap_orgs, sizeof *o, 8);
	if (o == NULL) {
		t->oom = true;
		return;
	}
	r->orgs = o;
	r->orgs[r->n_orgs++] = p->org;
}

static int cmp_ptr(const void *a, const void *b)
{
	const organization *x = *(const organization *const *)a, *y = *(const organization *const *)b;
	return strcmp(x->code, y->code);
}

static size_t distinct(const organization **o, size_t n)
{
	if (n == 0)
		return 0;
	qsort(o, n, sizeof *o, cmp_ptr);
	size_t d = 1;
	for (size_t i = 1; i < n; i++)
		d += strcmp(o[i - 1]->code, o[i]->code) != 0;
	return d;
}

static const char *menu_label(const rule_set *rules, const char *menu)
{
	const rule_menu *m = rules_find_menu(rules, menu);
	return m ? m->name : menu;
}

static bool is_type23(const decided_project *p)
{
	return strcmp(p->menu, "type2") == 0 || strcmp(p->menu, "type3") == 0;
}

int report_build(const decided_project *p, size_t n, report_by by, const rule_set *rules, const org_master *m,
		 bool orgs_once, arena *a, report *out)
{
	table t = { .a = a };
	acc total = { .row = { .key = "total", .label = "合計" } };
	table tt = { .a = a };
	memset(out, 0, sizeof *out);
	out->by = by;

	/* rows that exist even when empty, in their published order */
	if (by == BY_PREFECTURE) {
		for (int pref = 1; pref <= 47; pref++) {
			char code[16];
			snprintf(code, sizeof code, "%02d000", pref);
			code[5] = (char)('0' + orgcode_check_digit(code));
			code[6] = '\0';
			const organization *o = org_find(m, code);
			row_for(&t, arena_strndup(a, code, 2), o ? o->name : arena_strndup(a, code, 2));
		}
	} else if (by == BY_KIND) {
		row_for(&t, "prefecture", "都道府県");
		row_for(&t, "municipality", "市町村");
		acc *w = row_for(&t, "special_ward", "うち特別区");
		if (w)
			w->row.within = true;
		row_for(&t, "koiki", "広域連合・一部事務組合");
	} else if (by == BY_PLATFORM) {
		for (int d = 0; d < DP__MAX; d++)
			row_for(&t, dp_policy_key((dp_policy)d), dp_policy_label((dp_policy)d));
	}

	for (size_t i = 0; i < n; i++) {
		const decided_project *q = &p[i];
		if ((by == BY_CATEGORY || by == BY_PLATFORM) && !is_type23(q))
			continue;
		acc *r = NULL, *within = NULL;
		switch (by) {
		case BY_MENU: r = row_for(&t, q->menu, menu_label(rules, q->menu)); break;
		case BY_KIND:
			if (q->org->kind == ORG_PREFECTURE) {
				r = row_for(&t, "prefecture", "都道府県");
			} else if (org_kind_is_municipal(q->org->kind)) {
				r = row_for(&t, "municipality", "市町村");
				if (q->org->kind == ORG_SPECIAL_WARD)
					within = row_for(&t, "special_ward", "うち特別区");
			} else {
				r = row_for(&t, "koiki", "広域連合・一部事務組合");
			}
			break;
		case BY_FIELD:
		case BY_FIELD_MERGED: {
			const char *f = q->n_fields > 0 ? q->fields[0] : "other";
			const char *label = field_label(f);
			if (label == NULL) {
				f = "other";
				label = "その他";
			}
			if (by == BY_FIELD_MERGED && (strcmp(f, "medical_welfare") == 0 || strcmp(f, "childcare") == 0)) {
				f = "medical_welfare_childcare";
				label = "医療・福祉・子育て";
			}
			r = row_for(&t, f, label);
			break;
		}
		case BY_PREFECTURE: {
			char key[3] = { q->org->code[0], q->org->code[1], 0 };
			r = row_for(&t, arena_strdup(a, key), key);
			break;
		}
		case BY_CATEGORY: r = row_for(&t, q->category ? q->category : "unknown", q->category ? q->category : "（カテゴリ未記入）"); break;
		case BY_PLATFORM: {
			dp_policy d;
			if (q->platform && dp_policy_from_key(q->platform, &d))
				r = row_for(&t, dp_policy_key(d), dp_policy_label(d));
			else
				r = row_for(&t, "unknown", "（整備方針未記入）");
			break;
		}
		case BY__MAX: break;
		}
		add(&t, r, q);
		add(&t, within, q);
		add(&tt, &total, q);
	}
	if (t.oom || tt.oom)
		return -1;
	out->rows = arena_alloc(a, (t.n + 1) * sizeof(report_row));
	if (out->rows == NULL)
		return -1;
	for (size_t i = 0; i < t.n; i++) {
		t.rows[i].row.organizations = distinct(t.rows[i].orgs, t.rows[i].n_orgs);
		if (orgs_once && !t.rows[i].row.within) {
			/* drop organizations already counted in an earlier row */
			size_t keep = 0;
			for (size_t k = 0; k < t.rows[i].n_orgs; k++) {
				bool seen = k > 0 && t.rows[i].orgs[k] == t.rows[i].orgs[k - 1];
				for (size_t j = 0; j < i && !seen; j++)
					for (size_t q = 0; q < t.rows[j].n_orgs && !seen; q++)
						seen = !t.rows[j].row.within && t.rows[j].orgs[q] == t.rows[i].orgs[k];
				keep += !seen;
			}
			t.rows[i].row.organizations = keep;
		}
		out->rows[out->n_rows++] = t.rows[i].row;
	}
	total.row.organizations = distinct(total.orgs, total.n_orgs);
	out->total = total.row;
	return 0;
}

static int finding(arena *a, decision_finding **out, size_t *n, size_t *cap, const decided_project *p, const char *rule,
		   const char *message)
{
	decision_finding *f = arena_room(a, *out, *n, cap, sizeof *f, 16);
	if (f == NULL)
		return -1;
	*out = f;
	(*out)[(*n)++] = (decision_finding){ p->line, p->org, rule, message };
	return message ? 0 : -1;
}

int decision_audit(const decided_project *p, size_t n, arena *a, decision_finding **out, size_t *n_out)
{
	size_t cap = 0;
	char b1[64], b2[64], fb[32];
	*out = NULL;
	*n_out = 0;
	for (size_t i = 0; i < n; i++) {
		const decided_project *q = &p[i];
		const rule_menu *m = rules_find_menu(q->rules, q->menu);
		if (m == NULL)
			continue;
		if (m->cap.present && q->national_share_yen > m->cap.yen &&
		    finding(a, out, n_out, &cap, q, arena_printf(a, "%s.cap_yen", m->id),
			    arena_printf(a, "国費 %s が%sの国費上限 %s を超えています（%s「%s」）",
					 money_format_yen(q->national_share_yen, b1, sizeof b1), m->name,
					 money_format_human(m->cap.yen, b2, sizeof b2), m->cap.cite.source, m->cap.cite.quote)) != 0)
			return -1;
		int64_t by_rate;
		if (m->has_rate && money_mul_fraction_floor(q->project_cost_yen, m->rate, &by_rate) &&
		    q->national_share_yen > by_rate &&
		    finding(a, out, n_out, &cap, q, arena_printf(a, "%s.rate", m->id),
			    arena_printf(a, "国費 %s が事業費 %s × 補助率 %s を超えています（%s「%s」）",
					 money_format_yen(q->national_share_yen, b1, sizeof b1),
					 money_format_yen(q->project_cost_yen, b2, sizeof b2), fraction_format(m->rate, fb, sizeof fb),
					 m->rate_cite.source, m->rate_cite.quote)) != 0)
			return -1;
	}
	/* limits: group by (round, organization) */
	for (size_t i = 0; i < n; i++) {
		const decided_project *q = &p[i];
		if (q->rules == NULL)
			continue;
		bool first = true;
		for (size_t j = 0; j < i && first; j++)
			first = !(p[j].rules == q->rules && p[j].org == q->org);
		if (!first)
			continue;
		for (size_t l = 0; l < q->rules->n_limits; l++) {
			const rule_limit *lim = &q->rules->limits[l];
			const rule_count *max = lim->max_any.present ? &lim->max_any
					      : q->org->kind == ORG_PREFECTURE ? &lim->max_prefecture
					      : org_kind_is_municipal(q->org->kind) ? &lim->max_municipality
										  : NULL;
			if (max == NULL || !max->present)
				continue;
			size_t count = 0;
			for (size_t j = i; j < n; j++)
				if (p[j].rules == q->rules && p[j].org == q->org)
					for (size_t k = 0; k < lim->n_menus; k++)
						count += strcmp(lim->menus[k], p[j].menu) == 0;
			if (count > (size_t)max->value &&
			    finding(a, out, n_out, &cap, q, arena_printf(a, "limits.%s", lim->id),
				    arena_printf(a, "%s の決定は %zu件で、申請上限数 %d件を超えています（%s「%s」）", q->org->name, count,
						 max->value, max->cite.source, max->cite.quote)) != 0)
				return -1;
		}
	}
	return 0;
}
