//! The images an import brings: found under `--uploads` by their
//! address (or their attachment's file), the original rather than a
//! resized copy, stored once each with their responsive sizes, and
//! their old addresses redirected.

use super::scan::without_scheme;
use super::summary::Kind;
use super::writer::{ImageOutcome, Importer};
use super::ImportError;
use crate::db::images;
use crate::db::imports::{self, Imported, Origin};
use crate::domain::images::stored_id;
use crate::error::AppError;
use crate::server::media::store_bytes;
use crate::server::redirects::{key, original_upload};
use crate::server::wordpress::rules;
use crate::server::wordpress::wxr::Item;
use std::path::{Component, Path, PathBuf};

impl Importer<'_> {
    /// The featured image (`_thumbnail_id`): stored id, alt, caption.
    pub(super) async fn featured(
        &mut self,
        item: &Item,
        title: &str,
    ) -> Result<(Option<i64>, String, String), ImportError> {
        let Some(id) = item
            .meta("_thumbnail_id")
            .and_then(|v| v.trim().parse::<i64>().ok())
        else {
            return Ok((None, String::new(), String::new()));
        };
        let Some(attachment) = self.scan.attachments.get(&id) else {
            self.summary.remark(
                Kind::Post,
                title,
                format!("главное изображение (вложение {id}) не найдено в файле"),
            );
            return Ok((None, String::new(), String::new()));
        };
        let (alt, caption) = (attachment.alt.clone(), attachment.caption.clone());
        match self.image(&attachment.url.clone()).await? {
            Ok((url, _)) => Ok((stored_id(&url), alt, caption)),
            Err(why) => {
                self.summary
                    .remark(Kind::Post, title, format!("главное изображение: {why}"));
                Ok((None, String::new(), String::new()))
            }
        }
    }

    /// The file under `uploads` an image address names: after
    /// `/wp-content/uploads/`, or an attachment's file when the address is
    /// the attachment's (or a resized copy of it).
    fn upload_file(&self, src: &str) -> Option<String> {
        let clean = src.split(['?', '#']).next().unwrap_or(src);
        if let Some((_, rest)) = clean.split_once("/wp-content/uploads/") {
            let decoded = rules::decode_slug(rest);
            return Some(decoded);
        }
        let bare = without_scheme(clean);
        let id = self.scan.attachment_by_url.get(bare).or_else(|| {
            let original = original_upload(&format!("/wp-content/uploads/{bare}"))?;
            let original = original.strip_prefix("/wp-content/uploads/")?;
            self.scan.attachment_by_url.get(original)
        })?;
        self.scan.attachment_files.get(id).cloned()
    }

    /// Stores the image an address names, once per file; the outcome is
    /// the stored address and the attachment's alt, or why not.
    pub(super) async fn image(&mut self, src: &str) -> Result<ImageOutcome, ImportError> {
        let Some(file) = self.upload_file(src) else {
            self.summary.skip(Kind::Image, "не с этого сайта");
            return Ok(Err(format!("внешнее изображение не перенесено: {src}")));
        };
        let file = self.original_file(&file);
        let alt = self
            .scan
            .attachment_by_url
            .get(without_scheme(src))
            .and_then(|id| self.scan.attachments.get(id))
            .map(|a| a.alt.clone())
            .unwrap_or_default();
        if let Some(outcome) = self.images.get(&file) {
            return Ok(outcome.clone().map(|(url, _)| (url, alt)));
        }
        let outcome = self.store_upload(&file).await?;
        self.images.insert(file, outcome.clone());
        Ok(outcome.map(|(url, _)| (url, alt)))
    }

    /// The original of a resized copy ("x-300x200.jpg" → "x.jpg") when
    /// the original is in the uploads folder (or was imported before), so
    /// that an image and its copies are stored once.
    fn original_file(&self, file: &str) -> String {
        let original = original_upload(&format!("/wp-content/uploads/{file}"))
            .and_then(|o| o.strip_prefix("/wp-content/uploads/").map(str::to_string));
        match (original, &self.options.uploads) {
            (Some(original), Some(dir))
                if safe_join(dir, &original).is_some_and(|p| p.is_file()) =>
            {
                original
            }
            _ => file.to_string(),
        }
    }

    async fn store_upload(&mut self, file: &str) -> Result<ImageOutcome, ImportError> {
        let source = self.source();
        let origin = Origin {
            source: &source,
            kind: "upload",
            key: file,
        };
        if let Some(done) = imports::find(self.db, origin).await? {
            if images::size(self.db, done.target_id).await?.is_some() {
                self.summary.count(Kind::Image).unchanged += 1;
                return Ok(Ok((format!("/media/{}", done.target_id), String::new())));
            }
        }
        let Some(dir) = &self.options.uploads else {
            self.summary.skip(Kind::Image, "не указана папка --uploads");
            return Ok(Err(format!(
                "изображение {file}: не указана папка --uploads"
            )));
        };
        let Some(path) = safe_join(dir, file) else {
            self.summary.skip(Kind::Image, "недопустимый путь");
            return Ok(Err(format!("изображение {file}: недопустимый путь")));
        };
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(_) => {
                self.summary.skip(Kind::Image, "файла нет в папке загрузок");
                return Ok(Err(format!(
                    "изображение {file}: файла нет в папке загрузок"
                )));
            }
        };
        if self.options.dry_run {
            self.summary.count(Kind::Image).imported += 1;
            return Ok(Ok(("/media/0".to_string(), String::new())));
        }
        match store_bytes(self.db, None, &bytes, self.options.now).await {
            Ok(stored) => {
                let record = Imported {
                    target_id: stored.id,
                    fingerprint: String::new(),
                    version: None,
                };
                imports::save(self.db, origin, &record, self.options.now).await?;
                let old = format!("{}/wp-content/uploads/{file}", self.scan.prefix());
                if let Some(old) = key(&old, None) {
                    self.redirect(old, stored.url.clone()).await?;
                }
                self.summary.count(Kind::Image).imported += 1;
                Ok(Ok((stored.url, String::new())))
            }
            Err(AppError::Refused(refusal)) => {
                let why = crate::messages::refusal(&refusal);
                self.summary.fail(Kind::Image, file, why.clone());
                Ok(Err(format!("изображение {file}: {why}")))
            }
            Err(error) => Err(error.into()),
        }
    }
}

/// `file` under `dir`, refusing absolute paths and `..` (an export could
/// name any file on the machine).
fn safe_join(dir: &Path, file: &str) -> Option<PathBuf> {
    let relative = Path::new(file);
    if relative
        .components()
        .all(|c| matches!(c, Component::Normal(_)))
        && !file.is_empty()
    {
        Some(dir.join(relative))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_paths_never_leave_the_uploads_folder() {
        let dir = Path::new("/srv/uploads");
        assert_eq!(
            safe_join(dir, "2026/11/x.jpg"),
            Some(PathBuf::from("/srv/uploads/2026/11/x.jpg"))
        );
        for bad in ["../etc/passwd", "/etc/passwd", "2026/../../x", ""] {
            assert_eq!(safe_join(dir, bad), None, "{bad}");
        }
    }
}
