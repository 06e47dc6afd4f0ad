// Stands in for the `entities` package (75 KB of tables) in markdown-it:
// the browser's own HTML parser knows every named character reference.
// A textarea's content is text, never elements, so nothing is created.
let box = null;

export function decodeHTML(text) {
  if (!/^&[A-Za-z][A-Za-z0-9]{1,31};$/.test(text)) return text;
  box = box || document.createElement("textarea");
  box.innerHTML = text;
  return box.value;
}
