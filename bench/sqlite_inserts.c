/* sqlite_inserts.c — the floor for acknowledged saves: raw SQLite inserts of rows the
 * size of an application version, one transaction each, in the mode digiden uses
 * (WAL, synchronous=FULL). Prints "inserts/s".
 *
 *   sqlite_inserts DB BODY_BYTES SECONDS */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc != 4) {
		fprintf(stderr, "usage: sqlite_inserts DB BODY_BYTES SECONDS\n");
		return 2;
	}
	size_t bytes = (size_t)atol(argv[2]);
	double seconds = atof(argv[3]);
	sqlite3 *db;
	if (sqlite3_open(argv[1], &db) != SQLITE_OK)
		return 1;
	if (sqlite3_exec(db,
			 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
			 "CREATE TABLE IF NOT EXISTS v (id INTEGER PRIMARY KEY, app INTEGER, version INTEGER, body TEXT)",
			 NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "sqlite_inserts: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	char *body = malloc(bytes + 1);
	if (body == NULL)
		return 1;
	memset(body, 'x', bytes);
	body[bytes] = '\0';
	sqlite3_stmt *begin, *ins, *commit;
	sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO v(app, version, body) VALUES (1, ?, ?)", -1, &ins, NULL);
	sqlite3_prepare_v2(db, "COMMIT", -1, &commit, NULL);
	long n = 0;
	double t0 = now(), t;
	do {
		sqlite3_step(begin);
		sqlite3_reset(begin);
		sqlite3_bind_int64(ins, 1, n);
		sqlite3_bind_text(ins, 2, body, (int)bytes, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE) {
			fprintf(stderr, "sqlite_inserts: %s\n", sqlite3_errmsg(db));
			return 1;
		}
		sqlite3_reset(ins);
		sqlite3_step(commit);
		sqlite3_reset(commit);
		n++;
		t = now();
	} while (t - t0 < seconds);
	printf("%.1f\n", (double)n / (t - t0));
	sqlite3_finalize(begin);
	sqlite3_finalize(ins);
	sqlite3_finalize(commit);
	sqlite3_close(db);
	free(body);
	return 0;
}
