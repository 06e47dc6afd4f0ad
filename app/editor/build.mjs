// Bundles the editor into public/editor/editor-<hash>.js (minified, one
// file, ES module); the server finds it by that name at start. Run by
// scripts/setup before the release build (`npm run build`).
import { build } from "esbuild";
import { rmSync } from "node:fs";

const out = new URL("../../public/editor/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
process.chdir(new URL(".", import.meta.url).pathname);
await build({
  entryPoints: [new URL("./src/index.js", import.meta.url).pathname],
  bundle: true,
  // QALAM_EDITOR_DEBUG=1: readable names in profiles (scripts/bench-desk).
  minify: !process.env.QALAM_EDITOR_DEBUG,
  format: "esm",
  target: "es2020",
  entryNames: "editor-[hash]",
  outdir: out,
  legalComments: "none",
  // Parts of markdown-it the editor never uses (src/shims/ says why).
  alias: {
    entities: "./src/shims/entities.js",
    "linkify-it": "./src/shims/linkify.js",
    "punycode.js": "./src/shims/punycode.js",
  },
  logLevel: "info",
});
