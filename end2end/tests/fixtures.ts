import { test as base, expect, Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

type Fixtures = {
  /** Console messages a test expects (e.g. Chromium's note about a 404). */
  expectedConsole: RegExp[];
  /** Fails the test on any console error, page error or hydration warning. */
  consoleProblems: string[];
};

/** Seconds the whole run is moved in time (a calendar drill), else 0. */
export const CLOCK_OFFSET_SECONDS = Number(process.env.QALAM_CLOCK_OFFSET_SECONDS ?? 0);

const clocked = new WeakSet<BrowserContext>();

/**
 * Installs Playwright's clock in the page's context, once, at the run's
 * time (the machine's, or the drill's): it then runs on by itself, and
 * tests may move it further with `page.clock.runFor`.
 */
export async function installClock(page: Page): Promise<void> {
  const context = page.context();
  if (clocked.has(context)) return;
  clocked.add(context);
  await context.clock.install({ time: Date.now() + CLOCK_OFFSET_SECONDS * 1000 });
}

/** A new context (a reader elsewhere) on the run's clock. */
export async function newContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'ru-RU', timezoneId: 'Asia/Almaty', ...options });
  if (CLOCK_OFFSET_SECONDS !== 0) {
    clocked.add(context);
    await context.clock.install({ time: Date.now() + CLOCK_OFFSET_SECONDS * 1000 });
  }
  return context;
}

export const test = base.extend<Fixtures & { drillClock: void; leaveWhenAsked: void }>({
  expectedConsole: [[], { option: true }],
  // Leaving the article form with changes not yet kept anywhere asks
  // first (app/src/pages/admin/autosave.rs); a test that navigates away
  // means to leave.
  leaveWhenAsked: [
    async ({ page }, use) => {
      page.on('dialog', (dialog) => {
        if (dialog.type() === 'beforeunload') dialog.accept().catch(() => {});
      });
      await use();
    },
    { auto: true },
  ],
  drillClock: [
    async ({ page }, use) => {
      if (CLOCK_OFFSET_SECONDS !== 0) await installClock(page);
      await use();
    },
    { auto: true },
  ],
  consoleProblems: [
    async ({ page, expectedConsole }, use) => {
      const problems: string[] = [];
      page.on('console', (message) => {
        const text = message.text();
        const problem = message.type() === 'error' || /hydrat/i.test(text);
        if (problem && !expectedConsole.some((allowed) => allowed.test(text))) {
          problems.push(`${message.type()}: ${text}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await use(problems);
      expect(problems, 'console errors, page errors or hydration warnings').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export function javaScriptOn(): boolean {
  return test.info().project.name === 'js';
}

/** With JavaScript on, waits until the page has hydrated. */
export async function ready(page: Page): Promise<void> {
  if (javaScriptOn()) {
    await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
  }
}

/** Publishes an article through the `qalam` command line; returns its path. */
export function publish(title: string, category = 'politika'): string {
  const output = execFileSync(
    path.join(repoRoot, 'target/release/qalam'),
    [
      'publish',
      '--title', title,
      '--category', category,
      '--lead', `Лид: ${title}. Подробности — в материале.`,
      '--body', 'Первый абзац.\n\n> «Цитата», — сказал представитель ведомства.',
    ],
    { cwd: repoRoot, env: { ...process.env, QALAM_DATABASE_URL: 'sqlite:target/e2e/qalam.db' } },
  );
  return output.toString().trim();
}

/** Relative times as the ticker writes them. */
export const RELATIVE_TIME =
  /^(только что|\d+ (минуту|минуты|минут|час|часа|часов) назад|вчера в \d\d:\d\d|\d{1,2} [а-я]+( в \d\d:\d\d| \d{4}))$/;

/**
 * The page axe checks. With JavaScript on, `page` itself. Off: axe is
 * JavaScript, so the no-JS reader's page is checked in a context where
 * scripts run but the app's bundle is not served: exactly the server's
 * HTML and CSS, never hydrated. Close its context after (`doneWithAxe`).
 */
export async function pageForAxe(page: Page, browser: Browser): Promise<Page> {
  if (javaScriptOn()) return page;
  const context = await newContext(browser, { javaScriptEnabled: true });
  await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }),
  );
  return context.newPage();
}

export async function doneWithAxe(checked: Page, page: Page): Promise<void> {
  if (checked !== page) await checked.context().close();
}
