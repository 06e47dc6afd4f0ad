//! `qalam generate N`: an empty database filled with N generated
//! articles over the last year, for benchmarks (bulk inserts, not the
//! publishing path: a million articles must load in minutes).

use super::demo::{DEMO_AUTHORS, DEMO_CATEGORIES};
use anyhow::bail;
use app::db::{articles, authors, categories, live, tags, Db};
use app::domain::lang::Lang;
use app::server::words;

/// Fills an empty database with `count` generated articles spread over the
/// last year, in bulk (multi-row inserts inside transactions).
pub async fn generate(db: &Db, count: u64, now: i64) -> anyhow::Result<()> {
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
        .map(|p| app::server::markup::plain_text(p))
        .collect();
    let paragraph_stems: Vec<String> = paragraph_text
        .iter()
        .map(|p| words::index_text(p, Lang::Ru))
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
                    body_html: app::server::markup::render(&body),
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
        articles::insert_many(db, &bulk).await?;
        done += batch;
    }
    if count >= 2 {
        live_story(db, author_ids[0], now).await?;
    }
    // The ids above were chosen here, not drawn from PostgreSQL's sequences.
    // One segment per index, however many batches wrote it.
    app::db::search::optimize(db).await?;
    db.after_bulk_load().await?;
    Ok(())
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
    let lead = format!(
        "{title}: подробности, комментарии специалистов и реакция жителей. \
         Материал обновляется по мере поступления информации от ведомств и очевидцев."
    );
    (title, lead)
}
