from __future__ import annotations

import io
import re
from pathlib import Path

from brinkwatch.cli import build_parser
from brinkwatch.ingestion import IngestSummary
from brinkwatch.models import Failure
from brinkwatch.progress import ProgressBar
from brinkwatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def _summary(done: int, events: int, seconds: float) -> IngestSummary:
    summary = IngestSummary(processed=done, events=events)
    summary.started -= seconds
    return summary


def test_progress_bar_rates_and_eta() -> None:
    bar = ProgressBar(io.StringIO(), total=100)
    text = bar.render(_summary(25, 300, 10.0), width=120)
    assert "25/100 articles" in text and "2.5 articles/s" in text and "30.0 events/s" in text
    assert re.search(r"ETA 0:(29|30)", text) and text.startswith("[")
    assert "ETA" not in ProgressBar(io.StringIO()).render(_summary(5, 1, 1.0))


def test_progress_bar_writes_lines_above_itself_and_clears() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream, total=10)
    summary = _summary(1, 1, 1.0)
    summary.failures.append(Failure("x.txt", "broken"))
    bar.update(summary, force=True)
    assert "1 failed" in stream.getvalue()
    bar.write("brinkwatch: x.txt: broken")
    bar.close()
    assert stream.getvalue().endswith("brinkwatch: x.txt: broken\n")
    quiet = io.StringIO()
    ProgressBar(quiet, enabled=False).update(summary, force=True)
    assert quiet.getvalue() == ""


def test_readme_documents_the_store_commands_and_every_setting() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    missing = [c for c in ("ingest", "watch", "events", "export", "stats") if c not in commands
               or f"brinkwatch {c}" not in readme]
    missing += [f.name for f in Settings.__dataclass_fields__.values() if f"`{f.name}`" not in readme]
    assert missing == [], f"document these in README.md: {missing}"
