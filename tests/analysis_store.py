"""Hand-built stores for the analysis, API and dashboard tests: events written through ``Store.write``."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from brinkwatch.models import Event
from brinkwatch.store import Store, open_store

from .factories import article, entry, event

GOLDSTEIN = {"01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
             "10": -5.0, "11": -2.0, "12": -4.0, "13": -6.0, "14": -6.5, "15": -7.2, "16": -4.0, "17": -5.0,
             "18": -9.0, "19": -10.0, "20": -10.0}
AS_OF = dt.date(2024, 6, 30)  # a Sunday: the last alert window is 2024-06-24 .. 2024-06-30


def quad(cameo: str) -> int:
    root = int(cameo[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def ev(doc: str, source: str | None, target: str | None, cameo: str, day: dt.date, *, index: int = 0,
       sentence: str | None = None, precision: str = "day", start: int = 0, trigger: str = "attacked") -> Event:
    text = sentence or f"{source} did {cameo} to {target} on {day.isoformat()} ({doc}#{index})."
    made = event(doc, source=source, target=target, cameo=cameo, date=day, precision=precision, sentence=text,
                 index=index, char_start=start)
    return dataclasses.replace(made, quad_class=quad(cameo), goldstein=GOLDSTEIN[cameo[:2]], trigger=trigger)


def write(store: Store, doc: str, events: list[Event], *, published: dt.date, outlet: str = "Wire A",
          text: str | None = None, title: str | None = None) -> None:
    body = text if text is not None else " ".join(e.sentence for e in events) or f"Text of {doc}."
    if text is None:  # lay the sentences out one after another, as the pipeline would
        pos = 0
        placed = []
        for e in events:
            placed.append(dataclasses.replace(e, char_start=pos, char_end=pos + len(e.sentence)))
            pos += len(e.sentence) + 1
        events = placed
    art = article(doc, source=outlet, date=published, text=body, title=title or f"Story {doc}",
                  url=f"https://example.org/{doc}")
    store.write([entry(art, events)])


def build_alert_store(path: Path) -> Path:
    """A store where RUS -> UKR conflict jumps in the last week (an alert), ISR -> PSE conflict is steady at four
    events a week (no alert), and USA -> DEU cooperates."""
    with open_store(path) as store:
        start = AS_OF - dt.timedelta(days=7 * 12)
        write(store, "coverage", [ev("coverage", "USAGOV", "DEUGOV", "040", start, trigger="met")],
              published=start, outlet="Wire C")
        for week in range(1, 9):  # one RUS -> UKR event in each of the 8 weeks before the last one
            day = AS_OF - dt.timedelta(days=7 * week + 3)
            write(store, f"base-{week}", [ev(f"base-{week}", "RUSMIL", "UKR", "190", day)], published=day)
        for week in range(0, 13):  # ISR -> PSE: four events every week since the store began, the last included
            end = AS_OF - dt.timedelta(days=7 * week)
            events = [ev(f"steady-{week}", "ISRMIL", "PSE", root, end - dt.timedelta(days=k * 2), index=k)
                      for k, root in enumerate(("190", "180", "130", "112"))]
            write(store, f"steady-{week}", events, published=end, outlet="Wire B")
        surge = [("190", 0), ("180", 0), ("170", 2), ("130", 2), ("140", 4), ("150", 6)]
        events = [ev("surge", "RUSMIL", "UKRGOV" if k % 2 else "UKR", root, AS_OF - dt.timedelta(days=back), index=k,
                      sentence=f"Russian forces escalated ({root}) against Ukraine, day -{back}, item {k}.")
                  for k, (root, back) in enumerate(surge)]
        write(store, "surge", events, published=AS_OF, outlet="Wire A")
        # the same RUS -> UKR attack of the last day, reported by a second outlet: corroboration, not a new event
        write(store, "surge-copy", [ev("surge-copy", "RUSMIL", "UKR", "190", AS_OF,
                                       sentence="A second outlet reported the Russian attack on Ukraine.")],
              published=AS_OF, outlet="Wire B")
        write(store, "coop", [ev("coop", "USAGOV", "DEUGOV", "057", AS_OF - dt.timedelta(days=1), trigger="signed"),
                              ev("coop", "DEUGOV", "USAGOV", "042", AS_OF - dt.timedelta(days=1), index=1,
                                 trigger="visited")], published=AS_OF, outlet="Wire C")
    return path
