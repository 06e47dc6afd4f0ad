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

/// Room for wasm-split to rearrange the read-only data.
///
/// wasm-split (`cargo leptos build --split`) moves each lazy island's
/// constant data (its strings, its tables) into that island's file by
/// regrouping the linker's read-only segment per output file. Regrouping
/// realigns each group, and when the result comes out even a few bytes
/// longer than the linker's segment, wasm-split gives up and keeps the
/// whole segment, every island's data included, in the main file: seen
/// as +43 KB raw (+14 KB brotli) on every reader page after an unrelated
/// change. These bytes lengthen the linker's segment; `#[used]` keeps them
/// through the linker, and since no code refers to them wasm-split places
/// them in no file, so they cost nothing sent. See docs/architecture.md.
#[used]
static WASM_SPLIT_DATA_SLACK: [u8; 4096] = [0x51; 4096];
