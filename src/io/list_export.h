/* list_export.h — a plain list (one header row, one record per line) as CSV or XLSX,
 * for downloads of lists such as the office's applications (issue 13, part 6). Text
 * cells go through the formula guard of sheet.h (CSV through csv_field, XLSX through
 * sheet_write_text); numbers stay numbers, never text. */
#ifndef DIGIDEN_IO_LIST_EXPORT_H
#define DIGIDEN_IO_LIST_EXPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "csv.h"

/* One cell: text (NULL writes an empty cell) or, when is_num, the integer num. */
typedef struct list_cell {
	const char *text;
	bool is_num;
	int64_t num;
} list_cell;

/* n_rows rows of n_cols cells (row-major); yen[c] marks a column of amounts in yen
 * (XLSX shows it with separators; may be NULL). Nothing here is owned. */
typedef struct list_sheet {
	const char *name; /* the XLSX sheet's name (≤ 31 characters, none of []:*?/\) */
	const char *const *headers;
	const bool *yen;
	size_t n_cols;
	const list_cell *cells;
	size_t n_rows;
} list_sheet;

/* The list as CSV to f in enc (UTF-8 with BOM, or CP932). 0, or -1 with a message. */
int list_write_csv(const list_sheet *l, csv_encoding enc, FILE *f, char *err, size_t errlen);
/* The list as a one-sheet XLSX workbook at path. 0, or -1 with a message. */
int list_write_xlsx(const list_sheet *l, const char *path, char *err, size_t errlen);

#endif
