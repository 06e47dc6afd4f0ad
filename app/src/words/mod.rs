//! Every word a reader sees, per edition: one file per language
//! ([`ru`], [`kk`]), each one value of [`Words`]. A sentence added to
//! `Words` must be written in both files, or the build fails; a page asks
//! `lang.words()` and never writes reader-facing text itself.
//!
//! The workspace (`/admin`) stays Russian, its sentences in `messages`.
//! Sentences are built so that no suffix has to agree with a number:
//! «Жаңартылды: 12 қараша, 14:30», not a case ending after the date.

mod kk;
mod ru;

use crate::domain::lang::Lang;

/// The reader site's words in one language.
#[derive(Debug)]
pub struct Words {
    // The frame of every page.
    pub tagline: &'static str,
    /// The home page's `<title>` and the fallback of every other one.
    pub site_title: &'static str,
    pub skip_to_content: &'static str,
    pub search_site: &'static str,
    pub search_button: &'static str,
    pub categories_label: &'static str,
    pub footer_about: &'static str,
    pub footer_links_label: &'static str,
    pub footer_time_zone: &'static str,
    pub corrections: &'static str,
    /// `/corrections`: its description for search engines, its intro,
    /// and what it says while there are none.
    pub corrections_description: &'static str,
    pub corrections_intro: &'static str,
    pub corrections_none: &'static str,
    pub all_news_feed: &'static str,
    /// The language switch: the other edition's name, in its own language.
    pub other_edition: &'static str,
    pub other_edition_label: &'static str,
    pub language_label: &'static str,
    pub loading: &'static str,
    // The ticker and the breaking bar.
    pub ticker_heading: &'static str,
    pub ticker_failed: &'static str,
    pub breaking_badge: &'static str,
    pub breaking_label: &'static str,
    pub breaking_region: &'static str,
    pub hide: &'static str,
    pub live_badge: &'static str,
    // The home page.
    pub home_heading: &'static str,
    pub home_description: &'static str,
    pub latest_heading: &'static str,
    pub no_news: &'static str,
    pub most_read: &'static str,
    // An article.
    pub updated: &'static str,
    pub tags_label: &'static str,
    pub related: &'static str,
    pub correction: &'static str,
    pub and: &'static str,
    pub live_now: &'static str,
    pub live_ended: &'static str,
    pub pinned: &'static str,
    /// Announced to screen readers before a new live update's summary.
    pub new_update: &'static str,
    pub share: &'static str,
    pub share_link_label: &'static str,
    /// What the share block's island says in the browser.
    pub share_buttons: ShareWords,
    // Lists.
    pub page: &'static str,
    pub pages_label: &'static str,
    pub newer: &'static str,
    pub older: &'static str,
    pub feed: &'static str,
    pub list_empty: &'static str,
    /// A category page's description: its name.
    pub category_description: fn(&str) -> String,
    /// An author's page's description without a bio, and a tag page's:
    /// the author's or the tag's name.
    pub author_description: fn(&str) -> String,
    pub tag_description: fn(&str) -> String,
    /// A later page's title: the list's name, the page number.
    pub numbered_page: fn(&str, u32) -> String,
    pub author_kicker: &'static str,
    pub tag_kicker: &'static str,
    // Search.
    pub search_heading: &'static str,
    pub search_form_label: &'static str,
    pub search_field_label: &'static str,
    pub search_description: &'static str,
    pub search_prompt: &'static str,
    pub search_nothing: fn(&str) -> String,
    pub search_found: fn(usize) -> String,
    pub search_more_than: fn(usize) -> String,
    pub search_more_by_relevance: fn(usize) -> String,
    /// A page after «Показать ещё».
    pub search_continued: fn(&str) -> String,
    pub search_show_more: &'static str,
    pub search_back_to_start: &'static str,
    pub search_order_label: &'static str,
    pub search_order_newest: &'static str,
    pub search_order_relevance: &'static str,
    /// «Показаны результаты по запросу «выборах». Искать «выбрах»?»: the
    /// words before the searched query and before the typed one.
    pub search_corrected: &'static str,
    pub search_instead: &'static str,
    /// The link to the same search in the other edition.
    pub search_other_edition: &'static str,
    pub search_shortened: &'static str,
    pub search_pages_label: &'static str,
    pub back: &'static str,
    pub forward: &'static str,
    // The 404 page.
    pub not_found: &'static str,
    pub not_found_hint: &'static str,
    pub to_home: &'static str,
    // What the edition's Telegram channel gets (server only: no reader
    // page carries these).
    /// The line above a breaking story's headline in Telegram, and a
    /// breaking push notification's title.
    #[cfg(feature = "ssr")]
    pub breaking_flash: &'static str,
    /// The link to the article under the lead.
    #[cfg(feature = "ssr")]
    pub telegram_read_more: &'static str,
}

/// The share block's words in the browser: a `const` of their own in each
/// language file, so the island that shows them (given the page's
/// language) carries these eight strings and not every table of `Words`.
#[derive(Clone, Copy, Debug)]
pub struct ShareWords {
    pub copy_link: &'static str,
    pub share_more: &'static str,
    pub link_copied: &'static str,
    pub copy_failed: &'static str,
}

/// The push controls' words (`components::follow`): in the page's HTML
/// as the control's attributes, read by `public/push-control.js`; a
/// `const` of their own, so no island's bundle carries them.
#[derive(Clone, Copy, Debug)]
pub struct PushWords {
    /// The breaking-news control, off and on.
    pub breaking: &'static str,
    pub breaking_on: &'static str,
    /// A live story's control, off and on.
    pub live: &'static str,
    pub live_on: &'static str,
    /// Said after a press.
    pub subscribed: &'static str,
    pub unsubscribed: &'static str,
    pub denied: &'static str,
    pub failed: &'static str,
}

impl Lang {
    /// This edition's push controls' words.
    pub fn push_words(self) -> PushWords {
        match self {
            Lang::Ru => ru::PUSH_CONTROLS,
            Lang::Kk => kk::PUSH_CONTROLS,
        }
    }

    /// This edition's words.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::Ru => &ru::WORDS,
            Lang::Kk => &kk::WORDS,
        }
    }

    /// This edition's share buttons' words (`Words::share_buttons`).
    pub fn share_words(self) -> ShareWords {
        match self {
            Lang::Ru => ru::SHARE_BUTTONS,
            Lang::Kk => kk::SHARE_BUTTONS,
        }
    }
}
