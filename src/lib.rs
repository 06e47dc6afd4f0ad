//! Browser entry point: starts the islands of the server-rendered page
//! (`app`'s `#[island]` components; everything else stays HTML).

// The islands are exported to JavaScript from the app crate, which must
// therefore be linked although nothing here names it.
extern crate app;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
