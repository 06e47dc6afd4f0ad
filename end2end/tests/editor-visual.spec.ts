import * as fs from 'node:fs';
import * as path from 'node:path';
import { Page } from '@playwright/test';
import { expect, javaScriptOn, newContext, test } from './fixtures';
import { bodyMarkup, signIn, visualBody } from './desk';

// The visual editor (JavaScript on; without it the body is the markup
// textarea, which editor.spec.ts drives): the toolbar and shortcuts, links,
// tables, embeds, images asked for in place, pastes from Google Docs,
// Word, LibreOffice and web pages, and the «Разметка» view kept in step.

test.skip(() => !javaScriptOn(), 'the visual editor is JavaScript');

async function newArticle(page: Page): Promise<void> {
  await signIn(page);
  await page.goto('/admin/articles/new');
  await expect(visualBody(page)).toBeVisible();
}

/** The body's markup as the form would post it now. */
async function markupNow(page: Page): Promise<string> {
  const textarea = await bodyMarkup(page);
  const value = await textarea.inputValue();
  await page.getByRole('button', { name: 'Разметка' }).click();
  await expect(visualBody(page)).toBeVisible();
  return value;
}

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

test('an editor writes with the toolbar and shortcuts, and readers get what the editor saw', async ({ page, browser }) => {
  await newArticle(page);
  const title = `Визуальный редактор: заметка ${Date.now()}`;
  await page.getByLabel('Заголовок', { exact: true }).fill(title);
  await page.getByLabel('Лид').fill('Лид заметки, написанной без разметки.');
  const body = visualBody(page);
  await expect(body).toHaveAttribute('lang', 'ru');
  await expect(body).toHaveAttribute('spellcheck', 'true');
  await body.click();
  await page.keyboard.type('Қазақ әріптері: ә ғ қ ң ө ұ ү һ і, и «ёлочки».');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Подзаголовок', exact: true }).click();
  await page.keyboard.type('Что известно');
  await page.keyboard.press('Enter');
  await page.keyboard.press(`${MOD}+b`);
  await page.keyboard.type('Главное');
  await page.keyboard.press(`${MOD}+b`);
  await page.keyboard.type(' и ');
  await page.keyboard.press(`${MOD}+i`);
  await page.keyboard.type('второстепенное');
  await page.keyboard.press(`${MOD}+i`);
  await page.keyboard.press('Enter');
  // Typing the markup's own signs starts a list, as in the textarea.
  await page.keyboard.type('- первый пункт');
  await page.keyboard.press('Enter');
  await page.keyboard.type('второй пункт');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Цитата' }).click();
  await page.keyboard.type('«Цитата», — сказал аким.');
  await expect(page.getByRole('button', { name: 'Цитата' })).toHaveAttribute('aria-pressed', 'true');

  expect(await markupNow(page)).toBe(
    'Қазақ әріптері: ә ғ қ ң ө ұ ү һ і, и «ёлочки».\n\n## Что известно\n\n**Главное** и *второстепенное*\n\n' +
      '- первый пункт\n- второй пункт\n\n> «Цитата», — сказал аким.',
  );
  // Undo takes back the last typing, redo brings it again.
  await body.click();
  await page.keyboard.press(`${MOD}+End`);
  await page.keyboard.type(' Ещё.');
  await page.getByRole('button', { name: 'Отменить' }).click();
  await expect(body).not.toContainText('Ещё.');
  await page.getByRole('button', { name: 'Повторить' }).click();
  await expect(body).toContainText('Ещё.');

  await page.getByLabel('Статус').selectOption({ label: 'Опубликовано' });
  await page.getByRole('button', { name: 'Сохранить' }).click();
  await expect(page.getByRole('link', { name: 'Статья на сайте' })).toBeVisible();
  const href = await page.getByRole('link', { name: 'Статья на сайте' }).getAttribute('href');
  const reader = await (await newContext(browser, { javaScriptEnabled: false })).newPage();
  await reader.goto(href!);
  await expect(reader.locator('.article__body h2')).toHaveText('Что известно');
  await expect(reader.locator('.article__body strong')).toHaveText('Главное');
  await expect(reader.locator('.article__body em')).toHaveText('второстепенное');
  await expect(reader.locator('.article__body li')).toHaveText(['первый пункт', 'второй пункт']);
  await expect(reader.locator('.article__body blockquote')).toHaveText('«Цитата», — сказал аким. Ещё.');
  await reader.context().close();
});

test('links by Ctrl+K and by pasting an address onto selected text', async ({ page }) => {
  await newArticle(page);
  const body = visualBody(page);
  await body.click();
  await page.keyboard.type('Смотрите сайт акимата');
  // «сайт акимата»: an address pasted onto the selection links it.
  for (let i = 0; i < 'сайт акимата'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  await pasteInto(page, { 'text/plain': 'https://almaty.gov.kz' });
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type(' и сайт ЦИК');
  // «сайт ЦИК»: Ctrl+K asks for the address in the toolbar.
  for (let i = 0; i < 'сайт ЦИК'.length; i++) await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press(`${MOD}+k`);
  const address = page.getByLabel('Адрес ссылки');
  await expect(address).toBeFocused();
  await address.fill('https://www.election.gov.kz');
  await address.press('Enter');
  // Back in the text, where typing goes on.
  await expect(body).toBeFocused();
  expect(await markupNow(page)).toBe(
    'Смотрите [сайт акимата](https://almaty.gov.kz) и [сайт ЦИК](https://www.election.gov.kz)',
  );
});

test('a table with rows and columns added, and an embed card from an address alone on a line', async ({ page }) => {
  await newArticle(page);
  const body = visualBody(page);
  await body.click();
  await page.keyboard.type('https://youtu.be/dQw4w9WgXcQ');
  await page.keyboard.press('Enter');
  await expect(page.locator('.editor-embed')).toContainText('YouTube');
  await page.keyboard.type('Итоги:');
  await page.getByRole('button', { name: 'Таблица' }).click();
  await page.keyboard.type('Округ');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Явка');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Алматы');
  await page.keyboard.press('Tab');
  await page.keyboard.type('54%');
  // The third column is not needed; one more row is.
  await page.keyboard.press('Tab');
  await page.getByRole('button', { name: 'Удалить столбец' }).click();
  await page.getByRole('button', { name: 'Добавить строку' }).click();
  expect(await markupNow(page)).toBe(
    'https://youtu.be/dQw4w9WgXcQ\n\nИтоги:\n\n| Округ | Явка |\n| --- | --- |\n| Алматы | 54% |\n|  |  |\n|  |  |',
  );
});

test('an image from the toolbar is uploaded and its description, caption and credit asked for in place', async ({ page }) => {
  await newArticle(page);
  await visualBody(page).click();
  await page.keyboard.type('Перед снимком.');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Изображение', exact: true }).click();
  await (await chooser).setFiles(path.join(__dirname, 'steppe.png'));
  const figure = page.locator('.editor-figure');
  await expect(figure.locator('img')).toBeVisible();
  await figure.getByLabel('Описание').fill('Степь в цвету');
  await figure.getByLabel('Подпись').fill('Туркестанская область, май');
  await figure.getByLabel('Автор снимка').fill('Фото: Әлия Сейітова');
  await figure.getByLabel('Автор снимка').press('Tab');
  expect(await markupNow(page)).toMatch(
    /^Перед снимком\.\n\n!\[Степь в цвету\]\(\/media\/\d+ "Туркестанская область, май \| Фото: Әлия Сейітова"\)$/,
  );
});

test('an image file pasted or dropped into the text is uploaded and placed', async ({ page }) => {
  await newArticle(page);
  await visualBody(page).click();
  await page.keyboard.type('Текст.');
  const png = fs.readFileSync(path.join(__dirname, 'steppe.png')).toString('base64');
  await pasteInto(page, {}, { name: 'photo.png', type: 'image/png', base64: png });
  await expect(page.locator('.editor-figure img')).toBeVisible();
  expect(await markupNow(page)).toMatch(/^Текст\.\n\n!\[\]\(\/media\/\d+\)$/);
});

/** A real `paste` event on the editor, carrying `data` (and a file). */
async function pasteInto(
  page: Page,
  data: Record<string, string>,
  file?: { name: string; type: string; base64: string },
): Promise<void> {
  // The editor reads the selection the keys made as the browser reports it.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  await page.evaluate(
    ({ data, file }) => {
      const transfer = new DataTransfer();
      for (const [type, value] of Object.entries(data)) transfer.setData(type, value);
      if (file) {
        const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
        transfer.items.add(new File([bytes], file.name, { type: file.type }));
      }
      const target = document.querySelector('.visual-editor__content')!;
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    },
    { data, file },
  );
}

const FIXTURES = path.join(__dirname, '../fixtures/paste');

for (const name of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.html'))) {
  test(`a paste from ${name.replace('.html', '')} keeps its structure and drops the rest`, async ({ page }) => {
    await newArticle(page);
    await visualBody(page).click();
    const html = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    const expected = fs.readFileSync(path.join(FIXTURES, name.replace('.html', '.md')), 'utf8').trimEnd();
    await pasteInto(page, { 'text/html': html, 'text/plain': 'plain text is not used when HTML comes' });
    expect(await markupNow(page)).toBe(expected);
  });
}

test('a long paste goes in in two parts: the first screens at once, then the rest, as one paste and one undo', async ({ page }) => {
  await newArticle(page);
  await visualBody(page).click();
  // 40 copies of the Google Docs fixture: 320 blocks, well over
  // what the editor puts in with the paste itself.
  const fixture = fs.readFileSync(path.join(FIXTURES, 'google-docs.html'), 'utf8');
  const wrapped = fixture.slice(fixture.indexOf('<b '), fixture.lastIndexOf('</b>') + 4);
  const html = `<meta charset="utf-8">${wrapped.repeat(40)}`;
  const whole = await page.evaluate((html) => (window as any).qalamEditor.pasteToMarkup(html), html);
  const wholeBlocks = await page.evaluate((markup) => (window as any).qalamEditor.parseMarkup(markup).childCount, whole);

  // Right after the paste event, before the page has a moment to itself:
  // only the first part is in.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  const blocksAtOnce = await page.evaluate((html) => {
    const transfer = new DataTransfer();
    transfer.setData('text/html', html);
    const target = document.querySelector('.visual-editor__content')!;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    return (window as any).qalamEditor.editor().view.state.doc.childCount;
  }, html);
  expect(blocksAtOnce).toBeGreaterThan(10);
  expect(blocksAtOnce).toBeLessThan(wholeBlocks / 4);

  // Then the rest, on its own: the document is exactly one paste's.
  await expect
    .poll(() => page.evaluate(() => (window as any).qalamEditor.editor().view.state.doc.childCount), { timeout: 15_000 })
    .toBe(wholeBlocks);
  expect(await page.evaluate(() => (window as any).qalamEditor.serializeMarkup((window as any).qalamEditor.editor().view.state.doc))).toBe(whole);
  // The caret is where one paste leaves it: in its last block.
  expect(
    await page.evaluate(() => {
      const { doc, selection } = (window as any).qalamEditor.editor().view.state;
      return doc.resolve(selection.from).index(0) === doc.childCount - 1;
    }),
  ).toBe(true);
  await page.keyboard.press(`${MOD}+z`);
  // One undo takes the whole paste away, however many parts it came in.
  await expect(visualBody(page)).toHaveText('');

  // Posting (or «Разметка») while parts are still to come takes them all.
  await page.evaluate((html) => {
    const transfer = new DataTransfer();
    transfer.setData('text/html', html);
    document
      .querySelector('.visual-editor__content')!
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    (document.querySelector('.visual-editor__markup-toggle') as HTMLElement).click();
  }, html);
  await expect(await bodyMarkup(page)).toHaveValue(whole);
});

/** A clipboard fixture's content repeated to about `size` characters
 * of HTML (inside its <body>, where it has one). */
function longerPaste(html: string, size: number): string {
  const open = html.search(/<body[^>]*>/i);
  if (open < 0) return html.repeat(Math.ceil(size / html.length));
  const start = html.indexOf('>', open) + 1;
  const end = html.lastIndexOf('</body');
  const inner = html.slice(start, end);
  return html.slice(0, start) + inner.repeat(Math.ceil(size / inner.length)) + html.slice(end);
}

for (const name of fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.html'))) {
  test(`a long paste from ${name.replace('.html', '')} goes in in two parts and ends exactly as one paste`, async ({ page }) => {
    test.slow();
    await newArticle(page);
    const fixture = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    // 150 KB of HTML is parsed whole and split; from 200 KB on only the
    // head is parsed for the first part, the whole for the rest
    // (clipboard.js, `readPasteHead`).
    for (const size of [150_000, 600_000]) {
      const html = longerPaste(fixture, size);
      await page.goto('/admin/articles/new');
      await visualBody(page).click();
      const pasted = await page.evaluate(
        (html) =>
          new Promise<{ parsedAtOnce: number; blocksAtOnce: number; blocks: number; markup: string; whole: string }>((resolve) => {
            // How much HTML the paste event itself parses.
            let parsedAtOnce = 0;
            const parse = DOMParser.prototype.parseFromString;
            DOMParser.prototype.parseFromString = function (text, type) {
              parsedAtOnce += text.length;
              return parse.call(this, text, type);
            };
            const transfer = new DataTransfer();
            transfer.setData('text/html', html);
            document
              .querySelector('.visual-editor__content')!
              .dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
            DOMParser.prototype.parseFromString = parse;
            const editor = (window as any).qalamEditor.editor();
            const blocksAtOnce = editor.view.state.doc.childCount;
            const allIn = () => {
              if (editor.pasteRest) return setTimeout(allIn, 10);
              const { serializeMarkup, pasteToMarkup } = (window as any).qalamEditor;
              resolve({ parsedAtOnce, blocksAtOnce, blocks: editor.view.state.doc.childCount, markup: serializeMarkup(editor.view.state.doc), whole: pasteToMarkup(html) });
            };
            setTimeout(allIn, 0);
          }),
        html,
      );
      expect(pasted.blocksAtOnce).toBeGreaterThan(10);
      expect(pasted.blocksAtOnce).toBeLessThan(pasted.blocks / 2);
      if (size > 200_000) expect(pasted.parsedAtOnce).toBeLessThan(html.length / 4);
      expect(pasted.markup).toBe(pasted.whole);
    }
  });
}

test('a plain-text paste of markup keeps working', async ({ page }) => {
  await newArticle(page);
  await visualBody(page).click();
  await pasteInto(page, { 'text/plain': '## Итоги\n\nЯвка — **54%**.\n\n- Алматы\n- Астана' });
  await expect(page.locator('.visual-editor__content h2')).toHaveText('Итоги');
  expect(await markupNow(page)).toBe('## Итоги\n\nЯвка — **54%**.\n\n- Алматы\n- Астана');
});

test('a copy inside the editor pastes with its structure (ProseMirror reads where it was cut)', async ({ page }) => {
  await newArticle(page);
  await (await bodyMarkup(page)).fill('- Алматы\n- Астана\n\nАбзац.');
  await page.getByRole('button', { name: 'Разметка' }).click();
  const body = visualBody(page);
  await body.locator('li').first().click();
  await page.keyboard.press(`${MOD}+Home`);
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  // A real `copy` event: what the editor puts on the clipboard (once it
  // has read the selection the keys made, as the browser reports it).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  const copied = await page.evaluate(() => {
    const transfer = new DataTransfer();
    document
      .querySelector('.visual-editor__content')!
      .dispatchEvent(new ClipboardEvent('copy', { clipboardData: transfer, bubbles: true, cancelable: true }));
    return { 'text/html': transfer.getData('text/html'), 'text/plain': transfer.getData('text/plain') };
  });
  expect(copied['text/html']).toContain('data-pm-slice');
  await body.locator('p').last().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await pasteInto(page, copied);
  expect(await markupNow(page)).toBe('- Алматы\n- Астана\n\nАбзац.\n\n- Алматы\n- Астана');
});

test('«Разметка» and the visual view stay in step both ways', async ({ page }) => {
  await newArticle(page);
  await visualBody(page).click();
  await page.keyboard.type('Абзац из редактора.');
  const textarea = await bodyMarkup(page);
  await expect(textarea).toHaveValue('Абзац из редактора.');
  await textarea.fill('Абзац из разметки.\n\n## Новый подзаголовок');
  await page.getByRole('button', { name: 'Разметка' }).click();
  await expect(page.locator('.visual-editor__content h2')).toHaveText('Новый подзаголовок');
  await expect(page.getByRole('button', { name: 'Разметка' })).toHaveAttribute('aria-pressed', 'false');
});

test('in a long article the caret reaches both ends and writes there, though blocks out of view skip layout', async ({ page }) => {
  await newArticle(page);
  const sections = Array.from(
    { length: 80 },
    (_, i) => `## Часть ${i + 1}\n\nАбзац ${i + 1}: аким провёл совещание.\n\n- Қарағанды\n- Теміртау`,
  );
  const markup = `${sections.join('\n\n')}\n\nПоследний абзац.`;
  await (await bodyMarkup(page)).fill(markup);
  await page.getByRole('button', { name: 'Разметка' }).click();
  const body = visualBody(page);
  await expect(body.locator(':scope > p').last()).toHaveText('Последний абзац.');
  await body.locator(':scope > p').first().click();
  // The far end of the article is laid out only when in view.
  await expect(body.locator(':scope > p').last()).toHaveCSS('content-visibility', 'auto');
  const [start, end] = process.platform === 'darwin' ? ['Meta+ArrowUp', 'Meta+ArrowDown'] : ['Control+Home', 'Control+End'];
  await page.keyboard.press(end);
  await page.keyboard.press('Enter');
  await page.keyboard.type('Дописано в конце.');
  await page.keyboard.press(start);
  await page.keyboard.type('Сначала: ');
  // Selecting to the end with Shift takes in the whole rest.
  await page.keyboard.press(`Shift+${end}`);
  const selected = await page.evaluate(() => window.getSelection()?.toString() ?? '');
  expect(selected.endsWith('Дописано в конце.')).toBe(true);
  await page.keyboard.press('ArrowLeft');

  const written = await markupNow(page);
  expect(written.startsWith('## Сначала: Часть 1\n\n')).toBe(true);
  expect(written.endsWith('\n\nПоследний абзац.\n\nДописано в конце.')).toBe(true);
  expect(written.length).toBe(markup.length + 'Сначала: '.length + '\n\nДописано в конце.'.length);
});
