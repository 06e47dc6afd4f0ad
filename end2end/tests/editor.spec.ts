import AxeBuilder from '@axe-core/playwright';
import { Browser, Page } from '@playwright/test';
import * as path from 'node:path';
import { doneWithAxe, expect, javaScriptOn, newContext, pageForAxe, ready, test } from './fixtures';
import { bodyMarkup, fillBody, savedNewArticle, signIn } from './desk';

/** A suffix that keeps titles apart between the two projects. */
function mode(): string {
  return javaScriptOn() ? 'JS' : 'без JS';
}

async function openNewArticle(page: Page): Promise<void> {
  const chunks: string[] = [];
  const record = (response: import('@playwright/test').Response) => {
    if (response.url().includes('/pkg/split_')) chunks.push(response.url());
  };
  page.on('response', record);
  await page.getByRole('link', { name: 'Новая статья' }).first().click();
  await expect(page.getByRole('heading', { name: 'Новая статья' })).toBeVisible();
  await ready(page);
  page.off('response', record);
  if (javaScriptOn()) {
    // The form's code is a chunk of its own, fetched by this page only.
    expect(chunks.length).toBeGreaterThan(0);
  }
}

/** A reader in a fresh context (no cookie, so the page cache is in play). */
async function asReader(browser: Browser, javaScriptEnabled: boolean): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled });
  return context.newPage();
}

async function saveArticle(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Сохранить' }).click();
}

test('an editor writes and publishes an article, and readers see it everywhere', async ({
  page,
  browser,
}) => {
  const title = `Әкімдік Алматыда жаңа саябақ ашты (${mode()})`;
  const slug = javaScriptOn()
    ? 'akimdik-almatyda-zhana-sayabaq-ashty-js'
    : 'akimdik-almatyda-zhana-sayabaq-ashty-bez-js';
  await signIn(page, 'editor');
  await openNewArticle(page);
  await page.getByLabel('Заголовок', { exact: true }).fill(title);
  if (javaScriptOn()) {
    // The address is made from the title as the editor types.
    await expect(page.locator('.slug-preview')).toHaveText(`/news/${slug}`);
  }
  await page.getByLabel('Рубрика').selectOption({ label: 'Общество' });
  await page.getByLabel('Лид').fill('Новый парк на 12 гектаров открылся в Наурызбайском районе.');
  await fillBody(
    page,
    'Парк открыли в субботу.\n\n## Что внутри\n\n- велодорожки\n- **детские площадки**\n\n> «Это подарок горожанам», — сказал аким.',
  );
  await page.getByLabel('Статус').selectOption({ label: 'Опубликовано' });
  await saveArticle(page);

  await savedNewArticle(page);
  await expect(page.getByRole('status').filter({ hasText: /Опубликовано|Сохранено/ })).toBeVisible();
  await expect(page.getByLabel('Адрес (латиницей)')).toHaveValue(slug);
  await expect(page.getByRole('link', { name: 'Статья на сайте' })).toHaveAttribute(
    'href',
    new RegExp(`/news/${slug}$`),
  );

  const reader = await asReader(browser, javaScriptOn());
  await reader.goto(`/news/${slug}`);
  await expect(reader.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(reader.locator('.article__body h2')).toHaveText('Что внутри');
  await expect(reader.locator('.article__body strong')).toHaveText('детские площадки');
  await expect(reader.locator('.article__author')).toHaveText('Айгерим Нурланова');
  await reader.goto('/');
  await expect(reader.locator('.ticker').getByRole('link', { name: title })).toBeVisible();
  await expect(reader.locator('main').getByRole('link', { name: title }).first()).toBeVisible();
  await reader.goto('/category/obshchestvo');
  await expect(reader.locator('main').getByRole('link', { name: title })).toBeVisible();

  // Unpublishing takes it off the site at once.
  await page.getByRole('button', { name: 'Снять с публикации' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'снята с публикации' })).toBeVisible();
  const gone = await reader.goto(`/news/${slug}`);
  expect(gone?.status()).toBe(404);
  await reader.context().close();
});

test.describe('invalid input', () => {
  test.use({ expectedConsole: [/status of 422/] });

  test('an invalid form comes back with everything typed and a message per field', async ({
    page,
  }) => {
    await signIn(page, 'editor');
    await openNewArticle(page);
    const body = 'Текст, который нельзя потерять: «кавычки», </textarea><b>ә ғ қ ң ө ұ ү һ і</b>.';
    await page.getByLabel('Заголовок', { exact: true }).fill(`Без лида (${mode()})`);
    await page.getByLabel('Адрес (латиницей)').fill('Неверный адрес');
    await fillBody(page, body);
    await page.getByLabel('Статус').selectOption({ label: 'Опубликовано' });
    await saveArticle(page);

    await expect(page.getByText('Перед публикацией напишите лид.')).toBeVisible();
    await expect(
      page.getByText('Адрес может содержать только строчные латинские буквы, цифры и дефисы.'),
    ).toBeVisible();
    await expect(page.getByLabel('Заголовок', { exact: true })).toHaveValue(`Без лида (${mode()})`);
    await expect(await bodyMarkup(page)).toHaveValue(body);
    await expect(page.getByLabel('Лид')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Статус')).toHaveValue('published');
  });
});

test.describe('conflicts', () => {
  test.use({ expectedConsole: [/status of 409/] });

  test('a conflicting save is refused and both texts are kept', async ({ page, context }) => {
    await signIn(page, 'editor');
    await openNewArticle(page);
    await page.getByLabel('Заголовок', { exact: true }).fill(`Спорная статья (${mode()})`);
    await saveArticle(page);
    await savedNewArticle(page);
    const url = page.url().replace(/\?.*$/, '');

    // Both have version 1 open; the colleague saves first.
    const colleague = await context.newPage();
    await colleague.goto(url);
    await ready(colleague);
    await colleague.getByLabel('Заголовок', { exact: true }).fill(`Правка коллеги (${mode()})`);
    await colleague.getByRole('button', { name: 'Сохранить' }).click();
    await expect(
      colleague.getByRole('status').filter({ hasText: /Черновик сохранён|Сохранено/ }),
    ).toBeVisible();

    await page.getByLabel('Заголовок', { exact: true }).fill(`Моя правка (${mode()})`);
    await saveArticle(page);

    const alert = page.getByRole('alert').filter({ hasText: 'Статью изменили' });
    await expect(alert).toBeVisible();
    await expect(alert).toContainText('Айгерим Нурланова');
    await expect(alert).toContainText(`Правка коллеги (${mode()})`);
    await expect(page.getByLabel('Заголовок', { exact: true })).toHaveValue(`Моя правка (${mode()})`);

    // Saving again knowingly replaces it; the colleague's text stays in the history.
    await saveArticle(page);
    await expect(page.getByRole('alert').filter({ hasText: 'Статью изменили' })).toHaveCount(0);
    await page.goto(`${url}/revisions`);
    await expect(page.getByRole('link', { name: /Правка коллеги/ })).toBeVisible();
  });
});

test('an author can write and submit for review but not publish', async ({ page }) => {
  await signIn(page, 'author');
  await expect(page.getByRole('link', { name: 'Рубрики' })).toHaveCount(0);
  await openNewArticle(page);
  const status = page.getByLabel('Статус');
  await expect(status.locator('option')).toHaveText(['Черновик', 'На проверке']);
  await page.getByLabel('Заголовок', { exact: true }).fill(`Заметка автора (${mode()})`);
  await status.selectOption({ label: 'На проверке' });
  await saveArticle(page);
  await savedNewArticle(page);
  await expect(page.locator('.admin__status')).toContainText('На проверке');
  await expect(page.getByRole('button', { name: 'Снять с публикации' })).toHaveCount(0);
});

test('sign-out ends the session on the server', async ({ page }) => {
  await signIn(page, 'editor');
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page.getByText('Вы вышли из редакции.')).toBeVisible();
  await page.goto('/admin');
  // Signing in again would come back here.
  await expect(page).toHaveURL(/\/admin\/login\?next=%2Fadmin$/);
  await expect(page.getByRole('heading', { name: 'Вход для редакции' })).toBeVisible();
});

test('a wrong password is refused without saying which part was wrong', async ({ page }) => {
  await page.goto('/admin/login');
  await ready(page);
  await page.getByLabel('Логин').fill('editor');
  await page.getByLabel('Пароль').fill('не тот пароль');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByText('Неверный логин или пароль.')).toBeVisible();
  await expect(page.getByLabel('Логин')).toHaveValue('editor');
});

test('an uploaded image shows on the article page', async ({ page, browser }) => {
  await signIn(page, 'editor');
  await openNewArticle(page);
  const title = `Степь весной (${mode()})`;
  await page.getByLabel('Заголовок', { exact: true }).fill(title);
  await page.getByLabel('Лид').fill('Фоторепортаж из Алматинской области.');
  await fillBody(page, 'Тюльпаны зацвели на две недели раньше.');
  await page.getByLabel('Файл (JPEG, PNG или WebP, до 8 МБ)').setInputFiles(
    path.join(__dirname, 'steppe.png'),
  );
  if (javaScriptOn()) {
    // Uploaded at once; the form shows it before saving.
    await expect(page.locator('.article-form__image')).toBeVisible();
  }
  await page.getByLabel('Описание изображения (для тех, кто его не видит)').fill(
    'Поле цветущих тюльпанов у подножия гор',
  );
  await page.getByLabel('Статус').selectOption({ label: 'Опубликовано' });
  await saveArticle(page);
  await savedNewArticle(page);
  await expect(page.locator('.article-form__image')).toBeVisible();
  const href = await page.getByRole('link', { name: 'Статья на сайте' }).getAttribute('href');

  const reader = await asReader(browser, javaScriptOn());
  await reader.goto(href!.replace(/^https?:\/\/[^/]+/, ''));
  // The article's own figure (related articles below may show the same image).
  const image = reader.getByRole('figure').getByRole('img', { name: 'Поле цветущих тюльпанов у подножия гор' });
  await expect(image).toBeVisible();
  await expect(image).toHaveAttribute('width', '1200');
  await expect(image).toHaveAttribute('height', '675');
  // A size made from the upload, as WebP: the 42rem column needs 800.
  // (naturalWidth is density-corrected for srcset images, so the chosen
  // file is read from currentSrc.)
  await expect
    .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
    .toBe(true);
  expect(await image.evaluate((img: HTMLImageElement) => img.currentSrc)).toMatch(/\/media\/\d+\/800\.webp$/);
  await reader.context().close();
});

test('admins add and rename categories', async ({ page }) => {
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Рубрики' }).click();
  await expect(page.getByRole('heading', { name: 'Рубрики', level: 1 })).toBeVisible();
  await ready(page);
  const name = javaScriptOn() ? 'Экология' : 'Культура';
  await page.getByLabel('Название', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Добавить рубрику' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Рубрики сохранены.' })).toBeVisible();
  const slug = javaScriptOn() ? 'ekologiya' : 'kultura';
  await expect(page.getByLabel(`Название рубрики /category/${slug}`)).toHaveValue(name);
  // The same name again is refused with the typed name kept.
  await page.getByLabel('Название', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Добавить рубрику' }).click();
  await expect(page.getByText('Рубрика с таким названием или адресом уже есть.')).toBeVisible();
  await expect(page.getByLabel('Название', { exact: true })).toHaveValue(name);
});

test('admins add a Telegram channel and remove it, and a wrong one comes back typed', async ({
  page,
}) => {
  await signIn(page, 'admin');
  await page.getByRole('link', { name: 'Telegram' }).click();
  await expect(page.getByRole('heading', { name: 'Telegram', level: 1 })).toBeVisible();
  await ready(page);
  const chat = javaScriptOn() ? '@qalam_sport_js' : '@qalam_sport_nojs';
  await page.getByLabel('Версия сайта').selectOption('kk');
  await page.getByLabel('Рубрика').selectOption({ label: 'Спорт' });
  await page.getByLabel('Канал').fill('qalam sport');
  await page.getByRole('button', { name: 'Добавить канал' }).click();
  await expect(page.getByText('Укажите канал как @имя')).toBeVisible();
  await expect(page.getByLabel('Канал')).toHaveValue('qalam sport');
  await expect(page.getByLabel('Версия сайта')).toHaveValue('kk');
  await page.getByLabel('Канал').fill(chat);
  await page.getByRole('button', { name: 'Добавить канал' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Канал добавлен.' })).toBeVisible();
  const row = page.getByRole('listitem').filter({ hasText: chat });
  await expect(row).toContainText('Казахская версия, рубрика «Спорт»');
  await row.getByRole('button', { name: 'Убрать' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Канал убран.' })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: chat })).toHaveCount(0);
});

test('the editor pages have no accessibility violations', async ({ page, browser }) => {
  // axe on eight pages in a row: over 30 s on a slow 2-core machine.
  test.slow();
  const checked = await pageForAxe(page, browser);
  const check = async () => {
    const results = await new AxeBuilder({ page: checked }).analyze();
    expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  };
  await checked.goto('/admin/login');
  await ready(checked);
  await check();
  await signIn(checked, 'admin');
  await check();
  await openNewArticle(checked);
  await check();
  for (const url of ['/admin/categories', '/admin/users', '/admin/telegram']) {
    await checked.goto(url);
    await ready(checked);
    await check();
  }
  await doneWithAxe(checked, page);
});
