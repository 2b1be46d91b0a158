"""Run SPARQL over a graph and format the answer as a table, CSV or JSON.

The project prefixes (``kg:``, ``schema:``, ``rdfs:``, ``skos:``, ``prov:``,
``rdf:``, ``xsd:``, ``owl:``) are predeclared, so short queries need no
``PREFIX`` lines.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, SKOS, XSD, BNode, Graph, Literal, URIRef

from kg.errors import QueryError
from kg.ids import KG, PROV, SCHEMA

PREFIXES = {
    "kg": KG._NS,
    "schema": SCHEMA,
    "rdfs": RDFS,
    "rdf": RDF,
    "skos": SKOS,
    "prov": PROV,
    "xsd": XSD,
    "owl": OWL,
}


@dataclass(frozen=True)
class QueryResult:
    """A SPARQL answer: ``columns`` and ``rows`` for SELECT, ``boolean`` for ASK,
    ``graph`` for CONSTRUCT/DESCRIBE."""

    columns: tuple[str, ...] = ()
    rows: tuple[tuple[object, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None


def run_query(graph: Graph, text: str) -> QueryResult:
    """Return the answer of the SPARQL query ``text`` on ``graph``.

    Raises :class:`QueryError` with the parser's message (line and column)
    when the query is malformed.
    """
    try:
        result = graph.query(text, initNs=PREFIXES)
        if result.type == "ASK":
            return QueryResult(boolean=bool(result.askAnswer))
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            return QueryResult(graph=result.graph)
        columns = tuple(str(v) for v in result.vars or ())
        rows = tuple(tuple(row) for row in result)
    except Exception as exc:  # pyparsing and rdflib raise assorted types
        raise QueryError(_describe(exc, text)) from exc
    return QueryResult(columns=columns, rows=rows)


def _describe(exc: Exception, text: str) -> str:
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "col", None)
    msg = getattr(exc, "msg", None) or str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    where = f" at line {line}, column {col}" if line is not None and col is not None else ""
    if where:
        source = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
        pointer = f": {source.strip()!r}" if source.strip() else ""
        return f"malformed SPARQL{where}{pointer}: {msg}"
    return f"SPARQL query failed: {msg}"


def _cell(value: object, graph: Graph | None) -> str:
    if value is None:
        return ""
    if isinstance(value, URIRef) and graph is not None:
        try:
            return graph.namespace_manager.normalizeUri(value).strip("<>")
        except Exception:
            return str(value)
    if isinstance(value, (Literal, BNode, URIRef)):
        return str(value)
    return str(value)


def format_result(result: QueryResult, fmt: str = "table", *, graph: Graph | None = None) -> str:
    """Return ``result`` as ``table`` (aligned text), ``csv`` or ``json`` text."""
    if result.boolean is not None:
        return (
            json.dumps({"boolean": result.boolean})
            if fmt == "json"
            else str(result.boolean).lower()
        )
    if result.graph is not None:
        return result.graph.serialize(format="json-ld" if fmt == "json" else "turtle")
    compact = graph if fmt == "table" else None
    rows = [[_cell(v, compact) for v in row] for row in result.rows]
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "json":
        records = [
            {
                c: (None if v is None else _json_value(v))
                for c, v in zip(result.columns, row, strict=True)
            }
            for row in result.rows
        ]
        return json.dumps(records, ensure_ascii=False, indent=2)
    if fmt != "table":
        raise QueryError(f"--format {fmt!r}: unknown output format; use table, csv or json")
    widths = [len(c) for c in result.columns]
    shown = [[_truncate(c) for c in row] for row in rows]
    for row in shown:
        widths = [max(w, len(c)) for w, c in zip(widths, row, strict=True)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in shown
    ]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _truncate(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_value(value: object) -> object:
    if isinstance(value, Literal):
        py = value.toPython()
        return py if isinstance(py, (int, float, bool, str)) else str(value)
    return str(value)
