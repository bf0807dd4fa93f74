/* report_export.h — result tables as open data, following the Digital Agency's rules
 * for machine-readable government data: one header row, one record per line, numbers
 * without units or commas (units in the header), 和暦 with 西暦 beside it,
 * organizations by 全国地方公共団体コード, encoding stated (UTF-8 with BOM, or CP932). */
#ifndef DIGIDEN_REPORT_EXPORT_H
#define DIGIDEN_REPORT_EXPORT_H

#include <stdio.h>

#include "../core/report.h"
#include "csv.h"

/* One table as CSV to f. rounds is the label of what was counted. */
int report_write_csv(const report *r, const char *rounds, const rule_set *rules, csv_encoding enc, FILE *f, char *err,
		     size_t errlen);

/* Several tables into one XLSX workbook at path (one sheet per table, Japanese
 * headers, numbers as numbers, yen formatted). */
int report_write_xlsx(const report *tables, size_t n, const char *rounds, const rule_set *rules, const char *path,
		      char *err, size_t errlen);

#endif
