import AxeBuilder from '@axe-core/playwright';
import {
  test, expect, ready, publish, javaScriptOn, installClock, newContext, RELATIVE_TIME, pageForAxe, doneWithAxe,
} from './fixtures';

const ticker = (page: import('@playwright/test').Page) =>
  page.getByRole('region', { name: 'Последние новости' });

test('home shows the lead story, the categories and the ticker', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await expect(page).toHaveTitle('Qalam — новости Казахстана');
  const lead = page.locator('.card--lead');
  await expect(lead.getByRole('heading', { level: 2 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Главное сейчас' })).toBeVisible();
  for (const name of ['Политика', 'Экономика', 'Общество', 'Спорт', 'Происшествия', 'Технологии']) {
    await expect(page.getByRole('navigation', { name: 'Рубрики' }).getByRole('link', { name })).toBeVisible();
  }
  const items = ticker(page).getByRole('listitem');
  await expect(items).toHaveCount(6);
  for (const time of await ticker(page).locator('time').allTextContents()) {
    expect(time).toMatch(RELATIVE_TIME);
  }
  for (const excerpt of await ticker(page).locator('.ticker__excerpt').allTextContents()) {
    expect([...excerpt].length).toBeLessThanOrEqual(100);
  }
});

test('an article page shows its parts', async ({ page }) => {
  await page.goto('/');
  const headline = page.locator('.card--lead').getByRole('heading', { level: 2 }).getByRole('link');
  const title = (await headline.textContent())!.trim();
  await headline.click();
  await expect(page).toHaveURL(/\/news\/[a-z0-9-]+$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page).toHaveTitle(`${title} — Qalam`);
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /.{20,}/);
  await expect(page.locator('.article__lead')).not.toBeEmpty();
  await expect(page.locator('.article__author')).not.toBeEmpty();
  await expect(page.locator('.article__byline time')).toHaveAttribute('datetime', /\+05:00$/);
  await expect(page.locator('.article__category')).toHaveAttribute('href', /^\/category\/[a-z]+$/);
  await expect(page.locator('.article__body blockquote')).toBeVisible();
  const share = page.getByRole('region', { name: 'Поделиться' });
  for (const network of ['Telegram', 'WhatsApp', 'VK', 'Facebook', 'X']) {
    await expect(share.getByRole('link', { name: network, exact: true })).toHaveAttribute('href', /^https:\/\//);
  }
  await expect(share.getByLabel('Ссылка на материал')).toHaveValue(page.url());
  const copy = share.getByRole('button', { name: 'Скопировать ссылку' });
  if (javaScriptOn()) {
    await expect(copy).toBeVisible();
  } else {
    await expect(copy).toBeHidden();
  }
  await expect(ticker(page).getByRole('listitem')).toHaveCount(6);
});

test('a reader page loads only the readers\' islands, never the workspace\'s code', async ({ page }) => {
  const code: string[] = [];
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (/\.(js|wasm)$/.test(url.pathname)) code.push(url.pathname);
  });
  for (const path of ['/', '/category/politika', '/search?q=%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B']) {
    await page.goto(path);
    await ready(page);
  }
  await page.locator('.card__title a').first().click();
  await expect(page).toHaveURL(/\/news\//);
  await ready(page);
  await page.waitForLoadState('networkidle');
  if (javaScriptOn()) {
    // The islands bundle (JS glue, WebAssembly, the split loader)…
    expect(code.some((path) => path.endsWith('.wasm'))).toBe(true);
  }
  // …and never the workspace's chunks (the article form, the live desk's
  // composer), split off for editors. Readers' lazy islands (a live story,
  // embeds) may load theirs.
  expect(code.filter((path) => /split_(editor_form|update_composer)_/.test(path))).toEqual([]);
});

test('the copy button copies the article\'s address', async ({ page, context }) => {
  test.skip(!javaScriptOn(), 'copying needs JavaScript; the address is in a field to select');
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('/');
  await page.locator('.card--lead h2 a').click();
  await expect(page).toHaveURL(/\/news\//);
  await ready(page);
  const share = page.getByRole('region', { name: 'Поделиться' });
  await share.getByRole('button', { name: 'Скопировать ссылку' }).click();
  await expect(share.getByRole('status')).toHaveText('Ссылка скопирована');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
});

test('category pages go forward and back', async ({ page }) => {
  await page.goto('/category/tekhnologii');
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Технологии');
  const cards = page.locator('main article');
  await expect(cards).toHaveCount(20);
  const firstPage = await cards.locator('h2').allTextContents();

  await page.getByRole('link', { name: 'Старее →' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('Страница 2', { exact: true })).toBeVisible();
  await expect(cards).toHaveCount(20);
  const secondPage = await cards.locator('h2').allTextContents();
  expect(secondPage.filter((t) => firstPage.includes(t))).toEqual([]);

  await page.getByRole('link', { name: 'Старее →' }).click();
  await expect(page).toHaveURL(/page=3/);
  // With JavaScript the URL changes before the page has loaded: wait for it.
  await expect(page.getByText('Страница 3', { exact: true })).toBeVisible();
  const thirdCount = await cards.count();
  expect(thirdCount).toBeGreaterThan(0);
  expect(thirdCount).toBeLessThanOrEqual(20);
  await expect(page.getByRole('link', { name: 'Старее →' })).toHaveCount(0);

  await page.getByRole('link', { name: '← Новее' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(cards.locator('h2')).toHaveText(secondPage);
  await page.getByRole('link', { name: '← Новее' }).click();
  await expect(page).toHaveURL(/\/category\/tekhnologii$/);
  await expect(cards.locator('h2')).toHaveText(firstPage);

  // A typed page number lands on the same page as the link.
  await page.goto('/category/tekhnologii?page=2');
  await expect(cards.locator('h2')).toHaveText(secondPage);
});

test.describe('missing pages', () => {
  test.use({ expectedConsole: [/status of 404/] });

  for (const url of ['/news/takoy-novosti-net', '/category/tekhnologii?page=99', '/category/net-takoy', '/category/sport?page=abc', '/kakaya-to/stranitsa']) {
    test(`${url} is a real 404 page with a way back`, async ({ page }) => {
      const response = await page.goto(url);
      expect(response?.status()).toBe(404);
      await ready(page);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Страница не найдена');
      await expect(page).toHaveTitle('Страница не найдена — Qalam');
      await page.getByRole('link', { name: 'На главную' }).click();
      await expect(page).toHaveURL(/\/$/);
    });
  }
});

test('the ticker API has a stable URL and refuses a bad limit', async ({ request }) => {
  const ok = await request.get('/api/ticker?limit=3');
  expect(ok.status()).toBe(200);
  expect((await ok.json()).items).toHaveLength(3);
  for (const bad of ['0', '51', 'abc']) {
    const response = await request.get(`/api/ticker?limit=${bad}`);
    expect(response.status(), `limit=${bad}`).toBe(400);
  }
});

test('the ticker shows a newly published article', async ({ page }) => {
  const title = `Срочное сообщение ${test.info().project.name} ${Date.now()}`;
  if (javaScriptOn()) {
    await installClock(page);
    await page.goto('/');
    await ready(page);
    await expect(ticker(page)).not.toContainText(title);
    const path = publish(title);
    // The server learns of a change by another process when it next polls
    // the content version (every 200 ms; see the JavaScript-off branch).
    await expect
      .poll(async () => JSON.stringify(await (await page.request.get('/api/ticker')).json()))
      .toContain(title);
    // The ticker refetches every minute, without a reload.
    await page.clock.runFor(61_000);
    const item = ticker(page).getByRole('listitem').filter({ hasText: title });
    await expect(item).toBeVisible();
    await expect(item.getByRole('link')).toHaveAttribute('href', path);
    await expect(item.locator('time')).toHaveText(/только что|1 минуту назад/);
    // The relative time keeps ticking without a reload.
    await page.clock.runFor(5 * 60_000);
    await expect(item.locator('time')).toHaveText(/[56] минут назад/);
  } else {
    await page.goto('/');
    publish(title);
    // Cached pages are dropped when the server next polls the content
    // version (every 200 ms): a reload a moment later shows the article.
    const item = ticker(page).getByRole('listitem').filter({ hasText: title });
    await expect(async () => {
      await page.reload();
      await expect(item).toBeVisible({ timeout: 100 });
    }).toPass({ timeout: 5_000 });
    await expect(item.locator('time')).toHaveText(/только что|1 минуту назад/);
  }
});

for (const [name, url] of [
  ['home', '/'],
  ['category', '/category/politika'],
  ['article', null],
  ['search results', '/search?q=%D0%B2%D1%8B%D0%B1%D0%BE%D1%80%D1%8B'],
  ['author', '/author/aliya-seytova'],
  ['tag', '/tag/almaty'],
] as const) {
  test(`axe finds no accessibility violations on the ${name} page`, async ({ page, browser }) => {
    const checked = await pageForAxe(page, browser);
    await checked.goto(url ?? '/');
    if (url === null) {
      await checked.locator('.card--lead h2 a').click();
      await expect(checked).toHaveURL(/\/news\//);
      // Client-side navigation: check the loaded article, not "Загрузка…".
      await expect(checked.locator('.article__title')).toBeVisible();
    }
    if (checked === page) await ready(page);
    const results = await new AxeBuilder({ page: checked }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    await doneWithAxe(checked, page);
  });
}
