// Clipboard HTML from Google Docs, Microsoft Word (desktop and online),
// LibreOffice and web pages, tidied before the schema reads it.
//
// The schema's parse rules already keep only what the markup can say
// (headings, bold, italic, strikethrough, links, lists, quotes, tables)
// and drop every style, class and font. What is left to do here is what
// those rules cannot see: Word's lists (paragraphs with `mso-list`, not
// <ul>), its comments and conditional comments, Google's redirect links
// and comment anchors, empty paragraphs and runs of non-breaking spaces,
// block elements inside table cells, and images that are not ours.

function unwrap(el) {
  el.replaceWith(...el.childNodes);
}

/// Word marks a list item's number or bullet with `mso-list:Ignore`;
/// its kind tells ordered from bulleted.
function wordListItem(p, styles) {
  const match = WORD_LIST_ITEM.exec(styles.of(p));
  if (!match) return null;
  let marker = "";
  for (const span of p.querySelectorAll("span")) {
    if (/mso-list:\s*Ignore/i.test(styles.of(span))) {
      marker = marker || span.textContent;
      span.remove();
    }
  }
  const ordered = /^\s*[\(]?([0-9]+|[a-zа-я]|[ivxlc]+)[.)]/i.test(marker);
  return { list: match[1], level: Number(match[2]), ordered };
}

const WORD_LIST_ITEM = /mso-list:\s*(l\d+)\s+level(\d+)/i;

/// Consecutive Word list paragraphs become nested <ul>/<ol>.
function wordLists(root, styles) {
  const selector = styles.selector(WORD_LIST_ITEM, "p");
  if (!selector) return;
  const items = root.querySelectorAll(selector);
  let run = [];
  const flush = () => {
    if (run.length) buildList(run, styles);
    run = [];
  };
  for (const p of items) {
    if (run.length && run[run.length - 1].nextElementSibling !== p) flush();
    run.push(p);
  }
  flush();
}

function buildList(run, styles) {
  const doc = run[0].ownerDocument;
  const stack = [];
  let outer = null;
  for (const p of run) {
    const item = wordListItem(p, styles);
    while (stack.length > item.level) stack.pop();
    while (stack.length < item.level) {
      const list = doc.createElement(item.ordered ? "ol" : "ul");
      if (stack.length) {
        const parent = stack[stack.length - 1];
        (parent.lastElementChild || parent.appendChild(doc.createElement("li"))).append(list);
      } else {
        outer = outer || list;
      }
      stack.push(list);
    }
    const li = doc.createElement("li");
    li.append(...p.childNodes);
    stack[stack.length - 1].append(li);
  }
  run[0].before(outer);
  run.forEach((p) => p.remove());
}

/// `https://www.google.com/url?q=…` (links in a published Google Doc)
/// point to their real address.
function realAddress(href) {
  try {
    const url = new URL(href);
    if (/(^|\.)google\.[a-z.]+$/.test(url.hostname) && url.pathname === "/url" && url.searchParams.get("q")) {
      return url.searchParams.get("q");
    }
  } catch (_) {
    return href;
  }
  return href;
}

const BLOCKS = "p, div, h1, h2, h3, h4, h5, h6, ul, ol, li, blockquote";

// The workspace's CSP allows no inline styles, and Chromium checks them
// even in a document that is only parsed (DOMParser, <template>): every
// `style` attribute of a paste would be a console error and be read as
// empty. So, before parsing, style elements are dropped and each style
// attribute is set aside (`PastedStyles`); what the styles meant (Google
// Docs' bold and italic spans, Word's lists and alignment) is then turned
// into tags.
const STYLE = "data-pasted-style";

/// A paste's style attributes, set aside: an element's `data-pasted-style`
/// is the number of its declarations here. Google Docs repeats a handful
/// of long declarations on thousands of spans, so each distinct one is
/// kept (and read) once, and the HTML to parse is a fifth of its size.
class PastedStyles {
  constructor() {
    this.texts = [];
    this.numbers = new Map();
    this.meanings = [];
  }

  /// `html` without style elements, its style attributes numbered.
  quarantine(html) {
    return html
      .replace(/<style\b[\s\S]*?<\/style\s*>/gi, "")
      .replace(/(<[a-zA-Z][^>]*?\s)style\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]*))/gi, (_, start, dq, sq, bare) => {
        const text = decodeEntities(dq ?? sq ?? bare ?? "");
        let number = this.numbers.get(text);
        if (number === undefined) {
          number = this.texts.push(text) - 1;
          this.numbers.set(text, number);
        }
        return `${start}${STYLE}="${number}"`;
      });
  }

  /// The declarations `el` had ("" for none).
  of(el) {
    return this.texts[el.getAttribute(STYLE)] || "";
  }

  /// What `el`'s declarations say that the markup can keep.
  meaning(el) {
    return this.meaningOf(el.getAttribute(STYLE));
  }

  /// A selector for the `tag`s whose declarations match `pattern`; null
  /// when none do.
  selector(pattern, tag = "") {
    const parts = [];
    this.texts.forEach((text, number) => {
      if (pattern.test(text)) parts.push(`${tag}[${STYLE}="${number}"]`);
    });
    return parts.length ? parts.join(", ") : null;
  }

  /// A selector for the elements whose declarations mean something to
  /// the markup. Most of a Google Docs paste's spans say only «not bold,
  /// not italic», which matters on <b> and <i> alone.
  meaningful() {
    const parts = ["b", "strong", "i", "em"].map((tag) => `${tag}[${STYLE}]`);
    this.texts.forEach((_, number) => {
      const { bold, italic, struck, align } = this.meaningOf(number);
      if (bold || italic || struck || align) parts.push(`[${STYLE}="${number}"]`);
    });
    return parts.join(", ");
  }

  meaningOf(number) {
    return (this.meanings[number] ??= styleMeaning(this.texts[number] || ""));
  }
}

/// The entities a style attribute can hold (Word quotes font names).
function decodeEntities(text) {
  if (!text.includes("&")) return text;
  return text.replace(/&(quot|apos|#39|amp|lt|gt);/g, (_, name) => ({ quot: '"', apos: "'", "#39": "'", amp: "&", lt: "<", gt: ">" })[name]);
}

/// `font-weight: 700; font-style: italic` → { "font-weight": "700", … }.
function declarations(text) {
  const out = {};
  for (const part of (text || "").split(";")) {
    const colon = part.indexOf(":");
    if (colon > 0) out[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim().toLowerCase();
  }
  return out;
}

function wrapChildren(el, name) {
  const wrapper = el.ownerDocument.createElement(name);
  wrapper.append(...el.childNodes);
  el.append(wrapper);
}

/// What a `style` attribute says that the markup can keep.
function styleMeaning(style) {
  const css = declarations(style);
  const weight = css["font-weight"] || "";
  const number = Number(weight);
  return {
    bold: /^bold/.test(weight) || number >= 600,
    notBold: weight === "normal" || (number > 0 && number < 600),
    italic: /italic|oblique/.test(css["font-style"] || ""),
    notItalic: css["font-style"] === "normal",
    struck: /line-through/.test(`${css["text-decoration"] || ""} ${css["text-decoration-line"] || ""}`),
    align: css["text-align"],
  };
}

function stylesToTags(root, styles) {
  root.querySelectorAll(styles.meaningful()).forEach((el) => {
    const { bold, notBold, italic, notItalic, struck, align } = styles.meaning(el);
    // <b style="font-weight:normal"> (Google Docs' wrapper) is not bold.
    if ((el.localName === "b" || el.localName === "strong") && notBold) {
      el.replaceWith(...el.childNodes);
      return;
    }
    if ((el.localName === "i" || el.localName === "em") && notItalic) {
      el.replaceWith(...el.childNodes);
      return;
    }
    if (struck) wrapChildren(el, "s");
    if (italic) wrapChildren(el, "em");
    if (bold && !/^(h[1-6]|th)$/.test(el.localName)) wrapChildren(el, "strong");
    if (align && /^(td|th|p)$/.test(el.localName)) el.setAttribute("align", align);
  });
}

/// Tidies clipboard HTML for the schema's parser. Returns the cleaned
/// body (of an inert document: nothing in it loads or runs) and what was
/// left out (`remoteImages`: images that came only as addresses of other
/// sites).
export function cleanPastedHtml(html) {
  const pasted = readPastedHtml(html);
  tidyPasted(pasted.body, pasted);
  return { body: pasted.body, report: pasted.report };
}

/// The first half of `cleanPastedHtml`: the clipboard HTML parsed, and
/// what decides its top-level blocks done (comments, Word's lists, the
/// Google Docs wrapper). What is left (`tidyPasted`) changes each block
/// only within itself, so a long paste can split its body into parts
/// here and tidy each part when it goes in (clipboard.js).
export function readPastedHtml(html) {
  const styles = new PastedStyles();
  const doc = new DOMParser().parseFromString(styles.quarantine(html), "text/html");
  const body = doc.body;
  const report = { remoteImages: 0 };

  // Comments (Word's conditional ones too), styles, metadata.
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.remove());
  body.querySelectorAll("style, script, meta, link, title, xml, template, noscript").forEach((el) => el.remove());

  // Word's and Google Docs' comments and their anchors.
  const commentList = styles.selector(/mso-element:\s*comment-list/i);
  body
    .querySelectorAll(
      `.MsoCommentReference, .msocomanchor, .msocomtxt, .msocomoff, a[href^='#cmnt'], a[id^='cmnt']${commentList ? `, ${commentList}` : ""}`,
    )
    .forEach((el) => {
      const holder = el.closest("sup") || el;
      if (el.id && el.id.startsWith("cmnt") && !el.id.startsWith("cmnt_ref")) {
        (el.closest("div") || el.closest("p") || holder).remove();
      } else {
        holder.remove();
      }
    });

  wordLists(body, styles);

  // Google Docs wraps everything in <b id="docs-internal-guid-…"
  // style="font-weight:normal">.
  body.querySelectorAll("b[id^='docs-internal-guid']").forEach(unwrap);

  // Images: ours stay, others are reported and dropped (files arrive
  // separately and are uploaded).
  body.querySelectorAll("img").forEach((img) => {
    const src = img.getAttribute("src") || "";
    if (!src.startsWith("/media/")) {
      report.remoteImages += 1;
      // A web page's figure goes with its caption.
      (img.closest("figure") || img).remove();
    }
  });

  return { doc, body, styles, report, namespaced: /<[a-z]+:[a-z]/i.test(html) };
}

/// The second half of `cleanPastedHtml`, on `root` (the body, or a part
/// of it) of what `readPastedHtml` gave.
export function tidyPasted(root, { doc, body, styles, namespaced }) {
  stylesToTags(root, styles);

  // Word for the web: headings are paragraphs with role="heading", and
  // every paragraph ends in an "EOP" mark holding a non-breaking space.
  root.querySelectorAll("[role='heading'][aria-level]").forEach((el) => {
    const level = Math.min(Math.max(Number(el.getAttribute("aria-level")) || 2, 1), 6);
    const heading = doc.createElement(`h${level}`);
    heading.append(...el.childNodes);
    el.replaceWith(heading);
  });
  root.querySelectorAll(".EOP").forEach((el) => el.remove());

  // Word's quote styles are paragraphs; the markup has quotes.
  root.querySelectorAll("p.MsoQuote, p.MsoIntenseQuote").forEach((p) => {
    const quote = doc.createElement("blockquote");
    p.replaceWith(quote);
    quote.append(p);
  });

  // Google Docs puts a nested list beside its parent item, not in it.
  root.querySelectorAll("ul > ul, ul > ol, ol > ul, ol > ol").forEach((list) => {
    const item = list.previousElementSibling;
    if (item && item.localName === "li") item.append(list);
    else list.replaceWith(...list.childNodes);
  });

  // Elements from Word's namespaces (<o:p>, <w:…>, <v:…>) keep only text.
  if (namespaced) {
    root.querySelectorAll("*").forEach((el) => {
      if (el.localName.includes(":")) unwrap(el);
    });
  }

  // Links: the real address, and nothing but http(s) and mailto.
  root.querySelectorAll("a").forEach((a) => {
    const href = a.getAttribute("href");
    if (href) a.setAttribute("href", realAddress(href));
  });

  // A table's first row is its header, bold already.
  root.querySelectorAll("table").forEach((table) => {
    const header = table.querySelector("tr");
    if (header) header.querySelectorAll("b, strong").forEach(unwrap);
  });

  // Table cells hold one line of text: their blocks become line breaks.
  root.querySelectorAll("td, th").forEach((cell) => {
    const blocks = [...cell.querySelectorAll(BLOCKS)];
    // Word aligns the paragraph inside the cell, not the cell.
    const aligned = blocks.find((block) => block.getAttribute("align"));
    if (!cell.getAttribute("align") && aligned) cell.setAttribute("align", aligned.getAttribute("align"));
    blocks.forEach((block, i) => {
      if (i > 0 && block.textContent.trim()) block.before(doc.createTextNode(" "));
      unwrap(block);
    });
    cell.querySelectorAll("br").forEach((br) => br.replaceWith(doc.createTextNode(" ")));
  });

  // Runs of non-breaking spaces (Word's indents, Docs' alignment) are one
  // space; a single one between words is typography and stays. Chromium
  // copies some spaces of a web page as a non-breaking space alone in a
  // bare <span> (ProseMirror undoes that only in HTML it parses itself).
  const texts = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) {
    const node = texts.currentNode;
    if (/\u00a0{2,}/.test(node.data)) {
      node.data = node.data.replace(/[ \u00a0]*\u00a0[ \u00a0]*\u00a0[ \u00a0]*/g, " ");
    } else if (node.data === "\u00a0" && !node.previousSibling && !node.nextSibling) {
      const span = node.parentNode;
      if (span.localName === "span" && !span.hasAttribute("class")) node.data = " ";
    }
  }

  // Empty paragraphs and headings (Word's spacing, Docs' blank lines),
  // and line breaks between blocks.
  root.querySelectorAll("p, h1, h2, h3, h4, h5, h6, li").forEach((el) => {
    if (!/[^\s\u00a0]/.test(el.textContent) && !el.querySelector("img")) el.remove();
  });
  root.querySelectorAll("br").forEach((br) => {
    const parent = br.parentElement;
    if (parent === body || parent === root || (parent && /^(div|ul|ol|table|tbody|tr)$/.test(parent.localName))) br.remove();
  });
}
