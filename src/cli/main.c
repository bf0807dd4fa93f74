/* main.c — digiden command-line entry: dispatches to one cmd_*.c per subcommand. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

#ifndef DIGIDEN_VERSION
#define DIGIDEN_VERSION "0.1.0"
#endif

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "check", cmd_check, "申請書（実施計画書）を判定し、国費と根拠を表示する" },
	{ "rules", cmd_rules, "募集回と類型（上限・補助率・要件）を一覧する" },
	{ "org", cmd_org, "団体コードまたは名称で団体マスタを引く" },
	{ "serve", cmd_serve, "HTTPサーバ（JSON API）を起動する" },
	{ "round", cmd_round, "募集回を受付中（open）・受付終了（close）にする" },
	{ "user", cmd_user, "利用者を登録する（user add）" },
	{ "import", cmd_import, "申請書（JSON）を下書きとして取り込む" },
	{ "export", cmd_export, "提出された申請をJSONで書き出す" },
	{ "audit", cmd_audit, "監査ログを表示する" },
	{ "report", cmd_report, "公表用の集計表（JSON・CSV・XLSX）を作る" },
	{ "import-decisions", cmd_import_decisions, "公表された採択・交付決定（CSV）を取り込む" },
	{ "audit-decisions", cmd_audit_decisions, "取り込んだ決定を募集回のルールと照合する" },
	{ "export-decisions", cmd_export_decisions, "決定を取り込みと同じ形式のCSVで書き出す" },
	{ "chart", cmd_chart, "集計の棒グラフ・都道府県タイルマップ（SVG）を出力する" },
	{ "support-check", cmd_support_check, "伴走支援（類型①②③）の応募要件を団体の実績と照合する" },
	{ "import-history", cmd_import_history, "団体の実績（採択・伴走支援・人材派遣・未来技術）をCSVで取り込む" },
	{ "history", cmd_history, "団体の実績を表示する" },
	{ "promotion-check", cmd_promotion_check, "地方創生推進タイプの事業（複数年度）を判定する" },
	{ "future-tech", cmd_future_tech, "未来技術社会実装事業の選定・支援期間・継続を判定する" },
	{ "calc", cmd_calc, "地域社会DX推進パッケージ・地方債・交付税措置の額を計算する" },
	{ "dispatch-check", cmd_dispatch_check, "デジタル専門人材派遣の派遣形態・期間・支援措置を判定する" },
};

static void usage(FILE *f)
{
	fprintf(f, "digiden %s — デジタル田園都市国家構想交付金の申請判定\n\n使い方: digiden <コマンド> [オプション]\n\n",
		DIGIDEN_VERSION);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].summary);
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
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "digiden: 未知のコマンド「%s」です\n\n", argv[1]);
	usage(stderr);
	return EXIT_BAD_INPUT;
}
