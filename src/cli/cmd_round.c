/* cmd_round.c — `digiden round open|close --db FILE ROUND [--deadline YYYY-MM-DDTHH:MM:SSZ]`. */
#include <stdio.h>
#include <string.h>

#include "cli_db.h"
#include "cli_opt.h"
#include "commands.h"

enum { O_DB, O_DEADLINE };
static const cli_opt round_opts[] = {
	[O_DB] = CLI_OPT_DB,
	[O_DEADLINE] = { "deadline", 'D', "ISO", "締切（例 2026-03-31T17:00:00Z）", false },
	CLI_OPT_END,
};
const cli_cmd cmd_round_spec = { "round", "round open|close --db FILE ROUND [--deadline YYYY-MM-DDTHH:MM:SSZ]",
				   "募集回を受付中（open）・受付終了（close）にします", round_opts, NULL,
	.summary = "募集回を受付中（open）・受付終了（close）にする", .run_raw = cmd_round
};
static const cli_cmd round_open = { "round open", "round open --db FILE ROUND [--deadline YYYY-MM-DDTHH:MM:SSZ]",
				    "募集回 ROUND（例 digital-implementation/fy2022-supp）を受付中にする", round_opts, NULL };
static const cli_cmd round_close = { "round close", "round close --db FILE ROUND [--deadline YYYY-MM-DDTHH:MM:SSZ]",
				     "募集回 ROUND を受付終了にする", round_opts, NULL };

int cmd_round(int argc, char **argv)
{
	static const cli_cmd *const subs[] = { &round_open, &round_close };
	int status;
	int which = cli_sub_pick(&cmd_round_spec, "サブコマンド", subs, 2, argc, argv, &status);
	if (which < 0)
		return status;
	const cli_cmd *cmd = subs[which];
	cli_args a;
	if (cli_opt_parse(cmd, argc - 1, argv + 1, &a, &status) != 0)
		return status;
	if (a.n_operands != 1)
		return cli_usage_error(cmd, "募集回（例 digital-implementation/fy2022-supp）を1つ指定してください");
	bool open = which == 0;
	const char *round = a.operands[0];
	cli_db d;
	if (cli_db_open(&d, a.val[O_DB], "digiden round") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	int rc = svc_round_set_open(&d.svc, "cli", round, open, a.val[O_DEADLINE], &e);
	if (rc != 0)
		cli_print_error("digiden round", &e);
	else
		printf("募集回 %s を%sにしました\n", round, open ? "受付中" : "受付終了");
	svc_err_clear(&e);
	cli_db_close(&d);
	return rc == 0 ? EXIT_OK : EXIT_RULE_ERRORS;
}
