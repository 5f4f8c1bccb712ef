//! The store: an embedded SQLite event database (articles, sentences, entities, events, quotes,
//! citations, places), its queries, and exports to GDELT 2.0, Parquet and JSONL.
//!
//! [`Store`] is `Sync`: share it behind an `Arc`. Writes go through one connection (SQLite allows
//! one writer); reads take a connection from a small pool, and WAL mode lets them run while a
//! batch is being written. Every [`Store::insert_docs`] call is one transaction, so a process
//! killed at any moment leaves the database as it was after the last whole batch.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags};

mod dedup;
pub mod export;
#[cfg(any(test, feature = "fixtures"))]
pub mod fixtures;
mod insert;
pub mod output;
mod query;
mod schema;

pub use export::{export, ExportFormat};
pub use insert::{article_id_for_text, DuplicateLink, InsertReport};
pub use output::Format;
pub use query::{ArticleSummary, DyadSummary, EventQuery, EventRow, Period, Stats, TimelinePoint};
pub use schema::SCHEMA_VERSION;

pub use dedup::DUPLICATE_THRESHOLD;

/// The database file used when no `--db` is given.
pub const DEFAULT_DB: &str = "dyad.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: not a dyad database (not an SQLite file); refusing to touch it")]
    NotADatabase { path: String },
    #[error("{path}: no database here (run `dyad ingest` first)")]
    Missing { path: String },
    #[error("{path}: cannot open database: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "database schema version {found} is newer than this dyad supports ({supported}); \
         upgrade dyad"
    )]
    NewerSchema { found: u32, supported: u32 },
    #[error("schema migration to version {version} failed: {source}")]
    Migration {
        version: u32,
        source: rusqlite::Error,
    },
    #[error("bad query: {0}")]
    BadQuery(String),
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("document JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("export: {0}")]
    Export(String),
    #[error("write: {0}")]
    Write(#[from] std::io::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The event database. Open once, share with `Arc<Store>`; every method takes `&self`.
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
/// Idle read connections kept for reuse.
const MAX_IDLE_READERS: usize = 8;

impl Store {
    /// Opens the database at `path`, creating it (and its directory entry) if missing, and
    /// migrates it to [`SCHEMA_VERSION`]. A file that is not SQLite is refused, never modified.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        check_is_sqlite(path)?;
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| open_error(path, e))?;
        configure(&conn).map_err(|e| open_error(path, e))?;
        schema::migrate_to(&mut conn, SCHEMA_VERSION)?;
        Ok(Store {
            path: path.to_path_buf(),
            writer: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
        })
    }

    /// Opens an existing database (for queries and exports): a missing file is an error rather
    /// than a new empty database.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref();
        if !path.exists() {
            return Err(StoreError::Missing {
                path: path.display().to_string(),
            });
        }
        Store::open(path)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema version recorded in the database.
    pub fn schema_version(&self) -> Result<u32> {
        let conn = self.reader()?;
        schema::current_version(&conn)
    }

    pub(crate) fn writer(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (rusqlite rolls back on drop), so a poisoned lock is still safe to use.
        self.writer.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A read connection from the pool (opened on demand), returned to it on drop.
    pub(crate) fn reader(&self) -> Result<Reader<'_>> {
        let pooled = self.readers.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match pooled {
            Some(c) => c,
            None => {
                let c = Connection::open_with_flags(
                    &self.path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| open_error(&self.path, e))?;
                c.busy_timeout(std::time::Duration::from_secs(10))?;
                c
            }
        };
        Ok(Reader {
            store: self,
            conn: Some(conn),
        })
    }
}

/// A pooled read connection.
pub(crate) struct Reader<'a> {
    store: &'a Store,
    conn: Option<Connection>,
}

impl std::ops::Deref for Reader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        // Always Some until drop.
        self.conn.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            let mut pool = self.store.readers.lock().unwrap_or_else(|p| p.into_inner());
            if pool.len() < MAX_IDLE_READERS {
                pool.push(conn);
            }
        }
    }
}

fn open_error(path: &Path, source: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(e, _) = &source {
        if e.code == rusqlite::ErrorCode::NotADatabase {
            return StoreError::NotADatabase {
                path: path.display().to_string(),
            };
        }
    }
    StoreError::Open {
        path: path.display().to_string(),
        source,
    }
}

/// Refuses an existing non-empty file that does not start with the SQLite header, before SQLite
/// gets a chance to write anything next to or into it.
fn check_is_sqlite(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => {
            return Err(StoreError::Io {
                path: path.display().to_string(),
                source: e,
            })
        }
    };
    if path.is_dir() {
        return Err(StoreError::NotADatabase {
            path: path.display().to_string(),
        });
    }
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|e| StoreError::Io {
            path: path.display().to_string(),
            source: e,
        })?;
    if head.is_empty() || head.as_slice() == SQLITE_MAGIC {
        Ok(())
    } else {
        Err(StoreError::NotADatabase {
            path: path.display().to_string(),
        })
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    // WAL + synchronous=NORMAL: a killed process never loses a committed transaction (only a
    // power cut can lose the last ones), and readers never block the writer.
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(rusqlite::Error::InvalidQuery);
    }
    conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
    Ok(())
}

/// Current UTC time as `YYYY-MM-DDTHH:MM:SSZ`.
pub(crate) fn now_timestamp() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[cfg(test)]
mod tests;
