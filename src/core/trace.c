/* trace.c — see trace.h. */
#include "trace.h"

void trace_push(arena *a, trace_step **steps, size_t *n, size_t *cap, const char *rule, const char *value,
		const char *source, const char *quote, const char *label)
{
	trace_step *t = arena_room(a, *steps, *n, cap, sizeof *t, 16);
	if (t == NULL)
		return;
	*steps = t;
	t[(*n)++] = (trace_step){
		.rule = arena_strdup(a, rule),
		.value = arena_strdup(a, value),
		.source = source,
		.quote = quote,
		.label = arena_strdup(a, label),
	};
}
