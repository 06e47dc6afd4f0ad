//! Static pages ("О редакции", "Контакты") at `/{slug}`: the form, its
//! rules, and what readers and editors are shown.

use super::articles::{has_control_characters, valid_slug, BODY_MAX_CHARS, TITLE_MAX_CHARS};
use super::lang::Lang;
use super::refusal::{FieldErrors, Refusal};
use super::workspace::CurrentUser;
use serde::{Deserialize, Serialize};

/// First path segments the site owns: a page may never take one. Every
/// route the app or the server adds must be here too; a test reads the
/// route tables and the server's sources and fails otherwise. `feed` and
/// `wp-*` answer old WordPress addresses (redirects).
pub const RESERVED: &[&str] = &[
    "search",
    "admin",
    "editor",
    "api",
    "news",
    "category",
    "tag",
    "author",
    "media",
    "pkg",
    "feed.xml",
    "sitemap.xml",
    "sitemaps",
    "robots.txt",
    "health",
    "metrics",
    "corrections",
    "views",
    "events",
    "feed",
    "wp-content",
    "wp-admin",
    "wp-login.php",
    "favicon.svg",
    "favicon.ico",
    // Web Push: the subscriptions, the readers' scripts and the service
    // worker (docs/reach.md).
    "push",
    "push.js",
    "push-control.js",
    "sw.js",
    // The Kazakh edition (`domain::lang::KK_PREFIX`).
    "kk",
];

/// Whether `slug` is a path the site owns.
pub fn is_reserved(slug: &str) -> bool {
    RESERVED.contains(&slug)
}

/// The page form's field names: the inputs' names and the error keys.
pub mod field {
    pub const TITLE: &str = "title";
    pub const SLUG: &str = "slug";
    pub const BODY: &str = "body";
    /// Checkboxes: present means on.
    pub const PUBLISHED: &str = "published";
    pub const IN_FOOTER: &str = "in_footer";
    pub const LANG: &str = "lang";
}

/// A static page as typed in the workspace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageForm {
    pub id: Option<i64>,
    pub title: String,
    /// Empty: made from the title.
    pub slug: String,
    pub body: String,
    pub published: bool,
    pub in_footer: bool,
    /// The edition's code as sent (`Lang::from_form`: empty is Russian).
    pub lang: String,
}

/// An empty form, in the Russian edition.
impl Default for PageForm {
    fn default() -> PageForm {
        PageForm {
            id: None,
            title: String::new(),
            slug: String::new(),
            body: String::new(),
            published: false,
            in_footer: false,
            lang: Lang::Ru.code().to_string(),
        }
    }
}

impl PageForm {
    /// Its edition, once valid (see [`validate_page`]).
    pub fn edition(&self) -> Lang {
        Lang::from_form(&self.lang).unwrap_or_default()
    }

    /// The form as a browser posts it, by field name.
    pub fn from_fields(id: Option<i64>, field: impl Fn(&str) -> Option<String>) -> PageForm {
        let text = |name: &str| field(name).unwrap_or_default();
        PageForm {
            id,
            title: text(field::TITLE),
            slug: text(field::SLUG),
            body: text(field::BODY),
            published: field(field::PUBLISHED).is_some(),
            in_footer: field(field::IN_FOOTER).is_some(),
            lang: text(field::LANG),
        }
    }
}

/// What is wrong with the form, field by field (what the database must
/// say — a slug another page holds — is checked on saving).
pub fn validate_page(form: &PageForm) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let title = form.title.trim();
    if title.is_empty() {
        errors.insert(field::TITLE.into(), Refusal::TitleMissing);
    } else if title.chars().count() > TITLE_MAX_CHARS {
        errors.insert(field::TITLE.into(), Refusal::TitleTooLong);
    } else if has_control_characters(title, false) {
        errors.insert(field::TITLE.into(), Refusal::TitleControl);
    }
    let slug = form.slug.trim();
    if !slug.is_empty() {
        if !valid_slug(slug) {
            errors.insert(field::SLUG.into(), Refusal::SlugMalformed);
        } else if slug.chars().count() > super::articles::SLUG_MAX_CHARS {
            errors.insert(field::SLUG.into(), Refusal::SlugTooLong);
        } else if is_reserved(slug) {
            errors.insert(field::SLUG.into(), Refusal::SlugReserved);
        }
    }
    if Lang::from_form(&form.lang).is_none() {
        errors.insert(field::LANG.into(), Refusal::LangUnknown);
    }
    if form.body.chars().count() > BODY_MAX_CHARS {
        errors.insert(field::BODY.into(), Refusal::BodyTooLong);
    } else if has_control_characters(&form.body, true) {
        errors.insert(field::BODY.into(), Refusal::BodyControl);
    }
    errors
}

/// A page as readers see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageData {
    pub title: String,
    pub slug: String,
    /// Sanitised when saved.
    pub body_html: String,
    pub updated_at: i64,
    pub seo: super::reader::Seo,
}

/// A footer link to a page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLink {
    pub slug: String,
    pub title: String,
    pub lang: Lang,
}

/// A line of the workspace's list of pages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageLine {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub published: bool,
    pub in_footer: bool,
    pub updated_at: i64,
    pub lang: Lang,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PagesAdmin {
    pub user: CurrentUser,
    pub items: Vec<PageLine>,
}

/// The page form as the workspace shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageEditor {
    pub user: CurrentUser,
    pub form: PageForm,
    pub errors: FieldErrors,
    /// The reader's address, once published.
    pub public_url: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(title: &str, slug: &str) -> PageForm {
        PageForm {
            title: title.into(),
            slug: slug.into(),
            body: "Редакция Qalam работает в Алматы.".into(),
            published: true,
            in_footer: true,
            ..PageForm::default()
        }
    }

    #[test]
    fn a_page_may_not_take_a_path_the_site_owns() {
        assert!(validate_page(&form("О редакции", "o-redaktsii")).is_empty());
        assert!(
            validate_page(&form("О редакции", "")).is_empty(),
            "made from the title"
        );
        for taken in ["search", "admin", "news", "feed", "corrections"] {
            assert_eq!(
                validate_page(&form("Поиск", taken)).get(field::SLUG),
                Some(&Refusal::SlugReserved),
                "{taken}"
            );
        }
        assert_eq!(
            validate_page(&form("Контакты", "Контакты")).get(field::SLUG),
            Some(&Refusal::SlugMalformed)
        );
        assert_eq!(
            validate_page(&form("", "kontakty")).get(field::TITLE),
            Some(&Refusal::TitleMissing)
        );
    }

    #[test]
    fn the_posted_form_reads_its_checkboxes_by_presence() {
        let posted = PageForm::from_fields(Some(3), |name| match name {
            field::TITLE => Some("Контакты".into()),
            field::IN_FOOTER => Some("on".into()),
            _ => None,
        });
        assert_eq!(posted.id, Some(3));
        assert_eq!(posted.title, "Контакты");
        assert!(posted.in_footer);
        assert!(!posted.published);
    }
}
