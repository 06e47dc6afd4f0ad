// The document schema: exactly what the stored markup can say (see
// app/src/server/markup/mod.rs), no more, so that every document the
// editor can hold saves as markup that renders the same way.
//
// Blocks: paragraph, subheading (h2, h3; markup `#`/`##` both render as
// h2), quote, lists, code, rule, figure (one image with alt, caption and
// credit), gallery (several figures in one paragraph), embed (a lone
// YouTube/Telegram/X/Instagram address) and table. Inline: text with
// bold, italic, strikethrough, code and links; images inside a line;
// line breaks.
import { Schema } from "prosemirror-model";

const cellAttrs = {
  colspan: { default: 1 },
  rowspan: { default: 1 },
  colwidth: { default: null },
  align: { default: null },
};

function cellSpec(tag, role) {
  return {
    content: "inline*",
    attrs: cellAttrs,
    tableRole: role,
    isolating: true,
    parseDOM: [
      {
        tag,
        getAttrs: (dom) => ({ align: alignOf(dom) }),
      },
    ],
    toDOM: (node) => [tag, node.attrs.align ? { class: `align-${node.attrs.align}` } : {}, 0],
  };
}

function alignOf(dom) {
  const align = dom.getAttribute("align") || "";
  return ["left", "center", "right"].includes(align) ? align : null;
}

export const schema = new Schema({
  nodes: {
    doc: { content: "block+" },
    paragraph: {
      content: "inline*",
      group: "block",
      parseDOM: [{ tag: "p" }],
      toDOM: () => ["p", 0],
    },
    heading: {
      attrs: { level: { default: 2 } },
      content: "inline*",
      group: "block",
      defining: true,
      parseDOM: [
        // A pasted document's title and top headings are subheadings:
        // the article's headline is its own field.
        { tag: "h1", attrs: { level: 2 } },
        { tag: "h2", attrs: { level: 2 } },
        { tag: "h3", attrs: { level: 3 } },
        { tag: "h4", attrs: { level: 3 } },
        { tag: "h5", attrs: { level: 3 } },
        { tag: "h6", attrs: { level: 3 } },
      ],
      toDOM: (node) => [`h${node.attrs.level}`, 0],
    },
    blockquote: {
      content: "block+",
      group: "block",
      defining: true,
      parseDOM: [{ tag: "blockquote" }],
      toDOM: () => ["blockquote", 0],
    },
    bullet_list: {
      content: "list_item+",
      group: "block",
      attrs: { tight: { default: true } },
      parseDOM: [{ tag: "ul" }],
      toDOM: () => ["ul", 0],
    },
    ordered_list: {
      content: "list_item+",
      group: "block",
      attrs: { order: { default: 1 }, tight: { default: true } },
      parseDOM: [
        {
          tag: "ol",
          getAttrs: (dom) => ({
            order: dom.hasAttribute("start") ? Number(dom.getAttribute("start")) || 1 : 1,
          }),
        },
      ],
      toDOM: (node) => ["ol", node.attrs.order === 1 ? {} : { start: node.attrs.order }, 0],
    },
    list_item: {
      content: "paragraph block*",
      defining: true,
      parseDOM: [{ tag: "li" }],
      toDOM: () => ["li", 0],
    },
    code_block: {
      content: "text*",
      group: "block",
      code: true,
      marks: "",
      defining: true,
      attrs: { params: { default: "" } },
      parseDOM: [{ tag: "pre", preserveWhitespace: "full" }],
      toDOM: () => ["pre", ["code", 0]],
    },
    horizontal_rule: {
      group: "block",
      parseDOM: [{ tag: "hr" }],
      toDOM: () => ["hr"],
    },
    figure: {
      group: "block",
      atom: true,
      draggable: true,
      attrs: {
        src: { default: "" },
        alt: { default: "" },
        caption: { default: "" },
        credit: { default: "" },
      },
      // Pasted images are kept only when they are this site's own
      // (paste.js uploads files and drops remote addresses first).
      parseDOM: [
        {
          tag: "figure img, img",
          getAttrs: (dom) => {
            const src = dom.getAttribute("src") || "";
            return src.startsWith("/media/") ? { src, alt: dom.getAttribute("alt") || "" } : false;
          },
        },
      ],
      toDOM: (node) => ["figure", { class: "figure" }, ["img", { src: node.attrs.src, alt: node.attrs.alt }]],
    },
    gallery: {
      group: "block",
      content: "figure+",
      parseDOM: [{ tag: "figure.gallery" }],
      toDOM: () => ["figure", { class: "gallery" }, 0],
    },
    embed: {
      group: "block",
      atom: true,
      attrs: { url: {}, autolink: { default: false } },
      toDOM: (node) => ["p", { class: "editor-embed" }, node.attrs.url],
    },
    table: {
      content: "table_row+",
      group: "block",
      tableRole: "table",
      isolating: true,
      parseDOM: [{ tag: "table" }],
      toDOM: () => ["div", { class: "table-scroll" }, ["table", ["tbody", 0]]],
    },
    table_row: {
      content: "(table_cell | table_header)*",
      tableRole: "row",
      parseDOM: [{ tag: "tr" }],
      toDOM: () => ["tr", 0],
    },
    table_cell: cellSpec("td", "cell"),
    table_header: cellSpec("th", "header_cell"),
    text: { group: "inline" },
    image: {
      inline: true,
      group: "inline",
      attrs: { src: {}, alt: { default: "" }, title: { default: "" } },
      toDOM: (node) => ["img", { src: node.attrs.src, alt: node.attrs.alt }],
    },
    hard_break: {
      inline: true,
      group: "inline",
      selectable: false,
      parseDOM: [{ tag: "br" }],
      toDOM: () => ["br"],
    },
  },
  marks: {
    link: {
      // `key` tells apart links that touch (see markup.js); never saved.
      attrs: { href: {}, title: { default: "" }, key: { default: null } },
      inclusive: false,
      parseDOM: [
        {
          tag: "a[href]",
          getAttrs: (dom) => {
            const href = safeHref(dom.getAttribute("href") || "");
            return href ? { href, title: dom.getAttribute("title") || "" } : false;
          },
        },
      ],
      toDOM: (mark) => ["a", { href: mark.attrs.href, rel: "noopener noreferrer" }, 0],
    },
    // Pasted styles (Google Docs' bold spans…) arrive as these tags:
    // paste.js turns them into tags before the schema reads a paste.
    em: {
      parseDOM: [{ tag: "i" }, { tag: "em" }],
      toDOM: () => ["em", 0],
    },
    strong: {
      parseDOM: [{ tag: "strong" }, { tag: "b" }],
      toDOM: () => ["strong", 0],
    },
    strike: {
      parseDOM: [{ tag: "s" }, { tag: "del" }, { tag: "strike" }],
      toDOM: () => ["del", 0],
    },
    code: {
      parseDOM: [{ tag: "code" }],
      toDOM: () => ["code", 0],
    },
  },
});

/// The link addresses the site keeps (the renderer's sanitiser allows
/// the same schemes): http(s), mailto, and the site's own paths.
export function safeHref(href) {
  const value = href.trim();
  if (/^(https?:|mailto:)/i.test(value)) return value;
  if (value.startsWith("/") && !value.startsWith("//")) return value;
  if (value.startsWith("#")) return null;
  return null;
}
