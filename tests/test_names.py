from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brinkwatch.names import normalize, translit_key


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Noor-Sultan", "noor sultan"),
        ("U.S.", "us"),
        ("Côte d'Ivoire", "cote divoire"),
        ("People's Republic", "people 's republic"),
        ("  the   KREMLIN ", "the kremlin"),
        ("Zelens’kyy", "zelenskyy"),
    ],
)
def test_names_normalize_folds_case_marks_and_hyphens(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    "family",
    [
        ("Tokayev", "Tokaev", "Tokajew"),
        ("Zelensky", "Selenskyj", "Zelenski", "Zelenskyy", "Zelenskiy"),
        ("Peskov", "Peskow"),
        ("Kassym-Jomart", "Kassym-Zhomart", "Qasym-Jomart"),
        ("Shoigu", "Schoigu", "Shoygu"),
    ],
)
def test_names_translit_key_merges_spelling_families(family: tuple[str, ...]) -> None:
    assert len({translit_key(name) for name in family}) == 1


@pytest.mark.parametrize(("a", "b"), [("Tokayev", "Togo"), ("Putin", "Peskov"), ("Kyiv", "Kirov")])
def test_names_translit_key_keeps_different_names_apart(a: str, b: str) -> None:
    assert translit_key(a) != translit_key(b)


@given(st.text())
def test_names_normalize_is_idempotent_and_never_raises(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == once.strip()
    assert "  " not in once


@given(st.text())
def test_names_translit_key_never_raises(text: str) -> None:
    assert isinstance(translit_key(text), str)
