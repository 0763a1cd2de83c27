"""Ingest into the event store: what to code, what to skip, and writing results in order, in whole-article
transactions. ``Pipeline.ingest`` wires it to the coding stages; this module decides, the store writes.

Before any parsing, each article read is
- skipped when the store already has it (identity: its canonical URL, else the sha256 of its whitespace-normalised
  text), or when this run has already seen it;
- recorded as a duplicate, not coded, when its text is identical or near-identical (MinHash, see ``dedup.py``) to
  an article already stored or admitted earlier in the run;
- otherwise sent on to be coded.
Results are written in input order: a coded article with its events, cluster updates and actor counts; a skipped
one (not English, no text) with its reason; a duplicate with the article it copies. Writes are grouped into
transactions of whole articles, committed at least every ``commit_seconds`` (and every ``max_batch`` articles), so a
killed run loses at most that much work and leaves nothing half-written; the rerun skips what was committed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from . import dedup
from .fetch import canonical_url
from .models import Article, Failure, Skip
from .store import ArticleEntry, Store

if TYPE_CHECKING:
    from .fetch import Fetcher
    from .pipeline import ArticleResult
    from .settings import Settings

__all__ = ["IngestSummary", "Ingestor", "article_identity", "read_for_store"]

Notify = Callable[[str, str, str], None]  # (kind, input or article, message): kind in stored/duplicate/skipped/failed
_GATE_CHUNK = 32
_DETECTED = re.compile(r"detected (\w+)")


def content_hash(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def article_identity(article: Article) -> tuple[str, str, str | None, str]:
    """(article_id, identity, canonical URL, content hash): the URL identifies an article when it has one."""
    digest = content_hash(article.text)
    url = canonical_url(article.url) if article.url and article.url.lower().startswith(("http://", "https://")) \
        else None
    identity = f"url:{url}" if url else f"sha256:{digest}"
    return _article_id(identity), identity, url, digest


def _article_id(identity: str) -> str:
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]


def url_article_id(url: str) -> str:
    return _article_id(f"url:{canonical_url(url)}")


def outlet(article: Article) -> str | None:
    if article.source and article.source.strip():
        return article.source.strip()
    if article.url:
        host = (urlsplit(article.url).hostname or "").lower()
        return (host[4:] if host.startswith("www.") else host) or None
    return None


def lead_end(article: Article) -> int:
    """End offset of the lead paragraph of a cleaned text (the first paragraph that is not the title)."""
    text = article.text
    pos = 0
    while pos < len(text):
        end = text.find("\n\n", pos)
        end = len(text) if end < 0 else end
        paragraph = text[pos:end].strip()
        if paragraph and not (article.title and paragraph == article.title.strip()):
            return end
        pos = end + 2
    return len(text)


def read_for_store(inputs: Iterable[str], store: Store, settings: Settings, *, default_date: dt.date | None = None,
                   fetcher: Fetcher | None = None, conditional: bool = False
                   ) -> Iterator[Article | Failure | Skip]:
    """``read_inputs`` for an ingest: URLs already in ``store`` are not fetched again."""
    from .fetch import Fetcher
    from .ingest import read_inputs

    known = store.known_articles

    def is_known(url: str) -> bool:
        article_id = url_article_id(url)
        return article_id in known([article_id])

    return read_inputs(inputs, default_date=default_date, max_bytes=settings.max_input_bytes,
                       fetcher=fetcher or Fetcher.from_settings(settings), known=is_known, conditional=conditional)


@dataclass
class IngestSummary:
    """Counts of an ingest run, for the closing lines, the progress bar and the store's run log."""

    read: int = 0
    stored: int = 0
    events: int = 0
    new_clusters: int = 0
    updated_clusters: int = 0
    already: int = 0
    duplicates: int = 0
    non_english: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    gate_seconds: float = 0.0  # identity and near-duplicate checks
    write_seconds: float = 0.0  # store transactions
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    interrupted: bool = False

    processed: int = 0  # articles dealt with so far (coded, skipped, duplicate, already stored, failed coding)

    @property
    def done(self) -> int:
        return self.processed

    @property
    def seconds(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def exit_code(self) -> int:
        return 1 if self.failures else 0

    def counts(self) -> dict[str, Any]:
        return {"read": self.read, "stored": self.stored, "events": self.events,
                "new_clusters": self.new_clusters, "updated_clusters": self.updated_clusters,
                "already_stored": self.already, "duplicates": self.duplicates,
                "non_english": dict(self.non_english), "skipped": dict(self.skipped),
                "failed": len(self.failures), "seconds": round(self.seconds, 2), "interrupted": self.interrupted,
                "gate_seconds": round(self.gate_seconds, 2), "write_seconds": round(self.write_seconds, 2)}

    def render(self, where: str = "the store") -> str:
        lines = [f"Ingested {self.stored} new article(s) into {where}: {self.events} event(s); "
                 f"{self.new_clusters} new event cluster(s), {self.updated_clusters} updated."]
        lines.append(f"  already in the store: {self.already}")
        lines.append(f"  skipped as duplicate: {self.duplicates}")
        langs = ", ".join(f"{k} {n}" for k, n in sorted(self.non_english.items()))
        lines.append(f"  skipped as non-English: {sum(self.non_english.values())}" + (f" ({langs})" if langs else ""))
        for reason, n in sorted(self.skipped.items()):
            lines.append(f"  skipped, {reason}: {n}")
        if self.failures:
            lines.append(f"  failed: {len(self.failures)} (exit code 1)")
            for failure in self.failures[:20]:
                lines.append(f"    {failure.input}: {failure.message}")
            if len(self.failures) > 20:
                lines.append(f"    ... and {len(self.failures) - 20} more (see the runs and failures tables)")
        else:
            lines.append("  failed: 0")
        seconds = max(self.seconds, 1e-9)
        lines.append(f"  {self.done} article(s) in {self.seconds:.1f} s: {self.done / seconds:.1f} articles/s, "
                     f"{self.events / seconds:.1f} events/s" + ("; interrupted" if self.interrupted else ""))
        return "\n".join(lines)


@dataclass
class _Pending:
    entry: ArticleEntry
    coded: bool  # waiting for a coding result; else ready to write (a duplicate)


class Ingestor:
    """Gate articles before coding (``admit``), take the coding results in order (``record``), write them."""

    def __init__(self, store: Store, settings: Settings, versions: dict[str, str], *, command: str = "",
                 notify: Notify | None = None, on_progress: Callable[[IngestSummary], None] | None = None,
                 commit_seconds: float | None = None, max_batch: int = 64) -> None:
        self.store = store
        self.versions = dict(versions)
        self.summary = IngestSummary()
        self.notify = notify or (lambda kind, name, message: None)
        self.on_progress = on_progress or (lambda summary: None)
        self.commit_seconds = settings.commit_seconds if commit_seconds is None else commit_seconds
        self.max_batch = max(1, max_batch)
        self.index = dedup.NearDuplicateIndex(settings.near_duplicate_threshold)
        self.run_id = store.begin_run(command, self.versions)
        self._pending: deque[_Pending] = deque()
        self._buffer: list[ArticleEntry] = []
        self._buffer_since: float | None = None
        self._seen_ids: set[str] = set()  # admitted or recorded in this run
        self._hashes: dict[str, str] = {}  # content hash -> article id, this run
        self._unwritten: set[str] = set()  # admitted but not yet committed
        self._failed: dict[str, str] = {}  # article id -> failure message

    # -- before coding --------------------------------------------------------------------------------------------

    def admit(self, items: Iterable[Article | Failure | Skip]) -> Iterator[Article]:
        """The articles to code, in order; everything else is counted, recorded or reported here."""
        chunk: list[Article | Failure | Skip] = []
        for item in items:
            chunk.append(item)
            if len(chunk) >= _GATE_CHUNK:
                yield from self._admit_chunk(chunk)
                chunk = []
        if chunk:
            yield from self._admit_chunk(chunk)

    def _admit_chunk(self, chunk: list[Article | Failure | Skip]) -> list[Article]:
        started = time.perf_counter()
        try:
            return self._decide(chunk)
        finally:
            self.summary.gate_seconds += time.perf_counter() - started

    def _decide(self, chunk: list[Article | Failure | Skip]) -> list[Article]:
        # Decide for the whole chunk before yielding any article: writes happen between yields, and the
        # decisions below rely on the store and the in-memory index not changing under them.
        prepared = []
        for item in chunk:
            if isinstance(item, Failure):
                self._fail(item.input, item.message)
                continue
            if isinstance(item, Skip):
                if item.reason == "already in the store":
                    self.summary.already += 1
                    self.summary.processed += 1
                else:
                    self.summary.skipped[item.reason] += 1
                continue
            self.summary.read += 1
            article_id, identity, url, digest = article_identity(item)
            prepared.append((item, article_id, identity, url, digest))
        known = self.store.known_articles(p[1] for p in prepared)
        # no signature for what is already stored: a rerun stays cheap
        prepared = [(*p, *(self._signature(p[0]) if p[1] not in known and p[1] not in self._seen_ids
                           else (None, ()))) for p in prepared]
        by_content = self.store.articles_by_content(p[4] for p in prepared)
        stored_sigs = self.store.signatures_in_buckets(b for p in prepared for b in p[6])
        admitted: list[Article] = []
        for article, article_id, identity, url, digest, sig, buckets in prepared:
            if article_id in known or article_id in self._seen_ids:
                self.summary.already += 1
                self.summary.processed += 1
                self.on_progress(self.summary)
                continue
            self._seen_ids.add(article_id)
            entry = ArticleEntry(article_id=article_id, identity=identity, article=article, status="coded",
                                 content_hash=digest, canonical_url=url, outlet=outlet(article),
                                 signature=dedup.signature_to_bytes(sig) if sig is not None else None,
                                 buckets=buckets, run_id=self.run_id, versions=self.versions)
            original = by_content.get(digest) or self._hashes.get(digest)
            similarity = 1.0
            if original is None and sig is not None:
                candidates = dict(stored_sigs)
                candidates.update(self.index.candidates(sig))
                match = self.index.best_match(sig, candidates)
                if match is not None:
                    original, similarity = match
            if original is not None:
                entry = dataclasses.replace(entry, status="duplicate", duplicate_of=original,
                                            similarity=round(similarity, 3),
                                            reason=f"copy of {original} (similarity {similarity:.2f})")
                self._pending.append(_Pending(entry, coded=False))
                continue
            self._hashes.setdefault(digest, article_id)
            if sig is not None:
                self.index.add(article_id, sig)
            self._unwritten.add(article_id)
            self._pending.append(_Pending(entry, coded=True))
            admitted.append(article)
        return admitted

    def _signature(self, article: Article) -> tuple[Any, tuple[int, ...]]:
        sig = dedup.signature(article.text)
        return sig, (tuple(self.index.buckets(sig)) if sig is not None else ())

    # -- after coding ---------------------------------------------------------------------------------------------

    def record(self, result: ArticleResult | Skip | Failure) -> None:
        """Take the coding result of the next admitted article."""
        self._flush_ready()
        pending = self._pending.popleft()
        assert pending.coded, "results arrive in the order articles were admitted"
        entry = pending.entry
        self.summary.processed += 1
        if isinstance(result, Failure):
            self._drop(entry.article_id)
            self._failed[entry.article_id] = result.message
            self._fail(result.input, result.message)
        elif isinstance(result, Skip):
            language = _DETECTED.search(result.reason)
            if result.reason.startswith("not English"):
                self.summary.non_english[language[1] if language else "?"] += 1
            else:
                self.summary.skipped[result.reason] += 1
            self._buffer_entry(dataclasses.replace(entry, status="skipped", reason=result.reason,
                                                   language=language[1] if language else None))
        else:
            self._buffer_entry(dataclasses.replace(entry, article=result.article, result=result,
                                                   lead_end=lead_end(result.article),
                                                   language=result.article.language))
        self._flush_ready()
        self.on_progress(self.summary)

    def finish(self, *, interrupted: bool = False) -> IngestSummary:
        """Write what is left (on an interruption too: whatever was coded is kept) and close the run."""
        if not interrupted:
            self._flush_ready(final=True)
        self.flush()
        self.summary.interrupted = interrupted
        self.summary.finished = time.monotonic()
        self.store.add_failures(self.run_id, ((f.input, f.message) for f in self.summary.failures))
        self.store.finish_run(self.run_id, self.summary.counts())
        self.on_progress(self.summary)
        return self.summary

    def _flush_ready(self, *, final: bool = False) -> None:
        """Move duplicates at the head of the queue (their original is written or failed) to the write buffer."""
        while self._pending and not self._pending[0].coded:
            entry = self._pending.popleft().entry
            if entry.duplicate_of in self._failed:
                self._fail(entry.article.origin or entry.article.id,
                           f"copy of an article that failed ({self._failed[entry.duplicate_of]})")
                continue
            self.summary.duplicates += 1
            self.summary.processed += 1
            self._buffer_entry(entry)
        if final:
            assert not self._pending, "every admitted article has a result"

    def _buffer_entry(self, entry: ArticleEntry) -> None:
        self._buffer.append(entry)
        if self._buffer_since is None:
            self._buffer_since = time.monotonic()
        if len(self._buffer) >= self.max_batch or time.monotonic() - self._buffer_since >= self.commit_seconds:
            self.flush()

    def flush(self) -> None:
        """Commit the buffered articles (one transaction)."""
        if not self._buffer:
            return
        entries, self._buffer, self._buffer_since = self._buffer, [], None
        started = time.perf_counter()
        stats = self.store.write(entries)
        self.summary.write_seconds += time.perf_counter() - started
        self.summary.new_clusters += stats.new_clusters
        self.summary.updated_clusters += stats.updated_clusters
        for entry in entries:
            self._drop(entry.article_id)
            if entry.status == "coded":
                self.summary.stored += 1
                n = len(entry.result.events) if entry.result else 0
                self.summary.events += n
                self.notify("stored", entry.article.id, f"{n} event(s)")
            else:
                self.notify(entry.status, entry.article.id, entry.reason or "")

    def _drop(self, article_id: str) -> None:
        self._unwritten.discard(article_id)
        self.index.remove(article_id)

    def _fail(self, name: str, message: str) -> None:
        failure = Failure(name, message)
        self.summary.failures.append(failure)
        self.notify("failed", name, message)
