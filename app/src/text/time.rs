//! Dates and relative times as a reader in Kazakhstan reads them.
//!
//! All timestamps are Unix seconds (UTC). The site's zone is Asia/Almaty,
//! a fixed UTC+5 since Kazakhstan moved to a single zone on 1 March 2024;
//! a fixed offset keeps the tz database out of the WebAssembly bundle.

use super::plural::{plural, HOURS, MINUTES_AGO};
use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike, Utc};

/// Asia/Almaty's offset from UTC, in seconds.
pub const ALMATY_OFFSET_SECONDS: i32 = 5 * 3600;

const MONTHS_GENITIVE: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Asia/Almaty as a chrono offset, checked when compiling.
const ALMATY: FixedOffset = match FixedOffset::east_opt(ALMATY_OFFSET_SECONDS) {
    Some(zone) => zone,
    None => panic!("ALMATY_OFFSET_SECONDS is out of range"),
};

/// `ts` in Almaty; a timestamp outside chrono's range (never stored by
/// Qalam) shows as the epoch rather than failing a page.
fn almaty(ts: i64) -> DateTime<FixedOffset> {
    DateTime::<Utc>::from_timestamp(ts, 0)
        .unwrap_or_default()
        .with_timezone(&ALMATY)
}

fn day(ts: i64) -> NaiveDate {
    almaty(ts).date_naive()
}

fn day_and_month(t: &DateTime<FixedOffset>) -> String {
    format!("{} {}", t.day(), MONTHS_GENITIVE[t.month0() as usize])
}

fn clock(t: &DateTime<FixedOffset>) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "только что", "5 минут назад", "21 час назад", "вчера в 14:05",
/// "12 ноября", "12 ноября 2025" — for `ts` seen at `now`.
pub fn relative_time(ts: i64, now: i64) -> String {
    let elapsed = now - ts;
    if elapsed < 60 {
        // Includes small clock differences that put `ts` in the future.
        return "только что".to_string();
    }
    if elapsed < 3600 {
        let minutes = (elapsed / 60) as u64;
        return format!("{minutes} {} назад", plural(minutes, MINUTES_AGO));
    }
    if elapsed < 24 * 3600 {
        let hours = (elapsed / 3600) as u64;
        return format!("{hours} {} назад", plural(hours, HOURS));
    }
    calendar_time(ts, now)
}

/// Time for article lists: "14:05" today, "вчера в 14:05", "12 ноября в 14:05",
/// or "12 ноября 2025" in an earlier year.
pub fn short_time(ts: i64, now: i64) -> String {
    let t = almaty(ts);
    if day(ts) == day(now) {
        return clock(&t);
    }
    calendar_time(ts, now)
}

/// "вчера в 14:05", "12 ноября в 14:05", "12 ноября 2025".
fn calendar_time(ts: i64, now: i64) -> String {
    let t = almaty(ts);
    let today = day(now);
    if today.pred_opt() == Some(day(ts)) {
        return format!("вчера в {}", clock(&t));
    }
    if t.year() == almaty(now).year() {
        format!("{} в {}", day_and_month(&t), clock(&t))
    } else {
        format!("{} {}", day_and_month(&t), t.year())
    }
}

/// "24 ноября 2026, 14:05" — the full local date and time for an article page.
pub fn almaty_date_time(ts: i64) -> String {
    let t = almaty(ts);
    format!("{} {}, {}", day_and_month(&t), t.year(), clock(&t))
}

/// The machine-readable form for `<time datetime=…>`: RFC 3339 with +05:00.
pub fn iso_datetime(ts: i64) -> String {
    almaty(ts).to_rfc3339()
}

/// RFC 822/2822, as RSS wants dates: "Wed, 18 Nov 2026 16:06:40 +0500".
pub fn rfc2822(ts: i64) -> String {
    almaty(ts).to_rfc2822()
}

/// The value of an `<input type="datetime-local">` for `ts`, in Almaty:
/// "2026-11-24T14:05".
pub fn almaty_input_value(ts: i64) -> String {
    almaty(ts).format("%Y-%m-%dT%H:%M").to_string()
}

/// A wall-clock time typed in Almaty, as Unix seconds. Accepts what
/// browsers send for `datetime-local` ("2026-11-24T14:05", with optional
/// seconds) and what an editor types by hand without JavaScript
/// ("24.11.2026 14:05", "2026-11-24 14:05").
pub fn parse_almaty_input(text: &str) -> Option<i64> {
    const FORMATS: [&str; 5] = [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%d.%m.%Y %H:%M",
        "%d.%m.%Y, %H:%M",
    ];
    let text = text.trim();
    FORMATS.iter().find_map(|format| {
        let naive = chrono::NaiveDateTime::parse_from_str(text, format).ok()?;
        Some(naive.and_local_timezone(ALMATY).single()?.timestamp())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_dates_are_rfc_2822_in_almaty_time() {
        assert_eq!(rfc2822(1_795_000_000), "Wed, 18 Nov 2026 16:06:40 +0500");
        // RFC 822 writes days 1–9 with one digit.
        assert_eq!(
            rfc2822(1_795_000_000 + 14 * 86_400),
            "Wed, 2 Dec 2026 16:06:40 +0500"
        );
    }
    use chrono::{NaiveDateTime, TimeZone};

    /// Unix seconds of a wall-clock time in Almaty.
    fn at(s: &str) -> i64 {
        let naive = NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap();
        naive.and_utc().timestamp() - ALMATY_OFFSET_SECONDS as i64
    }

    #[test]
    fn almaty_is_five_hours_ahead_of_utc() {
        let ts = Utc
            .with_ymd_and_hms(2026, 11, 24, 9, 5, 0)
            .unwrap()
            .timestamp();
        assert_eq!(almaty_date_time(ts), "24 ноября 2026, 14:05");
        assert_eq!(iso_datetime(ts), "2026-11-24T14:05:00+05:00");
    }

    #[test]
    fn a_utc_evening_is_the_next_day_in_almaty() {
        let ts = Utc
            .with_ymd_and_hms(2026, 12, 31, 20, 30, 0)
            .unwrap()
            .timestamp();
        assert_eq!(almaty_date_time(ts), "1 января 2027, 01:30");
    }

    #[test]
    fn every_month_has_its_genitive_name() {
        let names: Vec<String> = (1..=12)
            .map(|m| almaty_date_time(at(&format!("2026-{m:02}-03 10:00"))))
            .collect();
        assert_eq!(names[0], "3 января 2026, 10:00");
        assert_eq!(names[2], "3 марта 2026, 10:00");
        assert_eq!(names[4], "3 мая 2026, 10:00");
        assert_eq!(names[7], "3 августа 2026, 10:00");
        assert_eq!(names[11], "3 декабря 2026, 10:00");
    }

    #[test]
    fn relative_minutes_and_hours() {
        let now = at("2026-11-24 15:00");
        let cases = [
            (0, "только что"),
            (59, "только что"),
            (-30, "только что"),
            (60, "1 минуту назад"),
            (2 * 60, "2 минуты назад"),
            (5 * 60, "5 минут назад"),
            (11 * 60, "11 минут назад"),
            (21 * 60, "21 минуту назад"),
            (22 * 60 + 59, "22 минуты назад"),
            (59 * 60 + 59, "59 минут назад"),
            (3600, "1 час назад"),
            (2 * 3600, "2 часа назад"),
            (5 * 3600, "5 часов назад"),
            (11 * 3600, "11 часов назад"),
            (21 * 3600, "21 час назад"),
            (23 * 3600 + 59 * 60, "23 часа назад"),
        ];
        for (ago, text) in cases {
            assert_eq!(relative_time(now - ago, now), text, "{ago} s ago");
        }
    }

    #[test]
    fn every_minute_count_reads_correctly() {
        let now = at("2026-11-24 15:00");
        for minutes in 1..60u64 {
            let text = relative_time(now - minutes as i64 * 60, now);
            let word = plural(minutes, MINUTES_AGO);
            assert_eq!(text, format!("{minutes} {word} назад"));
        }
    }

    #[test]
    fn yesterday_then_dates() {
        let now = at("2026-11-24 10:00");
        assert_eq!(relative_time(at("2026-11-23 08:30"), now), "вчера в 08:30");
        assert_eq!(
            relative_time(at("2026-11-12 14:05"), now),
            "12 ноября в 14:05"
        );
        assert_eq!(relative_time(at("2025-11-12 14:05"), now), "12 ноября 2025");
        // Less than a day ago but on the previous calendar day: hours win.
        assert_eq!(relative_time(at("2026-11-23 23:00"), now), "11 часов назад");
    }

    #[test]
    fn short_times_for_lists() {
        let now = at("2026-11-24 10:00");
        assert_eq!(short_time(at("2026-11-24 09:15"), now), "09:15");
        assert_eq!(short_time(at("2026-11-24 00:05"), now), "00:05");
        assert_eq!(short_time(at("2026-11-23 23:55"), now), "вчера в 23:55");
        assert_eq!(short_time(at("2026-11-02 07:00"), now), "2 ноября в 07:00");
        assert_eq!(short_time(at("2024-02-29 07:00"), now), "29 февраля 2024");
    }

    #[test]
    fn midnight_in_almaty_decides_yesterday_not_utc() {
        // 00:30 in Almaty is 19:30 UTC of the previous day.
        let now = at("2026-11-24 00:30");
        assert_eq!(short_time(at("2026-11-23 23:50"), now), "вчера в 23:50");
        assert_eq!(short_time(at("2026-11-24 00:10"), now), "00:10");
    }

    #[test]
    fn typed_times_are_read_in_almaty_and_round_trip() {
        let ts = at("2026-11-24 14:05");
        assert_eq!(almaty_input_value(ts), "2026-11-24T14:05");
        for typed in [
            "2026-11-24T14:05",
            "2026-11-24T14:05:00",
            " 2026-11-24 14:05 ",
            "24.11.2026 14:05",
            "24.11.2026, 14:05",
        ] {
            assert_eq!(parse_almaty_input(typed), Some(ts), "{typed}");
        }
        // 00:30 in Almaty is the previous day in UTC.
        assert_eq!(
            parse_almaty_input("2026-11-25T00:30"),
            Some(at("2026-11-24 19:30") + 5 * 3600)
        );
        for bad in [
            "",
            "завтра",
            "2026-13-01T10:00",
            "31.02.2026 10:00",
            "2026-11-24",
        ] {
            assert_eq!(parse_almaty_input(bad), None, "{bad}");
        }
    }
}
