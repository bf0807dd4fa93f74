/* fuzz_history_csv.c — bytes → the history import (svc_import_history: csv_parse, the
 * header, organization resolution, program / round / menu / status canonicalisation,
 * duplicates) with CSV_ENC_AUTO and CSV_ENC_CP932, on an in-memory SQLite store
 * (":memory:") holding the organization master. The decoder is static in
 * src/service/history.c, so the service function is the smallest callable unit. A
 * successful import changes the store, so the store is reopened after one: every input
 * then starts from the same empty history. Also feeds the CSV's fields to the pure
 * history_round_parse / history_menu_canonical / history_status_canonical. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/core/support.h"
#include "../../src/io/catalog.h"
#include "../../src/io/csv.h"
#include "../../src/service/history.h"
#include "../../src/service/service.h"
#include "../../src/store/store.h"

static catalog cat;
static store *st;
static svc s;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void open_store(void)
{
	char err[1024];
	bool created;
	if (store_open(":memory:", &st, &created, err, sizeof err) != 0) {
		fprintf(stderr, "fuzz_history_csv: %s\n", err);
		abort();
	}
	if (store_begin(st) != STORE_OK || store_orgs_load(st, &cat.orgs) != STORE_OK || store_commit(st) != STORE_OK) {
		fprintf(stderr, "fuzz_history_csv: %s\n", store_errmsg(st));
		abort();
	}
	svc_init(&s, st, &cat);
}

static void close_store(void)
{
	svc_free(&s);
	store_close(st);
	st = NULL;
}

static void cleanup(void)
{
	close_store();
	catalog_free(&cat);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char err[1024];
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "fuzz_history_csv: %s\n", err);
		abort();
	}
	json_object_seed(1);
	open_store();
	atexit(cleanup);
	return 0;
}

/* The pure helpers on the fields of every record (columns program, round, menu, status). */
static void helpers(const char *data, size_t size)
{
	arena a;
	arena_init(&a);
	csv_file f;
	char err[512];
	if (csv_parse(data, size, CSV_ENC_AUTO, &a, &f, err, sizeof err) == 0) {
		for (size_t r = 0; r < f.n_records && r < 64; r++) {
			const csv_record *rec = &f.records[r];
			for (size_t c = 0; c < rec->n_fields && c < 16; c++) {
				const char *v = rec->fields[c];
				char key[32];
				int fy = 0;
				const char *budget = "";
				(void)history_round_parse(v, key, sizeof key, &fy, &budget);
				(void)history_program_known(v);
				const char *prog = c > 0 ? rec->fields[c - 1] : PROGRAM_DIGITAL_IMPLEMENTATION;
				if (history_program_known(prog)) {
					(void)history_menu_canonical(prog, v);
					(void)history_status_canonical(prog, v);
				}
			}
		}
	}
	arena_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const csv_encoding encs[] = { CSV_ENC_AUTO, CSV_ENC_CP932 };
	const char *text = (const char *)data;
	for (size_t e = 0; e < sizeof encs / sizeof encs[0]; e++) {
		svc_err err = { 0 };
		json_t *out = svc_import_history(&s, "fuzz", text, size, encs[e], "fuzz.csv", &err);
		if (out != NULL) {
			char *dump = json_dumps(out, JSON_COMPACT);
			free(dump);
			json_decref(out);
			close_store(); /* back to an empty history */
			open_store();
		} else {
			json_t *j = svc_err_json(&err);
			char *dump = j ? json_dumps(j, JSON_COMPACT) : NULL;
			free(dump);
			json_decref(j);
		}
		svc_err_clear(&err);
	}
	helpers(text, size);
	return 0;
}
