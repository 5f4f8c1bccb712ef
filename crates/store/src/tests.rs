//! Store tests: migrations, idempotent inserts, near-duplicates, grouping, filters.
