"""Whole-ingest throughput as a ratio to bare spaCy ``nlp.pipe`` on the same articles, in the same run; peak memory.

    .venv/bin/python bench/make_corpus.py out/corpus.jsonl --articles 10000
    .venv/bin/python bench/bench_ingest.py out/corpus.jsonl [--articles 1000] [--n-process 2]

Takes the first ``--articles`` articles of a JSON Lines corpus and, in one run:
- bare spaCy: ``nlp.pipe(texts, n_process, batch_size)`` over every article's cleaned text (what any pipeline built
  on this model must at least spend), once before and once after the ingest (the mean is the baseline: the box is
  shared and its load changes);
- the whole ingest into a new store: read the JSON Lines, identity and near-duplicate checks, clean, language
  identification, parse, actors, events, dates, places, clusters and the DuckDB writes (``Pipeline.ingest``);
and writes the numbers to bench/results/<date>-ingest.json: wall-clock throughput ratio, and CPU seconds (this
process and its workers), whose ratio other processes on the box disturb less. Peak memory is sampled (RSS of this
process plus its spaCy workers, every 0.2 s) during the ingest, and reported with the kernel's per-process maxima.
Timings are noisy
(+-20% on a shared 2-core box): compare ratios measured in the same run, never absolute numbers across machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

from brinkwatch import clean
from brinkwatch.ingest import read_inputs
from brinkwatch.models import Article
from brinkwatch.nlp import load_model
from brinkwatch.pipeline import Pipeline
from brinkwatch.settings import Settings
from brinkwatch.store import open_store
from results_file import write_result

ROOT = Path(__file__).resolve().parents[1]


def _tree_rss_mb(pid: int) -> float:
    """RSS of ``pid`` and its children (spaCy workers), from /proc."""
    total = 0
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    stack = [pid]
    while stack:
        current = stack.pop()
        stack.extend(children.get(current, []))
        try:
            with open(f"/proc/{current}/statm", encoding="ascii") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total / 2**20


class PeakSampler:
    def __init__(self) -> None:
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss_mb(os.getpid()))
            self._stop.wait(0.2)

    def __enter__(self) -> PeakSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _cpu_seconds() -> float:
    """User and system CPU of this process and of its finished children (the spaCy workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="JSON Lines corpus (from bench/make_corpus.py)")
    parser.add_argument("--articles", type=int, default=1000, help="how many articles of the corpus to use")
    parser.add_argument("--n-process", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        subset = Path(tmp) / "subset.jsonl"
        with open(args.corpus, encoding="utf-8") as src, subset.open("w", encoding="utf-8") as dst:
            for i, line in enumerate(src):
                if i >= args.articles:
                    break
                dst.write(line)
        settings = Settings.load(n_process=args.n_process, batch_size=args.batch_size)
        pipeline = Pipeline(settings)
        articles = [a for a in read_inputs([str(subset)]) if isinstance(a, Article)]
        cleaned = [clean.clean_article(a, settings.languages) for a in articles]
        texts = [a.text for a in cleaned]
        words = sum(len(t.split()) for t in texts)
        nlp = load_model(settings.model)
        list(nlp.pipe(texts[:16]))  # warm-up
        _ = pipeline.versions

        def bare_spacy() -> tuple[float, float]:
            cpu0 = _cpu_seconds()
            t0 = time.perf_counter()
            for _doc in nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process):
                pass
            return time.perf_counter() - t0, _cpu_seconds() - cpu0

        spacy_before_s, spacy_before_cpu = bare_spacy()
        db = Path(tmp) / "bench.duckdb"
        with PeakSampler() as sampler, open_store(db) as store:
            cpu0 = _cpu_seconds()
            t0 = time.perf_counter()
            summary = pipeline.ingest(read_inputs([str(subset)]), store, command="bench")
            ingest_s = time.perf_counter() - t0
            ingest_cpu = _cpu_seconds() - cpu0
        db_mb = db.stat().st_size / 2**20
        # bare spaCy again after the ingest: the box is shared, so the baseline is the mean of a run on each side
        spacy_after_s, spacy_after_cpu = bare_spacy()
    spacy_s = (spacy_before_s + spacy_after_s) / 2
    spacy_cpu = (spacy_before_cpu + spacy_after_cpu) / 2

    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}",
        "model": pipeline.versions["model"],
        "corpus": Path(args.corpus).name, "articles": len(articles), "words": words,
        "coded_articles": summary.stored, "duplicates": summary.duplicates,
        "non_english": sum(summary.non_english.values()), "failed": len(summary.failures),
        "events": summary.events, "clusters": summary.new_clusters,
        "n_process": args.n_process, "batch_size": args.batch_size,
        "spacy_seconds_before_and_after": [round(spacy_before_s, 2), round(spacy_after_s, 2)],
        "ingest_seconds": round(ingest_s, 2),
        "spacy_articles_per_second": round(len(articles) / spacy_s, 2),
        "ingest_articles_per_second": round(len(articles) / ingest_s, 2),
        "ingest_events_per_second": round(summary.events / ingest_s, 2),
        "throughput_ratio_vs_spacy": round(spacy_s / ingest_s, 3),
        "cpu_seconds_spacy_and_ingest": [round(spacy_cpu, 1), round(ingest_cpu, 1)],
        "cpu_ratio_vs_spacy": round(spacy_cpu / ingest_cpu, 3),
        "gate_seconds": round(summary.gate_seconds, 2), "store_write_seconds": round(summary.write_seconds, 2),
        "peak_rss_mb_process_tree": round(sampler.peak),
        "max_rss_mb_main_process": round(self_mb), "max_rss_mb_largest_worker": round(child_mb),
        "store_mb": round(db_mb, 1),
    }
    write_result("ingest", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
