"""The event store: an embedded DuckDB database. The only module that imports duckdb or speaks SQL.

Tables (see ``MIGRATIONS`` for every column):

- ``articles``: one row per article seen, whatever became of it (``status`` coded, duplicate or skipped): id,
  identity (canonical URL or content hash), URL, source, title, published date, language, content hash, text
  (cleaned for coded articles, as read for the others), MinHash signature, versions, run.
- ``events``: one row per coded event (every field of ``Event.to_dict()``: actors as columns, location, quote and
  versions as JSON), with its article, its event cluster and whether it sits in the article's lead paragraph.
- ``clusters``: events merged across articles (same dyad, CAMEO root and compatible date; see ``dedup.py``), with
  corroboration counts (mentions, articles, distinct sources, first and last seen) kept up to date.
- ``actors``: every resolved actor seen (knowledge-base id and code), with mention and article counts and dates.
- ``minhash_bands``: LSH band hashes of article signatures, to find near-duplicates of stored articles.
- ``runs`` and ``failures``: each ingest run (command, versions, counts) and the inputs that failed in it.
- ``feeds``: HTTP validators and last status of polled feeds (``watch``).
- ``schema_version``: the migrations applied. Opening an older store applies the missing ones.

Writes are transactions of whole articles: an article, its events, its cluster updates and its actor counts
commit together or not at all, so a killed ingest leaves no half-written article. Only one process can have a
store open for writing at a time (DuckDB's rule); readers open it read-only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np

from . import dedup
from .errors import BrinkwatchError, StoreError
from .ingest import require_date

if TYPE_CHECKING:
    from .models import Article, Event
    from .pipeline import ArticleResult

__all__ = ["GDELT_COLUMNS", "SCHEMA_VERSION", "ArticleEntry", "Result", "Store", "open_store"]

# --- schema ------------------------------------------------------------------------------------------------------

_V1 = (
    """CREATE TABLE runs (
        run_id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, command VARCHAR,
        brinkwatch_version VARCHAR, versions JSON, counts JSON)""",
    """CREATE TABLE articles (
        article_id VARCHAR PRIMARY KEY,  -- 16 hex digits of sha256(identity)
        identity VARCHAR NOT NULL,       -- 'url:<canonical URL>' or 'sha256:<content hash>'
        seq BIGINT NOT NULL,             -- ingest order
        doc_id VARCHAR, url VARCHAR, canonical_url VARCHAR, source VARCHAR,
        outlet VARCHAR,                  -- source, else the URL's host: what 'distinct sources' counts
        title VARCHAR, published DATE, language VARCHAR,
        content_hash VARCHAR,            -- sha256 of the text as read, whitespace-normalised
        text VARCHAR,                    -- cleaned text (coded), text as read (duplicate, skipped)
        status VARCHAR NOT NULL,         -- coded | duplicate | skipped
        reason VARCHAR, duplicate_of VARCHAR, similarity DOUBLE,
        n_sentences INTEGER, n_events INTEGER, origin VARCHAR, signature BLOB, versions JSON,
        run_id VARCHAR, ingested_at TIMESTAMP)""",
    """CREATE TABLE events (
        event_id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, ordinal INTEGER, cluster_id BIGINT,
        doc_id VARCHAR, sentence_index INTEGER, sentence VARCHAR, char_start INTEGER, char_end INTEGER,
        date DATE, date_precision VARCHAR, date_text VARCHAR, date_basis VARCHAR,
        source_text VARCHAR, source_code VARCHAR, source_country VARCHAR, source_sector VARCHAR,
        source_org VARCHAR, source_name VARCHAR, source_kb_id VARCHAR, source_layer VARCHAR,
        source_confidence DOUBLE,
        target_text VARCHAR, target_code VARCHAR, target_country VARCHAR, target_sector VARCHAR,
        target_org VARCHAR, target_name VARCHAR, target_kb_id VARCHAR, target_layer VARCHAR,
        target_confidence DOUBLE,
        cameo VARCHAR, cameo_root VARCHAR, plover VARCHAR, plover_mode VARCHAR, plover_context VARCHAR,
        quad_class INTEGER, goldstein DOUBLE, confidence DOUBLE, trigger VARCHAR, pattern VARCHAR,
        modality VARCHAR, clause_depth INTEGER, location JSON, quote JSON, versions JSON, in_lead BOOLEAN)""",
    """CREATE TABLE clusters (
        cluster_id BIGINT NOT NULL, dyad_key VARCHAR NOT NULL,
        source_code VARCHAR, source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR,
        source_org VARCHAR, source_kb_id VARCHAR,
        target_code VARCHAR, target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR,
        target_org VARCHAR, target_kb_id VARCHAR,
        cameo VARCHAR, cameo_root VARCHAR, quad_class INTEGER, goldstein DOUBLE,
        date DATE, date_precision VARCHAR, date_lo DATE, date_hi DATE,
        rep_event VARCHAR, rep_confidence DOUBLE, rep_seq BIGINT, rep_ordinal INTEGER,
        location JSON, n_mentions INTEGER, n_articles INTEGER, n_sources INTEGER,
        first_seen DATE, last_seen DATE, first_url VARCHAR, in_lead BOOLEAN,
        created_at TIMESTAMP, updated_at TIMESTAMP)""",
    """CREATE TABLE actors (
        actor_key VARCHAR PRIMARY KEY, kb_id VARCHAR, code VARCHAR, name VARCHAR, country VARCHAR,
        sector VARCHAR, org VARCHAR, n_mentions BIGINT, n_articles BIGINT, first_seen DATE, last_seen DATE)""",
    "CREATE TABLE minhash_bands (bucket BIGINT NOT NULL, article_id VARCHAR NOT NULL)",
)
_V2 = (
    """CREATE TABLE failures (run_id VARCHAR, input VARCHAR, message VARCHAR, failed_at TIMESTAMP)""",
    """CREATE TABLE feeds (
        url VARCHAR PRIMARY KEY, etag VARCHAR, last_modified VARCHAR, last_polled_at TIMESTAMP,
        last_status VARCHAR)""",
)
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (1, "articles, events, event clusters, actors, near-duplicate bands, ingest runs", _V1),
    (2, "failed inputs per run; feed polling state", _V2),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]

_ACTOR_FIELDS = ("text", "code", "country", "sector", "org", "name", "kb_id", "layer", "confidence")
_CLUSTER_ACTOR_FIELDS = ("code", "name", "country", "sector", "org", "kb_id")
EVENT_COLUMNS = (
    "event_id", "article_id", "ordinal", "cluster_id", "doc_id", "sentence_index", "sentence", "char_start",
    "char_end", "date", "date_precision", "date_text", "date_basis",
    *(f"source_{f}" for f in _ACTOR_FIELDS), *(f"target_{f}" for f in _ACTOR_FIELDS),
    "cameo", "cameo_root", "plover", "plover_mode", "plover_context", "quad_class", "goldstein", "confidence",
    "trigger", "pattern", "modality", "clause_depth", "location", "quote", "versions", "in_lead",
)
ARTICLE_COLUMNS = (
    "article_id", "identity", "seq", "doc_id", "url", "canonical_url", "source", "outlet", "title", "published",
    "language", "content_hash", "text", "status", "reason", "duplicate_of", "similarity", "n_sentences",
    "n_events", "origin", "signature", "versions", "run_id", "ingested_at",
)
CLUSTER_COLUMNS = (
    "cluster_id", "dyad_key", *(f"source_{f}" for f in _CLUSTER_ACTOR_FIELDS),
    *(f"target_{f}" for f in _CLUSTER_ACTOR_FIELDS), "cameo", "cameo_root", "quad_class", "goldstein", "date",
    "date_precision", "date_lo", "date_hi", "rep_event", "rep_confidence", "rep_seq", "rep_ordinal", "location",
    "n_mentions", "n_articles", "n_sources", "first_seen", "last_seen", "first_url", "in_lead", "created_at",
    "updated_at",
)
# The GDELT 2.0 event table, in its documented column order (GDELT Event Codebook V2.0).
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{c}" for c in _ACTOR), *(f"Actor2{c}" for c in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{c}" for c in _GEO), *(f"Actor2Geo_{c}" for c in _GEO), *(f"ActionGeo_{c}" for c in _GEO),
    "DATEADDED", "SOURCEURL",
)
TABLES = ("events", "clusters", "articles", "actors")


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating or upgrading it if needed) the event store at ``path``; default: the ``db`` setting
    (``brinkwatch.duckdb`` in the working directory). Read-only stores must exist."""
    if path is None:
        from .settings import Settings

        path = Settings.load().db
    return Store(path, read_only=read_only)


# --- records handed to the store ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleEntry:
    """An article ready to be written, with what ingestion decided about it."""

    article_id: str
    identity: str
    article: Article  # cleaned when coded, as read otherwise
    status: str  # coded | duplicate | skipped
    content_hash: str
    canonical_url: str | None = None
    outlet: str | None = None
    reason: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    signature: bytes | None = None
    buckets: tuple[int, ...] = ()
    result: ArticleResult | None = None
    lead_end: int = 0  # events whose sentence starts before this offset are in the lead paragraph
    language: str | None = None
    run_id: str | None = None
    versions: dict[str, str] = field(default_factory=dict)


@dataclass
class WriteStats:
    articles: int = 0
    events: int = 0
    new_clusters: int = 0
    updated_clusters: int = 0


# --- query results -----------------------------------------------------------------------------------------------


class Result:
    """The rows of a query: iterate for dicts (streamed), or take them as ``rows()``, ``pandas()``, ``polars()``."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any],
                 shape: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
                 after: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None = None) -> None:
        self._con = con
        self.sql = sql
        self.params = list(params)
        self._shape = shape
        self._after = after

    def __iter__(self) -> Iterator[dict[str, Any]]:
        cur = self._con.cursor()
        try:
            cur.execute(self.sql, self.params)
            names = [d[0] for d in cur.description]
            while True:
                batch = cur.fetchmany(2000)
                if not batch:
                    break
                rows = [dict(zip(names, row, strict=True)) for row in batch]
                if self._shape is not None:
                    rows = [self._shape(r) for r in rows]
                if self._after is not None:
                    rows = self._after(rows)
                yield from rows
        finally:
            cur.close()

    def rows(self) -> list[dict[str, Any]]:
        """The rows as dicts (events in the shape of ``Event.to_dict()``)."""
        return list(self)

    def pandas(self) -> Any:
        """A pandas DataFrame with flat columns (needs pandas: ``pip install brinkwatch[frames]``)."""
        try:
            import pandas  # noqa: F401
        except ImportError:
            raise BrinkwatchError("pandas is not installed: pip install pandas (or brinkwatch[frames])") from None
        return self._con.cursor().execute(self.sql, self.params).df()

    def polars(self) -> Any:
        """A polars DataFrame with flat columns (needs polars: ``pip install brinkwatch[frames]``)."""
        try:
            import polars as pl
        except ImportError:
            raise BrinkwatchError("polars is not installed: pip install polars (or brinkwatch[frames])") from None
        return pl.DataFrame(self._con.cursor().sql(self.sql, params=self.params))


# --- the store ---------------------------------------------------------------------------------------------------


class Store:
    """An open event store. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path, *, read_only: bool = False, upto: int | None = None) -> None:
        self.path = str(path)
        self.read_only = read_only
        memory = self.path == ":memory:"
        if read_only and not memory and not Path(self.path).exists():
            raise StoreError(f"{self.path}: no event store here; create one with `brinkwatch ingest ... --db "
                             f"{self.path}`")
        if not memory:
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = self._connect(read_only)
        version = self.schema_version
        target = SCHEMA_VERSION if upto is None else upto
        if version > SCHEMA_VERSION:
            self._con.close()
            raise StoreError(f"{self.path}: store has schema version {version}, newer than this Brinkwatch knows "
                             f"({SCHEMA_VERSION}); upgrade Brinkwatch")
        if version < target:
            if read_only:  # upgrade once, for writing, then reopen read-only
                self._con.close()
                self._con = self._connect(False)
                self._migrate(target)
                self._con.close()
                self._con = self._connect(True)
            else:
                self._migrate(target)
        self._types: dict[str, dict[str, str]] = {}
        self._next_seq: int | None = None

    def _connect(self, read_only: bool) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(self.path, read_only=read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" in text.lower():
                pid = re.search(r"PID (\d+)", text)
                raise StoreError(f"{self.path}: the store is open for writing in another process"
                                 f"{f' (PID {pid[1]})' if pid else ''}; DuckDB allows one writer at a time: wait "
                                 f"for it to finish, stop it, or use another --db") from None
            raise StoreError(f"{self.path}: cannot open the store ({text.splitlines()[0]})") from None
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a Brinkwatch store or DuckDB file ({str(exc).splitlines()[0]})") \
                from None

    def close(self) -> None:
        with contextlib.suppress(duckdb.Error):
            self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema ---------------------------------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
        exists = _first(self._con, "SELECT count(*) FROM information_schema.tables "
                                   "WHERE table_name = 'schema_version'")
        if not exists:
            return 0
        version = _first(self._con, "SELECT max(version) FROM schema_version")
        return int(version) if version is not None else 0

    def _migrate(self, target: int) -> None:
        current = self.schema_version
        with self.transaction():
            if current == 0:
                self._con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                                  "description VARCHAR, applied_at TIMESTAMP)")
            for version, description, statements in MIGRATIONS:
                if current < version <= target:
                    for statement in statements:
                        self._con.execute(statement)
                    self._con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                                      [version, description, _now()])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN ... COMMIT, or ROLLBACK if anything raises (a KeyboardInterrupt included)."""
        self._con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                self._con.execute("ROLLBACK")
            raise
        self._con.execute("COMMIT")

    def _column_types(self, table: str) -> dict[str, str]:
        if table not in self._types:
            rows = self._con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                     "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
            self._types[table] = {name: kind for name, kind in rows}
        return self._types[table]

    def _insert(self, table: str, rows: Sequence[dict[str, Any]], conflict: str = "") -> None:
        """Insert many rows with one statement (DuckDB's per-statement cost is high; per-row cost is low). Values
        are converted to the column types by the INSERT itself."""
        if not rows:
            return
        columns = list(rows[0])
        data = {}
        for column in columns:
            values = np.empty(len(rows), dtype=object)
            values[:] = [row[column] for row in rows]
            data[column] = values
        name = f"_bw_insert_{table}"
        self._con.register(name, data)
        try:
            names = ", ".join(columns)
            self._con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {name} {conflict}")
        finally:
            self._con.unregister(name)

    # -- runs -----------------------------------------------------------------------------------------------------

    def begin_run(self, command: str, versions: dict[str, str]) -> str:
        from . import __version__

        run_id = uuid.uuid4().hex[:16]
        with self.transaction():
            self._con.execute("INSERT INTO runs VALUES (?, ?, NULL, ?, ?, ?, NULL)",
                              [run_id, _now(), command, __version__, json.dumps(versions)])
        return run_id

    def finish_run(self, run_id: str, counts: dict[str, Any]) -> None:
        with self.transaction():
            self._con.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE run_id = ?",
                              [_now(), json.dumps(counts), run_id])

    def add_failures(self, run_id: str | None, failures: Iterable[tuple[str, str]]) -> None:
        rows = [{"run_id": run_id, "input": i, "message": m, "failed_at": _now()} for i, m in failures]
        if rows:
            with self.transaction():
                self._insert("failures", rows)

    # -- what is stored (asked before coding) ---------------------------------------------------------------------

    def known_articles(self, article_ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return set()
        rows = self._con.cursor().execute(
            "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()
        return {r[0] for r in rows}

    def articles_by_content(self, hashes: Iterable[str]) -> dict[str, str]:
        """content hash -> article_id of the first stored article with that exact text."""
        values = list(dict.fromkeys(hashes))
        if not values:
            return {}
        rows = self._con.cursor().execute(
            "SELECT content_hash, arg_min(article_id, seq) FROM articles "
            "WHERE content_hash IN (SELECT unnest(?::VARCHAR[])) GROUP BY content_hash", [values]).fetchall()
        return {h: a for h, a in rows}

    def signatures_in_buckets(self, buckets: Iterable[int]) -> dict[str, np.ndarray]:
        """Signatures of stored articles that share an LSH bucket with any of ``buckets``."""
        values = list(dict.fromkeys(buckets))
        if not values:
            return {}
        rows = self._con.cursor().execute(
            "SELECT a.article_id, a.signature FROM articles a WHERE a.signature IS NOT NULL AND a.article_id IN "
            "(SELECT article_id FROM minhash_bands WHERE bucket IN (SELECT unnest(?::BIGINT[])))",
            [values]).fetchall()
        return {aid: dedup.signature_from_bytes(sig) for aid, sig in rows}

    def next_seq(self) -> int:
        return int(_first(self._con, "SELECT coalesce(max(seq), 0) FROM articles")) + 1

    # -- writing --------------------------------------------------------------------------------------------------

    def write(self, entries: Sequence[ArticleEntry]) -> WriteStats:
        """Write whole articles (their events, cluster updates and actor counts) in one transaction.

        Cluster assignment is a fold over the events in order, so the result does not depend on how articles
        are grouped into transactions: a resumed ingest ends exactly like an uninterrupted one.
        """
        stats = WriteStats()
        if not entries:
            return stats
        with self.transaction():
            seq = self.next_seq()
            now = _now()
            planned = [(entry, _event_dicts(entry)) for entry in entries]
            state = self._cluster_state(planned)
            article_rows: list[dict[str, Any]] = []
            event_rows: list[dict[str, Any]] = []
            band_rows: list[dict[str, Any]] = []
            new_mentions: dict[int, list[dedup.ClusterMention]] = defaultdict(list)
            actor_rows: dict[str, dict[str, Any]] = {}
            for entry, events in planned:
                article_rows.append(_article_row(entry, seq, now, len(events)))
                band_rows.extend({"bucket": b, "article_id": entry.article_id} for b in entry.buckets)
                for ordinal, (event, data) in enumerate(events):
                    event_id = f"{entry.article_id}-{ordinal:04d}"
                    key = dedup.dyad_key((data["source"] or {}).get("code"), (data["target"] or {}).get("code"),
                                         data["cameo_root"])
                    in_lead = event.char_start < entry.lead_end
                    cluster_id = state.assign(key, event_id, event, seq, ordinal)
                    row = _event_row(data, event, event_id, entry.article_id, ordinal, cluster_id, in_lead)
                    event_rows.append(row)
                    new_mentions[cluster_id].append(_mention(row, entry, seq))
                if entry.result is not None:
                    _count_actors(actor_rows, entry)
                seq += 1
            self._insert("articles", article_rows)
            self._insert("events", event_rows)
            self._insert("minhash_bands", band_rows)
            self._write_clusters(state, new_mentions, now)
            self._upsert_actors(list(actor_rows.values()))
            stats.articles = len(article_rows)
            stats.events = len(event_rows)
            stats.new_clusters = len(state.new)
            stats.updated_clusters = len(state.touched - state.new)
        return stats

    def _cluster_state(self, planned: list[tuple[ArticleEntry, list[tuple[Event, dict[str, Any]]]]]
                       ) -> _ClusterState:
        """The stored clusters that an event of this write could join (same key, overlapping date window)."""
        keys: list[str] = []
        los: list[dt.date] = []
        his: list[dt.date] = []
        tol = dt.timedelta(days=dedup.TOLERANCE_DAYS)
        for _, events in planned:
            for event, data in events:
                if event.date is None:
                    continue
                keys.append(dedup.dyad_key((data["source"] or {}).get("code"), (data["target"] or {}).get("code"),
                                           data["cameo_root"]))
                lo, hi = dedup.date_interval(event.date.date, event.date.precision)
                los.append(lo - tol)
                his.append(hi + tol)
        state = _ClusterState()
        if not keys:
            return state
        rows = self._con.execute(
            "WITH probe AS (SELECT unnest(?::VARCHAR[]) AS k, unnest(?::DATE[]) AS lo, unnest(?::DATE[]) AS hi) "
            "SELECT DISTINCT c.cluster_id, c.dyad_key, c.date, c.date_precision, c.rep_confidence, c.rep_seq, "
            "c.rep_ordinal FROM clusters c JOIN probe p ON c.dyad_key = p.k AND c.date_hi >= p.lo "
            "AND c.date_lo <= p.hi", [keys, los, his]).fetchall()
        for cluster_id, key, date, precision, confidence, rep_seq, rep_ordinal in sorted(rows):
            state.load(key, cluster_id, date, precision, (dedup.PRECISION_RANK.get(precision, 9), -confidence,
                                                          rep_seq, rep_ordinal))
        return state

    def _write_clusters(self, state: _ClusterState, new_mentions: dict[int, list[dedup.ClusterMention]],
                        now: dt.datetime) -> None:
        if not state.touched:
            return
        existing = sorted(state.touched - state.new)
        mentions: dict[int, list[dedup.ClusterMention]] = defaultdict(list)
        created: dict[int, dt.datetime] = {}
        if existing:
            cur = self._con.execute(
                f"SELECT {', '.join('e.' + c for c in _MENTION_EVENT_COLUMNS)}, a.seq, a.published, a.outlet, a.url "
                "FROM events e JOIN articles a USING (article_id) "
                "WHERE e.cluster_id IN (SELECT unnest(?::BIGINT[]))", [existing])
            names = [d[0] for d in cur.description]
            for values in cur.fetchall():
                row = dict(zip(names, values, strict=True))
                mentions[row["cluster_id"]].append(_mention_from_row(row))
            created = dict(self._con.execute(
                "SELECT cluster_id, created_at FROM clusters WHERE cluster_id IN (SELECT unnest(?::BIGINT[]))",
                [existing]).fetchall())
            self._con.execute("DELETE FROM clusters WHERE cluster_id IN (SELECT unnest(?::BIGINT[]))", [existing])
        else:
            mentions = defaultdict(list)
        for cluster_id in state.new:
            mentions[cluster_id] = list(new_mentions[cluster_id])
        rows = []
        for cluster_id in sorted(state.touched):
            summary = dedup.summarize_cluster(cluster_id, state.key[cluster_id], mentions[cluster_id])
            rows.append(_cluster_row(summary, created.get(cluster_id, now), now))
        self._insert("clusters", rows)

    def _upsert_actors(self, rows: list[dict[str, Any]]) -> None:
        self._insert("actors", rows, conflict=(
            "ON CONFLICT (actor_key) DO UPDATE SET n_mentions = actors.n_mentions + EXCLUDED.n_mentions, "
            "n_articles = actors.n_articles + EXCLUDED.n_articles, name = EXCLUDED.name, "
            "country = EXCLUDED.country, sector = EXCLUDED.sector, org = EXCLUDED.org, "
            "first_seen = least(coalesce(actors.first_seen, EXCLUDED.first_seen), "
            "coalesce(EXCLUDED.first_seen, actors.first_seen)), "
            "last_seen = greatest(coalesce(actors.last_seen, EXCLUDED.last_seen), "
            "coalesce(EXCLUDED.last_seen, actors.last_seen))"))

    # -- feeds ----------------------------------------------------------------------------------------------------

    def feed_validators(self) -> dict[str, tuple[str | None, str | None]]:
        rows = self._con.execute("SELECT url, etag, last_modified FROM feeds").fetchall()
        return {url: (etag, modified) for url, etag, modified in rows if etag or modified}

    def save_feeds(self, polled: dict[str, tuple[str | None, str | None, str]]) -> None:
        """url -> (etag, last_modified, status) after a poll."""
        rows = [{"url": url, "etag": e, "last_modified": m, "last_polled_at": _now(), "last_status": s}
                for url, (e, m, s) in polled.items()]
        if rows:
            with self.transaction():
                self._insert("feeds", rows, conflict=(
                    "ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, "
                    "last_polled_at = EXCLUDED.last_polled_at, last_status = EXCLUDED.last_status"))

    # -- reading --------------------------------------------------------------------------------------------------

    def sql(self, query: str, params: Sequence[Any] = ()) -> Result:
        """Any SQL over the store's tables, as a Result (for analysts; the schema is in this module)."""
        return Result(self._con, query, params)

    def events(self, *, flat: bool = False, **filters: Any) -> Result:
        """Coded events (one per evidence sentence) matching ``filters`` (see ``filter_sql``), newest first;
        rows in the shape of ``Event.to_dict()`` plus event_id, article_id, cluster_id, url, outlet, title."""
        sql, params = _events_sql(filters, newest_first=True)
        if flat:
            return Result(self._con, sql, params)
        return Result(self._con, sql, params, shape=_event_dict)

    def clusters(self, *, evidence: bool = False, **filters: Any) -> Result:
        """Event clusters (deduplicated events) matching ``filters``, newest first, with their corroboration
        counts; with ``evidence``, each row lists its mentions (article, outlet, URL, sentence)."""
        where, params = _filters("c", filters, clusters=True)
        limit = _limit(filters.get("limit"))
        sql = f"SELECT c.* FROM clusters c {where} ORDER BY c.date DESC NULLS LAST, c.cluster_id{limit}"
        after = self._attach_evidence if evidence else None
        return Result(self._con, sql, params, shape=_cluster_dict, after=after)

    def _attach_evidence(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        ids = [r["cluster_id"] for r in rows]
        if not ids:
            return rows
        cur = self._con.cursor().execute(
            "SELECT e.cluster_id, e.event_id, e.article_id, e.doc_id, e.sentence_index, e.sentence, e.cameo, "
            "e.date, e.trigger, e.pattern, e.modality, a.url, a.outlet, a.title, a.published "
            "FROM events e JOIN articles a USING (article_id) WHERE e.cluster_id IN (SELECT unnest(?::BIGINT[])) "
            "ORDER BY a.published NULLS LAST, a.seq, e.ordinal", [ids])
        names = [d[0] for d in cur.description]
        found: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for values in cur.fetchall():
            item = dict(zip(names, values, strict=True))
            cluster_id = item.pop("cluster_id")
            found[cluster_id].append({k: _jsonable(v) for k, v in item.items()})
        for row in rows:
            row["evidence"] = found.get(row["cluster_id"], [])
        return rows

    def articles(self, *, status: str | None = None, limit: int | None = None, text: bool = False) -> Result:
        columns = ", ".join(c for c in ARTICLE_COLUMNS if c != "signature" and (text or c != "text"))
        where = "WHERE status = ?" if status else ""
        return Result(self._con, f"SELECT {columns} FROM articles {where} ORDER BY seq{_limit(limit)}",
                      [status] if status else [], shape=_jsonable_row)

    def actors(self, *, limit: int | None = None) -> Result:
        return Result(self._con, f"SELECT * FROM actors ORDER BY n_mentions DESC, actor_key{_limit(limit)}", [],
                      shape=_jsonable_row)

    def stats(self, *, top: int = 10) -> dict[str, Any]:
        """What the store holds: counts, events by CAMEO root, top dyads and sources, the latest runs."""
        con = self._con.cursor()

        def one(sql: str) -> Any:
            return _first(con, sql)

        by_status = dict(con.execute("SELECT status, count(*) FROM articles GROUP BY status").fetchall())
        out: dict[str, Any] = {
            "path": self.path,
            "schema_version": self.schema_version,
            "articles": sum(by_status.values()),
            "articles_by_status": {k: by_status.get(k, 0) for k in ("coded", "duplicate", "skipped")},
            "events": one("SELECT count(*) FROM events"),
            "clusters": one("SELECT count(*) FROM clusters"),
            "corroborated_clusters": one("SELECT count(*) FROM clusters WHERE n_sources >= 2"),
            "actors": one("SELECT count(*) FROM actors"),
            "date_range": [_jsonable(v) for v in con.execute("SELECT min(date), max(date) FROM events").fetchall()[0]],
        }
        out["clusters_by_root"] = [
            {"root": r, "clusters": n, "events": m} for r, n, m in con.execute(
                "SELECT cameo_root, count(*), sum(n_mentions) FROM clusters GROUP BY cameo_root ORDER BY cameo_root"
            ).fetchall()]
        out["top_dyads"] = [
            {"source": s, "target": t, "clusters": n, "events": m, "articles": a} for s, t, n, m, a in con.execute(
                "SELECT c.source_code, c.target_code, count(*) AS n, sum(c.n_mentions) AS m, "
                "sum(c.n_articles) FROM clusters c WHERE c.source_code IS NOT NULL AND c.target_code IS NOT NULL "
                "GROUP BY 1, 2 ORDER BY n DESC, m DESC, 1, 2 LIMIT ?", [top]).fetchall()]
        out["top_sources"] = [
            {"outlet": o, "articles": n} for o, n in con.execute(
                "SELECT coalesce(outlet, '(unknown)'), count(*) AS n FROM articles WHERE status = 'coded' "
                "GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?", [top]).fetchall()]
        out["skip_reasons"] = dict(con.execute(
            "SELECT reason, count(*) FROM articles WHERE status = 'skipped' GROUP BY reason ORDER BY 2 DESC"
        ).fetchall())
        out["runs"] = [
            {"run_id": r, "started_at": _jsonable(s), "finished_at": _jsonable(f), "command": c,
             "counts": json.loads(n) if n else None}
            for r, s, f, c, n in con.execute(
                "SELECT run_id, started_at, finished_at, command, counts FROM runs ORDER BY started_at DESC LIMIT 5"
            ).fetchall()]
        return out

    # -- export ---------------------------------------------------------------------------------------------------

    def export(self, path: str | Path, fmt: str, *, table: str = "events", **filters: Any) -> int:
        """Write ``table`` (events, clusters, articles or actors), filtered, to ``path`` as parquet, csv, jsonl or
        gdelt (the GDELT 2.0 event table layout, tab-separated, one row per event cluster). Returns the row count."""
        if table not in TABLES:
            raise BrinkwatchError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
        if fmt not in ("parquet", "csv", "jsonl", "gdelt"):
            raise BrinkwatchError(f"unknown export format {fmt!r}; choose parquet, csv, jsonl or gdelt")
        if fmt == "gdelt":
            table = "clusters"
        result = self._export_query(table, filters)
        target = str(path)
        try:
            if fmt in ("parquet", "csv"):
                if table == "events":  # flat columns
                    result = Result(self._con, result.sql, result.params)
                rel = self._con.cursor().sql(result.sql, params=result.params)
                if fmt == "parquet":
                    rel.write_parquet(target, compression="zstd")
                else:
                    rel.write_csv(target, header=True)
                return int(_first(self._con.cursor(), f"SELECT count(*) FROM ({result.sql})", result.params))
            count = 0
            with open(target, "w", encoding="utf-8", newline="") as fh:
                if fmt == "jsonl":
                    for item in result:
                        fh.write(json.dumps(item, ensure_ascii=False) + "\n")
                        count += 1
                else:
                    for item in result:
                        fh.write("\t".join(_gdelt_field(v) for v in _gdelt_row(item)) + "\n")
                        count += 1
            return count
        except OSError as exc:
            raise BrinkwatchError(f"{target}: cannot write the export ({exc.strerror})") from exc
        except duckdb.IOException as exc:
            raise BrinkwatchError(f"{target}: cannot write the export ({str(exc).splitlines()[0]})") from exc

    def _export_query(self, table: str, filters: dict[str, Any]) -> Result:
        if table == "events":
            sql, params = _events_sql(filters, newest_first=False)
            return Result(self._con, sql, params, shape=_event_dict)
        if table == "clusters":
            where, params = _filters("c", filters, clusters=True)
            return Result(self._con, f"SELECT c.* FROM clusters c {where} ORDER BY c.date NULLS LAST, c.cluster_id"
                                     f"{_limit(filters.get('limit'))}", params, shape=_cluster_dict)
        if table == "articles":
            return self.articles(limit=filters.get("limit"), text=True)
        return self.actors(limit=filters.get("limit"))


# --- cluster assignment ------------------------------------------------------------------------------------------


class _ClusterState:
    """Clusters that events of the current write can join, updated event by event."""

    def __init__(self) -> None:
        self.by_key: dict[str, dict[int, dedup.ClusterCandidate]] = defaultdict(dict)
        self.rep: dict[int, tuple[Any, ...]] = {}
        self.key: dict[int, str] = {}
        self.new: set[int] = set()
        self.touched: set[int] = set()

    def load(self, key: str, cluster_id: int, date: dt.date, precision: str, rep: tuple[Any, ...]) -> None:
        lo, hi = dedup.date_interval(date, precision)
        self.by_key[key][cluster_id] = dedup.ClusterCandidate(cluster_id, date, precision, lo, hi)
        self.rep[cluster_id] = rep
        self.key[cluster_id] = key

    def assign(self, key: str, event_id: str, event: Event, seq: int, ordinal: int) -> int:
        info = event.date
        rep = (dedup.PRECISION_RANK.get(info.precision, 9) if info else 9, -round(event.confidence, 3), seq,
               ordinal)
        chosen = dedup.choose_cluster(info.date, info.precision, self.by_key[key].values()) if info else None
        if chosen is None:
            cluster_id = dedup.cluster_id_for(event_id)
            self.new.add(cluster_id)
            self.key[cluster_id] = key
            self.rep[cluster_id] = rep
            if info is not None:
                self.load(key, cluster_id, info.date, info.precision, rep)
        else:
            cluster_id = chosen.cluster_id
            if rep < self.rep[cluster_id] and info is not None:
                self.load(key, cluster_id, info.date, info.precision, rep)
        self.touched.add(cluster_id)
        return cluster_id


# --- rows <-> records --------------------------------------------------------------------------------------------

_MENTION_EVENT_COLUMNS = (
    "event_id", "article_id", "ordinal", "cluster_id", "cameo", "quad_class", "goldstein", "confidence", "date",
    "date_precision", "in_lead", "location", *(f"source_{f}" for f in _CLUSTER_ACTOR_FIELDS),
    *(f"target_{f}" for f in _CLUSTER_ACTOR_FIELDS),
)


def _first(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row (the result is read to the end: DuckDB wants results finished)."""
    rows = con.execute(sql, list(params)).fetchall()
    return rows[0][0] if rows else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _event_dicts(entry: ArticleEntry) -> list[tuple[Event, dict[str, Any]]]:
    if entry.result is None:
        return []
    return [(event, event.to_dict()) for event in entry.result.events]


def _article_row(entry: ArticleEntry, seq: int, now: dt.datetime, n_events: int) -> dict[str, Any]:
    article = entry.article
    result = entry.result
    return {
        "article_id": entry.article_id, "identity": entry.identity, "seq": seq, "doc_id": article.id,
        "url": article.url, "canonical_url": entry.canonical_url, "source": article.source, "outlet": entry.outlet,
        "title": article.title, "published": article.date, "language": entry.language or article.language,
        "content_hash": entry.content_hash, "text": article.text, "status": entry.status, "reason": entry.reason,
        "duplicate_of": entry.duplicate_of, "similarity": entry.similarity,
        "n_sentences": len(result.sentences) if result else None, "n_events": n_events if result else None,
        "origin": article.origin, "signature": entry.signature,
        "versions": json.dumps(entry.versions) if entry.versions else None, "run_id": entry.run_id,
        "ingested_at": now,
    }


def _event_row(data: dict[str, Any], event: Event, event_id: str, article_id: str, ordinal: int, cluster_id: int,
               in_lead: bool) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_id": event_id, "article_id": article_id, "ordinal": ordinal, "cluster_id": cluster_id,
        "doc_id": data["doc_id"], "sentence_index": data["sentence_index"], "sentence": data["sentence"],
        "char_start": data["char_start"], "char_end": data["char_end"],
        "date": event.date.date if event.date else None, "date_precision": data["date_precision"],
        "date_text": data["date_text"], "date_basis": event.date.basis if event.date else None,
    }
    for role in ("source", "target"):
        actor = data[role]
        for name in _ACTOR_FIELDS:
            row[f"{role}_{name}"] = actor.get(name) if actor is not None else None
    for name in ("cameo", "cameo_root", "plover", "plover_mode", "plover_context", "quad_class", "goldstein",
                 "confidence", "trigger", "pattern", "modality", "clause_depth"):
        row[name] = data[name]
    for name in ("location", "quote", "versions"):
        row[name] = json.dumps(data[name], ensure_ascii=False) if data[name] is not None else None
    row["in_lead"] = in_lead
    return row


def _event_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A stored event row in the shape of ``Event.to_dict()`` (plus store fields)."""
    out: dict[str, Any] = {
        "doc_id": row["doc_id"], "sentence_index": row["sentence_index"], "sentence": row["sentence"],
        "char_start": row["char_start"], "char_end": row["char_end"],
        "date": row["date"].isoformat() if row["date"] else None, "date_precision": row["date_precision"],
        "date_text": row["date_text"],
    }
    for role in ("source", "target"):
        if row[f"{role}_text"] is None and row[f"{role}_layer"] is None:
            out[role] = None
        else:
            out[role] = {name: row[f"{role}_{name}"] for name in _ACTOR_FIELDS}
    for name in ("cameo", "cameo_root", "plover", "plover_mode", "plover_context", "quad_class", "goldstein",
                 "confidence", "trigger", "pattern", "modality", "clause_depth"):
        out[name] = row[name]
    out["location"] = json.loads(row["location"]) if row["location"] else None
    out["quote"] = json.loads(row["quote"]) if row["quote"] else None
    out["versions"] = json.loads(row["versions"]) if row["versions"] else {}
    out.update({"event_id": row["event_id"], "article_id": row["article_id"], "cluster_id": row["cluster_id"],
                "in_lead": row["in_lead"], "date_basis": row["date_basis"]})
    for name in ("url", "outlet", "title", "published"):
        if name in row:
            out[name] = _jsonable(row[name])
    return out


def _mention(row: dict[str, Any], entry: ArticleEntry, seq: int) -> dedup.ClusterMention:
    return _mention_from_row({**row, "seq": seq, "published": entry.article.date, "outlet": entry.outlet,
                              "url": entry.article.url})


def _mention_from_row(row: dict[str, Any]) -> dedup.ClusterMention:
    location = row["location"]
    return dedup.ClusterMention(
        event_id=row["event_id"], article_id=row["article_id"], seq=row["seq"], ordinal=row["ordinal"],
        cameo=row["cameo"], quad_class=row["quad_class"], goldstein=row["goldstein"],
        confidence=row["confidence"], date=row["date"], precision=row["date_precision"],
        published=row["published"], outlet=row["outlet"], url=row["url"], in_lead=bool(row["in_lead"]),
        location=json.loads(location) if isinstance(location, str) else location,
        source={f: row[f"source_{f}"] for f in _CLUSTER_ACTOR_FIELDS},
        target={f: row[f"target_{f}"] for f in _CLUSTER_ACTOR_FIELDS},
    )


def _cluster_row(s: dedup.ClusterSummary, created: dt.datetime, now: dt.datetime) -> dict[str, Any]:
    rep = s.representative
    row: dict[str, Any] = {"cluster_id": s.cluster_id, "dyad_key": s.key}
    for role, actor in (("source", rep.source), ("target", rep.target)):
        for name in _CLUSTER_ACTOR_FIELDS:
            row[f"{role}_{name}"] = (actor or {}).get(name)
    row.update({
        "cameo": s.cameo, "cameo_root": s.key.rsplit("|", 1)[1], "quad_class": s.quad_class,
        "goldstein": s.goldstein, "date": s.date, "date_precision": s.precision, "date_lo": s.lo,
        "date_hi": s.hi, "rep_event": rep.event_id, "rep_confidence": round(rep.confidence, 3),
        "rep_seq": rep.seq, "rep_ordinal": rep.ordinal,
        "location": json.dumps(s.location, ensure_ascii=False) if s.location else None,
        "n_mentions": s.n_mentions, "n_articles": s.n_articles, "n_sources": s.n_sources,
        "first_seen": s.first_seen, "last_seen": s.last_seen, "first_url": s.first_url, "in_lead": s.in_lead,
        "created_at": created, "updated_at": now,
    })
    return row


def _cluster_dict(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"cluster_id": row["cluster_id"],
                           "date": _jsonable(row["date"]), "date_precision": row["date_precision"]}
    for role in ("source", "target"):
        actor = {name: row[f"{role}_{name}"] for name in _CLUSTER_ACTOR_FIELDS}
        out[role] = actor if any(v is not None for v in actor.values()) else None
    for name in ("cameo", "cameo_root", "quad_class", "goldstein", "n_mentions", "n_articles", "n_sources"):
        out[name] = row[name]
    out["location"] = json.loads(row["location"]) if row["location"] else None
    for name in ("first_seen", "last_seen", "first_url", "in_lead", "rep_event", "created_at", "updated_at"):
        out[name] = _jsonable(row[name])
    return out


def _count_actors(into: dict[str, dict[str, Any]], entry: ArticleEntry) -> None:
    assert entry.result is not None
    published = entry.article.date
    seen: set[str] = set()
    for mention in entry.result.mentions:
        actor = mention.actor
        if actor is None or not (actor.code or actor.kb_id):
            continue
        key = f"{actor.kb_id or ''}|{actor.code or ''}"
        row = into.get(key)
        if row is None:
            row = into[key] = {"actor_key": key, "kb_id": actor.kb_id, "code": actor.code, "name": actor.name,
                               "country": actor.country, "sector": actor.sector, "org": actor.org,
                               "n_mentions": 0, "n_articles": 0, "first_seen": published, "last_seen": published}
        row["n_mentions"] += 1
        if key not in seen:
            row["n_articles"] += 1
            seen.add(key)
        if published is not None:
            row["first_seen"] = min(row["first_seen"] or published, published)
            row["last_seen"] = max(row["last_seen"] or published, published)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _jsonable_row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _jsonable(v) for k, v in row.items()}


# --- filters -----------------------------------------------------------------------------------------------------

FILTERS = ("actor", "dyad", "root", "quad_class", "since", "until", "text", "min_sources", "named_only", "limit")
_NAMED = ("(coalesce({x}.source_layer, '') NOT LIKE 'implied%' AND "
          "coalesce({x}.target_layer, '') NOT LIKE 'implied%')")


def _events_sql(filters: dict[str, Any], *, newest_first: bool) -> tuple[str, list[Any]]:
    """Filter, order and limit on the events table alone, then join the few rows left with their articles."""
    where, params = _filters("e", filters, clusters=False)
    order = "e.date DESC NULLS LAST, e.article_id, e.ordinal" if newest_first else \
        "e.date NULLS LAST, e.article_id, e.ordinal"
    inner = f"SELECT e.* FROM events e {where} ORDER BY {order}{_limit(filters.get('limit'))}"
    return (f"SELECT e.*, a.url, a.outlet, a.title, a.published FROM ({inner}) e JOIN articles a USING (article_id) "
            f"ORDER BY {order}"), params


def _limit(limit: Any) -> str:
    if limit is None:
        return ""
    return f" LIMIT {int(limit)}"


def _roots(value: Any) -> list[str]:
    items = value if isinstance(value, list | tuple | set) else str(value).split(",")
    out = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        if not text.isdigit() or not 1 <= int(text) <= 20:
            raise BrinkwatchError(f"CAMEO root {text!r} is not a number from 01 to 20")
        out.append(f"{int(text):02d}")
    return out


def _actor_clause(column_prefix: str, value: str, params: list[Any]) -> str:
    """An actor is a CAMEO code prefix (RUS matches RUSGOV, RUSMIL) or a knowledge-base id (person:...)."""
    if ":" in value:
        params.append(value)
        return f"{column_prefix}_kb_id = ?"
    params.append(value.upper())
    return f"starts_with({column_prefix}_code, ?)"


def _filters(alias: str, filters: dict[str, Any], *, clusters: bool) -> tuple[str, list[Any]]:
    unknown = set(filters) - set(FILTERS)
    if unknown:
        raise BrinkwatchError(f"unknown filter(s) {', '.join(sorted(unknown))}; known: {', '.join(FILTERS)}")
    clauses: list[str] = []
    params: list[Any] = []
    a = alias
    if filters.get("actor"):
        p1: list[Any] = []
        left = _actor_clause(f"{a}.source", str(filters["actor"]), p1)
        right = _actor_clause(f"{a}.target", str(filters["actor"]), p1)
        if clusters and ":" in str(filters["actor"]):
            left = ("EXISTS (SELECT 1 FROM events x WHERE x.cluster_id = c.cluster_id AND "
                    "(x.source_kb_id = ? OR x.target_kb_id = ?))")
            clauses.append(left)
            params.extend(p1)
        else:
            clauses.append(f"({left} OR {right})")
            params.extend(p1)
    if filters.get("dyad"):
        dyad = filters["dyad"]
        parts = [p.strip() for p in (dyad.split(",") if isinstance(dyad, str) else dyad)]
        if len(parts) != 2 or not all(parts):
            raise BrinkwatchError(f"dyad {dyad!r} must be two actor codes, SOURCE,TARGET (e.g. RUS,UKR)")
        clauses.append(_actor_clause(f"{a}.source", parts[0], params))
        clauses.append(_actor_clause(f"{a}.target", parts[1], params))
    if filters.get("root"):
        roots = _roots(filters["root"])
        clauses.append(f"{a}.cameo_root IN (SELECT unnest(?::VARCHAR[]))")
        params.append(roots)
    if filters.get("quad_class"):
        clauses.append(f"{a}.quad_class = ?")
        params.append(int(filters["quad_class"]))
    if filters.get("since"):
        clauses.append(f"{a}.date >= ?")
        params.append(require_date(filters["since"], "since"))
    if filters.get("until"):
        clauses.append(f"{a}.date <= ?")
        params.append(require_date(filters["until"], "until"))
    if filters.get("text"):
        words = str(filters["text"]).split()
        likes = " AND ".join("x.sentence ILIKE ?" for _ in words) if clusters else \
            " AND ".join(f"{a}.sentence ILIKE ?" for _ in words)
        if clusters:
            clauses.append(f"EXISTS (SELECT 1 FROM events x WHERE x.cluster_id = c.cluster_id AND {likes})")
        else:
            clauses.append(f"({likes})")
        params.extend(f"%{_escape_like(w)}%" for w in words)
    if filters.get("min_sources"):
        if clusters:
            clauses.append(f"{a}.n_sources >= ?")
        else:
            clauses.append(f"{a}.cluster_id IN (SELECT cluster_id FROM clusters WHERE n_sources >= ?)")
        params.append(int(filters["min_sources"]))
    if filters.get("named_only"):
        # only events whose actors the text names (no implied place, domestic or focus roles)
        if clusters:
            clauses.append("EXISTS (SELECT 1 FROM events x WHERE x.cluster_id = c.cluster_id AND "
                           f"{_NAMED.format(x='x')})")
        else:
            clauses.append(_NAMED.format(x=a))
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def _escape_like(word: str) -> str:
    return word.replace("\\", "").replace("%", "").replace("_", " ").strip() or word


# --- GDELT -------------------------------------------------------------------------------------------------------

_GDELT_GEO_TYPE = {"country": 1, "country-fallback": 1, "admin1": 5, "city": 4}


def _gdelt_row(c: dict[str, Any]) -> list[Any]:
    """One GDELT 2.0 event row for a cluster: what we have, empty where we have nothing. Actor country codes are
    ISO alpha-3 (as CAMEO's are, mostly); geographic country and ADM codes are FIPS in GDELT and left empty."""
    date = dt.date.fromisoformat(c["date"]) if c["date"] else None
    fraction = round(date.year + ((date.month - 1) * 30 + date.day) / 365, 4) if date else None
    row: list[Any] = [c["cluster_id"], date.strftime("%Y%m%d") if date else None,
                      date.strftime("%Y%m") if date else None, date.year if date else None, fraction]
    for role in ("source", "target"):
        actor = c[role] or {}
        row += [actor.get("code"), (actor.get("name") or "").upper() or None, actor.get("country"),
                actor.get("org"), None, None, None, actor.get("sector"), None, None]
    cameo = c["cameo"] or ""
    row += [1 if c["in_lead"] else 0, cameo, cameo[:3], c["cameo_root"], c["quad_class"], c["goldstein"],
            c["n_mentions"], c["n_sources"], c["n_articles"], None]
    row += [None] * 16  # Actor1Geo_*, Actor2Geo_*: we locate events, not actors
    loc = c["location"] or {}
    if loc:
        row += [_GDELT_GEO_TYPE.get(loc.get("precision", ""), 1), loc.get("name"), None, None, None,
                loc.get("lat"), loc.get("lon"), None]
    else:
        row += [None] * 8
    added = c["created_at"] or ""
    row += [re.sub(r"\D", "", added)[:14] or None, c["first_url"]]
    assert len(row) == len(GDELT_COLUMNS)
    return row


def _gdelt_field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value).replace("\t", " ").replace("\n", " ")

