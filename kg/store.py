"""Fast SPARQL and export with Oxigraph (``pyoxigraph``): an embedded store, in memory or on disk.

rdflib stays the modelling library (:mod:`kg.export.rdf` builds the graph);
this module answers queries and writes large files at native speed:

>>> store = example_store()
>>> result = query(store, "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }")
>>> result.columns, sorted(str(row[0]) for row in result.rows)
(('name',), ['Chen Gang'])

- :func:`load` fills a :class:`pyoxigraph.Store` from an RDF file, a
  ``kg build`` output folder or an rdflib graph (in memory, or on disk when
  ``path`` is given: a folder Oxigraph creates and can reopen);
- :func:`query` runs SPARQL 1.1 with the prefixes of :data:`PREFIXES`
  predeclared and returns a :class:`kg.query.QueryResult` holding rdflib
  terms — the same answer ``kg.query.run_query`` gives on the same graph;
  a malformed query raises :class:`~kg.errors.QueryError` with its line and
  column; when the store has named graphs (TriG, N-Quads) the default graph
  is their union;
- :func:`export` writes a store, a file or an rdflib graph as Turtle,
  N-Triples, JSON-LD, TriG or N-Quads, atomically; TriG and N-Quads hold one
  named graph per article (the rules of :func:`kg.export.rdf.article_quads`).

Oxigraph keeps literals in its canonical form: ``"1.0"^^xsd:decimal`` becomes
``"1"`` and ``xsd:nonNegativeInteger`` (NIF offsets) becomes ``xsd:integer``.
Query answers therefore agree with rdflib's value for value (compare them with
:func:`rows_as_strings`); every other term is identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal
from rdflib.term import Node

from kg import read
from kg.config import RDF_FORMATS
from kg.errors import InputError, OutputError, QueryError
from kg.export.atomic import atomic_open
from kg.export.rdf import OxigraphTerms, to_rdflib
from kg.ids import ITSRDF, NIF
from kg.query import PREFIXES as QUERY_PREFIXES
from kg.query import QueryResult

PREFIXES: dict[str, str] = {
    **{prefix: str(ns) for prefix, ns in QUERY_PREFIXES.items()},
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
}
"""Prefixes predeclared in queries: those of :data:`kg.query.PREFIXES`, plus ``nif:`` and
``itsrdf:`` for the mentions."""

FORMATS: dict[str, ox.RdfFormat] = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}
"""Export formats (the CLI names of :data:`kg.export.rdf.RDF_FORMATS`) and Oxigraph's format."""

SUFFIXES: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".n3": ox.RdfFormat.N3,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
}
"""File suffixes :func:`load` reads, as in :data:`kg.read.RDF_SUFFIXES`."""


# ---------------------------------------------------------------- terms


def from_rdflib(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Return the Oxigraph term of an rdflib term (see :func:`to_rdflib`)."""
    return OxigraphTerms()(term)


def _quads(graph: Graph) -> Iterator[ox.Quad]:
    convert = OxigraphTerms()
    if isinstance(graph, Dataset):
        for s, p, o, name in graph.quads((None, None, None, None)):
            default = name is None or str(name) == "urn:x-rdflib:default"
            target = ox.DefaultGraph() if default else convert(name)
            yield ox.Quad(convert(s), convert(p), convert(o), target)
    else:
        for s, p, o in graph:
            yield ox.Quad(convert(s), convert(p), convert(o))


# ---------------------------------------------------------------- loading


def open_store(path: str | Path | None = None) -> ox.Store:
    """Return an empty (or existing, when ``path`` holds one) store.

    ``path=None`` keeps everything in memory; otherwise ``path`` is a folder
    where Oxigraph keeps its on-disk database (created if missing).
    """
    if path is None:
        return ox.Store()
    try:
        return ox.Store(str(path))
    except OSError as exc:
        raise OutputError(f"{path}: cannot open an Oxigraph store there ({exc})") from exc


def rdf_file(path: str | Path) -> tuple[Path, ox.RdfFormat]:
    """Return the RDF file named by ``path`` (a file, or a ``kg build`` output folder) and its
    Oxigraph format (see :func:`kg.read.rdf_file`)."""
    return read.rdf_file(path, SUFFIXES)


def load(
    source: str | Path | Graph,
    *,
    path: str | Path | None = None,
    store: ox.Store | None = None,
) -> ox.Store:
    """Return a store holding ``source``: an RDF file, a ``kg build`` folder or an rdflib graph.

    The store is ``store`` if given, else a new one on disk at ``path`` (or in
    memory). Files are bulk-loaded by Oxigraph's parsers; an rdflib
    ``Dataset`` keeps its named graphs. Raises :class:`InputError` naming the
    file, with the parser's line and column, when it is not valid RDF.
    """
    target = store if store is not None else open_store(path)
    if isinstance(source, Graph):
        target.bulk_extend(_quads(source))
        return target
    file, fmt = rdf_file(source)
    try:
        target.bulk_load(path=str(file), format=fmt)
    except SyntaxError as exc:
        message = " ".join(str(exc).split())[:300]
        raise InputError(f"{file}: not valid {fmt.name} RDF ({message})") from exc
    except (OSError, ValueError) as exc:
        raise InputError(f"{file}: cannot load ({exc})") from exc
    return target


def has_named_graphs(store: ox.Store) -> bool:
    """Return True when ``store`` holds at least one named graph."""
    return next(iter(store.named_graphs()), None) is not None


# ---------------------------------------------------------------- querying


def query(store: ox.Store, sparql: str, *, union: bool | None = None) -> QueryResult:
    """Return the answer of the SPARQL query ``sparql`` on ``store`` as a ``QueryResult``.

    Rows hold rdflib terms (``None`` for unbound), CONSTRUCT/DESCRIBE answers
    an rdflib graph, ASK a boolean — the shapes ``kg.query.run_query``
    returns, so ``kg.query.format_result`` prints them. ``union`` makes the
    default graph the union of all graphs; by default it is on when the store
    has named graphs. Raises :class:`QueryError` with the line and column of
    a syntax error, or the engine's message.
    """
    if union is None:
        union = has_named_graphs(store)
    try:
        answer = store.query(sparql, prefixes=PREFIXES, use_default_graph_as_union=union)
    except SyntaxError as exc:
        operation = update_keyword(sparql)
        if operation is not None:
            raise QueryError(READ_ONLY.format(operation=operation)) from exc
        raise QueryError(describe_syntax_error(str(exc), sparql)) from exc
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        raise QueryError(f"SPARQL query failed: {' '.join(str(exc).split())[:300]}") from exc
    try:
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult(boolean=bool(answer))
        if isinstance(answer, ox.QueryTriples):
            graph = Graph()
            for prefix, ns in PREFIXES.items():
                graph.bind(prefix, ns)
            for t in answer:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return QueryResult(graph=graph)
        columns = tuple(v.value for v in answer.variables)
        rows = tuple(tuple(to_rdflib(value) for value in solution) for solution in answer)
    except (OSError, ValueError, RuntimeError) as exc:  # evaluation errors surface while iterating
        raise QueryError(f"SPARQL query failed: {' '.join(str(exc).split())[:300]}") from exc
    return QueryResult(columns=columns, rows=rows)


def query_within(
    store: ox.Store, sparql: str, *, timeout: float, union: bool | None = None
) -> QueryResult:
    """Return :func:`query`'s answer, run in a worker process stopped after ``timeout`` seconds.

    Raises :class:`kg.workers.QueryTimeout` past the limit, :class:`QueryError`
    as :func:`query` does.
    """
    from kg.workers import QueryWorkers

    if union is None:
        union = has_named_graphs(store)
    pool = QueryWorkers(store, _answer_in_worker, workers=1, timeout=timeout)
    try:
        kind, payload = pool.run((sparql, union))
    finally:
        pool.close()
    if kind != "ok":
        raise QueryError(str(payload))
    return payload  # type: ignore[return-value]


def _answer_in_worker(store: ox.Store, request: object) -> QueryResult:
    sparql, union = request  # type: ignore[misc]
    return query(store, sparql, union=union)


_WHERE = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)
_PREFIXED = re.compile(r"(?<![\w<\"'?$])([A-Za-z][\w.-]*)?:(?=[\w(])")
_DECLARED = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)


_UPDATE = re.compile(
    r"\s*(?:(?:BASE\s*<[^>]*>|PREFIX\s+[A-Za-z][\w.-]*:\s*<[^>]*>|PREFIX\s*:\s*<[^>]*>)\s*)*"
    r"(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"(?m)(?:^|(?<=\s))#[^\n]*")


def update_keyword(sparql: str) -> str | None:
    """Return the operation (``INSERT``, ``DELETE``, ``DROP``…) when ``sparql`` is a SPARQL
    Update rather than a query, else None.

    >>> update_keyword("PREFIX ex: <http://e/> # add one\\nINSERT DATA { ex:a ex:b ex:c }")
    'INSERT'
    >>> update_keyword("SELECT * WHERE { ?s ?p 'DELETE' }") is None
    True
    """
    match = _UPDATE.match(_COMMENT.sub(" ", sparql))
    return match[1].upper() if match else None


READ_ONLY = (
    "kg only reads graphs: SPARQL Update ({operation}) is not supported; the graph is "
    "what kg build wrote, so change the articles (or --aliases) and build again"
)
"""The one-line answer to a SPARQL Update, with the operation named."""


def describe_syntax_error(message: str, text: str) -> str:
    """Return Oxigraph's SPARQL syntax error as one line naming the line and column.

    >>> describe_syntax_error("error at 1:25: expected one of FILTER", "SELECT ?x WHERE { ?x a }")
    "malformed SPARQL at line 1, column 25: 'SELECT ?x WHERE { ?x a }': expected one of FILTER"
    """
    match = _WHERE.match(message.strip())
    if match is None:
        return f"malformed SPARQL: {' '.join(message.split())[:300]}"
    line, col, what = int(match[1]), int(match[2]), " ".join(match[3].split())
    if "Prefix not found" in what:
        unknown = _unknown_prefixes(text)
        what = f"unknown prefix {unknown[0]}:" if unknown else "unknown prefix"
        what += f"; declare it with PREFIX or use one of {', '.join(sorted(PREFIXES))}"
    elif len(what) > 200:
        what = what[:199] + "…"
    lines = text.splitlines()
    source = lines[line - 1].strip() if 0 < line <= len(lines) else ""
    pointer = f": {source!r}" if source else ""
    return f"malformed SPARQL at line {line}, column {col}{pointer}: {what}"


def _unknown_prefixes(text: str) -> list[str]:
    declared = set(PREFIXES) | {m or "" for m in _DECLARED.findall(text)}
    body = re.sub(r"<[^>\s]*>|\"[^\"]*\"|'[^']*'|#[^\n]*", " ", text)
    used = [m or "" for m in _PREFIXED.findall(body)]
    return [p for p in dict.fromkeys(used) if p not in declared]


# ---------------------------------------------------------------- exporting

ARTICLE_OWNERS = """
SELECT DISTINCT ?node ?doc WHERE {
  { ?doc a schema:NewsArticle . BIND (?doc AS ?node) }
  UNION { ?node prov:wasDerivedFrom ?doc . ?doc a schema:NewsArticle }
  UNION { ?node nif:sourceUrl ?doc . ?doc a schema:NewsArticle }
  UNION { ?node nif:referenceContext/nif:sourceUrl ?doc . ?doc a schema:NewsArticle }
}
"""
"""The nodes each article owns (same rules as :func:`kg.export.rdf.article_owners`)."""

_KG_SAID = "https://w3id.org/kgfr/ns#said"
_SUBFOLDERS = ("entity", "statement", "quote", "author")


def _owners(store: ox.Store) -> dict[object, list[ox.NamedNode]]:
    owner: dict[object, list[ox.NamedNode]] = {}
    for solution in store.query(ARTICLE_OWNERS, prefixes=PREFIXES):
        owner.setdefault(solution["node"], []).append(solution["doc"])
    return owner


def _assign(
    quads: Iterable[ox.Quad], owner: Mapping[object, list[ox.NamedNode]]
) -> Iterator[ox.Quad]:
    """Put each triple in the named graph of the article that owns it (or the default graph)."""
    for quad in quads:
        key = quad.object if quad.predicate.value == _KG_SAID else quad.subject
        graphs = owner.get(key)
        if not graphs:
            yield ox.Quad(quad.subject, quad.predicate, quad.object)
        else:
            for name in graphs:
                yield ox.Quad(quad.subject, quad.predicate, quad.object, name)


def _triples(quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
    for quad in quads:
        yield ox.Triple(quad.subject, quad.predicate, quad.object)


def _prefixes(base: str | None) -> dict[str, str]:
    """:data:`PREFIXES`, plus ``entity:``, ``statement:``… under the data ``base`` when known."""
    prefixes = dict(PREFIXES)
    if base:
        prefixes.update({name: f"{base}{name}/" for name in _SUBFOLDERS})
    return prefixes


def _data_base(quads: Iterable[ox.Quad]) -> str | None:
    """The ``--base`` of a kg graph, read from a document IRI (``…/doc/<id>``)."""
    for quad in quads:
        iri = quad.subject.value if isinstance(quad.subject, ox.NamedNode) else ""
        if quad.predicate.value == "https://schema.org/identifier" and "/doc/" in iri:
            return iri[: iri.rindex("/doc/") + 1]
    return None


def _store_base(store: ox.Store) -> str | None:
    identifier = ox.NamedNode("https://schema.org/identifier")
    return _data_base(store.quads_for_pattern(None, identifier, None, None))


def export(
    source: ox.Store | Graph | str | Path,
    out_path: str | Path,
    fmt: str = "ttl",
) -> Path:
    """Write ``source`` (a store, an rdflib graph, or an RDF file/folder) to ``out_path``; return it.

    ``fmt`` is a CLI format name of :data:`FORMATS`. Triple formats get the
    union of all graphs; ``trig`` and ``nq`` keep the named graphs of a
    source that has them and otherwise put each article in its own graph
    (:func:`kg.export.rdf.article_quads`). Oxigraph serialises Turtle,
    N-Triples, TriG and N-Quads in native code (an rdflib graph or a file is
    streamed, literals exactly as written; a store writes the canonical
    literals it keeps, ``"5"^^xsd:integer`` for ``xsd:nonNegativeInteger``);
    JSON-LD goes through rdflib to use the published context. The file is
    written to a temporary name and renamed, so a failure leaves any previous
    file untouched. When ``out_path`` is a folder, the file is written in it
    under kg's name for the format (``graph.nt`` for ``nt``), as ``cp`` does.
    Raises :class:`OutputError` for an unknown format or an unwritable path
    (a full disk included), :class:`InputError` for a source that is not RDF.
    """
    if fmt not in FORMATS:
        raise OutputError(f"--format {fmt!r}: unknown RDF format; use {', '.join(FORMATS)}")
    if Path(out_path).is_dir():
        out_path = Path(out_path) / RDF_FORMATS[fmt][1]
    if fmt == "jsonld":
        from kg.export.rdf import write_rdf

        graph = source if isinstance(source, Graph) else _to_rdflib(source)
        if isinstance(graph, Dataset):  # JSON-LD carries the triples, not the named graphs
            graph = _union(graph)
        return write_rdf(graph, out_path, fmt="jsonld")
    rdf_format = FORMATS[fmt]
    dataset = rdf_format.supports_datasets
    file: Path | None = None
    try:
        with atomic_open(out_path, "wb") as fh:
            if isinstance(source, ox.Store):
                _write_store(source, fh, rdf_format)
            elif isinstance(source, Graph):
                _write_graph(source, fh, rdf_format)
            else:
                file, in_format = rdf_file(source)
                quads = ox.parse(path=str(file), format=in_format)
                base = _data_base(islice(ox.parse(path=str(file), format=in_format), 100_000))
                prefixes = _prefixes(base) if rdf_format in _PRETTY else None
                if not dataset:
                    ox.serialize(_triples(quads), fh, rdf_format, prefixes=prefixes)
                elif in_format.supports_datasets:
                    ox.serialize(quads, fh, rdf_format, prefixes=prefixes)
                else:
                    owner = _owners(load(file))
                    ox.serialize(_assign(quads, owner), fh, rdf_format, prefixes=prefixes)
    except SyntaxError as exc:
        message = " ".join(str(exc).split())[:300]
        raise InputError(f"{file or source}: not valid RDF ({message})") from exc
    return Path(out_path)


_PRETTY = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG)


def _write_store(store: ox.Store, fh: object, rdf_format: ox.RdfFormat) -> None:
    prefixes = _prefixes(_store_base(store)) if rdf_format in _PRETTY else None
    named = has_named_graphs(store)
    if rdf_format.supports_datasets:
        if named:
            store.dump(fh, rdf_format, prefixes=prefixes)
        else:
            quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
            ox.serialize(_assign(quads, _owners(store)), fh, rdf_format, prefixes=prefixes)
    elif named:
        triples = store.query(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True
        )
        ox.serialize(triples, fh, rdf_format, prefixes=prefixes)
    else:
        store.dump(fh, rdf_format, from_graph=ox.DefaultGraph(), prefixes=prefixes)


def _write_graph(graph: Graph, fh: object, rdf_format: ox.RdfFormat) -> None:
    base = next((str(ns) for prefix, ns in graph.namespaces() if prefix == "data"), None)
    prefixes = _prefixes(base) if rdf_format in _PRETTY else None
    convert = OxigraphTerms()
    if not rdf_format.supports_datasets:
        triples = (  # subject by subject, so that Turtle groups each node's triples
            ox.Triple(convert(s), convert(p), convert(o))
            for s in graph.subjects(unique=True)
            for p, o in graph.predicate_objects(s)
        )
        ox.serialize(triples, fh, rdf_format, prefixes=prefixes)
        return
    if isinstance(graph, Dataset):
        ox.serialize(_quads(graph), fh, rdf_format, prefixes=prefixes)
        return
    from kg.export.rdf import article_quads

    quads = (
        ox.Quad(convert(s), convert(p), convert(o), *(() if name is None else (convert(name),)))
        for s, p, o, name in article_quads(graph)
    )
    ox.serialize(quads, fh, rdf_format, prefixes=prefixes)


def _to_rdflib(source: ox.Store | str | Path) -> Graph:
    """An rdflib graph of a store or RDF file: the union of its graphs, ``data`` prefix bound."""
    store = source if isinstance(source, ox.Store) else load(source)
    graph = Graph()
    base = _store_base(store)
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns)
    if base:
        graph.bind("data", base)
    for quad in store:
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _union(dataset: Dataset) -> Graph:
    graph = Graph()
    for prefix, ns in dataset.namespaces():
        graph.bind(prefix, ns)
    for s, p, o, _name in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def namespaces(store: ox.Store | None = None) -> Graph:
    """Return an empty rdflib graph with :data:`PREFIXES` bound, and ``entity:``,
    ``statement:``, ``quote:``, ``author:`` under the base of ``store``'s IRIs when known.

    Pass it as ``graph=`` to ``kg.query.format_result`` so that tables show
    ``schema:Place`` and ``entity:nanning`` rather than full IRIs.
    """
    graph = Graph(bind_namespaces="none")
    for prefix, ns in _prefixes(_store_base(store) if store is not None else None).items():
        graph.bind(prefix, ns)
    return graph


def comparable(term: object) -> object:
    """Return a value for comparing answers of two engines: IRIs and texts as strings,
    numbers and dates by value (``"1.0"^^xsd:decimal`` equals ``"1"``), ``""`` for unbound."""
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype is not None:
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return Decimal(str(value)).normalize()
        return str(value) if not isinstance(value, Literal) else str(term)
    return str(term)


def rows_as_strings(rows: Iterable[Iterable[object]]) -> set[tuple[object, ...]]:
    """Return result rows as a set of tuples of :func:`comparable` values."""
    return {tuple(comparable(v) for v in row) for row in rows}


def example_store() -> ox.Store:
    """Return a store holding :func:`kg.validate.example_graph`, for the doctests."""
    from kg.export.rdf import to_rdf
    from kg.validate import EXAMPLE_TEXTS, example_graph

    return load(to_rdf(example_graph(), texts=EXAMPLE_TEXTS))


def stats(store: ox.Store) -> Mapping[str, int]:
    """Return ``{"quads": n, "graphs": named graphs}`` of ``store``."""
    return {"quads": len(store), "graphs": sum(1 for _ in store.named_graphs())}
