//! The gazetteer: countries, first-level subdivisions, hand-written regions and GeoNames
//! cities, loaded from the tables in `data/places/` (see `build.py` there for their sources).

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use crate::CoderError;

const COUNTRIES_TSV: &str = include_str!("../../data/places/countries.tsv");
const ADM1_TSV: &str = include_str!("../../data/places/adm1.tsv");
const REGIONS_TSV: &str = include_str!("../../data/places/regions.tsv");
const ALIASES_TSV: &str = include_str!("../../data/places/aliases.tsv");
const CAPITALS_TSV: &str = include_str!("../../data/places/capitals.tsv");
const CITIES_TSV_GZ: &[u8] = include_bytes!("../../data/places/cities.tsv.gz");

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    Country,
    Adm1,
    Region,
    City,
}

impl Feature {
    pub fn as_str(self) -> &'static str {
        match self {
            Feature::Country => "country",
            Feature::Adm1 => "adm1",
            Feature::Region => "region",
            Feature::City => "city",
        }
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    pub feature: Feature,
    pub iso3: String,
    pub iso2: String,
    /// ISO 3166-2 code of the subdivision (for cities: of the subdivision they lie in).
    pub adm1: Option<String>,
    pub lat: f64,
    pub lon: f64,
    /// 2 capital, 1 major city, 0 other (cities only).
    pub rank: u8,
}

/// Country facts shared by all entries of a country.
#[derive(Debug, Clone)]
pub struct CountryInfo {
    pub iso2: String,
    pub fips: String,
    pub entry: usize,
}

#[derive(Debug, Default)]
pub struct Tables {
    pub entries: Vec<Entry>,
    /// Normalised name → entries that text scanning may match (countries, regions, subdivisions,
    /// capitals and major cities).
    pub names: HashMap<String, Vec<usize>>,
    /// Every GeoNames city, loaded on first use (entity mentions and small same-name cities).
    cities: OnceLock<Cities>,
    pub countries: HashMap<String, CountryInfo>,
    pub iso2_to_iso3: HashMap<String, String>,
}

/// All GeoNames cities by normalised name.
#[derive(Debug, Default)]
pub struct Cities {
    pub entries: Vec<Entry>,
    pub by_name: HashMap<String, Vec<usize>>,
}

impl Cities {
    pub fn named(&self, key: &str) -> impl Iterator<Item = &Entry> {
        self.by_name
            .get(key)
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
    }
}

/// Lower-cases, folds curly apostrophes and spaces, drops a leading "the ".
pub fn normalise(s: &str) -> String {
    let lower: String = s
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            '’' => '\'',
            '-' => ' ',
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        })
        .collect();
    let joined = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    joined
        .strip_prefix("the ")
        .map(str::to_string)
        .unwrap_or(joined)
}

/// Aliases that are words or demonyms rather than names of the place.
const BAD_ALIASES: &[&str] = &[
    "uighur",
    "uygur",
    "chechen",
    "georgien",
    "rusia",
    "co",
    "island",
    "man",
    "chad republic",
];

fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn bad(path: &str, line: usize, reason: &str) -> CoderError {
    CoderError::Dictionary {
        path: format!("data/places/{path}"),
        line,
        reason: reason.to_string(),
    }
}

fn coord(path: &str, line: usize, s: &str) -> Result<f64, CoderError> {
    s.trim()
        .parse()
        .map_err(|_| bad(path, line, &format!("bad coordinate {s:?}")))
}

impl Tables {
    pub fn load() -> Result<Self, CoderError> {
        let mut t = Tables::default();
        t.load_countries()?;
        t.load_adm1()?;
        t.load_regions()?;
        t.load_aliases()?;
        let capitals = t.parse_cities("capitals.tsv", CAPITALS_TSV)?;
        for e in capitals {
            let idx = t.entries.len();
            let name = e.name.clone();
            t.entries.push(e);
            t.add_name(&name, idx);
        }
        Ok(t)
    }

    fn add_name(&mut self, name: &str, idx: usize) {
        let key = normalise(name);
        if key.len() < 2 || BAD_ALIASES.contains(&key.as_str()) {
            return;
        }
        let v = self.names.entry(key).or_default();
        if !v.contains(&idx) {
            v.push(idx);
        }
    }

    fn load_countries(&mut self) -> Result<(), CoderError> {
        for (line, f) in rows(COUNTRIES_TSV) {
            if f.len() < 6 {
                return Err(bad(
                    "countries.tsv",
                    line,
                    "expected 7 tab-separated fields",
                ));
            }
            let idx = self.entries.len();
            self.entries.push(Entry {
                name: f[3].to_string(),
                feature: Feature::Country,
                iso3: f[0].to_string(),
                iso2: f[1].to_string(),
                adm1: None,
                lat: coord("countries.tsv", line, f[4])?,
                lon: coord("countries.tsv", line, f[5])?,
                rank: 0,
            });
            self.countries.insert(
                f[0].to_string(),
                CountryInfo {
                    iso2: f[1].to_string(),
                    fips: f[2].to_string(),
                    entry: idx,
                },
            );
            self.iso2_to_iso3.insert(f[1].to_string(), f[0].to_string());
            self.add_name(f[3], idx);
            for a in f
                .get(6)
                .map_or("", |s| s)
                .split('|')
                .filter(|a| !a.is_empty())
            {
                self.add_name(a, idx);
            }
        }
        Ok(())
    }

    fn load_adm1(&mut self) -> Result<(), CoderError> {
        for (line, f) in rows(ADM1_TSV) {
            if f.len() < 6 {
                return Err(bad("adm1.tsv", line, "expected 7 tab-separated fields"));
            }
            let Some(c) = self.countries.get(f[0]) else {
                continue;
            };
            let iso2 = c.iso2.clone();
            let idx = self.entries.len();
            self.entries.push(Entry {
                name: f[2].to_string(),
                feature: Feature::Adm1,
                iso3: f[0].to_string(),
                iso2,
                adm1: Some(f[1].to_string()),
                lat: coord("adm1.tsv", line, f[4])?,
                lon: coord("adm1.tsv", line, f[5])?,
                rank: 0,
            });
            self.add_name(f[2], idx);
            for a in f
                .get(6)
                .map_or("", |s| s)
                .split('|')
                .filter(|a| !a.is_empty())
            {
                // Romanised legal names ("Respublika …") are never written in English news.
                if !a.contains('[') && !a.contains(',') {
                    self.add_name(a, idx);
                }
            }
        }
        Ok(())
    }

    fn load_regions(&mut self) -> Result<(), CoderError> {
        for (line, f) in rows(REGIONS_TSV) {
            if f.len() < 6 {
                return Err(bad("regions.tsv", line, "expected 7 tab-separated fields"));
            }
            let (name, feature, iso3, code) = (f[0], f[1], f[2], f[3]);
            let lat = coord("regions.tsv", line, f[4])?;
            let lon = coord("regions.tsv", line, f[5])?;
            let aliases: Vec<&str> = f
                .get(6)
                .map_or("", |s| s)
                .split('|')
                .filter(|a| !a.is_empty())
                .collect();
            let feature = match feature {
                "country" => Feature::Country,
                "adm1" => Feature::Adm1,
                "region" => Feature::Region,
                "city" => Feature::City,
                other => {
                    return Err(bad(
                        "regions.tsv",
                        line,
                        &format!("unknown feature {other:?}"),
                    ))
                }
            };
            if feature == Feature::Country {
                let idx = self.entries.len();
                let iso2 = code.get(..2).unwrap_or("").to_string();
                self.entries.push(Entry {
                    name: name.to_string(),
                    feature,
                    iso3: iso3.to_string(),
                    iso2: iso2.clone(),
                    adm1: None,
                    lat,
                    lon,
                    rank: 0,
                });
                self.countries
                    .entry(iso3.to_string())
                    .or_insert(CountryInfo {
                        iso2,
                        fips: code.to_string(),
                        entry: idx,
                    });
                self.add_name(name, idx);
                for a in aliases {
                    self.add_name(a, idx);
                }
                continue;
            }
            let iso2 = self
                .countries
                .get(iso3)
                .map(|c| c.iso2.clone())
                .ok_or_else(|| bad("regions.tsv", line, &format!("unknown country {iso3}")))?;
            let existing = (!code.is_empty())
                .then(|| {
                    self.entries
                        .iter()
                        .position(|e| e.feature == Feature::Adm1 && e.adm1.as_deref() == Some(code))
                })
                .flatten();
            let idx = match existing {
                Some(i) if feature == Feature::Adm1 => {
                    let e = &mut self.entries[i];
                    e.name = name.to_string();
                    e.lat = lat;
                    e.lon = lon;
                    i
                }
                _ => {
                    self.entries.push(Entry {
                        name: name.to_string(),
                        feature,
                        iso3: iso3.to_string(),
                        iso2,
                        adm1: (!code.is_empty()).then(|| code.to_string()),
                        lat,
                        lon,
                        rank: if feature == Feature::City { 2 } else { 0 },
                    });
                    self.entries.len() - 1
                }
            };
            self.add_name(name, idx);
            for a in aliases {
                self.add_name(a, idx);
            }
        }
        Ok(())
    }

    fn load_aliases(&mut self) -> Result<(), CoderError> {
        for (line, f) in rows(ALIASES_TSV) {
            let (Some(alias), Some(iso3)) = (f.first(), f.get(1)) else {
                return Err(bad("aliases.tsv", line, "expected alias<TAB>iso3"));
            };
            let entry = self
                .countries
                .get(iso3.trim())
                .map(|c| c.entry)
                .ok_or_else(|| bad("aliases.tsv", line, &format!("unknown country {iso3}")))?;
            // An alias names exactly one country: drop other countries sharing it ("Congo").
            let key = normalise(alias);
            if let Some(v) = self.names.get_mut(&key) {
                let entries = &self.entries;
                v.retain(|i| entries[*i].feature != Feature::Country);
            }
            self.add_name(alias, entry);
        }
        Ok(())
    }

    /// Every GeoNames city (decompressed and indexed on first use: most articles need none).
    pub fn cities(&self) -> &Cities {
        self.cities.get_or_init(|| {
            let mut text = String::new();
            let decoded = flate2::read::GzDecoder::new(CITIES_TSV_GZ).read_to_string(&mut text);
            let entries = match decoded {
                Ok(_) => self
                    .parse_cities("cities.tsv.gz", &text)
                    .unwrap_or_default(),
                Err(_) => Vec::new(),
            };
            let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, e) in entries.iter().enumerate() {
                by_name.entry(normalise(&e.name)).or_default().push(i);
            }
            Cities { entries, by_name }
        })
    }

    /// City rows `name, iso2, admin1, lat, lon, rank`, with the ISO 3166-2 code of the admin1
    /// where its name matches a subdivision.
    fn parse_cities(&self, path: &str, text: &str) -> Result<Vec<Entry>, CoderError> {
        let mut adm1_by_name: HashMap<(&str, String), &str> = HashMap::new();
        for (key, idxs) in &self.names {
            for &i in idxs {
                let e = &self.entries[i];
                if let (Feature::Adm1, Some(code)) = (e.feature, &e.adm1) {
                    adm1_by_name
                        .entry((e.iso2.as_str(), key.clone()))
                        .or_insert(code);
                }
            }
        }
        let mut out = Vec::new();
        for (line, f) in rows(text) {
            if f.len() < 6 {
                return Err(bad(path, line, "expected 6 tab-separated fields"));
            }
            let Some(iso3) = self.iso2_to_iso3.get(f[1]) else {
                continue;
            };
            let rank: u8 = f[5].trim().parse().unwrap_or(0);
            let adm1 = adm1_by_name
                .get(&(f[1], normalise(f[2])))
                .map(|c| c.to_string());
            out.push(Entry {
                name: f[0].to_string(),
                feature: Feature::City,
                iso3: iso3.clone(),
                iso2: f[1].to_string(),
                adm1,
                lat: coord(path, line, f[3])?,
                lon: coord(path, line, f[4])?,
                rank,
            });
        }
        Ok(out)
    }
}
