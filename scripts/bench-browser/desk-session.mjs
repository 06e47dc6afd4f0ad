// What desk.mjs and profile-desk.mjs share: Chromium with the CPU slowed
// (QALAM_BENCH_CPU_SLOWDOWN, 4× unless set), signed in with the session
// cookie in QALAM_BENCH_COOKIE (name=value), and the 30 pages of
// Google Docs to paste.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

export async function openDesk(base) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const [name, value] = (process.env.QALAM_BENCH_COOKIE ?? '=').split('=');
  if (name) await context.addCookies([{ name, value, url: base }]);
  const page = await context.newPage();
  // «Leave the page?» on the way out of a form with unsaved text.
  page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
  const cdp = await context.newCDPSession(page);
  const rate = Number(process.env.QALAM_BENCH_CPU_SLOWDOWN ?? 4);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  return { browser, page, cdp, rate };
}

/// The Google Docs fixture's document, 160 times over: 30 pages of
/// 1,800 characters in 1.5 MB of clipboard HTML.
export function thirtyPagesOfGoogleDocs(fixturePath) {
  const fixture = readFileSync(fixturePath, 'utf8');
  const body = fixture.slice(fixture.indexOf('<b '), fixture.lastIndexOf('</b>') + 4);
  return `<meta charset="utf-8">${body.repeat(160)}`;
}
