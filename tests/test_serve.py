"""The SPARQL endpoint: started on a free loopback port, queried over HTTP, stopped."""

import json
import socket
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from kg.cookbook import COOKBOOK
from kg.errors import InputError, QueryError
from kg.export.rdf import to_rdf, write_rdf
from kg.serve import serve, sparql_json
from kg.validate import EXAMPLE_TEXTS, example_graph

PEOPLE = "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("graph") / "graph.trig"
    return write_rdf(to_rdf(example_graph(), texts=EXAMPLE_TEXTS), path, fmt="trig")


@pytest.fixture(scope="module")
def server(graph_file):
    running = serve(graph_file, port=0)
    yield running
    running.stop()


def _request(url, *, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode("utf-8")


def _names(answer):
    return [b["name"]["value"] for b in answer["results"]["bindings"]]


def test_it_listens_on_loopback_only(server):
    assert server.url.startswith("http://127.0.0.1:") and server.url.endswith("/sparql")
    assert server.port > 0


def test_get_with_query_answers_sparql_json(server):
    status, headers, body = _request(f"{server.url}?{urlencode({'query': PEOPLE})}")
    assert status == 200
    assert headers["Content-Type"].startswith("application/sparql-results+json")
    answer = json.loads(body)
    assert answer["head"]["vars"] == ["name"]
    assert _names(answer) == ["Chen Gang"]
    assert answer["results"]["bindings"][0]["name"]["xml:lang"] == "fr"


def test_post_form_and_sparql_query_bodies(server):
    assert _names(sparql_json(server.url, PEOPLE)) == ["Chen Gang"]
    status, _, body = _request(
        server.url,
        data=PEOPLE.encode("utf-8"),
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    assert status == 200 and _names(json.loads(body)) == ["Chen Gang"]


def test_named_graphs_are_the_default_graph_union(server):
    answer = sparql_json(server.url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    total = int(answer["results"]["bindings"][0]["n"]["value"])
    assert total == len(to_rdf(example_graph(), texts=EXAMPLE_TEXTS))
    graphs = sparql_json(server.url, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert len(graphs["results"]["bindings"]) == 2


def test_every_cookbook_recipe_runs_over_http(server):
    for recipe in COOKBOOK.values():
        assert "results" in sparql_json(server.url, recipe.query)


@pytest.mark.parametrize(
    ("accept", "content_type", "fragment"),
    [
        ("text/csv", "text/csv", "name\r\nChen Gang"),
        ("text/tab-separated-values", "text/tab-separated-values", '?name\n"Chen Gang"@fr'),
        ("application/sparql-results+xml", "application/sparql-results+xml", "<sparql"),
        ("*/*", "application/sparql-results+json", '"vars":["name"]'),
    ],
)
def test_results_formats_follow_accept(server, accept, content_type, fragment):
    url = f"{server.url}?{urlencode({'query': PEOPLE})}"
    _, headers, body = _request(url, headers={"Accept": accept})
    assert headers["Content-Type"].startswith(content_type)
    assert fragment in body


def test_ask_and_construct(server):
    assert sparql_json(server.url, "ASK { ?p a schema:Place }") == {"head": {}, "boolean": True}
    query = "CONSTRUCT { ?p a schema:Thing } WHERE { ?p a schema:Place }"
    _, headers, body = _request(f"{server.url}?{urlencode({'query': query})}")
    assert headers["Content-Type"].startswith("text/turtle")
    assert "entity/nanning" in body


def test_a_malformed_query_is_a_400_with_line_and_column(server):
    with pytest.raises(QueryError, match=r"line 2, column \d+"):
        sparql_json(server.url, "SELECT ?x\nWHERE { ?x a }")
    with pytest.raises(urllib.error.HTTPError) as info:
        _request(f"{server.url}?{urlencode({'query': 'SELECT nonsense'})}")
    assert info.value.code == 400


def test_updates_are_refused(server):
    with pytest.raises(urllib.error.HTTPError) as info:
        _request(
            server.url,
            data=b"update=" + b"DROP%20ALL",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert info.value.code == 403


def test_browsers_may_query_it(server):
    status, headers, _ = _request(server.url, method="OPTIONS")
    assert status == 204
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, headers, body = _request(server.url)  # no query: a page that says what this is
    assert status == 200 and "SPARQL" in body and headers["Content-Type"].startswith("text/html")


def test_other_paths_are_404(server):
    with pytest.raises(urllib.error.HTTPError) as info:
        _request(server.url.replace("/sparql", "/nothing"))
    assert info.value.code == 404


def test_stop_frees_the_port(graph_file):
    running = serve(graph_file)
    host, port = running.host, running.port
    assert _names(sparql_json(running.url, PEOPLE)) == ["Chen Gang"]
    running.stop()
    with socket.socket() as sock:
        sock.settimeout(2)
        assert sock.connect_ex((host, port)) != 0  # nobody listens any more


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org"])
def test_only_loopback_hosts(graph_file, host):
    with pytest.raises(InputError, match=r"loopback|not an IP"):
        serve(graph_file, host=host)


def test_a_busy_port_is_reported(graph_file, server):
    with pytest.raises(InputError, match=f"--port {server.port}"):
        serve(graph_file, port=server.port)


def test_sparqlwrapper_can_query_it(server):
    sparqlwrapper = pytest.importorskip("SPARQLWrapper")
    client = sparqlwrapper.SPARQLWrapper(server.url)
    client.setQuery(PEOPLE)
    client.setReturnFormat(sparqlwrapper.JSON)
    assert _names(client.query().convert()) == ["Chen Gang"]
