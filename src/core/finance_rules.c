/* finance_rules.c — the schema of the 総務省 rule files (rules/mic/: which dotted
 * paths hold which kind of value), the key tables of finance.h's enums, and the
 * checks a loaded rule set must pass; see finance.h. The calculators are finance.c. */
#include "finance.h"

#include <stdio.h>
#include <string.h>

#include "keys.h"

/* ---- the schema of the rules/mic files ------------------------------------------- */

const rv_def mic_defs[MIC__MAX] = {
	[MIC_BUDGET] = { "package.budget", RV_YEN, false },
	[MIC_A2_NAME] = { "package.a2.name", RV_LABEL, false },
	[MIC_A2_APPLICANT] = { "package.a2.applicant", RV_KINDS, false },
	[MIC_A2_PARTNER_KINDS] = { "package.a2.partner_kinds", RV_KINDS, false },
	[MIC_A2_MIN_PARTNERS] = { "package.a2.min_partners", RV_INT, false },
	[MIC_A2_MORE_THAN_PREVIOUS] = { "package.a2.more_than_previous", RV_INT, false },
	[MIC_A2_SHARE_POINTS] = { "package.a2.share_points", RV_TEXT, true },
	[MIC_A2_CAP] = { "package.a2.cap", RV_YEN, false },
	[MIC_A2_CAP_PREVIOUS] = { "package.a2.cap_previously_selected", RV_YEN, false },
	[MIC_C_NAME] = { "package.c.name", RV_LABEL, false },
	[MIC_C_RATE] = { "package.c.rate", RV_RATE, false },
	[MIC_C_CAP] = { "package.c.cap", RV_YEN, true },
	[MIC_C_CONSORTIUM] = { "package.c.consortium_min_local_governments", RV_INT, false },
	[MIC_C_SYSTEM] = { "package.c.system", RV_TEXT, false },
	[MIC_C_RENTAL_YEARS] = { "package.c.rental_max_years", RV_INT, false },
	[MIC_C_ROUNDING] = { "package.c.rounding", RV_TEXT, false },
	[MIC_BOND_LOCAL_SHARE] = { "bonds.local_share", RV_RATE, false },
	[MIC_BOND_REQUESTED] = { "bonds.requested", RV_TEXT, false },
	[MIC_BOND_ROUNDING] = { "bonds.rounding", RV_TEXT, false },
	[MIC_KASO_NAME] = { "bonds.kaso.name", RV_LABEL, false },
	[MIC_KASO_ISSUERS] = { "bonds.kaso.issuers", RV_KINDS, false },
	[MIC_KASO_JUUTOU] = { "bonds.kaso.juutou", RV_RATE, false },
	[MIC_KASO_SOCHI] = { "bonds.kaso.sochi", RV_RATE, false },
	[MIC_HEKICHI_NAME] = { "bonds.hekichi.name", RV_LABEL, false },
	[MIC_HEKICHI_ISSUERS] = { "bonds.hekichi.issuers", RV_KINDS, false },
	[MIC_HEKICHI_JUUTOU] = { "bonds.hekichi.juutou", RV_RATE, false },
	[MIC_HEKICHI_SOCHI] = { "bonds.hekichi.sochi", RV_RATE, false },
	[MIC_GENERAL_NAME] = { "bonds.general_subsidy.name", RV_LABEL, false },
	[MIC_GENERAL_ISSUERS] = { "bonds.general_subsidy.issuers", RV_KINDS, false },
	[MIC_GENERAL_JUUTOU] = { "bonds.general_subsidy.juutou", RV_RATE, false },
	[MIC_GENERAL_SOCHI] = { "bonds.general_subsidy.sochi", RV_RATE, false },
	[MIC_GENERAL_STATED_COVER] = { "bonds.general_subsidy.stated_cover", RV_RATE, false },
	[MIC_PUBLIC_NAME] = { "bonds.public_works.name", RV_LABEL, false },
	[MIC_PUBLIC_ISSUERS] = { "bonds.public_works.issuers", RV_KINDS, false },
	[MIC_PUBLIC_JUUTOU] = { "bonds.public_works.juutou", RV_RATE, false },
	[MIC_PUBLIC_SOCHI] = { "bonds.public_works.sochi", RV_RATE, false },
	[MIC_DIGITAL_NAME] = { "bonds.digital_utilization.name", RV_LABEL, false },
	[MIC_DIGITAL_ISSUERS] = { "bonds.digital_utilization.issuers", RV_KINDS, false },
	[MIC_DIGITAL_JUUTOU] = { "bonds.digital_utilization.juutou", RV_RATE, false },
	[MIC_DIGITAL_SOCHI] = { "bonds.digital_utilization.sochi", RV_RATE, false },
	[MIC_DIGITAL_REPAYMENT_YEARS] = { "bonds.digital_utilization.repayment_years", RV_INT, false },
	[MIC_DIGITAL_END_FY] = { "bonds.digital_utilization.end_fy", RV_INT, false },
	[MIC_DIGITAL_EXCLUDED] = { "bonds.digital_utilization.excluded", RV_TEXT, false },
	[MIC_ST_ROUNDING] = { "special_tax.rounding", RV_TEXT, false },
	[MIC_CIO_NAME] = { "special_tax.cio.name", RV_LABEL, false },
	[MIC_CIO_WHO] = { "special_tax.cio.who", RV_KINDS, false },
	[MIC_CIO_RATE] = { "special_tax.cio.rate", RV_RATE, false },
	[MIC_CIO_APPOINTMENT_CAP] = { "special_tax.cio.appointment_cap", RV_YEN, true },
	[MIC_CIO_RECRUITMENT_CAP] = { "special_tax.cio.recruitment_cap", RV_YEN, false },
	[MIC_CIO_MAX_PERSONS] = { "special_tax.cio.max_persons", RV_INT, false },
	[MIC_CIO_MAX_PERSONS_FROM_FY] = { "special_tax.cio.max_persons_from_fy", RV_INT, false },
	[MIC_CIO_MAX_PERSONS_TO_FY] = { "special_tax.cio.max_persons_to_fy", RV_INT, false },
	[MIC_CIO_END_FY] = { "special_tax.cio.end_fy", RV_INT, false },
	[MIC_PDS_NAME] = { "special_tax.pref_digital_staff.name", RV_LABEL, false },
	[MIC_PDS_WHO] = { "special_tax.pref_digital_staff.who", RV_KINDS, false },
	[MIC_PDS_RATE] = { "special_tax.pref_digital_staff.rate", RV_RATE, false },
	[MIC_PDS_PERSON_CAP] = { "special_tax.pref_digital_staff.person_cap", RV_YEN, false },
	[MIC_PDS_RECRUITMENT_CAP] = { "special_tax.pref_digital_staff.recruitment_cap", RV_YEN, false },
	[MIC_PDS_RECRUITMENT_CAP_RAISED] = { "special_tax.pref_digital_staff.recruitment_cap_raised", RV_YEN, false },
	[MIC_PDS_RAISED_UNTIL_FY] = { "special_tax.pref_digital_staff.raised_until_fy", RV_INT, false },
	[MIC_PDS_END_FY] = { "special_tax.pref_digital_staff.end_fy", RV_INT, false },
	[MIC_PDS_EXCLUDED] = { "special_tax.pref_digital_staff.excluded", RV_TEXT, false },
	[MIC_PDS_ACCELERATOR_FROM_FY] = { "special_tax.pref_digital_staff.accelerator_from_fy", RV_INT, false },
	[MIC_PDS_ACCELERATOR_UNIT] = { "special_tax.pref_digital_staff.accelerator_unit", RV_YEN, false },
	[MIC_DXL_NAME] = { "special_tax.dx_leader.name", RV_LABEL, false },
	[MIC_DXL_WHO] = { "special_tax.dx_leader.who", RV_KINDS, false },
	[MIC_DXL_RATE] = { "special_tax.dx_leader.rate", RV_RATE, false },
	[MIC_DXL_CAP] = { "special_tax.dx_leader.cap", RV_YEN, true },
	[MIC_DXL_END_FY] = { "special_tax.dx_leader.end_fy", RV_INT, false },
	[MIC_KJ_NAME] = { "special_tax.kigyoujin.name", RV_LABEL, false },
	[MIC_KJ_WHO] = { "special_tax.kigyoujin.who", RV_KINDS, false },
	[MIC_KJ_EXCEPTIONS] = { "special_tax.kigyoujin.exceptions", RV_TEXT, false },
	[MIC_KJ_CAP] = { "special_tax.kigyoujin.cap", RV_YEN, false },
};


static const char *const bond_ids[FIN_BOND__MAX] = {
	[FIN_BOND_KASO] = "kaso", [FIN_BOND_HEKICHI] = "hekichi", [FIN_BOND_GENERAL] = "general_subsidy",
	[FIN_BOND_PUBLIC_WORKS] = "public_works", [FIN_BOND_DIGITAL] = "digital_utilization",
};
static const char *const measure_ids[FIN_M__MAX] = {
	[FIN_M_CIO] = "cio", [FIN_M_PREF_DIGITAL_STAFF] = "pref_digital_staff", [FIN_M_DX_LEADER] = "dx_leader",
};
static const char *const employment_ids[FIN_EMP__MAX] = {
	[FIN_EMP_UNSPECIFIED] = "unspecified", [FIN_EMP_PART_TIME] = "part_time", [FIN_EMP_CONTRACT] = "contract",
	[FIN_EMP_FULL_TIME] = "full_time",
};
static const char *const status_ids[FIN_STATUS__MAX] = { "final", "draft", "requested" };
static const char *const status_labels[FIN_STATUS__MAX] = { "確定", "案", "要望中" };

const char *fin_status_label(fin_status s) { return s < FIN_STATUS__MAX ? status_labels[s] : "?"; }
KEY_TABLE_FUNCS(fin_status, fin_status_id, fin_status_from_id, status_ids, FIN_STATUS__MAX)
KEY_TABLE_FUNCS(fin_bond, fin_bond_id, fin_bond_from_id, bond_ids, FIN_BOND__MAX)
KEY_TABLE_FUNCS(fin_measure, fin_measure_id, fin_measure_from_id, measure_ids, FIN_M__MAX)
KEY_TABLE_FUNCS(fin_employment, fin_employment_id, fin_employment_from_id, employment_ids, FIN_EMP__MAX)

/* ---- validation of a loaded rule set ----------------------------------------------- */

int mic_rules_validate(const mic_rules *r, char *err, size_t errlen)
{
	for (int k = 0; k < MIC__MAX; k++) {
		const rv_value *v = &r->v[k];
		const char *id = mic_defs[k].id;
		if (!v->present)
			continue;
		switch (mic_defs[k].type) {
		case RV_RATE:
			if (v->rate.den <= 0 || v->rate.num < 0 || v->rate.num > v->rate.den) {
				snprintf(err, errlen, "%s: 率は0以上1以下の分数であるべきです", id);
				return -1;
			}
			break;
		case RV_YEN:
			if (v->n <= 0) {
				snprintf(err, errlen, "%s: 金額は正であるべきです", id);
				return -1;
			}
			break;
		case RV_KINDS:
			if (v->kinds == 0) {
				snprintf(err, errlen, "%s: 団体種別がありません", id);
				return -1;
			}
			break;
		default:
			break;
		}
	}
	static const mic_key rounding[] = { MIC_C_ROUNDING, MIC_BOND_ROUNDING, MIC_ST_ROUNDING };
	for (size_t i = 0; i < sizeof rounding / sizeof rounding[0]; i++)
		if (strcmp(r->v[rounding[i]].text, "floor_yen") != 0) {
			snprintf(err, errlen, "%s: 端数処理は floor_yen だけに対応しています", mic_defs[rounding[i]].id);
			return -1;
		}
	if (r->v[MIC_A2_CAP_PREVIOUS].n > r->v[MIC_A2_CAP].n) {
		snprintf(err, errlen, "%s: 過去に選定された地域の上限が通常の上限を超えています", mic_defs[MIC_A2_CAP_PREVIOUS].id);
		return -1;
	}
	if (r->v[MIC_A2_MIN_PARTNERS].n < 1 || r->v[MIC_A2_MORE_THAN_PREVIOUS].n < 1 || r->v[MIC_CIO_MAX_PERSONS].n < 1) {
		snprintf(err, errlen, "人数・団体数の値は1以上であるべきです");
		return -1;
	}
	if (r->v[MIC_CIO_MAX_PERSONS_FROM_FY].n > r->v[MIC_CIO_MAX_PERSONS_TO_FY].n) {
		snprintf(err, errlen, "%s: 年度の範囲が逆です", mic_defs[MIC_CIO_MAX_PERSONS_FROM_FY].id);
		return -1;
	}
	if (r->v[MIC_PDS_RECRUITMENT_CAP].n > r->v[MIC_PDS_RECRUITMENT_CAP_RAISED].n) {
		snprintf(err, errlen, "%s: 拡充後の上限が拡充前より小さくなっています", mic_defs[MIC_PDS_RECRUITMENT_CAP_RAISED].id);
		return -1;
	}
	return 0;
}
