"""Module boundaries that keep the architecture honest."""

from __future__ import annotations

import re

import pytest

from .conftest import ROOT

SRC = ROOT / "src" / "brinkwatch"
MODULES = {p.name: p.read_text(encoding="utf-8") for p in SRC.glob("*.py")}


@pytest.mark.parametrize(
    ("pattern", "allowed", "what"),
    [
        (r"^\s*(import duckdb|from duckdb)", {"store.py"}, "only store.py speaks to DuckDB"),
        (r"spacy\.load\(", {"nlp.py"}, "only nlp.py loads the spaCy model"),
        (r"\.(read_text|read_bytes|open)\(.*DATA_DIR|DATA_DIR\s*/", {"resources.py"}, "only resources.py reads data/"),
        (r"\bSELECT\b[^\n]*\bFROM\b|\bINSERT INTO\b|\bCREATE TABLE\b", {"store.py"}, "only store.py contains SQL"),
    ],
)
def test_boundaries(pattern: str, allowed: set[str], what: str) -> None:
    offenders = [name for name, text in MODULES.items()
                 if name not in allowed and re.search(pattern, text, flags=re.MULTILINE)]
    assert not offenders, f"{what}: {offenders}"


def test_boundaries_cli_holds_no_sql_or_stage_logic() -> None:
    cli = MODULES["cli.py"]
    for forbidden in ("DocumentActors", "code_sentence", "import duckdb", "nlp.pipe"):
        assert forbidden not in cli
