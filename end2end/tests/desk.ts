import { Locator, Page } from '@playwright/test';
import { expect, javaScriptOn, ready } from './fixtures';

// The editors' desk, as the tests drive it: signing in, and the article
// body, which is a visual editor with JavaScript on and the markup
// textarea without.

export const PASSWORDS: Record<string, string> = {
  admin: 'пароль администратора',
  editor: 'пароль редактора',
  author: 'пароль автора',
};

/** Signs `login` in through the form and waits for the article list. */
export async function signIn(page: Page, login = 'editor'): Promise<void> {
  await page.goto('/admin/login');
  await ready(page);
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Пароль').fill(PASSWORDS[login]);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await ready(page);
}

/** The visual editor's writing surface (JavaScript on). */
export function visualBody(page: Page): Locator {
  // Not the textarea it replaces, which has the same name until hidden.
  return page.getByRole('textbox', { name: 'Текст' }).and(page.locator('[contenteditable="true"]'));
}

/**
 * The body's markup textarea: without JavaScript the form's field itself;
 * with it, the visual editor's «Разметка» view (switched on if needed),
 * which the editor keeps in step with its document.
 */
export async function bodyMarkup(page: Page): Promise<Locator> {
  const textarea = page.locator('textarea#body');
  if (javaScriptOn()) {
    // The editor (in either view) is there once the island has started it.
    await expect(page.locator('.visual-editor')).toBeVisible();
    const toggle = page.getByRole('button', { name: 'Разметка' });
    if ((await toggle.getAttribute('aria-pressed')) !== 'true') await toggle.click();
    await expect(textarea).toBeVisible();
  }
  return textarea;
}

/** Types `markup` into the body as markup (see `bodyMarkup`). */
export async function fillBody(page: Page, markup: string): Promise<void> {
  await (await bodyMarkup(page)).fill(markup);
}

/**
 * Waits until a new article's first save has landed and its own page is
 * open. Not just any `/admin/articles/N`: with JavaScript on, the first
 * autosave already puts the draft's address in the bar while the save
 * may still be on its way.
 */
export async function savedNewArticle(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/admin\/articles\/\d+\?notice=saved$/);
  await ready(page);
}
