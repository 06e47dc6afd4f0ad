//! The site's two editions, Russian and Kazakh, and where each lives.
//!
//! The language of a reader page comes from its path only: `/kk` and what
//! is under it is Kazakh, everything else Russian. Never from
//! `Accept-Language` or a cookie (Googlebot sends neither, and a cached
//! page must not depend on them).

use serde::{Deserialize, Serialize};

/// An edition's language; stored and sent as its code (`articles.lang`,
/// `?lang=kk`, islands' props). Through `String`, not a derived enum
/// visitor: the readers' bundle reads it with code it already has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Lang {
    #[default]
    Ru,
    Kk,
}

/// The Kazakh edition's path prefix; no static page may take its slug.
pub const KK_PREFIX: &str = "/kk";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::Kk];

    /// The ISO 639-1 code, as `<html lang>`, `hreflang` and the database
    /// write it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ru" => Some(Lang::Ru),
            "kk" => Some(Lang::Kk),
            _ => None,
        }
    }

    /// The edition a form's language field names: its code, trimmed; an
    /// empty field is the Russian edition. `None` for anything else.
    pub fn from_form(field: &str) -> Option<Lang> {
        match field.trim() {
            "" => Some(Lang::Ru),
            code => Lang::from_code(code),
        }
    }

    /// The edition a path belongs to: `/kk` and `/kk/…` are Kazakh.
    pub fn of_path(path: &str) -> Lang {
        match path.strip_prefix(KK_PREFIX) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') || rest.starts_with('?') => {
                Lang::Kk
            }
            _ => Lang::Ru,
        }
    }

    /// What the edition's paths start with: "" or "/kk".
    pub fn prefix(self) -> &'static str {
        match self {
            Lang::Ru => "",
            Lang::Kk => KK_PREFIX,
        }
    }

    /// `path` (starting with '/') in this edition: "/news/x" → "/kk/news/x";
    /// the home page "/" → "/kk".
    pub fn path(self, path: &str) -> String {
        match (self, path) {
            (Lang::Ru, _) => path.to_string(),
            (Lang::Kk, "/") => KK_PREFIX.to_string(),
            (Lang::Kk, _) => format!("{KK_PREFIX}{path}"),
        }
    }

    /// The edition's home page.
    pub fn home(self) -> String {
        self.path("/")
    }

    /// An article's address in this edition.
    pub fn article_path(self, slug: &str) -> String {
        self.path(&format!("/news/{slug}"))
    }

    /// The edition and slug of an article's address: "/kk/news/x" →
    /// (Kk, "x"), "/news/x" → (Ru, "x"); the inverse of
    /// [`Lang::article_path`]. The slug is not checked.
    pub fn of_article_path(path: &str) -> Option<(Lang, &str)> {
        let (lang, rest) = match path.strip_prefix(KK_PREFIX) {
            Some(rest) => (Lang::Kk, rest),
            None => (Lang::Ru, path),
        };
        rest.strip_prefix("/news/").map(|slug| (lang, slug))
    }

    /// A category's address in this edition.
    pub fn category_path(self, slug: &str) -> String {
        self.path(&format!("/category/{slug}"))
    }

    /// The other edition (the language switch).
    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::Kk,
            Lang::Kk => Lang::Ru,
        }
    }

    /// Open Graph's locale (`og:locale`).
    pub fn og_locale(self) -> &'static str {
        match self {
            Lang::Ru => "ru_RU",
            Lang::Kk => "kk_KZ",
        }
    }
}

impl From<Lang> for &'static str {
    fn from(lang: Lang) -> &'static str {
        lang.code()
    }
}

/// A stored or sent code (`articles.lang`, `?lang=`), for
/// `#[sqlx(try_from = "String")]` and serde.
impl TryFrom<String> for Lang {
    type Error = String;

    fn try_from(code: String) -> Result<Lang, String> {
        Lang::from_code(&code).ok_or_else(|| format!("no edition {code:?}"))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_alone_says_the_edition() {
        for path in [
            "/kk",
            "/kk/",
            "/kk/news/x",
            "/kk?page=2",
            "/kk/category/sayasat",
        ] {
            assert_eq!(Lang::of_path(path), Lang::Kk, "{path}");
        }
        for path in ["/", "/news/kk", "/kkk", "/kk-novosti", "/category/kk", ""] {
            assert_eq!(Lang::of_path(path), Lang::Ru, "{path}");
        }
    }

    #[test]
    fn codes_travel_as_strings() {
        assert_eq!(serde_json::to_string(&Lang::Kk).unwrap(), r#""kk""#);
        assert_eq!(serde_json::from_str::<Lang>(r#""ru""#).unwrap(), Lang::Ru);
        assert!(serde_json::from_str::<Lang>(r#""en""#).is_err());
        assert!(serde_json::from_str::<Lang>("1").is_err());
    }

    #[test]
    fn addresses_per_edition() {
        assert_eq!(Lang::Ru.home(), "/");
        assert_eq!(Lang::Kk.home(), "/kk");
        assert_eq!(Lang::Kk.article_path("saylau"), "/kk/news/saylau");
        assert_eq!(Lang::Ru.category_path("politika"), "/category/politika");
        assert_eq!(Lang::Kk.category_path("sayasat"), "/kk/category/sayasat");
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(Lang::of_path(&lang.article_path("x")), lang);
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::from_code("en"), None);
    }

    #[test]
    fn a_form_names_an_edition_by_its_code_or_not_at_all() {
        assert_eq!(Lang::from_form(""), Some(Lang::Ru));
        assert_eq!(Lang::from_form(" kk\n"), Some(Lang::Kk));
        assert_eq!(Lang::from_form("ru"), Some(Lang::Ru));
        for bad in ["KK", "kz", "en", "kk;", "қаз"] {
            assert_eq!(Lang::from_form(bad), None, "{bad}");
        }
    }
}
