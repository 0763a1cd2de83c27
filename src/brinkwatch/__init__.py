"""Brinkwatch: turn news into trustworthy, traceable political event data for conflict early warning.

The small public API::

    from brinkwatch import Pipeline, code_text
    events = code_text("Germany's president telephoned Kazakhstan's president on Monday.", date="2022-03-14")
"""

from __future__ import annotations

import datetime as dt

from .errors import BrinkwatchError
from .models import Actor, Article, Event, Failure, Mention, Skip

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
]


def __getattr__(name: str) -> object:
    # Pipeline pulls in spaCy; import it lazily so `import brinkwatch` stays fast.
    if name == "Pipeline":
        from .pipeline import Pipeline

        return Pipeline
    raise AttributeError(name)


def code_text(text: str, date: str | dt.date | None = None, *, doc_id: str = "text") -> list[Event]:
    """Code one text and return its events (loads the model on first use)."""
    from .ingest import parse_date
    from .pipeline import Pipeline

    day = parse_date(date)
    if date is not None and day is None:
        raise BrinkwatchError(f"date {date!r} is not a date YYYY-MM-DD")
    result = Pipeline().process(Article(id=doc_id, text=text, date=day))
    return list(getattr(result, "events", ()))
