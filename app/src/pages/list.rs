//! `/category/{slug}`, `/author/{slug}` and `/tag/{slug}` (`?page=N`):
//! a list of articles, 20 a page, newest first.

use crate::api::reader::get_list;
use crate::components::article_card::ArticleCard;
use crate::components::loaded::loaded;
use crate::components::seo::SeoTags;
use crate::domain::reader::{ListData, ListHeading};
use crate::hooks::use_lang;
use crate::hooks::use_query;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn CategoryPage() -> impl IntoView {
    list_page("category")
}

#[component]
pub fn AuthorPage() -> impl IntoView {
    list_page("author")
}

#[component]
pub fn TagPage() -> impl IntoView {
    list_page("tag")
}

fn list_page(kind: &'static str) -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    let query = use_query();
    let page = Resource::new(
        move || {
            let query = query.read();
            (
                params.read().get("slug").unwrap_or_default(),
                query.get("page"),
                query.get("after"),
                query.get("before"),
            )
        },
        move |(slug, page, after, before)| {
            get_list(kind.to_string(), slug, page, after, before, lang)
        },
    );
    view! {
        {loaded(page, list_view)}
    }
}

fn heading_view(heading: ListHeading, page: u32) -> impl IntoView {
    let words = use_lang().words();
    let page_note =
        (page > 1).then(|| view! { <p class="page-header__page">{words.page} {page}</p> });
    match heading {
        ListHeading::Category(category) => view! {
            <header class="page-header">
                <h1>{category.name}</h1>
                {page_note}
            </header>
        }
        .into_any(),
        ListHeading::Tag(name) => view! {
            <header class="page-header">
                <p class="page-header__kicker">{words.tag_kicker}</p>
                <h1>{name}</h1>
                {page_note}
            </header>
        }
        .into_any(),
        ListHeading::Author { name, bio, photo } => view! {
            <header class="page-header page-header--author">
                {photo
                    .map(|photo| {
                        view! {
                            <img
                                class="page-header__photo"
                                src=photo.url
                                alt=photo.alt
                                width="96"
                                height="96"
                            />
                        }
                    })}
                <div>
                    <p class="page-header__kicker">{words.author_kicker}</p>
                    <h1>{name}</h1>
                    {(!bio.is_empty()).then(|| view! { <p class="page-header__bio">{bio}</p> })}
                    {page_note}
                </div>
            </header>
        }
        .into_any(),
    }
}

fn list_view(data: ListData) -> impl IntoView {
    let now = data.now;
    let empty = data.items.is_empty();
    let show_category = !matches!(data.heading, ListHeading::Category(_));
    let feed = data.seo.feed.clone();
    let words = data.seo.lang.words();
    view! {
        <SeoTags seo=data.seo />
        {heading_view(data.heading, data.page)}
        {empty.then(|| view! { <p class="empty">{words.list_empty}</p> })}
        <div class="list list--wide">
            {data
                .items
                .into_iter()
                .map(|item| view! { <ArticleCard item now level=2 show_category /> })
                .collect_view()}
        </div>
        <nav class="pagination" aria-label=words.pages_label>
            {data.newer.map(|href| view! { <a class="button" rel="prev" href=href>{words.newer}</a> })}
            {data.older.map(|href| view! { <a class="button" rel="next" href=href>{words.older}</a> })}
        </nav>
        {feed.map(|f| view! { <p class="feed-link"><a href=f.href>{words.feed}</a></p> })}
    }
}
