// What each page makes a browser download, counted in Chromium as it loads
// the page (not by listing pkg/): every script and WebAssembly response of
// the page after load, network idle and the islands' start (lazy chunks
// included), as sent (the transfer, compressed when the server compressed
// it) and as brotli (each body compressed at quality 11 here), and the
// page's own HTML, raw and as sent.
//
//   node page-weight.mjs http://127.0.0.1:3200 / /news/x /category/politika
//   QALAM_BENCH_COOKIE=qalam_session=…   pages of the signed-in workspace
//
// Prints one line per page and, with --json, a JSON array of the figures.
import { chromium } from 'playwright-core';
import { brotliCompressSync, constants } from 'node:zlib';

const [base, ...rest] = process.argv.slice(2);
const json = rest.includes('--json');
const paths = rest.filter((a) => a !== '--json');
if (!base || paths.length === 0) {
  console.error('usage: node page-weight.mjs BASE_URL PATH… [--json]');
  process.exit(2);
}

const brotli = (bytes) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
const results = [];
for (const path of paths) {
  const context = await browser.newContext();
  if (process.env.QALAM_BENCH_COOKIE) {
    const [name, value] = process.env.QALAM_BENCH_COOKIE.split('=');
    await context.addCookies([{ name, value, url: base }]);
  }
  const page = await context.newPage();
  const responses = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    if (!response) return;
    const url = request.url();
    const kind = request.resourceType();
    const isCode = kind === 'script' || url.endsWith('.wasm') || url.endsWith('.js');
    const isDocument = kind === 'document';
    if (!isCode && !isDocument) return;
    const sizes = await request.sizes();
    const body = await response.body().catch(() => Buffer.alloc(0));
    responses.push({ url, kind: isDocument ? 'html' : url.endsWith('.wasm') ? 'wasm' : 'js',
      sent: sizes.responseBodySize, raw: body.length, brotli: brotli(body) });
  });
  await page.goto(base + path, { waitUntil: 'load' });
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 10_000 })
    .catch(() => {});
  await page.waitForLoadState('networkidle');
  const sum = (kind, field) => responses.filter((r) => kind.includes(r.kind)).reduce((n, r) => n + r[field], 0);
  const result = {
    path,
    code_files: responses.filter((r) => r.kind !== 'html').map((r) => r.url.replace(base, '')),
    code_sent: sum(['js', 'wasm'], 'sent'),
    code_brotli: sum(['js', 'wasm'], 'brotli'),
    code_raw: sum(['js', 'wasm'], 'raw'),
    html_raw: sum(['html'], 'raw'),
    html_sent: sum(['html'], 'sent'),
  };
  results.push(result);
  await context.close();
}
await browser.close();

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
for (const r of results) {
  console.log(
    `${r.path.padEnd(40)} JS+WASM sent ${kb(r.code_sent).padStart(10)}  brotli ${kb(r.code_brotli).padStart(10)}  raw ${kb(r.code_raw).padStart(10)}   HTML raw ${kb(r.html_raw).padStart(9)}  sent ${kb(r.html_sent).padStart(9)}   (${r.code_files.length} files)`,
  );
}
if (json) console.log(JSON.stringify(results));
