//! Dates: `DATETIME()` options, the strict ISO-8601 parser, and which fields to show.

use std::sync::PoisonError;

use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::builder::{DateFields, FieldSetBuilder};
use icu_datetime::fieldsets::enums::CompositeDateTimeFieldSet;
use icu_datetime::input::{DateTime, Time};
use icu_datetime::options::{Length, TimePrecision, YearStyle};
use icu_datetime::FixedCalendarDateTimeFormatter;

use super::formats::LocaleFormats;
use super::IntlError;

/// `dateStyle` / `timeStyle` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    Full,
    Long,
    Medium,
    Short,
}

impl Style {
    /// `"full"`, `"long"`, `"medium"` or `"short"`.
    pub fn parse(s: &str) -> Option<Style> {
        match s {
            "full" => Some(Style::Full),
            "long" => Some(Style::Long),
            "medium" => Some(Style::Medium),
            "short" => Some(Style::Short),
            _ => None,
        }
    }

    fn length(self) -> Length {
        match self {
            Style::Full | Style::Long => Length::Long,
            Style::Medium => Length::Medium,
            Style::Short => Length::Short,
        }
    }
}

/// `DATETIME()` options. With none set, a full date prints numerically with a four-digit
/// year (as `Intl.DateTimeFormat` does by default), a year-month as "May 1961", a year alone.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DateOptions {
    pub date_style: Option<Style>,
    pub time_style: Option<Style>,
    /// `year: "numeric"`: the year alone, in the locale's digits and without grouping.
    pub year_only: bool,
}

pub(super) type DateFormatter =
    FixedCalendarDateTimeFormatter<Gregorian, CompositeDateTimeFieldSet>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct DateKey {
    fields: Option<Fields>,
    length: Length,
    year_full: bool,
    time: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Fields {
    Year,
    YearMonth,
    Date,
    DateWeekday,
}

impl LocaleFormats {
    /// Formats an ISO-8601 date ("1961", "1961-05", "1961-05-28", "1961-05-28T10:00[:00]")
    /// in the Gregorian calendar. A time zone suffix is accepted and ignored: the wall time as
    /// written is shown. Gregorian, not the locale's calendar, because dates on the site are
    /// historical Gregorian dates: Persian or Buddhist-era years would change what they say.
    pub fn format_date(&self, iso: &str, options: &DateOptions) -> Result<String, IntlError> {
        let parsed = parse_iso(iso)?;
        let key = date_key(&parsed, options, iso)?;
        let date = Date::try_new_gregorian(
            parsed.year,
            parsed.month.unwrap_or(1),
            parsed.day.unwrap_or(1),
        )
        .map_err(|_| invalid_date(iso, "no such day in the Gregorian calendar"))?;
        let (h, m, s) = parsed.time.unwrap_or((0, 0, 0));
        let time = Time::try_new(h, m, s, 0).map_err(|_| invalid_date(iso, "no such time"))?;
        let input = DateTime { date, time };

        let read = self.dates.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(f) = read.get(&key) {
            return Ok(f.format(&input).to_string());
        }
        drop(read);
        let formatter = self.date_formatter(key)?;
        let out = formatter.format(&input).to_string();
        self.dates
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .entry(key)
            .or_insert(formatter);
        Ok(out)
    }

    fn date_formatter(&self, key: DateKey) -> Result<DateFormatter, IntlError> {
        let mut b = FieldSetBuilder::new();
        b.length = Some(key.length);
        b.date_fields = key.fields.map(|f| match f {
            Fields::Year => DateFields::Y,
            Fields::YearMonth => DateFields::YM,
            Fields::Date => DateFields::YMD,
            Fields::DateWeekday => DateFields::YMDE,
        });
        b.time_precision = key.time.map(|seconds| {
            if seconds {
                TimePrecision::Second
            } else {
                TimePrecision::Minute
            }
        });
        if key.fields.is_some() {
            b.year_style = Some(if key.year_full {
                YearStyle::Full
            } else {
                YearStyle::Auto
            });
        }
        let data_error = |reason: String| IntlError::Data {
            locale: self.locale.to_string(),
            what: "date formatting",
            reason,
        };
        let fields = b
            .build_composite_datetime()
            .map_err(|e| data_error(e.to_string()))?;
        DateFormatter::try_new((&self.locale).into(), fields).map_err(|e| data_error(e.to_string()))
    }
}

struct IsoDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
    time: Option<(u8, u8, u8)>,
}

fn invalid_date(got: &str, reason: &'static str) -> IntlError {
    IntlError::InvalidDate {
        got: format!("{got:?}"),
        reason,
    }
}

/// A strict parser for the ISO-8601 subset translators and templates use. Strict because a
/// lenient one would print a wrong date instead of reporting the typo.
fn parse_iso(s: &str) -> Result<IsoDate, IntlError> {
    fn digits(part: &str, len: usize) -> Option<u32> {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    }
    let bad = |reason| invalid_date(s, reason);
    let (date, time) = match s.split_once(['T', 't']) {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let mut parts = date.split('-');
    let year = parts
        .next()
        .and_then(|y| digits(y, 4))
        .ok_or_else(|| bad("the year must have four digits"))?;
    let month = parts
        .next()
        .map(|m| digits(m, 2).ok_or_else(|| bad("the month must have two digits")))
        .transpose()?;
    let day = parts
        .next()
        .map(|d| digits(d, 2).ok_or_else(|| bad("the day must have two digits")))
        .transpose()?;
    if parts.next().is_some() {
        return Err(bad("too many parts in the date"));
    }
    if month.is_some_and(|m| !(1..=12).contains(&m)) {
        return Err(bad("the month must be 01 to 12"));
    }
    let time = match time {
        None => None,
        Some(_) if day.is_none() => return Err(bad("a time needs a full date before it")),
        Some(t) => {
            // Drop a zone designator ("Z", "+02:00", "-0500"); the wall time is shown as is.
            let (t, zone) = match t.find(['Z', 'z', '+', '-']) {
                Some(i) => (&t[..i], &t[i..]),
                None => (t, ""),
            };
            let offset = zone.get(1..).unwrap_or("").replacen(':', "", 1);
            if !(matches!(zone, "" | "Z" | "z")
                || [2, 4].contains(&offset.len()) && offset.bytes().all(|b| b.is_ascii_digit()))
            {
                return Err(bad("the time zone must be Z or like +02:00"));
            }
            // Fractions of a second are accepted and not shown.
            let t = match t.split_once('.') {
                Some((t, f)) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => t,
                Some(_) => return Err(bad("the fraction of a second must be digits")),
                None => t,
            };
            let mut fields = t.split(':');
            let mut next = |what| {
                fields.next().map(|f| {
                    digits(f, 2)
                        .and_then(|n| u8::try_from(n).ok())
                        .ok_or_else(|| bad(what))
                })
            };
            let h = next("the hour must have two digits").ok_or_else(|| bad("missing hour"))??;
            let m = next("the minute must have two digits")
                .ok_or_else(|| bad("the time needs hours and minutes (10:00)"))??;
            let sec = next("the second must have two digits")
                .transpose()?
                .unwrap_or(0);
            if fields.next().is_some() {
                return Err(bad("too many parts in the time"));
            }
            if h > 23 || m > 59 || sec > 59 {
                return Err(bad("no such time"));
            }
            Some((h, m, sec))
        }
    };
    let year = i32::try_from(year).map_err(|_| bad("year out of range"))?;
    let to_u8 = |n: Option<u32>| n.and_then(|n| u8::try_from(n).ok());
    Ok(IsoDate {
        year,
        month: to_u8(month),
        day: to_u8(day),
        time,
    })
}

/// Chooses the fields to show from the options and from how much of the date was given.
fn date_key(d: &IsoDate, o: &DateOptions, iso: &str) -> Result<DateKey, IntlError> {
    let option_error = |option: &str, reason| IntlError::BadOption {
        function: "DATETIME",
        option: option.to_owned(),
        value: format!("{iso:?}"),
        reason,
    };
    if o.year_only {
        if o.date_style.is_some() || o.time_style.is_some() {
            return Err(option_error(
                "year",
                "cannot be combined with dateStyle or timeStyle",
            ));
        }
        return Ok(DateKey {
            fields: Some(Fields::Year),
            length: Length::Medium,
            year_full: true,
            time: None,
        });
    }
    if o.time_style.is_some() && d.time.is_none() {
        return Err(option_error(
            "timeStyle",
            "needs a time in the value (…T10:00)",
        ));
    }
    let precision = if d.day.is_some() {
        Fields::Date
    } else if d.month.is_some() {
        Fields::YearMonth
    } else {
        Fields::Year
    };
    Ok(match (o.date_style, o.time_style) {
        (None, None) => DateKey {
            fields: Some(precision),
            // Numeric for a full date (as Intl's default); "May 1961" for a month.
            length: if precision == Fields::Date {
                Length::Short
            } else {
                Length::Long
            },
            year_full: true,
            time: None,
        },
        (date_style, time_style) => DateKey {
            fields: date_style.map(|s| match (precision, s) {
                (Fields::Date, Style::Full) => Fields::DateWeekday,
                _ => precision,
            }),
            length: date_style
                .or(time_style)
                .map_or(Length::Medium, Style::length),
            year_full: false,
            time: time_style.map(|s| s != Style::Short),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intl::test_support::{formats, NNBSP};

    #[test]
    fn dates_follow_cldr() {
        let style = |s| DateOptions {
            date_style: Some(s),
            ..Default::default()
        };
        let long = style(Style::Long);
        let year = DateOptions {
            year_only: true,
            ..Default::default()
        };
        let time = DateOptions {
            date_style: Some(Style::Long),
            time_style: Some(Style::Short),
            ..Default::default()
        };
        let none = DateOptions::default();
        let ru_long = format!("28 мая 1961{NNBSP}г.");
        #[rustfmt::skip]
        let table: &[(&str, &str, &DateOptions, &str)] = &[
            ("en", "1961-05-28", &long, "May 28, 1961"),
            ("fr", "1961-05-28", &long, "28 mai 1961"),
            ("de", "1961-05-28", &long, "28. Mai 1961"),
            ("es", "1961-05-28", &long, "28 de mayo de 1961"),
            ("ar", "1961-05-28", &long, "28 مايو 1961"),
            ("ar-EG", "1961-05-28", &long, "٢٨ مايو ١٩٦١"),
            ("ru", "1961-05-28", &long, &ru_long),
            // ICU4X's long year-month-day is CLDR's yMMMMd skeleton ("d MMMM, y"), not
            // dateFormats/long ("d MMMM y"): hence the comma.
            ("hi", "1961-05-28", &long, "28 मई, 1961"),
            ("zh-Hans", "1961-05-28", &long, "1961年5月28日"),
            ("en", "1961-05-28", &style(Style::Full), "Sunday, May 28, 1961"),
            ("en", "1961-05-28", &style(Style::Short), "5/28/61"),
            ("en", "1961-05-28", &none, "5/28/1961"),
            ("fr", "1961-05-28", &none, "28/05/1961"),
            ("en", "1961-05", &none, "May 1961"),
            ("de", "1961-05", &none, "Mai 1961"),
            ("en", "1961-05-28T10:00:00", &long, "May 28, 1961"),
            ("en", "1961-05-28T10:00:00Z", &time, "May 28, 1961 at 10:00\u{202F}AM"),
            ("en", "1961-05-28T10:00:00.25-05:00", &time, "May 28, 1961 at 10:00\u{202F}AM"),
            ("fr", "1961-05-28T10:00", &time, "28 mai 1961 à 10:00"),
            ("en", "1961", &year, "1961"),
            ("en", "1961-05-28", &year, "1961"),
            ("de", "1961", &year, "1961"),
            ("ar", "1961", &year, "1961"),
            ("ar-EG", "1961", &year, "١٩٦١"),
            ("zh-Hans", "1961", &year, "1961年"),
        ];
        let mut failures = Vec::new();
        for &(tag, iso, o, expected) in table {
            let got = formats(tag, None).format_date(iso, o).expect("valid date");
            if got != expected {
                failures.push(format!("{tag} {iso} {o:?}: {got:?} != {expected:?}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
        let ar_arab = formats("ar", Some("arab"));
        assert_eq!(ar_arab.format_date("1961", &year), Ok("١٩٦١".to_owned()));
    }

    #[test]
    fn invalid_dates_are_errors() {
        let en = formats("en", None);
        let o = DateOptions::default();
        #[rustfmt::skip]
        let bad_dates = [
            "", "61", "1961-5-28", "1961-13-01", "1961-02-29", "1961-05-28T25:00",
            "1961-05-28T10", "1961-05T10:00", "28/05/1961", "1961-05-28-01", "١٩٦١",
            "1961-05-28T10:00+2", "1961-05-28T10:00:00.x", "1961-05-28T10:00Zulu",
        ];
        for bad in bad_dates {
            assert!(
                matches!(en.format_date(bad, &o), Err(IntlError::InvalidDate { .. })),
                "{bad:?} was accepted"
            );
        }
        let time_without_time = DateOptions {
            time_style: Some(Style::Short),
            ..Default::default()
        };
        assert!(matches!(
            en.format_date("1961-05-28", &time_without_time),
            Err(IntlError::BadOption { .. })
        ));
        assert_eq!(en.format_date("1960-02-29", &o), Ok("2/29/1960".to_owned()));
    }
}
