//! `qalam demo` (and `qalam serve --demo` on an empty database): the demo
//! newsroom, its categories, authors and articles, published through the
//! one publishing path (`app::server::articles::store`).
//!
//! Past 500 lines: the code is 370, the rest the tests that hold the demo
//! files (both editions) to their brief.

use anyhow::{bail, Context};
use app::db::{articles, authors, categories, editorial, live, Db};
use app::domain::lang::Lang;
use app::server::articles::corrections::append;
use app::server::articles::store::{publish, render_body, Edit, Story, StoryImage};
use app::server::media::{illustration, store_bytes};
use std::collections::HashMap;

/// The demo newsroom's categories: (slug, name) in Russian, then in
/// Kazakh.
pub const DEMO_CATEGORIES: [(&str, &str, &str, &str); 6] = [
    ("politika", "Политика", "sayasat", "Саясат"),
    ("ekonomika", "Экономика", "ekonomika", "Экономика"),
    ("obshchestvo", "Общество", "qogam", "Қоғам"),
    ("sport", "Спорт", "sport", "Спорт"),
    ("proisshestviya", "Происшествия", "oqigalar", "Оқиғалар"),
    ("tekhnologii", "Технологии", "tekhnologiya", "Технология"),
];

/// The demo newsroom's authors: (slug, name, short bio).
pub const DEMO_AUTHORS: [(&str, &str, &str); 5] = [
    (
        "aliya-seytova",
        "Әлия Сейітова",
        "Пишет о политике и государственном управлении.",
    ),
    (
        "nurlan-qasymov",
        "Нұрлан Қасымов",
        "Экономический обозреватель.",
    ),
    (
        "dauren-zhaqsylyqov",
        "Дәурен Жақсылықов",
        "Корреспондент отдела «Общество».",
    ),
    (
        "gulnar-otegenova",
        "Гүлнар Өтегенова",
        "Спортивный журналист.",
    ),
    (
        "erzhan-tursynbaev",
        "Ержан Тұрсынбаев",
        "Пишет о технологиях и происшествиях.",
    ),
];

/// The demo authors' bios on their Kazakh pages: (slug, bio).
const DEMO_AUTHOR_BIOS_KK: [(&str, &str); 5] = [
    (
        "aliya-seytova",
        "Саясат және мемлекеттік басқару туралы жазады.",
    ),
    ("nurlan-qasymov", "Экономикалық шолушы."),
    ("dauren-zhaqsylyqov", "«Қоғам» бөлімінің тілшісі."),
    ("gulnar-otegenova", "Спорт журналисі."),
    (
        "erzhan-tursynbaev",
        "Технология мен оқиғалар туралы жазады.",
    ),
];

/// Demo articles written for this project; see the file for its format.
pub const DEMO_ARTICLES: &str = include_str!("../../demo/articles.txt");
/// The Kazakh edition's, several of them translations of the Russian ones.
pub const DEMO_ARTICLES_KK: &str = include_str!("../../demo/articles-kk.txt");
/// The demo live story's updates; see the file for its format.
const DEMO_LIVE: &str = include_str!("../../demo/live.txt");
/// The Kazakh demo live story's updates, in the same format.
const DEMO_LIVE_KK: &str = include_str!("../../demo/live-kk.txt");

/// One article of the demo file, before it is published.
#[derive(Debug, PartialEq, Eq)]
pub struct DemoArticle<'a> {
    pub category: &'a str,
    pub author: &'a str,
    /// Seconds before "now" at which the article was published.
    pub age_seconds: i64,
    pub breaking: bool,
    /// A live story (its updates are in live.txt).
    pub live: bool,
    /// From an optional `tags: a, b` field of the header.
    pub tags: Vec<String>,
    /// `coauthors: slug, slug`: further authors of the byline.
    pub coauthors: Vec<&'a str>,
    /// `credit: Фото: …`: the credit line.
    pub credit_line: &'a str,
    /// `correction: …`: a correction note added after publication.
    pub correction: Option<&'a str>,
    /// `image: description ; caption ; credit`: a featured illustration.
    pub image: Option<[&'a str; 3]>,
    /// `translation: <title>`: the article (of the Russian demo) this one
    /// translates.
    pub translation: Option<&'a str>,
    pub title: &'a str,
    pub lead: &'a str,
    pub body: &'a str,
}

/// "35m", "3h", "2d5h" → seconds.
pub fn parse_age(text: &str) -> Option<i64> {
    let mut total = 0i64;
    let mut number = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            _ => return None,
        };
        total += number.parse::<i64>().ok()? * unit;
        number.clear();
    }
    (number.is_empty() && !text.trim().is_empty()).then_some(total)
}

/// Parses the demo file: blocks that start with
/// `===== category | author | age | [breaking] | [tags: a, b]`, then the title line, the
/// lead line, and the body in the editors' markup.
pub fn parse_demo(text: &str) -> anyhow::Result<Vec<DemoArticle<'_>>> {
    let mut articles = Vec::new();
    for (index, block) in text.split("\n===== ").skip(1).enumerate() {
        let (header, rest) = block.split_once('\n').context("a header without text")?;
        let fields: Vec<&str> = header.split('|').map(str::trim).collect();
        let [category, author, age, flags @ ..] = fields.as_slice() else {
            bail!("demo article {}: bad header {header:?}", index + 1);
        };
        let flag = |name: &str| {
            flags
                .iter()
                .find_map(|f| f.strip_prefix(name))
                .map(str::trim)
        };
        let mut lines = rest.splitn(3, '\n');
        let title = lines.next().unwrap_or("").trim();
        let lead = lines.next().unwrap_or("").trim();
        let body = lines.next().unwrap_or("").trim();
        if title.is_empty() || lead.is_empty() || body.is_empty() {
            bail!(
                "demo article {}: title, lead and body are all required",
                index + 1
            );
        }
        articles.push(DemoArticle {
            category,
            author,
            age_seconds: parse_age(age).with_context(|| format!("bad age {age:?}"))?,
            breaking: flags.contains(&"breaking"),
            live: flags.contains(&"live"),
            tags: flag("tags:")
                .map(app::domain::articles::split_tags)
                .unwrap_or_default(),
            coauthors: flag("coauthors:")
                .map(|list| list.split(',').map(str::trim).collect())
                .unwrap_or_default(),
            credit_line: flag("credit:").unwrap_or_default(),
            correction: flag("correction:"),
            translation: flag("translation:"),
            image: match flag("image:") {
                None => None,
                Some(parts) => match parts.split(';').map(str::trim).collect::<Vec<_>>()[..] {
                    [alt, caption, credit] if !alt.is_empty() => Some([alt, caption, credit]),
                    _ => bail!(
                        "demo article {}: image needs «description ; caption ; credit»",
                        index + 1
                    ),
                },
            },
            title,
            lead,
            body,
        });
    }
    Ok(articles)
}

/// The stored illustration number `seed`, made and stored the first time.
async fn illustration_id(
    db: &Db,
    made: &mut HashMap<u32, i64>,
    seed: u32,
    now: i64,
) -> anyhow::Result<i64> {
    if let Some(id) = made.get(&seed) {
        return Ok(*id);
    }
    let bytes = illustration(1600, 900, seed);
    let image = store_bytes(db, None, &bytes, now)
        .await
        .map_err(|error| anyhow::anyhow!("demo illustration: {error}"))?;
    made.insert(seed, image.id);
    Ok(image.id)
}

/// One update of the demo live story.
#[derive(Debug, PartialEq, Eq)]
pub struct DemoUpdate<'a> {
    pub age_seconds: i64,
    pub pinned: bool,
    pub headline: &'a str,
    pub body: &'a str,
}

/// Parses live.txt: blocks `--- age | [pinned] | [headline]`, then a body.
pub fn parse_live(text: &str) -> anyhow::Result<Vec<DemoUpdate<'_>>> {
    let mut updates = Vec::new();
    for block in text.split("\n--- ").skip(1) {
        let (header, body) = block.split_once('\n').context("an update without text")?;
        let mut fields = header.split('|').map(str::trim);
        let age = fields.next().unwrap_or("");
        let rest: Vec<&str> = fields.collect();
        updates.push(DemoUpdate {
            age_seconds: parse_age(age).with_context(|| format!("bad age {age:?}"))?,
            pinned: rest.contains(&"pinned"),
            headline: rest
                .iter()
                .copied()
                .find(|f| !f.is_empty() && *f != "pinned")
                .unwrap_or(""),
            body: body.trim(),
        });
    }
    Ok(updates)
}

/// The live story `slug` goes live at `started` with the demo updates
/// `updates` (live.txt's format).
async fn add_demo_coverage(
    db: &Db,
    lang: Lang,
    slug: &str,
    started: i64,
    now: i64,
    updates: &str,
) -> anyhow::Result<()> {
    let id = articles::id_by_slug(db, lang, slug)
        .await?
        .context("the demo live story just published")?;
    let row = editorial::by_id(db, id)
        .await?
        .context("the demo live story just published")?;
    live::start(db, id, started).await?;
    for update in parse_live(updates)? {
        let html = render_body(db, update.body).await?;
        let content = live::UpdateContent {
            headline: update.headline,
            body: update.body,
            body_html: &html,
            pinned: update.pinned,
            important: false,
        };
        live::insert(
            db,
            id,
            &content,
            row.author_id,
            None,
            now - update.age_seconds,
        )
        .await?;
    }
    Ok(())
}

async fn add_demo_correction(
    db: &Db,
    lang: Lang,
    slug: &str,
    note: &str,
    at: i64,
) -> anyhow::Result<()> {
    let id = articles::id_by_slug(db, lang, slug)
        .await?
        .context("the demo article just published")?;
    let row = editorial::by_id(db, id)
        .await?
        .context("the demo article just published")?;
    let edit = Edit::correcting(None, at, note);
    append(db, row, edit)
        .await
        .map_err(|error| anyhow::anyhow!("demo correction: {error}"))
}

/// Fills an empty database with the demo newsroom. Refuses a database that
/// already has articles, so it can never mix demo text into a real site.
pub async fn load_demo(db: &Db, now: i64) -> anyhow::Result<usize> {
    let existing = articles::count(db).await?;
    if existing > 0 {
        bail!(
            "the database already has {existing} articles; demo content only goes into an empty database"
        );
    }
    let demo = parse_demo(DEMO_ARTICLES)?;
    let demo_kk = parse_demo(DEMO_ARTICLES_KK)?;
    let known = categories::list(db).await?;
    for (position, (slug, name, slug_kk, name_kk)) in DEMO_CATEGORIES.iter().enumerate() {
        let id = match known.iter().find(|c| c.slug == *slug) {
            Some(category) => category.id,
            None => categories::insert(db, slug, name, position as i64).await?,
        };
        categories::name_in_kazakh(db, id, name_kk, Some(slug_kk)).await?;
    }
    for (slug, name, bio) in DEMO_AUTHORS {
        let id = match authors::by_slug(db, slug).await? {
            Some(author) => author.id,
            None => authors::insert(db, slug, name, bio).await?,
        };
        if let Some((_, bio_kk)) = DEMO_AUTHOR_BIOS_KK.iter().find(|(s, _)| s == &slug) {
            authors::set_profile(db, id, bio, bio_kk, None).await?;
        }
    }
    // Illustrations by number: `demo-image:N` in a body, and one per
    // article with an `image:` flag.
    let mut illustrations: HashMap<u32, i64> = HashMap::new();
    // The Russian articles' ids by title, for the translations.
    let mut by_title: HashMap<&str, i64> = HashMap::new();
    for (index, article) in demo.iter().enumerate() {
        let id = publish_demo(
            db,
            article,
            Lang::Ru,
            index,
            &mut illustrations,
            now,
            DEMO_LIVE,
        )
        .await?;
        by_title.insert(article.title, id);
    }
    for (index, article) in demo_kk.iter().enumerate() {
        let number = demo.len() + index;
        let id = publish_demo(
            db,
            article,
            Lang::Kk,
            number,
            &mut illustrations,
            now,
            DEMO_LIVE_KK,
        )
        .await?;
        let original = match article.translation {
            Some(title) => Some(
                *by_title
                    .get(title)
                    .with_context(|| format!("no Russian demo article {title:?}"))?,
            ),
            None => None,
        };
        articles::set_edition(db, id, Lang::Kk, original).await?;
    }
    Ok(demo.len() + demo_kk.len())
}

/// Publishes one demo article (number `index` of the demo) in `lang`'s
/// edition, a live story with `live_updates` if it is one; returns its id.
async fn publish_demo(
    db: &Db,
    article: &DemoArticle<'_>,
    lang: Lang,
    index: usize,
    illustrations: &mut HashMap<u32, i64>,
    now: i64,
    live_updates: &str,
) -> anyhow::Result<i64> {
    {
        let featured = match article.image {
            Some([alt, caption, credit]) => {
                let id = illustration_id(db, illustrations, 100 + index as u32, now).await?;
                Some(StoryImage {
                    id,
                    alt,
                    caption,
                    credit,
                })
            }
            None => None,
        };
        // `demo-image:N` → `/media/{id}`, without byte offsets.
        let mut body = String::with_capacity(article.body.len());
        let mut rest = article.body;
        while let Some((before, after)) = rest.split_once("demo-image:") {
            let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
            let seed: u32 = digits.parse().context("demo-image:N needs a number")?;
            let id = illustration_id(db, illustrations, seed, now).await?;
            body.push_str(before);
            body.push_str(&format!("/media/{id}"));
            rest = after.trim_start_matches(|c: char| c.is_ascii_digit());
        }
        body.push_str(rest);
        let story = Story {
            title: article.title,
            lead: article.lead,
            body: &body,
            category_slug: article.category,
            author_slug: Some(article.author),
            breaking: article.breaking,
            published_at: now - article.age_seconds,
            tags: &article.tags,
            coauthor_slugs: &article.coauthors,
            credit_line: article.credit_line,
            image: featured,
            lang,
            // The demo's articles stay on the site, whatever channels the
            // environment names.
            quiet: true,
        };
        let slug = publish(db, &story, now)
            .await
            .with_context(|| format!("demo article {:?}", article.title))?;
        if article.live {
            let started = now - article.age_seconds;
            add_demo_coverage(db, lang, &slug, started, now, live_updates).await?;
        }
        if let Some(note) = article.correction {
            // Added half-way between publication and now.
            let at = now - article.age_seconds / 2;
            add_demo_correction(db, lang, &slug, note, at).await?;
        }
        articles::id_by_slug(db, lang, &slug)
            .await?
            .context("the demo article just published")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::server::markup::embeds::{recognise, Embed};

    #[test]
    fn ages() {
        assert_eq!(parse_age("35m"), Some(35 * 60));
        assert_eq!(parse_age("3h"), Some(3 * 3600));
        assert_eq!(parse_age("2d5h"), Some(2 * 86_400 + 5 * 3600));
        assert_eq!(parse_age("0m"), Some(0));
        for bad in ["", "5", "h", "3x", "-3h"] {
            assert_eq!(parse_age(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_demo_live_story_has_a_dozen_updates_one_pinned() {
        let updates = parse_live(DEMO_LIVE).expect("live.txt parses");
        assert!(updates.len() >= 12, "{} updates", updates.len());
        assert_eq!(updates.iter().filter(|u| u.pinned).count(), 1);
        assert!(updates.iter().all(|u| !u.body.is_empty()));
        assert_eq!(updates[3].headline, "Явка к 10:00");
        let demo = parse_demo(DEMO_ARTICLES).expect("the demo file parses");
        let live: Vec<_> = demo.iter().filter(|a| a.live).collect();
        assert_eq!(live.len(), 1);
        assert!(
            updates.iter().all(|u| u.age_seconds < live[0].age_seconds),
            "every update after the story went live"
        );
        assert!(
            demo.iter().any(|a| a.breaking && a.age_seconds < 3600),
            "a breaking story from the last hour"
        );
    }

    #[test]
    fn the_kazakh_demo_is_an_edition_with_translations() {
        let russian = parse_demo(DEMO_ARTICLES).expect("the demo file parses");
        let kazakh = parse_demo(DEMO_ARTICLES_KK).expect("the Kazakh demo file parses");
        assert!(kazakh.len() >= 20, "only {} Kazakh articles", kazakh.len());
        assert!(kazakh.iter().any(|a| a.breaking), "a breaking story");
        let live: Vec<_> = kazakh.iter().filter(|a| a.live).collect();
        assert_eq!(live.len(), 1, "one Kazakh live story");
        let updates = parse_live(DEMO_LIVE_KK).expect("live-kk.txt parses");
        assert!(updates.len() >= 8, "{} Kazakh updates", updates.len());
        assert_eq!(updates.iter().filter(|u| u.pinned).count(), 1);
        assert!(updates
            .iter()
            .all(|u| u.age_seconds < live[0].age_seconds && !u.body.is_empty()));
        let translations: Vec<&str> = kazakh.iter().filter_map(|a| a.translation).collect();
        assert!(translations.len() >= 4);
        for title in translations {
            assert!(
                russian.iter().any(|a| a.title == title),
                "no Russian article {title:?}"
            );
        }
        for a in &kazakh {
            assert!(DEMO_CATEGORIES.iter().any(|(s, ..)| *s == a.category));
        }
    }

    #[test]
    fn the_demo_file_meets_the_brief() {
        let demo = parse_demo(DEMO_ARTICLES).expect("the demo file parses");
        assert!(demo.len() >= 60, "only {} demo articles", demo.len());
        for (slug, ..) in DEMO_CATEGORIES {
            let n = demo.iter().filter(|a| a.category == slug).count();
            assert!(n >= 5, "category {slug} has {n} articles");
        }
        for (slug, _, _) in DEMO_AUTHORS {
            assert!(
                demo.iter().any(|a| a.author == slug),
                "author {slug} wrote nothing"
            );
        }
        for a in &demo {
            assert!(
                DEMO_CATEGORIES.iter().any(|(s, ..)| *s == a.category),
                "{}",
                a.category
            );
            assert!(
                DEMO_AUTHORS.iter().any(|(s, _, _)| *s == a.author),
                "{}",
                a.author
            );
            assert!(
                a.age_seconds <= 10 * 86_400,
                "{} is older than 10 days",
                a.title
            );
        }
        assert!(demo.iter().filter(|a| a.age_seconds < 3600).count() >= 3);
        let kazakh = |t: &str| t.chars().any(|c| "әғқңөұүһіӘҒҚҢӨҰҮҺІ".contains(c));
        assert!(
            demo.iter()
                .filter(|a| kazakh(a.body) || kazakh(a.title))
                .count()
                >= 10
        );
        assert!(
            demo.iter().any(|a| a.body.contains("\n> ")),
            "no quote blocks"
        );
        assert!(
            demo.iter().any(|a| a.body.contains("\n## ")),
            "no subheadings"
        );
        assert!(demo.iter().any(|a| a.body.contains("](http")), "no links");
        // The newsroom's craft, each at least once.
        assert!(
            demo.iter().any(|a| !a.coauthors.is_empty()),
            "no co-authors"
        );
        assert!(
            demo.iter().any(|a| !a.credit_line.is_empty()),
            "no credit line"
        );
        assert!(demo.iter().any(|a| a.correction.is_some()), "no correction");
        assert!(
            demo.iter().any(|a| a
                .image
                .is_some_and(|[_, caption, credit]| { !caption.is_empty() && !credit.is_empty() })),
            "no featured image with caption and credit"
        );
        assert!(
            demo.iter().any(|a| a.body.contains("](demo-image:")),
            "no inline image"
        );
        let embeds = |a: &DemoArticle<'_>, kind: fn(&Embed) -> bool| {
            a.body
                .lines()
                .any(|line| recognise(line).is_some_and(|e| kind(&e)))
        };
        assert!(demo
            .iter()
            .any(|a| embeds(a, |e| matches!(e, Embed::YouTube { .. }))));
        assert!(demo
            .iter()
            .any(|a| embeds(a, |e| matches!(e, Embed::Telegram { .. }))));
        assert!(demo.iter().any(|a| a.body.contains("|--")), "no table");
        for a in &demo {
            for slug in &a.coauthors {
                assert!(DEMO_AUTHORS.iter().any(|(s, _, _)| s == slug), "{slug}");
            }
        }
    }
}
