/* cmd_import.c — `digiden import --db FILE APP.json...` stores applications as drafts
 * of their organizations; `digiden export --db FILE [--round KEY]` prints every
 * submitted application with its current body as JSON. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/json_application.h"
#include "../io/readfile.h"
#include "cli_db.h"
#include "commands.h"

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { NULL, 0, NULL, 0 } };
	const char *db = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:", opts, NULL)) != -1) {
		if (c != 'd')
			return EXIT_BAD_INPUT;
		db = optarg;
	}
	if (db == NULL || optind >= argc) {
		fputs("使い方: digiden import --db FILE APP.json...\n", stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden import") != 0)
		return EXIT_BAD_INPUT;
	int status = EXIT_OK, imported = 0;
	for (int i = optind; i < argc; i++) {
		char *text, err[1024];
		size_t len;
		if (readfile(argv[i], READFILE_MAX_BYTES, &text, &len, err, sizeof err) != 0) {
			fprintf(stderr, "digiden import: %s\n", err);
			status = EXIT_BAD_INPUT;
			continue;
		}
		json_t *body = json_parse_text(text, len, err, sizeof err);
		free(text);
		if (body == NULL) {
			fprintf(stderr, "digiden import: %s: %s\n", argv[i], err);
			status = EXIT_BAD_INPUT;
			continue;
		}
		svc_err e = { 0 };
		json_t *out = svc_app_import(&d.svc, "cli", body, &e);
		if (out == NULL) {
			fprintf(stderr, "digiden import: %s:\n", argv[i]);
			cli_print_error("digiden import", &e);
			status = status == EXIT_OK ? EXIT_RULE_ERRORS : status;
		} else {
			printf("%s → 申請 %lld（下書き）\n", argv[i], (long long)json_integer_value(json_object_get(out, "id")));
			imported++;
		}
		json_decref(out);
		json_decref(body);
		svc_err_clear(&e);
	}
	fprintf(stderr, "digiden import: %d件を取り込みました\n", imported);
	cli_db_close(&d);
	return status;
}

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = { { "db", required_argument, NULL, 'd' }, { "round", required_argument, NULL, 'r' },
					      { NULL, 0, NULL, 0 } };
	const char *db = NULL, *round = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "d:r:", opts, NULL)) != -1) {
		if (c == 'd')
			db = optarg;
		else if (c == 'r')
			round = optarg;
		else
			return EXIT_BAD_INPUT;
	}
	if (db == NULL) {
		fputs("使い方: digiden export --db FILE [--round KEY]\n", stderr);
		return EXIT_BAD_INPUT;
	}
	cli_db d;
	if (cli_db_open(&d, db, "digiden export") != 0)
		return EXIT_BAD_INPUT;
	svc_err e = { 0 };
	json_t *out = svc_export(&d.svc, round, &e);
	int status = EXIT_OK;
	if (out == NULL) {
		cli_print_error("digiden export", &e);
		status = EXIT_RULE_ERRORS;
	} else {
		json_dumpf(out, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
	}
	json_decref(out);
	svc_err_clear(&e);
	cli_db_close(&d);
	return status;
}
