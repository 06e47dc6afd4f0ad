import AxeBuilder from '@axe-core/playwright';
import {
  test, expect, ready, javaScriptOn, pageForAxe, doneWithAxe, publish, newContext,
} from './fixtures';
import { fillBody, savedNewArticle, signIn } from './desk';

// The demo's Kazakh edition: the snowfall story is the Russian home's
// breaking lead, and its Kazakh translation the Kazakh home's.
const RUSSIAN_LEAD = 'В Алматы из-за сильного снегопада закрыт участок Восточной объездной дороги';
const KAZAKH_LEAD = 'Алматыда қалың қар салдарынан Шығыс айналма жолының бір бөлігі жабылды';

/** Relative and list times as a Kazakh page writes them (CLDR `kk`). */
const KAZAKH_TIME =
  /^(қазір|\d+ (минут|сағат) бұрын|\d\d:\d\d|кеше, \d\d:\d\d|\d{1,2} [а-яәғқңөұүһі]+, \d\d:\d\d|\d{4} ж\. \d{1,2} [а-яәғқңөұүһі]+)$/;

test('a reader switches language on an article and lands on its translation', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  await page.locator('.card--lead h2 a').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(RUSSIAN_LEAD);
  await ready(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  const russianUrl = page.url();

  await page.getByRole('link', { name: 'Қазақша' }).click();
  await expect(page).toHaveURL(/\/kk\/news\/[a-z0-9-]+$/);
  await ready(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(KAZAKH_LEAD);
  await expect(page.getByRole('region', { name: 'Бөлісу' })).toBeVisible();
  await expect(page.locator('link[hreflang="ru"]')).toHaveAttribute('href', russianUrl);
  await expect(page.locator('link[hreflang="x-default"]')).toHaveAttribute('href', russianUrl);
  await expect(page.locator('link[hreflang="kk"]')).toHaveAttribute('href', page.url());

  await page.getByRole('link', { name: 'Русский' }).click();
  await expect(page).toHaveURL(russianUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(RUSSIAN_LEAD);
});

test('the Kazakh home is Kazakh: its ticker, its breaking bar and its times', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/kk');
  await ready(page);
  await expect(page).toHaveTitle('Qalam — Қазақстан жаңалықтары');
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  const nav = page.getByRole('navigation', { name: 'Айдарлар' });
  for (const name of ['Саясат', 'Экономика', 'Қоғам', 'Спорт', 'Оқиғалар', 'Технология']) {
    await expect(nav.getByRole('link', { name })).toBeVisible();
  }
  await expect(page.locator('.card--lead h2')).toHaveText(KAZAKH_LEAD);

  const bar = page.getByRole('region', { name: 'Шұғыл жаңалық' });
  await expect(bar).toContainText('Шұғыл:');
  await expect(bar.getByRole('link')).toHaveText(KAZAKH_LEAD);
  await expect(bar.getByRole('link')).toHaveAttribute('href', /^\/kk\/news\//);
  if (javaScriptOn()) await expect(bar.getByRole('button', { name: 'Жасыру' })).toBeVisible();

  const ticker = page.getByRole('region', { name: 'Соңғы жаңалықтар' });
  await expect(ticker.getByRole('listitem')).toHaveCount(6);
  for (const link of await ticker.getByRole('link').all()) {
    await expect(link).toHaveAttribute('href', /^\/kk\/news\/[a-z0-9-]+$/);
  }
  // With JavaScript the island has re-written them from the browser's
  // clock by now (at its start): still Kazakh.
  for (const time of await ticker.locator('time').allTextContents()) {
    expect(time.trim()).toMatch(KAZAKH_TIME);
  }
  for (const time of await page.locator('.card__meta time').allTextContents()) {
    expect(time.trim()).toMatch(KAZAKH_TIME);
  }
  const text = await page.locator('body').innerText();
  for (const russian of ['Последние новости', 'Рубрики', 'Срочно', 'назад', 'Поиск по сайту']) {
    expect(text, russian).not.toContain(russian);
  }
  await expect(page.getByRole('link', { name: 'Русский' })).toHaveAttribute('href', '/');
  expect(errors).toEqual([]);
});

test('a Kazakh category lists the Kazakh edition only', async ({ page }) => {
  await page.goto('/kk');
  await page.getByRole('navigation', { name: 'Айдарлар' }).getByRole('link', { name: 'Экономика' }).click();
  await expect(page).toHaveURL(/\/kk\/category\/ekonomika$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Экономика');
  const titles = await page.locator('.card__title').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  expect(titles.join(' ')).toContain('Ұлттық банк');
  expect(titles.join(' ')).not.toContain('Нацбанк');
});

test('the Kazakh live story is Kazakh, and so are its updates and times', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/kk');
  await page.getByRole('link', { name: /Мәслихат сайлауы күні/ }).first().click();
  await expect(page).toHaveURL(/\/kk\/news\/[a-z0-9-]+$/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Мәслихат сайлауы күні: тікелей трансляция');
  const live = page.locator('section.live');
  await expect(live.getByRole('heading', { level: 2 })).toHaveText('Тікелей трансляция');
  const updates = live.locator('.live-update');
  expect(await updates.count()).toBeGreaterThanOrEqual(8);
  await expect(updates.first()).toContainText('Осы сағаттағы ең маңыздысы');
  for (const time of await live.locator('.live-update__meta time').allTextContents()) {
    expect(time.trim()).toMatch(KAZAKH_TIME);
  }
  const text = await live.innerText();
  for (const russian of ['Прямая трансляция', 'Закреплено', 'назад', 'Явка']) {
    expect(text, russian).not.toContain(russian);
  }
  // Its translation is the Russian live story.
  await page.getByRole('link', { name: 'Русский' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('День выборов в маслихаты: прямая трансляция');
  expect(errors).toEqual([]);
});

test('the Kazakh footer leads to the Kazakh corrections page', async ({ page }) => {
  await page.goto('/kk');
  const footer = page.locator('footer.site-footer');
  await footer.getByRole('link', { name: 'Түзетулер' }).click();
  await expect(page).toHaveURL(/\/kk\/corrections$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Түзетулер');
  await expect(page.locator('body')).not.toContainText('Исправления');
  await expect(page.locator('.corrections__title').first()).toContainText('Ұлттық банк');
  await expect(page.locator('.corrections__item').first()).toContainText('Түзету, ');
  for (const link of await page.locator('.corrections__title').all()) {
    await expect(link).toHaveAttribute('href', /^\/kk\/news\//);
  }
});

test("a Kazakh article's byline leads to the author's Kazakh page", async ({ page }) => {
  await page.goto('/kk');
  await page.locator('.card--lead h2 a').click();
  await expect(page).toHaveURL(/\/kk\/news\//);
  const author = page.locator('.article__authors a').first();
  await expect(author).toHaveAttribute('href', /^\/kk\/author\/[a-z-]+$/);
  await author.click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await expect(page.locator('.page-header__kicker')).toHaveText('Автор');
  await expect(page.locator('.page-header__bio')).toContainText('жазады');
  const titles = await page.locator('.card__title').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  expect(titles.join(' ')).toContain('Алматыда қалың қар');
  expect(titles.join(' ')).not.toContain('Восточной объездной');
});

test.describe('a wrong address', () => {
  test.use({ expectedConsole: [/status of 404/] });

  test('is a Kazakh 404 page in the Kazakh edition', async ({ page }) => {
    const response = await page.goto('/kk/news/joq-material');
    expect(response?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Бет табылмады');
    await expect(page.getByRole('link', { name: 'Басты бетке' })).toHaveAttribute('href', '/kk');
  });
});

for (const [name, url] of [
  ['Kazakh home', '/kk'],
  ['Kazakh article', null],
  ['Kazakh category', '/kk/category/sayasat'],
] as const) {
  test(`axe finds no accessibility violations on the ${name} page`, async ({ page, browser }) => {
    const checked = await pageForAxe(page, browser);
    await checked.goto(url ?? '/kk');
    if (url === null) {
      await checked.locator('.card--lead h2 a').click();
      await expect(checked).toHaveURL(/\/kk\/news\//);
      await expect(checked.locator('.article__title')).toBeVisible();
    }
    if (checked === page) await ready(page);
    const results = await new AxeBuilder({ page: checked }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    await doneWithAxe(checked, page);
  });
}

test('an editor translates an article, publishes it, and both pages link to each other', async ({
  page,
  browser,
}) => {
  const mode = javaScriptOn() ? 'JS' : 'без JS';
  const russian = `Аким встретился с жителями Талдықоргана (${mode})`;
  const kazakh = `Әкім Талдықорған тұрғындарымен кездесті (${mode})`;
  const russianPath = publish(russian);
  await signIn(page, 'editor');
  await page.goto(`/admin?q=${encodeURIComponent('Талдықоргана')}`);
  await page.getByRole('link', { name: russian }).click();
  await expect(page).toHaveURL(/\/admin\/articles\/\d+$/);
  await ready(page);
  const translations = page.getByRole('region', { name: 'Переводы' });
  await translations.getByRole('link', { name: 'Перевести на казахский' }).click();
  await expect(page).toHaveURL(/\/admin\/articles\/new\?translate=\d+$/);
  await ready(page);
  await expect(page.getByText('Перевод статьи на казахский язык.')).toBeVisible();
  await page.getByLabel('Заголовок', { exact: true }).fill(kazakh);
  await page.getByLabel('Лид').fill('Әкім тұрғындардың жол мен жылу туралы сұрақтарына жауап берді.');
  await fillBody(page, 'Кездесу қалалық кітапханада өтті.\n\nТұрғындар 40-тан астам сұрақ қойды.');
  await page.getByLabel('Статус').selectOption({ label: 'Опубликовано' });
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await savedNewArticle(page);
  await expect(page.getByRole('region', { name: 'Переводы' })).toContainText(russian);

  // Readers: each page links the other, and the switch follows.
  const reader = await (await newContext(browser, { javaScriptEnabled: javaScriptOn() })).newPage();
  await reader.goto(russianPath);
  await ready(reader);
  await expect(reader.locator('link[hreflang="kk"]')).toHaveAttribute('href', /\/kk\/news\/[a-z0-9-]+$/);
  await reader.getByRole('link', { name: 'Қазақша' }).click();
  await expect(reader).toHaveURL(/\/kk\/news\/[a-z0-9-]+$/);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(kazakh);
  await expect(reader.locator('link[hreflang="ru"]')).toHaveAttribute('href', new RegExp(`${russianPath}$`));
  await reader.getByRole('link', { name: 'Русский' }).click();
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(russian);
  await reader.context().close();
});
