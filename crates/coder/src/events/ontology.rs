//! The CAMEO ontology as shipped data: name, Goldstein value, root, QuadClass and PLOVER
//! type/mode of every code (`data/events/cameo.tsv`, built by `make_ontology.py`).

use std::collections::HashMap;

use crate::CoderError;

/// Facts about one CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CodeInfo {
    pub code: String,
    pub name: String,
    pub goldstein: f32,
    pub root: String,
    pub quad_class: u8,
    pub plover_type: String,
    pub plover_mode: String,
}

/// Every CAMEO code the coder may emit.
#[derive(Debug, Clone, Default)]
pub struct Ontology {
    codes: HashMap<String, CodeInfo>,
}

pub(crate) const ONTOLOGY_FILE: &str = "cameo.tsv";
const ONTOLOGY_TSV: &str = include_str!("../../data/events/cameo.tsv");

impl Ontology {
    /// The ontology embedded in the binary.
    pub fn load_default() -> Result<Self, CoderError> {
        Self::parse(ONTOLOGY_TSV, ONTOLOGY_FILE)
    }

    /// Reads the TSV form: `code name goldstein root quad_class plover_type plover_mode`.
    pub fn parse(text: &str, path: &str) -> Result<Self, CoderError> {
        let mut codes = HashMap::new();
        for (idx, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |reason: &str| CoderError::Dictionary {
                path: path.to_string(),
                line: idx + 1,
                reason: reason.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() < 5 {
                return Err(bad("expected at least 5 tab-separated fields"));
            }
            let code = f[0].trim();
            if !(3..=4).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_digit()) {
                return Err(bad("CAMEO code must be 3 or 4 digits"));
            }
            let goldstein: f32 = f[2]
                .trim()
                .parse()
                .map_err(|_| bad("bad Goldstein value"))?;
            let quad_class: u8 = f[4].trim().parse().map_err(|_| bad("bad QuadClass"))?;
            codes.insert(
                code.to_string(),
                CodeInfo {
                    code: code.to_string(),
                    name: f[1].trim().to_string(),
                    goldstein,
                    root: f[3].trim().to_string(),
                    quad_class,
                    plover_type: f.get(5).map(|s| s.trim().to_string()).unwrap_or_default(),
                    plover_mode: f.get(6).map(|s| s.trim().to_string()).unwrap_or_default(),
                },
            );
        }
        Ok(Ontology { codes })
    }

    pub fn get(&self, code: &str) -> Option<&CodeInfo> {
        self.codes.get(code)
    }

    pub fn contains(&self, code: &str) -> bool {
        self.codes.contains_key(code)
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// All codes, sorted.
    pub fn codes(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.codes.keys().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

/// The "expressed intent" form of an event code, as CAMEO codes promises and threats: cooperation
/// promised goes to 03x, force or sanctions threatened to 13x. None when CAMEO has no such code.
pub fn intent_code(code: &str, threat: bool) -> Option<&'static str> {
    let c = code;
    if threat {
        let mapped = match c {
            "160" => "131",
            "161" => "1313",
            "162" | "1621" | "1622" | "1623" => "1311",
            "163" => "1312",
            "164" => "134",
            "165" => "135",
            "166" | "1661" | "1662" | "1663" => "136",
            "170" | "171" | "1711" | "1712" => "130",
            "172" | "174" => "132",
            "1721" => "1321",
            "1722" => "1322",
            "1723" => "1323",
            "1724" => "1324",
            "173" => "132",
            "175" => "137",
            "191" => "1381",
            "192" => "1382",
            "193" | "194" | "195" | "196" => "1384",
            "2041" | "2042" | "204" => "1385",
            _ if c.starts_with("14") => "133",
            _ if c.starts_with("15") || c.starts_with("19") => "138",
            _ if c.starts_with("18") || c.starts_with("20") => "1383",
            _ => return None,
        };
        return Some(mapped);
    }
    let mapped = match c {
        "045" => "039",
        "040" | "041" | "042" | "043" | "044" | "046" => "036",
        "057" => "037",
        "050" | "051" | "052" | "053" | "054" | "055" | "056" => "032",
        "060" => "031",
        "061" => "0311",
        "062" => "0312",
        "063" => "0313",
        "064" => "0314",
        "070" | "075" => "033",
        "071" => "0331",
        "072" => "0332",
        "073" => "0333",
        "074" => "0334",
        "080" => "035",
        "081" | "0811" | "0812" | "0813" | "0814" => "0351",
        "082" => "0352",
        "083" => "034",
        "0831" => "0341",
        "0832" => "0342",
        "0833" => "0343",
        "0834" => "0344",
        "084" | "0841" | "0842" => "0353",
        "085" => "0354",
        "086" | "0861" | "0862" | "0863" => "0355",
        "087" | "0871" | "0872" | "0873" | "0874" => "0356",
        _ => return None,
    };
    Some(mapped)
}

/// The rejection (12x) of a cooperative act, as CAMEO codes refusals ("refused to meet" →
/// 125, "declined to lift the sanctions" → 1244). None when the act is no cooperation.
pub fn refusal_code(code: &str) -> Option<&'static str> {
    let mapped = match code {
        "031" | "060" | "063" | "064" | "0313" | "0314" => "121",
        "0311" | "061" => "1211",
        "0312" | "062" => "1212",
        "033" | "070" | "075" => "122",
        "0331" | "071" => "1221",
        "0332" | "072" => "1222",
        "0333" | "073" => "1223",
        "0334" | "074" => "1224",
        "034" | "083" => "123",
        "0341" | "0831" => "1231",
        "0342" | "0832" => "1232",
        "0343" | "0833" => "1233",
        "0344" | "0834" => "1234",
        "035" | "080" => "124",
        "0351" | "081" | "0811" | "0812" | "0813" | "0814" => "1241",
        "0352" | "082" => "1242",
        "0353" | "084" | "0841" | "0842" => "1243",
        "0354" | "085" => "1244",
        "0355" | "086" | "0861" | "0862" | "0863" => "1245",
        "0356" | "087" | "0871" | "0872" | "0873" | "0874" => "1246",
        "036" | "040" | "041" | "042" | "043" | "044" | "046" => "125",
        "038" | "039" | "045" => "126",
        "037" | "057" => "127",
        _ if code.starts_with("03") || code.starts_with("05") => "120",
        _ => return None,
    };
    Some(mapped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_ontology_has_every_code_with_quad_class_and_plover() {
        let o = Ontology::load_default().unwrap();
        assert!(o.len() > 280, "only {} codes", o.len());
        let attack = o.get("190").unwrap();
        assert_eq!(attack.root, "19");
        assert_eq!(attack.quad_class, 4);
        assert_eq!(attack.plover_type, "ASSAULT");
        assert!(attack.goldstein < -9.0);
        let criticise = o.get("111").unwrap();
        assert_eq!(criticise.quad_class, 3);
        assert_eq!(o.get("042").unwrap().plover_mode, "visit");
        assert_eq!(o.get("057").unwrap().quad_class, 1);
    }

    #[test]
    fn intent_codes_exist_in_the_ontology() {
        let o = Ontology::load_default().unwrap();
        for code in o.codes() {
            for threat in [false, true] {
                if let Some(i) = intent_code(code, threat) {
                    assert!(o.contains(i), "{code} -> {i} missing");
                }
            }
            if let Some(r) = refusal_code(code) {
                assert!(o.contains(r), "{code} -> {r} missing");
                assert!(r.starts_with("12"), "{code} -> {r}");
            }
        }
    }

    #[test]
    fn bad_line_names_file_and_line() {
        let err = Ontology::parse("# h\n010\tx\tnotanumber\t01\t1\n", "x.tsv").unwrap_err();
        assert!(err.to_string().starts_with("x.tsv:2:"), "{err}");
    }
}
