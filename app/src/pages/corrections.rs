//! `/corrections`: recent corrections, newest first.

use crate::api::reader::get_corrections;
use crate::components::loaded::loaded;
use crate::components::seo::SeoTags;
use crate::domain::reader::CorrectionsData;
use crate::pages::article::correction_line;
use leptos::prelude::*;

#[component]
pub fn CorrectionsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_corrections());
    view! { {loaded(data, corrections_view)} }
}

fn corrections_view(data: CorrectionsData) -> impl IntoView {
    let now = data.now;
    let items = if data.items.is_empty() {
        view! { <p>"Исправлений пока нет."</p> }.into_any()
    } else {
        view! {
            <ol class="corrections">
                {data
                    .items
                    .into_iter()
                    .map(|c| {
                        view! {
                            <li class="corrections__item">
                                <a class="corrections__title" href=c.href>{c.title}</a>
                                {correction_line(c.at, c.note, now, crate::domain::lang::Lang::Ru)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        }
        .into_any()
    };
    view! {
        <SeoTags seo=data.seo />
        <header class="page-header">
            <h1>"Исправления"</h1>
            <p class="page-header__bio">
                "Когда мы ошибаемся, мы исправляем материал и пишем об этом над его текстом. Здесь — последние исправления."
            </p>
        </header>
        {items}
    }
}
