//! What each imported WordPress item became (`wp_imports`, migration
//! 0007), so that a second import updates instead of duplicating.

use super::Db;
use sqlx::AnyConnection;

/// An imported item's record.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Imported {
    pub target_id: i64,
    pub fingerprint: String,
    /// The article version the import wrote (articles only).
    pub version: Option<i64>,
}

/// Which item of which export: the old site, the kind of item and its key.
#[derive(Clone, Copy, Debug)]
pub struct Origin<'a> {
    pub source: &'a str,
    pub kind: &'a str,
    pub key: &'a str,
}

pub async fn find(db: &Db, origin: Origin<'_>) -> Result<Option<Imported>, sqlx::Error> {
    sqlx::query_as(
        "SELECT target_id, fingerprint, version FROM wp_imports \
         WHERE source = $1 AND kind = $2 AND key = $3",
    )
    .bind(origin.source)
    .bind(origin.kind)
    .bind(origin.key)
    .fetch_optional(&mut *db.conn().await?)
    .await
}

/// Records (or updates) what `origin` became. Articles record it in the
/// transaction that writes them, so an interrupted import never leaves an
/// article it does not know it wrote.
pub async fn record(
    conn: &mut AnyConnection,
    origin: Origin<'_>,
    imported: &Imported,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO wp_imports (source, kind, key, target_id, fingerprint, version, imported_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (source, kind, key) DO UPDATE SET target_id = excluded.target_id, \
             fingerprint = excluded.fingerprint, version = excluded.version, \
             imported_at = excluded.imported_at",
    )
    .bind(origin.source)
    .bind(origin.kind)
    .bind(origin.key)
    .bind(imported.target_id)
    .bind(&imported.fingerprint)
    .bind(imported.version)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// [`record`] on a connection of its own.
pub async fn save(
    db: &Db,
    origin: Origin<'_>,
    imported: &Imported,
    now: i64,
) -> Result<(), sqlx::Error> {
    record(&mut *db.conn().await?, origin, imported, now).await
}

/// An article written by an importer: where it came from, recorded with
/// it in one transaction.
#[derive(Clone, Copy, Debug)]
pub struct Provenance<'a> {
    pub origin: Origin<'a>,
    pub fingerprint: &'a str,
    /// When the import ran.
    pub at: i64,
}

impl Provenance<'_> {
    /// Records that article `id` at `version` came from here.
    pub async fn record(
        &self,
        conn: &mut AnyConnection,
        id: i64,
        version: i64,
    ) -> Result<(), sqlx::Error> {
        let imported = Imported {
            target_id: id,
            fingerprint: self.fingerprint.to_string(),
            version: Some(version),
        };
        record(conn, self.origin, &imported, self.at).await
    }
}
