// The block-by-block markup writer equals the serializer's one pass on
// any document: random documents built from every kind of block,
// including the edge cases of joining (empty paragraphs, which write
// nothing; two lists of one kind in a row; a block ending in a line
// break or spaces). Run by scripts/test: `node --test app/editor/test/`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseMarkup, serializeMarkup, serializeMarkupAtOnce } from "../src/markup.js";
import { schema } from "../src/schema.js";

const SNIPPETS = [
  "## Заголовок раздела",
  "### Подзаголовок с *курсивом*",
  "Абзац со **жирным**, *курсивом*, ~~зачёркнутым~~ и [ссылкой](https://example.kz/жол_1).",
  "Строка с переносом\\\nи продолжением",
  "Текст, который кончается пробелами   ",
  "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
  "- Қарағанды\n- Теміртау",
  "- первый\n\n- свободный список",
  "1. один\n2. два\n3. три",
  "7. с номера семь\n8. дальше",
  "- внешний\n  - вложенный\n  - ещё",
  "> «Мы готовы», — сказал Ерлан Қаржаубаев.",
  "> Цитата\n>\n> в два абзаца",
  "```\nкод ``` внутри\n  с отступом\n```",
  "---",
  "| Город | Жители |\n| --- | ---: |\n| Алматы | 2 000 000 |",
  "![Лодка у дома](/media/12 \"Подпись\")",
  "Абзац, который начинается с [скобки] и !восклицания",
  "&amp; и &#1234; как текст",
];
const blocks = SNIPPETS.flatMap((markup) => {
  const children = [];
  parseMarkup(markup).forEach((node) => children.push(node));
  return children;
});
blocks.push(schema.nodes.paragraph.create(), schema.nodes.heading.create({ level: 2 }));

/// A small seeded generator: the same documents on every run.
function random(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test("the block writer equals the one-pass serializer on 3,000 random documents", () => {
  const next = random(20261206);
  for (let i = 0; i < 3000; i++) {
    const count = 1 + Math.floor(next() * 8);
    const children = Array.from({ length: count }, () => blocks[Math.floor(next() * blocks.length)]);
    const doc = schema.topNodeType.create(null, children);
    const expected = serializeMarkupAtOnce(doc);
    assert.equal(serializeMarkup(doc), expected, `document ${i}: ${JSON.stringify(expected)}`);
    // Again, from the cache.
    assert.equal(serializeMarkup(doc), expected);
  }
});

test("an edit to one block of a long document is written out with the rest unchanged", () => {
  const markup = Array.from({ length: 300 }, (_, i) => `## Часть ${i}\n\nАбзац ${i}.\n\n- а\n- б`).join("\n\n");
  const doc = parseMarkup(markup);
  assert.equal(serializeMarkup(doc), markup);
  const paragraph = doc.child(1);
  const edited = doc.copy(
    doc.content.replaceChild(1, paragraph.copy(paragraph.content.append(
      schema.nodes.paragraph.create(null, schema.text(" Дописано.")).content,
    ))),
  );
  assert.equal(serializeMarkup(edited), serializeMarkupAtOnce(edited));
  assert.match(serializeMarkup(edited), /Абзац 0\. Дописано\./);
});
