"""The only module that knows the order of the stages.

read (ingest) -> clean -> annotate (nlp) -> resolve actors -> code events -> resolve dates and places -> results.
``Pipeline.process_many`` streams: it batches the spaCy work with ``nlp.pipe`` and yields one result per input, so
a corpus of any size runs in constant memory, and one bad article never stops the batch.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import clean, nlp
from .actors import DocumentActors, knowledge_base
from .events import (
    clear_parse_cache,
    code_sentence,
    implied_source,
    implied_target,
    lexicon_for,
    locate_actor,
    statement_draft,
    verb_indices,
)
from .models import Article, Event, Failure, Mention, Sentence, Skip
from .quotes import find_quotes
from .resources import Resources, load_resources
from .settings import Settings
from .when import event_date
from .where import event_location

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc, Token

    from .ingestion import IngestSummary, Notify
    from .store import Store

__all__ = ["ArticleResult", "Pipeline", "Summary"]


@dataclass(frozen=True)
class ArticleResult:
    article: Article  # the cleaned article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    events: tuple[Event, ...]


@dataclass
class Summary:
    """Counts for a batch, for the CLI's closing lines and the store's ingest log."""

    articles: int = 0
    coded: int = 0
    events: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    by_root: Counter[str] = field(default_factory=Counter)

    def add(self, item: ArticleResult | Failure | Skip) -> None:
        if isinstance(item, Failure):
            self.failures.append(item)
            return
        self.articles += 1
        if isinstance(item, Skip):
            self.skipped[item.reason] += 1
            return
        self.coded += 1
        self.events += len(item.events)
        self.by_root.update(e.cameo_root for e in item.events)

    def render(self) -> str:
        """A short human summary: what was coded, skipped and failed."""
        lines = [f"Coded {self.coded} of {self.articles} article(s): {self.events} event(s)."]
        if self.by_root:
            roots = ", ".join(f"{root}:{n}" for root, n in sorted(self.by_root.items()))
            lines.append(f"  events by CAMEO root: {roots}")
        for reason, n in sorted(self.skipped.items()):
            lines.append(f"  skipped {n}: {reason}")
        if self.failures:
            lines.append(f"  failed {len(self.failures)} input(s) (see the lines above); exit code 1")
        return "\n".join(lines)


class Pipeline:
    """Load the knowledge base, lexicon and model once; code any number of articles."""

    def __init__(self, settings: Settings | None = None, resources: Resources | None = None) -> None:
        self.settings = settings or Settings.load()
        self.resources = resources or (
            load_resources(Path(self.settings.data_dir)) if self.settings.data_dir else load_resources()
        )
        self.kb = knowledge_base(self.resources)
        self.lexicon = lexicon_for(self.resources)
        self._versions: dict[str, str] | None = None

    @property
    def versions(self) -> dict[str, str]:
        if self._versions is None:
            self._versions = {**self.resources.versions, "model": nlp.model_version(self.settings.model)}
        return self._versions

    def process(self, article: Article) -> ArticleResult | Skip:
        """Code one article (prefer ``process_many`` for more than a handful: it batches the parser)."""
        result = next(iter(self.process_many([article])))
        assert not isinstance(result, Failure)
        return result

    def process_many(self, items: Iterable[Article | Failure]) -> Iterator[ArticleResult | Skip | Failure]:
        """Code a stream of articles; Failures from the reader pass through in order."""
        s = self.settings

        def prepared() -> Iterator[tuple[str, Article | Failure | Skip]]:
            for item in items:
                if isinstance(item, Failure):
                    yield "", item
                    continue
                cleaned = clean.clean_article(item, s.languages)
                if not cleaned.text.strip():
                    yield "", Skip(cleaned.id, "no text left after removing page chrome")
                elif cleaned.language not in ("en", None):
                    yield "", Skip(cleaned.id, f"not English (detected {cleaned.language})")
                else:
                    yield cleaned.text, cleaned

        stream = nlp.annotate_tuples(prepared(), s.model, batch_size=s.batch_size, n_process=s.n_process)
        for doc, item in stream:
            if isinstance(item, Failure | Skip):
                yield item
                continue
            try:
                yield self.code_parsed(item, doc)
            except Exception as exc:  # a bug must not sink the batch: report the article and go on
                yield Failure(item.origin or item.id, f"internal error while coding ({type(exc).__name__}: {exc}); "
                                                      f"please report it with this article")

    def ingest(self, items: Iterable[Article | Failure | Skip], store: Store, *, command: str = "",
               notify: Notify | None = None, on_progress: Callable[[IngestSummary], None] | None = None,
               commit_seconds: float | None = None) -> IngestSummary:
        """Code a stream of articles into ``store``, idempotently: read -> gate (skip what is stored, record
        copies as duplicates: ``ingestion.Ingestor.admit``) -> code (``process_many``) -> write in input order, in
        transactions of whole articles (``Ingestor.record``). A KeyboardInterrupt keeps what was coded."""
        from .ingestion import Ingestor

        ingestor = Ingestor(store, self.settings, self.versions, command=command, notify=notify,
                            on_progress=on_progress, commit_seconds=commit_seconds)
        try:
            for result in self.process_many(ingestor.admit(items)):
                ingestor.record(result)
        except KeyboardInterrupt:
            ingestor.finish(interrupted=True)
            raise
        return ingestor.finish()

    def resolve_mentions(self, items: Iterable[dict[str, object]]) -> Iterator[dict[str, object]]:
        """Resolve mention strings (with optional date and article context) exactly as the pipeline would."""
        from .ingest import parse_date

        prepared = [(_mention_text(item), item) for item in items]
        texts = ((text, (item, start, end)) for (text, start, end), item in prepared)
        s = self.settings
        for doc, (item, start, end) in nlp.annotate_tuples(texts, s.model, batch_size=s.batch_size):
            actors = DocumentActors(doc, self.kb, parse_date(item.get("date")), s.fuzzy_threshold)
            yield _resolve_row(item.get("id"), actors, start, end)

    def code_parsed(self, article: Article, doc: Doc) -> ArticleResult:
        """Everything after parsing for one cleaned article: actors, events, dates, places, quotes."""
        try:
            return self._code_parsed(article, doc)
        finally:
            clear_parse_cache(doc)  # the Doc is left as it came: no Token objects kept in its user_data

    def _code_parsed(self, article: Article, doc: Doc) -> ArticleResult:
        s = self.settings
        # the Doc was parsed from the article's text; doc.text would rebuild it from every token
        last = doc[-1] if len(doc) else None
        same = last is not None and len(article.text) == last.idx + len(last.text_with_ws)
        text = article.text if same else doc.text
        actors = DocumentActors(doc, self.kb, article.date, s.fuzzy_threshold, title=article.title, text=text)
        sentences: list[Sentence] = []
        events: list[Event] = []
        versions = self.versions
        quotes = find_quotes(doc, actors, self.lexicon.mod["report_verbs"], text)
        doc_ents = list(doc.ents)
        verbs = verb_indices(doc)
        for index, sent in enumerate(doc.sents):
            sent_text = text[sent.start_char:sent.end_char]  # Span.text would build every Token
            sentences.append(Sentence(index, sent_text, sent.start_char, sent.end_char))
            if len(sent_text) > s.max_sentence_chars:
                continue
            drafts = code_sentence(sent, actors, self.lexicon, verbs)
            sent_ents = [e for e in doc_ents if sent.start <= e.start < sent.end] if drafts else []
            triggers = {d.trigger.i for d in drafts}
            for q in quotes:
                # a political actor's quote with no event coded from it is itself a statement event
                if sent.start <= q.cue < sent.end and q.cue not in triggers and q.quote.speaker is not None:
                    statement = statement_draft(doc[q.cue], q.quote.speaker)
                    if statement is not None and not any(d.trigger.i in range(sent.start, sent.end)
                                                         and d.cameo[:2] != "01" for d in drafts):
                        drafts.append(statement)
            for draft in drafts:
                date = event_date(draft.trigger, sent, article.date, sent_ents, sent_text)
                spans = tuple((m.token_start, m.token_end) for m in (draft.source, draft.target) if m)
                location = event_location(draft.trigger, draft.noun, sent, actors, exclude=spans)
                source = locate_actor(draft.source, location, actors, self.lexicon) or implied_source(
                    draft, location, actors, self.lexicon)
                draft = dataclasses.replace(draft, source=source)
                target = locate_actor(draft.target, location, actors, self.lexicon, source=False,
                                      root=draft.cameo[:2], doer=source) or implied_target(
                    draft, location, actors, self.lexicon)
                info = self.resources.cameo_info(draft.cameo)
                plover = self.resources.plover_info(draft.cameo)
                trigger = draft.trigger.text if draft.noun is None else f"{draft.trigger.text} {draft.noun.text}"
                quote = next((q.quote for q in quotes if q.start <= draft.trigger.idx < q.end), None)
                if quote is None and draft.cameo.startswith("01"):
                    quote = next((q.quote for q in quotes if q.quote.cue == draft.trigger.text
                                  and sent.start_char <= q.start < sent.end_char + 400), None)
                events.append(Event(
                    doc_id=article.id,
                    sentence_index=index,
                    sentence=sent_text,
                    char_start=sent.start_char,
                    char_end=sent.end_char,
                    date=date,
                    source=source,
                    target=target,
                    cameo=draft.cameo,
                    cameo_root=draft.cameo[:2],
                    plover=plover.plover if plover else None,
                    plover_mode=plover.mode if plover else None,
                    plover_context=plover.context if plover else None,
                    quad_class=info.quad_class,
                    goldstein=info.goldstein,
                    confidence=draft.confidence,
                    trigger=trigger,
                    pattern_id=draft.pattern.id,
                    versions=versions,
                    location=location,
                    quote=quote,
                    modality=draft.modality,
                    clause_depth=_depth(draft.anchor or draft.trigger),
                ))
        return ArticleResult(article, tuple(sentences), tuple(actors.mentions()), tuple(events))



def _resolve_row(item_id: object, actors: DocumentActors, start: int, end: int) -> dict[str, object]:
    """The actor of the character span [start, end) of ``actors.doc``, as one output row."""
    span = actors.doc.char_span(start, end, alignment_mode="expand")
    row: dict[str, object] = {"id": item_id, "code": None, "country": None, "sector": None, "org": None,
                              "name": None, "kb_id": None, "confidence": 0.0, "layer": "unresolved"}
    if span is None or not len(span):
        return row
    found = actors.actors_for(span.root)
    if not found:
        inside = [m for m in actors.mentions() if m.token_start >= span.start and m.token_end <= span.end]
        found = [m for m in inside if m.actor is not None and not (m.actor.kb_id or "").startswith("agent:")][:1]
    if found and found[0].actor is not None:
        mention = found[0]
        row.update(mention.actor.to_dict())
        row["confidence"] = round(mention.confidence, 3)
        row["layer"] = mention.layer
    return row


def _mention_text(item: dict[str, object]) -> tuple[str, int, int]:
    mention = str(item.get("mention") or "").strip()
    context = str(item.get("context") or "")
    pos = context.find(mention) if mention else -1
    if pos >= 0:
        return context, pos, pos + len(mention)
    text = f"{context}\n\n{mention}" if context else mention
    return text, len(text) - len(mention), len(text)


def _depth(token: Token) -> int:
    """How deep in the dependency tree the event's anchor sits (0: the main verb of its sentence)."""
    depth = 0
    while token.head.i != token.i and depth < 50:
        token = token.head
        depth += 1
    return depth
