// The editors' desk in Chromium with the CPU slowed 4× (DevTools'
// Emulation.setCPUThrottlingRate), as a mid-range laptop feels:
// - opening a 40,000-character article in the visual editor (from the
//   navigation to the editor's first paint of the text);
// - typing into it at a fast typist's pace: for each key, from keydown to
//   the next frame (requestAnimationFrame after the editor has handled the
//   key), p50 and p95 over 200 keys at the end of the article; beside it
//   the same keys into a bare editable paragraph on an empty page, the
//   floor this browser and slowdown allow (it includes the wait for the
//   next frame, up to 16.7 ms at 60 Hz);
// - pasting a long Google Docs document: the paste event's handling
//   (cleaning, parsing, inserting its first part) until the next frame,
//   and until the frame after the rest is in, medians of 5; and its
//   conversion alone (the whole HTML cleaned and read into a document,
//   nothing drawn).
//
//   node desk.mjs BASE_URL ARTICLE_PATH   (QALAM_BENCH_COOKIE=qalam_session=…)
import { openDesk, thirtyPagesOfGoogleDocs } from './desk-session.mjs';

const [base, articlePath, pastePath] = process.argv.slice(2);
if (!base || !articlePath || !pastePath) {
  console.error('usage: node desk.mjs BASE_URL ARTICLE_PATH GOOGLE_DOCS_FIXTURE.html');
  process.exit(2);
}
const { browser, page, rate } = await openDesk(base);

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

// Typing: for each key, keydown to the frame after the editor handled it.
async function typingLatencies(surface) {
  await page.evaluate((selector) => {
    window.__keys = [];
    document.querySelector(selector).addEventListener('keydown', (event) => {
      const at = event.timeStamp;
      // After the editor's own handlers (this one runs first, at capture),
      // the frame that shows the key.
      setTimeout(() => requestAnimationFrame(() => window.__keys.push(performance.now() - at)), 0);
    }, true);
  }, surface);
  await page.locator(surface).click();
  await page.keyboard.press('Control+End');
  // At a fast typist's pace (about 8 keys a second); keys with a keydown
  // (Playwright types other scripts' letters as text input, without one).
  for (const ch of 'typing into a long article at a steady pace, '.repeat(5).slice(0, 200)) {
    await page.keyboard.press(ch === ' ' ? 'Space' : ch === ',' ? 'Comma' : ch);
    await page.waitForTimeout(120);
  }
  await page.waitForTimeout(500);
  return page.evaluate(() => window.__keys);
}
const keys = await typingLatencies('.visual-editor__content');
// The floor: the same keys into a bare editable paragraph on an empty
// page, where only the browser works (event, text insertion, frame).
await page.setContent('<div contenteditable="true" class="bare"><p>Пустая страница.</p></div>');
const bareKeys = await typingLatencies('.bare');

// Pasting 30 pages of Google Docs.
const longPaste = thirtyPagesOfGoogleDocs(pastePath);
// Five pastes, each into a new article's empty editor: one alone moves
// by a third from run to run.
const pastes = [];
for (let i = 0; i < 5; i++) {
  await page.goto(base + '/admin/articles/new');
  await page.locator('.visual-editor__content').click();
  pastes.push(await page.evaluate((html) => new Promise((resolve) => {
    const transfer = new DataTransfer();
    transfer.setData('text/html', html);
    const started = performance.now();
    document.querySelector('.visual-editor__content')
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    requestAnimationFrame(() => {
      const firstFrame = Math.round(performance.now() - started);
      // The rest of a long paste goes in a frame later (clipboard.js).
      const allIn = () => {
        if (window.qalamEditor.editor().pasteRest) return setTimeout(allIn, 5);
        requestAnimationFrame(() => resolve([firstFrame, Math.round(performance.now() - started)]));
      };
      allIn();
    });
  }), longPaste));
}
// The conversion alone: the whole paste's HTML cleaned and read into a
// document (what the paste does in its two parts, without drawing).
// (An editor bundle from before 8 December 2026 cannot say.)
const conversions = [];
const canConvert = await page.evaluate(() => typeof window.qalamEditor.pasteToDocument === 'function');
for (let i = 0; canConvert && i < 5; i++) {
  conversions.push(await page.evaluate((html) => {
    const started = performance.now();
    window.qalamEditor.pasteToDocument(html);
    return Math.round(performance.now() - started);
  }, longPaste));
}
// textContent: innerText skips what is not rendered (blocks out of view).
const pasted = await page.evaluate(() => document.querySelector('.visual-editor__content').textContent.length);

console.log(`CPU ${rate}× slower; article of ${characters} characters`);
console.log(`open in the editor:   median ${percentile(opens, 50)} ms (runs: ${opens.join(', ')} ms)`);
const typing = (values) => `p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (${values.length} keys)`;
console.log(`typing, keydown→frame: ${typing(keys)}`);
console.log(`  the floor, a bare editable paragraph on an empty page: ${typing(bareKeys)}`);
const firstFrames = pastes.map(([first]) => first);
const allIn = pastes.map(([, all]) => all);
console.log(`paste of ${(pasted / 1800).toFixed(0)} pages (${(longPaste.length / 1024).toFixed(0)} KB of HTML, ${pasted} characters of text at 1,800 a page):`);
console.log(`  the paste's first frame (its first screens in): median ${percentile(firstFrames, 50)} ms (runs: ${firstFrames.join(', ')} ms)`);
console.log(`  all of it in, the frame after the rest:         median ${percentile(allIn, 50)} ms (runs: ${allIn.join(', ')} ms)`);
if (canConvert) console.log(`  its conversion alone (HTML → document, whole):  median ${percentile(conversions, 50)} ms (runs: ${conversions.join(', ')} ms)`);
await browser.close();
