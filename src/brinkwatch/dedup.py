"""Deduplication: near-duplicate articles (MinHash) and the rules that merge events across articles into clusters.

Articles. A wire story republished by ten outlets is one report, not ten. Every article gets a MinHash signature
(``NUM_PERM`` = 128 permutations) of its word 5-shingles (lowercased words, five in a row). Two articles are near
duplicates when the signatures estimate a Jaccard similarity of at least the threshold, 0.8 by default (setting
``near_duplicate_threshold``). What that means on the sample wire stories (see tests/test_dedup.py): a copy with a
new dateline, byline and a few edited words scores ~0.95 and is a duplicate; for pure additions or cuts the
similarity is the shorter text's share of the longer one, so a story extended or trimmed by more than a fifth
(an update with new paragraphs, a copy cut to length) scores below 0.8 and is coded, and its events join the same
event clusters as the original's; two different stories score ~0. Texts with fewer than ``MIN_WORDS`` words have
no signature and are only deduplicated when identical. Candidates are found with locality-sensitive hashing
(datasketch ``MinHashLSH``: 16 bands of 8 rows, tuned so that ~95% of pairs at the threshold become candidates),
then checked on the signatures.
The band hashes are stored with each article, so the store finds copies of articles from earlier runs without
loading every signature into memory.

Events. An event coded from one article joins an existing event cluster when it has the same dyad (source and
target actor codes), the same CAMEO root and a compatible date. A date is an interval that depends on its
precision (a day; the seven days of a week; a calendar month; a calendar year), and two dates are compatible when
the intervals overlap, with one day of tolerance for time zones and "overnight" reporting. When several clusters
fit, the event joins the one of the same date precision, then the nearest date. Events without a date never merge.
A cluster's date is that of its most precise mention; its counts (mentions, articles, distinct sources, first and
last seen) are recomputed from its mentions whenever an article adds to it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import SettingsError

__all__ = [
    "DEFAULT_THRESHOLD",
    "NUM_PERM",
    "ClusterCandidate",
    "ClusterMention",
    "ClusterSummary",
    "NearDuplicateIndex",
    "choose_cluster",
    "cluster_id_for",
    "date_interval",
    "dyad_key",
    "estimate_similarity",
    "signature",
    "signature_from_bytes",
    "signature_to_bytes",
    "summarize_cluster",
]

NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # stored signatures depend on it: datasketch >= 2.0's default, named so it cannot drift
SHINGLE_WORDS = 5
MIN_WORDS = 12
DEFAULT_THRESHOLD = 0.8
TOLERANCE_DAYS = 1
_LSH_WEIGHTS = (0.05, 0.95)  # false positives are cheap (checked on the signature), false negatives are not
_KNOWN_PARAMS = {0.8: (16, 8)}
_WORD = re.compile(r"\w+", re.UNICODE)
PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
LOCATION_RANK = {"city": 0, "admin1": 1, "country": 2, "country-fallback": 3}


# --- near-duplicate articles -------------------------------------------------------------------------------------


def _shingles(text: str) -> list[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return []
    return list({" ".join(words[i:i + SHINGLE_WORDS]).encode("utf-8")
                 for i in range(len(words) - SHINGLE_WORDS + 1)})


def signature(text: str) -> np.ndarray | None:
    """MinHash signature (``NUM_PERM`` uint32 values) of ``text``'s word 5-shingles; None for very short texts."""
    from datasketch import MinHash

    shingles = _shingles(text)
    if not shingles:
        return None
    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(shingles)
    return np.asarray(mh.hashvalues, dtype=np.uint32)


def signature_to_bytes(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


def estimate_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


@functools.cache
def lsh_params(threshold: float) -> tuple[int, int]:
    """(bands, rows) of the LSH index for ``threshold`` (datasketch's optimisation takes a second: the default's
    result is kept in ``_KNOWN_PARAMS``, checked against datasketch by the tests)."""
    from datasketch import MinHashLSH

    if threshold in _KNOWN_PARAMS:
        return _KNOWN_PARAMS[threshold]
    lsh = MinHashLSH(threshold=min(threshold, 0.99), num_perm=NUM_PERM, weights=_LSH_WEIGHTS)
    return lsh.b, lsh.r


def check_threshold(threshold: float) -> float:
    if not 0.0 < threshold <= 1.0:
        raise SettingsError(f"near_duplicate_threshold={threshold} must be above 0 and at most 1 (default 0.8)")
    return threshold


class NearDuplicateIndex:
    """An in-memory LSH index of signatures (datasketch ``MinHashLSH``) plus the band hashes the store keeps."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = check_threshold(threshold)
        self._lsh = MinHashLSH(threshold=min(threshold, 0.99), num_perm=NUM_PERM, params=lsh_params(threshold))
        self._signatures: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: str, sig: np.ndarray) -> None:
        from datasketch import MinHash

        if key in self._signatures:
            return
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=sig, scheme=SCHEME)
        self._lsh.insert(key, minhash, check_duplication=False)
        self._signatures[key] = sig

    def remove(self, key: str) -> None:
        if self._signatures.pop(key, None) is not None:
            self._lsh.remove(key)

    def candidates(self, sig: np.ndarray) -> dict[str, np.ndarray]:
        from datasketch import MinHash

        if not self._signatures:
            return {}
        found = self._lsh.query(MinHash(num_perm=NUM_PERM, seed=SEED, hashvalues=sig, scheme=SCHEME))
        return {key: self._signatures[key] for key in found}

    def buckets(self, sig: np.ndarray) -> list[int]:
        """One signed 64-bit hash per LSH band: articles that share a bucket are candidates."""
        out = []
        for band, (start, end) in enumerate(self._lsh.hashranges):
            digest = hashlib.blake2b(bytes([band]) + np.asarray(sig[start:end], dtype="<u4").tobytes(),
                                     digest_size=8).digest()
            out.append(int.from_bytes(digest, "little", signed=True))
        return out

    def best_match(self, sig: np.ndarray, candidates: dict[str, np.ndarray]) -> tuple[str, float] | None:
        """The most similar candidate at or above the threshold (ties: the smallest key), or None."""
        scored = [(estimate_similarity(sig, other), key) for key, other in candidates.items()]
        scored = [(s, k) for s, k in scored if s >= self.threshold]
        if not scored:
            return None
        score, key = min(scored, key=lambda x: (-x[0], x[1]))
        return key, score


# --- event clusters ----------------------------------------------------------------------------------------------


def dyad_key(source_code: str | None, target_code: str | None, cameo_root: str) -> str:
    """The clustering key: source and target actor codes and the CAMEO root ('' for a missing actor)."""
    return f"{source_code or ''}|{target_code or ''}|{cameo_root}"


def date_interval(date: dt.date, precision: str | None) -> tuple[dt.date, dt.date]:
    """The days a date of this precision can mean: the day, the week from it, its month or its year."""
    if precision == "week":
        return date, date + dt.timedelta(days=6)
    if precision == "month":
        return date.replace(day=1), date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == "year":
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    return date, date


@dataclass(frozen=True, slots=True)
class ClusterCandidate:
    cluster_id: int
    date: dt.date
    precision: str
    lo: dt.date
    hi: dt.date


def choose_cluster(date: dt.date, precision: str, candidates: Iterable[ClusterCandidate]) -> ClusterCandidate | None:
    """The cluster an event dated ``date`` (of ``precision``) joins among same-dyad, same-root candidates."""
    lo, hi = date_interval(date, precision)
    tol = dt.timedelta(days=TOLERANCE_DAYS)
    fits = [c for c in candidates if lo - tol <= c.hi and c.lo <= hi + tol]
    if not fits:
        return None
    rank = PRECISION_RANK.get(precision, 0)
    return min(fits, key=lambda c: (abs(PRECISION_RANK.get(c.precision, 0) - rank), abs((c.date - date).days),
                                    c.cluster_id))


def cluster_id_for(event_id: str) -> int:
    """A stable positive 63-bit id for the cluster founded by ``event_id`` (GDELT tools expect integer ids)."""
    return int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:8], "big") >> 1


@dataclass(frozen=True, slots=True)
class ClusterMention:
    """One event of a cluster, with what the cluster's counts need from its article."""

    event_id: str
    article_id: str
    seq: int  # the article's ingest order
    ordinal: int  # the event's order in its article
    cameo: str
    quad_class: int
    goldstein: float
    confidence: float
    date: dt.date | None
    precision: str | None
    published: dt.date | None
    outlet: str | None  # the article's source, else its URL's host
    url: str | None
    in_lead: bool
    location: dict[str, Any] | None
    source: dict[str, Any] | None  # actor fields: code, name, country, sector, org, kb_id
    target: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    cluster_id: int
    key: str
    representative: ClusterMention
    cameo: str
    quad_class: int
    goldstein: float
    date: dt.date | None
    precision: str | None
    lo: dt.date | None
    hi: dt.date | None
    location: dict[str, Any] | None
    n_mentions: int
    n_articles: int
    n_sources: int
    first_seen: dt.date | None
    last_seen: dt.date | None
    first_url: str | None
    in_lead: bool


def _rep_order(m: ClusterMention) -> tuple[Any, ...]:
    return (PRECISION_RANK.get(m.precision or "", 9), -m.confidence, m.seq, m.ordinal)


def summarize_cluster(cluster_id: int, key: str, mentions: Sequence[ClusterMention]) -> ClusterSummary:
    """Counts and representative fields of a cluster, from all its mentions (order does not matter)."""
    if not mentions:
        raise ValueError("a cluster has at least one mention")
    ordered = sorted(mentions, key=_rep_order)
    rep = ordered[0]
    counts = Counter(m.cameo for m in mentions)
    cameo = min(counts, key=lambda c: (-counts[c], -len(c), c))
    coded = next(m for m in ordered if m.cameo == cameo)
    located = [m for m in ordered if m.location]
    location = min(located, key=lambda m: LOCATION_RANK.get(m.location.get("precision", ""), 9)).location \
        if located else None  # type: ignore[union-attr]
    seen = [m.published or m.date for m in mentions if (m.published or m.date) is not None]
    first = min(mentions, key=lambda m: (m.published or dt.date.max, m.seq, m.ordinal))
    lo, hi = date_interval(rep.date, rep.precision) if rep.date else (None, None)
    return ClusterSummary(
        cluster_id=cluster_id,
        key=key,
        representative=rep,
        cameo=cameo,
        quad_class=coded.quad_class,
        goldstein=coded.goldstein,
        date=rep.date,
        precision=rep.precision,
        lo=lo,
        hi=hi,
        location=location,
        n_mentions=len(mentions),
        n_articles=len({m.article_id for m in mentions}),
        n_sources=len({m.outlet or "(unknown)" for m in mentions}),
        first_seen=min(seen) if seen else None,  # type: ignore[type-var]
        last_seen=max(seen) if seen else None,  # type: ignore[type-var]
        first_url=first.url,
        in_lead=any(m.in_lead for m in mentions),
    )
