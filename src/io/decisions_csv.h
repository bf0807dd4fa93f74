/* decisions_csv.h — the published-decisions CSV (issue 5):
 *   round,menu,prefecture,organization,organization_code,title,fields,project_cost_yen,national_share_yen,status
 * with two optional trailing columns category,platform_policy (TYPE2/3). An empty
 * organization_code is resolved from prefecture + organization through the master;
 * a prefecture itself is named as the organization. */
#ifndef DIGIDEN_DECISIONS_CSV_H
#define DIGIDEN_DECISIONS_CSV_H

#include "../core/diag.h"
#include "catalog.h"
#include "csv.h"

#define DECISIONS_CSV_HEADER \
	"round,menu,prefecture,organization,organization_code,title,fields,project_cost_yen,national_share_yen,status"

typedef struct decision_row {
	size_t line;
	const rule_set *rules;
	const rule_menu *menu;
	const organization *org;
	const char *prefecture, *organization_name, *title;
	const char **fields;
	size_t n_fields;
	const char *fields_joined; /* keys joined by '|' */
	int64_t project_cost_yen, national_share_yen;
	const char *status; /* adopted / granted */
	const char *category, *platform;
} decision_row;

/* Decodes every row; problems (unknown menu, unresolvable or ambiguous organization,
 * bad amount, …) go to problems with path "LINE:column". Returns 0 when the file
 * could be read as CSV with the right header (problems may still exist), -1 with
 * err otherwise. */
int decisions_csv_decode(const char *data, size_t len, csv_encoding enc, const catalog *cat, arena *a,
			 decision_row **rows, size_t *n, diag_list *problems, char *err, size_t errlen);

/* Writes rows in the same format (a round trip of the import). */
void decisions_csv_header(csv_writer *w, bool with_extra);

#endif
