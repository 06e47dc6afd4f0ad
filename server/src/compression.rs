//! Content encodings: which one a request accepts, and compressing a body
//! once so that it can be sent many times.
//!
//! Three places send compressed bodies: the page cache (each cached page
//! keeps its brotli and gzip variants, made on first demand), the build
//! assets and `public/` (`static_files.rs`, compressed once per process), and everything else
//! compressible (tower-http's `CompressionLayer`, per response, at a
//! quicker level: see `http::router`).

use axum::http::{header, HeaderMap, HeaderValue};

/// An encoding we send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    Brotli,
    Gzip,
    Identity,
}

impl Encoding {
    /// The `Content-Encoding` value, if any.
    pub fn header_value(self) -> Option<HeaderValue> {
        match self {
            Encoding::Brotli => Some(HeaderValue::from_static("br")),
            Encoding::Gzip => Some(HeaderValue::from_static("gzip")),
            Encoding::Identity => None,
        }
    }

    /// A short tag for ETags and logs.
    pub fn tag(self) -> &'static str {
        match self {
            Encoding::Brotli => "br",
            Encoding::Gzip => "gz",
            Encoding::Identity => "id",
        }
    }

    /// The best encoding `Accept-Encoding` allows: brotli, then gzip, then
    /// none. A coding with `q=0` is refused; `*` stands for any other.
    pub fn preferred(headers: &HeaderMap) -> Encoding {
        let mut brotli = None;
        let mut gzip = None;
        let mut any = None;
        for value in headers.get_all(header::ACCEPT_ENCODING) {
            let Ok(text) = value.to_str() else { continue };
            for item in text.split(',') {
                let mut parts = item.split(';');
                let coding = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
                let accepted = parts
                    .filter_map(|p| p.trim().strip_prefix("q="))
                    .map(|q| q.trim().parse::<f32>().unwrap_or(0.0) > 0.0)
                    .next()
                    .unwrap_or(true);
                match coding.as_str() {
                    "br" => brotli = Some(accepted),
                    "gzip" | "x-gzip" => gzip = Some(accepted),
                    "*" => any = Some(accepted),
                    _ => {}
                }
            }
        }
        if brotli.or(any) == Some(true) {
            Encoding::Brotli
        } else if gzip.or(any) == Some(true) {
            Encoding::Gzip
        } else {
            Encoding::Identity
        }
    }
}

/// How hard to try: once-only compression can afford the best.
#[derive(Clone, Copy, Debug)]
pub enum Effort {
    /// Pages, made again whenever content changes.
    Page,
    /// Build assets, made once per process.
    Asset,
}

/// `bytes` brotli-compressed.
pub fn brotli(bytes: &[u8], effort: Effort) -> Vec<u8> {
    let quality = match effort {
        Effort::Page => 9,
        Effort::Asset => 11,
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 + 64);
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: window_bits(bytes.len()),
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut input = bytes;
    // Writing into a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    out
}

/// The smallest brotli window that holds `len` bytes (10 to 24 bits): a
/// larger one compresses no better, and the encoder sizes its buffers by
/// it (a 4 MB window for a 30 KB page held tens of megabytes a page).
fn window_bits(len: usize) -> i32 {
    let bits = usize::BITS - len.max(1).leading_zeros();
    bits.clamp(10, 24) as i32
}

/// `bytes` gzip-compressed, at the best level.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::best(),
    );
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Whether a response of this type is worth compressing. Never an event
/// stream: a compressor holds back what it has not filled a block with,
/// and an event must reach the page at once.
pub fn compressible(content_type: &str) -> bool {
    let kind = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    (kind.starts_with("text/") && kind != "text/event-stream")
        || matches!(
            kind.as_str(),
            "application/javascript"
                | "application/json"
                | "application/wasm"
                | "application/xml"
                | "application/rss+xml"
                | "application/manifest+json"
                | "image/svg+xml"
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_holds_the_body_and_no_more() {
        assert_eq!(window_bits(0), 10);
        assert_eq!(window_bits(1000), 10);
        assert_eq!(window_bits(35_000), 16);
        assert_eq!(window_bits(1 << 16), 17);
        assert_eq!(window_bits(300_000), 19);
        assert_eq!(window_bits(100 << 20), 24);
        // Compressed with it, a page reads back whole.
        let page = "<p>Новости Казахстана: Қарағанды, Өскемен.</p>".repeat(700);
        let packed = brotli(page.as_bytes(), Effort::Page);
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut packed.as_slice(), &mut unpacked).unwrap();
        assert_eq!(unpacked, page.as_bytes());
        assert!(packed.len() * 20 < page.len());
    }

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn brotli_first_then_gzip_unless_refused() {
        assert_eq!(
            Encoding::preferred(&accepting("gzip, deflate, br, zstd")),
            Encoding::Brotli
        );
        assert_eq!(Encoding::preferred(&accepting("gzip")), Encoding::Gzip);
        assert_eq!(
            Encoding::preferred(&accepting("br;q=0, gzip;q=0.5")),
            Encoding::Gzip
        );
        assert_eq!(
            Encoding::preferred(&accepting("identity")),
            Encoding::Identity
        );
        assert_eq!(Encoding::preferred(&accepting("*")), Encoding::Brotli);
        assert_eq!(Encoding::preferred(&accepting("*;q=0")), Encoding::Identity);
        assert_eq!(Encoding::preferred(&HeaderMap::new()), Encoding::Identity);
    }

    #[test]
    fn compressed_bodies_come_back_whole() {
        use std::io::Read;
        let text = "Қазақстан жаңалықтары — новости. ".repeat(200);
        let packed = brotli(text.as_bytes(), Effort::Page);
        assert!(packed.len() < text.len() / 5);
        let mut back = Vec::new();
        brotli::Decompressor::new(packed.as_slice(), 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text.as_bytes());
        let packed = gzip(text.as_bytes());
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(packed.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text.as_bytes());
    }

    #[test]
    fn text_and_code_are_compressible_images_not() {
        for kind in [
            "text/html; charset=utf-8",
            "application/wasm",
            "application/rss+xml; charset=utf-8",
            "image/svg+xml",
        ] {
            assert!(compressible(kind), "{kind}");
        }
        for kind in ["image/png", "image/webp", "application/octet-stream"] {
            assert!(!compressible(kind), "{kind}");
        }
    }
}
