//! Embed lines: a paragraph that is nothing but the address of a YouTube
//! video, a Telegram post, an X post or an Instagram post becomes an embed.
//!
//! Nothing from the other site loads with the page. In the HTML every
//! embed is a plain link (what readers without JavaScript get); the
//! article's island turns a YouTube link into a youtube-nocookie player
//! when the reader clicks it, and a Telegram link into Telegram's
//! `?embed=1` frame. X and Instagram stay link cards: their embeds need
//! their own scripts, which track readers.

use super::escape;

/// The only hosts an article page may frame: its CSP's `frame-src`.
pub const FRAME_HOSTS: [&str; 2] = ["https://www.youtube-nocookie.com", "https://t.me"];

/// A recognised embed, with only the parts checked to be safe (ids made
/// of letters, digits, `_` and `-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Embed {
    /// An 11-character video id.
    YouTube { video: String },
    /// `t.me/{channel}/{post}`.
    Telegram { channel: String, post: u64 },
    /// `x.com/{user}/status/{post}` (twitter.com too).
    XPost { user: String, post: u64 },
    /// `instagram.com/p/{code}` or `/reel/{code}`.
    Instagram { kind: &'static str, code: String },
}

/// `[A-Za-z0-9_-]`, `min..=max` long.
fn is_id(text: &str, min: usize, max: usize, dash: bool) -> bool {
    (min..=max).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || (dash && b == b'-'))
}

/// The embed a line of the body stands for, if the whole line is one
/// address we know. Query strings (`?si=…`, `&t=…`) and fragments other
/// than those named are dropped.
pub fn recognise(line: &str) -> Option<Embed> {
    let line = line.trim();
    let rest = line
        .strip_prefix("https://")
        .or_else(|| line.strip_prefix("http://"))?;
    if rest.chars().any(char::is_whitespace) {
        return None;
    }
    let (address, query) = match rest.split_once(['?', '#']) {
        Some((address, query)) => (address, query),
        None => (rest, ""),
    };
    let (host, path) = address.split_once('/').unwrap_or((address, ""));
    let host = host.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let host = host.strip_prefix("m.").unwrap_or(host);
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    let youtube = |video: &str| {
        is_id(video, 11, 11, true).then(|| Embed::YouTube {
            video: video.to_string(),
        })
    };
    match (host, parts.as_slice()) {
        ("youtube.com", ["watch"]) => query
            .split('&')
            .find_map(|pair| pair.strip_prefix("v="))
            .and_then(youtube),
        ("youtube.com", ["shorts" | "embed" | "live", video]) => youtube(video),
        ("youtube-nocookie.com", ["embed", video]) => youtube(video),
        ("youtu.be", [video]) => youtube(video),
        ("t.me" | "telegram.me", [channel, post]) if is_id(channel, 5, 32, false) => {
            Some(Embed::Telegram {
                channel: channel.to_string(),
                post: post.parse().ok().filter(|n| *n > 0)?,
            })
        }
        ("x.com" | "twitter.com", [user, "status", post]) if is_id(user, 1, 15, false) => {
            Some(Embed::XPost {
                user: user.to_string(),
                post: post.parse().ok().filter(|n| *n > 0)?,
            })
        }
        ("instagram.com", [kind @ ("p" | "reel"), code]) if is_id(code, 5, 40, true) => {
            Some(Embed::Instagram {
                kind: if *kind == "p" { "p" } else { "reel" },
                code: code.to_string(),
            })
        }
        _ => None,
    }
}

impl Embed {
    /// The address readers follow without JavaScript.
    pub fn link(&self) -> String {
        match self {
            Embed::YouTube { video } => format!("https://www.youtube.com/watch?v={video}"),
            Embed::Telegram { channel, post } => format!("https://t.me/{channel}/{post}"),
            Embed::XPost { user, post } => format!("https://x.com/{user}/status/{post}"),
            Embed::Instagram { kind, code } => format!("https://www.instagram.com/{kind}/{code}/"),
        }
    }

    /// The embed's HTML: a link, dressed as the box the player will fill.
    pub fn html(&self) -> String {
        let link = escape(&self.link());
        match self {
            Embed::YouTube { video } => format!(
                "<figure class=\"embed embed--video\"><a class=\"embed__facade\" href=\"{link}\" \
                 data-embed=\"youtube\" data-video=\"{video}\">\
                 <span class=\"embed__play\" aria-hidden=\"true\"></span>\
                 <span class=\"embed__label\">Смотреть видео на YouTube</span></a></figure>\n"
            ),
            Embed::Telegram { channel, post } => format!(
                "<figure class=\"embed embed--telegram\"><a class=\"embed__facade\" href=\"{link}\" \
                 data-embed=\"telegram\" data-post=\"{channel}/{post}\">\
                 <span class=\"embed__label\">Пост в Telegram: @{channel}</span></a></figure>\n"
            ),
            Embed::XPost { user, .. } => card(&link, "X (Twitter)", &format!("Пост @{user}")),
            Embed::Instagram { .. } => card(&link, "Instagram", "Публикация в Instagram"),
        }
    }
}

fn card(link: &str, site: &str, what: &str) -> String {
    format!(
        "<figure class=\"embed embed--card\"><a class=\"embed__card\" href=\"{link}\">\
         <span class=\"embed__site\">{site}</span> <span class=\"embed__what\">{what}</span></a></figure>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn video(id: &str) -> Option<Embed> {
        Some(Embed::YouTube { video: id.into() })
    }

    #[test]
    fn youtube_addresses_in_every_usual_shape() {
        for line in [
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42",
            "https://m.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ?si=abc",
            "https://www.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube.com/embed/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
            "  https://YOUTU.BE/dQw4w9WgXcQ  ",
        ] {
            assert_eq!(recognise(line), video("dQw4w9WgXcQ"), "{line}");
        }
    }

    #[test]
    fn telegram_x_and_instagram_posts() {
        assert_eq!(
            recognise("https://t.me/tengrinews/12345"),
            Some(Embed::Telegram {
                channel: "tengrinews".into(),
                post: 12345
            })
        );
        assert_eq!(
            recognise("https://twitter.com/Akorda_kz/status/1861234567890"),
            Some(Embed::XPost {
                user: "Akorda_kz".into(),
                post: 1861234567890
            })
        );
        assert_eq!(
            recognise("https://www.instagram.com/p/C1a2B3c4D5e/"),
            Some(Embed::Instagram {
                kind: "p",
                code: "C1a2B3c4D5e".into()
            })
        );
        assert_eq!(
            recognise("https://instagram.com/reel/C1a2B3c4D5e").map(|e| e.link()),
            Some("https://www.instagram.com/reel/C1a2B3c4D5e/".into())
        );
    }

    #[test]
    fn what_is_not_an_embed() {
        for line in [
            "",
            "youtube.com/watch?v=dQw4w9WgXcQ",
            "Смотрите https://youtu.be/dQw4w9WgXcQ",
            "https://youtu.be/dQw4w9WgXcQ и ещё",
            "https://youtu.be/short",
            "https://youtu.be/dQw4w9WgXcQ\"onload=\"x",
            "https://www.youtube.com/watch?v=<script>",
            "https://www.youtube.com/channel/UC123",
            "https://evil.example/youtube.com/watch?v=dQw4w9WgXcQ",
            "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
            "https://t.me/tengrinews",
            "https://t.me/tengrinews/0",
            "https://t.me/ab/12",
            "https://t.me/joinchat/abc",
            "https://t.me/tengri-news/12",
            "https://x.com/Akorda_kz",
            "https://x.com/Akorda_kz/status/abc",
            "https://www.instagram.com/akorda_kz/",
            "javascript:alert(1)//youtu.be/dQw4w9WgXcQ",
            "ftp://youtu.be/dQw4w9WgXcQ",
        ] {
            assert_eq!(recognise(line), None, "{line}");
        }
    }

    #[test]
    fn embeds_are_links_until_the_reader_asks() {
        let html = recognise("https://youtu.be/dQw4w9WgXcQ").map(|e| e.html());
        let html = html.unwrap_or_default();
        assert!(html.contains(r#"href="https://www.youtube.com/watch?v=dQw4w9WgXcQ""#));
        assert!(html.contains(r#"data-video="dQw4w9WgXcQ""#));
        assert!(!html.contains("<iframe"), "{html}");
        assert!(!html.contains("<img"), "no thumbnail from YouTube: {html}");
        let card = recognise("https://x.com/Akorda_kz/status/1").map(|e| e.html());
        assert!(!card.unwrap_or_default().contains("data-embed"));
    }
}
