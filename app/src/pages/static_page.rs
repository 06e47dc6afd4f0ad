//! `/{slug}` and `/kk/{slug}`: a static page of the edition ("О редакции",
//! "Контакты"). Its route is the last one the app tries; any address no
//! page holds is the 404 page.

use crate::api::reader::get_page;
use crate::components::loaded::loaded;
use crate::components::seo::SeoTags;
use crate::domain::pages::PageData;
use crate::hooks::use_lang;
use crate::pages::article::body;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StaticPage() -> impl IntoView {
    let params = use_params_map();
    let lang = use_lang();
    let page = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        move |slug| get_page(slug, lang),
    );
    view! { {loaded(page, page_view)} }
}

fn page_view(page: PageData) -> impl IntoView {
    view! {
        <SeoTags seo=page.seo />
        <article class="article static-page">
            <header class="article__header">
                <h1 class="article__title">{page.title}</h1>
            </header>
            {body(page.body_html)}
        </article>
    }
}
