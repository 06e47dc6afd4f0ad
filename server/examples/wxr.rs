//! Writes a generated WordPress export for the import benchmark:
//!
//!   cargo run --release -p server --features app/ssr --example wxr -- POSTS FILE
//!
//! POSTS posts of about 1.5 KB of block markup each
//! (`app::server::wordpress::sample`).

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let posts: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let file = args.next().unwrap_or_else(|| "export.xml".into());
    let mut out = std::io::BufWriter::new(std::fs::File::create(&file)?);
    app::server::wordpress::sample::write_export(&mut out, posts, false)?;
    let size = std::fs::metadata(&file)?.len();
    println!("{file}: {posts} posts, {:.0} MB", size as f64 / 1_048_576.0);
    Ok(())
}
