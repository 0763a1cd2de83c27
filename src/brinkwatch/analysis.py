"""Where tension rises: dyad series, country pressure, alerts and networks. Pure functions over an event store.

Everything here counts **event clusters** (``Store.clusters``: the same event reported by several articles counts
once), never raw mentions, so a wire story syndicated ten times does not look like ten attacks. Each count comes
with a *corroboration-weighted* count: an event reported by ``n`` distinct sources weighs ``1 - 0.5 ** n`` (0.5 for
one source, 0.75 for two, 0.875 for three, never more than 1): the chance that at least one report is right if each
independent source were right half the time. It rewards corroboration without letting a media frenzy over one
event outweigh many separate events.

Actors are grouped into *units*: at ``level="country"`` (the default) an actor's ISO country (RUSMIL, RUSGOV and
a Russian minister are all RUS), else its code when it is an organisation (IGOUN, IGONATO); generic agents without a
country ("protesters", "gunmen") belong to no unit and are left out of alerts and networks. At ``level="code"`` the
unit is the full CAMEO actor code.

Dates: a series or alert window only counts events whose date is at least as precise as its period (a daily series
counts day-precision events; a weekly one day and week precision; a monthly one month too); the others are counted
as ``excluded_imprecise``, so an event dated only "2022" never lands on January 1st.

Only ``store.py`` speaks SQL: these functions read ``Store.clusters(...)`` (with ``evidence=True`` for the
sentences behind an alert) and ``Store.articles(...)``, and aggregate in Python.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from .errors import BrinkwatchError
from .ingest import require_date

if TYPE_CHECKING:
    from .store import Store

__all__ = [
    "QUAD_CLASSES",
    "Alert",
    "AlertEvidence",
    "AlertParams",
    "DyadSeries",
    "Network",
    "NetworkEdge",
    "NetworkNode",
    "PartnerPressure",
    "Pressure",
    "Rising",
    "SeriesPoint",
    "Span",
    "actor_unit",
    "alerts",
    "article_events",
    "article_spans",
    "corroboration_weight",
    "country_pressure",
    "dyad_series",
    "find_article",
    "find_cluster",
    "find_event",
    "network",
    "page",
    "poisson_sf",
    "rising",
]

QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
CONFLICT = (3, 4)
COOPERATION = (1, 2)
Interval = Literal["day", "week", "month"]
Level = Literal["country", "code"]
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
_INTERVAL_RANK = {"day": 0, "week": 1, "month": 2}
MAX_PERIODS = 20_000


# --- small helpers -----------------------------------------------------------------------------------------------


def corroboration_weight(n_sources: int | None) -> float:
    """``1 - 0.5 ** n``: 0.5 for an event from one source, 0.75 for two, 0.875 for three (see the module docs)."""
    n = max(1, int(n_sources or 1))
    return 1.0 - 0.5 ** n


def poisson_sf(k: int, rate: float) -> float:
    """P(X >= k) for X ~ Poisson(rate): the one-sided p-value of seeing ``k`` or more events at ``rate``.

    Computed in log space, summing the upper tail directly when ``k`` is above the rate, so tiny p-values keep
    their precision and large rates do not underflow."""
    if k <= 0:
        return 1.0
    if rate <= 0:
        return 0.0
    log_rate = math.log(rate)
    if k > rate:
        log_term = -rate + k * log_rate - math.lgamma(k + 1)
        total = 0.0
        i = k
        while True:
            term = math.exp(log_term)
            total += term
            i += 1
            if term <= total * 1e-17 or i > k + 100_000:
                break
            log_term += log_rate - math.log(i)
        return min(1.0, total)
    lower = sum(math.exp(-rate + i * log_rate - math.lgamma(i + 1)) for i in range(k))
    return min(1.0, max(0.0, 1.0 - lower))


def actor_unit(actor: dict[str, Any] | None, level: Level = "country") -> str | None:
    """The unit an actor counts for: its country (else its code if it is an organisation) at ``level="country"``,
    its CAMEO code at ``level="code"``; None for generic agents with no country ("protesters")."""
    if not actor:
        return None
    code = actor.get("code")
    if level == "code":
        return code or None
    country = actor.get("country")
    if country:
        return str(country)
    if actor.get("org") and code:
        return str(code)
    return None


def _check_code(value: str, what: str) -> str:
    text = (value or "").strip()
    if not text or "," in text or len(text) > 120:
        raise BrinkwatchError(f"{what} {value!r} is not an actor code (RUS, RUSMIL, IGOUN) or knowledge-base id")
    return text


def _period_start(day: dt.date, interval: Interval) -> dt.date:
    if interval == "day":
        return day
    if interval == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next_period(start: dt.date, interval: Interval) -> dt.date:
    if interval == "day":
        return start + dt.timedelta(days=1)
    if interval == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _precise_enough(precision: str | None, interval: Interval) -> bool:
    return _PRECISION_RANK.get(precision or "", 9) <= _INTERVAL_RANK[interval]


def _matches(actor: dict[str, Any] | None, query: str) -> bool:
    """The store's actor rule: a code prefix (RUS matches RUSMIL) or an exact knowledge-base id."""
    if not actor:
        return False
    if ":" in query:
        return actor.get("kb_id") == query
    return str(actor.get("code") or "").startswith(query.upper())


def _dyad_clusters(store: Store, a: str, b: str, directed: bool, **filters: Any) -> list[dict[str, Any]]:
    rows: dict[int, dict[str, Any]] = {}
    pairs = [(a, b)] if directed or a == b else [(a, b), (b, a)]
    for src, tgt in pairs:
        for row in store.clusters(dyad=[src, tgt], **filters):
            rows[row["cluster_id"]] = row
    return list(rows.values())


def _date_filters(since: dt.date | None, until: dt.date | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if since is not None:
        out["since"] = since
    if until is not None:
        out["until"] = until
    return out


# --- dyad series -------------------------------------------------------------------------------------------------


@dataclass
class SeriesPoint:
    """One period of a series: event clusters by QuadClass and CAMEO root, Goldstein sum and mean, weighted count."""

    period: str  # first day of the period, YYYY-MM-DD
    end: str  # last day of the period
    events: int = 0  # event clusters
    mentions: int = 0  # evidence sentences behind them
    weighted: float = 0.0  # corroboration-weighted count
    quad: dict[str, int] = field(default_factory=lambda: {str(q): 0 for q in QUAD_CLASSES})
    roots: dict[str, int] = field(default_factory=dict)  # CAMEO root -> event clusters
    goldstein_sum: float = 0.0
    goldstein_mean: float | None = None
    conflict: int = 0  # QuadClass 3 + 4
    cooperation: int = 0  # QuadClass 1 + 2

    def add(self, row: dict[str, Any]) -> None:
        self.events += 1
        self.mentions += int(row.get("n_mentions") or 1)
        self.weighted = round(self.weighted + corroboration_weight(row.get("n_sources")), 6)
        quad = int(row.get("quad_class") or 0)
        if quad in QUAD_CLASSES:
            self.quad[str(quad)] += 1
        if quad in CONFLICT:
            self.conflict += 1
        elif quad in COOPERATION:
            self.cooperation += 1
        root = row.get("cameo_root")
        if root:
            self.roots[root] = self.roots.get(root, 0) + 1
        self.goldstein_sum = round(self.goldstein_sum + float(row.get("goldstein") or 0.0), 6)
        self.goldstein_mean = round(self.goldstein_sum / self.events, 3)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DyadSeries:
    """Event counts for an actor pair per period, every period between the first and last included (zeros too)."""

    a: str
    b: str
    directed: bool
    interval: str
    since: str | None
    until: str | None
    points: list[SeriesPoint]
    total: SeriesPoint
    excluded_imprecise: int  # clusters whose date is coarser than the interval
    undated: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def dyad_series(store: Store, a: str, b: str, *, directed: bool = False, interval: Interval = "week",
                since: dt.date | str | None = None, until: dt.date | str | None = None,
                min_sources: int | None = None) -> DyadSeries:
    """Event clusters between ``a`` and ``b`` (code prefixes such as RUS or RUSMIL, or knowledge-base ids) per
    ``interval``: A -> B only when ``directed``, both directions otherwise."""
    a, b = _check_code(a, "actor"), _check_code(b, "actor")
    if interval not in _INTERVAL_RANK:
        raise BrinkwatchError(f"interval {interval!r}: choose day, week or month")
    lo, hi = require_date(since, "since"), require_date(until, "until")
    if lo and hi and lo > hi:
        raise BrinkwatchError(f"since {lo} is after until {hi}")
    filters = _date_filters(lo, hi)
    if min_sources:
        filters["min_sources"] = int(min_sources)
    rows = _dyad_clusters(store, a, b, directed, **filters)
    by_period: dict[dt.date, SeriesPoint] = {}
    total = SeriesPoint(period=str(lo or ""), end=str(hi or ""))
    imprecise = undated = 0
    for row in rows:
        day = require_date(row.get("date"), "date")
        if day is None:
            undated += 1
            continue
        if not _precise_enough(row.get("date_precision"), interval):
            imprecise += 1
            continue
        start = _period_start(day, interval)
        point = by_period.get(start)
        if point is None:
            end = _next_period(start, interval) - dt.timedelta(days=1)
            point = by_period[start] = SeriesPoint(period=start.isoformat(), end=end.isoformat())
        point.add(row)
        total.add(row)
    points: list[SeriesPoint] = []
    if by_period or (lo and hi):
        first = _period_start(lo, interval) if lo else min(by_period)
        last = _period_start(hi, interval) if hi else max(by_period)
        if by_period:
            first, last = min(first, min(by_period)), max(last, max(by_period))
        start = first
        while start <= last:
            if len(points) >= MAX_PERIODS:
                raise BrinkwatchError(f"more than {MAX_PERIODS} {interval}s between {first} and {last}: use a longer "
                                      f"interval or a shorter period (since/until)")
            end = _next_period(start, interval) - dt.timedelta(days=1)
            points.append(by_period.get(start) or SeriesPoint(period=start.isoformat(), end=end.isoformat()))
            start = _next_period(start, interval)
        total.period, total.end = points[0].period, points[-1].end
    return DyadSeries(a=a, b=b, directed=directed, interval=interval, since=lo.isoformat() if lo else None,
                      until=hi.isoformat() if hi else None, points=points, total=total,
                      excluded_imprecise=imprecise, undated=undated)


# --- country pressure --------------------------------------------------------------------------------------------


@dataclass
class PartnerPressure:
    """What one country receives from and sends to one partner (event clusters; Goldstein sums)."""

    partner: str  # a unit; "(none)" for events with no other side
    name: str | None = None
    received_conflict: int = 0
    received_material_conflict: int = 0
    received_cooperation: int = 0
    received_goldstein: float = 0.0
    sent_conflict: int = 0
    sent_material_conflict: int = 0
    sent_cooperation: int = 0
    sent_goldstein: float = 0.0
    weighted_conflict: float = 0.0  # corroboration-weighted, both directions

    @property
    def conflict(self) -> int:
        return self.received_conflict + self.sent_conflict


@dataclass
class Pressure:
    """Conflict and cooperation a country receives and sends, by partner, most conflict first."""

    country: str
    since: str | None
    until: str | None
    received_conflict: int
    received_cooperation: int
    sent_conflict: int
    sent_cooperation: int
    internal: int  # events with the country on both sides
    partners: list[PartnerPressure]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def country_pressure(store: Store, country: str, *, since: dt.date | str | None = None,
                     until: dt.date | str | None = None, level: Level = "country") -> Pressure:
    """For ``country`` (a code prefix, e.g. RUS, or a knowledge-base id), the conflict (QuadClass 3, 4) and
    cooperation (1, 2) it receives (as target) and sends (as source), by partner unit."""
    country = _check_code(country, "country")
    lo, hi = require_date(since, "since"), require_date(until, "until")
    partners: dict[str, PartnerPressure] = {}
    totals = Counter[str]()
    for row in store.clusters(actor=country, **_date_filters(lo, hi)):
        quad = int(row.get("quad_class") or 0)
        goldstein = float(row.get("goldstein") or 0.0)
        is_source, is_target = _matches(row.get("source"), country), _matches(row.get("target"), country)
        if is_source and is_target:
            totals["internal"] += 1
            continue
        if not (is_source or is_target):  # matched by a mention's knowledge-base id, not the cluster's actors
            continue
        other = row.get("target") if is_source else row.get("source")
        key = actor_unit(other, level) or (other or {}).get("code") or "(none)"
        item = partners.get(key)
        if item is None:
            item = partners[key] = PartnerPressure(partner=key)
        if other and (item.name is None or other.get("code") == key):
            item.name = other.get("name")
        side = "sent" if is_source else "received"
        if quad in CONFLICT:
            setattr(item, f"{side}_conflict", getattr(item, f"{side}_conflict") + 1)
            if quad == 4:
                setattr(item, f"{side}_material_conflict", getattr(item, f"{side}_material_conflict") + 1)
            item.weighted_conflict = round(item.weighted_conflict + corroboration_weight(row.get("n_sources")), 6)
            totals[f"{side}_conflict"] += 1
        elif quad in COOPERATION:
            setattr(item, f"{side}_cooperation", getattr(item, f"{side}_cooperation") + 1)
            totals[f"{side}_cooperation"] += 1
        setattr(item, f"{side}_goldstein", round(getattr(item, f"{side}_goldstein") + goldstein, 6))
    ranked = sorted(partners.values(), key=lambda p: (-p.conflict, -(p.received_cooperation + p.sent_cooperation),
                                                      p.partner))
    return Pressure(country=country, since=lo.isoformat() if lo else None, until=hi.isoformat() if hi else None,
                    received_conflict=totals["received_conflict"], received_cooperation=totals["received_cooperation"],
                    sent_conflict=totals["sent_conflict"], sent_cooperation=totals["sent_cooperation"],
                    internal=totals["internal"], partners=ranked)


# --- alerts ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertParams:
    """Parameters of the alert test (see ``alerts``). The defaults suit a daily news feed watched weekly."""

    window_days: int = 7  # length of the tested window and of each baseline window
    baseline_windows: int = 8  # how many windows before it form the baseline (8 weeks)
    min_history: int = 4  # observed baseline windows needed before a unit can alert at all
    min_count: int = 3  # conflict events needed in the window: one or two events are never an alert
    alpha: float = 0.01  # one-sided Poisson p-value below which the window alerts
    floor_rate: float = 0.5  # the baseline rate is never taken below this (events per window)
    level: Level = "country"

    def check(self) -> AlertParams:
        problems = []
        if not 1 <= self.window_days <= 366:
            problems.append("window_days must be from 1 to 366")
        if not 1 <= self.baseline_windows <= 520:
            problems.append("baseline_windows must be from 1 to 520")
        if not 0 <= self.min_history <= self.baseline_windows:
            problems.append("min_history must be from 0 to baseline_windows")
        if self.min_count < 1:
            problems.append("min_count must be at least 1")
        if not 0 < self.alpha < 1:
            problems.append("alpha must be between 0 and 1")
        if not self.floor_rate > 0:
            problems.append("floor_rate must be above 0")
        if self.level not in ("country", "code"):
            problems.append("level must be country or code")
        if problems:
            raise BrinkwatchError("; ".join(problems))
        return self


@dataclass
class AlertEvidence:
    """One evidence sentence behind an alert: the coded event, its sentence and its article."""

    event_id: str
    article_id: str
    cluster_id: str
    date: str | None
    cameo: str | None
    quad_class: int
    source: str | None
    target: str | None
    sentence: str
    title: str | None
    url: str | None
    outlet: str | None
    n_sources: int


@dataclass
class Alert:
    """A unit (a directed dyad or a country) whose conflict in a window is far above its own baseline."""

    id: str  # "dyad:RUS>UKR:2022-02-24" or "country:UKR:2022-02-24" (kind, unit, window end)
    kind: str  # dyad | country
    source: str | None  # dyad alerts
    target: str | None
    country: str | None  # country alerts: conflict the country sent or received
    window_start: str
    window_end: str
    count: int  # conflict event clusters in the window (QuadClass 3 + 4)
    verbal: int
    material: int
    weighted: float
    goldstein_sum: float
    baseline_rate: float  # expected events per window (mean of the observed baseline windows, floored)
    baseline_windows: int  # observed windows in the baseline
    ratio: float  # count / baseline_rate
    p_value: float
    cluster_ids: list[str]
    events: list[AlertEvidence]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Rising:
    """A unit's conflict in the latest window against its baseline (scored like an alert, without a threshold)."""

    kind: str
    source: str | None
    target: str | None
    country: str | None
    window_start: str
    window_end: str
    count: int
    baseline_rate: float
    ratio: float
    p_value: float
    alert: bool


@dataclass
class _Cell:
    count: int = 0
    verbal: int = 0
    material: int = 0
    weighted: float = 0.0
    goldstein: float = 0.0
    clusters: list[dict[str, Any]] = field(default_factory=list)


class _Scan:
    """Conflict clusters per unit and window, counting windows back from ``as_of`` (window 0 ends on it)."""

    def __init__(self, store: Store, params: AlertParams, as_of: dt.date | None, kinds: tuple[str, ...]) -> None:
        self.params = params
        rows = [r for q in CONFLICT for r in store.clusters(quad_class=q)
                if r.get("date") and _PRECISION_RANK.get(r.get("date_precision") or "", 9) <= 1]
        dates = [dt.date.fromisoformat(r["date"]) for r in rows]
        today = dt.date.today()
        self.as_of = as_of or min(max(dates, default=today), today)
        self.coverage = _coverage_start(store) or min(dates, default=self.as_of)
        self.cells: dict[tuple[str, str], dict[int, _Cell]] = defaultdict(dict)
        width = params.window_days
        for row, day in zip(rows, dates, strict=True):
            if day > self.as_of:
                continue
            index = (self.as_of - day).days // width
            for unit in self._units(row, kinds):
                cell = self.cells[unit].get(index)
                if cell is None:
                    cell = self.cells[unit][index] = _Cell()
                quad = int(row["quad_class"])
                cell.count += 1
                cell.verbal += quad == 3
                cell.material += quad == 4
                cell.weighted = round(cell.weighted + corroboration_weight(row.get("n_sources")), 6)
                cell.goldstein = round(cell.goldstein + float(row.get("goldstein") or 0.0), 6)
                cell.clusters.append(row)

    def _units(self, row: dict[str, Any], kinds: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        level = self.params.level
        src, tgt = actor_unit(row.get("source"), level), actor_unit(row.get("target"), level)
        if "dyad" in kinds and src and tgt and src != tgt:
            yield "dyad", f"{src}>{tgt}"
        if "country" in kinds:
            for unit in dict.fromkeys(u for u in (src, tgt) if u):
                yield "country", unit

    def window(self, index: int) -> tuple[dt.date, dt.date]:
        end = self.as_of - dt.timedelta(days=index * self.params.window_days)
        return end - dt.timedelta(days=self.params.window_days - 1), end

    def observed(self, index: int) -> bool:
        return self.window(index)[1] >= self.coverage

    def score(self, windows: dict[int, _Cell], index: int) -> tuple[int, float, float, float] | None:
        """(observed baseline windows, baseline rate, ratio, p-value) for window ``index``; None without history."""
        p = self.params
        history = [i for i in range(index + 1, index + 1 + p.baseline_windows) if self.observed(i)]
        if len(history) < max(1, p.min_history):
            return None
        base = sum(windows[i].count for i in history if i in windows) / len(history)
        rate = max(base, p.floor_rate)
        count = windows[index].count if index in windows else 0
        return len(history), round(rate, 4), round(count / rate, 3), poisson_sf(count, rate)


def _coverage_start(store: Store) -> dt.date | None:
    """When the store started watching: the first publication date of a coded article."""
    first: dt.date | None = None
    for row in store.articles(status="coded"):
        day = require_date(row.get("published"), "published")
        if day is not None and (first is None or day < first):
            first = day
    return first


def _unit_fields(kind: str, unit: str) -> dict[str, str | None]:
    if kind == "dyad":
        source, target = unit.split(">", 1)
        return {"source": source, "target": target, "country": None}
    return {"source": None, "target": None, "country": unit}


def _kinds(kind: str) -> tuple[str, ...]:
    if kind not in ("dyad", "country", "both"):
        raise BrinkwatchError(f"alert kind {kind!r}: choose dyad, country or both")
    return ("dyad", "country") if kind == "both" else (kind,)


def alerts(store: Store, params: AlertParams | None = None, *, kind: str = "both", as_of: dt.date | str | None = None,
           since: dt.date | str | None = None, until: dt.date | str | None = None, unit: str | None = None,
           evidence: int = 25) -> list[Alert]:
    """Windows in which a directed dyad's or a country's conflict rises far above its own baseline.

    Method. Time is cut into windows of ``window_days`` counted back from ``as_of`` (default: the latest dated
    conflict event, at most today). For every unit (a directed dyad A>B of countries or organisations, or a
    country, counting conflict it sends or receives) and window, ``k`` is the number of conflict event clusters
    (QuadClass 3 verbal + 4 material conflict, dated to the day or week) in the window. Its baseline rate is the
    mean count over the ``baseline_windows`` windows before it (only windows after the store's first article, at
    least ``min_history`` of them), floored at ``floor_rate``. The window alerts when ``k >= min_count`` and the
    one-sided Poisson test P(X >= k | rate) is below ``alpha``.

    Why. Event counts per dyad are small, sparse integers: most weeks are zero, so a rolling z-score divides by a
    standard deviation of zero or near zero and fires on any single event, while the Poisson tail is exact for
    small counts. News counts are over-dispersed (bursts of coverage), which makes a pure Poisson test too eager;
    the minimum count, the rate floor (a dyad never seen before is treated as if it had one event every other
    window) and the strict alpha offset that, and counting deduplicated clusters, not articles, keeps one
    syndicated story from looking like a burst. No multiple-testing correction is applied: the p-value is for
    ranking and each alert lists the events behind it, so an analyst can judge it in one click.

    ``since``/``until`` choose which windows (by their end date) are reported; ``unit`` keeps one unit ("RUS>UKR"
    or "UKR"). Alerts come newest window first, then by p-value; each lists up to ``evidence`` sentences.
    """
    p = (params or AlertParams()).check()
    kinds = _kinds(kind)
    lo, hi = require_date(since, "since"), require_date(until, "until")
    scan = _Scan(store, p, require_date(as_of, "as_of"), kinds)
    found: list[tuple[str, str, int, _Cell, tuple[int, float, float, float]]] = []
    for (k, u), windows in scan.cells.items():
        if unit is not None and u != unit:
            continue
        for index, cell in windows.items():
            if cell.count < p.min_count:
                continue
            start, end = scan.window(index)
            if (lo and end < lo) or (hi and end > hi):
                continue
            score = scan.score(windows, index)
            if score is None or score[3] >= p.alpha:
                continue
            found.append((k, u, index, cell, score))
    found.sort(key=lambda f: (f[2], f[4][3], -f[3].count, f[0], f[1]))
    sentences = _EvidenceFinder(store)
    out: list[Alert] = []
    for k, u, index, cell, (n_history, rate, ratio, pvalue) in found:
        start, end = scan.window(index)
        ids = [str(r["cluster_id"]) for r in sorted(cell.clusters, key=lambda r: (r["date"], r["cluster_id"]))]
        out.append(Alert(
            id=f"{k}:{u}:{end.isoformat()}", kind=k, **_unit_fields(k, u), window_start=start.isoformat(),
            window_end=end.isoformat(), count=cell.count, verbal=cell.verbal, material=cell.material,
            weighted=cell.weighted, goldstein_sum=cell.goldstein, baseline_rate=rate, baseline_windows=n_history,
            ratio=ratio, p_value=float(f"{pvalue:.3g}"), cluster_ids=ids,
            events=sentences.find(start, end, cell.clusters, limit=evidence)))
    return out


def rising(store: Store, params: AlertParams | None = None, *, kind: str = "dyad",
           as_of: dt.date | str | None = None, limit: int = 20) -> list[Rising]:
    """Units with conflict in the latest window, scored against their baseline like ``alerts`` (most surprising
    first); ``alert`` says whether the window passes the alert test."""
    p = (params or AlertParams()).check()
    scan = _Scan(store, p, require_date(as_of, "as_of"), _kinds(kind))
    start, end = scan.window(0)
    out: list[Rising] = []
    for (k, u), windows in scan.cells.items():
        if 0 not in windows:
            continue
        score = scan.score(windows, 0)
        count = windows[0].count
        if score is None:  # no history: compare with the floor only
            rate = p.floor_rate
            score = (0, rate, round(count / rate, 3), poisson_sf(count, rate))
        _, rate, ratio, pvalue = score
        out.append(Rising(kind=k, **_unit_fields(k, u), window_start=start.isoformat(), window_end=end.isoformat(),
                          count=count, baseline_rate=rate, ratio=ratio, p_value=float(f"{pvalue:.3g}"),
                          alert=count >= p.min_count and pvalue < p.alpha and score[0] >= max(1, p.min_history)))
    out.sort(key=lambda r: (r.p_value, -r.count, r.kind, r.source or r.country or "", r.target or ""))
    return out[:limit]


class _EvidenceFinder:
    """The sentences of the clusters behind an alert (``Store.clusters(evidence=True)`` over the window's dates)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._cache: dict[tuple[dt.date, dt.date], dict[int, dict[str, Any]]] = {}

    def find(self, start: dt.date, end: dt.date, clusters: Iterable[dict[str, Any]], *,
             limit: int) -> list[AlertEvidence]:
        key = (start, end)
        if key not in self._cache:
            rows: dict[int, dict[str, Any]] = {}
            for q in CONFLICT:
                for row in self.store.clusters(evidence=True, since=start, until=end, quad_class=q):
                    rows[row["cluster_id"]] = row
            self._cache[key] = rows
        found = self._cache[key]
        out: list[AlertEvidence] = []
        for cluster in sorted(clusters, key=lambda r: (-(r.get("n_sources") or 1), r["date"], r["cluster_id"])):
            full = found.get(cluster["cluster_id"], cluster)
            for item in full.get("evidence") or []:
                if len(out) >= limit:
                    return out
                out.append(AlertEvidence(
                    event_id=item["event_id"], article_id=item["article_id"], cluster_id=str(cluster["cluster_id"]),
                    date=item.get("date"), cameo=item.get("cameo"), quad_class=int(cluster["quad_class"]),
                    source=(cluster.get("source") or {}).get("code"), target=(cluster.get("target") or {}).get("code"),
                    sentence=item.get("sentence") or "", title=item.get("title"), url=item.get("url"),
                    outlet=item.get("outlet"), n_sources=int(cluster.get("n_sources") or 1)))
        return out


def _names_unit(actor: dict[str, Any], unit: str) -> bool:
    """True when the actor's name is the unit's own name (Russia for RUS, not a Russian minister)."""
    kb_id = str(actor.get("kb_id") or "")
    return bool(actor.get("name")) and (kb_id in (f"country:{unit}",) or (
        kb_id.startswith("org:") and actor.get("code") == unit))


# --- network -----------------------------------------------------------------------------------------------------


@dataclass
class NetworkNode:
    id: str  # the unit
    label: str
    conflict: int  # conflict event clusters it takes part in
    cooperation: int
    degree: int  # partners linked to it


@dataclass
class NetworkEdge:
    """Directed: ``source`` did to ``target``. Weights are event-cluster counts (and corroboration-weighted)."""

    source: str
    target: str
    conflict: int
    verbal_conflict: int
    material_conflict: int
    cooperation: int
    weighted_conflict: float
    weighted_cooperation: float
    goldstein_sum: float


@dataclass
class Network:
    since: str | None
    until: str | None
    level: str
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def network(store: Store, *, since: dt.date | str | None = None, until: dt.date | str | None = None,
            level: Level = "country", min_events: int = 1, limit: int = 200) -> Network:
    """Actors (units) as nodes and directed, weighted conflict and cooperation edges for a period; edges with fewer
    than ``min_events`` event clusters are dropped, and at most ``limit`` edges (the heaviest) are kept."""
    if level not in ("country", "code"):
        raise BrinkwatchError(f"level {level!r}: choose country or code")
    if min_events < 1 or limit < 1:
        raise BrinkwatchError("min_events and limit must be at least 1")
    lo, hi = require_date(since, "since"), require_date(until, "until")
    edges: dict[tuple[str, str], NetworkEdge] = {}
    labels: dict[str, str] = {}
    for row in store.clusters(**_date_filters(lo, hi)):
        src, tgt = actor_unit(row.get("source"), level), actor_unit(row.get("target"), level)
        if not src or not tgt or src == tgt:
            continue
        for unit, actor in ((src, row["source"]), (tgt, row["target"])):
            if unit not in labels and _names_unit(actor, unit):
                labels[unit] = actor["name"]
        edge = edges.get((src, tgt))
        if edge is None:
            edge = edges[(src, tgt)] = NetworkEdge(src, tgt, 0, 0, 0, 0, 0.0, 0.0, 0.0)
        quad = int(row.get("quad_class") or 0)
        weight = corroboration_weight(row.get("n_sources"))
        if quad in CONFLICT:
            edge.conflict += 1
            edge.verbal_conflict += quad == 3
            edge.material_conflict += quad == 4
            edge.weighted_conflict = round(edge.weighted_conflict + weight, 6)
        elif quad in COOPERATION:
            edge.cooperation += 1
            edge.weighted_cooperation = round(edge.weighted_cooperation + weight, 6)
        edge.goldstein_sum = round(edge.goldstein_sum + float(row.get("goldstein") or 0.0), 6)
    kept = [e for e in edges.values() if e.conflict + e.cooperation >= min_events]
    kept.sort(key=lambda e: (-(e.conflict + e.cooperation), -e.conflict, e.source, e.target))
    kept = kept[:limit]
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    partners: dict[str, set[str]] = defaultdict(set)
    for e in kept:
        for unit, other in ((e.source, e.target), (e.target, e.source)):
            stats[unit]["conflict"] += e.conflict
            stats[unit]["cooperation"] += e.cooperation
            partners[unit].add(other)
    nodes = [NetworkNode(id=u, label=labels.get(u, u), conflict=stats[u]["conflict"],
                         cooperation=stats[u]["cooperation"], degree=len(partners[u]))
             for u in sorted(stats, key=lambda u: (-(stats[u]["conflict"] + stats[u]["cooperation"]), u))]
    return Network(since=lo.isoformat() if lo else None, until=hi.isoformat() if hi else None, level=level,
                   nodes=nodes, edges=kept)


# --- lookups the store has no query for yet ----------------------------------------------------------------------
# Each scans ``Store.articles``/``Store.events``/``Store.clusters`` in Python. Linear in the store's size: fine for a
# desk-sized store, slow for millions of events (store methods that would make them fast are named in each).


def page(rows: Iterable[dict[str, Any]], offset: int, limit: int) -> tuple[list[dict[str, Any]], bool]:
    """Rows ``offset .. offset + limit`` of a stream, and whether more follow (``Result`` has no OFFSET yet)."""
    items: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        if i < offset:
            continue
        if len(items) == limit:
            return items, True
        items.append(row)
    return items, False


def find_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One stored article with its text (would be ``Store.article(article_id)``)."""
    for row in store.articles(text=True):
        if row["article_id"] == article_id:
            return row
    return None


def article_events(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The coded events of one article, in text order (would be ``Store.events(article_id=...)``)."""
    rows = [r for r in store.events() if r["article_id"] == article_id]
    return sorted(rows, key=lambda r: (r["char_start"], r["event_id"]))


def find_event(store: Store, event_id: str) -> dict[str, Any] | None:
    """One coded event (would be ``Store.events(event_id=...)``)."""
    for row in store.events():
        if row["event_id"] == event_id:
            return row
    return None


def find_cluster(store: Store, cluster_id: int) -> dict[str, Any] | None:
    """One event cluster with its mentions (would be ``Store.clusters(cluster_id=..., evidence=True)``)."""
    found = next((r for r in store.clusters() if r["cluster_id"] == cluster_id), None)
    if found is None:
        return None
    narrow: dict[str, Any] = {"root": found["cameo_root"]} if found.get("cameo_root") else {}
    if found.get("date"):
        narrow.update(since=found["date"], until=found["date"])
    for row in store.clusters(evidence=True, **narrow):
        if row["cluster_id"] == cluster_id:
            return row
    return found


@dataclass
class Span:
    """A stretch of an article's text that is the evidence of coded events, with the trigger words inside it."""

    start: int
    end: int
    event_ids: list[str]
    quad_class: int  # the most conflictual QuadClass of its events
    cameo: list[str]
    triggers: list[tuple[int, int]]  # character ranges of the trigger words, inside [start, end)


def article_spans(text: str, events: Iterable[dict[str, Any]]) -> list[Span]:
    """Evidence sentences of ``events`` as non-overlapping character spans of ``text`` (events on the same sentence
    share one span), each with the ranges of its trigger words; spans whose offsets do not fit the text are left
    out."""
    spans: dict[tuple[int, int], Span] = {}
    for event in events:
        start, end = int(event.get("char_start") or 0), int(event.get("char_end") or 0)
        if not 0 <= start < end <= len(text):
            continue
        span = spans.get((start, end))
        if span is None:
            span = spans[(start, end)] = Span(start, end, [], 0, [], [])
        span.event_ids.append(str(event.get("event_id")))
        span.quad_class = max(span.quad_class, int(event.get("quad_class") or 0))
        if event.get("cameo") and event["cameo"] not in span.cameo:
            span.cameo.append(event["cameo"])
        sentence = text[start:end]
        for word in str(event.get("trigger") or "").split():
            match = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", sentence, flags=re.IGNORECASE)
            if match is not None:
                pair = (start + match.start(), start + match.end())
                if pair not in span.triggers:
                    span.triggers.append(pair)
    out: list[Span] = []
    for span in sorted(spans.values(), key=lambda s: (s.start, -s.end)):
        if out and span.start < out[-1].end:  # overlapping sentences: keep the first, fold the events in
            out[-1].event_ids.extend(span.event_ids)
            out[-1].quad_class = max(out[-1].quad_class, span.quad_class)
            continue
        span.triggers.sort()
        out.append(span)
    return out
