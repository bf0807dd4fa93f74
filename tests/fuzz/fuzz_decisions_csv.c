/* fuzz_decisions_csv.c — bytes → decisions_csv_decode (which runs csv_parse) with
 * CSV_ENC_AUTO, CSV_ENC_CP932 and CSV_ENC_UTF8, against the embedded catalogue (round,
 * menu, organization resolution, amounts in 円/千円/万円/億円). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/io/catalog.h"
#include "../../src/io/csv.h"
#include "../../src/io/decisions_csv.h"

#include "fuzz_catalog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_catalog_load("fuzz_decisions_csv");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const csv_encoding encs[] = { CSV_ENC_AUTO, CSV_ENC_CP932, CSV_ENC_UTF8 };
	const char *text = (const char *)data;
	for (size_t e = 0; e < sizeof encs / sizeof encs[0]; e++) {
		char err[1024];
		arena a;
		arena_init(&a);
		decision_row *rows = NULL;
		size_t n = 0;
		diag_list problems;
		diag_list_init(&problems, &a);
		if (decisions_csv_decode(text, size, encs[e], &cat, &a, &rows, &n, &problems, err, sizeof err) == 0) {
			size_t total = 0; /* touch what the rows point to */
			for (size_t i = 0; i < n; i++) {
				const decision_row *d = &rows[i];
				total += strlen(d->title) + strlen(d->fields_joined) + strlen(d->status) + d->n_fields;
				total += d->org ? strlen(d->org->name) : 0;
				for (size_t k = 0; k < d->n_fields; k++)
					total += strlen(d->fields[k]);
			}
			for (size_t i = 0; i < problems.len; i++)
				total += strlen(problems.items[i].path) + strlen(problems.items[i].message);
			if (total == (size_t)-1)
				abort();
		}
		arena_free(&a);
	}
	return 0;
}
