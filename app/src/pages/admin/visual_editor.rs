//! The article form's visual editor: a ProseMirror view of the body's
//! markup, bundled from `app/editor/` (JavaScript, npm) into
//! `public/editor/editor-<hash>.js`. Only the form's page names the
//! bundle; reader pages never load it.
//!
//! The textarea stays the form's field: the editor keeps its value equal
//! to the document's markup (and fires `input`, which the island reads),
//! so saving, validation and the no-JavaScript post are unchanged. The
//! island starts the editor once hydrated, and tells it when the island
//! itself changes the body (a library image put in).

use crate::components::raw_text::ModuleScriptFile;
use leptos::prelude::*;

/// The editor's stylesheet and `<script type="module">` (with the
/// response's nonce); nothing when the bundle was not built (the form is
/// then the textarea, as without JavaScript).
#[component]
pub(super) fn EditorScript() -> impl IntoView {
    bundle().map(|files| {
        view! {
            <link rel="stylesheet" href=files.css />
            <ModuleScriptFile src=files.js />
        }
    })
}

/// The bundle's two files, by the names its build gave them.
#[derive(Clone)]
struct Bundle {
    /// `/editor/editor-<hash>.js`
    js: String,
    /// `/editor/editor-<hash>.css`
    css: String,
}

/// The bundle in the site root, found once per process.
fn bundle() -> Option<Bundle> {
    #[cfg(feature = "ssr")]
    {
        use std::sync::OnceLock;
        static BUNDLE: OnceLock<Option<Bundle>> = OnceLock::new();
        let options = use_context::<LeptosOptions>()?;
        BUNDLE
            .get_or_init(|| {
                let dir = std::path::Path::new(options.site_root.as_ref()).join("editor");
                let names: Vec<String> = std::fs::read_dir(dir)
                    .ok()?
                    .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
                    .filter(|name| name.starts_with("editor-"))
                    .collect();
                let find = |ext: &str| {
                    let name = names.iter().find(|n| n.ends_with(ext))?;
                    Some(format!("/editor/{name}"))
                };
                Some(Bundle {
                    js: find(".js")?,
                    css: find(".css")?,
                })
            })
            .clone()
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// Starts the editor on the form's body: now if its module has run, else
/// when it announces itself (module scripts and the island's WebAssembly
/// arrive in either order).
pub(super) fn start() {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::{closure::Closure, JsCast};
        if call_start() {
            return;
        }
        let options = web_sys::AddEventListenerOptions::new();
        options.set_once(true);
        let later = Closure::once_into_js(|| {
            call_start();
        });
        if document()
            .add_event_listener_with_callback_and_add_event_listener_options(
                "qalam-editor-ready",
                later.unchecked_ref(),
                &options,
            )
            .is_err()
        {
            leptos::logging::warn!("the visual editor could not be started");
        }
    }
}

/// `window.qalamEditor.start()`; false when the module has not run yet.
#[cfg(feature = "hydrate")]
fn call_start() -> bool {
    use wasm_bindgen::{JsCast, JsValue};
    let Ok(api) = js_sys::Reflect::get(&window(), &JsValue::from_str("qalamEditor")) else {
        return false;
    };
    let Some(start) = js_sys::Reflect::get(&api, &JsValue::from_str("start"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    if let Err(error) = start.call0(&api) {
        leptos::logging::error!("the visual editor failed to start: {error:?}");
    }
    true
}

/// Tells the editor that the island set the body to `markup`.
pub(super) fn markup_changed(textarea_id: &str, markup: &str) {
    #[cfg(feature = "hydrate")]
    {
        let Some(textarea) = document().get_element_by_id(textarea_id) else {
            return;
        };
        let init = web_sys::CustomEventInit::new();
        init.set_detail(&wasm_bindgen::JsValue::from_str(markup));
        if let Ok(event) =
            web_sys::CustomEvent::new_with_event_init_dict("qalam-markup-changed", &init)
        {
            let _ = textarea.dispatch_event(&event);
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (textarea_id, markup);
}
