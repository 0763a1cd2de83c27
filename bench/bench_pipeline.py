"""Throughput of the Brinkwatch pipeline as a ratio to bare spaCy on the same articles, with per-stage costs.

    .venv/bin/python bench/bench_pipeline.py [--repeat 4] [--n-process 1]

Measures, on the bundled sample corpus (repeated to smooth noise), in one run:
- bare spaCy: ``nlp.pipe`` over the cleaned texts (the floor nothing built on this model can beat);
- the whole pipeline: ``Pipeline.process_many`` (clean, language id, parse, actors, events, dates, places, quotes);
- the stages after parsing, each timed over the same parsed Docs: actor resolution alone, and the whole event stage
  (actors, coding, dates, places, quotes); spaCy is timed twice and the event stage three times, and the fastest run
  of each is kept (noise on a shared box only ever adds time);
and writes the numbers to bench/results/<date>-pipeline.json. Timings are noisy (+-20% on a shared 2-core box):
compare ratios measured in the same run, never absolute numbers across machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import resource
import sys
import time
from pathlib import Path

from brinkwatch import clean
from brinkwatch.actors import DocumentActors
from brinkwatch.ingest import read_inputs
from brinkwatch.models import Article
from brinkwatch.nlp import load_model
from brinkwatch.pipeline import Pipeline
from results_file import write_result

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=4, help="how many times the corpus is repeated")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()

    pipeline = Pipeline()
    settings = pipeline.settings
    articles = [a for a in read_inputs([str(ROOT / "samples")]) if isinstance(a, Article)] * args.repeat
    cleaned = [clean.clean_article(a, settings.languages) for a in articles]
    english = [a for a in cleaned if a.language == "en"]
    texts = [a.text for a in english]
    words = sum(len(t.split()) for t in texts)
    nlp = load_model(settings.model)
    list(nlp.pipe(texts[:8]))  # warm-up

    spacy_runs, spacy_cpu = [], []
    for _ in range(2):  # the faster of two runs: timings on a shared box only ever err upwards
        t0, c0 = time.perf_counter(), time.process_time()
        docs = list(nlp.pipe(texts, batch_size=args.batch_size, n_process=args.n_process))
        spacy_runs.append(time.perf_counter() - t0)
        spacy_cpu.append(time.process_time() - c0)
    spacy_s = min(spacy_runs)

    t0 = time.perf_counter()
    events = 0
    for result in pipeline.process_many(articles):
        events += len(getattr(result, "events", ()))
    pipeline_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for doc, art in zip(docs, english, strict=True):
        DocumentActors(doc, pipeline.kb, art.date, settings.fuzzy_threshold, title=art.title).mentions()
    actors_s = time.perf_counter() - t0

    stage_runs, stage_cpu = [], []
    for _ in range(3):  # the fastest of three runs, like spaCy's above
        t0, c0 = time.perf_counter(), time.process_time()
        for doc, art in zip(docs, english, strict=True):
            pipeline.code_parsed(art, doc)  # the whole event stage, exactly as the pipeline runs it
        stage_runs.append(time.perf_counter() - t0)
        stage_cpu.append(time.process_time() - c0)
    event_stage_s = min(stage_runs)

    result = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {platform.processor() or ''} python {platform.python_version()}".strip(),
        "model": pipeline.versions["model"],
        "articles": len(articles), "english_articles": len(english), "words": words, "events": events,
        "n_process": args.n_process, "batch_size": args.batch_size,
        "spacy_seconds": round(spacy_s, 3), "pipeline_seconds": round(pipeline_s, 3),
        "actors_seconds": round(actors_s, 3), "event_stage_seconds": round(event_stage_s, 3),
        "spacy_words_per_second": round(words / spacy_s), "pipeline_articles_per_second": round(
            len(articles) / pipeline_s, 2),
        "throughput_ratio_vs_spacy": round(spacy_s / pipeline_s, 3),
        "actor_resolution_overhead": round(actors_s / spacy_s, 3),
        "event_stage_overhead": round(event_stage_s / spacy_s, 3),
        # CPU time of this process: steadier than wall time where other machines share the CPU (n_process 1 only)
        "event_stage_cpu_overhead": round(min(stage_cpu) / min(spacy_cpu), 3) if args.n_process == 1 else None,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    write_result("pipeline", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
