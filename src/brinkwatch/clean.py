"""Clean stage: strip page chrome that survives extraction, normalise whitespace, identify the language.

Works on plain text too, because scraped text often arrives without its HTML: "See also ..." boxes, share and
subscribe lines, comment forms ("Leave a Reply", "Your email address will not be published", "Required fields are
marked *"). Everything after a comment-form marker is dropped: it is the comment section, not the article.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .models import Article

if TYPE_CHECKING:
    from lingua import LanguageDetector

__all__ = ["clean_article", "clean_text", "detect_language"]

# A line is chrome when it matches one of these (case-insensitive) and is short enough to be a page element.
_CHROME_LINE = re.compile(
    r"""^\W*(?:
        see\s+also\b | related(?:\s+(?:posts?|articles?|stories|news|coverage|content|topics))?\s*:? |
        read\s+(?:more|also|next)\b | also\s+read\b | more\s+(?:from|on|stories|news)\b | recommended\b |
        you\s+(?:may|might)\s+also\s+like\b | most\s+(?:read|popular|viewed)\b | trending\b |
        share(?:\s+(?:this|on|via)\b.*)?$ | tweet$ | pin\s+it$ | e-?mail$ | print$ | whatsapp$ | telegram$ |
        facebook$ | twitter$ | linkedin$ | reddit$ | copy\s+link$ |
        (?:subscribe|sign\s+up)\b.*(?:newsletter|updates|alerts|free|today|now|channel) |
        follow\s+us\b | join\s+our\b.*(?:newsletter|channel|community) |
        advertisement$ | sponsored(?:\s+content)?$ | click\s+here\b | tags?\s*: | filed\s+under\b |
        (?:copyright|©|\(c\))\s | all\s+rights\s+reserved | we\s+use\s+cookies | accept\s+(?:all\s+)?cookies |
        skip\s+to\s+(?:main\s+)?content | photo\s*:\s | image\s*:\s | listen\s+to\s+this\s+article |
        (?:name|email|website|comment)\s*\*?$ | post\s+comment$ | save\s+my\s+name
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# Inline phrases that mark a whole line as chrome wherever they occur in it.
_CHROME_PHRASE = re.compile(
    r"your\s+email\s+address\s+will\s+not\s+be\s+published|required\s+fields\s+are\s+marked|"
    r"all\s+rights\s+reserved|sign\s+up\s+for\s+our\s+newsletter|subscribe\s+to\s+our\s+newsletter",
    re.IGNORECASE,
)
# From one of these lines on, the rest of the page is a comment section.
_COMMENTS_START = re.compile(
    r"^\W*(?:leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|\d+\s+comments?|comments\s*(?:\(\d+\))?|"
    r"add\s+a\s+comment|join\s+the\s+discussion|what\s+do\s+you\s+think\??)\W*$",
    re.IGNORECASE,
)
_MAX_CHROME_CHARS = 200
# "SANAA/LONDON, Jan 12 (Reuters) - ", "TAIPEI - ", "BERLIN, April 5 (Meridian Wire) — " at the start of a story
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’\- ]{1,30}(?:/[A-Z][A-Z.'’\- ]{1,30})*)(?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2})?"
    r"(?:\s*\([^()]{2,40}\))?\s+[-–—]{1,2}\s+(?=[A-Z\"“‘'])"
)
_SHORT_TEXT = 300  # characters below which language identification must be confident to skip a text


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """Return the cleaned text (paragraphs separated by blank lines) and the lines that were removed."""
    kept: list[str] = []
    removed: list[str] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    for i, raw in enumerate(lines):
        line = re.sub(r"[ \t\u200b]+", " ", raw).strip()
        if not line:
            if kept and kept[-1] != "":
                kept.append("")
            continue
        if _COMMENTS_START.match(line):
            removed.extend(x.strip() for x in lines[i:] if x.strip())
            break
        if sum(1 for k in kept if k) < 3:  # a dateline opens the story, within its first lines
            line = _DATELINE.sub("", line, count=1)
        if not line:
            continue
        short = len(line) <= _MAX_CHROME_CHARS
        if (short and _CHROME_LINE.match(line)) or _CHROME_PHRASE.search(line):
            removed.append(line)
            continue
        kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    # one paragraph per line: single line breaks inside a paragraph become paragraph breaks
    return "\n\n".join(x for x in kept if x), tuple(removed)


@functools.cache
def _detector(languages: tuple[str, ...]) -> LanguageDetector:
    from lingua import Language, LanguageDetectorBuilder

    chosen = [getattr(Language, name.upper()) for name in languages if hasattr(Language, name.upper())]
    if len(chosen) < 2:
        chosen = [Language.ENGLISH, Language.GERMAN]
    return LanguageDetectorBuilder.from_languages(*chosen).build()


def detect_language(text: str, languages: Sequence[str]) -> str | None:
    """ISO 639-1 code of the text's language among ``languages`` (lowercase lingua names), or None."""
    sample = text[:3000]
    if not sample.strip():
        return None
    detector = _detector(tuple(languages))
    if len(sample) < _SHORT_TEXT:
        # a sentence or two is too little evidence: call it non-English only when the detector is sure
        values = detector.compute_language_confidence_values(sample)
        if not values:
            return None
        top = values[0]
        if top.language.iso_code_639_1.name.lower() != "en" and top.value < 0.9:
            return "en"
        return top.language.iso_code_639_1.name.lower()
    result = detector.detect_language_of(sample)
    return result.iso_code_639_1.name.lower() if result is not None else None


def clean_article(article: Article, languages: Sequence[str]) -> Article:
    """The article with chrome removed, whitespace normalised and its language identified."""
    text, removed = clean_text(article.text)
    title = article.title
    if title:
        title = re.sub(r"\s+", " ", title).strip()
    return dataclasses.replace(article, text=text, title=title, removed_lines=removed,
                               language=detect_language(text, languages))
