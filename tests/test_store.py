from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brinkwatch.errors import BrinkwatchError, StoreError
from brinkwatch.models import Actor, DateInfo, Event, Location, Mention, Quote
from brinkwatch.store import GDELT_COLUMNS, SCHEMA_VERSION, Store, open_store

from .factories import article, entry, event

ROOT = Path(__file__).resolve().parents[1]
VOLATILE = {"ingested_at", "run_id", "created_at", "updated_at"}


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    with open_store(tmp_path / "s.duckdb") as s:
        yield s


def _table(store: Store, table: str) -> list[dict]:
    rows = store.sql(f"SELECT * FROM {table}").rows()
    return sorted(({k: v for k, v in r.items() if k not in VOLATILE} for r in rows), key=repr)


# --- round trip --------------------------------------------------------------------------------------------------


def test_store_event_round_trips_as_event_to_dict(store: Store) -> None:
    loc = Location(text="Kharkiv", name="Kharkiv", country="UKR", precision="city", admin1="Kharkiv", lat=49.99,
                   lon=36.23)
    quote = Quote(speaker=None, text="We will respond", cue="said", kind="direct")
    ev = event("a", location=loc, quote=quote, modality="threat", clause_depth=2)
    store.write([entry(article("a"), [ev])])
    [row] = store.events().rows()
    expected = ev.to_dict()
    assert {k: row[k] for k in expected} == expected
    assert row["cluster_id"] and row["event_id"].endswith("-0000") and row["in_lead"] is True


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=25)
_opt = st.none() | _text
_actor = st.builds(Actor, code=_opt, country=_opt, sector=_opt, org=_opt, name=_opt, kb_id=_opt)
_mention = st.builds(Mention, text=_text, start=st.integers(0, 10**6), end=st.integers(0, 10**6),
                     token_start=st.integers(0, 10**5), token_end=st.integers(0, 10**5),
                     actor=st.none() | _actor, layer=_text, confidence=st.floats(0, 1))
_coord = st.none() | st.floats(-180, 180, allow_nan=False)
_location = st.builds(Location, text=_text, name=_text, country=_opt,
                      precision=st.sampled_from(["city", "admin1", "country", "country-fallback"]), admin1=_opt,
                      lat=_coord, lon=_coord)
_quote = st.builds(Quote, speaker=st.none() | _mention, text=_text, cue=_text, kind=st.sampled_from(["direct",
                                                                                                      "reported"]))
_date = st.builds(DateInfo, date=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
                  precision=st.sampled_from(["day", "week", "month", "year"]), text=_opt,
                  basis=st.sampled_from(["publication", "expression", "input"]))


@st.composite
def _events(draw: st.DrawFn) -> Event:
    cameo = draw(st.sampled_from(["010", "0311", "042", "111", "1246", "173", "190", "195", "20"]))
    return Event(
        doc_id=draw(_text), sentence_index=draw(st.integers(0, 5000)), sentence=draw(_text),
        char_start=draw(st.integers(0, 10**6)), char_end=draw(st.integers(0, 10**6)), date=draw(st.none() | _date),
        source=draw(st.none() | _mention), target=draw(st.none() | _mention), cameo=cameo, cameo_root=cameo[:2],
        plover=draw(_opt), plover_mode=draw(_opt), plover_context=draw(_opt), quad_class=draw(st.integers(1, 4)),
        goldstein=draw(st.floats(-10, 10)), confidence=draw(st.floats(0, 1)), trigger=draw(_text),
        pattern_id=draw(_text), versions=draw(st.dictionaries(_text, _text, max_size=3)),
        location=draw(st.none() | _location), quote=draw(st.none() | _quote),
        modality=draw(st.sampled_from(["asserted", "intent", "threat", "refused"])),
        clause_depth=draw(st.integers(0, 50)),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_events(), min_size=1, max_size=4))
def test_store_round_trip_property(events: list[Event]) -> None:
    with open_store(":memory:") as store:
        store.write([entry(article("doc"), events)])
        rows = sorted(store.events().rows(), key=lambda r: r["event_id"])
        assert [{k: r[k] for k in e.to_dict()} for r, e in zip(rows, events, strict=True)] == \
            [e.to_dict() for e in events]
        assert store.sql("SELECT count(*) AS n FROM articles").rows() == [{"n": 1}]


# --- clusters ----------------------------------------------------------------------------------------------------


def test_store_same_event_from_two_outlets_is_one_cluster_with_counts(store: Store) -> None:
    store.write([entry(article("a", source="Wire A"), [event("a")])])
    store.write([entry(article("b", source="Wire B", date=dt.date(2024, 5, 7)),
                       [event("b", date=dt.date(2024, 5, 7))])])
    [cluster] = store.clusters().rows()
    assert (cluster["n_articles"], cluster["n_sources"], cluster["n_mentions"]) == (2, 2, 2)
    assert cluster["first_seen"] == "2024-05-06" and cluster["last_seen"] == "2024-05-07"
    # a third report from an outlet already counted: more articles, not more sources; counts keep updating
    store.write([entry(article("c", source="Wire A", date=dt.date(2024, 5, 8)), [event("c", precision="month",
                                                                                      date=dt.date(2024, 5, 1))])])
    [cluster] = store.clusters().rows()
    assert (cluster["n_articles"], cluster["n_sources"], cluster["n_mentions"]) == (3, 2, 3)
    assert cluster["date"] == "2024-05-06" and cluster["date_precision"] == "day"
    assert cluster["last_seen"] == "2024-05-08"


def test_store_different_dates_dyads_roots_and_undated_stay_apart(store: Store) -> None:
    store.write([entry(article("a"), [
        event("a"), event("a", date=dt.date(2024, 5, 9), index=1), event("a", source="UKR", target="RUS", index=2),
        event("a", cameo="111", index=3), event("a", date=None, index=4), event("a", date=None, index=5),
    ])])
    assert len(store.clusters().rows()) == 6


def test_store_clusters_do_not_depend_on_transaction_grouping(tmp_path: Path) -> None:
    def entries() -> list:
        return [entry(article(f"x{i}", source=f"Wire {i % 2}", date=dt.date(2024, 5, 5 + i % 3)),
                      [event(f"x{i}", date=dt.date(2024, 5, 5 + i % 3), confidence=0.5 + i / 100),
                       event(f"x{i}", cameo="111", index=1, precision="month", date=dt.date(2024, 5, 1))])
                for i in range(9)]

    with open_store(tmp_path / "one.duckdb") as one, open_store(tmp_path / "many.duckdb") as many:
        one.write(entries())
        for item in entries():
            many.write([item])
        for table in ("articles", "events", "clusters", "actors", "minhash_bands"):
            assert _table(one, table) == _table(many, table), table


def test_store_failure_mid_write_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    real = Store._insert

    def broken(self: Store, table: str, rows: list, conflict: str = "") -> None:
        real(self, table, rows, conflict)
        if table == "events":
            raise RuntimeError("disk on fire")

    monkeypatch.setattr(Store, "_insert", broken)
    with pytest.raises(RuntimeError):
        store.write([entry(article("a"), [event("a")])])
    monkeypatch.setattr(Store, "_insert", real)
    assert store.sql("SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM events) AS n").rows() == \
        [{"n": 0}]


def test_store_sigkill_inside_a_transaction_leaves_no_half_written_article(tmp_path: Path) -> None:
    db = tmp_path / "k.duckdb"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path[:0] = [{str(ROOT / "src")!r}, {str(ROOT)!r}]
        from brinkwatch.store import Store, open_store
        from tests.factories import article, entry, event
        store = open_store({str(db)!r})
        store.write([entry(article("first"), [event("first")])])
        real = Store._insert
        def insert(self, table, rows, conflict=""):
            real(self, table, rows, conflict)
            if table == "events":  # the article and its events are written, the transaction is not committed
                os.kill(os.getpid(), signal.SIGKILL)
        Store._insert = insert
        store.write([entry(article("second"), [event("second", date=None)])])
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == -9, proc.stderr
    with open_store(db) as store:
        assert [r["doc_id"] for r in store.articles().rows()] == ["first"]
        assert len(store.events().rows()) == 1 and len(store.clusters().rows()) == 1


# --- schema ------------------------------------------------------------------------------------------------------


def test_store_opening_an_older_store_upgrades_it(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path, upto=1) as old:
        assert old.schema_version == 1
        old.write([entry(article("a"), [event("a")])])
        assert not old.sql("SELECT * FROM information_schema.tables WHERE table_name = 'feeds'").rows()
    with open_store(path, read_only=True) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert [r["version"] for r in store.sql("SELECT version FROM schema_version ORDER BY 1").rows()] == \
            list(range(1, SCHEMA_VERSION + 1))
        assert len(store.events().rows()) == 1
        assert store.sql("SELECT count(*) AS n FROM feeds").rows() == [{"n": 0}]


def test_store_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    with open_store(path) as store:
        store.sql("INSERT INTO schema_version VALUES (99, 'future', NULL)").rows()
    with pytest.raises(StoreError, match="newer"):
        open_store(path)


def test_store_read_only_needs_an_existing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="brinkwatch ingest"):
        open_store(tmp_path / "missing.duckdb", read_only=True)


def test_store_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match=str(path)):
        open_store(path)


def test_store_locked_by_another_process_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "locked.duckdb"
    open_store(path).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('ready', flush=True); time.sleep(60)", str(path)], stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="another process"):
            open_store(path)
    finally:
        holder.kill()
        holder.wait()


# --- queries -----------------------------------------------------------------------------------------------------


@pytest.fixture()
def filled(store: Store) -> Store:
    store.write([
        entry(article("a", source="Wire A", date=dt.date(2024, 5, 6)), [
            event("a", sentence="Russian troops shelled Kharkiv overnight."),
            event("a", source="UKRGOV", target="RUS", cameo="111", index=1, sentence="Kyiv condemned Moscow."),
        ]),
        entry(article("b", source="Wire B", date=dt.date(2024, 5, 7)), [
            event("b", date=dt.date(2024, 5, 7), sentence="Russia attacked Ukraine again."),
            event("b", source="KAZGOV", target="KGZGOV", cameo="042", index=1, date=dt.date(2024, 3, 1),
                  sentence="Tokayev visited Bishkek."),
        ]),
    ])
    return store


@pytest.mark.parametrize(
    ("filters", "clusters"),
    [({}, 3), ({"actor": "RUS"}, 2), ({"actor": "UKRGOV"}, 1), ({"dyad": "RUS,UKR"}, 1), ({"dyad": "UKR,RUS"}, 1),
     ({"root": "19"}, 1), ({"root": [11, 4]}, 2), ({"since": "2024-05-01"}, 2), ({"until": "2024-04-01"}, 1),
     ({"text": "shelled kharkiv"}, 1), ({"text": "nothing here"}, 0), ({"min_sources": 2}, 1),
     ({"quad_class": 4}, 1), ({"actor": "country:KAZ"}, 1), ({"limit": 1}, 1)],
)
def test_store_cluster_filters(filled: Store, filters: dict, clusters: int) -> None:
    assert len(filled.clusters(**filters).rows()) == clusters


def test_store_event_filters_and_order(filled: Store) -> None:
    rows = filled.events(dyad=("RUS", "UKR")).rows()
    assert [r["doc_id"] for r in rows] == ["b", "a"]  # newest first
    assert all(r["source"]["code"] == "RUSMIL" for r in rows)
    assert len(filled.events(min_sources=2).rows()) == 2


def test_store_clusters_with_evidence(filled: Store) -> None:
    [row] = filled.clusters(dyad="RUS,UKR", evidence=True).rows()
    assert [e["outlet"] for e in row["evidence"]] == ["Wire A", "Wire B"]
    assert row["evidence"][0]["sentence"] == "Russian troops shelled Kharkiv overnight."


@pytest.mark.parametrize("bad", [{"root": "21"}, {"dyad": "RUS"}, {"since": "yesterday"}, {"colour": "red"}])
def test_store_bad_filter_is_a_clear_error(filled: Store, bad: dict) -> None:
    with pytest.raises(BrinkwatchError):
        filled.clusters(**bad).rows()


def test_store_stats(filled: Store) -> None:
    stats = filled.stats()
    assert stats["articles"] == 2 and stats["events"] == 4 and stats["clusters"] == 3
    assert stats["corroborated_clusters"] == 1
    assert stats["top_dyads"][0]["source"] == "RUSMIL" and stats["top_dyads"][0]["events"] == 2
    assert {r["root"] for r in stats["clusters_by_root"]} == {"04", "11", "19"}


def test_store_dataframes(filled: Store) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    frame = filled.events(root=19).pandas()
    assert isinstance(frame, pd.DataFrame) and len(frame) == 2 and "source_code" in frame.columns
    clusters = filled.clusters().polars()
    assert isinstance(clusters, pl.DataFrame) and clusters.height == 3 and "n_sources" in clusters.columns


# --- export ------------------------------------------------------------------------------------------------------


def test_store_export_parquet_csv_jsonl(filled: Store, tmp_path: Path) -> None:
    assert filled.export(tmp_path / "e.parquet", "parquet") == 4
    assert filled.sql(f"SELECT count(*) AS n FROM '{tmp_path / 'e.parquet'}'").rows() == [{"n": 4}]
    assert filled.export(tmp_path / "e.csv", "csv", root=19) == 2
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert len(rows) == 2 and {r["source_code"] for r in rows} == {"RUSMIL"}
    assert filled.export(tmp_path / "e.jsonl", "jsonl") == 4
    lines = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert lines[0]["doc_id"] == "b" and lines[0]["source"]["code"] == "KAZGOV"  # oldest first
    assert filled.export(tmp_path / "c.parquet", "parquet", table="clusters") == 3
    assert filled.export(tmp_path / "a.jsonl", "jsonl", table="articles") == 2


def test_store_export_gdelt_layout(filled: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.gdelt.tsv"
    assert filled.export(path, "gdelt") == 3
    assert len(GDELT_COLUMNS) == 61
    rows = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
            for line in path.read_text(encoding="utf-8").splitlines()]
    fight = next(r for r in rows if r["EventRootCode"] == "19")
    assert int(fight["GLOBALEVENTID"]) > 0 and fight["SQLDATE"] == "20240506" and fight["MonthYear"] == "202405"
    assert fight["Actor1Code"] == "RUSMIL" and fight["Actor2Code"] == "UKR" and fight["Actor1CountryCode"] == "RUS"
    assert fight["EventCode"] == "190" and fight["EventBaseCode"] == "190" and fight["QuadClass"] == "4"
    assert (fight["NumMentions"], fight["NumSources"], fight["NumArticles"]) == ("2", "2", "2")
    assert fight["GoldsteinScale"] == "-10.0" and fight["AvgTone"] == "" and fight["IsRootEvent"] == "1"
    assert len(fight["DATEADDED"]) == 14 and fight["SOURCEURL"] == ""


def test_store_export_unknown_format(filled: Store, tmp_path: Path) -> None:
    with pytest.raises(BrinkwatchError, match="format"):
        filled.export(tmp_path / "x", "xlsx")


def test_store_is_the_only_module_that_speaks_duckdb() -> None:
    src = ROOT / "src" / "brinkwatch"
    speaking = sorted(p.name for p in src.glob("*.py") if "duckdb" in p.read_text(encoding="utf-8").replace(
        ".duckdb", "") and p.name != "store.py")
    assert speaking == [], speaking


def test_store_named_only_leaves_out_implied_roles(store: Store) -> None:
    import dataclasses

    implied = event("c", source="SDNGOV", target="SDN", cameo="0813", sentence="Sudan lifted the curfew.")
    assert implied.target is not None
    implied = dataclasses.replace(implied, target=dataclasses.replace(implied.target, layer="implied-domestic"))
    store.write([entry(article("c", date=dt.date(2024, 5, 8)), [
        implied, event("c", index=1, sentence="Russia attacked Ukraine.")])])
    assert len(store.events().rows()) == 2
    assert [r["sentence"] for r in store.events(named_only=True).rows()] == ["Russia attacked Ukraine."]
    assert len(store.clusters(named_only=True).rows()) == 1
