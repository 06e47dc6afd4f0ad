//! Full-text search with Russian morphology, engine-independent parts.
//!
//! Words are reduced to their Snowball stems by the app, both when an
//! article is indexed and when a reader searches, so "выборы", "выборах"
//! and "выборов" all become "выбор". SQLite's FTS5 then only matches
//! stems (PostgreSQL's `russian` configuration uses the same Snowball
//! stemmers). Highlighting is done here too, from the article's text, so it
//! looks the same on both engines.

use crate::domain::reader::Piece;
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::HashSet;
use std::ops::Range;

/// Longer queries are cut to this many characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Words beyond this many are ignored.
const MAX_TERMS: usize = 12;

/// Byte ranges of the words of `text`: runs of letters and digits.
/// Ranges always fall on character boundaries.
pub fn word_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push(s..text.len());
    }
    spans
}

/// A word's stem: lower-cased, "ё" read as "е", Cyrillic words through the
/// Russian stemmer, Latin ones through the English one (as PostgreSQL's
/// `russian` configuration does), anything else (numbers) as typed.
pub fn stem(word: &str) -> String {
    let lower: String = word
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect();
    let algorithm = if lower.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c)) {
        Algorithm::Russian
    } else if lower.chars().any(|c| c.is_ascii_alphabetic()) {
        Algorithm::English
    } else {
        return lower;
    };
    Stemmer::create(algorithm).stem(&lower).into_owned()
}

/// What the index stores for a text: its stems, separated by spaces.
pub fn index_text(text: &str) -> String {
    let spans = word_spans(text);
    let mut out = String::with_capacity(text.len());
    for span in spans {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stem(&text[span]));
    }
    out
}

/// Short words that carry no meaning on their own; a query made only of
/// them still searches for them.
const STOP_WORDS: [&str; 24] = [
    "и", "в", "во", "на", "с", "со", "к", "ко", "по", "о", "об", "от", "до", "за", "из", "у", "не",
    "а", "но", "что", "как", "для", "это", "или",
];

/// A reader's query: terms that must all occur, each a single stem or a
/// phrase of stems (typed in quotes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Vec<String>>,
    /// Each term's words as typed, separated by spaces, for engines that
    /// stem the query themselves (PostgreSQL's `phraseto_tsquery`).
    pub typed: Vec<String>,
}

impl Query {
    /// Reads what was typed. Never fails: punctuation is ignored, an
    /// unpaired quote is ignored, and anything beyond
    /// [`MAX_QUERY_CHARS`] characters or [`MAX_TERMS`] words is dropped.
    pub fn parse(input: &str) -> Query {
        let mut cut: String = input.chars().take(MAX_QUERY_CHARS).collect();
        // A word split by the cut is dropped rather than searched half.
        if input[cut.len()..].starts_with(char::is_alphanumeric) {
            let keep = cut.trim_end_matches(char::is_alphanumeric).len();
            cut.truncate(keep);
        }
        let normalised = cut.replace(['«', '»', '“', '”', '„'], "\"");
        let segments: Vec<&str> = normalised.split('"').collect();
        // Segments at odd positions are quoted, unless the last quote is
        // unpaired (then the text after it is read as plain words).
        let paired = segments.len() % 2 == 1;
        // (stems, as typed)
        let mut phrases: Vec<(Vec<String>, String)> = Vec::new();
        // (stem, as typed, is a stop word)
        let mut words: Vec<(String, &str, bool)> = Vec::new();
        for (i, segment) in segments.iter().enumerate() {
            let quoted = i % 2 == 1 && (paired || i + 1 < segments.len());
            let spans = word_spans(segment);
            if quoted && spans.len() > 1 {
                let typed: Vec<&str> = spans.iter().map(|s| &segment[s.clone()]).collect();
                phrases.push((typed.iter().map(|w| stem(w)).collect(), typed.join(" ")));
                continue;
            }
            for span in spans {
                let word = &segment[span];
                let stop = STOP_WORDS.contains(&word.to_lowercase().as_str());
                words.push((stem(word), word, stop));
            }
        }
        let only_stop_words = phrases.is_empty() && words.iter().all(|(_, _, stop)| *stop);
        let mut query = Query::default();
        let wanted = words
            .into_iter()
            .filter(|(_, _, stop)| only_stop_words || !stop)
            .map(|(stem, typed, _)| (vec![stem], typed.to_string()));
        for (term, typed) in phrases.into_iter().chain(wanted) {
            if !query.terms.contains(&term) && query.terms.len() < MAX_TERMS {
                query.terms.push(term);
                query.typed.push(typed);
            }
        }
        query
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 MATCH expression: every term quoted (stems hold only
    /// letters and digits, so nothing typed can change the syntax), all
    /// required.
    pub fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|term| format!("\"{}\"", term.join(" ")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Every stem of the query, for highlighting.
    pub fn stems(&self) -> HashSet<String> {
        self.terms.iter().flatten().cloned().collect()
    }
}

/// Whether `word` has a stem in `stems`. Stemmers only change a word's
/// ending, so a word can match a stem only if it starts with that stem less
/// its last letter; checking that first skips stemming almost every word.
fn matches(word: &str, stems: &HashSet<String>) -> bool {
    let lower = word.to_lowercase().replace('ё', "е");
    let possible = stems.iter().any(|stem| {
        let cut = stem.char_indices().last().map_or(0, |(i, _)| i);
        lower.starts_with(&stem[..cut])
    });
    possible && stems.contains(&stem(word))
}

/// `text` in pieces, the words whose stem is in `stems` marked.
pub fn highlight(text: &str, stems: &HashSet<String>) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |text: &str, marked: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.marked == marked => last.text.push_str(text),
            _ => pieces.push(Piece {
                text: text.to_string(),
                marked,
            }),
        }
    };
    let mut at = 0;
    for span in word_spans(text) {
        if matches(&text[span.clone()], stems) {
            push(&text[at..span.start], false);
            push(&text[span.clone()], true);
            at = span.end;
        }
    }
    push(&text[at..], false);
    pieces
}

/// The passage of `text` (at most `max_words` words) with the most words
/// from `stems`, highlighted, with "…" where it was cut; `None` when no
/// word matches.
pub fn fragment(text: &str, stems: &HashSet<String>, max_words: usize) -> Option<Vec<Piece>> {
    let spans = word_spans(text);
    let hits: Vec<bool> = spans
        .iter()
        .map(|span| matches(&text[span.clone()], stems))
        .collect();
    let first_hit = hits.iter().position(|&h| h)?;
    let window = max_words.max(1).min(spans.len());
    // The window with the most hits; among equals the earliest.
    let mut count = hits[..window].iter().filter(|&&h| h).count();
    let (mut best_count, mut best_start) = (count, 0);
    for start in 1..=spans.len() - window {
        count = count - usize::from(hits[start - 1]) + usize::from(hits[start + window - 1]);
        if count > best_count {
            (best_count, best_start) = (count, start);
        }
    }
    // Begin a few words before the first hit in the window, for context.
    let first_in_window = (best_start..best_start + window)
        .find(|&i| hits[i])
        .unwrap_or(first_hit);
    let start = first_in_window
        .saturating_sub(window / 4)
        .min(spans.len() - window);
    let end = start + window - 1;
    let from = if start == 0 { 0 } else { spans[start].start };
    let to = if end + 1 == spans.len() {
        text.len()
    } else {
        spans[end].end
    };
    let mut pieces = Vec::new();
    if start > 0 {
        pieces.push(Piece {
            text: "…".into(),
            marked: false,
        });
    }
    pieces.extend(highlight(text[from..to].trim(), stems));
    if to < text.len() {
        pieces.push(Piece {
            text: "…".into(),
            marked: false,
        });
    }
    Some(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(pieces: &[Piece]) -> Vec<&str> {
        pieces
            .iter()
            .filter(|p| p.marked)
            .map(|p| p.text.as_str())
            .collect()
    }

    fn joined(pieces: &[Piece]) -> String {
        pieces.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn word_forms_share_a_stem() {
        let forms = ["выборы", "выборах", "выборов", "Выборами", "ВЫБОРЫ"];
        for form in forms {
            assert_eq!(stem(form), stem("выбор"), "{form}");
        }
        assert_eq!(stem("ёлка"), stem("елка"));
        assert_eq!(stem("Elections"), stem("election"));
        assert_eq!(stem("2026"), "2026");
        assert_ne!(stem("выборы"), stem("выход"));
    }

    #[test]
    fn words_are_split_on_anything_but_letters_and_digits() {
        let text = "Өскемен—Алматы: 14,75% «ставка» Қарағанды-2026";
        let words: Vec<&str> = word_spans(text).into_iter().map(|s| &text[s]).collect();
        assert_eq!(
            words,
            [
                "Өскемен",
                "Алматы",
                "14",
                "75",
                "ставка",
                "Қарағанды",
                "2026"
            ]
        );
        assert_eq!(index_text("Выборы в Мажилис"), "выбор в мажилис");
    }

    #[test]
    fn queries_become_quoted_required_stems() {
        let q = Query::parse("выборах в Мажилис");
        assert_eq!(q.fts5(), r#""выбор" "мажилис""#);
        let q = Query::parse(r#"итоги "базовая ставка" нацбанка"#);
        assert_eq!(q.fts5(), r#""базов ставк" "итог" "нацбанк""#);
        // A query of stop words only still searches for them.
        assert_eq!(Query::parse("и в").fts5(), r#""и" "в""#);
    }

    #[test]
    fn odd_queries_never_break_the_syntax() {
        for input in ["", "   ", "?!…—;", "\"", "\"\"", "«", "***", "()"] {
            assert!(Query::parse(input).is_empty(), "{input:?}");
        }
        // An unpaired quote is ignored; the words still count.
        assert_eq!(Query::parse("\"выборы в").fts5(), r#""выбор""#);
        assert_eq!(Query::parse("налог \"НДС").fts5(), r#""налог" "ндс""#);
        // SQL and FTS5 syntax are just words.
        let q = Query::parse("'; DROP TABLE articles; -- OR NEAR(a b) title:x*");
        assert_eq!(
            q.fts5(),
            r#""drop" "tabl" "articl" "or" "near" "a" "b" "titl" "x""#
        );
        assert!(q.fts5().chars().filter(|&c| c == '"').count() % 2 == 0);
        // Very long input is cut.
        let long = "слово ".repeat(10_000);
        assert_eq!(Query::parse(&long).terms.len(), 1);
        let many: String = (0..100).map(|i| format!("w{i} ")).collect();
        assert_eq!(Query::parse(&many).terms.len(), MAX_TERMS);
    }

    #[test]
    fn highlighting_marks_every_form_of_the_query_words() {
        let stems = Query::parse("выборы").stems();
        let pieces = highlight("О выборах и выборов — «Выборы-2026»", &stems);
        assert_eq!(marked(&pieces), ["выборах", "выборов", "Выборы"]);
        assert_eq!(joined(&pieces), "О выборах и выборов — «Выборы-2026»");
    }

    #[test]
    fn fragments_centre_on_the_matches_and_show_cuts() {
        let stems = Query::parse("тарифы").stems();
        let text = format!(
            "{} Акимат обсудил тарифы на тепло. {}",
            "слово ".repeat(50),
            "конец ".repeat(50)
        );
        let pieces = fragment(&text, &stems, 12).expect("a match");
        let shown = joined(&pieces);
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.contains("обсудил тарифы на тепло"), "{shown}");
        assert_eq!(marked(&pieces), ["тарифы"]);
        // Short text: whole, no ellipses.
        let pieces = fragment("Тарифы растут", &stems, 12).expect("a match");
        assert_eq!(joined(&pieces), "Тарифы растут");
        assert!(fragment("Ничего общего", &stems, 12).is_none());
    }
}
