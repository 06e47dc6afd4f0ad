//! The small decisions of a WordPress import: which of our statuses a
//! post gets, which dates it keeps, which address, and how WordPress's
//! percent-encoded slugs read.

use crate::domain::articles::{valid_slug, Status, SLUG_MAX_CHARS};
use crate::text::time::{parse_almaty_input, ALMATY_OFFSET_SECONDS};
use crate::text::url::decode_bytes;
use crate::text::{excerpt, slugify};

/// What becomes of a WordPress item, by its type and status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// An article with this status.
    Article(Status),
    /// A static page; `true` when published.
    Page(bool),
    /// Not imported, for the reason given.
    Skipped(&'static str),
}

/// Posts: publish → published, future → scheduled, draft → draft,
/// pending → review, private → draft (we have no private articles); a
/// password-protected post becomes a draft, so nothing meant for few goes
/// public. Trash, auto-drafts and revisions are skipped; pages likewise.
pub fn fate(post_type: &str, status: &str, password: &str) -> Fate {
    let protected = !password.is_empty();
    match post_type {
        "post" => match status {
            "publish" if protected => Fate::Article(Status::Draft),
            "publish" => Fate::Article(Status::Published),
            "future" if protected => Fate::Article(Status::Draft),
            "future" => Fate::Article(Status::Scheduled),
            "draft" | "private" => Fate::Article(Status::Draft),
            "pending" => Fate::Article(Status::Review),
            "trash" => Fate::Skipped("в корзине"),
            "auto-draft" => Fate::Skipped("автосохранение"),
            _ => Fate::Skipped("неизвестный статус"),
        },
        "page" => match status {
            "publish" => Fate::Page(!protected),
            "draft" | "private" | "pending" | "future" => Fate::Page(false),
            "trash" => Fate::Skipped("в корзине"),
            "auto-draft" => Fate::Skipped("автосохранение"),
            _ => Fate::Skipped("неизвестный статус"),
        },
        "nav_menu_item" => Fate::Skipped("пункт меню"),
        "attachment" => Fate::Skipped("вложение"),
        "revision" => Fate::Skipped("редакция записи"),
        _ => Fate::Skipped("тип записи, которого нет в Qalam"),
    }
}

/// A WordPress date ("2026-11-24 09:05:00"): the GMT one when it is set,
/// else the local one read in the site's time zone (Asia/Almaty). Drafts
/// carry `0000-00-00 00:00:00` as their GMT date.
pub fn date(gmt: &str, local: &str) -> Option<i64> {
    parse_almaty_input(gmt)
        .map(|almaty| almaty + i64::from(ALMATY_OFFSET_SECONDS))
        .or_else(|| parse_almaty_input(local))
}

/// A WordPress slug as text: percent-decoded (Cyrillic slugs are stored
/// encoded, and cut at 200 encoded characters, so the last letter may be
/// half there: it is dropped).
pub fn decode_slug(slug: &str) -> String {
    String::from_utf8_lossy(&decode_bytes(slug))
        .replace('\u{FFFD}', "")
        .trim()
        .to_string()
}

/// Our address for a WordPress slug: kept when it is already a clean
/// Latin slug, else made from the decoded slug with our transliteration,
/// else from the title (drafts have no slug). Never empty.
pub fn our_slug(wp_slug: &str, title: &str) -> String {
    let decoded = decode_slug(wp_slug);
    let decoded = decoded
        .strip_suffix("__trashed")
        .unwrap_or(&decoded)
        .to_string();
    if valid_slug(&decoded) && decoded.chars().count() <= SLUG_MAX_CHARS {
        return decoded;
    }
    let from_slug = slugify(&decoded);
    if !from_slug.is_empty() {
        return from_slug;
    }
    match slugify(title) {
        slug if slug.is_empty() => "material".to_string(),
        slug => slug,
    }
}

/// A category's or tag's address: WordPress's slug when it is clean
/// Latin, else made from the name with our transliteration (the name is
/// what the newsroom chose; a Cyrillic slug was only WordPress's copy of it).
pub fn term_slug(wp_slug: &str, name: &str) -> String {
    let decoded = decode_slug(wp_slug);
    if valid_slug(&decoded) && decoded.chars().count() <= SLUG_MAX_CHARS {
        return decoded;
    }
    match slugify(name) {
        slug if slug.is_empty() => our_slug(wp_slug, name),
        slug => slug,
    }
}

/// The lead: the excerpt when the post has one, else its first paragraph,
/// cut at a word to what our form allows.
pub fn lead(excerpt_text: &str, first_paragraph: &str) -> String {
    let source = if excerpt_text.trim().is_empty() {
        first_paragraph
    } else {
        excerpt_text
    };
    excerpt(source.trim(), crate::domain::articles::LEAD_MAX_CHARS)
}

/// The post's search title from Yoast SEO (`_yoast_wpseo_title`) or Rank
/// Math (`rank_math_title`), as our «Заголовок для поиска»: their
/// variables filled in (`%%title%%`, `%title%`) or dropped (the site's
/// name and the separator: our pages add « — Qalam» themselves), cut at a
/// word to what our form allows. "" when nothing is left, or when it says
/// no more than the headline (then a later headline change shows too).
pub fn seo_title(template: &str, title: &str, lead: &str) -> String {
    let filled = fill_seo_template(template, title, lead);
    if filled == title.trim() {
        return String::new();
    }
    excerpt(&filled, crate::domain::articles::SEO_TITLE_MAX_CHARS)
}

/// The search description (`_yoast_wpseo_metadesc`,
/// `rank_math_description`) likewise; "" when it is the lead itself.
pub fn seo_description(template: &str, title: &str, lead: &str) -> String {
    let filled = fill_seo_template(template, title, lead);
    if filled == lead.trim() {
        return String::new();
    }
    excerpt(&filled, crate::domain::articles::SEO_DESCRIPTION_MAX_CHARS)
}

/// Yoast's `%%name%%` and Rank Math's `%name%` (or `%name(args)%`): the
/// headline and the excerpt are filled in, every other variable goes, and
/// so do separators left at either end. A percent sign in text ("на 5%")
/// is no variable: names are lowercase Latin letters and underscores.
fn fill_seo_template(template: &str, title: &str, lead: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    // No byte offsets: the text is Cyrillic, and every cut is at a '%'.
    while let Some((text, after_sign)) = rest.split_once('%') {
        out.push_str(text);
        match seo_variable(after_sign) {
            Some((name, after_variable)) => {
                match name {
                    "title" => out.push_str(title.trim()),
                    "excerpt" | "excerpt_only" => out.push_str(lead.trim()),
                    _ => {}
                }
                rest = after_variable;
            }
            None => {
                out.push('%');
                rest = after_sign;
            }
        }
    }
    out.push_str(rest);
    let words = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let separator = |c: char| c.is_whitespace() || "-–—|•·»«:/~*".contains(c);
    words.trim_matches(separator).to_string()
}

/// A variable whose first '%' has just been read: `%name%` or `%%name%%`
/// (so `text` starts with the name or with the second '%'), with `(args)`
/// allowed before the closing sign. Its name and the text after it.
fn seo_variable(text: &str) -> Option<(&str, &str)> {
    let (inner, close) = match text.strip_prefix('%') {
        Some(inner) => (inner, "%%"),
        None => (text, "%"),
    };
    let name_end = inner
        .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
        .unwrap_or(inner.len());
    let (name, mut rest) = inner.split_at(name_end);
    if name.is_empty() {
        return None;
    }
    if let Some(arguments) = rest.strip_prefix('(') {
        rest = arguments.split_once(')')?.1;
    }
    Some((name, rest.strip_prefix(close)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_map_and_protected_posts_stay_unpublished() {
        assert_eq!(
            fate("post", "publish", ""),
            Fate::Article(Status::Published)
        );
        assert_eq!(fate("post", "future", ""), Fate::Article(Status::Scheduled));
        assert_eq!(fate("post", "draft", ""), Fate::Article(Status::Draft));
        assert_eq!(fate("post", "pending", ""), Fate::Article(Status::Review));
        assert_eq!(fate("post", "private", ""), Fate::Article(Status::Draft));
        assert_eq!(
            fate("post", "publish", "секрет"),
            Fate::Article(Status::Draft)
        );
        assert!(matches!(fate("post", "trash", ""), Fate::Skipped(_)));
        assert!(matches!(
            fate("nav_menu_item", "publish", ""),
            Fate::Skipped(_)
        ));
        assert!(matches!(
            fate("attachment", "inherit", ""),
            Fate::Skipped(_)
        ));
        assert_eq!(fate("page", "publish", ""), Fate::Page(true));
        assert_eq!(fate("page", "draft", ""), Fate::Page(false));
    }

    #[test]
    fn dates_take_gmt_else_the_local_time_in_almaty() {
        // 14:05 in Almaty (UTC+5) is 09:05 UTC.
        let utc = date("2026-11-24 09:05:00", "2026-11-24 14:05:00");
        assert_eq!(utc, Some(1_795_511_100));
        assert_eq!(date("0000-00-00 00:00:00", "2026-11-24 14:05:00"), utc);
        assert_eq!(date("", "2026-11-24 14:05:00"), utc);
        // The last day of February in a leap year, just before midnight.
        assert_eq!(
            date("2028-02-29 18:59:00", ""),
            date("", "2028-02-29 23:59:00")
        );
        assert_eq!(date("0000-00-00 00:00:00", "0000-00-00 00:00:00"), None);
        assert_eq!(date("вчера", ""), None);
    }

    #[test]
    fn slugs_are_decoded_kept_when_latin_and_transliterated_otherwise() {
        assert_eq!(
            decode_slug("%d0%b0%d0%ba%d0%b8%d0%bc-%d0%b0%d0%bb%d0%bc%d0%b0%d1%82%d1%8b"),
            "аким-алматы"
        );
        // Cut in the middle of a letter (200 encoded characters).
        assert_eq!(decode_slug("%d0%b0%d0"), "а");
        assert_eq!(our_slug("hello-world", "Привет"), "hello-world");
        assert_eq!(
            our_slug(
                "%d0%b0%d0%ba%d0%b8%d0%bc-%d0%b0%d0%bb%d0%bc%d0%b0%d1%82%d1%8b",
                ""
            ),
            "akim-almaty"
        );
        assert_eq!(our_slug("%d2%9b%d0%b0%d0%b7%d0%b0%d2%9b", ""), "qazaq");
        assert_eq!(our_slug("Hello_World", ""), "hello-world");
        assert_eq!(our_slug("", "Аким Алматы"), "akim-almaty");
        assert_eq!(our_slug("", ""), "material");
        assert_eq!(our_slug("old-post__trashed", ""), "old-post");
    }

    #[test]
    fn category_addresses_come_from_the_name_unless_the_slug_is_clean_latin() {
        assert_eq!(term_slug("sport", "Спорт"), "sport");
        assert_eq!(
            term_slug("%d0%bf%d0%be%d0%bb%d0%b8%d1%82", "Политика"),
            "politika"
        );
        assert_eq!(
            term_slug("Novosti_Regionov", "Новости регионов"),
            "novosti-regionov"
        );
        assert_eq!(term_slug("%d0%bf", ""), "p");
    }

    #[test]
    fn the_lead_is_the_excerpt_or_the_first_paragraph_within_the_limit() {
        assert_eq!(lead("Кратко.", "Первый абзац."), "Кратко.");
        assert_eq!(lead("  ", "Первый абзац."), "Первый абзац.");
        let long = "слово ".repeat(200);
        let cut = lead("", &long);
        assert!(cut.chars().count() <= crate::domain::articles::LEAD_MAX_CHARS + 1);
        assert!(cut.ends_with('…'), "{cut}");
    }

    /// A post's headline and lead, for the SEO plugins' templates.
    const SEO_POST: (&str, &str) = (
        "Аким Алматы встретился с жителями",
        "Разговор шёл о дорогах.",
    );

    #[test]
    fn yoast_and_rank_math_titles_fill_the_headline_and_drop_the_site_name() {
        let (title, lead) = SEO_POST;
        // Yoast's default, and Rank Math's: nothing beyond the headline.
        assert_eq!(seo_title("%%title%% %%sep%% %%sitename%%", title, lead), "");
        assert_eq!(seo_title("%title% %sep% %sitename%", title, lead), "");
        assert_eq!(
            seo_title("%%sitename%% | %%title%% %%page%%", title, lead),
            ""
        );
        assert_eq!(
            seo_title(
                "%%title%%: главное за день %%sep%% %%sitename%%",
                title,
                lead
            ),
            "Аким Алматы встретился с жителями: главное за день"
        );
        assert_eq!(
            seo_title("Встреча акима с жителями Алматы", title, lead),
            "Встреча акима с жителями Алматы"
        );
        // Percent signs in text stay; unknown variables with arguments go.
        assert_eq!(
            seo_title(
                "Инфляция 8,5% за год — %currentyear% %customfield(x)%",
                title,
                lead
            ),
            "Инфляция 8,5% за год"
        );
        assert_eq!(seo_title("рост на 5% и 7%", title, lead), "рост на 5% и 7%");
        assert_eq!(seo_title("100%%", title, lead), "100%%");
        // Letters of two bytes beside the signs cut nothing in half.
        for text in [
            "%қала%",
            "%%әкім",
            "%a(қала)% ұ",
            "%a(қала",
            "ө%",
            "%%ө%%",
            "%%title%ө",
        ] {
            seo_title(text, title, lead);
        }
        assert_eq!(seo_title("%a(қала)% Ұлытау %%", title, lead), "Ұлытау %%");
        assert_eq!(
            seo_title("%%title%ө", title, lead),
            "%Аким Алматы встретился с жителямиө"
        );
        // Cut at a word to the form's limit.
        let long = "слово ".repeat(40);
        let cut = seo_title(&long, title, lead);
        assert!(cut.chars().count() <= crate::domain::articles::SEO_TITLE_MAX_CHARS);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn a_description_that_is_the_lead_is_left_to_the_lead() {
        let (title, lead) = SEO_POST;
        assert_eq!(seo_description("%%excerpt%%", title, lead), "");
        assert_eq!(seo_description("", title, lead), "");
        assert_eq!(
            seo_description("%%title%%. Что обещал аким.", title, lead),
            "Аким Алматы встретился с жителями. Что обещал аким."
        );
        assert_eq!(
            seo_description("Қала әкімі тұрғындармен кездесті.", title, lead),
            "Қала әкімі тұрғындармен кездесті."
        );
    }
}
