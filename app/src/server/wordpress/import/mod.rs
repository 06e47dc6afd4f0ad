//! The import: two passes over the export, then a summary.
//!
//! 1. **Reading** the whole file once, writing nothing: authors, terms,
//!    attachments and every post's address. A file that is not a whole,
//!    plain WordPress export stops here, and the database is as it was.
//! 2. **Planning** each post's and page's address here (kept from an
//!    earlier import, else from its WordPress slug), so that links between
//!    posts can point at addresses that do not exist yet.
//! 3. **Writing**, item by item, through the one publishing path
//!    (`store::insert` / `store::update`); each article records where it
//!    came from in the transaction that writes it (`wp_imports`), so a
//!    second run of the same or a newer export updates what changed,
//!    leaves the rest, duplicates nothing, and an interrupted run is
//!    finished by running it again. Old addresses get their redirects.
//!
//! Everything the newsroom should know — what was skipped and why, what
//! was dropped from a post, images whose file was not found — is in the
//! [`Summary`].
//!
//! `scan.rs` holds passes 1 and 2; `writer.rs` pass 3 for posts and pages,
//! `terms.rs` for bylines, categories and tags, `uploads.rs` for images,
//! `editions.rs` for a Polylang site's translation groups; `summary.rs`
//! what is reported.

mod editions;
mod pages;
mod redirects;
mod scan;
mod summary;
mod terms;
mod uploads;
mod writer;

pub use summary::{Counts, Kind, Remark, Summary};

use super::wxr::WxrError;
use crate::db::Db;
use crate::error::AppError;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use writer::Importer;

/// How to import.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// A copy of the old site's `wp-content/uploads`.
    pub uploads: Option<PathBuf>,
    /// Report what would happen; write nothing.
    pub dry_run: bool,
    /// The import's clock.
    pub now: i64,
}

/// Where a long import is, for a terminal's progress bar.
pub trait Progress {
    /// A new phase of `total` steps ("чтение", in bytes; "импорт", items).
    fn phase(&self, name: &str, total: u64);
    fn set(&self, done: u64);
    fn finish(&self);
}

/// No progress shown (tests, logs).
pub struct Quiet;

impl Progress for Quiet {
    fn phase(&self, _: &str, _: u64) {}
    fn set(&self, _: u64) {}
    fn finish(&self) {}
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file is not a whole WordPress export: nothing was written.
    #[error(transparent)]
    File(#[from] WxrError),
    #[error("папка загрузок {0} не найдена")]
    Uploads(String),
    /// The database failed mid-way: what was written stays, and running
    /// the import again finishes it.
    #[error("база данных недоступна, импорт прерван (запустите его снова: уже перенесённое не повторится): {0}")]
    Database(#[from] sqlx::Error),
    #[error("импорт прерван (запустите его снова: уже перенесённое не повторится): {0}")]
    App(#[from] AppError),
}

/// Reads the export, plans, writes; see the module's description.
pub async fn import(
    db: &Db,
    file: &Path,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Summary, ImportError> {
    if let Some(dir) = &options.uploads {
        if !dir.is_dir() {
            return Err(ImportError::Uploads(dir.display().to_string()));
        }
    }
    let mut scan = scan::read_whole(file, progress)?;
    let mut summary = Summary {
        dry_run: options.dry_run,
        site: scan.source(),
        ..Summary::default()
    };
    scan::plan(db, &mut scan).await?;
    let mut importer = Importer {
        db,
        options,
        links: scan::links(&scan),
        scan: &scan,
        summary: &mut summary,
        images: HashMap::new(),
        categories: HashMap::new(),
        authors: HashMap::new(),
        tags_seen: HashSet::new(),
        redirects: Vec::new(),
        translations: Vec::new(),
    };
    importer.write_all(file, progress).await?;
    progress.finish();
    Ok(summary)
}
