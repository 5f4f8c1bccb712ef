//! The HTTP API (annotate, store, query) and the embedded dashboard, served by `dyad serve`.
