//! PETRARCH actor and agent dictionaries: every Phoenix file in `../shared` loads, replaces our
//! defaults, and codes with its own entries; bad lines name file and line.

use std::path::PathBuf;

use dyad_coder::actors::ActorCoder;
use dyad_coder::CoderError;

fn petrarch_dir() -> Option<PathBuf> {
    let shared = std::env::var("DYAD_SHARED")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").to_string());
    let dir = PathBuf::from(shared).join("data/petrarch-dictionaries");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

#[test]
fn every_phoenix_actor_file_and_the_agents_file_load() {
    let Some(dir) = petrarch_dir() else { return };
    let mut actors: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().ends_with(".actors.txt"))
        })
        .collect();
    actors.sort();
    assert!(actors.len() >= 3, "{actors:?}");
    for f in &actors {
        ActorCoder::from_petrarch(&[f], None).unwrap_or_else(|e| panic!("{e}"));
    }
    let agents = dir.join("Phoenix.agents.txt");
    let c = ActorCoder::from_petrarch(&actors, Some(&agents)).unwrap_or_else(|e| panic!("{e}"));
    let s = c.stats();
    assert!(s.persons > 1000, "{s:?}");
    assert!(s.agents > 1500, "{s:?}");
    // PETRARCH's own codes are used: the EU is IGOEUREEC there too, NATO IGOWSTNAT.
    let code = |p: &str, d: Option<&str>| c.lookup(p, d).map(|a| a.code);
    assert_eq!(code("European Union", None).as_deref(), Some("IGOEUREEC"));
    assert_eq!(code("NATO", None).as_deref(), Some("IGOWSTNAT"));
    assert_eq!(code("Afghanistan", None).as_deref(), Some("AFG"));
    // Date-restricted codes: Putin was prime minister (RUSGOV) in 1999 and "RUSELI" before.
    assert_eq!(
        code("Vladimir Putin", Some("2005-01-01")).as_deref(),
        Some("RUSGOV")
    );
    assert_eq!(
        code("Vladimir Putin", Some("1995-01-01")).as_deref(),
        Some("RUSELI")
    );
    // Agents compose with PETRARCH countries.
    assert_eq!(code("Afghan police", None).as_deref(), Some("AFGCOP"));
    // Outlets stay available for citations.
    assert_eq!(
        c.lookup_outlet("Reuters").map(|a| a.code).as_deref(),
        Some("USAMED")
    );
}

#[test]
fn bad_petrarch_lines_fail_with_file_and_line() {
    let dir = tempdir();
    let bad_actors = dir.join("bad.actors.txt");
    std::fs::write(
        &bad_actors,
        "# ok\nRUSSIA_ [RUS]\n+RUSSIAN_\nKREMLIN_ [RUSGOV 2008-13x]\n",
    )
    .unwrap();
    let err = ActorCoder::from_petrarch(&[&bad_actors], None).unwrap_err();
    assert!(
        matches!(err, CoderError::Dictionary { line: 4, .. }),
        "{err}"
    );
    assert!(err.to_string().starts_with("bad.actors.txt:4:"), "{err}");
    let bad_agents = dir.join("bad.agents.txt");
    std::fs::write(&bad_agents, "POLICE {} [~COP]\nSOLDIER {SOLDIERS [~MIL]\n").unwrap();
    let good_actors = dir.join("good.actors.txt");
    std::fs::write(&good_actors, "RUSSIA_ [RUS]\n").unwrap();
    let err = ActorCoder::from_petrarch(&[&good_actors], Some(&bad_agents)).unwrap_err();
    assert!(err.to_string().starts_with("bad.agents.txt:2:"), "{err}");
    let missing = dir.join("missing.actors.txt");
    let err = ActorCoder::from_petrarch(&[&missing], None).unwrap_err();
    assert!(err.to_string().contains("missing.actors.txt"), "{err}");
}

#[test]
fn petrarch_dictionaries_replace_the_defaults() {
    let dir = tempdir();
    let actors = dir.join("tiny.actors.txt");
    std::fs::write(
        &actors,
        "FREEDONIA_ [FRD]\n+FREEDONIAN_\nRUFUS_T._FIREFLY_\n\t[FRDGOV 330101-331231]\n\t[FRDELI]\n",
    )
    .unwrap();
    let agents = dir.join("tiny.agents.txt");
    std::fs::write(
        &agents,
        "!PERSON! = MAN, MEN\nPOLICE!PERSON! [~COP]\nARMY {ARMIES} [~MIL]\n",
    )
    .unwrap();
    let c = ActorCoder::from_petrarch(&[&actors], Some(&agents)).unwrap();
    assert_eq!(
        c.lookup("Freedonian army", None).map(|a| a.code).as_deref(),
        Some("FRDMIL")
    );
    assert_eq!(
        c.lookup("Freedonian policemen", None)
            .map(|a| a.code)
            .as_deref(),
        Some("FRDCOP")
    );
    assert_eq!(
        c.lookup("Rufus T. Firefly", Some("1933-06-01"))
            .map(|a| a.code)
            .as_deref(),
        Some("FRDGOV")
    );
    // Our own dictionaries are gone: Russia is unknown to this coder.
    assert!(c.lookup("Russia", None).is_none());
}

fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "dyad-actors-petrarch-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
