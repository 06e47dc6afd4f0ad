//! `/corrections` and `/kk/corrections`: the edition's recent
//! corrections, newest first, each with its article; a page of
//! accountability readers can check.

use crate::domain::lang::Lang;
use crate::domain::reader::CorrectionsData;
use crate::domain::reader::Seo;
use crate::error::AppError;
use crate::server::articles::corrections::recent;
use crate::server::seo;
use crate::server::site::Site;

pub async fn corrections(site: &Site, lang: Lang) -> Result<CorrectionsData, AppError> {
    let now = site.now();
    let words = lang.words();
    let path = lang.path("/corrections");
    let other = lang.other();
    Ok(CorrectionsData {
        now,
        seo: Seo {
            translations: seo::translations(
                &site.public_url,
                &[(other, other.path("/corrections"))],
            ),
            ..seo::page(
                &site.public_url,
                words.corrections,
                words.corrections_description,
                &path,
                lang,
            )
        },
        items: recent(&site.db, lang, now).await?,
    })
}
