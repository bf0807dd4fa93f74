/* main.c — digiden command-line entry: dispatches to one cmd_*.c per subcommand. Each
 * command's spec (its options, help and summary) lives beside it; main parses the
 * options with it (cli_opt.c) before running the command. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

#ifndef DIGIDEN_VERSION
#define DIGIDEN_VERSION "0.1.0"
#endif

extern const cli_cmd cmd_outbox_spec; /* issue 13, part 4: cmd_outbox.c */
static const cli_cmd *const commands[] = {
	&cmd_check_spec, &cmd_rules_spec, &cmd_org_spec, &cmd_serve_spec, &cmd_round_spec, &cmd_user_spec,
	&cmd_import_spec, &cmd_export_spec, &cmd_audit_spec, &cmd_report_spec, &cmd_import_decisions_spec,
	&cmd_audit_decisions_spec, &cmd_export_decisions_spec, &cmd_chart_spec, &cmd_support_check_spec,
	&cmd_import_history_spec, &cmd_history_spec, &cmd_promotion_check_spec, &cmd_future_tech_spec, &cmd_calc_spec,
	&cmd_dispatch_check_spec,
	&cmd_outbox_spec, /* issue 13, part 4 */
};

static void usage(FILE *f)
{
	fprintf(f, "digiden %s — デジタル田園都市国家構想交付金の申請判定\n\n使い方: digiden <コマンド> [オプション]\n\n",
		DIGIDEN_VERSION);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-17s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(f, "\n各コマンドの説明: digiden <コマンド> --help\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_BAD_INPUT;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("digiden %s\n", DIGIDEN_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		const cli_cmd *c = commands[i];
		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (c->run_raw)
			return c->run_raw(argc - 1, argv + 1);
		cli_args a;
		int status;
		if (cli_opt_parse(c, argc - 1, argv + 1, &a, &status) != 0)
			return status;
		return c->run(&a);
	}
	fprintf(stderr, "digiden: 未知のコマンド「%s」です\n\n", argv[1]);
	usage(stderr);
	return EXIT_BAD_INPUT;
}
