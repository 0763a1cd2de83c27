"""A one-line progress bar for ingests on a terminal (stderr): articles/s, events/s and, when the total is known, ETA.

No dependency: redraws the line with a carriage return at most a few times a second, and clears it before other
lines are printed so messages and the bar do not mix.
"""

from __future__ import annotations

import shutil
import time
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from .ingestion import IngestSummary

__all__ = ["ProgressBar"]


def _clock(seconds: float) -> str:
    seconds = int(max(0, seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:d}:{secs:02d}"


class ProgressBar:
    """Call ``update(summary)`` as often as you like; ``write(line)`` prints above the bar; ``close()`` at the end."""

    def __init__(self, stream: TextIO, total: int | None = None, *, enabled: bool = True,
                 interval: float = 0.2) -> None:
        self.stream = stream
        self.total = total
        self.enabled = enabled
        self.interval = interval
        self._last = 0.0
        self._shown = False

    def render(self, summary: IngestSummary, width: int = 100) -> str:
        done = summary.done
        seconds = max(summary.seconds, 1e-9)
        rate = done / seconds
        parts = [f"{done:,}" + (f"/{self.total:,}" if self.total else "") + " articles",
                 f"{rate:.1f} articles/s", f"{summary.events / seconds:.1f} events/s"]
        if summary.failures:
            parts.append(f"{len(summary.failures)} failed")
        if self.total:
            left = max(self.total - done, 0)
            parts.append(f"ETA {_clock(left / rate) if rate > 0 else '?'}")
        text = " · ".join(parts)
        if self.total:
            room = max(10, min(30, width - len(text) - 4))
            filled = int(room * min(done / self.total, 1.0))
            text = f"[{'#' * filled}{'.' * (room - filled)}] " + text
        return text[: width - 1]

    def update(self, summary: IngestSummary, *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        width = shutil.get_terminal_size((100, 20)).columns
        self.stream.write("\r\x1b[2K" + self.render(summary, width))
        self.stream.flush()
        self._shown = True

    def write(self, line: str) -> None:
        """Print a line above the bar."""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[2K")
            self._shown = False
            self._last = 0.0
        self.stream.write(line + "\n")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False
