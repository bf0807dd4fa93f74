/* svg.h — server-generated charts: bar charts of a result table, the 47-prefecture
 * tile map, and a KPI chart per project. Readable without colour alone: every bar
 * and tile carries its value as text, and the shades also differ in pattern. */
#ifndef DIGIDEN_SVG_H
#define DIGIDEN_SVG_H

#include <stddef.h>

#include "../core/report.h"
#include "buf.h"

typedef enum svg_measure { SVG_NATIONAL_SHARE, SVG_PROJECTS, SVG_ORGANIZATIONS, SVG_MEASURE__MAX } svg_measure;
bool svg_measure_from_key(const char *key, svg_measure *out); /* national_share / projects / organizations */

void svg_bar_chart(buf *b, const report *r, svg_measure m, const char *title);
/* r must be a BY_PREFECTURE report. */
void svg_tile_map(buf *b, const report *r, svg_measure m, const char *title);

typedef struct svg_kpi_point {
	int fiscal_year;
	double value;
	int kind; /* 0 baseline, 1 target, 2 actual */
} svg_kpi_point;
void svg_kpi_chart(buf *b, const char *name, const char *unit, const svg_kpi_point *p, size_t n);

#endif
