//! `dyad eval events`: runs the whole pipeline on gold event sentences and scores the coder.
//!
//! - PLOVER GSR (`PLOVER_GSR_CAMEO.json`, 322 CAMEO-codebook sentences with gold PLOVER type and
//!   source/target actors): share of sentences with an event of the right type (our CAMEO
//!   code mapped to the GSR's PLOVER categories), with the right source and target countries,
//!   and the share of our events that are extra (no gold event of that type).
//! - CAMEO codebook examples (`cameo-codes.csv`, one example per code): share with an event of
//!   the right root and of the exact code, and the share of extra events.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use dyad_coder::events::EventCoder;
use dyad_model::{Article, Doc, Event, EventActor};
use dyad_pipeline::Pipeline;
use rayon::prelude::*;

#[derive(clap::Args)]
pub struct Args {
    /// PLOVER gold standard records; default `$DYAD_SHARED/data/plover/PLOVER_GSR_CAMEO.json`
    /// or `../shared/data/plover/PLOVER_GSR_CAMEO.json`.
    #[arg(long)]
    pub gsr: Option<PathBuf>,
    /// CAMEO codebook with example sentences; default `…/data/cameo/cameo-codes.csv`.
    #[arg(long)]
    pub cameo: Option<PathBuf>,
    /// Code with a PETRARCH-format verb dictionary instead of dyad's patterns (for comparison).
    #[arg(long)]
    pub petrarch_verbs: Option<PathBuf>,
    /// PETRARCH-format discards file to use with `--petrarch-verbs`.
    #[arg(long, requires = "petrarch_verbs")]
    pub petrarch_discards: Option<PathBuf>,
    /// UD model file written by `dyad train ud` (default: the model shipped in the binary).
    #[arg(long)]
    pub model: Option<PathBuf>,
    /// Add the shipped ensemble members, so seven parsers vote (as `annotate --accurate`).
    #[arg(long)]
    pub accurate: bool,
    /// Print each sentence that was missed or over-coded.
    #[arg(long)]
    pub errors: bool,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

fn shared_default(rel: &str) -> PathBuf {
    let base = std::env::var("DYAD_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from("../shared"));
    base.join(rel)
}

/// The GSR's (older PLOVER draft) category of a CAMEO code.
pub fn gsr_category(code: &str) -> Option<&'static str> {
    let root = code.get(..2)?;
    Some(match root {
        "02" | "10" => "DEMAND",
        "03" => "AGREE",
        "04" => "CONSULT",
        "05" => "SUPPORT",
        "06" => "COOPERATE",
        "07" => "AID",
        "08" => {
            if code.starts_with("080")
                || code.starts_with("081")
                || code.starts_with("082")
                || code.starts_with("083")
            {
                "CONCEDE"
            } else {
                "RETREAT"
            }
        }
        "09" => "INVESTIGATE",
        "11" => "DISAPPROVE",
        "12" => "REJECT",
        "13" => "THREATEN",
        "14" => "PROTEST",
        "15" => "MOBILIZE",
        "16" => "SANCTION",
        "17" => "COERCE",
        "18" | "20" => "ASSAULT",
        "19" => "FIGHT",
        _ => return None,
    })
}

fn country(a: &Option<EventActor>) -> Option<String> {
    a.as_ref()
        .and_then(|a| a.code.as_ref())
        .map(|c| c.chars().take(3).collect())
}

#[derive(Debug, Default, serde::Serialize)]
pub struct Scores {
    pub sentences: usize,
    pub with_event: usize,
    pub right_type: usize,
    pub gold_sources: usize,
    pub right_source: usize,
    pub gold_targets: usize,
    pub right_target: usize,
    pub events: usize,
    pub extra_events: usize,
    pub factual_events: usize,
    pub extra_factual_events: usize,
    pub exact_code: usize,
    pub seconds: f64,
}

impl Scores {
    fn pct(n: usize, d: usize) -> f64 {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    }
}

struct GoldSentence {
    id: String,
    text: String,
    category: String,
    code: Option<String>,
    sources: Vec<String>,
    targets: Vec<String>,
}

fn actor_codes(v: Option<&serde_json::Value>) -> Vec<String> {
    v.and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|x| x.get("code").and_then(|c| c.as_str()))
                .filter(|c| !c.is_empty())
                .map(|c| c.chars().take(3).collect())
                .collect()
        })
        .unwrap_or_default()
}

fn load_gsr(path: &Path) -> anyhow::Result<Vec<GoldSentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let records: Vec<serde_json::Value> = serde_json::from_str(&text)
        .with_context(|| format!("{}: not a JSON array", path.display()))?;
    Ok(records
        .iter()
        .filter_map(|r| {
            let text = r.get("text")?.as_str()?.to_string();
            let category = r.get("event")?.as_str()?.to_string();
            if category == "DOCUMENT" {
                return None;
            }
            Some(GoldSentence {
                id: r
                    .get("id")
                    .and_then(|i| i.as_str())
                    .unwrap_or("")
                    .to_string(),
                text,
                category,
                code: None,
                sources: actor_codes(r.get("source")),
                targets: actor_codes(r.get("target")),
            })
        })
        .collect())
}

/// Minimal CSV reader (quoted fields with doubled quotes), enough for cameo-codes.csv.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            ('\r', false) => {}
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

fn load_cameo_examples(path: &Path) -> anyhow::Result<Vec<GoldSentence>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let rows = csv_rows(&text);
    let header = rows.first().context("empty CAMEO file")?;
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .with_context(|| format!("{}: no column {name:?}", path.display()))
    };
    let (code_c, ex_c) = (col("code")?, col("example")?);
    Ok(rows
        .iter()
        .skip(1)
        .filter_map(|r| {
            let code = r.get(code_c)?.trim().to_string();
            let ex = r.get(ex_c)?.trim().to_string();
            if code.len() < 3 || ex.is_empty() || ex == "NA" {
                return None;
            }
            Some(GoldSentence {
                id: code.clone(),
                text: ex,
                category: gsr_category(&code).unwrap_or("").to_string(),
                code: Some(code),
                sources: vec![],
                targets: vec![],
            })
        })
        .collect())
}

fn score(pipeline: &Pipeline, gold: &[GoldSentence], errors: bool, label: &str) -> Scores {
    let start = std::time::Instant::now();
    let docs: Vec<Doc> = gold
        .par_iter()
        .map(|g| {
            pipeline.annotate(Article {
                id: g.id.clone(),
                text: g.text.clone(),
                language: "en".into(),
                ..Article::default()
            })
        })
        .collect();
    let mut s = Scores {
        sentences: gold.len(),
        seconds: start.elapsed().as_secs_f64(),
        ..Scores::default()
    };
    for (g, doc) in gold.iter().zip(&docs) {
        let events = &doc.events;
        let right = |e: &&Event| match &g.code {
            Some(code) => e.root == code[..2],
            None => gsr_category(&e.code) == Some(g.category.as_str()),
        };
        s.events += events.len();
        s.factual_events += events.iter().filter(|e| e.modality.is_factual()).count();
        let extra = events.iter().filter(|e| !right(e)).count();
        s.extra_events += extra;
        s.extra_factual_events += events
            .iter()
            .filter(|e| !right(e) && e.modality.is_factual())
            .count();
        if !events.is_empty() {
            s.with_event += 1;
        }
        let typed: Vec<&Event> = events.iter().filter(right).collect();
        if !typed.is_empty() {
            s.right_type += 1;
        }
        if let Some(code) = &g.code {
            if events.iter().any(|e| &e.code == code) {
                s.exact_code += 1;
            }
        }
        let src_ok = !g.sources.is_empty()
            && typed
                .iter()
                .any(|e| country(&e.source).is_some_and(|c| g.sources.contains(&c)));
        let tgt_ok = !g.targets.is_empty()
            && typed
                .iter()
                .any(|e| country(&e.target).is_some_and(|c| g.targets.contains(&c)));
        if !g.sources.is_empty() {
            s.gold_sources += 1;
            s.right_source += usize::from(src_ok);
        }
        if !g.targets.is_empty() {
            s.gold_targets += 1;
            s.right_target += usize::from(tgt_ok);
        }
        if errors && (typed.is_empty() || extra > 0) {
            println!(
                "[{label}] {} gold {} {:?}->{:?}: {}",
                g.id,
                g.code.as_deref().unwrap_or(&g.category),
                g.sources,
                g.targets,
                g.text
            );
            for e in events {
                println!(
                    "    {} {} {:?}->{:?} {} {}",
                    if right(&e) { "ok " } else { "XX " },
                    e.code,
                    country(&e.source),
                    country(&e.target),
                    e.evidence.rule,
                    if e.modality.is_factual() {
                        ""
                    } else {
                        "(flagged)"
                    }
                );
            }
        }
    }
    s
}

fn print(label: &str, s: &Scores, cameo: bool) {
    println!("{label}: {} sentences ({:.1} s)", s.sentences, s.seconds);
    println!(
        "  coded (any event)        {:5.1}%",
        Scores::pct(s.with_event, s.sentences)
    );
    if cameo {
        println!(
            "  right root               {:5.1}%",
            Scores::pct(s.right_type, s.sentences)
        );
        println!(
            "  exact code               {:5.1}%",
            Scores::pct(s.exact_code, s.sentences)
        );
    } else {
        println!(
            "  right event type (root)  {:5.1}%",
            Scores::pct(s.right_type, s.sentences)
        );
        println!(
            "  right source country     {:5.1}%  (of {} with a gold source)",
            Scores::pct(s.right_source, s.gold_sources),
            s.gold_sources
        );
        println!(
            "  right target country     {:5.1}%  (of {} with a gold target)",
            Scores::pct(s.right_target, s.gold_targets),
            s.gold_targets
        );
    }
    println!(
        "  extra events             {:5.1}%  ({} of {} events; factual only: {:.1}%)",
        Scores::pct(s.extra_events, s.events),
        s.extra_events,
        s.events,
        Scores::pct(s.extra_factual_events, s.factual_events)
    );
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut pipeline = Pipeline::load_default().context("loading the pipeline")?;
    if let Some(path) = &args.model {
        pipeline.nlp = dyad_nlp::Nlp::load(path)
            .with_context(|| format!("loading the UD model {}", path.display()))?;
    }
    if args.accurate {
        pipeline.nlp.add_default_members()?;
    }
    if let Some(verbs) = &args.petrarch_verbs {
        pipeline.coder.events =
            EventCoder::from_petrarch(verbs, args.petrarch_discards.as_deref())?;
    }
    let gsr_path = args
        .gsr
        .clone()
        .unwrap_or_else(|| shared_default("data/plover/PLOVER_GSR_CAMEO.json"));
    let cameo_path = args
        .cameo
        .clone()
        .unwrap_or_else(|| shared_default("data/cameo/cameo-codes.csv"));
    let gsr = load_gsr(&gsr_path)?;
    let cameo = load_cameo_examples(&cameo_path)?;
    let gs = score(&pipeline, &gsr, args.errors, "gsr");
    let cs = score(&pipeline, &cameo, args.errors, "cameo");
    if args.json {
        let mut out = BTreeMap::new();
        out.insert("plover_gsr", gs);
        out.insert("cameo_examples", cs);
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print(&format!("PLOVER GSR ({})", gsr_path.display()), &gs, false);
        print(
            &format!("CAMEO codebook examples ({})", cameo_path.display()),
            &cs,
            true,
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cameo_codes_map_to_gsr_categories() {
        assert_eq!(gsr_category("111"), Some("DISAPPROVE"));
        assert_eq!(gsr_category("0841"), Some("RETREAT"));
        assert_eq!(gsr_category("0831"), Some("CONCEDE"));
        assert_eq!(gsr_category("190"), Some("FIGHT"));
        assert_eq!(gsr_category("202"), Some("ASSAULT"));
        assert_eq!(gsr_category("010"), None);
    }

    #[test]
    fn csv_reader_handles_quotes_and_commas() {
        let rows = csv_rows("a,b\n\"x, y\",\"he said \"\"hi\"\"\"\n");
        assert_eq!(rows[1], vec!["x, y", "he said \"hi\""]);
    }
}
