//! The import's redirects: every old address of a public item (its
//! permalink, `?p=ID`, `?page_id=ID`) answers with a 301 to its new one,
//! written a thousand at a time.

use super::scan::Planned;
use super::summary::Kind;
use super::writer::Importer;
use super::ImportError;
use crate::db::redirects;
use crate::domain::articles::Status;
use crate::server::redirects::{key, key_of_link};
use crate::server::wordpress::rules::Fate;
use crate::server::wordpress::wxr::Item;

impl Importer<'_> {
    /// Records that old `key` now lives at `target` (written in batches).
    pub(super) async fn redirect(
        &mut self,
        key: String,
        target: String,
    ) -> Result<(), ImportError> {
        if self.options.dry_run || key == target {
            return Ok(());
        }
        self.redirects.push((key, target));
        if self.redirects.len() >= 1000 {
            self.flush_redirects().await?;
        }
        Ok(())
    }

    pub(super) async fn flush_redirects(&mut self) -> Result<(), ImportError> {
        let pending = std::mem::take(&mut self.redirects);
        redirects::save_many(self.db, &pending, self.options.now).await?;
        Ok(())
    }

    /// Old permalink, `?p=ID` → the article (published or scheduled).
    pub(super) async fn post_redirects(
        &mut self,
        item: &Item,
        plan: &Planned,
    ) -> Result<(), ImportError> {
        let public = match plan.fate {
            Fate::Article(status) => matches!(status, Status::Published | Status::Scheduled),
            Fate::Page(published) => published,
            Fate::Skipped(_) => false,
        };
        if !public || self.options.dry_run {
            return Ok(());
        }
        let ours = plan.address();
        let host = self.scan.host();
        let prefix = self.scan.prefix();
        let mut keys: Vec<String> = Vec::new();
        keys.extend(key_of_link(&item.link, &host));
        keys.extend(key_of_link(&item.guid, &host).filter(|k| k.contains('?')));
        let parameter = if plan.kind == Kind::Post {
            "p"
        } else {
            "page_id"
        };
        keys.extend(key(
            &format!("{prefix}/"),
            Some(&format!("{parameter}={}", item.post_id)),
        ));
        for key in keys {
            if key != ours {
                self.redirect(key, ours.clone()).await?;
            }
        }
        Ok(())
    }
}
