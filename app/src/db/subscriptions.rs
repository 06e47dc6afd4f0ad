//! Readers' Web Push subscriptions (docs/reach.md): a browser's endpoint
//! and keys per topic (`domain::notifications::Topic`), no cookie and
//! no account.

use super::Db;

/// A browser subscribed to a topic.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Subscription {
    pub id: i64,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// Subscribes `endpoint` to `topic`; a browser that subscribes again
/// (new keys after its push service rotated them) keeps one row.
pub async fn subscribe(
    db: &Db,
    topic: &str,
    endpoint: &str,
    p256dh: &str,
    auth: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO push_subscriptions (topic, endpoint, p256dh, auth, created_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (topic, endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth",
    )
    .bind(topic)
    .bind(endpoint)
    .bind(p256dh)
    .bind(auth)
    .bind(now)
    .execute(&mut *db.conn().await?)
    .await?;
    Ok(())
}

/// Unsubscribes `endpoint` from `topic`; `false` when it was not.
pub async fn unsubscribe(db: &Db, topic: &str, endpoint: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("DELETE FROM push_subscriptions WHERE topic = $1 AND endpoint = $2")
        .bind(topic)
        .bind(endpoint)
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// How many browsers follow `topic`: what an editor is told before a
/// breaking push.
pub async fn count(db: &Db, topic: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM push_subscriptions WHERE topic = $1")
        .bind(topic)
        .fetch_one(&mut *db.conn().await?)
        .await
}

/// `$1` the topic, `$2` after this id, `$3` how many:
/// `push_subscriptions_topic`.
pub const PAGE_SQL: &str = "SELECT id, endpoint, p256dh, auth FROM push_subscriptions \
     WHERE topic = $1 AND id > $2 ORDER BY id LIMIT $3";

/// The next `limit` subscriptions of `topic` after id `after`, in id
/// order: a sender's page, resumable from the last id it finished.
pub async fn page(
    db: &Db,
    topic: &str,
    after: i64,
    limit: i64,
) -> Result<Vec<Subscription>, sqlx::Error> {
    sqlx::query_as(PAGE_SQL)
        .bind(topic)
        .bind(after)
        .bind(limit)
        .fetch_all(&mut *db.conn().await?)
        .await
}

/// Forgets subscriptions the push service said are gone (404, 410).
pub async fn forget(db: &Db, ids: &[i64]) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    for id in ids {
        sqlx::query("DELETE FROM push_subscriptions WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}
