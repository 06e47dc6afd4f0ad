//! `/corrections`: recent corrections, newest first.

use crate::api::reader::get_corrections;
use crate::components::loaded::loaded;
use crate::components::seo::SeoTags;
use crate::domain::lang::Lang;
use crate::domain::reader::CorrectionsData;
use crate::hooks::use_lang;
use crate::pages::article::correction_line;
use leptos::prelude::*;

#[component]
pub fn CorrectionsPage() -> impl IntoView {
    let lang = use_lang();
    let data = Resource::new(|| (), move |_| get_corrections(lang));
    view! { {loaded(data, move |data| corrections_view(data, lang))} }
}

fn corrections_view(data: CorrectionsData, lang: Lang) -> impl IntoView {
    let now = data.now;
    let words = lang.words();
    let items = if data.items.is_empty() {
        view! { <p>{words.corrections_none}</p> }.into_any()
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
                                {correction_line(c.at, c.note, now, lang)}
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
            <h1>{words.corrections}</h1>
            <p class="page-header__bio">{words.corrections_intro}</p>
        </header>
        {items}
    }
}
