import { XMLValidator } from 'fast-xml-parser';
import { test, expect, javaScriptOn, newContext, ready } from './fixtures';

/** Opens the demo article about the by-election (tagged, in "Политика"). */
async function openElectionArticle(page: import('@playwright/test').Page) {
  await page.goto('/tag/vybory');
  await ready(page);
  await page.getByRole('link', { name: /Центризбирком утвердил график/ }).click();
  await expect(page).toHaveURL(/\/news\//);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Центризбирком');
}

test('the article page carries NewsArticle JSON-LD that matches what readers see', async ({ page }) => {
  await openElectionArticle(page);
  const json = await page.locator('script[type="application/ld+json"]').textContent();
  const data = JSON.parse(json!);
  expect(data['@type']).toBe('NewsArticle');
  expect(data.headline).toBe((await page.getByRole('heading', { level: 1 }).textContent())!.trim());
  const published = await page.locator('.article__byline time').first().getAttribute('datetime');
  expect(data.datePublished).toBe(published);
  expect(data.dateModified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$/);
  const author = page.locator('.article__author');
  expect(data.author[0].name).toBe((await author.textContent())!.trim());
  expect(data.author[0].url).toMatch(new RegExp(`${await author.getAttribute('href')}$`));
  const canonical = await page.locator('link[rel="canonical"]').getAttribute('href');
  expect(canonical).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/news\/[a-z0-9-]+$/);
  expect(data.mainEntityOfPage['@id']).toBe(canonical);
  expect(data.publisher.logo.url).toMatch(/\/publisher-logo\.png$/);
  expect(data.image[0].width).toBeGreaterThan(0);
  // The OpenGraph card says the same.
  const og = (property: string) => page.locator(`meta[property="${property}"]`);
  await expect(og('og:type')).toHaveAttribute('content', 'article');
  await expect(og('og:title')).toHaveAttribute('content', data.headline);
  await expect(og('og:url')).toHaveAttribute('content', canonical!);
  await expect(og('article:published_time')).toHaveAttribute('content', published!);
  await expect(og('article:section')).toHaveAttribute('content', 'Политика');
  await expect(og('og:image:width')).toHaveAttribute('content', /^\d+$/);
  await expect(page.locator('meta[name="twitter:card"]')).toHaveAttribute('content', 'summary_large_image');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
});

test('bylines and tags lead to author and tag pages; related articles never repeat the article', async ({ page }) => {
  await openElectionArticle(page);
  const title = (await page.getByRole('heading', { level: 1 }).textContent())!.trim();
  const related = page.getByRole('region', { name: 'Читайте также' });
  await expect(related.getByRole('article')).toHaveCount(4);
  await expect(related.getByRole('link', { name: title, exact: true })).toHaveCount(0);

  await page.getByRole('list', { name: 'Теги' }).getByRole('link', { name: 'маслихат' }).click();
  await expect(page).toHaveURL(/\/tag\/maslikhat$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('маслихат');
  await expect(page.getByRole('link', { name: title })).toBeVisible();

  await page.getByRole('link', { name: title }).click();
  await ready(page);
  await page.locator('.article__author').click();
  await expect(page).toHaveURL(/\/author\/aliya-seytova$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Әлия Сейітова');
  await expect(page.getByText('Пишет о политике')).toBeVisible();
  // Eleven demo articles, plus any other tests published meanwhile.
  await expect(page.locator('main article').nth(10)).toBeVisible();
});

test('search finds Russian word forms and marks them', async ({ page }) => {
  await page.goto('/');
  await ready(page);
  const box = page.getByRole('search', { name: 'Поиск по сайту' }).getByRole('searchbox');
  await box.fill('выборах');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=/);
  await ready(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Поиск');
  const results = page.locator('.search-result');
  await expect(results.first()).toBeVisible();
  await expect(page.getByRole('link', { name: /Центризбирком утвердил график дополнительных выборов/ })).toBeVisible();
  const marked = await page.locator('.search-result mark').allTextContents();
  expect(marked.length).toBeGreaterThan(0);
  for (const word of marked) expect(word.toLowerCase()).toMatch(/^выбор/);
  await expect(page.getByRole('status')).toContainText(/Найдено \d+ материал/);

  // The page's own form searches again; odd input gets a sensible answer.
  const again = page.getByRole('searchbox', { name: 'Что искать' });
  await expect(again).toHaveValue('выборах');
  await again.fill('"; DROP TABLE articles; --');
  await again.press('Enter');
  await expect(page).toHaveURL(/DROP/);
  await expect(page.getByRole('status')).toContainText('ничего не найдено');
  await again.fill('выборы');
  await again.press('Enter');
  await expect(page.locator('.search-result').first()).toBeVisible();
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', 'noindex, follow');
});

test('search corrects a typo, finds Kazakh word forms and orders by relevance', async ({ browser }) => {
  const javaScriptEnabled = javaScriptOn();
  const page = await (await newContext(browser, { javaScriptEnabled })).newPage();
  const settle = async () => { if (javaScriptEnabled) await ready(page); };
  // A typo: the likely word is searched, the typed one offered.
  await page.goto(`/search?q=${encodeURIComponent('Алмты')}`);
  await settle();
  const correction = page.locator('.search-correction');
  await expect(correction).toContainText('Показаны результаты по запросу «Алматы»');
  await expect(page.locator('.search-result').first()).toBeVisible();
  await correction.getByRole('link', { name: '«Алмты»' }).click();
  await expect(page).toHaveURL(/exact=1/);
  await settle();
  await expect(page.getByRole('status')).toContainText('ничего не найдено');
  // Kazakh: the edition's own search, inflected forms and names.
  await page.goto(`/kk/search?q=${encodeURIComponent('алматыдағы')}`);
  await settle();
  await expect(page.locator('.search-result').getByRole('link', { name: /Алматыда қалың қар/ })).toBeVisible();
  await expect(page.locator('.search-other a')).toHaveAttribute('href', /^\/search\?q=/);
  // «По релевантности»: a link, kept by the form.
  await page.goto(`/search?q=${encodeURIComponent('снегопад')}`);
  await settle();
  await page.locator('.search-order').getByRole('link', { name: 'По релевантности' }).click();
  await expect(page).toHaveURL(/order=relevance/);
  await settle();
  await expect(page.locator('.search-order [aria-current]')).toHaveText('По релевантности');
  await expect(page.locator('.search-result').first()).toBeVisible();
  await page.context().close();
});

test('«Показать ещё» brings the next twenty results, none repeated', async ({ page }) => {
  // "и" alone is searched (a query of short words only): nearly every
  // demo article has it.
  await page.goto(`/search?q=${encodeURIComponent('и')}`);
  await ready(page);
  const results = page.locator('.search-result h2 a');
  await expect(results).toHaveCount(20);
  await expect(page.getByRole('status')).toContainText('Найдено больше 20 материалов, новые первыми.');
  const first = await results.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  await page.getByRole('link', { name: 'Показать ещё' }).click();
  await expect(page).toHaveURL(/after=\d+/);
  await ready(page);
  await expect(page.getByRole('status')).toContainText('Ещё материалы по запросу «и».');
  await expect(results).toHaveCount(20);
  const second = await results.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(second.filter((href) => first.includes(href))).toEqual([]);
  await page.getByRole('link', { name: 'К началу' }).click();
  await expect(page).not.toHaveURL(/after=/);
  await ready(page);
  await expect(results).toHaveCount(20);
});

test('feeds, sitemaps and robots.txt are served with the right types and parse as XML', async ({ request }) => {
  const xml = async (path: string, type: RegExp) => {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    expect(response.headers()['content-type'], path).toMatch(type);
    const body = await response.text();
    expect(XMLValidator.validate(body), path).toBe(true);
    return body;
  };
  const feed = await xml('/feed.xml', /^application\/rss\+xml; charset=utf-8$/);
  expect(feed.match(/<item>/g)!.length).toBe(50);
  expect(feed).toContain('<language>ru</language>');
  // RFC 822: the day has one or two digits ("Wed, 2 Dec 2026").
  const dates = [...feed.matchAll(/<pubDate>([^<]*)<\/pubDate>/g)].map((m) => m[1]);
  expect(dates).toHaveLength(50);
  for (const date of dates) expect(date).toMatch(/^\w{3}, \d{1,2} \w{3} \d{4} \d\d:\d\d:\d\d \+0500$/);
  for (const path of ['/category/politika/feed.xml', '/author/erzhan-tursynbaev/feed.xml', '/tag/almaty/feed.xml']) {
    await xml(path, /^application\/rss\+xml/);
  }
  const index = await xml('/sitemap.xml', /^application\/xml/);
  expect(index).toContain('/sitemaps/articles-1.xml</loc>');
  const articles = await xml('/sitemaps/articles-1.xml', /^application\/xml/);
  expect(articles.match(/<url>/g)!.length).toBeGreaterThanOrEqual(67);
  const news = await xml('/sitemaps/news.xml', /^application\/xml/);
  expect(news).toContain('<news:language>ru</news:language>');
  await xml('/sitemaps/sections.xml', /^application\/xml/);
  const robots = await request.get('/robots.txt');
  expect(robots.headers()['content-type']).toMatch(/^text\/plain/);
  expect(await robots.text()).toMatch(/Sitemap: http:\/\/127\.0\.0\.1:\d+\/sitemap\.xml/);
});

test('every page links the site feed for feed readers', async ({ page }) => {
  await page.goto('/category/sport');
  await ready(page);
  const feeds = page.locator('link[rel="alternate"][type="application/rss+xml"]');
  await expect(feeds).toHaveCount(2);
  await expect(feeds.nth(0)).toHaveAttribute('href', '/feed.xml');
  await expect(page.locator('link[rel="canonical"]')).toHaveAttribute('href', /\/category\/sport$/);
  await expect(page.locator('meta[property="og:image"]')).toHaveAttribute('content', /\/og-image\.png$/);
});
