//! `/search?q=…&page=N`: full-text search with Russian word forms, best
//! matches first, the matched words highlighted. A plain GET form, so it
//! works the same with and without JavaScript.

use crate::api::reader::get_search;
use crate::components::loaded::loaded;
use crate::components::seo::SeoTags;
use crate::domain::reader::{Piece, SearchData};
use crate::hooks::use_query;
use crate::text::plural::{plural, ARTICLES};
use crate::text::url::encode_component;
use crate::text::{iso_datetime, short_time};
use leptos::prelude::*;

#[component]
pub fn SearchPage() -> impl IntoView {
    let query = use_query();
    let results = Resource::new(
        move || {
            let query = query.read();
            (query.get("q"), query.get("page"))
        },
        |(q, page)| get_search(q, page),
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
    let query = data.query.clone();
    let summary = if query.is_empty() {
        "Введите слова, которые ищете: например, «выборы» или «тарифы Алматы».".to_string()
    } else if data.total == 0 {
        format!("По запросу «{query}» ничего не найдено. Проверьте написание или попробуйте другие слова.")
    } else if data.more_than {
        format!(
            "Найдено больше {} материалов; показаны самые подходящие из последних.",
            data.total
        )
    } else {
        format!(
            "Найдено {} {}.",
            data.total,
            plural(data.total as u64, ARTICLES)
        )
    };
    let page_link = {
        let query = encode_component(&query);
        move |page: u32| format!("/search?q={query}&page={page}")
    };
    let newer = (data.page > 1).then(|| page_link(data.page - 1));
    let older = (data.page < data.pages).then(|| page_link(data.page + 1));
    view! {
        <SeoTags seo=data.seo />
        <header class="page-header">
            <h1>"Поиск"</h1>
        </header>
        <form class="search-form" method="get" action="/search" role="search" aria-label="Поиск по материалам">
            <label class="visually-hidden" for="search-q">"Что искать"</label>
            <input id="search-q" type="search" name="q" value=query maxlength="200" autocomplete="off" />
            <button class="button" type="submit">"Найти"</button>
        </form>
        {data.shortened.then(|| view! { <p class="notice">"Запрос слишком длинный: искали по первым 200 символам."</p> })}
        <p class="search-summary" role="status">
            {summary}
            {(data.page > 1).then(|| format!(" Страница {} из {}.", data.page, data.pages))}
        </p>
        <ol class="search-results">
            {data
                .hits
                .into_iter()
                .map(|hit| {
                    view! {
                        <li class="search-result">
                            <p class="card__meta">
                                <a class="card__category" href=format!("/category/{}", hit.category.slug)>
                                    {hit.category.name}
                                </a>
                                <time datetime=iso_datetime(hit.published_at)>{short_time(hit.published_at, now)}</time>
                            </p>
                            <h2 class="card__title">
                                <a href=format!("/news/{}", hit.slug)>{highlighted(hit.title)}</a>
                            </h2>
                            <p class="search-result__fragment">{highlighted(hit.fragment)}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <nav class="pagination" aria-label="Страницы результатов">
            {newer.map(|href| view! { <a class="button" rel="prev" href=href>"← Назад"</a> })}
            {older.map(|href| view! { <a class="button" rel="next" href=href>"Дальше →"</a> })}
        </nav>
    }
}
