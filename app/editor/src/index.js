// The article form's visual editor. The form's island (app/src/pages/
// admin/editor.rs) starts it once hydrated: `window.qalamEditor.start()`.
// It puts a ProseMirror view in place of the body's textarea and keeps
// the textarea's value (what the form posts and the island reads) equal
// to the document's markup. Without JavaScript the textarea is the form.
import { EditorState, Plugin, TextSelection, NodeSelection, Selection } from "prosemirror-state";
import { EditorView, Decoration, DecorationSet } from "prosemirror-view";
import { keymap } from "prosemirror-keymap";
import { baseKeymap } from "prosemirror-commands";
import { history } from "prosemirror-history";
import { dropCursor } from "prosemirror-dropcursor";
import { gapCursor } from "prosemirror-gapcursor";
import { tableEditing } from "prosemirror-tables";
import { Slice } from "prosemirror-model";
import { schema } from "./schema.js";
import { buildInputRules, buildKeymap, commands, setLink } from "./commands.js";
import { parseMarkup, serializeMarkup } from "./markup.js";
import { cleanPastedHtml } from "./paste.js";
import { pasteProps, parsePaste, parsePasteRest } from "./clipboard.js";
import { embedKind } from "./embeds.js";
import { figureView, embedView } from "./views.js";
import "./editor.css";
import { Toolbar } from "./toolbar.js";

const { marks, nodes } = schema;

/// Marks the transaction that puts the rest of a long paste in.
const PASTE_REST = "qalam-paste-rest";

// ---- uploads ----

/// Uploads an image file through the form's own endpoint; resolves to
/// `/media/{id}`, or rejects with the server's sentence.
export async function uploadImage(file) {
  const data = new FormData();
  data.append("image", file);
  let response;
  try {
    response = await fetch("/admin/images", { method: "POST", body: data, headers: { Accept: "application/json" } });
  } catch (_) {
    throw new Error("Нет связи с сервером: изображение не загружено.");
  }
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || typeof answer.id !== "number") {
    throw new Error(answer.error || "Изображение не загружено.");
  }
  return `/media/${answer.id}`;
}

function imageFiles(list) {
  return [...(list || [])].filter((file) => /^image\/(jpeg|png|webp)$/.test(file.type));
}

// ---- the editor ----

class VisualEditor {
  constructor(textarea) {
    this.textarea = textarea;
    this.form = textarea.form;
    this.label = document.querySelector(`label[for="${textarea.id}"]`);
    this.lastMarkup = textarea.value;
    this.serializeTimer = 0;

    this.root = document.createElement("div");
    this.root.className = "visual-editor";
    this.status = document.createElement("p");
    this.status.className = "visual-editor__message";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    this.surface = document.createElement("div");
    this.surface.className = "visual-editor__surface article__body";
    this.toolbar = new Toolbar(this);
    this.root.append(this.toolbar.dom, this.surface, this.status);
    textarea.after(this.root);
    textarea.classList.add("visual-editor__markup");
    textarea.hidden = true;

    const lang = textarea.getAttribute("lang") || document.documentElement.lang || "ru";
    this.view = new EditorView(this.surface, {
      state: this.createState(parseMarkup(textarea.value)),
      attributes: {
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": (this.label && this.label.textContent.trim()) || "Текст",
        lang,
        spellcheck: "true",
        class: "visual-editor__content",
      },
      nodeViews: {
        figure: (node, view, getPos) => figureView(node, view, getPos),
        embed: (node) => embedView(node),
      },
      dispatchTransaction: (tr) => this.dispatch(tr),
      ...pasteProps({
        say: (message) => this.say(message),
        splitAt: ($context) => this.canPasteInParts($context),
        restOfPaste: (part, $context) => {
          // Where the paste's first part will end: the empty paragraph it
          // replaces, mapped through the paste's own transaction.
          this.pasteRest = { part, end: $context.after(1), inserted: false };
        },
      }),
      clipboardTextParser: (text, $context) => {
        if ($context.parent.type.spec.code) return null;
        return Slice.maxOpen(parseMarkup(text.replace(/\r\n?/g, "\n")).content);
      },
      handlePaste: (view, event) => this.handlePaste(event),
      handleDrop: (view, event) => this.handleDrop(event),
    });

    // The island or the library sets the textarea; the document follows.
    // (In «Разметка» the textarea is the view itself.)
    textarea.addEventListener("qalam-markup-changed", (event) => {
      if (!this.markupMode) this.loadMarkup(typeof event.detail === "string" ? event.detail : textarea.value);
    });
    // Whatever posts the form reads the latest markup.
    this.form.addEventListener("submit", () => this.flush(), true);
    this.view.dom.addEventListener("blur", () => this.flush());
    if (this.label) this.label.addEventListener("click", () => this.view.focus());
    this.toolbar.update(this.view.state);
    if (readPreference()) this.setMarkupMode(true, false);
  }

  createState(doc) {
    return EditorState.create({
      doc,
      plugins: [
        buildInputRules(),
        buildKeymap(() => this.toolbar.openLink()),
        keymap(baseKeymap),
        history(),
        dropCursor(),
        gapCursor(),
        tableEditing(),
        new Plugin({ view: () => ({ update: (view) => this.toolbar.update(view.state) }) }),
        nearTheCaret(),
      ],
    });
  }

  dispatch(tr) {
    const state = this.view.state.apply(tr);
    this.view.updateState(state);
    if (tr.docChanged) this.scheduleSerialize();
    this.followPaste(tr);
  }

  // ---- a long paste, in two parts (clipboard.js, `splitLongPaste`) ----

  /// A long paste goes in in two parts only into an empty paragraph at
  /// the top of the document (a new article, an empty line), with nothing
  /// selected: there the rest goes between two top-level blocks, and the
  /// document ends exactly as one paste would have made it.
  canPasteInParts($context) {
    const { selection } = this.view.state;
    // (One long paste at a time: a second goes in whole.)
    return !this.pasteRest && selection.empty && $context.depth === 1 && $context.parent.type === nodes.paragraph && $context.parent.content.size === 0;
  }

  /// Keeps the position after the paste's first part current through
  /// every transaction, and puts the rest in once the first part is drawn.
  followPaste(tr) {
    const pending = this.pasteRest;
    if (!pending) return;
    if (!pending.inserted) {
      // The paste's own transaction (ProseMirror's, after handlePaste)
      // comes first; anything else means the paste was handled otherwise.
      if (!tr.getMeta("paste")) {
        this.pasteRest = null;
        return;
      }
      pending.inserted = true;
      pending.end = tr.mapping.map(pending.end, 1);
      pending.selection = this.view.state.selection;
      pending.transaction = tr;
      // After the next frame is drawn (a frame costs drawing the whole
      // document, so one step for all the rest finishes soonest).
      requestAnimationFrame(() => setTimeout(() => this.finishPaste(), 0));
      return;
    }
    if (tr.getMeta(PASTE_REST)) return;
    // Anything else (typing, say) moves the point where the rest goes.
    pending.end = tr.mapping.map(pending.end, -1);
    if (tr.docChanged || !tr.selection.eq(pending.selection)) pending.editorMoved = true;
  }

  /// Puts the rest of a long paste in after its first part, now (also
  /// before the form is posted or autosaved, or shown as markup).
  finishPaste() {
    const pending = this.pasteRest;
    this.pasteRest = null;
    if (!pending || !pending.inserted) return;
    // Between two top-level blocks; if typing in the meantime left the
    // point inside one, after that block.
    const $end = this.view.state.doc.resolve(pending.end);
    const at = $end.depth === 0 ? pending.end : $end.after(1);
    const tr = this.view.state.tr.insert(at, parsePasteRest(pending.part));
    // One paste is one step of undo: history counts a transaction marked
    // as appended to another into that one's step.
    tr.setMeta("appendedTransaction", pending.transaction).setMeta(PASTE_REST, true);
    // The caret goes where one paste would have left it, unless the
    // editor has moved it or typed since.
    if (!pending.editorMoved) tr.setSelection(Selection.near(tr.doc.resolve(tr.mapping.map(at, 1)), -1)).scrollIntoView();
    this.view.dispatch(tr);
  }

  /// Markup is written a moment after typing stops, never on each key:
  /// a 40,000-character article takes milliseconds to write out. Typing
  /// that never stops is written out every 1.5 s all the same (in an idle
  /// moment between keys), so that autosave, which reads the textarea,
  /// is never more than that behind the typing.
  scheduleSerialize() {
    clearTimeout(this.serializeTimer);
    this.serializeTimer = setTimeout(() => this.flushUnlessPasting(), 400);
    if (!this.longestTimer) {
      this.longestTimer = setTimeout(() => {
        if (window.requestIdleCallback) requestIdleCallback(() => this.flushUnlessPasting(), { timeout: 300 });
        else this.flushUnlessPasting();
      }, 1500);
    }
  }

  /// The timers' write: not while a long paste is still going in (its
  /// rest schedules the write again); what posts the form, «Разметка»
  /// and leaving the text call `flush`, which puts the rest in first.
  flushUnlessPasting() {
    if (this.pasteRest && this.pasteRest.inserted) {
      clearTimeout(this.longestTimer);
      this.longestTimer = null;
      return;
    }
    this.flush();
  }

  /// Writes the document's markup into the textarea now (and tells the
  /// island, whose `input` listener reads it).
  flush() {
    this.finishPaste();
    clearTimeout(this.serializeTimer);
    clearTimeout(this.longestTimer);
    this.longestTimer = null;
    if (this.markupMode) return;
    const markup = serializeMarkup(this.view.state.doc);
    if (markup !== this.textarea.value) {
      this.textarea.value = markup;
      this.lastMarkup = markup;
      this.textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }

  /// Replaces the document with `markup` in one undoable step.
  loadMarkup(markup) {
    if (markup === this.lastMarkup) return;
    this.pasteRest = null;
    this.lastMarkup = markup;
    const doc = parseMarkup(markup);
    const state = this.view.state;
    const tr = state.tr.replaceWith(0, state.doc.content.size, doc.content);
    tr.setMeta("addToHistory", true);
    this.view.updateState(state.apply(tr));
  }

  /// «Разметка»: the textarea instead of the visual view, and back.
  setMarkupMode(on, focus = true) {
    if (on === Boolean(this.markupMode)) return;
    writePreference(on);
    if (on) {
      this.flush();
      this.markupMode = true;
      this.textarea.hidden = false;
      this.surface.hidden = true;
      if (focus) this.textarea.focus();
    } else {
      this.markupMode = false;
      this.loadMarkup(this.textarea.value);
      this.textarea.hidden = true;
      this.surface.hidden = false;
      this.view.focus();
    }
    this.toolbar.update(this.view.state);
  }

  say(message) {
    this.status.textContent = message;
  }

  handlePaste(event) {
    const data = event.clipboardData;
    const files = imageFiles(data && data.files);
    // (A paste handled here is not ProseMirror's: no rest follows.)
    const handled = this.handlePasteHere(data, files);
    if (handled) this.pasteRest = null;
    return handled;
  }

  handlePasteHere(data, files) {
    if (files.length) {
      this.insertUploads(files, this.view.state.selection.from);
      return true;
    }
    // An address pasted onto selected text links it.
    const text = data && data.getData("text/plain").trim();
    const { empty } = this.view.state.selection;
    if (text && !empty && /^https?:\/\/\S+$/.test(text) && !(data.getData("text/html") || "").includes("<img")) {
      return setLink(text)(this.view.state, (tr) => this.view.dispatch(tr));
    }
    // An embed's address alone, pasted into an empty paragraph.
    const { $from } = this.view.state.selection;
    if (text && embedKind(text) && $from.parent.type === nodes.paragraph && $from.parent.content.size === 0) {
      const tr = this.view.state.tr.replaceWith($from.before(), $from.after(), [
        nodes.embed.create({ url: text }),
        nodes.paragraph.create(),
      ]);
      tr.setSelection(TextSelection.create(tr.doc, $from.before() + 2));
      this.view.dispatch(tr.scrollIntoView());
      return true;
    }
    return false;
  }

  handleDrop(event) {
    const files = imageFiles(event.dataTransfer && event.dataTransfer.files);
    if (!files.length) return false;
    event.preventDefault();
    const at = this.view.posAtCoords({ left: event.clientX, top: event.clientY });
    this.insertUploads(files, at ? at.pos : this.view.state.selection.from);
    return true;
  }

  /// Uploads image files and puts them in as one figure (or a gallery)
  /// at `pos`; alt text, caption and credit are asked for in place.
  async insertUploads(files, pos) {
    this.say(files.length === 1 ? "Загрузка изображения…" : `Загрузка изображений (${files.length})…`);
    const figures = [];
    for (const file of files) {
      try {
        figures.push(nodes.figure.create({ src: await uploadImage(file) }));
      } catch (error) {
        this.say(error.message);
        return;
      }
    }
    this.insertFigures(figures, pos);
    this.say("");
  }

  insertFigures(figures, pos) {
    const block = figures.length === 1 ? figures[0] : nodes.gallery.create(null, figures);
    const state = this.view.state;
    const $pos = state.doc.resolve(Math.min(pos, state.doc.content.size));
    // After the block the position is in, at the top level.
    const at = $pos.depth ? $pos.after(1) : $pos.pos;
    const tr = state.tr.insert(at, block);
    tr.setSelection(NodeSelection.create(tr.doc, at));
    this.view.dispatch(tr.scrollIntoView());
    this.view.focus();
  }

  /// The text's words and characters, for the form's counters.
  counts() {
    const text = this.view.state.doc.textBetween(0, this.view.state.doc.content.size, " ", " ");
    const words = (text.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) || []).length;
    return { words, characters: [...text].length };
  }
}

/// Marks the top-level blocks the selection is in, and one on each side.
/// The rest of a long article skips layout and paint while out of view
/// (`content-visibility: auto`, editor.css), which halves what a
/// keystroke costs the browser in a 40,000-character article. The blocks
/// being written in never skip: Chromium cannot place the caret in a
/// block made a moment ago (Enter) that it has not laid out yet.
function nearTheCaret() {
  return new Plugin({
    props: {
      decorations(state) {
        const { doc, selection } = state;
        const first = Math.max(0, doc.resolve(selection.from).index(0) - 1);
        const last = doc.resolve(selection.to).index(0) + 1;
        const near = [];
        doc.forEach((node, offset, index) => {
          if (index >= first && index <= last) {
            near.push(Decoration.node(offset, offset + node.nodeSize, { class: "near-caret" }));
          }
        });
        return DecorationSet.create(doc, near);
      },
    },
  });
}

/// Whether this browser's editor last chose «Разметка».
const PREFERENCE = "qalam.editor.markup";

function readPreference() {
  try {
    return localStorage.getItem(PREFERENCE) === "1";
  } catch (_) {
    return false;
  }
}

function writePreference(on) {
  try {
    if (on) localStorage.setItem(PREFERENCE, "1");
    else localStorage.removeItem(PREFERENCE);
  } catch (_) {
    // Storage refused (private mode): the choice lasts this page only.
  }
}

let started = null;

/// Starts the editor on the form's body (idempotent).
function start() {
  if (started) return started;
  const textarea = document.querySelector("textarea[data-visual-editor]");
  if (!textarea) return null;
  started = new VisualEditor(textarea);
  return started;
}

window.qalamEditor = {
  start,
  editor: () => started,
  parseMarkup,
  serializeMarkup,
  cleanPastedHtml,
  /// markup → document → markup, for the round-trip test.
  roundTrip: (markup) => serializeMarkup(parseMarkup(markup)),
  /// Clipboard HTML → the document a paste into an empty editor gives
  /// (cleaned and read whole, as `scripts/bench-desk` times it).
  pasteToDocument: parsePaste,
  /// Clipboard HTML → markup, as a paste into an empty editor gives.
  pasteToMarkup: (html) => serializeMarkup(parsePaste(html)),
};
document.dispatchEvent(new Event("qalam-editor-ready"));
