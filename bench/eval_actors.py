"""Actor resolution on the resolution test set: accuracy by category and by layer, false resolutions, and the
fuzzy-threshold sweep the default setting was chosen from.

    .venv/bin/python bench/eval_actors.py [--sweep]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from brinkwatch.names import normalize
from brinkwatch.pipeline import Pipeline
from brinkwatch.settings import Settings

CASES_PATH = Path(__file__).resolve().parents[1] / "tests" / "data" / "resolution_cases.jsonl"


def score(pipeline: Pipeline, cases: list[dict]) -> dict:
    rows = {r["id"]: r for r in pipeline.resolve_mentions(cases)}
    by_cat: dict[str, Counter[str]] = {}
    by_layer: Counter[str] = Counter()
    layer_total: Counter[str] = Counter()
    false_resolutions, misses = [], []
    for case in cases:
        row, expect = rows[case["id"]], case["expect"]
        if expect is None:
            ok = row["code"] is None
            if not ok:
                false_resolutions.append(f"{case['mention']!r} -> {row['code']} ({row['layer']})")
        else:
            ok = row["code"] == expect["code"] and not (
                expect.get("name") and row["kb_id"] and row["kb_id"].startswith("person:")
                and normalize(row["name"] or "") != normalize(expect["name"]))
        c = by_cat.setdefault(case["category"], Counter())
        c["n"] += 1
        c["ok"] += ok
        layer_total[row["layer"]] += 1
        by_layer[row["layer"]] += ok
        if not ok:
            misses.append(f"[{case['category']}] {case['mention']!r} {case['date']}: got {row['code']} "
                          f"({row['layer']}), expected {expect and expect['code']}")
    n = len(cases)
    return {
        "cases": n, "accuracy": sum(c["ok"] for c in by_cat.values()) / n,
        "by_category": {k: f"{v['ok']}/{v['n']}" for k, v in sorted(by_cat.items())},
        "by_layer": {k: f"{by_layer[k]}/{layer_total[k]} correct" for k in sorted(layer_total)},
        "false_resolutions": false_resolutions, "misses": misses,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="also sweep fuzzy_threshold")
    args = parser.parse_args()
    cases = [json.loads(x) for x in CASES_PATH.read_text(encoding="utf-8").splitlines() if x.strip()]
    result = score(Pipeline(Settings.load()), cases)
    print(json.dumps(result, indent=1, ensure_ascii=False))
    if args.sweep:
        for threshold in (70, 75, 78, 80, 82, 85, 90):
            r = score(Pipeline(Settings.load(fuzzy_threshold=threshold)), cases)
            print(f"fuzzy_threshold={threshold}: accuracy {r['accuracy']:.3f}, "
                  f"false resolutions {len(r['false_resolutions'])}, garbled {r['by_category'].get('garbled')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
