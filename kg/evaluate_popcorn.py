"""Score typed relations on POPCORN against a co-occurrence baseline (no file I/O, no model).

POPCORN: French report-style texts with entities (all mentions, with offsets)
and relations between them (:func:`parse_popcorn`). POPCORN relation types are
translated into our kinds by :data:`POPCORN_RELATIONS`; predictions
``(kind, subject_span, object_span)`` are aligned to gold entities by span
overlap and scored per kind by :func:`score_popcorn`. The co-occurrence
baseline (:func:`cooccurrence_baseline`) predicts every kind for every pair of
mentions in a sentence, so each kind's precision can be compared with its base
rate. :func:`relation_predictions`, :func:`sentence_mentions` and
:func:`mention_spans` turn a processed :class:`~kg.types.Corpus` into the
inputs of these functions. Kinds in
:data:`kg.evaluate_relations.SYMMETRIC_KINDS` match in either direction.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from kg.errors import InputError
from kg.evaluate_relations import SYMMETRIC_KINDS, Prediction, Span, _pct, _ratio
from kg.ids import fold
from kg.relations import COOCCURRENCE
from kg.types import GRAPH_TYPES, Corpus

# =========================================================================== POPCORN

# POPCORN entity types, grouped for the mapping below.
PEOPLE: frozenset[str] = frozenset({"CIVILIAN", "MILITARY", "TERRORIST_OR_CRIMINAL"})
"""POPCORN types of individual persons."""
GROUPS: frozenset[str] = frozenset({"GROUP_OF_INDIVIDUALS"})
"""POPCORN type of unnamed groups of people (``proches``, ``membres du conseil``)."""
ORGANISATIONS: frozenset[str] = frozenset(
    {
        "NON_GOVERNMENTAL_ORGANISATION",
        "NON_MILITARY_GOVERNMENT_ORGANISATION",
        "MILITARY_ORGANISATION",
        "INTERGOVERNMENTAL_ORGANISATION",
    }
)
"""POPCORN organisation types."""
PLACES: frozenset[str] = frozenset({"PLACE"})
"""POPCORN place type (named places and common nouns such as ``cuisine``)."""
AGENTS: frozenset[str] = PEOPLE | GROUPS | ORGANISATIONS
"""Entities that can act: persons, groups, organisations."""

IGNORED_TYPES: frozenset[str] = frozenset(
    {
        # Attributes, not entities: in the data their "mentions" always repeat
        # the span of the entity they describe (a FIRSTNAME on "casserole de
        # porridge"), so aligning to them would be wrong. They only take part
        # in attribute relations (HAS_CATEGORY, IS_OF_SIZE, ...), never mapped.
        "FIRSTNAME",
        "LASTNAME",
        "CATEGORY",
        "NATIONALITY",
        "TIME_EXACT",
        "TIME_FUZZY",
        "TIME_MIN",
        "TIME_MAX",
        "QUANTITY_EXACT",
        "QUANTITY_FUZZY",
        "QUANTITY_MIN",
        "QUANTITY_MAX",
        "COLOR",
        "WEIGHT",
        "HEIGHT",
        "WIDTH",
        "LENGTH",
        "LATITUDE",
        "LONGITUDE",
        "MATERIAL_REFERENCE",
    }
)
"""POPCORN entity types left out of alignment and scoring."""


@dataclass(frozen=True, slots=True)
class KindRule:
    """How a POPCORN relation ``head —TYPE→ tail`` counts as a relation of our ``kind``.

    ``direction``: ``"same"`` (head is our subject), ``"reversed"`` (tail is
    our subject), ``"any"`` (either; symmetric kinds are always "any").
    ``heads``/``tails``: the POPCORN entity types the rule is limited to
    (empty: any type).
    """

    kind: str
    direction: Literal["same", "reversed", "any"] = "same"
    heads: frozenset[str] = frozenset()
    tails: frozenset[str] = frozenset()

    def applies(self, head_type: str, tail_type: str) -> bool:
        """Return True when the rule accepts a relation between entities of these types."""
        return (not self.heads or head_type in self.heads) and (
            not self.tails or tail_type in self.tails
        )


POPCORN_RELATIONS: dict[str, tuple[KindRule, ...]] = {
    # X is in place Y (places in places, people, organisations, events). A
    # person or organisation located somewhere is what "X visited Y" asserts.
    "IS_LOCATED_IN": (
        KindRule("locatedIn"),
        KindRule("visited", heads=AGENTS),
    ),
    # A person lives in Y. We have no residence kind; being located there is implied.
    "RESIDES_IN": (KindRule("locatedIn"),),
    # An organisation acts in Y. POPCORN has no "based in": this is the only
    # organisation → place relation ("la police de Denver", "l'ONG SMT à
    # Denver"), which our patterns read as locatedIn; left out, every correct
    # organisation locatedIn would count as a false positive.
    "OPERATES_IN": (KindRule("locatedIn"),),
    # X belongs to Y: member of a group or organisation, employee, office holder
    # ("Chen Gang, député à l'Assemblée"); partOf for groups and organisations.
    "IS_PART_OF": (
        KindRule("memberOf"),
        KindRule("partOf", heads=GROUPS | ORGANISATIONS | PLACES),
        KindRule("worksFor", heads=PEOPLE | GROUPS, tails=ORGANISATIONS),
        KindRule("holdsPosition", heads=PEOPLE, tails=ORGANISATIONS),
    ),
    # X controls Y. Only control over organisations, groups and places is
    # leading (control over MATERIEL is ownership); a person controlling an
    # organisation or a place holds a position there ("directeur de", "maire de").
    "HAS_CONTROL_OVER": (
        KindRule("leads", tails=ORGANISATIONS | GROUPS | PLACES),
        KindRule("holdsPosition", heads=PEOPLE, tails=ORGANISATIONS | PLACES),
    ),
    # Cooperation; signing an agreement is one form of it.
    "IS_COOPERATING_WITH": (
        KindRule("cooperatesWith"),
        KindRule("signedAgreementWith"),
    ),
    # Contact: a meeting, or speaking to someone (saidTo is directed, the
    # POPCORN direction is not meaningful here).
    "IS_IN_CONTACT_WITH": (
        KindRule("met"),
        KindRule("saidTo", direction="any"),
    ),
    # X created organisation Y  ->  Y foundedBy X (direction reversed).
    # Creations of MATERIEL (a bomb) are not foundations.
    "CREATED": (KindRule("foundedBy", direction="reversed", tails=ORGANISATIONS | GROUPS),),
    # Conflict: criticising, accusing, suing, attacking, beating (the verb lexicon,
    # kg/data/verbs.tsv); who stands against whom is not always POPCORN's head.
    "IS_AT_ODDS_WITH": (KindRule("opposes", direction="any"),),
    # Left out, no kind of ours says the same thing:
    #   INITIATED (agent -> event), STARTED_IN (event -> place, repeats
    #   IS_LOCATED_IN), IS_BORN_IN (born there is not located there),
    #   HAS_FAMILY_RELATIONSHIP, HAS_CONSEQUENCE (event -> event),
    #   and the attribute relations (GENDER_*, HAS_CATEGORY, IS_OF_SIZE,
    #   HAS_QUANTITY, IS_OF_NATIONALITY, HAS_COLOR, DEATHS_NUMBER, ...).
    # Our kinds without a POPCORN counterpart (unscored): capitalOf, investsIn,
    # supports, interactsWith, said, cooccursWith.
}
"""POPCORN relation type -> the rules that make it a relation of our kinds."""

POPCORN_KINDS: tuple[str, ...] = tuple(
    sorted({rule.kind for rules in POPCORN_RELATIONS.values() for rule in rules})
)
"""Our kinds that POPCORN can score (those :data:`POPCORN_RELATIONS` maps to)."""


@dataclass(frozen=True, slots=True)
class PopcornEntity:
    """A POPCORN entity: ``id`` (unique in its document), fine ``type``, mention spans."""

    id: int
    type: str
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class PopcornRelation:
    """A POPCORN relation ``head —type→ tail`` between entity ids."""

    head: int
    type: str
    tail: int


@dataclass(frozen=True, slots=True)
class PopcornDoc:
    """One POPCORN text with its entities and relations."""

    id: str
    text: str
    entities: tuple[PopcornEntity, ...]
    relations: tuple[PopcornRelation, ...]


def parse_popcorn(text: str, *, source: str = "POPCORN") -> list[PopcornDoc]:
    """Return the documents of a POPCORN JSON ``text``, in file order.

    The JSON is an object ``doc_id -> {text, entities: [{id, type, mentions:
    [{value, start, end}]}], relations: [[head_id, TYPE, tail_id], ...]}``.
    Every entity is kept (see :data:`IGNORED_TYPES` for what scoring leaves
    out). Raises :class:`~kg.errors.InputError` naming the document of a bad
    record (span outside the text, relation to an unknown entity).
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InputError(f"{source}: not JSON ({exc})") from exc
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected an object of documents keyed by id")
    docs: list[PopcornDoc] = []
    for doc_id, record in data.items():
        try:
            doc_text = record["text"]
            if not isinstance(doc_text, str):
                raise TypeError("text is not a string")
            entities = []
            for ent in record.get("entities", ()):
                spans = []
                for m in ent.get("mentions", ()):
                    start, end = int(m["start"]), int(m["end"])
                    if not 0 <= start < end <= len(doc_text):
                        raise ValueError(f"mention {start}-{end} outside the text")
                    spans.append((start, end))
                entities.append(
                    PopcornEntity(int(ent["id"]), str(ent["type"]), tuple(sorted(set(spans))))
                )
            ids = {e.id for e in entities}
            relations = []
            for rel in record.get("relations", ()):
                head, rtype, tail = rel
                if int(head) not in ids or int(tail) not in ids:
                    raise ValueError(f"relation {rel} names an unknown entity")
                relations.append(PopcornRelation(int(head), str(rtype), int(tail)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{source}, document {doc_id!r}: bad record ({exc})") from exc
        docs.append(PopcornDoc(str(doc_id), doc_text, tuple(entities), tuple(relations)))
    return docs


# --------------------------------------------------------------------------- POPCORN scoring

GoldFact = tuple[str, int, int, bool]
"""``(kind, subject id, object id, undirected)``; undirected facts have ``subject <= object``."""


def _fact(kind: str, subject: int, obj: int, undirected: bool) -> GoldFact:
    if undirected and obj < subject:
        subject, obj = obj, subject
    return (kind, subject, obj, undirected)


def gold_facts(
    doc: PopcornDoc,
    mapping: Mapping[str, Sequence[KindRule]] = POPCORN_RELATIONS,
) -> set[GoldFact]:
    """Return the distinct relations of our kinds that ``doc`` states, through ``mapping``.

    Relations of an entity with itself and relations touching an entity of
    :data:`IGNORED_TYPES` are left out; facts of symmetric kinds and of
    ``"any"`` rules are undirected.
    """
    types = {e.id: e.type for e in doc.entities if e.type not in IGNORED_TYPES}
    out: set[GoldFact] = set()
    for rel in doc.relations:
        if rel.head == rel.tail or rel.head not in types or rel.tail not in types:
            continue
        for rule in mapping.get(rel.type, ()):
            if not rule.applies(types[rel.head], types[rel.tail]):
                continue
            subject, obj = (
                (rel.tail, rel.head) if rule.direction == "reversed" else (rel.head, rel.tail)
            )
            undirected = rule.kind in SYMMETRIC_KINDS or rule.direction == "any"
            out.add(_fact(rule.kind, subject, obj, undirected))
    return out


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def align_span(span: Span, doc: PopcornDoc) -> int | None:
    """Return the id of the gold entity whose mention overlaps ``span`` best, or None.

    Best: most overlapping characters, then fewest characters outside the
    overlap (the tighter mention), then the lower entity id. Entities of
    :data:`IGNORED_TYPES` are never chosen.

    >>> doc = PopcornDoc("d", "Chen Gang, chef du Parti du Guangxi", (
    ...     PopcornEntity(0, "CIVILIAN", ((0, 9),)),
    ...     PopcornEntity(1, "NON_GOVERNMENTAL_ORGANISATION", ((19, 35),)),
    ...     PopcornEntity(2, "PLACE", ((28, 35),))), ())
    >>> align_span((0, 4), doc), align_span((28, 35), doc), align_span((11, 15), doc)
    (0, 2, None)
    """
    best: tuple[int, int, int] | None = None  # (overlap, -outside, -id)
    for entity in doc.entities:
        if entity.type in IGNORED_TYPES:
            continue
        for mention in entity.mentions:
            shared = _overlap(span, mention)
            if not shared:
                continue
            outside = (span[1] - span[0]) + (mention[1] - mention[0]) - 2 * shared
            key = (shared, -outside, -entity.id)
            if best is None or key > best:
                best = key
    return None if best is None else -best[2]


def reachable_entities(doc: PopcornDoc, spans: Iterable[Span]) -> set[int]:
    """Return the ids of the gold entities with a mention overlapping one of ``spans``."""
    spans = list(spans)
    return {
        e.id
        for e in doc.entities
        if e.type not in IGNORED_TYPES and any(_overlap(m, s) for m in e.mentions for s in spans)
    }


@dataclass(frozen=True, slots=True)
class KindScores:
    """POPCORN scores of one kind.

    Predictions are counted once per document after alignment (two
    predictions aligned to the same kind, subject and object are one):
    ``predicted`` distinct predictions, ``correct`` of them stated by the
    gold, ``unaligned`` with a span that overlaps no gold entity (false
    positives). ``gold`` distinct gold facts of this kind, ``found`` of them
    predicted; ``reachable`` of them have both entities overlapped by a
    mention we found, ``reachable_found`` of those predicted. ``scored`` is
    False for a kind that no POPCORN relation maps to (no precision then).
    """

    kind: str
    predicted: int
    correct: int
    unaligned: int
    gold: int
    found: int
    reachable: int | None
    reachable_found: int | None
    scored: bool = True

    @property
    def precision(self) -> float | None:
        """Return correct / predicted, or None without predictions or for an unscored kind."""
        return _ratio(self.correct, self.predicted) if self.scored else None

    @property
    def recall(self) -> float | None:
        """Return found / gold (the raw recall), or None without gold facts."""
        return _ratio(self.found, self.gold)

    @property
    def reachable_recall(self) -> float | None:
        """Return reachable_found / reachable, or None when unknown or zero."""
        if self.reachable is None or self.reachable_found is None:
            return None
        return _ratio(self.reachable_found, self.reachable)


EntityKey = tuple[int, int | str]
"""How a predicted span is identified after alignment: ``(0, entity id)`` or ``(1, folded text)``."""


def _entity_key(doc: PopcornDoc, span: Span, aligned: dict[Span, int | None]) -> EntityKey:
    """Return the gold entity of ``span`` as a key, or its folded text when it aligns to none."""
    if span not in aligned:
        aligned[span] = align_span(span, doc)
    entity = aligned[span]
    return (1, fold(doc.text[span[0] : span[1]])) if entity is None else (0, entity)


def score_popcorn(
    docs: Sequence[PopcornDoc],
    predictions: Mapping[str, Iterable[Prediction]],
    *,
    found_spans: Mapping[str, Iterable[Span]] | None = None,
    mapping: Mapping[str, Sequence[KindRule]] = POPCORN_RELATIONS,
) -> dict[str, KindScores]:
    """Return the scores of ``predictions`` per kind, sorted by kind.

    ``predictions`` maps a document id to ``(kind, subject_span,
    object_span)`` tuples. Each span is aligned to a gold entity
    (:func:`align_span`); a prediction is correct when the gold (through
    ``mapping``, :func:`gold_facts`) has a relation of that kind between the
    aligned entities, in the same direction unless the kind is symmetric or
    the rule undirected. A prediction with an unaligned span, or whose two
    spans align to one entity, is a false positive. ``found_spans`` (per
    document, the mentions our pipeline found) defines the reachable gold
    facts: both entities have a mention overlapping one of them; without it
    the reachable counts are None. Every kind of ``mapping`` has an entry,
    as has every predicted kind (unscored when ``mapping`` has no rule for it).
    """
    mapped = {rule.kind for rules in mapping.values() for rule in rules}
    predicted: dict[str, int] = defaultdict(int)
    correct: dict[str, int] = defaultdict(int)
    unaligned: dict[str, int] = defaultdict(int)
    gold: dict[str, int] = defaultdict(int)
    found: dict[str, int] = defaultdict(int)
    reachable: dict[str, int] = defaultdict(int)
    reachable_found: dict[str, int] = defaultdict(int)
    kinds: set[str] = set(mapped)

    for doc in docs:
        facts = gold_facts(doc, mapping)
        hit: set[GoldFact] = set()
        aligned: dict[Span, int | None] = {}
        seen: set[tuple[str, EntityKey, EntityKey]] = set()
        for kind, s_span, o_span in predictions.get(doc.id, ()):
            kinds.add(kind)
            s = _entity_key(doc, (s_span[0], s_span[1]), aligned)
            o = _entity_key(doc, (o_span[0], o_span[1]), aligned)
            if kind in SYMMETRIC_KINDS and o < s:
                s, o = o, s
            if (kind, s, o) in seen:
                continue
            seen.add((kind, s, o))
            predicted[kind] += 1
            a, b = s[1], o[1]
            if not isinstance(a, int) or not isinstance(b, int):
                unaligned[kind] += 1
                continue
            if a == b:
                continue
            candidates = {_fact(kind, a, b, True)}
            if kind not in SYMMETRIC_KINDS:
                candidates.add((kind, a, b, False))
            matched = candidates & facts
            if matched:
                correct[kind] += 1
                hit |= matched

        reach = reachable_entities(doc, found_spans.get(doc.id, ())) if found_spans else set()
        for fact in facts:
            kind, a, b, _ = fact
            gold[kind] += 1
            found[kind] += fact in hit
            if a in reach and b in reach:
                reachable[kind] += 1
                reachable_found[kind] += fact in hit

    return {
        kind: KindScores(
            kind=kind,
            predicted=predicted[kind],
            correct=correct[kind],
            unaligned=unaligned[kind],
            gold=gold[kind],
            found=found[kind],
            reachable=reachable[kind] if found_spans is not None else None,
            reachable_found=reachable_found[kind] if found_spans is not None else None,
            scored=kind in mapped,
        )
        for kind in sorted(kinds)
    }


def cooccurrence_baseline(
    docs: Sequence[PopcornDoc],
    mention_spans_per_sentence: Mapping[str, Iterable[Sequence[Span]]],
    *,
    kinds: Sequence[str] = POPCORN_KINDS,
) -> dict[str, list[Prediction]]:
    """Return the co-occurrence-only predictions: every kind for every pair of mentions in a sentence.

    ``mention_spans_per_sentence`` maps a document id to its sentences, each
    a sequence of mention spans. For each of ``kinds``, every ordered pair of
    distinct spans of a sentence is predicted (one order only for symmetric
    kinds). Documents of ``docs`` without sentences get an empty list.

    >>> doc = PopcornDoc("d", "A et B.", (), ())
    >>> cooccurrence_baseline([doc], {"d": [[(0, 1), (5, 6)]]}, kinds=("met", "leads"))["d"]
    [('met', (0, 1), (5, 6)), ('leads', (0, 1), (5, 6)), ('leads', (5, 6), (0, 1))]
    """
    out: dict[str, list[Prediction]] = {}
    for doc in docs:
        predictions: list[Prediction] = []
        for sentence in mention_spans_per_sentence.get(doc.id, ()):
            spans = sorted(dict.fromkeys(tuple(s) for s in sentence))
            for kind in kinds:
                for i, a in enumerate(spans):
                    for j, b in enumerate(spans):
                        if i == j or (kind in SYMMETRIC_KINDS and j < i):
                            continue
                        predictions.append((kind, a, b))
        out[doc.id] = predictions
    return out


# --------------------------------------------------------------------------- corpus helpers


def relation_predictions(corpus: Corpus) -> dict[str, list[Prediction]]:
    """Return the typed relations of ``corpus`` as predictions per document.

    Every relation except ``cooccursWith`` that has both ``subject_span`` and
    ``object_span`` becomes ``(kind, subject_span, object_span)``, unless the two
    spans overlap: a place named inside an organisation's name (``Association
    des Chimistes de Paris`` in Paris, :mod:`kg.seats`) cannot be aligned to
    two POPCORN entities, so it is not scored (as relations without spans).
    """
    out: dict[str, list[Prediction]] = defaultdict(list)
    for r in corpus.relations:
        if r.kind == COOCCURRENCE or r.subject_span is None or r.object_span is None:
            continue
        if r.subject_span[0] < r.object_span[1] and r.object_span[0] < r.subject_span[1]:
            continue
        out[r.doc_id].append((r.kind, tuple(r.subject_span), tuple(r.object_span)))
    return dict(out)


def _typed_mentions(corpus: Corpus, types: Sequence[str]):
    entity_types = {e.id: e.type for e in corpus.resolution.entities}
    for mention, entity in zip(corpus.mentions, corpus.resolution.mention_entities, strict=True):
        if entity_types.get(entity) in types:
            yield mention, entity


def sentence_mentions(
    corpus: Corpus, *, types: Sequence[str] = GRAPH_TYPES
) -> dict[str, list[list[Span]]]:
    """Return per document the mention spans of each sentence, one span per entity.

    Mirrors ``cooccursWith``: only mentions whose resolved entity type is in
    ``types`` take part, and an entity named twice in a sentence is kept once
    (its longest mention, the first on ties). Sentences are in document
    order, spans in text order; sentences with fewer than two entities are
    left out.
    """
    groups: dict[tuple[str, int], dict[str, Span]] = defaultdict(dict)
    for mention, entity in _typed_mentions(corpus, types):
        per_entity = groups[(mention.doc_id, mention.sentence)]
        span = (mention.start, mention.end)
        current = per_entity.get(entity)
        if current is None or span[1] - span[0] > current[1] - current[0]:
            per_entity[entity] = span
    out: dict[str, list[list[Span]]] = defaultdict(list)
    for (doc_id, _index), per_entity in sorted(groups.items()):
        if len(per_entity) > 1:
            out[doc_id].append(sorted(per_entity.values()))
    return dict(out)


def mention_spans(corpus: Corpus, *, types: Sequence[str] = GRAPH_TYPES) -> dict[str, list[Span]]:
    """Return per document the spans of the mentions whose entity type is in ``types``, sorted."""
    out: dict[str, list[Span]] = defaultdict(list)
    for mention, _entity in _typed_mentions(corpus, types):
        out[mention.doc_id].append((mention.start, mention.end))
    return {doc_id: sorted(spans) for doc_id, spans in out.items()}


# --------------------------------------------------------------------------- POPCORN formatting


def _cell(numerator: int | None, denominator: int | None, value: float | None) -> str:
    if numerator is None or denominator is None:
        return "n/a"
    return f"{_pct(value)} ({numerator}/{denominator})"


def popcorn_table(systems: Sequence[tuple[str, Mapping[str, KindScores]]]) -> str:
    """Return a markdown table with one row per kind and P / R / reachable R per system.

    Precision cells show ``correct/predicted``, recall cells ``found/gold``,
    reachable recall ``found/reachable``. Kinds are those of the first system.
    """
    if not systems:
        return ""
    head = ["kind", "gold", "reachable"]
    for name, _ in systems:
        head += [f"{name} P", f"{name} R", f"{name} R reach."]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    first = systems[0][1]
    for kind, ref in first.items():
        cells = [kind, str(ref.gold), "n/a" if ref.reachable is None else str(ref.reachable)]
        for _name, scores in systems:
            s = scores.get(kind)
            if s is None:
                cells += ["n/a"] * 3
                continue
            precision = (
                _cell(s.correct, s.predicted, s.precision)
                if s.scored
                else f"unscored ({s.predicted})"
            )
            cells += [
                precision,
                _cell(s.found, s.gold, s.recall),
                _cell(s.reachable_found, s.reachable, s.reachable_recall),
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
