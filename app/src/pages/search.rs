//! `/search?q=…`: full-text search with Russian and Kazakh word forms,
//! newest first (or «По релевантности»), twenty at a time with «Показать
//! ещё», the matched words highlighted, a typo corrected. Plain GET forms
//! and links, so it works the same with and without JavaScript.

use crate::api::reader::get_search;
use crate::components::loaded::loaded;
use crate::components::seo::SeoTags;
use crate::domain::lang::Lang;
use crate::domain::reader::{Piece, SearchData, SearchOrder};
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
            (
                query.get("q"),
                query.get("order"),
                query.get("after"),
                query.get("exact"),
            )
        },
        move |(q, order, after, exact)| get_search(q, order, after, exact, lang),
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

/// The address of a search in `lang`'s edition.
fn search_href(lang: Lang, query: &str, order: SearchOrder, extra: &str) -> String {
    let mut href = format!("{}?q={}", lang.path("/search"), encode_component(query));
    if let Some(order) = order.param() {
        href.push_str("&order=");
        href.push_str(order);
    }
    href.push_str(extra);
    href
}

fn search_view(data: SearchData) -> impl IntoView {
    let now = data.now;
    let lang = data.seo.lang;
    let words = lang.words();
    let query = data.query.clone();
    // What was searched: the typed words, or their correction.
    let searched = data
        .correction
        .as_ref()
        .map_or_else(|| query.clone(), |c| c.searched.clone());
    let summary = if query.is_empty() {
        words.search_prompt.to_string()
    } else if data.hits.is_empty() && !data.continued {
        (words.search_nothing)(&searched)
    } else if data.continued {
        (words.search_continued)(&searched)
    } else if data.next.is_some() {
        match data.order {
            SearchOrder::Newest => (words.search_more_than)(data.hits.len()),
            SearchOrder::Relevance => (words.search_more_by_relevance)(data.hits.len()),
        }
    } else {
        (words.search_found)(data.hits.len())
    };
    let order = data.order;
    // «Показать ещё» goes on with the searched words (the correction, if
    // any), never corrected again.
    let more = data.next.as_ref().map(|next| {
        let exact = if data.correction.is_some() || data.exact {
            "&exact=1"
        } else {
            ""
        };
        search_href(
            lang,
            &searched,
            order,
            &format!("{exact}&after={}", encode_component(next)),
        )
    });
    let start = data.continued.then(|| {
        search_href(
            lang,
            &searched,
            order,
            if data.exact { "&exact=1" } else { "" },
        )
    });
    let correction = data.correction.as_ref().map(|c| {
        let typed_href = search_href(lang, &query, order, "&exact=1");
        let corrected = c.searched.clone();
        let typed = query.clone();
        view! {
            <p class="search-correction">
                {words.search_corrected}"«"<strong>{corrected}</strong>"». "
                {words.search_instead}<a href=typed_href>"«"{typed}"»"</a>"?"
            </p>
        }
    });
    let other = match lang {
        Lang::Ru => Lang::Kk,
        Lang::Kk => Lang::Ru,
    };
    let other_edition = (!query.is_empty()).then(|| {
        let href = search_href(other, &query, order, "");
        view! {
            <p class="search-other">
                <a href=href hreflang=other.code()>{words.search_other_edition}</a>
            </p>
        }
    });
    let order_links = (!query.is_empty()).then(|| {
        let choice = |this: SearchOrder, label: &'static str| {
            let href = search_href(lang, &query, this, if data.exact { "&exact=1" } else { "" });
            if this == order {
                view! { <span class="search-order__current" aria-current="true">{label}</span> }
                    .into_any()
            } else {
                view! { <a href=href>{label}</a> }.into_any()
            }
        };
        view! {
            <p class="search-order">
                <span class="visually-hidden">{words.search_order_label}": "</span>
                {choice(SearchOrder::Newest, words.search_order_newest)}
                " · "
                {choice(SearchOrder::Relevance, words.search_order_relevance)}
            </p>
        }
    });
    view! {
        <SeoTags seo=data.seo />
        <header class="page-header">
            <h1>{words.search_heading}</h1>
        </header>
        <form class="search-form" method="get" action=lang.path("/search") role="search" aria-label=words.search_form_label>
            <label class="visually-hidden" for="search-q">{words.search_field_label}</label>
            <input id="search-q" type="search" name="q" value=query.clone() maxlength="200" autocomplete="off" />
            {order.param().map(|value| view! { <input type="hidden" name="order" value=value /> })}
            <button class="button" type="submit">{words.search_button}</button>
        </form>
        {data.shortened.then(|| view! { <p class="notice">{words.search_shortened}</p> })}
        {correction}
        <p class="search-summary" role="status">{summary}</p>
        {order_links}
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
            {start.map(|href| view! { <a class="button" href=href>{words.search_back_to_start}</a> })}
            {more.map(|href| view! { <a class="button" rel="next" href=href>{words.search_show_more}</a> })}
        </nav>
        {other_edition}
    }
}
