from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brinkwatch.ingest import parse_date, read_inputs
from brinkwatch.models import Article, Failure

from .conftest import SAMPLES

PAGE = """<!doctype html><html><head><title>Site | Talks</title>
<meta property="og:url" content="https://example.org/talks">
<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Kazakhstan and Kyrgyzstan hold border talks</h1>
<p>Kazakhstan and Kyrgyzstan held talks on their shared border on Tuesday, officials in Astana said, and agreed
to meet again in April to finish the demarcation of the remaining sections.</p>
<p>The delegations also discussed water sharing on the rivers that cross the border, a long-running dispute.</p>
</article><aside><h3>Related posts</h3><ul><li><a href="/x">Other story</a></li></ul></aside>
<div id="comments"><h3>Leave a Reply</h3><p>Your email address will not be published.</p></div>
<footer>Copyright 2024 Example</footer></body></html>"""


def _read(*inputs: str, **kwargs) -> list[Article | Failure]:
    return list(read_inputs(list(inputs), **kwargs))


def test_ingest_plain_text_title_and_date_from_file_name(tmp_path: Path) -> None:
    path = tmp_path / "2025-06-03-border.txt"
    path.write_text("Border talks resume\n\nKyrgyzstan and Tajikistan resumed talks.", encoding="utf-8")
    [article] = _read(str(path))
    assert isinstance(article, Article)
    assert article.id == "2025-06-03-border.txt"
    assert article.title == "Border talks resume"
    assert article.date == dt.date(2025, 6, 3)


def test_ingest_default_date_applies_when_input_has_none(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Russia and China held talks.", encoding="utf-8")
    [article] = _read(str(path), default_date=dt.date(2022, 3, 28))
    assert isinstance(article, Article) and article.date == dt.date(2022, 3, 28)


def test_ingest_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [article] = _read(str(path))
    assert isinstance(article, Article)
    assert article.date == dt.date(2024, 3, 5)
    assert article.url == "https://example.org/talks"
    assert "held talks on their shared border" in article.text
    assert "Home" not in article.text.split() and "Related posts" not in article.text
    assert "Leave a Reply" not in article.text


def test_ingest_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "Russia held talks with China.", "date": "2024-01-02", "source": "X"}),
        "{not json",
        json.dumps({"id": "b"}),
        json.dumps({"id": "c", "html": PAGE, "url": "https://example.org/c"}),
        json.dumps({"id": "d", "text": "Some text.", "date": "yesterday"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = _read(str(path))
    assert [type(i).__name__ for i in items] == ["Article", "Failure", "Failure", "Article", "Failure", "Failure"]
    first, bad_json, no_text, html, bad_date, not_object = items
    assert first.id == "a" and first.date == dt.date(2024, 1, 2) and first.source == "X"
    assert bad_json.input.endswith("batch.jsonl:2") and "not valid JSON" in bad_json.message
    assert no_text.input.endswith(":3") and "'text' or 'html'" in no_text.message
    assert html.id == "c" and html.url == "https://example.org/c" and html.date == dt.date(2024, 3, 5)
    assert "not a date" in bad_date.message
    assert "object" in not_object.message


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"", "empty"), (b"   \n\n", "empty"), (b"\x00\x01\x02binary\x00", "binary"), (b"\xff\xfe" * 400, "UTF-8")],
)
def test_ingest_bad_file_is_one_failure_naming_it(tmp_path: Path, content: bytes, problem: str) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Russia held talks with China.", encoding="utf-8")
    failure, article = _read(str(bad), str(good))
    assert isinstance(failure, Failure) and failure.input == str(bad) and problem in failure.message
    assert "\n" not in failure.message
    assert isinstance(article, Article)


def test_ingest_missing_file_fails_and_others_continue(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Russia held talks with China.", encoding="utf-8")
    missing, article = _read(str(tmp_path / "nope.txt"), str(good))
    assert isinstance(missing, Failure) and "no such file" in missing.message
    assert isinstance(article, Article)


def test_ingest_oversized_file_refused_with_limit_in_message(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 3000, encoding="utf-8")
    [failure] = _read(str(big), max_bytes=10_000)
    assert isinstance(failure, Failure) and "limit" in failure.message and "max_input_bytes" in failure.message


def test_ingest_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("text", encoding="utf-8")

    def deny(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    [failure] = _read(str(path))
    assert isinstance(failure, Failure) and "permission denied" in failure.message


def test_ingest_stdin_sniffs_jsonl() -> None:
    stream = io.StringIO(json.dumps({"id": "s1", "text": "Iran criticised Israel."}) + "\n")
    [article] = _read("-", stdin=stream)
    assert isinstance(article, Article) and article.id == "s1"


def test_ingest_directory_reads_supported_files_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("Russia held talks with China.", encoding="utf-8")
    (tmp_path / "sub" / "b.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "README.md").write_text("# not an article", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    items = _read(str(tmp_path))
    assert sorted(i.id for i in items if isinstance(i, Article)) == ["a.txt", "b.html"]


def test_ingest_sample_corpus_reads_without_failures() -> None:
    items = _read(str(SAMPLES))
    failures = [i for i in items if isinstance(i, Failure)]
    assert not failures, failures
    assert len(items) >= 30


@given(st.text(max_size=40))
def test_ingest_parse_date_never_raises(text: str) -> None:
    result = parse_date(text)
    assert result is None or isinstance(result, dt.date)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2024-03-05", dt.date(2024, 3, 5)), ("2024-03-05T10:00:00Z", dt.date(2024, 3, 5)), ("2024-02-30", None),
     ("March 5", None), (None, None)],
)
def test_ingest_parse_date(value: str | None, expected: dt.date | None) -> None:
    assert parse_date(value) == expected
