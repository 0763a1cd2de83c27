"""Resolve-dates stage: the date of an event from the publication date and the time expressions near it.

Candidates are spaCy DATE spans inside the event's clause, read by our own rules (``parse_expression``): weekdays
("on Tuesday", "This Monday"), relative days and periods ("yesterday", "last week", "last month"), months with
optional parts and years ("in early March", "mid-March", "March 2022"), years and parts of years ("early 2022",
"mid-2021", "in 2019"), full dates ("March 5, 2022", "5 March", "2022-03-05") and "N days/weeks ago". Every date
carries a precision: day, week, month or year. Without an expression the event takes the publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .models import DateInfo

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["event_date", "parse_expression"]

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "a": 1, "an": 1, "several": 3, "few": 3, "a few": 3}
_MONTH_PREPS = frozenset({"in", "of", "since", "until", "by", "early", "late", "mid", "last", "next", "this",
                          "from", "before", "after", "during", "throughout"})
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PART = r"(?:(?P<part>early|mid|middle of|late|end of|beginning of|start of)[\s-]*)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"), "iso"),
    (re.compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR}\b", re.I), "mdy"),
    (re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_RE})\.?,?\s+{_YEAR}\b", re.I),
     "mdy"),
    (re.compile(rf"\b(?P<month>{_MONTH_RE})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b", re.I), "md"),
    (re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH_RE})\b", re.I), "md"),
    (re.compile(rf"\b{_PART}(?P<month>{_MONTH_RE})\.?,?\s+(?:of\s+)?{_YEAR}\b", re.I), "my"),
    (re.compile(rf"\b{_PART}{_YEAR}\b", re.I), "y"),
    (re.compile(rf"\b{_PART}(?P<month>{_MONTH_RE})\b", re.I), "m"),
    (re.compile(r"\b(?P<rel>today|tonight|this (?:morning|afternoon|evening)|yesterday|last night|tomorrow)\b",
                re.I), "rel"),
    (re.compile(r"\b(?P<which>this|last|next|past)?\s*(?P<weekday>monday|tuesday|wednesday|thursday|friday|"
                r"saturday|sunday)\b", re.I), "weekday"),
    (re.compile(r"\b(?P<which>this|last|next|past|previous)\s+(?P<unit>week|month|year)\b", re.I), "period"),
    (re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several|a few)\s+"
                r"(?P<unit>day|week|month|year)s?\s+ago\b", re.I), "ago"),
]


# every rule needs one of these words (or a digit): one search rules a text out before the twelve rules run
_ANY_DATE_WORD = re.compile(
    rf"\d|\b(?:{_MONTH_RE}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|yesterday|"
    r"tomorrow|night|morning|afternoon|evening|day|week|month|year|ago)s?\b", re.I)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _month_start(year: int, month: int) -> dt.date:
    return dt.date(year, month, 1)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + day.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def parse_expression(text: str, pub: dt.date, tense: str | None = None) -> DateInfo | None:
    """Resolve a time expression against the publication date ``pub``; None when it names no date.

    ``tense`` says which way an incomplete date points: "past" (the event happened: "on Tuesday" is the last
    Tuesday), "future" ("will meet on Tuesday"), or None for the nearest reading.
    """
    if not _ANY_DATE_WORD.search(text):
        return None
    for pattern, kind in _RULES:
        m = pattern.search(text)
        if not m:
            continue
        try:
            info = _resolve(kind, m, pub, tense)
        except ValueError:
            continue
        if info is not None:
            return DateInfo(info[0], info[1], text=text.strip(), basis="expression")  # type: ignore[arg-type]
    return None


def _nearest(candidates: list[dt.date], pub: dt.date, tense: str | None) -> dt.date:
    if tense == "past":
        past = [c for c in candidates if c <= pub]
        return max(past) if past else min(candidates)
    if tense == "future":
        future = [c for c in candidates if c >= pub]
        return min(future) if future else max(candidates)
    return min(candidates, key=lambda c: (abs((c - pub).days), c > pub))


def _resolve(kind: str, m: re.Match[str], pub: dt.date, tense: str | None) -> tuple[dt.date, str] | None:
    g = m.groupdict()
    if kind == "iso":
        return dt.date(int(g["y"]), int(g["m"]), int(g["d"])), "day"
    if kind == "mdy":
        return dt.date(int(g["year"]), _MONTHS[g["month"].lower()], int(g["day"])), "day"
    if kind == "md":
        month, day = _MONTHS[g["month"].lower()], int(g["day"])
        years = [y for y in (pub.year - 1, pub.year, pub.year + 1) if _valid(y, month, day)]
        return _nearest([dt.date(y, month, day) for y in years], pub, tense), "day"
    if kind == "my":
        return _month_start(int(g["year"]), _MONTHS[g["month"].lower()]), "month"
    if kind == "y":
        return dt.date(int(g["year"]), 1, 1), "year"
    if kind == "m":
        month = _MONTHS[g["month"].lower()]
        if g["month"].lower() in ("may", "march") and not g.get("part"):
            before = m.string[: m.start()].split()
            if not g["month"][0].isupper() or not before or before[-1].lower() not in _MONTH_PREPS:
                return None  # the modal verb "may", the verb or noun "march"
        starts = [_month_start(y, month) for y in (pub.year - 1, pub.year, pub.year + 1)]
        this_month = _month_start(pub.year, pub.month)
        return _nearest(starts, this_month, tense), "month"
    if kind == "rel":
        rel = g["rel"].lower()
        delta = -1 if rel in ("yesterday", "last night") else 1 if rel == "tomorrow" else 0
        return pub + dt.timedelta(days=delta), "day"
    if kind == "weekday":
        target = _WEEKDAYS[g["weekday"].lower()]
        which = (g.get("which") or "").lower()
        back = (pub.weekday() - target) % 7
        ahead = (target - pub.weekday()) % 7
        if which == "next":
            return pub + dt.timedelta(days=ahead or 7), "day"
        if which in ("last", "past"):
            return pub - dt.timedelta(days=back or 7), "day"
        if which == "this":
            tense = tense or "past"
        candidates = [pub - dt.timedelta(days=back), pub + dt.timedelta(days=ahead)]
        return _nearest(candidates, pub, tense), "day"
    if kind == "period":
        which, unit = g["which"].lower(), g["unit"].lower()
        step = 0 if which == "this" else 1 if which == "next" else -1
        if unit == "week":
            monday = pub - dt.timedelta(days=pub.weekday())
            return monday + dt.timedelta(weeks=step), "week"
        if unit == "month":
            return _add_months(pub, step), "month"
        return dt.date(pub.year + step, 1, 1), "year"
    if kind == "ago":
        n_text = g["n"].lower()
        n = int(n_text) if n_text.isdigit() else _NUMBERS.get(n_text, 1)
        unit = g["unit"].lower()
        if unit == "day":
            return pub - dt.timedelta(days=n), "day"
        if unit == "week":
            return pub - dt.timedelta(weeks=n), "week"
        if unit == "month":
            return _add_months(pub, -n), "month"
        return dt.date(pub.year - n, 1, 1), "year"
    return None


def _clause_tokens(trigger: Token) -> set[int]:
    """Token indices of the trigger's clause, without nested clauses that have their own verbs."""
    out: set[int] = set()
    stack = [trigger]
    while stack:
        tok = stack.pop()
        out.add(tok.i)
        for child in tok.children:
            if child.dep_ in ("ccomp", "advcl", "relcl", "parataxis") and child.pos_ in ("VERB", "AUX"):
                continue
            if child.dep_ == "conj" and child.pos_ == "VERB":
                continue
            stack.append(child)
    return out


def _tense(trigger: Token) -> str:
    """"future" for "will meet", "is to visit", "plans to"; otherwise "past": coded events are mostly reports of
    what happened."""
    aux = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"will", "shall", "'ll", "wo"} or (trigger.dep_ == "xcomp" and trigger.head.lemma_ in (
            "plan", "intend", "expect", "schedule", "agree", "promise", "pledge", "vow", "threaten")):
        return "future"
    return "past"


def event_date(trigger: Token, sent: Span, pub: dt.date | None,
               ents: Sequence[Span] | None = None, sent_text: str | None = None) -> DateInfo | None:
    """The date of the event triggered at ``trigger``; the publication date when the text gives none.

    ``ents`` are the sentence's entities and ``sent_text`` its text when the caller has them already (computing
    them is not free)."""
    if pub is None:
        return None
    if sent_text is not None and not _ANY_DATE_WORD.search(sent_text):
        return DateInfo(pub, "day", text=None, basis="publication")  # no rule can read a date in this sentence
    clause = _clause_tokens(trigger)
    tense = _tense(trigger)
    for ent in sent.ents if ents is None else ents:
        if ent.label_ not in ("DATE", "TIME") or not any(t.i in clause for t in ent):
            continue
        info = parse_expression(ent.text, pub, tense)
        if info is not None:
            return info
    # spaCy sometimes misses a date: read the clause's own words
    words = " ".join(t.text for t in sorted((sent.doc[i] for i in clause), key=lambda t: t.i))
    info = parse_expression(words, pub, tense)
    if info is not None and info.precision in ("day", "week"):
        return info
    return DateInfo(pub, "day", text=None, basis="publication")
