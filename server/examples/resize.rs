//! Benchmark (not a test): the time and memory to make the responsive
//! sizes of one large upload, as `store_image` does at upload.
//!
//!   cargo run --release -p server --features app/ssr --example resize [FILE]
//!
//! Without FILE it makes an 8 MB photo-like JPEG (4000×3000, fine noise
//! over gradients, as a camera's high-ISO shot compresses) and uses that.
//! Prints the upload's size, the time per run (3 runs, the median too),
//! the bytes of every size made, and the process's peak memory (VmHWM).

use std::time::Instant;

/// Chosen so the photo is about 8 MB, the most an upload may be.
const QUALITY: u8 = 92;

fn photo() -> Vec<u8> {
    let (w, h) = (4000u32, 3000u32);
    let mut seed = 0x2545_f491_u32;
    let picture = image::RgbImage::from_fn(w, h, |x, y| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let noise = (seed % 64) as i32 - 32;
        let base = |v: u32, span: u32| (v * 200 / span) as i32 + 28;
        let c = |v: i32| v.clamp(0, 255) as u8;
        image::Rgb([
            c(base(x, w) + noise),
            c(base(y, h) + noise),
            c(base(x + y, w + h) + noise / 2),
        ])
    });
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY);
    picture.write_with_encoder(encoder).expect("encode");
    out
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let bytes = match std::env::args().nth(1) {
        Some(path) => std::fs::read(&path).expect("read the file"),
        None => photo(),
    };
    let before = peak_memory_kib().unwrap_or(0);
    let size = imagesize::blob_size(&bytes).expect("an image");
    println!(
        "upload: {:.1} MB, {}×{}",
        bytes.len() as f64 / 1_048_576.0,
        size.width,
        size.height
    );
    let mut times = Vec::new();
    let mut made = None;
    for _ in 0..3 {
        let start = Instant::now();
        let sizes = app::server::media::make_sizes(&bytes).expect("sizes");
        times.push(start.elapsed().as_secs_f64());
        made = Some(sizes);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "make_sizes: {:.2} s median ({:.2} / {:.2} / {:.2} s)",
        times[1], times[0], times[1], times[2]
    );
    if let Some(sizes) = made {
        for v in &sizes.variants {
            println!(
                "  {:>4}×{:<4} {:<4} {:>8} bytes",
                v.width,
                v.height,
                v.format.extension(),
                v.bytes.len()
            );
        }
    }
    let peak = peak_memory_kib().unwrap_or(0);
    println!(
        "peak memory: {:.0} MB (the upload itself and this program: {:.0} MB)",
        peak as f64 / 1024.0,
        before as f64 / 1024.0
    );
}
