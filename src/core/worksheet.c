/* worksheet.c — see worksheet.h. */
#include "worksheet.h"

#include <stdbool.h>
#include <string.h>

static const char *const keys[WS_ORDER__MAX] = { "sum", "weighted", "lexicographic" };
static const char *const labels[WS_ORDER__MAX] = { "3つの点数の合計", "重み付き合計（重みを指定）", "優先する観点の順" };

const char *ws_order_key(ws_order o) { return o < WS_ORDER__MAX ? keys[o] : "?"; }
const char *ws_order_label(ws_order o) { return o < WS_ORDER__MAX ? labels[o] : "?"; }

int ws_order_from_key(const char *key, ws_order *out)
{
	for (int i = 0; key && i < WS_ORDER__MAX; i++)
		if (strcmp(key, keys[i]) == 0) {
			*out = (ws_order)i;
			return 0;
		}
	return -1;
}

static bool valid(const ws_issue *x)
{
	return x->benefit >= WS_SCORE_MIN && x->benefit <= WS_SCORE_MAX && x->severity >= WS_SCORE_MIN &&
	       x->severity <= WS_SCORE_MAX && x->cost >= WS_SCORE_MIN && x->cost <= WS_SCORE_MAX;
}

static int axis(const ws_issue *x, int a) { return a == 0 ? x->benefit : a == 1 ? x->severity : x->cost; }

/* >0 when a comes before b. */
static long compare(const ws_issue *a, const ws_issue *b, long sa, long sb, const ws_ordering *o)
{
	if (valid(a) != valid(b))
		return valid(a) ? 1 : -1;
	if (o->order != WS_ORDER_LEXICOGRAPHIC)
		return sa - sb;
	for (int k = 0; k < 3; k++) {
		int d = axis(a, o->axes[k]) - axis(b, o->axes[k]);
		if (d != 0)
			return d;
	}
	return 0;
}

void worksheet_rank(const ws_issue *issues, size_t n, const ws_ordering *o, size_t *rank, long *score)
{
	for (size_t i = 0; i < n; i++) {
		const ws_issue *x = &issues[i];
		switch (o->order) {
		case WS_ORDER_WEIGHTED:
			score[i] = (long)o->w_benefit * x->benefit + (long)o->w_severity * x->severity + (long)o->w_cost * x->cost;
			break;
		case WS_ORDER_LEXICOGRAPHIC: score[i] = 0; break;
		case WS_ORDER_SUM:
		case WS_ORDER__MAX:
		default: score[i] = (long)x->benefit + x->severity + x->cost; break;
		}
		rank[i] = i;
	}
	/* insertion sort: stable, and worksheets are short */
	for (size_t i = 1; i < n; i++) {
		size_t v = rank[i], j = i;
		while (j > 0 && compare(&issues[v], &issues[rank[j - 1]], score[v], score[rank[j - 1]], o) > 0) {
			rank[j] = rank[j - 1];
			j--;
		}
		rank[j] = v;
	}
}
