// tests/e2e/office_list.test.mjs — issue 13, part 6 in a real browser (Debian's Chromium
// driven by playwright-core, JavaScript disabled: the list must work without it). Starts
// its own `digiden serve`, has three applicants submit, then the office searches and
// filters with the form, pages with the pager, checks rows and runs a bulk 確認 with one
// failing row; every page is validated as HTML (html-validate, the rules of
// browser.test.mjs). Usage: node tests/e2e/office_list.test.mjs path/to/digiden
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { HtmlValidate } from 'html-validate';

const digiden = resolve(process.argv[2] || 'build/digiden');
const root = resolve(new URL('../..', import.meta.url).pathname);
let passed = 0, failed = 0;
function check(ok, name, detail = '') {
  if (ok) { passed++; console.log(`ok   ${name}`); } else { failed++; console.log(`FAIL ${name}${detail ? ': ' + detail : ''}`); }
}
const dir = mkdtempSync(join(tmpdir(), 'digiden-e2e-list-'));
const env = { ...process.env, DIGIDEN_ADMIN_PASSWORD: 'e2e-admin-password-1' };
const portFile = join(dir, 'port');
const server = spawn(digiden, ['serve', '--db', join(dir, 'e2e.db'), '--listen', '127.0.0.1:0', '--port-file', portFile], { env, stdio: 'ignore' });
const killTimer = setTimeout(() => { console.log('FAIL office list browser tests: watchdog (180 s)'); server.kill('SIGKILL'); process.exit(1); }, 180000);
for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
const base = `http://127.0.0.1:${Number(readFileSync(portFile, 'utf8').trim())}`;

async function api(method, path, body, cookie) {
  const res = await fetch(base + path, { method, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined });
  const setCookie = res.headers.get('set-cookie');
  let json = null; try { json = JSON.parse(await res.text()); } catch { /* not JSON */ }
  return { status: res.status, json, cookie: setCookie ? setCookie.split(';')[0] : null };
}
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'no-inline-style': 'error', 'prefer-native-element': 'off', 'no-redundant-role': 'off', 'wcag/h63': 'off',
    'long-title': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'void-style': 'off',
    'form-dup-name': 'off', 'valid-id': 'off', 'text-content': 'off', 'no-implicit-button-type': 'off', 'attribute-empty-style': 'off' },
});
async function validate(page, name) {
  const html = await page.content();
  const report = await validator.validateString(html, page.url());
  const msgs = report.results.flatMap((r) => r.messages).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  check(report.valid, `valid HTML: ${name}`, msgs.slice(0, 5).join(' | '));
}

const example = JSON.parse(readFileSync(join(root, 'examples/type1-natori.json'), 'utf8'));
const admin = await api('POST', '/api/v1/session', { login: 'admin', password: 'e2e-admin-password-1' });
const ids = [];
for (const [login, code, titles] of [['natori', '042072', ['名取スマート農業', '名取防災']], ['chiyoda', '131016', ['千代田窓口']], ['miyagi', '040002', ['宮城データ']]]) {
  await api('POST', '/api/v1/users', { login, password: `${login}-password-1`, role: 'applicant', organization: code }, admin.cookie);
  const s = await api('POST', '/api/v1/session', { login, password: `${login}-password-1` });
  for (const title of titles) {
    const c = await api('POST', '/api/v1/applications', { ...example, title, applicant: { ...example.applicant, code } }, s.cookie);
    ids.push(c.json.id);
    await api('POST', `/api/v1/applications/${c.json.id}/submit`, null, s.cookie);
  }
}
await api('POST', '/api/v1/users', { login: 'office', password: 'office-password-1', role: 'secretariat' }, admin.cookie);
check(ids.length === 4, 'setup: four applications submitted', String(ids.length));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ locale: 'ja-JP', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.fill('#login', 'office');
  await page.fill('#password', 'office-password-1');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("ログイン")')]);

  await page.goto(base + '/office/applications?per_page=2');
  await validate(page, 'the list, 2 per page');
  check((await page.locator('input[name="id"]').count()) === 2, 'two rows with a checkbox each');
  await Promise.all([page.waitForNavigation(), page.click('a[rel="next"]')]);
  check((await page.textContent('nav.pager')).includes('3〜4件'), 'the pager goes to the second page');

  await page.goto(base + '/office/applications');
  await page.fill('#q', '名取');
  await page.selectOption('#kind', 'municipality');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("絞り込む")')]);
  await validate(page, 'the list searched and filtered through the form');
  const body = await page.textContent('#applications');
  check(body.includes('名取スマート農業') && body.includes('名取防災') && !body.includes('千代田窓口'), 'the form searches without JavaScript');
  check((await page.getAttribute('a:has-text("XLSX")', 'href')).includes('q=%E5%90%8D%E5%8F%96'), 'the downloads keep the filters');

  // a bulk 確認 of both, after one of them was screened already: one result each
  await api('POST', `/api/v1/applications/${ids[1]}/screen`, null, (await api('POST', '/api/v1/session', { login: 'office', password: 'office-password-1' })).cookie);
  await page.reload();
  for (const id of [ids[0], ids[1]]) await page.check(`input[name="id"][value="${id}"]`);
  await page.selectOption('#action', 'screen');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("選んだ申請に実行")')]);
  await validate(page, 'the results of a bulk action');
  const results = await page.textContent('#bulk-results');
  check(results.includes('完了') && results.includes('失敗'), 'each row shows its own result (one done, one refused)', results);
} catch (e) {
  check(false, 'browser walk completed', e.stack || String(e));
} finally {
  await browser.close();
  clearTimeout(killTimer);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
  console.log(`office list browser tests: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
