/* round_checks.h — the check of every application of a round, with the limits over
 * the round, computed in one pass once per change of the round and shared by every
 * worker (issue 11): the office's list and limits pages read it instead of checking
 * each row against the whole round again.
 *
 * A pass decodes and checks each application once (its own arena, freed at once),
 * keeps a small summary and the limit inputs (rule set, menu, organization), then
 * runs check_limits once over the submitted ones; an application not counted by the
 * limits itself (事前相談中, 取下げ, 不採択) is checked as if it were added to its
 * organization's submitted ones, as svc_app_check does. The pass is keyed by the
 * round's change counter (store_round_change_seq), so any creation, save or status
 * change in the round makes the next reader compute a new one. */
#ifndef DIGIDEN_SERVICE_ROUND_CHECKS_H
#define DIGIDEN_SERVICE_ROUND_CHECKS_H

#include "service.h"

/* One LIMIT_EXCEEDED finding of an application: "count/max" and the message. */
typedef struct svc_limit_hit {
	int count, max;
	const char *message;
} svc_limit_hit;

typedef struct svc_check_row {
	int64_t id;
	bool has_national_share;
	int64_t national_share_yen;
	size_t errors; /* every error, the limits' included */
	const svc_limit_hit *hits;
	size_t n_hits;
	/* the 事業分野 keys of its body as "|a|b|" ("" when unreadable), so the office's
	 * list filters by field without reading a body per row */
	const char *fields;
} svc_check_row;

typedef struct svc_round_checks svc_round_checks;

/* The round's checks (office and admin only: 403 otherwise; 404 for an unknown
 * round). Release with svc_round_checks_release; the rows stay valid until then. */
svc_round_checks *svc_round_checks_get(svc *s, const svc_user *actor, const char *round_key, svc_err *err);
/* The row of application id, or NULL when it is not in the pass (a draft, another round). */
const svc_check_row *svc_round_checks_find(const svc_round_checks *c, int64_t id);
/* Whether row's body has the 事業分野 key field. */
bool svc_check_row_has_field(const svc_check_row *row, const char *field);
void svc_round_checks_release(svc_round_checks *c);

#endif
