"""A read-only SPARQL 1.1 endpoint over a kg graph: Oxigraph behind Python's HTTP server.

``serve(GRAPH)`` loads the graph into an Oxigraph store and answers the
`SPARQL 1.1 Protocol <https://www.w3.org/TR/sparql11-protocol/>`_ at
``http://127.0.0.1:PORT/sparql`` (also at ``/`` and ``/query``):

- ``GET /sparql?query=…``, ``POST`` with a form body (``query=…``) or with
  ``Content-Type: application/sparql-query``; ``default-graph-uri`` and
  ``named-graph-uri`` are honoured;
- SELECT and ASK answer ``application/sparql-results+json`` unless the
  ``Accept`` header asks for XML, CSV or TSV results; CONSTRUCT and DESCRIBE
  answer Turtle, or N-Triples, JSON-LD, RDF/XML on request;
- the prefixes of :data:`kg.store.PREFIXES` are predeclared; when the graph
  has named graphs (TriG, N-Quads) the default graph is their union;
- a malformed query gets ``400`` with the line and column; updates get
  ``403`` (the endpoint is read-only); a query with ``SERVICE`` gets ``400``:
  the endpoint never sends requests elsewhere, unless ``services`` lists the
  endpoints a query may federate with;
- no CORS header unless ``cors_origins`` names the web origins allowed (a
  browser client such as YASGUI served from there); any other page the user
  visits cannot read the answers;
- a bad ``Content-Length`` (negative, not a number) or graph IRI gets ``400``,
  a body over 10 MiB ``413``;
- every query runs in a worker process and is stopped after a time limit
  (30 s by default), with a ``503`` answer: a runaway query never keeps a
  core busy after its client has gone.

Only loopback addresses are accepted (``127.0.0.0/8``, ``::1``,
``localhost``): the endpoint is for the user's own machine.

>>> from kg.store import example_store
>>> server = serve(example_store())
>>> server.url.startswith("http://127.0.0.1:") and server.url.endswith("/sparql")
True
>>> server.stop()
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import socket
import threading
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.errors import InputError, QueryError
from kg.store import PREFIXES, describe_syntax_error, has_named_graphs, load, update_keyword
from kg.workers import DEFAULT_TIMEOUT, QueryTimeout, QueryWorkers

log = logging.getLogger("kg")

_READ_ONLY = "this endpoint is read-only: no SPARQL Update"

ENDPOINT_PATHS = frozenset({"/", "/sparql", "/query"})

_RESULT_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}
_MAX_BODY = 10 * 1024 * 1024


def check_loopback(host: str) -> str:
    """Return ``host`` if it is a loopback address or ``localhost``; raise :class:`InputError`.

    >>> check_loopback("127.0.0.1"), check_loopback("localhost")
    ('127.0.0.1', 'localhost')
    """
    if host == "localhost":
        return host
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise InputError(
            f"--host {host!r}: not an IP address; use 127.0.0.1, ::1 or localhost"
        ) from None
    if not address.is_loopback:
        raise InputError(
            f"--host {host}: not a loopback address; kg serve only listens on this machine "
            "(127.0.0.1, ::1 or localhost)"
        )
    return host


_SKIPPED = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\s]*>'
    r"|#[^\n]*"
)  # strings, IRIs and comments, where the word SERVICE means nothing
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])\s*(?:SILENT\s*)?(\S*)", re.IGNORECASE)


def refused_service(query: str, allowed: frozenset[str] = frozenset()) -> str | None:
    """Return why ``query`` is refused for federating (``SERVICE``), or None when it does not
    federate or names only ``allowed`` endpoints.

    >>> refused_service("SELECT * WHERE { ?s ?p 'SERVICE' }") is None
    True
    >>> refused_service("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")[:36]
    'SERVICE <http://x/sparql>: this endp'
    """
    kept: list[str] = []
    iris: list[str] = []
    last = 0
    for match in _SKIPPED.finditer(query):
        kept.append(query[last : match.start()])
        token = match.group(0)
        if token.startswith("<"):  # an IRI: kept aside, a numbered stand-in in its place
            kept.append(f"<{len(iris)}>")
            iris.append(token[1:-1])
        else:
            kept.append(" ")
        last = match.end()
    kept.append(query[last:])
    for match in _SERVICE.finditer("".join(kept)):
        target = match.group(1)
        number = re.match(r"<(\d+)>", target)
        iri = iris[int(number.group(1))] if number else None
        if iri is not None:
            target = f"<{iri}>"
            if iri in allowed:
                continue
        return (
            f"SERVICE {target or '(nothing)'}: this endpoint does not query other endpoints "
            "(federation is off; kg serve --allow-service IRI lists the ones allowed)"
        )
    return None


def _negotiate(accept: str, offers: dict[str, object], default: str) -> str:
    """The first media type of ``offers`` that the ``Accept`` header lists (by q), else ``default``."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media))
    for _q, _i, media in sorted(ranked):
        if media in offers:
            return media
        if media in ("*/*", "application/*", "text/*"):
            return default
    return default


class _Handler(BaseHTTPRequestHandler):
    """SPARQL 1.1 Protocol handler; the server object carries the store."""

    server: _Server
    server_version = "kg-sparql/0.1"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        log.debug("sparql %s - %s", self.address_string(), format % args)

    # ---------------------------------------------------------------- plumbing

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self._cors()
        self.send_header("Vary", "Accept, Origin")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _cors(self) -> bool:
        """Send the CORS header when the request's origin is one the user allowed."""
        origin = (self.headers.get("Origin") or "").rstrip("/")
        if origin and origin in self.server.cors_origins:
            self.send_header("Access-Control-Allow-Origin", origin)
            return True
        return False

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        if self._cors():
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Vary", "Origin")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path}; the endpoint is /sparql")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            self._error(HTTPStatus.FORBIDDEN, _READ_ONLY)
            return
        if "query" not in params:
            self._describe()
            return
        self._answer(params["query"][0], params)

    do_HEAD = do_GET

    def do_POST(self) -> None:
        url = urlsplit(self.path)
        if url.path not in ENDPOINT_PATHS:
            self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path}; the endpoint is /sparql")
            return
        declared = (self.headers.get("Content-Length") or "0").strip()
        if not (declared.isascii() and declared.isdigit()):  # "-1", "abc": never read on
            self.close_connection = True
            self._error(
                HTTPStatus.BAD_REQUEST,
                f"bad Content-Length {declared[:40]!r}: give the body's length in bytes",
            )
            return
        length = int(declared)
        if length > _MAX_BODY:
            self.close_connection = True
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "query too long (over 10 MiB)")
            return
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        params = parse_qs(url.query, keep_blank_values=True)
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-query":
            self._answer(body, params)
        elif content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body, keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            if "update" in params:
                self._error(HTTPStatus.FORBIDDEN, _READ_ONLY)
            elif "query" not in params:
                self._error(HTTPStatus.BAD_REQUEST, "missing query parameter")
            else:
                self._answer(params["query"][0], params)
        elif content_type == "application/sparql-update":
            self._error(HTTPStatus.FORBIDDEN, _READ_ONLY)
        else:
            self._error(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                "POST a form (application/x-www-form-urlencoded) or application/sparql-query",
            )

    # ---------------------------------------------------------------- answers

    def _describe(self) -> None:
        """A GET without query: a short page saying what this is and how to ask."""
        url = self.server.url
        prefixes = "".join(f"<li><code>{p}:</code> {ns}</li>" for p, ns in PREFIXES.items())
        page = (
            "<!doctype html><meta charset=utf-8><title>kg SPARQL endpoint</title>"
            f"<h1>kg SPARQL endpoint</h1><p>SPARQL 1.1 Protocol at <code>{url}</code> "
            f"({self.server.triples} quads). Predeclared prefixes:</p><ul>{prefixes}</ul>"
            f'<form action="{url}" method="post"><textarea name="query" rows="8" cols="80">'
            "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } LIMIT 20"
            '</textarea><br><button type="submit">Run</button></form>'
        )
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")

    def _answer(self, text: str, params: dict[str, list[str]]) -> None:
        default_graphs = [g for g in params.get("default-graph-uri", []) if g]
        named_graphs = [g for g in params.get("named-graph-uri", []) if g]
        try:
            for g in (*default_graphs, *named_graphs):
                ox.NamedNode(g)
        except ValueError as exc:
            reason = " ".join(str(exc).split())[:200]
            self._error(HTTPStatus.BAD_REQUEST, f"bad default-graph-uri or named-graph-uri: {reason}")
            return
        operation = update_keyword(text)
        if operation is not None:
            self._error(HTTPStatus.FORBIDDEN, f"{_READ_ONLY} ({operation})")
            return
        refused = refused_service(text, self.server.services)
        if refused is not None:
            self._error(HTTPStatus.BAD_REQUEST, refused)
            return
        request = (text, default_graphs, named_graphs, self.server.union, self.headers.get("Accept") or "")
        try:
            kind, payload = self.server.workers.run(request)
        except QueryTimeout as exc:
            self._error(HTTPStatus.SERVICE_UNAVAILABLE, str(exc))
            return
        if kind == "syntax":
            self._error(HTTPStatus.BAD_REQUEST, describe_syntax_error(str(payload), text))
        elif kind == "error":
            self._error(HTTPStatus.BAD_REQUEST, f"SPARQL query failed: {payload}")
        else:
            media, body = payload  # type: ignore[misc]
            charset = "; charset=utf-8" if media.startswith("text/") or "json" in media else ""
            self._send(HTTPStatus.OK, body or b"", media + charset)


def _query_answer(store: ox.Store, request: object) -> tuple[str, bytes]:
    """Run one endpoint query in a worker; return its media type and serialized answer."""
    text, default_graphs, named_graphs, union, accept = request  # type: ignore[misc]
    options: dict[str, object] = {"prefixes": PREFIXES}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    elif union:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    answer = store.query(text, **options)
    if isinstance(answer, ox.QueryTriples):
        media = _negotiate(accept, _GRAPH_TYPES, "text/turtle")
        graph_format = _GRAPH_TYPES[media]
        if graph_format.supports_datasets:
            media, graph_format = "text/turtle", ox.RdfFormat.TURTLE
        return media, answer.serialize(format=graph_format) or b""
    media = _negotiate(accept, _RESULT_TYPES, "application/sparql-results+json")
    return media, answer.serialize(format=_RESULT_TYPES[media]) or b""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # many clients at once wait in the queue, not in retries

    def __init__(
        self,
        address: tuple[str, int],
        store: ox.Store,
        family: int,
        *,
        cors_origins: frozenset[str] = frozenset(),
        services: frozenset[str] = frozenset(),
        workers: QueryWorkers,
    ) -> None:
        self.address_family = family
        self.store = store
        self.cors_origins = cors_origins
        self.services = services
        self.workers = workers
        self.union = has_named_graphs(store)
        self.triples = len(store)
        self.url = ""
        super().__init__(address, _Handler)


class SparqlServer:
    """A running endpoint: ``url`` to query, ``stop()`` to shut it down.

    Also a context manager (``with serve(path) as server: …``).
    """

    def __init__(self, httpd: _Server, thread: threading.Thread | None) -> None:
        self._httpd = httpd
        self._thread = thread
        self.store: ox.Store = httpd.store
        host, port = httpd.server_address[:2]
        self.host: str = str(host)
        self.port: int = int(port)
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.url: str = f"http://{shown}:{self.port}/sparql"
        httpd.url = self.url

    def serve_forever(self) -> None:
        """Answer requests in this thread until ``stop()`` (or Ctrl-C) — for ``kg serve``."""
        try:
            self._httpd.serve_forever()
        finally:
            self._httpd.server_close()
            self._httpd.workers.close()

    def stop(self) -> None:
        """Stop answering and free the port (waits for the server thread to end)."""
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()
        self._httpd.workers.close()

    def __enter__(self) -> SparqlServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"<SparqlServer {self.url}>"


def serve(
    graph: str | Path | ox.Store,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    store_path: str | Path | None = None,
    background: bool = True,
    cors_origins: Iterable[str] = (),
    services: Iterable[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = 4,
) -> SparqlServer:
    """Start a SPARQL endpoint over ``graph`` and return the running server (``.url``, ``.stop()``).

    ``graph`` is an RDF file, a ``kg build`` output folder, or an Oxigraph
    store. ``port=0`` picks a free port. ``store_path`` keeps the store on
    disk (Oxigraph folder) instead of in memory. With ``background=True``
    (the default) requests are served from a daemon thread and ``serve``
    returns at once; otherwise call ``serve_forever()`` on the result.
    ``cors_origins`` are the web origins (``https://yasgui.triply.cc``) whose
    pages may read the answers (none by default); ``services`` the endpoint
    IRIs a query may name in ``SERVICE`` (none by default: such a query gets
    ``400`` and the server sends nothing anywhere). Each query runs in one of
    ``workers`` worker processes (:mod:`kg.workers`) and is stopped after
    ``timeout`` seconds with a ``503`` answer.

    Raises :class:`InputError` for a non-loopback ``host``, a port that
    cannot be used, or a graph that cannot be loaded.
    """
    check_loopback(host)
    store = graph if isinstance(graph, ox.Store) else load(graph, path=store_path)
    bind_host = "127.0.0.1" if host == "localhost" else host.strip("[]")
    family = socket.AF_INET6 if ":" in bind_host else socket.AF_INET
    pool = QueryWorkers(
        store, _query_answer, workers=workers, timeout=timeout,
        path=store_path if not isinstance(graph, ox.Store) else None,
    )  # fmt: skip
    try:
        httpd = _Server(
            (bind_host, port), store, family,
            cors_origins=frozenset(o.rstrip("/") for o in cors_origins),
            services=frozenset(services), workers=pool,
        )  # fmt: skip
    except OSError as exc:
        pool.close()
        raise InputError(
            f"--port {port}: cannot listen on {host} ({exc.strerror or exc}); "
            "choose another port, or 0 for a free one"
        ) from exc
    thread = None
    if background:
        thread = threading.Thread(target=httpd.serve_forever, name="kg-sparql", daemon=True)
        thread.start()
    server = SparqlServer(httpd, thread)
    log.info("SPARQL endpoint at %s (%d quads)", server.url, httpd.triples)
    return server


def sparql_json(url: str, query: str, *, timeout: float = 10.0) -> dict:
    """Return the JSON answer of ``query`` at the endpoint ``url`` (a small client, for tests).

    Raises :class:`QueryError` with the endpoint's message when it answers an error.
    """
    from urllib.error import HTTPError
    from urllib.parse import urlencode
    from urllib.request import Request, urlopen

    request = Request(
        url,
        data=urlencode({"query": query}).encode("utf-8"),
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except HTTPError as exc:
        raise QueryError(exc.read().decode("utf-8", errors="replace").strip()) from exc
