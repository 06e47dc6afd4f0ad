//! The frame of every page: the header with the category navigation, the
//! footer, and the readers' layout (the page beside the ticker).

use crate::api::reader::{get_categories, get_footer_pages};
use crate::components::breaking::BreakingBar;
use crate::components::islands::IslandPreloads;
use crate::components::raw_text::JsonScript;
use crate::components::ticker::Ticker;
use crate::domain::SITE_NAME;
use leptos::prelude::*;
use leptos_router::components::Outlet;

/// The readers' pages: their route's page beside the ticker.
#[component]
pub fn ReaderLayout() -> impl IntoView {
    view! {
        <ReaderFrame>
            <Outlet />
        </ReaderFrame>
    }
}

/// A reader page's frame, also around the 404 page: the site's header
/// and footer (the workspace has its own compact header).
#[component]
pub fn ReaderFrame(children: Children) -> impl IntoView {
    view! {
        <SiteHeader />
        <IslandPreloads />
        <BreakingBar />
        <div class="layout">
            <main id="main" tabindex="-1">
                {children()}
            </main>
            <aside class="sidebar">
                <Ticker />
            </aside>
        </div>
        <SpeculationRules />
        <SiteFooter />
    }
}

/// Reader links open at once where the browser allows: a page is
/// prerendered when the pointer rests on its link (or on touch start),
/// never the workspace, the API, feeds or files.
#[component]
fn SpeculationRules() -> impl IntoView {
    let rules = serde_json::json!({
        "prerender": [{
            "source": "document",
            "where": { "and": [
                { "href_matches": "/*" },
                { "not": { "href_matches": ["/admin", "/admin/*", "/api/*", "/media/*", "/pkg/*", "/*.xml"] } },
                { "not": { "selector_matches": "[rel~=nofollow]" } }
            ] },
            "eagerness": "moderate"
        }]
    });
    view! { <JsonScript kind="speculationrules" json=rules.to_string() /> }
}

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
    let pages = Resource::new(|| (), |_| get_footer_pages());
    view! {
        <footer class="site-footer">
            <p>
                {SITE_NAME}
                " — независимое информационное издание. Материалы сайта приведены для демонстрации платформы."
            </p>
            <nav aria-label="О сайте">
                <ul class="site-footer__links">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            pages
                                .await
                                .unwrap_or_default()
                                .into_iter()
                                .map(|page| {
                                    view! {
                                        <li>
                                            <a href=format!("/{}", page.slug)>{page.title}</a>
                                        </li>
                                    }
                                })
                                .collect_view()
                        })}
                    </Suspense>
                    <li>
                        <a href="/corrections">"Исправления"</a>
                    </li>
                </ul>
            </nav>
            <p>"Время на сайте — Алматы (UTC+5)."</p>
        </footer>
    }
}
