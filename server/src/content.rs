//! Commands that fill a database: demo content for a new site, and
//! generated articles for benchmarks.

use anyhow::{bail, Context};
use app::content::{publish, Story};
use app::db::{articles, authors, categories, tags, Db};
use app::search;

/// The demo newsroom's categories: (slug, name).
pub const DEMO_CATEGORIES: [(&str, &str); 6] = [
    ("politika", "Политика"),
    ("ekonomika", "Экономика"),
    ("obshchestvo", "Общество"),
    ("sport", "Спорт"),
    ("proisshestviya", "Происшествия"),
    ("tekhnologii", "Технологии"),
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

/// Demo articles written for this project; see the file for its format.
const DEMO_ARTICLES: &str = include_str!("../demo/articles.txt");

/// One article of the demo file, before it is published.
#[derive(Debug, PartialEq, Eq)]
pub struct DemoArticle<'a> {
    pub category: &'a str,
    pub author: &'a str,
    /// Seconds before "now" at which the article was published.
    pub age_seconds: i64,
    pub breaking: bool,
    /// From an optional `tags: a, b` field of the header.
    pub tags: Vec<String>,
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
            tags: flags
                .iter()
                .find_map(|f| f.strip_prefix("tags:"))
                .map(app::editing::split_tags)
                .unwrap_or_default(),
            title,
            lead,
            body,
        });
    }
    Ok(articles)
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
    let known = categories::list(db).await?;
    for (position, (slug, name)) in DEMO_CATEGORIES.iter().enumerate() {
        if !known.iter().any(|c| c.slug == *slug) {
            categories::insert(db, slug, name, position as i64).await?;
        }
    }
    for (slug, name, bio) in DEMO_AUTHORS {
        if authors::by_slug(db, slug).await?.is_none() {
            authors::insert(db, slug, name, bio).await?;
        }
    }
    for article in &demo {
        let story = Story {
            title: article.title,
            lead: article.lead,
            body: article.body,
            category_slug: article.category,
            author_slug: Some(article.author),
            breaking: article.breaking,
            published_at: now - article.age_seconds,
            tags: &article.tags,
        };
        publish(db, &story, now)
            .await
            .with_context(|| format!("demo article {:?}", article.title))?;
    }
    Ok(demo.len())
}

/// Fills an empty database with `count` generated articles spread over the
/// last year, in bulk (multi-row inserts inside transactions).
pub async fn generate(db: &Db, count: u64, now: i64) -> anyhow::Result<()> {
    if articles::count(db).await? > 0 {
        bail!("generate needs an empty database (use a scratch database URL)");
    }
    let mut category_ids = Vec::new();
    for (position, (slug, name)) in DEMO_CATEGORIES.iter().enumerate() {
        category_ids.push(categories::insert(db, slug, name, position as i64).await?);
    }
    let mut author_ids = Vec::new();
    for (slug, name, bio) in DEMO_AUTHORS {
        author_ids.push(authors::insert(db, slug, name, bio).await?);
    }
    // Bodies are three of these paragraphs, so words vary between
    // articles as they do in a real archive; stems are computed once each.
    const PARAGRAPHS: [&str; 9] = [
        "Первый абзац сгенерированного материала о событиях в Казахстане.",
        "## Подробности\n\nВторой абзац: цифры, мнения и контекст.",
        "> «Работа продолжается», — сообщили в ведомстве.",
        "Третий абзац с [ссылкой на источник](https://example.kz).",
        "Депутаты обсудили поправки к бюджету и налоговые льготы для фермеров.",
        "На выборах в маслихат явка составила 54 процента, сообщила избирательная комиссия.",
        "Снегопад осложнил движение на трассе, спасатели эвакуировали водителей.",
        "Сборная провела тренировку перед матчем отборочного турнира.",
        "Эксперты ожидают снижения инфляции и роста инвестиций в энергетику.",
    ];
    let paragraph_text: Vec<String> = PARAGRAPHS
        .iter()
        .map(|p| app::markup::plain_text(p))
        .collect();
    let paragraph_stems: Vec<String> = paragraph_text
        .iter()
        .map(|p| search::index_text(p))
        .collect();
    const TAGS: [&str; 12] = [
        "выборы",
        "бюджет",
        "тарифы",
        "погода",
        "футбол",
        "инфляция",
        "Алматы",
        "Астана",
        "ДТП",
        "стартапы",
        "экология",
        "образование",
    ];
    let mut tag_ids = Vec::new();
    for name in TAGS {
        tag_ids.push(tags::create(db, name).await?);
    }
    let span = 365 * 86_400i64;
    const BATCH: u64 = 500;
    let mut done = 0u64;
    while done < count {
        let batch = BATCH.min(count - done);
        // Oldest first, so ids grow with time as in a real archive; the
        // database is empty, so ids are chosen here.
        let rows: Vec<Generated> = (done..done + batch)
            .map(|n| {
                let i = count - 1 - n;
                let (title, lead) = generated_text(i);
                let picks = [
                    (i % 9) as usize,
                    ((i / 9 + 3) % 9) as usize,
                    ((i / 81 + 6) % 9) as usize,
                ];
                let body = picks.map(|p| PARAGRAPHS[p]).join("\n\n");
                Generated {
                    id: n as i64 + 1,
                    slug: format!("material-{i}"),
                    body_text: picks.map(|p| paragraph_text[p].as_str()).join("\n\n"),
                    body_stems: picks.map(|p| paragraph_stems[p].as_str()).join(" "),
                    body_html: app::markup::render(&body),
                    body,
                    title,
                    lead,
                    // Newest first by i, spread over a year.
                    published_at: now - 60 - (i as i64 * span / count.max(1) as i64),
                    // Two different tags: the second is 1..=11 places after the first.
                    tags: [
                        tag_ids[(i % 12) as usize],
                        tag_ids[((i % 12) + 1 + (i / 12) % 11) as usize % 12],
                    ],
                    i,
                }
            })
            .collect();
        let bulk: Vec<articles::BulkArticle> = rows
            .iter()
            .map(|g| {
                let i = g.i as usize;
                articles::BulkArticle {
                    id: g.id,
                    slug: &g.slug,
                    title: &g.title,
                    lead: &g.lead,
                    body: &g.body,
                    body_html: &g.body_html,
                    body_text: &g.body_text,
                    body_stems: Some(&g.body_stems),
                    category_id: category_ids[i % category_ids.len()],
                    author_id: author_ids[(i / 7) % author_ids.len()],
                    breaking: i.is_multiple_of(50),
                    published_at: g.published_at,
                    tag_ids: &g.tags,
                }
            })
            .collect();
        articles::insert_many(db, &bulk).await?;
        done += batch;
    }
    // The ids above were chosen here, not drawn from PostgreSQL's sequences.
    db.after_bulk_load().await?;
    Ok(())
}

/// One generated article, ready to insert.
struct Generated {
    id: i64,
    i: u64,
    slug: String,
    title: String,
    lead: String,
    body: String,
    body_html: String,
    body_text: String,
    body_stems: String,
    published_at: i64,
    tags: [i64; 2],
}

/// A varied Russian headline and lead for generated article `i`.
fn generated_text(i: u64) -> (String, String) {
    const WHO: [&str; 8] = [
        "Акимат Алматы",
        "Правительство",
        "Мажилис",
        "Нацбанк",
        "Минэнерго",
        "Федерация футбола",
        "Полиция Шымкента",
        "Стартап из Астаны",
    ];
    const WHAT: [&str; 8] = [
        "объявил о новой программе",
        "утвердил план на 2027 год",
        "обсудил тарифы",
        "подвёл итоги квартала",
        "запустил пилотный проект",
        "ответил на вопросы жителей",
        "предупредил о проверках",
        "представил отчёт",
    ];
    const WHERE: [&str; 6] = [
        "в Қарағанды",
        "в Өскемене",
        "в Туркестане",
        "в Ақтөбе",
        "в Павлодаре",
        "в Астане",
    ];
    let title = format!(
        "{} {} {} (№{i})",
        WHO[(i % 8) as usize],
        WHAT[(i / 8 % 8) as usize],
        WHERE[(i / 64 % 6) as usize]
    );
    let lead = format!(
        "{title}: подробности, комментарии специалистов и реакция жителей. \
         Материал обновляется по мере поступления информации от ведомств и очевидцев."
    );
    (title, lead)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_demo_file_meets_the_brief() {
        let demo = parse_demo(DEMO_ARTICLES).expect("the demo file parses");
        assert!(demo.len() >= 60, "only {} demo articles", demo.len());
        for (slug, _) in DEMO_CATEGORIES {
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
                DEMO_CATEGORIES.iter().any(|(s, _)| *s == a.category),
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
    }
}
