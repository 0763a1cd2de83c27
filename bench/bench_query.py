"""Dyad query time over 10 million synthetic event rows (and the event clusters they form), through the Store API.

    .venv/bin/python bench/bench_query.py [--events 10000000] [--db out/bench-query.duckdb]

Fills a store with synthetic events (60 countries with sectors, 20 CAMEO roots, ten years of dates; RUS->UKR about
1% of rows, as a busy dyad is in real data), three events per cluster and twenty per article, then times the
queries an analyst runs on a dyad, each through ``Store`` as the CLI runs them (the store opened read-only): the
100 newest events and clusters of the dyad, the dyad's fights in one year, and its monthly counts. Reports the
first (cold) run and the best of three. Writes bench/results/<date>-query.json. Generating the data is the slow
part (about a minute); the store file is reused when it already has the rows.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

from brinkwatch.store import open_store
from results_file import write_result

ROOT = Path(__file__).resolve().parents[1]
_COUNTRY_CODES = ("RUS UKR USA CHN IND PAK AFG IRN ISR PSE SYR IRQ TUR EGY SDN ETH SOM KEN NGA NER MLI BFA TCD COD RWA "
                  "ZAF KAZ KGZ TJK UZB ARM AZE GEO BLR POL DEU FRA GBR SRB XKX VEN COL MEX BRA ARG PER JPN KOR PRK TWN "
                  "PHL VNM MMR THA IDN SAU YEM QAT ARE LBN")
COUNTRIES = _COUNTRY_CODES.split()
SECTORS = ("", "", "GOV", "MIL", "REB", "CVL", "COP", "OPP")


def _fill(store, n: int) -> None:  # noqa: ANN001 - the Store
    codes = [c + s for c in COUNTRIES for s in SECTORS]
    codes_sql = "[" + ", ".join(f"'{c}'" for c in codes) + "]"
    sectors_sql = "[" + ", ".join(f"'{s}'" for s in SECTORS) + "]"
    n_codes, n_sectors = len(codes), len(SECTORS)
    # A skewed mix: 1% of rows are RUS* -> UKR*, the rest spread over all codes.
    def pick(values: str, count: int, salt: int) -> str:
        return f"{values}[CAST(hash(i * {salt}) % {count} + 1 AS BIGINT)]"

    # A skewed mix: 1% of rows are RUS* -> UKR*, the rest spread over all codes.
    source = (f"CASE WHEN hash(i) % 100 = 0 THEN 'RUS' || {pick(sectors_sql, n_sectors, 3)} "
              f"ELSE {pick(codes_sql, n_codes, 5)} END")
    target = (f"CASE WHEN hash(i) % 100 = 0 THEN 'UKR' || {pick(sectors_sql, n_sectors, 7)} "
              f"ELSE {pick(codes_sql, n_codes, 11)} END")
    t0 = time.perf_counter()
    store.sql(f"""
        INSERT INTO articles (article_id, identity, seq, doc_id, url, source, outlet, published, language, status)
        SELECT 'a' || i, 'sha256:' || i, i, 'doc-' || i, 'https://example.org/a/' || i, 'Outlet ' || (i % 300),
               'Outlet ' || (i % 300), DATE '2016-01-01' + CAST(hash(i) % 3650 AS INTEGER), 'en', 'coded'
        FROM range({n // 20}) t(i)""").rows()
    store.sql(f"""
        INSERT INTO events (event_id, article_id, ordinal, cluster_id, doc_id, sentence_index, sentence, char_start,
                            char_end, date, date_precision, date_basis, source_text, source_code, source_country,
                            target_text, target_code, target_country, cameo, cameo_root, quad_class, goldstein,
                            confidence, trigger, pattern, modality, clause_depth, versions, in_lead)
        SELECT 'e' || i, 'a' || (i // 20), CAST(i % 20 AS INTEGER), i // 3, 'doc-' || (i // 20),
               CAST(i % 20 AS INTEGER), 'Synthetic evidence sentence number ' || (i % 5000) || '.',
               0, 40, DATE '2016-01-01' + CAST(hash(i // 3) % 3650 AS INTEGER), 'day', 'publication',
               src, src, substr(src, 1, 3), tgt, tgt, substr(tgt, 1, 3),
               root || '0', root, CASE WHEN root < '10' THEN 1 WHEN root < '14' THEN 3 ELSE 4 END, 0.0, 0.8,
               'attacked', 'bench', 'asserted', 0, '{{"kb": "bench"}}', i % 20 < 3
        FROM (SELECT i, {source} AS src, {target} AS tgt,
                     lpad(CAST(hash(i // 3 * 13) % 20 + 1 AS VARCHAR), 2, '0') AS root FROM range({n}) t(i))""").rows()
    store.sql("""
        INSERT INTO clusters (cluster_id, dyad_key, source_code, target_code, cameo, cameo_root, quad_class,
                              goldstein, date, date_precision, date_lo, date_hi, n_mentions, n_articles, n_sources,
                              first_seen, last_seen, in_lead)
        SELECT cluster_id, any_value(source_code || '|' || target_code || '|' || cameo_root), any_value(source_code),
               any_value(target_code), any_value(cameo), any_value(cameo_root), any_value(quad_class), 0.0,
               min(date), 'day', min(date), min(date), count(*), count(DISTINCT article_id), 1 + count(*) % 3,
               min(date), max(date), bool_or(in_lead)
        FROM events GROUP BY cluster_id""").rows()
    print(f"generated {n:,} events in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


def _time(fn) -> tuple[float, float, int]:  # noqa: ANN001
    t0 = time.perf_counter()
    rows = fn()
    cold = time.perf_counter() - t0
    best = cold
    for _ in range(2):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return cold, best, len(rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000_000)
    parser.add_argument("--db", default=str(ROOT / "out" / "bench-query.duckdb"))
    args = parser.parse_args()

    db = Path(args.db)
    with open_store(db) as store:
        have = store.sql("SELECT count(*) AS n FROM events").rows()[0]["n"]
        if have != args.events:
            store.close()
            db.unlink(missing_ok=True)
            Path(str(db) + ".wal").unlink(missing_ok=True)
            with open_store(db) as fresh:
                _fill(fresh, args.events)
    queries = {
        "dyad_newest_100_events": lambda s: s.events(dyad="RUS,UKR", limit=100).rows(),
        "dyad_newest_100_clusters": lambda s: s.clusters(dyad="RUS,UKR", limit=100).rows(),
        "dyad_fights_in_2022_clusters": lambda s: s.clusters(dyad="RUS,UKR", root=19, since="2022-01-01",
                                                             until="2022-12-31").rows(),
        "dyad_monthly_counts": lambda s: s.sql(
            "SELECT date_trunc('month', date) AS month, count(*) AS events FROM events "
            "WHERE starts_with(source_code, ?) AND starts_with(target_code, ?) GROUP BY 1 ORDER BY 1",
            ["RUS", "UKR"]).rows(),
        "dyad_event_count_pandas": lambda s: s.events(dyad="RUSMIL,UKR").pandas().to_dict("records"),
    }
    timings = {}
    with contextlib.suppress(ImportError):
        import pandas  # noqa: F401 - imported before timing: the first import takes seconds
    with open_store(db, read_only=True) as store:
        total = store.sql("SELECT count(*) AS n FROM events").rows()[0]["n"]
        clusters = store.sql("SELECT count(*) AS n FROM clusters").rows()[0]["n"]
        for name, query in queries.items():
            try:
                cold, best, rows = _time(lambda q=query: q(store))
            except ImportError:
                continue
            timings[name] = {"cold_seconds": round(cold, 3), "best_seconds": round(best, 3), "rows": rows}
            print(f"{name:>32}: cold {cold:.3f} s, best of 3 {best:.3f} s, {rows} rows")
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}",
        "events": total, "clusters": clusters, "store_mb": round(db.stat().st_size / 2**20),
        "queries": timings,
    }
    write_result("query", result, show=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
