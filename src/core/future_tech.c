/* future_tech.c — 未来技術社会実装事業 support periods; see future_tech.h. The period
 * lengths and the procedure are read from the rule file with their citations. */
#include "future_tech.h"

#include <string.h>

#include "trace.h"

static const char *const decision_keys[FT_DECISION__MAX] = { "none", "pending", "approved", "rejected" };
static const char *const phase_keys[FT_PHASE__MAX] = { "not_yet", "initial", "extension", "undecided", "ended" };

const char *ft_decision_key(ft_decision d) { return d < FT_DECISION__MAX ? decision_keys[d] : "?"; }
const char *ft_phase_key(ft_phase p) { return p < FT_PHASE__MAX ? phase_keys[p] : "?"; }

bool ft_decision_parse(const char *s, ft_decision *out)
{
	static const struct {
		const char *word;
		ft_decision d;
	} words[] = {
		{ "", FT_DECISION_NONE },           { "none", FT_DECISION_NONE },       { "なし", FT_DECISION_NONE },
		{ "pending", FT_DECISION_PENDING }, { "審査中", FT_DECISION_PENDING },   { "approved", FT_DECISION_APPROVED },
		{ "承認", FT_DECISION_APPROVED },   { "継続", FT_DECISION_APPROVED },   { "rejected", FT_DECISION_REJECTED },
		{ "不承認", FT_DECISION_REJECTED }, { "終了", FT_DECISION_REJECTED },
	};
	if (s == NULL) {
		*out = FT_DECISION_NONE;
		return true;
	}
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i].word, s) == 0) {
			*out = words[i].d;
			return true;
		}
	return false;
}

static void trace_add(ft_report *r, const char *rule, const char *value, const citation *c, const char *label)
{
	trace_push(r->arena, &r->trace, &r->n_trace, &r->cap_trace, rule, value, c ? c->source : NULL, c ? c->quote : NULL,
		   label);
}

static const char *fy_label(arena *a, int fy)
{
	char b[32];
	return arena_strdup(a, wareki_fiscal_year(fy, b, sizeof b));
}

static const char *reading_mark(const citation *c) { return c->reading ? "（digidenの読み）" : ""; }

static const char *name_of(const ft_selection *s)
{
	return s->org_name && s->org_name[0] ? s->org_name : s->org_code ? s->org_code : "（団体名なし）";
}

/* The status of one selection in fiscal year fy. */
static void evaluate(const ft_rules *ru, const ft_selection *s, int fy, arena *a, ft_status *st)
{
	memset(st, 0, sizeof *st);
	st->sel = s;
	diag_list_init(&st->diags, a);
	int first = s->first_fiscal_year;
	int support = ru->support_fiscal_years.value, ext = ru->extension_fiscal_years.value;
	int initial_end = first + support - 1, ext_end = initial_end + ext;
	st->initial_end_fiscal_year = initial_end;
	const char *who = name_of(s);

	/* the record against the procedure */
	bool filed = s->filed;
	ft_decision decision = s->decision;
	if (filed && s->filed_fiscal_year < first) {
		diag_add(&st->diags, DIAG_ERROR, "FT_FILED_BEFORE_SELECTION", arena_printf(a, "%scontinuation_filed_fiscal_year", s->where),
			 "%s: 継続申請（%s）が初めての選定（%s）より前です", who, fy_label(a, s->filed_fiscal_year), fy_label(a, first));
		filed = false;
	} else if (filed && s->filed_fiscal_year > initial_end) {
		diag_add(&st->diags, DIAG_ERROR, "FT_FILED_AFTER_PERIOD", arena_printf(a, "%scontinuation_filed_fiscal_year", s->where),
			 "%s: 継続申請（%s）が当初の支援期間（%s〜%s）の後です。継続申請がなければ支援期間満了後に自動的に支援終了となるため、延長として扱いません（%s「%s」）%s",
			 who, fy_label(a, s->filed_fiscal_year), fy_label(a, first), fy_label(a, initial_end),
			 ru->filing_within_period.source, ru->filing_within_period.quote, reading_mark(&ru->filing_within_period));
		filed = false;
	}
	if (!s->filed && decision != FT_DECISION_NONE) {
		diag_add(&st->diags, DIAG_ERROR, "FT_DECISION_WITHOUT_APPLICATION",
			 arena_printf(a, "%scontinuation_decision", s->where),
			 "%s: 継続申請の記録がないのに継続の判断（%s）があります。延長は継続申請書の書面審査で決まります（%s「%s」）", who,
			 ft_decision_key(decision), ru->continuation_review.source, ru->continuation_review.quote);
	}
	if (!filed)
		decision = FT_DECISION_NONE;
	if (s->has_decided_on) {
		if (s->decision != FT_DECISION_APPROVED && s->decision != FT_DECISION_REJECTED)
			diag_add(&st->diags, DIAG_WARNING, "FT_DECIDED_ON_WITHOUT_DECISION", arena_printf(a, "%sdecided_on", s->where),
				 "%s: 判断の日付がありますが、判断（承認・不承認）が記録されていません", who);
		else if (s->filed && fiscal_year_of(s->decided_on) < s->filed_fiscal_year)
			diag_add(&st->diags, DIAG_ERROR, "FT_DECIDED_BEFORE_FILED", arena_printf(a, "%sdecided_on", s->where),
				 "%s: 継続の判断（%04d-%02d-%02d）が継続申請の年度（%s）より前です", who, s->decided_on.year,
				 s->decided_on.month, s->decided_on.day, fy_label(a, s->filed_fiscal_year));
	}

	const char *base = arena_printf(a, "%sに初めて選定。支援期間は選定年度から%dか年度（%s〜%s）", fy_label(a, first), support,
					fy_label(a, first), fy_label(a, initial_end));
	const char *filed_at = filed ? fy_label(a, s->filed_fiscal_year) : "";
	bool approved = decision == FT_DECISION_APPROVED;
	if (fy < first) {
		st->phase = FT_PHASE_NOT_YET;
		st->support_end_fiscal_year = approved ? ext_end : initial_end;
		st->reason = arena_printf(a, "%sの選定で、%sにはまだ選定されていません", fy_label(a, first), fy_label(a, fy));
		return;
	}
	if (fy <= initial_end) {
		st->phase = FT_PHASE_INITIAL;
		st->support_end_fiscal_year = approved ? ext_end : initial_end;
		st->end_final = approved || decision == FT_DECISION_REJECTED;
		switch (decision) {
		case FT_DECISION_APPROVED:
			st->reason = arena_printf(a, "%s。継続申請（%s）が書面審査で認められ、%d年間延長して%sまで支援", base, filed_at, ext,
						  fy_label(a, ext_end));
			break;
		case FT_DECISION_REJECTED:
			st->reason = arena_printf(a, "%s。継続申請（%s）は認められず、%s末で支援終了", base, filed_at,
						  fy_label(a, initial_end));
			break;
		case FT_DECISION_PENDING:
			st->reason = arena_printf(a, "%s。継続申請（%s）を審査中（認められれば%sまで%d年間延長）", base, filed_at,
						  fy_label(a, ext_end), ext);
			break;
		case FT_DECISION_NONE:
		case FT_DECISION__MAX:
			st->reason = filed ? arena_printf(a, "%s。継続申請（%s）の審査結果は未記録", base, filed_at)
				     : fy == initial_end
					     ? arena_printf(a, "%s。継続申請の記録がないため、%s末で自動的に支援終了（予定）", base,
							    fy_label(a, initial_end))
					     : arena_printf(a, "%s。継続申請をしなければ%s末で自動的に支援終了", base,
							    fy_label(a, initial_end));
			break;
		}
		st->ends_this_year = st->support_end_fiscal_year == fy;
		return;
	}
	/* after the initial period */
	st->end_final = true;
	switch (decision) {
	case FT_DECISION_APPROVED:
		st->support_end_fiscal_year = ext_end;
		if (fy <= ext_end) {
			st->phase = FT_PHASE_EXTENSION;
			st->ends_this_year = fy == ext_end;
			st->reason = arena_printf(a, "%s。継続申請（%s）が書面審査で認められ、%d年間の延長期間（%s〜%s）", base, filed_at,
						  ext, fy_label(a, initial_end + 1), fy_label(a, ext_end));
		} else {
			st->phase = FT_PHASE_ENDED;
			st->reason = arena_printf(a, "%s。%d年間の延長（〜%s）が満了し、支援終了", base, ext, fy_label(a, ext_end));
		}
		return;
	case FT_DECISION_PENDING:
	case FT_DECISION_NONE:
		if (filed) {
			st->phase = FT_PHASE_UNDECIDED;
			st->end_final = false;
			st->support_end_fiscal_year = initial_end;
			st->reason = arena_printf(a, "%s。当初の支援期間は満了。継続申請（%s）の審査結果が記録されていないため、%sに支援中かどうか分かりません",
						  base, filed_at, fy_label(a, fy));
			return;
		}
		st->phase = FT_PHASE_ENDED;
		st->support_end_fiscal_year = initial_end;
		st->reason = arena_printf(a, "%s。継続申請がないため、支援期間満了（%s末）で自動的に支援終了", base,
					  fy_label(a, initial_end));
		return;
	case FT_DECISION_REJECTED:
	case FT_DECISION__MAX:
		break;
	}
	st->phase = FT_PHASE_ENDED;
	st->support_end_fiscal_year = initial_end;
	st->reason = arena_printf(a, "%s。継続申請（%s）が認められず、%s末で支援終了", base, filed_at, fy_label(a, initial_end));
}

static ft_year_summary *year_of(ft_report *r, int fy)
{
	for (size_t i = 0; i < r->n_years; i++)
		if (r->years[i].fiscal_year == fy)
			return &r->years[i];
	ft_year_summary *n = arena_grow(r->arena, r->years, r->n_years, r->n_years + 1, sizeof *n);
	if (n == NULL)
		return NULL;
	r->years = n;
	/* keep ascending order */
	size_t at = r->n_years;
	while (at > 0 && r->years[at - 1].fiscal_year > fy) {
		r->years[at] = r->years[at - 1];
		at--;
	}
	r->years[at] = (ft_year_summary){ .fiscal_year = fy };
	r->n_years++;
	return &r->years[at];
}

int future_tech_report(const ft_rules *ru, const ft_selection *sel, size_t n, int fy, int selected_in, arena *a,
		       ft_report *out)
{
	memset(out, 0, sizeof *out);
	out->fiscal_year = fy;
	out->arena = a;
	diag_list_init(&out->diags, a);
	out->status = arena_alloc(a, (n + 1) * sizeof *out->status);
	if (out->status == NULL)
		return -1;

	const rule_count *sp = &ru->support_fiscal_years, *ex = &ru->extension_fiscal_years;
	trace_add(out, "support_fiscal_years", arena_printf(a, "%d", sp->value), &sp->cite,
		  arena_printf(a, "支援期間: 初めて選定された年度から%dか年度%s", sp->value, reading_mark(&sp->cite)));
	trace_add(out, "continuation_application", "継続申請書", &ru->continuation_application,
		  "支援の継続を希望する団体は継続申請書を内閣府に提出");
	trace_add(out, "continuation_review", "書面審査", &ru->continuation_review,
		  "内閣府が主に書面で審査し、事業継続の可否を判断");
	trace_add(out, "extension_fiscal_years", arena_printf(a, "%d", ex->value), &ex->cite,
		  arena_printf(a, "継続が認められた事業は%d年間の支援延長%s", ex->value, reading_mark(&ex->cite)));
	if (ru->max_extensions.present)
		trace_add(out, "max_extensions", arena_printf(a, "%d", ru->max_extensions.value), &ru->max_extensions.cite,
			  arena_printf(a, "延長は%d回まで（支援は最長%dか年度）%s", ru->max_extensions.value,
				       sp->value + ex->value * ru->max_extensions.value, reading_mark(&ru->max_extensions.cite)));
	trace_add(out, "automatic_end", "true", &ru->automatic_end, "継続申請をしなければ支援期間満了後に自動的に支援終了");
	trace_add(out, "filing_within_period", "true", &ru->filing_within_period,
		  arena_printf(a, "継続申請は当初の支援期間のうちに行う%s", reading_mark(&ru->filing_within_period)));

	for (size_t i = 0; i < n; i++) {
		if (selected_in != 0 && sel[i].first_fiscal_year != selected_in)
			continue;
		ft_status *st = &out->status[out->n];
		evaluate(ru, &sel[i], fy, a, st);
		out->n++;
		ft_year_summary *y = year_of(out, sel[i].first_fiscal_year);
		if (y == NULL)
			return -1;
		y->selected++;
		if (ft_in_support(st)) {
			y->in_support++;
			out->in_support++;
		}
	}

	/* the counts against the published ones */
	for (size_t i = 0; i < out->n_years; i++) {
		ft_year_summary *y = &out->years[i];
		for (size_t k = 0; k < ru->n_published_selections; k++)
			if (ru->published_selections[k].fiscal_year == y->fiscal_year) {
				const ft_published *p = &ru->published_selections[k];
				y->has_published = true;
				y->published = p;
				bool same = (size_t)p->value == y->selected;
				trace_add(out, arena_printf(a, "published_selections.%d", p->fiscal_year),
					  arena_printf(a, "%d", p->value), &p->cite,
					  arena_printf(a, "%sの選定数: 資料 %d事業、記録 %zu件 — %s", fy_label(a, p->fiscal_year), p->value,
						       y->selected, same ? "一致" : "不一致"));
				if (!same)
					diag_add(&out->diags, DIAG_INFO, "FT_SELECTIONS_DIFFER", "",
						 "%sの選定の記録は %zu件で、資料の%d事業と一致しません（一部だけを渡した場合はそのままで構いません）（%s「%s」）",
						 fy_label(a, p->fiscal_year), y->selected, p->value, p->cite.source, p->cite.quote);
			}
	}
	for (size_t k = 0; selected_in == 0 && k < ru->n_published_in_support; k++) {
		const ft_published *p = &ru->published_in_support[k];
		if (p->fiscal_year != fy)
			continue;
		out->published_in_support = p;
		bool same = (size_t)p->value == out->in_support;
		trace_add(out, arena_printf(a, "published_in_support.%d", fy), arena_printf(a, "%d", p->value), &p->cite,
			  arena_printf(a, "%sに支援中の事業: 資料 %d事業、計算 %zu件 — %s", fy_label(a, fy), p->value, out->in_support,
				       same ? "一致" : "不一致"));
		if (!same)
			diag_add(&out->diags, DIAG_INFO, "FT_IN_SUPPORT_DIFFERS", "",
				 "%sに支援中の事業は計算では %zu件で、資料の%d事業と一致しません（%s「%s」）", fy_label(a, fy),
				 out->in_support, p->value, p->cite.source, p->cite.quote);
	}
	return 0;
}
