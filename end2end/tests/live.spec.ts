import AxeBuilder from '@axe-core/playwright';
import { Browser, Page } from '@playwright/test';
import { doneWithAxe, expect, javaScriptOn, newContext, pageForAxe, ready, test } from './fixtures';

// Live coverage: a live story's updates reach readers who have it open,
// and the breaking-news bar reaches every open page.

const LIVE_STORY = '/news/den-vyborov-v-maslikhaty-pryamaya-translyatsiya';

function mode(): string {
  return javaScriptOn() ? 'JS' : 'без JS';
}

async function editorPage(browser: Browser): Promise<Page> {
  const context = await newContext(browser, { javaScriptEnabled: javaScriptOn() });
  const page = await context.newPage();
  await page.goto('/admin/login');
  await ready(page);
  await page.getByLabel('Логин').fill('editor');
  await page.getByLabel('Пароль').fill('пароль редактора');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  return page;
}

/** Opens the workspace page of the article titled `title`. */
async function openInWorkspace(editor: Page, title: string): Promise<void> {
  await editor.goto(`/admin?q=${encodeURIComponent(title)}`);
  await editor.getByRole('link', { name: title }).first().click();
  await expect(editor).toHaveURL(/\/admin\/articles\/\d+/);
  await ready(editor);
}

test('a reader watching a live story sees an editor\'s new update: at once with JavaScript, on reload without', async ({
  page,
  browser,
}) => {
  test.setTimeout(60_000);
  await page.goto(LIVE_STORY);
  await ready(page);
  const live = page.getByRole('region', { name: 'Прямая трансляция' });
  await expect(live).toBeVisible();
  // The pinned update comes first.
  await expect(live.locator('.live-update').first()).toContainText('Главное к этому часу');
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  const headline = `Явка к 18:00 — 51% (${mode()})`;
  const editor = await editorPage(browser);
  await openInWorkspace(editor, 'День выборов в маслихаты: прямая трансляция');
  const desk = editor.getByRole('region', { name: 'Прямая трансляция' });
  await desk.getByLabel('Заголовок записи (необязательно)').fill(headline);
  await desk.getByLabel('Текст записи', { exact: true }).fill('Выборы признаны состоявшимися: проголосовали больше половины избирателей.');
  await desk.getByRole('button', { name: 'Опубликовать запись' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Запись добавлена.' })).toBeVisible();
  await expect(desk.getByText(headline)).toBeVisible();

  const update = live.locator('.live-update', { hasText: headline });
  if (javaScriptOn()) {
    // Pushed: no reload, the reader's page is the same page.
    await expect(update).toBeVisible({ timeout: 5_000 });
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
    // Announced politely, above the older updates, below the pinned one.
    // (The story's announcement; the push control beside it has a live
    // region of its own.)
    await expect(live.locator('p.visually-hidden[aria-live="polite"]')).toHaveText(`Новая запись: ${headline}`);
    await expect(live.locator('.live-update').nth(1)).toContainText(headline);
  } else {
    await expect(update).toHaveCount(0);
    await page.reload();
    await expect(update).toBeVisible();
  }
  // Every update has its own address.
  const anchor = await update.getAttribute('id');
  expect(anchor).toMatch(/^update-\d+$/);
  await expect(update.getByRole('link').first()).toHaveAttribute('href', `#${anchor}`);

  // An edit and a deletion reach the open page as well.
  const edited = `${headline}, уточнено`;
  const onDesk = editor.locator('.live-desk__update', { hasText: headline });
  await onDesk.getByText('Изменить или удалить').click();
  await onDesk.getByLabel(/^Заголовок записи от/).fill(edited);
  await onDesk.getByRole('button', { name: 'Сохранить запись' }).click();
  await expect(editor.locator('.live-desk__update', { hasText: edited })).toBeVisible();
  const editedUpdate = live.locator('.live-update', { hasText: edited });
  if (!javaScriptOn()) await page.reload();
  await expect(editedUpdate).toBeVisible({ timeout: 5_000 });
  // In its place, with its address.
  await expect(live.locator('.live-update').nth(1)).toContainText(edited);
  await expect(editedUpdate).toHaveAttribute('id', anchor!);
  await expect(live.locator(`#${anchor}`)).toHaveCount(1);
  await onDesk.getByText('Изменить или удалить').click();
  await onDesk.getByRole('button', { name: 'Удалить запись' }).click();
  await expect(editor.locator('.live-desk__update', { hasText: headline })).toHaveCount(0);
  if (!javaScriptOn()) await page.reload();
  await expect(update).toHaveCount(0, { timeout: 5_000 });
  await expect(live.locator('.live-update').first()).toContainText('Главное к этому часу');
  if (javaScriptOn()) {
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  }
  await editor.context().close();
});

test('the breaking bar reaches an open page when an editor flags a story; a reader who dismisses it does not see it again', async ({
  browser,
}) => {
  // One run covers both kinds of reader: the bar is the whole site's, so
  // the two projects flagging stories at once would take it from each other.
  test.skip(!javaScriptOn(), 'the JS project runs it with a reader of each kind');
  test.setTimeout(60_000);
  const story = 'Казахстан и Узбекистан договорились упростить пересечение границы';
  const live = await (await newContext(browser, { javaScriptEnabled: true })).newPage();
  const plain = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  for (const reader of [live, plain]) await reader.goto('/category/politika');
  await ready(live);
  await live.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));

  // An editor flags a story published yesterday, for one hour.
  const editor = await editorPage(browser);
  await openInWorkspace(editor, story);
  await editor.getByLabel('Срочная новость').check();
  await editor.getByLabel('Часов показывать плашку «Срочно»').fill('1');
  await editor.getByRole('button', { name: 'Сохранить' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Опубликовано.' })).toBeVisible();

  const bar = (page: Page) => page.getByRole('region', { name: 'Срочная новость' });
  // Without a reload for the reader with JavaScript…
  await expect(bar(live).getByRole('link', { name: story })).toBeVisible({ timeout: 5_000 });
  expect(await live.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  // …and on the next page for the one without.
  await plain.reload();
  await expect(bar(plain).getByRole('link', { name: story })).toBeVisible();
  await expect(bar(plain).getByRole('button', { name: 'Скрыть' })).toBeHidden();

  // Dismissed: gone, and gone on the next pages too.
  await bar(live).getByRole('button', { name: 'Скрыть' }).click();
  await expect(bar(live).getByRole('link', { name: story })).toHaveCount(0);
  await live.goto('/');
  await ready(live);
  await expect(bar(live).getByRole('link', { name: story })).toHaveCount(0);

  // Taken down by the editor: gone for everyone.
  await editor.reload();
  await editor.getByRole('button', { name: 'Снять плашку «Срочно»' }).click();
  await expect(editor.getByRole('status').filter({ hasText: 'Плашка «Срочно» снята.' })).toBeVisible();
  await plain.reload();
  await expect(bar(plain).getByRole('link', { name: story })).toHaveCount(0);
  for (const page of [live, plain, editor]) await page.context().close();
});

test('axe finds no accessibility violations on a live story', async ({ page, browser }) => {
  const checked = await pageForAxe(page, browser);
  await checked.goto(LIVE_STORY);
  if (checked === page) await ready(page);
  await expect(checked.getByRole('region', { name: 'Прямая трансляция' })).toBeVisible();
  const results = await new AxeBuilder({ page: checked }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  await doneWithAxe(checked, page);
});
