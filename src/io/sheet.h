/* sheet.h — text cells of the spreadsheet exports (CSV and XLSX), made safe to open.
 *
 * A cell whose text starts with = + - @ TAB or CR is read as a formula by Excel and
 * LibreOffice (CSV injection: "=HYPERLINK(…)" in an imported title would run when
 * the office opens the export). Such cells are written with a leading apostrophe, as
 * OWASP recommends; the JSON answers keep the true text. Numbers are written as
 * numbers, never through these. */
#ifndef DIGIDEN_IO_SHEET_H
#define DIGIDEN_IO_SHEET_H

#include <stdbool.h>
#include <xlsxwriter.h>

bool sheet_formula_like(const char *text);
/* worksheet_write_string with the guard above (text NULL writes nothing). */
lxw_error sheet_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *format);

#endif
