//! `dyad eval speech`: scores quotes (and their speakers), date phrases (and their resolved
//! dates) and place mentions (and their gazetteer entries) against a hand-labelled fixture of
//! VOA stories.
//!
//! The fixture (`crates/coder/tests/fixtures/voa_labels.tsv`) has one label per line:
//! `story  kind  start  end  text  answer` with code point offsets into the story's `text`, and
//! `#exhaustive  kind  story…` lines naming the stories where every item of a kind is labelled
//! (only those count for precision). A predicted item matches a label when their spans overlap.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use dyad_model::{Article, Doc};
use dyad_pipeline::Pipeline;

#[derive(clap::Args)]
pub struct Args {
    /// The label fixture (TSV with code point offsets).
    #[arg(long)]
    pub labels: PathBuf,
    /// VOA stories JSONL; default `$DYAD_SHARED/data/voa/voa_stories.jsonl` or
    /// `../shared/data/voa/voa_stories.jsonl`.
    #[arg(long)]
    pub voa: Option<PathBuf>,
    /// Print every miss and wrong resolution.
    #[arg(long)]
    pub errors: bool,
    /// Print the scores as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Print what dyad found in each story (quotes with speakers, dates, places).
    #[arg(long)]
    pub show: bool,
}

/// One hand label.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub story: String,
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub answer: String,
}

/// The fixture: labels and, per kind, the stories labelled exhaustively.
#[derive(Debug, Default)]
pub struct Fixture {
    pub labels: Vec<Label>,
    pub exhaustive: HashMap<String, HashSet<String>>,
}

pub fn parse_fixture(text: &str, name: &str) -> anyhow::Result<Fixture> {
    let mut fx = Fixture::default();
    for (i, line) in text.lines().enumerate() {
        let f: Vec<&str> = line.split('\t').collect();
        if line.starts_with("#exhaustive") {
            if f.len() < 3 {
                bail!("{name}:{}: #exhaustive needs a kind and stories", i + 1);
            }
            let set = fx.exhaustive.entry(f[1].to_string()).or_default();
            set.extend(f[2..].iter().map(|s| s.to_string()));
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if f.len() != 6 {
            bail!(
                "{name}:{}: expected 6 tab-separated fields, found {}",
                i + 1,
                f.len()
            );
        }
        let num = |s: &str| -> anyhow::Result<usize> {
            s.parse()
                .with_context(|| format!("{name}:{}: bad offset {s:?}", i + 1))
        };
        fx.labels.push(Label {
            story: f[0].into(),
            kind: f[1].into(),
            start: num(f[2])?,
            end: num(f[3])?,
            text: f[4].into(),
            answer: f[5].into(),
        });
    }
    Ok(fx)
}

/// Counts for one category.
#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct Score {
    pub gold: usize,
    pub found: usize,
    /// Predictions in exhaustively labelled stories, and how many of them match a label.
    pub predicted: usize,
    pub predicted_matched: usize,
    /// Of the found labels, how many got the right answer (speaker, date, place).
    pub correct: usize,
}

impl Score {
    pub fn recall(&self) -> f64 {
        ratio(self.found, self.gold)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.predicted_matched, self.predicted)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Right answers among the labels that were found.
    pub fn accuracy(&self) -> f64 {
        ratio(self.correct, self.found)
    }
    /// Right answers among all labels (a miss counts as wrong).
    pub fn end_to_end(&self) -> f64 {
        ratio(self.correct, self.gold)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Folds case, accents and punctuation so names compare loosely.
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            '’' => '\'',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() || c == '\'' {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a predicted speaker name fits one of the gold alternatives: the gold surname (its
/// last word) appears as a word of the prediction.
pub fn speaker_matches(predicted: &str, gold: &str) -> bool {
    let p = fold(predicted);
    let words: Vec<&str> = p.split(' ').collect();
    gold.split('|').any(|alt| {
        let a = fold(alt);
        let last = a.rsplit(' ').next().unwrap_or("");
        !last.is_empty() && (words.contains(&last) || p == a)
    })
}

/// Whether a predicted place name fits the gold name: one contains the other once folded.
pub fn place_name_matches(predicted: &str, gold: &str) -> bool {
    let (p, g) = (fold(predicted), fold(gold));
    !g.is_empty() && (p.contains(&g) || g.contains(&p) && !p.is_empty())
}

/// Scores one annotated story against its labels; misses and errors go to `log`.
pub fn score_story(
    doc: &Doc,
    labels: &[&Label],
    fx: &Fixture,
    scores: &mut HashMap<&'static str, Score>,
    log: &mut Vec<String>,
) {
    let story = doc.article.id.as_str();
    let exhaustive = |kind: &str| fx.exhaustive.get(kind).is_some_and(|s| s.contains(story));
    let name = |kind: &str| -> &'static str {
        match kind {
            "quote" => "quotes",
            "date" => "dates",
            _ => "places",
        }
    };
    // Predicted spans per kind.
    let quotes: Vec<(usize, usize, String)> = doc
        .quotes
        .iter()
        .filter(|q| q.kind == "direct")
        .map(|q| {
            let who = q
                .speaker
                .as_ref()
                .map(|s| s.resolved.clone().unwrap_or_else(|| s.text.clone()))
                .unwrap_or_default();
            (q.start, q.end, who)
        })
        .collect();
    let dates: Vec<(usize, usize, String)> = doc
        .dates
        .iter()
        .map(|d| (d.start, d.end, d.date.clone()))
        .collect();
    let places: Vec<(usize, usize, String)> = doc
        .places
        .iter()
        .map(|p| {
            let c = p.country.clone().unwrap_or_default();
            (p.start, p.end, format!("{c}|{}", p.name))
        })
        .collect();
    for kind in ["quote", "date", "place"] {
        let preds = match kind {
            "quote" => &quotes,
            "date" => &dates,
            _ => &places,
        };
        let gold: Vec<&&Label> = labels.iter().filter(|l| l.kind == kind).collect();
        let s = scores.entry(name(kind)).or_default();
        s.gold += gold.len();
        for g in &gold {
            let hit = preds
                .iter()
                .filter(|p| overlaps((p.0, p.1), (g.start, g.end)))
                .max_by_key(|p| p.1.min(g.end).saturating_sub(p.0.max(g.start)));
            let Some(p) = hit else {
                log.push(format!("{story} {kind} MISSED {:?}", g.text));
                continue;
            };
            s.found += 1;
            let right = match kind {
                "quote" => speaker_matches(&p.2, &g.answer),
                "date" => g.answer.split('|').next() == Some(p.2.as_str()),
                _ => {
                    let (gc, gn) = g.answer.split_once('|').unwrap_or((&g.answer, ""));
                    let (pc, pn) = p.2.split_once('|').unwrap_or((&p.2, ""));
                    gc == pc && place_name_matches(pn, gn)
                }
            };
            if right {
                s.correct += 1;
            } else {
                log.push(format!(
                    "{story} {kind} WRONG {:?}: got {:?}, want {:?}",
                    short(&g.text),
                    p.2,
                    g.answer
                ));
            }
        }
        if exhaustive(kind) {
            for p in preds {
                s.predicted += 1;
                if gold.iter().any(|g| overlaps((p.0, p.1), (g.start, g.end))) {
                    s.predicted_matched += 1;
                } else {
                    log.push(format!(
                        "{story} {kind} EXTRA {:?} ({})",
                        short(&doc.slice(p.0, p.1)),
                        p.2
                    ));
                }
            }
        }
    }
}

/// Lists a story's quotes, citations, dates and places, for error analysis.
fn show(doc: &Doc) {
    println!(
        "== {} {}",
        doc.article.id,
        doc.article.title.as_deref().unwrap_or("")
    );
    for q in &doc.quotes {
        let sp = q.speaker.as_ref();
        println!(
            "  {} {:?} <- {:?} = {:?} [{}] verb={:?} cite={:?}",
            q.kind,
            short(&q.text),
            sp.map(|s| s.text.as_str()).unwrap_or(""),
            sp.and_then(|s| s.resolved.as_deref()).unwrap_or(""),
            sp.and_then(|s| s.code.as_deref()).unwrap_or(""),
            q.verb.as_deref().unwrap_or(""),
            q.citation
        );
    }
    for c in &doc.citations {
        println!(
            "  cite {} [{}] claim {:?}",
            c.outlet,
            c.code.as_deref().unwrap_or(""),
            short(&doc.slice(c.claim_start, c.claim_end))
        );
    }
    for d in &doc.dates {
        println!(
            "  date {:?} {} {} {}",
            d.text, d.date, d.granularity, d.rule
        );
    }
    for p in &doc.places {
        println!(
            "  place {:?} {} {} {} ({:.2},{:.2}) {}",
            p.text,
            p.name,
            p.feature,
            p.country.as_deref().unwrap_or(""),
            p.lat,
            p.lon,
            p.rule
        );
    }
}

fn short(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

fn default_voa() -> PathBuf {
    let shared = std::env::var_os("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("../shared"));
    shared.join("data/voa/voa_stories.jsonl")
}

/// The VOA stories the fixture needs, as articles.
fn load_stories(path: &PathBuf, wanted: &HashSet<&str>) -> anyhow::Result<Vec<Article>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the VOA stories", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), i + 1))?;
        let field = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        let Some(id) = field("id") else {
            bail!("{}:{}: story without an id", path.display(), i + 1);
        };
        if !wanted.contains(id.as_str()) {
            continue;
        }
        out.push(Article {
            id,
            url: field("url"),
            outlet: Some("VOA".into()),
            title: field("title"),
            author: field("author"),
            published: field("published"),
            language: "en".into(),
            source: Some(format!("{}:{}", path.display(), i + 1)),
            text: field("text").unwrap_or_default(),
        });
    }
    Ok(out)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let fixture_text = std::fs::read_to_string(&args.labels)
        .with_context(|| format!("{}: cannot read the labels", args.labels.display()))?;
    let fx = parse_fixture(&fixture_text, &args.labels.display().to_string())?;
    let voa = args.voa.clone().unwrap_or_else(default_voa);
    let wanted: HashSet<&str> = fx.labels.iter().map(|l| l.story.as_str()).collect();
    let stories = load_stories(&voa, &wanted)?;
    let found: HashSet<&str> = stories.iter().map(|a| a.id.as_str()).collect();
    if let Some(missing) = wanted.iter().find(|s| !found.contains(*s)) {
        bail!(
            "{}: story {missing} of the labels is not in {}",
            args.labels.display(),
            voa.display()
        );
    }
    // Stale offsets are a fixture error: report them before loading any model.
    for article in &stories {
        let chars: Vec<char> = article.text.chars().collect();
        for l in fx.labels.iter().filter(|l| l.story == article.id) {
            let got: String = chars
                .get(l.start..l.end.min(chars.len()))
                .map(|c| c.iter().collect())
                .unwrap_or_default();
            if got != l.text {
                bail!(
                    "{}: label {:?} at {}..{} of story {} reads {:?} in the text: offsets are stale",
                    args.labels.display(),
                    l.text,
                    l.start,
                    l.end,
                    l.story,
                    got
                );
            }
        }
    }
    let pipeline = Pipeline::load_default().context("loading the pipeline")?;
    let mut scores: HashMap<&'static str, Score> = HashMap::new();
    let mut log = Vec::new();
    for article in stories {
        let doc = pipeline.annotate(article);
        let labels: Vec<&Label> = fx
            .labels
            .iter()
            .filter(|l| l.story == doc.article.id)
            .collect();
        if args.show {
            show(&doc);
        }
        score_story(&doc, &labels, &fx, &mut scores, &mut log);
    }
    if args.errors {
        for line in &log {
            eprintln!("{line}");
        }
    }
    let order = ["quotes", "dates", "places"];
    if args.json {
        let mut out = serde_json::Map::new();
        for k in order {
            let s = scores.get(k).cloned().unwrap_or_default();
            out.insert(
                k.into(),
                serde_json::json!({
                    "gold": s.gold, "found": s.found, "predicted": s.predicted,
                    "precision": s.precision(), "recall": s.recall(), "f1": s.f1(),
                    "answer_accuracy": s.accuracy(), "end_to_end": s.end_to_end(),
                }),
            );
        }
        println!("{}", serde_json::Value::Object(out));
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<8} {:>5} {:>9} {:>7} {:>7} {:>7}  {:<22} {:>8}",
        "kind", "gold", "precision", "recall", "F1", "answer", "(what)", "overall"
    );
    for k in order {
        let s = scores.get(k).cloned().unwrap_or_default();
        let what = match k {
            "quotes" => "speaker accuracy",
            "dates" => "date resolution",
            _ => "place resolution",
        };
        println!(
            "{:<8} {:>5} {:>8.1}% {:>6.1}% {:>6.1}% {:>6.1}%  {:<22} {:>7.1}%",
            k,
            s.gold,
            100.0 * s.precision(),
            100.0 * s.recall(),
            100.0 * s.f1(),
            100.0 * s.accuracy(),
            what,
            100.0 * s.end_to_end()
        );
    }
    println!("precision over exhaustively labelled stories; answer = right speaker/date/place among found labels; overall = right answers among all labels");
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speakers_match_by_surname_and_alternatives() {
        assert!(speaker_matches(
            "U.S. President Donald Trump",
            "Donald Trump"
        ));
        assert!(speaker_matches("Starmer", "Keir Starmer"));
        assert!(speaker_matches("the diplomats", "G7|diplomats"));
        assert!(!speaker_matches("Marco Rubio", "Donald Trump"));
        assert!(!speaker_matches("", "Donald Trump"));
    }

    #[test]
    fn place_names_fold_accents_and_containment() {
        assert!(place_name_matches("Gonaïves", "Gonaives"));
        assert!(place_name_matches("Russian Federation", "Russia"));
        assert!(!place_name_matches("Georgia", "Atlanta"));
    }

    #[test]
    fn fixture_parses_labels_and_exhaustive_lists() {
        let fx = parse_fixture(
            "# comment\n#exhaustive\tquote\t1\t2\n1\tquote\t0\t5\thello\tAnn Lee\n",
            "t",
        )
        .unwrap();
        assert_eq!(fx.labels.len(), 1);
        assert!(fx.exhaustive["quote"].contains("2"));
        assert!(parse_fixture("1\tquote\tx\t5\thello\tAnn\n", "t").is_err());
    }

    #[test]
    fn scoring_counts_misses_extras_and_wrong_answers() {
        let fx = parse_fixture(
            "#exhaustive\tdate\ts\n\
             s\tdate\t0\t6\tFriday\t2025-03-14|day\n\
             s\tdate\t10\t16\tMonday\t2025-03-10|day\n",
            "t",
        )
        .unwrap();
        let mut doc = Doc::default();
        doc.article.id = "s".into();
        doc.article.text = "Friday or Monday and Sunday".into();
        doc.dates = vec![
            dyad_model::DateMention {
                start: 0,
                end: 6,
                date: "2025-03-14".into(),
                ..Default::default()
            },
            dyad_model::DateMention {
                start: 21,
                end: 27,
                date: "2025-03-09".into(),
                ..Default::default()
            },
        ];
        let labels: Vec<&Label> = fx.labels.iter().collect();
        let mut scores = HashMap::new();
        let mut log = Vec::new();
        score_story(&doc, &labels, &fx, &mut scores, &mut log);
        let s = &scores["dates"];
        assert_eq!((s.gold, s.found, s.correct), (2, 1, 1));
        assert_eq!((s.predicted, s.predicted_matched), (2, 1));
        assert_eq!(log.len(), 2, "{log:?}");
    }
}
