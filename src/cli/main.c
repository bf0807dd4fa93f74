/* main.c — digiden command-line entry: dispatches to one cmd_*.c per subcommand. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

#ifndef DIGIDEN_VERSION
#define DIGIDEN_VERSION "0.1.0"
#endif

/* spec: the options main parses before run(); NULL: run_raw() parses its own argv. */
static const struct command {
	const char *name;
	const cli_cmd *spec;
	int (*run)(const cli_args *a);
	int (*run_raw)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "check", &cmd_check_spec, cmd_check, NULL, "申請書（実施計画書）を判定し、国費と根拠を表示する" },
	{ "rules", &cmd_rules_spec, cmd_rules, NULL, "募集回と類型（上限・補助率・要件）を一覧する" },
	{ "org", &cmd_org_spec, cmd_org, NULL, "団体コードまたは名称で団体マスタを引く" },
	{ "serve", &cmd_serve_spec, cmd_serve, NULL, "HTTPサーバ（JSON API）を起動する" },
	{ "round", NULL, NULL, cmd_round, "募集回を受付中（open）・受付終了（close）にする" },
	{ "user", NULL, NULL, cmd_user, "利用者を登録する（user add）" },
	{ "import", &cmd_import_spec, cmd_import, NULL, "申請書（JSON）を下書きとして取り込む" },
	{ "export", &cmd_export_spec, cmd_export, NULL, "提出された申請をJSONで書き出す" },
	{ "audit", &cmd_audit_spec, cmd_audit, NULL, "監査ログを表示する" },
	{ "report", &cmd_report_spec, cmd_report, NULL, "公表用の集計表（JSON・CSV・XLSX）を作る" },
	{ "import-decisions", &cmd_import_decisions_spec, cmd_import_decisions, NULL, "公表された採択・交付決定（CSV）を取り込む" },
	{ "audit-decisions", &cmd_audit_decisions_spec, cmd_audit_decisions, NULL, "取り込んだ決定を募集回のルールと照合する" },
	{ "export-decisions", &cmd_export_decisions_spec, cmd_export_decisions, NULL, "決定を取り込みと同じ形式のCSVで書き出す" },
	{ "chart", &cmd_chart_spec, cmd_chart, NULL, "集計の棒グラフ・都道府県タイルマップ（SVG）を出力する" },
	{ "support-check", &cmd_support_check_spec, cmd_support_check, NULL, "伴走支援（類型①②③）の応募要件を団体の実績と照合する" },
	{ "import-history", &cmd_import_history_spec, cmd_import_history, NULL, "団体の実績（採択・伴走支援・人材派遣・未来技術）をCSVで取り込む" },
	{ "history", &cmd_history_spec, cmd_history, NULL, "団体の実績を表示する" },
	{ "promotion-check", &cmd_promotion_check_spec, cmd_promotion_check, NULL, "地方創生推進タイプの事業（複数年度）を判定する" },
	{ "future-tech", &cmd_future_tech_spec, cmd_future_tech, NULL, "未来技術社会実装事業の選定・支援期間・継続を判定する" },
	{ "calc", NULL, NULL, cmd_calc, "地域社会DX推進パッケージ・地方債・交付税措置の額を計算する" },
	{ "dispatch-check", NULL, NULL, cmd_dispatch_check, "デジタル専門人材派遣の派遣形態・期間・支援措置を判定する" },
};

static void usage(FILE *f)
{
	fprintf(f, "digiden %s — デジタル田園都市国家構想交付金の申請判定\n\n使い方: digiden <コマンド> [オプション]\n\n",
		DIGIDEN_VERSION);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-17s %s\n", commands[i].name, commands[i].summary);
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
		const struct command *c = &commands[i];
		if (strcmp(argv[1], c->name) != 0)
			continue;
		if (c->spec == NULL)
			return c->run_raw(argc - 1, argv + 1);
		cli_args a;
		int status;
		if (cli_opt_parse(c->spec, argc - 1, argv + 1, &a, &status) != 0)
			return status;
		return c->run(&a);
	}
	fprintf(stderr, "digiden: 未知のコマンド「%s」です\n\n", argv[1]);
	usage(stderr);
	return EXIT_BAD_INPUT;
}
