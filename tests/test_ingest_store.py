"""Ingesting into the store through the whole pipeline: idempotence, duplicates, kill and resume, the CLI."""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brinkwatch.cli import main
from brinkwatch.ingestion import IngestSummary, read_for_store
from brinkwatch.store import GDELT_COLUMNS, Store, open_store

from .conftest import SAMPLES
from .httpserver import html, serve

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
VOLATILE = {"ingested_at", "run_id", "created_at", "updated_at"}
TABLES = ("articles", "events", "clusters", "actors", "minhash_bands")


def _ingest(pipeline, db: Path, *inputs: str) -> IngestSummary:
    with open_store(db) as store:
        return pipeline.ingest(read_for_store(list(inputs), store, pipeline.settings), store, command="test")


def _tables(db: Path) -> dict[str, list[dict]]:
    with open_store(db, read_only=True) as store:
        return {t: sorted(({k: v for k, v in r.items() if k not in VOLATILE}
                           for r in store.sql(f"SELECT * FROM {t}").rows()), key=repr) for t in TABLES}


def _counts(db: Path) -> dict[str, int]:
    with open_store(db, read_only=True) as store:
        return {t: store.sql(f"SELECT count(*) AS n FROM {t}").rows()[0]["n"] for t in TABLES}


@pytest.fixture(scope="module")
def clean(pipeline, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, IngestSummary]:
    db = tmp_path_factory.mktemp("clean") / "samples.duckdb"
    return db, _ingest(pipeline, db, str(SAMPLES))


def test_ingest_samples_into_store(clean: tuple[Path, IngestSummary]) -> None:
    db, summary = clean
    assert summary.failures == [] and summary.stored == 31 and dict(summary.non_english) == {"de": 1, "ru": 1}
    assert summary.events > 100 and summary.new_clusters > 50
    with open_store(db, read_only=True) as store:
        stats = store.stats()
        assert stats["articles_by_status"] == {"coded": 31, "duplicate": 0, "skipped": 2}
        assert stats["events"] == summary.events and stats["clusters"] == summary.new_clusters
        wire = store.sql("SELECT * FROM articles WHERE doc_id = 'wire-2022-02-24-rus-ukr-invasion'").rows()[0]
        assert wire["identity"].startswith("url:https://example.org/") and wire["outlet"] == wire["source"]
        assert wire["language"] == "en" and wire["text"] and wire["n_events"] > 0
        assert "core_web_sm" in json.loads(wire["versions"])["model"]
        # every event keeps its evidence and provenance
        rows = store.events(dyad="RUS,UKR").rows()
        assert rows and all(r["sentence"] and r["versions"]["kb"] and r["cluster_id"] for r in rows)


def test_ingest_second_run_adds_nothing(pipeline, clean: tuple[Path, IngestSummary], tmp_path: Path) -> None:
    db = tmp_path / "again.duckdb"
    shutil.copy(clean[0], db)
    before = _counts(db)
    summary = _ingest(pipeline, db, str(SAMPLES))
    assert summary.stored == 0 and summary.already == 33 and summary.events == 0 and summary.failures == []
    assert _counts(db) == before


def test_ingest_near_duplicate_adds_no_events_and_update_corroborates(pipeline, clean: tuple[Path, IngestSummary],
                                                                      tmp_path: Path) -> None:
    db = tmp_path / "dups.duckdb"
    shutil.copy(clean[0], db)
    lines = [json.loads(x) for x in (SAMPLES / "wire.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    original = next(x for x in lines if x["id"] == "wire-2022-02-24-rus-ukr-invasion")
    copy = {**original, "id": "copy-1", "source": "Other Post", "url": "https://other.example/russia-attacks",
            "text": "KYIV (Other Post) - " + original["text"].replace("Thursday", "Thursday,", 1)}
    exact = {**original, "id": "copy-2", "source": "Third Daily", "url": "https://third.example/story"}
    words = original["text"].split("\n\n")
    rewrite = {**original, "id": "rewrite-1", "source": "Fourth Times", "url": "https://fourth.example/story",
               "text": "\n\n".join(words[: max(2, len(words) // 2)])}
    path = tmp_path / "copies.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in (copy, exact, rewrite)) + "\n", encoding="utf-8")
    before = _counts(db)
    summary = _ingest(pipeline, db, str(path))
    assert summary.duplicates == 2 and summary.stored == 1, summary.render()
    with open_store(db, read_only=True) as store:
        dups = store.sql("SELECT doc_id, duplicate_of, similarity FROM articles WHERE status = 'duplicate' "
                         "ORDER BY doc_id").rows()
        original_id = store.sql("SELECT article_id FROM articles WHERE doc_id = ?", [original["id"]]).rows()[0]
        assert [d["doc_id"] for d in dups] == ["copy-1", "copy-2"]
        assert all(d["duplicate_of"] == original_id["article_id"] and d["similarity"] >= 0.8 for d in dups)
        assert store.sql("SELECT count(*) AS n FROM events e JOIN articles a USING (article_id) "
                         "WHERE a.status = 'duplicate'").rows() == [{"n": 0}]
        # the cut-down rewrite is coded; its events join the original's clusters and corroborate them
        corroborated = store.clusters(min_sources=2).rows()
        assert corroborated and all(c["n_articles"] == 2 for c in corroborated)
    after = _counts(db)
    assert after["events"] > before["events"] and after["articles"] == before["articles"] + 3


def test_ingest_killed_mid_run_then_resumed_equals_a_clean_run(clean: tuple[Path, IngestSummary],
                                                               tmp_path: Path) -> None:
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "BRINKWATCH_COMMIT_SECONDS": "0",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen([sys.executable, "-m", "brinkwatch", "ingest", str(SAMPLES), "--db", str(db), "-v",
                             "--no-progress"], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env)
    assert proc.stderr is not None
    stored, buffer, deadline = 0, b"", time.monotonic() + 240
    try:
        while stored < 6 and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stderr], [], [], 1.0)
            if ready:
                chunk = os.read(proc.stderr.fileno(), 4096)
                if not chunk:
                    break
                buffer += chunk
                stored = buffer.count(b"brinkwatch: stored ")
        assert stored >= 6, buffer.decode(errors="replace")[-2000:]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    partial = _counts(db)
    assert 6 <= partial["articles"] < 33, partial
    assert main(["ingest", str(SAMPLES), "--db", str(db), "--quiet"]) == 0
    resumed, reference = _tables(db), _tables(clean[0])
    for table in TABLES:
        assert resumed[table] == reference[table], table
    with open_store(db, read_only=True) as store:
        runs = store.sql("SELECT finished_at FROM runs ORDER BY started_at").rows()
        assert runs[0]["finished_at"] is None and runs[1]["finished_at"] is not None  # the killed run shows


# --- CLI ---------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in ("2024-02-25-ecowas-lifts-niger-sanctions.txt", "2026-02-11-kharkiv-energy-strikes.txt"):
        shutil.copy(SAMPLES / "text" / name, folder / name)
    shutil.copy(SAMPLES / "html" / "2025-05-07-india-strikes-pakistan.html", folder / "india.html")
    return folder


@pytest.fixture(scope="module")
def cli_db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "cli.duckdb"
    assert main(["ingest", str(corpus), "--db", str(db), "--quiet"]) == 0
    return db


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_ingest_summary_and_second_run(capsys: pytest.CaptureFixture[str], cli_db: Path, corpus: Path) -> None:
    code, out, err = _run(capsys, "ingest", str(corpus), "--db", str(cli_db))
    assert code == 0 and out == ""
    assert "Ingested 0 new article(s)" in err and "already in the store: 3" in err and "failed: 0" in err


def test_cli_ingest_failed_input_exits_1_with_reason(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    good = tmp_path / "2024-05-06-call.txt"
    good.write_text("Kazakhstan and Kyrgyzstan\n\nKazakh President Kassym-Jomart Tokayev telephoned Kyrgyz President "
                    "Sadyr Japarov on Monday to discuss the border.\n", encoding="utf-8")
    code, _, err = _run(capsys, "ingest", str(tmp_path / "missing.txt"), str(good), "--db", str(tmp_path / "x.duckdb"))
    assert code == 1
    assert "missing.txt: no such file" in err and "failed: 1" in err and "Ingested 1 new article(s)" in err


def test_cli_events_jsonl_when_piped_with_evidence(capsys: pytest.CaptureFixture[str], cli_db: Path) -> None:
    code, out, _ = _run(capsys, "events", "--db", str(cli_db), "--evidence")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and rows
    assert {"cluster_id", "date", "source", "target", "cameo", "n_articles", "n_sources", "evidence"} <= set(rows[0])
    assert rows[0]["evidence"][0]["sentence"]
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates, reverse=True)


def test_cli_events_filters_table_and_mentions(capsys: pytest.CaptureFixture[str], cli_db: Path) -> None:
    code, out, _ = _run(capsys, "events", "--db", str(cli_db), "--root", "19", "--format", "table", "--evidence")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:5] == ["DATE", "P", "SOURCE", "CAMEO", "TARGET"]
    assert any(line.startswith("    ") for line in lines[1:])  # evidence sentences
    code, out, _ = _run(capsys, "events", "--db", str(cli_db), "--mentions", "--root", "19", "--since", "2026-01-01")
    mentions = [json.loads(line) for line in out.splitlines()]
    assert mentions and all(m["cameo_root"] == "19" and m["date"] >= "2026-01-01" for m in mentions)
    assert {"doc_id", "sentence", "source", "target", "versions", "pattern"} <= set(mentions[0])
    code, out, err = _run(capsys, "events", "--db", str(cli_db), "--dyad", "XXX,YYY")
    assert code == 0 and out == "" and "no events match" in err


def test_cli_events_without_store_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = _run(capsys, "events", "--db", str(tmp_path / "none.duckdb"))
    assert code == 2 and "brinkwatch ingest" in err and "Traceback" not in err


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl", "gdelt"])
def test_cli_export(capsys: pytest.CaptureFixture[str], cli_db: Path, tmp_path: Path, fmt: str) -> None:
    out_path = tmp_path / f"out.{fmt}"
    code, _, err = _run(capsys, "export", "--db", str(cli_db), "--format", fmt, "-o", str(out_path))
    assert code == 0 and out_path.stat().st_size > 0 and f"to {out_path}" in err
    if fmt == "gdelt":
        assert {len(line.split("\t")) for line in out_path.read_text(encoding="utf-8").splitlines()} == \
            {len(GDELT_COLUMNS)}
    if fmt == "jsonl":
        first = json.loads(out_path.read_text(encoding="utf-8").splitlines()[0])
        assert {"doc_id", "sentence", "cameo", "source", "location", "quote", "versions", "cluster_id"} <= set(first)


def test_cli_stats(capsys: pytest.CaptureFixture[str], cli_db: Path) -> None:
    code, out, _ = _run(capsys, "stats", "--db", str(cli_db))
    assert code == 0 and "articles: 3 (3 coded" in out and "Event clusters by CAMEO root" in out
    assert "Top dyads" in out and "Fight" in out


def test_cli_watch_polls_a_feed_and_skips_what_it_has(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    page = html("Kyrgyzstan and Tajikistan sign border treaty", "Kyrgyz President Sadyr Japarov and Tajik President "
                "Emomali Rahmon signed a border treaty in Bishkek on Thursday.", "The two leaders met for talks.",
                date="2025-03-13")
    routes: dict = {"/story": (200, {"Content-Type": "text/html"}, page)}
    with serve(routes) as server:
        feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title><item><title>Treaty'
                f'</title><link>{server.base}/story</link></item></channel></rss>').encode()
        routes["/feed"] = (200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, feed)
        db = tmp_path / "watch.duckdb"
        code, _, err = _run(capsys, "watch", server.base + "/feed", "--db", str(db), "--polls", "1")
        assert code == 1 and "refused" in err  # private address without --allow-private
        code, _, err = _run(capsys, "watch", server.base + "/feed", "--db", str(db), "--polls", "2", "--every", "1s",
                            "--allow-private")
        assert code == 0, err
        assert "poll 1: 1 new article(s)" in err and "poll 2: 0 new article(s)" in err
        assert [p for p, _ in server.hits].count("/story") == 1  # stored pages are not fetched again
    with open_store(db, read_only=True) as store:
        assert store.sql("SELECT etag, last_status FROM feeds").rows() == [{"etag": '"v1"', "last_status": "ok"}]
        assert store.stats()["articles"] == 1


def test_open_store_is_public_api(cli_db: Path) -> None:
    import brinkwatch

    assert "open_store" in brinkwatch.__all__
    with brinkwatch.open_store(cli_db, read_only=True) as store:
        assert isinstance(store, Store) and store.stats()["articles"] == 3
