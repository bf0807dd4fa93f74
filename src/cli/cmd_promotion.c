/* cmd_promotion.c — `digiden promotion-check` (地方創生推進タイプ, multi-year projects and
 * the application limits across them, through check_loop.c like `digiden check`) and
 * `digiden future-tech` (未来技術社会実装事業: who is in support in a fiscal year).
 *
 * Exit 0 everything acceptable, 1 some project/record has errors, 2 an input could not be
 * read or parsed at all (then nothing is printed on stdout), or bad usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/future_tech.h"
#include "../core/promotion.h"
#include "../io/catalog.h"
#include "../io/future_tech_io.h"
#include "../io/json_application.h"
#include "../io/json_promotion.h"
#include "../io/readfile.h"
#include "../io/rules_cache.h"
#include "check_loop.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

/* ---- promotion-check ------------------------------------------------------------ */

static void print_promotion(json_buf *out, const promo_result *r)
{
	const promo_project *p = r->project;
	char b[64], h[64];
	check_loop_printf(out, "■ %s — %s\n", p->title ? p->title : "（事業名なし）", p->label);
	if (r->org)
		check_loop_printf(out, "  団体          %s（%s、%s）\n", r->org->name, r->org->code, org_kind_label(r->org->kind));
	if (r->has_kind)
		check_loop_printf(out, "  上限の区分    %s\n", promo_kind_label(r->kind));
	if (r->rules)
		check_loop_printf(out, "  募集回        %s（%s）\n", r->rules->title, r->rules->id);
	if (r->rules && r->has_subtype)
		check_loop_printf(out, "  類型          %s%s\n", r->rules->sub[r->subtype].name, p->koiki ? "（広域連携）" : "");
	if (r->has_period) {
		char s[32], e[32];
		check_loop_printf(out, "  事業期間      %s〜%s（%dか年度）\n", wareki_fiscal_year(p->start_fiscal_year, s, sizeof s),
		       wareki_fiscal_year(r->end_fiscal_year, e, sizeof e), r->period_fiscal_years);
	}
	if (r->has_cap)
		check_loop_printf(out, "  国費上限      %s／年度\n", money_format_human(r->cap_yen, h, sizeof h));
	for (size_t i = 0; i < r->n_years; i++) {
		const promo_year_result *y = &r->years[i];
		char fy[32], c[64], n[64];
		check_loop_printf(out, "    %s  事業費 %s  国費 %s%s  地方負担 %s\n", wareki_fiscal_year(y->fiscal_year, fy, sizeof fy),
		       money_format_yen(y->project_cost_yen, c, sizeof c), money_format_yen(y->national_share_yen, n, sizeof n),
		       y->cap_applied ? "（上限）" : "", money_format_yen(y->local_share_yen, b, sizeof b));
	}
	if (r->has_money) {
		check_loop_printf(out, "  事業費の合計  %s\n", money_format_yen(r->project_cost_total_yen, b, sizeof b));
		check_loop_printf(out, "  国費の合計    %s\n", money_format_yen(r->national_share_total_yen, b, sizeof b));
		check_loop_printf(out, "  地方負担の合計 %s\n", money_format_yen(r->local_share_total_yen, b, sizeof b));
	}
	if (r->limit.why)
		check_loop_printf(out, "  申請上限数    %s%s\n", r->limit.counted ? "数える: " : "数えない: ", r->limit.why);
	check_loop_print_verdict(out, &r->diags);
	check_loop_print_trace(out, "根拠", r->trace, r->n_trace, false);

	check_loop_printf(out, "\n");
}

/* ---- the promotion format's steps for check_loop ------------------------------- */

typedef struct promo_ctx {
	const promo_catalog *pc;
	const org_master *orgs;
	const core_city_list *cc;
} promo_ctx;

/* Parses, decodes and checks one project into r (in a). 0, 1 unparsable, -1 memory. */
static int promo_read(const promo_ctx *c, const char *text, size_t len, arena *a, promo_result **r, char *err,
		      size_t errlen)
{
	json_t *root = json_parse_text(text, len, err, errlen);
	if (root == NULL)
		return 1;
	promo_project *p = arena_alloc(a, sizeof *p);
	*r = arena_alloc(a, sizeof **r);
	diag_list dl;
	diag_list_init(&dl, a);
	int rc = p == NULL || *r == NULL || json_promotion_decode(root, a, p, &dl) != 0 ||
			 promo_check(p, &dl, c->pc, c->orgs, c->cc, a, *r) != 0
		 ? -1
		 : 0;
	json_decref(root);
	return rc;
}

/* The group promo_check_limits() puts r in: its round and organization. */
static bool promo_grouped(const promo_result *r) { return r->rules != NULL && r->org != NULL && r->has_subtype; }

static int promo_scan(const void *ctx, const char *text, size_t len, bool grouped, arena *a, check_key *key, char *err,
		      size_t errlen)
{
	promo_result *r;
	int rc = promo_read(ctx, text, len, a, &r, err, errlen);
	if (rc != 0 || !grouped || !promo_grouped(r))
		return rc;
	size_t *counts = arena_alloc(a, 2 * sizeof *counts); /* counted new projects: [0] not 広域連携, [1] 広域連携 */
	if (counts == NULL)
		return -1;
	counts[0] = r->limit.counted && !r->project->koiki;
	counts[1] = r->limit.counted && r->project->koiki;
	*key = (check_key){ r->rules, r->org, 2, counts };
	return 0;
}

static int promo_check_one(const void *ctx, const char *path, const char *text, size_t len, arena *a, void **result,
			   check_key *key, char *err, size_t errlen)
{
	promo_result *r;
	int rc = promo_read(ctx, text, len, a, &r, err, errlen);
	if (rc != 0)
		return rc;
	((promo_project *)r->project)->label = path;
	if (promo_grouped(r))
		*key = (check_key){ r->rules, r->org, 2, NULL };
	*result = r;
	return 0;
}

/* promo_check_limits() judges a group from its counted members only: r goes in with
 * stand-ins for the group's other counted projects (pass 1's totals less r itself),
 * which share its round, organization and kind, and are dropped with the arena. */
static int promo_apply(const void *ctx, void *result, const size_t *counts, arena *a)
{
	(void)ctx;
	promo_result *r = result;
	size_t own_koiki = r->limit.counted && r->project->koiki, own_non = r->limit.counted && !r->project->koiki;
	if (counts[0] < own_non || counts[1] < own_koiki)
		return -1;
	size_t others_non = counts[0] - own_non, others_koiki = counts[1] - own_koiki, n = 1 + others_non + others_koiki;
	promo_result **g = arena_alloc(a, n * sizeof *g);
	promo_result *peers = arena_alloc(a, (n - 1 ? n - 1 : 1) * sizeof *peers);
	static const promo_project koiki = { .koiki = true }, not_koiki = { .koiki = false };
	if (g == NULL || peers == NULL)
		return 0; /* memory: the limits stay unchecked, as promo_check_limits() does */
	g[0] = r;
	for (size_t k = 0; k + 1 < n; k++) {
		promo_result *s = &peers[k];
		*s = (promo_result){ .project = k < others_non ? &not_koiki : &koiki, .rules = r->rules, .has_subtype = true,
				     .subtype = r->subtype, .org = r->org, .has_kind = r->has_kind, .kind = r->kind, .arena = a };
		s->limit.counted = true;
		diag_list_init(&s->diags, a);
		g[k + 1] = s;
	}
	promo_check_limits(g, n, a);
	return 0;
}

static bool promo_ok_result(const void *result) { return promo_ok(result); }

static int promo_emit(const void *ctx, const void *result, check_emit how, json_buf *out)
{
	(void)ctx;
	if (how == CHECK_EMIT_TEXT) {
		print_promotion(out, result);
		return 0;
	}
	json_t *o = json_promotion_result_encode(result);
	char *t = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
	json_decref(o);
	int rc = t == NULL ? -1 : 0;
	if (rc == 0 && how == CHECK_EMIT_JSON_ONE) {
		rc = json_buf_put(out, t, strlen(t));
	} else if (rc == 0) {
		/* an element of the array as json_dumpf() indents a whole array: one level
		 * deeper (strings hold no raw newline, so every "\n" starts a line) */
		rc = json_buf_put(out, "  ", 2);
		for (const char *p = t; rc == 0 && *p;) {
			size_t span = strcspn(p, "\n");
			rc = json_buf_put(out, p, span);
			p += span;
			if (rc == 0 && *p == '\n') {
				rc = json_buf_put(out, "\n  ", 3);
				p++;
			}
		}
	}
	free(t);
	return rc;
}

/* Loads the --core-cities list; -1 with a message on stderr. */
static int load_core_cities(const char *path, const org_master *m, arena *a, core_city_list *out)
{
	char err[1024], *text = NULL;
	size_t len = 0;
	if (readfile(path, READFILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
		fprintf(stderr, "digiden promotion-check: %s\n", err);
		return -1;
	}
	int rc = core_cities_load_text(out, m, text, len, path, a, err, sizeof err);
	free(text);
	if (rc != 0)
		fprintf(stderr, "digiden promotion-check: %s\n", err);
	return rc;
}

enum { P_JSON, P_CORE, P_ORGS };
static const cli_opt promotion_opts[] = {
	[P_JSON] = { "json", 'j', NULL, "機械可読の出力（1件ならオブジェクト、複数なら配列）", false },
	[P_CORE] = { "core-cities", 'c', "FILE", "運用者が用意した中枢中核都市の一覧（data/core-cities.tsv の形式）。\n"
						 "ないときは、市が中枢中核都市かどうかは分からないとして市町村で判定します",
		     false },
	[P_ORGS] = CLI_OPT_ORGS('o'),
	CLI_OPT_END,
};
int cmd_promotion_check(const cli_args *o)
{
	int status;
	if (o->n_operands <= 0)
		return cli_usage_error(&cmd_promotion_check_spec, "事業のファイルを指定してください");

	char err[1024];
	catalog cat;
	arena a;
	arena_init(&a);
	status = EXIT_BAD_INPUT;
	if (cli_catalog_load(&cat, NULL, o->val[P_ORGS], "digiden promotion-check") != 0)
		goto out;
	const promo_catalog *pc = rules_cache_promotion(err, sizeof err);
	if (pc == NULL) {
		fprintf(stderr, "digiden promotion-check: %s\n", err);
		goto out;
	}
	core_city_list cc = { 0 };
	if (o->val[P_CORE] != NULL && load_core_cities(o->val[P_CORE], &cat.orgs, &a, &cc) != 0)
		goto out;
	const promo_ctx ctx = { pc, &cat.orgs, &cc };
	/* limits even for one file: a counted project's trace shows its group */
	const check_format fmt = { "digiden promotion-check", "事業", true, &ctx, promo_scan, promo_check_one, promo_apply,
				   promo_ok_result, promo_emit };
	status = check_loop_run(&fmt, o->operands, o->n_operands, o->val[P_JSON] != NULL, check_loop_default_jobs());
out:
	arena_free(&a);
	catalog_free(&cat);
	return status;
}

const cli_cmd cmd_promotion_check_spec = {
	"promotion-check", "promotion-check [--json] [--core-cities FILE] [--orgs FILE] FILE...",
	"地方創生推進タイプ（先駆型・横展開型・Society5.0型）の事業（digiden/promotion/1 形式のJSON）を判定します。\n"
	"年度ごとの国費（1事業の年度当たりの上限）、事業期間、Society5.0型の要件と総額、地域再生計画を確かめ、\n"
	"同じ団体・同じ募集回の複数の事業を渡すと申請上限数も判定します。FILE に - で標準入力。",
	promotion_opts, "終了コード: 0 すべて受付可 / 1 エラーのある事業あり / 2 入力を読めない",
	.summary = "地方創生推進タイプの事業（複数年度）を判定する", .run = cmd_promotion_check
};

/* ---- future-tech ------------------------------------------------------------------ */

static void print_future(const ft_report *r, const char *label)
{
	char fy[32];
	printf("■ 未来技術社会実装事業 — %sに支援中の事業（%s）\n", wareki_fiscal_year(r->fiscal_year, fy, sizeof fy), label);
	printf("  支援中 %zu件", r->in_support);
	if (r->published_in_support)
		printf("（資料: %d事業）", r->published_in_support->value);
	printf("\n");
	for (int pass = 0; pass < 2; pass++) {
		printf("  %s:\n", pass == 0 ? "支援中" : "支援していない（終了・未決定）");
		for (size_t i = 0; i < r->n; i++) {
			const ft_status *st = &r->status[i];
			if (st->phase == FT_PHASE_NOT_YET || ft_in_support(st) != (pass == 0))
				continue;
			const ft_selection *s = st->sel;
			char a[32], b[32];
			printf("    - %s%s%s%s（%s〜%s%s）\n      %s\n", s->org_name ? s->org_name : "（団体名なし）",
			       s->title ? "「" : "", s->title ? s->title : "", s->title ? "」" : "",
			       wareki_fiscal_year(s->first_fiscal_year, a, sizeof a),
			       wareki_fiscal_year(st->support_end_fiscal_year, b, sizeof b),
			       st->ends_this_year ? "、今年度末で終了" : "", st->reason);
		}
	}
	static const char *const heading[DIAG__MAX] = { "エラー", "警告", "情報" };
	for (int sev = 0; sev < DIAG__MAX; sev++) {
		size_t n = diag_count(&r->diags, (diag_severity)sev);
		for (size_t i = 0; i < r->n; i++)
			n += diag_count(&r->status[i].diags, (diag_severity)sev);
		if (n == 0)
			continue;
		printf("  %s:\n", heading[sev]);
		for (size_t i = 0; i <= r->n; i++) {
			const diag_list *l = i < r->n ? &r->status[i].diags : &r->diags;
			for (size_t k = 0; k < l->len; k++)
				if (l->items[k].severity == (diag_severity)sev)
					printf("    - %s%s%s [%s]\n", l->items[k].path, l->items[k].path[0] ? ": " : "",
					       l->items[k].message, l->items[k].code);
		}
	}
	printf("  根拠:\n");
	for (size_t i = 0; i < r->n_trace; i++) {
		const trace_step *t = &r->trace[i];
		printf("    %zu. %s", i + 1, t->label);
		if (t->source && t->quote)
			printf(" ［%s「%s」］", t->source, t->quote);
		printf("\n");
	}
}

enum { F_SEL, F_YEAR, F_SELECTED_IN, F_FORMAT, F_ORGS };
static const cli_opt future_opts[] = {
	[F_SEL] = { "selections", 's', "FILE", "選定の記録（CSV または JSON）", true },
	[F_YEAR] = { "year", 'y', "FY", "年度（2021、令和3年度、R3 など）", true },
	[F_SELECTED_IN] = { "selected-in", 'i', "FY", "その年度に初めて選定された事業だけを見る（例: R1 → 令和元年度選定の継続事業一覧）", false },
	[F_FORMAT] = CLI_OPT_FORMAT("json（既定）または text"),
	[F_ORGS] = CLI_OPT_ORGS('o'),
	CLI_OPT_END,
};
int cmd_future_tech(const cli_args *o)
{
	int status;
	const char *sel_path = o->val[F_SEL], *year = o->val[F_YEAR], *selected = o->val[F_SELECTED_IN],
		   *format = o->val[F_FORMAT] ? o->val[F_FORMAT] : "json", *orgs = o->val[F_ORGS];
	int fy = 0, selected_in = 0;
	if (o->n_operands != 0)
		return cli_usage_error(&cmd_future_tech_spec, "余分な引数「%s」があります", o->operands[0]);
	if (!wareki_parse_fiscal_year(year, &fy) || fy < 1989 || fy > 2100) {
		fprintf(stderr, "digiden future-tech: --year「%s」は年度として読めません（例: 2021、令和3年度、R3）\n", year);
		return EXIT_BAD_INPUT;
	}
	if (selected != NULL && (!wareki_parse_fiscal_year(selected, &selected_in) || selected_in < 1989 || selected_in > 2100)) {
		fprintf(stderr, "digiden future-tech: --selected-in「%s」は年度として読めません\n", selected);
		return EXIT_BAD_INPUT;
	}
	bool as_json = strcmp(format, "json") == 0;
	if (!as_json && strcmp(format, "text") != 0) {
		fprintf(stderr, "digiden future-tech: --format は json か text です\n");
		return EXIT_BAD_INPUT;
	}

	static char err[16384];
	status = EXIT_OK;
	catalog cat;
	arena a;
	arena_init(&a);
	char *text = NULL;
	size_t len = 0;
	if (cli_catalog_load(&cat, NULL, orgs, "digiden future-tech") != 0) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	const ft_rules *rules = rules_cache_future_tech(err, sizeof err);
	if (rules == NULL) {
		fprintf(stderr, "digiden future-tech: %s\n", err);
		status = EXIT_BAD_INPUT;
		goto out;
	}
	if (readfile(sel_path, READFILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
		fprintf(stderr, "digiden future-tech: %s\n", err);
		status = EXIT_BAD_INPUT;
		goto out;
	}
	ft_selection *sel;
	size_t n;
	if (future_tech_selections_load(text, len, sel_path, &cat.orgs, &a, &sel, &n, err, sizeof err) != 0) {
		fprintf(stderr, "digiden future-tech: 選定の記録を読めません（何も判定していません）:\n%s\n", err);
		status = EXIT_BAD_INPUT;
		goto out;
	}
	ft_report rep;
	if (future_tech_report(rules, sel, n, fy, selected_in, &a, &rep) != 0) {
		fprintf(stderr, "digiden future-tech: メモリが足りません\n");
		status = EXIT_BAD_INPUT;
		goto out;
	}
	for (size_t i = 0; i < rep.n; i++)
		if (diag_count(&rep.status[i].diags, DIAG_ERROR) > 0)
			status = EXIT_RULE_ERRORS;
	if (as_json) {
		json_t *j = future_tech_report_encode(&rep, rules, sel_path, selected_in);
		if (j == NULL || json_dumpf(j, stdout, JSON_INDENT(2)) != 0) {
			json_decref(j);
			fprintf(stderr, "digiden future-tech: 出力に失敗しました（メモリ不足）\n");
			status = EXIT_BAD_INPUT;
			goto out;
		}
		json_decref(j);
		fputs("\n", stdout);
	} else {
		print_future(&rep, sel_path);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "digiden future-tech: 出力に失敗しました\n");
		status = EXIT_BAD_INPUT;
	}
out:
	free(text);
	arena_free(&a);
	catalog_free(&cat);
	return status;
}

const cli_cmd cmd_future_tech_spec = {
	"future-tech", "future-tech --selections FILE --year FY [--selected-in FY] [--format json|text] [--orgs FILE]",
	"未来技術社会実装事業の選定の記録から、年度 FY に支援中の事業を、\n"
	"支援期間（初めて選定された年度から3か年度、継続申請が認められれば2年間延長）と理由つきで示します。",
	future_opts, "終了コード: 0 記録に問題なし / 1 記録が規則と合わない / 2 入力を読めない",
	.summary = "未来技術社会実装事業の選定・支援期間・継続を判定する", .run = cmd_future_tech
};
