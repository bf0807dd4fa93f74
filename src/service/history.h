/* history.h — organizations' history (issue 6 part 1) and the 伴走支援 eligibility
 * check against it (part 2).
 *
 * An organization's history is the union of three sources, read together every time
 * (nothing is copied between them):
 *   - records imported with import-history (table history; the CSV below),
 *   - decisions imported with import-decisions (published_decisions),
 *   - applications decided in digiden (adopted, naiji, granted).
 *
 * The history CSV (UTF-8 with or without BOM, or Shift_JIS), one record per line:
 *   organization_code,prefecture,organization,program,round,menu,status,title,note,source
 * - organization_code: 6 digits, or empty to resolve prefecture + organization through
 *   the master (a prefecture itself is named as the organization);
 * - program: digital-implementation, new-local-economy-digital, bansou, dispatch, future-tech;
 * - round: fy2022-supp, fy2023, fy2024-request, fy2023-initial, or 令和4年度補正, 令和5年度 …;
 * - menu: type1…/mnc_expansion/telework_high/telework_standard/telework, 1/2/3 (類型①②③),
 *   company/referral (企業派遣型/人材紹介型), or empty;
 * - status: adopted/granted (採択/交付決定), selected (伴走支援・未来技術の採択・選定),
 *   used (人材派遣の利用), continued (未来技術の継続);
 * - title, note: free text (may be empty); source: the document that states it (required).
 * All or nothing: any problem lists every line and column and stores nothing. */
#ifndef DIGIDEN_HISTORY_H
#define DIGIDEN_HISTORY_H

#include "../core/support.h"
#include "../io/csv.h"
#include "service.h"

#define HISTORY_CSV_HEADER "organization_code,prefecture,organization,program,round,menu,status,title,note,source"

/* Imports a history CSV (file names it in messages and records). Returns
 * {"imported": n, "source": file}, or NULL: 400 unreadable CSV / wrong header, 422
 * problems (details "LINE:column"), 409 a record already stored. */
json_t *svc_import_history(svc *s, const char *actor, const char *data, size_t len, csv_encoding enc, const char *file,
			   svc_err *err);

/* {"organization": {"code","name","prefecture","kind"}, "records": [record…]} for one
 * organization (code or name as `digiden org` takes it is not accepted: a code). */
json_t *svc_history(svc *s, const char *org_code, svc_err *err);

/* {"program","round","records":[…]} — every record of a program (round NULL = all). */
json_t *svc_history_program(svc *s, const char *program, const char *round, svc_err *err);

/* Every record of the organizations (from all three sources), memory from a. */
int svc_history_records(svc *s, const organization *const *orgs, size_t n_orgs, arena *a, history_record **out, size_t *n,
			svc_err *err);

/* A record as JSON: {"organization_code","organization","program","round","fiscal_year",
 * "budget","menu","status","title","note","source","imported_from","origin","label"}. */
json_t *history_record_json(const history_record *r, arena *a);

/* The 伴走支援 check. body:
 *   {"program": "bansou/fy2025", "category": 1|2|3, "organizations": ["CODE", …],
 *    "representative": "CODE", "contact": "…",
 *    "answers": {"declarations": {"C2a": true, …}, "partner": "…",
 *                "prefecture_plans_category2": bool, "consulted_prefecture": bool}}
 * Returns {"program","title","category","category_name","organizations":[…],
 * "eligible": bool, "conditions":[{"id","ok","reason","record",…}], "warnings":[…]},
 * or NULL with 400 (bad input; details with the JSON path). */
json_t *svc_support_check(svc *s, json_t *body, svc_err *err);

#endif
