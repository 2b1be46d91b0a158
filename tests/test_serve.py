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


@pytest.mark.parametrize("update", ["INSERT DATA { <a:b> <a:c> <a:d> }", "DROP ALL"])
def test_an_update_sent_as_a_query_is_refused_as_an_update(server, update):
    with pytest.raises(urllib.error.HTTPError) as info:
        _request(f"{server.url}?{urlencode({'query': update})}")
    assert info.value.code == 403  # before: 400 "malformed SPARQL … expected CONSTRUCT"
    assert "read-only" in info.value.read().decode()


def test_no_other_web_page_may_read_the_answers(server):
    origin = {"Origin": "https://evil.example"}
    status, headers, _ = _request(server.url, method="OPTIONS", headers=origin)
    assert status == 204 and "Access-Control-Allow-Origin" not in headers
    query = server.url + "?" + urlencode({"query": PEOPLE})
    status, headers, _ = _request(query, headers=origin)
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    status, headers, body = _request(server.url)  # no query: a page that says what this is
    assert status == 200 and "SPARQL" in body and headers["Content-Type"].startswith("text/html")


def test_origins_the_user_allows_may_read_the_answers(graph_file):
    with serve(graph_file, port=0, cors_origins=["https://yasgui.triply.cc/"]) as running:
        allowed = {"Origin": "https://yasgui.triply.cc"}
        status, headers, _ = _request(running.url, method="OPTIONS", headers=allowed)
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == "https://yasgui.triply.cc"
        query = running.url + "?" + urlencode({"query": PEOPLE})
        _, headers, _ = _request(query, headers={"Origin": "https://other.example"})
        assert "Access-Control-Allow-Origin" not in headers


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { service silent <http://example.org/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { BIND(<http://x/> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    ],
)
def test_federation_is_off(server, query):
    with pytest.raises(urllib.error.HTTPError) as info:
        _request(server.url + "?" + urlencode({"query": query}))
    assert info.value.code == 400
    assert "does not query other endpoints" in info.value.read().decode("utf-8")


def test_the_word_service_in_a_string_or_a_name_is_no_federation(server):
    query = (
        "PREFIX ex: <http://example.org/SERVICE#> SELECT ?s WHERE { ?s ?p 'SERVICE <x>' } "
        "# SERVICE <http://x/> in a comment"
    )
    status, _, _ = _request(server.url + "?" + urlencode({"query": query}))
    assert status == 200


def test_listed_services_are_allowed_through(graph_file):
    from kg.serve import refused_service

    query = "SELECT * WHERE { SERVICE <http://allowed/sparql> { ?s ?p ?o } }"
    assert refused_service(query, frozenset({"http://allowed/sparql"})) is None
    assert refused_service(query, frozenset({"http://other/sparql"})) is not None


def _raw(server, request: bytes) -> bytes:
    with socket.create_connection((server.host, server.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks):
                head, _, rest = b"".join(chunks).partition(b"\r\n\r\n")
                length = [ln for ln in head.split(b"\r\n") if ln.lower().startswith(b"content-length")]
                if length and len(rest) >= int(length[0].split(b":")[1]):
                    break
        return b"".join(chunks)


@pytest.mark.parametrize("length", [b"-1", b"abc", b"1e3"])
def test_a_bad_content_length_is_a_400(server, length):
    answer = _raw(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: " + length + b"\r\n\r\nASK {}",
    )
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert b"bad Content-Length" in answer


def test_a_body_over_the_limit_is_refused_without_reading_it(server):
    answer = _raw(
        server,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 300000000\r\n\r\nASK {}",
    )
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_a_bad_graph_iri_is_a_400(server, param):
    with pytest.raises(urllib.error.HTTPError) as info:
        _request(server.url + "?" + urlencode({"query": PEOPLE, param: "not an iri <>"}))
    assert info.value.code == 400
    assert "graph" in info.value.read().decode("utf-8")


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


HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_query_past_its_time_limit_is_stopped_with_a_503(graph_file):
    with serve(graph_file, port=0, timeout=1.0, workers=1) as running:
        url = running.url + "?" + urlencode({"query": HEAVY})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(url, timeout=60)
        assert info.value.code == 503
        assert "time limit of 1 s" in info.value.read().decode("utf-8")
        # the worker was replaced: the next query is answered
        assert _names(sparql_json(running.url, PEOPLE))


def test_kg_query_has_a_time_limit_too(graph_file):
    from kg.store import load, query_within
    from kg.workers import QueryTimeout

    store = load(graph_file)
    with pytest.raises(QueryTimeout, match="time limit"):
        query_within(store, HEAVY, timeout=1.0)
    assert query_within(store, PEOPLE, timeout=30.0).rows
    with pytest.raises(QueryError, match="line 1"):
        query_within(store, "SELECT WHERE {", timeout=30.0)
