// The lost-work drill (scripts/drill-lost-work): types numbered words
// into a new article's visual editor at a steady pace for 60 s, kills the
// server with SIGKILL at a random moment, and reads the SQLite database
// the moment the server is dead: the newest word the server kept tells
// how much typing was behind. Then the server comes back (at once, or
// after 30 s) and the browser's copy is sent: every word must be there.
//
//   node drill.mjs QALAM_BINARY DATABASE_FILE
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';

const [qalam, database] = process.argv.slice(2);
const port = 3500;
const base = `http://127.0.0.1:${port}`;
const TYPING_MS = 60_000;
const WORD_EVERY_MS = 250;

let server;
async function answers() {
  try {
    return (await fetch(`${base}/health/live`)).ok;
  } catch {
    return false;
  }
}

async function startServer() {
  // Another server on the port would answer for ours (a drill cut short).
  if (await answers()) throw new Error(`something already listens on ${base}`);
  server = spawn(qalam, ['serve', '--listen', `127.0.0.1:${port}`, '--site-root', 'target/site',
    '--public-url', base], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (server.exitCode !== null) throw new Error('the server exited');
    if (await answers()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the server did not start');
}
function killServer() {
  server.kill('SIGKILL');
}
// Never leave a server behind.
process.on('exit', () => server?.kill('SIGKILL'));

/** The body of the newest form the server kept for `article` (its
 * autosave slot), read straight from the database file. */
function keptBody(article) {
  if (!article) return '';
  const script = `import sqlite3, json, sys
db = sqlite3.connect(sys.argv[1])
row = db.execute("SELECT form FROM article_drafts WHERE article_id = ?", (int(sys.argv[2]),)).fetchone()
saved = db.execute("SELECT body FROM articles WHERE id = ?", (int(sys.argv[2]),)).fetchone()
print(json.loads(row[0])["body"] if row else (saved[0] if saved else ""))`;
  return execFileSync('python3', ['-c', script, database, String(article)]).toString();
}

const wordsIn = (text) => new Set(text.match(/w\d{4}/g) ?? []);

async function drill(name, downMs) {
  await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-quic'],
  });
  const page = await (await browser.newContext()).newPage();
  page.on('dialog', (dialog) => dialog.accept().catch(() => {}));
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Логин').fill('drill');
  await page.getByLabel('Пароль').fill('drill-password');
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(/\/admin$/);
  await page.goto(`${base}/admin/articles/new`);
  await page.locator('html[data-hydrated="true"]').waitFor();
  await page.getByLabel('Заголовок', { exact: true }).fill(`Учения: ${name}`);
  const surface = page.locator('.visual-editor__content');
  await surface.click();

  const typedAt = new Map();
  const started = Date.now();
  const killAt = 10_000 + Math.random() * (TYPING_MS - 20_000 - downMs);
  let killed = null;
  let restarting = null;
  let article = null;
  for (let n = 1; Date.now() - started < TYPING_MS; n++) {
    const word = `w${String(n).padStart(4, '0')}`;
    await page.keyboard.insertText(`${word} `);
    typedAt.set(word, Date.now() - started);
    article ??= page.url().match(/\/admin\/articles\/(\d+)$/)?.[1] ?? null;
    if (!killed && Date.now() - started >= killAt) {
      killServer();
      const at = Date.now() - started;
      const kept = wordsIn(keptBody(article));
      const newestKept = Math.max(0, ...[...kept].map((w) => typedAt.get(w) ?? 0));
      killed = { at, behind: at - newestKept, kept: kept.size, typed: typedAt.size };
      restarting = new Promise((r) => setTimeout(r, downMs)).then(startServer);
    }
    await page.waitForTimeout(WORD_EVERY_MS);
  }
  await restarting;
  // The browser's copy goes out once the server answers (its retries are
  // 5 s apart) and the last words once typing has paused: wait for the
  // newest word to reach the database, a minute at most.
  const last = [...typedAt.keys()].at(-1);
  let finalWords = new Set();
  for (let waited = 0; waited < 60_000; waited += 500) {
    finalWords = wordsIn(keptBody(article));
    if (finalWords.has(last)) break;
    await page.waitForTimeout(500);
  }
  const status = await page.locator('.autosave').innerText();
  if (!article) console.log('no article id; the address is', page.url());
  const missing = [...typedAt.keys()].filter((w) => !finalWords.has(w));
  await browser.close();
  killServer();
  const behindOk = killed.behind <= 10_000;
  console.log(`${name}: ${typedAt.size} words in ${TYPING_MS / 1000} s; killed at ${(killed.at / 1000).toFixed(1)} s ` +
    `(server down ${downMs / 1000} s): the server had ${killed.kept} of ${killed.typed} words, ` +
    `${(killed.behind / 1000).toFixed(1)} s behind the typing (≤ 10 s: ${behindOk ? 'yes' : 'NO'}); ` +
    `after the browser's copy was sent, missing: ${missing.length} (0: ${missing.length === 0 ? 'yes' : 'NO'}); ` +
    `the form says «${status}»`);
  return behindOk && missing.length === 0;
}

const results = [await drill('перезапуск сразу', 0), await drill('сервер лежит 30 с', 30_000)];
process.exit(results.every(Boolean) ? 0 : 1);
