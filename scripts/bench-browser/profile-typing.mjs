// Where a keystroke's time goes in the visual editor: a CPU profile of
// typing 60 keys into the article at BASE_URL ARTICLE_PATH (CPU 4× slower),
// summed per function (self time), the top 30 printed. A tool for working
// on typing latency beside desk.mjs, which measures it.
//
//   node profile-typing.mjs BASE_URL ARTICLE_PATH   (QALAM_BENCH_COOKIE=…)
import { chromium } from 'playwright-core';

const [base, articlePath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
});
const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
const [name, value] = (process.env.QALAM_BENCH_COOKIE ?? '=').split('=');
if (name) await context.addCookies([{ name, value, url: base }]);
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.QALAM_BENCH_CPU_SLOWDOWN ?? 4) });
await page.goto(base + articlePath);
await page.locator('.visual-editor__content').waitFor({ state: 'visible' });
await page.locator('.visual-editor__content').click();
await page.keyboard.press('Control+End');
await page.waitForTimeout(1000);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
await cdp.send('Profiler.start');
for (const ch of 'typing into a long article at a steady pace'.repeat(2).slice(0, 60)) {
  await page.keyboard.press(ch === ' ' ? 'Space' : ch);
  await page.waitForTimeout(120);
}
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const deltas = profile.timeDeltas;
profile.samples.forEach((id, i) => {
  const node = byId.get(id);
  const { functionName, url, lineNumber } = node.callFrame;
  const key = `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
});
const rows = [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 30);
const busy = [...self].filter(([k]) => !k.startsWith('(idle)')).reduce((sum, [, ms]) => sum + ms, 0);
console.log(`busy ${busy.toFixed(0)} ms over 60 keys (${(busy / 60).toFixed(1)} ms a key)`);
console.log('("(program)" is the browser\'s own work: native editing, style, layout, paint.)');
for (const [key, ms] of rows) console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
await browser.close();
