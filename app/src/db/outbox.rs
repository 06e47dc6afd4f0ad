//! The outbox: everything that leaves the site, delivered at least once
//! (docs/reach.md).
//!
//! A change that must reach a peer writes its deliveries in the same
//! transaction as the change ([`article_changed`]): publishing posts to
//! each of the edition's (and the category's) Telegram channels, a new
//! headline, lead or correction edits the messages, unpublishing deletes
//! them. A sender on any node [`claim`]s due deliveries with a lease that
//! expires (a node that dies mid-send releases them), sends them and
//! records the answer ([`finish`]). What is sent is read at send time,
//! so a delivery that waited sends the article as it is then.

use super::Db;
use crate::domain::lang::Lang;
use sqlx::AnyConnection;

/// How an article changed, as its peers must learn it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArticleChange {
    /// It became visible: post it.
    Published,
    /// Visible before and after, with a new headline, lead, text for
    /// Telegram or correction: edit what was posted.
    Revised,
    /// It is no longer visible: delete what was posted.
    Withdrawn,
}

impl ArticleChange {
    /// The change from `was_public` to `is_public`; `revised`: a visible
    /// article's words changed. `None`: nothing to tell.
    pub fn between(was_public: bool, is_public: bool, revised: bool) -> Option<ArticleChange> {
        match (was_public, is_public) {
            (false, true) => Some(ArticleChange::Published),
            (true, false) => Some(ArticleChange::Withdrawn),
            (true, true) if revised => Some(ArticleChange::Revised),
            _ => None,
        }
    }
}

/// The peers' names in `deliveries.peer`: Telegram's Bot API, the
/// search engines' IndexNow endpoint, the browsers' push services.
pub const TELEGRAM: &str = "telegram";
pub const INDEXNOW: &str = "indexnow";
pub const PUSH: &str = "push";

/// `site_settings`' mark that IndexNow is on (`--indexnow-url`): only
/// then are pings written.
pub const INDEXNOW_ON: &str = "indexnow_on";

/// Writes the deliveries `change` of article `id` needs, in the caller's
/// transaction.
pub async fn article_changed(
    tx: &mut AnyConnection,
    id: i64,
    change: ArticleChange,
    now: i64,
) -> Result<(), sqlx::Error> {
    let address: Option<(String, String)> =
        sqlx::query_as("SELECT lang, slug FROM articles WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((lang, slug)) = address {
        let path = Lang::from_code(&lang)
            .unwrap_or_default()
            .article_path(&slug);
        ping_search_engines(tx, id, &[path], now).await?;
    }
    match change {
        ArticleChange::Published => {
            let (lang, category_id, breaking, skip): (String, i64, i64, i64) = sqlx::query_as(
                "SELECT lang, category_id, breaking, telegram_skip FROM articles WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if skip != 0 {
                return Ok(());
            }
            let chats: Vec<String> = sqlx::query_scalar(
                "SELECT DISTINCT chat FROM telegram_channels \
                 WHERE lang = $1 AND (category_id IS NULL OR category_id = $2) ORDER BY chat",
            )
            .bind(&lang)
            .bind(category_id)
            .fetch_all(&mut *tx)
            .await?;
            for chat in chats {
                // Published again after an unpublish whose delete has not
                // gone yet: the message is still there, so it is edited.
                let posted = message_of(tx, id, &chat).await?.is_some();
                let action = if posted { "edit" } else { "post" };
                enqueue(tx, TELEGRAM, action, id, &chat, breaking != 0, now).await?;
            }
        }
        ArticleChange::Revised | ArticleChange::Withdrawn => {
            let action = if change == ArticleChange::Revised {
                "edit"
            } else {
                "delete"
            };
            if change == ArticleChange::Withdrawn {
                // Nothing left to edit or to post.
                sqlx::query(
                    "UPDATE deliveries SET state = 'skipped', outcome = $2, done_at = $3 \
                     WHERE article_id = $1 AND state = 'pending' AND lease_until IS NULL \
                       AND action IN ('post', 'edit')",
                )
                .bind(id)
                .bind("снята с публикации")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            }
            for chat in reached_chats(tx, id).await? {
                let waiting: Option<i64> = sqlx::query_scalar(
                    "SELECT id FROM deliveries WHERE article_id = $1 AND target = $2 \
                       AND action = $3 AND state = 'pending' AND lease_until IS NULL",
                )
                .bind(id)
                .bind(&chat)
                .bind(action)
                .fetch_optional(&mut *tx)
                .await?;
                // One waiting edit sends the latest words anyway.
                if waiting.is_none() {
                    enqueue(tx, TELEGRAM, action, id, &chat, false, now).await?;
                }
            }
        }
    }
    Ok(())
}

/// The chats article `id` has a message in, or a post on its way to.
async fn reached_chats(tx: &mut AnyConnection, id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT chat FROM telegram_messages WHERE article_id = $1 \
         UNION \
         SELECT target FROM deliveries \
          WHERE article_id = $1 AND peer = 'telegram' AND action = 'post' \
            AND (state = 'pending' OR state = 'sent') \
         ORDER BY 1",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await
}

async fn enqueue(
    tx: &mut AnyConnection,
    peer: &str,
    action: &str,
    article_id: i64,
    chat: &str,
    urgent: bool,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO deliveries (peer, action, article_id, target, urgent, due_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(peer)
    .bind(action)
    .bind(article_id)
    .bind(chat)
    .bind(i64::from(urgent))
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Tells search engines that the addresses `paths` changed (a publish,
/// an update, an unpublish, a new slug), when IndexNow is on. One waiting
/// ping per address is enough: the sender sends what is due in a batch.
pub async fn ping_search_engines(
    tx: &mut AnyConnection,
    article_id: i64,
    paths: &[String],
    now: i64,
) -> Result<(), sqlx::Error> {
    let on: Option<String> =
        sqlx::query_scalar("SELECT value FROM site_settings WHERE name = $1 AND value = '1'")
            .bind(INDEXNOW_ON)
            .fetch_optional(&mut *tx)
            .await?;
    if on.is_none() {
        return Ok(());
    }
    for path in paths {
        let waiting: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM deliveries WHERE peer = $1 AND target = $2 AND state = 'pending'                AND lease_until IS NULL",
        )
        .bind(INDEXNOW)
        .bind(path)
        .fetch_optional(&mut *tx)
        .await?;
        if waiting.is_none() {
            enqueue(tx, INDEXNOW, "post", article_id, path, false, now).await?;
        }
    }
    Ok(())
}

/// A Web Push broadcast of article `article_id` to `target`'s followers
/// (`domain::notifications::delivery_target`); breaking news is urgent.
/// `false`: one was sent or is on its way already (a double click, two
/// editors), and nothing is written.
pub async fn push(
    tx: &mut AnyConnection,
    article_id: i64,
    target: &str,
    urgent: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let before: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM deliveries WHERE peer = $1 AND article_id = $2 AND target = $3            AND state IN ('pending', 'sent')",
    )
    .bind(PUSH)
    .bind(article_id)
    .bind(target)
    .fetch_optional(&mut *tx)
    .await?;
    if before.is_some() {
        return Ok(false);
    }
    enqueue(tx, PUSH, "post", article_id, target, urgent, now).await?;
    Ok(true)
}

/// A Telegram message an article has in a chat.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Message {
    pub message_id: i64,
    pub with_photo: bool,
}

async fn message_of(
    conn: &mut AnyConnection,
    article_id: i64,
    chat: &str,
) -> Result<Option<Message>, sqlx::Error> {
    let row: Option<(i64, i64)> = sqlx::query_as(
        "SELECT message_id, with_photo FROM telegram_messages WHERE article_id = $1 AND chat = $2",
    )
    .bind(article_id)
    .bind(chat)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(message_id, with_photo)| Message {
        message_id,
        with_photo: with_photo != 0,
    }))
}

/// The message article `article_id` has in `chat`, if any.
pub async fn message(db: &Db, article_id: i64, chat: &str) -> Result<Option<Message>, sqlx::Error> {
    message_of(&mut *db.conn().await?, article_id, chat).await
}

/// A delivery a sender holds.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Claimed {
    pub id: i64,
    pub peer: String,
    pub action: String,
    pub article_id: i64,
    pub target: String,
    pub attempts: i64,
    /// Breaking news: sent first.
    pub urgent: i64,
    /// What the peer answered, or how far a push broadcast got (the last
    /// subscription sent to).
    pub peer_ref: Option<String>,
}

/// `$1` the lease's end, `$2` the node, `$3` now, `$4` how many, `$5`
/// the peers this sender sends to (",telegram,indexnow,"): due pending
/// deliveries, urgent first, then oldest. The conditions are
/// checked again on the row itself, so two nodes never hold one: on
/// PostgreSQL the second waits for the first's row lock and then finds
/// the lease taken.
pub const CLAIM_SQL: &str = "UPDATE deliveries \
     SET lease_until = $1, leased_by = $2, attempts = attempts + 1 \
     WHERE id IN (SELECT id FROM deliveries \
                   WHERE state = 'pending' AND due_at <= $3 \
                     AND (lease_until IS NULL OR lease_until <= $3) \
                     AND $5 LIKE '%,' || peer || ',%' \
                   ORDER BY urgent DESC, due_at, id LIMIT $4) \
       AND state = 'pending' AND (lease_until IS NULL OR lease_until <= $3) \
     RETURNING id, peer, action, article_id, target, attempts, urgent, peer_ref";

/// Takes up to `limit` due deliveries to `peers` for `node` until
/// `lease_until`.
pub async fn claim(
    db: &Db,
    node: &str,
    peers: &[&str],
    now: i64,
    lease_until: i64,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    let mut claimed: Vec<Claimed> = sqlx::query_as(CLAIM_SQL)
        .bind(lease_until)
        .bind(node)
        .bind(now)
        .bind(limit)
        .bind(format!(",{},", peers.join(",")))
        .fetch_all(&mut *db.conn().await?)
        .await?;
    // RETURNING has no order: urgent first, then oldest, as claimed.
    claimed.sort_by_key(|c| (-c.urgent, c.id));
    Ok(claimed)
}

/// What became of a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finished {
    /// The peer took it. A post keeps the message it made; a delete
    /// forgets it.
    Sent { message: Option<Message> },
    /// A broadcast went out: what it reached, for the workspace.
    Broadcast { summary: String },
    /// Try again at `at` (a 429's `retry_after`, a backoff, a post not
    /// sent yet); `why` is shown meanwhile.
    Retry { at: i64, why: String },
    /// Given up: the peer refused it, or too many attempts.
    Failed { why: String },
    /// Nothing to send (the article is gone or unpublished).
    Skipped { why: String },
}

/// A long delivery's progress (a push broadcast's last subscription
/// done), kept with a longer lease; `false`: `node` no longer holds it
/// (its lease ran out and another node took it), so it stops.
pub async fn renew(
    db: &Db,
    delivery: &Claimed,
    node: &str,
    progress: &str,
    outcome: &str,
    lease_until: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE deliveries SET peer_ref = $3, outcome = $4, lease_until = $5 \
         WHERE id = $1 AND leased_by = $2 AND state = 'pending'",
    )
    .bind(delivery.id)
    .bind(node)
    .bind(progress)
    .bind(outcome)
    .bind(lease_until)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records what became of `delivery`, if `node` still holds it.
pub async fn finish(
    db: &Db,
    delivery: &Claimed,
    node: &str,
    finished: &Finished,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let (state, due_at, outcome, peer_ref) = match finished {
        Finished::Sent { message } => (
            "sent",
            None,
            String::new(),
            message.map(|m| m.message_id.to_string()),
        ),
        Finished::Broadcast { summary } => ("sent", None, summary.clone(), None),
        Finished::Retry { at, why } => ("pending", Some(*at), why.clone(), None),
        Finished::Failed { why } => ("failed", None, why.clone(), None),
        Finished::Skipped { why } => ("skipped", None, why.clone(), None),
    };
    let done = sqlx::query(
        "UPDATE deliveries SET state = $3, due_at = COALESCE($4, due_at), outcome = $5, \
             peer_ref = COALESCE($6, peer_ref), lease_until = NULL, leased_by = NULL, \
             done_at = CASE WHEN $3 = 'pending' THEN NULL ELSE $7 END \
         WHERE id = $1 AND leased_by = $2",
    )
    .bind(delivery.id)
    .bind(node)
    .bind(state)
    .bind(due_at)
    .bind(outcome.chars().take(500).collect::<String>())
    .bind(peer_ref)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        if let Finished::Sent { message } = finished {
            match (delivery.action.as_str(), message) {
                ("post" | "edit", Some(message)) => {
                    sqlx::query(
                        "INSERT INTO telegram_messages (article_id, chat, message_id, with_photo, sent_at) \
                         VALUES ($1, $2, $3, $4, $5) \
                         ON CONFLICT (article_id, chat) DO UPDATE \
                         SET message_id = excluded.message_id, with_photo = excluded.with_photo, \
                             sent_at = excluded.sent_at",
                    )
                    .bind(delivery.article_id)
                    .bind(&delivery.target)
                    .bind(message.message_id)
                    .bind(i64::from(message.with_photo))
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                }
                ("delete", _) => {
                    sqlx::query(
                        "DELETE FROM telegram_messages WHERE article_id = $1 AND chat = $2",
                    )
                    .bind(delivery.article_id)
                    .bind(&delivery.target)
                    .execute(&mut *tx)
                    .await?;
                }
                _ => {}
            }
        }
    }
    tx.commit().await
}

/// Whether a post of article `article_id` to `chat` is still on its way.
pub async fn post_pending(db: &Db, article_id: i64, chat: &str) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM deliveries WHERE article_id = $1 AND target = $2 AND action = 'post' \
           AND state = 'pending'",
    )
    .bind(article_id)
    .bind(chat)
    .fetch_optional(&mut *db.conn().await?)
    .await?;
    Ok(found.is_some())
}

/// A delivery as the workspace lists it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct DeliveryRow {
    pub id: i64,
    pub peer: String,
    pub action: String,
    pub target: String,
    pub state: String,
    pub attempts: i64,
    pub outcome: String,
    pub created_at: i64,
    pub done_at: Option<i64>,
}

/// Article `article_id`'s deliveries, newest first (the last 20).
pub async fn for_article(db: &Db, article_id: i64) -> Result<Vec<DeliveryRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, peer, action, target, state, attempts, outcome, created_at, done_at \
         FROM deliveries WHERE article_id = $1 ORDER BY id DESC LIMIT 20",
    )
    .bind(article_id)
    .fetch_all(&mut *db.conn().await?)
    .await
}

/// «Повторить»: a failed delivery of article `article_id` is due again
/// now, its attempts counted afresh. `false`: no such failed delivery.
pub async fn retry(db: &Db, article_id: i64, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE deliveries SET state = 'pending', attempts = 0, due_at = $3, outcome = '', \
             done_at = NULL \
         WHERE id = $1 AND article_id = $2 AND state = 'failed'",
    )
    .bind(id)
    .bind(article_id)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A Telegram channel of an edition (or of one category in it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    pub id: i64,
    pub lang: Lang,
    pub category_id: Option<i64>,
    pub chat: String,
    pub from_env: bool,
}

/// Every channel, by edition, then edition-wide first, then chat.
pub async fn channels(db: &Db) -> Result<Vec<Channel>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<i64>, String, i64)> = sqlx::query_as(
        "SELECT id, lang, category_id, chat, from_env FROM telegram_channels \
         ORDER BY lang DESC, category_id IS NOT NULL, category_id, chat",
    )
    .fetch_all(&mut *db.conn().await?)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, lang, category_id, chat, from_env)| {
            Some(Channel {
                id,
                lang: Lang::from_code(&lang)?,
                category_id,
                chat,
                from_env: from_env != 0,
            })
        })
        .collect())
}

/// Adds a channel; `false` when it is there already.
pub async fn add_channel(
    db: &Db,
    lang: Lang,
    category_id: Option<i64>,
    chat: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    insert_channel(&mut *db.conn().await?, lang, category_id, chat, false, now).await
}

async fn insert_channel(
    conn: &mut AnyConnection,
    lang: Lang,
    category_id: Option<i64>,
    chat: &str,
    from_env: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO telegram_channels (lang, category_id, chat, from_env, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind(lang.code())
    .bind(category_id)
    .bind(chat)
    .bind(i64::from(from_env))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Removes a channel added in the workspace (those from the environment
/// stay); `false` when there is none.
pub async fn remove_channel(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM telegram_channels WHERE id = $1 AND from_env = 0")
        .bind(id)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Makes the environment's channels (`QALAM_TELEGRAM_CHANNELS`) the
/// edition-wide rows marked `from_env`: added when new, removed when no
/// longer named. Every node does it at start; the result is the same.
pub async fn sync_env_channels(
    db: &Db,
    channels: &[(Lang, String)],
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    let stored: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, lang, chat FROM telegram_channels WHERE from_env = 1")
            .fetch_all(&mut *tx)
            .await?;
    for (id, lang, chat) in &stored {
        let named = channels.iter().any(|(l, c)| l.code() == lang && c == chat);
        if !named {
            sqlx::query("DELETE FROM telegram_channels WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (lang, chat) in channels {
        insert_channel(&mut tx, *lang, None, chat, true, now).await?;
    }
    tx.commit().await
}
