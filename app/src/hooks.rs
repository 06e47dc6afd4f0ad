//! Router hooks of our own.

use crate::text::url::Query;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The page's query string, decoded once (see [`Query`]); use it instead
/// of leptos_router's `use_query_map`, which decodes twice.
pub fn use_query() -> Memo<Query> {
    let search = use_location().search;
    Memo::new(move |_| Query::parse(&search.get()))
}

/// The page's edition, from its path alone (`/kk…` is Kazakh).
pub fn use_lang() -> crate::domain::lang::Lang {
    crate::domain::lang::Lang::of_path(&use_location().pathname.get_untracked())
}
