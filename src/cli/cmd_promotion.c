/* cmd_promotion.c — `digiden promotion-check` (地方創生推進タイプ, multi-year projects and
 * the application limits across them) and `digiden future-tech` (未来技術社会実装事業:
 * who is in support in a fiscal year).
 *
 * Exit 0 everything acceptable, 1 some project/record has errors, 2 an input could not be
 * read or parsed at all (then nothing is printed on stdout), or bad usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/future_tech.h"
#include "../core/promotion.h"
#include "../io/catalog.h"
#include "../io/future_tech_io.h"
#include "../io/future_tech_rules.h"
#include "../io/json_application.h"
#include "../io/json_promotion.h"
#include "../io/promotion_rules.h"
#include "../io/readfile.h"
#include "commands.h"

/* ---- promotion-check ------------------------------------------------------------ */

static void promotion_usage(FILE *f)
{
	fputs("使い方: digiden promotion-check [--json] [--core-cities FILE] [--orgs FILE] FILE...\n"
	      "  地方創生推進タイプ（先駆型・横展開型・Society5.0型）の事業（digiden/promotion/1 形式のJSON）を判定します。\n"
	      "  年度ごとの国費（1事業の年度当たりの上限）、事業期間、Society5.0型の要件と総額、地域再生計画を確かめ、\n"
	      "  同じ団体・同じ募集回の複数の事業を渡すと申請上限数も判定します。FILE に - で標準入力。\n"
	      "  --json              機械可読の出力（1件ならオブジェクト、複数なら配列）\n"
	      "  --core-cities FILE  運用者が用意した中枢中核都市の一覧（data/core-cities.tsv の形式）。\n"
	      "                      ないときは、市が中枢中核都市かどうかは分からないとして市町村で判定します\n"
	      "  --orgs FILE         運用者が登録する団体（広域連合・一部事務組合）を追加する\n"
	      "  終了コード: 0 すべて受付可 / 1 エラーのある事業あり / 2 入力を読めない\n",
	      f);
}

static void print_promotion(const promo_result *r)
{
	const promo_project *p = r->project;
	char b[64], h[64];
	printf("■ %s — %s\n", p->title ? p->title : "（事業名なし）", p->label);
	if (r->org)
		printf("  団体          %s（%s、%s）\n", r->org->name, r->org->code, org_kind_label(r->org->kind));
	if (r->has_kind)
		printf("  上限の区分    %s\n", promo_kind_label(r->kind));
	if (r->rules)
		printf("  募集回        %s（%s）\n", r->rules->title, r->rules->id);
	if (r->rules && r->has_subtype)
		printf("  類型          %s%s\n", r->rules->sub[r->subtype].name, p->koiki ? "（広域連携）" : "");
	if (r->has_period) {
		char s[32], e[32];
		printf("  事業期間      %s〜%s（%dか年度）\n", wareki_fiscal_year(p->start_fiscal_year, s, sizeof s),
		       wareki_fiscal_year(r->end_fiscal_year, e, sizeof e), r->period_fiscal_years);
	}
	if (r->has_cap)
		printf("  国費上限      %s／年度\n", money_format_human(r->cap_yen, h, sizeof h));
	for (size_t i = 0; i < r->n_years; i++) {
		const promo_year_result *y = &r->years[i];
		char fy[32], c[64], n[64];
		printf("    %s  事業費 %s  国費 %s%s  地方負担 %s\n", wareki_fiscal_year(y->fiscal_year, fy, sizeof fy),
		       money_format_yen(y->project_cost_yen, c, sizeof c), money_format_yen(y->national_share_yen, n, sizeof n),
		       y->cap_applied ? "（上限）" : "", money_format_yen(y->local_share_yen, b, sizeof b));
	}
	if (r->has_money) {
		printf("  事業費の合計  %s\n", money_format_yen(r->project_cost_total_yen, b, sizeof b));
		printf("  国費の合計    %s\n", money_format_yen(r->national_share_total_yen, b, sizeof b));
		printf("  地方負担の合計 %s\n", money_format_yen(r->local_share_total_yen, b, sizeof b));
	}
	if (r->limit.why)
		printf("  申請上限数    %s%s\n", r->limit.counted ? "数える: " : "数えない: ", r->limit.why);
	size_t ne = diag_count(&r->diags, DIAG_ERROR), nw = diag_count(&r->diags, DIAG_WARNING);
	printf("  判定          %s（エラー %zu件、警告 %zu件）\n", ne ? "このままでは受け付けられません" : "受付可", ne, nw);
	static const char *const heading[DIAG__MAX] = { "エラー", "警告", "情報" };
	for (int s = 0; s < DIAG__MAX; s++) {
		if (diag_count(&r->diags, (diag_severity)s) == 0)
			continue;
		printf("  %s:\n", heading[s]);
		for (size_t i = 0; i < r->diags.len; i++) {
			const diag *d = &r->diags.items[i];
			if (d->severity == (diag_severity)s)
				printf("    - %s%s%s [%s]\n", d->path, d->path[0] ? ": " : "", d->message, d->code);
		}
	}
	if (r->n_trace) {
		printf("  根拠:\n");
		for (size_t i = 0; i < r->n_trace; i++) {
			const trace_step *t = &r->trace[i];
			printf("    %zu. %s", i + 1, t->label);
			if (t->source && strcmp(t->source, "application") != 0 && t->quote)
				printf(" ［%s「%s」］", t->source, t->quote);
			printf("\n");
		}
	}
	printf("\n");
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

int cmd_promotion_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "core-cities", required_argument, NULL, 'c' },
		{ "orgs", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool as_json = false;
	const char *core_path = NULL, *orgs = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jc:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': as_json = true; break;
		case 'c': core_path = optarg; break;
		case 'o': orgs = optarg; break;
		case 'h': promotion_usage(stdout); return EXIT_OK;
		default: promotion_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	int nfiles = argc - optind;
	if (nfiles <= 0) {
		fprintf(stderr, "digiden promotion-check: 事業のファイルを指定してください\n");
		promotion_usage(stderr);
		return EXIT_BAD_INPUT;
	}

	char err[1024];
	int status = EXIT_OK;
	catalog cat;
	arena a;
	arena_init(&a);
	promo_result *results = NULL;
	promo_result **ptrs = NULL;
	if (catalog_load(&cat, NULL, orgs, err, sizeof err) != 0) {
		fprintf(stderr, "digiden promotion-check: %s\n", err);
		status = EXIT_BAD_INPUT;
		goto out;
	}
	promo_catalog pc;
	if (promotion_rules_load_embedded(&pc, &a, err, sizeof err) != 0) {
		fprintf(stderr, "digiden promotion-check: %s\n", err);
		status = EXIT_BAD_INPUT;
		goto out;
	}
	core_city_list cc = { 0 };
	if (core_path != NULL && load_core_cities(core_path, &cat.orgs, &a, &cc) != 0) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	results = calloc((size_t)nfiles, sizeof *results);
	ptrs = calloc((size_t)nfiles, sizeof *ptrs);
	if (results == NULL || ptrs == NULL) {
		fprintf(stderr, "digiden promotion-check: メモリが足りません\n");
		status = EXIT_BAD_INPUT;
		goto out;
	}
	bool unreadable = false;
	for (int i = 0; i < nfiles; i++) {
		const char *path = argv[optind + i];
		char *text = NULL;
		size_t len = 0;
		ptrs[i] = &results[i];
		if (readfile(path, READFILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
			fprintf(stderr, "digiden promotion-check: %s\n", err);
			unreadable = true;
			continue;
		}
		json_t *root = json_parse_text(text, len, err, sizeof err);
		free(text);
		if (root == NULL) {
			fprintf(stderr, "digiden promotion-check: %s: %s\n", path, err);
			unreadable = true;
			continue;
		}
		promo_project *p = arena_alloc(&a, sizeof *p);
		diag_list dl;
		diag_list_init(&dl, &a);
		if (p == NULL || json_promotion_decode(root, &a, p, &dl) != 0 ||
		    promo_check(p, &dl, &pc, &cat.orgs, &cc, &a, &results[i]) != 0) {
			fprintf(stderr, "digiden promotion-check: %s: メモリが足りません\n", path);
			unreadable = true;
		} else {
			p->label = path;
		}
		json_decref(root);
	}
	if (unreadable) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	promo_check_limits(ptrs, (size_t)nfiles, &a);
	for (int i = 0; i < nfiles; i++)
		if (!promo_ok(&results[i]))
			status = EXIT_RULE_ERRORS;
	if (as_json) {
		json_t *doc = nfiles == 1 ? NULL : json_array();
		for (int i = 0; i < nfiles; i++) {
			json_t *o = json_promotion_result_encode(&results[i]);
			if (o == NULL) {
				status = EXIT_BAD_INPUT;
				break;
			}
			if (doc == NULL)
				doc = o;
			else
				json_array_append_new(doc, o);
		}
		if (status == EXIT_BAD_INPUT || doc == NULL || json_dumpf(doc, stdout, JSON_INDENT(2)) != 0) {
			json_decref(doc);
			fprintf(stderr, "digiden promotion-check: 出力に失敗しました（メモリ不足）\n");
			status = EXIT_BAD_INPUT;
			goto out;
		}
		json_decref(doc);
		fputs("\n", stdout);
	} else {
		for (int i = 0; i < nfiles; i++)
			print_promotion(&results[i]);
		if (nfiles > 1) {
			int bad = 0;
			for (int i = 0; i < nfiles; i++)
				bad += !promo_ok(&results[i]);
			printf("%d件中 %d件が受付可、%d件にエラーがあります\n", nfiles, nfiles - bad, bad);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "digiden promotion-check: 出力に失敗しました\n");
		status = EXIT_BAD_INPUT;
	}
out:
	free(ptrs);
	free(results);
	arena_free(&a);
	catalog_free(&cat);
	return status;
}

/* ---- future-tech ------------------------------------------------------------------ */

static void future_usage(FILE *f)
{
	fputs("使い方: digiden future-tech --selections FILE --year FY [--selected-in FY] [--format json|text] [--orgs FILE]\n"
	      "  未来技術社会実装事業の選定の記録（CSV または JSON）から、年度 FY に支援中の事業を、\n"
	      "  支援期間（初めて選定された年度から3か年度、継続申請が認められれば2年間延長）と理由つきで示します。\n"
	      "  --year FY         年度（2021、令和3年度、R3 など）\n"
	      "  --selected-in FY  その年度に初めて選定された事業だけを見る（例: R1 → 令和元年度選定の継続事業一覧）\n"
	      "  --format          json（既定）または text\n"
	      "  終了コード: 0 記録に問題なし / 1 記録が規則と合わない / 2 入力を読めない\n",
	      f);
}

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

int cmd_future_tech(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "selections", required_argument, NULL, 's' },
		{ "year", required_argument, NULL, 'y' },
		{ "selected-in", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, 'f' },
		{ "orgs", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *sel_path = NULL, *year = NULL, *selected = NULL, *format = "json", *orgs = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "s:y:i:f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 's': sel_path = optarg; break;
		case 'y': year = optarg; break;
		case 'i': selected = optarg; break;
		case 'f': format = optarg; break;
		case 'o': orgs = optarg; break;
		case 'h': future_usage(stdout); return EXIT_OK;
		default: future_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	int fy = 0, selected_in = 0;
	if (sel_path == NULL || year == NULL || optind != argc) {
		fprintf(stderr, "digiden future-tech: --selections FILE と --year FY を指定してください\n");
		future_usage(stderr);
		return EXIT_BAD_INPUT;
	}
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
	int status = EXIT_OK;
	catalog cat;
	arena a;
	arena_init(&a);
	char *text = NULL;
	size_t len = 0;
	if (catalog_load(&cat, NULL, orgs, err, sizeof err) != 0) {
		fprintf(stderr, "digiden future-tech: %s\n", err);
		status = EXIT_BAD_INPUT;
		goto out;
	}
	ft_rules rules;
	if (future_tech_rules_load_embedded(&rules, &a, err, sizeof err) != 0) {
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
	if (future_tech_report(&rules, sel, n, fy, selected_in, &a, &rep) != 0) {
		fprintf(stderr, "digiden future-tech: メモリが足りません\n");
		status = EXIT_BAD_INPUT;
		goto out;
	}
	for (size_t i = 0; i < rep.n; i++)
		if (diag_count(&rep.status[i].diags, DIAG_ERROR) > 0)
			status = EXIT_RULE_ERRORS;
	if (as_json) {
		json_t *o = future_tech_report_encode(&rep, &rules, sel_path, selected_in);
		if (o == NULL || json_dumpf(o, stdout, JSON_INDENT(2)) != 0) {
			json_decref(o);
			fprintf(stderr, "digiden future-tech: 出力に失敗しました（メモリ不足）\n");
			status = EXIT_BAD_INPUT;
			goto out;
		}
		json_decref(o);
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
