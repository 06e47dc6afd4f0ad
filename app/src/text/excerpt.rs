//! Excerpts cut by characters (never bytes: Cyrillic is two bytes a letter)
//! at a word boundary.

/// Shortens `text` to at most `max_chars` characters, the "…" included.
///
/// Text that already fits is returned as it is (whitespace collapsed).
/// Longer text is cut at the last word boundary that leaves room for "…";
/// trailing punctuation before the cut is dropped. A single word longer than
/// the limit is cut inside the word, as there is no better place.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    if max_chars == 0 {
        return String::new();
    }
    // One pass, no list of words: every list item and meta description
    // on a page is an excerpt.
    let budget = max_chars - 1; // room for the ellipsis
    let mut out = String::with_capacity(text.len().min(max_chars * 4));
    let mut used = 0;
    // How much of `out` fits the budget, in bytes (words only).
    let mut within_budget = 0;
    let mut words = text.split_whitespace();
    let first = words.clone().next().unwrap_or_default();
    for word in words.by_ref() {
        let len = word.chars().count();
        let extra = if out.is_empty() { len } else { len + 1 };
        if used + extra > max_chars {
            return shortened(&out[..within_budget], first, budget);
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        used += extra;
        if used <= budget {
            within_budget = out.len();
        }
    }
    out
}

/// `kept` (the words that fit the budget) and "…"; a first word longer
/// than the budget is cut inside itself. Punctuation before the cut goes.
fn shortened(kept: &str, first: &str, budget: usize) -> String {
    let kept = if kept.is_empty() {
        first.chars().take(budget).collect::<String>()
    } else {
        kept.to_string()
    };
    let trimmed = kept.trim_end_matches(|c: char| c.is_ascii_punctuation() || "—–«„".contains(c));
    let mut result = if trimmed.is_empty() {
        kept.clone()
    } else {
        trimmed.to_string()
    };
    result.push('…');
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_gives_empty_excerpt() {
        assert_eq!(excerpt("", 100), "");
        assert_eq!(excerpt("   \n ", 100), "");
    }

    #[test]
    fn short_text_is_kept_whole_without_ellipsis() {
        assert_eq!(
            excerpt("Парламент принял закон.", 100),
            "Парламент принял закон."
        );
    }

    #[test]
    fn exactly_100_characters_is_not_cut() {
        let text = "ә".repeat(100);
        assert_eq!(text.len(), 200, "two bytes a letter");
        assert_eq!(excerpt(&text, 100), text);
        let words = format!("{} {}", "а".repeat(49), "б".repeat(50));
        assert_eq!(words.chars().count(), 100);
        assert_eq!(excerpt(&words, 100), words);
    }

    #[test]
    fn long_cyrillic_text_is_cut_at_a_word_boundary() {
        let text = "Министерство энергетики Казахстана сообщило, что новая солнечная \
                    станция в Жамбылской области обеспечит электроэнергией около \
                    сорока тысяч домов уже к весне следующего года.";
        let cut = excerpt(text, 100);
        assert!(cut.chars().count() <= 100, "{cut}");
        assert!(cut.ends_with('…'));
        let body = cut.trim_end_matches('…');
        assert!(text.starts_with(body));
        let next = text[body.len()..].chars().next();
        assert!(
            matches!(next, Some(' ') | Some(',')),
            "cut inside a word: {cut}"
        );
        assert_eq!(
            cut,
            "Министерство энергетики Казахстана сообщило, что новая солнечная станция в Жамбылской области…"
        );
    }

    #[test]
    fn one_word_longer_than_the_limit_is_cut_inside() {
        let text = "Ү".repeat(150);
        let cut = excerpt(&text, 100);
        assert_eq!(cut.chars().count(), 100);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn punctuation_before_the_ellipsis_is_dropped() {
        let text = format!("{}, {}", "слово ".repeat(15).trim(), "ещё ".repeat(20));
        let cut = excerpt(&text, 95);
        assert!(!cut.contains(",…"), "{cut}");
        assert!(cut.chars().count() <= 95);
    }

    #[test]
    fn whitespace_is_collapsed() {
        assert_eq!(
            excerpt("Ақтөбе\n\n  және   Қостанай", 100),
            "Ақтөбе және Қостанай"
        );
    }
}
