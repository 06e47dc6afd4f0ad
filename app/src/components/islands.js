// Starts the islands of a server-rendered page (after Leptos'
// island_script.js, MIT). Differences: a page without islands loads no
// WebAssembly at all, and <html data-hydrated> is set once every island
// (lazy ones included) is live, so tests and scripts can wait for it.
({ pkg, js, wasm }) => {
  const root = document.documentElement;
  const done = () => root.setAttribute("data-hydrated", "true");
  if (!document.querySelector("leptos-island")) {
    done();
    return;
  }
  const childrenCallbacks = [];
  async function hydrateIsland(el, id, mod) {
    const islandFn = mod[id];
    if (!islandFn) {
      console.warn(`No WebAssembly function for the island ${id}.`);
      return;
    }
    const onChildren = childrenCallbacks[childrenCallbacks.length - 1];
    if (onChildren) onChildren();
    const result = islandFn(el);
    if (result && result.then) await result;
  }
  async function traverse(node, mod) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName.toLowerCase();
    if (tag === "leptos-island") {
      await hydrateIsland(node, node.dataset.component || null, mod);
      for (const child of node.children) await traverse(child, mod);
    } else if (tag === "leptos-children") {
      childrenCallbacks.push(node.$$on_hydrate);
      for (const child of node.children) await traverse(child, mod);
      childrenCallbacks.pop();
    } else {
      for (const child of node.children) await traverse(child, mod);
    }
  }
  const start = async () => {
    const mod = await import(`${pkg}/${js}.js`);
    await mod.default({ module_or_path: `${pkg}/${wasm}.wasm` });
    mod.hydrate();
    window.__hydrateIsland = (el, id) => hydrateIsland(el, id, mod);
    await traverse(document.body, mod);
    done();
  };
  if ("requestIdleCallback" in window) {
    window.requestIdleCallback(start);
  } else {
    start();
  }
}
