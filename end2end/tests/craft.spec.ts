import AxeBuilder from '@axe-core/playwright';
import { Browser, Page } from '@playwright/test';
import * as path from 'node:path';
import { doneWithAxe, expect, javaScriptOn, newContext, pageForAxe, ready, test } from './fixtures';
import { bodyMarkup, fillBody, savedNewArticle, signIn } from './desk';

// The newsroom's craft: bylines with co-authors and a credit line, images
// with captions and credits, embeds behind a facade, corrections, and
// «Самое читаемое».

function mode(): string {
  return javaScriptOn() ? 'JS' : 'без JS';
}

async function asReader(browser: Browser): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled: javaScriptOn() });
  return context.newPage();
}

const VIDEO = 'dQw4w9WgXcQ';

test('an editor adds a co-author, a caption and credit, an inline image, an embed and a correction, and a reader sees each', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const title = `Паводок в Семее: как работали спасатели (${mode()})`;
  await signIn(page);
  await page.getByRole('link', { name: 'Новая статья' }).first().click();
  await ready(page);
  await page.getByLabel('Заголовок', { exact: true }).fill(title);
  await page.getByLabel('Рубрика').selectOption({ label: 'Происшествия' });
  await page.getByLabel('Лид').fill('Спасатели ДЧС за сутки вывели из подтопленных домов 120 человек.');
  await fillBody(
    page,
    `Вода поднялась ночью.\n\nВидео с места:\n\nhttps://youtu.be/${VIDEO}`);
  await page.getByLabel('Соавторы через запятую').fill('Әлия Сейітова');
  await page.getByLabel('Строка под подписью («Фото: …», «Перевод: …»)').fill('Перевод с казахского: Дәурен Жақсылықов');
  await page.getByLabel('Файл (JPEG, PNG или WebP, до 8 МБ)').setInputFiles(path.join(__dirname, 'steppe.png'));
  await page.getByLabel('Описание изображения (для тех, кто его не видит)').fill('Затопленная улица у реки');
  await page.getByLabel('Подпись к изображению').fill('Улица Абая утром');
  await page.getByLabel('Автор или источник снимка («Фото: Reuters»)').fill('Фото: ДЧС области Абай');
  await page.getByLabel('Файл иллюстрации (JPEG, PNG или WebP, до 8 МБ)').setInputFiles(path.join(__dirname, 'steppe.png'));
  await page.getByLabel('Описание изображения (обязательно)').fill('Лодка спасателей у дома');
  await page.getByLabel('Подпись', { exact: true }).fill('Эвакуация жителей');
  await page.getByLabel('Автор или источник снимка', { exact: true }).fill('Фото: Qalam');
  if (javaScriptOn()) {
    // Uploaded at once; "Вставить в текст" puts its line in the body.
    const insert = page.getByRole('button', { name: 'Вставить в текст' });
    await expect(insert).toBeEnabled();
    await insert.click();
    await expect(await bodyMarkup(page)).toHaveValue(
      /!\[Лодка спасателей у дома\]\(\/media\/\d+ "Эвакуация жителей \| Фото: Qalam"\)$/,
    );
  }
  await page.getByLabel('Статус').selectOption({ label: 'Опубликовано' });
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await savedNewArticle(page);
  await expect(page.getByLabel('Соавторы через запятую')).toHaveValue('Әлия Сейітова');
  await expect(await bodyMarkup(page)).toHaveValue(/!\[Лодка спасателей у дома\]\(\/media\/\d+/);
  const href = await page.getByRole('link', { name: 'Статья на сайте' }).getAttribute('href');
  const articlePath = href!.replace(/^https?:\/\/[^/]+/, '');

  // A correction, from the plain form under the article's form.
  await page.goto(page.url().split('?')[0]);
  await page.getByLabel('Новое исправление').fill('В первой версии было неверно указано число эвакуированных.');
  await page.getByRole('button', { name: 'Добавить исправление' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Исправление добавлено.' })).toBeVisible();

  const reader = await asReader(browser);
  const thirdParty: string[] = [];
  reader.on('request', (request) => {
    if (!request.url().startsWith('http://127.0.0.1')) thirdParty.push(request.url());
  });
  await reader.context().route(/youtube-nocookie\.com/, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>player</title>' }),
  );
  await reader.goto(articlePath);
  await ready(reader);
  const authors = reader.locator('.article__authors a[rel="author"]');
  await expect(authors).toHaveText(['Айгерим Нурланова', 'Әлия Сейітова']);
  await expect(reader.locator('.article__credit')).toHaveText('Перевод с казахского: Дәурен Жақсылықов');
  const featured = reader.locator('.article__figure');
  await expect(featured.getByRole('img', { name: 'Затопленная улица у реки' })).toBeVisible();
  await expect(featured.locator('figcaption')).toHaveText('Улица Абая утром Фото: ДЧС области Абай');
  const inline = reader.locator('.article__body figure.figure');
  await expect(inline.getByRole('img', { name: 'Лодка спасателей у дома' })).toHaveAttribute('loading', 'lazy');
  await expect(inline.locator('figcaption')).toHaveText('Эвакуация жителей Фото: Qalam');
  const correction = reader.locator('.article__corrections');
  await expect(correction).toContainText('Исправление, ');
  await expect(correction).toContainText('неверно указано число эвакуированных');
  await expect(reader.getByText('Обновлено')).toBeVisible();

  const json = JSON.parse((await reader.locator('script[type="application/ld+json"]').textContent())!);
  expect(json.author.map((a: { name: string }) => a.name)).toEqual(['Айгерим Нурланова', 'Әлия Сейітова']);
  expect(json.image[0].caption).toBe('Улица Абая утром');
  expect(json.image[0].creditText).toBe('Фото: ДЧС области Абай');

  // The embed: a link to YouTube until the reader asks for the player.
  const facade = reader.getByRole('link', { name: 'Смотреть видео на YouTube' });
  await expect(facade).toHaveAttribute('href', `https://www.youtube.com/watch?v=${VIDEO}`);
  expect(thirdParty, 'nothing from another site before the click').toEqual([]);
  if (javaScriptOn()) {
    await facade.click();
    const player = reader.locator(`iframe[src="https://www.youtube-nocookie.com/embed/${VIDEO}?autoplay=1"]`);
    await expect(player).toBeVisible();
    await expect.poll(() => thirdParty.some((url) => url.includes('youtube-nocookie.com'))).toBe(true);
  }

  await reader.goto('/corrections');
  await expect(reader.locator('.corrections').getByRole('link', { name: title })).toBeVisible();
  await reader.context().close();
});

test('an editor puts an uploaded image from the library in the body and sets their own bio', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  const title = `Тюльпаны зацвели в степи (${mode()})`;
  await signIn(page);
  await page.getByRole('link', { name: 'Новая статья' }).first().click();
  await ready(page);
  await page.getByLabel('Заголовок', { exact: true }).fill(title);
  await page.getByLabel('Лид').fill('Тюльпаны Шренка в этом году зацвели на две недели раньше.');
  await fillBody(page, 'Степь под Туркестаном покраснела от цветов.');
  const library = page.getByRole('group', { name: 'Или одно из загруженных' });
  await library.getByRole('radio').first().check();
  await page.getByLabel('Описание изображения (обязательно)').fill('Поле цветущих тюльпанов');
  await page.getByLabel('Подпись', { exact: true }).fill('Тюльпаны под Туркестаном');
  if (javaScriptOn()) {
    await page.getByRole('button', { name: 'Вставить в текст' }).click();
    await expect(await bodyMarkup(page)).toHaveValue(
      /\n\n!\[Поле цветущих тюльпанов\]\(\/media\/\d+ "Тюльпаны под Туркестаном"\)$/,
    );
    await expect(library.getByRole('radio', { name: 'Не выбрано' })).toBeChecked();
  }
  await page.getByLabel('Статус').selectOption({ label: 'Опубликовано' });
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await savedNewArticle(page);
  const href = await page.getByRole('link', { name: 'Статья на сайте' }).getAttribute('href');

  // Their own profile page, from the name in the workspace bar.
  await page.getByRole('link', { name: /Айгерим Нурланова/ }).click();
  await expect(page.getByRole('heading', { name: 'Мой профиль' })).toBeVisible();
  await ready(page);
  const bio = `Пишет о природе и экологии (${mode()}).`;
  await page.getByLabel('Биография: Айгерим Нурланова').fill(bio);
  await page.getByRole('button', { name: 'Сохранить профиль' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Профиль автора сохранён.' })).toBeVisible();

  const reader = await asReader(browser);
  await reader.goto(href!.replace(/^https?:\/\/[^/]+/, ''));
  await ready(reader);
  const figure = reader.locator('.article__body figure.figure');
  await expect(figure.getByRole('img', { name: 'Поле цветущих тюльпанов' })).toBeVisible();
  await expect(figure.locator('figcaption')).toHaveText('Тюльпаны под Туркестаном');
  await reader.locator('.article__authors a[rel="author"]').first().click();
  await expect(reader.getByText(bio)).toBeVisible();
  await reader.context().close();
});

test('a Telegram post is a link without JavaScript and Telegram\'s frame with it', async ({ browser }) => {
  const reader = await asReader(browser);
  await reader.context().route(/^https:\/\/t\.me\//, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<title>post</title>' }),
  );
  await reader.goto('/search?q=%D0%BB%D1%8C%D0%B4%D0%B8%D0%BD%D1%8B');
  await reader.getByRole('link', { name: /отколовшейся льдины/ }).first().click();
  await ready(reader);
  await expect(reader.locator('.article__authors a')).toHaveCount(2);
  await expect(reader.locator('.article__body .gallery img')).toHaveCount(2);
  if (javaScriptOn()) {
    await expect(reader.locator('iframe[src="https://t.me/qalam_demo_news/1042?embed=1"]')).toBeAttached();
  } else {
    await expect(reader.getByRole('link', { name: 'Пост в Telegram: @qalam_demo_news' })).toHaveAttribute(
      'href',
      'https://t.me/qalam_demo_news/1042',
    );
  }
  await reader.context().close();
});

test('«Самое читаемое» shows the articles that were read', async ({ page, request }) => {
  test.setTimeout(90_000);
  await page.goto('/category/sport');
  const links = page.locator('main .card__title a');
  const title = (await links.last().textContent())!.trim();
  const href = (await links.last().getAttribute('href'))!;
  const other = (await links.nth(-2).getAttribute('href'))!;
  // Readers open it, and another one (a browser's own user agent;
  // prefetches do not count).
  const browserAgent = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' };
  for (let i = 0; i < 25; i++) {
    const response = await request.get(href, { headers: browserAgent });
    expect(response.status()).toBe(200);
    if (i % 5 === 0) await request.get(other, { headers: browserAgent });
  }
  await request.get(href, { headers: { 'sec-purpose': 'prefetch' } });
  // Counts reach the database every 10 s; the home page is cached for 10 s.
  const block = page.getByRole('region', { name: 'Самое читаемое' });
  await expect(async () => {
    await page.goto(`/?after-reads=${Date.now()}`);
    await expect(block.getByRole('link', { name: title })).toBeVisible({ timeout: 100 });
  }).toPass({ timeout: 60_000, intervals: [2_000] });
  expect(await block.getByRole('listitem').count()).toBeLessThanOrEqual(5);
  // An article page shows the block too, without the article itself.
  await page.goto(`${href}?after-reads=${Date.now()}`);
  await expect(page.getByRole('region', { name: 'Самое читаемое' })).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'Самое читаемое' }).getByRole('link', { name: title }),
  ).toHaveCount(0);
});

for (const [name, url] of [
  ['corrections', '/corrections'],
  ['article with figures and embeds', null],
] as const) {
  test(`axe finds no accessibility violations on the ${name} page`, async ({ page, browser }) => {
    const checked = await pageForAxe(page, browser);
    await checked.context().route(/^https:\/\/t\.me\//, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<title>post</title>' }),
    );
    if (url) {
      await checked.goto(url);
    } else {
      await checked.goto('/search?q=%D0%BB%D1%8C%D0%B4%D0%B8%D0%BD%D1%8B');
      await checked.getByRole('link', { name: /отколовшейся льдины/ }).first().click();
      await expect(checked.locator('.article__title')).toBeVisible();
    }
    if (checked === page) await ready(page);
    const results = await new AxeBuilder({ page: checked }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    await doneWithAxe(checked, page);
  });
}
