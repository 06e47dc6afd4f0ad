// The stored markup ⇄ the editor's document.
//
// The markup (a Markdown subset, app/src/server/markup/mod.rs) stays the
// article's one source of truth; the editor is a view of it. Parsing uses
// markdown-it with the same extensions as the server's pulldown-cmark
// (tables, strikethrough), raw HTML read as text, links left exactly as
// typed (the server's sanitiser decides what a link may be). Serialising
// writes markup that renders to the same HTML; the first visual save
// normalises hand-typed markup once (see docs/newsroom.md).
import MarkdownIt from "markdown-it";
import { MarkdownParser, MarkdownSerializer } from "prosemirror-markdown";
import { Fragment } from "prosemirror-model";
import { schema } from "./schema.js";
import { embedKind } from "./embeds.js";

const tokenizer = MarkdownIt("commonmark", { html: false, linkify: false, typographer: false }).enable([
  "table",
  "strikethrough",
]);
// Addresses as typed: no percent-encoding of Cyrillic paths, no refusal
// of schemes here (the server's renderer drops unsafe links).
tokenizer.normalizeLink = (url) => url;
tokenizer.normalizeLinkText = (url) => url;
tokenizer.validateLink = () => true;

function listIsTight(tokens, i) {
  while (++i < tokens.length) if (tokens[i].type !== "list_item_open") return tokens[i].hidden;
  return false;
}

function cellAlign(tok) {
  const style = tok.attrGet("style") || "";
  const match = /text-align:(left|center|right)/.exec(style);
  return { align: match ? match[1] : null };
}

/// The plain text of an image's description, as the server reads it
/// (text and code only).
function altText(tok) {
  return (tok.children || [])
    .filter((child) => child.type === "text" || child.type === "code_inline")
    .map((child) => child.content)
    .join("");
}

const parser = new MarkdownParser(schema, tokenizer, {
  blockquote: { block: "blockquote" },
  paragraph: { block: "paragraph" },
  list_item: { block: "list_item" },
  bullet_list: { block: "bullet_list", getAttrs: (_, tokens, i) => ({ tight: listIsTight(tokens, i) }) },
  ordered_list: {
    block: "ordered_list",
    getAttrs: (tok, tokens, i) => ({ order: Number(tok.attrGet("start")) || 1, tight: listIsTight(tokens, i) }),
  },
  // Article headings start at h2: `#` and `##` are both subheadings.
  heading: { block: "heading", getAttrs: (tok) => ({ level: Number(tok.tag.slice(1)) <= 2 ? 2 : 3 }) },
  code_block: { block: "code_block", noCloseToken: true },
  fence: { block: "code_block", getAttrs: (tok) => ({ params: tok.info || "" }), noCloseToken: true },
  hr: { node: "horizontal_rule" },
  image: {
    node: "image",
    getAttrs: (tok) => ({ src: tok.attrGet("src") || "", title: tok.attrGet("title") || "", alt: altText(tok) }),
  },
  hardbreak: { node: "hard_break" },
  em: { mark: "em" },
  strong: { mark: "strong" },
  s: { mark: "strike" },
  link: {
    mark: "link",
    getAttrs: (tok) => ({ href: tok.attrGet("href") || "", title: tok.attrGet("title") || "", key: nextLinkKey() }),
  },
  code_inline: { mark: "code", noCloseToken: true },
  table: { block: "table" },
  thead: { ignore: true },
  tbody: { ignore: true },
  tr: { block: "table_row" },
  th: { block: "table_header", getAttrs: cellAlign },
  td: { block: "table_cell", getAttrs: cellAlign },
});

/// Two links side by side to one address stay two links (ProseMirror would
/// merge marks with equal attributes).
let linkKeys = 0;
function nextLinkKey() {
  linkKeys += 1;
  return linkKeys;
}

const BARE_ADDRESS = /^https?:\/\/\S+$/;

/// What a paragraph is when it stands alone: a figure, a gallery or an
/// embed, as the server's renderer decides (`block_html`), or null.
function blockOf(paragraph) {
  const children = [];
  paragraph.forEach((child) => children.push(child));
  if (children.length === 1 && children[0].isText) {
    const text = children[0];
    const link = text.marks.find((m) => m.type === schema.marks.link);
    if (text.marks.length === 0 && BARE_ADDRESS.test(text.text) && embedKind(text.text)) {
      return schema.nodes.embed.create({ url: text.text, autolink: false });
    }
    if (text.marks.length === 1 && link && link.attrs.href === text.text && !link.attrs.title && embedKind(text.text)) {
      return schema.nodes.embed.create({ url: text.text, autolink: true });
    }
  }
  const images = children.filter((c) => c.type === schema.nodes.image);
  const onlyImages = children.every(
    (c) => c.type === schema.nodes.image || c.type === schema.nodes.hard_break || (c.isText && !c.text.trim()),
  );
  if (!images.length || !onlyImages) return null;
  const figures = images.map((image) => {
    const title = image.attrs.title || "";
    const bar = title.indexOf("|");
    const caption = (bar < 0 ? title : title.slice(0, bar)).trim();
    const credit = bar < 0 ? "" : title.slice(bar + 1).trim();
    return schema.nodes.figure.create({ src: image.attrs.src, alt: image.attrs.alt, caption, credit });
  });
  return figures.length === 1 ? figures[0] : schema.nodes.gallery.create(null, figures);
}

/// Paragraphs that are figures, galleries or embeds become those blocks,
/// at the top level and in quotes (in a tight list the server sees no
/// paragraph, and images stay in the line).
function liftBlocks(node) {
  if (node.isTextblock || node.isAtom) return node;
  const content = [];
  let changed = false;
  node.forEach((child) => {
    let next = child;
    if (child.type === schema.nodes.paragraph && (node.type === schema.nodes.doc || node.type === schema.nodes.blockquote)) {
      next = blockOf(child) || child;
    } else if (child.type === schema.nodes.blockquote) {
      next = liftBlocks(child);
    }
    changed = changed || next !== child;
    content.push(next);
  });
  return changed ? node.copy(Fragment.from(content)) : node;
}

/// The editor's document for a stored markup.
export function parseMarkup(markup) {
  return liftBlocks(parser.parse(markup || ""));
}

// ---- serialising ----

/// Text on one line, spaces tidied.
function oneLine(text) {
  return text.split(/\s+/).filter(Boolean).join(" ");
}

/// Backslash before every character in `special` (and before backslash).
function escapeChars(text, special) {
  let out = "";
  for (const c of text) out += c === "\\" || special.includes(c) ? "\\" + c : c;
  return out;
}

function destination(url) {
  return /[\s()<>]/.test(url) ? `<${url.replace(/[<>]/g, (c) => encodeURIComponent(c))}>` : url;
}

/// `![alt](src "caption | credit")`, as the form's own figure line writes
/// it (`domain::articles::figure_line`).
export function figureMarkup({ src, alt, caption, credit }) {
  const description = escapeChars(oneLine(alt || ""), "[]*_`~<&!");
  const captionText = escapeChars(oneLine((caption || "").replace(/\|/g, "/")), '"');
  const creditText = escapeChars(oneLine(credit || ""), '"');
  const title = !captionText && !creditText ? "" : !creditText ? ` "${captionText}"` : ` "${captionText} | ${creditText}"`;
  return `![${description}](${destination(src)}${title})`;
}

const marks = {
  em: { open: "*", close: "*", mixable: true, expelEnclosingWhitespace: true },
  strong: { open: "**", close: "**", mixable: true, expelEnclosingWhitespace: true },
  strike: { open: "~~", close: "~~", mixable: true, expelEnclosingWhitespace: true },
  link: {
    open(state, mark, parent, index) {
      state.inAutolink = isPlainAddress(mark, parent, index);
      return state.inAutolink ? "<" : "[";
    },
    close(state, mark) {
      const autolink = state.inAutolink;
      state.inAutolink = undefined;
      if (autolink) return ">";
      const href = mark.attrs.href.replace(/[()"]/g, "\\$&");
      const title = mark.attrs.title ? ` "${mark.attrs.title.replace(/"/g, '\\"')}"` : "";
      return `](${/[\s<>]/.test(href) ? `<${href}>` : href}${title})`;
    },
    mixable: true,
  },
  code: {
    open: (_state, _mark, parent, index) => backticksFor(parent.child(index), -1),
    close: (_state, _mark, parent, index) => backticksFor(parent.child(index - 1), 1),
    escape: false,
  },
};

function backticksFor(node, side) {
  const ticks = /`+/g;
  let match;
  let len = 0;
  if (node.isText) while ((match = ticks.exec(node.text))) len = Math.max(len, match[0].length);
  let result = len > 0 && side > 0 ? " `" : "`";
  for (let i = 0; i < len; i++) result += "`";
  if (len > 0 && side < 0) result += " ";
  return result;
}

function isPlainAddress(link, parent, index) {
  if (link.attrs.title || !/^(https?|mailto):/.test(link.attrs.href) || /[\s<>]/.test(link.attrs.href)) return false;
  const content = parent.child(index);
  if (!content.isText || content.text !== link.attrs.href || content.marks[content.marks.length - 1] !== link) return false;
  return index === parent.childCount - 1 || !link.isInSet(parent.child(index + 1).marks);
}

/// `&` before something that reads as an entity would become that
/// character: written `\&`.
function escapeEntities(text) {
  return text.replace(/&(?=#?[0-9A-Za-z]+;)/g, "\\&");
}

const nodes = {
  blockquote(state, node) {
    state.wrapBlock("> ", null, node, () => state.renderContent(node));
  },
  code_block(state, node) {
    const backticks = node.textContent.match(/`{3,}/gm);
    const fence = backticks ? backticks.sort().slice(-1)[0] + "`" : "```";
    state.write(fence + (node.attrs.params || "") + "\n");
    state.text(node.textContent, false);
    state.write("\n");
    state.write(fence);
    state.closeBlock(node);
  },
  heading(state, node) {
    state.write(node.attrs.level === 3 ? "### " : "## ");
    state.renderInline(node, false);
    state.closeBlock(node);
  },
  horizontal_rule(state, node) {
    state.write("---");
    state.closeBlock(node);
  },
  bullet_list(state, node) {
    state.renderList(node, "  ", () => "- ");
  },
  ordered_list(state, node) {
    const start = node.attrs.order ?? 1;
    const width = String(start + node.childCount - 1).length;
    const space = state.repeat(" ", width + 2);
    state.renderList(node, space, (i) => {
      const number = String(start + i);
      return state.repeat(" ", width - number.length) + number + ". ";
    });
  },
  list_item(state, node) {
    state.renderContent(node);
  },
  paragraph(state, node) {
    // A bare address alone in its paragraph goes out as typed: escaping
    // its underscores would split it, and the server would no longer
    // see one address (an embed, when it is one).
    const only = node.childCount === 1 ? node.firstChild : null;
    if (only && only.isText && only.marks.length === 0 && BARE_ADDRESS.test(only.text)) {
      state.write(only.text);
    } else {
      state.renderInline(node);
    }
    state.closeBlock(node);
  },
  figure(state, node) {
    state.write(figureMarkup(node.attrs));
    state.closeBlock(node);
  },
  gallery(state, node) {
    const lines = [];
    node.forEach((figure) => lines.push(figureMarkup(figure.attrs)));
    state.write(lines.join("\n"));
    state.closeBlock(node);
  },
  embed(state, node) {
    state.write(node.attrs.autolink ? `<${node.attrs.url}>` : node.attrs.url);
    state.closeBlock(node);
  },
  table(state, node) {
    const rows = [];
    node.forEach((row) => {
      const cells = [];
      row.forEach((cell) => cells.push(cell));
      rows.push(cells);
    });
    const width = Math.max(1, ...rows.map((r) => r.length));
    const line = (cells) => "| " + cells.join(" | ") + " |";
    const header = rows[0] || [];
    const text = (cell) => (cell ? cellMarkup(cell) : "");
    const out = [line(Array.from({ length: width }, (_, i) => text(header[i])))];
    out.push(
      line(
        Array.from({ length: width }, (_, i) => {
          const align = header[i] && header[i].attrs.align;
          return align === "left" ? ":--" : align === "right" ? "--:" : align === "center" ? ":-:" : "---";
        }),
      ),
    );
    for (const row of rows.slice(1)) out.push(line(Array.from({ length: width }, (_, i) => text(row[i]))));
    state.write(out.join("\n"));
    state.closeBlock(node);
  },
  table_row() {},
  table_cell() {},
  table_header() {},
  image(state, node) {
    state.write(
      "![" +
        escapeChars(node.attrs.alt || "", "[]*_`~<&!") +
        "](" +
        destination(node.attrs.src) +
        (node.attrs.title ? ' "' + node.attrs.title.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + '"' : "") +
        ")",
    );
  },
  hard_break(state, node, parent, index) {
    for (let i = index + 1; i < parent.childCount; i++) {
      if (parent.child(i).type !== node.type) {
        state.write("\\\n");
        return;
      }
    }
  },
  text(state, node) {
    if (state.inAutolink) state.text(node.text, false);
    else state.text(escapeEntities(node.text), true);
  },
};

const serializer = new MarkdownSerializer(nodes, marks, { tightLists: false });

/// A table cell's inline markup on one line, `|` escaped.
function cellMarkup(cell) {
  const paragraph = schema.nodes.paragraph.create(
    null,
    cell.content.content.map((child) => (child.type === schema.nodes.hard_break ? schema.text(" ") : child)),
  );
  const markup = serializer.serialize(schema.nodes.doc.create(null, paragraph), { escapeExtraCharacters: /[|]/g });
  return markup.replace(/\n+/g, " ").trim();
}

/// The stored markup for an editor document, written in one pass: the
/// reference that `serializeMarkup` must equal (tested).
export function serializeMarkupAtOnce(doc) {
  return serializer.serialize(doc).replace(/\s+$/, "");
}

/// Each top-level block's markup as the serializer writes it, by node.
/// A document shares every block a keystroke did not touch with the one
/// before, so writing out a long article again serializes one block.
/// (In one pass, prosemirror-markdown appends to one string and reads
/// its last character after each piece, which copies the whole text each
/// time: ~50 ms for a 40,000-character article at 4× CPU slowdown, every
/// time autosave needed the markup while the editor typed.)
const blockMarkup = new WeakMap();

/// The block `node` as the serializer writes it after another block:
/// whether it writes at all (an empty paragraph does not), and what.
function markupOfBlock(node) {
  let known = blockMarkup.get(node);
  if (!known) {
    // After a one-letter paragraph, to see whether the block writes
    // anything: only a block that writes separates itself from the last.
    const after = serializer.serialize(schema.topNodeType.create(null, [LEAD_IN, node]));
    const writes = after !== LEAD_IN_MARKUP;
    known = { writes, text: writes ? after.slice(LEAD_IN_MARKUP.length + 2) : "" };
    blockMarkup.set(node, known);
  }
  return known;
}

const LEAD_IN_MARKUP = "x";
const LEAD_IN = schema.nodes.paragraph.create(null, schema.text(LEAD_IN_MARKUP));

/// The stored markup for an editor document: the blocks' markup joined
/// as the serializer's `flushClose` joins them (a blank line between
/// blocks, two between two lists of one kind, so that they stay two).
export function serializeMarkup(doc) {
  let out = "";
  let endsWithNewline = true;
  let closed = null;
  doc.forEach((node) => {
    const { writes, text } = markupOfBlock(node);
    if (writes) {
      if (closed) {
        const lists = closed.type === node.type && (node.type === schema.nodes.bullet_list || node.type === schema.nodes.ordered_list);
        out += (out && !endsWithNewline ? "\n" : "") + (lists ? "\n\n" : "\n");
      }
      out += text;
      if (text) endsWithNewline = text.endsWith("\n");
      else if (closed) endsWithNewline = true;
    }
    closed = node;
  });
  return out.replace(/\s+$/, "");
}
