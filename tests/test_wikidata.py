"""`kb update --from-wikidata`: the real HTTP and merge code, run offline against a stored SPARQL answer."""

from __future__ import annotations

import io
import json
import urllib.error
from pathlib import Path

import pytest

from brinkwatch.errors import BrinkwatchError
from brinkwatch.resources import load_resources
from brinkwatch.wikidata import build_query, fetch, parse, update

from .conftest import DATA

ANSWER = json.loads((DATA / "wikidata_answer.json").read_text(encoding="utf-8"))


class _Response(io.BytesIO):
    def __enter__(self) -> _Response:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def test_wikidata_query_asks_for_the_four_offices() -> None:
    query = build_query("2000-01-01")
    for needle in ("wdt:P1906", "wdt:P1313", "wd:Q7330070", "wd:Q2518691", "pq:P580", "pq:P582", "wdt:P298"):
        assert needle in query
    with pytest.raises(BrinkwatchError):
        build_query("2000")


def test_wikidata_fetch_posts_with_user_agent_and_retries() -> None:
    calls = []

    def opener(request, timeout):
        calls.append(request)
        if len(calls) == 1:
            raise urllib.error.HTTPError(request.full_url, 503, "busy", {}, None)
        return _Response(json.dumps(ANSWER).encode())

    answer = fetch("SELECT 1", opener=opener, sleep=lambda seconds: None)
    assert answer["results"]["bindings"]
    assert len(calls) == 2
    assert calls[0].get_header("User-agent").startswith("Brinkwatch/")
    assert calls[0].get_method() == "POST"


def test_wikidata_fetch_gives_one_line_error_on_client_error() -> None:
    def opener(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 400, "Bad Request", {}, None)

    with pytest.raises(BrinkwatchError, match="HTTP 400"):
        fetch("SELECT 1", opener=opener, sleep=lambda seconds: None)


def test_wikidata_parse_drops_unusable_rows() -> None:
    holdings = parse(ANSWER)
    names = {h.name for h in holdings}
    assert "Q900005" not in names  # no English label
    assert "Kassym-Jomart Tokayev" in names


def test_wikidata_update_merges_and_validates(tmp_path: Path) -> None:
    out = tmp_path / "kb"
    report = update(out, answer=ANSWER)
    assert report.people_added == 2  # Examplova and Samplemann; Tokayev and Nazarbayev are known
    assert report.roles_added >= 3
    assert any("ZZZ" in s for s in report.skipped)
    added = [json.loads(x) for x in (out / "actors" / "people_wikidata.jsonl").read_text().splitlines()]
    samplemann = next(r for r in added if r["name"] == "Ova Samplemann")
    assert {r["role"] for r in samplemann["roles"]} == {"defence_minister", "foreign_minister"}
    res = load_resources(out)
    assert len(res.people) == len(load_resources().people) + 2


def test_wikidata_update_refuses_non_empty_out_dir(tmp_path: Path) -> None:
    (tmp_path / "x").write_text("x")
    with pytest.raises(BrinkwatchError, match="not empty"):
        update(tmp_path, answer=ANSWER)
