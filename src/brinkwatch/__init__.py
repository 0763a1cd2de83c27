"""Brinkwatch: turn news into trustworthy, traceable political event data for conflict early warning.

The small public API::

    from brinkwatch import Pipeline, code_text
    events = code_text("Germany's president telephoned Kazakhstan's president on Monday.", date="2022-03-14")

    from brinkwatch import open_store
    with open_store("brinkwatch.duckdb", read_only=True) as store:
        fights = store.clusters(dyad="RUS,UKR", root=19, since="2024-01-01").pandas()
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BrinkwatchError
from .models import Actor, Article, Event, Failure, Mention, Skip

if TYPE_CHECKING:
    from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "BrinkwatchError",
    "Event",
    "Failure",
    "Mention",
    "Pipeline",
    "Skip",
    "__version__",
    "code_text",
    "open_store",
]


def __getattr__(name: str) -> object:
    # Pipeline pulls in spaCy; import it lazily so `import brinkwatch` stays fast.
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the event store (DuckDB) at ``path`` (default: the ``db`` setting, ``brinkwatch.duckdb``), creating or
    upgrading it; ``store.clusters(dyad="RUS,UKR")``, ``store.events(root=19).pandas()``, ``store.stats()``."""
    from .store import open_store as _open

    return _open(path, read_only=read_only)


def code_text(text: str, date: str | dt.date | None = None, *, doc_id: str = "text") -> list[Event]:
    """Code one text and return its events (loads the model on first use)."""
    from .ingest import parse_date
    from .pipeline import Pipeline

    day = parse_date(date)
    if date is not None and day is None:
        raise BrinkwatchError(f"date {date!r} is not a date YYYY-MM-DD")
    result = Pipeline().process(Article(id=doc_id, text=text, date=day))
    return list(getattr(result, "events", ()))
