"""Write stage: events as JSON Lines (the public contract), CSV (flat columns) or a terminal table."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from typing import Any, TextIO

from .models import Event

__all__ = ["CSV_COLUMNS", "EventWriter", "flatten"]

CSV_COLUMNS = (
    "doc_id", "sentence_index", "char_start", "char_end", "date", "date_precision",
    "source_text", "source_code", "source_country", "source_sector", "source_org", "source_name", "source_kb_id",
    "target_text", "target_code", "target_country", "target_sector", "target_org", "target_name", "target_kb_id",
    "cameo", "cameo_root", "plover", "quad_class", "goldstein", "confidence", "modality", "trigger", "pattern",
    "location_name", "location_country", "location_precision", "sentence",
)


def flatten(event: Event) -> dict[str, Any]:
    """One flat row per event (CSV, DataFrames)."""
    data = event.to_dict()
    row: dict[str, Any] = {k: data[k] for k in CSV_COLUMNS if k in data}
    for role in ("source", "target"):
        actor = data[role] or {}
        for key in ("text", "code", "country", "sector", "org", "name", "kb_id"):
            row[f"{role}_{key}"] = actor.get(key)
    loc = data["location"] or {}
    row["location_name"] = loc.get("name")
    row["location_country"] = loc.get("country")
    row["location_precision"] = loc.get("precision")
    return row


class EventWriter:
    """Writes events to ``stream`` in ``fmt`` (jsonl, csv or table), one at a time."""

    def __init__(self, stream: TextIO, fmt: str) -> None:
        self.stream = stream
        self.fmt = fmt
        self.count = 0
        self._csv: csv.DictWriter[str] | None = None
        self._width = max(80, min(shutil.get_terminal_size((120, 20)).columns, 200))

    def write_many(self, events: Iterable[Event]) -> None:
        for event in events:
            self.write(event)

    def write(self, event: Event) -> None:
        if self.fmt == "jsonl":
            self.stream.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            if self._csv is None:
                self._csv = csv.DictWriter(self.stream, fieldnames=list(CSV_COLUMNS), extrasaction="ignore")
                self._csv.writeheader()
            self._csv.writerow(flatten(event))
        else:
            if self.count == 0:
                self.stream.write(self._table_row("DATE", "SOURCE", "CAMEO", "TARGET", "PLOVER", "EVIDENCE") + "\n")
            src = event.source.actor.code if event.source and event.source.actor else "-"
            tgt = event.target.actor.code if event.target and event.target.actor else "-"
            date = event.date.date.isoformat() if event.date else "?"
            self.stream.write(self._table_row(date, src or "-", event.cameo, tgt or "-", event.plover or "-",
                                              f"{event.doc_id}#{event.sentence_index}: {event.sentence}") + "\n")
        self.count += 1

    def _table_row(self, date: str, src: str, cameo: str, tgt: str, plover: str, evidence: str) -> str:
        head = f"{date:<10}  {src:<10} {cameo:<5} {tgt:<10} {plover:<10} "
        room = max(20, self._width - len(head))
        evidence = " ".join(evidence.split())
        if len(evidence) > room:
            evidence = evidence[: room - 1] + "…"
        return head + evidence
