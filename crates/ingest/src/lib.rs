//! Ingest: turns raw bytes (plain text, HTML, JSONL, RSS/Atom/JSON feeds, WARC, CoNLL-U) into
//! [`dyad_model::Article`]s — the text to analyse plus its metadata.
