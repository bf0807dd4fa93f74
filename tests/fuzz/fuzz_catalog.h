/* fuzz_catalog.h — what every harness that checks against the rules loads once, in
 * LLVMFuzzerInitialize: the catalogue (embedded rule sets and organization master),
 * freed at exit so LeakSanitizer sees only what an input leaked. */
#ifndef DIGIDEN_FUZZ_CATALOG_H
#define DIGIDEN_FUZZ_CATALOG_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../src/io/catalog.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static catalog cat;

static void fuzz_catalog_free(void) { catalog_free(&cat); }

/* Loads cat or aborts with harness's name (a harness that cannot start is a finding). */
static void fuzz_catalog_load(const char *harness)
{
	char err[1024];
	if (catalog_load(&cat, NULL, NULL, err, sizeof err) != 0) {
		fprintf(stderr, "%s: %s\n", harness, err);
		abort();
	}
	atexit(fuzz_catalog_free);
}

#endif
