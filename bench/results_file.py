"""Where the benchmarks keep their dated results: bench/results/<date>-<name>.json."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def write_result(name: str, result: dict[str, Any], *, show: bool = True) -> Path:
    """Write ``result`` as today's ``name`` result, print it (key: value per line) unless ``show`` is off."""
    out = ROOT / "bench" / "results" / f"{dt.date.today().isoformat()}-{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    if show:
        for key, value in result.items():
            print(f"{key:>32}: {value}")
    print(f"written to {out.relative_to(ROOT)}", file=sys.stderr)
    return out
