//! Exports: GDELT 2.0 Events (61 fields), Mentions (16), GKG 2.1 (27), Parquet and JSONL.
