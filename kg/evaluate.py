"""Score the entities of a graph against hand-made gold (no file I/O here).

The gold is a TSV with the header ``doc type required name aliases``:
``doc`` is a document id (file stem), ``type`` one of PER/LOC/ORG/MISC,
``required`` 1 when the entity must be found, ``name`` the canonical name and
``aliases`` its ``|``-separated surface forms. :func:`parse_gold_entities`
turns that text into :class:`GoldEntity` records.

A system's output is seen as a list of :class:`NodeView` (label, type,
aliases, documents), taken from a networkx graph (:func:`nodes_from_graph`),
an RDF export (:func:`nodes_from_rdf`) or raw spaCy output
(:func:`raw_spacy_nodes`, the baseline). Strings are compared with
:func:`kg.resolve.fold`: a node *matches* a gold entity when one of its folded
names (label or alias) equals one of the folded gold names (name or alias) and
the gold entity's document is among the node's documents.

:func:`score_entities` reports typed precision, required recall and split
gold entities (one gold entity spread over several nodes), overall and per type.

>>> gold = parse_gold_entities("doc\\ttype\\trequired\\tname\\taliases\\n"
...                            "d1\\tLOC\\t1\\tChine\\tChine|RPC\\n")
>>> nodes = [NodeView("chine", "Chine", "LOC", ("la Chine",), ("d1",))]
>>> s = score_entities(nodes, gold)
>>> (s.typed_precision, s.required_recall, s.split_count)
(1.0, 1.0, 0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kg.config import DEFAULT_MODEL
from kg.errors import InputError
from kg.resolve import fold
from kg.types import ALL_TYPES, GRAPH_TYPES, Corpus

if TYPE_CHECKING:  # heavy imports only for type checkers
    import networkx as nx
    import rdflib
    from spacy.language import Language
    from spacy.tokens import Doc

GOLD_COLUMNS = ("doc", "type", "required", "name", "aliases")
"""Columns of the gold entity TSV, in order."""


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """One gold row: an entity that document ``doc`` names.

    ``aliases`` are the surface forms as written in the gold (the canonical
    ``name`` is not necessarily among them; matching uses both).
    """

    doc: str
    type: str
    required: bool
    name: str
    aliases: tuple[str, ...] = ()

    def forms(self) -> frozenset[str]:
        """Return the folded name and aliases (empty folds left out)."""
        return _folded((self.name, *self.aliases))


@dataclass(frozen=True, slots=True)
class NodeView:
    """The minimal view of a graph node that scoring needs.

    ``id`` identifies the node (two views with the same id are one node),
    ``aliases`` and ``documents`` are sorted tuples.
    """

    id: str
    label: str
    type: str
    aliases: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()

    def forms(self) -> frozenset[str]:
        """Return the folded label and aliases (empty folds left out)."""
        return _folded((self.label, *self.aliases))


@dataclass(frozen=True, slots=True)
class IncorrectNode:
    """A typed node that matches no gold entity of its type in its documents.

    ``gold_types`` lists the types of gold entities it does match (in its
    documents) with another type: non-empty means "right entity, wrong type".
    """

    label: str
    type: str
    documents: tuple[str, ...]
    gold_types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MissedEntity:
    """A required gold entity that no node of the same type matches."""

    doc: str
    type: str
    name: str


@dataclass(frozen=True, slots=True)
class SplitEntity:
    """A gold entity (rows grouped by folded name) matched by several distinct nodes.

    ``nodes`` are the ``(label, type)`` of the matching nodes, sorted.
    """

    name: str
    nodes: tuple[tuple[str, str], ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """Return the labels of the matching nodes."""
        return tuple(label for label, _ in self.nodes)


@dataclass(frozen=True, slots=True)
class TypeScores:
    """Precision and recall counts for one entity type."""

    type: str
    correct: int
    total: int
    found: int
    required: int

    @property
    def precision(self) -> float | None:
        """Return correct / total nodes of this type, or None when there are none."""
        return _ratio(self.correct, self.total)

    @property
    def recall(self) -> float | None:
        """Return found / required gold entities of this type, or None when there are none."""
        return _ratio(self.found, self.required)


@dataclass(frozen=True, slots=True)
class EntityScores:
    """The entity quality of one system against the gold.

    Counts: ``typed_correct`` of ``typed_total`` nodes whose type is scored are
    correct; ``required_found`` of ``required_total`` required gold entities are
    found; ``node_count`` is the number of nodes of any type given. Lists for
    review: ``incorrect`` nodes, ``missed`` required entities, ``splits``.
    ``per_type`` has one :class:`TypeScores` per scored type, in ``types`` order.
    """

    types: tuple[str, ...]
    typed_correct: int
    typed_total: int
    required_found: int
    required_total: int
    node_count: int
    incorrect: tuple[IncorrectNode, ...]
    missed: tuple[MissedEntity, ...]
    splits: tuple[SplitEntity, ...]
    per_type: tuple[TypeScores, ...]

    @property
    def typed_precision(self) -> float | None:
        """Return typed_correct / typed_total, or None when no node has a scored type."""
        return _ratio(self.typed_correct, self.typed_total)

    @property
    def required_recall(self) -> float | None:
        """Return required_found / required_total, or None when nothing is required."""
        return _ratio(self.required_found, self.required_total)

    @property
    def split_count(self) -> int:
        """Return the number of split gold entities."""
        return len(self.splits)


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _folded(strings: Iterable[str]) -> frozenset[str]:
    return frozenset(f for f in (fold(s) for s in strings) if f)


# --------------------------------------------------------------------------- gold


def parse_gold_entities(text: str) -> list[GoldEntity]:
    """Return the gold entities of a TSV ``text``, in file order.

    The header line (``doc type required name aliases``) is optional; blank
    lines and lines starting with ``#`` are skipped. ``aliases`` may be empty.
    A malformed row raises :class:`~kg.errors.InputError` naming its line number.
    """
    return [_gold_row(fields, number) for number, fields in tsv_rows(text, GOLD_COLUMNS)]


def tsv_rows(text: str, columns: Sequence[str]) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line number, stripped fields)`` of a gold TSV ``text``.

    Blank lines and ``#`` comments are skipped, and so is a first line equal
    to ``columns`` (the optional header).
    """
    header = tuple(columns)
    seen_content = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if not seen_content:
            seen_content = True
            if tuple(f.lower() for f in fields) == header:
                continue
        yield number, fields


def _gold_row(fields: list[str], number: int) -> GoldEntity:
    where = f"gold entities, line {number}"
    if len(fields) == len(GOLD_COLUMNS) - 1:  # trailing empty aliases column dropped
        fields = [*fields, ""]
    if len(fields) != len(GOLD_COLUMNS):
        raise InputError(
            f"{where}: expected {len(GOLD_COLUMNS)} tab-separated columns "
            f"({' '.join(GOLD_COLUMNS)}), found {len(fields)}"
        )
    doc, etype, required, name, aliases = fields
    if not doc:
        raise InputError(f"{where}: empty doc column; give the document id (file stem)")
    if etype not in ALL_TYPES:
        raise InputError(f"{where}: type {etype!r} is not one of {', '.join(ALL_TYPES)}")
    if required not in ("0", "1"):
        raise InputError(f"{where}: required {required!r} must be 0 or 1")
    if not fold(name):
        raise InputError(f"{where}: empty name column")
    forms = [a.strip() for a in aliases.split("|")]
    unique = tuple(dict.fromkeys(a for a in forms if a))
    return GoldEntity(doc=doc, type=etype, required=required == "1", name=name, aliases=unique)


# --------------------------------------------------------------------------- node views


def nodes_from_graph(G: nx.MultiDiGraph) -> list[NodeView]:
    """Return one :class:`NodeView` per node of ``G`` (attributes per :mod:`kg.graph`), sorted."""
    views = [
        NodeView(
            id=str(node),
            label=str(data.get("label", node)),
            type=str(data.get("type", "MISC")),
            aliases=tuple(sorted(str(a) for a in data.get("aliases", ()))),
            documents=tuple(sorted(str(d) for d in data.get("documents", ()))),
        )
        for node, data in G.nodes(data=True)
    ]
    return sorted(views, key=_view_key)


def nodes_from_rdf(g: rdflib.Graph) -> list[NodeView]:
    """Return one :class:`NodeView` per entity of the RDF export ``g``, sorted.

    Entities are subjects typed with a class of :data:`kg.ids.TYPE_CLASSES`
    that have an ``rdfs:label``;
    label is ``rdfs:label``, aliases the ``skos:altLabel`` values, documents
    the ``schema:identifier`` of the resources that ``schema:mentions`` them.
    The id is the resolution key ``fold(label)`` when the entity IRI is the
    one :func:`kg.ids.entity_iri` mints for that key (as in graphs built by
    the pipeline, so the views equal those of :func:`nodes_from_graph`),
    otherwise the entity IRI itself.
    """
    from rdflib import RDF, RDFS, SKOS

    from kg.ids import SCHEMA, TYPE_CLASSES, slugify

    class_types = {cls: etype for etype, cls in TYPE_CLASSES.items()}
    order = {t: i for i, t in enumerate(ALL_TYPES)}
    types: dict[object, list[str]] = defaultdict(list)
    for cls, etype in class_types.items():
        for subject in g.subjects(RDF.type, cls):
            types[subject].append(etype)

    views = []
    for subject, etypes in types.items():
        label = g.value(subject, RDFS.label)
        if label is None:  # not an entity of the graph (an article's author, say)
            continue
        label_text = str(label)
        aliases = tuple(sorted(str(a) for a in g.objects(subject, SKOS.altLabel)))
        documents = tuple(
            sorted(
                str(identifier)
                for doc in g.subjects(SCHEMA.mentions, subject)
                for identifier in g.objects(doc, SCHEMA.identifier)
            )
        )
        key = fold(label_text)
        iri = str(subject)
        node_id = key if key and iri.rsplit("entity/", 1)[-1] == slugify(key) else iri
        views.append(
            NodeView(
                id=node_id,
                label=label_text,
                type=min(etypes, key=order.__getitem__),
                aliases=aliases,
                documents=documents,
            )
        )
    return sorted(views, key=_view_key)


def raw_spacy_nodes(docs: Iterable[tuple[str, Doc]]) -> list[NodeView]:
    """Return the raw-spaCy baseline: one node per (surface string, label), sorted.

    ``docs`` are ``(doc_id, spacy_doc)`` pairs. Every ``doc.ents`` span labelled
    PER, LOC, ORG or MISC counts, uncleaned (only whitespace is collapsed);
    the node id is ``"LABEL:surface"``, it has no aliases and its documents
    are the ids of the docs it appears in.
    """
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    for doc_id, doc in docs:
        for ent in doc.ents:
            if ent.label_ not in ALL_TYPES:
                continue
            surface = " ".join(ent.text.split())
            if surface:
                where[(surface, ent.label_)].add(doc_id)
    views = [
        NodeView(
            id=f"{label}:{surface}",
            label=surface,
            type=label,
            aliases=(),
            documents=tuple(sorted(doc_ids)),
        )
        for (surface, label), doc_ids in where.items()
    ]
    return sorted(views, key=_view_key)


def _view_key(v: NodeView) -> tuple[str, str, str]:
    return (v.id, v.type, v.label)


# --------------------------------------------------------------------------- scoring


def score_entities(
    nodes: Sequence[NodeView],
    gold: Sequence[GoldEntity],
    *,
    types: Sequence[str] = GRAPH_TYPES,
) -> EntityScores:
    """Return the :class:`EntityScores` of ``nodes`` against ``gold``.

    - typed precision: a node whose type is in ``types`` is correct when it
      matches a gold entity of the same type (required or not);
    - required recall: a required gold entity whose type is in ``types`` is
      found when a node of the same type matches it;
    - splits: gold rows whose type is in ``types`` are grouped by folded name
      (union of their aliases and documents); a group is split when more than
      one distinct node (by id, any type) matches it.
    """
    scored = tuple(types)
    by_form: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(gold):
        for form in g.forms():
            by_form[form].append(i)

    def matches(node: NodeView) -> list[int]:
        docs = set(node.documents)
        hits = {i for form in node.forms() for i in by_form.get(form, ())}
        return sorted(i for i in hits if gold[i].doc in docs)

    node_matches = [matches(n) for n in nodes]

    # typed precision
    incorrect: list[IncorrectNode] = []
    correct_by_type: dict[str, int] = defaultdict(int)
    total_by_type: dict[str, int] = defaultdict(int)
    found_gold: set[int] = set()
    for node, hits in zip(nodes, node_matches, strict=True):
        same = [i for i in hits if gold[i].type == node.type]
        found_gold.update(same)
        if node.type not in scored:
            continue
        total_by_type[node.type] += 1
        if same:
            correct_by_type[node.type] += 1
        else:
            other = tuple(sorted({gold[i].type for i in hits}))
            incorrect.append(IncorrectNode(node.label, node.type, node.documents, other))

    # required recall
    missed: list[MissedEntity] = []
    required_by_type: dict[str, int] = defaultdict(int)
    found_by_type: dict[str, int] = defaultdict(int)
    for i, g in enumerate(gold):
        if not g.required or g.type not in scored:
            continue
        required_by_type[g.type] += 1
        if i in found_gold:
            found_by_type[g.type] += 1
        else:
            missed.append(MissedEntity(g.doc, g.type, g.name))

    splits = _splits(nodes, [g for g in gold if g.type in scored])

    per_type = tuple(
        TypeScores(
            type=t,
            correct=correct_by_type[t],
            total=total_by_type[t],
            found=found_by_type[t],
            required=required_by_type[t],
        )
        for t in scored
    )
    return EntityScores(
        types=scored,
        typed_correct=sum(correct_by_type.values()),
        typed_total=sum(total_by_type.values()),
        required_found=sum(found_by_type.values()),
        required_total=sum(required_by_type.values()),
        node_count=len(nodes),
        incorrect=tuple(sorted(incorrect, key=lambda n: (n.type, fold(n.label), n.label))),
        missed=tuple(missed),
        splits=splits,
        per_type=per_type,
    )


def _splits(nodes: Sequence[NodeView], gold: Sequence[GoldEntity]) -> tuple[SplitEntity, ...]:
    """Return the gold entities (grouped by folded name) that several nodes match."""
    groups: dict[str, tuple[str, set[str], set[str]]] = {}
    for g in gold:
        key = fold(g.name)
        _name, forms, docs = groups.setdefault(key, (g.name, set(), set()))
        forms.update(g.forms())
        docs.add(g.doc)

    by_form: dict[str, set[str]] = defaultdict(set)
    for key, (_name, forms, _docs) in groups.items():
        for form in forms:
            by_form[form].add(key)

    matched: dict[str, dict[str, NodeView]] = defaultdict(dict)
    for node in nodes:
        docs = set(node.documents)
        for key in {k for form in node.forms() for k in by_form.get(form, ())}:
            if docs & groups[key][2]:
                matched[key][node.id] = node

    out = [
        SplitEntity(groups[key][0], tuple(sorted((n.label, n.type) for n in found.values())))
        for key, found in matched.items()
        if len(found) > 1
    ]
    return tuple(sorted(out, key=lambda s: (fold(s.name), s.name)))


# --------------------------------------------------------------------------- formatting


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def format_scores(name: str, scores: EntityScores) -> str:
    """Return a compact multi-line summary: the headline figures, then one line per type."""
    lines = [
        f"{name}: typed precision {_pct(scores.typed_precision)} "
        f"({scores.typed_correct}/{scores.typed_total}), "
        f"required recall {_pct(scores.required_recall)} "
        f"({scores.required_found}/{scores.required_total}), "
        f"{scores.split_count} split gold entities, "
        f"{scores.typed_total} {'/'.join(scores.types)} nodes ({scores.node_count} in all)"
    ]
    for t in scores.per_type:
        lines.append(
            f"  {t.type:<4} precision {_pct(t.precision)} ({t.correct}/{t.total})"
            f"  recall {_pct(t.recall)} ({t.found}/{t.required})"
        )
    return "\n".join(lines)


def format_details(scores: EntityScores) -> str:
    """Return the review lists as text: missed required entities, incorrect nodes, splits."""
    lines = [f"Missed required entities ({len(scores.missed)}):"]
    lines += [f"  {m.doc}  {m.type:<4} {m.name}" for m in scores.missed] or ["  (none)"]
    lines.append(f"Incorrect nodes ({len(scores.incorrect)}):")
    for n in scores.incorrect:
        note = f"  [gold: {'/'.join(n.gold_types)}]" if n.gold_types else ""
        lines.append(f"  {n.type:<4} {n.label}  ({', '.join(n.documents)}){note}")
    if not scores.incorrect:
        lines.append("  (none)")
    lines.append(f"Split gold entities ({scores.split_count}):")
    for s in scores.splits:
        nodes = ", ".join(f"{label} [{etype}]" for label, etype in s.nodes)
        lines.append(f"  {s.name} -> {nodes}")
    if not scores.splits:
        lines.append("  (none)")
    return "\n".join(lines)


def compare_table(rows: list[tuple[str, EntityScores]]) -> str:
    """Return a markdown table comparing systems, one row per ``(system name, scores)``.

    Columns: system, typed precision (correct/total), required recall
    (found/total), split gold entities, nodes (of the scored types).
    """
    out = [
        "| system | typed precision | required recall | split gold entities | nodes |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, s in rows:
        out.append(
            f"| {name} "
            f"| {_pct(s.typed_precision)} ({s.typed_correct}/{s.typed_total}) "
            f"| {_pct(s.required_recall)} ({s.required_found}/{s.required_total}) "
            f"| {s.split_count} "
            f"| {s.typed_total} |"
        )
    return "\n".join(out)


# --------------------------------------------------------------------------- mentions

NER_LABELS: tuple[str, ...] = ("PER", "LOC", "ORG", "MISC")
"""Labels scored at mention level (CoNLL-style)."""


@dataclass(frozen=True, slots=True)
class LabelledSpan:
    """A mention as character offsets and a label."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class NerDocument:
    """A gold document for mention-level scoring."""

    id: str
    text: str
    spans: tuple[LabelledSpan, ...]


def parse_ner_jsonl(text: str, *, source: str = "NER gold") -> list[NerDocument]:
    """Return the documents of a JSONL ``text`` of ``{id|doc_id, text, entities}`` lines.

    Each entity has ``start``, ``end`` and ``label``; when it has a ``conll4``
    key (as in WiNER) that label is used instead, and entities whose
    ``conll4`` is null (dates, hours) or whose ``outermost`` is false (nested)
    are left out. Raises :class:`InputError` naming the line of a bad record.
    """
    import json

    docs: list[NerDocument] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            doc_text = record["text"]
            doc_id = str(record.get("id", record.get("doc_id", f"line{number}")))
            spans = []
            for ent in record.get("entities", ()):
                if ent.get("outermost") is False:
                    continue
                label = ent["conll4"] if "conll4" in ent else ent["label"]
                if label is None:
                    continue
                start, end = int(ent["start"]), int(ent["end"])
                if not 0 <= start < end <= len(doc_text):
                    raise ValueError(f"span {start}-{end} outside the text")
                spans.append(LabelledSpan(start, end, str(label)))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{source}, line {number}: bad record ({exc})") from exc
        docs.append(NerDocument(doc_id, doc_text, tuple(sorted(set(spans), key=_span_key))))
    return docs


def _span_key(s: LabelledSpan) -> tuple[int, int, str]:
    return (s.start, s.end, s.label)


@dataclass(frozen=True, slots=True)
class LabelCounts:
    """True positives, false positives and false negatives of one label (exact span and label)."""

    label: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        """Return tp / (tp + fp), or None without predictions."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """Return tp / (tp + fn), or None without gold mentions."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """Return the harmonic mean of precision and recall (None if undefined)."""
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True, slots=True)
class MentionScores:
    """Mention-level scores: one :class:`LabelCounts` per label and the micro-averaged total."""

    per_label: tuple[LabelCounts, ...]
    overall: LabelCounts

    def label(self, name: str) -> LabelCounts:
        """Return the counts of label ``name``."""
        return next(c for c in self.per_label if c.label == name)


def score_mentions(
    pairs: Iterable[tuple[Iterable[LabelledSpan], Iterable[LabelledSpan]]],
    *,
    labels: Sequence[str] = NER_LABELS,
) -> MentionScores:
    """Return exact-match scores over ``(predicted, gold)`` span pairs, one pair per document.

    A prediction is correct when a gold mention has the same start, end and
    label. Spans whose label is not in ``labels`` are ignored on both sides.

    >>> p = [LabelledSpan(0, 5, "LOC"), LabelledSpan(9, 12, "PER")]
    >>> g = [LabelledSpan(0, 5, "LOC"), LabelledSpan(9, 12, "ORG")]
    >>> s = score_mentions([(p, g)])
    >>> (s.overall.tp, s.overall.fp, s.overall.fn)
    (1, 1, 1)
    """
    tp = dict.fromkeys(labels, 0)
    fp = dict.fromkeys(labels, 0)
    fn = dict.fromkeys(labels, 0)
    for predicted, gold in pairs:
        pred = {s for s in predicted if s.label in tp}
        true = {s for s in gold if s.label in tp}
        for s in pred & true:
            tp[s.label] += 1
        for s in pred - true:
            fp[s.label] += 1
        for s in true - pred:
            fn[s.label] += 1
    per_label = tuple(LabelCounts(lab, tp[lab], fp[lab], fn[lab]) for lab in labels)
    overall = LabelCounts("ALL", sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return MentionScores(per_label, overall)


def mention_table(rows: Sequence[tuple[str, MentionScores]]) -> str:
    """Return a markdown table of F1 per label and overall precision, recall and F1."""
    if not rows:
        return ""
    labels = [c.label for c in rows[0][1].per_label]
    head = ["system", "P", "R", "F1", *[f"{lab} F1" for lab in labels]]
    lines = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * (len(head) - 1)]
    for name, s in rows:
        cells = [name, _pc(s.overall.precision), _pc(s.overall.recall), _pc(s.overall.f1)]
        cells += [_pc(s.label(lab).f1) for lab in labels]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _pc(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}"


def predicted_spans(corpus: Corpus) -> dict[str, list[LabelledSpan]]:
    """Return the mentions of a processed corpus per document, labelled with their entity's type.

    This is what the graph says about each mention: the type after resolution,
    not the model's label.
    """
    types = {e.id: e.type for e in corpus.resolution.entities}
    out: dict[str, list[LabelledSpan]] = defaultdict(list)
    for mention, entity in zip(corpus.mentions, corpus.resolution.mention_entities, strict=True):
        out[mention.doc_id].append(LabelledSpan(mention.start, mention.end, types[entity]))
    return out


def compare_ner(
    docs: Sequence[NerDocument],
    *,
    model: str = DEFAULT_MODEL,
    batch_size: int = 32,
) -> list[tuple[str, MentionScores]]:
    """Return mention-level scores of the raw ``model`` and of kg on ``docs``, in one run.

    ``raw`` is ``spacy.load(model)`` with ``doc.ents`` as they come; ``kg`` is
    the full pipeline (normalise, clean, resolve), each mention labelled with
    the type of its resolved entity. When kg's fine-tuned NER applies to
    ``model`` (:mod:`kg.nermodel`), kg is scored with the model's own NER too
    (``kg, stock NER``); leave out of ``docs`` the articles it was trained on.
    """
    import spacy

    from kg.annotate import load_model
    from kg.nermodel import applies_to

    gold = {d.id: d.spans for d in docs}
    raw_nlp = spacy.load(model)
    fine_tuned = applies_to(raw_nlp)
    raw_pairs = []
    for sdoc, doc in raw_nlp.pipe(
        ((d.text, d) for d in docs), as_tuples=True, batch_size=batch_size
    ):
        predicted = [
            LabelledSpan(e.start_char, e.end_char, lab)
            for e in sdoc.ents
            if (lab := _RAW_LABELS.get(e.label_))
        ]
        raw_pairs.append((predicted, doc.spans))
    del raw_nlp
    rows = [(f"raw {model}", score_mentions(raw_pairs))]
    variants = [(f"kg, stock NER ({model})", False), (f"kg ({model}, kg's NER)", True)]
    for name, tuned in variants if fine_tuned else [(f"kg ({model})", False)]:
        nlp = load_model(model, fine_tuned_ner=tuned)
        rows.append((name, score_mentions(_kg_pairs(docs, gold, nlp, batch_size))))
    return rows


def _kg_pairs(
    docs: Sequence[NerDocument],
    gold: Mapping[str, tuple[LabelledSpan, ...]],
    nlp: Language,
    batch_size: int,
) -> list[tuple[list[LabelledSpan], tuple[LabelledSpan, ...]]]:
    """Return (predicted, gold) span lists of kg's pipeline ``nlp`` for every document."""
    from kg.pipeline import extract
    from kg.types import Document

    corpus = extract((Document(d.id, d.text) for d in docs), nlp, batch_size=batch_size)
    ours = predicted_spans(corpus)
    return [(ours.get(doc_id, []), spans) for doc_id, spans in gold.items()]


_RAW_LABELS = {"PER": "PER", "LOC": "LOC", "ORG": "ORG", "MISC": "MISC"}
