import { Browser, Page } from '@playwright/test';
import path from 'node:path';
import { expect, javaScriptOn, newContext, publish, ready, test } from './fixtures';
import { PASSWORDS, bodyMarkup, signIn, visualBody } from './desk';

// What guards an editor's work beyond autosave: an ended session loses
// nothing (JavaScript on and off), two editors on one article know of
// each other and one may take it over, «Предпросмотр» shows the text as
// it stands, a Word document becomes the body, and the search title and
// description are counted and previewed.

/** A moment as the workspace names it: «14:02» today, the full date when
 * midnight came between (text::time::moment). */
const MOMENT = '(\\d\\d:\\d\\d|\\d{1,2} [а-я]+ \\d{4}, \\d\\d:\\d\\d)';

/** Signs in on the sign-in page already open (the form's own fields). */
async function signInHere(page: Page, login: string): Promise<void> {
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(PASSWORDS[login]);
  await page.getByRole('button', { name: 'Войти' }).click();
}

/** Opens the article titled `title` in the editor; its form's address. */
async function openArticle(page: Page, title: string): Promise<string> {
  await page.goto(`/admin?q=${encodeURIComponent(title)}`);
  await page.getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(/\/admin\/articles\/\d+$/);
  await ready(page);
  return page.url();
}

test.describe('an ended session', () => {
  test.use({ expectedConsole: [/status of 401/] });

  test('a save after the session ended keeps everything typed, and signing in brings it back into the form', async ({
    page,
    context,
  }) => {
    await signIn(page);
    await page.goto('/admin/articles/new');
    await ready(page);
    const title = `После сессии ${Date.now()}`;
    await page.getByLabel('Заголовок', { exact: true }).fill(title);
    const text = 'Абзац, набранный до конца сессии: ә ғ қ ң ө ұ ү һ і.';
    if (javaScriptOn()) {
      await visualBody(page).click();
      await page.keyboard.type(text);
    } else {
      await page.getByLabel('Текст').fill(text);
    }
    // The session ends (the server knows it no more).
    await context.clearCookies();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    if (javaScriptOn()) {
      const line = page.locator('.autosave');
      await expect(line).toContainText('Сессия истекла — текст сохранён в браузере');
      await line.getByRole('link', { name: 'Войти' }).click();
    } else {
      await expect(page).toHaveURL(/\/admin\/login\?kept=1&next=/);
      await expect(page.getByRole('status')).toContainText('набранный текст не потерян');
    }
    await signInHere(page, 'editor');
    await expect(page).toHaveURL(/\/admin\/articles\//);
    await ready(page);
    await expect(page.getByRole('status').filter({ hasText: 'Вы снова вошли' })).toBeVisible();
    await expect(page.getByLabel('Заголовок', { exact: true })).toHaveValue(title);
    if (javaScriptOn()) {
      await expect(visualBody(page)).toHaveText(text);
    } else {
      await expect(page.getByLabel('Текст')).toHaveValue(text);
    }
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.getByRole('status').filter({ hasText: /Сохранено|Черновик сохранён/ })).toBeVisible();
    await page.goto(`/admin?q=${encodeURIComponent(title)}`);
    await expect(page.getByRole('link', { name: title })).toHaveCount(1);
  });
});

test.describe('two editors on one article', () => {
  test.use({ expectedConsole: [/status of 404/] });

  test('the second is warned with who and since when, may take it over, and the first is told at once', async ({
    page,
    browser,
  }) => {
    const title = `Двое в статье ${Date.now()}`;
    publish(title);
    // The first editor's tab has JavaScript (its stream tells it of the
    // takeover); the second follows the project.
    const first = await (await newContext(browser, { javaScriptEnabled: true })).newPage();
    await signIn(first, 'admin');
    const address = await openArticle(first, title);
    await expect(visualBody(first)).toBeVisible();

    await signIn(page, 'editor');
    await page.goto(`/admin?q=${encodeURIComponent(title)}`);
    await expect(page.getByRole('row').filter({ hasText: title })).toContainText(
      new RegExp(`Әсел Қасымова редактирует эту статью \\(с ${MOMENT}\\)`),
    );
    await page.goto(address);
    const warning = page.getByRole('alert').filter({ hasText: 'Статью сейчас редактируют' });
    await expect(warning).toContainText(new RegExp(`Әсел Қасымова редактирует эту статью \\(с ${MOMENT}\\)`));
    await expect(page.getByLabel('Заголовок', { exact: true })).toHaveCount(0);

    await warning.getByRole('button', { name: 'Взять статью' }).click();
    await expect(page).toHaveURL(/notice=taken/);
    await expect(page.getByLabel('Заголовок', { exact: true })).toHaveValue(title);
    await expect(page.getByRole('status').filter({ hasText: 'Статья ваша' })).toBeVisible();

    const taken = first.getByRole('alert').filter({ hasText: 'взял(а) статью' });
    await expect(taken).toContainText(new RegExp(`Айгерим Нурланова взял\\(а\\) статью в ${MOMENT}`), {
      timeout: 10_000,
    });
    await expect(first.getByRole('button', { name: 'Сохранить' })).toBeDisabled();
    await first.context().close();
  });
});

test('«Предпросмотр» shows the text as it stands, saved or not, as readers will see it', async ({ page }) => {
  const title = `Предпросмотр ${Date.now()}`;
  const readersPage = publish(title);
  await signIn(page);
  await openArticle(page, title);
  await (await bodyMarkup(page)).fill('## Подзаголовок\n\nТекст с **жирным** словом, ещё не сохранённый.');
  const [preview] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: 'Предпросмотр' }).click(),
  ]);
  await preview.waitForLoadState();
  await expect(preview.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(preview.getByRole('heading', { level: 2, name: 'Подзаголовок' })).toBeVisible();
  await expect(preview.locator('strong', { hasText: 'жирным' })).toBeVisible();
  await expect(preview.locator('.preview-banner')).toContainText('сохранённого или нет');
  await preview.close();
  // Looking saved nothing: readers still get the published text.
  await page.goto(readersPage);
  await expect(page.locator('.article__body')).toContainText('Первый абзац.');
  await expect(page.locator('.article__body')).not.toContainText('ещё не сохранённый');
});

test('a Word document becomes the body: headings, emphasis, lists, a table, an image and its footnote', async ({
  page,
}) => {
  await signIn(page);
  await page.goto('/admin/articles/new');
  await ready(page);
  await page.getByLabel('Заголовок', { exact: true }).fill(`Из Word ${Date.now()}`);
  const file = path.join(__dirname, '../../server/tests/fixtures/docx/newsroom.docx');
  await page.getByLabel('Из файла Word (.docx)').setInputFiles(file);
  if (!javaScriptOn()) {
    // Without JavaScript the document goes with the form.
    await page.getByRole('button', { name: 'Сохранить' }).click();
  }
  await expect(page.getByRole('status').filter({ hasText: 'Текст документа добавлен' })).toBeVisible();
  if (javaScriptOn()) {
    const body = visualBody(page);
    await expect(body.getByRole('heading', { name: 'Итоги сессии маслихата' })).toBeVisible();
    await expect(body.locator('strong', { hasText: 'бюджет Алматы' })).toBeVisible();
    await expect(body.locator('table')).toContainText('Алмалинский');
    await expect(body.locator('img')).toHaveCount(1);
  }
  const markup = await (await bodyMarkup(page)).inputValue();
  expect(markup).toContain('## Итоги сессии маслихата');
  expect(markup).toContain('**бюджет Алматы**');
  expect(markup).toMatch(/!\[Сессия маслихата\]\(\/media\/\d+\)/);
  expect(markup).toContain('## Примечания\n\n1. Данные пресс-службы маслихата.');
});

test.describe('a refused document', () => {
  test.use({ expectedConsole: [/status of (400|422)/] });

  test('a document that is not a plain .docx is refused at its field, and the form keeps what was typed', async ({
    page,
  }) => {
    await signIn(page);
    await page.goto('/admin/articles/new');
    await ready(page);
    const title = `Документ с макросами ${Date.now()}`;
    await page.getByLabel('Заголовок', { exact: true }).fill(title);
    const file = path.join(__dirname, '../../server/tests/fixtures/docx/macros.docm');
    await page.getByLabel('Из файла Word (.docx)').setInputFiles(file);
    if (!javaScriptOn()) await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.locator('#docx-error')).toContainText('В документе есть макросы');
    await expect(page.getByLabel('Заголовок', { exact: true })).toHaveValue(title);
  });
});

test('the search title and description are counted and previewed as a search result', async ({ page }) => {
  test.skip(!javaScriptOn(), 'the counters follow typing');
  await signIn(page);
  await page.goto('/admin/articles/new');
  await ready(page);
  await page.getByLabel('Заголовок', { exact: true }).fill('Заголовок статьи');
  const preview = page.locator('.search-preview');
  await expect(preview).toContainText('Заголовок статьи');
  await page.getByLabel('Заголовок для поиска').fill('Короткий заголовок для поиска');
  await expect(page.locator('#seo-title-count')).toHaveText('29 знаков из 60');
  await expect(preview).toContainText('Короткий заголовок для поиска');
  await page.getByLabel('Описание для поиска').fill('Описание. '.repeat(20));
  await expect(page.locator('#seo-description-count')).toContainText('— в поиске обрежется');
});
