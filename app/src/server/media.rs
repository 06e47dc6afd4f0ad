//! Images editors upload: recognised by their bytes, measured, stored,
//! and served at a stable address.

use crate::db::{images, Db};
use crate::domain::articles::IMAGE_MAX_BYTES;
use crate::domain::refusal::Refusal;
use crate::domain::workspace::UploadedImage;
use crate::error::AppError;
use crate::server::accounts::User;

/// The URL of a stored image. Images never change, so it is cacheable forever.
pub fn image_url(id: i64) -> String {
    format!("/media/{id}")
}

/// The image type from its first bytes (never from the file name).
pub fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP".as_slice()) {
        Some("image/webp")
    } else {
        None
    }
}

/// Checks and stores an uploaded image.
pub async fn store_image(
    db: &Db,
    user: &User,
    bytes: &[u8],
    now: i64,
) -> Result<UploadedImage, AppError> {
    let bad = |refusal: Refusal| Err(AppError::Refused(refusal));
    if bytes.is_empty() {
        return bad(Refusal::ImageMissing);
    }
    if bytes.len() > IMAGE_MAX_BYTES {
        return bad(Refusal::ImageTooLarge);
    }
    let Some(content_type) = sniff_image(bytes) else {
        return bad(Refusal::ImageFormat);
    };
    let Ok(size) = imagesize::blob_size(bytes) else {
        return bad(Refusal::ImageDamaged);
    };
    let (width, height) = (size.width as i64, size.height as i64);
    if width == 0 || height == 0 {
        return bad(Refusal::ImageDamaged);
    }
    let id = images::insert(db, content_type, width, height, bytes, user.id, now).await?;
    Ok(UploadedImage {
        id,
        url: image_url(id),
        width,
        height,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_are_recognised_by_their_bytes() {
        assert_eq!(sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff_image(b"RIFF\0\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff_image(b"GIF89a"), None);
        assert_eq!(sniff_image(b"<svg xmlns="), None);
        assert_eq!(sniff_image(b"<html>.png"), None);
        assert_eq!(sniff_image(b""), None);
    }
}
