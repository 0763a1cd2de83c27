from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brinkwatch.clean import clean_text, detect_language
from brinkwatch.settings import Settings

from .conftest import SEED, needs_seed


@needs_seed
def test_clean_seed_keeps_headlines_and_body_only() -> None:
    text, removed = clean_text(SEED.read_text(encoding="utf-8"))
    assert text.startswith("“Very concerned”: Kazakhstan is concerned about the Russian invasion")
    assert "Kazakhstan fears Russian invasion" in text
    assert text.rstrip().endswith("among a large number of migrant workers from Central Asian states.")
    for chrome in ("See also", "Leave a Reply", "Your email address", "Required fields"):
        assert chrome not in text
    assert any(line.startswith("See also") for line in removed)
    assert "Leave a Reply" in removed


@pytest.mark.parametrize(
    "line",
    [
        "See also  State of the Russian war: Orban acknowledges Hungary's isolation",
        "Related posts:",
        "Read more: Protests spread to the capital",
        "Share on Facebook",
        "Tweet",
        "Subscribe to our newsletter",
        "Sign up for our free daily newsletter",
        "Your email address will not be published. Required fields are marked *",
        "© 2024 Steppe Wire. All rights reserved.",
        "Advertisement",
        "Follow us on Telegram",
    ],
)
def test_clean_drops_chrome_line(line: str) -> None:
    text, removed = clean_text(f"Kazakhstan held talks with Russia on Monday.\n\n{line}\n\nThe talks ended.")
    assert line.strip() not in text
    assert "The talks ended." in text
    assert removed


@pytest.mark.parametrize(
    "line",
    [
        "Russia said it would share intelligence with Kazakhstan.",
        "Protesters read more than a hundred names aloud in front of parliament.",
        "The minister said the deal should be seen also as a signal to Moscow.",
    ],
)
def test_clean_keeps_article_sentences_that_mention_chrome_words(line: str) -> None:
    text, removed = clean_text(line)
    assert text == line
    assert removed == ()


def test_clean_drops_comment_section_after_marker() -> None:
    text, removed = clean_text("Body sentence one.\n\nLeave a Reply\n\nGreat article!\n\nName *")
    assert text == "Body sentence one."
    assert "Great article!" in removed


def test_clean_normalises_whitespace_into_paragraphs() -> None:
    text, _ = clean_text("First   line\r\n\r\n\r\nSecond\u00a0line  \n")
    assert text == "First line\n\nSecond line"


@given(st.text())
def test_clean_never_raises_and_is_stable(text: str) -> None:
    once, _ = clean_text(text)
    assert clean_text(once)[0] == once


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The president of Kazakhstan telephoned his Russian counterpart on Monday to discuss the border.", "en"),
        ("Der Bundespräsident hat am Montag mit seinem kasachischen Amtskollegen telefoniert.", "de"),
        ("Президент Казахстана провёл телефонный разговор с президентом России.", "ru"),
    ],
)
def test_clean_detects_language(text: str, language: str) -> None:
    assert detect_language(text, Settings().languages) == language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SANAA/LONDON, Jan 12 (Gulf Daily Dispatch) - US warplanes struck targets.", "US warplanes struck targets."),
        ("TAIPEI - China's military staged drills.", "China's military staged drills."),
        ("Title\n\nBERLIN, April 5 (Wire) — Germany expelled diplomats.", "Title\n\nGermany expelled diplomats."),
        ("US officials said NATO - the alliance - met.", "US officials said NATO - the alliance - met."),
    ],
)
def test_clean_removes_datelines(text: str, expected: str) -> None:
    assert clean_text(text)[0] == expected
