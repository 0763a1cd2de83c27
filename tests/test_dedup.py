from __future__ import annotations

import datetime as dt
import json

import pytest

from brinkwatch import dedup

from .conftest import SAMPLES

D = dt.date


@pytest.fixture(scope="module")
def stories() -> list[str]:
    lines = (SAMPLES / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _similarity(a: str, b: str) -> float:
    sa, sb = dedup.signature(a), dedup.signature(b)
    assert sa is not None and sb is not None
    return dedup.estimate_similarity(sa, sb)


def test_dedup_wire_copy_with_new_dateline_and_edits_is_duplicate(stories: list[str]) -> None:
    original = stories[0]
    copy = ("ALMATY (Other Wire) - " + original.replace("more than 3,000", "over 3,000").replace("Friday", "Friday,")
            + "\n\nReporting by A. Writer; editing by B. Editor.")
    assert _similarity(original, copy) >= 0.9


@pytest.mark.parametrize("share", [0.5, 0.7])
def test_dedup_story_trimmed_by_more_than_a_fifth_is_not_duplicate(stories: list[str], share: float) -> None:
    words = stories[0].split()
    trimmed = " ".join(words[: int(len(words) * share)])
    assert _similarity(stories[0], trimmed) < dedup.DEFAULT_THRESHOLD


def test_dedup_update_with_new_paragraphs_is_not_duplicate(stories: list[str]) -> None:
    update = stories[0] + "\n\n" + stories[2]
    assert _similarity(stories[0], update) < dedup.DEFAULT_THRESHOLD


def test_dedup_different_stories_score_near_zero(stories: list[str]) -> None:
    assert max(_similarity(stories[0], other) for other in stories[1:6]) < 0.1


def test_dedup_short_text_has_no_signature() -> None:
    assert dedup.signature("Russia held talks with China on Monday.") is None
    assert dedup.signature(" ".join(["word"] * dedup.MIN_WORDS)) is not None


def test_dedup_signature_bytes_round_trip(stories: list[str]) -> None:
    sig = dedup.signature(stories[1])
    assert sig is not None and len(sig) == dedup.NUM_PERM
    assert (dedup.signature_from_bytes(dedup.signature_to_bytes(sig)) == sig).all()


def test_dedup_index_finds_copy_and_not_others(stories: list[str]) -> None:
    index = dedup.NearDuplicateIndex(0.8)
    for i, text in enumerate(stories[:10]):
        sig = dedup.signature(text)
        assert sig is not None
        index.add(f"a{i}", sig)
    copy = dedup.signature(stories[3].replace("said", "told reporters", 1))
    assert copy is not None
    match = index.best_match(copy, index.candidates(copy))
    assert match is not None and match[0] == "a3" and match[1] >= 0.8
    index.remove("a3")
    assert index.best_match(copy, index.candidates(copy)) is None
    assert len(index.buckets(copy)) == 16  # bands stored with the article


def test_dedup_threshold_must_be_a_fraction() -> None:
    from brinkwatch.errors import SettingsError

    with pytest.raises(SettingsError):
        dedup.NearDuplicateIndex(1.5)


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [(D(2024, 5, 6), "day", (D(2024, 5, 6), D(2024, 5, 6))),
     (D(2024, 5, 6), "week", (D(2024, 5, 6), D(2024, 5, 12))),
     (D(2024, 2, 1), "month", (D(2024, 2, 1), D(2024, 2, 29))),
     (D(2024, 1, 1), "year", (D(2024, 1, 1), D(2024, 12, 31)))],
)
def test_dedup_date_interval(date: dt.date, precision: str, expected: tuple[dt.date, dt.date]) -> None:
    assert dedup.date_interval(date, precision) == expected


def _candidate(cid: int, date: dt.date, precision: str) -> dedup.ClusterCandidate:
    return dedup.ClusterCandidate(cid, date, precision, *dedup.date_interval(date, precision))


@pytest.mark.parametrize(
    ("date", "precision", "expected"),
    [(D(2024, 5, 6), "day", 1),  # same day
     (D(2024, 5, 7), "day", 1),  # one day later: tolerance
     (D(2024, 5, 8), "day", None),  # two days later: another event
     (D(2024, 5, 1), "month", 1),  # "in May" joins the May 6 event
     (D(2024, 4, 1), "month", None),
     (D(2024, 1, 1), "year", 1)],
)
def test_dedup_choose_cluster_by_date_window(date: dt.date, precision: str, expected: int | None) -> None:
    chosen = dedup.choose_cluster(date, precision, [_candidate(1, D(2024, 5, 6), "day")])
    assert (chosen.cluster_id if chosen else None) == expected


def test_dedup_choose_cluster_prefers_same_precision_then_nearest() -> None:
    day5, day7, month = _candidate(5, D(2024, 5, 5), "day"), _candidate(7, D(2024, 5, 7), "day"), \
        _candidate(9, D(2024, 5, 1), "month")
    assert dedup.choose_cluster(D(2024, 5, 6), "day", [month, day7, day5]).cluster_id == 5  # tie: smaller id
    assert dedup.choose_cluster(D(2024, 5, 8), "day", [month, day7, day5]).cluster_id == 7
    assert dedup.choose_cluster(D(2024, 5, 1), "month", [day5, month]).cluster_id == 9


def _m(event_id: str, article: str, outlet: str | None, *, precision: str = "day", day: int = 6,
       confidence: float = 0.5, cameo: str = "190", seq: int = 1) -> dedup.ClusterMention:
    return dedup.ClusterMention(event_id, article, seq, 0, cameo, 4, -10.0, confidence, D(2024, 5, day), precision,
                                D(2024, 5, 6 + seq), outlet, f"https://x/{article}", False, None, {"code": "RUS"},
                                {"code": "UKR"})


def test_dedup_summarize_counts_articles_sources_and_dates() -> None:
    summary = dedup.summarize_cluster(1, "RUS|UKR|19", [
        _m("a-0", "a", "Wire A", seq=1), _m("a-1", "a", "Wire A", seq=1, cameo="193"),
        _m("b-0", "b", "Wire A", seq=2), _m("c-0", "c", None, seq=3, precision="month", day=1, confidence=0.99),
    ])
    assert (summary.n_mentions, summary.n_articles, summary.n_sources) == (4, 3, 2)
    assert summary.first_seen == D(2024, 5, 7) and summary.last_seen == D(2024, 5, 9)
    assert summary.date == D(2024, 5, 6) and summary.precision == "day"  # most precise mention wins
    assert summary.cameo == "190" and summary.first_url == "https://x/a"


def test_dedup_known_lsh_params_match_datasketch(monkeypatch: pytest.MonkeyPatch) -> None:
    known = dict(dedup._KNOWN_PARAMS)
    monkeypatch.setattr(dedup, "_KNOWN_PARAMS", {})
    dedup.lsh_params.cache_clear()
    try:
        assert {t: dedup.lsh_params(t) for t in known} == known
    finally:
        dedup.lsh_params.cache_clear()
