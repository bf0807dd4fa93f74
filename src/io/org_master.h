/* org_master.h — loads the organization master (data/organizations.tsv format):
 * comment lines '#', a header line, then
 * code, kind, prefecture_code, name, kana, parent_code, applicant (tab-separated). */
#ifndef DIGIDEN_ORG_MASTER_H
#define DIGIDEN_ORG_MASTER_H

#include <stddef.h>

#include "../core/arena.h"
#include "../core/orgcode.h"

/* Parses text and appends its rows to *m (memory from a; m->items is re-allocated in
 * a and re-sorted). Every code's check digit is verified; a duplicate code, an
 * unknown kind or a malformed line is an error "label:LINE: message" in err.
 * Returns 0 or -1. */
int org_master_load_text(org_master *m, const char *text, size_t len, const char *label, arena *a, char *err,
			 size_t errlen);

#endif
