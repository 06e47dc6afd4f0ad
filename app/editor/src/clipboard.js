// How the editor reads a paste: ProseMirror's clipboard props, around the
// cleaning in paste.js. A long paste (30 pages of Google Docs are 1.5 MB
// of HTML and 12,000 elements) is read once, as a DOM, and each element's
// parse rule is found by its name where the schema allows.
import { DOMParser as SchemaParser } from "prosemirror-model";
import { schema } from "./schema.js";
import { cleanPastedHtml } from "./paste.js";

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

/// `transformPastedHTML` and `clipboardParser` for the editor's view;
/// `say` shows a sentence under the editor.
export function pasteProps(say) {
  let cleaned = null;
  return {
    transformPastedHTML(html) {
      const { body, report } = cleanPastedHtml(html);
      if (report.remoteImages) {
        say(`Изображения со сторонних сайтов не вставлены (${report.remoteImages}): сохраните их и загрузите файлами.`);
      }
      // A copy from ProseMirror itself says where it was cut
      // (`data-pm-slice`), and ProseMirror reads that from the HTML.
      if (body.querySelector("[data-pm-slice]")) return body.innerHTML;
      // Anything else goes to the schema's parser as the cleaned DOM it
      // already is (below), not written out as HTML for ProseMirror to
      // parse once more.
      cleaned = body;
      return "";
    },
    clipboardParser: {
      parseSlice(dom, options) {
        const source = cleaned || dom;
        cleaned = null;
        const ruleFromNode = options.ruleFromNode || (() => null);
        return schemaParser.parseSlice(source, { ...options, ruleFromNode: (node) => ruleFromNode(node) || ruleByName(node) });
      },
    },
  };
}

/// Clipboard HTML → the document a paste into an empty editor gives.
export function parsePaste(html) {
  return schemaParser.parse(cleanPastedHtml(html).body, { ruleFromNode: ruleByName });
}
