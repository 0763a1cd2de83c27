"""Dyad trends for people: a terminal table, a PNG plot (matplotlib, Agg) and a self-contained HTML report.

``brinkwatch trends A B [--plot out.png]`` and ``brinkwatch report A B -o report.html`` are thin commands over these
functions. The HTML report has no scripts and loads nothing: the chart is an inline base64 PNG, the styles are
inline, a Content-Security-Policy forbids everything else, and every piece of text from the store (sentences,
titles, names, URLs) goes through ``html.escape``; links to articles are kept only when they are http(s) URLs.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import math
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, analysis
from .analysis import QUAD_CLASSES, Alert, AlertParams, DyadSeries
from .errors import BrinkwatchError

if TYPE_CHECKING:
    from .store import Store

__all__ = ["plot_series", "render_report", "trends_table", "write_plot", "write_report"]

QUAD_COLORS = {1: "#7fb88f", 2: "#2e7d4f", 3: "#e8a33d", 4: "#c0392b"}
MAX_EVIDENCE = 200


# --- terminal table ----------------------------------------------------------------------------------------------


def trends_table(series: DyadSeries, root_names: dict[str, str] | None = None) -> Iterator[str]:
    """Lines of a table of the periods with events (empty periods are counted in the last line)."""
    names = root_names or {}
    yield (f"{'PERIOD':<10} {'EVENTS':>6} {'VCOOP':>6} {'MCOOP':>6} {'VCONF':>6} {'MCONF':>6} {'GS SUM':>8} "
           f"{'GS MEAN':>8} {'WEIGHTED':>8}  TOP CAMEO ROOTS")
    empty = 0
    for p in series.points:
        if not p.events:
            empty += 1
            continue
        yield _table_row(p.period, p, names)
    t = series.total
    if series.points:
        yield _table_row("total", t, names)
    notes = []
    if empty:
        notes.append(f"{empty} {series.interval}(s) without events not shown")
    if series.excluded_imprecise:
        notes.append(f"{series.excluded_imprecise} event(s) dated less precisely than a {series.interval} left out")
    if series.undated:
        notes.append(f"{series.undated} undated event(s) left out")
    if notes:
        yield "(" + "; ".join(notes) + ")"


def _table_row(label: str, p: analysis.SeriesPoint, names: dict[str, str]) -> str:
    roots = sorted(p.roots.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    top = ", ".join(f"{r} {names.get(r, '')}".strip() + f" {n}" for r, n in roots)
    mean = f"{p.goldstein_mean:.2f}" if p.goldstein_mean is not None else "-"
    return (f"{label:<10} {p.events:>6} {p.quad['1']:>6} {p.quad['2']:>6} {p.quad['3']:>6} {p.quad['4']:>6} "
            f"{p.goldstein_sum:>8.1f} {mean:>8} {p.weighted:>8.2f}  {top}")


# --- plot --------------------------------------------------------------------------------------------------------


def plot_series(series: DyadSeries, *, title: str | None = None, width: float = 10.0, height: float = 4.2) -> bytes:
    """A PNG of the series: stacked bars of events per period by QuadClass, the Goldstein mean as dots (and a line
    between neighbouring periods) on a second axis."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=110)
    ax = fig.add_subplot(1, 1, 1)
    points = series.points
    xs = list(range(len(points)))
    bottom = [0] * len(points)
    for q in (4, 3, 2, 1):
        values = [p.quad[str(q)] for p in points]
        ax.bar(xs, values, bottom=bottom, color=QUAD_COLORS[q], width=0.8, label=QUAD_CLASSES[q], linewidth=0)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel(f"events per {series.interval}")
    ax.set_ylim(0, max([*bottom, 1]) * 1.15)
    ax.yaxis.get_major_locator().set_params(integer=True)
    step = max(1, math.ceil(len(points) / 7))
    ax.set_xticks(xs[::step], [p.period for p in points][::step], rotation=0, fontsize=8)
    ax.spines[["top"]].set_visible(False)
    twin = ax.twinx()
    twin.set_ylim(-10.5, 10.5)
    twin.set_ylabel("Goldstein mean", color="#5b4aa8")
    twin.tick_params(axis="y", colors="#5b4aa8")
    segment: list[tuple[int, float]] = []
    for i, p in enumerate(points):
        if p.events and p.goldstein_mean is not None:
            segment.append((i, p.goldstein_mean))
            continue
        _draw_segment(twin, segment)
        segment = []
    _draw_segment(twin, segment)
    twin.axhline(0, color="#b9b3da", linewidth=0.6)
    arrow = "→" if series.directed else "↔"
    ax.set_title(title or f"{series.a} {arrow} {series.b}: events per {series.interval}", fontsize=11)
    if not points:
        ax.text(0.5, 0.5, "no dated events", transform=ax.transAxes, ha="center", va="center", color="#5d6675")
    ax.legend(loc="upper left", fontsize=8, frameon=False, ncols=2)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close("all")
    return out.getvalue()


def _draw_segment(axis: Any, segment: list[tuple[int, float]]) -> None:
    if segment:
        axis.plot([i for i, _ in segment], [g for _, g in segment], color="#5b4aa8", marker="o", markersize=3,
                  linewidth=1.3)


def write_plot(series: DyadSeries, path: str | Path) -> None:
    data = plot_series(series)
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise BrinkwatchError(f"{path}: cannot write the plot ({exc.strerror})") from exc


# --- HTML report -------------------------------------------------------------------------------------------------

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;max-width:60rem;margin:2rem auto;
padding:0 1.2rem;line-height:1.45}h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;
border-bottom:1px solid #dde1e7;padding-bottom:.2rem}.muted{color:#5d6675}table{border-collapse:collapse;width:100%;
font-size:.92rem}th,td{border-bottom:1px solid #dde1e7;padding:.3rem .45rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}img{max-width:100%}.q{display:inline-block;padding:0 .45rem;
border-radius:9px;font-size:.75rem;color:#fff}.q1{background:#7fb88f;color:#10301a}.q2{background:#2e7d4f}
.q3{background:#e8a33d;color:#3b2503}.q4{background:#c0392b}blockquote{margin:.3rem 0 .1rem;padding-left:.7rem;
border-left:3px solid #dde1e7}.ev{margin:.9rem 0}
.alert{border-left:4px solid #c0392b;padding:.2rem .8rem;margin:.8rem 0}
"""


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _link(url: str | None, text: str) -> str:
    if url and url.lower().startswith(("http://", "https://")):
        return f'<a href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(text)}</a>'
    return _e(text)


def _actor(actor: dict[str, Any] | None) -> str:
    if not actor:
        return "—"
    name, code = actor.get("name"), actor.get("code")
    return f"{name} ({code})" if name and code else str(name or code or "—")


def render_report(store: Store, a: str, b: str, *, directed: bool = False, interval: str = "week",
                  since: dt.date | str | None = None, until: dt.date | str | None = None,
                  params: AlertParams | None = None, root_names: dict[str, str] | None = None,
                  max_evidence: int = MAX_EVIDENCE) -> str:
    """A self-contained HTML report on a dyad: summary, chart, alerts, and the events with their evidence."""
    names = root_names or {}
    series = analysis.dyad_series(store, a, b, directed=directed, interval=interval,  # type: ignore[arg-type]
                                  since=since, until=until)
    arrow = "→" if directed else "↔"
    if params is None:  # alert units are countries (RUS) unless the report is about finer codes (RUSMIL, IGOUN)
        params = AlertParams(level="country" if len(series.a) == len(series.b) == 3 else "code")
    units = [f"{series.a}>{series.b}"] + ([] if directed else [f"{series.b}>{series.a}"])
    lo = series.since or (series.points[0].period if series.points else None)
    hi = series.until or (series.points[-1].end if series.points else None)
    found: list[Alert] = []
    if series.points:  # alerts whose window ends in the period shown
        for unit in dict.fromkeys(units):
            found += analysis.alerts(store, params, kind="dyad", unit=unit, since=lo, until=hi)
        for country in dict.fromkeys((series.a, series.b)):
            found += analysis.alerts(store, params, kind="country", unit=country, since=lo, until=hi)
    pairs = [(series.a, series.b)] + ([] if directed or series.a == series.b else [(series.b, series.a)])
    filters: dict[str, Any] = {k: v for k, v in (("since", series.since), ("until", series.until)) if v}
    clusters: dict[int, dict[str, Any]] = {}
    for src, tgt in pairs:
        for row in store.clusters(evidence=True, dyad=[src, tgt], **filters):
            clusters[row["cluster_id"]] = row
    ordered = sorted(clusters.values(), key=lambda r: (r.get("date") or "", r["cluster_id"]), reverse=True)
    chart = base64.b64encode(plot_series(series)).decode("ascii")
    t = series.total
    period = f"{t.period or '?'} to {t.end or '?'}" if series.points else "no dated events"
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; "
        "style-src 'unsafe-inline'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(f'Brinkwatch report: {series.a} {arrow} {series.b}')}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{_e(f'{series.a} {arrow} {series.b}')}</h1>",
        f'<p class="muted">{_e(period)} · by {_e(interval)} · generated {_e(dt.date.today().isoformat())} by '
        f"Brinkwatch {_e(__version__)} from {_e(store.path)}. Counts are event clusters: one event reported by "
        f"several articles counts once.</p>",
        "<h2>Summary</h2>",
        "<table><tr><th>events</th><th>conflict</th><th>cooperation</th>"
        + "".join(f"<th>{_e(QUAD_CLASSES[q])}</th>" for q in QUAD_CLASSES)
        + "<th>Goldstein sum</th><th>Goldstein mean</th><th>corroboration-weighted</th></tr>",
        f'<tr><td class="n">{t.events}</td><td class="n">{t.conflict}</td><td class="n">{t.cooperation}</td>'
        + "".join(f'<td class="n">{t.quad[str(q)]}</td>' for q in QUAD_CLASSES)
        + f'<td class="n">{t.goldstein_sum:.1f}</td><td class="n">'
        f"{'—' if t.goldstein_mean is None else f'{t.goldstein_mean:.2f}'}</td><td class=\"n\">{t.weighted:.2f}</td>"
        "</tr></table>",
    ]
    if t.roots:
        roots = sorted(t.roots.items(), key=lambda kv: (-kv[1], kv[0]))
        out.append("<p>By CAMEO root: " + ", ".join(f"{_e(r)} {_e(names.get(r, ''))} ({n})" for r, n in roots)
                   + "</p>")
    if series.excluded_imprecise or series.undated:
        out.append(f'<p class="muted">{series.excluded_imprecise} event(s) dated less precisely than a '
                   f"{_e(interval)} and {series.undated} undated event(s) are not in the chart.</p>")
    out.append(f'<img alt="{_e(f"{series.a} {arrow} {series.b}: events per {interval}")}" '
               f'src="data:image/png;base64,{chart}">')
    out.append("<h2>Alerts</h2>")
    if not found:
        out.append('<p class="muted">No alert in this period: conflict never rose far above its baseline.</p>')
    p = params
    out.append(f'<p class="muted">Method: conflict events (QuadClass 3 and 4) per {p.window_days}-day window, tested '
               f"against the mean of the {p.baseline_windows} windows before (floored at {p.floor_rate}) with a "
               f"one-sided Poisson test, p &lt; {p.alpha}, at least {p.min_count} events.</p>")
    for alert in sorted(found, key=lambda x: x.window_end, reverse=True):
        who = f"{alert.source} → {alert.target}" if alert.kind == "dyad" else f"{alert.country} (sent or received)"
        out.append(f'<div class="alert"><p><strong>{_e(who)}</strong>, {_e(alert.window_start)} to '
                   f"{_e(alert.window_end)}: {alert.count} conflict event(s) ({alert.material} material, "
                   f"{alert.verbal} verbal), baseline {alert.baseline_rate:.2f} per window, p = "
                   f"{alert.p_value:.3g}</p><ul>")
        for ev in alert.events:
            out.append(f"<li>{_e(ev.sentence)} <span class=\"muted\">({_link(ev.url, ev.title or ev.article_id)}"
                       f"{', ' + _e(ev.outlet) if ev.outlet else ''}; event {_e(ev.event_id)})</span></li>")
        out.append("</ul></div>")
    out.append(f"<h2>Events and evidence ({len(ordered)})</h2>")
    if not ordered:
        out.append('<p class="muted">No events between these actors.</p>')
    for row in ordered[:max_evidence]:
        q = int(row.get("quad_class") or 0)
        root = row.get("cameo_root") or ""
        out.append(f'<div class="ev"><strong>{_e(row.get("date") or "undated")}</strong>'
                   f"{' (' + _e(row['date_precision']) + ')' if row.get('date_precision') not in (None, 'day') else ''}"
                   f' <span class="q q{q}">{_e(QUAD_CLASSES.get(q, q))}</span> '
                   f"{_e(_actor(row.get('source')))} → {_e(_actor(row.get('target')))} · CAMEO {_e(row.get('cameo'))}"
                   f" {_e(names.get(root, ''))} · {row.get('n_articles')} article(s), {row.get('n_sources')} "
                   f"source(s)")
        for item in row.get("evidence") or []:
            out.append(f"<blockquote>{_e(item.get('sentence'))}</blockquote>"
                       f'<div class="muted">{_link(item.get("url"), item.get("title") or item.get("doc_id") or "")}'
                       f"{' · ' + _e(item.get('outlet')) if item.get('outlet') else ''}"
                       f"{' · published ' + _e(item.get('published')) if item.get('published') else ''}"
                       f" · event {_e(item.get('event_id'))}</div>")
        out.append("</div>")
    if len(ordered) > max_evidence:
        out.append(f'<p class="muted">… and {len(ordered) - max_evidence} older event(s): see '
                   f"<code>brinkwatch events --dyad {_e(series.a)},{_e(series.b)} --evidence</code>.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def write_report(store: Store, a: str, b: str, path: str | Path, **options: Any) -> None:
    text = render_report(store, a, b, **options)
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BrinkwatchError(f"{path}: cannot write the report ({exc.strerror})") from exc
