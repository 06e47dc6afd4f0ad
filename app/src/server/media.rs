//! Images editors upload: recognised by their bytes, measured, stored,
//! and served at a stable address; and their responsive sizes, made once
//! at upload (`crate::domain::images` names them).

use crate::db::{images, Db};
use crate::domain::articles::IMAGE_MAX_BYTES;
use crate::domain::images::{scaled_height, variant_widths, Format};
use crate::domain::refusal::Refusal;
use crate::domain::workspace::UploadedImage;
use crate::error::AppError;
use crate::server::accounts::User;

/// The URL of a stored image. Images never change, so it is cacheable forever.
pub fn image_url(id: i64) -> String {
    format!("/media/{id}")
}

/// The address of stored image `id`, or a refusal when there is none
/// (a chosen upload someone removed, or a forged id).
pub async fn stored_image_url(db: &Db, id: i64) -> Result<String, AppError> {
    match images::size(db, id).await? {
        Some(_) => Ok(image_url(id)),
        None => Err(AppError::Refused(Refusal::ImageNotFound)),
    }
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

/// Checks and stores an image an editor uploaded.
pub async fn store_image(
    db: &Db,
    user: &User,
    bytes: &[u8],
    now: i64,
) -> Result<UploadedImage, AppError> {
    store_bytes(db, Some(user.id), bytes, now).await
}

/// Checks and stores an image with its responsive sizes; `uploaded_by`
/// is `None` for the command line and the demo.
pub async fn store_bytes(
    db: &Db,
    uploaded_by: Option<i64>,
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
    if size.width == 0 || size.height == 0 {
        return bad(Refusal::ImageDamaged);
    }
    if (size.width as u64) * (size.height as u64) > MAX_PIXELS {
        return bad(Refusal::ImagePixels);
    }
    // Decoding and resizing take a while (a second for a 24-megapixel
    // photo): off the async workers.
    let owned = bytes.to_vec();
    let made = tokio::task::spawn_blocking(move || make_sizes(&owned))
        .await
        .map_err(|_| AppError::Internal)?;
    let Ok(sizes) = made else {
        return bad(Refusal::ImageDamaged);
    };
    let (width, height) = (sizes.width, sizes.height);
    let id = images::insert(db, content_type, width, height, bytes, uploaded_by, now).await?;
    for variant in &sizes.variants {
        images::insert_variant(db, id, variant).await?;
    }
    Ok(UploadedImage {
        id,
        url: image_url(id),
        width,
        height,
    })
}

/// The most pixels an upload may have (a 50-megapixel camera); more is
/// refused before decoding, so a small file cannot ask for gigabytes.
pub const MAX_PIXELS: u64 = 50_000_000;
/// WebP and JPEG quality: what news sites ship (visually clean photos).
const WEBP_QUALITY: f32 = 75.0;
const JPEG_QUALITY: u8 = 80;

/// The sizes made from one upload, and the upload's size as shown (after
/// its EXIF orientation, so a phone's portrait photo stays upright).
pub struct Sizes {
    pub width: i64,
    pub height: i64,
    pub variants: Vec<images::Variant>,
}

/// Decodes an upload and makes each responsive width as WebP and JPEG.
pub fn make_sizes(bytes: &[u8]) -> Result<Sizes, image::ImageError> {
    use image::{ImageDecoder, ImageReader};
    let mut reader = ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_PIXELS * 4 + 64 * 1024 * 1024);
    reader.limits(limits);
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder.orientation()?;
    let mut picture = image::DynamicImage::from_decoder(decoder)?;
    picture.apply_orientation(orientation);
    // Photos have no transparency worth keeping, and JPEG has none.
    let picture = image::DynamicImage::ImageRgb8(picture.into_rgb8());
    let (width, height) = (i64::from(picture.width()), i64::from(picture.height()));
    let mut variants = Vec::new();
    // From the largest down, each made from the one before: resizing a
    // 1600-pixel copy to 480 is far cheaper than resizing the original.
    let mut source = picture;
    for w in variant_widths(width).into_iter().rev() {
        let h = scaled_height(w, width, height);
        if i64::from(source.width()) != w {
            source =
                source.resize_exact(w as u32, h as u32, image::imageops::FilterType::CatmullRom);
        }
        for format in Format::ALL {
            variants.push(images::Variant {
                width: w,
                height: h,
                format,
                bytes: encode(&source, format)?,
            });
        }
    }
    Ok(Sizes {
        width,
        height,
        variants,
    })
}

/// A demo illustration, `width`×`height` JPEG: a sky, the sun and
/// mountain ridges in the colours of `seed` (the demo newsroom has no
/// photographs of its own).
pub fn illustration(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let hue = |offset: u32| ((seed.wrapping_mul(67) + offset) % 255) as f32 / 255.0;
    let (r, g, b) = (hue(0), hue(85), hue(170));
    let picture = image::RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32 / width as f32, y as f32 / height as f32);
        let ridge = |scale: f32, phase: f32, base: f32| {
            base + 0.08 * (fx * scale + phase).sin() + 0.04 * (fx * scale * 2.7 + phase).sin()
        };
        let sun = ((fx - 0.72).powi(2) + (fy - 0.28).powi(2)).sqrt() < 0.07;
        let shade = if fy > ridge(9.0, seed as f32, 0.72) {
            0.25
        } else if fy > ridge(5.0, seed as f32 * 0.5, 0.55) {
            0.45
        } else if sun {
            1.6
        } else {
            1.0 - fy * 0.5
        };
        let channel = |c: f32| ((0.35 + 0.55 * c) * shade * 255.0).clamp(0.0, 255.0) as u8;
        image::Rgb([channel(r), channel(g), channel(b)])
    });
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 88);
    match picture.write_with_encoder(encoder) {
        Ok(()) => out,
        Err(_) => Vec::new(),
    }
}

/// One size, encoded: lossy WebP through libwebp, or baseline JPEG.
fn encode(picture: &image::DynamicImage, format: Format) -> Result<Vec<u8>, image::ImageError> {
    let rgb = picture
        .as_rgb8()
        .map_or_else(|| picture.to_rgb8(), Clone::clone);
    match format {
        Format::WebP => {
            let encoder = webp::Encoder::from_rgb(rgb.as_raw(), rgb.width(), rgb.height());
            Ok(encoder.encode(WEBP_QUALITY).to_vec())
        }
        Format::Jpeg => {
            let mut out = Vec::new();
            let encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            rgb.write_with_encoder(encoder)?;
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A test photo: a gradient with a few shapes, as a PNG.
    fn photo(width: u32, height: u32) -> Vec<u8> {
        let picture = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([
                (x * 255 / width) as u8,
                (y * 255 / height) as u8,
                ((x ^ y) & 0xff) as u8,
            ])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        picture
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("encode");
        out.into_inner()
    }

    #[test]
    fn every_width_is_made_as_lossy_webp_and_jpeg() {
        let sizes = make_sizes(&photo(2000, 1000)).expect("sizes");
        assert_eq!((sizes.width, sizes.height), (2000, 1000));
        let made: Vec<(i64, i64, Format)> = sizes
            .variants
            .iter()
            .map(|v| (v.width, v.height, v.format))
            .collect();
        for w in [480, 800, 1200, 1600] {
            assert!(made.contains(&(w, w / 2, Format::WebP)), "{made:?}");
            assert!(made.contains(&(w, w / 2, Format::Jpeg)), "{made:?}");
        }
        for variant in &sizes.variants {
            let sniffed = sniff_image(&variant.bytes);
            assert_eq!(sniffed, Some(variant.format.content_type()));
            let size = imagesize::blob_size(&variant.bytes).expect("readable");
            assert_eq!(
                (size.width as i64, size.height as i64),
                (variant.width, variant.height)
            );
            if variant.format == Format::WebP {
                // "VP8 " is the lossy bitstream ("VP8L" would be lossless).
                assert_eq!(variant.bytes.get(12..16), Some(b"VP8 ".as_slice()));
            }
        }
    }

    #[test]
    fn a_small_image_keeps_its_width_and_garbage_is_refused() {
        let sizes = make_sizes(&photo(300, 200)).expect("sizes");
        let widths: Vec<i64> = sizes.variants.iter().map(|v| v.width).collect();
        assert_eq!(widths, vec![300, 300]);
        assert!(make_sizes(b"\x89PNG\r\n\x1a\nnot really").is_err());
    }

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
