//! Escaping for the places Leptos does not escape: the text of `<title>`
//! and `<textarea>` (see `components::raw_text`), pages the server writes
//! by hand, and the XML of feeds and sitemaps.

/// The entity for a markup character, if `c` is one.
fn entity(c: char) -> Option<&'static str> {
    match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        _ => None,
    }
}

/// `text` with `&`, `<` and `>` as entities: for the content of any
/// element, RCDATA ones (title, textarea) included. Not for attributes.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match entity(c) {
            Some(e) => out.push_str(e),
            None => out.push(c),
        }
    }
    out
}

/// Text for XML content and attribute values: markup characters and
/// quotes as entities, characters XML 1.0 forbids (most control
/// characters) dropped. Cyrillic and Kazakh letters stay as they are (the
/// documents are UTF-8).
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match (entity(c), c) {
            (Some(e), _) => out.push_str(e),
            (None, '"') => out.push_str("&quot;"),
            (None, '\'') => out.push_str("&apos;"),
            (None, '\t' | '\n' | '\r') => out.push(c),
            (None, c) if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            (None, c) => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{escape_text, escape_xml};

    #[test]
    fn xml_escaping_keeps_letters_and_drops_what_xml_forbids() {
        assert_eq!(
            escape_xml("ә <b>&\"'\u{0}\u{8}\u{b}\tӨ\u{FFFF}"),
            "ә &lt;b&gt;&amp;&quot;&apos;\tӨ"
        );
    }

    #[test]
    fn a_typed_closing_tag_cannot_end_the_textarea() {
        let typed = "Текст </textarea><script>alert(1)</script> &amp; ә";
        let escaped = escape_text(typed);
        assert!(!escaped.contains('<') && !escaped.contains('>'));
        assert_eq!(
            escaped,
            "Текст &lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; ә"
        );
    }
}
