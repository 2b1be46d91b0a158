"""The Oxigraph store: same answers as rdflib, clear errors, fast exports; the SPARQL cookbook."""

import pyoxigraph as ox
import pytest
from rdflib import Graph

from conftest import SEEDS
from kg.cookbook import COOKBOOK
from kg.errors import InputError, OutputError, QueryError
from kg.export.rdf import to_rdf, write_rdf
from kg.query import format_result, run_query
from kg.read import load_rdf
from kg.store import (
    PREFIXES,
    comparable,
    export,
    has_named_graphs,
    load,
    namespaces,
    query,
    rows_as_strings,
)
from kg.validate import EXAMPLE_TEXTS, example_graph, validate

BASE = "https://example.org/kg/"


@pytest.fixture
def g():
    return to_rdf(example_graph(), base=BASE, texts=EXAMPLE_TEXTS)


@pytest.fixture
def store(g):
    return load(g)


def test_a_store_holds_every_triple(g, store):
    assert len(store) == len(g)
    assert not has_named_graphs(store)


def test_select_rows_are_rdflib_terms_like_run_query(g, store):
    text = "SELECT ?name ?n WHERE { ?p a schema:Person ; rdfs:label ?name ; kg:mentionCount ?n }"
    ours, theirs = query(store, text), run_query(g, text)
    assert ours.columns == theirs.columns == ("name", "n")
    assert ours.rows == theirs.rows  # identical rdflib terms, not only equal strings
    assert format_result(ours, "csv") == format_result(theirs, "csv")


def test_tables_show_prefixed_names(store):
    text = 'SELECT ?p ?t WHERE { ?p a ?t ; rdfs:label "Nanning"@fr }'
    table = format_result(query(store, text), "table", graph=namespaces(store))
    assert "entity:nanning" in table and "schema:Place" in table


def test_unbound_values_are_none(store):
    text = "SELECT ?p ?x WHERE { ?p a schema:Place OPTIONAL { ?p kg:nothing ?x } }"
    assert query(store, text).rows[0][1] is None


def test_ask_and_construct(g, store):
    assert query(store, "ASK { ?p a schema:Place }").boolean is True
    assert query(store, "ASK { ?p a schema:Event }").boolean is False
    built = query(store, "CONSTRUCT { ?p a schema:Thing } WHERE { ?p a schema:Place }").graph
    assert isinstance(built, Graph) and len(built) == 1


def test_the_kg_prefixes_and_nif_are_predeclared(store):
    assert set(PREFIXES) >= {"kg", "schema", "rdfs", "rdf", "skos", "prov", "xsd", "owl", "nif"}
    rows = query(store, "SELECT ?m WHERE { ?m nif:anchorOf ?t ; itsrdf:taIdentRef ?e }").rows
    assert len(rows) == 9


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("SELECT ?x WHERE { ?x a }", "line 1, column"),
        ("SELECT ?x\nWHERE {\n  ?x rdfs:label ?y .\n  FILTER(\n}", "line 5, column"),
        ("SELECT ?x WHERE { ?x nope:label ?y }", "unknown prefix nope:"),
        ("SELEKT * WHERE { ?s ?p ?o }", "line 1, column 1"),
    ],
)
def test_malformed_queries_say_where(store, text, fragment):
    with pytest.raises(QueryError, match=fragment) as info:
        query(store, text)
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("malformed SPARQL")


def test_named_graphs_are_queried_as_their_union(g, tmp_path):
    path = write_rdf(g, tmp_path / "graph.trig", fmt="trig")
    store = load(path)
    assert has_named_graphs(store)
    text = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(query(store, text).rows[0][0]) == len(g)
    assert int(query(store, text, union=False).rows[0][0]) < len(g)
    per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    assert len(query(store, per_graph).rows) == 2  # one graph per article


def test_files_and_folders_load(g, tmp_path):
    write_rdf(g, tmp_path / "graph.ttl")
    assert len(load(tmp_path)) == len(g)
    assert len(load(tmp_path / "graph.ttl")) == len(g)


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("graph.ttl", "<a> <b> oops .", "not valid"),
        ("notes.txt", "hello", "not an RDF file"),
        ("missing.ttl", None, "no such file"),
    ],
)
def test_bad_inputs_are_named(tmp_path, name, content, fragment):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=fragment) as info:
        load(path)
    assert name in str(info.value)


def test_an_on_disk_store_can_be_reopened(g, tmp_path):
    store = load(g, path=tmp_path / "db")
    n = len(store)
    del store
    again = ox.Store(str(tmp_path / "db"))
    assert len(again) == n == len(g)


# ---------------------------------------------------------------- export


def _triples(path):
    graph = load_rdf(path)
    return {tuple(map(comparable, t)) for t in graph}


def _quads(path):
    ds = load_rdf(path)
    return {(*map(comparable, (s, p, o)), str(c)) for s, p, o, c in ds.quads()}


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "trig", "nq"])
@pytest.mark.parametrize("source", ["graph", "store", "ttl file", "trig file"])
def test_every_source_exports_the_same_data(g, tmp_path, fmt, source):
    reference_ttl = write_rdf(g, tmp_path / "ref.ttl")
    reference_trig = write_rdf(g, tmp_path / "ref.trig", fmt="trig")
    src = {
        "graph": g,
        "store": load(g),
        "ttl file": reference_ttl,
        "trig file": reference_trig,
    }[source]
    out = export(src, tmp_path / f"out.{fmt}", fmt)
    if fmt in ("trig", "nq"):
        assert _quads(out) == _quads(reference_trig)
    else:
        assert _triples(out) == {tuple(map(comparable, t)) for t in g}
    assert validate(out).conforms


def test_turtle_export_is_readable(g, tmp_path):
    text = export(g, tmp_path / "graph.ttl", "ttl").read_text()
    assert "@prefix kg: <https://w3id.org/kgfr/ns#>" in text
    assert "entity:chen-gang a schema:Person" in text


def test_a_failed_export_keeps_the_previous_file(g, tmp_path, monkeypatch):
    path = tmp_path / "graph.ttl"
    path.write_text("previous")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ox, "serialize", boom)
    with pytest.raises(OutputError, match=r"cannot write .*graph\.ttl: disk full"):
        export(g, path, "ttl")
    assert path.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_an_unknown_format_is_refused(g, tmp_path):
    with pytest.raises(OutputError, match="unknown RDF format"):
        export(g, tmp_path / "graph.xyz", "xyz")


# ---------------------------------------------------------------- the cookbook


@pytest.mark.parametrize("name", sorted(COOKBOOK))
def test_every_recipe_parses_on_both_engines(g, store, name):
    recipe = COOKBOOK[name]
    assert recipe.title and recipe.query.lstrip().upper().startswith(("SELECT", "PREFIX"))
    ours, theirs = query(store, recipe.query), run_query(g, recipe.query)
    assert ours.columns == theirs.columns
    assert rows_as_strings(ours.rows) == rows_as_strings(theirs.rows)


@pytest.fixture(scope="module")
def seeds(seeds_result):
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}
    graph = to_rdf(seeds_result.graph, texts=texts)
    return graph, load(graph)


def _table(result):
    return [tuple("" if v is None else str(v) for v in row) for row in result.rows]


@pytest.mark.model
@pytest.mark.parametrize("name", sorted(COOKBOOK))
def test_rdflib_and_oxigraph_agree_on_the_seeds(seeds, name):
    graph, store = seeds
    ours, theirs = query(store, COOKBOOK[name].query), run_query(graph, COOKBOOK[name].query)
    assert ours.columns == theirs.columns
    assert rows_as_strings(ours.rows) == rows_as_strings(theirs.rows)
    assert _table(ours) == _table(theirs)  # same order too: every recipe has an ORDER BY


def _run(seeds, name):
    return _table(query(seeds[1], COOKBOOK[name].query))


@pytest.mark.model
def test_people_and_roles(seeds):
    rows = _run(seeds, "people_and_roles")
    assert ("Ren Xianliang", "secrétaire général", "Conférence mondiale sur Internet") in rows
    assert ("Xi Jinping", "président chinois", "Chine") in rows
    assert ("Chen Gang", "député", "Assemblée populaire nationale") in rows
    assert ("Elon Musk", "", "") in rows  # people without a role are listed too


@pytest.mark.model
def test_relations_of_an_entity(seeds):
    rows = _run(seeds, "relations_of_an_entity")
    assert {(r[0], r[1]) for r in rows} >= {
        ("holdsPosition", "Chine"),
        ("visited", "Shanghai"),
        ("visited", "Nouvelle Banque de développement"),
        ("met", "Dilma Rousseff"),
    }
    assert all("Xi" in r[2] and r[3] == "004_dc74432a7753e477" for r in rows)


@pytest.mark.model
def test_documents_naming_both(seeds):
    rows = _run(seeds, "documents_naming_both")
    assert [r[0] for r in rows] == ["002_438c6b7cfc5a448e", "004_dc74432a7753e477"]


@pytest.mark.model
def test_entities_in_most_documents(seeds):
    rows = _run(seeds, "entities_in_most_documents")
    assert rows[0] == ("Chine", "5")
    assert ("Xi Jinping", "2") in rows
    assert all(int(r[1]) >= 2 for r in rows)


@pytest.mark.model
def test_quotes_by_a_speaker(seeds):
    rows = _run(seeds, "quotes_by_a_speaker")
    assert len(rows) >= 5
    assert {r[3] for r in rows} == {"001_23e3f9f49922d6c2"}
    assert any(r[2] == "China Daily" and r[1] == "déclarer" for r in rows)


@pytest.mark.model
def test_places_in_geonames(seeds):
    rows = _run(seeds, "places_in_geonames")
    assert ("Pékin", "https://sws.geonames.org/1816670/", "CN") in rows
    assert ("Chine", "https://sws.geonames.org/1814991/", "CN") in rows
    assert all(r[1].startswith("https://sws.geonames.org/") for r in rows)
    assert "Guangxi" not in {r[0] for r in rows}  # not linked


@pytest.mark.model
def test_mentions_of_an_entity(seeds):
    rows = _run(seeds, "mentions_of_an_entity")
    text = (SEEDS / "004_dc74432a7753e477.txt").read_text(encoding="utf-8")
    mine = [r for r in rows if r[0] == "004_dc74432a7753e477"]
    assert mine and all(text[int(b) : int(e)] == t for _, b, e, t in mine)


@pytest.mark.model
def test_articles(seeds):
    rows = {r[0]: r[1:] for r in _run(seeds, "articles")}
    assert rows["002_438c6b7cfc5a448e"] == ("", "2024-12-13", "Noah Smith")
    assert rows["004_dc74432a7753e477"][1] == "2025-05-01"
    assert rows["001_23e3f9f49922d6c2"][0].startswith("Le Guangxi va étendre")
