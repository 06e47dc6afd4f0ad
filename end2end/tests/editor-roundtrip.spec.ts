import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { expect, javaScriptOn, test } from './fixtures';
import { signIn, visualBody } from './desk';

// The stored markup is the article's one source of truth and the visual
// editor a view of it. For every article of the demo site (with the e2e
// site's WordPress import), of WordPress's Theme Unit Test import and of
// `qalam generate`: markup → editor → markup renders, by the server's own
// renderer, to the same HTML as the original, and a second pass changes
// nothing (a fixed point). The HTML is compared as a reader sees it:
// blocks and their attributes exactly; inside a block, each piece of text
// with the set of inline formatting it has (bold, italic, struck, code,
// which link), so that `<a><em>x</em></a>` and `<em><a>x</a></em>`, or a
// bold inside a bold, are the same; whitespace collapsed (a soft line
// break and a space are the same text).

const repoRoot = path.resolve(__dirname, '../..');
const qalam = path.join(repoRoot, 'target/release/qalam');

function run(database: string, args: string[], input?: string): string {
  return execFileSync(qalam, args, {
    cwd: repoRoot,
    input,
    env: { ...process.env, QALAM_DATABASE_URL: `sqlite:${database}`, QALAM_LOG: 'warn' },
    maxBuffer: 256 * 1024 * 1024,
  }).toString();
}

type Source = { corpus: string; slug: string; markup: string };

function corpus(name: string, database: string): Source[] {
  const rows: { slug: string; markup: string }[] = JSON.parse(run(database, ['markup', 'export']));
  return rows.map((row) => ({ corpus: name, ...row }));
}

/** Every corpus, each from its own scratch database. */
function sources(): Source[] {
  const scratch = path.join(repoRoot, 'target/e2e');
  const tut = path.join(scratch, 'roundtrip-tut.db');
  const generated = path.join(scratch, 'roundtrip-generated.db');
  for (const file of [tut, generated]) execFileSync('rm', ['-f', file, `${file}-wal`, `${file}-shm`]);
  run(tut, ['import', 'wordpress', 'server/tests/data/themeunittestdata.wordpress.xml']);
  run(generated, ['generate', '--count', '300']);
  return [
    ...corpus('demo', path.join(scratch, 'qalam.db')),
    ...corpus('theme-unit-test', tut),
    ...corpus('generated', generated),
  ];
}

/** The reader's view of `html` (see above), computed in the page. */
function canonicalInPage(htmls: string[]): string[] {
  const INLINE = new Set(['strong', 'em', 'del', 'code', 'a', 'b', 'i', 's']);
  let anchors = 0;
  const walk = (node: Node, marks: string[], out: string[]) => {
    node.childNodes.forEach((child) => {
      if (child.nodeType === Node.TEXT_NODE) {
        const text = (child.textContent ?? '').replace(/\s+/g, ' ');
        if (!text.trim() && !marks.length) {
          out.push(' ');
          return;
        }
        out.push(`⟦${[...new Set(marks)].sort().join('|')}⟧${text}`);
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const el = child as Element;
        const name = el.localName;
        if (INLINE.has(name)) {
          const mark = name === 'a' ? `a#${(anchors += 1)}:${el.getAttribute('href')}` : name;
          walk(el, [...marks, mark], out);
        } else {
          const attrs = [...el.attributes].map((a) => `${a.name}="${a.value}"`).sort().join(' ');
          out.push(`<${name} ${attrs}>`);
          walk(el, marks, out);
          out.push(`</${name}>`);
        }
      }
    });
  };
  return htmls.map((html) => {
    anchors = 0;
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const out: string[] = [];
    walk(doc.body, [], out);
    // Runs with the same formatting side by side are one run.
    const merged: string[] = [];
    for (const part of out) {
      const previous = merged[merged.length - 1];
      const mark = /^⟦[^⟧]*⟧/.exec(part)?.[0];
      if (mark && previous?.startsWith(mark)) merged[merged.length - 1] = previous + part.slice(mark.length);
      else merged.push(part);
    }
    return merged.join('').replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim();
  });
}

test('every stored article goes through the visual editor and back unchanged', async ({ page }) => {
  test.skip(!javaScriptOn(), 'the editor is JavaScript');
  test.setTimeout(120_000);
  const all = sources();
  const counts = Object.fromEntries(['demo', 'theme-unit-test', 'generated'].map((c) => [c, all.filter((s) => s.corpus === c).length]));
  expect(counts['demo']).toBeGreaterThan(50);
  expect(counts['theme-unit-test']).toBeGreaterThan(20);
  expect(counts['generated']).toBe(300);

  await signIn(page);
  await page.goto('/admin/articles/new');
  await expect(visualBody(page)).toBeVisible();
  const passes: { once: string[]; twice: string[] } = await page.evaluate((markups) => {
    const editor = (window as any).qalamEditor;
    const once = markups.map((m: string) => editor.roundTrip(m));
    const twice = once.map((m: string) => editor.roundTrip(m));
    return { once, twice };
  }, all.map((s) => s.markup));

  const rendered: string[] = JSON.parse(
    run(path.join(repoRoot, 'target/e2e/qalam.db'), ['markup', 'render'], JSON.stringify([...all.map((s) => s.markup), ...passes.once])),
  );
  const canonical: string[] = await page.evaluate(canonicalInPage, rendered);
  const differences: string[] = [];
  all.forEach((source, i) => {
    const before = canonical[i];
    const after = canonical[all.length + i];
    if (before !== after) {
      differences.push(
        `${source.corpus}/${source.slug}: the HTML changed\n--- markup\n${source.markup}\n--- after the editor\n${passes.once[i]}\n--- html before\n${before}\n--- html after\n${after}`,
      );
    } else if (passes.once[i] !== passes.twice[i]) {
      differences.push(`${source.corpus}/${source.slug}: a second pass changed the markup\n${passes.once[i]}\n---\n${passes.twice[i]}`);
    }
  });
  expect(differences.slice(0, 5).join('\n\n'), `${differences.length} of ${all.length} articles differ`).toBe('');
});
