// Where the visual editor's time goes, as a CPU profile (CPU 4× slower),
// summed per function (self time), the top 30 printed. A tool for working
// on the editor beside desk.mjs, which measures it:
//   typing  60 keys at the end of the article at ARTICLE_PATH;
//   paste   30 pages of Google Docs (FIXTURE, repeated as desk.mjs does)
//           into a new article, five times.
// Function names are readable when the bundle is not minified
// (QALAM_EDITOR_DEBUG=1 node app/editor/build.mjs).
//
//   node profile-desk.mjs typing|paste BASE_URL ARTICLE_PATH FIXTURE   (QALAM_BENCH_COOKIE=…)
import { openDesk, thirtyPagesOfGoogleDocs } from './desk-session.mjs';

const [what, base, articlePath, pastePath] = process.argv.slice(2);
if (!['typing', 'paste'].includes(what) || !base) {
  console.error('usage: node profile-desk.mjs typing|paste BASE_URL ARTICLE_PATH GOOGLE_DOCS_FIXTURE.html');
  process.exit(2);
}
const { browser, page, cdp } = await openDesk(base);
const self = new Map();
const total = new Map();
const lines = new Map();
let busy = 0;

async function profiled(act) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await act();
  const { profile } = await cdp.send('Profiler.stop');
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const keyOf = (id) => {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    return `${functionName || '(anonymous)'} ${url.split('/').pop()}:${lineNumber + 1}`;
  };
  for (const node of profile.nodes) {
    for (const { line, ticks } of node.positionTicks ?? []) {
      const key = `${node.callFrame.url.split('/').pop()}:${line}`;
      lines.set(key, (lines.get(key) ?? 0) + ticks);
    }
  }
  profile.samples.forEach((id, i) => {
    const key = keyOf(id);
    if (key.startsWith('(idle)')) return;
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    self.set(key, (self.get(key) ?? 0) + ms);
    busy += ms;
    // Inclusive: once for each function on the stack.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(keyOf(at));
    for (const k of seen) total.set(k, (total.get(k) ?? 0) + ms);
  });
}

if (what === 'typing') {
  await page.goto(base + articlePath);
  await page.locator('.visual-editor__content').waitFor({ state: 'visible' });
  await page.locator('.visual-editor__content').click();
  await page.keyboard.press('Control+End');
  await page.waitForTimeout(1000);
  await profiled(async () => {
    for (const ch of 'typing into a long article at a steady pace'.repeat(2).slice(0, 60)) {
      await page.keyboard.press(ch === ' ' ? 'Space' : ch);
      await page.waitForTimeout(120);
    }
  });
  console.log(`busy ${busy.toFixed(0)} ms over 60 keys (${(busy / 60).toFixed(1)} ms a key)`);
} else {
  const longPaste = thirtyPagesOfGoogleDocs(pastePath);
  for (let i = 0; i < 5; i++) {
    await page.goto(base + '/admin/articles/new');
    await page.locator('.visual-editor__content').click();
    await page.waitForTimeout(500);
    await profiled(() => page.evaluate((html) => new Promise((resolve) => {
      const transfer = new DataTransfer();
      transfer.setData('text/html', html);
      document.querySelector('.visual-editor__content')
        .dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
      requestAnimationFrame(() => setTimeout(resolve, 0));
    }), longPaste));
  }
  console.log(`busy ${busy.toFixed(0)} ms over 5 pastes (${(busy / 5).toFixed(0)} ms a paste)`);
}
console.log('self time ("(program)" is the browser\'s own work: native editing, style, layout, paint):');
for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
}
console.log('total time, with what each calls:');
for (const [key, ms] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
}
await browser.close();
console.log('source lines by samples (self):');
for (const [key, ticks] of [...lines].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  console.log(`${String(ticks).padStart(8)}  ${key}`);
}
