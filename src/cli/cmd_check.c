/* cmd_check.c — `digiden check [--json] [-j N] [--rules DIR] [--orgs FILE] FILE...`
 *
 * Checks each application; with several files the per-organization limits across
 * them are checked too. Exit 0 all ok, 1 some application has errors, 2 some input
 * could not be read or parsed at all (then nothing is printed on stdout).
 * The files go through check_loop.c (two passes, memory independent of their
 * number); this file is the application format's steps: the strict parser, the
 * round/organization/menu a limit groups by, check_application() and the encoders. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/check.h"
#include "../io/catalog.h"
#include "../io/json_application.h"
#include "../io/json_result.h"
#include "check_loop.h"
#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

static void print_human(json_buf *out, const check_result *r)
{
	const application *app = r->app;
	char b[64];
	check_loop_printf(out, "■ %s — %s\n", app->title ? app->title : "（事業名なし）", app->label);
	if (r->org)
		check_loop_printf(out, "  団体          %s（%s、%s）\n", r->org->name, r->org->code, org_kind_label(r->org->kind));
	else
		check_loop_printf(out, "  団体          %s\n", app->applicant_code ? app->applicant_code : "（未記入）");
	if (r->rules)
		check_loop_printf(out, "  募集回        %s（%s）\n", r->rules->title, r->rules->id);
	if (r->menu)
		check_loop_printf(out, "  類型          %s\n", r->menu->name);
	if (r->has_project_cost)
		check_loop_printf(out, "  総事業費      %s\n", money_format_yen(r->project_cost_yen, b, sizeof b));
	if (r->has_eligible_cost)
		check_loop_printf(out, "  交付対象事業費 %s\n", money_format_yen(r->eligible_cost_yen, b, sizeof b));
	if (r->has_rate)
		check_loop_printf(out, "  補助率        %s\n", fraction_format(r->rate, b, sizeof b));
	if (r->has_cap) {
		char h[64];
		check_loop_printf(out, "  国費上限      %s（%s）\n", money_format_yen(r->cap_yen, b, sizeof b),
		       money_format_human(r->cap_yen, h, sizeof h));
	}
	if (r->has_national_share)
		check_loop_printf(out, "  国費          %s\n", money_format_yen(r->national_share_yen, b, sizeof b));
	if (r->has_local_share)
		check_loop_printf(out, "  地方負担      %s\n", money_format_yen(r->local_share_yen, b, sizeof b));
	check_loop_print_verdict(out, &r->diags);
	check_trace_labels(r); /* the kernel leaves them to the output */
	check_loop_print_trace(out, "計算の根拠", r->trace, r->n_trace, true);

	check_loop_printf(out, "\n");
}

/* ---- the application format's steps for check_loop ----------------------- */

/* Round, organization and menu as check_application() resolves them from what
 * json_application_decode() reads: limits group only fully resolved results. */
static int app_scan(const void *ctx, const char *text, size_t len, bool grouped, arena *a, check_key *key, char *err,
		    size_t errlen)
{
	const catalog *cat = ctx;
	json_app_key k;
	int rc = json_application_scan(text, len, a, &k, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 1;
	if (!grouped)
		return 0;
	const char *round = k.round, *menu = k.menu, *code = k.applicant_code;
	const rule_set *rs = round ? rules_find(&cat->rules, round) : NULL;
	const rule_menu *m = rs && menu ? rules_find_menu(rs, menu) : NULL;
	const organization *org = code && orgcode_validate(code) == ORGCODE_OK ? org_find(&cat->orgs, code) : NULL;
	if (rs == NULL || m == NULL || org == NULL)
		return 0;
	size_t *counts = arena_alloc(a, (rs->n_limits ? rs->n_limits : 1) * sizeof *counts);
	if (counts == NULL)
		return -1;
	for (size_t l = 0; l < rs->n_limits; l++) /* the members each limit names, with repeats, as check_limits counts */
		counts[l] = check_limit_names(&rs->limits[l], m);
	*key = (check_key){ rs, org, rs->n_limits, counts };
	return 0;
}

static int app_check(const void *ctx, const char *path, const char *text, size_t len, arena *a, void **result,
		     check_key *key, char *err, size_t errlen)
{
	const catalog *cat = ctx;
	jv *root = NULL;
	int rc = json_application_parse(text, len, a, &root, err, errlen);
	if (rc != 0)
		return rc < 0 ? -1 : 1;
	application *app = arena_alloc(a, sizeof *app);
	check_result *r = arena_alloc(a, sizeof *r);
	diag_list dl;
	diag_list_init(&dl, a);
	if (app == NULL || r == NULL || json_application_decode_jv(root, a, app, &dl) != 0 ||
	    check_application(app, &dl, &cat->rules, &cat->orgs, a, r) != 0)
		return -1;
	app->label = path;
	if (r->rules && r->menu && r->org)
		*key = (check_key){ r->rules, r->org, r->rules->n_limits, NULL };
	*result = r;
	return 0;
}

static int app_apply(const void *ctx, void *result, const size_t *counts, arena *a)
{
	(void)ctx;
	(void)a;
	check_limits_apply(result, counts);
	return 0;
}

static bool app_ok(const void *result) { return check_ok(result); }

static int app_emit(const void *ctx, const void *result, check_emit how, json_buf *out)
{
	(void)ctx;
	const check_result *r = result;
	if (how == CHECK_EMIT_TEXT) {
		print_human(out, r);
		return 0;
	}
	if (how == CHECK_EMIT_JSON_ITEM)
		return json_result_write_compact(r, out);
	/* one file: an indented object, as jansson indents it */
	json_t *o = json_result_encode(r);
	char *t = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
	json_decref(o);
	int rc = t == NULL || json_buf_put(out, t, strlen(t)) != 0 ? -1 : 0;
	free(t);
	return rc;
}

/* ---- the command ---------------------------------------------------------- */

enum { O_JSON, O_JOBS, O_RULES, O_ORGS };
static const cli_opt check_opts[] = {
	[O_JSON] = { "json", 0, NULL, "機械可読の出力（shared/schema/application.md の形式）", false },
	[O_JOBS] = { "jobs", 'j', "N", "N 個のスレッドで判定する（既定 コア数。出力は入力の順）", false },
	[O_RULES] = { "rules", 'r', "DIR", "組み込みの代わりに DIR/<program>/<round>.json のルールセットを使う", false },
	[O_ORGS] = CLI_OPT_ORGS('o'),
	CLI_OPT_END,
};
int cmd_check(const cli_args *o)
{
	int status;
	long jobs = check_loop_default_jobs();
	if (o->val[O_JOBS]) {
		const char *v = o->val[O_JOBS];
		char *end;
		jobs = strtol(v, &end, 10);
		if (*v == '\0' || *end != '\0' || jobs < 1 || jobs > 256) {
			fprintf(stderr, "digiden check: -j には 1〜256 のスレッド数を指定してください（%s）\n", v);
			return EXIT_BAD_INPUT;
		}
	}
	if (o->n_operands <= 0)
		return cli_usage_error(&cmd_check_spec, "申請書のファイルを指定してください");

	catalog cat;
	if (cli_catalog_load(&cat, o->val[O_RULES], o->val[O_ORGS], "digiden check") != 0)
		return EXIT_BAD_INPUT;
	const check_format fmt = { "digiden check", "申請書", false, &cat, app_scan, app_check, app_apply, app_ok, app_emit };
	status = check_loop_run(&fmt, o->operands, o->n_operands, o->val[O_JSON] != NULL, jobs);
	catalog_free(&cat);
	return status;
}

const cli_cmd cmd_check_spec = { "check", "check [--json] [-j N] [--rules DIR] [--orgs FILE] FILE...",
				   "申請書（digiden/application/1 形式のJSON）を判定します。FILE に - で標準入力。\n"
				   "複数のファイルを渡すと、同じ募集回・同じ団体の申請上限数も判定します。",
				   check_opts, "終了コード: 0 すべて受付可 / 1 エラーのある申請あり / 2 入力を読めない",
	.summary = "申請書（実施計画書）を判定し、国費と根拠を表示する", .run = cmd_check
};
