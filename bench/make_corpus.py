"""Generate a synthetic news corpus (JSON Lines) from the sample articles, for ingest benchmarks and scale tests.

    .venv/bin/python bench/make_corpus.py out/corpus.jsonl --articles 10000 [--seed 7]

Each article starts from one of the bundled samples and is varied: countries swapped consistently (name, adjective
and capital: "Kazakhstan"/"Kazakh"/"Astana" -> "Georgia"/"Georgian"/"Tbilisi"), publication date shifted and the
weekdays in the text changed, common wording varied ("said"/"stated", "officials"/"authorities", ...), paragraphs
dropped or reordered, and a new outlet, byline and URL. About 5% are syndicated copies of an earlier article (new
dateline and outlet, same story: the store must record them as duplicates), 1% are exact reposts under another URL,
and 2% are not in English (the two non-English samples, varied). The corpus is written where you say, never
committed (it is generated in seconds).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

from brinkwatch.ingest import read_inputs
from brinkwatch.models import Article

ROOT = Path(__file__).resolve().parents[1]

COUNTRIES = [
    ("Kazakhstan", "Kazakh", "Astana"), ("Kyrgyzstan", "Kyrgyz", "Bishkek"), ("Tajikistan", "Tajik", "Dushanbe"),
    ("Uzbekistan", "Uzbek", "Tashkent"), ("Armenia", "Armenian", "Yerevan"), ("Azerbaijan", "Azerbaijani", "Baku"),
    ("Georgia", "Georgian", "Tbilisi"), ("Ukraine", "Ukrainian", "Kyiv"), ("Russia", "Russian", "Moscow"),
    ("Poland", "Polish", "Warsaw"), ("Serbia", "Serbian", "Belgrade"), ("Hungary", "Hungarian", "Budapest"),
    ("Sudan", "Sudanese", "Khartoum"), ("Ethiopia", "Ethiopian", "Addis Ababa"), ("Nigeria", "Nigerian", "Abuja"),
    ("Mali", "Malian", "Bamako"), ("Chad", "Chadian", "N'Djamena"), ("Kenya", "Kenyan", "Nairobi"),
    ("India", "Indian", "New Delhi"), ("Pakistan", "Pakistani", "Islamabad"), ("Afghanistan", "Afghan", "Kabul"),
    ("Iran", "Iranian", "Tehran"), ("Iraq", "Iraqi", "Baghdad"), ("Syria", "Syrian", "Damascus"),
    ("Turkey", "Turkish", "Ankara"), ("Egypt", "Egyptian", "Cairo"), ("China", "Chinese", "Beijing"),
    ("Japan", "Japanese", "Tokyo"), ("Vietnam", "Vietnamese", "Hanoi"), ("Philippines", "Philippine", "Manila"),
    ("Venezuela", "Venezuelan", "Caracas"), ("Colombia", "Colombian", "Bogota"), ("Peru", "Peruvian", "Lima"),
    ("Mexico", "Mexican", "Mexico City"), ("Brazil", "Brazilian", "Brasilia"), ("Germany", "German", "Berlin"),
]
WORDING = [
    (r"\bsaid\b", ["said", "said", "stated", "told reporters"]),
    (r"\bofficials\b", ["officials", "authorities"]),
    (r"\bmore than\b", ["more than", "over"]),
    (r"\bon Monday\b|\bon Tuesday\b|\bon Wednesday\b|\bon Thursday\b|\bon Friday\b|\bon Saturday\b|\bon Sunday\b",
     [f"on {d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")]),
    (r"\bhowever\b", ["however", "though"]),
    (r"\bthe government\b", ["the government", "the authorities"]),
]
OUTLETS = ["Steppe Wire", "Meridian Wire", "Northgate Wire", "Caravan Post", "Gulf Daily Dispatch", "Rift Valley "
           "Ledger", "Cordillera Wire", "Harbour Times", "Continental Herald", "Evening Courier", "Border Observer",
           "Capital Bulletin", "Riverside Gazette", "Plateau News", "Coastal Chronicle", "Summit Daily"]
FIRST = ["Amina", "Boris", "Chen", "Dilnoza", "Elena", "Farid", "Grace", "Hiroshi", "Ines", "Jamal", "Katya", "Luis"]
LAST = ["Abenova", "Baker", "Castro", "Diallo", "Evans", "Farouk", "Garcia", "Hansen", "Ivanova", "Jones", "Kato"]


def _swap_countries(text: str, rng: random.Random) -> str:
    present = [c for c in COUNTRIES if re.search(rf"\b{re.escape(c[0])}\b", text)]
    if not present:
        return text
    absent = [c for c in COUNTRIES if c not in present]
    chosen = rng.sample(present, k=min(len(present), rng.choice([1, 1, 2])))
    mapping: dict[str, str] = {}
    for old, new in zip(chosen, rng.sample(absent, k=len(chosen)), strict=True):
        for a, b in zip(old, new, strict=True):
            mapping[a] = b
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in sorted(mapping, key=len, reverse=True)) + r")\b")
    return pattern.sub(lambda m: mapping[m[1]], text)


def _reword(text: str, rng: random.Random) -> str:
    def pick(match: re.Match[str], choices: list[str]) -> str:
        word = rng.choice(choices)
        return word[0].upper() + word[1:] if match[0][0].isupper() else word

    for pattern, choices in WORDING:
        text = re.sub(pattern, lambda m, c=choices: pick(m, c), text, flags=re.IGNORECASE)
    return text


def _paragraphs(text: str, rng: random.Random) -> str:
    paras = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
    if len(paras) > 4 and rng.random() < 0.5:
        body = paras[1:]
        for _ in range(rng.choice([1, 1, 2])):
            body.pop(rng.randrange(len(body)))
        if rng.random() < 0.3:
            rng.shuffle(body)
        paras = [paras[0], *body]
    return "\n\n".join(paras)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _variant(base: Article, i: int, rng: random.Random) -> dict[str, object]:
    title = base.title or base.text.split("\n", 1)[0][:90]
    swapped = _swap_countries(f"{title}\n\n{base.text}", rng)  # the same swap in title and text
    title, _, text = swapped.partition("\n\n")
    text = _paragraphs(_reword(text, rng), rng)
    date = (base.date or dt.date(2024, 1, 1)) + dt.timedelta(days=rng.randint(-2000, 300))
    outlet = rng.choice(OUTLETS)
    byline = f"By {rng.choice(FIRST)} {rng.choice(LAST)}"
    return {"id": f"syn-{i:06d}", "date": date.isoformat(), "source": outlet, "title": title,
            "url": f"https://example.org/{_slug(outlet)}/{date:%Y/%m/%d}/{_slug(title)}-{i}",
            "text": f"{byline}\n\n{text}"}


def _copy(original: dict[str, object], i: int, rng: random.Random, exact: bool) -> dict[str, object]:
    outlet = rng.choice([o for o in OUTLETS if o != original["source"]])
    text = str(original["text"])
    if not exact:
        dateline = f"({outlet}) - "
        text = dateline + text.replace(" said ", " said, ", 1) + "\n\nEditing by the desk."
    return {**original, "id": f"syn-{i:06d}", "source": outlet,
            "url": f"https://example.org/{_slug(outlet)}/syndicated/{i}", "text": text}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", help="JSON Lines file to write (e.g. out/corpus.jsonl)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    samples = [a for a in read_inputs([str(ROOT / "samples")]) if isinstance(a, Article)]
    non_english = [a for a in samples if a.id in ("2025-09-24-kasachstan-usbekistan-wasser.txt",
                                                  "wire-2026-05-14-kaz-rus-phone-call-ru")]
    english = [a for a in samples if a not in non_english]
    written: list[dict[str, object]] = []
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        for i in range(args.articles):
            roll = rng.random()
            if written and roll < 0.05:
                item = _copy(rng.choice(written[-500:]), i, rng, exact=False)
            elif written and roll < 0.06:
                item = _copy(rng.choice(written[-500:]), i, rng, exact=True)
            elif roll < 0.08:
                base = rng.choice(non_english)
                base = dataclasses.replace(base, text=re.sub(r"\d+", lambda m: str(int(m[0]) + rng.randint(1, 9)),
                                                             base.text))
                item = {"id": f"syn-{i:06d}", "date": (base.date or dt.date(2025, 1, 1)).isoformat(),
                        "source": rng.choice(OUTLETS), "title": base.title, "url": f"https://example.org/intl/{i}",
                        "text": base.text}
            else:
                item = _variant(rng.choice(english), i, rng)
            written.append(item)
            fh.write(json.dumps(item, ensure_ascii=False) + "\n")
    words = sum(len(str(x["text"]).split()) for x in written)
    print(f"wrote {len(written)} articles ({words / len(written):.0f} words on average) to {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
