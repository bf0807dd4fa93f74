/* trace.h — appending to a checker's trace of applied rules (trace_step, check.h),
 * shared by the 推進タイプ and 未来技術 checkers. */
#ifndef DIGIDEN_TRACE_H
#define DIGIDEN_TRACE_H

#include <stddef.h>

#include "arena.h"
#include "check.h"

/* Appends one step to steps[0..*n) (room *cap, grown in a). rule, value and label
 * are copied into a; source and quote are borrowed (seed data that outlives the
 * trace) and may be NULL. When memory runs out the step is dropped. */
void trace_push(arena *a, trace_step **steps, size_t *n, size_t *cap, const char *rule, const char *value,
		const char *source, const char *quote, const char *label);

#endif
