//! `/search?q=…&page=N`: full-text search with Russian word forms, best
//! matches first, the matched words highlighted. A plain GET form, so it
//! works the same with and without JavaScript.

use crate::api::reader::get_search;
use crate::components::loaded::loaded;
use crate::components::seo::SeoTags;
use crate::domain::reader::{Piece, SearchData};
use crate::hooks::{use_lang, use_query};
use crate::text::url::encode_component;
use crate::text::{iso_datetime, short_time};
use leptos::prelude::*;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query();
    let lang = use_lang();
    let results = Resource::new(
        move || {
            let query = query.read();
            (query.get("q"), query.get("page"))
        },
        move |(q, page)| get_search(q, page, lang),
    );
    view! {
        {loaded(results, search_view)}
    }
}

/// Text with the matched words in `<mark>`.
fn highlighted(pieces: Vec<Piece>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|piece| {
            if piece.marked {
                view! { <mark>{piece.text}</mark> }.into_any()
            } else {
                piece.text.into_any()
            }
        })
        .collect_view()
}

fn search_view(data: SearchData) -> impl IntoView {
    let now = data.now;
    let lang = data.seo.lang;
    let words = lang.words();
    let query = data.query.clone();
    let summary = if query.is_empty() {
        words.search_prompt.to_string()
    } else if data.total == 0 {
        (words.search_nothing)(&query)
    } else if data.more_than {
        (words.search_more_than)(data.total)
    } else {
        (words.search_found)(data.total)
    };
    let page_link = {
        let query = encode_component(&query);
        let search = lang.path("/search");
        move |page: u32| format!("{search}?q={query}&page={page}")
    };
    let newer = (data.page > 1).then(|| page_link(data.page - 1));
    let older = (data.page < data.pages).then(|| page_link(data.page + 1));
    view! {
        <SeoTags seo=data.seo />
        <header class="page-header">
            <h1>{words.search_heading}</h1>
        </header>
        <form class="search-form" method="get" action=lang.path("/search") role="search" aria-label=words.search_form_label>
            <label class="visually-hidden" for="search-q">{words.search_field_label}</label>
            <input id="search-q" type="search" name="q" value=query maxlength="200" autocomplete="off" />
            <button class="button" type="submit">{words.search_button}</button>
        </form>
        {data.shortened.then(|| view! { <p class="notice">{words.search_shortened}</p> })}
        <p class="search-summary" role="status">
            {summary}
            {(data.page > 1).then(|| (words.search_page_of)(data.page, data.pages))}
        </p>
        <ol class="search-results">
            {data
                .hits
                .into_iter()
                .map(|hit| {
                    view! {
                        <li class="search-result">
                            <p class="card__meta">
                                <a class="card__category" href=hit.lang.category_path(&hit.category.slug)>
                                    {hit.category.name}
                                </a>
                                <time datetime=iso_datetime(hit.published_at)>{short_time(hit.published_at, now, lang)}</time>
                            </p>
                            <h2 class="card__title">
                                <a href=hit.lang.article_path(&hit.slug)>{highlighted(hit.title)}</a>
                            </h2>
                            <p class="search-result__fragment">{highlighted(hit.fragment)}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <nav class="pagination" aria-label=words.search_pages_label>
            {newer.map(|href| view! { <a class="button" rel="prev" href=href>{words.back}</a> })}
            {older.map(|href| view! { <a class="button" rel="next" href=href>{words.forward}</a> })}
        </nav>
    }
}
