"""Evaluate stage: score the coder against gold-standard event data.

Three gold formats are read:

- ``plover``: the PLOVER gold standard records (a JSON array; sentences with one hand-coded event each: a PLOVER
  event type, source and target actors with country codes). Event types there follow the 2016 PLOVER draft; our
  CAMEO codes are compared through ``data/codes/plover2016.csv``.
- ``petrarch``: PETRARCH validation XML (``<Sentence>`` with ``<EventCoding sourcecode= targetcode= eventcode=>``
  and ``<Text>``); CAMEO codes compared by root.
- ``brinkwatch``: our JSON Lines: ``{"id", "text", "date", "events": [{"roots": [..], "source", "target"}],
  "forbidden": [roots], "category"}``; ``forbidden`` lists roots that must not be coded from the sentence (negated
  and hypothetical statements).

Scores: per-sentence event-type accuracy (the sentence's main coded event against the gold one), event-level
precision, recall and F1 for type, source, target and all three together, per-category figures, a confusion table
and the worst misses. Every figure is computed from the events the normal pipeline produces.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import BrinkwatchError, InputError
from .models import Article, DateInfo, Event
from .pipeline import Pipeline

__all__ = ["DateReport", "GoldEvent", "GoldItem", "PlaceReport", "QuoteReport", "Report", "evaluate",
           "evaluate_dates", "evaluate_places", "evaluate_quotes", "read_gold"]

CRITERIA = ("type", "source", "target", "all")


@dataclass(frozen=True)
class GoldEvent:
    types: frozenset[str]  # acceptable types (PLOVER types, or CAMEO roots)
    sources: frozenset[str] | None  # acceptable source codes (countries, IGO); None = not scored
    targets: frozenset[str] | None


@dataclass(frozen=True)
class GoldItem:
    id: str
    text: str
    date: dt.date
    events: tuple[GoldEvent, ...]
    forbidden: frozenset[str] = frozenset()
    category: str = ""


@dataclass
class Report:
    gold_file: str
    gold_format: str
    gold_sha256: str
    sentences: int = 0
    type_accuracy: float = 0.0
    scores: dict[str, dict[str, float]] = field(default_factory=dict)
    per_category: dict[str, dict[str, float]] = field(default_factory=dict)
    confusion: dict[str, Counter[str]] = field(default_factory=dict)
    forbidden_violations: int = 0
    forbidden_sentences: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold_file": self.gold_file, "gold_format": self.gold_format, "gold_sha256": self.gold_sha256,
            "sentences": self.sentences, "type_accuracy": round(self.type_accuracy, 4),
            "scores": {k: {m: round(v, 4) for m, v in d.items()} for k, d in self.scores.items()},
            "per_category": {k: {m: round(v, 4) for m, v in d.items()} for k, d in self.per_category.items()},
            "confusion": {k: dict(v) for k, v in self.confusion.items()},
            "forbidden_violations": self.forbidden_violations, "forbidden_sentences": self.forbidden_sentences,
            "misses": self.misses,
        }

    def render(self, misses: int = 15) -> str:
        lines = [f"Gold: {self.gold_file} ({self.gold_format}, sha256 {self.gold_sha256[:12]}), "
                 f"{self.sentences} sentences",
                 f"Event-type accuracy per sentence: {self.type_accuracy:.3f}", "",
                 f"{'criterion':<10} {'precision':>9} {'recall':>7} {'F1':>6}"]
        for name in CRITERIA:
            s = self.scores.get(name, {})
            lines.append(f"{name:<10} {s.get('precision', 0):>9.3f} {s.get('recall', 0):>7.3f} {s.get('f1', 0):>6.3f}")
        if self.forbidden_sentences:
            lines.append(f"\nNegated/hypothetical sentences: {self.forbidden_sentences}; events coded with a "
                         f"forbidden root: {self.forbidden_violations}")
        lines += ["", f"{'category':<14} {'n':>4} {'type acc':>8} {'prec':>6} {'recall':>6}"]
        for cat, s in sorted(self.per_category.items()):
            lines.append(f"{cat:<14} {int(s['n']):>4} {s['type_accuracy']:>8.3f} {s['precision']:>6.3f} "
                         f"{s['recall']:>6.3f}")
        lines += ["", "Confusion (gold -> predicted main type, top 3):"]
        for gold, row in sorted(self.confusion.items()):
            lines.append(f"  {gold:<12} " + ", ".join(f"{p}:{n}" for p, n in row.most_common(3)))
        if self.misses:
            lines += ["", f"Worst misses (first {min(misses, len(self.misses))} of {len(self.misses)}):"]
            for m in self.misses[:misses]:
                lines.append(f"  [{m['id']}] gold {m['gold']} got {m['predicted'] or 'nothing'}: {m['text'][:160]}")
        return "\n".join(lines)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# The PLOVER gold file writes a few countries with codes that are not ISO-3166 alpha-3 (old agency-style codes);
# they are read as the ISO code so that a right answer is not scored wrong.
_GOLD_CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


def _codes(actors: Any) -> frozenset[str] | None:
    if not actors:
        return frozenset()
    if isinstance(actors, dict):
        actors = [actors]
    out = set()
    for a in actors if isinstance(actors, list) else []:
        code = str(a.get("code") or "").upper() if isinstance(a, dict) else ""
        if code:
            out.add(_GOLD_CODE_ALIASES.get(code[:3], code[:3]))
    return frozenset(out)


_BOTH_ROLES = re.compile(r"\(SRC/TAR:\s*([^)]*)\)")


def _reciprocal_codes(rec: dict[str, Any]) -> frozenset[str]:
    """Codes of the actors the record's markup tags "(SRC/TAR: ...)": each is source and target at once ("X and Y
    agreed", "X telephoned Y" coded both ways), so a predicted X -> Y or Y -> X matches the record."""
    info = rec.get("textInfo")
    markup = info.get("markup", "") if isinstance(info, dict) else ""
    spans = [m.group(1).strip().lower() for m in _BOTH_ROLES.finditer(markup)]
    if not spans:
        return frozenset()
    actors = rec.get("source")
    actors = [actors] if isinstance(actors, dict) else actors if isinstance(actors, list) else []
    tagged = [a for a in actors if isinstance(a, dict)
              and any(s and (s in str(a.get("actorText", "")).lower() or str(a.get("actorText", "")).lower() in s)
                      for s in spans)]
    return _codes(tagged) or frozenset()


def _read_plover(path: Path) -> list[GoldItem]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not a JSON array of PLOVER records ({exc.msg})") from exc
    items = []
    for rec in records:
        if rec.get("event") in (None, "DOCUMENT") or not rec.get("text"):
            continue
        date = dt.date.fromisoformat(rec.get("date") or "2000-01-01")
        targets = _codes(rec.get("target"))
        both = _reciprocal_codes(rec)
        if both and targets is not None:
            targets = targets | both
        event = GoldEvent(frozenset({rec["event"]}), _codes(rec.get("source")), targets)
        items.append(GoldItem(rec["id"], rec["text"], date, (event,), category=rec["event"]))
    return items


def _read_petrarch(path: Path) -> list[GoldItem]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(str(path), f"not PETRARCH validation XML ({exc})") from exc
    items = []
    for sent in root.iter("Sentence"):
        text_el = sent.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        date_text = sent.get("date") or "20000101"
        try:
            date = dt.datetime.strptime(date_text[:8], "%Y%m%d").date()
        except ValueError:
            date = dt.date(2000, 1, 1)
        events = []
        for coding in sent.iter("EventCoding"):
            code = coding.get("eventcode")
            if not code:
                continue
            events.append(GoldEvent(frozenset({code[:2]}), frozenset({(coding.get("sourcecode") or "")[:3]}),
                                    frozenset({(coding.get("targetcode") or "")[:3]})))
        items.append(GoldItem(sent.get("id") or str(len(items)), " ".join(text_el.text.split()), date,
                              tuple(events), category=sent.get("category") or (events[0].types and
                                                                                 next(iter(events[0].types))
                                                                                 if events else "none")))
    return items


def _read_brinkwatch(path: Path) -> list[GoldItem]:
    items = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            events = tuple(
                GoldEvent(frozenset(e["roots"]),
                          None if e.get("source", None) is None else frozenset({e["source"]}),
                          None if e.get("target", None) is None else frozenset({e["target"]}))
                for e in rec.get("events", [])
            )
            items.append(GoldItem(str(rec["id"]), rec["text"], dt.date.fromisoformat(rec["date"]), events,
                                  frozenset(rec.get("forbidden", [])), rec.get("category", "")))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}:{lineno}", f"not a Brinkwatch gold record ({exc})") from exc
    return items


READERS = {"plover": _read_plover, "petrarch": _read_petrarch, "brinkwatch": _read_brinkwatch}


def read_gold(path: str | Path, fmt: str) -> list[GoldItem]:
    p = Path(path)
    if fmt not in READERS:
        raise BrinkwatchError(f"unknown gold format {fmt!r}; use one of {', '.join(READERS)}")
    if not p.is_file():
        raise InputError(str(p), "gold file not found")
    return READERS[fmt](p)


class _Typer:
    """Maps a CAMEO code to the gold file's type vocabulary."""

    def __init__(self, fmt: str, table: dict[str, str]) -> None:
        self.fmt = fmt
        self.table = table

    def __call__(self, cameo: str) -> str:
        if self.fmt != "plover":
            return cameo[:2]
        for length in (4, 3, 2):
            value = self.table.get(cameo[:length])
            if value is not None:
                return value or "STATEMENT"
        return "?"


def _actor_code(event: Event, role: str) -> str | None:
    mention = getattr(event, role)
    if mention is None or mention.actor is None:
        return None
    actor = mention.actor
    if actor.country:
        return actor.country
    return (actor.code or "")[:3] or None


def _main_event(events: list[Event]) -> Event | None:
    """The sentence's main event: prefer non-statements, then the one highest in the sentence's structure, then
    a known source, then confidence."""
    if not events:
        return None
    return max(events, key=lambda e: (e.cameo_root != "01", -e.clause_depth, e.source is not None, e.confidence))


def _matches(event: Event, gold: GoldEvent, typer: _Typer) -> dict[str, bool]:
    type_ok = typer(event.cameo) in gold.types
    src, tgt = _actor_code(event, "source"), _actor_code(event, "target")
    src_ok = gold.sources is None or (src in gold.sources if gold.sources else src is None)
    tgt_ok = gold.targets is None or (tgt in gold.targets if gold.targets else tgt is None)
    return {"type": type_ok, "source": src_ok, "target": tgt_ok, "all": type_ok and src_ok and tgt_ok}


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    precision = tp_pred / n_pred if n_pred else 0.0
    recall = tp_gold / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate(gold_path: str | Path, fmt: str, pipeline: Pipeline | None = None) -> Report:
    """Code every gold sentence with the normal pipeline and score the result."""
    items = read_gold(gold_path, fmt)
    pipeline = pipeline or Pipeline()
    typer = _Typer(fmt, pipeline.resources.plover2016)
    report = Report(str(gold_path), fmt, _sha256(Path(gold_path)), sentences=len(items))
    # keyed by position: a gold file may repeat an id (the PLOVER file does), and each sentence is scored alone
    articles: Iterable[Article] = (Article(id=str(n), text=item.text, date=item.date) for n, item in enumerate(items))
    predicted: dict[str, list[Event]] = {}
    for result in pipeline.process_many(articles):
        events = list(getattr(result, "events", ()))
        art = getattr(result, "article", None)
        if art is not None:
            predicted[art.id] = events
    tp_pred: Counter[str] = Counter()
    tp_gold: Counter[str] = Counter()
    n_pred = n_gold = 0
    correct_type = 0
    by_cat: dict[str, Counter[str]] = defaultdict(Counter)
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    for n, item in enumerate(items):
        events = predicted.get(str(n), [])
        scored = [e for e in events if e.cameo_root != "01"] if fmt == "plover" else events
        cat = by_cat[item.category or "all"]
        cat["n"] += 1
        cat["with_events"] += bool(item.events)
        if item.forbidden:
            report.forbidden_sentences += 1
            report.forbidden_violations += sum(1 for e in events if e.cameo_root in item.forbidden)
        main = _main_event(scored)
        if item.events:
            gold_types = sorted(item.events[0].types)
            got = typer(main.cameo) if main else "none"
            confusion[gold_types[0]][got] += 1
            if main is not None and got in item.events[0].types:
                correct_type += 1
                cat["type_ok"] += 1
            elif len(report.misses) < 200:
                report.misses.append({"id": item.id, "gold": "/".join(gold_types), "predicted": got if main else None,
                                      "text": item.text})
        n_pred += len(scored)
        n_gold += len(item.events)
        cat["pred"] += len(scored)
        cat["gold"] += len(item.events)
        for crit in CRITERIA:
            matched_pred = sum(1 for e in scored if any(_matches(e, g, typer)[crit] for g in item.events))
            matched_gold = sum(1 for g in item.events if any(_matches(e, g, typer)[crit] for e in scored))
            tp_pred[crit] += matched_pred
            tp_gold[crit] += matched_gold
            if crit == "all":
                cat["tp_pred"] += matched_pred
                cat["tp_gold"] += matched_gold
    with_events = sum(1 for item in items if item.events)
    report.type_accuracy = correct_type / with_events if with_events else 0.0
    report.scores = {c: _prf(tp_pred[c], n_pred, tp_gold[c], n_gold) for c in CRITERIA}
    for name, c in by_cat.items():
        report.per_category[name] = {
            "n": c["n"], "type_accuracy": c["type_ok"] / c["with_events"] if c["with_events"] else 1.0,
            "precision": c["tp_pred"] / c["pred"] if c["pred"] else 0.0,
            "recall": c["tp_gold"] / c["gold"] if c["gold"] else 0.0,
        }
    report.confusion = dict(confusion)
    return report


@dataclass
class DateReport:
    """Date resolution against TimeML gold (TIMEX3 DATE expressions normalised against the document date)."""

    gold_dir: str
    expressions: int = 0
    answered: int = 0
    correct: int = 0
    by_precision: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def coverage(self) -> float:
        return self.answered / self.expressions if self.expressions else 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.answered if self.answered else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.expressions if self.expressions else 0.0

    def render(self, errors: int = 15) -> str:
        lines = [f"TimeML gold: {self.gold_dir}: {self.expressions} resolvable DATE expressions",
                 f"answered {self.answered} ({self.coverage:.3f}); correct {self.correct}: precision "
                 f"{self.precision:.3f}, recall {self.recall:.3f}"]
        for gran, c in sorted(self.by_precision.items()):
            lines.append(f"  gold {gran:<5}: {c['correct']}/{c['n']} correct, {c['answered']} answered")
        lines += [f"  {e}" for e in self.errors[:errors]]
        return "\n".join(lines)


_TIMEX = re.compile(r"<TIMEX3 ([^>]*)>([^<]*)</TIMEX3>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_GOLD_VALUE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|-W(\d{2}))?$")


def _gold_granularity(value: str) -> tuple[str, tuple[int, ...]] | None:
    m = _GOLD_VALUE.match(value)
    if not m:
        return None
    year, month, day, week = m.groups()
    if week:
        return "week", (int(year), int(week))
    if day:
        return "day", (int(year), int(month), int(day))
    if month:
        return "month", (int(year), int(month))
    return "year", (int(year),)


def _ours(info: DateInfo, granularity: str) -> tuple[int, ...]:
    d = info.date
    if granularity == "week":
        iso = d.isocalendar()
        return iso[0], iso[1]
    return {"day": (d.year, d.month, d.day), "month": (d.year, d.month), "year": (d.year,)}[granularity]


def evaluate_dates(gold_dir: str | Path) -> DateReport:
    """Resolve every TIMEX3 DATE of the TimeML files in ``gold_dir`` against its document creation time."""
    from .when import parse_expression

    root = Path(gold_dir)
    files = sorted(root.rglob("*.tml"))
    if not files:
        raise InputError(str(root), "no TimeML (.tml) files found")
    report = DateReport(str(root))
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        timexes = [(dict(_ATTR.findall(attrs)), surface) for attrs, surface in _TIMEX.findall(text)]
        dct = next((a.get("value") for a, _ in timexes if a.get("functionInDocument") == "CREATION_TIME"), None)
        if not dct or not _GOLD_VALUE.match(dct[:10]):
            continue
        pub = dt.date.fromisoformat(dct[:10])
        for attrs, surface in timexes:
            if attrs.get("type") != "DATE" or attrs.get("functionInDocument") == "CREATION_TIME":
                continue
            gold = _gold_granularity(attrs.get("value", ""))
            if gold is None:
                continue
            granularity, value = gold
            counts = report.by_precision.setdefault(granularity, Counter())
            report.expressions += 1
            counts["n"] += 1
            info = parse_expression(surface, pub)
            if info is None:
                continue
            report.answered += 1
            counts["answered"] += 1
            if _ours(info, granularity) == value:
                report.correct += 1
                counts["correct"] += 1
            elif len(report.errors) < 200:
                report.errors.append(f"{path.name}: {surface!r} (document {pub}) gold {attrs.get('value')} got "
                                     f"{info.date} {info.precision}")
    return report


@dataclass
class QuoteReport:
    """Quote and attribution finding against brat-annotated attributions (Source, Cue, Content spans)."""

    gold_dir: str
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    cue_matched_gold: int = 0
    cue_matched_predicted: int = 0
    speaker_correct: int = 0

    @property
    def precision(self) -> float:
        return self.cue_matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.cue_matched_gold / self.gold if self.gold else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.cue_matched_gold if self.cue_matched_gold else 0.0

    def render(self) -> str:
        f1 = 2 * self.precision * self.recall / (self.precision + self.recall) if self.precision + self.recall else 0
        return (f"Attribution gold: {self.gold_dir}: {self.articles} articles, {self.gold} attributions; "
                f"{self.predicted} quotes found\n"
                f"cue precision {self.precision:.3f}, recall {self.recall:.3f}, F1 {f1:.3f}; speaker correct for "
                f"{self.speaker_accuracy:.3f} of the found attributions")


def _brat_attributions(path: Path) -> list[dict[str, tuple[int, int]]]:
    spans: dict[str, tuple[str, int, int]] = {}
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, *offsets = parts[1].replace(";", " ").split()
            spans[parts[0]] = (label, int(offsets[0]), int(offsets[-1]))
        elif line.startswith("E") and len(parts) >= 2:
            roles = dict(arg.split(":") for arg in parts[1].split()[1:] if ":" in arg)
            out.append({role: spans[tid][1:] for role, tid in roles.items() if tid in spans})
    return out


def evaluate_quotes(gold_dir: str | Path, pipeline: Pipeline | None = None) -> QuoteReport:
    """Find quotes in each article (``text/NAME.txt``) and compare cues and speakers with the first annotation
    file for it (``attributions/NAME_*.ann``)."""
    from .actors import DocumentActors
    from .nlp import annotate
    from .quotes import find_quotes

    root = Path(gold_dir)
    texts = sorted((root / "text").glob("*.txt"))
    if not texts:
        raise InputError(str(root), "no text/*.txt articles found")
    pipeline = pipeline or Pipeline()
    report = QuoteReport(str(root))
    pairs = []
    for text_path in texts:
        anns = sorted((root / "attributions").glob(f"{text_path.stem}_*.ann"))
        if anns:
            pairs.append((text_path.read_text(encoding="utf-8"), _brat_attributions(anns[0])))
    docs = annotate([t for t, _ in pairs], pipeline.settings.model, batch_size=pipeline.settings.batch_size)
    for doc, (_, gold) in zip(docs, pairs, strict=True):
        actors = DocumentActors(doc, pipeline.kb, None, pipeline.settings.fuzzy_threshold)
        found = find_quotes(doc, actors, pipeline.lexicon.mod["report_verbs"])
        report.articles += 1
        report.gold += len(gold)
        report.predicted += len(found)
        cues = [(doc[q.cue].idx, doc[q.cue].idx + len(doc[q.cue]), q) for q in found if q.cue >= 0]
        matched_pred: set[int] = set()
        for attribution in gold:
            cue = attribution.get("Cue")
            if cue is None:
                continue
            hits = [(i, q) for i, (a, b, q) in enumerate(cues) if a < cue[1] and cue[0] < b]
            if not hits:
                continue
            report.cue_matched_gold += 1
            matched_pred.update(i for i, _ in hits)
            source = attribution.get("Source")
            speaker = hits[0][1].quote.speaker
            if source and speaker and speaker.start < source[1] and source[0] < speaker.end:
                report.speaker_correct += 1
        report.cue_matched_predicted += len(matched_pred)
    return report


@dataclass
class PlaceReport:
    """Event locations against sentence x verb gold records (the VERB span and, where it applies, the LOCATION)."""

    gold_file: str
    records: int = 0
    with_location: int = 0
    predicted: int = 0
    correct: int = 0
    fallback: int = 0
    containing: int = 0  # admin1 answers naming the region the gold place lies in (counted among the correct)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.with_location if self.with_location else 0.0

    def render(self) -> str:
        return (f"Event-location gold: {self.gold_file}: {self.records} verb records, {self.with_location} with a "
                f"location\nattached places: {self.predicted} predicted, {self.correct} right: precision "
                f"{self.precision:.3f}, recall {self.recall:.3f}; {self.fallback} country-level fallbacks not "
                f"scored; {self.containing} of the right ones are regions (admin1) named as the gold place's own "
                f"region right after it (\"Kulbus in West Darfur state\")")


_REGION_LINK = re.compile(r"^(?:\s+(?:village|town|city|district|county|area|region|camp)\b)?(?:,\s*|\s+(?:in|of)\s+"
                          r"(?:the\s+)?)$", re.IGNORECASE)


def _region_of(text: str, gold: tuple[int, int], start: int) -> bool:
    """The region found starts right after the gold place, linked as its container: "X in R", "X, R", "X district
    of R", "X village, R"."""
    return start >= gold[1] and bool(_REGION_LINK.match(text[gold[1]:start]))


def evaluate_places(gold_path: str | Path, pipeline: Pipeline | None = None, *, limit: int = 2000) -> PlaceReport:
    """For each verb record, find the place attached to that verb and compare it with the gold LOCATION span.

    Only places the knowledge base knows (countries, capitals, major cities) can be found, so recall is bounded by
    the gazetteer; ``limit`` caps the records read (the file has ~9,700; 2,000 take about a minute)."""
    from .actors import DocumentActors
    from .nlp import annotate
    from .where import event_location

    path = Path(gold_path)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))[:limit]
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not an event-location JSON array ({exc})") from exc
    pipeline = pipeline or Pipeline()
    report = PlaceReport(str(path))
    texts = [r["text"] for r in records]
    for rec, doc in zip(records, annotate(texts, pipeline.settings.model, batch_size=64), strict=True):
        tokens = rec.get("tokens", [])
        spans = {s["label"]: s for s in rec.get("spans", [])}
        verb = spans.get("VERB")
        if verb is None or not tokens or any(s["token_end"] >= len(tokens) for s in spans.values()):
            continue  # a few records' token indices point past their tokens
        report.records += 1
        gold = spans.get("LOCATION")
        gold_chars = None
        if gold is not None:
            report.with_location += 1
            gold_chars = (tokens[gold["token_start"]]["start"], tokens[gold["token_end"]]["end"])
        vspan = doc.char_span(tokens[verb["token_start"]]["start"], tokens[verb["token_end"]]["end"],
                              alignment_mode="expand")
        if vspan is None or not len(vspan):
            continue
        actors = DocumentActors(doc, pipeline.kb, None, pipeline.settings.fuzzy_threshold)
        location = event_location(vspan.root, None, vspan.root.sent, actors)
        if location is None:
            continue
        if location.precision == "country-fallback":
            report.fallback += 1
            continue
        report.predicted += 1
        start = doc.text.find(location.text)
        if gold_chars and start >= 0 and start < gold_chars[1] and gold_chars[0] < start + len(location.text):
            report.correct += 1
        elif gold_chars and location.precision == "admin1" and _region_of(doc.text, gold_chars, start):
            # "Kulbus in West Darfur state", "the Findik region of Sirnak": right at the precision it claims
            report.correct += 1
            report.containing += 1
    return report
