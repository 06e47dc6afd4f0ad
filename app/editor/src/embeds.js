// Which addresses the server turns into embeds (app/src/server/markup/
// embeds.rs `recognise`), for the editor's card: the card shows what
// readers will get. The server stays the judge; the round-trip test
// (end2end/tests/editor-roundtrip.spec.ts) holds the two together.
const ID = (min, max, dash) => new RegExp(`^[A-Za-z0-9_${dash ? "-" : ""}]{${min},${max}}$`);
const VIDEO = ID(11, 11, true);
const CHANNEL = ID(5, 32, false);
const USER = ID(1, 15, false);
const CODE = ID(5, 40, true);
const POST = /^[1-9]\d*$/;

/// "YouTube", "Telegram", "X" or "Instagram" for an embed's address, or
/// null for any other line.
export function embedKind(line) {
  const match = /^https?:\/\/(\S+)$/i.exec(line.trim());
  if (!match) return null;
  const rest = match[1];
  const cut = rest.search(/[?#]/);
  const address = cut < 0 ? rest : rest.slice(0, cut);
  const query = cut < 0 ? "" : rest.slice(cut + 1);
  const slash = address.indexOf("/");
  let host = (slash < 0 ? address : address.slice(0, slash)).toLowerCase();
  host = host.replace(/^www\./, "").replace(/^m\./, "");
  const parts = (slash < 0 ? "" : address.slice(slash + 1)).split("/").filter(Boolean);
  const is = (...expected) => parts.length === expected.length && expected.every((e, i) => e === null || e === parts[i]);
  if (host === "youtube.com" && is("watch")) {
    const video = query.split("&").find((pair) => pair.startsWith("v="));
    return video && VIDEO.test(video.slice(2)) ? "YouTube" : null;
  }
  if (host === "youtube.com" && parts.length === 2 && ["shorts", "embed", "live"].includes(parts[0])) {
    return VIDEO.test(parts[1]) ? "YouTube" : null;
  }
  if (host === "youtube-nocookie.com" && is("embed", null)) return VIDEO.test(parts[1]) ? "YouTube" : null;
  if (host === "youtu.be" && parts.length === 1) return VIDEO.test(parts[0]) ? "YouTube" : null;
  if ((host === "t.me" || host === "telegram.me") && parts.length === 2) {
    return CHANNEL.test(parts[0]) && POST.test(parts[1]) ? "Telegram" : null;
  }
  if ((host === "x.com" || host === "twitter.com") && is(null, "status", null)) {
    return USER.test(parts[0]) && POST.test(parts[2]) ? "X" : null;
  }
  if (host === "instagram.com" && parts.length === 2 && ["p", "reel"].includes(parts[0])) {
    return CODE.test(parts[1]) ? "Instagram" : null;
  }
  return null;
}
