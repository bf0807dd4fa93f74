/* cmd_round.c — `digiden round open|close --db FILE ROUND [--deadline YYYY-MM-DDTHH:MM:SSZ]`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli_db.h"
#include "commands.h"

int cmd_round(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
					      { "deadline", required_argument, NULL, 'D' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL, *deadline = NULL;
	if (argc < 2 || (strcmp(argv[1], "open") != 0 && strcmp(argv[1], "close") != 0)) {
		fputs("使い方: digiden round open|close --db FILE ROUND [--deadline YYYY-MM-DDTHH:MM:SSZ]\n", stderr);
		return EXIT_BAD_INPUT;
	}
	bool open = strcmp(argv[1], "open") == 0;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "d:D:", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'D')
			deadline = optarg;
		else
			return EXIT_BAD_INPUT;
	}
	if (db == NULL || optind != argc - 1) {
		fputs("digiden round: --db FILE と募集回（例 digital-implementation/fy2022-supp）を1つ指定してください\n", stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden round") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	int rc = svc_round_set_open(&d.svc, "cli", argv[optind], open, deadline, &e);
	if (rc != 0)
		cli_print_error("digiden round", &e);
	else
		printf("募集回 %s を%sにしました\n", argv[optind], open ? "受付中" : "受付終了");
	svc_err_clear(&e);
	cli_db_close(&d);
	return rc == 0 ? EXIT_OK : EXIT_RULE_ERRORS;
}
