// Lighthouse 12.2.3 on Debian's Chromium, mobile preset with its default
// simulated throttling (a mid-range phone on a slow 4G network): each page
// three times, the median run by performance score reported.
//
//   node lighthouse.mjs http://127.0.0.1:3200 / /news/x /category/politika
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node lighthouse.mjs BASE_URL PATH…');
  process.exit(2);
}
const RUNS = Number(process.env.QALAM_LIGHTHOUSE_RUNS ?? 3);

const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
});
const score = (lhr, id) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
console.log(`${'page'.padEnd(28)} perf  a11y  bp   seo   LCP      TBT     CLS    (median of ${RUNS})`);
try {
  for (const path of paths) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const { lhr } = await lighthouse(base + path, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      });
      runs.push(lhr);
    }
    runs.sort((a, b) => score(a, 'performance') - score(b, 'performance'));
    const lhr = runs[Math.floor(runs.length / 2)];
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    console.log(
      `${path.padEnd(28)} ${String(score(lhr, 'performance')).padStart(4)} ${String(score(lhr, 'accessibility')).padStart(5)} ${String(score(lhr, 'best-practices')).padStart(4)} ${String(score(lhr, 'seo')).padStart(5)}  ${(audit('largest-contentful-paint') / 1000).toFixed(2).padStart(5)} s ${audit('total-blocking-time').toFixed(0).padStart(5)} ms ${audit('cumulative-layout-shift').toFixed(3).padStart(6)}   [perf runs: ${runs.map((r) => score(r, 'performance')).join(', ')}]`,
    );
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable')
      .map((a) => `${a.id} (${a.displayValue ?? a.score})`);
    if (failing.length) console.log(`${''.padEnd(28)} below 90: ${failing.slice(0, 8).join(', ')}`);
  }
} finally {
  await chrome.kill();
}
