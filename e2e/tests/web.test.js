// End-to-end tests of `baocao serve` in headless Chromium: what a department's staff do in
// the browser, on a fresh copy of the April 2023 example.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { baocaoBin } from '../harness.js';
import { startServer, launchBrowser, newPage, PASSWORD, screenshot } from '../harness.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** `[id="…"]`: cell ids hold dots and commas-free codes, but this needs no escaping. */
const byId = (id) => `[id="${id}"]`;

async function signIn(page, username, password = PASSWORD) {
  await page.goto(`${server.url}/dang-nhap`);
  await page.fill('#ten-dang-nhap', username);
  await page.fill('#mat-khau', password);
  await Promise.all([page.waitForNavigation(), page.click('#nut-dang-nhap')]);
}

test('sign-in: a wrong password is refused in Vietnamese, the right one reaches the dashboard of April 2023', async () => {
  const page = await newPage(browser);
  await page.goto(`${server.url}/ky/2023-04`);
  assert.match(new URL(page.url()).pathname, /^\/dang-nhap/, 'without a session the dashboard redirects to sign-in');

  await signIn(page, 'chuyenvien', 'sai-mat-khau');
  const error = await page.textContent('#loi-dang-nhap');
  assert.match(error, /không đúng/i);
  assert.equal(await page.inputValue('#ten-dang-nhap'), 'chuyenvien', 'the username is kept');
  assert.equal(await page.inputValue('#mat-khau'), '', 'the password is never echoed');

  await signIn(page, 'chuyenvien');
  await page.goto(`${server.url}/`);
  assert.equal(new URL(page.url()).pathname, '/ky/2023-04');
  const heading = await page.textContent('h1');
  assert.match(heading, /tháng 4\/2023|tháng 4 năm 2023/);
  await screenshot(page, 'web-dashboard');
  await page.context().close();
});

test('data entry: a figure typed in the dossier grid changes the total and the online rate; a wrong stated total is flagged beside its cell', async () => {
  const page = await newPage(browser);
  await signIn(page, 'chuyenvien');
  await page.goto(`${server.url}/ky/2023-04/nhap/cntt`);

  const total = byId('tong-DVC_HOSO-XA');
  assert.equal((await page.textContent(total)).trim(), '22.155', 'the commune total is the sum of its parts');
  const rate = byId('cs-DVC_TYLE_TRUCTUYEN-XA');
  assert.equal((await page.textContent(rate)).trim(), '68,04%');

  // 15.074 → 16.074 online at commune level: the total becomes 23.155 and the rate 16.074 / 23.155.
  await page.fill(byId('in-DVC_HOSO-XA-QUAMANG'), '16.074');
  await page.press(byId('in-DVC_HOSO-XA-QUAMANG'), 'Tab');
  await page.waitForFunction(
    ([t]) => document.querySelector(t).textContent.trim() === '23.155',
    [total],
  );
  await page.waitForFunction(([r]) => document.querySelector(r).textContent.trim() === '69,42%', [rate]);

  // The stated commune total agrees with the parts: no violation; a wrong one: the violation beside it.
  await page.fill(byId('in-DVC_HOSO-XA'), '23.155');
  await page.press(byId('in-DVC_HOSO-XA'), 'Tab');
  await page.waitForFunction(([v]) => document.querySelector(v).textContent.trim() === '', [byId('vp-DVC_HOSO-XA')]);
  await page.fill(byId('in-DVC_HOSO-XA'), '23.000');
  await page.press(byId('in-DVC_HOSO-XA'), 'Tab');
  await page.waitForFunction(([v]) => /23\.000/.test(document.querySelector(v).textContent), [byId('vp-DVC_HOSO-XA')]);
  const violation = await page.textContent(byId('vp-DVC_HOSO-XA'));
  assert.match(violation, /23\.155/, `the violation names the computed total: ${violation}`);
  await page.evaluate(() => document.getElementById('de-DVC_HOSO').scrollIntoView());
  await screenshot(page, 'web-entry');

  // Letters are refused beside the cell and what was typed stays.
  await page.fill(byId('in-DVC_HOSO-TINH-BCCI'), '14a');
  await page.press(byId('in-DVC_HOSO-TINH-BCCI'), 'Tab');
  await page.waitForFunction(([e]) => document.querySelector(e).textContent.trim() !== '', [byId('loi-DVC_HOSO-TINH-BCCI')]);
  assert.match(await page.textContent(byId('loi-DVC_HOSO-TINH-BCCI')), /không phải là số/);
  assert.equal(await page.inputValue(byId('in-DVC_HOSO-TINH-BCCI')), '14a');

  // After a reload the saved figures are there.
  await page.reload();
  assert.equal(await page.inputValue(byId('in-DVC_HOSO-XA-QUAMANG')), '16.074');
  assert.equal((await page.textContent(total)).trim(), '23.155');
  await page.context().close();
});

test('validation page lists the violations with both sides and links to the cell', async () => {
  const page = await newPage(browser);
  await signIn(page, 'lanhdao');
  await page.goto(`${server.url}/ky/2023-04/kiem-tra`);
  const text = await page.textContent('main');
  assert.match(text, /116,4/);
  assert.match(text, /116,1/);
  await screenshot(page, 'web-validation');
  const link = await page.getAttribute('main a[href*="#ind-VT_MATDO_DIENTHOAI"]', 'href');
  assert.equal(link, '/ky/2023-04/nhap/bcvt#ind-VT_MATDO_DIENTHOAI-default');
  await Promise.all([page.waitForNavigation(), page.click('main a[href*="#ind-VT_MATDO_DIENTHOAI"]')]);
  assert.match(await page.textContent('[id="ind-VT_MATDO_DIENTHOAI-default"]'), /116,1/);
  await page.context().close();
});

test('registers: a document with a bad number and symbol gets the error beside the field and keeps what was typed', async () => {
  const page = await newPage(browser);
  await signIn(page, 'chuyenvien');
  await page.goto(`${server.url}/ky/2023-04/van-ban`);
  const before = await page.textContent('#so-van-ban');
  await page.fill('#so_ky_hieu', '245/QD UBND');
  await page.selectOption('#loai', { label: 'Quyết định' });
  await page.fill('#ngay', '12/4/2023');
  await page.fill('#co_quan', 'UBND tỉnh');
  await page.fill('#trich_yeu', 'Kế hoạch chuyển đổi số năm 2023');
  await page.selectOption('#linh_vuc', 'cntt');
  await page.selectOption('#vai_tro', { index: 1 });
  await Promise.all([page.waitForNavigation(), page.click('#nut-luu-van-ban')]);
  const error = await page.textContent('#loi-so_ky_hieu');
  assert.ok(error.trim().length > 0, 'an error beside the number and symbol');
  assert.equal(await page.inputValue('#trich_yeu'), 'Kế hoạch chuyển đổi số năm 2023');
  assert.equal(await page.inputValue('#so_ky_hieu'), '245/QD UBND');
  assert.equal(await page.textContent('#so-van-ban'), before, 'nothing was added');

  await page.fill('#so_ky_hieu', '245/QĐ-UBND');
  await Promise.all([page.waitForNavigation(), page.click('#nut-luu-van-ban')]);
  const errors = await page.$$eval('#form-van-ban .err', (es) => es.map((e) => e.textContent));
  assert.deepEqual(errors, [], 'no error left on the form');
  assert.notEqual(await page.textContent('#so-van-ban'), before, 'the document was added');
  assert.match(await page.textContent('#bang-van-ban'), /245\/QĐ-UBND/);
  await page.context().close();
});

test('report: the preview reads like the printed report and the DOCX downloads as a Word document', async () => {
  const page = await newPage(browser);
  await signIn(page, 'lanhdao');
  await page.goto(`${server.url}/ky/2023-04/bao-cao`);
  const text = await page.textContent('main');
  assert.match(text, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
  assert.match(text, /Độc lập - Tự do - Hạnh phúc/);
  await screenshot(page, 'web-report');

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="bao-cao.docx"]')]);
  assert.equal(download.suggestedFilename(), 'bao-cao-2023-04.docx');
  const path = await download.path();
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04', 'a ZIP package');
  assert.ok(bytes.includes(Buffer.from('word/document.xml')), 'with its main part');
  await page.context().close();
});

test('figures from a file: a CSV exported, changed and uploaded is previewed with every problem or confirmed, and its figure is in the entry grid', async () => {
  const page = await newPage(browser);
  await signIn(page, 'chuyenvien');
  await page.goto(`${server.url}/ky/2023-04`);
  await Promise.all([page.waitForNavigation(), page.click('#nav-nhap-tep')]);
  assert.equal(new URL(page.url()).pathname, '/ky/2023-04/nhap-tep');

  // The period's Excel form downloads.
  const [form] = await Promise.all([page.waitForEvent('download'), page.click('#tai-bieu-mau')]);
  assert.match(form.suggestedFilename(), /\.xlsx$/);
  assert.equal(readFileSync(await form.path()).subarray(0, 4).toString('binary'), 'PK\x03\x04');

  // The field's April figures as the command line exports them, one changed: 86 articles → 92.
  const exported = execFileSync(
    baocaoBin(),
    ['export', '--format', 'csv', '--period', '2023-04', '--org-unit', '58', '--field', 'cntt'],
    { env: server.env },
  ).toString();
  const lines = exported.split('\n');
  const at = lines.findIndex((l) => l.startsWith('CNTT_CONG_TINBAI,'));
  assert.ok(at > 0, exported);
  assert.equal(lines[at].split(',')[4], '86');
  const withValue = (value) =>
    lines.map((line, i) => (i === at ? line.split(',').map((f, j) => (j === 4 ? value : f)).join(',') : line)).join('\n');
  const good = withValue('92');

  // A letter in a figure: the line and the value found, and no confirmation.
  const bad = withValue('9x');
  await page.setInputFiles('#tep', { name: 'so-lieu-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await Promise.all([page.waitForNavigation(), page.click('#nut-tai-len')]);
  const problems = await page.textContent('#bang-loi');
  assert.match(problems, new RegExp(`Dòng ${at + 1}`), problems);
  assert.match(problems, /9x/);
  assert.equal(await page.$('#nut-xac-nhan'), null, 'no confirmation for a file with problems');

  await page.setInputFiles('#tep', { name: 'so-lieu-cntt-thang-4.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await Promise.all([page.waitForNavigation(), page.click('#nut-tai-len')]);
  assert.equal((await page.textContent('#so-cap-nhat')).trim(), '1');
  assert.equal((await page.textContent('#so-moi')).trim(), '0');
  assert.ok(Number((await page.textContent('#so-khong-doi')).trim()) > 10, 'the other figures are unchanged');
  const changed = await page.textContent('#bang-so-lieu tr.doi-khac');
  assert.match(changed, /86/);
  assert.match(changed, /92/);
  await screenshot(page, 'web-upload');

  await Promise.all([page.waitForNavigation(), page.click('#nut-xac-nhan')]);
  assert.match(new URL(page.url()).pathname, /^\/ky\/2023-04\/nhap-tep\/[0-9a-f]{64}\/ket-qua$/);
  assert.match(await page.textContent('#thong-bao'), /1 số liệu cập nhật/);
  await Promise.all([page.waitForNavigation(), page.click('#xem-cntt')]);
  assert.equal(await page.inputValue(byId('in-CNTT_CONG_TINBAI-default')), '92');
  await page.context().close();
});
