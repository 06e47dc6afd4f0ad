//! `/news/{slug}`: one article.

use crate::api::reader::get_article;
use crate::components::article_card::ArticleCard;
use crate::components::loaded::loaded;
use crate::components::raw_text::JsonScript;
use crate::components::seo::SeoTags;
use crate::components::share::Share;
use crate::domain::reader::ArticleData;
use crate::text::{almaty_date_time, iso_datetime};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let article = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_article,
    );
    view! {
        {loaded(article, article_view)}
    }
}

/// An article as readers see it; the editors' preview shows the same view.
pub fn article_view(a: ArticleData) -> impl IntoView {
    let updated = a.updated_at.map(|ts| {
        view! {
            <span class="article__updated">
                "Обновлено " <time datetime=iso_datetime(ts)>{almaty_date_time(ts)}</time>
            </span>
        }
    });
    let now = a.now;
    let tags = (!a.tags.is_empty()).then(|| {
        view! {
            <ul class="tags" aria-label="Теги">
                {a
                    .tags
                    .into_iter()
                    .map(|tag| view! { <li><a class="tag" href=tag.href>{tag.name}</a></li> })
                    .collect_view()}
            </ul>
        }
    });
    let related = (!a.related.is_empty()).then(|| {
        view! {
            <section class="related" aria-labelledby="related-heading">
                <h2 id="related-heading" class="section-heading">"Читайте также"</h2>
                <div class="list">
                    {a
                        .related
                        .into_iter()
                        .map(|item| view! { <ArticleCard item now level=3 /> })
                        .collect_view()}
                </div>
            </section>
        }
    });
    view! {
        <SeoTags seo=a.seo />
        <JsonScript kind="application/ld+json" json=a.json_ld />
        <article class="article">
            <header class="article__header">
                <p class="article__kicker">
                    <a class="article__category" href=format!("/category/{}", a.category.slug)>
                        {a.category.name}
                    </a>
                    {a.breaking.then(|| view! { <span class="badge">"Срочно"</span> })}
                </p>
                <h1 class="article__title">{a.title.clone()}</h1>
                <p class="article__lead">{a.lead}</p>
                <p class="article__byline">
                    <a class="article__author" href=a.author.href rel="author">{a.author.name}</a>
                    <time datetime=iso_datetime(a.published_at)>{almaty_date_time(a.published_at)}</time>
                    {updated}
                </p>
            </header>
            {a.image.map(|image| {
                view! {
                    <figure class="article__figure">
                        <img
                            src=image.url
                            alt=image.alt
                            width=image.width.unwrap_or(1600)
                            height=image.height.unwrap_or(900)
                            decoding="async"
                        />
                    </figure>
                }
            })}
            <div class="article__body" inner_html=a.body_html></div>
            {tags}
            <Share url=a.url title=a.title />
        </article>
        {related}
    }
}
