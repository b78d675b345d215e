// The test harness: a fresh example database with three users, `baocao serve` on a free
// loopback port, and Debian's Chromium driven by playwright-core (no browser download).
//
// Environment:
//   BAOCAO_BIN          the baocao binary (default: $CARGO_TARGET_DIR/release/baocao)
//   CHROMIUM            the browser (default: /usr/bin/chromium)
//   BAOCAO_SCREENSHOTS  a folder: the tests save the screenshots the README shows there

import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir, homedir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { chromium } from 'playwright-core';

export const PASSWORD = 'mat-khau-thu-nghiem-2023';

/** The accounts every test run creates: username → role and fields. */
export const USERS = {
  quantri: { name: 'Quản trị hệ thống', role: 'quan_tri', fields: [] },
  chuyenvien: { name: 'Nguyễn Văn An', role: 'chuyen_vien', fields: ['cntt'] },
  bcvt: { name: 'Trần Thị Bình', role: 'chuyen_vien', fields: ['bcvt'] },
  lanhdao: { name: 'Lê Văn Cường', role: 'lanh_dao', fields: [] },
};

export function baocaoBin() {
  if (process.env.BAOCAO_BIN) return process.env.BAOCAO_BIN;
  const target = process.env.CARGO_TARGET_DIR || join(homedir(), '.cache', 'baocao-target');
  return join(target, 'release', 'baocao');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url, proc, output) {
  for (let i = 0; i < 200; i++) {
    if (proc.exitCode !== null) {
      throw new Error(`baocao serve exited with ${proc.exitCode}:\n${output.join('')}`);
    }
    try {
      const response = await fetch(`${url}/dang-nhap`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`baocao serve did not answer at ${url}:\n${output.join('')}`);
}

/**
 * Starts a server on a fresh copy of the example. Returns { url, dir, env, stop, output }.
 */
export async function startServer() {
  const bin = baocaoBin();
  const dir = mkdtempSync(join(tmpdir(), 'baocao-e2e-'));
  const env = { ...process.env, BAOCAO_DATABASE_URL: `sqlite://${join(dir, 'e2e.db')}`, RUST_LOG: 'info' };
  execFileSync(bin, ['init', '--example'], { env, stdio: 'pipe' });
  for (const [username, user] of Object.entries(USERS)) {
    const args = ['user', 'add', username, '--name', user.name, '--role', user.role];
    for (const field of user.fields) args.push('--field', field);
    execFileSync(bin, args, { env: { ...env, BAOCAO_PASSWORD: PASSWORD }, stdio: 'pipe' });
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output = [];
  const proc = spawn(bin, ['serve', '--addr', `127.0.0.1:${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout.on('data', (d) => output.push(d.toString()));
  proc.stderr.on('data', (d) => output.push(d.toString()));
  await waitUntilUp(url, proc, output);
  return {
    url,
    dir,
    env,
    output,
    async stop() {
      proc.kill('SIGINT');
      await new Promise((r) => (proc.exitCode !== null ? r() : proc.on('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page at 1366×768 (the office laptop) with Vietnamese locale. */
export async function newPage(browser) {
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
    acceptDownloads: true,
  });
  return context.newPage();
}

/** Saves a screenshot when BAOCAO_SCREENSHOTS names a folder. */
export async function screenshot(page, name, options = {}) {
  const folder = process.env.BAOCAO_SCREENSHOTS;
  if (!folder) return;
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), ...options });
}
