// The editor's toolbar: one button per thing the markup can say, each
// with its shortcut in its title, the link's address asked for in place
// (no window.prompt), and «Разметка» to write the markup itself.
import { schema } from "./schema.js";
import { MAC, commands, setLink } from "./commands.js";
import { isInTable } from "prosemirror-tables";

const { marks, nodes } = schema;
const MOD = MAC ? "⌘" : "Ctrl";

function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return Boolean(type.isInSet(state.storedMarks || $from.marks()));
  return state.doc.rangeHasMark(from, to, type);
}

function blockActive(state, type, attrs = {}) {
  const { $from } = state.selection;
  const parent = $from.parent;
  return parent.type === type && Object.entries(attrs).every(([k, v]) => parent.attrs[k] === v);
}

function inside(state, type) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return true;
  return false;
}

export class Toolbar {
  constructor(editor) {
    this.editor = editor;
    this.dom = document.createElement("div");
    this.dom.className = "visual-editor__toolbar";
    this.dom.setAttribute("role", "toolbar");
    this.dom.setAttribute("aria-label", "Оформление текста");
    this.buttons = [];
    const group = () => {
      const g = document.createElement("span");
      g.className = "visual-editor__group";
      this.dom.append(g);
      return g;
    };
    let g = group();
    this.button(g, "Абзац", "¶", `${MOD}+Alt+0`, commands.paragraph, (s) => blockActive(s, nodes.paragraph));
    this.button(g, "Подзаголовок", "H2", `${MOD}+Alt+2`, commands.h2, (s) => blockActive(s, nodes.heading, { level: 2 }));
    this.button(g, "Малый подзаголовок", "H3", `${MOD}+Alt+3`, commands.h3, (s) => blockActive(s, nodes.heading, { level: 3 }));
    g = group();
    this.button(g, "Жирный", "Ж", `${MOD}+B`, commands.bold, (s) => markActive(s, marks.strong), "bold");
    this.button(g, "Курсив", "К", `${MOD}+I`, commands.italic, (s) => markActive(s, marks.em), "italic");
    this.button(g, "Зачёркнутый", "З", `${MOD}+Shift+X`, commands.strike, (s) => markActive(s, marks.strike), "strike");
    const link = (state, dispatch) => !state.selection.empty && (!dispatch || this.openLink());
    this.button(g, "Ссылка", "ссылка", `${MOD}+K`, link, (s) => markActive(s, marks.link), "word");
    g = group();
    this.button(g, "Цитата", "❝", `${MOD}+Shift+9`, commands.quote, (s) => inside(s, nodes.blockquote));
    this.button(g, "Маркированный список", "•", `${MOD}+Shift+8`, commands.bullets, (s) => inside(s, nodes.bullet_list));
    this.button(g, "Нумерованный список", "1.", `${MOD}+Shift+7`, commands.numbers, (s) => inside(s, nodes.ordered_list));
    g = group();
    this.imageButton(g);
    this.button(g, "Таблица", "▦", "", commands.table, null);
    this.tableGroup = group();
    this.tableGroup.classList.add("visual-editor__group--table");
    this.button(this.tableGroup, "Добавить строку", "+ строка", "", commands.rowAfter, null);
    this.button(this.tableGroup, "Добавить столбец", "+ столбец", "", commands.columnAfter, null);
    this.button(this.tableGroup, "Удалить строку", "− строка", "", commands.deleteRow, null);
    this.button(this.tableGroup, "Удалить столбец", "− столбец", "", commands.deleteColumn, null);
    this.button(this.tableGroup, "Удалить таблицу", "× таблица", "", commands.deleteTable, null);
    g = group();
    this.button(g, "Отменить", "↶", `${MOD}+Z`, commands.undo, null);
    this.button(g, "Повторить", "↷", `${MOD}+Shift+Z`, commands.redo, null);
    g = group();
    g.classList.add("visual-editor__group--end");
    this.markupButton = document.createElement("button");
    this.markupButton.type = "button";
    this.markupButton.className = "visual-editor__markup-toggle";
    this.markupButton.textContent = "Разметка";
    this.markupButton.setAttribute("aria-pressed", "false");
    this.markupButton.title = "Писать разметкой (## подзаголовок, **жирный**, [ссылка](адрес))";
    this.markupButton.addEventListener("click", () => this.editor.setMarkupMode(!this.editor.markupMode));
    g.append(this.markupButton);
    this.linkBar = this.buildLinkBar();
    this.dom.append(this.linkBar);
  }

  button(group, label, text, shortcut, command, active, className) {
    const button = document.createElement("button");
    button.type = "button";
    // The glyph is for the eye; the name («Жирный») for everyone else.
    const glyph = document.createElement("span");
    glyph.setAttribute("aria-hidden", "true");
    glyph.textContent = text;
    const name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = label;
    button.append(glyph, name);
    button.title = shortcut ? `${label} (${shortcut})` : label;
    if (className) button.classList.add(`visual-editor__button--${className}`);
    button.addEventListener("mousedown", (event) => event.preventDefault());
    button.addEventListener("click", () => {
      const view = this.editor.view;
      command(view.state, view.dispatch, view);
      if (!this.linkBar.contains(document.activeElement)) view.focus();
    });
    group.append(button);
    this.buttons.push({ button, command, active });
    return button;
  }

  imageButton(group) {
    const input = document.createElement("input");
    input.type = "file";
    input.accept = "image/jpeg,image/png,image/webp";
    input.multiple = true;
    input.hidden = true;
    input.setAttribute("aria-label", "Изображение с компьютера");
    input.addEventListener("change", () => {
      const files = [...input.files];
      input.value = "";
      if (files.length) this.editor.insertUploads(files, this.editor.view.state.selection.from);
    });
    const button = document.createElement("button");
    button.type = "button";
    const glyph = document.createElement("span");
    glyph.setAttribute("aria-hidden", "true");
    glyph.textContent = "фото";
    button.className = "visual-editor__image";
    const name = document.createElement("span");
    name.className = "visually-hidden";
    name.textContent = "Изображение";
    button.append(glyph, name);
    button.title = "Изображение: с компьютера; можно перетащить или вставить файл в текст";
    button.addEventListener("click", () => input.click());
    group.append(button, input);
  }

  buildLinkBar() {
    const bar = document.createElement("div");
    bar.className = "visual-editor__link";
    bar.hidden = true;
    const label = document.createElement("label");
    label.textContent = "Адрес ссылки";
    const input = document.createElement("input");
    input.type = "url";
    input.placeholder = "https://…";
    label.append(input);
    const apply = document.createElement("button");
    apply.type = "button";
    apply.textContent = "Применить";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Убрать ссылку";
    bar.append(label, apply, remove);
    const close = () => {
      bar.hidden = true;
      this.editor.view.focus();
    };
    apply.addEventListener("click", () => {
      setLink(input.value)(this.editor.view.state, this.editor.view.dispatch);
      close();
    });
    input.addEventListener("keydown", (event) => {
      // Enter applies the link; it must not post the article form.
      if (event.key === "Enter") {
        event.preventDefault();
        event.stopPropagation();
        setLink(input.value)(this.editor.view.state, this.editor.view.dispatch);
        close();
      } else if (event.key === "Escape") {
        close();
      }
    });
    remove.addEventListener("click", () => {
      setLink("")(this.editor.view.state, this.editor.view.dispatch);
      close();
    });
    this.linkInput = input;
    return bar;
  }

  /// Asks for the selection's link address in the toolbar.
  openLink() {
    const state = this.editor.view.state;
    if (state.selection.empty) {
      this.editor.say("Выделите текст, который станет ссылкой.");
      return false;
    }
    let href = "";
    state.doc.nodesBetween(state.selection.from, state.selection.to, (node) => {
      const link = marks.link.isInSet(node.marks);
      if (link) href = link.attrs.href;
    });
    this.linkInput.value = href;
    this.linkBar.hidden = false;
    this.linkInput.focus();
    return true;
  }

  update(state) {
    const view = this.editor.view;
    const disabled = Boolean(this.editor.markupMode);
    for (const { button, command, active } of this.buttons) {
      button.disabled = disabled || !command(state, undefined, view);
      if (active) button.setAttribute("aria-pressed", String(!disabled && active(state)));
    }
    this.tableGroup.hidden = !isInTable(state);
    this.markupButton.setAttribute("aria-pressed", String(disabled));
  }
}
