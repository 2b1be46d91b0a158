"""Score the relations of the pipeline against hand-made gold (no file I/O, no model here).

The gold is a TSV with the header ``doc relation required subject object
evidence`` (the seeds gold and the development gold of WiNER-2016 articles):
``relation`` is one kind (``locatedIn``) or ``|``-separated alternatives
(``memberOf|holdsPosition``), ``subject``/``object`` are gold entity *names*
of the entity gold (see :mod:`kg.evaluate`), whose aliases are used for
matching. :func:`parse_gold_relations` reads it, :func:`score_relations`
finds each gold row among the extracted :class:`~kg.types.Relation` records
and lists every typed relation for human review; :func:`format_relation_summary`
prints the headline scores and a per-kind table, :func:`format_relation_report`
every miss and every typed relation. POPCORN is scored in
:mod:`kg.evaluate_popcorn`, quotations in :mod:`kg.evaluate_quotes`.

Names are compared with :func:`kg.ids.fold`. Kinds in :data:`SYMMETRIC_KINDS`
match in either direction; every other kind is directed subject → object.

>>> gold = parse_gold_relations("doc\\trelation\\trequired\\tsubject\\tobject\\tevidence\\n"
...                             "d1\\tlocatedIn\\t1\\tWuzhen\\tChine\\tà Wuzhen, en Chine\\n")
>>> (gold[0].kinds, gold[0].required, gold[0].subject, gold[0].object)
(('locatedIn',), True, 'Wuzhen', 'Chine')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kg.errors import InputError
from kg.evaluate import GoldEntity, tsv_rows
from kg.graph import SYMMETRIC_KINDS as GRAPH_SYMMETRIC_KINDS
from kg.ids import fold
from kg.patterns import KINDS
from kg.relations import COOCCURRENCE, SAID_TO
from kg.types import Entity, Relation

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
        lines[0] += (
            f"; {apart} relation{'s' if apart > 1 else ''} of kinds the gold does not annotate "
            f"({', '.join(sorted(unjudged))}), not judged"
        )
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
