/* sheet.c — see sheet.h. */
#include "sheet.h"

#include <stdlib.h>
#include <string.h>

bool sheet_formula_like(const char *text)
{
	return text && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
			text[0] == '\r');
}

lxw_error sheet_write_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *format)
{
	if (text == NULL)
		return LXW_NO_ERROR;
	if (!sheet_formula_like(text))
		return worksheet_write_string(ws, row, col, text, format);
	size_t n = strlen(text);
	char *guarded = malloc(n + 2);
	if (guarded == NULL)
		return LXW_ERROR_MEMORY_MALLOC_FAILED;
	guarded[0] = '\'';
	memcpy(guarded + 1, text, n + 1);
	lxw_error rc = worksheet_write_string(ws, row, col, guarded, format);
	free(guarded);
	return rc;
}
