//! The header with the category navigation, and the footer.

use crate::api::reader::get_categories;
use crate::SITE_NAME;
use leptos::prelude::*;

#[component]
pub fn SiteHeader() -> impl IntoView {
    let categories = Resource::new(|| (), |_| get_categories());
    view! {
        <header class="site-header">
            <div class="site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__name">{SITE_NAME}</span>
                    <span class="brand__tagline">"Новости Казахстана"</span>
                </a>
                <form class="site-search" method="get" action="/search" role="search" aria-label="Поиск по сайту">
                    <label class="visually-hidden" for="site-search-q">"Поиск по сайту"</label>
                    <input id="site-search-q" type="search" name="q" placeholder="Поиск по сайту" maxlength="200" />
                    <button class="site-search__button" type="submit">"Найти"</button>
                </form>
            </div>
            <nav class="site-nav" aria-label="Рубрики">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        categories
                            .await
                            .map(|list| {
                                view! {
                                    <ul class="site-nav__list">
                                        {list
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <li>
                                                        <a href=format!("/category/{}", c.slug)>{c.name}</a>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                            })
                            .ok()
                    })}
                </Suspense>
            </nav>
        </header>
    }
}

#[component]
pub fn SiteFooter() -> impl IntoView {
    view! {
        <footer class="site-footer">
            <p>
                {SITE_NAME}
                " — независимое информационное издание. Материалы сайта приведены для демонстрации платформы."
            </p>
            <p>"Время на сайте — Алматы (UTC+5)."</p>
        </footer>
    }
}
