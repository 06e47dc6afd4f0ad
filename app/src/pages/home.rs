//! `/`: the lead story, the latest news, and a block per category.

use crate::api::reader::get_home;
use crate::components::article_card::{ArticleCard, CardSize};
use crate::components::loaded::loaded;
use crate::components::most_read::MostRead;
use crate::components::seo::SeoTags;
use crate::domain::reader::HomeData;
use crate::hooks::use_lang;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let lang = use_lang();
    let home = Resource::new(|| (), move |_| get_home(lang));
    view! {
        <h1 class="visually-hidden">{lang.words().home_heading}</h1>
        {loaded(home, home_view)}
    }
}

/// How many of the latest stories sit in the narrow "Главное сейчас"
/// column; the older ones fill the space under the lead story.
const HEADLINES_BESIDE_LEAD: usize = 6;

fn home_view(data: HomeData) -> impl IntoView {
    let now = data.now;
    let lang = data.seo.lang;
    let words = lang.words();
    let empty = data.lead.is_none();
    let mut headlines = data.latest;
    let under_lead = headlines.split_off(HEADLINES_BESIDE_LEAD.min(headlines.len()));
    view! {
        <SeoTags seo=data.seo />
        {empty.then(|| view! { <p class="empty">{words.no_news}</p> })}
        <div class="home-top">
            <div class="home-top__lead">
                {data.lead.map(|item| view! { <ArticleCard item now size=CardSize::Lead level=2 /> })}
                {under_lead
                    .into_iter()
                    .map(|item| view! { <ArticleCard item now /> })
                    .collect_view()}
            </div>
            <div class="home-top__side">
                <section class="home-top__latest" aria-labelledby="latest-heading">
                    <h2 id="latest-heading" class="section-heading">{words.latest_heading}</h2>
                    <div class="list">
                        {headlines
                            .into_iter()
                            .map(|item| view! { <ArticleCard item now size=CardSize::Compact /> })
                            .collect_view()}
                    </div>
                </section>
                <MostRead items=data.most_read now />
            </div>
        </div>
        {data
            .sections
            .into_iter()
            .map(|section| {
                let heading_id = format!("section-{}", section.category.slug);
                let labelled_by = heading_id.clone();
                view! {
                    <section class="home-section" aria-labelledby=labelled_by>
                        <h2 id=heading_id class="section-heading">
                            <a href=lang.category_path(&section.category.slug)>{section.category.name}</a>
                        </h2>
                        <div class="grid">
                            {section
                                .items
                                .into_iter()
                                .map(|item| view! { <ArticleCard item now show_category=false /> })
                                .collect_view()}
                        </div>
                    </section>
                }
            })
            .collect_view()}
    }
}
