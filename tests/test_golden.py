"""Golden end-to-end test: the seed article, coded by the whole pipeline, against a reviewed expectation file."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from brinkwatch.ingest import read_inputs

from .conftest import GOLDEN, SHARED, needs_seed

pytestmark = [needs_seed, pytest.mark.slow]

EXPECTED = json.loads((GOLDEN / "seed" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_events(pipeline) -> list[dict]:
    date = dt.date.fromisoformat(EXPECTED["date"])
    [article] = read_inputs([str(SHARED / EXPECTED["input"])], default_date=date)
    result = pipeline.process(article)
    return [e.to_dict() for e in result.events]


def _country(actor: dict | None) -> str | None:
    return actor["country"] if actor else None


def _matches(event: dict, exp: dict) -> bool:
    if event["cameo_root"] not in exp["roots"] or exp["sentence_has"] not in event["sentence"]:
        return False
    if exp.get("source_org"):
        if not event["source"] or event["source"]["org"] != exp["source_org"]:
            return False
    elif _country(event["source"]) != exp["source"]:
        return False
    if exp["target"] is not None and _country(event["target"]) != exp["target"]:
        return False
    precision = exp.get("date_precision")
    if isinstance(precision, str) and event["date_precision"] != precision:
        return False
    if isinstance(precision, list) and event["date_precision"] not in precision:
        return False
    if exp.get("date") and event["date"] != exp["date"]:
        return False
    return not (exp.get("not_date") and event["date"] == exp["not_date"])


@pytest.mark.parametrize("expected", EXPECTED["expected"], ids=lambda e: e["what"])
def test_golden_seed_expected_event(seed_events: list[dict], expected: dict) -> None:
    found = [e for e in seed_events if _matches(e, expected)]
    assert found, f"missing: {expected['what']}; coded: " + "; ".join(
        f"{e['cameo']} {(e['source'] or {}).get('code')}->{(e['target'] or {}).get('code')} [{e['trigger']}]"
        for e in seed_events
    )


def test_golden_seed_no_event_from_page_chrome(seed_events: list[dict]) -> None:
    for event in seed_events:
        for fragment in EXPECTED["forbidden_sentence_fragments"]:
            assert fragment not in event["sentence"]


@pytest.mark.parametrize("forbidden", EXPECTED["forbidden"], ids=lambda e: e["what"])
def test_golden_seed_no_event_from_hypothetical_or_background(seed_events: list[dict], forbidden: dict) -> None:
    bad = [e for e in seed_events
           if forbidden["sentence_has"] in e["sentence"] and e["cameo_root"] in forbidden["roots"]]
    assert not bad


def test_golden_seed_events_carry_provenance(seed_events: list[dict]) -> None:
    assert seed_events
    for event in seed_events:
        assert event["doc_id"] == "000_4e23757e282a3ed9.txt"
        assert event["char_end"] > event["char_start"] >= 0
        assert set(event["versions"]) == {"kb", "lexicon", "model"}
        assert event["pattern"] and event["trigger"]
