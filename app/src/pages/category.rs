//! `/category/{slug}?page=N`: a category's articles, 20 a page.

use crate::api::reader::get_category;
use crate::components::article_card::ArticleCard;
use crate::components::loaded::loaded;
use crate::model::CategoryPage as CategoryData;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CategoryPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
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
        |(slug, page, after, before)| get_category(slug, page, after, before),
    );
    view! {
        {loaded(page, category_view)}
    }
}

fn category_view(data: CategoryData) -> impl IntoView {
    let now = data.now;
    let name = data.category.name.clone();
    let title = if data.page > 1 {
        format!("{name}, страница {}", data.page)
    } else {
        name.clone()
    };
    let empty = data.items.is_empty();
    view! {
        <Title text=title />
        <Meta name="description" content=format!("{name}: последние новости рубрики на Qalam.") />
        <header class="page-header">
            <h1>{name}</h1>
            {(data.page > 1).then(|| view! { <p class="page-header__page">"Страница " {data.page}</p> })}
        </header>
        {empty.then(|| view! { <p class="empty">"В этой рубрике пока нет материалов."</p> })}
        <div class="list list--wide">
            {data
                .items
                .into_iter()
                .map(|item| view! { <ArticleCard item now level=2 show_category=false /> })
                .collect_view()}
        </div>
        <nav class="pagination" aria-label="Страницы рубрики">
            {data.newer.map(|href| view! { <a class="button" rel="prev" href=href>"← Новее"</a> })}
            {data.older.map(|href| view! { <a class="button" rel="next" href=href>"Старее →"</a> })}
        </nav>
    }
}
