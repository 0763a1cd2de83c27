"""The only reader of ``brinkwatch/data``: finds, parses, validates and fingerprints the domain data files.

Validation lists every problem at once as ``file:line field: message`` (see ``DataValidationError``). The loaded
``Resources`` object is immutable and cached per data directory, so the files are read once per process.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import DataValidationError
from .names import normalize

__all__ = ["DATA_DIR", "CameoCode", "PloverRow", "Resources", "load_resources", "people_files", "write_data_dir"]

DATA_DIR = Path(__file__).parent / "data"

ROLE_NAMES = frozenset(
    {
        "head_of_state", "head_of_government", "foreign_minister", "defence_minister", "interior_minister",
        "other_minister", "spokesperson", "legislator", "speaker", "judge", "military_commander",
        "intelligence_chief", "central_banker", "opposition_leader", "party_leader", "armed_group_leader",
        "igo_official", "monarch",
    }
)
ORG_KINDS = frozenset({"igo", "ngo", "armed_group", "party", "media", "business", "religious", "agency"})
_CAMEO_CODE = re.compile(r"^(0[1-9]|1[0-9]|20)[0-9]{0,2}$")
_ID = re.compile(r"^(country|person|org|agent):[a-z0-9][a-z0-9\-]*$|^country:[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True, slots=True)
class PloverRow:
    cameo: str
    plover: str | None
    mode: str | None
    context: str | None
    origin: str


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per data directory
class Resources:
    """Everything in ``data/``, parsed and validated."""

    countries: tuple[dict[str, Any], ...]
    people: tuple[dict[str, Any], ...]
    organizations: tuple[dict[str, Any], ...]
    agents: tuple[dict[str, Any], ...]
    sectors: dict[str, str]
    cameo: dict[str, CameoCode]
    plover: dict[str, PloverRow]
    plover2016: dict[str, str]  # CAMEO prefix -> event type of the 2016 PLOVER draft (the PLOVER gold standard)
    patterns: tuple[dict[str, Any], ...]
    classes: dict[str, frozenset[str]]
    modality: dict[str, Any]
    versions: dict[str, str]  # {"kb": ..., "lexicon": ...}
    checksums: dict[str, str]  # file name -> sha256

    def cameo_info(self, code: str) -> CameoCode:
        """The CAMEO table row for ``code``, falling back to its parent code (0871 -> 087 -> 08)."""
        probe = code
        while probe:
            row = self.cameo.get(probe)
            if row is not None:
                return row
            probe = probe[:-1] if len(probe) > 2 else ""
        raise KeyError(code)

    def plover_info(self, code: str) -> PloverRow | None:
        probe = code
        while len(probe) >= 2:
            row = self.plover.get(probe)
            if row is not None:
                return row
            probe = probe[:-1]
        return None


class _Problems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, field: str, message: str) -> None:
        self.items.append(f"{where} {field}: {message}" if field else f"{where}: {message}")


def _read_jsonl(path: Path, problems: _Problems) -> list[tuple[str, dict[str, Any]]]:
    records: list[tuple[str, dict[str, Any]]] = []
    rel = path.relative_to(path.parents[1]).as_posix()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{rel}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.add(where, "", f"not valid JSON ({exc.msg})")
            continue
        if not isinstance(obj, dict):
            problems.add(where, "", "a line must hold one JSON object")
            continue
        records.append((where, obj))
    return records


def _read_csv(path: Path) -> list[tuple[str, dict[str, str]]]:
    rel = path.relative_to(path.parents[1]).as_posix()
    with path.open(encoding="utf-8", newline="") as fh:
        return [(f"{rel}:{i}", row) for i, row in enumerate(csv.DictReader(fh), start=2)]


def _date(value: Any, where: str, field: str, problems: _Problems) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.add(where, field, f"{value!r} is not a date YYYY-MM-DD")
        return None


def _check_period(item: dict[str, Any], where: str, field: str, problems: _Problems, label: str = "") -> None:
    """``item``'s ``from``/``until`` are dates, the first not after the second (``label`` names the item)."""
    start = _date(item.get("from"), where, f"{field}.from", problems)
    end = _date(item.get("until"), where, f"{field}.until", problems)
    if start and end and start > end:
        problems.add(where, field, f"{label}from {start} is after until {end}")


def _require(obj: dict[str, Any], keys: tuple[str, ...], where: str, problems: _Problems) -> bool:
    ok = True
    for key in keys:
        if key not in obj:
            problems.add(where, key, "missing")
            ok = False
    return ok


def _str_list(obj: dict[str, Any], key: str, where: str, problems: _Problems) -> list[str]:
    value = obj.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(where, key, "must be a list of non-empty strings")
        return []
    return value


class _AliasRegistry:
    """Detects one surface form claimed by two different records (after normalisation)."""

    def __init__(self, problems: _Problems) -> None:
        self.owner: dict[str, tuple[str, str]] = {}
        self.shared: set[str] = set()  # place names several records declare ``shared`` (Tripoli, Juba)
        self.problems = problems

    def claim(self, alias: str, record_id: str, where: str, field: str, *, shared: bool = False) -> None:
        key = normalize(alias)
        if key.startswith("the "):
            key = key[4:]
        if not key:
            self.problems.add(where, field, f"alias {alias!r} is empty after normalisation")
            return
        previous = self.owner.get(key)
        if previous is None:
            self.owner[key] = (record_id, where)
            if shared:
                self.shared.add(key)
        elif previous[0] != record_id and not (shared and key in self.shared):
            self.problems.add(where, field, f"alias {alias!r} of {record_id} is already used by {previous[0]} "
                                            f"({previous[1]})")


_Records = list[tuple[str, dict[str, Any]]]


def _validate_countries(records: _Records, problems: _Problems,
                        aliases: _AliasRegistry) -> tuple[set[str], list[dict[str, Any]]]:
    iso3: set[str] = set()
    out = []
    for where, rec in records:
        if not _require(rec, ("id", "type", "name", "iso3", "aliases"), where, problems):
            continue
        rid = rec["id"]
        if rec["iso3"] in iso3:
            problems.add(where, "iso3", f"duplicate country {rec['iso3']}")
        iso3.add(rec["iso3"])
        if rid != f"country:{rec['iso3']}":
            problems.add(where, "id", f"must be country:{rec['iso3']}")
        for field in ("aliases", "adjectives"):
            for alias in _str_list(rec, field, where, problems):
                aliases.claim(alias, rid, where, field)
        for group in ("capitals", "seats", "cities", "regions"):
            for item in rec.get(group) or []:
                if not isinstance(item, dict) or "name" not in item:
                    problems.add(where, group, "each entry needs a name")
                    continue
                for coord, bound in (("lat", 90), ("lon", 180)):
                    value = item.get(coord)
                    if value is not None and not (isinstance(value, int | float) and -bound <= value <= bound):
                        problems.add(where, group, f"{item['name']}: {coord} {value!r} is not a number in "
                                                   f"[-{bound}, {bound}]")
                for alias in {item["name"], *(item.get("aliases") or [])}:
                    aliases.claim(alias, f"{rid}/{group}/{item['name']}", where, group,
                                  shared=group != "seats" and item.get("shared") is True)
                if group != "seats":
                    _check_period(item, where, group, problems, f"{item['name']}: ")
        for dated in rec.get("dated_names") or []:
            # a name two states bore in turn ("Congo"): each record dates its own use, so the name is shared
            if not isinstance(dated, dict) or not isinstance(dated.get("name"), str) or not (
                    dated.get("from") or dated.get("until")):
                problems.add(where, "dated_names", "each entry needs a name and a from or until date")
                continue
            aliases.claim(dated["name"], rid, where, "dated_names", shared=True)
            _check_period(dated, where, "dated_names", problems, f"{dated['name']}: ")
        for former in rec.get("formerly") or []:
            if not isinstance(former, dict) or not former.get("country") or not former.get("until"):
                problems.add(where, "formerly", "each entry needs a country and an until date")
                continue
            _date(former["until"], where, "formerly.until", problems)
        out.append(rec)
    for where, rec in records:
        for former in rec.get("formerly") or []:
            if isinstance(former, dict) and former.get("country") and former["country"] not in iso3:
                problems.add(where, "formerly", f"{former['country']!r} is not a country in countries.jsonl")
    return iso3, out


def _validate_people(records: _Records, problems: _Problems, aliases: _AliasRegistry, iso3: set[str],
                     sectors: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for where, rec in records:
        if not _require(rec, ("id", "type", "name", "aliases", "roles"), where, problems):
            continue
        rid = rec["id"]
        if rec.get("country") is not None and rec["country"] not in iso3:
            problems.add(where, "country", f"unknown country code {rec['country']!r}")
        if rec.get("sector") and rec["sector"] not in sectors:
            problems.add(where, "sector", f"unknown sector {rec['sector']!r}")
        for alias in {rec["name"], *_str_list(rec, "aliases", where, problems)}:
            aliases.claim(alias, rid, where, "aliases")
        _str_list(rec, "short_names", where, problems)
        for i, role in enumerate(rec.get("roles") or []):
            field = f"roles[{i}]"
            if role.get("role") not in ROLE_NAMES:
                problems.add(where, field, f"unknown role {role.get('role')!r}")
            if role.get("country") is not None and role["country"] not in iso3:
                problems.add(where, field, f"unknown country code {role.get('country')!r}")
            if role.get("sector") not in sectors:
                problems.add(where, field, f"unknown sector {role.get('sector')!r}")
            _check_period(role, where, field, problems)
        out.append(rec)
    return out


def _validate_orgs(records: _Records, problems: _Problems, aliases: _AliasRegistry, iso3: set[str],
                   sectors: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    acronyms: dict[str, str] = {}
    for where, rec in records:
        if not _require(rec, ("id", "type", "name", "org", "kind", "code", "aliases"), where, problems):
            continue
        rid = rec["id"]
        if rec["kind"] not in ORG_KINDS:
            problems.add(where, "kind", f"unknown kind {rec['kind']!r}")
        if rec["org"] in acronyms:
            problems.add(where, "org", f"acronym {rec['org']!r} already used by {acronyms[rec['org']]}")
        acronyms[rec["org"]] = rid
        if rec.get("country") is not None and rec["country"] not in iso3:
            problems.add(where, "country", f"unknown country code {rec['country']!r}")
        if rec.get("sector") is not None and rec["sector"] not in sectors:
            problems.add(where, "sector", f"unknown sector {rec['sector']!r}")
        for period in rec.get("periods") or []:
            if _date(period.get("from"), where, "periods.from", problems) is None and period.get("from"):
                continue
            _date(period.get("until"), where, "periods.until", problems)
            if period.get("sector") not in sectors or not str(period.get("code", "")).endswith(period["sector"]):
                problems.add(where, "periods", f"period {period} needs a code ending in a known sector")
        for member in rec.get("members") or []:
            if member not in iso3:
                problems.add(where, "members", f"unknown country code {member!r}")
        for alias in {rec["name"], *_str_list(rec, "aliases", where, problems)}:
            aliases.claim(alias, rid, where, "aliases")
        out.append(rec)
    ids = {rec["id"] for rec in out}
    for where, rec in records:
        parent = rec.get("parent")
        if parent is not None and parent not in ids:
            problems.add(where, "parent", f"unknown organisation {parent!r}")
    return out


def _validate_agents(records: _Records, problems: _Problems, aliases: _AliasRegistry,
                     sectors: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for where, rec in records:
        if not _require(rec, ("id", "type", "name", "sector", "aliases"), where, problems):
            continue
        if rec["sector"] not in sectors:
            problems.add(where, "sector", f"unknown sector {rec['sector']!r}")
        for alias in {rec["name"], *_str_list(rec, "aliases", where, problems)}:
            aliases.claim(alias, rec["id"], where, "aliases")
        out.append(rec)
    return out


PATTERN_KEYS = ("id", "pos", "lemma", "particle", "prep", "object", "cameo", "negated", "example", "expect")


def _validate_patterns(records: _Records, problems: _Problems, cameo: dict[str, CameoCode],
                       classes: dict[str, frozenset[str]], sectors: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    seen: set[str] = set()
    for where, rec in records:
        if not _require(rec, PATTERN_KEYS, where, problems):
            continue
        if rec["id"] in seen:
            problems.add(where, "id", f"duplicate pattern id {rec['id']!r}")
        seen.add(rec["id"])
        if rec["pos"] not in ("verb", "noun"):
            problems.add(where, "pos", "must be 'verb' or 'noun'")
        if not isinstance(rec["lemma"], str) or not rec["lemma"] or rec["lemma"] != rec["lemma"].lower():
            problems.add(where, "lemma", "must be a lowercase lemma")
        for key in ("cameo", "negated"):
            code = rec[key]
            if code is None and key == "negated":
                continue
            if not isinstance(code, str) or not _CAMEO_CODE.match(code) or code not in cameo:
                problems.add(where, key, f"{code!r} is not a CAMEO code in codes/cameo.csv")
        obj = rec["object"]
        if obj is not None:
            if not isinstance(obj, list) or not obj:
                problems.add(where, "object", "must be null or a non-empty list")
            else:
                for item in obj:
                    if isinstance(item, str) and item.startswith("@") and item not in classes:
                        problems.add(where, "object", f"unknown class {item!r}")
        subject = rec.get("subject")
        if subject is not None and (not isinstance(subject, list) or any(x not in sectors for x in subject)):
            problems.add(where, "subject", "must be a list of sector codes from codes/sectors.csv")
        if not isinstance(rec["example"], str) or len(rec["example"]) < 10:
            problems.add(where, "example", "every pattern needs an example sentence")
        out.append(rec)
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _combined(digests: list[str]) -> str:
    return hashlib.sha256("".join(digests).encode()).hexdigest()[:12]


@functools.cache
def load_resources(data_dir: Path = DATA_DIR) -> Resources:
    """Load and validate every data file; raise ``DataValidationError`` listing all problems."""
    problems = _Problems()
    aliases = _AliasRegistry(problems)
    actors_dir, codes_dir, lex_dir = data_dir / "actors", data_dir / "codes", data_dir / "lexicon"

    sectors = {row["code"]: row["name"] for _, row in _read_csv(codes_dir / "sectors.csv")}
    cameo: dict[str, CameoCode] = {}
    for where, row in _read_csv(codes_dir / "cameo.csv"):
        code = (row.get("code") or "").strip()
        try:
            cameo[code] = CameoCode(code, row["name"], float(row["goldstein"]), int(row["quad_class"]))
        except (KeyError, TypeError, ValueError):
            problems.add(where, "", f"bad CAMEO row {row}")
            continue
        if not _CAMEO_CODE.match(code):
            problems.add(where, "code", f"{code!r} is not a CAMEO event code")
        if not -10 <= cameo[code].goldstein <= 10:
            problems.add(where, "goldstein", "must lie in -10..10")
        if cameo[code].quad_class not in (1, 2, 3, 4):
            problems.add(where, "quad_class", "must be 1, 2, 3 or 4")
    plover: dict[str, PloverRow] = {}
    for where, row in _read_csv(codes_dir / "plover.csv"):
        code = row.get("cameo", "")
        if code not in cameo:
            problems.add(where, "cameo", f"{code!r} is not in codes/cameo.csv")
        plover[code] = PloverRow(code, row.get("plover") or None, row.get("mode") or None,
                                 row.get("context") or None, row.get("origin") or "")

    plover2016 = {row["cameo"]: row["type"] for _, row in _read_csv(codes_dir / "plover2016.csv")}

    country_records = _read_jsonl(actors_dir / "countries.jsonl", problems)
    iso3, countries = _validate_countries(country_records, problems, aliases)
    people_records = [r for p in sorted(actors_dir.glob("people_*.jsonl")) for r in _read_jsonl(p, problems)]
    people = _validate_people(people_records, problems, aliases, iso3, sectors)
    org_records = _read_jsonl(actors_dir / "organizations.jsonl", problems)
    orgs = _validate_orgs(org_records, problems, aliases, iso3, sectors)
    agent_records = _read_jsonl(actors_dir / "agents.jsonl", problems)
    agents = _validate_agents(agent_records, problems, aliases, sectors)
    all_ids: dict[str, str] = {}
    for where, rec in [*country_records, *people_records, *org_records, *agent_records]:
        rid = rec.get("id", "")
        if not _ID.match(str(rid)):
            problems.add(where, "id", f"{rid!r} is not a valid id")
        if rid in all_ids:
            problems.add(where, "id", f"duplicate id {rid!r} (also {all_ids[rid]})")
        all_ids[rid] = where

    classes: dict[str, frozenset[str]] = {}
    for path in sorted(lex_dir.glob("classes_*.json")):
        for name, lemmas in json.loads(path.read_text(encoding="utf-8")).items():
            if name in classes:
                problems.add(f"lexicon/{path.name}", name, "class defined twice")
            if not name.startswith("@") or not isinstance(lemmas, list):
                problems.add(f"lexicon/{path.name}", name, "a class is '@name': [lemmas]")
                continue
            classes[name] = frozenset(str(x).lower() for x in lemmas)
    pattern_records = [r for p in sorted(lex_dir.glob("patterns_*.jsonl")) for r in _read_jsonl(p, problems)]
    patterns = _validate_patterns(pattern_records, problems, cameo, classes, sectors)
    modality = json.loads((lex_dir / "modality.json").read_text(encoding="utf-8"))
    for table in ("intent_map", "threat_map", "refusal_map"):
        for key, value in modality.get(table, {}).items():
            if value not in cameo and not (table == "threat_map" and value == ""):
                problems.add("lexicon/modality.json", f"{table}.{key}", f"{value!r} is not a CAMEO code")
    for key in ("obligation_code", "posture_code", "responsibility_code", "command_code"):
        if modality.get(key) not in cameo:
            problems.add("lexicon/modality.json", key, f"{modality.get(key)!r} is not a CAMEO code")
    for rule in ("chemical_weapon_words", "instrument_words", "riot_subjects", "weapon_tests", "mass_killing",
                 "refuge_requests"):
        if rule in modality and modality[rule].get("code") not in cameo:
            problems.add("lexicon/modality.json", f"{rule}.code", f"{modality[rule].get('code')!r} is not a CAMEO code")
    for key, value in (modality.get("attempted_codes") or {}).get("codes", {}).items():
        for code in (key, value):
            if code not in cameo:
                problems.add("lexicon/modality.json", "attempted_codes", f"{code!r} is not a CAMEO code")

    if problems.items:
        raise DataValidationError(problems.items)

    checksums = {p.relative_to(data_dir).as_posix(): _sha256(p) for p in sorted(data_dir.rglob("*"))
                 if p.is_file() and p.suffix in (".jsonl", ".json", ".csv")}
    declared = json.loads((data_dir / "VERSIONS.json").read_text(encoding="utf-8"))
    kb_files = [d for f, d in checksums.items() if f.startswith("actors/")]
    lex_files = [d for f, d in checksums.items() if f.startswith(("lexicon/", "codes/"))]
    versions = {
        "kb": f"{declared['kb']}+{_combined(kb_files)}",
        "lexicon": f"{declared['lexicon']}+{_combined(lex_files)}",
    }
    return Resources(
        countries=tuple(countries), people=tuple(people), organizations=tuple(orgs), agents=tuple(agents),
        sectors=sectors, cameo=cameo, plover=plover, plover2016=plover2016, patterns=tuple(patterns), classes=classes,
        modality=modality, versions=versions, checksums=checksums,
    )


def people_files(data_dir: Path = DATA_DIR) -> dict[str, list[dict[str, Any]]]:
    """The people records of each ``actors/people_*.jsonl`` file, by file name, as stored (for ``kb update``)."""
    return {p.name: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
            for p in sorted((data_dir / "actors").glob("people_*.jsonl"))}


def write_data_dir(out: Path, people: dict[str, list[dict[str, Any]]], data_dir: Path = DATA_DIR) -> Resources:
    """Copy ``data_dir`` to the new directory ``out`` with these people files, and validate the copy."""
    if out.resolve() == data_dir.resolve():
        raise DataValidationError([f"{out}: must not be the packaged data directory"])
    shutil.copytree(data_dir, out, dirs_exist_ok=True)
    for name, records in people.items():
        (out / "actors" / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                           encoding="utf-8")
    return load_resources(out)  # raises DataValidationError listing every problem

