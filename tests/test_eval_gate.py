"""Quality gate: accuracy floors that may only rise, stored with the sha256 of the gold file they were measured on.

To raise a floor after an improvement: run `brinkwatch eval --gold FILE --format FMT --json`, and put the new
figures (rounded down) into tests/data/eval_floors.json. Lowering a floor needs a reason in the commit message.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from brinkwatch.evaluate import evaluate, evaluate_dates, evaluate_places, evaluate_quotes, read_gold

from .conftest import DATA, ROOT

pytestmark = pytest.mark.slow

ALL_FLOORS = json.loads((DATA / "eval_floors.json").read_text(encoding="utf-8"))
FLOORS = {k: v for k, v in ALL_FLOORS.items() if v["format"] not in ("timeml", "polnear", "event-location")}
PLACE_FLOORS = {k: v for k, v in ALL_FLOORS.items() if v["format"] == "event-location"}
DATE_FLOORS = {k: v for k, v in ALL_FLOORS.items() if v["format"] == "timeml"}
QUOTE_FLOORS = {k: v for k, v in ALL_FLOORS.items() if v["format"] == "polnear"}


def _digest(path: Path) -> str:
    """sha256 of a gold file, or of the .tml (or .txt and .ann) files of a gold directory, names and contents."""
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    h = hashlib.sha256()
    files = path.rglob("*.tml") if any(path.rglob("*.tml")) else [*path.rglob("*.txt"), *path.rglob("*.ann")]
    for p in sorted(files):
        h.update(p.relative_to(path).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _gold(name: str, floor: dict) -> Path:
    """The gold file or folder of ``floor``, checked against its recorded sha256; skips where it is absent."""
    gold = (ROOT / floor["gold"]).resolve()
    if not gold.exists():
        pytest.skip(f"{floor['gold']} is absent (the shared gold sets are not part of a user's clone)")
    assert _digest(gold) == floor["sha256"], f"{gold} changed: re-measure and update the floors for {name}"
    return gold


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_eval_gate_scores_do_not_fall(pipeline, name: str) -> None:
    floor = FLOORS[name]
    report = evaluate(_gold(name, floor), floor["format"], pipeline)
    assert report.type_accuracy >= floor["type_accuracy"], report.render(misses=0)
    for criterion, minimum in floor["f1"].items():
        assert report.scores[criterion]["f1"] >= minimum, f"{criterion} F1 fell: {report.render(misses=0)}"
    if "max_forbidden_violations" in floor:
        assert report.forbidden_violations <= floor["max_forbidden_violations"]


@pytest.mark.parametrize("name", sorted(DATE_FLOORS))
def test_eval_gate_date_resolution_does_not_fall(name: str) -> None:
    floor = DATE_FLOORS[name]
    report = evaluate_dates(_gold(name, floor))
    assert report.precision >= floor["precision"] and report.recall >= floor["recall"], report.render(errors=10)


@pytest.mark.parametrize("name", sorted(QUOTE_FLOORS))
def test_eval_gate_quote_finding_does_not_fall(pipeline, name: str) -> None:
    floor = QUOTE_FLOORS[name]
    report = evaluate_quotes(_gold(name, floor), pipeline)
    assert report.precision >= floor["precision"] and report.recall >= floor["recall"], report.render()


@pytest.mark.parametrize("name", sorted(PLACE_FLOORS))
def test_eval_gate_event_places_do_not_fall(pipeline, name: str) -> None:
    floor = PLACE_FLOORS[name]
    report = evaluate_places(_gold(name, floor), pipeline, limit=floor["limit"])
    assert report.precision >= floor["precision"] and report.recall >= floor["recall"], report.render()


def test_eval_gate_floors_name_existing_criteria() -> None:
    for floor in FLOORS.values():
        assert set(floor["f1"]) <= {"type", "source", "target", "all"}
        assert Path(floor["gold"]).suffix in (".json", ".jsonl", ".xml")


def test_eval_scores_each_sentence_alone_when_gold_ids_repeat(pipeline, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    records = [
        {"id": "same", "text": "Russian troops attacked Ukrainian positions near Kharkiv.", "date": "2024-05-06",
         "events": [{"roots": ["19"], "source": "RUS", "target": "UKR"}]},
        {"id": "same", "text": "Germany's president telephoned Kazakhstan's president.", "date": "2024-05-06",
         "events": [{"roots": ["04"], "source": "DEU", "target": "KAZ"}]},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = evaluate(gold, "brinkwatch", pipeline)
    assert report.type_accuracy == 1.0 and report.scores["all"]["recall"] == 1.0


def test_eval_plover_reader_takes_src_tar_actors_as_targets_too(tmp_path: Path) -> None:
    gold = tmp_path / "gsr.json"
    gold.write_text(json.dumps([
        {"id": "a", "date": "2000-01-01", "event": "AGREE", "text": "Jordan and Britain have agreed to hold drills.",
         "source": [{"actorText": "Jordan", "code": "JOR"}, {"actorText": "Britain", "code": "GBR"}], "target": "",
         "textInfo": {"markup": "(SRC/TAR: Jordan) and (SRC/TAR: Britain) have (EVT: agreed) to hold drills."}},
        {"id": "b", "date": "2000-01-01", "event": "AGREE", "text": "Jordan agreed to hold drills.",
         "source": [{"actorText": "Jordan", "code": "JOR"}], "textInfo": {"markup": "(SRC: Jordan) (EVT: agreed)"}},
    ]), encoding="utf-8")
    both, one = read_gold(gold, "plover")
    assert both.events[0].targets == frozenset({"JOR", "GBR"})
    assert one.events[0].targets == frozenset()


def test_eval_plover_types_follow_the_2016_draft(pipeline, tmp_path: Path) -> None:
    """The gold standard's draft puts resignations under RETREAT ("RETREAT also covers resignations of government
    officials"), not under CONCEDE with the rest of CAMEO 08x's verbal concessions."""
    gold = tmp_path / "gsr.json"
    gold.write_text(json.dumps([
        {"id": "r", "date": "2000-01-01", "event": "RETREAT", "text": "Bolivian President Evo Morales resigned.",
         "source": [{"actorText": "Bolivian", "code": "BOL"}], "textInfo": {"markup": ""}},
        {"id": "c", "date": "2000-01-01", "event": "CONCEDE", "text": "Belarus eased restrictions on the media.",
         "source": [{"actorText": "Belarus", "code": "BLR"}], "textInfo": {"markup": ""}},
    ]), encoding="utf-8")
    report = evaluate(gold, "plover", pipeline)
    assert report.type_accuracy == 1.0
