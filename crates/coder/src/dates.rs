//! Date expressions resolved against the publication date.
//!
//! Every date or time phrase in the text ("on Friday", "last week", "in December", "two days
//! ago", "March 6, 2024", "in 2008", "earlier this year") becomes a [`DateMention`] with the
//! resolved day (the first day of the period for week, month and year granularity), the
//! granularity and the rule that resolved it. Relative phrases need the article's publication
//! date; without one only absolute dates are resolved.
//!
//! Events get their date through [`date_for_span`]: the date phrase in the event's own clause,
//! else one in its sentence, else the publication date marked as such.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use dyad_model::{CharIndex, DateMention, Doc, EventDate};
use regex::{Captures, Regex};

/// Finds and resolves date expressions.
#[derive(Debug)]
pub struct DateResolver {
    patterns: Vec<(Regex, Rule)>,
}

impl Default for DateResolver {
    fn default() -> Self {
        Self::new()
    }
}

/// The kinds of date phrase, in priority order (earlier wins on equal-length overlap).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    IsoDate,
    MonthRelativeYear,
    MonthDayYear,
    DayMonthYear,
    MonthYear,
    MonthDay,
    DayMonth,
    RelativeMonth,
    MonthName,
    Year,
    RelativeWeekday,
    Weekday,
    Ago,
    RelativePeriod,
    Deictic,
    Season,
}

const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
const WEEKDAYS: &str = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const NUMBER_WORDS: &str = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|\d{1,3})";
const DAY_PARTS: &str = r"(?:\s+(?:morning|afternoon|evening|night))?";

impl DateResolver {
    pub fn load_default() -> Result<Self, crate::CoderError> {
        Ok(Self::new())
    }

    fn new() -> Self {
        let m = MONTHS;
        let w = WEEKDAYS;
        let n = NUMBER_WORDS;
        let dp = DAY_PARTS;
        let specs: Vec<(String, Rule)> = vec![
            (r"\b(\d{4})-(\d{2})-(\d{2})\b".into(), Rule::IsoDate),
            (
                format!(r"\b({m})\s+(?i:(last|this|next))\s+year\b"),
                Rule::MonthRelativeYear,
            ),
            (
                format!(r"\b(?:(?:early|mid|late)-?\s?)?({m})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*[-–]\s*\d{{1,2}})?,?\s+(\d{{4}})\b"),
                Rule::MonthDayYear,
            ),
            (
                format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m}),?\s+(\d{{4}})\b"),
                Rule::DayMonthYear,
            ),
            (
                format!(r"\b((?:(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)-?\s?)?)({m}),?\s+(?:of\s+)?(\d{{4}})\b"),
                Rule::MonthYear,
            ),
            (
                format!(r"\b({m})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s*[-–]\s*\d{{1,2}}\b)?"),
                Rule::MonthDay,
            ),
            (
                format!(r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({m})\b"),
                Rule::DayMonth,
            ),
            (
                format!(r"\b(?i:(last|next|this|earlier\s+this|later\s+this))\s+({m})\b"),
                Rule::RelativeMonth,
            ),
            (
                format!(r"\b((?i:in|on|since|by|until|till|from|during|before|after|through|of|early|late|mid|last|next|this)(?:-|\s+)(?i:early\s+|late\s+|mid-)?)({m})\b"),
                Rule::MonthName,
            ),
            (
                r"\b((?i:in|since|by|until|till|from|during|before|after|through|between|of|early|late|mid|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of)(?:-|\s+)(?i:early\s+|late\s+|mid-)?)((?:1[5-9]|20)\d{2})\b(?:[^\d%]|$)".into(),
                Rule::Year,
            ),
            (
                format!(r"\b(?i:(last|next|this|past|coming))\s+({w}){dp}\b"),
                Rule::RelativeWeekday,
            ),
            (format!(r"\b({w}){dp}\b"), Rule::Weekday),
            (
                format!(r"\b(?i:({n})\s+(day|days|week|weeks|month|months|year|years|decade|decades)\s+(ago|earlier|before|later))\b"),
                Rule::Ago,
            ),
            (
                r"\b(?i:(last|this|next|past|coming|earlier\s+this|later\s+this|early\s+this|late\s+this|earlier\s+in\s+the|the\s+previous|the\s+past|the\s+coming)\s+(week|weekend|month|year))\b".into(),
                Rule::RelativePeriod,
            ),
            (
                r"\b(?i:(today|yesterday|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today))\b".into(),
                Rule::Deictic,
            ),
            (
                r"\b(?i:(last|this|next|past|coming)\s+(spring|summer|autumn|fall|winter))\b".into(),
                Rule::Season,
            ),
        ];
        // ASCII word boundaries: every pattern anchors on ASCII words and digits, and Unicode
        // `\b` keeps the regex engine off its fast DFA (the date finder was the coder's
        // costliest step in the profile).
        let patterns = specs
            .into_iter()
            .filter_map(|(src, rule)| {
                Regex::new(&src.replace(r"\b", r"(?-u:\b)"))
                    .ok()
                    .map(|re| (re, rule))
            })
            .collect();
        DateResolver { patterns }
    }

    /// Adds every resolvable date phrase of the text to `doc.dates`, in text order.
    pub fn resolve(&self, doc: &mut Doc) {
        let published = doc.article.published.as_deref().and_then(parse_published);
        doc.dates = self.find(&doc.article.text, published);
    }

    /// Finds and resolves date phrases in `text`; relative ones only when `published` is known.
    pub fn find(&self, text: &str, published: Option<NaiveDate>) -> Vec<DateMention> {
        let index = CharIndex::new(text);
        let mut found: Vec<(usize, usize, usize, Resolved)> = Vec::new();
        for (priority, (re, rule)) in self.patterns.iter().enumerate() {
            for caps in re.captures_iter(text) {
                let Some(whole) = caps.get(0) else { continue };
                let (start, end) = trim_match(text, whole.start(), whole.end(), *rule);
                if in_quoted_title(text, start, end) {
                    continue;
                }
                let Some(resolved) = resolve_match(*rule, &caps, text, start, published) else {
                    continue;
                };
                found.push((start, end, priority, resolved));
            }
        }
        // Longest match first, then the more specific rule; drop overlapping shorter ones.
        found.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.2.cmp(&b.2)));
        let mut kept: Vec<(usize, usize, Resolved)> = Vec::new();
        for (s, e, _, r) in found {
            if kept.iter().all(|(ks, ke, _)| e <= *ks || s >= *ke) {
                kept.push((s, e, r));
            }
        }
        kept.sort_by_key(|k| k.0);
        kept.into_iter()
            .map(|(s, e, r)| DateMention {
                start: index.char_of_byte(s),
                end: index.char_of_byte(e),
                text: text[s..e].to_string(),
                date: r.date.format("%Y-%m-%d").to_string(),
                granularity: r.granularity.to_string(),
                rule: r.rule,
            })
            .collect()
    }
}

/// Whether a match sits inside a quoted title such as “Sunday Morning Futures” or “This Week”
/// (a short quoted run of capitalised words), which names a programme, not a date.
fn in_quoted_title(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let Some(open) = before.rfind(['“', '"']) else {
        return false;
    };
    let mark_len = before[open..].chars().next().map_or(1, char::len_utf8);
    let inner_start = open + mark_len;
    let after = &text[end..];
    let Some(close) = after.find(['”', '"']) else {
        return false;
    };
    let title = &text[inner_start..end + close];
    if title.chars().count() > 60 || title.contains(['“', '”', '"']) {
        return false;
    }
    let words: Vec<&str> = title.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 6
        && words.iter().all(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || matches!(*w, "of" | "the" | "and" | "in" | "on")
        })
}

/// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SSZ` or RFC 3339 into the publication day.
pub fn parse_published(s: &str) -> Option<NaiveDate> {
    let head: String = s.trim().chars().take(10).collect();
    NaiveDate::parse_from_str(&head, "%Y-%m-%d").ok()
}

#[derive(Debug, Clone)]
struct Resolved {
    date: NaiveDate,
    granularity: &'static str,
    rule: String,
}

fn resolved(date: NaiveDate, granularity: &'static str, rule: &str) -> Option<Resolved> {
    Some(Resolved {
        date,
        granularity,
        rule: rule.to_string(),
    })
}

/// Leading prepositions belong to the context, not the date phrase; the year rule's trailing
/// guard character is not part of the match either.
fn trim_match(text: &str, start: usize, end: usize, rule: Rule) -> (usize, usize) {
    let mut s = start;
    let mut e = end;
    if rule == Rule::Year {
        // Strip the trailing guard char (anything after the four digits).
        let m = &text[s..e];
        if let Some(pos) = m.rfind(|c: char| c.is_ascii_digit()) {
            e = s + pos + 1;
        }
    }
    if matches!(rule, Rule::Year | Rule::MonthName) {
        let m = &text[s..e];
        let lower = m.to_lowercase();
        for prep in [
            "in ", "on ", "since ", "by ", "until ", "till ", "from ", "during ", "before ",
            "after ", "through ", "between ", "of ",
        ] {
            if lower.starts_with(prep) {
                s += prep.len();
                break;
            }
        }
    }
    (s, e)
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.trim_end_matches('.').to_lowercase();
    let key: String = lower.chars().take(3).collect();
    let n = match key.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(n)
}

fn weekday_of(name: &str) -> Option<Weekday> {
    let lower = name.to_lowercase();
    let day = match lower.get(..3)? {
        "mon" => Weekday::Mon,
        "tue" => Weekday::Tue,
        "wed" => Weekday::Wed,
        "thu" => Weekday::Thu,
        "fri" => Weekday::Fri,
        "sat" => Weekday::Sat,
        "sun" => Weekday::Sun,
        _ => return None,
    };
    Some(day)
}

fn number_value(word: &str) -> Option<i64> {
    let lower = word.to_lowercase();
    let n = match lower.as_str() {
        "a" | "an" | "one" => 1,
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "fifteen" => 15,
        "twenty" => 20,
        "thirty" => 30,
        other => return other.parse().ok(),
    };
    Some(n)
}

fn cap<'a>(caps: &'a Captures, i: usize) -> &'a str {
    caps.get(i).map_or("", |m| m.as_str())
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The words just before a match, lowercased, for tense cues ("will meet on Friday").
fn preceding_words(text: &str, start: usize, n: usize) -> Vec<String> {
    let before = &text[..start];
    // Stop at the sentence boundary.
    let from = before.rfind(['.', '!', '?', '\n']).map_or(0, |p| p + 1);
    before[from..]
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .rev()
        .take(n)
        .map(|w| w.to_lowercase())
        .collect()
}

/// Whether the clause before a bare weekday or month points to the future.
fn future_context(text: &str, start: usize) -> bool {
    const CUES: [&str; 11] = [
        "will",
        "'ll",
        "shall",
        "scheduled",
        "expected",
        "due",
        "planned",
        "plans",
        "set",
        "upcoming",
        "next",
    ];
    preceding_words(text, start, 8)
        .iter()
        .any(|w| CUES.contains(&w.as_str()) || w.ends_with("'ll"))
}

fn resolve_match(
    rule: Rule,
    caps: &Captures,
    text: &str,
    start: usize,
    published: Option<NaiveDate>,
) -> Option<Resolved> {
    match rule {
        Rule::IsoDate => {
            let d = ymd(
                cap(caps, 1).parse().ok()?,
                cap(caps, 2).parse().ok()?,
                cap(caps, 3).parse().ok()?,
            )?;
            resolved(d, "day", "iso-date")
        }
        Rule::MonthRelativeYear => {
            let pubd = published?;
            let month = month_number(cap(caps, 1))?;
            let year = match cap(caps, 2).to_lowercase().as_str() {
                "last" => pubd.year() - 1,
                "next" => pubd.year() + 1,
                _ => pubd.year(),
            };
            resolved(ymd(year, month, 1)?, "month", "month-relative-year")
        }
        Rule::MonthDayYear => {
            let d = ymd(
                cap(caps, 3).parse().ok()?,
                month_number(cap(caps, 1))?,
                cap(caps, 2).parse().ok()?,
            )?;
            resolved(d, "day", "month-day-year")
        }
        Rule::DayMonthYear => {
            let d = ymd(
                cap(caps, 3).parse().ok()?,
                month_number(cap(caps, 2))?,
                cap(caps, 1).parse().ok()?,
            )?;
            resolved(d, "day", "day-month-year")
        }
        Rule::MonthYear => {
            let month = month_number(cap(caps, 2))?;
            if month == 5 && cap(caps, 2) == "may" {
                return None;
            }
            let d = ymd(cap(caps, 3).parse().ok()?, month, 1)?;
            resolved(d, "month", "month-year")
        }
        Rule::MonthDay => {
            let pubd = published?;
            let month = month_number(cap(caps, 1))?;
            let day: u32 = cap(caps, 2).parse().ok()?;
            let d = nearest_year_for(pubd, month, day, future_context(text, start))?;
            resolved(d, "day", "month-day-nearest-publication")
        }
        Rule::DayMonth => {
            let pubd = published?;
            let month = month_number(cap(caps, 2))?;
            let day: u32 = cap(caps, 1).parse().ok()?;
            let d = nearest_year_for(pubd, month, day, future_context(text, start))?;
            resolved(d, "day", "day-month-nearest-publication")
        }
        Rule::RelativeMonth => {
            let pubd = published?;
            let month = month_number(cap(caps, 2))?;
            let which = cap(caps, 1).to_lowercase();
            let year = if which == "last" {
                if month < pubd.month() {
                    pubd.year()
                } else {
                    pubd.year() - 1
                }
            } else if which == "next" {
                if month > pubd.month() {
                    pubd.year()
                } else {
                    pubd.year() + 1
                }
            } else {
                pubd.year()
            };
            resolved(
                ymd(year, month, 1)?,
                "month",
                &format!("{}-month", which.replace(' ', "-")),
            )
        }
        Rule::MonthName => {
            let pubd = published?;
            let name = cap(caps, 2);
            let month = month_number(name)?;
            let d = nearest_month(pubd, month, future_context(text, start))?;
            resolved(d, "month", "month-nearest-publication")
        }
        Rule::Year => {
            let year: i32 = cap(caps, 2).parse().ok()?;
            resolved(ymd(year, 1, 1)?, "year", "year")
        }
        Rule::RelativeWeekday => {
            let pubd = published?;
            let wd = weekday_of(cap(caps, 2))?;
            let which = cap(caps, 1).to_lowercase();
            let d = match which.as_str() {
                "last" | "past" => weekday_before(pubd, wd, false),
                "next" | "coming" => weekday_after(pubd, wd, false),
                _ => {
                    if future_context(text, start) {
                        weekday_after(pubd, wd, true)
                    } else {
                        weekday_before(pubd, wd, true)
                    }
                }
            };
            resolved(d, "day", &format!("{which}-weekday"))
        }
        Rule::Weekday => {
            let pubd = published?;
            let wd = weekday_of(cap(caps, 1))?;
            if future_context(text, start) {
                resolved(
                    weekday_after(pubd, wd, true),
                    "day",
                    "weekday-after-publication",
                )
            } else {
                resolved(
                    weekday_before(pubd, wd, true),
                    "day",
                    "weekday-before-publication",
                )
            }
        }
        Rule::Ago => {
            let pubd = published?;
            let n = number_value(cap(caps, 1))?;
            let unit = cap(caps, 2).to_lowercase();
            let dir = cap(caps, 3).to_lowercase();
            // "two days earlier/before/later" are anaphoric to another event, not to the
            // publication date: only "ago" is safe to resolve.
            if dir != "ago" {
                return None;
            }
            let (d, gran) = shift(pubd, -n, unit.trim_end_matches('s'))?;
            resolved(d, gran, "ago")
        }
        Rule::RelativePeriod => {
            let pubd = published?;
            let which = cap(caps, 1).to_lowercase();
            let which = which.split_whitespace().collect::<Vec<_>>().join(" ");
            let unit = cap(caps, 2).to_lowercase();
            let step: i64 = match which.as_str() {
                "last" | "the previous" => -1,
                "past" | "the past" => {
                    // "the past week" is a duration ending now; it names the period before.
                    -1
                }
                "next" | "coming" | "the coming" => 1,
                _ => 0,
            };
            let (d, gran) = period(pubd, step, &unit)?;
            resolved(d, gran, &format!("{}-{}", which.replace(' ', "-"), unit))
        }
        Rule::Deictic => {
            let pubd = published?;
            let word = cap(caps, 1).to_lowercase();
            let word = word.split_whitespace().collect::<Vec<_>>().join(" ");
            let d = match word.as_str() {
                "yesterday" | "last night" => pubd - Duration::days(1),
                "tomorrow" => pubd + Duration::days(1),
                _ => pubd,
            };
            resolved(d, "day", &word.replace(' ', "-"))
        }
        Rule::Season => {
            let pubd = published?;
            let which = cap(caps, 1).to_lowercase();
            let season = cap(caps, 2).to_lowercase();
            let month = match season.as_str() {
                "spring" => 3,
                "summer" => 6,
                "autumn" | "fall" => 9,
                _ => 12,
            };
            let this_year = ymd(pubd.year(), month, 1)?;
            let d = match which.as_str() {
                "last" | "past" => ymd(pubd.year() - 1, month, 1)?,
                "next" | "coming" => {
                    if this_year > pubd {
                        this_year
                    } else {
                        ymd(pubd.year() + 1, month, 1)?
                    }
                }
                _ => this_year,
            };
            resolved(d, "month", &format!("{which}-season"))
        }
    }
}

/// A day-and-month without a year: the occurrence nearest the publication date, preferring
/// the past unless the clause is about the future.
fn nearest_year_for(pubd: NaiveDate, month: u32, day: u32, future: bool) -> Option<NaiveDate> {
    let candidates: Vec<NaiveDate> = [pubd.year() - 1, pubd.year(), pubd.year() + 1]
        .iter()
        .filter_map(|y| ymd(*y, month, day))
        .collect();
    let score = |d: &NaiveDate| {
        let diff = (*d - pubd).num_days();
        // Future dates count as farther away unless the clause points forward.
        if diff > 0 && !future {
            diff * 3
        } else if diff < 0 && future {
            -diff * 3
        } else {
            diff.abs()
        }
    };
    candidates.into_iter().min_by_key(score)
}

/// A bare month name: the occurrence nearest the publication date (first day of the month).
fn nearest_month(pubd: NaiveDate, month: u32, future: bool) -> Option<NaiveDate> {
    let this_year = pubd.year();
    let pm = pubd.month() as i32;
    let m = month as i32;
    let year = if m == pm {
        this_year
    } else if future {
        if m > pm {
            this_year
        } else {
            this_year + 1
        }
    } else if m < pm || m - pm <= 1 {
        this_year
    } else {
        this_year - 1
    };
    ymd(year, month, 1)
}

/// The latest `wd` on or before `pubd` (strictly before when `inclusive` is false).
fn weekday_before(pubd: NaiveDate, wd: Weekday, inclusive: bool) -> NaiveDate {
    let mut back =
        (7 + pubd.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64) % 7;
    if back == 0 && !inclusive {
        back = 7;
    }
    pubd - Duration::days(back)
}

/// The first `wd` on or after `pubd` (strictly after when `inclusive` is false).
fn weekday_after(pubd: NaiveDate, wd: Weekday, inclusive: bool) -> NaiveDate {
    let mut fwd =
        (7 + wd.num_days_from_monday() as i64 - pubd.weekday().num_days_from_monday() as i64) % 7;
    if fwd == 0 && !inclusive {
        fwd = 7;
    }
    pubd + Duration::days(fwd)
}

fn add_months(d: NaiveDate, months: i64) -> Option<NaiveDate> {
    let total = d.year() as i64 * 12 + d.month0() as i64 + months;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = total.rem_euclid(12) as u32 + 1;
    ymd(year, month, 1)
}

/// `n` units before (negative) or after the publication date, at that unit's granularity.
fn shift(pubd: NaiveDate, n: i64, unit: &str) -> Option<(NaiveDate, &'static str)> {
    match unit {
        "day" => Some((pubd + Duration::days(n), "day")),
        "week" => Some((pubd + Duration::days(7 * n), "day")),
        "month" => Some((add_months(pubd, n)?, "month")),
        "year" => Some((ymd(pubd.year() + i32::try_from(n).ok()?, 1, 1)?, "year")),
        "decade" => Some((
            ymd(pubd.year() + 10 * i32::try_from(n).ok()?, 1, 1)?,
            "year",
        )),
        _ => None,
    }
}

/// The week/month/year `step` periods from the publication's own (first day of the period).
fn period(pubd: NaiveDate, step: i64, unit: &str) -> Option<(NaiveDate, &'static str)> {
    match unit {
        "week" => {
            // A Sunday paper's "last week" is the Monday-to-Sunday week ending that day: news
            // weeks turn over on Sunday.
            let anchor = if pubd.weekday() == Weekday::Sun {
                pubd + Duration::days(1)
            } else {
                pubd
            };
            let monday = anchor - Duration::days(anchor.weekday().num_days_from_monday() as i64);
            Some((monday + Duration::days(7 * step), "week"))
        }
        "weekend" => {
            let saturday = weekday_before(pubd, Weekday::Sat, true);
            let sat = if step > 0 {
                weekday_after(pubd, Weekday::Sat, false)
            } else if step < 0 || pubd.weekday() == Weekday::Sun || pubd.weekday() == Weekday::Sat {
                saturday
            } else {
                weekday_after(pubd, Weekday::Sat, true)
            };
            Some((sat, "day"))
        }
        "month" => Some((add_months(pubd, step)?, "month")),
        "year" => Some((ymd(pubd.year() + i32::try_from(step).ok()?, 1, 1)?, "year")),
        _ => None,
    }
}

/// The date of an event in `sentence` whose words span `start..end` (code points): the date
/// phrase inside that span, else the nearest one in the sentence (before the span preferred),
/// else the publication date marked as such; `None` when neither exists.
pub fn date_for_span(doc: &Doc, sentence: usize, start: usize, end: usize) -> Option<EventDate> {
    let (s_start, s_end) = doc
        .sentences
        .get(sentence)
        .map_or((start, end), |s| (s.start, s.end));
    let in_span = doc
        .dates
        .iter()
        .enumerate()
        .filter(|(_, d)| d.start >= start && d.end <= end)
        .min_by_key(|(_, d)| d.start);
    let in_sentence = || {
        doc.dates
            .iter()
            .enumerate()
            .filter(|(_, d)| d.start >= s_start && d.end <= s_end)
            .min_by_key(|(_, d)| {
                if d.end <= start {
                    start - d.end
                } else {
                    d.start.saturating_sub(end) + 1
                }
            })
    };
    if let Some((i, d)) = in_span.or_else(in_sentence) {
        return Some(EventDate {
            date: d.date.clone(),
            mention: Some(i),
            source: "phrase".into(),
        });
    }
    let published = doc.article.published.as_deref().and_then(parse_published)?;
    Some(EventDate {
        date: published.format("%Y-%m-%d").to_string(),
        mention: None,
        source: "publication".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, published: &str) -> Vec<(String, String, String)> {
        DateResolver::default()
            .find(text, parse_published(published))
            .into_iter()
            .map(|d| (d.text, d.date, d.granularity))
            .collect()
    }

    fn one(text: &str, published: &str) -> (String, String) {
        let found = find(text, published);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        (found[0].0.clone(), found[0].1.clone())
    }

    // 2025-03-14 is a Friday.
    const PUB: &str = "2025-03-14 20:30:26Z";

    #[test]
    fn weekdays_resolve_to_the_latest_such_day_up_to_publication() {
        assert_eq!(
            one("The minister said on Thursday that talks failed.", PUB),
            ("Thursday".into(), "2025-03-13".into())
        );
        assert_eq!(one("Officials said Friday.", PUB).1, "2025-03-14");
        assert_eq!(one("He arrived Monday.", PUB).1, "2025-03-10");
        assert_eq!(one("They met last Friday.", PUB).1, "2025-03-07");
    }

    #[test]
    fn future_clauses_push_weekdays_forward() {
        assert_eq!(
            one("The ministers will meet on Tuesday in Riyadh.", PUB).1,
            "2025-03-18"
        );
        assert_eq!(one("Talks resume next Monday.", PUB).1, "2025-03-17");
    }

    #[test]
    fn relative_periods_and_ago() {
        assert_eq!(
            find("It happened last week.", PUB),
            vec![("last week".into(), "2025-03-03".into(), "week".into())]
        );
        assert_eq!(one("two days ago", PUB).1, "2025-03-12");
        assert_eq!(one("a year ago", PUB).1, "2024-01-01");
        assert_eq!(one("yesterday", PUB).1, "2025-03-13");
        assert_eq!(one("next month", PUB).1, "2025-04-01");
        assert_eq!(
            find("earlier this year", PUB),
            vec![(
                "earlier this year".into(),
                "2025-01-01".into(),
                "year".into()
            )]
        );
    }

    #[test]
    fn month_names_pick_the_nearest_past_occurrence() {
        assert_eq!(
            one("The deal was signed in December.", PUB),
            ("December".into(), "2024-12-01".into())
        );
        assert_eq!(one("Elections are due in June.", PUB).1, "2025-06-01");
        assert_eq!(one("on March 6", PUB).1, "2025-03-06");
        assert_eq!(one("on 6 March", PUB).1, "2025-03-06");
        assert_eq!(one("since Dec. 20", PUB).1, "2024-12-20");
    }

    #[test]
    fn absolute_dates_need_no_publication_date() {
        assert_eq!(one("on March 6, 2024,", "").1, "2024-03-06");
        assert_eq!(one("on 6 March 2024", "").1, "2024-03-06");
        let found = find("The war began in 2008, and ended in August 2008.", "");
        assert_eq!(
            found,
            vec![
                ("2008".into(), "2008-01-01".into(), "year".into()),
                ("August 2008".into(), "2008-08-01".into(), "month".into())
            ]
        );
        // Relative phrases are left alone without a publication date.
        assert!(find("He said on Friday that talks failed.", "").is_empty());
    }

    #[test]
    fn month_of_last_year_and_old_years() {
        assert_eq!(
            one("since winning power in July last year.", PUB).1,
            "2024-07-01"
        );
        assert_eq!(one("after the defeat in 1815.", PUB).1, "1815-01-01");
        // Sunday publication: "last week" is the week that just ended.
        assert_eq!(
            one("Trump last week issued tariffs.", "2025-03-09").1,
            "2025-03-03"
        );
    }

    #[test]
    fn programme_titles_are_not_dates() {
        let found = find(
            "he told Fox News’ “Sunday Morning Futures” show on Sunday.",
            PUB,
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "Sunday");
        assert!(find("on ABC News’ “This Week” program.", PUB).is_empty());
    }

    #[test]
    fn numbers_and_modal_may_are_not_dates() {
        assert!(find("They may leave. About 2,000 people and 1,500 troops.", PUB).is_empty());
        assert!(find("In 2,000 cases officials may act.", PUB).is_empty());
    }

    #[test]
    fn event_date_prefers_the_clause_then_sentence_then_publication() {
        let text = "Troops crossed on Thursday. Talks continue.";
        let mut doc = Doc::new(dyad_model::Article {
            text: text.into(),
            published: Some(PUB.into()),
            ..Default::default()
        });
        doc.sentences = vec![
            dyad_model::Sentence {
                start: 0,
                end: 27,
                ..Default::default()
            },
            dyad_model::Sentence {
                start: 28,
                end: text.chars().count(),
                ..Default::default()
            },
        ];
        DateResolver::default().resolve(&mut doc);
        let first = date_for_span(&doc, 0, 0, 14).unwrap();
        assert_eq!(first.date, "2025-03-13");
        assert_eq!(first.source, "phrase");
        assert_eq!(first.mention, Some(0));
        let second = date_for_span(&doc, 1, 28, 33).unwrap();
        assert_eq!(second.date, "2025-03-14");
        assert_eq!(second.source, "publication");
        assert_eq!(second.mention, None);
    }
}
