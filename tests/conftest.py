"""Shared fixtures. Heavy ones (the spaCy model, the pipeline) are session-scoped and loaded once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brinkwatch.resources import Resources, load_resources

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_4e23757e282a3ed9.txt"
EVAL = SHARED / "eval"
SAMPLES = ROOT / "samples"
DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"

needs_seed = pytest.mark.skipif(not SEED.exists(), reason="../shared/seeds is absent (a fresh user clone has none)")
needs_eval = pytest.mark.skipif(not EVAL.exists(), reason="../shared/eval gold sets are absent")


@pytest.fixture(scope="session")
def resources() -> Resources:
    return load_resources()


@pytest.fixture(scope="session")
def nlp():
    from brinkwatch.nlp import load_model
    from brinkwatch.settings import Settings

    return load_model(Settings().model)


@pytest.fixture(scope="session")
def pipeline():
    from brinkwatch.pipeline import Pipeline
    from brinkwatch.settings import Settings

    return Pipeline(Settings())


@pytest.fixture(scope="session")
def code(pipeline):
    """code(text, date) -> list of event dicts, through the whole pipeline."""
    from brinkwatch.models import Article

    def _code(text: str, date: str = "2024-05-06") -> list[dict]:
        result = pipeline.process(Article(id="t", text=text, date=dt.date.fromisoformat(date)))
        return [e.to_dict() for e in getattr(result, "events", ())]

    return _code
