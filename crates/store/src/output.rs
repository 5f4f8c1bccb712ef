//! Rendering query results for people and tools: terminal tables, CSV, JSONL.
