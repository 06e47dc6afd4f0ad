// How figures and embeds look while writing: the picture with its
// description, caption and credit asked for in place; an embed as the
// card readers will see before they press play.
import { NodeSelection } from "prosemirror-state";
import { embedKind } from "./embeds.js";

const FIELDS = [
  ["alt", "Описание (для тех, кто не видит изображение)"],
  ["caption", "Подпись"],
  ["credit", "Автор снимка («Фото: Reuters»)"],
];

/// A figure: the image at an editor's width and three small fields.
export function figureView(node, view, getPos) {
  const dom = document.createElement("figure");
  dom.className = "figure editor-figure";
  const img = document.createElement("img");
  img.src = previewSource(node.attrs.src);
  img.alt = node.attrs.alt;
  img.loading = "lazy";
  dom.append(img);
  const inputs = {};
  const fields = document.createElement("div");
  fields.className = "editor-figure__fields";
  for (const [name, label] of FIELDS) {
    const wrapper = document.createElement("label");
    wrapper.className = "editor-figure__field";
    const caption = document.createElement("span");
    caption.textContent = label;
    const input = document.createElement("input");
    input.type = "text";
    input.value = node.attrs[name];
    input.addEventListener("change", () => {
      const pos = getPos();
      if (typeof pos !== "number") return;
      const current = view.state.doc.nodeAt(pos);
      if (!current || current.attrs[name] === input.value) return;
      view.dispatch(view.state.tr.setNodeMarkup(pos, null, { ...current.attrs, [name]: input.value }));
    });
    wrapper.append(caption, input);
    fields.append(wrapper);
    inputs[name] = input;
  }
  const remove = document.createElement("button");
  remove.type = "button";
  remove.className = "editor-figure__remove";
  remove.textContent = "Убрать изображение";
  remove.addEventListener("click", () => {
    const pos = getPos();
    if (typeof pos !== "number") return;
    view.dispatch(view.state.tr.delete(pos, pos + node.nodeSize));
    view.focus();
  });
  img.addEventListener("mousedown", (event) => {
    const pos = getPos();
    if (typeof pos !== "number") return;
    event.preventDefault();
    view.dispatch(view.state.tr.setSelection(NodeSelection.create(view.state.doc, pos)));
  });
  fields.append(remove);
  dom.append(fields);
  return {
    dom,
    update(next) {
      if (next.type !== node.type) return false;
      node = next;
      img.src = previewSource(next.attrs.src);
      img.alt = next.attrs.alt;
      for (const [name] of FIELDS) if (document.activeElement !== inputs[name]) inputs[name].value = next.attrs[name];
      return true;
    },
    // The fields are the editor's own inputs, not document content.
    stopEvent: (event) => event.target instanceof HTMLInputElement || event.target instanceof HTMLButtonElement,
    ignoreMutation: () => true,
  };
}

/// A stored image at a width fit for the form (`/media/12` → 800 px).
function previewSource(src) {
  return /^\/media\/\d+$/.test(src) ? `${src}/800.jpg` : src;
}

/// An embed: a card with the network and the address.
export function embedView(node) {
  const dom = document.createElement("div");
  dom.className = "editor-embed";
  dom.contentEditable = "false";
  const kind = document.createElement("span");
  kind.className = "editor-embed__kind";
  kind.textContent = `${embedKind(node.attrs.url) || "Ссылка"}: встроенный пост`;
  const url = document.createElement("span");
  url.className = "editor-embed__url";
  url.textContent = node.attrs.url;
  dom.append(kind, url);
  return { dom, ignoreMutation: () => true };
}
