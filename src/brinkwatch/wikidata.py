"""Knowledge-base refresh from Wikidata: heads of state and government, foreign and defence ministers, with terms.

``brinkwatch kb update --from-wikidata --out DIR`` copies the packaged data directory to DIR, asks Wikidata's SPARQL
endpoint for every office holder since 2000, merges the answer into the people files (new terms added to known
people, unknown people added to ``actors/people_wikidata.jsonl``), validates the result like the packaged data and
reports what changed. Point Brinkwatch at DIR with the ``data_dir`` setting (``BRINKWATCH_DATA_DIR=DIR``).

The packaged files stay the reviewed baseline: an update never deletes a person, an alias or a role.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .errors import BrinkwatchError
from .names import normalize
from .resources import DATA_DIR, load_resources, people_files, write_data_dir

__all__ = ["ENDPOINT", "Holding", "UpdateReport", "build_query", "fetch", "merge", "parse", "update"]

ENDPOINT = "https://query.wikidata.org/sparql"
USER_AGENT = f"Brinkwatch/{__version__} (knowledge-base refresh; https://example.org/brinkwatch)"

# Offices asked for: the office a country names as held by its head of state (P1906) or government (P1313), and
# positions that are a kind of foreign minister (Q7330070) or defence minister (Q2518691) applying to the country.
_QUERY = """
SELECT ?iso3 ?person ?personLabel (GROUP_CONCAT(DISTINCT ?alt; separator="|") AS ?aliases) ?role ?start ?end
WHERE {{
  ?country wdt:P298 ?iso3 .
  {{ ?country wdt:P1906 ?position . BIND("head_of_state" AS ?role) }}
  UNION {{ ?country wdt:P1313 ?position . BIND("head_of_government" AS ?role) }}
  UNION {{ ?position wdt:P279* wd:Q7330070 ; wdt:P1001 ?country . BIND("foreign_minister" AS ?role) }}
  UNION {{ ?position wdt:P279* wd:Q2518691 ; wdt:P1001 ?country . BIND("defence_minister" AS ?role) }}
  ?person p:P39 ?held .
  ?held ps:P39 ?position .
  OPTIONAL {{ ?held pq:P580 ?start }}
  OPTIONAL {{ ?held pq:P582 ?end }}
  FILTER(!BOUND(?end) || ?end >= "{since}T00:00:00Z"^^xsd:dateTime)
  OPTIONAL {{ ?person skos:altLabel ?alt . FILTER(LANG(?alt) = "en") }}
  SERVICE wikibase:label {{ bd:serviceParam wikibase:language "en". }}
}}
GROUP BY ?iso3 ?person ?personLabel ?role ?start ?end
"""
_TITLES = {"head_of_state": "Head of state", "head_of_government": "Head of government",
           "foreign_minister": "Foreign Minister", "defence_minister": "Defence Minister"}


@dataclass(frozen=True, slots=True)
class Holding:
    """One term of office as Wikidata states it."""

    qid: str
    name: str
    aliases: tuple[str, ...]
    country: str
    role: str
    start: dt.date | None
    end: dt.date | None


@dataclass
class UpdateReport:
    out_dir: Path
    holdings: int = 0
    people_updated: int = 0
    people_added: int = 0
    roles_added: int = 0
    skipped: list[str] = field(default_factory=list)

    def render(self) -> str:
        return (f"Wikidata: {self.holdings} terms of office read; {self.roles_added} new terms for "
                f"{self.people_updated} known people; {self.people_added} people added; "
                f"{len(self.skipped)} skipped. Knowledge base written to {self.out_dir} (validated). "
                f"Use it with BRINKWATCH_DATA_DIR={self.out_dir}")


def build_query(since: str = "2000-01-01") -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", since):
        raise BrinkwatchError(f"--since {since!r} is not a date YYYY-MM-DD")
    return _QUERY.format(since=since)


def fetch(query: str, *, endpoint: str = ENDPOINT, timeout: float = 120.0, retries: int = 3,
          opener: Callable[..., Any] = urllib.request.urlopen,
          sleep: Callable[[float], None] = time.sleep) -> dict[str, Any]:
    """POST the query and return the SPARQL JSON; retries with backoff on timeouts, 429 and 5xx."""
    body = urllib.parse.urlencode({"query": query, "format": "json"}).encode()
    request = urllib.request.Request(endpoint, data=body, headers={
        "User-Agent": USER_AGENT, "Accept": "application/sparql-results+json",
        "Content-Type": "application/x-www-form-urlencoded",
    })
    delay = 2.0
    for attempt in range(1, retries + 1):
        try:
            with opener(request, timeout=timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code not in (429, 500, 502, 503, 504) or attempt == retries:
                raise BrinkwatchError(f"{endpoint}: HTTP {exc.code} {exc.reason}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            if attempt == retries:
                raise BrinkwatchError(f"{endpoint}: cannot reach the Wikidata endpoint ({exc}); check the "
                                      f"network or try later") from exc
        except json.JSONDecodeError as exc:
            raise BrinkwatchError(f"{endpoint}: the answer is not SPARQL JSON ({exc.msg})") from exc
        sleep(delay)
        delay *= 2
    raise AssertionError("unreachable")


def _day(binding: dict[str, Any] | None) -> dt.date | None:
    if not binding:
        return None
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", binding.get("value", ""))
    if not match:
        return None
    try:
        return dt.date(int(match[1]), max(1, int(match[2])), max(1, int(match[3])))
    except ValueError:
        return None


def parse(answer: dict[str, Any]) -> list[Holding]:
    """Holdings from a SPARQL JSON answer; rows without a readable name or ISO code are dropped."""
    out = []
    for row in answer.get("results", {}).get("bindings", []):
        qid = row.get("person", {}).get("value", "").rsplit("/", 1)[-1]
        name = row.get("personLabel", {}).get("value", "")
        iso3 = row.get("iso3", {}).get("value", "")
        role = row.get("role", {}).get("value", "")
        if not qid or not name or name == qid or len(iso3) != 3 or role not in _TITLES:
            continue
        aliases = tuple(a for a in row.get("aliases", {}).get("value", "").split("|") if a)
        out.append(Holding(qid, name, aliases, iso3, role, _day(row.get("start")), _day(row.get("end"))))
    return out


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalize(name)).strip("-") or "person"


def _overlaps(role: dict[str, Any], h: Holding) -> bool:
    a0 = dt.date.fromisoformat(role["from"]) if role.get("from") else dt.date.min
    a1 = dt.date.fromisoformat(role["until"]) if role.get("until") else dt.date.max
    return a0 <= (h.end or dt.date.max) and (h.start or dt.date.min) <= a1


def merge(people: list[dict[str, Any]], holdings: list[Holding], countries: set[str],
          taken_aliases: set[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], UpdateReport]:
    """Merge holdings into ``people`` (updated in place, returned) and return new records separately."""
    report = UpdateReport(Path("."), holdings=len(holdings))
    by_name: dict[str, dict[str, Any]] = {}
    for rec in people:
        for alias in (rec["name"], *rec.get("aliases", [])):
            by_name.setdefault(normalize(alias), rec)
    added: dict[str, dict[str, Any]] = {}
    updated: set[str] = set()
    for h in holdings:
        if h.country not in countries:
            report.skipped.append(f"{h.name}: country {h.country} not in the knowledge base")
            continue
        rec = by_name.get(normalize(h.name)) or added.get(h.qid)
        if rec is None:
            if normalize(h.name) in taken_aliases:
                report.skipped.append(f"{h.name}: name already names another actor")
                continue
            aliases = sorted({h.name, *(a for a in h.aliases if normalize(a) not in taken_aliases
                                        and normalize(a) not in by_name and len(a) > 3)})
            rec = {"id": f"person:{_slug(h.name)}-{h.qid.lower()}", "type": "person", "name": h.name,
                   "country": h.country, "aliases": aliases, "short_names": [], "sector": "ELI", "roles": [],
                   "source": f"Wikidata {h.qid}; brinkwatch kb update {dt.date.today().isoformat()}"}
            added[h.qid] = rec
            for alias in aliases:
                by_name[normalize(alias)] = rec
        roles = rec.setdefault("roles", [])
        if any(r["role"] == h.role and r.get("country") == h.country and _overlaps(r, h) for r in roles):
            continue
        roles.append({"role": h.role, "title": _TITLES[h.role], "country": h.country, "sector": "GOV",
                      "from": h.start.isoformat() if h.start else None,
                      "until": h.end.isoformat() if h.end else None})
        report.roles_added += 1
        if rec["id"] not in {r["id"] for r in added.values()}:
            updated.add(rec["id"])
    report.people_added = len(added)
    report.people_updated = len(updated)
    return people, list(added.values()), report


def update(out_dir: str | Path, *, since: str = "2000-01-01", answer: dict[str, Any] | None = None,
           opener: Callable[..., Any] = urllib.request.urlopen) -> UpdateReport:
    """Write a refreshed, validated copy of the knowledge base to ``out_dir``."""
    out = Path(out_dir)
    if out.resolve() == DATA_DIR.resolve():
        raise BrinkwatchError("--out must not be the packaged data directory; choose a new directory")
    if out.exists() and any(out.iterdir()):
        raise BrinkwatchError(f"{out}: directory exists and is not empty; choose a new one")
    base = load_resources()
    answer = answer if answer is not None else fetch(build_query(since), opener=opener)
    holdings = parse(answer)
    per_file = people_files()
    everyone = [rec for records in per_file.values() for rec in records]
    taken = {normalize(a) for rec in (*base.countries, *base.organizations, *base.agents)
             for a in (rec["name"], *rec.get("aliases", []), *rec.get("adjectives", []))}
    _, added, report = merge(everyone, holdings, {c["iso3"] for c in base.countries}, taken)
    write_data_dir(out, {**per_file, "people_wikidata.jsonl": added})
    report.out_dir = out
    return report
