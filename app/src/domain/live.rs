//! Live coverage: a live story's updates as readers and editors see them,
//! what open pages are pushed, and the breaking-news bar's timing.

use super::articles::{has_control_characters, Status};
pub use super::articles::{BREAKING_HOURS_DEFAULT, BREAKING_HOURS_MAX};
use super::refusal::{FieldErrors, Refusal};
use crate::domain::lang::Lang;
use serde::{Deserialize, Serialize};

/// An update's headline and body limits.
pub const UPDATE_HEADLINE_MAX_CHARS: usize = 150;
pub const UPDATE_BODY_MAX_CHARS: usize = 20_000;

/// One update of a live story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveUpdate {
    pub id: i64,
    pub headline: String,
    /// Sanitised HTML, rendered from the editors' markup when saved.
    pub body_html: String,
    pub author: String,
    pub author_href: String,
    pub pinned: bool,
    pub at: i64,
    /// Set when the update was edited after it appeared.
    pub edited_at: Option<i64>,
    /// The headline, or the text's beginning: what screen readers announce
    /// and search engines list.
    pub summary: String,
}

/// A live story's coverage, on its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveCoverage {
    pub article_id: i64,
    pub started_at: i64,
    /// «Трансляция завершена» once set.
    pub ended_at: Option<i64>,
    /// The pinned update first, then the newest first.
    pub updates: Vec<LiveUpdate>,
}

/// In the order readers read them: the pinned update first, then the
/// newest first.
pub fn reading_order(updates: &mut [LiveUpdate]) {
    updates.sort_by_key(|u| reading_key(u.pinned, u.at, u.id));
}

/// Where an update reads: lower keys come first.
pub type ReadingKey = (bool, std::cmp::Reverse<(i64, i64)>);

/// An update's [`ReadingKey`]. The page and the browser placing a pushed
/// update (`components::live`) both order by it.
pub fn reading_key(pinned: bool, at: i64, id: i64) -> ReadingKey {
    (!pinned, std::cmp::Reverse((at, id)))
}

/// A new or edited update as open pages are sent it: its list item as
/// the server renders it (sanitised body, escaped text), where it reads,
/// and what screen readers are told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushedUpdate {
    pub id: i64,
    pub pinned: bool,
    pub at: i64,
    pub summary: String,
    pub html: String,
}

/// The update form's field names.
pub mod field {
    pub const HEADLINE: &str = "headline";
    pub const BODY: &str = "body";
    /// A checkbox: present means on.
    pub const PINNED: &str = "pinned";
    /// «Важное»: the story's followers get a push (a checkbox too).
    pub const IMPORTANT: &str = "important";
}

/// An update as typed in the workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UpdateForm {
    pub headline: String,
    /// In the editors' markup.
    pub body: String,
    pub pinned: bool,
    /// Its followers get a push (pinned updates are sent too).
    #[serde(default)]
    pub important: bool,
}

impl UpdateForm {
    /// The form as a browser posts it, by field name.
    pub fn from_fields(field: impl Fn(&str) -> Option<String>) -> UpdateForm {
        UpdateForm {
            headline: field(field::HEADLINE).unwrap_or_default(),
            body: field(field::BODY).unwrap_or_default(),
            pinned: field(field::PINNED).is_some(),
            important: field(field::IMPORTANT).is_some(),
        }
    }
}

/// What is wrong with an update, field by field.
pub fn validate_update(form: &UpdateForm) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let headline = form.headline.trim();
    if headline.chars().count() > UPDATE_HEADLINE_MAX_CHARS {
        errors.insert(field::HEADLINE.into(), Refusal::UpdateHeadlineTooLong);
    } else if has_control_characters(headline, false) {
        errors.insert(field::HEADLINE.into(), Refusal::TextControl);
    }
    let body = form.body.trim();
    if body.is_empty() {
        errors.insert(field::BODY.into(), Refusal::UpdateBodyMissing);
    } else if body.chars().count() > UPDATE_BODY_MAX_CHARS {
        errors.insert(field::BODY.into(), Refusal::UpdateBodyTooLong);
    } else if has_control_characters(body, true) {
        errors.insert(field::BODY.into(), Refusal::BodyControl);
    }
    errors
}

/// What posting an update came to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum UpdateOutcome {
    Posted(LiveUpdate),
    Invalid(FieldErrors),
}

/// A refused update form, to show again with what was typed (the server
/// renders the workspace with it after a plain post): which update
/// (`None`: the new one), the form, and why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateReplay {
    pub update: Option<i64>,
    pub form: UpdateForm,
    pub errors: FieldErrors,
}

/// A live story in the workspace: its updates, editable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveDesk {
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
    /// Newest first, with their markup for editing.
    pub updates: Vec<DeskUpdate>,
    /// Whether the signed-in person may add and change updates.
    pub may_post: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskUpdate {
    pub id: i64,
    pub form: UpdateForm,
    pub author: String,
    pub at: i64,
}

/// The story the breaking-news bar is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakingNews {
    pub article_id: i64,
    pub title: String,
    pub slug: String,
    /// When the bar goes (the browser hides it then on its own).
    pub until: i64,
}

/// A `breaking` event as the browser reads it (`Push::Breaking`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct BreakingPush {
    /// The edition whose pages show it.
    pub lang: Lang,
    pub html: String,
}

/// How many dismissed stories a browser remembers: a bar lasts hours.
pub const DISMISSED_KEPT: usize = 20;

/// The dismissed stories' ids as kept in the browser (`[3,17]`); anything
/// unreadable counts as none.
pub fn parse_dismissed(text: &str) -> Vec<i64> {
    let Some(inner) = text
        .trim()
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
    else {
        return Vec::new();
    };
    inner
        .split(',')
        .filter_map(|id| id.trim().parse().ok())
        .collect()
}

/// The dismissed stories' ids as the browser keeps them, for
/// [`parse_dismissed`].
pub fn format_dismissed(ids: &[i64]) -> String {
    let ids: Vec<String> = ids.iter().map(i64::to_string).collect();
    format!("[{}]", ids.join(","))
}

/// `ids` with `id` dismissed too, the newest [`DISMISSED_KEPT`] only.
pub fn dismissed_after(ids: &[i64], id: i64) -> Vec<i64> {
    let mut ids: Vec<i64> = ids.iter().copied().filter(|&i| i != id).collect();
    ids.push(id);
    let drop = ids.len().saturating_sub(DISMISSED_KEPT);
    ids.drain(..drop);
    ids
}

/// What an open page is told, as the event stream carries it
/// (`event:` name and JSON data).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Push {
    /// A new or edited update of live story `article`.
    Update { article: i64, update: PushedUpdate },
    /// An update deleted.
    Remove { article: i64, id: i64 },
    /// The coverage of `article` ended.
    Ended { article: i64, at: i64 },
    /// The breaking-news bar as `lang`'s pages show it
    /// (`components::breaking`), empty when there is none.
    Breaking { lang: Lang, html: String },
    /// The newest articles changed: the ticker should fetch them.
    Ticker,
}

impl Push {
    /// The event's name in the stream.
    pub fn name(&self) -> &'static str {
        match self {
            Push::Update { .. } => "update",
            Push::Remove { .. } => "remove",
            Push::Ended { .. } => "ended",
            Push::Breaking { .. } => "breaking",
            Push::Ticker => "ticker",
        }
    }

    /// The live story it is about, if any: a stream opened for one story
    /// gets only that story's updates.
    pub fn article(&self) -> Option<i64> {
        match self {
            Push::Update { article, .. }
            | Push::Remove { article, .. }
            | Push::Ended { article, .. } => Some(*article),
            Push::Breaking { .. } | Push::Ticker => None,
        }
    }
}

/// An article's breaking-bar state as stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BreakingWindow {
    pub since: Option<i64>,
    pub until: Option<i64>,
    pub hours: i64,
}

/// Whether an article in `status` flagged `breaking` is (or is about to
/// be) out with the flag: published or scheduled.
fn flagged_out(status: Status, breaking: bool) -> bool {
    breaking && matches!(status, Status::Published | Status::Scheduled)
}

/// The bar's window after a save. Publishing a breaking article, or
/// flagging a published (or scheduled) one, starts it: at the publish time,
/// or now if that is past, for `hours`. A save of an article already out
/// with the flag keeps its start (so fixing a typo neither restarts the
/// bar nor brings back one taken down); changing the hours moves the end.
/// No flag, or not out: no bar.
pub fn breaking_window(
    before: Option<(Status, bool, BreakingWindow)>,
    status: Status,
    breaking: bool,
    published_at: Option<i64>,
    hours: i64,
    now: i64,
) -> BreakingWindow {
    let hours = hours.clamp(1, BREAKING_HOURS_MAX);
    if !flagged_out(status, breaking) {
        return BreakingWindow {
            since: None,
            until: None,
            hours,
        };
    }
    match before {
        Some((was_status, was_breaking, window))
            if flagged_out(was_status, was_breaking) && window.since.is_some() =>
        {
            let since = window.since;
            let until = if hours == window.hours {
                window.until
            } else {
                since.map(|s| s + hours * 3600)
            };
            BreakingWindow {
                since,
                until,
                hours,
            }
        }
        _ => {
            let start = published_at.unwrap_or(now).max(now);
            BreakingWindow {
                since: Some(start),
                until: Some(start + hours * 3600),
                hours,
            }
        }
    }
}

/// Whether the bar shows at `now` for a stored article.
pub fn bar_shows(
    status: Status,
    breaking: bool,
    published_at: Option<i64>,
    window: BreakingWindow,
    now: i64,
) -> bool {
    status == Status::Published
        && breaking
        && published_at.is_some_and(|p| p <= now)
        && window.since.is_some_and(|s| s <= now)
        && window.until.is_some_and(|u| now < u)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_000_000;
    const HOUR: i64 = 3600;

    fn out(since: i64, until: i64, hours: i64) -> Option<(Status, bool, BreakingWindow)> {
        Some((
            Status::Published,
            true,
            BreakingWindow {
                since: Some(since),
                until: Some(until),
                hours,
            },
        ))
    }

    #[test]
    fn publishing_or_flagging_starts_the_bar_for_its_hours() {
        let new = breaking_window(None, Status::Published, true, Some(NOW), 2, NOW);
        assert_eq!((new.since, new.until), (Some(NOW), Some(NOW + 2 * HOUR)));
        assert!(bar_shows(Status::Published, true, Some(NOW), new, NOW));
        assert!(bar_shows(
            Status::Published,
            true,
            Some(NOW),
            new,
            NOW + 2 * HOUR - 1
        ));
        assert!(!bar_shows(
            Status::Published,
            true,
            Some(NOW),
            new,
            NOW + 2 * HOUR
        ));
        // Flagging a story published yesterday starts the bar now.
        let unflagged = Some((Status::Published, false, BreakingWindow::default()));
        let flagged = breaking_window(
            unflagged,
            Status::Published,
            true,
            Some(NOW - 86_400),
            3,
            NOW,
        );
        assert_eq!(flagged.since, Some(NOW));
        assert_eq!(flagged.until, Some(NOW + 3 * HOUR));
        // A scheduled story's bar starts when it appears.
        let later = breaking_window(None, Status::Scheduled, true, Some(NOW + HOUR), 2, NOW);
        assert_eq!(later.since, Some(NOW + HOUR));
        assert!(!bar_shows(
            Status::Scheduled,
            true,
            Some(NOW + HOUR),
            later,
            NOW + HOUR
        ));
        assert!(bar_shows(
            Status::Published,
            true,
            Some(NOW + HOUR),
            later,
            NOW + HOUR
        ));
    }

    #[test]
    fn saving_again_keeps_the_start_and_a_taken_down_bar_stays_down() {
        let typo = breaking_window(
            out(NOW, NOW + 2 * HOUR, 2),
            Status::Published,
            true,
            Some(NOW),
            2,
            NOW + 600,
        );
        assert_eq!((typo.since, typo.until), (Some(NOW), Some(NOW + 2 * HOUR)));
        let taken_down = out(NOW, NOW + 600, 2);
        let after = breaking_window(taken_down, Status::Published, true, Some(NOW), 2, NOW + 900);
        assert_eq!(after.until, Some(NOW + 600));
        assert!(!bar_shows(
            Status::Published,
            true,
            Some(NOW),
            after,
            NOW + 900
        ));
        // New hours move the end from the same start.
        let longer = breaking_window(
            out(NOW, NOW + 2 * HOUR, 2),
            Status::Published,
            true,
            Some(NOW),
            5,
            NOW + 600,
        );
        assert_eq!(longer.until, Some(NOW + 5 * HOUR));
    }

    #[test]
    fn no_flag_or_not_out_means_no_bar_and_hours_stay_in_bounds() {
        let off = breaking_window(
            out(NOW, NOW + HOUR, 1),
            Status::Published,
            false,
            Some(NOW),
            2,
            NOW,
        );
        assert_eq!((off.since, off.until), (None, None));
        let draft = breaking_window(None, Status::Draft, true, None, 2, NOW);
        assert_eq!(draft.until, None);
        let huge = breaking_window(None, Status::Published, true, Some(NOW), 1000, NOW);
        assert_eq!(huge.until, Some(NOW + BREAKING_HOURS_MAX * HOUR));
        // Unflagged then flagged again: a new bar.
        let again = breaking_window(
            Some((Status::Published, false, BreakingWindow::default())),
            Status::Published,
            true,
            Some(NOW - HOUR),
            2,
            NOW,
        );
        assert_eq!(again.since, Some(NOW));
    }

    #[test]
    fn an_update_needs_text_and_short_headlines() {
        let form = |headline: &str, body: &str| UpdateForm {
            headline: headline.into(),
            body: body.into(),
            pinned: false,
            important: false,
        };
        assert!(validate_update(&form("", "Явка к полудню — 41%.")).is_empty());
        assert_eq!(
            validate_update(&form("Итоги", "  ")).get(field::BODY),
            Some(&Refusal::UpdateBodyMissing)
        );
        assert_eq!(
            validate_update(&form(&"ы".repeat(151), "Текст")).get(field::HEADLINE),
            Some(&Refusal::UpdateHeadlineTooLong)
        );
        assert_eq!(
            validate_update(&form("Итоги", "Текст\u{0}")).get(field::BODY),
            Some(&Refusal::BodyControl)
        );
        let posted = UpdateForm::from_fields(|name| match name {
            field::BODY => Some("Текст".into()),
            field::PINNED => Some("on".into()),
            _ => None,
        });
        assert!(posted.pinned && posted.headline.is_empty());
    }

    #[test]
    fn updates_read_pinned_first_then_newest_first() {
        let update = |id: i64, at: i64, pinned: bool| LiveUpdate {
            id,
            headline: String::new(),
            body_html: String::new(),
            author: String::new(),
            author_href: String::new(),
            pinned,
            at,
            edited_at: None,
            summary: String::new(),
        };
        let mut updates = vec![
            update(1, 10, false),
            update(2, 30, false),
            update(3, 20, true),
        ];
        reading_order(&mut updates);
        let ids: Vec<i64> = updates.iter().map(|u| u.id).collect();
        assert_eq!(ids, [3, 2, 1]);
        let push = Push::Remove { article: 7, id: 2 };
        assert_eq!(push.name(), "remove");
        assert_eq!(push.article(), Some(7));
        assert_eq!(
            serde_json::to_string(&push).unwrap(),
            r#"{"kind":"remove","article":7,"id":2}"#
        );
    }

    #[test]
    fn dismissed_stories_are_read_back_and_kept_few() {
        assert_eq!(parse_dismissed("[3,17]"), vec![3, 17]);
        assert_eq!(parse_dismissed(" [ 5 ] "), vec![5]);
        assert_eq!(parse_dismissed("[]"), Vec::<i64>::new());
        for junk in ["", "null", "{\"a\":1}", "[x]", "3,4"] {
            assert_eq!(parse_dismissed(junk), Vec::<i64>::new(), "{junk}");
        }
        assert_eq!(dismissed_after(&[3, 17], 3), vec![17, 3]);
        let many: Vec<i64> = (1..=DISMISSED_KEPT as i64).collect();
        let after = dismissed_after(&many, 99);
        assert_eq!(after.len(), DISMISSED_KEPT);
        assert_eq!(after.first(), Some(&2));
        assert_eq!(after.last(), Some(&99));
        // What is written reads back the same.
        assert_eq!(format_dismissed(&[3, 17]), "[3,17]");
        assert_eq!(parse_dismissed(&format_dismissed(&after)), after);
    }
}
