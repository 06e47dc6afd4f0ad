//! What a Telegram channel gets for an article (docs/reach.md): the
//! headline in bold, the lead (or the editors' own text), the latest
//! correction in italics, and the link, in the Bot API's HTML parse
//! mode, within its limits.
//!
//! Telegram counts a message's length after parsing its entities, in
//! UTF-16 code units: 1,024 for a photo's caption, 4,096 for a text. The
//! lead is shortened (at a word, with «…») so that the headline and the
//! link always fit.

use crate::domain::lang::Lang;

/// A photo's caption, at most.
pub const CAPTION_LIMIT: usize = 1024;
/// A text message, at most.
pub const TEXT_LIMIT: usize = 4096;

/// An article as a channel shows it.
#[derive(Clone, Copy, Debug)]
pub struct Post<'a> {
    pub title: &'a str,
    pub lead: &'a str,
    /// The editors' text for Telegram; empty: the lead.
    pub custom_text: &'a str,
    /// The article's address, absolute.
    pub url: &'a str,
    pub breaking: bool,
    /// The latest correction's note, shown as the page shows it.
    pub correction: Option<&'a str>,
    pub lang: Lang,
}

/// Escapes text for the HTML parse mode: `<`, `>` and `&` (and `"`, for
/// the link's attribute), as the Bot API documents.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The length Telegram counts: UTF-16 code units of the visible text.
pub fn visible_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// `text` cut to at most `budget` UTF-16 units, at a word where one is
/// near, with «…»; unchanged when it fits.
fn shortened(text: &str, budget: usize) -> String {
    if visible_len(text) <= budget {
        return text.to_string();
    }
    if budget == 0 {
        return String::new();
    }
    let mut used = 0;
    let mut end = 0;
    for (at, c) in text.char_indices() {
        // One unit stays for the ellipsis.
        if used + c.len_utf16() > budget - 1 {
            break;
        }
        used += c.len_utf16();
        end = at + c.len_utf8();
    }
    let cut = &text[..end];
    // Back to the last space, unless that loses more than a fifth.
    let at_word = match cut.rfind(char::is_whitespace) {
        Some(space) if space * 5 >= end * 4 => &cut[..space],
        _ => cut,
    };
    format!("{}…", at_word.trim_end())
}

/// The message for `post`, at most `limit` long as Telegram counts.
pub fn message(post: &Post<'_>, limit: usize) -> String {
    let words = post.lang.words();
    let flag = if post.breaking {
        format!("{}\n", words.breaking_flash)
    } else {
        String::new()
    };
    let body = match post.custom_text.trim() {
        "" => post.lead.trim(),
        custom => custom,
    };
    let link_text = words.telegram_read_more;
    // What is always there: the flag, the headline, two breaks, the link.
    let frame = visible_len(&flag) + visible_len(link_text) + 2;
    let title = shortened(
        post.title.trim(),
        limit.saturating_sub(frame).min(limit / 2),
    );
    let correction = post
        .correction
        .map(str::trim)
        .filter(|note| !note.is_empty())
        .map(|note| {
            // «Исправление, 12 ноября» on the page; the channel has no date.
            let label = words.correction.trim_end_matches([',', ' ']);
            let room = (limit / 4).saturating_sub(visible_len(label) + 3);
            format!("{label}: {}", shortened(note, room))
        });
    let fixed =
        frame + visible_len(&title) + correction.as_deref().map_or(0, |c| visible_len(c) + 2);
    let body = shortened(body, limit.saturating_sub(fixed + 4));
    let mut out = format!("{flag}<b>{}</b>", escape(&title));
    if !body.is_empty() {
        out.push_str("\n\n");
        out.push_str(&escape(&body));
    }
    if let Some(correction) = correction {
        out.push_str(&format!("\n\n<i>{}</i>", escape(&correction)));
    }
    out.push_str(&format!(
        "\n\n<a href=\"{}\">{}</a>",
        escape(post.url),
        escape(link_text)
    ));
    out
}

/// The visible text of a message made by [`message`] (tags dropped,
/// entities decoded): what Telegram counts, for the tests.
pub fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Whether a chat is one the Bot API can address: `@name` (5–32 letters,
/// digits and underscores) or a numeric id (`-100…`).
pub fn plausible_chat(chat: &str) -> bool {
    match chat.strip_prefix('@') {
        Some(name) => {
            (5..=32).contains(&name.len())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                && name.as_bytes()[0].is_ascii_alphabetic()
        }
        None => {
            let digits = chat.strip_prefix('-').unwrap_or(chat);
            !digits.is_empty() && digits.len() <= 20 && digits.bytes().all(|b| b.is_ascii_digit())
        }
    }
}

/// Whether `token` looks like a bot token @BotFather gives:
/// "123456789:AAE…" (the bot's id, a colon, 30–50 letters, digits, `_`
/// and `-`). Nothing else is sent to the Bot API in its address.
pub fn plausible_token(token: &str) -> bool {
    let Some((id, secret)) = token.split_once(':') else {
        return false;
    };
    (1..=20).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_digit())
        && (30..=50).contains(&secret.len())
        && secret
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// `QALAM_TELEGRAM_CHANNELS` ("ru=@qalam_news,kk=@qalam_kz"): each
/// edition's channels. `Err` names the first entry that is neither.
pub fn parse_channels(spec: &str) -> Result<Vec<(Lang, String)>, String> {
    let mut channels = Vec::new();
    for entry in spec.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let parsed = entry.split_once('=').and_then(|(lang, chat)| {
            let chat = chat.trim();
            Some((Lang::from_code(lang.trim())?, chat.to_string())).filter(|_| plausible_chat(chat))
        });
        match parsed {
            Some(channel) if !channels.contains(&channel) => channels.push(channel),
            Some(_) => {}
            None => return Err(format!("{entry:?}: expected ru=@channel or kk=-100…")),
        }
    }
    Ok(channels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bot_tokens_look_as_botfather_gives_them() {
        assert!(plausible_token(
            "123456789:AAEhBP0av28PnN6xXx4Yy3u-FmlabcdefgH"
        ));
        for bad in [
            "",
            "123456789",
            ":AAEhBP0av28PnN6xXx4Yy3u-FmlabcdefgH",
            "12a:AAEhBP0av28PnN6xXx4Yy3u-FmlabcdefgH",
            "123:short",
            "123:AAEhBP0av28PnN6xXx4Yy3u/FmlabcdefgH",
            "123:AAEhBP0av28PnN6xXx4Yy3u FmlabcdefgH",
            "123:ААЕhBP0av28PnN6xXx4Yy3u-FmlabcdefgH",
        ] {
            assert!(!plausible_token(bad), "{bad:?}");
        }
    }

    fn post<'a>(title: &'a str, lead: &'a str) -> Post<'a> {
        Post {
            title,
            lead,
            custom_text: "",
            url: "https://qalam.kz/news/x",
            breaking: false,
            correction: None,
            lang: Lang::Ru,
        }
    }

    #[test]
    fn the_headline_is_bold_and_everything_is_escaped() {
        let text = message(
            &post("Тоқаев & <Мажилис>", "«Закон» > всего"),
            CAPTION_LIMIT,
        );
        assert_eq!(
            text,
            "<b>Тоқаев &amp; &lt;Мажилис&gt;</b>\n\n«Закон» &gt; всего\n\n\
             <a href=\"https://qalam.kz/news/x\">Читать на сайте</a>"
        );
    }

    #[test]
    fn breaking_news_is_marked_in_the_edition_s_language() {
        let mut kazakh = post("Алматыда жер сілкінді", "Қала тұрғындары сезді.");
        kazakh.breaking = true;
        kazakh.lang = Lang::Kk;
        let text = message(&kazakh, TEXT_LIMIT);
        assert!(text.starts_with("⚡️ Шұғыл\n<b>"), "{text}");
        assert!(text.ends_with(">Толығырақ</a>"), "{text}");
    }

    #[test]
    fn the_editors_text_replaces_the_lead() {
        let mut own = post("Заголовок", "Лид.");
        own.custom_text = "  Свой текст для канала.  ";
        let text = message(&own, CAPTION_LIMIT);
        assert!(text.contains("Свой текст для канала.") && !text.contains("Лид."));
    }

    #[test]
    fn a_long_lead_is_cut_at_a_word_to_fit_the_caption() {
        let lead = "слово ".repeat(400);
        let text = message(&post("Заголовок", &lead), CAPTION_LIMIT);
        let visible = visible_text(&text);
        assert!(
            visible_len(&visible) <= CAPTION_LIMIT,
            "{}",
            visible_len(&visible)
        );
        assert!(visible.contains("слово…\n\nЧитать на сайте"), "{visible}");
        // Emoji count twice (UTF-16), and the cut still fits.
        let emoji = "😀".repeat(2000);
        let text = message(&post(&emoji, &emoji), CAPTION_LIMIT);
        assert!(visible_len(&visible_text(&text)) <= CAPTION_LIMIT);
        assert!(text.ends_with("Читать на сайте</a>"));
    }

    #[test]
    fn a_correction_shows_under_the_lead() {
        let mut corrected = post("Заголовок", "Лид.");
        corrected.correction = Some("Исправлена дата заседания.");
        let text = message(&corrected, TEXT_LIMIT);
        assert!(
            text.contains("Лид.\n\n<i>Исправление: Исправлена дата заседания.</i>\n\n<a "),
            "{text}"
        );
    }

    #[test]
    fn naughty_strings_stay_text() {
        for naughty in [
            "<script>alert(1)</script>",
            "</b><a href=\"javascript:alert(1)\">x</a>",
            "&amp; &lt;",
            "\u{202e}обратно",
            "\0",
            "",
        ] {
            let text = message(&post(naughty, naughty), CAPTION_LIMIT);
            let visible = visible_text(&text);
            if !naughty.is_empty() {
                assert!(visible.contains(naughty.trim()), "{naughty:?} → {text}");
            }
            // Only our own tags.
            let tags: Vec<&str> = text
                .match_indices('<')
                .map(|(i, _)| &text[i..i + 2])
                .collect();
            assert!(
                tags.iter().all(|t| ["<b", "</", "<a", "<i"].contains(t)),
                "{naughty:?} → {text}"
            );
            assert_eq!(text.matches("<b>").count(), 1);
            assert_eq!(text.matches("<a ").count(), 1);
        }
    }

    #[test]
    fn channels_come_from_one_variable() {
        assert_eq!(
            parse_channels("ru=@qalam_news, kk=@qalam_kz,ru=-1001234567890").unwrap(),
            vec![
                (Lang::Ru, "@qalam_news".to_string()),
                (Lang::Kk, "@qalam_kz".to_string()),
                (Lang::Ru, "-1001234567890".to_string()),
            ]
        );
        assert_eq!(parse_channels("").unwrap(), vec![]);
        for bad in ["en=@qalam", "ru=qalam", "ru=@ab", "ru", "ru=@qa lam"] {
            assert!(parse_channels(bad).is_err(), "{bad}");
        }
    }
}
