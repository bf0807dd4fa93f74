/* cmd_check.c — `digiden check [--json] [--rules DIR] [--orgs FILE] FILE...`
 *
 * Checks each application; with several files the per-organization limits across
 * them are checked too. Exit 0 all ok, 1 some application has errors, 2 some input
 * could not be read or parsed at all (then nothing is printed on stdout). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/check.h"
#include "../io/catalog.h"
#include "../io/json_application.h"
#include "../io/json_result.h"
#include "../io/readfile.h"
#include "commands.h"

static void check_usage(FILE *f)
{
	fputs("使い方: digiden check [--json] [--rules DIR] [--orgs FILE] FILE...\n"
	      "  申請書（digiden/application/1 形式のJSON）を判定します。FILE に - で標準入力。\n"
	      "  複数のファイルを渡すと、同じ募集回・同じ団体の申請上限数も判定します。\n"
	      "  --json        機械可読の出力（shared/schema/application.md の形式）\n"
	      "  --rules DIR   組み込みの代わりに DIR/<program>/<round>.json のルールセットを使う\n"
	      "  --orgs FILE   運用者が登録する団体（広域連合・一部事務組合）を追加する\n"
	      "  終了コード: 0 すべて受付可 / 1 エラーのある申請あり / 2 入力を読めない\n",
	      f);
}

static void print_human(const check_result *r)
{
	const application *app = r->app;
	char b[64];
	printf("■ %s — %s\n", app->title ? app->title : "（事業名なし）", app->label);
	if (r->org)
		printf("  団体          %s（%s、%s）\n", r->org->name, r->org->code, org_kind_label(r->org->kind));
	else
		printf("  団体          %s\n", app->applicant_code ? app->applicant_code : "（未記入）");
	if (r->rules)
		printf("  募集回        %s（%s）\n", r->rules->title, r->rules->id);
	if (r->menu)
		printf("  類型          %s\n", r->menu->name);
	if (r->has_project_cost)
		printf("  総事業費      %s\n", money_format_yen(r->project_cost_yen, b, sizeof b));
	if (r->has_eligible_cost)
		printf("  交付対象事業費 %s\n", money_format_yen(r->eligible_cost_yen, b, sizeof b));
	if (r->has_rate)
		printf("  補助率        %s\n", fraction_format(r->rate, b, sizeof b));
	if (r->has_cap) {
		char h[64];
		printf("  国費上限      %s（%s）\n", money_format_yen(r->cap_yen, b, sizeof b),
		       money_format_human(r->cap_yen, h, sizeof h));
	}
	if (r->has_national_share)
		printf("  国費          %s\n", money_format_yen(r->national_share_yen, b, sizeof b));
	if (r->has_local_share)
		printf("  地方負担      %s\n", money_format_yen(r->local_share_yen, b, sizeof b));
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
		printf("  計算の根拠:\n");
		for (size_t i = 0; i < r->n_trace; i++) {
			const trace_step *t = &r->trace[i];
			printf("    %zu. %s", i + 1, t->label);
			if (t->source && strcmp(t->source, "application") != 0)
				printf(" ［%s%s%s%s］", t->source, t->quote ? "「" : "", t->quote ? t->quote : "",
				       t->quote ? "」" : "");
			printf("\n");
		}
	}
	printf("\n");
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "rules", required_argument, NULL, 'r' },
		{ "orgs", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool as_json = false;
	const char *rules_dir = NULL, *orgs = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "jr:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'j': as_json = true; break;
		case 'r': rules_dir = optarg; break;
		case 'o': orgs = optarg; break;
		case 'h': check_usage(stdout); return EXIT_OK;
		default: check_usage(stderr); return EXIT_BAD_INPUT;
		}
	}
	int nfiles = argc - optind;
	if (nfiles <= 0) {
		fprintf(stderr, "digiden check: 申請書のファイルを指定してください\n");
		check_usage(stderr);
		return EXIT_BAD_INPUT;
	}

	char err[1024];
	catalog cat;
	if (catalog_load(&cat, rules_dir, orgs, err, sizeof err) != 0) {
		fprintf(stderr, "digiden check: %s\n", err);
		catalog_free(&cat);
		return EXIT_BAD_INPUT;
	}

	arena a;
	arena_init(&a);
	check_result *results = arena_alloc(&a, (size_t)nfiles * sizeof *results);
	check_result **ptrs = arena_alloc(&a, (size_t)nfiles * sizeof *ptrs);
	int status = EXIT_OK;
	bool unreadable = false;
	if (results == NULL || ptrs == NULL) {
		fprintf(stderr, "digiden check: メモリが足りません\n");
		status = EXIT_BAD_INPUT;
		goto out;
	}
	for (int i = 0; i < nfiles; i++) {
		const char *path = argv[optind + i];
		char *text = NULL;
		size_t len = 0;
		ptrs[i] = &results[i];
		if (readfile(path, READFILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
			fprintf(stderr, "digiden check: %s\n", err);
			unreadable = true;
			continue;
		}
		char perr[768];
		json_t *root = json_parse_text(text, len, perr, sizeof perr);
		free(text);
		if (root == NULL) {
			fprintf(stderr, "digiden check: %s: %s\n", path, perr);
			unreadable = true;
			continue;
		}
		application *app = arena_alloc(&a, sizeof *app);
		diag_list dl;
		diag_list_init(&dl, &a);
		if (app == NULL || json_application_decode(root, &a, app, &dl) != 0 ||
		    check_application(app, &dl, &cat.rules, &cat.orgs, &a, &results[i]) != 0) {
			json_decref(root);
			fprintf(stderr, "digiden check: %s: メモリが足りません\n", path);
			status = EXIT_BAD_INPUT;
			goto out;
		}
		app->label = arena_strdup(&a, path);
		json_decref(root);
	}
	if (unreadable) {
		status = EXIT_BAD_INPUT;
		goto out;
	}
	if (nfiles > 1)
		check_limits(ptrs, (size_t)nfiles, &a);
	for (int i = 0; i < nfiles; i++)
		if (!check_ok(&results[i]))
			status = EXIT_RULE_ERRORS;

	if (as_json) {
		if (nfiles > 1)
			fputs("[\n", stdout);
		for (int i = 0; i < nfiles; i++) {
			json_t *o = json_result_encode(&results[i]);
			if (o == NULL) {
				fprintf(stderr, "digiden check: メモリが足りません\n");
				status = EXIT_BAD_INPUT;
				goto out;
			}
			json_dumpf(o, stdout, JSON_INDENT(2));
			json_decref(o);
			fputs(i + 1 < nfiles ? ",\n" : "\n", stdout);
		}
		if (nfiles > 1)
			fputs("]\n", stdout);
	} else {
		for (int i = 0; i < nfiles; i++)
			print_human(&results[i]);
		if (nfiles > 1) {
			int bad = 0;
			for (int i = 0; i < nfiles; i++)
				bad += !check_ok(&results[i]);
			printf("%d件中 %d件が受付可、%d件にエラーがあります\n", nfiles, nfiles - bad, bad);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "digiden check: 出力に失敗しました\n");
		status = EXIT_BAD_INPUT;
	}
out:
	arena_free(&a);
	catalog_free(&cat);
	return status;
}
