"""Resolve-places stage: where an event happened.

A place is a toponym attached to the event in the parse: the object of a locative preposition (in, at, near, ...)
under the event's trigger or event noun, resolved against the knowledge base's countries, capitals and cities. When
the event has no attached place but its sentence names one, the country of that place is given with precision
``country-fallback``, so a user can tell a located event from a guessed country.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .actors import PLACE_KINDS, TOWN_KINDS, DocumentActors, Entry
from .models import Location

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["event_location"]

_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "across", "around", "throughout", "within",
                       "along", "on", "into", "over", "off"})


def _location(entry: Entry, text: str, actors: DocumentActors, precision: str | None = None) -> Location:
    if entry.kind == "country":
        return Location(text=text, name=entry.name, country=entry.country, precision="country",
                        lat=entry.lat, lon=entry.lon)
    country = actors.kb.countries.get(entry.country or "", {})
    return Location(text=text, name=entry.name, country=entry.country,
                    precision=precision or ("admin1" if entry.kind == "region" else "city"),  # type: ignore[arg-type]
                    admin1=entry.admin1 or (entry.name if entry.kind == "capital" else None),
                    lat=entry.lat if entry.lat is not None else country.get("lat"),
                    lon=entry.lon if entry.lon is not None else country.get("lon"))


def _place_under(tok: Token, actors: DocumentActors) -> tuple[Entry, str] | None:
    for child in tok.children:
        if child.dep_ != "prep" or child.lower_ not in _LOCATIVE:
            continue
        # "outside of the governor's office in Mosul": spaCy hangs the place under "of", below the locative preposition
        kids = list(child.children)
        objects = [o for c in kids if c.dep_ == "prep" and c.lower_ == "of" for o in c.children] or kids
        for pobj in objects:
            if pobj.dep_ != "pobj":
                continue
            for t in [pobj, *pobj.subtree]:
                match = actors.by_token.get(t.i)
                if match and match.entries and match.best.kind in PLACE_KINDS:
                    span = actors.doc[match.start:match.end]
                    return match.best, span.text
    return None


def event_location(trigger: Token, noun: Token | None, sent: Span, actors: DocumentActors,
                   exclude: tuple[tuple[int, int], ...] = ()) -> Location | None:
    """The place of the event at ``trigger``, or a labelled country-level fallback, or None."""
    # ... and last under the subject: "an air strike on a school bus in Dahyan killed dozens of children"
    subjects = [c for c in trigger.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"] if noun is None else []
    for tok in (noun, trigger, *subjects):
        if tok is None:
            continue
        found = _place_under(tok, actors)
        if found:
            return _location(found[0], found[1], actors)
    for match in actors.matches:
        if match.start < sent.start or match.end > sent.end or not match.entries:
            continue
        if any(match.start >= a and match.end <= b for a, b in exclude):
            continue
        if match.best.kind in TOWN_KINDS:
            entry = match.best
            country = actors.kb.countries.get(entry.country or "", {})
            return Location(text=actors.doc[match.start:match.end].text, name=country.get("name", entry.name),
                            country=entry.country, precision="country-fallback",
                            lat=country.get("lat"), lon=country.get("lon"))
    return None
