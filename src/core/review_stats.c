/* review_stats.c — mean and standard deviation of scores, exactly; see review_stats.h. */
#include "review_stats.h"

#include <stdio.h>

void review_stat_add(review_stat *s, int64_t score)
{
	s->n++;
	s->sum += score;
	s->sum_sq += score * score;
}

bool review_stat_mean_tenths(const review_stat *s, int64_t *out)
{
	if (s->n <= 0)
		return false;
	/* round(10·sum/n) = floor((20·sum + n) / 2n) for sum ≥ 0; toward −∞ otherwise */
	int64_t num = 20 * s->sum + s->n, den = 2 * s->n;
	*out = num >= 0 ? num / den : -((-num + den - 1) / den);
	return true;
}

bool review_stat_sd_tenths(const review_stat *s, int64_t *out)
{
	if (s->n <= 0)
		return false;
	/* σ = √V / n with V = n·Σx² − (Σx)² ≥ 0. k = round(10σ) is the largest k with
	 * k − ½ ≤ 10σ, that is (2k − 1)²·n² ≤ 400·V (always true for k = 0). */
	int64_t v = s->n * s->sum_sq - s->sum * s->sum, k = 0;
	while ((2 * (k + 1) - 1) * (2 * (k + 1) - 1) * s->n * s->n <= 400 * v)
		k++;
	*out = k;
	return true;
}

void review_tenths_text(int64_t tenths, char *out, int n)
{
	const char *sign = tenths < 0 ? "-" : "";
	int64_t a = tenths < 0 ? -tenths : tenths;
	snprintf(out, (size_t)n, "%s%lld.%lld", sign, (long long)(a / 10), (long long)(a % 10));
}
