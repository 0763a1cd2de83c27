"""Code-events stage: verb and noun patterns over the dependency parse -> CAMEO events with source and target.

For every verb in a sentence the lexicon (``data/lexicon/patterns_*.jsonl``) is consulted by lemma; the most
specific matching pattern wins (particle, preposition, object class). Roles come from the parse: subject -> source,
object / prepositional object -> target, passive agent -> source; coordination multiplies events; subjects carry
over to conjoined verbs and into infinitive complements; the embedded clause of reported speech is coded.

Modality is decided before an event is emitted (cues in ``data/lexicon/modality.json``): negated and hypothetical
events are dropped (or turned into rejections where the pattern says so), "agree/promise/plan to X" becomes an
expression of intent (03x), "threaten to X" a threat (13x), "refuse to X" a rejection (12x), and events in
background clauses ("after Russia invaded ...") are not coded as new events.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
from collections import defaultdict
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .actors import PLACE_KINDS, DocumentActors
from .models import Actor, Location, Mention
from .resources import Resources

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["Draft", "Lexicon", "Pattern", "clear_parse_cache", "code_sentence", "lexicon_for", "statement_draft"]

_TARGET_PREPS = ("with", "to", "against", "on", "at", "toward", "towards", "into", "from", "over", "for", "upon", "out")
_RELATIVE = frozenset({"that", "which", "who", "whom", "whose"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "pcomp", "csubj", "parataxis"})


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    pos: str
    lemma: str
    particle: str | None
    prep: str | None
    objects: frozenset[str] | None
    cameo: str
    negated: str | None
    order: int
    subjects: frozenset[str] | None = None  # sectors the source must have ("withdrew" alone: MIL, REB, ...)

    @property
    def specificity(self) -> int:
        return (1 if self.particle else 0) + (1 if self.prep else 0) + (2 if self.objects else 0)


@dataclass(frozen=True, slots=True)
class Draft:
    """An event found in a sentence, before dates, places and code tables are attached."""

    trigger: Token
    pattern: Pattern
    cameo: str
    source: Mention | None  # None: a known victim, no known doer ("three soldiers were killed")
    target: Mention | None
    modality: str  # asserted | intent | threat | refused
    confidence: float
    noun: Token | None = None  # the event noun for nominal events
    anchor: Token | None = None  # the word that carries the event in the sentence (the controlling verb)


class Lexicon:
    """The verb and noun patterns, indexed by lemma, and the modality cue sets."""

    def __init__(self, resources: Resources) -> None:
        self.verbs: dict[str, list[Pattern]] = defaultdict(list)
        self.nouns: dict[str, list[Pattern]] = defaultdict(list)
        classes = resources.classes
        for order, rec in enumerate(resources.patterns):
            objects = None
            if rec["object"]:
                lemmas: set[str] = set()
                for item in rec["object"]:
                    lemmas |= classes[item] if item.startswith("@") else {item.lower()}
                objects = frozenset(lemmas)
            subjects = frozenset(rec["subject"]) if rec.get("subject") else None
            pattern = Pattern(rec["id"], rec["pos"], rec["lemma"], rec["particle"], rec["prep"], objects,
                              rec["cameo"], rec["negated"], order, subjects)
            (self.verbs if rec["pos"] == "verb" else self.nouns)[rec["lemma"]].append(pattern)
        mod = resources.modality
        self.mod: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in mod.items() if isinstance(v, list)}
        # the word lists of the rules are sets, read once: the coder asks them for every verb
        self.mod_rules: dict[str, dict[str, Any]] = {
            k: {kk: frozenset(vv) if isinstance(vv, list) else vv for kk, vv in v.items()}
            for k, v in mod.items() if isinstance(v, dict)}
        self.mod_codes: dict[str, str] = {k: v for k, v in mod.items() if k.endswith("_code") and isinstance(v, str)}
        self.intent_map: dict[str, str] = mod.get("intent_map", {})
        self.threat_map: dict[str, str] = mod.get("threat_map", {})
        self.refusal_map: dict[str, str] = mod.get("refusal_map", {})
        self.reciprocal_codes: dict[str, str] = mod.get("reciprocal_codes", {})
        # weapons and machines (``weapon_subjects``), and the armed people (``force_subjects``) that hit as they do
        self.materiel: frozenset[str] = frozenset(mod.get("weapon_subjects", {}))
        self.weapons: dict[str, Pattern] = {
            noun: Pattern(f"{code}-{noun}-hit", "noun", noun, None, None, None, code, None, -1)
            for noun, code in {**mod.get("weapon_subjects", {}), **mod.get("force_subjects", {})}.items()
        }
        self.assistance: dict[str, Pattern] = {
            noun: Pattern(f"{code}-with-{noun}-of", "noun", noun, None, "of", None, code, None, -1)
            for noun, code in mod.get("assistance_nouns", {}).items()
        }


@functools.cache
def lexicon_for(resources: Resources) -> Lexicon:
    """The lexicon for ``resources``, built once per process."""
    return Lexicon(resources)


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for child in _ch(tok):
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "ADJ"):
            out.extend(_conjuncts(child))
    return out


_KIDS = "brinkwatch_kids"


def clear_parse_cache(doc: Doc) -> None:
    """Forget the dependents read by ``_kids`` (call before and after coding a Doc)."""
    doc.user_data.pop(_KIDS, None)


def _read_kids(tok: Token) -> tuple[tuple[tuple[str, Token], ...], tuple[Token, ...]]:
    cache = tok.doc.user_data.get(_KIDS)
    if cache is None:
        cache = tok.doc.user_data[_KIDS] = {}
    kids = cache.get(tok.i)
    if kids is None:
        tokens = tuple(tok.children)
        kids = cache[tok.i] = (tuple((c.dep_, c) for c in tokens), tokens)
    return kids


def _kids(tok: Token) -> tuple[tuple[str, Token], ...]:
    """(dependency label, child) pairs of ``tok``, read once per Doc (spaCy builds new Tokens on every walk)."""
    cache = tok.doc.user_data.get(_KIDS)
    kids = cache.get(tok.i) if cache is not None else None
    return (kids or _read_kids(tok))[0]


def _ch(tok: Token) -> tuple[Token, ...]:
    """The children of ``tok``, read once per Doc (the hot path of the coder: the cache is read inline)."""
    cache = tok.doc.user_data.get(_KIDS)
    kids = cache.get(tok.i) if cache is not None else None
    return (kids or _read_kids(tok))[1]


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for dep, c in _kids(tok) if dep in deps]


# heads that stand for what follows "of": quantities ("25,000 tons of food aid") and durations ("ten days of war
# games")
_MEASURES = frozenset({"ton", "tonne", "kg", "kilogram", "litre", "liter", "barrel", "dollar", "euro", "million",
                       "billion", "thousand", "hundred", "worth", "amount", "quantity", "number", "batch", "shipment",
                       "consignment", "package", "round", "load", "lot", "supply", "set", "part", "portion", "list",
                       "most", "some", "many", "much", "half", "all", "rest", "bulk", "majority", "remainder",
                       "day", "week", "month", "hour", "series", "wave", "spate", "dozen", "score", "handful",
                       "couple", "planeload", "shipload", "truckload", "boatload", "trainload", "cargo"})
# bodies of people, matched by their members first: "received a mission of observers"
_BODIES = frozenset({"mission", "team", "delegation", "group", "contingent", "unit", "party", "corps"})


def _object_of(tok: Token, prep: str | None) -> Token | None:
    if prep:
        holders = [tok, tok.head] if tok.dep_ in ("dobj", "nsubjpass") and tok.pos_ == "NOUN" else [tok]
        holders += [c for c in _ch(tok) if c.dep_ in ("prt", "advmod")]  # "walked away from the talks"
        for holder in holders:  # "opened an inquiry into X": the preposition hangs on the light verb
            for p in _ch(holder):
                if p.dep_ in ("prep", "agent", "dative") and p.lower_ == prep:
                    # "pulled out of the talks": spaCy hangs "of the talks" under "out"
                    pobj = _children(p, "pobj") or [o for q in _children(p, "prep") for o in _children(q, "pobj")]
                    return _measured(pobj[0]) if pobj else None
        return None
    # "were taken hostage", "took two aid workers prisoner", "held Russia responsible": what they were taken or
    # held as names the act
    objs = [c for c in _ch(tok) if c.dep_ == "oprd" and c.lemma_.lower() in _PREDICATE_OBJECTS]
    objs = objs or _children(tok, "dobj") or _children(tok, "nsubjpass")  # passive: "sanctions were lifted"
    if not objs and tok.dep_ == "xcomp" and _children(tok, "auxpass"):
        objs = _children(tok.head, "nsubjpass")  # "the tanker was reported to have been seized"
    if not objs and tok.dep_ != "advcl":
        # "allowed candidate Ouattara to participate": spaCy often parses the object of a verb with a to-infinitive
        # as the subject of that clause (not in a purpose clause: "must ensure security to allow supplies to ...")
        objs = [s for c in _ch(tok) if c.dep_ == "ccomp" and _infinitive(c) for s in _children(c, "nsubj")]
    return _measured(objs[0]) if objs else None


_PREDICATE_OBJECTS = frozenset({"hostage", "captive", "prisoner", "responsible", "accountable", "liable", "culpable"})


def _measured(obj: Token) -> Token:
    """"25,000 tons of food aid", "a shipment of weapons": the thing measured is the object."""
    if obj.lemma_.lower() in _MEASURES:
        for p in _ch(obj):
            if p.dep_ == "prep" and p.lower_ == "of":
                pobj = _children(p, "pobj")
                if pobj:
                    return pobj[0]
    return obj


def _preps_of(tok: Token) -> set[str]:
    return {c.lower_ for c in _ch(tok) if c.dep_ in ("prep", "agent", "dative")}


def _best(patterns: list[Pattern], tok: Token, actions: Container[str] = frozenset(),
          places: Callable[[Token], bool] | None = None) -> Pattern | None:
    """The most specific pattern that matches at ``tok`` (the earliest among equals), or None.

    Each pattern's particle, preposition and object are checked against the token's dependents, which are read
    once: a two-word object ("hunger strike") is more specific than the bare head word ("strike"). ``places`` tells
    whether a name is a place (a "<place>" object) rather than a "<person>"; without it, the parser's entity type."""
    if not patterns:
        return None
    particles: set[str] = set()
    preps: set[str] = set()
    for c in _ch(tok):
        dep = c.dep_
        if dep in ("prt", "advmod"):  # spaCy often tags the particle of "stepped down" as an adverb
            particles.add(c.lower_)
            preps.update(_preps_of(c))  # "walked away from the talks": "from" hangs under "away"
        elif dep in ("prep", "agent", "dative"):
            preps.add(c.lower_)
            if c.lower_ == "out" and _children(c, "prep"):
                particles.add("out")  # "were shipped out of Kidal": spaCy reads "out" as the preposition
                preps.update(_preps_of(c))
        elif dep == "dobj" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].dep_ == "quantmod":
            particles.add(tok.doc[tok.i + 1].lower_)  # "handed over 32 prisoners": "over" read as "over 32"
    head_preps: set[str] | None = None
    # per preposition: the object's lemma, its form, its modifier phrases, its titles, what an action noun acts on
    objects: dict[str | None, tuple[str, str, frozenset[str], frozenset[str], frozenset[str]] | None] = {}
    best: Pattern | None = None
    best_key: tuple[float, int] = (-1, 0)
    for p in patterns:
        if p.particle and p.particle not in particles:
            continue
        if p.prep and p.prep not in preps:
            # a noun's preposition often hangs on its light verb: "opened an inquiry into ..."
            if not (p.pos == "noun" and tok.dep_ == "dobj"):
                continue
            if head_preps is None:
                head_preps = _preps_of(tok.head)
            if p.prep not in head_preps:
                continue
        if p.objects is None:
            score = p.specificity
        else:
            if p.prep not in objects:
                obj = _object_of(tok, p.prep)
                objects[p.prep] = None if obj is None else (_lemma(obj), obj.lower_, frozenset(
                    f"{t.lower_} {_lemma(obj)}" for t in obj.lefts if t.dep_ in ("compound", "amod")), frozenset(
                    # a name with its title: "candidate Ouattara" is a candidate, "US President Barack Obama" a
                    # president; any named person is a "<person>", any named place a "<place>"
                    [_lemma(t) for t in obj.lefts if t.dep_ == "compound" and t.pos_ in ("NOUN", "PROPN")]
                    + (["<place>"] if (places(obj) if places else obj.ent_type_ in ("GPE", "LOC", "FAC"))
                       else ["<person>"] if obj.ent_type_ == "PERSON" else [])
                ) if obj.pos_ == "PROPN" else frozenset(
                    # "former Yugoslav president Slobodan Milosevic": a title with the name in apposition
                    ["<person>"] if any(c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in _ch(obj)) else []
                ), frozenset(
                    # "allowed the return of UN inspectors": what the action is done to, if no pattern takes the
                    # action noun itself (``object_action_nouns``); "received a mission of observers": the members
                    # of a body of people
                    # ... and "the delivery of 500 tons of flour" is of flour
                    _lemma(m) for q in _ch(obj) if q.dep_ == "prep" and q.lower_ == "of" for o in _children(q, "pobj")
                    for m in {o, _measured(o)}
                ) if _lemma(obj) in actions or _lemma(obj) in _BODIES else frozenset())
            found = objects[p.prep]
            if found is None:
                continue
            lemma, lower, phrases, titles, of_objects = found
            if phrases & p.objects:
                score = p.specificity + 1
            elif lemma in _BODIES and of_objects & p.objects:
                score = p.specificity + 0.5  # "a team of inspectors" is inspectors before it is a team
            elif lemma in p.objects or lower in p.objects or titles & p.objects:
                score = p.specificity
            elif lemma in actions and of_objects & p.objects:
                score = p.specificity - 0.5
            else:
                continue
        key = (score, -p.order)
        if key > best_key:
            best, best_key = p, key
    return best


def _infinitive(tok: Token) -> bool:
    """``tok`` heads a to-infinitive clause ("to discuss", "to participate")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in _ch(tok))


def _negated(tok: Token, lex: Lexicon) -> bool:
    neg = lex.mod["negation_words"]
    for child in _ch(tok):
        if child.dep_ == "neg" or (child.dep_ in ("advmod", "preconj") and child.lower_ in neg):
            return True
        if child.dep_ == "advmod" and child.lower_ == "longer" and any(c.lower_ == "no" for c in _ch(child)):
            return True  # "will no longer tolerate rallies"
    # "agreed to no talks", "no troops were deployed", "no drones struck Moscow", "neither Israel nor Hamas fired"
    for obj in _children(tok, "dobj", "nsubjpass", "nsubj"):
        if any(c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither") for c in _ch(obj)):
            return True
    return False


def _aux(tok: Token) -> list[str]:
    return [c.lower_ for c in _ch(tok) if c.dep_ in ("aux", "auxpass")]


@dataclass(frozen=True, slots=True)
class _Status:
    modality: str  # asserted | intent | threat | refused | skip
    controller: Token | None = None  # the verb whose subject an infinitive inherits


def _status(tok: Token, lex: Lexicon) -> _Status:
    """Did the event at ``tok`` happen, or is it intended, threatened, refused, hypothetical, background?"""
    mod = lex.mod
    aux = _aux(tok)
    reported = tok.dep_ == "ccomp" and any(_lemma(a) in mod["report_verbs"] or a.pos_ == "ADJ"
                                          for a in tok.ancestors)
    if reported and "would" in aux:
        aux = [a if a != "would" else "will" for a in aux]  # reported future: "said it would not recognise"
    if any(a in mod["hypothetical_aux"] for a in aux):
        return _Status("skip")
    if any(c.dep_ == "mark" and c.lower_ in mod["conditional_marks"] for c in _ch(tok)):
        return _Status("skip")
    if tok.dep_ in ("advcl", "ccomp") and tok.i < tok.head.i and _inverted_condition(tok, mod):
        # "Had the police opened fire, dozens would have died" (spaCy reads the condition as either clause)
        return _Status("skip")
    if "had" in aux and tok.tag_ == "VBN" and tok.dep_ in ("relcl", "acl", "advcl", "pcomp"):
        return _Status("skip")  # "the hostages whom they had taken": an earlier event, told as background
    if _abstained(tok, mod):
        return _Status("skip")  # "refrained from striking Iran", "has yet to launch its offensive"
    clause = tok
    while clause.dep_ == "conj" and clause.head.pos_ in ("VERB", "AUX"):
        clause = clause.head
    if clause.dep_ == "relcl" and clause.tag_ in ("VBP", "VBZ") and not _aux(clause):
        return _Status("skip")  # "gangs, who raid villages and kidnap people for ransom": a habit, not an event
    future = any(a in mod["future_aux"] for a in aux) or ("going" in aux)
    if future and any(c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in
                                                mod["conditional_threat_marks"] for m in _ch(c))
                      for c in _ch(tok)):
        return _Status("threat")  # "will withdraw its force unless ...": a conditional threat (CAMEO 13)
    control = mod["intent_verbs"] | mod["threat_verbs"] | mod["refusal_verbs"]
    node = tok
    modality = "intent" if future else "asserted"
    controller = None
    while node.dep_ in _CLAUSE_DEPS or node.dep_ == "ROOT":
        if node.dep_ == "ROOT":
            break
        head = node.head
        hl = _lemma(head)
        # spaCy often attaches "to fight" in "swore to fight" as an adverbial clause: a control verb's
        # infinitive is its complement all the same
        to_clause = _infinitive(node)
        infinitive = node.dep_ == "advcl" and hl in control and to_clause
        if node.dep_ == "advcl" and to_clause and hl in mod["demand_verbs"]:
            return _Status("skip")  # "demanded a meeting of the Council to discuss ...": the purpose is demanded
        if node.dep_ in ("xcomp", "ccomp") and hl in mod["report_verbs"] and _negated(head, lex):
            return _Status("skip")  # "did not confirm carrying out the strikes", "did not say that ..."
        if hl in mod["denial_verbs"] and ((node.dep_ in ("xcomp", "pcomp") and node.tag_ == "VBG")
                                          or node.dep_ == "ccomp"):
            # "Russia denied attacking the convoy", "the ELN denied that it had targeted civilians": a denial
            # (016), not the act
            return _Status("skip")
        if node.dep_ == "xcomp" and hl == "be" and _lemma(node) in mod["be_to_idioms"]:
            return _Status("skip")  # "Russia is to blame": a judgement, not an act planned
        if node.dep_ == "xcomp" and (
                any(_lemma(o) in mod["unrealised_nouns"] for o in _children(head, "dobj"))
                or (head.pos_ == "ADJ" and hl in mod["prediction_adjectives"])
                or (hl in mod["fear_lemmas"] and _children(head, "auxpass") and _negated(head, lex))):
            # "foiled a plot to bomb the embassy" (spaCy hangs the infinitive on the verb), "the rebels are unlikely
            # to attack", "Syria is not expected to attack": a plot, a prediction, what is not expected (no
            # refusal: the expectation is others'; "are expected to meet" stays a scheduled meeting)
            return _Status("skip")
        if node.dep_ == "xcomp" or infinitive:
            controller = controller or head
            if (_negated(head, lex) and hl in mod["intent_verbs"]) or hl in mod["refusal_verbs"] or (
                    hl in mod["threat_verbs"]):
                # the refusal or threat counts only where it happened itself: "demanded that the EU partners
                # refuse to recognise ..." is a demand
                if _status(head, lex).modality == "skip":
                    return _Status("skip")
                return _Status("threat" if hl in mod["threat_verbs"] and not _negated(head, lex) else "refused",
                               controller)
            if hl in mod["intent_verbs"]:
                modality = "intent"
            elif hl in mod["demand_verbs"] or hl in mod["plot_verbs"] or (
                    hl in mod["command_verbs"] and _negated(head, lex)):  # "did not order Israel to withdraw"
                return _Status("skip")  # "urged Israel to withdraw", "plotted to assassinate the president"
        elif node.dep_ == "ccomp":
            if hl in mod["threat_verbs"] and _own_pledge(node, head, mod) and not _negated(head, lex):
                # "Israel warned that it would strike Hezbollah": what the warner says it will do is threatened
                return _Status("threat", head)
            if hl in mod["threat_verbs"] and hl not in mod["report_verbs"] and not _future(node, mod):
                # what a threat says is to come; a clause under "threaten" told as done is a misread ("threatened
                # to shell the towns in retaliation for a raid where, it said, 100 people were killed")
                return _Status("skip")
            if hl in mod["fear_lemmas"] or hl in mod["demand_verbs"] or (
                    hl in mod["command_verbs"] and to_clause and _negated(head, lex)):
                return _Status("skip")
            if any(_lemma(o) in mod["unrealised_nouns"] for o in _children(head, "dobj")):
                return _Status("skip")  # "reiterated its demand that Israel ease restrictions"
            if head.pos_ in ("NOUN", "ADJ") and hl in mod["fear_lemmas"]:
                return _Status("skip")
        elif node.dep_ == "advcl":
            marks = {c.lower_ for c in _ch(node) if c.dep_ == "mark"}
            if marks & (mod["conditional_marks"] | mod["background_preps"]):
                return _Status("skip")
            if _children(node, "nsubj", "nsubjpass"):
                break  # "threatened sanctions as the leaders sought to ease tensions": a clause of its own
            if to_clause and _future(head, mod):
                modality = "intent"  # "will visit Senegal to mediate": the purpose of an intended act is intended
            if node.tag_ == "VBG" and hl in mod["allegation_verbs"]:
                return _Status("skip")  # "accused the US of violating rights, ignoring international law"
        elif (node.dep_ in ("acl", "relcl", "ccomp") and head.pos_ == "NOUN" and any(
                c.dep_ == "det" and c.lower_ in ("no", "neither") for c in _ch(head))) or (
            # "there is no evidence that Iran supplied missiles": what no evidence shows is not told as done
            node.dep_ in ("acl", "relcl") and hl in mod["fear_lemmas"] | mod["unrealised_nouns"]) or (
            # "sent two presidents to mediate", "the first delegation to visit Bucharest since 1989": an
            # infinitive on a noun describes it, it does not tell an event
            node.dep_ in ("acl", "relcl") and to_clause and head.pos_ in ("NOUN", "PROPN")
        ) or (
            node.dep_ == "pcomp" and head.lower_ in mod["background_preps"]
        ) or (
            # "the decision of sending troops", "a plan for building a wall": what is decided or planned
            node.dep_ == "pcomp" and head.dep_ == "prep" and _lemma(head.head) in mod["unrealised_nouns"]
        ):
            return _Status("skip")
        # "could send troops and ...", "the US must be ready to mediate": what may or must happen has not
        clause = head.head if head.dep_ == "acomp" else head
        clause_aux = _aux(head) + (_aux(clause) if head.dep_ == "acomp" else [])
        if clause.dep_ == "ccomp":
            clause_aux = [a for a in clause_aux if a != "would"]  # "said he would be ready to host": reported future
        purpose = node.dep_ == "advcl" and to_clause
        if any(a in mod["hypothetical_aux"] for a in clause_aux) and (node.dep_ in ("xcomp", "conj") or purpose):
            return _Status("skip")
        base_form = node.tag_ == "VB" or node.lower_ == _lemma(node)  # "put" may be either
        if (node.dep_ == "xcomp" or (node.dep_ == "conj" and base_form)) and _future(head, mod):
            # "said they would continue to send vessels", "will deploy troops and put a battalion on alert" (not
            # "would respond and criticised ...": a verb in the past tense is not under "would")
            modality = "intent"
        if node.dep_ == "conj" and any(c.dep_ == "mark" and c.lower_ in mod["conditional_marks"]
                                       for c in _ch(head)):
            return _Status("skip")
        node = head
    # "fears that ..." attached to a noun anywhere above
    for anc in tok.ancestors:
        if anc.pos_ == "NOUN" and _lemma(anc) in mod["fear_lemmas"]:
            return _Status("skip")
        if anc.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in mod["conditional_marks"] for m in _ch(anc)):
            return _Status("skip")  # "... if ExxonMobil succeeded in freezing Venezuelan assets": only a condition
        if anc.dep_ == "prep" and anc.lower_ in mod["background_preps"]:
            return _Status("skip")
        # "accused the United States of violating human rights", "apologised for its gunboat intercepting a
        # ship": what an accusation, a judgement or an apology is about is not told as an event of its own
        if anc.dep_ == "prep" and anc.lower_ in ("of", "for", "over") and _lemma(anc.head) in mod["reason_verbs"]:
            return _Status("skip")
        # "in response to rockets that killed two Israelis", "in retaliation for a raid in which ten died": what an
        # act answers is told as its reason (``reason_nouns``), not as news of its own
        if anc.dep_ == "prep" and anc.lower_ in ("for", "to") and _lemma(anc.head) in mod["reason_nouns"]:
            return _Status("skip")
    return _Status(modality, controller)


def _abstained(tok: Token, mod: dict[str, frozenset[str]]) -> bool:
    """``tok`` is what its subject refrained from, avoided or has yet to do (``abstention_verbs``): the complement
    of the verb, or after "from"/"of" under the verb or its adverb ("stopped short of invading")."""
    if tok.dep_ == "xcomp":
        verb = tok.head
    elif tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.lower_ in ("from", "of"):
        verb = tok.head.head
        if verb.dep_ in ("advmod", "prt") and verb.head.pos_ in ("VERB", "AUX"):
            verb = verb.head  # "stopped short of", "shied away from"
    else:
        return False
    lemma = _lemma(verb)
    words = mod["abstention_verbs"]
    return lemma in words or any(c.dep_ in ("prt", "advmod") and f"{lemma} {c.lower_}" in words for c in _ch(verb))


def _inverted_condition(clause: Token, mod: dict[str, frozenset[str]]) -> bool:
    """``clause`` is a condition told by inverting its auxiliary and subject: "Had the police opened fire",
    "Should Venezuela invade Guyana" (``inverted_conditional_aux``)."""
    subjects = [c.i for c in _ch(clause) if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subjects) and any(c.dep_ in ("aux", "auxpass") and c.lower_ in mod["inverted_conditional_aux"]
                                  and c.i < subjects[0] and c.i == clause.left_edge.i for c in _ch(clause))


def _own_pledge(clause: Token, speaker: Token, mod: dict[str, frozenset[str]]) -> bool:
    """``clause`` tells what the subject of ``speaker`` itself will do: "warned that it would strike", "vowed they
    will fight on" (not "warned that fighting could escalate")."""
    if not _future(clause, mod):  # a reported "would" counts: the clause is always a ccomp here
        return False
    said_by = _children(speaker, "nsubj")
    doers = _children(clause, "nsubj")
    if not (said_by and doers):
        return False
    if doers[0].pos_ != "PRON":
        # "warned that troops would crush any uprising": the warner's own forces (``own_force_nouns``)
        return _lemma(doers[0]) in mod["own_force_nouns"] and not any(
            c.dep_ in ("amod", "compound", "poss", "nmod", "prep") and c.lower_ != "security" for c in _ch(doers[0]))
    return _antecedent(doers[0], clause).i == said_by[0].i


def _future(tok: Token, mod: dict[str, frozenset[str]]) -> bool:
    """``tok`` is told in the future: "will", or a reported "would" ("said it would send")."""
    aux = _aux(tok)
    return any(a in mod["future_aux"] for a in aux) or ("would" in aux and tok.dep_ == "ccomp")


def _antecedent(subj: Token, clause: Token) -> Token:
    """"Syria says it is willing to withdraw": a pronoun subject of an embedded clause is the subject above."""
    if subj.pos_ != "PRON" or subj.lower_ not in ("it", "they", "he", "she", "we"):
        return subj
    node = clause
    personal = subj.lower_ in ("he", "she")
    # ... through "as saying": "the minister was quoted as saying he would visit Moscow"
    while node.dep_ in ("ccomp", "conj", "advcl", "xcomp", "acomp", "pcomp", "prep") and node.head.i != node.i:
        node = node.head
        above = [c for c in _ch(node) if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON"
                 # "he" is one person, not the country or the group of the clause above ("that Libya must ... as he
                 # embarked", "border guards detained Vardanyan as he tried to leave")
                 and not (personal and (c.ent_type_ in ("GPE", "NORP", "LOC") or c.tag_ in ("NNS", "NNPS")))]
        if above:
            return above[0]
    return subj


def _misparsed_subject(subj: Token) -> Token:
    """"The Red Cross operating in Gaza said ...": spaCy may read a noun and the participle after it as a clause
    and make the participle the subject; the noun is."""
    if subj.tag_ == "VBG":
        inner = _children(subj, "nsubj")
        if inner and inner[0].pos_ in ("NOUN", "PROPN"):
            return inner[0]
    return subj


def _subjects(tok: Token, status: _Status, documents: Container[str] = frozenset()) -> tuple[list[Token], bool]:
    """Subject tokens of ``tok`` and whether the clause is passive."""
    subj = [_misparsed_subject(s) for s in _children(tok, "nsubj", "csubj")]
    if subj:
        if subj[0].lower_ in _RELATIVE and tok.dep_ == "relcl":
            return _conjuncts(tok.head), False
        return _conjuncts(_antecedent(subj[0], tok)), False
    passive = _children(tok, "nsubjpass")
    if passive:
        return _conjuncts(passive[0]), True
    node = tok
    if node.dep_ == "pcomp" and node.head.dep_ == "prep" and node.head.lower_ in ("to", "by"):
        # "resorted to throwing stones", "protested by blocking roads": the subject of the verb the preposition
        # hangs on ("accused Russia of shelling" is an allegation, not the accuser's act)
        node = node.head
    while node.dep_ in ("conj", "xcomp", "advcl", "acomp", "prep") and node.head.i != node.i:
        head = node.head
        if node.dep_ == "xcomp":
            # object control: "urged Russia to withdraw" -> Russia withdraws
            dobj = _children(head, "dobj")
            if dobj and _lemma(head) in ("urge", "ask", "force", "persuade", "order", "allow", "help", "invite"):
                return _conjuncts(dobj[0]), False
        if node.dep_ == "advcl" and node.tag_ != "VBG" and not _infinitive(node):
            break  # "after Russia invaded ...": an adverbial clause with its own subject, not a purpose
        subj = _children(head, "nsubj")
        if subj:
            if subj[0].lower_ in _RELATIVE and head.dep_ == "relcl":
                return _conjuncts(head.head), False
            return _conjuncts(_antecedent(subj[0], head)), False
        passive = _children(head, "nsubjpass")
        if passive and node.dep_ == "conj":
            return _conjuncts(passive[0]), True
        if passive and node.dep_ == "xcomp":
            # "Israeli troops were poised to attack", "Russia was urged to withdraw": the passive subject does it;
            # "the tanker was reported to have been seized": it had it done to it
            return _conjuncts(passive[0]), bool(_children(tok, "auxpass")) and node.i == tok.i
        node = head
    if node is not tok and node.dep_ == "acl" and node.head.pos_ in ("NOUN", "PROPN"):
        # "Kashmiri youths resorted to throwing stones", read by spaCy as "youths (who) resorted": the noun
        # the clause hangs on is the one who throws
        return _conjuncts(node.head), False
    if tok.dep_ == "relcl":
        return _conjuncts(tok.head), False
    if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
        # "demonstrators protesting the results": they protest; "property seized by the army": it was seized;
        # "issued a declaration demanding ...": whoever issued it demands (``document_nouns``)
        if tok.tag_ == "VBG" and _lemma(tok.head) in documents and tok.head.dep_ in ("dobj", "nsubjpass"):
            return _subjects(tok.head.head, status, documents)
        if tok.tag_ == "VBG":
            return _conjuncts(tok.head), False
        if tok.tag_ == "VBN":
            return _conjuncts(tok.head), True
        if status.controller is not None:
            # "gunmen made an attempt to assassinate the mayor": whoever made the attempt
            return _subjects(status.controller, _Status("asserted"), documents)
    return [], False


def _prep_objects(tok: Token, word: str) -> list[Token]:
    """The objects (with their conjuncts) of the preposition ``word`` under ``tok``: "by Indian troops"."""
    return [o for p in _ch(tok) if p.dep_ == "prep" and p.lower_ == word for o in _pobjs(p)]


def _pobjs(prep: Token) -> list[Token]:
    objs = _children(prep, "pobj")
    if not objs and prep.lower_ in ("out", "away"):
        objs = [o for q in _children(prep, "prep") for o in _children(q, "pobj")]  # "out of Syria"
    elif not objs and prep.i + 1 < len(prep.doc) and prep.lower_ not in _SUBORDINATORS:
        # "granted asylum to five officers holed up in ...": spaCy reads the reduced relative as a clause of the
        # verb, with the preposition's object as its subject
        nxt = prep.doc[prep.i + 1]
        subj = next((a for a in (nxt, *nxt.ancestors) if a.dep_ in ("nsubj", "nsubjpass")), None)
        if (subj is not None and subj.left_edge.i == prep.i + 1 and subj.head.tag_ in ("VBN", "VBG", "VBD")
                and subj.head.head.i == prep.head.i):
            objs = [subj]
    return [t for o in objs for t in _conjuncts(o)]


# prepositions that may head a clause of their own ("after the army withdrew"), whose subject is no object of theirs
_SUBORDINATORS = frozenset({"after", "before", "since", "until", "till", "as", "because", "while", "once", "than",
                            "like", "unless", "whether"})


def _target_tiers(tok: Token, pattern: Pattern, noun: Token | None, clause_roots: frozenset[str] = frozenset(),
                  temporal: frozenset[str] = frozenset(), events: Container[str] = frozenset(),
                  venue_roots: Container[str] = frozenset(), reasons: Container[str] = frozenset()
                  ) -> Iterator[list[Token]]:
    """Candidate target phrases, most direct first, each tier computed only when the ones before named no actor.

    1. the direct object, dative, and the verb's own prepositions (the pattern's first): "met Tokayev",
       "talks with China", "gave Ukraine aid", "launched drones at Ukrainian cities";
    2. prepositions under the object or the event noun: "sent troops to Kazakhstan", "sanctions on Iran"; and
       under what the event noun is done to: "the rupture of relations with Colombia";
    3. actors inside the object phrase: "called for a ceasefire between Armenia and Azerbaijan";
    4. the subject of a clause the event governs: "demanded that NATO withdraw", "threatened to use force against
       Armenia", "blocked roads to protest against Pashinyan";
    5. one level down, under the object or a prepositional object: "mobilized reservists for a war against Iraq";
       and two levels down through an event noun: "rejected a proposal for a ceasefire with Ukraine";
    6. for force and violence, where it was aimed: "drills around Taiwan", "massed troops along the border";
       where it took place: "a curfew in Cizre".
    """
    # "denounced as a provocation Britain's expulsion of the diplomats", "condemned as unacceptable Greece's
    # deployment": spaCy reads the object put after its predicate as an apposition to it, or as what follows "as"
    dobj = _children(tok, "dobj") or [a for p in _ch(tok) if p.dep_ == "prep" and p.lower_ == "as"
                                      for o in _children(p, "pobj")
                                      for a in (_children(o, "appos") or ([o] if _children(o, "poss") else []))]
    direct: list[Token] = _conjuncts(dobj[0]) if dobj else []
    direct += [c for c in _ch(tok) if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN")]
    # "granted asylum to ousted Afghan President Ashraf Ghani": "to" tagged as an infinitive marker
    preps = [c for c in _ch(tok) if c.dep_ in ("prep", "dative") and (c.pos_ == "ADP" or c.lower_ == "to")]
    # "kidnapped up to 16 Russian advisers": spaCy hangs the preposition on the particle
    preps += [p for c in _ch(tok) if c.dep_ == "prt" for p in _ch(c) if p.dep_ == "prep" and p.pos_ == "ADP"]
    preps.sort(key=lambda p: (p.lower_ != pattern.prep,
                              _TARGET_PREPS.index(p.lower_) if p.lower_ in _TARGET_PREPS else 99))
    for p in preps:
        if p.lower_ == "at" and pattern.cameo[:2] in venue_roots and pattern.prep != "at":
            continue  # "met Biden at the White House": where they met (``venue_roots``)
        if p.lower_ in _TARGET_PREPS or p.lower_ == pattern.prep:
            # "from the beginning of the Russian invasion" says when, not to whom
            direct += [t for t in _pobjs(p) if _lemma(t) not in temporal and t.ent_type_ not in ("DATE", "TIME")]
    yield direct
    under: list[Token] = _noun_targets(noun) if noun is not None else []
    venue = pattern.cameo[:2] in venue_roots
    for holder in dobj[:1]:
        under += [t for p in _ch(holder) if p.dep_ == "prep" and p.lower_ in _UNDER_OBJECT
                  and not (venue and p.lower_ == "at") for t in _pobjs(p)]
    yield under
    # "the rupture of diplomatic relations with Colombia": the party of what the event noun is done to
    yield [t for o in (_prep_objects(noun, "of") if noun is not None else []) for p in _ch(o)
           if p.dep_ == "prep" and p.lower_ in ("with", "to", "against", "toward", "towards") for t in _pobjs(p)]
    yield _object_targets(tok, pattern)
    clauses: list[Token] = []
    # "its demand that Israel ease restrictions": the clause may hang on the event noun
    noun_clauses = [c for c in _ch(noun) if c.dep_ in ("acl", "ccomp")] if noun is not None else []
    for child in [*_ch(tok), *noun_clauses]:
        on_noun = noun is not None and child.head.i == noun.i
        if child.dep_ in ("ccomp", "acl") and (child.dep_ == "ccomp" or on_noun) and pattern.cameo[:2] in clause_roots:
            clauses += [t for s in _children(child, "nsubj", "nsubjpass") for t in _conjuncts(s)]
        if child.dep_ in ("xcomp", "advcl") and child.pos_ == "VERB" and not _children(child, "nsubj", "nsubjpass"):
            # a purpose or complement clause of the same doer; "as authorities cracked down on X" is another event
            clauses += [t for o in _children(child, "dobj") for t in _conjuncts(o)]
            clauses += [t for p in _children(child, "prep") if p.lower_ in _TARGET_PREPS for t in _pobjs(p)]
            # "refused to allow United Nations planes to land": whom the complement lets or makes do something
            clauses += [t for c in _children(child, "ccomp")
                        if (_infinitive(c) or c.tag_ == "VB") and not _children(c, "mark")
                        for s in _children(c, "nsubj") for t in _conjuncts(s)]
    yield clauses
    # one level down: "mobilized reservists for a war against Iraq", "campaign for sanctions on Iran"
    # ... but not what an act answers: "in retaliation for the bombing of a West Berlin discotheque" (``reason_nouns``)
    holders = [*dobj[:1], *(t for p in preps for t in _pobjs(p) if _lemma(t) not in reasons), *clauses]
    nested = [t for holder in holders for p in _ch(holder) if p.dep_ == "prep" and p.lower_ in _NESTED
              for t in _pobjs(p)]
    yield nested
    # two levels down, through an event noun: "rejected a proposal for a ceasefire with Ukraine", "calls for talks
    # with the RSF"
    yield [t for holder in nested if _lemma(holder) in events for p in _ch(holder)
           if p.dep_ == "prep" and p.lower_ in ("with", "between", "against", "on", "to") for t in _pobjs(p)]
    aimed: list[Token] = []
    located: list[Token] = []
    if int(pattern.cameo[:2]) >= 14:
        for holder in (tok, *dobj[:1]):
            aimed += [t for p in _ch(holder) if p.dep_ == "prep" and p.lower_ in _AIMED for t in _pobjs(p)]
            # "marched in London in defiance of Beijing": whom it defies is aimed at, not the place
            aimed += [t for p in _ch(holder) if p.dep_ == "prep" and p.lower_ == "in"
                      for t in _pobjs(p) if _lemma(t) in _OPPOSING]
            # coercion and violence at a named place act on that place's country: "a curfew in Cizre"
            # ... but "blew themselves up in the second-worst attack of the uprising" names no place
            located += [t for p in _ch(holder) if p.dep_ == "prep" and p.lower_ in ("in", "into")
                        for t in _pobjs(p) if _lemma(t) not in events and _lemma(t) not in _OPPOSING]
    yield aimed
    yield located


_NESTED = ("against", "on", "toward", "towards", "into", "for", "with")
_PLACE_TIERS = 7  # tiers from here on name places: where force was aimed, where it took place
_UNDER_OBJECT = ("to", "into", "against", "on", "toward", "towards", "with", "for", "at", "from")
_AIMED = ("around", "near", "along", "off", "across", "inside", "over", "at")
_OPPOSING = ("defiance", "opposition")  # "in defiance of X", "in opposition to X": X is what the act is aimed at


def _is_specific(m: Mention) -> bool:
    actor = m.actor
    return bool(actor and (actor.country or actor.org or (actor.kb_id or "").startswith("person:")))


def _choose_targets(actors: DocumentActors, tiers: Iterator[list[Token]], instrument: Token | None,
                    violent: bool = False, sources: Sequence[Mention] = ()) -> list[Mention]:
    """The first tier naming a specific actor (a country, organisation or person); else a generic one from the
    direct tier, unless it is only the instrument of the event ("deployed troops": troops are not the target).
    In sanctions, coercion and violence (``violent``) the people or things an object class names are the ones acted
    on ("executed two protesters", "expelled 23 Russian diplomats over the attack on Skripal", "froze Libyan
    assets")."""

    def by_instrument() -> list[Mention]:
        # the thing an event is done with ("equipped the Ukrainian army with drones") names the target only as a
        # last resort, and its own noun names no party whatever "their" points to ("completed their withdrawal")
        if instrument is None:
            return []
        return [m for m in _actors(actors, [instrument], target=True, generic=True)
                if (_is_specific(m) or violent) and m.layer != "focus"]

    if violent and instrument is not None and not any(
            c.dep_ == "poss" and c.pos_ == "PRON" for c in instrument.children):
        # "expelled 23 Russian diplomats over the attack on Skripal": those acted on, when they name their country
        # (not one's own: "recalled its ambassador to Israel")
        acted_on = [m for m in by_instrument() if _is_specific(m) and not any(
            s.actor is not None and m.actor is not None and s.actor.code == m.actor.code for s in sources)]
        if acted_on:
            return acted_on
    first: list[Mention] | None = None
    for n, tier in enumerate(tiers):
        if n >= _PLACE_TIERS and first:
            # "arrested protesters in Tbilisi": the people acted on, not the place, when the object names people
            return by_instrument() or first
        if first is None and instrument is not None:
            tier = [t for t in tier if t.i != instrument.i]
        found = _actors(actors, tier, target=True, generic=True)
        if first is None:
            first = found
        specific = [m for m in found if _is_specific(m)]
        if specific:
            return specific
    return by_instrument() or first or []


def _object_targets(tok: Token, pattern: Pattern) -> list[Token]:
    """Actors inside the event's object phrase: "called for a ceasefire between Armenia and Azerbaijan"."""
    obj = _object_of(tok, pattern.prep)
    if obj is None:
        return []
    return [t for p in _ch(obj)
            if p.dep_ == "prep" and p.lower_ in ("between", "of", "with", "against", "on", "to", "toward", "towards",
                                                  "for")
            for t in _pobjs(p)]


def _noun_targets(noun: Token) -> list[Token]:
    out: list[Token] = []
    for p in _ch(noun):
        if p.dep_ == "prep" and p.lower_ in ("with", "to", "against", "on", "of", "toward", "towards", "into",
                                              "for", "over", "in"):
            out += [t for o in _children(p, "pobj") for t in _conjuncts(o)]
    return out


def _condition_subjects(tok: Token, controller: Token | None, lex: Lexicon) -> list[Token]:
    """Subjects of the conditions ("if"/"unless" clauses) attached to a threatened act or to the threat."""
    out: list[Token] = []
    holders = [tok, *_children(tok, "xcomp"), *([controller] if controller is not None else [])]
    for holder in holders:
        for clause in _ch(holder):
            if clause.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in lex.mod["conditional_marks"]
                                              for m in _ch(clause)):
                out += [t for subj in _children(clause, "nsubj") for t in _conjuncts(subj)]
    return out


def _place_object(tok: Token, prep: str, actors: DocumentActors) -> bool:
    """The object after ``prep`` is a place: one the knowledge base knows, or a place name to the parser."""
    obj = _object_of(tok, prep)
    return obj is not None and _is_place(obj, actors)


def _is_place(tok: Token, actors: DocumentActors) -> bool:
    """``tok`` names a place: one the knowledge base knows (spaCy's small model reads "Kherson" as a person), or a
    place name to the parser."""
    match = actors.by_token.get(tok.i)
    if match is not None and match.entries:
        return match.best.kind in PLACE_KINDS
    return tok.ent_type_ in ("GPE", "LOC", "FAC")


def _passive_agents(tok: Token) -> list[Token]:
    for c in _ch(tok):
        if c.dep_ == "agent":
            # "shot dead by two of her bodyguards": the bodyguards
            return [t for o in _children(c, "pobj") for t in _conjuncts(
                next(iter(_prep_objects(o, "of")), o) if o.like_num else _measured(o))]
    if _children(tok, "auxpass"):
        # "Venezuela was threatened with a military option by President Trump": spaCy hangs the agent on the
        # object of the preposition before it, or on the gerund after it ("was accused of embezzling state money by
        # government officials")
        return [t for p in _children(tok, "prep") for o in _children(p, "pobj", "pcomp")
                for t in _prep_objects(o, "by")]
    return []


def _adjust_code(code: str, status: _Status, lex: Lexicon) -> tuple[str, str] | None:
    root = code[:2]
    if status.modality == "asserted":
        return code, "asserted"
    if status.modality == "intent":
        if root in ("13",):
            return code, "threat"
        if int(root) <= 9:
            return lex.intent_map.get(root, "030"), "intent"
        return lex.threat_map.get(root, "130") or code, "threat" if lex.threat_map.get(root, "130") else "intent"
    if status.modality == "threat":
        return lex.threat_map.get(root, "130") or "138", "threat"
    if status.modality == "refused":
        return lex.refusal_map.get(root, "120"), "refused"
    return None


def _actors(actors: DocumentActors, tokens: list[Token], *, target: bool = False,
            generic: bool = False) -> list[Mention]:
    out: list[Mention] = []
    for tok in tokens:
        out.extend(m for m in actors.actors_for(tok, target=target, generic=generic) if m.actor is not None)
    return out


def _candidates(tok: Token, lex: Lexicon, places: Callable[[Token], bool] | None = None,
                ) -> Iterator[tuple[Pattern, Token | None]]:
    if tok.tag_ in ("VBD", "VBN") and tok.i and tok.doc[tok.i - 1].lower_ == "to" and _aux(tok) == ["to"]:
        return  # "granted asylum to ousted Syrian President Assad": a participle misread as an infinitive
    lemma = _lemma(tok)
    best = _best(lex.verbs.get(lemma, []), tok, lex.mod["object_action_nouns"], places)
    noun_best: tuple[Pattern, Token] | None = None
    if lemma in lex.mod["light_verbs"] and not _children(tok, "oprd"):
        # "launched artillery, mortar and rocket fire against ...": any of the coordinated objects
        # ... or the noun a participle qualifies, told as news of the day: "new sanctions imposed by the United
        # States on Venezuela on Monday" (undated, it only describes the noun: "the curfew imposed in Sudan")
        shared = [tok.head] if tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ == "NOUN" and any(
            t.lower_ in lex.mod["news_day_words"] for t in tok.subtree) else []
        for obj in [_measured(c) for o in _children(tok, "dobj") or _children(tok, "nsubjpass") or shared
                    for c in _conjuncts(o)]:  # "imposed a 17th package of sanctions": the sanctions
            if f"{lemma} {_lemma(obj)}" in lex.mod["light_verb_idioms"]:
                continue  # "took charge of the embassy" is no legal charge
            if any(c.dep_ == "prt" and c.lower_ in lex.mod["cancelling_particles"] for c in _ch(tok)):
                continue  # "called off the strike", "put off the talks": nothing was done
            noun_patterns = lex.nouns.get(_lemma(obj))
            if noun_patterns:
                chosen = _best(noun_patterns, obj)
                if chosen:
                    noun_best = (chosen, obj)
                    break
    if lemma == "be" and _children(tok, "expl"):
        # "there were clashes between Indian and Chinese troops": the event noun is said to have happened
        for attr in _children(tok, "attr", "nsubj"):
            if any(c.dep_ == "det" and c.lower_ in ("no", "neither") for c in _ch(attr)):
                break  # "there was no agreement between Egypt and Ethiopia"
            noun_patterns = lex.nouns.get(_lemma(attr))
            chosen = _best(noun_patterns, attr) if noun_patterns else None
            if chosen:
                noun_best = (chosen, attr)
                break
    impact = lemma in lex.mod["impact_verbs"] and bool(_children(tok, "dobj"))
    if noun_best is None and lemma in lex.mod["impact_verbs"] and _children(tok, "nsubjpass"):
        # "Kyiv was hit by Russian missiles": the weapon that hit, told as the agent
        for agent in _passive_agents(tok):
            if _lemma(agent) in lex.weapons:
                noun_best = (lex.weapons[_lemma(agent)], agent)
                break
    # (a weapon or attack subject outranks a bare verb reading: "Israeli jets struck the ministry" is no strike by
    # workers)
    weapon_hit = False
    if noun_best is None and ((best is None and _occurs(tok, lemma, lex)) or (
            impact and (best is None or best.objects is None or best.cameo[:2] == "19"))):
        # "protests erupted in Belgrade", "clashes broke out", "Israeli airstrikes hit Gaza": the event noun is
        # the subject; "Russian missiles hit Kyiv", "Israeli aircraft struck Gaza": so is the weapon, which says
        # how the force was used (``weapon_subjects``)
        for subj in _children(tok, "nsubj"):
            weapon = lex.weapons.get(_lemma(subj)) if impact else None
            if weapon is not None:
                noun_best, weapon_hit = (weapon, subj), True
                break
            noun_patterns = _subject_noun_patterns(subj, lex)
            chosen = _best(noun_patterns, subj) if noun_patterns else None
            if chosen:
                noun_best = (chosen, subj)
                break
    if noun_best is None and best is None:
        # "negotiators return to Geneva for talks", "went to Cairo for talks": the talks they came for
        for prep in _ch(tok):
            if prep.dep_ == "prep" and prep.lower_ == "for":
                for pobj in _children(prep, "pobj"):
                    chosen = _best(lex.nouns.get(_lemma(pobj), []), pobj)
                    if chosen and chosen.cameo[:2] in lex.mod["purpose_event_roots"]:
                        noun_best = (chosen, pobj)
    told = False
    if noun_best is None and (best is None or int(best.cameo[:2]) < 18) and lemma not in lex.mod["report_verbs"]:
        # "Beijing's threat to cut exports alarmed investors", "talks between Armenian and Azerbaijani diplomats
        # ended": an event noun that names its doer, as the subject of any other verb (``_told_subject_event``);
        # such a verb tells no event of its own ("a crackdown by Chinese security forces on Saturday left the city
        # under martial law" is no withdrawal), unless it is violence ("Israeli air strikes killed 20 people")
        # (a passive subject only where the verb is no event of its own: "aid was airdropped" is the airdrop)
        for subj in _children(tok, "nsubj", *(("nsubjpass",) if best is None else ())):
            noun_patterns = _subject_noun_patterns(subj, lex)
            chosen = _best(noun_patterns, subj) if noun_patterns else None
            if chosen and _told_subject_event(subj, chosen, lex):
                noun_best, told = (chosen, subj), True
                break
    if noun_best and (best is None or best.objects is None or told or weapon_hit):
        yield noun_best
    elif best is not None:
        yield best, None


def _posture(tok: Token, lex: Lexicon) -> bool:
    """``tok`` is what its subject got ready to do ("prepared to resume shelling", "were poised to attack"), and
    the getting ready is told as done (``posture_verbs``)."""
    node = tok
    while node.dep_ == "xcomp" or (node.dep_ == "advcl" and _infinitive(node)):
        node = node.head
        if _lemma(node) in lex.mod["posture_verbs"]:
            clause = node.head if node.dep_ == "acomp" else node
            return not _future(clause, lex.mod) and not _negated(clause, lex)
    return False


_ORDINAL_MARKERS = frozenset({"last", "past", "previous"})  # past only of a time: "last week", not "the last troops"


def _subject_noun_patterns(subj: Token, lex: Lexicon) -> list[Pattern] | None:
    """The noun patterns of an event noun told as a subject: "air strikes" are airstrikes; "drone strikes" are not
    labour strikes, and are no event noun of their own (``occurrence_compound_nouns``)."""
    compounds = [c for c in _ch(subj) if c.dep_ == "compound" and c.pos_ == "NOUN"]
    joined = lex.nouns.get(compounds[-1].lower_ + _lemma(subj)) if compounds else None
    if compounds and not joined and _lemma(subj) in lex.mod["occurrence_compound_nouns"]:
        return None
    return joined or lex.nouns.get(_lemma(subj))


def _told_subject_event(noun: Token, pattern: Pattern, lex: Lexicon) -> bool:
    """The event noun ``noun``, subject of a verb that is no event, tells an event of its own: it names its doer
    (a possessor, a country or name in front, "by"/"between", the parties or the forces after "of"), is not dated
    to the past ("the 1974 invasion", "last year's talks") and is not of a kind told mostly as background
    (``subject_event_excluded_roots``) unless its agent is named or it is dated to the day of the news
    (``news_day_words``: "an Israeli air strike on Gaza City on Saturday")."""
    if pattern.lemma in lex.mod["occurrence_compound_nouns"]:
        return False  # "an Israeli strike on Iranian sites raised tensions" is no labour strike
    if pattern.lemma in lex.mod["body_nouns"]:
        return False  # "the US embassy in Kyiv condemned the strike": who condemned
    if pattern.cameo[:2] in lex.mod["subject_event_excluded_roots"]:
        # violence with its agent named ("the killing of three soldiers by Indian troops sparked outrage") or dated
        # to the day of the news ("an Israeli air strike on Gaza City on Saturday flattened ...") is told as news,
        # not background
        days = lex.mod["news_day_words"]
        if pattern.cameo[:2] == "01" or not (
                any(c.dep_ == "prep" and c.lower_ == "by" and _children(c, "pobj") for c in _ch(noun))
                or any(t.lower_ in days for t in noun.subtree)
                or any(t.lower_ in days for c in _ch(noun.head) if c.i != noun.i and (
                    c.dep_ == "npadvmod" or (c.dep_ == "prep" and c.lower_ == "on")) for t in c.subtree)):
            return False
    doer = any(c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and (c.pos_ == "PROPN" or c.ent_type_ in (
        "NORP", "GPE", "ORG", "PERSON"))) or (c.dep_ == "prep" and c.lower_ in ("by", "between")) for c in _ch(noun))
    doer = doer or bool(_parties_of(noun, pattern, lex)) or (
        # "the departure of the last American troops": whose forces leave or arrive leaves or arrives
        _lemma(noun) in lex.mod["agentive_of_nouns"] and any(
            t.ent_type_ in ("NORP", "GPE", "ORG") for o in _prep_objects(noun, "of") for t in o.subtree))
    if not doer:
        return False
    # "last year's talks" are past; "the departure of the last American troops" is not
    return not any((t.lower_ in lex.mod["past_markers"] and (
        t.lower_ not in _ORDINAL_MARKERS or _lemma(t.head) in lex.mod["temporal_nouns"])) or (
        t.like_num and t.shape_ == "dddd") for t in noun.subtree)


def _parties_of(noun: Token, pattern: Pattern, lex: Lexicon) -> list[Token]:
    """The coordinated parties of a reciprocal event noun after "of": "a meeting of Donald Trump and Kim Jong Un"."""
    if pattern.lemma not in lex.mod["reciprocal_lemmas"]:
        return []
    objects = _prep_objects(noun, "of")
    return objects if len(objects) > 1 else []


def _occurs(tok: Token, lemma: str, lex: Lexicon) -> bool:
    """``tok`` is a verb of occurrence (``occurrence_verbs``): "erupted", "broke out", "took place"."""
    verbs = lex.mod["occurrence_verbs"]
    if lemma in verbs:
        return True
    return any(f"{lemma} {c.lower_}" in verbs for c in _ch(tok) if c.dep_ in ("prt", "advmod", "dobj"))


def _assistance(tok: Token, lex: Lexicon) -> Iterator[tuple[Pattern, Token]]:
    """'X did Y with the help of Z': Z assists X ("gained power with the help of the CSTO")."""
    for prep in _ch(tok):
        if prep.dep_ != "prep" or prep.lower_ not in ("with", "through", "thanks"):
            continue
        for noun in _ch(prep):
            if noun.dep_ == "pobj" and _lemma(noun) in lex.assistance:
                yield lex.assistance[_lemma(noun)], noun


def _territory_target(tok: Token, pattern: Pattern, noun: Token | None, actors: DocumentActors,
                      lex: Lexicon) -> list[Mention]:
    """An event on territory with no named owner ("annexation of settlements in the north") targets the country
    the article is about, if the source is foreign to it. Only the event's own object phrase counts: "kidnapped
    advisers from a town bazaar" is not an event on the town."""
    if not actors.focus or int(pattern.cameo[:2]) < 10:
        return []
    phrases = [noun] if noun is not None else [*_children(tok, "dobj"), *(
        o for p in _ch(tok) if p.dep_ == "prep" and p.lower_ == pattern.prep for o in _children(p, "pobj"))]
    territory = lex.mod["territory_nouns"]
    for phrase in phrases:
        for t in phrase.subtree:
            if t.pos_ == "NOUN" and _lemma(t) in territory:
                return actors.focus_mentions(t)
    return []


def implied_target(draft: Draft, location: Location | None, actors: DocumentActors, lex: Lexicon) -> Mention | None:
    """The target of an event that names none, where the event implies one (rule ``implied_target`` in
    modality.json): the country of the place it was done to ("lifted a curfew in Algiers" -> DZA), else, for acts
    aimed at one's own polity, the source's own country ("students demonstrated" -> the students' country) when
    the sentence names no other country.
    Labelled by its layer and given a low confidence, so a user can tell it from a named target."""
    rule = lex.mod_rules.get("implied_target")
    if rule is None or draft.target is not None or draft.source is None or draft.source.actor is None:
        return None
    root = draft.cameo[:2]
    source = draft.source.actor
    # a refused or threatened act is domestic when the act is: "declined to resign", "threatened a curfew"
    code = draft.pattern.cameo if draft.modality in ("threat", "refused", "intent") else draft.cameo
    if draft.modality in ("asserted", "intent") and any(code.startswith(p) for p in rule.get("untargeted", ())):
        return None  # "the president resigned", "agreed to resign": aimed at no one
    if (location is not None and location.country and location.precision != "country-fallback"
            and root in rule["place_roots"] and location.country != "IGO"
            and not _own_ground(code, location.country, source, lex)):
        return actors.country_mention(location.country, draft.trigger, "implied-place", location.text, 0.5)
    sent = draft.trigger.sent
    act = code[:2]
    foreign = any(code.startswith(prefix) for prefix in rule.get("domestic_excluded", ()))
    nonstate = act not in rule.get("nonstate_roots", ()) or (
        source.sector is not None and source.sector not in rule.get("state_sectors", ()))
    if (act in rule["domestic_roots"] and not foreign and nonstate and source.country and not source.org
            and source.sector not in rule["domestic_source_sectors_excluded"]
            # with another country named in the sentence, the event may well be aimed at it: no guess
            and actors.countries_between(sent.start, sent.end) <= {source.country}):
        name = actors.kb.countries.get(source.country, {}).get("name", source.country)
        return actors.country_mention(source.country, draft.trigger, "implied-domestic", name, 0.4)
    return None


def implied_source(draft: Draft, location: Location | None, actors: DocumentActors, lex: Lexicon) -> Mention | None:
    """The doer of a bombing that names none (rule ``unattributed_bombing`` in modality.json): an unidentified armed
    group of the country where it went off ("a roadside bomb killed three soldiers near Kandahar" -> AFGUAF),
    labelled by its layer and given a low confidence, so a user can tell it from a named doer."""
    rule = lex.mod_rules.get("unattributed_bombing")
    if (rule is None or draft.source is not None or draft.modality != "asserted" or location is None
            or not location.country or location.country == "IGO" or location.precision == "country-fallback"
            or not any(draft.cameo.startswith(code) for code in rule["codes"])):
        return None
    return actors.country_mention(location.country, draft.trigger, "implied-place", str(rule["name"]), 0.4,
                                  sector=str(rule["sector"]))


def _own_ground(code: str, country: str | None, doer: Actor | None, lex: Lexicon) -> bool:
    """De-escalation (``domestic_excluded``) by a state in its own country is aimed at an adversary, and the country
    is only where it applies: "the Ethiopian government declared a unilateral ceasefire in Tigray" targets no one
    named; "Kurdish militants gave up their weapons in Iraq" still yield to Iraq."""
    rule = lex.mod_rules.get("implied_target", {})
    return bool(doer is not None and country and country == doer.country
                and doer.sector in (None, *rule.get("state_sectors", ()))
                and any(code.startswith(prefix) for prefix in rule.get("domestic_excluded", ())))


def locate_actor(mention: Mention | None, location: Location | None, actors: DocumentActors,
                 lex: Lexicon, *, source: bool = True, root: str = "", doer: Mention | None = None
                 ) -> Mention | None:
    """An actor named only by its sector ("militants", "demonstrators") gets the country of the place where the
    event happened or that the sentence names, else, as a source, the country the article is about
    (``located_sectors`` in modality.json);
    the mention's layer (implied-place, implied-focus) and a lower confidence say it was inferred. Victims are
    placed only by a place, or as the people a state coerces (``domestic_victim_roots``): by the state's country,
    or as people of the only country the whole article names; otherwise their nationality is not the article's."""
    rule = lex.mod_rules.get("implied_target", {})
    if mention is None or mention.actor is None:
        return mention
    actor = mention.actor
    head = actors.doc[mention.head] if mention.head >= 0 else None
    if (head is not None and actor.country and actor.sector == "CVL" and not actor.org and location is not None
            and location.country and location.country != actor.country and location.precision != "country-fallback"
            and any(t.lower_ == "ethnic" for t in head.lefts)):
        # "ethnic Albanians ... in southeastern Serbia": an ethnic group is coded by the country it lives in
        located = dataclasses.replace(actor, country=location.country, code=f"{location.country}CVL")
        return dataclasses.replace(mention, actor=located, layer="ethnic-residence",
                                   confidence=min(mention.confidence, 0.6))
    if actor.country or actor.org or actor.sector not in rule.get("located_sectors", ()):
        return mention
    if head is not None and (head.pos_ == "PROPN" or head.ent_type_ == "PERSON"):
        # a named person's nationality is not guessed ("President Bush" in a story about Russia), unless the
        # person holds a state office and the sentence names no country but the article's ("Judge Alejandro
        # Rivera opened investigations against 28 Chilean officials")
        if (actors.focus and actor.sector in rule.get("state_sectors", ())
                and actors.countries_between(head.sent.start, head.sent.end) == {actors.focus}):
            located = dataclasses.replace(actor, country=actors.focus, code=f"{actors.focus}{actor.sector}")
            return dataclasses.replace(mention, actor=located, layer="implied-focus",
                                       confidence=min(mention.confidence, 0.4))
        return mention
    if location is not None and location.country:
        # the place of the event, or a place the sentence names ("23 people ... in Tel Aviv", "In Yerevan, police
        # detained protesters who blocked streets"): nearer evidence than the country the article is about
        country, layer = location.country, "implied-place"
    elif actors.focus and source and not (head is not None and actors.of_several(head)):
        country, layer = actors.focus, "implied-focus"  # the doers: the people the article is about
    elif (not source and root in rule.get("domestic_victim_roots", ()) and doer is not None and doer.actor
          and doer.actor.country and not doer.actor.org and doer.actor.sector in rule.get("state_sectors", ())):
        # "Egyptian police dispersed demonstrators": a state coerces people of its own country
        country, layer = doer.actor.country, "implied-domestic"
    elif (not source and actors.focus and actors.article_countries == {actors.focus}
          and not (actor.sector == "REF" and doer is not None and doer.actor is not None
                   and doer.actor.country == actors.focus)):
        # "Boko Haram fighters abducted 40 schoolgirls", in an article that names no country but Nigeria; refugees
        # are of that country when others help them ("UN food aid to refugees fleeing the war in Liberia"), not
        # when it shelters them ("Rohingya refugees were given shelter by Bangladesh")
        country, layer = actors.focus, "implied-focus"
    else:
        return mention
    located = dataclasses.replace(actor, country=country, code=f"{country}{actor.sector}")
    return dataclasses.replace(mention, actor=located, layer=layer, confidence=min(mention.confidence, 0.45))


@dataclass(frozen=True, slots=True)
class _CollectorRules:
    """The rules that recode an event as it is collected, read once per lexicon."""

    irregular: frozenset[str]
    civil: frozenset[str]
    sites: frozenset[str]
    irregular_code: str | None
    military_means: tuple[str, ...]
    rioters: frozenset[str]
    riot_roots: frozenset[str]
    riot_code: str | None


@functools.cache
def _collector_rules(lex: Lexicon) -> _CollectorRules:
    rule = lex.mod_rules.get("unconventional_violence", {})
    riot = lex.mod_rules.get("riot_subjects", {})
    return _CollectorRules(
        frozenset(rule.get("source_sectors", ())), frozenset(rule.get("target_sectors", ())),
        frozenset(rule.get("target_sites", ())), rule.get("code"), tuple(rule.get("military_means", ())),
        frozenset(riot.get("words", ())), frozenset(riot.get("roots", ())), riot.get("code"))


class _Collector:
    """Drafts of one sentence, without duplicates."""

    def __init__(self, lex: Lexicon) -> None:
        self.drafts: list[Draft] = []
        self.seen: set[tuple[Any, ...]] = set()
        self._lex = lex
        self._rules = _collector_rules(lex)

    def add(self, tok: Token, pattern: Pattern, code: str, source: Mention | None, target: Mention | None,
            modality: str, noun: Token | None, anchor: Token | None = None) -> None:
        r = self._rules
        if (code[:2] == "19" and r.irregular_code and source and source.actor
                and not code.startswith(r.military_means)
                and source.actor.sector in r.irregular
                and target is not None and target.actor and (target.actor.sector in r.civil or (
                    # "gunmen stormed the Westgate shopping mall (in Nairobi)": a place where civilians are
                    (target.head >= 0 and tok.doc[target.head].lemma_.lower() in r.sites)
                    or any(_lemma(o) in r.sites for o in _children(tok, "dobj"))))):
            code = r.irregular_code  # militants killing villagers: unconventional violence (18)
        if code[:2] in ("18", "19") and source is not None and _mass_killing(tok, self._lex):
            # "killed hundreds of civilians": a mass killing, where its doer is named ("the war has killed tens of
            # thousands" is a toll)
            code = str(self._lex.mod_rules["mass_killing"]["code"])
        if r.riot_code and code[:2] in r.riot_roots and source is not None and any(
                tok.doc[i].lemma_.lower() in r.rioters for i in range(source.token_start, source.token_end)):
            code = r.riot_code  # "Iraqi protesters stormed the US embassy": a violent protest (``riot_subjects``)
        key = (tok.i, code, source.actor if source else None, target.actor if target else None)
        if key in self.seen:
            return
        self.seen.add(key)
        conf = _confidence(pattern, source, target, modality)
        self.drafts.append(Draft(tok, pattern, code, source, target, modality, conf, noun, anchor or tok))


def _assistance_events(tok: Token, actors: DocumentActors, lex: Lexicon, out: _Collector) -> None:
    for pattern, helper_noun in _assistance(tok, lex):
        status = _status(tok, lex)
        if status.modality == "skip" or _negated(tok, lex):
            continue
        helpers = _actors(actors, [t for p in _ch(helper_noun) if p.dep_ == "prep" and p.lower_ == "of"
                                   for o in _children(p, "pobj") for t in _conjuncts(o)])
        subjects, _ = _subjects(tok, status)
        helped = _actors(actors, subjects, target=True)
        for source in helpers:
            for target in helped or [None]:
                if target is None or not _same(source, target):
                    out.add(tok, pattern, pattern.cameo, source, target, "asserted", helper_noun)


def _reaction_events(tok: Token, actors: DocumentActors, lex: Lexicon, out: _Collector) -> bool:
    """"X drew criticism from Y", "X won praise from Y": Y criticises or praises X (``reaction_verbs``). True when
    the verb tells such a reaction by someone named (it then tells nothing of its own: "met criticism from Russia"
    is no meeting)."""
    if _lemma(tok) not in lex.mod["reaction_verbs"]:
        return False
    for obj in _children(tok, "dobj"):
        pattern = _best(lex.nouns.get(_lemma(obj), []), obj)
        if pattern is None or pattern.cameo[:2] not in lex.mod["reaction_roots"]:
            continue
        reactors = [*_prep_objects(tok, "from"), *_prep_objects(obj, "from")]
        if not reactors:
            return False  # "the killing sparked outrage": the subject may tell an event of its own
        status = _status(tok, lex)
        if status.modality != "asserted" or _negated(tok, lex):
            return True
        subjects, _ = _subjects(tok, status)
        objects = _actors(actors, subjects, target=True, generic=True)
        for source in _actors(actors, reactors, generic=True):
            for target in objects or [None]:
                if target is None or not _same(source, target):
                    out.add(tok, pattern, pattern.cameo, source, target, "asserted", obj)
        return True
    return False


def _reporters(reporter: Token, actors: DocumentActors, lex: Lexicon) -> list[Mention]:
    """Who says what a clause tells, where ``reporter`` is a verb of saying that happened and that does not make the
    clause an agreement, an admission or a denial (``obligation_excluded_reporters``); [] otherwise."""
    if (_lemma(reporter) not in lex.mod["report_verbs"] or _lemma(reporter) in lex.mod["obligation_excluded_reporters"]
            or _status(reporter, lex).modality == "skip"):
        return []
    subjects = _children(reporter, "nsubj")
    return _actors(actors, _conjuncts(_misparsed_subject(subjects[0])) if subjects else [], generic=True)


def _obligation_events(tok: Token, actors: DocumentActors, lex: Lexicon, out: _Collector) -> None:
    """"X said that Y must do Z": X demands that Y do Z (CAMEO 10), whatever Z is."""
    if tok.dep_ != "ccomp" or not any(a in lex.mod["obligation_aux"] for a in _aux(tok)):
        return
    reporter = tok.head
    sources = _reporters(reporter, actors, lex)  # "agreed that their countries should cooperate": no demand
    obliged, _ = _subjects(tok, _Status("asserted"))
    targets = _actors(actors, obliged, target=True, generic=True)
    code = lex.mod_codes["obligation_code"]
    pattern = Pattern(f"{code}-must", "verb", "must", None, None, None, code, None, -1)
    for source in sources:
        for target in targets or [None]:
            if target is None or not _same(source, target):
                out.add(reporter, pattern, code, source, target, "asserted", None)


def _commanded(tok: Token, actors: DocumentActors, lex: Lexicon) -> tuple[list[Mention], list[Mention]] | None:
    """Who orders whom at ``tok``, where the order is a demand on another party (``command_verbs``): "the Security
    Council ordered Iraq to withdraw", "Russia was ordered by the ICJ to suspend its operations", "a judge ordered
    the former president to appear". None where it is no such order, or where those ordered serve the one who
    orders (``command_subordinates`` of the same country: "Putin ordered Russian troops to withdraw" is told as the
    withdrawal itself); a court's order is a demand even on its own country's officials."""
    if _lemma(tok) not in lex.mod["command_verbs"]:
        return None
    clause = [c for c in _ch(tok) if c.dep_ in ("xcomp", "advcl", "ccomp") and _infinitive(c)]
    if not clause:
        return None
    passive = bool(_children(tok, "nsubjpass"))
    # spaCy often reads the one ordered as the subject of the infinitive: "ordered Israel to withdraw"
    ordered = _children(tok, "nsubjpass") if passive else _children(tok, "dobj") or _children(clause[0], "nsubj")
    if not ordered:
        return None
    orderers = _passive_agents(tok) if passive else _children(tok, "nsubj")
    sources = _actors(actors, [t for o in orderers for t in _conjuncts(_antecedent(o, tok))], generic=True)
    targets = _actors(actors, _conjuncts(ordered[0]), target=True, generic=True)
    if not sources or not targets:
        return None
    subordinate = lex.mod["command_subordinates"]
    homes = {m.actor.country for m in sources if m.actor and m.actor.country and m.actor.sector != "JUD"}
    if all(t.actor and t.actor.country in homes and (t.actor.sector in subordinate or (
            t.actor.code == t.actor.country and ordered[0].pos_ == "NOUN")) for t in targets):
        return None
    return sources, targets


def _command_events(tok: Token, actors: DocumentActors, lex: Lexicon, out: _Collector) -> None:
    """An order to another party is a demand on it (CAMEO 10, ``command_code``); what it orders is not told as
    done (see ``_commanded``)."""
    found = _commanded(tok, actors, lex)
    if found is None or _negated(tok, lex):
        return
    status = _status(tok, lex)
    if status.modality != "asserted":
        return
    code = lex.mod_codes["command_code"]
    pattern = Pattern(f"{code}-order-to", "verb", _lemma(tok), None, None, None, code, None, -1)
    ordered_acts = {_lemma(c) for c in _ch(tok) if c.dep_ in ("xcomp", "advcl", "ccomp")}
    for acts, patterns in (("command_departures", "command_departure_patterns"),
                           ("command_closures", "command_closure_patterns")):
        if ordered_acts & lex.mod[acts]:
            # "ordered ten Estonian diplomats to leave the country": an expulsion; "ordered the opposition newspaper
            # El Nacional to halt publication": a closure; coded as the verbs of ``command_*_patterns`` code their
            # objects
            act = next((p for lemma in sorted(lex.mod[patterns])
                        if (p := _best(lex.verbs.get(lemma, []), tok)) is not None), None)
            if act is not None:
                pattern, code = act, act.cameo
                break
    sources, targets = found
    for source in sources:
        for target in targets:
            if not _same(source, target):
                out.add(tok, pattern, code, source, target, "asserted", None)


def _attempted_code(tok: Token, pattern: Pattern, lex: Lexicon) -> str | None:
    """"An attempt to assassinate the governor was thwarted": the attempt is an event of its own (CAMEO 185), told
    as having happened unless what is said of the attempt is negated or hypothetical (``attempted_codes``)."""
    rule = lex.mod_rules.get("attempted_codes")
    if rule is None or pattern.cameo not in rule["codes"] or not _infinitive(tok):
        return None
    if tok.dep_ in ("xcomp", "advcl") and _lemma(tok.head) in rule["verbs"]:
        verb = tok.head  # "gunmen tried to assassinate the mayor"
    elif tok.dep_ == "acl" and _lemma(tok.head) in rule["nouns"] and tok.head.head.pos_ in ("VERB", "AUX") and not any(
            c.dep_ == "det" and c.lower_ in ("no", "neither") for c in _ch(tok.head)):
        verb = tok.head.head  # "an attempt to assassinate the governor was thwarted"
    else:
        return None
    if _negated(verb, lex) or _status(verb, lex).modality == "skip":
        return None
    return str(rule["codes"][pattern.cameo])


def _responsibility_events(tok: Token, actors: DocumentActors, lex: Lexicon, out: _Collector) -> None:
    """"X said Y was responsible for / behind the attacks": X accuses Y (``responsibility_words``); "Hamas said it
    was behind the attack" claims it, and "denied that Iran was behind it" accuses nobody."""
    if tok.dep_ != "ccomp" or _lemma(tok) != "be" or _negated(tok, lex):
        return
    words = lex.mod["responsibility_words"]
    if not (any(_lemma(c) in words for c in _ch(tok) if c.dep_ == "acomp")
            or any(c.lower_ in words for c in _ch(tok) if c.dep_ == "prep")):
        return
    if any(a in lex.mod["hypothetical_aux"] for a in _aux(tok)):
        return
    reporter = tok.head
    sources = _reporters(reporter, actors, lex)
    accused = [t for s in _children(tok, "nsubj") if s.pos_ != "PRON" for t in _conjuncts(s)]
    targets = _actors(actors, accused, target=True, generic=True)
    code = lex.mod_codes["responsibility_code"]
    pattern = Pattern(f"{code}-responsible", "verb", "be", None, None, None, code, None, -1)
    for source in sources:
        for target in targets:
            if not _same(source, target):
                out.add(reporter, pattern, code, source, target, "asserted", None)


def _pattern_events(tok: Token, actors: DocumentActors, lex: Lexicon, out: _Collector) -> None:
    for pattern, noun in _candidates(tok, lex, functools.partial(_is_place, actors=actors)):
        negated = _negated(tok, lex) or (noun is not None and _negated(noun, lex))
        status = _status(tok, lex)
        attempted = _attempted_code(tok, pattern, lex)
        if attempted:
            pattern = dataclasses.replace(pattern, cameo=attempted)
            # whoever tried, or made the attempt ("gunmen made an attempt to ..."), did it
            doer = tok.head if tok.dep_ != "acl" else tok.head.head if tok.head.dep_ == "dobj" else None
            status = _Status("asserted", doer)
        if status.modality == "skip":
            continue
        if (tok.dep_ in ("xcomp", "advcl", "ccomp") and _lemma(tok.head) in lex.mod["command_verbs"]
                and _infinitive(tok) and _commanded(tok.head, actors, lex)):
            continue  # "the Security Council ordered Iraq to withdraw": a demand (``_command_events``), not done
        if (noun is not None and status.modality == "asserted" and _lemma(tok) in lex.mod["intent_verbs"] - {"be"}
                and pattern.cameo[:2] in lex.mod["offered_roots"]):
            # "offered concessions", "promised talks": an offer, not the act ("offered condolences" is the act)
            status = _Status("intent", tok)
        code = pattern.cameo
        if pattern.lemma in lex.mod["warning_verbs"] and pattern.objects is None and any(
                c.dep_ == "ccomp" and not _future(c, lex.mod) for c in _ch(tok)):
            continue  # "officials warned that North Korea may be preparing a nuclear test": a warning, no threat
        if int(pattern.cameo[:2]) >= 18 and noun is None and any(
                _lemma(o) in lex.mod["figurative_violence_objects"] for o in _children(tok, "dobj")):
            continue  # "the veto killed the measure", "torpedoed the deal": no violence
        instrument_code, cause = _instrument_code(tok, lex)
        if instrument_code and int(code[:2]) >= 18:
            code = instrument_code  # "a roadside bombing killed two soldiers": the bombing is the event
        tests = lex.mod_rules.get("weapon_tests")
        if tests and code[:2] in tests["roots"] and (any(
                c.dep_ in ("npadvmod", "advmod", "compound", "amod") and c.lower_ in tests["words"] for c in _ch(tok))
                or any(_lemma(o) in tests["destinations"] for o in _prep_objects(tok, "into"))):
            # "North Korea test-fired a ballistic missile", "fired two missiles into the sea": a show of force
            code = str(tests["code"])
        if negated:
            # "will not allow", "would not recognise": a rejection; "warned that it would not tolerate": threatened
            refusal = status.modality in ("intent", "threat")
            if pattern.negated and refusal and int(pattern.negated[:2]) >= 14:
                # "will no longer tolerate rallies": announcing a coercive act is threatening it
                code, modality = lex.threat_map.get(pattern.negated[:2], "130") or "130", "threat"
            elif pattern.negated and status.modality in ("asserted", "intent"):
                code, modality = pattern.negated, "refused" if refusal else "asserted"
            elif refusal and int(code[:2]) <= 8:
                code, modality = lex.refusal_map.get(code[:2], "120"), "refused"
            else:
                continue
        else:
            adjusted = _adjust_code(code, status, lex)
            if adjusted is None:
                continue
            code, modality = adjusted
            if modality in ("intent", "threat") and int(pattern.cameo[:2]) >= 18 and _posture(tok, lex):
                # "the army prepared to resume shelling": getting ready to fight is a show of force that happened
                code, modality = lex.mod_codes["posture_code"], "asserted"
        subj_tokens, passive = _subjects(tok, status, lex.mod["document_nouns"])
        if int(code[:2]) >= 17 and _disaster(tok, [] if passive else subj_tokens, lex):
            continue  # "the earthquake killed 50,000 people": a disaster (``natural_hazards``), not violence
        parties = False  # the sources are the parties of an event noun, each acting with the other
        told = noun is not None and noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i == tok.i and (
            _told_subject_event(noun, pattern, lex) and not _occurs(tok, _lemma(tok), lex)
            and _lemma(tok) not in lex.mod["impact_verbs"])
        if told and negated:
            continue  # "the talks did not produce a deal": what did not happen is the verb, not the talks
        # "China's detention of two Canadians strained ties with Ottawa", "went to Cairo for talks with Israeli
        # officials": an event noun told as a subject or as what a journey is for has its parties in its own phrase
        own_phrase = told or (noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "for"
                              and noun.head.head.i == tok.i)
        if passive and _lemma(tok) in lex.mod["stative_passives"] and not _passive_agents(tok):
            passive = False  # "Israel is opposed to the plan": a state of the subject, not a passive act
        if told and passive:
            # "Jaruzelski's imposition of martial law on Sunday was accompanied by ...": the event noun tells its
            # doer itself
            passive, subj_tokens = False, [noun]
        if passive:
            sources = _actors(actors, _passive_agents(tok), generic=True)
            if not sources:
                # "aid was delivered by Jordanian planes": the owner of the thing that did it
                sources = [m for t in _passive_agents(tok) if t.pos_ == "NOUN"
                           for m in actors.actors_for(t, target=True) if _is_specific(m)]
            if not sources and instrument_code and cause is not None and cause.dep_ == "pobj":
                # "hundreds were killed in the Israeli bombardment of Gaza": whose bombardment it was; "in an
                # ambush by Maoist rebels": who ambushed
                # ("an air strike in Gaza" is not Gaza's: a place after the noun says where, not whose)
                owners = [t for t in cause.lefts if t.dep_ in ("amod", "compound", "poss", "nmod")]
                sources = [m for m in actors.actors_for(cause, target=True) if _is_specific(m)] if any(
                    t.i in actors.by_token for o in owners for t in o.subtree) else []
                sources = sources or _actors(actors, _prep_objects(cause, "by"), generic=True)
            if not sources and _lemma(tok) in lex.mod["reciprocal_lemmas"]:
                # "a trade agreement was signed between India and the UAE": the parties, each with the other
                sources = _actors(actors, _prep_objects(tok, "between"), generic=True)
            own_side = not sources and (any(pattern.cameo.startswith(c) for c in lex.mod["self_passive_codes"])
                                        or pattern.lemma in lex.mod["self_passive_lemmas"]
                                        or f"{pattern.lemma} {pattern.particle}" in lex.mod["self_passive_lemmas"])
            if own_side:
                # "thousands of FARC rebels have been demobilized", "UN peacekeepers were withdrawn from Kidal":
                # the fighters' own side stood them down or pulled them out (not the place they left)
                sources = _actors(actors, subj_tokens, generic=True)
                subj_tokens = []
            prep = next((v for k, v in lex.mod_rules.get("passive_source_preps", {}).items()
                         if pattern.cameo.startswith(k)), None)
            if not sources and prep:
                # "a French journalist was expelled from Algeria", "the ambassador was summoned to the Turkish
                # foreign ministry": the state expelling or summoning
                sources = [m for o in _prep_objects(tok, prep) for m in actors.actors_for(o)
                           if m.actor is not None and m.actor.country and not m.actor.org]
            # "the missiles were launched from near Pyongyang": a weapon used the way its code says is what was
            # used, not whom it was used on, and whoever owns it used it ("a Russian bomber was shot down": 190 is
            # not how a bomber is used, it is the target)
            weapons = [t for t in subj_tokens if _lemma(t) in lex.materiel
                       and lex.weapons[_lemma(t)].cameo[:3] == pattern.cameo[:3]]
            if weapons:
                sources = sources or [m for t in weapons for m in actors.actors_for(t, target=True)
                                      if m.actor is not None]
                subj_tokens = [t for t in subj_tokens if t not in weapons]
            targets = _actors(actors, subj_tokens, target=True, generic=True)
            homes = {m.actor.country for m in sources if m.actor and m.actor.country}
            if targets and homes and all(t.actor and t.actor.country in homes for t in targets):
                # "France's ambassadors to the US and Australia were recalled by Paris": to where they serve
                targets = _actors(actors, [o for t in subj_tokens for o in _prep_objects(t, "to")], target=True,
                                  generic=True) or targets
            if not targets:
                # the passive subject is the target; "indicted for his part in atrocities during the fight against
                # Serb forces" does not target the Serbs as well
                tiers = _target_tiers(tok, pattern, noun, lex.mod["clause_target_roots"], lex.mod["temporal_nouns"],
                                      lex.nouns, lex.mod["venue_roots"], lex.mod["reason_nouns"])
                targets = _choose_targets(actors, tiers, None)
                if weapons:
                    # "launched from north of Pyongyang": where a weapon was used from, in the user's own country
                    homes = {m.actor.country for m in sources if m.actor and m.actor.country}
                    targets = [t for t in targets if not (t.actor and t.actor.country in homes)]
        else:
            sources = _actors(actors, subj_tokens, generic=True)
            instrument = _object_of(tok, pattern.prep) if pattern.objects is not None else None
            tiers = _target_tiers(tok, pattern, noun, lex.mod["clause_target_roots"], lex.mod["temporal_nouns"],
                                      lex.nouns, lex.mod["venue_roots"], lex.mod["reason_nouns"])
            if own_phrase:
                assert noun is not None
                tiers = ([t for t in tier if noun.left_edge.i <= t.i <= noun.right_edge.i] for tier in tiers)
            targets = _choose_targets(actors, tiers, instrument, violent=int(pattern.cameo[:2]) >= 16 and (
                instrument is not None and _lemma(instrument) not in lex.weapons
                and _lemma(instrument) not in lex.materiel), sources=sources)  # "fired two missiles": no victims
            if _lemma(tok) in lex.mod["topic_verbs"]:
                # "Putin and Xi discussed Ukraine": what is discussed is no party to the talks; the party may hang
                # on it ("discussed energy cooperation with Tokayev")
                party = {t.i for o in _children(tok, "dobj") for p in o.subtree if p.dep_ == "prep"
                         and p.lower_ == "with" for t in p.subtree}
                topic = {t.i for o in _children(tok, "dobj") for t in o.subtree} - party
                targets = [t for t in targets if t.head not in topic]
            if pattern.cameo[:2] in lex.mod["grievance_roots"] and pattern.prep == "to" and targets:
                # "Syria complained to the United Nations over three Turkish air raids": the complaint is about
                # Turkey, made to the UN; whom it is about, where it names someone, is the target
                about = [m for m in _actors(actors, [o for w in ("over", "about", "against") for o in
                                                     _prep_objects(tok, w)], target=True, generic=True)
                         if _is_specific(m)]
                targets = about or targets
            refuge = lex.mod_rules.get("refuge_requests")
            if (not targets and refuge and pattern.cameo == refuge["code"] and instrument is not None
                    and _lemma(instrument) in refuge["objects"]):
                # "sought refuge in Jordan": asylum is asked of the country where it is sought
                targets = [m for m in _actors(actors, [o for h in (tok, instrument) for w in sorted(refuge["preps"])
                                                       for o in _prep_objects(h, w)], target=True) if _is_specific(m)]
            if not targets:
                targets = _territory_target(tok, pattern, noun, actors, lex)
        if noun is not None and not sources and noun.dep_ in ("nsubj", "nsubjpass", "attr"):
            # the event noun is the subject ("Israeli air strikes on Gaza continued"): the country or people it
            # belongs to ("riots by Kenyan students erupted"), else the parties between whom it happened
            # ("clashes between Indian and Chinese troops broke out": each with the other, below)
            # ... and first its agent: "the killing of three soldiers by Indian troops"
            # ... and the parties "between" whom it happened before the place in front ("the Hanoi summit between
            # Trump and Kim")
            between = _prep_objects(noun, "between")
            sources = _actors(actors, _prep_objects(noun, "by"), generic=True) or (
                _actors(actors, between, generic=True) if len(between) > 1 else []) or [
                m for m in actors.actors_for(noun, target=True) if m.actor is not None]
            parties = len(between) > 1 and len(sources) > 1
            if not sources:
                # "a phone call between Putin and Biden", "a meeting of Trump and Kim": each with the other
                sources = _actors(actors, _prep_objects(noun, "between"), generic=True) or _actors(
                    actors, _parties_of(noun, pattern, lex), generic=True)
                parties = len(sources) > 1
        elif noun is not None and not sources:
            sources = _actors(actors, [t for t in noun.lefts if t.dep_ in ("poss", "amod", "compound")],
                              generic=True)
        if pattern.subjects is not None:
            # a country acting as a whole ("Russia withdrew") stands for its state and armed forces; with a
            # preposition and no object class, only where the object is a place ("withdrew from Kherson", not
            # "withdrew from the UN referendum")
            as_whole = bool(pattern.subjects & {"GOV", "MIL"}) and (
                pattern.objects is not None or pattern.prep is None or _place_object(tok, pattern.prep, actors))
            sources = [m for m in sources if m.actor and (m.actor.sector in pattern.subjects or (
                m.actor.sector is None and m.actor.country and not m.actor.org and as_whole))]
        if not sources and not passive and pattern.subjects is None:
            # "Pakistani shelling killed ten civilians": the event noun's country did it; "Israeli army
            # bulldozers demolished homes": so did the weapon's or machine's (``weapon_subjects``)
            # "the shelling of Kharkiv by Russian forces killed nine": the event noun's agent first
            sources = [m for t in subj_tokens if t.pos_ == "NOUN" and _lemma(t) in lex.nouns
                       for m in _actors(actors, _prep_objects(t, "by"), generic=True)] or [
                m for t in subj_tokens if t.pos_ == "NOUN" and (_lemma(t) in lex.nouns or _lemma(t) in lex.weapons)
                for m in actors.actors_for(t, target=True) if m.actor is not None]
        if any(_is_specific(m) for m in sources):
            sources = [m for m in sources if _is_specific(m)]  # "US warplanes and warships": US, not just MIL
        if code[:2] == "01" and not any(_is_specific(m) for m in sources):
            continue  # "researchers said": a statement counts only from a political actor
        anchor = status.controller if modality in ("intent", "threat", "refused") else None
        clauses = [c for c in _ch(tok) if c.dep_ == "ccomp"]
        said_subjects = {t.i for c in clauses for s in _children(c, "nsubj") for t in s.subtree}
        if (modality == "threat" or code[:2] == "13") and not targets:
            # "threatened to stop the talks if the United States deploys missiles": the condition's doer
            targets = _actors(actors, _condition_subjects(tok, status.controller, lex), target=True)
        elif code[:2] == "13" and targets and all(
                t.actor and t.actor.code == t.actor.country and t.token_start in said_subjects
                and any(s.actor and t.actor.country == s.actor.country for s in sources) for t in targets):
            # "Peskov warned that Russia would respond militarily against Ukraine if Kyiv joined NATO": the
            # threatener's own state, the subject of what it warns of, is no target; whom the warned act is aimed
            # at is
            aimed = [t for c in clauses for o in _children(c, "dobj") for t in _conjuncts(o)]
            aimed += [t for c in clauses for p in _ch(c) if p.dep_ == "prep" and p.lower_ in _TARGET_PREPS
                      for t in _pobjs(p)]
            targets = _actors(actors, aimed, target=True) or _actors(
                actors, [t for c in clauses for t in _condition_subjects(c, None, lex)], target=True)
        if not sources and told:
            continue  # an event noun told as the subject of another verb counts only with its doer
        if not sources:
            # "Three soldiers were killed", "a roadside bomb killed two soldiers": no known doer, but a known
            # victim; the event is coded with an empty source, as a human coder would.
            # ... except in a relative clause, which describes what it hangs on: "Montenegro, where 28 people have
            # been killed this year", "air raids in which 20 people were killed"; nor a participle that describes a
            # thing ("drills in six zones encircling Taiwan")
            if targets and pattern.subjects is None and int(code[:2]) >= 14 and (
                passive or not _is_person_like(subj_tokens)
            ) and not any(t.dep_ == "relcl" for t in (tok, *tok.ancestors)) and not (
                    tok.dep_ == "acl" and tok.tag_ == "VBG" and _lemma(tok.head) not in lex.mod["document_nouns"]):
                for target in targets[:3]:
                    out.add(tok, pattern, code, None, target, modality, noun, anchor)
            continue
        # "Belarus and Russia signed a treaty": each with the other; also where the only target found is one of
        # them ("Israel and Lebanon renewed negotiations on an Israeli troop pullback")
        obj = noun if noun is not None else _object_of(tok, pattern.prep) if pattern.objects is not None else None
        reciprocal = len(sources) > 1 and (
            parties or pattern.lemma in lex.mod["reciprocal_lemmas"] or _lemma(tok) in lex.mod["reciprocal_lemmas"]
            or (obj is not None and _lemma(obj) in lex.mod["reciprocal_lemmas"])) and all(
            # the same actor, not only the same country: "Ethiopian and Eritrean troops fought Tigrayan forces";
            # a place of one of them is where it happened ("exchanged fire across the Line of Control in Kashmir")
            t.actor is not None and any(s.actor is not None and (s.actor.code == t.actor.code or (
                t.actor.code == t.actor.country == s.actor.country)) for s in sources)
            for t in targets)
        if reciprocal and pattern.cameo in lex.reciprocal_codes and not negated:
            # "French and Egyptian warships launched war games": military cooperation (062), not a show of force
            joint = _adjust_code(lex.reciprocal_codes[pattern.cameo], status, lex)
            if joint is not None:
                code, modality = joint
        for source in sources:
            if reciprocal:
                targets = [m for m in sources if not _same(m, source)]
            chosen = [t for t in targets if not _same(t, source) and not (
                t.actor and source.actor and t.actor.code == source.actor.code) and not (
                # "Israeli jets struck the hospital": a place or people the article's country only guesses are not
                # the attacker's own
                t.layer in ("territory", "focus") and t.actor and source.actor
                and t.actor.country == source.actor.country and (t.layer == "territory" or int(code[:2]) >= 18)
            ) and not (
                t.actor and t.actor.code == t.actor.country and _own_ground(code, t.actor.country, source.actor, lex)
            )] or [None]
            home = source.actor.country if source.actor else None
            if home and not reciprocal and any(t is not None and t.actor and t.actor.country not in (None, home)
                                               for t in chosen):
                # "blocked streets in Hong Kong in defiance of Chinese authorities": aimed abroad, the own
                # country beside is the place
                chosen = [t for t in chosen if t is None or not t.actor or t.actor.country != home]
            for target in chosen[:3]:
                out.add(tok, pattern, code, source, target, modality, noun, anchor)


def _mass_killing(tok: Token, lex: Lexicon) -> bool:
    """``tok`` kills a large number of people who are not fighters (``mass_killing``): "killed hundreds of Syrian
    civilians", "hanged as many as 13,000 people", "executed thousands of men and boys"; not "killed 300 soldiers"."""
    rule = lex.mod_rules.get("mass_killing")
    if rule is None or _lemma(tok) not in rule["verbs"]:
        return False
    objs = _children(tok, "dobj") or (_children(tok, "nsubjpass") if _children(tok, "auxpass") else [])
    if not objs or any(_lemma(c) in lex.nouns or _lemma(c) in lex.materiel for c in _children(tok, "nsubj")):
        return False  # a toll: "the assault killed hundreds of people"
    obj = objs[0]
    units: dict[str, int] = rule["number_words"]
    count = units.get(_lemma(obj), 0) if obj.tag_ in ("NNS", "CD") else 0  # "hundreds of", "thousands of"
    victims = _measured(obj) if count else obj
    for c in (*_ch(obj), *(t for n in _ch(obj) if n.dep_ == "nummod" for t in _ch(n))):
        if c.dep_ in ("nummod", "quantmod") or c.like_num:
            digits = c.lower_.replace(",", "")
            count = max(count, int(digits) if digits.isdigit() else units.get(c.lower_.rstrip("s"), 0))
    return count >= int(rule["threshold"]) and _lemma(victims) not in rule["combatants"]


def _disaster(tok: Token, subjects: list[Token], lex: Lexicon) -> bool:
    """The doer or the setting of ``tok`` is a natural disaster or an accident: "a storm killed 20 people", "were
    killed by floods", "died in the earthquake"."""
    hazards = lex.mod["natural_hazards"]
    return any(_lemma(t) in hazards for t in (*subjects, *_passive_agents(tok), *_prep_objects(tok, "in")))


def _instrument_code(tok: Token, lex: Lexicon) -> tuple[str | None, Token | None]:
    """The code of an event noun that did what the verb says, and the noun: the subject ("a car bombing killed
    ...") or the cause ("were killed in a suicide bombing", "by an explosive device"); or of a chemical weapon it
    was done with ("killed hundreds of civilians with sarin gas": ``chemical_weapon_words``)."""
    # "a suicide bomber rammed a truck into the barracks, killing 241 servicemen": the participle's doer is the
    # subject of the verb it hangs on, and so may be what it was done with ("unleashed sarin on the subway, killing")
    holders = [tok, tok.head] if tok.dep_ == "advcl" and tok.tag_ == "VBG" and not _children(tok, "nsubj") else [tok]
    nouns = [c for h in holders for c in _ch(h) if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN"]
    nouns += [o for p in _ch(tok) if p.dep_ in ("prep", "agent") and p.lower_ in ("in", "by", "during")
              for o in _children(p, "pobj")]
    chemical = lex.mod_rules.get("chemical_weapon_words")
    if chemical:
        agents = chemical["words"]
        used = [o for h in holders for p in _ch(h) if p.dep_ == "prep" and p.lower_ == "with"
                for o in _children(p, "pobj")] + [o for h in holders[1:] for o in _children(h, "dobj")]
        for noun in [*nouns, *used]:
            if any(_lemma(t) in agents for t in noun.subtree if t.i <= noun.i):
                return str(chemical["code"]), noun
    rule = lex.mod_rules.get("instrument_words", {})
    devices = rule.get("devices", frozenset())
    for noun in nouns:
        # "a bomb attack", "an improvised explosive device", "a roadside bomb": the device names the event
        words = [_lemma(t) for t in noun.lefts if t.dep_ in ("compound", "amod", "nmod")] + [_lemma(noun)]
        if devices and any(w in devices for w in words):
            return next((rule["narrower"][w] for w in words if w in rule.get("narrower", {})), rule["code"]), noun
        if words[-1] in lex.mod["occurrence_compound_nouns"]:
            # "a Russian missile strike", "a drone attack": the weapon says how the force was used
            armed = [lex.weapons[w] for w in words[:-1] if w in lex.materiel]
            if armed:
                return armed[0].cameo, noun
        for pattern in _subject_noun_patterns(noun, lex) or lex.nouns.get(_lemma(noun), ()):
            if pattern.objects is None and pattern.prep is None and int(pattern.cameo[:2]) >= 18:
                return pattern.cameo, noun
    return None, None


def _is_person_like(tokens: list[Token]) -> bool:
    """Subjects that name someone (a name, a pronoun, people) rather than a thing or an event."""
    return any(t.pos_ in ("PROPN", "PRON") or t.ent_type_ in ("PERSON", "NORP", "ORG", "GPE") for t in tokens)


def verb_indices(doc: Doc) -> list[int]:
    """Indices of the verbs and auxiliaries of ``doc``, read from its arrays (no Token objects are built)."""
    from spacy.symbols import AUX, POS, VERB  # spaCy is loaded already when there is a Doc

    wanted = (AUX, VERB)
    return [i for i, p in enumerate(doc.to_array(POS).tolist()) if p in wanted]


def code_sentence(sent: Span, actors: DocumentActors, lex: Lexicon, verbs: list[int] | None = None) -> list[Draft]:
    """Every event of one sentence; ``verbs`` are the document's verb indices when the caller has them."""
    out = _Collector(lex)
    doc = sent.doc
    if verbs is None:
        verbs = verb_indices(doc)
    lo = bisect.bisect_left(verbs, sent.start)
    hi = bisect.bisect_left(verbs, sent.end)
    for i in verbs[lo:hi]:
        tok = doc[i]
        _assistance_events(tok, actors, lex, out)
        _obligation_events(tok, actors, lex, out)
        _responsibility_events(tok, actors, lex, out)
        if _lemma(tok) in lex.mod["command_verbs"]:
            _command_events(tok, actors, lex, out)
        if _reaction_events(tok, actors, lex, out):
            continue
        # "evacuated the wounded": a participle used as a noun names people, not an event; a copula heads a clause
        # of its own ("there were clashes between ...", "the minister's visit to Seoul was the first in years")
        if (tok.pos_ == "VERB" and tok.dep_ not in _NOMINAL_DEPS) or (
                tok.pos_ == "AUX" and tok.lemma_ == "be" and tok.dep_ in ("ROOT", "ccomp", "conj")
                and tok.tag_ == "VBD"):  # "an Israeli strike is possible", "talks are unlikely": not told as done
            _pattern_events(tok, actors, lex, out)
    return _drop_carrier_statements(out.drafts, lex)


_NOMINAL_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "pobj", "dative"})


def _drop_carrier_statements(drafts: list[Draft], lex: Lexicon) -> list[Draft]:
    """Keep the most informative reading when one event carries another.

    "X said that Y attacked Z" is news about the attack: the statement that carries a coded event is dropped.
    "X threatened to attack Z" is one threat: the generic 13 of "threaten" gives way to the threat derived from
    what was threatened (likewise for intentions and refusals). "X blocked roads to demand Y" is one protest: the
    demand or protest in its purpose clause is its motive.
    """
    triggers = {d.trigger.i for d in drafts if d.cameo[:2] != "01"}
    if not triggers:
        return drafts
    derived = {(d.trigger.head.i, d.cameo[:2]) for d in drafts
               if d.modality in ("threat", "intent", "refused") and (d.trigger.dep_ == "xcomp" or (
                   d.trigger.dep_ == "ccomp" and d.modality == "threat"))}
    # "vowed to fight the army" is a threat: the bare promise that carries it says nothing more
    carriers = {i for i, root in derived if root in ("03", "12", "13")}
    # "offered to send police officers to Haiti": the intention to send them, no bare offer besides
    intended = {d.trigger.head.i for d in drafts if d.modality == "intent" and d.trigger.dep_ == "xcomp"}
    # "blocked roads to demand reforms", "began a hunger strike to protest against X": the purpose clause is the
    # motive of the protest, not a second event
    protests = {d.trigger.i for d in drafts if d.cameo[:2] == "14"}
    # "telephoned Kozyrev to discuss", "used tear gas to disperse demonstrators": a purpose clause of the same kind
    # as its event is that event (its target completes an event that names none)
    heads: dict[tuple[int, str], list[Draft]] = defaultdict(list)
    for d in drafts:
        heads[(d.trigger.i, _kind(d.cameo))].append(d)
    completed: dict[int, Draft] = {}
    kept = []
    for d in drafts:
        if d.cameo[:2] == "01" and any(t.i in triggers for t in d.trigger.subtree):  # "said Y must": a demand
            continue
        clause = d.trigger
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head  # "killing or wounding 50": the second participle is in the first one's place
        purpose = clause.dep_ in ("advcl", "xcomp") and _infinitive(clause)
        # "demonstrated calling for independence", "blocked roads demanding his return": a motive too; "shelled
        # Juba, killing about 20 people": the result told by a participle is the same event, and so is the
        # violence told by a "when" clause ("killed 23 people when they blew themselves up")
        result = clause.dep_ == "advcl" and (clause.tag_ == "VBG" or (_kind(d.cameo) == "18-20" and any(
            c.dep_ in ("mark", "advmod") and c.lower_ == "when" for c in _ch(clause)) and not any(
            c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON" for c in _ch(clause))))
        if d.cameo[:2] in _MOTIVE_ROOTS and (purpose or result) and clause.head.i in protests:
            continue
        # (an intended purpose only in an adverbial clause: "agreed to share information" is the agreement's content)
        same = heads.get((clause.head.i, _kind(d.cameo))) if (purpose or result) and (
            d.modality == "asserted" or (d.modality == "intent" and clause.dep_ == "advcl")) else None
        if same:
            for head in same:
                if d.target is not None and head.target is None and not _same(head.source, d.target):
                    completed[id(head)] = dataclasses.replace(head, target=d.target)
            continue
        if (d.trigger.i, d.cameo[:2]) in derived and d.modality == "asserted":
            continue
        if ((d.trigger.i in carriers or (d.trigger.i in intended and d.cameo[:2] == "03"))
                and d.modality == "asserted" and d.pattern.objects is None and d.noun is None):
            continue  # "sought to ease tensions" is an intention to ease them, no appeal besides
        if (_lemma(d.trigger) in lex.mod["auxiliary_event_verbs"] and d.pattern.objects is None and d.noun is None
                and any(c.i in triggers for c in _ch(d.trigger) if c.dep_ in ("xcomp", "ccomp"))):
            continue  # "mobilised groups to help support the Palestinians": the support, not help besides
        kept.append(d)
    return [completed.get(id(d), d) for d in kept]


_MOTIVE_ROOTS = frozenset({"10", "11", "14"})


def _kind(code: str) -> str:
    """The kind of event a purpose or result clause must share to be the same event: its root, with the three
    roots of violence (assault, fight, mass violence) as one ("shelled Juba, killing 20")."""
    return "18-20" if code[:2] in ("18", "19", "20") else code[:2]


def _same(a: Mention | None, b: Mention | None) -> bool:
    if a is None or b is None:
        return False
    # one phrase can name two parties ("Hungarian and Romanian officials"): then they are not the same
    return a.actor == b.actor or ((a.start, a.end) == (b.start, b.end) and None in (a.actor, b.actor))


def _confidence(pattern: Pattern, source: Mention | None, target: Mention | None, modality: str) -> float:
    actor_conf = min(source.confidence if source else 0.4, target.confidence if target else 1.0)
    pattern_conf = 0.75 + 0.05 * pattern.specificity
    modality_conf = 1.0 if modality == "asserted" else 0.9
    return round(max(0.05, min(1.0, actor_conf * pattern_conf * modality_conf + 0.1)), 3)


_STATEMENT = Pattern("010-quote", "verb", "say", None, None, None, "010", None, -1)


def statement_draft(cue: Token, speaker: Mention) -> Draft | None:
    """A quoted or reported statement by a political actor is a statement event (CAMEO 010), with the quote."""
    if speaker.actor is None or not _is_specific(speaker):
        return None
    return Draft(cue, _STATEMENT, "010", speaker, None, "asserted", _confidence(_STATEMENT, speaker, None,
                                                                                  "asserted"))
