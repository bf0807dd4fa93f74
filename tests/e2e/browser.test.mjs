// tests/e2e/browser.test.mjs — the web interface in a real browser (Debian's Chromium
// driven by playwright-core). Starts its own `digiden serve` on a free loopback port
// with a temporary database, then walks: an applicant writes a TYPE1 plan through the
// form, sees the estimate change with a cost item, fixes an error it was shown and
// submits; the office screens, assigns a reviewer who scores, decides, 内示, 交付決定;
// the applicant sees the decision; a second applicant gets the 404 page; the public
// results pages with their SVG charts render. Every page is validated as HTML
// (html-validate), no request leaves the server, screenshots go to build/e2e/.
// Usage: node tests/e2e/browser.test.mjs path/to/digiden
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { HtmlValidate } from 'html-validate';

const digiden = resolve(process.argv[2] || 'build/digiden');
const root = resolve(new URL('../..', import.meta.url).pathname);
const shots = join(root, 'build', 'e2e');
mkdirSync(shots, { recursive: true });
let passed = 0, failed = 0;
function check(ok, name, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
}

const dir = mkdtempSync(join(tmpdir(), 'digiden-e2e-'));
const db = join(dir, 'e2e.db');
const env = { ...process.env, DIGIDEN_ADMIN_PASSWORD: 'e2e-admin-password-1' };
// published results for the public pages (the seeds' lists, tests/data/published)
for (const f of ['mnc-expansion.csv', 'type23.csv', 'telework.csv'])
  execFileSync(digiden, ['import-decisions', '--db', db, join(root, 'tests/data/published', f)], { env, stdio: 'ignore' });

const portFile = join(dir, 'port');
const server = spawn(digiden, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--port-file', portFile], { env, stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const killTimer = setTimeout(() => { console.log('FAIL browser tests: watchdog (300 s)'); server.kill('SIGKILL'); process.exit(1); }, 300000);
for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
const port = Number(readFileSync(portFile, 'utf8').trim());
const base = `http://127.0.0.1:${port}`;

async function api(method, path, body, cookie) {
  const res = await fetch(base + path, {
    method, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const setCookie = res.headers.get('set-cookie');
  const text = await res.text();
  let json = null; try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: res.status, json, cookie: setCookie ? setCookie.split(';')[0] : null };
}

// accounts, made by the office through the API
const admin = await api('POST', '/api/v1/session', { login: 'admin', password: 'e2e-admin-password-1' });
const users = [
  { login: 'natori', password: 'natori-password-1', role: 'applicant', organization: '042072' },
  { login: 'chiyoda', password: 'chiyoda-password-1', role: 'applicant', organization: '131016' },
  { login: 'office', password: 'office-password-1', role: 'secretariat' },
  { login: 'rev1', password: 'review-password-1', role: 'reviewer' },
];
for (const u of users) {
  const r = await api('POST', '/api/v1/users', u, admin.cookie);
  check(r.status === 201, `account ${u.login} created`, String(r.status));
}

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'no-inline-style': 'error', 'prefer-native-element': 'off', 'no-redundant-role': 'off', 'wcag/h63': 'off',
    'long-title': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'void-style': 'off',
    'form-dup-name': 'off', 'valid-id': 'off', 'text-content': 'off', 'no-implicit-button-type': 'off', 'attribute-empty-style': 'off' },
});
const validated = new Set();
async function validate(page, name) {
  const url = page.url();
  if (validated.has(url)) return;
  validated.add(url);
  // the HTML exactly as the server sent it, with this page's cookies
  const res = await page.request.get(url);
  const html = await res.text();
  const report = await validator.validateString(html, url);
  const msgs = report.results.flatMap((r) => r.messages).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  check(report.valid, `valid HTML: ${name}`, msgs.slice(0, 5).join(' | '));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--no-first-run', '--disable-sync'],
});
const outside = [];
async function newUser(name) {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('request', (req) => { if (!req.url().startsWith(base) && !req.url().startsWith('data:')) outside.push(req.url()); });
  page.on('pageerror', (e) => check(false, `${name}: no JavaScript error`, e.message));
  return { context, page };
}
async function shot(page, name) { await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true }); }
async function login(page, login, password) {
  await page.goto(base + '/login');
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("ログイン")')]);
}
const text = async (page, sel) => ((await page.textContent(sel)) || '').trim();

try {
  // ---- the applicant writes a TYPE1 plan ----
  const a = await newUser('applicant');
  await a.page.goto(base + '/');
  await validate(a.page, 'top page (public)');
  await shot(a.page, '01-top');
  await login(a.page, 'natori', 'natori-password-1');
  check(a.page.url().endsWith('/my'), 'applicant lands on 自団体の申請', a.page.url());
  await validate(a.page, 'my applications');
  await a.page.goto(base + '/guide?round=digital-implementation%2Ffy2022-supp&q_model=yes');
  check((await a.page.content()).includes('合う可能性があります'), 'guide points to a menu');
  await validate(a.page, 'guide');
  await shot(a.page, '02-guide');

  await a.page.goto(base + '/applications/new?menu=type1');
  await validate(a.page, 'new application form');
  await a.page.selectOption('[name="menu"]', 'type1');
  await a.page.fill('[name="title"]', '名取市地域公共交通DX導入事業');
  await a.page.check('input[name="fields"][value="transport_logistics"]');
  await a.page.fill('[name="summary"]', '路線バスの再編と合わせ、AIデマンド交通を導入して移動の課題を解決する。');
  await a.page.fill('[name="services[0].name"]', 'AIデマンド交通');
  await a.page.fill('[name="services[0].cost_items[0].category"]', '委託料');
  await a.page.fill('[name="services[0].cost_items[0].description"]', '配車システム導入');
  await a.page.fill('[name="services[0].cost_items[0].amount_yen"]', '5,200万円');
  await a.page.fill('[name="kpis[0].name"]', '1日平均バス利用人数');
  await a.page.fill('[name="kpis[0].unit"]', '人/日');
  await a.page.fill('[name="kpis[0].baseline.fiscal_year"]', '2023');
  await a.page.fill('[name="kpis[0].baseline.value"]', '350');
  await a.page.fill('[name="kpis[0].targets[0].fiscal_year"]', '2025');
  await a.page.fill('[name="kpis[0].targets[0].value"]', '600');
  await a.page.fill('[name="running_costs[0].fiscal_year"]', '2024');
  await a.page.fill('[name="running_costs[0].amount_yen"]', '600万円');
  await a.page.fill('[name="running_costs[0].source"]', '一般財源');
  await a.page.fill('[name="pdca.frequency"]', '四半期');
  await a.page.fill('[name="pdca.method"]', '利用者アンケート');
  // live estimate: 5,200万円 × 1/2 = 2,600万円
  await a.page.waitForFunction(() => (document.getElementById('estimate-national-share') || {}).textContent?.includes('26,000,000'), null, { timeout: 10000 })
    .then(() => check(true, 'live estimate shows 国費 26,000,000円'), (e) => check(false, 'live estimate shows 国費 26,000,000円', e.message));
  // the consortium is missing: the error is shown and linked to its field
  const errText = await text(a.page, '#estimate-diags');
  check(errText.includes('consortium'), 'error shown for the missing 推進体制 (consortium)', errText.slice(0, 200));
  await shot(a.page, '03-form-with-error');
  // change a cost item: the estimate follows
  await a.page.fill('[name="services[0].cost_items[0].amount_yen"]', '6,000万円');
  await a.page.waitForFunction(() => (document.getElementById('estimate-national-share') || {}).textContent?.includes('30,000,000'), null, { timeout: 10000 })
    .then(() => check(true, 'estimate changes with the cost item (国費 30,000,000円)'), (e) => check(false, 'estimate changes with the cost item', e.message));
  // fix the error
  await a.page.fill('[name="consortium[0].name"]', '〇〇交通株式会社');
  await a.page.selectOption('[name="consortium[0].kind"]', 'private');
  await a.page.fill('[name="consortium[0].role"]', '運行');
  await a.page.waitForFunction(() => (document.getElementById('estimate-verdict') || {}).textContent?.includes('受付可能'), null, { timeout: 10000 })
    .then(() => check(true, 'after the fix the estimate says 受付可能'), (e) => check(false, 'after the fix the estimate says 受付可能', e.message));
  await Promise.all([a.page.waitForNavigation(), a.page.click('#save')]);
  check(/\/applications\/\d+\/edit\?saved=1$/.test(a.page.url()), 'saved as a draft', a.page.url());
  const appId = Number(a.page.url().match(/applications\/(\d+)/)[1]);
  check((await text(a.page, '#estimate-national-share')).includes('30,000,000'), 'server-side estimate after save (no JS needed)');
  await validate(a.page, 'application editor');
  await shot(a.page, '04-form-saved');
  await a.page.goto(`${base}/applications/${appId}`);
  await validate(a.page, 'application page (draft)');
  await Promise.all([a.page.waitForNavigation(), a.page.click('button:has-text("提出する")')]);
  check((await a.page.content()).includes('提出の確認'), 'submitting asks for confirmation first');
  await validate(a.page, 'confirmation page (submit)');
  await Promise.all([a.page.waitForNavigation(), a.page.click('#confirm-form button[type=submit]')]);
  check(/^[A-Z0-9-]+-\d{6}$/.test(await text(a.page, '#receipt-number')), 'confirmed: the 受付票 shows a 受付番号', await text(a.page, '#receipt-number'));
  await validate(a.page, '受付票');
  await a.page.goto(`${base}/applications/${appId}/print`);
  await validate(a.page, 'print view');
  await a.page.goto(`${base}/applications/${appId}`);
  check((await text(a.page, '#status')).includes('提出済み'), 'submitted', await text(a.page, '#status'));
  await shot(a.page, '05-submitted');

  // ---- the office screens and assigns; the reviewer scores; the office decides ----
  const o = await newUser('office');
  await login(o.page, 'office', 'office-password-1');
  await o.page.goto(base + '/office/applications');
  await validate(o.page, 'office applications list');
  await shot(o.page, '06-office-list');
  await o.page.goto(`${base}/office/applications/${appId}`);
  await validate(o.page, 'office application page (submitted)');
  const act = async (page, action, fill = async () => {}) => {
    const form = page.locator(`form:has(input[name="action"][value="${action}"])`).first();
    await fill(form);
    await Promise.all([page.waitForNavigation(), form.locator('button[type=submit]').click()]);
    // 提出, 取下げ, 不採択 and 交付決定 answer a confirmation page first
    if (await page.locator('#confirm-form').count())
      await Promise.all([page.waitForNavigation(), page.locator('#confirm-form button[type=submit]').click()]);
  };
  await act(o.page, 'screen');
  await act(o.page, 'assign', async (f) => { await f.locator('[name="reviewer"]').fill('rev1'); });
  const r = await newUser('reviewer');
  await login(r.page, 'rev1', 'review-password-1');
  await r.page.goto(base + '/review');
  await validate(r.page, 'reviewer list');
  await r.page.goto(`${base}/review/${appId}`);
  await validate(r.page, 'reviewer scoring page');
  for (const k of ['issue_solution', 'kpi', 'consortium_roles', 'running_cost_plan', 'pdca', 'cost_item_detail'])
    await r.page.selectOption(`[name="scores.${k}"]`, '4');
  await r.page.fill('[name="comment"]', 'KPIが具体的で良い');
  await shot(r.page, '07-review');
  await act(r.page, 'review');
  await o.page.goto(`${base}/office/applications/${appId}`);
  await act(o.page, 'decide', async (f) => {
    const d = f.locator('[name="decision"]');
    if (await d.count()) { if ((await d.first().getAttribute('type')) === 'radio') await f.locator('[name="decision"][value="adopted"]').check(); else await d.first().selectOption('adopted').catch(() => {}); }
    await f.locator('[name="amount_yen"]').fill('30,000,000');
  });
  await act(o.page, 'naiji');
  await act(o.page, 'grant');
  await validate(o.page, 'office application page (granted)');
  await shot(o.page, '08-office-granted');
  const audit = await o.page.content();
  check(audit.includes('application.grant'), 'audit log view shows 交付決定');
  for (const p of ['/office', '/office/rounds', `/office/limits?round=${encodeURIComponent('digital-implementation/fy2022-supp')}`, '/office/users']) {
    await o.page.goto(base + p);
    await validate(o.page, `office page ${p}`);
  }

  // ---- the applicant sees the decision; a second applicant cannot open it ----
  await a.page.goto(`${base}/applications/${appId}`);
  check((await text(a.page, '#status')).includes('交付決定'), 'applicant sees 交付決定');
  check((await text(a.page, '#decision')).includes('30,000,000'), 'applicant sees the decided amount');
  await validate(a.page, 'application page (granted)');
  // KPI actuals in a later year, and the KPI chart (baseline, target, actual by fiscal year)
  await a.page.fill('[name="fiscal_year"]', '2024');
  await a.page.fill('[name="kpi_value_0"]', '420');
  await Promise.all([a.page.waitForNavigation(), a.page.click('button:has-text("実績を報告する")')]);
  check((await a.page.content()).includes('報告済み'), 'KPI actual reported for 令和6年度');
  const kpiImg = await a.page.$eval('img[src*="kpi.svg"]', (e) => ({ w: e.naturalWidth, alt: e.alt })).catch(() => null);
  check(kpiImg && kpiImg.w > 0 && kpiImg.alt, 'KPI chart rendered with alt text', JSON.stringify(kpiImg));
  await shot(a.page, '09-applicant-decision');
  // ---- support programs: 伴走支援 (the grant above is history now) and 推進タイプ ----
  await a.page.goto(`${base}/support?category=1`);
  await validate(a.page, '伴走支援 form');
  for (const box of await a.page.$$('input[type=checkbox][name^="decl."]')) await box.check();
  await Promise.all([a.page.waitForNavigation(), a.page.click('button[name="check"]')]);
  const verdict = await text(a.page, '#support-verdict');
  const table = await a.page.content();
  check(verdict.includes('満たしていない'), '伴走支援 類型①: not eligible after a 令和4年度補正 adoption', verdict);
  check(table.includes('C1c') && table.includes('× 満たさない'), 'the failing condition C1c is named with the record that made it fail');
  await validate(a.page, '伴走支援 result');
  await shot(a.page, '09b-support');
  await a.page.goto(`${base}/promotion`);
  await validate(a.page, '推進タイプ form');
  await a.page.selectOption('[name="subtype"]', 'senku');
  await a.page.fill('[name="title"]', '名取市 先駆型 テスト事業');
  await a.page.fill('[name="start_fiscal_year"]', '2024');
  await a.page.fill('[name="cost_0"]', '1億円');
  await a.page.fill('[name="cost_1"]', '8,000万円');
  await a.page.fill('[name="regional_plan"]', '名取市地域再生計画');
  await Promise.all([a.page.waitForNavigation(), a.page.click('button[name="check"]')]);
  const rows = await a.page.$$eval('#promotion-years tbody tr', (trs) => trs.length);
  check(rows === 2, '推進タイプ: 国費 shown for each of the 2 fiscal years', String(rows));
  check((await text(a.page, '#promotion-total')).includes('90,000,000'), '推進タイプ: 国費 total 1/2 of 1.8億円 = 90,000,000円',
    await text(a.page, '#promotion-total'));
  await validate(a.page, '推進タイプ result');
  await shot(a.page, '09c-promotion');
  // 総務省 補助事業 and its local-share bond (calculators of issue 6)
  await a.page.goto(`${base}/calc/subsidy`);
  await validate(a.page, '補助事業 form');
  await a.page.fill('[name="applicant.code"]', '042072');
  await a.page.fill('[name="eligible_cost_yen"]', '1億円');
  await a.page.selectOption('[name="wireless_network"]', 'true');
  await a.page.selectOption('[name="connected_solution"]', 'true');
  await a.page.selectOption('[name="bond"]', 'general_subsidy');
  await Promise.all([a.page.waitForNavigation(), a.page.click('button[name="check"]')]);
  check((await text(a.page, '#fig-national_yen')).startsWith('50,000,000円'), '補助事業: 国庫補助 1/2 of 1億円 = 50,000,000円',
    await text(a.page, '#fig-national_yen'));
  check((await text(a.page, '#fig-bond_yen')).startsWith('45,000,000円'), '補助事業: 一般補助施設整備等事業債 90% of 地方負担 5,000万円 = 45,000,000円',
    await text(a.page, '#fig-bond_yen'));
  check((await a.page.content()).includes('【案】') && (await a.page.content()).includes('【要望中】'), '補助事業: 【案】 and 【要望中】 marked');
  await validate(a.page, '補助事業 result');
  // 課題分析ワークシート → the top issue becomes a draft TYPE1 plan
  await a.page.goto(`${base}/worksheet`);
  await a.page.fill('[name="rows[0].department"]', '総務課');
  await a.page.fill('[name="rows[0].issue"]', '地域内の移動が不便');
  await a.page.selectOption('[name="rows[0].benefit"]', '2');
  await a.page.selectOption('[name="rows[0].severity"]', '2');
  await a.page.selectOption('[name="rows[0].cost"]', '1');
  await a.page.fill('[name="rows[1].department"]', '農政課');
  await a.page.fill('[name="rows[1].issue"]', '耕作放棄地の増加');
  await a.page.selectOption('[name="rows[1].benefit"]', '2');
  await a.page.selectOption('[name="rows[1].severity"]', '3');
  await a.page.selectOption('[name="rows[1].cost"]', '3');
  await Promise.all([a.page.waitForNavigation(), a.page.click('button[value="rank"]')]);
  await validate(a.page, 'worksheet');
  await shot(a.page, '09d-worksheet');
  await Promise.all([a.page.waitForNavigation(), a.page.click('#top-issue-plan')]);
  check((await a.page.inputValue('[name="title"]')) === '耕作放棄地の増加', 'the top issue opens a draft TYPE1 plan');

  const c = await newUser('second applicant');
  await login(c.page, 'chiyoda', 'chiyoda-password-1');
  const resp = await c.page.goto(`${base}/applications/${appId}`);
  // another organization's application answers exactly like a missing one (404), so ids cannot be probed
  check(resp.status() === 404, 'second applicant gets 404 on the first one\'s application', String(resp.status()));
  check((await c.page.content()).includes('ありません'), 'the 404 page explains it in Japanese');
  await validate(c.page, '404 page');
  await shot(c.page, '10-forbidden');

  // ---- public pages: tables, SVG charts, map ----
  const p = await newUser('public');
  await p.page.goto(`${base}/results?round=${encodeURIComponent('digital-implementation/fy2022-supp')}&menu=mnc_expansion&by=prefecture`);
  await validate(p.page, 'results page');
  const imgs = await p.page.$$eval('img', (els) => els.map((e) => ({ src: e.src, w: e.naturalWidth, alt: e.alt })));
  check(imgs.length >= 2 && imgs.every((i) => i.w > 0 && i.alt), 'every chart image rendered with alt text', JSON.stringify(imgs.slice(0, 3)));
  await shot(p.page, '11-results');
  for (const i of imgs.filter((x) => x.src.includes('.svg'))) {
    const svg = await (await p.page.request.get(i.src)).text();
    const parsed = await p.page.evaluate((s) => new DOMParser().parseFromString(s, 'image/svg+xml').getElementsByTagName('parsererror').length === 0, svg);
    check(parsed, `SVG is well-formed XML: ${i.src.replace(base, '')}`);
  }
  // the tile map on its own (an SVG document: a viewport screenshot, not a full-page one)
  await p.page.goto(`${base}/api/v1/public/charts/map.svg?menu=mnc_expansion&measure=organizations`);
  await p.page.screenshot({ path: join(shots, '12-map.png') });
  await p.page.goto(`${base}/menus?round=${encodeURIComponent('digital-implementation/fy2022-supp')}`);
  await validate(p.page, 'menus page');
  check((await p.page.content()).includes('001_2b97fb39079cc39d.txt'), 'menus page cites the seed');
  await shot(p.page, '13-menus');
  await p.page.goto(`${base}/orgs/016390`);
  await validate(p.page, 'organization page');
  await p.page.goto(`${base}/results/prefectures`);
  await validate(p.page, 'prefectures page');
  await p.page.goto(`${base}/nonexistent`);
  await validate(p.page, '404 page');
  // a phone-sized window still shows the form without horizontal scrolling of the page
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'ja-JP' });
  const pp = await phone.newPage();
  await pp.goto(base + '/login');
  const overflow = await pp.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check(!overflow, 'login page fits a phone screen');
  await pp.screenshot({ path: join(shots, '14-phone-login.png') });
  await phone.close();
  check(outside.length === 0, 'no request left the server', outside.slice(0, 3).join(' '));
} catch (e) {
  check(false, 'browser walk completed', e.stack || String(e));
} finally {
  await browser.close();
  clearTimeout(killTimer);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (failed) console.log(serverLog.split('\n').slice(-10).join('\n'));
  rmSync(dir, { recursive: true, force: true });
  console.log(`browser tests: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
