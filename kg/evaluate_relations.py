"""Score the relations of the pipeline against gold (no file I/O, no model here).

Two gold sources, two scorers:

**Seeds gold** — a hand-made TSV with the header
``doc relation required subject object evidence``: ``relation`` is one kind
(``locatedIn``) or ``|``-separated alternatives (``memberOf|holdsPosition``),
``subject``/``object`` are gold entity *names* of the seeds entity gold (see
:mod:`kg.evaluate`), whose aliases are used for matching.
:func:`parse_gold_relations` reads it, :func:`score_relations` finds each gold
row among the extracted :class:`~kg.types.Relation` records and lists every
typed relation for human review, :func:`format_relation_report` prints it.

**POPCORN** — French report-style texts with entities (all mentions, with
offsets) and relations between them (:func:`parse_popcorn`). POPCORN relation
types are translated into our kinds by :data:`POPCORN_RELATIONS`; predictions
``(kind, subject_span, object_span)`` are aligned to gold entities by span
overlap and scored per kind by :func:`score_popcorn`. The co-occurrence
baseline (:func:`cooccurrence_baseline`) predicts every kind for every pair of
mentions in a sentence, so each kind's precision can be compared with its
base rate. :func:`relation_predictions`, :func:`sentence_mentions` and
:func:`mention_spans` turn a processed :class:`~kg.types.Corpus` into the
inputs of these functions.

Names are compared with :func:`kg.ids.fold`. Kinds in :data:`SYMMETRIC_KINDS`
match in either direction; every other kind is directed subject → object.

>>> gold = parse_gold_relations("doc\\trelation\\trequired\\tsubject\\tobject\\tevidence\\n"
...                             "d1\\tlocatedIn\\t1\\tWuzhen\\tChine\\tà Wuzhen, en Chine\\n")
>>> (gold[0].kinds, gold[0].required, gold[0].subject, gold[0].object)
(('locatedIn',), True, 'Wuzhen', 'Chine')
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from kg.errors import InputError
from kg.evaluate import GoldEntity, tsv_rows
from kg.graph import SYMMETRIC_KINDS as GRAPH_SYMMETRIC_KINDS
from kg.ids import fold
from kg.patterns import KINDS
from kg.relations import COOCCURRENCE, SAID_TO
from kg.types import GRAPH_TYPES, Corpus, Entity, Relation

KNOWN_KINDS: tuple[str, ...] = (COOCCURRENCE, *KINDS, SAID_TO)
"""Relation kinds the gold may name: those the pipeline produces."""

SYMMETRIC_KINDS: frozenset[str] = GRAPH_SYMMETRIC_KINDS
"""Kinds whose direction does not matter; all others are directed subject → object."""

UNJUDGED_KINDS: frozenset[str] = frozenset({"interactsWith"})
"""Kinds a relation gold does not annotate (generic interactions): left out of typed precision."""

GOLD_RELATION_COLUMNS = ("doc", "relation", "required", "subject", "object", "evidence")
"""Columns of the gold relation TSV, in order."""

Span = tuple[int, int]
"""Character offsets ``(start, end)`` into a document text."""

Prediction = tuple[str, Span, Span]
"""One predicted relation: ``(kind, subject_span, object_span)``."""


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def _folded(strings: Iterable[str]) -> frozenset[str]:
    return frozenset(f for f in (fold(s) for s in strings) if f)


# =========================================================================== seeds gold


@dataclass(frozen=True, slots=True)
class GoldRelation:
    """One gold row: document ``doc`` states ``subject`` —kind→ ``object``.

    ``kinds`` are the accepted kinds (any one of them counts); ``subject`` and
    ``object`` are gold entity names; ``evidence`` the supporting text.
    """

    doc: str
    kinds: tuple[str, ...]
    required: bool
    subject: str
    object: str
    evidence: str = ""

    @property
    def relation(self) -> str:
        """Return the kinds as written in the gold (``memberOf|holdsPosition``)."""
        return "|".join(self.kinds)


def parse_gold_relations(text: str) -> list[GoldRelation]:
    """Return the gold relations of a TSV ``text``, in file order.

    The header line (``doc relation required subject object evidence``) is
    optional; blank lines and lines starting with ``#`` are skipped; the
    ``evidence`` column may be empty or missing. Each kind must be one of
    :data:`KNOWN_KINDS`. A malformed row raises :class:`~kg.errors.InputError`
    naming its line number.
    """
    return [_gold_relation_row(f, n) for n, f in tsv_rows(text, GOLD_RELATION_COLUMNS)]


def _gold_relation_row(fields: list[str], number: int) -> GoldRelation:
    where = f"gold relations, line {number}"
    if len(fields) == len(GOLD_RELATION_COLUMNS) - 1:  # trailing empty evidence dropped
        fields = [*fields, ""]
    if len(fields) != len(GOLD_RELATION_COLUMNS):
        raise InputError(
            f"{where}: expected {len(GOLD_RELATION_COLUMNS)} tab-separated columns "
            f"({' '.join(GOLD_RELATION_COLUMNS)}), found {len(fields)}"
        )
    doc, relation, required, subject, obj, evidence = fields
    if not doc:
        raise InputError(f"{where}: empty doc column; give the document id (file stem)")
    kinds = tuple(dict.fromkeys(k.strip() for k in relation.split("|") if k.strip()))
    if not kinds:
        raise InputError(f"{where}: empty relation column; give a kind such as locatedIn")
    unknown = [k for k in kinds if k not in KNOWN_KINDS]
    if unknown:
        raise InputError(
            f"{where}: unknown relation kind {unknown[0]!r}; use one of {', '.join(KNOWN_KINDS)}"
        )
    if required not in ("0", "1"):
        raise InputError(f"{where}: required {required!r} must be 0 or 1")
    if not fold(subject):
        raise InputError(f"{where}: empty subject column")
    if not fold(obj):
        raise InputError(f"{where}: empty object column")
    return GoldRelation(doc, kinds, required == "1", subject, obj, evidence)


# --------------------------------------------------------------------------- seeds scoring


@dataclass(frozen=True, slots=True)
class ReviewedRelation:
    """An extracted typed relation, for human review.

    ``subject``/``object`` are entity names; ``gold`` lists the gold rows it
    matches (empty: not in the gold, which is not necessarily wrong).
    """

    doc: str
    kind: str
    subject: str
    object: str
    value: str | None
    pattern: str
    confidence: float
    evidence: str
    gold: tuple[GoldRelation, ...] = ()

    @property
    def matched(self) -> bool:
        """Return True when the relation matches at least one gold row."""
        return bool(self.gold)


@dataclass(frozen=True, slots=True)
class MissedRelation:
    """A gold row that no extracted relation matches, with hints for the reviewer.

    ``subject_found``/``object_found``: an entity of the document matches the
    gold name; ``extracted_kinds``: the kinds extracted between matching
    entities in the document, either direction (``cooccursWith`` when only
    co-occurrence links them, a typed kind when the kind or the direction is wrong).
    """

    gold: GoldRelation
    subject_found: bool
    object_found: bool
    extracted_kinds: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class KindCounts:
    """Counts for one kind.

    ``gold`` rows accept the kind, ``found`` of them are matched by a relation
    of this kind (``required``/``required_found``: the same for required
    rows); ``extracted`` relations have the kind, ``matched`` of them match a
    gold row.
    """

    kind: str
    gold: int
    found: int
    extracted: int
    matched: int
    required: int = 0
    required_found: int = 0

    @property
    def precision(self) -> float | None:
        """Return matched / extracted, or None when nothing of this kind was extracted."""
        return _ratio(self.matched, self.extracted)


@dataclass(frozen=True, slots=True)
class RelationScores:
    """The relation quality of the pipeline on the seeds.

    ``found`` of ``total`` gold rows (``required_found`` of ``required_total``
    required ones) are matched by an extracted relation; ``missed`` lists the
    others in gold order; ``typed`` is every extracted relation except
    ``cooccursWith``, sorted by document, kind, subject, object, offset;
    ``per_kind`` the counts per kind, sorted by kind; ``relation_count`` the
    number of extracted relations of any kind.
    """

    required_found: int
    required_total: int
    found: int
    total: int
    missed: tuple[MissedRelation, ...]
    typed: tuple[ReviewedRelation, ...]
    per_kind: tuple[KindCounts, ...]
    relation_count: int

    @property
    def required_recall(self) -> float | None:
        """Return required_found / required_total, or None when nothing is required."""
        return _ratio(self.required_found, self.required_total)

    @property
    def recall(self) -> float | None:
        """Return found / total, or None without gold rows."""
        return _ratio(self.found, self.total)

    @property
    def typed_matched(self) -> int:
        """Return the number of typed relations that match a gold row."""
        return sum(r.matched for r in self.typed)

    def judged(self, unjudged: Iterable[str] = ()) -> list[ReviewedRelation]:
        """Return the typed relations the gold can judge: those of kinds not in ``unjudged``."""
        skip = frozenset(unjudged)
        return [r for r in self.typed if r.kind not in skip]

    def typed_precision(self, unjudged: Iterable[str] = ()) -> float | None:
        """Return the share of judged typed relations (see :meth:`judged`) matching a gold row."""
        judged = self.judged(unjudged)
        return _ratio(sum(r.matched for r in judged), len(judged))


def gold_name_forms(name: str, gold_entities: Iterable[GoldEntity] = ()) -> frozenset[str]:
    """Return the folded forms of gold name ``name``.

    That is ``fold(name)`` plus the folded name and aliases of every gold
    entity (any document) whose folded name equals ``fold(name)``.

    >>> g = GoldEntity("d", "LOC", True, "Viêt Nam", ("Vietnam",))
    >>> sorted(gold_name_forms("Viet Nam", [g]))
    ['viet nam', 'vietnam']
    """
    key = fold(name)
    forms = {key} if key else set()
    for g in gold_entities:
        if fold(g.name) == key:
            forms |= g.forms()
    return frozenset(forms)


def entity_forms(entity: Entity) -> frozenset[str]:
    """Return the folded name and aliases of ``entity`` (empty folds left out)."""
    return _folded((entity.name, *entity.aliases))


def _matches(
    relation: Relation,
    gold: GoldRelation,
    forms: Mapping[str, frozenset[str]],
    subject_forms: frozenset[str],
    object_forms: frozenset[str],
    *,
    kind: bool = True,
) -> bool:
    """Return True when ``relation`` states ``gold`` (same doc, kind if asked, entities, direction)."""
    if relation.doc_id != gold.doc or (kind and relation.kind not in gold.kinds):
        return False
    s = forms.get(relation.subject, frozenset({fold(relation.subject)}))
    o = forms.get(relation.object, frozenset({fold(relation.object)}))
    if s & subject_forms and o & object_forms:
        return True
    return relation.kind in SYMMETRIC_KINDS and bool(o & subject_forms and s & object_forms)


def score_relations(
    relations: Iterable[Relation],
    entities: Iterable[Entity],
    gold: Sequence[GoldRelation],
    *,
    gold_entities: Iterable[GoldEntity] = (),
) -> RelationScores:
    """Return how many gold rows the extracted ``relations`` find, and the typed relations to review.

    A gold row is found when a relation of the same document has one of its
    kinds and its subject and object entities match the gold subject and
    object; for kinds of :data:`SYMMETRIC_KINDS` they may also be swapped. An
    entity (looked up by id in ``entities``) matches a gold name when one of
    its folded names (name or alias) is among :func:`gold_name_forms` of that
    name, using the aliases of ``gold_entities``.

    >>> from kg.types import Entity, Relation
    >>> ents = [Entity("viet nam", "Viêt Nam", "LOC", ("Vietnam",), 1, ("d",)),
    ...         Entity("asean", "ASEAN", "ORG", (), 1, ("d",))]
    >>> rel = Relation("memberOf", "viet nam", "asean", "d", "...", 0, 3)
    >>> gold = [GoldRelation("d", ("memberOf",), True, "Vietnam", "ASEAN")]
    >>> score_relations([rel], ents, gold).required_found
    1
    """
    relations = list(relations)
    by_id = {e.id: e for e in entities}
    forms = {eid: entity_forms(e) for eid, e in by_id.items()}
    gold_entities = list(gold_entities)
    gold_forms = [
        (gold_name_forms(g.subject, gold_entities), gold_name_forms(g.object, gold_entities))
        for g in gold
    ]
    by_doc: dict[str, list[Relation]] = defaultdict(list)
    for r in relations:
        by_doc[r.doc_id].append(r)

    found_by: dict[int, set[str]] = defaultdict(set)  # gold index -> kinds that found it
    reviewed: list[tuple[tuple, ReviewedRelation]] = []
    matched_by_kind: dict[str, int] = defaultdict(int)
    extracted_by_kind: dict[str, int] = defaultdict(int)
    for r in relations:
        hits = []
        for i, g in enumerate(gold):
            if _matches(r, g, forms, *gold_forms[i]):
                hits.append(i)
                found_by[i].add(r.kind)
        if r.kind == COOCCURRENCE:
            continue
        extracted_by_kind[r.kind] += 1
        matched_by_kind[r.kind] += bool(hits)
        item = ReviewedRelation(
            doc=r.doc_id,
            kind=r.kind,
            subject=by_id[r.subject].name if r.subject in by_id else r.subject,
            object=by_id[r.object].name if r.object in by_id else r.object,
            value=r.value,
            pattern=r.pattern,
            confidence=r.confidence,
            evidence=r.evidence,
            gold=tuple(gold[i] for i in hits),
        )
        sort_key = (item.doc, item.kind, fold(item.subject), fold(item.object), r.start, r.end)
        reviewed.append((sort_key, item))
    reviewed.sort(key=lambda pair: pair[0])

    missed: list[MissedRelation] = []
    for i, g in enumerate(gold):
        if i in found_by:
            continue
        s_forms, o_forms = gold_forms[i]
        in_doc = [e for e in by_id.values() if g.doc in e.documents]
        others = {
            r.kind
            for r in by_doc.get(g.doc, ())
            if _matches(r, g, forms, s_forms, o_forms, kind=False)
            or _matches(r, _swapped(g), forms, o_forms, s_forms, kind=False)
        }
        missed.append(
            MissedRelation(
                gold=g,
                subject_found=any(forms[e.id] & s_forms for e in in_doc),
                object_found=any(forms[e.id] & o_forms for e in in_doc),
                extracted_kinds=tuple(sorted(others)),
            )
        )

    kinds = sorted({k for g in gold for k in g.kinds} | set(extracted_by_kind))
    per_kind = tuple(
        KindCounts(
            kind=k,
            gold=sum(k in g.kinds for g in gold),
            found=sum(k in found_by.get(i, ()) for i in range(len(gold))),
            extracted=extracted_by_kind[k],
            matched=matched_by_kind[k],
            required=sum(k in g.kinds and g.required for g in gold),
            required_found=sum(
                k in found_by.get(i, ()) and g.required for i, g in enumerate(gold)
            ),
        )
        for k in kinds
    )
    return RelationScores(
        required_found=sum(g.required and i in found_by for i, g in enumerate(gold)),
        required_total=sum(g.required for g in gold),
        found=len(found_by),
        total=len(gold),
        missed=tuple(missed),
        typed=tuple(item for _key, item in reviewed),
        per_kind=per_kind,
        relation_count=len(relations),
    )


def format_relation_summary(scores: RelationScores, *, unjudged: Iterable[str] = ()) -> str:
    """Return the headline scores and a per-kind table as text.

    Typed precision counts every typed relation except those of ``unjudged``
    kinds, which the gold does not annotate (they are counted apart).

    >>> s = RelationScores(1, 2, 1, 3, (), (), (KindCounts("met", 3, 1, 2, 1, 2, 1),), 5)
    >>> print(format_relation_summary(s))  # doctest: +NORMALIZE_WHITESPACE
    relations: required recall 1/2 (0.50), all-relation recall 1/3 (0.33), typed precision 0/0 (n/a)
    kind  required  all  precision
    met   1/2       1/3  1/2 (0.50)
    """
    unjudged = frozenset(unjudged)
    judged = scores.judged(unjudged)
    correct = sum(r.matched for r in judged)
    lines = [
        f"relations: required recall {scores.required_found}/{scores.required_total} "
        f"({_pct(scores.required_recall)}), all-relation recall {scores.found}/{scores.total} "
        f"({_pct(scores.recall)}), typed precision {correct}/{len(judged)} "
        f"({_pct(scores.typed_precision(unjudged))})"
    ]
    apart = len(scores.typed) - len(judged)
    if apart:
        lines[0] += f"; {apart} relations of kinds the gold does not annotate ({', '.join(sorted(unjudged))})"
    rows = [("kind", "required", "all", "precision")]
    for k in scores.per_kind:
        precision = "not judged" if k.kind in unjudged else (
            f"{k.matched}/{k.extracted} ({_pct(k.precision)})" if k.extracted else "-"
        )
        rows.append((k.kind, f"{k.required_found}/{k.required}", f"{k.found}/{k.gold}", precision))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return "\n".join(lines)


def _swapped(g: GoldRelation) -> GoldRelation:
    return GoldRelation(g.doc, g.kinds, g.required, g.object, g.subject, g.evidence)


def format_relation_report(scores: RelationScores) -> str:
    """Return the seeds report as text.

    Headline (required found X/Y, all found), per-kind counts, missed gold
    rows with hints, then every typed relation for review (``✓`` when it
    matches a gold row).
    """
    lines = [
        f"required found {scores.required_found}/{scores.required_total} "
        f"({_pct(scores.required_recall)}), "
        f"all found {scores.found}/{scores.total} ({_pct(scores.recall)}); "
        f"{len(scores.typed)} typed relations ({scores.typed_matched} match the gold), "
        f"{scores.relation_count} relations in all"
    ]
    lines.append(
        "Per kind (gold rows found / accepting the kind; extracted matching gold / extracted):"
    )
    width = max((len(k.kind) for k in scores.per_kind), default=4)
    for k in scores.per_kind:
        lines.append(
            f"  {k.kind:<{width}}  gold {k.found}/{k.gold}  extracted {k.matched}/{k.extracted}"
        )
    if not scores.per_kind:
        lines.append("  (none)")
    lines.append(f"Missed gold relations ({len(scores.missed)}):")
    for m in scores.missed:
        g = m.gold
        hints = []
        if not m.subject_found:
            hints.append("subject not found")
        if not m.object_found:
            hints.append("object not found")
        if m.extracted_kinds:
            hints.append(f"extracted: {', '.join(m.extracted_kinds)}")
        elif m.subject_found and m.object_found:
            hints.append("no relation between them")
        note = f"  [{'; '.join(hints)}]" if hints else ""
        lines.append(
            f"  {'R' if g.required else ' '} {g.doc}  {g.relation}  {g.subject} -> {g.object}{note}"
        )
        if g.evidence:
            lines.append(f"      « {g.evidence} »")
    if not scores.missed:
        lines.append("  (none)")
    lines.append(f"Typed relations for review ({len(scores.typed)}):")
    for r in scores.typed:
        value = f" [{r.value}]" if r.value else ""
        lines.append(
            f"  {'✓' if r.matched else ' '} {r.doc}  {r.kind}  {r.subject} -> {r.object}{value}"
            f"  ({r.pattern or '?'}, {r.confidence:.2f})"
        )
        lines.append(f"      « {r.evidence} »")
    if not scores.typed:
        lines.append("  (none)")
    return "\n".join(lines)


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
    ``object_span`` becomes ``(kind, subject_span, object_span)``.
    """
    out: dict[str, list[Prediction]] = defaultdict(list)
    for r in corpus.relations:
        if r.kind == COOCCURRENCE or r.subject_span is None or r.object_span is None:
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
