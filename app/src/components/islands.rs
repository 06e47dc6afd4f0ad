//! How the browser gets the islands of a page: our loader script (in every
//! page's head; it does nothing on a page without islands) and preload
//! hints for pages that have islands.
//!
//! Leptos' `HydrationScripts` would load the WebAssembly on every page and
//! give no sign of when the islands are live; ours skips pages without
//! islands and sets `<html data-hydrated="true">` when they are all live.

use crate::components::raw_text::ModuleScript;
use leptos::prelude::*;

/// The loader, in the page's head.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    let files = BundleFiles::of(&options);
    let args = serde_json::json!({ "pkg": files.pkg, "js": files.js, "wasm": files.wasm });
    view! { <ModuleScript code=include_str!("islands.js") args=args.to_string() /> }
}

/// Preload hints for a page with islands: the browser fetches the bundle
/// while it reads the page, at low priority (after what paints it).
#[component]
pub fn IslandPreloads() -> impl IntoView {
    use leptos_meta::Link;
    let Some(options) = use_context::<LeptosOptions>() else {
        return ().into_any();
    };
    let files = BundleFiles::of(&options);
    view! {
        <Link rel="modulepreload" href=format!("{}/{}.js", files.pkg, files.js) />
        <Link
            rel="preload"
            href=format!("{}/{}.wasm", files.pkg, files.wasm)
            as_="fetch"
            type_="application/wasm"
            crossorigin=""
        />
    }
    .into_any()
}

/// The page's stylesheet, by its hashed name. leptos_meta's
/// `HashedStylesheet` reads `hash.txt` again on every render (and panics
/// if it cannot); this one uses the names read once.
#[component]
pub fn BundleStylesheet(options: LeptosOptions) -> impl IntoView {
    let files = BundleFiles::of(&options);
    view! { <link rel="stylesheet" id="leptos" href=format!("{}/{}.css", files.pkg, files.css) /> }
}

/// The names of the bundle's files, as cargo-leptos wrote them.
struct BundleFiles {
    /// "/pkg"
    pkg: String,
    /// Without ".js": "qalam" or "qalam.<hash>".
    js: String,
    /// Without ".wasm".
    wasm: String,
    /// Without ".css".
    css: String,
}

impl BundleFiles {
    fn of(options: &LeptosOptions) -> BundleFiles {
        let name = options.output_name.to_string();
        let (js, wasm, css) = match content_hashes(options) {
            Some(h) => (
                format!("{name}.{}", h.js),
                format!("{name}.{}", h.wasm),
                format!("{name}.{}", h.css),
            ),
            // cargo-leptos sets LEPTOS_OUTPUT_NAME when it builds; without
            // it the file is wasm-bindgen's default name.
            None if option_env!("LEPTOS_OUTPUT_NAME").is_none() => {
                (name.clone(), format!("{name}_bg"), name)
            }
            None => (name.clone(), name.clone(), name),
        };
        BundleFiles {
            pkg: format!("/{}", options.site_pkg_dir),
            js,
            wasm,
            css,
        }
    }
}

/// The content hashes cargo-leptos put in the bundle's file names.
#[derive(Clone, Debug)]
struct ContentHashes {
    js: String,
    wasm: String,
    css: String,
}

/// The content hashes, from the `hash.txt` cargo-leptos writes next to the
/// server's executable (read once per process).
fn content_hashes(options: &LeptosOptions) -> Option<ContentHashes> {
    #[cfg(feature = "ssr")]
    {
        use std::sync::OnceLock;
        static HASHES: OnceLock<Option<ContentHashes>> = OnceLock::new();
        if !options.hash_files {
            return None;
        }
        let file = options.hash_file.to_string();
        HASHES
            .get_or_init(|| {
                let path = std::env::current_exe().ok()?.parent()?.join(file);
                let text = std::fs::read_to_string(path).ok()?;
                let hash = |kind: &str| {
                    text.lines().find_map(|line| {
                        let (file, hash) = line.split_once(':')?;
                        (file.trim() == kind).then(|| hash.trim().to_string())
                    })
                };
                Some(ContentHashes {
                    js: hash("js")?,
                    wasm: hash("wasm")?,
                    css: hash("css")?,
                })
            })
            .clone()
    }
    #[cfg(not(feature = "ssr"))]
    {
        let _ = options;
        None
    }
}
