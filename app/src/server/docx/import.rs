//! A `.docx` made markup for the article form: its images stored like any
//! upload (refused formats — Word's EMF drawings — left out and counted),
//! its HTML converted by the one HTML-to-markup converter.

use super::{to_html, IMAGE_SCHEME};
use crate::db::Db;
use crate::domain::workspace::FromDocx;
use crate::error::AppError;
use crate::server::accounts::User;
use crate::server::media::store_image;
use crate::server::wordpress::content::{to_markup, Attachment, Context};
use std::collections::HashMap;

/// Images stored from the document, by their address in its HTML.
struct Stored(HashMap<String, String>);

impl Context for Stored {
    fn attachment(&self, _id: i64) -> Option<&Attachment> {
        None
    }
    fn attachments_of(&self, _id: i64) -> Vec<&Attachment> {
        Vec::new()
    }
    fn image(&self, src: &str) -> Option<(String, String)> {
        self.0.get(src).map(|url| (url.clone(), String::new()))
    }
    fn link(&self, _href: &str) -> Option<String> {
        None
    }
}

/// Reads `bytes` as a `.docx` and stores its images for `user`.
pub async fn from_docx(db: &Db, user: &User, bytes: &[u8], now: i64) -> Result<FromDocx, AppError> {
    let document = to_html(bytes)?;
    let mut stored = HashMap::new();
    let mut left_out = 0;
    for (address, image) in &document.images {
        match store_image(db, user, image, now).await {
            Ok(kept) => {
                stored.insert(address.clone(), kept.url);
            }
            Err(AppError::Refused(_)) => left_out += 1,
            Err(error) => return Err(error),
        }
    }
    let converted = to_markup(&document.html, &Stored(stored));
    // Images the converter met but could not place were counted above.
    debug_assert!(converted
        .missing_images
        .iter()
        .all(|src| src.starts_with(IMAGE_SCHEME)));
    Ok(FromDocx {
        markup: converted.markup,
        images_left_out: left_out,
    })
}
