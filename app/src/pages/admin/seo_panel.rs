//! The form's «Поиск и соцсети» panel: the title and description search
//! results and shared cards show, with their lengths counted against what
//! a result shows before it cuts, and a preview of the result itself.
//! Left empty they are the headline and the lead's opening, as the
//! reader page makes them (`server::reader::article`).

use super::fields::{text_area, text_input, Field};
use crate::domain::articles::{field, SEO_DESCRIPTION_SHOWN_CHARS, SEO_TITLE_SHOWN_CHARS};
use crate::domain::refusal::FieldErrors;
use crate::text::excerpt::excerpt;
use crate::text::plural::{plural, CHARACTERS};
use leptos::prelude::*;

/// The panel's signals: the two fields, and what they fall back to.
#[derive(Clone, Copy)]
pub(super) struct SeoFields {
    pub(super) title: RwSignal<String>,
    pub(super) description: RwSignal<String>,
    pub(super) headline: RwSignal<String>,
    pub(super) lead: RwSignal<String>,
    pub(super) slug: Signal<String>,
}

/// «42 из 60 символов», marked when past what a result shows.
fn counter(id: &'static str, text: Signal<String>, shown: usize) -> impl IntoView {
    let count = move || text.with(|t| t.trim().chars().count());
    view! {
        <p class=move || { if count() > shown { "counter counter--over" } else { "counter" } } id=id>
            {move || {
                let n = count();
                format!("{n} {} из {shown}", plural(n as u64, CHARACTERS))
            }}
            {move || (count() > shown).then_some(" — в поиске обрежется")}
        </p>
    }
}

pub(super) fn seo_panel(
    fields: SeoFields,
    initial_title: String,
    initial_description: &str,
    errors: RwSignal<FieldErrors>,
    recheck: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let SeoFields {
        title,
        description,
        headline,
        lead,
        slug,
    } = fields;
    // What a search result would show: the editors' words, else the
    // page's own (as the reader page chooses them).
    let shown_title = Signal::derive(move || {
        let typed = title.get();
        if typed.trim().is_empty() {
            headline.get()
        } else {
            typed
        }
    });
    let shown_description = Signal::derive(move || {
        let typed = description.get();
        if typed.trim().is_empty() {
            lead.with(|lead| excerpt(lead, SEO_DESCRIPTION_SHOWN_CHARS))
        } else {
            typed
        }
    });
    view! {
        <section class="side-panel" aria-labelledby="seo-panel">
            <h2 id="seo-panel" class="side-panel__title">"Поиск и соцсети"</h2>
            {text_input(
                Field::new(field::SEO_TITLE, "Заголовок для поиска", errors).hint("seo-title-count"),
                "text",
                initial_title,
                title,
                recheck,
            )}
            {counter("seo-title-count", shown_title, SEO_TITLE_SHOWN_CHARS)}
            {text_area(
                Field::new(field::SEO_DESCRIPTION, "Описание для поиска", errors)
                    .hint("seo-description-count"),
                3,
                initial_description,
                description,
                recheck,
            )}
            {counter("seo-description-count", shown_description, SEO_DESCRIPTION_SHOWN_CHARS)}
            <p class="hint">"Пустые поля — заголовок статьи и начало лида."</p>
            <figure class="search-preview">
                <figcaption class="visually-hidden">"Так статья может выглядеть в поиске"</figcaption>
                <cite class="search-preview__address">
                    {crate::domain::SITE_NAME} " › news › " {move || slug.get()}
                </cite>
                <span class="search-preview__title">
                    {move || shown_title.with(|t| excerpt(t, SEO_TITLE_SHOWN_CHARS))}
                </span>
                <span class="search-preview__description">
                    {move || shown_description.with(|d| excerpt(d, SEO_DESCRIPTION_SHOWN_CHARS))}
                </span>
            </figure>
        </section>
    }
}
