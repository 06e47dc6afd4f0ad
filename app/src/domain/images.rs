//! Responsive images: the widths every stored image is made in, their
//! addresses, and the `srcset` a page offers. A phone then downloads the
//! size its screen needs, as WebP, instead of the uploaded original.

/// The widths made from every upload (never wider than the original).
pub const WIDTHS: [i64; 4] = [480, 800, 1200, 1600];

/// The `sizes` of an image as wide as the article column (`--measure`,
/// 42rem, with 1rem of page margin each side on a phone).
pub const ARTICLE_SIZES: &str = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";

/// The `sizes` of a list card's picture: the width of its list.
pub const CARD_SIZES: &str = "(min-width: 60rem) 40rem, calc(100vw - 2rem)";

/// The sizes a list card offers. Lists do not read image sizes, so they
/// name the two smallest widths, which every image answers
/// ([`served_width`]).
pub const CARD_WIDTHS: [i64; 2] = [480, 800];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    WebP,
    Jpeg,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::WebP, Format::Jpeg];

    pub fn extension(self) -> &'static str {
        match self {
            Format::WebP => "webp",
            Format::Jpeg => "jpg",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::WebP => "image/webp",
            Format::Jpeg => "image/jpeg",
        }
    }

    pub fn from_extension(extension: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == extension)
    }
}

/// The id of a stored image's address ("/media/12").
pub fn stored_id(url: &str) -> Option<i64> {
    url.strip_prefix("/media/")?.parse().ok()
}

/// The widths made for an original `width` pixels wide: each of
/// [`WIDTHS`] narrower than it, and the original width itself when it is
/// below the largest (so every image has at least one size).
pub fn variant_widths(width: i64) -> Vec<i64> {
    if width <= 0 {
        return Vec::new();
    }
    let mut widths: Vec<i64> = WIDTHS.into_iter().filter(|w| *w < width).collect();
    let largest = width.min(WIDTHS[WIDTHS.len() - 1]);
    if !widths.contains(&largest) {
        widths.push(largest);
    }
    widths
}

/// "/media/12/800.webp".
pub fn variant_url(id: i64, width: i64, format: Format) -> String {
    format!("/media/{id}/{width}.{}", format.extension())
}

/// "/media/12/480.webp 480w, /media/12/800.webp 800w, …".
pub fn srcset(id: i64, width: i64, format: Format) -> String {
    variant_widths(width)
        .into_iter()
        .map(|w| format!("{} {w}w", variant_url(id, w, format)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `src` for browsers that read no `srcset`: the size nearest 800.
pub fn fallback_url(id: i64, width: i64) -> String {
    let widths = variant_widths(width);
    let pick = widths
        .iter()
        .copied()
        .filter(|w| *w <= 800)
        .max()
        .or_else(|| widths.first().copied())
        .unwrap_or(width);
    variant_url(id, pick, Format::Jpeg)
}

/// Which made width answers a request for `requested` of an original
/// `width` wide: that width if it was made; for one of [`WIDTHS`] wider
/// than the original, the largest made; otherwise none (404).
pub fn served_width(requested: i64, width: i64) -> Option<i64> {
    let made = variant_widths(width);
    if made.contains(&requested) {
        Some(requested)
    } else if WIDTHS.contains(&requested) && requested > width {
        made.last().copied()
    } else {
        None
    }
}

/// A card's `srcset` ([`CARD_WIDTHS`]).
pub fn card_srcset(id: i64, format: Format) -> String {
    CARD_WIDTHS
        .iter()
        .map(|w| format!("{} {w}w", variant_url(id, *w, format)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The height of a variant `width` wide of an original `w`×`h`.
pub fn scaled_height(width: i64, w: i64, h: i64) -> i64 {
    if w <= 0 {
        return h;
    }
    ((h * width) as f64 / w as f64).round().max(1.0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_never_wider_than_the_original() {
        assert_eq!(variant_widths(4000), vec![480, 800, 1200, 1600]);
        assert_eq!(variant_widths(1600), vec![480, 800, 1200, 1600]);
        assert_eq!(variant_widths(1000), vec![480, 800, 1000]);
        assert_eq!(variant_widths(800), vec![480, 800]);
        assert_eq!(variant_widths(300), vec![300]);
        assert_eq!(variant_widths(0), Vec::<i64>::new());
    }

    #[test]
    fn srcset_lists_each_size_with_its_width() {
        assert_eq!(
            srcset(12, 1000, Format::WebP),
            "/media/12/480.webp 480w, /media/12/800.webp 800w, /media/12/1000.webp 1000w"
        );
        assert_eq!(srcset(3, 300, Format::Jpeg), "/media/3/300.jpg 300w");
        assert_eq!(fallback_url(12, 4000), "/media/12/800.jpg");
        assert_eq!(fallback_url(12, 600), "/media/12/600.jpg");
        assert_eq!(fallback_url(12, 300), "/media/12/300.jpg");
    }

    #[test]
    fn a_phone_at_three_times_density_picks_1200_not_the_original() {
        // What a browser does with srcset and sizes: the narrowest size at
        // least (slot width × DPR) wide. A 390 px phone shows the article
        // column 358 px wide (100vw − 2rem), so it needs 1074 px.
        let needed = (390.0 - 32.0) * 3.0;
        let chosen = variant_widths(4000)
            .into_iter()
            .find(|w| *w as f64 >= needed);
        assert_eq!(chosen, Some(1200));
    }

    #[test]
    fn every_image_answers_the_card_widths() {
        assert_eq!(served_width(800, 4000), Some(800));
        assert_eq!(served_width(1000, 1000), Some(1000));
        // A 300-pixel image answers 480 and 800 with its own width.
        assert_eq!(served_width(480, 300), Some(300));
        assert_eq!(served_width(800, 600), Some(600));
        // Widths nobody makes are not made on request.
        assert_eq!(served_width(1000, 4000), None);
        assert_eq!(served_width(999_999, 300), None);
        assert_eq!(served_width(300, 4000), None);
        assert_eq!(
            card_srcset(7, Format::WebP),
            "/media/7/480.webp 480w, /media/7/800.webp 800w"
        );
    }

    #[test]
    fn addresses_and_heights() {
        assert_eq!(stored_id("/media/12"), Some(12));
        assert_eq!(stored_id("/media/12/800.webp"), None);
        assert_eq!(stored_id("https://example.kz/x.png"), None);
        assert_eq!(Format::from_extension("jpg"), Some(Format::Jpeg));
        assert_eq!(Format::from_extension("png"), None);
        assert_eq!(scaled_height(800, 1600, 900), 450);
        assert_eq!(scaled_height(480, 4000, 3000), 360);
    }
}
