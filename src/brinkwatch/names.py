"""Name normalisation shared by the knowledge-base validator and the actor resolver.

Two levels:
- ``normalize``: case, diacritics, quotes, hyphens and spacing folded; "Noor-Sultan" -> "noor sultan".
- ``translit_key``: a coarse key that merges the spelling families transliteration produces
  (Tokayev/Tokaev/Tokajew, Zelensky/Selenskyj/Zelenski, Peskov/Peskow, Xi/Si), used for blocking and matching.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["normalize", "normalize_tokens", "translit_key"]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "ʻ": "'"})
_DASHES = re.compile(r"[\-‐‑‒–—―_]+")
_NON_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?<=\w)'s\b")
_INNER_APOSTROPHE = re.compile(r"'(?!s\b)")
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i",
                          "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th"})


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize(text: str) -> str:
    """Fold case, diacritics, apostrophes, hyphens and punctuation; collapse spaces.

    Dots inside acronyms are dropped ("U.N." -> "un"), a leading "the" is kept (callers decide).
    """
    text = _strip_accents(text.translate(_APOSTROPHES).lower()).lower()
    text = text.replace(".", "")
    text = _DASHES.sub(" ", text)
    text = _NON_WORD.sub(" ", text)
    text = _POSSESSIVE.sub(" 's", text)  # "people's" -> "people 's", as spaCy splits it
    text = _INNER_APOSTROPHE.sub("", text)  # "d'ivoire" -> "divoire", "sana'a" -> "sanaa"
    return _SPACES.sub(" ", text).strip()


def normalize_tokens(text: str) -> tuple[str, ...]:
    return tuple(normalize(text).split())


# Ordered rewrite rules that map common transliteration variants onto one key. They are deliberately coarse:
# the key is for blocking and for a high-precision comparison of whole names, never for single short words.
_KEY_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"tsch", "ch"),
        (r"sch", "sh"),
        (r"dzh", "j"),
        (r"dj", "j"),
        (r"zh", "j"),
        (r"kh", "k"),
        (r"ck", "k"),
        (r"q", "k"),
        (r"ph", "f"),
        (r"w", "v"),
        (r"tz", "ts"),
        (r"^x", "s"),
        (r"x", "ks"),
        (r"ch", "ç"),
        (r"c(?=[eiy])", "s"),
        (r"c", "k"),
        (r"ç", "c"),
        (r"j", "y"),
        (r"y", "i"),
        (r"z", "s"),
        (r"(?<=[aeou])i(?=[aeiou])", ""),
        (r"ff$", "v"),
        (r"(.)\1+", r"\1"),
    )
)


@functools.lru_cache(maxsize=65536)
def translit_key(text: str) -> str:
    """A coarse phonetic key for one name: 'Tokayev', 'Tokaev', 'Tokajew' all give the same key."""
    words = []
    for word in normalize(text).split():
        for pattern, repl in _KEY_RULES:
            word = pattern.sub(repl, word)
        if word:
            words.append(word)
    return " ".join(words)
