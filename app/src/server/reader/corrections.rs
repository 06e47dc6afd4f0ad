//! `/corrections`: the newsroom's recent corrections, newest first, each
//! with its article; a page of accountability readers can check.

use crate::domain::reader::CorrectionsData;
use crate::error::AppError;
use crate::server::articles::corrections::recent;
use crate::server::seo;
use crate::server::site::Site;

pub async fn corrections(site: &Site) -> Result<CorrectionsData, AppError> {
    let now = site.now();
    Ok(CorrectionsData {
        now,
        seo: seo::page(
            &site.public_url,
            "Исправления",
            "Ошибки, которые редакция исправила в опубликованных материалах.",
            "/corrections",
            crate::domain::lang::Lang::Ru,
        ),
        items: recent(&site.db, now).await?,
    })
}
