import { Page } from '@playwright/test';
import { expect, javaScriptOn, test } from './fixtures';
import { signIn } from './desk';

// Static pages: an editor writes one, a reader finds it in the footer, and
// an address the site owns is refused with everything typed kept.

function mode(): string {
  return javaScriptOn() ? 'js' : 'nojs';
}

// The refused post is answered 422, which Chromium reports in the console.
test.use({ expectedConsole: [/status of 422/] });

test('an editor writes a page that readers find in the footer; a path the site owns is refused', async ({ page }) => {
  await signIn(page);
  await page.getByRole('link', { name: 'Страницы' }).click();
  await page.getByRole('link', { name: 'Новая страница' }).click();
  const title = `Реклама на сайте (${mode()})`;
  const text = 'Прайс-лист и условия размещения — по адресу reklama@qalam.kz.';
  await page.getByLabel('Название').fill(title);
  await page.getByLabel('Адрес').fill('news');
  await page.getByLabel('Текст').fill(text);
  await page.getByRole('button', { name: 'Сохранить' }).click();
  // Refused: a message at the address, everything typed still there.
  await expect(page.getByText('Этот адрес занят разделом сайта. Выберите другой.')).toBeVisible();
  await expect(page.getByLabel('Название')).toHaveValue(title);
  await expect(page.getByLabel('Текст')).toHaveValue(text);
  await page.getByLabel('Адрес').fill(`reklama-${mode()}`);
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Страница сохранена.' })).toBeVisible();

  await page.goto('/');
  await page.getByRole('contentinfo').getByRole('link', { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`/reklama-${mode()}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  await expect(page.getByText(text)).toBeVisible();
});
