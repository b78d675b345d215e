// End-to-end tests of `baocao serve` in headless Chromium: what a department's staff do in
// the browser, on a fresh copy of the April 2023 example.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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
