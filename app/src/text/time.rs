//! Dates and relative times as a reader in Kazakhstan reads them.
//!
//! All timestamps are Unix seconds (UTC). The site's zone is Asia/Almaty,
//! a fixed UTC+5 since Kazakhstan moved to a single zone on 1 March 2024.
//! A fixed offset needs no tz database, and the calendar below is plain
//! integer arithmetic, so no date library goes into the WebAssembly that
//! readers download (the ticker formats times in the browser).
//!
//! Past 500 lines on purpose: the code is 300, the rest its tests (both
//! languages' forms, calendar edges); one calendar in one file is easier
//! to trust than the same arithmetic split by language.

use super::plural::{plural, HOURS, MINUTES_AGO};
use crate::domain::lang::Lang;

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

/// CLDR `kk`, months in the format context (after a day number): Kazakh
/// nouns keep their form, unlike Russian's genitive.
const MONTHS_KAZAKH: [&str; 12] = [
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
];

const MONTHS_ENGLISH: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS_ENGLISH: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A moment as a wall clock in Almaty shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Local {
    /// Days since 1970-01-01 in Almaty.
    days: i64,
    year: i64,
    /// 1–12.
    month: u32,
    /// 1–31.
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl Local {
    fn of(ts: i64) -> Local {
        let local = ts + i64::from(ALMATY_OFFSET_SECONDS);
        let days = local.div_euclid(86_400);
        let seconds = local.rem_euclid(86_400) as u32;
        let (year, month, day) = civil_from_days(days);
        Local {
            days,
            year,
            month,
            day,
            hour: seconds / 3600,
            minute: seconds / 60 % 60,
            second: seconds % 60,
        }
    }

    /// 0 = Monday (1970-01-01 was a Thursday).
    fn weekday(self) -> usize {
        (self.days + 3).rem_euclid(7) as usize
    }

    /// "12 ноября" / "12 қараша".
    fn day_and_month(self, lang: Lang) -> String {
        let months = match lang {
            Lang::Ru => MONTHS_GENITIVE,
            Lang::Kk => MONTHS_KAZAKH,
        };
        format!("{} {}", self.day, months[self.month as usize - 1])
    }

    /// A date of another year: "12 ноября 2025" / "2025 ж. 12 қараша"
    /// (CLDR `kk`'s long date, `y 'ж'. d MMMM`).
    fn full_date(self, lang: Lang) -> String {
        match lang {
            Lang::Ru => format!("{} {}", self.day_and_month(lang), self.year),
            Lang::Kk => format!("{} ж. {}", self.year, self.day_and_month(lang)),
        }
    }

    fn clock(self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (`days_from_civil`).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = year - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// "только что", "5 минут назад", "21 час назад", "вчера в 14:05",
/// "12 ноября в 14:05", "12 ноября 2025" — for `ts` seen at `now`. In
/// Kazakh (CLDR `kk`): "қазір", "5 минут бұрын", "21 сағат бұрын", "кеше,
/// 14:05", "12 қараша, 14:05", "2025 ж. 12 қараша"; the noun does not
/// change after a number.
pub fn relative_time(ts: i64, now: i64, lang: Lang) -> String {
    let elapsed = now - ts;
    // Below a minute includes small clock differences that put `ts` in
    // the future.
    match (lang, elapsed) {
        (Lang::Ru, ..60) => "только что".to_string(),
        (Lang::Kk, ..60) => "қазір".to_string(),
        (Lang::Ru, ..3600) => {
            let minutes = (elapsed / 60) as u64;
            format!("{minutes} {} назад", plural(minutes, MINUTES_AGO))
        }
        (Lang::Kk, ..3600) => format!("{} минут бұрын", (elapsed / 60) as u64),
        (Lang::Ru, ..86_400) => {
            let hours = (elapsed / 3600) as u64;
            format!("{hours} {} назад", plural(hours, HOURS))
        }
        (Lang::Kk, ..86_400) => format!("{} сағат бұрын", (elapsed / 3600) as u64),
        _ => calendar_time(ts, now, lang),
    }
}

/// Time for article lists: "14:05" today, "вчера в 14:05", "12 ноября в 14:05",
/// or "12 ноября 2025" in an earlier year (Kazakh as in [`relative_time`]).
pub fn short_time(ts: i64, now: i64, lang: Lang) -> String {
    let t = Local::of(ts);
    if t.days == Local::of(now).days {
        return t.clock();
    }
    calendar_time(ts, now, lang)
}

/// A moment the workspace names: "14:05" today, else the full date and
/// time ("5 декабря 2026, 14:05"), for «Сохранено 14:05» and
/// «несохранённая версия от 14:05».
pub fn moment(ts: i64, now: i64) -> String {
    if Local::of(ts).days == Local::of(now).days {
        Local::of(ts).clock()
    } else {
        almaty_date_time(ts, Lang::Ru)
    }
}

/// "вчера в 14:05", "12 ноября в 14:05", "12 ноября 2025"; "кеше, 14:05",
/// "12 қараша, 14:05", "2025 ж. 12 қараша".
fn calendar_time(ts: i64, now: i64, lang: Lang) -> String {
    let (t, today) = (Local::of(ts), Local::of(now));
    match lang {
        _ if t.year != today.year && t.days != today.days - 1 => t.full_date(lang),
        Lang::Ru if t.days == today.days - 1 => format!("вчера в {}", t.clock()),
        Lang::Kk if t.days == today.days - 1 => format!("кеше, {}", t.clock()),
        Lang::Ru => format!("{} в {}", t.day_and_month(lang), t.clock()),
        Lang::Kk => format!("{}, {}", t.day_and_month(lang), t.clock()),
    }
}

/// The day of a dated note: "24 ноября" this year, "24 ноября 2025"
/// before ("24 қараша", "2025 ж. 24 қараша").
pub fn almaty_day(ts: i64, now: i64, lang: Lang) -> String {
    let (t, today) = (Local::of(ts), Local::of(now));
    if t.year == today.year {
        t.day_and_month(lang)
    } else {
        t.full_date(lang)
    }
}

/// "24 ноября 2026, 14:05" ("2026 ж. 24 қараша, 14:05") — the full local
/// date and time for an article page.
pub fn almaty_date_time(ts: i64, lang: Lang) -> String {
    let t = Local::of(ts);
    format!("{}, {}", t.full_date(lang), t.clock())
}

/// The machine-readable form for `<time datetime=…>`: RFC 3339 with +05:00.
pub fn iso_datetime(ts: i64) -> String {
    let t = Local::of(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}+05:00",
        t.year, t.month, t.day, t.hour, t.minute, t.second
    )
}

/// RFC 822/2822, as RSS wants dates: "Wed, 18 Nov 2026 16:06:40 +0500"
/// (the day without a leading zero).
pub fn rfc2822(ts: i64) -> String {
    let t = Local::of(ts);
    format!(
        "{}, {} {} {} {:02}:{:02}:{:02} +0500",
        WEEKDAYS_ENGLISH[t.weekday()],
        t.day,
        MONTHS_ENGLISH[t.month as usize - 1],
        t.year,
        t.hour,
        t.minute,
        t.second
    )
}

/// The value of an `<input type="datetime-local">` for `ts`, in Almaty:
/// "2026-11-24T14:05".
pub fn almaty_input_value(ts: i64) -> String {
    let t = Local::of(ts);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

/// A wall-clock time typed in Almaty, as Unix seconds. Accepts what
/// browsers send for `datetime-local` ("2026-11-24T14:05", with optional
/// seconds) and what an editor types by hand without JavaScript
/// ("24.11.2026 14:05", "24.11.2026, 14:05", "2026-11-24 14:05").
pub fn parse_almaty_input(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text
        .split_once('T')
        .or_else(|| text.split_once(", "))
        .or_else(|| text.split_once(' '))?;
    let number = |part: &str, digits: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (digits.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let fields: Vec<&str> = date.split(['-', '.']).collect();
    let [a, b, c] = fields.as_slice() else {
        return None;
    };
    let (year, month, day) = if date.contains('-') {
        (number(a, 4..=4)?, number(b, 1..=2)?, number(c, 1..=2)?)
    } else {
        (number(c, 4..=4)?, number(b, 1..=2)?, number(a, 1..=2)?)
    };
    let clock: Vec<&str> = time.trim().split(':').collect();
    let (hour, minute, second) = match clock.as_slice() {
        [h, m] => (number(h, 1..=2)?, number(m, 2..=2)?, 0),
        [h, m, s] => (number(h, 1..=2)?, number(m, 2..=2)?, number(s, 2..=2)?),
        _ => return None,
    };
    let year = i64::from(year);
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    valid.then(|| {
        days_from_civil(year, month, day) * 86_400 + i64::from(hour * 3600 + minute * 60 + second)
            - i64::from(ALMATY_OFFSET_SECONDS)
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
    /// Unix seconds of a wall-clock time in Almaty ("2026-11-24 15:00").
    fn at(s: &str) -> i64 {
        parse_almaty_input(s).unwrap()
    }

    /// Unix seconds of a UTC time.
    fn utc(year: i64, month: u32, day: u32, hour: i64, minute: i64) -> i64 {
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60
    }

    #[test]
    fn dated_notes_name_the_year_only_when_it_is_another() {
        let now = at("2026-11-24T15:00");
        assert_eq!(
            almaty_day(at("2026-11-24T00:10"), now, Lang::Ru),
            "24 ноября"
        );
        // 23:30 UTC on the 23rd is already the 24th in Almaty.
        assert_eq!(
            almaty_day(utc(2026, 11, 23, 23, 30), now, Lang::Ru),
            "24 ноября"
        );
        assert_eq!(
            almaty_day(at("2025-12-31T23:59"), now, Lang::Ru),
            "31 декабря 2025"
        );
    }

    #[test]
    fn the_calendar_agrees_with_known_dates() {
        assert_eq!(utc(1970, 1, 1, 0, 0), 0);
        assert_eq!(utc(2026, 11, 18, 11, 6) + 40, 1_795_000_000);
        assert_eq!(utc(2000, 3, 1, 0, 0), 951_868_800);
        assert_eq!(utc(1969, 12, 31, 0, 0), -86_400);
        // Every day from 1900 to 2100 round-trips.
        for days in days_from_civil(1900, 1, 1)..days_from_civil(2100, 12, 31) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!(d >= 1 && d <= days_in_month(y, m));
        }
        // 29 February only in leap years.
        assert!(parse_almaty_input("29.02.2028 12:00").is_some());
        assert!(parse_almaty_input("29.02.2027 12:00").is_none());
        assert!(parse_almaty_input("29.02.2100 12:00").is_none());
        assert!(parse_almaty_input("29.02.2000 12:00").is_some());
        assert_eq!(
            rfc2822(utc(2028, 2, 29, 7, 0)),
            "Tue, 29 Feb 2028 12:00:00 +0500"
        );
    }

    #[test]
    fn almaty_is_five_hours_ahead_of_utc() {
        let ts = utc(2026, 11, 24, 9, 5);
        assert_eq!(almaty_date_time(ts, Lang::Ru), "24 ноября 2026, 14:05");
        assert_eq!(iso_datetime(ts), "2026-11-24T14:05:00+05:00");
    }

    #[test]
    fn a_utc_evening_is_the_next_day_in_almaty() {
        let ts = utc(2026, 12, 31, 20, 30);
        assert_eq!(almaty_date_time(ts, Lang::Ru), "1 января 2027, 01:30");
    }

    #[test]
    fn every_month_has_its_genitive_name() {
        let names: Vec<String> = (1..=12)
            .map(|m| almaty_date_time(at(&format!("2026-{m:02}-03 10:00")), Lang::Ru))
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
            assert_eq!(relative_time(now - ago, now, Lang::Ru), text, "{ago} s ago");
        }
    }

    #[test]
    fn every_minute_count_reads_correctly() {
        let now = at("2026-11-24 15:00");
        for minutes in 1..60u64 {
            let text = relative_time(now - minutes as i64 * 60, now, Lang::Ru);
            let word = plural(minutes, MINUTES_AGO);
            assert_eq!(text, format!("{minutes} {word} назад"));
        }
    }

    #[test]
    fn yesterday_then_dates() {
        let now = at("2026-11-24 10:00");
        assert_eq!(
            relative_time(at("2026-11-23 08:30"), now, Lang::Ru),
            "вчера в 08:30"
        );
        assert_eq!(
            relative_time(at("2026-11-12 14:05"), now, Lang::Ru),
            "12 ноября в 14:05"
        );
        assert_eq!(
            relative_time(at("2025-11-12 14:05"), now, Lang::Ru),
            "12 ноября 2025"
        );
        // Less than a day ago but on the previous calendar day: hours win.
        assert_eq!(
            relative_time(at("2026-11-23 23:00"), now, Lang::Ru),
            "11 часов назад"
        );
    }

    #[test]
    fn short_times_for_lists() {
        let now = at("2026-11-24 10:00");
        assert_eq!(short_time(at("2026-11-24 09:15"), now, Lang::Ru), "09:15");
        assert_eq!(short_time(at("2026-11-24 00:05"), now, Lang::Ru), "00:05");
        assert_eq!(
            short_time(at("2026-11-23 23:55"), now, Lang::Ru),
            "вчера в 23:55"
        );
        assert_eq!(
            short_time(at("2026-11-02 07:00"), now, Lang::Ru),
            "2 ноября в 07:00"
        );
        assert_eq!(
            short_time(at("2024-02-29 07:00"), now, Lang::Ru),
            "29 февраля 2024"
        );
    }

    /// CLDR `kk` (v46): relative times `{0} минут бұрын`, `{0} сағат
    /// бұрын`, `қазір`; yesterday `кеше`; the long date `y 'ж'. d MMMM`;
    /// date and time joined `{1}, {0}`; plural categories one/other with
    /// the same noun in both.
    #[test]
    fn kazakh_times_follow_cldr() {
        let now = at("2026-11-24 15:00");
        let cases = [
            (0, "қазір"),
            (59, "қазір"),
            (60, "1 минут бұрын"),
            (5 * 60, "5 минут бұрын"),
            (21 * 60, "21 минут бұрын"),
            (3600, "1 сағат бұрын"),
            (3 * 3600, "3 сағат бұрын"),
            (21 * 3600, "21 сағат бұрын"),
        ];
        for (ago, text) in cases {
            assert_eq!(relative_time(now - ago, now, Lang::Kk), text, "{ago} s ago");
        }
        let now = at("2026-11-24 10:00");
        let kk = |typed: &str| relative_time(at(typed), now, Lang::Kk);
        assert_eq!(kk("2026-11-23 08:05"), "кеше, 08:05");
        assert_eq!(kk("2026-11-12 14:05"), "12 қараша, 14:05");
        assert_eq!(kk("2025-11-12 14:05"), "2025 ж. 12 қараша");
        assert_eq!(short_time(at("2026-11-24 09:15"), now, Lang::Kk), "09:15");
        assert_eq!(
            short_time(at("2026-03-22 07:00"), now, Lang::Kk),
            "22 наурыз, 07:00"
        );
        assert_eq!(
            almaty_day(at("2026-11-24 00:10"), now, Lang::Kk),
            "24 қараша"
        );
        assert_eq!(
            almaty_day(at("2025-12-31 23:59"), now, Lang::Kk),
            "2025 ж. 31 желтоқсан"
        );
        assert_eq!(
            almaty_date_time(at("2026-11-24 14:05"), Lang::Kk),
            "2026 ж. 24 қараша, 14:05"
        );
        // Yesterday across New Year is still yesterday.
        let new_year = at("2027-01-01 09:00");
        assert_eq!(
            relative_time(at("2026-12-31 08:00"), new_year, Lang::Kk),
            "кеше, 08:00"
        );
        assert_eq!(
            relative_time(at("2026-12-31 08:00"), new_year, Lang::Ru),
            "вчера в 08:00"
        );
    }

    #[test]
    fn kazakh_months_keep_their_form_after_a_day() {
        let months: Vec<String> = (1..=12)
            .map(|m| {
                almaty_day(
                    at(&format!("2026-{m:02}-03 10:00")),
                    at("2026-12-06 10:00"),
                    Lang::Kk,
                )
            })
            .collect();
        assert_eq!(
            months,
            [
                "3 қаңтар",
                "3 ақпан",
                "3 наурыз",
                "3 сәуір",
                "3 мамыр",
                "3 маусым",
                "3 шілде",
                "3 тамыз",
                "3 қыркүйек",
                "3 қазан",
                "3 қараша",
                "3 желтоқсан"
            ]
        );
    }

    #[test]
    fn moments_are_a_clock_today_and_a_full_date_before() {
        let now = at("2026-11-24 10:00");
        assert_eq!(moment(at("2026-11-24 09:15"), now), "09:15");
        assert_eq!(moment(at("2026-11-23 23:55"), now), "23 ноября 2026, 23:55");
        assert_eq!(
            moment(at("2025-12-31 18:30"), now),
            "31 декабря 2025, 18:30"
        );
    }

    #[test]
    fn midnight_in_almaty_decides_yesterday_not_utc() {
        // 00:30 in Almaty is 19:30 UTC of the previous day.
        let now = at("2026-11-24 00:30");
        assert_eq!(
            short_time(at("2026-11-23 23:50"), now, Lang::Ru),
            "вчера в 23:50"
        );
        assert_eq!(short_time(at("2026-11-24 00:10"), now, Lang::Ru), "00:10");
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
