"""Hand-built records for store and dedup tests (no spaCy needed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from brinkwatch.models import Actor, Article, DateInfo, Event, Location, Mention, Sentence


def mention(code: str | None, text: str | None = None, *, kb_id: str | None = None, country: str | None = None,
            sector: str | None = None) -> Mention:
    actor = Actor(code=code, country=country or (code[:3] if code else None), sector=sector, name=text or code,
                  kb_id=kb_id or (f"country:{code[:3]}" if code else None)) if code else None
    return Mention(text=text or code or "someone", start=0, end=5, token_start=0, token_end=1, actor=actor,
                   layer="exact" if actor else "unresolved", confidence=0.9 if actor else 0.0)


def event(doc_id: str = "doc", *, source: str | None = "RUSMIL", target: str | None = "UKR", cameo: str = "190",
          date: dt.date | None = dt.date(2024, 5, 6), precision: str = "day",
          sentence: str = "Russia attacked Ukraine.", index: int = 0, char_start: int = 0, confidence: float = 0.8,
          location: Location | None = None,
          **extra: Any) -> Event:
    return Event(
        doc_id=doc_id, sentence_index=index, sentence=sentence, char_start=char_start,
        char_end=char_start + len(sentence),
        date=DateInfo(date, precision, text=None, basis="publication") if date else None,  # type: ignore[arg-type]
        source=mention(source) if source else None, target=mention(target) if target else None,
        cameo=cameo, cameo_root=cameo[:2], plover="ASSAULT", plover_mode=None, plover_context=None,
        quad_class=4 if cameo[:2] >= "14" else 1, goldstein=-10.0, confidence=confidence, trigger="attacked",
        pattern_id="p-attack", versions={"kb": "1", "lexicon": "1", "model": "m"}, location=location, **extra,
    )


def result(article: Article, events: list[Event]):
    from brinkwatch.pipeline import ArticleResult

    sentences = tuple(Sentence(e.sentence_index, e.sentence, e.char_start, e.char_end) for e in events)
    mentions = tuple(m for e in events for m in (e.source, e.target) if m is not None)
    return ArticleResult(article, sentences, mentions, tuple(events))


def article(doc_id: str, *, url: str | None = None, source: str | None = None, text: str | None = None,
            date: dt.date | None = dt.date(2024, 5, 6), title: str | None = None) -> Article:
    return Article(id=doc_id, text=text or f"Text of {doc_id}. Russia attacked Ukraine.", date=date, url=url,
                   source=source, title=title, language="en", origin=doc_id)


def entry(art: Article, events: list[Event] | None = None, *, status: str = "coded", run_id: str = "r"):
    from brinkwatch.ingestion import article_identity, outlet
    from brinkwatch.store import ArticleEntry

    article_id, identity, url, digest = article_identity(art)
    return ArticleEntry(article_id=article_id, identity=identity, article=art, status=status, content_hash=digest,
                        canonical_url=url, outlet=outlet(art), result=result(art, events or []) if status == "coded"
                        else None, run_id=run_id, lead_end=10_000)
