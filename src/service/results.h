/* results.h — published results (issue 5): importing the decisions the government
 * published, the result tables computed from every decided project (imported and
 * decided in digiden), the audit of decisions against their round's rules, and the
 * programme listing in the shape of jGrants' public API. */
#ifndef DIGIDEN_RESULTS_H
#define DIGIDEN_RESULTS_H

#include "../core/report.h"
#include "../io/csv.h"
#include "service.h"

/* Called every few hundred rows of a long import (rows done, rows in all). */
typedef void (*svc_progress)(size_t done, size_t total, void *ctx);

/* Imports a decisions CSV (see io/decisions_csv.h). All or nothing: any problem →
 * 422 with every problem as details ("LINE:column"), nothing stored. */
json_t *svc_import_decisions(svc *s, const char *actor, const char *data, size_t len, csv_encoding enc,
			     const char *source, svc_progress progress, void *progress_ctx, svc_err *err);

/* Whether a digiden decision in this status is public: from 内示 (naiji) on. The one
 * predicate of every public surface (tables, charts, maps, exports, an organization's
 * adoptions); imported decisions were published already and are public as imported. */
bool svc_publicly_decided(const char *status);

/* Every publicly decided project of the rounds (comma-separated ids; NULL = all):
 * imported ones, and digiden's own from 内示 on (svc_publicly_decided). */
int svc_decided_projects(svc *s, const char *rounds, arena *a, decided_project **out, size_t *n, svc_err *err);

/* What a table counts: rounds and menus (comma-separated lists; NULL = all), and
 * whether an organization in several rows counts only in its first. */
typedef struct report_query {
	const char *rounds, *menus;
	const char *field;      /* only projects with this 事業分野 key among their fields, or NULL */
	const char *prefecture; /* only organizations of this prefecture ("01".."47"), or NULL */
	report_by by;
	bool orgs_once;
} report_query;

/* {"rows":[{"key","label","organizations","projects","project_cost_yen","national_share_yen", …}],"total":{…}} */
json_t *svc_report(svc *s, const report_query *q, svc_err *err);
/* The same table as a report struct (for CSV/XLSX/SVG writers); memory from a. */
int svc_report_table(svc *s, const report_query *q, arena *a, report *out, const rule_set **rules, svc_err *err);

/* Every decided project of the round (NULL = all) in the import CSV format, extra
 * columns included, so the file imports again. */
int svc_export_decisions(svc *s, const char *round, csv_writer *w, svc_err *err);

/* {"findings":[{"line","organization_code","rule","message"}]} */
json_t *svc_audit_decisions(svc *s, const char *round, svc_err *err);

/* jGrants-shaped programme listing: {"metadata":{"type","resultset":{"count"}},"result":[…]} */
json_t *svc_subsidies(svc *s, const char *keyword, bool accepting_only, svc_err *err);
json_t *svc_subsidy(svc *s, const char *id, svc_err *err);

#endif
