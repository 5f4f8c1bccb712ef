//! The store: an embedded SQLite event database (articles, sentences, entities, events, quotes,
//! citations), its queries, and exports to GDELT 2.0, Parquet and JSONL.
