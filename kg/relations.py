"""Relations between resolved entities, each with its evidence sentence.

Two families, kept apart as relation kinds:

- sentence co-occurrence (``cooccursWith``), one record per pair and
  sentence, weighted afterwards by NPMI (:func:`association`) so that hubs
  named everywhere do not dominate;
- typed relations read by the patterns of :mod:`kg.patterns`
  (``holdsPosition``, ``locatedIn``, ``met``...), turned from mention-level
  candidates into entity-level records once entities are resolved, with
  their types checked; and quotes (reported speech) with ``saidTo`` links.

Every relation is a :class:`~kg.types.Relation` record (kind, subject,
object, evidence sentence, document, offsets, confidence, pattern, value).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from kg.gazetteer import Place
from kg.interactions import fallback
from kg.patterns import SYMMETRIC, Candidate
from kg.regions import Subdivision
from kg.speech import QuoteCandidate
from kg.types import GRAPH_TYPES, Mention, Quote, Relation, Sentence

COOCCURRENCE = "cooccursWith"
COOCCURRENCE_PATTERN = "sentence-cooccurrence"
SAID_TO = "saidTo"


def cooccurrence_confidence(gap: int) -> float:
    """Return the confidence of a co-occurrence whose closest mentions are ``gap`` characters apart.

    1.0 for adjacent names, 0.5 at 100 characters, decreasing smoothly.

    >>> cooccurrence_confidence(0), cooccurrence_confidence(100)
    (1.0, 0.5)
    """
    return round(1.0 / (1.0 + max(gap, 0) / 100.0), 3)


def cooccurrences(
    mentions: Sequence[Mention],
    mention_entities: Sequence[str],
    *,
    entity_types: Mapping[str, str],
    sentences: Mapping[tuple[str, int], tuple[Sentence, str]],
) -> list[Relation]:
    """Return one ``cooccursWith`` relation per pair of entities per sentence.

    ``mention_entities[i]`` is the entity id of ``mentions[i]``; only entities
    whose type (in ``entity_types``) is PER, LOC or ORG take part.
    ``sentences`` maps ``(doc_id, sentence index)`` to the sentence and its
    raw text, used as evidence. Subject and object are ordered (``s < o``).
    """
    by_sentence: dict[tuple[str, int], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        if entity_types.get(mention_entities[i]) in GRAPH_TYPES:
            by_sentence[(m.doc_id, m.sentence)].append(i)

    out: list[Relation] = []
    for key in sorted(by_sentence):
        idx = by_sentence[key]
        spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i in idx:
            spans[mention_entities[i]].append((mentions[i].start, mentions[i].end))
        if len(spans) < 2:
            continue
        sentence, text = sentences[key]
        for a, b in combinations(sorted(spans), 2):
            gap = min(max(s2 - e1, s1 - e2) for s1, e1 in spans[a] for s2, e2 in spans[b])
            out.append(
                Relation(
                    kind=COOCCURRENCE,
                    subject=a,
                    object=b,
                    doc_id=sentence.doc_id,
                    evidence=text,
                    start=sentence.start,
                    end=sentence.end,
                    confidence=cooccurrence_confidence(gap),
                    pattern=COOCCURRENCE_PATTERN,
                )
            )
    return out


@dataclass(frozen=True, slots=True)
class Association:
    """How strongly two entities go together: sentence counts and (normalised) PMI."""

    sentences: int
    documents: int
    pmi: float
    npmi: float


def association(
    relations: Iterable[Relation],
    mentions: Sequence[Mention],
    mention_entities: Sequence[str],
    *,
    total_sentences: int,
) -> dict[tuple[str, str], Association]:
    """Return the association of every co-occurring pair (``s < o``).

    With ``N`` sentences, ``n(x)`` sentences naming ``x`` and ``n(x, y)``
    naming both: ``PMI = log(n(x, y) N / (n(x) n(y)))`` and ``NPMI = PMI /
    -log(n(x, y) / N)``, in [-1, 1]: 1 when the two are only ever named
    together, around 0 for a hub such as ``Chine`` that is named everywhere.
    """
    per_entity: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for m, e in zip(mentions, mention_entities, strict=True):
        per_entity[e].add((m.doc_id, m.sentence))
    pairs: dict[tuple[str, str], set[tuple[str, int]]] = defaultdict(set)
    docs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in relations:
        if r.kind == COOCCURRENCE:
            pairs[(r.subject, r.object)].add((r.doc_id, r.start))
            docs[(r.subject, r.object)].add(r.doc_id)
    n = max(total_sentences, 1)
    out = {}
    for (a, b), both in pairs.items():
        joint = len(both)
        p_xy = joint / n
        pmi = math.log(joint * n / (len(per_entity[a]) * len(per_entity[b])))
        npmi = 1.0 if p_xy >= 1 else pmi / -math.log(p_xy)
        out[(a, b)] = Association(joint, len(docs[(a, b)]), round(pmi, 4), round(npmi, 4))
    return out


def prune(
    relations: Iterable[Relation],
    associations: Mapping[tuple[str, str], Association],
    *,
    min_support: int,
) -> list[Relation]:
    """Return ``relations`` without co-occurrences of pairs seen in fewer than ``min_support`` sentences.

    Typed relations are always kept.
    """
    return [
        r
        for r in relations
        if r.kind != COOCCURRENCE or associations[(r.subject, r.object)].sentences >= min_support
    ]


STRICT_PLACE_PATTERNS = frozenset({"place-comma-country"})
"""Patterns whose places must both be known to the gazetteer, the inner one inside the outer."""

KNOWN_OUTER_PATTERNS = frozenset({"place-then-town"})
"""Patterns whose outer place must be a country, continent or region the gazetteer knows
(``au Japon à Tokyo``; not ``au Beacon Theatre à New York``)."""


def places_agree(
    places: Mapping[str, Place | None],
    regions: Mapping[str, Sequence[Subdivision]] | None = None,
    *,
    strict: frozenset[str] = STRICT_PLACE_PATTERNS,
    known_outer: frozenset[str] = KNOWN_OUTER_PATTERNS,
) -> Callable[..., bool]:
    """Return a check for :func:`typed_relations`: places must agree with the gazetteer.

    ``places`` maps entity ids to their gazetteer place (continent, country,
    city), ``regions`` entity ids to the ISO 3166-2 subdivisions their name
    may be (``Jura``: FR-39 and CH-JU). The check ``(kind, subject, object,
    pattern)`` returns False for a ``locatedIn``/``capitalOf`` the gazetteer
    contradicts: a country inside anything but its continent, a city inside
    a country, continent or region it does not belong to, inside a smaller
    city (a third of its size at most) or one of another country (``de
    Paris, à Lyon``), a region inside a
    city of its country (the reversed ``dans l'Hérault à Agde``), inside a
    country it is not in or a region that is not its parent (``en Californie,
    en Caroline du Nord`` is a list), a state or first-level region inside a
    place the gazetteer does not know (``en Alaska dans la région de Bethel``).
    Relations of the ``strict`` patterns need both places known and the inner
    one inside the outer one; those of the ``known_outer`` patterns need the
    outer place to be a known country, continent or region. Other kinds pass.
    """
    regions = regions or {}

    def check(kind: str, subject: str, obj: str, pattern: str = "") -> bool:
        if kind not in ("locatedIn", "capitalOf"):
            return True
        inner, outer = places.get(subject), places.get(obj)
        inner_r = () if inner is not None else tuple(regions.get(subject, ()))
        outer_r = () if outer is not None else tuple(regions.get(obj, ()))
        if pattern in known_outer and not (
            outer_r or (outer is not None and outer.kind in ("country", "continent"))
        ):
            return False
        if pattern in strict:
            return (
                inner is not None
                and inner.kind == "city"
                and outer is not None
                and outer.kind == "country"
                and inner.country_code == outer.country_code
            )
        if inner is not None:
            return _place_inside(inner, outer, outer_r)
        if inner_r:
            if outer_r:  # a region inside a region: only its parent (FR-73 Savoie in FR-ARA)
                return any(r.parent == o.code for r in inner_r for o in outer_r)
            if outer is not None:
                if outer.kind == "city":  # a region is not inside a city of its own country
                    return all(r.country_code != outer.country_code for r in inner_r)
                if outer.kind == "country":
                    return any(r.country_code == outer.country_code for r in inner_r)
                return True
            # a state inside a place unknown to the gazetteer: the words were reversed
            return not all(r.parent == "" for r in inner_r)
        return True

    return check


def _place_inside(inner: Place, outer: Place | None, outer_regions: Sequence[Subdivision]) -> bool:
    """Whether the gazetteer allows ``inner`` inside ``outer`` (or one of ``outer_regions``)."""
    if inner.kind == "continent":
        return False
    if inner.kind == "country":
        return (
            outer is not None and outer.kind == "continent" and outer.continent == inner.continent
        )
    if outer is None:
        return not outer_regions or any(r.country_code == inner.country_code for r in outer_regions)
    if outer.kind == "continent":
        return inner.continent == outer.continent
    if outer.kind == "country":
        return inner.country_code == outer.country_code
    # a city inside a city: a district of a much larger city of the same country
    return inner.country_code == outer.country_code and inner.population * 3 < outer.population


CONTAINMENT_PATTERN = "gazetteer-containment"
CONTAINMENT_CONFIDENCE = 0.6


def _said_near(
    doc_id: str,
    own: int,
    outer: set[int],
    sentences: Mapping[tuple[str, int], tuple[Sentence, str]],
    window: int,
) -> int | None:
    """Return the sentence that shows a place named in sentence ``own`` near another named in
    the sentences ``outer``: its own, else the nearest one naming the other place (the place's
    own sentence may hold no other name, and so no evidence, when the parser cut it short);
    None when none is at most ``window`` sentences away."""
    near = sorted((abs(own - k), k) for k in outer if abs(own - k) <= window)
    if not near:
        return None
    if (doc_id, own) in sentences:
        return own
    return next((k for _, k in near if (doc_id, k) in sentences), None)


def gazetteer_containment(
    mentions: Sequence[Mention],
    mention_entities: Sequence[str],
    *,
    places: Mapping[str, Place],
    sentences: Mapping[tuple[str, int], tuple[Sentence, str]],
    regions: Mapping[str, Sequence[Subdivision]] | None = None,
    region_of: Callable[[Place], str] | None = None,
    known: Iterable[tuple[str, str]] = (),
    window: int = 1,
    region_window: int = 10**6,
) -> list[Relation]:
    """Return the ``locatedIn`` relations the gazetteer knows between places named close together.

    ``places`` maps entity ids to places linked without ambiguity (see
    :meth:`kg.gazetteer.Gazetteer.unambiguous`; a doubtful link is left out,
    since a wrong link would make a wrong relation); ``regions`` maps other
    entity ids to the ISO 3166-2 subdivisions their name may be, and
    ``region_of`` gives the subdivision code of a city when known (``US-AK``
    for Fairbanks; ``""`` otherwise). A region counts only when exactly one
    of its subdivisions lies in a country the article names (as a country or
    through one of its cities). When an article names a city and its country
    or region, a department and its region, or a country and its continent, at
    most ``window`` sentences apart (``region_window`` for a first-level
    region, by default anywhere in the article: a region an article names is
    the setting of the towns it names in it, while its country may only be
    mentioned in passing), the containment is recorded once per
    article with the pattern ``gazetteer-containment``, a lower confidence,
    and as evidence the first sentence naming the inner place (one naming
    both when there is one). Pairs in ``known`` (``(subject, object)``
    already related by a pattern) are skipped.
    """
    skip = set(known)
    regions = regions or {}
    by_doc: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, m in enumerate(mentions):
        if mention_entities[i] in places or regions.get(mention_entities[i]):
            by_doc[m.doc_id][mention_entities[i]].append(i)
    out: list[Relation] = []
    for doc_id in sorted(by_doc):
        named = by_doc[doc_id]
        where: dict[str, Place | Subdivision] = {e: places[e] for e in named if e in places}
        countries = {p.country_code for p in where.values() if p.country_code}
        for e in named:
            if e not in where:
                fitting = {d.code: d for d in regions[e] if d.country_code in countries}
                if len(fitting) == 1:
                    where[e] = next(iter(fitting.values()))
        for inner_id in sorted(where):
            for outer_id in sorted(where):
                if (inner_id, outer_id) in skip or not _inside(
                    where[inner_id], where[outer_id], region_of
                ):
                    continue
                outer_sentences = {mentions[j].sentence for j in named[outer_id]}
                reach = region_window if isinstance(where[outer_id], Subdivision) else window

                stated = [
                    (j, k)
                    for j in named[inner_id]
                    if (k := _said_near(doc_id, mentions[j].sentence, outer_sentences, sentences,
                                        reach)) is not None
                ]  # fmt: skip
                if not stated:
                    continue
                first, where_said = min(
                    stated,
                    key=lambda jk: (mentions[jk[0]].sentence not in outer_sentences,
                                    mentions[jk[0]].start),
                )  # fmt: skip
                m = mentions[first]
                sentence, text = sentences[(m.doc_id, where_said)]
                out.append(
                    Relation(
                        kind="locatedIn",
                        subject=inner_id,
                        object=outer_id,
                        doc_id=doc_id,
                        evidence=text,
                        start=sentence.start,
                        end=sentence.end,
                        confidence=CONTAINMENT_CONFIDENCE,
                        pattern=CONTAINMENT_PATTERN,
                        subject_span=(m.start, m.end),
                    )
                )
    return out


CHAIN_PATTERN = "located-chain"
"""The ``pattern`` of the relations :func:`located_chains` makes."""


PAIR_PATTERN = "place-parenthesis-pair"
"""``l'université de Duke (Durham, États-Unis)``: kept only when the second place of the
brackets contains the first (:func:`pairs_that_nest`)."""


def pairs_that_nest(relations: Sequence[Relation]) -> list[Relation]:
    """Return ``relations`` without the ``place-parenthesis-pair`` ones whose bracket is a
    list rather than a place and its container: ``(Durham, États-Unis)`` nests (another
    relation of the sentence puts Durham in the United States), ``(Lyon, Marseille)`` does not.
    """
    inside = {
        (r.doc_id, r.start, r.subject) for r in relations
        if r.kind == "locatedIn" and r.pattern != PAIR_PATTERN
    }  # fmt: skip
    return [
        r for r in relations
        if r.pattern != PAIR_PATTERN or (r.doc_id, r.start, r.object) in inside
    ]  # fmt: skip


def located_chains(relations: Sequence[Relation]) -> list[Relation]:
    """Return the ``locatedIn`` relations that two of ``relations`` stated in one sentence
    make together: ``le lycée Vaugelas, situé à Chambéry (Savoie)`` gives the lycée in
    Chambéry and Chambéry in Savoie, so the lycée in Savoie.

    Only relations of the same sentence of the same document are chained
    (never a fact of one sentence with a fact of another), and only to a pair
    not already related; a chain is as sure as its weaker link, times 0.9.
    The evidence is the sentence, the subject's and the object's offsets
    those of the two links.
    """
    by_sentence: dict[tuple[str, int], list[Relation]] = defaultdict(list)
    for r in relations:
        if r.kind == "locatedIn" and r.subject != r.object:
            by_sentence[(r.doc_id, r.start)].append(r)
    out: list[Relation] = []
    for links in by_sentence.values():
        if len(links) < 2:
            continue
        known = {(r.subject, r.object) for r in links}
        frontier = list(links)
        while frontier:
            found: list[Relation] = []
            for first in frontier:
                for second in links:
                    pair = (first.subject, second.object)
                    if second.subject != first.object or pair[0] == pair[1] or pair in known:
                        continue
                    known.add(pair)
                    found.append(
                        Relation(
                            kind="locatedIn",
                            subject=first.subject,
                            object=second.object,
                            doc_id=first.doc_id,
                            evidence=first.evidence,
                            start=first.start,
                            end=first.end,
                            confidence=round(0.9 * min(first.confidence, second.confidence), 3),
                            pattern=CHAIN_PATTERN,
                            subject_span=first.subject_span,
                            object_span=second.object_span,
                        )
                    )
            out += found
            links = links + found
            frontier = found
    return out


def _inside(
    inner: Place | Subdivision,
    outer: Place | Subdivision,
    region_of: Callable[[Place], str] | None,
) -> bool:
    """Whether the gazetteer knows ``inner`` to lie in ``outer``."""
    if isinstance(inner, Subdivision):
        # a department in its region; a region in its country goes without saying
        return isinstance(outer, Subdivision) and inner.parent == outer.code
    if isinstance(outer, Subdivision):
        return (
            inner.kind == "city"
            and region_of is not None
            and inner.country_code == outer.country_code
            and region_of(inner) == outer.code
        )
    if inner.kind == "city":
        return outer.kind == "country" and inner.country_code == outer.country_code
    return (
        inner.kind == "country" and outer.kind == "continent" and inner.continent == outer.continent
    )


def typed_relations(
    candidates: Iterable[tuple[str, Candidate]],
    mentions: Sequence[Mention],
    mention_entities: Sequence[str],
    *,
    entity_types: Mapping[str, str],
    sentences: Mapping[tuple[str, int], tuple[Sentence, str]],
    entity_named: Callable[[str], str | None],
    check: Callable[..., bool] | None = None,
) -> list[Relation]:
    """Return the relations of pattern ``candidates`` between resolved entities.

    ``candidates`` are ``(doc_id, candidate)`` pairs whose mention indices
    point into ``mentions``. A candidate is kept when both entities have the
    rule's types, differ, and pass ``check(kind, subject, object, pattern)`` (e.g. a
    city is not located in a country it does not belong to). ``entity_named``
    finds the entity of a country named by a nationality adjective.
    Symmetric kinds are stored with ``subject < object``. A verb candidate
    whose types do not fit its kind becomes a generic ``interactsWith``
    (:func:`kg.interactions.fallback`).
    """
    out: list[Relation] = []
    for _doc_id, c in candidates:
        subject = mention_entities[c.subject]
        obj = (
            mention_entities[c.object]
            if c.object is not None
            else entity_named(c.object_name or "")
        )
        if not obj or subject == obj:
            continue
        if (
            entity_types.get(subject) not in c.subject_types
            or entity_types.get(obj) not in c.object_types
        ):
            generic = fallback(c)
            if generic is None or not (
                entity_types.get(subject) in generic.subject_types
                and entity_types.get(obj) in generic.object_types
            ):
                continue
            c = generic
        if check is not None and not check(c.kind, subject, obj, c.pattern):
            continue
        m = mentions[c.subject]
        at = m.sentence if c.sentence is None else c.sentence
        sentence, text = sentences[(m.doc_id, at)]
        # a mention reached through coreference (a pronoun) lies outside the evidence sentence
        s_span = (m.start, m.end) if at == m.sentence else None
        o = mentions[c.object] if c.object is not None else None
        o_span = (o.start, o.end) if o is not None and o.sentence == at else None
        if c.kind in SYMMETRIC and obj < subject:
            subject, obj, s_span, o_span = obj, subject, o_span, s_span
        out.append(
            Relation(
                kind=c.kind,
                subject=subject,
                object=obj,
                doc_id=m.doc_id,
                evidence=text,
                start=sentence.start,
                end=sentence.end,
                confidence=c.confidence,
                pattern=c.pattern,
                value=c.value,
                subject_span=s_span,
                object_span=o_span,
                verb=c.verb,
                verb_class=c.verb_class,
            )
        )
    return out


def quotes_and_addressees(
    candidates: Iterable[tuple[str, QuoteCandidate]],
    mentions: Sequence[Mention],
    mention_entities: Sequence[str],
    *,
    entity_types: Mapping[str, str],
    sentences: Mapping[tuple[str, int], tuple[Sentence, str]],
) -> tuple[list[Quote], list[Relation]]:
    """Return the quotes whose speaker is a resolved entity, and their ``saidTo`` relations."""
    quotes: list[Quote] = []
    said_to: list[Relation] = []
    seen: set[tuple[str, str, int, int]] = set()
    for doc_id, q in candidates:
        speaker = mention_entities[q.speaker]
        if entity_types.get(speaker) not in q.speaker_types:
            continue
        addressee = mention_entities[q.addressee] if q.addressee is not None else None
        if addressee is not None and (
            addressee == speaker or entity_types.get(addressee) not in q.addressee_types
        ):
            addressee = None
        key = (doc_id, speaker, q.start, q.end)
        if key in seen:
            continue
        seen.add(key)
        m = mentions[q.speaker]
        at = m.sentence if q.sentence is None else q.sentence
        sentence, text = sentences[(m.doc_id, at)]
        quotes.append(
            Quote(
                doc_id,
                speaker,
                q.text,
                q.start,
                q.end,
                text,
                sentence.start,
                sentence.end,
                q.verb,
                q.pattern,
                q.confidence,
                addressee,
            )
        )
        if addressee is not None:
            said_to.append(
                Relation(
                    SAID_TO,
                    speaker,
                    addressee,
                    doc_id,
                    text,
                    sentence.start,
                    sentence.end,
                    q.confidence,
                    q.pattern,
                    None,
                    (m.start, m.end) if at == m.sentence else None,
                    (mentions[q.addressee].start, mentions[q.addressee].end),
                )
            )
    quotes.sort(key=lambda q: (q.doc_id, q.start, q.speaker))
    return quotes, said_to


def relation_counts(relations: Iterable[Relation]) -> Counter[str]:
    """Return the number of relation records per kind."""
    return Counter(r.kind for r in relations)
