import { test as base, expect, Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');

type Fixtures = {
  /** Console messages a test expects (e.g. Chromium's note about a 404). */
  expectedConsole: RegExp[];
  /** Fails the test on any console error, page error or hydration warning. */
  consoleProblems: string[];
};

export const test = base.extend<Fixtures>({
  expectedConsole: [[], { option: true }],
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
