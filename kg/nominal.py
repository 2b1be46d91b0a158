"""Interactions between named entities read off French nouns, with a noun lexicon kept as data.

``kg/data/relation_nouns.tsv`` maps nouns (and the frame of their
complement) to a relation kind and a coarse class, as ``kg/data/verbs.tsv``
does for verbs (:mod:`kg.interactions`). Two readings:

- a relation noun said of a name (frame ``de``, or column ``reading`` ``relation``:
  ``opposant à``, ``auteur pour``): the name is the noun's
  apposition head (``X, ancien collaborateur de Y``), its subject under a
  copula (``X est l'allié de Y``) or its apposition (``l'allié de Y, X``);
  the partner is the complement its frame introduces, or that of its
  de-complement (``l'auteur de chansons pour Y``);
- an event noun (another frame, or ``reading`` ``event``): its agent is its de-complement and the
  second entity the complement its frame introduces (``l'offensive des FDS
  contre Daech``, ``la victoire de X sur Y``); with ``entre``, the names
  coordinated after it (``un duel entre X et Y``: the first opposes the others).

Lists of names are distributed (:func:`kg.interactions.members`). Not
asserted, as for verbs: negation, the conditional, what is inside guillemets
or reported. Candidates carry the noun as ``kg:verb`` (``allié de``) with its
class, their pattern being ``noun-relation`` or ``noun-event``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Span, Token

from kg.arguments import bound_in_clause, members
from kg.arguments import case_of as _case
from kg.arguments import named as _named
from kg.errors import InputError
from kg.interactions import (
    _ANY,
    KIND_TYPES,
    VerbLexicon,
    _asserted,
    check_row,
    lexicon_rows,
    parse_types,
)
from kg.patterns import Candidate
from kg.types import EntityType

PATTERN_RELATION = "noun-relation"
PATTERN_EVENT = "noun-event"
"""Pattern names of the candidates (``kg:pattern``)."""

_COMPLEMENTS = frozenset({"nmod", "obl:arg", "obl:mod", "obl"})


@dataclass(frozen=True, slots=True)
class NounEntry:
    """One row of the noun lexicon (see ``kg/data/relation_nouns.tsv``)."""

    noun: str
    frame: str
    kind: str
    cls: str
    inverse: bool = False
    types: tuple[tuple[EntityType, ...], tuple[EntityType, ...]] | None = None
    relation: bool = True
    """A relation noun said of a name (``X, allié de Y``); False: an event noun whose agent is
    its de-complement (``l'offensive de X contre Y``)."""


NounLexicon = dict[str, tuple[NounEntry, ...]]
"""Noun entries by lemma."""


def parse_nouns(text: str, *, source: str = "noun lexicon") -> NounLexicon:
    """Return the noun lexicon of a TSV ``text``; raise :class:`InputError` naming a bad line.

    >>> lex = parse_nouns("noun\\tframe\\tkind\\tclass\\n" "allié\\tde\\tcooperatesWith\\tverbalCooperation\\n")
    >>> lex["allié"][0].kind
    'cooperatesWith'
    """
    entries: dict[str, list[NounEntry]] = defaultdict(list)
    for where, cells in lexicon_rows(text, source=source, header="noun", width=7):
        noun, frame, kind, cls, inverse, types, reading = cells
        check_row(where, kind, cls, inverse)
        if reading not in ("", "relation", "event"):
            raise InputError(f"{where}: reading is 'relation', 'event' or empty, not {reading!r}")
        parsed = parse_types(types, where=where) if types else None
        relation = reading == "relation" or (not reading and frame == "de")
        entry = NounEntry(noun, frame.replace("_", " "), kind, cls, inverse == "yes", parsed, relation)
        entries[noun].append(entry)
    return {k: tuple(v) for k, v in entries.items()}


def _packaged_text() -> str:
    return resources.files("kg").joinpath("data/relation_nouns.tsv").read_text("utf-8")


@lru_cache(maxsize=1)
def packaged_nouns() -> NounLexicon:
    """Return the noun lexicon shipped in ``kg/data/relation_nouns.tsv``."""
    return parse_nouns(_packaged_text(), source="kg/data/relation_nouns.tsv")


def read_noun(
    noun: Token,
    nouns: NounLexicon,
    lex: VerbLexicon,
    spans: Sequence[Span | None],
    labels: Sequence[str],
    sentence_at: Callable[[int], int] | None = None,
) -> list[Candidate]:
    """Return the candidates a noun of the lexicon gives (none when it is not asserted)."""
    entries = nouns.get(noun.lemma_.lower()) or nouns.get(noun.lower_) or ()
    if not entries:
        return []
    # an apposition is the journalist's own, even inside reported speech
    apposed = not any(c.dep_ == "cop" for c in noun.children) and _comma_between(noun.head, noun)
    if not _asserted(noun, lex, reported=not apposed) or _hedged_copula(noun):
        return []
    out: list[Candidate] = []
    for entry in entries:
        pairs = _relation_pairs(noun, entry) if entry.relation else _event_pairs(noun, entry)
        for agent, partner, pattern, confidence in pairs:
            subject, obj = _named(agent), _named(partner)
            if subject < 0 or obj < 0:
                continue
            through_coref = any(t._.kg_mention < 0 and t._.kg_coref >= 0 for t in (agent, partner))
            if through_coref and any(bound_in_clause(t, noun, spans) for t in (agent, partner)):
                continue
            sentence = sentence_at(noun.idx) if through_coref and sentence_at else None
            stypes, otypes = entry.types or KIND_TYPES.get(entry.kind, (_ANY, _ANY))
            subjects, objects = members(subject, spans, labels), members(obj, spans, labels)
            if entry.frame == "entre":  # "un duel entre X et Y": the first against the others
                subjects, objects = subjects[:1], [o for o in subjects[1:] if o not in subjects[:1]]
            if entry.inverse:
                subjects, objects = objects, subjects
            for s in subjects:
                for o in objects:
                    if s != o:
                        out.append(
                            Candidate(
                                entry.kind, s, o, pattern, confidence,
                                subject_types=stypes, object_types=otypes,
                                verb=f"{entry.noun} {entry.frame}", verb_class=entry.cls,
                                sentence=sentence,
                            )
                        )  # fmt: skip
    return out


def _hedged_copula(noun: Token) -> bool:
    """Whether the copula of ``noun`` is conditional (``X serait l'allié de Y``)."""
    return any(c.dep_ == "cop" and "Cnd" in c.morph.get("Mood") for c in noun.children)


def _comma_between(left: Token, right: Token) -> bool:
    """Whether a comma stands between ``left`` and ``right`` (an apposition, not ``le proche ami``)."""
    return any(t.text == "," for t in left.doc[left.i + 1 : right.i])


def _complements(noun: Token, case: str) -> list[Token]:
    return [c for c in noun.children if c.dep_ in _COMPLEMENTS and c.i > noun.i and _case(c) == case]


def _relation_pairs(noun: Token, entry: NounEntry) -> list[tuple[Token, Token, str, float]]:
    """Return ``(holder, partner)`` pairs of a relation noun: ``X, allié de Y``."""
    partners = _complements(noun, entry.frame)
    if entry.frame != "de":  # "l'auteur de nombreuses chansons pour Y": the work's complement
        partners += [p for c in _complements(noun, "de") for p in _complements(c, entry.frame)]
    if not partners:
        return []
    holders: list[Token] = []
    if noun.dep_ in ("appos", "amod") and noun.head.i < noun.i and _comma_between(noun.head, noun):
        holders.append(noun.head)  # "X, ancien collaborateur de Y" (the parser may read an adjective)
    if (
        (
            noun.dep_ in ("appos", "amod", "nmod")
            or (noun.dep_ == "conj" and not any(c.dep_ == "cc" for c in noun.children))
        )  # the parser may read an apposition as a complement or a comma-joined conjunct
        and noun.head.i < noun.i
        and noun.head._.kg_mention < 0
        and not any(c.dep_ == "case" for c in noun.children)
        and _comma_between(noun.head, noun)
    ):
        holders += chain_head(noun)  # "X, 73 ans, un militant de …, ancien collaborateur de Y"
    if any(c.dep_ == "cop" for c in noun.children):
        # "X est l'allié de Y"; "Il est l'auteur de ...": the parser may call il expletive
        holders += [
            c for c in noun.children
            if c.dep_ == "nsubj" or (c.dep_ == "expl:subj" and c._.kg_coref >= 0)
        ]  # fmt: skip
    holders += [c for c in noun.children if c.dep_ == "appos" and c.i > noun.i]  # "l'allié de Y, X"
    return [(h, p, PATTERN_RELATION, 0.75) for h in holders for p in partners if h.i != p.i]


_CHAIN_SEGMENTS = 3
_SEGMENT_TOKENS = 12
_OF = frozenset({"de", "d'", "d’", "du", "des"})


def chain_head(noun: Token) -> list[Token]:
    """Return the name that heads a chain of appositions ending with ``noun`` (``X, 73 ans, un
    militant de la cause, ancien collaborateur de Y``: X), whatever the parser hung the last
    apposition on; or nothing.

    Each apposition between commas is short and verbless, and names nobody but in a
    complement (``de la FIDH``).
    """
    doc = noun.doc
    i = noun.left_edge.i
    while i < noun.i and doc[i].is_punct:  # the parser may hang the comma on the noun
        i += 1
    i -= 1
    for _segment in range(_CHAIN_SEGMENTS):
        if i < 1 or doc[i].text != ",":
            return []
        before = doc[i - 1]
        if before._.kg_mention >= 0 and not (
            _in_complement(before) and _inside_apposition(before)
        ):  # "X, 73 ans, …" and "le corps de X, 73 ans, …"; not "…, directeur de la FIDH, …"
            return [before]
        j = i - 1
        while j >= 0 and doc[j].text != ",":
            t = doc[j]
            if i - j > _SEGMENT_TOKENS or t.is_sent_start or t.pos_ in ("VERB", "AUX", "PRON"):
                return []
            if t._.kg_mention >= 0 and not _in_complement(t):
                return []
            j -= 1
        i = j
    return []


def _inside_apposition(token: Token) -> bool:
    """Whether a short verbless stretch after a comma leads to ``token`` (``, directeur de la
    FIDH``): it completes an apposition, it does not head the chain."""
    doc = token.doc
    for j in range(token.i - 1, max(-1, token.i - 1 - _SEGMENT_TOKENS), -1):
        if doc[j].text == ",":
            return True
        if doc[j].pos_ in ("VERB", "AUX") or doc[j].is_sent_start:
            return False
    return False


def _in_complement(token: Token) -> bool:
    """Whether a name is a ``de`` complement inside an apposition (``directeur de la FIDH``)."""
    doc = token.doc
    first = token.i
    while first > 0 and doc[first - 1]._.kg_mention == token._.kg_mention:
        first -= 1
    k = first - 1
    while k > 0 and doc[k].pos_ == "DET":
        k -= 1
    return k >= 0 and doc[k].lower_ in _OF


def _event_pairs(noun: Token, entry: NounEntry) -> list[tuple[Token, Token, str, float]]:
    """Return ``(agent, patient)`` pairs of an event noun: ``l'offensive de X contre Y``."""
    if entry.frame == "entre":
        return [(c, c, PATTERN_EVENT, 0.7) for c in _complements(noun, "entre")]
    agents = [c for c in _complements(noun, "de") if c.dep_ == "nmod"]
    patients = _complements(noun, entry.frame)
    # "l'offensive des FDS contre Daech": the parser may hang the patient on the agent
    patients += [p for a in agents for p in _complements(a, entry.frame)]
    return [(a, p, PATTERN_EVENT, 0.7) for a in agents for p in patients if a.i != p.i]
