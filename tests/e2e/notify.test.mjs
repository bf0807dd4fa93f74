// tests/e2e/notify.test.mjs — notifications in a real browser (issue 13, part 4): an
// applicant submits through the API, the office sees 通知 (1) in the header, opens
// /notifications, marks it read, saves a mail address and is refused a malformed one.
// Every page is validated as HTML with the same rules as browser.test.mjs.
// Usage: node tests/e2e/notify.test.mjs path/to/digiden
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

const dir = mkdtempSync(join(tmpdir(), 'digiden-e2e-notify-'));
const env = { ...process.env, DIGIDEN_ADMIN_PASSWORD: 'e2e-admin-password-1' };
const portFile = join(dir, 'port');
const server = spawn(digiden, ['serve', '--db', join(dir, 'n.db'), '--listen', '127.0.0.1:0', '--port-file', portFile],
  { env, stdio: ['ignore', 'ignore', 'inherit'] });
const killTimer = setTimeout(() => { console.log('FAIL notify browser tests: watchdog (120 s)'); server.kill('SIGKILL'); process.exit(1); }, 120000);
for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
const base = `http://127.0.0.1:${Number(readFileSync(portFile, 'utf8').trim())}`;

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

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'no-inline-style': 'error', 'prefer-native-element': 'off', 'no-redundant-role': 'off', 'wcag/h63': 'off',
    'long-title': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'void-style': 'off',
    'form-dup-name': 'off', 'valid-id': 'off', 'text-content': 'off', 'no-implicit-button-type': 'off', 'attribute-empty-style': 'off' },
});
async function validate(page, name, html) {
  const text = html ?? await (await page.request.get(page.url())).text();
  const report = await validator.validateString(text, page.url());
  const msgs = report.results.flatMap((r) => r.messages).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  check(report.valid, `valid HTML: ${name}`, msgs.slice(0, 5).join(' | '));
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
try {
  const admin = await api('POST', '/api/v1/session', { login: 'admin', password: 'e2e-admin-password-1' });
  for (const u of [{ login: 'natori', password: 'natori-password-1', role: 'applicant', organization: '042072' },
    { login: 'office', password: 'office-password-1', role: 'secretariat' }])
    check((await api('POST', '/api/v1/users', u, admin.cookie)).status === 201, `account ${u.login} created`);
  const natori = await api('POST', '/api/v1/session', { login: 'natori', password: 'natori-password-1' });
  const app = JSON.parse(readFileSync(join(root, 'examples/type1-natori.json'), 'utf8'));
  const created = await api('POST', '/api/v1/applications', app, natori.cookie);
  check(created.status === 201, 'application created', String(created.status));
  check((await api('POST', `/api/v1/applications/${created.json.id}/submit`, null, natori.cookie)).status === 200, 'submitted');

  const context = await browser.newContext({ locale: 'ja-JP' });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.fill('#login', 'office');
  await page.fill('#password', 'office-password-1');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("ログイン")')]);
  check((await page.textContent('header .notifications') || '').includes('通知 (1)'), 'header shows 通知 (1)');
  await Promise.all([page.waitForNavigation(), page.click('header .notifications')]);
  check(page.url().endsWith('/notifications'), 'the header links to /notifications', page.url());
  check((await page.content()).includes('提出されました'), 'the submission is listed');
  await validate(page, 'notifications (unread)');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("既読にする")')]);
  check((await page.content()).includes('既読にしました'), 'marked read');
  check(!(await page.textContent('header .notifications') || '').includes('('), 'header count gone once read');
  await validate(page, 'notifications (read)');
  await page.fill('#email', 'office@example.jp');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("宛先を保存する")')]);
  check((await page.content()).includes('宛先を保存しました'), 'mail address saved');
  check(await page.inputValue('#email') === 'office@example.jp', 'the address is shown');
  await page.fill('#email', 'not an address');
  await page.$eval('form:has(#email)', (f) => { f.noValidate = true; });
  const [resp] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("宛先を保存する")')]);
  check(resp.status() === 400 && (await page.content()).includes('メールアドレス'), 'a malformed address is refused with 400', String(resp.status()));
  await validate(page, 'notifications (address refused)', await resp.text());
} catch (e) {
  check(false, 'notify browser tests ran through', e.stack);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  clearTimeout(killTimer);
  rmSync(dir, { recursive: true, force: true });
}
console.log(`notify browser tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
