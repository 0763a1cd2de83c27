"""The whole pipeline over the bundled sample corpus: nothing fails, every event honours the schema."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brinkwatch.ingest import read_inputs
from brinkwatch.models import Article, Failure, Skip
from brinkwatch.pipeline import Summary

from .conftest import SAMPLES

pytestmark = pytest.mark.slow

ACTOR_KEYS = {"text", "code", "country", "sector", "org", "name", "kb_id", "layer", "confidence"}


@pytest.fixture(scope="module")
def results(pipeline) -> list:
    return list(pipeline.process_many(read_inputs([str(SAMPLES)])))


def test_pipeline_samples_code_without_failures(results: list) -> None:
    failures = [r for r in results if isinstance(r, Failure)]
    assert not failures, failures
    summary = Summary()
    for r in results:
        summary.add(r)
    assert summary.coded >= 30 and summary.events > 100
    assert sum(summary.skipped.values()) == 2  # the German and the Russian article
    assert set(summary.by_root) >= {f"{i:02d}" for i in range(1, 21)} - {"09", "20"}


def test_pipeline_event_schema(results: list) -> None:
    for result in results:
        if isinstance(result, Skip | Failure):
            continue
        text = result.article.text
        for event in result.events:
            d = json.loads(json.dumps(event.to_dict()))
            assert text[d["char_start"]:d["char_end"]] == d["sentence"]
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", d["date"]) and d["date_precision"] in ("day", "week", "month",
                                                                                             "year")
            assert d["cameo"].startswith(d["cameo_root"]) and 1 <= d["quad_class"] <= 4
            assert -10 <= d["goldstein"] <= 10 and 0 < d["confidence"] <= 1
            assert d["source"] is None or set(d["source"]) == ACTOR_KEYS
            assert d["target"] is None or set(d["target"]) == ACTOR_KEYS
            assert d["source"] is not None or d["target"] is not None
            assert set(d["versions"]) == {"kb", "lexicon", "model"}
            if d["location"]:
                assert d["location"]["precision"] in ("city", "admin1", "country", "country-fallback")


WORDS = ["Russia", "Kazakhstan", "Putin", "Tokayev", "said", "attacked", "did", "not", "may", "troops", "the",
         "“", "”", '"', "'s", "-", "Noor-Sultan", "on", "Monday", "in", "early", "March", "talks", "with", "sanctions",
         "Leave a Reply", "See also", "\n\n", ",", ".", "UN", "he", "it", "would", "recognise", "if", "threatened",
         "to"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=40), st.dates())
def test_pipeline_never_fails_on_arbitrary_text(pipeline, words: list[str], date) -> None:
    text = " ".join(words)
    [result] = list(pipeline.process_many([Article(id="h", text=text or "x", date=date)]))
    assert not isinstance(result, Failure), result
    for event in getattr(result, "events", ()):
        assert event.to_dict()["cameo"]
