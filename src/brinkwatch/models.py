"""Typed records passed between the pipeline stages.

Every record is a frozen dataclass: a stage never mutates what an earlier stage produced, it returns new records.
`Event.to_dict()` is the public JSON Lines contract documented in the README.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "Actor",
    "Article",
    "DateInfo",
    "Event",
    "Failure",
    "Location",
    "Mention",
    "Quote",
    "Sentence",
    "Skip",
]

Precision = Literal["day", "week", "month", "year"]


@dataclass(frozen=True, slots=True)
class Article:
    """One input document, as read (``text``) and, after the clean stage, as cleaned (``text`` replaced)."""

    id: str
    text: str
    date: dt.date | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    origin: str = ""  # the input (file path, "stdin", "file.jsonl:12") it came from
    language: str | None = None
    removed_lines: tuple[str, ...] = ()  # page chrome dropped by the clean stage, kept for provenance


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read or processed: `message` is one line that names it and says what is wrong."""

    input: str
    message: str


@dataclass(frozen=True, slots=True)
class Skip:
    """An article deliberately not coded (not an error): e.g. not English, no text after cleaning."""

    article_id: str
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor, as resolved on a given date (a person's sector depends on the office held that day)."""

    code: str | None  # CAMEO actor code: KAZGOV, RUSMIL, IGOCSTO
    country: str | None = None  # ISO-3166 alpha-3
    sector: str | None = None  # CAMEO sector: GOV, MIL, ...
    org: str | None = None  # organisation acronym: UN, NATO, CSTO
    name: str | None = None  # canonical name
    kb_id: str | None = None  # knowledge-base id

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
            "org": self.org,
            "name": self.name,
            "kb_id": self.kb_id,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the cleaned text that names an actor (or tried to and was left unresolved).

    ``start``/``end`` are character offsets in the cleaned article text; ``token_start``/``token_end`` are token
    offsets in the spaCy doc. ``layer`` says which resolver layer matched (exact, normalised, fuzzy, context,
    metonymy, agent, composed) and ``confidence`` how sure it is; an unresolved mention has ``actor=None``.
    """

    text: str
    start: int
    end: int
    token_start: int
    token_end: int
    actor: Actor | None
    layer: str
    confidence: float
    head: int = -1  # token index of the phrase head this mention describes

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        data.update(self.actor.to_dict() if self.actor else Actor(code=None).to_dict())
        data["layer"] = self.layer
        data["confidence"] = round(self.confidence, 3)
        return data


@dataclass(frozen=True, slots=True)
class DateInfo:
    date: dt.date
    precision: Precision
    text: str | None = None  # the expression it was read from; None when it is the publication date
    basis: str = "publication"  # publication | expression | input


@dataclass(frozen=True, slots=True)
class Location:
    text: str
    name: str
    country: str | None
    precision: Literal["city", "admin1", "country", "country-fallback"]
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "admin1": self.admin1,
            "lat": self.lat,
            "lon": self.lon,
            "precision": self.precision,
        }


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: Mention | None
    text: str
    cue: str
    kind: Literal["direct", "reported"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "text": self.text,
            "cue": self.cue,
            "kind": self.kind,
        }


@dataclass(frozen=True, slots=True)
class Event:
    """A coded event, tied to the sentence and article that prove it."""

    doc_id: str
    sentence_index: int
    sentence: str
    char_start: int
    char_end: int
    date: DateInfo | None  # None when neither the article nor the text gives a date
    source: Mention | None
    target: Mention | None
    cameo: str
    cameo_root: str
    plover: str | None
    plover_mode: str | None
    plover_context: str | None
    quad_class: int
    goldstein: float
    confidence: float
    trigger: str  # the words that triggered the event ("telephoned")
    pattern_id: str  # the lexicon pattern that matched: the answer to "why was this coded?"
    versions: dict[str, str] = field(default_factory=dict)
    location: Location | None = None
    quote: Quote | None = None
    modality: str = "asserted"  # asserted | intent | threat | refused
    clause_depth: int = 0  # 0: the event is the sentence's main clause; more: embedded (reported, subordinate)

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "date": self.date.date.isoformat() if self.date else None,
            "date_precision": self.date.precision if self.date else None,
            "date_text": self.date.text if self.date else None,
            "source": _mention_dict(self.source),
            "target": _mention_dict(self.target),
            "cameo": self.cameo,
            "cameo_root": self.cameo_root,
            "plover": self.plover,
            "plover_mode": self.plover_mode,
            "plover_context": self.plover_context,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "confidence": round(self.confidence, 3),
            "trigger": self.trigger,
            "pattern": self.pattern_id,
            "modality": self.modality,
            "clause_depth": self.clause_depth,
            "location": self.location.to_dict() if self.location else None,
            "quote": self.quote.to_dict() if self.quote else None,
            "versions": dict(self.versions),
        }


def _mention_dict(mention: Mention | None) -> dict[str, Any] | None:
    if mention is None:
        return None
    data = mention.to_dict()
    return {k: data[k] for k in ("text", "code", "country", "sector", "org", "name", "kb_id", "layer", "confidence")}
