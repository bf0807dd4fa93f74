/* svg.c — see svg.h. Geometry uses integer arithmetic on the yen amounts. */
#include "svg.h"

#include <stdio.h>
#include <string.h>

#include "../core/fiscal.h"
#include "../core/money.h"
#include "html.h"

bool svg_measure_from_key(const char *key, svg_measure *out)
{
	static const char *const keys[SVG_MEASURE__MAX] = { "national_share", "projects", "organizations" };
	for (int i = 0; key && i < SVG_MEASURE__MAX; i++)
		if (strcmp(key, keys[i]) == 0) {
			*out = (svg_measure)i;
			return true;
		}
	return false;
}

static int64_t value_of(const report_row *r, svg_measure m)
{
	return m == SVG_NATIONAL_SHARE ? r->national_share_yen : m == SVG_PROJECTS ? (int64_t)r->projects : (int64_t)r->organizations;
}

static void value_text(buf *b, const report_row *r, svg_measure m)
{
	char t[64];
	if (m == SVG_NATIONAL_SHARE)
		html_text(b, money_format_oku1(r->national_share_yen, t, sizeof t));
	else
		buf_fmt(b, "%lld%s", (long long)value_of(r, m), m == SVG_PROJECTS ? "件" : "団体");
}

static const char *measure_label(svg_measure m)
{
	return m == SVG_NATIONAL_SHARE ? "国費" : m == SVG_PROJECTS ? "事業件数" : "団体数";
}

/* Five shades, each with its own pattern, so the step is visible without colour. */
static void defs(buf *b)
{
	buf_raw(b, "<defs>"
		   "<pattern id=\"p0\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#e8f1fe\"/></pattern>"
		   "<pattern id=\"p1\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#c5d7fb\"/><circle cx=\"3\" cy=\"3\" r=\"1\" fill=\"#264af4\"/></pattern>"
		   "<pattern id=\"p2\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#9db7f9\"/><path d=\"M0 6L6 0\" stroke=\"#00118f\" stroke-width=\"1\"/></pattern>"
		   "<pattern id=\"p3\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#7096f8\"/><path d=\"M0 6L6 0M0 0L6 6\" stroke=\"#00118f\" stroke-width=\"1\"/></pattern>"
		   "<pattern id=\"p4\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\"><rect width=\"6\" height=\"6\" fill=\"#3460fb\"/><path d=\"M0 3H6M3 0V6\" stroke=\"#000060\" stroke-width=\"1.5\"/></pattern>"
		   "</defs>");
}

static void open_svg(buf *b, int w, int h, const char *title)
{
	buf_fmt(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" aria-labelledby=\"t\">", w, h, w, h);
	buf_raw(b, "<title id=\"t\">");
	html_text(b, title);
	buf_raw(b, "</title>");
	defs(b);
	buf_raw(b, "<style>text{font-family:'Noto Sans JP',sans-serif;font-size:12px;fill:#1a1a1c}.h{font-size:15px;font-weight:bold}</style>");
	buf_fmt(b, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>", w, h);
	buf_raw(b, "<text class=\"h\" x=\"8\" y=\"20\">");
	html_text(b, title);
	buf_raw(b, "</text>");
}

void svg_bar_chart(buf *b, const report *r, svg_measure m, const char *title)
{
	const int label_w = 260, bar_w = 420, row_h = 24, top = 36;
	int64_t max = 1;
	size_t rows = 0;
	for (size_t i = 0; i < r->n_rows; i++) {
		if (r->rows[i].within)
			continue;
		rows++;
		if (value_of(&r->rows[i], m) > max)
			max = value_of(&r->rows[i], m);
	}
	int h = top + (int)rows * row_h + 28;
	open_svg(b, label_w + bar_w + 110, h, title);
	size_t k = 0;
	for (size_t i = 0; i < r->n_rows; i++) {
		const report_row *row = &r->rows[i];
		if (row->within)
			continue;
		int y = top + (int)k * row_h;
		int len = (int)((__int128)value_of(row, m) * bar_w / max);
		buf_fmt(b, "<g><text x=\"%d\" y=\"%d\" text-anchor=\"end\">", label_w - 6, y + 16);
		html_text(b, row->label);
		buf_fmt(b, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"url(#p%zu)\" stroke=\"#00118f\"/>", label_w,
			y + 3, len > 0 ? len : 1, row_h - 6, 1 + k % 4);
		buf_fmt(b, "<text x=\"%d\" y=\"%d\">", label_w + len + 6, y + 16);
		value_text(b, row, m);
		buf_raw(b, "</text></g>");
		k++;
	}
	buf_fmt(b, "<text x=\"8\" y=\"%d\">", h - 8);
	buf_raw(b, measure_label(m));
	buf_raw(b, "。合計 ");
	value_text(b, &r->total, m);
	buf_raw(b, "</text></svg>");
}

/* Tile positions (column, row) of the 47 prefectures, JIS order. */
static const unsigned char tile_pos[47][2] = {
	{ 11, 0 }, { 11, 1 }, { 11, 2 }, { 11, 3 }, { 10, 2 }, { 10, 3 }, { 10, 4 }, { 11, 5 }, { 10, 5 }, { 9, 5 },
	{ 9, 6 },  { 11, 6 }, { 10, 6 }, { 9, 7 },  { 9, 4 },  { 8, 4 },  { 7, 4 },  { 6, 5 },  { 8, 6 },  { 8, 5 },
	{ 7, 5 },  { 8, 7 },  { 7, 6 },  { 7, 7 },  { 6, 6 },  { 5, 6 },  { 5, 7 },  { 4, 6 },  { 6, 7 },  { 5, 8 },
	{ 3, 6 },  { 2, 6 },  { 3, 7 },  { 2, 7 },  { 1, 7 },  { 4, 9 },  { 4, 8 },  { 3, 8 },  { 3, 9 },  { 1, 8 },
	{ 0, 8 },  { 0, 9 },  { 1, 9 },  { 2, 9 },  { 2, 10 }, { 1, 10 }, { 0, 11 },
};

void svg_tile_map(buf *b, const report *r, svg_measure m, const char *title)
{
	const int cell = 64, left = 8, top = 40;
	int64_t max = 0;
	for (size_t i = 0; i < r->n_rows; i++)
		if (value_of(&r->rows[i], m) > max)
			max = value_of(&r->rows[i], m);
	int w = left + 12 * cell + 8, h = top + 12 * cell + 60;
	open_svg(b, w, h, title);
	for (size_t i = 0; i < r->n_rows && i < 47; i++) {
		const report_row *row = &r->rows[i];
		int pref = (row->key[0] - '0') * 10 + (row->key[1] - '0');
		if (pref < 1 || pref > 47)
			continue;
		int64_t v = value_of(row, m);
		/* step 0 = none; 1–4 by quarter of the maximum */
		int step = v <= 0 || max <= 0 ? 0 : 1 + (int)((__int128)(v - 1) * 4 / max);
		if (step > 4)
			step = 4;
		int x = left + tile_pos[pref - 1][0] * cell, y = top + tile_pos[pref - 1][1] * cell;
		buf_fmt(b, "<g><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"url(#p%d)\" stroke=\"#fff\" stroke-width=\"2\"/>",
			x, y, cell, cell, step);
		/* a text backing keeps labels readable on dark patterns */
		buf_fmt(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"34\" fill=\"#fff\" fill-opacity=\"0.85\"/>", x + 3, y + 14, cell - 6);
		buf_fmt(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">", x + cell / 2, y + 27);
		html_text(b, row->label);
		buf_fmt(b, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">", x + cell / 2, y + 43);
		value_text(b, row, m);
		buf_raw(b, "</text></g>");
	}
	/* legend */
	int ly = top + 12 * cell + 10;
	for (int s = 0; s <= 4; s++) {
		buf_fmt(b, "<rect x=\"%d\" y=\"%d\" width=\"18\" height=\"18\" fill=\"url(#p%d)\" stroke=\"#666\"/>", left + s * 130, ly, s);
		buf_fmt(b, "<text x=\"%d\" y=\"%d\">", left + 24 + s * 130, ly + 14);
		if (s == 0)
			buf_raw(b, "なし");
		else
			buf_fmt(b, "最大の%d/4まで", s);
		buf_raw(b, "</text>");
	}
	buf_fmt(b, "<text x=\"%d\" y=\"%d\">%s（各マスに値を表示）</text></svg>", left, ly + 40, measure_label(m));
}

void svg_kpi_chart(buf *b, const char *name, const char *unit, const svg_kpi_point *p, size_t n)
{
	const int w = 560, h = 300, left = 60, right = 20, top = 40, bottom = 50;
	int fy_min = 9999, fy_max = 0;
	double vmax = 0;
	for (size_t i = 0; i < n; i++) {
		fy_min = p[i].fiscal_year < fy_min ? p[i].fiscal_year : fy_min;
		fy_max = p[i].fiscal_year > fy_max ? p[i].fiscal_year : fy_max;
		vmax = p[i].value > vmax ? p[i].value : vmax;
	}
	if (n == 0) {
		fy_min = fy_max = 2023;
	}
	if (fy_max == fy_min)
		fy_max = fy_min + 1;
	if (vmax <= 0)
		vmax = 1;
	char t[256];
	snprintf(t, sizeof t, "KPI: %s", name ? name : "");
	open_svg(b, w, h, t);
	int pw = w - left - right, ph = h - top - bottom;
	buf_fmt(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#666\"/>", left, top + ph, left + pw, top + ph);
	for (int fy = fy_min; fy <= fy_max; fy++) {
		int x = left + (fy - fy_min) * pw / (fy_max - fy_min);
		char wareki[32];
		buf_fmt(b, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">", x, top + ph + 16);
		html_text(b, wareki_fiscal_year(fy, wareki, sizeof wareki));
		buf_fmt(b, "</text><text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">(%d)</text>", x, top + ph + 30, fy);
	}
	static const char *const kind_label[3] = { "基準値", "目標値", "実績値" };
	static const char *const marker[3] = { "#767676", "#00118f", "#b51e00" };
	for (int kind = 0; kind < 3; kind++) {
		for (size_t i = 0; i < n; i++) {
			if (p[i].kind != kind)
				continue;
			int x = left + (p[i].fiscal_year - fy_min) * pw / (fy_max - fy_min);
			int y = top + ph - (int)(p[i].value / vmax * ph);
			if (kind == 1)
				buf_fmt(b, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", x - 5, y - 5, marker[kind]);
			else if (kind == 2)
				buf_fmt(b, "<path d=\"M%d %dL%d %dL%d %dZ\" fill=\"%s\"/>", x, y - 6, x + 6, y + 5, x - 6, y + 5, marker[kind]);
			else
				buf_fmt(b, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"%s\"/>", x, y, marker[kind]);
			buf_fmt(b, "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s %g", x + 8, y - 6, kind_label[kind], p[i].value);
			html_text(b, unit);
			buf_raw(b, "</text>");
		}
	}
	buf_fmt(b, "<text x=\"%d\" y=\"%d\" font-size=\"10\">● 基準値　■ 目標値　▲ 実績値</text></svg>", left, h - 6);
}
