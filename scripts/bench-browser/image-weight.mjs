// The bytes a phone downloads for an article page's images: Chromium as an
// iPhone-sized screen (390 CSS px wide, DPR 3), the page scrolled to the
// end so lazy images load, every image response counted as transferred.
// "Before" is what the same page cost before responsive sizes: each of
// those images as its uploaded original (/media/{id}), which the page
// then showed everywhere.
//
//   node image-weight.mjs http://127.0.0.1:3300 /news/a /news/b
import { chromium } from 'playwright-core';

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node image-weight.mjs BASE_URL PATH…');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`${'page'.padEnd(44)} images  after (sizes, WebP)  before (originals)`);
let totalAfter = 0;
let totalBefore = 0;
for (const path of paths) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Mobile Safari/604.1',
  });
  const page = await context.newPage();
  const images = new Map();
  page.on('requestfinished', async (request) => {
    if (request.resourceType() !== 'image') return;
    const sizes = await request.sizes().catch(() => null);
    images.set(request.url(), sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0);
  });
  await page.goto(base + path, { waitUntil: 'networkidle' });
  for (let y = 0; y < 40; y++) {
    await page.mouse.wheel(0, 800);
    await page.waitForTimeout(50);
  }
  await page.waitForLoadState('networkidle');
  const after = [...images.values()].reduce((a, b) => a + b, 0);
  const ids = new Set([...images.keys()].map((url) => new URL(url).pathname.match(/^\/media\/(\d+)/)?.[1]).filter(Boolean));
  let before = 0;
  for (const id of ids) {
    const response = await context.request.get(`${base}/media/${id}`);
    before += (await response.body()).length;
  }
  totalAfter += after;
  totalBefore += before;
  console.log(`${path.slice(0, 44).padEnd(44)} ${String(images.size).padStart(6)}  ${kb(after).padStart(20)}  ${kb(before).padStart(18)}`);
  await context.close();
}
console.log(`${'all'.padEnd(44)} ${''.padStart(6)}  ${kb(totalAfter).padStart(20)}  ${kb(totalBefore).padStart(18)}`);
await browser.close();
