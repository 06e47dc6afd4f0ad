//! A bilingual WordPress run with Polylang, as its export holds it
//! (Polylang's documented model; WPML keeps its own tables, which an
//! export does not carry):
//!
//! - every language is a term of the `language` taxonomy: slug ("kk"),
//!   name ("Қазақша"), and a PHP-serialized array in its description
//!   whose `locale` is e.g. "kk" or "kk_KZ";
//! - a post's language is its `<category domain="language" nicename="kk">`;
//! - a translation group is a term of `post_translations` whose
//!   description is a PHP-serialized array, language slug → post id
//!   (`a:2:{s:2:"ru";i:12;s:2:"kk";i:15;}`); its members also carry it as
//!   `<category domain="post_translations">`;
//! - categories are one term per language, grouped likewise by a
//!   `term_translations` term (language slug → term id).
//!
//! Only the two editions Qalam has are read: a post in another language
//! is not imported (`import/scan.rs` says so in the summary).

use crate::domain::lang::Lang;

/// The taxonomies Polylang adds.
pub const LANGUAGE: &str = "language";
pub const POST_TRANSLATIONS: &str = "post_translations";
pub const TERM_TRANSLATIONS: &str = "term_translations";

/// The pairs of a flat PHP-serialized array (`serialize()` of a PHP
/// array of scalars): keys and values as text, in order. `None` for
/// anything else, nested arrays included; lengths are PHP's, in bytes.
pub fn unserialize_flat_array(text: &str) -> Option<Vec<(String, String)>> {
    let mut rest = text.trim().strip_prefix("a:")?;
    let (count, after) = rest.split_once(":{")?;
    let count: usize = count.parse().ok()?;
    rest = after;
    let mut pairs = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        let (key, after) = scalar(rest)?;
        let (value, after) = scalar(after)?;
        pairs.push((key, value));
        rest = after;
    }
    (rest.trim() == "}").then_some(pairs)
}

/// One serialized scalar at the start of `text`, and what follows it.
fn scalar(text: &str) -> Option<(String, &str)> {
    if let Some(rest) = text.strip_prefix("s:") {
        let (length, rest) = rest.split_once(":\"")?;
        let length: usize = length.parse().ok()?;
        let value = rest.get(..length)?;
        let rest = rest.get(length..)?.strip_prefix("\";")?;
        return Some((value.to_string(), rest));
    }
    if let Some(rest) = text.strip_prefix("N;") {
        return Some((String::new(), rest));
    }
    let (kind, rest) = text.split_once(':')?;
    let (value, rest) = rest.split_once(';')?;
    let valid = match kind {
        "i" | "b" => value.parse::<i64>().is_ok(),
        "d" => value.parse::<f64>().is_ok(),
        _ => false,
    };
    valid.then(|| (value.to_string(), rest))
}

/// The edition of Polylang language `slug` with the serialized
/// `description`: by its locale ("kk", "kk_KZ", "ru_RU"), else by its
/// slug ("kk", "kz", "ru"). `None` for any other language.
pub fn edition_of_language(slug: &str, description: &str) -> Option<Lang> {
    let locale = unserialize_flat_array(description)
        .and_then(|pairs| pairs.into_iter().find(|(key, _)| key == "locale"))
        .map(|(_, locale)| locale);
    let language = match &locale {
        Some(locale) => locale.split(['_', '-']).next().unwrap_or_default(),
        None => slug,
    };
    match language.to_ascii_lowercase().as_str() {
        "kk" | "kz" => Some(Lang::Kk),
        "ru" => Some(Lang::Ru),
        _ => None,
    }
}

/// A translation group's members from its term's description: (language
/// slug, WordPress id of the post or term). Entries that are not ids are
/// left out.
pub fn group_members(description: &str) -> Vec<(String, i64)> {
    unserialize_flat_array(description)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(language, id)| Some((language, id.parse().ok().filter(|id| *id > 0)?)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flat_arrays_read_as_php_wrote_them() {
        assert_eq!(
            unserialize_flat_array(r#"a:2:{s:2:"ru";i:12;s:2:"kk";i:15;}"#),
            Some(vec![("ru".into(), "12".into()), ("kk".into(), "15".into())])
        );
        // String lengths are in bytes: "Қазақша" is 14 of them.
        assert_eq!(
            unserialize_flat_array(
                r#"a:4:{s:6:"locale";s:5:"kk_KZ";s:3:"rtl";i:0;s:4:"name";s:14:"Қазақша";i:7;b:1;}"#
            ),
            Some(vec![
                ("locale".into(), "kk_KZ".into()),
                ("rtl".into(), "0".into()),
                ("name".into(), "Қазақша".into()),
                ("7".into(), "1".into()),
            ])
        );
        assert_eq!(unserialize_flat_array("a:0:{}"), Some(vec![]));
        for bad in [
            "",
            "not php",
            r#"a:2:{s:2:"ru";i:12;}"#,
            r#"a:1:{s:3:"ru";i:12;}"#,
            r#"a:1:{s:7:"Қазақша";i:1;}"#,
            r#"a:1:{s:2:"ru";a:1:{i:0;i:1;}}"#,
            r#"a:1:{s:2:"ru";i:x;}"#,
            r#"a:1:{s:2:"ru";i:12;} trailing"#,
            r#"O:8:"stdClass":0:{}"#,
            r#"a:99999999999999999999:{}"#,
        ] {
            assert_eq!(unserialize_flat_array(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_language_is_an_edition_by_locale_then_slug() {
        let described = |locale: &str| {
            format!(
                r#"a:3:{{s:6:"locale";s:{}:"{locale}";s:3:"rtl";i:0;s:9:"flag_code";s:2:"kz";}}"#,
                locale.len()
            )
        };
        assert_eq!(edition_of_language("kz", &described("kk")), Some(Lang::Kk));
        assert_eq!(
            edition_of_language("qaz", &described("kk_KZ")),
            Some(Lang::Kk)
        );
        assert_eq!(
            edition_of_language("rus", &described("ru_RU")),
            Some(Lang::Ru)
        );
        assert_eq!(edition_of_language("en", &described("en_US")), None);
        assert_eq!(edition_of_language("kk", ""), Some(Lang::Kk));
        assert_eq!(edition_of_language("KZ", "garbage"), Some(Lang::Kk));
        assert_eq!(edition_of_language("ru", ""), Some(Lang::Ru));
        assert_eq!(edition_of_language("uz", ""), None);
    }

    #[test]
    fn a_group_lists_its_members_ids() {
        assert_eq!(
            group_members(r#"a:3:{s:2:"ru";i:12;s:2:"kk";i:15;s:2:"en";s:1:"x";}"#),
            vec![("ru".to_string(), 12), ("kk".to_string(), 15)]
        );
        assert!(group_members("").is_empty());
        assert!(group_members(r#"a:1:{s:2:"ru";i:0;}"#).is_empty());
    }
}
