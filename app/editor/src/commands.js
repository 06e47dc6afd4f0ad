// The editor's commands, shortcuts and typing rules (`## ` starts a
// subheading, `- ` a list, as in the markup).
import { Selection, TextSelection } from "prosemirror-state";
import { keymap } from "prosemirror-keymap";
import { toggleMark, setBlockType, wrapIn, chainCommands, exitCode, lift } from "prosemirror-commands";
import { undo, redo } from "prosemirror-history";
import { inputRules, wrappingInputRule, textblockTypeInputRule } from "prosemirror-inputrules";
import { splitListItem, liftListItem, sinkListItem, wrapInList } from "prosemirror-schema-list";
import { goToNextCell, addRowAfter, addColumnAfter, deleteRow, deleteColumn, deleteTable } from "prosemirror-tables";
import { schema, safeHref } from "./schema.js";
import { embedKind } from "./embeds.js";

const { marks, nodes } = schema;

/// Links the selection to `href`, or removes the link when `href` is empty.
export function setLink(href) {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    if (empty) return false;
    if (dispatch) {
      const tr = state.tr.removeMark(from, to, marks.link);
      const safe = href && safeHref(href);
      if (safe) tr.addMark(from, to, marks.link.create({ href: safe }));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

function insertTable(state, dispatch) {
  const cell = (type) => type.createAndFill();
  const row = (type) => nodes.table_row.create(null, [cell(type), cell(type), cell(type)]);
  const table = nodes.table.create(null, [row(nodes.table_header), row(nodes.table_cell), row(nodes.table_cell)]);
  if (dispatch) {
    const at = state.selection.from;
    const tr = state.tr.replaceSelectionWith(table);
    // The cursor goes to the first cell, ready for its heading.
    let first = null;
    tr.doc.nodesBetween(tr.mapping.map(at, -1), tr.doc.content.size, (node, pos) => {
      if (first === null && node.type === nodes.table_header) first = pos + 1;
      return first === null;
    });
    if (first !== null) tr.setSelection(TextSelection.create(tr.doc, first));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

/// A paragraph that is now a YouTube, Telegram, X or Instagram address
/// alone becomes the embed's card when Enter leaves it.
export function embedOnEnter(state, dispatch) {
  const { $from, empty } = state.selection;
  const paragraph = $from.parent;
  if (!empty || paragraph.type !== nodes.paragraph || $from.parentOffset !== paragraph.content.size) return false;
  const text = paragraph.textContent.trim();
  if (!embedKind(text) || paragraph.childCount !== 1) return false;
  if (dispatch) {
    const start = $from.before();
    const tr = state.tr.replaceWith(start, $from.after(), [
      nodes.embed.create({ url: text }),
      nodes.paragraph.create(),
    ]);
    tr.setSelection(TextSelection.create(tr.doc, start + 2));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

export const commands = {
  paragraph: setBlockType(nodes.paragraph),
  h2: setBlockType(nodes.heading, { level: 2 }),
  h3: setBlockType(nodes.heading, { level: 3 }),
  bold: toggleMark(marks.strong),
  italic: toggleMark(marks.em),
  strike: toggleMark(marks.strike),
  quote: (state, dispatch) => wrapIn(nodes.blockquote)(state, dispatch) || lift(state, dispatch),
  bullets: wrapInList(nodes.bullet_list),
  numbers: wrapInList(nodes.ordered_list),
  table: insertTable,
  rowAfter: addRowAfter,
  columnAfter: addColumnAfter,
  deleteRow,
  deleteColumn,
  deleteTable,
  undo,
  redo,
};

/// Whether the keyboard's Mod key is ⌘ (ProseMirror's keymap decides so too).
export const MAC = typeof navigator !== "undefined" && /Mac|iP(hone|[oa]d)/.test(navigator.platform);

/// To the start or the end of the text (Ctrl+Home, Ctrl+End; ⌘↑, ⌘↓ on
/// a Mac), selecting with Shift. Done here, not by the browser: a block
/// far from the caret skips layout (content-visibility, editor.css), and
/// Chromium cannot put the caret in a block it has not laid out.
function toEdge(end, extend) {
  return (state, dispatch) => {
    const edge = end ? Selection.atEnd(state.doc) : Selection.atStart(state.doc);
    if (dispatch) {
      const selection = extend ? TextSelection.between(state.selection.$anchor, edge.$head) : edge;
      dispatch(state.tr.setSelection(selection).scrollIntoView());
    }
    return true;
  };
}

export function buildKeymap(openLink) {
  const keys = {
    "Mod-z": undo,
    "Shift-Mod-z": redo,
    "Mod-y": redo,
    "Mod-b": commands.bold,
    "Mod-i": commands.italic,
    "Mod-Shift-x": commands.strike,
    "Mod-k": (state) => {
      if (state.selection.empty) return false;
      openLink();
      return true;
    },
    "Mod-Alt-0": commands.paragraph,
    "Mod-Alt-2": commands.h2,
    "Mod-Alt-3": commands.h3,
    "Mod-Shift-7": commands.numbers,
    "Mod-Shift-8": commands.bullets,
    "Mod-Shift-9": commands.quote,
    "Shift-Enter": chainCommands(exitCode, (state, dispatch) => {
      if (dispatch) dispatch(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
      return true;
    }),
    Enter: chainCommands(embedOnEnter, splitListItem(nodes.list_item)),
    Tab: chainCommands(goToNextCell(1), sinkListItem(nodes.list_item)),
    "Shift-Tab": chainCommands(goToNextCell(-1), liftListItem(nodes.list_item)),
    "Mod-Home": toEdge(false, false),
    "Mod-End": toEdge(true, false),
    "Shift-Mod-Home": toEdge(false, true),
    "Shift-Mod-End": toEdge(true, true),
  };
  if (MAC) {
    Object.assign(keys, {
      "Mod-ArrowUp": toEdge(false, false),
      "Mod-ArrowDown": toEdge(true, false),
      "Shift-Mod-ArrowUp": toEdge(false, true),
      "Shift-Mod-ArrowDown": toEdge(true, true),
    });
  }
  return keymap(keys);
}

export function buildInputRules() {
  return inputRules({
    rules: [
      textblockTypeInputRule(/^(#{1,2})\s$/, nodes.heading, () => ({ level: 2 })),
      textblockTypeInputRule(/^###\s$/, nodes.heading, () => ({ level: 3 })),
      wrappingInputRule(/^\s*>\s$/, nodes.blockquote),
      wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list),
      wrappingInputRule(
        /^(\d+)\.\s$/,
        nodes.ordered_list,
        (match) => ({ order: Number(match[1]) }),
        (match, node) => node.childCount + node.attrs.order === Number(match[1]),
      ),
    ],
  });
}
