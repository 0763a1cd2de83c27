"""Write stage: events as JSON Lines (the public contract), CSV (flat columns) or a terminal table."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from .models import Event

__all__ = ["CSV_COLUMNS", "EventWriter", "cluster_table", "event_rows_table", "flatten", "render_stats"]

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


# --- store rows (brinkwatch events / stats) ----------------------------------------------------------------------


def _fit(text: str, room: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= room else text[: max(room - 1, 1)] + "…"


def _code(actor: dict[str, Any] | None) -> str:
    return (actor or {}).get("code") or "-"


def cluster_table(rows: Iterable[dict[str, Any]], *, evidence: bool = False, width: int | None = None) -> Iterator[str]:
    """Lines of a terminal table of event clusters (deduplicated events), with evidence sentences if asked."""
    width = width or max(80, min(shutil.get_terminal_size((120, 20)).columns, 200))
    head = f"{'DATE':<10} {'P':<1} {'SOURCE':<10} {'CAMEO':<5} {'TARGET':<10} {'ART':>4} {'SRC':>4} {'MEN':>4}  "
    yield head + "PLACE / FIRST REPORT"
    for row in rows:
        precision = (row.get("date_precision") or "?")[0]
        place = (row.get("location") or {}).get("name") or ""
        tail = "; ".join(x for x in (place, row.get("first_url") or "") if x)
        line = (f"{row.get('date') or '?':<10} {precision:<1} {_code(row.get('source')):<10} {row['cameo']:<5} "
                f"{_code(row.get('target')):<10} {row['n_articles']:>4} {row['n_sources']:>4} {row['n_mentions']:>4}  ")
        yield line + _fit(tail, max(10, width - len(line)))
        if evidence:
            for item in row.get("evidence", []):
                label = f"    {item.get('outlet') or item.get('doc_id')}, {item.get('published') or '?'}: "
                yield label + _fit(f"{item['sentence']}", max(20, width - len(label)))


def event_rows_table(rows: Iterable[dict[str, Any]], *, evidence: bool = False,
                     width: int | None = None) -> Iterator[str]:
    """Lines of a terminal table of coded events (one per evidence sentence), as read from the store."""
    width = width or max(80, min(shutil.get_terminal_size((120, 20)).columns, 200))
    yield f"{'DATE':<10}  {'SOURCE':<10} {'CAMEO':<5} {'TARGET':<10} {'PLOVER':<10} " + (
        "EVIDENCE" if evidence else "TRIGGER / ARTICLE")
    for row in rows:
        head = (f"{row.get('date') or '?':<10}  {_code(row.get('source')):<10} {row['cameo']:<5} "
                f"{_code(row.get('target')):<10} {row.get('plover') or '-':<10} ")
        tail = (f"{row.get('outlet') or row['doc_id']}#{row['sentence_index']}: {row['sentence']}" if evidence
                else f"{row['trigger']} ({row.get('outlet') or row['doc_id']})")
        yield head + _fit(tail, max(20, width - len(head)))


def render_stats(stats: dict[str, Any], root_names: dict[str, str] | None = None) -> str:
    """A readable summary of a store: counts, events by CAMEO root, top dyads and sources, the last runs."""
    names = root_names or {}
    by = stats["articles_by_status"]
    lo, hi = stats["date_range"]
    lines = [
        f"Event store {stats['path']} (schema version {stats['schema_version']})",
        f"  articles: {stats['articles']} ({by['coded']} coded, {by['duplicate']} duplicate, {by['skipped']} skipped)",
        f"  events: {stats['events']} coded, merged into {stats['clusters']} event cluster(s), "
        f"{stats['corroborated_clusters']} corroborated by 2+ sources; dates {lo or '?'} .. {hi or '?'}",
        f"  actors seen: {stats['actors']}",
        "",
        "Event clusters by CAMEO root:",
    ]
    for item in stats["clusters_by_root"]:
        lines.append(f"  {item['root']} {names.get(item['root'], ''):<36} {item['clusters']:>6} cluster(s) "
                     f"{item['events']:>6} event(s)")
    lines += ["", "Top dyads (source -> target):"]
    for item in stats["top_dyads"]:
        lines.append(f"  {item['source']:<10} -> {item['target']:<10} {item['clusters']:>5} cluster(s) "
                     f"{item['events']:>5} event(s)")
    lines += ["", "Top sources:"]
    for item in stats["top_sources"]:
        lines.append(f"  {item['outlet']:<40} {item['articles']:>6} article(s)")
    if stats.get("skip_reasons"):
        lines += ["", "Skipped:"]
        lines += [f"  {reason}: {n}" for reason, n in stats["skip_reasons"].items()]
    if stats.get("runs"):
        lines += ["", "Last runs:"]
        for run in stats["runs"]:
            counts = run.get("counts") or {}
            state = "finished" if run.get("finished_at") else "interrupted or running"
            lines.append(f"  {run['started_at']}  {state}: {counts.get('stored', '?')} new article(s), "
                         f"{counts.get('events', '?')} event(s), {counts.get('failed', '?')} failed"
                         f"  ({run['command']})")
    return "\n".join(lines)
