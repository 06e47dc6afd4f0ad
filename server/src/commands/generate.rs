//! `qalam generate N`: an empty database filled with N generated
//! articles over the last year, for benchmarks (bulk inserts, not the
//! publishing path: a million articles must load in minutes).

use super::demo::{DEMO_ARTICLES, DEMO_ARTICLES_KK, DEMO_AUTHORS, DEMO_CATEGORIES};
use anyhow::bail;
use app::db::{articles, authors, categories, live, tags, Db};
use app::domain::lang::Lang;
use app::server::words;

/// Fills an empty database with `count` generated articles spread over the
/// last year, in bulk (multi-row inserts inside transactions).
pub async fn generate(db: &Db, count: u64, now: i64) -> anyhow::Result<()> {
    generate_sized(db, count, now, BODY_CHARS).await
}

/// [`generate`] with bodies of about `body_chars` characters (tests that
/// need many articles but not their weight ask for short ones).
pub async fn generate_sized(
    db: &Db,
    count: u64,
    now: i64,
    body_chars: usize,
) -> anyhow::Result<()> {
    if articles::count(db).await? > 0 {
        bail!("generate needs an empty database (use a scratch database URL)");
    }
    let mut category_ids = Vec::new();
    for (position, (slug, name, slug_kk, name_kk)) in DEMO_CATEGORIES.iter().enumerate() {
        let id = categories::insert(db, slug, name, position as i64).await?;
        categories::name_in_kazakh(db, id, name_kk, Some(slug_kk)).await?;
        category_ids.push(id);
    }
    let mut author_ids = Vec::new();
    for (slug, name, bio) in DEMO_AUTHORS {
        author_ids.push(authors::insert(db, slug, name, bio).await?);
    }
    // Bodies of about 3,000 characters, like the demo's: runs of the demo
    // articles' own paragraphs (Russian for the Russian edition, Kazakh
    // for the Kazakh one), so words vary between articles as in a real
    // archive; each paragraph is rendered and stemmed once.
    let pools = [
        Pool::new(DEMO_ARTICLES, Lang::Ru)?,
        Pool::new(DEMO_ARTICLES_KK, Lang::Kk)?,
    ];
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
    // Rows per statement, and per transaction: each commit writes the
    // search index's segment out, and fewer, larger ones merge faster.
    const BATCH: u64 = 500;
    const PER_TRANSACTION: u64 = 20_000;
    app::db::search::bulk_loading(db, true).await?;
    // A million articles take the better part of an hour: say how far it got.
    let started = std::time::Instant::now();
    let mut tx = db.begin().await?;
    let mut done = 0u64;
    while done < count {
        let batch = BATCH.min(count - done);
        // Oldest first, so ids grow with time as in a real archive; the
        // database is empty, so ids are chosen here.
        let rows: Vec<Generated> = (done..done + batch)
            .map(|n| {
                let i = count - 1 - n;
                let (title, lead) = generated_text(i);
                // A tenth of the archive is the Kazakh edition's (see below).
                let pool = &pools[usize::from(i % 10 == 9)];
                let picks = pool.body(i, body_chars);
                let join = |part: &dyn Fn(&Paragraph) -> &str, between: &str| {
                    picks
                        .iter()
                        .map(|&p| part(&pool.paragraphs[p]))
                        .collect::<Vec<_>>()
                        .join(between)
                };
                Generated {
                    id: n as i64 + 1,
                    slug: format!("material-{i}"),
                    body: join(&|p| &p.markup, "\n\n"),
                    body_text: join(&|p| &p.text, "\n\n"),
                    body_stems: join(&|p| &p.stems, " "),
                    body_html: join(&|p| &p.html, "\n"),
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
                // A tenth of the archive is the Kazakh edition's (every
                // article numbered …9), spread over every category, so its
                // pages are measured at scale too.
                let kazakh = i % 10 == 9;
                let category = if kazakh { i / 10 } else { i };
                articles::BulkArticle {
                    id: g.id,
                    slug: &g.slug,
                    title: &g.title,
                    lead: &g.lead,
                    body: &g.body,
                    body_html: &g.body_html,
                    body_text: &g.body_text,
                    body_stems: Some(&g.body_stems),
                    category_id: category_ids[category % category_ids.len()],
                    author_id: author_ids[(i / 7) % author_ids.len()],
                    breaking: i.is_multiple_of(50),
                    published_at: g.published_at,
                    tag_ids: &g.tags,
                    lang: if kazakh { Lang::Kk } else { Lang::Ru },
                }
            })
            .collect();
        articles::insert_many(&mut tx, &bulk).await?;
        done += batch;
        if done.is_multiple_of(PER_TRANSACTION) {
            tx.commit().await?;
            tracing::info!(
                done,
                count,
                seconds = started.elapsed().as_secs(),
                "articles generated"
            );
            tx = db.begin().await?;
        }
    }
    tx.commit().await?;
    app::db::search::bulk_loading(db, false).await?;
    if count >= 2 {
        live_story(db, author_ids[0], now).await?;
    }
    // The ids above were chosen here, not drawn from PostgreSQL's sequences.
    // One segment per index, however many batches wrote it, and the typo
    // vocabulary, so a server started on it has both at once.
    let step = std::time::Instant::now();
    app::db::search::optimize(db).await?;
    tracing::info!(
        milliseconds = step.elapsed().as_millis() as u64,
        "search index merged"
    );
    if app::db::search::claim_vocabulary_refresh(db, now, 0).await? {
        let step = std::time::Instant::now();
        let terms = app::db::search::refresh_vocabulary(db).await?;
        tracing::info!(
            terms,
            milliseconds = step.elapsed().as_millis() as u64,
            "typo vocabulary built"
        );
    }
    db.after_bulk_load().await?;
    Ok(())
}

/// One paragraph of the demo, as markup, rendered, as plain text and as
/// the index's stems.
struct Paragraph {
    markup: String,
    html: String,
    text: String,
    stems: String,
}

/// The paragraphs generated bodies are made of, in one language.
struct Pool {
    paragraphs: Vec<Paragraph>,
}

/// A generated body's length in characters, about, like the demo's.
pub const BODY_CHARS: usize = 3_000;

impl Pool {
    /// Every text paragraph (subheadings and quotes too; not pictures or
    /// embeds) of the demo articles in `text`.
    fn new(text: &str, lang: Lang) -> anyhow::Result<Pool> {
        let mut paragraphs = Vec::new();
        for article in super::demo::parse_demo(text)? {
            for block in article.body.split("\n\n").map(str::trim) {
                let picture_or_embed = block.starts_with("![") || block.starts_with("http");
                if block.is_empty() || picture_or_embed {
                    continue;
                }
                let plain = app::server::markup::plain_text(block);
                paragraphs.push(Paragraph {
                    markup: block.to_string(),
                    html: app::server::markup::render(block),
                    stems: words::index_text(&plain, lang),
                    text: plain,
                });
            }
        }
        if paragraphs.is_empty() {
            bail!("the demo has no paragraphs to generate bodies from");
        }
        Ok(Pool { paragraphs })
    }

    /// Article `i`'s paragraphs: a run from a starting point and a stride
    /// that both depend on `i`, until about `body_chars` characters.
    fn body(&self, i: u64, body_chars: usize) -> Vec<usize> {
        let n = self.paragraphs.len() as u64;
        let mut at = (i.wrapping_mul(2_654_435_761) >> 7) % n;
        let stride = 1 + (i / n) % (n - 1).max(1);
        let mut picks = Vec::new();
        let mut chars = 0;
        while chars < body_chars && picks.len() < 40 {
            picks.push(at as usize);
            chars += self.paragraphs[at as usize].text.chars().count();
            at = (at + stride) % n;
        }
        picks
    }
}

/// Updates on the generated live story.
const LIVE_UPDATES: i64 = 20;

/// The second newest article (`material-1`) becomes a live story with
/// [`LIVE_UPDATES`] updates, the first pinned, as a newsroom runs one on
/// an election night; the newest (`material-0`) is breaking, its bar up.
async fn live_story(db: &Db, author_id: i64, now: i64) -> anyhow::Result<()> {
    let Some(id) = articles::id_by_slug(db, Lang::Ru, "material-1").await? else {
        return Ok(());
    };
    let started = now - LIVE_UPDATES * 300 - 60;
    live::start(db, id, started).await?;
    for n in 0..LIVE_UPDATES {
        let body = format!(
            "Обновление {n}: избирательные участки Алматы сообщают о явке, \
             наблюдатели — о ходе голосования."
        );
        let update = live::UpdateContent {
            headline: if n % 5 == 0 {
                "Главное к этому часу"
            } else {
                ""
            },
            body: &body,
            body_html: &app::server::markup::render(&body),
            pinned: n == 0,
            important: false,
        };
        live::insert(db, id, &update, author_id, None, started + n * 300).await?;
    }
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
    // One of forty towns, each in about one article in forty: the
    // search benchmark's word of middling frequency.
    const TOWNS: [&str; 40] = [
        "Экибастузе",
        "Темиртау",
        "Балхаше",
        "Жезказгане",
        "Сатпаеве",
        "Рудном",
        "Лисаковске",
        "Аркалыке",
        "Степногорске",
        "Кокшетау",
        "Щучинске",
        "Риддере",
        "Зыряновске",
        "Аягозе",
        "Жанаозене",
        "Актау",
        "Кульсары",
        "Аральске",
        "Казалинске",
        "Кентау",
        "Арыси",
        "Сарыагаше",
        "Жетысае",
        "Таразе",
        "Шу",
        "Каратау",
        "Талгаре",
        "Каскелене",
        "Капшагае",
        "Текели",
        "Сарканде",
        "Ушарале",
        "Зайсане",
        "Шемонаихе",
        "Курчатове",
        "Абае",
        "Шахтинске",
        "Сарани",
        "Приозёрске",
        "Каражале",
    ];
    let lead = format!(
        "{title}: подробности, комментарии специалистов и реакция жителей. \
         Материал обновляется по мере поступления информации от ведомств и очевидцев, \
         наш корреспондент в {} уточняет детали.",
        TOWNS[(i / 7 % 40) as usize]
    );
    (title, lead)
}
