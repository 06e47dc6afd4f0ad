// markdown-it's link normaliser is replaced in markup.js (addresses are
// kept as typed), so host names are never converted.
const identity = (text) => text;
export default { toASCII: identity, toUnicode: identity };
