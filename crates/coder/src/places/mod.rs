//! Place mentions resolved to gazetteer entries with coordinates and GDELT geo fields.
//!
//! Candidates are names found in the text (countries, regions, first-level subdivisions,
//! capitals and major cities; longest match first) and LOC entities from the NER step, which
//! are also looked up among all GeoNames cities. Names with several entries (Georgia the
//! country or the US state, Paris, Tripoli) are resolved by the article's other places: an
//! entry whose country the article mentions wins, else countries beat subdivisions and capitals
//! beat other cities; [`Place::rule`] says which reason decided.
//!
//! GDELT fields: `geo_type` 1 country, 2 US state, 3 US city, 4 world city, 5 world ADM1 or
//! region; `fips` is the FIPS 10-4 country code; `adm1` is GDELT's "USGA" form for US states
//! and the ISO 3166-2 code elsewhere; `feature_id` is the FIPS code for countries, the ADM1
//! code for subdivisions and `GN:<ISO2>:<name>` for GeoNames cities.

mod gazetteer;

use std::collections::HashMap;

use dyad_model::{Doc, Place};

use crate::speech::text::{words, Word};
use gazetteer::{normalise, Entry, Feature, Tables};

/// Multi-word regions that are not places we geocode; matching them first stops "America"
/// being found inside "Latin America".
const MACRO_REGIONS: &[&str] = &[
    "latin america",
    "north america",
    "south america",
    "central america",
    "middle east",
    "east asia",
    "southeast asia",
    "south asia",
    "central asia",
    "west africa",
    "east africa",
    "north africa",
    "southern africa",
    "horn of africa",
    "sub-saharan africa",
    "western europe",
    "eastern europe",
    "central europe",
    "persian gulf",
    "gulf of aden",
    "red sea",
    "south china sea",
    "east china sea",
    "black sea",
    "caspian sea",
    "indian ocean",
    "korean peninsula",
    "taiwan strait",
    "strait of hormuz",
    "gulf of mexico",
    "sea of japan",
    "arabian sea",
    "mediterranean sea",
    "north caucasus",
    "south caucasus",
    "asia-pacific",
    "indo-pacific",
    "new york times",
    "washington post",
    "jerusalem post",
    "south china morning post",
    "voice of america",
    "radio free asia",
    "radio free europe",
    "daily star",
];

/// Words after a subdivision name that make it one ("Balochistan province").
const ADM1_SUFFIXES: &[&str] = &[
    "province",
    "state",
    "region",
    "oblast",
    "governorate",
    "county",
    "prefecture",
    "district",
    "territory",
    "republic",
];

/// Prepositions that make a place where what the clause reports happens ("talks in Doha").
pub(crate) const AT_PLACE: &[&str] = &[
    "in",
    "at",
    "near",
    "outside",
    "inside",
    "across",
    "throughout",
    "around",
    "within",
];

/// Prepositions of movement, which make a place the location too ("fled to Chad"); a capital
/// after them may still be its government acting ("a letter to Moscow"), so actor coding
/// reads only [`AT_PLACE`].
const TO_OR_FROM: &[&str] = &["into", "to", "from"];

#[derive(Debug, Default)]
pub struct Gazetteer {
    tables: Tables,
}

/// A place candidate: its span, the words it covers and the entries it may be.
#[derive(Debug, Clone)]
struct Mention {
    start: usize,
    end: usize,
    last_word: usize,
    /// Normalised name, to look up same-name cities in the article's countries.
    key: String,
    candidates: Vec<Entry>,
    from_entity: bool,
}

impl Gazetteer {
    pub fn load_default() -> Result<Self, crate::CoderError> {
        Ok(Gazetteer {
            tables: Tables::load()?,
        })
    }

    /// Number of entries (countries, subdivisions, regions, cities).
    pub fn len(&self) -> usize {
        self.tables.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tables.entries.is_empty()
    }

    /// Adds every resolvable place mention to `doc.places`, in text order.
    pub fn resolve(&self, doc: &mut Doc) {
        let chars: Vec<char> = doc.article.text.chars().collect();
        let ws = words(&chars);
        let mut mentions = self.scan(doc, &chars, &ws);
        self.add_entity_mentions(doc, &chars, &ws, &mut mentions);
        self.add_locative_mentions(&chars, &ws, &mut mentions);
        mentions.sort_by_key(|m| (m.start, usize::MAX - m.end));
        let mut kept_end = 0;
        mentions.retain(|m| {
            let keep = m.start >= kept_end;
            if keep {
                kept_end = m.end;
            }
            keep
        });
        let context = self.context(&mentions);
        let mut places = Vec::new();
        for (i, m) in mentions.iter().enumerate() {
            // "Charlevoix, Quebec": a place right after a comma names where the first one is.
            let within = mentions
                .get(i + 1)
                .filter(|n| {
                    n.start >= m.end
                        && n.start <= m.end + 3
                        && chars[m.end..n.start].iter().collect::<String>().trim() == ","
                })
                .and_then(|n| self.sole_country(n));
            if let Some(p) = self.choose(m, &ws, &context, &chars, within) {
                places.push(p);
            }
        }
        doc.places = places;
    }

    fn lookup_names(&self, key: &str) -> Vec<Entry> {
        self.tables
            .names
            .get(key)
            .map(|v| v.iter().map(|&i| self.tables.entries[i].clone()).collect())
            .unwrap_or_default()
    }

    /// Gazetteer names in the text, longest match first.
    fn scan(&self, doc: &Doc, chars: &[char], ws: &[Word]) -> Vec<Mention> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < ws.len() {
            if !ws[i].is_capitalized() || ws[i].is_punct() || ws[i].lower == "the" {
                i += 1;
                continue;
            }
            let mut matched = None;
            for len in (1..=6).rev() {
                let j = i + len - 1;
                if j >= ws.len() {
                    continue;
                }
                let span = &ws[i..=j];
                if span
                    .iter()
                    .any(|w| w.is_punct() || w.lower == "’s" || w.lower == "'s")
                {
                    continue;
                }
                if !ws[j].is_capitalized() && len == 1 {
                    continue;
                }
                let text: String = chars[ws[i].start..ws[j].end].iter().collect();
                let key = normalise(&text);
                if MACRO_REGIONS.contains(&key.as_str()) {
                    matched = Some((j, Vec::new()));
                    break;
                }
                let c = self.lookup_names(&key);
                if !c.is_empty() {
                    matched = Some((j, c));
                    break;
                }
            }
            match matched {
                Some((j, cands)) => {
                    let (start, end) = (ws[i].start, ws[j].end);
                    // "Vladimir Putin", "Paris Hilton": a city or subdivision name followed by
                    // another capitalised word is a person or an organisation.
                    let named_after = ws
                        .get(j + 1)
                        .is_some_and(|w| w.is_capitalized() && !w.is_punct() && w.start <= end + 1)
                        && cands
                            .iter()
                            .all(|c| matches!(c.feature, Feature::City | Feature::Adm1));
                    if !cands.is_empty()
                        && !named_after
                        && !in_hyphen_compound(chars, start, end)
                        && !before_feature_word(ws, j)
                        && (!inside_person_or_org(doc, start, end) || sure_place(&cands, i, j))
                    {
                        out.push(Mention {
                            start,
                            end,
                            last_word: j,
                            key: normalise(&chars[start..end].iter().collect::<String>()),
                            candidates: cands,
                            from_entity: false,
                        });
                    }
                    i = j + 1;
                }
                None => i += 1,
            }
        }
        out
    }

    /// LOC entities the scan did not find, looked up among all names and cities.
    fn add_entity_mentions(
        &self,
        doc: &Doc,
        chars: &[char],
        ws: &[Word],
        mentions: &mut Vec<Mention>,
    ) {
        for e in &doc.entities {
            let base = e.label.split(':').next().unwrap_or("");
            if !matches!(base, "LOC" | "GPE") {
                continue;
            }
            if mentions.iter().any(|m| m.start < e.end && m.end > e.start) {
                continue;
            }
            // "The White House said": an institution named by its building (an actor coded
            // from seats.tsv) is no place — not White House, Tennessee.
            if e.actor
                .as_ref()
                .is_some_and(|a| a.rule.starts_with("seats.tsv:"))
            {
                continue;
            }
            let text = e.text.trim_end_matches("’s").trim_end_matches("'s");
            let capitalised = text.chars().next().is_some_and(char::is_uppercase);
            let end = e.start + text.chars().count();
            if !capitalised || in_hyphen_compound(chars, e.start, end) {
                continue;
            }
            let last = ws.partition_point(|w| w.end <= end).saturating_sub(1);
            if before_feature_word(ws, last) {
                continue;
            }
            let key = normalise(text);
            let mut cands = self.lookup_names(&key);
            for c in self.tables.cities().named(&key) {
                if !cands.iter().any(|x| same_entry(x, c)) {
                    cands.push(c.clone());
                }
            }
            if cands.is_empty() {
                continue;
            }
            let first_word = ws.partition_point(|w| w.start < e.start);
            let last_word = ws
                .partition_point(|w| w.end <= e.end)
                .saturating_sub(1)
                .max(first_word);
            mentions.push(Mention {
                start: e.start,
                end: e.start + text.chars().count(),
                last_word,
                key,
                candidates: cands,
                from_entity: true,
            });
        }
    }

    /// The one country a mention stands for, when all its entries lie in one country.
    fn sole_country<'a>(&self, m: &'a Mention) -> Option<&'a str> {
        let mut countries: Vec<&str> = m.candidates.iter().map(|e| e.iso3.as_str()).collect();
        countries.sort();
        countries.dedup();
        let has_country = m.candidates.iter().any(|e| e.feature == Feature::Country);
        (countries.len() == 1 && (has_country || !m.from_entity)).then(|| countries[0])
    }

    /// Countries the article places itself in: every mention with a single possible country.
    fn context(&self, mentions: &[Mention]) -> HashMap<String, usize> {
        let mut ctx: HashMap<String, usize> = HashMap::new();
        for m in mentions {
            if let Some(c) = self.sole_country(m) {
                *ctx.entry(c.to_string()).or_default() += 1;
            }
        }
        ctx
    }

    fn base_score(e: &Entry) -> i32 {
        match e.feature {
            Feature::Country => 50,
            Feature::Region => 45,
            Feature::Adm1 if e.iso3 == "USA" => 30,
            Feature::Adm1 => 25,
            Feature::City => match e.rank {
                2 => 28,
                1 => 20,
                _ => 5,
            },
        }
    }

    fn choose(
        &self,
        m: &Mention,
        ws: &[Word],
        context: &HashMap<String, usize>,
        chars: &[char],
        within: Option<&str>,
    ) -> Option<Place> {
        // The article's countries as seen by this mention: its own vote does not count.
        let mut context = context.clone();
        if let Some(own) = self.sole_country(m) {
            if let Some(n) = context.get_mut(own) {
                *n -= 1;
                if *n == 0 {
                    context.remove(own);
                }
            }
        }
        let context = &context;
        let suffix = ws
            .get(m.last_word + 1)
            .is_some_and(|w| ADM1_SUFFIXES.contains(&w.lower.as_str()));
        // Small cities of the same name in the article's countries ("Tripoli" in a Lebanon story).
        let mut candidates = m.candidates.clone();
        let uncovered = context
            .keys()
            .any(|c| !candidates.iter().any(|e| &e.iso3 == c));
        if uncovered && candidates.iter().any(|e| e.feature == Feature::City) {
            for c in self.tables.cities().named(&m.key) {
                if context.contains_key(&c.iso3) && !candidates.iter().any(|x| same_entry(x, c)) {
                    candidates.push(c.clone());
                }
            }
        }
        let allowed: Vec<Entry> = candidates
            .into_iter()
            .filter(|e| within.is_none_or(|c| e.iso3 == c || e.feature == Feature::Country))
            .filter(|e| {
                e.feature != Feature::Adm1
                    || m.from_entity
                    || suffix
                    || e.iso3 == "USA"
                    || context.contains_key(&e.iso3)
            })
            .collect();
        let scored: Vec<(i32, usize)> = allowed
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut s = Self::base_score(e);
                if let Some(n) = context.get(&e.iso3) {
                    s += 30 + 5 * (*n).min(4) as i32;
                }
                if suffix && e.feature == Feature::Adm1 {
                    s += 20;
                }
                (s, i)
            })
            .collect();
        let &(best_score, best) = scored.iter().max_by_key(|(s, i)| (*s, usize::MAX - i))?;
        // A bare city from the entity list with no support is too weak to geocode.
        let e = &allowed[best];
        if m.from_entity
            && e.feature == Feature::City
            && e.rank == 0
            && !context.contains_key(&e.iso3)
        {
            return None;
        }
        let rule = explain(&allowed, best, best_score, &scored, context, suffix);
        let text: String = chars[m.start..m.end].iter().collect();
        Some(self.place(e, m.start, m.end, text, rule))
    }
}

fn same_entry(a: &Entry, b: &Entry) -> bool {
    a.feature == b.feature
        && a.iso3 == b.iso3
        && a.name == b.name
        && (a.lat - b.lat).abs() < 1e-6
        && (a.lon - b.lon).abs() < 1e-6
}

fn explain(
    entries: &[Entry],
    best: usize,
    best_score: i32,
    scored: &[(i32, usize)],
    context: &HashMap<String, usize>,
    suffix: bool,
) -> String {
    let e = &entries[best];
    let mut others: Vec<String> = scored
        .iter()
        .filter(|(_, i)| *i != best)
        .map(|(_, i)| {
            let o = &entries[*i];
            format!("{} {} ({})", o.feature.as_str(), o.name, o.iso3)
        })
        .collect();
    others.sort();
    others.dedup();
    if others.is_empty() {
        return format!("gazetteer {}", e.feature.as_str());
    }
    let n = others.len();
    others.truncate(3);
    let why = if let Some(c) = context.get(&e.iso3) {
        format!("the article mentions {} ({c} unambiguous places)", e.iso3)
    } else if suffix && e.feature == Feature::Adm1 {
        "a subdivision word follows the name".to_string()
    } else {
        match e.feature {
            Feature::Country => "a country name outranks subdivisions and cities".into(),
            Feature::City if e.rank == 2 => "capital city".into(),
            Feature::City if e.rank == 1 => "major city".into(),
            _ => "highest prior".into(),
        }
    };
    format!(
        "homonym: chose {} {} ({}) over {n} other(s) [{}] because {why} (score {best_score})",
        e.feature.as_str(),
        e.name,
        e.iso3,
        others.join("; ")
    )
}

impl Gazetteer {
    fn place(&self, e: &Entry, start: usize, end: usize, text: String, rule: String) -> Place {
        let fips = self.tables.countries.get(&e.iso3).map(|c| c.fips.clone());
        let us = e.iso3 == "USA";
        let geo_type = match (e.feature, us) {
            (Feature::Country, _) => 1,
            (Feature::Adm1 | Feature::Region, true) => 2,
            (Feature::City, true) => 3,
            (Feature::City, false) => 4,
            (_, false) => 5,
        };
        let adm1 = e.adm1.as_ref().map(|code| {
            if us {
                code.replace('-', "")
            } else {
                code.clone()
            }
        });
        let feature_id = match e.feature {
            Feature::Country => fips.clone().unwrap_or_default(),
            Feature::Adm1 => adm1.clone().unwrap_or_default(),
            Feature::Region => adm1.clone().unwrap_or_else(|| format!("region:{}", e.name)),
            Feature::City => format!("GN:{}:{}", e.iso2, e.name),
        };
        Place {
            start,
            end,
            text,
            name: e.name.clone(),
            feature: e.feature.as_str().to_string(),
            country: Some(e.iso3.clone()),
            fips,
            adm1,
            lat: e.lat,
            lon: e.lon,
            geo_type,
            feature_id,
            rule,
        }
    }
}

impl Gazetteer {
    /// Capitalised names after "in", "near", "town of", … that the scan and the entities
    /// missed, looked up among all cities of the countries the article already names.
    fn add_locative_mentions(&self, chars: &[char], ws: &[Word], mentions: &mut Vec<Mention>) {
        let context = self.context(mentions);
        if context.is_empty() {
            return;
        }
        let mut found = Vec::new();
        for i in 1..ws.len() {
            let prev = ws[i - 1].lower.as_str();
            let place_of = prev == "of"
                && i >= 2
                && matches!(
                    ws[i - 2].lower.as_str(),
                    "town" | "city" | "village" | "district" | "province" | "region" | "suburb"
                );
            if !(matches!(prev, "in" | "near" | "outside" | "from" | "at") || place_of)
                || !ws[i].is_capitalized()
            {
                continue;
            }
            if mentions
                .iter()
                .any(|m| m.start <= ws[i].start && m.end > ws[i].start)
            {
                continue;
            }
            let mut j = i;
            while j + 1 < ws.len()
                && ws[j + 1].is_capitalized()
                && !ws[j + 1].is_punct()
                && j < i + 3
            {
                j += 1;
            }
            let (start, end) = (ws[i].start, ws[j].end);
            let key = normalise(&chars[start..end].iter().collect::<String>());
            let cands: Vec<Entry> = self
                .tables
                .cities()
                .named(&key)
                .filter(|c| context.contains_key(&c.iso3))
                .cloned()
                .collect();
            if !cands.is_empty() && !in_hyphen_compound(chars, start, end) {
                found.push(Mention {
                    start,
                    end,
                    last_word: j,
                    key,
                    candidates: cands,
                    from_entity: true,
                });
            }
        }
        mentions.extend(found);
    }
}

/// A multi-word country or region name ("Diego Garcia") stays a place even when the NER
/// step tagged it as a person.
fn sure_place(cands: &[Entry], first: usize, last: usize) -> bool {
    last > first
        && cands.iter().all(|c| {
            matches!(
                c.feature,
                Feature::Country | Feature::Region | Feature::Adm1
            )
        })
}

/// Whether a name is part of a hyphenated compound ("U.S.-backed", "Russia-Ukraine war").
fn in_hyphen_compound(chars: &[char], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| chars[i]);
    let after = chars.get(end).copied();
    matches!(before, Some('-')) || matches!(after, Some('-'))
}

/// Whether the name is followed by a geographic feature word it modifies ("Taiwan Strait",
/// "Black Sea"), so the place is the feature, not the name.
fn before_feature_word(ws: &[Word], last: usize) -> bool {
    ws.get(last + 1).is_some_and(|w| {
        matches!(
            w.text.as_str(),
            "Strait"
                | "Straits"
                | "Sea"
                | "Seas"
                | "Ocean"
                | "Gulf"
                | "River"
                | "Mountains"
                | "Peninsula"
                | "Bay"
                | "Canal"
                | "Desert"
                | "Valley"
                | "Lake"
                | "Basin"
        )
    })
}

/// Whether a span lies inside a person name ("Jordan Peterson") or strictly inside an
/// organisation name ("Bank of Georgia").
fn inside_person_or_org(doc: &Doc, start: usize, end: usize) -> bool {
    doc.entities.iter().any(|e| {
        let base = e.label.split(':').next().unwrap_or("");
        let covers = e.start <= start && e.end >= end;
        let strictly = covers && (e.end - e.start) > (end - start);
        // A place name tagged as a person on its own is a tagging slip unless it is also a
        // given name ("Jordan", "Georgia").
        let person = base == "PER"
            && e.kind != "pronoun"
            && !e.text.contains(',')
            && e.text.split_whitespace().count() <= 4
            && (strictly || (covers && crate::speech::speakers::gender_of(&e.text).is_some()));
        // "Bank of Georgia"; not a run-on organisation tag swallowing a list of countries.
        let org = base == "ORG"
            && strictly
            && !e.text.contains(',')
            && e.text.split_whitespace().count() <= 6;
        person || org
    })
}

/// Whether the place at index `p` is introduced by a locative preposition ("in South
/// Ossetia", "in the breakaway region of Abkhazia", "in Iraq’s Anbar desert").
fn is_locative(doc: &Doc, ws: &[Word], p: &Place) -> bool {
    let i = ws.partition_point(|w| w.start < p.start);
    let mut k = i;
    let mut steps = 0;
    while k > 0 && steps < 4 {
        let w = &ws[k - 1];
        if AT_PLACE.contains(&w.lower.as_str()) || TO_OR_FROM.contains(&w.lower.as_str()) {
            return true;
        }
        let skippable = matches!(
            w.lower.as_str(),
            "the"
                | "northern"
                | "southern"
                | "eastern"
                | "western"
                | "central"
                | "northeastern"
                | "northwestern"
                | "southeastern"
                | "southwestern"
                | "breakaway"
                | "occupied"
                | "region"
                | "of"
                | "city"
                | "town"
                | "village"
                | "province"
                | "’s"
                | "'s"
        ) || (w.is_capitalized() && !w.is_punct());
        if !skippable {
            return false;
        }
        k -= 1;
        steps += 1;
    }
    let _ = doc;
    false
}

/// The action location of an event in `sentence` whose words span `start..end`: a place
/// introduced by a locative preposition inside that span, else one elsewhere in the sentence,
/// else the article's main place (its most mentioned place). Returns an index into
/// `doc.places`.
pub fn place_for_span(doc: &Doc, sentence: usize, start: usize, end: usize) -> Option<usize> {
    if doc.places.is_empty() {
        return None;
    }
    let chars: Vec<char> = doc.article.text.chars().collect();
    let ws = words(&chars);
    let (s_start, s_end) = doc
        .sentences
        .get(sentence)
        .map_or((start, end), |s| (s.start, s.end));
    let locative: Vec<usize> = doc
        .places
        .iter()
        .enumerate()
        .filter(|(_, p)| p.start >= s_start && p.end <= s_end && is_locative(doc, &ws, p))
        .map(|(i, _)| i)
        .collect();
    let pick_specific = |i: usize| -> usize {
        // "in Iraq’s Anbar desert": a more specific place right after, in the same country.
        let p = &doc.places[i];
        doc.places
            .get(i + 1)
            .filter(|q| {
                q.start <= p.end + 4
                    && q.country == p.country
                    && specificity(&q.feature) > specificity(&p.feature)
            })
            .map_or(i, |_| i + 1)
    };
    if let Some(&i) = locative
        .iter()
        .find(|&&i| doc.places[i].start >= start && doc.places[i].end <= end)
    {
        return Some(pick_specific(i));
    }
    if let Some(&i) = locative.iter().min_by_key(|&&i| {
        let p = &doc.places[i];
        if p.end <= start {
            start - p.end
        } else {
            p.start.saturating_sub(end)
        }
    }) {
        return Some(pick_specific(i));
    }
    main_place(doc)
}

fn specificity(feature: &str) -> u8 {
    match feature {
        "country" => 0,
        "region" | "adm1" => 1,
        _ => 2,
    }
}

/// The article's most mentioned place (first mention of it); ties go to the earliest.
pub fn main_place(doc: &Doc) -> Option<usize> {
    let mut counts: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for (i, p) in doc.places.iter().enumerate() {
        let key = (p.name.as_str(), p.feature.as_str());
        let c = counts.entry(key).or_insert((0, i));
        c.0 += 1;
    }
    counts
        .values()
        .max_by_key(|(n, first)| (*n, usize::MAX - first))
        .map(|(_, first)| *first)
}

#[cfg(test)]
mod tests;
