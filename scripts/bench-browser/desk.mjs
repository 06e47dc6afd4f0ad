// The editors' desk in Chromium with the CPU slowed 4× (DevTools'
// Emulation.setCPUThrottlingRate), as a mid-range laptop feels:
// - opening a 40,000-character article in the visual editor (from the
//   navigation to the editor's first paint of the text);
// - typing into it at a fast typist's pace: for each key, from keydown to
//   the next frame (requestAnimationFrame after the editor has handled the
//   key), p50 and p95 over 200 keys at the end of the article;
// - pasting a 30-page Google Docs document: the paste event's handling
//   (cleaning, parsing, inserting) until the next frame.
//
//   node desk.mjs BASE_URL ARTICLE_PATH   (QALAM_BENCH_COOKIE=qalam_session=…)
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';

const [base, articlePath, pastePath] = process.argv.slice(2);
if (!base || !articlePath || !pastePath) {
  console.error('usage: node desk.mjs BASE_URL ARTICLE_PATH GOOGLE_DOCS_FIXTURE.html');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
const [name, value] = (process.env.QALAM_BENCH_COOKIE ?? '=').split('=');
if (name) await context.addCookies([{ name, value, url: base }]);
const page = await context.newPage();
page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
const cdp = await context.newCDPSession(page);
const rate = Number(process.env.QALAM_BENCH_CPU_SLOWDOWN ?? 4);
await cdp.send('Emulation.setCPUThrottlingRate', { rate });

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

// Opening.
const opens = [];
for (let i = 0; i < 3; i++) {
  const started = Date.now();
  await page.goto(base + articlePath, { waitUntil: 'commit' });
  await page.locator('.visual-editor__content').waitFor({ state: 'visible', timeout: 60_000 });
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
  opens.push(Date.now() - started);
}
const characters = await page.evaluate(() => document.querySelector('textarea#body').value.length);

// Typing.
await page.evaluate(() => {
  window.__keys = [];
  const surface = document.querySelector('.visual-editor__content');
  surface.addEventListener('keydown', (event) => {
    const at = event.timeStamp;
    // After the editor's own handlers (this one runs first, at capture),
    // the frame that shows the key.
    setTimeout(() => requestAnimationFrame(() => window.__keys.push(performance.now() - at)), 0);
  }, true);
});
await page.locator('.visual-editor__content').click();
await page.keyboard.press('Control+End');
// At a fast typist's pace (about 8 keys a second); keys with a keydown
// (Playwright types other scripts' letters as text input, without one).
for (const ch of 'typing into a long article at a steady pace, '.repeat(5).slice(0, 200)) {
  await page.keyboard.press(ch === ' ' ? 'Space' : ch === ',' ? 'Comma' : ch);
  await page.waitForTimeout(120);
}
await page.waitForTimeout(500);
const keys = await page.evaluate(() => window.__keys);

// Pasting 30 pages of Google Docs.
const fixture = readFileSync(pastePath, 'utf8');
const body = fixture.slice(fixture.indexOf('<b '), fixture.lastIndexOf('</b>') + 4);
const thirtyPages = `<meta charset="utf-8">${body.repeat(80)}`;
await page.goto(base + '/admin/articles/new');
await page.locator('.visual-editor__content').click();
const pasteMs = await page.evaluate((html) => new Promise((resolve) => {
  const transfer = new DataTransfer();
  transfer.setData('text/html', html);
  const started = performance.now();
  document.querySelector('.visual-editor__content')
    .dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  requestAnimationFrame(() => resolve(performance.now() - started));
}), thirtyPages);
// textContent: innerText skips what is not rendered (blocks out of view).
const pasted = await page.evaluate(() => document.querySelector('.visual-editor__content').textContent.length);

console.log(`CPU ${rate}× slower; article of ${characters} characters`);
console.log(`open in the editor:   median ${percentile(opens, 50)} ms (runs: ${opens.join(', ')} ms)`);
console.log(`typing, keydown→frame: p50 ${percentile(keys, 50).toFixed(1)} ms, p95 ${percentile(keys, 95).toFixed(1)} ms, max ${Math.max(...keys).toFixed(1)} ms (${keys.length} keys)`);
console.log(`paste of ${(pasted / 1800).toFixed(0)} pages (${(thirtyPages.length / 1024).toFixed(0)} KB of HTML, ${pasted} characters of text at 1,800 a page): ${pasteMs.toFixed(0)} ms to the next frame`);
await browser.close();
