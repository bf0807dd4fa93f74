/* cmd_user.c — `digiden user add --db FILE --login L --role R [--organization CODE]`;
 * the password comes from DIGIDEN_PASSWORD or the first line of standard input. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_db.h"
#include "commands.h"

int cmd_user(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' },
					      { "login", required_argument, NULL, 'l' },
					      { "role", required_argument, NULL, 'r' },
					      { "organization", required_argument, NULL, 'o' },
					      { NULL, 0, NULL, 0 } };
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		fputs("使い方: digiden user add --db FILE --login L --role applicant|reviewer|secretariat|admin [--organization CODE]\n"
		      "  パスワードは環境変数 DIGIDEN_PASSWORD、なければ標準入力の1行目から読みます\n",
		      stderr);
		return EXIT_BAD_INPUT;
	}
	const char *db = NULL, *login = NULL, *role = NULL, *org = NULL;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "d:l:r:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': login = optarg; break;
		case 'r': role = optarg; break;
		case 'o': org = optarg; break;
		default: return EXIT_BAD_INPUT;
		}
	}
	if (db == NULL || login == NULL || role == NULL) {
		fputs("digiden user add: --db, --login, --role が必要です\n", stderr);
		return EXIT_BAD_INPUT;
	}
	char line[512] = "";
	const char *password = getenv("DIGIDEN_PASSWORD");
	if (password == NULL) {
		if (fgets(line, sizeof line, stdin) == NULL) {
			fputs("digiden user add: パスワードを DIGIDEN_PASSWORD か標準入力で渡してください\n", stderr);
			return EXIT_BAD_INPUT;
		}
		line[strcspn(line, "\r\n")] = '\0';
		password = line;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden user") != 0)
		return EXIT_BAD_INPUT;
	json_t *body = json_object();
	json_object_set_new(body, "login", json_string(login));
	json_object_set_new(body, "password", json_string(password));
	json_object_set_new(body, "role", json_string(role));
	if (org)
		json_object_set_new(body, "organization", json_string(org));
	svc_err e = { 0 };
	json_t *out = svc_user_add(&d.svc, &d.office, body, &e);
	json_decref(body);
	int status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden user add", &e);
		status = EXIT_RULE_ERRORS;
	} else {
		printf("利用者 %s（%s）を登録しました（ID %lld）\n", login, role, (long long)json_integer_value(json_object_get(out, "id")));
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}
