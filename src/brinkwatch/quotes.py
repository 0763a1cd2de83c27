"""Quotes stage: direct and reported statements with their speaker.

- Direct quotes: text between quotation marks (“...”, "...", «...») in a sentence whose reporting verb (say, tell,
  add, ...) or an adjacent sentence's reporting verb names the speaker: ``“...,” he said``; ``Putin said: “...”``.
- Reported statements: a reporting verb with a clausal complement: ``Moscow said that Russian troops would stay``.

The speaker is the reporting verb's subject, resolved like any actor; a bare "he"/"she" is resolved to the nearest
person named in the same or the previous sentence. Unbalanced quotation marks (common in scraped, machine-translated
text) never raise: the quote runs to the end of the sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .actors import DocumentActors
from .models import Mention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["QuoteSpan", "find_quotes"]

_OPEN = {"“": "”", '"': '"', "«": "»", "„": "“", "‘": "’"}
_PERSONAL = frozenset({"he", "she"})


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    quote: Quote
    start: int  # character offsets of the quoted or reported content in the doc
    end: int
    cue: int = -1  # token index of the reporting verb


def _speaker(cue: Token, actors: DocumentActors) -> Mention | None:
    subjects = [c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return None
    subj = subjects[0]
    if subj.lower_ in _PERSONAL:
        return actors.antecedent_person(subj)
    found = [m for m in actors.actors_for(subj) if m.actor is not None]
    if found:
        return found[0]
    # an unresolved name is still the speaker: keep the words, no actor
    span = cue.doc[subj.left_edge.i: subj.i + 1]
    return Mention(span.text, span.start_char, span.end_char, span.start, span.end, None, "unresolved", 0.0, subj.i)


def _report_verbs(sent: Span, candidates: list[int]) -> list[Token]:
    """Reporting verbs that report something: "did not say when" attributes nothing. ``candidates`` are the
    document's verbs with a reporting lemma, in order."""
    doc = sent.doc
    lo, hi = bisect.bisect_left(candidates, sent.start), bisect.bisect_left(candidates, sent.end)
    return [doc[i] for i in candidates[lo:hi] if not any(c.dep_ == "neg" for c in doc[i].children)]


def _report_candidates(doc: Doc, report_lemmas: frozenset[str]) -> list[int]:
    """Indices of verbs whose lemma is a reporting verb, read from the document's arrays."""
    from spacy.symbols import LEMMA, POS, VERB  # spaCy is loaded already when there is a Doc

    strings = doc.vocab.strings
    wanted = {strings[lemma] for lemma in report_lemmas}
    arr = doc.to_array([POS, LEMMA]).tolist()
    return [i for i, (pos, lemma) in enumerate(arr)
            if pos == VERB and (lemma in wanted or strings[lemma].lower() in report_lemmas)]


_QUOTE_CHARS = re.compile("[" + re.escape("".join(_OPEN)) + "]")


def _quoted_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of quoted passages in ``text``; an unclosed quote runs to the end."""
    ranges: list[tuple[int, int]] = []
    i = 0
    while True:
        found = _QUOTE_CHARS.search(text, i)
        if found is None:
            return ranges
        i = found.start()
        ch = text[i]
        close = _OPEN[ch]
        if ch == "‘" and i > 0 and text[i - 1].isalpha():
            i += 1
            continue
        j = text.find(close, i + 1)
        if ch == '"' and j < 0:
            i += 1
            continue
        end = j if j >= 0 else len(text)
        if end - i > 3:
            ranges.append((i + 1, end))
        i = end + 1


def find_quotes(doc: Doc, actors: DocumentActors, report_lemmas: frozenset[str],
                text: str | None = None) -> list[QuoteSpan]:
    """Every direct quote and reported statement in ``doc`` (``text``: ``doc.text``, which spaCy rebuilds from the
    tokens on every access, when the caller has it)."""
    doc_text = doc.text if text is None else text
    out: list[QuoteSpan] = []
    sents = list(doc.sents)
    candidates = _report_candidates(doc, report_lemmas)
    for index, sent in enumerate(sents):
        cues = _report_verbs(sent, candidates)
        base = sent.start_char
        sent_text = doc_text[base:sent.end_char]
        quoted = [(base + a, base + b) for a, b in _quoted_ranges(sent_text)]
        for start, end in quoted:
            outside = [c for c in cues if not start <= c.idx < end]
            cue = outside[0] if outside else None
            if cue is None and index + 1 < len(sents):
                # “...” (sentence ends inside the quote) followed by "he said." in the next sentence
                nxt = _report_verbs(sents[index + 1], candidates)
                cue = nxt[0] if nxt and len(sents[index + 1]) <= 8 else None
            if cue is None:
                continue
            quoted_text = doc_text[start:end].strip(" ,.")
            out.append(QuoteSpan(Quote(_speaker(cue, actors), quoted_text, cue.text, "direct"), start, end, cue.i))
        for acc in (sent if "ccording to" in sent_text else ()):
            # "according to the ministry, ...": the rest of the sentence is attributed to the ministry
            if acc.lower_ == "according" and acc.i + 1 < len(doc) and doc[acc.i + 1].lower_ == "to":
                pobj = [c for c in doc[acc.i + 1].children if c.dep_ == "pobj"]
                if not pobj:
                    continue
                src = pobj[0]
                found = [m for m in actors.actors_for(src) if m.actor is not None]
                speaker = found[0] if found else Mention(
                    src.text, src.idx, src.idx + len(src), src.i, src.i + 1, None, "unresolved", 0.0, src.i)
                phrase_end = src.right_edge.i + 1
                rest = doc[phrase_end: sent.end] if phrase_end < sent.end - 1 else doc[sent.start: acc.i]
                text = doc_text[rest.start_char:rest.end_char].strip(" ,.")  # Span.text would build every Token
                if text:
                    out.append(QuoteSpan(Quote(speaker, text, "according to", "reported"), rest.start_char,
                                         rest.end_char, acc.i))
        for cue in cues:
            if any(s <= cue.idx < e for s, e in quoted):
                continue
            comps = [c for c in cue.children if c.dep_ == "ccomp"]
            if not comps or any(s <= comps[0].idx < e for s, e in quoted):
                continue
            comp = comps[0]
            span = doc[comp.left_edge.i: comp.right_edge.i + 1]
            text = doc_text[span.start_char:span.end_char]
            if text.lower().startswith("that "):
                text = text[5:]
            out.append(QuoteSpan(Quote(_speaker(cue, actors), text, cue.text, "reported"), span.start_char,
                                 span.end_char, cue.i))
    return out
