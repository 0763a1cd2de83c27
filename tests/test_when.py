from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brinkwatch.when import parse_expression

PUB = dt.date(2022, 3, 28)  # a Monday


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("This Monday", "2022-03-28", "day"),
        ("on Tuesday", "2022-03-22", "day"),
        ("last Monday", "2022-03-21", "day"),
        ("next Friday", "2022-04-01", "day"),
        ("yesterday", "2022-03-27", "day"),
        ("today", "2022-03-28", "day"),
        ("last week", "2022-03-21", "week"),
        ("last month", "2022-02-01", "month"),
        ("this year", "2022-01-01", "year"),
        ("in early March", "2022-03-01", "month"),
        ("mid-March", "2022-03-01", "month"),
        ("in late April", "2021-04-01", "month"),
        ("March 2022", "2022-03-01", "month"),
        ("early 2022", "2022-01-01", "year"),
        ("mid-2021", "2021-01-01", "year"),
        ("in 2019", "2019-01-01", "year"),
        ("March 5", "2022-03-05", "day"),
        ("5 March 2021", "2021-03-05", "day"),
        ("March 5, 2021", "2021-03-05", "day"),
        ("2021-11-02", "2021-11-02", "day"),
        ("three days ago", "2022-03-25", "day"),
        ("two weeks ago", "2022-03-14", "week"),
    ],
)
def test_when_parse_expression(text: str, date: str, precision: str) -> None:
    info = parse_expression(text, PUB, "past")
    assert info is not None
    assert (info.date.isoformat(), info.precision) == (date, precision)


@pytest.mark.parametrize(
    ("text", "tense", "date"),
    [
        ("on Tuesday", None, "2022-03-29"),
        ("on Tuesday", "future", "2022-03-29"),
        ("on Saturday", None, "2022-03-26"),
        ("April 2", None, "2022-04-02"),
        ("April 2", "past", "2021-04-02"),
        ("in April", None, "2022-04-01"),
        ("in December", None, "2021-12-01"),
        ("in December", "future", "2022-12-01"),
    ],
)
def test_when_parse_expression_direction(text: str, tense: str | None, date: str) -> None:
    info = parse_expression(text, PUB, tense)
    assert info is not None and info.date.isoformat() == date


@pytest.mark.parametrize("text", ["may", "Putin may act", "the march", "nearly 19 million people", "soon"])
def test_when_parse_expression_ignores_non_dates(text: str) -> None:
    assert parse_expression(text, PUB) is None


@given(st.text(max_size=60), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_when_parse_expression_never_raises(text: str, pub: dt.date) -> None:
    info = parse_expression(text, pub)
    assert info is None or info.precision in ("day", "week", "month", "year")
