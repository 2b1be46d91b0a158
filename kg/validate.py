"""Check a graph against the project's SHACL shapes (``kg/shapes.ttl``) with pySHACL.

>>> from kg.export.rdf import to_rdf
>>> report = validate(to_rdf(example_graph(), texts=EXAMPLE_TEXTS))
>>> report.conforms, report.violations
(True, [])
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import networkx as nx
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg.errors import InputError

SH = Namespace("http://www.w3.org/ns/shacl#")
KGSH = Namespace("https://w3id.org/kgfr/shapes#")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`.

    ``conforms`` is True when the graph has no violation; ``violations`` holds
    one plain-language line per problem (``node: property: what is wrong
    (value …)``), sorted; ``triples`` is the size of the graph checked.
    """

    conforms: bool
    violations: list[str] = field(default_factory=list)
    triples: int = 0

    def __str__(self) -> str:
        if self.conforms:
            return f"conforms: {self.triples} triples, no violation"
        lines = [f"{len(self.violations)} violation(s) in {self.triples} triples:"]
        return "\n".join(lines + [f"  {line}" for line in self.violations])


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """Return the packaged SHACL shapes (``kg/shapes.ttl``) as an rdflib graph."""
    text = resources.files("kg").joinpath("shapes.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """Return the packaged ontology (``kg/ontology.ttl``) as an rdflib graph."""
    text = resources.files("kg").joinpath("ontology.ttl").read_text("utf-8")
    return Graph().parse(data=text, format="turtle")


def _as_graph(graph_or_path: Graph | str | Path) -> Graph:
    if isinstance(graph_or_path, Graph):
        graph = graph_or_path
    else:
        from kg.read import load_rdf

        path = Path(graph_or_path)
        try:
            graph = load_rdf(path)
        except InputError as exc:
            message = str(exc).removeprefix(f"{path}: ")
            if "not valid" in message or "unknown RDF suffix" in message:
                raise InputError(f"{path}: not an RDF file ({message})") from exc
            raise
    if isinstance(graph, Dataset):  # named graphs refer to one another: check their union
        merged = Graph()
        for prefix, ns in graph.namespaces():
            merged.bind(prefix, ns)
        for s, p, o, _g in graph.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    return graph


def validate(graph_or_path: Graph | str | Path, *, shapes: Graph | None = None) -> ValidationReport:
    """Return the SHACL validation report of a graph (an rdflib graph or an RDF file).

    The shapes are ``kg/shapes.ttl`` unless ``shapes`` is given. TriG and
    N-Quads datasets are checked as the union of their graphs. Raises
    :class:`~kg.errors.InputError` naming the file when it is missing or
    is not RDF.
    """
    from pyshacl import validate as shacl_validate

    graph = _as_graph(graph_or_path)
    shapes = shapes if shapes is not None else shapes_graph()
    conforms, results, _text = shacl_validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
        advanced=False,
    )
    lines = sorted(set(_describe(results, graph, shapes)))
    return ValidationReport(conforms=bool(conforms), violations=lines, triples=len(graph))


def _short(term: Node | None, graph: Graph) -> str:
    """``prefix:rest`` for IRIs under a namespace bound in ``graph``, quoted text for literals."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        best = ""
        best_prefix = ""
        for prefix, ns in graph.namespaces():
            if prefix and str(term).startswith(str(ns)) and len(str(ns)) > len(best):
                best, best_prefix = str(ns), prefix
        return f"{best_prefix}:{str(term)[len(best) :]}" if best else f"<{term}>"
    if isinstance(term, Literal):
        text = str(term)
        text = text if len(text) <= 60 else text[:59] + "…"
        suffix = f"@{term.language}" if term.language else ""
        if term.datatype is not None and term.datatype != XSD.string:
            suffix = f"^^{_short(term.datatype, graph)}"
        return f'"{text}"{suffix}'
    return "[]" if isinstance(term, BNode) else str(term)


def _path(shapes: Graph, node: Node | None, graph: Graph) -> str:
    if node is None:
        return ""
    if isinstance(node, URIRef):
        return _short(node, graph)
    inverse = shapes.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _short(inverse, graph)
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_short(i, graph) for i in shapes.items(alternatives))
    return "(path)"


def _classes(shapes: Graph, shape: Node | None, graph: Graph) -> str:
    """The classes a shape's sh:or / sh:xone allows, as "a or b"."""
    names: list[str] = []
    for key in (SH["or"], SH.xone):
        members = shapes.value(shape, key) if shape is not None else None
        if members is not None:
            for member in shapes.items(members):
                names += [_short(c, graph) for c in shapes.objects(member, SH["class"])]
    return " or ".join(names)


def _role(shapes: Graph, shape: Node | None, focus: Node | None, graph: Graph) -> str:
    """Why ``focus`` was checked: " (object of kg:worksFor)", from the shape's targets."""
    if shape is None or focus is None:
        return ""
    roles = [
        f"subject of {_short(p, graph)}"
        for p in shapes.objects(shape, SH.targetSubjectsOf)
        if (focus, p, None) in graph
    ] + [
        f"object of {_short(p, graph)}"
        for p in shapes.objects(shape, SH.targetObjectsOf)
        if (None, p, focus) in graph
    ]
    return f" ({', '.join(sorted(roles))})" if roles else ""


def _describe(results: Graph, graph: Graph, shapes: Graph) -> Iterable[str]:
    """One plain line per validation result: ``node: what is wrong``."""
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus_node = results.value(result, SH.focusNode)
        value = results.value(result, SH.value)
        component = results.value(result, SH.sourceConstraintComponent)
        shape = results.value(result, SH.sourceShape)
        path_node = results.value(result, SH.resultPath)
        path = _path(shapes, path_node, graph) or _path(results, path_node, graph)
        message = next(iter(sorted(str(m) for m in results.objects(result, SH.resultMessage))), "")
        severity = results.value(result, SH.resultSeverity)
        level = "" if severity in (None, SH.Violation) else f"[{_short(severity, graph)}] "
        shown = _short(value, graph)
        name = (component or "").rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        if focus_node == KGSH.graph:  # whole-graph checks report the offending node as value
            yield f"{level}{shown}: {message}"
            continue
        focus = _short(focus_node, graph)
        param = {
            "MinCount": SH.minCount,
            "MaxCount": SH.maxCount,
            "Datatype": SH.datatype,
            "Class": SH["class"],
            "MinInclusive": SH.minInclusive,
            "MaxInclusive": SH.maxInclusive,
            "Pattern": SH.pattern,
            "LanguageIn": SH.languageIn,
        }.get(name)
        expected = shapes.value(shape, param) if param is not None and shape is not None else None
        limit = (
            str(expected)
            if isinstance(expected, Literal)
            else _short(expected, graph)
            if expected is not None
            else ""
        )
        if name == "MinCount":
            text = f"{path}: missing" if limit == "1" else f"{path}: fewer than {limit} values"
        elif name == "MaxCount":
            text = f"{path}: more than {limit} value{'s' if limit != '1' else ''}"
        elif name == "Datatype":
            text = f"{path}: {shown} is not a {limit} literal"
        elif name == "Class":
            what = f"{path}: {shown}" if path or value != focus_node else "it"
            text = f"{what} is not a {limit}{_role(shapes, shape, focus_node, graph)}"
        elif name in ("Or", "Xone"):
            allowed = _classes(shapes, shape, graph) or "an allowed kind of node"
            subject = f"{path}: {shown}" if path else "it"
            role = _role(shapes, shape, focus_node, graph)
            text = f"{subject} must be exactly one of {allowed}{role}"
            if name == "Or":
                text = text.replace("exactly one of", "a")
        elif name == "Closed":
            text = f"{path}: not a property of this kind of node in the kg model (value {shown})"
        elif name == "MinInclusive":
            text = f"{path}: {shown} is below the minimum {limit}"
        elif name == "MaxInclusive":
            text = f"{path}: {shown} is above the maximum {limit}"
        elif name == "Pattern":
            text = f"{path}: {shown} does not match the pattern {limit}"
        elif name == "LessThan":
            text = f"{path}: {shown} is not less than the end index"
        else:
            where = f"{path}: " if path else ""
            text = f"{where}{message or 'does not conform'}" + (
                f" (value {shown})" if shown else ""
            )
        yield f"{level}{focus}: {text}"


EXAMPLE_TEXTS: dict[str, str] = {
    "d1": "Chen Gang, secrétaire du Parti du Guangxi, a visité Nanning.\n"
    "« Coopérons », a déclaré Chen Gang au China Daily.\n",
    "d2": "Nanning accueille l'Exposition Chine-ASEAN\n"
    "Par Liang Rui, 15 décembre 2024\n"
    "L'Exposition Chine-ASEAN se tient à Nanning.\n",
}
"""The raw texts of :func:`example_graph`'s two documents."""


def example_graph() -> nx.MultiDiGraph:
    """Return a small knowledge graph that uses every part of the RDF model.

    Two documents (:data:`EXAMPLE_TEXTS`), entities of the four types, a
    role, a visit, a co-occurrence with its NPMI, a quotation said to an
    addressee, and every mention with its offsets — for doctests and tests.

    >>> G = example_graph()
    >>> sorted(G.nodes), len(G.graph["mentions"])
    (['chen gang', 'china daily', 'exposition chine asean', 'nanning', 'parti du guangxi'], 9)
    """
    from kg.graph import build_graph
    from kg.relations import Association
    from kg.types import DocumentInfo, Entity, Mention, Quote, Relation

    texts = EXAMPLE_TEXTS

    def spans(doc: str, name: str) -> list[tuple[int, int]]:
        text, out, start = texts[doc], [], 0
        while (i := text.find(name, start)) >= 0:
            out.append((i, i + len(name)))
            start = i + len(name)
        return out

    names = {
        "chen gang": ("Chen Gang", "PER"),
        "parti du guangxi": ("Parti du Guangxi", "ORG"),
        "nanning": ("Nanning", "LOC"),
        "china daily": ("China Daily", "ORG"),
        "exposition chine asean": ("Exposition Chine-ASEAN", "MISC"),
    }
    mentions: list[tuple[Mention, str]] = []
    for doc in sorted(texts):
        for key, (name, label) in names.items():
            for start, end in spans(doc, name):
                mention = Mention(doc, start, end, name, label, name, 0)  # type: ignore[arg-type]
                mentions.append((mention, key))
    mentions.sort(key=lambda m: (m[0].doc_id, m[0].start))
    counts: dict[str, list[str]] = {}
    for mention, key in mentions:
        counts.setdefault(key, []).append(mention.doc_id)
    entities = [
        Entity(
            key,
            name,
            label,  # type: ignore[arg-type]
            ("Chen",) if key == "chen gang" else (),
            len(counts[key]),
            tuple(sorted(set(counts[key]))),
            same_as=("https://sws.geonames.org/1799869/",) if key == "nanning" else (),
            country="CN" if key == "nanning" else None,
            titles=("secrétaire",) if key == "chen gang" else (),
        )
        for key, (name, label) in names.items()
    ]
    first = texts["d1"].split("\n")[0]
    second = texts["d1"].split("\n")[1]
    s2 = len(first) + 1
    relations = [
        Relation("holdsPosition", "chen gang", "parti du guangxi", "d1", first, 0, len(first),
                 0.9, "role-apposition", "secrétaire"),
        Relation("visited", "chen gang", "nanning", "d1", first, 0, len(first), 0.85, "visit"),
        Relation("cooccursWith", "chen gang", "nanning", "d1", first, 0, len(first), 1.0,
                 "sentence-cooccurrence"),
        Relation("saidTo", "chen gang", "china daily", "d1", second, s2, s2 + len(second), 0.85,
                 "reporting-verb-addressee"),
    ]  # fmt: skip
    quote_start = texts["d1"].index("Coopérons")
    quotes = [
        Quote("d1", "chen gang", "Coopérons", quote_start, quote_start + len("Coopérons"),
              second, s2, s2 + len(second), "déclarer", "reporting-verb-addressee", 0.85,
              "china daily"),
    ]  # fmt: skip
    documents = [
        DocumentInfo(doc, f"{doc}.txt", len(text), text.count("\n"), sum(
            1 for m, _ in mentions if m.doc_id == doc))
        for doc, text in sorted(texts.items())
    ]  # fmt: skip
    associations = {("chen gang", "nanning"): Association(1, 1, 1.2, 1.0)}
    return build_graph(
        entities,
        relations,
        documents=documents,
        quotes=quotes,
        associations=associations,
        mentions=mentions,
    )
