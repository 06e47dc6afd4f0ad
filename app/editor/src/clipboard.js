// How the editor reads a paste: ProseMirror's clipboard props, around the
// cleaning in paste.js. A long paste (30 pages of Google Docs are 1.5 MB
// of HTML and 12,000 elements) is read once, as a DOM, each element's
// parse rule is found by its name where the schema allows, and it goes in
// in two parts: the first screens with the paste, the rest a frame later.
import { DOMParser as SchemaParser } from "prosemirror-model";
import { schema } from "./schema.js";
import { cleanPastedHtml, readPastedHtml, tidyPasted } from "./paste.js";

const schemaParser = SchemaParser.fromSchema(schema);

/// A parse rule: the element is no node or mark, its content is read.
const READ_INSIDE = Object.freeze({ skip: true });

/// The rule for each element name whose rule a plain name selects, with
/// no condition (`getAttrs`, context), and before any other rule that
/// could match that name: the same rule ProseMirror's `matchTag` finds by
/// trying every rule's selector in turn.
function rulesByName(parser) {
  const byName = new Map();
  const taken = new Set();
  for (const rule of parser.tags) {
    const simple = /^[a-z][a-z0-9]*$/.test(rule.tag) && !rule.getAttrs && !rule.context && !rule.namespace;
    if (simple) {
      if (!taken.has(rule.tag)) byName.set(rule.tag, rule);
      taken.add(rule.tag);
      continue;
    }
    // A selector that names no element could match any: stop here.
    if (!/^[a-z]/.test(rule.tag.trim())) break;
    for (const name of rule.tag.match(/[a-z][a-z0-9]*/g)) taken.add(name);
  }
  return byName;
}

const RULES_BY_NAME = rulesByName(schemaParser);

/// The element's parse rule when its name alone tells (null: let
/// ProseMirror try the rules). No rule of the schema is for <span>
/// (Google Docs writes one round every run of text): its content is read.
function ruleByName(node) {
  if (node.nodeType !== 1) return null;
  const name = node.localName;
  return RULES_BY_NAME.get(name) || (name === "span" ? READ_INSIDE : null);
}

/// A paste of more top-level blocks than this goes in in two parts (see
/// `splitLongPaste`); the first part is what fills the first screens.
const LONG_PASTE_BLOCKS = 120;
const FIRST_PART_BLOCKS = 40;

const BLOCK_NAMES = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote", "pre", "hr", "table", "figure", "div"]);

function isBlock(node) {
  return node.nodeType === 1 && BLOCK_NAMES.has(node.localName);
}

function isBlank(node) {
  return node.nodeType === 3 && !/[^ \t\n\r]/.test(node.data);
}

/// Whether the block will be read as a plain paragraph with text, or
/// ends in one (a <div>, which the schema reads through: Word for the web
/// wraps each paragraph in one): not a paragraph that tidying empties or
/// turns into a quote or a heading (Word's).
function endsInPlainParagraph(node) {
  if (node && node.localName === "div") {
    let last = node.lastChild;
    while (last && isBlank(last)) last = last.previousSibling;
    return endsInPlainParagraph(last);
  }
  return (
    node &&
    node.localName === "p" &&
    /[^\s\u00a0]/.test(node.textContent) &&
    !node.querySelector("img, figure, [role='heading']") &&
    !node.matches(".MsoQuote, .MsoIntenseQuote, [role='heading']")
  );
}

/// Where the paste's blocks are: Word wraps the document in
/// <div class="WordSection1">, which no rule of the schema is for, so its
/// blocks are the document's. Returns the element holding them and the
/// child indices that lead to it from the body.
function blocksContainer(body) {
  let container = body;
  const path = [];
  while (
    container.childElementCount === 1 &&
    container.firstElementChild.localName === "div" &&
    [...container.childNodes].every((node) => node.nodeType === 1 || isBlank(node))
  ) {
    path.push([...container.childNodes].indexOf(container.firstElementChild));
    container = container.firstElementChild;
  }
  return { container, path };
}

/// Where a paste's first part ends: the index, among `nodes`, of the
/// block after the first `FIRST_PART_BLOCKS` or so, the first that
/// follows a block ending in a plain paragraph. ProseMirror joins that
/// paragraph to the empty one the paste replaces, as it would the paste's
/// last block, so nothing of the empty one is left between the parts, and
/// every block is read as it would have been in one piece. -1 if none.
function firstPartEnd(nodes) {
  let blocks = 0;
  let previous = null;
  for (const [index, node] of nodes.entries()) {
    if (isBlank(node)) continue;
    if (isBlock(node) && blocks >= FIRST_PART_BLOCKS && endsInPlainParagraph(previous)) return index;
    if (isBlock(node)) blocks += 1;
    previous = node;
  }
  return -1;
}

/// Everything after `container`'s first `index` children, in document
/// order (its later children, then what follows it and each ancestor up
/// to the body), moved into a new <div>, which the schema reads through.
function takeRest(body, container, index) {
  const rest = body.ownerDocument.createElement("div");
  rest.append(...[...container.childNodes].slice(index));
  for (let el = container; el !== body; el = el.parentNode) {
    while (el.nextSibling) rest.append(el.nextSibling);
  }
  return rest;
}

/// Splits a long paste (the body `readPastedHtml` gave) in two.
/// ProseMirror reads and draws 30 pages of Google Docs (2,500 blocks) in
/// over a second on a slow laptop, and the editor would show nothing until
/// both were done: the first `FIRST_PART_BLOCKS` blocks or so stay in
/// `body` for the paste itself, and the rest come back in a container,
/// which the editor puts in after them once the first screens are drawn.
/// Returns null for a short paste.
export function splitLongPaste(body) {
  const { container } = blocksContainer(body);
  const nodes = [...container.childNodes];
  if (nodes.filter(isBlock).length <= LONG_PASTE_BLOCKS) return null;
  const end = firstPartEnd(nodes);
  return end < 0 ? null : takeRest(body, container, end);
}

/// A paste of this much HTML or more is read at first only in its head
/// (`readPasteHead`): 30 pages of Google Docs are 1.5 MB of HTML, and
/// parsing it all was a third of the paste's first frame.
const HEAD_PASTE_CHARS = 200_000;
const HEAD_CHARS = 65_536;

/// The first part of a very long paste, read from the head of its HTML
/// alone: `{ pasted, path, end }` (what `readPastedHtml` gave for the
/// head, cut after the first part's blocks; where the cut is), or null
/// when the head holds no first part (then the paste is read whole).
///
/// The HTML parser builds the document as it reads, so every block that
/// closed before the cut is the same whether it reads the head or the
/// whole; so is what `readPastedHtml` does to it (comments, Word's lists,
/// the Google Docs wrapper, images: each within its own blocks). A block
/// that starts in the head is proof that the one before it is whole.
function readPasteHead(html) {
  for (let size = HEAD_CHARS; size * 3 <= html.length; size *= 4) {
    // Not inside a tag; and not inside Word's <style>, which
    // `readPastedHtml` drops only whole.
    const head = html.slice(0, html.lastIndexOf("<", size));
    const lower = head.toLowerCase();
    if (lower.lastIndexOf("<style") > lower.lastIndexOf("</style")) continue;
    const pasted = readPastedHtml(head);
    const { container, path } = blocksContainer(pasted.body);
    const end = firstPartEnd([...container.childNodes]);
    if (end < 0) continue;
    takeRest(pasted.body, container, end);
    return { pasted, path, end };
  }
  return null;
}

/// The rest of a very long paste whose first part `readPasteHead` read:
/// the whole HTML read, and what follows that part taken.
function readPasteTail(html, { path, end }) {
  const pasted = readPastedHtml(html);
  let container = pasted.body;
  for (const index of path) container = container.childNodes[index];
  return { rest: takeRest(pasted.body, container, end), pasted };
}

/// The blocks of the rest of a long paste, tidied and read as the schema
/// reads them at the top of a document. `part.read()` gives the rest's
/// container and what `readPastedHtml` gave for the paste (`pasteProps`).
export function parsePasteRest(part) {
  const { rest, pasted } = part.read();
  tidyPasted(rest, pasted);
  return schemaParser.parse(rest, { ruleFromNode: ruleByName }).content;
}

function reportLeftOut(report, say) {
  if (report.remoteImages) {
    say(`Изображения со сторонних сайтов не вставлены (${report.remoteImages}): сохраните их и загрузите файлами.`);
  }
}

/// `transformPastedHTML` and `clipboardParser` for the editor's view;
/// `say` shows a sentence under the editor. `splitAt($context)` says
/// whether a long paste may go in in two parts there, and
/// `restOfPaste(part, $context)` receives the second (for
/// `parsePasteRest`).
export function pasteProps({ say, splitAt, restOfPaste }) {
  // What `transformPastedHTML` read, for `parseSlice`; and, for a paste
  // read at first only in its head, the rest of it (for `parsePasteRest`).
  let read = null;
  let restOfHead = null;
  return {
    transformPastedHTML(html, view) {
      // A very long paste where it may go in in two parts: only its head
      // is read now; the rest, when it goes in.
      const head =
        html.length >= HEAD_PASTE_CHARS && !html.includes("data-pm-slice") && splitAt(view.state.selection.$from)
          ? readPasteHead(html)
          : null;
      if (head) {
        read = head.pasted;
        restOfHead = {
          read() {
            const tail = readPasteTail(html, head);
            // Only the whole paste can say how many images were left out.
            reportLeftOut(tail.pasted.report, say);
            return tail;
          },
        };
        return "";
      }
      const pasted = readPastedHtml(html);
      reportLeftOut(pasted.report, say);
      // A copy from ProseMirror itself says where it was cut
      // (`data-pm-slice`), and ProseMirror reads that from the HTML.
      if (pasted.body.querySelector("[data-pm-slice]")) {
        tidyPasted(pasted.body, pasted);
        return pasted.body.innerHTML;
      }
      // Anything else goes to the schema's parser as the DOM it already
      // is (below), not written out as HTML for ProseMirror to parse
      // once more.
      read = pasted;
      return "";
    },
    clipboardParser: {
      parseSlice(dom, options) {
        const pasted = read;
        const headFirst = restOfHead;
        read = restOfHead = null;
        if (headFirst) {
          tidyPasted(pasted.body, pasted);
          restOfPaste(headFirst, options.context);
        } else if (pasted) {
          // Only the first part is tidied and read now.
          const rest = options.context && splitAt(options.context) ? splitLongPaste(pasted.body) : null;
          tidyPasted(pasted.body, pasted);
          if (rest) restOfPaste({ read: () => ({ rest, pasted }) }, options.context);
        }
        const ruleFromNode = options.ruleFromNode || (() => null);
        return schemaParser.parseSlice(pasted ? pasted.body : dom, { ...options, ruleFromNode: (node) => ruleFromNode(node) || ruleByName(node) });
      },
    },
  };
}

/// Clipboard HTML → the document a paste into an empty editor gives.
export function parsePaste(html) {
  return schemaParser.parse(cleanPastedHtml(html).body, { ruleFromNode: ruleByName });
}
