//! Backups of a SQLite database, for the operator without a DBA: a
//! consistent snapshot, rotation of old ones, and a check that a snapshot
//! can be restored from. (PostgreSQL is backed up with pg_dump; see
//! docs/deploy.md.)

use super::{Db, Engine};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Row};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("{0} already exists; a backup never overwrites a file")]
    Exists(String),
    #[error("snapshots are for SQLite; back up PostgreSQL with pg_dump (see docs/deploy.md)")]
    NotSqlite,
    #[error("cannot create the directory {path}: {source}")]
    Directory {
        path: String,
        source: std::io::Error,
    },
    #[error("the snapshot failed")]
    Database(#[from] sqlx::Error),
}

/// Writes a consistent copy of a SQLite database to the new file `to`
/// with `VACUUM INTO`: one read transaction, so it sees a single moment
/// even while servers keep writing, and the copy is compact and ready to
/// open (no WAL beside it).
pub async fn snapshot(db: &Db, to: &std::path::Path) -> Result<(), SnapshotError> {
    if db.engine != Engine::Sqlite {
        return Err(SnapshotError::NotSqlite);
    }
    if to.exists() {
        return Err(SnapshotError::Exists(to.display().to_string()));
    }
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| SnapshotError::Directory {
            path: dir.display().to_string(),
            source,
        })?;
    }
    sqlx::query("VACUUM INTO $1")
        .bind(to.display().to_string())
        .execute(&mut *db.conn().await?)
        .await?;
    Ok(())
}

/// What a snapshot holds, read back from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotReport {
    /// The highest migration applied.
    pub schema_version: i64,
    pub articles: i64,
    pub published: i64,
    pub users: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("{0}: no such file")]
    Missing(String),
    #[error("{0} is not a SQLite database")]
    NotSqlite(String),
    #[error("{path} is damaged: {detail}")]
    Damaged { path: String, detail: String },
    #[error("{0} is not a Qalam database (no articles table or migrations)")]
    NotQalam(String),
    #[error("cannot read {path}: {source}")]
    Read { path: String, source: sqlx::Error },
}

/// Opens the snapshot at `path` read-only, runs SQLite's full integrity
/// check and counts what it holds. Never writes to it.
pub async fn verify_snapshot(path: &Path) -> Result<SnapshotReport, VerifyError> {
    let shown = path.display().to_string();
    let header = match std::fs::read(path) {
        Ok(bytes) => bytes.get(..16).map(<[u8]>::to_vec),
        Err(_) => return Err(VerifyError::Missing(shown)),
    };
    if header.as_deref() != Some(b"SQLite format 3\0".as_slice()) {
        return Err(VerifyError::NotSqlite(shown));
    }
    let read = |source| VerifyError::Read {
        path: shown.clone(),
        source,
    };
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(read)?;
    let problems: Vec<String> = sqlx::query("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .map_err(|e| VerifyError::Damaged {
            path: shown.clone(),
            detail: e.to_string(),
        })?
        .iter()
        .filter_map(|row| row.try_get::<String, _>(0).ok())
        .filter(|line| line != "ok")
        .collect();
    if !problems.is_empty() {
        return Err(VerifyError::Damaged {
            path: shown,
            detail: problems.join("; "),
        });
    }
    let counts = sqlx::query(
        "SELECT (SELECT MAX(version) FROM _sqlx_migrations), \
                (SELECT COUNT(*) FROM articles), \
                (SELECT COUNT(*) FROM articles WHERE status = 'published'), \
                (SELECT COUNT(*) FROM users)",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(|_| VerifyError::NotQalam(shown.clone()))?;
    let number = |i: usize| counts.try_get::<Option<i64>, _>(i).ok().flatten();
    let report = SnapshotReport {
        schema_version: number(0).ok_or_else(|| VerifyError::NotQalam(shown.clone()))?,
        articles: number(1).unwrap_or(0),
        published: number(2).unwrap_or(0),
        users: number(3).unwrap_or(0),
    };
    conn.close().await.map_err(read)?;
    Ok(report)
}

/// After writing the snapshot `newest`, deletes all but the `keep` newest
/// of its siblings: files in the same directory whose names start like
/// its name up to the first digit (`qalam-` of `qalam-2026-11-25.db`),
/// end with the same extension and are SQLite databases. Never `live`
/// (the database being served), never `newest`. Returns what it deleted.
pub fn rotate_snapshots(
    newest: &Path,
    keep: usize,
    live: Option<&Path>,
) -> std::io::Result<Vec<PathBuf>> {
    let dir = match newest.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = newest
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let prefix: String = name.chars().take_while(|c| !c.is_ascii_digit()).collect();
    let extension = newest.extension().map(|e| e.to_os_string());
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let (newest_real, live_real) = (canonical(newest), live.and_then(canonical));
    let mut family: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        let path = entry?.path();
        let Some(file) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let real = canonical(&path);
        if !file.starts_with(&prefix)
            || path.extension().map(|e| e.to_os_string()) != extension
            || real.is_none()
            || real == newest_real
            || real == live_real
            || !is_sqlite_file(&path)
        {
            continue;
        }
        let modified = std::fs::metadata(&path)?.modified()?;
        family.push((modified, path));
    }
    // Newest first; the new snapshot counts as one of the kept.
    family.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
    let mut deleted = Vec::new();
    for (_, path) in family.into_iter().skip(keep.saturating_sub(1)) {
        std::fs::remove_file(&path)?;
        deleted.push(path);
    }
    Ok(deleted)
}

fn is_sqlite_file(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && &header == b"SQLite format 3\0"
}
