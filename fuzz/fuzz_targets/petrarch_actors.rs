//! The PETRARCH actor and agent loaders on arbitrary files: an error naming file and line,
//! never a panic.
#![no_main]
use dyad_coder::actors::ActorCoder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("dyad-fuzz-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let (actors, agents) = data.split_at(data.len() / 2);
    let actors_path = dir.join("actors.txt");
    let agents_path = dir.join("agents.txt");
    if std::fs::write(&actors_path, actors).is_err()
        || std::fs::write(&agents_path, agents).is_err()
    {
        return;
    }
    let _ = ActorCoder::from_petrarch(&[&actors_path], Some(&agents_path));
});
