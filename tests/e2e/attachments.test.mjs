// tests/e2e/attachments.test.mjs — attachments (issue 13, part 3) in a real browser with
// JavaScript turned off: the applicant picks a file in the application page's form and
// sends it (multipart, the csrf field), sees it listed with its download link, deletes
// one with its button, and a fake PDF comes back as the 415 page with the reason; after
// submission the office page lists the set without a form. Every page is validated as
// HTML (html-validate, the rules of browser.test.mjs).
// Usage: node tests/e2e/attachments.test.mjs path/to/digiden
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync, writeFileSync } from 'node:fs';
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

const dir = mkdtempSync(join(tmpdir(), 'digiden-e2e-att-'));
const env = { ...process.env, DIGIDEN_ADMIN_PASSWORD: 'e2e-admin-password-1' };
const portFile = join(dir, 'port');
const server = spawn(digiden, ['serve', '--db', join(dir, 'e2e.db'), '--listen', '127.0.0.1:0', '--port-file', portFile],
  { env, stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });
const killTimer = setTimeout(() => { console.log('FAIL attachment browser tests: watchdog (180 s)'); server.kill('SIGKILL'); process.exit(1); }, 180000);
for (let i = 0; i < 200 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
const base = `http://127.0.0.1:${Number(readFileSync(portFile, 'utf8').trim())}`;

async function api(method, path, body, cookie) {
  const res = await fetch(base + path, {
    method, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const setCookie = res.headers.get('set-cookie');
  let json = null; try { json = JSON.parse(await res.text()); } catch { /* not JSON */ }
  return { status: res.status, json, cookie: setCookie ? setCookie.split(';')[0] : null };
}

const admin = await api('POST', '/api/v1/session', { login: 'admin', password: 'e2e-admin-password-1' });
await api('POST', '/api/v1/users', { login: 'natori', password: 'natori-password-1', role: 'applicant', organization: '042072' }, admin.cookie);
await api('POST', '/api/v1/users', { login: 'office', password: 'office-password-1', role: 'secretariat' }, admin.cookie);
const natori = await api('POST', '/api/v1/session', { login: 'natori', password: 'natori-password-1' });
const example = JSON.parse(readFileSync(join(root, 'examples/type1-natori.json'), 'utf8'));
const created = await api('POST', '/api/v1/applications', example, natori.cookie);
const id = created.json && created.json.id;
check(created.status === 201 && id > 0, 'a draft to attach to', String(created.status));

const files = {
  pdf: join(dir, '見積書.pdf'), fake: join(dir, 'fake.pdf'), csv: join(dir, '内訳.csv'),
};
writeFileSync(files.pdf, '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
writeFileSync(files.fake, 'これはPDFではありません\n');
writeFileSync(files.csv, '項目,金額\n備品,3000000\n');

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'no-inline-style': 'error', 'prefer-native-element': 'off', 'no-redundant-role': 'off', 'wcag/h63': 'off',
    'long-title': 'off', 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'void-style': 'off',
    'form-dup-name': 'off', 'valid-id': 'off', 'text-content': 'off', 'no-implicit-button-type': 'off', 'attribute-empty-style': 'off' },
});
async function validate(page, name) {
  const html = await (await page.request.get(page.url())).text();
  const report = await validator.validateString(html, page.url());
  const msgs = report.results.flatMap((r) => r.messages).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`);
  check(report.valid, `valid HTML: ${name}`, msgs.slice(0, 5).join(' | '));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
async function user(login, password) {
  const context = await browser.newContext({ locale: 'ja-JP', javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + '/login');
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]:has-text("ログイン")')]);
  return { context, page };
}
async function attach(page, kind, file) {
  await page.selectOption('#attachment-kind', kind);
  await page.setInputFiles('#attachment-file', file);
  await Promise.all([page.waitForNavigation(), page.click('#attachment-form button[type=submit]')]);
}

try {
  const a = await user('natori', 'natori-password-1');
  await a.page.goto(`${base}/applications/${id}`);
  check(await a.page.isVisible('#attachment-form'), 'the application page has the upload form (JavaScript off)');
  await validate(a.page, 'application page, no attachments');
  await attach(a.page, 'estimate', files.pdf);
  check(new URL(a.page.url()).pathname === `/applications/${id}` && (await a.page.textContent('#attachment-list')).includes('見積書.pdf'),
    'the form sends the PDF and comes back to the page, which lists it', a.page.url());
  await attach(a.page, 'reference', files.csv);
  const rows = await a.page.$$eval('#attachment-list tbody tr', (trs) => trs.length);
  check(rows === 2, 'two files listed', String(rows));
  await validate(a.page, 'application page with attachments, download links and delete buttons');
  const href = await a.page.getAttribute('#attachment-list a[download]', 'href');
  const dl = await a.page.request.get(base + href);
  check(dl.status() === 200 && (dl.headers()['content-disposition'] || '').includes("filename*=UTF-8''") &&
    dl.headers()['x-content-type-options'] === 'nosniff', 'the download link answers the file as an attachment', String(dl.status()));
  await Promise.all([a.page.waitForNavigation(), a.page.click('#attachment-list tbody tr:nth-child(2) button.danger')]);
  const after = await a.page.$$eval('#attachment-list tbody tr', (trs) => trs.length);
  check(after === 1, 'the delete button removes a file', String(after));
  await a.page.selectOption('#attachment-kind', 'plan');
  await a.page.setInputFiles('#attachment-file', files.fake);
  const [resp] = await Promise.all([a.page.waitForNavigation(), a.page.click('#attachment-form button[type=submit]')]);
  check(resp && resp.status() === 415 && (await a.page.content()).includes('テキスト'), 'a fake PDF → the 415 page with the reason',
    resp ? String(resp.status()) : 'no response');
  await validate(a.page, '415 page');
  const sub = await api('POST', `/api/v1/applications/${id}/submit`, null, natori.cookie);
  check(sub.status === 200, 'submitted', String(sub.status));
  await a.page.goto(`${base}/applications/${id}`);
  check(!(await a.page.isVisible('#attachment-form')), 'after submission no upload form for the applicant');
  const o = await user('office', 'office-password-1');
  await o.page.goto(`${base}/office/applications/${id}`);
  check((await o.page.textContent('#attachment-list')).includes('見積書.pdf') && !(await o.page.isVisible('#attachment-form')),
    'the office page lists the submitted set without a form');
  await validate(o.page, 'office application page with attachments');
} catch (e) {
  check(false, 'attachment browser walk completed', e.stack || String(e));
} finally {
  await browser.close();
  clearTimeout(killTimer);
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  if (failed) console.log(serverLog.split('\n').slice(-10).join('\n'));
  rmSync(dir, { recursive: true, force: true });
  console.log(`attachment browser tests: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
