/* cli_db.h — opening the database for the office commands (serve, round, user,
 * import, export, audit): created, migrated and seeded when it does not exist. */
#ifndef DIGIDEN_CLI_DB_H
#define DIGIDEN_CLI_DB_H

#include "../io/csv.h"
#include "../service/service.h"
#include "cli_opt.h"

typedef struct cli_db {
	catalog cat;
	store *st;
	svc svc;
	svc_user office; /* the CLI acts as the office: login "cli", role admin */
} cli_db;

/* Opens path; prints what it did (creation, seeding, the admin password) on stderr.
 * Returns 0, or -1 after printing the error. */
int cli_db_open(cli_db *d, const char *path, const char *command);
void cli_db_close(cli_db *d);
/* catalog_load() for a command: on failure prints 「command: why」 on stderr, frees c
 * and returns -1 (c may be freed again). */
int cli_catalog_load(catalog *c, const char *rules_dir, const char *extra_orgs, const char *command);
/* Prints a service error as 「command: message」 and its details on stderr. */
void cli_print_error(const char *command, const svc_err *e);
/* Prints v indented on stdout, then a newline (v stays the caller's). */
void cli_print_json(const json_t *v);
/* import-decisions and import-history: --db FILE [--encoding auto|utf-8|sjis] CSV.
 * cmd's options (a, parsed) are cli_csv_import_opts; fn imports the file's bytes (base: its name
 * without folders) and returns the service's answer, whose "imported" done_fmt prints
 * after the path. Returns the command's exit status. */
extern const cli_opt cli_csv_import_opts[];
int cli_import_csv(const cli_cmd *cmd, const cli_args *a,
		   json_t *(*fn)(cli_db *d, const char *data, size_t len, csv_encoding enc, const char *base, svc_err *e),
		   const char *done_fmt);
/* The common end of an office command: drops out (may be NULL) and e, closes d. */
void cli_finish(cli_db *d, json_t *out, svc_err *e);

#endif
