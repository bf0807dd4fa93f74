/* diag.c — diagnostics list; see diag.h. */
#include "diag.h"

#include <stdarg.h>

void diag_list_init(diag_list *l, arena *a)
{
	l->arena = a;
	l->items = NULL;
	l->len = l->cap = 0;
}

void diag_add(diag_list *l, diag_severity sev, const char *code, const char *path, const char *fmt, ...)
{
	diag *n = arena_room(l->arena, l->items, l->len, &l->cap, sizeof *n, 8);
	if (n == NULL)
		return;
	l->items = n;
	va_list ap;
	va_start(ap, fmt);
	char *msg = arena_vprintf(l->arena, fmt, ap);
	va_end(ap);
	char *p = arena_strdup(l->arena, path ? path : "");
	if (msg == NULL || p == NULL)
		return;
	l->items[l->len++] = (diag){ .severity = sev, .code = code, .path = p, .message = msg };
}

size_t diag_count(const diag_list *l, diag_severity sev)
{
	size_t n = 0;
	for (size_t i = 0; i < l->len; i++)
		n += l->items[i].severity == sev;
	return n;
}

const char *diag_severity_name(diag_severity sev)
{
	static const char *const names[DIAG__MAX] = { "error", "warning", "info" };
	return sev < DIAG__MAX ? names[sev] : "?";
}
