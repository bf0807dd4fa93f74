#!/usr/bin/env python3
"""Checks the published-results data set in this directory against the organization master,
expected.json and the seeds. Run from anywhere: python3 tests/data/published/verify.py"""
import csv, json, os, re, sys
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
HEADER = ["round","menu","prefecture","organization","organization_code","title","fields",
          "project_cost_yen","national_share_yen","status"]
FIELDS = {"administration","resident_services","education","culture_sports","medical_welfare","childcare",
          "transport_logistics","disaster_infrastructure","agriculture","industry","tourism","other"}
POLICIES = {"existing_open","existing_open_with_broker","new_with_broker","new_without_broker"}
CAP = {"type2": 200_000_000, "type3": 600_000_000, "mnc_expansion": 300_000_000}
RATE = {"type2": Decimal(1)/2, "type3": Decimal(2)/3, "mnc_expansion": Decimal(1),
        "telework_high": Decimal(3)/4, "telework_standard": Decimal(1)/2}
errors, notes = [], []
def err(m): errors.append(m)

# ---------- master ----------
master = []
with open(os.path.join(ROOT, "data", "organizations.tsv"), encoding="utf-8") as f:
    for line in f:
        if line.startswith("#") or line.startswith("code\t"): continue
        c = line.rstrip("\n").split("\t")
        master.append(dict(code=c[0], kind=c[1], pref=c[2], name=c[3]))
by_code = {m["code"]: m for m in master}
prefcode = {m["name"]: m["pref"] for m in master if m["kind"] == "prefecture"}

def parse_yen(s):
    m = re.fullmatch(r"([0-9][0-9,]*(?:\.[0-9]+)?)(億円|万円|千円|円)?", s)
    if not m: raise ValueError(s)
    v = Decimal(m.group(1).replace(",", "")) * {"億円":100_000_000,"万円":10_000,"千円":1000,"円":1,None:1}[m.group(2)]
    if v != v.to_integral_value(): raise ValueError("not whole yen: " + s)
    return int(v)

def oku(y, places):
    q = Decimal(1) if places == 0 else Decimal("0.1")
    return str((Decimal(y) / 100_000_000).quantize(q, rounding=ROUND_HALF_UP))

def load(fname):
    rows = []
    raw = open(os.path.join(HERE, fname), "rb").read()
    if raw.startswith(b"\xef\xbb\xbf") or b"\r" in raw: err(f"{fname}: BOM or CR present")
    with open(os.path.join(HERE, fname), encoding="utf-8", newline="") as f:
        rd = csv.reader(f)
        hdr = next(rd)
        if hdr[:10] != HEADER or hdr[10:] not in ([], ["category","platform_policy"]):
            err(f"{fname}: bad header {hdr}")
        for ln, r in enumerate(rd, start=2):
            d = dict(zip(hdr, r)); d["_line"] = f"{fname}:{ln}"
            if len(r) != len(hdr): err(f"{d['_line']}: {len(r)} columns")
            rows.append(d)
    stats = defaultdict(int)
    for d in rows:
        L = d["_line"]
        if d["round"] != "digital-implementation/fy2022-supp": err(f"{L}: round")
        if d["status"] != "granted": err(f"{L}: status")
        if d["prefecture"] not in prefcode: err(f"{L}: unknown prefecture {d['prefecture']}"); continue
        pc = prefcode[d["prefecture"]]
        if d["organization_code"]:
            stats["coded"] += 1
            m = by_code.get(d["organization_code"])
            if not m: err(f"{L}: code {d['organization_code']} not in master")
            elif m["pref"] != pc or m["name"] != d["organization"]:
                err(f"{L}: code {d['organization_code']} is {m['pref']} {m['name']}, row says {d['prefecture']} {d['organization']}")
            else: d["_org"] = m
        else:
            stats["empty"] += 1
            hits = [m for m in master if m["pref"] == pc and m["name"] == d["organization"]]
            if len(hits) != 1: err(f"{L}: ({d['prefecture']}, {d['organization']}) resolves to {len(hits)} organizations")
            else: d["_org"] = hits[0]
        if "_org" in d and d["_org"]["kind"] == "ward": err(f"{L}: is a ward, not an applicant")
        fs = d["fields"].split("|")
        if not fs or any(x not in FIELDS for x in fs) or len(set(fs)) != len(fs): err(f"{L}: fields {d['fields']}")
        try:
            d["_cost"] = parse_yen(d["project_cost_yen"]); d["_nat"] = parse_yen(d["national_share_yen"])
        except ValueError as e:
            err(f"{L}: amount {e}"); d["_cost"] = d["_nat"] = 0
        for k in ("_cost","_nat"): stats["notation:" + (re.sub(r"[0-9.,]", "", d[k.replace("_cost","project_cost_yen").replace("_nat","national_share_yen")]) or "円(integer)")] += 1
        menu = d["menu"]
        if menu not in RATE: err(f"{L}: menu {menu}"); continue
        if d["_nat"] > d["_cost"] * RATE[menu]: err(f"{L}: national share {d['_nat']} > cost × rate")
        if menu in CAP and d["_nat"] > CAP[menu]:
            if (d["prefecture"], d["organization"]) == ("愛媛県","愛媛県") and d["_nat"] == 650_000_000:
                notes.append(f"{L}: 愛媛県 650,000,000 exceeds the 3億円 cap (as published)")
            else: err(f"{L}: over cap")
        if menu.startswith("telework"):
            exp = int(d["_cost"] * RATE[menu]) // 1000 * 1000
            if d["_nat"] != exp: err(f"{L}: telework national {d['_nat']} != floor_1000(cost×rate) {exp}")
        elif menu in ("type2","type3"):
            exp = int(d["_cost"] * RATE[menu]) // 1000 * 1000
            if d["_nat"] != exp: err(f"{L}: {menu} national {d['_nat']} != floor_1000(cost×rate) {exp}")
            if d.get("category","") == "" or d.get("platform_policy") not in POLICIES: err(f"{L}: category/policy")
    print(f"{fname}: {len(rows)} rows; codes given {stats['coded']}, empty {stats['empty']}; notations " +
          ", ".join(f"{k[9:]}={v}" for k, v in sorted(stats.items()) if k.startswith("notation:")))
    return rows

mnc = load("mnc-expansion.csv"); t23 = load("type23.csv"); tw = load("telework.csv")
for pref, name in (("島根県","美郷町"),("長野県","南牧村"),("福島県","昭和村"),("富山県","朝日町")):
    r = [d for d in mnc if d["prefecture"] == pref and d["organization"] == name]
    if len(r) != 1 or r[0]["organization_code"]: err(f"{pref}{name}: must be one row with an empty code")
    others = [m for m in master if m["name"] == name]
    notes.append(f"{name}: {len(others)} in the master ({', '.join(m['code'] for m in others)}); {pref} row resolves to {r[0].get('_org',{}).get('code')}")

def isprefrow(d): return d["_org"]["kind"] == "prefecture"
exp = json.load(open(os.path.join(HERE, "expected.json"), encoding="utf-8"))
T = {t["name"]: t for t in exp["tables"]}
def check(label, got, want):
    if str(got) != str(want): err(f"{label}: got {got}, expected {want}")
    else: print(f"  ok  {label}: {got}")
orgs = lambda rows: len({d["_org"]["code"] for d in rows})
summ = lambda rows, k="_nat": sum(d[k] for d in rows)

print("mnc_by_prefecture")
t = T["mnc_by_prefecture"]
for row in t["rows"]:
    rs = [d for d in mnc if d["prefecture"] == row["label"]]
    check(f"{row['label']} 団体", orgs(rs), row["organizations"]); check(f"{row['label']} 国費", oku(summ(rs), 1), row["national_share_oku"])
if {d["prefecture"] for d in mnc} != {r["label"] for r in t["rows"]}: err("mnc prefectures differ")
check("mnc total 団体", orgs(mnc), t["total"]["organizations"]); check("mnc total 件", len(mnc), t["total"]["projects"])
check("mnc total 国費", oku(summ(mnc), 1), t["total"]["national_share_oku"])
print(f"     (sum of published prefecture figures = {sum(Decimal(r['national_share_oku']) for r in t['rows'])}; exact total {summ(mnc):,} yen)")
print("mnc_by_kind")
for row in T["mnc_by_kind"]["rows"]:
    rs = [d for d in mnc if isprefrow(d) == (row["kind"] == "prefecture")]
    check(f"{row['label']} 団体", orgs(rs), row["organizations"]); check(f"{row['label']} 国費", oku(summ(rs), 1), row["national_share_oku"])

print("type23_by_kind")
t = T["type23_by_kind"]
for row in t["rows"] + t["subtotals"] + [t["total"]]:
    rs = [d for d in t23 if ("menu" not in row or d["menu"] == row["menu"]) and
          ("kind" not in row or isprefrow(d) == (row["kind"] == "prefecture"))]
    check(f"{row['label']} 団体", orgs(rs), row["organizations"]); check(f"{row['label']} 件", len(rs), row["projects"])
    check(f"{row['label']} 国費", oku(summ(rs), 1), row["national_share_oku"])
print("type23_by_category")
for row in T["type23_by_category"]["rows"]:
    rs = [d for d in t23 if d["category"] == row["category"]]
    check(f"{row['category']} TYPE2/TYPE3", (sum(d["menu"]=="type2" for d in rs), sum(d["menu"]=="type3" for d in rs)), (row["type2"], row["type3"]))
    pub = {re.sub(r"^(北海道|東京都|大阪府|京都府|.{2,3}県)(?=.)", "", x) for x in row["organizations_published"].split("、")}
    check(f"{row['category']} names", sorted(d["organization"] for d in rs), sorted(pub))
cats = {r["category"] for r in T["type23_by_category"]["rows"]}
for d in t23:
    if d["category"] not in cats: err(f"{d['_line']}: category {d['category']}")
print("type23_by_platform")
for row in T["type23_by_platform"]["rows"]:
    rs = [d for d in t23 if d["platform_policy"] == row["platform_policy"]]
    check(f"{row['platform_policy']}", (sum(d["menu"]=="type2" for d in rs), sum(d["menu"]=="type3" for d in rs)), (row["type2"], row["type3"]))
check("new builds", sum(d["platform_policy"].startswith("new") for d in t23), T["type23_by_platform"]["new_build"]["organizations"])

print("telework_by_menu")
t = T["telework_by_menu"]
high = {d["_org"]["code"] for d in tw if d["menu"] == "telework_high"}
for row in t["rows"]:
    rs = [d for d in tw if d["menu"] == row["menu"]]
    codes = {d["_org"]["code"] for d in rs}
    counted = codes if row["menu"] == "telework_high" else codes - high   # 岐阜県 counted once, under 高水準
    check(f"{row['label']} 団体 (both-menu orgs under 高水準)", len(counted), row["organizations"])
    notes.append(f"telework {row['menu']}: {len(codes)} distinct organizations before the once-only rule")
    check(f"{row['label']} 件", len(rs), row["projects_derived"])
    check(f"{row['label']} 事業費", oku(summ(rs, "_cost"), 0), row["project_cost_oku"])
    check(f"{row['label']} 国費", oku(summ(rs), 0), row["national_share_oku"])
check("テレワーク 全体 団体", orgs(tw), t["total"]["organizations"]); check("テレワーク 全体 件", len(tw), t["total"]["projects"])
check("テレワーク 全体 事業費", oku(summ(tw, "_cost"), 0), t["total"]["project_cost_oku"]); check("テレワーク 全体 国費", oku(summ(tw), 0), t["total"]["national_share_oku"])
both = [d["organization"] for d in tw if d["menu"] == "telework_standard" and d["_org"]["code"] in high]
check("organizations in both telework menus", sorted(set(both)), ["岐阜県"])
for comp in exp["reference"][0]["rows"]:
    fac = [d for d in tw if d["title"].startswith("サテライトオフィス等整備・利用促進事業") or d["organization"] in ("天草市","弥彦村")]
    rs = fac if comp["label"].startswith("施設") else [d for d in tw if d not in fac]
    for menu, key in (("telework_high","high"),("telework_standard","standard")):
        sub = [d for d in rs if d["menu"] == menu]
        check(f"{comp['label']} {key} 団体/件", (orgs(sub), len(sub)), (comp[key]["organizations"], comp[key]["projects"]))

print("overall_by_menu")
for row in T["overall_by_menu"]["rows"]:
    menus = row["menu"] if isinstance(row["menu"], list) else [row["menu"]]
    rs = [d for d in mnc + t23 + tw if d["menu"] in menus]
    check(f"{row['label']} 団体/件", (orgs(rs), len(rs)), (row["organizations"], row["projects"]))
    check(f"{row['label']} 事業費/国費", (oku(summ(rs, "_cost"), 0), oku(summ(rs), 0)), (row["project_cost_oku"], row["national_share_oku"]))

# ---------- seeds: quotes present, names present ----------
seeds = {}
for fn in os.listdir(os.path.join(ROOT, "seeds")):
    seeds[fn] = re.sub(r"\s+", " ", open(os.path.join(ROOT, "seeds", fn), encoding="utf-8").read())
def walk(o):
    if isinstance(o, dict):
        if "source" in o:
            for k in o:
                if k.startswith("quote") and isinstance(o[k], str): yield o["source"], o[k]
        for k, v in o.items():
            if k == "rows" and isinstance(v, list) and "source" in o:
                for r in v:
                    if isinstance(r, dict) and "quote" in r: yield o["source"], r["quote"]
            else: yield from walk(v)
    elif isinstance(o, list):
        for v in o: yield from walk(v)
nq = 0
for src, q in walk(exp):
    nq += 1
    if re.sub(r"\s+", " ", q) not in seeds[src]: err(f"quote not found in {src}: {q[:60]}")
print(f"quotes checked against the seeds: {nq}")
s001 = seeds["001_2b97fb39079cc39d.txt"]; s000 = seeds["000_23c807c41fd90cd5.txt"]
for d in mnc + tw:
    if d["organization"] not in s001: err(f"{d['_line']}: {d['organization']} not in seed 001")
    if len(d["title"]) > 0 and not d["title"].startswith(("マイナンバーカード利用横展開事業（", "サテライトオフィス等整備・利用促進事業（")) and d["title"] not in s001:
        err(f"{d['_line']}: title not in seed 001")
for d in t23:
    if d["organization"] not in s000 or d["organization"] not in s001: err(f"{d['_line']}: {d['organization']} not in both seeds")

# organizations present in more than one menu (cf. RULES.md §12.1)
where = defaultdict(set)
for d in mnc + t23 + tw: where[(d["prefecture"], d["organization"], d["_org"]["code"])].add(d["menu"])
for k, v in sorted(where.items(), key=lambda kv: kv[0][2]):
    if len(v) > 1 and v != {"telework_high"} and v != {"telework_standard"}:
        notes.append(f"in several menus: {k[0]}{k[1] if k[1] != k[0] else ''} ({k[2]}): {', '.join(sorted(v))}")
for n in notes: print("note:", n)
if errors:
    print(f"\n{len(errors)} ERRORS"); [print("  ", e) for e in errors]; sys.exit(1)
print("\nALL CHECKS PASSED")
