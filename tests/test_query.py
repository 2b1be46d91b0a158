import json

import pytest
from rdflib import Graph

from kg.errors import QueryError
from kg.query import format_result, run_query

DATA = """
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://example.org/kg/entity/chen-gang> a schema:Person ; rdfs:label "Chen Gang"@fr .
<https://example.org/kg/entity/xi> a schema:Person ; rdfs:label "Xi"@fr .
<https://example.org/kg/entity/chine> a schema:Place ; rdfs:label "Chine"@fr .
"""
PEOPLE = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"


@pytest.fixture
def g():
    return Graph().parse(data=DATA, format="turtle")


def test_prefixes_are_predeclared(g):
    result = run_query(g, PEOPLE)
    assert result.columns == ("name",)
    assert [str(r[0]) for r in result.rows] == ["Chen Gang", "Xi"]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", "name\nChen Gang\nXi\n"),
        ("json", [{"name": "Chen Gang"}, {"name": "Xi"}]),
        ("table", "name\n---------\nChen Gang\nXi\n(2 rows)"),
    ],
)
def test_formats(g, fmt, expected):
    out = format_result(run_query(g, PEOPLE), fmt, graph=g)
    assert (json.loads(out) if fmt == "json" else out) == expected


def test_ask_and_construct(g):
    assert format_result(run_query(g, "ASK { ?p a schema:Place }")) == "true"
    built = run_query(g, "CONSTRUCT { ?p a schema:Thing } WHERE { ?p a schema:Place }").graph
    assert len(built) == 1


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ("SELECT ?x WHERE { ?x a }", "line 1, column"),
        ("SELECT ?x\nWHERE {\n  ?x rdfs:label ?y .\n  FILTER(\n}", "line"),
        ("SELECT ?x WHERE { ?x nope:label ?y }", "nope"),
    ],
)
def test_malformed_queries_say_where(g, query, fragment):
    with pytest.raises(QueryError, match=fragment):
        run_query(g, query)
