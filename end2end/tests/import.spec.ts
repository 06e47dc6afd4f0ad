import AxeBuilder from '@axe-core/playwright';
import { doneWithAxe, expect, pageForAxe, ready, test } from './fixtures';

// A newsroom moved from WordPress (end2end/fixtures/wordpress, imported
// by start-server.sh): its articles read like native ones, its pages are
// in the footer, and its old links land on the new addresses.

const ARTICLE = '/news/vybory-v-maslikhat-naznacheny-na-mart';

test('an imported article reads like a native one: quote, image with caption, list, table, embed', async ({ page }) => {
  await page.goto(ARTICLE);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(
    'Выборы в маслихат назначены на март & уже идёт выдвижение',
  );
  await expect(page.locator('.article__authors a[rel="author"]')).toHaveText(['Бауыржан Омаров']);
  const body = page.locator('.article__body');
  await expect(body.locator('blockquote')).toContainText('«Мы готовы провести выборы честно и открыто»');
  await expect(body.locator('blockquote')).toContainText('— Нурлан Абдиров');
  const figure = body.locator('figure.figure');
  await expect(figure.getByRole('img', { name: 'Площадь перед зданием акимата' })).toBeVisible();
  await expect(figure.locator('figcaption')).toHaveText('Площадь перед акиматом утром');
  await expect(body.getByRole('listitem')).toHaveText([
    'собрать подписи избирателей;',
    'сдать декларацию о доходах;',
    'внести избирательный взнос.',
  ]);
  await expect(body.getByRole('table')).toContainText('Алматинская');
  await expect(page.getByRole('link', { name: 'Смотреть видео на YouTube' })).toBeVisible();
  // The featured image, with the attachment's description.
  await expect(page.locator('.article__figure').getByRole('img', { name: 'Площадь перед зданием акимата' })).toBeVisible();
});

test('old WordPress links land on the new addresses', async ({ page }) => {
  // The permalink as WordPress wrote it (percent-encoded Cyrillic).
  await page.goto(
    '/2026/11/20/%d0%b2%d1%8b%d0%b1%d0%be%d1%80%d1%8b-%d0%b2-%d0%bc%d0%b0%d1%81%d0%bb%d0%b8%d1%85%d0%b0%d1%82-%d0%bd%d0%b0%d0%b7%d0%bd%d0%b0%d1%87%d0%b5%d0%bd%d1%8b-%d0%bd%d0%b0-%d0%bc%d0%b0%d1%80%d1%82/',
  );
  await expect(page).toHaveURL(new RegExp(`${ARTICLE}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Выборы в маслихат');
  await page.goto('/?p=102');
  await expect(page).toHaveURL(/\/news\/reka-ili-vyshla-iz-beregov$/);
  // A link inside an imported post to another old post leads to its new address.
  await page.getByRole('link', { name: 'выборах в маслихат' }).click();
  await expect(page).toHaveURL(new RegExp(`${ARTICLE}$`));
  await page.goto('/category/%d0%bf%d0%be%d0%bb%d0%b8%d1%82%d0%b8%d0%ba%d0%b0/%d0%b2%d1%8b%d0%b1%d0%be%d1%80%d1%8b/');
  await expect(page).toHaveURL(/\/category\/politika$/);
  // An upload's resized copy leads to the stored image (fetched, not
  // opened: the browser's image viewer would style itself inline).
  const image = await page.request.get('/wp-content/uploads/2026/11/akim-ploshchad-300x169.png');
  expect(image.url()).toMatch(/\/media\/\d+$/);
  expect(image.headers()['content-type']).toMatch(/^image\//);
});

test('the old site\'s pages are in the footer and open at their new address', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const footer = page.getByRole('contentinfo');
  await footer.getByRole('link', { name: 'О редакции' }).click();
  await expect(page).toHaveURL(/\/o-redaktsii$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('О редакции');
  await expect(page.getByText('Редакция работает в Алматы с 2019 года.')).toBeVisible();
  // The page whose WordPress address the site owns moved aside.
  await page.goto('/search/');
  await expect(page).toHaveURL(/\/search-2$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Поиск по архиву');
});

test('axe finds no accessibility violations on an imported article and a page', async ({ page, browser }) => {
  for (const url of [ARTICLE, '/o-redaktsii']) {
    const checked = await pageForAxe(page, browser);
    await checked.goto(url);
    if (checked === page) await ready(page);
    const results = await new AxeBuilder({ page: checked }).analyze();
    expect(results.violations.map((v) => `${url} ${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
    await doneWithAxe(checked, page);
  }
});
