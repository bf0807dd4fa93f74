/* cli_db.h — opening the database for the office commands (serve, round, user,
 * import, export, audit): created, migrated and seeded when it does not exist. */
#ifndef DIGIDEN_CLI_DB_H
#define DIGIDEN_CLI_DB_H

#include "../service/service.h"

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
/* Prints a service error as 「command: message」 and its details on stderr. */
void cli_print_error(const char *command, const svc_err *e);

#endif
