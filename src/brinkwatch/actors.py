"""Resolve-actors stage: mentions in a parsed article -> canonical actors from the knowledge base.

Layers, tried in order, each recorded on the mention it resolved (``Mention.layer``):

1. ``exact``: the text is an alias of a record (case-sensitive where the alias is a name or acronym).
2. ``normalised``: equal after folding case, diacritics, hyphens and transliteration families
   (Tokayev/Tokaev/Tokajew, Zelensky/Selenskyj/Zelenski, Peskov/Peskow).
3. ``fuzzy``: rapidfuzz over transliteration keys of person names, blocked by the first letter of the surname,
   accepted above ``Settings.fuzzy_threshold`` and only with a clear margin over the runner-up.
4. ``context``: the article itself: a surname after a full name; a garbled name that only makes sense as a person
   already named in the article ("Togolese" in a Kazakhstan story that names Tokayev); "the country" or "the
   government" with no country word means the country the article is about.
5. ``metonymy``: a capital or seat of power acting as an agent is that country's government ("Moscow said",
   "Noor-Sultan insisted", "the Kremlin denied").

The NER label is never trusted alone: every candidate span is checked against the knowledge base, and a span that
matches nothing stays unresolved (``Mention.actor is None``) instead of being forced onto the nearest name.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from .models import Actor, Mention
from .names import normalize, translit_key
from .resources import Resources

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["DocumentActors", "Entry", "KnowledgeBase", "knowledge_base"]

ROLE_PRIORITY = (
    "head_of_state", "monarch", "head_of_government", "foreign_minister", "defence_minister", "igo_official",
    "interior_minister", "spokesperson", "other_minister", "military_commander", "intelligence_chief", "speaker",
    "central_banker", "judge", "legislator", "armed_group_leader", "party_leader", "opposition_leader",
)
_ROLE_RANK = {role: i for i, role in enumerate(ROLE_PRIORITY)}
# when one surface form names several kinds of record, the first kind listed wins
_KIND_PRIORITY = ("person", "org", "country", "capital", "seat", "city", "region", "adjective", "agent", "person_short")
_KIND_RANK = {kind: i for i, kind in enumerate(_KIND_PRIORITY)}
# the kinds of gazetteer entry that are places: towns and regions, with capitals, with whole countries
LOCAL_PLACE_KINDS = frozenset({"city", "region"})
TOWN_KINDS = LOCAL_PLACE_KINDS | {"capital"}
PLACE_KINDS = TOWN_KINDS | {"country"}
# the kinds of entry whose name may belong to one country at one time and to another at another
_DATED_KINDS = PLACE_KINDS | {"adjective"}
CONFIDENCE = {"exact": 0.95, "normalised": 0.9, "metonymy": 0.85, "composed": 0.85, "title": 0.8, "context": 0.7,
              "agent": 0.5, "focus": 0.6, "territory": 0.5, "surname-country": 0.6}
_FOCUS_WEIGHT = {"country": 1.0, "capital": 0.5, "seat": 0.5, "city": 0.25, "region": 0.25, "adjective": 0.25,
                 "person": 0.5, "person_short": 0.5, "org": 0.5}
_GENERIC_COUNTRY_WORDS = frozenset({"country", "nation", "state", "republic", "kingdom", "island", "emirate",
                                    "monarchy", "federation"})
# sectors coded even without a country, as CAMEO coders do ("---REB"): armed, coercive and opposition actors
_SECTOR_ONLY = frozenset({"MIL", "REB", "UAF", "INS", "COP", "OPP", "CRM", "SPY", "RAD"})
_QUANTITY_HEADS = frozenset({"thousand", "thousands", "hundred", "hundreds", "dozen", "dozens", "million", "millions",
                             "score", "scores", "group", "number", "tens", "crowd", "team", "delegation", "band",
                             "handful", "some", "many", "most", "all", "several", "majority", "contingent",
                             "unit", "squad", "battalion", "column", "convoy", "half", "third", "thirds", "quarter",
                             "quarters", "fraction", "rest", "remainder", "bulk"})
# "anti-Iran", "pro-Russian": a stance toward a country, not a nationality
_STANCE_PREFIXES = frozenset({"anti", "pro"})
# nouns that take the sector of the body they belong to: "a member of the Syrian parliament" -> SYRLEG
_ROLE_NOUNS = frozenset({"member", "head", "chief", "representative", "deputy", "chairman", "chairwoman", "chair",
                         "secretary", "envoy", "aide", "adviser", "advisor", "personnel", "staff", "crew",
                         "operative"})
# nouns of a relation between two parties: the owner is the other side ("Israel's militia ally" is not Israel)
_RELATIONAL_NOUNS = frozenset({"ally", "rival", "enemy", "foe", "adversary", "opponent", "proxy", "neighbour",
                               "neighbor", "partner", "critic", "nemesis"})
# nouns a country word qualifies without making it the country's: "the use of the Russian language"
_LANGUAGE_HEADS = frozenset({"language", "tongue", "dialect"})
_LOCAL_MODIFIERS = frozenset({"local", "national", "domestic", "federal", "regional", "provincial", "municipal"})
_DEFINITE = frozenset({"the", "this", "that"})


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing a surface form can name."""

    kind: str  # country | adjective | capital | seat | city | region | person | person_short | org | agent
    kb_id: str
    name: str
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    code: str | None = None
    start: dt.date | None = None  # capitals: the period the city was the capital; cities: in this country; dated
    # country names: the period the name was this country's
    until: dt.date | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    compose_only: bool = False  # agents that name an actor only with a country word ("the Kyrgyz side")


@dataclass(slots=True)
class Match:
    start: int  # token index
    end: int  # token index, exclusive
    entries: list[Entry]
    layer: str
    score: float = 100.0

    @property
    def best(self) -> Entry:
        return self.entries[0]


@functools.lru_cache(maxsize=16384)
def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _case_rule(alias: str) -> str:
    letters = [c for c in alias if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) <= 5:
        return "upper"
    return "title" if alias[:1].isupper() or alias[:1].isdigit() else "any"


class KnowledgeBase:
    """Indexes of the actor files, built once per process from ``Resources``."""

    def __init__(self, resources: Resources) -> None:
        self.resources = resources
        self.index: dict[tuple[str, ...], list[tuple[Entry, str]]] = defaultdict(list)
        self.max_len: dict[str, int] = {}
        self.exact_forms: set[str] = set()
        self.people: dict[str, dict[str, Any]] = {}
        self.countries: dict[str, dict[str, Any]] = {}
        self.key_index: dict[str, list[Entry]] = defaultdict(list)
        self.person_keys: dict[str, list[tuple[str, Entry]]] = defaultdict(list)
        self.org_by_acronym: dict[str, dict[str, Any]] = {}
        self.org_periods: dict[str, list[dict[str, Any]]] = {}
        self._build()
        # every leading part of a name's key: the gazetteer stops reading a name as soon as no name goes on so
        self.prefixes: frozenset[tuple[str, ...]] = frozenset(
            key[:k] for key in self.index for k in range(1, len(key) + 1))
        self._fuzzy_index()
        # names recur across a corpus: the fuzzy answer for a (name, threshold) is computed once per process
        self._fuzzy_cache: dict[tuple[str, float], tuple[Entry, float] | None] = {}
        self._actor_cache: dict[tuple[Entry, dt.date | None, str | None], Actor] = {}

    # -- building ------------------------------------------------------------------------------------------
    def _add(self, alias: str, entry: Entry, *, case: str | None = None) -> None:
        tokens = normalize(alias).split()
        if tokens and tokens[0] == "the" and len(tokens) > 1:
            tokens = tokens[1:]
        if not tokens:
            return
        key = tuple(tokens)
        rule = case or _case_rule(alias)
        bucket = self.index[key]
        if not any(e == entry for e, _ in bucket):
            bucket.append((entry, rule))
            bucket.sort(key=lambda pair: _KIND_RANK.get(pair[0].kind, 99))
        self.max_len[key[0]] = max(self.max_len.get(key[0], 0), len(key))
        self.exact_forms.add(" ".join(alias.lower().split()))

    def _build(self) -> None:
        res = self.resources
        for rec in res.countries:
            iso = rec["iso3"]
            self.countries[iso] = rec
            country = Entry("country", rec["id"], rec["name"], country=iso, code=iso, lat=rec.get("lat"),
                            lon=rec.get("lon"))
            for alias in {rec["name"], *rec["aliases"]}:
                self._add(alias, country)
                self.key_index[translit_key(alias)].append(country)
            adjective = Entry("adjective", rec["id"], rec["name"], country=iso, code=iso)
            for alias in rec.get("adjectives") or []:
                self._add(alias, adjective)
            for dated in rec.get("dated_names") or []:
                # "Congo" was Brazzaville while Kinshasa's state was Zaire (1971-1997), Kinshasa's before and after
                kind = "adjective" if dated.get("adjective") else "country"
                self._add(dated["name"], Entry(kind, rec["id"], rec["name"], country=iso, code=iso,
                                               start=_date(dated.get("from")), until=_date(dated.get("until")),
                                               lat=rec.get("lat") if kind == "country" else None,
                                               lon=rec.get("lon") if kind == "country" else None))
            # a state that seceded: its towns are its own from then on, the former state's before
            since = max((_date(f["until"]) for f in rec.get("formerly") or []), default=None)
            for cap in rec.get("capitals") or []:
                entry = Entry("capital", rec["id"], cap["name"], country=iso, code=iso,
                              start=_date(cap.get("from")) or since,
                              until=_date(cap.get("until")), lat=cap.get("lat"), lon=cap.get("lon"))
                for alias in {cap["name"], *(cap.get("aliases") or [])}:
                    self._add(alias, entry)
                    self.key_index[translit_key(alias)].append(entry)
            for seat in rec.get("seats") or []:
                entry = Entry("seat", rec["id"], seat["name"], country=iso, code=iso, sector=seat.get("sector"))
                for alias in {seat["name"], *(seat.get("aliases") or [])}:
                    self._add(alias, entry)
            # a region (a province, a state, a conflict region: "Darfur", "Idlib province") is its own admin1
            places = [("city", city, city.get("admin1")) for city in rec.get("cities") or []]
            places += [("region", region, region["name"]) for region in rec.get("regions") or []]
            for kind, place, admin1 in places:
                entry = Entry(kind, rec["id"], place["name"], country=iso, code=iso, admin1=admin1,
                              start=_date(place.get("from")) or since, until=_date(place.get("until")),
                              lat=place.get("lat"), lon=place.get("lon"))
                for alias in {place["name"], *(place.get("aliases") or [])}:
                    self._add(alias, entry)
            for former in rec.get("formerly") or []:
                # "Juba" in 1992 is a Sudanese town
                until = _date(former["until"])
                olds = [("city", place) for place in [*(rec.get("capitals") or []), *(rec.get("cities") or [])]]
                olds += [("region", place) for place in rec.get("regions") or []]
                for kind, place in olds:
                    entry = Entry(kind, rec["id"], place["name"], country=former["country"],
                                  code=former["country"], admin1=place.get("admin1") or (
                                      place["name"] if kind == "region" else None), until=until,
                                  lat=place.get("lat"), lon=place.get("lon"))
                    for alias in {place["name"], *(place.get("aliases") or [])}:
                        self._add(alias, entry)
        for rec in res.people:
            self.people[rec["id"]] = rec
            full = Entry("person", rec["id"], rec["name"], country=rec.get("country"))
            for alias in {rec["name"], *rec["aliases"]}:
                self._add(alias, full)
                key = translit_key(alias)
                self.key_index[key].append(full)
                if key:
                    self.person_keys[key.split()[-1][:1]].append((key, full))
                    if len(key.split()) > 1 and key[:1] != key.split()[-1][:1]:
                        self.person_keys[key[:1]].append((key, full))
            short = Entry("person_short", rec["id"], rec["name"], country=rec.get("country"))
            for alias in rec.get("short_names") or []:
                self._add(alias, short)
                key = translit_key(alias)
                self.key_index[key].append(short)
                if key:
                    self.person_keys[key.split()[-1][:1]].append((key, short))
        for rec in res.organizations:
            self.org_by_acronym[rec["org"]] = rec
            if rec.get("periods"):
                self.org_periods[rec["id"]] = rec["periods"]
            entry = Entry("org", rec["id"], rec["name"], country=rec.get("country"), sector=rec.get("sector"),
                          org=rec["org"], code=rec["code"])
            for alias in {rec["name"], *rec["aliases"]}:
                self._add(alias, entry)
        for rec in res.agents:
            entry = Entry("agent", rec["id"], rec["name"], sector=rec["sector"],
                          compose_only=bool(rec.get("compose_only")))
            for alias in {rec["name"], *rec["aliases"]}:
                self._add(alias, entry, case="any")

    # -- lookups -------------------------------------------------------------------------------------------
    def lookup(self, tokens: Sequence[str], texts: Sequence[str]) -> list[Entry] | None:
        """Entries whose alias equals the normalised ``tokens``, honouring each alias's case rule."""
        bucket = self.index.get(tuple(tokens))
        if not bucket:
            return None
        first = texts[0] if texts else ""
        joined = "".join(texts)
        out = []
        for entry, rule in bucket:
            if rule == "upper" and not "".join(c for c in joined if c.isalpha()).isupper():
                continue
            if rule == "title" and not (first[:1].isupper() or first[:1].isdigit()):
                continue
            out.append(entry)
        return out or None

    def person_actor(self, kb_id: str, date: dt.date | None) -> Actor:
        """A person's actor code on ``date``: the highest office held that day, else their baseline sector."""
        rec = self.people[kb_id]
        day = date or dt.date.today()
        active = [r for r in rec.get("roles") or []
                  if (_date(r.get("from")) or dt.date.min) <= day <= (_date(r.get("until")) or dt.date.max)]
        if active:
            role = min(active, key=lambda r: _ROLE_RANK.get(r["role"], 99))
            org = role.get("org")
            country = role.get("country")
            if role["role"] == "igo_official" and org:
                org_rec = self.org_by_acronym.get(org)
                code = org_rec["code"] if org_rec else f"IGO{org}"
                return Actor(code=code, country=None, sector=role["sector"], org=org, name=rec["name"], kb_id=kb_id)
            return Actor(code=f"{country or ''}{role['sector']}" or None, country=country, sector=role["sector"],
                         org=org, name=rec["name"], kb_id=kb_id)
        country = rec.get("country")
        sector = rec.get("sector") or "ELI"
        return Actor(code=f"{country or ''}{sector}", country=country, sector=sector, name=rec["name"], kb_id=kb_id)

    def person_active(self, kb_id: str, date: dt.date | None) -> bool:
        day = date or dt.date.today()
        return any((_date(r.get("from")) or dt.date.min) <= day <= (_date(r.get("until")) or dt.date.max)
                   for r in self.people[kb_id].get("roles") or [])

    def capital_on(self, entry: Entry, date: dt.date | None) -> bool:
        """``entry`` is in force on ``date``: a capital then, a dated city then in its country, a dated name then
        the country's."""
        day = date or dt.date.today()
        return (entry.start or dt.date.min) <= day <= (entry.until or dt.date.max)

    def entry_actor(self, entry: Entry, date: dt.date | None, *, sector: str | None = None) -> Actor:
        """The actor an entry names on its own (a person by date; a country with an optional sector). Actors are
        immutable: one is built per (entry, date, sector) and shared."""
        key = (entry, date, sector)
        actor = self._actor_cache.get(key)
        if actor is None:
            if len(self._actor_cache) > 200_000:
                self._actor_cache.clear()
            actor = self._actor_cache[key] = self._entry_actor(entry, date, sector)
        return actor

    def _entry_actor(self, entry: Entry, date: dt.date | None, sector: str | None) -> Actor:
        if entry.kind in ("person", "person_short"):
            return self.person_actor(entry.kb_id, date)
        if entry.kind == "org":
            code, sector = entry.code, entry.sector
            day = date or dt.date.today()
            for period in self.org_periods.get(entry.kb_id, ()):
                if (_date(period.get("from")) or dt.date.min) <= day <= (_date(period.get("until")) or dt.date.max):
                    code, sector = period["code"], period.get("sector", sector)
            return Actor(code=code, country=entry.country, sector=sector, org=entry.org, name=entry.name,
                         kb_id=entry.kb_id)
        if entry.kind == "agent":
            return Actor(code=entry.sector, sector=entry.sector, name=entry.name, kb_id=entry.kb_id)
        country_name = self.countries[entry.country]["name"] if entry.country in self.countries else entry.name
        return Actor(code=f"{entry.country}{sector or ''}", country=entry.country, sector=sector,
                     name=country_name, kb_id=f"country:{entry.country}")

    def _fuzzy_index(self) -> None:
        """Blocks for fuzzy matching, built once: per first letter, the distinct keys of multi-word names and of
        single names, and the people each key names."""
        self._blocks: dict[tuple[str, bool], list[str]] = defaultdict(list)
        self._first_blocks: dict[str, list[str]] = defaultdict(list)
        self._key_people: dict[str, dict[str, Entry]] = defaultdict(dict)
        for bucket in self.person_keys.values():
            for key, entry in bucket:
                self._key_people[key].setdefault(entry.kb_id, entry)
        # one-word country names, keyed by first letter: a misspelt country ("Ethopia", "Afganistan") is one edit
        # away from one of them
        self._country_blocks: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for key, entries in self.key_index.items():
            for entry in entries:
                if entry.kind == "country" and " " not in key and len(key) >= 5:
                    self._country_blocks[key[:1]][key].add(entry.country or "")
        for key in self._key_people:
            words = key.split()
            multi = len(words) > 1
            self._blocks[(words[-1][:1], multi)].append(key)
            if multi and words[0][:1] != words[-1][:1]:
                self._first_blocks[words[0][:1]].append(key)

    def fuzzy_person(self, text: str, threshold: float) -> tuple[Entry, float] | None:
        """Best person whose name is close to ``text`` (transliteration keys, blocked by first letter)."""
        cache_key = (text, threshold)
        if cache_key not in self._fuzzy_cache:
            if len(self._fuzzy_cache) > 100_000:
                self._fuzzy_cache.clear()
            self._fuzzy_cache[cache_key] = self._fuzzy_person(text, threshold)
        return self._fuzzy_cache[cache_key]

    def fuzzy_country(self, text: str) -> Entry | None:
        """The country a misspelt one-word name stands for: one edit (a transposition counts as one) from the key of
        exactly one country's name, for names of six letters or more ("Ethopia", "Afganistan", "Phillipines")."""
        key = translit_key(text)
        if " " in key or len(key) < 6:
            return None
        countries = {c for k, cs in self._country_blocks.get(key[:1], {}).items()
                     if abs(len(k) - len(key)) <= 1 and DamerauLevenshtein.distance(key, k, score_cutoff=1) <= 1
                     for c in cs}
        if len(countries) != 1:
            return None
        iso = next(iter(countries))
        rec = self.countries.get(iso)
        if rec is None:
            return None
        return Entry("country", rec["id"], rec["name"], country=iso, code=iso, lat=rec.get("lat"), lon=rec.get("lon"))

    def _fuzzy_person(self, text: str, threshold: float) -> tuple[Entry, float] | None:
        key = translit_key(text)
        if len(key.replace(" ", "")) < 5:
            return None
        words = key.split()
        multiword = len(words) > 1
        # block on the first letter of the surname, and of the first name when there is one (a garbled surname
        # may have lost its first letter, "Imran Kahn" / "Khan")
        candidates = self._blocks.get((words[-1][:1], multiword), [])
        if multiword and words[0][:1] != words[-1][:1]:
            candidates = candidates + self._first_blocks.get(words[0][:1], [])
        if not candidates:
            return None
        shortlist = process.extract(key, candidates, scorer=fuzz.ratio, limit=10)
        if not shortlist:
            return None
        # re-score: the whole name (0.6) and the surname (0.4); a transposition is one edit, not two
        surname = words[-1]
        # a first name with another initial is most likely another person of the same surname ("Alejandro Rivera"
        # is not "Rodrigo Rivera"): 10 points off
        scored = sorted({(0.6 * s + 40 * DamerauLevenshtein.normalized_similarity(surname, k.split()[-1])
                          - (10 if multiword and k.split()[0][:1] != words[0][:1] else 0), k)
                         for k, s, _ in shortlist}, reverse=True)
        best_score, best_key = scored[0]
        needed = threshold if multiword else threshold + 8
        if best_score < needed:
            return None
        entries = self._key_people[best_key]
        if len(entries) != 1:
            return None
        rivals = [s for s, k in scored[1:] if set(self._key_people[k]) - set(entries)]
        if rivals and best_score - rivals[0] < 6:
            return None  # two people are about as close: leave it unresolved
        return next(iter(entries.values())), best_score

    def find_records(self, query: str) -> list[dict[str, Any]]:
        """Knowledge-base records whose id, name or any alias matches ``query`` (for ``actors show``)."""
        q = normalize(query)
        q = q[4:] if q.startswith("the ") else q
        ids: list[str] = []
        bucket = self.index.get(tuple(q.split()), [])
        ids += [e.kb_id for e, _ in bucket]
        ids += [e.kb_id for e in self.by_key(query)]
        res = self.resources
        records = {r["id"]: r for r in (*res.countries, *res.people, *res.organizations, *res.agents)}
        if query in records:
            ids.insert(0, query)
        return [records[i] for i in dict.fromkeys(ids) if i in records]

    def by_key(self, text: str) -> list[Entry]:
        return self.key_index.get(translit_key(text), [])


@functools.cache
def knowledge_base(resources: Resources) -> KnowledgeBase:
    """The knowledge base for ``resources``, built once per process."""
    return KnowledgeBase(resources)


@functools.lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return normalize(text)


def _is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


@dataclass
class DocumentActors:
    """Every actor mention of one parsed article, and the composition of noun phrases into actors."""

    doc: Doc
    kb: KnowledgeBase
    date: dt.date | None
    fuzzy_threshold: float = 80.0
    title: str | None = None
    text: str | None = None  # doc.text when the caller has it (spaCy rebuilds it from every token on each access)
    matches: list[Match] = field(default_factory=list)
    by_token: dict[int, Match] = field(default_factory=dict)
    focus: str | None = None
    persons: dict[str, Entry] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        from spacy.attrs import ORTH  # spaCy is loaded already when there is a Doc

        strings = self.doc.vocab.strings  # the words from the Doc's arrays: building Token objects costs more
        if self.text is None:
            self.text = self.doc.text
        self.texts = [strings[orth] for orth in self.doc.to_array(ORTH).tolist()]
        self._match_gazetteer()
        self._resolve_short_names()
        self._match_unresolved_names()
        self._context_layer()
        self._keep_unresolved()
        self.matches.sort(key=lambda m: m.start)
        self._disambiguate_places()
        self.focus = self._focus_country()

    def _disambiguate_places(self) -> None:
        """A place name of several countries (``shared`` in the gazetteer) is the one that existed on the article's
        date (Juba was Sudanese until 2011), then the one in a country the article names ("Tripoli" in a story
        about Lebanon); so is a country's name that two states bore in turn (``dated_names``: "Congo")."""
        named: Counter[str] = Counter()
        ambiguous = []
        for match in self.matches:
            if not match.entries:
                continue
            if len({e.country for e in match.entries if e.kind in _DATED_KINDS}) > 1:
                ambiguous.append(match)
            elif match.best.kind in ("country", "adjective", "capital", "city", "region", "seat") and (
                    match.best.country):
                named[match.best.country] += 1
        for match in ambiguous:
            match.entries.sort(key=lambda e: (not self.kb.capital_on(e, self.date), -named[e.country or ""]))

    def _venue(self, i: int, head: Token) -> bool:
        """Token ``i``, below ``head``, hangs under "in" or "at": a venue, not an owner."""
        tok = self.doc[i]
        while tok.i != head.i and tok.head.i != tok.i:
            if tok.dep_ == "prep" and tok.lower_ in ("in", "at"):
                return True
            tok = tok.head
        return False

    def _span_text(self, start: int, end: int) -> str:
        """The text of tokens ``start:end`` (a slice of the article text: Span.text would build every Token)."""
        assert self.text is not None
        last = self.doc[end - 1]
        return self.text[self.doc[start].idx: last.idx + len(self.texts[end - 1])]

    # -- layer 1 and 2: the gazetteer ----------------------------------------------------------------------
    def _match_gazetteer(self) -> None:
        kb, texts = self.kb, self.texts
        seq = [(norm, i) for i, norm in enumerate(map(_norm, texts)) if norm]
        n = len(seq)
        prefixes, index, max_len = kb.prefixes, kb.index, kb.max_len
        i = 0
        # only where some name begins (most words begin none)
        for start in [k for k, (norm, _) in enumerate(seq) if norm in max_len]:
            if start < i:
                continue  # inside a name already matched
            i = start
            longest = max_len[seq[i][0]]
            # the lengths at which a name's key ends here, read forward while some name goes on
            lengths = []
            key: tuple[str, ...] = ()
            for j in range(i, min(n, i + longest)):
                key += (seq[j][0],)
                if key not in prefixes:
                    break
                if key in index:
                    lengths.append(j - i + 1)
            for length in reversed(lengths):
                first_i, last_i = seq[i][1], seq[i + length - 1][1]
                if last_i - first_i > 2 * length + 1:
                    continue  # tokens skipped in between: not one name
                window = seq[i:i + length]
                entries = kb.lookup([w[0] for w in window], [texts[w[1]] for w in window])
                if entries:
                    surface = self._span_text(first_i, last_i + 1)
                    layer = "exact" if " ".join(surface.lower().split()) in kb.exact_forms else "normalised"
                    self._add(Match(first_i, last_i + 1, entries, layer))
                    i += length
                    break

    def _add(self, match: Match) -> None:
        self.matches.append(match)
        for t in range(match.start, match.end):
            self.by_token[t] = match
        for entry in match.entries:
            if entry.kind == "person":
                self.persons.setdefault(entry.kb_id, entry)

    def _extend_with_first_names(self) -> None:
        """"Akylbek Djaparov": a surname match preceded by an unknown first name is checked as a full name first,
        so that a first name picks the right member of a family (Akylbek, not Sadyr, Japarov)."""
        for i, match in enumerate(self.matches):
            if not match.entries or match.best.kind != "person_short":
                continue
            start = match.start
            while start > 0 and start - 1 not in self.by_token and self.doc[start - 1].pos_ == "PROPN" \
                    and _is_capitalised(self.doc[start - 1]) and match.start - start < 3:
                start -= 1
            if start == match.start:
                continue
            text = self._span_text(start, match.end)
            people = [e for e in self.kb.by_key(text) if e.kind == "person"]
            found = (people[0], 100.0) if len(people) == 1 else self.kb.fuzzy_person(text, self.fuzzy_threshold)
            if not found and self._other_first_name(start, match):
                # "Alejandro Rivera" is not Rodrigo Rivera: a different first name is a different person
                match.entries, match.layer = [], "unresolved"
                continue
            if found:
                entry, score = found
                self.matches[i] = Match(start, match.end, [entry], "normalised" if score == 100.0 else "fuzzy",
                                        score)
                for t in range(start, match.end):
                    self.by_token[t] = self.matches[i]

    def _other_first_name(self, start: int, match: Match) -> bool:
        """The name before a surname match is a first name (spaCy's PERSON) whose initial no person of that surname
        has among their names (transliteration keys, so Kassym/Qasym agree)."""
        first = [t for t in self.doc[start:match.start] if t.ent_type_ == "PERSON"]
        if not first:
            return False
        initial = translit_key(first[0].text)[:1]
        for entry in match.entries:
            rec = self.kb.people.get(entry.kb_id, {})
            names = [rec.get("name", ""), *(rec.get("aliases") or [])]
            if any(translit_key(n)[:1] == initial for n in names if n):
                return False
        return bool(match.entries)

    def _resolve_short_names(self) -> None:
        """A surname alone: the person named in full in the article, else the only one in office that day."""
        self._extend_with_first_names()
        for match in self.matches:
            shorts = [e for e in match.entries if e.kind == "person_short"]
            if not shorts or match.best.kind not in ("person_short",):
                continue
            named = [e for e in shorts if e.kb_id in self.persons]
            if len(named) == 1:
                match.entries = [named[0]]
                match.layer = "context" if len(shorts) > 1 else match.layer
                continue
            active = [e for e in shorts if self.kb.person_active(e.kb_id, self.date)]
            if len(shorts) == 1:
                match.entries = shorts
            elif len(active) == 1:
                match.entries = active
            else:
                # ambiguous: no person is guessed; where every candidate is of one country ("President Bush" on a
                # date between the two Bushes), the country is known all the same
                countries = {self.kb.people.get(e.kb_id, {}).get("country") for e in shorts}
                country = next(iter(countries)) if len(countries) == 1 else None
                if country:
                    name = self.kb.countries.get(country, {}).get("name", country)
                    match.entries = [Entry("country", f"country:{country}", name, country=country)]
                    match.layer = "surname-country"
                else:
                    match.entries = []
                    match.layer = "ambiguous"

    # -- layer 3: transliteration keys and fuzzy names -----------------------------------------------------
    def _name_runs(self) -> Iterable[tuple[int, int]]:
        """Runs of capitalised proper-noun tokens not already matched (hyphens inside names allowed)."""
        doc, texts, n = self.doc, self.texts, len(self.texts)
        i = 0
        while i < n:
            if i in self.by_token or not texts[i][:1].isupper() or doc[i].pos_ not in ("PROPN", "NOUN", "ADJ", "X"):
                i += 1
                continue
            tok = doc[i]
            j = i + 1
            while j < n:
                if texts[j] in ("-", "‐") and j + 1 < n and texts[j + 1][:1].isupper():
                    j += 2
                    continue
                if j in self.by_token or not texts[j][:1].isupper() or doc[j].pos_ not in ("PROPN", "NOUN", "X"):
                    break
                j += 1
            if tok.is_sent_start and j == i + 1 and tok.pos_ != "PROPN":
                i = j
                continue
            yield i, j
            i = j

    def _match_unresolved_names(self) -> None:
        for start, end in list(self._name_runs()):
            text = self._span_text(start, end)
            # a key of three letters or fewer names too many things ("Ibo" and "Djibo" share one)
            short = len(translit_key(text).replace(" ", "")) < 4
            entries = [] if short else [e for e in self.kb.by_key(text)
                                        if e.kind in ("person", "person_short", "country", "capital")]
            if entries:
                self._add(Match(start, end, entries[:1], "normalised"))
                continue
            found = self.kb.fuzzy_person(text, self.fuzzy_threshold)
            if found:
                entry, score = found
                self._add(Match(start, end, [entry], "fuzzy", score))
            elif (end == start + 1 and self.doc[start].ent_type_ != "PERSON"
                  and (country := self.kb.fuzzy_country(text)) is not None):
                # not what the tagger reads as a person ("Angela", "Ismael" are not Angola or Israel)
                self._add(Match(start, end, [country], "fuzzy", 90.0))

    # -- layer 4: document context -------------------------------------------------------------------------
    def _context_layer(self) -> None:
        persons = {kb_id: self.kb.people[kb_id] for kb_id in self._resolved_person_ids()}
        if not persons:
            return
        surnames = {}
        for kb_id, rec in persons.items():
            for form in [rec["name"].split()[-1], *(rec.get("short_names") or [])]:
                surnames[translit_key(form).replace("g", "k")] = kb_id
        mentioned_countries = Counter(
            m.best.country for m in self.matches
            if m.entries and m.best.kind in PLACE_KINDS
        )
        for start, end in list(self._name_runs()):
            hit = self._similar_surname(self._span_text(start, end), surnames, min_score=80)
            if hit:
                self._add(Match(start, end, [Entry("person", hit, persons[hit]["name"])], "context", 80))
        # a bare country adjective acting as a person ("Togolese gained power"), similar to a person named here
        for match in list(self.matches):
            if not match.entries or match.best.kind != "adjective" or match.end - match.start != 1:
                continue
            tok = self.doc[match.start]
            if tok.dep_ not in ("nsubj", "nsubjpass") or mentioned_countries.get(match.best.country):
                continue
            hit = self._similar_surname(tok.text, surnames, min_score=50, same_prefix=3)
            if hit:
                match.entries = [Entry("person", hit, persons[hit]["name"])]
                match.layer = "context"
                match.score = 60

    def _keep_unresolved(self) -> None:
        """Names the knowledge base does not know stay in the record as unresolved mentions."""
        for start, end in list(self._name_runs()):
            span = self.doc[start:end]
            if any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC") for t in span):
                self._add(Match(start, end, [], "unresolved", 0.0))

    def _resolved_person_ids(self) -> list[str]:
        return list(dict.fromkeys(m.best.kb_id for m in self.matches
                                  if m.entries and m.best.kind in ("person", "person_short")))

    @staticmethod
    def _similar_surname(text: str, surnames: dict[str, str], *, min_score: float,
                         same_prefix: int = 0) -> str | None:
        key = translit_key(text).replace("g", "k")
        if len(key) < 4:
            return None
        best: tuple[float, str] | None = None
        for surname, kb_id in surnames.items():
            if same_prefix and key[:same_prefix] != surname[:same_prefix]:
                continue
            score = fuzz.ratio(key, surname)
            if score >= min_score and (best is None or score > best[0]):
                best = (score, kb_id)
        return best[1] if best else None

    def _focus_country(self) -> str | None:
        """The country the article is about: country names weigh 1 (3 in the title), the countries of people and of
        organisations named 0.5 (the RSF for Sudan), capitals and seats 0.5, adjectives and cities 0.25; twice as
        much when they are the subject."""
        weights: Counter[str] = Counter()
        for match in self.matches:
            if not match.entries:
                continue
            kind = match.best.kind
            weight = _FOCUS_WEIGHT.get(kind, 0.0)
            if not weight or (not match.best.country and kind not in ("person", "person_short")):
                continue
            if kind in ("person", "person_short"):
                actor = self.kb.person_actor(match.best.kb_id, self.date)
                if not actor.country:
                    continue
                weights[actor.country] += weight * (2 if self.doc[match.end - 1].dep_ == "nsubj" else 1)
                continue
            root = self.doc[match.start:match.end].root
            if root.dep_ in ("nsubj", "nsubjpass") or (kind == "adjective" and root.dep_ in ("amod", "compound")
                                                       and root.head.dep_ in ("nsubj", "nsubjpass")):
                weight *= 2  # a country that acts is what the story is about ("Chinese state media reported")
            weights[match.best.country] += weight
        if self.title:
            for country, kind in self._title_countries():
                weights[country] += 3 if kind == "country" else 1
        if not weights:
            return None
        ranked = [*weights.most_common(2), ("", 0.0)]
        (best, top), (_, second) = ranked[0], ranked[1]
        return best if top > second else None

    def _title_countries(self) -> list[tuple[str, str]]:
        assert self.title is not None
        words = normalize(self.title).split()
        found = []
        for length in (3, 2, 1):
            for i in range(len(words) - length + 1):
                bucket = self.kb.index.get(tuple(words[i:i + length]))
                if bucket:
                    found += [(e.country, e.kind) for e, _ in bucket if e.kind in ("country", "adjective")
                              and e.country]
        return list(dict.fromkeys(found))

    # -- composition: a noun phrase -> actor(s) ------------------------------------------------------------
    def mentions(self) -> list[Mention]:
        """Every matched span as a mention (for provenance and for ``actors resolve``)."""
        out = []
        for match in self.matches:
            span = self.doc[match.start:match.end]
            root = self.doc[match.start] if match.end - match.start == 1 else span.root
            actor = self._entry_actor(match, root) if match.entries else None
            out.append(self._mention(span, actor, match.layer if actor else "unresolved", match.score, root))
        return out

    def _entry_actor(self, match: Match, head: Token) -> Actor | None:
        entry = match.best
        if entry.kind in ("capital", "seat"):
            if entry.kind == "capital" and not self.kb.capital_on(entry, self.date):
                return self.kb.entry_actor(entry, self.date, sector="CVL")
            return self.kb.entry_actor(entry, self.date, sector=entry.sector or "GOV")
        if entry.kind in LOCAL_PLACE_KINDS:
            return self.kb.entry_actor(entry, self.date, sector="CVL")
        if entry.kind == "adjective":
            return self.kb.entry_actor(entry, self.date, sector="CVL")
        return self.kb.entry_actor(entry, self.date)

    def _mention(self, span: Span, actor: Actor | None, layer: str, score: float, head: Token) -> Mention:
        if actor is None:
            confidence = 0.0
        elif layer == "fuzzy":
            confidence = round(0.9 * score / 100, 3)
        else:
            confidence = CONFIDENCE.get(layer, 0.8)
        start, end = span.start_char, span.end_char
        text = self.text[start:end] if self.text is not None else span.text
        return Mention(text=text, start=start, end=end, token_start=span.start,
                       token_end=span.end, actor=actor, layer=layer, confidence=confidence, head=head.i)

    def actors_for(self, head: Token, *, target: bool = False, generic: bool = False,
                   subject: bool = False) -> list[Mention]:
        """The actor(s) a noun phrase headed by ``head`` names; [] when it names none.

        Coordinated modifiers give several actors ("Hungarian and Romanian officials"). As the target of an event,
        a thing of a country stands for the country ("attacked Ukrainian positions" -> UKR). With ``generic``
        (events do this), an agent with no country is still an actor of its sector ("students" -> EDU).
        """
        if head.pos_ == "PRON":
            return []
        doc = self.doc
        if head.lemma_.lower() in _QUANTITY_HEADS:
            # "thousands of Iraqi Kurds", "a group of Moroccan diplomats": the people counted are the actor
            for prep in head.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return self.actors_for(pobj, target=target, generic=generic,
                                                   subject=subject or head.dep_ in ("nsubj", "nsubjpass"))
        match = self.by_token.get(head.i)
        left = [t for t in head.lefts]
        if head.lemma_.lower() in _RELATIONAL_NOUNS:
            left = [t for t in left if t.dep_ != "poss"]  # "Israel's ally", "Russia's partners": not its own
        modifiers = self._modifier_tokens(head, left)
        if head.lemma_.lower() in _RELATIONAL_NOUNS:
            of = {t.i for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for t in p.subtree}
            modifiers = [t for t in modifiers if t.i not in of]  # "an ally of Iran"
        if match and match.entries and match.best.kind != "agent":
            entry = match.best
            span = doc[match.start:match.end]
            if entry.kind in ("capital", "seat"):
                layer = "metonymy"
                actor = self._entry_actor(match, head)
                return [self._mention(span, actor, layer, match.score, head)]
            if entry.kind == "adjective":
                # "the Russians"; but "ethnic Albanians in southern Serbia" are people of the country they live in,
                # and so are "Bosnian Serbs"
                residence = [m for m in self._modifier_countries(head, [t for t in left if t.dep_ in (
                    "amod", "compound")]) if m.best.kind in ("adjective", "country")
                    and m.best.country != entry.country]
                if residence:
                    actor = self.kb.entry_actor(residence[0].best, self.date, sector="CVL")
                    full = doc[min(match.start, residence[0].start): match.end]
                    return [self._mention(full, actor, "ethnic-residence", match.score, head)]
                place = self._located_in(head)
                if place is not None and place.country != entry.country:
                    actor = self.kb.entry_actor(place, self.date, sector="CVL")
                    return [self._mention(span, actor, "composed", match.score, head)]
                return [self._mention(span, self._entry_actor(match, head), match.layer, match.score, head)]
            if entry.kind in ("person", "person_short") and not self.kb.person_active(entry.kb_id, self.date):
                # "Arab League Secretary General Chadli Klibi" on a date outside the roles we know: the title's
                # organisation is what the article says he acts for
                orgs = [m for m in self._modifier_countries(head, modifiers) if m.best.kind == "org"]
                if orgs:
                    full = doc[min([match.start, *(t.i for t in modifiers)]): match.end]
                    return [self._mention(full, self._entry_actor(orgs[0], head), "title", orgs[0].score, head)]
            actor = self._entry_actor(match, head)
            if entry.kind in LOCAL_PLACE_KINDS and target:
                actor = self.kb.entry_actor(entry, self.date)  # "shelled Kharkiv": the place's country
            if actor is not None and entry.kind == "country":
                sector = self._agent_sector(modifiers)
                if sector:
                    actor = self.kb.entry_actor(entry, self.date, sector=sector)
            full = doc[min([match.start, *(t.i for t in modifiers)]): match.end]
            return [self._mention(full, actor, match.layer, match.score, head)]
        # the head is an agent noun (or unknown): look for country words among its modifiers
        sector = match.best.sector if match and match.entries else None
        if sector is None and head.lemma_.lower() in _GENERIC_COUNTRY_WORDS and self._definite(head) and not any(
            o.pos_ == "NOUN" and o.i not in self.by_token for p in head.children if p.dep_ == "prep"
            and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
        ):  # "the state" is the country, "the state of emergency" is not
            sector = ""
        layer = "composed"
        if sector is None and (head.pos_ == "PROPN" or head.ent_type_ == "PERSON"
                               or head.lemma_.lower() in _ROLE_NOUNS):
            # a person we do not know, named with a title: "Russian Foreign Minister Andrei Kozyrev"
            sector = self._agent_sector(modifiers)
            layer = "title"
            if sector is None and head.ent_type_ == "PERSON" and any(
                    t.dep_ == "compound" and t.pos_ == "NOUN" for t in head.lefts) and any(
                    m.best.kind in ("country", "adjective") for m in self._modifier_countries(head, modifiers)):
                # ... or with a nationality and a calling: "American pastor Andrew Brunson" is a US civilian
                sector = "CVL"
        if sector is None:
            appos = [c for c in head.children if c.dep_ == "appos"]
            for child in appos:
                found = self.actors_for(child)
                if found:
                    return found
            # an unknown head named by an organisation: "the CSTO military alliance"
            owners = self._modifier_countries(head, modifiers)
            orgs = [m for m in owners if m.best.kind == "org"]
            span = doc[min([head.i, *(t.i for t in modifiers)]): head.i + 1]
            if orgs:
                return [self._mention(span, self._entry_actor(orgs[0], head), "composed", orgs[0].score, head)]
            if (target or head.lemma_.lower() in _ROLE_NOUNS) and head.pos_ == "NOUN":
                # "Ukrainian positions", "an admission by Moscow": the owner's country (a seat: its state); an
                # office-holder of a country acts for it ("Tehran's nuclear chief said"); a
                # capital after "in" is a venue, not an owner ("talks in Vienna"), however deep it hangs
                # ("charges of planning attacks at a rally in Nairobi")
                owned = [self._mention(span, self._owner_actor(m, head), "composed", m.score, head)
                         for m in owners if m.best.kind in ("adjective", "country")
                         or (m.best.kind in ("capital", "seat") and not self._venue(m.start, head))
                         # "President Reagan's statement", "an appeal from President Gbagbo": the person whose thing
                         # it is
                         or (m.best.kind in ("person", "person_short") and self._owner_person(m))]
                # "US House Speaker Nancy Pelosi's visit": the country word and the person name one actor
                seen: set[str | None] = set()
                unique = []
                for m in owned:
                    code = m.actor.code if m.actor else None
                    if code not in seen:
                        seen.add(code)
                        unique.append(m)
                return unique
            if generic and head.tag_ in ("NNS", "NNPS") and head.ent_type_ in ("NORP", "PERSON") and (
                subject or head.dep_ in ("nsubj", "nsubjpass")
            ):
                # people we have no agent word for, acting: "Iraqi Kurds demonstrated", "Algerian landowners"
                return [self._mention(span, self.kb.entry_actor(m.best, self.date, sector="CVL"), "composed",
                                      m.score, head) for m in owners if m.best.kind in ("adjective", "country")]
            return []
        countries = self._modifier_countries(head, modifiers)
        span = doc[min([head.i, *(t.i for t in modifiers)]): head.i + 1]
        if countries and any(t.lower_ == "ethnic" for t in doc[head.left_edge.i:head.i]):
            # "ethnic Serb militants living in Kosovo": an ethnic group is coded by where it lives, as
            # its civilians are (``ethnic-residence``)
            place = self._located_in(head, acting=True)
            if place is not None and place.country and all(m.best.country != place.country for m in countries):
                actor = self._country_actor(place.country, sector or None)
                return [self._mention(span, actor, "ethnic-residence", 85, head)]
        if countries:
            out = []
            for m in countries:
                entry = m.best
                if entry.kind in ("person", "person_short"):
                    base = self.kb.person_actor(entry.kb_id, self.date)
                    actor = Actor(code=f"{base.country or ''}{sector}", country=base.country, sector=sector or None,
                                  name=base.name, kb_id=base.kb_id)
                elif entry.kind == "org":
                    actor = self.kb.entry_actor(entry, self.date)  # dated: the Taliban government after 2021
                else:
                    actor = self.kb.entry_actor(entry, self.date, sector=sector or None)
                out.append(self._mention(span, actor, layer, m.score, head))
            return out
        appos = [c for c in head.children if c.dep_ == "appos"]
        for child in appos:
            found = self.actors_for(child)
            if found:
                return found
        if match and match.entries and match.best.compose_only:
            return []
        # "the Reagan administration": a name we do not know owns it, not the story's country
        named = any(t.ent_type_ == "PERSON" or (
            t.pos_ == "PROPN" and t.text[:1].isupper() and t.ent_type_ in ("", "ORG")
            and not (t.i in self.by_token and self.by_token[t.i].entries)) for t in modifiers)
        owner = self._reporter_country(head) if sector is not None and not named else None
        if owner is not None:
            # "Qatar said its air defences intercepted the missiles": "its" is the country that speaks
            return [self._mention(span, self._country_actor(owner, sector or None), "composed", 70, head)]
        if self.focus and (self._definite(head) or self._local(head)) and not named and not self.of_several(head):
            return [self._mention(span, self._country_actor(self.focus, sector or None), "focus", 60, head)]
        if sector and (sector in _SECTOR_ONLY or generic):
            # "armed men", "the militants", "protesters": who they are is the news, even without a country
            known = match is not None and bool(match.entries)
            actor = Actor(code=sector, sector=sector, name=match.best.name if known else None,
                          kb_id=match.best.kb_id if known else None)
            return [self._mention(span, actor, "agent", 50, head)]
        # any other agent with no country ("researchers", "the newspaper") stays unresolved
        return []

    def antecedent_person(self, pronoun: Token) -> Mention | None:
        """The person a "he"/"she" most likely refers to: the nearest person named in this or the previous
        sentence (no earlier: beyond that, guessing does more harm than good)."""
        sent_start = pronoun.sent.start
        prev = self.doc[sent_start - 1].sent.start if sent_start > 0 else sent_start
        people = [m for m in self.matches if prev <= m.start < pronoun.i and m.entries
                  and m.best.kind in ("person", "person_short")]
        if not people:
            return None
        # the subject of the sentence before is who "he" continues about; else the nearest person
        subjects = [m for m in people if self.doc[m.end - 1].dep_ in ("nsubj", "nsubjpass")]
        match = (subjects or people)[-1]
        span = self.doc[match.start:match.end]
        return self._mention(span, self._entry_actor(match, span.root), "context", 70, span.root)

    def focus_mentions(self, anchor: Token) -> list[Mention]:
        """The article's focus country as the owner of territory an event is about (layer ``territory``)."""
        if not self.focus:
            return []
        span = self.doc[anchor.i: anchor.i + 1]
        return [self._mention(span, self._country_actor(self.focus), "territory", 60, anchor)]

    @functools.cached_property
    def article_countries(self) -> frozenset[str]:
        """Every country the article names (see ``countries_between``), read once."""
        return frozenset(self.countries_between(0, len(self.doc)))

    def countries_between(self, start: int, end: int) -> set[str]:
        """Countries named in tokens ``start:end`` by a country, adjective, place or person (at the article date)."""
        out: set[str] = set()
        for match in self.matches:
            if match.end <= start or match.start >= end or not match.entries:
                continue
            entry = match.best
            if entry.kind in ("person", "person_short"):
                country = self.kb.person_actor(entry.kb_id, self.date).country
            else:
                country = entry.country
            if country:
                out.add(country)
        return out

    def country_mention(self, country: str, anchor: Token, layer: str, text: str, confidence: float,
                        sector: str | None = None) -> Mention:
        """A country (or one of its sectors) that no phrase names but the event implies (layer ``implied-place``/
        ``implied-domestic``). The mention is zero-width at ``anchor``: no words of the sentence are claimed to name
        it."""
        return Mention(text=text, start=anchor.idx, end=anchor.idx, token_start=anchor.i, token_end=anchor.i,
                       actor=self._country_actor(country, sector), layer=layer, confidence=confidence, head=anchor.i)

    def _country_actor(self, country: str, sector: str | None = None) -> Actor:
        """The actor for a country known only by its code (the article's focus, an implied or owning country)."""
        return self.kb.entry_actor(Entry("country", f"country:{country}", country, country=country), self.date,
                                   sector=sector)

    def _reporter_country(self, head: Token) -> str | None:
        """The country that "its"/"their" in ``head``'s phrase points to when the phrase is the subject of what a
        country or one country's body says: "Qatar said its air defences intercepted the missiles" -> QAT, "the
        Israeli military said its jets had struck ..." -> ISR."""
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in head.children):
            return None
        if head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "ccomp":
            clause = head.head
        else:
            # "the Thai army said Cambodian troops had opened fire on its soldiers": a singular "its" in what
            # plural doers did is not theirs, it is the speaker's
            clause = next((a for a in head.ancestors if a.pos_ in ("VERB", "AUX")), head)
            if clause.dep_ != "ccomp" or not any(c.dep_ == "poss" and c.lower_ == "its" for c in head.children) or (
                    not any(s.dep_ in ("nsubj", "nsubjpass") and s.tag_ in ("NNS", "NNPS") for s in clause.children)):
                return None
        for subj in clause.head.children:
            if subj.dep_ == "nsubj":
                match = self.by_token.get(subj.i)
                if match and match.entries and match.best.kind in ("country", "capital"):
                    return match.best.country
                # "the Israeli military said its jets had struck ...": a speaker of one country
                countries = {m.actor.country for m in self.actors_for(subj) if m.actor and m.actor.country}
                if len(countries) == 1 and not any(t.dep_ == "poss" and t.lower_ in ("its", "their")
                                                   for t in subj.children):
                    return countries.pop()
        return None

    def _owner_person(self, match: Match) -> bool:
        """A person named as the owner of a thing: its possessor, or after "from"/"by"."""
        last = self.doc[match.end - 1]
        if last.dep_ == "poss":
            return True
        name_head = last.head if last.dep_ == "compound" else last
        return name_head.dep_ == "pobj" and name_head.head.lower_ in ("from", "by")

    def _owner_actor(self, match: Match, head: Token) -> Actor | None:
        """The actor an owner named inside a thing's phrase stands for: a country word with the sector of the
        people it qualifies ("crimes by Croatian extremists" -> HRV radicals), a capital's or seat's state, or a
        person."""
        entry = match.best
        if entry.kind in ("adjective", "country"):
            owner = self.doc[match.end - 1].head
            people = self.by_token.get(owner.i)
            sector = people.best.sector if owner.i != head.i and people and people.entries and (
                people.best.kind == "agent") else None
            return self.kb.entry_actor(entry, self.date, sector=sector)
        return self._entry_actor(match, head)

    def _located_in(self, head: Token, acting: bool = False) -> Entry | None:
        """The country or place named by "in X" or "of X" under ``head`` ("Albanians in southern Serbia", "the
        Albanians of southern Serbia"); ``acting``: also by "in X" under a participle that says where they act or
        live ("militants operating in Kosovo", "Serbs living in Croatia")."""
        holders = [head, *(c for c in head.children if acting and c.dep_ == "acl" and c.tag_ in ("VBG", "VBN"))]
        for prep in (p for h in holders for p in h.children):
            if prep.dep_ == "prep" and prep.lower_ in ("in", "of") and (prep.head.i == head.i or prep.lower_ == "in"):
                for t in prep.subtree:
                    match = self.by_token.get(t.i)
                    if match and match.entries and match.best.kind in PLACE_KINDS:
                        return match.best
        return None

    def _definite(self, head: Token) -> bool:
        """"the government", "its army", "the country's parliament": a definite reference to the story's country."""
        for c in head.children:
            if c.dep_ in ("det", "poss") and c.lower_ in _DEFINITE | {"its", "their", "his", "her", "our"}:
                return True
            if c.dep_ == "poss" and c.lemma_.lower() in _GENERIC_COUNTRY_WORDS and self._definite(c):
                return True
        return False

    @staticmethod
    def of_several(head: Token) -> bool:
        """"the leaders of the two countries", "officials of both sides": people of more than one country, so of
        no single country the article is about."""
        return any(o.lemma_.lower() in _GENERIC_COUNTRY_WORDS | {"side"} and o.tag_ == "NNS" for p in head.children
                   if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj")

    def _local(self, head: Token) -> bool:
        return any(c.dep_ == "amod" and c.lower_ in _LOCAL_MODIFIERS for c in head.children)

    def _modifier_tokens(self, head: Token, left: list[Token]) -> list[Token]:
        """Tokens of the phrase that may carry a country: left modifiers (with their conjuncts) and 'of/in/by X'
        ("calls by Belarus's rulers")."""
        out: list[Token] = []
        doc = head.doc
        for tok in left:
            if tok.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod", "nummod"):
                # "an anti-Iran activist", "pro-Russian separatists": for or against a country, not of it
                out.extend(t for t in tok.subtree if t.dep_ != "case" and not (
                    t.i >= 2 and doc[t.i - 1].text == "-" and doc[t.i - 2].lower_ in _STANCE_PREFIXES))
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "in", "from", "by", "throughout", "across"):
                # "the deputy chief of Israel's militia ally": an ally's owner is the other side, not its country
                other = {t.i for o in child.children if o.dep_ == "pobj" and o.lemma_.lower() in _RELATIONAL_NOUNS
                         for p in o.children if p.dep_ == "poss" for t in p.subtree}
                out.extend(t for t in child.subtree if t.i != child.i and t.i not in other)
        return out

    def _agent_sector(self, modifiers: list[Token]) -> str | None:
        for tok in modifiers:
            match = self.by_token.get(tok.i)
            if match and match.entries and match.best.kind == "agent":
                return match.best.sector
        return None

    def _modifier_countries(self, head: Token, modifiers: list[Token]) -> list[Match]:
        seen: dict[int, Match] = {}
        for tok in modifiers:
            match = self.by_token.get(tok.i)
            if match and match.entries and match.best.kind != "agent" and (
                match.best.country or match.best.kind == "org"
            ) and not (match.best.kind == "adjective" and tok.head.lemma_.lower() in _LANGUAGE_HEADS):
                seen.setdefault(id(match), match)
        found = list(seen.values())
        # coordination among the owners themselves ("Hungarian and Romanian officials"), not somewhere inside the
        # phrase ("crimes by Croatian extremists against Serb civilians and prisoners")
        coordinated = any(t.dep_ == "conj" and t.i in self.by_token and self.by_token[t.i].entries
                          and self.by_token[t.i].best.kind != "agent" for t in modifiers)
        orgs = [m for m in found if m.best.kind == "org"]
        owners = [m for m in found if m.best.kind == "country" and self.doc[m.end - 1].dep_ == "poss"
                  and self.doc[m.end - 1].head.i == head.i]
        if orgs and owners and not coordinated:
            return owners[:1]  # "Sweden's NATO membership bid": Sweden's, about NATO
        if orgs and not coordinated:
            return orgs[:1]  # "the Russian-led CSTO": the organisation is the actor
        if coordinated:
            # "the Turkish and Greek sides of the island of Cyprus": the coordinated owners, not the place after
            left = [m for m in found if m.start < head.i]
            if len(left) > 1:
                return left
        countries = {m.best.country for m in found}
        if len(countries) > 1 and not coordinated:
            # "Russia's ambassador to Kazakhstan": the possessor/first modifier is the country
            found = found[:1]
        return found
