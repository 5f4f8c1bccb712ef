//! Sports reports tell their contests in the words of war ("Belgium beat Panama 3-0", "England
//! attacked from the start", "the squad will fight for the title"): event data that counts them
//! counts wars that never happened. A sports report's events are left out, and so are the
//! conflict events of a sentence that gives a score in a document that speaks of sport —
//! unless police, soldiers, officials, judges or rebels take part ("police fired tear gas at
//! fans after the match").

use dyad_model::lexicon::{reports_sport, SPORTS_WORDS};
use dyad_model::{Doc, Event, Sentence};

/// Actor code parts of the authorities and armed groups whose deeds are news in any report.
const AUTHORITY_SECTORS: &[&str] = &["COP", "MIL", "GOV", "JUD", "REB", "INS", "SPY"];

/// Drops the events of sporting contests from `events` (see the module comment).
pub(super) fn drop_sports_contests(doc: &Doc, events: &mut Vec<Event>) {
    let words = || {
        doc.sentences
            .iter()
            .flat_map(|s| s.tokens.iter().map(|t| t.form.as_str()))
    };
    let report = reports_sport(words(), doc.sentences.len());
    let speaks_of_sport =
        report || words().any(|w| SPORTS_WORDS.contains(&w.to_lowercase().as_str()));
    if !speaks_of_sport {
        return;
    }
    events.retain(|e| {
        let contest =
            report || (e.quad_class >= 3 && doc.sentences.get(e.sentence).is_some_and(gives_score));
        !contest || involves_authority(e)
    });
}

/// "beat Panama 3-0", "won 2 – 1": a score of two small numbers joined by a dash.
fn gives_score(sentence: &Sentence) -> bool {
    let forms: Vec<&str> = sentence.tokens.iter().map(|t| t.form.as_str()).collect();
    let small = |w: &str| (1..=2).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit());
    let dash = |w: &str| matches!(w, "-" | "–" | "—");
    let joined = forms.iter().any(|w| {
        w.split_once(['-', '–'])
            .is_some_and(|(a, b)| small(a) && small(b))
    });
    joined
        || forms
            .windows(3)
            .any(|w| small(w[0]) && dash(w[1]) && small(w[2]))
}

fn involves_authority(e: &Event) -> bool {
    [&e.source, &e.target]
        .into_iter()
        .flatten()
        .filter_map(|a| a.code.as_deref())
        .any(|code| AUTHORITY_SECTORS.iter().any(|s| code.contains(s)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_model::{EventActor, Token};

    fn sentence(text: &str) -> Sentence {
        Sentence {
            tokens: text
                .split_whitespace()
                .map(|w| Token {
                    form: w.to_string(),
                    ..Token::default()
                })
                .collect(),
            ..Sentence::default()
        }
    }

    fn event(sentence: usize, quad_class: u8, source: &str) -> Event {
        Event {
            sentence,
            quad_class,
            source: Some(EventActor {
                code: Some(source.to_string()),
                ..EventActor::default()
            }),
            ..Event::default()
        }
    }

    #[test]
    fn scores_are_two_small_numbers_and_a_dash() {
        assert!(gives_score(&sentence("Belgium beat Panama 3-0 .")));
        assert!(gives_score(&sentence("Tunisia lost 1 – 2 to England")));
        assert!(!gives_score(&sentence("the 2014-2015 season")));
        assert!(!gives_score(&sentence("ruled 6 votes to 3")));
    }

    #[test]
    fn contests_go_and_the_police_stay() {
        let doc = Doc {
            sentences: vec![
                sentence("Belgium beat Panama 3-0 in the group game ."),
                sentence("Police fired tear gas at fans 2-1 ."),
                sentence("Belgium and Panama signed a trade deal ."),
            ],
            ..Doc::default()
        };
        let mut events = vec![
            event(0, 4, "BEL"),
            event(1, 4, "BELCOP"),
            event(2, 2, "BEL"),
        ];
        drop_sports_contests(&doc, &mut events);
        let kept: Vec<usize> = events.iter().map(|e| e.sentence).collect();
        assert_eq!(kept, vec![1, 2]);
    }

    #[test]
    fn a_document_without_sport_keeps_its_battles() {
        let doc = Doc {
            sentences: vec![sentence("Rebels beat back the army 3-0 .")],
            ..Doc::default()
        };
        let mut events = vec![event(0, 4, "SDN")];
        drop_sports_contests(&doc, &mut events);
        assert_eq!(events.len(), 1);
    }
}
