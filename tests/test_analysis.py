from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from brinkwatch import analysis
from brinkwatch.analysis import AlertParams
from brinkwatch.errors import BrinkwatchError
from brinkwatch.store import Store, open_store

from .analysis_store import AS_OF, build_alert_store, ev, write

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "a.duckdb") as s:
        yield s


@pytest.fixture(scope="module")
def alert_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = build_alert_store(tmp_path_factory.mktemp("alerts") / "alerts.duckdb")
    with open_store(path, read_only=True) as s:
        yield s


# --- helpers -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("k", "rate", "expected"), [
    (0, 2.0, 1.0),
    (1, 0.5, 1 - math.exp(-0.5)),
    (3, 0.5, 1 - math.exp(-0.5) * (1 + 0.5 + 0.125)),
    (6, 1.0, 1 - math.exp(-1) * sum(1 / math.factorial(i) for i in range(6))),
    (2, 0.0, 0.0),
])
def test_analysis_poisson_sf_matches_the_formula(k: int, rate: float, expected: float) -> None:
    assert analysis.poisson_sf(k, rate) == pytest.approx(expected, rel=1e-9, abs=1e-15)


@pytest.mark.parametrize(("k", "rate"), [(5, 0.5), (40, 3.0), (1200, 1000.0), (900, 1000.0), (30, 0.1)])
def test_analysis_poisson_sf_agrees_with_scipy_in_the_tails(k: int, rate: float) -> None:
    stats = pytest.importorskip("scipy.stats")
    assert analysis.poisson_sf(k, rate) == pytest.approx(float(stats.poisson.sf(k - 1, rate)), rel=1e-6)


def test_analysis_corroboration_weight_rises_with_sources_and_stays_below_one() -> None:
    weights = [analysis.corroboration_weight(n) for n in (None, 1, 2, 3, 10)]
    assert weights[:4] == [0.5, 0.5, 0.75, 0.875]
    assert weights[4] < 1


@pytest.mark.parametrize(("actor", "level", "unit"), [
    ({"code": "RUSMIL", "country": "RUS"}, "country", "RUS"),
    ({"code": "IGOUN", "country": None, "org": "UN"}, "country", "IGOUN"),
    ({"code": "OPP", "country": None, "org": None}, "country", None),
    ({"code": "RUSMIL", "country": "RUS"}, "code", "RUSMIL"),
    (None, "country", None),
])
def test_analysis_actor_unit(actor: dict | None, level: str, unit: str | None) -> None:
    assert analysis.actor_unit(actor, level) == unit  # type: ignore[arg-type]


# --- dyad series -------------------------------------------------------------------------------------------------


def test_analysis_dyad_series_counts_by_week_quad_root_and_goldstein(store: Store) -> None:
    monday = dt.date(2024, 5, 6)
    write(store, "a", [ev("a", "RUSMIL", "UKR", "190", monday), ev("a", "RUSMIL", "UKR", "112", monday, index=1),
                       ev("a", "UKRGOV", "RUSGOV", "040", monday + dt.timedelta(days=2), index=2)],
          published=monday)
    write(store, "b", [ev("b", "RUSMIL", "UKR", "190", monday + dt.timedelta(days=15))], published=monday)
    directed = analysis.dyad_series(store, "RUS", "UKR", directed=True)
    assert [p.period for p in directed.points] == ["2024-05-06", "2024-05-13", "2024-05-20"]  # zeros filled
    first = directed.points[0]
    assert (first.events, first.quad, first.roots) == (2, {"1": 0, "2": 0, "3": 1, "4": 1}, {"19": 1, "11": 1})
    assert (first.goldstein_sum, first.goldstein_mean, first.conflict, first.cooperation) == (-12.0, -6.0, 2, 0)
    assert directed.points[1].events == 0 and directed.points[1].goldstein_mean is None
    assert directed.total.events == 3 and directed.total.period == "2024-05-06"
    both = analysis.dyad_series(store, "RUS", "UKR")
    assert both.points[0].events == 3 and both.points[0].cooperation == 1
    daily = analysis.dyad_series(store, "RUS", "UKR", directed=True, interval="day")
    assert len(daily.points) == 16 and daily.points[0].events == 2


def test_analysis_dyad_series_weights_corroboration_and_counts_clusters_not_articles(store: Store) -> None:
    day = dt.date(2024, 5, 8)
    write(store, "a", [ev("a", "RUSMIL", "UKR", "190", day)], published=day, outlet="Wire A")
    write(store, "b", [ev("b", "RUSMIL", "UKR", "190", day)], published=day, outlet="Wire B")  # same event
    write(store, "c", [ev("c", "RUSMIL", "UKR", "130", day)], published=day, outlet="Wire A")
    series = analysis.dyad_series(store, "RUS", "UKR")
    [point] = series.points
    assert (point.events, point.mentions, point.weighted) == (2, 3, 1.25)


def test_analysis_dyad_series_leaves_out_dates_coarser_than_the_interval(store: Store) -> None:
    day = dt.date(2024, 5, 8)
    write(store, "a", [ev("a", "RUS", "UKR", "190", day), ev("a", "RUS", "UKR", "130", dt.date(2024, 1, 1),
                                                            precision="year", index=1),
                       ev("a", "RUS", "UKR", "120", dt.date(2024, 5, 1), precision="month", index=2)],
          published=day)
    weekly = analysis.dyad_series(store, "RUS", "UKR")
    assert weekly.total.events == 1 and weekly.excluded_imprecise == 2
    monthly = analysis.dyad_series(store, "RUS", "UKR", interval="month")
    assert monthly.total.events == 2 and monthly.excluded_imprecise == 1


def test_analysis_dyad_series_since_until_bound_the_periods(store: Store) -> None:
    write(store, "a", [ev("a", "RUS", "UKR", "190", dt.date(2024, 5, 8))], published=dt.date(2024, 5, 8))
    series = analysis.dyad_series(store, "RUS", "UKR", since="2024-04-29", until=dt.date(2024, 5, 19))
    assert [p.period for p in series.points] == ["2024-04-29", "2024-05-06", "2024-05-13"]
    empty = analysis.dyad_series(store, "USA", "CHN")
    assert empty.points == [] and empty.total.events == 0


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"interval": "year"}, "interval"),
    ({"since": "2024-05-10", "until": "2024-05-01"}, "after"),
    ({"since": "yesterday"}, "not a date"),
    ({"a": "RUS,UKR"}, "not an actor code"),
    ({"a": ""}, "not an actor code"),
])
def test_analysis_dyad_series_bad_arguments_raise_clear_errors(store: Store, kwargs: dict, message: str) -> None:
    args = {"a": "RUS", "b": "UKR", **kwargs}
    with pytest.raises(BrinkwatchError, match=message):
        analysis.dyad_series(store, args.pop("a"), args.pop("b"), **args)


def test_analysis_dyad_series_refuses_absurdly_long_daily_series(store: Store) -> None:
    write(store, "a", [ev("a", "RUS", "UKR", "190", dt.date(1950, 1, 1)),
                       ev("a", "RUS", "UKR", "130", dt.date(2024, 1, 1), index=1)], published=dt.date(2024, 1, 1))
    with pytest.raises(BrinkwatchError, match="longer interval"):
        analysis.dyad_series(store, "RUS", "UKR", interval="day")


# --- pressure ----------------------------------------------------------------------------------------------------


def test_analysis_country_pressure_by_partner(alert_store: Store) -> None:
    pressure = analysis.country_pressure(alert_store, "UKR")
    assert pressure.received_conflict == 14 and pressure.sent_conflict == 0  # 8 baseline + 6 surge clusters
    [rus] = pressure.partners
    assert (rus.partner, rus.received_conflict, rus.received_material_conflict) == ("RUS", 14, 12)
    usa = analysis.country_pressure(alert_store, "USA")
    [deu] = usa.partners
    assert (deu.sent_cooperation, deu.received_cooperation, deu.sent_conflict) == (2, 1, 0)
    assert deu.sent_goldstein == pytest.approx(1.0 + 3.5) and deu.received_goldstein == pytest.approx(1.0)


# --- alerts ------------------------------------------------------------------------------------------------------


def test_analysis_alert_fires_on_a_surge_and_lists_its_evidence(alert_store: Store) -> None:
    found = analysis.alerts(alert_store, kind="dyad")
    assert [a.id for a in found] == ["dyad:RUS>UKR:2024-06-30"]  # the steady ISR>PSE dyad does not alert
    alert = found[0]
    assert (alert.window_start, alert.window_end) == ("2024-06-24", "2024-06-30")
    assert (alert.count, alert.material, alert.verbal, alert.baseline_windows) == (6, 4, 2, 8)
    assert alert.baseline_rate == 1.0 and alert.ratio == 6.0
    assert alert.p_value == pytest.approx(analysis.poisson_sf(6, 1.0), rel=1e-2)
    assert alert.weighted == pytest.approx(5 * 0.5 + 0.75)
    assert len(alert.cluster_ids) == 6 and all(c.isdigit() or c.startswith("-") for c in alert.cluster_ids)
    sentences = {e.sentence for e in alert.events}
    assert "A second outlet reported the Russian attack on Ukraine." in sentences
    assert sum("escalated" in s for s in sentences) == 6
    assert all(e.event_id.startswith(e.article_id) and e.url for e in alert.events)
    assert alert.events[0].n_sources == 2  # the corroborated event comes first


def test_analysis_country_alerts_count_conflict_sent_or_received(alert_store: Store) -> None:
    ids = [a.id for a in analysis.alerts(alert_store, kind="country")]
    assert sorted(ids) == ["country:RUS:2024-06-30", "country:UKR:2024-06-30"]


def test_analysis_alert_parameters_change_the_outcome(alert_store: Store) -> None:
    assert analysis.alerts(alert_store, AlertParams(min_count=7), kind="dyad") == []
    assert analysis.alerts(alert_store, AlertParams(alpha=0.0001), kind="dyad") == []
    # with a 4-week baseline of 4 events a week, ISR>PSE's fourth week still does not alert
    assert not [a for a in analysis.alerts(alert_store, AlertParams(baseline_windows=4), kind="dyad")
                if a.source == "ISR"]
    # without enough observed history (the store starts 12 weeks back) nothing can alert
    assert analysis.alerts(alert_store, AlertParams(baseline_windows=20, min_history=13), kind="dyad") == []


def test_analysis_alerts_filter_by_unit_and_window_end(alert_store: Store) -> None:
    assert analysis.alerts(alert_store, unit="UKR", kind="country")[0].country == "UKR"
    assert analysis.alerts(alert_store, unit="PSE") == []
    assert analysis.alerts(alert_store, until="2024-06-29") == []
    assert len(analysis.alerts(alert_store, since="2024-06-30", until="2024-06-30")) == 3


def test_analysis_alerts_as_of_moves_the_windows(alert_store: Store) -> None:
    # a week earlier, RUS>UKR is at its baseline of one event
    assert analysis.alerts(alert_store, as_of=AS_OF - dt.timedelta(days=7)) == []


def test_analysis_a_new_dyad_is_compared_with_the_floor_rate(store: Store) -> None:
    start = dt.date(2024, 1, 1)
    write(store, "old", [ev("old", "USA", "DEU", "040", start, trigger="met")], published=start)
    day = dt.date(2024, 6, 30)
    roots = ("190", "180", "130", "112")
    write(store, "new", [ev("new", "ARM", "AZE", root, day - dt.timedelta(days=k), index=k)
                         for k, root in enumerate(roots)], published=day)
    write(store, "three", [ev("three", "GEO", "RUS", root, day - dt.timedelta(days=k), index=k)
                           for k, root in enumerate(roots[:3])], published=day)
    [alert] = analysis.alerts(store, kind="dyad")
    assert (alert.source, alert.target, alert.baseline_rate, alert.count) == ("ARM", "AZE", 0.5, 4)
    assert alert.p_value < 0.01
    # three events against the floor of 0.5 give p = 0.014: not an alert, but the top of the rising list
    rising = {(r.source, r.target): r for r in analysis.rising(store)}
    assert not rising[("GEO", "RUS")].alert and rising[("GEO", "RUS")].p_value == pytest.approx(0.0144, abs=1e-4)
    assert rising[("ARM", "AZE")].alert


@pytest.mark.parametrize("params", [
    AlertParams(window_days=0), AlertParams(baseline_windows=0), AlertParams(min_history=9),
    AlertParams(min_count=0), AlertParams(alpha=1.5), AlertParams(floor_rate=0), AlertParams(level="city"),  # type: ignore[arg-type]
])
def test_analysis_bad_alert_parameters_raise(alert_store: Store, params: AlertParams) -> None:
    with pytest.raises(BrinkwatchError):
        analysis.alerts(alert_store, params)


def test_analysis_bad_alert_kind_raises(alert_store: Store) -> None:
    with pytest.raises(BrinkwatchError, match="kind"):
        analysis.alerts(alert_store, kind="region")


def test_analysis_rising_scores_the_latest_window(alert_store: Store) -> None:
    rows = analysis.rising(alert_store)
    assert [(r.source, r.target) for r in rows] == [("RUS", "UKR"), ("ISR", "PSE")]
    assert rows[0].alert and not rows[1].alert
    assert rows[1].count == 4 and rows[1].baseline_rate == 4.0


# --- network -----------------------------------------------------------------------------------------------------


def test_analysis_network_nodes_and_weighted_edges(alert_store: Store) -> None:
    net = analysis.network(alert_store)
    edges = {(e.source, e.target): e for e in net.edges}
    assert set(edges) == {("RUS", "UKR"), ("ISR", "PSE"), ("USA", "DEU"), ("DEU", "USA")}
    rus = edges[("RUS", "UKR")]
    assert (rus.conflict, rus.material_conflict, rus.verbal_conflict, rus.cooperation) == (14, 12, 2, 0)
    assert edges[("USA", "DEU")].cooperation == 2 and edges[("USA", "DEU")].conflict == 0
    nodes = {n.id: n for n in net.nodes}
    assert nodes["ISR"].conflict == 52 and nodes["USA"].degree == 1
    last_week = analysis.network(alert_store, since="2024-06-24")
    assert {(e.source, e.target): e.conflict for e in last_week.edges}[("RUS", "UKR")] == 6
    assert [e.source for e in analysis.network(alert_store, min_events=20).edges] == ["ISR"]


# --- lookups -----------------------------------------------------------------------------------------------------


def test_analysis_lookups_find_articles_events_and_clusters(alert_store: Store) -> None:
    events = analysis.article_events(alert_store, next(r["article_id"] for r in alert_store.articles()
                                                       if r["doc_id"] == "surge"))
    assert [e["sentence_index"] for e in events] == [0, 1, 2, 3, 4, 5]
    assert analysis.find_event(alert_store, events[2]["event_id"])["sentence"] == events[2]["sentence"]
    cluster = analysis.find_cluster(alert_store, events[0]["cluster_id"])
    assert cluster is not None and cluster["n_sources"] == 2 and len(cluster["evidence"]) == 2
    assert analysis.find_article(alert_store, events[0]["article_id"])["text"].startswith("Russian forces")
    assert analysis.find_event(alert_store, "nope") is None and analysis.find_article(alert_store, "nope") is None
    assert analysis.find_cluster(alert_store, 12345) is None
    items, more = analysis.page(iter(range(10)), 3, 4)  # type: ignore[arg-type]
    assert (items, more) == ([3, 4, 5, 6], True)
    assert analysis.page(iter(range(5)), 3, 4) == ([3, 4], False)  # type: ignore[arg-type]


def test_analysis_article_spans_merge_events_of_one_sentence_and_find_triggers() -> None:
    text = "Russia attacked Ukraine. Kyiv protested. Then Russia Attacked again."
    events = [
        {"event_id": "a-0", "char_start": 0, "char_end": 24, "quad_class": 4, "cameo": "190", "trigger": "attacked"},
        {"event_id": "a-1", "char_start": 0, "char_end": 24, "quad_class": 3, "cameo": "112", "trigger": "attacked"},
        {"event_id": "a-2", "char_start": 41, "char_end": 68, "quad_class": 4, "cameo": "190",
         "trigger": "attacked again"},
        {"event_id": "a-3", "char_start": 60, "char_end": 500, "quad_class": 4, "cameo": "190", "trigger": "x"},
    ]
    spans = analysis.article_spans(text, events)
    assert [(s.start, s.end, s.event_ids, s.quad_class) for s in spans] == [
        (0, 24, ["a-0", "a-1"], 4), (41, 68, ["a-2"], 4)]
    assert [text[a:b] for a, b in spans[0].triggers] == ["attacked"]
    assert [text[a:b] for a, b in spans[1].triggers] == ["Attacked", "again"]


# --- boundaries --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["analysis.py", "api.py", "report.py"])
def test_analysis_modules_speak_no_sql(module: str) -> None:
    source = (ROOT / "src" / "brinkwatch" / module).read_text(encoding="utf-8")
    assert "duckdb" not in source and "SELECT " not in source and ".sql(" not in source
