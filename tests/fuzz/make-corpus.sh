#!/bin/sh
# make-corpus.sh — (re)generates the committed seed corpus tests/fuzz/corpus/<harness>/
# from the golden cases (tests/cases/*.json) and small hand-written inputs. Needs jq
# and iconv. Run from anywhere; the output replaces tests/fuzz/corpus/. The fuzzers also
# read examples/, rules/ and tests/data/ directly (tests/fuzz/run.sh, seeds()), so those
# files are not copied here.
set -eu
cd "$(dirname "$0")/../.."
out=tests/fuzz/corpus
rm -rf "$out"
mkdir -p "$out/fuzz_application" "$out/fuzz_rules" "$out/fuzz_decisions_csv" "$out/fuzz_history_csv" \
  "$out/fuzz_form" "$out/fuzz_money" "$out/fuzz_cookie_query"

# fuzz_application: every application of the `digiden check` cases (inputs, and the
# malformed raw_inputs), one file each; fuzz_form: the same applications as form bodies
# (one field per leaf, named by its JSON path, as the application form sends them).
for c in tests/cases/*.json; do
  name=$(basename "$c" .json)
  [ "$(jq -r '.command // "check"' "$c")" = check ] || continue
  n=$(jq '(.inputs // []) | length' "$c")
  i=0
  while [ "$i" -lt "$n" ]; do
    jq ".inputs[$i]" "$c" >"$out/fuzz_application/$name-$((i + 1)).json"
    jq -r ".inputs[$i]"' | select(type == "object")
      | [paths(scalars) as $p
         | ($p | if length == 2 and .[0] == "fields" then "fields"
                else map(if type == "number" then "[\(.)]" else ".\(.)" end) | join("") | ltrimstr(".") end)
           + "=" + (getpath($p) | tostring | @uri)]
      | join("&")' "$c" >"$out/fuzz_form/$name-$((i + 1)).txt"
    [ -s "$out/fuzz_form/$name-$((i + 1)).txt" ] || rm -f "$out/fuzz_form/$name-$((i + 1)).txt"
    i=$((i + 1))
  done
  n=$(jq '(.raw_inputs // []) | length' "$c")
  i=0
  while [ "$i" -lt "$n" ]; do
    jq -j ".raw_inputs[$i]" "$c" >"$out/fuzz_application/$name-raw-$((i + 1)).json"
    i=$((i + 1))
  done
done
# two applications of the same organization in one input (0x1e between them): the
# per-organization limits
a=tests/cases/001-schema-example-natori.json
{ jq -c '.inputs[0]' "$a"; printf '\036'; jq -c '.inputs[0] | .title = "二件目"' "$a"; printf '\036';
  jq -c '.inputs[0] | .title = "三件目" | .menu = "type2"' "$a"; } >"$out/fuzz_application/limits-three-same-org.json"
# the form's own extras: csrf, underscore fields, repeated "fields", checkboxes, lines
printf 'csrf=abc&_back=%%2Fmy&round=digital-implementation%%2Ffy2022-supp&menu=type1&applicant.code=042072&fields=health&fields=education&declarations.one_off_event=on&services%%5B0%%5D.name=a&services%%5B0%%5D.cost_items%%5B0%%5D.amount_yen=1%%E5%%84%%84%%E5%%86%%86&services%%5B0%%5D.cost_items%%5B0%%5D.eligible=1&mynumber_card.new_uses=a%%0D%%0Ab%%0D%%0A&data_platform.services_linked=x%%0Ay&pdca.frequency=%%E5%%B9%%B4&kpis%%5B0%%5D.baseline.value=1.5&kpis%%5B0%%5D.baseline.fiscal_year=R5' \
  >"$out/fuzz_form/form-extras.txt"

# fuzz_rules: a minimal file of every rule format (each loader's first checks)
for f in rules promotion-rules support-rules future-tech-rules dispatch-rules mic-rules; do
  printf '{"format": "digiden/%s/1", "id": "x/y", "title": "t", "sources": []}\n' "$f" >"$out/fuzz_rules/min-$f.json"
done

# fuzz_decisions_csv: header only, both encodings, BOM, quoting, the optional columns
h='round,menu,prefecture,organization,organization_code,title,fields,project_cost_yen,national_share_yen,status'
printf '%s\r\n' "$h" >"$out/fuzz_decisions_csv/header-only.csv"
{ printf '\357\273\277%s,category,platform_policy\r\n' "$h"
  printf 'digital-implementation/fy2022-supp,type2,福島県,福島県,070009,"a ""quoted"", title",resident_services|administration,400000000,"20,000万円",granted,広域連携型,new_with_broker\r\n'
} >"$out/fuzz_decisions_csv/bom-extra-columns.csv"
{ printf '%s\n' "$h"
  printf 'digital-implementation/fy2022-supp,type1,宮城県,名取市,,名取市の事業,transport_logistics,"179,293千円",1億2000万円,adopted\n'
  printf 'digital-implementation/fy2022-supp,type1,群馬県,南牧村,,同名の村,health,9000万円,228.0億円,granted\n'
} >"$out/fuzz_decisions_csv/utf8-rows.csv"
iconv -f UTF-8 -t CP932 "$out/fuzz_decisions_csv/utf8-rows.csv" >"$out/fuzz_decisions_csv/cp932-rows.csv"

# fuzz_history_csv: header only, a CP932 copy, 和暦 rounds and every program
hh='organization_code,prefecture,organization,program,round,menu,status,title,note,source'
printf '%s\n' "$hh" >"$out/fuzz_history_csv/header-only.csv"
{ printf '\357\273\277%s\r\n' "$hh"
  printf '042072,宮城県,名取市,digital-implementation,令和4年度補正,type1,採択,t,,s.txt\r\n'
  printf ',宮城県,宮城県,bansou,fy2023,2,selected,,,s.txt\r\n'
  printf ',福島県,会津美里町,dispatch,R4,company,used,,"a, b",s.txt\r\n'
  printf ',北海道,札幌市,future-tech,令和元年度,,continued,,,s.txt\r\n'
  printf ',宮城県,名取市,new-local-economy-digital,fy2021-supp,telework,granted,,,s.txt\r\n'
} >"$out/fuzz_history_csv/every-program.csv"
iconv -f UTF-8 -t CP932 tests/data/history/dispatch.csv >"$out/fuzz_history_csv/dispatch-cp932.csv"

# fuzz_money: first byte picks the parser (see fuzz_money.c), the rest is the text
m() { printf "$1"'%s' "$2" >"$out/fuzz_money/$3"; }
m '\000' '179,293千円' money-senen;   m '\000' '1億2,000万円' money-oku-man
m '\000' '228.0億円' money-decimal;   m '\000' '９，０００万円' money-fullwidth
m '\000' '57000000' money-plain;      m '\000' '-1円' money-negative
m '\000' '99999999999999999999' money-overflow
m '\001' '1/2' rate-half;              m '\001' '2／3' rate-fullwidth
m '\001' '0.72' rate-decimal;          m '\001' '10/10' rate-whole
m '\002' '令和4年度' fy-reiwa;         m '\002' '令和元年度' fy-gannen
m '\002' '平成30年度' fy-heisei;       m '\002' 'R5' fy-r5
m '\002' 'H30' fy-h30;                 m '\002' 'FY2022' fy-fy
m '\002' '２０２２年度' fy-fullwidth
m '\003' '2024-02-29' date-leap;       m '\003' '2023-04-01' date-april
m '\004' '042072' org-natori;          m '\004' '130001' org-tokyo
m '\005' "$(printf '宮城県\t\t名取市')" resolve-by-name
m '\005' "$(printf '群馬県\t\t南牧村')" resolve-homonym
m '\005' "$(printf '宮城県\t042072\t名取市')" resolve-by-code
m '\006' 'fy2022-supp' round-key;      m '\006' '令和4年度補正' round-wareki
m '\006' '令和6年度概算要求' round-request

# fuzz_cookie_query: query strings as the pages get them
q() { printf '%s' "$1" >"$out/fuzz_cookie_query/$2"; }
q 'round=digital-implementation%2Ffy2022-supp&menu=type1&by=prefecture&orgs_once=1' results
q 'next=%2Foffice%2Fapplications%3Fstatus%3Dsubmitted&login=a+b' login-next
q 'services[0].cost_items[1].amount_yen=1&kpis[0].targets[0].value=2' paths
q 'q_model=1&q_platform=&q_card=yes&q_telework' guide
q 'x=%3Cscript%3E%22%27%26&y=%E5%90%8D%E5%8F%96&z=%ED%A0%80&w=%E0%80%80' escapes
q 'digiden_session=0123456789abcdef; digiden_csrf=fedcba9876543210' cookie
echo "corpus: $(find "$out" -type f | wc -l) files in $out"
